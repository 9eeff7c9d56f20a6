//! `loaxa.toml`: the project's defaults.
//!
//! Every section is optional; a project without the file gets the defaults below. The file is
//! read once by [`Config::load`] and handed to the stages as plain values. Unknown keys are an
//! error (a misspelt key silently ignored is how a setting "does nothing" on air day).

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::normalize::Style;
use crate::station::StationInfo;

/// The whole of `loaxa.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Station context used when no station file is given (greeting, digital team, phone).
    pub station: Option<StationInfo>,
    /// Script settings: speaking rate, jingle estimate, length limits.
    pub script: ScriptSettings,
    /// Spoken-form style.
    pub normalize: Style,
}

/// How scripts are timed and checked.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScriptSettings {
    /// Reading rate in syllables per second (3.5–4 suits elderly listeners outdoors).
    pub syllables_per_second: f64,
    /// Estimated length of a jingle cue in seconds, until the audio is known.
    pub jingle_seconds: f64,
    /// Silence between two spoken lines, in seconds.
    pub line_gap_seconds: f64,
    /// Shortest acceptable programme estimate, in seconds.
    pub min_seconds: f64,
    /// Longest acceptable programme estimate, in seconds.
    pub max_seconds: f64,
    /// Longest sentence, in syllables, before the ear check warns.
    pub max_sentence_syllables: usize,
    /// Most numbers in one sentence before the ear check warns.
    pub max_numbers_per_sentence: usize,
}

impl Default for ScriptSettings {
    fn default() -> Self {
        ScriptSettings {
            syllables_per_second: 3.7,
            jingle_seconds: 6.0,
            line_gap_seconds: 0.6,
            min_seconds: 120.0,
            max_seconds: 360.0,
            max_sentence_syllables: 25,
            max_numbers_per_sentence: 2,
        }
    }
}

impl Config {
    /// Reads `loaxa.toml` from `root`, or the defaults when there is none.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join("loaxa.toml");
        if !path.exists() {
            return Ok(Config::default());
        }
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let config: Config = toml::from_str(&text).map_err(|e| Error::Config {
            path: path.clone(),
            line: e
                .span()
                .map(|s| crate::diagnostic::line_of(&text, s.start))
                .unwrap_or(1),
            message: e.message().to_string(),
        })?;
        let s = &config.script;
        if !(s.syllables_per_second > 0.5 && s.syllables_per_second < 10.0) {
            return Err(Error::Config {
                path,
                line: 1,
                message: format!(
                    "script.syllables_per_second must lie between 0.5 and 10, not {}",
                    s.syllables_per_second
                ),
            });
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::load(dir.path()).unwrap();
        assert_eq!(c.script.syllables_per_second, 3.7);
        assert!(c.station.is_none());
    }

    #[test]
    fn unknown_key_is_reported_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("loaxa.toml"),
            "[script]\nsyllables_per_second = 3.5\nsylables = 2\n",
        )
        .unwrap();
        let err = Config::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("loaxa.toml:3:"), "{err}");
        assert!(err.contains("sylables"), "{err}");
    }
}
