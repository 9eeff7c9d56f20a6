//! The encoded file is what airs, so it is what must meet the targets: master, encode, decode
//! the result as a stream and measure it, and encode again with a correction until it holds.
//! [`EncodeCheck`] is the verdict and correction shared by programmes ([`encode_verified`]) and
//! long slots ([`super::stream::master_mp3`]).

use std::sync::Arc;

use ebur128::{EbuR128, Mode};

use super::encode::{self, Encoding, Format, Tags};
use super::loudness::{gated, KMeter, Loudness};
use super::master::Mastering;
use super::{dsp, AudioError, Db, Lufs, Mono};

/// What [`encode_verified`] gives.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The encoded file.
    pub bytes: Vec<u8>,
    /// Its loudness, decoded and measured.
    pub loudness: Loudness,
    /// Its length in seconds.
    pub seconds: f64,
    /// The mastered audio that was encoded.
    pub mastered: Mono,
    /// The trim the encoder's loudness loss needed (the mastered audio is this much louder than
    /// the target).
    pub trim: Db,
    /// How many times the programme was encoded (and decoded and measured).
    pub encodes: usize,
    /// How many times the final limiter ran.
    pub limiter_runs: usize,
    /// The decoded file's K-weighted energy per 100 ms (see [`super::loudness::KMeter`]).
    pub blocks: Vec<f64>,
}

/// The first try's true-peak headroom and encoder trim, in dB. MP3 adds true peak, the more the
/// lower the bit rate (about 1 dB at 64 kbit/s), and LAME lowers speech loudness by about 0.4 LU.
fn first_try(encoding: &Encoding) -> (f64, f64) {
    let is_mp3 = encoding.format == Format::Mp3;
    let headroom = match (is_mp3, encoding.mp3_kbps) {
        (false, _) => 0.1,
        (true, k) if k <= 64 => 1.3,
        (true, k) if k <= 96 => 0.7,
        _ => 0.5,
    };
    (headroom, if is_mp3 { 0.4 } else { 0.0 })
}

/// Masters, encodes, decodes the result and measures it; adjusts and repeats until the encoded
/// file itself meets the loudness (±0.15 LU) and true-peak limits, or
/// [`EncodeCheck::MAX_ENCODES`] is reached. The chain up to its final limiter runs once; each
/// try only limits and encodes again, and a miss on loudness alone, with true-peak room for the
/// correction, is a gain on the mastered audio and a new encode.
pub fn encode_verified(
    audio: Mono,
    master: &Mastering,
    encoding: &Encoding,
    tags: &Tags,
) -> Result<Verified, AudioError> {
    let (mut headroom, mut trim) = first_try(encoding);
    let mut encodes = 0;
    let mut regain: Option<(Mono, f64)> = None;
    let mut prepared = master.prepare(audio)?;
    loop {
        let mastered = match regain.take() {
            Some((mut prev, db)) => {
                dsp::apply_gain(&mut prev.samples, Db(db));
                prev
            }
            None => master.finish(&mut prepared, Db(headroom), Db(trim))?.0,
        };
        encodes += 1;
        let bytes = Arc::new(encode::encode(&mastered, encoding, tags)?);
        // Decoded into the limiter's free buffer (no new programme-sized memory) and measured.
        let (m, seconds, blocks) = measure_encoded_blocks(
            &bytes,
            encoding.format.ext(),
            Some(prepared.scratch_samples()),
        )?;
        let check = EncodeCheck::of(&m, master.target_lufs, master.true_peak_dbtp);
        if check.passed() || encodes >= EncodeCheck::MAX_ENCODES {
            return Ok(Verified {
                bytes: Arc::try_unwrap(bytes).unwrap_or_else(|shared| (*shared).clone()),
                loudness: m,
                seconds,
                mastered,
                trim: Db(trim),
                encodes,
                limiter_runs: prepared.tries(),
                blocks,
            });
        }
        check.correct(&mut headroom, &mut trim);
        if check.tp_over <= 0.0
            && check.loud_err.abs() <= 1.0
            && m.true_peak.0 + check.loud_err <= master.true_peak_dbtp - 0.15
        {
            regain = Some((mastered, check.loud_err));
            continue;
        }
        // Its buffer serves the next try.
        prepared.recycle(mastered);
    }
}

/// An encoded file's measurement against its targets (integrated loudness within ±0.15 LU,
/// true peak under the ceiling with 0.05 dB to spare), and what the next encode changes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EncodeCheck {
    /// dB of true peak over the ceiling less 0.05 dB (over when positive).
    pub tp_over: f64,
    /// LU the file is below its target (above when negative).
    pub loud_err: f64,
}

impl EncodeCheck {
    /// Encodes after which a file is taken as it is.
    pub const MAX_ENCODES: usize = 5;

    /// `m` against a loudness target and a true-peak ceiling.
    pub fn of(m: &Loudness, lufs: f64, true_peak_dbtp: f64) -> EncodeCheck {
        EncodeCheck {
            tp_over: m.true_peak.0 - (true_peak_dbtp - 0.05),
            loud_err: lufs - m.integrated.0,
        }
    }

    /// Whether the file meets both targets.
    pub fn passed(&self) -> bool {
        self.tp_over <= 0.0 && self.loud_err.abs() <= 0.15
    }

