//! Test fixtures for the planner and its steps: slots from cron, stations, programme packs,
//! notices and the usual costs.

use std::str::FromStr;

use chrono::{Duration, NaiveDate};

use super::*;
use crate::project::station::StationInfo;
use crate::schedule::{convert_cron, Rules, SlotSpec};

pub(super) fn slot(id: &str, cron: &str, minutes: i64, kinds: &[&str]) -> SlotSpec {
    SlotSpec {
        relay: None,
        id: id.into(),
        name: id.into(),
        cron: cron.into(),
        schedule: cron::Schedule::from_str(&convert_cron(cron).unwrap()).unwrap(),
        length: Duration::minutes(minutes),
        kinds: kinds.iter().map(|k| k.to_string()).collect(),
        profile: "loudspeaker".into(),
        line: 1,
    }
}

pub(super) fn station(
    slots: Vec<SlotSpec>,
    rules: Rules,
    announcements: Vec<Announcement>,
) -> StationFile {
    StationFile {
        relays: Vec::new(),
        path: "schedules/t.toml".into(),
        station: StationInfo::placeholder(),
        tz: chrono_tz::Asia::Ho_Chi_Minh,
        slots,
        rules,
        announcements,
    }
}

pub(super) fn two_a_day() -> StationFile {
    station(
        vec![
            slot(
                "sang",
                "30 5 * * 1-6",
                15,
                &["story", "howto", "announcement"],
            ),
            slot(
                "chieu",
                "0 17 * * 1-6",
                15,
                &["story", "howto", "announcement"],
            ),
        ],
        Rules::default(),
        vec![],
    )
}

pub(super) fn programmes(n: usize, secs: f64) -> Vec<Candidate> {
    (0..n)
        .map(|i| Candidate {
            id: format!("p{i:02}"),
            title: format!("P{i}"),
            kind: if i % 2 == 0 {
                "story".into()
            } else {
                "howto".into()
            },
            topic: Topic::ALL[i % 6],
            duration_s: secs,
        })
        .collect()
}

pub(super) const COSTS: Costs = Costs {
    frame_s: 40.0,
    per_programme_s: 30.0,
    per_notice_s: 6.0,
};

pub(super) fn week(s: &str) -> Week {
    s.parse().unwrap()
}

pub(super) fn notice(
    id: &str,
    p: Priority,
    from: (u32, u32),
    until: (u32, u32),
    airings: u32,
    secs: f64,
) -> Notice {
    Notice {
        announcement: Announcement {
            lang: None,
            bulletin: None,
            id: id.into(),
            title: id.into(),
            text: Some("x".into()),
            file: None,
            priority: p,
            valid_from: NaiveDate::from_ymd_opt(2026, from.0, from.1).unwrap(),
            valid_until: NaiveDate::from_ymd_opt(2026, until.0, until.1).unwrap(),
            airings,
        },
        duration_s: secs,
    }
}

pub(super) fn entry(id: &str, kind: &str, priority: Priority, secs: f64) -> Entry {
    Entry {
        lang: None,
        id: id.into(),
        title: id.into(),
        kind: kind.into(),
        priority,
        duration_s: secs,
        reason: String::new(),
    }
}
