//! Making every piece a station's slots are joined of, in parallel: the programmes (shared by
//! every station), the jingle, the silence, each day's date and each slot's menu (shared by
//! every station with the same clips), the greeting, contact lines and closing (the station's own). Every piece is
//! brought to the slot's loudness on its own, so that a joined slot comes to the target as its
//! full mix does; the station's pieces with half a decibel more true-peak headroom than the
//! programmes, so that a slot's true peak is its programmes', as in its full mix (where the
//! greeting and contact lines sit lower).

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::audio::splice::Mp3Frames;
use crate::audio::{stream, Mono};
use crate::error::Result;
use crate::plan::Plan;
use crate::render::{assemble_script, audio_err, sha256_hex};
use crate::script::{AirDate, Cue, Script};

use super::super::airing;
use super::super::assets::MixAudio;
use super::super::context::Cx;
use super::super::frame::file_hash;
use super::super::menu;
use super::super::mixes::MixInputs;
use super::pieces::{cached, key, normalised, silence, voice, Piece};
use super::{Miss, JOIN_S};

/// A piece made.
pub(super) enum Made {
    Gap(Option<Arc<Piece>>),
    Shared(&'static str, Arc<Piece>),
    Date(NaiveDate, Arc<Piece>),
    /// A slot's closing from the next broadcast's time on, by [`airing::next_id`].
    Closing(String, Arc<Piece>),
    /// A slot's menu, by [`menu::id`] (none when it says nothing).
    Menu(String, Option<Arc<Piece>>),
    Item(String, Arc<Piece>),
}

/// Whether the profile's MP3s can be joined: a tenth of a second of silence, encoded and taken
/// apart.
pub(super) fn probe(cx: &Cx) -> std::result::Result<(), Miss> {
    let e = silence(cx, 0.1).map_err(|e| e.to_string())?;
    Mp3Frames::parse(e.bytes()).map(|_| ()).map_err(|e| {
        format!(
            "MP3 at {} Hz and {} kbit/s cannot be joined ({e})",
            cx.profile.rate, cx.profile.mp3_kbps
        )
    })
}

/// One piece to make: run in parallel with the others.
type Job<'a> = Box<dyn Fn() -> Result<Made> + Send + Sync + 'a>;

/// Every piece the plan needs, made in parallel; each is assembled only when it is not in its
/// cache.
pub(super) fn all(cx: &Cx, inputs: &MixInputs, plan: &Plan) -> Result<Vec<Made>> {
    let (head, tail) = split_at(inputs.frame.open(), |c| matches!(c, Cue::Date { .. }));
    let close = split_at(inputs.frame.close(), |c| matches!(c, Cue::Next));
    let mut jobs = station_jobs(cx, inputs, &head, &close.0);
    if let Some(tail) = close.1 {
        jobs.extend(closing_jobs(cx, inputs, plan, tail));
    }
    if let Some(tail) = &tail {
        let dates: BTreeSet<NaiveDate> = plan.slots.iter().map(|s| s.start.date_naive()).collect();
        for d in dates {
            jobs.push(Box::new(move || {
                date_piece(cx, inputs, d, tail).map(|p| Made::Date(d, p))
            }));
        }
    }
    jobs.extend(menu_jobs(cx, inputs, plan));
    let ids: BTreeSet<&str> = plan
        .slots
        .iter()
        .flat_map(|s| s.entries.iter().map(|e| e.id.as_str()))
        .collect();
    jobs.extend(ids.into_iter().map(|id| item_job(cx, inputs, id)));
    jobs.par_iter().map(|j| j()).collect()
}

/// One job for each different menu the plan's slots say.
fn menu_jobs<'a>(cx: &'a Cx, inputs: &'a MixInputs, plan: &'a Plan) -> Vec<Job<'a>> {
    let mut seen = BTreeSet::new();
    plan.slots
        .iter()
        .map(|s| (menu::id(s), s))
        .filter(|(id, _)| seen.insert(id.clone()))
        .map(|(id, s)| -> Job<'a> {
            Box::new(move || {
                let script = menu::script(cx, s)?;
                let piece = match script.cues.is_empty() {
                    true => None,
                    false => Some(shared_piece(cx, inputs, "menu", &script, None, "")?),
                };
                Ok(Made::Menu(id.clone(), piece))
            })
        })
        .collect()
}

