//! `loaxa check`: load and validate the whole project, collecting every problem.
//!
//! Content, the lexicon and glossary, the templates, the station files, each item's script
//! with its ear checks, and every recorded clip (clipping, level, noise, length, rate, DC, and
//! a text changed since it was recorded). Returns diagnostics; never prints.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::{self, Library};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::project::station::StationInfo;
use crate::project::Project;
use crate::schedule::StationFile;
use crate::script::{self, Scope, Script, ScriptContext, Setup};
use crate::take::{self, Records, SheetLine};

/// The result of checking a project.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Every problem, errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// How many items loaded cleanly.
    pub items: usize,
    /// The items held back from the air (`hold`): each file and why.
    pub held: Vec<(PathBuf, String)>,
}

/// Turns a stage error into a diagnostic naming its file.
pub fn error_diagnostic(root: &Path, err: &Error) -> Diagnostic {
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    match err {
        Error::Config {
            path,
            line,
            message,
        } => Diagnostic::error(&rel(path), Some(*line), "toml", message.clone()),
        Error::Template { path, message } => {
            Diagnostic::error(&rel(path), None, "template", message.clone())
        }
        Error::Read { path, source } => {
            Diagnostic::error(&rel(path), None, "file", format!("cannot read: {source}"))
        }
        other => Diagnostic::error(Path::new("."), None, "project", other.to_string()),
    }
}

/// How old a how-to's `last_verified` may be before it is flagged.
const VERIFIED_WITHIN_MONTHS: u32 = 6;

/// Checks everything in the project, on `today` (which the binary reads from the clock).
pub fn check(project: &Project, today: NaiveDate) -> (CheckReport, Library) {
    let root = &project.root;
    let mut diags = Vec::new();
    let (library, content_diags) = content::load(root);
    diags.extend(content_diags);
    check_verified(root, &library, today, &mut diags);
    let (setup, lexicon_problems) = Setup::load(project);
    diags.extend(lexicon_problems);
    let stations = load_stations(project, &mut diags);
    let station = project
        .station(None)
        .unwrap_or_else(|_| StationInfo::placeholder());
    match setup {
        Err(e) => diags.push(error_diagnostic(root, &e)),
        Ok(setup) => {
            let cx = setup.context(&station, false);
            let mut recorded = Vec::new();
            for st in &stations {
                let scx = setup.context(&st.station, false);
                recorded.extend(check_frame(st, &scx, &mut diags));
                check_bulletins(st, &library, &mut diags);
            }
            recorded.extend(check_items(&library, &cx, &mut diags));
            check_clips(project, recorded, &mut diags);
        }
    }
    diags.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    let items = library.items.len();
    let held = library
        .items
        .iter()
        .filter_map(|i| Some((i.source.clone(), i.hold.clone()?)))
        .collect();
    (
        CheckReport {
            diagnostics: diags,
            items,
            held,
        },
        library,
    )
}

/// A how-to whose steps were last checked more than six months before `today`: apps change.
/// One held back (`hold`) cannot air, and is listed as held instead.
fn check_verified(root: &Path, library: &Library, today: NaiveDate, diags: &mut Vec<Diagnostic>) {
    let Some(oldest) = today.checked_sub_months(Months::new(VERIFIED_WITHIN_MONTHS)) else {
        return;
    };
    for item in library.items.iter().filter(|i| i.hold.is_none()) {
        let content::Body::Howto(h) = &item.body else {
            continue;
        };
        if h.last_verified >= oldest {
            continue;
        }
        let rel = item.source.strip_prefix(root).unwrap_or(&item.source);
        let line = std::fs::read_to_string(root.join(rel)).ok().and_then(|t| {
            t.lines()
                .position(|l| l.trim_start().starts_with("last_verified"))
                .map(|i| i + 1)
        });
        let message = format!(
            "the steps were last checked on {}, more than {VERIFIED_WITHIN_MONTHS} months before {today}",
            h.last_verified
        );
        diags.push(Diagnostic::warning(rel, line, "last_verified", message).with_hint(
            "go through each step in the real app again, fix what changed, then update last_verified; until then, `hold = \"why\"` keeps it off the air",
        ));
    }
}

