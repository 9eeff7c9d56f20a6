//! Vietnamese spoken form: what the announcer says for what is written.
//!
//! [`Normalizer::normalize`] turns a line of written Vietnamese into its spoken form: numbers,
//! decimals, percentages, money, units, dates, times, ranges, ratios and fractions, document
//! numbers (`49/2024/NĐ-CP`), phone numbers read digit by digit in their groups, ordinals, Roman
//! numerals, abbreviations from the project's lexicon, platform names from its glossary, and web
//! and e-mail addresses. The output never holds an ASCII digit.
//!
//! The text is cut at white space into chunks; each chunk keeps its surrounding punctuation and
//! has its core read in the context of the words before it (a date after "ngày", an ordinal after
//! "thứ", a Roman numeral after "thế kỷ"). A few patterns span chunks: phone numbers written with
//! spaces, spaced ranges (`2022 - 2026`), mixed fractions (`5 1/2`). Rules are tried from the
//! most specific (document numbers) to the most general (any digit left is read as a number).

mod lexicon;
mod number;
mod style;

use std::sync::LazyLock;

use regex::Regex;

pub use lexicon::{Lexicon, BUILTIN_GLOSSARY, BUILTIN_LEXICON};
pub use number::{cardinal, digits, ordinal, roman};
pub use style::{Decimals, Dialect, Per, Style, ZeroHundreds};

/// Turns written Vietnamese into its spoken form.
#[derive(Debug, Clone)]
pub struct Normalizer {
    lexicon: Lexicon,
    style: Style,
}

/// A whitespace-separated piece of text: leading punctuation, the core, trailing punctuation.
#[derive(Debug, Clone, Copy)]
struct Chunk<'a> {
    lead: &'a str,
    core: &'a str,
    trail: &'a str,
}

const LEAD: &[char] = &['(', '[', '{', '"', '“', '‘', '\'', '«'];
const TRAIL: &[char] = &[
    ',', ';', ':', '!', '?', '.', '…', ')', ']', '}', '"', '”', '’', '\'', '»',
];

/// Words after which `d/m` is a date rather than a fraction.
const DATE_CONTEXT: &[&str] = &[
    "ngày", "mùng", "mồng", "hôm", "sáng", "chiều", "tối", "trưa", "đêm", "rạng", "từ", "đến",
    "tới", "trước", "sau", "vào", "hạn", "nay", "lúc",
];
/// Words after which a date already has its day word.
const DAY_WORDS: &[&str] = &["ngày", "mùng", "mồng", "hôm"];
/// Words after which a Roman numeral is read.
const ROMAN_CONTEXT: &[&str] = &[
    "kỷ", "khoản", "lục", "chương", "mục", "phần", "khóa", "khoá", "thứ", "kỳ", "đợt", "tập",
    "quyển", "đoạn",
];
/// Words after which 111–115 are hotlines read digit by digit.
const HOTLINE_CONTEXT: &[&str] = &["gọi", "số", "bấm", "quay", "nóng", "đài", "/"];
/// Document kinds: the code used in document numbers and its spoken name.
const DOC_TYPES: &[(&str, &str)] = &[
    ("NĐ", "nghị định"),
    ("TT", "thông tư"),
    ("QĐ", "quyết định"),
    ("NQ", "nghị quyết"),
    ("CT", "chỉ thị"),
    ("TB", "thông báo"),
    ("KH", "kế hoạch"),
    ("HD", "hướng dẫn"),
    ("BC", "báo cáo"),
    ("CV", "công văn"),
];
/// Units written after a number, and how they are read.
const UNITS: &[(&str, &str)] = &[
    ("km/h", "ki lô mét trên giờ"),
    ("km²", "ki lô mét vuông"),
    ("km2", "ki lô mét vuông"),
    ("m²", "mét vuông"),
    ("m2", "mét vuông"),
    ("m³", "mét khối"),
    ("m3", "mét khối"),
    ("kWh", "ki lô oát giờ"),
    ("kW", "ki lô oát"),
    ("km", "ki lô mét"),
    ("kg", "ki lô gam"),
    ("ha", "héc ta"),
    ("ml", "mi li lít"),
    ("cm", "xen ti mét"),
    ("mm", "mi li mét"),
    ("mg", "mi li gam"),
    ("GB", "ghi ga bai"),
    ("MB", "mê ga bai"),
    ("°C", "độ xê"),
    ("°", "độ"),
    ("g", "gam"),
    ("l", "lít"),
    ("m", "mét"),
    ("v", "vôn"),
    ("V", "vôn"),
];
/// Units that are also read when separated from their number by a space.
const SPACED_UNITS: &[&str] = &[
    "km/h", "km", "kg", "ha", "ml", "cm", "mm", "m2", "m²", "km2", "kWh", "kW", "GB", "MB", "°C",
];
const TLDS: &[&str] = &["vn", "com", "net", "org", "gov", "edu", "info", "me", "io"];

