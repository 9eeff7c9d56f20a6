//! Building a station's week: render what is needed, plan, mix the slots, and write the week
//! folder atomically. Each step is a module of its own, in the order [`build`] runs them:
//! `programmes`, `announcements`, `frame`, `planning`, `assets`, `mixes`, `zalo`, `fallback`,
//! `files` and `folder`; `context` holds what they all need.
//!
//! Programme audio is the in-slot variant of each item, the same for every station, rendered
//! once into `out/.cache/programmes/` and reused by every station and week. Station pieces (the
//! greeting with the day's date, the contact lines, the closing) are assembled per station. All
//! files go to a temporary folder beside the week folder, which is renamed into place at the end:
//! a week folder either is complete or does not exist.

mod announcements;
mod airing;
mod assets;
mod context;
mod fallback;
mod files;
mod folder;
mod frame;
mod ip;
mod menu;
mod mixes;
mod planning;
mod programmes;
mod splice;
#[cfg(test)]
mod testkit;
mod zalo;

use std::path::{Path, PathBuf};

use crate::content::Library;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::plan::Plan;
use crate::project::Project;
use crate::render::Missing;
use crate::schedule::{self, StationFile, Week};

use assets::WeekAssets;
use context::{Cx, Loaded};
use files::WeekParts;
use mixes::MixInputs;

/// What to build.
pub struct WeekRequest<'a> {
    /// The project.
    pub project: &'a Project,
    /// The content pack (already loaded and valid).
    pub library: &'a Library,
    /// The station file, absolute.
    pub station_path: &'a Path,
    /// The week.
    pub week: Week,
    /// The output root (`out`).
    pub out_root: &'a Path,
    /// The programme cache shared by stations (and by shards running at once); `None` is
    /// `OUT/.cache`. Its entries are content-addressed and written by rename.
    pub cache_root: Option<&'a Path>,
    /// Missing clip policy.
    pub missing: Missing,
    /// Leave out the slot mixes (plans, playlists, station pieces and Zalo pack only).
    pub no_mix: bool,
    /// Mix every slot in full (decoded, mastered and encoded as a whole) instead of joining it
    /// of pieces encoded once: slower, the reference the joined slots are tested against.
    pub full_mix: bool,
    /// Export the week for IP loudspeakers under `ip/`, its URLs under this base (the URL the
    /// output root is served at).
    pub ip_base_url: Option<&'a str>,
}

/// What was built.
#[derive(Debug)]
pub struct WeekReport {
    /// The week folder.
    pub folder: PathBuf,
    /// The plan.
    pub plan: Plan,
    /// Why each item sits where it does.
    pub explain: Vec<String>,
    /// Programmes rendered in this run.
    pub rendered: usize,
    /// Programmes reused from earlier runs.
    pub reused: usize,
    /// Problems worth a look (a slot file longer than its slot…).
    pub warnings: Vec<Diagnostic>,
    /// How this run's slot files were made.
    pub slot_files: SlotFiles,
}

/// How a run's slot files were made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlotFiles {
    /// Joined of MP3 pieces.
    pub joined: usize,
    /// Mixed in full (as asked, or where joining missed).
    pub mixed: usize,
    /// Taken from the cache, unchanged.
    pub cached: usize,
}

/// Loads and validates a station file, turning problems into one error.
pub fn load_station(project: &Project, path: &Path) -> Result<StationFile> {
    let rel = path.strip_prefix(&project.root).unwrap_or(path);
    let known = schedule::Known {
        root: &project.root,
        profiles: project.config.profile.keys().cloned().collect(),
        demo: project.demo,
    };
    let (file, diags) = schedule::load(path, rel, &known);
    match file {
        Some(f) => Ok(f),
        None => Err(Error::Diagnostics {
            diagnostics: diags.into_iter().filter(Diagnostic::is_error).collect(),
        }),
    }
}

/// Builds one station's week from its station file, read once with [`load_station`] from
/// `req.station_path`.
pub fn build(
    req: &WeekRequest,
    station: &StationFile,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<WeekReport> {
    let loaded = Loaded::new(req, station)?;
    let cx = Cx::new(req, station, &loaded)?;
    cx.dirs.week.recover();
    progress("programmes");
    let programmes = programmes::render(&cx)?;
    progress("announcements");
    let announced = announcements::render(&cx)?;
    progress("station pieces");
    let frame = frame::build(&cx)?;
    progress("plan");
    let mut planned = planning::plan(
        &cx,
        &programmes.candidates,
        &announced.notices,
        &frame.costs,
    );
    let plan = &planned.plan;
    let assets = WeekAssets::gather(announced.assets, &plan.aired, &programmes.by_id)?;
    let words_key = frame::words_key(&cx);
    let frame_key = frame::key(&cx, &frame, &words_key);
    let inputs = MixInputs {
        frame: &frame,
        frame_key: &frame_key,
        words_key: &words_key,
        assets: &assets,
    };
    // The pieces are made (or read from their caches) only when a slot file or the fallback
    // is not in the station's cache already.
    let joining = !cx.req.no_mix && !cx.req.full_mix;
    let all_cached = mixes::all_cached(&cx, &inputs, plan) && fallback::is_cached(&cx, &frame_key);
    let pieces = match joining && !all_cached {
        true => {
            progress("slot pieces");
            Some(splice::PieceSet::build(&cx, &inputs, plan)?)
        }
        false => None,
    };
    let how = match (&pieces, joining) {
        (Some(Ok(set)), _) => mixes::How::Joined(set),
        (Some(Err(why)), _) => mixes::How::Missed(why),
        (None, true) => mixes::How::Cached,
        (None, false) => mixes::How::Full,
    };
    progress("slot mixes");
    let mixes = mixes::mix_week(&cx, &inputs, &how, plan)?;
    let mut warnings = mixes::splice_warnings(&cx, plan, &mixes);
    warnings.extend(mixes::length_warnings(&cx, plan, &mixes));
    progress("zalo pack");
    let zalo = zalo::pack(&cx, plan)?;
    let fallback = fallback::fallback(&cx, &frame, &frame_key, &how)?;
    progress("write");
    let parts = WeekParts {
        plan,
        assets: &assets,
        mixes: &mixes,
        zalo,
        fallback,
    };
    cx.dirs.week.store(&files::week_files(&cx, parts)?)?;
    planned.record_rotation(&cx)?;
    Ok(WeekReport {
        folder: cx.dirs.week.dir.clone(),
        plan: planned.plan,
        explain: planned.explain,
        rendered: programmes.rendered,
        reused: programmes.reused,
        warnings,
        slot_files: mixes::count(&mixes),
    })
}
