//! The on-air state machine: [`Scheduler::handle`] takes the time and an [`Event`] and returns
//! the [`Action`]s to carry out. The rules are in the [module documentation](super).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{std_dur, Slot, GRACE, URGENT_SLOT};

/// How many stretches of fallback, and how many notes, a row's detail lists one by one.
const MOST_LISTED: usize = 5;
use crate::output::as_run::{AsRunRow, Outcome};

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
    /// The relay's stream has audio: the one playing (it airs), or the one tried while the
    /// fallback stands in (see [`Scheduler::probing`]; relay it again).
    StreamUp,
    /// Something the as-run row of what plays should say (an output lost and found again).
    Note(String),
    /// SIGINT, SIGTERM, or the end of a simulation.
    Shutdown,
}

/// What is on the air.
#[derive(Debug, Clone, PartialEq)]
pub enum Airing {
    /// Slot `n` of the plan.
    Slot(usize),
    /// The stream of relay slot `n`.
    Relay(usize),
    /// The fallback standing in for slot `n` (for a relay: while its stream is down).
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
    /// Stop what plays and relay the stream at `url` live.
    Relay {
        /// Which slot.
        source: Airing,
        /// The stream.
        url: String,
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
    /// For a relay: whether its stream aired at all.
    relayed: bool,
    /// For a relay: when its stream went down (and came back), and why.
    outages: Vec<Outage>,
    /// What else the row should say.
    notes: Vec<String>,
}

/// A stretch of a relay slot when its stream was down and the fallback played.
#[derive(Debug, Clone)]
struct Outage {
    from: DateTime<Utc>,
    to: Option<DateTime<Utc>>,
    why: String,
}

impl Current {
    /// A new airing of `source` starting at `now`.
    fn new(source: Airing, now: DateTime<Utc>, offset: Duration, outcome: Outcome) -> Current {
        Current {
            relayed: false,
            source,
            started: now,
            offset,
            first_start: now,
            outcome,
            arrived: now,
            outages: Vec::new(),
            notes: Vec::new(),
        }
    }
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

