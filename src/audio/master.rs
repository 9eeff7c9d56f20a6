//! Mastering for a listening place: band-limiting, compression, loudness and true peak.
//!
//! [`Mastering::apply`] filters, compresses until the loudness range is within its limit, then
//! normalises to the target loudness with a true-peak lookahead limiter, iterating until the
//! integrated loudness is within 0.05 LU of the target under the ceiling less the requested
//! headroom. Inside the loops loudness, range and true peak come from one K-weighted pass and
//! an interpolated peak estimate; encoders overshoot, so the caller measures the encoded file
//! with the full EBU R128 meter and asks again with more headroom when needed.

use serde::Deserialize;

use super::dsp::{
    apply_gain, limit_true_peak_with, limit_with, true_peak_estimate, Biquad, Compressor,
    LimiterScratch,
};
use super::loudness::{gated, integrated, k_blocks, lra_from_blocks, Loudness};
use super::{AudioError, Db, Mono};

/// A mastering chain. Loaded from a profile in `loaxa.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Mastering {
    /// Integrated loudness target in LUFS.
    pub target_lufs: f64,
    /// True-peak ceiling in dBTP.
    pub true_peak_dbtp: f64,
    /// High-pass corner in Hz (24 dB/octave), if any.
    #[serde(default)]
    pub highpass_hz: Option<f64>,
    /// Low-pass corner in Hz (24 dB/octave), if any.
    #[serde(default)]
    pub lowpass_hz: Option<f64>,
    /// Presence lift around 2.5 kHz in dB, if any.
    #[serde(default)]
    pub presence_db: Option<f64>,
    /// Programme compressor; its threshold is relative to the target loudness.
    #[serde(default)]
    pub compressor: Option<Compressor>,
    /// Largest loudness range allowed, in LU; the leveler and compressor are tightened until
    /// it holds.
    #[serde(default)]
    pub max_lra_lu: Option<f64>,
    /// Slow gain riding on 3-second loudness, at most this many dB up or down (0 turns it off).
    #[serde(default = "default_leveler")]
    pub leveler_db: f64,
    /// Peak control before levelling: peaks are limited to this many dB above the target
    /// loudness, so that speech (often 16–20 dB of peak over loudness) and music (8–10 dB) keep
    /// their balance through the final limiter.
    #[serde(default = "default_plr")]
    pub peak_to_loudness_db: f64,
}

fn default_plr() -> f64 {
    12.0
}

fn default_leveler() -> f64 {
    6.0
}

/// Rides the gain slowly so that the 3-second (short-term) loudness stays near `target`: at most
/// `max_db` up or down, only where there is speech (short-term loudness above target − 20 LU),
/// smoothed over about a second. This is what narrows the loudness range; the fast compressor
/// and the limiter only shape peaks. `energies` is the K-weighted energy of each 100 ms block of
/// `audio` (the last one partial), as [`k_blocks`] gives them.
fn level(audio: &mut Mono, energies: &[f64], target: f64, max_db: f64) -> Result<(), AudioError> {
    if max_db <= 0.0 || audio.samples.is_empty() {
        return Ok(());
    }
    let block = audio.rate as usize / 10;
    if block == 0 {
        return Err(AudioError::ZeroRate);
    }
    let blocks = energies.len();
    if blocks == 0 {
        return Ok(());
    }
    // Gain in dB per 100 ms block; the 3 s window ending at block k is centred 1.5 s earlier.
    let mut wanted: Vec<Option<f64>> = vec![None; blocks];
    let mut window = 0.0f64;
    for k in 0..blocks {
        window += energies[k];
        if k >= 30 {
            window -= energies[k - 30];
        }
        let st = -0.691 + 10.0 * (window.max(0.0) / 30.0).log10();
        let centre = k.saturating_sub(15);
        if st.is_finite() && st > target - 20.0 {
            wanted[centre] = Some((target - st).clamp(-max_db, max_db));
        }
    }
    // The last 1.5 s take the last window's value; silent stretches hold the previous gain.
    let last = wanted.iter().rev().flatten().next().copied().unwrap_or(0.0);
    for w in wanted.iter_mut().skip(blocks.saturating_sub(15)) {
        w.get_or_insert(last);
    }
    let mut g = wanted.iter().flatten().next().copied().unwrap_or(0.0);
    let coef = (-1.0f64 / 4.0).exp(); // about 0.4 s at 100 ms steps
    let gains: Vec<f64> = wanted
        .iter()
        .map(|w| {
            if let Some(t) = w {
                g = coef * g + (1.0 - coef) * t;
            }
            g
        })
        .collect();
    // Interpolate between block centres so the gain never steps (linear gain between the
    // blocks' gains: one power per block, not per sample).
    let linear: Vec<f32> = gains.iter().map(|g| Db(*g).gain()).collect();
    let samples = &mut audio.samples;
    let n = samples.len();
    let (bf, inv) = (block as f64, 1.0 / block as f64);
    let centre = |k: usize| k as f64 * bf + bf / 2.0;
    let first = (centre(0).ceil() as usize).min(n);
    samples[..first].iter_mut().for_each(|s| *s *= linear[0]);
    // From each block's centre to the next, the gain moves in a straight line.
    for k in 0..blocks {
        let start = (centre(k).ceil() as usize).min(n);
        let end = (centre(k + 1).ceil() as usize).min(n);
        let (a, b) = (linear[k], linear[(k + 1).min(blocks - 1)]);
        let from = start as f64 - centre(k);
        for (j, s) in samples[start..end].iter_mut().enumerate() {
            let frac = ((from + j as f64) * inv) as f32;
            *s *= a + (b - a) * frac;
        }
    }
    Ok(())
}

