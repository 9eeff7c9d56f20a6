//! Web and e-mail addresses, spelt out ("chấm", "a còng", "gạch chéo"), and the address prefixes
//! of place names (`x.` xã, `t.` tỉnh, `tp.` thành phố) that are read only before a capital.

use super::{digits, Normalizer};

const TLDS: &[&str] = &["vn", "com", "net", "org", "gov", "edu", "info", "me", "io"];

impl Normalizer {
    /// Web and e-mail addresses: parts from the glossary, "chấm", "a còng", "gạch chéo".
    pub(super) fn spell_address(&self, core: &str) -> String {
        let body = core
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/');
        let mut out: Vec<String> = Vec::new();
        let mut part = String::new();
        for ch in body.chars() {
            match separator_word(ch) {
                Some(w) => {
                    self.flush_address_part(&mut part, &mut out);
                    out.push(w.to_string());
                }
                None => part.push(ch),
            }
        }
        self.flush_address_part(&mut part, &mut out);
        out.join(" ")
    }

    /// Says one part of an address (digits one by one, names from the glossary) and empties it.
    fn flush_address_part(&self, part: &mut String, out: &mut Vec<String>) {
        if part.is_empty() {
            return;
        }
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
}

fn separator_word(ch: char) -> Option<&'static str> {
    match ch {
        '.' => Some("chấm"),
        '@' => Some("a còng"),
        '/' => Some("gạch chéo"),
        '-' => Some("gạch ngang"),
        '_' => Some("gạch dưới"),
        _ => None,
    }
}

/// `x.`, `tp.`…: abbreviations of place kinds, read only before a name.
pub(super) fn is_address_prefix(key: &str) -> bool {
    matches!(
        key,
        "x." | "h." | "t." | "p." | "q." | "kp." | "tx." | "tp."
    )
}

pub(super) fn starts_upper_or_digit(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// An e-mail address, or a host name with a known top-level domain (with an optional scheme and
/// path).
pub(super) fn looks_like_address(core: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        for (core, want) in [
            ("a@b.vn", true),
            ("@b.vn", false),
            ("a@b.vn@", false),
            ("dichvucong.gov.vn", true),
            ("https://x.gov.vn/a/b", true),
            ("x.abc", false),
            ("x..vn", false),
            ("TP.HCM", false),
        ] {
            assert_eq!(looks_like_address(core), want, "{core}");
        }
    }
}
