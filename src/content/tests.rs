//! Tests of the content pack: a valid story and how-to, then one change at a time with the
//! problem it must give (severity, line, field, message), bad bytes that must give an error and
//! never a panic, and `load` on a folder with a duplicate id.

use std::path::Path;

use super::*;
use crate::diagnostic::{Diagnostic, Severity};

const STORY: &str = "+++
id = \"lan-ban-hang\"
title = \"Cô Lan bán hàng\"
kind = \"story\"
topic = \"thuong-mai-dien-tu\"
summary = \"Cô Lan bán miến trên Postmart.\"
platforms = [\"Postmart\", \" Zalo \"]
key_point = \"Ai cũng bán hàng trên mạng được.\"
people = [\"cô Lan\"]
place = { village = \"thôn Đông\", commune = \"xã Hoàng Tây\", province = \"Hà Nam\" }
as_of = \"2024-03\"
sources = [\"https://example.vn/lan (Cô Lan bán miến, báo Hà Nam, 2024)\"]
+++

## Bối cảnh

Cô Lan làm miến
ở thôn Đông.

## Cách làm

Cô mở gian hàng.

## Kết quả

Cô bán được 200 gói.
";

const HOWTO: &str = "+++
title = \"Nộp hồ sơ trên VNeID\"
kind = \"howto\"
topic = \"dich-vu-cong\"
summary = \"Nộp hồ sơ tại nhà.\"
platforms = [\"VNeID\"]
safety = \"Không đưa mã OTP cho ai.\"
last_verified = 2026-11-01
sources = [\"https://dichvucong.gov.vn (Cổng Dịch vụ công quốc gia)\"]
remember = [\"Nộp hồ sơ ngay trên điện thoại.\"]
+++
Mở đầu.

1. Mở ứng dụng VNeID.
2. Chọn Thủ tục hành chính
   rồi chọn hồ sơ.
3) Gửi.

Chúc bà con thành công.
";

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;

fn parse_bytes(kind: Kind, bytes: Vec<u8>) -> (Option<Item>, Vec<Diagnostic>) {
    let folder = match kind {
        Kind::Story => "content/stories/lan.md",
        Kind::Howto => "content/howtos/nop-ho-so.md",
    };
    let mut diags = Vec::new();
    let item = parse_item(bytes, Path::new(folder), kind, &mut diags);
    (item, diags)
}

fn parse(kind: Kind, text: &str) -> (Option<Item>, Vec<Diagnostic>) {
    parse_bytes(kind, text.as_bytes().to_vec())
}

/// The base text with `from` replaced (once, and it must be there) by `to`.
fn edit(base: &str, from: &str, to: &str) -> String {
    assert!(base.contains(from), "{from:?} not in the base text");
    base.replacen(from, to, 1)
}

/// (what is changed, from, to, item still valid, expected diagnostics: severity, line, field,
/// start of the message).
type Case = (
    &'static str,
    &'static str,
    bool,
    &'static [(Severity, usize, &'static str, &'static str)],
);

#[track_caller]
fn check_cases(kind: Kind, base: &str, cases: &[Case]) {
    for (from, to, valid, want) in cases {
        let text = edit(base, from, to);
        let (item, diags) = parse(kind, &text);
        let got: Vec<_> = diags
            .iter()
            .map(|d| (d.severity, d.line.unwrap_or(0), d.field.as_str()))
            .collect();
        let expected: Vec<_> = want.iter().map(|(s, l, f, _)| (*s, *l, *f)).collect();
        assert_eq!(got, expected, "{from:?} → {to:?}: {diags:#?}");
        for (d, (_, _, _, msg)) in diags.iter().zip(want.iter()) {
            assert!(
                d.message.starts_with(msg),
                "{from:?} → {to:?}: {:?} does not start with {msg:?}",
                d.message
            );
            assert_eq!(
                d.path,
                Path::new(match kind {
                    Kind::Story => "content/stories/lan.md",
                    Kind::Howto => "content/howtos/nop-ho-so.md",
                })
            );
        }
        assert_eq!(item.is_some(), *valid, "{from:?} → {to:?}: {diags:#?}");
    }
}

#[test]
fn valid_story_is_read_whole() {
    let (item, diags) = parse(Kind::Story, STORY);
    assert!(diags.is_empty(), "{diags:#?}");
    let item = item.expect("valid story");
    assert_eq!(item.id, "lan-ban-hang");
    assert_eq!(item.id_line, 2);
    assert_eq!(item.kind(), Kind::Story);
    assert_eq!(item.topic, Topic::ThuongMaiDienTu);
    assert_eq!(item.platforms, ["Postmart", "Zalo"]);
    assert_eq!(item.source, Path::new("content/stories/lan.md"));
    let Body::Story(s) = &item.body else {
        panic!("not a story: {item:?}");
    };
    assert_eq!(s.people, ["cô Lan"]);
    assert_eq!(
        s.place.spoken(),
        "thôn Đông, xã Hoàng Tây, tỉnh Hà Nam",
        "{:?}",
        s.place
    );
    let para = |text: &str, line| Para {
        text: text.to_string(),
        line,
    };
    assert_eq!(s.context, [para("Cô Lan làm miến ở thôn Đông.", 17)]);
    assert_eq!(s.action, [para("Cô mở gian hàng.", 22)]);
    assert_eq!(s.result, [para("Cô bán được 200 gói.", 26)]);
    assert!(s.try_it.is_empty());
}

#[test]
fn a_story_opens_with_its_time_and_its_place_then_and_now() {
    let place = |district: Option<&str>, now: Option<&str>, province: &str| Place {
        village: Some("thôn Đông".into()),
        commune: "xã Hoàng Tây".into(),
        district: district.map(Into::into),
        province: province.into(),
        now: now.map(Into::into),
    };
    let cases = [
        (place(None, None, "Hà Nam"), "2024", "Năm 2024, ở thôn Đông, xã Hoàng Tây, tỉnh Hà Nam."),
        (
            place(Some("huyện Kim Bảng"), None, "Hà Nam"),
            "2024-03",
            "Tháng 3 năm 2024, ở thôn Đông, xã Hoàng Tây, huyện Kim Bảng, tỉnh Hà Nam cũ.",
        ),
        (
            place(Some("huyện Kim Bảng"), Some("tỉnh Ninh Bình"), "Hà Nam"),
            "2024-03-15",
            "Ngày 15 tháng 3 năm 2024, ở thôn Đông, xã Hoàng Tây, huyện Kim Bảng, tỉnh Hà Nam cũ. Nơi đây nay thuộc tỉnh Ninh Bình.",
        ),
        (place(None, None, "Hà Nội"), "2023", "Năm 2023, ở thôn Đông, xã Hoàng Tây, thành phố Hà Nội."),
    ];
    for (place, as_of, want) in cases {
        let story = Story {
            people: vec![],
            place,
            as_of: AsOf::parse(as_of),
            context: vec![],
            action: vec![],
            result: vec![],
            try_it: vec![],
        };
        assert_eq!(story.opening(), want);
    }
    for bad in [
        "",
        "24",
        "2024-00",
        "2024-02-30",
        "2024-1-1-1",
        "năm 2024",
        "2024-",
    ] {
        assert_eq!(AsOf::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn story_field_errors_name_line_and_field() {
    check_cases(
        Kind::Story,
        STORY,
        &[
            (
                "title = \"Cô Lan bán hàng\"\n",
                "",
                false,
                &[(E, 12, "title", "missing required field `title`")],
            ),
            (
                "\"Cô Lan bán hàng\"",
                "5",
                false,
                &[(
                    E,
                    3,
                    "title",
                    "must be a string in double quotes, not integer",
                )],
            ),
            (
                "\"Cô Lan bán hàng\"",
                "\"  \"",
                false,
                &[(E, 3, "title", "is empty")],
            ),
            (
                "\"lan-ban-hang\"",
                "\"Lan_Ban\"",
                false,
                &[(E, 2, "id", "`Lan_Ban` is not a slug")],
            ),
            ("id = \"lan-ban-hang\"\n", "", true, &[]),
            (
                "kind = \"story\"",
                "kind = \"howto\"",
                false,
                &[(
                    E,
                    4,
                    "kind",
                    "is `howto` but the file is in the story folder",
                )],
            ),
            // An unknown kind is reported, but the folder decides what the item is.
            (
                "kind = \"story\"",
                "kind = \"tale\"",
                true,
                &[(E, 4, "kind", "unknown kind `tale`")],
            ),
            (
                "\"thuong-mai-dien-tu\"",
                "\"cho\"",
                false,
                &[(E, 5, "topic", "unknown topic `cho`")],
            ),
            (
                "[\"Postmart\", \" Zalo \"]",
                "\"Postmart\"",
                false,
                &[(E, 7, "platforms", "must be a list of strings")],
            ),
            (
                "platforms = [\"Postmart\", \" Zalo \"]\n",
                "",
                false,
                &[(E, 12, "platforms", "missing required field `platforms`")],
            ),
            (
                "key_point = \"Ai cũng bán hàng trên mạng được.\"\n",
                "",
                false,
                &[(E, 12, "key_point", "missing required field `key_point`")],
            ),
            (
                "[\"cô Lan\"]",
                "[]",
                false,
                &[(E, 9, "people", "must be a non-empty list of strings")],
            ),
            (
                "people = [\"cô Lan\"]\n",
                "",
                false,
                &[(E, 12, "people", "missing required field `people`")],
            ),
            (
                "place = {",
                "place = \"Hà Nam\" #",
                false,
                &[(E, 10, "place", "must be a table")],
            ),
            (
                ", province = \"Hà Nam\"",
                "",
                false,
                &[(E, 10, "place", "needs at least `commune` and `province`")],
            ),
            (
                "village",
                "thon",
                true,
                &[(W, 10, "place", "unknown key `thon` is ignored")],
            ),
            (
                "+++\n\n",
                "tittle = \"x\"\nsafety = \"y\"\n+++\n\n",
                true,
                &[
                    (W, 14, "safety", "unknown field `safety` is ignored"),
                    (W, 13, "tittle", "unknown field `tittle` is ignored"),
                ],
            ),
            // Issue 16: when, where from, and places that no longer exist.
            (
                "as_of = \"2024-03\"\n",
                "",
                true,
                &[(
                    W,
                    12,
                    "as_of",
                    "no `as_of`: a story must say when it happened",
                )],
            ),
            (
                "\"2024-03\"",
                "\"2024-13\"",
                true,
                &[(E, 11, "as_of", "must be a year, month or day in quotes")],
            ),
            (
                "\"2024-03\"",
                "2024",
                true,
                &[(E, 11, "as_of", "must be a year, month or day in quotes")],
            ),
            (
                "sources = [\"https://example.vn/lan (Cô Lan bán miến, báo Hà Nam, 2024)\"]\n",
                "",
                true,
                &[(W, 12, "sources", "no `sources`")],
            ),
            (
                "[\"https://example.vn/lan (Cô Lan bán miến, báo Hà Nam, 2024)\"]",
                "[]",
                true,
                &[(W, 12, "sources", "`sources` is empty")],
            ),
            (
                "[\"https://example.vn/lan (Cô Lan bán miến, báo Hà Nam, 2024)\"]",
                "\"báo Hà Nam\"",
                true,
                &[(E, 12, "sources", "must be a list of strings")],
            ),
            (
                "ở thôn Đông.",
                "ở huyện Kim Bảng.",
                true,
                &[(W, 17, "body", "`huyện` in present-tense text")],
            ),
            ("ở thôn Đông.", "ở huyện Kim Bảng cũ.", true, &[]),
            (
                "Cô Lan bán miến trên Postmart.",
                "Cô Lan ở thị trấn Quế bán miến.",
                true,
                &[(W, 6, "summary", "`thị trấn` in present-tense text")],
            ),
        ],
    );
}

#[test]
fn unknown_field_hint_suggests_the_closest_name() {
    let text = edit(STORY, "title =", "titel =");
    let (_, diags) = parse(Kind::Story, &text);
    let warning = diags.iter().find(|d| d.field == "titel").expect("warning");
    assert_eq!(warning.hint.as_deref(), Some("did you mean `title`?"));
    let text = edit(STORY, "+++\n\n", "colour = 1\n+++\n\n");
    let (_, diags) = parse(Kind::Story, &text);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].hint, None);
}

#[test]
fn story_section_errors() {
    check_cases(
        Kind::Story,
        STORY,
        &[
            (
                "## Kết quả\n\nCô bán được 200 gói.\n",
                "",
                false,
                &[(E, 14, "Kết quả", "missing section `## Kết quả`")],
            ),
            (
                "Cô mở gian hàng.\n",
                "",
                false,
                &[(E, 20, "Cách làm", "section `## Cách làm` is empty")],
            ),
            ("## Kết quả", "## KẾT QUẢ", true, &[]),
            (
                "## Kết quả",
                "## Ghi chú\n\nGhi.\n\n## Kết quả",
                true,
                &[(W, 24, "body", "unknown section `## Ghi chú` is not read")],
            ),
            (
                "## Cách làm\n\nCô mở gian hàng.\n",
                "## Làm theo\n\n",
                false,
                &[
                    (E, 14, "Cách làm", "missing section `## Cách làm`"),
                    (E, 20, "Làm theo", "section `## Làm theo` is empty"),
                ],
            ),
        ],
    );
}

#[test]
fn file_level_errors() {
    check_cases(
        Kind::Story,
        STORY,
        &[
            (
                "+++\nid",
                "id",
                false,
                &[(
                    E,
                    1,
                    "front matter",
                    "the file must start with a `+++` line",
                )],
            ),
            (
                "+++\n\n##",
                "\n##",
                false,
                &[(E, 1, "front matter", "no closing `+++` line")],
            ),
            (
                "\"Cô Lan bán hàng\"",
                "Cô Lan",
                false,
                &[(E, 3, "front matter", "invalid TOML")],
            ),
            (
                "Cô mở gian hàng.",
                "Cô mở\0",
                false,
                &[(E, 22, "file", "holds a NUL byte")],
            ),
        ],
    );
}

#[test]
fn not_utf8_names_the_line() {
    let mut bytes = STORY.as_bytes().to_vec();
    let at = STORY.find("Cô mở").expect("line 22");
    bytes.insert(at, 0xff);
    let (item, diags) = parse_bytes(Kind::Story, bytes);
    assert!(item.is_none());
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!((diags[0].line, diags[0].field.as_str()), (Some(22), "file"));
    assert_eq!(
        diags[0].message,
        format!("is not UTF-8 (bad byte at offset {at})")
    );
}

#[test]
fn decomposed_text_is_converted_to_nfc_with_a_warning() {
    // "gói" with the acute accent as a separate combining mark.
    let text = edit(STORY, "200 gói", "200 go\u{301}i");
    let (item, diags) = parse(Kind::Story, &text);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        (diags[0].severity, diags[0].line, diags[0].field.as_str()),
        (W, Some(26), "text")
    );
    let Some(Item {
        body: Body::Story(s),
        ..
    }) = item
    else {
        panic!("no story");
    };
    assert_eq!(s.result[0].text, "Cô bán được 200 gói.");
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let text = format!("\u{feff}{}", STORY.replace('\n', "\r\n"));
    let (item, diags) = parse(Kind::Story, &text);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(item, parse(Kind::Story, STORY).0);
}

#[test]
fn valid_howto_has_intro_steps_and_outro() {
    let (item, diags) = parse(Kind::Howto, HOWTO);
    assert!(diags.is_empty(), "{diags:#?}");
    let item = item.expect("valid how-to");
    assert_eq!((item.id.as_str(), item.id_line), ("nop-ho-so", 11));
    assert_eq!(item.key_point, None);
    let Body::Howto(h) = &item.body else {
        panic!("not a how-to");
    };
    let lines = |ps: &[Para]| -> Vec<(String, usize)> {
        ps.iter().map(|p| (p.text.clone(), p.line)).collect()
    };
    assert_eq!(h.safety, "Không đưa mã OTP cho ai.");
    assert_eq!(h.last_verified.to_string(), "2026-11-01");
    assert_eq!(lines(&h.intro), [("Mở đầu.".to_string(), 12)]);
    assert_eq!(
        lines(&h.steps),
        [
            ("Mở ứng dụng VNeID.".to_string(), 14),
            ("Chọn Thủ tục hành chính rồi chọn hồ sơ.".to_string(), 15),
            ("Gửi.".to_string(), 17),
        ]
    );
    assert_eq!(
        lines(&h.outro),
        [("Chúc bà con thành công.".to_string(), 19)]
    );
}

#[test]
fn howto_errors_name_line_and_field() {
    check_cases(
        Kind::Howto,
        HOWTO,
        &[
            (
                "2026-11-01",
                "\"2026-11-01\"",
                false,
                &[(
                    E,
                    8,
                    "last_verified",
                    "must be a date like 2026-11-01 (no quotes)",
                )],
            ),
            (
                "2026-11-01",
                "10:00:00",
                false,
                &[(E, 8, "last_verified", "must be a date like 2026-11-01")],
            ),
            ("2026-11-01", "2026-11-01T08:00:00", true, &[]),
            (
                "last_verified = 2026-11-01\n",
                "",
                false,
                &[(
                    E,
                    10,
                    "last_verified",
                    "missing required field `last_verified`",
                )],
            ),
            (
                "safety = \"Không đưa mã OTP cho ai.\"\n",
                "",
                false,
                &[(E, 10, "safety", "missing required field `safety`")],
            ),
            (
                "kind = \"howto\"",
                "kind = \"story\"",
                false,
                &[(
                    E,
                    3,
                    "kind",
                    "is `story` but the file is in the howto folder",
                )],
            ),
            (
                "+++\nMở",
                "people = [\"x\"]\n+++\nMở",
                true,
                &[(W, 11, "people", "unknown field `people` is ignored")],
            ),
            (
                "3) Gửi.",
                "4) Gửi.",
                true,
                &[(W, 17, "steps", "step numbered 4, expected 3")],
            ),
            (
                "thành công.",
                "thành công.\n4. Xong.",
                true,
                &[(W, 20, "steps", "a step after closing text")],
            ),
            (
                "1. Mở",
                "Mở",
                true,
                &[
                    (W, 15, "steps", "step numbered 2, expected 1"),
                    (W, 17, "steps", "step numbered 3, expected 2"),
                ],
            ),
            (
                "remember = [\"Nộp hồ sơ ngay trên điện thoại.\"]\n",
                "",
                true,
                &[(W, 10, "remember", "no `remember`")],
            ),
            (
                "[\"Nộp hồ sơ ngay trên điện thoại.\"]",
                "[]",
                true,
                &[(E, 10, "remember", "must be a non-empty list")],
            ),
            (
                "sources = [\"https://dichvucong.gov.vn (Cổng Dịch vụ công quốc gia)\"]\n",
                "",
                true,
                &[(W, 10, "sources", "no `sources`")],
            ),
        ],
    );
}

#[test]
fn howto_without_steps_is_an_error() {
    let body = "Mở đầu.\n\n1. Mở ứng dụng VNeID.\n2. Chọn Thủ tục hành chính\n   rồi chọn hồ sơ.\n3) Gửi.\n";
    let text = edit(HOWTO, body, "Chỉ có chữ.\n123. không phải bước\n");
    let (item, diags) = parse(Kind::Howto, &text);
    assert!(item.is_none());
    let got: Vec<_> = diags.iter().map(|d| (d.line, d.field.as_str())).collect();
    assert_eq!(got, [(Some(12), "steps")], "{diags:#?}");
}

/// Bytes that are not a content file: each must give an error, never a panic.
#[test]
fn bad_input_gives_an_error_not_a_panic() {
    let cases: &[&[u8]] = &[
        b"",
        b"+++",
        b"+++\n",
        b"+++\n+++",
        b"+++\n+++\n",
        b"\xef\xbb\xbf",
        b"\xff\xfe+\0+\0+\0",
        b"+++\r\n+++\r\n",
        b"+++\n[[[\n+++\n",
        b"+++\nplace = 1\npeople = 2\nlast_verified = 1979-05-27T07:32:00Z\n+++\n",
        b"+++\nplace = { commune = 1, province = [] }\n+++\n## \n## \n",
        b"+++\nkind = \"story\"\n+++\n99999999999. x\n1.\n1. \n",
        b"+++\n\xcc\x81\n+++\n",
        "+++\ntitle = \"\u{301}\"\n+++".as_bytes(),
    ];
    for bytes in cases {
        for kind in [Kind::Story, Kind::Howto] {
            let (item, diags) = parse_bytes(kind, bytes.to_vec());
            assert!(item.is_none(), "{bytes:?}");
            assert!(
                diags.iter().any(Diagnostic::is_error),
                "{bytes:?}: {diags:#?}"
            );
            assert!(
                diags.iter().all(|d| d.line.is_some()),
                "{bytes:?}: {diags:#?}"
            );
        }
    }
}

mod property {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any bytes: diagnostics, never a panic.
        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            for kind in [Kind::Story, Kind::Howto] {
                let _ = parse_bytes(kind, bytes.clone());
            }
        }

        /// The valid story with one line removed or cut short: never a panic, and the item
        /// is valid exactly when no error other than an unknown kind was reported.
        #[test]
        fn story_cut_anywhere(at in 0..STORY.len()) {
            let at = (0..=at).rev().find(|&i| STORY.is_char_boundary(i)).unwrap_or(0);
            let (item, diags) = parse(Kind::Story, &STORY[..at]);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            prop_assert_eq!(item.is_some(), errors == 0, "{:?}", diags);
        }
    }
}

#[test]
fn slugs() {
    for (s, want) in [
        ("vneid-muc-2", true),
        ("a", true),
        ("", false),
        ("-a", false),
        ("a-", false),
        ("a--b", false),
        ("Abc", false),
        ("a_b", false),
        ("làng", false),
    ] {
        assert_eq!(is_slug(s), want, "{s:?}");
    }
}

#[test]
fn topics_round_trip_through_their_slugs() {
    for t in Topic::ALL {
        assert_eq!(Topic::from_slug(t.slug()), Some(t));
    }
    assert_eq!(Topic::from_slug("Khac"), None);
}

#[test]
fn load_keeps_the_first_of_a_duplicate_id_and_reports_the_second() {
    let dir = tempfile::tempdir().expect("temp dir");
    let stories = dir.path().join("content/stories");
    std::fs::create_dir_all(&stories).expect("mkdir");
    std::fs::write(stories.join("a.md"), STORY).expect("write");
    std::fs::write(stories.join("b.md"), STORY).expect("write");
    std::fs::write(stories.join("notes.txt"), "not read").expect("write");
    let (lib, diags) = load(dir.path());
    assert_eq!(lib.items.len(), 1);
    assert_eq!(lib.items[0].source, Path::new("content/stories/a.md"));
    assert!(lib.get("lan-ban-hang").is_some());
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d.path, Path::new("content/stories/b.md"));
    assert_eq!((d.line, d.field.as_str()), (Some(2), "id"));
    assert_eq!(
        d.message,
        "duplicate id `lan-ban-hang`, already used by content/stories/a.md"
    );
}

#[test]
fn load_reports_a_missing_content_folder_and_a_file_too_large() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (lib, diags) = load(dir.path());
    assert!(lib.items.is_empty());
    assert_eq!(
        (diags.len(), diags[0].field.as_str()),
        (1, "project"),
        "{diags:#?}"
    );
    let howtos = dir.path().join("content/howtos");
    std::fs::create_dir_all(&howtos).expect("mkdir");
    let big = format!("{HOWTO}{}", "x".repeat(MAX_FILE_BYTES as usize));
    std::fs::write(howtos.join("big.md"), big).expect("write");
    let (lib, diags) = load(dir.path());
    assert!(lib.items.is_empty());
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].field, "file");
    assert!(
        diags[0].message.contains("an item is at most 256 KB"),
        "{diags:#?}"
    );
}
