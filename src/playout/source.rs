//! What an output pulls audio from: a file from an offset, or a relay's stream, as mono at the
//! output's rate, a block at a time. A block is always filled: where a stream has no audio yet
//! (a gap in the network), with silence; and the silence is counted, so that a stream silent
//! for [`STARVED`] counts as down. Counting samples, not reading a clock, keeps this testable.

use std::path::Path;
use std::time::Duration;

use crate::audio::decode::{downmix_into, ChunkDecoder};
use crate::audio::rate::RateConverter;

use super::relay::{RelayStream, Relayed};

/// A stream that gives no audio for this long is down.
pub const STARVED: Duration = Duration::from_secs(3);

/// How a pull went.
#[derive(Debug, Clone, PartialEq)]
pub enum Pulled {
    /// Audio (or a short gap filled with silence).
    Playing,
    /// The file played to its end (the block is padded with silence).
    Ended,
    /// It cannot go on, and why.
    Failed(String),
}

/// Opens `file` and decodes up to `offset` (exact, and fast next to real time): the decoder,
/// and the rest of the chunk the offset falls in (interleaved). Fails if the file cannot be
/// opened or does not reach the offset.
pub fn open_at(file: &Path, offset: Duration) -> Result<(ChunkDecoder, Vec<f32>), String> {
    let name = |e: &dyn std::fmt::Display| format!("{}: {e}", file.display());
    let mut stream = ChunkDecoder::open(file).map_err(|e| name(&e))?;
    loop {
        let chunk = stream
            .next_chunk()
            .map_err(|e| name(&e))?
            .map(<[f32]>::to_vec);
        let Some(chunk) = chunk else {
            if offset.is_zero() {
                return Err(name(&"no audio in the file"));
            }
            let secs = offset.as_secs_f64();
            return Err(name(&format!("shorter than the offset {secs:.1} s")));
        };
        let channels = stream.channels().max(1);
        let want = (offset.as_secs_f64() * f64::from(stream.rate())).round() as u64;
        let done = stream.frames();
        let chunk_frames = (chunk.len() / channels) as u64;
        if done >= want && chunk_frames > 0 {
            let skip = (chunk_frames - (done - want).min(chunk_frames)) as usize;
            let rest = chunk[skip * channels..].to_vec();
            return Ok((stream, rest));
        }
    }
}

enum Input {
    File(ChunkDecoder),
    /// A stream; `kept`: its going down is not the end (silence until it is back).
    Relay(RelayStream, bool),
}

/// A file or a stream, as mono at one rate.
pub struct Source {
    input: Input,
    rate: u32,
    conv: Option<RateConverter>,
    queue: std::collections::VecDeque<f32>,
    scratch: Vec<f32>,
    /// Samples of silence put in for a stream with nothing to give, since its last audio.
    starved: u64,
    /// Samples a stream has given.
    heard: u64,
    done: Option<Pulled>,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source").field("rate", &self.rate).finish()
    }
}

impl Source {
    /// `file` from `offset`, as mono at `rate`. Fails at once if the file cannot be opened or
    /// does not reach the offset.
    pub fn file(file: &Path, offset: Duration, rate: u32) -> Result<Source, String> {
        let (decoder, rest) = open_at(file, offset)?;
        let mut first = Vec::new();
        downmix_into(&rest, decoder.channels().max(1), &mut first);
        let mut s = Source::new(Input::File(decoder), rate);
        s.take_in(&first, None)?;
        Ok(s)
    }

    /// A relay's stream, as mono at `rate`: it fails when the stream goes down or gives no
    /// audio for [`STARVED`].
    pub fn relay(stream: RelayStream, rate: u32) -> Source {
        Source::new(Input::Relay(stream, false), rate)
    }

    /// A relay's stream that never fails: silence while it is down, audio when it is back
    /// (for an output that follows another one).
    pub fn relay_kept(stream: RelayStream, rate: u32) -> Source {
        Source::new(Input::Relay(stream, true), rate)
    }

    fn new(input: Input, rate: u32) -> Source {
        Source {
            input,
            rate,
            conv: None,
            queue: Default::default(),
            scratch: Vec::new(),
            starved: 0,
            heard: 0,
            done: None,
        }
    }

    /// The rate it gives.
    pub fn rate(&self) -> u32 {
        self.rate
    }

    /// Whether it is a relay's stream.
    pub fn is_relay(&self) -> bool {
        matches!(self.input, Input::Relay(..))
    }

    /// Whether a stream has given a second of audio (a file: always).
    pub fn heard(&self) -> bool {
        self.heard >= u64::from(self.rate) || matches!(self.input, Input::File(_))
    }

    /// Fills `out` whole: the next samples, silence for what is missing.
    pub fn fill(&mut self, out: &mut [f32]) -> Pulled {
        if let Some(done) = &self.done {
            out.fill(0.0);
            return done.clone();
        }
        while self.queue.len() < out.len() {
            match self.more() {
                Ok(true) => {}
                Ok(false) => break,
                Err(p) => {
                    self.done = Some(p);
                    break;
                }
            }
        }
        let n = self.queue.len().min(out.len());
        for (o, s) in out.iter_mut().zip(self.queue.drain(..n)) {
            *o = s;
        }
        out[n..].fill(0.0);
        self.after_fill(out.len() - n)
    }

    /// What a pull says, given how many samples were missing.
    fn after_fill(&mut self, missing: usize) -> Pulled {
        match (&self.done, &self.input) {
            (Some(p), _) if self.queue.is_empty() => p.clone(),
            (_, Input::Relay(_, true)) => Pulled::Playing,
            (_, Input::Relay(..)) => {
                self.starved = if missing == 0 {
                    0
                } else {
                    self.starved + missing as u64
                };
                let limit = STARVED.as_secs_f64() * f64::from(self.rate);
                if self.starved as f64 >= limit {
                    let why = format!("no audio from the stream for {} s", STARVED.as_secs());
                    self.done = Some(Pulled::Failed(why.clone()));
                    return Pulled::Failed(why);
                }
                Pulled::Playing
            }
            _ => Pulled::Playing,
        }
    }

