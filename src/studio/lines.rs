//! What a page shows, prepared from the library: each item's counts of lines present, missing
//! and to re-record; the numbered lines of a sheet with their status, checks and clip address;
//! the station's lines gathered from every item's sheet. Nothing here speaks HTTP.

use std::path::Path;

use serde::Serialize;

use crate::content::Kind;
use crate::error::Error;
use crate::project::Project;
use crate::take::{self, ClipState, LineScope, LineStatus, Records, Sheet, SheetLine, Target};

use super::error::StudioError;

/// The sheet of `target`; an unknown item is a 404.
pub fn sheet(
    project: &Project,
    station: Option<&Path>,
    target: &Target,
) -> Result<Sheet, StudioError> {
    take::item_sheet(project, target, station).map_err(|e| match e {
        Error::UnknownItem { id } => StudioError::NotFound(format!("không có bài `{id}`")),
        e => StudioError::Loaxa(e),
    })
}

/// The line whose [`SheetLine::key`] is `line_id` in `sheet` (not a repeat), or a 404.
pub fn line<'a>(sheet: &'a Sheet, line_id: &str) -> Result<&'a SheetLine, StudioError> {
    sheet
        .lines
        .iter()
        .find(|l| l.key() == line_id && !l.repeat)
        .ok_or_else(|| {
            StudioError::NotFound(format!(
                "không có câu `{line_id}` trong `{}`",
                sheet.target.name()
            ))
        })
}

/// How many lines are present, missing and to re-record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Recorded and fine.
    pub present: usize,
    /// Not recorded yet.
    pub missing: usize,
    /// To record again.
    pub rerecord: usize,
}

/// The counts of a list of statuses.
pub fn counts(statuses: &[LineStatus]) -> Counts {
    let mut c = Counts::default();
    for s in statuses {
        match s.state {
            ClipState::Present => c.present += 1,
            ClipState::Missing => c.missing += 1,
            ClipState::Rerecord => c.rerecord += 1,
        }
    }
    c
}

/// One item on the front page.
#[derive(Debug, Serialize)]
pub struct ItemRow {
    /// The item id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// `Câu chuyện` or `Hướng dẫn`.
    pub kind: &'static str,
    /// Its lines' counts (from the record of texts; clips are not decoded here).
    pub counts: Counts,
    /// Why its sheet could not be made, if it could not.
    pub error: Option<String>,
}

/// Every item of the library, in library order, with its counts.
pub fn items(project: &Project, station: Option<&Path>) -> Result<Vec<ItemRow>, StudioError> {
    let (library, _) = crate::content::load(&project.root);
    let records = Records::load(&project.root)?;
    let rows = library
        .items
        .iter()
        .map(|item| {
            let target = Target::Item(item.id.clone());
            let sheet = take::item_sheet(project, &target, station);
            let (counts, error) = match sheet {
                Ok(s) => (
                    counts(&take::status(&project.root, &s, &records, false)),
                    None,
                ),
                Err(e) => (Counts::default(), Some(e.to_string())),
            };
            ItemRow {
                id: item.id.clone(),
                title: item.title.clone(),
                kind: match item.kind() {
                    Kind::Story => "Câu chuyện",
                    Kind::Howto => "Hướng dẫn",
                },
                counts,
                error,
            }
        })
        .collect();
    Ok(rows)
}

/// The station's lines (greeting, contact) and the shared lines, from every item's sheet, in the
/// order they are first read; each with the sheet it was found in.
pub fn station_lines(
    project: &Project,
    station: Option<&Path>,
) -> Result<Vec<(SheetLine, Sheet)>, StudioError> {
    let (library, _) = crate::content::load(&project.root);
    let mut out: Vec<(SheetLine, Sheet)> = Vec::new();
    for item in &library.items {
        let Ok(sheet) = take::item_sheet(project, &Target::Item(item.id.clone()), station) else {
            continue;
        };
        let new: Vec<SheetLine> = sheet
            .lines
            .iter()
            .filter(|l| matches!(l.scope, LineScope::Station | LineScope::Shared) && !l.repeat)
            .filter(|l| !out.iter().any(|(o, _)| o.clip == l.clip))
            .cloned()
            .collect();
        out.extend(new.into_iter().map(|l| (l, sheet.clone())));
    }
    out.sort_by_key(|(l, _)| l.scope != LineScope::Station);
    Ok(out)
}

/// A check's warning as shown.
#[derive(Debug, Serialize)]
pub struct Warn {
    /// What was found, in Vietnamese.
    pub message: String,
    /// What to do, in Vietnamese.
    pub hint: String,
}

