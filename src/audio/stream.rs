//! Long programmes in bounded memory: a slot of 45 minutes is never held whole.
//!
//! A programme is a list of [`Part`]s. Long parts (a rendered programme in a slot) are loaded
//! only when their turn comes, so memory holds the largest part, not the whole. [`play`] lays the
//! parts out exactly as [`super::timeline::assemble`] does (voice, pauses, equal-power jingle
//! crossfades; beds are for short programmes and are not streamed) and hands the samples to a
//! sink in order. [`master_mp3`] plays the parts once to measure them, then again through gain,
//! the streaming lookahead limiter ([`Limiter`], sample for sample what [`super::dsp::limit`]
//! gives, tested) and the MP3 encoder ([`Mp3Writer`]); it decodes the MP3 it made, as a stream, measures it, and plays
//! once more with a correction until the encoded file meets the loudness and true-peak targets.

use std::collections::VecDeque;
use std::sync::Arc;

use super::cursor::{Cursor, VoicePlace};
use super::encode::{Mp3Writer, Tags};
use super::loudness::{gated, KMeter, Loudness};
use super::master::{first_slope, gain_step, secant_slope};
use super::timeline::{fade_in_from, TimelineSettings};
use super::verify::{measure_encoded_blocks, EncodeCheck};
use super::{frames, AudioError, Db, Mono};

/// Fills the buffer with the next mono samples; `false` at the end.
pub type Pull<'a, E> = Box<dyn FnMut(&mut Vec<f32>) -> Result<bool, E> + 'a>;

/// Opens a part that is decoded as it plays.
pub type Opener<'a, E> = Box<dyn Fn() -> Result<Pull<'a, E>, E> + Send + Sync + 'a>;

/// One element of a long programme, at the programme's rate.
pub enum Part<'a, E> {
    /// A spoken piece held in memory.
    Voice(Arc<Mono>),
    /// A spoken piece decoded a chunk at a time as it plays: never whole in memory.
    Stream(Opener<'a, E>),
    /// A jingle: crossfades into what follows.
    Jingle(Arc<Mono>),
    /// Silence, in seconds.
    Pause(f64),
}

impl<E> std::fmt::Debug for Part<'_, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Part::Voice(m) => write!(f, "Voice({} frames)", m.samples.len()),
            Part::Stream(_) => write!(f, "Stream"),
            Part::Jingle(m) => write!(f, "Jingle({} frames)", m.samples.len()),
            Part::Pause(s) => write!(f, "Pause({s})"),
        }
    }
}

