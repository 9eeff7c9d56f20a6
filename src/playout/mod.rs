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
//! - stopping logs what was playing and closes the log.
//!
//! The playback device itself lives in [`device`], behind the `playout` feature; the as-run logs
//! of a live run, which keep every row through a full disk, in [`logs`].

#[cfg(feature = "playout")]
pub mod device;
pub mod logs;
#[cfg(test)]
mod soak;
#[cfg(test)]
mod tests;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::output::as_run::{AsRunRow, Outcome};
use crate::output::PlanOut;
use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

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
    /// The ready-mixed slot file.
    pub file: PathBuf,
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

/// What the scheduler is told.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Time passed.
    Tick,
    /// The file playing reached its end.
    Ended,
    /// The file asked for could not be played (missing, damaged, device error), with why.
    Failed(String),
    /// An emergency file arrived.
    Urgent(PathBuf),
    /// SIGINT, SIGTERM, or the end of a simulation.
    Shutdown,
}

/// What is on the air.
#[derive(Debug, Clone, PartialEq)]
pub enum Airing {
    /// Slot `n` of the plan.
    Slot(usize),
    /// The fallback standing in for slot `n`.
    Fallback(usize),
    /// An emergency file.
    Urgent(PathBuf),
}

/// What the driver must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Stop what plays and play `file` from `offset`.
    Play {
        /// What it is.
        source: Airing,
        /// The file.
        file: PathBuf,
        /// Where to start in it.
        offset: Duration,
    },
    /// Stop the sound.
    Stop,
    /// Append a row to the as-run log of `row.folder`.
    Log(AsRunRow),
    /// An emergency file is done with: move it out of the urgent folder.
    Done {
        /// The file.
        file: PathBuf,
        /// Whether it played.
        played: bool,
    },
}

#[derive(Debug, Clone)]
struct Current {
    source: Airing,
    /// When this file started playing (this time).
    started: DateTime<Utc>,
    /// Where in the file it started.
    offset: Duration,
    /// When the airing first made sound (a resumed slot keeps its first start).
    first_start: DateTime<Utc>,
    outcome: Outcome,
    /// For an emergency: when it arrived.
    arrived: DateTime<Utc>,
}

#[derive(Debug, Clone)]
enum Held {
    /// A slot whose time came while an emergency played.
    Pending(usize),
    /// A slot (or its fallback) interrupted by an emergency.
    Interrupted(Current, DateTime<Utc>),
}

/// The on-air state machine. See the module documentation for its rules.
#[derive(Debug, Clone)]
pub struct Scheduler {
    slots: Vec<Slot>,
    tz: Tz,
    next: usize,
    current: Option<Current>,
    held: Option<Held>,
    urgent: VecDeque<(PathBuf, DateTime<Utc>)>,
    stopped: bool,
}

fn delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX)
}

fn std_dur(d: TimeDelta) -> Duration {
    d.to_std().unwrap_or(Duration::ZERO)
}

impl Scheduler {
    /// A scheduler starting at `now`: slots already over are not its business; a slot under way
    /// is joined or skipped at the first [`Scheduler::handle`].
    pub fn new(mut slots: Vec<Slot>, tz: Tz, now: DateTime<Utc>) -> Scheduler {
        slots.sort_by_key(|s| s.start);
        let next = slots.iter().take_while(|s| s.over() <= now).count();
        Scheduler {
            slots,
            tz,
            next,
            current: None,
            held: None,
            urgent: VecDeque::new(),
            stopped: false,
        }
    }

    /// The slots.
    pub fn slots(&self) -> &[Slot] {
        &self.slots
    }

    /// Replaces the slots not started yet (a week rebuilt, the next week's plan appearing).
    /// Slots that started before `now` are kept as they are.
    pub fn update_slots(&mut self, slots: Vec<Slot>, now: DateTime<Utc>) {
        let mut kept: Vec<Slot> = self.slots[..self.next].to_vec();
        let last = kept.last().map(|s| s.start);
        let mut new: Vec<Slot> = slots
            .into_iter()
            .filter(|s| last.is_none_or(|l| s.start > l) && s.over() > now)
            .collect();
        new.sort_by_key(|s| s.start);
        // Indexes of the current and held slots stay valid: only slots after `next` change.
        kept.extend(new);
        self.slots = kept;
    }

    /// What plays now.
    pub fn playing(&self) -> Option<&Airing> {
        self.current.as_ref().map(|c| &c.source)
    }

    /// Whether a shutdown was handled.
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    /// The next planned start the driver must wake up for.
    pub fn next_wake(&self) -> Option<DateTime<Utc>> {
        self.slots
            .get(self.next)
            .map(|s| s.start.with_timezone(&Utc))
    }

