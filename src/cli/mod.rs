//! The `loaxa` command line, one file per command: each parses nothing (clap does, from
//! [`args`]), calls the library, prints, and returns an exit code or an error. Only these files
//! print and read the clock.

pub mod args;
pub mod bench;
pub mod check;
mod items;
pub mod measure;
pub mod normalize;
pub mod onair;
pub mod print;
pub mod render;
pub mod script;
pub mod studio;
pub mod take;
pub mod values;
pub mod week;
pub mod words;

use loaxa::Error;

/// A flag whose value cannot be used, as `FLAG:1: message` (a usage error, exit 2).
pub fn flag_error(flag: &str, message: impl std::fmt::Display) -> Error {
    Error::Usage(format!("{flag}:1: {message}"))
}
