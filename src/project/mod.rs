//! A loaxa project: a folder with `content/`, `scripts/`, `audio-assets/`, `schedules/` and an
//! optional `loaxa.toml`.
//!
//! [`Project::open`] reads the configuration; the stages read the rest. Every path a project
//! names is resolved with [`Project::inside`], so nothing outside the folder is read or written.

pub mod config;
mod inside;
pub mod station;

pub use inside::{inside_root, Outside};

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::normalize::{Lexicon, Normalizer};
use crate::project::config::Config;
use crate::project::station::StationInfo;

/// An opened project.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project folder, canonical.
    pub root: PathBuf,
    /// `loaxa.toml`, or the defaults.
    pub config: Config,
    /// Building a demo (`--demo`): a station's placeholder phone number is let through.
    pub demo: bool,
}

impl Project {
    /// Opens the project at `root`.
    pub fn open(root: &Path) -> Result<Project> {
        let canonical = root.canonicalize().map_err(|source| Error::Read {
            path: root.to_path_buf(),
            source,
        })?;
        if !canonical.is_dir() {
            return Err(Error::Read {
                path: root.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder"),
            });
        }
        let config = Config::load(&canonical)?;
        Ok(Project {
            root: canonical,
            config,
            demo: false,
        })
    }

    /// Resolves `path`, relative to the project, to an existing file inside it, by the one rule
    /// [`inside_root`]; returns its real, absolute path.
    pub fn inside(&self, path: &Path) -> Result<PathBuf> {
        inside_root(&self.root, path)
            .map(|rel| self.root.join(rel))
            .map_err(|refused| refused.into_error(&self.root))
    }

    /// The station files in `schedules/`, sorted.
    pub fn station_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.root.join("schedules"))
            .map(|e| {
                e.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    /// The station file a command works on: `explicit` when given (it must exist), else the
    /// only file in `schedules/`; none there, or several, is a usage error saying what to pass.
    pub fn station_file(&self, explicit: Option<&Path>) -> Result<PathBuf> {
        match explicit {
            Some(f) => f.canonicalize().map_err(|source| Error::Read {
                path: f.to_path_buf(),
                source,
            }),
            None => self.only_station_file(),
        }
    }

    /// The station context for scripts: the `[station]` table of `explicit` when given, else
    /// `[station]` in `loaxa.toml`, else that of the only file in `schedules/`, else a neutral
    /// placeholder.
    pub fn station(&self, explicit: Option<&Path>) -> Result<StationInfo> {
        if let Some(f) = explicit {
            return StationInfo::load(f);
        }
        if let Some(s) = &self.config.station {
            return Ok(s.clone());
        }
        match self.only_station_file() {
            Ok(only) => StationInfo::load(&only),
            Err(_) => Ok(StationInfo::placeholder()),
        }
    }

    fn only_station_file(&self) -> Result<PathBuf> {
        match self.station_files().as_slice() {
            [only] => Ok(only.clone()),
            [] => Err(Error::Usage(
                "no station file in schedules/; add one (see README) or pass --station FILE".into(),
            )),
            many => Err(Error::Usage(format!(
                "{} station files in schedules/; pass --station FILE",
                many.len()
            ))),
        }
    }

    /// The spoken-form normaliser with the project's lexicon and style, and any problems found
    /// in the lexicon files.
    pub fn normalizer(&self) -> (Normalizer, Vec<crate::diagnostic::Diagnostic>) {
        let (lexicon, diags) = Lexicon::load(&self.root);
        (
            Normalizer::new(lexicon, self.config.normalize.clone()),
            diags,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATION: &str = "[station]\nid = \"a\"\nname = \"Đài A\"\ncommune = \"xã A\"\n\n[station.team]\nname = \"Tổ A\"\nphone = \"0912\"\n";

    fn project(files: &[&str]) -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("schedules")).unwrap();
        for f in files {
            std::fs::write(dir.path().join("schedules").join(f), STATION).unwrap();
        }
        let p = Project::open(dir.path()).unwrap();
        (dir, p)
    }

    #[test]
    fn the_station_file_is_the_given_one_else_the_only_one() {
        for (files, want) in [
            (&["a.toml"][..], Ok("a.toml")),
            (&["a.toml", "notes.txt"][..], Ok("a.toml")),
            (
                &[][..],
                Err("no station file in schedules/; add one (see README) or pass --station FILE"),
            ),
            (
                &["a.toml", "b.toml"][..],
                Err("2 station files in schedules/; pass --station FILE"),
            ),
        ] {
            let (_dir, p) = project(files);
            let got = p.station_file(None);
            match (got, want) {
                (Ok(path), Ok(name)) => assert_eq!(path, p.root.join("schedules").join(name)),
                (Err(Error::Usage(m)), Err(message)) => assert_eq!(m, message),
                (got, want) => panic!("{files:?}: {got:?}, want {want:?}"),
            }
        }
        let (_dir, p) = project(&["a.toml", "b.toml"]);
        let b = p.root.join("schedules/b.toml");
        assert_eq!(p.station_file(Some(&b)).unwrap(), b);
        assert!(matches!(
            p.station_file(Some(&p.root.join("nope.toml"))),
            Err(Error::Read { .. })
        ));
    }

    #[test]
    fn the_station_context_falls_back_to_a_placeholder() {
        let (_dir, p) = project(&["a.toml"]);
        assert_eq!(p.station(None).unwrap().id, "a");
        let (_dir, p) = project(&["a.toml", "b.toml"]);
        assert_eq!(p.station(None).unwrap(), StationInfo::placeholder());
        assert_eq!(
            p.station(Some(&p.root.join("schedules/b.toml")))
                .unwrap()
                .id,
            "a"
        );
    }
}
