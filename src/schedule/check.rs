//! The station file's text while it is checked: lines of spans, and the problems found so far,
//! each naming the file and, where there is one, the line.

use std::ops::Range;
use std::path::Path;

use crate::diagnostic::{line_of, Diagnostic};

/// The text being checked and what is wrong with it so far.
pub(super) struct Check<'a> {
    text: &'a str,
    rel: &'a Path,
    diags: Vec<Diagnostic>,
}

impl<'a> Check<'a> {
    /// Starts checking `text`, which `rel` names in the diagnostics.
    pub fn new(text: &'a str, rel: &'a Path) -> Self {
        Check {
            text,
            rel,
            diags: Vec::new(),
        }
    }

    /// The text being checked.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The line where `span` starts.
    pub fn line(&self, span: Range<usize>) -> Option<usize> {
        Some(line_of(self.text, span.start))
    }

    /// The first line that sets `key` (`key = …`), else `fallback`; for the `[station]` fields,
    /// which are not spanned one by one.
    pub fn key_line(&self, key: &str, fallback: Option<usize>) -> Option<usize> {
        self.text
            .lines()
            .position(|l| l.trim_start().starts_with(key) && l.contains('='))
            .map(|i| i + 1)
            .or(fallback)
    }

    /// A warning about this file, to pass to [`Check::push`].
    pub fn warning(
        &self,
        line: Option<usize>,
        field: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::warning(self.rel, line, field, message)
    }

    /// An error about this file, to pass to [`Check::push`] (with a hint, where useful).
    pub fn error(
        &self,
        line: Option<usize>,
        field: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(self.rel, line, field, message)
    }

    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }

    /// Records an error without a hint.
    pub fn report(&mut self, line: Option<usize>, field: &str, message: impl Into<String>) {
        self.push(self.error(line, field, message));
    }

    /// Whether nothing has been found so far.
    pub fn is_clean(&self) -> bool {
        self.diags.is_empty()
    }

    /// Whether an error (not only warnings) has been found.
    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    /// How many errors (not warnings) have been found so far.
    pub fn errors(&self) -> usize {
        self.diags.iter().filter(|d| d.is_error()).count()
    }

    /// Every problem found.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diags
    }
}