/// Every station file in `schedules/` that parses; the problems of all of them.
fn load_stations(project: &Project, diags: &mut Vec<Diagnostic>) -> Vec<StationFile> {
    let known = crate::schedule::Known {
        root: &project.root,
        profiles: project.config.profile.keys().cloned().collect(),
        demo: project.demo,
    };
    let mut stations = Vec::new();
    for file in project.station_files() {
        let rel = file
            .strip_prefix(&project.root)
            .unwrap_or(&file)
            .to_path_buf();
        let (parsed, d) = crate::schedule::load(&file, &rel, &known);
        diags.extend(d);
        stations.extend(parsed);
    }
    stations
}

/// A slot must hold at least its fixed frame: opening with the date, the menu, and closing.
/// Returns the frame's scripts.
fn check_frame(st: &StationFile, cx: &ScriptContext, diags: &mut Vec<Diagnostic>) -> Vec<Script> {
    let frame: Result<Vec<Script>, _> = ["open", "menu", "close"]
        .iter()
        .map(|p| script::render_frame(p, cx))
        .collect();
    let frame = match frame {
        Ok(frame) => frame,
        Err(e) => {
            diags.push(error_diagnostic(cx.root, &e));
            return Vec::new();
        }
    };
    let secs: f64 = frame.iter().map(|s| s.estimated_duration_s).sum();
    for slot in &st.slots {
        if (slot.length.num_seconds() as f64) < secs {
            diags.push(
                Diagnostic::error(&st.path, Some(slot.line), "length", format!("slot `{}` lasts {} s, shorter than its fixed opening and closing (about {secs:.0} s)", slot.id, slot.length.num_seconds()))
                    .with_hint("make the slot longer; a Làng số programme needs 2 to 6 minutes more"),
            );
        }
    }
    frame
}

/// A bulletin's explainer must be a how-to of the content pack, and its story a story.
fn check_bulletins(st: &StationFile, library: &Library, diags: &mut Vec<Diagnostic>) {
    for b in st.announcements.iter().filter_map(|a| a.bulletin.as_ref()) {
        for (field, found) in b.items(library) {
            if let Err(problem) = found {
                diags.push(Diagnostic::error(&st.path, Some(b.line), field, problem));
            }
        }
    }
}

/// Each item's script and ear checks; the shared and station lines, the same in every script,
/// once, against the templates that write them. Returns the scripts.
fn check_items(library: &Library, cx: &ScriptContext, diags: &mut Vec<Diagnostic>) -> Vec<Script> {
    let mut shared_checked = false;
    let mut scripts = Vec::new();
    for item in &library.items {
        match script::render(item, cx) {
            Ok(r) => {
                diags.extend(r.warnings);
                if !shared_checked {
                    shared_checked = true;
                    let none = |_: &str| None;
                    diags.extend(script::check_lines(
                        &r.script,
                        &[Scope::Shared, Scope::Station],
                        Path::new("scripts"),
                        &none,
                        cx.settings,
                        cx.normalizer.lexicon(),
                    ));
                }
                scripts.push(r.script);
            }
            Err(e) => diags.push(error_diagnostic(cx.root, &e)),
        }
    }
    scripts
}

/// Every recorded clip of `scripts`' lines and of the date words, decoded and checked; one
/// warning per problem, on the clip's file. Missing clips are `render --missing`'s business.
fn check_clips(project: &Project, scripts: Vec<Script>, diags: &mut Vec<Diagnostic>) {
    let records = match Records::load(&project.root) {
        Ok(r) => r,
        Err(e) => return diags.push(error_diagnostic(&project.root, &e)),
    };
    let syllables_per_second = project.config.script.syllables_per_second;
    let mut lines: BTreeMap<PathBuf, SheetLine> = BTreeMap::new();
    let sheets = scripts.iter().map(take::script_sheet);
    for sheet in sheets.chain([take::words_sheet(syllables_per_second)]) {
        for l in sheet.lines {
            lines.entry(l.clip.clone()).or_insert(l);
        }
    }
    let found: Vec<Vec<Diagnostic>> = lines
        .par_iter()
        .map(|(_, l)| clip_diagnostics(&take::line_status(&project.root, l, &records, true), l))
        .collect();
    diags.extend(found.into_iter().flatten());
}

/// A line status's warnings as diagnostics on its clip file.
fn clip_diagnostics(status: &take::LineStatus, line: &SheetLine) -> Vec<Diagnostic> {
    let Some(file) = &status.file else {
        return Vec::new();
    };
    status
        .warnings
        .iter()
        .map(|w| {
            let message = format!("line `{}`: {}", line.key(), w.message);
            Diagnostic::warning(file, None, &format!("clip {}", w.code), message).with_hint(w.hint)
        })
        .collect()
}
