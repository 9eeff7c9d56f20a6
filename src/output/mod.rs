//! The text files of a week folder, as pure functions, one file per format, each written through
//! the tool made for it:
//! - [`plan_json`]: `plan.json` (serde; also read back by playout through the same types);
//! - [`m3u`]: the M3U playlists;
//! - [`tables`]: `schedule.csv` and the log book `so-nhat-ky.csv` (the `csv` crate);
//! - [`ics`]: `schedule.ics` (checked against the `icalendar` crate's parser);
//! - [`html`]: the printable `week.html` (tera templates with autoescape);
//! - [`zalo`]: the Zalo pack's captions and `index.html`;
//! - [`as_run`]: the as-run log;
//! - [`ip`]: the store-and-forward export for IP loudspeakers (`ip/schedule.json`, `ip/station.m3u`).
//!
//! Nothing here touches a file or the clock: callers write what these return.

pub mod as_run;
pub mod html;
pub mod ip;
pub mod ics;
pub mod m3u;
pub mod plan_json;
pub mod tables;
pub mod zalo;

#[cfg(test)]
pub(crate) mod fixture;

use chrono::Weekday;

pub use html::{esc, week_html};
pub use ics::ics;
pub use m3u::m3u;
pub use plan_json::{json, ItemOut, PlanOut, SlotOut};
pub use tables::{log_book_csv, schedule_csv};
pub use zalo::{caption, zalo_html, ZaloPost};

/// The Vietnamese name of a weekday, as the week sheet and `schedule.csv` print it.
fn vi_weekday(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ Nhật",
    }
}
