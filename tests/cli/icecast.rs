//! `loaxa on-air --no-device --icecast URL` against a real icecast2 started by the test: relay
//! slots that air another mount (the "VOV" stand-in, fed by ffmpeg), the source killed and
//! brought back, a listener (ffmpeg) recording loaxa's mount through a run of slots, and
//! Icecast itself restarted mid-slot. No sound card: these run with or without `playout`.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeZone};
use loaxa::audio::decode::decode_file;
use loaxa::audio::encode::{self, Tags};
use loaxa::audio::{loudness, Mono};

use crate::icecast_server::{Feeder, Icecast, Listener};
use crate::playout::{ict, soon, stop_on_air};
use crate::util::{stderr, TestProject};

const STATION: &str = "out/dinh-tan";
const RATE: u32 = 44_100;

/// A tone at `freq` whose level swells and fades twice a second (closer to speech than a
/// steady tone), `secs` long, peaking at `amp`.
fn tone(secs: f64, freq: f64, amp: f32) -> Mono {
    let n = (secs * f64::from(RATE)) as usize;
    let samples = (0..n)
        .map(|i| {
            let t = i as f64 / f64::from(RATE);
            let swell = 0.6 + 0.4 * (2.0 * std::f64::consts::PI * 2.0 * t).sin();
            (f64::from(amp) * swell * (2.0 * std::f64::consts::PI * freq * t).sin()) as f32
        })
        .collect();
    Mono {
        rate: RATE,
        samples,
    }
}

fn mp3(m: &Mono) -> Vec<u8> {
    encode::mp3(m, 96, &Tags::default()).unwrap()
}

/// A slot of a hand-made week: a file of `secs` seconds at `freq`, or a relay of `url` for
/// `secs` seconds.
enum Planned<'a> {
    File(&'a str, DateTime<FixedOffset>, f64, f64, f32),
    Relay(&'a str, DateTime<FixedOffset>, f64, &'a str),
}

/// Writes the week folder's `plan.json`, slot files and a 3-second fallback at 660 Hz; the
/// slot files' paths.
fn week(p: &TestProject, week: &str, slots: &[Planned]) -> Vec<std::path::PathBuf> {
    let dir = format!("{STATION}/{week}");
    let mut json = Vec::new();
    let mut files = Vec::new();
    for s in slots {
        json.push(match s {
            Planned::File(id, start, secs, freq, amp) => {
                let file = format!("slots/{}_{id}.mp3", start.format("%H%M%S"));
                p.write(&format!("{dir}/{file}"), mp3(&tone(*secs, *freq, *amp)));
                files.push(p.join(&format!("{dir}/{file}")));
                serde_json::json!({
                    "id": id, "start": start.to_rfc3339(),
                    "end": (*start + chrono::Duration::minutes(15)).to_rfc3339(),
                    "file": file, "duration_s": secs, "items": [{"id": format!("{id}-a")}],
                })
            }
            Planned::Relay(id, start, secs, url) => serde_json::json!({
                "id": id, "start": start.to_rfc3339(),
                "end": (*start + chrono::Duration::milliseconds((secs * 1000.0) as i64)).to_rfc3339(),
                "file": "", "duration_s": 0.0, "items": [], "relay": url,
            }),
        });
    }
    let plan = serde_json::json!({
        "station": "dinh-tan", "week": week, "timezone": "Asia/Ho_Chi_Minh", "slots": json,
    });
    p.write(&format!("{dir}/plan.json"), plan.to_string());
    p.write(&format!("{dir}/fallback.mp3"), mp3(&tone(3.0, 660.0, 0.3)));
    files
}

