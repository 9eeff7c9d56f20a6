//! What makes a programme reusable: the SHA-256 of its inputs (script, asset bytes, profile,
//! format, tags, engine version), and `render.json`, the record of what was rendered.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::script::Script;

use super::clips::Need;
use super::{ProgrammeReport, RenderManifest, RenderOptions, ENGINE_VERSION};

/// SHA-256 as lower-case hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// A digest in lower-case hex.
fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of a file, read in chunks, in hex: the same as [`sha256_hex`] of its bytes.
pub fn sha256_file(path: &Path) -> Result<String> {
    let err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut f = std::fs::File::open(path).map_err(err)?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h).map_err(err)?;
    Ok(hex(&h.finalize()))
}

/// The cache key of one programme.
pub(crate) fn input_hash(
    script: &Script,
    needs: &[Need],
    asset_hashes: &HashMap<PathBuf, String>,
    opts: &RenderOptions,
    summary: &str,
) -> String {
    let mut h = Sha256::new();
    h.update(ENGINE_VERSION);
    h.update(serde_json::to_vec(opts.profile).unwrap_or_default());
    h.update(serde_json::to_vec(opts.audio).unwrap_or_default());
    h.update(opts.format.ext());
    h.update(format!("{:?}", opts.missing));
    h.update(format!("{:?}{}", opts.tags, summary));
    h.update(serde_json::to_vec(script).unwrap_or_default());
    for n in needs {
        h.update(n.path().to_string_lossy().as_bytes());
        h.update(
            asset_hashes
                .get(n.path())
                .map(String::as_str)
                .unwrap_or("?"),
        );
    }
    hex(&h.finalize())
}

/// Reads `render.json` from a folder, if there is a valid one.
pub fn read_manifest(out_dir: &Path) -> RenderManifest {
    std::fs::read(out_dir.join("render.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// The report of an earlier render of the same programme with the same inputs, if its file is
/// still there, byte for byte.
pub(crate) fn reusable(
    previous: &RenderManifest,
    id: &str,
    key: &str,
    opts: &RenderOptions,
) -> Option<ProgrammeReport> {
    let old = previous.items.iter().find(|r| {
        r.id == id
            && r.profile == opts.profile_name
            && r.format == opts.format.ext()
            && r.input_hash == key
    })?;
    let bytes = std::fs::read(opts.out_dir.join(&old.file)).ok()?;
    (sha256_hex(&bytes) == old.sha256).then(|| old.clone())
}

/// Merges this run's reports into `render.json` (sorted by item, profile and format).
pub(crate) fn write_manifest(
    mut manifest: RenderManifest,
    reports: &[ProgrammeReport],
    out_dir: &Path,
) -> Result<()> {
    manifest.engine = ENGINE_VERSION.to_string();
    manifest.items.retain(|old| {
        !reports
            .iter()
            .any(|r| r.id == old.id && r.profile == old.profile && r.format == old.format)
    });
    manifest.items.extend(reports.iter().cloned());
    manifest
        .items
        .sort_by(|a, b| (&a.id, &a.profile, &a.format).cmp(&(&b.id, &b.profile, &b.format)));
    let mut json = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    json.push('\n');
    crate::atomic::write(&out_dir.join("render.json"), json.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_a_file_is_that_of_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [("empty", vec![]), ("big", vec![7u8; 200_000])] {
            let p = dir.path().join(name);
            std::fs::write(&p, &bytes).unwrap();
            assert_eq!(sha256_file(&p).unwrap(), sha256_hex(&bytes), "{name}");
        }
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
