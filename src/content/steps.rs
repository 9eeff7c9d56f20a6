//! The numbered steps of a how-to: a step starts on a line `N. text` (or `N) text`) and goes on
//! over the following non-blank lines; paragraphs before the first step are the intro, those
//! after the last the outro. Steps out of order are read in order, with a warning.

use super::report::Report;
use super::Para;

/// A how-to body cut into its three parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Steps {
    pub intro: Vec<Para>,
    pub steps: Vec<Para>,
    pub outro: Vec<Para>,
}

/// A paragraph of a how-to body, with its step number when it is a step.
type Block = (Option<u32>, Para);

/// Cuts a how-to body (starting on `first_line`) into intro, steps and outro.
pub(super) fn split_steps(body: &str, first_line: usize, report: &mut Report) -> Steps {
    arrange(blocks(body, first_line), report)
}

/// The body's paragraphs and steps, in order. Headings and blank lines end a paragraph.
fn blocks(body: &str, first_line: usize) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut cur: Option<Block> = None;
    for (i, raw) in body.split('\n').enumerate() {
        let (t, line) = (raw.trim(), first_line + i);
        if t.is_empty() || t.starts_with("## ") {
            out.extend(cur.take());
        } else if let Some((n, rest)) = step_marker(t) {
            out.extend(cur.take());
            let text = rest.to_string();
            cur = Some((Some(n), Para { text, line }));
        } else if let Some(c) = cur.as_mut() {
            c.1.text.push(' ');
            c.1.text.push_str(t);
        } else {
            let text = t.to_string();
            cur = Some((None, Para { text, line }));
        }
    }
    out.extend(cur.take());
    out
}

/// Sorts blocks into intro, steps and outro, warning about numbering.
fn arrange(blocks: Vec<Block>, report: &mut Report) -> Steps {
    let mut parts = Steps::default();
    let mut expected = 1;
    for (n, para) in blocks {
        match n {
            Some(n) => {
                if n != expected {
                    report.warning(
                        para.line,
                        "steps",
                        format!("step numbered {n}, expected {expected}"),
                        Some(
                            "number the steps 1, 2, 3… in order; the script renumbers them".into(),
                        ),
                    );
                }
                expected += 1;
                if !parts.outro.is_empty() {
                    let msg = "a step after closing text; it is read as a step";
                    report.warning(para.line, "steps", msg, None);
                }
                parts.steps.push(para);
            }
            None if parts.steps.is_empty() => parts.intro.push(para),
            None => parts.outro.push(para),
        }
    }
    parts
}

/// `12. text` or `12) text` (one or two digits): the number and the text.
fn step_marker(line: &str) -> Option<(u32, &str)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = line[digits..]
        .strip_prefix(". ")
        .or_else(|| line[digits..].strip_prefix(") "))?;
    Some((line[..digits].parse().ok()?, rest.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_markers() {
        for (line, want) in [
            ("1. Mở ứng dụng", Some((1, "Mở ứng dụng"))),
            ("12) Gửi  ", Some((12, "Gửi"))),
            ("3.Gửi", None),
            ("123. Gửi", None),
            ("1.5 triệu", None),
            (". Gửi", None),
            ("1. ", Some((1, ""))),
            ("Bước 1. Mở", None),
        ] {
            assert_eq!(step_marker(line), want, "{line:?}");
        }
    }

    #[test]
    fn blocks_join_continuation_lines_and_stop_at_headings() {
        let body = "Mở đầu\ntiếp.\n1. Một\n   hai\n## Ghi chú\nsau\n";
        let got: Vec<_> = blocks(body, 5)
            .into_iter()
            .map(|(n, p)| (n, p.text, p.line))
            .collect();
        assert_eq!(
            got,
            [
                (None, "Mở đầu tiếp.".to_string(), 5),
                (Some(1), "Một hai".to_string(), 7),
                (None, "sau".to_string(), 10),
            ]
        );
    }
}
