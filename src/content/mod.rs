//! The content pack: Làng số stories and platform how-tos.
//!
//! One Markdown file per item under `content/stories/` or `content/howtos/`, with TOML front matter
//! between `+++` lines. [`load`] reads them all, converts text to Unicode NFC, checks every field
//! and returns the valid items together with every problem found, each with its file and line.
//! This module knows nothing of scripts, audio or schedules.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml::Spanned;
use unicode_normalization::{is_nfc, UnicodeNormalization};

use crate::diagnostic::{line_of, Diagnostic};

/// Largest content file accepted: a six-minute programme is a few kilobytes of text.
pub const MAX_FILE_BYTES: u64 = 256 * 1024;

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

const STORY_KEYS: &[&str] = &["people", "place"];
const HOWTO_KEYS: &[&str] = &["last_verified", "safety"];
const COMMON_KEYS: &[&str] = &[
    "id",
    "title",
    "kind",
    "topic",
    "summary",
    "platforms",
    "key_point",
];

/// Reads every item under `root/content/`. Returns the valid items and all problems found.
pub fn load(root: &Path) -> (Library, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut items = Vec::new();
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(
                Path::new("content"),
                None,
                "project",
                "no `content/` folder",
            )
            .with_hint("create content/stories/ and content/howtos/ with one .md file per item"),
        );
        return (Library::default(), diags);
    }
    for (folder, kind) in [("stories", Kind::Story), ("howtos", Kind::Howto)] {
        let dir = content.join(folder);
        let rel_dir = Path::new("content").join(folder);
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                diags.push(Diagnostic::error(
                    &rel_dir,
                    None,
                    "folder",
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        files.sort();
        for path in files {
            let rel = rel_dir.join(path.file_name().unwrap_or_default());
            if let Some(item) = load_file(&path, &rel, kind, &mut diags) {
                items.push(item);
            }
        }
    }
    // Duplicate ids: keep the first (in path order), flag the others.
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    items.retain(|item: &Item| {
        if let Some(first) = seen.get(&item.id) {
            diags.push(
                Diagnostic::error(
                    &item.source,
                    Some(item.id_line),
                    "id",
                    format!(
                        "duplicate id `{}`, already used by {}",
                        item.id,
                        first.display()
                    ),
                )
                .with_hint("every item needs its own id; rename the file or set `id`"),
            );
            false
        } else {
            seen.insert(item.id.clone(), item.source.clone());
            true
        }
    });
    items.sort_by(|a, b| a.id.cmp(&b.id));
    (Library { items }, diags)
}

/// Reads and validates one file; pushes problems to `diags`.
pub fn load_file(
    path: &Path,
    rel: &Path,
    folder_kind: Kind,
    diags: &mut Vec<Diagnostic>,
) -> Option<Item> {
    let err = |line, field: &str, msg: String| Diagnostic::error(rel, line, field, msg);
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            diags.push(
                err(None, "file", format!("is {} KB; an item is at most {} KB", m.len() / 1024, MAX_FILE_BYTES / 1024))
                    .with_hint("a six-minute programme is about 1,300 syllables; split long texts into several items"),
            );
            return None;
        }
        _ => {}
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(err(None, "file", format!("cannot read: {e}")));
            return None;
        }
    };
    parse_item(bytes, rel, folder_kind, diags)
}

