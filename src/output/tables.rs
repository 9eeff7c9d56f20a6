//! The week's CSV tables, through the `csv` crate: `schedule.csv` (one row per item aired) and
//! the log book `so-nhat-ky.csv` (one row per item to tick off by hand).

use chrono::{Datelike, Duration};

use super::{vi_weekday, PlanOut};
use crate::script::mmss;

fn csv_row(fields: &[&str]) -> String {
    let mut line = crate::csv_text::csv_line(fields);
    line.push('\n');
    line
}

/// `schedule.csv`: one row per item aired.
pub fn schedule_csv(plan: &PlanOut) -> String {
    let mut out = csv_row(&[
        "date", "weekday", "start", "end", "slot", "item", "title", "duration", "priority", "file",
        "sha256",
    ]);
    for s in &plan.slots {
        let Some(start) = s.start_dt else { continue };
        let end = start + Duration::seconds(s.length_s as i64);
        for i in &s.items {
            out.push_str(&csv_row(&[
                &start.format("%Y-%m-%d").to_string(),
                vi_weekday(start.weekday()),
                &start.format("%H:%M").to_string(),
                &end.format("%H:%M").to_string(),
                &s.id,
                &i.id,
                &i.title,
                &mmss(i.duration_s),
                &i.priority,
                &i.file,
                &i.sha256,
            ]));
        }
    }
    out
}

/// `so-nhat-ky.csv`: the as-run log book to fill in by hand; an empty slot gets one row.
pub fn log_book_csv(plan: &PlanOut) -> String {
    let mut out = csv_row(&[
        "ngay",
        "khung",
        "gio_du_kien",
        "noi_dung",
        "thoi_luong",
        "nguoi_truc",
        "ket_qua",
    ]);
    for s in &plan.slots {
        let Some(start) = s.start_dt else { continue };
        let date = start.format("%d/%m/%Y").to_string();
        let time = start.format("%H:%M").to_string();
        if let Some(url) = &s.relay {
            let what = format!("Tiếp âm: {url}");
            let length = mmss(s.length_s);
            out.push_str(&csv_row(&[&date, &s.name, &time, &what, &length, "", ""]));
            continue;
        }
        if s.items.is_empty() {
            out.push_str(&csv_row(&[
                &date,
                &s.name,
                &time,
                "(khung trống)",
                "",
                "",
                "",
            ]));
        }
        for i in &s.items {
            out.push_str(&csv_row(&[
                &date,
                &s.name,
                &time,
                &i.title,
                &mmss(i.duration_s),
                "",
                "",
            ]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixture;

    /// Every record, header first, through the `csv` crate's reader.
    fn read(text: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn schedule_csv_reads_back_field_by_field() {
        let rows = read(&schedule_csv(&fixture::plan()));
        assert_eq!(rows.len(), 4, "a header and one row per item aired");
        assert_eq!(rows[0][0], "date");
        assert_eq!(
            rows[1],
            [
                "2026-11-30",
                "Thứ Hai",
                "05:30",
                "05:45",
                "sang",
                "vietqr",
                fixture::COMMA_QUOTE_TITLE,
                "2:12",
                "normal",
                "programmes/vietqr.mp3",
                format!("{:0>64}", 6).as_str(),
            ]
        );
        assert_eq!(rows[2][6], fixture::LONG_TITLE);
        assert_eq!(rows[3][6], "Thông báo: mưa lớn & lũ");
        assert_eq!(rows[3][8], "emergency");
    }

    #[test]
    fn log_book_reads_back_with_a_row_for_the_empty_slot() {
        let rows = read(&log_book_csv(&fixture::plan()));
        let want: [[&str; 7]; 5] = [
            [
                "ngay",
                "khung",
                "gio_du_kien",
                "noi_dung",
                "thoi_luong",
                "nguoi_truc",
                "ket_qua",
            ],
            [
                "30/11/2026",
                "Buổi sáng",
                "05:30",
                fixture::COMMA_QUOTE_TITLE,
                "2:12",
                "",
                "",
            ],
            [
                "30/11/2026",
                "Buổi sáng",
                "05:30",
                fixture::LONG_TITLE,
                "4:05",
                "",
                "",
            ],
            [
                "30/11/2026",
                "Buổi chiều",
                "17:00",
                "Thông báo: mưa lớn & lũ",
                "1:02",
                "",
                "",
            ],
            [
                "01/12/2026",
                "Buổi sáng",
                "05:30",
                "(khung trống)",
                "",
                "",
                "",
            ],
        ];
        assert_eq!(rows, want);
    }

    #[test]
    fn a_slot_without_a_time_is_left_out() {
        let mut plan = fixture::plan();
        for s in &mut plan.slots {
            s.start_dt = None;
        }
        assert_eq!(read(&schedule_csv(&plan)).len(), 1);
        assert_eq!(read(&log_book_csv(&plan)).len(), 1);
    }

    #[test]
    fn schedule_csv_snapshot() {
        insta::assert_snapshot!(schedule_csv(&fixture::plan()));
    }

    #[test]
    fn log_book_csv_snapshot() {
        insta::assert_snapshot!(log_book_csv(&fixture::plan()));
    }
}
