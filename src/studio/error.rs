//! The booth's errors, each with the HTTP status it answers with: an unknown item, line or take
//! is 404, a malformed id 400, a missing or wrong token 403, an upload over the limit 413, a
//! file loaxa cannot read 415 or 422, a take that does not fit its script 422. API routes answer
//! with JSON (`{"error": …, "problems": […]}`), pages with a short page.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Json, Response};
use serde::Serialize;

use crate::error::Error;
use crate::output::html::esc;

/// Why the booth refused or failed a request.
#[derive(Debug, thiserror::Error)]
pub enum StudioError {
    /// An item, line, take or file that does not exist.
    #[error("{0}")]
    NotFound(String),
    /// A malformed id or request.
    #[error("{0}")]
    BadRequest(String),
    /// No token, or the wrong one; or a request from another site.
    #[error("{0}")]
    Forbidden(String),
    /// An upload over `--max-upload-mb`.
    #[error("tệp quá lớn: tối đa {limit_mb} MB (đổi bằng `loaxa studio --max-upload-mb N`)")]
    TooLarge {
        /// The limit, in MB.
        limit_mb: usize,
    },
    /// An upload in a format loaxa does not read.
    #[error("{0}")]
    Unsupported(String),
    /// A take that does not fit its script: nothing was written.
    #[error("bản thu không khớp với kịch bản, chưa ghi gì: {}", problems.join("; "))]
    Refused {
        /// Each line that does not fit.
        problems: Vec<String>,
    },
    /// The library's error.
    #[error(transparent)]
    Loaxa(#[from] Error),
    /// A worker that stopped without an answer (a bug).
    #[error("internal error: {0}")]
    Internal(String),
}

impl StudioError {
    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            StudioError::NotFound(_) => StatusCode::NOT_FOUND,
            StudioError::BadRequest(_) => StatusCode::BAD_REQUEST,
            StudioError::Forbidden(_) => StatusCode::FORBIDDEN,
            StudioError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            StudioError::Unsupported(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            StudioError::Refused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            StudioError::Loaxa(e) => library_status(e),
            StudioError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn problems(&self) -> &[String] {
        match self {
            StudioError::Refused { problems } => problems,
            StudioError::Loaxa(Error::TakeRefused { problems, .. }) => problems,
            _ => &[],
        }
    }
}

fn library_status(e: &Error) -> StatusCode {
    match e {
        Error::UnknownItem { .. } => StatusCode::NOT_FOUND,
        Error::Usage(_) => StatusCode::BAD_REQUEST,
        Error::Audio { .. } | Error::TakeRefused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: String,
    problems: &'a [String],
}

/// An error answered as JSON (the `/api/` routes).
#[derive(Debug)]
pub struct ApiError(pub StudioError);

impl<E: Into<StudioError>> From<E> for ApiError {
    fn from(e: E) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            error: self.0.to_string(),
            problems: self.0.problems(),
        };
        (self.0.status(), Json(body)).into_response()
    }
}

/// An error answered as a short page (pages and clips).
#[derive(Debug)]
pub struct PageError(pub StudioError);

impl<E: Into<StudioError>> From<E> for PageError {
    fn from(e: E) -> PageError {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let page = format!(
            "<!DOCTYPE html><html lang=\"vi\"><meta charset=\"utf-8\"><title>{code}</title>\
             <body><h1>{code}</h1><p>{}</p><p><a href=\"/\">Về phòng thu</a></p></body></html>",
            esc(&self.0.to_string()),
            code = status.as_u16()
        );
        (status, Html(page)).into_response()
    }
}
