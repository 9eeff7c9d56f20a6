//! What a take must contain: the script's spoken lines in the order the announcer reads them
//! (the numbered lines of `loaxa script`), each with its expected length and the pause the
//! script asks for after it; or the date words in `loaxa words` order.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::project::Project;
use crate::script::{self, words, Cue, Scope, Script, Setup};

/// What a take is of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// One item's script.
    Item(String),
    /// The date words (`loaxa words`).
    Words,
}

impl Target {
    /// The item id, or `words`: the folder name under `audio-assets/takes/`.
    pub fn name(&self) -> &str {
        match self {
            Target::Item(id) => id,
            Target::Words => "words",
        }
    }
}

/// Where a line's clip lives, which decides whether a take replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineScope {
    /// `voice/items/ITEM/`: always replaced by a new take of the item.
    Item,
    /// `voice/shared/`: kept if present, unless `--replace`.
    Shared,
    /// `voice/stations/STATION/`: kept if present, unless `--replace`.
    Station,
    /// `voice/words/`: the date words.
    Word,
}

impl From<Scope> for LineScope {
    fn from(s: Scope) -> LineScope {
        match s {
            Scope::Item => LineScope::Item,
            Scope::Shared => LineScope::Shared,
            Scope::Station => LineScope::Station,
        }
    }
}

/// One line the announcer reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetLine {
    /// The line's id in its scope (`tieu-de`, `chao`, `thu-hai`…); see [`SheetLine::key`].
    pub line_id: String,
    /// Item, shared, station or word.
    pub scope: LineScope,
    /// The clip's path relative to the project (`.wav`; another accepted extension counts).
    pub clip: PathBuf,
    /// What is read (spoken form).
    pub text: String,
    /// The timing model's estimate, in seconds.
    pub estimated_s: f64,
    /// The pause the script asks for after this line (pauses, jingles), in seconds.
    pub pause_after_s: f64,
    /// The same clip was read earlier in the take (a repeated line): only the first is filed.
    pub repeat: bool,
}

/// Every line of one take, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sheet {
    /// What the take is of.
    pub target: Target,
    /// The title shown to the announcer.
    pub title: String,
    /// The station whose lines are read.
    pub station: String,
    /// The lines.
    pub lines: Vec<SheetLine>,
}

/// The lines of `script` in reading order, with the pauses the script marks after each.
pub fn script_sheet(script: &Script) -> Sheet {
    let mut lines: Vec<SheetLine> = Vec::new();
    for cue in &script.cues {
        match cue {
            Cue::Line {
                line_id,
                scope,
                text,
                clip,
                estimated_duration_s,
                ..
            } => {
                let repeat = lines.iter().any(|l| &l.clip == clip);
                lines.push(SheetLine {
                    line_id: line_id.clone(),
                    scope: (*scope).into(),
                    clip: clip.clone(),
                    text: text.clone(),
                    estimated_s: with_inner_pauses(*estimated_duration_s, text),
                    pause_after_s: 0.0,
                    repeat,
                });
            }
            Cue::Pause { seconds } => add_pause(&mut lines, *seconds),
            Cue::Jingle { .. } | Cue::Date { .. } | Cue::Next => add_pause(&mut lines, 1.0),
            Cue::BedStart { .. } | Cue::BedStop => {}
        }
    }
    Sheet {
        target: Target::Item(script.id.clone()),
        title: script.title.clone(),
        station: script.station.clone(),
        lines,
    }
}

fn add_pause(lines: &mut [SheetLine], seconds: f64) {
    if let Some(last) = lines.last_mut() {
        last.pause_after_s += seconds;
    }
}

/// A reader pauses inside a line too: about 0.45 s at each sentence end and 0.15 s at each
/// comma, which the syllable count leaves out.
fn with_inner_pauses(estimate: f64, text: &str) -> f64 {
    let t = text.trim_end();
    let stops = t.matches(['.', '?', '!', ':', ';']).count();
    let ends_with_stop = t.ends_with(['.', '?', '!', ':', ';']);
    let inner = stops.saturating_sub(usize::from(ends_with_stop));
    let commas = t.matches(',').count();
    estimate + 0.45 * inner as f64 + 0.15 * commas as f64
}

