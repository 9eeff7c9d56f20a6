//! A real icecast2 for the tests: the Debian `icecast2` binary started as a plain process on
//! 127.0.0.1 on a free port, with a generated config and passwords in a temporary folder; an
//! ffmpeg [`Feeder`] that sends a looped file to a mount (the "VOV" stand-in), and an ffmpeg
//! [`Listener`] that records what a mount sends into a WAV file.
//!
//! icecast2 refuses to run as root ("You should not run icecast2 as root"). When the tests run
//! as root (CI containers), the config gets `<changeowner>` to `nobody` and its primary group:
//! icecast2 reads the config, binds its socket and writes its pid file as root, then drops to
//! `nobody`. Its logs go to standard error (`<errorlog>-</errorlog>`), which is a file in the
//! temporary folder opened by the test, so `nobody` needs no write access anywhere.
//!
//! Timings seen with icecast 2.4.4 and ffmpeg 5.1 (Debian 12): a killed source (closed
//! connection) is gone from the status within 0.25 s; a stalled one (connected, sending nothing)
//! after `<source-timeout>` = 3 s, about 4 s in all. A [`Listener`] survives a server restart
//! (ffmpeg retries after 0, 1, 3 and 7 s, so the mount must be back within about 11 s of the
//! drop), but the audio of the gap is missing from the recording, and the gap can be up to 7 s
//! longer than the outage. A [`Feeder`] does not survive a restart: its ffmpeg exits.

#![allow(dead_code)] // not every test uses every helper

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How long [`Icecast::start`] and [`Icecast::restart`] wait for the server to answer.
const READY_TIMEOUT: Duration = Duration::from_secs(10);

/// The MP3 bit rate of a [`Feeder`] started with [`Feeder::start`].
pub const FEEDER_KBPS: u32 = 64;

/// A running icecast2 server, stopped (and its temporary folder removed) on drop.
pub struct Icecast {
    child: Option<Child>,
    program: PathBuf,
    port: u16,
    /// Holds `icecast.xml`, `icecast.log` (the server's error and access log), the pid file and
    /// the feeders' and listeners' ffmpeg logs.
    dir: tempfile::TempDir,
    password: String,
    admin_password: String,
    /// Numbers the ffmpeg log files.
    logs: std::cell::Cell<u32>,
}

