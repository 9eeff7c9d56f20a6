//! `[[announcement]]`s: local notices with a priority level (circular 39/2020/TT-BTTTT), a text
//! or a recording inside the project, and the days they are valid. An announcement whose dates
//! or file cannot be used is left out, with the problem reported on its line.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml::Spanned;

use super::check::Check;
use super::raw::{DateValue, RawAnnouncement, RawBulletin};
use super::{lang, notice};
use super::{Announcement, Known, Priority};
use crate::project::inside_root;

/// The usable announcements, in file order.
pub(super) fn check_announcements(
    check: &mut Check,
    raw: Vec<RawAnnouncement>,
    bulletins: Vec<RawBulletin>,
    known: &Known,
) -> Vec<Announcement> {
    let mut all: Vec<Announcement> = raw
        .into_iter()
        .filter_map(|a| check_announcement(check, a, known.root))
        .collect();
    let found: Vec<Announcement> = bulletins
        .into_iter()
        .filter_map(|b| check_bulletin(check, b, &all))
        .collect();
    all.extend(found);
    all
}

/// A weekly bulletin, as an announcement the planner places like any other. Its notices must
/// be text announcements of the same file; its explainer and story are checked against the
/// content pack by `check` and the week.
fn check_bulletin(
    check: &mut Check,
    b: RawBulletin,
    announcements: &[Announcement],
) -> Option<Announcement> {
    let line = check.line(b.id.span());
    let id = b.id.get_ref().clone();
    if !crate::content::is_slug(&id) {
        check.report(line, "bulletin.id", format!("`{id}` is not a slug"));
    }
    if b.headlines.get_ref().iter().all(|h| h.trim().is_empty()) {
        let message = format!("bulletin `{id}` needs at least one headline");
        check.report(check.line(b.headlines.span()), "headlines", message);
    }
    for n in &b.notices {
        let spoken = announcements.iter().any(|a| &a.id == n && a.text.is_some());
        if !spoken {
            let message =
                format!("bulletin `{id}`: `{n}` is not a notice with a text in this file");
            check.report(line, "notices", message);
        }
    }
    let priority = check_priority(check, b.priority.as_ref());
    let (valid_from, valid_until) = check_validity(check, &b.valid_from, &b.valid_until)?;
    let bulletin = crate::script::Bulletin {
        id: id.clone(),
        title: b
            .title
            .clone()
            .unwrap_or_else(|| "Bản tin tuần".to_string()),
        headlines: b.headlines.into_inner(),
        news: b.news,
        explainer: b.explainer,
        story: b.story,
        notices: b.notices,
        line: line.unwrap_or(1),
        on: Some(valid_from),
    };
    Some(Announcement {
        id,
        title: bulletin.title.clone(),
        text: None,
        file: None,
        priority,
        valid_from,
        valid_until,
        airings: b.airings.unwrap_or(1),
        lang: None,
        bulletin: Some(bulletin),
    })
}

fn check_announcement(check: &mut Check, a: RawAnnouncement, root: &Path) -> Option<Announcement> {
    let line = check.line(a.id.span());
    let id = a.id.get_ref().clone();
    if !crate::content::is_slug(&id) {
        check.report(line, "announcement.id", format!("`{id}` is not a slug"));
    }
    let priority = check_priority(check, a.priority.as_ref());
    // `Some(None)`: a file was named but refused.
    let file = a.file.as_ref().map(|f| check_file(check, f, root));
    let text = announcement_text(check, &a, &id, root, line);
    let title = announcement_title(check, &a, &id, line);
    let lang = lang::check_lang(check, a.lang.as_ref(), a.file.is_some(), &id);
    let (valid_from, valid_until) = check_validity(check, &a.valid_from, &a.valid_until)?;
    let file = match file {
        Some(None) => return None,
        named => named.flatten(),
    };
    if text.is_err() || lang.is_err() {
        return None;
    }
    Some(Announcement {
        id,
        title: title?,
        text: text.ok().flatten(),
        file,
        priority,
        valid_from,
        valid_until,
        bulletin: None,
        lang: lang.ok().flatten(),
        airings: a.airings.unwrap_or(default_airings(priority)),
    })
}

/// The text to read: written out, or made by a notice template from its fields. `Ok(None)` for
/// a recording; `Err` (reported) when neither is there or the template fails.
fn announcement_text(
    check: &mut Check,
    a: &RawAnnouncement,
    id: &str,
    root: &Path,
    line: Option<usize>,
) -> Result<Option<String>, ()> {
    match (&a.text, &a.template) {
        (Some(_), Some(t)) => {
            let message = format!("`{id}` has both `text` and `template`: keep one");
            check.report(check.line(t.span()), "template", message);
            Err(())
        }
        (Some(text), None) => Ok(Some(text.get_ref().clone())),
        (None, Some(t)) => notice::text(check, t, &a.notice_fields(), root, line)
            .map(Some)
            .ok_or(()),
        (None, None) if a.file.is_some() => Ok(None),
        (None, None) => {
            let message = format!("`{id}` needs `text`, `template` or `file`");
            check.report(line, "announcement", message);
            Err(())
        }
    }
}

