//! The booth's pages, in Vietnamese, through tera templates with autoescape (`templates/`, built
//! into the binary): the items with their counts (`/`), an item's lines with the whole-take
//! recorder (`/item/ITEM`), the station's lines (`/station`), the date words (`/words`); the
//! script and style they load (`/static/…`); and each recorded clip (`/clip/…`), found from the
//! sheet, never from a path the browser sends.

use std::sync::{Arc, OnceLock};

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use tera::{Context, Tera};

use crate::output::html::esc;
use crate::take::{self, Records, SheetLine, Target};

use super::error::{PageError, StudioError};
use super::lines::{self, counts, Counts, ItemRow, Row};
use super::{blocking, ids, Shared};

const TEMPLATES: [(&str, &str); 3] = [
    ("page.html.tera", include_str!("templates/page.html.tera")),
    ("index.html.tera", include_str!("templates/index.html.tera")),
    ("lines.html.tera", include_str!("templates/lines.html.tera")),
];

/// The static files: name, content type, text.
const STATIC: [(&str, &str, &str); 3] = [
    (
        "booth.js",
        "text/javascript; charset=utf-8",
        include_str!("templates/booth.js"),
    ),
    (
        "capture.js",
        "text/javascript; charset=utf-8",
        include_str!("templates/capture.js"),
    ),
    (
        "booth.css",
        "text/css; charset=utf-8",
        include_str!("templates/booth.css"),
    ),
];

fn templates() -> Result<&'static Tera, StudioError> {
    static TERA: OnceLock<Result<Tera, String>> = OnceLock::new();
    let loaded = TERA.get_or_init(|| {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html.tera"]);
        tera.set_escape_fn(esc);
        tera.add_raw_templates(TEMPLATES).map_err(|e| message(&e))?;
        Ok(tera)
    });
    loaded
        .as_ref()
        .map_err(|m| StudioError::Internal(m.clone()))
}

fn message(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        text.push_str(&format!(": {c}"));
        cause = c.source();
    }
    text
}

/// Renders a built-in page.
pub fn render(name: &str, values: &impl Serialize) -> Result<String, StudioError> {
    let context =
        Context::from_serialize(values).map_err(|e| StudioError::Internal(message(&e)))?;
    templates()?
        .render(name, &context)
        .map_err(|e| StudioError::Internal(message(&e)))
}

#[derive(Serialize)]
struct IndexPage {
    station: String,
    items: Vec<ItemRow>,
}

/// `/`: the items with their counts.
pub async fn index(State(shared): State<Arc<Shared>>) -> Result<Html<String>, PageError> {
    let page = blocking(&shared, |s| {
        let station = s.booth.project.station(s.booth.station.as_deref())?;
        let items = lines::items(&s.booth.project, s.booth.station.as_deref())?;
        render(
            "index.html.tera",
            &IndexPage {
                station: station.name,
                items,
            },
        )
    })
    .await?;
    Ok(Html(page))
}

/// The values of `lines.html.tera`.
#[derive(Serialize)]
struct LinesPage {
    title: String,
    subtitle: String,
    /// `item`, `words` or `station`.
    kind: &'static str,
    /// Where the page's API lives (`/api/item/ITEM`, `/api/words`, `/api/station`).
    api: String,
    /// Whether the page records whole takes.
    whole_take: bool,
    counts: Counts,
    lines: Vec<Row>,
    max_upload_mb: usize,
}

impl LinesPage {
    fn new(
        shared: &Shared,
        kind: &'static str,
        api: String,
        lines: Vec<Row>,
        counts: Counts,
    ) -> LinesPage {
        LinesPage {
            title: String::new(),
            subtitle: String::new(),
            kind,
            api,
            whole_take: kind != "station",
            counts,
            lines,
            max_upload_mb: shared.booth.max_upload_mb,
        }
    }
}

/// The rows and counts of sheet lines, each clip decoded and checked.
fn measured(
    shared: &Shared,
    lines_: &[SheetLine],
    clip_base: &str,
) -> Result<(Vec<Row>, Counts), StudioError> {
    let root = &shared.booth.project.root;
    let records = Records::load(root)?;
    let statuses: Vec<_> = lines_
        .iter()
        .filter(|l| !l.repeat)
        .map(|l| take::line_status(root, l, &records, true))
        .collect();
    Ok((lines::rows(lines_, &statuses, clip_base), counts(&statuses)))
}

/// `/item/ITEM`: the item's numbered lines and the recorder.
pub async fn item(
    State(shared): State<Arc<Shared>>,
    Path(item): Path<String>,
) -> Result<Html<String>, PageError> {
    let id = ids::item(&item)?.to_string();
    let page = blocking(&shared, move |s| {
        let sheet = lines::sheet(
            &s.booth.project,
            s.booth.station.as_deref(),
            &Target::Item(id.clone()),
        )?;
        let (rows, c) = measured(s, &sheet.lines, &format!("/clip/item/{id}"))?;
        let mut page = LinesPage::new(s, "item", format!("/api/item/{id}"), rows, c);
        page.title = sheet.title.clone();
        page.subtitle = format!("Mã bài: {id} · Đài: {}", sheet.station);
        render("lines.html.tera", &page)
    })
    .await?;
    Ok(Html(page))
}

