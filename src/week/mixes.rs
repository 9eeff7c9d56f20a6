//! Step 6: one MP3 per planned slot, mixed in parallel: the greeting with the slot's date, its
//! menu, each item with the jingle between items and the contact lines after each programme,
//! the closing; streamed (each programme is decoded when its turn comes) and lightly mastered.
//! Each mix is cached in the station's cache under a key of everything it depends on.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::audio::encode::Tags;
use crate::audio::stream::{self, LongTarget, Part};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::plan::{Plan, PlannedSlot};
use crate::render::{assemble_script, audio_err, sha256_hex};

use super::assets::{MixAudio, WeekAssets};
use super::context::{Cx, ALBUM};
use super::frame::Frame;
use super::splice::{self, PieceSet};

/// A slot's mix in the station's cache.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Mix {
    /// The cached MP3.
    pub file: PathBuf,
    /// Its length in seconds.
    pub seconds: f64,
    /// How it was made.
    pub made: Made,
}

/// How a slot's mix was made.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Made {
    /// Joined of pieces.
    Joined,
    /// Mixed in full, as asked.
    Mixed,
    /// Mixed in full because joining missed, for this reason.
    Missed(String),
    /// Taken from the cache.
    Cached,
}

/// What a slot mix is made of.
pub(super) struct MixInputs<'a> {
    /// The frame pieces.
    pub frame: &'a Frame,
    /// Their cache key.
    pub frame_key: &'a str,
    /// What the spoken dates depend on ([`super::frame::words_key`]).
    pub words_key: &'a str,
    /// The week's programmes and notices.
    pub assets: &'a WeekAssets,
}

/// The slot's file inside the week folder.
pub(super) fn slot_file(s: &PlannedSlot) -> String {
    format!("slots/{}_{}.mp3", s.start.format("%Y-%m-%d_%H%M"), s.id)
}

/// How the slot files are made.
pub(super) enum How<'a> {
    /// Joined of these pieces (mixed in full where that misses).
    Joined(&'a PieceSet),
    /// Mixed in full, as asked.
    Full,
    /// Mixed in full because no piece can be joined, for this reason.
    Missed(&'a str),
    /// Joined of pieces in an earlier run: every file is in the station's cache.
    Cached,
}

impl How<'_> {
    /// The name a slot file's cache key holds: joined files and full mixes are told apart.
    pub fn key_name(&self) -> &'static str {
        match self {
            How::Joined(_) | How::Cached => "splice",
            How::Full | How::Missed(_) => "full",
        }
    }
}

/// Whether every slot's joined file is in the station's cache.
pub(super) fn all_cached(cx: &Cx, inputs: &MixInputs, plan: &Plan) -> bool {
    plan.slots.iter().all(|s| {
        SlotCache::of(cx, inputs, s, &How::Cached)
            .seconds()
            .is_some()
    })
}

/// Where a slot's file made one way is cached, and its length beside it (so that a cached slot
/// is never decoded).
struct SlotCache {
    file: PathBuf,
    secs_file: PathBuf,
}

impl SlotCache {
    fn of(cx: &Cx, inputs: &MixInputs, s: &PlannedSlot, how: &How) -> SlotCache {
        let key = slot_key(inputs.frame_key, s, inputs.assets, how.key_name());
        SlotCache {
            file: cx.dirs.slots.join(format!("{key}.mp3")),
            secs_file: cx.dirs.slots.join(format!("{key}.secs")),
        }
    }

    /// The cached file's length, if it and its length are there.
    fn seconds(&self) -> Option<f64> {
        self.file
            .is_file()
            .then(|| cached_seconds(&self.secs_file))
            .flatten()
    }
}

/// Every slot's mix, in plan order (none when the request leaves out the mixes).
pub(super) fn mix_week(
    cx: &Cx,
    inputs: &MixInputs,
    how: &How,
    plan: &Plan,
) -> Result<Vec<Option<Mix>>> {
    if cx.req.no_mix {
        return Ok(plan.slots.iter().map(|_| None).collect());
    }
    plan.slots
        .par_iter()
        .map(|s| mix_slot(cx, inputs, how, s).map(Some))
        .collect()
}

