//! Patterns that span several chunks: phone numbers written in spaced groups, spaced ranges
//! (`2022 - 2026`), a whole number and a fraction (`5 1/2`), and an address prefix whose dot
//! stands apart (`t . Bà Rịa`). Tried, in that order, before a chunk is read on its own.

use super::address::{is_address_prefix, starts_upper_or_digit};
use super::chunk::word_before;
use super::chunk::Chunk;
use super::identifiers::in_id_context;
use super::numeric::RATIO;
use super::phone::{digit_count, is_phone_start, phone_group};
use super::{digits, number, parse_int, Class, Normalizer};

/// What a span was read as, and how many chunks it used.
type Spoken = (String, usize);

/// A rule over the chunks from `i` on.
type SpanRule = fn(&Normalizer, &[Chunk], usize) -> Option<Spoken>;

const SPAN_RULES: &[(&str, SpanRule)] = &[
    ("phone number in groups", Normalizer::phone_groups),
    ("identifier in groups", Normalizer::id_groups),
    ("day range to a date", Normalizer::days_to_date),
    ("range", Normalizer::spaced_range),
    ("whole number and fraction", Normalizer::mixed_fraction),
    ("place prefix", Normalizer::detached_dot),
];

impl Normalizer {
    /// Patterns spanning several chunks; returns the spoken text, how many chunks it used and
    /// the rule's name.
    pub(super) fn multi(
        &self,
        chunks: &[Chunk],
        i: usize,
    ) -> Option<(String, usize, &'static str)> {
        SPAN_RULES
            .iter()
            .find_map(|(name, rule)| rule(self, chunks, i).map(|(t, n)| (t, n, *name)))
    }

    /// An identifier written in spaced groups after its context word:
    /// `số tài khoản 1903 4567 8901 23`.
    fn id_groups(&self, chunks: &[Chunk], i: usize) -> Option<Spoken> {
        let all_digits =
            |c: &Chunk| !c.core.is_empty() && c.core.bytes().all(|b| b.is_ascii_digit());
        if !(all_digits(&chunks[i]) && chunks[i].trail.is_empty() && in_id_context(chunks, i)) {
            return None;
        }
        let mut j = i + 1;
        while j < chunks.len() && chunks[j].lead.is_empty() && all_digits(&chunks[j]) {
            j += 1;
            if !chunks[j - 1].trail.is_empty() {
                break;
            }
        }
        if j - i < 2 {
            return None;
        }
        let groups: Vec<String> = chunks[i..j].iter().map(|k| digits(k.core)).collect();
        Some((
            format!(
                "{}{}{}",
                chunks[i].lead,
                groups.join(", "),
                chunks[j - 1].trail
            ),
            j - i,
        ))
    }

    /// Phone numbers written in space-separated groups: 0912 345 678, +84 123 456 7890.
    fn phone_groups(&self, chunks: &[Chunk], i: usize) -> Option<Spoken> {
        let c = chunks[i];
        if !(c.lead.is_empty() && c.trail.is_empty() && is_phone_start(c.core)) {
            return None;
        }
        let mut j = i + 1;
        let mut total = digit_count(c.core);
        while j < chunks.len()
            && chunks[j].lead.is_empty()
            && (1..=4).contains(&chunks[j].core.len())
            && chunks[j].core.bytes().all(|b| b.is_ascii_digit())
        {
            total += chunks[j].core.len();
            j += 1;
            if !chunks[j - 1].trail.is_empty() {
                break;
            }
        }
        if j - i < 2 || !(8..=13).contains(&total) {
            return None;
        }
        let groups: Vec<String> = chunks[i..j].iter().map(|k| phone_group(k.core)).collect();
        Some((
            format!("{}{}", groups.join(", "), chunks[j - 1].trail),
            j - i,
        ))
    }

    /// Spaced ranges of two readings of the same class: 2022 - 2026, 9h - 10h,
    /// 18/09 - 19/09/2018.
    fn spaced_range(&self, chunks: &[Chunk], i: usize) -> Option<Spoken> {
        let c = chunks[i];
        if !self.style.spaced_dash_range || i + 2 >= chunks.len() || !c.trail.is_empty() {
            return None;
        }
        let (dash, right) = (chunks[i + 1], chunks[i + 2]);
        let is_dash = dash.core == "-" || dash.core == "–";
        if !(is_dash && dash.lead.is_empty() && dash.trail.is_empty() && right.lead.is_empty()) {
            return None;
        }
        let (l, lc) = self.numeric(c.core, chunks, i, true)?;
        let (r, rc) = self.numeric(right.core, chunks, i + 2, true)?;
        super::numeric::joins(lc, rc).then(|| (format!("{}{l} đến {r}{}", c.lead, right.trail), 3))
    }

    /// A day, a dash, then a date: `01 - 02/6/2026` → ngày một đến ngày hai tháng sáu …;
    /// after "ngày" or "từ", also a date with a dot: `từ 18 - 21.9`.
    fn days_to_date(&self, chunks: &[Chunk], i: usize) -> Option<Spoken> {
        let c = chunks[i];
        if i + 2 >= chunks.len() || !c.trail.is_empty() {
            return None;
        }
        let (dash, right) = (chunks[i + 1], chunks[i + 2]);
        if !(matches!(dash.core, "-" | "–") && dash.trail.is_empty() && right.lead.is_empty()) {
            return None;
        }
        let day = parse_int(c.core);
        if !(c.core.len() <= 2 && (1..=31).contains(&day)) {
            return None;
        }
        let prev = word_before(chunks, i, 1).unwrap_or_default();
        let date = match self.numeric(right.core, chunks, i + 2, true) {
            Some((text, Class::Date)) => text,
            _ if ["ngày", "từ"].contains(&prev.as_str()) => self.dot_date(right.core)?,
            _ => return None,
        };
        let day_word = if prev == "ngày" { "" } else { "ngày " };
        let day = number::cardinal(day, &self.style);
        Some((
            format!("{}{day_word}{day} đến {date}{}", c.lead, right.trail),
            3,
        ))
    }

    /// A whole number and a fraction: 5 1/2 → năm và một phần hai.
    fn mixed_fraction(&self, chunks: &[Chunk], i: usize) -> Option<Spoken> {
        let c = chunks[i];
        if i + 1 >= chunks.len()
            || !c.trail.is_empty()
            || !c.core.bytes().all(|b| b.is_ascii_digit())
            || c.core.is_empty()
        {
            return None;
        }
        let next = chunks[i + 1];
        let caps = RATIO.captures(next.core)?;
        let (a, b) = (parse_int(&caps[1]), parse_int(&caps[2]));
        if !((2..=10).contains(&b) && a > 0 && a < b && next.lead.is_empty()) {
            return None;
        }
        let whole = number::cardinal_str(c.core, &self.style);
        Some((
            format!("{}{whole} và {}{}", c.lead, self.fraction(a, b), next.trail),
            2,
        ))
    }

    /// An address prefix with a detached dot: "t . Bà Rịa".
    fn detached_dot(&self, chunks: &[Chunk], i: usize) -> Option<Spoken> {
        let c = chunks[i];
        if i + 2 >= chunks.len()
            || !c.trail.is_empty()
            || !chunks[i + 1].core.is_empty()
            || chunks[i + 1].trail != "."
        {
            return None;
        }
        let key = format!("{}.", c.core);
        if !(is_address_prefix(&key) && starts_upper_or_digit(chunks[i + 2].core)) {
            return None;
        }
        let exp = self.lexicon.abbreviation(&key)?;
        Some((format!("{}{exp}", c.lead), 2))
    }
}
