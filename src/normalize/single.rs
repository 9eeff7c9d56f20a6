//! One chunk read on its own: a dotted abbreviation (`TP.`), a word from the lexicon or the
//! glossary, an amount per unit (`đồng/kg`), a core with digits, a Roman numeral after its
//! context word, a web or e-mail address, a unit after a spaced number (`5 kg`). A core none of
//! them reads is said as written.

use super::address::{is_address_prefix, looks_like_address, starts_upper_or_digit};
use super::chunk::{word_before, Chunk};
use super::identifiers::spell;
use super::units::{unit_word, SPACED_UNITS, UNIT_PER};
use super::{cardinal, ordinal, roman, Normalizer};

/// Words after which a Roman numeral is read.
const ROMAN_CONTEXT: &[&str] = &[
    "kỷ", "khoản", "lục", "chương", "mục", "phần", "khóa", "khoá", "thứ", "kỳ", "đợt", "tập",
    "quyển", "đoạn",
];

impl Normalizer {
    /// Reads one chunk; returns the spoken core, the trailing punctuation still to print, and
    /// the rule that read it.
    pub(super) fn single<'a>(
        &self,
        chunks: &[Chunk<'a>],
        i: usize,
    ) -> (String, &'a str, &'static str) {
        let c = chunks[i];
        if c.core.is_empty() {
            return (String::new(), c.trail, "punctuation");
        }
        if let Some((spoken, trail)) = self.dotted_abbreviation(chunks, i) {
            return (spoken, trail, "lexicon");
        }
        let (spoken, rule) = in_context(chunks, i)
            .map(|w| (w.to_string(), "abbreviation in context"))
            .or_else(|| self.word(c.core).map(|w| (w, self.word_rule(c.core))))
            .or_else(|| {
                self.spaced_unit(chunks, i)
                    .map(|t| (t, "unit after a number"))
            })
            .or_else(|| self.unit_per(c.core).map(|t| (t, "unit per")))
            .or_else(|| self.with_digits(chunks, i))
            .or_else(|| {
                self.roman_in_context(chunks, i)
                    .map(|t| (t, "roman numeral"))
            })
            .or_else(|| {
                looks_like_address(c.core)
                    .then(|| (self.spell_address(c.core), "web or e-mail address"))
            })
            .or_else(|| initials(c.core).map(|t| (t, "initials")))
            .or_else(|| self.either(c.core).map(|t| (t, "word/word")))
            .or_else(|| self.hyphenated(c.core).map(|t| (t, "hyphenated words")))
            .unwrap_or_else(|| (c.core.to_string(), "as written"));
        (spoken, c.trail, rule)
    }

    /// Which list a word was found in.
    fn word_rule(&self, core: &str) -> &'static str {
        if self.abbreviation(core).is_some() {
            "lexicon"
        } else if self.lexicon.glossary(core).is_some() {
            "glossary"
        } else {
            "lexicon compound"
        }
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
        let first = self.word(&caps[1]).unwrap_or_else(|| caps[1].to_string());
        Some(format!("{first} {}", self.per(&caps[2])))
    }

    /// A core with digits: by the numeric rules, or else letters and digit runs one by one.
    fn with_digits(&self, chunks: &[Chunk], i: usize) -> Option<(String, &'static str)> {
        let core = chunks[i].core;
        if !core.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(match self.numeric_named(core, chunks, i, false) {
            Some(((text, _), rule)) => (text, rule),
            None => (self.spell_mixed(core), "letters and digits"),
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

/// Abbreviations whose reading depends on the word before: (word before, abbreviation, said).
const IN_CONTEXT: &[(&str, &str, &str)] = &[
    ("ty", "CP", "cổ phần"),
    ("gạo", "TP", "thành phẩm"),
    ("hàng", "TP", "thành phẩm"),
];

/// A reading that depends on the word before: `Công ty CP` cổ phần, `11:05 AM` sáng.
fn in_context(chunks: &[Chunk], i: usize) -> Option<&'static str> {
    let prev = chunks.get(i.checked_sub(1)?)?;
    let core = chunks[i].core;
    if let Some((_, _, said)) = IN_CONTEXT
        .iter()
        .find(|(before, abbr, _)| *abbr == core && prev.core.to_lowercase() == *before)
    {
        return Some(said);
    }
    let after_time = prev.core.bytes().any(|b| b.is_ascii_digit())
        && prev.core.contains([':', 'h'])
        && prev.trail.is_empty();
    match core {
        "AM" | "am" | "SA" if after_time => Some("sáng"),
        "PM" | "pm" | "CH" if after_time => Some("chiều"),
        _ => None,
    }
}

/// True when chunk `i` follows a number written on its own (`5 kg`).
fn after_number(chunks: &[Chunk], i: usize) -> bool {
    i > 0
        && !chunks[i - 1].core.is_empty()
        && chunks[i - 1]
            .core
            .bytes()
            .all(|b| b.is_ascii_digit() || b".,-".contains(&b))
}

/// A capital consonant on its own, or initials with dots (`H`, `H.N.T`): spelt, "hát nờ tê".
/// A lone vowel is a word (`Bộ Y tế`).
fn initials(core: &str) -> Option<String> {
    let letters: Vec<&str> = core.trim_start_matches('.').split('.').collect();
    let one_each = letters
        .iter()
        .all(|l| l.chars().count() == 1 && l.chars().all(char::is_uppercase));
    let vowel_word = letters.len() == 1 && core.len() == 1 && "AEIOUY".contains(core);
    (one_each && !vowel_word)
        .then(|| spell(&letters.concat()))
        .flatten()
}

impl Normalizer {
    /// Words joined by hyphens (`Lương-TP.HCM`, `E-UTRA`), each read on its own.
    fn hyphenated(&self, core: &str) -> Option<String> {
        let parts: Vec<&str> = core.split('-').filter(|p| !p.is_empty()).collect();
        if parts.len() < 2 || core.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        let read: Vec<String> = parts
            .iter()
            .map(|p| {
                self.word(p)
                    .or_else(|| initials(p))
                    .unwrap_or_else(|| p.to_string())
            })
            .collect();
        Some(read.join(" "))
    }
}

impl Normalizer {
    /// `tỉnh/thành`, `Apple/Google`: words on both sides of a slash, with a pause between.
    fn either(&self, core: &str) -> Option<String> {
        let (l, r) = core.split_once('/')?;
        let is_word = |w: &str| !w.is_empty() && w.chars().all(char::is_alphabetic);
        if !(is_word(l) && is_word(r)) {
            return None;
        }
        let say = |w: &str| self.word(w).unwrap_or_else(|| w.to_string());
        Some(format!("{}, {}", say(l), say(r)))
    }
}

impl Normalizer {
    /// A unit after a number and a space: "5 kg", "5.070 m³/s".
    fn spaced_unit(&self, chunks: &[Chunk], i: usize) -> Option<String> {
        if !after_number(chunks, i) {
            return None;
        }
        let (unit, per) = match chunks[i].core.split_once('/') {
            Some((u, p)) => (u, Some(p)),
            None => (chunks[i].core, None),
        };
        if !SPACED_UNITS.contains(&unit) {
            return None;
        }
        let word = unit_word(unit)?;
        Some(match per {
            Some(p) => format!("{word} trên {}", self.per_unit(p)),
            None => word.to_string(),
        })
    }
}
