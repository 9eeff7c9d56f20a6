//! `lang`: the language a recorded notice is spoken in, as an ISO 639-3 code. Many communes
//! air notices in an ethnic-minority language as well as Vietnamese; the code goes to the week
//! sheet, plan.json and the slot file's ID3 TLAN tag. loaxa speaks only Vietnamese text, so a
//! notice in another language must be a recording (`file`).

use toml::Spanned;

use super::check::Check;

/// Vietnamese, the language of every text loaxa reads.
pub const VIETNAMESE: &str = "vie";

/// Codes of languages aired by commune stations, with their Vietnamese names.
pub const KNOWN: [(&str, &str); 13] = [
    ("vie", "tiếng Việt"),
    ("tay", "tiếng Tày"),
    ("nut", "tiếng Nùng"),
    ("hmn", "tiếng Mông"),
    ("blt", "tiếng Thái"),
    ("mtq", "tiếng Mường"),
    ("ium", "tiếng Dao"),
    ("khm", "tiếng Khmer"),
    ("cjm", "tiếng Chăm"),
    ("rad", "tiếng Ê Đê"),
    ("jra", "tiếng Gia Rai"),
    ("bdq", "tiếng Ba Na"),
    ("sed", "tiếng Xơ Đăng"),
];

/// The Vietnamese name of a language code ("tiếng Tày"), or the code itself.
pub fn name(code: &str) -> String {
    KNOWN
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| code.to_string(), |(_, n)| (*n).to_string())
}

/// The notice's language: `None` for Vietnamese (also when absent). A code that is not three
/// lower-case letters is an error; one not in [`KNOWN`] a warning; another language without a
/// recording an error.
pub(super) fn check_lang(
    check: &mut Check,
    lang: Option<&Spanned<String>>,
    has_file: bool,
    id: &str,
) -> Result<Option<String>, ()> {
    let Some(lang) = lang else {
        return Ok(None);
    };
    let (code, line) = (lang.get_ref().trim(), check.line(lang.span()));
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_lowercase()) {
        let error = check
            .error(line, "lang", format!("`{code}` is not an ISO 639-3 code"))
            .with_hint("three lower-case letters: vie, tay (Tày), hmn (Mông), blt (Thái)…");
        check.push(error);
        return Err(());
    }
    if code == VIETNAMESE {
        return Ok(None);
    }
    if !KNOWN.iter().any(|(c, _)| *c == code) {
        let known: Vec<&str> = KNOWN.iter().map(|(c, _)| *c).collect();
        let warning = check
            .warning(
                line,
                "lang",
                format!("`{code}` is not a language loaxa knows by name"),
            )
            .with_hint(format!(
                "check the ISO 639-3 code; known: {}",
                known.join(", ")
            ));
        check.push(warning);
    }
    if !has_file {
        let message = format!(
            "`{id}` is in {} but has no `file`: loaxa reads only Vietnamese text, so record it",
            name(code)
        );
        check.report(line, "lang", message);
        return Err(());
    }
    Ok(Some(code.to_string()))
}
