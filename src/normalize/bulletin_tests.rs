//! Tables per category of what a commune reads in a bad week: weather and disaster bulletins,
//! ranges with units, rates, identifiers, versions, addresses, names with digits; and a
//! property test that no symbol survives a mixture of all of them.

use proptest::prelude::*;

use super::tests::check;
use super::*;

#[test]
fn weather_and_disasters() {
    check(&[
        ("Nhiệt độ 12-15°C", "Nhiệt độ mười hai đến mười lăm độ xê"),
        ("dưới 10°C", "dưới mười độ xê"),
        (
            "Lượng mưa 100-200mm",
            "Lượng mưa một trăm đến hai trăm mi li mét",
        ),
        ("mưa 74.4mm", "mưa bảy mươi tư phẩy bốn mi li mét"),
        ("gió cấp 8, giật cấp 10", "gió cấp tám, giật cấp mười"),
        ("gió mạnh cấp 12-13", "gió mạnh cấp mười hai đến mười ba"),
        ("trên báo động 2", "trên báo động hai"),
        ("lên mức BĐ2-BĐ3", "lên mức báo động hai đến báo động ba"),
        ("trên BĐ3 0,5m", "trên báo động ba không phẩy năm mét"),
        (
            "15,5 độ Vĩ Bắc; 112,3 độ Kinh Đông",
            "mười lăm phẩy năm độ Vĩ Bắc; một trăm mười hai phẩy ba độ Kinh Đông",
        ),
        (
            "khoảng 15,7°N; 116,0°E",
            "khoảng mười lăm phẩy bảy độ vĩ bắc; một trăm mười sáu phẩy không độ kinh đông",
        ),
        (
            "từ 7h30-11h30",
            "từ bảy giờ ba mươi phút đến mười một giờ ba mươi phút",
        ),
        ("đêm 5/12", "đêm ngày năm tháng mười hai"),
        ("cách 200km", "cách hai trăm ki lô mét"),
        (
            "lưu lượng 5.070 m³/s",
            "lưu lượng năm nghìn không trăm bảy mươi mét khối trên giây",
        ),
        (
            "xả 1.215,62m3/s",
            "xả một nghìn hai trăm mười lăm phẩy sáu hai mét khối trên giây",
        ),
        (
            "từ 14h00′ đến 15h30′",
            "từ mười bốn giờ đến mười lăm giờ ba mươi phút",
        ),
        ("Km324 +400", "ki lô mét ba trăm hai mươi tư cộng bốn trăm"),
    ]);
}

#[test]
fn ranges_read_the_unit_once_at_the_end() {
    check(&[
        ("60-70km/h", "sáu mươi đến bảy mươi ki lô mét trên giờ"),
        ("85-90%", "tám mươi lăm đến chín mươi phần trăm"),
        ("2-3 ngày", "hai đến ba ngày"),
        ("100-200mm", "một trăm đến hai trăm mi li mét"),
        ("12 - 15°C", "mười hai đến mười lăm độ xê"),
        ("12–15°C", "mười hai đến mười lăm độ xê"),
        ("7-9h", "bảy đến chín giờ"),
    ]);
}

#[test]
fn rates_and_per_units() {
    check(&[
        (
            "Lãi suất 0,5%/tháng",
            "Lãi suất không phẩy năm phần trăm một tháng",
        ),
        ("tăng 2.61%", "tăng hai phẩy sáu một phần trăm"),
        (
            "giá 25.000đ/kg",
            "giá hai mươi lăm nghìn đồng một ki lô gam",
        ),
        ("1.200 tấn/năm", "một nghìn hai trăm tấn một năm"),
        ("500 người/km2", "năm trăm người một ki lô mét vuông"),
        ("1.500 m2", "một nghìn năm trăm mét vuông"),
        ("4.210 USD/tấn", "bốn nghìn hai trăm mười đô la Mỹ một tấn"),
    ]);
}

