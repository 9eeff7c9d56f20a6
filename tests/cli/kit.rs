//! The operator's kit (issue 16), on the shipped templates in `scripts/`: the slot frame (who
//! is speaking, the phone number once at the start and twice at the end), one notice of each
//! announcement template read twice, and the refusals: a template field missing, a placeholder
//! phone number without `--demo`. Snapshots of the spoken text.

use std::path::Path;

use loaxa::project::Project;
use loaxa::schedule::{notice, Known};
use loaxa::script::{self, Setup};

use crate::util::{stderr, TestProject};

/// A station file with the demo's station table and the given announcements.
fn station_file(announcements: &str) -> String {
    let demo = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schedules/dinh-tan.toml"),
    )
    .unwrap();
    let station = demo.split("\n# A priority notice").next().unwrap();
    format!("{station}{announcements}")
}

/// What a station file is checked against: the test project, no profiles, not a demo.
fn known(p: &TestProject) -> Known<'_> {
    Known {
        root: p.path(),
        profiles: vec![],
        demo: false,
    }
}

/// One notice per shipped template, with every field it needs.
fn one_of_each() -> String {
    let fields = |kind: &notice::Kind| -> String {
        let sample = |f: &str| match f {
            "issuer" => "Ủy ban nhân dân xã",
            "what" => "rà soát danh sách và cấp thẻ",
            "when" => "từ 7h30 đến 11h, thứ bảy, ngày 12/12/2026",
            "where" => "hội trường Ủy ban nhân dân xã",
            "who" => "các hộ gia đình trong xã",
            "bring" => "thẻ căn cước",
            "note" => "tắt bếp, tắt đèn hương trước khi ra khỏi nhà",
            _ => unreachable!("{f}"),
        };
        kind.required
            .iter()
            .map(|f| format!("{} = \"{}\"\n", f, sample(f)))
            .collect()
    };
    notice::KINDS
        .iter()
        .map(|k| {
            format!(
                "\n[[announcement]]\nid = \"{n}\"\ntemplate = \"{n}\"\n{f}valid_from = 2026-12-07\nvalid_until = 2026-12-12\n",
                n = k.name,
                f = fields(k)
            )
        })
        .collect()
}

#[test]
fn every_announcement_template_reads_its_notice_twice() {
    let p = TestProject::demo();
    let project = Project::open(p.path()).unwrap();
    let known = known(&p);
    let text = station_file(&one_of_each());
    let (file, diags) = loaxa::schedule::parse(&text, Path::new("schedules/x.toml"), &known);
    assert!(diags.is_empty(), "{diags:#?}");
    let file = file.unwrap();
    assert_eq!(file.announcements.len(), notice::KINDS.len());
    let (setup, _) = Setup::load(&project);
    let setup = setup.unwrap();
    let cx = setup.context(&file.station, true);
    for a in &file.announcements {
        let spoken = script::SpokenAnnouncement {
            id: &a.id,
            title: &a.title,
            text: a.text.as_deref().unwrap(),
            on: Some(a.valid_from),
        };
        let s = script::render_announcement(&spoken, &cx).unwrap();
        let text = script::render_text(&s, 3.7);
        let spoken: Vec<&str> = text.lines().filter(|l| l.contains("Ủy ban")).collect();
        assert_eq!(spoken.len(), 2, "{}: read twice\n{text}", a.id);
        insta::assert_snapshot!(format!("notice_{}", a.id.replace('-', "_")), text);
    }
}

/// Runs `f` with the demo's script setup and its station.
fn with_station<R>(
    p: &TestProject,
    f: impl FnOnce(&Setup, &loaxa::project::station::StationInfo) -> R,
) -> R {
    let project = Project::open(p.path()).unwrap();
    let station = project.station(None).unwrap();
    let (setup, _) = Setup::load(&project);
    f(&setup.unwrap(), &station)
}

#[test]
fn the_slot_frame_says_who_is_speaking_and_the_number_three_times() {
    let p = TestProject::demo();
    with_station(&p, |setup, station| {
        frame_says_who_and_the_number(setup, station)
    });
}