/// Validates the bytes of one content file (`rel` names it in the diagnostics). Never panics,
/// whatever the bytes: fuzzed by `fuzz/fuzz_targets/front_matter.rs`.
pub fn parse_item(
    bytes: Vec<u8>,
    rel: &Path,
    folder_kind: Kind,
    diags: &mut Vec<Diagnostic>,
) -> Option<Item> {
    let err = |line, field: &str, msg: String| Diagnostic::error(rel, line, field, msg);
    let raw = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let line = line_of(&String::from_utf8_lossy(&e.as_bytes()[..offset]), offset);
            diags.push(
                err(
                    Some(line),
                    "file",
                    format!("is not UTF-8 (bad byte at offset {offset})"),
                )
                .with_hint("save the file as UTF-8 (in Notepad: Save As → Encoding: UTF-8)"),
            );
            return None;
        }
    };
    if let Some(pos) = raw.find('\0') {
        diags.push(err(
            Some(line_of(&raw, pos)),
            "file",
            "holds a NUL byte; is it a binary file?".into(),
        ));
        return None;
    }
    let text: String = if is_nfc(&raw) {
        raw
    } else {
        let line = first_non_nfc_line(&raw);
        diags.push(
            Diagnostic::warning(
                rel,
                Some(line),
                "text",
                "is not Unicode NFC; converted on load",
            )
            .with_hint("some editors write decomposed accents; save as NFC to silence this"),
        );
        raw.nfc().collect()
    };
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .replace("\r\n", "\n");

    // Front matter between `+++` lines.
    let mut lines = text.split('\n');
    if lines.next().map(str::trim_end) != Some("+++") {
        diags.push(
            err(
                Some(1),
                "front matter",
                "the file must start with a `+++` line".into(),
            )
            .with_hint("put the TOML fields between two `+++` lines at the top of the file"),
        );
        return None;
    }
    // Byte offset after the opening line (a file of just `+++` has nothing after it).
    let fm_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let Some(close_rel) = text[fm_start..]
        .match_indices('\n')
        .map(|(i, _)| i + 1 + fm_start)
        .chain(std::iter::once(fm_start).filter(|&s| s < text.len()))
        .filter(|&start| text[start..].split('\n').next().map(str::trim_end) == Some("+++"))
        .min()
    else {
        diags.push(err(Some(1), "front matter", "no closing `+++` line".into()));
        return None;
    };
    let fm = &text[fm_start.min(close_rel)..close_rel];
    let body_start = text[close_rel..]
        .find('\n')
        .map(|i| close_rel + i + 1)
        .unwrap_or(text.len());
    let body_first_line = line_of(&text, body_start);
    let fm_line = |offset: usize| line_of(fm, offset) + 1;

    let table: BTreeMap<Spanned<String>, Spanned<toml::Value>> = match toml::from_str(fm) {
        Ok(t) => t,
        Err(e) => {
            let line = e.span().map(|s| fm_line(s.start)).unwrap_or(2);
            diags.push(
                err(
                    Some(line),
                    "front matter",
                    format!("invalid TOML: {}", e.message().trim()),
                )
                .with_hint("strings need double quotes; lists look like [\"a\", \"b\"]"),
            );
            return None;
        }
    };
    let fields: HashMap<&str, &Spanned<toml::Value>> = table
        .iter()
        .map(|(k, v)| (k.get_ref().as_str(), v))
        .collect();
    let fm_ok = std::cell::Cell::new(true);
    let close_line = line_of(&text, close_rel);

    let get_str = |name: &str, required: bool, diags: &mut Vec<Diagnostic>| -> Option<String> {
        match fields.get(name) {
            None => {
                if required {
                    diags.push(err(
                        Some(close_line),
                        name,
                        format!("missing required field `{name}`"),
                    ));
                    fm_ok.set(false);
                }
                None
            }
            Some(v) => match v.get_ref() {
                toml::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                toml::Value::String(_) => {
                    diags.push(err(Some(fm_line(v.span().start)), name, "is empty".into()));
                    fm_ok.set(false);
                    None
                }
                other => {
                    diags.push(err(
                        Some(fm_line(v.span().start)),
                        name,
                        format!(
                            "must be a string in double quotes, not {}",
                            other.type_str()
                        ),
                    ));
                    fm_ok.set(false);
                    None
                }
            },
        }
    };

    let id = get_str("id", false, diags).unwrap_or_else(|| {
        rel.file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    });
    let title = get_str("title", true, diags);
    let kind_s = get_str("kind", true, diags);
    let topic_s = get_str("topic", true, diags);
    let summary = get_str("summary", true, diags);
    let key_point = get_str("key_point", false, diags);
    let mut ok = fm_ok.get();

    let line_at = |name: &str| {
        fields
            .get(name)
            .map(|v| fm_line(v.span().start))
            .or(Some(close_line))
    };
    if !is_slug(&id) {
        diags.push(
            err(line_at("id"), "id", format!("`{id}` is not a slug"))
                .with_hint("use lower-case ASCII letters, digits and `-`, e.g. `vneid-muc-2`"),
        );
        ok = false;
    }
    let kind = match kind_s.as_deref() {
        Some("story") => Some(Kind::Story),
        Some("howto") => Some(Kind::Howto),
        Some(other) => {
            diags.push(
                err(line_at("kind"), "kind", format!("unknown kind `{other}`"))
                    .with_hint("use \"story\" or \"howto\""),
            );
            None
        }
        None => None,
    };
    if let Some(k) = kind {
        if k != folder_kind {
            diags.push(
                err(
                    line_at("kind"),
                    "kind",
                    format!("is `{k}` but the file is in the {} folder", folder_kind),
                )
                .with_hint("stories go in content/stories/, how-tos in content/howtos/"),
            );
            ok = false;
        }
    }
    let topic = match topic_s.as_deref() {
        Some(s) => match Topic::from_slug(s) {
            Some(t) => Some(t),
            None => {
                let all: Vec<_> = Topic::ALL.iter().map(|t| t.slug()).collect();
                diags.push(
                    err(line_at("topic"), "topic", format!("unknown topic `{s}`"))
                        .with_hint(format!("use one of: {}", all.join(", "))),
                );
                None
            }
        },
        None => None,
    };
    let platforms = match fields.get("platforms") {
        None => {
            diags.push(
                err(
                    Some(close_line),
                    "platforms",
                    "missing required field `platforms`".into(),
                )
                .with_hint("list the platforms named, e.g. platforms = [\"VNeID\"]"),
            );
            ok = false;
            Vec::new()
        }
        Some(v) => match string_list(v.get_ref()) {
            Some(list) => list,
            None => {
                diags.push(err(
                    Some(fm_line(v.span().start)),
                    "platforms",
                    "must be a list of strings".into(),
                ));
                ok = false;
                Vec::new()
            }
        },
    };
    // Unknown keys: warn, with a suggestion.
    let allowed: Vec<&str> = COMMON_KEYS
        .iter()
        .chain(match folder_kind {
            Kind::Story => STORY_KEYS,
            Kind::Howto => HOWTO_KEYS,
        })
        .copied()
        .collect();
    for key in table.keys() {
        let k = key.get_ref().as_str();
        if !allowed.contains(&k) {
            let mut d = Diagnostic::warning(
                rel,
                Some(fm_line(key.span().start)),
                k,
                format!("unknown field `{k}` is ignored"),
            );
            if let Some(s) = closest(k, &allowed) {
                d = d.with_hint(format!("did you mean `{s}`?"));
            }
            diags.push(d);
        }
    }

    let body_text = &text[body_start..];
    let body = match folder_kind {
        Kind::Story => {
            let people = match fields.get("people") {
                None => {
                    diags.push(err(
                        Some(close_line),
                        "people",
                        "missing required field `people`".into(),
                    ));
                    None
                }
                Some(v) => match string_list(v.get_ref()).filter(|l| !l.is_empty()) {
                    Some(l) => Some(l),
                    None => {
                        diags.push(err(
                            Some(fm_line(v.span().start)),
                            "people",
                            "must be a non-empty list of strings".into(),
                        ));
                        None
                    }
                },
            };
            let place = match fields.get("place") {
                None => {
                    diags.push(
                        err(Some(close_line), "place", "missing required field `place`".into())
                            .with_hint("place = { village = \"thôn Đông\", commune = \"xã Hoàng Tây\", province = \"Hà Nam\" }"),
                    );
                    None
                }
                Some(v) => parse_place(v, rel, &fm_line, diags),
            };
            let sections = split_sections(body_text, body_first_line);
            let mut section = |name: &str, required: bool| -> Vec<Para> {
                match sections
                    .iter()
                    .find(|(h, _, _)| h.to_lowercase() == name.to_lowercase())
                {
                    Some((_, _, paras)) if !paras.is_empty() => paras.clone(),
                    Some((_, line, _)) => {
                        diags.push(err(
                            Some(*line),
                            name,
                            format!("section `## {name}` is empty"),
                        ));
                        Vec::new()
                    }
                    None if required => {
                        diags.push(
                            err(Some(body_first_line), name, format!("missing section `## {name}`"))
                                .with_hint("a story has the sections ## Bối cảnh, ## Cách làm, ## Kết quả (and optionally ## Làm theo)"),
                        );
                        Vec::new()
                    }
                    None => Vec::new(),
                }
            };
            let context = section("Bối cảnh", true);
            let action = section("Cách làm", true);
            let result = section("Kết quả", true);
            let try_it = section("Làm theo", false);
            for (h, line, _) in &sections {
                if !["bối cảnh", "cách làm", "kết quả", "làm theo"]
                    .contains(&h.to_lowercase().as_str())
                {
                    diags.push(
                        Diagnostic::warning(rel, Some(*line), "body", format!("unknown section `## {h}` is not read"))
                            .with_hint("a story has the sections ## Bối cảnh, ## Cách làm, ## Kết quả, ## Làm theo"),
                    );
                }
            }
            if context.is_empty() || action.is_empty() || result.is_empty() {
                ok = false;
            }
            if key_point.is_none() {
                diags.push(err(
                    Some(close_line),
                    "key_point",
                    "missing required field `key_point` (the point said again at the end)".into(),
                ));
                ok = false;
            }
            match (people, place) {
                (Some(people), Some(place)) => Some(Body::Story(Story {
                    people,
                    place,
                    context,
                    action,
                    result,
                    try_it,
                })),
                _ => None,
            }
        }
        Kind::Howto => {
            let safety = get_str("safety", true, diags);
            ok &= fm_ok.get();
            let last_verified = match fields.get("last_verified") {
                None => {
                    diags.push(
                        err(Some(close_line), "last_verified", "missing required field `last_verified`".into())
                            .with_hint("the date the steps were checked in the real app, e.g. last_verified = 2026-11-01"),
                    );
                    None
                }
                Some(v) => match v.get_ref() {
                    toml::Value::Datetime(dt) => match dt.date.and_then(|d| {
                        NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                    }) {
                        Some(d) => Some(d),
                        None => {
                            diags.push(err(
                                Some(fm_line(v.span().start)),
                                "last_verified",
                                "must be a date like 2026-11-01".into(),
                            ));
                            None
                        }
                    },
                    _ => {
                        diags.push(err(
                            Some(fm_line(v.span().start)),
                            "last_verified",
                            "must be a date like 2026-11-01 (no quotes)".into(),
                        ));
                        None
                    }
                },
            };
            let (intro, steps, outro) = split_steps(body_text, body_first_line, rel, diags);
            if steps.is_empty() {
                diags.push(err(
                    Some(body_first_line),
                    "steps",
                    "a how-to needs numbered steps (`1. …`, `2. …`)".into(),
                ));
                ok = false;
            }
            match (safety, last_verified) {
                (Some(safety), Some(last_verified)) => Some(Body::Howto(Howto {
                    last_verified,
                    safety,
                    intro,
                    steps,
                    outro,
                })),
                _ => None,
            }
        }
    };
    if !ok {
        return None;
    }
    Some(Item {
        id,
        title: title?,
        topic: topic?,
        summary: summary?,
        platforms,
        key_point,
        source: rel.to_path_buf(),
        id_line: line_at("id").unwrap_or(1),
        body: body?,
    })
}