static NUM: &str = r"\d{1,3}(?:\.\d{3})+|\d+";

fn re(pattern: &str) -> Regex {
    let full = format!("^(?:{})$", pattern.replace("NUM", NUM));
    Regex::new(&full).expect("built-in pattern")
}

macro_rules! pattern {
    ($name:ident, $p:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| re($p));
    };
}

pattern!(DOC, r"(\d+)(?:/(\d{4}))?/([\p{L}&]+(?:-[\p{L}&]+)+)");
pattern!(FULL_DATE, r"(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4})");
pattern!(MONTH_RANGE, r"(\d{1,2})-(\d{1,2})/(\d{4})");
pattern!(DAY_RANGE, r"(\d{1,2})-(\d{1,2})/(\d{1,2})(?:/(\d{4}))?");
pattern!(MONTH_YEAR, r"(\d{1,2})/(\d{4})");
pattern!(DAY_MONTH, r"(\d{1,2})/(\d{1,2})");
pattern!(TIME_HM, r"(\d{1,2})(?:h|g|:)(\d{2})(?:p|ph|')?");
pattern!(TIME_H, r"(\d{1,2})[hg]");
pattern!(TIME_HMS, r"(\d{1,2}):(\d{2}):(\d{2})");
pattern!(PHONE_SEP, r"\+?\d{2,4}(?:[.-]\d{2,4}){1,3}");
pattern!(USSD, r"\*(\d+(?:\*\d+)*)#");
pattern!(PHONE_PLAIN, r"0\d{9,10}|1[89]00\d{4}");
pattern!(PERCENT_RANGE, r"((?:NUM)(?:,\d+)?)-((?:NUM)(?:,\d+)?)%");
pattern!(PERCENT, r"(-?(?:NUM)(?:,\d+)?)%");
pattern!(
    MONEY,
    r"((?:NUM)(?:,\d+)?)(k|K|nghìn|ngàn|tr|triệu|tỷ|tỉ)?(đ|₫|đồng|vnđ|vnd|VND|VNĐ)(?:/(\S+))?"
);
pattern!(MILLIONS, r"(\d+)tr(\d{1,3})?");
pattern!(THOUSANDS_K, r"((?:NUM)(?:,\d+)?)[kK]");
pattern!(
    UNIT,
    r"(-?(?:NUM)(?:,\d+)?)(km/h|km²|km2|m²|m2|m³|m3|kWh|kW|km|kg|ha|ml|cm|mm|mg|GB|MB|°C|°|g|l|m|v|V)(?:/(\S+))?"
);
pattern!(UNIT_PER, r"(đồng|đ|₫|km|kg|m2|ha|lít)/(\p{L}+)");
pattern!(RATIO, r"(NUM)/(NUM)");
pattern!(NUMBER, r"(-?)(NUM)(?:,(\d+))?");
pattern!(DOT_DECIMAL, r"(-?)(\d+)\.(\d{1,2}|\d{4,})");
static DIGIT_RUNS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+").expect("built-in pattern"));

/// What a chunk's core was read as, for the spaced-range rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Number,
    Date,
    Time,
    Money,
    Percent,
    Unit,
}

impl Normalizer {
    /// A normaliser with this lexicon and style.
    pub fn new(lexicon: Lexicon, style: Style) -> Normalizer {
        Normalizer { lexicon, style }
    }

