//! The sound device: plays a file, or relays a stream, through the default output with rodio
//! (feature `playout`).
//!
//! Files are decoded a packet at a time by [`crate::audio::decode::ChunkDecoder`] as the device asks
//! for samples, so a 45-minute slot never sits in memory. A decoding error in the middle of a
//! file ends the sound and is reported by [`Device::status`], for the scheduler to switch to
//! the fallback.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rodio::{ChannelCount, SampleRate, Source};

use super::relay::RelayStream;
use super::source::{Pulled, Source as PullSource};
use crate::audio::decode::ChunkDecoder;
use crate::error::{Error, Result};

/// What the device is doing.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Nothing was asked of it.
    Idle,
    /// Playing, this far into the file.
    Playing(Duration),
    /// The file played to its end.
    Ended,
    /// The file stopped on an error.
    Failed(String),
}

#[derive(Default)]
struct Shared {
    error: Mutex<Option<String>>,
    frames: AtomicU64,
    /// A relayed stream has given audio.
    heard: std::sync::atomic::AtomicBool,
}

/// The rate a relayed stream is played at.
const RELAY_RATE: u32 = 44_100;

/// The default output device.
pub struct Device {
    sink: rodio::MixerDeviceSink,
    player: Option<rodio::Player>,
    shared: Arc<Shared>,
    rate: u32,
    offset: Duration,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Device").field("rate", &self.rate).finish()
    }
}

impl Device {
    /// Opens the default output device.
    pub fn open() -> Result<Device> {
        let mut sink =
            rodio::DeviceSinkBuilder::open_default_sink().map_err(|e| Error::Playout {
                message: format!("cannot open the sound device: {e}"),
            })?;
        sink.log_on_drop(false);
        Ok(Device {
            sink,
            player: None,
            shared: Arc::new(Shared::default()),
            rate: 0,
            offset: Duration::ZERO,
        })
    }

    /// Stops what plays and plays `file` from `offset`. Fails at once if the file cannot be
    /// opened or does not reach `offset`.
    pub fn play(&mut self, file: &Path, offset: Duration) -> std::result::Result<(), String> {
        self.stop();
        let mut stream =
            ChunkDecoder::open(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let mut pending: Vec<f32> = Vec::new();
        // Skip to the offset by decoding: exact, and fast next to real time.
        loop {
            let chunk = stream
                .next_chunk()
                .map_err(|e| format!("{}: {e}", file.display()))?
                .map(<[f32]>::to_vec);
            let Some(chunk) = chunk else {
                if offset.is_zero() {
                    return Err(format!("{}: no audio in the file", file.display()));
                }
                return Err(format!(
                    "{}: shorter than the offset {:.1} s",
                    file.display(),
                    offset.as_secs_f64()
                ));
            };
            let channels = stream.channels().max(1);
            let want = (offset.as_secs_f64() * f64::from(stream.rate())).round() as u64;
            let done = stream.frames();
            let chunk_frames = (chunk.len() / channels) as u64;
            if done >= want && chunk_frames > 0 {
                let skip = (chunk_frames - (done - want).min(chunk_frames)) as usize;
                pending.extend_from_slice(&chunk[skip * channels..]);
                break;
            }
        }
        let channels = stream.channels().max(1);
        let rate = stream.rate();
        let (Some(ch), Some(sr)) = (ChannelCount::new(channels as u16), SampleRate::new(rate))
        else {
            return Err(format!("{}: no channels or no sample rate", file.display()));
        };
        self.shared = Arc::new(Shared::default());
        self.rate = rate;
        self.offset = offset;
        let source = StreamSource {
            stream,
            buf: pending,
            pos: 0,
            channels: ch,
            rate: sr,
            shared: Arc::clone(&self.shared),
            done: false,
        };
        let player = rodio::Player::connect_new(self.sink.mixer());
        player.append(source);
        self.player = Some(player);
        Ok(())
    }

    /// Stops what plays and relays the stream at `url`: silence until it has audio, and
    /// [`Status::Failed`] when it is down (see [`super::source`]).
    pub fn relay(&mut self, url: &str) -> std::result::Result<(), String> {
        self.stop();
        let (Some(ch), Some(sr)) = (ChannelCount::new(1), SampleRate::new(RELAY_RATE)) else {
            return Err("no channels or no sample rate".into());
        };
        self.shared = Arc::new(Shared::default());
        self.rate = RELAY_RATE;
        self.offset = Duration::ZERO;
        let source = RelaySource {
            source: PullSource::relay(RelayStream::open(url), RELAY_RATE),
            buf: vec![0.0; 1024],
            pos: 1024,
            channels: ch,
            rate: sr,
            shared: Arc::clone(&self.shared),
            done: false,
        };
        let player = rodio::Player::connect_new(self.sink.mixer());
        player.append(source);
        self.player = Some(player);
        Ok(())
    }

    /// Whether the stream relayed has given audio.
    pub fn heard(&self) -> bool {
        self.shared.heard.load(Ordering::Relaxed)
    }

    /// Stops the sound.
    pub fn stop(&mut self) {
        if let Some(p) = self.player.take() {
            p.stop();
        }
    }

    /// What the device is doing.
    pub fn status(&self) -> Status {
        let Some(player) = &self.player else {
            return Status::Idle;
        };
        if let Ok(guard) = self.shared.error.lock() {
            if let Some(e) = guard.as_ref() {
                return Status::Failed(e.clone());
            }
        }
        if player.empty() {
            return Status::Ended;
        }
        let frames = self.shared.frames.load(Ordering::Relaxed);
        Status::Playing(
            self.offset + Duration::from_secs_f64(frames as f64 / f64::from(self.rate.max(1))),
        )
    }

    /// Blocks until the file has played (or failed).
    pub fn wait(&self) -> Status {
        loop {
            match self.status() {
                Status::Playing(_) => std::thread::sleep(Duration::from_millis(50)),
                other => return other,
            }
        }
    }
}

/// A decoding stream as a rodio source.
struct StreamSource {
    stream: ChunkDecoder,
    buf: Vec<f32>,
    pos: usize,
    channels: ChannelCount,
    rate: SampleRate,
    shared: Arc<Shared>,
    done: bool,
}

impl Iterator for StreamSource {
    type Item = rodio::Sample;