/// `/words`: the date words.
pub async fn words(State(shared): State<Arc<Shared>>) -> Result<Html<String>, PageError> {
    let page = blocking(&shared, |s| {
        let sheet = lines::sheet(&s.booth.project, s.booth.station.as_deref(), &Target::Words)?;
        let (rows, c) = measured(s, &sheet.lines, "/clip/words")?;
        let mut page = LinesPage::new(s, "words", "/api/words".into(), rows, c);
        page.title = sheet.title.clone();
        page.subtitle = "Các từ ghép thành ngày tháng đọc trong mỗi buổi phát thanh".into();
        render("lines.html.tera", &page)
    })
    .await?;
    Ok(Html(page))
}

/// `/station`: the station's greeting and contact lines and the shared lines.
pub async fn station(State(shared): State<Arc<Shared>>) -> Result<Html<String>, PageError> {
    let page = blocking(&shared, |s| {
        let found = lines::station_lines(&s.booth.project, s.booth.station.as_deref())?;
        let sheet_lines: Vec<SheetLine> = found.into_iter().map(|(l, _)| l).collect();
        let (rows, c) = measured(s, &sheet_lines, "/clip/station")?;
        let station = s.booth.project.station(s.booth.station.as_deref())?;
        let mut page = LinesPage::new(s, "station", "/api/station".into(), rows, c);
        page.title = format!("Câu của đài — {}", station.name);
        page.subtitle = "Lời chào, số liên hệ của đài và các câu chung của mọi bài".into();
        render("lines.html.tera", &page)
    })
    .await?;
    Ok(Html(page))
}

/// `/static/NAME`: the booth's script, capture worklet and style.
pub async fn static_file(Path(name): Path<String>) -> Response {
    match STATIC.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, text)) => ([(header::CONTENT_TYPE, *kind)], *text).into_response(),
        None => (StatusCode::NOT_FOUND, "404 not found\n").into_response(),
    }
}

/// The clip of `line` in the sheet of `target` (or among the station's lines for `None`), as
/// bytes with their content type; never cached, as a new recording replaces it under the same
/// address.
fn clip(shared: &Shared, target: Option<Target>, line: &str) -> Result<Response, StudioError> {
    let (p, station) = (&shared.booth.project, shared.booth.station.as_deref());
    let clip = match target {
        Some(t) => lines::line(&lines::sheet(p, station, &t)?, line)?
            .clip
            .clone(),
        None => lines::station_lines(p, station)?
            .into_iter()
            .find(|(l, _)| l.key() == line)
            .map(|(l, _)| l.clip)
            .ok_or_else(|| StudioError::NotFound(format!("không có câu `{line}`")))?,
    };
    let file = crate::script::find_clip(&p.root, &clip)
        .ok_or_else(|| StudioError::NotFound(format!("câu `{line}` chưa được thu")))?;
    let bytes = std::fs::read(&file).map_err(|source| crate::error::Error::Read {
        path: file.clone(),
        source,
    })?;
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("mp3") => "audio/mpeg",
        Some("flac") => "audio/flac",
        Some("ogg") => "audio/ogg",
        Some("m4a") => "audio/mp4",
        _ => "audio/wav",
    };
    let headers = [
        (header::CONTENT_TYPE, kind),
        (header::CACHE_CONTROL, "no-store"),
    ];
    Ok((headers, bytes).into_response())
}

/// `/clip/item/ITEM/LINE`.
pub async fn item_clip(
    State(shared): State<Arc<Shared>>,
    Path((item, line)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let target = Target::Item(ids::item(&item)?.to_string());
    let line = ids::line(&line)?.to_string();
    Ok(blocking(&shared, move |s| clip(s, Some(target), &line)).await?)
}

/// `/clip/words/LINE`.
pub async fn words_clip(
    State(shared): State<Arc<Shared>>,
    Path(line): Path<String>,
) -> Result<Response, PageError> {
    let line = ids::line(&line)?.to_string();
    Ok(blocking(&shared, move |s| clip(s, Some(Target::Words), &line)).await?)
}

/// `/clip/station/LINE`.
pub async fn station_clip(
    State(shared): State<Arc<Shared>>,
    Path(line): Path<String>,
) -> Result<Response, PageError> {
    let line = ids::line(&line)?.to_string();
    Ok(blocking(&shared, move |s| clip(s, None, &line)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_renders_and_escapes() {
        let page = IndexPage {
            station: "<b>Đài</b>".into(),
            items: vec![ItemRow {
                id: "a".into(),
                title: "<script>x</script>".into(),
                kind: "Câu chuyện",
                counts: Counts::default(),
                error: Some("e".into()),
            }],
        };
        let html = render("index.html.tera", &page).unwrap();
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(!html.contains("<script>x"));
        let lines = LinesPage {
            title: "T".into(),
            subtitle: "S".into(),
            kind: "item",
            api: "/api/item/a".into(),
            whole_take: true,
            counts: Counts::default(),
            lines: vec![],
            max_upload_mb: 200,
        };
        let html = render("lines.html.tera", &lines).unwrap();
        assert!(html.contains("id=\"take-record\""));
        assert!(html.contains("data-api=\"/api/item/a\""));
    }
}
