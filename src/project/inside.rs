//! The one rule for "a path stays inside the project": a project-relative path to an existing
//! file, whose real location — once `..` and symbolic links are followed — lies under the
//! project folder. Absolute paths are refused, even ones that point into the project.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// Why [`inside_root`] refused a path. Its `Display` is the message users see.
#[derive(Debug, thiserror::Error)]
pub enum Outside {
    /// An absolute path.
    #[error("`{}` is an absolute path; name a file inside the project", .0.display())]
    Absolute(PathBuf),
    /// The path does not resolve (no such file, a dangling link, no permission).
    #[error("`{}`: {source}", .path.display())]
    Unresolved {
        /// The path as named.
        path: PathBuf,
        /// Why it does not resolve.
        source: std::io::Error,
    },
    /// The project folder itself does not resolve.
    #[error("project folder: {0}")]
    Root(std::io::Error),
    /// `..` or a symbolic link leads out of the project folder.
    #[error("`{}` leads outside the project folder", .0.display())]
    Escapes(PathBuf),
}

impl Outside {
    /// The same refusal as a command-stopping error about a path of the project at `root`.
    pub fn into_error(self, root: &Path) -> Error {
        match self {
            Outside::Absolute(path) | Outside::Escapes(path) => Error::OutsideProject {
                path,
                root: root.to_path_buf(),
            },
            Outside::Unresolved { path, source } => Error::Read {
                path: root.join(path),
                source,
            },
            Outside::Root(source) => Error::Read {
                path: root.to_path_buf(),
                source,
            },
        }
    }
}

/// Resolves `rel`, relative to the project folder `root`, to an existing file inside it and
/// returns its real path relative to the (real) project folder.
pub fn inside_root(root: &Path, rel: &Path) -> Result<PathBuf, Outside> {
    if rel.is_absolute() {
        return Err(Outside::Absolute(rel.to_path_buf()));
    }
    let real = root
        .join(rel)
        .canonicalize()
        .map_err(|source| Outside::Unresolved {
            path: rel.to_path_buf(),
            source,
        })?;
    let root_real = root.canonicalize().map_err(Outside::Root)?;
    match real.strip_prefix(&root_real) {
        Ok(inner) => Ok(inner.to_path_buf()),
        Err(_) => Err(Outside::Escapes(rel.to_path_buf())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_existing_relative_paths_that_stay_inside_pass() {
        let dir = std::env::temp_dir().join(format!("loaxa-inside-{}", std::process::id()));
        let root = dir.join("project");
        std::fs::create_dir_all(root.join("audio")).unwrap();
        std::fs::write(root.join("audio/a.mp3"), b"").unwrap();
        std::fs::write(dir.join("secret"), b"").unwrap();
        std::os::unix::fs::symlink(dir.join("secret"), root.join("link.mp3")).unwrap();
        std::os::unix::fs::symlink("audio/a.mp3", root.join("inner.mp3")).unwrap();
        // (path, Ok(relative result) or Err(message start))
        let cases: [(&str, Result<&str, &str>); 7] = [
            ("audio/a.mp3", Ok("audio/a.mp3")),
            ("audio/../audio/a.mp3", Ok("audio/a.mp3")),
            ("inner.mp3", Ok("audio/a.mp3")),
            ("../secret", Err("`../secret` leads outside")),
            ("link.mp3", Err("`link.mp3` leads outside")),
            ("audio/none.mp3", Err("`audio/none.mp3`: No such file")),
            ("/etc/passwd", Err("`/etc/passwd` is an absolute path")),
        ];
        for (rel, want) in cases {
            let got = inside_root(&root, Path::new(rel)).map_err(|e| e.to_string());
            match (got, want) {
                (Ok(p), Ok(w)) => assert_eq!(p, Path::new(w), "{rel}"),
                (Err(m), Err(w)) => assert!(m.starts_with(w), "{rel}: {m}"),
                (got, _) => panic!("{rel}: {got:?}"),
            }
        }
        let abs = root.canonicalize().unwrap().join("audio/a.mp3");
        assert!(matches!(
            inside_root(&root, &abs),
            Err(Outside::Absolute(_))
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
