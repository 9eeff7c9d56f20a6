//! `loaxa measure`: duration, rate, channels, loudness, range and peaks of audio files, as a
//! table or JSON. A file that cannot be measured is named on standard error (exit 1).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::print::stdout_err;

#[derive(serde::Serialize)]
struct MeasureRow {
    file: String,
    duration_s: f64,
    sample_rate: u32,
    channels: usize,
    integrated_lufs: Option<f64>,
    lra_lu: f64,
    true_peak_dbtp: Option<f64>,
    sample_peak_dbfs: Option<f64>,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some((x * 100.0).round() / 100.0)
}

pub fn run(files: &[PathBuf], json: bool) -> loaxa::Result<ExitCode> {
    let mut rows = Vec::new();
    let mut failed = false;
    for f in files {
        match measure(f) {
            Ok(row) => rows.push(row),
            Err(e) => {
                eprintln!("{}: {e}", f.display());
                failed = true;
            }
        }
    }
    let mut out = io::stdout().lock();
    if json {
        let mut s = serde_json::to_string_pretty(&rows).unwrap_or_default();
        s.push('\n');
        out.write_all(s.as_bytes()).map_err(stdout_err)?;
    } else {
        table(&rows, &mut out).map_err(stdout_err)?;
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn measure(f: &Path) -> Result<MeasureRow, loaxa::audio::AudioError> {
    let d = loaxa::audio::decode::decode_file(f)?;
    let m = loaxa::audio::measure(&d.samples, d.channels, d.rate)?;
    Ok(MeasureRow {
        file: f.display().to_string(),
        duration_s: (d.seconds() * 1000.0).round() / 1000.0,
        sample_rate: d.rate,
        channels: d.channels,
        integrated_lufs: finite(m.integrated.0),
        lra_lu: finite(m.lra).unwrap_or(0.0),
        true_peak_dbtp: finite(m.true_peak.0),
        sample_peak_dbfs: finite(m.sample_peak.0),
    })
}

fn table(rows: &[MeasureRow], out: &mut impl Write) -> io::Result<()> {
    let show = |x: Option<f64>| x.map_or("-inf".to_string(), |v| format!("{v:.1}"));
    writeln!(
        out,
        "{:>9} {:>6} {:>3} {:>7} {:>5} {:>6} {:>6}  file",
        "duration", "rate", "ch", "LUFS", "LRA", "dBTP", "dBFS"
    )?;
    for r in rows {
        writeln!(
            out,
            "{:>8.2}s {:>6} {:>3} {:>7} {:>5.1} {:>6} {:>6}  {}",
            r.duration_s,
            r.sample_rate,
            r.channels,
            show(r.integrated_lufs),
            r.lra_lu,
            show(r.true_peak_dbtp),
            show(r.sample_peak_dbfs),
            r.file
        )?;
    }
    Ok(())
}
