//! The week sheet and the Zalo page in headless Chromium: every player's source loads, the
//! Vietnamese text is there, and printing gives A4 pages.
//!
//! Needs Debian's `chromium` (`.ci/run` installs it and sets `LOAXA_REQUIRE_CHROMIUM=1`). Without
//! it the test says so and passes, unless that variable is set.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{stderr, TestProject};

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        })
}

fn headless(chrome: &Path, profile: &Path, args: &[&str]) -> std::process::Output {
    Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn week_sheet_and_zalo_page_load_render_and_print_on_a4() {
    let Some(chrome) = chromium() else {
        assert!(
            std::env::var_os("LOAXA_REQUIRE_CHROMIUM").is_none(),
            "LOAXA_REQUIRE_CHROMIUM is set but chromium is not installed"
        );
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
        return;
    };
    let p = TestProject::demo_with_audio();
    // One short slot keeps the test quick; the station keeps its recorded greeting.
    let station = std::fs::read_to_string(p.join("schedules/dinh-tan.toml")).unwrap();
    let cut = station.find("[[slot]]").unwrap();
    let small = format!("{}[[slot]]\nid = \"sang\"\nname = \"Phát thanh buổi sáng\"\ncron = \"30 5 * * 1\"\nlength = \"8m\"\n\n[rules]\nairings_per_item = 1\nmax_items_per_slot = 2\n", &station[..cut]);
    p.write("schedules/dinh-tan.toml", small);
    let out = p.run(&[
        "week",
        "--week",
        "2026-W50",
        "-o",
        p.join("out").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let week = p.join("out/dinh-tan/2026-W50");
    let profile = tempfile::tempdir().unwrap();
    for (page, players, texts) in [
        (
            "week.html",
            1,
            &[
                "Lịch phát thanh tuần 2026-W50",
                "Thứ Hai, ngày 07/12/2026",
                "Đài truyền thanh xã Định Tân",
            ][..],
        ),
        (
            "zalo/index.html",
            1,
            &["Bài gửi nhóm Zalo", "Chép chú thích", "#LangSo"][..],
        ),
    ] {
        let url = format!("file://{}?check", week.join(page).display());
        let dom = headless(
            &chrome,
            profile.path(),
            &["--virtual-time-budget=15000", "--dump-dom", &url],
        );
        let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
        let audio = dom.matches("<audio").count();
        assert!(audio >= players, "{page}: {audio} players");
        assert_eq!(
            dom.matches("data-state=\"ok\"").count(),
            audio,
            "{page}: every player's source loads\n{dom}"
        );
        for t in texts {
            assert!(dom.contains(t), "{page}: {t}");
        }
    }
    let pdf = profile.path().join("week.pdf");
    let url = format!("file://{}", week.join("week.html").display());
    headless(
        &chrome,
        profile.path(),
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &url,
        ],
    );
    let bytes = std::fs::read(&pdf).expect("chromium printed the week sheet");
    let text = String::from_utf8_lossy(&bytes);
    let boxes: Vec<&str> = text
        .match_indices("/MediaBox")
        .map(|(i, _)| &text[i..(i + 60).min(text.len())])
        .collect();
    assert!(!boxes.is_empty());
    for b in boxes {
        let nums: Vec<f64> = b
            .split(['[', ']'])
            .nth(1)
            .unwrap()
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        assert!(
            (nums[2] - 595.0).abs() < 2.0 && (nums[3] - 842.0).abs() < 2.0,
            "A4 is 595 × 842 pt: {b}"
        );
    }
}