fn parse_place(
    v: &Spanned<toml::Value>,
    rel: &Path,
    fm_line: &dyn Fn(usize) -> usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Place> {
    let line = Some(fm_line(v.span().start));
    let toml::Value::Table(t) = v.get_ref() else {
        diags.push(Diagnostic::error(
            rel,
            line,
            "place",
            "must be a table like { commune = \"…\", province = \"…\" }",
        ));
        return None;
    };
    let s = |k: &str| {
        t.get(k)
            .and_then(|x| x.as_str())
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
    };
    for k in t.keys() {
        if !["village", "commune", "district", "province"].contains(&k.as_str()) {
            diags.push(
                Diagnostic::warning(rel, line, "place", format!("unknown key `{k}` is ignored"))
                    .with_hint("use village, commune, district, province"),
            );
        }
    }
    match (s("commune"), s("province")) {
        (Some(commune), Some(province)) => Some(Place {
            village: s("village"),
            commune,
            district: s("district"),
            province,
        }),
        _ => {
            diags.push(Diagnostic::error(
                rel,
                line,
                "place",
                "needs at least `commune` and `province`",
            ));
            None
        }
    }
}

fn string_list(v: &toml::Value) -> Option<Vec<String>> {
    v.as_array()?
        .iter()
        .map(|x| x.as_str().map(|s| s.trim().to_string()))
        .collect()
}

/// Lower-case ASCII letters, digits and single dashes.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn first_non_nfc_line(text: &str) -> usize {
    for (i, line) in text.split('\n').enumerate() {
        if !is_nfc(line) {
            return i + 1;
        }
    }
    1
}

