//! The binary's side of playout: `loaxa play` and `loaxa on-air`. It reads the clock, watches
//! the urgent folder, drives the library's pure scheduler, the sound device and the Icecast
//! feed, and keeps the as-run log. Without the `playout` feature there is no sound card:
//! `on-air --simulate` and `on-air --no-device --icecast URL` work.

mod args;
mod feed;
mod live;
mod outputs;
mod probe;
mod simulate;
mod urgent;
mod weeks;

#[cfg(feature = "playout")]
mod play;
#[cfg(feature = "playout")]
mod sound;

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
    name: String,
    tz: Tz,
    /// `OUT/STATION/`.
    dir: PathBuf,
    /// The slot profile's rate and MP3 bit rate, for the Icecast feed.
    rate: u32,
    kbps: u32,
}

impl Station {
    fn load(project: &Project, file: Option<&Path>, output: &Path) -> loaxa::Result<Station> {
        let path = project.station_file(file)?;
        let file = loaxa::week::load_station(project, &path)?;
        let profile_name = file
            .slots
            .first()
            .map_or("loudspeaker", |s| s.profile.as_str());
        let profile = project.config.profile.get(profile_name);
        Ok(Station {
            dir: output.join(&file.station.id),
            id: file.station.id,
            name: file.station.name,
            tz: file.tz,
            rate: profile.map_or(44_100, |p| p.rate),
            kbps: profile.map_or(96, |p| p.mp3_kbps),
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
    check_device(&args)?;
    let feed = match &args.icecast {
        Some(url) => Some(start_feed(
            &st,
            url,
            args.icecast_password_file.as_deref(),
            args.no_device,
        )?),
        None => None,
    };
    live::run(&st, &args, feed)
}

/// The environment variable that holds the Icecast source password.
const PASSWORD_VAR: &str = "LOAXA_ICECAST_PASSWORD";

/// Connects the Icecast feed: the mount's URL, the password from the environment or a file.
fn start_feed(
    st: &Station,
    url: &str,
    password_file: Option<&Path>,
    leads: bool,
) -> loaxa::Result<feed::Feed> {
    let mount = loaxa::playout::icecast::parse_mount(url)
        .map_err(|m| crate::cli::flag_error("--icecast", format!("`{url}`: {m}")))?;
    let password = match (std::env::var(PASSWORD_VAR), password_file) {
        (_, Some(file)) => read_password(file)?,
        (Ok(p), None) if !p.is_empty() => p,
        (_, None) => {
            return Err(crate::cli::flag_error(
                "--icecast",
                format!("no source password: set {PASSWORD_VAR} or give --icecast-password-file FILE (never on the command line)"),
            ))
        }
    };
    let info = loaxa::playout::icecast::StreamInfo {
        name: st.name.clone(),
        rate: st.rate,
        kbps: st.kbps,
    };
    feed::Feed::start(feed::FeedConfig {
        mount,
        password,
        info,
        leads,
    })
    .map_err(|message| loaxa::Error::Playout {
        message: format!("{url}: {message}"),
    })
}

/// The first line of a password file (the file wins over the environment variable).
fn read_password(file: &Path) -> loaxa::Result<String> {
    let text = std::fs::read_to_string(file).map_err(|source| loaxa::Error::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let first = text.lines().next().unwrap_or_default().trim_end();
    if first.is_empty() {
        return Err(crate::cli::flag_error(
            "--icecast-password-file",
            format!("{}: the first line is empty", file.display()),
        ));
    }
    Ok(first.to_string())
}

#[cfg(feature = "playout")]
fn check_device(_args: &OnAirArgs) -> loaxa::Result<()> {
    Ok(())
}

#[cfg(not(feature = "playout"))]
const NO_PLAYOUT: &str = "this loaxa was built without live playout through the sound card; build it with `cargo build --release --features playout` (needs Debian's libasound2-dev), feed Icecast only with `on-air --no-device --icecast URL`, or use `on-air --simulate`";

#[cfg(not(feature = "playout"))]
fn check_device(args: &OnAirArgs) -> loaxa::Result<()> {
    match args.no_device {
        true => Ok(()),
        false => Err(loaxa::Error::Playout {
            message: NO_PLAYOUT.into(),
        }),
    }
}

/// `loaxa play FILE`.
#[cfg(not(feature = "playout"))]
pub fn run_play(_file: &Path) -> loaxa::Result<ExitCode> {
    Err(loaxa::Error::Playout {
        message: NO_PLAYOUT.into(),
    })
}
