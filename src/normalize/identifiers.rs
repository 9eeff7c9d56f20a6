//! Things with digits that are not amounts: identifiers read digit by digit in their groups
//! (account, ID-card, insurance, tax and dossier numbers and codes after their context word;
//! licence plates; any long digit string), versions and dotted numbers read with "chấm"
//! (`4.0`, `2.1.8`), a number after a label (`BĐ2` báo động hai, `Q.3` quận ba, `Km324`), and
//! names that mix letters and digits, spelt (`VF3` vê ép ba).

use super::chunk::{word_before, Chunk};
use super::numeric::Ctx;
use super::{cardinal, digits, parse_int, Class, Normalizer, Reading};

pattern!(
    PLATE,
    r"(\d{2})([A-Z]{1,2}\d?)-(\d{3})\.(\d{2})|(\d{2})([A-Z]{1,2}\d?)-(\d{4,5})"
);
pattern!(DIGIT_GROUPS, r"\d+(?:[.-]\d+)*");
pattern!(VERSION, r"v?(\d+(?:\.\d+)+)");
pattern!(LABELLED, r"(\p{Lu}{1,4})(\d{1,3})");
pattern!(
    ADDRESS_NUMBER,
    r"(Q|q|P|p|F|f|H|h|X|x|TX|tx|KP|kp|TP|tp)\.(\d{1,3})"
);
pattern!(KM_MARK, r"(?:Km|KM|km)(\d{1,4})(?:\+(\d{1,3}))?");
pattern!(PLUS, r"\+(\d{1,3})");

/// Words that, just before a run of digits, make it an identifier. Each is the end of the
/// words before (lower case); `là` and `số` between are skipped.
const ID_CONTEXT: &[&[&str]] = &[
    &["tài", "khoản"],
    &["stk"],
    &["tk"],
    &["căn", "cước"],
    &["cccd"],
    &["cmnd"],
    &["định", "danh"],
    &["bhxh"],
    &["bhyt"],
    &["mã"],
    &["otp"],
    &["hồ", "sơ"],
    &["biển"],
    &["bks"],
    &["mst"],
    &["số", "thuế"],
    &["số", "thẻ"],
    &["hợp", "đồng"],
    &["vận", "đơn"],
    &["xác", "nhận"],
    &["xác", "thực"],
    &["seri"],
    &["serial"],
];

/// Words before a dotted number that make it a version.
const VERSION_CONTEXT: &[&str] = &["bản", "version", "nghiệp", "ver", "phiên", "web", "chuẩn"];

/// Words after digits that make them an amount, not an identifier.
const AMOUNT_AFTER: &[&str] = &[
    "đồng", "đ", "triệu", "nghìn", "ngàn", "tỷ", "usd", "vnd", "vnđ", "người", "lần", "hộ",
];

/// A plain digit string this long or longer is an identifier, never a cardinal, unless it is
/// round (`1000000000000`, một nghìn tỷ). Shorter ones (`2030000305`) are amounts unless a
/// context word or a leading zero says otherwise.
const LONG_DIGITS: usize = 12;
/// Trailing zeros that make a long digit string a round amount.
const ROUND_ZEROS: usize = 6;

/// Vietnamese names of the Latin letters, for spelling.
pub(super) fn letter_name(c: char) -> Option<&'static str> {
    Some(match c.to_ascii_lowercase() {
        'a' => "a",
        'b' => "bê",
        'c' => "xê",
        'd' => "dê",
        'e' => "e",
        'f' => "ép",
        'g' => "gờ",
        'h' => "hát",
        'i' => "i",
        'j' => "gi",
        'k' => "ca",
        'l' => "lờ",
        'm' => "mờ",
        'n' => "nờ",
        'o' => "o",
        'p' => "pê",
        'q' => "quy",
        'r' => "rờ",
        's' => "ét",
        't' => "tê",
        'u' => "u",
        'v' => "vê",
        'w' => "vê kép",
        'x' => "ích",
        'y' => "i dài",
        'z' => "dét",
        _ => match c {
            'Đ' | 'đ' => "đê",
            _ => return None,
        },
    })
}

/// Letters spelt one by one: `VF` → vê ép.
pub(super) fn spell(letters: &str) -> Option<String> {
    letters
        .chars()
        .map(letter_name)
        .collect::<Option<Vec<_>>>()
        .map(|v| v.join(" "))
}

