//! Document numbers: `49/2024/NĐ-CP` → "nghị định số bốn mươi chín năm hai nghìn không trăm hai
//! mươi tư của Chính phủ", leaving out the kind (and "số") when the text already said them.

use super::numeric::Ctx;
use super::{number, Class, Normalizer, Reading};

pattern!(DOC, r"(\d+)(?:/(\d{4}))?/([\p{L}&]+(?:-[\p{L}&]+)+)");
pattern!(LAW, r"(\d+)/(\d{4})/QH(\d{1,2})");

/// Document kinds: the code used in document numbers and its spoken name.
const DOC_TYPES: &[(&str, &str)] = &[
    ("NĐ", "nghị định"),
    ("TT", "thông tư"),
    ("QĐ", "quyết định"),
    ("NQ", "nghị quyết"),
    ("CT", "chỉ thị"),
    ("TB", "thông báo"),
    ("KH", "kế hoạch"),
    ("HD", "hướng dẫn"),
    ("BC", "báo cáo"),
    ("CV", "công văn"),
];

impl Normalizer {
    /// `49/2024/NĐ-CP`, `12/QĐ-UBND`.
    pub(super) fn document_number(&self, x: &Ctx) -> Option<Reading> {
        let c = DOC.captures(x.core)?;
        let year = c.get(2).map(|m| m.as_str());
        let text = self.document(&c[1], year, &c[3], &x.prev, &x.prev2);
        Some((text, Class::Number))
    }

    /// A law: `26/2023/QH15` → số hai mươi sáu năm … của Quốc hội khóa mười lăm.
    pub(super) fn law_number(&self, x: &Ctx) -> Option<Reading> {
        let c = LAW.captures(x.core)?;
        let s = &self.style;
        let number = if x.prev == "số" { "" } else { "số " };
        let text = format!(
            "{number}{} năm {} của Quốc hội khóa {}",
            number::cardinal_str(&c[1], s),
            number::cardinal_str(&c[2], s),
            number::cardinal_str(&c[3], s)
        );
        Some((text, Class::Number))
    }

    /// The kind (unless said just before), "số" (unless said), the number, the year, the issuer.
    fn document(
        &self,
        num: &str,
        year: Option<&str>,
        code: &str,
        prev: &str,
        prev2: &str,
    ) -> String {
        let s = &self.style;
        let parts: Vec<&str> = code.split('-').collect();
        let kind = DOC_TYPES
            .iter()
            .find(|(c, _)| *c == parts[0])
            .map(|(_, w)| *w);
        let issuer_code = if kind.is_some() {
            parts[1..].join("-")
        } else {
            parts[0].to_string()
        };
        let said_kind = DOC_TYPES
            .iter()
            .any(|(c, w)| prev == c.to_lowercase() || format!("{prev2} {prev}") == *w);
        let mut words: Vec<String> = Vec::new();
        if prev != "số" {
            if let Some(k) = kind.filter(|_| !said_kind) {
                words.push(k.to_string());
            }
            words.push("số".to_string());
        }
        words.push(number::cardinal_str(num, s));
        if let Some(y) = year {
            words.push(format!("năm {}", number::cardinal_str(y, s)));
        }
        words.push(format!("của {}", self.issuer(&issuer_code)));
        words.join(" ")
    }

    /// The body that issued a document: `CP` → Chính phủ, `BTTTT` → Bộ Thông tin và Truyền thông.
    fn issuer(&self, code: &str) -> String {
        if let Some(e) = self.abbreviation(code) {
            return e;
        }
        if let Some(e) = code
            .strip_prefix('B')
            .and_then(|rest| self.abbreviation(rest))
        {
            return format!("Bộ {e}");
        }
        if let Some(rest) = code.strip_prefix("UBND") {
            return format!("Ủy ban nhân dân {rest}").trim().to_string();
        }
        code.to_string()
    }
}
