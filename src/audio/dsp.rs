//! Signal processing on mono buffers: gain, silence trimming, fades, filters, compression, a
//! true-peak-safe lookahead limiter, mixing and ducking.
//!
//! All deterministic: the same input gives the same samples.

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
        *s *= fade_in_gain(i, n);
    }
    let m = m.min(len);
    for i in 0..m {
        let k = len - m + i;
        samples[k] *= fade_out_gain(i, m);
    }
}

/// The gain of [`fade`]'s fade-in of `n` samples at sample `i` (from 0).
#[inline]
pub fn fade_in_gain(i: usize, n: usize) -> f32 {
    (0.5 - 0.5 * (PI * i as f64 / n as f64).cos()) as f32
}

/// The gain of [`fade`]'s fade-out of `m` samples at its sample `i` (from 0; the last is 0).
#[inline]
pub fn fade_out_gain(i: usize, m: usize) -> f32 {
    (0.5 + 0.5 * (PI * (i + 1) as f64 / m as f64).cos()) as f32
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

    /// Filters in place from a zero state (a [`Cascade`] of this one section).
    pub fn run(&self, samples: &mut [f32]) {
        Cascade::new(&[*self]).run(samples);
    }
}

/// Biquads in series, run in one pass with their state kept between calls (so a signal can be
/// filtered a chunk at a time), in f64 throughout. One pass over the samples lets the sections'
/// recurrences overlap: five in series cost little more than one.
#[derive(Debug, Clone)]
pub struct Cascade {
    stages: Vec<(Biquad, [f64; 4])>,
}

impl Cascade {
    /// The sections, first to last, from a zero state.
    pub fn new(stages: &[Biquad]) -> Cascade {
        Cascade {
            stages: stages.iter().map(|b| (*b, [0.0; 4])).collect(),
        }
    }

    /// Filters the next samples in place.
    pub fn run(&mut self, samples: &mut [f32]) {
        match self.stages.len() {
            0 => {}
            1 => self.run_n::<1>(samples),
            2 => self.run_n::<2>(samples),
            3 => self.run_n::<3>(samples),
            4 => self.run_n::<4>(samples),
            5 => self.run_n::<5>(samples),
            _ => {
                for (b, st) in &mut self.stages {
                    let mut one = [(*b, *st)];
                    run_stages(&mut one, samples);
                    *st = one[0].1;
                }
            }
        }
    }

    fn run_n<const N: usize>(&mut self, samples: &mut [f32]) {
        let mut arr: [(Biquad, [f64; 4]); N] = std::array::from_fn(|k| self.stages[k]);
        run_stages(&mut arr, samples);
        self.stages.copy_from_slice(&arr);
    }
}

/// One sample `x` through the section `coef` with state `[x1, x2, y1, y2]` (direct form I):
/// its output.
#[inline(always)]
fn section(coef: &([f64; 3], [f64; 2]), st: &mut [f64; 4], x: f64) -> f64 {
    let ([b0, b1, b2], [a1, a2]) = *coef;
    let [x1, x2, y1, y2] = *st;
    // The feedback terms last: only they wait on this section's previous output.
    let y = b0 * x + b1 * x1 + b2 * x2 - a2 * y2 - a1 * y1;
    *st = [x, x1, y, y1];
    y
}

/// The sections in series over `samples`, each with its state.
fn run_stages<const N: usize>(stages: &mut [(Biquad, [f64; 4]); N], samples: &mut [f32]) {
    let coef: [([f64; 3], [f64; 2]); N] = std::array::from_fn(|k| (stages[k].0.b, stages[k].0.a));
    let mut st: [[f64; 4]; N] = std::array::from_fn(|k| stages[k].1);
    for s in samples.iter_mut() {
        let mut x = f64::from(*s);
        for k in 0..N {
            x = section(&coef[k], &mut st[k], x);
        }
        *s = x as f32;
    }
    for k in 0..N {
        stages[k].1 = st[k];
    }
}

