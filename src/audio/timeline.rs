//! Assembling a programme from pieces: voice clips, pauses, jingles and a music bed.
//!
//! Voice clips are laid end to end with a gap between lines. A jingle crossfades into what
//! follows it with an equal-power curve (cos/sin, so the summed power stays constant). A bed runs
//! from its start to its stop, looped as needed, ducked under the voice and faded out after the
//! last line.

use std::sync::Arc;

use serde::Deserialize;

use super::cursor::Cursor;
use super::dsp::{fade_in_gain, fade_out_gain, mix_into, Ducker};
use super::{frames, Db, Mono};

/// One element of a programme, already at the programme's sample rate.
#[derive(Debug, Clone)]
pub enum Piece {
    /// A spoken line (trimmed, faded and normalised).
    Voice(Arc<Mono>),
    /// Silence, in seconds.
    Pause(f64),
    /// A jingle (normalised).
    Jingle(Arc<Mono>),
    /// A music bed starts here.
    BedStart(Arc<Mono>),
    /// The bed fades out here.
    BedStop,
}

/// Timing and level settings for assembly.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TimelineSettings {
    /// Silence after each spoken line, in seconds.
    pub line_gap_s: f64,
    /// Jingle-to-speech crossfade, in seconds.
    pub crossfade_s: f64,
    /// Bed level against the voice when nobody speaks, in dB (negative).
    pub bed_level_db: f64,
    /// How much lower the bed goes under speech, in dB.
    pub duck_depth_db: f64,
    /// Ducking attack, in seconds.
    pub duck_attack_s: f64,
    /// Ducking release, in seconds.
    pub duck_release_s: f64,
    /// Bed fade-in and fade-out, in seconds.
    pub bed_fade_s: f64,
}

impl Default for TimelineSettings {
    fn default() -> Self {
        TimelineSettings {
            line_gap_s: 0.6,
            crossfade_s: 0.5,
            bed_level_db: -12.0,
            duck_depth_db: 12.0,
            duck_attack_s: 0.15,
            duck_release_s: 0.6,
            bed_fade_s: 1.5,
        }
    }
}

/// Where each piece landed, for reports and tests.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// (start frame, length) of each voice piece, in order.
    pub voices: Vec<(usize, usize)>,
    /// (start frame, length) of each jingle.
    pub jingles: Vec<(usize, usize)>,
    /// (start frame, end frame) of each bed region.
    pub beds: Vec<(usize, usize)>,
}

/// A jingle with its last `xf` frames (at most half of it) faded out on a cosine, and the
/// length of that tail, which the next piece overlaps.
pub(crate) fn jingle_out(clip: &Mono, xf: usize) -> (Vec<f32>, usize) {
    let mut samples = clip.samples.clone();
    let tail = xf.min(samples.len() / 2);
    let n = samples.len();
    for i in 0..tail {
        samples[n - tail + i] *=
            (std::f64::consts::FRAC_PI_2 * (i + 1) as f64 / tail as f64).cos() as f32;
    }
    (samples, tail)
}

/// Fades in the first `overlap` samples on a sine: equal power over a jingle's tail.
pub(crate) fn fade_in_over(samples: &mut [f32], overlap: usize) {
    fade_in_from(samples, 0, overlap);
}

/// [`fade_in_over`] for a stretch that starts `from` samples into the piece (a piece faded a
/// chunk at a time).
pub(crate) fn fade_in_from(samples: &mut [f32], from: usize, overlap: usize) {
    for (k, x) in samples
        .iter_mut()
        .take(overlap.saturating_sub(from))
        .enumerate()
    {
        let i = from + k;
        *x *= (std::f64::consts::FRAC_PI_2 * i as f64 / overlap as f64).sin() as f32;
    }
}

