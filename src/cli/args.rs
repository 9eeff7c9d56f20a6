//! The command line as clap types: the global options, the commands and their flags. Every
//! doc comment here is help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use super::onair::OnAirArgs;
use super::values::{DialectArg, FormatArg, MissingArg};

/// loaxa: Làng số stories and how-tos for commune loudspeakers and Zalo groups.
#[derive(Parser)]
#[command(name = "loaxa", version, about, long_about = None)]
pub struct Cli {
    /// The project folder (content/, scripts/, audio-assets/, schedules/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub project: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Load and validate the whole project; list every problem with its file and line.
    Check {
        /// Treat warnings as problems (exit 1).
        #[arg(long)]
        strict: bool,
        /// Check as on this day, YYYY-MM-DD (default: today), for how-tos checked too long ago.
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
        /// A demo: let a station's placeholder phone number through.
        #[arg(long)]
        demo: bool,
    },
    /// Print the spoken form of each TEXT, or of each line of standard input.
    Normalize {
        /// Texts to read; none reads standard input, one output line per input line.
        text: Vec<String>,
        /// nghìn/linh (bac) or ngàn/lẻ (nam).
        #[arg(long, value_enum)]
        dialect: Option<DialectArg>,
        /// Show which rule read each piece, and any symbol left unread.
        #[arg(long)]
        explain: bool,
    },
    /// Write each item's broadcast script, cue list and recording sheet.
    Script(ScriptArgs),
    /// Measure audio files: duration, rate, channels, loudness (LUFS), range, true and sample peak.
    Measure {
        /// Files to measure.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print a JSON list instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Render programmes to audio for a profile.
    Render(RenderArgs),
    /// Plan and build a station's week: playlists, ready-mixed slots, Zalo pack, week sheet.
    Week(WeekArgs),
    /// Play an audio file through the default sound device, with a progress line.
    Play {
        /// The file (WAV, MP3, FLAC, Ogg Vorbis, M4A).
        file: PathBuf,
    },
    /// Play the week's slots on time through the sound card, with fallbacks, emergencies from
    /// OUT/STATION/urgent/ and an as-run log; `--simulate` runs it on a simulated clock.
    OnAir(OnAirArgs),
    /// Render the benchmark kit's programmes (`../shared/bench`, `segments/week.json`) into
    /// OUT/segNN.wav and OUT/segNN.64k.mp3; see bench/README.md.
    BenchWeek {
        /// The kit's week.json.
        #[arg(long, value_name = "FILE")]
        kit: PathBuf,
        /// Parallel jobs (default: the number of cores).
        #[arg(short, long)]
        jobs: Option<usize>,
        /// Output folder.
        #[arg(short, long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Split one recording of an item's whole script into its lines' clips (or, with
    /// `--words`, one recording of the date words).
    Take(TakeArgs),
    /// Open the recording booth: a page in the browser to record each item's script into the
    /// microphone (or upload a recording), check it line by line and keep it.
    Studio(StudioArgs),
    /// List the word clips a spoken date is assembled from (recording sheet).
    Words {
        /// Print `line_id,clip,text,status` CSV.
        #[arg(long)]
        csv: bool,
    },
}

#[derive(Args)]
pub struct WeekArgs {
    /// The station file (default: the only one in schedules/).
    #[arg(long, value_name = "FILE", conflicts_with = "stations")]
    pub station: Option<PathBuf>,
    /// Build every station file in this folder, rendering each programme once.
    #[arg(long, value_name = "DIR")]
    pub stations: Option<PathBuf>,
    /// ISO week, e.g. 2026-W49 (default: next week in the station's time zone).
    #[arg(long)]
    pub week: Option<String>,
    /// Output root; weeks go to OUT/STATION/YYYY-Www/.
    #[arg(short, long, default_value = "out", value_name = "DIR")]
    pub output: PathBuf,
    /// What to do about clips not recorded yet.
    #[arg(long, value_enum, default_value = "fail")]
    pub missing: MissingArg,
    /// Print why each item sits where it does.
    #[arg(long)]
    pub explain: bool,
    /// Leave out the slot mixes and the fallback (plans, playlists, pieces and Zalo pack only).
    #[arg(long)]
    pub no_mix: bool,
    /// Mix each slot in full instead of joining it of MP3 pieces encoded once (slower; the
    /// reference the joined slots are checked against).
    #[arg(long, conflicts_with = "no_mix")]
    pub full_mix: bool,
    /// With --stations: build only shard K of N (1-based), a deterministic 1/N of the station
    /// files (every Nth in name order), so N runners can share a province.
    #[arg(long, value_name = "K/N", requires = "stations", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// A demo week: let a station's placeholder phone number through (a real station must
    /// give its digital team's number).
    #[arg(long)]
    pub demo: bool,
    /// The programme cache shared by stations and by shards running at the same time
    /// (default: OUTPUT/.cache).
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// Export each week for IP loudspeakers under ip/ (slot files, station.m3u, schedule.json),
    /// with URLs under this base: the http(s) URL the output folder is served at.
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    pub base_url: Option<String>,
}

/// `K/N` with 1 ≤ K ≤ N.
fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let bad = || format!("`{text}` is not K/N with 1 ≤ K ≤ N (for example 2/8)");
    let (k, n) = text.split_once('/').ok_or_else(bad)?;
    let (k, n): (usize, usize) = (k.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?);
    ((1..=n).contains(&k)).then_some((k, n)).ok_or_else(bad)
}

/// `--base-url`: an http or https URL with a host (read as every stream URL is) and no query
/// or fragment.
fn parse_base_url(text: &str) -> Result<String, String> {
    let bad = |why: &str| {
        format!("`{text}` is not a base URL: {why} (for example http://192.168.1.10:8080)")
    };
    loaxa::stream_url::StreamUrl::parse(text).map_err(|why| bad(&why))?;
    if text.contains(['?', '#']) {
        return Err(bad("it must have no query, fragment or space"));
    }
    Ok(text.to_string())
}

#[derive(Args)]
pub struct RenderArgs {
    /// Item ids (see `loaxa check`).
    pub ids: Vec<String>,
    /// Every item in the content pack.
    #[arg(long)]
    pub all: bool,
    /// Mastering profile from loaxa.toml (`loudspeaker`, `zalo`, or your own).
    #[arg(long, default_value = "loudspeaker")]
    pub profile: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "mp3")]
    pub format: FormatArg,
    /// What to do about clips not recorded yet.
    #[arg(long, value_enum, default_value = "fail")]
    pub missing: MissingArg,
    /// A station file for the station lines and the artist tag.
    #[arg(long, value_name = "FILE")]
    pub station: Option<PathBuf>,
    /// Date for the tags, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
    /// Output folder.
    #[arg(short, long, default_value = "out/programmes", value_name = "DIR")]
    pub output: PathBuf,
}

