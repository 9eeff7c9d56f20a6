//! Step 6, the fast way: each slot file joined frame by frame of MP3 pieces that are encoded
//! once ([`crate::audio::splice`]). The programmes and spoken notices, the jingle between items,
//! the silence between lines and each day's spoken date are encoded once for every station;
//! the greeting before the date, the contact lines and the closing once per station.
//!
//! Each piece is padded with 20 ms of silence at both ends and mastered as a full mix is: the
//! programmes are brought to the slot's loudness one by one (they are most of every slot), and
//! everything else is played at their gain through the same limiter, so that greetings and
//! jingles keep their level against the programmes as in a full mix ([`pieces`]). Each is
//! checked on its decoded file when it is made, and its decoded level is kept beside it.
//!
//! A joined slot is checked before it is kept: its loudness and true peak from its pieces'
//! levels, and every join decoded through the real decoder. A slot that misses (a level off
//! target, a join that is not silent, a profile whose MP3s cannot be joined) is mixed in full
//! instead, and the week report says so.

mod make;
mod pieces;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use crate::audio::encode::{id3_tag, Tags};
use crate::audio::splice::{self, JoinCheck, Level, Mp3Frames};
use crate::error::Result;
use crate::plan::{Plan, PlannedSlot};

use super::context::Cx;
use super::mixes::{slot_file, slot_tags, MixInputs};

pub(super) use pieces::{cached, key, normalised, Piece};

/// What a join costs beyond the pieces' own audio, for the planner's estimates: both edges, the
/// encoder's delay and padding (up to two frames), and rounding the gap to whole frames.
pub(super) const JOIN_S: f64 = 2.0 * pieces::EDGE_S + 0.08;

/// How far a joined slot's loudness (found from its pieces) may be from the target: inside the
/// ±0.5 LU every slot file must meet, with room for the estimate.
const LUFS_TOLERANCE: f64 = 0.35;

/// Why a slot could not be joined.
pub(super) type Miss = String;

/// Every piece one station's slots are joined of.
pub(super) struct PieceSet {
    /// The silence between two lines, less what each join adds (none when that is nothing).
    gap: Option<Arc<Piece>>,
    /// The jingle between items.
    separator: Arc<Piece>,
    /// The greeting up to the spoken date.
    head: Arc<Piece>,
    contact: Arc<Piece>,
    close: Arc<Piece>,
    /// The spoken date and what follows it in the greeting, for each day (none when the
    /// greeting has no date).
    dates: HashMap<NaiveDate, Arc<Piece>>,
    /// The closing from the next broadcast's time on, by [`super::airing::next_id`] (none when
    /// the closing does not say it).
    closings: HashMap<String, Arc<Piece>>,
    /// Each slot's menu by [`super::menu::id`] (none when it says nothing).
    menus: HashMap<String, Option<Arc<Piece>>>,
    /// Programmes and notices by id.
    items: HashMap<String, Arc<Piece>>,
    /// Joins already checked, by the two pieces' addresses.
    joins: Mutex<HashMap<(usize, usize), JoinCheck>>,
}

impl PieceSet {
    /// Makes (or takes from the caches) every piece the plan's slots and the fallback need;
    /// `Ok(Err)` says why none can be joined (at low rates and bit rates an MP3 frame has no
    /// room for LAME's Info frame).
    pub fn build(
        cx: &Cx,
        inputs: &MixInputs,
        plan: &Plan,
    ) -> Result<std::result::Result<PieceSet, Miss>> {
        if let Err(why) = make::probe(cx) {
            return Ok(Err(why));
        }
        Ok(Ok(PieceSet::gather(make::all(cx, inputs, plan)?)))
    }

    fn gather(made: Vec<make::Made>) -> PieceSet {
        let mut shared: HashMap<&str, Arc<Piece>> = HashMap::new();
        let (mut gap, mut dates, mut items) = (None, HashMap::new(), HashMap::new());
        let (mut menus, mut closings) = (HashMap::new(), HashMap::new());
        for m in made {
            match m {
                make::Made::Gap(g) => gap = g,
                make::Made::Shared(what, p) => {
                    shared.insert(what, p);
                }
                make::Made::Date(d, p) => {
                    dates.insert(d, p);
                }
                make::Made::Closing(id, p) => {
                    closings.insert(id, p);
                }
                make::Made::Menu(id, p) => {
                    menus.insert(id, p);
                }
                make::Made::Item(id, p) => {
                    items.insert(id, p);
                }
            }
        }
        PieceSet {
            gap,
            separator: shared["separator"].clone(),
            head: shared["head"].clone(),
            contact: shared["contact"].clone(),
            close: shared["close"].clone(),
            dates,
            closings,
            menus,
            items,
            joins: Mutex::new(HashMap::new()),
        }
    }

