//! The fields every item has (`id`, `title`, `kind`, `topic`, `summary`, `platforms`,
//! `key_point`, `sources`, and `hold` to keep it off the air), checked against the folder the file is in; and the warning for keys an item of
//! that kind does not read, with the likely intended one.

use std::path::Path;

use super::front_matter::{Fields, Presence};
use super::report::Report;
use super::suggest::closest;
use super::{Body, Item, Kind, Topic};

const STORY_KEYS: &[&str] = &["people", "place", "as_of"];
const HOWTO_KEYS: &[&str] = &["last_verified", "safety", "remember"];
const COMMON_KEYS: &[&str] = &[
    "id",
    "title",
    "kind",
    "topic",
    "summary",
    "platforms",
    "key_point",
    "sources",
    "hold",
];

/// The common fields as read; `ok` is false when a problem makes the item unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Common {
    pub id: String,
    pub id_line: usize,
    pub title: Option<String>,
    pub topic: Option<Topic>,
    pub summary: Option<String>,
    pub platforms: Vec<String>,
    pub key_point: Option<String>,
    pub sources: Vec<String>,
    pub hold: Option<String>,
    pub ok: bool,
}

impl Common {
    /// The item, when these fields and its body are all usable.
    pub(super) fn into_item(self, body: Option<Body>, rel: &Path) -> Option<Item> {
        if !self.ok {
            return None;
        }
        Some(Item {
            id: self.id,
            title: self.title?,
            topic: self.topic?,
            summary: self.summary?,
            platforms: self.platforms,
            key_point: self.key_point,
            sources: self.sources,
            hold: self.hold,
            source: rel.to_path_buf(),
            id_line: self.id_line,
            body: body?,
        })
    }
}

/// Reads and checks the common fields of an item found in the `folder_kind` folder.
pub(super) fn common(fields: &Fields, folder_kind: Kind, report: &mut Report) -> Common {
    let id = fields.string("id", Presence::Optional, report);
    let title = fields.string("title", Presence::Required, report);
    let kind = fields.string("kind", Presence::Required, report);
    let topic = fields.string("topic", Presence::Required, report);
    let summary = fields.string("summary", Presence::Required, report);
    let key_point = fields.string("key_point", Presence::Optional, report);
    let hold = fields.string("hold", Presence::Optional, report);
    let strings_ok = [&id, &title, &kind, &topic, &summary, &key_point, &hold]
        .iter()
        .all(|r| r.is_ok());
    let id = id.ok().flatten().unwrap_or_else(|| stem(report.rel()));
    let id_ok = check_id(&id, fields, report);
    let kind_ok = check_kind(kind.ok().flatten().as_deref(), folder_kind, fields, report);
    let topic = topic
        .ok()
        .flatten()
        .and_then(|t| parse_topic(&t, fields, report));
    let platforms = platforms(fields, report);
    let sources = sources(fields, report);
    Common {
        id,
        id_line: fields.line_at("id"),
        title: title.ok().flatten(),
        topic,
        summary: summary.ok().flatten(),
        ok: strings_ok && id_ok && kind_ok && platforms.is_some(),
        platforms: platforms.unwrap_or_default(),
        key_point: key_point.ok().flatten(),
        sources,
        hold: hold.ok().flatten(),
    }
}

fn stem(rel: &Path) -> String {
    rel.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

fn check_id(id: &str, fields: &Fields, report: &mut Report) -> bool {
    if is_slug(id) {
        return true;
    }
    report.error_hint(
        fields.line_at("id"),
        "id",
        format!("`{id}` is not a slug"),
        "use lower-case ASCII letters, digits and `-`, e.g. `vneid-muc-2`",
    );
    false
}

/// An unknown kind is reported but leaves the item usable (the folder decides); a known kind
/// that disagrees with the folder does not.
fn check_kind(kind: Option<&str>, folder_kind: Kind, fields: &Fields, report: &mut Report) -> bool {
    let line = fields.line_at("kind");
    let kind = match kind {
        None => return true,
        Some("story") => Kind::Story,
        Some("howto") => Kind::Howto,
        Some(other) => {
            let msg = format!("unknown kind `{other}`");
            report.error_hint(line, "kind", msg, "use \"story\" or \"howto\"");
            return true;
        }
    };
    if kind == folder_kind {
        return true;
    }
    report.error_hint(
        line,
        "kind",
        format!("is `{kind}` but the file is in the {folder_kind} folder"),
        "stories go in content/stories/, how-tos in content/howtos/",
    );
    false
}

fn parse_topic(slug: &str, fields: &Fields, report: &mut Report) -> Option<Topic> {
    let topic = Topic::from_slug(slug);
    if topic.is_none() {
        let all: Vec<_> = Topic::ALL.iter().map(|t| t.slug()).collect();
        report.error_hint(
            fields.line_at("topic"),
            "topic",
            format!("unknown topic `{slug}`"),
            format!("use one of: {}", all.join(", ")),
        );
    }
    topic
}

fn platforms(fields: &Fields, report: &mut Report) -> Option<Vec<String>> {
    let Some(v) = fields.get("platforms") else {
        report.error_hint(
            fields.close_line,
            "platforms",
            "missing required field `platforms`",
            "list the platforms named, e.g. platforms = [\"VNeID\"]",
        );
        return None;
    };
    let list = Fields::string_list(v.get_ref());
    if list.is_none() {
        report.error(
            fields.value_line(v),
            "platforms",
            "must be a list of strings",
        );
    }
    list
}

/// Where the item's facts come from. Missing or empty is a warning: every fact aired must
/// trace to a source.
fn sources(fields: &Fields, report: &mut Report) -> Vec<String> {
    let hint = "sources = [\"https://… (title, publisher, date)\", \"Nghị quyết …/NQ-UBTVQH15\"]";
    let Some(v) = fields.get("sources") else {
        let msg = "no `sources`: every fact aired must trace to a source";
        report.warning(fields.close_line, "sources", msg, Some(hint.into()));
        return Vec::new();
    };
    let line = fields.value_line(v);
    match Fields::string_list(v.get_ref()) {
        Some(list) if list.iter().all(|s| !s.is_empty()) && !list.is_empty() => list,
        Some(_) => {
            let msg = "`sources` is empty or has an empty entry";
            report.warning(line, "sources", msg, Some(hint.into()));
            Vec::new()
        }
        None => {
            report.error(line, "sources", "must be a list of strings");
            Vec::new()
        }
    }
}

/// Warns about every key an item of `kind` does not read, suggesting the closest one.
pub(super) fn warn_unknown_keys(fields: &Fields, kind: Kind, report: &mut Report) {
    let own = match kind {
        Kind::Story => STORY_KEYS,
        Kind::Howto => HOWTO_KEYS,
    };
    let allowed: Vec<&str> = COMMON_KEYS.iter().chain(own).copied().collect();
    for (key, line) in fields.keys() {
        if !allowed.contains(&key) {
            let hint = closest(key, &allowed).map(|s| format!("did you mean `{s}`?"));
            report.warning(line, key, format!("unknown field `{key}` is ignored"), hint);
        }
    }
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
