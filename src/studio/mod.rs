//! The recording booth: `loaxa studio` serves pages where the announcer reads an item's script
//! into the microphone (or uploads a phone's recording), sees the take split line by line with
//! its checks, and keeps it; or records one line, a station line or a date word alone.
//!
//! The browser captures the microphone as PCM and sends a 16-bit WAV; the booth splits and files
//! it with [`crate::take`], so the booth and `loaxa take` write the same clips the same way.
//!
//! - [`pages`]: the pages (tera, autoescaped) and the clips they play;
//! - [`api`]: the JSON API the pages call;
//! - [`lines`]: what the pages show, from the sheets and the clips' status;
//! - [`incoming`]: uploads waiting for "keep", named by their hash;
//! - [`ids`]: the ids a request may name; [`guard`]: the token and the checks on every request;
//! - [`error`]: every refusal with its HTTP status.
//!
//! The binary binds the address, prints it, makes the token and runs the server; this module
//! never prints and never reads the clock.

pub mod api;
pub mod error;
pub mod guard;
pub mod ids;
pub mod incoming;
pub mod lines;
pub mod pages;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post};
use axum::Router;

use crate::error::{Error, Result};
use crate::project::Project;

pub use error::StudioError;

/// How the booth runs.
#[derive(Debug, Clone)]
pub struct Booth {
    /// The project it records for.
    pub project: Project,
    /// The station file whose lines are read (the project's only one when `None`).
    pub station: Option<PathBuf>,
    /// The token every request must carry; `None` on a loopback address.
    pub token: Option<String>,
    /// The largest upload, in MB.
    pub max_upload_mb: usize,
}

/// What every request shares: the settings, and a lock that keeps writes one at a time.
#[derive(Debug)]
pub struct Shared {
    /// The settings.
    pub booth: Booth,
    writing: Mutex<()>,
}

impl Shared {
    /// Holds the write lock (a panic in another writer does not stop the booth).
    fn writing(&self) -> MutexGuard<'_, ()> {
        self.writing.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Runs `work` on a blocking thread (decoding and splitting take a while).
async fn blocking<T, F>(shared: &Arc<Shared>, work: F) -> std::result::Result<T, StudioError>
where
    T: Send + 'static,
    F: FnOnce(&Shared) -> std::result::Result<T, StudioError> + Send + 'static,
{
    let shared = Arc::clone(shared);
    tokio::task::spawn_blocking(move || work(&shared))
        .await
        .map_err(|e| StudioError::Internal(e.to_string()))?
}

/// The booth's routes, behind the guard, with the upload limit.
pub fn router(booth: Booth) -> Router {
    let limit = booth.max_upload_mb.saturating_mul(api::MB);
    let shared = Arc::new(Shared {
        booth,
        writing: Mutex::new(()),
    });
    let pages = Router::new()
        .route("/", get(pages::index))
        .route("/item/{item}", get(pages::item))
        .route("/words", get(pages::words))
        .route("/station", get(pages::station))
        .route("/static/{name}", get(pages::static_file))
        .route("/clip/item/{item}/{line}", get(pages::item_clip))
        .route("/clip/words/{line}", get(pages::words_clip))
        .route("/clip/station/{line}", get(pages::station_clip));
    let api = Router::new()
        .route("/api/item/{item}", get(api::item_status))
        .route("/api/item/{item}/take", post(api::item_take))
        .route("/api/item/{item}/take/{take}/keep", post(api::item_keep))
        .route("/api/item/{item}/line/{line}", post(api::item_line))
        .route("/api/words", get(api::words_status))
        .route("/api/words/take", post(api::words_take))
        .route("/api/words/take/{take}/keep", post(api::words_keep))
        .route("/api/words/line/{line}", post(api::words_line))
        .route("/api/station/line/{line}", post(api::station_line))
        .route("/api/take/{take}", delete(api::discard));
    pages
        .merge(api)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&shared),
            guard::guard,
        ))
        .with_state(shared)
}

/// Serves the booth on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, booth: Booth) -> Result<()> {
    axum::serve(listener, router(booth))
        .await
        .map_err(|e| Error::Studio {
            message: format!("the server stopped: {e}"),
        })
}
