//! Nothing is lost and nothing is half-written: SIGKILL at twenty points of `loaxa week`, a full
//! disk, an unwritable output folder, and template mistakes.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::util::{stderr, TestProject};

/// Why a week folder that exists is not complete, if it is not.
fn incomplete(folder: &Path) -> Option<String> {
    let plan = std::fs::read_to_string(folder.join("plan.json")).ok()?;
    if serde_json::from_str::<serde_json::Value>(&plan).is_err() {
        return Some("plan.json does not parse".into());
    }
    for f in ["week.html", "schedule.ics", "so-nhat-ky.csv", "week.m3u8"] {
        if !folder.join(f).is_file() {
            return Some(format!("{f} missing"));
        }
    }
    let csv = std::fs::read_to_string(folder.join("schedule.csv")).ok()?;
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.rsplitn(3, ',').collect();
        let (sha, file) = (f[0], f[1]);
        match std::fs::read(folder.join(file)) {
            Ok(b) => {
                let got: String = Sha256::digest(&b)
                    .iter()
                    .map(|x| format!("{x:02x}"))
                    .collect();
                if got != sha {
                    return Some(format!("{file}: sha256 differs"));
                }
            }
            Err(e) => return Some(format!("{file}: {e}")),
        }
    }
    let manifest = std::fs::read_to_string(folder.join("zalo/manifest.json")).ok()?;
    let m: serde_json::Value = serde_json::from_str(&manifest).ok()?;
    for post in m
        .as_array()
        .into_iter()
        .flatten()
        .chain(m["posts"].as_array().into_iter().flatten())
    {
        for f in post["files"].as_array().into_iter().flatten() {
            let f = f.as_str().unwrap_or_default();
            if !folder.join("zalo").join(f).is_file() {
                return Some(format!("zalo/{f} missing"));
            }
        }
    }
    None
}

