//! Where a recording has speech and where it pauses.
//!
//! The recording is band-limited to the voice (a high-pass removes hum and rumble), cut into
//! 10 ms frames and measured in dB. The noise floor and the speech level are read off the
//! frames' level distribution, so no fixed threshold is assumed: a phone in a quiet room and a
//! USB microphone beside a fan both work. Frames above a threshold between the two are speech;
//! short dips inside speech (stop consonants) are bridged; short or weak islands in a pause
//! (breaths, clicks, a chair) are dropped. Each speech stretch's edges are then widened to
//! where the level first rises above the floor, so soft onsets are kept.

use super::dsp::Biquad;
use super::{decode, AudioError, Mono};

/// The analysis rate: speech needs no more.
const RATE: u32 = 16_000;
/// Frame hop, in seconds.
pub const HOP_S: f64 = 0.010;
/// Shortest pause between stretches of speech, in seconds.
const MIN_PAUSE_S: f64 = 0.16;
/// Speech islands quieter than this far below the speech level are breaths or noise.
const WEAK_ISLAND_DB: f64 = 20.0;
/// Islands shorter than this are clicks unless they are near full speech level.
const SHORT_ISLAND_S: f64 = 0.12;

/// One stretch of speech, in seconds from the start of the recording.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stretch {
    /// Where the speech starts.
    pub start_s: f64,
    /// Where it ends.
    pub end_s: f64,
}

impl Stretch {
    /// Its length.
    pub fn seconds(&self) -> f64 {
        self.end_s - self.start_s
    }
}

/// What the analysis found.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeechMap {
    /// The noise floor (10th percentile of frame levels), dBFS.
    pub noise_floor_db: f64,
    /// The speech level (95th percentile of frame levels), dBFS.
    pub speech_db: f64,
    /// The speech/pause threshold used, dBFS.
    pub threshold_db: f64,
    /// The stretches of speech, in order, separated by pauses of at least 0.16 s.
    pub stretches: Vec<Stretch>,
    /// The recording's length, in seconds.
    pub duration_s: f64,
}

impl SpeechMap {
    /// The pause after stretch `k` (up to the next one), in seconds.
    pub fn gap_after(&self, k: usize) -> f64 {
        match (self.stretches.get(k), self.stretches.get(k + 1)) {
            (Some(a), Some(b)) => b.start_s - a.end_s,
            _ => 0.0,
        }
    }

    /// Signal-to-noise estimate, in dB.
    pub fn snr_db(&self) -> f64 {
        self.speech_db - self.noise_floor_db
    }
}

/// Maps the speech in `audio`.
pub fn map(audio: &Mono) -> Result<SpeechMap, AudioError> {
    let levels = frame_levels(audio)?;
    let (floor, speech) = floor_and_speech(&levels);
    let threshold = floor + (0.35 * (speech - floor)).max(6.0);
    let mut mask: Vec<bool> = levels.iter().map(|l| *l > threshold).collect();
    bridge_short_dips(&mut mask, frames_of(MIN_PAUSE_S));
    drop_weak_islands(&mut mask, &levels, speech);
    let stretches = widen(runs(&mask), &levels, floor + 6.0)
        .into_iter()
        .map(|(a, b)| Stretch {
            start_s: a as f64 * HOP_S,
            end_s: b as f64 * HOP_S,
        })
        .collect();
    Ok(SpeechMap {
        noise_floor_db: floor,
        speech_db: speech,
        threshold_db: threshold,
        stretches,
        duration_s: audio.seconds(),
    })
}

fn frames_of(seconds: f64) -> usize {
    (seconds / HOP_S).round() as usize
}

/// The level of each 10 ms frame of the voice band, in dBFS.
pub fn frame_levels(audio: &Mono) -> Result<Vec<f64>, AudioError> {
    let mut m = decode::resample(audio, RATE)?;
    for _ in 0..2 {
        Biquad::highpass(RATE, 120.0).run(&mut m.samples);
    }
    let hop = (f64::from(RATE) * HOP_S) as usize;
    Ok(m.samples
        .chunks(hop)
        .map(|w| {
            let ms = w.iter().map(|s| f64::from(*s).powi(2)).sum::<f64>() / w.len() as f64;
            10.0 * (ms + 1e-12).log10()
        })
        .collect())
}

