//! The `loaxa` command line: parses arguments, calls the library, prints, and sets the exit code.
//!
//! Exit codes: 0 success, 1 problems found or the command failed, 2 usage error.

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use loaxa::check::{self, error_diagnostic};
use loaxa::content::Library;
use loaxa::diagnostic::{error_count, Diagnostic};
use loaxa::normalize::{Dialect, Lexicon, Normalizer, Style};
use loaxa::project::Project;
use loaxa::script::{self, ScriptContext, Templates};
use loaxa::{atomic, Error};

/// loaxa: Làng số stories and how-tos for commune loudspeakers and Zalo groups.
#[derive(Parser)]
#[command(name = "loaxa", version, about, long_about = None)]
struct Cli {
    /// The project folder (content/, scripts/, audio-assets/, schedules/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    project: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load and validate the whole project; list every problem with its file and line.
    Check {
        /// Treat warnings as problems (exit 1).
        #[arg(long)]
        strict: bool,
    },
    /// Print the spoken form of each TEXT, or of each line of standard input.
    Normalize {
        /// Texts to read; none reads standard input, one output line per input line.
        text: Vec<String>,
        /// nghìn/linh (bac) or ngàn/lẻ (nam).
        #[arg(long, value_enum)]
        dialect: Option<Dialect>,
    },
    /// Write each item's broadcast script, cue list and recording sheet.
    Script(ScriptArgs),
}

