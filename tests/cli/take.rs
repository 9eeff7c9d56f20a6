//! `loaxa take`: synthetic takes of the demo pack's own scripts (see `takes.rs`) split into
//! line clips. Boundaries land within 0.25 s of the truth (≥ 98 %), takes with a line left out
//! or read twice are refused with nothing written, and a re-recorded item renders within the
//! loudness target.
//!
//! Needs espeak-ng (`.ci/run` installs it and sets `LOAXA_REQUIRE_ESPEAK=1`).

use std::path::Path;

use crate::takes::{build_take, build_take_of, espeak_ready, word_lines, BuiltTake, TakeSpec};
use crate::util::{stderr, stdout, TestProject};

/// `loaxa take ITEM FILE --dry-run --json`, parsed.
fn dry_run(p: &TestProject, item: &str, file: &Path) -> (bool, serde_json::Value, String) {
    let out = p.run(&["take", item, file.to_str().unwrap(), "--dry-run", "--json"]);
    let json = serde_json::from_str(&stdout(&out)).unwrap_or(serde_json::Value::Null);
    (out.status.success(), json, stderr(&out))
}

/// How many of the take's line boundaries (each line's start and end) are within 0.25 s.
fn boundaries_within(take: &BuiltTake, json: &serde_json::Value) -> (usize, usize, Vec<String>) {
    let lines = json["lines"].as_array().unwrap();
    assert_eq!(lines.len(), take.lines.len());
    let mut ok = 0;
    let mut misses = Vec::new();
    for (t, l) in take.lines.iter().zip(lines) {
        assert_eq!(l["line_id"].as_str().unwrap(), t.line_id);
        for (what, truth, got) in [
            ("start", t.start_s, l["start_s"].as_f64().unwrap()),
            ("end", t.end_s, l["end_s"].as_f64().unwrap()),
        ] {
            if (truth - got).abs() <= 0.25 {
                ok += 1;
            } else {
                misses.push(format!(
                    "{} {what}: truth {truth:.2}, found {got:.2}",
                    t.line_id
                ));
            }
        }
    }
    (ok, take.lines.len() * 2, misses)
}

#[test]
fn takes_at_three_speeds_as_wav_and_phone_mp3_split_within_a_quarter_second() {
    if !espeak_ready() {
        return;
    }
    let p = TestProject::demo();
    let dir = tempfile::tempdir().unwrap();
    let items = [
        "vneid-so-suc-khoe",
        "anh-trung-hoc-tu-cam-nang",
        "otp-va-cong-an-gia",
    ];
    let (mut ok, mut total, mut misses) = (0, 0, Vec::new());
    for (n, item) in items.iter().enumerate() {
        for (k, wpm) in [140, 170, 200].into_iter().enumerate() {
            let spec = TakeSpec {
                wpm,
                seed: (n * 3 + k) as u64 + 1,
                phone_mp3: k == 1,
                ..TakeSpec::default()
            };
            let take = build_take(&p, item, &spec, dir.path());
            let (success, json, err) = dry_run(&p, item, &take.file);
            assert!(success, "{item} at {wpm}: {err}");
            let (o, t, m) = boundaries_within(&take, &json);
            ok += o;
            total += t;
            misses.extend(m.into_iter().map(|m| format!("{item}@{wpm}: {m}")));
        }
    }
    let share = ok as f64 / total as f64;
    eprintln!(
        "{ok}/{total} boundaries within 0.25 s ({:.1} %)",
        share * 100.0
    );
    assert!(
        share >= 0.98,
        "{:.1} % within 0.25 s; misses:\n{}",
        share * 100.0,
        misses.join("\n")
    );
}

fn voice_files(p: &TestProject) -> Vec<String> {
    let mut out = Vec::new();
    let root = p.join("audio-assets");
    if root.exists() {
        for e in walk(&root) {
            out.push(e);
        }
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path().display().to_string());
        }
    }
    out
}

