//! The front matter: the TOML between the two `+++` lines at the top of a file, as a table of
//! fields that know their line in the file. Cuts the file in two and reads the TOML; which fields
//! an item needs is checked elsewhere.

use std::collections::BTreeMap;

use toml::Spanned;

use super::report::Report;
use crate::diagnostic::line_of;

/// A file cut at its front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Split<'t> {
    /// The TOML text between the `+++` lines.
    pub toml: &'t str,
    /// The line of the closing `+++`.
    pub close_line: usize,
    /// The text after the closing line.
    pub body: &'t str,
    /// The line the body starts on.
    pub body_line: usize,
}

/// Cuts `text` after its front matter, or reports why it cannot.
pub(super) fn split<'t>(text: &'t str, report: &mut Report) -> Option<Split<'t>> {
    if text.split('\n').next().map(str::trim_end) != Some("+++") {
        report.error_hint(
            1,
            "front matter",
            "the file must start with a `+++` line",
            "put the TOML fields between two `+++` lines at the top of the file",
        );
        return None;
    }
    // Byte offset after the opening line (a file of just `+++` has nothing after it).
    let start = text.find('\n').map_or(text.len(), |i| i + 1);
    let Some(close) = closing_line(text, start) else {
        report.error(1, "front matter", "no closing `+++` line");
        return None;
    };
    let body_start = text[close..]
        .find('\n')
        .map_or(text.len(), |i| close + i + 1);
    Some(Split {
        toml: &text[start.min(close)..close],
        close_line: line_of(text, close),
        body: &text[body_start..],
        body_line: line_of(text, body_start),
    })
}

/// The byte offset of the first `+++` line at or after `start`.
fn closing_line(text: &str, start: usize) -> Option<usize> {
    text[start..]
        .match_indices('\n')
        .map(|(i, _)| i + 1 + start)
        .chain(std::iter::once(start).filter(|&s| s < text.len()))
        .filter(|&s| text[s..].split('\n').next().map(str::trim_end) == Some("+++"))
        .min()
}

/// Whether a missing string field is a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Presence {
    Required,
    Optional,
}

/// A field that was reported as wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Invalid;

/// The front matter's fields, each with its line in the file.
#[derive(Debug)]
pub(super) struct Fields<'t> {
    table: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    toml: &'t str,
    /// The line of the closing `+++`, where a missing field is reported.
    pub close_line: usize,
}

impl<'t> Fields<'t> {
    /// Reads the TOML of `split`, or reports where it is invalid.
    pub(super) fn parse(split: &Split<'t>, report: &mut Report) -> Option<Fields<'t>> {
        match toml::from_str(split.toml) {
            Ok(table) => Some(Fields {
                table,
                toml: split.toml,
                close_line: split.close_line,
            }),
            Err(e) => {
                let line = e.span().map_or(2, |s| line_of(split.toml, s.start) + 1);
                report.error_hint(
                    line,
                    "front matter",
                    format!("invalid TOML: {}", e.message().trim()),
                    "strings need double quotes; lists look like [\"a\", \"b\"]",
                );
                None
            }
        }
    }

    /// The value of a field.
    pub(super) fn get(&self, name: &str) -> Option<&Spanned<toml::Value>> {
        self.table
            .iter()
            .find(|(k, _)| k.get_ref() == name)
            .map(|(_, v)| v)
    }

    /// The file line of a byte offset in the TOML text.
    fn line(&self, offset: usize) -> usize {
        line_of(self.toml, offset) + 1
    }

    /// The line a value starts on.
    pub(super) fn value_line(&self, v: &Spanned<toml::Value>) -> usize {
        self.line(v.span().start)
    }

    /// The line of a field's value, or of the closing `+++` when the field is missing.
    pub(super) fn line_at(&self, name: &str) -> usize {
        self.get(name)
            .map_or(self.close_line, |v| self.value_line(v))
    }

    /// Every key, in order, with its line.
    pub(super) fn keys(&self) -> impl Iterator<Item = (&str, usize)> + '_ {
        self.table
            .keys()
            .map(|k| (k.get_ref().as_str(), self.line(k.span().start)))
    }

