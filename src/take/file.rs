//! Planning a take (decode, map the speech, align the lines, cut and check each clip, decide
//! what to write) and committing it: the take kept under `audio-assets/takes/ITEM/`, each
//! clip written atomically where `render` looks for it, older files of a replaced clip moved
//! beside the take, and the record of texts updated. A plan with problems commits nothing.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::atomic;
use crate::audio::speech::{self, SpeechMap};
use crate::audio::{decode, dsp, encode, frames, quality, Mono};
use crate::error::{Error, Result};
use crate::render::audio_err;
use crate::script::CLIP_EXTENSIONS;

use super::align::{align, Alignment, LineModel, Suspect, Unaligned};
use super::quality::{judge, ClipWarning, Expected};
use super::record::{Recorded, Records, RECORD};
use super::sheet::{LineScope, Sheet, SheetLine};

/// What becomes of a line's clip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// The clip is written from the take.
    Write,
    /// A shared, station or word clip already recorded is kept (`--replace` writes it).
    Keep,
    /// The line was read earlier in the take; the first reading is filed.
    Repeat,
}

/// One line of a take: where it is, what will be written, and its checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedLine {
    /// The line's id.
    pub line_id: String,
    /// Item, shared, station or word.
    pub scope: LineScope,
    /// The clip file, relative to the project.
    pub clip: PathBuf,
    /// What was read.
    pub text: String,
    /// Where the line's speech starts in the take, in seconds.
    pub start_s: f64,
    /// Where it ends.
    pub end_s: f64,
    /// Its estimate at the reader's pace.
    pub expected_s: f64,
    /// The confidence of its boundaries, 0–1.
    pub confidence: f64,
    /// Written, kept or a repeat.
    pub decision: Decision,
    /// Whether the clip was written (false in a plan or a dry run).
    pub written: bool,
    /// Whether its length fits its estimate.
    pub fits: bool,
    /// The clip's checks.
    pub warnings: Vec<ClipWarning>,
    /// The stretches of speech it covers.
    #[serde(skip)]
    span: (usize, usize),
}

/// A take, split and checked, ready to commit.
#[derive(Debug, Clone, Serialize)]
pub struct TakePlan {
    /// The item id, or `words`.
    pub item: String,
    /// The take file as given.
    pub file: PathBuf,
    /// Its length, in seconds.
    pub duration_s: f64,
    /// The reader's pace against the timing model (1.2 = 20 % slower).
    pub pace: f64,
    /// The take's noise floor, dBFS.
    pub noise_floor_db: f64,
    /// Speech level above the noise floor, dB.
    pub snr_db: f64,
    /// The lines, in reading order.
    pub lines: Vec<PlannedLine>,
    /// Why the take does not fit, each naming a line and its times; empty when it fits.
    pub problems: Vec<String>,
    /// Where the take is kept, relative to the project.
    pub archive: PathBuf,
    #[serde(skip)]
    audio: Mono,
    #[serde(skip)]
    map: Option<SpeechMap>,
    #[serde(skip)]
    pad_s: f64,
    #[serde(skip)]
    source: PathBuf,
}

/// How a take is filed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TakeOptions {
    /// Also write shared, station and word clips that are already recorded.
    pub replace: bool,
    /// Silence kept before and after each line's speech, in seconds.
    pub pad_s: f64,
}

/// Plans the take at `path` (any readable format) of `sheet`'s lines for the project at
/// `root`. The plan lists problems rather than failing when the take does not fit.
pub fn plan(root: &Path, sheet: &Sheet, path: &Path, opts: TakeOptions) -> Result<TakePlan> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let audio = decode::decode_bytes(bytes.clone(), &ext)
        .map_err(|e| audio_err(path, e))?
        .into_mono();
    let map = speech::map(&audio).map_err(|e| audio_err(path, e))?;
    let archive = archive_path(sheet, &bytes, &ext);
    let mut plan = TakePlan {
        item: sheet.target.name().to_string(),
        file: path.to_path_buf(),
        duration_s: audio.seconds(),
        pace: 1.0,
        noise_floor_db: map.noise_floor_db,
        snr_db: map.snr_db(),
        lines: Vec::new(),
        problems: Vec::new(),
        archive,
        audio,
        map: None,
        pad_s: opts.pad_s,
        source: path.to_path_buf(),
    };
    place_lines(&mut plan, root, sheet, &map, opts);
    plan.map = Some(map);
    Ok(plan)
}

