//! `loaxa normalize` from arguments and from standard input.

use assert_cmd::Command;

#[test]
fn arguments_give_one_line_each() {
    let out = Command::cargo_bin("loaxa")
        .unwrap()
        .args(["normalize", "104.933 hộ", "6h30", "UBND"])
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "một trăm linh bốn nghìn chín trăm ba mươi ba hộ\nsáu giờ ba mươi phút\nỦy ban nhân dân\n"
    );
}

#[test]
fn stdin_gives_exactly_one_line_per_line_including_blank_ones() {
    let out = Command::cargo_bin("loaxa")
        .unwrap()
        .args(["normalize", "--dialect", "nam"])
        .current_dir(std::env::temp_dir())
        .write_stdin("1005\n\n98/108 xã\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "một ngàn không trăm lẻ năm\n\nchín mươi tám trên một trăm lẻ tám xã\n"
    );
}

#[test]
fn a_project_lexicon_entry_is_used_without_recompiling() {
    let p = crate::util::TestProject::demo();
    let mut lex = std::fs::read_to_string(p.join("scripts/lexicon.tsv")).unwrap();
    lex.push_str("HTXNN\thợp tác xã nông nghiệp\n");
    p.write("scripts/lexicon.tsv", lex);
    let out = p.run(&["normalize", "HTXNN Định Hưng"]);
    assert_eq!(
        crate::util::stdout(&out),
        "hợp tác xã nông nghiệp Định Hưng\n"
    );
}

#[test]
fn a_malformed_lexicon_line_is_reported_with_its_line() {
    let p = crate::util::TestProject::demo();
    p.write("scripts/glossary.tsv", "# names\nZalo    Da lô\n");
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        crate::util::stderr(&out)
            .contains("scripts/glossary.tsv:2: entry: expected `written<TAB>spoken`"),
        "{}",
        crate::util::stderr(&out)
    );
}