/// The sections of `stages` in series over a whole signal from a zero state, as
/// [`Cascade::run`] gives it, in two lanes: the second half starts a second early from a zero
/// state (two independent recurrences keep the core busy where one waits on itself). By the
/// time its samples count, its state is the true one but for rounding: these sections forget
/// their past within milliseconds.
pub fn cascade_whole(stages: &[Biquad], samples: &mut [f32], rate: u32) {
    let warm = rate.max(1) as usize;
    if samples.len() < 4 * warm {
        Cascade::new(stages).run(samples);
        return;
    }
    match stages.len() {
        0 => {}
        1 => two_lanes::<1>(stages, samples, warm),
        2 => two_lanes::<2>(stages, samples, warm),
        3 => two_lanes::<3>(stages, samples, warm),
        4 => two_lanes::<4>(stages, samples, warm),
        5 => two_lanes::<5>(stages, samples, warm),
        _ => Cascade::new(stages).run(samples),
    }
}

fn two_lanes<const N: usize>(stages: &[Biquad], samples: &mut [f32], warm: usize) {
    let n = samples.len();
    let mid = n / 2;
    // Lane B reads each sample before lane A, a step behind in the buffer, overwrites it.
    let b0 = mid - warm;
    let coef: [([f64; 3], [f64; 2]); N] = std::array::from_fn(|k| (stages[k].b, stages[k].a));
    let mut st = [[[0.0f64; 4]; N]; 2];
    let step = |xa: f32, xb: f32, st: &mut [[[f64; 4]; N]; 2]| -> (f32, f32) {
        let (mut a, mut b) = (f64::from(xa), f64::from(xb));
        for k in 0..N {
            a = section(&coef[k], &mut st[0][k], a);
            b = section(&coef[k], &mut st[1][k], b);
        }
        (a as f32, b as f32)
    };
    for t in 0..warm {
        let (a, _) = step(samples[t], samples[b0 + t], &mut st);
        samples[t] = a;
    }
    for t in warm..mid {
        let (a, b) = step(samples[t], samples[b0 + t], &mut st);
        samples[t] = a;
        samples[b0 + t] = b;
    }
    // The rest of the second half, one lane, from lane B's state.
    let mut rest: [(Biquad, [f64; 4]); N] = std::array::from_fn(|k| (stages[k], st[1][k]));
    run_stages(&mut rest, &mut samples[b0 + mid..]);
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
    /// Feed-forward RMS compressor with smoothed gain. The detector (30 ms mean square) and
    /// the gain's attack and release run in steps of [`Compressor::STEP`] samples (a third of a
    /// millisecond at 48 kHz); the gain moves in a straight line across each step.
    pub fn run(&self, audio: &mut Mono) {
        let rate = f64::from(audio.rate);
        let coef = |t: f64| (-1.0 / (t.max(1e-4) * rate)).exp();
        let (att, rel) = (coef(self.attack_s), coef(self.release_s));
        let rms_coef = coef(0.030);
        let threshold_ms = 10f64.powf(self.threshold_db / 10.0);
        let slope = 1.0 - 1.0 / self.ratio;
        // Over a whole step: the mean square is c^N·ms + Σ c^(N−1−k)·(1 − c)·x_k².
        const N: usize = Compressor::STEP;
        let weights: [f64; N] =
            std::array::from_fn(|k| rms_coef.powi((N - 1 - k) as i32) * (1.0 - rms_coef));
        let (rms_n, att_n, rel_n) = (
            rms_coef.powi(N as i32),
            att.powi(N as i32),
            rel.powi(N as i32),
        );
        let mut ms = 0.0f64;
        let mut reduction = 0.0f64; // dB, >= 0
        let mut gain = 1.0f32;
        let mut chunks = audio.samples.chunks_exact_mut(N);
        for chunk in &mut chunks {
            let e: f64 = chunk
                .iter()
                .zip(&weights)
                .map(|(x, w)| w * f64::from(*x) * f64::from(*x))
                .sum();
            ms = rms_n * ms + e;
            let target = if ms > threshold_ms {
                (10.0 * ms.log10() - self.threshold_db) * slope
            } else {
                0.0
            };
            let c = if target > reduction { att_n } else { rel_n };
            reduction = c * reduction + (1.0 - c) * target;
            let next = if reduction > 1e-6 {
                db_down(reduction as f32)
            } else {
                1.0
            };
            if gain != 1.0 || next != 1.0 {
                let step = (next - gain) / N as f32;
                for (k, s) in chunk.iter_mut().enumerate() {
                    *s *= gain + step * (k + 1) as f32;
                }
            }
            gain = next;
        }
        // The last few samples keep the last gain.
        if gain != 1.0 {
            chunks.into_remainder().iter_mut().for_each(|s| *s *= gain);
        }
    }

    /// Samples per step of the detector and gain.
    pub const STEP: usize = 16;
}

