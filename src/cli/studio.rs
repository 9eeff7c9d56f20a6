//! `loaxa studio`: binds the booth's address, makes a token for any address but loopback,
//! prints the address (the first line of standard output, `loaxa studio: http://ADDR/`, then
//! `?token=…` when one is needed), opens the browser if asked, and serves until stopped.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

use loaxa::project::Project;
use loaxa::studio::{self, Booth};
use loaxa::Error;

use super::args::StudioArgs;
use super::print::stdout_err;

pub fn run(project: &Path, args: StudioArgs) -> loaxa::Result<ExitCode> {
    let project = Project::open(project)?;
    let token = match args.listen.ip().is_loopback() {
        true => None,
        false => Some(new_token()?),
    };
    let booth = Booth {
        project,
        station: args.station,
        token,
        max_upload_mb: args.max_upload_mb as usize,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| studio_err(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| {
                studio_err(format!(
                    "cannot listen on {}: {e} (another booth running? try --listen 127.0.0.1:0)",
                    args.listen
                ))
            })?;
        let addr = listener
            .local_addr()
            .map_err(|e| studio_err(e.to_string()))?;
        announce(addr, booth.token.as_deref(), args.open)?;
        studio::serve(listener, booth).await
    })?;
    Ok(ExitCode::SUCCESS)
}

fn studio_err(message: String) -> Error {
    Error::Studio { message }
}

/// 16 random bytes from the system, as hex.
fn new_token() -> loaxa::Result<String> {
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|source| Error::Read {
            path: "/dev/urandom".into(),
            source,
        })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Prints the address (and how to stop) in one write, so a reader that stops after the first
/// line does not stop the booth; opens the browser when asked.
fn announce(addr: SocketAddr, token: Option<&str>, open: bool) -> loaxa::Result<()> {
    let query = token.map(|t| format!("?token={t}")).unwrap_or_default();
    let mut text = format!("loaxa studio: http://{addr}/{query}\n");
    if addr.ip().is_unspecified() {
        text.push_str(&format!(
            "listening on every network interface: open http://THIS-MACHINE'S-ADDRESS:{}/{query} \
             from another device (the microphone works only on this machine or over https; \
             upload recordings there)\n",
            addr.port()
        ));
    }
    text.push_str("press Ctrl+C to stop\n");
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(stdout_err)?;
    if open {
        let local = match addr.ip().is_unspecified() {
            true => SocketAddr::new([127, 0, 0, 1].into(), addr.port()),
            false => addr,
        };
        open_browser(&format!("http://{local}/{query}"));
    }
    Ok(())
}

/// Opens `url` in the default browser, best effort (`xdg-open`, `open` or `start`).
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("loaxa studio: could not open a browser; open the address above");
    }
}
