//! Planner tests: dayparts, rotation over weeks, priorities, validity, the year boundary, and an
//! over-full week.

use chrono::{Datelike, NaiveDate, Timelike, Weekday};

use super::fixtures::*;
use super::*;
use crate::schedule::Rules;

#[test]
fn each_programme_airs_twice_in_different_dayparts_never_twice_a_day() {
    let st = two_a_day();
    let plan = plan(
        week("2026-W49"),
        &st,
        &programmes(16, 150.0),
        &[],
        &Rotation::default(),
        &COSTS,
    );
    assert_eq!(plan.slots.len(), 12);
    assert!(!plan.aired.is_empty());
    for id in &plan.aired {
        let airings: Vec<&PlannedSlot> = plan
            .slots
            .iter()
            .filter(|s| s.entries.iter().any(|e| &e.id == id))
            .collect();
        assert_eq!(airings.len(), 2, "{id}");
        assert_ne!(
            airings[0].start.date_naive(),
            airings[1].start.date_naive(),
            "{id} twice on one day"
        );
        assert_ne!(
            daypart(&airings[0].start),
            daypart(&airings[1].start),
            "{id} in one daypart"
        );
    }
    for s in &plan.slots {
        assert!(
            s.used_s(&COSTS) <= s.capacity_s + 1e-6,
            "{} over-full",
            s.id
        );
        assert!(s.entries.len() <= st.rules.max_items_per_slot);
    }
}

#[test]
fn slot_starts_follow_cron_in_local_time() {
    let plan = plan(
        week("2026-W49"),
        &two_a_day(),
        &[],
        &[],
        &Rotation::default(),
        &COSTS,
    );
    assert_eq!(
        plan.slots[0].start.to_rfc3339(),
        "2026-11-30T05:30:00+07:00"
    );
    assert_eq!(
        plan.slots[1].start.to_rfc3339(),
        "2026-11-30T17:00:00+07:00"
    );
    assert_eq!(
        plan.slots.last().unwrap().start.to_rfc3339(),
        "2026-12-05T17:00:00+07:00"
    );
}

#[test]
fn rotation_over_three_weeks_airs_every_item_before_any_returns() {
    // Room for about 6 programmes a week; 16 in the pack.
    let st = station(
        vec![
            slot("sang", "0 6 * * 1-6", 6, &["story", "howto"]),
            slot("chieu", "0 17 * * 1-6", 6, &["story", "howto"]),
        ],
        Rules::default(),
        vec![],
    );
    let pack = programmes(16, 120.0);
    let mut rot = Rotation::default();
    let mut seen: Vec<String> = Vec::new();
    let mut w = week("2026-W52");
    for round in 0..3 {
        let p = plan(w, &st, &pack, &[], &rot, &COSTS);
        assert!(!p.aired.is_empty());
        // An item returns only when every item not yet aired airs this week too.
        let returning = p.aired.iter().any(|id| seen.contains(id));
        if returning {
            for c in &pack {
                if !seen.contains(&c.id) {
                    assert!(
                        p.aired.contains(&c.id),
                        "week {round}: {} waited while an aired item returned",
                        c.id
                    );
                }
            }
        }
        // Within a week, never-aired items come first.
        let first_return = p
            .aired
            .iter()
            .position(|id| seen.contains(id))
            .unwrap_or(p.aired.len());
        assert!(
            p.aired[first_return..].iter().all(|id| seen.contains(id)),
            "week {round}: {:?}",
            p.aired
        );
        seen.extend(p.aired.clone());
        rot.record(w, p.aired.clone());
        w = w.next();
    }
    assert!(
        seen.len() >= pack.len(),
        "three weeks cover the pack: {}",
        seen.len()
    );
    // Re-planning a week that is already recorded gives the same plan (history is only read
    // for earlier weeks).
    let again = plan(week("2026-W53"), &st, &pack, &[], &rot, &COSTS);
    assert_eq!(again.aired, rot.weeks["2026-W53"]);
}

#[test]
fn year_boundary_weeks_have_their_own_days() {
    let st = two_a_day();
    let w53 = plan(
        week("2026-W53"),
        &st,
        &programmes(4, 100.0),
        &[],
        &Rotation::default(),
        &COSTS,
    );
    let w01 = plan(
        week("2027-W01"),
        &st,
        &programmes(4, 100.0),
        &[],
        &Rotation::default(),
        &COSTS,
    );
    assert_eq!(
        w53.slots[0].start.date_naive(),
        NaiveDate::from_ymd_opt(2026, 12, 28).unwrap()
    );
    assert_eq!(
        w53.slots.last().unwrap().start.date_naive(),
        NaiveDate::from_ymd_opt(2027, 1, 2).unwrap()
    );
    assert_eq!(
        w01.slots[0].start.date_naive(),
        NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()
    );
}

