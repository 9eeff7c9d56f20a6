//! What every step of a week needs, gathered once: the request, the parsed station file, its
//! profile, the script texts and the folders things are cached and written in. The steps take
//! a [`Cx`] instead of a long list of arguments.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::audio::encode::{Encoding, Format, Tags};
use crate::audio::master::Mastering;
use crate::error::{Error, Result};
use crate::project::config::Profile;
use crate::project::station::StationInfo;
use crate::render::RenderOptions;
use crate::schedule::StationFile;
use crate::script::{ScriptContext, Setup};

use super::folder::WeekFolder;
use super::WeekRequest;

/// The album every file of a week carries.
pub(super) const ALBUM: &str = "Làng số";

/// Prepared clips and pieces, shared by every assembly of one build.
pub(super) type PieceCache = crate::render::PreparedClips;

/// Where a station's week is cached and written.
pub(super) struct Dirs {
    /// The week folder.
    pub week: WeekFolder,
    /// In-slot programmes, shared by every station: `out/.cache/programmes`.
    pub programmes: PathBuf,
    /// Zalo programmes, shared by every station: `out/.cache/zalo`.
    pub zalo: PathBuf,
    /// Slot pieces shared by every station (programmes, jingle, silence, spoken dates):
    /// `out/.cache/pieces`.
    pub pieces: PathBuf,
    /// Spoken announcements of the station: `out/STATION/.cache/announcements`.
    pub announcements: PathBuf,
    /// Slot mixes and the fallback of the station: `out/STATION/.cache/slots`.
    pub slots: PathBuf,
    /// Which weeks each programme aired in: `out/STATION/rotation.json`.
    pub rotation: PathBuf,
}

impl Dirs {
    /// The folders of station `id` under `out_root`, for `week_name`; the shared programme
    /// cache under `cache_root` (default `out_root/.cache`).
    pub fn new(out_root: &Path, cache_root: Option<&Path>, id: &str, week_name: String) -> Dirs {
        let station_dir = out_root.join(id);
        let cache = cache_root.map_or_else(|| out_root.join(".cache"), Path::to_path_buf);
        let station_cache = station_dir.join(".cache");
        Dirs {
            programmes: cache.join("programmes"),
            zalo: cache.join("zalo"),
            pieces: cache.join("pieces"),
            announcements: station_cache.join("announcements"),
            slots: station_cache.join("slots"),
            rotation: station_dir.join("rotation.json"),
            week: WeekFolder::new(station_dir, week_name),
        }
    }
}

/// What a build loads before its steps; owned here, borrowed by [`Cx`].
pub(super) struct Loaded<'p> {
    setup: Setup<'p>,
    profile_name: String,
    dirs: Dirs,
}

impl<'p> Loaded<'p> {
    /// Loads the lexicon and the templates, and names the station's profile and folders.
    pub fn new(req: &WeekRequest<'p>, station: &StationFile) -> Result<Loaded<'p>> {
        let (setup, _) = Setup::load(req.project);
        Ok(Loaded {
            setup: setup?,
            profile_name: profile_name(station),
            dirs: Dirs::new(
                req.out_root,
                req.cache_root,
                &station.station.id,
                req.week.to_string(),
            ),
        })
    }
}

/// The profile of the station's first slot (the loudspeaker one if it has none).
pub(super) fn profile_name(station: &StationFile) -> String {
    station
        .slots
        .first()
        .map(|s| s.profile.clone())
        .unwrap_or_else(|| "loudspeaker".into())
}

/// What every step of a week needs.
pub(super) struct Cx<'a> {
    /// The request.
    pub req: &'a WeekRequest<'a>,
    /// The station file, parsed once.
    pub station: &'a StationFile,
    /// The station's profile.
    pub profile: &'a Profile,
    /// Where things are cached and written.
    pub dirs: &'a Dirs,
    /// Scripts in their in-slot variant (the same for every station).
    pub script: ScriptContext<'a>,
    /// Rendering in the station's profile, as MP3, into the shared programme cache.
    pub opts: RenderOptions<'a>,
    /// Clips prepared for the frame pieces, kept between assemblies.
    pub pieces: PieceCache,
}