/// `on-air --no-device --icecast` to `mount`, the password in the environment.
fn on_air(p: &TestProject, ice: &Icecast, mount: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_loaxa"))
        .args([
            "on-air",
            "--no-device",
            "--icecast",
            &ice.url(mount),
            "--project",
        ])
        .arg(p.path())
        .arg("-o")
        .arg(p.join("out"))
        .env("LOAXA_ICECAST_PASSWORD", ice.password())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// SIGTERM; the standard error (it must have exited 0) and the week's as-run rows.
fn stop(child: Child, p: &TestProject, week: &str) -> (String, Vec<csv::StringRecord>) {
    let (err, log) = stop_on_air(child, p, week);
    let rows = csv::Reader::from_reader(log.as_bytes())
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}\n{log}\n{err}")))
        .collect();
    (err, rows)
}

/// The "VOV" stand-in: a 30-second 880 Hz tone looped by ffmpeg into the `vov.mp3` mount.
fn vov_source(ice: &Icecast, p: &TestProject) -> (Feeder, std::path::PathBuf) {
    let vov = p.join("vov.mp3");
    std::fs::write(&vov, mp3(&tone(30.0, 880.0, 0.3))).unwrap();
    let feeder = Feeder::start(ice, "vov.mp3", &vov);
    assert!(
        ice.wait_for_source("vov.mp3", Duration::from_secs(10)),
        "{}",
        ice.log()
    );
    (feeder, vov)
}

fn sleep_until(t: DateTime<FixedOffset>) {
    let left = t - chrono::Utc::now().with_timezone(&ict());
    if let Ok(d) = left.to_std() {
        std::thread::sleep(d);
    }
}

/// The recording, mono.
fn recording(path: &Path) -> Mono {
    if let (Ok(keep), Some("wav")) = (
        std::env::var("LOAXA_KEEP_RECORDING"),
        path.extension().and_then(|e| e.to_str()),
    ) {
        let _ = std::fs::copy(path, format!("{keep}-{}.wav", std::process::id()));
    }
    decode_file(path).unwrap().into_mono()
}

/// Each tenth of a second of `m`: its pitch (zero crossings, in Hz), 0 for silence.
fn pitches(m: &Mono) -> Vec<u32> {
    m.samples
        .chunks(m.rate as usize / 10)
        .map(|c| {
            let rms = (c.iter().map(|s| s * s).sum::<f32>() / c.len() as f32).sqrt();
            if rms < 0.003 {
                return 0;
            }
            let crossings = c
                .windows(2)
                .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
                .count();
            // Rounded to 20 Hz: 440, 660, 880 are told apart.
            ((crossings as f64 * 10.0 / 2.0 / 20.0).round() * 20.0) as u32
        })
        .collect()
}

/// The runs of one pitch lasting at least `min` tenths of a second, in order: (pitch, tenths).
fn runs(p: &[u32], min: usize) -> Vec<(u32, usize)> {
    let mut out: Vec<(u32, usize)> = Vec::new();
    for &x in p {
        match out.last_mut() {
            Some((y, n)) if *y == x => *n += 1,
            _ => out.push((x, 1)),
        }
    }
    out.retain(|(_, n)| *n >= min);
    // Merge what the short runs split.
    let mut merged: Vec<(u32, usize)> = Vec::new();
    for (x, n) in out {
        match merged.last_mut() {
            Some((y, m)) if *y == x => *m += n,
            _ => merged.push((x, n)),
        }
    }
    merged
}

/// `HH:MM:SS` in the station's zone to a time on the day of `day`.
fn at(day: DateTime<FixedOffset>, hms: &str) -> DateTime<FixedOffset> {
    let t = chrono::NaiveTime::parse_from_str(hms, "%H:%M:%S").unwrap();
    ict()
        .from_local_datetime(&day.date_naive().and_time(t))
        .single()
        .unwrap()
}