#[test]
fn sigkill_at_twenty_points_never_leaves_a_week_that_looks_complete() {
    let p = TestProject::demo_with_audio();
    let out = p.join("out");
    let week = out.join("dinh-tan/2026-W49");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_loaxa"))
            .args(["week", "--week", "2026-W49", "--no-mix", "--project"])
            .arg(p.path())
            .arg("-o")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // Starts a run and kills it after `ms`: `None` if it was still running (a kill mid-run),
    // or how long it took if it had finished.
    let kill_after = |ms: u64| {
        let mut child = run();
        let t0 = Instant::now();
        let end = t0 + Duration::from_millis(ms);
        let mut took = None;
        while Instant::now() < end {
            if child.try_wait().unwrap().is_some() {
                took = Some(t0.elapsed().as_millis() as u64);
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = child.kill();
        let _ = child.wait();
        took
    };
    let check = |when: &str| {
        if week.exists() {
            if let Some(why) = incomplete(&week) {
                panic!("{when}: the week folder exists but is not complete: {why}");
            }
        }
        for e in std::fs::read_dir(week.parent().unwrap())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = e.file_name().to_string_lossy().into_owned();
            assert!(
                name.starts_with('.')
                    || name == "2026-W49"
                    || name == "rotation.json"
                    || name == "urgent",
                "{when}: unexpected {name}"
            );
        }
    };
    let mut kills = 0;
    // 1. A cold build, killed ever later: each run takes up the work the last one cached.
    for ms in [50u64, 150, 300, 600, 1000, 1500, 2500, 4000, 6000, 9000] {
        if kill_after(ms).is_none() {
            kills += 1;
        }
        check(&format!("cold build killed at {ms} ms"));
    }
    // A run to the end completes the week.
    assert!(run().wait().unwrap().success());
    assert_eq!(incomplete(&week), None);
    // 2. Rebuilds of a complete week (the digital team's phone changes, so station pieces,
    // pages and captions change and the folder is rewritten and swapped), killed at points
    // spread over one rebuild.
    let station = p.join("schedules/dinh-tan.toml");
    let flip = std::cell::Cell::new(false);
    let rebuild = || {
        let text = std::fs::read_to_string(&station).unwrap();
        let (a, b) = ("0912 345 678", "0912 345 679");
        let text = if flip.get() {
            text.replace(b, a)
        } else {
            text.replace(a, b)
        };
        flip.set(!flip.get());
        std::fs::write(&station, text).unwrap();
    };
    rebuild();
    let t0 = Instant::now();
    assert!(run().wait().unwrap().success());
    // How long a rebuild takes changes with the machine's load (tests run side by side), so
    // the span is learnt again from every rebuild that finished before its kill.
    let mut span = t0.elapsed().as_millis() as u64;
    let (mut points, mut tries) = (0, 0);
    while (tries < 14 || points < 10 || kills < 20) && tries < 60 {
        rebuild();
        let ms = span * (tries % 14 + 1) / 15;
        tries += 1;
        match kill_after(ms) {
            None => {
                kills += 1;
                points += 1;
            }
            Some(took) => span = span.min(took.max(20)),
        }
        check(&format!("rebuild killed at {ms} of {span} ms"));
    }
    assert!(
        points >= 10,
        "only {points} rebuild kills landed in {tries} tries"
    );
    assert!(kills >= 20, "only {kills} kills landed mid-run");
    // And a re-run completes it, leaving no hidden temporary folder behind.
    assert!(run().wait().unwrap().success());
    assert_eq!(incomplete(&week), None);
    let hidden: Vec<String> = std::fs::read_dir(week.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

/// Runs a shell script in a private mount namespace (so a test can mount a tiny tmpfs), or
/// says why it cannot.
fn in_namespace(script: &str) -> Option<std::process::Output> {
    let o = Command::new("unshare")
        .args(["-rm", "sh", "-c", script])
        .env("LOAXA", env!("CARGO_BIN_EXE_loaxa"))
        .output();
    match o {
        Ok(o) if String::from_utf8_lossy(&o.stdout).contains("mounted") => Some(o),
        Ok(o) => {
            eprintln!(
                "skipping: no private tmpfs here: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            None
        }
        Err(e) => {
            eprintln!("skipping: unshare: {e}");
            None
        }
    }
}

#[test]
fn a_full_disk_names_the_file_and_leaves_no_temporary_or_partial_file() {
    let p = TestProject::demo();
    let disk = p.join("disk");
    std::fs::create_dir_all(&disk).unwrap();
    let script = format!(
        r#"mount -t tmpfs -o size=96k tmpfs '{d}' && echo mounted
"$LOAXA" script --all --project '{p}' -o '{d}/scripts'; echo "rc=$?"
find '{d}' -type f -name '.loaxa-tmp*' | sed 's/^/TEMP /'
for f in '{d}'/scripts/*.json; do python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$f" 2>/dev/null || echo "BROKEN $f"; done"#,
        d = disk.display(),
        p = p.path().display()
    );
    let Some(o) = in_namespace(&script) else {
        return;
    };
    let so = String::from_utf8_lossy(&o.stdout);
    let err = stderr(&o);
    assert!(so.contains("rc=1"), "{so}\n{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(
        err.contains("cannot write `") && err.contains("/disk/scripts/"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(!so.contains("TEMP ") && !so.contains("BROKEN "), "{so}");

    // Standard output on a full device: an error, not a panic.
    let o = Command::new(env!("CARGO_BIN_EXE_loaxa"))
        .args(["normalize", "Ngày 5/12/2026 lúc 7h30"])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("No space left on device"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_unwritable_output_folder_is_named() {
    let p = TestProject::demo();
    p.write("a-file", "not a folder");
    let o = p.run(&[
        "script",
        "--all",
        "-o",
        p.join("a-file/scripts").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("cannot write `") && err.contains("a-file/scripts"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
    // A read-only folder (a read-only bind mount, as root cannot be stopped by permissions).
    let ro = p.join("ro");
    std::fs::create_dir_all(&ro).unwrap();
    let script = format!(
        r#"mount --bind '{d}' '{d}' && mount -o remount,bind,ro '{d}' && echo mounted
"$LOAXA" script --all --project '{p}' -o '{d}/scripts'; echo "rc=$?""#,
        d = ro.display(),
        p = p.path().display()
    );
    if let Some(o) = in_namespace(&script) {
        let so = String::from_utf8_lossy(&o.stdout);
        assert!(so.contains("rc=1"), "{so}");
        assert!(
            stderr(&o).contains("Read-only file system"),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(std::fs::read_dir(&ro).unwrap().count(), 0);
}

#[test]
fn a_template_naming_an_unknown_variable_is_named_with_the_variable() {
    let p = TestProject::demo();
    let path = p.join("scripts/story.tera");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{{{{ item.khong_co_truong }}}}\n{text}")).unwrap();
    let out_dir = p.join("out-scripts");
    let o = p.run(&["script", "--all", "-o", out_dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("story.tera"), "{err}");
    assert!(err.contains("khong_co_truong"), "{err}");
    assert!(!out_dir.exists(), "nothing written");
}
