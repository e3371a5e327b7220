//! Source and tag writes: create, update, delete, and merging tags. Admin only, through the
//! content functions GraphQL's catalog mutations call.
//!
//! Sources are addressed by slug, as their reads are. Tags are addressed by id, since a tag
//! slug is unique only within its kind; the path segment keeps the reads' name (`{slug}`:
//! axum cannot hold two names for one segment) and also takes a slug, with `kind` where
//! kinds share it.

use axum::Json;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::Caller;
use crate::content::admin::{self, CreateSourceInput, CreateTagInput, UpdateSourceInput, UpdateTagInput};
use crate::content::filter::parse_id;
use crate::content::{Role, Viewer};
use crate::error::{AppError, AppResult};
use crate::rest::extract::{JsonBody, rest_body_field};
use crate::rest::params::{self, Params};
use crate::rest::views::{ErrorView, ItemView, SourceView, TagView};
use crate::state::AppState;

/// The source and tag write routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_source))
        .routes(routes!(update_source, delete_source))
        .routes(routes!(create_tag))
        .routes(routes!(update_tag, delete_tag))
        .routes(routes!(merge_tag))
}

/// Body of `POST /api/v1/tags/{slug}/merge`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MergeTagsInput {
    /// The id of the tag that survives: it gets the merged tag's articles, and its name and
    /// aliases as aliases.
    #[schema(value_type = String)]
    pub into: async_graphql::ID,
}

/// Creates a source. The slug is derived from the name when not given.
#[utoipa::path(
    post,
    path = "/api/v1/sources",
    tag = "sources",
    request_body = CreateSourceInput,
    responses(
        (status = 201, description = "The new source", body = ItemView<SourceView>,
            headers(("Location" = String, description = "The source's address: /api/v1/sources/{slug}"))),
        (status = 400, description = "The body is malformed or a field has a bad value", body = ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = ErrorView),
        (status = 403, description = "The key is not an admin's", body = ErrorView),
        (status = 409, description = "Another source has the slug", body = ErrorView),
        (status = 413, description = "The body is larger than the server accepts", body = ErrorView),
    ),
    security(("bearer" = []))
)]
async fn create_source(
    State(state): State<AppState>,
    Admin(viewer): Admin,
    params: Params,
    JsonBody(input): JsonBody<CreateSourceInput>,
) -> AppResult<Response> {
    params.finish()?;
    let source = admin::create_source(&state.db, &viewer, input)
        .await
        .map_err(rest_body_field)?;
    let location = format!("/api/v1/sources/{}", source.slug);
    Ok(created(location, SourceView::new(source, None)))
}

/// Changes the fields given in the body; `null` clears an optional field.
#[utoipa::path(
    patch,
    path = "/api/v1/sources/{slug}",
    tag = "sources",
    params(("slug" = String, Path, description = "The source's slug")),
    request_body = UpdateSourceInput,
    responses(
        (status = 200, description = "The source as it now is", body = ItemView<SourceView>),
        (status = 400, description = "The body is malformed or a field has a bad value", body = ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = ErrorView),
        (status = 403, description = "The key is not an admin's", body = ErrorView),
        (status = 404, description = "No source has this slug", body = ErrorView),
        (status = 409, description = "Another source has the new slug", body = ErrorView),
        (status = 413, description = "The body is larger than the server accepts", body = ErrorView),
    ),
    security(("bearer" = []))
)]
async fn update_source(
    State(state): State<AppState>,
    Admin(viewer): Admin,
    Path(slug): Path<String>,
    params: Params,
    JsonBody(input): JsonBody<UpdateSourceInput>,
) -> AppResult<Response> {
    params.finish()?;
    let id = crate::rest::sources::find(&state, &slug).await?.id;
    let source = admin::update_source(&state.db, &viewer, id, input)
        .await
        .map_err(rest_body_field)?;
    Ok(Json(ItemView {
        data: SourceView::new(source, None),
    })
    .into_response())
}

