//! The assets a script needs: finding each clip, jingle and bed under `audio-assets/`, and
//! preparing it for a profile (decode at the profile's rate, trim a voice, normalise, fade), or
//! standing in for a line nobody has recorded yet (a soft tone, or espeak-ng's voice).

use std::path::{Path, PathBuf};

use crate::audio::loudness::clip_loudness;
use crate::audio::{decode, dsp, frames, AudioError, Db, Mono};
use crate::error::{Error, MissingClip, Result};
use crate::script::{find_clip, Cue, Script, CLIP_EXTENSIONS};

use super::{audio_err, Missing, RenderOptions};

/// Finds a named asset (jingle or bed) in `audio-assets/FOLDER/NAME.*`.
pub fn find_asset(root: &Path, folder: &str, name: &str) -> Option<PathBuf> {
    let base = Path::new("audio-assets").join(folder).join(name);
    CLIP_EXTENSIONS
        .iter()
        .map(|ext| base.with_extension(ext))
        .find(|p| root.join(p).is_file())
}

/// An asset a script needs, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Need {
    Voice(PathBuf),
    Jingle(PathBuf),
    Bed(PathBuf),
}

impl Need {
    pub(crate) fn path(&self) -> &Path {
        match self {
            Need::Voice(p) | Need::Jingle(p) | Need::Bed(p) => p,
        }
    }
}

/// A script's assets: what each cue needs (in cue order), the lines not recorded, and the
/// jingles and beds not found.
pub(crate) type Resolved = (Vec<Option<Need>>, Vec<MissingClip>, Vec<String>);

/// Resolves a script's assets.
pub(crate) fn resolve(script: &Script, root: &Path, beds: bool) -> Resolved {
    let mut needs = Vec::new();
    let mut missing = Vec::new();
    let mut missing_assets = Vec::new();
    for cue in &script.cues {
        let need = match cue {
            Cue::Line { clip, text, .. } => match find_clip(root, clip) {
                Some(p) => Some(Need::Voice(
                    p.strip_prefix(root).unwrap_or(&p).to_path_buf(),
                )),
                None => {
                    if !missing.iter().any(|m: &MissingClip| &m.clip == clip) {
                        missing.push(MissingClip {
                            clip: clip.clone(),
                            text: text.clone(),
                        });
                    }
                    None
                }
            },
            Cue::Jingle { name, .. } => match find_asset(root, "jingles", name) {
                Some(p) => Some(Need::Jingle(p)),
                None => {
                    missing_assets.push(format!("audio-assets/jingles/{name}.*"));
                    None
                }
            },
            Cue::BedStart { name } if beds => match find_asset(root, "beds", name) {
                Some(p) => Some(Need::Bed(p)),
                None => {
                    missing_assets.push(format!("audio-assets/beds/{name}.*"));
                    None
                }
            },
            _ => None,
        };
        needs.push(need);
    }
    (needs, missing, missing_assets)
}

/// Prepares one asset at the profile's rate and loudness.
pub(crate) fn prepare(root: &Path, need: &Need, opts: &RenderOptions) -> Result<Mono> {
    prepare_file(root, need.path(), matches!(need, Need::Voice(_)), opts)
}

/// Decodes an asset at the profile's rate; trims a voice clip's silence; normalises it to the
/// profile's loudness and fades its edges. A silent file is an error, not an infinite gain.
pub fn prepare_file(root: &Path, rel: &Path, voice: bool, opts: &RenderOptions) -> Result<Mono> {
    let need_path = rel;
    let path = root.join(need_path);
    let rate = opts.profile.rate;
    let mut m = decode::load(&path, rate).map_err(|e| audio_err(&path, e))?;
    let a = opts.audio;
    if voice {
        dsp::trim_silence(&mut m, Db(a.trim_threshold_db), a.trim_pad_s);
    }
    let peak = dsp::peak(&m.samples);
    if m.samples.is_empty() || f64::from(peak) < f64::from(Db(a.trim_threshold_db).gain()) {
        return Err(audio_err(
            &path,
            AudioError::Silent(Db::of_amplitude(f64::from(peak)).0),
        ));
    }
    let loud = clip_loudness(&m).map_err(|e| audio_err(&path, e))?;
    if !loud.0.is_finite() {
        return Err(audio_err(
            &path,
            AudioError::Silent(Db::of_amplitude(f64::from(peak)).0),
        ));
    }
    dsp::apply_gain(&mut m.samples, Db(opts.profile.master.target_lufs - loud.0));
    let edge = frames(rate, a.edge_fade_s);
    dsp::fade(&mut m.samples, edge, edge);
    Ok(m)
}

/// A stand-in for a missing line: a soft tone, then silence for the rest of its estimated length.
pub(crate) fn placeholder(rate: u32, seconds: f64) -> Mono {
    let tone = frames(rate, 0.4);
    let total = frames(rate, seconds.max(0.6));
    let mut samples: Vec<f32> = (0..tone)
        .map(|i| 0.05 * (std::f64::consts::TAU * 660.0 * i as f64 / f64::from(rate)).sin() as f32)
        .collect();
    dsp::fade(&mut samples, tone / 4, tone / 2);
    samples.resize(total, 0.0);
    Mono { rate, samples }
}

/// espeak-ng's Vietnamese voice reading `text`.
fn draft_voice(text: &str, rate: u32) -> Result<Mono> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let spawn = Command::new("espeak-ng")
        .args(["-v", "vi", "-s", "200", "--stdout", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = spawn.map_err(|_| Error::Tool {
        tool: "espeak-ng".into(),
        message:
            "is not installed; install it (apt-get install espeak-ng) or use --missing placeholder"
                .into(),
    })?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(text.as_bytes());
    }
    let out = child.wait_with_output().map_err(|e| Error::Tool {
        tool: "espeak-ng".into(),
        message: e.to_string(),
    })?;
    if !out.status.success() {
        return Err(Error::Tool {
            tool: "espeak-ng".into(),
            message: format!("exited with {}", out.status),
        });
    }
    let mut wav = out.stdout;
    decode::set_wav_sizes_from_length(&mut wav);
    let d = decode::decode_bytes(wav, "wav").map_err(|e| audio_err(Path::new("<espeak-ng>"), e))?;
    decode::resample(&d.to_mono(), rate).map_err(|e| audio_err(Path::new("<espeak-ng>"), e))
}

/// The stand-in for a line nobody has recorded: espeak-ng's voice, trimmed and levelled like a
/// clip, with `--missing draft-voice`; otherwise a soft tone and silence of the line's length.
pub(crate) fn stand_in(text: &str, estimated_s: f64, opts: &RenderOptions) -> Result<Mono> {
    let rate = opts.profile.rate;
    if opts.missing != Missing::DraftVoice {
        return Ok(placeholder(rate, estimated_s));
    }
    let mut m = draft_voice(text, rate)?;
    dsp::trim_silence(
        &mut m,
        Db(opts.audio.trim_threshold_db),
        opts.audio.trim_pad_s,
    );
    if let Ok(l) = clip_loudness(&m) {
        if l.0.is_finite() {
            dsp::apply_gain(&mut m.samples, Db(opts.profile.master.target_lufs - l.0));
        }
    }
    Ok(m)
}
