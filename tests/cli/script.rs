//! `loaxa script`: three files per item, spoken lines without digits, estimates in range,
//! deterministic output, snapshots of the text, and clean failures.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::{stderr, stdout, TestProject};

fn read_dir_bytes(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn all_items_get_three_files_spoken_lines_without_digits_and_estimates_in_range() {
    let p = TestProject::demo();
    let out_dir = p.join("out/scripts");
    let out = p.run(&["script", "--all", "-o", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (lib, _) = loaxa::content::load(p.path());
    assert_eq!(lib.items.len(), 16);
    for item in &lib.items {
        for ext in ["txt", "cues.json", "recording.csv"] {
            assert!(
                out_dir.join(format!("{}.{ext}", item.id)).is_file(),
                "{} {ext}",
                item.id
            );
        }
        let cues: serde_json::Value = serde_json::from_slice(
            &std::fs::read(out_dir.join(format!("{}.cues.json", item.id))).unwrap(),
        )
        .unwrap();
        let est = cues["estimated_duration_s"].as_f64().unwrap();
        assert!((120.0..=360.0).contains(&est), "{}: {est}", item.id);
        let mut lines = 0;
        for cue in cues["cues"].as_array().unwrap() {
            if cue["type"] == "line" {
                lines += 1;
                let text = cue["text"].as_str().unwrap();
                assert!(
                    !text.bytes().any(|b| b.is_ascii_digit()),
                    "{}: {text}",
                    item.id
                );
                assert!(cue["clip"]
                    .as_str()
                    .unwrap()
                    .starts_with("audio-assets/voice/"));
            }
        }
        assert!(lines >= 8, "{}", item.id);
        let txt = std::fs::read_to_string(out_dir.join(format!("{}.txt", item.id))).unwrap();
        assert!(txt.starts_with("Thời lượng ước tính: "), "{txt}");
        assert!(txt.contains("[NHẠC HIỆU: mo-dau]"));
        if item.kind() == loaxa::content::Kind::Howto {
            assert!(txt.contains("Xin bà con lưu ý an toàn."), "{}", item.id);
        }
    }
    // The shared recording sheet lists each clip once.
    let sheet = std::fs::read_to_string(out_dir.join("recording-sheet.csv")).unwrap();
    assert_eq!(
        sheet
            .matches("audio-assets/voice/shared/chuyen-muc.wav")
            .count(),
        1
    );
    assert_eq!(
        sheet
            .matches("audio-assets/voice/stations/dinh-tan/lien-he.wav")
            .count(),
        1
    );
}

#[test]
fn the_phone_number_is_read_once_at_the_start_and_twice_at_the_end() {
    let p = TestProject::demo();
    let out = p.run(&[
        "script",
        "zalo-nhom-thon",
        "-o",
        p.join("o").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let txt = std::fs::read_to_string(p.join("o/zalo-nhom-thon.txt")).unwrap();
    assert_eq!(
        txt.matches("không chín một hai, ba bốn năm, sáu bảy tám")
            .count(),
        3,
        "{txt}"
    );
    assert!(txt.contains("Đây là Đài truyền thanh xã Định Tân. Kính thưa bà con nhân dân."));
}

#[test]
fn another_station_changes_only_station_lines() {
    let p = TestProject::demo();
    p.write(
        "other.toml",
        "[station]\nid = \"la-son\"\nname = \"Đài truyền thanh xã La Sơn\"\ncommune = \"xã La Sơn\"\nteam = { name = \"Tổ công nghệ số xã La Sơn\", phone = \"0226 3 888 999\" }\n",
    );
    let a = p.run(&[
        "script",
        "vietqr-tra-va-nhan-tien",
        "-o",
        p.join("a").to_str().unwrap(),
    ]);
    let b = p.run(&[
        "script",
        "vietqr-tra-va-nhan-tien",
        "--station",
        p.join("other.toml").to_str().unwrap(),
        "-o",
        p.join("b").to_str().unwrap(),
    ]);
    assert!(a.status.success() && b.status.success(), "{}", stderr(&b));
    let cues = |d: &str| -> serde_json::Value {
        serde_json::from_slice(
            &std::fs::read(p.join(d).join("vietqr-tra-va-nhan-tien.cues.json")).unwrap(),
        )
        .unwrap()
    };
    let (ca, cb) = (cues("a"), cues("b"));
    for (x, y) in ca["cues"]
        .as_array()
        .unwrap()
        .iter()
        .zip(cb["cues"].as_array().unwrap())
    {
        if x["scope"] == "station" {
            assert_ne!(x["text"], y["text"]);
            assert!(y["clip"].as_str().unwrap().contains("stations/la-son/"));
        } else {
            assert_eq!(x, y, "a programme body line must not depend on the station");
        }
    }
}

#[test]
fn scripts_are_deterministic() {
    let p = TestProject::demo();
    let run = |d: &str| {
        let out = p.run(&["script", "--all", "-o", p.join(d).to_str().unwrap()]);
        assert!(out.status.success());
        read_dir_bytes(&p.join(d))
    };
    assert_eq!(run("one"), run("two"));
}

#[test]
fn recording_sheet_marks_present_clips() {
    let p = TestProject::demo();
    p.write(
        "audio-assets/voice/shared/chuyen-muc.mp3",
        b"not checked here",
    );
    let out = p.run(&[
        "script",
        "otp-va-cong-an-gia",
        "-o",
        p.join("o").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let csv = std::fs::read_to_string(p.join("o/otp-va-cong-an-gia.recording.csv")).unwrap();
    assert!(csv.starts_with("line_id,clip,text,status\n"));
    assert!(csv.contains("shared:chuyen-muc,audio-assets/voice/shared/chuyen-muc.wav,Chuyên mục Làng số.,present"), "{csv}");
    assert!(csv.contains(",missing\n"));
}

#[test]
fn snapshot_of_a_story_and_a_howto() {
    let p = TestProject::demo();
    let out = p.run(&[
        "script",
        "thon-dong-thon-thong-minh",
        "vneid-kich-hoat-muc-2",
        "-o",
        p.join("o").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    insta::assert_snapshot!(
        "story_thon_dong",
        std::fs::read_to_string(p.join("o/thon-dong-thon-thong-minh.txt")).unwrap()
    );
    insta::assert_snapshot!(
        "howto_vneid",
        std::fs::read_to_string(p.join("o/vneid-kich-hoat-muc-2.txt")).unwrap()
    );
    insta::assert_snapshot!(
        "howto_vneid_recording",
        std::fs::read_to_string(p.join("o/vneid-kich-hoat-muc-2.recording.csv")).unwrap()
    );
}

#[test]
fn unknown_id_fails_and_writes_nothing() {
    let p = TestProject::demo();
    let out = p.run(&["script", "khong-co", "-o", p.join("o").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no item with id `khong-co`"),
        "{}",
        stderr(&out)
    );
    assert!(!p.join("o").exists());
}

#[test]
fn unknown_template_variable_fails_naming_template_and_item_and_writes_nothing() {
    let p = TestProject::demo();
    let mut t = std::fs::read_to_string(p.join("scripts/howto.tera")).unwrap();
    t.push_str("@line x | {{ item.no_such_field }}\n");
    p.write("scripts/howto.tera", t);
    let out = p.run(&["script", "--all", "-o", p.join("o").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("scripts/howto.tera") && err.contains("rendering `"),
        "{err}"
    );
    assert!(!p.join("o").exists(), "no partial output");
    assert!(!err.contains("panicked"));
}

#[test]
fn bad_cue_in_a_template_names_template_item_and_line() {
    let p = TestProject::demo();
    p.write("scripts/announcement.tera", "@jingle mo-dau\n");
    let mut t = std::fs::read_to_string(p.join("scripts/story.tera")).unwrap();
    t = t.replacen("@pause 1\n", "@pause soon\n", 1);
    p.write("scripts/story.tera", t);
    let out = p.run(&[
        "script",
        "mo-cam-nang-lang-so",
        "-o",
        p.join("o").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("template `story.tera` rendered for `mo-cam-nang-lang-so`, output line"),
        "{err}"
    );
    assert!(err.contains("`@pause` needs seconds"), "{err}");
}

#[test]
fn unwritable_output_folder_is_a_clear_error() {
    let p = TestProject::demo();
    p.write("blocker", b"a file, not a folder");
    let out = p.run(&[
        "script",
        "zalo-nhom-thon",
        "-o",
        p.join("blocker/sub").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot write") && stderr(&out).contains("blocker/sub"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty() || !stdout(&out).contains("wrote"));
}
