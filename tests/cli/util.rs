//! A temporary project, copied from the shipped demo, and a way to run `loaxa` in it.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// A copy of the demo project in a temporary folder.
pub struct TestProject {
    dir: tempfile::TempDir,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

impl TestProject {
    /// The demo project's content, scripts, schedules and settings (no audio).
    pub fn demo() -> TestProject {
        let dir = tempfile::tempdir().unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR"));
        for d in ["content", "scripts", "schedules"] {
            copy_dir(&src.join(d), &dir.path().join(d));
        }
        std::fs::copy(src.join("loaxa.toml"), dir.path().join("loaxa.toml")).unwrap();
        TestProject { dir }
    }

    /// The demo project with its audio assets.
    pub fn demo_with_audio() -> TestProject {
        let p = TestProject::demo();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("audio-assets"),
            &p.join("audio-assets"),
        );
        p
    }

    /// Keeps only the first `n` stories and `n` how-tos (by file name), to keep a test short.
    /// The demo's weekly bulletin, which names items that may be gone, goes too.
    pub fn keep_items(&self, n: usize) {
        let station = self.join("schedules/dinh-tan.toml");
        if let Ok(text) = std::fs::read_to_string(&station) {
            let cut = text.find("\n# The weekly bulletin").unwrap_or(text.len());
            std::fs::write(&station, format!("{}\n", &text[..cut])).unwrap();
        }
        for kind in ["stories", "howtos"] {
            let mut files: Vec<_> = std::fs::read_dir(self.join(&format!("content/{kind}")))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            for f in files.iter().skip(n) {
                std::fs::remove_file(f).unwrap();
            }
        }
    }

    /// The project folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the project.
    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file inside the project.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// Runs `loaxa ARGS --project DIR`.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::cargo_bin("loaxa")
            .unwrap()
            .args(args)
            .arg("--project")
            .arg(self.path())
            .output()
            .unwrap()
    }

    /// Runs `loaxa week -o OUT --week WEEK EXTRA…`.
    pub fn week(&self, out: &Path, week: &str, extra: &[&str]) -> Output {
        let mut args = vec!["week", "-o", out.to_str().unwrap(), "--week", week];
        args.extend_from_slice(extra);
        self.run(&args)
    }
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A minimal valid story front matter and body, with `extra` lines added to the front matter.
pub fn story(extra: &str) -> String {
    format!(
        "+++\ntitle = \"Thử\"\nkind = \"story\"\ntopic = \"khac\"\nsummary = \"Tóm tắt.\"\nplatforms = [\"Zalo\"]\npeople = [\"chị An\"]\nplace = {{ commune = \"xã A\", province = \"Hà Nam\" }}\nkey_point = \"nhớ nhé.\"\n{extra}+++\n\n## Bối cảnh\n\nMột.\n\n## Cách làm\n\nHai.\n\n## Kết quả\n\nBa.\n"
    )
}