fn frame_says_who_and_the_number(setup: &Setup, station: &loaxa::project::station::StationInfo) {
    let cx = setup.context(station, false);
    let mut all = String::new();
    for part in script::FRAME_PARTS {
        let s = script::render_frame(part, &cx).unwrap();
        all.push_str(&format!("## {part}\n{}\n", script::render_text(&s, 3.7)));
    }
    assert!(
        all.contains("Đây là Đài truyền thanh xã Định Tân."),
        "{all}"
    );
    assert!(all.contains("Kính thưa bà con nhân dân."), "{all}");
    let number = "không chín một hai, ba bốn năm, sáu bảy tám";
    assert_eq!(all.matches(number).count(), 3, "{all}");
    insta::assert_snapshot!("slot_frame", all);
}

#[test]
fn a_slots_menu_names_each_programme_by_its_own_title_clip() {
    let p = TestProject::demo();
    let (lib, _) = loaxa::content::load(p.path());
    with_station(&p, |setup, station| menu_says_titles(setup, station, &lib));
}

fn menu_says_titles(
    setup: &Setup,
    station: &loaxa::project::station::StationInfo,
    lib: &loaxa::content::Library,
) {
    let cx = setup.context(station, false);
    let picks: Vec<_> = lib
        .items
        .iter()
        .filter(|i| i.hold.is_none())
        .take(2)
        .collect();
    let menu = |size: usize, notices: bool| script::Menu {
        programmes: picks
            .iter()
            .map(|i| script::MenuEntry {
                id: i.id.clone(),
                title: i.title.clone(),
            })
            .collect(),
        notices,
        size,
    };
    let m = script::render_menu(&menu(3, true), &cx).unwrap();
    // Each title is said from the clip the programme itself opens with, in the same words.
    let in_slot = setup.context(station, true);
    for item in &picks {
        let own = script::render(item, &in_slot).unwrap().script;
        let (_, _, text, _, clip) = own.lines().find(|l| l.0 == "tieu-de").unwrap();
        let said = m.lines().find(|l| l.4 == clip);
        assert_eq!(said.map(|l| l.2), Some(text), "{}", item.id);
    }
    let text = script::render_text(&m, 3.7);
    assert!(text.contains("Các thông báo của xã."), "{text}");
    insta::assert_snapshot!("slot_menu", text);
    // Without notices, no notices line; a slot of one item has no menu at all.
    let m = script::render_menu(&menu(2, false), &cx).unwrap();
    assert!(!script::render_text(&m, 3.7).contains("thông báo"));
    assert!(script::render_menu(&menu(1, false), &cx)
        .unwrap()
        .cues
        .is_empty());
}

#[test]
fn a_notice_without_a_field_its_template_needs_is_refused_on_its_line() {
    let p = TestProject::demo();
    let known = known(&p);
    let notice = "\n[[announcement]]\nid = \"mat-dien\"\ntemplate = \"cat-dien\"\nissuer = \"Điện lực\"\nwhere = \"thôn 2\"\nvalid_from = 2026-12-07\nvalid_until = 2026-12-12\n";
    let text = station_file(notice);
    let line = text.lines().position(|l| l == "id = \"mat-dien\"").unwrap() + 1;
    let (file, diags) = loaxa::schedule::parse(&text, Path::new("schedules/x.toml"), &known);
    let got: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert!(
        got.iter().any(|d| d.starts_with(&format!(
            "schedules/x.toml:{line}: when: the `cat-dien` notice needs `when`"
        ))),
        "{got:#?}"
    );
    assert!(file.is_none());
    let unknown = notice.replace("\"cat-dien\"", "\"mua-bao\"");
    let (_, diags) = loaxa::schedule::parse(&station_file(&unknown), Path::new("x.toml"), &known);
    assert!(
        diags
            .iter()
            .any(|d| d.message.starts_with("no template `mua-bao`")),
        "{diags:#?}"
    );
    assert_eq!(diags.len(), 1, "one problem, said once: {diags:#?}");
}