    /// Reads more into the queue: `Ok(false)` when a stream has nothing yet, `Err` at the end
    /// or a failure.
    fn more(&mut self) -> Result<bool, Pulled> {
        match &mut self.input {
            Input::File(d) => {
                let chunk = match d.next_chunk() {
                    Ok(Some(c)) => c.to_vec(),
                    Ok(None) => {
                        self.flush();
                        return Err(Pulled::Ended);
                    }
                    Err(e) => return Err(Pulled::Failed(e.to_string())),
                };
                let (channels, rate) = (d.channels().max(1), d.rate());
                self.scratch.clear();
                downmix_into(&chunk, channels, &mut self.scratch);
                let mono = std::mem::take(&mut self.scratch);
                let r = self.take_in(&mono, Some(rate));
                self.scratch = mono;
                r.map(|()| true).map_err(Pulled::Failed)
            }
            Input::Relay(stream, kept) => match stream.try_next() {
                None => Ok(false),
                Some(Relayed::Down(_)) if *kept => Ok(false),
                Some(Relayed::Down(why)) => Err(Pulled::Failed(why)),
                Some(Relayed::Audio { rate, samples }) => {
                    self.heard += samples.len() as u64;
                    self.take_in(&samples, Some(rate))
                        .map(|()| true)
                        .map_err(Pulled::Failed)
                }
            },
        }
    }

    /// At the end of a file, what the rate converter still holds goes into the queue.
    fn flush(&mut self) {
        if let Some(c) = &mut self.conv {
            let mut out = Vec::new();
            if c.flush(&mut out).is_ok() {
                self.queue.extend(out);
            }
        }
    }

    /// Converts mono samples at `from` (the file's rate when `None`) into the queue.
    fn take_in(&mut self, mono: &[f32], from: Option<u32>) -> Result<(), String> {
        let from = match (from, &self.input) {
            (Some(r), _) => r,
            (None, Input::File(d)) => d.rate(),
            (None, Input::Relay(..)) => self.rate,
        };
        if self.conv.as_ref().is_none_or(|c| c.from_rate() != from) {
            self.conv = Some(RateConverter::new(from, self.rate).map_err(|e| e.to_string())?);
        }
        let mut out = Vec::with_capacity(mono.len() + 64);
        if let Some(c) = &mut self.conv {
            c.push(mono, &mut out).map_err(|e| e.to_string())?;
        }
        self.queue.extend(out);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::encode;
    use crate::audio::Mono;

    fn tone_file(dir: &Path, rate: u32, secs: f64) -> std::path::PathBuf {
        let m = Mono {
            rate,
            samples: (0..(secs * f64::from(rate)) as usize)
                .map(|i| 0.25 * (i as f32 * 0.06).sin())
                .collect(),
        };
        let path = dir.join(format!("tone-{rate}.wav"));
        std::fs::write(&path, encode::wav(&m).unwrap()).unwrap();
        path
    }

    /// Pulls blocks of 100 ms until the source is not playing; the samples and how it ended.
    fn drain(s: &mut Source) -> (usize, Pulled) {
        let mut block = vec![0.0; s.rate() as usize / 10];
        let mut n = 0;
        loop {
            match s.fill(&mut block) {
                Pulled::Playing => n += block.len(),
                other => return (n, other),
            }
        }
    }

    #[test]
    fn a_file_plays_from_its_offset_at_the_output_rate_then_ends() {
        let dir = tempfile::tempdir().unwrap();
        for (rate, offset, want_secs) in
            [(44_100, 0.0, 2.0), (44_100, 0.5, 1.5), (48_000, 1.0, 1.0)]
        {
            let f = tone_file(dir.path(), rate, 2.0);
            let mut s = Source::file(&f, Duration::from_secs_f64(offset), 44_100).unwrap();
            let (n, end) = drain(&mut s);
            assert_eq!(end, Pulled::Ended, "{rate} {offset}");
            let got = n as f64 / 44_100.0;
            assert!((got - want_secs).abs() <= 0.15, "{rate} {offset}: {got} s");
        }
        let f = tone_file(dir.path(), 44_100, 1.0);
        let e = Source::file(&f, Duration::from_secs(5), 44_100).unwrap_err();
        assert!(e.contains("shorter than the offset"), "{e}");
        let e = Source::file(&dir.path().join("none.mp3"), Duration::ZERO, 44_100).unwrap_err();
        assert!(e.contains("none.mp3"), "{e}");
    }

    #[test]
    fn a_stream_that_gives_nothing_for_three_seconds_is_down() {
        // Nobody listens on this port: the stream is refused, and says so.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let stream = RelayStream::open(&format!("http://127.0.0.1:{port}/vov.mp3"));
        let mut s = Source::relay(stream, 44_100);
        let mut block = vec![1.0; 4410];
        let mut tries = 0;
        let end = loop {
            std::thread::sleep(Duration::from_millis(5));
            match s.fill(&mut block) {
                Pulled::Playing => {
                    assert!(block.iter().all(|x| *x == 0.0));
                    tries += 1;
                    assert!(tries <= 30, "still playing after 3 s of silence");
                }
                other => break other,
            }
        };
        assert!(
            matches!(&end, Pulled::Failed(w) if w.contains("cannot connect") || w.contains("no audio")),
            "{end:?}"
        );
        assert!(!s.heard());
    }
}
