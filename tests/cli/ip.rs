//! `loaxa week --base-url URL`: the week for IP loudspeakers that download ahead and play on
//! their own (store and forward): `ip/` with each slot's file, the fallback, `station.m3u` and
//! `schedule.json`, every URL under the base and every hash the file's.

use sha2::{Digest, Sha256};

use crate::util::{stderr, stdout, TestProject};

const BASE: &str = "http://192.168.1.10:8080/loa";

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_week_for_ip_loudspeakers_lists_every_slot_by_url_hash_and_time() {
    let p = TestProject::demo_with_audio();
    p.keep_items(2);
    let out_dir = p.join("out");
    let week = |extra: &[&str]| p.week(&out_dir, "2026-W50", extra);
    let out = week(&["--base-url", &format!("{BASE}/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = out_dir.join("dinh-tan/2026-W50");
    let ip = dir.join("ip");
    let schedule: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ip.join("schedule.json")).unwrap()).unwrap();
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("plan.json")).unwrap()).unwrap();
    let slots = schedule["slots"].as_array().unwrap();
    let planned = plan["slots"].as_array().unwrap();
    assert_eq!(slots.len(), planned.len());
    let prefix = format!("{BASE}/dinh-tan/2026-W50/ip/");
    assert_eq!(schedule["base_url"], prefix.as_str());
    for (s, pl) in slots.iter().zip(planned) {
        // The same slot, at the same time, with the same file as the week's own.
        for k in ["id", "start", "end", "file", "duration_s"] {
            assert_eq!(s[k], pl[k], "{k}");
        }
        let file = s["file"].as_str().unwrap();
        let bytes = std::fs::read(ip.join(file)).unwrap();
        assert_eq!(bytes, std::fs::read(dir.join(file)).unwrap(), "{file}");
        assert_eq!(s["sha256"], sha256(&bytes).as_str(), "{file}");
        assert_eq!(s["bytes"], bytes.len() as u64);
        assert_eq!(s["url"], format!("{prefix}{file}").as_str());
        assert!(["normal", "priority", "emergency"].contains(&s["priority"].as_str().unwrap()));
    }
    // Times only go forward.
    let starts: Vec<&str> = slots.iter().map(|s| s["start"].as_str().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    // The fallback, to play when a download is missing or damaged.
    let fallback = std::fs::read(ip.join("fallback.mp3")).unwrap();
    assert_eq!(schedule["fallback"]["sha256"], sha256(&fallback).as_str());
    // The station M3U lists the same URLs in the same order.
    let m3u = std::fs::read_to_string(ip.join("station.m3u")).unwrap();
    let urls: Vec<&str> = m3u.lines().filter(|l| !l.starts_with('#')).collect();
    let want: Vec<&str> = slots.iter().map(|s| s["url"].as_str().unwrap()).collect();
    assert_eq!(urls, want);
    // Built again without it, the week has no ip/ (and nothing else changes).
    let out = week(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!ip.exists());
    assert!(stdout(&out).contains("dinh-tan"), "{}", stdout(&out));
}

#[test]
fn a_base_url_that_is_not_http_is_refused_before_anything_is_written() {
    let p = TestProject::demo();
    let out_dir = p.join("out");
    for bad in ["192.168.1.10:8080", "ftp://x/", "http://x/?w=1"] {
        let out = p.run(&["week", "-o", out_dir.to_str().unwrap(), "--base-url", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&out).contains("is not a base URL"),
            "{}",
            stderr(&out)
        );
        assert!(!out_dir.exists());
    }
}
