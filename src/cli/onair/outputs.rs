//! Where what airs goes: the sound card, the Icecast feed, or both. The sound card, when there
//! is one, says when a file ends or fails and when a stream has audio; the feed then only
//! follows (its own news of Icecast lost and found is still told). With `--no-device` the feed
//! says it all.

use std::time::Duration;
#[cfg(feature = "playout")]
use std::time::Instant;

#[cfg(feature = "playout")]
use loaxa::playout::device::Status;

use super::feed::{Feed, FeedNews, Media};
#[cfg(feature = "playout")]
use super::sound::{Change, Sound};

/// What the outputs have to say, for the live loop.
#[derive(Debug, Clone, PartialEq)]
pub enum News {
    /// What plays reached its end.
    Ended,
    /// What plays failed, and why.
    Failed(String),
    /// The relayed stream has audio.
    StreamUp,
    /// For the as-run row of what plays (and for the operator).
    Note(String),
    /// For the operator only.
    Say(String),
}

pub struct Outputs {
    #[cfg(feature = "playout")]
    sound: Option<Sound>,
    feed: Option<Feed>,
    /// Whether something plays, and if it is a stream, whether its audio was told.
    playing: Option<bool>,
}

impl Outputs {
    /// The sound card (unless `no_device`) and the feed, if any.
    pub fn open(no_device: bool, feed: Option<Feed>) -> loaxa::Result<Outputs> {
        #[cfg(feature = "playout")]
        let sound = match no_device {
            true => None,
            false => Some(Sound::open()?),
        };
        #[cfg(not(feature = "playout"))]
        let _ = no_device;
        Ok(Outputs {
            #[cfg(feature = "playout")]
            sound,
            feed,
            playing: None,
        })
    }

    pub fn play(&mut self, media: &Media) -> Result<(), String> {
        if let Some(f) = &self.feed {
            f.play(media.clone());
        }
        self.playing = Some(false);
        #[cfg(feature = "playout")]
        if let Some(s) = &mut self.sound {
            return s.play(media).inspect_err(|_| self.playing = None);
        }
        Ok(())
    }

    pub fn stop(&mut self) {
        self.playing = None;
        if let Some(f) = &self.feed {
            f.stop();
        }
        #[cfg(feature = "playout")]
        if let Some(s) = &mut self.sound {
            s.stop();
        }
    }

    /// How far into its file what plays was last heard to be (for a file cut short).
    pub fn heard(&self) -> Option<Duration> {
        #[cfg(feature = "playout")]
        if let Some(s) = &self.sound {
            return s.heard();
        }
        self.feed.as_ref().map(Feed::position)
    }

    /// What happened since last asked.
    pub fn poll(&mut self) -> Vec<News> {
        let mut out = Vec::new();
        let feed_leads = self.feed_leads();
        if let Some(f) = &self.feed {
            for n in f.news() {
                self.feed_news(n, feed_leads, &mut out);
            }
        }
        #[cfg(feature = "playout")]
        self.device_news(&mut out);
        out
    }

    /// Whether the feed says when things end (no sound card).
    fn feed_leads(&self) -> bool {
        #[cfg(feature = "playout")]
        if self.sound.is_some() {
            return false;
        }
        true
    }

    fn feed_news(&mut self, n: FeedNews, leads: bool, out: &mut Vec<News>) {
        match n {
            FeedNews::Lost(why) => {
                out.push(News::Note(format!("icecast lost: {why}")));
            }
            FeedNews::Back(after) => {
                out.push(News::Note(format!(
                    "icecast reconnected after {:.0} s",
                    after.as_secs_f64()
                )));
            }
            FeedNews::StillDown(why) => out.push(News::Say(format!("icecast still down: {why}"))),
            _ if !leads || self.playing.is_none() => {}
            FeedNews::Ended => {
                self.playing = None;
                out.push(News::Ended);
            }
            FeedNews::Failed(why) => {
                self.playing = None;
                out.push(News::Failed(why));
            }
            FeedNews::StreamUp => out.push(News::StreamUp),
        }
    }

    #[cfg(feature = "playout")]
    fn device_news(&mut self, out: &mut Vec<News>) {
        let Some(sound) = &mut self.sound else {
            return;
        };
        match sound.poll(Instant::now()) {
            Some(Change::Lost(at)) => out.push(News::Say(format!(
                "✗ the sound device stopped at {} of what plays; looking for it every 2 s",
                loaxa::script::mmss(at.as_secs_f64())
            ))),
            Some(Change::Back(gone, ended)) => {
                out.push(News::Say(format!(
                    "the sound device is back after {}; {:.0} s were not heard",
                    loaxa::script::mmss(gone.as_secs_f64()),
                    gone.as_secs_f64()
                )));
                if ended && self.playing.is_some() {
                    self.playing = None;
                    out.push(News::Ended);
                }
            }
            None => {}
        }
        if self.playing == Some(false) && sound.stream_heard() {
            self.playing = Some(true);
            out.push(News::StreamUp);
        }
        match sound.status() {
            Status::Ended if self.playing.is_some() => {
                self.playing = None;
                out.push(News::Ended);
            }
            Status::Failed(e) if self.playing.is_some() => {
                self.playing = None;
                out.push(News::Failed(e));
            }
            _ => {}
        }
    }
}
