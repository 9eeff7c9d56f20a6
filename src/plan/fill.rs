//! The fill report: slots holding more than their room (nothing is ever cut to fit, so an
//! emergency can over-fill one) or less than half of it.

use super::{Costs, PlannedSlot};

/// A note for each over-full or under-filled slot, in time order.
pub(super) fn fill_notes(slots: &[PlannedSlot], costs: &Costs) -> Vec<String> {
    slots
        .iter()
        .filter_map(|s| {
            // An empty sum of floats is −0.0: a slot with nothing in it reads "0 s", not "-0 s".
            let used = match s.used_s(costs) {
                u if u <= 0.0 => 0.0,
                u => u,
            };
            let state = if used > s.capacity_s + 1e-6 {
                "over-full"
            } else if used < 0.5 * s.capacity_s {
                "under-filled"
            } else {
                return None;
            };
            Some(format!(
                "{} {} is {state}: {:.0} s of items for {:.0} s of room",
                s.start.format("%a %d/%m %H:%M"),
                s.id,
                used,
                s.capacity_s
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::board::Board;
    use crate::plan::fixtures::*;
    use crate::schedule::Priority;

    #[test]
    fn over_full_and_under_filled_slots_are_noted() {
        let st = station(
            vec![slot("sang", "0 6 * * 1-4", 5, &["story"])],
            crate::schedule::Rules::default(),
            vec![],
        );
        let mut board = Board::new(week("2026-W49"), &st, &COSTS);
        // 260 s of room; a programme costs its length + 30 s.
        for (i, secs) in [(0, 250.0), (1, 230.0), (2, 99.0)] {
            let e = entry("p", "story", Priority::Normal, secs);
            board.slots[i].entries.push(e);
        }
        assert_eq!(
            fill_notes(&board.slots, &COSTS),
            [
                "Mon 30/11 06:00 sang is over-full: 280 s of items for 260 s of room",
                "Wed 02/12 06:00 sang is under-filled: 129 s of items for 260 s of room",
                "Thu 03/12 06:00 sang is under-filled: 0 s of items for 260 s of room",
            ]
        );
    }
}
