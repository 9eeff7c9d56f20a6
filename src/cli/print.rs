//! What the binary shows besides results: diagnostics on standard error, progress bars on a
//! terminal, and the error for a failed write to standard output.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use loaxa::diagnostic::Diagnostic;
use loaxa::Error;

/// Each diagnostic on its own line of standard error.
pub fn diagnostics(diags: &[Diagnostic]) {
    let mut e = io::stderr().lock();
    for d in diags {
        let _ = writeln!(e, "{d}");
    }
}

/// A progress bar of `len` steps on standard error, when it is a terminal and there is more
/// than one step.
pub fn progress_bar(len: usize, what: &str) -> Option<indicatif::ProgressBar> {
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

/// A failed write to standard output.
pub fn stdout_err(source: io::Error) -> Error {
    Error::Write {
        path: PathBuf::from("<stdout>"),
        source,
    }
}
