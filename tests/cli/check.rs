//! `loaxa check` on the demo and on broken content: every problem named with its path and line.

use crate::util::{stderr, stdout, story, TestProject};

#[test]
fn demo_project_is_clean() {
    let p = TestProject::demo();
    // On a fixed day. Five how-tos whose steps no source confirms lately are held back: listed,
    // never aired, and not warned about.
    let out = p.run(&["check", "--today", "2026-12-06"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("16 items (6 stories, 10 how-tos, 5 held back), 0 error(s), 0 warning(s)"),
        "{text}"
    );
    assert_eq!(
        text.matches("held back, not aired: content/howtos/")
            .count(),
        5,
        "{text}"
    );
    assert_eq!(stderr(&out), "");
}

#[test]
fn an_old_howto_warns_until_its_steps_are_checked_or_it_is_held_back() {
    let p = TestProject::demo();
    let file = "content/howtos/zalo-nhom-thon.md";
    let held = std::fs::read_to_string(p.join(file)).unwrap();
    let hold_line = held.lines().find(|l| l.starts_with("hold = ")).unwrap();
    let check = |text: &str| {
        p.write(file, text);
        let out = p.run(&["check", "--today", "2026-12-06"]);
        (stdout(&out), stderr(&out))
    };
    // Not held: its steps, last checked in January, are more than six months old.
    let (_, err) = check(&held.replace(&format!("{hold_line}\n"), ""));
    assert!(
        err.contains("content/howtos/zalo-nhom-thon.md:8: warning: last_verified: the steps were last checked on 2026-01-20, more than 6 months before 2026-12-06"),
        "{err}"
    );
    // Checked again this month: no warning, and it airs.
    let (text, err) = check(
        &held
            .replace(&format!("{hold_line}\n"), "")
            .replace("last_verified = 2026-01-20", "last_verified = 2026-12-01"),
    );
    assert!(!err.contains("zalo-nhom-thon"), "{err}");
    assert!(text.contains("4 held back"), "{text}");
    // Held: listed with its reason, not warned about.
    let (text, err) = check(&held);
    assert!(!err.contains("zalo-nhom-thon"), "{err}");
    assert!(
        text.contains("held back, not aired: content/howtos/zalo-nhom-thon.md: no source confirms"),
        "{text}"
    );
    // An empty reason is refused.
    let (_, err) = check(&held.replace(hold_line, "hold = \"\""));
    assert!(
        err.contains("content/howtos/zalo-nhom-thon.md:9: hold: is empty"),
        "{err}"
    );
}

#[test]
fn demo_pack_covers_all_six_topics_and_every_howto_has_a_safety_line() {
    let p = TestProject::demo();
    let (lib, diags) = loaxa::content::load(p.path());
    assert!(diags.is_empty(), "{diags:?}");
    for topic in loaxa::content::Topic::ALL {
        assert!(
            lib.items.iter().any(|i| i.topic == topic),
            "no item for {topic:?}"
        );
    }
    let stories = lib
        .items
        .iter()
        .filter(|i| i.kind() == loaxa::content::Kind::Story)
        .count();
    assert!(stories >= 6 && lib.items.len() - stories >= 10);
    for item in &lib.items {
        if let loaxa::content::Body::Howto(h) = &item.body {
            assert!(h.safety.len() > 20, "{}", item.id);
        }
    }
}

/// (file, content, expected `path:line: field: message` fragment)
fn bad_cases() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    vec![
        (
            "content/stories/toml.md",
            story("title2 = \n").into_bytes(),
            "content/stories/toml.md:10: front matter: invalid TOML",
        ),
        ("content/stories/topic.md", story("").replace("\"khac\"", "\"nau-an\"").into_bytes(), "content/stories/topic.md:4: topic: unknown topic `nau-an`"),
        ("content/stories/missing.md", story("").replace("summary = \"Tóm tắt.\"\n", "").into_bytes(), "content/stories/missing.md:9: summary: missing required field `summary`"),
        (
            "content/stories/dup.md",
            story("id = \"mo-cam-nang-lang-so\"\n").into_bytes(),
            "content/stories/mo-cam-nang-lang-so.md:2: id: duplicate id `mo-cam-nang-lang-so`",
        ),
        ("content/stories/latin1.md", b"+++\ntitle = \"L\xe0ng\"\n+++\n".to_vec(), "content/stories/latin1.md:2: file: is not UTF-8"),
        ("content/stories/nul.md", b"+++\ntitle = \"a\0\"\n+++\n".to_vec(), "content/stories/nul.md:2: file: holds a NUL byte"),
        ("content/stories/noopen.md", b"title = \"x\"\n".to_vec(), "content/stories/noopen.md:1: front matter: the file must start with a `+++` line"),
        // Found by the fuzzer (`fuzz/run.sh`, target `front_matter`): it used to panic.
        ("content/stories/only-open.md", b"+++".to_vec(), "content/stories/only-open.md:1: front matter: no closing `+++` line"),
        ("content/stories/open-nl.md", b"+++\n".to_vec(), "content/stories/open-nl.md:1: front matter: no closing `+++` line"),
        ("content/stories/sections.md", story("").replace("## Kết quả\n\nBa.\n", "").into_bytes(), "content/stories/sections.md:11: Kết quả: missing section `## Kết quả`"),
        ("content/howtos/nosafety.md", b"+++\ntitle = \"T\"\nkind = \"howto\"\ntopic = \"khac\"\nsummary = \"S.\"\nplatforms = []\nlast_verified = 2026-01-01\n+++\n\n1. Step.\n".to_vec(), "content/howtos/nosafety.md:8: safety: missing required field `safety`"),
        ("content/howtos/kind.md", story("").into_bytes(), "content/howtos/kind.md:3: kind: is `story` but the file is in the howto folder"),
        ("content/stories/huge.md", story(&format!("# {}\n", "a".repeat(1_100_000))).into_bytes(), "content/stories/huge.md: file: is 1074 KB; an item is at most 256 KB"),
    ]
}

