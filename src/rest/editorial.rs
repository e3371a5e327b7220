//! Article writes under `/api/v1/articles`: create, update, delete, the lifecycle steps
//! (publish, unpublish, archive, withdraw) and corrections. Each calls the content function
//! its GraphQL mutation calls, so the rules and the role (editor) are the same.
//!
//! Optimistic locking is HTTP's: `If-Match` carries the version the client read (`3`,
//! `"3"`, `W/"3"`, or an entity tag starting with `3-`); a write to an article that has moved
//! on is `412` with code `CONFLICT` and writes nothing. Without `If-Match` (or with `*`) the
//! write is unconditional, as GraphQL's without `expectedVersion`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::content::Viewer;
use crate::content::articles::{Article, BodyFormat};
use crate::content::editorial::{self, CreateArticleInput, Transition, UpdateArticleInput};
use crate::error::AppResult;
use crate::rest::extract::{Editor, IfMatch, IfMatchHeader, JsonBody, rest_body_field};
use crate::rest::params::Params;
use crate::rest::views::{self, ArticleView, ErrorView, ItemView};
use crate::state::AppState;

/// The article write routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_article))
        .routes(routes!(update_article, delete_article))
        .routes(routes!(publish_article))
        .routes(routes!(unpublish_article))
        .routes(routes!(archive_article))
        .routes(routes!(withdraw_article))
        .routes(routes!(add_correction))
}

/// Body of `POST /api/v1/articles/{idOrSlug}/publish`; the body itself is optional.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishInput {
    /// When to publish (not before 1900). Default: now, or the time it already has when it
    /// is public. A future time schedules the article.
    pub at: Option<DateTime<Utc>>,
}

/// Body of `POST /api/v1/articles/{idOrSlug}/withdraw`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WithdrawInput {
    /// Why the article was withdrawn, shown to the public in place of its text (1–1000
    /// characters).
    pub reason: String,
}

/// Body of `POST /api/v1/articles/{idOrSlug}/corrections`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CorrectionInput {
    /// What readers see (at most 5,000 bytes).
    pub text: String,
}

/// Creates a draft. The slug is derived from the title when not given. Answers the article
/// with its body as HTML, and its address in `Location`.
#[utoipa::path(
    post,
    path = "/api/v1/articles",
    tag = "articles",
    request_body = CreateArticleInput,
    responses(
        (status = 201, description = "The new draft", body = ItemView<ArticleView>,
            headers(("Location" = String, description = "The article's address: /api/v1/articles/{id}"))),
        (status = 400, description = "The body is malformed or a field has a bad value", body = ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = ErrorView),
        (status = 403, description = "The key is not an editor's", body = ErrorView),
        (status = 409, description = "Another article has the slug", body = ErrorView),
        (status = 413, description = "The body is larger than the server accepts", body = ErrorView),
    ),
    security(("bearer" = []))
)]
async fn create_article(
    State(state): State<AppState>,
    Editor(viewer): Editor,
    params: Params,
    JsonBody(input): JsonBody<CreateArticleInput>,
) -> AppResult<Response> {
    params.finish()?;
    let article = editorial::create_article(&state.db, &viewer, input)
        .await
        .map_err(rest_body_field)?;
    let location = format!("/api/v1/articles/{}", article.id);
    let mut response = respond(&state, article, StatusCode::CREATED).await?;
    if let Ok(value) = location.parse() {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

/// Changes the fields given in the body; `null` clears an optional field. Every change is a
/// new version, and the previous state is kept as a revision.
#[utoipa::path(
    patch,
    path = "/api/v1/articles/{idOrSlug}",
    tag = "articles",
    params(("idOrSlug" = String, Path, description = "The article's id or slug"), IfMatchHeader),
    request_body = UpdateArticleInput,
    responses(
        (status = 200, description = "The article as it now is", body = ItemView<ArticleView>),
        (status = 400, description = "The body or `If-Match` is malformed, or a field has a bad value", body = ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = ErrorView),
        (status = 403, description = "The key is not an editor's", body = ErrorView),
        (status = 404, description = "No article has this id or slug", body = ErrorView),
        (status = 409, description = "Another article has the slug", body = ErrorView),
        (status = 412, description = "The article is no longer at the version in `If-Match` (code `CONFLICT`)", body = ErrorView),
        (status = 413, description = "The body is larger than the server accepts", body = ErrorView),
    ),
    security(("bearer" = []))
)]
async fn update_article(
    State(state): State<AppState>,
    Editor(viewer): Editor,
    IfMatch(expected): IfMatch,
    Path(key): Path<String>,
    params: Params,
    JsonBody(input): JsonBody<UpdateArticleInput>,
) -> AppResult<Response> {
    params.finish()?;
    let id = article_id(&state, &viewer, &key).await?;
    let article = editorial::update_article(&state.db, &viewer, id, input, expected)
        .await
        .map_err(rest_body_field)?;
    respond(&state, article, StatusCode::OK).await
}

