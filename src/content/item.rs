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
    /// The place as it is now, read after "nay thuộc": "phường Kim Bảng, tỉnh Ninh Bình"
    /// (optional; only what an official source confirms).
    pub now: Option<String>,
}

impl Place {
    /// "thôn Đông, xã Hoàng Tây, huyện Kim Bảng, tỉnh Hà Nam", with what is set.
    pub fn spoken(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.village.clone());
        parts.push(self.commune.clone());
        parts.extend(self.district.clone());
        parts.push(province_spoken(&self.province));
        parts.join(", ")
    }

    /// The place as it was: "…, tỉnh Hà Nam cũ" when it had a district (abolished in 2025) or
    /// has a new name; as it is otherwise.
    pub fn then(&self) -> String {
        let then = self.spoken();
        if self.now.is_some() || self.district.is_some() {
            format!("{then} cũ")
        } else {
            then
        }
    }

    /// The place as it was and as it is: "…, tỉnh Hà Nam cũ, nay thuộc tỉnh Ninh Bình".
    pub fn then_and_now(&self) -> String {
        match &self.now {
            Some(now) => format!("{}, nay thuộc {now}", self.then()),
            None => self.then(),
        }
    }
}

/// Centrally governed cities, said "thành phố …"; every other province is "tỉnh …".
const CITIES: [&str; 6] = [
    "Hà Nội",
    "Hồ Chí Minh",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
];

/// "tỉnh Hà Nam", "thành phố Hà Nội"; a name already starting with its unit is kept.
fn province_spoken(name: &str) -> String {
    let lower = name.to_lowercase();
    if lower.starts_with("tỉnh ") || lower.starts_with("thành phố ") {
        name.to_string()
    } else if CITIES.contains(&name) {
        format!("thành phố {name}")
    } else {
        format!("tỉnh {name}")
    }
}

/// When a story happened, as precisely as its source says: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct AsOf {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12, when known.
    pub month: Option<u32>,
    /// The day, when known (only with a month).
    pub day: Option<u32>,
}

impl AsOf {
    /// Reads `2024`, `2024-03` or `2024-03-15`; `None` when it is none of them.
    pub fn parse(text: &str) -> Option<AsOf> {
        let mut parts = text.trim().split('-');
        let year: i32 = parts
            .next()?
            .parse()
            .ok()
            .filter(|y| (1900..=2100).contains(y))?;
        let month = parts.next().map(str::parse::<u32>).transpose().ok()?;
        let day = parts.next().map(str::parse::<u32>).transpose().ok()?;
        if parts.next().is_some() || month.is_some_and(|m| !(1..=12).contains(&m)) {
            return None;
        }
        if let (Some(m), Some(d)) = (month, day) {
            NaiveDate::from_ymd_opt(year, m, d)?;
        }
        Some(AsOf { year, month, day })
    }

    /// "Năm 2024", "Tháng 3 năm 2024", "Ngày 15 tháng 3 năm 2024" (the normaliser says the
    /// numbers).
    pub fn spoken(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("Ngày {d} tháng {m} năm {}", self.year),
            (Some(m), None) => format!("Tháng {m} năm {}", self.year),
            _ => format!("Năm {}", self.year),
        }
    }
}

/// The parts that only a story has.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Story {
    /// Who the story is about.
    pub people: Vec<String>,
    /// Where.
    pub place: Place,
    /// When it happened (`as_of`); a story without one is told without its time.
    pub as_of: Option<AsOf>,
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
    /// What a listener should remember, said in place of the steps (which go to Zalo).
    pub remember: Vec<String>,
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
    /// Where its facts come from (`sources`): seeds, official pages, resolutions.
    pub sources: Vec<String>,
    /// Why it is held back (`hold = "…"`): it is checked like every item but never planned,
    /// e.g. a how-to whose steps no one has confirmed on a phone lately.
    pub hold: Option<String>,
    /// The file it came from, relative to the project.
    pub source: PathBuf,
    /// 1-based line of `id` in the file (or of the front matter's end when the id is the stem).
    pub id_line: usize,
    /// Story or how-to parts.
    pub body: Body,
}

impl Story {
    /// The story's first line, in the past with its time and place as they were, then (a
    /// sentence of its own, for the ear) as it is now: "Năm 2024, ở thôn Đông, …, tỉnh Hà Nam
    /// cũ. Nơi đây nay thuộc tỉnh Ninh Bình."
    pub fn opening(&self) -> String {
        let then = self.place.then();
        let mut line = match &self.as_of {
            Some(when) => format!("{}, ở {then}.", when.spoken()),
            None => format!("Ở {then}."),
        };
        if let Some(now) = &self.place.now {
            line.push_str(&format!(" Nơi đây nay thuộc {now}."));
        }
        line
    }
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
