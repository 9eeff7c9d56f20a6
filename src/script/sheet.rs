//! The recording sheet of a batch of scripts: every clip one recording session needs, once.
//!
//! The items' clips come first, in script order, then the slot frame's station lines, the
//! stations' text announcements and the word clips a spoken date is assembled from, so that one
//! session covers everything a week needs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::Result;

use super::texts::{recording_rows, RecordingRow};
use super::{
    find_clip, render_announcement, render_frame, words, Script, ScriptContext, FRAME_PARTS,
};

/// A text announcement of a station file, spoken from its text like an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpokenAnnouncement<'a> {
    /// The announcement's id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// What is read.
    pub text: &'a str,
    /// The first day it airs, from which near dates go without their year.
    pub on: Option<chrono::NaiveDate>,
}

/// Every clip of `scripts`, the slot frame and `announcements` (rendered with `cx`), and the
/// date's words, each clip once, in order of first use.
pub fn recording_sheet(
    scripts: &[&Script],
    announcements: &[SpokenAnnouncement],
    cx: &ScriptContext,
) -> Result<Vec<RecordingRow>> {
    let mut sheet = Sheet::default();
    for s in scripts {
        sheet.add(recording_rows(s, cx.root));
    }
    for part in FRAME_PARTS {
        sheet.add(recording_rows(&render_frame(part, cx)?, cx.root));
    }
    for a in announcements {
        let s = render_announcement(a, cx)?;
        sheet.add(recording_rows(&s, cx.root));
    }
    sheet.add(word_rows(cx.root));
    Ok(sheet.rows)
}

/// The word clips a spoken date is assembled from, with their status under `root`.
pub fn word_rows(root: &Path) -> Vec<RecordingRow> {
    words::all()
        .into_iter()
        .map(|w| RecordingRow {
            present: find_clip(root, &w.clip).is_some(),
            line_id: format!("word:{}", w.id),
            clip: w.clip,
            text: w.text,
        })
        .collect()
}

#[derive(Default)]
struct Sheet {
    rows: Vec<RecordingRow>,
    seen: HashSet<PathBuf>,
}

impl Sheet {
    fn add(&mut self, rows: Vec<RecordingRow>) {
        for row in rows {
            if self.seen.insert(row.clip.clone()) {
                self.rows.push(row);
            }
        }
    }
}