/// The title: given, or the template's own.
fn announcement_title(
    check: &mut Check,
    a: &RawAnnouncement,
    id: &str,
    line: Option<usize>,
) -> Option<String> {
    if let Some(t) = &a.title {
        return Some(t.get_ref().clone());
    }
    let from_template = a
        .template
        .as_ref()
        .and_then(|t| notice::kind(t.get_ref()))
        .map(|k| k.title.to_string());
    // An unknown template is reported on its own line; its missing title would only repeat it.
    if a.template.is_none() {
        check.report(line, "title", format!("`{id}` needs a `title`"));
    }
    from_template
}

/// Emergencies air in every slot of their days, not a number of times.
fn default_airings(priority: Priority) -> u32 {
    match priority {
        Priority::Emergency => 0,
        Priority::Normal | Priority::Priority => 3,
    }
}

/// `normal` (also when absent), `priority` or `emergency`; anything else is reported and read as
/// normal.
fn check_priority(check: &mut Check, priority: Option<&Spanned<String>>) -> Priority {
    let Some(p) = priority else {
        return Priority::Normal;
    };
    match p.get_ref().as_str() {
        "normal" => Priority::Normal,
        "priority" => Priority::Priority,
        "emergency" => Priority::Emergency,
        other => {
            let unknown = check
                .error(
                    check.line(p.span()),
                    "priority",
                    format!("unknown priority `{other}`"),
                )
                .with_hint("use normal, priority or emergency (circular 39/2020/TT-BTTTT)");
            check.push(unknown);
            Priority::Normal
        }
    }
}

/// The recording, relative to the project, by the project's one path rule; `None` (reported)
/// when it is refused.
fn check_file(check: &mut Check, file: &Spanned<String>, root: &Path) -> Option<PathBuf> {
    match inside_root(root, Path::new(file.get_ref())) {
        Ok(p) => Some(p),
        Err(refused) => {
            check.report(check.line(file.span()), "file", refused.to_string());
            None
        }
    }
}

/// A TOML date, or text written `2026-12-01` or `01/12/2026` (day first, as Vietnamese writes
/// it).
fn date_of(d: &DateValue) -> Option<NaiveDate> {
    match d {
        DateValue::Date(d) => {
            let date = d.date?;
            NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
        }
        DateValue::Text(t) => NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(t.trim(), "%d/%m/%Y"))
            .ok(),
    }
}

/// The first and last valid day; `None` (reported, on the field's own line) when either is not
/// a date. A period that ends before it starts is reported but kept.
fn check_validity(
    check: &mut Check,
    from: &Spanned<DateValue>,
    until: &Spanned<DateValue>,
) -> Option<(NaiveDate, NaiveDate)> {
    let mut date = |field: &str, value: &Spanned<DateValue>| {
        let found = date_of(value.get_ref());
        if found.is_none() {
            let message = "is not a date: write it like 2026-11-30 (or \"30/11/2026\")";
            check.report(check.line(value.span()), field, message);
        }
        found
    };
    let (first, last) = (date("valid_from", from), date("valid_until", until));
    let (first, last) = (first?, last?);
    if last < first {
        let message = format!("{last} is before valid_from {first}");
        check.report(check.line(until.span()), "valid_until", message);
    }
    Some((first, last))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::NaiveDate;

    use crate::schedule::{parse::parse, Known};

    const DEMO: &str = include_str!("../../schedules/dinh-tan.toml");

    /// The demo station file with its first notice's `valid_from` written as `value`.
    fn with_from(value: &str) -> (Option<NaiveDate>, Vec<String>) {
        let text = DEMO.replacen(
            "valid_from = 2026-11-30",
            &format!("valid_from = {value}"),
            1,
        );
        let known = Known {
            root: Path::new("."),
            profiles: vec!["loudspeaker".into(), "zalo".into()],
            demo: false,
        };
        let (file, diags) = parse(&text, Path::new("schedules/x.toml"), &known);
        let first = file.and_then(|f| f.announcements.first().map(|a| a.valid_from));
        (first, diags.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn a_date_may_be_written_as_text() {
        let want = NaiveDate::from_ymd_opt(2026, 11, 30);
        for value in [
            "2026-11-30",
            "\"2026-11-30\"",
            "\"30/11/2026\"",
            "\" 2026-11-30 \"",
        ] {
            let (got, diags) = with_from(value);
            assert_eq!(got, want, "{value}: {diags:?}");
            assert!(diags.is_empty(), "{value}: {diags:?}");
        }
    }

    #[test]
    fn a_text_that_is_no_date_names_its_field_and_line() {
        let line = DEMO
            .lines()
            .position(|l| l.starts_with("valid_from = 2026-11-30"))
            .expect("the demo's first notice")
            + 1;
        let want = format!("schedules/x.toml:{line}: valid_from: is not a date");
        for value in ["\"thứ hai\"", "\"2026-13-01\"", "\"31/02/2026\""] {
            let (got, diags) = with_from(value);
            assert_eq!(got, None, "{value}");
            assert!(
                diags.iter().any(|d| d.contains(&want)),
                "{value}: {diags:?}"
            );
        }
    }
}
