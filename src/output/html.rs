//! The HTML pages of a week folder, through tera templates with autoescape: the printable
//! `week.html` here, the Zalo page in [`super::zalo`]. The templates live in `templates/` and are
//! built into the binary; every value they print goes through [`esc`].
//!
//! Nothing here formats HTML by hand: Rust prepares the values (dates, lengths, names), the
//! templates lay them out.

use std::sync::OnceLock;

use chrono::{Datelike, Duration};
use serde::Serialize;
use tera::{Context, Tera};

use super::{vi_weekday, PlanOut, SlotOut};
use crate::error::{Error, Result};
use crate::schedule::Week;
use crate::script::mmss;

/// The templates, by name; those ending in `.html.tera` are autoescaped. `page` is the frame both
/// pages extend; `check` is a script for checking a page in a (headless) browser: with `?check`
/// in the address, every player loads its metadata and is marked `data-state="ok"` or `"error"`;
/// without it, nothing happens and players load only when pressed.
const TEMPLATES: [(&str, &str); 4] = [
    ("page.html.tera", include_str!("templates/page.html.tera")),
    ("check.html.tera", include_str!("templates/check.html.tera")),
    ("week.html.tera", include_str!("templates/week.html.tera")),
    ("zalo.html.tera", include_str!("templates/zalo.html.tera")),
];

/// Escapes text for HTML: `&`, `<`, `>` and `"`, nothing else (so `/` and `'` stay as they are,
/// and a page reads the same as the text it came from). This is the templates' escape function.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn templates() -> Result<&'static Tera> {
    static TERA: OnceLock<std::result::Result<Tera, String>> = OnceLock::new();
    let loaded = TERA.get_or_init(|| {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html.tera"]);
        tera.set_escape_fn(esc);
        tera.add_raw_templates(TEMPLATES)
            .map_err(|e| template_message(&e))?;
        Ok(tera)
    });
    loaded.as_ref().map_err(|message| Error::Template {
        path: "<built-in pages>".into(),
        message: message.clone(),
    })
}

/// The template engine's error with its causes.
fn template_message(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        message.push_str(&format!(": {c}"));
        cause = c.source();
    }
    message
}

/// Renders a built-in template. The templates and the values given them are fixed in code (the
/// tests render every template), so an error here is a bug, reported as one, never a panic.
pub(super) fn render(name: &str, values: &impl Serialize) -> Result<String> {
    let err = |e: tera::Error| Error::Template {
        path: name.into(),
        message: template_message(&e),
    };
    let context = Context::from_serialize(values).map_err(err)?;
    templates()?.render(name, &context).map_err(err)
}

/// `week.html`'s values.
#[derive(Serialize)]
struct WeekPage<'a> {
    week: &'a str,
    station_name: &'a str,
    from: String,
    to: String,
    timezone: &'a str,
    days: Vec<DayRows<'a>>,
    notes: &'a [String],
}

/// A day of the week sheet, with the slots that start on it.
#[derive(Serialize)]
struct DayRows<'a> {
    weekday: &'static str,
    date: String,
    slots: Vec<SlotRow<'a>>,
}

#[derive(Serialize)]
struct SlotRow<'a> {
    start: String,
    end: String,
    name: &'a str,
    items: Vec<ItemLine<'a>>,
    file: &'a str,
    duration: String,
    /// A relay slot's stream.
    relay: Option<&'a str>,
}

#[derive(Serialize)]
struct ItemLine<'a> {
    priority: &'a str,
    title: &'a str,
    duration: String,
    /// ` (Ưu tiên)`, ` (Khẩn cấp)`, or empty for a normal item.
    priority_note: String,
    /// ` — tiếng Tày` for a notice recorded in another language, else empty.
    lang_note: String,
}

fn priority_vi(p: &str) -> &'static str {
    match p {
        "emergency" => "Khẩn cấp",
        "priority" => "Ưu tiên",
        _ => "Thường",
    }
}

fn slot_row(s: &SlotOut) -> Option<SlotRow<'_>> {
    let start = s.start_dt?;
    let end = start + Duration::seconds(s.length_s as i64);
    let items = s
        .items
        .iter()
        .map(|i| ItemLine {
            priority: &i.priority,
            title: &i.title,
            duration: mmss(i.duration_s),
            priority_note: if i.priority == "normal" {
                String::new()
            } else {
                format!(" ({})", priority_vi(&i.priority))
            },
            lang_note: i
                .lang
                .as_deref()
                .map(|l| format!(" — {}", crate::schedule::lang::name(l)))
                .unwrap_or_default(),
        })
        .collect();
    Some(SlotRow {
        start: start.format("%H:%M").to_string(),
        end: end.format("%H:%M").to_string(),
        name: &s.name,
        items,
        file: &s.file,
        duration: match s.relay {
            Some(_) => mmss(s.length_s),
            None => mmss(s.duration_s),
        },
        relay: s.relay.as_deref(),
    })
}

