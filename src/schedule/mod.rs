//! Station files in full: slots on standard cron, planning rules and local announcements, and
//! the ISO weeks they are planned in.
//!
//! Cron is written as operators know it (five fields) and converted for the `cron` crate
//! ([`convert_cron`]); every problem in a station file is reported with its line.
//! Files: `week` (ISO weeks), `cron` (conversion, occurrences), `parse` (reading a file, in
//! steps), `check` (lines and problems while reading), `raw` (the TOML shapes), `slots`,
//! `overlap`, `rules`, `announcements` (one table kind each). Paths a station file names are
//! resolved by the project's one rule, [`crate::project::inside_root`].

mod announcements;
mod check;
mod cron;
pub mod notice;
pub mod lang;
mod on_air;
mod overlap;
mod parse;
mod raw;
mod rules;
mod slots;
mod week;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;
use serde::Deserialize;

pub use self::cron::{convert_cron, next_start, occurrences};
pub use self::parse::{load, parse};
pub use self::rules::weekday_key;
pub use self::slots::parse_length;
pub use self::week::Week;
use crate::content::Kind;
use crate::project::station::StationInfo;

/// When a slot plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// Ordinary notice: fills in after the programmes.
    Normal,
    /// Priority notice: ahead of normal items, spread over days and dayparts.
    Priority,
    /// Emergency: opens every slot of its valid days.
    Emergency,
}

/// A slot definition.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotSpec {
    /// Slug.
    pub id: String,
    /// "Bản tin sáng".
    pub name: String,
    /// The cron as written.
    pub cron: String,
    /// The converted schedule.
    pub schedule: ::cron::Schedule,
    /// Length.
    pub length: Duration,
    /// Kinds allowed: story, howto, announcement.
    pub kinds: Vec<String>,
    /// Mastering profile of the slot file.
    pub profile: String,
    /// A relay slot: the stream it airs live (no items, no file).
    pub relay: Option<String>,
    /// Line in the station file.
    pub line: usize,
}

/// Planning rules.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// Airings of each programme a week, in different dayparts, never twice a day.
    pub airings_per_item: u32,
    /// Topic preferred on a weekday: `mon = "thanh-toan"`.
    pub topic_by_weekday: BTreeMap<String, String>,
    /// Most items in one slot.
    pub max_items_per_slot: usize,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            airings_per_item: 2,
            topic_by_weekday: BTreeMap::new(),
            max_items_per_slot: 4,
        }
    }
}

/// A local notice.
#[derive(Debug, Clone, PartialEq)]
pub struct Announcement {
    /// Slug.
    pub id: String,
    /// Title.
    pub title: String,
    /// Text read from a script, if any.
    pub text: Option<String>,
    /// A recording inside the project, if any.
    pub file: Option<PathBuf>,
    /// Priority level (circular 39/2020/TT-BTTTT).
    pub priority: Priority,
    /// First valid day.
    pub valid_from: NaiveDate,
    /// Last valid day.
    pub valid_until: NaiveDate,
    /// Airings wanted within the validity (priority and normal).
    pub airings: u32,
    /// The language of its recording (ISO 639-3), when it is not Vietnamese.
    pub lang: Option<String>,
    /// The weekly bulletin this is, read through `bulletin.tera` (neither text nor file).
    pub bulletin: Option<crate::script::Bulletin>,
}

/// A whole station file.
#[derive(Debug, Clone)]
pub struct StationFile {
    /// The file, relative to the project.
    pub path: PathBuf,
    /// `[station]`.
    pub station: StationInfo,
    /// The station's time zone.
    pub tz: Tz,
    /// `[[slot]]`s that air items.
    pub slots: Vec<SlotSpec>,
    /// `[[slot]]`s that relay a stream (`relay = URL`).
    pub relays: Vec<SlotSpec>,
    /// `[rules]`.
    pub rules: Rules,
    /// `[[announcement]]`s.
    pub announcements: Vec<Announcement>,
}

/// What `load` needs to know about the project to validate a station file.
pub struct Known<'a> {
    /// The project root, to keep announcement files inside it.
    pub root: &'a Path,
    /// Profile names in `loaxa.toml`.
    pub profiles: Vec<String>,
    /// Building a demo (`--demo`): a placeholder phone number is not an error.
    pub demo: bool,
}

/// Kind names.
pub fn kind_name(k: Kind) -> &'static str {
    k.as_str()
}
