//! The scheduler's rules, on a simulated clock, without audio.

use super::*;
use crate::output::as_run::Outcome;
use crate::output::as_run::{as_run_text, AS_RUN_HEADER};
use chrono::TimeZone;

const TZ: Tz = chrono_tz::Asia::Ho_Chi_Minh;

fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    TZ.with_ymd_and_hms(2026, 11, 30, h, m, s)
        .unwrap()
        .with_timezone(&Utc)
}

/// Two 15-minute slots at 05:30 and 17:00 with 6-minute files.
fn slots() -> Vec<Slot> {
    [("sang", 5, 30), ("chieu", 17, 0)]
        .iter()
        .map(|(id, h, m)| {
            let start = TZ.with_ymd_and_hms(2026, 11, 30, *h, *m, 0).unwrap();
            Slot {
                id: id.to_string(),
                start,
                end: start + TimeDelta::minutes(15),
                file: PathBuf::from(format!("slots/{id}.mp3")),
                relay: None,
                duration: Duration::from_secs(360),
                fallback: PathBuf::from("fallback.mp3"),
                items: vec![format!("{id}-a"), format!("{id}-b")],
                folder: PathBuf::from("week"),
            }
        })
        .collect()
}

/// Files and how long they play; anything else is missing.
fn lengths<'a>(
    missing: &'a [&'a str],
) -> impl FnMut(&Path) -> std::result::Result<Duration, String> + 'a {
    move |p: &Path| {
        let name = p.to_string_lossy();
        if missing.iter().any(|m| name.ends_with(m)) {
            return Err("missing".into());
        }
        Ok(match name.as_ref() {
            "fallback.mp3" => Duration::from_secs(60),
            n if n.starts_with("urgent/") => Duration::from_secs(90),
            _ => Duration::from_secs(360),
        })
    }
}

fn brief(rows: &[AsRunRow]) -> Vec<String> {
    let t = |d: &Option<DateTime<Tz>>| d.map(|d| d.format("%H:%M:%S").to_string());
    rows.iter()
        .map(|r| {
            format!(
                "{} {} {}-{} {}",
                r.slot,
                r.result.as_str(),
                t(&r.actual_start).unwrap_or_default(),
                t(&r.actual_end).unwrap_or_default(),
                r.items.join(" ")
            )
        })
        .collect()
}

fn run(
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    urgent: &[(DateTime<Utc>, &str)],
    missing: &[&str],
) -> Vec<String> {
    let urgent: Vec<SimulatedUrgent> = urgent
        .iter()
        .map(|(t, f)| SimulatedUrgent {
            at: *t,
            file: PathBuf::from(format!("urgent/{f}")),
        })
        .collect();
    brief(&simulate(
        slots(),
        TZ,
        from,
        until,
        &urgent,
        &mut lengths(missing),
    ))
}

