//! The checks every recorded clip gets, as warnings with a hint of what to do: clipping, too
//! quiet, too noisy for a loudspeaker, a length far from the line's estimate, a low sample
//! rate, a DC offset, and a text changed since the clip was recorded.

use serde::Serialize;

use crate::audio::quality::ClipQuality;

/// One problem with a clip, in English (the command line) and in Vietnamese (the booth).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClipWarning {
    /// A short code: `clipping`, `quiet`, `noise`, `length`, `rate`, `dc`, `stale`,
    /// `unreadable`.
    pub code: &'static str,
    /// What was found, in English.
    pub message: String,
    /// What to do.
    pub hint: &'static str,
    /// What was found, in Vietnamese.
    pub message_vi: String,
    /// What to do, in Vietnamese.
    pub hint_vi: &'static str,
}

/// A number with a decimal comma, as Vietnamese writes it.
fn vi(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}").replace('.', ",")
}

/// A warning's words in both languages: (message, hint, Vietnamese message, Vietnamese hint).
type Words = (String, &'static str, String, &'static str);

fn warning(code: &'static str, (message, hint, message_vi, hint_vi): Words) -> ClipWarning {
    ClipWarning {
        code,
        message,
        hint,
        message_vi,
        hint_vi,
    }
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
        w.push(warning("clipping", clipping(q.clipped_runs_per_s)));
    }
    if q.loudness_lufs < QUIET_LUFS {
        w.push(warning("quiet", quiet(q.loudness_lufs)));
    }
    if q.snr_db < MIN_SNR_DB {
        w.push(warning("noise", noise(q.snr_db)));
    }
    if let Some(e) = expected.filter(|e| e.seconds > 0.0) {
        if !(e.low..=e.high).contains(&(q.speech_s / e.seconds)) {
            w.push(warning("length", length(q.speech_s, e.seconds)));
        }
    }
    if q.rate < MIN_RATE {
        w.push(warning("rate", rate(q.rate)));
    }
    if q.dc_offset.abs() > DC {
        w.push(warning("dc", dc(q.dc_offset)));
    }
    w
}

fn clipping(per_s: f64) -> Words {
    (
        format!("clipped ({per_s:.1} clipped runs a second)"),
        "re-record with the input level lower or the microphone a hand's width further away",
        format!("bị vỡ tiếng ({} lần một giây)", vi(per_s, 1)),
        "thu lại, giảm âm lượng micro hoặc để micro xa miệng thêm một bàn tay",
    )
}

fn quiet(lufs: f64) -> Words {
    (
        format!("too quiet ({lufs:.0} LUFS as recorded)"),
        "re-record closer to the microphone or with the input level higher; raising it later raises the noise too",
        format!("tiếng quá nhỏ ({} LUFS khi thu)", vi(lufs, 0)),
        "thu lại gần micro hơn hoặc tăng âm lượng micro; tăng sau khi thu thì tiếng ồn cũng to lên",
    )
}

fn noise(snr_db: f64) -> Words {
    (
        format!("noisy: speech only {snr_db:.0} dB above the background"),
        "record in a quiet room: close doors and windows, turn fans off, keep the phone still",
        format!(
            "nhiều tiếng ồn: giọng đọc chỉ to hơn tiếng nền {} dB",
            vi(snr_db, 0)
        ),
        "thu ở phòng yên tĩnh: đóng cửa, tắt quạt, để điện thoại nằm yên",
    )
}

fn length(speech_s: f64, expected_s: f64) -> Words {
    (
        format!("lasts {speech_s:.1} s of speech where about {expected_s:.1} s is expected"),
        "listen to it: a sentence may be missing or read twice",
        format!(
            "tiếng nói dài {} giây, ước tính khoảng {} giây",
            vi(speech_s, 1),
            vi(expected_s, 1)
        ),
        "nghe lại: có thể thiếu một câu hoặc đọc lặp một câu",
    )
}

fn rate(hz: u32) -> Words {
    (
        format!("sample rate {hz} Hz is under 16 kHz"),
        "set the recorder to 44.1 or 48 kHz; the consonants are lost at lower rates",
        format!("tần số lấy mẫu {hz} Hz, dưới 16 kHz"),
        "chỉnh máy thu sang 44,1 hoặc 48 kHz; tần số thấp làm mất phụ âm",
    )
}

fn dc(offset: f64) -> Words {
    (
        format!("DC offset of {:.1} %", offset * 100.0),
        "the sound card or microphone adds a constant offset; try another input or cable",
        format!("lệch một chiều (DC) {} %", vi(offset * 100.0, 1)),
        "card âm thanh hoặc micro bị lệch: thử cổng cắm hoặc dây khác",
    )
}

/// The warning for a clip recorded for another text.
pub fn stale(recorded_text: &str) -> ClipWarning {
    warning(
        "stale",
        (
            format!("recorded for an older text: \"{recorded_text}\""),
            "the line's text changed after it was recorded: record it again",
            format!("được thu cho lời cũ: «{recorded_text}»"),
            "lời của câu đã đổi sau khi thu: hãy thu lại",
        ),
    )
}

/// The warning for a clip file that cannot be decoded.
pub fn unreadable(message: String) -> ClipWarning {
    warning(
        "unreadable",
        (
            message.clone(),
            "the file is damaged or in a format loaxa cannot read: record it again",
            format!("không đọc được tệp: {message}"),
            "tệp bị hỏng hoặc loaxa không đọc được định dạng này: hãy thu lại",
        ),
    )
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
            let found = judge(&q, Some(Expected::in_take(3.4)));
            let codes: Vec<&str> = found.iter().map(|w| w.code).collect();
            assert_eq!(codes, vec![*code]);
            // The booth shows them in Vietnamese, numbers with a decimal comma.
            let w = &found[0];
            assert!(w.message_vi != w.message && !w.hint_vi.is_empty(), "{w:?}");
            assert!(!w.message_vi.contains('.'), "{w:?}");
        }
    }

    #[test]
    fn no_estimate_no_length_check() {
        let mut q = good();
        q.speech_s = 20.0;
        assert!(judge(&q, None).is_empty());
    }
}
