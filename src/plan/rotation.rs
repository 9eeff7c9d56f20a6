//! Rotation: which weeks each programme aired in, and the order programmes are offered in a new
//! week — never aired first, then aired longest ago, then by id. Only weeks before the planned
//! one count, so re-planning a recorded week gives the same plan.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Candidate;
use crate::schedule::Week;

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

    /// The programmes in the order they are offered in `week`, each with the week it last aired.
    pub(super) fn queue<'c>(
        &self,
        programmes: &'c [Candidate],
        week: Week,
    ) -> Vec<(&'c Candidate, Option<Week>)> {
        let mut queue: Vec<(&Candidate, Option<Week>)> = programmes
            .iter()
            .map(|c| (c, self.last_aired(&c.id, week)))
            .collect();
        queue.sort_by(|a, b| (a.1, &a.0.id).cmp(&(b.1, &b.0.id)));
        queue
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fixtures::*;

    #[test]
    fn never_aired_first_then_longest_ago_then_by_id() {
        let pack = programmes(5, 100.0);
        let mut rot = Rotation::default();
        rot.record(week("2026-W47"), vec!["p00".into(), "p01".into()]);
        rot.record(week("2026-W48"), vec!["p01".into(), "p04".into()]);
        rot.record(week("2026-W49"), vec!["p02".into()]);
        rot.weeks.insert("not a week".into(), vec!["p03".into()]);
        // (planned week, ids in order, last aired)
        for (w, want) in [
            (
                "2026-W49",
                vec![
                    ("p02", None),
                    ("p03", None),
                    ("p00", Some("2026-W47")),
                    ("p01", Some("2026-W48")),
                    ("p04", Some("2026-W48")),
                ],
            ),
            (
                "2026-W47",
                vec![
                    ("p00", None),
                    ("p01", None),
                    ("p02", None),
                    ("p03", None),
                    ("p04", None),
                ],
            ),
        ] {
            let got: Vec<(String, Option<String>)> = rot
                .queue(&pack, week(w))
                .into_iter()
                .map(|(c, last)| (c.id.clone(), last.map(|w| w.to_string())))
                .collect();
            let want: Vec<(String, Option<String>)> = want
                .into_iter()
                .map(|(id, last)| (id.to_string(), last.map(String::from)))
                .collect();
            assert_eq!(got, want, "{w}");
        }
    }
}
