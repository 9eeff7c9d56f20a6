//! Reading a station file: the TOML, then the checks in the order their problems are listed —
//! `[station]`, the slots and their overlaps, `[rules]`, the announcements. Every problem is
//! reported with the station file's line; the file is returned only when none is an error.

use std::path::Path;

use chrono_tz::Tz;

use super::announcements::check_announcements;
use super::check::Check;
use super::on_air;
use super::overlap::check_overlaps;
use super::raw::RawFile;
use super::rules::check_rules;
use super::slots::check_slots;
use super::{Known, SlotSpec, StationFile};
use crate::diagnostic::{line_of, Diagnostic};
use crate::project::station::{is_placeholder_phone, StationInfo};

/// Reads and validates a station file. Returns it (when usable) and every problem found.
pub fn load(path: &Path, rel: &Path, known: &Known) -> (Option<StationFile>, Vec<Diagnostic>) {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, rel, known),
        Err(e) => {
            let unreadable = Diagnostic::error(rel, None, "file", format!("cannot read: {e}"));
            (None, vec![unreadable])
        }
    }
}

/// Validates the text of a station file (`rel` names it in the diagnostics). Never panics,
/// whatever the text: fuzzed by `fuzz/fuzz_targets/station.rs`.
pub fn parse(text: &str, rel: &Path, known: &Known) -> (Option<StationFile>, Vec<Diagnostic>) {
    let mut check = Check::new(text, rel);
    let Some(raw) = read_toml(&mut check) else {
        return (None, check.into_diagnostics());
    };
    let station_line = check.line(raw.station.span());
    let station = raw.station.into_inner();
    let tz = time_zone(&mut check, &station, station_line);
    week_start(&mut check, &station, station_line);
    placeholder_phone(&mut check, &station, station_line, known.demo);
    let before_slots = check.errors();
    let slots = check_slots(&mut check, raw.slot, known, station_line);
    check_overlaps(&mut check, &slots, tz);
    // Relays are other stations' broadcasts: the close says when this station speaks.
    let (relays, slots): (Vec<SlotSpec>, Vec<SlotSpec>) =
        slots.into_iter().partition(|s| s.relay.is_some());
    if check.errors() == before_slots {
        // With a slot refused, its time is unknown: the check would mislead.
        on_air::check_on_air(&mut check, &station, &slots, station_line);
    }
    let rules = check_rules(&mut check, raw.rules);
    let announcements = check_announcements(&mut check, raw.announcement, raw.bulletin, known);
    let usable = !check.has_errors();
    let file = StationFile {
        path: rel.to_path_buf(),
        station,
        tz,
        slots,
        relays,
        rules,
        announcements,
    };
    (usable.then_some(file), check.into_diagnostics())
}

/// The file's TOML in its raw shape, or `None` with the TOML error reported.
fn read_toml(check: &mut Check) -> Option<RawFile> {
    match toml::from_str(check.text()) {
        Ok(raw) => Some(raw),
        Err(e) => {
            let line = e.span().map(|s| line_of(check.text(), s.start));
            check.report(line, "toml", e.message().trim());
            None
        }
    }
}

/// The station's time zone; Asia/Ho_Chi_Minh (with the problem reported) when it is unknown.
fn time_zone(check: &mut Check, station: &StationInfo, station_line: Option<usize>) -> Tz {
    station.timezone.parse().unwrap_or_else(|_| {
        let line = check.key_line("timezone", station_line);
        let message = format!("unknown time zone `{}`", station.timezone);
        check.push(
            check
                .error(line, "timezone", message)
                .with_hint("use an IANA name such as Asia/Ho_Chi_Minh"),
        );
        Tz::Asia__Ho_Chi_Minh
    })
}

/// A placeholder phone number must not air: listeners would call a stranger. The shipped demo
/// says `demo = true`; `--demo` lets it through for one run.
fn placeholder_phone(
    check: &mut Check,
    station: &StationInfo,
    station_line: Option<usize>,
    demo: bool,
) {
    let phone = &station.team.phone;
    if demo || station.demo || phone.is_empty() || !is_placeholder_phone(phone) {
        return;
    }
    let line = check.key_line("team", station_line);
    let message = format!(
        "the phone number `{phone}` looks like a placeholder, and every programme reads it out"
    );
    check.push(check.error(line, "team.phone", message).with_hint(
        "put your community digital team's real number; to build a demo week anyway, run with --demo",
    ));
}

/// Weeks are ISO weeks: `week_start` must be Monday.
fn week_start(check: &mut Check, station: &StationInfo, station_line: Option<usize>) {
    if !station.week_start.eq_ignore_ascii_case("monday") {
        let line = check.key_line("week_start", station_line);
        let message = format!(
            "`{}`: weeks are ISO weeks and start on Monday",
            station.week_start
        );
        check.report(line, "week_start", message);
    }
}
