//! `loaxa on-air`: the live loop. Every 200 ms it hands the scheduler what happened (time
//! passed, the file ended or failed, an emergency file arrived, Ctrl-C) and does what the
//! scheduler says: play, stop, log, move an emergency file away. The plan is reloaded every
//! minute, so a week rebuilt while it runs is picked up.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use loaxa::playout::device::Status;
use loaxa::playout::{Action, Airing, Event, Scheduler, Slot};
use loaxa::schedule::Week;
use loaxa::script::mmss;
use loaxa::Error;

use super::sound::{Change, Sound};
use super::urgent::Urgent;
use super::weeks::{load_weeks, parse_week};
use super::{OnAirArgs, Station};
use loaxa::playout::logs::AsRunLogs;

/// Set on SIGINT or SIGTERM.
pub fn stop_flag() -> loaxa::Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = Arc::clone(&flag);
    ctrlc::set_handler(move || f.store(true, Ordering::SeqCst)).map_err(|e| Error::Playout {
        message: format!("cannot catch SIGINT/SIGTERM: {e}"),
    })?;
    Ok(flag)
}

fn say(tz: Tz, what: String) {
    let now = Utc::now().with_timezone(&tz);
    eprintln!("{} {what}", now.format("%Y-%m-%d %H:%M:%S"));
}

pub fn run(st: &Station, args: &OnAirArgs) -> loaxa::Result<ExitCode> {
    let stop = stop_flag()?;
    let fixed = args.week.as_deref().map(parse_week).transpose()?;
    let start = Utc::now();
    let slots = load_weeks(&st.dir, &weeks_at(fixed, st.tz, start), &mut |w| {
        say(st.tz, format!("warning: {w}"))
    })?;
    warn_unplayable(st.tz, &slots, start);
    let mut on_air = OnAir {
        st,
        fixed,
        sched: Scheduler::new(slots, st.tz, start),
        sound: Sound::open()?,
        urgent: Urgent::open(st.dir.join("urgent"))?,
        logs: AsRunLogs::default(),
        events: vec![Event::Tick],
    };
    say(
        st.tz,
        format!(
            "on air: {}, {} slots to come; emergencies: drop a file into {}; stop with Ctrl-C",
            st.id,
            on_air
                .sched
                .slots()
                .iter()
                .filter(|s| s.over_after(start))
                .count(),
            on_air.urgent.dir.display()
        ),
    );
    on_air.run(&stop);
    on_air.sound.stop();
    if let Err(e) = on_air.logs.flush() {
        say(
            st.tz,
            format!(
                "stopped; {} as-run log(s) could not be written: {e}",
                on_air.logs.waiting()
            ),
        );
        return Ok(ExitCode::FAILURE);
    }
    say(st.tz, "stopped; as-run log closed".into());
    Ok(ExitCode::SUCCESS)
}

/// `--week`, else the week under way and the next.
fn weeks_at(fixed: Option<Week>, tz: Tz, now: DateTime<Utc>) -> Vec<Week> {
    match fixed {
        Some(w) => vec![w],
        None => {
            let w = Week::of(now.with_timezone(&tz).date_naive());
            vec![w, w.next()]
        }
    }
}

/// Checks every file to come before it is needed, so the operator hears of it now.
fn warn_unplayable(tz: Tz, slots: &[Slot], start: DateTime<Utc>) {
    for s in slots.iter().filter(|s| s.over_after(start)) {
        if let Err(e) = loaxa::audio::decode::ChunkDecoder::open(&s.file).and_then(|x| x.check()) {
            say(
                tz,
                format!(
                    "warning: {} {} will play the fallback: {}: {e}",
                    s.start.format("%a %d/%m %H:%M"),
                    s.id,
                    s.file.display()
                ),
            );
        }
    }
}

/// The running station: the scheduler, what it drives, and the events it has yet to hear.
struct OnAir<'a> {
    st: &'a Station,
    fixed: Option<Week>,
    sched: Scheduler,
    sound: Sound,
    urgent: Urgent,
    logs: AsRunLogs,
    events: Vec<Event>,
}

