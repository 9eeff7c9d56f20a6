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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// A stream server on a free port: `burst` bytes of MP3 at once, then the rest at real
    /// time (`paced`) or nothing (a stalled source, the connection held open).
    fn serve(burst_secs: f64, paced: bool) -> String {
        let tone = loaxa::audio::Mono {
            rate: 44_100,
            samples: (0..44_100 * 20)
                .map(|i| 0.2 * (i as f32 * 0.05).sin())
                .collect(),
        };
        let mp3 = loaxa::audio::encode::mp3(&tone, 96, &Default::default()).unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            let Ok((mut s, _)) = listener.accept() else {
                return;
            };
            let mut req = [0u8; 1024];
            let _ = s.read(&mut req);
            let _ = s.write_all(b"HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n");
            let per_sec: usize = 96_000 / 8;
            let burst = (burst_secs * per_sec as f64) as usize;
            let _ = s.write_all(&mp3[..burst]);
            let mut at = burst;
            while at < mp3.len() {
                std::thread::sleep(Duration::from_millis(100));
                if paced {
                    let next = (at + per_sec / 10).min(mp3.len());
                    if s.write_all(&mp3[at..next]).is_err() {
                        return;
                    }
                    at = next;
                }
            }
        });
        format!("http://127.0.0.1:{port}/vov.mp3")
    }

    /// Looks every 100 ms for up to `secs`; when it was back, if it was.
    fn watch(url: &str, secs: f64) -> Option<Duration> {
        let mut p = Probe::open(url);
        let start = Instant::now();
        while start.elapsed().as_secs_f64() < secs {
            if let Tried::Back = p.look(Instant::now()) {
                return Some(start.elapsed());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    }

    #[test]
    fn a_stream_is_back_after_three_seconds_of_steady_audio_not_after_a_burst() {
        let paced = std::thread::spawn(|| watch(&serve(0.5, true), 6.0));
        let burst = std::thread::spawn(|| watch(&serve(5.0, false), 6.0));
        let paced = paced.join().unwrap();
        let burst = burst.join().unwrap();
        let t = paced.expect("a steady stream was not found back");
        assert!(t >= STEADY && t < STEADY + Duration::from_secs(2), "{t:?}");
        assert_eq!(burst, None, "a burst and then nothing counted as back");
    }
}
