//! Live playout: the on-air scheduler, the as-run log, and the simulated clock.
//!
//! The scheduler is a pure state machine: [`Scheduler::handle`] takes the time and an [`Event`]
//! (time passed, the file ended, the file failed, an emergency file arrived, stop) and returns
//! [`Action`]s (play this file from this offset, stop, log this row, an emergency file is done).
//! It never touches a file, a device or the clock: the binary's on-air loop and [`simulate`]
//! drive it, so every rule is tested without audio.
//!
//! The rules, from the pains radio-automation users report most (dead air, missed slots):
//! - a slot starts at its planned time; started late, it joins at the right offset if more than
//!   half of its file remains (`late-joined`), else it is `skipped`;
//! - a slot file that is missing or fails to decode, at the start or in the middle, is replaced
//!   by the week's fallback (greeting and music) and logged `fallback`;
//! - an emergency file interrupts whatever plays (circular 39/2020/TT-BTTTT's emergency level),
//!   is logged `emergency`, and the interrupted slot then resumes where it stopped, unless its
//!   window has passed or the next slot is due;
//! - a relay slot plays its stream live for its window (`relayed`); while the stream is down the
//!   fallback plays, over and over, and the driver keeps trying the stream
//!   ([`Scheduler::probing`]); when it has audio again ([`Event::StreamUp`]) the relay goes on.
//!   The row's `detail` gives each stretch of fallback with its times and why; a relay whose
//!   stream never had audio is `fallback`;
//! - stopping logs what was playing and closes the log.
//!
//! The playback device itself lives in [`device`], behind the `playout` feature; the as-run logs
//! of a live run, which keep every row through a full disk, in [`logs`].

#[cfg(feature = "playout")]
pub mod device;
pub mod icecast;
pub mod logs;
pub mod relay;
pub mod source;
mod scheduler;
#[cfg(test)]
mod soak;
#[cfg(test)]
mod tests;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::output::as_run::AsRunRow;
use crate::output::PlanOut;
use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

pub use scheduler::{Action, Airing, Event, Scheduler};

/// The `slot` column of an emergency row.
pub const URGENT_SLOT: &str = "urgent";
/// A slot that starts this late still plays from the top and counts as `played`.
pub const GRACE: Duration = Duration::from_secs(2);

/// One slot of a week, ready for playout.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// Slot id (`sang`).
    pub id: String,
    /// Planned start, in the station's time zone.
    pub start: DateTime<Tz>,
    /// Planned end of the slot's window.
    pub end: DateTime<Tz>,
    /// The ready-mixed slot file (none for a relay).
    pub file: PathBuf,
    /// For a relay slot: the stream it airs.
    pub relay: Option<String>,
    /// Its length as planned.
    pub duration: Duration,
    /// The week's fallback file.
    pub fallback: PathBuf,
    /// Item ids in airing order.
    pub items: Vec<String>,
    /// The week folder, where the as-run log goes.
    pub folder: PathBuf,
}

impl Slot {
    /// Whether the slot is still to come or under way at `t`.
    pub fn over_after(&self, t: DateTime<Utc>) -> bool {
        self.over() > t
    }

    /// When the slot is over: the end of its window, or of its file if that is longer.
    fn over(&self) -> DateTime<Tz> {
        let by_file = self.start + delta(self.duration);
        self.end.max(by_file)
    }
}

/// A station's week as `loaxa week` wrote it.
#[derive(Debug, Clone)]
pub struct WeekPlan {
    /// Station id.
    pub station: String,
    /// `2026-W49`.
    pub week: String,
    /// The station's time zone.
    pub tz: Tz,
    /// Slots in time order.
    pub slots: Vec<Slot>,
}

pub(crate) fn delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX)
}

pub(crate) fn std_dur(d: TimeDelta) -> Duration {
    d.to_std().unwrap_or(Duration::ZERO)
}

