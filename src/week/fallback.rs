//! Step 8: the station's fallback for playout, the greeting then a music bed for about a minute,
//! played when a slot's file is missing or damaged. Joined of pieces like the slots (the
//! greeting without a date, a line's silence, and a minute of the bed encoded once for every
//! station), or mixed in full with `--full-mix` or when joining misses. Cached like the slot
//! mixes.

use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::audio::encode::Tags;
use crate::audio::timeline::{assemble, Piece, TimelineSettings};
use crate::error::Result;
use crate::render::{self, assemble_script, find_asset, master_encode_verified, sha256_hex};

use super::context::{Cx, ALBUM};
use super::frame::{file_hash, Frame};
use super::mixes::How;
use super::splice::{self, PieceSet};
use crate::audio::stream::Part;

/// The fallback's bytes, from the station's cache or made and cached; none when the request
/// leaves out the mixes.
pub(super) fn fallback(
    cx: &Cx,
    frame: &Frame,
    frame_key: &str,
    how: &How,
) -> Result<Option<Vec<u8>>> {
    if cx.req.no_mix {
        return Ok(None);
    }
    let cached = cached_path(cx, frame_key, how.key_name());
    if let Ok(bytes) = std::fs::read(&cached) {
        return Ok(Some(bytes));
    }
    let joined = match how {
        How::Joined(set) => spliced(cx, set)?.ok(),
        _ => None,
    };
    let bytes = match joined {
        Some(b) => b,
        None => render_fallback(cx, frame)?,
    };
    crate::atomic::write(&cached, &bytes)?;
    Ok(Some(bytes))
}

/// Where the fallback made one way (`splice` or `full`) is cached.
fn cached_path(cx: &Cx, frame_key: &str, how: &str) -> std::path::PathBuf {
    cx.dirs
        .slots
        .join(format!("fallback-{}.mp3", key(cx, frame_key, how)))
}

/// Whether the joined fallback is in the station's cache.
pub(super) fn is_cached(cx: &Cx, frame_key: &str) -> bool {
    cached_path(cx, frame_key, How::Cached.key_name()).is_file()
}

/// The fallback joined of pieces; `Err` says why it missed.
fn spliced(cx: &Cx, set: &PieceSet) -> Result<std::result::Result<Vec<u8>, splice::Miss>> {
    let mut seq = vec![set.head()];
    if let Some(bed) = find_asset(cx.root(), "beds", "nen") {
        let key = splice::key(cx, "bed-minute", &file_hash(&cx.root().join(&bed)));
        let piece = splice::cached(&cx.dirs.pieces, &key, || {
            let minute = Part::Voice(Arc::new(bed_minute(cx, &bed)?));
            splice::normalised(cx, minute, "bed")
        })?;
        set.push_gap(&mut seq);
        seq.push(piece);
    }
    Ok(splice::joined(cx, set, &seq, &tags(cx)).map(|s| s.bytes))
}

/// A minute of the bed, faded in and out as the timeline plays a bed.
fn bed_minute(cx: &Cx, bed: &Path) -> Result<crate::audio::Mono> {
    let b = render::prepare_file(cx.root(), bed, false, &cx.opts)?;
    let pieces = [
        Piece::BedStart(Arc::new(b)),
        Piece::Pause(60.0),
        Piece::BedStop,
    ];
    let timeline = TimelineSettings {
        bed_level_db: 0.0,
        ..cx.opts.audio.timeline
    };
    Ok(assemble(&pieces, cx.profile.rate, &timeline).0)
}

/// The fallback's tags: the station's name.
fn tags(cx: &Cx) -> Tags {
    let info = cx.info();
    Tags {
        language: String::new(),
        title: format!("{} — chương trình dự phòng", info.name),
        artist: info.name.clone(),
        album: ALBUM.into(),
        ..Tags::default()
    }
}

/// What the fallback depends on: how it is made, the frame (greeting clips, settings, engine)
/// and the bed.
fn key(cx: &Cx, frame_key: &str, how: &str) -> String {
    let mut h = Sha256::new();
    h.update(frame_key);
    h.update(how);
    h.update(b"fallback");
    // The bed's path is relative to the project, read here as it stands (from the working
    // folder), as the cache key always has been.
    if let Some(bed) = find_asset(cx.root(), "beds", "nen") {
        h.update(file_hash(&bed));
    }
    sha256_hex(&h.finalize())
}

/// The greeting, then the bed for a minute, mastered like a slot.
fn render_fallback(cx: &Cx, frame: &Frame) -> Result<Vec<u8>> {
    let opts = &cx.opts;
    let greeting = assemble_script(frame.open(), None, opts, &cx.pieces)?;
    let mut pieces = vec![Piece::Voice(Arc::new(greeting))];
    if let Some(bed) = find_asset(cx.root(), "beds", "nen") {
        let b = render::prepare_file(cx.root(), &bed, false, opts)?;
        pieces.push(Piece::BedStart(Arc::new(b)));
        pieces.push(Piece::Pause(60.0));
        pieces.push(Piece::BedStop);
    }
    let timeline = TimelineSettings {
        bed_level_db: -3.0,
        ..opts.audio.timeline
    };
    let (mix, _) = assemble(&pieces, opts.profile.rate, &timeline);
    let path = Path::new("fallback.mp3");
    Ok(master_encode_verified(mix, &cx.slot_master(), &cx.encoding(), &tags(cx), path)?.0)
}