/// Lays the parts out at `rate` and hands the mix to `sink` in order, a part at a time.
/// Returns the number of frames. The samples are those [`super::timeline::assemble`] gives for
/// the same pieces.
pub fn play<E>(
    parts: &[Part<'_, E>],
    rate: u32,
    s: &TimelineSettings,
    sink: &mut dyn FnMut(&[f32]) -> Result<(), E>,
) -> Result<u64, E> {
    let mut mix = Window::default();
    let mut cursor = Cursor::new(rate, s);
    for part in parts {
        cursor.settle_gap();
        match part {
            Part::Voice(clip) => {
                let place = cursor.voice();
                mix.place(place, 0, &clip.samples);
                cursor.voice_done(place.start, clip.samples.len());
            }
            Part::Stream(open) => {
                // Comes a chunk at a time; each chunk is handed out as soon as it is mixed.
                let place = cursor.voice();
                let mut pull = open()?;
                let (mut pos, mut chunk) = (0usize, Vec::new());
                while pull(&mut chunk)? {
                    mix.place(place, pos, &chunk);
                    pos += chunk.len();
                    mix.flush(place.start + pos, sink)?;
                }
                cursor.voice_done(place.start, pos);
            }
            Part::Pause(secs) => cursor.pause(rate, *secs),
            Part::Jingle(clip) => {
                let (samples, at) = cursor.jingle(clip);
                mix.add(at, &samples);
            }
        }
        mix.flush(cursor.settled(), sink)?;
    }
    let end = cursor.end(mix.mixed_end());
    mix.finish(end, sink)?;
    Ok(end as u64)
}

/// The stretch of a streamed mix not yet handed out: frames `base..base + buf.len()`.
#[derive(Default)]
struct Window {
    buf: VecDeque<f32>,
    base: usize,
    out: Vec<f32>,
}

impl Window {
    /// Mixes `src` in at frame `at`.
    fn add(&mut self, at: usize, src: &[f32]) {
        let end = at + src.len();
        if self.buf.len() < end - self.base {
            self.buf.resize(end - self.base, 0.0);
        }
        for (k, x) in src.iter().enumerate() {
            self.buf[at - self.base + k] += x;
        }
    }

    /// Mixes a chunk of a spoken piece placed at `place`, `pos` frames into the piece, with the
    /// equal-power fade-in over the jingle before it.
    fn place(&mut self, place: VoicePlace, pos: usize, chunk: &[f32]) {
        let head = place.fade_in.saturating_sub(pos).min(chunk.len());
        if head > 0 {
            let mut faded = chunk[..head].to_vec();
            fade_in_from(&mut faded, pos, place.fade_in);
            self.add(place.start + pos, &faded);
        }
        self.add(place.start + pos + head, &chunk[head..]);
    }

    /// Hands out the frames before `upto`, which nothing later reaches back to.
    fn flush<E>(
        &mut self,
        upto: usize,
        sink: &mut dyn FnMut(&[f32]) -> Result<(), E>,
    ) -> Result<(), E> {
        let k = upto.saturating_sub(self.base).min(self.buf.len());
        if k > 0 {
            self.out.clear();
            self.out.extend(self.buf.drain(..k));
            self.base += k;
            sink(&self.out)?;
        }
        Ok(())
    }

    /// The end of what has been mixed so far.
    fn mixed_end(&self) -> usize {
        self.base + self.buf.len()
    }

    /// Pads to `end` and hands out the rest.
    fn finish<E>(
        &mut self,
        end: usize,
        sink: &mut dyn FnMut(&[f32]) -> Result<(), E>,
    ) -> Result<(), E> {
        self.buf.resize(end - self.base, 0.0);
        let (a, b) = self.buf.as_slices();
        for part in [a, b] {
            for chunk in part.chunks(1 << 16) {
                if !chunk.is_empty() {
                    sink(chunk)?;
                }
            }
        }
        Ok(())
    }
}

/// A part that decodes `path` as it plays, mixed down to mono. A file at another rate than
/// `rate` is loaded whole and resampled (rendered programmes are already at the rate).
pub fn file_part<'a, E: 'a, F>(path: &'a std::path::Path, rate: u32, err: F) -> Part<'a, E>
where
    F: Fn(AudioError) -> E + Clone + Send + Sync + 'a,
{
    Part::Stream(Box::new(move || {
        let err = err.clone();
        let mut stream = super::decode::ChunkDecoder::open(path).map_err(&err)?;
        let mut resampled: Option<std::vec::IntoIter<f32>> = None;
        let mut raw: Vec<f32> = Vec::new();
        let pull: Pull<'a, E> = Box::new(move |out: &mut Vec<f32>| {
            out.clear();
            if let Some(rest) = resampled.as_mut() {
                out.extend(rest.by_ref().take(1 << 16));
                return Ok(!out.is_empty());
            }
            match stream.next_chunk().map_err(&err)? {
                Some(chunk) => {
                    raw.clear();
                    raw.extend_from_slice(chunk);
                }
                None => return Ok(false),
            }
            let c = stream.channels().max(1);
            if stream.rate() != rate {
                // Not at the programme's rate: the rest of the file, whole, resampled.
                let mut all = std::mem::take(&mut raw);
                while let Some(more) = stream.next_chunk().map_err(&err)? {
                    all.extend_from_slice(more);
                }
                let mono = super::decode::Decoded {
                    rate: stream.rate(),
                    channels: c,
                    samples: all,
                }
                .into_mono();
                let m = super::decode::into_rate(mono, rate).map_err(&err)?;
                let mut it = m.samples.into_iter();
                out.extend(it.by_ref().take(1 << 16));
                resampled = Some(it);
                return Ok(!out.is_empty());
            }
            super::decode::downmix_into(&raw, c, out);
            Ok(true)
        });
        Ok(pull)
    }))
}

