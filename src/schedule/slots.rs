//! `[[slot]]`s: id, cron, length, the kinds of item allowed and the mastering profile, or the
//! stream a relay slot airs, each checked on its own line; then that there is at least one slot
//! and no id is used twice.

use chrono::Duration;
use toml::Spanned;

use super::check::Check;
use super::cron::schedule_of;
use super::raw::RawSlot;
use super::{Known, SlotSpec};

const KINDS: [&str; 3] = ["story", "howto", "announcement"];

const CRON_HINT: &str =
    "five fields: minute hour day month weekday, e.g. \"30 6 * * 1-6\" or \"0 17 * * Mon-Sat\"";

/// Parses `20m`, `1h`, `1h30m`, `90s`, `45` (minutes).
pub fn parse_length(s: &str) -> Option<Duration> {
    let s = s.trim();
    if let Ok(m) = s.parse::<i64>() {
        return (m > 0).then(|| Duration::minutes(m));
    }
    let mut total = 0i64;
    let mut num = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: i64 = num.parse().ok()?;
        num.clear();
        total += match c {
            'h' => n * 3600,
            'm' => n * 60,
            's' => n,
            _ => return None,
        };
    }
    (num.is_empty() && total > 0).then(|| Duration::seconds(total))
}

/// The usable slots, in file order; problems are reported, and a slot whose cron or length
/// cannot be read is left out.
pub(super) fn check_slots(
    check: &mut Check,
    raw: Vec<RawSlot>,
    known: &Known,
    station_line: Option<usize>,
) -> Vec<SlotSpec> {
    let slots: Vec<SlotSpec> = raw
        .into_iter()
        .filter_map(|s| check_slot(check, s, known))
        .collect();
    if slots.is_empty() && check.is_clean() {
        let none = check
            .error(station_line, "slot", "the station has no [[slot]]")
            .with_hint("add [[slot]] tables with id, name, cron and length");
        check.push(none);
    }
    check_unique_ids(check, &slots);
    slots
}

fn check_slot(check: &mut Check, s: RawSlot, known: &Known) -> Option<SlotSpec> {
    let line = check.line(s.id.span());
    let cron_line = check.line(s.cron.span());
    let id = s.id.into_inner();
    if !crate::content::is_slug(&id) {
        check.report(line, "slot.id", format!("`{id}` is not a slug"));
    }
    let schedule = match schedule_of(s.cron.get_ref()) {
        Ok(schedule) => schedule,
        Err(m) => {
            check.push(check.error(cron_line, "cron", m).with_hint(CRON_HINT));
            return None;
        }
    };
    let length = check_length(check, &s.length)?;
    let relay = s
        .relay
        .and_then(|r| check_relay(check, r, s.kinds.is_some()));
    let kinds = check_kinds(check, s.kinds, line);
    let profile = check_profile(check, s.profile, known);
    Some(SlotSpec {
        relay,
        id,
        name: s.name.into_inner(),
        cron: s.cron.into_inner(),
        schedule,
        length,
        kinds,
        profile,
        line: cron_line.unwrap_or(1),
    })
}

/// A relay's stream: an http(s) URL of an MP3 or AAC stream (an HLS playlist is not one),
/// in a slot that sets no `kinds` (it airs no items).
fn check_relay(check: &mut Check, relay: Spanned<String>, has_kinds: bool) -> Option<String> {
    let line = check.line(relay.span());
    let url = relay.into_inner();
    if has_kinds {
        check.report(
            line,
            "kinds",
            "a relay slot airs its stream, not items: remove `kinds`".to_string(),
        );
    }
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let problem = match crate::stream_url::StreamUrl::parse(&url) {
        Err(why) => Some(why),
        Ok(_) if path.ends_with(".m3u8") || path.ends_with(".m3u") || path.ends_with(".pls") => {
            Some("a playlist, not a stream; give the MP3 or AAC stream it points to".to_string())
        }
        Ok(_) => None,
    };
    match problem {
        Some(why) => {
            let bad = check
                .error(line, "relay", format!("`{url}` is not a stream URL: {why}"))
                .with_hint("an Icecast or HTTP MP3/AAC stream, e.g. \"http://stream.example.vn:8000/vov1.mp3\"");
            check.push(bad);
            None
        }
        None => Some(url),
    }
}

fn check_length(check: &mut Check, length: &Spanned<String>) -> Option<Duration> {
    let parsed = parse_length(length.get_ref());
    if parsed.is_none() {
        let message = format!(
            "`{}` is not a length like \"20m\" or \"1h\"",
            length.get_ref()
        );
        check.report(check.line(length.span()), "length", message);
    }
    parsed
}

/// The kinds a slot allows (all of them when not given); unknown kinds are reported.
fn check_kinds(
    check: &mut Check,
    kinds: Option<Spanned<Vec<String>>>,
    slot_line: Option<usize>,
) -> Vec<String> {
    let (line, kinds) = match kinds {
        Some(k) => (check.line(k.span()), k.into_inner()),
        None => (slot_line, KINDS.map(String::from).to_vec()),
    };
    for k in kinds.iter().filter(|k| !KINDS.contains(&k.as_str())) {
        let unknown = check
            .error(line, "kinds", format!("unknown kind `{k}`"))
            .with_hint("use story, howto, announcement");
        check.push(unknown);
    }
    kinds
}

/// The slot's mastering profile, `loudspeaker` when not given; one `loaxa.toml` lacks is
/// reported.
fn check_profile(check: &mut Check, profile: Option<Spanned<String>>, known: &Known) -> String {
    let Some(p) = profile else {
        return "loudspeaker".to_string();
    };
    if !known.profiles.contains(p.get_ref()) {
        let unknown = check
            .error(
                check.line(p.span()),
                "profile",
                format!("unknown profile `{}`", p.get_ref()),
            )
            .with_hint(format!("profiles: {}", known.profiles.join(", ")));
        check.push(unknown);
    }
    p.into_inner()
}

/// Reports every later slot that reuses an earlier slot's id, once per pair.
fn check_unique_ids(check: &mut Check, slots: &[SlotSpec]) {
    for (i, a) in slots.iter().enumerate() {
        for b in slots[i + 1..].iter().filter(|b| b.id == a.id) {
            check.report(
                Some(b.line),
                "slot.id",
                format!("slot id `{}` used twice", b.id),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        for (s, secs) in [
            ("20m", Some(1200)),
            ("1h", Some(3600)),
            ("1h30m", Some(5400)),
            ("45", Some(2700)),
            ("90s", Some(90)),
            (" 2h ", Some(7200)),
            ("0m", None),
            ("-5", None),
            ("soon", None),
            ("20x", None),
            ("20m5", None),
            ("m", None),
        ] {
            assert_eq!(parse_length(s).map(|d| d.num_seconds()), secs, "{s}");
        }
    }
}
