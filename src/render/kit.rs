//! Programmes from a plain list of clips: the benchmark kit's `week.json` (`../shared/bench`).
//!
//! Each segment is a list of clips with the pause after each; it is rendered with loaxa's own
//! chain — decode, resample, trim, clip loudness, start jingle, lead-in, voice over a ducked bed,
//! end jingle, mastering to the target with a true-peak ceiling verified on the encoded MP3 —
//! into `segNN.wav` (16-bit) and `segNN.64k.mp3`. Each clip is decoded and prepared once per run,
//! however many segments use it; segments render in parallel.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::audio::encode::{self, Encoding, Format, Tags};
use crate::audio::timeline::{assemble, Piece, TimelineSettings};
use crate::audio::verify::encode_verified;
use crate::audio::Mono;
use crate::error::{Error, Result};
use crate::project::config::{AudioSettings, Profile};
use crate::render::{self, audio_err, ClipPool, Missing, RenderOptions};

/// `week.json` of the benchmark kit.
#[derive(Debug, Clone, Deserialize)]
pub struct MixWeek {
    /// Output sample rate.
    pub sample_rate: u32,
    /// Integrated loudness target.
    pub target_lufs: f64,
    /// True-peak ceiling the outputs must meet.
    pub max_true_peak_dbtp: f64,
    /// Silence (bed only) before the first clip.
    pub lead_in_s: f64,
    /// Jingle crossfade.
    pub crossfade_s: f64,
    /// The opening jingle.
    pub jingle_start: PathBuf,
    /// The closing jingle.
    pub jingle_end: PathBuf,
    /// The music bed, looped.
    pub bed: PathBuf,
    /// Mix parameters.
    pub render: MixRender,
    /// The programmes.
    pub segments: Vec<MixSegment>,
}

/// The `render` block.
#[derive(Debug, Clone, Deserialize)]
pub struct MixRender {
    /// Clip edges under this peak level are trimmed.
    pub trim_threshold_dbfs: f64,
    /// Bed level before ducking.
    pub bed_gain_db: f64,
    /// Silence after the last clip.
    pub tail_s: f64,
}

/// One programme.
#[derive(Debug, Clone, Deserialize)]
pub struct MixSegment {
    /// `seg01`.
    pub id: String,
    /// Whether the bed plays under the voice.
    #[serde(default)]
    pub bed: bool,
    /// The clips.
    pub clips: Vec<MixClip>,
}

/// One clip and the pause after it.
#[derive(Debug, Clone, Deserialize)]
pub struct MixClip {
    /// The file.
    pub path: PathBuf,
    /// Pause after, in seconds.
    pub pause_after_s: f64,
}

/// What one segment gave.
#[derive(Debug, Clone)]
pub struct MixReport {
    /// Segment id.
    pub id: String,
    /// Programme length in seconds.
    pub seconds: f64,
    /// Loudness of the encoded MP3, as decoded and measured.
    pub mp3: crate::audio::Loudness,
    /// How many times it was encoded before the MP3 met the targets.
    pub encodes: usize,
    /// How many times the final limiter ran.
    pub limiter_runs: usize,
}

/// Reads a `week.json`.
pub fn load(path: &Path) -> Result<MixWeek> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| Error::Config {
        path: path.to_path_buf(),
        line: e.line(),
        message: format!("not a benchmark week: {e}"),
    })
}

/// The profile the segments are mastered with: loaxa's loudspeaker chain at the week's rate,
/// target and ceiling, MP3 at 64 kbit/s.
pub fn profile(week: &MixWeek) -> Profile {
    let mut p = Profile::loudspeaker();
    p.rate = week.sample_rate;
    p.mp3_kbps = 64;
    p.beds = true;
    p.master.target_lufs = week.target_lufs;
    p.master.true_peak_dbtp = week.max_true_peak_dbtp;
    p
}

