//! Steps 2 and 4: priority announcements air `airings` times within their validity, spread over
//! days and dayparts, ahead of everything but emergencies; normal announcements fill in the room
//! the programmes left and never displace one.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::board::{best, daypart, Board};
use super::{Entry, Notice, PlannedSlot};
use crate::schedule::Priority;

/// Picks up to `n` valid slots for a notice, one per day where possible, alternating dayparts;
/// returns their indices in time order.
pub(super) fn spread(
    slots: &[PlannedSlot],
    notice: &Notice,
    n: u32,
    ok: impl Fn(&PlannedSlot) -> bool,
) -> Vec<usize> {
    let a = &notice.announcement;
    let valid: Vec<usize> = (0..slots.len())
        .filter(|&i| (a.valid_from..=a.valid_until).contains(&slots[i].date()) && ok(&slots[i]))
        .collect();
    let mut chosen: Vec<usize> = Vec::new();
    while (chosen.len() as u32) < n {
        let open = valid.iter().copied().filter(|i| !chosen.contains(i));
        match best(open, |i| spread_score(slots, &chosen, i)) {
            Some(i) => chosen.push(i),
            None => break,
        }
    }
    chosen.sort();
    chosen
}

/// A new day first, then a daypart other than the last pick's, then distance from the picks.
fn spread_score(slots: &[PlannedSlot], chosen: &[usize], i: usize) -> f64 {
    let s = &slots[i];
    let days: BTreeSet<NaiveDate> = chosen.iter().map(|&j| slots[j].date()).collect();
    let mut v = 0.0;
    if !days.contains(&s.date()) {
        v += 100.0;
    }
    if chosen
        .last()
        .is_none_or(|&j| daypart(&slots[j].start) != daypart(&s.start))
    {
        v += 10.0;
    }
    v + chosen
        .iter()
        .map(|&j| (slots[j].date() - s.date()).num_days().abs())
        .min()
        .unwrap_or(0) as f64
}

fn notice_entry(n: &Notice, priority: Priority, reason: String) -> Entry {
    Entry {
        id: n.announcement.id.clone(),
        title: n.announcement.title.clone(),
        kind: "announcement".into(),
        priority,
        duration_s: n.duration_s,
        lang: n.announcement.lang.clone(),
        reason,
    }
}

/// Places the priority notices, earliest valid first; returns a note for each that cannot get
/// all its airings.
pub(super) fn place_priority_notices(board: &mut Board, notices: &[Notice]) -> Vec<String> {
    let mut priority: Vec<&Notice> = notices
        .iter()
        .filter(|n| n.announcement.priority == Priority::Priority)
        .collect();
    priority.sort_by(|a, b| {
        (a.announcement.valid_from, &a.announcement.id)
            .cmp(&(b.announcement.valid_from, &b.announcement.id))
    });
    let mut notes = Vec::new();
    for n in priority {
        let wanted = n.announcement.airings;
        let chosen = spread(&board.slots, n, wanted, |s| board.allows(s, "announcement"));
        let reason = format!("priority notice ({} of {wanted} airings, spread over days and dayparts), ahead of normal items", chosen.len());
        for &i in &chosen {
            let s = &mut board.slots[i];
            let at = s
                .entries
                .iter()
                .take_while(|e| e.priority >= Priority::Priority)
                .count();
            let entry = notice_entry(n, Priority::Priority, reason.clone());
            s.entries.insert(at, entry);
        }
        if (chosen.len() as u32) < wanted {
            notes.push(format!(
                "priority notice `{}` gets {} of its {wanted} airings (not enough valid slots)",
                n.announcement.id,
                chosen.len(),
            ));
        }
    }
    notes
}

