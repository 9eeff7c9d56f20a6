//! Tests of the spoken form: the shared public case file, a table per category, and a property
//! test that no ASCII digit survives.

use super::*;

#[track_caller]
pub(super) fn check(cases: &[(&str, &str)]) {
    let n = Normalizer::builtin();
    for (input, want) in cases {
        assert_eq!(n.normalize(input), *want, "input: {input:?}");
    }
}

/// Inputs the fuzzer found (`fuzz/run.sh`, target `normalize`) that left a digit.
#[test]
fn fuzz_regressions_leave_no_digit() {
    check(&[
        (
            "1km/h51201024",
            "một ki lô mét trên h năm mươi mốt triệu hai trăm linh một nghìn không trăm hai mươi tư",
        ),
        ("5kg/x2", "năm ki lô gam trên x hai"),
    ]);
}

/// A word of many hyphens used to take time exponential in their number (the fuzzer's
/// `timeout` input): now it is read in well under a second, digits and all.
#[test]
fn many_hyphens_are_read_quickly() {
    let n = Normalizer::builtin();
    let word = format!("01k1{}", "-2ʚ-11ʚ-177&1550".repeat(12));
    let start = std::time::Instant::now();
    let out = n.normalize(&word);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert!(!out.bytes().any(|b| b.is_ascii_digit()), "{out}");
    let fuzz: &[u8] = &[
        48, 49, 107, 49, 0, 202, 154, 45, 0, 202, 154, 202, 154, 45, 0, 202, 154, 45, 50, 202, 154,
        45, 0, 202, 154, 45, 49, 49, 0, 202, 154, 45, 0, 202, 154, 202, 154, 45, 0, 202, 154, 45,
        50, 202, 154, 45, 0, 202, 154, 45, 49, 55, 55, 38, 49, 53, 53, 48, 45, 50, 202, 154, 45, 0,
        202, 154, 45, 49, 55, 55, 38, 49, 53, 53, 48, 52, 59, 0, 40, 59, 0, 0, 50, 0, 0, 49, 0,
        202, 154, 109, 47, 45, 48, 0, 0, 0, 0, 50, 104, 50, 50,
    ];
    let text = std::str::from_utf8(fuzz).unwrap();
    let out = n.normalize(text);
    assert!(!out.bytes().any(|b| b.is_ascii_digit()), "{out}");
}

#[test]
fn cardinals() {
    check(&[
        ("0", "không"),
        ("10", "mười"),
        ("15", "mười lăm"),
        ("21", "hai mươi mốt"),
        ("24", "hai mươi tư"),
        ("25", "hai mươi lăm"),
        ("101", "một trăm linh một"),
        ("105", "một trăm linh năm"),
        ("110", "một trăm mười"),
        ("1001", "một nghìn không trăm linh một"),
        ("2026", "hai nghìn không trăm hai mươi sáu"),
        (
            "104.933 hộ",
            "một trăm linh bốn nghìn chín trăm ba mươi ba hộ",
        ),
        ("2000004", "hai triệu không trăm linh bốn"),
        ("1.000.000 hộ", "một triệu hộ"),
        ("3.000.000.000.000", "ba nghìn tỷ"),
        ("-5", "âm năm"),
        (
            "1234567890123456789",
            "một hai ba, bốn năm sáu, bảy tám chín, không một hai, ba bốn năm, sáu bảy, tám chín",
        ),
    ]);
}

#[test]
fn southern_dialect() {
    let n = Normalizer::new(Lexicon::builtin(), Style::with_dialect(Dialect::Nam));
    assert_eq!(n.normalize("1005"), "một ngàn không trăm lẻ năm");
    assert_eq!(n.normalize("50.000đ"), "năm mươi ngàn đồng");
}