    /// A non-empty string field, trimmed; `Ok(None)` when an optional field is missing.
    pub(super) fn string(
        &self,
        name: &str,
        need: Presence,
        report: &mut Report,
    ) -> Result<Option<String>, Invalid> {
        let Some(v) = self.get(name) else {
            if need == Presence::Optional {
                return Ok(None);
            }
            let msg = format!("missing required field `{name}`");
            report.error(self.close_line, name, msg);
            return Err(Invalid);
        };
        let line = self.value_line(v);
        match v.get_ref() {
            toml::Value::String(s) if !s.trim().is_empty() => Ok(Some(s.trim().to_string())),
            toml::Value::String(_) => {
                report.error(line, name, "is empty");
                Err(Invalid)
            }
            other => {
                let msg = format!(
                    "must be a string in double quotes, not {}",
                    other.type_str()
                );
                report.error(line, name, msg);
                Err(Invalid)
            }
        }
    }

    /// A list of strings, each trimmed; `None` when the value is not one.
    pub(super) fn string_list(v: &toml::Value) -> Option<Vec<String>> {
        v.as_array()?
            .iter()
            .map(|x| x.as_str().map(|s| s.trim().to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn split_of(text: &str) -> (Option<Split<'_>>, Vec<String>) {
        let mut diags = Vec::new();
        let got = split(text, &mut Report::new(Path::new("x.md"), &mut diags));
        let messages = diags
            .iter()
            .map(|d| format!("{}:{}", d.line.unwrap_or(0), d.message))
            .collect();
        (got, messages)
    }

    #[test]
    fn splits_at_the_closing_line() {
        let cases: &[(&str, &str, usize, &str, usize)] = &[
            ("+++\na = 1\n+++\nbody\n", "a = 1\n", 3, "body\n", 4),
            ("+++ \na = 1\n+++  \n", "a = 1\n", 3, "", 4),
            ("+++\n+++\nx", "", 2, "x", 3),
            ("+++\n+++", "", 2, "", 2),
            ("+++\na\n+++\nb\n+++\nc", "a\n", 3, "b\n+++\nc", 4),
        ];
        for (text, toml, close_line, body, body_line) in cases {
            let (got, diags) = split_of(text);
            assert!(diags.is_empty(), "{text:?}: {diags:?}");
            let want = Split {
                toml,
                close_line: *close_line,
                body,
                body_line: *body_line,
            };
            assert_eq!(got, Some(want), "{text:?}");
        }
    }

    #[test]
    fn reports_a_missing_delimiter_on_line_one() {
        for (text, want) in [
            ("", "1:the file must start with a `+++` line"),
            ("a = 1\n+++\n", "1:the file must start with a `+++` line"),
            ("++++\n+++\n", "1:the file must start with a `+++` line"),
            ("+++", "1:no closing `+++` line"),
            ("+++\na = 1\n", "1:no closing `+++` line"),
            ("+++\na = 1\n ++\n", "1:no closing `+++` line"),
        ] {
            assert_eq!(split_of(text), (None, vec![want.to_string()]), "{text:?}");
        }
    }

    #[test]
    fn strings_and_their_problems() {
        let text = "+++\ntitle = \" Cô Lan \"\nsummary = \" \"\nkind = 3\n+++\n";
        let mut diags = Vec::new();
        let mut report = Report::new(Path::new("x.md"), &mut diags);
        let split = split(text, &mut report).expect("split");
        let fields = Fields::parse(&split, &mut report).expect("toml");
        let cases = [
            ("title", Presence::Required, Ok(Some("Cô Lan".to_string()))),
            ("summary", Presence::Required, Err(Invalid)),
            ("kind", Presence::Required, Err(Invalid)),
            ("topic", Presence::Required, Err(Invalid)),
            ("id", Presence::Optional, Ok(None)),
        ];
        for (name, need, want) in cases {
            assert_eq!(fields.string(name, need, &mut report), want, "{name}");
        }
        assert_eq!(fields.line_at("kind"), 4);
        assert_eq!(fields.line_at("topic"), 5);
        let got: Vec<_> = diags
            .iter()
            .map(|d| (d.line, d.field.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some(3), "summary", "is empty"),
                (
                    Some(4),
                    "kind",
                    "must be a string in double quotes, not integer"
                ),
                (Some(5), "topic", "missing required field `topic`"),
            ]
        );
    }

    #[test]
    fn invalid_toml_names_its_line() {
        let text = "+++\ntitle = \"a\"\n\nsummary = b\n+++\n";
        let mut diags = Vec::new();
        let mut report = Report::new(Path::new("x.md"), &mut diags);
        let split = split(text, &mut report).expect("split");
        assert!(Fields::parse(&split, &mut report).is_none());
        assert_eq!(
            (diags[0].line, diags[0].field.as_str()),
            (Some(4), "front matter")
        );
        assert!(diags[0].message.starts_with("invalid TOML: "), "{diags:?}");
    }
}
