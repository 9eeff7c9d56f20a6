//! A relay's stream (VOV, the provincial station): an HTTP or Icecast MP3/AAC stream read and
//! decoded on its own thread into mono chunks, through a short queue that is the jitter buffer
//! (about two seconds). When the connection fails or the stream stops, the thread says why and
//! tries again after 1, 2, 4, then every 5 s, until the [`RelayStream`] is dropped.
//!
//! The reader of the stream never blocks on the network: it takes what the queue holds.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use symphonia::core::io::ReadOnlySource;

use crate::audio::decode::{downmix_into, ChunkDecoder};

/// Chunks the queue holds (an MP3 frame is about 26 ms).
const QUEUE: usize = 96;
/// How long a connection or a read may hang before the stream counts as down.
pub const NETWORK_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest wait between two tries.
const MOST_WAIT: Duration = Duration::from_secs(5);

/// What the stream's thread says.
#[derive(Debug, Clone, PartialEq)]
pub enum Relayed {
    /// Mono samples at `rate`.
    Audio {
        /// Samples per second.
        rate: u32,
        /// Mono samples.
        samples: Vec<f32>,
    },
    /// The stream is down, and why; the thread tries again.
    Down(String),
}

/// A stream being relayed (or tried), read on its own thread.
pub struct RelayStream {
    url: String,
    rx: Receiver<Relayed>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for RelayStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelayStream")
            .field("url", &self.url)
            .finish()
    }
}

impl RelayStream {
    /// Starts reading `url` on a thread.
    pub fn open(url: &str) -> RelayStream {
        let (tx, rx) = sync_channel(QUEUE);
        let stop = Arc::new(AtomicBool::new(false));
        let (u, s) = (url.to_string(), Arc::clone(&stop));
        let thread = std::thread::Builder::new()
            .name("relay".into())
            .spawn(move || keep_reading(&u, &tx, &s))
            .ok();
        RelayStream {
            url: url.to_string(),
            rx,
            stop,
            thread,
        }
    }

    /// The stream's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The next thing the thread said, if it said anything yet.
    pub fn try_next(&self) -> Option<Relayed> {
        match self.rx.try_recv() {
            Ok(m) => Some(m),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Relayed::Down("the stream's reader stopped".into()))
            }
        }
    }

    /// Waits up to `wait` for the thread to say something.
    pub fn next_within(&self, wait: Duration) -> Option<Relayed> {
        self.rx.recv_timeout(wait).ok()
    }
}

impl Drop for RelayStream {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Unblock a thread waiting on a full queue, then let it go: a thread stuck on the
        // network ends at its next read timeout.
        while self.rx.try_recv().is_ok() {}
        if let Some(t) = self.thread.take() {
            if t.is_finished() {
                let _ = t.join();
            }
        }
    }
}

/// The thread: read the stream, and when it fails, say why and try again after a wait.
fn keep_reading(url: &str, tx: &SyncSender<Relayed>, stop: &AtomicBool) {
    let mut wait = Duration::from_secs(1);
    while !stop.load(Ordering::SeqCst) {
        let (why, heard) = match read_once(url, tx, stop) {
            Ok(heard) => ("the stream ended".to_string(), heard),
            Err((why, heard)) => (why, heard),
        };
        if stop.load(Ordering::SeqCst) || tx.send(Relayed::Down(why)).is_err() {
            return;
        }
        // A stream that played a while starts the waits over.
        if heard > Duration::from_secs(30) {
            wait = Duration::from_secs(1);
        }
        sleep_unless(stop, wait);
        wait = (wait * 2).min(MOST_WAIT);
    }
}

/// Sleeps `d`, waking early when `stop` is set.
fn sleep_unless(stop: &AtomicBool, d: Duration) {
    let step = Duration::from_millis(100);
    let mut left = d;
    while !left.is_zero() && !stop.load(Ordering::SeqCst) {
        std::thread::sleep(step.min(left));
        left = left.saturating_sub(step);
    }
}

/// One connection: decodes the stream into the queue until it fails, ends, or `stop`. Returns
/// how much audio it heard (and why it failed).
fn read_once(
    url: &str,
    tx: &SyncSender<Relayed>,
    stop: &AtomicBool,
) -> Result<Duration, (String, Duration)> {
    let (reader, ext) = connect(url).map_err(|e| (e, Duration::ZERO))?;
    let source = ReadOnlySource::new(SyncReader(Mutex::new(reader)));
    let mut decoder = ChunkDecoder::new(Box::new(source), Some(ext)).map_err(|e| {
        (
            format!("not an audio stream loaxa can play: {e}"),
            Duration::ZERO,
        )
    })?;
    let mut mono = Vec::new();
    let mut frames = 0u64;
    let heard =
        |frames: u64, rate: u32| Duration::from_secs_f64(frames as f64 / f64::from(rate.max(1)));
    loop {
        if stop.load(Ordering::SeqCst) {
            return Ok(heard(frames, decoder.rate()));
        }
        let chunk = match decoder.next_chunk() {
            Ok(Some(c)) => c.to_vec(),
            Ok(None) => return Ok(heard(frames, decoder.rate())),
            Err(e) => {
                return Err((
                    format!("the stream broke off: {e}"),
                    heard(frames, decoder.rate()),
                ))
            }
        };
        let channels = decoder.channels().max(1);
        downmix_into(&chunk, channels, &mut mono);
        if mono.is_empty() {
            continue;
        }
        frames += mono.len() as u64;
        let audio = Relayed::Audio {
            rate: decoder.rate(),
            samples: std::mem::take(&mut mono),
        };
        if tx.send(audio).is_err() {
            return Ok(heard(frames, decoder.rate()));
        }
    }
}