/// `audio-assets/takes/ITEM/HASH.EXT`: the take under a name its content decides.
fn archive_path(sheet: &Sheet, bytes: &[u8], ext: &str) -> PathBuf {
    let hash = Sha256::digest(bytes);
    let hex: String = hash.iter().take(6).map(|b| format!("{b:02x}")).collect();
    let ext = if ext.is_empty() { "audio" } else { ext };
    Path::new("audio-assets/takes")
        .join(sheet.target.name())
        .join(format!("{hex}.{ext}"))
}

/// Aligns the sheet on the speech and fills the plan's lines and problems.
fn place_lines(plan: &mut TakePlan, root: &Path, sheet: &Sheet, map: &SpeechMap, o: TakeOptions) {
    if map.snr_db() < 12.0 {
        plan.problems.push(format!(
            "the take is too noisy to find the pauses: speech is only {:.0} dB above the background",
            map.snr_db()
        ));
        return;
    }
    let models: Vec<LineModel> = sheet
        .lines
        .iter()
        .map(|l| LineModel {
            estimated_s: l.estimated_s,
            pause_after_s: l.pause_after_s,
        })
        .collect();
    let alignment = match align(&map.stretches, &models) {
        Ok(a) => a,
        Err(e) => return plan.problems.push(unaligned(e, sheet)),
    };
    plan.pace = alignment.pace;
    for (i, l) in sheet.lines.iter().enumerate() {
        let line = planned(plan, root, l, &alignment, i, map, o);
        plan.lines.push(line);
    }
    plan.problems = misfits(&plan.lines, &alignment, map);
    if let Some(s) = alignment.suspect {
        plan.problems.insert(0, suspected(s, sheet));
    }
}

/// A line the take seems to leave out or read twice, named with its times.
fn suspected(s: Suspect, sheet: &Sheet) -> String {
    let name = |i: usize| format!("line {} `{}`", i + 1, sheet.lines[i].key());
    match s {
        Suspect::LeftOut { line, at_s } => format!(
            "{} seems left out: the take fits the script far better without it (it would be \
             at {})",
            name(line),
            clock(at_s)
        ),
        Suspect::ReadTwice {
            line,
            first,
            second,
        } => format!(
            "{} seems read twice: at {}–{} and again at {}–{}",
            name(line),
            clock(first.0),
            clock(first.1),
            clock(second.0),
            clock(second.1)
        ),
    }
}

fn unaligned(e: Unaligned, sheet: &Sheet) -> String {
    match e {
        Unaligned::NoSpeech => "no speech was found in the take".into(),
        Unaligned::TooFewPauses { stretches, lines } => format!(
            "found {stretches} stretch(es) of speech between pauses for {lines} lines: leave a \
             pause after each line (the script has {} lines)",
            sheet.lines.len()
        ),
    }
}

