//! Words without digits: abbreviations from the lexicon (with the upper-case entry for a
//! lower-case form that cannot be a syllable), names from the glossary, `X.Y` compounds; and
//! cores that mix letters and digits, read run by run.

use super::address::looks_like_address;
use super::{number, Normalizer, DIGIT_RUNS};

impl Normalizer {
    /// A word: abbreviation, then glossary, then "X.Y" abbreviation compounds; a word with
    /// digits only from the glossary (`Covid-19`, `4G`).
    pub(super) fn word(&self, core: &str) -> Option<String> {
        if core.bytes().any(|b| b.is_ascii_digit()) {
            return self.lexicon.glossary(core).map(str::to_string);
        }
        if let Some(exp) = self.abbreviation(core) {
            return Some(exp);
        }
        if let Some(g) = self.lexicon.glossary(core) {
            return Some(g.to_string());
        }
        let (left, right) = core.split_once('.')?;
        if right.is_empty() || looks_like_address(core) {
            return None;
        }
        let l = self.abbreviation(&format!("{left}."))?;
        let r = self.word(right).unwrap_or_else(|| right.to_string());
        Some(format!("{l} {r}"))
    }

    /// An abbreviation as written; for a lower-case form that cannot be a syllable, its
    /// upper-case entry; "VND" follows the style.
    pub(super) fn abbreviation(&self, key: &str) -> Option<String> {
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

    /// Any other core with digits: letter runs kept (or looked up), digit runs read as numbers.
    pub(super) fn fallback(&self, core: &str) -> String {
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
}

const VOWELS: &str = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ";

/// True if a lower-case word could be a Vietnamese syllable: onset, one to three vowels, coda.
/// Used to tell a lower-case abbreviation (`cskh`, `ubnd`) from a word.
pub fn is_plausible_syllable(word: &str) -> bool {
    const ONSETS: &[&str] = &[
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
        "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
    ];
    // `k` ends the syllables of Central Highlands names (Đắk Lắk).
    const CODAS: &[&str] = &["ch", "ng", "nh", "c", "k", "m", "n", "p", "t", ""];
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
mod tests {
    use super::*;

    #[test]
    fn plausible_syllables() {
        for (w, want) in [
            ("nghiêng", true),
            ("làng", true),
            ("số", true),
            ("khuya", true),
            ("cskh", false),
            ("ubnd", false),
            ("vnd", false),
            ("tp", false),
            ("", false),
        ] {
            assert_eq!(is_plausible_syllable(w), want, "{w:?}");
        }
    }
}
