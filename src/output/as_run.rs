//! The as-run log: what aired, when, and how it went, one CSV row per airing, kept in the week
//! folder as `as-run.csv`. Playout writes it; a rebuilt week keeps it.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, SecondsFormat};
use chrono_tz::Tz;

/// The as-run log inside a week folder.
pub const AS_RUN: &str = "as-run.csv";
/// A simulated log that a real on-air run moved aside.
pub const AS_RUN_SIMULATED: &str = "as-run.simulated.csv";
/// Marks a week folder whose `as-run.csv` records real airings.
pub const ON_AIR_MARK: &str = ".on-air";
/// Files of a week folder that belong to playout and survive a rebuild of the week.
pub const KEPT_FILES: &[&str] = &[AS_RUN, AS_RUN_SIMULATED, ON_AIR_MARK];
/// The as-run log's header line.
pub const AS_RUN_HEADER: &str = "date,slot,planned_start,actual_start,actual_end,items,result";

/// How an airing went: the `result` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Played from the top at its time.
    Played,
    /// Started after its time, joined at the right offset.
    LateJoined,
    /// Not played: too late, or nothing playable.
    Skipped,
    /// The slot file was missing or damaged; the fallback played.
    Fallback,
    /// An emergency file.
    Emergency,
}

impl Outcome {
    /// The word in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Played => "played",
            Outcome::LateJoined => "late-joined",
            Outcome::Skipped => "skipped",
            Outcome::Fallback => "fallback",
            Outcome::Emergency => "emergency",
        }
    }
}

/// One line of the as-run log.
#[derive(Debug, Clone, PartialEq)]
pub struct AsRunRow {
    /// The week folder whose log takes the row.
    pub folder: PathBuf,
    /// Local date of the planned start.
    pub date: NaiveDate,
    /// Slot id, or `urgent`.
    pub slot: String,
    /// Planned start (for an emergency: when its file arrived).
    pub planned_start: DateTime<Tz>,
    /// When sound started (none if skipped).
    pub actual_start: Option<DateTime<Tz>>,
    /// When sound ended (none if skipped).
    pub actual_end: Option<DateTime<Tz>>,
    /// Item ids (for an emergency, its file name; for a fallback, `fallback`).
    pub items: Vec<String>,
    /// How it went.
    pub result: Outcome,
}

impl AsRunRow {
    /// The row as a CSV line (no newline).
    pub fn csv_line(&self) -> String {
        let t = |d: &Option<DateTime<Tz>>| {
            d.map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, false))
                .unwrap_or_default()
        };
        crate::csv_text::csv_line([
            self.date.format("%Y-%m-%d").to_string(),
            self.slot.clone(),
            self.planned_start
                .to_rfc3339_opts(SecondsFormat::Secs, false),
            t(&self.actual_start),
            t(&self.actual_end),
            self.items.join(" "),
            self.result.as_str().to_string(),
        ])
    }
}

/// The text of an as-run log: the header and the rows.
pub fn as_run_text(existing: Option<&str>, rows: &[&AsRunRow]) -> String {
    let mut text = match existing {
        Some(t) if t.starts_with(AS_RUN_HEADER) => t.to_string(),
        _ => format!("{AS_RUN_HEADER}\n"),
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    for row in rows {
        text.push_str(&row.csv_line());
        text.push('\n');
    }
    text
}
