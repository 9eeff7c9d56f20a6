//! Reading numbers aloud in Vietnamese.
//!
//! Cardinals up to the trillions (mười/mươi, mốt, tư, lăm, linh/lẻ, "không trăm" inside large
//! numbers), digit strings, decimals, ordinals and Roman numerals. Pure functions of the digits and
//! a [`Style`]; no text scanning happens here.

use super::style::{Decimals, Style, ZeroHundreds};

/// Digit names, 0–9.
pub const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Numbers longer than this many digits are read digit by digit.
pub const MAX_CARDINAL_DIGITS: usize = 15;

/// Reads a string of ASCII digits one by one: "0912" → "không chín một hai".
pub fn digits(s: &str) -> String {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads a string of ASCII digits (leading zeros ignored) as a cardinal; falls back to digits
/// when it is longer than [`MAX_CARDINAL_DIGITS`].
pub fn cardinal_str(s: &str, style: &Style) -> String {
    let trimmed = s.trim_start_matches('0');
    if trimmed.len() > MAX_CARDINAL_DIGITS {
        return digits(s);
    }
    cardinal(trimmed.parse().unwrap_or(0), style)
}

/// Reads a whole number: 104933 → "một trăm linh bốn nghìn chín trăm ba mươi ba".
pub fn cardinal(n: u64, style: &Style) -> String {
    if n == 0 {
        return "không".to_string();
    }
    let mut words = Vec::new();
    read(n, style, &mut words, true);
    words.join(" ")
}

/// Appends the reading of `n` (> 0). `leading` is false when higher groups were already said, so
/// that a short group gets "không trăm" / "linh".
fn read(n: u64, style: &Style, out: &mut Vec<String>, leading: bool) {
    const BILLION: u64 = 1_000_000_000;
    if n >= BILLION {
        read(n / BILLION, style, out, leading);
        out.push(style.billion_word().to_string());
        let rest = n % BILLION;
        if rest > 0 {
            read(rest, style, out, false);
        }
        return;
    }
    let groups = [
        (n / 1_000_000, Some("triệu")),
        ((n / 1000) % 1000, Some(style.thousand_word())),
        (n % 1000, None),
    ];
    let mut first = leading;
    for (value, scale) in groups {
        if value == 0 {
            continue;
        }
        group(value as u32, style, out, first);
        if let Some(s) = scale {
            out.push(s.to_string());
        }
        first = false;
    }
}

/// Reads one group 1..=999. A non-leading group with no hundreds says "không trăm" in the formal
/// style; a leading one never does.
fn group(g: u32, style: &Style, out: &mut Vec<String>, leading: bool) {
    let (h, t, u) = (g / 100, (g / 10) % 10, g % 10);
    let push = |out: &mut Vec<String>, s: &str| out.push(s.to_string());
    if h > 0 {
        push(out, DIGITS[h as usize]);
        push(out, "trăm");
    } else if !leading && style.zero_hundreds == ZeroHundreds::Formal {
        push(out, "không");
        push(out, "trăm");
    }
    let said_hundreds = h > 0 || !leading;
    match t {
        0 => {
            if u > 0 {
                if said_hundreds {
                    push(out, style.zero_tens_word());
                }
                push(out, DIGITS[u as usize]);
            }
        }
        1 => {
            push(out, "mười");
            if u > 0 {
                push(out, if u == 5 { "lăm" } else { DIGITS[u as usize] });
            }
        }
        _ => {
            push(out, DIGITS[t as usize]);
            push(out, "mươi");
            match u {
                0 => {}
                1 => push(out, "mốt"),
                4 => push(out, "tư"),
                5 => push(out, "lăm"),
                _ => push(out, DIGITS[u as usize]),
            }
        }
    }
}

/// Reads the digits after a decimal comma: digit by digit, or as a number (keeping leading zeros
/// as "không").
pub fn decimals(frac: &str, style: &Style) -> String {
    match style.decimals {
        Decimals::Digits => digits(frac),
        Decimals::Grouped => {
            let zeros = frac.len() - frac.trim_start_matches('0').len();
            let mut words: Vec<String> = vec!["không".to_string(); zeros.min(frac.len())];
            if zeros < frac.len() {
                words.push(cardinal_str(frac, style));
            }
            words.join(" ")
        }
    }
}

/// The ordinal after "thứ": 1 → "nhất", 4 → "tư", otherwise the cardinal.
pub fn ordinal(n: u64, style: &Style) -> String {
    match n {
        1 => "nhất".to_string(),
        4 => "tư".to_string(),
        _ => cardinal(n, style),
    }
}

/// A month name after "tháng": 4 → "tư", otherwise the cardinal.
pub fn month(m: u32, style: &Style) -> String {
    if m == 4 {
        "tư".to_string()
    } else {
        cardinal(m.into(), style)
    }
}

/// The value of an upper-case Roman numeral (I–MMMCMXCIX), if it is well-formed.
pub fn roman(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let value = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let vals: Vec<u64> = s.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0i64;
    for (i, &v) in vals.iter().enumerate() {
        let v = v as i64;
        if vals.get(i + 1).is_some_and(|&next| next as i64 > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    let total = u64::try_from(total).ok()?;
    // Canonical form only: re-encode and compare, so "IIII" or "VX" are not numerals.
    (to_roman(total)? == s).then_some(total)
}

fn to_roman(mut n: u64) -> Option<String> {
    if n == 0 || n > 3999 {
        return None;
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    Some(out)
}
