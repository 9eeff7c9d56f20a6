//! Step 3: programmes, in rotation order, each `airings_per_item` times in different dayparts
//! and never twice on one day, preferring the weekday's topic. A programme that cannot get all
//! its airings places none and waits for next week.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike};
use chrono_tz::Tz;

use super::board::{best, daypart, Board};
use super::{Candidate, Entry, Rotation};
use crate::content::Topic;
use crate::schedule::{weekday_key, Priority, Rules, Week};

/// The topic `[rules]` prefers on each weekday (unknown days and topics left out).
pub(super) struct TopicOfDay(BTreeMap<u32, Topic>);

impl TopicOfDay {
    pub fn from_rules(rules: &Rules) -> Self {
        TopicOfDay(
            rules
                .topic_by_weekday
                .iter()
                .filter_map(|(d, t)| {
                    Some((weekday_key(d)?.num_days_from_monday(), Topic::from_slug(t)?))
                })
                .collect(),
        )
    }

    /// Whether `topic` is the topic of the day at `t`.
    pub fn is(&self, t: &DateTime<Tz>, topic: Topic) -> bool {
        self.0.get(&t.weekday().num_days_from_monday()) == Some(&topic)
    }
}

/// Places the programmes in rotation order; returns the ids of those that aired, in that order.
pub(super) fn place_programmes(
    board: &mut Board,
    programmes: &[Candidate],
    rotation: &Rotation,
    week: Week,
) -> Vec<String> {
    let topics = TopicOfDay::from_rules(&board.station.rules);
    let want = board.station.rules.airings_per_item as usize;
    let mut aired = Vec::new();
    for (c, last) in rotation.queue(programmes, week) {
        let chosen = choose_slots(board, &topics, c, want);
        if chosen.len() == want {
            place(board, &topics, c, last, chosen);
            aired.push(c.id.clone());
        }
    }
    aired
}

/// Up to `want` slots for the programme, one pick at a time, on different days.
fn choose_slots(board: &Board, topics: &TopicOfDay, c: &Candidate, want: usize) -> Vec<usize> {
    let cost = c.duration_s + board.costs.per_programme_s;
    let slots = &board.slots;
    let mut chosen: Vec<usize> = Vec::new();
    for _ in 0..want {
        let open = (0..slots.len()).filter(|&i| {
            board.allows(&slots[i], &c.kind)
                && board.has_room(&slots[i], cost)
                && !chosen.iter().any(|&j| slots[j].date() == slots[i].date())
        });
        match best(open, |i| score(board, topics, c, &chosen, i)) {
            Some(i) => chosen.push(i),
            None => break,
        }
    }
    chosen
}

/// The day's topic first, then a daypart not yet used, then distance from the other airings,
/// then the room left.
fn score(board: &Board, topics: &TopicOfDay, c: &Candidate, chosen: &[usize], i: usize) -> f64 {
    let slots = &board.slots;
    let s = &slots[i];
    let mut v = 0.0;
    if topics.is(&s.start, c.topic) {
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
    v + board.free(s) / 60.0
}

/// Appends the programme to its chosen slots, with the reason of each airing.
fn place(
    board: &mut Board,
    topics: &TopicOfDay,
    c: &Candidate,
    last: Option<Week>,
    mut chosen: Vec<usize>,
) {
    let want = chosen.len();
    let last = last.map_or("never aired".to_string(), |w| format!("last aired {w}"));
    chosen.sort_by_key(|&i| board.slots[i].start);
    for (n, &i) in chosen.iter().enumerate() {
        let start = board.slots[i].start;
        let topic = if topics.is(&start, c.topic) {
            format!(
                ", {} is the topic of {}",
                c.topic.slug(),
                start.format("%A")
            )
        } else {
            String::new()
        };
        let reason = format!(
            "programme, {last}: airing {} of {want}, {} {}{topic}",
            n + 1,
            daypart(&start),
            start.format("%a %d/%m")
        );
        board.slots[i].entries.push(Entry {
            lang: None,
            id: c.id.clone(),
            title: c.title.clone(),
            kind: c.kind.clone(),
            priority: Priority::Normal,
            duration_s: c.duration_s,
            reason,
        });
    }
}

/// The note for the programmes that did not air, if any.
pub(super) fn waiting_note(programmes: &[Candidate], aired: &[String]) -> Option<String> {
    let waiting: Vec<&str> = programmes
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| !aired.iter().any(|a| a == id))
        .collect();
    (!waiting.is_empty()).then(|| {
        format!(
            "{} programme(s) wait for a later week (no room for all their airings): {}",
            waiting.len(),
            waiting.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fixtures::*;

    #[test]
    fn topics_of_the_day_skip_unknown_days_and_topics() {
        let mut rules = Rules::default();
        for (day, topic) in [
            ("wed", "thanh-toan"),
            ("funday", "thanh-toan"),
            ("fri", "nope"),
        ] {
            rules.topic_by_weekday.insert(day.into(), topic.into());
        }
        let topics = TopicOfDay::from_rules(&rules);
        assert_eq!(topics.0.len(), 1);
        let board_station = two_a_day();
        let board = Board::new(week("2026-W49"), &board_station, &COSTS);
        // Slots 4 and 5 are Wednesday's.
        for (i, want) in [(3, false), (4, true), (5, true), (6, false)] {
            assert_eq!(
                topics.is(&board.slots[i].start, Topic::ThanhToan),
                want,
                "{i}"
            );
        }
    }

    #[test]
    fn a_programme_airs_all_its_times_or_waits() {
        let st = two_a_day();
        let mut board = Board::new(week("2026-W49"), &st, &COSTS);
        // 860 s of room per slot: one 700 s programme fits in each slot, twice a week.
        let pack = programmes(8, 700.0);
        let aired = place_programmes(&mut board, &pack, &Rotation::default(), week("2026-W49"));
        assert_eq!(aired, ["p00", "p01", "p02", "p03", "p04", "p05"]);
        assert_eq!(
            waiting_note(&pack, &aired).unwrap(),
            "2 programme(s) wait for a later week (no room for all their airings): p06, p07"
        );
        assert!(board.slots.iter().all(|s| s.entries.len() == 1));
        let p00: Vec<&str> = board
            .slots
            .iter()
            .flat_map(|s| &s.entries)
            .filter(|e| e.id == "p00")
            .map(|e| e.reason.as_str())
            .collect();
        assert_eq!(
            p00,
            [
                "programme, never aired: airing 1 of 2, sáng Mon 30/11",
                "programme, never aired: airing 2 of 2, chiều Sat 05/12"
            ]
        );
        assert_eq!(waiting_note(&pack[..2], &aired), None);
    }
}
