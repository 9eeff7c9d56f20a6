//! `loaxa week`: plan and build one station's week, or every station of a folder, with a
//! summary line per station (and with `--explain`, why each item sits where it does).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use loaxa::content::Library;
use loaxa::diagnostic::error_count;
use loaxa::project::Project;
use loaxa::schedule::{StationFile, Week};
use loaxa::week::{self, WeekReport, WeekRequest};
use loaxa::Error;
use rayon::prelude::*;

use super::args::WeekArgs;
use super::flag_error;
use super::print::{self, stdout_err};

pub fn run(project: &Path, args: WeekArgs) -> loaxa::Result<ExitCode> {
    let mut project = Project::open(project)?;
    project.demo = args.demo;
    let stations = station_files(&project, &args)?;
    let (library, diags) = loaxa::content::load(&project.root);
    if error_count(&diags) > 0 {
        print::diagnostics(&diags);
        return Err(Error::Invalid {
            count: error_count(&diags),
        });
    }
    let mut out = io::stdout().lock();
    if stations.is_empty() {
        // A shard of a small province may have no station of its own.
        return Ok(ExitCode::SUCCESS);
    }
    if let [one] = stations.as_slice() {
        build_station(&project, &library, one, &args, &mut out)?;
        return Ok(ExitCode::SUCCESS);
    }
    // A province: the first station alone (it fills the shared caches: programmes, slot
    // pieces), then the others side by side; each summary printed in name order.
    let bar = print::progress_bar(stations.len(), "stations");
    let one = |path: &PathBuf| {
        let r = build_quietly(&project, &library, path, &args);
        if let Some(b) = &bar {
            b.inc(1);
        }
        r
    };
    let mut built: Vec<loaxa::Result<(StationFile, WeekReport)>> = vec![one(&stations[0])];
    built.extend(stations[1..].par_iter().map(one).collect::<Vec<_>>());
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    for b in built {
        let (station, report) = b?;
        print::diagnostics(&report.warnings);
        summary(&station, &report, args.explain, &mut out).map_err(stdout_err)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One station's week, without a progress bar of its own.
fn build_quietly(
    project: &Project,
    library: &Library,
    path: &Path,
    args: &WeekArgs,
) -> loaxa::Result<(StationFile, WeekReport)> {
    let station = week::load_station(project, path)?;
    let week = week_of(args.week.as_deref(), &station)?;
    let req = request(project, library, path, week, args);
    let report = week::build(&req, &station, &|_| {})?;
    Ok((station, report))
}

/// What to build for one station.
fn request<'a>(
    project: &'a Project,
    library: &'a Library,
    path: &'a Path,
    week: Week,
    args: &'a WeekArgs,
) -> WeekRequest<'a> {
    WeekRequest {
        project,
        library,
        station_path: path,
        week,
        out_root: &args.output,
        cache_root: args.cache.as_deref(),
        missing: args.missing.into(),
        no_mix: args.no_mix,
        full_mix: args.full_mix,
        ip_base_url: args.base_url.as_deref(),
    }
}

/// `--stations DIR`: its station files, sorted (with `--shard K/N`, every Nth from the Kth);
/// else the one station file.
fn station_files(project: &Project, args: &WeekArgs) -> loaxa::Result<Vec<PathBuf>> {
    let Some(dir) = args.stations.as_ref().filter(|_| args.station.is_none()) else {
        return Ok(vec![project.station_file(args.station.as_deref())?]);
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| Error::Read {
            path: dir.clone(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    if let Some((k, n)) = args.shard {
        files = files
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % n == k - 1)
            .map(|(_, f)| f)
            .collect();
    }
    Ok(files)
}

fn build_station(
    project: &Project,
    library: &Library,
    path: &Path,
    args: &WeekArgs,
    out: &mut impl Write,
) -> loaxa::Result<()> {
    let station = week::load_station(project, path)?;
    let week = week_of(args.week.as_deref(), &station)?;
    let bar = print::progress_bar(8, &format!("{} {week}", station.station.id));
    let req = request(project, library, path, week, args);
    let report = week::build(&req, &station, &|step| {
        if let Some(b) = &bar {
            b.set_message(step.to_string());
            b.inc(1);
        }
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    print::diagnostics(&report.warnings);
    summary(&station, &report, args.explain, out).map_err(stdout_err)
}

/// `--week`, else the binary reads the clock: the next ISO week in the station's time zone.
fn week_of(asked: Option<&str>, station: &StationFile) -> loaxa::Result<Week> {
    match asked {
        Some(w) => w.parse::<Week>().map_err(|m| flag_error("--week", m)),
        None => Ok(Week::of(chrono::Utc::now().with_timezone(&station.tz).date_naive()).next()),
    }
}

fn summary(
    station: &StationFile,
    report: &WeekReport,
    explain: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    let filled = report
        .plan
        .slots
        .iter()
        .filter(|s| !s.entries.is_empty())
        .count();
    writeln!(
        out,
        "{}: {} slots ({} with items), {} programmes aired, {} rendered, {} reused → {}",
        station.station.id,
        report.plan.slots.len(),
        filled,
        report.plan.aired.len(),
        report.rendered,
        report.reused,
        report.folder.display()
    )?;
    let f = report.slot_files;
    if f.joined + f.mixed + f.cached > 0 {
        writeln!(
            out,
            "  slot files: {} joined of pieces, {} mixed in full, {} unchanged",
            f.joined, f.mixed, f.cached
        )?;
    }
    for n in &report.plan.notes {
        writeln!(out, "  note: {n}")?;
    }
    if explain {
        for line in &report.explain {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}
