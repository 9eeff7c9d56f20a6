//! loaxa turns Làng số stories and platform how-tos into broadcasts for commune loudspeakers
//! and audio posts for village Zalo groups.
//!
//! The pipeline runs content → script → render → schedule → plan → output → week → playout,
//! and the modules below are listed in that order after the support layer they all share. This
//! crate is the library; the `loaxa` binary is a thin command-line layer over it. The library
//! never prints and never reads the clock: warnings come back as [`diagnostic::Diagnostic`]s and
//! dates come from the caller.

// Support: errors, diagnostics, atomic writes, the project folder and its settings.
pub mod atomic;
pub mod csv_text;
pub mod diagnostic;
pub mod error;
pub mod project;

// Leaves: the spoken form of Vietnamese text, and audio (knows nothing of stories or weeks).
pub mod audio;
pub mod normalize;

// The pipeline, in order.
pub mod content;
pub mod output;
pub mod plan;
pub mod playout;
pub mod render;
pub mod schedule;
pub mod script;
pub mod week;

// Whole-project validation over every stage.
pub mod check;

pub use error::{Error, Result};