#[test]
fn simulated_runs_follow_the_rules() {
    type Case<'a> = (
        &'a str,
        DateTime<Utc>,
        DateTime<Utc>,
        Vec<(DateTime<Utc>, &'a str)>,
        Vec<&'a str>,
        Vec<&'a str>,
    );
    let day = (at(0, 0, 0), at(23, 59, 0));
    let cases: Vec<Case> = vec![
        (
            "every slot on time",
            day.0,
            day.1,
            vec![],
            vec![],
            vec![
                "sang played 05:30:00-05:36:00 sang-a sang-b",
                "chieu played 17:00:00-17:06:00 chieu-a chieu-b",
            ],
        ),
        (
            "a missing slot file plays the fallback",
            day.0,
            day.1,
            vec![],
            vec!["sang.mp3"],
            vec![
                "sang fallback 05:30:00-05:31:00 fallback",
                "chieu played 17:00:00-17:06:00 chieu-a chieu-b",
            ],
        ),
        (
            "no slot file and no fallback: skipped, no dead loop",
            day.0,
            day.1,
            vec![],
            vec!["sang.mp3", "fallback.mp3"],
            vec![
                "sang skipped - ",
                "chieu played 17:00:00-17:06:00 chieu-a chieu-b",
            ],
        ),
        (
            "started two minutes into a slot: joins at 2:00, ends with the file",
            at(5, 32, 0),
            day.1,
            vec![],
            vec![],
            vec![
                "sang late-joined 05:32:00-05:36:00 sang-a sang-b",
                "chieu played 17:00:00-17:06:00 chieu-a chieu-b",
            ],
        ),
        (
            "started with less than half left: skipped",
            at(5, 33, 1),
            day.1,
            vec![],
            vec![],
            vec![
                "sang skipped - ",
                "chieu played 17:00:00-17:06:00 chieu-a chieu-b",
            ],
        ),
        (
            "a start within the grace plays from the top",
            at(5, 30, 1),
            day.1,
            vec![],
            vec![],
            vec![
                "sang played 05:30:01-05:36:01 sang-a sang-b",
                "chieu played 17:00:00-17:06:00 chieu-a chieu-b",
            ],
        ),
        (
            "started after the slot: nothing to log for it",
            at(6, 0, 0),
            day.1,
            vec![],
            vec![],
            vec!["chieu played 17:00:00-17:06:00 chieu-a chieu-b"],
        ),
        (
            "an emergency interrupts, then the slot resumes where it stopped",
            day.0,
            day.1,
            vec![(at(5, 32, 0), "lu.mp3")],
            vec![],
            vec![
                "urgent emergency 05:32:00-05:33:30 lu.mp3",
                "sang played 05:30:00-05:37:30 sang-a sang-b",
                "chieu played 17:00:00-17:06:00 chieu-a chieu-b",
            ],
        ),
        (
            "an emergency between slots plays at once",
            day.0,
            day.1,
            vec![(at(12, 0, 0), "lu.mp3")],
            vec![],
            vec![
                "sang played 05:30:00-05:36:00 sang-a sang-b",
                "urgent emergency 12:00:00-12:01:30 lu.mp3",
                "chieu played 17:00:00-17:06:00 chieu-a chieu-b",
            ],
        ),
        (
            "an emergency over a slot's start: the slot joins late after it",
            day.0,
            day.1,
            vec![(at(16, 59, 30), "lu.mp3")],
            vec![],
            vec![
                "sang played 05:30:00-05:36:00 sang-a sang-b",
                "urgent emergency 16:59:30-17:01:00 lu.mp3",
                "chieu late-joined 17:01:00-17:06:00 chieu-a chieu-b",
            ],
        ),
        (
            "two emergencies play one after the other",
            day.0,
            day.1,
            vec![(at(12, 0, 0), "a.mp3"), (at(12, 0, 30), "b.mp3")],
            vec![],
            vec![
                "sang played 05:30:00-05:36:00 sang-a sang-b",
                "urgent emergency 12:00:00-12:01:30 a.mp3",
                "urgent emergency 12:01:30-12:03:00 b.mp3",
                "chieu played 17:00:00-17:06:00 chieu-a chieu-b",
            ],
        ),
        (
            "an emergency file that cannot play is logged skipped; the slot resumes",
            day.0,
            day.1,
            vec![(at(5, 32, 0), "hong.mp3")],
            vec!["hong.mp3"],
            vec![
                "urgent skipped - hong.mp3",
                "sang played 05:30:00-05:36:00 sang-a sang-b",
                "chieu played 17:00:00-17:06:00 chieu-a chieu-b",
            ],
        ),
        (
            "stopping mid-slot logs what aired",
            day.0,
            at(5, 31, 0),
            vec![],
            vec![],
            vec!["sang played 05:30:00-05:31:00 sang-a sang-b"],
        ),
    ];
    for (name, from, until, urgent, missing, want) in cases {
        assert_eq!(run(from, until, &urgent, &missing), want, "{name}");
    }
}

