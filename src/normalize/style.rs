//! House style for the spoken form, and the knobs an operator can turn in `loaxa.toml`.
//!
//! Vietnamese normalisers disagree on several readings (1001, years, decimals, "ngày" before a
//! date). loaxa's house style is the formal, unambiguous one, which suits loudspeakers; each choice
//! can be changed under `[normalize]`.

use serde::Deserialize;

/// Northern or Southern vocabulary: nghìn/ngàn and linh/lẻ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// Northern: nghìn, linh.
    #[default]
    Bac,
    /// Southern: ngàn, lẻ.
    Nam,
}

/// Whether a group without hundreds inside a large number says "không trăm" (1001 → một nghìn
/// không trăm linh một) or not (một nghìn linh một).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ZeroHundreds {
    /// Say "không trăm" (house style: unambiguous on a loudspeaker).
    #[default]
    Formal,
    /// Leave it out.
    Short,
}

/// How the digits after a decimal comma are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decimals {
    /// 3,14 → ba phẩy một bốn (house style).
    #[default]
    Digits,
    /// 7,27 → bảy phẩy hai mươi bảy.
    Grouped,
}

/// How "/" reads after an amount: 50.000đ/ngày → "một ngày" or "trên ngày".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    /// "năm mươi nghìn đồng một ngày" (house style).
    #[default]
    Mot,
    /// "năm mươi nghìn đồng trên ngày".
    Tren,
}

/// The spoken-form style.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Style {
    /// nghìn/ngàn and linh/lẻ together.
    pub dialect: Dialect,
    /// Overrides the dialect's linh/lẻ: `true` says "lẻ".
    pub le: Option<bool>,
    /// "không trăm" inside large numbers.
    pub zero_hundreds: ZeroHundreds,
    /// "tỷ" (default) or "tỉ".
    pub ti: bool,
    /// Decimal digits.
    pub decimals: Decimals,
    /// Put "ngày" before a date that has no day word already.
    pub date_prefix: bool,
    /// "/" after an amount.
    pub per: Per,
    /// Read "VND" as "việt nam đồng" instead of "đồng".
    pub vnd_full: bool,
    /// Read " - " between two numbers, dates or times as "đến".
    pub spaced_dash_range: bool,
    /// Days 1 to 10 of a month as "mồng hai" (Northern) or "mùng hai" (Southern dialect).
    pub mong: bool,
    /// Times as the ear knows them: `7h30` "bảy giờ rưỡi sáng", `17h` "năm giờ chiều".
    pub clock_12: bool,
    /// Leave out the year of a date near the day a notice airs (a month before to six months
    /// after): "thứ bảy, ngày mồng năm tháng mười hai", not "… năm hai nghìn không trăm hai
    /// mươi sáu". Texts with no airing day (stories) keep every year.
    pub near_year: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            dialect: Dialect::Bac,
            le: None,
            zero_hundreds: ZeroHundreds::Formal,
            ti: false,
            decimals: Decimals::Digits,
            date_prefix: true,
            per: Per::Mot,
            vnd_full: false,
            spaced_dash_range: true,
            mong: false,
            clock_12: false,
            near_year: false,
        }
    }
}

impl Style {
    /// The house style with a dialect.
    pub fn with_dialect(dialect: Dialect) -> Style {
        Style {
            dialect,
            ..Style::default()
        }
    }

    /// "nghìn" or "ngàn".
    pub fn thousand_word(&self) -> &'static str {
        match self.dialect {
            Dialect::Bac => "nghìn",
            Dialect::Nam => "ngàn",
        }
    }

    /// "linh" or "lẻ".
    pub fn zero_tens_word(&self) -> &'static str {
        match self.le.unwrap_or(self.dialect == Dialect::Nam) {
            false => "linh",
            true => "lẻ",
        }
    }

    /// "tỷ" or "tỉ".
    pub fn billion_word(&self) -> &'static str {
        if self.ti {
            "tỉ"
        } else {
            "tỷ"
        }
    }
}