#[derive(Args)]
struct ScriptArgs {
    /// Item ids (see `loaxa check`).
    ids: Vec<String>,
    /// Every item in the content pack.
    #[arg(long)]
    all: bool,
    /// A station file for the greeting and the digital team's contact.
    #[arg(long, value_name = "FILE")]
    station: Option<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "out/scripts", value_name = "DIR")]
    output: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { strict } => run_check(&cli.project, strict),
        Command::Normalize { text, dialect } => run_normalize(&cli.project, text, dialect),
        Command::Script(args) => run_script(&cli.project, args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if let Some(io) = find_io(&err) {
                if io.kind() == io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            eprintln!("loaxa: error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn find_io(err: &Error) -> Option<&io::Error> {
    match err {
        Error::Write { source, .. } | Error::Read { source, .. } => Some(source),
        _ => None,
    }
}

fn stdout_err(source: io::Error) -> Error {
    Error::Write {
        path: PathBuf::from("<stdout>"),
        source,
    }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let stderr = io::stderr();
    let mut e = stderr.lock();
    for d in diags {
        let _ = writeln!(e, "{d}");
    }
}

fn run_check(project: &Path, strict: bool) -> loaxa::Result<ExitCode> {
    let project = Project::open(project)?;
    let (report, library) = check::check(&project);
    print_diagnostics(&report.diagnostics);
    let errors = error_count(&report.diagnostics);
    let warnings = report.diagnostics.len() - errors;
    let stories = library
        .items
        .iter()
        .filter(|i| i.kind() == loaxa::content::Kind::Story)
        .count();
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "checked {}: {} items ({} stories, {} how-tos), {errors} error(s), {warnings} warning(s)",
        project.root.display(),
        report.items,
        stories,
        report.items - stories
    )
    .map_err(stdout_err)?;
    Ok(if errors > 0 || (strict && warnings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn run_normalize(
    project: &Path,
    text: Vec<String>,
    dialect: Option<Dialect>,
) -> loaxa::Result<ExitCode> {
    // Inside a project, its lexicon and style; elsewhere the built-in ones.
    let (lexicon, mut style) =
        if project.join("scripts").is_dir() || project.join("loaxa.toml").is_file() {
            let p = Project::open(project)?;
            let (lexicon, diags) = Lexicon::load(&p.root);
            print_diagnostics(&diags);
            (lexicon, p.config.normalize.clone())
        } else {
            (Lexicon::builtin(), Style::default())
        };
    if let Some(d) = dialect {
        style.dialect = d;
    }
    let n = Normalizer::new(lexicon, style);
    let mut out = io::BufWriter::new(io::stdout().lock());
    if text.is_empty() {
        for line in io::stdin().lock().lines() {
            let line = line.map_err(|source| Error::Read {
                path: PathBuf::from("<stdin>"),
                source,
            })?;
            writeln!(out, "{}", n.normalize(&line)).map_err(stdout_err)?;
        }
    } else {
        for t in &text {
            writeln!(out, "{}", n.normalize(t).replace('\n', " ")).map_err(stdout_err)?;
        }
    }
    out.flush().map_err(stdout_err)?;
    Ok(ExitCode::SUCCESS)
}

fn select<'a>(
    library: &'a Library,
    ids: &[String],
    all: bool,
) -> loaxa::Result<Vec<&'a loaxa::content::Item>> {
    if all {
        return Ok(library.items.iter().collect());
    }
    ids.iter()
        .map(|id| {
            library
                .get(id)
                .ok_or_else(|| Error::UnknownItem { id: id.clone() })
        })
        .collect()
}

fn run_script(project: &Path, args: ScriptArgs) -> loaxa::Result<ExitCode> {
    if args.ids.is_empty() && !args.all {
        eprintln!("loaxa: error: name item ids or pass --all");
        return Ok(ExitCode::from(2));
    }
    let project = Project::open(project)?;
    let (library, content_diags) = loaxa::content::load(&project.root);
    let errors: Vec<Diagnostic> = content_diags
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    let items = match select(&library, &args.ids, args.all) {
        Ok(items) => items,
        Err(e) => {
            print_diagnostics(&errors);
            return Err(e);
        }
    };
    print_diagnostics(&content_diags);
    if args.all && !errors.is_empty() {
        return Err(Error::Invalid {
            count: errors.len(),
        });
    }
    let (normalizer, lex_diags) = project.normalizer();
    print_diagnostics(&lex_diags);
    let station = project.station(args.station.as_deref())?;
    let templates = Templates::load(&project.root)?;
    let cx = ScriptContext {
        root: &project.root,
        templates: &templates,
        normalizer: &normalizer,
        settings: &project.config.script,
        station: &station,
    };
    let mut rendered = Vec::new();
    for item in &items {
        match script::render(item, &cx) {
            Ok(r) => rendered.push(r),
            Err(e) => {
                print_diagnostics(&[error_diagnostic(&project.root, &e)]);
                return Err(e);
            }
        }
    }
    // Everything rendered: now write, each file atomically.
    let out_dir = &args.output;
    let rate = project.config.script.syllables_per_second;
    let mut sheet = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stdout = io::stdout().lock();
    for r in &rendered {
        print_diagnostics(&r.warnings);
        let s = &r.script;
        let rows = script::recording_rows(s, &project.root);
        atomic::write(
            &out_dir.join(format!("{}.txt", s.id)),
            script::render_text(s, rate).as_bytes(),
        )?;
        atomic::write(
            &out_dir.join(format!("{}.cues.json", s.id)),
            script::render_json(s).as_bytes(),
        )?;
        atomic::write(
            &out_dir.join(format!("{}.recording.csv", s.id)),
            script::render_recording_csv(&rows).as_bytes(),
        )?;
        let missing = rows.iter().filter(|r| !r.present).count();
        writeln!(
            stdout,
            "{}: {} lines, about {}, {} of {} clips missing",
            s.id,
            s.lines().count(),
            mmss(s.estimated_duration_s),
            missing,
            rows.len()
        )
        .map_err(stdout_err)?;
        sheet.extend(rows.into_iter().filter(|row| seen.insert(row.clip.clone())));
    }
    if rendered.len() > 1 {
        atomic::write(
            &out_dir.join("recording-sheet.csv"),
            script::render_recording_csv(&sheet).as_bytes(),
        )?;
    }
    writeln!(
        stdout,
        "wrote {} script(s) to {}",
        rendered.len(),
        out_dir.display()
    )
    .map_err(stdout_err)?;
    Ok(ExitCode::SUCCESS)
}

fn mmss(seconds: f64) -> String {
    let s = seconds.round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}
