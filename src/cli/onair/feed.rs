//! The Icecast feed of `on-air --icecast`: what airs, as MP3 at the slot profile's rate and bit
//! rate, sent to a mount in real time. One thread makes the audio on the wall clock (a little
//! ahead, so listeners' buffers stay full): the file or stream asked for, else silence between
//! slots so that receivers stay connected. A second thread owns the connection: it sends what
//! it is given, and when Icecast goes away it says so, drops the audio meanwhile (the schedule
//! goes on) and connects again every 2 s.

use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender, TryRecvError};
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
}

/// Where and how to feed.
#[derive(Debug, Clone)]
pub struct FeedConfig {
    pub mount: StreamUrl,
    pub password: String,
    pub info: StreamInfo,
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
    position: std::sync::Arc<std::sync::atomic::AtomicU64>,
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
        let position = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let mut maker = Maker::new(&config.info, bytes_tx, news_tx, position.clone())?;
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

    /// How far into its file (from its offset) what plays has been sent.
    pub fn position(&self) -> Duration {
        let frames = self.position.load(std::sync::atomic::Ordering::Relaxed);
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
    encoder: Mp3Writer,
    bytes: SyncSender<Vec<u8>>,
    news: Sender<(u64, FeedNews)>,
    /// The number of the play under way.
    play: u64,
    source: Option<Source>,
    told_up: bool,
    /// Where the source started in its file, and the frames taken from it since.
    offset: Duration,
    position: std::sync::Arc<std::sync::atomic::AtomicU64>,
    taken: u64,
    block: Vec<f32>,
}

impl Maker {
    fn new(
        info: &StreamInfo,
        bytes: SyncSender<Vec<u8>>,
        news: Sender<(u64, FeedNews)>,
        position: std::sync::Arc<std::sync::atomic::AtomicU64>,
    ) -> Result<Maker, String> {
        Ok(Maker {
            rate: info.rate,
            encoder: Mp3Writer::for_stream(info.rate, info.kbps).map_err(|e| e.to_string())?,
            bytes,
            news,
            play: 0,
            source: None,
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
                    Ok(Command::Stop) => self.source = None,
                    Ok(Command::Quit) | Err(TryRecvError::Disconnected) => return,
                    Err(TryRecvError::Empty) => break,
                }
            }
            let due = ((start.elapsed() + LEAD).as_secs_f64() * f64::from(self.rate)) as u64;
            if due > made {
                let n = (due - made) as usize;
                self.make(n);
                made += n as u64;
            }
            std::thread::sleep(STEP);
        }
    }

    fn open(&mut self, media: Media) {
        self.told_up = false;
        self.taken = 0;
        self.position.store(0, std::sync::atomic::Ordering::Relaxed);
        self.source = match media {
            Media::File(path, offset) => {
                self.offset = offset;
                match Source::file(&path, offset, self.rate) {
                    Ok(s) => Some(s),
                    Err(why) => {
                        self.tell(FeedNews::Failed(why));
                        None
                    }
                }
            }
            Media::Relay(url) => {
                self.offset = Duration::ZERO;
                Some(Source::relay(RelayStream::open(&url), self.rate))
            }
        };
    }

    fn tell(&self, news: FeedNews) {
        let _ = self.news.send((self.play, news));
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
                    self.position
                        .store(self.taken, std::sync::atomic::Ordering::Relaxed);
                }
                Pulled::Ended => {
                    self.source = None;
                    self.tell(FeedNews::Ended);
                }
                Pulled::Failed(why) => {
                    self.source = None;
                    self.tell(FeedNews::Failed(why));
                }
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
/// meanwhile, and connects again every [`RETRY`].
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
    while let Ok(chunk) = bytes.recv() {
        match &mut conn {
            Some(c) => {
                if let Err(e) = c.write_all(&chunk) {
                    conn = None;
                    lost_at = Some(Instant::now());
                    last_try = Instant::now();
                    let _ = news.send((0, FeedNews::Lost(format!("Icecast: {e}"))));
                }
            }
            None if last_try.elapsed() >= RETRY => {
                last_try = Instant::now();
                if let Ok(c) = icecast::connect(&config.mount, &config.password, &config.info) {
                    conn = Some(c);
                    let gone = lost_at.take().map_or(Duration::ZERO, |t| t.elapsed());
                    let _ = news.send((0, FeedNews::Back(gone)));
                }
            }
            None => {}
        }
    }
}
