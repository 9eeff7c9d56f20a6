//! `[station] on_air`: when the station broadcasts, said at the close of every slot so that
//! listeners know when to listen next ("5h30 và 17h, từ thứ hai đến thứ bảy"). The operator
//! writes it in their own words; this check keeps it true to the slots' times.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::check::Check;
use super::SlotSpec;
use crate::project::station::StationInfo;

/// `5h30`, `17h`, `17h00`, `17:00`.
static TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})(?:h|:)(\d{2})?\b").expect("built-in pattern"));

/// The times of day named in a text, as (hour, minute).
pub(super) fn times_in(text: &str) -> BTreeSet<(u32, u32)> {
    TIME.captures_iter(text)
        .filter_map(|c| {
            let h: u32 = c[1].parse().ok()?;
            let m: u32 = c.get(2).map_or(Some(0), |m| m.as_str().parse().ok())?;
            (h < 24 && m < 60).then_some((h, m))
        })
        .collect()
}

/// A slot's time of day when its cron names a single minute and hour.
pub(super) fn slot_time(cron: &str) -> Option<(u32, u32)> {
    let mut fields = cron.split_whitespace();
    let minute = fields.next()?.parse().ok()?;
    let hour = fields.next()?.parse().ok()?;
    Some((hour, minute))
}

/// Warns when `on_air` is missing, or names a time no slot starts at, or leaves out one that
/// a slot does.
pub(super) fn check_on_air(
    check: &mut Check,
    station: &StationInfo,
    slots: &[SlotSpec],
    station_line: Option<usize>,
) {
    let line = check.key_line("on_air", station_line);
    let Some(text) = &station.on_air else {
        let message = "no `on_air`: the closing cannot tell listeners when the station is on next";
        let warning = check
            .warning(station_line, "on_air", message)
            .with_hint("on_air = \"5h30 và 17h, từ thứ hai đến thứ bảy\"");
        return check.push(warning);
    };
    let said = times_in(text);
    let slot_times: BTreeSet<(u32, u32)> =
        slots.iter().filter_map(|s| slot_time(&s.cron)).collect();
    let fmt = |(h, m): &(u32, u32)| format!("{h}h{m:02}");
    let missing: Vec<String> = slot_times.difference(&said).map(fmt).collect();
    let extra: Vec<String> = said.difference(&slot_times).map(fmt).collect();
    if missing.is_empty() && extra.is_empty() {
        return;
    }
    let mut message = format!("`{text}` does not match the slots:");
    if !missing.is_empty() {
        message.push_str(&format!(
            " a slot starts at {} but it is not said;",
            missing.join(", ")
        ));
    }
    if !extra.is_empty() {
        message.push_str(&format!(" no slot starts at {};", extra.join(", ")));
    }
    let message = message.trim_end_matches(';').to_string();
    let warning = check
        .warning(line, "on_air", message)
        .with_hint("say every slot's start time, as the cron lines give them");
    check.push(warning);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_said_and_slot_times() {
        let t = |s: &str| times_in(s).into_iter().collect::<Vec<_>>();
        assert_eq!(t("5h30 và 17h, từ thứ hai đến thứ bảy"), [(5, 30), (17, 0)]);
        assert_eq!(t("6:00 và 17h00"), [(6, 0), (17, 0)]);
        assert_eq!(t("25h và 7h75"), []);
        assert_eq!(t("sáng và chiều"), []);
        for (cron, want) in [
            ("30 5 * * Mon-Sat", Some((5, 30))),
            ("0 17 * * 1-6", Some((17, 0))),
            ("*/15 6 * * *", None),
            ("0 6,17 * * *", None),
        ] {
            assert_eq!(slot_time(cron), want, "{cron}");
        }
    }
}
