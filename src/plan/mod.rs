//! Planning a station's week: which programme and notice airs in which slot.
//!
//! A pure function of the week, the slots, the programmes (with their real durations), the
//! announcements and the rotation history, so it is tested without audio and gives the same plan
//! for the same inputs. Order of placement:
//!
//! 1. emergency announcements open every slot of each day they are valid;
//! 2. priority announcements air `airings` times within their validity, spread over days and
//!    dayparts, ahead of everything else in their slots;
//! 3. programmes, in rotation order (never aired, then aired longest ago), each `airings_per_item`
//!    times in different dayparts and never twice on one day, preferring the weekday's topic;
//!    a programme that cannot get all its airings waits for next week;
//! 4. normal announcements fill in what room is left; they never displace a programme.
//!
//! Nothing is cut to fit: an item airs whole or not at all.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::content::Topic;
use crate::schedule::{occurrences, weekday_key, Announcement, Priority, StationFile, Week};

/// A programme that may air, with its rendered length.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Item id.
    pub id: String,
    /// Title.
    pub title: String,
    /// `story` or `howto`.
    pub kind: String,
    /// Topic.
    pub topic: Topic,
    /// Length of its in-slot audio, in seconds.
    pub duration_s: f64,
}

/// An announcement with its rendered length.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// The announcement.
    pub announcement: Announcement,
    /// Length of its audio, in seconds.
    pub duration_s: f64,
}

/// Fixed costs of a slot, in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Costs {
    /// Opening jingle, greeting with the date, closing line and jingle.
    pub frame_s: f64,
    /// What each programme adds besides itself: the contact lines and the jingle after it.
    pub per_programme_s: f64,
    /// What each announcement adds besides itself: the jingle after it.
    pub per_notice_s: f64,
}

/// Which weeks each item aired in, kept in `out/STATION/rotation.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Rotation {
    /// Week (`2026-W48`) → ids of the programmes that aired.
    pub weeks: BTreeMap<String, Vec<String>>,
}

impl Rotation {
    /// The last week before `week` in which `id` aired.
    fn last_aired(&self, id: &str, week: Week) -> Option<Week> {
        self.weeks
            .iter()
            .filter_map(|(w, ids)| {
                w.parse::<Week>()
                    .ok()
                    .filter(|w| *w < week)
                    .filter(|_| ids.iter().any(|i| i == id))
            })
            .max()
    }

    /// Records the programmes of a planned week (replacing an earlier plan of the same week).
    pub fn record(&mut self, week: Week, ids: Vec<String>) {
        self.weeks.insert(week.to_string(), ids);
    }
}

/// One placed item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Item or announcement id.
    pub id: String,
    /// Title.
    pub title: String,
    /// `story`, `howto` or `announcement`.
    pub kind: String,
    /// `normal`, `priority` or `emergency`.
    pub priority: Priority,
    /// Length in seconds.
    pub duration_s: f64,
    /// Why it sits here (for `--explain`).
    #[serde(skip)]
    pub reason: String,
}

/// One slot of the week with what airs in it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedSlot {
    /// Slot id.
    pub id: String,
    /// Slot name.
    pub name: String,
    /// Index of its `[[slot]]`.
    pub spec: usize,
    /// Start, in the station's time zone.
    pub start: DateTime<Tz>,
    /// Length in seconds.
    pub length_s: f64,
    /// Seconds available for items after the fixed frame.
    pub capacity_s: f64,
    /// The items in airing order.
    pub entries: Vec<Entry>,
}

impl PlannedSlot {
    /// Seconds used by items and their per-item costs.
    pub fn used_s(&self, costs: &Costs) -> f64 {
        self.entries
            .iter()
            .map(|e| {
                e.duration_s
                    + if e.kind == "announcement" {
                        costs.per_notice_s
                    } else {
                        costs.per_programme_s
                    }
            })
            .sum()
    }

    fn date(&self) -> NaiveDate {
        self.start.date_naive()
    }
}

/// A planned week.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The week.
    pub week: Week,
    /// Slots in time order.
    pub slots: Vec<PlannedSlot>,
    /// Programmes that aired, in rotation order.
    pub aired: Vec<String>,
    /// Under- and over-filled slots, items that waited, notices that could not air in full.
    pub notes: Vec<String>,
}

fn daypart(t: &DateTime<Tz>) -> &'static str {
    match t.hour() {
        0..=10 => "sáng",
        11..=13 => "trưa",
        14..=18 => "chiều",
        _ => "tối",
    }
}

