//! The cue language the templates write, parsed: one cue a line (`@jingle`, `@line`, `@pause`,
//! `@bed`, `@date`, `@next`, and in the weekly bulletin `@part`), before spoken form and timing.

use super::bulletin;
use super::Scope;

/// A cue as the template wrote it, before spoken form and timing.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum RawCue {
    Jingle(String),
    Line {
        id: String,
        scope: Scope,
        text: String,
        /// The item whose clip this is, when not the script's own: `@line title:ITEM | …`
        /// says another programme's title (from its `tieu-de` clip), as a slot's menu does.
        owner: Option<String>,
    },
    Pause(f64),
    BedStart(String),
    BedStop,
    /// `@date`, or `@date lunar` to add the lunar date.
    Date(bool),
    /// `@next`: when the next broadcast is, in a slot's closing.
    Next,
    /// `@part explainer|story|notices`: where the weekly bulletin puts another script.
    Part(String),
}

/// Parses the cue language; errors carry the 1-based output line. `@part` is read only where
/// `parts` allows it (the weekly bulletin's template).
pub(super) fn parse_cues(
    text: &str,
    parts: bool,
) -> std::result::Result<Vec<RawCue>, (usize, String)> {
    let mut cues = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |m: String| (i + 1, m);
        let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let rest = rest.trim();
        match word {
            "@jingle" if is_name(rest) => cues.push(RawCue::Jingle(rest.to_string())),
            "@jingle" => {
                return Err(err(format!(
                    "`@jingle` needs a name like `mo-dau`, got `{rest}`"
                )))
            }
            "@pause" => match rest.parse::<f64>() {
                Ok(s) if (0.0..=30.0).contains(&s) => cues.push(RawCue::Pause(s)),
                _ => {
                    return Err(err(format!(
                        "`@pause` needs seconds between 0 and 30, got `{rest}`"
                    )))
                }
            },
            "@date" if rest.is_empty() => cues.push(RawCue::Date(false)),
            "@next" if rest.is_empty() => cues.push(RawCue::Next),
            "@next" => return Err(err(format!("`@next` takes nothing after it, got `{rest}`"))),
            "@date" if rest == "lunar" => cues.push(RawCue::Date(true)),
            "@part" if !parts => {
                return Err(err(format!("`@part` works only in {}", bulletin::TEMPLATE)))
            }
            "@part" if bulletin::PARTS.contains(&rest) => cues.push(RawCue::Part(rest.to_string())),
            "@part" => {
                return Err(err(format!(
                    "`@part` takes one of {}, got `{rest}`",
                    bulletin::PARTS.join(", ")
                )))
            }
            "@date" => {
                return Err(err(format!(
                    "`@date` takes nothing or `lunar` after it, got `{rest}`"
                )))
            }
            "@bed" => match rest.split_whitespace().collect::<Vec<_>>().as_slice() {
                ["start", name] if is_name(name) => cues.push(RawCue::BedStart(name.to_string())),
                ["stop"] => cues.push(RawCue::BedStop),
                _ => {
                    return Err(err(format!(
                        "`@bed` takes `start NAME` or `stop`, got `{rest}`"
                    )))
                }
            },
            "@line" => cues.push(parse_line(rest).map_err(err)?),
            other => {
                return Err(err(format!(
                    "unknown cue `{other}`; use @jingle, @line, @pause, @bed, @date or @next"
                )))
            }
        }
    }
    Ok(cues)
}

/// The line id of a programme's title, the clip a slot's menu says it with.
pub(super) const TITLE_LINE: &str = "tieu-de";

/// `@line [shared:|station:|title:]ID | text`.
fn parse_line(rest: &str) -> std::result::Result<RawCue, String> {
    let Some((id, text)) = rest.split_once('|') else {
        return Err("`@line` needs `ID | text`".to_string());
    };
    let (scope, id, owner) = match id.trim().split_once(':') {
        Some(("shared", id)) => (Scope::Shared, id, None),
        Some(("station", id)) => (Scope::Station, id, None),
        Some(("title", item)) => (Scope::Item, TITLE_LINE, Some(item.to_string())),
        Some((other, _)) => {
            return Err(format!(
                "unknown line scope `{other}:`; use `shared:`, `station:` or `title:`"
            ))
        }
        None => (Scope::Item, id.trim(), None),
    };
    if let Some(item) = owner.as_deref().filter(|i| !is_name(i)) {
        return Err(format!(
            "`title:{item}` must name an item id (lower-case letters, digits and `-`)"
        ));
    }
    if !is_name(id) {
        return Err(format!(
            "line id `{id}` must be lower-case letters, digits and `-`"
        ));
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(format!("line `{id}` has no text"));
    }
    Ok(RawCue::Line {
        id: id.to_string(),
        scope,
        text,
        owner,
    })
}

fn is_name(s: &str) -> bool {
    crate::content::is_slug(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_cue_kind() {
        let cues = parse_cues(
            "@jingle mo-dau\n\n# comment\n@line station:chao | Xin   chào\n@line a-1 | Một.\n@pause 1.5\n@bed start nen\n@bed stop\n",
            false,
        )
        .unwrap();
        assert_eq!(
            cues,
            vec![
                RawCue::Jingle("mo-dau".into()),
                RawCue::Line {
                    id: "chao".into(),
                    scope: Scope::Station,
                    text: "Xin chào".into(),
                    owner: None,
                },
                RawCue::Line {
                    id: "a-1".into(),
                    scope: Scope::Item,
                    text: "Một.".into(),
                    owner: None,
                },
                RawCue::Pause(1.5),
                RawCue::BedStart("nen".into()),
                RawCue::BedStop,
            ]
        );
    }

    #[test]
    fn a_title_line_says_another_items_title_clip() {
        assert_eq!(
            parse_cues("@line title:thon-dong | Thôn Đông.\n", false),
            Ok(vec![RawCue::Line {
                id: TITLE_LINE.into(),
                scope: Scope::Item,
                text: "Thôn Đông.".into(),
                owner: Some("thon-dong".into()),
            }])
        );
    }

    #[test]
    fn rejects_bad_cues_with_their_line() {
        let cases = [
            ("@jingle\n", 1, "needs a name"),
            ("@line a | x\n@pause forever\n", 2, "seconds"),
            ("@line Bad Id | x\n", 1, "line id"),
            ("@line x:y | z\n", 1, "scope"),
            ("@line title:Bad | z\n", 1, "must name an item id"),
            ("@line title: | z\n", 1, "must name an item id"),
            ("@line a |   \n", 1, "no text"),
            ("\n@shout x\n", 2, "unknown cue"),
            ("@bed go\n", 1, "@bed"),
            ("@date today\n", 1, "`@date` takes nothing or `lunar`"),
            ("@next week\n", 1, "`@next` takes nothing"),
            (
                "@pause 1\n@part story\n",
                2,
                "`@part` works only in bulletin.tera",
            ),
        ];
        for (text, line, needle) in cases {
            let (l, m) = parse_cues(text, false).unwrap_err();
            assert_eq!(l, line, "{text:?}");
            assert!(m.contains(needle), "{text:?}: {m}");
        }
        // The bulletin's template reads its parts, and only the three it has.
        assert_eq!(
            parse_cues("@date lunar\n@part story\n", true),
            Ok(vec![RawCue::Date(true), RawCue::Part("story".into())])
        );
        let (l, m) = parse_cues("@part weather\n", true).unwrap_err();
        assert_eq!(l, 1);
        assert!(m.contains("takes one of explainer, story, notices"), "{m}");
    }
}
