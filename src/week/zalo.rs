//! Step 7: the Zalo pack: the aired programmes in the zalo profile. The audio is the in-slot
//! variant, the same for every station, rendered once into the shared cache; each station's copy
//! gets its own artist tag, and its caption carries the station's digital team and phone. A post
//! over the profile's size limit is split into numbered parts.

use std::path::Path;

use crate::audio::encode::{self, Tags};
use crate::audio::{decode, Mono};
use crate::content::Item;
use crate::error::{Error, Result};
use crate::output::{self, ZaloPost};
use crate::plan::Plan;
use crate::project::config::Profile;
use crate::render::{self, audio_err, ProgrammeReport, RenderOptions, RenderOutcome};
use crate::script;

use super::context::Cx;
use super::folder::Origin;

/// What step 7 gives.
pub(super) struct ZaloPack {
    /// One post per aired programme, in rotation order.
    pub posts: Vec<ZaloPost>,
    /// The posts' MP3 files, relative to `zalo/`.
    pub files: Vec<(String, Origin)>,
}

/// Renders (or reuses) the aired programmes in the zalo profile and makes the posts.
pub(super) fn pack(cx: &Cx, plan: &Plan) -> Result<ZaloPack> {
    let profile = cx
        .req
        .project
        .config
        .profile
        .get("zalo")
        .cloned()
        .unwrap_or_else(Profile::zalo);
    let items: Vec<&Item> = plan
        .aired
        .iter()
        .filter_map(|id| cx.req.library.get(id))
        .collect();
    let rendered = render_programmes(cx, &items, &profile)?;
    let station_tags = Tags {
        language: String::new(),
        artist: cx.info().name.clone(),
        ..cx.opts.tags.clone()
    };
    let mut pack = ZaloPack {
        posts: Vec::new(),
        files: Vec::new(),
    };
    for (r, item) in rendered.reports.iter().zip(&items) {
        let files = post_files(cx, r, item, &profile, &station_tags)?;
        pack.posts.push(post(cx, item, r, &files));
        pack.files.extend(files);
    }
    Ok(pack)
}

/// The items' in-slot scripts in the zalo profile, with no size limit (posts are split after).
fn render_programmes(cx: &Cx, items: &[&Item], profile: &Profile) -> Result<RenderOutcome> {
    let scripts = script::render_scripts(items, &cx.script)?;
    let jobs = render::jobs(&scripts, items);
    let unlimited = Profile {
        max_mb: None,
        ..profile.clone()
    };
    let opts = RenderOptions {
        profile_name: "zalo",
        profile: &unlimited,
        out_dir: &cx.dirs.zalo,
        tags: cx.opts.tags.clone(),
        ..cx.opts.clone()
    };
    render::render(&jobs, &opts, &|_, _| {})
}

/// A post's MP3 files: the cached file retagged for the station, or its parts if it is over
/// the size limit.
fn post_files(
    cx: &Cx,
    r: &ProgrammeReport,
    item: &Item,
    profile: &Profile,
    station_tags: &Tags,
) -> Result<Vec<(String, Origin)>> {
    let path = cx.dirs.zalo.join(&r.file);
    match profile.max_mb {
        Some(max) if r.bytes as f64 > max * 1e6 => {
            split_post(&path, &item.id, max, profile, station_tags, &item.title)
        }
        _ => {
            let bytes = std::fs::read(&path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            let tags = Tags {
                language: String::new(),
                title: item.title.clone(),
                comment: item.summary.clone(),
                date: station_tags.date.clone(),
                ..station_tags.clone()
            };
            let bytes = encode::retag(&bytes, &tags).map_err(|e| audio_err(&path, e))?;
            Ok(vec![(format!("{}.mp3", item.id), Origin::Bytes(bytes))])
        }
    }
}

/// The post of one programme, with its caption.
fn post(cx: &Cx, item: &Item, r: &ProgrammeReport, files: &[(String, Origin)]) -> ZaloPost {
    let team = &cx.info().team;
    ZaloPost {
        id: item.id.clone(),
        title: item.title.clone(),
        files: files.iter().map(|(f, _)| f.clone()).collect(),
        bytes: r.bytes,
        duration_s: r.duration_s,
        caption_file: format!("{}.txt", item.id),
        caption: output::caption(&item.title, &item.summary, &team.name, &team.phone),
    }
}

/// Splits a Zalo post that is over the size limit into numbered parts, cut at the quietest moment
/// near each even division.
fn split_post(
    path: &Path,
    id: &str,
    max_mb: f64,
    profile: &Profile,
    tags: &Tags,
    title: &str,
) -> Result<Vec<(String, Origin)>> {
    let decoded = decode::decode_file(path).map_err(|e| audio_err(path, e))?;
    let mono = decoded.to_mono();
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) as f64;
    let cuts = cut_points(&mono, part_count(bytes, max_mb));
    let mut out = Vec::new();
    for (k, w) in cuts.windows(2).enumerate() {
        let part = Mono {
            rate: mono.rate,
            samples: mono.samples[w[0]..w[1]].to_vec(),
        };
        let t = Tags {
            language: String::new(),
            title: format!("{title} (phần {})", k + 1),
            ..tags.clone()
        };
        let bytes = encode::mp3(&part, profile.mp3_kbps, &t).map_err(|e| audio_err(path, e))?;
        out.push((format!("{id}-{}.mp3", k + 1), Origin::Bytes(bytes)));
    }
    Ok(out)
}