/// One job for each different way the plan's closings say the next broadcast: the closing
/// from that cue on, shared by every station whose closing ends the same way.
fn closing_jobs<'a>(
    cx: &'a Cx,
    inputs: &'a MixInputs,
    plan: &'a Plan,
    tail: Script,
) -> Vec<Job<'a>> {
    let tail = Arc::new(tail);
    let mut seen = BTreeSet::new();
    plan.slots
        .iter()
        .map(|s| (airing::next_id(cx, s), s))
        .filter(|(id, _)| seen.insert(id.clone()))
        .map(|(id, s)| -> Job<'a> {
            let tail = tail.clone();
            Box::new(move || {
                let a = airing::of(cx, s);
                let p = shared_piece(cx, inputs, "closing", &tail, Some(&a), &id)?;
                Ok(Made::Closing(id.clone(), p))
            })
        })
        .collect()
}

/// The silence, the jingle, and the station's greeting (up to the date), contact lines and
/// closing (up to the next broadcast's time).
fn station_jobs<'a>(
    cx: &'a Cx,
    inputs: &'a MixInputs,
    head: &'a Script,
    close: &Script,
) -> Vec<Job<'a>> {
    let frame = inputs.frame;
    let close = close.clone();
    let mut jobs: Vec<Job> = vec![
        Box::new(|| Ok(Made::Gap(gap(cx)?))),
        Box::new(|| separator(cx, &frame.separator).map(|p| Made::Shared("separator", p))),
        Box::new(|| {
            let p = cached(&station_dir(cx), &station_key(inputs, "head"), || {
                let m = assemble_script(head, None, &cx.opts, &cx.pieces)?;
                voice(cx, &m, "open")
            })?;
            Ok(Made::Shared("head", p))
        }),
    ];
    jobs.push(Box::new(move || {
        let p = cached(&station_dir(cx), &station_key(inputs, "contact"), || {
            voice(cx, &frame.contact, "contact")
        })?;
        Ok(Made::Shared("contact", p))
    }));
    jobs.push(Box::new(move || {
        let p = cached(&station_dir(cx), &station_key(inputs, "close"), || {
            let m = assemble_script(&close, None, &cx.opts, &cx.pieces)?;
            voice(cx, &m, "close")
        })?;
        Ok(Made::Shared("close", p))
    }));
    jobs
}

/// Where the station's own pieces are kept.
fn station_dir(cx: &Cx) -> std::path::PathBuf {
    cx.dirs.slots.join("pieces")
}

/// The key of one of the station's own pieces: the frame's key and the part.
fn station_key(inputs: &MixInputs, part: &str) -> String {
    let mut h = Sha256::new();
    h.update(inputs.frame_key);
    h.update(part);
    sha256_hex(&h.finalize())
}

/// A programme or spoken notice from its rendered file, brought to the slot's loudness and
/// shared by every station; or a recorded notice, the station's own.
fn item_job<'a>(cx: &'a Cx, inputs: &'a MixInputs, id: &'a str) -> Job<'a> {
    Box::new(move || {
        let sha = inputs.assets.sha256(id);
        let p = match &inputs.assets.get(id).audio {
            MixAudio::File(path) => cached(&cx.dirs.pieces, &key(cx, "programme", sha), || {
                let part = stream::file_part(path, cx.profile.rate, |e| audio_err(path, e));
                normalised(cx, part, id)
            })?,
            MixAudio::Held(m) => cached(&station_dir(cx), &key(cx, "notice", sha), || {
                voice(cx, m, id)
            })?,
        };
        Ok(Made::Item(id.to_string(), p))
    })
}

/// The silence between two lines, less what the two joins around it add; none if that leaves
/// nothing.
fn gap(cx: &Cx) -> Result<Option<Arc<Piece>>> {
    let secs = cx.opts.audio.timeline.line_gap_s - JOIN_S;
    if secs <= 0.0 {
        return Ok(None);
    }
    let k = key(cx, "gap", &format!("{secs:.4}"));
    cached(&cx.dirs.pieces, &k, || silence(cx, secs)).map(Some)
}

