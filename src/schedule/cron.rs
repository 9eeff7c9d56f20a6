//! Cron as operators write it — five fields, `30 6 * * 1-6` is Monday to Saturday at 06:30, 0
//! and 7 are Sunday, names like `Mon-Sat` work — converted for the `cron` crate, which wants a
//! seconds field and counts 1 = Sunday; and the start times a slot's cron gives in a week.

use std::str::FromStr;

use chrono::{DateTime, Duration, NaiveTime, TimeZone};
use chrono_tz::Tz;

use super::{SlotSpec, Week};

const DOW_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// `0`–`7` or a name of three letters or more, as 0 = Sunday … 6 = Saturday.
fn dow_number(token: &str) -> Option<u32> {
    if let Ok(n) = token.parse::<u32>() {
        return (n <= 7).then_some(n % 7);
    }
    let t = token.to_lowercase();
    DOW_NAMES
        .iter()
        .position(|n| t.starts_with(&n.to_lowercase()) && t.len() >= 3)
        .map(|p| p as u32)
}

/// One comma-separated part split into its range and its step (`1-5/2` → `1-5`, 2).
fn dow_step(part: &str) -> Result<(&str, u32), String> {
    let (range, step) = match part.split_once('/') {
        Some((r, s)) => (
            r,
            s.parse::<u32>()
                .map_err(|_| format!("bad step `{s}` in the day-of-week field"))?,
        ),
        None => (part, 1),
    };
    if step == 0 {
        return Err("a step of 0 in the day-of-week field".into());
    }
    Ok((range, step))
}

/// The first and last day a range covers; 7 may end a range as Sunday (`5-7`).
fn dow_range(range: &str, step: u32) -> Result<(u32, u32), String> {
    if range == "*" {
        return Ok((0, 6));
    }
    let Some((a, b)) = range.split_once('-') else {
        let d = dow_number(range).ok_or_else(|| format!("unknown day `{range}`"))?;
        return Ok((d, if step > 1 { 6 } else { d }));
    };
    let a = dow_number(a).ok_or_else(|| format!("unknown day `{a}`"))?;
    let b = match b.parse::<u32>() {
        Ok(7) => 7,
        _ => dow_number(b).ok_or_else(|| format!("unknown day `{b}`"))?,
    };
    if b < a {
        return Err(format!("day range `{range}` runs backwards"));
    }
    Ok((a, b))
}

/// The day-of-week field as a set of days (0 = Sunday … 6 = Saturday).
fn parse_dow(field: &str) -> Result<[bool; 7], String> {
    let mut days = [false; 7];
    for part in field.split(',') {
        let (range, step) = dow_step(part)?;
        let (from, to) = dow_range(range, step)?;
        for d in (from..=to).step_by(step as usize) {
            days[(d % 7) as usize] = true;
        }
    }
    Ok(days)
}

/// The weekday field in the `cron` crate's form: `*`, or the days it names (`Mon,Wed,Fri`).
fn dow_names(field: &str) -> Result<String, String> {
    if field == "*" {
        return Ok("*".to_string());
    }
    let days = parse_dow(field)?;
    let names: Vec<&str> = (0..7).filter(|d| days[*d]).map(|d| DOW_NAMES[d]).collect();
    if names.is_empty() {
        return Err("the day-of-week field names no day".into());
    }
    Ok(names.join(","))
}

/// The six-field text, not yet checked by the `cron` crate.
fn six_fields(five: &str) -> Result<String, String> {
    let fields: Vec<&str> = five.split_whitespace().collect();
    let [minute, hour, day, month, weekday] = fields[..] else {
        return Err(format!(
            "cron needs 5 fields (minute hour day month weekday), `{five}` has {}",
            fields.len()
        ));
    };
    let dow = dow_names(weekday)?;
    Ok(format!("0 {minute} {hour} {day} {month} {dow}"))
}

fn parse_six(five: &str, six: &str) -> Result<cron::Schedule, String> {
    cron::Schedule::from_str(six).map_err(|e| format!("invalid cron `{five}`: {e}"))
}

/// Converts standard 5-field cron to the `cron` crate's 6-field form with named weekdays.
pub fn convert_cron(five: &str) -> Result<String, String> {
    let six = six_fields(five)?;
    parse_six(five, &six)?;
    Ok(six)
}

/// Standard 5-field cron as a `cron` schedule (the same errors as [`convert_cron`]).
pub(super) fn schedule_of(five: &str) -> Result<cron::Schedule, String> {
    parse_six(five, &six_fields(five)?)
}

/// Start times of a slot within a week, in the station's time zone.
pub fn occurrences(slot: &SlotSpec, tz: Tz, week: Week) -> Vec<DateTime<Tz>> {
    let start_local = week.monday().and_time(NaiveTime::MIN);
    let Some(start) = tz.from_local_datetime(&start_local).earliest() else {
        return Vec::new();
    };
    let end = start + Duration::days(7);
    slot.schedule
        .after(&(start - Duration::seconds(1)))
        .take_while(|t| *t < end)
        .collect()
}

