//! Article writes under `/api/v1/articles`: create, update, delete, the lifecycle steps
//! (publish, unpublish, archive, withdraw) and corrections. Each calls the content function
//! its GraphQL mutation calls, so the rules and the role (editor) are the same.
//!
//! Optimistic locking is HTTP's: `If-Match` carries the version the client read (`3`,
//! `"3"`, `W/"3"`, or an entity tag starting with `3-`); a write to an article that has moved
//! on is `412` with code `CONFLICT` and writes nothing. Without `If-Match` (or with `*`) the
//! write is unconditional, as GraphQL's without `expectedVersion`.
//!
//! Also here, shared with the catalog writes: [`JsonBody`], the JSON body extractor that
//! answers bad bodies in Gazette's error format, and [`rest_body_field`].

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, OptionalFromRequest, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::de::{DeserializeOwned, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::Caller;
use crate::content::articles::{Article, BodyFormat};
use crate::content::editorial::{self, CreateArticleInput, Transition, UpdateArticleInput};
use crate::content::{Role, Viewer};
use crate::error::{AppError, AppResult};
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

// ---------------------------------------------------------------------------------------
// Who may write, and on which version.

/// The caller of an article write: a key with the editor role. No key or a bad one is `401`,
/// another role `403`, both before the body is read.
pub struct Editor(pub Viewer);

impl FromRequestParts<AppState> for Editor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let Caller(viewer) = Caller::from_request_parts(parts, state).await?;
        viewer.require(Role::Editor)?;
        Ok(Self(viewer))
    }
}

/// The version an article write expects, from `If-Match`; `None` without the header or with
/// `*`.
pub struct IfMatch(pub Option<i32>);

/// `If-Match` as the OpenAPI document lists it.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IfMatchHeader {
    /// The article's `version` as read (`3`, `"3"`, `W/"3"`, or an entity tag starting with
    /// `3-`): the write fails with `412` if the article has changed since. `*` or no header:
    /// write whatever the version.
    #[param(rename = "If-Match")]
    pub if_match: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> AppResult<Self> {
        let Some(value) = parts.headers.get(header::IF_MATCH) else {
            return Ok(Self(None));
        };
        let text = value.to_str().unwrap_or_default().trim();
        expected_version(text).map(Self).ok_or_else(|| {
            AppError::bad_field(
                "If-Match",
                format!("`If-Match` must be the article's version (3, \"3\" or W/\"3\") or *, not {text:?}"),
            )
        })
    }
}

/// `*` → `Some(None)`; `3`, `"3"`, `W/"3"`, `"3-…"` → `Some(Some(3))`; anything else `None`.
fn expected_version(value: &str) -> Option<Option<i32>> {
    if value == "*" {
        return Some(None);
    }
    let tag = value.strip_prefix("W/").unwrap_or(value);
    let tag = match tag.strip_prefix('"') {
        Some(quoted) => quoted.strip_suffix('"')?,
        None => tag,
    };
    let version = tag.split_once('-').map_or(tag, |(version, _)| version);
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    version.parse().ok().map(Some)
}

/// Names the fields of the content layer's errors as a REST request spells them: body
/// fields without GraphQL's `input.` in front, and `If-Match` for the expected version.
pub fn rest_body_field(error: AppError) -> AppError {
    let rename = |message: String, field: String| match field.strip_prefix("input.") {
        Some(name) => (
            message.replace(&format!("`{field}`"), &format!("`{name}`")),
            name.to_string(),
        ),
        None => (message, field),
    };
    match error {
        AppError::BadUserInput {
            message,
            field: Some(field),
        } => {
            let (message, field) = rename(message, field);
            AppError::BadUserInput {
                message,
                field: Some(field),
            }
        }
        AppError::Conflict {
            message,
            field: Some(field),
        } => {
            let (message, field) = rename(message, field);
            AppError::Conflict {
                message,
                field: Some(field),
            }
        }
        AppError::VersionMismatch { expected, actual, .. } => AppError::VersionMismatch {
            expected,
            actual,
            field: "If-Match",
        },
        other => other,
    }
}

// ---------------------------------------------------------------------------------------
// JSON bodies.

/// A JSON request body of type `T`. A body over the server's limit is `413`; a body that is
/// not JSON, not sent as JSON, or does not fit `T` (a missing or unknown field, a wrong
/// type) is `400 BAD_USER_INPUT` naming the field at fault. As `Option<JsonBody<T>>`, an
/// empty body is `None`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> AppResult<Self> {
        match read(request, state).await? {
            Some(value) => parse(value).map(Self),
            None => Err(AppError::bad_input("this request needs a JSON body")),
        }
    }
}