/// Lays the pieces out at `rate` and mixes them.
pub fn assemble(pieces: &[Piece], rate: u32, s: &TimelineSettings) -> (Mono, Layout) {
    // A kept programme-sized buffer, if this thread keeps them (see `pool`).
    let mut voice: Vec<f32> = super::pool::take_largest();
    let mut layout = Layout::default();
    let mut cursor = Cursor::new(rate, s);
    let mut bed: Option<(Arc<Mono>, usize)> = None;
    let mut beds: Vec<(Arc<Mono>, usize, usize)> = Vec::new();
    for piece in pieces {
        if !matches!(piece, Piece::BedStop | Piece::BedStart(_)) {
            cursor.settle_gap();
        }
        match piece {
            Piece::Voice(clip) => {
                let place = cursor.voice();
                if place.fade_in > 0 {
                    let mut samples = clip.samples.clone();
                    fade_in_over(&mut samples, place.fade_in);
                    mix_into(&mut voice, &samples, place.start, 1.0);
                } else {
                    mix_into(&mut voice, &clip.samples, place.start, 1.0);
                }
                layout.voices.push((place.start, clip.samples.len()));
                cursor.voice_done(place.start, clip.samples.len());
            }
            Piece::Pause(secs) => cursor.pause(rate, *secs),
            Piece::Jingle(clip) => {
                let (samples, at) = cursor.jingle(clip);
                mix_into(&mut voice, &samples, at, 1.0);
                layout.jingles.push((at, samples.len()));
            }
            Piece::BedStart(clip) => {
                if let Some((b, at)) = bed.take() {
                    beds.push((b, at, cursor.at()));
                }
                bed = Some((clip.clone(), cursor.at()));
            }
            Piece::BedStop => {
                if let Some((b, at)) = bed.take() {
                    beds.push((b, at, cursor.at()));
                }
            }
        }
    }
    let mut end = cursor.end(voice.len());
    if let Some((b, at)) = bed.take() {
        beds.push((b, at, end));
    }
    voice.resize(end, 0.0);
    // The beds are ducked by the voice alone: whether it is over the threshold, one bit a
    // sample, taken before any bed is added; then each bed is mixed in place, a sample at a
    // time (no bed-, curve- or voice-sized copies).
    let t = Db(-45.0).gain();
    let active: Vec<u64> = voice
        .chunks(64)
        .map(|c| {
            c.iter()
                .enumerate()
                .fold(0u64, |w, (k, v)| w | (u64::from(v.abs() > t) << k))
        })
        .collect();
    let is_active = |i: usize| active.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1);
    let mut mix = voice;
    let fade_f = frames(rate, s.bed_fade_s);
    let level = Db(s.bed_level_db).gain();
    for (clip, from, to) in beds {
        if clip.samples.is_empty() || to <= from {
            continue;
        }
        let stop = (to + fade_f).max(from + 1);
        let len = stop - from;
        if mix.len() < stop {
            mix.resize(stop, 0.0);
        }
        let edge = fade_f.min(len / 2);
        let mut duck = Ducker::new(rate, Db(s.duck_depth_db), s.duck_attack_s, s.duck_release_s);
        let src = &clip.samples;
        let mut at = 0usize;
        for (k, m) in mix[from..stop].iter_mut().enumerate() {
            // The bed looped, with the fades of `dsp::fade`.
            let mut x = src[at];
            at = if at + 1 == src.len() { 0 } else { at + 1 };
            if k < edge {
                x *= fade_in_gain(k, edge);
            }
            if k >= len - edge {
                x *= fade_out_gain(k - (len - edge), edge);
            }
            *m += x * level * duck.next(is_active(from + k));
        }
        layout.beds.push((from, stop));
        end = end.max(stop);
    }
    (Mono { rate, samples: mix }, layout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(rate: u32, hz: f32, secs: f64, amp: f32) -> Arc<Mono> {
        Arc::new(Mono {
            rate,
            samples: (0..frames(rate, secs))
                .map(|i| amp * (i as f32 * hz * std::f32::consts::TAU / rate as f32).sin())
                .collect(),
        })
    }

    #[test]
    fn lines_are_separated_by_the_gap_and_pauses_add_up() {
        let rate = 8000;
        let s = TimelineSettings {
            line_gap_s: 0.5,
            ..Default::default()
        };
        let v = tone(rate, 300.0, 1.0, 0.3);
        let (out, layout) = assemble(
            &[Piece::Voice(v.clone()), Piece::Pause(1.0), Piece::Voice(v)],
            rate,
            &s,
        );
        assert_eq!(layout.voices, vec![(0, 8000), (8000 + 4000 + 8000, 8000)]);
        assert_eq!(out.samples.len(), 28000);
    }

    #[test]
    fn jingle_crossfades_into_speech_with_constant_power() {
        let rate = 8000;
        let s = TimelineSettings {
            crossfade_s: 0.5,
            ..Default::default()
        };
        // DC-like signals make the gains visible.
        let j = Arc::new(Mono {
            rate,
            samples: vec![0.5; 16000],
        });
        let v = Arc::new(Mono {
            rate,
            samples: vec![0.5; 16000],
        });
        let (out, layout) = assemble(&[Piece::Jingle(j), Piece::Voice(v)], rate, &s);
        assert_eq!(
            layout.voices[0].0,
            16000 - 4000,
            "speech starts inside the jingle's tail"
        );
        for i in (12000..16000).step_by(250) {
            let t = (i - 12000) as f64 / 4000.0;
            let g_j = (std::f64::consts::FRAC_PI_2 * (t + 1.0 / 4000.0)).cos();
            let g_v = (std::f64::consts::FRAC_PI_2 * t).sin();
            assert!((g_j * g_j + g_v * g_v - 1.0).abs() < 0.01);
            assert!((f64::from(out.samples[i]) - 0.5 * (g_j + g_v)).abs() < 1e-3);
        }
    }

    #[test]
    fn bed_is_lowered_by_the_duck_depth_under_speech() {
        let rate = 8000;
        let s = TimelineSettings {
            duck_depth_db: 12.0,
            bed_level_db: -10.0,
            line_gap_s: 0.0,
            bed_fade_s: 0.5,
            ..Default::default()
        };
        let bed = Arc::new(Mono {
            rate,
            samples: vec![0.2; 4000],
        });
        let v = tone(rate, 300.0, 3.0, 0.3);
        let (out, layout) = assemble(
            &[
                Piece::BedStart(bed),
                Piece::Pause(2.0),
                Piece::Voice(v),
                Piece::Pause(2.0),
                Piece::BedStop,
            ],
            rate,
            &s,
        );
        assert_eq!(layout.beds.len(), 1);
        // Before speech: bed alone at its level.
        let alone = out.samples[rate as usize];
        assert!(
            (Db::of_amplitude(f64::from(alone)).0 - Db::of_amplitude(0.2).0 + 10.0).abs() < 0.2,
            "{alone}"
        );
        // Under speech, the bed component (mix minus voice) is 12 dB lower.
        let i = (2.0 + 1.5) as usize * rate as usize;
        let voice_only = tone(rate, 300.0, 3.0, 0.3).samples[i - 2 * rate as usize];
        let bed_part = out.samples[i] - voice_only;
        let drop = Db::of_amplitude(f64::from(alone)).0 - Db::of_amplitude(f64::from(bed_part)).0;
        assert!((drop - 12.0).abs() < 0.3, "drop {drop}");
        // Faded out after the stop.
        assert!(out.samples.last().unwrap().abs() < 1e-3);
    }
}