/// Line `i` of the sheet as placed: its clip cut and checked, and what becomes of it.
fn planned(
    plan: &TakePlan,
    root: &Path,
    l: &SheetLine,
    a: &Alignment,
    i: usize,
    map: &SpeechMap,
    o: TakeOptions,
) -> PlannedLine {
    let p = a.lines[i];
    let clip = cut(&plan.audio, map, p.first, p.last, o.pad_s);
    let warnings = quality::measure_mono(&clip)
        .map(|q| judge(&q, Some(Expected::in_take(p.expected_s))))
        .unwrap_or_default();
    let recorded = crate::script::find_clip(root, &l.clip).is_some();
    let decision = match l.scope {
        _ if l.repeat => Decision::Repeat,
        LineScope::Item => Decision::Write,
        _ if recorded && !o.replace => Decision::Keep,
        _ => Decision::Write,
    };
    PlannedLine {
        line_id: l.line_id.clone(),
        scope: l.scope,
        clip: l.clip.clone(),
        text: l.text.clone(),
        start_s: round2(p.start_s),
        end_s: round2(p.end_s),
        expected_s: round2(p.expected_s),
        confidence: round2(p.confidence()),
        decision,
        written: false,
        fits: p.fits,
        warnings,
        span: (p.first, p.last),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The audio of stretches `first..=last` with `pad` seconds each side, never past the middle
/// of the pause to a neighbour; the edges faded.
fn cut(audio: &Mono, map: &SpeechMap, first: usize, last: usize, pad: f64) -> Mono {
    let s = &map.stretches;
    let before = if first == 0 {
        0.0
    } else {
        (s[first - 1].end_s + s[first].start_s) / 2.0
    };
    let after = s
        .get(last + 1)
        .map_or(map.duration_s, |n| (s[last].end_s + n.start_s) / 2.0);
    let from = (s[first].start_s - pad).max(before);
    let to = (s[last].end_s + pad).min(after);
    let (a, b) = (
        frames(audio.rate, from),
        frames(audio.rate, to).min(audio.samples.len()),
    );
    let mut samples = audio.samples[a.min(b)..b].to_vec();
    let edge = frames(audio.rate, 0.01);
    dsp::fade(&mut samples, edge, edge);
    Mono {
        rate: audio.rate,
        samples,
    }
}

/// The lines that do not fit, each with its number, id and times in the take; and speech left
/// after the last line.
fn misfits(lines: &[PlannedLine], a: &Alignment, map: &SpeechMap) -> Vec<String> {
    let mut out: Vec<String> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.fits)
        .map(|(i, l)| {
            format!(
                "line {} `{}` at {}–{}: {:.1} s of speech where about {:.1} s is expected \
                 (a line left out, read twice or a false start nearby?)",
                i + 1,
                l.line_id,
                clock(l.start_s),
                clock(l.end_s),
                l.end_s - l.start_s,
                l.expected_s
            )
        })
        .collect();
    let last = a.lines.last().map_or(0, |p| p.last);
    if let Some(extra) = map.stretches.get(last + 1) {
        let end = map.stretches[map.stretches.len() - 1].end_s;
        out.push(format!(
            "speech after the last line at {}–{}: is a line read twice, or is this another item's take?",
            clock(extra.start_s),
            clock(end)
        ));
    }
    out
}

/// `m:ss.s` for a time in the take.
pub fn clock(s: f64) -> String {
    let m = (s / 60.0).floor();
    format!("{}:{:04.1}", m as u64, s - m * 60.0)
}

/// What a commit wrote.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Committed {
    /// Clip files written, relative to the project.
    pub written: Vec<PathBuf>,
    /// Older files of replaced clips, moved beside the take.
    pub moved: Vec<PathBuf>,
}

/// Files the plan: keeps the take, writes each clip to write, moves older files of the same
/// clips beside the take, and records the texts. Refuses a plan with problems.
pub fn commit(root: &Path, plan: &mut TakePlan) -> Result<Committed> {
    if !plan.problems.is_empty() {
        return Err(Error::TakeRefused {
            path: plan.source.clone(),
            target: plan.item.clone(),
            problems: plan.problems.clone(),
        });
    }
    keep_take(root, plan)?;
    let mut records = Records::load(root)?;
    let mut done = Committed::default();
    let Some(map) = &plan.map else {
        return Ok(done);
    };
    for line in plan.lines.iter_mut() {
        if line.decision != Decision::Write {
            continue;
        }
        let (first, last) = line.span;
        let clip = cut(&plan.audio, map, first, last, plan.pad_s);
        done.moved
            .extend(move_older(root, &line.clip, &plan.archive)?);
        write_clip(root, &line.clip, &clip)?;
        records
            .0
            .insert(line.clip.clone(), recorded(line, &plan.archive));
        line.written = true;
        done.written.push(line.clip.clone());
    }
    atomic::write(&root.join(RECORD), records.to_csv().as_bytes())?;
    Ok(done)
}

