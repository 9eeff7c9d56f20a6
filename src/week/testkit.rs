//! Small builders for the week's unit tests: items, slots, station files, planned slots.

use std::str::FromStr;

use chrono::{NaiveDate, TimeZone};

use crate::content::{Body, Howto, Item, Place, Story, Topic};
use crate::plan::{Entry, PlannedSlot};
use crate::project::station::StationInfo;
use crate::schedule::{convert_cron, Announcement, Priority, Rules, SlotSpec, StationFile};

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A story or a how-to with an empty body.
pub(super) fn item(id: &str, kind: &str) -> Item {
    let body = match kind {
        "story" => Body::Story(Story {
            people: vec![],
            place: Place {
                village: None,
                commune: "xã Hoàng Tây".into(),
                district: None,
                province: "Hà Nam".into(),
                now: None,
            },
            as_of: None,
            context: vec![],
            action: vec![],
            result: vec![],
            try_it: vec![],
        }),
        _ => Body::Howto(Howto {
            last_verified: date(2026, 1, 1),
            safety: String::new(),
            remember: vec![],
            intro: vec![],
            steps: vec![],
            outro: vec![],
        }),
    };
    Item {
        id: id.into(),
        title: format!("Title {id}"),
        topic: Topic::ALL[0],
        summary: String::new(),
        platforms: vec![],
        key_point: None,
        sources: vec![],
        hold: None,
        source: format!("content/{id}.md").into(),
        id_line: 1,
        body,
    }
}

/// A slot that takes `kinds`, in `profile`, every weekday at 05:30.
pub(super) fn slot(id: &str, kinds: &[&str], profile: &str) -> SlotSpec {
    let cron = "30 5 * * 1-6";
    SlotSpec {
        relay: None,
        id: id.into(),
        name: id.into(),
        cron: cron.into(),
        schedule: cron::Schedule::from_str(&convert_cron(cron).unwrap()).unwrap(),
        length: chrono::Duration::minutes(15),
        kinds: kinds.iter().map(|k| k.to_string()).collect(),
        profile: profile.into(),
        line: 1,
    }
}

pub(super) fn station(slots: Vec<SlotSpec>) -> StationFile {
    StationFile {
        relays: Vec::new(),
        path: "schedules/t.toml".into(),
        station: StationInfo::placeholder(),
        tz: chrono_tz::Asia::Ho_Chi_Minh,
        slots,
        rules: Rules::default(),
        announcements: vec![],
    }
}

/// An announcement valid from `from` to `until`.
pub(super) fn announcement(id: &str, from: NaiveDate, until: NaiveDate) -> Announcement {
    Announcement {
        lang: None,
        bulletin: None,
        id: id.into(),
        title: format!("Title {id}"),
        text: Some("text".into()),
        file: None,
        priority: Priority::Normal,
        valid_from: from,
        valid_until: until,
        airings: 1,
    }
}

pub(super) fn entry(id: &str, kind: &str, priority: Priority) -> Entry {
    Entry {
        lang: None,
        id: id.into(),
        title: format!("Title {id}"),
        kind: kind.into(),
        priority,
        duration_s: 61.5,
        reason: format!("because {id}"),
    }
}

/// A planned slot starting at 2026-12-07 (a Monday) `hh:mm` in Hanoi time, 15 minutes long.
pub(super) fn planned(id: &str, hh: u32, mm: u32, entries: Vec<Entry>) -> PlannedSlot {
    let start = chrono_tz::Asia::Ho_Chi_Minh
        .with_ymd_and_hms(2026, 12, 7, hh, mm, 0)
        .unwrap();
    PlannedSlot {
        id: id.into(),
        name: format!("Slot {id}"),
        spec: 0,
        start,
        length_s: 900.0,
        capacity_s: 800.0,
        entries,
    }
}