/// Renders every segment into `out` (`ID.wav`, `ID.64k.mp3`) with `jobs` threads.
pub fn render_week(week: &MixWeek, out: &Path, jobs: usize) -> Result<Vec<MixReport>> {
    std::fs::create_dir_all(out).map_err(|source| Error::Write {
        path: out.to_path_buf(),
        source,
    })?;
    let profile = profile(week);
    let audio = AudioSettings {
        trim_threshold_db: week.render.trim_threshold_dbfs,
        timeline: TimelineSettings {
            line_gap_s: 0.0,
            crossfade_s: week.crossfade_s,
            bed_level_db: week.render.bed_gain_db,
            ..TimelineSettings::default()
        },
        ..AudioSettings::default()
    };
    let opts = RenderOptions {
        root: Path::new("/"),
        profile_name: "bench",
        profile: &profile,
        audio: &audio,
        format: Format::Mp3,
        missing: Missing::Fail,
        tags: Tags::default(),
        out_dir: out,
    };
    // Workers render one programme after another: each keeps a few programme-sized buffers
    // (mix, limiter needs, master) for the next, instead of fresh pages every time.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .start_handler(|_| crate::audio::pool::keep_on_this_thread(4))
        .build()
        .map_err(|e| Error::Tool {
            tool: "rayon".into(),
            message: format!("cannot start {jobs} threads: {e}"),
        })?;
    // Each clip prepared once, by the first segment that needs it, dropped after its last use.
    let clips: ClipPool<PathBuf> = ClipPool::new(
        week.segments
            .iter()
            .flat_map(|seg| seg.clips.iter().map(|c| c.path.clone()))
            .chain(week.segments.iter().flat_map(|seg| {
                let bed = seg.bed.then(|| week.bed.clone());
                [week.jingle_start.clone(), week.jingle_end.clone()]
                    .into_iter()
                    .chain(bed)
            })),
    );
    let prepared = |p: &Path, voice: bool| -> Result<Arc<Mono>> {
        clips.get(&p.to_path_buf(), || {
            render::prepare_file(Path::new("/"), p, voice, &opts)
        })
    };
    // Longest first, each worker taking the next programme when it is free, so the last job
    // to finish is a short one (work stealing would split the list in halves instead).
    let mut order: Vec<&MixSegment> = week.segments.iter().collect();
    order.sort_by_key(|s| std::cmp::Reverse(s.clips.len()));
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Result<MixReport>)>> = Mutex::new(Vec::new());
    pool.scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|_| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(seg) = order.get(i) else { break };
                let r = render_segment(week, seg, &opts, &prepared);
                let failed = r.is_err();
                if let Ok(mut d) = done.lock() {
                    d.push((i, r));
                }
                if failed {
                    // No new programme after a failure; the others finish theirs.
                    next.store(order.len(), Ordering::Relaxed);
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|p| p.into_inner());
    done.sort_by_key(|(i, _)| *i);
    let mut reports = done
        .into_iter()
        .map(|(_, r)| r)
        .collect::<Result<Vec<MixReport>>>()?;
    reports.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(reports)
}

fn render_segment(
    week: &MixWeek,
    seg: &MixSegment,
    opts: &RenderOptions,
    prepared: &(dyn Fn(&Path, bool) -> Result<Arc<Mono>> + Sync),
) -> Result<MixReport> {
    let mut pieces = vec![Piece::Jingle(prepared(&week.jingle_start, false)?)];
    if seg.bed {
        pieces.push(Piece::BedStart(prepared(&week.bed, false)?));
    }
    pieces.push(Piece::Pause(week.lead_in_s));
    for (n, c) in seg.clips.iter().enumerate() {
        pieces.push(Piece::Voice(prepared(&c.path, true)?));
        let last = n + 1 == seg.clips.len();
        pieces.push(Piece::Pause(if last {
            week.render.tail_s
        } else {
            c.pause_after_s
        }));
    }
    if seg.bed {
        pieces.push(Piece::BedStop);
    }
    pieces.push(Piece::Jingle(prepared(&week.jingle_end, false)?));
    let (mix, _) = assemble(&pieces, opts.profile.rate, &opts.audio.timeline);
    let tags = Tags {
        language: String::new(),
        title: seg.id.clone(),
        album: "loaxa bench".into(),
        ..Tags::default()
    };
    let mp3_path = opts.out_dir.join(format!("{}.64k.mp3", seg.id));
    let encoding = Encoding {
        format: Format::Mp3,
        mp3_kbps: opts.profile.mp3_kbps,
    };
    let v = encode_verified(mix, &opts.profile.master, &encoding, &tags)
        .map_err(|e| audio_err(&mp3_path, e))?;
    crate::atomic::write(&mp3_path, &v.bytes)?;
    // The WAV is the same mastered audio, less the trim that made up for LAME's loss.
    let wav_path = opts.out_dir.join(format!("{}.wav", seg.id));
    let mut mastered = v.mastered;
    crate::audio::dsp::apply_gain(&mut mastered.samples, crate::audio::Db(-v.trim.0));
    crate::atomic::write_with(&wav_path, |file| {
        encode::write_wav(&mastered, std::io::BufWriter::with_capacity(1 << 16, file))
            .map_err(std::io::Error::other)
    })?;
    let (loudness, seconds) = (v.loudness, v.seconds);
    crate::audio::pool::give(mastered.samples);
    Ok(MixReport {
        id: seg.id.clone(),
        seconds,
        mp3: loudness,
        encodes: v.encodes,
        limiter_runs: v.limiter_runs,
    })
}
