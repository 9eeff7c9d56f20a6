//! The files `loaxa script` writes for an item, as pure functions of the script.
//!
//! `ID.txt` (what the announcer reads), `ID.cues.json` (the cues with line ids, texts, clip paths
//! and estimates) and `ID.recording.csv` (each clip to record, once, with its status).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::csv_text::csv_text;

use super::{ear::mmss, find_clip, Cue, Scope, Script};

/// Vietnamese label of a kind, for the script header.
fn kind_label(script: &Script) -> &'static str {
    match script.kind {
        crate::content::Kind::Story => "câu chuyện Làng số",
        crate::content::Kind::Howto => "hướng dẫn",
    }
}

fn seconds_vi(s: f64) -> String {
    let t = format!("{s:.1}");
    let t = t.trim_end_matches(".0");
    t.replace('.', ",")
}

/// The announcer's script: the estimate on the first line, then numbered spoken lines and cue
/// marks in square brackets.
pub fn render_text(script: &Script, rate: f64) -> String {
    let mut out = String::new();
    let est = script.estimated_duration_s;
    let _ = writeln!(
        out,
        "Thời lượng ước tính: {} ({} giây, đọc {} tiếng mỗi giây)",
        mmss(est),
        est.round(),
        seconds_vi(rate)
    );
    let _ = writeln!(
        out,
        "{} — {} — mã {} — đài {}",
        script.title,
        kind_label(script),
        script.id,
        script.station
    );
    out.push('\n');
    let mut n = 0;
    for cue in &script.cues {
        match cue {
            Cue::Jingle { name, .. } => {
                let _ = writeln!(out, "[NHẠC HIỆU: {name}]");
            }
            Cue::Pause { seconds } => {
                let _ = writeln!(out, "[NGẮT {} GIÂY]", seconds_vi(*seconds));
            }
            Cue::BedStart { name } => {
                let _ = writeln!(out, "[NHẠC NỀN: {name}]");
            }
            Cue::BedStop => out.push_str("[HẾT NHẠC NỀN]\n"),
            Cue::Date { lunar: false, .. } => {
                out.push_str("[NGÀY THÁNG: hôm nay, thứ …, ngày … tháng …]\n")
            }
            Cue::Date { lunar: true, .. } => out.push_str(
                "[NGÀY THÁNG: hôm nay, thứ …, ngày … tháng …, tức ngày … tháng … âm lịch]\n",
            ),
            Cue::Next => out.push_str(
                "[BUỔI SAU: Mời bà con đón nghe buổi phát thanh tiếp theo vào … giờ … (sáng, chiều …) nay, mai hoặc thứ …]\n",
            ),
            Cue::Line { text, .. } => {
                n += 1;
                let _ = writeln!(out, "{n}. {text}");
            }
        }
    }
    out
}

/// The cues as pretty JSON with a trailing newline.
pub fn render_json(script: &Script) -> String {
    let mut s = serde_json::to_string_pretty(script).unwrap_or_default();
    s.push('\n');
    s
}

/// One clip to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingRow {
    /// `boi-canh-1`, `shared:chuyen-muc` or `station:chao`.
    pub line_id: String,
    /// Expected clip, relative to the project.
    pub clip: PathBuf,
    /// What to read.
    pub text: String,
    /// True when a recording exists in any accepted format.
    pub present: bool,
}

/// The unique clips of a script, in order of first use.
pub fn recording_rows(script: &Script, root: &Path) -> Vec<RecordingRow> {
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for (id, scope, text, _, clip) in script.lines() {
        if !seen.insert(clip.to_path_buf()) {
            continue;
        }
        let line_id = match scope {
            Scope::Item => id.to_string(),
            Scope::Shared => format!("shared:{id}"),
            Scope::Station => format!("station:{id}"),
        };
        rows.push(RecordingRow {
            line_id,
            clip: clip.to_path_buf(),
            text: text.to_string(),
            present: find_clip(root, clip).is_some(),
        });
    }
    rows
}

/// `line_id,clip,text,status` rows, status `present` or `missing`.
pub fn render_recording_csv(rows: &[RecordingRow]) -> String {
    let header = ["line_id", "clip", "text", "status"].map(String::from);
    csv_text(std::iter::once(header).chain(rows.iter().map(|r| {
        [
            r.line_id.clone(),
            r.clip.to_string_lossy().into_owned(),
            r.text.clone(),
            if r.present { "present" } else { "missing" }.to_string(),
        ]
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_use_a_decimal_comma() {
        assert_eq!(seconds_vi(1.5), "1,5");
        assert_eq!(seconds_vi(2.0), "2");
    }
}
