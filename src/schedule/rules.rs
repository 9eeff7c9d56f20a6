//! `[rules]`: airings per programme, the topic of each weekday and the most items in a slot;
//! defaults when the table is absent.

use chrono::Weekday;
use toml::Spanned;

use super::check::Check;
use super::Rules;
use crate::content::Topic;
use crate::script::words::WEEKDAYS;

/// `mon` … `sun` (or full English names) as a weekday.
pub fn weekday_key(s: &str) -> Option<Weekday> {
    let t = s.to_lowercase();
    WEEKDAYS
        .into_iter()
        .find(|w| t.starts_with(&w.to_string().to_lowercase()))
}

/// The rules as written (problems reported on the `[rules]` line), or the defaults.
pub(super) fn check_rules(check: &mut Check, raw: Option<Spanned<Rules>>) -> Rules {
    let Some(raw) = raw else {
        return Rules::default();
    };
    let line = check.line(raw.span());
    let rules = raw.into_inner();
    for (day, topic) in &rules.topic_by_weekday {
        if weekday_key(day).is_none() {
            let unknown = check
                .error(line, "topic_by_weekday", format!("unknown weekday `{day}`"))
                .with_hint("use mon, tue, wed, thu, fri, sat, sun");
            check.push(unknown);
        }
        if Topic::from_slug(topic).is_none() {
            check.report(line, "topic_by_weekday", format!("unknown topic `{topic}`"));
        }
    }
    if rules.airings_per_item == 0 || rules.max_items_per_slot == 0 {
        let message = "airings_per_item and max_items_per_slot must be at least 1";
        check.report(line, "rules", message);
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_keys() {
        for (key, day) in [
            ("mon", Some(Weekday::Mon)),
            ("Sunday", Some(Weekday::Sun)),
            ("THU", Some(Weekday::Thu)),
            ("mo", None),
            ("thu2", Some(Weekday::Thu)),
            ("funday", None),
        ] {
            assert_eq!(weekday_key(key), day, "{key}");
        }
    }
}
