//! Word clips for saying a date: "hôm nay, thứ hai, ngày ba mươi tháng mười một".
//!
//! A slot's greeting says the day's date. It is assembled from short recordings kept in
//! `audio-assets/voice/words/`: "hôm nay", the seven weekday names, "ngày", "mồng" and "mùng"
//! (said before days 1 to 10 where the style asks), the numbers one to thirty-one, "tháng" and
//! the twelve month names (tháng tư, not tháng bốn); for stations that say the lunar date too,
//! "tức ngày", the lunar months (tháng giêng … tháng chạp), "nhuận" and "âm lịch".
//!
//! A slot's closing says when the next broadcast is, from the same kind of clips: "Mời bà con
//! đón nghe buổi phát thanh tiếp theo vào", the hour (one to twelve), "giờ", "rưỡi" or the
//! minutes (up to fifty-nine), the part of the day (sáng, trưa, chiều, tối, đêm) and the day:
//! "nay.", "mai.", a weekday ("thứ hai.") or, a week or more away, the date. Some hundred and
//! twenty clips recorded once serve every day of every year.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};

use crate::normalize::{cardinal, twelve_hour, Style};

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

/// Estimated length of the next broadcast's time, with its lead-in.
pub const NEXT_ESTIMATE_S: f64 = 5.0;

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
    // Days of the month, and minutes for the next broadcast's time.
    for d in 1..=59u64 {
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
    out.extend(next_words());
    out
}

/// The parts of the day a clock time is said with: (id, text).
const DAY_PARTS: [(&str, &str); 5] = [
    ("buoi-sang", "sáng"),
    ("buoi-trua", "trưa"),
    ("buoi-chieu", "chiều"),
    ("buoi-toi", "tối"),
    ("buoi-dem", "đêm"),
];

/// The words of the next broadcast's time: the lead-in, "giờ", "rưỡi", the parts of the day,
/// "nay.", "mai." and the weekdays said at the end of a sentence.
fn next_words() -> Vec<Word> {
    let mut out = vec![
        word(
            "tiep-theo",
            "Mời bà con đón nghe buổi phát thanh tiếp theo vào".into(),
        ),
        word("gio", "giờ".into()),
        word("ruoi", "rưỡi".into()),
    ];
    out.extend(
        DAY_PARTS
            .iter()
            .map(|(id, text)| word(id, text.to_string())),
    );
    out.push(word("nay", "nay.".into()));
    out.push(word("mai", "mai.".into()));
    for w in WEEKDAYS {
        let (id, text) = weekday_word(w);
        out.push(word(&format!("vao-{id}"), format!("{text}.")));
    }
    out
}

/// The clip of a part of the day ("chiều" → `buoi-chieu`).
fn day_part_clip(text: &str) -> &'static str {
    DAY_PARTS
        .iter()
        .find(|(_, t)| *t == text)
        .map_or(DAY_PARTS[4].0, |(id, _)| id)
}

/// The clips that say when the next broadcast is, on `day`: "Mời bà con đón nghe buổi phát
/// thanh tiếp theo vào năm giờ rưỡi sáng mai." Midnight after `day` is "mười hai giờ đêm nay".
pub fn next(day: NaiveDate, next: NaiveDateTime) -> Vec<Word> {
    let all = all();
    let find = |id: &str| known(&all, id);
    // The hour and the part of the day as the normaliser's `clock_12` style says them.
    let (hour, part) = twelve_hour(next.hour().into());
    let mut words = vec![find("tiep-theo"), find(&format!("so-{hour}")), find("gio")];
    match next.minute() {
        0 => {}
        30 => words.push(find("ruoi")),
        m => words.push(find(&format!("so-{m}"))),
    }
    words.push(find(day_part_clip(part)));
    // The night after `day` still belongs to it.
    let said_day = match next.hour() {
        0 => next.date() - chrono::Duration::days(1),
        _ => next.date(),
    };
    match (said_day - day).num_days() {
        ..=0 => words.push(find("nay")),
        1 => words.push(find("mai")),
        2..=6 => words.push(find(&format!("vao-{}", weekday_word(said_day.weekday()).0))),
        _ => {
            words.push(find(weekday_word(said_day.weekday()).0));
            words.push(find("ngay"));
            words.push(find(&format!("so-{}", said_day.day())));
            words.push(find(&format!("thang-{}", said_day.month())));
        }
    }
    words
}

/// The spoken text of the next broadcast's time, as the clips say it.
pub fn next_text(day: NaiveDate, at: NaiveDateTime) -> String {
    next(day, at)
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Word `id` of `all`, which every caller builds its ids from.
fn known(all: &[Word], id: &str) -> Word {
    all.iter()
        .find(|w| w.id == id)
        .cloned()
        .expect("known word")
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
    let find = |id: &str| known(&all, id);
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
        assert_eq!(all().len(), 1 + 7 + 1 + 2 + 59 + 12 + 15 + 3 + 5 + 2 + 7);
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

    #[test]
    fn says_when_the_next_broadcast_is() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(); // a Monday
        let at = |d: u32, h: u32, m: u32| {
            NaiveDate::from_ymd_opt(2026, 12, d)
                .unwrap()
                .and_hms_opt(h, m, 0)
                .unwrap()
        };
        let lead = "Mời bà con đón nghe buổi phát thanh tiếp theo vào";
        for (next, said) in [
            (at(7, 17, 0), "năm giờ chiều nay."),
            (at(8, 5, 30), "năm giờ rưỡi sáng mai."),
            (at(7, 11, 0), "mười một giờ trưa nay."),
            (at(7, 19, 45), "bảy giờ bốn mươi lăm tối nay."),
            (at(8, 0, 0), "mười hai giờ đêm nay."),
            (at(7, 22, 5), "mười giờ năm đêm nay."),
            (at(12, 6, 15), "sáu giờ mười lăm sáng thứ bảy."),
            (
                at(14, 5, 30),
                "năm giờ rưỡi sáng thứ hai, ngày mười bốn tháng mười hai.",
            ),
        ] {
            assert_eq!(next_text(day, next), format!("{lead} {said}"), "{next}");
        }
    }
}
