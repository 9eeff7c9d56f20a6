//! Step 3, per slot: today's menu, said after the greeting. Each programme the slot airs is
//! named by its own title clip (the `tieu-de` line it opens with), so the menu needs no
//! recording of its own beyond a lead-in and a line for the notices; `slot.tera` decides what
//! is said (by default nothing for a slot of one item).

use crate::audio::Mono;
use crate::error::Result;
use crate::plan::PlannedSlot;
use crate::render::assemble_script;
use crate::script::{self, Menu, MenuEntry, Script, ScriptContext};

use super::context::Cx;

/// What a slot's menu names: its programmes in airing order, and whether notices air.
pub(super) fn of(s: &PlannedSlot) -> Menu {
    let is_notice = |kind: &str| kind == "announcement";
    Menu {
        programmes: s
            .entries
            .iter()
            .filter(|e| !is_notice(&e.kind))
            .map(|e| MenuEntry {
                id: e.id.clone(),
                title: e.title.clone(),
            })
            .collect(),
        notices: s.entries.iter().any(|e| is_notice(&e.kind)),
        size: s.entries.len(),
    }
}

/// The same for every slot whose menu names the same things: its programmes' ids and whether
/// notices air.
pub(super) fn id(s: &PlannedSlot) -> String {
    let m = of(s);
    let ids: Vec<&str> = m.programmes.iter().map(|p| p.id.as_str()).collect();
    format!("{}|{}|{}", ids.join(","), m.notices, m.size)
}

/// The slot's menu script, said as the station's frame is.
pub(super) fn script(cx: &Cx, s: &PlannedSlot) -> Result<Script> {
    let station_cx = ScriptContext {
        in_slot: false,
        ..cx.script
    };
    script::render_menu(&of(s), &station_cx)
}

/// The slot's menu, assembled from its clips (empty when the template says nothing).
pub(super) fn assemble(cx: &Cx, s: &PlannedSlot) -> Result<Mono> {
    assemble_script(&script(cx, s)?, None, &cx.opts, &cx.pieces)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Priority;
    use crate::week::testkit::{entry, planned};

    #[test]
    fn the_menu_names_programmes_in_order_and_notices_together() {
        type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str], bool);
        let cases: [Case; 4] = [
            (&[], &[], false),
            (&[("a", "story")], &["a"], false),
            (
                &[
                    ("n1", "announcement"),
                    ("b", "howto"),
                    ("a", "story"),
                    ("n2", "announcement"),
                ],
                &["b", "a"],
                true,
            ),
            (&[("n1", "announcement")], &[], true),
        ];
        for (entries, programmes, notices) in cases {
            let entries_of = entries
                .iter()
                .map(|(id, k)| entry(id, k, Priority::Normal))
                .collect();
            let s = planned("sang", 5, 30, entries_of);
            let m = of(&s);
            let ids: Vec<&str> = m.programmes.iter().map(|p| p.id.as_str()).collect();
            assert_eq!(ids, programmes, "{entries:?}");
            assert_eq!(m.notices, notices, "{entries:?}");
            assert_eq!(m.size, entries.len());
            for p in &m.programmes {
                let e = s.entries.iter().find(|e| e.id == p.id).unwrap();
                assert_eq!(p.title, e.title);
            }
            let key = format!("{}|{}|{}", programmes.join(","), notices, entries.len());
            assert_eq!(id(&s), key);
        }
    }
}
