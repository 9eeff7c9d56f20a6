//! What an item is about: its kind (story or how-to) and its topic, one of the six contents the
//! community digital teams teach, with the slugs used in front matter.

use std::fmt;

/// Story or how-to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A Làng số story: person, place, problem, what they did, the result.
    Story,
    /// A step-by-step guide to one platform, ending with a scam-safety line.
    Howto,
}

impl Kind {
    /// The name used in front matter, templates and file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Story => "story",
            Kind::Howto => "howto",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The six contents the community digital teams teach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Topic {
    /// `dich-vu-cong`: online public services.
    #[serde(rename = "dich-vu-cong")]
    DichVuCong,
    /// `thanh-toan`: cashless payment.
    #[serde(rename = "thanh-toan")]
    ThanhToan,
    /// `thuong-mai-dien-tu`: selling and buying on e-commerce platforms.
    #[serde(rename = "thuong-mai-dien-tu")]
    ThuongMaiDienTu,
    /// `nen-tang-so`: a Vietnamese digital platform the locality chose.
    #[serde(rename = "nen-tang-so")]
    NenTangSo,
    /// `an-toan-mang`: basic online safety.
    #[serde(rename = "an-toan-mang")]
    AnToanMang,
    /// `khac`: other locally directed content.
    #[serde(rename = "khac")]
    Khac,
}

impl Topic {
    /// Every topic, in the order the teams' guidance lists them.
    pub const ALL: [Topic; 6] = [
        Topic::DichVuCong,
        Topic::ThanhToan,
        Topic::ThuongMaiDienTu,
        Topic::NenTangSo,
        Topic::AnToanMang,
        Topic::Khac,
    ];

    /// The slug used in front matter.
    pub fn slug(self) -> &'static str {
        match self {
            Topic::DichVuCong => "dich-vu-cong",
            Topic::ThanhToan => "thanh-toan",
            Topic::ThuongMaiDienTu => "thuong-mai-dien-tu",
            Topic::NenTangSo => "nen-tang-so",
            Topic::AnToanMang => "an-toan-mang",
            Topic::Khac => "khac",
        }
    }

    /// The Vietnamese name, for sheets and captions.
    pub fn label(self) -> &'static str {
        match self {
            Topic::DichVuCong => "Dịch vụ công trực tuyến",
            Topic::ThanhToan => "Thanh toán không dùng tiền mặt",
            Topic::ThuongMaiDienTu => "Thương mại điện tử",
            Topic::NenTangSo => "Nền tảng số",
            Topic::AnToanMang => "An toàn thông tin mạng",
            Topic::Khac => "Nội dung khác",
        }
    }

    /// Parses a front-matter slug.
    pub fn from_slug(s: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.slug() == s)
    }
}
