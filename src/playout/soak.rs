//! The scheduler through faults over weeks, on a fast simulated clock: slot files missing or
//! failing part-way, fallbacks failing too, emergencies at any time, and the wall clock
//! stepping forwards and backwards (NTP) while the device plays on its own clock. Whatever
//! happens, every planned slot ends in exactly one as-run row, every emergency in one, and the
//! scheduler's state does not grow.

use std::collections::BTreeMap;

use super::*;
use crate::output::as_run::Outcome;
use chrono::TimeZone;

const TZ: Tz = chrono_tz::Asia::Ho_Chi_Minh;

/// A small deterministic generator (xorshift64*), so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// A whole number in `lo..hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo) as u64) as i64
    }
}

/// Three 15-minute slots a day (05:30, 11:00, 17:00) for `days` days from Monday 30 November
/// 2026, each with a 6-minute file, and a 30-minute relay of VOV at 06:00.
fn weeks_of_slots(days: i64) -> Vec<Slot> {
    let first = TZ.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap();
    let mut out = Vec::new();
    for d in 0..days {
        for (id, h, m) in [("sang", 5, 30), ("trua", 11, 0), ("chieu", 17, 0)] {
            let start = first + TimeDelta::days(d) + TimeDelta::hours(h) + TimeDelta::minutes(m);
            out.push(Slot {
                id: id.into(),
                start,
                end: start + TimeDelta::minutes(15),
                file: PathBuf::from(format!("slots/{d}-{id}.mp3")),
                relay: None,
                duration: Duration::from_secs(360),
                fallback: PathBuf::from("fallback.mp3"),
                items: vec![format!("{id}-a")],
                folder: PathBuf::from(format!("week-{}", d / 7)),
            });
        }
        let start = first + TimeDelta::days(d) + TimeDelta::hours(6);
        out.push(Slot {
            id: "vov".into(),
            start,
            end: start + TimeDelta::minutes(30),
            file: PathBuf::new(),
            relay: Some("http://vov.example/vov1.mp3".into()),
            duration: Duration::from_secs(1800),
            fallback: PathBuf::from("fallback.mp3"),
            items: Vec::new(),
            folder: PathBuf::from(format!("week-{}", d / 7)),
        });
    }
    out.sort_by_key(|s| s.start);
    out
}

/// What the simulated device is doing: when (on its own clock) the file ends or fails.
enum Sound {
    Silent,
    Until(i64, Event),
}

/// The run: the scheduler driven every 10 s of device time, with faults drawn from `seed`.
struct Run {
    sched: Scheduler,
    rng: Rng,
    /// Seconds since the start on the device's clock, and the wall clock's error against it.
    mono: i64,
    skew: i64,
    sound: Sound,
    rows: Vec<AsRunRow>,
    urgent_sent: usize,
    jumps: usize,
}

impl Run {
    fn wall(&self, start: DateTime<Utc>) -> DateTime<Utc> {
        start + TimeDelta::seconds(self.mono + self.skew)
    }

    fn act(&mut self, now: DateTime<Utc>, event: Event) {
        let mut pending = vec![event];
        while let Some(e) = pending.pop() {
            for action in self.sched.handle(now, e) {
                match action {
                    Action::Play { file, offset, .. } => {
                        if let Some(e) = self.play(&file, offset) {
                            pending.push(e);
                        }
                    }
                    Action::Relay { .. } => {
                        if let Some(e) = self.relay() {
                            pending.push(e);
                        }
                    }
                    Action::Stop => self.sound = Sound::Silent,
                    Action::Log(row) => self.rows.push(row),
                    Action::Done { .. } => {}
                }
            }
        }
    }

