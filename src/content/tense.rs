//! Places named as if districts still existed. Vietnam abolished its districts (huyện) and
//! towns (thị trấn) on 1 July 2025, so present-tense text that names one misleads listeners.
//! A sentence that marks itself as past ("cũ", "trước đây", a year, "khi đó") may name them.

use super::report::Report;
use super::{Body, Item};

/// The units that no longer exist.
const OLD_UNITS: [&str; 2] = ["huyện", "thị trấn"];

/// Words that put a sentence in the past.
const PAST_MARKERS: [&str; 7] = [
    "cũ",
    "trước đây",
    "trước kia",
    "khi đó",
    "khi ấy",
    "hồi đó",
    "lúc đó",
];

/// The first old unit a sentence names without marking itself as past.
pub(super) fn old_unit_in_present(sentence: &str) -> Option<&'static str> {
    let lower = sentence.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = format!(" {} ", words.join(" "));
    let unit = OLD_UNITS
        .iter()
        .find(|u| joined.contains(&format!(" {u} ")))?;
    let past = PAST_MARKERS
        .iter()
        .any(|m| joined.contains(&format!(" {m} ")))
        || words.iter().any(|w| is_year(w));
    (!past).then_some(*unit)
}

fn is_year(w: &str) -> bool {
    w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1945..=2100).contains(&y))
}

/// The sentences of a text: cut after `.`, `!`, `?` and `;`.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['.', '!', '?', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Warns on each field or paragraph of `item` that names a district or town in the present.
/// `field_line` gives the line of a front-matter field.
pub(super) fn check(item: &Item, field_line: &dyn Fn(&str) -> usize, report: &mut Report) {
    let fields = [
        ("title", Some(&item.title)),
        ("summary", Some(&item.summary)),
        ("key_point", item.key_point.as_ref()),
    ];
    for (name, text) in fields {
        if let Some(text) = text {
            warn(text, field_line(name), name, report);
        }
    }
    let parts: Vec<&Vec<super::Para>> = match &item.body {
        Body::Story(s) => vec![&s.context, &s.action, &s.result, &s.try_it],
        Body::Howto(h) => vec![&h.intro, &h.steps, &h.outro],
    };
    for p in parts.into_iter().flatten() {
        warn(&p.text, p.line, "body", report);
    }
}

fn warn(text: &str, line: usize, field: &str, report: &mut Report) {
    let Some(unit) = sentences(text).find_map(old_unit_in_present) else {
        return;
    };
    report.warning(
        line,
        field,
        format!("`{unit}` in present-tense text: districts and towns were abolished on 1 July 2025"),
        Some(format!(
            "tell it in the past (\"{unit} … cũ\", \"năm 2024\", \"trước đây\") or name the place as it is now"
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_units_only_in_the_present() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Anh Vũ sống ở huyện Kim Bảng.", Some("huyện")),
            ("Chợ thị trấn họp mỗi sáng.", Some("thị trấn")),
            ("Ở Huyện Yên Định, bà con dùng Zalo.", Some("huyện")),
            ("Năm 2024, ở huyện Kim Bảng, bà con lập nhóm Zalo.", None),
            ("Ở huyện Kim Bảng cũ, nay thuộc tỉnh Ninh Bình.", None),
            ("Trước đây, thị trấn có một bưu điện.", None),
            ("Khi đó, huyện chọn hai xã làm thí điểm.", None),
            ("Xã Định Hưng làm mô hình thôn thông minh.", None),
            ("Bà con nhờ Tổ công nghệ số hướng dẫn.", None),
            // "huyện" must be a word of its own.
            ("Chuyện huyễn hoặc.", None),
        ];
        for (text, want) in cases {
            assert_eq!(old_unit_in_present(text), *want, "{text}");
        }
    }

    #[test]
    fn sentences_are_judged_one_by_one() {
        let text = "Năm 2024, huyện chọn thôn Đông. Nay huyện Kim Bảng vẫn hỗ trợ.";
        assert_eq!(sentences(text).find_map(old_unit_in_present), Some("huyện"));
    }
}