/// A slot's mix, from the cache or made and cached: joined of pieces (mixed in full if that
/// misses), or mixed in full.
fn mix_slot(cx: &Cx, inputs: &MixInputs, how: &How, s: &PlannedSlot) -> Result<Mix> {
    let cache = SlotCache::of(cx, inputs, s, how);
    if let Some(seconds) = cache.seconds() {
        return Ok(Mix {
            file: cache.file,
            seconds,
            made: Made::Cached,
        });
    }
    let SlotCache { file, secs_file } = cache;
    let joined = match how {
        // A slot with nothing in it is its greeting and closing, a few seconds mixed in full.
        How::Joined(_) if s.entries.is_empty() => None,
        How::Joined(pieces) => Some(splice::splice_slot(cx, pieces, s)),
        How::Missed(why) => Some(Err(format!("{}: {why}", slot_file(s)))),
        // Checked a moment ago; gone since: mixed in full.
        How::Full | How::Cached => None,
    };
    let (seconds, made) = match joined {
        Some(Ok(joined)) => {
            crate::atomic::write(&file, &joined.bytes)?;
            (joined.seconds, Made::Joined)
        }
        Some(Err(why)) => (mix(cx, inputs, s, &file)?, Made::Missed(why)),
        None => (mix(cx, inputs, s, &file)?, Made::Mixed),
    };
    crate::atomic::write(&secs_file, format!("{seconds}\n").as_bytes())?;
    Ok(Mix {
        file,
        seconds,
        made,
    })
}

/// How this run's slot files were made, counted.
pub(super) fn count(mixes: &[Option<Mix>]) -> super::SlotFiles {
    let mut n = super::SlotFiles::default();
    for m in mixes.iter().flatten() {
        match m.made {
            Made::Joined => n.joined += 1,
            Made::Mixed | Made::Missed(_) => n.mixed += 1,
            Made::Cached => n.cached += 1,
        }
    }
    n
}

/// What a slot's mix depends on: how it is made, the frame, its start and name, and each
/// entry's file.
pub(super) fn slot_key(frame_key: &str, s: &PlannedSlot, assets: &WeekAssets, how: &str) -> String {
    let mut h = Sha256::new();
    h.update(how);
    h.update(frame_key);
    h.update(s.start.to_rfc3339());
    h.update(&s.name);
    for e in &s.entries {
        h.update(&e.id);
        h.update(assets.sha256(&e.id));
    }
    sha256_hex(&h.finalize())
}

/// The length kept beside a cached mix, if it is there and reads as a number.
fn cached_seconds(path: &Path) -> Option<f64> {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.trim().parse::<f64>().ok())
}

/// Mixes, masters and encodes a slot into `out`; returns its length in seconds.
fn mix(cx: &Cx, inputs: &MixInputs, s: &PlannedSlot, out: &Path) -> Result<f64> {
    let frame = inputs.frame;
    let airing = super::airing::of(cx, s);
    let open = assemble_script(frame.open(), Some(&airing), &cx.opts, &cx.pieces)?;
    let menu = super::menu::assemble(cx, s)?;
    let close = assemble_script(frame.close(), Some(&airing), &cx.opts, &cx.pieces)?;
    let parts = parts(cx, inputs, s, [open, menu], close);
    let master = cx.slot_master();
    let name = PathBuf::from(slot_file(s));
    let mastered = stream::master_mp3(
        &parts,
        cx.profile.rate,
        &cx.opts.audio.timeline,
        &LongTarget {
            lufs: master.target_lufs,
            true_peak_dbtp: master.true_peak_dbtp,
            kbps: cx.profile.mp3_kbps,
        },
        &slot_tags(&cx.info().name, s),
        &|e| audio_err(&name, e),
    )?;
    crate::atomic::write(out, &mastered.bytes)?;
    Ok(mastered.seconds)
}

/// The slot in airing order: its greeting and menu, the items, its closing. Streamed: each
/// programme is decoded when its turn comes and dropped after it, so memory does not grow with
/// the slot's length.
fn parts<'a>(
    cx: &Cx,
    inputs: &'a MixInputs,
    s: &PlannedSlot,
    head: [crate::audio::Mono; 2],
    close: crate::audio::Mono,
) -> Vec<Part<'a, Error>> {
    let frame = inputs.frame;
    let mut parts: Vec<Part<Error>> = head
        .into_iter()
        .filter(|m| !m.samples.is_empty())
        .map(|m| Part::Voice(Arc::new(m)))
        .collect();
    for (n, e) in s.entries.iter().enumerate() {
        if n > 0 {
            parts.push(Part::Jingle(frame.separator.clone()));
        }
        match &inputs.assets.get(&e.id).audio {
            MixAudio::Held(m) => parts.push(Part::Voice(m.clone())),
            MixAudio::File(path) => parts.push(stream::file_part(path, cx.profile.rate, |e| {
                audio_err(path, e)
            })),
        }
        if e.kind != "announcement" {
            parts.push(Part::Voice(frame.contact.clone()));
        }
    }
    parts.push(Part::Voice(Arc::new(close)));
    parts
}

/// A slot's tags: its name and start, the station as the artist.
pub(super) fn slot_tags(station_name: &str, s: &PlannedSlot) -> Tags {
    Tags {
        language: slot_languages(s),
        title: format!("{} {}", s.name, s.start.format("%d/%m/%Y %H:%M")),
        artist: station_name.to_string(),
        album: ALBUM.into(),
        date: s.start.format("%Y-%m-%d").to_string(),
        comment: String::new(),
    }
}

