//! `loaxa on-air --simulate` on hand-made weeks, and (feature `playout`) real playback through
//! ALSA into a JACK dummy backend, captured and measured.

use chrono::{DateTime, Duration, FixedOffset};
use loaxa::audio::encode::{self, Tags};
use loaxa::audio::Mono;

use crate::util::{stderr, stdout, TestProject};

const STATION: &str = "out/dinh-tan";

/// A tone of `secs` seconds at `amp`, as MP3.
fn tone_mp3(secs: f64, freq: f64, amp: f32) -> Vec<u8> {
    let rate = 48_000;
    let n = (secs * f64::from(rate)) as usize;
    let samples = (0..n)
        .map(|i| {
            amp * (2.0 * std::f64::consts::PI * freq * i as f64 / f64::from(rate)).sin() as f32
        })
        .collect();
    encode::mp3(&Mono { rate, samples }, 96, &Tags::default()).unwrap()
}

/// The station's zone (Indochina Time).
pub(crate) fn ict() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap()
}

/// A week folder written by hand: slots at the given local times, each file `secs` long.
fn hand_made_week(
    p: &TestProject,
    week: &str,
    slots: &[(&str, DateTime<FixedOffset>, f64)],
    with_fallback: bool,
) {
    let dir = format!("{STATION}/{week}");
    let mut json = Vec::new();
    for (id, start, secs) in slots {
        let file = format!("slots/{}_{id}.mp3", start.format("%Y-%m-%d_%H%M%S"));
        p.write(&format!("{dir}/{file}"), tone_mp3(*secs, 440.0, 0.3));
        json.push(serde_json::json!({
            "id": id, "name": id,
            "start": start.to_rfc3339(),
            "end": (*start + Duration::minutes(15)).to_rfc3339(),
            "length_s": 900.0, "file": file, "duration_s": secs,
            "items": [{"id": format!("{id}-a")}, {"id": format!("{id}-b")}],
        }));
    }
    let plan = serde_json::json!({
        "station": "dinh-tan", "station_name": "Đài xã", "week": week,
        "timezone": "Asia/Ho_Chi_Minh", "slots": json, "notes": [],
    });
    p.write(&format!("{dir}/plan.json"), plan.to_string());
    if with_fallback {
        p.write(&format!("{dir}/fallback.mp3"), tone_mp3(3.0, 660.0, 0.2));
    }
}

/// A start `secs` seconds from now on a whole second, and its week.
pub(crate) fn soon(secs: i64) -> (DateTime<FixedOffset>, String) {
    use chrono::TimeZone;
    let start = chrono::Utc::now().with_timezone(&ict()) + Duration::seconds(secs);
    let start = ict().timestamp_opt(start.timestamp(), 0).single().unwrap();
    (
        start,
        loaxa::schedule::Week::of(start.date_naive()).to_string(),
    )
}

/// SIGTERM to a running `on-air`: its standard error (it must have exited 0) and the week's
/// as-run log.
pub(crate) fn stop_on_air(
    child: std::process::Child,
    p: &TestProject,
    week: &str,
) -> (String, String) {
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let log = std::fs::read_to_string(p.join(&format!("{STATION}/{week}/as-run.csv"))).unwrap();
    (err, log)
}

#[cfg(feature = "playout")]
/// The as-run log's rows, split at commas.
fn rows(log: &str) -> Vec<Vec<&str>> {
    log.lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect()
}

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn w49(p: &TestProject) {
    hand_made_week(
        p,
        "2026-W49",
        &[
            ("sang", t("2026-11-30T05:30:00+07:00"), 6.0),
            ("chieu", t("2026-11-30T17:00:00+07:00"), 6.0),
            ("sang", t("2026-12-01T05:30:00+07:00"), 6.0),
        ],
        true,
    );
}

/// The result column and the actual times (HH:MM:SS) of each row.
fn results(csv: &str) -> Vec<String> {
    csv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let hms = |s: &str| s.get(11..19).unwrap_or("").to_string();
            format!("{} {} {}-{} {}", f[1], f[6], hms(f[3]), hms(f[4]), f[5])
        })
        .collect()
}

