//! `schedule.ics`: one iCalendar event per slot, in the station's time zone, written line by
//! line (RFC 5545: text escaped, lines folded at 75 octets, CRLF). The tests read it back with
//! the `icalendar` crate's parser.

use chrono::Duration;

use super::{PlanOut, SlotOut};
use crate::schedule::Week;
use crate::script::mmss;

/// Escapes a TEXT value: backslash, semicolon, comma and line break.
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

/// The calendar's opening lines and its one time zone, a fixed offset taken from the first slot
/// (`+0700` without one).
fn calendar_head(plan: &PlanOut) -> Vec<String> {
    let tz = &plan.timezone;
    let offset = plan
        .slots
        .iter()
        .find_map(|s| s.start_dt)
        .map(|d| d.format("%z").to_string())
        .unwrap_or_else(|| "+0700".into());
    vec![
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
    ]
}

/// A slot's event: its window, its name, its items with their lengths, its file. A slot without
/// a start time has none.
fn event(plan: &PlanOut, s: &SlotOut, stamp: &str) -> Option<Vec<String>> {
    let tz = &plan.timezone;
    let start = s.start_dt?;
    let end = start + Duration::seconds(s.length_s as i64);
    let titles: Vec<String> = match &s.relay {
        Some(url) => vec![format!("Tiếp âm trực tiếp: {url}")],
        None => s
            .items
            .iter()
            .map(|i| format!("{} ({})", i.title, mmss(i.duration_s)))
            .collect(),
    };
    let attach = s.relay.as_deref().unwrap_or(&s.file);
    Some(vec![
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
        format!("ATTACH:{attach}"),
        "END:VEVENT".into(),
    ])
}

/// `schedule.ics`: one event per slot, in the station's time zone, stamped with the week's
/// Monday (never the clock, so the file is the same on every run).
pub fn ics(plan: &PlanOut, week: Week) -> String {
    let stamp = week.monday().format("%Y%m%dT000000Z").to_string();
    let mut lines = calendar_head(plan);
    lines.extend(
        plan.slots
            .iter()
            .filter_map(|s| event(plan, s, &stamp))
            .flatten(),
    );
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for l in &lines {
        ics_line(&mut out, l);
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;
    use icalendar::{CalendarDateTime, Component, DatePerhapsTime};

    use super::*;
    use crate::output::fixture;

    fn parse(text: &str) -> icalendar::Calendar {
        text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    fn local(t: &str) -> DatePerhapsTime {
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone {
            date_time: NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M").unwrap(),
            tzid: "Asia/Ho_Chi_Minh".into(),
        })
    }

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
    fn every_event_reads_back_with_the_icalendar_parser() {
        let plan = fixture::plan();
        let text = ics(&plan, fixture::week());
        let cal = parse(&text);
        let events: Vec<_> = cal.events().collect();
        let want = [
            ("Buổi sáng", "2026-11-30 05:30", "2026-11-30 05:45"),
            ("Buổi chiều", "2026-11-30 17:00", "2026-11-30 17:15"),
            ("Buổi sáng", "2026-12-01 05:30", "2026-12-01 05:45"),
        ];
        assert_eq!(events.len(), want.len());
        for (e, (summary, start, end)) in events.iter().zip(want) {
            assert_eq!(e.get_summary(), Some(summary));
            assert_eq!(e.get_start(), Some(local(start)));
            assert_eq!(e.get_end(), Some(local(end)));
        }
        assert_eq!(
            events[0].get_uid(),
            Some("dinh-tan-sang-20261130T0530@loaxa")
        );
    }

    #[test]
    fn long_vietnamese_descriptions_unfold_to_what_went_in() {
        let text = ics(&fixture::plan(), fixture::week());
        assert!(
            text.contains("\r\n "),
            "the fixture has a line long enough to fold"
        );
        for l in text.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let cal = parse(&text);
        let first = cal.events().next().unwrap();
        let want = format!(
            "{} (2:12)\n{} (4:05)",
            fixture::COMMA_QUOTE_TITLE,
            fixture::LONG_TITLE
        );
        assert_eq!(first.get_description(), Some(want.as_str()));
    }

    #[test]
    fn text_values_escape_what_ical_reserves() {
        for (input, want) in [
            ("a,b;c", "a\\,b\\;c"),
            ("back\\slash", "back\\\\slash"),
            ("hai\ndòng", "hai\\ndòng"),
            ("Đài xã", "Đài xã"),
        ] {
            assert_eq!(ics_text(input), want);
        }
    }

    #[test]
    fn the_calendar_name_and_time_zone_read_back() {
        let mut plan = fixture::plan();
        plan.station_name = "Đài xã A, B; \"C\"".into();
        let cal = parse(&ics(&plan, fixture::week()));
        let name = cal.property_value("X-WR-CALNAME").unwrap();
        assert!(name.starts_with("Đài xã A"), "{name}");
        let text = ics(&plan, fixture::week());
        assert!(text.contains("TZID:Asia/Ho_Chi_Minh\r\n"));
        assert!(text.contains("TZOFFSETTO:+0700\r\n"));
    }

    #[test]
    fn ics_snapshot() {
        insta::assert_snapshot!(ics(&fixture::plan(), fixture::week()));
    }
}
