//! loaxa turns Làng số stories and platform how-tos into broadcasts for commune loudspeakers
//! and audio posts for village Zalo groups.
//!
//! The pipeline runs content → script → render → schedule → output. This crate is the library;
//! the `loaxa` binary is a thin command-line layer over it. The library never prints and never
//! reads the clock: warnings come back as [`diagnostic::Diagnostic`]s and dates come from the
//! caller.

pub mod atomic;
pub mod audio;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod error;
pub mod mixlist;
pub mod normalize;
pub mod output;
pub mod plan;
pub mod playout;
pub mod project;
pub mod render;
pub mod schedule;
pub mod script;
pub mod station;
pub mod week;
pub mod words;

pub use error::{Error, Result};
