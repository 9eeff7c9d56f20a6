//! Relay slots (`[[slot]] relay = URL`): checked, planned into the week's plan, sheet,
//! calendar and log book with no file, listed apart in the IP export, left out of the
//! playlists, and aired as planned relays by `on-air --simulate`.

use crate::util::{stderr, stdout, TestProject};

const STATION: &str = "schedules/dinh-tan.toml";
const VOV: &str = "http://127.0.0.1:8000/vov1.mp3";

/// The demo station with a relay of VOV at 06:00 for 30 minutes, Monday to Saturday.
fn with_relay(p: &TestProject, relay: &str) {
    let mut text = std::fs::read_to_string(p.join(STATION)).unwrap();
    text.push_str(&format!(
        "\n[[slot]]\nid = \"vov\"\nname = \"Tiếp âm Đài Tiếng nói Việt Nam\"\ncron = \"0 6 * * Mon-Sat\"\nlength = \"30m\"\nrelay = \"{relay}\"\n"
    ));
    p.write(STATION, text);
}

#[test]
fn a_relay_slot_is_planned_with_no_file_and_aired_as_a_relay_by_the_simulation() {
    let p = TestProject::demo_with_audio();
    p.keep_items(2);
    with_relay(&p, VOV);
    let out_dir = p.join("out");
    let out = p.week(
        &out_dir,
        "2026-W50",
        &["--base-url", "http://192.168.1.10:8080"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = out_dir.join("dinh-tan/2026-W50");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let plan: serde_json::Value = serde_json::from_str(&read("plan.json")).unwrap();
    let slots = plan["slots"].as_array().unwrap();
    let relays: Vec<&serde_json::Value> = slots.iter().filter(|s| s["id"] == "vov").collect();
    assert_eq!(relays.len(), 6, "Monday to Saturday");
    for r in &relays {
        assert_eq!(r["relay"], VOV);
        assert_eq!(r["file"], "");
        assert_eq!(r["items"].as_array().unwrap().len(), 0);
        assert_eq!(r["length_s"], 1800.0);
        assert!(
            r["start"].as_str().unwrap().ends_with("T06:00:00+07:00"),
            "{r}"
        );
    }
    // Slots in time order, the relay between the morning and the evening slot.
    let starts: Vec<&str> = slots.iter().map(|s| s["start"].as_str().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    assert!(slots
        .iter()
        .all(|s| s["id"] == "vov" || s.get("relay").is_none()));
    // The sheet, the calendar and the log book show it; playlists and the IP export do not.
    assert_eq!(read("week.html").matches("Tiếp âm trực tiếp").count(), 6);
    assert_eq!(
        read("schedule.ics")
            .matches(&format!("ATTACH:{VOV}"))
            .count(),
        6
    );
    assert_eq!(
        read("so-nhat-ky.csv")
            .matches(&format!("Tiếp âm: {VOV}"))
            .count(),
        6
    );
    let schedule: serde_json::Value = serde_json::from_str(&read("ip/schedule.json")).unwrap();
    assert_eq!(
        schedule["slots"].as_array().unwrap().len(),
        slots.len() - 6,
        "the IP export lists the slots with a file"
    );
    // …and the relays apart, with their streams and windows, for clusters that play streams.
    let ip_relays = schedule["relays"].as_array().unwrap();
    assert_eq!(ip_relays.len(), 6);
    for (r, p) in ip_relays.iter().zip(&relays) {
        for k in ["id", "name", "start", "end"] {
            assert_eq!(r[k], p[k], "{k}");
        }
        assert_eq!(r["url"], VOV);
    }
    assert!(!read("week.m3u8").contains("vov"));
    // The simulation airs each relay for its window.
    let o = p.run(&[
        "on-air",
        "--simulate",
        "--week",
        "2026-W50",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let log = stdout(&o);
    let vov: Vec<&str> = log.lines().filter(|l| l.contains(",vov,")).collect();
    assert_eq!(vov.len(), 6, "{log}");
    for l in vov {
        let f: Vec<&str> = l.split(',').collect();
        assert_eq!(f[6], "relayed", "{l}");
        assert!(
            f[3].ends_with("T06:00:00+07:00") && f[4].ends_with("T06:30:00+07:00"),
            "{l}"
        );
    }
}

#[test]
fn a_relay_that_is_not_a_stream_url_is_named_with_its_line() {
    // A good relay is clean, and the close's broadcast times need not name it (it is another
    // station's broadcast).
    let p = TestProject::demo();
    with_relay(&p, VOV);
    let o = p.run(&["check", "--today", "2026-12-06"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("0 error(s), 0 warning(s)"),
        "{}",
        stdout(&o)
    );
    let cases = [
        ("vov1.mp3", "must start with http:// or https://"),
        ("http://", "has no host"),
        ("http://radio.vov.vn:port/vov1", "is not a port"),
        (
            "https://str.vov.gov.vn/vovlive/vov1.sdp_aac/playlist.m3u8",
            "a playlist, not a stream",
        ),
        ("http://source:pw@10.0.0.1/vov1", "no password"),
    ];
    for (url, why) in cases {
        let p = TestProject::demo();
        with_relay(&p, url);
        let line = std::fs::read_to_string(p.join(STATION))
            .unwrap()
            .lines()
            .position(|l| l.starts_with("relay = "))
            .unwrap()
            + 1;
        let o = p.run(&["check", "--today", "2026-12-06"]);
        assert_eq!(o.status.code(), Some(1), "{url}");
        let text = format!("{}{}", stdout(&o), stderr(&o));
        assert!(
            text.contains(&format!("{STATION}:{line}")) && text.contains(why),
            "{url}: {text}"
        );
    }
    // A relay takes no items.
    let p = TestProject::demo();
    with_relay(&p, VOV);
    let text = std::fs::read_to_string(p.join(STATION)).unwrap() + "kinds = [\"story\"]\n";
    p.write(STATION, text);
    let o = p.run(&["check", "--today", "2026-12-06"]);
    assert_eq!(o.status.code(), Some(1));
    let text = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        text.contains("a relay slot airs its stream, not items"),
        "{text}"
    );
    // A relay that overlaps a programme slot is refused like any overlap.
    let p = TestProject::demo();
    let text = std::fs::read_to_string(p.join(STATION)).unwrap()
        + "\n[[slot]]\nid = \"vov\"\nname = \"VOV\"\ncron = \"40 5 * * Mon-Sat\"\nlength = \"30m\"\nrelay = \"http://127.0.0.1:8000/vov1.mp3\"\n";
    p.write(STATION, text);
    let o = p.run(&["check", "--today", "2026-12-06"]);
    assert_eq!(o.status.code(), Some(1));
    let text = format!("{}{}", stdout(&o), stderr(&o));
    assert!(text.contains("slot `vov` overlaps slot `sang`"), "{text}");
}
