//! One chunk read on its own: a dotted abbreviation (`TP.`), a word from the lexicon or the
//! glossary, an amount per unit (`đồng/kg`), a core with digits, a Roman numeral after its
//! context word, a web or e-mail address, a unit after a spaced number (`5 kg`). A core none of
//! them reads is said as written.

use super::address::{is_address_prefix, looks_like_address, starts_upper_or_digit};
use super::chunk::{word_before, Chunk};
use super::units::{SPACED_UNITS, UNITS, UNIT_PER};
use super::{cardinal, ordinal, roman, Normalizer};

/// Words after which a Roman numeral is read.
const ROMAN_CONTEXT: &[&str] = &[
    "kỷ", "khoản", "lục", "chương", "mục", "phần", "khóa", "khoá", "thứ", "kỳ", "đợt", "tập",
    "quyển", "đoạn",
];

impl Normalizer {
    /// Reads one chunk; returns the spoken core and the trailing punctuation still to print.
    pub(super) fn single<'a>(&self, chunks: &[Chunk<'a>], i: usize) -> (String, &'a str) {
        let c = chunks[i];
        if c.core.is_empty() {
            return (String::new(), c.trail);
        }
        if let Some(read) = self.dotted_abbreviation(chunks, i) {
            return read;
        }
        let spoken = self
            .word(c.core)
            .or_else(|| self.unit_per(c.core))
            .or_else(|| self.with_digits(chunks, i))
            .or_else(|| self.roman_in_context(chunks, i))
            .or_else(|| looks_like_address(c.core).then(|| self.spell_address(c.core)))
            .or_else(|| spaced_unit(chunks, i))
            .unwrap_or_else(|| c.core.to_string());
        (spoken, c.trail)
    }

    /// Abbreviations that end in a dot (TP., v.v., x.) take the dot from the trailing marks; an
    /// address prefix (x., t.) only before a capital or a digit.
    fn dotted_abbreviation<'a>(&self, chunks: &[Chunk<'a>], i: usize) -> Option<(String, &'a str)> {
        let c = chunks[i];
        if !c.trail.starts_with('.') {
            return None;
        }
        let key = format!("{}.", c.core);
        let address_ok = !is_address_prefix(&key)
            || chunks
                .get(i + 1)
                .is_some_and(|n| starts_upper_or_digit(n.core));
        if !address_ok {
            return None;
        }
        self.abbreviation(&key).map(|exp| (exp, &c.trail[1..]))
    }

    /// `đồng/kg`, `lít/ngày`: the unit and what it is per.
    fn unit_per(&self, core: &str) -> Option<String> {
        let caps = UNIT_PER.captures(core)?;
        let first = self
            .abbreviation(&caps[1])
            .unwrap_or_else(|| caps[1].to_string());
        Some(format!("{first} {}", self.per(&caps[2])))
    }

    /// A core with digits: by the numeric rules, or else letters and digit runs one by one.
    fn with_digits(&self, chunks: &[Chunk], i: usize) -> Option<String> {
        let core = chunks[i].core;
        if !core.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(match self.numeric(core, chunks, i, false) {
            Some((text, _)) => text,
            None => self.fallback(core),
        })
    }

    /// A Roman numeral after a word like "thế kỷ" or "chương"; an ordinal after "thứ".
    fn roman_in_context(&self, chunks: &[Chunk], i: usize) -> Option<String> {
        let prev = word_before(chunks, i, 1)?;
        if !ROMAN_CONTEXT.contains(&prev.as_str()) {
            return None;
        }
        let n = roman(chunks[i].core)?;
        Some(if prev == "thứ" {
            ordinal(n, &self.style)
        } else {
            cardinal(n, &self.style)
        })
    }
}

/// A unit after a number and a space: "5 kg".
fn spaced_unit(chunks: &[Chunk], i: usize) -> Option<String> {
    let core = chunks[i].core;
    let after_number = i > 0
        && chunks[i - 1]
            .core
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        && !chunks[i - 1].core.is_empty();
    if !(SPACED_UNITS.contains(&core) && after_number) {
        return None;
    }
    UNITS
        .iter()
        .find(|(u, _)| *u == core)
        .map(|(_, w)| w.to_string())
}