#[test]
fn a_placeholder_phone_number_is_refused_unless_demo() {
    let p = TestProject::demo_with_audio();
    p.keep_items(2);
    let station = p.join("schedules/dinh-tan.toml");
    let text = std::fs::read_to_string(&station).unwrap();
    std::fs::write(&station, text.replace("demo = true\n", "")).unwrap();
    let out = p.run(&["check"]);
    assert!(!out.status.success());
    let err = format!("{}{}", stderr(&out), crate::util::stdout(&out));
    assert!(
        err.contains("schedules/dinh-tan.toml:") && err.contains("looks like a placeholder"),
        "{err}"
    );
    let out_dir = p.join("out");
    let week_with = |extra: &[&str]| {
        let mut args = vec!["--no-mix", "--missing", "placeholder"];
        args.extend_from_slice(extra);
        p.week(&out_dir, "2026-W50", &args)
    };
    let week = week_with(&[]);
    assert!(!week.status.success(), "{}", stderr(&week));
    assert!(
        stderr(&week).contains("looks like a placeholder"),
        "{}",
        stderr(&week)
    );
    assert!(!p.join("out/dinh-tan").exists(), "nothing written");
    let demo = week_with(&["--demo"]);
    assert!(demo.status.success(), "{}", stderr(&demo));
    // A real number goes through without --demo.
    std::fs::write(
        &station,
        text.replace("demo = true\n", "")
            .replace("0912 345 678", "0237 3852 416"),
    )
    .unwrap();
    let real = week_with(&[]);
    assert!(real.status.success(), "{}", stderr(&real));
}

#[test]
fn on_air_must_say_the_slots_times() {
    let p = TestProject::demo();
    let known = known(&p);
    let good = station_file("");
    let (_, diags) = loaxa::schedule::parse(&good, Path::new("x.toml"), &known);
    assert!(diags.is_empty(), "{diags:#?}");
    let bad = good.replace("on_air = \"5h30 và 17h", "on_air = \"6h và 17h");
    let line = bad.lines().position(|l| l.starts_with("on_air")).unwrap() + 1;
    let (file, diags) = loaxa::schedule::parse(&bad, Path::new("x.toml"), &known);
    assert!(file.is_some(), "a warning, not an error");
    let got: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(
        got[0].starts_with(&format!("x.toml:{line}: warning: on_air: "))
            && got[0].contains("a slot starts at 5h30 but it is not said")
            && got[0].contains("no slot starts at 6h00"),
        "{got:#?}"
    );
    // A problem outside the slots does not hide it; a refused slot does (its time is unknown).
    let zone = bad.replace("Asia/Ho_Chi_Minh", "Asia/Hanoi_City");
    let (_, diags) = loaxa::schedule::parse(&zone, Path::new("x.toml"), &known);
    assert!(diags.iter().any(|d| d.field == "timezone"), "{diags:#?}");
    assert!(diags.iter().any(|d| d.field == "on_air"), "{diags:#?}");
    let cron = bad.replace("cron = \"30 5 * * Mon-Sat\"", "cron = \"30 5 * *\"");
    let (_, diags) = loaxa::schedule::parse(&cron, Path::new("x.toml"), &known);
    assert!(diags.iter().all(|d| d.field != "on_air"), "{diags:#?}");
}

/// A second of a 440 Hz tone at −20 dBFS, as a WAV recording.
fn tone_wav(path: &Path) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 44100,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for n in 0..44100 * 4 {
        let x = 0.1 * (2.0 * std::f64::consts::PI * 440.0 * n as f64 / 44100.0).sin();
        w.write_sample((x * 32767.0) as i16).unwrap();
    }
    w.finalize().unwrap();
}

