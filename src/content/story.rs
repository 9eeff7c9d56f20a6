//! The parts only a story has: `people` and `place` in the front matter, the sections
//! `## Bối cảnh`, `## Cách làm`, `## Kết quả` (and optionally `## Làm theo`), and the
//! `key_point` said again at the end.

use super::front_matter::{Fields, Split};
use super::report::Report;
use super::sections::{split_sections, Section};
use super::{AsOf, Body, Para, Place, Story};

const SECTION_HINT: &str =
    "a story has the sections ## Bối cảnh, ## Cách làm, ## Kết quả (and optionally ## Làm theo)";
const KNOWN_SECTIONS: [&str; 4] = ["bối cảnh", "cách làm", "kết quả", "làm theo"];
const PLACE_KEYS: [&str; 5] = ["village", "commune", "district", "province", "now"];

/// The story, or `None` when a problem (reported) makes it unusable.
pub(super) fn body(
    fields: &Fields,
    split: &Split,
    has_key_point: bool,
    report: &mut Report,
) -> Option<Body> {
    let people = people(fields, report);
    let place = place(fields, report);
    let as_of = as_of(fields, report);
    let sections = split_sections(split.body, split.body_line);
    let mut take = |name, required| section(&sections, name, required, split.body_line, report);
    let context = take("Bối cảnh", true);
    let action = take("Cách làm", true);
    let result = take("Kết quả", true);
    let try_it = take("Làm theo", false);
    warn_unknown_sections(&sections, report);
    let sections_ok = !context.is_empty() && !action.is_empty() && !result.is_empty();
    let key_point_ok = has_key_point || missing_key_point(fields, report);
    let story = Story {
        people: people?,
        place: place?,
        as_of,
        context,
        action,
        result,
        try_it,
    };
    (sections_ok && key_point_ok).then_some(Body::Story(story))
}

fn people(fields: &Fields, report: &mut Report) -> Option<Vec<String>> {
    let Some(v) = fields.get("people") else {
        report.error(
            fields.close_line,
            "people",
            "missing required field `people`",
        );
        return None;
    };
    let list = Fields::string_list(v.get_ref()).filter(|l| !l.is_empty());
    if list.is_none() {
        let msg = "must be a non-empty list of strings";
        report.error(fields.value_line(v), "people", msg);
    }
    list
}

fn place(fields: &Fields, report: &mut Report) -> Option<Place> {
    let Some(v) = fields.get("place") else {
        report.error_hint(
            fields.close_line,
            "place",
            "missing required field `place`",
            "place = { village = \"thôn Đông\", commune = \"xã Hoàng Tây\", province = \"Hà Nam\" }",
        );
        return None;
    };
    let line = fields.value_line(v);
    let toml::Value::Table(t) = v.get_ref() else {
        let msg = "must be a table like { commune = \"…\", province = \"…\" }";
        report.error(line, "place", msg);
        return None;
    };
    for k in t.keys().filter(|k| !PLACE_KEYS.contains(&k.as_str())) {
        let hint = Some("use village, commune, district, province, now".to_string());
        report.warning(line, "place", format!("unknown key `{k}` is ignored"), hint);
    }
    let s = |k: &str| {
        t.get(k)
            .and_then(|x| x.as_str())
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
    };
    let (Some(commune), Some(province)) = (s("commune"), s("province")) else {
        report.error(line, "place", "needs at least `commune` and `province`");
        return None;
    };
    Some(Place {
        village: s("village"),
        commune,
        district: s("district"),
        province,
        now: s("now"),
    })
}

/// When the story happened. Missing is a warning (a story aired years later must say when);
/// a value that is not a year, month or day is an error on its line.
fn as_of(fields: &Fields, report: &mut Report) -> Option<AsOf> {
    let hint =
        "as_of = \"2024\", \"2024-03\" or \"2024-03-15\": when the story happened, from its source";
    let Some(v) = fields.get("as_of") else {
        let msg = "no `as_of`: a story must say when it happened";
        report.warning(fields.close_line, "as_of", msg, Some(hint.into()));
        return None;
    };
    let parsed = v.get_ref().as_str().and_then(AsOf::parse);
    if parsed.is_none() {
        let msg = "must be a year, month or day in quotes";
        report.error_hint(fields.value_line(v), "as_of", msg, hint);
    }
    parsed
}

/// The paragraphs of section `name` (headings match ignoring case); reports it empty, or
/// missing when `required`.
fn section(
    sections: &[Section],
    name: &str,
    required: bool,
    body_line: usize,
    report: &mut Report,
) -> Vec<Para> {
    let found = sections
        .iter()
        .find(|s| s.heading.to_lowercase() == name.to_lowercase());
    match found {
        Some(s) if !s.paras.is_empty() => s.paras.clone(),
        Some(s) => {
            report.error(s.line, name, format!("section `## {name}` is empty"));
            Vec::new()
        }
        None if required => {
            let msg = format!("missing section `## {name}`");
            report.error_hint(body_line, name, msg, SECTION_HINT);
            Vec::new()
        }
        None => Vec::new(),
    }
}

fn warn_unknown_sections(sections: &[Section], report: &mut Report) {
    for s in sections {
        if !KNOWN_SECTIONS.contains(&s.heading.to_lowercase().as_str()) {
            report.warning(
                s.line,
                "body",
                format!("unknown section `## {}` is not read", s.heading),
                Some(
                    "a story has the sections ## Bối cảnh, ## Cách làm, ## Kết quả, ## Làm theo"
                        .into(),
                ),
            );
        }
    }
}

fn missing_key_point(fields: &Fields, report: &mut Report) -> bool {
    report.error(
        fields.close_line,
        "key_point",
        "missing required field `key_point` (the point said again at the end)",
    );
    false
}
