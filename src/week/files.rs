//! Step 9: every file of the week folder, in memory or as a copy from a cache: programmes and
//! announcements, slot mixes, the plan and its views (playlists, schedule, calendar, page, log
//! book), the export for IP loudspeakers when asked, the Zalo pack and the fallback. Nothing
//! here touches the disk.

use chrono::Duration;

use crate::error::Result;
use crate::output::{self, ItemOut, PlanOut, SlotOut};
use crate::plan::{Entry, Plan, PlannedSlot};
use crate::schedule::{Priority, Week};

use super::assets::WeekAssets;
use super::context::Cx;
use super::folder::{Files, Origin};
use super::mixes::{slot_file, Mix};
use super::zalo::ZaloPack;

/// What the week folder is made of.
pub(super) struct WeekParts<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// The week's programmes and notices.
    pub assets: &'a WeekAssets,
    /// Each slot's mix, in plan order.
    pub mixes: &'a [Option<Mix>],
    /// The Zalo pack.
    pub zalo: ZaloPack,
    /// The fallback, if mixed.
    pub fallback: Option<Vec<u8>>,
}

/// Every file of the week folder.
pub(super) fn week_files(cx: &Cx, parts: WeekParts) -> Result<Files> {
    let mut files: Files = parts.assets.files().collect();
    for (s, m) in parts.plan.slots.iter().zip(parts.mixes) {
        if let Some(m) = m {
            files.insert(slot_file(s), Origin::Copy(m.file.clone()));
        }
    }
    let plan_out = plan_out(cx, &parts);
    files.insert("plan.json".into(), bytes(output::json(&plan_out)));
    playlists(&plan_out, &mut files);
    documents(&plan_out, cx.req.week, &mut files)?;
    if let Some(base) = cx.req.ip_base_url {
        let fallback = parts.fallback.as_deref();
        super::ip::add_files(&plan_out, parts.mixes, fallback, base, &mut files)?;
    }
    zalo_files(cx, parts.zalo, &mut files)?;
    if let Some(f) = parts.fallback {
        files.insert("fallback.mp3".into(), Origin::Bytes(f));
    }
    Ok(files)
}

fn bytes(text: String) -> Origin {
    Origin::Bytes(text.into_bytes())
}

/// The plan as written to `plan.json`.
fn plan_out(cx: &Cx, parts: &WeekParts) -> PlanOut {
    let info = cx.info();
    let slots = parts.plan.slots.iter().zip(parts.mixes);
    let mut slots: Vec<SlotOut> = slots
        .map(|(s, m)| slot_out(s, m.as_ref(), parts.assets))
        .collect();
    slots.extend(relays_out(cx));
    slots.sort_by_key(|s| s.start_dt);
    PlanOut {
        station: info.id.clone(),
        station_name: info.name.clone(),
        week: cx.dirs.week.week_name.clone(),
        timezone: info.timezone.clone(),
        slots,
        notes: parts.plan.notes.clone(),
    }
}

/// The station's relay slots in the week: times and stream, no file, no items.
fn relays_out(cx: &Cx) -> Vec<SlotOut> {
    let st = cx.station;
    let mut out = Vec::new();
    for spec in &st.relays {
        for start in crate::schedule::occurrences(spec, st.tz, cx.req.week) {
            out.push(SlotOut {
                id: spec.id.clone(),
                name: spec.name.clone(),
                start: start.to_rfc3339(),
                end: (start + spec.length).to_rfc3339(),
                length_s: spec.length.num_seconds() as f64,
                file: String::new(),
                duration_s: 0.0,
                items: Vec::new(),
                relay: spec.relay.clone(),
                start_dt: Some(start),
            });
        }
    }
    out
}

/// A planned slot as written, with its mix's file and length (empty and zero without a mix).
pub(super) fn slot_out(s: &PlannedSlot, mix: Option<&Mix>, assets: &WeekAssets) -> SlotOut {
    let duration_s = mix.map_or(0.0, |m| m.seconds);
    SlotOut {
        id: s.id.clone(),
        name: s.name.clone(),
        start: s.start.to_rfc3339(),
        end: (s.start + Duration::seconds(s.length_s as i64)).to_rfc3339(),
        length_s: s.length_s,
        file: if mix.is_some() {
            slot_file(s)
        } else {
            String::new()
        },
        duration_s: (duration_s * 1000.0).round() / 1000.0,
        items: s.entries.iter().map(|e| item_out(e, assets)).collect(),
        relay: None,
        start_dt: Some(s.start),
    }
}

/// A placed entry as written, with its file in the week folder and that file's hash.
fn item_out(e: &Entry, assets: &WeekAssets) -> ItemOut {
    ItemOut {
        id: e.id.clone(),
        title: e.title.clone(),
        kind: e.kind.clone(),
        priority: priority_str(e.priority).into(),
        duration_s: e.duration_s,
        sha256: assets.sha256(&e.id).to_string(),
        file: assets.get(&e.id).file.clone(),
        lang: e.lang.clone(),
    }
}