    /// Starts a file on the device: it fails at once (missing), part-way (damaged), or ends.
    fn play(&mut self, file: &Path, offset: Duration) -> Option<Event> {
        let fallback = file.ends_with("fallback.mp3");
        let (missing, damaged) = if fallback { (0.02, 0.02) } else { (0.05, 0.05) };
        if self.rng.chance(missing) {
            self.sound = Sound::Silent;
            return Some(Event::Failed("missing".into()));
        }
        let length: i64 = match (fallback, file.starts_with("urgent")) {
            (true, _) => 60,
            (_, true) => 90,
            _ => 360,
        };
        let left = (length - offset.as_secs() as i64).max(1);
        self.sound = match self.rng.chance(damaged) {
            true => Sound::Until(
                self.mono + self.rng.range(1, left + 1),
                Event::Failed("damaged".into()),
            ),
            false => Sound::Until(self.mono + left, Event::Ended),
        };
        None
    }

    /// Starts a relay: its stream is down, or it has audio and drops after a while, or plays
    /// on to the end of its window.
    fn relay(&mut self) -> Option<Event> {
        if self.rng.chance(0.05) {
            self.sound = Sound::Silent;
            return Some(Event::Failed("connection refused".into()));
        }
        self.sound = match self.rng.chance(0.2) {
            true => Sound::Until(
                self.mono + self.rng.range(10, 1800),
                Event::Failed("the stream dropped".into()),
            ),
            false => Sound::Silent,
        };
        Some(Event::StreamUp)
    }

    /// One step of 10 s of device time: maybe the clock steps, maybe an emergency arrives,
    /// then what the device has to say, else time passed.
    fn step(&mut self, start: DateTime<Utc>, faults_until: i64) {
        self.mono += 10;
        // The clock goes wrong by up to two hours either way, and NTP steps it back (on the
        // last day it is right).
        if self.mono >= faults_until {
            self.skew = 0;
        } else if self.rng.chance(1.0 / 2000.0) {
            self.skew = match (self.skew, self.rng.chance(0.5)) {
                (0, true) => self.rng.range(30, 7200),
                (0, false) => -self.rng.range(30, 7200),
                _ => 0,
            };
            self.jumps += 1;
        }
        let now = self.wall(start);
        if self.mono < faults_until && self.rng.chance(1.0 / 3000.0) {
            self.urgent_sent += 1;
            let file = PathBuf::from(format!("urgent/{}.mp3", self.urgent_sent));
            self.act(now, Event::Urgent(file));
        }
        let due = match &self.sound {
            Sound::Until(t, e) if *t <= self.mono => Some(e.clone()),
            _ => None,
        };
        if let Some(e) = due {
            self.sound = Sound::Silent;
            self.act(now, e);
        }
        // A relay's stream on fallback comes back after a while.
        if self.sched.probing().is_some() && self.rng.chance(0.05) {
            self.act(now, Event::StreamUp);
        }
        self.act(now, Event::Tick);
    }
}

