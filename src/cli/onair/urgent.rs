//! The urgent folder, `OUT/STATION/urgent/`: emergency files dropped in by the operator. A file
//! is ready once its size has not changed since the last look (so a file still being copied is
//! not played half-way); once done with, it moves to `played/` or `failed/` with a time stamp.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use loaxa::Error;

const AUDIO: &[&str] = &["mp3", "wav", "flac", "ogg", "oga", "m4a"];

pub struct Urgent {
    pub dir: PathBuf,
    seen: HashMap<PathBuf, u64>,
    queued: Vec<PathBuf>,
}

impl Urgent {
    /// Watches `dir`, creating it.
    pub fn open(dir: PathBuf) -> loaxa::Result<Urgent> {
        std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
        Ok(Urgent {
            dir,
            seen: HashMap::new(),
            queued: Vec::new(),
        })
    }

    /// The files that became ready since the last look.
    pub fn ready(&mut self) -> Vec<PathBuf> {
        let now = self.look();
        let mut ready = Vec::new();
        for (p, len) in &now {
            if self.queued.contains(p) {
                continue;
            }
            if self.seen.get(p) == Some(len) && *len > 0 {
                self.queued.push(p.clone());
                ready.push(p.clone());
            }
        }
        self.seen = now.into_iter().collect();
        ready
    }

    /// The audio files in the folder and their sizes, sorted.
    fn look(&self) -> Vec<(PathBuf, u64)> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut now: Vec<(PathBuf, u64)> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_file() && is_audio(p))
            .filter_map(|p| std::fs::metadata(&p).ok().map(|m| (p, m.len())))
            .collect();
        now.sort();
        now
    }

    /// Moves `file` to `played/` or `failed/`, its name prefixed with `stamp`.
    pub fn done(&mut self, file: &Path, played: bool, stamp: &str) -> loaxa::Result<PathBuf> {
        self.queued.retain(|p| p != file);
        let sub = self.dir.join(if played { "played" } else { "failed" });
        std::fs::create_dir_all(&sub).map_err(|source| Error::Write {
            path: sub.clone(),
            source,
        })?;
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        let to = sub.join(format!("{stamp}-{}", name.unwrap_or_default()));
        std::fs::rename(file, &to).map_err(|source| Error::Write {
            path: to.clone(),
            source,
        })?;
        Ok(to)
    }
}

fn is_audio(p: &Path) -> bool {
    p.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| AUDIO.contains(&x.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_ready_once_its_size_holds_still() {
        let dir = tempfile::tempdir().unwrap();
        let mut u = Urgent::open(dir.path().join("urgent")).unwrap();
        let f = u.dir.join("bao-bao.mp3");
        std::fs::write(&f, b"abc").unwrap();
        std::fs::write(u.dir.join("notes.txt"), b"abc").unwrap();
        assert!(u.ready().is_empty(), "first look");
        std::fs::write(&f, b"abcdef").unwrap();
        assert!(u.ready().is_empty(), "still growing");
        assert_eq!(u.ready(), vec![f.clone()]);
        assert!(u.ready().is_empty(), "already queued");
        let to = u.done(&f, true, "20261130-050000").unwrap();
        assert_eq!(to, u.dir.join("played/20261130-050000-bao-bao.mp3"));
        assert!(to.is_file() && !f.exists());
    }
}
