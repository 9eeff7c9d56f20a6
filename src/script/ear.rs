//! Checks for the ear: what an elderly listener outdoors cannot follow.
//!
//! Long sentences, too many numbers in one sentence, digits or abbreviations left after the
//! spoken form, programmes outside the 2–6 minute window, and a how-to that lost its safety line.
//! Each warning names the content file and, where the text came from a paragraph, its line.

use std::collections::HashSet;
use std::path::Path;

use crate::content::{Body, Item, Para};
use crate::diagnostic::Diagnostic;
use crate::normalize::Lexicon;
use crate::project::config::ScriptSettings;

use super::{Cue, Scope, Script};

/// Syllables in spoken Vietnamese text: one per word, words split at spaces and hyphens.
pub fn syllables(text: &str) -> usize {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, ch) in text.char_indices() {
        let end = i + ch.len_utf8();
        let boundary = matches!(ch, '.' | '!' | '?' | ';' | '…')
            && (end == text.len() || bytes.get(end).is_some_and(|b| b.is_ascii_whitespace()));
        if boundary {
            out.push(text[start..end].trim());
            start = end;
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

fn all_paras(item: &Item) -> Vec<&Para> {
    match &item.body {
        Body::Story(s) => s
            .context
            .iter()
            .chain(&s.action)
            .chain(&s.result)
            .chain(&s.try_it)
            .collect(),
        Body::Howto(h) => h.intro.iter().chain(&h.steps).chain(&h.outro).collect(),
    }
}

fn short(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() <= 10 {
        words.join(" ")
    } else {
        format!("{} …", words[..10].join(" "))
    }
}

/// An upper-case token of two or more letters that the spoken form left alone.
fn unexpanded(token: &str, lexicon: &Lexicon) -> bool {
    let t = token.trim_matches(|c: char| !c.is_alphanumeric());
    t.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && t.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
        && !lexicon.knows(t)
}

/// Numbers in a written sentence; neighbouring digit groups (`0912 345 678`) count as one.
pub fn count_numbers(sentence: &str) -> usize {
    let mut count = 0;
    let mut in_run = false;
    for w in sentence.split_whitespace() {
        let has_digit = w.bytes().any(|b| b.is_ascii_digit());
        if has_digit && !in_run {
            count += 1;
        }
        in_run = has_digit && !w.ends_with([',', '.', ';', ':']);
    }
    count
}

/// Ear-check warnings for the lines of some scopes in a script, reported against `path`; each
/// line is checked once even when the script says it twice. `line_of` finds a source line.
pub fn check_lines(
    script: &Script,
    scopes: &[Scope],
    path: &Path,
    line_of: &dyn Fn(&str) -> Option<usize>,
    settings: &ScriptSettings,
    lexicon: &Lexicon,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for cue in &script.cues {
        let Cue::Line {
            line_id,
            scope,
            text,
            written,
            ..
        } = cue
        else {
            continue;
        };
        if !scopes.contains(scope) || !seen.insert((*scope, line_id.clone())) {
            continue;
        }
        let line = line_of(written);
        let field = format!("line {line_id}");
        let warn = |msg: String, hint: &str| {
            Diagnostic::warning(path, line, &field, msg).with_hint(hint.to_string())
        };
        for sentence in sentences(text) {
            let n = syllables(sentence);
            if n > settings.max_sentence_syllables {
                out.push(warn(
                    format!(
                        "sentence of {n} syllables (over {}): «{}»",
                        settings.max_sentence_syllables,
                        short(sentence)
                    ),
                    "split it: one idea per short sentence",
                ));
            }
        }
        for sentence in sentences(written) {
            let numbers = count_numbers(sentence);
            if numbers > settings.max_numbers_per_sentence {
                out.push(warn(
                    format!(
                        "{numbers} numbers in one sentence (over {}): «{}»",
                        settings.max_numbers_per_sentence,
                        short(sentence)
                    ),
                    "keep one or two numbers a sentence; round the others",
                ));
            }
        }
        let mut abbreviations = Vec::new();
        for token in text.split_whitespace().filter(|t| unexpanded(t, lexicon)) {
            let t = token.trim_matches(|c: char| !c.is_alphanumeric());
            abbreviations.push(t.to_string());
            out.push(warn(
                format!("abbreviation `{t}` is not expanded"),
                "add it to scripts/lexicon.tsv (or scripts/glossary.tsv for a name), or write it in full",
            ));
        }
        let left: Vec<String> = crate::normalize::leftovers(text, lexicon)
            .into_iter()
            .filter(|t| !abbreviations.contains(t))
            .map(|t| format!("`{t}`"))
            .collect();
        if !left.is_empty() {
            out.push(warn(
                format!("{} left unread after the spoken form: «{}»", left.join(", "), short(text)),
                "write it in words, or add it to scripts/lexicon.tsv (or scripts/glossary.tsv for a name); `loaxa normalize --explain` shows which rule read what",
            ));
        }
    }
    out
}

/// All ear-check warnings for one item's own lines, its length and its safety line.
pub fn check(
    item: &Item,
    script: &Script,
    settings: &ScriptSettings,
    lexicon: &Lexicon,
) -> Vec<Diagnostic> {
    let paras = all_paras(item);
    let line_of = |written: &str| {
        paras
            .iter()
            .find(|p| written.contains(p.text.as_str()))
            .map(|p| p.line)
    };
    let mut out = check_lines(
        script,
        &[Scope::Item],
        &item.source,
        &line_of,
        settings,
        lexicon,
    );
    let est = script.estimated_duration_s;
    if est < settings.min_seconds || est > settings.max_seconds {
        out.push(
            Diagnostic::warning(
                &item.source,
                None,
                "duration",
                format!(
                    "estimated {} outside {}–{}",
                    mmss(est),
                    mmss(settings.min_seconds),
                    mmss(settings.max_seconds)
                ),
            )
            .with_hint("a Làng số segment should last 2 to 6 minutes; lengthen or split the item"),
        );
    }
    if let Body::Howto(h) = &item.body {
        let said = script
            .lines()
            .any(|(_, _, _, written, _)| written.contains(h.safety.as_str()));
        if !said {
            out.push(
                Diagnostic::warning(
                    &item.source,
                    None,
                    "safety",
                    "the script never says the how-to's safety line",
                )
                .with_hint("howto.tera must have a line with {{ howto.safety }}"),
            );
        }
    }
    out
}

/// `m:ss`.
pub fn mmss(seconds: f64) -> String {
    let s = seconds.round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_syllables_split_at_spaces_and_hyphens() {
        for (text, n) in [
            ("", 0),
            ("Xin chào bà con.", 4),
            ("ki-lô-mét , một", 4),
            ("— …", 0),
        ] {
            assert_eq!(syllables(text), n, "{text:?}");
        }
    }

    #[test]
    fn splits_sentences_but_not_thousands() {
        assert_eq!(
            sentences("Có 104.933 hộ. Thế là xong! Hết"),
            vec!["Có 104.933 hộ.", "Thế là xong!", "Hết"]
        );
    }

    #[test]
    fn counts_phone_groups_as_one_number() {
        for (s, n) in [
            ("Gọi 0912 345 678.", 1),
            ("Có 98/108 xã và 948 người.", 2),
            ("Từ 2022 - 2026", 2),
            ("Không có số.", 0),
        ] {
            assert_eq!(count_numbers(s), n, "{s}");
        }
    }

    #[test]
    fn flags_unexpanded_upper_case_only() {
        let lex = Lexicon::builtin();
        assert!(unexpanded("ABC,", &lex));
        assert!(!unexpanded("UBND", &lex));
        assert!(!unexpanded("Zalo", &lex));
        assert!(!unexpanded("A", &lex));
    }
}
