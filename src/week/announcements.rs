//! Step 2: the station's announcements valid this week. A recording is mastered as it is; a text
//! goes through the announcement template and is rendered into the station's cache.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::audio::encode::Tags;
use crate::error::{Error, Result};
use crate::plan::Notice;
use crate::render::{self, master_encode_verified, Job, RenderOptions};
use crate::schedule::{Announcement, Week};
use crate::script;

use super::assets::{Asset, MixAudio};
use super::context::Cx;
use super::folder::Origin;

/// What step 2 gives.
pub(super) struct Announcements {
    /// What the planner places, with each notice's length.
    pub notices: Vec<Notice>,
    /// Their audio, by announcement id.
    pub assets: HashMap<String, Asset>,
}

/// Prepares every announcement valid during the week, in station file order.
pub(super) fn render(cx: &Cx) -> Result<Announcements> {
    let mut out = Announcements {
        notices: Vec::new(),
        assets: HashMap::new(),
    };
    for a in valid_in(&cx.station.announcements, cx.req.week) {
        let asset = match &a.file {
            Some(f) => recorded(cx, a, f)?,
            None => spoken(cx, a)?,
        };
        out.notices.push(Notice {
            announcement: a.clone(),
            duration_s: asset.duration_s,
        });
        out.assets.insert(a.id.clone(), asset);
    }
    Ok(out)
}

/// The announcements valid on some day of the week.
pub(super) fn valid_in(all: &[Announcement], week: Week) -> impl Iterator<Item = &Announcement> {
    let days = week.days();
    let (first, last): (NaiveDate, NaiveDate) = (days[0], days[6]);
    all.iter()
        .filter(move |a| a.valid_until >= first && a.valid_from <= last)
}

/// A recorded announcement, mastered in the station's profile.
fn recorded(cx: &Cx, a: &Announcement, file: &std::path::Path) -> Result<Asset> {
    let root = cx.root();
    let mono = render::prepare_file(root, file, true, &cx.opts)?;
    let tags = Tags {
        language: String::new(),
        title: a.title.clone(),
        ..cx.opts.tags.clone()
    };
    let (bytes, (_, secs)) = master_encode_verified(
        mono.clone(),
        &cx.profile.master,
        &cx.encoding(),
        &tags,
        &root.join(file),
    )?;
    Ok(Asset {
        audio: MixAudio::Held(Arc::new(mono)),
        file: file_name(a),
        source: Origin::Bytes(bytes),
        duration_s: secs,
    })
}

/// A text announcement, through the template, rendered into the station's cache.
fn spoken(cx: &Cx, a: &Announcement) -> Result<Asset> {
    let text = a.text.clone().unwrap_or_default();
    let s = match &a.bulletin {
        Some(b) => bulletin(cx, b)?,
        None => script::render_announcement(&speak(a, &text), &cx.script)?,
    };
    let dir = &cx.dirs.announcements;
    let opts = RenderOptions {
        out_dir: dir,
        ..cx.opts.clone()
    };
    let job = Job {
        script: &s,
        summary: &a.title,
    };
    let r = render::render(&[job], &opts, &|_, _| {})?;
    let rep = &r.reports[0];
    let path = dir.join(&rep.file);
    Ok(Asset {
        audio: MixAudio::File(path.clone()),
        file: file_name(a),
        source: Origin::Copy(path),
        duration_s: rep.duration_s,
    })
}

/// A text announcement as the script layer reads it.
fn speak<'a>(a: &'a Announcement, text: &'a str) -> script::SpokenAnnouncement<'a> {
    script::SpokenAnnouncement {
        id: &a.id,
        title: &a.title,
        text,
        on: Some(a.valid_from),
    }
}

/// The weekly bulletin with its explainer, story and notices in place (in their in-slot form).
fn bulletin(cx: &Cx, b: &script::Bulletin) -> Result<script::Script> {
    let [explainer, story] = b.items(cx.req.library).map(|(_, found)| {
        let item = found.map_err(|message| Error::Config {
            path: cx.req.station_path.to_path_buf(),
            line: b.line,
            message,
        })?;
        item.map(|i| script::render(i, &cx.script).map(|r| r.script))
            .transpose()
    });
    let (explainer, story) = (explainer?, story?);
    let notices = b
        .notices
        .iter()
        .filter_map(|id| cx.station.announcements.iter().find(|a| &a.id == id))
        .map(|a| {
            script::render_announcement(&speak(a, a.text.as_deref().unwrap_or("")), &cx.script)
        })
        .collect::<Result<Vec<_>>>()?;
    let parts = script::BulletinParts {
        explainer: explainer.as_ref(),
        story: story.as_ref(),
        notices: notices.iter().collect(),
    };
    script::render_bulletin(b, &parts, &cx.script)
}

/// Its file in the week folder.
fn file_name(a: &Announcement) -> String {
    format!("announcements/{}.mp3", a.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::week::testkit::{announcement, date};

    #[test]
    fn an_announcement_is_valid_if_it_overlaps_a_day_of_the_week() {
        // 2026-W50 runs from Monday 7 to Sunday 13 December.
        let week: Week = "2026-W50".parse().unwrap();
        let cases = [
            (
                "ended the day before",
                date(2026, 11, 1),
                date(2026, 12, 6),
                false,
            ),
            (
                "ends on the monday",
                date(2026, 11, 1),
                date(2026, 12, 7),
                true,
            ),
            ("inside", date(2026, 12, 9), date(2026, 12, 10), true),
            (
                "starts on the sunday",
                date(2026, 12, 13),
                date(2027, 1, 1),
                true,
            ),
            (
                "starts the day after",
                date(2026, 12, 14),
                date(2027, 1, 1),
                false,
            ),
            ("spans the week", date(2026, 1, 1), date(2027, 1, 1), true),
        ];
        for (name, from, until, valid) in cases {
            let all = vec![announcement(name, from, until)];
            assert_eq!(valid_in(&all, week).count() == 1, valid, "{name}");
        }
    }

    #[test]
    fn valid_announcements_keep_their_order() {
        let week: Week = "2026-W50".parse().unwrap();
        let all = vec![
            announcement("b", date(2026, 12, 7), date(2026, 12, 7)),
            announcement("old", date(2026, 1, 1), date(2026, 1, 2)),
            announcement("a", date(2026, 12, 8), date(2026, 12, 8)),
        ];
        let ids: Vec<&str> = valid_in(&all, week).map(|a| a.id.as_str()).collect();
        assert_eq!(ids, vec!["b", "a"]);
        let a = &all[2];
        assert_eq!(file_name(a), "announcements/a.mp3");
    }
}
