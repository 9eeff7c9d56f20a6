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

pub mod kit;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::audio::encode::{self, Encoding, Format, Tags};
use crate::audio::loudness::clip_loudness;
use crate::audio::timeline::{assemble, Piece};
use crate::audio::{decode, dsp, frames, AudioError, Db, Mono};
use crate::error::{Error, MissingClip, Result};
use crate::project::config::{AudioSettings, Profile};
use crate::script::{find_clip, Cue, Script, CLIP_EXTENSIONS};

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

/// SHA-256 as lower-case hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// A digest in lower-case hex.
fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of a file, read in chunks, in hex: the same as [`sha256_hex`] of its bytes.
pub fn sha256_file(path: &Path) -> Result<String> {
    let err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut f = std::fs::File::open(path).map_err(err)?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h).map_err(err)?;
    Ok(hex(&h.finalize()))
}

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
enum Need {
    Voice(PathBuf),
    Jingle(PathBuf),
    Bed(PathBuf),
}

impl Need {
    fn path(&self) -> &Path {
        match self {
            Need::Voice(p) | Need::Jingle(p) | Need::Bed(p) => p,
        }
    }
}

/// Resolves a script's assets: (needs in cue order, missing lines, missing jingles/beds).
fn resolve(
    script: &Script,
    root: &Path,
    beds: bool,
) -> (Vec<Option<Need>>, Vec<MissingClip>, Vec<String>) {
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
/// Prepared clips shared by the programmes of one run: each is prepared by the first programme
/// that needs it and dropped after its last use, so memory holds the clips of the programmes in
/// progress and those still shared with programmes to come, not the whole content pack. Past
/// [`POOL_BUDGET_BYTES`] of kept clips, a clip is handed out without being kept, and prepared
/// again if another programme needs it (the same samples: preparation is deterministic).
pub struct ClipPool<K> {
    uses: HashMap<K, usize>,
    slots: std::sync::Mutex<HashMap<K, (PoolSlot, usize)>>,
    kept: std::sync::atomic::AtomicUsize,
}

/// How many bytes of prepared clips a [`ClipPool`] keeps for later programmes.
pub const POOL_BUDGET_BYTES: usize = 512 << 20;

type PoolSlot = Arc<std::sync::Mutex<Option<Arc<Mono>>>>;

impl<K> std::fmt::Debug for ClipPool<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClipPool")
            .field("clips", &self.uses.len())
            .finish()
    }
}

