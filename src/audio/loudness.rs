//! Loudness measurement (EBU R128 through the `ebur128` crate, a port of libebur128).
//!
//! Integrated loudness, loudness range, true peak (4× oversampled) and sample peak, for files with
//! any channel count as they are, or for mono buffers.

use ebur128::{EbuR128, Mode};

use super::{AudioError, Db, Lufs};

/// What an EBU R128 meter reports for one signal.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Loudness {
    /// Integrated loudness; `-inf` for silence or signals shorter than one 400 ms block.
    pub integrated: Lufs,
    /// Loudness range in LU.
    pub lra: f64,
    /// Highest true peak over all channels, in dBTP.
    pub true_peak: Db,
    /// Highest sample peak over all channels, in dBFS.
    pub sample_peak: Db,
}

/// Measures interleaved samples.
pub fn measure(samples: &[f32], channels: usize, rate: u32) -> Result<Loudness, AudioError> {
    let channels = channels.max(1);
    let meter_err = |e: ebur128::Error| AudioError::Corrupt(format!("loudness meter: {e:?}"));
    let mut meter = EbuR128::new(
        channels as u32,
        rate,
        Mode::I | Mode::LRA | Mode::TRUE_PEAK | Mode::SAMPLE_PEAK,
    )
    .map_err(meter_err)?;
    for chunk in samples.chunks(channels * 65536) {
        meter.add_frames_f32(chunk).map_err(meter_err)?;
    }
    let mut tp: f64 = 0.0;
    let mut sp: f64 = 0.0;
    for c in 0..channels as u32 {
        tp = tp.max(meter.true_peak(c).map_err(meter_err)?);
        sp = sp.max(meter.sample_peak(c).map_err(meter_err)?);
    }
    Ok(Loudness {
        integrated: Lufs(meter.loudness_global().map_err(meter_err)?),
        lra: meter.loudness_range().map_err(meter_err)?,
        true_peak: Db::of_amplitude(tp),
        sample_peak: Db::of_amplitude(sp),
    })
}

/// Integrated loudness (and the loudness range when `lra` is set) of a mono buffer, without the
/// costly true-peak meter: for loops that converge on loudness first.
pub fn integrated(audio: &super::Mono, lra: bool) -> Result<(Lufs, f64), AudioError> {
    let meter_err = |e: ebur128::Error| AudioError::Corrupt(format!("loudness meter: {e:?}"));
    let mode = if lra { Mode::I | Mode::LRA } else { Mode::I };
    let mut meter = EbuR128::new(1, audio.rate, mode).map_err(meter_err)?;
    for chunk in audio.samples.chunks(65536) {
        meter.add_frames_f32(chunk).map_err(meter_err)?;
    }
    let range = if lra {
        meter.loudness_range().map_err(meter_err)?
    } else {
        0.0
    };
    Ok((Lufs(meter.loudness_global().map_err(meter_err)?), range))
}

/// Measures a mono buffer.
pub fn measure_mono(audio: &super::Mono) -> Result<Loudness, AudioError> {
    measure(&audio.samples, 1, audio.rate)
}

/// Integrated loudness of a short clip: a clip shorter than the meter's gating blocks is measured
/// repeated until it lasts two seconds, which gives the loudness of its sound.
pub fn clip_loudness(audio: &super::Mono) -> Result<Lufs, AudioError> {
    let min = 2 * audio.rate as usize;
    if audio.samples.is_empty() {
        return Ok(Lufs(f64::NEG_INFINITY));
    }
    if audio.samples.len() >= min {
        return Ok(measure_mono(audio)?.integrated);
    }
    let mut looped = Vec::with_capacity(min + audio.samples.len());
    while looped.len() < min {
        looped.extend_from_slice(&audio.samples);
    }
    Ok(measure(&looped, 1, audio.rate)?.integrated)
}
