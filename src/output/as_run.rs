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
pub const AS_RUN_HEADER: &str =
    "date,slot,planned_start,actual_start,actual_end,items,result,detail";
/// The header of logs written before the `detail` column; such a log is converted (each row
/// gains an empty detail) when a row is added to it.
pub const AS_RUN_HEADER_V1: &str = "date,slot,planned_start,actual_start,actual_end,items,result";

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
    /// A relay slot: the stream aired (with any stretch of fallback in the detail).
    Relayed,
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
            Outcome::Relayed => "relayed",
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
    /// What happened, in words: a relay's outages and fallback times, why a slot fell back.
    pub detail: String,
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
            self.detail.clone(),
        ])
    }
}

/// The text of an as-run log: the header and the rows. A log in the older layout (no
/// `detail` column) keeps every row, each with an empty detail.
pub fn as_run_text(existing: Option<&str>, rows: &[&AsRunRow]) -> String {
    let mut text = match existing {
        Some(t) if t.starts_with(AS_RUN_HEADER) => t.to_string(),
        Some(t) if t.starts_with(AS_RUN_HEADER_V1) => with_detail_column(t),
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

/// An older log with the `detail` column added: the new header, and an empty detail at the end
/// of each row.
fn with_detail_column(old: &str) -> String {
    let mut lines = old.lines();
    lines.next();
    let mut text = format!("{AS_RUN_HEADER}\n");
    for line in lines.filter(|l| !l.is_empty()) {
        text.push_str(line);
        text.push_str(",\n");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_log_gains_the_detail_column_and_keeps_its_rows() {
        let old = format!(
            "{AS_RUN_HEADER_V1}\n2026-11-30,sang,2026-11-30T05:30:00+07:00,2026-11-30T05:30:00+07:00,2026-11-30T05:45:00+07:00,a b,played\n\
             2026-11-30,chieu,2026-11-30T17:00:00+07:00,,,,skipped\n"
        );
        let text = as_run_text(Some(&old), &[]);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header.join(","), AS_RUN_HEADER);
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][6], "played");
        assert_eq!(&rows[0][7], "");
        assert_eq!(&rows[1][6], "skipped");
    }
}
