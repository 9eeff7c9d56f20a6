//! `loaxa week --stations DIR --shard K/N --cache DIR`: N shards run at the same time, filling
//! one programme and slot-piece cache, give the same files, byte for byte (slot files and
//! fallbacks included), as one unsharded run.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::util::{stderr, TestProject};

/// Three stations made from the demo station, each with its own id and greeting clips; the
/// content pack cut to two stories and two how-tos, to keep the test short.
fn province(p: &TestProject) {
    p.keep_items(2);
    let demo = std::fs::read_to_string(p.join("schedules/dinh-tan.toml")).unwrap();
    for i in 1..=3 {
        let id = format!("xa-{i}");
        let text = demo
            .replace("id = \"dinh-tan\"", &format!("id = \"{id}\""))
            .replace("Định Tân", &format!("Số {i}"));
        p.write(&format!("province/{id}.toml"), text);
        let from = p.join("audio-assets/voice/stations/dinh-tan");
        for e in std::fs::read_dir(&from).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().to_string();
            let to = format!("audio-assets/voice/stations/{id}/{name}");
            p.write(&to, std::fs::read(e.path()).unwrap());
        }
    }
}

/// The sha256 of every file under `dir`, by path relative to it.
fn digests(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                let sum = Sha256::digest(std::fs::read(&path).unwrap());
                out.insert(rel, format!("{sum:x}"));
            }
        }
    }
    out
}

fn week(p: &TestProject, out: &str, cache: &str, shard: Option<&str>) -> std::process::Output {
    let (stations, out, cache) = (p.join("province"), p.join(out), p.join(cache));
    let mut args = vec![
        "week",
        "--stations",
        stations.to_str().unwrap(),
        "--week",
        "2026-W50",
        "-o",
        out.to_str().unwrap(),
        "--cache",
        cache.to_str().unwrap(),
    ];
    if let Some(s) = shard {
        args.extend(["--shard", s]);
    }
    p.run(&args)
}

#[test]
fn three_shards_at_once_give_the_files_of_one_run() {
    let p = TestProject::demo_with_audio();
    province(&p);
    let one = week(&p, "one", "one-cache", None);
    assert!(one.status.success(), "{}", stderr(&one));
    std::thread::scope(|s| {
        let runs: Vec<_> = ["1/3", "2/3", "3/3"]
            .into_iter()
            .map(|k| {
                let p = &p;
                s.spawn(move || week(p, "shards", "shared-cache", Some(k)))
            })
            .collect();
        for r in runs {
            let out = r.join().unwrap();
            assert!(out.status.success(), "{}", stderr(&out));
        }
    });
    let (a, b) = (digests(&p.join("one")), digests(&p.join("shards")));
    assert_eq!(a.keys().filter(|k| k.ends_with("plan.json")).count(), 3);
    assert!(a == b, "the shards' files differ from one run's");
    assert_eq!(
        digests(&p.join("one-cache")),
        digests(&p.join("shared-cache"))
    );
}

#[test]
fn a_shard_is_every_nth_station_and_a_bad_shard_is_a_usage_error() {
    let p = TestProject::demo_with_audio();
    province(&p);
    let out = week(&p, "s", "c", Some("2/2"));
    assert!(out.status.success(), "{}", stderr(&out));
    let built: Vec<String> = std::fs::read_dir(p.join("s"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| !n.starts_with('.'))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(built, vec!["xa-2"]);
    for bad in ["0/3", "4/3", "x/3", "3"] {
        let out = week(&p, "s", "c", Some(bad));
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
    }
    let out = p.run(&["week", "--shard", "1/2", "--week", "2026-W50"]);
    assert_eq!(out.status.code(), Some(2), "--shard needs --stations");
}