    /// Takes one event at `now` and says what to do.
    pub fn handle(&mut self, now: DateTime<Utc>, event: Event) -> Vec<Action> {
        let mut out = Vec::new();
        if self.stopped {
            return out;
        }
        match event {
            Event::Tick => {}
            Event::Ended => self.finish(now, &mut out),
            Event::Failed(_) => self.failed(now, &mut out),
            Event::Urgent(file) => {
                self.urgent.push_back((file, now));
                if let Some(cur) = self.current.take() {
                    if matches!(cur.source, Airing::Urgent(_)) {
                        self.current = Some(cur);
                    } else {
                        out.push(Action::Stop);
                        self.hold(Held::Interrupted(cur, now), now, &mut out);
                    }
                }
            }
            Event::Shutdown => {
                if let Some(cur) = self.current.take() {
                    out.push(Action::Stop);
                    self.log_current(&cur, now, &mut out);
                }
                if let Some(held) = self.held.take() {
                    self.log_held(held, now, &mut out);
                }
                self.stopped = true;
                return out;
            }
        }
        self.advance(now, &mut out);
        if self.current.is_none() {
            self.resume(now, &mut out);
        }
        out
    }

    /// Slots whose time has come.
    fn advance(&mut self, now: DateTime<Utc>, out: &mut Vec<Action>) {
        while self.next < self.slots.len() && self.slots[self.next].start <= now {
            let i = self.next;
            self.next += 1;
            match self.current.take() {
                Some(cur) if matches!(cur.source, Airing::Urgent(_)) => {
                    self.current = Some(cur);
                    self.hold(Held::Pending(i), now, out);
                }
                Some(cur) => {
                    // A resumed slot ran into the next one: the next one wins.
                    out.push(Action::Stop);
                    self.log_current(&cur, now, out);
                    self.start_slot(i, now, out);
                }
                None => {
                    if self.urgent.is_empty() {
                        self.start_slot(i, now, out);
                    } else {
                        self.hold(Held::Pending(i), now, out);
                    }
                }
            }
        }
    }

    /// Holds a slot while emergencies play; a slot held before is closed in the log.
    fn hold(&mut self, held: Held, now: DateTime<Utc>, out: &mut Vec<Action>) {
        if let Some(old) = self.held.replace(held) {
            self.log_held(old, now, out);
        }
    }

    /// Nothing plays: the next emergency, else the held slot.
    fn resume(&mut self, now: DateTime<Utc>, out: &mut Vec<Action>) {
        if let Some((file, arrived)) = self.urgent.pop_front() {
            out.push(Action::Play {
                source: Airing::Urgent(file.clone()),
                file: file.clone(),
                offset: Duration::ZERO,
            });
            self.current = Some(Current {
                source: Airing::Urgent(file),
                started: now,
                offset: Duration::ZERO,
                first_start: now,
                outcome: Outcome::Emergency,
                arrived,
            });
            return;
        }
        match self.held.take() {
            Some(Held::Pending(i)) => self.start_slot(i, now, out),
            Some(Held::Interrupted(cur, at)) => {
                let i = match cur.source {
                    Airing::Slot(i) | Airing::Fallback(i) => i,
                    Airing::Urgent(_) => return,
                };
                let slot = &self.slots[i];
                let position = cur.offset + std_dur(at - cur.started);
                let length = match cur.source {
                    Airing::Slot(_) => slot.duration,
                    _ => Duration::MAX,
                };
                if now >= slot.end.with_timezone(&Utc) || position >= length {
                    self.log_held(Held::Interrupted(cur, at), at, out);
                    return;
                }
                let file = match cur.source {
                    Airing::Fallback(_) => slot.fallback.clone(),
                    _ => slot.file.clone(),
                };
                out.push(Action::Play {
                    source: cur.source.clone(),
                    file,
                    offset: position,
                });
                self.current = Some(Current {
                    started: now,
                    offset: position,
                    ..cur
                });
            }
            None => {}
        }
    }

    /// Starts slot `i` at `now` by the late-join rule.
    fn start_slot(&mut self, i: usize, now: DateTime<Utc>, out: &mut Vec<Action>) {
        let slot = &self.slots[i];
        let late = std_dur(now - slot.start.with_timezone(&Utc));
        let offset = if late <= GRACE {
            Some((Duration::ZERO, Outcome::Played))
        } else if late < slot.duration / 2 && now < slot.end.with_timezone(&Utc) {
            Some((late, Outcome::LateJoined))
        } else {
            None
        };
        match offset {
            Some((offset, outcome)) => {
                out.push(Action::Play {
                    source: Airing::Slot(i),
                    file: slot.file.clone(),
                    offset,
                });
                self.current = Some(Current {
                    source: Airing::Slot(i),
                    started: now,
                    offset,
                    first_start: now,
                    outcome,
                    arrived: now,
                });
            }
            None => out.push(Action::Log(self.row(i, None, None, Outcome::Skipped))),
        }
    }

