//! The weekly bulletin (`bulletin.tera`): headlines, then the commune's news, an explainer (a
//! how-to), the week's Làng số story, the notices, and the sign-off. The bulletin's own lines
//! are recorded under its id; the explainer, the story and the notices are their own scripts,
//! put in at the template's `@part` cues, so their recordings serve here too.

use serde::Serialize;

use super::{build, check_in_slot, Cue, RawCue, Script, ScriptContext, PROGRAMME_NAME};
use crate::content::{Item, Kind, Library};
use crate::error::Result;

/// The template.
pub const TEMPLATE: &str = "bulletin.tera";

/// The scripts a bulletin can put in, by `@part` name.
pub const PARTS: [&str; 3] = ["explainer", "story", "notices"];

/// A weekly bulletin as a station file gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bulletin {
    /// Slug; its own lines are recorded under it.
    pub id: String,
    /// "Bản tin tuần".
    pub title: String,
    /// The week's headlines, one sentence each.
    pub headlines: Vec<String>,
    /// The commune's news, a paragraph each.
    pub news: Vec<String>,
    /// The how-to explained this week (an item id).
    pub explainer: Option<String>,
    /// The Làng số story of the week (an item id).
    pub story: Option<String>,
    /// Notices read at the end (announcement ids of the same station file).
    pub notices: Vec<String>,
    /// Its line in the station file.
    pub line: usize,
    /// Its first airing day, from which its near dates go without their year.
    pub on: Option<chrono::NaiveDate>,
}

/// A content item a bulletin names, found in the library, or what is wrong with it.
pub type Named<'l> = std::result::Result<Option<&'l Item>, String>;

impl Bulletin {
    /// Its explainer (a how-to) and its story, each as `(field, item)`: found, not named
    /// (`None`), or an error message (no such item, or an item of the other kind).
    pub fn items<'l>(&self, library: &'l Library) -> [(&'static str, Named<'l>); 2] {
        let find = |id: &Option<String>, kind: Kind| -> Named<'l> {
            let Some(id) = id else { return Ok(None) };
            match library.get(id) {
                None => Err(format!(
                    "bulletin `{}`: no item `{id}` in the content pack",
                    self.id
                )),
                Some(item) if item.kind() != kind => Err(format!(
                    "bulletin `{}`: `{id}` is a {}, not a {kind}",
                    self.id,
                    item.kind()
                )),
                Some(item) if item.hold.is_some() => Err(format!(
                    "bulletin `{}`: `{id}` is held back (`hold` in its front matter) and cannot air",
                    self.id
                )),
                Some(item) => Ok(Some(item)),
            }
        };
        [
            ("explainer", find(&self.explainer, Kind::Howto)),
            ("story", find(&self.story, Kind::Story)),
        ]
    }
}

/// The scripts put in at the `@part` cues; a missing one is left out with its lead-in.
#[derive(Debug, Default)]
pub struct BulletinParts<'a> {
    /// The how-to's script.
    pub explainer: Option<&'a Script>,
    /// The story's script.
    pub story: Option<&'a Script>,
    /// The notices' scripts.
    pub notices: Vec<&'a Script>,
}

impl BulletinParts<'_> {
    /// The scripts of a part (a part named but empty still gets its lead-in).
    fn get(&self, name: &str) -> Vec<&Script> {
        match name {
            "explainer" => self.explainer.into_iter().collect(),
            "story" => self.story.into_iter().collect(),
            _ => self.notices.clone(),
        }
    }
}

/// Renders a bulletin with its parts in place.
pub fn render_bulletin(b: &Bulletin, parts: &BulletinParts, cx: &ScriptContext) -> Result<Script> {
    let dated = b.on.map(|on| cx.normalizer.on(on));
    let cx = &ScriptContext {
        normalizer: dated.as_ref().unwrap_or(cx.normalizer),
        ..*cx
    };
    let mut ctx = tera::Context::new();
    ctx.insert("programme", PROGRAMME_NAME);
    ctx.insert("station", cx.station);
    ctx.insert("in_slot", &cx.in_slot);
    ctx.insert("bulletin", b);
    for name in PARTS {
        ctx.insert(format!("has_{name}"), &!parts.get(name).is_empty());
    }
    let raw = cx.templates.render_cues(TEMPLATE, &ctx, &b.id)?;
    check_in_slot(TEMPLATE, &b.id, &raw, cx)?;
    let mut out = build(&b.id, &b.title, Kind::Story, Vec::new(), cx);
    for segment in split_at_parts(raw) {
        let own = build(&b.id, &b.title, Kind::Story, segment.cues, cx);
        append(&mut out, own.cues, own.estimated_duration_s);
        for s in segment.part.map(|p| parts.get(&p)).unwrap_or_default() {
            append(&mut out, s.cues.clone(), s.estimated_duration_s);
        }
    }
    Ok(out)
}

/// The bulletin's own lines and the lead-ins of the parts it names, without the parts: what
/// is recorded for it.
pub fn render_bulletin_lines(b: &Bulletin, cx: &ScriptContext) -> Result<Script> {
    let empty = build(&b.id, &b.title, Kind::Story, Vec::new(), cx);
    let parts = BulletinParts {
        explainer: b.explainer.as_ref().map(|_| &empty),
        story: b.story.as_ref().map(|_| &empty),
        notices: if b.notices.is_empty() {
            vec![]
        } else {
            vec![&empty]
        },
    };
    render_bulletin(b, &parts, cx)
}

fn append(out: &mut Script, cues: Vec<Cue>, seconds: f64) {
    out.cues.extend(cues);
    out.estimated_duration_s = ((out.estimated_duration_s + seconds) * 10.0).round() / 10.0;
}

/// Cues up to a `@part`, and the part's name (none after the last).
struct Segment {
    cues: Vec<RawCue>,
    part: Option<String>,
}

fn split_at_parts(raw: Vec<RawCue>) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut cues = Vec::new();
    for c in raw {
        match c {
            RawCue::Part(name) => out.push(Segment {
                cues: std::mem::take(&mut cues),
                part: Some(name),
            }),
            other => cues.push(other),
        }
    }
    out.push(Segment { cues, part: None });
    out
}
