//! The content pack: Làng số stories and platform how-tos.
//!
//! One Markdown file per item under `content/stories/` or `content/howtos/`, with TOML front matter
//! between `+++` lines. [`load`] reads them all, converts text to Unicode NFC, checks every field
//! and returns the valid items together with every problem found, each with its file and line.
//! This module knows nothing of scripts, audio or schedules.
//!
//! The files, in the order a content file goes through them: `library` (the folders),
//! `parse` (one file, step by step), `text` (bytes to NFC text), `front_matter` (the TOML),
//! `fields` (the fields every item has), `story` and `howto` (each kind's own parts), `sections`
//! and `steps` (the Markdown body), `tense` (places named as if districts still existed). The
//! types are in `topic` and `item`.

mod fields;
mod front_matter;
mod howto;
mod item;
mod library;
mod parse;
mod report;
mod sections;
mod steps;
mod story;
mod suggest;
mod tense;
mod text;
mod topic;

#[cfg(test)]
mod tests;

pub use fields::is_slug;
pub use item::{AsOf, Body, Howto, Item, Library, Para, Place, Story};
pub use library::{load, load_file};
pub use parse::parse_item;
pub use topic::{Kind, Topic};

/// Largest content file accepted: a six-minute programme is a few kilobytes of text.
pub const MAX_FILE_BYTES: u64 = 256 * 1024;