    /// The built-in lexicon with the house style.
    pub fn builtin() -> Normalizer {
        Normalizer::new(Lexicon::builtin(), Style::default())
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The spoken form of `text`. Line breaks are kept; each line is read on its own.
    pub fn normalize(&self, text: &str) -> String {
        text.split('\n')
            .map(|line| self.normalize_line(line))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn normalize_line(&self, line: &str) -> String {
        let chunks: Vec<Chunk> = line.split_whitespace().map(split_chunk).collect();
        let mut out: Vec<String> = Vec::new();
        let mut i = 0;
        while i < chunks.len() {
            if let Some((text, used)) = self.multi(&chunks, i) {
                out.push(text);
                i += used;
                continue;
            }
            let c = chunks[i];
            let (spoken, trail) = self.single(&chunks, i);
            out.push(format!("{}{}{}", c.lead, spoken, trail));
            i += 1;
        }
        let joined = out.join(" ");
        let spoken = joined.split_whitespace().collect::<Vec<_>>().join(" ");
        // The announcer never reads a digit: anything a rule above left is read as a number.
        if spoken.bytes().any(|b| b.is_ascii_digit()) {
            let read = DIGIT_RUNS.replace_all(&spoken, |c: &regex::Captures| {
                format!(" {} ", number::cardinal_str(&c[0], &self.style))
            });
            return read.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        spoken
    }

    /// Lower-cased cores of the chunks before `i`, nearest last.
    fn prev(&self, chunks: &[Chunk], i: usize, back: usize) -> Option<String> {
        (i >= back).then(|| chunks[i - back].core.to_lowercase())
    }

    /// Patterns spanning several chunks; returns the spoken text and how many chunks it used.
    fn multi(&self, chunks: &[Chunk], i: usize) -> Option<(String, usize)> {
        let c = chunks[i];
        // Phone numbers written in space-separated groups: 0912 345 678, +84 123 456 7890.
        if c.lead.is_empty() && c.trail.is_empty() && is_phone_start(c.core) {
            let mut j = i + 1;
            let mut total = digit_count(c.core);
            while j < chunks.len()
                && chunks[j].lead.is_empty()
                && (1..=4).contains(&chunks[j].core.len())
                && chunks[j].core.bytes().all(|b| b.is_ascii_digit())
            {
                total += chunks[j].core.len();
                if !chunks[j].trail.is_empty() {
                    j += 1;
                    break;
                }
                j += 1;
            }
            if j - i >= 2 && (8..=13).contains(&total) {
                let groups: Vec<String> =
                    chunks[i..j].iter().map(|k| phone_group(k.core)).collect();
                return Some((
                    format!("{}{}", groups.join(", "), chunks[j - 1].trail),
                    j - i,
                ));
            }
        }
        // Spaced ranges: 2022 - 2026, 9h - 10h, 18/09 - 19/09/2018.
        if self.style.spaced_dash_range && i + 2 < chunks.len() && c.trail.is_empty() {
            let dash = chunks[i + 1];
            let right = chunks[i + 2];
            if (dash.core == "-" || dash.core == "–")
                && dash.lead.is_empty()
                && dash.trail.is_empty()
                && right.lead.is_empty()
            {
                let left_read = self.numeric(c.core, chunks, i, true);
                let right_read = self.numeric(right.core, chunks, i + 2, true);
                if let (Some((l, lc)), Some((r, rc))) = (left_read, right_read) {
                    if lc == rc {
                        return Some((format!("{}{l} đến {r}{}", c.lead, right.trail), 3));
                    }
                }
            }
        }
        // A whole number and a fraction: 5 1/2 → năm và một phần hai.
        if i + 1 < chunks.len()
            && c.trail.is_empty()
            && c.core.bytes().all(|b| b.is_ascii_digit())
            && !c.core.is_empty()
        {
            let next = chunks[i + 1];
            if let Some(caps) = RATIO.captures(next.core) {
                let (a, b) = (parse_int(&caps[1]), parse_int(&caps[2]));
                if (2..=10).contains(&b) && a > 0 && a < b && next.lead.is_empty() {
                    let whole = number::cardinal_str(c.core, &self.style);
                    return Some((
                        format!("{}{whole} và {}{}", c.lead, self.fraction(a, b), next.trail),
                        2,
                    ));
                }
            }
        }
        // An address prefix with a detached dot: "t . Bà Rịa".
        if i + 2 < chunks.len()
            && c.trail.is_empty()
            && chunks[i + 1].core.is_empty()
            && chunks[i + 1].trail == "."
        {
            let key = format!("{}.", c.core);
            if is_address_prefix(&key) && starts_upper_or_digit(chunks[i + 2].core) {
                if let Some(exp) = self.lexicon.abbreviation(&key) {
                    return Some((format!("{}{exp}", c.lead), 2));
                }
            }
        }
        None
    }

    /// Reads one chunk; returns the spoken core and the trailing punctuation still to print.
    fn single<'a>(&self, chunks: &[Chunk<'a>], i: usize) -> (String, &'a str) {
        let c = chunks[i];
        if c.core.is_empty() {
            return (String::new(), c.trail);
        }
        // Abbreviations that end in a dot (TP., v.v., x.) take the dot from the trailing marks.
        if c.trail.starts_with('.') {
            let key = format!("{}.", c.core);
            let address_ok = !is_address_prefix(&key)
                || chunks
                    .get(i + 1)
                    .is_some_and(|n| starts_upper_or_digit(n.core));
            if address_ok {
                if let Some(exp) = self.abbreviation(&key) {
                    return (exp, &c.trail[1..]);
                }
            }
        }
        if let Some(exp) = self.word(c.core) {
            return (exp, c.trail);
        }
        if let Some(caps) = UNIT_PER.captures(c.core) {
            let first = self
                .abbreviation(&caps[1])
                .unwrap_or_else(|| caps[1].to_string());
            return (format!("{first} {}", self.per(&caps[2])), c.trail);
        }
        if c.core.bytes().any(|b| b.is_ascii_digit()) {
            if let Some((text, _)) = self.numeric(c.core, chunks, i, false) {
                return (text, c.trail);
            }
            return (self.fallback(c.core), c.trail);
        }
        if let Some(prev) = self.prev(chunks, i, 1) {
            if ROMAN_CONTEXT.contains(&prev.as_str()) {
                if let Some(n) = roman(c.core) {
                    let spoken = if prev == "thứ" {
                        ordinal(n, &self.style)
                    } else {
                        cardinal(n, &self.style)
                    };
                    return (spoken, c.trail);
                }
            }
        }
        if looks_like_address(c.core) {
            return (self.spell_address(c.core), c.trail);
        }
        // Spaced units: "5 kg".
        if SPACED_UNITS.contains(&c.core)
            && i > 0
            && chunks[i - 1]
                .core
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
            && !chunks[i - 1].core.is_empty()
        {
            if let Some((_, w)) = UNITS.iter().find(|(u, _)| *u == c.core) {
                return (w.to_string(), c.trail);
            }
        }
        (c.core.to_string(), c.trail)
    }

    /// A word without digits: abbreviation, then glossary, then "X.Y" abbreviation compounds.
    fn word(&self, core: &str) -> Option<String> {
        if core.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        if let Some(exp) = self.abbreviation(core) {
            return Some(exp);
        }
        if let Some(g) = self.lexicon.glossary(core) {
            return Some(g.to_string());
        }
        if let Some((left, right)) = core.split_once('.') {
            if !right.is_empty() && !looks_like_address(core) {
                if let Some(l) = self.abbreviation(&format!("{left}.")) {
                    let r = self.word(right).unwrap_or_else(|| right.to_string());
                    return Some(format!("{l} {r}"));
                }
            }
        }
        None
    }

    /// An abbreviation as written; for a lower-case form that cannot be a syllable, its
    /// upper-case entry; "VND" follows the style.
    fn abbreviation(&self, key: &str) -> Option<String> {
        if self.style.vnd_full && ["VND", "VNĐ", "vnd", "vnđ"].contains(&key) {
            return Some("việt nam đồng".to_string());
        }
        if let Some(exp) = self.lexicon.abbreviation(key) {
            return Some(exp.to_string());
        }
        let upper = key.to_uppercase();
        if upper != key && key.chars().all(|c| !c.is_uppercase()) && !is_plausible_syllable(key) {
            return self.lexicon.abbreviation(&upper).map(str::to_string);
        }
        None
    }

    /// Reads a core holding digits. `in_range` is set when the core is one side of a range, which
    /// makes `d/m` a date. Returns the text and what it was read as.
    fn numeric(
        &self,
        core: &str,
        chunks: &[Chunk],
        i: usize,
        in_range: bool,
    ) -> Option<(String, Class)> {
        let s = &self.style;
        let prev = self.prev(chunks, i, 1).unwrap_or_default();
        let prev2 = self.prev(chunks, i, 2).unwrap_or_default();
        let card = |x: &str| number::cardinal_str(x, s);

        if let Some(c) = USSD.captures(core) {
            let body: Vec<String> = c[1].split('*').map(digits).collect();
            return Some((format!("sao {} thăng", body.join(" sao ")), Class::Number));
        }
        if let Some(c) = DOC.captures(core) {
            return self
                .document(&c[1], c.get(2).map(|m| m.as_str()), &c[3], &prev, &prev2)
                .map(|t| (t, Class::Number));
        }
        if let Some(c) = FULL_DATE.captures(core) {
            let (d, m) = (parse_int(&c[1]), parse_int(&c[3]));
            if c[2] == c[4] && valid_day_month(d, m) {
                return Some((self.date(d, m, Some(&c[5]), &prev), Class::Date));
            }
        }
        if let Some(c) = MONTH_RANGE.captures(core) {
            let (m1, m2) = (parse_int(&c[1]), parse_int(&c[2]));
            if (1..=12).contains(&m1) && (1..=12).contains(&m2) && m1 < m2 {
                let lead = if prev == "tháng" { "" } else { "tháng " };
                return Some((
                    format!(
                        "{lead}{} đến tháng {} năm {}",
                        number::month(m1 as u32, s),
                        number::month(m2 as u32, s),
                        card(&c[3])
                    ),
                    Class::Date,
                ));
            }
        }
        if let Some(c) = DAY_RANGE.captures(core) {
            let (d1, d2, m) = (parse_int(&c[1]), parse_int(&c[2]), parse_int(&c[3]));
            if valid_day_month(d1, m) && valid_day_month(d2, m) && d1 < d2 {
                let mut t = format!(
                    "{}{} đến {} tháng {}",
                    self.day_prefix(&prev),
                    cardinal(d1, s),
                    cardinal(d2, s),
                    number::month(m as u32, s)
                );
                if let Some(y) = c.get(4) {
                    t.push_str(&format!(" năm {}", card(y.as_str())));
                }
                return Some((t, Class::Date));
            }
        }
        if let Some(c) = MONTH_YEAR.captures(core) {
            let (m, y) = (parse_int(&c[1]), parse_int(&c[2]));
            if (1..=12).contains(&m) && (1800..=2199).contains(&y) {
                let lead = if prev == "tháng" { "" } else { "tháng " };
                return Some((
                    format!("{lead}{} năm {}", number::month(m as u32, s), card(&c[2])),
                    Class::Date,
                ));
            }
        }
        if let Some(c) = DAY_MONTH.captures(core) {
            let (d, m) = (parse_int(&c[1]), parse_int(&c[2]));
            if valid_day_month(d, m) && (in_range || DATE_CONTEXT.contains(&prev.as_str())) {
                return Some((self.date(d, m, None, &prev), Class::Date));
            }
        }
        if let Some(c) = TIME_HMS.captures(core) {
            let (h, m, sec) = (parse_int(&c[1]), parse_int(&c[2]), parse_int(&c[3]));
            if h <= 24 && m < 60 && sec < 60 {
                return Some((
                    format!(
                        "{} giờ {} phút {} giây",
                        cardinal(h, s),
                        cardinal(m, s),
                        cardinal(sec, s)
                    ),
                    Class::Time,
                ));
            }
        }
        if let Some(c) = TIME_HM.captures(core) {
            let (h, m) = (parse_int(&c[1]), parse_int(&c[2]));
            if h <= 24 && m < 60 {
                let mut t = format!("{} giờ", cardinal(h, s));
                if m > 0 {
                    t.push_str(&format!(" {} phút", cardinal(m, s)));
                }
                return Some((t, Class::Time));
            }
        }
        if let Some(c) = TIME_H.captures(core) {
            let h = parse_int(&c[1]);
            if h <= 24 {
                return Some((format!("{} giờ", cardinal(h, s)), Class::Time));
            }
        }
        if (PHONE_SEP.is_match(core)
            && (core.starts_with('0') || core.starts_with('+'))
            && (9..=13).contains(&digit_count(core)))
            || PHONE_PLAIN.is_match(core)
        {
            return Some((phone(core), Class::Number));
        }
        if let Some(c) = PERCENT_RANGE.captures(core) {
            return Some((
                format!(
                    "{} đến {} phần trăm",
                    self.number(&c[1]),
                    self.number(&c[2])
                ),
                Class::Percent,
            ));
        }
        if let Some(c) = PERCENT.captures(core) {
            return Some((format!("{} phần trăm", self.number(&c[1])), Class::Percent));
        }
        if let Some(c) = MONEY.captures(core) {
            let amount = self.amount(&c[1], c.get(2).map(|m| m.as_str()));
            let currency = self
                .abbreviation(&c[3])
                .unwrap_or_else(|| "đồng".to_string());
            let mut t = format!("{amount} {currency}");
            if let Some(per) = c.get(4) {
                t.push(' ');
                t.push_str(&self.per(per.as_str()));
            }
            return Some((t, Class::Money));
        }
        if let Some(c) = MILLIONS.captures(core) {
            let whole = parse_int(&c[1]);
            let frac = c.get(2).map_or(0, |f| {
                let digits = f.as_str();
                parse_int(digits) * 1_000_000 / 10u64.pow(digits.len() as u32)
            });
            return Some((
                cardinal(whole.saturating_mul(1_000_000).saturating_add(frac), s),
                Class::Money,
            ));
        }
        if let Some(c) = THOUSANDS_K.captures(core) {
            return Some((
                format!("{} {}", self.number(&c[1]), s.thousand_word()),
                Class::Money,
            ));
        }
        if let Some(c) = UNIT.captures(core) {
            let unit = UNITS
                .iter()
                .find(|(u, _)| *u == &c[2])
                .map_or("", |(_, w)| w);
            let mut t = format!("{} {unit}", self.number(&c[1]));
            if let Some(per) = c.get(3) {
                let per_unit = UNITS
                    .iter()
                    .find(|(u, _)| *u == per.as_str())
                    .map(|(_, w)| *w);
                match (per.as_str(), per_unit) {
                    ("h", _) => t.push_str(" trên giờ"),
                    (_, Some(w)) => t.push_str(&format!(" trên {w}")),
                    (p, None) => t.push_str(&format!(
                        " trên {}",
                        self.word(p).unwrap_or_else(|| self.fallback(p))
                    )),
                }
            }
            return Some((t, Class::Unit));
        }
        // General ranges: 1873-1907, 3kg-6kg, 50.000đ-100.000đ, 10:00-11:00, 6-7. A side of a
        // range is never itself a range: without that, a word of many hyphens took time
        // exponential in their number (found by the fuzzer).
        for (pos, _) in core.match_indices('-').filter(|(p, _)| *p > 0 && !in_range) {
            let (l, r) = (&core[..pos], &core[pos + 1..]);
            if let (Some((lt, lc)), Some((rt, rc))) = (
                self.numeric(l, chunks, i, true),
                self.numeric(r, chunks, i, true),
            ) {
                if lc == rc {
                    return Some((format!("{lt} đến {rt}"), lc));
                }
            }
        }
        if let Some(c) = RATIO.captures(core) {
            let (a, b) = (parse_int(&c[1]), parse_int(&c[2]));
            if (2..=10).contains(&b) && a > 0 && a < b {
                return Some((self.fraction(a, b), Class::Number));
            }
            return Some((
                format!(
                    "{} trên {}",
                    card(&c[1].replace('.', "")),
                    card(&c[2].replace('.', ""))
                ),
                Class::Number,
            ));
        }
        if let Some(c) = NUMBER.captures(core) {
            let int = c[2].replace('.', "");
            if c[1].is_empty() && c.get(3).is_none() {
                if let Ok(n) = int.parse::<u64>() {
                    if prev == "thứ" && int.len() <= 4 {
                        return Some((ordinal(n, s), Class::Number));
                    }
                    let standalone = chunks.len() == 1;
                    let next_slash = chunks.get(i + 1).is_some_and(|n| n.core == "/");
                    if (111..=115).contains(&n)
                        && int.len() == 3
                        && (standalone || next_slash || HOTLINE_CONTEXT.contains(&prev.as_str()))
                    {
                        return Some((digits(&int), Class::Number));
                    }
                }
            }
            return Some((self.number(core), Class::Number));
        }
        if let Some(c) = DOT_DECIMAL.captures(core) {
            let sign = if c[1].is_empty() { "" } else { "âm " };
            return Some((
                format!("{sign}{} phẩy {}", card(&c[2]), number::decimals(&c[3], s)),
                Class::Number,
            ));
        }
        None
    }

    /// A signed number with optional thousand dots and decimal comma: -1.234,56.
    fn number(&self, text: &str) -> String {
        let s = &self.style;
        let (sign, rest) = match text.strip_prefix('-') {
            Some(r) => ("âm ", r),
            None => ("", text),
        };
        let (int, frac) = match rest.split_once(',') {
            Some((i, f)) => (i, Some(f)),
            None => (rest, None),
        };
        let mut t = format!("{sign}{}", number::cardinal_str(&int.replace('.', ""), s));
        if let Some(f) = frac {
            t.push_str(" phẩy ");
            t.push_str(&number::decimals(f, s));
        }
        t
    }

    /// An amount before a currency, with its optional multiplier (k, tr, triệu, tỷ).
    fn amount(&self, num: &str, multiplier: Option<&str>) -> String {
        let base = self.number(num);
        match multiplier {
            None => base,
            Some("k" | "K" | "nghìn" | "ngàn") => {
                format!("{base} {}", self.style.thousand_word())
            }
            Some("tr" | "triệu") => format!("{base} triệu"),
            Some(_) => format!("{base} {}", self.style.billion_word()),
        }
    }

    /// "/X" after an amount: "một X" or "trên X"; a measurement unit always takes "một".
    fn per(&self, what: &str) -> String {
        if let Some((_, w)) = UNITS.iter().find(|(u, _)| *u == what) {
            return format!("một {w}");
        }
        let word = self.word(what).unwrap_or_else(|| what.to_string());
        match self.style.per {
            Per::Mot => format!("một {word}"),
            Per::Tren => format!("trên {word}"),
        }
    }

    fn fraction(&self, a: u64, b: u64) -> String {
        let denominator = if b == 4 {
            "tư".to_string()
        } else {
            cardinal(b, &self.style)
        };
        format!("{} phần {denominator}", cardinal(a, &self.style))
    }

    fn day_prefix(&self, prev: &str) -> &'static str {
        if self.style.date_prefix && !DAY_WORDS.contains(&prev) {
            "ngày "
        } else {
            ""
        }
    }