#[test]
fn simulate_logs_each_slot_and_survives_bad_files_late_starts_and_emergencies() {
    type Case<'a> = (&'a str, Vec<&'a str>, &'a [&'a str], Vec<&'a str>);
    let cases: Vec<Case> = vec![
        (
            "a good week",
            vec!["--week", "2026-W49"],
            &[],
            vec![
                "sang played 05:30:00-05:30:06 sang-a sang-b",
                "chieu played 17:00:00-17:00:06 chieu-a chieu-b",
                "sang played 05:30:00-05:30:06 sang-a sang-b",
            ],
        ),
        (
            "one slot file deleted, one damaged",
            vec!["--week", "2026-W49"],
            &[
                "delete:2026-11-30_053000_sang.mp3",
                "damage:2026-11-30_170000_chieu.mp3",
            ],
            vec![
                "sang fallback 05:30:00-05:30:03 fallback",
                "chieu fallback 17:00:00-17:00:03 fallback",
                "sang played 05:30:00-05:30:06 sang-a sang-b",
            ],
        ),
        (
            "started during a slot: joins at the offset; the end of the run cuts the next",
            vec![
                "--from",
                "2026-11-30T05:30:02.5+07:00",
                "--until",
                "2026-11-30T17:00:04",
            ],
            &[],
            vec![
                "sang late-joined 05:30:02-05:30:06 sang-a sang-b",
                "chieu played 17:00:00-17:00:04 chieu-a chieu-b",
            ],
        ),
        (
            "started with less than half of the file left: skipped",
            vec![
                "--from",
                "2026-12-01T05:30:04",
                "--until",
                "2026-12-01T06:00",
            ],
            &[],
            vec!["sang skipped - "],
        ),
        (
            "an emergency interrupts the morning slot, which then resumes",
            vec![
                "--week",
                "2026-W49",
                "--urgent-at",
                "2026-11-30T05:30:02=URGENT",
            ],
            &[],
            vec![
                "urgent emergency 05:30:02-05:30:05 khan.mp3",
                "sang played 05:30:00-05:30:09 sang-a sang-b",
                "chieu played 17:00:00-17:00:06 chieu-a chieu-b",
                "sang played 05:30:00-05:30:06 sang-a sang-b",
            ],
        ),
    ];
    for (name, args, changes, want) in cases {
        let p = TestProject::demo();
        w49(&p);
        let slots = p.join(&format!("{STATION}/2026-W49/slots"));
        for c in changes {
            let (what, file) = c.split_once(':').unwrap();
            match what {
                "delete" => std::fs::remove_file(slots.join(file)).unwrap(),
                _ => std::fs::write(slots.join(file), b"ID3 and then not audio").unwrap(),
            }
        }
        p.write("khan.mp3", tone_mp3(3.0, 880.0, 0.3));
        let urgent = p.join("khan.mp3");
        let args: Vec<String> = args
            .iter()
            .map(|a| a.replace("URGENT", urgent.to_str().unwrap()))
            .collect();
        let mut full = vec!["on-air", "--simulate", "-o"];
        let out = p.join("out");
        full.push(out.to_str().unwrap());
        full.extend(args.iter().map(String::as_str));
        let o = p.run(&full);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let log =
            std::fs::read_to_string(p.join(&format!("{STATION}/2026-W49/as-run.csv"))).unwrap();
        assert_eq!(
            log.lines().next(),
            Some("date,slot,planned_start,actual_start,actual_end,items,result,detail")
        );
        let got = results(&log);
        assert_eq!(got, want, "{name}\n{log}");
        assert_eq!(stdout(&o), log, "{name}: the log is printed too");
        assert!(
            log.lines()
                .skip(1)
                .all(|l| l.split(',').nth(2).unwrap().ends_with("+07:00")),
            "{name}: planned_start in RFC 3339 with the offset\n{log}"
        );
    }
}

