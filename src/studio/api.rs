//! The JSON API the pages call. A take is uploaded as the request body (a WAV the page built, or
//! the announcer's own file), kept under its hash in the incoming folder, planned and answered
//! with its id and the plan line by line; "keep" plans the same file again and commits it, so
//! the server holds no state between the two. A single line is uploaded the same way and saved
//! at once.
//!
//! - `POST /api/item/ITEM/take`, `POST /api/words/take`: plan an upload (`?replace=true` also
//!   writes shared, station and word clips already recorded);
//! - `POST /api/item/ITEM/take/TAKE/keep`, `POST /api/words/take/TAKE/keep`: commit it;
//! - `DELETE /api/take/TAKE`: forget a pending take;
//! - `POST /api/item/ITEM/line/LINE`, `/api/words/line/LINE`, `/api/station/line/LINE`: one line;
//! - `GET /api/item/ITEM`, `GET /api/words`: the lines' status.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::Json;
use serde::{Deserialize, Serialize};

use crate::take::quality::ClipWarning;
use crate::take::{self, LineStatus, Records, Sheet, TakeOptions, TakePlan, Target};

use super::error::{ApiError, StudioError};
use super::ids::{self, TakeId};
use super::{blocking, incoming, lines, Shared};

/// A megabyte, as `--max-upload-mb` counts.
pub const MB: usize = 1024 * 1024;

/// An uploaded recording: the request body, within the size limit.
pub struct Upload(Bytes);

impl FromRequest<Arc<Shared>> for Upload {
    type Rejection = ApiError;

    async fn from_request(req: Request, shared: &Arc<Shared>) -> Result<Upload, ApiError> {
        let limit_mb = shared.booth.max_upload_mb;
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit_mb.saturating_mul(MB) as u64) {
            return Err(StudioError::TooLarge { limit_mb }.into());
        }
        match Bytes::from_request(req, shared).await {
            Ok(bytes) => Ok(Upload(bytes)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(StudioError::TooLarge { limit_mb }.into())
            }
            Err(e) => Err(StudioError::BadRequest(e.body_text()).into()),
        }
    }
}

/// `?replace=true`.
#[derive(Debug, Default, Deserialize)]
pub struct Replace {
    #[serde(default)]
    replace: bool,
}

/// A planned take and the id to keep it by.
#[derive(Serialize)]
pub struct Planned {
    take: String,
    plan: TakePlan,
}

/// A kept take: the clips written and the older files moved aside.
#[derive(Serialize)]
pub struct Kept {
    written: Vec<std::path::PathBuf>,
    moved: Vec<std::path::PathBuf>,
    plan: TakePlan,
}

/// A line saved alone, with its checks.
#[derive(Serialize)]
pub struct Saved {
    line: String,
    warnings: Vec<ClipWarning>,
}

fn options(shared: &Shared, replace: bool) -> TakeOptions {
    TakeOptions {
        replace,
        pad_s: shared.booth.project.config.audio.trim_pad_s.max(0.15),
    }
}

fn sheet(shared: &Shared, target: &Target) -> Result<Sheet, StudioError> {
    lines::sheet(
        &shared.booth.project,
        shared.booth.station.as_deref(),
        target,
    )
}

/// Stores and plans an upload.
fn plan_upload(
    s: &Shared,
    target: &Target,
    bytes: &[u8],
    replace: bool,
) -> Result<Planned, StudioError> {
    let root = &s.booth.project.root;
    let sheet = sheet(s, target)?;
    let (id, path) = {
        let _writing = s.writing();
        incoming::store(root, bytes)?
    };
    let mut plan = match take::plan(root, &sheet, &path, options(s, replace)) {
        Ok(plan) => plan,
        Err(e) => {
            let _writing = s.writing();
            incoming::discard(root, &id)?;
            return Err(e.into());
        }
    };
    plan.file = incoming::shown(root, &path);
    Ok(Planned {
        take: id.as_str().to_string(),
        plan,
    })
}

/// Plans a pending take again and commits it; the pending file goes once it is kept.
fn keep(s: &Shared, target: &Target, id: &TakeId, replace: bool) -> Result<Kept, StudioError> {
    let root = &s.booth.project.root;
    let sheet = sheet(s, target)?;
    let _writing = s.writing();
    let path = incoming::find(root, id)?;
    let mut plan = take::plan(root, &sheet, &path, options(s, replace))?;
    if !plan.problems.is_empty() {
        return Err(StudioError::Refused {
            problems: plan.problems,
        });
    }
    let done = take::commit(root, &mut plan)?;
    incoming::discard(root, id)?;
    plan.file = incoming::shown(root, &path);
    Ok(Kept {
        written: done.written,
        moved: done.moved,
        plan,
    })
}