/// The lookahead peak limiter as a stream: each output sample is its input delayed by the
/// lookahead, times the gain [`super::dsp::limit`] gives it. No output sample exceeds the ceiling.
#[derive(Debug, Clone)]
pub struct Limiter {
    ceiling: f32,
    la: usize,
    delay: VecDeque<f32>,
    window: VecDeque<(usize, f32)>,
    next_in: usize,
    next_out: usize,
    smooth: super::dsp::GainSmoother,
}

impl Limiter {
    /// A limiter at `ceiling` (linear) with `lookahead` and `release` in seconds.
    pub fn new(rate: u32, ceiling: f32, lookahead: f64, release: f64) -> Limiter {
        let la = frames(rate, lookahead).max(1);
        Limiter {
            ceiling,
            la,
            delay: VecDeque::with_capacity(la + 1),
            window: VecDeque::new(),
            next_in: 0,
            next_out: 0,
            smooth: super::dsp::GainSmoother::new(rate, la, release),
        }
    }

    /// Output for the oldest delayed sample, whose window minimum is `m`.
    fn emit(&mut self, m: f32, out: &mut Vec<f32>) {
        let x = self.delay.pop_front().unwrap_or(0.0);
        let gain = self.smooth.next(m);
        out.push((x * gain).clamp(-self.ceiling, self.ceiling));
        self.next_out += 1;
    }

    /// Takes `input`, appends what is ready (delayed by the lookahead) to `out`.
    pub fn push(&mut self, input: &[f32], out: &mut Vec<f32>) {
        out.reserve(input.len());
        for &x in input {
            let a = x.abs();
            let need = if a > self.ceiling {
                self.ceiling / a
            } else {
                1.0
            };
            let t = self.next_in;
            while self.window.back().is_some_and(|&(_, v)| v >= need) {
                self.window.pop_back();
            }
            self.window.push_back((t, need));
            self.delay.push_back(x);
            self.next_in += 1;
            if self.next_in >= self.la {
                let i = self.next_in - self.la;
                while self.window.front().is_some_and(|&(j, _)| j < i) {
                    self.window.pop_front();
                }
                let m = self.window.front().map_or(1.0, |&(_, v)| v);
                self.emit(m, out);
            }
        }
    }

    /// The last lookahead's worth of samples.
    pub fn finish(&mut self, out: &mut Vec<f32>) {
        while self.next_out < self.next_in {
            let i = self.next_out;
            while self.window.front().is_some_and(|&(j, _)| j < i) {
                self.window.pop_front();
            }
            let m = self.window.front().map_or(1.0, |&(_, v)| v);
            self.emit(m, out);
        }
    }
}

/// What [`master_mp3`] made.
#[derive(Debug, Clone)]
pub struct Mastered {
    /// The MP3 file, tagged.
    pub bytes: Vec<u8>,
    /// The encoded file's loudness, decoded and measured.
    pub loudness: Loudness,
    /// Its length in seconds.
    pub seconds: f64,
    /// How many times the parts were played through the encoder.
    pub passes: usize,
    /// The decoded file's K-weighted energy per 100 ms.
    pub blocks: Vec<f64>,
}

/// The targets of [`master_mp3`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LongTarget {
    /// Integrated loudness of the encoded file, ±0.15 LU.
    pub lufs: f64,
    /// True-peak ceiling of the encoded file.
    pub true_peak_dbtp: f64,
    /// MP3 bit rate.
    pub kbps: u32,
}

