//! `loaxa check`: load and validate the whole project, collecting every problem.
//!
//! Content, the lexicon and glossary, the templates, the station files, and each item's script
//! with its ear checks. Returns diagnostics; never prints.

use std::path::Path;

use crate::content::{self, Library};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::project::station::StationInfo;
use crate::project::Project;
use crate::script::{self, Scope, ScriptContext, Templates};

/// The result of checking a project.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Every problem, errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// How many items loaded cleanly.
    pub items: usize,
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

/// Checks everything in the project.
pub fn check(project: &Project) -> (CheckReport, Library) {
    let root = &project.root;
    let mut diags = Vec::new();
    let (library, content_diags) = content::load(root);
    diags.extend(content_diags);
    let (normalizer, lex_diags) = project.normalizer();
    diags.extend(lex_diags);

    let mut station: Option<StationInfo> = None;
    let known = crate::schedule::Known {
        root,
        profiles: project.config.profile.keys().cloned().collect(),
    };
    let mut stations = Vec::new();
    for file in project.station_files() {
        let rel = file.strip_prefix(root).unwrap_or(&file).to_path_buf();
        let (parsed, d) = crate::schedule::load(&file, &rel, &known);
        diags.extend(d);
        if let Some(f) = parsed {
            station.get_or_insert(f.station.clone());
            stations.push(f);
        }
    }
    let station = project
        .config
        .station
        .clone()
        .or(station)
        .unwrap_or_else(StationInfo::placeholder);

    match Templates::load(root) {
        Err(e) => diags.push(error_diagnostic(root, &e)),
        Ok(templates) => {
            let cx = ScriptContext {
                root,
                templates: &templates,
                normalizer: &normalizer,
                settings: &project.config.script,
                station: &station,
                in_slot: false,
            };
            // A slot must hold at least its fixed frame: opening with the date, and closing.
            for st in &stations {
                let frame_cx = ScriptContext {
                    station: &st.station,
                    ..cx
                };
                let frame: Result<f64, _> = ["open", "close"]
                    .iter()
                    .map(|p| script::render_frame(p, &frame_cx).map(|s| s.estimated_duration_s))
                    .sum();
                match frame {
                    Ok(secs) => {
                        for slot in &st.slots {
                            if (slot.length.num_seconds() as f64) < secs {
                                diags.push(
                                    Diagnostic::error(&st.path, Some(slot.line), "length", format!("slot `{}` lasts {} s, shorter than its fixed opening and closing (about {secs:.0} s)", slot.id, slot.length.num_seconds()))
                                        .with_hint("make the slot longer; a Làng số programme needs 2 to 6 minutes more"),
                                );
                            }
                        }
                    }
                    Err(e) => diags.push(error_diagnostic(root, &e)),
                }
            }
            let mut shared_checked = false;
            for item in &library.items {
                match script::render(item, &cx) {
                    Ok(r) => {
                        diags.extend(r.warnings);
                        // Shared and station lines are the same in every script: check them once,
                        // against the templates that write them.
                        if !shared_checked {
                            shared_checked = true;
                            let none = |_: &str| None;
                            diags.extend(script::check_lines(
                                &r.script,
                                &[Scope::Shared, Scope::Station],
                                Path::new("scripts"),
                                &none,
                                &project.config.script,
                                normalizer.lexicon(),
                            ));
                        }
                    }
                    Err(e) => diags.push(error_diagnostic(root, &e)),
                }
            }
        }
    }
    diags.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    let items = library.items.len();
    (
        CheckReport {
            diagnostics: diags,
            items,
        },
        library,
    )
}
