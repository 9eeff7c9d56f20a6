//! Any bytes as an audio file, under each extension loaxa reads: an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use loaxa::audio::decode::decode_bytes;

fuzz_target!(|data: &[u8]| {
    let ext = match data.first().map(|b| b % 6) {
        Some(0) => "mp3",
        Some(1) => "wav",
        Some(2) => "flac",
        Some(3) => "ogg",
        Some(4) => "m4a",
        _ => "bin",
    };
    if let Ok(d) = decode_bytes(data.to_vec(), ext) {
        assert!(d.channels > 0 && d.rate > 0);
        assert!(d.samples.iter().all(|s| s.is_finite()));
    }
});
