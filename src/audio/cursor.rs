//! Where the next piece of a programme goes: the one layout rule shared by the whole-buffer mix
//! ([`super::timeline::assemble`]) and the streamed one ([`super::stream::play`]).
//!
//! Lines are laid end to end with a gap after each, laid down only when something follows. A
//! jingle's tail is faded out and the next spoken piece starts over it (equal power). A pause
//! after a jingle first eats into that overlap.

use super::timeline::{jingle_out, TimelineSettings};
use super::{frames, Mono};

/// The layout state as pieces are placed, in frames.
#[derive(Debug, Clone)]
pub struct Cursor {
    at: usize,
    overlap: usize,
    gap: usize,
    line_gap: usize,
    crossfade: usize,
}

/// Where a spoken piece goes, and how many of its first frames fade in over a jingle's tail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoicePlace {
    /// First frame.
    pub start: usize,
    /// Frames that fade in (0 when no jingle comes before).
    pub fade_in: usize,
}

impl Cursor {
    /// A cursor at frame 0 for `rate` and the timeline's settings.
    pub fn new(rate: u32, s: &TimelineSettings) -> Cursor {
        Cursor {
            at: 0,
            overlap: 0,
            gap: 0,
            line_gap: frames(rate, s.line_gap_s),
            crossfade: frames(rate, s.crossfade_s),
        }
    }

    /// Lays down the gap owed after a line; called before each piece that takes time.
    pub fn settle_gap(&mut self) {
        self.at += std::mem::take(&mut self.gap);
    }

    /// Where the next spoken piece starts.
    pub fn voice(&self) -> VoicePlace {
        VoicePlace {
            start: self.at.saturating_sub(self.overlap),
            fade_in: self.overlap,
        }
    }

    /// A spoken piece of `len` frames was placed at `start`: a gap is owed after it.
    pub fn voice_done(&mut self, start: usize, len: usize) {
        self.at = start + len;
        self.gap = self.line_gap;
        self.overlap = 0;
    }

    /// Silence of `seconds` at `rate`.
    pub fn pause(&mut self, rate: u32, seconds: f64) {
        let f = frames(rate, seconds);
        if self.overlap > 0 {
            self.overlap = self.overlap.saturating_sub(f);
        } else {
            self.at += f;
        }
    }

    /// A jingle: its samples with the faded tail, and the frame where they go.
    pub fn jingle(&mut self, clip: &Mono) -> (Vec<f32>, usize) {
        let (samples, tail) = jingle_out(clip, self.crossfade);
        let start = self.at;
        self.at += samples.len();
        self.overlap = tail;
        (samples, start)
    }

    /// The cursor itself, where a bed starts or stops.
    pub fn at(&self) -> usize {
        self.at
    }

    /// No piece placed later reaches before this frame.
    pub fn settled(&self) -> usize {
        self.at.saturating_sub(self.overlap)
    }

    /// The programme's end: what was mixed, or the cursor if it ran past (a pause at the end).
    pub fn end(&self, mixed: usize) -> usize {
        mixed.max(self.settled())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> TimelineSettings {
        TimelineSettings {
            line_gap_s: 0.5,
            crossfade_s: 0.25,
            ..TimelineSettings::default()
        }
    }

    #[test]
    fn places_pieces_as_the_layout_rule_says() {
        // rate 100: gap 50 frames, crossfade 25.
        let jingle = Mono {
            rate: 100,
            samples: vec![1.0; 100],
        };
        let mut c = Cursor::new(100, &settings());
        let (_, at) = c.jingle(&jingle);
        assert_eq!((at, c.at(), c.settled()), (0, 100, 75));
        c.settle_gap();
        assert_eq!(
            c.voice(),
            VoicePlace {
                start: 75,
                fade_in: 25
            }
        );
        c.voice_done(75, 200);
        assert_eq!(c.settled(), 275);
        // The gap is owed, not laid: the end of a programme does not include it.
        assert_eq!(c.end(0), 275);
        c.settle_gap();
        assert_eq!(
            c.voice(),
            VoicePlace {
                start: 325,
                fade_in: 0
            }
        );
        c.pause(100, 1.0);
        assert_eq!(c.at(), 425);
    }

    #[test]
    fn a_pause_after_a_jingle_first_eats_the_overlap() {
        let jingle = Mono {
            rate: 100,
            samples: vec![1.0; 100],
        };
        for (pause_s, at, overlap_left) in [(0.1, 100, 15), (0.25, 100, 0), (1.0, 100, 0)] {
            let mut c = Cursor::new(100, &settings());
            c.jingle(&jingle);
            c.pause(100, pause_s);
            assert_eq!(c.at(), at, "{pause_s}");
            assert_eq!(c.voice().fade_in, overlap_left, "{pause_s}");
        }
    }
}
