//! The content pack on disk: every `.md` file under `content/stories/` and `content/howtos/`,
//! read in path order, size-checked and parsed; an id used twice keeps its first item.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{parse_item, Item, Kind, Library, MAX_FILE_BYTES};
use crate::diagnostic::Diagnostic;

/// Reads every item under `root/content/`. Returns the valid items and all problems found.
pub fn load(root: &Path) -> (Library, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(
                Path::new("content"),
                None,
                "project",
                "no `content/` folder",
            )
            .with_hint("create content/stories/ and content/howtos/ with one .md file per item"),
        );
        return (Library::default(), diags);
    }
    let mut items = Vec::new();
    for (folder, kind) in [("stories", Kind::Story), ("howtos", Kind::Howto)] {
        let rel_dir = Path::new("content").join(folder);
        for path in md_files(&content.join(folder), &rel_dir, &mut diags) {
            let rel = rel_dir.join(path.file_name().unwrap_or_default());
            items.extend(load_file(&path, &rel, kind, &mut diags));
        }
    }
    drop_duplicate_ids(&mut items, &mut diags);
    items.sort_by(|a, b| a.id.cmp(&b.id));
    (Library { items }, diags)
}

/// The `.md` files of a folder, sorted; none when the folder is missing.
fn md_files(dir: &Path, rel_dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            let msg = format!("cannot read: {e}");
            diags.push(Diagnostic::error(rel_dir, None, "folder", msg));
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
}

/// Keeps the first item of each id (in path order) and flags the others.
fn drop_duplicate_ids(items: &mut Vec<Item>, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    items.retain(|item: &Item| {
        let Some(first) = seen.get(&item.id) else {
            seen.insert(item.id.clone(), item.source.clone());
            return true;
        };
        let msg = format!(
            "duplicate id `{}`, already used by {}",
            item.id,
            first.display()
        );
        diags.push(
            Diagnostic::error(&item.source, Some(item.id_line), "id", msg)
                .with_hint("every item needs its own id; rename the file or set `id`"),
        );
        false
    });
}

/// Reads and validates one file; pushes problems to `diags`.
pub fn load_file(
    path: &Path,
    rel: &Path,
    folder_kind: Kind,
    diags: &mut Vec<Diagnostic>,
) -> Option<Item> {
    let err = |msg: String| Diagnostic::error(rel, None, "file", msg);
    if let Ok(m) = std::fs::metadata(path) {
        if m.len() > MAX_FILE_BYTES {
            let msg = format!(
                "is {} KB; an item is at most {} KB",
                m.len() / 1024,
                MAX_FILE_BYTES / 1024
            );
            diags.push(err(msg).with_hint(
                "a six-minute programme is about 1,300 syllables; split long texts into several items",
            ));
            return None;
        }
    }
    match std::fs::read(path) {
        Ok(bytes) => parse_item(bytes, rel, folder_kind, diags),
        Err(e) => {
            diags.push(err(format!("cannot read: {e}")));
            None
        }
    }
}
