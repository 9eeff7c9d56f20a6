//! Rendering scripts into programme audio.
//!
//! For each script: find every clip, jingle and bed it needs under `audio-assets/`, decode and
//! prepare each asset once per run (trim, normalise, fade), lay the programme out, master it for
//! the profile and encode it. MP3s are decoded again and measured: if the encoded file misses the
//! loudness or true-peak limits, it is mastered again with more headroom. A programme whose inputs
//! (script, asset bytes, profile, format, tags, engine version) are unchanged since the last run
//! is reused from the output folder.
//!
//! This is the bridge between scripts and the audio engine; the engine itself (`audio`) knows
//! nothing of scripts.

mod cache;
mod clip_pool;
mod clips;
pub mod kit;
mod programme;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::audio::encode::{Format, Tags};
use crate::audio::AudioError;
use crate::error::{Error, MissingClip, Result};
use crate::project::config::{AudioSettings, Profile};
use crate::script::Script;

pub(crate) use cache::sha256_hex;
pub use cache::{read_manifest, sha256_file};
pub use clip_pool::{ClipPool, POOL_BUDGET_BYTES};
pub use clips::{find_asset, prepare_file};
pub use programme::{assemble_script, PreparedClips};

use clips::{resolve, Need, Resolved};

/// Bumped whenever the engine's output for the same inputs changes; part of the cache key.
pub const ENGINE_VERSION: &str = "loaxa-render-2";

/// What to do about a clip nobody has recorded yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Missing {
    /// Stop and list every missing clip with the text to record.
    Fail,
    /// A soft tone and silence of the line's estimated length, flagged in the report.
    Placeholder,
    /// espeak-ng's Vietnamese voice, labelled as a draft.
    DraftVoice,
}

/// The report of one rendered programme (one entry of `render.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeReport {
    /// Item id.
    pub id: String,
    /// Profile name.
    pub profile: String,
    /// `mp3` or `wav`.
    pub format: String,
    /// File name inside the output folder.
    pub file: String,
    /// Length in seconds.
    pub duration_s: f64,
    /// Integrated loudness of the written file, in LUFS.
    pub integrated_lufs: f64,
    /// Loudness range of the written file, in LU.
    pub lra_lu: f64,
    /// True peak of the written file, in dBTP.
    pub true_peak_dbtp: f64,
    /// File size in bytes.
    pub bytes: u64,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Clips used, relative to the project.
    pub clips_used: Vec<PathBuf>,
    /// Clips missing, with their text.
    pub clips_missing: Vec<MissingClip>,
    /// How missing clips were filled: `none`, `placeholder` or `draft-voice`.
    pub stand_ins: String,
    /// Hash of everything the file depends on.
    pub input_hash: String,
}

/// `render.json`: the reports of every programme rendered into a folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RenderManifest {
    /// Engine version that wrote it.
    pub engine: String,
    /// Reports, sorted by id, profile and format.
    pub items: Vec<ProgrammeReport>,
}

/// One script to render, with what its tags need.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    /// The script.
    pub script: &'a Script,
    /// The item's summary, for the MP3 comment.
    pub summary: &'a str,
}

/// Pairs rendered scripts with their items' summaries.
pub fn jobs<'a>(scripts: &'a [Script], items: &[&'a crate::content::Item]) -> Vec<Job<'a>> {
    scripts
        .iter()
        .zip(items)
        .map(|(s, i)| Job {
            script: s,
            summary: &i.summary,
        })
        .collect()
}

/// Everything a render needs besides the scripts.
#[derive(Debug, Clone)]
pub struct RenderOptions<'a> {
    /// The project root.
    pub root: &'a Path,
    /// Profile name, for file names and the report.
    pub profile_name: &'a str,
    /// The profile.
    pub profile: &'a Profile,
    /// Clip preparation and assembly settings.
    pub audio: &'a AudioSettings,
    /// WAV or MP3.
    pub format: Format,
    /// Missing clip policy.
    pub missing: Missing,
    /// Tags common to every file: artist (station), album, date.
    pub tags: Tags,
    /// Where to write.
    pub out_dir: &'a Path,
}

/// The result of a render run.
#[derive(Debug, Clone)]
pub struct RenderOutcome {
    /// Reports for the rendered scripts, in job order.
    pub reports: Vec<ProgrammeReport>,
    /// How many were reused from the last run.
    pub reused: usize,
}