#[test]
fn a_notice_in_another_language_must_be_recorded_and_says_its_language() {
    let p = TestProject::demo();
    let known = known(&p);
    tone_wav(&p.join("audio-assets/notices/tay.wav"));
    let notice = |lang: &str, file: bool| {
        let file = if file {
            "file = \"audio-assets/notices/tay.wav\"\n"
        } else {
            "text = \"Thông báo.\"\n"
        };
        station_file(&format!(
            "\n[[announcement]]\nid = \"thong-bao-tay\"\ntitle = \"Thông báo\"\n{file}lang = \"{lang}\"\nvalid_from = 2026-12-07\nvalid_until = 2026-12-12\n"
        ))
    };
    let parse = |text: String| {
        let (file, diags) = loaxa::schedule::parse(&text, Path::new("x.toml"), &known);
        let got: Vec<String> = diags.iter().map(ToString::to_string).collect();
        (file.map(|f| f.announcements[0].lang.clone()), got)
    };
    let cases: [(&str, bool, Option<Option<&str>>, &str); 5] = [
        ("tay", true, Some(Some("tay")), ""),
        ("vie", false, Some(None), ""),
        ("tay", false, None, "is in tiếng Tày but has no `file`"),
        ("Tày", true, None, "`Tày` is not an ISO 639-3 code"),
        (
            "xyz",
            true,
            Some(Some("xyz")),
            "`xyz` is not a language loaxa knows by name",
        ),
    ];
    for (lang, file, want, message) in cases {
        let (got, diags) = parse(notice(lang, file));
        assert_eq!(
            got,
            want.map(|w| w.map(String::from)),
            "{lang} {file}: {diags:#?}"
        );
        if message.is_empty() {
            assert!(diags.is_empty(), "{lang}: {diags:#?}");
        } else {
            assert!(
                diags.iter().any(|d| d.contains(message)),
                "{lang}: {diags:#?}"
            );
        }
    }
}

