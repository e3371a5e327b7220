//! `POST /api/v1/import`: NDJSON in the request body, read as it arrives (a large import
//! never sits in memory), imported with the caller's editor key; the answer is the import
//! report.

use std::collections::HashMap;

use axum::Json;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::HeaderMap;
use futures_util::TryStreamExt;
use tokio::io::BufReader;
use tokio_util::io::StreamReader;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth;
use crate::content::Role;
use crate::content::import::ImportOptions;
use crate::error::{AppError, AppResult};
use crate::ingest::{ImportReport, Importer};
use crate::state::AppState;

/// The import route. The request-size limit of the other routes does not apply: the body
/// is streamed, and each line is limited on its own.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import))
        .layer(DefaultBodyLimit::disable())
}

/// Imports articles from NDJSON (one article per line, the API's field names), as
/// `gazette import` does; answers the import report. Needs an editor key.
#[utoipa::path(
    post,
    path = "/api/v1/import",
    tag = "import",
    params(
        ("strict" = Option<bool>, Query, description = "All or nothing: any rejected line rolls the whole import back"),
        ("autoTag" = Option<bool>, Query, description = "Tag articles whose text names a tag (default true)"),
        ("status" = Option<String>, Query, description = "`published` or `draft`, for articles that name no status"),
        ("language" = Option<String>, Query, description = "BCP 47 language for articles that name none"),
    ),
    request_body(content = String, content_type = "application/x-ndjson", description = "One JSON article per line"),
    responses(
        (status = 200, description = "The import report", body = Object),
        (status = 400, description = "A parameter is unknown or has a bad value", body = crate::rest::views::ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = crate::rest::views::ErrorView),
        (status = 403, description = "The key is not an editor's", body = crate::rest::views::ErrorView),
    ),
    security(("bearer" = []))
)]
async fn import(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
    body: Body,
) -> AppResult<Json<ImportReport>> {
    // Refused before a byte of the body is read.
    let viewer = auth::viewer(&state, &headers).await?;
    viewer.require(Role::Editor)?;
    let options = options(&params)?;
    let strict = flag(&params, "strict", false)?;
    let mut importer = if strict {
        Importer::strict(&state.db, &viewer, options).await?
    } else {
        Importer::new(&state.db, &viewer, options)
    };
    let reader = StreamReader::new(body.into_data_stream().map_err(std::io::Error::other));
    importer
        .ndjson("body", BufReader::with_capacity(256 << 10, reader))
        .await?;
    Ok(Json(importer.finish().await?))
}

fn options(params: &HashMap<String, String>) -> AppResult<ImportOptions> {
    if let Some(unknown) = params
        .keys()
        .find(|k| !["strict", "autoTag", "status", "language"].contains(&k.as_str()))
    {
        return Err(AppError::bad_field(
            unknown,
            format!("unknown parameter {unknown:?}: expected strict, autoTag, status or language"),
        ));
    }
    ImportOptions::parse(
        ("status", params.get("status").map(String::as_str)),
        ("language", params.get("language").map(String::as_str)),
        flag(params, "autoTag", true)?,
    )
}

fn flag(params: &HashMap<String, String>, name: &str, default: bool) -> AppResult<bool> {
    match params.get(name).map(String::as_str) {
        None => Ok(default),
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(other) => Err(AppError::bad_field(
            name,
            format!("`{name}` must be true or false, not {other:?}"),
        )),
    }
}
