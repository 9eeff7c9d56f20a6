//! Takes waiting for "keep": each upload is written (atomically) to
//! `audio-assets/takes/.incoming/ID.EXT`, named by the first 16 hex digits of its sha256 and the
//! format its first bytes show, so the same recording always gets the same id and "keep" can
//! plan it again from the file alone.

use std::path::{Path, PathBuf};

use crate::atomic;
use crate::error::Error;

use super::error::StudioError;
use super::ids::TakeId;

/// Where pending takes wait, relative to the project.
pub const INCOMING: &str = "audio-assets/takes/.incoming";

/// The extensions a pending take can have, each a format loaxa decodes.
const EXTENSIONS: [&str; 5] = ["wav", "flac", "mp3", "ogg", "m4a"];

/// The format of an upload from its first bytes.
pub fn sniff(bytes: &[u8]) -> Result<&'static str, StudioError> {
    let at = |from: usize, magic: &[u8]| bytes.get(from..from + magic.len()) == Some(magic);
    let mp3_sync = bytes.len() > 1 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0;
    if at(0, b"RIFF") && at(8, b"WAVE") {
        Ok("wav")
    } else if at(0, b"fLaC") {
        Ok("flac")
    } else if at(0, b"OggS") {
        Ok("ogg")
    } else if at(0, b"ID3") || mp3_sync {
        Ok("mp3")
    } else if at(4, b"ftyp") {
        Ok("m4a")
    } else if at(0, &[0x1A, 0x45, 0xDF, 0xA3]) {
        Err(StudioError::Unsupported(
            "tệp WebM/Opus (MediaRecorder) loaxa không đọc được: hãy dùng WAV, MP3, M4A, FLAC hoặc Ogg"
                .into(),
        ))
    } else {
        Err(StudioError::Unsupported(
            "không nhận ra định dạng tệp: hãy dùng WAV, MP3, M4A, FLAC hoặc Ogg".into(),
        ))
    }
}

/// Writes an upload to the incoming folder (once: the same bytes are the same file) and returns
/// its id and path.
pub fn store(root: &Path, bytes: &[u8]) -> Result<(TakeId, PathBuf), StudioError> {
    if bytes.is_empty() {
        return Err(StudioError::BadRequest("tệp rỗng".into()));
    }
    let ext = sniff(bytes)?;
    let id = TakeId::of(bytes);
    let path = root.join(INCOMING).join(format!("{}.{ext}", id.as_str()));
    if !path.is_file() {
        atomic::write(&path, bytes)?;
    }
    Ok((id, path))
}

/// The pending take with this id.
pub fn find(root: &Path, id: &TakeId) -> Result<PathBuf, StudioError> {
    EXTENSIONS
        .iter()
        .map(|ext| root.join(INCOMING).join(format!("{}.{ext}", id.as_str())))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            StudioError::NotFound(format!(
                "không có bản thu đang chờ `{}`: hãy tải lên lại",
                id.as_str()
            ))
        })
}

/// The take's path relative to the project, as the browser is shown it.
pub fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Removes a pending take (after it was kept, or when the announcer records again).
pub fn discard(root: &Path, id: &TakeId) -> Result<(), StudioError> {
    let path = find(root, id)?;
    std::fs::remove_file(&path).map_err(|source| Error::Write { path, source })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        assert_eq!(sniff(b"RIFF\0\0\0\0WAVEfmt ").unwrap(), "wav");
        assert_eq!(sniff(b"fLaC\0").unwrap(), "flac");
        assert_eq!(sniff(b"OggS\0").unwrap(), "ogg");
        assert_eq!(sniff(b"ID3\x04").unwrap(), "mp3");
        assert_eq!(sniff(&[0xFF, 0xFB, 0x90]).unwrap(), "mp3");
        assert_eq!(sniff(b"\0\0\0\x20ftypM4A ").unwrap(), "m4a");
        assert!(sniff(&[0x1A, 0x45, 0xDF, 0xA3, 0]).is_err());
        assert!(sniff(b"<html>").is_err());
    }

    #[test]
    fn a_take_is_stored_once_under_its_hash_and_found_again() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = b"RIFF\0\0\0\0WAVEfmt rest";
        let (id, path) = store(dir.path(), bytes).unwrap();
        assert_eq!(
            path,
            dir.path()
                .join(INCOMING)
                .join(format!("{}.wav", id.as_str()))
        );
        assert_eq!(store(dir.path(), bytes).unwrap().0, id);
        assert_eq!(find(dir.path(), &id).unwrap(), path);
        discard(dir.path(), &id).unwrap();
        assert!(find(dir.path(), &id).is_err());
    }
}
