//! Broadcast scripts: what the announcer reads, as a list of cues.
//!
//! The project's tera templates in `scripts/` (`story.tera`, `howto.tera`, `announcement.tera` and
//! the partials they include) render each item into a small cue language, one cue a line:
//!
//! ```text
//! @jingle mo-dau
//! @line station:chao | Đài truyền thanh xã Định Tân xin kính chào bà con.
//! @line boi-canh-1 | Đầu năm 2024, thôn Đông …
//! @pause 1.5
//! @bed start nen          @bed stop
//! ```
//!
//! A line's id is local to the item unless prefixed `shared:` (recorded once for every programme)
//! or `station:` (recorded once per station), so one recording of a programme body serves every
//! station. Each line's text is put into spoken form, timed (syllables ÷ rate, plus pauses and
//! jingles) and checked for the ear. Nothing here touches audio.

mod ear;
mod setup;
mod sheet;
mod texts;
mod bulletin;
mod cues;
pub mod lunar;
pub mod words;

use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::Tera;

use crate::content::{Body, Item, Kind, Para};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::normalize::Normalizer;
use crate::project::config::ScriptSettings;
use crate::project::station::StationInfo;
use cues::{parse_cues, RawCue};

pub use bulletin::{render_bulletin, render_bulletin_lines, Bulletin, BulletinParts};
pub use ear::{check_lines, count_numbers, mmss, syllables};
pub use setup::Setup;
pub use sheet::{recording_sheet, word_rows, SpokenAnnouncement};
pub use texts::{recording_rows, render_json, render_recording_csv, render_text, RecordingRow};

/// The programme's name, said after the greeting.
pub const PROGRAMME_NAME: &str = "Chuyên mục Làng số";
/// Audio file extensions accepted for a recorded clip.
pub const CLIP_EXTENSIONS: &[&str] = &["wav", "flac", "mp3", "ogg", "m4a"];

/// Who a line belongs to, which decides where its clip lives and how often it is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Said only in this programme: `audio-assets/voice/items/ITEM/LINE.wav`.
    Item,
    /// The same in every programme: `audio-assets/voice/shared/LINE.wav`.
    Shared,
    /// The same in every programme of one station: `audio-assets/voice/stations/STATION/LINE.wav`.
    Station,
}

/// One step of a programme.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Cue {
    /// A jingle from `audio-assets/jingles/NAME.*`.
    Jingle {
        /// Jingle name.
        name: String,
        /// Estimated length until the audio is known.
        estimated_duration_s: f64,
    },
    /// A spoken line, recorded as one clip.
    Line {
        /// Stable id, unique within its scope.
        line_id: String,
        /// Item, shared or station.
        scope: Scope,
        /// What the announcer says (spoken form).
        text: String,
        /// What the template wrote, before the spoken form.
        written: String,
        /// Expected clip, relative to the project (any of [`CLIP_EXTENSIONS`] will do).
        clip: PathBuf,
        /// Syllables ÷ rate.
        estimated_duration_s: f64,
    },
    /// Silence.
    Pause {
        /// Length in seconds.
        seconds: f64,
    },
    /// A music bed starts under the voice.
    BedStart {
        /// Bed name, from `audio-assets/beds/NAME.*`.
        name: String,
    },
    /// The music bed fades out.
    BedStop,
    /// Today's date, assembled from word clips ("hôm nay, thứ hai, ngày ba mươi tháng mười một").
    Date {
        /// The word said before days 1 to 10 (`mong`: "ngày mồng bảy"), when the style wants it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_days: Option<String>,
        /// Followed by the lunar date: "tức ngày mười tám tháng mười âm lịch".
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        lunar: bool,
    },
    /// When the next broadcast is, assembled from word clips ("Mời bà con đón nghe buổi phát
    /// thanh tiếp theo vào năm giờ chiều nay.").
    Next,
}

/// When a slot airs, for the cues said from word clips: its day ([`Cue::Date`]) and the start
/// of the next broadcast ([`Cue::Next`]), in the station's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AirDate {
    /// The day it airs.
    pub day: chrono::NaiveDate,
    /// When the station broadcasts next, if it does.
    pub next: Option<chrono::NaiveDateTime>,
}

impl AirDate {
    /// Airing on `day`, with no next broadcast known.
    pub fn on(day: chrono::NaiveDate) -> AirDate {
        AirDate { day, next: None }
    }
}

/// A rendered programme script.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Script {
    /// The item's id.
    pub id: String,
    /// The item's title.
    pub title: String,
    /// Story or how-to.
    pub kind: Kind,
    /// The station whose context (greeting, team, phone) was used.
    pub station: String,
    /// Estimated length in seconds: lines, the gaps between them, pauses and jingles.
    pub estimated_duration_s: f64,
    /// The cues in order.
    pub cues: Vec<Cue>,
}