/// The days of the week that have slots, each with its slots in plan order.
fn day_rows(plan: &PlanOut, week: Week) -> Vec<DayRows<'_>> {
    week.days()
        .into_iter()
        .map(|day| DayRows {
            weekday: vi_weekday(day.weekday()),
            date: day.format("%d/%m/%Y").to_string(),
            slots: plan
                .slots
                .iter()
                .filter(|s| s.start_dt.is_some_and(|d| d.date_naive() == day))
                .filter_map(slot_row)
                .collect(),
        })
        .filter(|d| !d.slots.is_empty())
        .collect()
}

/// `week.html`: a printable A4 week sheet in Vietnamese, a table per day, a player per slot.
pub fn week_html(plan: &PlanOut, week: Week) -> Result<String> {
    let page = WeekPage {
        week: &plan.week,
        station_name: &plan.station_name,
        from: week.monday().format("%d/%m/%Y").to_string(),
        to: (week.monday() + Duration::days(6))
            .format("%d/%m/%Y")
            .to_string(),
        timezone: &plan.timezone,
        days: day_rows(plan, week),
        notes: &plan.notes,
    };
    render("week.html.tera", &page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{fixture, zalo_html};

    const HOSTILE: &str = "<script>alert(1)</script> \"quoted\" & more";
    const HOSTILE_ESCAPED: &str =
        "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; more";

    #[test]
    fn esc_escapes_only_what_html_needs() {
        for (input, want) in [
            ("a & b", "a &amp; b"),
            ("<b>", "&lt;b&gt;"),
            ("\"x\"", "&quot;x&quot;"),
            ("it's a/b", "it's a/b"),
            (
                "Đài truyền thanh xã Định Tân",
                "Đài truyền thanh xã Định Tân",
            ),
            ("&amp;", "&amp;amp;"),
        ] {
            assert_eq!(esc(input), want);
        }
    }

    #[test]
    fn a_title_holding_markup_comes_out_escaped_in_the_week_sheet() {
        let mut plan = fixture::plan();
        plan.slots[0].items[0].title = HOSTILE.into();
        plan.station_name = HOSTILE.into();
        plan.notes = vec![HOSTILE.into()];
        let page = week_html(&plan, fixture::week()).unwrap();
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(!page.contains("\"quoted\""), "{page}");
        assert_eq!(
            page.matches(HOSTILE_ESCAPED).count(),
            4,
            "title, h1 line, item, note"
        );
    }

    #[test]
    fn a_caption_holding_markup_comes_out_escaped_in_the_zalo_page() {
        let mut posts = fixture::posts();
        posts[0].title = HOSTILE.into();
        posts[0].caption = HOSTILE.into();
        posts[0].files = vec!["a\".mp3".into()];
        let page = zalo_html(HOSTILE, "2026-W49", &posts).unwrap();
        assert!(!page.contains("<script>alert"), "{page}");
        assert_eq!(
            page.matches(HOSTILE_ESCAPED).count(),
            4,
            "title, h1, h2, caption"
        );
        assert!(page.contains("src=\"a&quot;.mp3\""), "{page}");
    }

    #[test]
    fn vietnamese_text_comes_out_unchanged() {
        let plan = fixture::plan();
        let page = week_html(&plan, fixture::week()).unwrap();
        for text in [
            "<title>Lịch phát thanh 2026-W49 — Đài truyền thanh xã Định Tân</title>",
            "<h2>Thứ Hai, ngày 30/11/2026</h2>",
            fixture::LONG_TITLE,
            "Thông báo: mưa lớn &amp; lũ — 1:02 (Khẩn cấp)",
            "<em>(khung trống)</em>",
        ] {
            assert!(page.contains(text), "{text}\n{page}");
        }
        let zalo = zalo_html(&plan.station_name, &plan.week, &fixture::posts()).unwrap();
        assert!(zalo.contains(&format!("<h2>{}</h2>", fixture::LONG_TITLE)));
    }

    #[test]
    fn a_week_without_notes_or_slots_still_makes_a_whole_page() {
        let mut plan = fixture::plan();
        plan.slots.clear();
        plan.notes.clear();
        let page = week_html(&plan, fixture::week()).unwrap();
        assert!(!page.contains("<section"), "{page}");
        assert!(!page.contains("notes\">"), "{page}");
        assert!(page.ends_with("</script>\n</body>\n</html>\n"), "{page}");
    }

    #[test]
    fn week_html_snapshot() {
        insta::assert_snapshot!(week_html(&fixture::plan(), fixture::week()).unwrap());
    }

    #[test]
    fn zalo_html_snapshot() {
        let plan = fixture::plan();
        insta::assert_snapshot!(
            zalo_html(&plan.station_name, &plan.week, &fixture::posts()).unwrap()
        );
    }
}