impl OnAir<'_> {
    fn run(&mut self, stop: &AtomicBool) {
        let mut last_reload = Instant::now();
        loop {
            self.handle_events(Utc::now());
            if self.sched.stopped() {
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
            if stop.load(Ordering::SeqCst) {
                say(self.st.tz, "stopping".into());
                self.events.push(Event::Shutdown);
                continue;
            }
            self.listen();
            if last_reload.elapsed() >= Duration::from_secs(60) {
                last_reload = Instant::now();
                self.reload();
                self.flush_logs();
            }
            if self.events.is_empty() {
                self.events.push(Event::Tick);
            }
        }
    }

    fn handle_events(&mut self, now: DateTime<Utc>) {
        while let Some(event) = self.events.pop() {
            for action in self.sched.handle(now, event) {
                self.act(action, now);
            }
        }
    }

    fn act(&mut self, action: Action, now: DateTime<Utc>) {
        let tz = self.st.tz;
        match action {
            Action::Play {
                source,
                file,
                offset,
            } => self.play(&source, &file, offset),
            Action::Stop => self.sound.stop(),
            Action::Log(row) => {
                say(tz, format!("as-run: {} {}", row.slot, row.result.as_str()));
                if let Err(e) = self.logs.append(&row) {
                    say(
                        tz,
                        format!("error: {e}; the row is kept and written when there is room"),
                    );
                }
            }
            Action::Done { file, played } => {
                let stamp = now.with_timezone(&tz).format("%Y%m%d-%H%M%S");
                if let Err(e) = self.urgent.done(&file, played, &stamp.to_string()) {
                    say(tz, format!("error: {e}"));
                }
            }
        }
    }

    fn play(&mut self, source: &Airing, file: &std::path::Path, offset: Duration) {
        let label = match source {
            Airing::Slot(i) => format!("slot {}", self.sched.slots()[*i].id),
            Airing::Fallback(i) => format!("fallback for {}", self.sched.slots()[*i].id),
            Airing::Urgent(_) => "EMERGENCY".to_string(),
        };
        match self.sound.play(file, offset) {
            Ok(()) => say(
                self.st.tz,
                format!(
                    "▶ {label}: {} from {}",
                    file.display(),
                    mmss(offset.as_secs_f64())
                ),
            ),
            Err(e) => {
                say(self.st.tz, format!("✗ {label}: {e}"));
                self.events.push(Event::Failed(e));
            }
        }
    }

    /// What the device and the urgent folder have to say.
    fn listen(&mut self) {
        match self.sound.poll(Instant::now()) {
            Some(Change::Lost(at)) => say(
                self.st.tz,
                format!(
                    "✗ the sound device stopped at {} of what plays; looking for it every 2 s",
                    mmss(at.as_secs_f64())
                ),
            ),
            Some(Change::Back(gone, ended)) => {
                say(
                    self.st.tz,
                    format!(
                        "the sound device is back after {}; {:.0} s were not heard",
                        mmss(gone.as_secs_f64()),
                        gone.as_secs_f64()
                    ),
                );
                if ended && self.sched.playing().is_some() {
                    self.events.push(Event::Ended);
                }
            }
            None => {}
        }
        match self.sound.status() {
            Status::Ended if self.sched.playing().is_some() => match self.cut_short() {
                Some(why) => {
                    say(self.st.tz, format!("✗ {why}"));
                    self.events.push(Event::Failed(why));
                }
                None => self.events.push(Event::Ended),
            },
            Status::Failed(e) if self.sched.playing().is_some() => {
                say(self.st.tz, format!("✗ {e}"));
                self.events.push(Event::Failed(e));
            }
            _ => {}
        }
        for file in self.urgent.ready() {
            say(self.st.tz, format!("emergency file: {}", file.display()));
            self.events.push(Event::Urgent(file));
        }
    }

    /// A slot file that ended more than 2 s before its planned length was damaged while it
    /// played (cut short on the disk): the rest of the slot is the fallback's.
    fn cut_short(&self) -> Option<String> {
        let Some(Airing::Slot(i)) = self.sched.playing() else {
            return None;
        };
        let slot = &self.sched.slots()[*i];
        let heard = self.sound.heard()?;
        (heard + Duration::from_secs(2) < slot.duration).then(|| {
            format!(
                "{}: ended at {} of its {}: the file was cut short",
                slot.file.display(),
                mmss(heard.as_secs_f64()),
                mmss(slot.duration.as_secs_f64())
            )
        })
    }

    /// Logs that could not be written (a full disk) are tried again every minute.
    fn flush_logs(&mut self) {
        if self.logs.waiting() > 0 {
            match self.logs.flush() {
                Ok(()) => say(self.st.tz, "as-run: the waiting rows are written".into()),
                Err(e) => say(self.st.tz, format!("as-run: still waiting for room: {e}")),
            }
        }
    }

    fn reload(&mut self) {
        let now = Utc::now();
        let weeks = weeks_at(self.fixed, self.st.tz, now);
        if let Ok(slots) = load_weeks(&self.st.dir, &weeks, &mut |_| {}) {
            self.sched.update_slots(slots, now);
        }
    }
}