impl Script {
    /// The spoken lines, in order (repeats included).
    pub fn lines(&self) -> impl Iterator<Item = (&str, Scope, &str, &str, &Path)> {
        self.cues.iter().filter_map(|c| match c {
            Cue::Line {
                line_id,
                scope,
                text,
                written,
                clip,
                ..
            } => Some((
                line_id.as_str(),
                *scope,
                text.as_str(),
                written.as_str(),
                clip.as_path(),
            )),
            _ => None,
        })
    }
}

/// The loaded templates of a project.
pub struct Templates {
    tera: Tera,
    dir: PathBuf,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").field("dir", &self.dir).finish()
    }
}

/// The templates a project must have.
pub const REQUIRED_TEMPLATES: &[&str] =
    &["story.tera", "howto.tera", "announcement.tera", "slot.tera"];

impl Templates {
    /// Loads every `*.tera` file in `root/scripts/`.
    pub fn load(root: &Path) -> Result<Templates> {
        let dir = root.join("scripts");
        let entries = std::fs::read_dir(&dir).map_err(|source| Error::Read {
            path: dir.clone(),
            source,
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "tera"))
            .collect();
        files.sort();
        let mut sources = Vec::new();
        for path in &files {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            sources.push((name, text));
        }
        for required in REQUIRED_TEMPLATES {
            if !sources.iter().any(|(n, _)| n == required) {
                return Err(Error::Template {
                    path: dir.join(required),
                    message:
                        "missing; every project needs story.tera, howto.tera and announcement.tera"
                            .into(),
                });
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![]);
        tera.register_filter("for_ear", for_ear_filter);
        // Add one at a time first so that a syntax error names its file.
        for (name, text) in &sources {
            let mut probe = Tera::default();
            let partials: Vec<(&str, &str)> = sources
                .iter()
                .filter(|(n, _)| n != name)
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            let _ = probe.add_raw_templates(partials);
            if let Err(e) = probe.add_raw_template(name, text) {
                return Err(Error::Template {
                    path: dir.join(name),
                    message: error_chain(&e),
                });
            }
        }
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect::<Vec<_>>(),
        )
        .map_err(|e| Error::Template {
            path: dir.clone(),
            message: error_chain(&e),
        })?;
        Ok(Templates { tera, dir })
    }

    /// Renders a template with a context and parses its cues.
    fn render_cues(
        &self,
        template: &str,
        context: &tera::Context,
        item_id: &str,
    ) -> Result<Vec<RawCue>> {
        let text = self
            .tera
            .render(template, context)
            .map_err(|e| Error::Template {
                path: self.dir.join(template),
                message: format!("rendering `{item_id}`: {}", error_chain(&e)),
            })?;
        let parts = template == bulletin::TEMPLATE;
        parse_cues(&text, parts).map_err(|(line, message)| Error::Cue {
            template: template.to_string(),
            item: item_id.to_string(),
            line,
            message,
        })
    }
}

/// `{{ text | for_ear }}`: percentages and ratios before a noun said as "cứ mười hộ thì hơn
/// chín hộ", big figures rounded ([`crate::normalize::for_ear`]).
fn for_ear_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    match value {
        tera::Value::String(s) => Ok(tera::Value::String(crate::normalize::for_ear(s))),
        tera::Value::Array(a) => a
            .iter()
            .map(|v| for_ear_filter(v, &Default::default()))
            .collect::<tera::Result<Vec<_>>>()
            .map(tera::Value::Array),
        other => Ok(other.clone()),
    }
}

/// An error and its sources, joined with `: ` (tera hides the useful part in the sources).
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// Everything a script needs besides the item.
pub struct ScriptContext<'a> {
    /// The project root, to check which clips exist.
    pub root: &'a Path,
    /// Loaded templates.
    pub templates: &'a Templates,
    /// Spoken form.
    pub normalizer: &'a Normalizer,
    /// Timing and check settings.
    pub settings: &'a ScriptSettings,
    /// Greeting and contact context.
    pub station: &'a StationInfo,
    /// Render the in-slot variant: no jingles, greeting or station lines, so that the audio
    /// is the same for every station.
    pub in_slot: bool,
}

/// A script and its ear-check warnings.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The script.
    pub script: Script,
    /// Warnings, each with the content file and line.
    pub warnings: Vec<Diagnostic>,
}

/// The clip path for a line, relative to the project.
pub fn clip_path(scope: Scope, item: &str, station: &str, line_id: &str) -> PathBuf {
    let base = Path::new("audio-assets/voice");
    match scope {
        Scope::Item => base.join("items").join(item).join(format!("{line_id}.wav")),
        Scope::Shared => base.join("shared").join(format!("{line_id}.wav")),
        Scope::Station => base
            .join("stations")
            .join(station)
            .join(format!("{line_id}.wav")),
    }
}

