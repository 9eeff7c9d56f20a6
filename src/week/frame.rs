//! Step 3: the station's frame pieces around every slot: the greeting (whose spoken date is
//! assembled per slot), the contact lines after each programme, the closing, and the jingle
//! between items; what they cost the planner; and the key every cached slot mix depends on.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::audio::Mono;
use crate::error::Result;
use crate::plan::Costs;
use crate::render::{self, assemble_script, find_asset, sha256_hex};
use crate::script::{self, words, AirDate, Script, ScriptContext};

use super::context::Cx;

/// The jingles a frame may play.
const JINGLES: [&str; 3] = ["mo-dau", "ket-thuc", "ngat"];

/// What a programme's title costs in a slot's menu, for the planner: a title of about sixteen
/// syllables, read slowly.
const MENU_TITLE_S: f64 = 4.5;

/// What step 3 gives.
pub(super) struct Frame {
    /// The frame scripts by part (`close`, `contact`, `menu` (a sample), `open`).
    pub scripts: BTreeMap<&'static str, Script>,
    /// The contact lines, after each programme.
    pub contact: Arc<Mono>,
    /// Between items: the `ngat` jingle, else `mo-dau`, else a second of silence.
    pub separator: Arc<Mono>,
    /// What the frame costs each slot.
    pub costs: Costs,
}

impl Frame {
    /// The greeting script.
    pub fn open(&self) -> &Script {
        &self.scripts["open"]
    }

    /// The closing script.
    pub fn close(&self) -> &Script {
        &self.scripts["close"]
    }
}

/// Renders and assembles the frame pieces (the greeting with the week's first day and a sample
/// menu, to measure; each slot's menu is [`super::menu`]).
pub(super) fn build(cx: &Cx) -> Result<Frame> {
    let station_cx = ScriptContext {
        in_slot: false,
        ..cx.script
    };
    let scripts: BTreeMap<&'static str, Script> = script::FRAME_PARTS
        .iter()
        .map(|p| script::render_frame(p, &station_cx).map(|s| (*p, s)))
        .collect::<Result<_>>()?;
    let assemble = |part: &str, airing: Option<&AirDate>| {
        assemble_script(&scripts[part], airing, &cx.opts, &cx.pieces)
    };
    let contact = Arc::new(assemble("contact", None)?);
    let close = assemble("close", None)?;
    let sample_open = assemble("open", Some(&AirDate::on(cx.req.week.days()[0])))?;
    // The menu's lead-in and notices line; each programme's title is counted per programme.
    let menu = assemble("menu", None)?.seconds();
    let separator = Arc::new(separator(cx)?);
    let gap = cx.opts.audio.timeline.line_gap_s;
    // A slot joined of pieces adds a little at each join (and its jingle does not crossfade).
    let join = super::splice::JOIN_S;
    let costs = Costs {
        frame_s: sample_open.seconds()
            + menu
            + close.seconds()
            + words::NEXT_ESTIMATE_S
            + 4.0 * (gap + join)
            + 1.0,
        per_programme_s: contact.seconds()
            + separator.seconds()
            + MENU_TITLE_S
            + 3.0 * gap
            + 4.0 * join,
        per_notice_s: separator.seconds() + gap + join,
    };
    Ok(Frame {
        scripts,
        contact,
        separator,
        costs,
    })
}

/// The jingle between items.
fn separator(cx: &Cx) -> Result<Mono> {
    let root = cx.root();
    match find_asset(root, "jingles", "ngat").or_else(|| find_asset(root, "jingles", "mo-dau")) {
        Some(p) => render::prepare_file(root, &p, false, &cx.opts),
        None => Ok(Mono::silence(cx.profile.rate, 1.0)),
    }
}

/// What every slot's frame depends on: its scripts, the files of its clips, the settings.
pub(super) fn key(cx: &Cx, frame: &Frame, words_key: &str) -> String {
    let root = cx.root();
    let mut h = Sha256::new();
    h.update(render::ENGINE_VERSION);
    h.update(serde_json::to_vec(&frame.scripts.values().collect::<Vec<_>>()).unwrap_or_default());
    h.update(serde_json::to_vec(cx.profile).unwrap_or_default());
    h.update(serde_json::to_vec(cx.opts.audio).unwrap_or_default());
    h.update(serde_json::to_vec(cx.info()).unwrap_or_default());
    h.update(words_key);
    for s in frame.scripts.values() {
        for (_, _, _, _, clip) in s.lines() {
            if let Some(p) = script::find_clip(root, clip) {
                h.update(file_hash(&p));
            }
        }
    }
    for j in JINGLES {
        if let Some(p) = find_asset(root, "jingles", j) {
            h.update(file_hash(&root.join(p)));
        }
    }
    sha256_hex(&h.finalize())
}

/// What the spoken dates depend on: the files of the word clips.
pub(super) fn words_key(cx: &Cx) -> String {
    let mut h = Sha256::new();
    for w in script::words::all() {
        if let Some(p) = script::find_clip(cx.root(), &w.clip) {
            h.update(file_hash(&p));
        }
    }
    sha256_hex(&h.finalize())
}

/// The SHA-256 of a file's bytes in hex; empty if it cannot be read.
pub(super) fn file_hash(path: &Path) -> String {
    std::fs::read(path)
        .map(|b| sha256_hex(&b))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_hash_is_the_sha256_of_the_bytes_or_empty() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("clip.wav");
        std::fs::write(&p, b"abc").unwrap();
        assert_eq!(
            file_hash(&p),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(file_hash(&dir.path().join("missing.wav")), "");
    }
}
