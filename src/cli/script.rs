//! `loaxa script`: each item's script, cue list and recording sheet, and for a batch the
//! recording sheet of the whole session.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use loaxa::check::error_diagnostic;
use loaxa::content::{Item, Library};
use loaxa::diagnostic::Diagnostic;
use loaxa::project::Project;
use loaxa::schedule::{self, Announcement};
use loaxa::script::{self, mmss, Rendered, ScriptContext, Setup, SpokenAnnouncement};
use loaxa::{atomic, Error};

use super::args::ScriptArgs;
use super::items;
use super::print::{self, stdout_err};

pub fn run(project: &Path, args: ScriptArgs) -> loaxa::Result<ExitCode> {
    items::require(&args.ids, args.all)?;
    let project = Project::open(project)?;
    let (library, content_diags) = loaxa::content::load(&project.root);
    let items = chosen(&library, &content_diags, &args)?;
    let (setup, lexicon_problems) = Setup::load(&project);
    print::diagnostics(&lexicon_problems);
    let station = project.station(args.station.as_deref())?;
    let setup = setup?;
    let cx = setup.context(&station, false);
    let rendered = render_all(&items, &cx)?;
    // Everything rendered: now write, each file atomically.
    let mut stdout = io::stdout().lock();
    for r in &rendered {
        write_item(r, &project, &args.output, &mut stdout)?;
    }
    if rendered.len() > 1 {
        write_sheet(&rendered, &project, &cx, &args.output)?;
    }
    writeln!(
        stdout,
        "wrote {} script(s) to {}",
        rendered.len(),
        args.output.display()
    )
    .map_err(stdout_err)?;
    Ok(ExitCode::SUCCESS)
}

/// The items asked for, after the content's problems are shown; `--all` refuses a pack with
/// errors.
fn chosen<'a>(
    library: &'a Library,
    content_diags: &[Diagnostic],
    args: &ScriptArgs,
) -> loaxa::Result<Vec<&'a Item>> {
    let errors: Vec<Diagnostic> = content_diags
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    let items = items::select(library, &args.ids, args.all).inspect_err(|_| {
        print::diagnostics(&errors);
    })?;
    print::diagnostics(content_diags);
    if args.all && !errors.is_empty() {
        return Err(Error::Invalid {
            count: errors.len(),
        });
    }
    Ok(items)
}

fn render_all(items: &[&Item], cx: &ScriptContext) -> loaxa::Result<Vec<Rendered>> {
    items
        .iter()
        .map(|item| {
            script::render(item, cx).inspect_err(|e| {
                print::diagnostics(&[error_diagnostic(cx.root, e)]);
            })
        })
        .collect()
}

/// `ID.txt`, `ID.cues.json` and `ID.recording.csv`, and a line on standard output.
fn write_item(
    r: &Rendered,
    project: &Project,
    out_dir: &Path,
    stdout: &mut impl Write,
) -> loaxa::Result<()> {
    print::diagnostics(&r.warnings);
    let s = &r.script;
    let rate = project.config.script.syllables_per_second;
    let rows = script::recording_rows(s, &project.root);
    let file = |ext: &str| out_dir.join(format!("{}.{ext}", s.id));
    atomic::write(&file("txt"), script::render_text(s, rate).as_bytes())?;
    atomic::write(&file("cues.json"), script::render_json(s).as_bytes())?;
    atomic::write(
        &file("recording.csv"),
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
    .map_err(stdout_err)
}

/// `recording-sheet.csv`: one recording session for the batch and the week it makes.
fn write_sheet(
    rendered: &[Rendered],
    project: &Project,
    cx: &ScriptContext,
    out_dir: &Path,
) -> loaxa::Result<()> {
    let texts = text_announcements(project);
    // A bulletin's own lines; its explainer, story and notices are recorded with themselves.
    let bulletins = texts
        .iter()
        .filter_map(|a| a.bulletin.as_ref())
        .map(|b| script::render_bulletin_lines(b, cx))
        .collect::<loaxa::Result<Vec<_>>>()?;
    let scripts: Vec<_> = rendered
        .iter()
        .map(|r| &r.script)
        .chain(bulletins.iter())
        .collect();
    let spoken: Vec<SpokenAnnouncement> = texts
        .iter()
        .filter(|a| a.bulletin.is_none())
        .map(|a| SpokenAnnouncement {
            id: &a.id,
            title: &a.title,
            text: a.text.as_deref().unwrap_or(""),
            on: Some(a.valid_from),
        })
        .collect();
    let sheet = script::recording_sheet(&scripts, &spoken, cx)?;
    atomic::write(
        &out_dir.join("recording-sheet.csv"),
        script::render_recording_csv(&sheet).as_bytes(),
    )
}

/// The announcements of the station files that are read from a text (or are a bulletin) rather
/// than played from a recording.
fn text_announcements(project: &Project) -> Vec<Announcement> {
    let known = schedule::Known {
        root: &project.root,
        profiles: project.config.profile.keys().cloned().collect(),
        // Scripts are a preview, not a broadcast: a placeholder number is fine in them.
        demo: true,
    };
    let mut texts = Vec::new();
    for file in project.station_files() {
        let rel = file.strip_prefix(&project.root).unwrap_or(&file);
        if let (Some(st), _) = schedule::load(&file, rel, &known) {
            texts.extend(st.announcements.into_iter().filter(|a| a.file.is_none()));
        }
    }
    texts
}