/// Reads a week folder's `plan.json`, through the types that wrote it ([`PlanOut`]).
pub fn load_week(folder: &Path) -> Result<WeekPlan> {
    let path = folder.join("plan.json");
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    let bad = |line: usize, message: String| Error::Config {
        path: path.clone(),
        line,
        message,
    };
    let file: PlanOut = serde_json::from_str(&text)
        .map_err(|e| bad(e.line(), format!("not a plan written by `loaxa week`: {e}")))?;
    let tz: Tz = file.timezone.parse().map_err(|_| {
        bad(
            0,
            format!("timezone: unknown time zone `{}`", file.timezone),
        )
    })?;
    let mut slots = Vec::with_capacity(file.slots.len());
    for (n, s) in file.slots.into_iter().enumerate() {
        let time = |what: &str, v: &str| {
            DateTime::parse_from_rfc3339(v)
                .map(|t| t.with_timezone(&tz))
                .map_err(|e| {
                    bad(
                        0,
                        format!("slots[{n}].{what}: `{v}` is not an RFC 3339 time: {e}"),
                    )
                })
        };
        let start = time("start", &s.start)?;
        let end = time("end", &s.end)?;
        if !(s.duration_s.is_finite() && s.duration_s >= 0.0) {
            return Err(bad(0, format!("slots[{n}].duration_s: not a length")));
        }
        if let Some(url) = s.relay {
            slots.push(Slot {
                id: s.id,
                start,
                end,
                file: PathBuf::new(),
                relay: Some(url),
                duration: std_dur(end - start),
                fallback: folder.join("fallback.mp3"),
                items: Vec::new(),
                folder: folder.to_path_buf(),
            });
            continue;
        }
        let rel = Path::new(&s.file);
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| c == std::path::Component::ParentDir)
        {
            return Err(bad(
                0,
                format!(
                    "slots[{n}].file: `{}` is not inside the week folder",
                    s.file
                ),
            ));
        }
        slots.push(Slot {
            id: s.id,
            start,
            end,
            file: folder.join(rel),
            relay: None,
            duration: Duration::from_secs_f64(s.duration_s),
            fallback: folder.join("fallback.mp3"),
            items: s.items.into_iter().map(|i| i.id).collect(),
            folder: folder.to_path_buf(),
        });
    }
    slots.sort_by_key(|s| s.start);
    Ok(WeekPlan {
        station: file.station,
        week: file.week,
        tz,
        slots,
    })
}

/// An emergency file arriving during a simulation.
#[derive(Debug, Clone)]
pub struct SimulatedUrgent {
    /// When it arrives.
    pub at: DateTime<Utc>,
    /// The file.
    pub file: PathBuf,
}

/// Runs the scheduler on a simulated clock from `from` to `until`, with no sound device.
/// `length` tells how long a file plays (decoding it whole), or why it cannot be played.
/// Returns the as-run rows, in the order they would have been written.
pub fn simulate(
    slots: Vec<Slot>,
    tz: Tz,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    urgent: &[SimulatedUrgent],
    length: &mut dyn FnMut(&Path) -> std::result::Result<Duration, String>,
) -> Vec<AsRunRow> {
    let mut urgent: Vec<SimulatedUrgent> = urgent
        .iter()
        .filter(|u| u.at >= from && u.at < until)
        .cloned()
        .collect();
    urgent.sort_by_key(|u| u.at);
    let mut urgent: VecDeque<SimulatedUrgent> = urgent.into();
    let mut s = Scheduler::new(slots, tz, from);
    let mut rows = Vec::new();
    let mut ends_at: Option<DateTime<Utc>> = None;
    let mut now = from;
    let mut event = Event::Tick;
    loop {
        let mut pending = vec![(now, event)];
        while let Some((t, e)) = pending.pop() {
            for action in s.handle(t, e) {
                match action {
                    Action::Play { file, offset, .. } => match length(&file) {
                        Ok(len) => ends_at = Some(t + delta(len.saturating_sub(offset))),
                        Err(why) => {
                            ends_at = None;
                            pending.push((t, Event::Failed(why)));
                        }
                    },
                    // A planned relay has audio, until the scheduler stops it at the end of
                    // its window.
                    Action::Relay { .. } => {
                        ends_at = None;
                        pending.push((t, Event::StreamUp));
                    }
                    Action::Stop => ends_at = None,
                    Action::Log(row) => rows.push(row),
                    Action::Done { .. } => {}
                }
            }
        }
        if s.stopped() {
            break;
        }
        // The earliest of: the file ends, an emergency arrives, a slot starts, the end.
        let mut next = (until, Event::Shutdown);
        if let Some(u) = urgent.front() {
            if u.at < next.0 {
                next = (u.at, Event::Urgent(u.file.clone()));
            }
        }
        if let Some(w) = s.next_wake() {
            if w < next.0 {
                next = (w.max(now), Event::Tick);
            }
        }
        if let Some(e) = ends_at {
            if e <= next.0 {
                next = (e, Event::Ended);
            }
        }
        if matches!(next.1, Event::Urgent(_)) {
            urgent.pop_front();
        }
        if next.1 == Event::Ended {
            ends_at = None;
        }
        now = next.0;
        event = next.1;
    }
    rows
}
