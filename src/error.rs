//! The library's error type.
//!
//! One enum for every stage, each variant carrying the context a user needs to fix the problem:
//! the file, and where there is one, the line or the field. Problems that the project's author can
//! fix and that should all be listed at once (bad front matter, a duplicate id) are not errors but
//! [`crate::diagnostic::Diagnostic`]s; an `Error` stops the command.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Everything that can stop a loaxa command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    // -- files --
    /// A file or folder could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        /// What we tried to read.
        path: PathBuf,
        /// Why it failed.
        #[source]
        source: std::io::Error,
    },
    /// A file or folder could not be written.
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        /// What we tried to write.
        path: PathBuf,
        /// Why it failed.
        #[source]
        source: std::io::Error,
    },
    /// A configuration file is not valid.
    #[error("{}:{line}: {message}", path.display())]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
    // -- command line --
    /// A command asked for something it cannot do as asked (a missing or contradictory
    /// argument, a value that does not parse); the binary exits with code 2.
    #[error("{0}")]
    Usage(String),
    // -- project --
    /// The project has problems that `loaxa check` lists.
    #[error("the project has {count} problem(s); run `loaxa check` to list them")]
    Invalid {
        /// How many error-level diagnostics there are.
        count: usize,
    },
    /// A content id that the project does not have.
    #[error("no item with id `{id}` in content/; `loaxa check` lists the ids")]
    UnknownItem {
        /// The id asked for.
        id: String,
    },
    /// A path that leaves the project folder.
    #[error("`{}` lies outside the project folder `{}`", path.display(), root.display())]
    OutsideProject {
        /// The offending path.
        path: PathBuf,
        /// The project root.
        root: PathBuf,
    },
    /// Problems found while loading a file, each with its line.
    #[error("{}", diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Diagnostics {
        /// The problems.
        diagnostics: Vec<crate::diagnostic::Diagnostic>,
    },
    // -- audio --
    /// An audio file could not be decoded, processed or encoded.
    #[error("`{}`: {message}", path.display())]
    Audio {
        /// The file (or the item, while mastering).
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// Clips that nobody has recorded yet, with the text to read.
    #[error("{} clip(s) not recorded yet (record them, or use --missing placeholder or draft-voice):{}", clips.len(), Error::missing_list(clips))]
    MissingClips {
        /// Every missing clip.
        clips: Vec<MissingClip>,
    },
    /// Jingles or beds that the templates name but `audio-assets/` lacks.
    #[error("missing audio assets: {}", assets.join(", "))]
    MissingAssets {
        /// The missing assets.
        assets: Vec<String>,
    },
    /// An external tool failed or is not installed.
    #[error("{tool} {message}")]
    Tool {
        /// The tool.
        tool: String,
        /// What happened.
        message: String,
    },
    // -- recording --
    /// A take that does not fit its script: nothing was written.
    #[error("`{}` does not fit the script of `{target}`; nothing was written:\n{}", path.display(), problems.join("\n"))]
    TakeRefused {
        /// The take file.
        path: PathBuf,
        /// The item id, or `words`.
        target: String,
        /// Each line that does not fit, with its times in the take.
        problems: Vec<String>,
    },
    // -- studio --
    /// The recording booth could not listen or stopped.
    #[error("studio: {message}")]
    Studio {
        /// What happened.
        message: String,
    },
    // -- playout --
    /// The sound device or the on-air loop failed.
    #[error("playout: {message}")]
    Playout {
        /// What happened.
        message: String,
    },
    // -- scripts --
    /// A tera template failed to load or render.
    #[error("template `{}`: {message}", path.display())]
    Template {
        /// The template file (or the folder when loading failed as a whole).
        path: PathBuf,
        /// The template engine's explanation, with its cause chain.
        message: String,
    },
    /// A rendered template holds a cue line loaxa does not understand.
    #[error("template `{template}` rendered for `{item}`, output line {line}: {message}")]
    Cue {
        /// The template name.
        template: String,
        /// The item being rendered.
        item: String,
        /// 1-based line of the rendered output.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// A missing clip and what to read into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingClip {
    /// Expected clip, relative to the project.
    pub clip: PathBuf,
    /// The text to record.
    pub text: String,
}

impl Error {
    fn missing_list(clips: &[MissingClip]) -> String {
        clips
            .iter()
            .map(|c| format!("\n  {}: «{}»", c.clip.display(), c.text))
            .collect()
    }
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;