    fn date(&self, d: u64, m: u64, year: Option<&str>, prev: &str) -> String {
        let s = &self.style;
        let mut t = format!(
            "{}{} tháng {}",
            self.day_prefix(prev),
            cardinal(d, s),
            number::month(m as u32, s)
        );
        if let Some(y) = year {
            t.push_str(&format!(" năm {}", number::cardinal_str(y, s)));
        }
        t
    }

    /// `49/2024/NĐ-CP` → "nghị định số bốn mươi chín năm … của Chính phủ", leaving out the kind
    /// (and "số") when the text already said them.
    fn document(
        &self,
        num: &str,
        year: Option<&str>,
        code: &str,
        prev: &str,
        prev2: &str,
    ) -> Option<String> {
        let s = &self.style;
        let parts: Vec<&str> = code.split('-').collect();
        let kind = DOC_TYPES
            .iter()
            .find(|(c, _)| *c == parts[0])
            .map(|(_, w)| *w);
        let issuer_code = if kind.is_some() {
            parts[1..].join("-")
        } else {
            parts[0].to_string()
        };
        let issuer = self.issuer(&issuer_code);
        let said_kind = DOC_TYPES
            .iter()
            .any(|(c, w)| prev == c.to_lowercase() || format!("{prev2} {prev}") == *w);
        let mut words: Vec<String> = Vec::new();
        if prev != "số" {
            if !said_kind {
                if let Some(k) = kind {
                    words.push(k.to_string());
                }
            }
            words.push("số".to_string());
        }
        words.push(number::cardinal_str(num, s));
        if let Some(y) = year {
            words.push(format!("năm {}", number::cardinal_str(y, s)));
        }
        words.push(format!("của {issuer}"));
        Some(words.join(" "))
    }

