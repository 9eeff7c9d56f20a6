//! The checks every recorded clip gets, as warnings with a hint of what to do: clipping, too
//! quiet, too noisy for a loudspeaker, a length far from the line's estimate, a low sample
//! rate, a DC offset, and a text changed since the clip was recorded.

use serde::Serialize;

use crate::audio::quality::ClipQuality;

/// One problem with a clip.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClipWarning {
    /// A short code: `clipping`, `quiet`, `noise`, `length`, `rate`, `dc`, `stale`.
    pub code: &'static str,
    /// What was found, in English.
    pub message: String,
    /// What to do.
    pub hint: &'static str,
}

/// Loudness (as recorded) under which a clip is too quiet.
const QUIET_LUFS: f64 = -40.0;
/// Speech-to-noise under which the hiss will be heard between words on a loudspeaker.
const MIN_SNR_DB: f64 = 30.0;
/// Clipped runs per second that count as clipping.
const CLIPPED_PER_S: f64 = 0.5;
/// A DC offset above this fraction of full scale.
const DC: f64 = 0.02;
/// The lowest sample rate that keeps the voice's consonants.
const MIN_RATE: u32 = 16_000;

/// A line's expected length and how far from it a clip's speech may be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Expected {
    /// Seconds.
    pub seconds: f64,
    /// The shortest acceptable, as a fraction of `seconds`.
    pub low: f64,
    /// The longest acceptable, as a multiple of `seconds`.
    pub high: f64,
}

impl Expected {
    /// Within a take, at the reader's own pace: half to twice.
    pub fn in_take(seconds: f64) -> Expected {
        Expected {
            seconds,
            low: 0.5,
            high: 2.0,
        }
    }

    /// A clip on its own, at the timing model's pace: any reader's pace is allowed too.
    pub fn alone(seconds: f64) -> Expected {
        Expected {
            seconds,
            low: 0.4,
            high: 2.5,
        }
    }
}

/// The checks of a clip measured as `q` for a line expected to last about `expected` (`None`
/// when there is nothing to compare with).
pub fn judge(q: &ClipQuality, expected: Option<Expected>) -> Vec<ClipWarning> {
    let mut w = Vec::new();
    if q.clipped_runs_per_s > CLIPPED_PER_S {
        w.push(ClipWarning {
            code: "clipping",
            message: format!("clipped ({:.1} clipped runs a second)", q.clipped_runs_per_s),
            hint: "re-record with the input level lower or the microphone a hand's width further away",
        });
    }
    if q.loudness_lufs < QUIET_LUFS {
        w.push(ClipWarning {
            code: "quiet",
            message: format!("too quiet ({:.0} LUFS as recorded)", q.loudness_lufs),
            hint: "re-record closer to the microphone or with the input level higher; raising it later raises the noise too",
        });
    }
    if q.snr_db < MIN_SNR_DB {
        w.push(ClipWarning {
            code: "noise",
            message: format!("noisy: speech only {:.0} dB above the background", q.snr_db),
            hint: "record in a quiet room: close doors and windows, turn fans off, keep the phone still",
        });
    }
    if let Some(Expected {
        seconds: e,
        low,
        high,
    }) = expected.filter(|e| e.seconds > 0.0)
    {
        if !(low..=high).contains(&(q.speech_s / e)) {
            w.push(ClipWarning {
                code: "length",
                message: format!(
                    "lasts {:.1} s of speech where about {e:.1} s is expected",
                    q.speech_s
                ),
                hint: "listen to it: a sentence may be missing or read twice",
            });
        }
    }
    if q.rate < MIN_RATE {
        w.push(ClipWarning {
            code: "rate",
            message: format!("sample rate {} Hz is under 16 kHz", q.rate),
            hint: "set the recorder to 44.1 or 48 kHz; the consonants are lost at lower rates",
        });
    }
    if q.dc_offset.abs() > DC {
        w.push(ClipWarning {
            code: "dc",
            message: format!("DC offset of {:.1} %", q.dc_offset * 100.0),
            hint: "the sound card or microphone adds a constant offset; try another input or cable",
        });
    }
    w
}

/// The warning for a clip recorded for another text.
pub fn stale(recorded_text: &str) -> ClipWarning {
    ClipWarning {
        code: "stale",
        message: format!("recorded for an older text: \"{recorded_text}\""),
        hint: "the line's text changed after it was recorded: record it again",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ClipQuality {
        ClipQuality {
            rate: 48_000,
            seconds: 4.0,
            peak_db: -6.0,
            clipped_runs_per_s: 0.0,
            loudness_lufs: -22.0,
            snr_db: 45.0,
            speech_s: 3.5,
            dc_offset: 0.0,
        }
    }

    #[test]
    fn each_problem_has_its_code() {
        type Bend = fn(&mut ClipQuality);
        let cases: &[(Bend, &str)] = &[
            (|q| q.clipped_runs_per_s = 3.0, "clipping"),
            (|q| q.loudness_lufs = -48.0, "quiet"),
            (|q| q.snr_db = 18.0, "noise"),
            (|q| q.speech_s = 9.0, "length"),
            (|q| q.speech_s = 1.0, "length"),
            (|q| q.rate = 8_000, "rate"),
            (|q| q.dc_offset = -0.05, "dc"),
        ];
        assert!(judge(&good(), Some(Expected::in_take(3.4))).is_empty());
        for (bend, code) in cases {
            let mut q = good();
            bend(&mut q);
            let codes: Vec<&str> = judge(&q, Some(Expected::in_take(3.4)))
                .iter()
                .map(|w| w.code)
                .collect();
            assert_eq!(codes, vec![*code]);
        }
    }

    #[test]
    fn no_estimate_no_length_check() {
        let mut q = good();
        q.speech_s = 20.0;
        assert!(judge(&q, None).is_empty());
    }
}