/// Plans the week.
pub fn plan(
    week: Week,
    station: &StationFile,
    programmes: &[Candidate],
    notices: &[Notice],
    rotation: &Rotation,
    costs: &Costs,
) -> Plan {
    let rules = &station.rules;
    let mut slots: Vec<PlannedSlot> = Vec::new();
    for (i, spec) in station.slots.iter().enumerate() {
        for start in occurrences(spec, station.tz, week) {
            let length_s = spec.length.num_seconds() as f64;
            slots.push(PlannedSlot {
                id: spec.id.clone(),
                name: spec.name.clone(),
                spec: i,
                start,
                length_s,
                capacity_s: length_s - costs.frame_s,
                entries: Vec::new(),
            });
        }
    }
    slots.sort_by_key(|s| (s.start, s.spec));
    let allows =
        |s: &PlannedSlot, kind: &str| station.slots[s.spec].kinds.iter().any(|k| k == kind);
    let free = |s: &PlannedSlot| s.capacity_s - s.used_s(costs);
    let mut notes = Vec::new();

    // 1. Emergencies open every slot of their days.
    for n in notices
        .iter()
        .filter(|n| n.announcement.priority == Priority::Emergency)
    {
        let a = &n.announcement;
        let mut count = 0;
        for s in slots
            .iter_mut()
            .filter(|s| (a.valid_from..=a.valid_until).contains(&s.start.date_naive()))
        {
            let at = s
                .entries
                .iter()
                .take_while(|e| e.priority == Priority::Emergency)
                .count();
            s.entries.insert(
                at,
                Entry {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    kind: "announcement".into(),
                    priority: Priority::Emergency,
                    duration_s: n.duration_s,
                    reason: format!(
                        "emergency notice, valid {} to {}: opens every slot of those days",
                        a.valid_from, a.valid_until
                    ),
                },
            );
            count += 1;
        }
        if count == 0 {
            notes.push(format!(
                "emergency notice `{}` is not valid in {week}",
                a.id
            ));
        }
    }

    // 2. Priority notices, spread over days and dayparts.
    let mut priority: Vec<&Notice> = notices
        .iter()
        .filter(|n| n.announcement.priority == Priority::Priority)
        .collect();
    priority.sort_by(|a, b| {
        (a.announcement.valid_from, &a.announcement.id)
            .cmp(&(b.announcement.valid_from, &b.announcement.id))
    });
    for n in priority {
        let chosen = spread(
            &slots,
            n,
            n.announcement.airings,
            |s| allows(s, "announcement"),
            &|_| true,
        );
        for &i in &chosen {
            let s = &mut slots[i];
            let at = s
                .entries
                .iter()
                .take_while(|e| e.priority >= Priority::Priority)
                .count();
            s.entries.insert(at, Entry { id: n.announcement.id.clone(), title: n.announcement.title.clone(), kind: "announcement".into(), priority: Priority::Priority, duration_s: n.duration_s, reason: format!("priority notice ({} of {} airings, spread over days and dayparts), ahead of normal items", chosen.len(), n.announcement.airings) });
        }
        if (chosen.len() as u32) < n.announcement.airings {
            notes.push(format!(
                "priority notice `{}` gets {} of its {} airings (not enough valid slots)",
                n.announcement.id,
                chosen.len(),
                n.announcement.airings
            ));
        }
    }

    // 3. Programmes in rotation order.
    let mut queue: Vec<(&Candidate, Option<Week>)> = programmes
        .iter()
        .map(|c| (c, rotation.last_aired(&c.id, week)))
        .collect();
    queue.sort_by(|a, b| (a.1, &a.0.id).cmp(&(b.1, &b.0.id)));
    let topic_of_day: BTreeMap<u32, Topic> = rules
        .topic_by_weekday
        .iter()
        .filter_map(|(d, t)| Some((weekday_key(d)?.num_days_from_monday(), Topic::from_slug(t)?)))
        .collect();
    let mut aired = Vec::new();
    for (c, last) in queue {
        let want = rules.airings_per_item as usize;
        let cost = c.duration_s + costs.per_programme_s;
        let fits = |s: &PlannedSlot| {
            allows(s, &c.kind)
                && free(s) + 1e-6 >= cost
                && s.entries
                    .iter()
                    .filter(|e| e.priority == Priority::Normal)
                    .count()
                    < rules.max_items_per_slot
        };
        let mut chosen: Vec<usize> = Vec::new();
        for _ in 0..want {
            let best = (0..slots.len())
                .filter(|&i| {
                    fits(&slots[i]) && !chosen.iter().any(|&j| slots[j].date() == slots[i].date())
                })
                .max_by(|&a, &b| {
                    let score = |i: usize| {
                        let s = &slots[i];
                        let mut v = 0.0;
                        if topic_of_day.get(&s.start.weekday().num_days_from_monday())
                            == Some(&c.topic)
                        {
                            v += 100.0;
                        }
                        if !chosen
                            .iter()
                            .any(|&j| daypart(&slots[j].start) == daypart(&s.start))
                        {
                            v += 50.0;
                        }
                        let spread_days = chosen
                            .iter()
                            .map(|&j| (slots[j].date() - s.date()).num_days().abs())
                            .min()
                            .unwrap_or(0);
                        v += spread_days as f64 * 5.0;
                        v + free(s) / 60.0
                    };
                    // Ties go to the earlier slot.
                    score(a)
                        .partial_cmp(&score(b))
                        .unwrap_or(std::cmp::Ordering::Equal)
                        .then(b.cmp(&a))
                });
            match best {
                Some(i) => chosen.push(i),
                None => break,
            }
        }
        if chosen.len() < want {
            continue;
        }
        let last = last.map_or("never aired".to_string(), |w| format!("last aired {w}"));
        chosen.sort_by_key(|&i| slots[i].start);
        for (n, &i) in chosen.iter().enumerate() {
            let s = &slots[i];
            let topic =
                if topic_of_day.get(&s.start.weekday().num_days_from_monday()) == Some(&c.topic) {
                    format!(
                        ", {} is the topic of {}",
                        c.topic.slug(),
                        s.start.format("%A")
                    )
                } else {
                    String::new()
                };
            let reason = format!(
                "programme, {last}: airing {} of {want}, {} {}{topic}",
                n + 1,
                daypart(&s.start),
                s.start.format("%a %d/%m")
            );
            slots[i].entries.push(Entry {
                id: c.id.clone(),
                title: c.title.clone(),
                kind: c.kind.clone(),
                priority: Priority::Normal,
                duration_s: c.duration_s,
                reason,
            });
        }
        aired.push(c.id.clone());
    }
    let waiting: Vec<&str> = programmes
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| !aired.iter().any(|a| a == id))
        .collect();
    if !waiting.is_empty() {
        notes.push(format!(
            "{} programme(s) wait for a later week (no room for all their airings): {}",
            waiting.len(),
            waiting.join(", ")
        ));
    }

    // 4. Normal notices fill in.
    for n in notices
        .iter()
        .filter(|n| n.announcement.priority == Priority::Normal)
    {
        let cost = n.duration_s + costs.per_notice_s;
        let room = |s: &PlannedSlot| {
            free(s) + 1e-6 >= cost
                && s.entries
                    .iter()
                    .filter(|e| e.priority == Priority::Normal)
                    .count()
                    < rules.max_items_per_slot
        };
        let chosen = spread(
            &slots,
            n,
            n.announcement.airings,
            |s| allows(s, "announcement") && room(s),
            &room,
        );
        for &i in &chosen {
            slots[i].entries.push(Entry {
                id: n.announcement.id.clone(),
                title: n.announcement.title.clone(),
                kind: "announcement".into(),
                priority: Priority::Normal,
                duration_s: n.duration_s,
                reason: format!(
                    "normal notice ({} of {} airings), after the programmes",
                    chosen.len(),
                    n.announcement.airings
                ),
            });
        }
        if (chosen.len() as u32) < n.announcement.airings {
            notes.push(format!(
                "normal notice `{}` gets {} of its {} airings (no room left)",
                n.announcement.id,
                chosen.len(),
                n.announcement.airings
            ));
        }
    }

    for s in &slots {
        let used = s.used_s(costs);
        if used > s.capacity_s + 1e-6 {
            notes.push(format!(
                "{} {} is over-full: {:.0} s of items for {:.0} s of room",
                s.start.format("%a %d/%m %H:%M"),
                s.id,
                used,
                s.capacity_s
            ));
        } else if used < 0.5 * s.capacity_s {
            notes.push(format!(
                "{} {} is under-filled: {:.0} s of items for {:.0} s of room",
                s.start.format("%a %d/%m %H:%M"),
                s.id,
                used,
                s.capacity_s
            ));
        }
    }
    Plan {
        week,
        slots,
        aired,
        notes,
    }
}

