//! `loaxa.toml`: the project's defaults.
//!
//! Every section is optional; a project without the file gets the defaults below. The file is
//! read once by [`Config::load`] and handed to the stages as plain values. Unknown keys are an
//! error (a misspelt key silently ignored is how a setting "does nothing" on air day).

use std::path::Path;

use serde::Deserialize;

use std::collections::BTreeMap;

use crate::audio::dsp::Compressor;
use crate::audio::master::Mastering;
use crate::audio::timeline::TimelineSettings;
use crate::error::{Error, Result};
use crate::normalize::Style;
use crate::project::station::StationInfo;

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
    /// Clip processing and assembly.
    pub audio: AudioSettings,
    /// Mastering profiles by name; `loudspeaker` and `zalo` exist by default and a table of the
    /// same name replaces them.
    pub profile: BTreeMap<String, Profile>,
}

/// How clips are prepared and programmes assembled.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AudioSettings {
    /// Silence threshold for trimming clips, in dBFS (RMS over 10 ms).
    pub trim_threshold_db: f64,
    /// Silence kept before and after the sound, in seconds.
    pub trim_pad_s: f64,
    /// Fade at every clip edge, in seconds, so joins never click.
    pub edge_fade_s: f64,
    /// Assembly: line gap, jingle crossfade, bed level and ducking.
    pub timeline: TimelineSettings,
}

impl Default for AudioSettings {
    fn default() -> Self {
        AudioSettings {
            trim_threshold_db: -45.0,
            trim_pad_s: 0.08,
            edge_fade_s: 0.010,
            timeline: TimelineSettings::default(),
        }
    }
}

/// A delivery profile: sample rate, encoding, mastering.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Output sample rate in Hz.
    pub rate: u32,
    /// MP3 bit rate in kbit/s.
    pub mp3_kbps: u32,
    /// Whether music beds are played (horns are clearer without music under speech).
    #[serde(default)]
    pub beds: bool,
    /// Largest file in megabytes (10^6 bytes), if the platform limits it.
    #[serde(default)]
    pub max_mb: Option<f64>,
    /// The mastering chain.
    pub master: Mastering,
}

impl Profile {
    /// Horn loudspeakers: band-limited, compressed, −16 LUFS, −1 dBTP, MP3 96 kbit/s.
    pub fn loudspeaker() -> Profile {
        Profile {
            rate: 44100,
            mp3_kbps: 96,
            beds: false,
            max_mb: None,
            master: Mastering {
                target_lufs: -16.0,
                true_peak_dbtp: -1.0,
                highpass_hz: Some(180.0),
                lowpass_hz: Some(7000.0),
                presence_db: Some(2.0),
                compressor: Some(Compressor {
                    threshold_db: 2.0,
                    ratio: 3.0,
                    attack_s: 0.010,
                    release_s: 0.300,
                }),
                max_lra_lu: Some(6.0),
                leveler_db: 6.0,
                peak_to_loudness_db: 12.0,
            },
        }
    }

    /// Phones in Zalo groups: full band, −18 LUFS, −1 dBTP, MP3 64 kbit/s, at most 5 MB.
    pub fn zalo() -> Profile {
        Profile {
            rate: 44100,
            mp3_kbps: 64,
            beds: true,
            max_mb: Some(5.0),
            master: Mastering {
                target_lufs: -18.0,
                true_peak_dbtp: -1.0,
                highpass_hz: Some(60.0),
                lowpass_hz: None,
                presence_db: None,
                compressor: Some(Compressor {
                    threshold_db: 4.0,
                    ratio: 2.0,
                    attack_s: 0.010,
                    release_s: 0.300,
                }),
                max_lra_lu: Some(8.0),
                leveler_db: 6.0,
                peak_to_loudness_db: 12.0,
            },
        }
    }

    /// The default profiles.
    pub fn defaults() -> BTreeMap<String, Profile> {
        BTreeMap::from([
            ("loudspeaker".to_string(), Profile::loudspeaker()),
            ("zalo".to_string(), Profile::zalo()),
        ])
    }
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
    /// The defaults, with the default profiles.
    pub fn defaults() -> Config {
        Config {
            profile: Profile::defaults(),
            ..Config::default()
        }
    }

    /// Reads `loaxa.toml` from `root`, or the defaults when there is none.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join("loaxa.toml");
        if !path.exists() {
            return Ok(Config::defaults());
        }
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let mut config: Config = toml::from_str(&text).map_err(|e| Error::Config {
            path: path.clone(),
            line: e
                .span()
                .map(|s| crate::diagnostic::line_of(&text, s.start))
                .unwrap_or(1),
            message: e.message().to_string(),
        })?;
        for (name, p) in Profile::defaults() {
            config.profile.entry(name).or_insert(p);
        }
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
