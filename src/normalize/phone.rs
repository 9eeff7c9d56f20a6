//! Phone numbers and USSD codes, read digit by digit: a phone number in its groups (as written
//! with `.` or `-`, or 4-3-3 when plain), `+84` as "cộng tám tư", `*101#` as "sao … thăng".

use super::numeric::Ctx;
use super::{digits, Class, Normalizer, Reading};

pattern!(PHONE_SEP, r"\+?\d{2,4}(?:[.-]\d{2,4}){1,3}");
pattern!(USSD, r"\*(\d+(?:\*\d+)*)#");
pattern!(PHONE_PLAIN, r"0\d{9,10}|1[89]00\d{4}");

impl Normalizer {
    /// `*101#` → sao một không một thăng.
    pub(super) fn ussd(&self, x: &Ctx) -> Option<Reading> {
        let c = USSD.captures(x.core)?;
        let body: Vec<String> = c[1].split('*').map(digits).collect();
        Some((format!("sao {} thăng", body.join(" sao ")), Class::Number))
    }

    /// A phone number in one chunk: `0912.345.678`, `+84-912-345-678`, `0912345678`,
    /// `18001234`.
    pub(super) fn phone_number(&self, x: &Ctx) -> Option<Reading> {
        let core = x.core;
        let separated = PHONE_SEP.is_match(core)
            && (core.starts_with('0') || core.starts_with('+'))
            && (9..=13).contains(&digit_count(core));
        (separated || PHONE_PLAIN.is_match(core)).then(|| (phone(core), Class::Number))
    }
}

/// How many ASCII digits a text holds.
pub(super) fn digit_count(s: &str) -> usize {
    s.bytes().filter(u8::is_ascii_digit).count()
}

/// The first group of a phone number written with spaces: `0912`, `1800`, `+84`.
pub(super) fn is_phone_start(core: &str) -> bool {
    let digits_only = core.bytes().all(|b| b.is_ascii_digit());
    (core.starts_with('0') && digits_only && core.len() <= 4)
        || core == "1800"
        || core == "1900"
        || (core.starts_with('+')
            && core.len() <= 4
            && core[1..].bytes().all(|b| b.is_ascii_digit())
            && core.len() > 1)
}

/// One group of a phone number, digit by digit; `+` is "cộng".
pub(super) fn phone_group(g: &str) -> String {
    match g.strip_prefix('+') {
        Some(rest) => format!("cộng {}", digits(rest)),
        None => digits(g),
    }
}

/// A phone number in one chunk: groups by its separators, or 4-3-3 (4-3-4) when plain.
fn phone(core: &str) -> String {
    let groups: Vec<String> = if core.contains(['.', '-']) {
        core.split(['.', '-']).map(phone_group).collect()
    } else {
        let d: Vec<char> = core.chars().collect();
        let cuts: &[usize] = match d.len() {
            8 => &[4],
            _ => &[4, 7],
        };
        let mut out = Vec::new();
        let mut start = 0;
        for &c in cuts.iter().chain(std::iter::once(&d.len())) {
            out.push(digits(&d[start..c].iter().collect::<String>()));
            start = c;
        }
        out
    };
    groups.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_groups() {
        for (core, want) in [
            ("0912345678", "không chín một hai, ba bốn năm, sáu bảy tám"),
            (
                "09123456789",
                "không chín một hai, ba bốn năm, sáu bảy tám chín",
            ),
            ("18001234", "một tám không không, một hai ba bốn"),
            ("+84-912.345", "cộng tám bốn, chín một hai, ba bốn năm"),
        ] {
            assert_eq!(phone(core), want, "{core}");
        }
    }

    #[test]
    fn phone_starts() {
        for (core, want) in [
            ("0912", true),
            ("09123", false),
            ("1800", true),
            ("+84", true),
            ("+", false),
            ("+8a", false),
            ("912", false),
        ] {
            assert_eq!(is_phone_start(core), want, "{core}");
        }
    }
}