#[derive(Args)]
pub struct ScriptArgs {
    /// Item ids (see `loaxa check`).
    pub ids: Vec<String>,
    /// Every item in the content pack.
    #[arg(long)]
    pub all: bool,
    /// A station file for the greeting and the digital team's contact.
    #[arg(long, value_name = "FILE")]
    pub station: Option<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "out/scripts", value_name = "DIR")]
    pub output: PathBuf,
}

#[derive(Args)]
pub struct TakeArgs {
    /// The item read (see `loaxa check`).
    pub item: Option<String>,
    /// The recording: WAV, FLAC, MP3, Ogg Vorbis or M4A, any rate, mono or stereo.
    pub file: Option<PathBuf>,
    /// A recording of the date words, in `loaxa words` order, instead of an item.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["item", "file"])]
    pub words: Option<PathBuf>,
    /// The station file whose greeting and contact lines were read.
    #[arg(long, value_name = "FILE")]
    pub station: Option<PathBuf>,
    /// Also replace shared, station and word clips that are already recorded.
    #[arg(long)]
    pub replace: bool,
    /// Only report where each line is; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct StudioArgs {
    /// The address to listen on; any address but loopback (127.0.0.1, ::1) needs the token
    /// printed with the address.
    #[arg(long, default_value = "127.0.0.1:8765", value_name = "ADDR")]
    pub listen: std::net::SocketAddr,
    /// Open the booth in the default browser.
    #[arg(long)]
    pub open: bool,
    /// The station file whose greeting and contact lines are read (default: the only one in
    /// schedules/).
    #[arg(long, value_name = "FILE")]
    pub station: Option<PathBuf>,
    /// The largest recording that can be uploaded, in MB.
    #[arg(long, default_value_t = 200, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub max_upload_mb: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_url_is_http_with_a_host() {
        for (text, ok) in [
            ("http://192.168.1.10:8080", true),
            ("https://loa.example.vn/out/", true),
            ("ftp://x", false),
            ("http://", false),
            ("http:///out", false),
            ("http://x/out?week=1", false),
            ("192.168.1.10", false),
        ] {
            assert_eq!(parse_base_url(text).is_ok(), ok, "{text}");
        }
    }
}