/// `name` in `/usr/bin` or on `PATH`.
fn find_program(name: &str) -> Option<PathBuf> {
    let usr_bin = Path::new("/usr/bin").join(name);
    if usr_bin.is_file() {
        return Some(usr_bin);
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// ffmpeg's path; panics if it is missing (checked by [`Icecast::start`] already).
fn ffmpeg() -> PathBuf {
    find_program("ffmpeg").expect("ffmpeg is not installed")
}

/// 32 hex digits, different on every call (std's random hasher keys, the time and a counter).
fn generate_secret() -> String {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut out = String::new();
    for half in 0..2u64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(nanos);
        h.write_u64(n);
        h.write_u64(half);
        h.write_u32(std::process::id());
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// A port on 127.0.0.1 that was free a moment ago.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("no free port on 127.0.0.1")
        .port()
}

/// `/mount` for `mount` or `/mount`.
fn mount_path(mount: &str) -> String {
    format!("/{}", mount.trim_start_matches('/'))
}

/// `nobody`'s primary group name from /etc/passwd and /etc/group (`nogroup` on Debian).
fn nobody_group() -> String {
    let gid = std::fs::read_to_string("/etc/passwd").ok().and_then(|s| {
        s.lines()
            .map(|l| l.split(':').collect::<Vec<_>>())
            .find(|f| f.len() > 3 && f[0] == "nobody")
            .map(|f| f[3].to_string())
    });
    gid.and_then(|gid| {
        std::fs::read_to_string("/etc/group").ok().and_then(|s| {
            s.lines()
                .map(|l| l.split(':').collect::<Vec<_>>())
                .find(|f| f.len() > 2 && f[2] == gid)
                .map(|f| f[0].to_string())
        })
    })
    .unwrap_or_else(|| "nogroup".to_string())
}

/// Polls `try_wait` until the child has exited or `timeout` has passed.
fn wait_timeout(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Sends `signal` (`TERM`, `INT`) with `kill`, unless the child has exited already.
fn signal(child: &mut Child, signal: &str) {
    if let Ok(None) = child.try_wait() {
        let _ = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// A plain HTTP/1.0 GET on 127.0.0.1: the status code and the body, None if it fails.
fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    s.set_write_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let code = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Some((code, body))
}

impl Icecast {
    /// Starts icecast2 on 127.0.0.1 on a free port with a generated config; None (with an
    /// eprintln "skipping: ...") if icecast2 or ffmpeg is not installed, but if the env var
    /// `LOAXA_REQUIRE_ICECAST` is set, panics instead of skipping. Waits until the server
    /// answers HTTP (up to 10 s); panics, with the server's log, if it does not.
    pub fn start() -> Option<Icecast> {
        let mut missing = Vec::new();
        let program = find_program("icecast2");
        if program.is_none() {
            missing.push("icecast2");
        }
        if find_program("ffmpeg").is_none() {
            missing.push("ffmpeg");
        }
        if !missing.is_empty() {
            let why = format!("{} not installed", missing.join(" and "));
            if std::env::var_os("LOAXA_REQUIRE_ICECAST").is_some() {
                panic!("LOAXA_REQUIRE_ICECAST is set but {why}");
            }
            eprintln!("skipping: {why}");
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix("loaxa-icecast-")
            .tempdir()
            .expect("temporary folder for icecast2");
        let mut ice = Icecast {
            child: None,
            program: program.unwrap(),
            port: 0,
            dir,
            password: generate_secret(),
            admin_password: generate_secret(),
            logs: std::cell::Cell::new(0),
        };
        // The free port can be taken by someone else before icecast2 binds it: try a few.
        for attempt in 1..=3 {
            ice.port = free_port();
            ice.write_config();
            ice.spawn();
            match ice.wait_ready() {
                Ok(()) => return Some(ice),
                Err(e) if attempt < 3 && ice.exited() => {
                    ice.stop();
                    eprintln!(
                        "icecast2 on port {} failed ({e}), trying another port",
                        ice.port
                    );
                }
                Err(e) => panic!("icecast2 did not start: {e}\n{}", ice.log()),
            }
        }
        unreachable!()
    }

    /// The port it listens on, on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The source password (a generated one), for env var LOAXA_ICECAST_PASSWORD. The source
    /// user is `source`.
    pub fn password(&self) -> &str {
        &self.password
    }

    /// The admin user's (`admin`) password, generated too.
    pub fn admin_password(&self) -> &str {
        &self.admin_password
    }

    /// `http://127.0.0.1:PORT/MOUNT` (mount given with or without leading '/').
    pub fn url(&self, mount: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, mount_path(mount))
    }

    /// The folder with the config and the logs (removed on drop).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The server's log so far (error and access log, all starts), for failure messages.
    pub fn log(&self) -> String {
        let text = std::fs::read_to_string(self.dir.path().join("icecast.log")).unwrap_or_default();
        format!("--- icecast2 log ---\n{text}--- end of icecast2 log ---")
    }

    /// Stops the server (SIGTERM, then kill after 5 s) and waits for it. Does nothing if it is
    /// not running.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            signal(&mut child, "TERM");
            if wait_timeout(&mut child, Duration::from_secs(5)).is_none() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }

    /// Starts it again with the same config and port (stopping it first if it runs); waits
    /// until it answers, and panics, with the server's log, if it does not within 10 s.
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
        if let Err(e) = self.wait_ready() {
            panic!(
                "icecast2 did not restart on port {}: {e}\n{}",
                self.port,
                self.log()
            );
        }
    }

    /// Whether a source is connected on that mount now, from `/status-json.xsl` (its sources'
    /// `listenurl`s). False if the server does not answer.
    pub fn has_source(&self, mount: &str) -> bool {
        let needle = format!("\"listenurl\":\"{}\"", self.url(mount));
        match http_get(self.port, "/status-json.xsl") {
            Some((200, body)) => body.contains(&needle),
            _ => false,
        }
    }

    /// Polls [`Icecast::has_source`] until true or the timeout; returns whether it became true.
    pub fn wait_for_source(&self, mount: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if self.has_source(mount) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Polls [`Icecast::has_source`] until false or the timeout; returns whether the source
    /// went away.
    pub fn wait_for_no_source(&self, mount: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if !self.has_source(mount) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The path of a new log file for an ffmpeg child, in the temporary folder.
    fn next_log(&self, what: &str) -> PathBuf {
        let n = self.logs.get() + 1;
        self.logs.set(n);
        self.dir.path().join(format!("{what}-{n}.log"))
    }

    /// Whether the child has exited (or was never started).
    fn exited(&mut self) -> bool {
        match &mut self.child {
            Some(child) => !matches!(child.try_wait(), Ok(None)),
            None => true,
        }
    }

    /// Writes `icecast.xml` for the current port; with `<changeowner>` to `nobody` when running
    /// as root (icecast2 refuses to run as root otherwise).
    fn write_config(&self) {
        let d = self.dir.path();
        let config = d.join("icecast.xml");
        std::fs::write(&config, "").expect("writing icecast.xml");
        let as_root = std::fs::metadata(&config)
            .map(|m| m.uid() == 0)
            .unwrap_or(false);
        let changeowner = if as_root {
            format!(
                "<changeowner><user>nobody</user><group>{}</group></changeowner>",
                nobody_group()
            )
        } else {
            String::new()
        };
        let xml = format!(
            r#"<icecast>
  <location>loaxa tests</location>
  <admin>loaxa@localhost</admin>
  <limits>
    <clients>50</clients>
    <sources>10</sources>
    <queue-size>524288</queue-size>
    <client-timeout>30</client-timeout>
    <header-timeout>15</header-timeout>
    <source-timeout>3</source-timeout>
    <burst-on-connect>0</burst-on-connect>
    <burst-size>0</burst-size>
  </limits>
  <authentication>
    <source-password>{password}</source-password>
    <relay-password>{relay}</relay-password>
    <admin-user>admin</admin-user>
    <admin-password>{admin}</admin-password>
  </authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket>
    <port>{port}</port>
    <bind-address>127.0.0.1</bind-address>
  </listen-socket>
  <fileserve>1</fileserve>
  <paths>
    <basedir>{dir}</basedir>
    <logdir>{dir}</logdir>
    <webroot>/usr/share/icecast2/web</webroot>
    <adminroot>/usr/share/icecast2/admin</adminroot>
    <pidfile>{dir}/icecast.pid</pidfile>
  </paths>
  <logging>
    <accesslog>-</accesslog>
    <errorlog>-</errorlog>
    <loglevel>4</loglevel>
  </logging>
  <security>
    <chroot>0</chroot>
    {changeowner}
  </security>
</icecast>
"#,
            password = self.password,
            relay = generate_secret(),
            admin = self.admin_password,
            port = self.port,
            dir = d.display(),
        );
        std::fs::write(&config, xml).expect("writing icecast.xml");
    }

    /// Spawns icecast2 on `icecast.xml`, its output appended to `icecast.log`.
    fn spawn(&mut self) {
        let d = self.dir.path();
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(d.join("icecast.log"))
            .expect("opening icecast.log");
        let child = Command::new(&self.program)
            .arg("-c")
            .arg(d.join("icecast.xml"))
            .current_dir(d)
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("icecast.log"))
            .stderr(log)
            .spawn()
            .expect("spawning icecast2");
        self.child = Some(child);
    }

    /// Waits until `/status-json.xsl` answers 200, the process exits, or 10 s pass.
    fn wait_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            if let Some(child) = &mut self.child {
                if let Ok(Some(status)) = child.try_wait() {
                    return Err(format!("icecast2 exited: {status}"));
                }
            }
            if let Some((200, _)) = http_get(self.port, "/status-json.xsl") {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!("no answer on port {} after 10 s", self.port));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Icecast {
    fn drop(&mut self) {
        self.stop();
    }
}

/// An ffmpeg process sending a file, looped forever in real time (`-re -stream_loop -1`), to a
/// mount as MP3 (libmp3lame, mono, 44100 Hz), content type audio/mpeg — the "VOV" stand-in. It
/// exits if the server goes away (it does not reconnect). Killed on drop.
pub struct Feeder {
    child: Child,
}

impl Feeder {
    /// Starts sending `file` to `mount` at [`FEEDER_KBPS`] kbit/s. Does not wait for the
    /// connection: use [`Icecast::wait_for_source`] (it takes well under a second).
    pub fn start(ice: &Icecast, mount: &str, file: &Path) -> Feeder {
        Feeder::start_with_kbps(ice, mount, file, FEEDER_KBPS)
    }

    /// As [`Feeder::start`], at `kbps` kbit/s.
    pub fn start_with_kbps(ice: &Icecast, mount: &str, file: &Path, kbps: u32) -> Feeder {
        let target = format!(
            "icecast://source:{}@127.0.0.1:{}{}",
            ice.password(),
            ice.port(),
            mount_path(mount)
        );
        let log = File::create(ice.next_log("feeder")).expect("feeder log");
        let child = Command::new(ffmpeg())
            .args(["-hide_banner", "-nostdin", "-loglevel", "warning"])
            .args(["-re", "-stream_loop", "-1", "-i"])
            .arg(file)
            .args(["-vn", "-ac", "1", "-ar", "44100", "-c:a", "libmp3lame"])
            .args(["-b:a", &format!("{kbps}k")])
            .args(["-content_type", "audio/mpeg", "-f", "mp3", &target])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawning the ffmpeg feeder");
        Feeder { child }
    }

    /// Whether its ffmpeg still runs.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Kills ffmpeg and waits for it (the server notices the closed connection at once).
    pub fn stop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

impl Drop for Feeder {
    fn drop(&mut self) {
        self.stop();
    }
}

/// An ffmpeg listener recording what a mount sends into a WAV file (mono, 44100 Hz,
/// pcm_s16le), readable by `hound` once stopped. It retries a missing or dropped mount (HTTP
/// errors and refused connections included) after 0, 1, 3 and 7 s, then gives up and exits,
/// so it can be started before the mount exists and survives a server restart of a few
/// seconds. Stopped (without returning the path) on drop.
pub struct Listener {
    child: Option<Child>,
    out: PathBuf,
}

impl Listener {
    /// Starts listening to `ice.url(mount)`, recording into `out` (overwritten).
    pub fn start(ice: &Icecast, mount: &str, out: &Path) -> Listener {
        let log = File::create(ice.next_log("listener")).expect("listener log");
        let child = Command::new(ffmpeg())
            .args(["-hide_banner", "-nostdin", "-loglevel", "warning"])
            // Retry on EOF, refused connections and 404 (mount not there yet / any more);
            // the delays are 0, 1, 3, 7 s, the next (15 s) is over the max and ends it.
            .args(["-reconnect", "1", "-reconnect_streamed", "1"])
            .args(["-reconnect_on_network_error", "1"])
            .args(["-reconnect_on_http_error", "4xx,5xx"])
            .args(["-reconnect_delay_max", "10"])
            // Start decoding at once instead of probing 5 s of a real-time stream.
            .args([
                "-probesize",
                "8192",
                "-analyzeduration",
                "200000",
                "-f",
                "mp3",
            ])
            .arg("-i")
            .arg(ice.url(mount))
            .args(["-vn", "-ac", "1", "-ar", "44100", "-c:a", "pcm_s16le"])
            // Data on disk after every packet, so that a hard stop loses nothing (the header
            // is then fixed by `stop`); no LIST chunk.
            .args([
                "-flush_packets",
                "1",
                "-fflags",
                "+bitexact",
                "-map_metadata",
                "-1",
            ])
            .args(["-f", "wav", "-y"])
            .arg(out)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawning the ffmpeg listener");
        Listener {
            child: Some(child),
            out: out.to_path_buf(),
        }
    }

    /// Whether its ffmpeg still runs (it exits when it gives up on a vanished mount).
    pub fn is_running(&mut self) -> bool {
        match &mut self.child {
            Some(child) => matches!(child.try_wait(), Ok(None)),
            None => false,
        }
    }

    /// Stops ffmpeg cleanly and returns the path of the recording. SIGINT first (ffmpeg
    /// finishes the WAV file within a second while audio flows); if it is stuck waiting to
    /// reconnect, a second SIGINT breaks the wait (ffmpeg then cannot write the header), and
    /// after 3 s more it is killed. In every case the WAV header's sizes are then set from the
    /// file's length, so `hound` reads all the audio written.
    pub fn stop(mut self) -> PathBuf {
        self.halt();
        self.out.clone()
    }

    fn halt(&mut self) {
        if let Some(mut child) = self.child.take() {
            signal(&mut child, "INT");
            if wait_timeout(&mut child, Duration::from_secs(3)).is_none() {
                signal(&mut child, "INT");
                if wait_timeout(&mut child, Duration::from_secs(3)).is_none() {
                    let _ = child.kill();
                    let _ = child.wait();
                }
            }
            let _ = fix_wav_header(&self.out);
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.halt();
    }
}

/// Sets the RIFF and `data` chunk sizes of a WAV file from its length (ffmpeg leaves
/// 0xFFFFFFFF there until it writes the trailer), cutting a partial last sample. A file that is
/// not RIFF/WAVE, has no `data` chunk, or whose `data` size fits in the file, is left alone.
fn fix_wav_header(path: &Path) -> std::io::Result<()> {
    let mut f = OpenOptions::new().read(true).write(true).open(path)?;
    let len = f.metadata()?.len();
    let mut head = [0u8; 12];
    if len < 44
        || f.read_exact(&mut head).is_err()
        || &head[0..4] != b"RIFF"
        || &head[8..12] != b"WAVE"
    {
        return Ok(());
    }
    let mut pos = 12u64;
    let mut block_align = 1u64;
    while pos + 8 <= len {
        let mut chunk = [0u8; 8];
        f.seek(SeekFrom::Start(pos))?;
        f.read_exact(&mut chunk)?;
        let size = u64::from(u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]));
        if &chunk[0..4] == b"fmt " {
            let mut fmt = [0u8; 14];
            f.read_exact(&mut fmt)?;
            block_align = u64::from(u16::from_le_bytes([fmt[12], fmt[13]])).max(1);
        }
        if &chunk[0..4] == b"data" {
            let start = pos + 8;
            if size != 0 && start + size <= len {
                return Ok(()); // finished by ffmpeg
            }
            let data = (len - start) / block_align * block_align;
            let data = data.min(u64::from(u32::MAX - 1) / block_align * block_align);
            f.set_len(start + data)?;
            f.seek(SeekFrom::Start(pos + 4))?;
            f.write_all(&(data as u32).to_le_bytes())?;
            f.seek(SeekFrom::Start(4))?;
            f.write_all(&((start + data - 8) as u32).to_le_bytes())?;
            return f.sync_all();
        }
        pos += 8 + size + (size & 1);
    }
    Ok(())
}
