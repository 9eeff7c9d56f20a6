//! A core holding digits, read by a list of rules tried in order from the most specific
//! (USSD codes, document numbers, dates) to the most general (any number); the first rule that
//! reads the core wins. The general rules are here: percentages, ranges, ratios and fractions,
//! plain and decimal numbers; the others live with their kind (`dates`, `times`, `phone`,
//! `money`, `units`, `documents`).

use super::chunk::{word_before, Chunk};
use super::style::Per;
use super::{cardinal, digits, number, ordinal, parse_int, Class, Normalizer, Reading};

pattern!(PERCENT_RANGE, r"(DEC)-(DEC)%(?:/(\p{L}+))?");
pattern!(PERCENT, r"(-?DEC)%(?:/(\p{L}+))?");
pattern!(pub(super) RATIO, r"(NUM)/(NUM)");
pattern!(NUMBER, r"(-?)(NUM)(?:,(\d+))?");
pattern!(DOT_DECIMAL, r"(-?)(\d+)\.(\d{1,2}|\d{4,})");

/// Words after which 111–115 are hotlines read digit by digit.
const HOTLINE_CONTEXT: &[&str] = &["gọi", "số", "bấm", "quay", "nóng", "đài", "/"];

/// A core with digits, where it stands, and the two words before it (lower case).
pub(super) struct Ctx<'a> {
    pub core: &'a str,
    pub chunks: &'a [Chunk<'a>],
    pub i: usize,
    /// Set when the core is one side of a range, which makes `d/m` a date.
    pub in_range: bool,
    pub prev: String,
    pub prev2: String,
}

/// One way to read a core; `None` passes it to the next rule.
type Rule = fn(&Normalizer, &Ctx) -> Option<Reading>;

/// The rules, most specific first, with the names `--explain` prints.
const RULES: &[(&str, Rule)] = &[
    ("USSD code", Normalizer::ussd),
    ("document number", Normalizer::document_number),
    ("law number", Normalizer::law_number),
    ("licence plate", Normalizer::plate),
    ("date", Normalizer::full_date),
    ("month range", Normalizer::month_range),
    ("day range", Normalizer::day_range),
    ("month and year", Normalizer::month_year),
    ("day and month", Normalizer::day_month),
    ("time", Normalizer::time_hms),
    ("time", Normalizer::time_hm),
    ("time", Normalizer::time_h),
    ("phone number", Normalizer::phone_number),
    ("identifier", Normalizer::identifier),
    ("version", Normalizer::version),
    ("address number", Normalizer::address_number),
    ("kilometre mark", Normalizer::km_mark),
    ("labelled number", Normalizer::labelled),
    ("plus", Normalizer::plus),
    ("percent range", Normalizer::percent_range),
    ("percent", Normalizer::percent),
    ("money", Normalizer::money),
    ("millions", Normalizer::millions),
    ("thousands", Normalizer::thousands),
    ("unit", Normalizer::unit),
    ("range", Normalizer::range),
    ("ratio", Normalizer::ratio),
    ("number", Normalizer::plain_number),
    ("decimal with a dot", Normalizer::dot_decimal),
];

impl Normalizer {
    /// Reads a core holding digits. `in_range` is set when the core is one side of a range, which
    /// makes `d/m` a date. Returns the text and what it was read as.
    pub(super) fn numeric(
        &self,
        core: &str,
        chunks: &[Chunk],
        i: usize,
        in_range: bool,
    ) -> Option<Reading> {
        self.numeric_named(core, chunks, i, in_range)
            .map(|(r, _)| r)
    }

    /// [`Self::numeric`] with the name of the rule that read the core.
    pub(super) fn numeric_named(
        &self,
        core: &str,
        chunks: &[Chunk],
        i: usize,
        in_range: bool,
    ) -> Option<(Reading, &'static str)> {
        let ctx = Ctx {
            core,
            chunks,
            i,
            in_range,
            prev: word_before(chunks, i, 1).unwrap_or_default(),
            prev2: word_before(chunks, i, 2).unwrap_or_default(),
        };
        RULES
            .iter()
            .find_map(|(name, rule)| rule(self, &ctx).map(|r| (r, *name)))
    }

    /// `3-5%`, `1-2%/năm`.
    fn percent_range(&self, x: &Ctx) -> Option<Reading> {
        let c = PERCENT_RANGE.captures(x.core)?;
        let mut text = format!(
            "{} đến {} phần trăm",
            self.number(&c[1]),
            self.number(&c[2])
        );
        if let Some(per) = c.get(3) {
            text = format!("{text} {}", self.per(per.as_str()));
        }
        Some((text, Class::Percent))
    }

    /// `-2,5%`, `0,5%/tháng`.
    fn percent(&self, x: &Ctx) -> Option<Reading> {
        let c = PERCENT.captures(x.core)?;
        let mut text = format!("{} phần trăm", self.number(&c[1]));
        if let Some(per) = c.get(2) {
            text = format!("{text} {}", self.per(per.as_str()));
        }
        Some((text, Class::Percent))
    }