/// Splits a body into paragraphs (blank-line separated), each with its first line number.
fn paragraphs(text: &str, first_line: usize) -> Vec<Para> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut start = first_line;
    for (i, line) in text.split('\n').enumerate() {
        let t = line.trim();
        if t.is_empty() {
            if !cur.is_empty() {
                out.push(Para {
                    text: cur.join(" "),
                    line: start,
                });
                cur.clear();
            }
        } else {
            if cur.is_empty() {
                start = first_line + i;
            }
            cur.push(t);
        }
    }
    if !cur.is_empty() {
        out.push(Para {
            text: cur.join(" "),
            line: start,
        });
    }
    out
}

/// `## Heading` sections: (heading, line, paragraphs). Text before the first heading is ignored.
fn split_sections(body: &str, first_line: usize) -> Vec<(String, usize, Vec<Para>)> {
    let mut out: Vec<(String, usize, String, usize)> = Vec::new();
    for (i, line) in body.split('\n').enumerate() {
        if let Some(h) = line.strip_prefix("## ") {
            out.push((
                h.trim().to_string(),
                first_line + i,
                String::new(),
                first_line + i + 1,
            ));
        } else if let Some(last) = out.last_mut() {
            last.2.push_str(line);
            last.2.push('\n');
        }
    }
    out.into_iter()
        .map(|(h, l, text, tl)| (h, l, paragraphs(&text, tl)))
        .collect()
}

