//! The ids a request names, checked before anything is looked up: item ids and line ids are
//! short words of `a-z 0-9 - _` (a line id may carry a `scope:` prefix), a take id is the first
//! 16 hex digits of the take's sha256. No path ever comes from the browser: files are found
//! from these ids through the item's sheet or the incoming folder.

use super::error::StudioError;

/// The longest id accepted.
const MAX_ID: usize = 120;

fn is_word(s: &str, extra: &[char]) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID
        && s.chars().all(|c| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || c == '-'
                || c == '_'
                || extra.contains(&c)
        })
        && !s.starts_with(['-', '.', ':'])
}

/// An item id as written in content (it must still exist in the library: the sheet says).
pub fn item(id: &str) -> Result<&str, StudioError> {
    if is_word(id, &['.']) && !id.contains("..") {
        Ok(id)
    } else {
        Err(StudioError::NotFound(format!("không có bài `{id}`")))
    }
}

/// A line id (`tieu-de`, `station:chao`, `word:thu-hai`); it must still be in the sheet.
pub fn line(id: &str) -> Result<&str, StudioError> {
    if is_word(id, &[':']) {
        Ok(id)
    } else {
        Err(StudioError::NotFound(format!("không có câu `{id}`")))
    }
}

/// A pending take's id: 16 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakeId(String);

/// How many hex digits of the sha256 name a take.
pub const TAKE_ID_LEN: usize = 16;

impl TakeId {
    /// Checks an id from a request.
    pub fn parse(id: &str) -> Result<TakeId, StudioError> {
        let hex = id.len() == TAKE_ID_LEN
            && id
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if hex {
            Ok(TakeId(id.to_string()))
        } else {
            Err(StudioError::BadRequest(format!(
                "mã bản thu `{id}` không hợp lệ: cần {TAKE_ID_LEN} chữ số hex"
            )))
        }
    }

    /// The id of a take's bytes.
    pub fn of(bytes: &[u8]) -> TakeId {
        use sha2::{Digest, Sha256};
        let hash = Sha256::digest(bytes);
        TakeId(
            hash.iter()
                .take(TAKE_ID_LEN / 2)
                .map(|b| format!("{b:02x}"))
                .collect(),
        )
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_and_line_ids_are_plain_words() {
        assert!(item("thon-dong-thon-thong-minh").is_ok());
        assert!(line("station:chao").is_ok());
        assert!(line("word:thu-hai").is_ok());
        for bad in ["", "../etc", "a/b", "A", "x y", "-x", "a..b", "%2e%2e"] {
            assert!(item(bad).is_err(), "{bad}");
        }
        for bad in ["", "a/b", "../x", ":x", "x.wav"] {
            assert!(line(bad).is_err(), "{bad}");
        }
        assert!(item(&"a".repeat(200)).is_err());
    }

    #[test]
    fn take_ids_are_sixteen_hex_digits() {
        let id = TakeId::of(b"take");
        assert_eq!(id.as_str().len(), 16);
        assert_eq!(TakeId::parse(id.as_str()).unwrap(), id);
        for bad in [
            "",
            "xyz",
            "0123456789ABCDEF",
            "0123456789abcdeg",
            "0123456789abcdef0",
        ] {
            let e = TakeId::parse(bad).unwrap_err();
            assert_eq!(e.status(), axum::http::StatusCode::BAD_REQUEST, "{bad}");
        }
    }
}
