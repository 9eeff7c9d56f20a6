//! The Zalo pack's texts: each post's caption, and `zalo/index.html`, the phone page with each
//! post's player, caption with a copy button, and download links (through the `zalo.html.tera`
//! template, see [`super::html`]).

use serde::Serialize;

use super::html::render;
use crate::error::Result;

/// One Zalo post.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZaloPost {
    /// Item id.
    pub id: String,
    /// Title.
    pub title: String,
    /// MP3 files (numbered parts when one would be over the size limit), relative to `zalo/`.
    pub files: Vec<String>,
    /// Total size in bytes.
    pub bytes: u64,
    /// Total length in seconds.
    pub duration_s: f64,
    /// Caption file, relative to `zalo/`.
    pub caption_file: String,
    /// The caption.
    pub caption: String,
}

/// A Zalo caption: title, summary, whom to ask, the handbook's address, the hashtag.
pub fn caption(title: &str, summary: &str, team: &str, phone: &str) -> String {
    let contact = if phone.is_empty() {
        format!("Cần hỏi thêm: {team}.")
    } else {
        format!("Cần hỏi thêm: {team}, SĐT {phone}.")
    };
    format!("{title}\n\n{summary}\n\n{contact}\nĐọc thêm cẩm nang Làng số: https://langso.dx.gov.vn\n#LangSo\n")
}

/// The Zalo page's values.
#[derive(Serialize)]
struct ZaloPage<'a> {
    station_name: &'a str,
    week: &'a str,
    posts: &'a [ZaloPost],
}

/// `zalo/index.html`: a phone page with each post's player, caption with a copy button, and
/// download links.
pub fn zalo_html(station_name: &str, week: &str, posts: &[ZaloPost]) -> Result<String> {
    let page = ZaloPage {
        station_name,
        week,
        posts,
    };
    render("zalo.html.tera", &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caption_has_everything_a_villager_needs() {
        let c = caption(
            "Tiêu đề",
            "Tóm tắt.",
            "Tổ công nghệ số cộng đồng xã A",
            "0912 345 678",
        );
        for part in [
            "Tiêu đề",
            "Tóm tắt.",
            "SĐT 0912 345 678",
            "https://langso.dx.gov.vn",
            "#LangSo",
        ] {
            assert!(c.contains(part), "{part}");
        }
    }

    #[test]
    fn a_caption_without_a_phone_names_only_the_team() {
        let c = caption("T", "S", "Tổ", "");
        assert!(c.contains("Cần hỏi thêm: Tổ.\n"), "{c}");
        assert!(!c.contains("SĐT"), "{c}");
    }
}
