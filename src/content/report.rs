//! Where the checks of one content file put their problems: the file's path and the list the
//! diagnostics go to. Every problem found inside a file has a line.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The file being read and the diagnostics found so far.
pub(super) struct Report<'a> {
    rel: &'a Path,
    diags: &'a mut Vec<Diagnostic>,
}

impl<'a> Report<'a> {
    /// Problems of `rel` go to `diags`.
    pub(super) fn new(rel: &'a Path, diags: &'a mut Vec<Diagnostic>) -> Report<'a> {
        Report { rel, diags }
    }

    /// The file, relative to the project.
    pub(super) fn rel(&self) -> &'a Path {
        self.rel
    }

    /// An error at `line`.
    pub(super) fn error(&mut self, line: usize, field: &str, message: impl Into<String>) {
        let d = Diagnostic::error(self.rel, Some(line), field, message);
        self.diags.push(d);
    }

    /// An error at `line`, with how to fix it.
    pub(super) fn error_hint(
        &mut self,
        line: usize,
        field: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let d = Diagnostic::error(self.rel, Some(line), field, message).with_hint(hint);
        self.diags.push(d);
    }

    /// A warning at `line`, with how to fix it when there is a hint.
    pub(super) fn warning(
        &mut self,
        line: usize,
        field: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::warning(self.rel, Some(line), field, message);
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        self.diags.push(d);
    }
}