#[test]
fn a_relay_airs_the_source_mount_falls_back_within_5_s_when_it_dies_and_resumes() {
    let Some(ice) = Icecast::start() else {
        return;
    };
    let p = TestProject::demo();
    let (mut feeder, vov) = vov_source(&ice, &p);
    let (start, w) = soon(5);
    week(
        &p,
        &w,
        &[Planned::Relay("vov", start, 60.0, &ice.url("vov.mp3"))],
    );
    let listener = Listener::start(&ice, "xa.mp3", &p.join("heard.wav"));
    let child = on_air(&p, &ice, "xa.mp3");
    // Eight seconds into the relay the source dies; eight seconds later it is back.
    sleep_until(start + chrono::Duration::seconds(8));
    feeder.stop();
    let killed = chrono::Utc::now().with_timezone(&ict());
    std::thread::sleep(Duration::from_secs(8));
    let mut feeder = Feeder::start(&ice, "vov.mp3", &vov);
    assert!(ice.wait_for_source("vov.mp3", Duration::from_secs(10)));
    let back = chrono::Utc::now().with_timezone(&ict());
    // The relay tries the stream again every 5 s at most and comes back after 3 s of steady
    // audio; then it plays on until SIGTERM.
    std::thread::sleep(Duration::from_secs(17));
    let (err, rows) = stop(child, &p, &w);
    let stopped = chrono::Utc::now().with_timezone(&ict());
    feeder.stop();
    let heard = recording(&listener.stop());
    assert_eq!(rows.len(), 1, "{rows:?}\n{err}");
    let row = &rows[0];
    assert_eq!((&row[1], &row[6]), ("vov", "relayed"), "{row:?}\n{err}");
    // The detail: one stretch of fallback, from within 5 s of the kill to after the source
    // came back (within the 5 s between tries and 3 s of steady audio, with room for a busy
    // machine).
    let detail = &row[7];
    let span = detail
        .strip_prefix("fallback ")
        .and_then(|d| d.get(..17))
        .unwrap_or_else(|| panic!("detail `{detail}`\n{err}"));
    let (from, to) = span.split_once('-').unwrap();
    let (from, to) = (at(start, from), at(start, to));
    eprintln!(
        "fallback {:.1} s after the kill; relay back {:.1} s after the source",
        (from - killed).num_milliseconds() as f64 / 1000.0,
        (to - back).num_milliseconds() as f64 / 1000.0
    );
    assert!(
        from >= killed - chrono::Duration::seconds(1)
            && from <= killed + chrono::Duration::seconds(5),
        "fallback from {from}, source killed at {killed}\n{err}"
    );
    assert!(
        to >= back - chrono::Duration::seconds(1) && to <= back + chrono::Duration::seconds(14),
        "relay back at {to}, source back at {back}\n{err}"
    );
    // SIGTERM during the relay closes its row then.
    let end = DateTime::parse_from_rfc3339(&row[4]).unwrap();
    assert!(
        (end - stopped).num_seconds().abs() <= 2,
        "{end} vs {stopped}"
    );
    assert!(err.contains("the stream is back"), "{err}");
    // The listener heard the stream, the fallback, then the stream again.
    let r = runs(&pitches(&heard), 5);
    let tones: Vec<u32> = r.iter().map(|(x, _)| *x).filter(|x| *x != 0).collect();
    assert_eq!(
        tones
            .iter()
            .filter(|x| **x == 880 || **x == 660)
            .copied()
            .collect::<Vec<_>>(),
        [880, 660, 880],
        "{r:?}\n{err}"
    );
}