/// Opens the stream: its body, and the format its content type names (`mp3` or `aac`).
fn connect(url: &str) -> Result<(Box<dyn Read + Send>, &'static str), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(NETWORK_TIMEOUT))
        .timeout_per_read(Some(NETWORK_TIMEOUT))
        .user_agent(concat!("loaxa/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let response = agent.get(url).call().map_err(|e| match e {
        ureq::Error::StatusCode(code) => format!("the server answered {code}"),
        other => format!("cannot connect: {other}"),
    })?;
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if kind.contains("mpegurl") || kind.contains("scpls") || kind.contains("x-scpls") {
        return Err(format!(
            "the server sends a playlist (`{kind}`), not a stream; give the stream it points to"
        ));
    }
    let ext = if kind.contains("aac") || kind.contains("mp4") {
        "aac"
    } else if kind.contains("mpeg") || kind.contains("mp3") || kind.is_empty() {
        "mp3"
    } else if kind.contains("ogg") {
        "ogg"
    } else {
        return Err(format!(
            "the server sends `{kind}`, not an MP3 or AAC stream"
        ));
    };
    Ok((Box::new(response.into_body().into_reader()), ext))
}

/// A reader that can be shared between threads, as symphonia asks of a media source.
struct SyncReader(Mutex<Box<dyn Read + Send>>);

impl Read for SyncReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.0.get_mut() {
            Ok(r) => r.read(buf),
            Err(p) => p.into_inner().read(buf),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpListener;

    /// A one-shot HTTP server on a free port answering with `head` and `body`.
    fn serve(head: &'static str, body: Vec<u8>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            if let Ok((mut s, _)) = listener.accept() {
                let mut req = [0u8; 1024];
                let _ = s.read(&mut req);
                let _ = s.write_all(head.as_bytes());
                let _ = s.write_all(&body);
            }
        });
        format!("http://127.0.0.1:{port}/vov.mp3")
    }

    fn first_word(stream: &RelayStream) -> Relayed {
        stream
            .next_within(Duration::from_secs(10))
            .expect("nothing said")
    }

    #[test]
    fn a_stream_is_decoded_to_mono_then_said_to_have_ended() {
        let tone = crate::audio::Mono {
            rate: 44_100,
            samples: (0..44_100).map(|i| 0.3 * (i as f32 * 0.05).sin()).collect(),
        };
        let mp3 = crate::audio::encode::mp3(&tone, 96, &Default::default()).unwrap();
        let url = serve("HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n", mp3);
        let stream = RelayStream::open(&url);
        let mut samples = 0;
        loop {
            match first_word(&stream) {
                Relayed::Audio { rate, samples: s } => {
                    assert_eq!(rate, 44_100);
                    samples += s.len();
                }
                Relayed::Down(why) => {
                    assert_eq!(why, "the stream ended");
                    break;
                }
            }
        }
        assert!((44_000..=46_000).contains(&samples), "{samples}");
    }

    #[test]
    fn an_aac_stream_at_48_khz_in_stereo_is_read_too() {
        let aac = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data/audio/tone-48k-stereo.aac"),
        )
        .unwrap();
        let url = serve("HTTP/1.0 200 OK\r\nContent-Type: audio/aac\r\n\r\n", aac);
        let stream = RelayStream::open(&url);
        let mut samples = 0;
        while let Relayed::Audio { rate, samples: s } = first_word(&stream) {
            assert_eq!(rate, 48_000);
            samples += s.len();
        }
        // One second of mono at 48 kHz (AAC frames of 1024, give or take the priming).
        assert!((46_000..=50_000).contains(&samples), "{samples}");
    }

    #[test]
    fn a_stream_that_cannot_be_had_says_why() {
        let refused = {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            format!(
                "http://127.0.0.1:{}/vov.mp3",
                l.local_addr().unwrap().port()
            )
        };
        let cases = [
            (refused, "cannot connect"),
            (
                serve("HTTP/1.0 404 Not Found\r\n\r\n", Vec::new()),
                "answered 404",
            ),
            (
                serve(
                    "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n",
                    b"<html>".to_vec(),
                ),
                "not an MP3 or AAC stream",
            ),
        ];
        for (url, want) in cases {
            let stream = RelayStream::open(&url);
            match first_word(&stream) {
                Relayed::Down(why) => assert!(why.contains(want), "{url}: {why}"),
                other => panic!("{url}: {other:?}"),
            }
        }
    }
}