impl<K: std::hash::Hash + Eq + Clone> ClipPool<K> {
    /// A pool for these uses: one key per time a programme will ask for it.
    pub fn new(uses: impl IntoIterator<Item = K>) -> ClipPool<K> {
        let mut count: HashMap<K, usize> = HashMap::new();
        for k in uses {
            *count.entry(k).or_default() += 1;
        }
        ClipPool {
            uses: count,
            slots: std::sync::Mutex::new(HashMap::new()),
            kept: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// The prepared clip for `key`, prepared now if no programme has yet. Counts one use.
    pub fn get(&self, key: &K, prepare: impl FnOnce() -> Result<Mono>) -> Result<Arc<Mono>> {
        let poisoned = || Error::Tool {
            tool: "rayon".into(),
            message: "a worker thread failed".into(),
        };
        use std::sync::atomic::Ordering;
        let bytes_of = |m: &Mono| m.samples.len() * std::mem::size_of::<f32>();
        let (slot, last) = {
            let mut map = self.slots.lock().map_err(|_| poisoned())?;
            let left = self.uses.get(key).copied().unwrap_or(usize::MAX);
            let entry = map
                .entry(key.clone())
                .or_insert_with(|| (PoolSlot::default(), left));
            let slot = Arc::clone(&entry.0);
            entry.1 = entry.1.saturating_sub(1);
            let last = entry.1 == 0;
            if last {
                map.remove(key);
            }
            (slot, last)
        };
        let mut guard = slot.lock().map_err(|_| poisoned())?;
        if let Some(m) = guard.as_ref() {
            let m = Arc::clone(m);
            if last {
                // Its last use: the pool lets go of it.
                *guard = None;
                self.kept.fetch_sub(bytes_of(&m), Ordering::Relaxed);
            }
            return Ok(m);
        }
        let m = Arc::new(prepare()?);
        let size = bytes_of(&m);
        if !last && self.kept.load(Ordering::Relaxed) + size <= POOL_BUDGET_BYTES {
            self.kept.fetch_add(size, Ordering::Relaxed);
            *guard = Some(Arc::clone(&m));
        }
        Ok(m)
    }
}

fn prepare(root: &Path, need: &Need, opts: &RenderOptions) -> Result<Mono> {
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
fn placeholder(rate: u32, seconds: f64) -> Mono {
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
    let d = decode::decode_bytes(out.stdout, "wav")
        .map_err(|e| audio_err(Path::new("<espeak-ng>"), e))?;
    decode::resample(&d.to_mono(), rate).map_err(|e| audio_err(Path::new("<espeak-ng>"), e))
}

/// The cache key of one programme.
fn input_hash(
    script: &Script,
    needs: &[Need],
    asset_hashes: &HashMap<PathBuf, String>,
    opts: &RenderOptions,
    summary: &str,
) -> String {
    let mut h = Sha256::new();
    h.update(ENGINE_VERSION);
    h.update(serde_json::to_vec(opts.profile).unwrap_or_default());
    h.update(serde_json::to_vec(opts.audio).unwrap_or_default());
    h.update(opts.format.ext());
    h.update(format!("{:?}", opts.missing));
    h.update(format!("{:?}{}", opts.tags, summary));
    h.update(serde_json::to_vec(script).unwrap_or_default());
    for n in needs {
        h.update(n.path().to_string_lossy().as_bytes());
        h.update(
            asset_hashes
                .get(n.path())
                .map(String::as_str)
                .unwrap_or("?"),
        );
    }
    hex(&h.finalize())
}

/// Reads `render.json` from a folder, if there is a valid one.
pub fn read_manifest(out_dir: &Path) -> RenderManifest {
    std::fs::read(out_dir.join("render.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Renders every job; calls `progress(done, total)` as programmes finish.
pub fn render(
    jobs: &[Job],
    opts: &RenderOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<RenderOutcome> {
    let root = opts.root;
    // 1. Resolve every asset; with --missing fail, list every missing clip at once.
    let resolved: Vec<_> = jobs
        .iter()
        .map(|j| resolve(j.script, root, opts.profile.beds))
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
        for (_, miss, _) in &resolved {
            for m in miss {
                all.entry(m.clip.clone()).or_insert_with(|| m.text.clone());
            }
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
    // 2. Hash every asset file once.
    let unique: BTreeSet<Need> = resolved
        .iter()
        .flat_map(|r| r.0.iter().flatten().cloned())
        .collect();
    let hashes: Vec<(PathBuf, String)> = unique
        .par_iter()
        .map(|n| {
            let p = root.join(n.path());
            std::fs::read(&p)
                .map(|b| (n.path().to_path_buf(), sha256_hex(&b)))
                .map_err(|source| Error::Read { path: p, source })
        })
        .collect::<Result<_>>()?;
    let asset_hashes: HashMap<PathBuf, String> = hashes.into_iter().collect();
    // 3. Reuse what has not changed.
    let previous = read_manifest(opts.out_dir);
    let keys: Vec<String> = jobs
        .iter()
        .zip(&resolved)
        .map(|(j, r)| {
            let needs: Vec<Need> = r.0.iter().flatten().cloned().collect();
            input_hash(j.script, &needs, &asset_hashes, opts, j.summary)
        })
        .collect();
    let reusable = |job: &Job, key: &str| -> Option<ProgrammeReport> {
        let old = previous.items.iter().find(|r| {
            r.id == job.script.id
                && r.profile == opts.profile_name
                && r.format == opts.format.ext()
                && r.input_hash == key
        })?;
        let bytes = std::fs::read(opts.out_dir.join(&old.file)).ok()?;
        (sha256_hex(&bytes) == old.sha256).then(|| old.clone())
    };
    let reuse: Vec<Option<ProgrammeReport>> = jobs
        .iter()
        .zip(&keys)
        .map(|(j, k)| reusable(j, k))
        .collect();
    // 4. Each asset the remaining programmes need is prepared once, when the first of them
    // reaches it, and dropped after the last.
    let assets: ClipPool<Need> = ClipPool::new(
        resolved
            .iter()
            .zip(&reuse)
            .filter(|(_, r)| r.is_none())
            .flat_map(|(res, _)| res.0.iter().flatten().cloned()),
    );
    // 5. Render the rest in parallel.
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = jobs.len();
    let reports: Vec<(ProgrammeReport, bool)> = jobs
        .par_iter()
        .zip(resolved.par_iter())
        .zip(keys.par_iter())
        .zip(reuse.into_par_iter())
        .map(|(((job, res), key), old)| {
            let result = match old {
                Some(r) => Ok((r, true)),
                None => render_one(job, res, key, &assets, opts).map(|r| (r, false)),
            };
            let n = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            progress(n, total);
            result
        })
        .collect::<Result<_>>()?;
    let reused = reports.iter().filter(|(_, r)| *r).count();
    let reports: Vec<ProgrammeReport> = reports.into_iter().map(|(r, _)| r).collect();
    // 6. Merge into render.json.
    let mut manifest = previous;
    manifest.engine = ENGINE_VERSION.to_string();
    manifest.items.retain(|old| {
        !reports
            .iter()
            .any(|r| r.id == old.id && r.profile == old.profile && r.format == old.format)
    });
    manifest.items.extend(reports.iter().cloned());
    manifest
        .items
        .sort_by(|a, b| (&a.id, &a.profile, &a.format).cmp(&(&b.id, &b.profile, &b.format)));
    let mut json = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    json.push('\n');
    crate::atomic::write(&opts.out_dir.join("render.json"), json.as_bytes())?;
    Ok(RenderOutcome { reports, reused })
}

type Resolved = (Vec<Option<Need>>, Vec<MissingClip>, Vec<String>);

fn render_one(
    job: &Job,
    res: &Resolved,
    key: &str,
    assets: &ClipPool<Need>,
    opts: &RenderOptions,
) -> Result<ProgrammeReport> {
    let script = job.script;
    let rate = opts.profile.rate;
    let mut pieces = Vec::with_capacity(script.cues.len());
    let mut stand_in = false;
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
                stand_in = true;
                match opts.missing {
                    Missing::DraftVoice => {
                        let mut m = draft_voice(text, rate)?;
                        dsp::trim_silence(
                            &mut m,
                            Db(opts.audio.trim_threshold_db),
                            opts.audio.trim_pad_s,
                        );
                        if let Ok(l) = clip_loudness(&m) {
                            if l.0.is_finite() {
                                dsp::apply_gain(
                                    &mut m.samples,
                                    Db(opts.profile.master.target_lufs - l.0),
                                );
                            }
                        }
                        Piece::Voice(Arc::new(m))
                    }
                    _ => Piece::Voice(Arc::new(placeholder(rate, *estimated_duration_s))),
                }
            }
            (Cue::Pause { seconds }, _) => Piece::Pause(*seconds),
            (Cue::BedStop, _) if opts.profile.beds => Piece::BedStop,
            _ => continue,
        };
        pieces.push(piece);
    }
    let (programme, _) = assemble(&pieces, rate, &opts.audio.timeline);
    let tags = Tags {
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
    let master = &opts.profile.master;
    let (bytes, (m, seconds)) = master_encode_verified(programme, master, &encoding, &tags, &path)?;
    let is_mp3 = opts.format == Format::Mp3;
    // The size limit is the sharing platform's, so it applies to the MP3 that is posted, not
    // to a WAV master.
    if let Some(max_mb) = opts.profile.max_mb.filter(|_| is_mp3) {
        if bytes.len() as f64 > max_mb * 1e6 {
            return Err(Error::Audio {
                path: path.clone(),
                message: format!(
                    "is {:.1} MB, over the profile's {max_mb} MB; split the programme",
                    bytes.len() as f64 / 1e6
                ),
            });
        }
    }
    crate::atomic::write(&path, &bytes)?;
    let round = |x: f64, d: i32| (x * 10f64.powi(d)).round() / 10f64.powi(d);
    Ok(ProgrammeReport {
        id: script.id.clone(),
        profile: opts.profile_name.to_string(),
        format: opts.format.ext().to_string(),
        file,
        duration_s: round(seconds, 3),
        integrated_lufs: round(m.integrated.0, 2),
        lra_lu: round(m.lra, 2),
        true_peak_dbtp: round(m.true_peak.0, 2),
        bytes: bytes.len() as u64,
        sha256: sha256_hex(&bytes),
        clips_used: res
            .0
            .iter()
            .flatten()
            .filter(|n| matches!(n, Need::Voice(_)))
            .map(|n| n.path().to_path_buf())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        clips_missing: res.1.clone(),
        stand_ins: if !stand_in {
            "none".into()
        } else if opts.missing == Missing::DraftVoice {
            "draft-voice".into()
        } else {
            "placeholder".into()
        },
        input_hash: key.to_string(),
    })
}

/// Masters, encodes, decodes the result and measures it; adjusts and repeats until the encoded
/// file itself meets the loudness (±0.15 LU) and true-peak limits. LAME at these bit rates lowers
/// speech loudness by about 0.4 LU and adds some true peak: start from that, correct from the
/// measurement. Returns the bytes, and the measurement and length of the encoded file.
pub fn master_encode_verified(
    audio: Mono,
    master: &crate::audio::Mastering,
    encoding: &Encoding,
    tags: &Tags,
    path: &Path,
) -> Result<(Vec<u8>, (crate::audio::Loudness, f64))> {
    master_encode_verified_keep(audio, master, encoding, tags, path)
        .map(|v| (v.bytes, (v.loudness, v.seconds)))
}

/// What [`master_encode_verified_keep`] gives.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The encoded file.
    pub bytes: Vec<u8>,
    /// Its loudness, decoded and measured.
    pub loudness: crate::audio::Loudness,
    /// Its length in seconds.
    pub seconds: f64,
    /// The mastered audio that was encoded.
    pub mastered: Mono,
    /// The trim the encoder's loudness loss needed (the mastered audio is this much louder than
    /// the target).
    pub trim: Db,
    /// How many times the programme was encoded (and decoded and measured).
    pub encodes: usize,
    /// How many times the final limiter ran.
    pub limiter_runs: usize,
}

/// [`master_encode_verified`], also giving the mastered audio (to write a WAV from the same pass).
pub fn master_encode_verified_keep(
    audio: Mono,
    master: &crate::audio::Mastering,
    encoding: &Encoding,
    tags: &Tags,
    path: &Path,
) -> Result<Verified> {
    let is_mp3 = encoding.format == Format::Mp3;
    // MP3 adds true peak, the more the lower the bit rate (about 1 dB at 64 kbit/s).
    let mut headroom = match (is_mp3, encoding.mp3_kbps) {
        (false, _) => 0.1,
        (true, k) if k <= 64 => 1.3,
        (true, k) if k <= 96 => 0.7,
        _ => 0.5,
    };
    let mut trim = if is_mp3 { 0.4 } else { 0.0 };
    let mut encodes = 0;
    // A miss on loudness alone, with true-peak room for the correction, is put right by a gain
    // on the mastered audio and a new encode: no second run of the whole chain.
    let mut regain: Option<(Mono, f64)> = None;
    // The chain up to its final limiter runs once; each try only limits and encodes again.
    let mut prepared = master.prepare(audio).map_err(|e| audio_err(path, e))?;
    loop {
        let mastered = match regain.take() {
            Some((mut prev, db)) => {
                dsp::apply_gain(&mut prev.samples, Db(db));
                prev
            }
            None => {
                master
                    .finish(&mut prepared, Db(headroom), Db(trim))
                    .map_err(|e| audio_err(path, e))?
                    .0
            }
        };
        encodes += 1;
        let bytes =
            Arc::new(encode::encode(&mastered, encoding, tags).map_err(|e| audio_err(path, e))?);
        // Decoded into the limiter's free buffer (no new programme-sized memory) and measured.
        let (m, seconds) = crate::audio::stream::measure_encoded_with(
            &bytes,
            encoding.format.ext(),
            Some(prepared.scratch_samples()),
        )
        .map_err(|e| audio_err(path, e))?;
        let check =
            crate::audio::stream::EncodeCheck::of(&m, master.target_lufs, master.true_peak_dbtp);
        if check.passed() || encodes >= crate::audio::stream::EncodeCheck::MAX_ENCODES {
            return Ok(Verified {
                bytes: Arc::try_unwrap(bytes).unwrap_or_else(|shared| (*shared).clone()),
                loudness: m,
                seconds,
                mastered,
                trim: Db(trim),
                encodes,
                limiter_runs: prepared.tries(),
            });
        }
        // (A true peak under the ceiling leaves the headroom as it is.)
        check.correct(&mut headroom, &mut trim);
        let loud_err = check.loud_err;
        if check.tp_over <= 0.0
            && loud_err.abs() <= 1.0
            && m.true_peak.0 + loud_err <= master.true_peak_dbtp - 0.15
        {
            regain = Some((mastered, loud_err));
            continue;
        }
        // Its buffer serves the next try.
        prepared.recycle(mastered);
    }
}

/// Lays out a script's audio without mastering, with its clips prepared for the profile; a
/// `@date` cue says `date` from the word clips. For slot frames and pieces. `cache` keeps
/// prepared clips between calls.
pub fn assemble_script(
    script: &Script,
    date: Option<chrono::NaiveDate>,
    opts: &RenderOptions,
    cache: &std::sync::Mutex<HashMap<PathBuf, Arc<Mono>>>,
) -> Result<Mono> {
    let root = opts.root;
    let get = |rel: &Path, voice: bool| -> Result<Arc<Mono>> {
        if let Some(m) = cache.lock().ok().and_then(|c| c.get(rel).cloned()) {
            return Ok(m);
        }
        let m = Arc::new(prepare_file(root, rel, voice, opts)?);
        if let Ok(mut c) = cache.lock() {
            c.insert(rel.to_path_buf(), m.clone());
        }
        Ok(m)
    };
    let rate = opts.profile.rate;
    let mut pieces = Vec::new();
    for cue in &script.cues {
        match cue {
            Cue::Line {
                clip,
                text,
                estimated_duration_s,
                ..
            } => match find_clip(root, clip) {
                Some(found) => pieces.push(Piece::Voice(get(
                    found.strip_prefix(root).unwrap_or(&found),
                    true,
                )?)),
                None => match opts.missing {
                    Missing::Fail => {
                        return Err(Error::MissingClips {
                            clips: vec![MissingClip {
                                clip: clip.clone(),
                                text: text.clone(),
                            }],
                        })
                    }
                    Missing::Placeholder => pieces.push(Piece::Voice(Arc::new(placeholder(
                        rate,
                        *estimated_duration_s,
                    )))),
                    Missing::DraftVoice => {
                        let mut m = draft_voice(text, rate)?;
                        if let Ok(l) = clip_loudness(&m) {
                            if l.0.is_finite() {
                                dsp::apply_gain(
                                    &mut m.samples,
                                    Db(opts.profile.master.target_lufs - l.0),
                                );
                            }
                        }
                        pieces.push(Piece::Voice(Arc::new(m)));
                    }
                },
            },
            Cue::Jingle { name, .. } => {
                let p = find_asset(root, "jingles", name).ok_or_else(|| Error::MissingAssets {
                    assets: vec![format!("audio-assets/jingles/{name}.*")],
                })?;
                pieces.push(Piece::Jingle(get(&p, false)?));
            }
            Cue::Pause { seconds } => pieces.push(Piece::Pause(*seconds)),
            Cue::Date => {
                let Some(d) = date else { continue };
                let mut joined: Vec<f32> = Vec::new();
                for w in crate::script::words::date(d) {
                    let found = find_clip(root, &w.clip).ok_or_else(|| Error::MissingClips {
                        clips: vec![MissingClip {
                            clip: w.clip.clone(),
                            text: w.text.clone(),
                        }],
                    })?;
                    let m = get(found.strip_prefix(root).unwrap_or(&found), true)?;
                    joined.extend_from_slice(&m.samples);
                    joined.extend(std::iter::repeat_n(0.0, frames(rate, 0.12)));
                }
                pieces.push(Piece::Voice(Arc::new(Mono {
                    rate,
                    samples: joined,
                })));
            }
            Cue::BedStart { .. } | Cue::BedStop => {}
        }
    }
    Ok(assemble(&pieces, rate, &opts.audio.timeline).0)
}

#[cfg(test)]
mod hash_tests {
    use super::*;

    #[test]
    fn sha256_of_a_file_is_that_of_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [("empty", vec![]), ("big", vec![7u8; 200_000])] {
            let p = dir.path().join(name);
            std::fs::write(&p, &bytes).unwrap();
            assert_eq!(sha256_file(&p).unwrap(), sha256_hex(&bytes), "{name}");
        }
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
