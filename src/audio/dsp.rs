//! Signal processing on mono buffers: gain, silence trimming, fades, filters, compression, a
//! true-peak-safe lookahead limiter, mixing and ducking.
//!
//! All deterministic: the same input gives the same samples.

use std::collections::VecDeque;
use std::f64::consts::PI;

use super::{frames, Db, Mono};

/// Multiplies every sample.
pub fn apply_gain(samples: &mut [f32], gain: Db) {
    let g = gain.gain();
    samples.iter_mut().for_each(|s| *s *= g);
}

/// Highest absolute sample.
pub fn peak(samples: &[f32]) -> f32 {
    samples.iter().fold(0.0f32, |m, s| m.max(s.abs()))
}

/// Cuts leading and trailing silence: keeps from the first to the last 10 ms window whose RMS
/// is above `threshold`, plus `pad` seconds each side (within the clip).
pub fn trim_silence(audio: &mut Mono, threshold: Db, pad: f64) {
    let win = frames(audio.rate, 0.010).max(1);
    let t = f64::from(threshold.gain());
    let loud = |w: &[f32]| {
        let rms =
            (w.iter().map(|s| f64::from(*s) * f64::from(*s)).sum::<f64>() / w.len() as f64).sqrt();
        rms > t
    };
    let windows: Vec<&[f32]> = audio.samples.chunks(win).collect();
    let (Some(first), Some(last)) = (
        windows.iter().position(|w| loud(w)),
        windows.iter().rposition(|w| loud(w)),
    ) else {
        audio.samples.clear();
        return;
    };
    let p = frames(audio.rate, pad);
    let start = (first * win).saturating_sub(p);
    let end = ((last + 1) * win + p).min(audio.samples.len());
    audio.samples.truncate(end);
    audio.samples.drain(..start);
}

/// Raised-cosine fade-in over the first `n` samples and fade-out over the last `m`.
pub fn fade(samples: &mut [f32], n: usize, m: usize) {
    let len = samples.len();
    let n = n.min(len);
    for (i, s) in samples.iter_mut().take(n).enumerate() {
        *s *= (0.5 - 0.5 * (PI * i as f64 / n as f64).cos()) as f32;
    }
    let m = m.min(len);
    for i in 0..m {
        let k = len - m + i;
        samples[k] *= (0.5 + 0.5 * (PI * (i + 1) as f64 / m as f64).cos()) as f32;
    }
}

/// A second-order IIR section (RBJ cookbook), direct form I, in f64.
#[derive(Debug, Clone, Copy)]
pub struct Biquad {
    b: [f64; 3],
    a: [f64; 2],
}

impl Biquad {
    fn from(b0: f64, b1: f64, b2: f64, a0: f64, a1: f64, a2: f64) -> Biquad {
        Biquad {
            b: [b0 / a0, b1 / a0, b2 / a0],
            a: [a1 / a0, a2 / a0],
        }
    }

    /// Butterworth-Q high-pass at `hz`.
    pub fn highpass(rate: u32, hz: f64) -> Biquad {
        let w = 2.0 * PI * hz / f64::from(rate);
        let alpha = w.sin() / (2.0 * std::f64::consts::FRAC_1_SQRT_2);
        let c = w.cos();
        Biquad::from(
            (1.0 + c) / 2.0,
            -(1.0 + c),
            (1.0 + c) / 2.0,
            1.0 + alpha,
            -2.0 * c,
            1.0 - alpha,
        )
    }

    /// Butterworth-Q low-pass at `hz`.
    pub fn lowpass(rate: u32, hz: f64) -> Biquad {
        let w = 2.0 * PI * hz / f64::from(rate);
        let alpha = w.sin() / (2.0 * std::f64::consts::FRAC_1_SQRT_2);
        let c = w.cos();
        Biquad::from(
            (1.0 - c) / 2.0,
            1.0 - c,
            (1.0 - c) / 2.0,
            1.0 + alpha,
            -2.0 * c,
            1.0 - alpha,
        )
    }