#[test]
fn the_language_of_a_recorded_notice_reaches_the_plan_the_sheet_and_the_tags() {
    let p = TestProject::demo_with_audio();
    p.keep_items(1);
    tone_wav(&p.join("audio-assets/notices/tay.wav"));
    let station = p.join("schedules/dinh-tan.toml");
    let mut text = std::fs::read_to_string(&station).unwrap();
    text.push_str("\n[[announcement]]\nid = \"thong-bao-tay\"\ntitle = \"Thông báo họp thôn bằng tiếng Tày\"\nfile = \"audio-assets/notices/tay.wav\"\nlang = \"tay\"\npriority = \"priority\"\nvalid_from = 2026-12-07\nvalid_until = 2026-12-08\nairings = 1\n");
    std::fs::write(&station, text).unwrap();
    let out_dir = p.join("out");
    let out = p.run(&[
        "week",
        "-o",
        out_dir.to_str().unwrap(),
        "--week",
        "2026-W50",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let week = p.join("out/dinh-tan/2026-W50");
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(week.join("plan.json")).unwrap()).unwrap();
    let slot = plan["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["id"] == "thong-bao-tay")
        })
        .expect("the notice is planned");
    let item = slot["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "thong-bao-tay")
        .unwrap();
    assert_eq!(item["lang"], "tay");
    let others = slot["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["id"] != "thong-bao-tay");
    assert!(others.clone().all(|i| i.get("lang").is_none()), "{slot:#}");
    let sheet = std::fs::read_to_string(week.join("week.html")).unwrap();
    assert!(
        sheet.contains("Thông báo họp thôn bằng tiếng Tày — tiếng Tày"),
        "the week sheet names it"
    );
    let mp3 = week.join(slot["file"].as_str().unwrap());
    let tag = id3::Tag::read_from_path(&mp3).unwrap();
    let tlan = id3::TagLike::get(&tag, "TLAN")
        .and_then(|f| f.content().text())
        .map(String::from);
    assert_eq!(tlan.as_deref(), Some("vie/tay"));
}

#[test]
fn the_weekly_bulletin_runs_headlines_news_explainer_story_notices_and_sign_off() {
    let p = TestProject::demo();
    let project = Project::open(p.path()).unwrap();
    let known = known(&p);
    let text = std::fs::read_to_string(p.join("schedules/dinh-tan.toml")).unwrap();
    let (file, diags) = loaxa::schedule::parse(&text, Path::new("x.toml"), &known);
    assert!(diags.is_empty(), "{diags:#?}");
    let file = file.unwrap();
    let a = file
        .announcements
        .iter()
        .find(|a| a.bulletin.is_some())
        .expect("the demo has a bulletin");
    let b = a.bulletin.as_ref().unwrap();
    let (library, _) = loaxa::content::load(p.path());
    let (setup, _) = Setup::load(&project);
    let setup = setup.unwrap();
    let cx = setup.context(&file.station, true);
    let render = |id: &str| {
        script::render(library.get(id).unwrap(), &cx)
            .unwrap()
            .script
    };
    let (explainer, story) = (
        render("vneid-kich-hoat-muc-2"),
        render("thon-dong-thon-thong-minh"),
    );
    let rac = file
        .announcements
        .iter()
        .find(|a| a.id == "thu-gom-rac")
        .unwrap();
    let notice = script::render_announcement(
        &script::SpokenAnnouncement {
            id: &rac.id,
            title: &rac.title,
            text: rac.text.as_deref().unwrap(),
            on: Some(rac.valid_from),
        },
        &cx,
    )
    .unwrap();
    let parts = script::BulletinParts {
        explainer: Some(&explainer),
        story: Some(&story),
        notices: vec![&notice],
    };
    let s = script::render_bulletin(b, &parts, &cx).unwrap();
    let text = script::render_text(&s, 3.7);
    // In that order, each part with its own recordings.
    let order = [
        "Mở đầu bản tin",
        "Sau đây là tin tức của xã",
        "Tiếp theo là mục hướng dẫn",
        "Hướng dẫn hôm nay.",
        "Kích hoạt",
        "Mời bà con nghe câu chuyện Làng số",
        "Câu chuyện hôm nay.",
        "Thôn Đông",
        "Cuối bản tin là các thông báo",
        "Xe thu gom rác thải đi qua",
        "Bản tin tuần đến đây là hết",
    ];
    let mut from = 0;
    for o in order {
        let at = text[from..]
            .find(o)
            .unwrap_or_else(|| panic!("{o} after byte {from}\n{text}"));
        from += at + o.len();
    }
    let clips: Vec<String> = s.lines().map(|l| l.4.display().to_string()).collect();
    assert!(clips
        .iter()
        .any(|c| c.contains("items/vneid-kich-hoat-muc-2/")));
    assert!(clips
        .iter()
        .any(|c| c.contains("items/ban-tin-tuan-50/diem-tin-1")));
    let expected = s.estimated_duration_s;
    assert!(expected > explainer.estimated_duration_s + story.estimated_duration_s);
    insta::assert_snapshot!("bulletin", text);
}

#[test]
fn a_bulletin_naming_what_is_not_there_is_an_error_on_its_line() {
    let p = TestProject::demo();
    let station = p.join("schedules/dinh-tan.toml");
    let text = std::fs::read_to_string(&station).unwrap();
    let line = text
        .lines()
        .position(|l| l == "id = \"ban-tin-tuan-50\"")
        .unwrap()
        + 1;
    let bad = text
        .replace(
            "explainer = \"vneid-kich-hoat-muc-2\"",
            "explainer = \"thon-dong-thon-thong-minh\"",
        )
        .replace(
            "story = \"thon-dong-thon-thong-minh\"",
            "story = \"khong-co\"",
        );
    std::fs::write(&station, &bad).unwrap();
    let out = p.run(&["check"]);
    assert!(!out.status.success());
    let all = crate::util::stdout(&out) + &stderr(&out);
    for want in [
        "explainer: bulletin `ban-tin-tuan-50`: `thon-dong-thon-thong-minh` is a story, not a howto",
        "story: bulletin `ban-tin-tuan-50`: no item `khong-co`",
    ] {
        let on_line = all
            .lines()
            .any(|l| l.starts_with(&format!("schedules/dinh-tan.toml:{line}:")) && l.contains(want));
        assert!(on_line, "{want}\n{all}");
    }
    let notices = text.replace("notices = [\"thu-gom-rac\"]", "notices = [\"khong-co\"]");
    std::fs::write(&station, notices).unwrap();
    let all = {
        let out = p.run(&["check"]);
        crate::util::stdout(&out) + &stderr(&out)
    };
    assert!(
        all.contains("`khong-co` is not a notice with a text in this file"),
        "{all}"
    );
}