    /// The next time the driver must wake up for: a planned start, or the end of a relay's
    /// window.
    pub fn next_wake(&self) -> Option<DateTime<Utc>> {
        let start = self
            .slots
            .get(self.next)
            .map(|s| s.start.with_timezone(&Utc));
        let relay_end = self
            .relay_slot()
            .map(|i| self.slots[i].end.with_timezone(&Utc));
        match (start, relay_end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The stream to keep trying while a relay slot's fallback plays: when it has audio
    /// again, tell [`Event::StreamUp`].
    pub fn probing(&self) -> Option<&str> {
        match self.current.as_ref()?.source {
            Airing::Fallback(i) => self.slots[i].relay.as_deref(),
            _ => None,
        }
    }

    /// The relay slot on the air (its stream or its fallback), if any.
    fn relay_slot(&self) -> Option<usize> {
        match self.current.as_ref()?.source {
            Airing::Relay(i) | Airing::Fallback(i) if self.slots[i].relay.is_some() => Some(i),
            _ => None,
        }
    }

    /// Takes one event at `now` and says what to do.
    pub fn handle(&mut self, now: DateTime<Utc>, event: Event) -> Vec<Action> {
        let mut out = Vec::new();
        if self.stopped {
            return out;
        }
        // A relay's window that is over ends before anything else is heard: news of its
        // stream that comes later is not about its window.
        self.end_relay(now, &mut out);
        match event {
            Event::Tick => {}
            Event::Ended => self.finish(now, &mut out),
            Event::Failed(why) => self.failed(now, why, &mut out),
            Event::Urgent(file) => self.urgent(file, now, &mut out),
            Event::StreamUp => self.stream_up(now, &mut out),
            Event::Note(note) => {
                if let Some(cur) = &mut self.current {
                    cur.notes.push(note);
                }
            }
            Event::Shutdown => {
                self.shutdown(now, &mut out);
                return out;
            }
        }
        self.advance(now, &mut out);
        if self.current.is_none() {
            self.resume(now, &mut out);
        }
        out
    }

    /// An emergency file arrived: it interrupts what plays, unless an emergency plays.
    fn urgent(&mut self, file: PathBuf, now: DateTime<Utc>, out: &mut Vec<Action>) {
        self.urgent.push_back((file, now));
        if let Some(cur) = self.current.take() {
            if matches!(cur.source, Airing::Urgent(_)) {
                self.current = Some(cur);
            } else {
                out.push(Action::Stop);
                self.hold(Held::Interrupted(cur, now), now, out);
            }
        }
    }

    /// Logs what plays and what is held, and stops.
    fn shutdown(&mut self, now: DateTime<Utc>, out: &mut Vec<Action>) {
        if let Some(cur) = self.current.take() {
            out.push(Action::Stop);
            self.log_current(&cur, now, out);
        }
        if let Some(held) = self.held.take() {
            self.log_held(held, now, out);
        }
        self.stopped = true;
    }

    /// A relay whose window is over is stopped and logged.
    fn end_relay(&mut self, now: DateTime<Utc>, out: &mut Vec<Action>) {
        let Some(i) = self.relay_slot() else {
            return;
        };
        let end = self.slots[i].end.with_timezone(&Utc);
        if now >= end {
            if let Some(cur) = self.current.take() {
                out.push(Action::Stop);
                self.log_current(&cur, end, out);
            }
        }
    }

    /// The relay's stream has audio: it airs; if the fallback stands in, relay it again.
    fn stream_up(&mut self, now: DateTime<Utc>, out: &mut Vec<Action>) {
        let Some(cur) = self.current.as_mut() else {
            return;
        };
        let i = match cur.source {
            Airing::Relay(_) => {
                cur.relayed = true;
                return;
            }
            Airing::Fallback(i) => i,
            _ => return,
        };
        let Some(url) = self.slots[i].relay.clone() else {
            return;
        };
        if let Some(o) = cur.outages.last_mut().filter(|o| o.to.is_none()) {
            o.to = Some(now);
        }
        cur.source = Airing::Relay(i);
        cur.relayed = true;
        cur.outcome = Outcome::Relayed;
        cur.started = now;
        out.push(Action::Relay {
            source: Airing::Relay(i),
            url,
        });
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
            let mut cur = Current::new(
                Airing::Urgent(file),
                now,
                Duration::ZERO,
                Outcome::Emergency,
            );
            cur.arrived = arrived;
            self.current = Some(cur);
            return;
        }
        match self.held.take() {
            Some(Held::Pending(i)) => self.start_slot(i, now, out),
            Some(Held::Interrupted(cur, at)) => self.resume_interrupted(cur, at, now, out),
            None => {}
        }
    }

    /// A slot interrupted by an emergency goes on where it stopped (a relay, live), unless its
    /// window has passed or its file is done.
    fn resume_interrupted(
        &mut self,
        cur: Current,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
        out: &mut Vec<Action>,
    ) {
        let i = match cur.source {
            Airing::Slot(i) | Airing::Relay(i) | Airing::Fallback(i) => i,
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
        let action = match (&cur.source, &slot.relay) {
            (Airing::Relay(_), Some(url)) => Action::Relay {
                source: cur.source.clone(),
                url: url.clone(),
            },
            (source, _) => Action::Play {
                source: source.clone(),
                file: match source {
                    Airing::Fallback(_) => slot.fallback.clone(),
                    _ => slot.file.clone(),
                },
                offset: if slot.relay.is_some() {
                    Duration::ZERO
                } else {
                    position
                },
            },
        };
        out.push(action);
        self.current = Some(Current {
            started: now,
            offset: position,
            ..cur
        });
    }

    /// Starts slot `i` at `now`: a relay joins its stream at any time in its window; a file by
    /// the late-join rule.
    fn start_slot(&mut self, i: usize, now: DateTime<Utc>, out: &mut Vec<Action>) {
        let slot = &self.slots[i];
        if let Some(url) = slot.relay.clone() {
            if now >= slot.end.with_timezone(&Utc) {
                out.push(Action::Log(self.row(
                    i,
                    None,
                    None,
                    Outcome::Skipped,
                    String::new(),
                )));
                return;
            }
            out.push(Action::Relay {
                source: Airing::Relay(i),
                url,
            });
            let mut cur = Current::new(Airing::Relay(i), now, Duration::ZERO, Outcome::Relayed);
            if std_dur(now - slot.start.with_timezone(&Utc)) > GRACE {
                cur.notes.push(format!("joined at {}", self.hms(now)));
            }
            self.current = Some(cur);
            return;
        }
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
                self.current = Some(Current::new(Airing::Slot(i), now, offset, outcome));
            }
            None => out.push(Action::Log(self.row(
                i,
                None,
                None,
                Outcome::Skipped,
                String::new(),
            ))),
        }
    }

    /// The file playing ended. A relay's fallback plays again while its stream is down; a
    /// relay's stream that ends is a stream that went down.
    fn finish(&mut self, now: DateTime<Utc>, out: &mut Vec<Action>) {
        match self.current.as_ref().map(|c| c.source.clone()) {
            Some(Airing::Relay(_)) => self.failed(now, "the stream ended".into(), out),
            Some(Airing::Fallback(i)) if self.slots[i].relay.is_some() => {
                out.push(Action::Play {
                    source: Airing::Fallback(i),
                    file: self.slots[i].fallback.clone(),
                    offset: Duration::ZERO,
                });
            }
            _ => {
                if let Some(cur) = self.current.take() {
                    self.log_current(&cur, now, out);
                }
            }
        }
    }

