//! Which text each recorded clip was recorded for: `audio-assets/voice/recorded.csv`, one row a
//! clip (`clip,text,take,start_s,end_s`), sorted by clip. When a line's text changes after its
//! clip was recorded, the clip says the old words: `check` and the booth ask for a new one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The record's path, relative to the project.
pub const RECORD: &str = "audio-assets/voice/recorded.csv";
const HEADER: [&str; 5] = ["clip", "text", "take", "start_s", "end_s"];

/// What one clip was recorded for.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The text read (spoken form).
    pub text: String,
    /// The take it was cut from, relative to the project (empty for a single-line recording).
    pub take: String,
    /// Where in the take, in seconds.
    pub start_s: f64,
    /// Where it ended in the take.
    pub end_s: f64,
}

/// Every clip's record, by clip path (relative to the project, as the script names it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records(pub BTreeMap<PathBuf, Recorded>);

impl Records {
    /// Reads the record of the project at `root`; none yet is an empty record.
    pub fn load(root: &Path) -> Result<Records> {
        let path = root.join(RECORD);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Records::default()),
            Err(source) => return Err(Error::Read { path, source }),
        };
        parse(&text).map_err(|(line, message)| Error::Config {
            path,
            line,
            message,
        })
    }

    /// The text `clip` was recorded for, if it is on record.
    pub fn get(&self, clip: &Path) -> Option<&Recorded> {
        self.0.get(clip)
    }

    /// The record as CSV text.
    pub fn to_csv(&self) -> String {
        let rows = self.0.iter().map(|(clip, r)| {
            vec![
                clip.to_string_lossy().into_owned(),
                r.text.clone(),
                r.take.clone(),
                format!("{:.2}", r.start_s),
                format!("{:.2}", r.end_s),
            ]
        });
        let header = std::iter::once(HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        crate::csv_text::csv_text(header.chain(rows))
    }
}

fn parse(text: &str) -> std::result::Result<Records, (usize, String)> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let mut map = BTreeMap::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| (line, e.to_string()))?;
        let field = |k: usize| row.get(k).unwrap_or_default();
        let num = |k: usize| {
            field(k)
                .parse::<f64>()
                .map_err(|_| (line, format!("`{}` is not a number of seconds", field(k))))
        };
        if field(0).is_empty() {
            return Err((line, "the clip path is empty".into()));
        }
        map.insert(
            PathBuf::from(field(0)),
            Recorded {
                text: field(1).to_string(),
                take: field(2).to_string(),
                start_s: num(3)?,
                end_s: num(4)?,
            },
        );
    }
    Ok(Records(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_csv() {
        let mut r = Records::default();
        r.0.insert(
            PathBuf::from("audio-assets/voice/items/a/tieu-de.wav"),
            Recorded {
                text: "Câu chuyện hôm nay, \"thôn Đông\".".into(),
                take: "audio-assets/takes/a/0123.wav".into(),
                start_s: 1.5,
                end_s: 4.25,
            },
        );
        let text = r.to_csv();
        assert!(text.starts_with("clip,text,take,start_s,end_s\n"));
        assert_eq!(parse(&text).unwrap(), r);
    }

    #[test]
    fn a_bad_number_names_its_line() {
        let text = "clip,text,take,start_s,end_s\na.wav,x,,1,2\nb.wav,y,,one,2\n";
        assert_eq!(parse(text).unwrap_err().0, 3);
    }
}
