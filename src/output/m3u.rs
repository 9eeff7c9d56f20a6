//! Extended M3U playlists (UTF-8, relative paths): one `#EXTINF` line and one path per item.

use std::fmt::Write as _;

use super::ItemOut;

/// An extended M3U playlist of `(item, path)` entries; a line break in a title becomes a space.
pub fn m3u(entries: &[(&ItemOut, String)]) -> String {
    let entries: Vec<(f64, &str, &str)> = entries
        .iter()
        .map(|(item, path)| (item.duration_s, item.title.as_str(), path.as_str()))
        .collect();
    m3u_of(&entries)
}

/// An extended M3U playlist of `(seconds, title, path or URL)` entries.
pub fn m3u_of(entries: &[(f64, &str, &str)]) -> String {
    let mut out = String::from("#EXTM3U\n");
    for (seconds, title, path) in entries {
        let _ = writeln!(
            out,
            "#EXTINF:{},{}",
            seconds.round() as i64,
            title.replace(['\n', '\r'], " ")
        );
        let _ = writeln!(out, "{path}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixture;

    fn item(title: &str, duration_s: f64) -> ItemOut {
        ItemOut {
            lang: None,
            id: "a".into(),
            title: title.into(),
            kind: "howto".into(),
            priority: "normal".into(),
            duration_s,
            file: "programmes/a.mp3".into(),
            sha256: String::new(),
        }
    }

    /// An independent reader: `(seconds, title, path)` per entry.
    fn read(text: &str) -> Vec<(i64, String, String)> {
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("#EXTM3U"));
        let mut out = Vec::new();
        while let Some(info) = lines.next() {
            let (secs, title) = info
                .strip_prefix("#EXTINF:")
                .and_then(|r| r.split_once(','))
                .unwrap_or_else(|| panic!("not an EXTINF line: {info}"));
            let path = lines.next().expect("a path after EXTINF");
            out.push((secs.parse().unwrap(), title.into(), path.into()));
        }
        out
    }

    #[test]
    fn m3u_has_extinf_with_seconds_and_title() {
        let item = item("Trả tiền bằng mã VietQR", 131.6);
        assert_eq!(
            m3u(&[(&item, "../programmes/a.mp3".into())]),
            "#EXTM3U\n#EXTINF:132,Trả tiền bằng mã VietQR\n../programmes/a.mp3\n"
        );
    }

    #[test]
    fn m3u_reads_back_entry_by_entry() {
        let cases = [
            ("Một, hai \"ba\"", 0.4, "Một, hai \"ba\"", 0),
            ("dòng một\ndòng hai\r", 59.5, "dòng một dòng hai ", 60),
            (fixture::LONG_TITLE, 245.2, fixture::LONG_TITLE, 245),
        ];
        let items: Vec<ItemOut> = cases.iter().map(|c| item(c.0, c.1)).collect();
        let entries: Vec<(&ItemOut, String)> = items
            .iter()
            .enumerate()
            .map(|(n, i)| (i, format!("../programmes/{n}.mp3")))
            .collect();
        let back = read(&m3u(&entries));
        assert_eq!(back.len(), cases.len());
        for (n, ((secs, title, path), case)) in back.iter().zip(&cases).enumerate() {
            assert_eq!((*secs, title.as_str()), (case.3, case.2));
            assert_eq!(path, &format!("../programmes/{n}.mp3"));
        }
    }

    #[test]
    fn m3u_snapshot() {
        let plan = fixture::plan();
        let entries: Vec<(&ItemOut, String)> = plan
            .slots
            .iter()
            .flat_map(|s| &s.items)
            .map(|i| (i, format!("../{}", i.file)))
            .collect();
        insta::assert_snapshot!(m3u(&entries));
    }
}