/// Saves one line of `sheet` from an upload.
fn save(s: &Shared, sheet: &Sheet, line: &str, bytes: &[u8]) -> Result<Saved, StudioError> {
    let root = &s.booth.project.root;
    lines::line(sheet, line)?;
    let _writing = s.writing();
    let (id, path) = incoming::store(root, bytes)?;
    let pad = options(s, false).pad_s;
    let result = take::save_line(root, sheet, line, &path, pad);
    incoming::discard(root, &id)?;
    Ok(Saved {
        line: line.to_string(),
        warnings: result?,
    })
}

fn item_target(item: &str) -> Result<Target, StudioError> {
    Ok(Target::Item(ids::item(item)?.to_string()))
}

/// `POST /api/item/ITEM/take`.
pub async fn item_take(
    State(shared): State<Arc<Shared>>,
    Path(item): Path<String>,
    Query(q): Query<Replace>,
    Upload(bytes): Upload,
) -> Result<Json<Planned>, ApiError> {
    let target = item_target(&item)?;
    Ok(Json(
        blocking(&shared, move |s| plan_upload(s, &target, &bytes, q.replace)).await?,
    ))
}

/// `POST /api/words/take`.
pub async fn words_take(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<Replace>,
    Upload(bytes): Upload,
) -> Result<Json<Planned>, ApiError> {
    Ok(Json(
        blocking(&shared, move |s| {
            plan_upload(s, &Target::Words, &bytes, q.replace)
        })
        .await?,
    ))
}

/// `POST /api/item/ITEM/take/TAKE/keep`.
pub async fn item_keep(
    State(shared): State<Arc<Shared>>,
    Path((item, id)): Path<(String, String)>,
    Query(q): Query<Replace>,
) -> Result<Json<Kept>, ApiError> {
    let target = item_target(&item)?;
    let id = TakeId::parse(&id)?;
    Ok(Json(
        blocking(&shared, move |s| keep(s, &target, &id, q.replace)).await?,
    ))
}

/// `POST /api/words/take/TAKE/keep`.
pub async fn words_keep(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(q): Query<Replace>,
) -> Result<Json<Kept>, ApiError> {
    let id = TakeId::parse(&id)?;
    Ok(Json(
        blocking(&shared, move |s| keep(s, &Target::Words, &id, q.replace)).await?,
    ))
}

/// `DELETE /api/take/TAKE`.
pub async fn discard(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = TakeId::parse(&id)?;
    blocking(&shared, move |s| {
        let _writing = s.writing();
        incoming::discard(&s.booth.project.root, &id)
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/item/ITEM/line/LINE`.
pub async fn item_line(
    State(shared): State<Arc<Shared>>,
    Path((item, line)): Path<(String, String)>,
    Upload(bytes): Upload,
) -> Result<Json<Saved>, ApiError> {
    let target = item_target(&item)?;
    let line = ids::line(&line)?.to_string();
    Ok(Json(
        blocking(&shared, move |s| {
            save(s, &sheet(s, &target)?, &line, &bytes)
        })
        .await?,
    ))
}

/// `POST /api/words/line/LINE`.
pub async fn words_line(
    State(shared): State<Arc<Shared>>,
    Path(line): Path<String>,
    Upload(bytes): Upload,
) -> Result<Json<Saved>, ApiError> {
    let line = ids::line(&line)?.to_string();
    Ok(Json(
        blocking(&shared, move |s| {
            save(s, &sheet(s, &Target::Words)?, &line, &bytes)
        })
        .await?,
    ))
}

/// `POST /api/station/line/LINE`: saved through the sheet of the first item that reads it.
pub async fn station_line(
    State(shared): State<Arc<Shared>>,
    Path(line): Path<String>,
    Upload(bytes): Upload,
) -> Result<Json<Saved>, ApiError> {
    let line = ids::line(&line)?.to_string();
    let saved = blocking(&shared, move |s| {
        let found = lines::station_lines(&s.booth.project, s.booth.station.as_deref())?;
        let (_, sheet) = found
            .into_iter()
            .find(|(l, _)| l.key() == line)
            .ok_or_else(|| StudioError::NotFound(format!("không có câu `{line}`")))?;
        save(s, &sheet, &line, &bytes)
    })
    .await?;
    Ok(Json(saved))
}

fn statuses(s: &Shared, target: &Target) -> Result<Vec<LineStatus>, StudioError> {
    let sheet = sheet(s, target)?;
    let root = &s.booth.project.root;
    Ok(take::status(root, &sheet, &Records::load(root)?, true))
}

/// `GET /api/item/ITEM`.
pub async fn item_status(
    State(shared): State<Arc<Shared>>,
    Path(item): Path<String>,
) -> Result<Json<Vec<LineStatus>>, ApiError> {
    let target = item_target(&item)?;
    Ok(Json(
        blocking(&shared, move |s| statuses(s, &target)).await?,
    ))
}

/// `GET /api/words`.
pub async fn words_status(
    State(shared): State<Arc<Shared>>,
) -> Result<Json<Vec<LineStatus>>, ApiError> {
    Ok(Json(
        blocking(&shared, |s| statuses(s, &Target::Words)).await?,
    ))
}
