//! The sound device as the live loop sees it: one that can be lost and found again. A USB sound
//! card unplugged, or the audio server restarted, leaves rodio's stream stuck without an error;
//! so a file whose position stops moving for a few seconds means the device is gone. Then the
//! device is reopened every two seconds, and when it is back, what should be playing resumes at
//! the offset it has reached by now (the seconds in between are lost, and said so).

use std::time::{Duration, Instant};

use loaxa::playout::device::{Device, Status};

use super::feed::Media;

/// A file that stops moving this long has lost its device.
const STALL: Duration = Duration::from_secs(3);
/// How often a lost device is looked for.
const RETRY: Duration = Duration::from_secs(2);

/// What should be playing: a file from this offset at this instant, or a stream.
struct Wanted {
    media: Media,
    offset: Duration,
    since: Instant,
}

impl Wanted {
    /// Where in the file it should be at `now`.
    fn position(&self, now: Instant) -> Duration {
        self.offset + now.saturating_duration_since(self.since)
    }
}

/// What happened to the device, for the live loop to say and do.
pub enum Change {
    /// It stopped moving: it is gone, at this position in the file.
    Lost(Duration),
    /// It is back after this long; what should play resumed, or had ended meanwhile (`true`).
    Back(Duration, bool),
}

pub struct Sound {
    device: Option<Device>,
    wanted: Option<Wanted>,
    /// The last position seen moving, and when.
    moved: (Duration, Instant),
    lost_at: Option<Instant>,
    last_try: Instant,
}

impl Sound {
    pub fn open() -> loaxa::Result<Sound> {
        let now = Instant::now();
        Ok(Sound {
            device: Some(Device::open()?),
            wanted: None,
            moved: (Duration::ZERO, now),
            lost_at: None,
            last_try: now,
        })
    }

    /// Plays a file from its offset, or a stream (when the device is back, if it is lost).
    pub fn play(&mut self, media: &Media) -> Result<(), String> {
        let now = Instant::now();
        let offset = match media {
            Media::File(_, offset) => *offset,
            Media::Relay(_) => Duration::ZERO,
        };
        self.wanted = Some(Wanted {
            media: media.clone(),
            offset,
            since: now,
        });
        self.moved = (offset, now);
        match &mut self.device {
            Some(d) => start(d, media, offset).inspect_err(|_| self.wanted = None),
            None => Ok(()),
        }
    }

    /// Whether a relayed stream has given audio.
    pub fn stream_heard(&self) -> bool {
        self.device.as_ref().is_some_and(Device::heard)
    }

    pub fn stop(&mut self) {
        self.wanted = None;
        if let Some(d) = &mut self.device {
            d.stop();
        }
    }

    /// What the device is doing; while it is lost, what should be playing counts as playing.
    pub fn status(&self) -> Status {
        match (&self.device, &self.wanted) {
            (Some(d), _) => d.status(),
            (None, Some(w)) => Status::Playing(w.position(Instant::now())),
            (None, None) => Status::Idle,
        }
    }

    /// How far into its file what plays was last heard to be.
    pub fn heard(&self) -> Option<Duration> {
        (self.moved.0 != Duration::MAX).then_some(self.moved.0)
    }

    /// Watches for a stuck device and looks for a lost one.
    pub fn poll(&mut self, now: Instant) -> Option<Change> {
        match self.device.is_some() {
            true => self.watch(now),
            false => self.reopen(now),
        }
    }

    fn watch(&mut self, now: Instant) -> Option<Change> {
        let Some(Status::Playing(pos)) = self.device.as_ref().map(Device::status) else {
            return None;
        };
        if pos != self.moved.0 {
            self.moved = (pos, now);
            return None;
        }
        if now.duration_since(self.moved.1) < STALL {
            return None;
        }
        // Gone: forget it, and remember where the file had got to.
        self.device = None;
        if let Some(w) = &mut self.wanted {
            w.offset = pos;
            w.since = self.moved.1;
        }
        self.lost_at = Some(self.moved.1);
        self.last_try = now;
        Some(Change::Lost(pos))
    }

    fn reopen(&mut self, now: Instant) -> Option<Change> {
        if now.duration_since(self.last_try) < RETRY {
            return None;
        }
        self.last_try = now;
        let mut device = Device::open().ok()?;
        let gone = self
            .lost_at
            .take()
            .map_or(Duration::ZERO, |t| now.duration_since(t));
        // A file that cannot reach where it should be by now ended while the device was gone.
        let ended = match &self.wanted {
            Some(w) => start(&mut device, &w.media, w.position(now)).is_err(),
            None => false,
        };
        if ended {
            self.wanted = None;
        }
        self.moved = (Duration::MAX, now);
        self.device = Some(device);
        Some(Change::Back(gone, ended))
    }
}

/// Starts a file at `offset`, or a stream live.
fn start(device: &mut Device, media: &Media, offset: Duration) -> Result<(), String> {
    match media {
        Media::File(file, _) => device.play(file, offset),
        Media::Relay(url) => device.relay(url),
    }
}
