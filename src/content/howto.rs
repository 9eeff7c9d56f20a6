//! The parts only a how-to has: `safety` and `last_verified` in the front matter, and numbered
//! steps in the body.

use chrono::NaiveDate;

use super::front_matter::{Fields, Presence, Split};
use super::report::Report;
use super::steps::split_steps;
use super::{Body, Howto};

/// The how-to, or `None` when a problem (reported) makes it unusable.
pub(super) fn body(fields: &Fields, split: &Split, report: &mut Report) -> Option<Body> {
    let safety = fields.string("safety", Presence::Required, report);
    let last_verified = last_verified(fields, report);
    let remember = remember(fields, report);
    let parts = split_steps(split.body, split.body_line, report);
    if parts.steps.is_empty() {
        let msg = "a how-to needs numbered steps (`1. …`, `2. …`)";
        report.error(split.body_line, "steps", msg);
        return None;
    }
    Some(Body::Howto(Howto {
        last_verified: last_verified?,
        safety: safety.ok().flatten()?,
        remember,
        intro: parts.intro,
        steps: parts.steps,
        outro: parts.outro,
    }))
}

/// What to remember, said in place of the steps; missing is a warning, since no one follows
/// steps on a phone from a horn loudspeaker.
fn remember(fields: &Fields, report: &mut Report) -> Vec<String> {
    let hint =
        "remember = [\"…\", \"…\"]: three to five short things to remember; the steps go to Zalo";
    let Some(v) = fields.get("remember") else {
        let msg = "no `remember`: the programme would read the steps, which no one can follow from a loudspeaker";
        report.warning(fields.close_line, "remember", msg, Some(hint.into()));
        return Vec::new();
    };
    match Fields::string_list(v.get_ref())
        .filter(|l| !l.is_empty() && l.iter().all(|s| !s.is_empty()))
    {
        Some(list) => list,
        None => {
            let msg = "must be a non-empty list of non-empty strings";
            report.error_hint(fields.value_line(v), "remember", msg, hint);
            Vec::new()
        }
    }
}

/// A TOML date (not a string): the day the steps were checked in the real app.
fn last_verified(fields: &Fields, report: &mut Report) -> Option<NaiveDate> {
    let Some(v) = fields.get("last_verified") else {
        report.error_hint(
            fields.close_line,
            "last_verified",
            "missing required field `last_verified`",
            "the date the steps were checked in the real app, e.g. last_verified = 2026-11-01",
        );
        return None;
    };
    let line = fields.value_line(v);
    let toml::Value::Datetime(dt) = v.get_ref() else {
        let msg = "must be a date like 2026-11-01 (no quotes)";
        report.error(line, "last_verified", msg);
        return None;
    };
    let date = dt
        .date
        .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()));
    if date.is_none() {
        report.error(line, "last_verified", "must be a date like 2026-11-01");
    }
    date
}
