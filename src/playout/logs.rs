//! The as-run logs a live run keeps, one per week folder. The whole text is rewritten atomically
//! with each row, so a rebuilt week folder or a power cut never loses a row or half a row. A
//! simulated log found in a folder is moved aside first, and a mark says the log is real.
//!
//! When a log cannot be written (the disk is full, the folder is gone for a moment), playout
//! goes on: its text stays in memory with the new rows, and [`AsRunLogs::flush`] writes it as
//! soon as there is room. No row is ever dropped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::as_run::{self, AsRunRow};

/// How a log's text reaches the disk: `atomic::write` in a live run; anything in a test.
pub type Writer = Box<dyn FnMut(&Path, &[u8]) -> Result<()> + Send>;

/// The as-run logs of a live run.
pub struct AsRunLogs {
    /// Each folder's log text as it should be on disk.
    texts: BTreeMap<PathBuf, String>,
    /// The folders whose text is not on disk yet.
    unwritten: BTreeSet<PathBuf>,
    write: Writer,
}

impl std::fmt::Debug for AsRunLogs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsRunLogs")
            .field("unwritten", &self.unwritten)
            .finish()
    }
}

impl Default for AsRunLogs {
    fn default() -> Self {
        AsRunLogs::with_writer(Box::new(crate::atomic::write))
    }
}

impl AsRunLogs {
    /// Logs written through `write`.
    pub fn with_writer(write: Writer) -> AsRunLogs {
        AsRunLogs {
            texts: BTreeMap::new(),
            unwritten: BTreeSet::new(),
            write,
        }
    }

    /// Adds a row to its folder's log and writes every log not on disk yet. The row is kept
    /// whatever happens; `Err` says a log could not be written this time (it will be again at
    /// the next row or [`AsRunLogs::flush`]).
    pub fn append(&mut self, row: &AsRunRow) -> Result<()> {
        let folder = row.folder.clone();
        let text = match self.texts.remove(&folder) {
            Some(t) => t,
            None => open(&folder).unwrap_or_default(),
        };
        let text = as_run::as_run_text(Some(&text), &[row]);
        self.texts.insert(folder.clone(), text);
        self.unwritten.insert(folder);
        self.flush()
    }

    /// Writes every log not on disk yet; the first error, if any (the others are tried too).
    pub fn flush(&mut self) -> Result<()> {
        let mut first = None;
        for folder in std::mem::take(&mut self.unwritten) {
            let text = &self.texts[&folder];
            if let Err(e) = (self.write)(&folder.join(as_run::AS_RUN), text.as_bytes()) {
                first.get_or_insert(e);
                self.unwritten.insert(folder);
            }
        }
        first.map_or(Ok(()), Err)
    }

    /// How many logs wait for room on the disk.
    pub fn waiting(&self) -> usize {
        self.unwritten.len()
    }
}

/// The log of real airings in `folder` so far, after moving a simulated one aside.
fn open(folder: &Path) -> Result<String> {
    let log = folder.join(as_run::AS_RUN);
    let mark = folder.join(as_run::ON_AIR_MARK);
    if log.exists() && !mark.exists() {
        let aside = folder.join(as_run::AS_RUN_SIMULATED);
        std::fs::rename(&log, &aside).map_err(|source| Error::Write {
            path: aside,
            source,
        })?;
    }
    crate::atomic::write(&mark, b"as-run.csv records real airings\n")?;
    Ok(std::fs::read_to_string(&log).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use chrono::TimeZone;

    use super::*;
    use crate::output::as_run::Outcome;

    fn row(folder: &Path, slot: &str) -> AsRunRow {
        let tz = chrono_tz::Asia::Ho_Chi_Minh;
        let at = tz.with_ymd_and_hms(2026, 12, 7, 5, 30, 0).unwrap();
        AsRunRow {
            folder: folder.to_path_buf(),
            date: at.date_naive(),
            slot: slot.into(),
            planned_start: at,
            actual_start: Some(at),
            actual_end: Some(at),
            items: vec!["a".into()],
            result: Outcome::Played,
        }
    }

    #[test]
    fn rows_kept_while_the_disk_is_full_are_written_when_there_is_room() {
        let dir = tempfile::tempdir().unwrap();
        let full = Arc::new(AtomicUsize::new(2));
        let left = Arc::clone(&full);
        let mut logs = AsRunLogs::with_writer(Box::new(move |path, bytes| {
            if left.load(Ordering::SeqCst) > 0 {
                left.fetch_sub(1, Ordering::SeqCst);
                return Err(Error::Write {
                    path: path.to_path_buf(),
                    source: std::io::Error::other("No space left on device"),
                });
            }
            crate::atomic::write(path, bytes)
        }));
        let log = dir.path().join(as_run::AS_RUN);
        // The disk is full for two writes: both rows wait in memory, nothing is lost.
        assert!(logs.append(&row(dir.path(), "sang")).is_err());
        assert!(logs.append(&row(dir.path(), "chieu")).is_err());
        assert_eq!(logs.waiting(), 1);
        assert!(!log.exists());
        // Room again: both rows reach the disk at once, in order, under one header.
        logs.flush().unwrap();
        assert_eq!(logs.waiting(), 0);
        let text = std::fs::read_to_string(&log).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert_eq!(lines[0], as_run::AS_RUN_HEADER);
        assert!(
            lines[1].contains(",sang,") && lines[2].contains(",chieu,"),
            "{text}"
        );
        assert_eq!(full.load(Ordering::SeqCst), 0);
        // And a later row appends to what is there.
        logs.append(&row(dir.path(), "sang")).unwrap();
        assert_eq!(std::fs::read_to_string(&log).unwrap().lines().count(), 4);
    }
}