/// The whole 100 ms blocks of `blocks` as [`k_blocks`] gave them with a partial last block.
fn whole(blocks: &[f64], samples: usize, rate: u32) -> &[f64] {
    let block = (rate / 10).max(1) as usize;
    &blocks[..(samples / block).min(blocks.len())]
}

/// A programme through the chain up to its final limiter (filters, leveler, compressor, peak
/// control), at the chain's target loudness: [`Mastering::finish`] then gives the master for a
/// ceiling and a loudness trim, as often as an encoder's check asks, without running the chain
/// again. (Every stage before the limiter works relative to the target, so a trim of a few
/// tenths of a dB is a gain on this audio.)
#[derive(Debug)]
pub struct Prepared {
    audio: Mono,
    lufs: f64,
    /// Where the last [`Mastering::finish`] landed: gain and loudness less the ceiling, and
    /// the slope of loudness over gain there.
    landed: Option<(f64, f64, f64)>,
    /// Limiter runs so far, over every [`Mastering::finish`].
    tries: usize,
    /// The limiter's buffers, and a master given back, for the next finish.
    scratch: LimiterScratch,
    spare: Vec<f32>,
}

impl Drop for Prepared {
    /// Its buffers go back to the pool (kept if this thread keeps them).
    fn drop(&mut self) {
        super::pool::give(std::mem::take(&mut self.audio.samples));
        super::pool::give(std::mem::take(&mut self.spare));
        super::pool::give(std::mem::take(self.scratch.samples()));
    }
}

impl Prepared {
    /// How many times the final limiter has run on this programme.
    pub fn tries(&self) -> usize {
        self.tries
    }

    /// A programme-sized buffer free between finishes (its contents are not kept).
    pub fn scratch_samples(&mut self) -> &mut Vec<f32> {
        self.scratch.samples()
    }

    /// Takes back a master that was not kept: the next [`Mastering::finish`] fills it again
    /// instead of a new buffer.
    pub fn recycle(&mut self, master: Mono) {
        self.spare = master.samples;
    }
}

impl Mastering {
    /// Filters, compresses, normalises and limits. Returns the audio and its measurement.
    ///
    /// `headroom` lowers the true-peak ceiling and `trim` raises the loudness target, both to
    /// make up for what an encoder will change.
    pub fn apply(
        &self,
        input: &Mono,
        headroom: Db,
        trim: Db,
    ) -> Result<(Mono, Loudness), AudioError> {
        let mut prepared = self.prepare(input.clone())?;
        self.finish(&mut prepared, headroom, trim)
    }