impl SheetLine {
    /// The line's key, unique in a take: `tieu-de`, `shared:lam-theo`, `station:chao`,
    /// `word:thu-hai` (the script's cue syntax).
    pub fn key(&self) -> String {
        match self.scope {
            // Already scoped (a key given back as an id).
            _ if self.line_id.contains(':') => self.line_id.clone(),
            LineScope::Item => self.line_id.clone(),
            LineScope::Shared => format!("shared:{}", self.line_id),
            LineScope::Station => format!("station:{}", self.line_id),
            LineScope::Word => format!("word:{}", self.line_id),
        }
    }
}

/// The date words, in `loaxa words` order, each a short line with a pause after it.
pub fn words_sheet(syllables_per_second: f64) -> Sheet {
    let lines = words::all()
        .into_iter()
        .map(|w| SheetLine {
            estimated_s: (script::syllables(&w.text) as f64 / syllables_per_second).max(0.3),
            line_id: w.id,
            scope: LineScope::Word,
            clip: w.clip,
            text: w.text,
            pause_after_s: 0.5,
            repeat: false,
        })
        .collect();
    Sheet {
        target: Target::Words,
        title: "Các từ đọc ngày tháng".into(),
        station: String::new(),
        lines,
    }
}

/// The sheet of a take of `target`, read by the station of `station_file` (the project's only
/// station file when `None`).
pub fn item_sheet(
    project: &Project,
    target: &Target,
    station_file: Option<&Path>,
) -> Result<Sheet> {
    let id = match target {
        Target::Words => return Ok(words_sheet(project.config.script.syllables_per_second)),
        Target::Item(id) => id,
    };
    let (library, _) = crate::content::load(&project.root);
    let item = library
        .get(id)
        .ok_or_else(|| Error::UnknownItem { id: id.clone() })?;
    let (setup, _) = Setup::load(project);
    let setup = setup?;
    let station = project.station(station_file)?;
    let rendered = script::render(item, &setup.context(&station, false))?;
    Ok(script_sheet(&rendered.script))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Kind;

    fn line(id: &str, scope: Scope, secs: f64) -> Cue {
        Cue::Line {
            line_id: id.into(),
            scope,
            text: "x".into(),
            written: "x".into(),
            clip: script::clip_path(scope, "it", "st", id),
            estimated_duration_s: secs,
        }
    }

    #[test]
    fn pauses_and_jingles_attach_to_the_line_before() {
        let s = Script {
            id: "it".into(),
            title: "T".into(),
            kind: Kind::Story,
            station: "st".into(),
            estimated_duration_s: 0.0,
            cues: vec![
                Cue::Jingle {
                    name: "mo-dau".into(),
                    estimated_duration_s: 6.0,
                },
                line("chao", Scope::Station, 2.0),
                Cue::Pause { seconds: 1.5 },
                line("a", Scope::Item, 3.0),
                Cue::Jingle {
                    name: "ket".into(),
                    estimated_duration_s: 6.0,
                },
                line("a", Scope::Item, 3.0),
            ],
        };
        let sheet = script_sheet(&s);
        let got: Vec<(String, f64, bool)> = sheet
            .lines
            .iter()
            .map(|l| (l.key(), l.pause_after_s, l.repeat))
            .collect();
        assert_eq!(
            got,
            vec![
                ("station:chao".to_string(), 1.5, false),
                ("a".to_string(), 1.0, false),
                ("a".to_string(), 0.0, true)
            ]
        );
        assert_eq!(sheet.lines[0].scope, LineScope::Station);
    }

    #[test]
    fn words_follow_loaxa_words_order() {
        let sheet = words_sheet(3.7);
        let all = words::all();
        assert_eq!(sheet.lines.len(), all.len());
        assert_eq!(sheet.lines[0].clip, all[0].clip);
        assert!(sheet.lines.iter().all(|l| l.estimated_s >= 0.3));
    }
}

#[cfg(test)]
mod estimate_tests {
    use super::with_inner_pauses;

    #[test]
    fn sentence_ends_and_commas_inside_a_line_add_pauses() {
        let cases = [
            ("Một câu.", 2.0, 2.0),
            ("Câu một. Câu hai.", 2.0, 2.45),
            ("Bước hai: mở ứng dụng, rồi đăng nhập.", 2.0, 2.6),
        ];
        for (text, est, want) in cases {
            assert!((with_inner_pauses(est, text) - want).abs() < 1e-9, "{text}");
        }
    }
}