#[test]
fn each_bad_content_case_names_path_line_and_problem() {
    for (file, bytes, want) in bad_cases() {
        let p = TestProject::demo();
        p.write(file, &bytes);
        let out = p.run(&["check"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{file}: {err}");
        assert!(err.contains(want), "{file}: want {want:?} in\n{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_duplicate_id_is_reported_against_the_second_file_by_path_order() {
    let p = TestProject::demo();
    p.write(
        "content/stories/zz-copy.md",
        story("id = \"thon-dong-thon-thong-minh\"\n"),
    );
    let err = stderr(&p.run(&["check"]));
    assert!(err.contains("content/stories/zz-copy.md:10: id: duplicate id `thon-dong-thon-thong-minh`, already used by content/stories/thon-dong-thon-thong-minh.md"), "{err}");
}

#[test]
fn non_nfc_text_is_converted_with_a_warning() {
    let p = TestProject::demo();
    // "Thử" written with a combining hook above (NFD).
    p.write(
        "content/stories/nfd.md",
        story("").replace("Thử", "Thu\u{31b}\u{309}"),
    );
    let out = p.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("content/stories/nfd.md:2: warning: text: is not Unicode NFC"),
        "{}",
        stderr(&out)
    );
    let (lib, _) = loaxa::content::load(p.path());
    assert_eq!(lib.get("nfd").unwrap().title, "Thử");
}

#[test]
fn strict_fails_on_warnings_and_typos_get_a_suggestion() {
    let p = TestProject::demo();
    p.write("content/stories/typo.md", story("sumary = \"x\"\n"));
    let out = p.run(&["check", "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("typo.md:10: warning: sumary: unknown field `sumary` is ignored\n    hint: did you mean `summary`?"), "{}", stderr(&out));
}

#[test]
fn template_syntax_error_names_the_template() {
    let p = TestProject::demo();
    p.write("scripts/story.tera", "{% for x in %}\n");
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("scripts/story.tera: template:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_exit_2() {
    let p = TestProject::demo();
    assert_eq!(p.run(&["check", "--nonsense"]).status.code(), Some(2));
    assert_eq!(p.run(&["script"]).status.code(), Some(2));
    // A flag's value that cannot be used is a usage error too, in every command.
    for args in [
        &["week", "--week", "2026-W60"][..],
        &["on-air", "--simulate"][..],
        &["on-air", "--simulate", "--week", "next"][..],
        &["bench-week", "--week", "week.json", "-o", "out"][..],
    ] {
        let out = p.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

/// A mono 48 kHz clip shaped like speech: a third of a second of room, then `secs` of
/// "syllables" (220 Hz tone bursts of 0.2 s, 0.08 s apart) at `amp` (clamped to full scale, so
/// above 1.0 it clips), then room again; all over white noise at `noise`, with a DC offset.
fn tone(secs: f64, amp: f32, noise: f32, dc: f32) -> Vec<u8> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 48_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut cursor = std::io::Cursor::new(Vec::new());
    let mut w = hound::WavWriter::new(&mut cursor, spec).unwrap();
    let mut seed = 12345u32;
    for i in 0..((secs + 0.66) * 48_000.0) as usize {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let n = (seed >> 8) as f32 / (1u32 << 24) as f32 * 2.0 - 1.0;
        let t = i as f32 / 48_000.0;
        let voiced = t > 0.33 && t < secs as f32 + 0.33 && (t - 0.33) % 0.28 < 0.2;
        let a = if voiced { amp } else { 0.0 };
        let s = a * (t * 220.0 * std::f32::consts::TAU).sin() + noise * n + dc;
        w.write_sample((s.clamp(-1.0, 1.0) * 32767.0) as i16)
            .unwrap();
    }
    w.finalize().unwrap();
    cursor.into_inner()
}

#[test]
fn the_shipped_clips_pass_every_clip_check() {
    let p = TestProject::demo_with_audio();
    let out = p.run(&["check", "--today", "2026-12-06"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    // The only warnings are how-tos whose steps no current source confirms (their
    // last_verified is the date of the newest one found): none on a clip or anything else.
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains(": warning: ")).collect();
    assert!(
        warnings
            .iter()
            .all(|w| w.contains("warning: last_verified:")),
        "{err}"
    );
}

#[test]
fn each_clip_problem_is_a_warning_on_the_clip_with_a_hint() {
    let item = "audio-assets/voice/items/dich-vu-cong-quoc-gia";
    // nho-2 is about six seconds long in the timing model.
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("clipping", tone(4.6, 1.6, 0.0, 0.0), "clip clipping"),
        ("quiet", tone(4.6, 0.004, 0.0, 0.0), "clip quiet"),
        ("noise", tone(4.6, 0.3, 0.05, 0.0), "clip noise"),
        ("too short", tone(0.6, 0.3, 0.0, 0.0), "clip length"),
        ("too long", tone(20.0, 0.3, 0.0, 0.0), "clip length"),
        ("dc offset", tone(4.6, 0.3, 0.0, 0.1), "clip dc"),
        (
            "unreadable",
            b"RIFF\x10\0\0\0WAVEjunk".to_vec(),
            "clip unreadable",
        ),
    ];
    for (what, bytes, want) in cases {
        let p = TestProject::demo_with_audio();
        std::fs::remove_file(p.join(&format!("{item}/nho-2.mp3"))).unwrap();
        p.write(&format!("{item}/nho-2.wav"), bytes);
        let out = p.run(&["check"]);
        let err = stderr(&out);
        assert!(out.status.success(), "{what}: warnings only\n{err}");
        let line = format!("{item}/nho-2.wav: warning: {want}: line `nho-2`");
        assert!(err.contains(&line), "{what}: want {line:?} in\n{err}");
        assert!(err.contains("    hint: "), "{what}: {err}");
        assert_eq!(err.matches("warning: clip").count(), 1, "{what}: {err}");
        assert_eq!(p.run(&["check", "--strict"]).status.code(), Some(1));
    }
}

#[test]
fn a_clip_recorded_for_an_older_text_asks_to_be_recorded_again() {
    let p = TestProject::demo_with_audio();
    p.write(
        "audio-assets/voice/recorded.csv",
        "clip,text,take,start_s,end_s\n\
         audio-assets/voice/shared/chuyen-muc.wav,Chuyên mục cũ.,audio-assets/takes/x.wav,0.5,1.9\n",
    );
    let err = stderr(&p.run(&["check"]));
    assert!(
        err.contains("audio-assets/voice/shared/chuyen-muc.ogg: warning: clip stale: line `shared:chuyen-muc`: recorded for an older text: \"Chuyên mục cũ.\""),
        "{err}"
    );
    // A record that cannot be read is an error naming the file and line.
    p.write("audio-assets/voice/recorded.csv", "clip,text\n\"open\n");
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("audio-assets/voice/recorded.csv:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_symbol_left_after_the_spoken_form_is_a_warning_with_its_line() {
    let p = TestProject::demo();
    p.write(
        "content/stories/symbol.md",
        story("").replace("Hai.", "Giá 5 ¥ một cân, tăng 3 ‰."),
    );
    let out = p.run(&["check"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("content/stories/symbol.md:18: warning: line cach-lam-1: `¥`, `‰` left unread after the spoken form"),
        "{err}"
    );
    assert!(err.contains("loaxa normalize --explain"), "{err}");
    // What the rules read leaves nothing.
    p.write(
        "content/stories/symbol.md",
        story("").replace("Hai.", "Nhiệt độ 12-15°C, gió 60-70km/h, lãi 0,5%/tháng."),
    );
    let err = stderr(&p.run(&["check"]));
    assert!(!err.contains("left unread"), "{err}");
}

#[test]
fn a_howto_checked_more_than_six_months_ago_is_a_warning_on_its_line() {
    let p = TestProject::demo();
    // Every how-to checked on 2026-11-01 and none held back, whatever the shipped files say.
    for e in std::fs::read_dir(p.join("content/howtos")).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with("hold = "))
            .map(|l| match l.starts_with("last_verified") {
                true => "last_verified = 2026-11-01\n".to_string(),
                false => format!("{l}\n"),
            })
            .collect();
        std::fs::write(&path, text).unwrap();
    }
    let out = p.run(&["check", "--today", "2027-05-02"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("content/howtos/vneid-so-suc-khoe.md:8: warning: last_verified: the steps were last checked on 2026-11-01, more than 6 months before 2027-05-02"),
        "{err}"
    );
    assert_eq!(err.matches("warning: last_verified").count(), 10, "{err}");
    // The day before six months have passed, nothing.
    let err = stderr(&p.run(&["check", "--today", "2027-05-01"]));
    assert!(!err.contains("last_verified"), "{err}");
    assert_eq!(
        p.run(&["check", "--today", "tomorrow"]).status.code(),
        Some(2)
    );
}