    /// The chain up to the final limiter: band limits, leveler, compressor, then peak control.
    pub fn prepare(&self, input: Mono) -> Result<Prepared, AudioError> {
        let target = self.target_lufs;
        let rate = input.rate;
        if rate == 0 {
            return Err(AudioError::ZeroRate);
        }
        // The filters, then the K-weighted blocks the leveler starts from.
        let (mut base, mut blocks) = self.filtered(input);
        let n = base.samples.len();
        let first = gated(whole(&blocks, n, rate)).0;
        if !first.is_finite() {
            return Err(AudioError::Silent(
                Db::of_amplitude(f64::from(super::dsp::peak(&base.samples))).0,
            ));
        }
        // Brought to the target before levelling and compressing so thresholds mean the same
        // everywhere; the blocks' energies follow the gain.
        let g = target - first;
        apply_gain(&mut base.samples, Db(g));
        let power = 10f64.powf(g / 10.0);
        blocks.iter_mut().for_each(|e| *e *= power);
        // Level round after round (each rides the gain once more) while the loudness range,
        // estimated from the K-weighted blocks, is over the limit and still narrowing: a range
        // that comes from the programme's structure (music, jingles) does not move.
        if self.leveler_db > 0.0 {
            let mut last_lra = f64::INFINITY;
            for _round in 1..=5 {
                level(&mut base, &blocks, target, self.leveler_db)?;
                let Some(max) = self.max_lra_lu else {
                    break;
                };
                blocks = k_blocks(&base.samples, rate, true);
                let lra = lra_from_blocks(whole(&blocks, n, rate));
                if lra <= max - 0.3 || lra >= last_lra - 0.2 {
                    break;
                }
                last_lra = lra;
            }
        }
        // The compressor, then peak control at the target: peaks at most `peak_to_loudness_db`
        // over the loudness, so the final limiter has little left to do (and one try of it
        // usually lands on the target).
        if let Some(c) = self.compressor {
            Compressor {
                threshold_db: target + c.threshold_db,
                ..c
            }
            .run(&mut base);
        }
        let (i_lufs, _) = integrated(&base, false)?;
        apply_gain(&mut base.samples, Db(target - i_lufs.0));
        let mut scratch = LimiterScratch::with_samples(super::pool::take(base.samples.len()));
        limit_with(
            &mut base,
            Db(target + self.peak_to_loudness_db).gain(),
            0.003,
            0.060,
            &mut scratch,
        );
        let (lufs, _) = integrated(&base, false)?;
        Ok(Prepared {
            audio: base,
            lufs: lufs.0,
            landed: None,
            tries: 0,
            scratch,
            spare: Vec::new(),
        })
    }

    /// The master of `prepared` under the ceiling less `headroom`, at the target plus `trim`.
    pub fn finish(
        &self,
        prepared: &mut Prepared,
        headroom: Db,
        trim: Db,
    ) -> Result<(Mono, Loudness), AudioError> {
        if !prepared.lufs.is_finite() {
            return Err(AudioError::Silent(f64::NEG_INFINITY));
        }
        self.normalise_and_limit(prepared, self.target_lufs + trim.0, headroom)
    }

    /// `input` band-limited (and lifted) by the chain's filters, all in one pass, with its
    /// K-weighted block energies (the last block partial).
    fn filtered(&self, mut input: Mono) -> (Mono, Vec<f64>) {
        let rate = input.rate;
        let mut stages: Vec<Biquad> = Vec::with_capacity(5);
        if let Some(hz) = self.highpass_hz {
            stages.extend([Biquad::highpass(rate, hz); 2]);
        }
        if let Some(hz) = self.lowpass_hz.filter(|hz| *hz < f64::from(rate) / 2.0) {
            stages.extend([Biquad::lowpass(rate, hz); 2]);
        }
        if let Some(db) = self.presence_db {
            stages.push(Biquad::peaking(rate, 2500.0, 1.0, Db(db)));
        }
        super::dsp::cascade_whole(&stages, &mut input.samples, rate);
        let blocks = k_blocks(&input.samples, rate, true);
        (input, blocks)
    }

