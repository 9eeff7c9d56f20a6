//! The bytes of a content file as text: UTF-8 without NUL bytes, converted to Unicode NFC (with a
//! warning when it was not), without a byte-order mark, with `\n` line ends. Reads no field.

use unicode_normalization::{is_nfc, UnicodeNormalization};

use super::report::Report;
use crate::diagnostic::line_of;

/// The file's text, or `None` (with an error) when it is not text.
pub(super) fn decode(bytes: Vec<u8>, report: &mut Report) -> Option<String> {
    let raw = utf8(bytes, report)?;
    reject_nul(&raw, report)?;
    let text = to_nfc(raw, report);
    Some(
        text.strip_prefix('\u{feff}')
            .unwrap_or(&text)
            .replace("\r\n", "\n"),
    )
}

fn utf8(bytes: Vec<u8>, report: &mut Report) -> Option<String> {
    let e = match String::from_utf8(bytes) {
        Ok(s) => return Some(s),
        Err(e) => e,
    };
    let offset = e.utf8_error().valid_up_to();
    let line = line_of(&String::from_utf8_lossy(&e.as_bytes()[..offset]), offset);
    report.error_hint(
        line,
        "file",
        format!("is not UTF-8 (bad byte at offset {offset})"),
        "save the file as UTF-8 (in Notepad: Save As → Encoding: UTF-8)",
    );
    None
}

fn reject_nul(raw: &str, report: &mut Report) -> Option<()> {
    match raw.find('\0') {
        None => Some(()),
        Some(pos) => {
            report.error(
                line_of(raw, pos),
                "file",
                "holds a NUL byte; is it a binary file?",
            );
            None
        }
    }
}

fn to_nfc(raw: String, report: &mut Report) -> String {
    if is_nfc(&raw) {
        return raw;
    }
    report.warning(
        first_non_nfc_line(&raw),
        "text",
        "is not Unicode NFC; converted on load",
        Some("some editors write decomposed accents; save as NFC to silence this".into()),
    );
    raw.nfc().collect()
}

fn first_non_nfc_line(text: &str) -> usize {
    text.split('\n')
        .position(|line| !is_nfc(line))
        .map_or(1, |i| i + 1)
}