#[test]
fn decimals_and_percentages() {
    check(&[
        ("1,5 triệu", "một phẩy năm triệu"),
        ("92,5%", "chín mươi hai phẩy năm phần trăm"),
        ("26%", "hai mươi sáu phần trăm"),
        ("3-5% dân số", "ba đến năm phần trăm dân số"),
        ("tăng 0,05", "tăng không phẩy không năm"),
    ]);
}

#[test]
fn money() {
    check(&[
        ("50.000đ", "năm mươi nghìn đồng"),
        ("2.000.000 đồng", "hai triệu đồng"),
        ("1tr5", "một triệu năm trăm nghìn"),
        ("10k VND", "mười nghìn đồng"),
        ("50.000đ/ngày", "năm mươi nghìn đồng một ngày"),
        ("100 triệu đồng/tháng", "một trăm triệu đồng một tháng"),
        (
            "20.000đ-30.000đ",
            "hai mươi nghìn đồng đến ba mươi nghìn đồng",
        ),
    ]);
}

#[test]
fn dates() {
    check(&[
        ("ngày 30/11/2026", "ngày ba mươi tháng mười một năm hai nghìn không trăm hai mươi sáu"),
        ("30/11/2026", "ngày ba mươi tháng mười một năm hai nghìn không trăm hai mươi sáu"),
        ("tháng 4/2024", "tháng tư năm hai nghìn không trăm hai mươi tư"),
        ("từ 01/2024", "từ tháng một năm hai nghìn không trăm hai mươi tư"),
        ("sáng 14/4", "sáng ngày mười bốn tháng tư"),
        ("mồng 2/9", "mồng hai tháng chín"),
        ("25-26/12/2023", "ngày hai mươi lăm đến hai mươi sáu tháng mười hai năm hai nghìn không trăm hai mươi ba"),
        ("năm 2024", "năm hai nghìn không trăm hai mươi tư"),
        ("giai đoạn 2022 - 2026", "giai đoạn hai nghìn không trăm hai mươi hai đến hai nghìn không trăm hai mươi sáu"),
    ]);
}

#[test]
fn times() {
    check(&[
        ("6h30", "sáu giờ ba mươi phút"),
        ("17h", "mười bảy giờ"),
        ("17h00", "mười bảy giờ"),
        ("lúc 5:30", "lúc năm giờ ba mươi phút"),
        ("6-7 giờ", "sáu đến bảy giờ"),
        (
            "từ 7h30 đến 11h",
            "từ bảy giờ ba mươi phút đến mười một giờ",
        ),
    ]);
}

#[test]
fn ratios_fractions_and_documents() {
    check(&[
        ("98/108 xã", "chín mươi tám trên một trăm linh tám xã"),
        ("121/1.301 thôn", "một trăm hai mươi mốt trên một nghìn ba trăm linh một thôn"),
        ("3/4", "ba phần tư"),
        ("Nghị định 49/2024/NĐ-CP", "Nghị định số bốn mươi chín năm hai nghìn không trăm hai mươi tư của Chính phủ"),
        ("theo 39/2020/TT-BTTTT", "theo thông tư số ba mươi chín năm hai nghìn không trăm hai mươi của Bộ Thông tin và Truyền thông"),
        ("Nghị định số 49/2024/NĐ-CP", "Nghị định số bốn mươi chín năm hai nghìn không trăm hai mươi tư của Chính phủ"),
    ]);
}

#[test]
fn phones_ordinals_units() {
    check(&[
        (
            "0912 345 678",
            "không chín một hai, ba bốn năm, sáu bảy tám",
        ),
        ("0912345678", "không chín một hai, ba bốn năm, sáu bảy tám"),
        (
            "gọi 0912.345.678.",
            "gọi không chín một hai, ba bốn năm, sáu bảy tám.",
        ),
        ("gọi 113", "gọi một một ba"),
        ("thứ 2", "thứ hai"),
        ("bấm *998#", "bấm sao chín chín tám thăng"),
        ("*101*2#", "sao một không một sao hai thăng"),
        ("thứ 4", "thứ tư"),
        ("lần thứ IV", "lần thứ tư"),
        ("5 km", "năm ki lô mét"),
        ("2ha", "hai héc ta"),
        ("30m2", "ba mươi mét vuông"),
        ("12kg", "mười hai ki lô gam"),
    ]);
}

