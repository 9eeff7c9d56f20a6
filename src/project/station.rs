//! Station files in `schedules/`: who is broadcasting, and to whom.
//!
//! This module reads the `[station]` table: the commune, the station's name and its community
//! digital team with their phone number, which the scripts read out. Other tables in a station
//! file (slots, rules, announcements) belong to the weekly plan and are not read here.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

/// The community digital team listeners are told to ask.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// "Tổ công nghệ số cộng đồng xã …".
    pub name: String,
    /// The phone number as written (`0912 345 678`); the script reads it digit by digit.
    pub phone: String,
    /// Where and when the team helps in person, a sentence read after its name: "Tổ có mặt tại
    /// nhà văn hóa các thôn vào sáng chủ nhật hằng tuần." (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// The `[station]` table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct StationInfo {
    /// Slug used in file and clip names.
    pub id: String,
    /// "Đài truyền thanh xã Định Tân".
    pub name: String,
    /// "xã Định Tân".
    pub commune: String,
    /// "Thanh Hóa".
    #[serde(default)]
    pub province: String,
    /// IANA time zone, `Asia/Ho_Chi_Minh` by default.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// First day of the station's week, `monday` by default.
    #[serde(default = "default_week_start")]
    pub week_start: String,
    /// The community digital team.
    pub team: Team,
    /// When the station is on air, said at the close of every slot: "5h30 và 17h, từ thứ hai
    /// đến thứ bảy" (checked against the slots' times).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_air: Option<String>,
    /// Say the lunar date after today's date in the greeting ("tức ngày … âm lịch").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lunar_date: bool,
    /// An example station (the shipped demo): its placeholder phone number may air.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
}

fn default_timezone() -> String {
    "Asia/Ho_Chi_Minh".to_string()
}

fn default_week_start() -> String {
    "monday".to_string()
}

/// Whether a phone number is an example rather than a real one: letters or `…` in it, a
/// counting run (`0912 345 678`, `0123 456 789`, `0987 654 321`), or one digit repeated.
pub fn is_placeholder_phone(phone: &str) -> bool {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let marked = phone
        .chars()
        .any(|c| c.is_alphabetic() || c == '…' || c == '?' || c == '*');
    let run = ["12345678", "23456789", "87654321", "98765432"]
        .iter()
        .any(|r| digits.contains(r));
    // After the leading 0 and the network's first digit, one digit repeated: 0900 000 000.
    let subscriber = digits.trim_start_matches('0').get(1..).unwrap_or("");
    let repeated = subscriber.len() >= 5 && subscriber.chars().all(|c| subscriber.starts_with(c));
    marked || run || repeated
}

impl StationInfo {
    /// The neutral context used when neither a station file nor `loaxa.toml` names one.
    pub fn placeholder() -> StationInfo {
        StationInfo {
            id: "xa".to_string(),
            name: "Đài truyền thanh xã".to_string(),
            commune: "xã ta".to_string(),
            province: String::new(),
            timezone: default_timezone(),
            week_start: default_week_start(),
            team: Team {
                name: "Tổ công nghệ số cộng đồng của thôn, xã mình".to_string(),
                phone: String::new(),
                help: None,
            },
            on_air: None,
            lunar_date: false,
            demo: false,
        }
    }

    /// Reads the `[station]` table of a station file.
    pub fn load(path: &Path) -> Result<StationInfo> {
        #[derive(Deserialize)]
        struct File {
            station: Option<StationInfo>,
        }
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let config_err = |line, message| Error::Config {
            path: path.to_path_buf(),
            line,
            message,
        };
        let file: File = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| crate::diagnostic::line_of(&text, s.start))
                .unwrap_or(1);
            config_err(line, e.message().to_string())
        })?;
        let station = file
            .station
            .ok_or_else(|| config_err(1, "missing the `[station]` table".to_string()))?;
        let valid_id = !station.id.is_empty()
            && station
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid_id {
            return Err(config_err(
                1,
                format!(
                    "station.id `{}` must be a slug: lower-case ASCII letters, digits and `-`",
                    station.id
                ),
            ));
        }
        Ok(station)
    }
}

#[cfg(test)]
mod phone_tests {
    use super::is_placeholder_phone;

    #[test]
    fn placeholder_phone_numbers() {
        for (phone, placeholder) in [
            ("0912 345 678", true),
            ("0123456789", true),
            ("0987 654 321", true),
            ("0900 000 000", true),
            ("0999.999.999", true),
            ("09xx xxx xxx", true),
            ("0912 …", true),
            ("0237 3852 416", false),
            ("0912 408 351", false),
            ("0386 220 914", false),
            ("113", false),
        ] {
            assert_eq!(is_placeholder_phone(phone), placeholder, "{phone}");
        }
    }
}