    /// What was asked for could not be played.
    fn failed(&mut self, now: DateTime<Utc>, why: String, out: &mut Vec<Action>) {
        let Some(mut cur) = self.current.take() else {
            return;
        };
        match cur.source.clone() {
            Airing::Slot(i) | Airing::Relay(i) => {
                let slot = &self.slots[i];
                out.push(Action::Play {
                    source: Airing::Fallback(i),
                    file: slot.fallback.clone(),
                    offset: Duration::ZERO,
                });
                if slot.relay.is_some() {
                    cur.outages.push(Outage {
                        from: now,
                        to: None,
                        why,
                    });
                } else {
                    // The airing starts with the fallback if the slot file never sounded.
                    if now <= cur.started {
                        cur.first_start = now;
                    }
                    cur.outcome = Outcome::Fallback;
                    let at = self.hms(now);
                    cur.notes.push(format!("fallback from {at}: {why}"));
                }
                cur.source = Airing::Fallback(i);
                cur.started = now;
                cur.offset = Duration::ZERO;
                self.current = Some(cur);
            }
            Airing::Fallback(i) if self.slots[i].relay.is_some() => {
                // Silence until the stream is back or the window ends.
                cur.notes
                    .push(format!("the fallback could not play: {why}"));
                out.push(Action::Stop);
                self.current = Some(cur);
            }
            Airing::Fallback(i) => {
                // Nothing to play: the slot is lost, unless part of it aired.
                let sounded = now > cur.first_start;
                let row = if sounded {
                    self.row(
                        i,
                        Some(cur.first_start),
                        Some(now),
                        Outcome::Fallback,
                        self.detail(&cur, now),
                    )
                } else {
                    self.row(i, None, None, Outcome::Skipped, why)
                };
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
            Airing::Slot(i) | Airing::Relay(i) | Airing::Fallback(i) => {
                let outcome = match (&self.slots[*i].relay, cur.relayed) {
                    (Some(_), true) => Outcome::Relayed,
                    (Some(_), false) => Outcome::Fallback,
                    (None, _) => cur.outcome,
                };
                let row = self.row(
                    *i,
                    Some(cur.first_start),
                    Some(now),
                    outcome,
                    self.detail(cur, now),
                );
                out.push(Action::Log(row));
            }
            Airing::Urgent(file) => {
                out.push(Action::Done {
                    file: file.clone(),
                    played: true,
                });
                let mut row = self.urgent_row(
                    file,
                    cur.arrived,
                    Some(cur.first_start),
                    Some(now),
                    Outcome::Emergency,
                );
                row.detail = self.detail(cur, now);
                out.push(Action::Log(row));
            }
        }
    }

    /// The `detail` of an airing's row: each stretch of fallback in a relay, then the notes.
    /// A stream that drops again and again, or an Icecast that comes and goes, is summed up
    /// after the first few stretches and notes, so that the cell stays readable.
    fn detail(&self, cur: &Current, now: DateTime<Utc>) -> String {
        let mut parts: Vec<String> = cur
            .outages
            .iter()
            .take(MOST_LISTED)
            .map(|o| {
                format!(
                    "fallback {}-{}: {}",
                    self.hms(o.from),
                    self.hms(o.to.unwrap_or(now)),
                    o.why
                )
            })
            .collect();
        if cur.outages.len() > MOST_LISTED {
            let rest = &cur.outages[MOST_LISTED..];
            let secs: i64 = rest
                .iter()
                .map(|o| (o.to.unwrap_or(now) - o.from).num_seconds())
                .sum();
            parts.push(format!(
                "and {} more stretches of fallback ({secs} s in all)",
                rest.len()
            ));
        }
        parts.extend(cur.notes.iter().take(MOST_LISTED).cloned());
        if cur.notes.len() > MOST_LISTED {
            parts.push(format!("and {} more notes", cur.notes.len() - MOST_LISTED));
        }
        parts.join("; ")
    }

    /// A time as the station's `HH:MM:SS`.
    fn hms(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.tz).format("%H:%M:%S").to_string()
    }

    fn log_held(&self, held: Held, now: DateTime<Utc>, out: &mut Vec<Action>) {
        match held {
            Held::Pending(i) => {
                let row = self.row(
                    i,
                    None,
                    None,
                    Outcome::Skipped,
                    "an emergency played".into(),
                );
                out.push(Action::Log(row));
            }
            Held::Interrupted(cur, at) => self.log_current(&cur, at.min(now), out),
        }
    }

    fn row(
        &self,
        i: usize,
        start: Option<DateTime<Utc>>,
        end: Option<DateTime<Utc>>,
        result: Outcome,
        detail: String,
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
            detail,
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
            detail: String::new(),
        }
    }
}