    /// For the next encode: more true-peak headroom if the peak was over (by the overshoot and
    /// 0.15 dB), and the loudness error added to the trim that makes up for the encoder.
    pub fn correct(&self, headroom: &mut f64, trim: &mut f64) {
        if self.tp_over > 0.0 {
            *headroom += self.tp_over + 0.15;
        }
        *trim += self.loud_err;
    }
}

/// Decodes an encoded file as a stream and measures it, with its length in seconds. The true
/// and sample peaks come from the `ebur128` meter (4× oversampled); a mono file's integrated
/// loudness and range from the K-weighted meter of [`super::loudness`] (the same integrated
/// figure to 0.01 LU, tested), which costs a fraction of the full meter's filter and gating.
pub fn measure_encoded(bytes: &Arc<Vec<u8>>, ext: &str) -> Result<(Loudness, f64), AudioError> {
    measure_encoded_with(bytes, ext, None)
}

/// [`measure_encoded`]; a mono file's samples are gathered in `keep` when given (a buffer the
/// caller has free) and metered at the end in two lanes ([`super::loudness::k_blocks`]), the
/// same figures but for rounding, in less time.
pub fn measure_encoded_with(
    bytes: &Arc<Vec<u8>>,
    ext: &str,
    keep: Option<&mut Vec<f32>>,
) -> Result<(Loudness, f64), AudioError> {
    measure_encoded_blocks(bytes, ext, keep).map(|(m, secs, _)| (m, secs))
}

/// [`measure_encoded_with`], with the K-weighted energy of each 100 ms of a mono file (empty
/// for other files), from which the loudness of a file joined of pieces is found without
/// decoding it again ([`super::splice`]).
pub fn measure_encoded_blocks(
    bytes: &Arc<Vec<u8>>,
    ext: &str,
    mut keep: Option<&mut Vec<f32>>,
) -> Result<(Loudness, f64, Vec<f64>), AudioError> {
    if let Some(k) = keep.as_deref_mut() {
        k.clear();
    }
    // Where a mono file's K-weighted loudness is found: metered as it streams, or gathered in
    // the caller's buffer and metered at the end. Other files are metered by `ebur128` alone.
    enum Lane<'a> {
        Ebur128,
        Streamed(KMeter),
        Kept(&'a mut Vec<f32>),
    }
    let source = super::decode::SharedBytes::new(Arc::clone(bytes));
    let mut stream = super::decode::ChunkDecoder::new(Box::new(source), Some(ext))?;
    let meter_err = |e: ebur128::Error| AudioError::Corrupt(format!("loudness meter: {e:?}"));
    let mut meter: Option<(EbuR128, Lane)> = None;
    let mut channels = 0usize;
    let mut rate = 0u32;
    let mut chunk: Vec<f32> = Vec::new();
    while let Some(c) = stream.next_chunk()? {
        chunk.clear();
        chunk.extend_from_slice(c);
        if meter.is_none() {
            channels = stream.channels().max(1);
            rate = stream.rate();
            let (mode, lane) = if channels > 1 {
                (
                    Mode::I | Mode::LRA | Mode::TRUE_PEAK | Mode::SAMPLE_PEAK,
                    Lane::Ebur128,
                )
            } else {
                let lane = match keep.take() {
                    Some(buf) => Lane::Kept(buf),
                    None => Lane::Streamed(KMeter::new(rate)),
                };
                (Mode::TRUE_PEAK | Mode::SAMPLE_PEAK, lane)
            };
            let full = EbuR128::new(channels as u32, rate, mode).map_err(meter_err)?;
            meter = Some((full, lane));
        }
        if let Some((full, lane)) = meter.as_mut() {
            full.add_frames_f32(&chunk).map_err(meter_err)?;
            match lane {
                Lane::Ebur128 => {}
                Lane::Streamed(k) => k.push(&chunk),
                Lane::Kept(buf) => buf.extend_from_slice(&chunk),
            }
        }
    }
    let (full, lane) = meter.ok_or(AudioError::NoFrames)?;
    let mut tp: f64 = 0.0;
    let mut sp: f64 = 0.0;
    for c in 0..channels as u32 {
        tp = tp.max(full.true_peak(c).map_err(meter_err)?);
        sp = sp.max(full.sample_peak(c).map_err(meter_err)?);
    }
    let blocks = match lane {
        Lane::Ebur128 => None,
        Lane::Streamed(k) => Some(k.finish(false)),
        Lane::Kept(buf) => Some(super::loudness::k_blocks(buf, rate, false)),
    };
    let (integrated, lra) = match &blocks {
        Some(blocks) => (gated(blocks), super::loudness::lra_from_blocks(blocks)),
        None => (
            Lufs(full.loudness_global().map_err(meter_err)?),
            full.loudness_range().map_err(meter_err)?,
        ),
    };
    let loudness = Loudness {
        integrated,
        lra,
        true_peak: Db::of_amplitude(tp),
        sample_peak: Db::of_amplitude(sp),
    };
    let seconds = stream.frames() as f64 / f64::from(rate.max(1));
    Ok((loudness, seconds, blocks.unwrap_or_default()))
}
