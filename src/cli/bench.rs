//! `loaxa bench-week`: the benchmark kit's programmes, timed, with one summary line.

use std::path::Path;
use std::process::ExitCode;

use loaxa::render::kit;

pub fn run(kit_file: &Path, jobs: Option<usize>, out: &Path) -> loaxa::Result<ExitCode> {
    let w = kit::load(kit_file)?;
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    // The binary reads the clock: the wall time is the benchmark's result.
    let started = std::time::Instant::now();
    let reports = kit::render_week(&w, out, jobs)?;
    let secs: f64 = reports.iter().map(|r| r.seconds).sum();
    let wall = started.elapsed().as_secs_f64();
    let (lo, hi) = reports.iter().fold((f64::MAX, f64::MIN), |(lo, hi), r| {
        (lo.min(r.mp3.integrated.0), hi.max(r.mp3.integrated.0))
    });
    let tp = reports
        .iter()
        .map(|r| r.mp3.true_peak.0)
        .fold(f64::MIN, f64::max);
    let encodes: usize = reports.iter().map(|r| r.encodes).sum();
    let limiter: usize = reports.iter().map(|r| r.limiter_runs).sum();
    println!(
        "{} programmes, {secs:.0} s of audio in {wall:.1} s ({:.0}x real time), MP3 {lo:.1} to {hi:.1} LUFS, true peak max {tp:.1} dBTP; {encodes} encodes, {limiter} limiter runs → {}",
        reports.len(),
        secs / wall.max(1e-9),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
