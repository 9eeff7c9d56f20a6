//! Step 5: the audio of everything that airs in the week (planned programmes and valid
//! announcements), where each lands in the week folder, and the SHA-256 of each file for the
//! slot cache keys and the schedule.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::audio::Mono;
use crate::error::Result;
use crate::render::{self, sha256_hex};

use super::folder::Origin;
use super::programmes::Programme;

/// A programme or notice for mixing, and its file for playlists.
pub(super) struct Asset {
    /// The audio a slot mix takes it from.
    pub audio: MixAudio,
    /// File inside the week folder.
    pub file: String,
    /// Where to copy it from (or the bytes to write).
    pub source: Origin,
    /// Length in seconds.
    pub duration_s: f64,
}

/// Where a slot mix gets an asset's audio.
pub(super) enum MixAudio {
    /// Prepared in memory (a recorded announcement).
    Held(Arc<Mono>),
    /// Decoded from this encoded file as the slot plays it.
    File(PathBuf),
}

impl Asset {
    /// A rendered programme, as `programmes/ID.mp3`.
    pub fn programme(id: &str, p: &Programme) -> Asset {
        Asset {
            audio: MixAudio::File(p.path.clone()),
            file: format!("programmes/{id}.mp3"),
            source: Origin::Copy(p.path.clone()),
            duration_s: p.duration_s,
        }
    }
}

/// Everything that airs in the week, by id, with the hashes of its files.
pub(super) struct WeekAssets {
    /// Assets by item or announcement id.
    pub by_id: HashMap<String, Asset>,
    /// SHA-256 by file inside the week folder.
    pub hashes: HashMap<String, String>,
}

impl WeekAssets {
    /// The notices' assets and those of the aired programmes (a programme replaces a notice of
    /// the same id), hashed.
    pub fn gather(
        notices: HashMap<String, Asset>,
        aired: &[String],
        programmes: &HashMap<String, Programme>,
    ) -> Result<WeekAssets> {
        let mut by_id = notices;
        for id in aired {
            by_id.insert(id.clone(), Asset::programme(id, &programmes[id.as_str()]));
        }
        let mut hashes = HashMap::new();
        for a in by_id.values() {
            let hash = match &a.source {
                Origin::Copy(p) => render::sha256_file(p)?,
                Origin::Bytes(b) => sha256_hex(b),
            };
            hashes.insert(a.file.clone(), hash);
        }
        Ok(WeekAssets { by_id, hashes })
    }

    /// The asset of a planned entry.
    pub fn get(&self, id: &str) -> &Asset {
        &self.by_id[id]
    }

    /// The SHA-256 of a planned entry's file (empty if unknown).
    pub fn sha256(&self, id: &str) -> &str {
        self.hashes
            .get(&self.get(id).file)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Every asset's file in the week folder and where its bytes come from.
    pub fn files(&self) -> impl Iterator<Item = (String, Origin)> + '_ {
        self.by_id
            .values()
            .map(|a| (a.file.clone(), a.source.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(id: &str, bytes: &[u8]) -> Asset {
        Asset {
            audio: MixAudio::Held(Arc::new(Mono::silence(8000, 0.1))),
            file: format!("announcements/{id}.mp3"),
            source: Origin::Bytes(bytes.to_vec()),
            duration_s: 0.1,
        }
    }

    #[test]
    fn gather_takes_the_notices_and_the_aired_programmes_and_hashes_their_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p1.mp3");
        std::fs::write(&path, b"programme").unwrap();
        let programmes = HashMap::from([
            (
                "p1".to_string(),
                Programme {
                    duration_s: 61.0,
                    path: path.clone(),
                },
            ),
            (
                "p2".to_string(),
                Programme {
                    duration_s: 1.0,
                    path: dir.path().join("p2"),
                },
            ),
        ]);
        let notices = HashMap::from([("n1".to_string(), notice("n1", b"notice"))]);
        let assets = WeekAssets::gather(notices, &["p1".into()], &programmes).unwrap();
        assert_eq!(assets.by_id.len(), 2, "p2 did not air");
        assert_eq!(assets.get("p1").file, "programmes/p1.mp3");
        assert_eq!(assets.get("p1").source, Origin::Copy(path));
        assert_eq!(assets.get("p1").duration_s, 61.0);
        assert_eq!(assets.sha256("p1"), sha256_hex(b"programme"));
        assert_eq!(assets.sha256("n1"), sha256_hex(b"notice"));
        let mut files: Vec<String> = assets.files().map(|(f, _)| f).collect();
        files.sort();
        assert_eq!(files, vec!["announcements/n1.mp3", "programmes/p1.mp3"]);
    }

    #[test]
    fn a_programme_replaces_a_notice_of_the_same_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.mp3");
        std::fs::write(&path, b"programme").unwrap();
        let programmes = HashMap::from([(
            "x".to_string(),
            Programme {
                duration_s: 2.0,
                path,
            },
        )]);
        let notices = HashMap::from([("x".to_string(), notice("x", b"notice"))]);
        let assets = WeekAssets::gather(notices, &["x".into()], &programmes).unwrap();
        assert_eq!(assets.get("x").file, "programmes/x.mp3");
        assert_eq!(assets.hashes.len(), 1);
    }

    #[test]
    fn an_unreadable_programme_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.mp3");
        let programmes = HashMap::from([(
            "g".to_string(),
            Programme {
                duration_s: 2.0,
                path,
            },
        )]);
        let err = WeekAssets::gather(HashMap::new(), &["g".into()], &programmes)
            .err()
            .unwrap();
        assert!(err.to_string().contains("gone.mp3"), "{err}");
    }
}