#[test]
fn a_listener_hears_every_slot_and_an_emergency_in_order_at_the_loudness_of_its_file() {
    let Some(ice) = Icecast::start() else {
        return;
    };
    let p = TestProject::demo();
    // Four slots of 6 s, 4 s apart, each at its own pitch and level (whole multiples of 20 Hz,
    // which the pitch reading rounds to, so a tenth of a second never reads one step off).
    let (first, w) = soon(5);
    let slots: Vec<(String, f64, f32)> =
        [(340.0, 0.5), (560.0, 0.15), (780.0, 0.3), (1000.0, 0.08)]
            .iter()
            .enumerate()
            .map(|(i, (f, a))| (format!("s{i}"), *f, *a))
            .collect();
    let planned: Vec<Planned> = slots
        .iter()
        .enumerate()
        .map(|(i, (id, f, a))| {
            Planned::File(
                id,
                first + chrono::Duration::seconds(10 * i as i64),
                6.0,
                *f,
                *a,
            )
        })
        .collect();
    let files = week(&p, &w, &planned);
    let listener = Listener::start(&ice, "xa.mp3", &p.join("heard.wav"));
    let child = on_air(&p, &ice, "xa.mp3");
    // An emergency (2 s at 1200 Hz) dropped into the urgent folder between the second and the
    // third slot: it goes to the mount too.
    sleep_until(first + chrono::Duration::seconds(16));
    let urgent = p.join(&format!("{STATION}/urgent"));
    std::fs::create_dir_all(&urgent).unwrap();
    std::fs::write(p.join("khan.tmp"), mp3(&tone(2.0, 1200.0, 0.3))).unwrap();
    std::fs::rename(p.join("khan.tmp"), urgent.join("khan.mp3")).unwrap();
    sleep_until(first + chrono::Duration::seconds(40));
    let (err, rows) = stop(child, &p, &w);
    let heard = recording(&listener.stop());
    let results: Vec<(&str, &str)> = rows.iter().map(|r| (&r[1], &r[6])).collect();
    assert_eq!(
        results,
        [
            ("s0", "played"),
            ("s1", "played"),
            ("urgent", "emergency"),
            ("s2", "played"),
            ("s3", "played")
        ],
        "{err}"
    );
    let order: Vec<u32> = runs(&pitches(&heard), 10)
        .into_iter()
        .map(|(x, _)| x)
        .filter(|x| *x != 0)
        .collect();
    assert_eq!(order, [340, 560, 1200, 780, 1000], "{err}");
    // Each slot, found by its pitch, in order, within 0.5 LU of its file.
    let per_tenth = pitches(&heard);
    let mut from = 0;
    for ((id, freq, _), file) in slots.iter().zip(&files) {
        let want = (*freq / 20.0).round() as u32 * 20;
        // The first second of it (a tenth where two slots meet can read anything).
        let start = per_tenth[from..]
            .windows(10)
            .position(|w| w.iter().all(|x| *x == want))
            .unwrap_or_else(|| {
                panic!(
                    "{id} at {freq} Hz not heard after {from}: {:?}",
                    runs(&per_tenth, 3)
                )
            })
            + from;
        let len = per_tenth[start..]
            .iter()
            .take_while(|x| **x == want)
            .count();
        assert!((55..=62).contains(&len), "{id}: {len} tenths heard");
        // The middle 5 s: clear of the edges.
        let s = heard.rate as usize * (start + 5) / 10;
        let part = Mono {
            rate: heard.rate,
            samples: heard.samples[s..s + heard.rate as usize * 5].to_vec(),
        };
        let file = recording(file);
        let file_part = Mono {
            rate: file.rate,
            samples: file.samples[file.rate as usize / 2..file.rate as usize * 11 / 2].to_vec(),
        };
        let got = loudness::measure_mono(&part).unwrap().integrated.0;
        let want_lufs = loudness::measure_mono(&file_part).unwrap().integrated.0;
        eprintln!("{id}: {got:.2} LUFS on the mount, {want_lufs:.2} in the file");
        assert!(
            (got - want_lufs).abs() <= 0.5,
            "{id}: {got:.2} LUFS on the mount, {want_lufs:.2} in the file"
        );
        from = start + len;
    }
}

