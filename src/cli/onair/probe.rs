//! Trying a relay's stream while its fallback stands in. The stream counts as back once it has
//! given audio at real-time pace for a while: at least [`STEADY`] since its first audio, and
//! most of the last two seconds' worth in the last two seconds. So a server's burst on connect
//! (several seconds at once, then nothing from a stalled source) does not bring the relay back
//! only to lose it again.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use loaxa::playout::relay::{RelayStream, Relayed};

/// How long the stream must have given audio.
const STEADY: Duration = Duration::from_secs(3);
/// The window its pace is judged over, and the share of it that must be audio.
const WINDOW: Duration = Duration::from_secs(2);
const PACE: f64 = 0.75;

/// What a look at the stream found.
pub enum Tried {
    /// Nothing new.
    Nothing,
    /// It is (still) down, for a new reason.
    Down(String),
    /// It is back.
    Back,
}

pub struct Probe {
    stream: RelayStream,
    first: Option<Instant>,
    /// Audio received, by when.
    heard: VecDeque<(Instant, Duration)>,
    last_why: Option<String>,
}

impl Probe {
    pub fn open(url: &str) -> Probe {
        Probe {
            stream: RelayStream::open(url),
            first: None,
            heard: VecDeque::new(),
            last_why: None,
        }
    }

    pub fn url(&self) -> &str {
        self.stream.url()
    }

    /// Takes what the stream said since the last look.
    pub fn look(&mut self, now: Instant) -> Tried {
        let mut down = None;
        while let Some(said) = self.stream.try_next() {
            match said {
                Relayed::Audio { rate, samples } => {
                    let secs = samples.len() as f64 / f64::from(rate.max(1));
                    self.first.get_or_insert(now);
                    self.heard.push_back((now, Duration::from_secs_f64(secs)));
                }
                Relayed::Down(why) => {
                    self.first = None;
                    self.heard.clear();
                    if self.last_why.as_deref() != Some(why.as_str()) {
                        self.last_why = Some(why.clone());
                        down = Some(why);
                    }
                }
            }
        }
        while self
            .heard
            .front()
            .is_some_and(|(t, _)| now.duration_since(*t) > WINDOW)
        {
            self.heard.pop_front();
        }
        match down {
            Some(why) => Tried::Down(why),
            None if self.steady(now) => Tried::Back,
            None => Tried::Nothing,
        }
    }

    fn steady(&self, now: Instant) -> bool {
        let Some(first) = self.first else {
            return false;
        };
        let recent: Duration = self.heard.iter().map(|(_, d)| *d).sum();
        now.duration_since(first) >= STEADY && recent.as_secs_f64() >= PACE * WINDOW.as_secs_f64()
    }
}
