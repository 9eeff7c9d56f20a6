//! The Icecast feed of `on-air --icecast`: what airs, as MP3 at the slot profile's rate and bit
//! rate, sent to a mount in real time. One thread makes the audio on the wall clock (a little
//! ahead, so listeners' buffers stay full): the file or stream asked for, else silence between
//! slots so that receivers stay connected. A second thread owns the connection: it sends what
//! it is given, and when Icecast goes away it says so, drops the audio meanwhile (the schedule
//! goes on) and connects again every 2 s.

use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender, TryRecvError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use loaxa::audio::encode::Mp3Writer;
use loaxa::playout::icecast::{self, StreamInfo};
use loaxa::playout::relay::RelayStream;
use loaxa::playout::source::{Pulled, Source};
use loaxa::stream_url::StreamUrl;

/// How far ahead of the wall clock the audio is made.
const LEAD: Duration = Duration::from_millis(500);
/// How often the audio thread wakes.
const STEP: Duration = Duration::from_millis(20);
/// How often a lost Icecast is tried again.
const RETRY: Duration = Duration::from_secs(2);
/// How far behind the audio thread may fall before the gap is skipped, not caught up.
const CATCH_UP: Duration = Duration::from_secs(1);

/// What to play.
#[derive(Debug, Clone, PartialEq)]
pub enum Media {
    /// A file, from an offset.
    File(PathBuf, Duration),
    /// A stream, live.
    Relay(String),
}

/// What the feed has to say.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedNews {
    /// What played reached its end.
    Ended,
    /// What was asked for cannot play, and why.
    Failed(String),
    /// The relayed stream has audio.
    StreamUp,
    /// Icecast is gone, and why.
    Lost(String),
    /// Icecast is back after this long.
    Back(Duration),
    /// Icecast is still gone, for a new reason.
    StillDown(String),
}

/// Where and how to feed.
#[derive(Clone)]
pub struct FeedConfig {
    pub mount: StreamUrl,
    pub password: String,
    pub info: StreamInfo,
    /// Whether the feed says when things end (no sound card): else it follows, and keeps
    /// trying a relay's stream that fails it while the card still plays it.
    pub leads: bool,
}

impl std::fmt::Debug for FeedConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FeedConfig")
            .field("mount", &self.mount.public())
            .field("password", &"…")
            .field("info", &self.info)
            .finish()
    }
}

enum Command {
    /// Play this, the `n`th thing asked for.
    Play(u64, Media),
    Stop,
    Quit,
}

