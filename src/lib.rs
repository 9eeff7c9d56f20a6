//! loaxa turns Làng số stories and platform how-tos into broadcasts for commune loudspeakers
//! and audio posts for village Zalo groups.
//!
//! The pipeline runs content → script → render → schedule → plan → output → week → playout,
//! and the modules below are listed in that order after the layers they all share: a module
//! only imports modules listed above it (tests/architecture.rs checks it). This
//! crate is the library; the `loaxa` binary is a thin command-line layer over it. The library
//! never prints and never reads the clock: warnings come back as [`diagnostic::Diagnostic`]s and
//! dates come from the caller.

// Support: diagnostics and errors, atomic writes, CSV text, stream URLs.
pub mod diagnostic;
pub mod error;
pub mod atomic;
pub mod csv_text;
pub mod stream_url;

// Leaves: audio (knows nothing of stories or weeks) and the spoken form of Vietnamese text.
pub mod audio;
pub mod normalize;

// The project folder and its settings (`loaxa.toml`, the `[station]` table).
pub mod project;

// The pipeline, in order (take files recorded clips where render finds them).
pub mod content;
pub mod script;
pub mod render;
pub mod take;
pub mod schedule;
pub mod plan;
pub mod output;
pub mod week;
pub mod playout;
pub mod studio;

// Whole-project validation over every stage.
pub mod check;

pub use error::{Error, Result};