#[test]
fn abbreviations_and_glossary() {
    check(&[
        ("UBND xã", "Ủy ban nhân dân xã"),
        ("thẻ BHYT", "thẻ bảo hiểm y tế"),
        ("(CĐS)", "(chuyển đổi số)"),
        ("Bộ TT&TT", "Bộ Thông tin và Truyền thông"),
        ("TP. Hà Nội", "thành phố Hà Nội"),
        ("rau, củ, v.v.", "rau, củ, vân vân"),
        ("sản phẩm OCOP", "sản phẩm Ô cốp"),
        ("mở VNeID,", "mở Vê en e ai đi,"),
        ("mã OTP", "mã ô tê pê"),
        ("nhóm Zalo", "nhóm Da lô"),
        (
            "https://langso.dx.gov.vn",
            "làng số chấm đê ích chấm gốp chấm vê nờ",
        ),
        ("thôn ta", "thôn ta"),
    ]);
}

/// The style each public source in the shared case file follows; rows are checked under their
/// source's style because the normalisers disagree (see `domain-vietnam.md` §4.3).
fn style_for(id: &str, source: &str) -> Style {
    let house = Style::default();
    if id.starts_with('D') {
        return house;
    }
    match source.split([' ', ',', '(']).next().unwrap_or("") {
        "N" => Style {
            zero_hundreds: ZeroHundreds::Short,
            per: Per::Tren,
            ..house
        },
        "P" => Style {
            date_prefix: false,
            ..house
        },
        "R" => Style {
            le: Some(true),
            ti: true,
            ..house
        },
        "Vn" => Style {
            le: Some(true),
            decimals: Decimals::Grouped,
            ..house
        },
        "Vc" => Style {
            vnd_full: true,
            spaced_dash_range: false,
            per: Per::Tren,
            ..house
        },
        "So" => Style {
            per: Per::Tren,
            ..house
        },
        _ => house,
    }
}

/// Case and punctuation are not compared: the sources differ in capitals and in spaces around
/// commas. Every word must match.
fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c.is_whitespace() || c == '/' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn shared_case_file_every_non_quirk_row() {
    let text = include_str!("../../tests/data/vi-normalization-cases.tsv");
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 || line.starts_with('#') {
            continue;
        }
        let (id, input, want, source) = (cols[0], cols[1], cols[2], cols[3]);
        let note = cols.get(4).copied().unwrap_or("");
        // Quirks are not house style; V rows are spoken variants for the reverse direction.
        if note.contains("flagged") || id.starts_with('V') {
            continue;
        }
        let n = Normalizer::new(Lexicon::builtin(), style_for(id, source));
        let got = n.normalize(input);
        if fold(&got) != fold(want) {
            failures.push(format!(
                "{id}: {input:?}\n   want {want:?}\n    got {got:?}"
            ));
        }
        checked += 1;
    }
    assert!(checked >= 120, "only {checked} rows checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} rows differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

proptest::proptest! {
    #[test]
    fn output_never_holds_an_ascii_digit(s in "[0-9a-zA-Zđêôơư .,:;/%+()-]{0,40}") {
        let out = Normalizer::builtin().normalize(&s);
        proptest::prop_assert!(!out.bytes().any(|b| b.is_ascii_digit()), "{:?} → {:?}", s, out);
    }

    #[test]
    fn numbers_in_words_never_hold_digits(n in 0u64..10_000_000_000_000_000) {
        let out = Normalizer::builtin().normalize(&n.to_string());
        proptest::prop_assert!(!out.bytes().any(|b| b.is_ascii_digit()));
    }
}