#[test]
fn a_file_that_fails_mid_way_hands_over_to_the_fallback() {
    let mut s = Scheduler::new(slots(), TZ, at(5, 0, 0));
    let a = s.handle(at(5, 30, 0), Event::Tick);
    assert!(
        matches!(&a[..], [Action::Play { source: Airing::Slot(0), offset, .. }] if offset.is_zero())
    );
    let a = s.handle(at(5, 33, 0), Event::Failed("damaged".into()));
    assert_eq!(
        a,
        vec![Action::Play {
            source: Airing::Fallback(0),
            file: PathBuf::from("fallback.mp3"),
            offset: Duration::ZERO
        }]
    );
    let a = s.handle(at(5, 34, 0), Event::Ended);
    let [Action::Log(row)] = &a[..] else {
        panic!("{a:?}")
    };
    assert_eq!(row.result, Outcome::Fallback);
    assert_eq!(row.actual_start, Some(at(5, 30, 0).with_timezone(&TZ)));
    assert_eq!(
        row.csv_line(),
        "2026-11-30,sang,2026-11-30T05:30:00+07:00,2026-11-30T05:30:00+07:00,2026-11-30T05:34:00+07:00,fallback,fallback,fallback from 05:33:00: damaged"
    );
}

/// A relay slot of VOV at 06:00 for 30 minutes.
fn relay_slot() -> Slot {
    let start = TZ.with_ymd_and_hms(2026, 11, 30, 6, 0, 0).unwrap();
    Slot {
        id: "vov".into(),
        start,
        end: start + TimeDelta::minutes(30),
        file: PathBuf::new(),
        relay: Some("http://127.0.0.1:8000/vov.mp3".into()),
        duration: Duration::from_secs(1800),
        fallback: PathBuf::from("fallback.mp3"),
        items: Vec::new(),
        folder: PathBuf::from("week"),
    }
}

/// What a relay run did: each action in short, and the rows.
fn relay_run(events: &[(DateTime<Utc>, Event)]) -> (Vec<String>, Vec<AsRunRow>, Scheduler) {
    let mut s = Scheduler::new(vec![relay_slot()], TZ, at(5, 59, 0));
    let (mut did, mut rows) = (Vec::new(), Vec::new());
    for (t, e) in events {
        for a in s.handle(*t, e.clone()) {
            match a {
                Action::Relay { url, .. } => did.push(format!("relay {url}")),
                Action::Play { file, .. } => did.push(format!("play {}", file.display())),
                Action::Stop => did.push("stop".into()),
                Action::Log(r) => rows.push(r),
                Action::Done { .. } => {}
            }
        }
    }
    (did, rows, s)
}

