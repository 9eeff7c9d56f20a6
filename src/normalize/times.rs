//! Times of day: `8:15:30`, `7h30`, `7g30p`, `19:30`, `7h`. Hours up to 24.

use super::numeric::Ctx;
use super::{cardinal, parse_int, Class, Normalizer, Reading};

pattern!(TIME_HM, r"(\d{1,2})(?:h|g|:)(\d{2})(?:p|ph|')?");
pattern!(TIME_H, r"(\d{1,2})[hg]");
pattern!(TIME_HMS, r"(\d{1,2}):(\d{2}):(\d{2})");

impl Normalizer {
    /// `8:15:30` → tám giờ mười lăm phút ba mươi giây.
    pub(super) fn time_hms(&self, x: &Ctx) -> Option<Reading> {
        let c = TIME_HMS.captures(x.core)?;
        let (h, m, sec) = (parse_int(&c[1]), parse_int(&c[2]), parse_int(&c[3]));
        if !(h <= 24 && m < 60 && sec < 60) {
            return None;
        }
        let s = &self.style;
        let text = format!(
            "{} giờ {} phút {} giây",
            cardinal(h, s),
            cardinal(m, s),
            cardinal(sec, s)
        );
        Some((text, Class::Time))
    }

    /// `7h30`, `19:30`, `7g30p` → bảy giờ ba mươi phút; no minutes said for `:00`.
    pub(super) fn time_hm(&self, x: &Ctx) -> Option<Reading> {
        let c = TIME_HM.captures(x.core)?;
        let (h, m) = (parse_int(&c[1]), parse_int(&c[2]));
        (h <= 24 && m < 60).then(|| (self.clock(h, m), Class::Time))
    }

    /// `7h`, `7g` → bảy giờ.
    pub(super) fn time_h(&self, x: &Ctx) -> Option<Reading> {
        let c = TIME_H.captures(x.core)?;
        let h = parse_int(&c[1]);
        (h <= 24).then(|| (self.clock(h, 0), Class::Time))
    }

    /// An hour and minutes: "mười bảy giờ ba mươi phút", or with the 12-hour style "năm giờ
    /// rưỡi chiều".
    fn clock(&self, h: u64, m: u64) -> String {
        let s = &self.style;
        if !s.clock_12 {
            let mut t = format!("{} giờ", cardinal(h, s));
            if m > 0 {
                t.push_str(&format!(" {} phút", cardinal(m, s)));
            }
            return t;
        }
        let (hour, part) = twelve_hour(h);
        let minutes = match m {
            0 => String::new(),
            30 => " rưỡi".to_string(),
            m => format!(" {}", cardinal(m, s)),
        };
        format!("{} giờ{minutes} {part}", cardinal(hour, s))
    }
}

/// The hour on a 12-hour clock and the part of the day it falls in ("sáng", "trưa", "chiều",
/// "tối", "đêm"): what the `clock_12` style says, and the slot closing's next broadcast too.
pub fn twelve_hour(h: u64) -> (u64, &'static str) {
    match h {
        0 | 24 => (12, "đêm"),
        1..=10 => (h, "sáng"),
        11 | 12 => (h, "trưa"),
        13..=17 => (h - 12, "chiều"),
        18..=21 => (h - 12, "tối"),
        _ => (h - 12, "đêm"),
    }
}