/// Picks up to `n` valid slots for a notice, one per day where possible, alternating dayparts.
fn spread(
    slots: &[PlannedSlot],
    notice: &Notice,
    n: u32,
    ok: impl Fn(&PlannedSlot) -> bool,
    _room: &dyn Fn(&PlannedSlot) -> bool,
) -> Vec<usize> {
    let a = &notice.announcement;
    let valid: Vec<usize> = (0..slots.len())
        .filter(|&i| (a.valid_from..=a.valid_until).contains(&slots[i].date()) && ok(&slots[i]))
        .collect();
    let mut chosen: Vec<usize> = Vec::new();
    while (chosen.len() as u32) < n {
        let pick = valid
            .iter()
            .copied()
            .filter(|i| !chosen.contains(i))
            .max_by(|&x, &y| {
                let score = |i: usize| {
                    let s = &slots[i];
                    let days: BTreeSet<NaiveDate> =
                        chosen.iter().map(|&j| slots[j].date()).collect();
                    let mut v = 0.0;
                    if !days.contains(&s.date()) {
                        v += 100.0;
                    }
                    if chosen
                        .last()
                        .is_none_or(|&j| daypart(&slots[j].start) != daypart(&s.start))
                    {
                        v += 10.0;
                    }
                    v + chosen
                        .iter()
                        .map(|&j| (slots[j].date() - s.date()).num_days().abs())
                        .min()
                        .unwrap_or(0) as f64
                };
                score(x)
                    .partial_cmp(&score(y))
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(y.cmp(&x))
            });
        match pick {
            Some(i) => chosen.push(i),
            None => break,
        }
    }
    chosen.sort();
    chosen
}

#[cfg(test)]
mod tests;