/// Runs `days` days from just before the first slot; the rows and the scheduler's debug size
/// at the end of each day.
fn soak(days: i64, seed: u64) -> (Run, Vec<usize>, Vec<Slot>) {
    let slots = weeks_of_slots(days);
    let start = TZ
        .with_ymd_and_hms(2026, 11, 30, 5, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    let mut run = Run {
        sched: Scheduler::new(slots.clone(), TZ, start),
        rng: Rng(seed),
        mono: 0,
        skew: 0,
        sound: Sound::Silent,
        rows: Vec::new(),
        urgent_sent: 0,
        jumps: 0,
    };
    let end = days * 86_400;
    let mut sizes = Vec::new();
    while run.mono < end {
        run.step(start, end - 86_400);
        if run.mono % 86_400 == 0 {
            sizes.push(format!("{:?}", run.sched).len());
        }
    }
    let now = run.wall(start);
    run.act(now, Event::Shutdown);
    (run, sizes, slots)
}

/// Relayed rows whose detail tells of a stretch of fallback.
fn relay_outages(rows: &[AsRunRow]) -> usize {
    rows.iter()
        .filter(|r| r.result == Outcome::Relayed && r.detail.contains("fallback "))
        .count()
}

#[test]
fn four_weeks_of_faults_end_every_slot_and_emergency_in_exactly_one_row() {
    for seed in [1, 7, 2026] {
        let (run, sizes, slots) = soak(28, seed);
        assert!(
            run.jumps >= 3,
            "seed {seed}: only {} clock steps",
            run.jumps
        );
        assert!(
            run.urgent_sent >= 3,
            "seed {seed}: {} emergencies",
            run.urgent_sent
        );
        // Every planned slot: exactly one row, whatever the clock did.
        let mut by_slot: BTreeMap<(String, DateTime<Tz>), usize> = BTreeMap::new();
        for r in run.rows.iter().filter(|r| r.slot != URGENT_SLOT) {
            *by_slot
                .entry((r.slot.clone(), r.planned_start))
                .or_default() += 1;
        }
        for s in &slots {
            let n = by_slot.get(&(s.id.clone(), s.start)).copied().unwrap_or(0);
            assert_eq!(n, 1, "seed {seed}: {} {} has {n} rows", s.id, s.start);
        }
        assert_eq!(
            by_slot.len(),
            slots.len(),
            "seed {seed}: rows for slots not planned"
        );
        // Every emergency: one row.
        let urgent = run.rows.iter().filter(|r| r.slot == URGENT_SLOT).count();
        assert_eq!(urgent, run.urgent_sent, "seed {seed}");
        // Faults happened and were logged as such.
        let count = |o: Outcome| run.rows.iter().filter(|r| r.result == o).count();
        eprintln!(
            "seed {seed}: {} slots, {} clock steps, {} emergencies; played {}, late-joined {}, fallback {}, skipped {}, relayed {} ({} with fallback)",
            slots.len(),
            run.jumps,
            run.urgent_sent,
            count(Outcome::Played),
            count(Outcome::LateJoined),
            count(Outcome::Fallback),
            count(Outcome::Skipped),
            count(Outcome::Relayed),
            relay_outages(&run.rows),
        );
        assert!(
            count(Outcome::Fallback) > 0 && count(Outcome::Played) > 0,
            "seed {seed}"
        );
        assert!(
            count(Outcome::Relayed) > 0 && relay_outages(&run.rows) > 0,
            "seed {seed}"
        );
        // The scheduler's state does not grow from day to day.
        let (first, last) = (sizes[0], *sizes.last().unwrap());
        let most = *sizes.iter().max().unwrap();
        assert!(
            most <= first + 4096 && last <= first + 4096,
            "seed {seed}: {sizes:?}"
        );
    }
}

#[test]
fn the_clock_stepping_back_never_plays_a_slot_twice_and_stepping_forward_loses_none_silently() {
    let slots = weeks_of_slots(1);
    let t = |h: u32, m: u32| {
        TZ.with_ymd_and_hms(2026, 11, 30, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    let mut s = Scheduler::new(slots.clone(), TZ, t(5, 0));
    let mut rows = Vec::new();
    let mut go = |s: &mut Scheduler, now, e| {
        for a in s.handle(now, e) {
            if let Action::Log(r) = a {
                rows.push(r);
            }
        }
    };
    // 05:30 the morning slot starts; the clock steps back an hour and comes forward again.
    go(&mut s, t(5, 30), Event::Tick);
    go(&mut s, t(4, 31), Event::Tick);
    go(&mut s, t(4, 37), Event::Ended);
    go(&mut s, t(5, 30), Event::Tick);
    go(&mut s, t(5, 36), Event::Tick);
    // Then forward over the midday slot to 17:01: the midday slot is logged as skipped, the
    // evening one starts (a minute late, joined).
    go(&mut s, t(17, 1), Event::Tick);
    go(&mut s, t(17, 7), Event::Ended);
    go(&mut s, t(23, 0), Event::Shutdown);
    let got: Vec<(String, &str)> = rows
        .iter()
        .map(|r| (r.slot.clone(), r.result.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("sang".to_string(), "played"),
            ("vov".to_string(), "skipped"),
            ("trua".to_string(), "skipped"),
            ("chieu".to_string(), "late-joined"),
        ]
    );
}