/// Gain and limiting to `target`, MP3 encoding, verified on the decoded file, in memory that
/// does not grow with the programme's length (but for the MP3 bytes themselves).
/// `err` turns the engine's own errors into the caller's (adding the file name).
pub fn master_mp3<E>(
    parts: &[Part<'_, E>],
    rate: u32,
    timeline: &TimelineSettings,
    target: &LongTarget,
    tags: &Tags,
    err: &dyn Fn(AudioError) -> E,
) -> Result<Mastered, E> {
    // 1. The loudness of the plain mix.
    let mut meter = KMeter::new(rate);
    let frames = play(parts, rate, timeline, &mut |c| {
        meter.push(c);
        Ok(())
    })?;
    let first = gated(&meter.finish(false));
    if !first.0.is_finite() {
        return Err(err(AudioError::Silent(f64::NEG_INFINITY)));
    }
    // 2. The gain at which the limited mix is louder than the target by what LAME will take
    // off (about 0.4 LU for speech), found on the limiter's output alone (no encoding): the
    // parts are mastered already, so the limiter eats much of each dB of gain. Then the
    // encoder, checked on the decoded MP3; a miss corrects what LAME takes off, or the
    // true-peak headroom, and searches again from what is known.
    let mut headroom = 0.5;
    let mut trim = 0.4;
    let mut passes = 0;
    // (gain, limited loudness) less the ceiling: one curve whatever the ceiling.
    let mut known: Vec<(f64, f64)> = Vec::new();
    loop {
        let ceiling_db = target.true_peak_dbtp - headroom - 0.3;
        let ceiling = Db(ceiling_db).gain();
        let want = target.lufs + trim;
        // One pass of the parts through gain and limiter, into the meter and maybe the encoder.
        let limited = |gain_db: f64, mut enc: Option<&mut Mp3Writer>| -> Result<f64, E> {
            let gain = Db(gain_db).gain();
            let mut limiter = Limiter::new(rate, ceiling, 0.005, 0.120);
            let mut meter = KMeter::new(rate);
            let mut scaled: Vec<f32> = Vec::new();
            let mut out: Vec<f32> = Vec::new();
            play(parts, rate, timeline, &mut |c| {
                scaled.clear();
                scaled.extend(c.iter().map(|x| x * gain));
                out.clear();
                limiter.push(&scaled, &mut out);
                meter.push(&out);
                match enc.as_deref_mut() {
                    Some(e) => e.push(&out).map_err(err),
                    None => Ok(()),
                }
            })?;
            out.clear();
            limiter.finish(&mut out);
            meter.push(&out);
            if let Some(e) = enc {
                e.push(&out).map_err(err)?;
            }
            Ok(gated(&meter.finish(false)).0)
        };
        let mut gain = next_gain(&known, ceiling_db, want, want - first.0);
        for _ in 0..8 {
            let l = limited(gain, None)?;
            known.push((gain - ceiling_db, l - ceiling_db));
            if (l - want).abs() <= 0.05 || !l.is_finite() {
                break;
            }
            gain = next_gain(&known, ceiling_db, want, gain);
        }
        passes += 1;
        let mut enc = Mp3Writer::new(rate, target.kbps).map_err(err)?;
        // The whole file's size is known: no doubling of the buffer as it grows.
        enc.reserve((frames as f64 / f64::from(rate) * f64::from(target.kbps) * 125.0) as usize);
        limited(gain, Some(&mut enc))?;
        let bytes = Arc::new(enc.finish(tags).map_err(err)?);
        let (m, seconds, blocks) = measure_encoded_blocks(&bytes, "mp3", None).map_err(err)?;
        let bytes = Arc::try_unwrap(bytes).unwrap_or_else(|shared| (*shared).clone());
        let check = EncodeCheck::of(&m, target.lufs, target.true_peak_dbtp);
        if check.passed() || passes >= EncodeCheck::MAX_ENCODES {
            return Ok(Mastered {
                bytes,
                loudness: m,
                seconds,
                passes,
                blocks,
            });
        }
        check.correct(&mut headroom, &mut trim);
    }
}

/// The next gain to try for loudness `want` under ceiling `ceiling_db`, from the (gain,
/// loudness) tries so far less their ceilings: a secant through the last two, a first step
/// that expects a limiter to eat part of it, or `first` when nothing is known.
fn next_gain(known: &[(f64, f64)], ceiling_db: f64, want: f64, first: f64) -> f64 {
    let w = want - ceiling_db;
    match known {
        [] => first,
        [(u, f)] => {
            let err = w - f;
            ceiling_db + u + gain_step(err, first_slope(err))
        }
        [.., (u0, f0), (u1, f1)] => {
            let err = w - f1;
            let slope = if (u1 - u0).abs() > 1e-6 {
                secant_slope(f1 - f0, u1 - u0)
            } else {
                1.0
            };
            ceiling_db + u1 + gain_step(err, slope)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::dsp::limit;
    use crate::audio::timeline::{assemble, Piece};
    use crate::audio::verify::measure_encoded;

    fn noise(rate: u32, secs: f64, amp: f32, seed: u64) -> Mono {
        let mut x = seed;
        Mono {
            rate,
            samples: (0..frames(rate, secs))
                .map(|i| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let n = ((x >> 33) as f32 / (1u64 << 31) as f32) - 1.0;
                    let env = (i as f32 / 900.0).sin().abs();
                    amp * env * n
                })
                .collect(),
        }
    }

    #[test]
    fn the_next_gain_follows_the_limiter_curve() {
        // Nothing known: the first guess. One try under target: a step larger than the error
        // (the limiter eats part of it). Two: the secant, in the ceiling's frame.
        assert_eq!(next_gain(&[], -1.8, -15.6, 0.4), 0.4);
        let one = next_gain(&[(2.0, -14.4)], -1.8, -15.6, 0.0);
        let err = (-15.6 + 1.8) - (-14.4);
        assert!(one - (-1.8 + 2.0) > err, "{one}");
        // Loudness = 0.3 × gain on that curve: the secant lands on the target.
        let curve = |u: f64| -16.0 + 0.3 * u;
        let g = next_gain(
            &[(1.0, curve(1.0)), (2.0, curve(2.0))],
            -2.0,
            curve(5.0) - 2.0,
            0.0,
        );
        assert!((g - (5.0 - 2.0)).abs() < 1e-9, "{g}");
    }

    #[test]
    fn the_streaming_limiter_gives_exactly_what_limit_gives() {
        for (secs, ceiling, chunk) in [
            (0.0, 0.5, 7),
            (0.001, 0.3, 1),
            (0.3, 0.5, 1),
            (2.0, 0.2, 333),
            (2.0, 0.9, 4096),
            (1.0, 2.0, 100),
        ] {
            let input = noise(22_050, secs, 0.8, 3);
            let mut whole = input.clone();
            limit(&mut whole, ceiling, 0.005, 0.120);
            let mut lim = Limiter::new(22_050, ceiling, 0.005, 0.120);
            let mut out = Vec::new();
            for c in input.samples.chunks(chunk) {
                lim.push(c, &mut out);
            }
            lim.finish(&mut out);
            assert_eq!(
                out, whole.samples,
                "{secs} s, ceiling {ceiling}, chunk {chunk}"
            );
            assert!(out.iter().all(|s| s.abs() <= ceiling));
        }
    }

    #[test]
    fn playing_parts_gives_exactly_what_assemble_gives() {
        let rate = 8000;
        let v = |secs, seed| Arc::new(noise(rate, secs, 0.4, seed));
        let (a, b, c, j) = (v(1.3, 1), v(0.7, 2), v(2.1, 3), v(0.9, 4));
        let settings = TimelineSettings {
            line_gap_s: 0.25,
            crossfade_s: 0.3,
            ..TimelineSettings::default()
        };
        type Layout = Vec<(&'static str, usize)>;
        let cases: Vec<Layout> = vec![
            vec![("v", 0), ("j", 0), ("v", 1), ("j", 0), ("v", 2)],
            vec![("j", 0), ("p", 1), ("v", 0), ("p", 2), ("v", 1), ("j", 0)],
            vec![("p", 3), ("v", 0), ("v", 2), ("p", 5)],
            vec![("j", 0), ("j", 0), ("v", 1)],
            vec![("v", 0)],
            vec![],
        ];
        let clips = [a, b, c];
        for case in cases {
            let pieces: Vec<Piece> = case
                .iter()
                .map(|&(k, n)| match k {
                    "v" => Piece::Voice(clips[n].clone()),
                    "j" => Piece::Jingle(j.clone()),
                    _ => Piece::Pause(n as f64 * 0.1),
                })
                .collect();
            let parts: Vec<Part<AudioError>> = case
                .iter()
                .map(|&(k, n)| match k {
                    // Every other voice streamed in chunks of 97 samples.
                    "v" if n % 2 == 0 => {
                        let m = clips[n].clone();
                        Part::Stream(Box::new(move || {
                            let m = m.clone();
                            let mut at = 0usize;
                            let pull: Pull<AudioError> = Box::new(move |out: &mut Vec<f32>| {
                                out.clear();
                                let end = (at + 97).min(m.samples.len());
                                out.extend_from_slice(&m.samples[at..end]);
                                at = end;
                                Ok(!out.is_empty())
                            });
                            Ok(pull)
                        }))
                    }
                    "v" => Part::Voice(clips[n].clone()),
                    "j" => Part::Jingle(j.clone()),
                    _ => Part::Pause(n as f64 * 0.1),
                })
                .collect();
            let (whole, _) = assemble(&pieces, rate, &settings);
            let mut streamed = Vec::new();
            let n = play(&parts, rate, &settings, &mut |c| {
                streamed.extend_from_slice(c);
                Ok(())
            })
            .unwrap();
            assert_eq!(n as usize, whole.samples.len(), "{case:?}");
            assert_eq!(streamed, whole.samples, "{case:?}");
        }
    }

    /// Writes a float WAV (so decoding gives back exactly these samples).
    fn write_float_wav(path: &std::path::Path, rate: u32, channels: u16, samples: &[f32]) {
        let spec = hound::WavSpec {
            channels,
            sample_rate: rate,
            bits_per_sample: 32,
            sample_format: hound::SampleFormat::Float,
        };
        let mut w = hound::WavWriter::create(path, spec).unwrap();
        for s in samples {
            w.write_sample(*s).unwrap();
        }
        w.finalize().unwrap();
    }

    #[test]
    fn a_streamed_file_plays_exactly_as_the_loaded_clip() {
        let dir = tempfile::tempdir().unwrap();
        let rate = 8000;
        let clip = noise(rate, 1.7, 0.4, 21);
        let jingle = Arc::new(noise(rate, 0.8, 0.3, 22));
        let mono = dir.path().join("mono.wav");
        write_float_wav(&mono, rate, 1, &clip.samples);
        let stereo = dir.path().join("stereo.wav");
        let inter: Vec<f32> = clip.samples.iter().flat_map(|s| [*s, *s]).collect();
        write_float_wav(&stereo, rate, 2, &inter);
        let other = dir.path().join("16k.wav");
        write_float_wav(&other, 16_000, 1, &noise(16_000, 1.0, 0.4, 23).samples);
        let settings = TimelineSettings {
            crossfade_s: 0.3,
            ..TimelineSettings::default()
        };
        for path in [&mono, &stereo, &other] {
            let loaded = Arc::new(crate::audio::decode::load(path, rate).unwrap());
            let pieces = vec![
                Piece::Jingle(jingle.clone()),
                Piece::Voice(loaded.clone()),
                Piece::Jingle(jingle.clone()),
            ];
            let (whole, _) = assemble(&pieces, rate, &settings);
            let parts: Vec<Part<AudioError>> = vec![
                Part::Jingle(jingle.clone()),
                file_part(path, rate, |e| e),
                Part::Jingle(jingle.clone()),
            ];
            let mut streamed = Vec::new();
            play(&parts, rate, &settings, &mut |c| {
                streamed.extend_from_slice(c);
                Ok(())
            })
            .unwrap();
            assert_eq!(streamed, whole.samples, "{}", path.display());
        }
        // A file that cannot be read stops the programme with its error.
        let missing = dir.path().join("missing.mp3");
        let parts: Vec<Part<String>> = vec![file_part(&missing, rate, |e| format!("x: {e}"))];
        let r = play(&parts, rate, &settings, &mut |_| Ok(()));
        assert!(r.is_err_and(|e| e.starts_with("x: ")));
    }

    #[test]
    fn a_load_error_stops_the_programme() {
        let parts: Vec<Part<AudioError>> = vec![
            Part::Voice(Arc::new(Mono::silence(8000, 0.5))),
            Part::Stream(Box::new(|| Err(AudioError::NoFrames))),
        ];
        let r = play(&parts, 8000, &TimelineSettings::default(), &mut |_| Ok(()));
        assert!(matches!(r, Err(AudioError::NoFrames)));
    }

    #[test]
    fn a_long_programme_meets_its_targets_in_the_encoded_file() {
        // Loud peaky pieces, quiet pieces, jingles: about 70 s at 22.05 kHz.
        let rate = 22_050;
        let loud = Arc::new(noise(rate, 9.0, 0.9, 11));
        let quiet = Arc::new(noise(rate, 7.0, 0.1, 12));
        let jingle = Arc::new(noise(rate, 3.0, 0.5, 13));
        let mut parts: Vec<Part<AudioError>> = Vec::new();
        for k in 0..5 {
            parts.push(Part::Jingle(jingle.clone()));
            parts.push(Part::Voice(loud.clone()));
            parts.push(Part::Voice(if k % 2 == 0 {
                quiet.clone()
            } else {
                loud.clone()
            }));
        }
        let target = LongTarget {
            lufs: -16.0,
            true_peak_dbtp: -1.0,
            kbps: 64,
        };
        let m = master_mp3(
            &parts,
            rate,
            &TimelineSettings::default(),
            &target,
            &Tags::default(),
            &|e| e,
        )
        .unwrap();
        // Tolerances: ±0.15 LU on the decoded MP3, true peak under the ceiling.
        assert!(
            (m.loudness.integrated.0 + 16.0).abs() <= 0.15,
            "{:?}",
            m.loudness
        );
        assert!(m.loudness.true_peak.0 <= -1.0, "{:?}", m.loudness);
        let mut n = 0u64;
        play(&parts, rate, &TimelineSettings::default(), &mut |c| {
            n += c.len() as u64;
            Ok(())
        })
        .unwrap();
        assert!(
            (m.seconds - n as f64 / f64::from(rate)).abs() < 1e-9,
            "sample-exact"
        );
        assert!(m.passes <= 3, "{} passes", m.passes);
    }

    #[test]
    fn an_encoded_file_measures_as_the_full_meter_measures_it() {
        let audio = noise(44_100, 12.0, 0.5, 31);
        let bytes = Arc::new(crate::audio::encode::mp3(&audio, 64, &Tags::default()).unwrap());
        let (ours, secs) = measure_encoded(&bytes, "mp3").unwrap();
        let d = crate::audio::decode::decode_bytes((*bytes).clone(), "mp3").unwrap();
        let full = crate::audio::loudness::measure(&d.samples, d.channels, d.rate).unwrap();
        assert!(
            (ours.integrated.0 - full.integrated.0).abs() < 0.01,
            "{ours:?} {full:?}"
        );
        assert!((ours.lra - full.lra).abs() < 0.2, "{ours:?} {full:?}");
        assert_eq!(ours.true_peak, full.true_peak);
        assert_eq!(ours.sample_peak, full.sample_peak);
        assert!((secs - 12.0).abs() < 1e-9);
    }

    #[test]
    fn silence_is_an_error() {
        let parts: Vec<Part<AudioError>> = vec![Part::Voice(Arc::new(Mono::silence(8000, 2.0)))];
        let target = LongTarget {
            lufs: -16.0,
            true_peak_dbtp: -1.0,
            kbps: 64,
        };
        assert!(matches!(
            master_mp3(
                &parts,
                8000,
                &TimelineSettings::default(),
                &target,
                &Tags::default(),
                &|e| e
            ),
            Err(AudioError::Silent(_))
        ));
    }
}
