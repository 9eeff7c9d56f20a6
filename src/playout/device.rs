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
use super::source::{open_at, Pulled, Source as PullSource};
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
/// The samples a relayed stream is pulled in at a time.
const RELAY_BLOCK: usize = 1024;

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
        let (stream, pending) = open_at(file, offset)?;
        let (channels, rate) = (stream.channels().max(1), stream.rate());
        self.start(stream, pending, channels, rate, offset)
            .map_err(|e| format!("{}: {e}", file.display()))
    }

    /// Stops what plays and relays the stream at `url`: silence until it has audio, and
    /// [`Status::Failed`] when it is down (see [`super::source`]).
    pub fn relay(&mut self, url: &str) -> std::result::Result<(), String> {
        self.stop();
        let source = PullSource::relay(RelayStream::open(url), RELAY_RATE);
        self.start(source, Vec::new(), 1, RELAY_RATE, Duration::ZERO)
    }

    /// Plays what `fill` gives (after `pending`) at `rate` with `channels`, counted from
    /// `offset`.
    fn start<F: Fill + 'static>(
        &mut self,
        fill: F,
        pending: Vec<f32>,
        channels: usize,
        rate: u32,
        offset: Duration,
    ) -> std::result::Result<(), String> {
        let (Some(ch), Some(sr)) = (ChannelCount::new(channels as u16), SampleRate::new(rate))
        else {
            return Err("no channels or no sample rate".into());
        };
        self.shared = Arc::new(Shared::default());
        self.rate = rate;
        self.offset = offset;
        let source = Feeding {
            fill,
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

/// Where a rodio source gets its next samples.
trait Fill: Send {
    /// Puts the next samples in `buf` (replacing what it held): `Ok(false)` at the end.
    fn fill(&mut self, buf: &mut Vec<f32>, shared: &Shared) -> std::result::Result<bool, String>;
}

/// A file, a packet at a time.
impl Fill for ChunkDecoder {
    fn fill(&mut self, buf: &mut Vec<f32>, _: &Shared) -> std::result::Result<bool, String> {
        match self.next_chunk() {
            Ok(Some(chunk)) => {
                buf.clear();
                buf.extend_from_slice(chunk);
                Ok(true)
            }
            Ok(None) => Ok(false),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// A relayed stream: mono, a block at a time, silence in its gaps.
impl Fill for PullSource {
    fn fill(&mut self, buf: &mut Vec<f32>, shared: &Shared) -> std::result::Result<bool, String> {
        buf.resize(RELAY_BLOCK, 0.0);
        let pulled = PullSource::fill(self, buf);
        if self.heard() {
            shared.heard.store(true, Ordering::Relaxed);
        }
        match pulled {
            Pulled::Playing => Ok(true),
            Pulled::Ended => Ok(false),
            Pulled::Failed(why) => Err(why),
        }
    }
}

/// What [`Fill`] gives, as a rodio source that counts the frames it hands out and keeps the
/// error that ended it.
struct Feeding<F> {
    fill: F,
    buf: Vec<f32>,
    pos: usize,
    channels: ChannelCount,
    rate: SampleRate,
    shared: Arc<Shared>,
    done: bool,
}

impl<F: Fill> Iterator for Feeding<F> {
    type Item = rodio::Sample;

    fn next(&mut self) -> Option<Self::Item> {
        while self.pos >= self.buf.len() {
            if self.done {
                return None;
            }
            self.pos = 0;
            match self.fill.fill(&mut self.buf, &self.shared) {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    if let Ok(mut g) = self.shared.error.lock() {
                        *g = Some(e);
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

impl<F: Fill> Source for Feeding<F> {
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
