//! The validated items of the content pack: paragraphs, places, the story and how-to parts, and
//! the library that holds them. Plain data; the checks that build it live beside it.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Kind, Topic};

/// A paragraph of body text and the source line it starts on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Para {
    /// The text, NFC, lines joined with single spaces.
    pub text: String,
    /// 1-based line in the source file.
    pub line: usize,
}

/// Where a story happened.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Place {
    /// "thôn Đông" (optional).
    pub village: Option<String>,
    /// "xã Hoàng Tây".
    pub commune: String,
    /// "huyện Kim Bảng" (optional; districts were abolished in 2025 but persist in stories).
    pub district: Option<String>,
    /// "Hà Nam".
    pub province: String,
}

impl Place {
    /// "thôn Đông, xã Hoàng Tây, huyện Kim Bảng, tỉnh Hà Nam" style, with what is set.
    pub fn spoken(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if let Some(v) = &self.village {
            parts.push(v);
        }
        parts.push(&self.commune);
        if let Some(d) = &self.district {
            parts.push(d);
        }
        parts.push(&self.province);
        parts.join(", ")
    }
}

/// The parts that only a story has.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Story {
    /// Who the story is about.
    pub people: Vec<String>,
    /// Where.
    pub place: Place,
    /// Bối cảnh: who, where, the problem.
    pub context: Vec<Para>,
    /// Cách làm: what they did, with which platform.
    pub action: Vec<Para>,
    /// Kết quả: the result, with one concrete number.
    pub result: Vec<Para>,
    /// Làm theo: how the listener can do it too.
    pub try_it: Vec<Para>,
}

/// The parts that only a how-to has.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Howto {
    /// When the steps were last checked against the real app.
    pub last_verified: NaiveDate,
    /// The scam-safety line said at the end.
    pub safety: String,
    /// Paragraphs before the first step.
    pub intro: Vec<Para>,
    /// The numbered steps, in order.
    pub steps: Vec<Para>,
    /// Paragraphs after the last step.
    pub outro: Vec<Para>,
}

/// What kind of item, with its kind-specific parts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Body {
    /// A story.
    Story(Story),
    /// A how-to.
    Howto(Howto),
}

/// One story or how-to, validated.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Item {
    /// Unique slug.
    pub id: String,
    /// Title, read after the programme name.
    pub title: String,
    /// One of the six topics.
    pub topic: Topic,
    /// One or two sentences, used for Zalo captions.
    pub summary: String,
    /// Platform names (VNeID, Zalo, Postmart…).
    pub platforms: Vec<String>,
    /// The point said again near the end.
    pub key_point: Option<String>,
    /// The file it came from, relative to the project.
    pub source: PathBuf,
    /// 1-based line of `id` in the file (or of the front matter's end when the id is the stem).
    pub id_line: usize,
    /// Story or how-to parts.
    pub body: Body,
}

impl Item {
    /// Story or how-to.
    pub fn kind(&self) -> Kind {
        match self.body {
            Body::Story(_) => Kind::Story,
            Body::Howto(_) => Kind::Howto,
        }
    }
}

/// All valid items, sorted by id.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// The items.
    pub items: Vec<Item>,
}

impl Library {
    /// The item with this id.
    pub fn get(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }
}
