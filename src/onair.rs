//! The binary's side of playout: `loaxa play` and `loaxa on-air`. It reads the clock, watches
//! the urgent folder, drives the library's pure scheduler and the sound device, and keeps the
//! as-run log. Without the `playout` feature only `on-air --simulate` works.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use clap::Args;

use loaxa::output::as_run::{self, AsRunRow};
use loaxa::playout::{self, SimulatedUrgent, Slot};
use loaxa::project::Project;
use loaxa::schedule::Week;
use loaxa::{atomic, Error};

#[derive(Args)]
pub struct OnAirArgs {
    /// The station file (default: the only one in schedules/).
    #[arg(long, value_name = "FILE")]
    pub station: Option<PathBuf>,
    /// Play only this ISO week (default: the week under way, then the next).
    #[arg(long)]
    pub week: Option<String>,
    /// Output root, where `loaxa week` wrote OUT/STATION/YYYY-Www/.
    #[arg(short, long, default_value = "out", value_name = "DIR")]
    pub output: PathBuf,
    /// Run on a simulated clock, without a sound device, and write the as-run log.
    #[arg(long)]
    pub simulate: bool,
    /// Simulation start: `2026-11-30T05:00` (station time) or RFC 3339 (default: the week's start).
    #[arg(long, value_name = "DATETIME", requires = "simulate")]
    pub from: Option<String>,
    /// Simulation end (default: the week's end).
    #[arg(long, value_name = "DATETIME", requires = "simulate")]
    pub until: Option<String>,
    /// An emergency file arriving during the simulation, `DATETIME=FILE` (repeatable).
    #[arg(
        long = "urgent-at",
        value_name = "DATETIME=FILE",
        requires = "simulate"
    )]
    pub urgent_at: Vec<String>,
    /// Write the simulated log here instead of each week folder's as-run.csv.
    #[arg(long, value_name = "FILE", requires = "simulate")]
    pub log: Option<PathBuf>,
}

fn usage(what: &str, message: String) -> Error {
    Error::Config {
        path: PathBuf::from(what),
        line: 1,
        message,
    }
}

/// A date-time in the station's zone: RFC 3339, or local `YYYY-MM-DDTHH:MM[:SS]` / with a space.
fn parse_time(what: &str, s: &str, tz: Tz) -> loaxa::Result<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let s2 = s.replace(' ', "T");
    for f in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(&s2, f) {
            return tz
                .from_local_datetime(&n)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .ok_or_else(|| usage(what, format!("`{s}` does not exist in {tz}")));
        }
    }
    Err(usage(
        what,
        format!("`{s}` is not a date-time; write 2026-11-30T05:00 (station time) or RFC 3339"),
    ))
}

fn parse_week(s: &str) -> loaxa::Result<Week> {
    s.parse::<Week>().map_err(|m| usage("--week", m))
}

/// Week folders from the week of `from` to the week of `until`, those that exist.
fn load_weeks(
    station_dir: &Path,
    weeks: &[Week],
    warn: &mut dyn FnMut(String),
) -> loaxa::Result<Vec<Slot>> {
    let mut slots = Vec::new();
    for w in weeks {
        let folder = station_dir.join(w.to_string());
        if !folder.join("plan.json").is_file() {
            warn(format!(
                "no plan for {w} in {}: run `loaxa week --week {w}`",
                folder.display()
            ));
            continue;
        }
        slots.extend(playout::load_week(&folder)?.slots);
    }
    Ok(slots)
}

fn weeks_between(from: DateTime<Utc>, until: DateTime<Utc>, tz: Tz) -> Vec<Week> {
    let mut w = Week::of(from.with_timezone(&tz).date_naive());
    let last = Week::of(until.with_timezone(&tz).date_naive());
    let mut v = vec![w];
    while w != last && v.len() < 60 {
        w = w.next();
        v.push(w);
    }
    v
}

struct Station {
    id: String,
    tz: Tz,
    dir: PathBuf,
}