    fn next(&mut self) -> Option<Self::Item> {
        while self.pos >= self.buf.len() {
            if self.done {
                return None;
            }
            match self.stream.next_chunk() {
                Ok(Some(chunk)) => {
                    self.buf.clear();
                    self.buf.extend_from_slice(chunk);
                    self.pos = 0;
                }
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    if let Ok(mut g) = self.shared.error.lock() {
                        *g = Some(e.to_string());
                    }
                    return None;
                }
            }
        }
        let s = self.buf[self.pos];
        self.pos += 1;
        if self.pos.is_multiple_of(usize::from(self.channels.get())) {
            self.shared.frames.fetch_add(1, Ordering::Relaxed);
        }
        Some(s)
    }
}

impl Source for StreamSource {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> ChannelCount {
        self.channels
    }

    fn sample_rate(&self) -> SampleRate {
        self.rate
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

/// A relayed stream as a rodio source: mono, a block at a time, silence in its gaps.
struct RelaySource {
    source: PullSource,
    buf: Vec<f32>,
    pos: usize,
    channels: ChannelCount,
    rate: SampleRate,
    shared: Arc<Shared>,
    done: bool,
}

impl Iterator for RelaySource {
    type Item = rodio::Sample;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.buf.len() {
            if self.done {
                return None;
            }
            match self.source.fill(&mut self.buf) {
                Pulled::Playing => {}
                Pulled::Ended => {
                    self.done = true;
                    return None;
                }
                Pulled::Failed(why) => {
                    self.done = true;
                    if let Ok(mut g) = self.shared.error.lock() {
                        *g = Some(why);
                    }
                    return None;
                }
            }
            if self.source.heard() {
                self.shared.heard.store(true, Ordering::Relaxed);
            }
            self.pos = 0;
        }
        let s = self.buf[self.pos];
        self.pos += 1;
        self.shared.frames.fetch_add(1, Ordering::Relaxed);
        Some(s)
    }
}

impl Source for RelaySource {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> ChannelCount {
        self.channels
    }

    fn sample_rate(&self) -> SampleRate {
        self.rate
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}