    /// Gain and true-peak lookahead limiting until the integrated loudness is within 0.05 LU
    /// of `target`, under the ceiling less `headroom`. Each try costs one limiter run and one
    /// K-weighted pass: the loudness, its range and the true peak of the result are estimated
    /// from those ([`lra_from_blocks`], [`true_peak_estimate`]); the caller measures the encoded
    /// file with the full meter.
    ///
    /// The limiter's output at gain `g` under ceiling `c` is `c` times its output at `g − c`
    /// under unity: its loudness less the ceiling is one curve of `g − c`. A try on the same
    /// programme under another ceiling starts from the point and slope where the last one
    /// landed, and usually needs a single step.
    fn normalise_and_limit(
        &self,
        prepared: &mut Prepared,
        target: f64,
        headroom: Db,
    ) -> Result<(Mono, Loudness), AudioError> {
        // Inter-sample peaks are limited too: a tenth of a dB covers the estimate's error.
        let ceiling_db = self.true_peak_dbtp - headroom.0.abs() - 0.1;
        let ceiling = Db(ceiling_db).gain();
        let base = &prepared.audio;
        // One output buffer and one set of limiter buffers for every try.
        let spare = std::mem::take(&mut prepared.spare);
        let mut out = Mono {
            rate: base.rate,
            samples: if spare.capacity() > 0 {
                spare
            } else {
                super::pool::take(base.samples.len())
            },
        };
        out.samples.reserve(base.samples.len());
        let scratch = &mut prepared.scratch;
        let mut render = |gain: f64, out: &mut Mono| -> Vec<f64> {
            let g = Db(gain).gain();
            out.samples.clear();
            out.samples.extend(base.samples.iter().map(|x| x * g));
            limit_true_peak_with(out, ceiling, 0.005, 0.120, scratch);
            k_blocks(&out.samples, out.rate, false)
        };
        // (gain, loudness) of the tries so far, the last for a secant step (the limiter eats
        // part of every gain change, the more the harder it works) and the last three for a
        // quadratic one. A finish under another ceiling starts from where the last landed.
        let (mut gain, mut tries) = match prepared.landed {
            Some((u, f, s)) => {
                let g0 = u + ceiling_db;
                (
                    g0 + ((target - ceiling_db) - f) / s,
                    vec![(g0, f + ceiling_db)],
                )
            }
            None => (target - prepared.lufs, Vec::new()),
        };
        let mut result = None;
        for _ in 0..12 {
            let blocks = render(gain, &mut out);
            prepared.tries += 1;
            let i_lufs = gated(&blocks).0;
            let loud_err = target - i_lufs;
            if !i_lufs.is_finite() {
                break;
            }
            let slope = match tries.last() {
                Some(&(g0, l0)) if (gain - g0).abs() > 1e-6 => secant_slope(i_lufs - l0, gain - g0),
                _ => first_slope(loud_err),
            };
            if loud_err.abs() <= 0.05 {
                prepared.landed = Some((gain - ceiling_db, i_lufs - ceiling_db, slope));
                result = Some(blocks);
                break;
            }
            tries.push((gain, i_lufs));
            let secant = gain + gain_step(loud_err, slope);
            // The loudness curve bends (the limiter takes more of each dB): through the last
            // three tries, the gain at the target by inverse quadratic interpolation, when it
            // lies between the secant step and the tries.
            gain = match tries.as_slice() {
                [.., a, b, c] => inverse_quadratic(*a, *b, *c, target)
                    .filter(|g| {
                        let (lo, hi) = if secant < gain {
                            (secant - 3.0, gain)
                        } else {
                            (gain, secant + 3.0)
                        };
                        *g > lo && *g < hi
                    })
                    .unwrap_or(secant),
                _ => secant,
            };
        }
        let blocks = match result {
            Some(b) => b,
            None => {
                prepared.tries += 1;
                render(gain, &mut out)
            }
        };
        let m = estimate(&out, &blocks);
        Ok((out, m))
    }
}

/// The slope of a limiter's loudness over its input gain for a first step, from how many LU
/// one try fell short: a limiter that already costs `err` LU gives back little of more gain;
/// on speech the slope is close to 1 / (1 + 3.6 × err).
pub(crate) fn first_slope(err: f64) -> f64 {
    (1.0 / (1.0 + 3.6 * err.max(0.0))).clamp(0.05, 1.0)
}

/// The secant slope through two tries `dl` LU and `dg` dB apart, within the same bounds.
pub(crate) fn secant_slope(dl: f64, dg: f64) -> f64 {
    (dl / dg).clamp(0.05, 1.0)
}

/// The gain change for a loudness error `err` at `slope`: at most 15 dB either way.
pub(crate) fn gain_step(err: f64, slope: f64) -> f64 {
    (err / slope).clamp(-15.0, 15.0)
}

/// The gain at which the curve through three (gain, loudness) points reaches `target`, by
/// inverse quadratic interpolation; `None` when two loudness figures coincide.
fn inverse_quadratic(a: (f64, f64), b: (f64, f64), c: (f64, f64), target: f64) -> Option<f64> {
    let ((ga, la), (gb, lb), (gc, lc)) = (a, b, c);
    let (dab, dac, dbc) = (la - lb, la - lc, lb - lc);
    if dab.abs() < 1e-9 || dac.abs() < 1e-9 || dbc.abs() < 1e-9 {
        return None;
    }
    let g = ga * (target - lb) * (target - lc) / (dab * dac)
        + gb * (target - la) * (target - lc) / (-dab * dbc)
        + gc * (target - la) * (target - lb) / (dac * dbc);
    g.is_finite().then_some(g)
}