fn station(project: &Project, file: Option<&PathBuf>, output: &Path) -> loaxa::Result<Station> {
    let path = match file {
        Some(f) => f.canonicalize().map_err(|source| Error::Read {
            path: f.clone(),
            source,
        })?,
        None => match project.station_files().as_slice() {
            [one] => one.clone(),
            [] => {
                return Err(usage(
                    "--station",
                    "no station file in schedules/; pass --station FILE".into(),
                ))
            }
            many => {
                return Err(usage(
                    "--station",
                    format!(
                        "{} station files in schedules/; pass --station FILE",
                        many.len()
                    ),
                ))
            }
        },
    };
    let file = loaxa::week::load_station(project, &path)?;
    Ok(Station {
        dir: output.join(&file.station.id),
        id: file.station.id,
        tz: file.tz,
    })
}

pub fn run_on_air(project: &Path, args: OnAirArgs) -> loaxa::Result<ExitCode> {
    let project = Project::open(project)?;
    let st = station(&project, args.station.as_ref(), &args.output)?;
    if args.simulate {
        return simulate(&st, &args);
    }
    live(&st, &args)
}

fn simulate(st: &Station, args: &OnAirArgs) -> loaxa::Result<ExitCode> {
    let week = args.week.as_deref().map(parse_week).transpose()?;
    let week_start = |w: Week| {
        let m = w.monday().and_hms_opt(0, 0, 0).unwrap_or_default();
        st.tz
            .from_local_datetime(&m)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    };
    let from = match (&args.from, week) {
        (Some(f), _) => parse_time("--from", f, st.tz)?,
        (None, Some(w)) => week_start(w).ok_or_else(|| usage("--week", "no start".into()))?,
        (None, None) => {
            return Err(usage(
                "--from",
                "a simulation needs --from and --until, or --week".into(),
            ))
        }
    };
    let until = match (&args.until, week) {
        (Some(u), _) => parse_time("--until", u, st.tz)?,
        (None, Some(w)) => week_start(w.next()).ok_or_else(|| usage("--week", "no end".into()))?,
        (None, None) => {
            return Err(usage(
                "--until",
                "a simulation needs --until (or --week)".into(),
            ))
        }
    };
    if until <= from {
        return Err(usage("--until", "must come after --from".into()));
    }
    let mut urgent = Vec::new();
    for u in &args.urgent_at {
        let Some((t, f)) = u.split_once('=') else {
            return Err(usage("--urgent-at", format!("`{u}`: write DATETIME=FILE")));
        };
        urgent.push(SimulatedUrgent {
            at: parse_time("--urgent-at", t, st.tz)?,
            file: PathBuf::from(f),
        });
    }
    let weeks = match week {
        Some(w) => vec![w],
        None => weeks_between(from, until, st.tz),
    };
    let slots = load_weeks(&st.dir, &weeks, &mut |w| eprintln!("loaxa: warning: {w}"))?;
    if slots.is_empty() {
        return Err(Error::Playout {
            message: format!(
                "nothing planned for {} between {} and {}",
                st.id,
                from.with_timezone(&st.tz),
                until.with_timezone(&st.tz)
            ),
        });
    }
    // How long each file plays: decode it whole, once, as the live run would.
    let mut known: HashMap<PathBuf, Result<Duration, String>> = HashMap::new();
    let mut length = |p: &Path| -> Result<Duration, String> {
        known
            .entry(p.to_path_buf())
            .or_insert_with(|| {
                loaxa::audio::decode::ChunkDecoder::open(p)
                    .and_then(|s| s.check())
                    .map(Duration::from_secs_f64)
                    .map_err(|e| format!("{}: {e}", p.display()))
            })
            .clone()
    };
    let rows = playout::simulate(slots, st.tz, from, until, &urgent, &mut length);
    for (p, r) in &known {
        if let Err(e) = r {
            eprintln!("loaxa: warning: cannot play {}: {e}", p.display());
        }
    }
    let mut by_file: BTreeMap<PathBuf, Vec<&AsRunRow>> = BTreeMap::new();
    for r in &rows {
        let file = match &args.log {
            Some(l) => l.clone(),
            None => r.folder.join(as_run::AS_RUN),
        };
        by_file.entry(file).or_default().push(r);
    }
    for (file, rows) in &by_file {
        if args.log.is_none() {
            if let Some(dir) = file.parent() {
                if dir.join(as_run::ON_AIR_MARK).exists() {
                    return Err(Error::Playout {
                        message: format!(
                            "{} holds real airings; pass --log FILE to write the simulation elsewhere",
                            file.display()
                        ),
                    });
                }
            }
        }
        atomic::write(file, as_run::as_run_text(None, rows).as_bytes())?;
    }
    let mut out = io::stdout().lock();
    let w = |e| Error::Write {
        path: PathBuf::from("<stdout>"),
        source: e,
    };
    writeln!(out, "{}", as_run::AS_RUN_HEADER).map_err(w)?;
    for r in &rows {
        writeln!(out, "{}", r.csv_line()).map_err(w)?;
    }
    for file in by_file.keys() {
        eprintln!("loaxa: {} rows → {}", by_file[file].len(), file.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "playout"))]