/// Splits a how-to body into intro paragraphs, numbered steps and closing paragraphs.
fn split_steps(
    body: &str,
    first_line: usize,
    rel: &Path,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Para>, Vec<Para>, Vec<Para>) {
    let (mut intro, mut steps, mut outro) = (Vec::new(), Vec::new(), Vec::new());
    // A step starts on a line `N. text`; following non-blank lines continue it. Headings and
    // blank lines end a paragraph.
    let mut items: Vec<(Option<u32>, Para)> = Vec::new();
    let mut cur: Option<(Option<u32>, Para)> = None;
    for (i, raw) in body.split('\n').enumerate() {
        let (t, line) = (raw.trim(), first_line + i);
        if t.is_empty() || t.starts_with("## ") {
            items.extend(cur.take());
        } else if let Some((n, rest)) = step_marker(t) {
            items.extend(cur.take());
            cur = Some((
                Some(n),
                Para {
                    text: rest.to_string(),
                    line,
                },
            ));
        } else if let Some(c) = cur.as_mut() {
            c.1.text.push(' ');
            c.1.text.push_str(t);
        } else {
            cur = Some((
                None,
                Para {
                    text: t.to_string(),
                    line,
                },
            ));
        }
    }
    items.extend(cur.take());
    let mut expected = 1;
    for (n, para) in items {
        match n {
            Some(n) => {
                if n != expected {
                    diags.push(
                        Diagnostic::warning(
                            rel,
                            Some(para.line),
                            "steps",
                            format!("step numbered {n}, expected {expected}"),
                        )
                        .with_hint("number the steps 1, 2, 3… in order; the script renumbers them"),
                    );
                }
                expected += 1;
                if !outro.is_empty() {
                    diags.push(Diagnostic::warning(
                        rel,
                        Some(para.line),
                        "steps",
                        "a step after closing text; it is read as a step",
                    ));
                }
                steps.push(para);
            }
            None if steps.is_empty() => intro.push(para),
            None => outro.push(para),
        }
    }
    (intro, steps, outro)
}

fn step_marker(line: &str) -> Option<(u32, &str)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = line[digits..]
        .strip_prefix(". ")
        .or_else(|| line[digits..].strip_prefix(") "))?;
    Some((line[..digits].parse().ok()?, rest.trim()))
}

/// The allowed key closest to a misspelt one, if close enough to be a likely typo.
fn closest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|a| (edit_distance(key, a), *a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 4))
        .min()
        .map(|(_, a)| a)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