#[test]
fn identifiers_are_read_digit_by_digit_in_groups() {
    check(&[
        (
            "số tài khoản 1903 4567 8901 23",
            "số tài khoản một chín không ba, bốn năm sáu bảy, tám chín không một, hai ba",
        ),
        (
            "STK: 190345678901",
            "số tài khoản: một chín không, ba bốn năm, sáu bảy tám, chín không một",
        ),
        (
            "số căn cước 001203004567",
            "số căn cước không không một, hai không ba, không không bốn, năm sáu bảy",
        ),
        ("mã OTP 123456", "mã ô tê pê một hai ba, bốn năm sáu"),
        (
            "mã hồ sơ là 2512-0034",
            "mã hồ sơ là hai năm một hai, không không ba bốn",
        ),
        (
            "biển số 29E-372.65",
            "biển số hai chín e, ba bảy hai, sáu năm",
        ),
        ("xe 51F1-1234", "xe năm một ép một, một hai ba bốn"),
        (
            "chuyển vào 100200300401",
            "chuyển vào một không không, hai không không, ba không không, bốn không một",
        ),
        ("1000000000000", "một nghìn tỷ"),
        ("mã 0123", "mã không một hai ba"),
        (
            "nạp vào tài khoản 500.000 đồng",
            "nạp vào tài khoản năm trăm nghìn đồng",
        ),
    ]);
}

#[test]
fn versions_and_dotted_numbers() {
    check(&[
        (
            "Cách mạng công nghiệp 4.0",
            "Cách mạng công nghiệp bốn chấm không",
        ),
        ("phiên bản 2.1.8", "phiên bản hai chấm một chấm tám"),
        ("bản v3.2", "bản ba chấm hai"),
        ("1.200 người", "một nghìn hai trăm người"),
        (
            "1.234.567",
            "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy",
        ),
    ]);
}

#[test]
fn addresses() {
    check(&[
        (
            "Q.3, P.2, TP.HCM",
            "quận ba, phường hai, Thành phố Hồ Chí Minh",
        ),
        ("số 18/25 ngõ 4", "số mười tám trên hai mươi lăm ngõ bốn"),
        ("tổ 5, khu phố 3", "tổ năm, khu phố ba"),
        ("TX. Sơn Tây", "thị xã Sơn Tây"),
    ]);
}

#[test]
fn names_with_digits_and_letters() {
    check(&[
        ("Covid-19", "Cô vít mười chín"),
        ("cúm A/H5N1", "cúm a hát năm en một"),
        ("mạng 4G/5G", "mạng bốn gờ năm gờ"),
        ("F0", "ép không"),
        ("VinFast VF3", "VinFast vê ép ba"),
        ("xăng E5RON92", "xăng e năm rôn chín mươi hai"),
        (
            "lúa OM 5451, IR 504",
            "lúa o mờ năm bốn năm một, i rờ năm trăm linh bốn",
        ),
        ("(SN 1986)", "(sinh năm một nghìn chín trăm tám mươi sáu)"),
        ("mẫu XK200", "mẫu ích ca hai trăm"),
    ]);
}

/// Pieces of every category, mixed into sentences.
fn piece() -> impl Strategy<Value = String> {
    let n = || 1u32..999;
    prop_oneof![
        (n(), n()).prop_map(|(a, b)| format!("{a}-{}°C", a + b)),
        (n(), n()).prop_map(|(a, b)| format!("{a}-{}mm", a + b)),
        (n(), n()).prop_map(|(a, b)| format!("{a}-{}km/h", a + b)),
        (0u32..99, 1u32..9).prop_map(|(a, b)| format!("{a},{b}%/tháng")),
        n().prop_map(|a| format!("{a}.500đ/kg")),
        n().prop_map(|a| format!("{a} tấn/năm")),
        n().prop_map(|a| format!("{a} người/km2")),
        (10u64..99, 1_000_000u64..9_999_999).prop_map(|(a, b)| format!("số tài khoản {a}{b}")),
        (100_000u32..999_999).prop_map(|a| format!("mã OTP {a}")),
        (10u32..99, 100u32..999, 10u32..99).prop_map(|(a, b, c)| format!("biển số {a}A-{b}.{c}")),
        (1u32..9, 0u32..9, 0u32..20).prop_map(|(a, b, c)| format!("phiên bản {a}.{b}.{c}")),
        (1u32..12).prop_map(|a| format!("Q.{a}")),
        (1u32..5).prop_map(|a| format!("BĐ{a}")),
        (1u32..23, 0u32..59).prop_map(|(h, m)| format!("{h}h{m:02}")),
        (1u32..28, 1u32..12).prop_map(|(d, m)| format!("đêm {d}/{m}")),
        (100_000_000_000u64..999_999_999_999).prop_map(|a| a.to_string()),
        prop::sample::select(vec!["Covid-19", "H5N1", "4G", "5G", "F0", "VF3", "4.0"])
            .prop_map(str::to_string),
    ]
}

