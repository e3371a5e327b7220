//! `GET /api/v1/tags`, `/tags/{slug}` and `/tags/{slug}/articles`. A slug is unique per
//! kind; where kinds share one, `kind` picks the tag.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Caller;
use crate::content::articles::{self, Scope};
use crate::content::filter::{TagFilter, TagKindFilter};
use crate::content::tags::{self, Tag, TagKind, TagOrder, TagOrderField, TagQuery};
use crate::error::{AppError, AppResult};
use crate::http::cache::SurrogateKeys;
use crate::rest::params::{self, ArticleListQuery, PageQuery, Params, order, rest_field, total_only};
use crate::rest::views::{ArticleView, ErrorView, ItemView, ListView, TagView};
use crate::state::AppState;

/// The tag routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tags))
        .routes(routes!(get_tag))
        .routes(routes!(tag_articles))
}

/// Filters and order of the tag list.
#[derive(Debug, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TagListQuery {
    /// Only tags of this kind: `topic`, `place`, `person`, `organization` or `section`.
    pub kind: Option<String>,
    /// Order: `name` (default), `slug` or `createdAt`, with `-` in front for descending.
    pub sort: Option<String>,
    /// `total` for the number of matching tags in `page.total`.
    pub include: Option<String>,
}

/// Lists tags, by name unless `sort` says otherwise, with their article counts.
#[utoipa::path(
    get,
    path = "/api/v1/tags",
    tag = "tags",
    params(TagListQuery, PageQuery),
    responses(
        (status = 200, description = "A page of tags", body = ListView<TagView>),
        (status = 400, description = "A parameter is unknown or has a bad value", body = ErrorView),
        (status = 401, description = "The key is unknown, revoked or malformed", body = ErrorView),
    ),
    security((), ("bearer" = []))
)]
async fn list_tags(State(state): State<AppState>, Caller(viewer): Caller, mut params: Params) -> AppResult<Response> {
    let kind = params::tag_kind(&mut params)?;
    let sort = params.one("sort")?;
    let total = total_only(params.one("include")?.as_deref())?;
    let page = PageQuery::take(&mut params)?;
    params.finish()?;
    let filter = TagFilter {
        kind: kind.map(|k| TagKindFilter {
            eq: Some(k),
            in_list: None,
        }),
        ..Default::default()
    };
    let order: Vec<TagOrder> = order(sort.as_deref(), "name, slug or createdAt", |name| match name {
        "name" => Some(TagOrderField::Name),
        "slug" => Some(TagOrderField::Slug),
        "createdAt" => Some(TagOrderField::CreatedAt),
        _ => None,
    })?
    .into_iter()
    .map(|(field, direction)| TagOrder { field, direction })
    .collect();
    let query = TagQuery::new(Some(&filter))?;
    let result = query.page(&state.db, &order, &page.args()?).await.map_err(rest_field)?;
    let total = match total {
        true => Some(query.count(&state.db).await?),
        false => None,
    };
    let ids: Vec<_> = result.items.iter().map(|(_, t)| t.id).collect();
    let counts = articles::count_by_tag(&state.db, &viewer, &ids).await?;
    let mut keys = SurrogateKeys::default();
    let view = ListView::new(result, total, |tag| {
        keys.tag(tag.id);
        let count = counts.get(&tag.id).copied().unwrap_or(0);
        TagView::new(tag, Some(count))
    });
    Ok(keys.attach(Json(view).into_response()))
}

/// One tag by slug (and `kind` where kinds share the slug), with its article count.
#[utoipa::path(
    get,
    path = "/api/v1/tags/{slug}",
    tag = "tags",
    params(
        ("slug" = String, Path, description = "The tag's slug"),
        ("kind" = Option<String>, Query, description = "The tag's kind, needed only when kinds share the slug"),
    ),
    responses(
        (status = 200, description = "The tag", body = ItemView<TagView>),
        (status = 400, description = "Several kinds share the slug and `kind` is missing, or a bad parameter", body = ErrorView),
        (status = 401, description = "The key is unknown, revoked or malformed", body = ErrorView),
        (status = 404, description = "No tag has this slug", body = ErrorView),
    ),
    security((), ("bearer" = []))
)]
async fn get_tag(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(slug): Path<String>,
    mut params: Params,
) -> AppResult<Response> {
    let kind = params::tag_kind(&mut params)?;
    params.finish()?;
    let tag = find(&state, &slug, kind).await?;
    let count = articles::count_by_tag(&state.db, &viewer, &[tag.id])
        .await?
        .get(&tag.id)
        .copied()
        .unwrap_or(0);
    let mut keys = SurrogateKeys::default();
    keys.tag(tag.id);
    Ok(keys.attach(
        Json(ItemView {
            data: TagView::new(tag, Some(count)),
        })
        .into_response(),
    ))
}

/// The articles carrying one tag, with every parameter of `/api/v1/articles`.
#[utoipa::path(
    get,
    path = "/api/v1/tags/{slug}/articles",
    tag = "tags",
    params(
        ("slug" = String, Path, description = "The tag's slug"),
        ("kind" = Option<String>, Query, description = "The tag's kind, needed only when kinds share the slug"),
        ArticleListQuery,
        PageQuery,
    ),
    responses(
        (status = 200, description = "A page of the tag's articles", body = ListView<ArticleView>),
        (status = 400, description = "A parameter is unknown or has a bad value", body = ErrorView),
        (status = 401, description = "The key is unknown, revoked or malformed", body = ErrorView),
        (status = 404, description = "No tag has this slug", body = ErrorView),
    ),
    security((), ("bearer" = []))
)]
async fn tag_articles(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(slug): Path<String>,
    mut params: Params,
) -> AppResult<Response> {
    let kind = params::tag_kind(&mut params)?;
    let tag = find(&state, &slug, kind).await?;
    crate::rest::articles::list_response(&state, &viewer, Scope::Tag(tag.id), params).await
}

/// The tag with `slug` (of `kind`), or `NOT_FOUND`.
pub async fn find(state: &AppState, slug: &str, kind: Option<TagKind>) -> AppResult<Tag> {
    tags::by_slug(&state.db, slug, kind)
        .await?
        .ok_or_else(|| AppError::not_found("tag", slug))
}
