//! Money: an amount with a currency and an optional multiplier and "per" (`50.000đ/ngày`,
//! `2tỷ đồng`, `100k₫`), millions written `5tr5`, and thousands written `20k`.

use super::numeric::Ctx;
use super::{cardinal, parse_int, Class, Normalizer, Reading};

pattern!(
    MONEY,
    r"((?:NUM)(?:,\d+)?)(k|K|nghìn|ngàn|tr|triệu|tỷ|tỉ)?(đ|₫|đồng|vnđ|vnd|VND|VNĐ)(?:/(\S+))?"
);
pattern!(MILLIONS, r"(\d+)tr(\d{1,3})?");
pattern!(THOUSANDS_K, r"((?:NUM)(?:,\d+)?)[kK]");

impl Normalizer {
    /// `50.000đ/ngày` → năm mươi nghìn đồng một ngày.
    pub(super) fn money(&self, x: &Ctx) -> Option<Reading> {
        let c = MONEY.captures(x.core)?;
        let amount = self.amount(&c[1], c.get(2).map(|m| m.as_str()));
        let currency = self
            .abbreviation(&c[3])
            .unwrap_or_else(|| "đồng".to_string());
        let mut t = format!("{amount} {currency}");
        if let Some(per) = c.get(4) {
            t.push(' ');
            t.push_str(&self.per(per.as_str()));
        }
        Some((t, Class::Money))
    }

    /// `5tr`, `5tr5` (five and a half million), `2tr250`.
    pub(super) fn millions(&self, x: &Ctx) -> Option<Reading> {
        let c = MILLIONS.captures(x.core)?;
        let whole = parse_int(&c[1]);
        let frac = c.get(2).map_or(0, |f| {
            let digits = f.as_str();
            parse_int(digits) * 1_000_000 / 10u64.pow(digits.len() as u32)
        });
        let n = whole.saturating_mul(1_000_000).saturating_add(frac);
        Some((cardinal(n, &self.style), Class::Money))
    }

    /// `20k` → hai mươi nghìn.
    pub(super) fn thousands(&self, x: &Ctx) -> Option<Reading> {
        let c = THOUSANDS_K.captures(x.core)?;
        let text = format!("{} {}", self.number(&c[1]), self.style.thousand_word());
        Some((text, Class::Money))
    }

    /// An amount before a currency, with its optional multiplier (k, tr, triệu, tỷ).
    fn amount(&self, num: &str, multiplier: Option<&str>) -> String {
        let base = self.number(num);
        match multiplier {
            None => base,
            Some("k" | "K" | "nghìn" | "ngàn") => {
                format!("{base} {}", self.style.thousand_word())
            }
            Some("tr" | "triệu") => format!("{base} triệu"),
            Some(_) => format!("{base} {}", self.style.billion_word()),
        }
    }
}
