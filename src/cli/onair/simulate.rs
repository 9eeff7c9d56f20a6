//! `loaxa on-air --simulate`: the week's airings on a simulated clock, without a sound device,
//! with the as-run log written as the live run would write it.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use chrono::{DateTime, Utc};

use loaxa::output::as_run::{self, AsRunRow};
use loaxa::playout::{self, SimulatedUrgent, Slot};
use loaxa::schedule::Week;
use loaxa::{atomic, Error};

use super::weeks::{load_weeks, parse_time, parse_week, week_start, weeks_between};
use super::{OnAirArgs, Station};
use crate::cli::flag_error;
use crate::cli::print::stdout_err;

pub fn run(st: &Station, args: &OnAirArgs) -> loaxa::Result<ExitCode> {
    let week = args.week.as_deref().map(parse_week).transpose()?;
    let (from, until) = span(st, args, week)?;
    let urgent = urgent_files(&args.urgent_at, st)?;
    let weeks = week.map_or_else(|| weeks_between(from, until, st.tz), |w| vec![w]);
    let slots = load_weeks(&st.dir, &weeks, &mut |w| eprintln!("loaxa: warning: {w}"))?;
    if slots.is_empty() {
        return Err(Error::Playout {
            message: format!(
                "nothing planned for {} between {} and {}",
                st.id,
                from.with_timezone(&st.tz),
                until.with_timezone(&st.tz)
            ),
        });
    }
    let rows = play(slots, st, (from, until), &urgent);
    let logs = write_logs(&rows, args.log.as_deref())?;
    let mut out = io::stdout().lock();
    writeln!(out, "{}", as_run::AS_RUN_HEADER).map_err(stdout_err)?;
    for r in &rows {
        writeln!(out, "{}", r.csv_line()).map_err(stdout_err)?;
    }
    for (file, rows) in &logs {
        eprintln!("loaxa: {} rows → {}", rows.len(), file.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// `--from` and `--until`, each defaulting to the ends of `--week`.
fn span(
    st: &Station,
    args: &OnAirArgs,
    week: Option<Week>,
) -> loaxa::Result<(DateTime<Utc>, DateTime<Utc>)> {
    let from = match (&args.from, week) {
        (Some(f), _) => parse_time("--from", f, st.tz)?,
        (None, Some(w)) => week_start(w, st.tz).ok_or_else(|| flag_error("--week", "no start"))?,
        (None, None) => {
            return Err(flag_error(
                "--from",
                "a simulation needs --from and --until, or --week",
            ))
        }
    };
    let until = match (&args.until, week) {
        (Some(u), _) => parse_time("--until", u, st.tz)?,
        (None, Some(w)) => {
            week_start(w.next(), st.tz).ok_or_else(|| flag_error("--week", "no end"))?
        }
        (None, None) => {
            return Err(flag_error(
                "--until",
                "a simulation needs --until (or --week)",
            ))
        }
    };
    if until <= from {
        return Err(flag_error("--until", "must come after --from"));
    }
    Ok((from, until))
}

/// `--urgent-at DATETIME=FILE`, each.
fn urgent_files(specs: &[String], st: &Station) -> loaxa::Result<Vec<SimulatedUrgent>> {
    specs
        .iter()
        .map(|u| {
            let (t, f) = u
                .split_once('=')
                .ok_or_else(|| flag_error("--urgent-at", format!("`{u}`: write DATETIME=FILE")))?;
            Ok(SimulatedUrgent {
                at: parse_time("--urgent-at", t, st.tz)?,
                file: PathBuf::from(f),
            })
        })
        .collect()
}

/// The airings. How long each file plays: decoded whole, once, as the live run would; the
/// files that cannot play are named on standard error.
fn play(
    slots: Vec<Slot>,
    st: &Station,
    (from, until): (DateTime<Utc>, DateTime<Utc>),
    urgent: &[SimulatedUrgent],
) -> Vec<AsRunRow> {
    let mut known: HashMap<PathBuf, Result<Duration, String>> = HashMap::new();
    let mut length = |p: &Path| -> Result<Duration, String> {
        known
            .entry(p.to_path_buf())
            .or_insert_with(|| {
                loaxa::audio::decode::ChunkDecoder::open(p)
                    .and_then(|s| s.check())
                    .map(Duration::from_secs_f64)
                    .map_err(|e| format!("{}: {e}", p.display()))
            })
            .clone()
    };
    let rows = playout::simulate(slots, st.tz, from, until, urgent, &mut length);
    for (p, r) in &known {
        if let Err(e) = r {
            eprintln!("loaxa: warning: cannot play {}: {e}", p.display());
        }
    }
    rows
}

/// Each week folder's as-run.csv, or all rows into `--log FILE`. A folder whose log records
/// real airings is refused.
fn write_logs<'r>(
    rows: &'r [AsRunRow],
    log: Option<&Path>,
) -> loaxa::Result<BTreeMap<PathBuf, Vec<&'r AsRunRow>>> {
    let mut by_file: BTreeMap<PathBuf, Vec<&AsRunRow>> = BTreeMap::new();
    for r in rows {
        let file = log.map_or_else(|| r.folder.join(as_run::AS_RUN), Path::to_path_buf);
        by_file.entry(file).or_default().push(r);
    }
    for (file, rows) in &by_file {
        let real = file
            .parent()
            .is_some_and(|dir| dir.join(as_run::ON_AIR_MARK).exists());
        if log.is_none() && real {
            return Err(Error::Playout {
                message: format!(
                    "{} holds real airings; pass --log FILE to write the simulation elsewhere",
                    file.display()
                ),
            });
        }
        atomic::write(file, as_run::as_run_text(None, rows).as_bytes())?;
    }
    Ok(by_file)
}
