//! One programme: its script's cues become timeline pieces, the pieces a mix, the mix a
//! mastered and verified file. Also the unmastered layout of a slot's frame pieces.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::audio::encode::{Encoding, Format, Tags};
use crate::audio::timeline::{assemble, Piece};
use crate::audio::verify::{encode_verified, Verified};
use crate::audio::{frames, Mono};
use crate::error::{Error, MissingClip, Result};
use crate::script::words::Word;
use crate::script::{find_clip, AirDate, Cue, Script};

use super::cache::sha256_hex;
use super::clip_pool::ClipPool;
use super::clips::{find_asset, placeholder, prepare, prepare_file, stand_in, Need, Resolved};
use super::{audio_err, Job, Missing, ProgrammeReport, RenderOptions};

/// A programme's pieces, and whether any line is a stand-in.
struct Pieces {
    pieces: Vec<Piece>,
    stand_in: bool,
}

/// Renders one programme and writes its file.
pub(crate) fn render_one(
    job: &Job,
    res: &Resolved,
    key: &str,
    assets: &ClipPool<Need>,
    opts: &RenderOptions,
) -> Result<ProgrammeReport> {
    let script = job.script;
    let Pieces { pieces, stand_in } = pieces(script, res, assets, opts)?;
    let (programme, _) = assemble(&pieces, opts.profile.rate, &opts.audio.timeline);
    let tags = Tags {
        language: String::new(),
        title: script.title.clone(),
        comment: job.summary.to_string(),
        ..opts.tags.clone()
    };
    let encoding = Encoding {
        format: opts.format,
        mp3_kbps: opts.profile.mp3_kbps,
    };
    let file = format!("{}.{}.{}", script.id, opts.profile_name, opts.format.ext());
    let path = opts.out_dir.join(&file);
    let verified = encode_verified(programme, &opts.profile.master, &encoding, &tags)
        .map_err(|e| audio_err(&path, e))?;
    check_size(&verified.bytes, &path, opts)?;
    crate::atomic::write(&path, &verified.bytes)?;
    Ok(report(job, res, key, file, &verified, stand_in, opts))
}

/// The timeline pieces of a script's cues, with stand-ins for lines not recorded.
fn pieces(
    script: &Script,
    res: &Resolved,
    assets: &ClipPool<Need>,
    opts: &RenderOptions,
) -> Result<Pieces> {
    let mut out = Pieces {
        pieces: Vec::with_capacity(script.cues.len()),
        stand_in: false,
    };
    for (cue, need) in script.cues.iter().zip(&res.0) {
        let piece = match (cue, need) {
            (Cue::Line { .. } | Cue::Jingle { .. } | Cue::BedStart { .. }, Some(n)) => {
                let a = assets.get(n, || prepare(opts.root, n, opts))?;
                match n {
                    Need::Voice(_) => Piece::Voice(a),
                    Need::Jingle(_) => Piece::Jingle(a),
                    Need::Bed(_) => Piece::BedStart(a),
                }
            }
            (
                Cue::Line {
                    text,
                    estimated_duration_s,
                    ..
                },
                None,
            ) => {
                out.stand_in = true;
                Piece::Voice(Arc::new(stand_in(text, *estimated_duration_s, opts)?))
            }
            (Cue::Pause { seconds }, _) => Piece::Pause(*seconds),
            (Cue::BedStop, _) if opts.profile.beds => Piece::BedStop,
            _ => continue,
        };
        out.pieces.push(piece);
    }
    Ok(out)
}

/// The size limit is the sharing platform's, so it applies to the MP3 that is posted, not to a
/// WAV master.
fn check_size(bytes: &[u8], path: &Path, opts: &RenderOptions) -> Result<()> {
    let Some(max_mb) = opts.profile.max_mb.filter(|_| opts.format == Format::Mp3) else {
        return Ok(());
    };
    if bytes.len() as f64 <= max_mb * 1e6 {
        return Ok(());
    }
    Err(Error::Audio {
        path: path.to_path_buf(),
        message: format!(
            "is {:.1} MB, over the profile's {max_mb} MB; split the programme",
            bytes.len() as f64 / 1e6
        ),
    })
}

/// The programme's entry in `render.json`.
fn report(
    job: &Job,
    res: &Resolved,
    key: &str,
    file: String,
    v: &Verified,
    stand_in: bool,
    opts: &RenderOptions,
) -> ProgrammeReport {
    let round = |x: f64, d: i32| (x * 10f64.powi(d)).round() / 10f64.powi(d);
    let clips_used: BTreeSet<PathBuf> = res
        .0
        .iter()
        .flatten()
        .filter(|n| matches!(n, Need::Voice(_)))
        .map(|n| n.path().to_path_buf())
        .collect();
    ProgrammeReport {
        id: job.script.id.clone(),
        profile: opts.profile_name.to_string(),
        format: opts.format.ext().to_string(),
        file,
        duration_s: round(v.seconds, 3),
        integrated_lufs: round(v.loudness.integrated.0, 2),
        lra_lu: round(v.loudness.lra, 2),
        true_peak_dbtp: round(v.loudness.true_peak.0, 2),
        bytes: v.bytes.len() as u64,
        sha256: sha256_hex(&v.bytes),
        clips_used: clips_used.into_iter().collect(),
        clips_missing: res.1.clone(),
        stand_ins: match (stand_in, opts.missing) {
            (false, _) => "none",
            (true, Missing::DraftVoice) => "draft-voice",
            (true, _) => "placeholder",
        }
        .into(),
        input_hash: key.to_string(),
    }
}