    /// The file playing ended.
    fn finish(&mut self, now: DateTime<Utc>, out: &mut Vec<Action>) {
        if let Some(cur) = self.current.take() {
            self.log_current(&cur, now, out);
        }
    }

    /// The file asked for could not be played.
    fn failed(&mut self, now: DateTime<Utc>, out: &mut Vec<Action>) {
        let Some(cur) = self.current.take() else {
            return;
        };
        match cur.source {
            Airing::Slot(i) => {
                let slot = &self.slots[i];
                out.push(Action::Play {
                    source: Airing::Fallback(i),
                    file: slot.fallback.clone(),
                    offset: Duration::ZERO,
                });
                // The airing starts with the fallback if the slot file never sounded.
                let sounded = now > cur.started;
                self.current = Some(Current {
                    source: Airing::Fallback(i),
                    started: now,
                    offset: Duration::ZERO,
                    first_start: if sounded { cur.first_start } else { now },
                    outcome: Outcome::Fallback,
                    arrived: cur.arrived,
                });
            }
            Airing::Fallback(i) => {
                // Nothing to play: the slot is lost, unless part of it aired.
                let sounded = now > cur.first_start;
                let (s, e) = if sounded {
                    (Some(cur.first_start), Some(now))
                } else {
                    (None, None)
                };
                let outcome = if sounded {
                    Outcome::Fallback
                } else {
                    Outcome::Skipped
                };
                let row = self.row(i, s, e, outcome);
                out.push(Action::Log(row));
            }
            Airing::Urgent(file) => {
                out.push(Action::Done {
                    file: file.clone(),
                    played: false,
                });
                let row = self.urgent_row(&file, cur.arrived, None, None, Outcome::Skipped);
                out.push(Action::Log(row));
            }
        }
    }

    fn log_current(&self, cur: &Current, now: DateTime<Utc>, out: &mut Vec<Action>) {
        match &cur.source {
            Airing::Slot(i) | Airing::Fallback(i) => {
                let row = self.row(*i, Some(cur.first_start), Some(now), cur.outcome);
                out.push(Action::Log(row));
            }
            Airing::Urgent(file) => {
                out.push(Action::Done {
                    file: file.clone(),
                    played: true,
                });
                let row = self.urgent_row(
                    file,
                    cur.arrived,
                    Some(cur.first_start),
                    Some(now),
                    Outcome::Emergency,
                );
                out.push(Action::Log(row));
            }
        }
    }

    fn log_held(&self, held: Held, now: DateTime<Utc>, out: &mut Vec<Action>) {
        match held {
            Held::Pending(i) => out.push(Action::Log(self.row(i, None, None, Outcome::Skipped))),
            Held::Interrupted(cur, at) => self.log_current(&cur, at.min(now), out),
        }
    }

    fn row(
        &self,
        i: usize,
        start: Option<DateTime<Utc>>,
        end: Option<DateTime<Utc>>,
        result: Outcome,
    ) -> AsRunRow {
        let slot = &self.slots[i];
        let items = match result {
            Outcome::Fallback => vec!["fallback".to_string()],
            Outcome::Skipped => Vec::new(),
            _ => slot.items.clone(),
        };
        AsRunRow {
            folder: slot.folder.clone(),
            date: slot.start.date_naive(),
            slot: slot.id.clone(),
            planned_start: slot.start,
            actual_start: start.map(|t| t.with_timezone(&self.tz)),
            actual_end: end.map(|t| t.with_timezone(&self.tz)),
            items,
            result,
        }
    }

    fn urgent_row(
        &self,
        file: &Path,
        arrived: DateTime<Utc>,
        start: Option<DateTime<Utc>>,
        end: Option<DateTime<Utc>>,
        result: Outcome,
    ) -> AsRunRow {
        // The log of the week under way: the last slot started, else the next one.
        let folder = self
            .slots
            .get(self.next.saturating_sub(1))
            .or_else(|| self.slots.first())
            .map(|s| s.folder.clone())
            .unwrap_or_default();
        let planned = arrived.with_timezone(&self.tz);
        AsRunRow {
            folder,
            date: planned.date_naive(),
            slot: URGENT_SLOT.to_string(),
            planned_start: planned,
            actual_start: start.map(|t| t.with_timezone(&self.tz)),
            actual_end: end.map(|t| t.with_timezone(&self.tz)),
            items: vec![file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()],
            result,
        }
    }
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