/// A running feed.
pub struct Feed {
    commands: Sender<Command>,
    /// News, each with the number of the play it is about (0: about Icecast).
    news: Receiver<(u64, FeedNews)>,
    /// The number of the last play asked for: news of earlier ones are stale.
    plays: std::cell::Cell<u64>,
    position: Arc<AtomicU64>,
    rate: u32,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Feed {
    /// Connects to the mount (so that a wrong password or URL is said at once) and starts.
    pub fn start(config: FeedConfig) -> Result<Feed, String> {
        let first = icecast::connect(&config.mount, &config.password, &config.info)?;
        let (bytes_tx, bytes_rx) = sync_channel::<Vec<u8>>(64);
        let (news_tx, news) = channel();
        let writer_news = news_tx.clone();
        let writer_config = config.clone();
        std::thread::Builder::new()
            .name("icecast".into())
            .spawn(move || write_loop(first, &writer_config, &bytes_rx, &writer_news))
            .map_err(|e| e.to_string())?;
        let (commands, rx) = channel();
        let position = Arc::new(AtomicU64::new(0));
        let mut maker = Maker::new(&config, bytes_tx, news_tx, position.clone())?;
        let thread = std::thread::Builder::new()
            .name("feed".into())
            .spawn(move || maker.run(&rx))
            .map_err(|e| e.to_string())?;
        Ok(Feed {
            commands,
            news,
            plays: std::cell::Cell::new(0),
            position,
            rate: config.info.rate,
            thread: Some(thread),
        })
    }

    pub fn play(&self, media: Media) {
        self.plays.set(self.plays.get() + 1);
        let _ = self.commands.send(Command::Play(self.plays.get(), media));
    }

    pub fn stop(&self) {
        let _ = self.commands.send(Command::Stop);
    }

    /// What the feed said since last asked, but what it said of plays since replaced.
    pub fn news(&self) -> Vec<FeedNews> {
        let now = self.plays.get();
        self.news
            .try_iter()
            .filter(|(play, _)| *play == 0 || *play == now)
            .map(|(_, n)| n)
            .collect()
    }

    /// How far into its file what plays has been sent.
    pub fn position(&self) -> Duration {
        let frames = self.position.load(Ordering::Relaxed);
        Duration::from_secs_f64(frames as f64 / f64::from(self.rate.max(1)))
    }
}

impl Drop for Feed {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Quit);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The audio thread's state.
struct Maker {
    rate: u32,
    leads: bool,
    encoder: Mp3Writer,
    bytes: SyncSender<Vec<u8>>,
    news: Sender<(u64, FeedNews)>,
    /// The number of the play under way.
    play: u64,
    source: Option<Source>,
    /// A file being opened (decoded up to its offset) on its own thread, and when asked.
    opening: Option<(Receiver<Result<Source, String>>, Instant)>,
    told_up: bool,
    /// Where the source started in its file, and the frames taken from it since.
    offset: Duration,
    position: Arc<AtomicU64>,
    taken: u64,
    block: Vec<f32>,
}

impl Maker {
    fn new(
        config: &FeedConfig,
        bytes: SyncSender<Vec<u8>>,
        news: Sender<(u64, FeedNews)>,
        position: Arc<AtomicU64>,
    ) -> Result<Maker, String> {
        let info = &config.info;
        Ok(Maker {
            rate: info.rate,
            leads: config.leads,
            encoder: Mp3Writer::for_stream(info.rate, info.kbps).map_err(|e| e.to_string())?,
            bytes,
            news,
            play: 0,
            source: None,
            opening: None,
            told_up: false,
            offset: Duration::ZERO,
            position,
            taken: 0,
            block: Vec::new(),
        })
    }

    /// Makes audio on the wall clock until told to quit.
    fn run(&mut self, commands: &Receiver<Command>) {
        let start = Instant::now();
        let mut made: u64 = 0;
        loop {
            loop {
                match commands.try_recv() {
                    Ok(Command::Play(n, m)) => {
                        self.play = n;
                        self.open(m);
                    }
                    Ok(Command::Stop) => {
                        self.source = None;
                        self.opening = None;
                    }
                    Ok(Command::Quit) | Err(TryRecvError::Disconnected) => return,
                    Err(TryRecvError::Empty) => break,
                }
            }
            self.opened();
            let due = self.samples(start.elapsed() + LEAD);
            self.step(due, &mut made);
            std::thread::sleep(STEP);
        }
    }

    fn samples(&self, d: Duration) -> u64 {
        (d.as_secs_f64() * f64::from(self.rate)) as u64
    }

    /// Makes what is due. After a stall (the machine busy, suspended) the gap is not sent in
    /// one burst: a file skips it, so that it stays on time, and only the lead is made.
    fn step(&mut self, due: u64, made: &mut u64) {
        let mut n = due.saturating_sub(*made);
        let lead = self.samples(LEAD);
        if n > self.samples(LEAD + CATCH_UP) {
            let gap = n - lead;
            self.skip(gap);
            *made += gap;
            n = lead;
        }
        if n > 0 {
            self.make(n as usize);
            *made += n;
        }
    }

