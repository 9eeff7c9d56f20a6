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
/// A number with a decimal comma, or a decimal dot before one or two digits (`DEC`).
static DEC: &str = r"(?:(?:NUM)(?:,\d+)?|\d+\.\d{1,2})";

/// A built-in pattern matching a whole core; `NUM` stands for a number, `DEC` for one with
/// decimals.
fn re(pattern: &str) -> Regex {
    let full = format!("^(?:{})$", pattern.replace("DEC", DEC).replace("NUM", NUM));
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
mod figures;
mod identifiers;
mod lexicon;
mod money;
mod number;
mod numeric;
mod phone;
mod prepare;
mod single;
mod spans;
mod style;
mod symbols;
mod times;
mod units;
mod letters;

pub use figures::for_ear;
pub use letters::is_plausible_syllable;
pub use lexicon::{Lexicon, BUILTIN_GLOSSARY, BUILTIN_LEXICON};
pub use number::{cardinal, digits, ordinal, roman};
pub use style::{Decimals, Dialect, Per, Style, ZeroHundreds};
pub use symbols::leftovers;
pub use times::twelve_hour;

use chunk::{split_chunk, Chunk};

/// Turns written Vietnamese into its spoken form.
#[derive(Debug, Clone)]
pub struct Normalizer {
    lexicon: Lexicon,
    style: Style,
    /// The day the text airs from, for [`Style::near_year`]; `None` reads every year.
    on: Option<chrono::NaiveDate>,
}

/// An abbreviation in brackets right before a number: `(BĐ)1`.
static RESTATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\((\p{Lu}{1,6})\)(\d)").expect("built-in pattern"));

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
        Normalizer {
            lexicon,
            style,
            on: None,
        }
    }

    /// The same normaliser for a text that airs from `on`: with [`Style::near_year`], a date
    /// from a month before to six months after it is said without its year.
    pub fn on(&self, on: chrono::NaiveDate) -> Normalizer {
        Normalizer {
            on: Some(on),
            ..self.clone()
        }
    }

    /// The built-in lexicon with the house style.
    pub fn builtin() -> Normalizer {
        Normalizer::new(Lexicon::builtin(), Style::default())
    }

    /// The word clip said before days 1 to 10 of a spoken date: `mong` ("mồng", North) or
    /// `mung` ("mùng", South) when the style says [`Style::mong`].
    pub fn first_days_word(&self) -> Option<&'static str> {
        self.style.mong.then_some(match self.style.dialect {
            Dialect::Bac => "mong",
            Dialect::Nam => "mung",
        })
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
        let pieces = self.explain_line(line);
        let spoken: Vec<&str> = pieces.iter().map(|p| p.spoken.as_str()).collect();
        squeeze(&spoken.join(" "))
    }

    /// Each piece of `text` (a chunk, or chunks a pattern spans) with its spoken form and the
    /// rule that read it, line after line: what `loaxa normalize --explain` prints.
    pub fn explain(&self, text: &str) -> Vec<Explained> {
        text.split('\n')
            .flat_map(|l| self.explain_line(l))
            .collect()
    }

    fn explain_line(&self, line: &str) -> Vec<Explained> {
        let line = prepare::prepare(line);
        let line = self.drop_restated(&line);
        let chunks: Vec<Chunk> = line.split_whitespace().map(split_chunk).collect();
        let written: Vec<&str> = line.split_whitespace().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chunks.len() {
            let (spoken, rule, used) = match self.multi(&chunks, i) {
                Some((text, used, rule)) => (text, rule, used),
                None => {
                    let c = chunks[i];
                    let (spoken, trail, rule) = self.single(&chunks, i);
                    (format!("{}{}{}", c.lead, spoken, trail), rule, 1)
                }
            };
            let (spoken, rule) = self.read_left_digits(spoken, rule);
            out.push(Explained {
                written: written[i..i + used].join(" "),
                spoken,
                rule,
            });
            i += used;
        }
        out
    }

    /// `Báo động (BĐ)1`: an abbreviation in brackets that restates the words before it, right
    /// before a number, is left out ("báo động một").
    fn drop_restated<'a>(&self, line: &'a str) -> std::borrow::Cow<'a, str> {
        RESTATED.replace_all(line, |c: &regex::Captures| {
            let before = line[..c.get(0).map_or(0, |m| m.start())].to_lowercase();
            let restates = self
                .lexicon
                .abbreviation(&c[1])
                .is_some_and(|exp| before.trim_end().ends_with(&exp.to_lowercase()));
            match restates {
                true => format!(" {}", &c[2]),
                false => c[0].to_string(),
            }
        })
    }

    /// The announcer never reads a digit: anything the rules left is read as a number.
    fn read_left_digits(&self, spoken: String, rule: &'static str) -> (String, &'static str) {
        if !spoken.bytes().any(|b| b.is_ascii_digit()) {
            return (spoken, rule);
        }
        let read = DIGIT_RUNS.replace_all(&spoken, |c: &regex::Captures| {
            format!(" {} ", number::cardinal_str(&c[0], &self.style))
        });
        (squeeze(&read), "digits left, read as a number")
    }
}

/// One piece of a line as written, as said, and the rule that read it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Explained {
    /// As written (one chunk, or the chunks a pattern spans).
    pub written: String,
    /// As said.
    pub spoken: String,
    /// The rule that read it (`lexicon`, `glossary`, `unit`, `identifier`, `as written`…).
    pub rule: &'static str,
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
mod bulletin_tests;
#[cfg(test)]
mod tests;
