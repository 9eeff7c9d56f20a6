//! Dates: `12/3/2024` (any one of `/`, `.`, `-` used twice), month ranges (`3-5/2026`), day
//! ranges (`1-3/2`, `1-3/2/2025`), month and year (`12/2024`), and day and month (`5/9`) where
//! the words before make it a date rather than a fraction.

use super::numeric::Ctx;
use super::{cardinal, number, parse_int, Class, Normalizer, Reading};

pattern!(FULL_DATE, r"-?(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4})");
pattern!(MONTH_RANGE, r"(\d{1,2})-(\d{1,2})/(\d{4})");
pattern!(DAY_RANGE, r"(\d{1,2})-(\d{1,2})/(\d{1,2})(?:/(\d{4}))?");
pattern!(MONTH_YEAR, r"(\d{1,2})/(\d{4})");
pattern!(DAY_MONTH, r"(\d{1,2})/(\d{1,2})");
pattern!(MONTH_YEAR_DASH, r"(\d{1,2})[-.](\d{4})");
pattern!(DAY_MONTH_DASH, r"(\d{1,2})[-.](\d{1,2})");

/// Words after which `d/m` is a date rather than a fraction.
const DATE_CONTEXT: &[&str] = &[
    "ngày", "mùng", "mồng", "hôm", "sáng", "chiều", "tối", "trưa", "đêm", "rạng", "từ", "đến",
    "tới", "trước", "sau", "vào", "hạn", "nay", "lúc", "mai",
];
/// Words after which `2/2025` is a round of a year, not a month: "đợt hai năm …".
const ROUND_WORDS: &[&str] = &["đợt", "lần", "kỳ", "khóa", "khoá", "vòng"];
/// Words after which a date already has its day word.
const DAY_WORDS: &[&str] = &["ngày", "mùng", "mồng", "hôm"];

impl Normalizer {
    /// `12/3/2024`, `12.3.2024`, `12-3-2024` (the same separator twice).
    pub(super) fn full_date(&self, x: &Ctx) -> Option<Reading> {
        let c = FULL_DATE.captures(x.core)?;
        let (d, m) = (parse_int(&c[1]), parse_int(&c[3]));
        if c[2] != c[4] || !valid_day_month(d, m) {
            return None;
        }
        let year = (!self.near(d, m, &c[5])).then_some(&c[5]);
        Some((self.date(d, m, year, &x.prev), Class::Date))
    }

