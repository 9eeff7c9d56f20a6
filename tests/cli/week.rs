//! `loaxa week` on the demo station and on a second station with three slots a day of
//! different lengths; station-file validation with lines.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset};

use crate::util::{stderr, stdout, TestProject};

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(base).unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn measure(bytes: &[u8]) -> (loaxa::audio::Loudness, f64) {
    let d = loaxa::audio::decode::decode_bytes(bytes.to_vec(), "mp3").unwrap();
    (
        loaxa::audio::measure(&d.samples, d.channels, d.rate).unwrap(),
        d.seconds(),
    )
}

/// Checks one built week folder against its station's cron and profiles.
fn check_week(folder: &Path, crons: &[(&str, &str)]) {
    let files = tree(folder);
    let plan: serde_json::Value = serde_json::from_slice(&files["plan.json"]).unwrap();
    let slots = plan["slots"].as_array().unwrap();
    assert!(!slots.is_empty());
    let mut previous: Option<DateTime<FixedOffset>> = None;
    for s in slots {
        let start = DateTime::parse_from_rfc3339(s["start"].as_str().unwrap()).unwrap();
        assert_eq!(
            start.offset().local_minus_utc(),
            7 * 3600,
            "station time zone offset"
        );
        assert!(previous.is_none_or(|p| p <= start), "slots in time order");
        previous = Some(start);
        // The start matches the slot's cron in the station's time zone.
        let cron = crons.iter().find(|(id, _)| *id == s["id"]).unwrap().1;
        let schedule =
            cron::Schedule::from_str(&loaxa::schedule::convert_cron(cron).unwrap()).unwrap();
        let local = start.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
        assert!(
            schedule.includes(local),
            "{} does not match `{cron}`",
            s["start"]
        );
        // The slot file exists, is no longer than its slot and meets the loudspeaker profile.
        let mp3 = &files[s["file"].as_str().unwrap()];
        let (m, secs) = measure(mp3);
        assert!(
            secs <= s["length_s"].as_f64().unwrap(),
            "{}: {secs} s",
            s["file"]
        );
        assert!(
            (m.integrated.0 + 16.0).abs() <= 0.5 && m.true_peak.0 <= -1.0,
            "{}: {m:?}",
            s["file"]
        );
        for item in s["items"].as_array().unwrap() {
            assert!(
                files.contains_key(item["file"].as_str().unwrap()),
                "{}",
                item["file"]
            );
        }
    }
    // Every playlist entry exists.
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".m3u8")) {
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.starts_with("#EXTM3U\n"));
        let base = Path::new(name).parent().unwrap();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let target = folder.join(base).join(line);
            assert!(target.is_file(), "{name}: {line}");
        }
    }
    // Every Zalo file is at most 5 MB and has its caption.
    let manifest: serde_json::Value = serde_json::from_slice(&files["zalo/manifest.json"]).unwrap();
    for post in manifest.as_array().unwrap() {
        for f in post["files"].as_array().unwrap() {
            assert!(files[&format!("zalo/{}", f.as_str().unwrap())].len() <= 5_000_000);
        }
        let caption = String::from_utf8(
            files[&format!("zalo/{}", post["caption_file"].as_str().unwrap())].clone(),
        )
        .unwrap();
        assert!(caption.contains("https://langso.dx.gov.vn") && caption.contains("#LangSo"));
    }
    for f in [
        "schedule.csv",
        "schedule.ics",
        "week.html",
        "so-nhat-ky.csv",
        "week.m3u8",
        "zalo/index.html",
        "fallback.mp3",
    ] {
        assert!(files.contains_key(f), "{f}");
    }
    let ics = String::from_utf8(files["schedule.ics"].clone()).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), slots.len());
    assert!(ics.contains("DTSTART;TZID=Asia/Ho_Chi_Minh:"));
}

/// Adds the second station, with its greeting and contact recorded (the demo station's clips
/// stand in for them).
fn second_station(p: &TestProject) {
    p.write("schedules/la-son.toml", SECOND);
    let from = p.join("audio-assets/voice/stations/dinh-tan");
    for e in std::fs::read_dir(&from).unwrap() {
        let e = e.unwrap();
        p.write(
            &format!(
                "audio-assets/voice/stations/la-son/{}",
                e.file_name().to_string_lossy()
            ),
            std::fs::read(e.path()).unwrap(),
        );
    }
}

