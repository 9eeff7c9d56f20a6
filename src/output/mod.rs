//! The text files of a week folder, as pure functions: `plan.json`, M3U playlists,
//! `schedule.csv`, `schedule.ics`, the printable `week.html`, the log book `so-nhat-ky.csv`, and
//! the Zalo pack's captions, `manifest.json` and `index.html`.

pub mod as_run;

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Duration, Weekday};
use chrono_tz::Tz;
use serde::Serialize;

use crate::schedule::Week;
use crate::script::mmss;

/// One item of a slot as written out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemOut {
    /// Item or announcement id.
    pub id: String,
    /// Title.
    pub title: String,
    /// `story`, `howto` or `announcement`.
    pub kind: String,
    /// `normal`, `priority` or `emergency`.
    pub priority: String,
    /// Length in seconds.
    pub duration_s: f64,
    /// File, relative to the week folder.
    pub file: String,
    /// SHA-256 of the file.
    #[serde(skip)]
    pub sha256: String,
}

/// One slot as written out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlotOut {
    /// Slot id.
    pub id: String,
    /// Slot name.
    pub name: String,
    /// Start, RFC 3339 with the offset.
    pub start: String,
    /// End, RFC 3339 with the offset.
    pub end: String,
    /// Slot length in seconds.
    pub length_s: f64,
    /// The ready-mixed file, relative to the week folder.
    pub file: String,
    /// Length of the ready-mixed file in seconds.
    pub duration_s: f64,
    /// Items in airing order.
    pub items: Vec<ItemOut>,
    #[serde(skip)]
    /// Start as a date-time, for the other formats.
    pub start_dt: Option<DateTime<Tz>>,
}

/// `plan.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanOut {
    /// Station id.
    pub station: String,
    /// Station name.
    pub station_name: String,
    /// `2026-W49`.
    pub week: String,
    /// IANA time zone.
    pub timezone: String,
    /// Slots in time order.
    pub slots: Vec<SlotOut>,
    /// Planning notes: under- and over-filled slots, items waiting.
    pub notes: Vec<String>,
}

/// Pretty JSON with a final newline.
pub fn json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

fn vi_weekday(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ Nhật",
    }
}

/// An extended M3U playlist (UTF-8, relative paths).
pub fn m3u(entries: &[(&ItemOut, String)]) -> String {
    let mut out = String::from("#EXTM3U\n");
    for (item, path) in entries {
        let _ = writeln!(
            out,
            "#EXTINF:{},{}",
            item.duration_s.round() as i64,
            item.title.replace(['\n', '\r'], " ")
        );
        let _ = writeln!(out, "{path}");
    }
    out
}

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

/// `so-nhat-ky.csv`: the as-run log book to fill in by hand.
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

fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Folds an iCalendar line at 75 octets, without splitting a UTF-8 character.
fn ics_line(out: &mut String, line: &str) {
    let mut count = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if count + len > 75 {
            out.push_str("\r\n ");
            count = 1;
        }
        out.push(ch);
        count += len;
    }
    out.push_str("\r\n");
}

/// `schedule.ics`: one event per slot, in the station's time zone.
pub fn ics(plan: &PlanOut, week: Week) -> String {
    let mut out = String::new();
    let tz = &plan.timezone;
    let offset = plan
        .slots
        .iter()
        .find_map(|s| s.start_dt)
        .map(|d| d.format("%z").to_string())
        .unwrap_or_else(|| "+0700".into());
    let stamp = week.monday().format("%Y%m%dT000000Z").to_string();
    for l in [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//loaxa//lich phat thanh//VI".into(),
        "CALSCALE:GREGORIAN".into(),
        format!(
            "X-WR-CALNAME:{} {}",
            ics_text(&plan.station_name),
            plan.week
        ),
        "BEGIN:VTIMEZONE".into(),
        format!("TZID:{tz}"),
        "BEGIN:STANDARD".into(),
        "DTSTART:19700101T000000".into(),
        format!("TZOFFSETFROM:{offset}"),
        format!("TZOFFSETTO:{offset}"),
        "END:STANDARD".into(),
        "END:VTIMEZONE".into(),
    ] {
        ics_line(&mut out, &l);
    }
    for s in &plan.slots {
        let Some(start) = s.start_dt else { continue };
        let end = start + Duration::seconds(s.length_s as i64);
        let titles: Vec<String> = s
            .items
            .iter()
            .map(|i| format!("{} ({})", i.title, mmss(i.duration_s)))
            .collect();
        for l in [
            "BEGIN:VEVENT".to_string(),
            format!(
                "UID:{}-{}-{}@loaxa",
                plan.station,
                s.id,
                start.format("%Y%m%dT%H%M")
            ),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;TZID={tz}:{}", start.format("%Y%m%dT%H%M%S")),
            format!("DTEND;TZID={tz}:{}", end.format("%Y%m%dT%H%M%S")),
            format!("SUMMARY:{}", ics_text(&s.name)),
            format!("DESCRIPTION:{}", ics_text(&titles.join("\n"))),
            format!("ATTACH:{}", s.file),
            "END:VEVENT".into(),
        ] {
            ics_line(&mut out, &l);
        }
    }
    ics_line(&mut out, "END:VCALENDAR");
    out
}

