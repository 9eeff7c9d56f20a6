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
    let out = p.run(&["normalize", "HTXNN Định Tân"]);
    assert_eq!(
        crate::util::stdout(&out),
        "hợp tác xã nông nghiệp Định Tân\n"
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

/// The rows of a tab-separated file under `tests/data/`, each with its line number.
fn tsv(name: &str) -> Vec<(usize, csv::StringRecord)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .from_path(&path)
        .unwrap();
    reader
        .records()
        .enumerate()
        .map(|(i, r)| (i + 2, r.unwrap()))
        .collect()
}

/// The corpus rows: (line number, category, sentence).
fn corpus(name: &str) -> Vec<(usize, String, String)> {
    tsv(name)
        .into_iter()
        .map(|(line, r)| (line, r[0].to_string(), r[1].to_string()))
        .collect()
}

/// Every sentence of the corpus of real bulletins, notices, scam warnings and price reports
/// (`tests/data/vi-corpus.tsv`) is said with no symbol, digit or stray letters left.
#[test]
fn no_symbol_survives_the_corpus_of_real_text() {
    let n = loaxa::normalize::Normalizer::builtin();
    let rows = corpus("vi-corpus.tsv");
    assert!(rows.len() >= 300, "{} rows", rows.len());
    let mut problems = Vec::new();
    for (line, _, sentence) in &rows {
        let spoken = n.normalize(sentence);
        let left = loaxa::normalize::leftovers(&spoken, n.lexicon());
        if !left.is_empty() {
            problems.push(format!("{line}: {left:?}\n   {sentence}\n   {spoken}"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} sentences keep symbols:\n{}",
        problems.len(),
        rows.len(),
        problems.join("\n")
    );
}

/// Sixty corpus sentences of every category with their spoken form reviewed by a reader of
/// Northern Vietnamese (`tests/data/vi-corpus-reviewed.tsv`; `review` says whether loaxa had
/// it right at the review, `ok`, or was corrected after it, `fixed`): all said as reviewed.
#[test]
fn the_reviewed_sentences_are_said_as_reviewed() {
    let n = loaxa::normalize::Normalizer::builtin();
    let rows = tsv("vi-corpus-reviewed.tsv");
    assert_eq!(rows.len(), 60);
    let differ: Vec<String> = rows
        .iter()
        .filter_map(|(line, r)| {
            let got = n.normalize(&r[1]);
            (got != r[2]).then(|| format!("{line}: {}\n   want {}\n    got {got}", &r[1], &r[2]))
        })
        .collect();
    assert!(
        differ.is_empty(),
        "{} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

#[test]
fn explain_names_the_rule_of_each_piece_and_what_is_left_unread() {
    let out = Command::cargo_bin("loaxa")
        .unwrap()
        .args([
            "normalize",
            "--explain",
            "STK 190345678901, 12-15°C",
            "giá 5 ¥",
        ])
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "  STK           → số tài khoản  [lexicon]",
        "  190345678901, → một chín không, ba bốn năm, sáu bảy tám, chín không một,  [identifier]",
        "  12-15°C       → mười hai đến mười lăm độ xê  [range]",
        "  left unread: `¥`",
    ] {
        assert!(text.contains(want), "want {want:?} in\n{text}");
    }
}

#[test]
fn mong_and_the_twelve_hour_clock_come_from_loaxa_toml() {
    let p = crate::util::TestProject::demo();
    let toml = std::fs::read_to_string(p.join("loaxa.toml")).unwrap();
    // The demo sets them already: take them out, then put them back.
    let toml: String = toml
        .lines()
        .filter(|l| !l.starts_with("mong") && !l.starts_with("clock_12"))
        .map(|l| format!("{l}\n"))
        .collect();
    let toml = toml.replacen(
        "[normalize]",
        "[normalize]\nmong = true\nclock_12 = true",
        1,
    );
    p.write("loaxa.toml", toml);
    let out = p.run(&["normalize", "Họp thôn ngày 2/12, lúc 19h30."]);
    assert!(out.status.success(), "{}", crate::util::stderr(&out));
    assert_eq!(
        crate::util::stdout(&out),
        "Họp thôn ngày mồng hai tháng mười hai, lúc bảy giờ rưỡi tối.\n"
    );
}