/// Deletes an article with its revisions and corrections.
#[utoipa::path(
    delete,
    path = "/api/v1/articles/{idOrSlug}",
    tag = "articles",
    params(("idOrSlug" = String, Path, description = "The article's id or slug"), IfMatchHeader),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "`If-Match` or a parameter is malformed", body = ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = ErrorView),
        (status = 403, description = "The key is not an editor's", body = ErrorView),
        (status = 404, description = "No article has this id or slug", body = ErrorView),
        (status = 412, description = "The article is no longer at the version in `If-Match` (code `CONFLICT`)", body = ErrorView),
    ),
    security(("bearer" = []))
)]
async fn delete_article(
    State(state): State<AppState>,
    Editor(viewer): Editor,
    IfMatch(expected): IfMatch,
    Path(key): Path<String>,
    params: Params,
) -> AppResult<StatusCode> {
    params.finish()?;
    let id = article_id(&state, &viewer, &key).await?;
    editorial::delete_article(&state.db, &viewer, id, expected)
        .await
        .map_err(rest_body_field)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Publishes an article at `at` (default now). A future `at` schedules it: it becomes public
/// at that time, with no job to run. Publishing takes an article out of any withdrawal.
#[utoipa::path(
    post,
    path = "/api/v1/articles/{idOrSlug}/publish",
    tag = "articles",
    params(("idOrSlug" = String, Path, description = "The article's id or slug"), IfMatchHeader),
    request_body(content = Option<PublishInput>, description = "Optional: when to publish"),
    responses(
        (status = 200, description = "The article, `PUBLISHED` or `SCHEDULED`", body = ItemView<ArticleView>),
        (status = 400, description = "The body or `If-Match` is malformed, or `at` has a bad value", body = ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = ErrorView),
        (status = 403, description = "The key is not an editor's", body = ErrorView),
        (status = 404, description = "No article has this id or slug", body = ErrorView),
        (status = 412, description = "The article is no longer at the version in `If-Match` (code `CONFLICT`)", body = ErrorView),
    ),
    security(("bearer" = []))
)]
async fn publish_article(
    State(state): State<AppState>,
    Editor(viewer): Editor,
    IfMatch(expected): IfMatch,
    Path(key): Path<String>,
    params: Params,
    body: Option<JsonBody<PublishInput>>,
) -> AppResult<Response> {
    let at = body.map(|JsonBody(input)| input).unwrap_or_default().at;
    step(state, viewer, expected, key, params, Transition::Publish(at)).await
}

/// Takes an article back to `DRAFT`: out of public reads until published again.
#[utoipa::path(
    post,
    path = "/api/v1/articles/{idOrSlug}/unpublish",
    tag = "articles",
    params(("idOrSlug" = String, Path, description = "The article's id or slug"), IfMatchHeader),
    responses(
        (status = 200, description = "The article, now a `DRAFT`", body = ItemView<ArticleView>),
        (status = 400, description = "`If-Match` or a parameter is malformed", body = ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = ErrorView),
        (status = 403, description = "The key is not an editor's", body = ErrorView),
        (status = 404, description = "No article has this id or slug", body = ErrorView),
        (status = 412, description = "The article is no longer at the version in `If-Match` (code `CONFLICT`)", body = ErrorView),
    ),
    security(("bearer" = []))
)]
async fn unpublish_article(
    State(state): State<AppState>,
    Editor(viewer): Editor,
    IfMatch(expected): IfMatch,
    Path(key): Path<String>,
    params: Params,
) -> AppResult<Response> {
    step(state, viewer, expected, key, params, Transition::Unpublish).await
}

/// Archives an article: out of public reads, kept for editors.
#[utoipa::path(
    post,
    path = "/api/v1/articles/{idOrSlug}/archive",
    tag = "articles",
    params(("idOrSlug" = String, Path, description = "The article's id or slug"), IfMatchHeader),
    responses(
        (status = 200, description = "The article, now `ARCHIVED`", body = ItemView<ArticleView>),
        (status = 400, description = "`If-Match` or a parameter is malformed", body = ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = ErrorView),
        (status = 403, description = "The key is not an editor's", body = ErrorView),
        (status = 404, description = "No article has this id or slug", body = ErrorView),
        (status = 412, description = "The article is no longer at the version in `If-Match` (code `CONFLICT`)", body = ErrorView),
    ),
    security(("bearer" = []))
)]
async fn archive_article(
    State(state): State<AppState>,
    Editor(viewer): Editor,
    IfMatch(expected): IfMatch,
    Path(key): Path<String>,
    params: Params,
) -> AppResult<Response> {
    step(state, viewer, expected, key, params, Transition::Archive).await
}

