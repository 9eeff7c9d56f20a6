//! Step 1: emergency announcements open every slot of each day they are valid, whatever the
//! slot's kinds and room, after any emergency already there.

use super::{Entry, Notice, PlannedSlot};
use crate::schedule::{Priority, Week};

/// Places every emergency notice; returns a note for each that is not valid in the week.
pub(super) fn place_emergencies(
    slots: &mut [PlannedSlot],
    notices: &[Notice],
    week: Week,
) -> Vec<String> {
    let mut notes = Vec::new();
    for n in notices
        .iter()
        .filter(|n| n.announcement.priority == Priority::Emergency)
    {
        if open_slots(slots, n) == 0 {
            notes.push(format!(
                "emergency notice `{}` is not valid in {week}",
                n.announcement.id
            ));
        }
    }
    notes
}

/// Puts the notice at the head of every slot of its valid days; returns how many.
fn open_slots(slots: &mut [PlannedSlot], n: &Notice) -> usize {
    let a = &n.announcement;
    let mut count = 0;
    for s in slots
        .iter_mut()
        .filter(|s| (a.valid_from..=a.valid_until).contains(&s.start.date_naive()))
    {
        let at = s
            .entries
            .iter()
            .take_while(|e| e.priority == Priority::Emergency)
            .count();
        let reason = format!(
            "emergency notice, valid {} to {}: opens every slot of those days",
            a.valid_from, a.valid_until
        );
        s.entries.insert(
            at,
            Entry {
                id: a.id.clone(),
                title: a.title.clone(),
                kind: "announcement".into(),
                priority: Priority::Emergency,
                duration_s: n.duration_s,
                lang: a.lang.clone(),
                reason,
            },
        );
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::board::Board;
    use crate::plan::fixtures::*;

    #[test]
    fn emergencies_open_their_days_in_order_and_outside_ones_are_noted() {
        let st = two_a_day();
        let mut board = Board::new(week("2026-W49"), &st, &COSTS);
        board.slots[0]
            .entries
            .push(entry("p", "story", Priority::Normal, 100.0));
        let notices = [
            notice("a", Priority::Emergency, (11, 30), (11, 30), 0, 10.0),
            notice("b", Priority::Emergency, (11, 30), (12, 1), 0, 10.0),
            notice("c", Priority::Emergency, (12, 20), (12, 21), 0, 10.0),
            notice("n", Priority::Normal, (11, 30), (12, 5), 3, 10.0),
        ];
        let notes = place_emergencies(&mut board.slots, &notices, week("2026-W49"));
        assert_eq!(notes, ["emergency notice `c` is not valid in 2026-W49"]);
        // (slot index, ids in order): Monday has two slots, Tuesday two, Wednesday none.
        for (i, ids) in [
            (0, vec!["a", "b", "p"]),
            (1, vec!["a", "b"]),
            (2, vec!["b"]),
            (3, vec!["b"]),
            (4, vec![]),
        ] {
            let got: Vec<&str> = board.slots[i]
                .entries
                .iter()
                .map(|e| e.id.as_str())
                .collect();
            assert_eq!(got, ids, "slot {i}");
        }
    }
}
