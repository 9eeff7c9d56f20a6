//! `loaxa play FILE`: one file through the sound device, with a progress line on standard
//! error; Ctrl-C stops it (exit 130).

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use loaxa::playout::device::{Device, Status};
use loaxa::script::mmss;
use loaxa::Error;

use super::live::stop_flag;

pub fn run(file: &Path) -> loaxa::Result<ExitCode> {
    let audio = |e: String| Error::Audio {
        path: file.to_path_buf(),
        message: e,
    };
    let total = loaxa::audio::decode::ChunkDecoder::open(file)
        .and_then(|s| s.check())
        .map_err(|e| audio(e.to_string()))?;
    let stop = stop_flag()?;
    let mut device = Device::open()?;
    device.play(file, Duration::ZERO).map_err(audio)?;
    let name = file.display().to_string();
    let started = Instant::now();
    let mut err = io::stderr().lock();
    let result = loop {
        if stop.load(Ordering::SeqCst) {
            device.stop();
            break Ok(ExitCode::from(130));
        }
        match device.status() {
            Status::Playing(at) => {
                let _ = write!(
                    err,
                    "\r▶ {} / {}  {name} ",
                    mmss(at.as_secs_f64().min(total)),
                    mmss(total)
                );
                let _ = err.flush();
            }
            Status::Ended | Status::Idle => break Ok(ExitCode::SUCCESS),
            Status::Failed(e) => break Err(audio(e)),
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    // Let the device drain what it holds.
    std::thread::sleep(Duration::from_millis(300));
    let _ = writeln!(
        err,
        "\r■ {} played in {:.1} s  {name}",
        mmss(total),
        started.elapsed().as_secs_f64()
    );
    result
}
