//! The weeks on air: parsing `--week` and date-times in the station's zone, and loading the
//! slots of the week folders that `loaxa week` wrote.

use std::path::Path;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use loaxa::playout::{self, Slot};
use loaxa::schedule::Week;

use crate::cli::flag_error;

/// A date-time in the station's zone: RFC 3339, or local `YYYY-MM-DDTHH:MM[:SS]` / with a space.
pub fn parse_time(flag: &str, s: &str, tz: Tz) -> loaxa::Result<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let s2 = s.replace(' ', "T");
    for f in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(&s2, f) {
            return tz
                .from_local_datetime(&n)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .ok_or_else(|| flag_error(flag, format!("`{s}` does not exist in {tz}")));
        }
    }
    Err(flag_error(
        flag,
        format!("`{s}` is not a date-time; write 2026-11-30T05:00 (station time) or RFC 3339"),
    ))
}

/// `--week`.
pub fn parse_week(s: &str) -> loaxa::Result<Week> {
    s.parse::<Week>().map_err(|m| flag_error("--week", m))
}

/// When a week starts in the station's zone.
pub fn week_start(w: Week, tz: Tz) -> Option<DateTime<Utc>> {
    let monday = w.monday().and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&monday)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The weeks from that of `from` to that of `until` (at most 60).
pub fn weeks_between(from: DateTime<Utc>, until: DateTime<Utc>, tz: Tz) -> Vec<Week> {
    let mut w = Week::of(from.with_timezone(&tz).date_naive());
    let last = Week::of(until.with_timezone(&tz).date_naive());
    let mut v = vec![w];
    while w != last && v.len() < 60 {
        w = w.next();
        v.push(w);
    }
    v
}

/// The slots of those `weeks` whose folder holds a plan; `warn` hears of the others.
pub fn load_weeks(
    station_dir: &Path,
    weeks: &[Week],
    warn: &mut dyn FnMut(String),
) -> loaxa::Result<Vec<Slot>> {
    let mut slots = Vec::new();
    for w in weeks {
        let folder = station_dir.join(w.to_string());
        if !folder.join("plan.json").is_file() {
            warn(format!(
                "no plan for {w} in {}: run `loaxa week --week {w}`",
                folder.display()
            ));
            continue;
        }
        slots.extend(playout::load_week(&folder)?.slots);
    }
    Ok(slots)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_in_the_station_zone() {
        let tz: Tz = "Asia/Ho_Chi_Minh".parse().unwrap();
        let want = Utc.with_ymd_and_hms(2026, 11, 29, 22, 0, 0).unwrap();
        for s in [
            "2026-11-30T05:00",
            "2026-11-30 05:00",
            "2026-11-30T05:00:00",
            "2026-11-29T22:00:00Z",
        ] {
            assert_eq!(parse_time("--from", s, tz).unwrap(), want, "{s}");
        }
        let err = parse_time("--from", "yesterday", tz)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("--from:1: `yesterday` is not a date-time"),
            "{err}"
        );
    }

    #[test]
    fn a_span_covers_every_week_it_touches() {
        let tz: Tz = "Asia/Ho_Chi_Minh".parse().unwrap();
        let w49: Week = "2026-W49".parse().unwrap();
        let from = week_start(w49, tz).unwrap();
        let until = week_start(w49.next().next(), tz).unwrap();
        assert_eq!(
            weeks_between(from, until, tz),
            [w49, w49.next(), w49.next().next()]
        );
        assert_eq!(weeks_between(from, from, tz), [w49]);
    }
}
