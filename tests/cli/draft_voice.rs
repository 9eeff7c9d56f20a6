//! `--missing draft-voice`: espeak-ng reads every line nobody has recorded, for a programme and
//! for a whole week of a new station whose greeting and contact lines are not recorded yet.
//!
//! Needs Debian's `espeak-ng` (`.ci/run` installs it and sets `LOAXA_REQUIRE_ESPEAK=1`, so in CI
//! this test cannot skip).

use crate::takes::espeak_ready;
use crate::util::{stderr, TestProject};

const NEW_STATION: &str = r#"
[station]
id = "tan-moi"
name = "Đài truyền thanh xã Tân Mới"
commune = "xã Tân Mới"
province = "Ninh Bình"
team = { name = "Tổ công nghệ số cộng đồng xã Tân Mới", phone = "0229 3 777 888" }

[[slot]]
id = "sang"
name = "Bản tin sáng"
cron = "0 6 * * 1"
length = "8m"
"#;

#[test]
fn draft_voice_renders_a_programme_and_a_week_for_a_new_station() {
    if !espeak_ready() {
        return;
    }
    let p = TestProject::demo_with_audio();
    p.write("schedules/tan-moi.toml", NEW_STATION);
    let station = p.join("schedules/tan-moi.toml");
    let station = station.to_str().unwrap();

    let out = p.run(&[
        "render",
        "zalo-nhom-thon",
        "--station",
        station,
        "--missing",
        "draft-voice",
        "--date",
        "2026-12-07",
        "-o",
        p.join("out/programmes").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "render: {}", stderr(&out));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.join("out/programmes/render.json")).unwrap())
            .unwrap();
    let item = &manifest["items"][0];
    assert_eq!(item["stand_ins"], "draft-voice", "{manifest}");
    let lufs = item["integrated_lufs"].as_f64().unwrap();
    assert!((lufs + 16.0).abs() <= 0.5, "loudness {lufs}");

    let out = p.run(&[
        "week",
        "--station",
        station,
        "--week",
        "2026-W50",
        "--missing",
        "draft-voice",
        "-o",
        p.join("out").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "week: {}", stderr(&out));
    let slots = p.join("out/tan-moi/2026-W50/slots");
    let files: Vec<_> = std::fs::read_dir(&slots).unwrap().collect();
    assert_eq!(files.len(), 1, "one slot on Monday");
    assert!(p.join("out/tan-moi/2026-W50/fallback.mp3").is_file());
}
