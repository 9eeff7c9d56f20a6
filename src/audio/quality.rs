//! Measurements of a voice recording that say whether it will sound right on a loudspeaker:
//! clipping, level, noise, DC offset and sample rate. Judging them is the caller's business.

use super::loudness::clip_loudness;
use super::speech;
use super::{AudioError, Decoded, Mono};

/// What a voice clip measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClipQuality {
    /// The file's sample rate, in Hz.
    pub rate: u32,
    /// Length, in seconds.
    pub seconds: f64,
    /// Sample peak, dBFS.
    pub peak_db: f64,
    /// Runs of three or more samples at the same level within 0.1 dB of full scale, per second.
    pub clipped_runs_per_s: f64,
    /// Integrated loudness of the clip as recorded, LUFS.
    pub loudness_lufs: f64,
    /// Speech level minus noise floor (10 ms frames of the voice band), dB.
    pub snr_db: f64,
    /// From the first speech to the last, in seconds.
    pub speech_s: f64,
    /// Mean sample value, as a fraction of full scale.
    pub dc_offset: f64,
}

/// Measures a decoded clip (all channels mixed down).
pub fn measure(decoded: &Decoded) -> Result<ClipQuality, AudioError> {
    let mono = decoded.to_mono();
    measure_mono(&mono)
}

/// Measures a mono clip.
pub fn measure_mono(m: &Mono) -> Result<ClipQuality, AudioError> {
    if m.samples.is_empty() {
        return Err(AudioError::NoFrames);
    }
    let peak = m.samples.iter().fold(0f32, |p, s| p.max(s.abs()));
    let dc = m.samples.iter().map(|s| f64::from(*s)).sum::<f64>() / m.samples.len() as f64;
    let map = speech::map(m)?;
    let speech_s = match (map.stretches.first(), map.stretches.last()) {
        (Some(a), Some(b)) => b.end_s - a.start_s,
        _ => 0.0,
    };
    let loud = clip_loudness(m).map(|l| l.0).unwrap_or(f64::NEG_INFINITY);
    Ok(ClipQuality {
        rate: m.rate,
        seconds: m.seconds(),
        peak_db: 20.0 * f64::from(peak).max(1e-12).log10(),
        clipped_runs_per_s: clipped_runs(&m.samples) as f64 / m.seconds().max(0.01),
        loudness_lufs: loud,
        snr_db: map.snr_db(),
        speech_s,
        dc_offset: dc,
    })
}

/// Runs of at least three consecutive samples pinned within 0.1 dB of full scale.
fn clipped_runs(samples: &[f32]) -> usize {
    let near = 10f32.powf(-0.1 / 20.0);
    let mut runs = 0;
    let mut len = 0;
    for s in samples {
        if s.abs() >= near {
            len += 1;
            if len == 3 {
                runs += 1;
            }
        } else {
            len = 0;
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(rate: u32, secs: f64, amp: f32, dc: f32, noise: f32) -> Mono {
        let mut seed = 7u32;
        let samples = (0..(secs * f64::from(rate)) as usize)
            .map(|i| {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let r = (seed >> 8) as f32 / (1u32 << 24) as f32 - 0.5;
                let t = i as f64 / f64::from(rate);
                // Speech-like: on for 0.3 s, off for 0.2 s.
                let on = (t % 0.5) < 0.3;
                let s = if on {
                    amp * (std::f64::consts::TAU * 300.0 * t).sin() as f32
                } else {
                    0.0
                };
                (s + dc + noise * r).clamp(-1.0, 1.0)
            })
            .collect();
        Mono { rate, samples }
    }

    #[test]
    fn measures_what_it_says() {
        // (amplitude, dc, noise) → (clipped, dc offset, snr above 30 dB)
        let cases = [
            (0.3, 0.0, 0.001, false, false, true),
            (1.5, 0.0, 0.001, true, false, true),
            (0.3, 0.05, 0.001, false, true, true),
            (0.3, 0.0, 0.2, false, false, false),
        ];
        for (amp, dc, noise, clipped, has_dc, clean) in cases {
            let q = measure_mono(&tone(22_050, 3.0, amp, dc, noise)).unwrap();
            assert_eq!(
                q.clipped_runs_per_s > 1.0,
                clipped,
                "{amp} {dc} {noise}: {q:?}"
            );
            assert_eq!(q.dc_offset.abs() > 0.01, has_dc, "{q:?}");
            assert_eq!(q.snr_db > 30.0, clean, "{q:?}");
            assert_eq!(q.rate, 22_050);
        }
    }

    #[test]
    fn an_empty_clip_is_an_error() {
        assert!(measure_mono(&Mono {
            rate: 16_000,
            samples: vec![]
        })
        .is_err());
    }
}