/// One playlist per slot (its files relative to `playlists/`) and one for the whole week.
fn playlists(plan: &PlanOut, files: &mut Files) {
    let mut week_entries = Vec::new();
    for s in plan.slots.iter().filter(|s| s.relay.is_none()) {
        let name = s
            .start_dt
            .map(|d| format!("playlists/{}_{}.m3u8", d.format("%Y-%m-%d_%H%M"), s.id))
            .unwrap_or_default();
        let entries: Vec<(&ItemOut, String)> = s
            .items
            .iter()
            .map(|i| (i, format!("../{}", i.file)))
            .collect();
        files.insert(name, bytes(output::m3u(&entries)));
        week_entries.extend(s.items.iter().map(|i| (i, i.file.clone())));
    }
    files.insert("week.m3u8".into(), bytes(output::m3u(&week_entries)));
}

/// The schedule, the calendar, the week's page and the log book.
fn documents(plan: &PlanOut, week: Week, files: &mut Files) -> Result<()> {
    files.insert("schedule.csv".into(), bytes(output::schedule_csv(plan)));
    files.insert("schedule.ics".into(), bytes(output::ics(plan, week)));
    files.insert("week.html".into(), bytes(output::week_html(plan, week)?));
    files.insert("so-nhat-ky.csv".into(), bytes(output::log_book_csv(plan)));
    Ok(())
}

/// The Zalo pack under `zalo/`: the MP3s, a caption per post, the manifest and the page.
fn zalo_files(cx: &Cx, zalo: ZaloPack, files: &mut Files) -> Result<()> {
    for (name, src) in zalo.files {
        files.insert(format!("zalo/{name}"), src);
    }
    for p in &zalo.posts {
        files.insert(format!("zalo/{}", p.caption_file), bytes(p.caption.clone()));
    }
    files.insert(
        "zalo/manifest.json".into(),
        bytes(output::json(&zalo.posts)),
    );
    let page = output::zalo_html(&cx.info().name, &cx.dirs.week.week_name, &zalo.posts)?;
    files.insert("zalo/index.html".into(), bytes(page));
    Ok(())
}

/// A priority as `plan.json` and the schedule spell it.
pub(super) fn priority_str(p: Priority) -> &'static str {
    match p {
        Priority::Normal => "normal",
        Priority::Priority => "priority",
        Priority::Emergency => "emergency",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::PathBuf;

    use super::*;
    use crate::week::assets::{Asset, MixAudio};
    use crate::week::testkit::{entry, planned};

    #[test]
    fn priorities_are_spelled_in_lower_case() {
        let cases = [
            (Priority::Normal, "normal"),
            (Priority::Priority, "priority"),
            (Priority::Emergency, "emergency"),
        ];
        for (p, s) in cases {
            assert_eq!(priority_str(p), s);
        }
    }

    fn assets() -> WeekAssets {
        let programme = Asset {
            audio: MixAudio::File("cache/p1.mp3".into()),
            file: "programmes/p1.mp3".into(),
            source: Origin::Copy("cache/p1.mp3".into()),
            duration_s: 61.5,
        };
        let notice = Asset {
            audio: MixAudio::File("cache/n1.mp3".into()),
            file: "announcements/n1.mp3".into(),
            source: Origin::Bytes(vec![1]),
            duration_s: 20.0,
        };
        WeekAssets {
            by_id: HashMap::from([("p1".into(), programme), ("n1".into(), notice)]),
            hashes: HashMap::from([("programmes/p1.mp3".into(), "abc".into())]),
        }
    }

    #[test]
    fn a_mixed_slot_names_its_file_and_rounded_length() {
        let s = planned(
            "sang",
            5,
            30,
            vec![
                entry("p1", "story", Priority::Normal),
                entry("n1", "announcement", Priority::Emergency),
            ],
        );
        let mix = Mix {
            file: PathBuf::from("cache/slot.mp3"),
            seconds: 812.34567,
            made: crate::week::mixes::Made::Joined,
        };
        let out = slot_out(&s, Some(&mix), &assets());
        assert_eq!(out.file, "slots/2026-12-07_0530_sang.mp3");
        assert_eq!(out.duration_s, 812.346);
        assert_eq!(out.start, "2026-12-07T05:30:00+07:00");
        assert_eq!(out.end, "2026-12-07T05:45:00+07:00");
        assert_eq!(out.start_dt, Some(s.start));
        let items: Vec<(&str, &str, &str, &str)> = out
            .items
            .iter()
            .map(|i| {
                (
                    i.id.as_str(),
                    i.file.as_str(),
                    i.sha256.as_str(),
                    i.priority.as_str(),
                )
            })
            .collect();
        assert_eq!(
            items,
            vec![
                ("p1", "programmes/p1.mp3", "abc", "normal"),
                ("n1", "announcements/n1.mp3", "", "emergency"),
            ]
        );
    }

    #[test]
    fn a_slot_without_a_mix_has_no_file_and_no_length() {
        let s = planned("toi", 19, 0, vec![]);
        let out = slot_out(&s, None, &assets());
        assert_eq!((out.file.as_str(), out.duration_s), ("", 0.0));
        assert!(out.items.is_empty());
        assert_eq!(out.name, "Slot toi");
    }
}