/// The recorded file for an expected clip, in any accepted format, if present.
pub fn find_clip(root: &Path, clip: &Path) -> Option<PathBuf> {
    CLIP_EXTENSIONS
        .iter()
        .map(|ext| root.join(clip).with_extension(ext))
        .find(|p| p.is_file())
}

fn paras(p: &[Para]) -> Vec<&str> {
    p.iter().map(|x| x.text.as_str()).collect()
}

/// The tera context for an item.
pub fn item_context(item: &Item, station: &StationInfo, in_slot: bool) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("in_slot", &in_slot);
    ctx.insert("programme", PROGRAMME_NAME);
    ctx.insert("station", station);
    ctx.insert(
        "item",
        &serde_json::json!({
            "id": item.id,
            "title": item.title,
            "kind": item.kind().as_str(),
            "topic": item.topic.slug(),
            "topic_label": item.topic.label(),
            "summary": item.summary,
            "platforms": item.platforms,
            "key_point": item.key_point,
        }),
    );
    match &item.body {
        Body::Story(s) => ctx.insert(
            "story",
            &serde_json::json!({
                "people": s.people,
                "place": s.place.then_and_now(),
                "opening": s.opening(),
                "as_of": s.as_of.map(|a| a.spoken()),
                "context": paras(&s.context),
                "action": paras(&s.action),
                "result": paras(&s.result),
                "try_it": paras(&s.try_it),
            }),
        ),
        Body::Howto(h) => ctx.insert(
            "howto",
            &serde_json::json!({
                "safety": h.safety,
                "remember": h.remember,
                "last_verified": h.last_verified.to_string(),
                "intro": paras(&h.intro),
                "steps": paras(&h.steps),
                "outro": paras(&h.outro),
            }),
        ),
    }
    ctx
}

/// Renders an item's script, in spoken form, with its timing and ear-check warnings.
pub fn render(item: &Item, cx: &ScriptContext) -> Result<Rendered> {
    let template = format!("{}.tera", item.kind().as_str());
    let raw = cx.templates.render_cues(
        &template,
        &item_context(item, cx.station, cx.in_slot),
        &item.id,
    )?;
    check_in_slot(&template, &item.id, &raw, cx)?;
    let script = build(&item.id, &item.title, item.kind(), raw, cx);
    let warnings = ear::check(item, &script, cx.settings, cx.normalizer.lexicon());
    Ok(Rendered { script, warnings })
}

/// Renders the scripts of several items (without their ear-check warnings).
pub fn render_scripts(items: &[&Item], cx: &ScriptContext) -> Result<Vec<Script>> {
    items
        .iter()
        .map(|i| render(i, cx).map(|r| r.script))
        .collect()
}

/// Renders a spoken announcement (`announcement.tera`) with an id, a title and a text, said as
/// on the first day it airs.
pub fn render_announcement(a: &SpokenAnnouncement, cx: &ScriptContext) -> Result<Script> {
    let dated = a.on.map(|on| cx.normalizer.on(on));
    let cx = &ScriptContext {
        normalizer: dated.as_ref().unwrap_or(cx.normalizer),
        ..*cx
    };
    let (id, title, text) = (a.id, a.title, a.text);
    let mut ctx = tera::Context::new();
    ctx.insert("programme", PROGRAMME_NAME);
    ctx.insert("station", cx.station);
    ctx.insert("in_slot", &cx.in_slot);
    ctx.insert(
        "announcement",
        &serde_json::json!({ "id": id, "title": title, "text": text }),
    );
    let raw = cx.templates.render_cues("announcement.tera", &ctx, id)?;
    check_in_slot("announcement.tera", id, &raw, cx)?;
    Ok(build(id, title, Kind::Story, raw, cx))
}

/// The parts of a slot's frame rendered by `slot.tera`; `menu` is rendered for each slot
/// ([`render_menu`]), here with a sample that has every line the station records for it.
pub const FRAME_PARTS: [&str; 4] = ["open", "menu", "contact", "close"];

/// One programme a slot's menu names: its id (whose title clip is said) and its title.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MenuEntry {
    /// The programme's id.
    pub id: String,
    /// Its title, as its own `tieu-de` line says it.
    pub title: String,
}

/// What a slot's menu names: "today's menu", said after the greeting.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Menu {
    /// The programmes, in airing order.
    pub programmes: Vec<MenuEntry>,
    /// Whether notices air too (named together, not one by one).
    pub notices: bool,
    /// How many items the slot airs in all.
    pub size: usize,
}

impl Menu {
    /// A menu with every line a station records for it (no programme: their titles are
    /// recorded with them).
    fn sample() -> Menu {
        Menu {
            programmes: Vec::new(),
            notices: true,
            size: 2,
        }
    }
}