fn recorded(line: &PlannedLine, archive: &Path) -> Recorded {
    Recorded {
        text: line.text.clone(),
        take: archive.to_string_lossy().into_owned(),
        start_s: line.start_s,
        end_s: line.end_s,
    }
}

/// Copies the take to its archive path, once.
fn keep_take(root: &Path, plan: &TakePlan) -> Result<()> {
    let to = root.join(&plan.archive);
    if to.is_file() {
        return Ok(());
    }
    atomic::copy(&plan.source, &to)
}

/// Writes `clip` as 16-bit WAV at `root/rel`, atomically.
fn write_clip(root: &Path, rel: &Path, clip: &Mono) -> Result<()> {
    let path = root.join(rel).with_extension("wav");
    let bytes = encode::wav(clip).map_err(|e| audio_err(&path, e))?;
    atomic::write(&path, &bytes)
}

/// Moves the files of `clip` in any accepted format (the one being replaced included) to
/// `TAKE-replaced/` beside the take, so no recording is lost.
fn move_older(root: &Path, clip: &Path, archive: &Path) -> Result<Vec<PathBuf>> {
    let stem = archive.with_extension("");
    let dest_dir = PathBuf::from(format!("{}-replaced", stem.display()));
    let mut moved = Vec::new();
    for ext in CLIP_EXTENSIONS {
        let rel = clip.with_extension(ext);
        let from = root.join(&rel);
        if !from.is_file() {
            continue;
        }
        let to = root.join(&dest_dir).join(&rel);
        atomic::copy(&from, &to)?;
        std::fs::remove_file(&from).map_err(|source| Error::Write {
            path: from.clone(),
            source,
        })?;
        moved.push(dest_dir.join(&rel));
    }
    Ok(moved)
}

/// Saves one line recorded on its own (the booth's single-line recording): trimmed of its
/// silence with `pad_s` kept, checked, and filed like a take's line.
pub fn save_line(
    root: &Path,
    sheet: &Sheet,
    line_id: &str,
    path: &Path,
    pad_s: f64,
) -> Result<Vec<ClipWarning>> {
    let line = sheet
        .lines
        .iter()
        .find(|l| (l.key() == line_id || l.line_id == line_id) && !l.repeat)
        .ok_or_else(|| Error::Usage(format!("no line `{line_id}` in `{}`", sheet.target.name())))?;
    let audio = decode::decode_file(path)
        .map_err(|e| audio_err(path, e))?
        .into_mono();
    let map = speech::map(&audio).map_err(|e| audio_err(path, e))?;
    if map.stretches.is_empty() {
        return Err(audio_err(
            path,
            crate::audio::AudioError::Silent(map.speech_db),
        ));
    }
    let clip = cut(&audio, &map, 0, map.stretches.len() - 1, pad_s);
    let q = quality::measure_mono(&clip).map_err(|e| audio_err(path, e))?;
    let warnings = judge(&q, Some(Expected::alone(line.estimated_s)));
    let archive = Path::new("audio-assets/takes")
        .join(sheet.target.name())
        .join("lines");
    move_older(root, &line.clip, &archive)?;
    write_clip(root, &line.clip, &clip)?;
    let mut records = Records::load(root)?;
    records.0.insert(
        line.clip.clone(),
        Recorded {
            text: line.text.clone(),
            take: String::new(),
            start_s: 0.0,
            end_s: round2(clip.seconds()),
        },
    );
    atomic::write(&root.join(RECORD), records.to_csv().as_bytes())?;
    Ok(warnings)
}
