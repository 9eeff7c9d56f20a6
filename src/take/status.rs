//! Each line's clip: present, missing, or to re-record (its text changed since it was recorded,
//! or it fails a check), with the checks.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::audio::{decode, quality};

use super::quality::{judge, stale, unreadable, ClipWarning, Expected};
use super::record::Records;
use super::sheet::{LineScope, Sheet, SheetLine};

/// Where a line's recording stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClipState {
    /// Recorded, and no check asks for a new one.
    Present,
    /// Not recorded yet.
    Missing,
    /// Recorded for an older text, or unreadable: record it again.
    Rerecord,
}

/// One line's recording.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineStatus {
    /// The line's id.
    pub line_id: String,
    /// Item, shared, station or word.
    pub scope: LineScope,
    /// The clip the script expects (relative to the project).
    pub clip: PathBuf,
    /// The file found for it, if any (relative to the project).
    pub file: Option<PathBuf>,
    /// What is read.
    pub text: String,
    /// The timing model's estimate.
    pub estimated_s: f64,
    /// Present, missing or to re-record.
    pub state: ClipState,
    /// The checks' warnings.
    pub warnings: Vec<ClipWarning>,
}

/// The status of each distinct line of `sheet` (repeats left out). With `measure`, each
/// present clip is decoded and checked; otherwise only the record of texts is consulted.
pub fn status(root: &Path, sheet: &Sheet, records: &Records, measure: bool) -> Vec<LineStatus> {
    sheet
        .lines
        .iter()
        .filter(|l| !l.repeat)
        .map(|l| line_status(root, l, records, measure))
        .collect()
}

/// One line's status.
pub fn line_status(root: &Path, l: &SheetLine, records: &Records, measure: bool) -> LineStatus {
    let file = crate::script::find_clip(root, &l.clip);
    let mut warnings = Vec::new();
    let mut state = if file.is_some() {
        ClipState::Present
    } else {
        ClipState::Missing
    };
    if let Some(path) = &file {
        if let Some(r) = records.get(&l.clip).filter(|r| r.text != l.text) {
            warnings.push(stale(&r.text));
            state = ClipState::Rerecord;
        }
        if measure {
            match clip_warnings(path, l.estimated_s) {
                Ok(w) => warnings.extend(w),
                Err(message) => {
                    warnings.push(unreadable(message));
                    state = ClipState::Rerecord;
                }
            }
        }
    }
    LineStatus {
        line_id: l.line_id.clone(),
        scope: l.scope,
        clip: l.clip.clone(),
        file: file.map(|p| p.strip_prefix(root).unwrap_or(&p).to_path_buf()),
        text: l.text.clone(),
        estimated_s: l.estimated_s,
        state,
        warnings,
    }
}

/// The checks of the clip file at `path` for a line expected to last about `estimated_s`
/// (any reader's pace is allowed).
pub fn clip_warnings(path: &Path, estimated_s: f64) -> Result<Vec<ClipWarning>, String> {
    let decoded = decode::decode_file(path).map_err(|e| e.to_string())?;
    let q = quality::measure(&decoded).map_err(|e| e.to_string())?;
    Ok(judge(&q, Some(Expected::alone(estimated_s))))
}