/// When the station broadcasts next after `after`: the earliest start of any of its slots
/// (in a later week too).
pub fn next_start(slots: &[SlotSpec], after: DateTime<Tz>) -> Option<DateTime<Tz>> {
    slots
        .iter()
        .filter_map(|s| s.schedule.after(&after).next())
        .min()
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, Weekday};

    use super::*;

    #[test]
    fn converts_cron_as_operators_write_it() {
        // (standard cron, cron-crate form)
        for (five, six) in [
            ("30 6 * * 1-6", "0 30 6 * * Mon,Tue,Wed,Thu,Fri,Sat"),
            ("0 17 * * 0", "0 0 17 * * Sun"),
            ("0 17 * * 7", "0 0 17 * * Sun"),
            ("0 17 * * 5-7", "0 0 17 * * Sun,Fri,Sat"),
            ("0 6 * * Mon-Sat", "0 0 6 * * Mon,Tue,Wed,Thu,Fri,Sat"),
            ("0 6 * * mon,wed,FRI", "0 0 6 * * Mon,Wed,Fri"),
            ("0 6 * * */2", "0 0 6 * * Sun,Tue,Thu,Sat"),
            ("0 6 * * 1-5/2", "0 0 6 * * Mon,Wed,Fri"),
            ("0 6 * * Thu/2", "0 0 6 * * Thu,Sat"),
            ("0 6 * * 1-6/4294967295", "0 0 6 * * Mon"),
            ("0 6 * * Sat/4294967295", "0 0 6 * * Sat"),
            ("*/30 6-7 * * *", "0 */30 6-7 * * *"),
            ("0 6,17 1-15 * 1", "0 0 6,17 1-15 * Mon"),
        ] {
            assert_eq!(convert_cron(five).unwrap(), six, "{five}");
            assert!(schedule_of(five).is_ok(), "{five}");
        }
    }

    #[test]
    fn rejects_bad_cron_with_a_reason() {
        // (cron, start of the message)
        for (bad, why) in [
            ("30 6 * *", "cron needs 5 fields"),
            ("0 6 * * * *", "cron needs 5 fields"),
            ("61 6 * * *", "invalid cron `61 6 * * *`"),
            ("0 25 * * *", "invalid cron"),
            ("0 6 * * 8", "unknown day `8`"),
            ("0 6 * * Funday", "unknown day `Funday`"),
            ("0 6 * * Mo", "unknown day `Mo`"),
            ("0 6 * * 5-1", "day range `5-1` runs backwards"),
            ("0 6 * * */0", "a step of 0"),
            ("0 6 * * */x", "bad step `x`"),
        ] {
            let got = convert_cron(bad).unwrap_err();
            assert!(got.starts_with(why), "{bad}: {got}");
            assert_eq!(schedule_of(bad).unwrap_err(), got, "{bad}");
        }
    }

    fn spec(id: &str, five: &str) -> SlotSpec {
        SlotSpec {
            relay: None,
            id: id.into(),
            name: id.into(),
            cron: five.into(),
            schedule: schedule_of(five).unwrap(),
            length: Duration::minutes(20),
            kinds: vec![],
            profile: "loudspeaker".into(),
            line: 1,
        }
    }

    #[test]
    fn the_next_broadcast_is_the_earliest_slot_start_after_this_one() {
        let slots = [spec("sang", "30 5 * * 1-6"), spec("chieu", "0 17 * * 1-6")];
        let tz = Tz::Asia__Ho_Chi_Minh;
        let at = |d: u32, h: u32, m: u32| tz.with_ymd_and_hms(2026, 12, d, h, m, 0).unwrap();
        // (this slot's start, the next one's) from Monday 7 December 2026
        for (now, next) in [
            (at(7, 5, 30), at(7, 17, 0)),
            (at(7, 17, 0), at(8, 5, 30)),
            (at(12, 17, 0), at(14, 5, 30)), // Saturday evening: Monday morning
            (at(13, 9, 0), at(14, 5, 30)),
        ] {
            assert_eq!(next_start(&slots, now), Some(next), "{now}");
        }
        assert_eq!(next_start(&[], at(7, 5, 30)), None);
    }

    #[test]
    fn occurrences_follow_cron_in_the_station_time_zone() {
        let slot = spec("sang", "30 5 * * 1-6");
        let week: Week = "2026-W49".parse().unwrap();
        let times = occurrences(&slot, Tz::Asia__Ho_Chi_Minh, week);
        assert_eq!(times.len(), 6);
        assert_eq!(times[0].to_rfc3339(), "2026-11-30T05:30:00+07:00");
        assert_eq!(times[5].to_rfc3339(), "2026-12-05T05:30:00+07:00");
        assert!(times.iter().all(|t| t.weekday() != Weekday::Sun));
    }
}