#[test]
fn a_relay_airs_its_stream_for_its_window_and_fills_outages_with_the_fallback() {
    let url = "http://127.0.0.1:8000/vov.mp3";
    type Case<'a> = (
        &'a str,
        Vec<(DateTime<Utc>, Event)>,
        Vec<String>,
        &'a str,
        &'a str,
    );
    let cases: Vec<Case> = vec![
        (
            "the stream plays through",
            vec![
                (at(6, 0, 0), Event::Tick),
                (at(6, 0, 1), Event::StreamUp),
                (at(6, 30, 0), Event::Tick),
            ],
            vec![format!("relay {url}"), "stop".into()],
            "relayed",
            "",
        ),
        (
            "the stream drops and comes back; the fallback plays twice meanwhile",
            vec![
                (at(6, 0, 0), Event::Tick),
                (at(6, 0, 1), Event::StreamUp),
                (at(6, 10, 0), Event::Failed("connection reset".into())),
                (at(6, 11, 0), Event::Ended),
                (at(6, 11, 30), Event::StreamUp),
                (at(6, 31, 0), Event::Tick),
            ],
            vec![
                format!("relay {url}"),
                "play fallback.mp3".into(),
                "play fallback.mp3".into(),
                format!("relay {url}"),
                "stop".into(),
            ],
            "relayed",
            "fallback 06:10:00-06:11:30: connection reset",
        ),
        (
            "the stream never comes",
            vec![
                (at(6, 0, 0), Event::Tick),
                (at(6, 0, 5), Event::Failed("connection refused".into())),
                (at(6, 30, 0), Event::Tick),
            ],
            vec![
                format!("relay {url}"),
                "play fallback.mp3".into(),
                "stop".into(),
            ],
            "fallback",
            "fallback 06:00:05-06:30:00: connection refused",
        ),
        (
            "joined late, stopped by SIGTERM, with a note from an output",
            vec![
                (at(6, 5, 0), Event::Tick),
                (at(6, 5, 1), Event::StreamUp),
                (
                    at(6, 6, 0),
                    Event::Note("icecast: reconnected after 3 s".into()),
                ),
                (at(6, 7, 0), Event::Shutdown),
            ],
            vec![format!("relay {url}"), "stop".into()],
            "relayed",
            "joined at 06:05:00; icecast: reconnected after 3 s",
        ),
    ];
    for (name, events, want_did, result, detail) in cases {
        let (did, rows, _) = relay_run(&events);
        assert_eq!(did, want_did, "{name}");
        assert_eq!(rows.len(), 1, "{name}: {rows:?}");
        assert_eq!(rows[0].result.as_str(), result, "{name}");
        assert_eq!(rows[0].detail, detail, "{name}");
        assert!(rows[0].items.is_empty() || result == "fallback", "{name}");
    }
}

#[test]
fn a_relay_meets_emergencies_a_failing_fallback_and_news_that_comes_too_late() {
    let url = "http://127.0.0.1:8000/vov.mp3";
    let urgent = || Event::Urgent(PathBuf::from("urgent/lu.mp3"));
    type Case<'a> = (
        &'a str,
        Vec<(DateTime<Utc>, Event)>,
        Vec<String>,
        Vec<(&'a str, &'a str)>,
    );
    let cases: Vec<Case> = vec![
        (
            "an emergency interrupts the relay; the relay goes on live after it",
            vec![
                (at(6, 0, 0), Event::Tick),
                (at(6, 0, 1), Event::StreamUp),
                (at(6, 5, 0), urgent()),
                (at(6, 6, 0), Event::Ended),
                (at(6, 30, 0), Event::Tick),
            ],
            vec![
                format!("relay {url}"),
                "stop".into(),
                "play urgent/lu.mp3".into(),
                format!("relay {url}"),
                "stop".into(),
            ],
            vec![("urgent", "emergency"), ("vov", "relayed")],
        ),
        (
            "the window ends while the emergency plays: the relay ends where it was cut",
            vec![
                (at(6, 0, 0), Event::Tick),
                (at(6, 0, 1), Event::StreamUp),
                (at(6, 29, 0), urgent()),
                (at(6, 31, 0), Event::Ended),
            ],
            vec![
                format!("relay {url}"),
                "stop".into(),
                "play urgent/lu.mp3".into(),
            ],
            vec![("urgent", "emergency"), ("vov", "relayed")],
        ),
        (
            "the fallback fails too: silence, and the stream is still tried",
            vec![
                (at(6, 0, 0), Event::Tick),
                (at(6, 0, 2), Event::Failed("connection refused".into())),
                (at(6, 0, 3), Event::Failed("fallback.mp3: missing".into())),
                (at(6, 2, 0), Event::StreamUp),
                (at(6, 30, 0), Event::Tick),
            ],
            vec![
                format!("relay {url}"),
                "play fallback.mp3".into(),
                "stop".into(),
                format!("relay {url}"),
                "stop".into(),
            ],
            vec![("vov", "relayed")],
        ),
        (
            "news of the stream after its window changes nothing",
            vec![
                (at(6, 0, 0), Event::Tick),
                (at(6, 10, 0), Event::Failed("the stream ended".into())),
                (at(6, 30, 5), Event::StreamUp),
                (at(6, 30, 6), Event::Failed("late".into())),
            ],
            vec![
                format!("relay {url}"),
                "play fallback.mp3".into(),
                "stop".into(),
            ],
            vec![("vov", "fallback")],
        ),
    ];
    for (name, events, want_did, want_rows) in cases {
        let (did, rows, s) = relay_run(&events);
        assert_eq!(did, want_did, "{name}");
        let got: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.slot.as_str(), r.result.as_str()))
            .collect();
        assert_eq!(got, want_rows, "{name}: {rows:?}");
        assert!(
            s.playing().is_none() || name.contains("emergency"),
            "{name}"
        );
        let relay = rows.iter().find(|r| r.slot == "vov").unwrap();
        // A row never ends after its window.
        assert!(
            relay.actual_end.unwrap() <= at(6, 30, 0).with_timezone(&TZ),
            "{name}"
        );
    }
    // The window ended during the emergency: the row ends where the emergency cut in.
    let (_, rows, _) = relay_run(&cases_window_end());
    let relay = rows.iter().find(|r| r.slot == "vov").unwrap();
    assert_eq!(relay.actual_end, Some(at(6, 29, 0).with_timezone(&TZ)));
}

