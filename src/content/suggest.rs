//! "Did you mean": the allowed name closest to a misspelt one, by edit distance.

/// The allowed key closest to a misspelt one, if close enough to be a likely typo.
pub(super) fn closest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|a| (edit_distance(key, a), *a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 4))
        .min()
        .map(|(_, a)| a)
}

/// Levenshtein distance in chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        for (a, b, want) in [
            ("", "", 0),
            ("title", "title", 0),
            ("titel", "title", 2),
            ("tite", "title", 1),
            ("safty", "safety", 1),
            ("ngày", "ngay", 1),
            ("abc", "", 3),
        ] {
            assert_eq!(edit_distance(a, b), want, "{a:?} {b:?}");
        }
    }

    #[test]
    fn closest_names_a_likely_typo_only() {
        let allowed = ["title", "summary", "platforms", "key_point"];
        for (key, want) in [
            ("titel", Some("title")),
            ("sumary", Some("summary")),
            ("platform", Some("platforms")),
            ("keypoint", Some("key_point")),
            ("colour", None),
        ] {
            assert_eq!(closest(key, &allowed), want, "{key}");
        }
    }
}
