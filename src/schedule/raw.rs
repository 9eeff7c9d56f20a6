//! The station file as TOML gives it, before any check: the shapes serde reads, with the spans
//! that give each problem its line. Nothing here is validated.

use serde::Deserialize;
use toml::Spanned;

use super::Rules;
use crate::project::station::StationInfo;

/// A `[[slot]]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSlot {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub cron: Spanned<String>,
    pub length: Spanned<String>,
    #[serde(default)]
    pub kinds: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub profile: Option<Spanned<String>>,
    /// A relay slot: the stream it airs live.
    #[serde(default)]
    pub relay: Option<Spanned<String>>,
}

/// An `[[announcement]]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAnnouncement {
    pub id: Spanned<String>,
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    #[serde(default)]
    pub text: Option<Spanned<String>>,
    /// A notice template in `scripts/announcements/`, with its fields below.
    #[serde(default)]
    pub template: Option<Spanned<String>>,
    #[serde(default)]
    pub issuer: Option<Spanned<String>>,
    #[serde(default)]
    pub what: Option<Spanned<String>>,
    #[serde(default)]
    pub when: Option<Spanned<String>>,
    #[serde(default, rename = "where")]
    pub where_: Option<Spanned<String>>,
    #[serde(default)]
    pub who: Option<Spanned<String>>,
    #[serde(default)]
    pub bring: Option<Spanned<String>>,
    #[serde(default)]
    pub note: Option<Spanned<String>>,
    /// ISO 639-3 code of a recording's language (`tay`); Vietnamese when absent.
    #[serde(default)]
    pub lang: Option<Spanned<String>>,
    #[serde(default)]
    pub file: Option<Spanned<String>>,
    #[serde(default)]
    pub priority: Option<Spanned<String>>,
    pub valid_from: Spanned<DateValue>,
    pub valid_until: Spanned<DateValue>,
    #[serde(default)]
    pub airings: Option<u32>,
}

impl RawAnnouncement {
    /// The fields a notice template reads, by name.
    pub fn notice_fields(&self) -> super::notice::RawFields {
        let fields = [
            ("issuer", &self.issuer),
            ("what", &self.what),
            ("when", &self.when),
            ("where", &self.where_),
            ("who", &self.who),
            ("bring", &self.bring),
            ("note", &self.note),
        ];
        fields
            .into_iter()
            .filter_map(|(k, v)| v.clone().map(|v| (k.to_string(), v)))
            .collect()
    }
}

/// A date as TOML writes it (`2026-12-01`) or as text (`"2026-12-01"`, `"01/12/2026"`).
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum DateValue {
    Date(toml::value::Datetime),
    Text(String),
}

/// The whole file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub station: Spanned<StationInfo>,
    #[serde(default)]
    pub slot: Vec<RawSlot>,
    #[serde(default)]
    pub rules: Option<Spanned<Rules>>,
    #[serde(default)]
    pub announcement: Vec<RawAnnouncement>,
    #[serde(default)]
    pub bulletin: Vec<RawBulletin>,
}

/// A `[[bulletin]]` table: the weekly bulletin.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBulletin {
    pub id: Spanned<String>,
    #[serde(default)]
    pub title: Option<String>,
    pub headlines: Spanned<Vec<String>>,
    #[serde(default)]
    pub news: Vec<String>,
    #[serde(default)]
    pub explainer: Option<String>,
    #[serde(default)]
    pub story: Option<String>,
    #[serde(default)]
    pub notices: Vec<String>,
    #[serde(default)]
    pub priority: Option<Spanned<String>>,
    pub valid_from: Spanned<DateValue>,
    pub valid_until: Spanned<DateValue>,
    #[serde(default)]
    pub airings: Option<u32>,
}
