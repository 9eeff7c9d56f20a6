//! The week's slots while they are filled: their start times from cron, and what decides whether
//! an item may still go in one (the kinds it allows, the room left, the most items). Also the
//! dayparts and the one tie rule (the higher score wins, a tie goes to the earlier slot).

use chrono::{DateTime, Timelike};
use chrono_tz::Tz;

use super::{Costs, PlannedSlot};
use crate::schedule::{occurrences, Priority, StationFile, Week};

/// The part of the day a time falls in.
pub(super) fn daypart(t: &DateTime<Tz>) -> &'static str {
    match t.hour() {
        0..=10 => "sáng",
        11..=13 => "trưa",
        14..=18 => "chiều",
        _ => "tối",
    }
}

/// The candidate with the highest score; of equal scores, the earliest (lowest index).
pub(super) fn best(
    candidates: impl Iterator<Item = usize>,
    score: impl Fn(usize) -> f64,
) -> Option<usize> {
    candidates.max_by(|&a, &b| {
        score(a)
            .partial_cmp(&score(b))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(b.cmp(&a))
    })
}

/// The slots of a week being filled, and the station and costs that bound them.
pub(super) struct Board<'a> {
    /// Slots in time order.
    pub slots: Vec<PlannedSlot>,
    /// The station file.
    pub station: &'a StationFile,
    /// Fixed costs of slots and items.
    pub costs: &'a Costs,
}

impl<'a> Board<'a> {
    /// Every slot the station's cron gives in `week`, empty, in time order.
    pub fn new(week: Week, station: &'a StationFile, costs: &'a Costs) -> Self {
        let mut slots = Vec::new();
        for (i, spec) in station.slots.iter().enumerate() {
            let length_s = spec.length.num_seconds() as f64;
            slots.extend(
                occurrences(spec, station.tz, week)
                    .into_iter()
                    .map(|start| PlannedSlot {
                        id: spec.id.clone(),
                        name: spec.name.clone(),
                        spec: i,
                        start,
                        length_s,
                        capacity_s: length_s - costs.frame_s,
                        entries: Vec::new(),
                    }),
            );
        }
        slots.sort_by_key(|s| (s.start, s.spec));
        Board {
            slots,
            station,
            costs,
        }
    }

    /// Whether the slot's `[[slot]]` allows items of `kind`.
    pub fn allows(&self, s: &PlannedSlot, kind: &str) -> bool {
        self.station.slots[s.spec].kinds.iter().any(|k| k == kind)
    }

    /// Seconds of room left in the slot.
    pub fn free(&self, s: &PlannedSlot) -> f64 {
        s.capacity_s - s.used_s(self.costs)
    }

    /// Whether an item costing `cost` seconds still fits, under the most normal items a slot
    /// takes.
    pub fn has_room(&self, s: &PlannedSlot, cost: f64) -> bool {
        self.free(s) + 1e-6 >= cost
            && s.entries
                .iter()
                .filter(|e| e.priority == Priority::Normal)
                .count()
                < self.station.rules.max_items_per_slot
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::plan::fixtures::*;

    #[test]
    fn dayparts() {
        let tz = chrono_tz::Asia::Ho_Chi_Minh;
        for (hour, part) in [
            (0, "sáng"),
            (10, "sáng"),
            (11, "trưa"),
            (13, "trưa"),
            (14, "chiều"),
            (18, "chiều"),
            (19, "tối"),
            (23, "tối"),
        ] {
            let t = tz.with_ymd_and_hms(2026, 12, 1, hour, 30, 0).unwrap();
            assert_eq!(daypart(&t), part, "{hour}");
        }
    }

    #[test]
    fn the_best_score_wins_and_ties_go_to_the_earlier_slot() {
        // (scores by index, winner)
        for (scores, want) in [
            (vec![1.0, 3.0, 2.0], Some(1)),
            (vec![2.0, 2.0, 1.0], Some(0)),
            (vec![1.0, 2.0, 2.0], Some(1)),
            (vec![f64::NAN, 1.0], Some(0)),
            (vec![], None),
        ] {
            assert_eq!(best(0..scores.len(), |i| scores[i]), want, "{scores:?}");
        }
    }

    #[test]
    fn room_counts_costs_and_normal_items() {
        let st = station(
            vec![slot("sang", "0 6 * * 1", 5, &["story"])],
            crate::schedule::Rules {
                max_items_per_slot: 1,
                ..Default::default()
            },
            vec![],
        );
        let mut board = Board::new(week("2026-W49"), &st, &COSTS);
        assert_eq!(board.slots.len(), 1);
        let s = &board.slots[0];
        assert_eq!(s.capacity_s, 260.0);
        assert!(board.allows(s, "story") && !board.allows(s, "announcement"));
        assert!(board.has_room(s, 260.0) && !board.has_room(s, 260.1));
        board.slots[0]
            .entries
            .push(entry("p", "story", Priority::Normal, 100.0));
        let s = &board.slots[0];
        assert_eq!(board.free(s), 130.0);
        assert!(!board.has_room(s, 10.0), "one normal item at most");
    }
}