const SECOND: &str = r#"
[station]
id = "la-son"
name = "Đài truyền thanh xã La Sơn"
commune = "xã La Sơn"
province = "Hà Nam"
team = { name = "Tổ công nghệ số cộng đồng xã La Sơn", phone = "0226 3 888 999" }

[[slot]]
id = "som"
name = "Bản tin sớm"
cron = "0 6 * * 1-3"
length = "10m"

[[slot]]
id = "trua"
name = "Bản tin trưa"
cron = "30 11 * * 1-3"
length = "6m"
kinds = ["howto", "announcement"]

[[slot]]
id = "toi"
name = "Bản tin tối"
cron = "0 18 * * Mon,Wed"
length = "12m"
"#;

#[test]
fn demo_and_a_second_station_build_complete_identical_weeks() {
    let p = TestProject::demo_with_audio();
    second_station(&p);
    let out = p.join("out");
    let o = out.to_str().unwrap();
    let run = |station: &str| {
        let r = p.run(&[
            "week",
            "--station",
            p.join(station).to_str().unwrap(),
            "--week",
            "2026-W49",
            "-o",
            o,
        ]);
        assert!(r.status.success(), "{}", stderr(&r));
        stdout(&r)
    };
    let first = run("schedules/dinh-tan.toml");
    assert!(first.contains("dinh-tan: 12 slots"), "{first}");
    check_week(
        &out.join("dinh-tan/2026-W49"),
        &[("sang", "30 5 * * Mon-Sat"), ("chieu", "0 17 * * 1-6")],
    );
    // Simulated playout of the demo week: every slot at its planned time.
    let simulate = || {
        let st = p.join("schedules/dinh-tan.toml");
        let r = p.run(&[
            "on-air",
            "--simulate",
            "--station",
            st.to_str().unwrap(),
            "--week",
            "2026-W49",
            "-o",
            o,
        ]);
        assert!(r.status.success(), "{}", stderr(&r));
        std::fs::read_to_string(out.join("dinh-tan/2026-W49/as-run.csv")).unwrap()
    };
    let log = simulate();
    let rows: Vec<Vec<String>> = log
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 12, "{log}");
    assert!(
        rows.iter().all(|r| r[6] == "played" && r[2] == r[3]),
        "{log}"
    );
    let victim = "2026-12-02_1700_chieu.mp3";
    std::fs::remove_file(out.join("dinh-tan/2026-W49/slots").join(victim)).unwrap();
    let log = simulate();
    for l in log.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        if l.starts_with("2026-12-02,chieu,") {
            assert_eq!((f[5], f[6]), ("fallback", "fallback"), "{l}");
            // The detail says why, naming the file.
            assert!(
                f[7].starts_with("fallback from 17:00:00: ") && f[7].contains(victim),
                "{l}"
            );
        } else {
            assert_eq!((f[6], f[7]), ("played", ""), "{l}\n{log}");
        }
    }
    // Rebuilding the week restores the slot file and keeps the as-run log.
    run("schedules/dinh-tan.toml");
    assert!(out.join("dinh-tan/2026-W49/slots").join(victim).is_file());
    assert_eq!(
        std::fs::read_to_string(out.join("dinh-tan/2026-W49/as-run.csv")).unwrap(),
        log
    );
    let second = run("schedules/la-son.toml");
    assert!(
        // Every programme not held back (six stories, five how-tos).
        second.contains("la-son: 8 slots") && second.contains("0 rendered, 11 reused"),
        "programmes are shared: {second}"
    );
    check_week(
        &out.join("la-son/2026-W49"),
        &[
            ("som", "0 6 * * 1-3"),
            ("trua", "30 11 * * 1-3"),
            ("toi", "0 18 * * Mon,Wed"),
        ],
    );
    // Two runs give identical files.
    let before = tree(&out.join("la-son/2026-W49"));
    std::fs::remove_dir_all(out.join("la-son")).unwrap();
    run("schedules/la-son.toml");
    assert_eq!(tree(&out.join("la-son/2026-W49")), before);
    // The rotation is kept per station.
    let rot: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("dinh-tan/rotation.json")).unwrap())
            .unwrap();
    assert!(rot["weeks"]["2026-W49"].as_array().unwrap().len() >= 10);
}