proptest! {
    #[test]
    fn no_symbol_survives_a_mixture_of_every_category(
        pieces in prop::collection::vec(piece(), 1..6),
        joiner in prop::sample::select(vec![" ", ", ", "; ", " và "]),
    ) {
        let n = Normalizer::builtin();
        let text = format!("Bà con chú ý: {}.", pieces.join(joiner));
        let spoken = n.normalize(&text);
        let left = leftovers(&spoken, n.lexicon());
        prop_assert!(left.is_empty(), "{text} → {spoken}: {left:?}");
    }
}

#[test]
fn mong_for_the_first_ten_days_and_the_twelve_hour_clock_are_style_settings() {
    let with = |f: fn(&mut Style)| {
        let mut style = Style::default();
        f(&mut style);
        Normalizer::new(Lexicon::builtin(), style)
    };
    let mong = with(|s| s.mong = true);
    let mung = with(|s| {
        s.mong = true;
        s.dialect = Dialect::Nam;
    });
    let clock = with(|s| s.clock_12 = true);
    for (n, input, want) in [
        (&mong, "ngày 2/12", "ngày mồng hai tháng mười hai"),
        (&mong, "sáng 10/1", "sáng ngày mồng mười tháng một"),
        (&mong, "ngày 11/12", "ngày mười một tháng mười hai"),
        (&mong, "mùng 5/1", "mùng năm tháng một"),
        (&mung, "ngày 2/12", "ngày mùng hai tháng mười hai"),
        (&clock, "7h30", "bảy giờ rưỡi sáng"),
        (&clock, "17h", "năm giờ chiều"),
        (&clock, "11h15", "mười một giờ mười lăm trưa"),
        (&clock, "20h", "tám giờ tối"),
        (&clock, "0h", "mười hai giờ đêm"),
        (
            &clock,
            "từ 7h30-11h30",
            "từ bảy giờ rưỡi sáng đến mười một giờ rưỡi trưa",
        ),
    ] {
        assert_eq!(n.normalize(input), want, "{input}");
    }
    // The house style is unchanged.
    check(&[
        ("ngày 2/12", "ngày hai tháng mười hai"),
        ("17h", "mười bảy giờ"),
    ]);
}

#[test]
fn near_dates_go_without_their_year_when_the_style_asks_and_the_airing_day_is_known() {
    let style = Style {
        near_year: true,
        ..Style::default()
    };
    let near = Normalizer::new(Lexicon::builtin(), style);
    let on = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let aired = near.on(on);
    let house = Normalizer::builtin().on(on);
    let year = " năm hai nghìn không trăm hai mươi sáu";
    for (n, input, want_year) in [
        (&aired, "ngày 5/12/2026", false),
        (&aired, "ngày 1/11/2026", false),
        (&aired, "ngày 31/5/2027", false),
        (&aired, "ngày 15/6/2027", true),
        (&aired, "ngày 20/10/2026", true),
        (&aired, "ngày 5/12/2025", true),
        // No airing day (a story), or the house style: every year is said.
        (&near, "ngày 5/12/2026", true),
        (&house, "ngày 5/12/2026", true),
    ] {
        let spoken = n.normalize(input);
        assert_eq!(
            spoken.contains(" năm hai nghìn"),
            want_year,
            "{input}: {spoken}"
        );
    }
    assert_eq!(
        aired.normalize("ngày 5/12/2026"),
        "ngày năm tháng mười hai",
        "the year{year} is left out"
    );
}
