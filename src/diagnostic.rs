//! Problems found while loading or checking a project, reported all at once.
//!
//! A [`Diagnostic`] names the file (relative to the project), the 1-based line where there is one,
//! the field, a message and a hint. `loaxa check` prints them as `path:line: field: message`;
//! the library never prints them itself.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth fixing, but the project still builds (ear checks, non-NFC text).
    Warning,
    /// The item or file cannot be used until it is fixed.
    Error,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the project root where possible.
    pub path: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// The field or section concerned (`topic`, `front matter`, `Kết quả`…).
    pub field: String,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it, when we know.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error-level diagnostic.
    pub fn error(
        path: &Path,
        line: Option<usize>,
        field: &str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            line,
            field: field.to_string(),
            message: message.into(),
            hint: None,
        }
    }

    /// A warning-level diagnostic.
    pub fn warning(
        path: &Path,
        line: Option<usize>,
        field: &str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, field, message)
        }
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for error-level diagnostics.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line: field: message` (`warning:` before the field for warnings), then the hint on
    /// its own indented line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let level = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        write!(f, ": {level}{}: {}", self.field, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n    hint: {hint}")?;
        }
        Ok(())
    }
}

/// 1-based line number of a byte offset in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Counts error-level diagnostics.
pub fn error_count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.is_error()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_path_line_field_message_and_hint() {
        let d = Diagnostic::error(
            Path::new("content/a.md"),
            Some(4),
            "topic",
            "unknown topic `x`",
        )
        .with_hint("use one of …");
        assert_eq!(
            d.to_string(),
            "content/a.md:4: topic: unknown topic `x`\n    hint: use one of …"
        );
        let w = Diagnostic::warning(Path::new("a.md"), None, "text", "not NFC");
        assert_eq!(w.to_string(), "a.md: warning: text: not NFC");
    }

    #[test]
    fn line_of_counts_newlines_before_offset() {
        let text = "a\nbb\nccc";
        for (offset, line) in [(0, 1), (1, 1), (2, 2), (5, 3), (100, 3)] {
            assert_eq!(line_of(text, offset), line, "offset {offset}");
        }
    }
}
