//! Store and forward for IP loudspeaker clusters ("truyền thanh thông minh"): the week's slot
//! files under `ip/`, a station M3U with absolute URLs, and `schedule.json`, a timed playlist
//! (each slot's start, end, URL, sha256 and priority) a cluster downloads ahead and plays on
//! its own clock, so that a 4G drop does not cost a broadcast. Any static web server can serve
//! the output folder.
//!
//! Vendor gateways speak closed protocols: an adapter is one [`IpExport`], given the week as
//! [`IpWeek`], returning the files it adds under `ip/`; the planner is never touched.

use serde::Serialize;

use super::m3u::m3u_of;

/// What `schedule.json` says of itself, so that a reader can refuse a format it does not know.
pub const SCHEDULE_VERSION: u32 = 1;

/// One slot as an IP cluster needs it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IpSlot {
    /// Slot id.
    pub id: String,
    /// Slot name.
    pub name: String,
    /// Start, RFC 3339 with the offset.
    pub start: String,
    /// End of the slot's window, RFC 3339 with the offset.
    pub end: String,
    /// The slot file, relative to `ip/`.
    pub file: String,
    /// Where a cluster downloads it.
    pub url: String,
    /// SHA-256 of the file, to check the download.
    pub sha256: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its length in seconds.
    pub duration_s: f64,
    /// `normal`, `priority` or `emergency`: the highest of what it airs.
    pub priority: String,
}

/// A station's week as an IP cluster needs it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IpWeek {
    /// [`SCHEDULE_VERSION`].
    pub version: u32,
    /// Station id.
    pub station: String,
    /// Station name.
    pub station_name: String,
    /// `2026-W50`.
    pub week: String,
    /// IANA time zone of the times.
    pub timezone: String,
    /// The URL `ip/` is served under, ending in `/`.
    pub base_url: String,
    /// What to play when a slot's file is missing or damaged, if the week has one.
    pub fallback: Option<IpFile>,
    /// The slots with a file, in time order.
    pub slots: Vec<IpSlot>,
    /// The relay slots, in time order: a cluster that can play a live stream plays `url` from
    /// `start` to `end` (left out when the station has none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relays: Vec<IpRelay>,
}

/// A relay slot: another station's stream, aired live.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IpRelay {
    /// Slot id.
    pub id: String,
    /// Slot name.
    pub name: String,
    /// Start, RFC 3339 with the offset.
    pub start: String,
    /// End of its window, RFC 3339 with the offset.
    pub end: String,
    /// The stream.
    pub url: String,
}

/// A file with its URL and hash.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IpFile {
    /// Relative to `ip/`.
    pub file: String,
    /// Where a cluster downloads it.
    pub url: String,
    /// SHA-256 of the file.
    pub sha256: String,
}

/// One way of handing a week to IP loudspeakers: the files it adds under `ip/` (besides the
/// slot files), by name relative to `ip/`.
pub trait IpExport {
    /// The adapter's name, for messages.
    fn name(&self) -> &str;
    /// The files to add.
    fn files(&self, week: &IpWeek) -> Vec<(String, Vec<u8>)>;
}

/// The open export any static web server can serve: `station.m3u` (absolute URLs) and
/// `schedule.json`.
pub struct StaticExport;

impl IpExport for StaticExport {
    fn name(&self) -> &str {
        "static"
    }

    fn files(&self, week: &IpWeek) -> Vec<(String, Vec<u8>)> {
        vec![
            ("station.m3u".into(), station_m3u(week).into_bytes()),
            ("schedule.json".into(), schedule_json(week).into_bytes()),
        ]
    }
}

/// The week's slots in time order, each by its absolute URL.
pub fn station_m3u(week: &IpWeek) -> String {
    let titles: Vec<String> = week
        .slots
        .iter()
        .map(|s| format!("{} {}", s.name, s.start))
        .collect();
    let entries: Vec<(f64, &str, &str)> = week
        .slots
        .iter()
        .zip(&titles)
        .map(|(s, t)| (s.duration_s, t.as_str(), s.url.as_str()))
        .collect();
    m3u_of(&entries)
}

/// `schedule.json`: the week as a timed playlist, pretty-printed with a final newline.
pub fn schedule_json(week: &IpWeek) -> String {
    let mut text = serde_json::to_string_pretty(week).unwrap_or_default();
    text.push('\n');
    text
}

/// `base` with exactly one `/` at its end.
pub fn base_with_slash(base: &str) -> String {
    format!("{}/", base.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week() -> IpWeek {
        let slot = |id: &str, start: &str, priority: &str| IpSlot {
            id: id.into(),
            name: format!("Phát thanh {id}"),
            start: start.into(),
            end: start.replace("05:30", "05:50"),
            file: format!("slots/{id}.mp3"),
            url: format!("http://10.0.0.1:8080/dinh-tan/2026-W50/ip/slots/{id}.mp3"),
            sha256: "ab".repeat(32),
            bytes: 1000,
            duration_s: 599.6,
            priority: priority.into(),
        };
        IpWeek {
            version: SCHEDULE_VERSION,
            station: "dinh-tan".into(),
            station_name: "Đài truyền thanh xã Định Tân".into(),
            week: "2026-W50".into(),
            timezone: "Asia/Ho_Chi_Minh".into(),
            base_url: "http://10.0.0.1:8080/dinh-tan/2026-W50/ip/".into(),
            fallback: None,
            slots: vec![
                slot("sang", "2026-12-07T05:30:00+07:00", "normal"),
                slot("chieu", "2026-12-07T17:00:00+07:00", "emergency"),
            ],
            relays: Vec::new(),
        }
    }

    #[test]
    fn the_static_export_gives_an_m3u_of_urls_and_a_schedule_that_reads_back() {
        let files = StaticExport.files(&week());
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["station.m3u", "schedule.json"]);
        let m3u = String::from_utf8(files[0].1.clone()).unwrap();
        assert_eq!(
            m3u.lines().collect::<Vec<_>>(),
            [
                "#EXTM3U",
                "#EXTINF:600,Phát thanh sang 2026-12-07T05:30:00+07:00",
                "http://10.0.0.1:8080/dinh-tan/2026-W50/ip/slots/sang.mp3",
                "#EXTINF:600,Phát thanh chieu 2026-12-07T17:00:00+07:00",
                "http://10.0.0.1:8080/dinh-tan/2026-W50/ip/slots/chieu.mp3",
            ]
        );
        let json: serde_json::Value = serde_json::from_slice(&files[1].1).unwrap();
        assert_eq!(json["version"], 1);
        assert_eq!(json["slots"][1]["priority"], "emergency");
        assert_eq!(json["slots"][0]["sha256"].as_str().unwrap().len(), 64);
        assert_eq!(json["slots"][0]["end"], "2026-12-07T05:50:00+07:00");
    }

    #[test]
    fn a_base_url_ends_in_one_slash() {
        for (base, want) in [
            ("http://x", "http://x/"),
            ("http://x/", "http://x/"),
            ("http://x/out//", "http://x/out/"),
        ] {
            assert_eq!(base_with_slash(base), want);
        }
    }
}