    /// Peaking boost or cut of `gain` at `hz` with quality `q`.
    pub fn peaking(rate: u32, hz: f64, q: f64, gain: Db) -> Biquad {
        let a = 10f64.powf(gain.0 / 40.0);
        let w = 2.0 * PI * hz / f64::from(rate);
        let alpha = w.sin() / (2.0 * q);
        let c = w.cos();
        Biquad::from(
            1.0 + alpha * a,
            -2.0 * c,
            1.0 - alpha * a,
            1.0 + alpha / a,
            -2.0 * c,
            1.0 - alpha / a,
        )
    }

    /// Filters in place from a zero state.
    pub fn run(&self, samples: &mut [f32]) {
        let (mut x1, mut x2, mut y1, mut y2) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
        let [b0, b1, b2] = self.b;
        let [a1, a2] = self.a;
        for s in samples.iter_mut() {
            let x = f64::from(*s);
            let y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x;
            y2 = y1;
            y1 = y;
            *s = y as f32;
        }
    }
}

/// Settings of the programme compressor.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compressor {
    /// Level above which gain is reduced, in dBFS of the RMS envelope.
    pub threshold_db: f64,
    /// Input dB above threshold per output dB.
    pub ratio: f64,
    /// Envelope attack in seconds.
    pub attack_s: f64,
    /// Envelope release in seconds.
    pub release_s: f64,
}

impl Compressor {
    /// Feed-forward RMS compressor with smoothed gain.
    pub fn run(&self, audio: &mut Mono) {
        let rate = f64::from(audio.rate);
        let coef = |t: f64| (-1.0 / (t.max(1e-4) * rate)).exp();
        let (att, rel) = (coef(self.attack_s), coef(self.release_s));
        let rms_coef = coef(0.030);
        let mut ms = 0.0f64;
        let mut reduction = 0.0f64; // dB, >= 0
                                    // Logarithms only above the threshold, powers only while the gain is reduced.
        let threshold_ms = 10f64.powf(self.threshold_db / 10.0);
        for s in audio.samples.iter_mut() {
            let x = f64::from(*s);
            ms = rms_coef * ms + (1.0 - rms_coef) * x * x;
            let target = if ms > threshold_ms {
                (10.0 * f64::from((ms as f32).log10()) - self.threshold_db)
                    * (1.0 - 1.0 / self.ratio)
            } else {
                0.0
            };
            let c = if target > reduction { att } else { rel };
            reduction = c * reduction + (1.0 - c) * target;
            if reduction > 1e-6 {
                // A gain needs no more than f32's precision, and its `exp` is much cheaper.
                *s *= ((reduction * (-std::f64::consts::LN_10 / 20.0)) as f32).exp();
            }
        }
    }
}

/// Lookahead peak limiter: no output sample exceeds `ceiling` (linear). The gain reaches its
/// value over `lookahead` seconds before each peak and recovers over `release` seconds.
pub fn limit(audio: &mut Mono, ceiling: f32, lookahead: f64, release: f64) {
    let n = audio.samples.len();
    if n == 0 || peak(&audio.samples) <= ceiling {
        return;
    }
    let mut g: Vec<f32> = audio
        .samples
        .iter()
        .map(|s| {
            let a = s.abs();
            if a > ceiling {
                ceiling / a
            } else {
                1.0
            }
        })
        .collect();
    limit_with_needs(audio, &mut g, ceiling, lookahead, release);
}

/// The peak between samples `i` and `i + 1` (and at `i`), estimated at three points in between
/// by cubic (Catmull-Rom) interpolation: the inter-sample peaks a true-peak meter sees in
/// band-limited speech, to a tenth of a dB or so.
pub fn intersample_peak(x: &[f32], i: usize) -> f32 {
    let at = |k: isize| -> f32 {
        if k < 0 {
            0.0
        } else {
            x.get(k as usize).copied().unwrap_or(0.0)
        }
    };
    let i = i as isize;
    let (xm1, x0, x1, x2) = (at(i - 1), at(i), at(i + 1), at(i + 2));
    let mut p = x0.abs();
    for t in [0.25f32, 0.5, 0.75] {
        let v = 0.5
            * (2.0 * x0
                + (-xm1 + x1) * t
                + (2.0 * xm1 - 5.0 * x0 + 4.0 * x1 - x2) * t * t
                + (-xm1 + 3.0 * x0 - 3.0 * x1 + x2) * t * t * t);
        p = p.max(v.abs());
    }
    p
}