/// A script for checking a page in a (headless) browser: with `?check` in the address, every
/// player loads its metadata and is marked `data-state="ok"` or `"error"`. Without it, nothing
/// happens and players load only when pressed.
const CHECK_SCRIPT: &str = r#"<script>
if (location.search.indexOf("check") >= 0) {
  document.querySelectorAll("audio").forEach(function (a) {
    a.addEventListener("loadedmetadata", function () { a.dataset.state = "ok"; });
    a.addEventListener("error", function () { a.dataset.state = "error"; });
    a.preload = "metadata";
    a.load();
  });
}
</script>
"#;

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn priority_vi(p: &str) -> &'static str {
    match p {
        "emergency" => "Khẩn cấp",
        "priority" => "Ưu tiên",
        _ => "Thường",
    }
}

/// The start of a Vietnamese HTML page, up to and including `<body>`.
fn page_head(title: &str, css: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{css}</style>\n</head>\n<body>\n",
        esc(title)
    )
}

/// The week sheet's style: A4 print, a table per day.
const WEEK_CSS: &str = r#"@page { size: A4; margin: 12mm; }
body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 11pt; color: #111; margin: 0 auto; max-width: 186mm; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
.sub { margin: 0 0 5mm; color: #333; }
section.day { break-inside: avoid; page-break-inside: avoid; margin-bottom: 5mm; }
h2 { font-size: 13pt; margin: 0 0 1.5mm; border-bottom: 1px solid #444; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #888; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.time { white-space: nowrap; width: 22mm; }
td.dur { white-space: nowrap; width: 14mm; }
.prio-emergency { font-weight: bold; color: #a00; }
.prio-priority { font-weight: bold; }
audio { width: 100%; height: 8mm; }
.notes { font-size: 9pt; color: #444; }
@media print { audio { display: none; } }
"#;

/// The Zalo page's style: large text and buttons for phones.
const ZALO_CSS: &str = r#"body { font-family: "Noto Sans", Arial, sans-serif; font-size: 17px; margin: 0; padding: 12px; background: #f4f6f8; color: #111; }
h1 { font-size: 20px; }
article { background: #fff; border-radius: 10px; padding: 12px; margin: 0 0 14px; box-shadow: 0 1px 3px #0002; }
h2 { font-size: 18px; margin: 0 0 8px; }
audio { width: 100%; margin: 4px 0; }
textarea { width: 100%; box-sizing: border-box; font: inherit; font-size: 15px; min-height: 9em; }
button, a.dl { display: inline-block; font: inherit; padding: 10px 14px; margin: 6px 6px 0 0; border-radius: 8px; border: 0; background: #0068ff; color: #fff; text-decoration: none; }
a.dl { background: #2a7d2a; }
"#;

/// `week.html`: a printable A4 week sheet in Vietnamese, a table per day, a player per slot.
pub fn week_html(plan: &PlanOut, week: Week) -> String {
    let mut h = page_head(
        &format!("Lịch phát thanh {} — {}", plan.week, plan.station_name),
        WEEK_CSS,
    );
    let _ = write!(
        h,
        r#"<h1>Lịch phát thanh tuần {week}</h1>
<p class="sub">{name} · tuần từ {from} đến {to} · giờ {tz}</p>
"#,
        week = esc(&plan.week),
        name = esc(&plan.station_name),
        from = week.monday().format("%d/%m/%Y"),
        to = (week.monday() + Duration::days(6)).format("%d/%m/%Y"),
        tz = esc(&plan.timezone),
    );
    for day in week.days() {
        let slots: Vec<&SlotOut> = plan
            .slots
            .iter()
            .filter(|s| s.start_dt.is_some_and(|d| d.date_naive() == day))
            .collect();
        if slots.is_empty() {
            continue;
        }
        let _ = write!(h, "<section class=\"day\">\n<h2>{}, ngày {}</h2>\n<table>\n<tr><th>Giờ</th><th>Khung</th><th>Nội dung</th><th>Thời lượng</th></tr>\n", vi_weekday(day.weekday()), day.format("%d/%m/%Y"));
        for s in slots {
            let start = s.start_dt.expect("filtered");
            let end = start + Duration::seconds(s.length_s as i64);
            let items: String = if s.items.is_empty() {
                "<em>(khung trống)</em>".into()
            } else {
                s.items
                    .iter()
                    .map(|i| {
                        format!(
                            "<div class=\"prio-{}\">{} — {}{}</div>",
                            i.priority,
                            esc(&i.title),
                            mmss(i.duration_s),
                            if i.priority == "normal" {
                                String::new()
                            } else {
                                format!(" ({})", priority_vi(&i.priority))
                            }
                        )
                    })
                    .collect()
            };
            let _ = writeln!(
                h,
                "<tr><td class=\"time\">{}–{}</td><td>{}</td><td>{}<audio controls preload=\"none\" src=\"{}\"></audio></td><td class=\"dur\">{}</td></tr>",
                start.format("%H:%M"),
                end.format("%H:%M"),
                esc(&s.name),
                items,
                esc(&s.file),
                mmss(s.duration_s)
            );
        }
        h.push_str("</table>\n</section>\n");
    }
    if !plan.notes.is_empty() {
        h.push_str("<p class=\"notes\">Ghi chú khi lập lịch:</p>\n<ul class=\"notes\">\n");
        for n in &plan.notes {
            let _ = writeln!(h, "<li>{}</li>", esc(n));
        }
        h.push_str("</ul>\n");
    }
    h.push_str(CHECK_SCRIPT);
    h.push_str("</body>\n</html>\n");
    h
}

/// One Zalo post.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZaloPost {
    /// Item id.
    pub id: String,
    /// Title.
    pub title: String,
    /// MP3 files (numbered parts when one would be over the size limit), relative to `zalo/`.
    pub files: Vec<String>,
    /// Total size in bytes.
    pub bytes: u64,
    /// Total length in seconds.
    pub duration_s: f64,
    /// Caption file, relative to `zalo/`.
    pub caption_file: String,
    /// The caption.
    pub caption: String,
}

/// A Zalo caption: title, summary, whom to ask, the handbook's address, the hashtag.
pub fn caption(title: &str, summary: &str, team: &str, phone: &str) -> String {
    let contact = if phone.is_empty() {
        format!("Cần hỏi thêm: {team}.")
    } else {
        format!("Cần hỏi thêm: {team}, SĐT {phone}.")
    };
    format!("{title}\n\n{summary}\n\n{contact}\nĐọc thêm cẩm nang Làng số: https://langso.dx.gov.vn\n#LangSo\n")
}

/// `zalo/index.html`: a phone page with each post's player, caption with a copy button, and
/// download links.
pub fn zalo_html(station_name: &str, week: &str, posts: &[ZaloPost]) -> String {
    let mut h = page_head(&format!("Bài gửi Zalo {week} — {station_name}"), ZALO_CSS);
    let _ = writeln!(
        h,
        "<h1>Bài gửi nhóm Zalo — {}, tuần {}</h1>",
        esc(station_name),
        esc(week)
    );
    for (n, p) in posts.iter().enumerate() {
        let _ = write!(
            h,
            "<article id=\"{}\">\n<h2>{}</h2>\n",
            esc(&p.id),
            esc(&p.title)
        );
        for f in &p.files {
            let _ = writeln!(
                h,
                "<audio controls preload=\"none\" src=\"{}\"></audio>",
                esc(f)
            );
        }
        let _ = write!(h, "<textarea id=\"cap{n}\" readonly>{}</textarea>\n<button type=\"button\" onclick=\"copyCaption('cap{n}', this)\">Chép chú thích</button>\n", esc(&p.caption));
        for f in &p.files {
            let _ = writeln!(
                h,
                "<a class=\"dl\" href=\"{0}\" download>Tải {0}</a>",
                esc(f)
            );
        }
        h.push_str("</article>\n");
    }
    h.push_str(CHECK_SCRIPT);
    h.push_str(
        r#"<script>
function copyCaption(id, button) {
  var t = document.getElementById(id);
  var done = function () { button.textContent = "Đã chép"; };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(t.value).then(done);
  } else {
    t.select();
    document.execCommand("copy");
    done();
  }
}
</script>
</body>
</html>
"#,
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_lines_fold_at_75_octets_without_breaking_characters() {
        let mut out = String::new();
        ics_line(
            &mut out,
            &format!("DESCRIPTION:{}", "Hướng dẫn dùng Vê en e ai đi ".repeat(6)),
        );
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert!(unfolded.contains(&"Hướng dẫn dùng Vê en e ai đi ".repeat(6)));
    }

    #[test]
    fn m3u_has_extinf_with_seconds_and_title() {
        let item = ItemOut {
            id: "a".into(),
            title: "Trả tiền bằng mã VietQR".into(),
            kind: "howto".into(),
            priority: "normal".into(),
            duration_s: 131.6,
            file: "programmes/a.mp3".into(),
            sha256: String::new(),
        };
        assert_eq!(
            m3u(&[(&item, "../programmes/a.mp3".into())]),
            "#EXTM3U\n#EXTINF:132,Trả tiền bằng mã VietQR\n../programmes/a.mp3\n"
        );
    }

    #[test]
    fn caption_has_everything_a_villager_needs() {
        let c = caption(
            "Tiêu đề",
            "Tóm tắt.",
            "Tổ công nghệ số cộng đồng xã A",
            "0912 345 678",
        );
        for part in [
            "Tiêu đề",
            "Tóm tắt.",
            "SĐT 0912 345 678",
            "https://langso.dx.gov.vn",
            "#LangSo",
        ] {
            assert!(c.contains(part), "{part}");
        }
    }
}
