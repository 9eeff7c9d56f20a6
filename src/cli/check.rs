//! `loaxa check`: every problem of the project on standard error, a summary on standard output.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use loaxa::check;
use loaxa::content::Kind;
use loaxa::diagnostic::error_count;
use loaxa::project::Project;

use super::print::{self, stdout_err};

pub fn run(
    project: &Path,
    strict: bool,
    today: Option<chrono::NaiveDate>,
    demo: bool,
) -> loaxa::Result<ExitCode> {
    let mut project = Project::open(project)?;
    project.demo = demo;
    // The binary reads the clock; the library is told the day.
    let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let (report, library) = check::check(&project, today);
    print::diagnostics(&report.diagnostics);
    let errors = error_count(&report.diagnostics);
    let warnings = report.diagnostics.len() - errors;
    let stories = library
        .items
        .iter()
        .filter(|i| i.kind() == Kind::Story)
        .count();
    let mut out = io::stdout().lock();
    for (file, why) in &report.held {
        writeln!(out, "held back, not aired: {}: {why}", file.display()).map_err(stdout_err)?;
    }
    let held = match report.held.len() {
        0 => String::new(),
        n => format!(", {n} held back"),
    };
    writeln!(
        out,
        "checked {}: {} items ({} stories, {} how-tos{held}), {errors} error(s), {warnings} warning(s)",
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
