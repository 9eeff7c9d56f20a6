//! The `loaxa` command line: parses arguments, calls the library, prints, and sets the exit code.
//!
//! Exit codes: 0 success, 1 problems found or the command failed, 2 usage error.

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

mod onair;

use loaxa::audio::encode::Format;
use loaxa::check::{self, error_diagnostic};
use loaxa::content::Library;
use loaxa::diagnostic::{error_count, Diagnostic};
use loaxa::normalize::{Dialect, Lexicon, Normalizer, Style};
use loaxa::project::Project;
use loaxa::render::{self, Missing};
use loaxa::script::{self, mmss, ScriptContext, Templates};
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
    /// Measure audio files: duration, rate, channels, loudness (LUFS), range, true and sample peak.
    Measure {
        /// Files to measure.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print a JSON list instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Render programmes to audio for a profile.
    Render(RenderArgs),
    /// Plan and build a station's week: playlists, ready-mixed slots, Zalo pack, week sheet.
    Week(WeekArgs),
    /// Play an audio file through the default sound device, with a progress line.
    Play {
        /// The file (WAV, MP3, FLAC, Ogg Vorbis, M4A).
        file: PathBuf,
    },
    /// Play the week's slots on time through the sound card, with fallbacks, emergencies from
    /// OUT/STATION/urgent/ and an as-run log; `--simulate` runs it on a simulated clock.
    OnAir(onair::OnAirArgs),
    /// Render the benchmark kit's programmes (`../shared/bench`, `segments/week.json`) into
    /// OUT/segNN.wav and OUT/segNN.64k.mp3; see bench/README.md.
    BenchWeek {
        /// The kit's week.json.
        #[arg(long, value_name = "FILE")]
        week: PathBuf,
        /// Parallel jobs (default: the number of cores).
        #[arg(short, long)]
        jobs: Option<usize>,
        /// Output folder.
        #[arg(short, long, value_name = "DIR")]
        out: PathBuf,
    },
    /// List the word clips a spoken date is assembled from (recording sheet).
    Words {
        /// Print `line_id,clip,text,status` CSV.
        #[arg(long)]
        csv: bool,
    },
}

#[derive(Args)]
struct WeekArgs {
    /// The station file (default: the only one in schedules/).
    #[arg(long, value_name = "FILE", conflicts_with = "stations")]
    station: Option<PathBuf>,
    /// Build every station file in this folder, rendering each programme once.
    #[arg(long, value_name = "DIR")]
    stations: Option<PathBuf>,
    /// ISO week, e.g. 2026-W49 (default: next week in the station's time zone).
    #[arg(long)]
    week: Option<String>,
    /// Output root; weeks go to OUT/STATION/YYYY-Www/.
    #[arg(short, long, default_value = "out", value_name = "DIR")]
    output: PathBuf,
    /// What to do about clips not recorded yet.
    #[arg(long, value_enum, default_value = "fail")]
    missing: Missing,
    /// Print why each item sits where it does.
    #[arg(long)]
    explain: bool,
    /// Leave out the slot mixes and the fallback (plans, playlists, pieces and Zalo pack only).
    #[arg(long)]
    no_mix: bool,
}

#[derive(Args)]
struct RenderArgs {
    /// Item ids (see `loaxa check`).
    ids: Vec<String>,
    /// Every item in the content pack.
    #[arg(long)]
    all: bool,
    /// Mastering profile from loaxa.toml (`loudspeaker`, `zalo`, or your own).
    #[arg(long, default_value = "loudspeaker")]
    profile: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "mp3")]
    format: Format,
    /// What to do about clips not recorded yet.
    #[arg(long, value_enum, default_value = "fail")]
    missing: Missing,
    /// A station file for the station lines and the artist tag.
    #[arg(long, value_name = "FILE")]
    station: Option<PathBuf>,
    /// Date for the tags, YYYY-MM-DD (default: today).
    #[arg(long)]
    date: Option<chrono::NaiveDate>,
    /// Output folder.
    #[arg(short, long, default_value = "out/programmes", value_name = "DIR")]
    output: PathBuf,
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
        Command::Measure { files, json } => run_measure(&files, json),
        Command::Render(args) => run_render(&cli.project, args),
        Command::Week(args) => run_week(&cli.project, args),
        Command::Words { csv } => run_words(&cli.project, csv),
        Command::BenchWeek { week, jobs, out } => run_bench_week(&week, jobs, &out),
        Command::Play { file } => onair::run_play(&file),
        Command::OnAir(args) => onair::run_on_air(&cli.project, args),
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