    fn open(&mut self, media: Media) {
        self.told_up = false;
        self.taken = 0;
        self.position.store(0, Ordering::Relaxed);
        self.source = None;
        self.opening = None;
        match media {
            Media::File(path, offset) => {
                // Reaching the offset means decoding up to it: on its own thread, with silence
                // meanwhile, and the time it took skipped when it is ready.
                self.offset = offset;
                let (tx, rx) = channel();
                let rate = self.rate;
                std::thread::spawn(move || {
                    let _ = tx.send(Source::file(&path, offset, rate));
                });
                self.opening = Some((rx, Instant::now()));
            }
            Media::Relay(url) => {
                self.offset = Duration::ZERO;
                let stream = RelayStream::open(&url);
                self.source = Some(match self.leads {
                    true => Source::relay(stream, self.rate),
                    false => Source::relay_kept(stream, self.rate),
                });
            }
        }
    }

    /// A file being opened is ready (or failed).
    fn opened(&mut self) {
        let Some((rx, asked)) = &self.opening else {
            return;
        };
        let asked = *asked;
        match rx.try_recv() {
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => {
                self.opening = None;
                self.tell(FeedNews::Failed("the file could not be opened".into()));
            }
            Ok(Err(why)) => {
                self.opening = None;
                self.tell(FeedNews::Failed(why));
            }
            Ok(Ok(source)) => {
                self.opening = None;
                self.source = Some(source);
                let late = self.samples(asked.elapsed());
                self.skip(late);
            }
        }
    }

    /// Drops `n` samples of a file (a stream is live: nothing to skip).
    fn skip(&mut self, n: u64) {
        let Some(source) = &mut self.source else {
            return;
        };
        if source.is_relay() {
            return;
        }
        let mut scratch = vec![0.0; (self.rate as usize).max(1)];
        let mut left = n;
        while left > 0 {
            let k = left.min(scratch.len() as u64) as usize;
            let pulled = source.fill(&mut scratch[..k]);
            left -= k as u64;
            self.taken += k as u64;
            if pulled != Pulled::Playing {
                self.ended(pulled);
                return;
            }
        }
        self.store_position();
    }

    fn store_position(&self) {
        let at = self.samples(self.offset) + self.taken;
        self.position.store(at, Ordering::Relaxed);
    }

    fn tell(&self, news: FeedNews) {
        let _ = self.news.send((self.play, news));
    }

    /// The source is done: it ended or failed.
    fn ended(&mut self, pulled: Pulled) {
        self.source = None;
        match pulled {
            Pulled::Ended => self.tell(FeedNews::Ended),
            Pulled::Failed(why) => self.tell(FeedNews::Failed(why)),
            Pulled::Playing => {}
        }
    }