const NO_PLAYOUT: &str = "this loaxa was built without live playout; build it with `cargo build --release --features playout` (needs Debian's libasound2-dev), or use `on-air --simulate`";

#[cfg(not(feature = "playout"))]
fn live(_st: &Station, _args: &OnAirArgs) -> loaxa::Result<ExitCode> {
    Err(Error::Playout {
        message: NO_PLAYOUT.into(),
    })
}

#[cfg(not(feature = "playout"))]
pub fn run_play(_file: &Path) -> loaxa::Result<ExitCode> {
    Err(Error::Playout {
        message: NO_PLAYOUT.into(),
    })
}

#[cfg(feature = "playout")]
use live::live;
#[cfg(feature = "playout")]
pub use live::run_play;

#[cfg(feature = "playout")]
mod live {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::Instant;

    use loaxa::playout::device::{Device, Status};
    use loaxa::playout::{Action, Event, Scheduler, Source};

    use super::*;

    fn stop_flag() -> loaxa::Result<Arc<AtomicBool>> {
        let flag = Arc::new(AtomicBool::new(false));
        let f = Arc::clone(&flag);
        ctrlc::set_handler(move || f.store(true, Ordering::SeqCst)).map_err(|e| {
            Error::Playout {
                message: format!("cannot catch SIGINT/SIGTERM: {e}"),
            }
        })?;
        Ok(flag)
    }

