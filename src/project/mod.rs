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

    /// The station context for scripts: the given station file, else `[station]` in
    /// `loaxa.toml`, else the only station file in `schedules/`, else a neutral placeholder.
    pub fn station(&self, file: Option<&Path>) -> Result<StationInfo> {
        if let Some(f) = file {
            return StationInfo::load(f);
        }
        if let Some(s) = &self.config.station {
            return Ok(s.clone());
        }
        match self.station_files().as_slice() {
            [only] => StationInfo::load(only),
            _ => Ok(StationInfo::placeholder()),
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
