//! Announcement templates: an `[[announcement]]` with `template = "cat-dien"` and the fields its
//! kind of notice needs (who issues it, what, when, where, who it is for, what to bring, what to
//! do) instead of a hand-written `text`. The template, `scripts/announcements/NAME.tera`, turns
//! the fields into the notice's text, which `announcement.tera` then reads twice like any other.

use std::collections::BTreeMap;
use std::path::Path;

use toml::Spanned;

use super::check::Check;

/// The fields a notice can carry, in the order a template reads them.
pub const FIELDS: [&str; 7] = ["issuer", "what", "when", "where", "who", "bring", "note"];

/// A kind of notice the project ships a template for: its name, the title it gets when the
/// station file gives none, and the fields it cannot do without.
pub struct Kind {
    /// `scripts/announcements/NAME.tera`.
    pub name: &'static str,
    /// "Thông báo lịch cắt điện".
    pub title: &'static str,
    /// Fields that must be given.
    pub required: &'static [&'static str],
}

/// The shipped templates.
pub const KINDS: [Kind; 8] = [
    Kind {
        name: "canh-bao-thien-tai",
        title: "Cảnh báo thiên tai",
        required: &["issuer", "what", "when", "where", "note"],
    },
    Kind {
        name: "cat-dien",
        title: "Thông báo lịch tạm ngừng cấp điện",
        required: &["issuer", "when", "where"],
    },
    Kind {
        name: "tiem-chung",
        title: "Thông báo lịch tiêm chủng",
        required: &["issuer", "who", "when", "where", "bring"],
    },
    Kind {
        name: "bao-hiem-y-te",
        title: "Thông báo về bảo hiểm y tế",
        required: &["issuer", "what", "who", "when", "where"],
    },
    Kind {
        name: "nghia-vu-quan-su",
        title: "Thông báo về nghĩa vụ quân sự",
        required: &["issuer", "what", "who", "when", "where", "bring"],
    },
    Kind {
        name: "thue-ho-kinh-doanh",
        title: "Thông báo về thuế hộ kinh doanh",
        required: &["issuer", "what", "who", "when", "where"],
    },
    Kind {
        name: "phong-chay-tet",
        title: "Phòng cháy, chữa cháy dịp Tết",
        required: &["issuer", "note"],
    },
    Kind {
        name: "hop-thon",
        title: "Thông báo họp thôn",
        required: &["issuer", "what", "when", "where", "who"],
    },
];

/// The kind of notice named `name`, if the project ships it.
pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

/// The raw fields of one `[[announcement]]` that a template reads.
pub(super) type RawFields = BTreeMap<String, Spanned<String>>;

/// The notice's text from its template and fields, or `None` with the problem reported on the
/// announcement's line: an unknown template, a missing field, a template that fails.
pub(super) fn text(
    check: &mut Check,
    template: &Spanned<String>,
    fields: &RawFields,
    root: &Path,
    line: Option<usize>,
) -> Option<String> {
    let name = template.get_ref();
    let path = root
        .join("scripts/announcements")
        .join(format!("{name}.tera"));
    let Ok(source) = std::fs::read_to_string(&path) else {
        let known: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
        let error = check
            .error(
                check.line(template.span()),
                "template",
                format!("no template `{name}` (scripts/announcements/{name}.tera)"),
            )
            .with_hint(format!("use one of: {}", known.join(", ")));
        check.push(error);
        return None;
    };
    if !has_required(check, name, fields, line) {
        return None;
    }
    render(&source, fields)
        .map_err(|message| {
            let message = format!("scripts/announcements/{name}.tera: {message}");
            check.report(check.line(template.span()), "template", message);
        })
        .ok()
}

/// Reports each required field that is missing or empty.
fn has_required(check: &mut Check, name: &str, fields: &RawFields, line: Option<usize>) -> bool {
    let Some(kind) = kind(name) else {
        return true;
    };
    let mut ok = true;
    for f in kind.required {
        if fields.get(*f).is_none_or(|v| v.get_ref().trim().is_empty()) {
            let error = check
                .error(line, f, format!("the `{name}` notice needs `{f}`"))
                .with_hint(format!(
                    "a `{name}` notice gives {}",
                    kind.required.join(", ")
                ));
            check.push(error);
            ok = false;
        }
    }
    ok
}

/// Renders a notice template with its fields (absent ones are empty strings), on one line.
pub fn render(source: &str, fields: &RawFields) -> Result<String, String> {
    let mut ctx = tera::Context::new();
    for f in FIELDS {
        // The template puts the full stop: a field's own is dropped.
        let value = fields
            .get(f)
            .map_or("", |v| v.get_ref().trim().trim_end_matches(['.', ';']));
        ctx.insert(f, value);
    }
    let text =
        tera::Tera::one_off(source, &ctx, false).map_err(|e| crate::script::error_chain(&e))?;
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}
