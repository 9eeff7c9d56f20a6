//! Figures for the ear, where a template asks for them (the `for_ear` filter): a percentage or
//! a ratio before a noun becomes "cứ mười hộ thì hơn chín hộ", and a big exact figure is
//! rounded ("1.301 hộ" → "hơn 1.300 hộ"). Text in, text out; the normaliser then says it.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::number::cardinal;
use super::Style;

/// `92,5% hộ`, `92.5 % số hộ`.
static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{1,3}(?:[,.]\d+)?)\s?%\s+(số\s+)?(\p{L}+)").expect("built-in pattern")
});
/// `121/1301 hộ`.
static RATIO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d+)/(\d+)\s+(\p{L}+)").expect("built-in pattern"));
/// A figure of four digits or more, with or without dots: `1.301`, `104512`.
static BIG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{1,3}(?:\.\d{3})+\b|\b\d{4,}\b").expect("built-in pattern"));

/// The text with its percentages, ratios and big figures said for the ear.
pub fn for_ear(text: &str) -> String {
    let style = Style::default();
    let text = PERCENT.replace_all(text, |c: &Captures| {
        let p = c[1].replace(',', ".").parse::<f64>().unwrap_or(0.0);
        per_ten(p / 10.0, &c[3], &style).unwrap_or_else(|| c[0].to_string())
    });
    let text = RATIO.replace_all(&text, |c: &Captures| {
        let (a, b) = (
            c[1].parse::<f64>().unwrap_or(0.0),
            c[2].parse::<f64>().unwrap_or(0.0),
        );
        let ok = b > a && b >= 10.0;
        ok.then(|| per_ten(10.0 * a / b, &c[3], &style))
            .flatten()
            .unwrap_or_else(|| c[0].to_string())
    });
    BIG.replace_all(&text, |c: &Captures| round_big(&c[0]))
        .into_owned()
}

/// "cứ mười hộ thì hơn chín hộ" for 9.25 in ten; `None` outside 0.5 to 10.
fn per_ten(x: f64, noun: &str, style: &Style) -> Option<String> {
    if !(0.5..=10.0).contains(&x) {
        return None;
    }
    let n = x.round();
    let near = if (x - n).abs() < 0.05 {
        ""
    } else if x > n {
        "hơn "
    } else {
        "gần "
    };
    let how_many = if n >= 10.0 && near.is_empty() {
        format!("cả mười {noun}")
    } else {
        format!("{near}{} {noun}", cardinal(n as u64, style))
    };
    Some(format!("cứ mười {noun} thì {how_many}"))
}

/// A big figure to two significant digits, "hơn" when that drops something: `1.301` → `hơn
/// 1.300`, `93.000` → `93.000`.
fn round_big(written: &str) -> String {
    let Ok(n) = written.replace('.', "").parse::<u64>() else {
        return written.to_string();
    };
    if n < 1000 || (1900..=2100).contains(&n) && !written.contains('.') {
        // Years stay as they are.
        return written.to_string();
    }
    let digits = n.to_string().len() as u32;
    let unit = 10u64.pow(digits - 2);
    let rounded = n / unit * unit;
    let dotted = with_dots(rounded);
    if rounded == n {
        dotted
    } else {
        format!("hơn {dotted}")
    }
}

fn with_dots(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_for_the_ear() {
        for (written, said) in [
            (
                "92,5% hộ có điện thoại",
                "cứ mười hộ thì hơn chín hộ có điện thoại",
            ),
            (
                "87% số hộ dùng Zalo",
                "cứ mười hộ thì gần chín hộ dùng Zalo",
            ),
            ("50% người dân", "cứ mười người thì năm người dân"),
            ("100% hộ", "cứ mười hộ thì cả mười hộ"),
            ("121/1301 hộ", "cứ mười hộ thì gần một hộ"),
            ("3/4 số", "3/4 số"),
            ("1.301 hộ", "hơn 1.300 hộ"),
            ("104512 tài khoản", "hơn 100.000 tài khoản"),
            ("93.000 tài khoản", "93.000 tài khoản"),
            ("năm 2024", "năm 2024"),
            ("2% hộ", "2% hộ"),
            ("nay 15 hộ", "nay 15 hộ"),
        ] {
            assert_eq!(for_ear(written), said, "{written}");
        }
    }
}
