//! A line made ready for the rules: typographic variants written as the rules expect them
//! (an en dash between numbers, a prime after minutes, the Icelandic `Ð` for `Đ`) and the
//! symbols that stand for words (`≤`, `≥`, `~`, `±`, a lone `&`) said as words.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// A date written just before a time (`14/12/2020 06:28`): a pause between, or the year runs
/// into the hour ("… hai mươi sáu giờ").
static DATE_THEN_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{1,2}/\d{1,2}/\d{4}) (\d{1,2}[:h]\d{2})").expect("built-in pattern")
});

/// Symbols said as words wherever they stand.
const SYMBOL_WORDS: &[(char, &str)] = &[
    ('≤', "không quá"),
    ('≥', "từ"),
    ('~', "khoảng"),
    ('≈', "khoảng"),
    ('±', "cộng trừ"),
];

/// The line with its variants and symbols rewritten; borrowed when there is nothing to do.
pub(super) fn prepare(line: &str) -> Cow<'_, str> {
    match DATE_THEN_TIME.is_match(line) {
        true => Cow::Owned(marks(&DATE_THEN_TIME.replace_all(line, "$1, $2")).into_owned()),
        false => marks(line),
    }
}

/// Typographic variants and symbols.
fn marks(line: &str) -> Cow<'_, str> {
    let needs = line.contains("./.")
        || line.contains(")-")
        || line.chars().any(|c| {
            matches!(c, '–' | '′' | '″' | 'Ð' | '&' | '|' | '*')
                || SYMBOL_WORDS.iter().any(|(s, _)| *s == c)
        });
    if !needs {
        return Cow::Borrowed(line);
    }
    // `./.` ends an article in Vietnamese news and notices.
    // `(GLO)- Ngày…`: a source tag's dash is a pause.
    let chars: Vec<char> = line
        .replace("./.", ".")
        .replace(")-", ") -")
        .chars()
        .collect();
    let mut out = String::with_capacity(line.len() + 16);
    for (i, &c) in chars.iter().enumerate() {
        let digit_before = i > 0 && chars[i - 1].is_ascii_digit();
        let digit_after = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        let spaced = |j: Option<&char>| j.is_none_or(|c| c.is_whitespace());
        match c {
            '–' if digit_before && digit_after => out.push('-'),
            '′' | '″' if digit_before => {}
            'Ð' => out.push('Đ'),
            '|' => out.push(','),
            // A bullet before a word.
            '*' if spaced(i.checked_sub(1).and_then(|j| chars.get(j)))
                && chars.get(i + 1).is_some_and(|c| c.is_alphabetic()) => {}
            '&' if spaced(i.checked_sub(1).and_then(|j| chars.get(j)))
                && spaced(chars.get(i + 1)) =>
            {
                out.push_str("và")
            }
            _ => match SYMBOL_WORDS.iter().find(|(s, _)| *s == c) {
                Some((_, w)) => {
                    out.push(' ');
                    out.push_str(w);
                    out.push(' ');
                }
                None => out.push(c),
            },
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_and_symbols() {
        for (line, want) in [
            ("12–15°C", "12-15°C"),
            ("14h00′", "14h00"),
            ("ÐBSCL", "ĐBSCL"),
            ("A & B", "A và B"),
            ("TT&TT", "TT&TT"),
            ("(≤0,09%)", "( không quá 0,09%)"),
            ("không đổi", "không đổi"),
            ("đồng/kg./.", "đồng/kg."),
            ("LDO | 06/11", "LDO , 06/11"),
            ("*Ngày 5", "Ngày 5"),
            ("(GLO)- Ngày", "(GLO) - Ngày"),
            ("14/12/2020 06:28 GD", "14/12/2020, 06:28 GD"),
            ("*101#", "*101#"),
        ] {
            assert_eq!(prepare(line), want, "{line}");
        }
    }
}
