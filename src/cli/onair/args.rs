//! The flags of `loaxa on-air`.

use std::path::PathBuf;

use clap::Args;

#[derive(Args)]
pub struct OnAirArgs {
    /// The station file (default: the only one in schedules/).
    #[arg(long, value_name = "FILE")]
    pub station: Option<PathBuf>,
    /// Play only this ISO week (default: the week under way, then the next).
    #[arg(long)]
    pub week: Option<String>,
    /// Output root, where `loaxa week` wrote OUT/STATION/YYYY-Www/.
    #[arg(short, long, default_value = "out", value_name = "DIR")]
    pub output: PathBuf,
    /// Run on a simulated clock, without a sound device, and write the as-run log.
    #[arg(long)]
    pub simulate: bool,
    /// Simulation start: `2026-11-30T05:00` (station time) or RFC 3339 (default: the week's start).
    #[arg(long, value_name = "DATETIME", requires = "simulate")]
    pub from: Option<String>,
    /// Simulation end (default: the week's end).
    #[arg(long, value_name = "DATETIME", requires = "simulate")]
    pub until: Option<String>,
    /// An emergency file arriving during the simulation, `DATETIME=FILE` (repeatable).
    #[arg(
        long = "urgent-at",
        value_name = "DATETIME=FILE",
        requires = "simulate"
    )]
    pub urgent_at: Vec<String>,
    /// Write the simulated log here instead of each week folder's as-run.csv.
    #[arg(long, value_name = "FILE", requires = "simulate")]
    pub log: Option<PathBuf>,
    /// Also send what airs to this Icecast2 mount, e.g. http://127.0.0.1:8000/xa.mp3 (the
    /// source password comes from LOAXA_ICECAST_PASSWORD or --icecast-password-file).
    #[arg(long, value_name = "URL", conflicts_with = "simulate")]
    pub icecast: Option<String>,
    /// A file holding the Icecast source password (its first line).
    #[arg(long, value_name = "FILE", requires = "icecast")]
    pub icecast_password_file: Option<PathBuf>,
    /// Play to Icecast only, without a sound card (needs --icecast).
    #[arg(long, requires = "icecast")]
    pub no_device: bool,
}