/// An audio problem with the file it concerns.
pub(crate) fn audio_err(path: &Path, e: AudioError) -> Error {
    Error::Audio {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Renders every job; calls `progress(done, total)` as programmes finish.
pub fn render(
    jobs: &[Job],
    opts: &RenderOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<RenderOutcome> {
    let resolved = resolve_all(jobs, opts)?;
    let asset_hashes = hash_assets(&resolved, opts.root)?;
    let previous = read_manifest(opts.out_dir);
    let keys: Vec<String> = jobs
        .iter()
        .zip(&resolved)
        .map(|(j, r)| {
            let needs: Vec<Need> = r.0.iter().flatten().cloned().collect();
            cache::input_hash(j.script, &needs, &asset_hashes, opts, j.summary)
        })
        .collect();
    let reuse: Vec<Option<ProgrammeReport>> = jobs
        .iter()
        .zip(&keys)
        .map(|(j, k)| cache::reusable(&previous, &j.script.id, k, opts))
        .collect();
    let rendered = render_rest(jobs, &resolved, &keys, reuse, opts, progress)?;
    let reused = rendered.iter().filter(|(_, r)| *r).count();
    let reports: Vec<ProgrammeReport> = rendered.into_iter().map(|(r, _)| r).collect();
    cache::write_manifest(previous, &reports, opts.out_dir)?;
    Ok(RenderOutcome { reports, reused })
}

/// Resolves every job's assets. A missing jingle or bed is an error; with `--missing fail`, so
/// is a missing clip, and every one is listed at once.
fn resolve_all(jobs: &[Job], opts: &RenderOptions) -> Result<Vec<Resolved>> {
    let resolved: Vec<Resolved> = jobs
        .iter()
        .map(|j| resolve(j.script, opts.root, opts.profile.beds))
        .collect();
    let missing_assets: BTreeSet<String> =
        resolved.iter().flat_map(|r| r.2.iter().cloned()).collect();
    if !missing_assets.is_empty() {
        return Err(Error::MissingAssets {
            assets: missing_assets.into_iter().collect(),
        });
    }
    if opts.missing == Missing::Fail {
        let mut all: BTreeMap<PathBuf, String> = BTreeMap::new();
        for m in resolved.iter().flat_map(|r| &r.1) {
            all.entry(m.clip.clone()).or_insert_with(|| m.text.clone());
        }
        if !all.is_empty() {
            return Err(Error::MissingClips {
                clips: all
                    .into_iter()
                    .map(|(clip, text)| MissingClip { clip, text })
                    .collect(),
            });
        }
    }
    Ok(resolved)
}

/// The SHA-256 of every asset file, each read once.
fn hash_assets(resolved: &[Resolved], root: &Path) -> Result<HashMap<PathBuf, String>> {
    let unique: BTreeSet<Need> = resolved
        .iter()
        .flat_map(|r| r.0.iter().flatten().cloned())
        .collect();
    unique
        .par_iter()
        .map(|n| {
            let p = root.join(n.path());
            std::fs::read(&p)
                .map(|b| (n.path().to_path_buf(), sha256_hex(&b)))
                .map_err(|source| Error::Read { path: p, source })
        })
        .collect()
}

/// Renders the programmes that cannot be reused, in parallel, each asset prepared once when the
/// first of them reaches it and dropped after the last; (report, reused) in job order.
fn render_rest(
    jobs: &[Job],
    resolved: &[Resolved],
    keys: &[String],
    reuse: Vec<Option<ProgrammeReport>>,
    opts: &RenderOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<(ProgrammeReport, bool)>> {
    let assets: ClipPool<Need> = ClipPool::new(
        resolved
            .iter()
            .zip(&reuse)
            .filter(|(_, r)| r.is_none())
            .flat_map(|(res, _)| res.0.iter().flatten().cloned()),
    );
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = jobs.len();
    jobs.par_iter()
        .zip(resolved.par_iter())
        .zip(keys.par_iter())
        .zip(reuse.into_par_iter())
        .map(|(((job, res), key), old)| {
            let result = match old {
                Some(r) => Ok((r, true)),
                None => programme::render_one(job, res, key, &assets, opts).map(|r| (r, false)),
            };
            let n = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            progress(n, total);
            result
        })
        .collect()
}

/// [`crate::audio::verify::encode_verified`], with the file's path on an error: the bytes, and
/// the measurement and length of the encoded file.
pub fn master_encode_verified(
    audio: crate::audio::Mono,
    master: &crate::audio::Mastering,
    encoding: &crate::audio::Encoding,
    tags: &Tags,
    path: &Path,
) -> Result<(Vec<u8>, (crate::audio::Loudness, f64))> {
    crate::audio::verify::encode_verified(audio, master, encoding, tags)
        .map(|v| (v.bytes, (v.loudness, v.seconds)))
        .map_err(|e| audio_err(path, e))
}