/// Deletes a source. A source that still has articles is refused with `409` unless
/// `force=true`, which first detaches them (each a new version; they keep everything else).
#[utoipa::path(
    delete,
    path = "/api/v1/sources/{slug}",
    tag = "sources",
    params(
        ("slug" = String, Path, description = "The source's slug"),
        ("force" = Option<bool>, Query, description = "Detach the source's articles and delete it anyway (default false)"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "A parameter is unknown or has a bad value", body = ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = ErrorView),
        (status = 403, description = "The key is not an admin's", body = ErrorView),
        (status = 404, description = "No source has this slug", body = ErrorView),
        (status = 409, description = "The source still has articles and `force` is not `true`", body = ErrorView),
    ),
    security(("bearer" = []))
)]
async fn delete_source(
    State(state): State<AppState>,
    Admin(viewer): Admin,
    Path(slug): Path<String>,
    mut params: Params,
) -> AppResult<StatusCode> {
    let force = params.parsed("force", "true or false", |v| v.parse().ok())?;
    params.finish()?;
    let id = crate::rest::sources::find(&state, &slug).await?.id;
    admin::delete_source(&state.db, &viewer, id, force.unwrap_or(false))
        .await
        .map_err(|error| match error {
            AppError::Conflict { message, field } => AppError::Conflict {
                message: message.replace("`force: true`", "`?force=true`"),
                field,
            },
            other => other,
        })?;
    Ok(StatusCode::NO_CONTENT)
}

/// Creates a tag. The slug is derived from the name when not given.
#[utoipa::path(
    post,
    path = "/api/v1/tags",
    tag = "tags",
    request_body = CreateTagInput,
    responses(
        (status = 201, description = "The new tag", body = ItemView<TagView>,
            headers(("Location" = String, description = "The tag's address: /api/v1/tags/{slug}?kind={kind}"))),
        (status = 400, description = "The body is malformed or a field has a bad value", body = ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = ErrorView),
        (status = 403, description = "The key is not an admin's", body = ErrorView),
        (status = 409, description = "Another tag of the kind has the slug", body = ErrorView),
        (status = 413, description = "The body is larger than the server accepts", body = ErrorView),
    ),
    security(("bearer" = []))
)]
async fn create_tag(
    State(state): State<AppState>,
    Admin(viewer): Admin,
    params: Params,
    JsonBody(input): JsonBody<CreateTagInput>,
) -> AppResult<Response> {
    params.finish()?;
    let tag = admin::create_tag(&state.db, &viewer, input)
        .await
        .map_err(rest_body_field)?;
    let location = format!(
        "/api/v1/tags/{}?kind={}",
        tag.slug,
        tag.kind.as_str().to_ascii_lowercase()
    );
    Ok(created(location, TagView::new(tag, None)))
}

/// Changes the fields given in the body.
#[utoipa::path(
    patch,
    path = "/api/v1/tags/{slug}",
    tag = "tags",
    params(
        ("slug" = String, Path, description = "The tag's id, or its slug"),
        ("kind" = Option<String>, Query, description = "The tag's kind, needed only with a slug that kinds share"),
    ),
    request_body = UpdateTagInput,
    responses(
        (status = 200, description = "The tag as it now is", body = ItemView<TagView>),
        (status = 400, description = "The body is malformed or a field has a bad value", body = ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = ErrorView),
        (status = 403, description = "The key is not an admin's", body = ErrorView),
        (status = 404, description = "No tag has this id or slug", body = ErrorView),
        (status = 409, description = "Another tag of the kind has the slug", body = ErrorView),
        (status = 413, description = "The body is larger than the server accepts", body = ErrorView),
    ),
    security(("bearer" = []))
)]
async fn update_tag(
    State(state): State<AppState>,
    Admin(viewer): Admin,
    Path(key): Path<String>,
    params: Params,
    JsonBody(input): JsonBody<UpdateTagInput>,
) -> AppResult<Response> {
    let id = tag_id(&state, &key, params).await?;
    let tag = admin::update_tag(&state.db, &viewer, id, input)
        .await
        .map_err(rest_body_field)?;
    Ok(Json(ItemView {
        data: TagView::new(tag, None),
    })
    .into_response())
}

