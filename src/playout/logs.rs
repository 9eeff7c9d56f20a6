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
    /// Each folder's log text as it should be on disk, once its log was read.
    texts: BTreeMap<PathBuf, String>,
    /// The folders whose text is not on disk yet.
    unwritten: BTreeSet<PathBuf>,
    /// Rows whose folder's log could not be read or marked yet, in order.
    pending: Vec<AsRunRow>,
    write: Writer,
}

impl std::fmt::Debug for AsRunLogs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsRunLogs")
            .field("unwritten", &self.unwritten)
            .field("pending", &self.pending.len())
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
            pending: Vec::new(),
            write,
        }
    }

    /// Adds a row to its folder's log and writes every log not on disk yet. The row is kept
    /// whatever happens; `Err` says a log could not be written this time (it will be again at
    /// the next row or [`AsRunLogs::flush`]).
    pub fn append(&mut self, row: &AsRunRow) -> Result<()> {
        self.pending.push(row.clone());
        self.flush()
    }

    /// Puts the waiting rows into their logs (a folder's log is read, and marked as real,
    /// first) and writes every log not on disk yet; the first error, if any (the others are
    /// tried too).
    pub fn flush(&mut self) -> Result<()> {
        let mut first = self.take_pending().err();
        for folder in std::mem::take(&mut self.unwritten) {
            let text = &self.texts[&folder];
            if let Err(e) = (self.write)(&folder.join(as_run::AS_RUN), text.as_bytes()) {
                first.get_or_insert(e);
                self.unwritten.insert(folder);
            }
        }
        first.map_or(Ok(()), Err)
    }

    /// Moves the waiting rows into their folders' texts, in order. A folder whose log cannot
    /// be read or marked keeps its rows waiting (and so do its later rows), so that a row is
    /// never written over a log whose earlier rows were not read.
    fn take_pending(&mut self) -> Result<()> {
        let mut first = None;
        let mut blocked = BTreeSet::new();
        for row in std::mem::take(&mut self.pending) {
            let folder = row.folder.clone();
            if !blocked.contains(&folder) && !self.texts.contains_key(&folder) {
                match open(&folder, &mut self.write) {
                    Ok(text) => {
                        self.texts.insert(folder.clone(), text);
                    }
                    Err(e) => {
                        first.get_or_insert(e);
                        blocked.insert(folder.clone());
                    }
                }
            }
            match self
                .texts
                .get_mut(&folder)
                .filter(|_| !blocked.contains(&folder))
            {
                Some(text) => {
                    *text = as_run::as_run_text(Some(text), &[&row]);
                    self.unwritten.insert(folder);
                }
                None => self.pending.push(row),
            }
        }
        first.map_or(Ok(()), Err)
    }

    /// How many logs wait for room on the disk.
    pub fn waiting(&self) -> usize {
        let pending: BTreeSet<&PathBuf> = self.pending.iter().map(|r| &r.folder).collect();
        self.unwritten.len()
            + pending
                .iter()
                .filter(|f| !self.unwritten.contains(**f))
                .count()
    }
}

/// The log of real airings in `folder` so far, after moving a simulated one aside and marking
/// the folder's log as real (through `write`).
fn open(folder: &Path, write: &mut Writer) -> Result<String> {
    let log = folder.join(as_run::AS_RUN);
    let mark = folder.join(as_run::ON_AIR_MARK);
    if log.exists() && !mark.exists() {
        let aside = folder.join(as_run::AS_RUN_SIMULATED);
        std::fs::rename(&log, &aside).map_err(|source| Error::Write {
            path: aside,
            source,
        })?;
    }
    let text = match std::fs::read_to_string(&log) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => return Err(Error::Read { path: log, source }),
    };
    if !mark.exists() {
        write(&mark, b"as-run.csv records real airings\n")?;
    }
    Ok(text)
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
            detail: String::new(),
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

    #[test]
    fn a_log_that_cannot_be_read_is_never_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join(as_run::AS_RUN);
        std::fs::write(dir.path().join(as_run::ON_AIR_MARK), b"real\n").unwrap();
        // Unreadable for now (here: a folder where the log should be).
        std::fs::create_dir(&log).unwrap();
        let mut logs = AsRunLogs::default();
        assert!(logs.append(&row(dir.path(), "chieu")).is_err());
        assert_eq!(logs.waiting(), 1);
        // Readable again, with a row from an earlier run: the waiting row goes after it.
        std::fs::remove_dir(&log).unwrap();
        let earlier = as_run::as_run_text(None, &[&row(dir.path(), "sang")]);
        std::fs::write(&log, &earlier).unwrap();
        logs.flush().unwrap();
        assert_eq!(logs.waiting(), 0);
        let text = std::fs::read_to_string(&log).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(
            lines[1].contains(",sang,") && lines[2].contains(",chieu,"),
            "{text}"
        );
    }
}