/// Renders one part of the slot frame (`open`, `menu`, `contact` or `close`) for the station.
pub fn render_frame(part: &str, cx: &ScriptContext) -> Result<Script> {
    render_slot_part(part, &Menu::sample(), cx)
}

/// Renders a slot's menu: the programmes it airs, each said from its own title clip.
pub fn render_menu(menu: &Menu, cx: &ScriptContext) -> Result<Script> {
    render_slot_part("menu", menu, cx)
}

fn render_slot_part(part: &str, menu: &Menu, cx: &ScriptContext) -> Result<Script> {
    let mut ctx = tera::Context::new();
    ctx.insert("programme", PROGRAMME_NAME);
    ctx.insert("station", cx.station);
    ctx.insert("part", part);
    ctx.insert("menu", menu);
    ctx.insert("in_slot", &false);
    let id = format!("slot-{part}");
    let raw = cx.templates.render_cues("slot.tera", &ctx, &id)?;
    Ok(build(&id, part, Kind::Story, raw, cx))
}

/// In-slot audio must not depend on the station: refuse station lines and jingles there.
fn check_in_slot(template: &str, id: &str, raw: &[RawCue], cx: &ScriptContext) -> Result<()> {
    if !cx.in_slot {
        return Ok(());
    }
    for c in raw {
        let bad = match c {
            RawCue::Line {
                scope: Scope::Station,
                id: line,
                ..
            } => Some(format!("station line `{line}`")),
            RawCue::Jingle(name) => Some(format!("jingle `{name}`")),
            _ => None,
        };
        if let Some(what) = bad {
            return Err(Error::Cue {
                template: template.to_string(),
                item: id.to_string(),
                line: 0,
                message: format!(
                    "the in-slot variant has a {what}; wrap it in {{% if not in_slot %}} so one recording serves every station"
                ),
            });
        }
    }
    Ok(())
}

fn build(id: &str, title: &str, kind: Kind, raw: Vec<RawCue>, cx: &ScriptContext) -> Script {
    let rate = cx.settings.syllables_per_second;
    let mut cues = Vec::with_capacity(raw.len());
    let mut total = 0.0;
    let mut lines = 0usize;
    for c in raw {
        let cue = match c {
            RawCue::Jingle(name) => {
                total += cx.settings.jingle_seconds;
                Cue::Jingle {
                    name,
                    estimated_duration_s: cx.settings.jingle_seconds,
                }
            }
            RawCue::Pause(seconds) => {
                total += seconds;
                Cue::Pause { seconds }
            }
            RawCue::BedStart(name) => Cue::BedStart { name },
            RawCue::BedStop => Cue::BedStop,
            RawCue::Date(lunar) => {
                total += crate::script::words::DATE_ESTIMATE_S;
                if lunar {
                    total += crate::script::words::LUNAR_ESTIMATE_S;
                }
                Cue::Date {
                    first_days: cx.normalizer.first_days_word().map(String::from),
                    lunar,
                }
            }
            RawCue::Next => {
                total += crate::script::words::NEXT_ESTIMATE_S;
                Cue::Next
            }
            // Only the bulletin reads parts, and it splits its cues at them first.
            RawCue::Part(_) => continue,
            RawCue::Line {
                id: line_id,
                scope,
                text,
                owner,
            } => {
                let spoken = cx.normalizer.normalize(&text);
                let seconds = round_to(syllables(&spoken) as f64 / rate, 0.1);
                total += seconds;
                lines += 1;
                Cue::Line {
                    clip: clip_path(
                        scope,
                        owner.as_deref().unwrap_or(id),
                        &cx.station.id,
                        &line_id,
                    ),
                    line_id,
                    scope,
                    text: spoken,
                    written: text,
                    estimated_duration_s: seconds,
                }
            }
        };
        cues.push(cue);
    }
    total += lines.saturating_sub(1) as f64 * cx.settings.line_gap_seconds;
    Script {
        id: id.to_string(),
        title: title.to_string(),
        kind,
        // In-slot audio is the same for every station: it records none.
        station: if cx.in_slot {
            String::new()
        } else {
            cx.station.id.clone()
        },
        estimated_duration_s: round_to(total, 0.1),
        cues,
    }
}

fn round_to(x: f64, step: f64) -> f64 {
    let per_unit = (1.0 / step).round();
    (x * per_unit).round() / per_unit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_paths_follow_scope() {
        assert_eq!(
            clip_path(Scope::Item, "a", "s", "l-1"),
            Path::new("audio-assets/voice/items/a/l-1.wav")
        );
        assert_eq!(
            clip_path(Scope::Shared, "a", "s", "ket"),
            Path::new("audio-assets/voice/shared/ket.wav")
        );
        assert_eq!(
            clip_path(Scope::Station, "a", "s", "chao"),
            Path::new("audio-assets/voice/stations/s/chao.wav")
        );
    }
}