    /// General ranges: 1873-1907, 3kg-6kg, 50.000đ-100.000đ, 10:00-11:00, 6-7, when both sides
    /// read as the same class. A side of a range is never itself a range: without that, a word
    /// of many hyphens took time exponential in their number (found by the fuzzer).
    fn range(&self, x: &Ctx) -> Option<Reading> {
        if x.in_range {
            return None;
        }
        x.core
            .match_indices('-')
            .filter(|(p, _)| *p > 0)
            .find_map(|(pos, _)| {
                let (l, r) = (&x.core[..pos], &x.core[pos + 1..]);
                let (lt, lc) = self.numeric(l, x.chunks, x.i, true)?;
                let (rt, rc) = self.numeric(r, x.chunks, x.i, true)?;
                joins(lc, rc).then(|| (format!("{lt} đến {rt}"), rc))
            })
    }

    /// `a/b`: a fraction when 0 < a < b ≤ 10, otherwise "a trên b"; `62.12/70.00m`, a number
    /// out of a measure: "… trên … mét".
    fn ratio(&self, x: &Ctx) -> Option<Reading> {
        let Some(c) = RATIO.captures(x.core) else {
            return self.out_of_measure(x);
        };
        let (a, b) = (parse_int(&c[1]), parse_int(&c[2]));
        if (2..=10).contains(&b) && a > 0 && a < b {
            return Some((self.fraction(a, b), Class::Number));
        }
        let card = |s: &str| number::cardinal_str(&s.replace('.', ""), &self.style);
        let text = format!("{} trên {}", card(&c[1]), card(&c[2]));
        Some((text, Class::Number))
    }

    /// `62.12/70.00m`: a number out of a measure.
    fn out_of_measure(&self, x: &Ctx) -> Option<Reading> {
        let (l, r) = x.core.split_once('/')?;
        let (lt, lc) = self.numeric(l, x.chunks, x.i, true)?;
        let (rt, rc) = self.numeric(r, x.chunks, x.i, true)?;
        (lc == Class::Number && rc == Class::Unit).then(|| (format!("{lt} trên {rt}"), rc))
    }

    /// A number: an ordinal after "thứ", a hotline (111–115) digit by digit where one is
    /// meant, otherwise signed with thousand dots and a decimal comma.
    fn plain_number(&self, x: &Ctx) -> Option<Reading> {
        let c = NUMBER.captures(x.core)?;
        let int = c[2].replace('.', "");
        let whole = c[1].is_empty() && c.get(3).is_none();
        if let Some(n) = int.parse::<u64>().ok().filter(|_| whole) {
            if x.prev == "thứ" && int.len() <= 4 {
                return Some((ordinal(n, &self.style), Class::Number));
            }
            if (111..=115).contains(&n) && int.len() == 3 && is_hotline_context(x) {
                return Some((digits(&int), Class::Number));
            }
        }
        Some((self.number(x.core), Class::Number))
    }

    /// `3.14`, `-0.5`: a dot before one, two or four and more digits is a decimal point.
    fn dot_decimal(&self, x: &Ctx) -> Option<Reading> {
        let c = DOT_DECIMAL.captures(x.core)?;
        let sign = if c[1].is_empty() { "" } else { "âm " };
        let text = format!(
            "{sign}{} phẩy {}",
            number::cardinal_str(&c[2], &self.style),
            number::decimals(&c[3], &self.style)
        );
        Some((text, Class::Number))
    }

    /// A signed number with optional thousand dots and decimal comma: -1.234,56.
    pub(super) fn number(&self, text: &str) -> String {
        let s = &self.style;
        let (sign, rest) = match text.strip_prefix('-') {
            Some(r) => ("âm ", r),
            None => ("", text),
        };
        let (int, frac) = match rest.split_once(',') {
            Some((i, f)) => (i, Some(f)),
            None => match rest.split_once('.') {
                // A dot before one or two digits is a decimal point (`74.4mm`, `2.61%`).
                Some((i, f)) if (1..=2).contains(&f.len()) && !f.contains('.') => (i, Some(f)),
                _ => (rest, None),
            },
        };
        let mut t = format!("{sign}{}", number::cardinal_str(&int.replace('.', ""), s));
        if let Some(f) = frac {
            t.push_str(" phẩy ");
            t.push_str(&number::decimals(f, s));
        }
        t
    }

    /// `a/b` as a fraction: "một phần tư".
    pub(super) fn fraction(&self, a: u64, b: u64) -> String {
        let denominator = if b == 4 {
            "tư".to_string()
        } else {
            cardinal(b, &self.style)
        };
        format!("{} phần {denominator}", cardinal(a, &self.style))
    }

    /// "/X" after an amount: "một X" or "trên X"; a measurement unit always takes "một".
    pub(super) fn per(&self, what: &str) -> String {
        if let Some(w) = super::units::unit_word(what) {
            return format!("một {w}");
        }
        let word = self.word(what).unwrap_or_else(|| what.to_string());
        match self.style.per {
            Per::Mot => format!("một {word}"),
            Per::Tren => format!("trên {word}"),
        }
    }
}

/// Two sides of a range read together: the same class, or a bare number before a measure
/// (`12-15°C`, `85-90%`, `7-9h`: the unit said once, at the end).
pub(super) fn joins(left: Class, right: Class) -> bool {
    left == right || (left == Class::Number && right != Class::Date)
}

/// A number alone on its line, before "/", or after a word like "gọi": a hotline.
fn is_hotline_context(x: &Ctx) -> bool {
    let standalone = x.chunks.len() == 1;
    let next_slash = x.chunks.get(x.i + 1).is_some_and(|n| n.core == "/");
    standalone || next_slash || HOTLINE_CONTEXT.contains(&x.prev.as_str())
}
