//! Week folder tests on a temporary directory: comparing a folder with the files of a week,
//! clearing what a killed run left, and the swap (which keeps playout's as-run log).

use std::path::Path;

use super::*;
use crate::output::as_run::{AS_RUN, ON_AIR_MARK};

const WEEK: &str = "2026-W50";

fn put(dir: &Path, name: &str, bytes: &[u8]) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn bytes(b: &[u8]) -> Origin {
    Origin::Bytes(b.to_vec())
}

fn files(entries: &[(&str, Origin)]) -> Files {
    entries
        .iter()
        .map(|(n, s)| (n.to_string(), s.clone()))
        .collect()
}

/// Every file under `dir`, relative, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut names = Vec::new();
    let mut out = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().to_string_lossy().into());
            }
        }
    }
    walk(dir, dir, &mut names);
    for n in names {
        let b = std::fs::read(dir.join(&n)).unwrap();
        out.insert(n, b);
    }
    out
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn same_folder_compares_names_and_bytes_but_not_the_kept_files() {
    let src = tempfile::tempdir().unwrap();
    put(src.path(), "same.mp3", b"abc");
    put(src.path(), "other.mp3", b"abd");
    let same = Origin::Copy(src.path().join("same.mp3"));
    let other = Origin::Copy(src.path().join("other.mp3"));
    let gone = Origin::Copy(src.path().join("gone.mp3"));
    type Case<'a> = (
        &'a str,
        &'a [(&'a str, &'a [u8])],
        Vec<(&'a str, Origin)>,
        bool,
    );
    let cases: Vec<Case> = vec![
        (
            "identical",
            &[("a.txt", b"1")],
            vec![("a.txt", bytes(b"1"))],
            true,
        ),
        (
            "other bytes",
            &[("a.txt", b"1")],
            vec![("a.txt", bytes(b"2"))],
            false,
        ),
        (
            "extra file",
            &[("a.txt", b"1"), ("b.txt", b"2")],
            vec![("a.txt", bytes(b"1"))],
            false,
        ),
        (
            "missing file",
            &[("a.txt", b"1")],
            vec![("a.txt", bytes(b"1")), ("b.txt", bytes(b"2"))],
            false,
        ),
        (
            "renamed file",
            &[("a.txt", b"1")],
            vec![("b.txt", bytes(b"1"))],
            false,
        ),
        (
            "nested",
            &[("slots/x.mp3", b"abc")],
            vec![("slots/x.mp3", bytes(b"abc"))],
            true,
        ),
        (
            "copy, same bytes",
            &[("p.mp3", b"abc")],
            vec![("p.mp3", same.clone())],
            true,
        ),
        (
            "copy, other bytes",
            &[("p.mp3", b"abc")],
            vec![("p.mp3", other)],
            false,
        ),
        (
            "copy, source gone",
            &[("p.mp3", b"abc")],
            vec![("p.mp3", gone)],
            false,
        ),
        (
            "as-run log kept",
            &[("a.txt", b"1"), (AS_RUN, b"log")],
            vec![("a.txt", bytes(b"1"))],
            true,
        ),
        (
            "on-air mark kept",
            &[("a.txt", b"1"), (ON_AIR_MARK, b"")],
            vec![("a.txt", bytes(b"1"))],
            true,
        ),
        ("empty both", &[], vec![], true),
    ];
    for (name, present, wanted, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        for (f, b) in present {
            put(dir.path(), f, b);
        }
        assert_eq!(same_folder(dir.path(), &files(&wanted)), expected, "{name}");
    }
}

#[test]
fn a_missing_folder_is_never_the_same() {
    let dir = tempfile::tempdir().unwrap();
    assert!(!same_folder(&dir.path().join("nope"), &files(&[])));
}

#[test]
fn same_file_bytes_compares_whole_files_in_chunks() {
    let big = vec![7u8; (1 << 16) * 2 + 5];
    let mut big_changed_at_end = big.clone();
    *big_changed_at_end.last_mut().unwrap() = 8;
    let cases: Vec<(&str, &[u8], &[u8], bool)> = vec![
        ("equal", b"hello", b"hello", true),
        ("both empty", b"", b"", true),
        ("longer", b"hello", b"hello!", false),
        ("same length, other bytes", b"hello", b"hellp", false),
        ("big, equal", &big, &big, true),
        ("big, last byte differs", &big, &big_changed_at_end, false),
    ];
    for (name, a, b, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        put(dir.path(), "a", a);
        put(dir.path(), "b", b);
        let (pa, pb) = (dir.path().join("a"), dir.path().join("b"));
        assert_eq!(same_file_bytes(&pa, &pb), expected, "{name}");
    }
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "a", b"x");
    assert!(!same_file_bytes(
        &dir.path().join("a"),
        &dir.path().join("missing")
    ));
    assert!(!same_file_bytes(
        &dir.path().join("missing"),
        &dir.path().join("a")
    ));
}

#[test]
fn recover_clears_temporary_folders_of_this_week_only() {
    let station = tempfile::tempdir().unwrap();
    let s = station.path();
    put(s, &format!(".{WEEK}.tmp-123/plan.json"), b"half");
    put(s, ".2026-W51.tmp-123/plan.json", b"other week");
    put(s, &format!("{WEEK}/plan.json"), b"current");
    recover(s, &s.join(WEEK), WEEK);
    assert_eq!(entries(s), vec![".2026-W51.tmp-123", WEEK]);
    assert_eq!(
        std::fs::read(s.join(WEEK).join("plan.json")).unwrap(),
        b"current"
    );
}

