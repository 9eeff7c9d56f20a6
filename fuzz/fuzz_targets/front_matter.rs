//! Any bytes as a content file (front matter and sections): diagnostics, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use loaxa::content::{parse_item, Kind};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let mut diags = Vec::new();
    for kind in [Kind::Story, Kind::Howto] {
        let _ = parse_item(data.to_vec(), Path::new("content/x.md"), kind, &mut diags);
    }
});
