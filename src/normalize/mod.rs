//! Vietnamese spoken form: what the announcer says for what is written.
//!
//! [`Normalizer::normalize`] turns a line of written Vietnamese into its spoken form: numbers,
//! decimals, percentages, money, units, dates, times, ranges, ratios and fractions, document
//! numbers (`49/2024/NĐ-CP`), phone numbers read digit by digit in their groups, ordinals, Roman
//! numerals, abbreviations from the project's lexicon, platform names from its glossary, and web
//! and e-mail addresses. The output never holds an ASCII digit.
//!
//! The text is cut at white space into chunks (`chunk`); each chunk keeps its surrounding
//! punctuation and has its core read in the context of the words before it (a date after "ngày",
//! an ordinal after "thứ", a Roman numeral after "thế kỷ"). A few patterns span chunks
//! (`spans`): phone numbers written with spaces, spaced ranges (`2022 - 2026`), mixed fractions
//! (`5 1/2`). A chunk on its own is read by `single`: words and abbreviations (`letters`), and a
//! core with digits by the rules of `numeric`, tried from the most specific (document numbers,
//! `documents`) through dates and times (`dates`), phones (`phone`), money and units
//! (`money`, `units`) to the most general (any digit left is read as a number).

use std::sync::LazyLock;

use regex::Regex;

/// A number with optional thousand dots, as written in a pattern (`NUM`).
static NUM: &str = r"\d{1,3}(?:\.\d{3})+|\d+";

/// A built-in pattern matching a whole core; `NUM` stands for a number.
fn re(pattern: &str) -> Regex {
    let full = format!("^(?:{})$", pattern.replace("NUM", NUM));
    Regex::new(&full).expect("built-in pattern")
}

/// A lazily built whole-core pattern.
macro_rules! pattern {
    ($vis:vis $name:ident, $p:expr) => {
        $vis static $name: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| super::re($p));
    };
}

mod address;
mod chunk;
mod dates;
mod documents;
mod lexicon;
mod money;
mod number;
mod numeric;
mod phone;
mod single;
mod spans;
mod style;
mod times;
mod units;
mod letters;

pub use letters::is_plausible_syllable;
pub use lexicon::{Lexicon, BUILTIN_GLOSSARY, BUILTIN_LEXICON};
pub use number::{cardinal, digits, ordinal, roman};
pub use style::{Decimals, Dialect, Per, Style, ZeroHundreds};

use chunk::{split_chunk, Chunk};

/// Turns written Vietnamese into its spoken form.
#[derive(Debug, Clone)]
pub struct Normalizer {
    lexicon: Lexicon,
    style: Style,
}

/// Runs of ASCII digits.
static DIGIT_RUNS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+").expect("built-in pattern"));

/// What a chunk's core was read as, for the spaced-range rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Number,
    Date,
    Time,
    Money,
    Percent,
    Unit,
}

/// A core's spoken form and what it was read as.
type Reading = (String, Class);

impl Normalizer {
    /// A normaliser with this lexicon and style.
    pub fn new(lexicon: Lexicon, style: Style) -> Normalizer {
        Normalizer { lexicon, style }
    }

    /// The built-in lexicon with the house style.
    pub fn builtin() -> Normalizer {
        Normalizer::new(Lexicon::builtin(), Style::default())
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The spoken form of `text`. Line breaks are kept; each line is read on its own.
    pub fn normalize(&self, text: &str) -> String {
        text.split('\n')
            .map(|line| self.normalize_line(line))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn normalize_line(&self, line: &str) -> String {
        let chunks: Vec<Chunk> = line.split_whitespace().map(split_chunk).collect();
        let mut out: Vec<String> = Vec::new();
        let mut i = 0;
        while i < chunks.len() {
            if let Some((text, used)) = self.multi(&chunks, i) {
                out.push(text);
                i += used;
                continue;
            }
            let c = chunks[i];
            let (spoken, trail) = self.single(&chunks, i);
            out.push(format!("{}{}{}", c.lead, spoken, trail));
            i += 1;
        }
        let spoken = squeeze(&out.join(" "));
        self.read_left_digits(spoken)
    }

    /// The announcer never reads a digit: anything the rules left is read as a number.
    fn read_left_digits(&self, spoken: String) -> String {
        if !spoken.bytes().any(|b| b.is_ascii_digit()) {
            return spoken;
        }
        let read = DIGIT_RUNS.replace_all(&spoken, |c: &regex::Captures| {
            format!(" {} ", number::cardinal_str(&c[0], &self.style))
        });
        squeeze(&read)
    }
}

/// Single spaces between words, none at the ends.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A number without its thousand dots; `u64::MAX` when too large.
fn parse_int(s: &str) -> u64 {
    s.replace('.', "").parse().unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests;