fn run_bench_week(week: &Path, jobs: Option<usize>, out: &Path) -> loaxa::Result<ExitCode> {
    let w = loaxa::render::kit::load(week)?;
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let started = std::time::Instant::now();
    let reports = loaxa::render::kit::render_week(&w, out, jobs)?;
    let secs: f64 = reports.iter().map(|r| r.seconds).sum();
    let wall = started.elapsed().as_secs_f64();
    let (lo, hi) = reports.iter().fold((f64::MAX, f64::MIN), |(lo, hi), r| {
        (lo.min(r.mp3.integrated.0), hi.max(r.mp3.integrated.0))
    });
    let tp = reports
        .iter()
        .map(|r| r.mp3.true_peak.0)
        .fold(f64::MIN, f64::max);
    let encodes: usize = reports.iter().map(|r| r.encodes).sum();
    let limiter: usize = reports.iter().map(|r| r.limiter_runs).sum();
    println!(
        "{} programmes, {secs:.0} s of audio in {wall:.1} s ({:.0}x real time), MP3 {lo:.1} to {hi:.1} LUFS, true peak max {tp:.1} dBTP; {encodes} encodes, {limiter} limiter runs → {}",
        reports.len(),
        secs / wall.max(1e-9),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
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
    let setup = ScriptSetup::load(&project, args.station.as_deref(), true)?;
    let cx = setup.context(&project);
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
        // The whole batch: add the slot frame's station lines and the date's word clips, so
        // one recording session covers everything a week needs.
        for part in script::FRAME_PARTS {
            let frame = script::render_frame(part, &cx)?;
            sheet.extend(
                script::recording_rows(&frame, &project.root)
                    .into_iter()
                    .filter(|row| seen.insert(row.clip.clone())),
            );
        }
        // Text announcements of the station files: their lines are recorded like items'.
        let known = loaxa::schedule::Known {
            root: &project.root,
            profiles: project.config.profile.keys().cloned().collect(),
        };
        for file in project.station_files() {
            let rel = file
                .strip_prefix(&project.root)
                .unwrap_or(&file)
                .to_path_buf();
            if let (Some(st), _) = loaxa::schedule::load(&file, &rel, &known) {
                for a in st.announcements.iter().filter(|a| a.file.is_none()) {
                    let s = script::render_announcement(
                        &a.id,
                        &a.title,
                        a.text.as_deref().unwrap_or(""),
                        &cx,
                    )?;
                    sheet.extend(
                        script::recording_rows(&s, &project.root)
                            .into_iter()
                            .filter(|row| seen.insert(row.clip.clone())),
                    );
                }
            }
        }
        for w in loaxa::script::words::all() {
            if seen.insert(w.clip.clone()) {
                let present = script::find_clip(&project.root, &w.clip).is_some();
                sheet.push(script::RecordingRow {
                    line_id: format!("word:{}", w.id),
                    clip: w.clip,
                    text: w.text,
                    present,
                });
            }
        }
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

#[derive(serde::Serialize)]
struct MeasureRow {
    file: String,
    duration_s: f64,
    sample_rate: u32,
    channels: usize,
    integrated_lufs: Option<f64>,
    lra_lu: f64,
    true_peak_dbtp: Option<f64>,
    sample_peak_dbfs: Option<f64>,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some((x * 100.0).round() / 100.0)
}

fn run_measure(files: &[PathBuf], json: bool) -> loaxa::Result<ExitCode> {
    let mut rows = Vec::new();
    let mut failed = false;
    for f in files {
        let result = loaxa::audio::decode::decode_file(f)
            .and_then(|d| loaxa::audio::measure(&d.samples, d.channels, d.rate).map(|m| (d, m)));
        match result {
            Ok((d, m)) => rows.push(MeasureRow {
                file: f.display().to_string(),
                duration_s: (d.seconds() * 1000.0).round() / 1000.0,
                sample_rate: d.rate,
                channels: d.channels,
                integrated_lufs: finite(m.integrated.0),
                lra_lu: finite(m.lra).unwrap_or(0.0),
                true_peak_dbtp: finite(m.true_peak.0),
                sample_peak_dbfs: finite(m.sample_peak.0),
            }),
            Err(e) => {
                eprintln!("{}: {e}", f.display());
                failed = true;
            }
        }
    }
    let mut out = io::stdout().lock();
    if json {
        let mut s = serde_json::to_string_pretty(&rows).unwrap_or_default();
        s.push('\n');
        out.write_all(s.as_bytes()).map_err(stdout_err)?;
    } else {
        let show = |x: Option<f64>| x.map_or("-inf".to_string(), |v| format!("{v:.1}"));
        writeln!(
            out,
            "{:>9} {:>6} {:>3} {:>7} {:>5} {:>6} {:>6}  file",
            "duration", "rate", "ch", "LUFS", "LRA", "dBTP", "dBFS"
        )
        .map_err(stdout_err)?;
        for r in &rows {
            writeln!(
                out,
                "{:>8.2}s {:>6} {:>3} {:>7} {:>5.1} {:>6} {:>6}  {}",
                r.duration_s,
                r.sample_rate,
                r.channels,
                show(r.integrated_lufs),
                r.lra_lu,
                show(r.true_peak_dbtp),
                show(r.sample_peak_dbfs),
                r.file
            )
            .map_err(stdout_err)?;
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn progress_bar(len: usize, what: &str) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !io::stderr().is_terminal() || len < 2 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
        "{what} {{bar:30}} {{pos}}/{{len}} {{elapsed}}"
    )) {
        bar.set_style(style);
    }
    Some(bar)
}

fn run_render(project: &Path, args: RenderArgs) -> loaxa::Result<ExitCode> {
    if args.ids.is_empty() && !args.all {
        eprintln!("loaxa: error: name item ids or pass --all");
        return Ok(ExitCode::from(2));
    }
    let project = Project::open(project)?;
    let Some(profile) = project.config.profile.get(&args.profile) else {
        let names: Vec<&str> = project.config.profile.keys().map(String::as_str).collect();
        eprintln!(
            "loaxa: error: no profile `{}` in loaxa.toml; profiles: {}",
            args.profile,
            names.join(", ")
        );
        return Ok(ExitCode::from(2));
    };
    let (library, content_diags) = loaxa::content::load(&project.root);
    let errors = error_count(&content_diags);
    let items = select(&library, &args.ids, args.all)?;
    if args.all && errors > 0 {
        print_diagnostics(&content_diags);
        return Err(Error::Invalid { count: errors });
    }
    let setup = ScriptSetup::load(&project, args.station.as_deref(), false)?;
    let station = &setup.station;
    let cx = setup.context(&project);
    let scripts = script::render_scripts(&items, &cx)?;
    let jobs = render::jobs(&scripts, &items);
    let date = args
        .date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let opts = render::RenderOptions {
        root: &project.root,
        profile_name: &args.profile,
        profile,
        audio: &project.config.audio,
        format: args.format,
        missing: args.missing,
        tags: loaxa::audio::Tags {
            artist: station.name.clone(),
            album: "Làng số".into(),
            date: date.to_string(),
            ..Default::default()
        },
        out_dir: &args.output,
    };
    let bar = progress_bar(jobs.len(), "render");
    let outcome = render::render(&jobs, &opts, &|done, _| {
        if let Some(b) = &bar {
            b.set_position(done as u64);
        }
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let mut out = io::stdout().lock();
    for r in &outcome.reports {
        let flag = if r.stand_ins == "none" {
            String::new()
        } else {
            format!(
                "  [{} for {} missing clip(s)]",
                r.stand_ins,
                r.clips_missing.len()
            )
        };
        writeln!(
            out,
            "{}: {:.1} s, {:.1} LUFS, {:.1} dBTP, {:.1} LU, {} KB{flag}",
            r.file,
            r.duration_s,
            r.integrated_lufs,
            r.true_peak_dbtp,
            r.lra_lu,
            r.bytes / 1024
        )
        .map_err(stdout_err)?;
    }
    writeln!(
        out,
        "rendered {} programme(s), {} reused, into {}",
        outcome.reports.len(),
        outcome.reused,
        args.output.display()
    )
    .map_err(stdout_err)?;
    Ok(ExitCode::SUCCESS)
}

fn run_words(project: &Path, csv: bool) -> loaxa::Result<ExitCode> {
    let root = project
        .canonicalize()
        .unwrap_or_else(|_| project.to_path_buf());
    let rows: Vec<script::RecordingRow> = loaxa::script::words::all()
        .into_iter()
        .map(|w| script::RecordingRow {
            present: script::find_clip(&root, &w.clip).is_some(),
            line_id: format!("word:{}", w.id),
            clip: w.clip,
            text: w.text,
        })
        .collect();
    let mut out = io::stdout().lock();
    if csv {
        out.write_all(script::render_recording_csv(&rows).as_bytes())
            .map_err(stdout_err)?;
    } else {
        for r in &rows {
            writeln!(
                out,
                "{:<9} {}  {}",
                if r.present { "present" } else { "missing" },
                r.clip.display(),
                r.text
            )
            .map_err(stdout_err)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_week(project: &Path, args: WeekArgs) -> loaxa::Result<ExitCode> {
    let project = Project::open(project)?;
    let stations: Vec<PathBuf> = match (&args.station, &args.stations) {
        (Some(f), _) => vec![f.canonicalize().map_err(|source| Error::Read {
            path: f.clone(),
            source,
        })?],
        (None, Some(dir)) => {
            let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
                .map_err(|source| Error::Read {
                    path: dir.clone(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            v.sort();
            v
        }
        (None, None) => match project.station_files().as_slice() {
            [one] => vec![one.clone()],
            [] => {
                eprintln!("loaxa: error: no station file in schedules/; add one (see README) or pass --station FILE");
                return Ok(ExitCode::from(2));
            }
            many => {
                eprintln!("loaxa: error: {} station files in schedules/; pass --station FILE or --stations schedules/", many.len());
                return Ok(ExitCode::from(2));
            }
        },
    };
    let (library, diags) = loaxa::content::load(&project.root);
    if error_count(&diags) > 0 {
        print_diagnostics(&diags);
        return Err(Error::Invalid {
            count: error_count(&diags),
        });
    }
    let mut out = io::stdout().lock();
    for path in &stations {
        let station = loaxa::week::load_station(&project, path)?;
        let week = match &args.week {
            Some(w) => w
                .parse::<loaxa::schedule::Week>()
                .map_err(|m| Error::Config {
                    path: PathBuf::from("--week"),
                    line: 1,
                    message: m,
                })?,
            // The binary reads the clock: next ISO week in the station's time zone.
            None => loaxa::schedule::Week::of(
                chrono::Utc::now().with_timezone(&station.tz).date_naive(),
            )
            .next(),
        };
        let bar = progress_bar(8, &format!("{} {week}", station.station.id));
        let req = loaxa::week::WeekRequest {
            project: &project,
            library: &library,
            station_path: path,
            week,
            out_root: &args.output,
            missing: args.missing,
            no_mix: args.no_mix,
        };
        let report = loaxa::week::build(&req, &|step| {
            if let Some(b) = &bar {
                b.set_message(step.to_string());
                b.inc(1);
            }
        })?;
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        print_diagnostics(&report.warnings);
        let filled = report
            .plan
            .slots
            .iter()
            .filter(|s| !s.entries.is_empty())
            .count();
        writeln!(
            out,
            "{}: {} slots ({} with items), {} programmes aired, {} rendered, {} reused → {}",
            station.station.id,
            report.plan.slots.len(),
            filled,
            report.plan.aired.len(),
            report.rendered,
            report.reused,
            report.folder.display()
        )
        .map_err(stdout_err)?;
        for n in &report.plan.notes {
            writeln!(out, "  note: {n}").map_err(stdout_err)?;
        }
        if args.explain {
            for line in &report.explain {
                writeln!(out, "  {line}").map_err(stdout_err)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What `script` and `render` need to turn items into scripts: the project's spoken form,
/// the station context and the templates.
struct ScriptSetup {
    normalizer: Normalizer,
    station: loaxa::project::station::StationInfo,
    templates: Templates,
}

impl ScriptSetup {
    fn load(
        project: &Project,
        station: Option<&Path>,
        report_lexicon: bool,
    ) -> loaxa::Result<ScriptSetup> {
        let (normalizer, lex_diags) = project.normalizer();
        if report_lexicon {
            print_diagnostics(&lex_diags);
        }
        Ok(ScriptSetup {
            normalizer,
            station: project.station(station)?,
            templates: Templates::load(&project.root)?,
        })
    }

    fn context<'a>(&'a self, project: &'a Project) -> ScriptContext<'a> {
        ScriptContext {
            root: &project.root,
            templates: &self.templates,
            normalizer: &self.normalizer,
            settings: &project.config.script,
            station: &self.station,
            in_slot: false,
        }
    }
}
