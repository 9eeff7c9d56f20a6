//! `plan.json`: the week as planned, written by `loaxa week` and read back by playout through
//! the same types, so the writer and the reader cannot drift apart. Also the pretty-JSON writer
//! the other JSON files of a week folder use.
//!
//! The fields playout does not need carry `#[serde(default)]`, so a plan written by hand (or by
//! an older loaxa) with only ids, times and files still reads; they are always written.

use chrono::DateTime;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// One item of a slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemOut {
    /// Item or announcement id.
    pub id: String,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// `story`, `howto` or `announcement`.
    #[serde(default)]
    pub kind: String,
    /// `normal`, `priority` or `emergency`.
    #[serde(default)]
    pub priority: String,
    /// Length in seconds.
    #[serde(default)]
    pub duration_s: f64,
    /// File, relative to the week folder.
    #[serde(default)]
    pub file: String,
    /// SHA-256 of the file (in `schedule.csv`, not in `plan.json`).
    #[serde(skip)]
    pub sha256: String,
    /// The language of a recorded notice (ISO 639-3), when it is not Vietnamese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// One slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotOut {
    /// Slot id.
    pub id: String,
    /// Slot name.
    #[serde(default)]
    pub name: String,
    /// Start, RFC 3339 with the offset.
    pub start: String,
    /// End, RFC 3339 with the offset.
    pub end: String,
    /// Slot length in seconds.
    #[serde(default)]
    pub length_s: f64,
    /// The ready-mixed file, relative to the week folder (empty for a relay).
    #[serde(default)]
    pub file: String,
    /// Length of the ready-mixed file in seconds.
    pub duration_s: f64,
    /// Items in airing order.
    pub items: Vec<ItemOut>,
    /// A relay slot: the stream it airs live (then it has no file and no items).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<String>,
    /// Start as a date-time, for the other formats (not in `plan.json`; `None` when read).
    #[serde(skip)]
    pub start_dt: Option<DateTime<Tz>>,
}

/// `plan.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanOut {
    /// Station id.
    pub station: String,
    /// Station name.
    #[serde(default)]
    pub station_name: String,
    /// `2026-W49`.
    pub week: String,
    /// IANA time zone.
    pub timezone: String,
    /// Slots in time order.
    pub slots: Vec<SlotOut>,
    /// Planning notes: under- and over-filled slots, items waiting.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// Pretty JSON with a final newline.
pub fn json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixture;

    #[test]
    fn plan_json_reads_back_into_the_same_type() {
        let plan = fixture::plan();
        let back: PlanOut = serde_json::from_str(&json(&plan)).unwrap();
        let mut want = plan;
        for s in &mut want.slots {
            s.start_dt = None;
            for i in &mut s.items {
                i.sha256.clear();
            }
        }
        assert_eq!(back, want);
    }

    #[test]
    fn plan_json_leaves_out_what_only_other_formats_use() {
        let text = json(&fixture::plan());
        assert!(!text.contains("sha256"), "{text}");
        assert!(!text.contains("start_dt"), "{text}");
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn a_plan_with_only_what_playout_needs_reads() {
        let text = r#"{"station":"s","week":"2026-W49","timezone":"Asia/Ho_Chi_Minh",
            "slots":[{"id":"sang","start":"2026-11-30T05:30:00+07:00",
            "end":"2026-11-30T05:45:00+07:00","file":"slots/a.mp3","duration_s":6.0,
            "items":[{"id":"a"}]}]}"#;
        let plan: PlanOut = serde_json::from_str(text).unwrap();
        assert_eq!(plan.slots[0].items[0].id, "a");
        assert_eq!(plan.slots[0].items[0].title, "");
        assert!(plan.notes.is_empty());
    }

    #[test]
    fn plan_json_snapshot() {
        insta::assert_snapshot!(json(&fixture::plan()));
    }
}
