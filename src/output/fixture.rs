//! A small fixed week for the output tests: two days, a slot with items (one title with a comma
//! and a quote, one long Vietnamese title), an emergency announcement, an empty slot, and notes.

use chrono::{DateTime, Duration, TimeZone};
use chrono_tz::Tz;

use super::{ItemOut, PlanOut, SlotOut, ZaloPost};
use crate::schedule::Week;

/// The week of the fixture: 2026-W49 (Monday 30 November 2026).
pub fn week() -> Week {
    Week {
        year: 2026,
        week: 49,
    }
}

/// A title long enough to be folded in `schedule.ics`.
pub const LONG_TITLE: &str =
    "Hướng dẫn dùng ứng dụng định danh điện tử VNeID để nộp hồ sơ đăng ký khai sinh trực tuyến";

/// A title holding a comma and a quote.
pub const COMMA_QUOTE_TITLE: &str = "Trả tiền bằng mã VietQR, \"an toàn\" không?";

fn item(id: &str, title: &str, kind: &str, priority: &str, duration_s: f64) -> ItemOut {
    ItemOut {
        lang: None,
        id: id.into(),
        title: title.into(),
        kind: kind.into(),
        priority: priority.into(),
        duration_s,
        file: format!("programmes/{id}.mp3"),
        sha256: format!("{:0>64}", id.len()),
    }
}

fn slot(id: &str, name: &str, start: DateTime<Tz>, items: Vec<ItemOut>) -> SlotOut {
    let length_s = 900.0;
    let file = if items.is_empty() {
        String::new()
    } else {
        format!("slots/{}_{id}.mp3", start.format("%Y-%m-%d_%H%M%S"))
    };
    SlotOut {
        id: id.into(),
        name: name.into(),
        start: start.to_rfc3339(),
        end: (start + Duration::seconds(length_s as i64)).to_rfc3339(),
        length_s,
        file,
        duration_s: mixed_length(&items),
        items,
        relay: None,
        start_dt: Some(start),
    }
}

/// The items' total, rounded to the millisecond as `loaxa week` writes it (so that it reads back
/// exactly); 0 for an empty slot.
fn mixed_length(items: &[ItemOut]) -> f64 {
    let total: f64 = items.iter().map(|i| i.duration_s).sum();
    if items.is_empty() {
        0.0
    } else {
        (total * 1000.0).round() / 1000.0
    }
}

fn at(month: u32, day: u32, h: u32, m: u32) -> DateTime<Tz> {
    chrono_tz::Asia::Ho_Chi_Minh
        .with_ymd_and_hms(2026, month, day, h, m, 0)
        .single()
        .expect("a plain local time")
}

/// The fixture's plan.
pub fn plan() -> PlanOut {
    let morning = vec![
        item("vietqr", COMMA_QUOTE_TITLE, "howto", "normal", 131.6),
        item("vneid", LONG_TITLE, "howto", "priority", 245.2),
    ];
    let evening = vec![item(
        "bao-lu",
        "Thông báo: mưa lớn & lũ",
        "announcement",
        "emergency",
        62.0,
    )];
    PlanOut {
        station: "dinh-tan".into(),
        station_name: "Đài truyền thanh xã Định Tân".into(),
        week: week().to_string(),
        timezone: "Asia/Ho_Chi_Minh".into(),
        slots: vec![
            slot("sang", "Buổi sáng", at(11, 30, 5, 30), morning),
            slot("chieu", "Buổi chiều", at(11, 30, 17, 0), evening),
            slot("sang", "Buổi sáng", at(12, 1, 5, 30), Vec::new()),
        ],
        notes: vec!["Khung \"chiều\" 02/12 còn trống <5 phút> & chờ bài".into()],
    }
}

/// Two Zalo posts: one in two parts, one with a caption holding markup.
pub fn posts() -> Vec<ZaloPost> {
    vec![
        ZaloPost {
            id: "vietqr".into(),
            title: COMMA_QUOTE_TITLE.into(),
            files: vec!["vietqr-1.mp3".into(), "vietqr-2.mp3".into()],
            bytes: 2_000_000,
            duration_s: 131.6,
            caption_file: "vietqr.txt".into(),
            caption: super::caption(COMMA_QUOTE_TITLE, "Tóm tắt.", "Tổ công nghệ số", ""),
        },
        ZaloPost {
            id: "vneid".into(),
            title: LONG_TITLE.into(),
            files: vec!["vneid.mp3".into()],
            bytes: 1_000_000,
            duration_s: 245.2,
            caption_file: "vneid.txt".into(),
            caption: super::caption(LONG_TITLE, "Dùng <b>VNeID</b> & an toàn.", "Tổ", "0912"),
        },
    ]
}
