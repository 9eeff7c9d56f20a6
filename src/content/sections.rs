//! Markdown body text: paragraphs separated by blank lines, and `## Heading` sections, each with
//! the line it starts on. Pure functions of the text; which sections an item needs is checked
//! elsewhere.

use super::Para;

/// A `## Heading` and the paragraphs under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Section {
    /// The heading text, trimmed.
    pub heading: String,
    /// The line of the heading.
    pub line: usize,
    /// The paragraphs up to the next heading.
    pub paras: Vec<Para>,
}

/// Splits text into paragraphs (blank-line separated), each with its first line number;
/// `first_line` is the line of the text's first line.
pub(super) fn paragraphs(text: &str, first_line: usize) -> Vec<Para> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut start = first_line;
    for (i, line) in text.split('\n').enumerate() {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut cur, start, &mut out);
        } else {
            if cur.is_empty() {
                start = first_line + i;
            }
            cur.push(t);
        }
    }
    flush(&mut cur, start, &mut out);
    out
}

fn flush(cur: &mut Vec<&str>, line: usize, out: &mut Vec<Para>) {
    if !cur.is_empty() {
        out.push(Para {
            text: cur.join(" "),
            line,
        });
        cur.clear();
    }
}

/// The `## Heading` sections of a body. Text before the first heading is ignored.
pub(super) fn split_sections(body: &str, first_line: usize) -> Vec<Section> {
    let mut raw: Vec<(String, usize, String)> = Vec::new();
    for (i, line) in body.split('\n').enumerate() {
        if let Some(h) = line.strip_prefix("## ") {
            raw.push((h.trim().to_string(), first_line + i, String::new()));
        } else if let Some(last) = raw.last_mut() {
            last.2.push_str(line);
            last.2.push('\n');
        }
    }
    raw.into_iter()
        .map(|(heading, line, text)| Section {
            heading,
            line,
            paras: paragraphs(&text, line + 1),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(paras: &[Para]) -> Vec<(&str, usize)> {
        paras.iter().map(|p| (p.text.as_str(), p.line)).collect()
    }

    /// (text, first line, expected paragraphs with their lines).
    type Case<'a> = (&'a str, usize, &'a [(&'a str, usize)]);

    #[test]
    fn paragraphs_join_lines_and_keep_first_line() {
        let cases: &[Case] = &[
            ("", 1, &[]),
            ("\n\n  \n", 5, &[]),
            ("một", 1, &[("một", 1)]),
            ("một\nhai\n\nba", 10, &[("một hai", 10), ("ba", 13)]),
            ("\n  a  \n   b\n\n\n c", 3, &[("a b", 4), ("c", 8)]),
        ];
        for (text, first, want) in cases {
            assert_eq!(texts(&paragraphs(text, *first)), *want, "{text:?}");
        }
    }

    #[test]
    fn sections_with_lines() {
        let body = "lời mở\n## Bối cảnh\nCô Lan\nở thôn Đông.\n\nHai.\n##Không\n## Kết quả \n\n";
        let got = split_sections(body, 7);
        let summary: Vec<_> = got
            .iter()
            .map(|s| (s.heading.as_str(), s.line, texts(&s.paras)))
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "Bối cảnh",
                    8,
                    // `##Không` is no heading (no space): it goes on the paragraph.
                    vec![("Cô Lan ở thôn Đông.", 9), ("Hai. ##Không", 12)]
                ),
                ("Kết quả", 14, vec![]),
            ]
        );
    }

    #[test]
    fn no_heading_no_section() {
        assert!(split_sections("chỉ có chữ\n\n# Tiêu đề\n", 1).is_empty());
    }
}
