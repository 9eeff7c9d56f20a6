//! The binary's side of playout: `loaxa play` and `loaxa on-air`. It reads the clock, watches
//! the urgent folder, drives the library's pure scheduler and the sound device, and keeps the
//! as-run log. Without the `playout` feature only `on-air --simulate` works.

mod args;
mod simulate;
mod weeks;

#[cfg(feature = "playout")]
mod live;
#[cfg(feature = "playout")]
mod play;
#[cfg(feature = "playout")]
mod sound;
#[cfg(feature = "playout")]
mod urgent;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono_tz::Tz;

use loaxa::project::Project;

pub use args::OnAirArgs;
#[cfg(feature = "playout")]
pub use play::run as run_play;

/// The station on air, and where its weeks are.
pub struct Station {
    id: String,
    tz: Tz,
    /// `OUT/STATION/`.
    dir: PathBuf,
}

impl Station {
    fn load(project: &Project, file: Option<&Path>, output: &Path) -> loaxa::Result<Station> {
        let path = project.station_file(file)?;
        let file = loaxa::week::load_station(project, &path)?;
        Ok(Station {
            dir: output.join(&file.station.id),
            id: file.station.id,
            tz: file.tz,
        })
    }
}

/// `loaxa on-air`.
pub fn run_on_air(project: &Path, args: OnAirArgs) -> loaxa::Result<ExitCode> {
    let project = Project::open(project)?;
    let st = Station::load(&project, args.station.as_deref(), &args.output)?;
    if args.simulate {
        return simulate::run(&st, &args);
    }
    live(&st, &args)
}

#[cfg(feature = "playout")]
use live::run as live;

#[cfg(not(feature = "playout"))]
const NO_PLAYOUT: &str = "this loaxa was built without live playout; build it with `cargo build --release --features playout` (needs Debian's libasound2-dev), or use `on-air --simulate`";

#[cfg(not(feature = "playout"))]
fn live(_st: &Station, _args: &OnAirArgs) -> loaxa::Result<ExitCode> {
    Err(loaxa::Error::Playout {
        message: NO_PLAYOUT.into(),
    })
}

/// `loaxa play FILE`.
#[cfg(not(feature = "playout"))]
pub fn run_play(_file: &Path) -> loaxa::Result<ExitCode> {
    Err(loaxa::Error::Playout {
        message: NO_PLAYOUT.into(),
    })
}
