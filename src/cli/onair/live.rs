//! `loaxa on-air`: the live loop. Every 200 ms it hands the scheduler what happened (time
//! passed, the file ended or failed, a relay's stream has audio, an emergency file arrived,
//! Ctrl-C) and does what the scheduler says: play a file or relay a stream through the outputs
//! (the sound card, the Icecast feed), stop, log, move an emergency file away. While a relay's
//! fallback stands in, it keeps trying the stream. The plan is reloaded every minute, so a week
//! rebuilt while it runs is picked up.

use std::collections::VecDeque;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use loaxa::playout::{Action, Airing, Event, Scheduler, Slot};
use loaxa::schedule::Week;
use loaxa::script::mmss;
use loaxa::Error;

use super::feed::{Feed, Media};
use super::outputs::{News, Outputs};
use super::probe::{Probe, Tried};
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

pub fn run(st: &Station, args: &OnAirArgs, feed: Option<Feed>) -> loaxa::Result<ExitCode> {
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
        outputs: Outputs::open(args.no_device, feed)?,
        probe: None,
        urgent: Urgent::open(st.dir.join("urgent"))?,
        logs: AsRunLogs::default(),
        events: VecDeque::from([(Guard::Always, Event::Tick)]),
        plays: 0,
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
    on_air.outputs.stop();
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
    for s in slots
        .iter()
        .filter(|s| s.over_after(start) && s.relay.is_none())
    {
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
    outputs: Outputs,
    /// The stream of a relay on fallback, tried until it has audio.
    probe: Option<Probe>,
    urgent: Urgent,
    logs: AsRunLogs,
    /// Events in the order they happened, each with what must still hold when it is handled.
    events: VecDeque<(Guard, Event)>,
    /// How many times what plays was changed (a play, a relay, a stop).
    plays: u64,
}

/// When an event still applies.
enum Guard {
    Always,
    /// News of what played then: stale once something else plays.
    Play(u64),
    /// The stream tried for a relay on fallback has audio: stale unless that is still so.
    Probe(String),
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
                self.events.push_back((Guard::Always, Event::Shutdown));
                continue;
            }
            self.listen();
            if last_reload.elapsed() >= Duration::from_secs(60) {
                last_reload = Instant::now();
                self.reload();
                self.flush_logs();
            }
            if self.events.is_empty() {
                self.events.push_back((Guard::Always, Event::Tick));
            }
        }
    }

    fn handle_events(&mut self, now: DateTime<Utc>) {
        while let Some((guard, event)) = self.events.pop_front() {
            let holds = match &guard {
                Guard::Always => true,
                Guard::Play(n) => *n == self.plays,
                Guard::Probe(url) => self.sched.probing() == Some(url.as_str()),
            };
            if !holds {
                continue;
            }
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
            } => self.play(&source, Media::File(file, offset)),
            Action::Relay { source, url } => self.play(&source, Media::Relay(url)),
            Action::Stop => {
                self.plays += 1;
                self.outputs.stop();
            }
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

    fn play(&mut self, source: &Airing, media: Media) {
        self.plays += 1;
        let label = match source {
            Airing::Slot(i) => format!("slot {}", self.sched.slots()[*i].id),
            Airing::Relay(i) => format!("relay {}", self.sched.slots()[*i].id),
            Airing::Fallback(i) => format!("fallback for {}", self.sched.slots()[*i].id),
            Airing::Urgent(_) => "EMERGENCY".to_string(),
        };
        let what = match &media {
            Media::File(file, offset) => {
                format!("{} from {}", file.display(), mmss(offset.as_secs_f64()))
            }
            Media::Relay(url) => url.clone(),
        };
        match self.outputs.play(&media) {
            Ok(()) => say(self.st.tz, format!("▶ {label}: {what}")),
            Err(e) => {
                say(self.st.tz, format!("✗ {label}: {e}"));
                self.events
                    .push_back((self.now_playing(), Event::Failed(e)));
            }
        }
    }

    /// The guard of news about what plays now.
    fn now_playing(&self) -> Guard {
        Guard::Play(self.plays)
    }

    /// What the outputs, a relay's stream and the urgent folder have to say.
    fn listen(&mut self) {
        for news in self.outputs.poll() {
            self.hear(news);
        }
        self.try_stream();
        for file in self.urgent.ready() {
            say(self.st.tz, format!("emergency file: {}", file.display()));
            self.events.push_back((Guard::Always, Event::Urgent(file)));
        }
    }

    fn hear(&mut self, news: News) {
        match news {
            News::Ended if self.sched.playing().is_some() => match self.cut_short() {
                Some(why) => {
                    say(self.st.tz, format!("✗ {why}"));
                    self.events
                        .push_back((self.now_playing(), Event::Failed(why)));
                }
                None => self.events.push_back((self.now_playing(), Event::Ended)),
            },
            News::Failed(e) if self.sched.playing().is_some() => {
                say(self.st.tz, format!("✗ {e}"));
                self.events
                    .push_back((self.now_playing(), Event::Failed(e)));
            }
            News::StreamUp => {
                say(self.st.tz, "the stream has audio".into());
                self.events.push_back((self.now_playing(), Event::StreamUp));
            }
            News::Note(note) => {
                say(self.st.tz, note.clone());
                self.events.push_back((Guard::Always, Event::Note(note)));
            }
            News::Say(what) => say(self.st.tz, what),
            News::Ended | News::Failed(_) => {}
        }
    }

    /// While a relay's fallback stands in, its stream is tried (the reader waits longer and
    /// longer between tries); once it gives audio steadily, the relay comes back.
    fn try_stream(&mut self) {
        let Some(url) = self.sched.probing().map(str::to_string) else {
            self.probe = None;
            return;
        };
        if self.probe.as_ref().is_none_or(|p| p.url() != url) {
            self.probe = Some(Probe::open(&url));
        }
        let Some(probe) = &mut self.probe else {
            return;
        };
        match probe.look(Instant::now()) {
            Tried::Nothing => {}
            Tried::Down(why) => say(self.st.tz, format!("the stream {url} is still down: {why}")),
            Tried::Back => {
                self.probe = None;
                say(self.st.tz, format!("the stream is back: {url}"));
                self.events.push_back((Guard::Probe(url), Event::StreamUp));
            }
        }
    }

    /// A slot file that ended more than 2 s before its planned length was damaged while it
    /// played (cut short on the disk): the rest of the slot is the fallback's.
    fn cut_short(&self) -> Option<String> {
        let Some(Airing::Slot(i)) = self.sched.playing() else {
            return None;
        };
        let slot = &self.sched.slots()[*i];
        let heard = self.outputs.heard()?;
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