impl<'a> Cx<'a> {
    /// The context of one build; fails if the station's profile is unknown.
    pub fn new(
        req: &'a WeekRequest<'a>,
        station: &'a StationFile,
        loaded: &'a Loaded<'_>,
    ) -> Result<Cx<'a>> {
        let project = req.project;
        let root = project.root.as_path();
        let profile = project
            .config
            .profile
            .get(&loaded.profile_name)
            .ok_or_else(|| Error::Config {
                path: req.station_path.to_path_buf(),
                line: 1,
                message: format!("unknown profile `{}`", loaded.profile_name),
            })?;
        let script = loaded.setup.context(&station.station, true);
        let opts = RenderOptions {
            root,
            profile_name: &loaded.profile_name,
            profile,
            audio: &project.config.audio,
            format: Format::Mp3,
            missing: req.missing,
            tags: common_tags(),
            out_dir: &loaded.dirs.programmes,
        };
        Ok(Cx {
            req,
            station,
            profile,
            dirs: &loaded.dirs,
            script,
            opts,
            pieces: Mutex::new(HashMap::new()),
        })
    }

    /// The project root.
    pub fn root(&self) -> &'a Path {
        &self.req.project.root
    }

    /// `[station]` of the station file.
    pub fn info(&self) -> &'a StationInfo {
        &self.station.station
    }

    /// MP3 at the profile's bit rate.
    pub fn encoding(&self) -> Encoding {
        Encoding {
            format: Format::Mp3,
            mp3_kbps: self.profile.mp3_kbps,
        }
    }

    /// A light master for slot mixes and the fallback: their pieces are already processed.
    pub fn slot_master(&self) -> Mastering {
        Mastering {
            highpass_hz: None,
            lowpass_hz: None,
            presence_db: None,
            compressor: None,
            max_lra_lu: None,
            leveler_db: 0.0,
            ..self.profile.master.clone()
        }
    }
}

/// Tags common to every rendered programme: the album only.
pub(super) fn common_tags() -> Tags {
    Tags {
        language: String::new(),
        album: ALBUM.into(),
        ..Tags::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::week::testkit::{slot, station};

    #[test]
    fn the_profile_is_the_first_slots_or_the_loudspeaker() {
        let cases = [
            (vec![], "loudspeaker"),
            (vec![slot("a", &["story"], "zalo")], "zalo"),
            (
                vec![slot("a", &["story"], "horn"), slot("b", &["story"], "zalo")],
                "horn",
            ),
        ];
        for (slots, want) in cases {
            assert_eq!(profile_name(&station(slots)), want);
        }
    }

    #[test]
    fn the_folders_of_a_station() {
        let d = Dirs::new(Path::new("out"), None, "xa", "2026-W50".into());
        let cases = [
            (d.programmes.as_path(), "out/.cache/programmes"),
            (&d.zalo, "out/.cache/zalo"),
            (&d.pieces, "out/.cache/pieces"),
            (&d.announcements, "out/xa/.cache/announcements"),
            (&d.slots, "out/xa/.cache/slots"),
            (&d.rotation, "out/xa/rotation.json"),
            (&d.week.dir, "out/xa/2026-W50"),
            (&d.week.station_dir, "out/xa"),
        ];
        for (got, want) in cases {
            assert_eq!(got, Path::new(want));
        }
        assert_eq!(d.week.week_name, "2026-W50");
    }

    #[test]
    fn common_tags_carry_the_album_only() {
        let t = common_tags();
        assert_eq!(t.album, "Làng số");
        assert_eq!(
            Tags {
                language: String::new(),
                album: String::new(),
                ..t
            },
            Tags::default()
        );
    }
}
