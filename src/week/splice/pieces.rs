//! One piece of slot audio: made (padded, mastered, encoded and checked on its decoded file),
//! kept in a cache beside its decoded level, and read back.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::audio::encode::{Mp3Writer, Tags};
use crate::audio::master::Mastering;
use crate::audio::splice::{Level, Mp3Frames};
use crate::audio::stream::{self, LongTarget, Mastered, Part};
use crate::audio::verify::encode_verified;
use crate::audio::{Db, Mono};
use crate::error::{Error, Result};
use crate::render::{audio_err, sha256_hex, ENGINE_VERSION};

use super::super::context::Cx;

/// Silence at each end of a piece made here, so that every join falls in silence.
pub(in crate::week) const EDGE_S: f64 = 0.020;

/// A piece of slot audio, encoded once.
pub(in crate::week) struct Piece {
    /// Its frames and Info frame.
    pub frames: Mp3Frames,
    /// The CRC-16 of its frames.
    pub crc: u16,
    /// Its decoded level.
    pub level: Level,
}

/// A piece as made, before it is taken apart.
pub(in crate::week) struct Encoded {
    bytes: Vec<u8>,
    level: Level,
}

impl Encoded {
    /// The MP3 file.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl From<Mastered> for Encoded {
    fn from(m: Mastered) -> Encoded {
        Encoded {
            bytes: m.bytes,
            level: Level {
                blocks: m.blocks,
                true_peak: m.loudness.true_peak,
            },
        }
    }
}

/// What is kept beside a piece's MP3 in the cache.
#[derive(Serialize, Deserialize)]
struct Sidecar {
    crc: u16,
    level: Level,
}

/// A piece from `dir`, or made by `make` and kept there (the MP3, then beside it its level: a
/// piece whose level is there is whole).
pub(in crate::week) fn cached(
    dir: &Path,
    key: &str,
    make: impl FnOnce() -> Result<Encoded>,
) -> Result<Arc<Piece>> {
    let mp3 = dir.join(format!("{key}.mp3"));
    let side = dir.join(format!("{key}.json"));
    if let Some(p) = load(&mp3, &side) {
        return Ok(Arc::new(p));
    }
    let e = make()?;
    let frames = Mp3Frames::parse(&e.bytes).map_err(|x| audio_err(&mp3, x))?;
    let sidecar = Sidecar {
        crc: frames.music_crc(),
        level: e.level,
    };
    crate::atomic::write(&mp3, &e.bytes)?;
    let json = serde_json::to_vec(&sidecar).map_err(|x| Error::Write {
        path: side.clone(),
        source: std::io::Error::other(x),
    })?;
    crate::atomic::write(&side, &json)?;
    Ok(Arc::new(Piece {
        frames,
        crc: sidecar.crc,
        level: sidecar.level,
    }))
}

/// A cached piece, if both its files are there and read.
fn load(mp3: &Path, side: &Path) -> Option<Piece> {
    let s: Sidecar = serde_json::from_slice(&std::fs::read(side).ok()?).ok()?;
    let frames = Mp3Frames::parse(&std::fs::read(mp3).ok()?).ok()?;
    Some(Piece {
        frames,
        crc: s.crc,
        level: s.level,
    })
}

/// The slot master's targets at the profile's bit rate.
fn target(cx: &Cx) -> LongTarget {
    let m = cx.slot_master();
    LongTarget {
        lufs: m.target_lufs,
        true_peak_dbtp: m.true_peak_dbtp,
        kbps: cx.profile.mp3_kbps,
    }
}

/// A piece padded with silence at both ends, then brought to the slot's loudness exactly as a
/// slot is mixed in full ([`stream::master_mp3`]: one gain, the lookahead limiter and its
/// ceiling, checked on the decoded file). For programmes, which are most of every slot.
pub(in crate::week) fn normalised(cx: &Cx, part: Part<'_, Error>, name: &str) -> Result<Encoded> {
    let parts = [Part::Pause(EDGE_S), part, Part::Pause(EDGE_S)];
    let path = Path::new(name);
    let rate = cx.profile.rate;
    let timeline = &cx.opts.audio.timeline;
    let m = stream::master_mp3(
        &parts,
        rate,
        timeline,
        &target(cx),
        &Tags::default(),
        &|e| audio_err(path, e),
    )?;
    Ok(m.into())
}

/// The station's own pieces (greeting, date, contact lines, jingles, notices) keep this much
/// more true-peak headroom than the programmes, so that their peaks stay under the programmes'.
const OWN_HEADROOM_DB: f64 = 0.5;

/// A short piece held in memory (the station's own), padded and brought to the slot's loudness
/// with [`OWN_HEADROOM_DB`] more headroom by the programme chain's final stage
/// ([`encode_verified`]: the slot master, checked on the decoded file), which holds a short
/// piece whole and needs fewer passes than the streaming chain.
pub(in crate::week) fn voice(cx: &Cx, mono: &Mono, name: &str) -> Result<Encoded> {
    let edge = vec![0.0; crate::audio::frames(mono.rate, EDGE_S)];
    let padded = Mono {
        rate: mono.rate,
        samples: [edge.as_slice(), &mono.samples, &edge].concat(),
    };
    let master = Mastering {
        true_peak_dbtp: cx.slot_master().true_peak_dbtp - OWN_HEADROOM_DB,
        ..cx.slot_master()
    };
    let v = encode_verified(padded, &master, &cx.encoding(), &Tags::default())
        .map_err(|e| audio_err(Path::new(name), e))?;
    Ok(Encoded {
        bytes: v.bytes,
        level: Level {
            blocks: v.blocks,
            true_peak: v.loudness.true_peak,
        },
    })
}

/// Digital silence, `secs` long, encoded.
pub(in crate::week) fn silence(cx: &Cx, secs: f64) -> Result<Encoded> {
    let rate = cx.profile.rate;
    let n = crate::audio::frames(rate, secs);
    let name = Path::new("silence.mp3");
    let mut w = Mp3Writer::new(rate, cx.profile.mp3_kbps).map_err(|e| audio_err(name, e))?;
    w.push(&vec![0.0; n]).map_err(|e| audio_err(name, e))?;
    let bytes = w.finish(&Tags::default()).map_err(|e| audio_err(name, e))?;
    let level = Level {
        blocks: vec![0.0; n / (rate / 10).max(1) as usize],
        true_peak: Db(-200.0),
    };
    Ok(Encoded { bytes, level })
}

/// The key of a piece: what it is, its content, and the settings it is made with.
pub(in crate::week) fn key(cx: &Cx, what: &str, content: &str) -> String {
    let mut h = Sha256::new();
    h.update(ENGINE_VERSION);
    h.update(b"splice-1");
    h.update(what);
    h.update(content);
    h.update(serde_json::to_vec(cx.profile).unwrap_or_default());
    h.update(serde_json::to_vec(cx.opts.audio).unwrap_or_default());
    sha256_hex(&h.finalize())
}
