//! No two slots may be on air at once: their occurrences over a reference fortnight are laid out
//! in time and every pair that intersects is reported once, on the later slot's line.

use std::collections::BTreeSet;

use chrono::DateTime;
use chrono_tz::Tz;

use super::check::Check;
use super::{occurrences, SlotSpec, Week};

/// The fortnight that the overlap check lays the slots out in.
const REFERENCE: Week = Week {
    year: 2026,
    week: 2,
};

/// One occurrence of a slot: fields in this order so that they sort by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct SlotTime {
    start: DateTime<Tz>,
    end: DateTime<Tz>,
    slot: usize,
}

/// Every occurrence of every slot over the reference fortnight, in time order.
fn fortnight(slots: &[SlotSpec], tz: Tz) -> Vec<SlotTime> {
    let mut airings: Vec<SlotTime> = Vec::new();
    for (slot, s) in slots.iter().enumerate() {
        let starts =
            occurrences(s, tz, REFERENCE)
                .into_iter()
                .chain(occurrences(s, tz, REFERENCE.next()));
        airings.extend(starts.map(|start| SlotTime {
            start,
            end: start + s.length,
            slot,
        }));
    }
    airings.sort();
    airings
}

/// Reports each pair of slots whose occurrences intersect, once.
pub(super) fn check_overlaps(check: &mut Check, slots: &[SlotSpec], tz: Tz) {
    let mut reported = BTreeSet::new();
    for w in fortnight(slots, tz).windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if b.start < a.end && reported.insert((a.slot.min(b.slot), a.slot.max(b.slot))) {
            let (first, second) = if slots[a.slot].line <= slots[b.slot].line {
                (&slots[a.slot], &slots[b.slot])
            } else {
                (&slots[b.slot], &slots[a.slot])
            };
            let message = format!(
                "slot `{}` overlaps slot `{}` (e.g. {} starts before the other ends)",
                second.id,
                first.id,
                b.start.format("%a %H:%M")
            );
            check.report(Some(second.line), "cron", message);
        }
    }
}