#[test]
fn emergency_opens_every_slot_of_its_days_priority_spreads_normal_fills_in() {
    let st = two_a_day();
    let notices = vec![
        notice("bao", Priority::Emergency, (12, 1), (12, 2), 0, 40.0),
        notice("tiem", Priority::Priority, (11, 30), (12, 5), 3, 60.0),
        notice("hop", Priority::Normal, (12, 3), (12, 4), 2, 30.0),
    ];
    let p = plan(
        week("2026-W49"),
        &st,
        &programmes(6, 150.0),
        &notices,
        &Rotation::default(),
        &COSTS,
    );
    for s in &p.slots {
        let d = s.start.date_naive();
        let day = d.format("%m-%d").to_string();
        if day == "12-01" || day == "12-02" {
            assert_eq!(s.entries[0].id, "bao", "{day} {}", s.id);
        } else {
            assert!(s.entries.iter().all(|e| e.id != "bao"));
        }
    }
    let tiem: Vec<&PlannedSlot> = p
        .slots
        .iter()
        .filter(|s| s.entries.iter().any(|e| e.id == "tiem"))
        .collect();
    assert_eq!(tiem.len(), 3);
    let days: std::collections::BTreeSet<_> = tiem.iter().map(|s| s.start.date_naive()).collect();
    assert_eq!(days.len(), 3, "one a day");
    let dayparts: std::collections::BTreeSet<_> =
        tiem.iter().map(|s| s.start.hour() < 12).collect();
    assert_eq!(dayparts.len(), 2, "both morning and afternoon");
    for s in &tiem {
        let first_non_emergency = s
            .entries
            .iter()
            .find(|e| e.priority != Priority::Emergency)
            .unwrap();
        assert_eq!(
            first_non_emergency.id, "tiem",
            "priority ahead of programmes"
        );
    }
    let hop: Vec<&PlannedSlot> = p
        .slots
        .iter()
        .filter(|s| s.entries.iter().any(|e| e.id == "hop"))
        .collect();
    assert_eq!(hop.len(), 2);
    for s in hop {
        assert!(
            ["12-03", "12-04"].contains(&s.start.format("%m-%d").to_string().as_str()),
            "within validity"
        );
        assert_eq!(s.entries.last().unwrap().id, "hop", "after the programmes");
    }
    // Every programme that fits still airs twice: the normal notice displaced none.
    let without = plan(
        week("2026-W49"),
        &st,
        &programmes(6, 150.0),
        &notices[..2],
        &Rotation::default(),
        &COSTS,
    );
    assert_eq!(p.aired, without.aired);
}

#[test]
fn topic_of_the_weekday_is_preferred() {
    let mut rules = Rules::default();
    rules
        .topic_by_weekday
        .insert("wed".into(), "thanh-toan".into());
    let st = station(two_a_day().slots, rules, vec![]);
    let pack = vec![Candidate {
        id: "qr".into(),
        title: "QR".into(),
        kind: "howto".into(),
        topic: Topic::ThanhToan,
        duration_s: 120.0,
    }];
    let p = plan(
        week("2026-W49"),
        &st,
        &pack,
        &[],
        &Rotation::default(),
        &COSTS,
    );
    let days: Vec<_> = p
        .slots
        .iter()
        .filter(|s| !s.entries.is_empty())
        .map(|s| s.start.weekday())
        .collect();
    assert!(days.contains(&Weekday::Wed), "{days:?}");
}

#[test]
fn over_full_and_under_filled_weeks_are_reported_and_nothing_is_cut() {
    let st = station(
        vec![slot(
            "sang",
            "0 6 * * 1-2",
            5,
            &["story", "howto", "announcement"],
        )],
        Rules::default(),
        vec![],
    );
    // An emergency longer than the slot's room, and programmes that cannot fit twice.
    let notices = vec![notice(
        "lu",
        Priority::Emergency,
        (11, 30),
        (11, 30),
        0,
        400.0,
    )];
    let p = plan(
        week("2026-W49"),
        &st,
        &programmes(5, 200.0),
        &notices,
        &Rotation::default(),
        &COSTS,
    );
    assert!(
        p.notes.iter().any(|n| n.contains("over-full")),
        "{:?}",
        p.notes
    );
    assert!(
        p.notes.iter().any(|n| n.contains("wait for a later week")),
        "{:?}",
        p.notes
    );
    assert!(
        p.slots.iter().all(|s| s
            .entries
            .iter()
            .all(|e| e.duration_s == 400.0 || e.duration_s == 200.0)),
        "whole items only"
    );
    let empty = plan(
        week("2026-W49"),
        &two_a_day(),
        &[],
        &[],
        &Rotation::default(),
        &COSTS,
    );
    assert!(
        empty
            .notes
            .iter()
            .filter(|n| n.contains("under-filled"))
            .count()
            == 12
    );
}

#[test]
fn the_same_inputs_give_the_same_plan() {
    let st = two_a_day();
    let a = plan(
        week("2026-W49"),
        &st,
        &programmes(16, 150.0),
        &[],
        &Rotation::default(),
        &COSTS,
    );
    let b = plan(
        week("2026-W49"),
        &st,
        &programmes(16, 150.0),
        &[],
        &Rotation::default(),
        &COSTS,
    );
    assert_eq!(a, b);
}
