//! Writing files so that a reader never sees half of one.
//!
//! Every output goes to a temporary file beside its destination, is flushed and synced, and is then
//! renamed over the destination. A crash leaves either the old file or the new one, plus at worst a
//! stray `.loaxa-tmp-*` file. Each write has a temporary name of its own (process and call), so
//! that threads and processes filling a shared cache at once never write into each other's file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically, creating parent folders as needed.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |file| file.write_all(bytes))
}

/// Copies `from` to `to` atomically (temporary file, fsync, rename), creating parent folders.
pub fn copy(from: &Path, to: &Path) -> Result<()> {
    let mut src = open_source(from)?;
    write_with(to, |file| std::io::copy(&mut src, file).map(|_| ()))
}

/// Opens a file to copy from, naming it if it cannot be read.
fn open_source(from: &Path) -> Result<fs::File> {
    fs::File::open(from).map_err(|source| Error::Read {
        path: from.to_path_buf(),
        source,
    })
}

/// Creates the folders `path` goes in, naming `path` if that fails.
fn create_parent(path: &Path) -> Result<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => fs::create_dir_all(parent).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        }),
        None => Ok(()),
    }
}

/// Puts `from` at `to` inside a private folder that is itself renamed into place when complete
/// (a week folder being filled): a hard link where the file system allows (no bytes written, and
/// the source is already on disk), else a copy, synced. Neither needs a temporary name of its
/// own: until the folder is renamed no reader sees it.
pub fn link_or_copy_into_private(from: &Path, to: &Path) -> Result<()> {
    create_parent(to)?;
    if fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    let mut src = open_source(from)?;
    write_into_private(to, |file| std::io::copy(&mut src, file).map(|_| ()))
}

/// Writes a file inside a private folder that is renamed into place when complete: written and
/// synced, with no temporary name of its own.
pub fn write_into_private(
    path: &Path,
    fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> Result<()> {
    create_parent(path)?;
    create_synced(path, fill).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Creates `path`, lets `fill` write it, and syncs it to disk.
fn create_synced(
    path: &Path,
    fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut file = fs::File::create(path)?;
    fill(&mut file)?;
    file.sync_all()
}

/// The one way a file is written: `fill` writes a temporary file beside `path`, which is synced
/// and renamed over `path`, and the folder synced; on failure the temporary file is removed.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> Result<()> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    create_parent(path)?;
    let tmp = temp_path(path);
    let result = (|| {
        create_synced(&tmp, fill)?;
        fs::rename(&tmp, path)?;
        // The rename itself survives a power cut only once the folder is synced.
        sync_dir(path.parent());
        Ok(())
    })();
    if let Err(source) = result {
        let _ = fs::remove_file(&tmp);
        return Err(err(source));
    }
    Ok(())
}

/// Syncs a folder (its entries: renames, new files), best effort: some file systems refuse.
pub fn sync_dir(dir: Option<&Path>) {
    let dir = match dir {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let Ok(f) = fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// A temporary name, beside `path`, for one write of it.
pub fn temp_path(path: &Path) -> PathBuf {
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".loaxa-tmp-{}-{n}-{name}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leaving_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.txt");
        write(&path, b"one").unwrap();
        write(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.txt")]);
    }

    #[test]
    fn reports_the_destination_when_the_folder_cannot_be_made() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        fs::write(&blocker, b"x").unwrap();
        let err = write(&blocker.join("out.txt"), b"y").unwrap_err();
        assert!(err.to_string().contains("out.txt"), "{err}");
    }
}