    /// The body that issued a document: `CP` → Chính phủ, `BTTTT` → Bộ Thông tin và Truyền thông.
    fn issuer(&self, code: &str) -> String {
        if let Some(e) = self.abbreviation(code) {
            return e;
        }
        if let Some(rest) = code.strip_prefix('B') {
            if let Some(e) = self.abbreviation(rest) {
                return format!("Bộ {e}");
            }
        }
        if let Some(rest) = code.strip_prefix("UBND") {
            return format!("Ủy ban nhân dân {rest}").trim().to_string();
        }
        code.to_string()
    }

    /// Any other core with digits: letter runs kept (or looked up), digit runs read as numbers.
    fn fallback(&self, core: &str) -> String {
        let mut out = Vec::new();
        let mut last = 0;
        for m in DIGIT_RUNS.find_iter(core) {
            let before = &core[last..m.start()];
            if !before.is_empty() {
                out.push(self.word(before).unwrap_or_else(|| before.to_string()));
            }
            out.push(number::cardinal_str(m.as_str(), &self.style));
            last = m.end();
        }
        let after = &core[last..];
        if !after.is_empty() {
            out.push(self.word(after).unwrap_or_else(|| after.to_string()));
        }
        out.join(" ")
    }

    /// Web and e-mail addresses: parts from the glossary, "chấm", "a còng", "gạch chéo".
    fn spell_address(&self, core: &str) -> String {
        let body = core
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/');
        let mut out: Vec<String> = Vec::new();
        let mut part = String::new();
        let flush = |part: &mut String, out: &mut Vec<String>| {
            if !part.is_empty() {
                let p = std::mem::take(part);
                let spoken = if p.bytes().all(|b| b.is_ascii_digit()) {
                    digits(&p)
                } else {
                    self.lexicon
                        .glossary(&p)
                        .map(str::to_string)
                        .or_else(|| self.abbreviation(&p))
                        .unwrap_or(p)
                };
                out.push(spoken);
            }
        };
        for ch in body.chars() {
            let sep = match ch {
                '.' => Some("chấm"),
                '@' => Some("a còng"),
                '/' => Some("gạch chéo"),
                '-' => Some("gạch ngang"),
                '_' => Some("gạch dưới"),
                _ => None,
            };
            match sep {
                Some(w) => {
                    flush(&mut part, &mut out);
                    out.push(w.to_string());
                }
                None => part.push(ch),
            }
        }
        flush(&mut part, &mut out);
        out.join(" ")
    }
}