#[test]
fn icecast_restarted_mid_slot_is_reconnected_and_the_as_run_log_says_so() {
    let Some(mut ice) = Icecast::start() else {
        return;
    };
    let p = TestProject::demo();
    let (start, w) = soon(4);
    week(&p, &w, &[Planned::File("sang", start, 24.0, 440.0, 0.3)]);
    let listener = Listener::start(&ice, "xa.mp3", &p.join("heard.wav"));
    let child = on_air(&p, &ice, "xa.mp3");
    sleep_until(start + chrono::Duration::seconds(6));
    ice.stop();
    std::thread::sleep(Duration::from_secs(2));
    ice.restart();
    let restarted = Instant::now();
    assert!(
        ice.wait_for_source("xa.mp3", Duration::from_secs(10)),
        "loaxa did not come back to the mount\n{}",
        ice.log()
    );
    let took = restarted.elapsed();
    eprintln!("back on the mount {took:?} after Icecast restarted");
    sleep_until(start + chrono::Duration::seconds(27));
    let (err, rows) = stop(child, &p, &w);
    let heard = recording(&listener.stop());
    assert!(took <= Duration::from_secs(5), "reconnected after {took:?}");
    assert_eq!(rows.len(), 1, "{err}");
    assert_eq!(&rows[0][6], "played", "{err}");
    let detail = &rows[0][7];
    assert!(
        detail.contains("icecast lost") && detail.contains("icecast reconnected after"),
        "detail `{detail}`\n{err}"
    );
    // After the restart the listener hears the slot again: more than the 6.5 s sent before.
    let p440 = pitches(&heard).iter().filter(|x| **x == 440).count();
    assert!(p440 >= 100, "{p440} tenths of the slot heard");
}

#[test]
fn a_wrong_password_or_no_password_is_refused_before_anything_airs() {
    let Some(ice) = Icecast::start() else {
        return;
    };
    let p = TestProject::demo();
    let (start, w) = soon(60);
    week(&p, &w, &[Planned::File("sang", start, 6.0, 440.0, 0.3)]);
    let run = |password: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_loaxa"));
        c.args([
            "on-air",
            "--no-device",
            "--icecast",
            &ice.url("xa.mp3"),
            "--project",
        ])
        .arg(p.path())
        .arg("-o")
        .arg(p.join("out"))
        .env_remove("LOAXA_ICECAST_PASSWORD");
        if let Some(pw) = password {
            c.env("LOAXA_ICECAST_PASSWORD", pw);
        }
        c.output().unwrap()
    };
    let o = run(Some("wrong"));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("refused the source password"),
        "{}",
        stderr(&o)
    );
    let o = run(None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("LOAXA_ICECAST_PASSWORD"),
        "{}",
        stderr(&o)
    );
    assert!(!p.join(&format!("{STATION}/{w}/as-run.csv")).exists());
}

/// A relay through the sound card (JACK's dummy backend): the stream, the fallback while the
/// source is gone, the stream again, and SIGTERM in the middle of it.
#[cfg(feature = "playout")]
#[test]
fn a_relay_through_the_sound_card_falls_back_resumes_and_stops_on_sigterm() {
    let Some(ice) = Icecast::start() else {
        return;
    };
    let Some(jack) = crate::playout::device::jack("relay") else {
        return;
    };
    let p = TestProject::demo();
    let (mut feeder, vov) = vov_source(&ice, &p);
    let (start, w) = soon(4);
    week(
        &p,
        &w,
        &[Planned::Relay("vov", start, 60.0, &ice.url("vov.mp3"))],
    );
    let child = jack.on_air(&p);
    sleep_until(start + chrono::Duration::seconds(6));
    feeder.stop();
    std::thread::sleep(Duration::from_secs(6));
    let mut feeder = Feeder::start(&ice, "vov.mp3", &vov);
    std::thread::sleep(Duration::from_secs(16));
    let (err, rows) = stop(child, &p, &w);
    feeder.stop();
    assert_eq!(rows.len(), 1, "{err}");
    assert_eq!(&rows[0][6], "relayed", "{err}");
    assert!(rows[0][7].starts_with("fallback "), "{:?}\n{err}", &rows[0]);
    let captured = jack.captured();
    let r = runs(&pitches(&captured), 5);
    let tones: Vec<u32> = r
        .iter()
        .map(|(x, _)| *x)
        .filter(|x| *x == 880 || *x == 660)
        .collect();
    assert_eq!(tones, [880, 660, 880], "{r:?}\n{err}");
}