/// The jingle between items (silence when there is none), shared by every station.
fn separator(cx: &Cx, sep: &Mono) -> Result<Arc<Piece>> {
    let k = key(cx, "separator", &samples_hash(sep));
    cached(&cx.dirs.pieces, &k, || {
        match sep.samples.iter().all(|x| *x == 0.0) {
            true => silence(cx, sep.seconds()),
            false => voice(cx, sep, "jingle"),
        }
    })
}

/// The samples' hash, for a key.
fn samples_hash(m: &Mono) -> String {
    let mut h = Sha256::new();
    for x in &m.samples {
        h.update(x.to_le_bytes());
    }
    sha256_hex(&h.finalize())
}

/// A frame script's cues before the first cue said from word clips (the station's own) and
/// from it on (the same for every station with the same word clips), if it has one.
pub(super) fn split_at(script: &Script, words: impl Fn(&Cue) -> bool) -> (Script, Option<Script>) {
    let part = |cues: &[Cue]| Script {
        cues: cues.to_vec(),
        ..script.clone()
    };
    match script.cues.iter().position(words) {
        Some(i) => (part(&script.cues[..i]), Some(part(&script.cues[i..]))),
        None => (script.clone(), None),
    }
}

/// The day's spoken date (and the rest of the greeting after it).
fn date_piece(cx: &Cx, inputs: &MixInputs, date: NaiveDate, tail: &Script) -> Result<Arc<Piece>> {
    let airing = AirDate::on(date);
    shared_piece(cx, inputs, "date", tail, Some(&airing), &date.to_string())
}

/// A piece of a frame script (a greeting from its date on, a closing from the next
/// broadcast's time on, a menu) said for `airing`, shared by every station whose script says
/// the same: its key holds the cues, what its word clips say (`said`) and the files of the
/// word clips and of the clips its lines use.
fn shared_piece(
    cx: &Cx,
    inputs: &MixInputs,
    what: &str,
    script: &Script,
    airing: Option<&AirDate>,
    said: &str,
) -> Result<Arc<Piece>> {
    let mut content = serde_json::to_string(&script.cues).unwrap_or_default();
    content.push_str(said);
    if airing.is_some() {
        content.push_str(inputs.words_key);
    }
    for (_, _, _, _, clip) in script.lines() {
        if let Some(p) = crate::script::find_clip(cx.root(), clip) {
            content.push_str(&file_hash(&p));
        }
    }
    cached(&cx.dirs.pieces, &key(cx, what, &content), || {
        let m = assemble_script(script, airing, &cx.opts, &cx.pieces)?;
        voice(cx, &m, what)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Kind;

    fn script(cues: Vec<Cue>) -> Script {
        Script {
            id: "open".into(),
            title: String::new(),
            kind: Kind::Story,
            station: "xa".into(),
            estimated_duration_s: 0.0,
            cues,
        }
    }

    fn jingle() -> Cue {
        Cue::Jingle {
            name: "mo-dau".into(),
            estimated_duration_s: 6.0,
        }
    }

    #[test]
    fn the_greeting_splits_at_its_date() {
        let pause = || Cue::Pause { seconds: 0.8 };
        let cases = [
            (
                vec![
                    jingle(),
                    Cue::Date {
                        first_days: None,
                        lunar: false,
                    },
                    pause(),
                ],
                vec![jingle()],
                Some(vec![
                    Cue::Date {
                        first_days: None,
                        lunar: false,
                    },
                    pause(),
                ]),
            ),
            (vec![jingle(), pause()], vec![jingle(), pause()], None),
            (
                vec![Cue::Date {
                    first_days: None,
                    lunar: false,
                }],
                vec![],
                Some(vec![Cue::Date {
                    first_days: None,
                    lunar: false,
                }]),
            ),
        ];
        for (cues, head, tail) in cases {
            let (h, t) = split_at(&script(cues.clone()), |c| matches!(c, Cue::Date { .. }));
            assert_eq!(h.cues, head, "{cues:?}");
            assert_eq!(t.map(|t| t.cues), tail, "{cues:?}");
            assert_eq!(h.id, "open");
        }
    }
}