fn cases_window_end() -> Vec<(DateTime<Utc>, Event)> {
    vec![
        (at(6, 0, 0), Event::Tick),
        (at(6, 0, 1), Event::StreamUp),
        (at(6, 29, 0), Event::Urgent(PathBuf::from("urgent/lu.mp3"))),
        (at(6, 31, 0), Event::Ended),
    ]
}

#[test]
fn a_long_run_of_outages_is_summed_up_in_the_detail() {
    let mut events = vec![(at(6, 0, 0), Event::Tick)];
    for k in 0..9 {
        let t = at(6, 1 + 2 * k, 0);
        events.push((t, Event::Failed("the stream ended".into())));
        events.push((t + TimeDelta::seconds(30), Event::StreamUp));
    }
    events.push((at(6, 30, 0), Event::Tick));
    let (_, rows, _) = relay_run(&events);
    let detail = &rows[0].detail;
    assert_eq!(detail.matches("fallback 06:").count(), 5, "{detail}");
    assert!(
        detail.ends_with("and 4 more stretches of fallback (120 s in all)"),
        "{detail}"
    );
}

#[test]
fn the_driver_is_told_to_try_the_stream_only_while_the_fallback_stands_in() {
    let (_, _, s) = relay_run(&[(at(6, 0, 0), Event::Tick)]);
    assert_eq!(s.probing(), None);
    assert_eq!(s.next_wake(), Some(at(6, 30, 0)));
    let (_, _, s) = relay_run(&[
        (at(6, 0, 0), Event::Tick),
        (at(6, 1, 0), Event::Failed("down".into())),
    ]);
    assert_eq!(s.probing(), Some("http://127.0.0.1:8000/vov.mp3"));
}

#[test]
fn the_emergency_is_handed_back_to_be_moved_out_of_the_folder() {
    let mut s = Scheduler::new(slots(), TZ, at(5, 0, 0));
    s.handle(at(5, 30, 0), Event::Tick);
    let a = s.handle(at(5, 31, 0), Event::Urgent("urgent/lu.mp3".into()));
    assert_eq!(a[0], Action::Stop);
    assert!(
        matches!(&a[1], Action::Play { source: Airing::Urgent(_), offset, .. } if offset.is_zero())
    );
    let a = s.handle(at(5, 32, 0), Event::Ended);
    assert_eq!(
        a[0],
        Action::Done {
            file: "urgent/lu.mp3".into(),
            played: true
        }
    );
    // The slot resumes one minute in.
    assert!(
        matches!(&a[2], Action::Play { source: Airing::Slot(0), offset, .. } if *offset == Duration::from_secs(60))
    );
}

