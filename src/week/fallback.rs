//! Step 8: the station's fallback for playout, the greeting over a music bed for about a minute,
//! played when a slot's file is missing or damaged. Cached like the slot mixes.

use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::audio::encode::Tags;
use crate::audio::timeline::{assemble, Piece, TimelineSettings};
use crate::error::Result;
use crate::render::{self, assemble_script, find_asset, master_encode_verified, sha256_hex};

use super::context::{Cx, ALBUM};
use super::frame::{file_hash, Frame};

/// The fallback's bytes, from the station's cache or made and cached; none when the request
/// leaves out the mixes.
pub(super) fn fallback(cx: &Cx, frame: &Frame, frame_key: &str) -> Result<Option<Vec<u8>>> {
    if cx.req.no_mix {
        return Ok(None);
    }
    let cached = cx
        .dirs
        .slots
        .join(format!("fallback-{}.mp3", key(cx, frame_key)));
    if let Ok(bytes) = std::fs::read(&cached) {
        return Ok(Some(bytes));
    }
    let bytes = render_fallback(cx, frame)?;
    crate::atomic::write(&cached, &bytes)?;
    Ok(Some(bytes))
}

/// What the fallback depends on: the frame (greeting clips, settings, engine) and the bed.
fn key(cx: &Cx, frame_key: &str) -> String {
    let mut h = Sha256::new();
    h.update(frame_key);
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
    let info = cx.info();
    let tags = Tags {
        title: format!("{} — chương trình dự phòng", info.name),
        artist: info.name.clone(),
        album: ALBUM.into(),
        ..Tags::default()
    };
    let path = Path::new("fallback.mp3");
    Ok(master_encode_verified(mix, &cx.slot_master(), &cx.encoding(), &tags, path)?.0)
}