fn split_chunk(raw: &str) -> Chunk<'_> {
    let core_start = raw.find(|c| !LEAD.contains(&c)).unwrap_or(raw.len());
    let lead = &raw[..core_start];
    let rest = &raw[core_start..];
    let core_end = rest.rfind(|c| !TRAIL.contains(&c)).map_or(0, |i| {
        i + rest[i..].chars().next().map_or(1, char::len_utf8)
    });
    Chunk {
        lead,
        core: &rest[..core_end],
        trail: &rest[core_end..],
    }
}

fn parse_int(s: &str) -> u64 {
    s.replace('.', "").parse().unwrap_or(u64::MAX)
}

fn digit_count(s: &str) -> usize {
    s.bytes().filter(u8::is_ascii_digit).count()
}

fn valid_day_month(d: u64, m: u64) -> bool {
    (1..=12).contains(&m) && (1..=31).contains(&d)
}

fn is_phone_start(core: &str) -> bool {
    let digits_only = core.bytes().all(|b| b.is_ascii_digit());
    (core.starts_with('0') && digits_only && core.len() <= 4)
        || core == "1800"
        || core == "1900"
        || (core.starts_with('+')
            && core.len() <= 4
            && core[1..].bytes().all(|b| b.is_ascii_digit())
            && core.len() > 1)
}

