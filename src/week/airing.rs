//! When each slot airs, for what its frame says from word clips: the day (the greeting's date)
//! and when the station broadcasts next (the closing's "tiếp theo vào năm giờ chiều nay"), the
//! earliest start of any of the station's slots after this one, in a later week too.

use crate::plan::PlannedSlot;
use crate::schedule::{next_start, SlotSpec};
use crate::script::{words, AirDate};

use super::context::Cx;

/// When slot `s` airs.
pub(super) fn of(cx: &Cx, s: &PlannedSlot) -> AirDate {
    airing(&cx.station.slots, s)
}

/// When slot `s` of a station with these slots airs.
fn airing(slots: &[SlotSpec], s: &PlannedSlot) -> AirDate {
    AirDate {
        day: s.start.date_naive(),
        next: next_start(slots, s.start).map(|t| t.naive_local()),
    }
}

/// The same for every slot whose closing says the same words for the next broadcast.
pub(super) fn next_id(cx: &Cx, s: &PlannedSlot) -> String {
    let a = of(cx, s);
    match a.next {
        Some(next) => words::next(a.day, next)
            .iter()
            .map(|w| w.id.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::week::testkit::{planned, slot};

    #[test]
    fn a_slot_airs_on_its_day_and_the_next_broadcast_is_the_next_slot() {
        let sang = slot("sang", &["story"], "loudspeaker");
        let mut chieu = slot("chieu", &["story"], "loudspeaker");
        chieu.schedule = "0 0 17 * * Mon-Sat".parse().unwrap();
        let slots = [sang, chieu];
        // Monday 7 December 2026.
        let said = |hh, mm| {
            let a = airing(&slots, &planned("x", hh, mm, vec![]));
            let next = a.next.unwrap();
            (a.day.to_string(), words::next_text(a.day, next))
        };
        let lead = "Mời bà con đón nghe buổi phát thanh tiếp theo vào";
        assert_eq!(
            said(5, 30),
            ("2026-12-07".into(), format!("{lead} năm giờ chiều nay."))
        );
        assert_eq!(
            said(17, 0),
            (
                "2026-12-07".into(),
                format!("{lead} năm giờ rưỡi sáng mai.")
            )
        );
        assert_eq!(airing(&[], &planned("x", 5, 30, vec![])).next, None);
    }
}