/// The languages a slot speaks, for its TLAN tag: Vietnamese, then each recorded notice's own.
fn slot_languages(s: &PlannedSlot) -> String {
    let mut langs = vec![crate::schedule::lang::VIETNAMESE.to_string()];
    for l in s.entries.iter().filter_map(|e| e.lang.clone()) {
        if !langs.contains(&l) {
            langs.push(l);
        }
    }
    langs.join("/")
}

/// A warning for each slot that could not be joined of pieces and was mixed in full.
pub(super) fn splice_warnings(cx: &Cx, plan: &Plan, mixes: &[Option<Mix>]) -> Vec<Diagnostic> {
    plan.slots
        .iter()
        .zip(mixes)
        .filter_map(|(s, m)| {
            let Made::Missed(why) = &m.as_ref()?.made else {
                return None;
            };
            Some(Diagnostic::warning(
                &cx.station.path,
                Some(cx.station.slots[s.spec].line),
                "splice",
                format!("{why}; this slot was mixed in full instead"),
            ))
        })
        .collect()
}

/// A warning for each slot that mixes longer than its length (by more than half a second).
pub(super) fn length_warnings(cx: &Cx, plan: &Plan, mixes: &[Option<Mix>]) -> Vec<Diagnostic> {
    plan.slots
        .iter()
        .zip(mixes)
        .filter_map(|(s, m)| {
            let secs = m.as_ref()?.seconds;
            (secs > s.length_s + 0.5).then(|| {
                Diagnostic::warning(
                    &cx.station.path,
                    Some(cx.station.slots[s.spec].line),
                    "length",
                    format!(
                        "{} {} mixes to {:.0} s, longer than its {:.0} s (nothing was cut)",
                        s.start.format("%a %d/%m %H:%M"),
                        s.id,
                        secs,
                        s.length_s
                    ),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::schedule::Priority;
    use crate::week::assets::Asset;
    use crate::week::folder::Origin;
    use crate::week::testkit::{entry, planned};

    #[test]
    fn a_slot_file_is_named_by_its_start_and_id() {
        let cases = [
            (
                planned("sang", 5, 30, vec![]),
                "slots/2026-12-07_0530_sang.mp3",
            ),
            (
                planned("toi", 19, 5, vec![]),
                "slots/2026-12-07_1905_toi.mp3",
            ),
        ];
        for (s, name) in cases {
            assert_eq!(slot_file(&s), name);
        }
    }

    #[test]
    fn slot_tags_carry_name_start_and_station() {
        let t = slot_tags("Đài xã", &planned("sang", 5, 30, vec![]));
        assert_eq!(t.title, "Slot sang 07/12/2026 05:30");
        assert_eq!(t.artist, "Đài xã");
        assert_eq!(t.album, ALBUM);
        assert_eq!(t.date, "2026-12-07");
        assert_eq!(t.comment, "");
    }

    fn assets(hash: &str) -> WeekAssets {
        let a = Asset {
            audio: MixAudio::File("p1.mp3".into()),
            file: "programmes/p1.mp3".into(),
            source: Origin::Copy("p1.mp3".into()),
            duration_s: 1.0,
        };
        WeekAssets {
            by_id: HashMap::from([("p1".into(), a)]),
            hashes: HashMap::from([("programmes/p1.mp3".into(), hash.into())]),
        }
    }

    #[test]
    fn the_slot_key_changes_with_each_thing_the_mix_depends_on() {
        let with_p1 = || planned("sang", 5, 30, vec![entry("p1", "story", Priority::Normal)]);
        let base = slot_key("frame", &with_p1(), &assets("h1"), "splice");
        assert_eq!(
            base,
            slot_key("frame", &with_p1(), &assets("h1"), "splice"),
            "stable"
        );
        assert_eq!(base.len(), 64);
        let mut renamed = with_p1();
        renamed.name = "Other".into();
        let changed = [
            (
                "frame",
                slot_key("frame2", &with_p1(), &assets("h1"), "splice"),
            ),
            (
                "file",
                slot_key("frame", &with_p1(), &assets("h2"), "splice"),
            ),
            (
                "start",
                slot_key(
                    "frame",
                    &planned("sang", 5, 31, with_p1().entries),
                    &assets("h1"),
                    "splice",
                ),
            ),
            ("name", slot_key("frame", &renamed, &assets("h1"), "splice")),
            ("how", slot_key("frame", &with_p1(), &assets("h1"), "full")),
            (
                "entries",
                slot_key(
                    "frame",
                    &planned("sang", 5, 30, vec![]),
                    &assets("h1"),
                    "splice",
                ),
            ),
        ];
        for (what, key) in changed {
            assert_ne!(key, base, "{what}");
        }
    }
}