/// The linear gain of `db` decibels down (`db` ≥ 0), to about one part in 10⁶: 2 to the power
/// of −db / 20 · log₂ 10, its fraction by a polynomial (a gain per sample needs no more, and
/// this costs a fraction of `exp`).
#[inline]
pub fn db_down(db: f32) -> f32 {
    let x = (-db * (std::f32::consts::LOG2_10 / 20.0)).clamp(-126.0, 0.0);
    // Rounded to the nearest integer by a cast (no call to `roundf`): x + 256.5 > 0.
    let n = ((x + 256.5) as i32 - 256) as f32;
    let f = x - n;
    // 2^f on [−½, ½]: its series to the sixth power, relative error about 10⁻⁷.
    let p = 1.0
        + f * (std::f32::consts::LN_2
            + f * (0.240_226_5
                + f * (0.055_504_11 + f * (0.009_618_13 + f * (0.001_333_36 + f * 0.000_154_03)))));
    let scale = f32::from_bits((((n as i32) + 127) as u32) << 23);
    p * scale
}

/// Lookahead peak limiter: no output sample exceeds `ceiling` (linear). The gain reaches its
/// value over `lookahead` seconds before each peak and recovers over `release` seconds.
pub fn limit(audio: &mut Mono, ceiling: f32, lookahead: f64, release: f64) {
    limit_with(
        audio,
        ceiling,
        lookahead,
        release,
        &mut LimiterScratch::default(),
    );
}

/// [`limit`] with buffers kept by the caller.
pub fn limit_with(
    audio: &mut Mono,
    ceiling: f32,
    lookahead: f64,
    release: f64,
    scratch: &mut LimiterScratch,
) {
    if audio.samples.is_empty() || peak(&audio.samples) <= ceiling {
        return;
    }
    let LimiterScratch { needs, tile } = scratch;
    needs.clear();
    needs.extend(audio.samples.iter().map(|s| {
        let a = s.abs();
        if a > ceiling {
            ceiling / a
        } else {
            1.0
        }
    }));
    limit_with_needs(audio, needs, ceiling, lookahead, release, tile);
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
    cubic_peak(at(i - 1), at(i), at(i + 1), at(i + 2))
}

/// [`intersample_peak`] of the four samples around the interval.
#[inline(always)]
fn cubic_peak(xm1: f32, x0: f32, x1: f32, x2: f32) -> f32 {
    let c1 = -xm1 + x1;
    let c2 = 2.0 * xm1 - 5.0 * x0 + 4.0 * x1 - x2;
    let c3 = -xm1 + 3.0 * x0 - 3.0 * x1 + x2;
    let mut p = x0.abs();
    for t in [0.25f32, 0.5, 0.75] {
        let v = 0.5 * (2.0 * x0 + c1 * t + c2 * t * t + c3 * t * t * t);
        let a = v.abs();
        p = if a > p { a } else { p };
    }
    p
}

/// [`intersample_peak`] at every sample, into `out`.
fn intersample_peaks(x: &[f32], out: &mut Vec<f32>) {
    let n = x.len();
    out.clear();
    if n < 4 {
        out.extend((0..n).map(|i| intersample_peak(x, i)));
        return;
    }
    out.push(intersample_peak(x, 0));
    // The interior, branch-free (the compiler vectorises it).
    let m = n - 3;
    out.extend(
        x[..m]
            .iter()
            .zip(&x[1..m + 1])
            .zip(&x[2..m + 2])
            .zip(&x[3..m + 3])
            .map(|(((a, b), c), d)| cubic_peak(*a, *b, *c, *d)),
    );
    out.push(intersample_peak(x, n - 2));
    out.push(intersample_peak(x, n - 1));
}

/// The highest true peak of `x`, estimated with [`intersample_peak`] (linear).
pub fn true_peak_estimate(x: &[f32]) -> f32 {
    let sp = peak(x);
    let near = sp * 0.5;
    (0..x.len())
        .filter(|&i| x[i].abs() > near || x.get(i + 1).is_some_and(|v| v.abs() > near))
        .fold(sp, |m, i| m.max(intersample_peak(x, i)))
}