    /// The slot's pieces in airing order, as the full mix lays them out: the greeting and the
    /// day's date, the menu, each item (the jingle before all but the first, the contact lines
    /// after each
    /// programme), the closing and the next broadcast's time, with the silence of a line between
    /// spoken pieces.
    fn sequence(&self, cx: &Cx, s: &PlannedSlot) -> std::result::Result<Vec<Arc<Piece>>, Miss> {
        let mut seq = vec![self.head.clone()];
        if let Some(date) = self.dates.get(&s.start.date_naive()) {
            self.push_gap(&mut seq);
            seq.push(date.clone());
        }
        match self.menus.get(&super::menu::id(s)) {
            Some(Some(menu)) => {
                self.push_gap(&mut seq);
                seq.push(menu.clone());
            }
            Some(None) => {}
            None => return Err("no piece for its menu".to_string()),
        }
        for (n, e) in s.entries.iter().enumerate() {
            let item = self
                .items
                .get(&e.id)
                .ok_or_else(|| format!("no piece for `{}`", e.id))?;
            self.push_gap(&mut seq);
            if n > 0 {
                seq.push(self.separator.clone());
            }
            seq.push(item.clone());
            if e.kind != "announcement" {
                self.push_gap(&mut seq);
                seq.push(self.contact.clone());
            }
        }
        self.push_gap(&mut seq);
        seq.push(self.close.clone());
        if !self.closings.is_empty() {
            let closing = self
                .closings
                .get(&super::airing::next_id(cx, s))
                .ok_or("no piece for its closing")?;
            self.push_gap(&mut seq);
            seq.push(closing.clone());
        }
        Ok(seq)
    }

    /// Adds the silence between two lines.
    pub fn push_gap(&self, seq: &mut Vec<Arc<Piece>>) {
        if let Some(g) = &self.gap {
            seq.push(g.clone());
        }
    }

    /// The greeting without a date (for the fallback).
    pub fn head(&self) -> Arc<Piece> {
        self.head.clone()
    }

    /// Every join of `seq`, decoded; checked once per pair of pieces.
    fn check_joins(&self, seq: &[Arc<Piece>]) -> std::result::Result<(), Miss> {
        for w in seq.windows(2) {
            let pair = (Arc::as_ptr(&w[0]) as usize, Arc::as_ptr(&w[1]) as usize);
            let known = self.joins.lock().ok().and_then(|j| j.get(&pair).copied());
            let check = match known {
                Some(c) => c,
                None => {
                    let c = splice::check_join(&w[0].frames, &w[1].frames)
                        .map_err(|e| format!("a join does not decode: {e}"))?;
                    if let Ok(mut j) = self.joins.lock() {
                        j.insert(pair, c);
                    }
                    c
                }
            };
            if !check.passed() {
                return Err(format!(
                    "a join is not silent ({:.1} dBFS, {} frames lost)",
                    check.peak.0, check.lost_frames
                ));
            }
        }
        Ok(())
    }
}

/// What a joined slot came to.
pub(super) struct Spliced {
    /// The slot file's bytes.
    pub bytes: Vec<u8>,
    /// Its length in seconds.
    pub seconds: f64,
}

/// Joins a slot's pieces and checks the result. `Err` says why it missed.
pub(super) fn splice_slot(
    cx: &Cx,
    set: &PieceSet,
    s: &PlannedSlot,
) -> std::result::Result<Spliced, Miss> {
    let tags = slot_tags(&cx.info().name, s);
    let seq = set.sequence(cx, s);
    seq.and_then(|seq| joined(cx, set, &seq, &tags))
        .map_err(|why| format!("{}: {why}", slot_file(s)))
}

/// Joins `seq` under `tags` and checks it: its loudness and true peak (from the pieces' levels)
/// against the slot master's targets, every join decoded.
pub(super) fn joined(
    cx: &Cx,
    set: &PieceSet,
    seq: &[Arc<Piece>],
    tags: &Tags,
) -> std::result::Result<Spliced, Miss> {
    let tag = id3_tag(tags).map_err(|e| e.to_string())?;
    let parts: Vec<(&Mp3Frames, u16)> = seq.iter().map(|p| (&p.frames, p.crc)).collect();
    let j = splice::join(&parts, &tag).map_err(|e| e.to_string())?;
    let placed: Vec<(&Level, u64)> = seq
        .iter()
        .map(|p| &p.level)
        .zip(j.starts.iter().copied())
        .collect();
    let (lufs, peak) = splice::joined_level(&placed, j.samples, j.rate);
    let m = cx.slot_master();
    if (lufs.0 - m.target_lufs).abs() > LUFS_TOLERANCE {
        return Err(format!(
            "its pieces come to {:.2} LUFS, not {:.1}",
            lufs.0, m.target_lufs
        ));
    }
    if peak.0 > m.true_peak_dbtp {
        return Err(format!("a piece peaks at {:.2} dBTP", peak.0));
    }
    set.check_joins(seq)?;
    let seconds = j.seconds();
    Ok(Spliced {
        bytes: j.bytes,
        seconds,
    })
}
