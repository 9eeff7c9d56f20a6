//! Step 1: the in-slot programmes a station's slots can air, rendered once into the shared cache
//! (station-independent, so every station and week reuses them), and the candidates the planner
//! chooses from.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::content::Item;
use crate::error::Result;
use crate::plan::Candidate;
use crate::render::{self, ProgrammeReport};
use crate::schedule::StationFile;
use crate::script;

use super::context::Cx;

/// A rendered in-slot programme.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Programme {
    /// Length in seconds.
    pub duration_s: f64,
    /// The MP3 in the programme cache.
    pub path: PathBuf,
}

/// What step 1 gives.
#[derive(Debug)]
pub(super) struct Programmes {
    /// Rendered programmes by item id.
    pub by_id: HashMap<String, Programme>,
    /// What the planner may place.
    pub candidates: Vec<Candidate>,
    /// Programmes rendered in this run.
    pub rendered: usize,
    /// Programmes reused from earlier runs.
    pub reused: usize,
}

/// Renders the in-slot programmes of every item a slot of the station takes.
pub(super) fn render(cx: &Cx) -> Result<Programmes> {
    let items = for_station(&cx.req.library.items, cx.station);
    let scripts = script::render_scripts(&items, &cx.script)?;
    let jobs = render::jobs(&scripts, &items);
    let outcome = render::render(&jobs, &cx.opts, &|_, _| {})?;
    let by_id = by_id(&outcome.reports, &cx.dirs.programmes);
    Ok(Programmes {
        candidates: candidates(&items, &by_id),
        rendered: outcome.reports.len() - outcome.reused,
        reused: outcome.reused,
        by_id,
    })
}

/// The items of a kind some slot of the station takes, in library order; none that is held
/// back.
pub(super) fn for_station<'a>(items: &'a [Item], station: &StationFile) -> Vec<&'a Item> {
    items
        .iter()
        .filter(|i| i.hold.is_none())
        .filter(|i| {
            station
                .slots
                .iter()
                .any(|s| s.kinds.iter().any(|k| k == i.kind().as_str()))
        })
        .collect()
}

/// The rendered programmes by id, with their files in `dir`.
fn by_id(reports: &[ProgrammeReport], dir: &std::path::Path) -> HashMap<String, Programme> {
    reports
        .iter()
        .map(|r| {
            let p = Programme {
                duration_s: r.duration_s,
                path: dir.join(&r.file),
            };
            (r.id.clone(), p)
        })
        .collect()
}

/// The items that were rendered, as the planner sees them.
pub(super) fn candidates(items: &[&Item], by_id: &HashMap<String, Programme>) -> Vec<Candidate> {
    items
        .iter()
        .filter_map(|i| {
            let p = by_id.get(i.id.as_str())?;
            Some(Candidate {
                id: i.id.clone(),
                title: i.title.clone(),
                kind: i.kind().as_str().into(),
                topic: i.topic,
                duration_s: p.duration_s,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::week::testkit::{item, slot, station};

    #[test]
    fn a_station_takes_the_items_of_the_kinds_its_slots_take_but_none_held_back() {
        let held = Item {
            hold: Some("steps not confirmed on a phone".into()),
            ..item("h2", "howto")
        };
        let items = vec![
            item("s1", "story"),
            item("h1", "howto"),
            held,
            item("s2", "story"),
        ];
        // (what, the kinds of each slot, the items the station takes)
        type Case<'a> = (&'a str, Vec<Vec<&'a str>>, Vec<&'a str>);
        let cases: Vec<Case> = vec![
            ("stories", vec![vec!["story"]], vec!["s1", "s2"]),
            ("how-tos", vec![vec!["howto", "announcement"]], vec!["h1"]),
            (
                "both, over two slots",
                vec![vec!["howto"], vec!["story"]],
                vec!["s1", "h1", "s2"],
            ),
            ("announcements only", vec![vec!["announcement"]], vec![]),
            ("no slots", vec![], vec![]),
        ];
        for (name, kinds, want) in cases {
            let slots = kinds.iter().map(|k| slot("x", k, "loudspeaker")).collect();
            let got: Vec<&str> = for_station(&items, &station(slots))
                .iter()
                .map(|i| i.id.as_str())
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn only_rendered_items_are_candidates() {
        let items = [item("s1", "story"), item("h1", "howto")];
        let refs: Vec<&Item> = items.iter().collect();
        let by_id = HashMap::from([(
            "h1".to_string(),
            Programme {
                duration_s: 93.5,
                path: "cache/h1.mp3".into(),
            },
        )]);
        let c = candidates(&refs, &by_id);
        assert_eq!(c.len(), 1);
        assert_eq!(
            (c[0].id.as_str(), c[0].kind.as_str(), c[0].duration_s),
            ("h1", "howto", 93.5)
        );
        assert_eq!(c[0].title, "Title h1");
    }

    #[test]
    fn rendered_programmes_are_found_by_id_in_the_cache() {
        let report = |id: &str| ProgrammeReport {
            id: id.into(),
            profile: "loudspeaker".into(),
            format: "mp3".into(),
            file: format!("{id}.loudspeaker.mp3"),
            duration_s: 10.0,
            integrated_lufs: -16.0,
            lra_lu: 3.0,
            true_peak_dbtp: -1.0,
            bytes: 100,
            sha256: String::new(),
            clips_used: vec![],
            clips_missing: vec![],
            stand_ins: "none".into(),
            input_hash: String::new(),
        };
        let got = by_id(&[report("a"), report("b")], std::path::Path::new("/c"));
        assert_eq!(got.len(), 2);
        assert_eq!(got["b"].path, std::path::Path::new("/c/b.loudspeaker.mp3"));
    }
}