#[test]
fn recover_puts_back_a_week_moved_aside_for_a_swap() {
    let station = tempfile::tempdir().unwrap();
    let s = station.path();
    put(s, &format!(".{WEEK}.old-9/plan.json"), b"old");
    recover(s, &s.join(WEEK), WEEK);
    assert_eq!(entries(s), vec![WEEK]);
    assert_eq!(
        std::fs::read(s.join(WEEK).join("plan.json")).unwrap(),
        b"old"
    );
}

#[test]
fn recover_drops_a_moved_aside_week_once_the_new_one_is_in_place() {
    let station = tempfile::tempdir().unwrap();
    let s = station.path();
    put(s, &format!(".{WEEK}.old-9/plan.json"), b"old");
    put(s, &format!("{WEEK}/plan.json"), b"new");
    recover(s, &s.join(WEEK), WEEK);
    assert_eq!(entries(s), vec![WEEK]);
    assert_eq!(
        std::fs::read(s.join(WEEK).join("plan.json")).unwrap(),
        b"new"
    );
}

#[test]
fn recover_without_a_station_folder_does_nothing() {
    let station = tempfile::tempdir().unwrap();
    let s = station.path().join("missing");
    recover(&s, &s.join(WEEK), WEEK);
    assert!(!s.exists());
}

#[test]
fn write_folder_replaces_the_week_and_keeps_the_as_run_log() {
    let station = tempfile::tempdir().unwrap();
    let s = station.path();
    let cache = tempfile::tempdir().unwrap();
    put(cache.path(), "slot.mp3", b"mix");
    put(s, &format!("{WEEK}/stale.txt"), b"from an older plan");
    put(s, &format!("{WEEK}/{AS_RUN}"), b"aired");
    let week = files(&[
        ("plan.json", bytes(b"{}")),
        ("slots/a.mp3", Origin::Copy(cache.path().join("slot.mp3"))),
    ]);
    write_folder(s, &s.join(WEEK), WEEK, &week).unwrap();
    let got = tree(&s.join(WEEK));
    let want: BTreeMap<String, Vec<u8>> = [
        (AS_RUN.to_string(), b"aired".to_vec()),
        ("plan.json".into(), b"{}".to_vec()),
        ("slots/a.mp3".into(), b"mix".to_vec()),
    ]
    .into_iter()
    .collect();
    assert_eq!(got, want);
    assert_eq!(entries(s), vec![WEEK], "no temporary or old folder is left");
    assert!(same_folder(&s.join(WEEK), &week));
}

#[test]
fn a_file_of_the_week_wins_over_a_kept_file_of_the_same_name() {
    let station = tempfile::tempdir().unwrap();
    let s = station.path();
    put(s, &format!("{WEEK}/{AS_RUN}"), b"old log");
    let week = files(&[(AS_RUN, bytes(b"new log"))]);
    write_folder(s, &s.join(WEEK), WEEK, &week).unwrap();
    assert_eq!(
        std::fs::read(s.join(WEEK).join(AS_RUN)).unwrap(),
        b"new log"
    );
}

#[test]
fn a_failed_write_leaves_the_old_week_and_no_temporary_folder() {
    let station = tempfile::tempdir().unwrap();
    let s = station.path();
    put(s, &format!("{WEEK}/plan.json"), b"old");
    let week = files(&[
        ("a.txt", bytes(b"1")),
        ("z.mp3", Origin::Copy(s.join("no-such-file.mp3"))),
    ]);
    assert!(write_folder(s, &s.join(WEEK), WEEK, &week).is_err());
    assert_eq!(entries(s), vec![WEEK]);
    assert_eq!(tree(&s.join(WEEK)).len(), 1);
    assert_eq!(
        std::fs::read(s.join(WEEK).join("plan.json")).unwrap(),
        b"old"
    );
}

#[cfg(unix)]
#[test]
fn store_writes_a_new_week_and_leaves_an_identical_one_alone() {
    let out = tempfile::tempdir().unwrap();
    let folder = WeekFolder::new(out.path().join("station"), WEEK.into());
    assert_eq!(folder.dir, out.path().join("station").join(WEEK));
    let week = files(&[("plan.json", bytes(b"{}"))]);
    folder.store(&week).unwrap();
    assert!(same_folder(&folder.dir, &week));
    // An identical week is not swapped: the folder stays the same directory.
    put(&folder.dir, ON_AIR_MARK, b"");
    let inode = |d: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(d).unwrap());
    let before = inode(&folder.dir);
    folder.store(&week).unwrap();
    assert_eq!(inode(&folder.dir), before);
    let changed = files(&[("plan.json", bytes(b"{\"x\":1}"))]);
    folder.store(&changed).unwrap();
    assert_ne!(inode(&folder.dir), before, "swapped");
    assert_eq!(
        std::fs::read(folder.dir.join("plan.json")).unwrap(),
        b"{\"x\":1}"
    );
    assert!(
        folder.dir.join(ON_AIR_MARK).is_file(),
        "kept across the swap"
    );
}

#[test]
fn recover_through_the_week_folder() {
    let out = tempfile::tempdir().unwrap();
    let folder = WeekFolder::new(out.path().to_path_buf(), WEEK.into());
    put(out.path(), &format!(".{WEEK}.tmp-1/x"), b"");
    folder.recover();
    assert!(entries(out.path()).is_empty());
}