    /// `loaxa play FILE`.
    pub fn run_play(file: &Path) -> loaxa::Result<ExitCode> {
        let audio = |e: String| Error::Audio {
            path: file.to_path_buf(),
            message: e,
        };
        let total = loaxa::audio::decode::ChunkDecoder::open(file)
            .and_then(|s| s.check())
            .map_err(|e| audio(e.to_string()))?;
        let stop = stop_flag()?;
        let mut device = Device::open()?;
        device.play(file, Duration::ZERO).map_err(audio)?;
        let name = file.display().to_string();
        let started = Instant::now();
        let mut err = io::stderr().lock();
        let result = loop {
            if stop.load(Ordering::SeqCst) {
                device.stop();
                break Ok(ExitCode::from(130));
            }
            match device.status() {
                Status::Playing(at) => {
                    let _ = write!(
                        err,
                        "\r▶ {} / {}  {name} ",
                        loaxa::script::mmss(at.as_secs_f64().min(total)),
                        loaxa::script::mmss(total)
                    );
                    let _ = err.flush();
                }
                Status::Ended | Status::Idle => break Ok(ExitCode::SUCCESS),
                Status::Failed(e) => break Err(audio(e)),
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        // Let the device drain what it holds.
        std::thread::sleep(Duration::from_millis(300));
        let _ = writeln!(
            err,
            "\r■ {} played in {:.1} s  {name}",
            loaxa::script::mmss(total),
            started.elapsed().as_secs_f64()
        );
        result
    }

    /// The as-run logs being written, by week folder: the whole text is rewritten atomically
    /// with each row, so a rebuilt week folder or a power cut never loses a row or half a row.
    struct Logs {
        texts: HashMap<PathBuf, String>,
    }

    impl Logs {
        fn append(&mut self, row: &AsRunRow) -> loaxa::Result<()> {
            let folder = row.folder.clone();
            let text = match self.texts.remove(&folder) {
                Some(t) => t,
                None => {
                    let log = folder.join(as_run::AS_RUN);
                    let mark = folder.join(as_run::ON_AIR_MARK);
                    // A simulated log is moved aside: this one records real airings.
                    if log.exists() && !mark.exists() {
                        let aside = folder.join(as_run::AS_RUN_SIMULATED);
                        std::fs::rename(&log, &aside).map_err(|source| Error::Write {
                            path: aside,
                            source,
                        })?;
                    }
                    atomic::write(&mark, b"as-run.csv records real airings\n")?;
                    std::fs::read_to_string(&log).unwrap_or_default()
                }
            };
            let text = as_run::as_run_text(Some(&text), &[row]);
            atomic::write(&folder.join(as_run::AS_RUN), text.as_bytes())?;
            self.texts.insert(folder, text);
            Ok(())
        }
    }

    const AUDIO: &[&str] = &["mp3", "wav", "flac", "ogg", "oga", "m4a"];

    /// Files in the urgent folder whose size has not changed since the last look (so a file
    /// still being copied is not played half-way).
    struct Urgent {
        dir: PathBuf,
        seen: HashMap<PathBuf, u64>,
        queued: Vec<PathBuf>,
    }

    impl Urgent {
        fn ready(&mut self) -> Vec<PathBuf> {
            let Ok(entries) = std::fs::read_dir(&self.dir) else {
                return Vec::new();
            };
            let mut now: Vec<(PathBuf, u64)> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && p.extension()
                            .and_then(|x| x.to_str())
                            .is_some_and(|x| AUDIO.contains(&x.to_ascii_lowercase().as_str()))
                })
                .filter_map(|p| std::fs::metadata(&p).ok().map(|m| (p, m.len())))
                .collect();
            now.sort();
            let mut ready = Vec::new();
            for (p, len) in &now {
                if self.queued.contains(p) {
                    continue;
                }
                if self.seen.get(p) == Some(len) && *len > 0 {
                    self.queued.push(p.clone());
                    ready.push(p.clone());
                }
            }
            self.seen = now.into_iter().collect();
            ready
        }

        fn done(&mut self, file: &Path, played: bool, stamp: &str) -> loaxa::Result<PathBuf> {
            self.queued.retain(|p| p != file);
            let sub = self.dir.join(if played { "played" } else { "failed" });
            std::fs::create_dir_all(&sub).map_err(|source| Error::Write {
                path: sub.clone(),
                source,
            })?;
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
            let to = sub.join(format!("{stamp}-{}", name.unwrap_or_default()));
            std::fs::rename(file, &to).map_err(|source| Error::Write {
                path: to.clone(),
                source,
            })?;
            Ok(to)
        }
    }

    fn say(tz: Tz, what: String) {
        let now = Utc::now().with_timezone(&tz);
        eprintln!("{} {what}", now.format("%Y-%m-%d %H:%M:%S"));
    }

