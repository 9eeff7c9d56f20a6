//! `loaxa words`: the word clips a spoken date is assembled from, and whether each is recorded.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use loaxa::script::{self, RecordingRow};

use super::print::stdout_err;

pub fn run(project: &Path, csv: bool) -> loaxa::Result<ExitCode> {
    let root = project
        .canonicalize()
        .unwrap_or_else(|_| project.to_path_buf());
    let rows = script::word_rows(&root);
    let mut out = io::stdout().lock();
    if csv {
        out.write_all(script::render_recording_csv(&rows).as_bytes())
            .map_err(stdout_err)?;
    } else {
        table(&rows, &mut out).map_err(stdout_err)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn table(rows: &[RecordingRow], out: &mut impl Write) -> io::Result<()> {
    for r in rows {
        writeln!(
            out,
            "{:<9} {}  {}",
            if r.present { "present" } else { "missing" },
            r.clip.display(),
            r.text
        )?;
    }
    Ok(())
}