#[test]
fn takes_with_a_line_left_out_or_read_twice_are_refused_and_write_nothing() {
    if !espeak_ready() {
        return;
    }
    let p = TestProject::demo();
    let dir = tempfile::tempdir().unwrap();
    let item = "vneid-so-suc-khoe";
    // Each case: what goes wrong, the 0-based line, and the synthetic take's seed. These are
    // cases the aligner was measured to catch (see the issue 15 note for the rates); a short
    // line that sounds like its neighbour can still slip through when left out.
    let cases = [
        ("left out: line 6", Some(5), None, 104),
        ("left out: line 7", Some(6), None, 105),
        ("left out: line 14", Some(13), None, 112),
        ("left out: line 18", Some(17), None, 116),
        ("read twice: line 2", None, Some(1), 201),
        ("read twice: line 6", None, Some(5), 204),
        ("read twice: line 8", None, Some(7), 206),
        ("read twice: line 16", None, Some(15), 214),
    ];
    let before = voice_files(&p);
    let mut failures = Vec::new();
    for (what, skip, twice, seed) in cases {
        let spec = TakeSpec {
            seed,
            skip,
            twice,
            ..TakeSpec::default()
        };
        let take = build_take(&p, item, &spec, dir.path());
        let out = p.run(&["take", item, take.file.to_str().unwrap()]);
        let err = stderr(&out);
        if out.status.code() != Some(1) || !err.contains("does not fit") || !err.contains("line ") {
            failures.push(format!(
                "{what}: exit {:?}\n{err}{}",
                out.status.code(),
                stdout(&out)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
    assert_eq!(voice_files(&p), before, "a refused take wrote files");
}

#[test]
fn a_re_recorded_item_is_filed_renders_and_passes_loudness() {
    if !espeak_ready() {
        return;
    }
    let p = TestProject::demo_with_audio();
    let dir = tempfile::tempdir().unwrap();
    let item = "vneid-so-suc-khoe";
    let take = build_take(
        &p,
        item,
        &TakeSpec {
            seed: 7,
            ..TakeSpec::default()
        },
        dir.path(),
    );
    let out = p.run(&["take", item, take.file.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let lines = json["lines"].as_array().unwrap();
    // Item lines are written; the station's and shared lines already recorded are kept.
    for l in lines {
        let written = l["written"].as_bool().unwrap();
        match l["scope"].as_str().unwrap() {
            "item" => assert!(written, "{l}"),
            _ => assert!(!written, "{l}"),
        }
    }
    let clip = p.join(&format!("audio-assets/voice/items/{item}/nho-1.wav"));
    assert!(clip.is_file(), "{}", clip.display());
    // The old synthetic clip moved beside the take, the take is kept, the texts recorded.
    let archive = json["archive"].as_str().unwrap();
    assert!(p.join(archive).is_file());
    let record = std::fs::read_to_string(p.join("audio-assets/voice/recorded.csv")).unwrap();
    assert!(record.contains(&format!("audio-assets/voice/items/{item}/nho-1.wav")));
    assert!(!p
        .join(&format!("audio-assets/voice/items/{item}/nho-1.mp3"))
        .exists());
    // It renders, and the programme is on target.
    let out = p.run(&[
        "render",
        item,
        "--date",
        "2026-12-07",
        "-o",
        p.join("out/p").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mp3 = p.join(&format!("out/p/{item}.loudspeaker.mp3"));
    let out = p.run(&["measure", mp3.to_str().unwrap(), "--json"]);
    let m: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let lufs = m[0]["integrated_lufs"].as_f64().unwrap();
    let tp = m[0]["true_peak_dbtp"].as_f64().unwrap();
    assert!((lufs + 16.0).abs() <= 0.5, "{lufs} LUFS");
    assert!(tp <= -1.0, "{tp} dBTP");
    // Check knows the clips and finds nothing to re-record.
    let out = p.run(&["check"]);
    assert!(
        !stderr(&out).contains(&format!("voice/items/{item}/")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn take_asks_for_an_item_and_a_file() {
    let p = TestProject::demo();
    let out = p.run(&["take", "vneid-so-suc-khoe"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = p.run(&["take", "khong-co", "x.wav"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("khong-co"));
    let out = p.run(&["take", "vneid-so-suc-khoe", "khong-co.wav"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("khong-co.wav"), "{}", stderr(&out));
}

#[test]
fn a_take_of_the_date_words_files_every_word_and_keeps_recorded_ones_unless_replace() {
    if !espeak_ready() {
        return;
    }
    let p = TestProject::demo();
    let dir = tempfile::tempdir().unwrap();
    let words = word_lines(&p);
    assert!(words.len() > 40, "{}", words.len());
    let take = build_take_of(&words, "words", &TakeSpec::default(), dir.path());
    let file = take.file.to_str().unwrap();
    let out = p.run(&["take", "--words", file, "--dry-run", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let (ok, all, misses) = boundaries_within(&take, &json);
    assert!(ok * 100 >= all * 98, "{ok}/{all}: {misses:?}");
    // Filed where `loaxa words` looks, and then all present.
    let out = p.run(&["take", "--words", file]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = stdout(&p.run(&["words", "--csv"]));
    assert_eq!(listed.matches(",present").count(), words.len(), "{listed}");
    // A second take keeps them unless --replace.
    let again = |extra: &[&str]| {
        let mut args = vec!["take", "--words", file, "--dry-run", "--json"];
        args.extend(extra);
        let json: serde_json::Value = serde_json::from_str(&stdout(&p.run(&args))).unwrap();
        json["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["decision"] == "keep")
            .count()
    };
    assert_eq!(again(&[]), words.len());
    assert_eq!(again(&["--replace"]), 0);
}