    pub fn live(st: &Station, args: &OnAirArgs) -> loaxa::Result<ExitCode> {
        let stop = stop_flag()?;
        let fixed = args.week.as_deref().map(parse_week).transpose()?;
        let weeks_now = |now: DateTime<Utc>| match fixed {
            Some(w) => vec![w],
            None => {
                let w = Week::of(now.with_timezone(&st.tz).date_naive());
                vec![w, w.next()]
            }
        };
        let quiet = &mut |_: String| {};
        let start = Utc::now();
        let slots = load_weeks(&st.dir, &weeks_now(start), &mut |w| {
            say(st.tz, format!("warning: {w}"))
        })?;
        // Check every file to come before it is needed, so the operator hears of it now.
        for s in slots.iter().filter(|s| s.over_after(start)) {
            if let Err(e) =
                loaxa::audio::decode::ChunkDecoder::open(&s.file).and_then(|x| x.check())
            {
                say(
                    st.tz,
                    format!(
                        "warning: {} {} will play the fallback: {}: {e}",
                        s.start.format("%a %d/%m %H:%M"),
                        s.id,
                        s.file.display()
                    ),
                );
            }
        }
        let mut sched = Scheduler::new(slots, st.tz, start);
        let mut device = Device::open()?;
        let urgent_dir = st.dir.join("urgent");
        std::fs::create_dir_all(&urgent_dir).map_err(|source| Error::Write {
            path: urgent_dir.clone(),
            source,
        })?;
        let mut urgent = Urgent {
            dir: urgent_dir,
            seen: HashMap::new(),
            queued: Vec::new(),
        };
        let mut logs = Logs {
            texts: HashMap::new(),
        };
        say(
            st.tz,
            format!(
                "on air: {}, {} slots to come; emergencies: drop a file into {}; stop with Ctrl-C",
                st.id,
                sched.slots().iter().filter(|s| s.over_after(start)).count(),
                urgent.dir.display()
            ),
        );
        let mut last_reload = Instant::now();
        let mut events: Vec<Event> = vec![Event::Tick];
        loop {
            let now = Utc::now();
            while let Some(event) = events.pop() {
                for action in sched.handle(now, event) {
                    match action {
                        Action::Play {
                            source,
                            file,
                            offset,
                        } => {
                            let label = match &source {
                                Source::Slot(i) => format!("slot {}", sched.slots()[*i].id),
                                Source::Fallback(i) => {
                                    format!("fallback for {}", sched.slots()[*i].id)
                                }
                                Source::Urgent(_) => "EMERGENCY".to_string(),
                            };
                            match device.play(&file, offset) {
                                Ok(()) => say(
                                    st.tz,
                                    format!(
                                        "▶ {label}: {} from {}",
                                        file.display(),
                                        loaxa::script::mmss(offset.as_secs_f64())
                                    ),
                                ),
                                Err(e) => {
                                    say(st.tz, format!("✗ {label}: {e}"));
                                    events.push(Event::Failed(e));
                                }
                            }
                        }
                        Action::Stop => device.stop(),
                        Action::Log(row) => {
                            say(
                                st.tz,
                                format!("as-run: {} {}", row.slot, row.result.as_str()),
                            );
                            if let Err(e) = logs.append(&row) {
                                say(st.tz, format!("error: {e}"));
                            }
                        }
                        Action::Done { file, played } => {
                            let stamp = now.with_timezone(&st.tz).format("%Y%m%d-%H%M%S");
                            if let Err(e) = urgent.done(&file, played, &stamp.to_string()) {
                                say(st.tz, format!("error: {e}"));
                            }
                        }
                    }
                }
            }
            if sched.stopped() {
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
            if stop.load(Ordering::SeqCst) {
                say(st.tz, "stopping".into());
                events.push(Event::Shutdown);
                continue;
            }
            match device.status() {
                Status::Ended if sched.playing().is_some() => events.push(Event::Ended),
                Status::Failed(e) if sched.playing().is_some() => {
                    say(st.tz, format!("✗ {e}"));
                    events.push(Event::Failed(e));
                }
                _ => {}
            }
            for file in urgent.ready() {
                say(st.tz, format!("emergency file: {}", file.display()));
                events.push(Event::Urgent(file));
            }
            if last_reload.elapsed() >= Duration::from_secs(60) {
                last_reload = Instant::now();
                let now = Utc::now();
                if let Ok(slots) = load_weeks(&st.dir, &weeks_now(now), quiet) {
                    sched.update_slots(slots, now);
                }
            }
            if events.is_empty() {
                events.push(Event::Tick);
            }
        }
        device.stop();
        say(st.tz, "stopped; as-run log closed".into());
        Ok(ExitCode::SUCCESS)
    }
}