impl<T: DeserializeOwned> OptionalFromRequest<AppState> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> AppResult<Option<Self>> {
        read(request, state)
            .await?
            .map(|value| parse(value).map(Self))
            .transpose()
    }
}

/// The body as JSON; `None` when it is empty.
async fn read(request: Request, state: &AppState) -> AppResult<Option<Value>> {
    let is_json = is_json(request.headers());
    let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge {
                limit: state.config.max_body_bytes,
            }
        } else {
            AppError::bad_input(rejection.body_text())
        }
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    if !is_json {
        return Err(AppError::bad_field(
            "Content-Type",
            "send the body as JSON, with `Content-Type: application/json`",
        ));
    }
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| AppError::bad_input(format!("the body is not valid JSON: {e}")))
}

/// Whether `Content-Type` is `application/json` or another `+json` type.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mime = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// `T` from a JSON object, naming the field at fault when it does not fit.
fn parse<T: DeserializeOwned>(value: Value) -> AppResult<T> {
    if !value.is_object() {
        return Err(AppError::bad_input("the body must be a JSON object"));
    }
    let mut fault = None;
    T::deserialize(Tracked {
        value,
        fault: &mut fault,
    })
    .map_err(|error| {
        let message = error.to_string();
        match fault {
            Some(Fault::Value(field)) => AppError::bad_field(field.clone(), format!("`{field}`: {message}")),
            Some(Fault::Key(field)) => AppError::bad_field(field, message),
            // serde names a missing field only in its message.
            None => match message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split_once('`'))
            {
                Some((field, _)) => AppError::bad_field(field, message.clone()),
                None => AppError::bad_input(message),
            },
        }
    })
}

/// Which member of the body serde refused.
enum Fault {
    /// An unknown name.
    Key(String),
    /// A value that does not fit its field.
    Value(String),
}

/// A JSON object handed to serde member by member, noting the member it fails on: serde's
/// own errors for a value say what was wrong but not where.
struct Tracked<'a> {
    value: Value,
    fault: &'a mut Option<Fault>,
}

impl<'de> Deserializer<'de> for Tracked<'_> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Object(members) => visitor.visit_map(Members {
                members: members.into_iter(),
                pending: None,
                fault: self.fault,
            }),
            other => other.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct Members<'a> {
    members: serde_json::map::IntoIter,
    pending: Option<(String, Value)>,
    fault: &'a mut Option<Fault>,
}

impl<'de> MapAccess<'de> for Members<'_> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Self::Error> {
        let Some((name, value)) = self.members.next() else {
            return Ok(None);
        };
        match seed.deserialize(Value::String(name.clone())) {
            Ok(key) => {
                self.pending = Some((name, value));
                Ok(Some(key))
            }
            Err(error) => {
                *self.fault = Some(Fault::Key(name));
                Err(error)
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Self::Error> {
        let Some((name, value)) = self.pending.take() else {
            return Err(serde::de::Error::custom("a value without its name"));
        };
        seed.deserialize(value)
            .inspect_err(|_| *self.fault = Some(Fault::Value(name)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_takes_versions_and_version_tags() {
        assert_eq!(expected_version("3"), Some(Some(3)));
        assert_eq!(expected_version("\"3\""), Some(Some(3)));
        assert_eq!(expected_version("W/\"3\""), Some(Some(3)));
        assert_eq!(expected_version("\"3-abc\""), Some(Some(3)));
        assert_eq!(expected_version("*"), Some(None));
        for bad in [
            "",
            "\"\"",
            "abc",
            "\"3",
            "3\"",
            "-3",
            "\"x-3\"",
            "3.0",
            "\"3\", \"4\"",
            "99999999999",
        ] {
            assert_eq!(expected_version(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn bodies_name_the_field_at_fault() {
        let field = |json: Value| {
            parse::<CreateArticleInput>(json)
                .err()
                .and_then(|e| e.field().map(String::from))
        };
        assert_eq!(field(serde_json::json!({ "language": "en" })).as_deref(), Some("title"));
        assert_eq!(
            field(serde_json::json!({ "title": "T", "language": "en", "colour": 1 })).as_deref(),
            Some("colour")
        );
        assert_eq!(
            field(serde_json::json!({ "title": 3, "language": "en" })).as_deref(),
            Some("title")
        );
        assert_eq!(
            field(serde_json::json!({ "title": "T", "language": "en", "tagSlugs": [1] })).as_deref(),
            Some("tagSlugs")
        );
        let update: UpdateArticleInput =
            parse(serde_json::json!({ "summary": null })).unwrap_or_else(|e| panic!("{e}"));
        assert!(update.summary.is_null() && update.subtitle.is_undefined());
    }
}
