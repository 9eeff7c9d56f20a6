//! Measurement units after a number (`5kg`, `30°C`, `60km/h`, `2ha/hộ`) or after a spaced
//! number (`5 kg`), and a unit per something (`đồng/kg`, `lít/ngày`).

use super::numeric::Ctx;
use super::{Class, Normalizer, Reading};

pattern!(
    UNIT,
    r"(-?DEC)(km/h|km²|km2|m²|m2|m³|m3|kWh|kW|kV|MWh|MW|GWh|GW|TWh|km|kg|ha|ml|cm|mm|mg|GB|MB|°C|°N|°E|°S|°W|°|g|l|m|v|V)(?:/(\S+))?"
);
pattern!(
    pub(super) UNIT_PER,
    r"(đồng|đ|₫|km|kg|m2|m3|ha|lít|tấn|tạ|người|USD|usd|cent|con|hộ|lượt|chiếc|suất|cây|quả|trái)/(\p{L}+\d?|\p{L}+[²³])"
);

/// Units written after a number, and how they are read.
pub(super) const UNITS: &[(&str, &str)] = &[
    ("km/h", "ki lô mét trên giờ"),
    ("km²", "ki lô mét vuông"),
    ("km2", "ki lô mét vuông"),
    ("m²", "mét vuông"),
    ("m2", "mét vuông"),
    ("m³", "mét khối"),
    ("m3", "mét khối"),
    ("kWh", "ki lô oát giờ"),
    ("kW", "ki lô oát"),
    ("kV", "ki lô vôn"),
    ("MWh", "mê ga oát giờ"),
    ("MW", "mê ga oát"),
    ("GWh", "ghi ga oát giờ"),
    ("GW", "ghi ga oát"),
    ("TWh", "tê ra oát giờ"),
    ("km", "ki lô mét"),
    ("kg", "ki lô gam"),
    ("ha", "héc ta"),
    ("ml", "mi li lít"),
    ("cm", "xen ti mét"),
    ("mm", "mi li mét"),
    ("mg", "mi li gam"),
    ("GB", "ghi ga bai"),
    ("MB", "mê ga bai"),
    ("°C", "độ xê"),
    ("°N", "độ vĩ bắc"),
    ("°E", "độ kinh đông"),
    ("°S", "độ vĩ nam"),
    ("°W", "độ kinh tây"),
    ("°", "độ"),
    ("g", "gam"),
    ("gr", "gam"),
    ("t", "tấn"),
    ("l", "lít"),
    ("m", "mét"),
    ("v", "vôn"),
    ("V", "vôn"),
];
/// Units that are also read when separated from their number by a space.
pub(super) const SPACED_UNITS: &[&str] = &[
    "km/h", "km", "kg", "ha", "ml", "cm", "mm", "m2", "m²", "m3", "m³", "km2", "kWh", "kW", "kV",
    "MW", "MWh", "GWh", "TWh", "GB", "MB", "°C", "m", "g", "gr",
];

/// How a unit is read.
pub(super) fn unit_word(unit: &str) -> Option<&'static str> {
    UNITS.iter().find(|(u, _)| *u == unit).map(|(_, w)| *w)
}

impl Normalizer {
    /// `5kg` → năm ki lô gam; `60km/h`; `2ha/hộ` → hai héc ta trên hộ.
    pub(super) fn unit(&self, x: &Ctx) -> Option<Reading> {
        let c = UNIT.captures(x.core)?;
        let unit = unit_word(&c[2]).unwrap_or("");
        let mut t = format!("{} {unit}", self.number(&c[1]));
        if let Some(per) = c.get(3) {
            t.push_str(" trên ");
            t.push_str(&self.per_unit(per.as_str()));
        }
        Some((t, Class::Unit))
    }

    /// What comes after "trên" in `unit/per`: "giờ" for `h`, a unit, or the word as read.
    pub(super) fn per_unit(&self, per: &str) -> String {
        match (per, unit_word(per)) {
            ("h", _) => "giờ".to_string(),
            ("s", _) => "giây".to_string(),
            (_, Some(w)) => w.to_string(),
            (p, None) => self.word(p).unwrap_or_else(|| self.fallback(p)),
        }
    }
}
