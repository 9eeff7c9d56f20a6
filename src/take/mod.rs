//! Recording: one take of a whole script, split into the clips of its lines.
//!
//! The announcer reads an item's script (its numbered lines, in order) in one recording. This
//! stage finds where each line's speech starts and ends, checks that the take fits the script
//! (no line left out or read twice), and files each line's clip where `render` looks for it,
//! keeping the whole take under `audio-assets/takes/ITEM/` and a record of the text each clip
//! was recorded for (`audio-assets/voice/recorded.csv`).
//!
//! - [`sheet`]: what a take must contain: the lines with their expected lengths and pauses.
//! - the take's noise floor, speech level and pauses come from [`crate::audio::speech`];
//! - [`align`]: the lines placed on the speech by dynamic programming, with a confidence per
//!   boundary and the lines that do not fit;
//! - [`quality`]: the checks every recorded clip gets (clipping, level, noise, DC, rate, length,
//!   text changed), over [`crate::audio::quality`]'s measurements;
//! - [`record`]: which text each clip was recorded for;
//! - [`status`]: each line's clip: present, missing or to re-record, with its checks;
//! - [`file`]: planning a take (decode, split, decide, check) and committing it (atomic writes).

pub mod align;
pub mod file;
pub mod quality;
pub mod record;
pub mod sheet;
pub mod status;

pub use file::{
    clock, commit, plan, save_line, Committed, Decision, PlannedLine, TakeOptions, TakePlan,
};
pub use quality::ClipWarning;
pub use record::Records;
pub use sheet::{item_sheet, script_sheet, words_sheet, LineScope, Sheet, SheetLine, Target};
pub use status::{clip_warnings, line_status, status, ClipState, LineStatus};