/// How many parts a file of `bytes` makes so that each stays under 90 % of the limit (at
/// least two).
pub(super) fn part_count(bytes: f64, max_mb: f64) -> usize {
    ((bytes / (max_mb * 1e6 * 0.9)).ceil() as usize).max(2)
}

/// Sample indices from 0 to the end that cut `mono` into `parts`: each cut is the start of the
/// quietest tenth of a second within a tenth of a part of the even division.
pub(super) fn cut_points(mono: &Mono, parts: usize) -> Vec<usize> {
    let n = mono.samples.len();
    let block = (mono.rate / 10) as usize;
    let energy = |i: usize| {
        mono.samples[i..(i + block).min(n)]
            .iter()
            .map(|s| s * s)
            .sum::<f32>()
    };
    let mut cuts = vec![0usize];
    for k in 1..parts {
        let target = n * k / parts;
        let window = n / parts / 10;
        let (lo, hi) = (target.saturating_sub(window), (target + window).min(n));
        let best = (lo..hi)
            .step_by(block.max(1))
            .min_by(|&a, &b| {
                energy(a)
                    .partial_cmp(&energy(b))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .unwrap_or(target);
        cuts.push(best);
    }
    cuts.push(n);
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_is_split_so_each_part_stays_under_ninety_percent_of_the_limit() {
        let cases = [
            // (bytes, limit in MB, parts)
            (1e6, 10.0, 2),
            (9e6, 10.0, 2),
            (18e6, 10.0, 2),
            (18.1e6, 10.0, 3),
            (27e6, 10.0, 3),
            (30e6, 10.0, 4),
            (100e6, 25.0, 5),
        ];
        for (bytes, max_mb, parts) in cases {
            assert_eq!(
                part_count(bytes, max_mb),
                parts,
                "{bytes} bytes, {max_mb} MB"
            );
        }
    }

    /// Loud everywhere but a tenth of a second of silence starting at each of `quiet`.
    fn loud_with_gaps(rate: u32, seconds: usize, quiet: &[usize]) -> Mono {
        let mut samples: Vec<f32> = (0..rate as usize * seconds)
            .map(|i| if i % 2 == 0 { 0.5 } else { -0.5 })
            .collect();
        let block = (rate / 10) as usize;
        for &q in quiet {
            samples[q..q + block].iter_mut().for_each(|s| *s = 0.0);
        }
        Mono { rate, samples }
    }

    #[test]
    fn cuts_fall_on_the_quietest_block_near_each_even_division() {
        let rate = 1000;
        // 100 s, 2 parts: the even cut is at 50 s; the window is ±5 s, searched in 0.1 s steps
        // from 45 s. A gap at 48 s is chosen over the loud 50 s.
        let mono = loud_with_gaps(rate, 100, &[48_000]);
        assert_eq!(cut_points(&mono, 2), vec![0, 48_000, 100_000]);
        // 3 parts: even cuts at 33.333 s and 66.666 s, windows of ±3.333 s searched from 30 s and
        // 63.333 s.
        let mono = loud_with_gaps(rate, 100, &[31_300, 68_333]);
        assert_eq!(cut_points(&mono, 3), vec![0, 31_300, 68_333, 100_000]);
    }

    #[test]
    fn a_gap_outside_the_window_is_not_chosen() {
        let rate = 1000;
        let mono = loud_with_gaps(rate, 100, &[20_000]);
        let cuts = cut_points(&mono, 2);
        assert_eq!(cuts.len(), 3);
        assert!((45_000..55_000).contains(&cuts[1]), "{cuts:?}");
    }

    #[test]
    fn cuts_of_silence_or_nothing_do_not_panic() {
        let empty = Mono {
            rate: 44100,
            samples: Vec::new(),
        };
        assert_eq!(cut_points(&empty, 2), vec![0, 0, 0]);
        let short = Mono {
            rate: 44100,
            samples: vec![0.0; 10],
        };
        let cuts = cut_points(&short, 3);
        assert_eq!((cuts[0], cuts[3]), (0, 10));
        assert!(cuts.windows(2).all(|w| w[0] <= w[1]), "{cuts:?}");
    }
}
