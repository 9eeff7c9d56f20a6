//! One content file from bytes to a validated [`Item`]: text, front matter, common fields, the
//! kind's own parts. Every problem found is reported with its line; nothing here panics, whatever
//! the bytes.

use std::path::Path;

use super::front_matter::{self, Fields};
use super::report::Report;
use super::{fields, howto, story, tense, text, Item, Kind};
use crate::diagnostic::Diagnostic;

/// Validates the bytes of one content file (`rel` names it in the diagnostics). Never panics,
/// whatever the bytes: fuzzed by `fuzz/fuzz_targets/front_matter.rs`.
pub fn parse_item(
    bytes: Vec<u8>,
    rel: &Path,
    folder_kind: Kind,
    diags: &mut Vec<Diagnostic>,
) -> Option<Item> {
    let mut report = Report::new(rel, diags);
    let text = text::decode(bytes, &mut report)?;
    let split = front_matter::split(&text, &mut report)?;
    let fm = Fields::parse(&split, &mut report)?;
    let common = fields::common(&fm, folder_kind, &mut report);
    fields::warn_unknown_keys(&fm, folder_kind, &mut report);
    let body = match folder_kind {
        Kind::Story => story::body(&fm, &split, common.key_point.is_some(), &mut report),
        Kind::Howto => howto::body(&fm, &split, &mut report),
    };
    let item = common.into_item(body, rel)?;
    tense::check(&item, &|name| fm.line_at(name), &mut report);
    Some(item)
}