/// Buffers a limiter needs, kept by a caller that limits again and again (no allocation, no
/// fresh pages, per call).
#[derive(Debug, Default)]
pub struct LimiterScratch {
    needs: Vec<f32>,
    tile: Vec<f32>,
}

impl LimiterScratch {
    /// Scratch whose largest buffer starts as `samples` (its contents are not read).
    pub fn with_samples(samples: Vec<f32>) -> LimiterScratch {
        LimiterScratch {
            needs: samples,
            tile: Vec::new(),
        }
    }

    /// Its largest buffer, for other work between limiter runs (its contents are not kept).
    pub fn samples(&mut self) -> &mut Vec<f32> {
        &mut self.needs
    }
}

/// [`limit`] for the true peak: each sample's need also covers the peaks between it and the
/// next sample ([`intersample_peak`]), so the output's true peak stays at the ceiling, not up
/// to half a dB over it as with sample peaks alone. The buffers are kept by the caller.
pub fn limit_true_peak_with(
    audio: &mut Mono,
    ceiling: f32,
    lookahead: f64,
    release: f64,
    scratch: &mut LimiterScratch,
) {
    let LimiterScratch { needs, tile } = scratch;
    intersample_peaks(&audio.samples, needs);
    let mut over = false;
    for p in needs.iter_mut() {
        over |= *p > ceiling;
        *p = if *p > ceiling { ceiling / *p } else { 1.0 };
    }
    if over {
        limit_with_needs(audio, needs, ceiling, lookahead, release, tile);
    }
}

/// `g[i]` becomes the smallest of `g[i..i + w]` (of fewer at the end), for values at most 1:
/// a sparse table of minimums over power-of-two spans, built a tile at a time in `tmp` (each
/// step one vectorised pass), and two overlapping spans per window.
pub fn window_min(g: &mut [f32], w: usize, tmp: &mut Vec<f32>) {
    let n = g.len();
    if w <= 1 || n == 0 {
        return;
    }
    let mut k = 1;
    while k * 2 <= w {
        k *= 2;
    }
    const TILE: usize = 8192;
    let span = TILE + w - 1;
    tmp.resize(2 * span, 1.0);
    let (a, b) = tmp.split_at_mut(span);
    let min = |x: f32, y: f32| if y < x { y } else { x };
    let mut t0 = 0;
    while t0 < n {
        let len_t = TILE.min(n - t0);
        // The tile and the window past its end; past the signal, unity (a need of nothing).
        let avail = (n - t0).min(span);
        a[..avail].copy_from_slice(&g[t0..t0 + avail]);
        a[avail..].fill(1.0);
        let (mut cur, mut next) = (&mut *a, &mut *b);
        let mut len = span;
        let mut s = 1;
        while s < k {
            let m = len - s;
            for ((o, x), y) in next[..m].iter_mut().zip(&cur[..m]).zip(&cur[s..s + m]) {
                *o = min(*x, *y);
            }
            std::mem::swap(&mut cur, &mut next);
            len = m;
            s *= 2;
        }
        // cur[i] = min of the k values from t0 + i.
        let off = w - k;
        for ((o, x), y) in g[t0..t0 + len_t]
            .iter_mut()
            .zip(&cur[..len_t])
            .zip(&cur[off..off + len_t])
        {
            *o = min(*x, *y);
        }
        t0 += len_t;
    }
}

/// The release and smoothing of a lookahead limiter's gain, a sample at a time, shared by
/// [`limit`] and the streaming limiter so that both give the same samples: an instant attack
/// to the window's need, an exponential release, then a box average over the lookahead (smooth,
/// and still at or below the need at each peak). Before the box is full it is padded with
/// unity gain.
#[derive(Debug, Clone)]
pub struct GainSmoother {
    rel: f32,
    keep: f32,
    cur: f32,
    ring: Vec<f32>,
    pos: usize,
    sum: f64,
    inv: f64,
}

impl GainSmoother {
    /// A smoother over `la` samples with the release coefficient for `release` seconds.
    pub fn new(rate: u32, la: usize, release: f64) -> GainSmoother {
        let la = la.max(1);
        let rel = (-1.0 / (release.max(1e-3) * f64::from(rate.max(1)))).exp() as f32;
        GainSmoother {
            rel,
            keep: 1.0 - rel,
            cur: 1.0,
            ring: vec![1.0; la],
            pos: 0,
            sum: la as f64,
            inv: 1.0 / la as f64,
        }
    }

