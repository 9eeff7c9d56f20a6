//! The abbreviation lexicon and the pronunciation glossary.
//!
//! Both are tab-separated data files in the project's `scripts/` folder, so an operator adds an
//! abbreviation or a platform name without recompiling: `scripts/lexicon.tsv` (abbreviations,
//! matched case-sensitively: `UBND`, `TP.`, `v.v.`) and `scripts/glossary.tsv` (names and
//! words read in a Vietnamese way, matched ignoring case: `VNeID`, `Zalo`, `OTP`). Each line is
//! `written<TAB>spoken`, optionally followed by `<TAB>note`; `#` starts a comment line. The files
//! shipped with loaxa are built in and used when a project has none.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The lexicon shipped with loaxa.
pub const BUILTIN_LEXICON: &str = include_str!("../../scripts/lexicon.tsv");
/// The glossary shipped with loaxa.
pub const BUILTIN_GLOSSARY: &str = include_str!("../../scripts/glossary.tsv");

/// Abbreviations and pronunciations.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    abbreviations: HashMap<String, String>,
    glossary: HashMap<String, String>,
    /// Longest key, in chars, to bound look-ups.
    pub longest: usize,
}

impl Lexicon {
    /// The built-in lexicon and glossary.
    pub fn builtin() -> Lexicon {
        let mut diags = Vec::new();
        let mut lex = Lexicon::default();
        lex.add_abbreviations(
            BUILTIN_LEXICON,
            Path::new("scripts/lexicon.tsv"),
            &mut diags,
        );
        lex.add_glossary(
            BUILTIN_GLOSSARY,
            Path::new("scripts/glossary.tsv"),
            &mut diags,
        );
        debug_assert!(diags.is_empty(), "{diags:?}");
        lex
    }

    /// Loads `scripts/lexicon.tsv` and `scripts/glossary.tsv` from a project, each falling back
    /// to the built-in file when the project has none. Problems are returned as diagnostics.
    pub fn load(root: &Path) -> (Lexicon, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut lex = Lexicon::default();
        let read = |name: &str, builtin: &'static str, diags: &mut Vec<Diagnostic>| -> String {
            let path = root.join("scripts").join(name);
            match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => builtin.to_string(),
                Err(e) => {
                    diags.push(Diagnostic::error(
                        &Path::new("scripts").join(name),
                        None,
                        "file",
                        format!("cannot read: {e}"),
                    ));
                    builtin.to_string()
                }
            }
        };
        let text = read("lexicon.tsv", BUILTIN_LEXICON, &mut diags);
        lex.add_abbreviations(&text, Path::new("scripts/lexicon.tsv"), &mut diags);
        let text = read("glossary.tsv", BUILTIN_GLOSSARY, &mut diags);
        lex.add_glossary(&text, Path::new("scripts/glossary.tsv"), &mut diags);
        (lex, diags)
    }

    fn add_abbreviations(&mut self, text: &str, path: &Path, diags: &mut Vec<Diagnostic>) {
        for (k, v) in parse_tsv(text, path, diags) {
            self.longest = self.longest.max(k.chars().count());
            self.abbreviations.insert(k, v);
        }
    }

    fn add_glossary(&mut self, text: &str, path: &Path, diags: &mut Vec<Diagnostic>) {
        for (k, v) in parse_tsv(text, path, diags) {
            self.longest = self.longest.max(k.chars().count());
            self.glossary.insert(k.to_lowercase(), v);
        }
    }

    /// The expansion of an abbreviation, exactly as written.
    pub fn abbreviation(&self, key: &str) -> Option<&str> {
        self.abbreviations.get(key).map(String::as_str)
    }

    /// The spoken form of a glossary word, ignoring case.
    pub fn glossary(&self, key: &str) -> Option<&str> {
        self.glossary.get(&key.to_lowercase()).map(String::as_str)
    }

    /// Every word of the lexicon's and glossary's spoken forms, in lower case: what may be
    /// said even when it is not a Vietnamese syllable (`Sto`, `Plây`).
    pub fn spoken_words(&self) -> std::collections::HashSet<String> {
        self.abbreviations
            .values()
            .chain(self.glossary.values())
            .flat_map(|v| v.split([' ', ',']))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    }

    /// True if `key` is a known abbreviation (for the ear check).
    pub fn knows(&self, key: &str) -> bool {
        self.abbreviations.contains_key(key) || self.glossary.contains_key(&key.to_lowercase())
    }
}

fn parse_tsv(text: &str, path: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        match (cols.next().map(str::trim), cols.next().map(str::trim)) {
            (Some(k), Some(v)) if !k.is_empty() && !v.is_empty() => {
                out.push((k.to_string(), v.to_string()))
            }
            _ => diags.push(
                Diagnostic::error(path, Some(i + 1), "entry", "expected `written<TAB>spoken`")
                    .with_hint("separate the columns with a tab character, not spaces"),
            ),
        }
    }
    out
}