    /// Makes `n` samples: from the source, else silence; encodes and hands them on.
    fn make(&mut self, n: usize) {
        self.block.clear();
        self.block.resize(n, 0.0);
        if let Some(source) = &mut self.source {
            let pulled = source.fill(&mut self.block);
            if !self.told_up && source.is_relay() && source.heard() {
                self.told_up = true;
                self.tell(FeedNews::StreamUp);
            }
            match pulled {
                Pulled::Playing => {
                    self.taken += n as u64;
                    self.store_position();
                }
                other => self.ended(other),
            }
        }
        if self.encoder.push(&self.block).is_ok() {
            let bytes = self.encoder.take();
            // A connection thread that is behind loses audio, not the schedule.
            let _ = self.bytes.try_send(bytes);
        }
    }
}

/// The connection thread: sends the bytes; when Icecast goes, says so, drops what comes
/// meanwhile, and connects again every [`RETRY`] (saying why it cannot when the reason
/// changes). Once back, what piled up while it connected is dropped: it is stale.
fn write_loop(
    first: TcpStream,
    config: &FeedConfig,
    bytes: &Receiver<Vec<u8>>,
    news: &Sender<(u64, FeedNews)>,
) {
    use std::io::Write;
    let mut conn = Some(first);
    let mut lost_at: Option<Instant> = None;
    let mut last_try = Instant::now();
    let mut last_why = String::new();
    while let Ok(chunk) = bytes.recv() {
        match &mut conn {
            Some(c) => {
                if let Err(e) = c.write_all(&chunk) {
                    conn = None;
                    lost_at = Some(Instant::now());
                    last_try = Instant::now();
                    last_why = format!("Icecast: {e}");
                    let _ = news.send((0, FeedNews::Lost(last_why.clone())));
                }
            }
            None if last_try.elapsed() >= RETRY => {
                match icecast::connect(&config.mount, &config.password, &config.info) {
                    Ok(c) => {
                        conn = Some(c);
                        while bytes.try_recv().is_ok() {}
                        let gone = lost_at.take().map_or(Duration::ZERO, |t| t.elapsed());
                        let _ = news.send((0, FeedNews::Back(gone)));
                    }
                    Err(why) if why != last_why => {
                        last_why = why.clone();
                        let _ = news.send((0, FeedNews::StillDown(why)));
                    }
                    Err(_) => {}
                }
                last_try = Instant::now();
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use loaxa::audio::{encode, Mono};

    /// A maker whose bytes and news stay in the test's hands (no Icecast).
    fn maker() -> (Maker, Receiver<Vec<u8>>, Receiver<(u64, FeedNews)>) {
        let config = FeedConfig {
            mount: StreamUrl::parse("http://127.0.0.1:1/xa.mp3").unwrap(),
            password: "pw".into(),
            info: StreamInfo {
                name: "test".into(),
                rate: 44_100,
                kbps: 96,
            },
            leads: true,
        };
        let (bytes_tx, bytes) = sync_channel(64);
        let (news_tx, news) = channel();
        let position = Arc::new(AtomicU64::new(0));
        (
            Maker::new(&config, bytes_tx, news_tx, position).unwrap(),
            bytes,
            news,
        )
    }

    /// Opens a tone file of `secs` seconds from `offset` and waits for it.
    fn open_tone(m: &mut Maker, dir: &std::path::Path, secs: f64, offset: f64) {
        let tone = Mono {
            rate: 44_100,
            samples: (0..(secs * 44_100.0) as usize)
                .map(|i| 0.2 * (i as f32 * 0.05).sin())
                .collect(),
        };
        let path = dir.join(format!("t{secs}.wav"));
        std::fs::write(&path, encode::wav(&tone).unwrap()).unwrap();
        m.open(Media::File(path, Duration::from_secs_f64(offset)));
        for _ in 0..500 {
            m.opened();
            if m.source.is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the file did not open");
    }

    fn position(m: &Maker) -> f64 {
        m.position.load(Ordering::Relaxed) as f64 / 44_100.0
    }

    #[test]
    fn a_stall_is_skipped_not_sent_in_one_burst_and_the_file_stays_on_time() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, bytes, news) = maker();
        open_tone(&mut m, dir.path(), 20.0, 2.0);
        // Ten seconds due at once: the gap is skipped, only the lead is made.
        let mut made = 0;
        let due = m.samples(Duration::from_secs(10));
        m.step(due, &mut made);
        assert_eq!(made, due);
        let sent: usize = bytes.try_iter().map(|b| b.len()).sum();
        let lead_bytes = 96_000 / 8 / 2; // half a second at 96 kbit/s
        assert!(sent <= lead_bytes + 2_000, "{sent} bytes sent at once");
        // The file is where the wall clock says: its offset and the ten seconds.
        let at = position(&m);
        assert!((at - 12.0).abs() < 0.05, "at {at} s");
        assert!(news.try_iter().next().is_none());
        // A stall past the file's end ends it.
        let due = m.samples(Duration::from_secs(40));
        m.step(due, &mut made);
        assert_eq!(
            news.try_iter().map(|(_, n)| n).collect::<Vec<_>>(),
            [FeedNews::Ended]
        );
    }

    #[test]
    fn small_steps_are_made_whole_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let (mut m, _bytes, news) = maker();
        open_tone(&mut m, dir.path(), 3.0, 0.0);
        let mut made = 0;
        for k in 1..=100 {
            let due = m.samples(Duration::from_millis(20 * k));
            m.step(due, &mut made);
        }
        // Two seconds made, and the few milliseconds the file took to open skipped.
        assert!((position(&m) - 2.0).abs() < 0.05, "{}", position(&m));
        assert!(news.try_iter().next().is_none());
    }
}