/// The noise floor (10th percentile) and the speech level (95th percentile) of frame levels.
pub fn floor_and_speech(levels: &[f64]) -> (f64, f64) {
    let mut sorted: Vec<f64> = levels.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |q: f64| {
        sorted
            .get(((sorted.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(-120.0)
    };
    (at(0.10), at(0.95))
}

/// Half-open runs `[start, end)` of true frames.
fn runs(mask: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, on) in mask.iter().chain(std::iter::once(&false)).enumerate() {
        match (start, *on) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Fills dips shorter than `min` frames between two speech frames.
fn bridge_short_dips(mask: &mut [bool], min: usize) {
    let speech = runs(mask);
    for w in speech.windows(2) {
        if w[1].0 - w[0].1 < min {
            mask[w[0].1..w[1].0].iter_mut().for_each(|m| *m = true);
        }
    }
}

/// Clears islands that are breaths, clicks or noise: weak ones, and short ones well below
/// the speech level.
fn drop_weak_islands(mask: &mut [bool], levels: &[f64], speech: f64) {
    for (a, b) in runs(mask) {
        let peak = levels[a..b].iter().copied().fold(f64::MIN, f64::max);
        let short = b - a < frames_of(SHORT_ISLAND_S);
        if peak < speech - WEAK_ISLAND_DB || (short && peak < speech - 10.0) {
            mask[a..b].iter_mut().for_each(|m| *m = false);
        }
    }
}

/// Widens each run to where the level stays above `low` (at most 0.2 s each way, never into
/// the neighbouring run).
fn widen(runs: Vec<(usize, usize)>, levels: &[f64], low: f64) -> Vec<(usize, usize)> {
    let max = frames_of(0.2);
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(runs.len());
    for (i, &(a, b)) in runs.iter().enumerate() {
        let prev_end = out.last().map_or(0, |r| r.1);
        let next_start = runs.get(i + 1).map_or(levels.len(), |r| r.0);
        let mut s = a;
        while s > prev_end && a - s < max && levels[s - 1] > low {
            s -= 1;
        }
        let mut e = b;
        while e < next_start && e - b < max && levels[e] > low {
            e += 1;
        }
        out.push((s, e));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Noise at `noise` amplitude with tone bursts (speech stand-ins) at the given times.
    fn signal(rate: u32, secs: f64, bursts: &[(f64, f64, f32)], noise: f32) -> Mono {
        let n = (secs * f64::from(rate)) as usize;
        let mut seed = 12345u32;
        let samples = (0..n)
            .map(|i| {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let r = (seed >> 8) as f32 / (1u32 << 24) as f32 - 0.5;
                let t = i as f64 / f64::from(rate);
                let tone: f32 = bursts
                    .iter()
                    .filter(|(a, b, _)| t >= *a && t < *b)
                    .map(|(_, _, amp)| amp * (std::f64::consts::TAU * 440.0 * t).sin() as f32)
                    .sum();
                tone + noise * r
            })
            .collect();
        Mono { rate, samples }
    }

    #[test]
    fn finds_stretches_and_pauses_in_noise() {
        let m = signal(
            48_000,
            6.0,
            &[
                (0.5, 1.5, 0.3),
                (1.6, 2.0, 0.3),
                (2.8, 4.0, 0.3),
                (4.5, 4.6, 0.01),
            ],
            0.003,
        );
        let map = map(&m).unwrap();
        // 1.5–1.6 is a dip shorter than a pause; the faint blip at 4.5 is dropped.
        let got: Vec<(f64, f64)> = map.stretches.iter().map(|s| (s.start_s, s.end_s)).collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            (got[0].0 - 0.5).abs() < 0.03 && (got[0].1 - 2.0).abs() < 0.03,
            "{got:?}"
        );
        assert!(
            (got[1].0 - 2.8).abs() < 0.03 && (got[1].1 - 4.0).abs() < 0.03,
            "{got:?}"
        );
        assert!((map.gap_after(0) - 0.8).abs() < 0.05);
        assert!(map.snr_db() > 30.0, "{}", map.snr_db());
    }

    #[test]
    fn hum_is_not_speech() {
        let rate = 16_000;
        let mut m = signal(rate, 4.0, &[(1.0, 2.0, 0.3)], 0.001);
        for (i, s) in m.samples.iter_mut().enumerate() {
            *s += 0.05 * (std::f64::consts::TAU * 50.0 * i as f64 / f64::from(rate)).sin() as f32;
        }
        let map = map(&m).unwrap();
        assert_eq!(map.stretches.len(), 1, "{:?}", map.stretches);
    }

    #[test]
    fn runs_are_half_open() {
        assert_eq!(
            runs(&[false, true, true, false, true]),
            vec![(1, 3), (4, 5)]
        );
        assert!(runs(&[]).is_empty());
    }
}