    /// The gain for the next sample, whose window's need is `need`.
    #[inline(always)]
    pub fn next(&mut self, need: f32) -> f32 {
        // Attack at once, release towards the need (the two cases as one minimum).
        let r = self.rel * self.cur + self.keep * need;
        self.cur = if r < need { r } else { need };
        // The ring holds gains in (0, 1]: their f64 sum is exact, whatever the order.
        let pos = self.pos;
        let old = self.ring[pos];
        self.ring[pos] = self.cur;
        self.pos = if pos + 1 == self.ring.len() {
            0
        } else {
            pos + 1
        };
        self.sum += f64::from(self.cur) - f64::from(old);
        (self.sum * self.inv) as f32
    }
}

/// The limiter proper, given the gain each sample needs (`g`, overwritten).
fn limit_with_needs(
    audio: &mut Mono,
    g: &mut [f32],
    ceiling: f32,
    lookahead: f64,
    release: f64,
    tile: &mut Vec<f32>,
) {
    let la = frames(audio.rate, lookahead).max(1);
    window_min(g, la, tile);
    let mut smooth = GainSmoother::new(audio.rate, la, release);
    for (s, &m) in audio.samples.iter_mut().zip(g.iter()) {
        let gain = smooth.next(m);
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

/// A bed's gain, a sample at a time: `depth` lower wherever the voice is above its threshold,
/// moving over `attack` seconds when speech starts and `release` seconds after it stops.
#[derive(Debug, Clone)]
pub struct Ducker {
    low: f64,
    hold: usize,
    att: f64,
    rel: f64,
    since_voice: usize,
    g: f64,
}

impl Ducker {
    /// A ducker `depth` deep with `attack` and `release` in seconds.
    pub fn new(rate: u32, depth: Db, attack: f64, release: f64) -> Ducker {
        let coef = |s: f64| (-1.0 / (s.max(1e-3) * f64::from(rate))).exp();
        Ducker {
            low: f64::from(Db(-depth.0.abs()).gain()),
            hold: frames(rate, 0.050),
            att: coef(attack),
            rel: coef(release),
            since_voice: usize::MAX,
            g: 1.0,
        }
    }

    /// The bed's gain at the next sample.
    #[inline]
    pub fn next(&mut self, voice: bool) -> f32 {
        self.since_voice = if voice {
            0
        } else {
            self.since_voice.saturating_add(1)
        };
        let target = if self.since_voice <= self.hold {
            self.low
        } else {
            1.0
        };
        let c = if target < self.g { self.att } else { self.rel };
        self.g = c * self.g + (1.0 - c) * target;
        self.g as f32
    }
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
    fn the_compressor_reduces_loud_passages_by_its_ratio() {
        // 2 s at −30 dBFS RMS then 2 s at −10: threshold −20, ratio 3 → −10 comes out about
        // 6.7 dB lower; the quiet part is untouched.
        let rate = 48_000;
        let mut a = sine(rate, 440.0, 2.0, 0.0447);
        a.samples.extend(sine(rate, 440.0, 2.0, 0.447).samples);
        let before = a.clone();
        Compressor {
            threshold_db: -20.0,
            ratio: 3.0,
            attack_s: 0.01,
            release_s: 0.3,
        }
        .run(&mut a);
        let rms = |s: &[f32]| {
            Db::of_amplitude(
                (s.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>() / s.len() as f64).sqrt(),
            )
        };
        let n = rate as usize;
        assert!((rms(&a.samples[n / 2..n]).0 - rms(&before.samples[n / 2..n]).0).abs() < 0.01);
        let cut = rms(&before.samples[3 * n..4 * n]).0 - rms(&a.samples[3 * n..4 * n]).0;
        assert!((cut - 20.0 / 3.0).abs() < 0.3, "{cut}");
        // The gain moves without steps: no sample-to-sample jump beyond the signal's own.
        let worst = a
            .samples
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(0.0f32, f32::max);
        assert!(
            worst < 0.447 * 2.0 * std::f32::consts::PI * 440.0 / rate as f32 * 1.05,
            "{worst}"
        );
    }

    #[test]
    fn db_down_is_the_gain_of_so_many_decibels_down() {
        for db in [0.0f32, 1e-5, 0.3, 1.0, 3.0, 6.02, 10.0, 19.99, 40.0, 96.0] {
            let want = 10f64.powf(-f64::from(db) / 20.0);
            let got = f64::from(db_down(db));
            assert!(
                (got / want - 1.0).abs() < 1e-6,
                "{db}: {got} against {want}"
            );
        }
    }

    #[test]
    fn window_minimum_is_the_minimum_of_each_window() {
        // Needs in (0, 1], as a limiter makes them, over lengths around the tile size.
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            (seed >> 40) as f32 / (1u64 << 24) as f32
        };
        for (n, w) in [
            (0, 5),
            (1, 1),
            (10, 3),
            (1000, 220),
            (8192, 220),
            (8193, 132),
            (20000, 221),
            (30000, 1),
            (5000, 4096),
        ] {
            let g: Vec<f32> = (0..n)
                .map(|_| if next() < 0.7 { 1.0 } else { next().max(1e-3) })
                .collect();
            let want: Vec<f32> = (0..n)
                .map(|i| g[i..(i + w).min(n)].iter().copied().fold(1.0, f32::min))
                .collect();
            let mut got = g.clone();
            window_min(&mut got, w, &mut Vec::new());
            assert_eq!(got, want, "n {n} w {w}");
        }
    }

    /// A loudspeaker chain's sections: high-pass twice, a low-pass, a presence lift.
    fn speech_sections(rate: u32, lowpass: f64) -> [Biquad; 4] {
        [
            Biquad::highpass(rate, 180.0),
            Biquad::highpass(rate, 180.0),
            Biquad::lowpass(rate, lowpass),
            Biquad::peaking(rate, 2500.0, 1.0, Db(2.0)),
        ]
    }

    #[test]
    fn a_cascade_filters_as_its_sections_one_after_another() {
        let rate = 44100;
        let stages = speech_sections(rate, 7000.0);
        let input = sine(rate, 440.0, 0.5, 0.5).samples;
        let mut one_by_one = input.clone();
        for b in &stages {
            b.run(&mut one_by_one);
        }
        // In chunks, state kept between them.
        let mut cascade = Cascade::new(&stages);
        let mut together = input.clone();
        for chunk in together.chunks_mut(1000) {
            cascade.run(chunk);
        }
        for (a, b) in one_by_one.iter().zip(&together) {
            // f64 throughout against f32 between sections.
            assert!((a - b).abs() < 1e-5, "{a} {b}");
        }
    }

    #[test]
    fn a_whole_signal_in_two_lanes_is_filtered_as_in_one() {
        let rate = 8000;
        let stages = speech_sections(rate, 3000.0);
        for secs in [3.0, 4.0, 9.7, 20.0] {
            let mut x = sine(rate, 440.0, secs, 0.5);
            for (i, s) in x.samples.iter_mut().enumerate() {
                *s += 0.2 * ((i * 7919 % 1000) as f32 / 1000.0 - 0.5);
            }
            for n in 1..=stages.len() {
                let mut one = x.samples.clone();
                Cascade::new(&stages[..n]).run(&mut one);
                let mut two = x.samples.clone();
                cascade_whole(&stages[..n], &mut two, rate);
                for (i, (a, b)) in one.iter().zip(&two).enumerate() {
                    assert!(
                        (a - b).abs() <= 1e-6,
                        "{secs} s, {n} sections, sample {i}: {a} {b}"
                    );
                }
            }
        }
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
    fn the_ducker_reaches_its_depth_under_speech() {
        let rate = 8000;
        let mut voice = vec![0.0f32; rate as usize];
        voice.extend(sine(rate, 300.0, 2.0, 0.3).samples);
        let t = Db(-50.0).gain();
        let mut d = Ducker::new(rate, Db(12.0), 0.1, 0.5);
        let g: Vec<f32> = voice.iter().map(|v| d.next(v.abs() > t)).collect();
        assert!((g[rate as usize / 2] - 1.0).abs() < 1e-3);
        let under = Db::of_amplitude(f64::from(g[2 * rate as usize]));
        assert!((under.0 + 12.0).abs() < 0.2, "{under:?}");
    }
}
