//! The week folder on disk: every file of a week is written into a hidden temporary folder beside
//! it, which is then swapped into place, so that a week folder either is complete or does not
//! exist. A folder that already holds exactly the new bytes is left alone; playout's as-run log
//! survives a rebuild. Nothing here renders or plans.

use std::collections::BTreeMap;
use std::io::Read;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::as_run::KEPT_FILES;

/// Where a file of the week folder gets its bytes.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Origin {
    /// A copy of a file (from a cache), never read whole into memory.
    Copy(PathBuf),
    /// Bytes held in memory.
    Bytes(Vec<u8>),
}

/// Every file of a week: its path inside the week folder and where its bytes come from.
pub(super) type Files = BTreeMap<String, Origin>;

/// A station's week folder and the station folder it lives in.
pub(super) struct WeekFolder {
    /// `out/STATION`.
    pub station_dir: PathBuf,
    /// `2026-W50`.
    pub week_name: String,
    /// `out/STATION/2026-W50`.
    pub dir: PathBuf,
}

impl WeekFolder {
    /// The folder of `week_name` inside `station_dir`.
    pub fn new(station_dir: PathBuf, week_name: String) -> WeekFolder {
        let dir = station_dir.join(&week_name);
        WeekFolder {
            station_dir,
            week_name,
            dir,
        }
    }

    /// Clears what a killed run left behind (see [`recover`]).
    pub fn recover(&self) {
        recover(&self.station_dir, &self.dir, &self.week_name);
    }

    /// Makes the folder hold exactly `files` (and the kept as-run files), writing only when
    /// something differs.
    pub fn store(&self, files: &Files) -> Result<()> {
        if same_folder(&self.dir, files) {
            return Ok(());
        }
        write_folder(&self.station_dir, &self.dir, &self.week_name, files)
    }
}

/// True if `dir` holds exactly `files`, byte for byte, and nothing else (but playout's log).
pub(super) fn same_folder(dir: &Path, files: &Files) -> bool {
    let mut present = Vec::new();
    if list_files(dir, dir, &mut present).is_err() || present.len() != files.len() {
        return false;
    }
    files.iter().all(|(name, src)| match src {
        Origin::Bytes(bytes) => std::fs::read(dir.join(name)).is_ok_and(|b| &b == bytes),
        Origin::Copy(p) => same_file_bytes(p, &dir.join(name)),
    })
}

/// The files under `dir`, relative to `base` with `/` separators, leaving out the kept files.
fn list_files(base: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            list_files(base, &p, out)?;
        } else if !is_kept(&p) {
            out.push(
                p.strip_prefix(base)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    Ok(())
}

/// True for a file playout keeps in the week folder (the as-run log).
fn is_kept(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| KEPT_FILES.iter().any(|k| n == *k))
}

/// True if two files hold the same bytes (read in chunks, never whole).
pub(super) fn same_file_bytes(a: &Path, b: &Path) -> bool {
    let (Ok(mut fa), Ok(mut fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return false;
    };
    match (fa.metadata(), fb.metadata()) {
        (Ok(ma), Ok(mb)) if ma.len() == mb.len() => {}
        _ => return false,
    }
    let (mut ba, mut bb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = match fa.read(&mut ba) {
            Ok(n) => n,
            Err(_) => return false,
        };
        if n == 0 {
            return fb.read(&mut bb[..1]).is_ok_and(|m| m == 0);
        }
        if fb.read_exact(&mut bb[..n]).is_err() || ba[..n] != bb[..n] {
            return false;
        }
    }
}

/// Folders left by a run that was killed half-way are never mistaken for a week: they are
/// hidden, and cleared here; a week moved aside for the swap is put back.
pub(super) fn recover(station_dir: &Path, final_dir: &Path, week_name: &str) {
    let Ok(entries) = std::fs::read_dir(station_dir) else {
        return;
    };
    let (tmp, old) = (format!(".{week_name}.tmp-"), format!(".{week_name}.old-"));
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with(&tmp) {
            let _ = std::fs::remove_dir_all(e.path());
        } else if name.starts_with(&old) {
            // Killed between the two renames of the swap: the old week comes back.
            if !final_dir.exists() {
                let _ = std::fs::rename(e.path(), final_dir);
            } else {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

/// Writes the files into a temporary folder beside the week folder, each synced, then swaps it
/// into place: the week folder is either the old one or the complete new one.
pub(super) fn write_folder(
    station_dir: &Path,
    final_dir: &Path,
    week_name: &str,
    files: &Files,
) -> Result<()> {
    recover(station_dir, final_dir, week_name);
    let tmp = station_dir.join(format!(".{week_name}.tmp-{}", std::process::id()));
    if let Err(e) = fill(&tmp, final_dir, files) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let old = station_dir.join(format!(".{week_name}.old-{}", std::process::id()));
    swap(&tmp, final_dir, &old)?;
    crate::atomic::sync_dir(Some(station_dir));
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Writes `files` into `tmp`, and copies the kept files of the current week folder beside them.
fn fill(tmp: &Path, final_dir: &Path, files: &Files) -> Result<()> {
    for (name, src) in files {
        match src {
            // The folder is private until it is renamed into place: no file needs a
            // temporary name of its own, and a cached file is linked, not copied.
            Origin::Bytes(bytes) => {
                crate::atomic::write_into_private(&tmp.join(name), |f| f.write_all(bytes))?
            }
            Origin::Copy(from) => crate::atomic::link_or_copy_into_private(from, &tmp.join(name))?,
        }
    }
    // The as-run log belongs to playout, not to the plan: a rebuilt week keeps it.
    for kept in KEPT_FILES {
        let from = final_dir.join(kept);
        if from.is_file() && !files.contains_key(*kept) {
            std::fs::copy(&from, tmp.join(kept)).map_err(|source| Error::Write {
                path: tmp.join(kept),
                source,
            })?;
        }
    }
    Ok(())
}

/// Moves the current week folder aside to `old` (if there is one) and `tmp` into its place.
fn swap(tmp: &Path, final_dir: &Path, old: &Path) -> Result<()> {
    let err = |source| Error::Write {
        path: final_dir.to_path_buf(),
        source,
    };
    if final_dir.exists() {
        std::fs::rename(final_dir, old).map_err(err)?;
    }
    std::fs::rename(tmp, final_dir).map_err(err)
}

#[cfg(test)]
mod tests;
