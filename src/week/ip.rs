//! Step 9, for IP loudspeakers (`week --base-url URL`): each slot file again under `ip/slots/`
//! (linked, not copied, where the disk allows), the fallback, and what the export adds
//! ([`StaticExport`]: `station.m3u` and `schedule.json`), every URL under the base URL the
//! output folder is served at: `BASE/STATION/WEEK/ip/…`.

use crate::error::{Error, Result};
use crate::output::ip::{base_with_slash, IpExport, IpFile, IpRelay, IpSlot, IpWeek, StaticExport};
use crate::output::{PlanOut, SlotOut};
use crate::render::sha256_hex;

use super::folder::{Files, Origin};
use super::mixes::Mix;

/// Adds `ip/` to the week's files.
pub(super) fn add_files(
    plan: &PlanOut,
    mixes: &[Option<Mix>],
    fallback: Option<&[u8]>,
    base_url: &str,
    files: &mut Files,
) -> Result<()> {
    let base = format!(
        "{}{}/{}/ip/",
        base_with_slash(base_url),
        plan.station,
        plan.week
    );
    let mut slots = Vec::new();
    // Relay slots have no file and no mix: they are left out, and the mixes line up again.
    let programmes = plan.slots.iter().filter(|s| s.relay.is_none());
    for (s, m) in programmes.zip(mixes) {
        let Some(m) = m else { continue };
        let bytes = std::fs::read(&m.file).map_err(|source| Error::Read {
            path: m.file.clone(),
            source,
        })?;
        slots.push(ip_slot(s, &bytes, &base));
        files.insert(format!("ip/{}", s.file), Origin::Copy(m.file.clone()));
    }
    let fallback = fallback.map(|f| {
        files.insert("ip/fallback.mp3".into(), Origin::Bytes(f.to_vec()));
        IpFile {
            file: "fallback.mp3".into(),
            url: format!("{base}fallback.mp3"),
            sha256: sha256_hex(f),
        }
    });
    let week = IpWeek {
        version: crate::output::ip::SCHEDULE_VERSION,
        station: plan.station.clone(),
        station_name: plan.station_name.clone(),
        week: plan.week.clone(),
        timezone: plan.timezone.clone(),
        base_url: base,
        fallback,
        slots,
        relays: relays(plan),
    };
    for (name, bytes) in StaticExport.files(&week) {
        files.insert(format!("ip/{name}"), Origin::Bytes(bytes));
    }
    Ok(())
}

/// The week's relay slots, with their streams.
fn relays(plan: &PlanOut) -> Vec<IpRelay> {
    plan.slots
        .iter()
        .filter_map(|s| {
            s.relay.as_ref().map(|url| IpRelay {
                id: s.id.clone(),
                name: s.name.clone(),
                start: s.start.clone(),
                end: s.end.clone(),
                url: url.clone(),
            })
        })
        .collect()
}

/// A slot with its file's URL, hash and size, and the highest priority of what it airs.
fn ip_slot(s: &SlotOut, bytes: &[u8], base: &str) -> IpSlot {
    IpSlot {
        id: s.id.clone(),
        name: s.name.clone(),
        start: s.start.clone(),
        end: s.end.clone(),
        file: s.file.clone(),
        url: format!("{base}{}", s.file),
        sha256: sha256_hex(bytes),
        bytes: bytes.len() as u64,
        duration_s: s.duration_s,
        priority: highest_priority(s).into(),
    }
}

/// `emergency`, else `priority`, else `normal`.
fn highest_priority(s: &SlotOut) -> &'static str {
    let has = |p: &str| s.items.iter().any(|i| i.priority == p);
    match (has("emergency"), has("priority")) {
        (true, _) => "emergency",
        (false, true) => "priority",
        _ => "normal",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::ItemOut;

    fn slot(priorities: &[&str]) -> SlotOut {
        SlotOut {
            id: "sang".into(),
            name: "Sáng".into(),
            start: "2026-12-07T05:30:00+07:00".into(),
            end: "2026-12-07T05:50:00+07:00".into(),
            length_s: 1200.0,
            file: "slots/2026-12-07_0530_sang.mp3".into(),
            duration_s: 600.0,
            items: priorities
                .iter()
                .map(|p| ItemOut {
                    lang: None,
                    id: "a".into(),
                    title: "A".into(),
                    kind: "story".into(),
                    priority: p.to_string(),
                    duration_s: 60.0,
                    file: String::new(),
                    sha256: String::new(),
                })
                .collect(),
            relay: None,
            start_dt: None,
        }
    }

    #[test]
    fn a_slot_carries_its_url_hash_size_and_highest_priority() {
        for (priorities, want) in [
            (&[][..], "normal"),
            (&["normal", "priority"][..], "priority"),
            (&["priority", "emergency", "normal"][..], "emergency"),
        ] {
            let s = ip_slot(&slot(priorities), b"abc", "http://h/dinh-tan/2026-W50/ip/");
            assert_eq!(s.priority, want, "{priorities:?}");
            assert_eq!(
                s.url,
                "http://h/dinh-tan/2026-W50/ip/slots/2026-12-07_0530_sang.mp3"
            );
            assert_eq!(
                s.sha256,
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
            );
            assert_eq!(s.bytes, 3);
        }
    }
}