#[test]
fn plans_without_mixes_for_many_stations_and_explains_placements() {
    let p = TestProject::demo_with_audio();
    second_station(&p);
    let out = p.run(&[
        "week",
        "--stations",
        p.join("schedules").to_str().unwrap(),
        "--week",
        "2026-W53",
        "--no-mix",
        "--explain",
        "-o",
        p.join("o").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("dinh-tan: 12 slots") && text.contains("la-son: 8 slots"),
        "{text}"
    );
    assert!(
        text.contains("programme, never aired: airing 1 of 2"),
        "{text}"
    );
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.join("o/dinh-tan/2026-W53/plan.json")).unwrap())
            .unwrap();
    assert_eq!(plan["slots"][0]["start"], "2026-12-28T05:30:00+07:00");
    assert_eq!(
        plan["slots"].as_array().unwrap().last().unwrap()["start"],
        "2027-01-02T17:00:00+07:00"
    );
    assert!(!p.join("o/dinh-tan/2026-W53/slots").exists());
}

#[test]
fn station_file_problems_are_reported_with_lines() {
    // (from, to, the line the problem is on, found by its text in the edited file, message)
    let cases = [
        ("cron = \"30 5 * * Mon-Sat\"", "cron = \"30 5 * *\"", "cron = \"30 5 * *\"", "cron: cron needs 5 fields"),
        ("cron = \"0 17 * * 1-6\"", "cron = \"40 5 * * 1-6\"", "cron = \"40 5 * * 1-6\"", "cron: slot `chieu` overlaps slot `sang`"),
        ("timezone = \"Asia/Ho_Chi_Minh\"", "timezone = \"Asia/Hanoi_City\"", "timezone =", "timezone: unknown time zone `Asia/Hanoi_City`"),
        ("length = \"15m\"\nkinds = [\"story\", \"howto\", \"announcement\"]\n\n[[slot]]\nid = \"chieu\"", "length = \"15m\"\nkinds = [\"story\", \"tin-tuc\"]\n\n[[slot]]\nid = \"chieu\"", "\"tin-tuc\"", "kinds: unknown kind `tin-tuc`"),
        ("priority = \"normal\"", "priority = \"urgent\"", "\"urgent\"", "priority: unknown priority `urgent`"),
        ("length = \"15m\"", "length = \"20s\"", "cron = \"30 5 * * Mon-Sat\"", "length: slot `sang` lasts 20 s, shorter than its fixed opening and closing"),
        ("text = \"Xe thu gom", "file = \"../../etc/passwd\"\ntext = \"Xe thu gom", "../../etc/passwd", "file: `../../etc/passwd` leads outside the project folder"),
        ("text = \"Xe thu gom", "file = \"/etc/passwd\"\ntext = \"Xe thu gom", "\"/etc/passwd\"", "file: `/etc/passwd` is an absolute path"),
    ];
    for (from, to, on, message) in cases {
        let p = TestProject::demo();
        let path = p.join("schedules/dinh-tan.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        let edited = text.replacen(from, to, 1);
        let line = edited.lines().position(|l| l.contains(on)).unwrap() + 1;
        std::fs::write(&path, edited).unwrap();
        let out = p.run(&["check"]);
        assert_eq!(out.status.code(), Some(1), "{to}");
        let err = stderr(&out);
        let want = format!("schedules/dinh-tan.toml:{line}: {message}");
        assert!(err.contains(&want), "want {want:?} in\n{err}");
    }
}

#[test]
fn a_symlink_leading_out_of_the_project_is_refused() {
    let p = TestProject::demo();
    std::os::unix::fs::symlink("/etc/hostname", p.join("audio-assets-link.mp3")).unwrap();
    let path = p.join("schedules/dinh-tan.toml");
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "text = \"Xe thu gom",
        "file = \"audio-assets-link.mp3\"\ntext = \"Xe thu gom",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let err = stderr(&p.run(&["check"]));
    assert!(
        err.contains("`audio-assets-link.mp3` leads outside the project folder"),
        "{err}"
    );
}

#[test]
fn a_week_that_does_not_exist_is_refused() {
    let p = TestProject::demo();
    let out = p.run(&[
        "week",
        "--week",
        "2027-W53",
        "-o",
        p.join("o").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("2027 has no ISO week 53"),
        "{}",
        stderr(&out)
    );
    assert!(!p.join("o").exists());
}
