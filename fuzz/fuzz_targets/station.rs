//! Any text as a station file: diagnostics, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use loaxa::schedule::{parse, Known};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let root = std::env::temp_dir();
        let known = Known {
            root: &root,
            profiles: vec!["loudspeaker".into(), "zalo".into()],
            demo: false,
        };
        let _ = parse(text, Path::new("schedules/x.toml"), &known);
    }
});
