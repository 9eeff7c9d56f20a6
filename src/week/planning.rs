//! Step 4: the plan of the week against the rotation of earlier weeks, why each item sits where
//! it does, and the rotation recorded once the week is written.

use crate::error::Result;
use crate::output;
use crate::plan::{self, Candidate, Costs, Notice, Plan, PlannedSlot, Rotation};

use super::context::Cx;

/// What step 4 gives.
pub(super) struct Planned {
    /// The plan.
    pub plan: Plan,
    /// Why each item sits where it does.
    pub explain: Vec<String>,
    /// The rotation of earlier weeks, as read.
    rotation: Rotation,
}

/// Plans the week from the candidates and notices.
pub(super) fn plan(
    cx: &Cx,
    candidates: &[Candidate],
    notices: &[Notice],
    costs: &Costs,
) -> Planned {
    let rotation = read_rotation(&cx.dirs.rotation);
    let plan = plan::plan(
        cx.req.week,
        cx.station,
        candidates,
        notices,
        &rotation,
        costs,
    );
    Planned {
        explain: explain(&plan.slots),
        plan,
        rotation,
    }
}

impl Planned {
    /// Records the week's aired programmes in the station's rotation file.
    pub fn record_rotation(&mut self, cx: &Cx) -> Result<()> {
        self.rotation.record(cx.req.week, self.plan.aired.clone());
        crate::atomic::write(&cx.dirs.rotation, output::json(&self.rotation).as_bytes())
    }
}

/// The rotation file, or an empty rotation if it is missing or unreadable.
fn read_rotation(path: &std::path::Path) -> Rotation {
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// One line per placed entry: when, which slot, which item, and why.
pub(super) fn explain(slots: &[PlannedSlot]) -> Vec<String> {
    slots
        .iter()
        .flat_map(|s| {
            s.entries.iter().map(move |e| {
                format!(
                    "{} {:<8} {:<28} {}",
                    s.start.format("%a %d/%m %H:%M"),
                    s.id,
                    e.id,
                    e.reason
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Priority;
    use crate::week::testkit::{entry, planned};

    #[test]
    fn explain_gives_one_aligned_line_per_entry() {
        let slots = vec![
            planned(
                "sang",
                5,
                30,
                vec![
                    entry("p1", "story", Priority::Normal),
                    entry("n1", "announcement", Priority::Priority),
                ],
            ),
            planned("trua", 11, 0, vec![]),
            planned("toi", 19, 5, vec![entry("p2", "howto", Priority::Normal)]),
        ];
        assert_eq!(
            explain(&slots),
            vec![
                "Mon 07/12 05:30 sang     p1                           because p1",
                "Mon 07/12 05:30 sang     n1                           because n1",
                "Mon 07/12 19:05 toi      p2                           because p2",
            ]
        );
    }

    #[test]
    fn a_missing_or_damaged_rotation_file_starts_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rotation.json");
        assert_eq!(read_rotation(&path), Rotation::default());
        std::fs::write(&path, b"{ not json").unwrap();
        assert_eq!(read_rotation(&path), Rotation::default());
        std::fs::write(&path, br#"{"weeks":{"2026-W49":["p1"]}}"#).unwrap();
        let r = read_rotation(&path);
        assert_eq!(r.weeks["2026-W49"], vec!["p1".to_string()]);
    }
}
