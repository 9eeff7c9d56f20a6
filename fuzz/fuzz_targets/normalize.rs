//! Any text through the spoken-form normaliser: never a panic, never a digit left.
#![no_main]
use libfuzzer_sys::fuzz_target;
use loaxa::normalize::Normalizer;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static N: OnceLock<Normalizer> = OnceLock::new();
    let n = N.get_or_init(Normalizer::builtin);
    if let Ok(text) = std::str::from_utf8(data) {
        let out = n.normalize(text);
        assert!(
            !out.chars().any(|c| c.is_ascii_digit()),
            "digit left in {out:?} from {text:?}"
        );
    }
});