/// Places the normal notices, in the order given, after everything else in their slots;
/// returns a note for each that cannot get all its airings.
pub(super) fn place_normal_notices(board: &mut Board, notices: &[Notice]) -> Vec<String> {
    let mut notes = Vec::new();
    for n in notices
        .iter()
        .filter(|n| n.announcement.priority == Priority::Normal)
    {
        let wanted = n.announcement.airings;
        let cost = n.duration_s + board.costs.per_notice_s;
        let chosen = spread(&board.slots, n, wanted, |s| {
            board.allows(s, "announcement") && board.has_room(s, cost)
        });
        let reason = format!(
            "normal notice ({} of {wanted} airings), after the programmes",
            chosen.len()
        );
        for &i in &chosen {
            let entry = notice_entry(n, Priority::Normal, reason.clone());
            board.slots[i].entries.push(entry);
        }
        if (chosen.len() as u32) < wanted {
            notes.push(format!(
                "normal notice `{}` gets {} of its {wanted} airings (no room left)",
                n.announcement.id,
                chosen.len(),
            ));
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fixtures::*;

    #[test]
    fn spread_takes_a_new_day_and_the_other_daypart_each_time() {
        let st = two_a_day();
        let board = Board::new(week("2026-W49"), &st, &COSTS);
        // Slots: Mon 05:30 (0), Mon 17:00 (1), Tue 05:30 (2), … Sat 17:00 (11).
        // (validity, airings, chosen slots)
        for (from, until, airings, want) in [
            ((11, 30), (12, 5), 3, vec![0, 4, 11]),
            ((11, 30), (12, 5), 1, vec![0]),
            ((12, 1), (12, 1), 3, vec![2, 3]),
            ((11, 30), (11, 30), 0, vec![]),
            ((12, 10), (12, 20), 2, vec![]),
        ] {
            let n = notice("x", Priority::Priority, from, until, airings, 30.0);
            assert_eq!(
                spread(&board.slots, &n, airings, |_| true),
                want,
                "{from:?}–{until:?} ×{airings}"
            );
        }
        let n = notice("x", Priority::Priority, (11, 30), (12, 5), 6, 30.0);
        let mornings = spread(&board.slots, &n, 6, |s| {
            s.start.format("%H").to_string() == "05"
        });
        assert_eq!(mornings, vec![0, 2, 4, 6, 8, 10]);
    }

    #[test]
    fn priority_goes_after_emergencies_and_ahead_of_programmes() {
        let st = two_a_day();
        let mut board = Board::new(week("2026-W49"), &st, &COSTS);
        board.slots[0].entries = vec![
            entry("e", "announcement", Priority::Emergency, 10.0),
            entry("p", "story", Priority::Normal, 100.0),
        ];
        let notices = [
            notice("later", Priority::Priority, (12, 1), (12, 5), 1, 10.0),
            notice("now", Priority::Priority, (11, 30), (11, 30), 3, 10.0),
            notice("normal", Priority::Normal, (11, 30), (11, 30), 1, 10.0),
        ];
        let notes = place_priority_notices(&mut board, &notices);
        assert_eq!(
            notes,
            ["priority notice `now` gets 2 of its 3 airings (not enough valid slots)"]
        );
        let ids: Vec<&str> = board.slots[0]
            .entries
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(ids, ["e", "now", "p"]);
        assert_eq!(
            board.slots[0].entries[1].reason,
            "priority notice (2 of 3 airings, spread over days and dayparts), ahead of normal items"
        );
        assert!(board.slots[2].entries.iter().any(|e| e.id == "later"));
        assert!(board
            .slots
            .iter()
            .flat_map(|s| &s.entries)
            .all(|e| e.id != "normal"));
    }

    #[test]
    fn normal_notices_take_only_the_room_left() {
        let st = station(
            vec![
                slot("sang", "0 6 * * 1", 5, &["story", "announcement"]),
                slot("chieu", "0 17 * * 1", 5, &["story"]),
            ],
            crate::schedule::Rules::default(),
            vec![],
        );
        let mut board = Board::new(week("2026-W49"), &st, &COSTS);
        // 260 s of room in each slot; a notice costs its length + 6 s.
        let notices = [
            notice("fits", Priority::Normal, (11, 30), (11, 30), 2, 200.0),
            notice("no-room", Priority::Normal, (11, 30), (11, 30), 1, 100.0),
            notice("prio", Priority::Priority, (11, 30), (11, 30), 1, 10.0),
        ];
        let notes = place_normal_notices(&mut board, &notices);
        assert_eq!(
            notes,
            [
                "normal notice `fits` gets 1 of its 2 airings (no room left)",
                "normal notice `no-room` gets 0 of its 1 airings (no room left)",
            ]
        );
        let ids: Vec<&str> = board
            .slots
            .iter()
            .flat_map(|s| &s.entries)
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(ids, ["fits"]);
        assert_eq!(
            board.slots[0].entries[0].reason,
            "normal notice (1 of 2 airings), after the programmes"
        );
    }
}