/// Withdraws (kills) an article: its text is no longer served publicly, but reading it by id
/// or slug answers `WITHDRAWN` with the public `reason`, so apps that cached it can replace it.
#[utoipa::path(
    post,
    path = "/api/v1/articles/{idOrSlug}/withdraw",
    tag = "articles",
    params(("idOrSlug" = String, Path, description = "The article's id or slug"), IfMatchHeader),
    request_body = WithdrawInput,
    responses(
        (status = 200, description = "The article, now `WITHDRAWN`", body = ItemView<ArticleView>),
        (status = 400, description = "The body or `If-Match` is malformed, or `reason` has a bad value", body = ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = ErrorView),
        (status = 403, description = "The key is not an editor's", body = ErrorView),
        (status = 404, description = "No article has this id or slug", body = ErrorView),
        (status = 412, description = "The article is no longer at the version in `If-Match` (code `CONFLICT`)", body = ErrorView),
        (status = 413, description = "The body is larger than the server accepts", body = ErrorView),
    ),
    security(("bearer" = []))
)]
async fn withdraw_article(
    State(state): State<AppState>,
    Editor(viewer): Editor,
    IfMatch(expected): IfMatch,
    Path(key): Path<String>,
    params: Params,
    JsonBody(input): JsonBody<WithdrawInput>,
) -> AppResult<Response> {
    step(state, viewer, expected, key, params, Transition::Withdraw(input.reason)).await
}

/// Appends a public correction. Answers `200` with the article (corrections have no address
/// of their own), its `corrections` ending with the new one; the version moves on.
#[utoipa::path(
    post,
    path = "/api/v1/articles/{idOrSlug}/corrections",
    tag = "articles",
    params(("idOrSlug" = String, Path, description = "The article's id or slug"), IfMatchHeader),
    request_body = CorrectionInput,
    responses(
        (status = 200, description = "The article with its corrections", body = ItemView<ArticleView>),
        (status = 400, description = "The body or `If-Match` is malformed, or `text` has a bad value", body = ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = ErrorView),
        (status = 403, description = "The key is not an editor's", body = ErrorView),
        (status = 404, description = "No article has this id or slug", body = ErrorView),
        (status = 412, description = "The article is no longer at the version in `If-Match` (code `CONFLICT`)", body = ErrorView),
        (status = 413, description = "The body is larger than the server accepts", body = ErrorView),
    ),
    security(("bearer" = []))
)]
async fn add_correction(
    State(state): State<AppState>,
    Editor(viewer): Editor,
    IfMatch(expected): IfMatch,
    Path(key): Path<String>,
    params: Params,
    JsonBody(input): JsonBody<CorrectionInput>,
) -> AppResult<Response> {
    params.finish()?;
    let id = article_id(&state, &viewer, &key).await?;
    let article = editorial::add_correction(&state.db, &viewer, id, &input.text, expected)
        .await
        .map_err(rest_body_field)?;
    respond(&state, article, StatusCode::OK).await
}

/// Runs one lifecycle step and answers the article.
async fn step(
    state: AppState,
    viewer: Viewer,
    expected: Option<i32>,
    key: String,
    params: Params,
    step: Transition,
) -> AppResult<Response> {
    params.finish()?;
    let id = article_id(&state, &viewer, &key).await?;
    let article = editorial::transition(&state.db, &viewer, id, step, expected)
        .await
        .map_err(rest_body_field)?;
    respond(&state, article, StatusCode::OK).await
}

/// The id of the article with this id or slug (an editor sees every article).
async fn article_id(state: &AppState, viewer: &Viewer, key: &str) -> AppResult<Uuid> {
    match Uuid::try_parse(key) {
        Ok(id) => Ok(id),
        Err(_) => Ok(crate::rest::articles::find(state, viewer, key).await?.id),
    }
}

/// The article as `GET /api/v1/articles/{id}` shows it to the writer: body as HTML, source,
/// tags and corrections.
async fn respond(state: &AppState, article: Article, status: StatusCode) -> AppResult<Response> {
    let related = views::related(&state.db, &[&article]).await?;
    let corrections = editorial::corrections_of(&state.db, &[article.id])
        .await?
        .remove(&article.id)
        .unwrap_or_default();
    let view = ArticleView::new(article, &related, Some(BodyFormat::Html)).with_corrections(corrections);
    Ok((status, Json(ItemView { data: view })).into_response())
}