#[test]
fn shutdown_closes_every_open_airing_once() {
    let mut s = Scheduler::new(slots(), TZ, at(5, 0, 0));
    s.handle(at(5, 30, 0), Event::Tick);
    s.handle(at(5, 31, 0), Event::Urgent("urgent/lu.mp3".into()));
    let a = s.handle(at(5, 31, 30), Event::Shutdown);
    let logs: Vec<&AsRunRow> = a
        .iter()
        .filter_map(|a| match a {
            Action::Log(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(logs.len(), 2);
    assert_eq!(logs[0].result, Outcome::Emergency);
    assert_eq!(logs[1].slot, "sang");
    assert_eq!(logs[1].actual_end, Some(at(5, 31, 0).with_timezone(&TZ)));
    assert!(s.stopped());
    assert!(s.handle(at(5, 32, 0), Event::Tick).is_empty());
}

#[test]
fn a_rebuilt_week_replaces_only_the_slots_to_come() {
    let mut s = Scheduler::new(slots(), TZ, at(5, 0, 0));
    s.handle(at(5, 30, 0), Event::Tick);
    let mut new = slots();
    new[1].file = PathBuf::from("slots/chieu-v2.mp3");
    s.update_slots(new, at(5, 31, 0));
    assert_eq!(s.slots().len(), 2);
    assert_eq!(s.slots()[1].file, PathBuf::from("slots/chieu-v2.mp3"));
    assert_eq!(s.next_wake(), Some(at(17, 0, 0)));
}

#[test]
fn as_run_text_keeps_earlier_rows_and_writes_one_header() {
    let rows = simulate(
        slots(),
        TZ,
        at(0, 0, 0),
        at(23, 0, 0),
        &[],
        &mut lengths(&[]),
    );
    let refs: Vec<&AsRunRow> = rows.iter().collect();
    let first = as_run_text(None, &refs[..1]);
    let both = as_run_text(Some(&first), &refs[1..]);
    assert_eq!(both.lines().count(), 3);
    assert_eq!(both.lines().next(), Some(AS_RUN_HEADER));
    assert_eq!(both.matches(AS_RUN_HEADER).count(), 1);
}

#[test]
fn load_week_reads_the_plan_that_output_writes() {
    let dir = tempfile::tempdir().unwrap();
    let plan = crate::output::fixture::plan();
    std::fs::write(dir.path().join("plan.json"), crate::output::json(&plan)).unwrap();
    let week = load_week(dir.path()).unwrap();
    assert_eq!(
        (week.station.as_str(), week.week.as_str()),
        ("dinh-tan", "2026-W49")
    );
    assert_eq!(week.tz, TZ);
    let got: Vec<(&str, DateTime<Tz>, Vec<String>)> = week
        .slots
        .iter()
        .map(|s| (s.id.as_str(), s.start, s.items.clone()))
        .collect();
    let want: Vec<(&str, DateTime<Tz>, Vec<String>)> = plan
        .slots
        .iter()
        .map(|s| {
            let ids = s.items.iter().map(|i| i.id.clone()).collect();
            (s.id.as_str(), s.start_dt.unwrap(), ids)
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(week.slots[0].file, dir.path().join(&plan.slots[0].file));
    assert_eq!(week.slots[0].duration, Duration::from_secs_f64(376.8));
}

#[test]
fn load_week_names_the_file_of_a_plan_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    for text in [
        "{",
        r#"{"station":"s","week":"w","timezone":"Mars/Base","slots":[]}"#,
    ] {
        std::fs::write(&path, text).unwrap();
        let e = load_week(dir.path()).unwrap_err().to_string();
        assert!(e.contains("plan.json"), "{e}");
    }
}
