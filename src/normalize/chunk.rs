//! A line cut at white space into chunks: each chunk's leading punctuation, its core, and its
//! trailing punctuation, so that rules read the core and the marks are put back around it.

/// A whitespace-separated piece of text: leading punctuation, the core, trailing punctuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Chunk<'a> {
    pub lead: &'a str,
    pub core: &'a str,
    pub trail: &'a str,
}

const LEAD: &[char] = &['(', '[', '{', '"', '“', '‘', '\'', '«'];
const TRAIL: &[char] = &[
    ',', ';', ':', '!', '?', '.', '…', ')', ']', '}', '"', '”', '’', '\'', '»',
];

/// Cuts one whitespace-free piece into lead, core and trail.
pub(super) fn split_chunk(raw: &str) -> Chunk<'_> {
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

/// The lower-cased core `back` chunks before chunk `i`.
pub(super) fn word_before(chunks: &[Chunk], i: usize, back: usize) -> Option<String> {
    (i >= back).then(|| chunks[i - back].core.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_keep_their_punctuation() {
        for (raw, lead, core, trail) in [
            ("(12/2024),", "(", "12/2024", "),"),
            ("“VNeID”.", "“", "VNeID", "”."),
            ("TP.", "", "TP", "."),
            ("...", "", "", "..."),
            ("((", "((", "", ""),
            ("số", "", "số", ""),
        ] {
            assert_eq!(split_chunk(raw), Chunk { lead, core, trail }, "{raw:?}");
        }
    }

    #[test]
    fn word_before_is_lower_case_and_bounded() {
        let chunks: Vec<Chunk> = "Ngày 5 THÁNG".split(' ').map(split_chunk).collect();
        assert_eq!(word_before(&chunks, 1, 1).as_deref(), Some("ngày"));
        assert_eq!(word_before(&chunks, 2, 2).as_deref(), Some("ngày"));
        assert_eq!(word_before(&chunks, 1, 2), None);
    }
}