fn phone_group(g: &str) -> String {
    match g.strip_prefix('+') {
        Some(rest) => format!("cộng {}", digits(rest)),
        None => digits(g),
    }
}

/// A phone number in one chunk: groups by its separators, or 4-3-3 (4-3-4) when plain.
fn phone(core: &str) -> String {
    let groups: Vec<String> = if core.contains(['.', '-']) {
        core.split(['.', '-']).map(phone_group).collect()
    } else {
        let d: Vec<char> = core.chars().collect();
        let cuts: &[usize] = match d.len() {
            8 => &[4],
            10 => &[4, 7],
            _ => &[4, 7],
        };
        let mut out = Vec::new();
        let mut start = 0;
        for &c in cuts.iter().chain(std::iter::once(&d.len())) {
            out.push(digits(&d[start..c].iter().collect::<String>()));
            start = c;
        }
        out
    };
    groups.join(", ")
}

fn is_address_prefix(key: &str) -> bool {
    matches!(
        key,
        "x." | "h." | "t." | "p." | "q." | "kp." | "tx." | "tp."
    )
}

fn starts_upper_or_digit(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn looks_like_address(core: &str) -> bool {
    if core.contains('@') {
        return core.split('@').all(|p| !p.is_empty())
            && core
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "@.-_".contains(c));
    }
    let body = core
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let host = body.split('/').next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && TLDS.contains(&labels[labels.len() - 1].to_lowercase().as_str())
}

const VOWELS: &str = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ";

/// True if a lower-case word could be a Vietnamese syllable: onset, one to three vowels, coda.
/// Used to tell a lower-case abbreviation (`cskh`, `ubnd`) from a word.
pub fn is_plausible_syllable(word: &str) -> bool {
    const ONSETS: &[&str] = &[
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
        "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
    ];
    const CODAS: &[&str] = &["ch", "ng", "nh", "c", "m", "n", "p", "t", ""];
    let w = word.to_lowercase();
    let rest = ONSETS
        .iter()
        .find(|o| w.starts_with(**o))
        .map_or(w.as_str(), |o| &w[o.len()..]);
    let vowel_len: usize = rest
        .chars()
        .take_while(|c| VOWELS.contains(*c))
        .map(char::len_utf8)
        .sum();
    let nucleus = rest[..vowel_len].chars().count();
    (1..=3).contains(&nucleus) && CODAS.contains(&&rest[vowel_len..])
}

#[cfg(test)]
mod tests;