/// The loudness of `out` from its K-weighted blocks and a true-peak estimate.
fn estimate(out: &Mono, blocks: &[f64]) -> Loudness {
    Loudness {
        integrated: gated(blocks),
        lra: lra_from_blocks(blocks),
        true_peak: Db::of_amplitude(f64::from(true_peak_estimate(&out.samples))),
        sample_peak: Db::of_amplitude(f64::from(super::dsp::peak(&out.samples))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::frames;

    /// A speech-like test signal: a 200 Hz buzz with harmonics, in syllable-like bursts of
    /// different levels.
    fn speechy(rate: u32, secs: f64) -> Mono {
        let n = frames(rate, secs);
        let samples = (0..n)
            .map(|i| {
                let t = i as f64 / f64::from(rate);
                let syll = (t * 4.0).fract();
                let env = if syll < 0.7 {
                    (std::f64::consts::PI * syll / 0.7).sin()
                } else {
                    0.0
                };
                let level = if (t as u64).is_multiple_of(3) {
                    0.05
                } else {
                    0.3
                };
                let tone: f64 = (1..8)
                    .map(|h| (2.0 * std::f64::consts::PI * 200.0 * h as f64 * t).sin() / h as f64)
                    .sum();
                (level * env * tone) as f32
            })
            .collect();
        Mono { rate, samples }
    }

    #[test]
    fn reaches_target_within_a_fifth_of_a_lu_under_the_true_peak_ceiling() {
        for (target, tp) in [(-16.0, -1.0), (-18.0, -1.0), (-23.0, -2.0)] {
            let m = Mastering {
                target_lufs: target,
                true_peak_dbtp: tp,
                highpass_hz: Some(180.0),
                lowpass_hz: Some(7000.0),
                presence_db: None,
                compressor: Some(Compressor {
                    threshold_db: 2.0,
                    ratio: 3.0,
                    attack_s: 0.01,
                    release_s: 0.3,
                }),
                max_lra_lu: Some(6.0),
                leveler_db: 6.0,
                peak_to_loudness_db: 12.0,
            };
            let (out, loud) = m.apply(&speechy(44100, 20.0), Db(0.5), Db(0.0)).unwrap();
            assert!((loud.integrated.0 - target).abs() <= 0.2, "{loud:?}");
            assert!(loud.true_peak.0 <= tp - 0.5 + 1e-6, "{loud:?}");
            assert!(loud.lra <= 6.0, "{loud:?}");
            assert_eq!(out.samples.len(), frames(44100, 20.0));
        }
    }

    #[test]
    fn inverse_quadratic_finds_the_root_of_a_parabola() {
        // loudness = -20 + 2 g - 0.05 g²; three tries, the gain for -12.
        let f = |g: f64| -20.0 + 2.0 * g - 0.05 * g * g;
        let g = inverse_quadratic((2.0, f(2.0)), (5.0, f(5.0)), (6.0, f(6.0)), -12.0).unwrap();
        assert!((f(g) + 12.0).abs() < 0.02, "{g} {}", f(g));
        assert_eq!(
            inverse_quadratic((1.0, -3.0), (2.0, -3.0), (3.0, -1.0), -2.0),
            None
        );
    }

    #[test]
    fn a_second_finish_under_a_lower_ceiling_starts_where_the_first_landed() {
        let m = Mastering {
            target_lufs: -16.0,
            true_peak_dbtp: -1.0,
            highpass_hz: Some(180.0),
            lowpass_hz: Some(7000.0),
            presence_db: None,
            compressor: None,
            max_lra_lu: None,
            leveler_db: 0.0,
            peak_to_loudness_db: 12.0,
        };
        let mut p = m.prepare(speechy(44100, 20.0)).unwrap();
        let (_, a) = m.finish(&mut p, Db(0.5), Db(0.0)).unwrap();
        let first = p.tries();
        let (_, b) = m.finish(&mut p, Db(1.0), Db(0.1)).unwrap();
        assert!((a.integrated.0 + 16.0).abs() <= 0.05, "{a:?}");
        assert!((b.integrated.0 + 15.9).abs() <= 0.05, "{b:?}");
        assert!(b.true_peak.0 <= -2.0 + 0.05, "{b:?}");
        assert!(
            p.tries() - first <= 2,
            "{} then {}",
            first,
            p.tries() - first
        );
    }

    #[test]
    fn silence_is_an_error_not_an_infinite_gain() {
        let m = Mastering {
            target_lufs: -16.0,
            true_peak_dbtp: -1.0,
            highpass_hz: None,
            lowpass_hz: None,
            presence_db: None,
            compressor: None,
            max_lra_lu: None,
            leveler_db: 0.0,
            peak_to_loudness_db: 12.0,
        };
        assert!(matches!(
            m.apply(&Mono::silence(44100, 3.0), Db(0.0), Db(0.0)),
            Err(AudioError::Silent(_))
        ));
    }
}