/// One numbered line of a page.
#[derive(Debug, Serialize)]
pub struct Row {
    /// 1-based, in reading order.
    pub number: usize,
    /// The line's [`key`].
    pub line_id: String,
    /// Where its clip lives, in Vietnamese.
    pub scope: &'static str,
    /// What is read.
    pub text: String,
    /// About how long, e.g. `4,2 giây`.
    pub estimated: String,
    /// The pause after it, e.g. `nghỉ 1,5 giây`, or empty.
    pub pause: String,
    /// `present`, `missing`, `rerecord` or `repeat`.
    pub state: &'static str,
    /// The state in Vietnamese.
    pub state_label: String,
    /// The checks' warnings.
    pub warnings: Vec<Warn>,
    /// The clip's address, when it is recorded.
    pub clip_url: Option<String>,
    /// For a repeated line, the number of its first reading.
    pub repeat_of: Option<usize>,
}

/// The rows of `lines` with their statuses; `clip_base` + `/LINE` serves a present clip.
pub fn rows(lines: &[SheetLine], statuses: &[LineStatus], clip_base: &str) -> Vec<Row> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let first = lines
                .iter()
                .position(|o| o.clip == l.clip)
                .filter(|_| l.repeat);
            let status = statuses
                .iter()
                .find(|s| s.clip == l.clip && first.is_none());
            row(i + 1, l, status, first.map(|f| f + 1), clip_base)
        })
        .collect()
}

fn row(
    number: usize,
    l: &SheetLine,
    s: Option<&LineStatus>,
    repeat_of: Option<usize>,
    clip_base: &str,
) -> Row {
    let (state, state_label) = match (s.map(|s| s.state), repeat_of) {
        (_, Some(n)) => ("repeat", format!("Đọc lại câu {n}")),
        (Some(ClipState::Present), _) => ("present", "Đã có".to_string()),
        (Some(ClipState::Rerecord), _) => ("rerecord", "Cần thu lại".to_string()),
        _ => ("missing", "Chưa thu".to_string()),
    };
    let recorded = s.is_some_and(|s| s.file.is_some());
    let line_id = l.key();
    Row {
        number,
        clip_url: recorded.then(|| format!("{clip_base}/{line_id}")),
        line_id,
        scope: scope_vi(l.scope),
        text: l.text.clone(),
        estimated: format!("{} giây", seconds_vi(l.estimated_s)),
        pause: match l.pause_after_s > 0.0 {
            true => format!("nghỉ {} giây", seconds_vi(l.pause_after_s)),
            false => String::new(),
        },
        state,
        state_label,
        warnings: s.map_or_else(Vec::new, |s| {
            s.warnings
                .iter()
                .map(|w| Warn {
                    message: w.message_vi.clone(),
                    hint: w.hint_vi.to_string(),
                })
                .collect()
        }),
        repeat_of,
    }
}

fn scope_vi(scope: LineScope) -> &'static str {
    match scope {
        LineScope::Item => "câu của bài",
        LineScope::Shared => "câu chung",
        LineScope::Station => "câu của đài",
        LineScope::Word => "từ đọc ngày tháng",
    }
}

/// `1,5`, `2`: seconds with a decimal comma, one decimal at most.
pub fn seconds_vi(s: f64) -> String {
    let text = format!("{s:.1}");
    text.trim_end_matches(".0").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn line(id: &str, clip: &str, repeat: bool) -> SheetLine {
        SheetLine {
            line_id: id.into(),
            scope: LineScope::Item,
            clip: PathBuf::from(clip),
            text: "x".into(),
            estimated_s: 2.24,
            pause_after_s: 1.0,
            repeat,
        }
    }

    #[test]
    fn repeats_point_to_their_first_reading_and_present_lines_get_a_player() {
        let lines = [
            line("a", "a.wav", false),
            line("b", "b.wav", false),
            line("a", "a.wav", true),
        ];
        let statuses = vec![LineStatus {
            line_id: "a".into(),
            scope: LineScope::Item,
            clip: "a.wav".into(),
            file: Some("a.wav".into()),
            text: "x".into(),
            estimated_s: 2.24,
            state: ClipState::Present,
            warnings: vec![],
        }];
        let rows = rows(&lines, &statuses, "/clip/item/it");
        assert_eq!(rows[0].state, "present");
        assert_eq!(rows[0].clip_url.as_deref(), Some("/clip/item/it/a"));
        assert_eq!(rows[1].state, "missing");
        assert_eq!((rows[2].state, rows[2].repeat_of), ("repeat", Some(1)));
        assert_eq!(rows[0].estimated, "2,2 giây");
        assert_eq!(rows[0].pause, "nghỉ 1 giây");
        let mut station = line("chao", "chao.wav", false);
        station.scope = LineScope::Station;
        assert_eq!(station.key(), "station:chao");
        station.line_id = "station:chao".into();
        assert_eq!(station.key(), "station:chao");
    }
}
