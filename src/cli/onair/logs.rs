//! The as-run logs a live run writes, by week folder. The whole text is rewritten atomically
//! with each row, so a rebuilt week folder or a power cut never loses a row or half a row. A
//! simulated log found in a folder is moved aside first, and a mark says the log is real.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use loaxa::output::as_run::{self, AsRunRow};
use loaxa::{atomic, Error};

#[derive(Default)]
pub struct Logs {
    texts: HashMap<PathBuf, String>,
}

impl Logs {
    pub fn append(&mut self, row: &AsRunRow) -> loaxa::Result<()> {
        let folder = row.folder.clone();
        let text = match self.texts.remove(&folder) {
            Some(t) => t,
            None => open(&folder)?,
        };
        let text = as_run::as_run_text(Some(&text), &[row]);
        atomic::write(&folder.join(as_run::AS_RUN), text.as_bytes())?;
        self.texts.insert(folder, text);
        Ok(())
    }
}

/// The log of real airings in `folder` so far, after moving a simulated one aside.
fn open(folder: &Path) -> loaxa::Result<String> {
    let log = folder.join(as_run::AS_RUN);
    let mark = folder.join(as_run::ON_AIR_MARK);
    if log.exists() && !mark.exists() {
        let aside = folder.join(as_run::AS_RUN_SIMULATED);
        std::fs::rename(&log, &aside).map_err(|source| Error::Write {
            path: aside,
            source,
        })?;
    }
    atomic::write(&mark, b"as-run.csv records real airings\n")?;
    Ok(std::fs::read_to_string(&log).unwrap_or_default())
}