#[test]
fn simulate_refuses_bad_requests_and_keeps_real_logs() {
    let p = TestProject::demo();
    let out = p.join("out");
    let o = out.to_str().unwrap();
    // No week folder.
    let r = p.run(&["on-air", "--simulate", "--week", "2026-W49", "-o", o]);
    assert_eq!(r.status.code(), Some(1));
    assert!(
        stderr(&r).contains("run `loaxa week --week 2026-W49`"),
        "{}",
        stderr(&r)
    );
    w49(&p);
    for (args, want) in [
        (
            vec!["--from", "yesterday", "--until", "2026-12-01T00:00"],
            "--from:1: `yesterday` is not a date-time",
        ),
        (
            vec!["--from", "2026-12-01T00:00", "--until", "2026-11-30T00:00"],
            "--until:1: must come after --from",
        ),
        (vec!["--week", "2026-W60"], "--week"),
        (
            vec!["--week", "2026-W49", "--urgent-at", "nope"],
            "--urgent-at:1: `nope`: write DATETIME=FILE",
        ),
    ] {
        let mut a = vec!["on-air", "--simulate", "-o", o];
        a.extend(args);
        let r = p.run(&a);
        assert_eq!(r.status.code(), Some(2), "{a:?}");
        assert!(stderr(&r).contains(want), "{a:?}: {}", stderr(&r));
        assert!(!stderr(&r).contains("panicked"));
        assert!(!p.join(&format!("{STATION}/2026-W49/as-run.csv")).exists());
    }
    // A folder whose log records real airings is not overwritten by a simulation.
    p.write(&format!("{STATION}/2026-W49/.on-air"), "real\n");
    p.write(&format!("{STATION}/2026-W49/as-run.csv"), "real log\n");
    let r = p.run(&["on-air", "--simulate", "--week", "2026-W49", "-o", o]);
    assert_eq!(r.status.code(), Some(1));
    assert!(stderr(&r).contains("holds real airings; pass --log FILE"));
    let elsewhere = p.join("sim.csv");
    let r = p.run(&[
        "on-air",
        "--simulate",
        "--week",
        "2026-W49",
        "-o",
        o,
        "--log",
        elsewhere.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", stderr(&r));
    assert_eq!(
        std::fs::read_to_string(elsewhere).unwrap().lines().count(),
        4
    );
    assert_eq!(
        std::fs::read_to_string(p.join(&format!("{STATION}/2026-W49/as-run.csv"))).unwrap(),
        "real log\n"
    );
}

#[cfg(not(feature = "playout"))]
#[test]
fn without_the_feature_live_playout_says_how_to_get_it() {
    let p = TestProject::demo();
    for args in [vec!["play", "x.mp3"], vec!["on-air"]] {
        let r = p.run(&args);
        assert_eq!(r.status.code(), Some(1));
        assert!(stderr(&r).contains("--features playout"), "{}", stderr(&r));
    }
}

/// A JACK server with a dummy backend and an ALSA configuration that records what is played
/// into a raw file on its way to JACK.
#[cfg(feature = "playout")]
pub(crate) mod device {
    use super::*;
    use std::process::{Child, Command, Stdio};

    pub struct Jack {
        child: Child,
        pub name: String,
        pub conf: std::path::PathBuf,
        pub tap: std::path::PathBuf,
        _dir: tempfile::TempDir,
    }

    impl Drop for Jack {
        /// SIGTERM, so that jackd unregisters from its shared-memory server table (SIGKILL
        /// leaves the entry behind, and after a few runs no server can start: "Too many servers
        /// already active"); SIGKILL only if it has not stopped after 5 s.
        fn drop(&mut self) {
            let _ = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
            for _ in 0..50 {
                if self.child.try_wait().ok().flatten().is_some() {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// A JACK server with the dummy backend (real time, no sound card), named `name`.
    fn spawn_jackd(name: &str) -> std::io::Result<Child> {
        Command::new("jackd")
            .args([
                "--no-realtime",
                "-n",
                name,
                "-d",
                "dummy",
                "-r",
                "48000",
                "-p",
                "1024",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
    }

    /// Starts jackd, or says why the test cannot run (an error when CI requires it).
    pub fn jack(tag: &str) -> Option<Jack> {
        let required = std::env::var_os("LOAXA_REQUIRE_JACK").is_some();
        let name = format!("loaxa-{tag}-{}", std::process::id());
        let child = match spawn_jackd(&name) {
            Ok(c) => c,
            Err(e) => {
                assert!(
                    !required,
                    "LOAXA_REQUIRE_JACK is set but jackd cannot start: {e}"
                );
                eprintln!("skipping: jackd is not installed ({e})");
                return None;
            }
        };
        std::thread::sleep(std::time::Duration::from_millis(1500));
        let dir = tempfile::tempdir().unwrap();
        let tap = dir.path().join("tap.raw");
        let conf = dir.path().join("tap.conf");
        std::fs::write(
            &conf,
            format!(
                "pcm.jackout {{ type jack playback_ports {{ 0 system:playback_1 1 system:playback_2 }} }}\n\
                 pcm.!default {{ type plug slave.pcm {{ type file slave.pcm \"jackout\" file \"{}\" format \"raw\" }} }}\n",
                tap.display()
            ),
        )
        .unwrap();
        Some(Jack {
            child,
            name,
            conf,
            tap,
            _dir: dir,
        })
    }

    impl Jack {
        /// Stops the server (as a USB card unplugged or a crashed audio server would).
        pub fn stop_server(&mut self) {
            let _ = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
            let _ = self.child.wait();
        }

        /// Starts the server again under the same name.
        pub fn restart_server(&mut self) {
            self.child = spawn_jackd(&self.name).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(1500));
        }

        /// `loaxa on-air` on the project, its standard error piped.
        pub fn on_air(&self, p: &TestProject) -> std::process::Child {
            self.command()
                .args(["on-air", "--project"])
                .arg(p.path())
                .arg("-o")
                .arg(p.join("out"))
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        }

        pub fn command(&self) -> Command {
            let mut c = Command::new(env!("CARGO_BIN_EXE_loaxa"));
            c.env(
                "ALSA_CONFIG_PATH",
                format!("/usr/share/alsa/alsa.conf:{}", self.conf.display()),
            )
            .env("JACK_DEFAULT_SERVER", &self.name)
            .env("JACK_NO_START_SERVER", "1");
            c
        }

        /// The left channel of what reached the device (float32 stereo at 48 kHz).
        pub fn captured(&self) -> Mono {
            let b = std::fs::read(&self.tap).unwrap();
            let samples = b
                .chunks_exact(8)
                .map(|f| f32::from_le_bytes([f[0], f[1], f[2], f[3]]))
                .collect();
            Mono {
                rate: 48_000,
                samples,
            }
        }
    }

    /// From the first to the last sample above -60 dBFS.
    pub fn sounding(m: &Mono) -> Mono {
        let first = m.samples.iter().position(|s| s.abs() > 1e-3).unwrap_or(0);
        let last = m.samples.iter().rposition(|s| s.abs() > 1e-3).unwrap_or(0);
        Mono {
            rate: m.rate,
            samples: m.samples[first..=last].to_vec(),
        }
    }
}

#[cfg(feature = "playout")]
#[test]
fn play_sends_the_whole_file_to_the_device_in_real_time_at_its_loudness() {
    use loaxa::audio::loudness;
    let Some(jack) = device::jack("play") else {
        return;
    };
    let p = TestProject::demo();
    // 44.1 kHz speech-like tone (the device runs at 48 kHz, so it is resampled on the way).
    let rate = 44_100;
    let n = 4 * rate as usize;
    let samples: Vec<f32> = (0..n)
        .map(|i| {
            let t = i as f64 / f64::from(rate);
            (0.3 * (2.0 * std::f64::consts::PI * 300.0 * t).sin()
                * (0.6 + 0.4 * (2.0 * std::f64::consts::PI * 3.0 * t).sin())) as f32
        })
        .collect();
    let file = Mono { rate, samples };
    p.write("tone.wav", encode::wav(&file).unwrap());
    let started = std::time::Instant::now();
    let o = jack
        .command()
        .arg("play")
        .arg(p.join("tone.wav"))
        .output()
        .unwrap();
    let wall = started.elapsed().as_secs_f64();
    assert!(o.status.success(), "{}", stderr(&o));
    let got = device::sounding(&jack.captured());
    let secs = got.samples.len() as f64 / 48_000.0;
    // Length within 20 ms; paced in real time (not faster than the audio).
    assert!((secs - 4.0).abs() < 0.02, "captured {secs:.3} s of 4 s");
    assert!(wall >= 3.9, "played in {wall:.2} s: not real time");
    // Loudness within 0.2 LU of the file.
    let want = loudness::measure_mono(&file).unwrap().integrated.0;
    let have = loudness::measure_mono(&got).unwrap().integrated.0;
    assert!(
        (want - have).abs() < 0.2,
        "file {want:.2} LUFS, device {have:.2} LUFS"
    );
    assert!(stderr(&o).contains("0:04 played"), "{}", stderr(&o));
}

#[cfg(feature = "playout")]
#[test]
fn on_air_plays_slots_and_an_emergency_on_time_and_stops_cleanly_on_sigterm() {
    let Some(jack) = device::jack("onair") else {
        return;
    };
    let p = TestProject::demo();
    let (start, week) = soon(3);
    hand_made_week(
        &p,
        &week,
        &[
            ("mot", start, 3.0),
            ("hai", start + Duration::seconds(8), 3.0),
        ],
        true,
    );
    // The second slot's file is damaged: the fallback plays.
    let hai = format!(
        "{STATION}/{week}/slots/{}_hai.mp3",
        (start + Duration::seconds(8)).format("%Y-%m-%d_%H%M%S")
    );
    p.write(&hai, b"not audio at all");
    let child = jack.on_air(&p);
    // An emergency dropped in the gap between the slots.
    std::thread::sleep(std::time::Duration::from_secs(7));
    p.write(
        &format!("{STATION}/urgent/lu.mp3"),
        tone_mp3(1.0, 880.0, 0.3),
    );
    std::thread::sleep(std::time::Duration::from_secs(9));
    let (err, log) = stop_on_air(child, &p, &week);
    assert!(err.contains("stopped; as-run log closed"), "{err}");
    let rows = rows(&log);
    let results: Vec<(&str, &str)> = rows.iter().map(|r| (r[1], r[6])).collect();
    assert_eq!(
        results,
        vec![
            ("mot", "played"),
            ("urgent", "emergency"),
            ("hai", "fallback")
        ],
        "{log}\n{err}"
    );
    // On time to within a second.
    for r in &rows {
        if r[1] != "urgent" {
            let planned = t(r[2]);
            let actual = t(r[3]);
            assert!((actual - planned).num_milliseconds().abs() <= 1000, "{log}");
        }
    }
    assert!(p.join(&format!("{STATION}/{week}/.on-air")).exists());
    assert!(
        std::fs::read_dir(p.join(&format!("{STATION}/urgent/played")))
            .unwrap()
            .count()
            == 1
    );
    // Something reached the device: the first slot, the emergency and the fallback.
    let got = device::sounding(&jack.captured());
    assert!(got.samples.len() as f64 / 48_000.0 > 7.0);
}

#[cfg(feature = "playout")]
#[test]
fn a_sound_device_that_vanishes_mid_slot_is_found_again_and_the_slot_resumes_on_time() {
    let Some(mut jack) = device::jack("vanish") else {
        return;
    };
    let p = TestProject::demo();
    let (start, week) = soon(3);
    hand_made_week(&p, &week, &[("mot", start, 16.0)], true);
    let child = jack.on_air(&p);
    // Four seconds into the slot the audio server goes away; four seconds later it is back.
    std::thread::sleep(std::time::Duration::from_secs(7));
    jack.stop_server();
    std::thread::sleep(std::time::Duration::from_secs(4));
    jack.restart_server();
    std::thread::sleep(std::time::Duration::from_secs(10));
    let (err, log) = stop_on_air(child, &p, &week);
    assert!(err.contains("the sound device stopped at 0:0"), "{err}");
    assert!(err.contains("the sound device is back after"), "{err}");
    // The slot is one row, played from its time to the end of its file (not cut at the loss).
    let rows = rows(&log);
    assert_eq!(rows.len(), 1, "{log}\n{err}");
    assert_eq!((rows[0][1], rows[0][6]), ("mot", "played"), "{log}");
    let aired = (t(rows[0][4]) - t(rows[0][3])).num_milliseconds() as f64 / 1000.0;
    assert!((14.0..=18.5).contains(&aired), "{aired} s\n{log}\n{err}");
    // Sound reached the device again after it came back.
    let got = device::sounding(&jack.captured());
    assert!(
        got.samples.len() as f64 / 48_000.0 > 2.0,
        "{}",
        got.samples.len()
    );
}

#[cfg(feature = "playout")]
#[test]
fn a_slot_file_cut_short_while_it_plays_hands_over_to_the_fallback() {
    let Some(jack) = device::jack("cut") else {
        return;
    };
    let p = TestProject::demo();
    let (start, week) = soon(3);
    hand_made_week(&p, &week, &[("mot", start, 16.0)], true);
    let file = p.join(&format!(
        "{STATION}/{week}/slots/{}_mot.mp3",
        start.format("%Y-%m-%d_%H%M%S")
    ));
    let child = jack.on_air(&p);
    // Three seconds into the slot its file loses all but its first fifth on the disk.
    std::thread::sleep(std::time::Duration::from_secs(6));
    let len = std::fs::metadata(&file).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&file)
        .unwrap()
        .set_len(len / 5)
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(10));
    let (err, log) = stop_on_air(child, &p, &week);
    assert!(err.contains("the file was cut short"), "{err}");
    let rows = rows(&log);
    assert_eq!(rows.len(), 1, "{log}\n{err}");
    assert_eq!(
        (rows[0][1], rows[0][6]),
        ("mot", "fallback"),
        "{log}\n{err}"
    );
}
