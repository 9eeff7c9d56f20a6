//! Planning a station's week: which programme and notice airs in which slot.
//!
//! A pure function of the week, the slots, the programmes (with their real durations), the
//! announcements and the rotation history, so it is tested without audio and gives the same plan
//! for the same inputs. Order of placement:
//!
//! 1. emergency announcements open every slot of each day they are valid;
//! 2. priority announcements air `airings` times within their validity, spread over days and
//!    dayparts, ahead of everything else in their slots;
//! 3. programmes, in rotation order (never aired, then aired longest ago), each `airings_per_item`
//!    times in different dayparts and never twice on one day, preferring the weekday's topic;
//!    a programme that cannot get all its airings waits for next week;
//! 4. normal announcements fill in what room is left; they never displace a programme.
//!
//! Nothing is cut to fit: an item airs whole or not at all. Each step has its file: `board` (the
//! week's slots and the room in them), `emergency`, `notices` (priority and normal), `rotation`,
//! `programmes`, `fill` (the fill report).

mod board;
mod emergency;
mod fill;
mod notices;
mod programmes;
mod rotation;

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;

#[cfg(test)]
use self::board::daypart;
use self::board::Board;
use self::emergency::place_emergencies;
use self::fill::fill_notes;
use self::notices::{place_normal_notices, place_priority_notices};
use self::programmes::{place_programmes, waiting_note};
pub use self::rotation::Rotation;
use crate::content::Topic;
use crate::schedule::{Announcement, Priority, StationFile, Week};

/// A programme that may air, with its rendered length.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Item id.
    pub id: String,
    /// Title.
    pub title: String,
    /// `story` or `howto`.
    pub kind: String,
    /// Topic.
    pub topic: Topic,
    /// Length of its in-slot audio, in seconds.
    pub duration_s: f64,
}

/// An announcement with its rendered length.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// The announcement.
    pub announcement: Announcement,
    /// Length of its audio, in seconds.
    pub duration_s: f64,
}

/// Fixed costs of a slot, in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Costs {
    /// Opening jingle, greeting with the date, closing line and jingle.
    pub frame_s: f64,
    /// What each programme adds besides itself: the contact lines and the jingle after it.
    pub per_programme_s: f64,
    /// What each announcement adds besides itself: the jingle after it.
    pub per_notice_s: f64,
}

/// One placed item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Item or announcement id.
    pub id: String,
    /// Title.
    pub title: String,
    /// `story`, `howto` or `announcement`.
    pub kind: String,
    /// `normal`, `priority` or `emergency`.
    pub priority: Priority,
    /// Length in seconds.
    pub duration_s: f64,
    /// The language of a recorded notice (ISO 639-3), when it is not Vietnamese.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Why it sits here (for `--explain`).
    #[serde(skip)]
    pub reason: String,
}

/// One slot of the week with what airs in it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedSlot {
    /// Slot id.
    pub id: String,
    /// Slot name.
    pub name: String,
    /// Index of its `[[slot]]`.
    pub spec: usize,
    /// Start, in the station's time zone.
    pub start: DateTime<Tz>,
    /// Length in seconds.
    pub length_s: f64,
    /// Seconds available for items after the fixed frame.
    pub capacity_s: f64,
    /// The items in airing order.
    pub entries: Vec<Entry>,
}

impl PlannedSlot {
    /// Seconds used by items and their per-item costs.
    pub fn used_s(&self, costs: &Costs) -> f64 {
        self.entries
            .iter()
            .map(|e| {
                e.duration_s
                    + if e.kind == "announcement" {
                        costs.per_notice_s
                    } else {
                        costs.per_programme_s
                    }
            })
            .sum()
    }

    fn date(&self) -> NaiveDate {
        self.start.date_naive()
    }
}

/// A planned week.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The week.
    pub week: Week,
    /// Slots in time order.
    pub slots: Vec<PlannedSlot>,
    /// Programmes that aired, in rotation order.
    pub aired: Vec<String>,
    /// Under- and over-filled slots, items that waited, notices that could not air in full.
    pub notes: Vec<String>,
}

/// Plans the week.
pub fn plan(
    week: Week,
    station: &StationFile,
    programmes: &[Candidate],
    notices: &[Notice],
    rotation: &Rotation,
    costs: &Costs,
) -> Plan {
    let mut board = Board::new(week, station, costs);
    let mut notes = place_emergencies(&mut board.slots, notices, week);
    notes.extend(place_priority_notices(&mut board, notices));
    let aired = place_programmes(&mut board, programmes, rotation, week);
    notes.extend(waiting_note(programmes, &aired));
    notes.extend(place_normal_notices(&mut board, notices));
    notes.extend(fill_notes(&board.slots, costs));
    Plan {
        week,
        slots: board.slots,
        aired,
        notes,
    }
}

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;