/// The highest true peak of `x`, estimated with [`intersample_peak`] (linear).
pub fn true_peak_estimate(x: &[f32]) -> f32 {
    let sp = peak(x);
    let near = sp * 0.5;
    (0..x.len())
        .filter(|&i| x[i].abs() > near || x.get(i + 1).is_some_and(|v| v.abs() > near))
        .fold(sp, |m, i| m.max(intersample_peak(x, i)))
}

/// [`limit`] for the true peak: each sample's need also covers the peaks between it and the
/// next sample ([`intersample_peak`]), so the output's true peak stays at the ceiling, not up
/// to half a dB over it as with sample peaks alone.
pub fn limit_true_peak(audio: &mut Mono, ceiling: f32, lookahead: f64, release: f64) {
    limit_true_peak_with(audio, ceiling, lookahead, release, &mut Vec::new());
}

/// [`limit_true_peak`] with a scratch buffer kept by the caller (no allocation per call in
/// loops that limit the same programme again and again).
pub fn limit_true_peak_with(
    audio: &mut Mono,
    ceiling: f32,
    lookahead: f64,
    release: f64,
    scratch: &mut Vec<f32>,
) {
    let x = &audio.samples;
    let half = ceiling * 0.5;
    let mut over = false;
    scratch.clear();
    scratch.extend((0..x.len()).map(|i| {
        let a = x[i].abs();
        let b = x.get(i + 1).map_or(0.0, |v| v.abs());
        // Between two samples under half the ceiling no peak reaches it.
        let p = if a.max(b) > half {
            intersample_peak(x, i)
        } else {
            a
        };
        if p > ceiling {
            over = true;
            ceiling / p
        } else {
            1.0
        }
    }));
    if over {
        limit_with_needs(audio, scratch, ceiling, lookahead, release);
    }
}

/// The limiter proper, given the gain each sample needs (`g`, overwritten).
fn limit_with_needs(audio: &mut Mono, g: &mut [f32], ceiling: f32, lookahead: f64, release: f64) {
    let n = audio.samples.len();
    let la = frames(audio.rate, lookahead).max(1);
    // The minimum need over the next `la` samples (a monotonic deque, filled backwards), then
    // the release, in place.
    let mut dq: VecDeque<(usize, f32)> = VecDeque::new();
    for i in (0..n).rev() {
        let need = g[i];
        while dq.back().is_some_and(|&(_, v)| v >= need) {
            dq.pop_back();
        }
        dq.push_back((i, need));
        while dq.front().is_some_and(|&(j, _)| j >= i + la) {
            dq.pop_front();
        }
        g[i] = dq.front().map_or(need, |&(_, v)| v);
    }
    // Instant attack, exponential release.
    let rel = (-1.0 / (release.max(1e-3) * f64::from(audio.rate))).exp() as f32;
    let mut cur = 1.0f32;
    for m in g.iter_mut() {
        cur = if *m < cur { *m } else { *m - (*m - cur) * rel };
        *m = cur;
    }
    // Box average over the lookahead (smooth, and still at or below the need at each peak),
    // applied as it goes; a ring holds the last `la` gains. Before the window is full it is
    // padded with unity gain on the left.
    let mut ring = vec![1.0f32; la];
    let mut sum = la as f64;
    for (i, (s, &gi)) in audio.samples.iter_mut().zip(g.iter()).enumerate() {
        let slot = i % la;
        sum += f64::from(gi) - f64::from(ring[slot]);
        ring[slot] = gi;
        let gain = (sum / la as f64) as f32;
        *s = (*s * gain).clamp(-ceiling, ceiling);
    }
}

/// Adds `src` into `dst` starting at frame `at`, growing `dst` as needed.
pub fn mix_into(dst: &mut Vec<f32>, src: &[f32], at: usize, gain: f32) {
    if dst.len() < at + src.len() {
        dst.resize(at + src.len(), 0.0);
    }
    for (d, s) in dst[at..at + src.len()].iter_mut().zip(src) {
        *d += s * gain;
    }
}

