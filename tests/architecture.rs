//! The shape of the source tree, checked on every test run:
//! - `lib.rs` declares the top-level modules in pipeline order, and a module only imports the
//!   ones declared before it (so there is no upward edge and no import cycle);
//! - `audio` imports nothing from the rest of the crate;
//! - clap lives in the binary only;
//! - no function runs past 120 lines, `main.rs` stays a table of contents, and files stay small.
//!
//! Imports are read from the text: every `crate::NAME` path (also inside `use crate::{…}`
//! groups), outside comments and outside `#[cfg(test)]` code.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The top-level module a file belongs to (`src/week/mix.rs` → `week`), none for the binary.
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(SRC).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    let name = first.trim_end_matches(".rs").to_string();
    (!matches!(name.as_str(), "main" | "lib" | "cli")).then_some(name)
}

/// The file's code: comments removed, and everything from the first `#[cfg(test)]` on.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level names of a `crate::…` path or `crate::{…}` group starting at `rest`.
fn names_after_crate(rest: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    if let Some(group) = rest.strip_prefix('{') {
        // Split the group's top level at commas.
        let (mut depth, mut names, mut start) = (0usize, Vec::new(), 0usize);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    names.push(ident(group[start..i].trim()));
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    names.push(ident(group[start..i].trim()));
                    start = i + 1;
                }
                _ => {}
            }
        }
        names.into_iter().filter(|n| !n.is_empty()).collect()
    } else {
        vec![ident(rest)]
    }
}

/// Module → the other top-level modules it imports.
fn edges() -> BTreeMap<String, Vec<(String, PathBuf)>> {
    let mut out: BTreeMap<String, Vec<(String, PathBuf)>> = BTreeMap::new();
    for file in rust_files(Path::new(SRC)) {
        let Some(module) = module_of(&file) else {
            continue;
        };
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        for (i, _) in code.match_indices("crate::") {
            for name in names_after_crate(&code[i + "crate::".len()..]) {
                let targets = out.entry(module.clone()).or_default();
                if name != module && !targets.iter().any(|(t, _)| *t == name) {
                    targets.push((name, file.clone()));
                }
            }
        }
    }
    out
}

/// The modules `lib.rs` declares, in its order.
fn declared_order() -> Vec<String> {
    let lib = std::fs::read_to_string(Path::new(SRC).join("lib.rs")).unwrap();
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';').to_string())
        .collect()
}

#[test]
fn modules_only_import_modules_declared_before_them() {
    let order = declared_order();
    let rank = |m: &str| order.iter().position(|o| o == m);
    let mut upward = Vec::new();
    for (module, targets) in edges() {
        let from = rank(&module).unwrap_or_else(|| panic!("`{module}` is not declared in lib.rs"));
        for (target, file) in targets {
            match rank(&target) {
                Some(to) if to < from => {}
                Some(_) => upward.push(format!("{module} → {target} ({})", file.display())),
                None => panic!("{}: imports unknown module `{target}`", file.display()),
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports of modules declared later in lib.rs (an upward edge or a cycle):\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_import_reader_sees_every_form() {
    let cases: &[(&str, &[&str])] = &[
        ("error::{Error, Result};", &["error"]),
        (
            "{audio::Mono, script::{Cue, Line}, week};",
            &["audio", "script", "week"],
        ),
        ("render::MissingClip,", &["render"]),
    ];
    for (rest, want) in cases {
        assert_eq!(names_after_crate(rest), *want, "{rest}");
    }
    let code =
        code_of("use a;\n// crate::week\nfn f() {} // crate::plan\n#[cfg(test)]\nuse crate::x;");
    assert!(!code.contains("crate::"), "{code}");
}

#[test]
fn audio_imports_nothing_from_the_rest_of_the_crate() {
    let targets = edges().remove("audio").unwrap_or_default();
    assert!(targets.is_empty(), "audio imports {targets:?}");
}

#[test]
fn clap_stays_in_the_binary() {
    for file in rust_files(Path::new(SRC)) {
        if module_of(&file).is_none() {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        assert!(!code.contains("clap"), "{}: uses clap", file.display());
    }
}

/// (length in lines, file, first line, name) of each function outside test code.
fn functions(file: &Path) -> Vec<(usize, usize, String)> {
    let code = code_of(&std::fs::read_to_string(file).unwrap());
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let t = t
            .strip_prefix("pub(crate) ")
            .or(t.strip_prefix("pub "))
            .unwrap_or(t);
        let Some(rest) = t.strip_prefix("fn ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let (mut depth, mut opened) = (0i64, false);
        for (j, l) in lines.iter().enumerate().skip(i) {
            let l = strip_literals(l);
            if !opened && l.contains(';') && !l.contains('{') {
                break;
            }
            depth += l.matches('{').count() as i64 - l.matches('}').count() as i64;
            opened |= l.contains('{');
            if opened && depth <= 0 {
                out.push((j - i + 1, i + 1, name.clone()));
                break;
            }
        }
    }
    out
}

/// A line with its string and char literals emptied, so braces inside them do not count.
fn strip_literals(line: &str) -> String {
    let (mut out, mut chars) = (String::new(), line.chars().peekable());
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '\'' if chars.clone().nth(1) == Some('\'') => {
                chars.nth(1);
            }
            '\'' if chars.peek() == Some(&'\\') => {
                chars.by_ref().take_while(|d| *d != '\'').for_each(drop);
            }
            _ => out.push(c),
        }
    }
    out
}

#[test]
fn no_function_runs_past_120_lines() {
    let mut long = Vec::new();
    for file in rust_files(Path::new(SRC)) {
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        for (len, line, name) in functions(&file) {
            if len > 120 {
                long.push(format!("{}:{line}: {name}: {len} lines", file.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over 120 lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_function_reader_measures_what_it_should() {
    let dir = std::env::temp_dir().join(format!("loaxa-arch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("x.rs");
    let body = "fn a() {\n    let s = \"{\";\n    let c = '}';\n}\nfn b();\npub fn c() {}\n";
    std::fs::write(&file, body).unwrap();
    let got = functions(&file);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(got, vec![(4, 1, "a".into()), (1, 6, "c".into())]);
}

#[test]
fn main_is_a_table_of_contents_and_files_stay_small() {
    let count = |p: &Path| std::fs::read_to_string(p).unwrap().lines().count();
    let main = count(&Path::new(SRC).join("main.rs"));
    assert!(main <= 150, "main.rs has {main} lines");
    let mut lengths: Vec<usize> = rust_files(Path::new(SRC))
        .iter()
        .map(|p| count(p))
        .collect();
    lengths.sort();
    let median = lengths[lengths.len() / 2];
    assert!(median <= 250, "median file length {median} lines");
}
