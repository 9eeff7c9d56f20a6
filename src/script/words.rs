//! Word clips for saying a date: "hôm nay, thứ hai, ngày ba mươi tháng mười một".
//!
//! A slot's greeting says the day's date. It is assembled from short recordings kept in
//! `audio-assets/voice/words/`: "hôm nay", the seven weekday names, "ngày", "mồng" and "mùng"
//! (said before days 1 to 10 where the style asks), the numbers one to thirty-one, "tháng" and
//! the twelve month names (tháng tư, not tháng bốn); for stations that say the lunar date too,
//! "tức ngày", the lunar months (tháng giêng … tháng chạp), "nhuận" and "âm lịch". Some seventy
//! clips recorded once serve every day of every year.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::normalize::{cardinal, Style};

/// The days of an ISO week, Monday first.
pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Estimated length of a spoken date, for script timing.
pub const DATE_ESTIMATE_S: f64 = 3.5;

/// Estimated length of the lunar date after it.
pub const LUNAR_ESTIMATE_S: f64 = 3.0;

/// A word clip: id, path relative to the project, and the text to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// `thu-hai`, `so-30`, `thang-11`…
    pub id: String,
    /// `audio-assets/voice/words/ID.wav`.
    pub clip: PathBuf,
    /// What to say.
    pub text: String,
}

fn word(id: &str, text: String) -> Word {
    Word {
        id: id.to_string(),
        clip: PathBuf::from(format!("audio-assets/voice/words/{id}.wav")),
        text,
    }
}

fn weekday_word(w: Weekday) -> (&'static str, &'static str) {
    match w {
        Weekday::Mon => ("thu-hai", "thứ hai"),
        Weekday::Tue => ("thu-ba", "thứ ba"),
        Weekday::Wed => ("thu-tu", "thứ tư"),
        Weekday::Thu => ("thu-nam", "thứ năm"),
        Weekday::Fri => ("thu-sau", "thứ sáu"),
        Weekday::Sat => ("thu-bay", "thứ bảy"),
        Weekday::Sun => ("chu-nhat", "chủ nhật"),
    }
}

/// Every word clip, in recording order.
pub fn all() -> Vec<Word> {
    let style = Style::default();
    let mut out = vec![word("hom-nay", "Hôm nay,".into())];
    for w in WEEKDAYS {
        let (id, text) = weekday_word(w);
        out.push(word(id, format!("{text},")));
    }
    out.push(word("ngay", "ngày".into()));
    // Before days 1 to 10 where the style says so: "ngày mồng bảy" (North), "ngày mùng bảy".
    out.push(word("mong", "mồng".into()));
    out.push(word("mung", "mùng".into()));
    for d in 1..=31u64 {
        out.push(word(&format!("so-{d}"), cardinal(d, &style)));
    }
    for m in 1..=12u32 {
        let name = if m == 4 {
            "tư".to_string()
        } else {
            cardinal(m.into(), &style)
        };
        out.push(word(&format!("thang-{m}"), format!("tháng {name}.")));
    }
    out.extend(lunar_words(&style));
    out
}

/// The words of the lunar date: "tức ngày", the lunar months (tháng giêng … tháng chạp),
/// "nhuận" and "âm lịch".
fn lunar_words(style: &Style) -> Vec<Word> {
    let mut out = vec![word("tuc-ngay", "Tức ngày".into())];
    for m in 1..=12u32 {
        let name = match m {
            1 => "giêng".to_string(),
            4 => "tư".to_string(),
            12 => "chạp".to_string(),
            _ => cardinal(m.into(), style),
        };
        out.push(word(&format!("am-thang-{m}"), format!("tháng {name}")));
    }
    out.push(word("nhuan", "nhuận".into()));
    out.push(word("am-lich", "âm lịch.".into()));
    out
}

/// The clips that say `date`, in order; `first_days` (`mong` or `mung`) is said before days 1
/// to 10; `lunar` adds the lunar date ("tức ngày mười tám tháng mười âm lịch").
pub fn date(date: NaiveDate, first_days: Option<&str>, lunar: bool) -> Vec<Word> {
    let all = all();
    let find = |id: &str| {
        all.iter()
            .find(|w| w.id == id)
            .cloned()
            .expect("known word")
    };
    let mut words = vec![
        find("hom-nay"),
        find(weekday_word(date.weekday()).0),
        find("ngay"),
    ];
    if let Some(w) = first_days.filter(|_| date.day() <= 10) {
        words.push(find(w));
    }
    words.push(find(&format!("so-{}", date.day())));
    words.push(find(&format!("thang-{}", date.month())));
    if lunar {
        let l = super::lunar::lunar(date);
        words.push(find("tuc-ngay"));
        if let Some(w) = first_days.filter(|_| l.day <= 10) {
            words.push(find(w));
        }
        words.push(find(&format!("so-{}", l.day)));
        words.push(find(&format!("am-thang-{}", l.month)));
        if l.leap {
            words.push(find("nhuan"));
        }
        words.push(find("am-lich"));
    }
    words
}

/// The spoken text of a date, as the clips say it.
pub fn date_text(d: NaiveDate, first_days: Option<&str>, lunar: bool) -> String {
    date(d, first_days, lunar)
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_the_date_the_way_the_greeting_needs() {
        for (d, first_days, text) in [
            (
                (2026, 11, 30),
                Some("mong"),
                "Hôm nay, thứ hai, ngày ba mươi tháng mười một.",
            ),
            ((2026, 4, 4), None, "Hôm nay, thứ bảy, ngày bốn tháng tư."),
            (
                (2026, 4, 4),
                Some("mong"),
                "Hôm nay, thứ bảy, ngày mồng bốn tháng tư.",
            ),
            (
                (2027, 1, 3),
                Some("mung"),
                "Hôm nay, chủ nhật, ngày mùng ba tháng một.",
            ),
            (
                (2026, 12, 10),
                Some("mong"),
                "Hôm nay, thứ năm, ngày mồng mười tháng mười hai.",
            ),
            (
                (2026, 12, 21),
                Some("mong"),
                "Hôm nay, thứ hai, ngày hai mươi mốt tháng mười hai.",
            ),
        ] {
            assert_eq!(
                date_text(
                    NaiveDate::from_ymd_opt(d.0, d.1, d.2).unwrap(),
                    first_days,
                    false
                ),
                text
            );
        }
        assert_eq!(all().len(), 1 + 7 + 1 + 2 + 31 + 12 + 15);
        let with_lunar = |y, m, d| {
            date_text(
                NaiveDate::from_ymd_opt(y, m, d).unwrap(),
                Some("mong"),
                true,
            )
        };
        assert_eq!(
            with_lunar(2026, 2, 17),
            "Hôm nay, thứ ba, ngày mười bảy tháng hai. Tức ngày mồng một tháng giêng âm lịch."
        );
        assert_eq!(
            with_lunar(2023, 3, 22),
            "Hôm nay, thứ tư, ngày hai mươi hai tháng ba. Tức ngày mồng một tháng hai nhuận âm lịch."
        );
    }
}