/// A gain curve (linear) for a bed: `depth` lower wherever `voice` is above `threshold`, moving
/// over `attack` seconds when speech starts and `release` seconds after it stops.
pub fn duck_curve(
    voice: &[f32],
    rate: u32,
    depth: Db,
    threshold: Db,
    attack: f64,
    release: f64,
) -> Vec<f32> {
    let t = threshold.gain();
    let low = f64::from(Db(-depth.0.abs()).gain());
    let hold = frames(rate, 0.050);
    let coef = |s: f64| (-1.0 / (s.max(1e-3) * f64::from(rate))).exp();
    let (att, rel) = (coef(attack), coef(release));
    let mut since_voice = usize::MAX;
    let mut g = 1.0f64;
    voice
        .iter()
        .map(|v| {
            since_voice = if v.abs() > t {
                0
            } else {
                since_voice.saturating_add(1)
            };
            let target = if since_voice <= hold { low } else { 1.0 };
            let c = if target < g { att } else { rel };
            g = c * g + (1.0 - c) * target;
            g as f32
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(rate: u32, hz: f64, secs: f64, amp: f32) -> Mono {
        Mono {
            rate,
            samples: (0..frames(rate, secs))
                .map(|i| amp * (2.0 * PI * hz * i as f64 / f64::from(rate)).sin() as f32)
                .collect(),
        }
    }

    #[test]
    fn trim_keeps_the_sound_and_the_padding() {
        let rate = 8000;
        let mut a = Mono::silence(rate, 1.0);
        a.samples.extend(sine(rate, 440.0, 0.5, 0.5).samples);
        a.samples.extend(Mono::silence(rate, 1.0).samples);
        trim_silence(&mut a, Db(-50.0), 0.1);
        // 0.5 s of tone + 0.1 s padding each side, to a 10 ms window.
        assert!((a.seconds() - 0.7).abs() < 0.021, "{}", a.seconds());
    }

    #[test]
    fn fades_start_and_end_at_zero() {
        let mut s = vec![1.0f32; 1000];
        fade(&mut s, 100, 100);
        assert_eq!(s[0], 0.0);
        assert!(s[999].abs() < 1e-6);
        assert!((s[500] - 1.0).abs() < 1e-6);
        // Monotonic over the fade-in: no step larger than the fade allows.
        let max_step = s
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(0.0f32, f32::max);
        assert!(max_step <= (PI / 100.0) as f32 / 2.0 + 1e-6, "{max_step}");
    }

    #[test]
    fn limiter_never_exceeds_its_ceiling_and_leaves_quiet_parts_alone() {
        let rate = 44100;
        let mut a = sine(rate, 1000.0, 1.0, 0.2);
        for i in 20000..20100 {
            a.samples[i] = 0.99;
        }
        let before = a.samples[5000];
        limit(&mut a, 0.5, 0.005, 0.1);
        assert!(peak(&a.samples) <= 0.5 + 1e-6);
        assert_eq!(
            a.samples[5000], before,
            "far from the peak the gain is unity"
        );
    }

    #[test]
    fn highpass_removes_low_frequencies() {
        let rate = 44100;
        let mut low = sine(rate, 60.0, 1.0, 0.5);
        let mut mid = sine(rate, 1000.0, 1.0, 0.5);
        let f = Biquad::highpass(rate, 180.0);
        f.run(&mut low.samples);
        f.run(&mut mid.samples);
        let tail = |m: &Mono| peak(&m.samples[rate as usize / 2..]);
        assert!(tail(&low) < 0.07, "60 Hz at 180 Hz HPF: {}", tail(&low));
        assert!((tail(&mid) - 0.5).abs() < 0.02);
    }

    #[test]
    fn duck_curve_reaches_its_depth_under_speech() {
        let rate = 8000;
        let mut voice = vec![0.0f32; rate as usize];
        voice.extend(sine(rate, 300.0, 2.0, 0.3).samples);
        let g = duck_curve(&voice, rate, Db(12.0), Db(-50.0), 0.1, 0.5);
        assert!((g[rate as usize / 2] - 1.0).abs() < 1e-3);
        let under = Db::of_amplitude(f64::from(g[2 * rate as usize]));
        assert!((under.0 + 12.0).abs() < 0.2, "{under:?}");
    }
}