/// Prepared clips kept between calls of [`assemble_script`], by path.
pub type PreparedClips = Mutex<HashMap<PathBuf, Arc<Mono>>>;

/// Lays out a script's audio without mastering, with its clips prepared for the profile; a
/// `@date` cue says the day it airs and a `@next` cue the next broadcast, from the word clips
/// (each is left out when `airing` does not say). For slot frames and pieces. `cache` keeps
/// prepared clips between calls.
pub fn assemble_script(
    script: &Script,
    airing: Option<&AirDate>,
    opts: &RenderOptions,
    cache: &PreparedClips,
) -> Result<Mono> {
    let get = |rel: &Path, voice: bool| -> Result<Arc<Mono>> {
        if let Some(m) = cache.lock().ok().and_then(|c| c.get(rel).cloned()) {
            return Ok(m);
        }
        let m = Arc::new(prepare_file(opts.root, rel, voice, opts)?);
        if let Ok(mut c) = cache.lock() {
            c.insert(rel.to_path_buf(), m.clone());
        }
        Ok(m)
    };
    let mut pieces = Vec::new();
    for cue in &script.cues {
        let piece = match cue {
            Cue::Line {
                clip,
                text,
                estimated_duration_s,
                ..
            } => line_piece(clip, text, *estimated_duration_s, opts, &get)?,
            Cue::Jingle { name, .. } => {
                let p =
                    find_asset(opts.root, "jingles", name).ok_or_else(|| Error::MissingAssets {
                        assets: vec![format!("audio-assets/jingles/{name}.*")],
                    })?;
                Piece::Jingle(get(&p, false)?)
            }
            Cue::Pause { seconds } => Piece::Pause(*seconds),
            Cue::Date { first_days, lunar } => match airing {
                Some(a) => {
                    let words = crate::script::words::date(a.day, first_days.as_deref(), *lunar);
                    words_piece(&words, opts, &get)?
                }
                None => continue,
            },
            Cue::Next => match airing.and_then(|a| Some((a.day, a.next?))) {
                Some((day, next)) => {
                    words_piece(&crate::script::words::next(day, next), opts, &get)?
                }
                None => continue,
            },
            Cue::BedStart { .. } | Cue::BedStop => continue,
        };
        pieces.push(piece);
    }
    Ok(assemble(&pieces, opts.profile.rate, &opts.audio.timeline).0)
}

type GetClip<'a> = dyn Fn(&Path, bool) -> Result<Arc<Mono>> + 'a;

/// A frame line: its clip, or a stand-in as `--missing` says.
fn line_piece(
    clip: &Path,
    text: &str,
    estimated_s: f64,
    opts: &RenderOptions,
    get: &GetClip,
) -> Result<Piece> {
    if let Some(found) = find_clip(opts.root, clip) {
        return Ok(Piece::Voice(get(
            found.strip_prefix(opts.root).unwrap_or(&found),
            true,
        )?));
    }
    match opts.missing {
        Missing::Fail => Err(Error::MissingClips {
            clips: vec![MissingClip {
                clip: clip.to_path_buf(),
                text: text.to_string(),
            }],
        }),
        Missing::Placeholder => Ok(Piece::Voice(Arc::new(placeholder(
            opts.profile.rate,
            estimated_s,
        )))),
        Missing::DraftVoice => Ok(Piece::Voice(Arc::new(stand_in(text, estimated_s, opts)?))),
    }
}

/// Words said from their clips (a date, the next broadcast), with a short pause after each.
fn words_piece(words: &[Word], opts: &RenderOptions, get: &GetClip) -> Result<Piece> {
    let rate = opts.profile.rate;
    let mut joined: Vec<f32> = Vec::new();
    for w in words {
        let found = find_clip(opts.root, &w.clip).ok_or_else(|| Error::MissingClips {
            clips: vec![MissingClip {
                clip: w.clip.clone(),
                text: w.text.clone(),
            }],
        })?;
        let m = get(found.strip_prefix(opts.root).unwrap_or(&found), true)?;
        joined.extend_from_slice(&m.samples);
        joined.extend(std::iter::repeat_n(0.0, frames(rate, 0.12)));
    }
    Ok(Piece::Voice(Arc::new(Mono {
        rate,
        samples: joined,
    })))
}