/// Digits in natural groups: as written (spaces, dots, dashes), or threes from the left, with
/// no lone digit at the end (`1234567` → 123 45 67).
pub(super) fn digit_groups(text: &str) -> String {
    let parts: Vec<&str> = text
        .split(['.', '-', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 1 {
        return parts
            .iter()
            .map(|p| digits(p))
            .collect::<Vec<_>>()
            .join(", ");
    }
    let d: Vec<char> = text.chars().filter(char::is_ascii_digit).collect();
    let mut sizes = vec![3; d.len() / 3];
    match d.len() % 3 {
        0 => {}
        1 if d.len() > 4 => {
            sizes.pop();
            sizes.extend([2, 2]);
        }
        r => sizes.push(r),
    }
    if d.len() <= 4 {
        sizes = vec![d.len()];
    }
    let mut at = 0;
    let mut out = Vec::new();
    for s in sizes {
        out.push(digits(&d[at..at + s].iter().collect::<String>()));
        at += s;
    }
    out.join(", ")
}

/// True when the words before chunk `i` name an identifier (`số tài khoản`, `mã OTP`).
pub(super) fn in_id_context(chunks: &[Chunk], i: usize) -> bool {
    let mut before: Vec<String> = (1..=4).filter_map(|b| word_before(chunks, i, b)).collect();
    while before.first().is_some_and(|w| w == "là" || w == "số") {
        before.remove(0);
    }
    ID_CONTEXT.iter().any(|phrase| {
        phrase.len() <= before.len()
            && phrase
                .iter()
                .rev()
                .zip(&before)
                .all(|(want, got)| got.trim_end_matches(':') == *want)
    })
}

impl Normalizer {
    /// A licence plate: `29E-372.65` → hai chín e, ba bảy hai, sáu năm.
    pub(super) fn plate(&self, x: &Ctx) -> Option<Reading> {
        let c = PLATE.captures(x.core)?;
        let (area, series) = match c.get(1) {
            Some(a) => (a.as_str(), &c[2]),
            None => (&c[5], &c[6]),
        };
        let series = self.spell_mixed(series);
        let number = match c.get(3) {
            Some(n) => format!("{}, {}", digits(n.as_str()), digits(&c[4])),
            None => digits(&c[7]),
        };
        Some((
            format!("{} {series}, {number}", digits(area)),
            Class::Number,
        ))
    }

    /// Digits after an identifier's context word, in their groups: `số tài khoản 190345678`;
    /// a variety's or model's number after its letter code, digit by digit: `OM 5451`.
    pub(super) fn identifier(&self, x: &Ctx) -> Option<Reading> {
        let id = in_id_context(x.chunks, x.i);
        if let Some(read) = after_code(x, id) {
            return Some((read, Class::Number));
        }
        let digit_count = x.core.bytes().filter(u8::is_ascii_digit).count();
        let plain = x.core.bytes().all(|b| b.is_ascii_digit());
        let round = x.core.len() - x.core.trim_end_matches('0').len() >= ROUND_ZEROS;
        let long_plain = plain
            && ((x.core.len() >= LONG_DIGITS && !round)
                || (x.core.len() >= 4 && x.core.starts_with('0')));
        let amount = x
            .chunks
            .get(x.i + 1)
            .is_some_and(|n| AMOUNT_AFTER.contains(&n.core.to_lowercase().as_str()));
        let context = digit_count >= 3 && !amount && id;
        ((context || long_plain) && DIGIT_GROUPS.is_match(x.core))
            .then(|| (digit_groups(x.core), Class::Number))
    }

    /// `4.0`, `2.1.8`, `v1.2`: a version, read with "chấm", after a word like "phiên bản", or
    /// when its dots cannot be thousands (`2.1.8`) or it ends in `.0` after one digit.
    pub(super) fn version(&self, x: &Ctx) -> Option<Reading> {
        let c = VERSION.captures(x.core)?;
        let parts: Vec<&str> = c[1].split('.').collect();
        let thousands = parts[0].len() <= 3 && parts[1..].iter().all(|p| p.len() == 3);
        let context = VERSION_CONTEXT.contains(&x.prev.as_str()) || x.core.starts_with('v');
        let dotted = parts.len() >= 3 && !thousands;
        let point_zero = parts.len() == 2 && parts[0].len() == 1 && parts[1] == "0";
        if !(context || dotted || point_zero) {
            return None;
        }
        let read: Vec<String> = parts
            .iter()
            .map(|p| cardinal(parse_int(p), &self.style))
            .collect();
        Some((read.join(" chấm "), Class::Number))
    }

    /// A number after an abbreviation from the lexicon: `BĐ2` → báo động hai.
    pub(super) fn labelled(&self, x: &Ctx) -> Option<Reading> {
        let c = LABELLED.captures(x.core)?;
        let label = self.abbreviation(&c[1])?;
        let n = cardinal(parse_int(&c[2]), &self.style);
        Some((format!("{label} {n}"), Class::Number))
    }

    /// `Q.3` → quận ba, `P.12` → phường mười hai.
    pub(super) fn address_number(&self, x: &Ctx) -> Option<Reading> {
        let c = ADDRESS_NUMBER.captures(x.core)?;
        let key = format!("{}.", c[1].to_lowercase());
        let place = self.abbreviation(&key).or_else(|| match key.as_str() {
            "f." => Some("phường".to_string()),
            _ => None,
        })?;
        let n = cardinal(parse_int(&c[2]), &self.style);
        Some((format!("{place} {n}"), Class::Number))
    }

    /// A road's kilometre mark: `Km324+400` → ki lô mét ba trăm hai mươi tư cộng bốn trăm.
    pub(super) fn km_mark(&self, x: &Ctx) -> Option<Reading> {
        let c = KM_MARK.captures(x.core)?;
        let mut t = format!("ki lô mét {}", cardinal(parse_int(&c[1]), &self.style));
        if let Some(m) = c.get(2) {
            t.push_str(&format!(
                " cộng {}",
                cardinal(parse_int(m.as_str()), &self.style)
            ));
        }
        Some((t, Class::Number))
    }

    /// `+400` after a kilometre mark, `+7` after GMT: "cộng".
    pub(super) fn plus(&self, x: &Ctx) -> Option<Reading> {
        let c = PLUS.captures(x.core)?;
        let n = cardinal(parse_int(&c[1]), &self.style);
        Some((format!("cộng {n}"), Class::Number))
    }

    /// A name mixing letters and digits with no reading of its own: letter runs from the
    /// lexicon or glossary or spelt, digit runs as numbers (one by one past three digits).
    pub(super) fn spell_mixed(&self, core: &str) -> String {
        let mut out: Vec<String> = Vec::new();
        for run in runs(core) {
            if let Some(said) = mark_word(run) {
                out.extend(said.map(str::to_string));
            } else if run.bytes().all(|b| b.is_ascii_digit()) {
                out.push(match run.len() {
                    0..=3 => cardinal(parse_int(run), &self.style),
                    _ => digits(run),
                });
            } else {
                let word = self.word(run).or_else(|| {
                    run.chars()
                        .all(|c| c.is_uppercase())
                        .then(|| spell(run))
                        .flatten()
                });
                out.push(word.unwrap_or_else(|| run.to_string()));
            }
        }
        out.join(" ")
    }
}

/// Currencies, after which digits are an amount.
const CURRENCIES: &[&str] = &["USD", "VND", "VNĐ", "EUR", "CNY", "JPY"];

/// Four or more digits after a code of capitals (`OM 5451`, `IR 50404`): digit by digit.
/// `id` says whether an identifier's context word comes before (then groups are read instead).
fn after_code(x: &Ctx, id: bool) -> Option<String> {
    let prev = x.chunks.get(x.i.checked_sub(1)?)?;
    let code = (2..=4).contains(&prev.core.chars().count())
        && prev.core.chars().all(|c| c.is_ascii_uppercase())
        && prev.trail.is_empty()
        && !CURRENCIES.contains(&prev.core);
    let plain = x.core.len() >= 4 && x.core.bytes().all(|b| b.is_ascii_digit());
    let year = x.core.len() == 4 && (1900..=2099).contains(&parse_int(x.core));
    (code && plain && !year && !id).then(|| digits(x.core))
}

/// How a mark between the letters and digits of a name is said: `/` and `_` not at all.
fn mark_word(run: &str) -> Option<Option<&'static str>> {
    match run {
        "/" | "_" => Some(None),
        "+" => Some(Some("cộng")),
        "." => Some(Some("chấm")),
        _ => None,
    }
}

/// Runs of letters and of digits, and any other mark on its own; hyphens dropped.
fn runs(core: &str) -> Vec<&str> {
    let kind = |ch: char| match ch {
        c if c.is_ascii_digit() => 0,
        c if c.is_alphabetic() => 1,
        '-' => 2,
        _ => 3,
    };
    let mut out = Vec::new();
    let mut start: Option<(usize, u8)> = None;
    for (i, ch) in core.char_indices() {
        let k = kind(ch);
        match start {
            Some((_, sk)) if sk == k && k < 2 => continue,
            Some((s, sk)) if sk != 2 => out.push(&core[s..i]),
            _ => {}
        }
        start = Some((i, k));
    }
    if let Some((s, k)) = start.filter(|(_, k)| *k != 2) {
        let _ = k;
        out.push(&core[s..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_as_written_or_by_threes() {
        for (text, want) in [
            ("123456", "một hai ba, bốn năm sáu"),
            ("1234", "một hai ba bốn"),
            ("1234567", "một hai ba, bốn năm, sáu bảy"),
            ("12345678", "một hai ba, bốn năm sáu, bảy tám"),
            ("1903-4567", "một chín không ba, bốn năm sáu bảy"),
        ] {
            assert_eq!(digit_groups(text), want, "{text}");
        }
    }

    #[test]
    fn runs_split_letters_and_digits() {
        assert_eq!(runs("H5N1"), vec!["H", "5", "N", "1"]);
        assert_eq!(runs("E5RON92"), vec!["E", "5", "RON", "92"]);
        assert_eq!(runs("Covid-19"), vec!["Covid", "19"]);
        assert_eq!(runs("-"), Vec::<&str>::new());
        assert_eq!(runs("4G/5G"), vec!["4", "G", "/", "5", "G"]);
    }

    #[test]
    fn letters_are_spelt() {
        assert_eq!(spell("VF").as_deref(), Some("vê ép"));
        assert_eq!(spell("BĐ").as_deref(), Some("bê đê"));
        assert_eq!(spell("B?"), None);
    }
}
