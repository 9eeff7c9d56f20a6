//! The audio engine: decode, measure, process, assemble and encode mono programmes.
//!
//! Everything here works on [`Mono`] buffers at one sample rate: files are decoded once, mixed
//! down and resampled on the way in ([`decode::load`]), so no later step checks rates or channel
//! counts. The engine knows nothing of stories, scripts or schedules: it is given clips, pauses,
//! jingles and beds ([`timeline`]), a [`Mastering`] chain, and an encoding ([`encode`]).
//!
//! Errors are [`AudioError`]s without paths; the caller adds the file name.

pub mod cursor;
pub mod decode;
pub mod dsp;
pub mod encode;
pub mod loudness;
pub mod master;
pub mod pool;
pub mod quality;
pub mod rate;
pub mod speech;
pub mod splice;
pub mod stream;
pub mod timeline;
pub mod verify;

pub use decode::{load, Decoded};
pub use encode::{Encoding, Tags};
pub use loudness::{measure, Loudness};
pub use master::Mastering;

/// A level or gain in decibels.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize, serde::Deserialize)]
pub struct Db(pub f64);

impl Db {
    /// The linear amplitude factor.
    pub fn gain(self) -> f32 {
        10f64.powf(self.0 / 20.0) as f32
    }

    /// The level of a linear amplitude.
    pub fn of_amplitude(a: f64) -> Db {
        Db(20.0 * a.max(1e-12).log10())
    }
}

/// Integrated loudness in LUFS (EBU R128).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize, serde::Deserialize)]
pub struct Lufs(pub f64);

/// Mono audio at a known sample rate. Samples are nominally in `-1.0..=1.0`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mono {
    /// Samples per second.
    pub rate: u32,
    /// The samples.
    pub samples: Vec<f32>,
}

impl Mono {
    /// Silence of a given length.
    pub fn silence(rate: u32, seconds: f64) -> Mono {
        Mono {
            rate,
            samples: vec![0.0; frames(rate, seconds)],
        }
    }

    /// Length in seconds.
    pub fn seconds(&self) -> f64 {
        self.samples.len() as f64 / f64::from(self.rate)
    }
}

/// Whole frames in `seconds` at `rate`, rounded to the nearest.
pub fn frames(rate: u32, seconds: f64) -> usize {
    (seconds.max(0.0) * f64::from(rate)).round() as usize
}

/// Why audio could not be read, processed or written. The caller names the file.
#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    /// The file could not be opened or read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The file is empty.
    #[error("the file is empty")]
    Empty,
    /// Not a format or codec loaxa can decode.
    #[error("unsupported audio: {0}")]
    Unsupported(String),
    /// The data is damaged or cut short.
    #[error("damaged or truncated audio: {0}")]
    Corrupt(String),
    /// The stream declares no or a zero sample rate.
    #[error("the sample rate is zero or missing")]
    ZeroRate,
    /// NaN or infinite samples.
    #[error("holds NaN or infinite samples")]
    NonFinite,
    /// No audio frames at all.
    #[error("holds no audio frames")]
    NoFrames,
    /// Nothing above the silence threshold: it cannot be normalised.
    #[error("is silent (peak {0:.1} dBFS); record it again")]
    Silent(f64),
    /// Resampling failed.
    #[error("cannot resample: {0}")]
    Resample(String),
    /// Encoding failed.
    #[error("cannot encode: {0}")]
    Encode(String),
}