/// Deletes a tag, taking it off its articles (each a new version).
#[utoipa::path(
    delete,
    path = "/api/v1/tags/{slug}",
    tag = "tags",
    params(
        ("slug" = String, Path, description = "The tag's id, or its slug"),
        ("kind" = Option<String>, Query, description = "The tag's kind, needed only with a slug that kinds share"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "A parameter is unknown or has a bad value", body = ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = ErrorView),
        (status = 403, description = "The key is not an admin's", body = ErrorView),
        (status = 404, description = "No tag has this id or slug", body = ErrorView),
    ),
    security(("bearer" = []))
)]
async fn delete_tag(
    State(state): State<AppState>,
    Admin(viewer): Admin,
    Path(key): Path<String>,
    params: Params,
) -> AppResult<StatusCode> {
    let id = tag_id(&state, &key, params).await?;
    admin::delete_tag(&state.db, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Merges this tag into the tag `into`: its articles get `into` (once), its name and aliases
/// become aliases of `into`, and it is deleted. Answers the surviving tag.
#[utoipa::path(
    post,
    path = "/api/v1/tags/{slug}/merge",
    tag = "tags",
    params(
        ("slug" = String, Path, description = "The id (or slug) of the tag that goes"),
        ("kind" = Option<String>, Query, description = "The tag's kind, needed only with a slug that kinds share"),
    ),
    request_body = MergeTagsInput,
    responses(
        (status = 200, description = "The surviving tag", body = ItemView<TagView>),
        (status = 400, description = "The body is malformed, `into` is not an id or is this tag", body = ErrorView),
        (status = 401, description = "No key, or an unknown, revoked or malformed one", body = ErrorView),
        (status = 403, description = "The key is not an admin's", body = ErrorView),
        (status = 404, description = "No tag has this id or slug, or `into`", body = ErrorView),
        (status = 413, description = "The body is larger than the server accepts", body = ErrorView),
    ),
    security(("bearer" = []))
)]
async fn merge_tag(
    State(state): State<AppState>,
    Admin(viewer): Admin,
    Path(key): Path<String>,
    params: Params,
    JsonBody(input): JsonBody<MergeTagsInput>,
) -> AppResult<Response> {
    let from = tag_id(&state, &key, params).await?;
    let into = parse_id(&input.into, "into")?;
    let tag = admin::merge_tags(&state.db, &viewer, from, into).await?;
    Ok(Json(ItemView {
        data: TagView::new(tag, None),
    })
    .into_response())
}

/// The id of the tag a write names by id, or by slug and `kind`; refuses other parameters.
async fn tag_id(state: &AppState, key: &str, mut params: Params) -> AppResult<Uuid> {
    let kind = params::tag_kind(&mut params)?;
    params.finish()?;
    match Uuid::try_parse(key) {
        Ok(id) => Ok(id),
        Err(_) => Ok(crate::rest::tags::find(state, key, kind).await?.id),
    }
}

/// `201 Created` with `Location` and the new item.
fn created<T: serde::Serialize + ToSchema>(location: String, item: T) -> Response {
    let mut response = (StatusCode::CREATED, Json(ItemView { data: item })).into_response();
    if let Ok(value) = location.parse() {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// The caller of a source or tag write: a key with the admin role. No key or a bad one is
/// `401`, another role `403`, both before the body is read.
pub struct Admin(pub Viewer);

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let Caller(viewer) = Caller::from_request_parts(parts, state).await?;
        viewer.require(Role::Admin)?;
        Ok(Self(viewer))
    }
}