    /// Whether a date is near enough the airing day to go without its year.
    fn near(&self, d: u64, m: u64, year: &str) -> bool {
        let (Some(on), true) = (self.on, self.style.near_year) else {
            return false;
        };
        let date = year
            .parse()
            .ok()
            .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, m as u32, d as u32));
        date.is_some_and(|date| (-31..=183).contains(&(date - on).num_days()))
    }

    /// `3-5/2026` → tháng ba đến tháng năm năm …
    pub(super) fn month_range(&self, x: &Ctx) -> Option<Reading> {
        let c = MONTH_RANGE.captures(x.core)?;
        let (m1, m2) = (parse_int(&c[1]), parse_int(&c[2]));
        if !((1..=12).contains(&m1) && (1..=12).contains(&m2) && m1 < m2) {
            return None;
        }
        let s = &self.style;
        let text = format!(
            "{}{} đến tháng {} năm {}",
            month_word(&x.prev),
            number::month(m1 as u32, s),
            number::month(m2 as u32, s),
            number::cardinal_str(&c[3], s)
        );
        Some((text, Class::Date))
    }

    /// `1-3/2`, `1-3/2/2025` → ngày một đến ba tháng hai …
    pub(super) fn day_range(&self, x: &Ctx) -> Option<Reading> {
        let c = DAY_RANGE.captures(x.core)?;
        let (d1, d2, m) = (parse_int(&c[1]), parse_int(&c[2]), parse_int(&c[3]));
        if !(valid_day_month(d1, m) && valid_day_month(d2, m) && d1 < d2) {
            return None;
        }
        let s = &self.style;
        let mut t = format!(
            "{}{} đến {} tháng {}",
            self.day_prefix(&x.prev),
            cardinal(d1, s),
            cardinal(d2, s),
            number::month(m as u32, s)
        );
        if let Some(y) = c.get(4) {
            t.push_str(&format!(" năm {}", number::cardinal_str(y.as_str(), s)));
        }
        Some((t, Class::Date))
    }

    /// `12/2024` with a year 1800–2199 → tháng mười hai năm …
    pub(super) fn month_year(&self, x: &Ctx) -> Option<Reading> {
        // `tháng 12-2025`: a month, where a bare `12-2025` is a range.
        let c = MONTH_YEAR.captures(x.core).or_else(|| {
            (x.prev == "tháng" && !x.in_range)
                .then(|| MONTH_YEAR_DASH.captures(x.core))
                .flatten()
        })?;
        let (m, y) = (parse_int(&c[1]), parse_int(&c[2]));
        if !((1..=12).contains(&m) && (1800..=2199).contains(&y)) {
            return None;
        }
        let s = &self.style;
        if ROUND_WORDS.contains(&x.prev.as_str()) {
            let text = format!(
                "{} năm {}",
                number::cardinal_str(&c[1], s),
                number::cardinal_str(&c[2], s)
            );
            return Some((text, Class::Number));
        }
        let text = format!(
            "{}{} năm {}",
            month_word(&x.prev),
            number::month(m as u32, s),
            number::cardinal_str(&c[2], s)
        );
        Some((text, Class::Date))
    }

    /// `5/9` as a date: in a range, or after a word like "ngày", "từ", "hạn".
    pub(super) fn day_month(&self, x: &Ctx) -> Option<Reading> {
        // `ngày 19-12`, `ngày 8.4`: a date, where a bare `19-12` is a range, `8.4` a decimal.
        let dashed_after_ngay = x.prev == "ngày" && !x.in_range;
        let c = DAY_MONTH.captures(x.core).or_else(|| {
            dashed_after_ngay
                .then(|| DAY_MONTH_DASH.captures(x.core))
                .flatten()
        })?;
        let (d, m) = (parse_int(&c[1]), parse_int(&c[2]));
        let date_context = x.in_range || DATE_CONTEXT.contains(&x.prev.as_str());
        (valid_day_month(d, m) && date_context)
            .then(|| (self.date(d, m, None, &x.prev), Class::Date))
    }

    /// `21.9` as a day and month, where the words around make it a date.
    pub(super) fn dot_date(&self, core: &str) -> Option<String> {
        let (d, m) = core.split_once('.')?;
        let all_digits =
            |t: &str| (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
        let (d, m) = (
            all_digits(d).then(|| parse_int(d))?,
            all_digits(m).then(|| parse_int(m))?,
        );
        valid_day_month(d, m).then(|| self.date(d, m, None, "-"))
    }

    /// "mồng " (or "mùng " in the South) before days 1 to 10, when the style asks for it.
    fn mong(&self, d: u64, prev: &str) -> &'static str {
        let said = ["mồng", "mùng"].contains(&prev);
        match (self.style.mong && d <= 10 && !said, self.style.dialect) {
            (false, _) => "",
            (true, super::Dialect::Nam) => "mùng ",
            (true, super::Dialect::Bac) => "mồng ",
        }
    }

    /// "ngày " before a date, unless the style leaves it out or the text already said it.
    fn day_prefix(&self, prev: &str) -> &'static str {
        if self.style.date_prefix && !DAY_WORDS.contains(&prev) {
            "ngày "
        } else {
            ""
        }
    }

    /// A day, a month and an optional year (as written).
    fn date(&self, d: u64, m: u64, year: Option<&str>, prev: &str) -> String {
        let s = &self.style;
        let mut t = format!(
            "{}{}{} tháng {}",
            self.day_prefix(prev),
            self.mong(d, prev),
            cardinal(d, s),
            number::month(m as u32, s)
        );
        if let Some(y) = year {
            t.push_str(&format!(" năm {}", number::cardinal_str(y, s)));
        }
        t
    }
}

/// "tháng " before a month, unless the text just said it.
fn month_word(prev: &str) -> &'static str {
    if prev == "tháng" {
        ""
    } else {
        "tháng "
    }
}

fn valid_day_month(d: u64, m: u64) -> bool {
    (1..=12).contains(&m) && (1..=31).contains(&d)
}
