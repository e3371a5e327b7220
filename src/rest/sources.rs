//! `GET /api/v1/sources`, `/sources/{slug}` and `/sources/{slug}/articles`.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Caller;
use crate::content::articles::{self, Scope};
use crate::content::filter::{SourceFilter, StringFilter};
use crate::content::sources::{self, Source, SourceOrder, SourceOrderField, SourceQuery};
use crate::error::{AppError, AppResult};
use crate::http::cache::SurrogateKeys;
use crate::rest::params::{ArticleListQuery, PageQuery, Params, order, rest_field, total_only};
use crate::rest::views::{ArticleView, ErrorView, ItemView, ListView, SourceView};
use crate::state::AppState;

/// The source routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_sources))
        .routes(routes!(get_source))
        .routes(routes!(source_articles))
}

/// Filters and order of the source list.
#[derive(Debug, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SourceListQuery {
    /// Only sources from this country (ISO 3166-1 alpha-2, e.g. `IR`).
    pub country: Option<String>,
    /// Only sources writing in this language (BCP 47).
    pub lang: Option<String>,
    /// Order: `name` (default), `slug` or `createdAt`, with `-` in front for descending.
    pub sort: Option<String>,
    /// `total` for the number of matching sources in `page.total`.
    pub include: Option<String>,
}

/// Lists sources, by name unless `sort` says otherwise, with their article counts.
#[utoipa::path(
    get,
    path = "/api/v1/sources",
    tag = "sources",
    params(SourceListQuery, PageQuery),
    responses(
        (status = 200, description = "A page of sources", body = ListView<SourceView>),
        (status = 400, description = "A parameter is unknown or has a bad value", body = ErrorView),
        (status = 401, description = "The key is unknown, revoked or malformed", body = ErrorView),
    ),
    security((), ("bearer" = []))
)]
async fn list_sources(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    mut params: Params,
) -> AppResult<Response> {
    let query = SourceListQuery {
        country: params.one("country")?,
        lang: params.one("lang")?,
        sort: params.one("sort")?,
        include: params.one("include")?,
    };
    let page = PageQuery::take(&mut params)?;
    params.finish()?;
    let eq = |v: String| StringFilter {
        eq: Some(v.trim().to_string()),
        ..Default::default()
    };
    let filter = SourceFilter {
        country: query.country.map(|c| eq(c.to_ascii_uppercase())),
        language: query.lang.map(eq),
        ..Default::default()
    };
    let order = order(query.sort.as_deref(), "name, slug or createdAt", |name| match name {
        "name" => Some(SourceOrderField::Name),
        "slug" => Some(SourceOrderField::Slug),
        "createdAt" => Some(SourceOrderField::CreatedAt),
        _ => None,
    })?
    .into_iter()
    .map(|(field, direction)| SourceOrder { field, direction })
    .collect::<Vec<_>>();
    let total = total_only(query.include.as_deref())?;
    let sources_query = SourceQuery::new(Some(&filter))?;
    let result = sources_query
        .page(&state.db, &order, &page.args()?)
        .await
        .map_err(rest_field)?;
    let total = match total {
        true => Some(sources_query.count(&state.db).await?),
        false => None,
    };
    let ids: Vec<_> = result.items.iter().map(|(_, s)| s.id).collect();
    let counts = articles::count_by_source(&state.db, &viewer, &ids).await?;
    let mut keys = SurrogateKeys::default();
    let view = ListView::new(result, total, |source| {
        keys.source(source.id);
        let count = counts.get(&source.id).copied().unwrap_or(0);
        SourceView::new(source, Some(count))
    });
    Ok(keys.attach(Json(view).into_response()))
}

/// One source by slug, with its article count.
#[utoipa::path(
    get,
    path = "/api/v1/sources/{slug}",
    tag = "sources",
    params(("slug" = String, Path, description = "The source's slug")),
    responses(
        (status = 200, description = "The source", body = ItemView<SourceView>),
        (status = 401, description = "The key is unknown, revoked or malformed", body = ErrorView),
        (status = 404, description = "No source has this slug", body = ErrorView),
    ),
    security((), ("bearer" = []))
)]
async fn get_source(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(slug): Path<String>,
    params: Params,
) -> AppResult<Response> {
    params.finish()?;
    let source = find(&state, &slug).await?;
    let count = articles::count_by_source(&state.db, &viewer, &[source.id])
        .await?
        .get(&source.id)
        .copied()
        .unwrap_or(0);
    let mut keys = SurrogateKeys::default();
    keys.source(source.id);
    Ok(keys.attach(
        Json(ItemView {
            data: SourceView::new(source, Some(count)),
        })
        .into_response(),
    ))
}

/// The articles of one source, with every parameter of `/api/v1/articles`.
#[utoipa::path(
    get,
    path = "/api/v1/sources/{slug}/articles",
    tag = "sources",
    params(("slug" = String, Path, description = "The source's slug"), ArticleListQuery, PageQuery),
    responses(
        (status = 200, description = "A page of the source's articles", body = ListView<ArticleView>),
        (status = 400, description = "A parameter is unknown or has a bad value", body = ErrorView),
        (status = 401, description = "The key is unknown, revoked or malformed", body = ErrorView),
        (status = 404, description = "No source has this slug", body = ErrorView),
    ),
    security((), ("bearer" = []))
)]
async fn source_articles(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(slug): Path<String>,
    params: Params,
) -> AppResult<Response> {
    let source = find(&state, &slug).await?;
    crate::rest::articles::list_response(&state, &viewer, Scope::Source(source.id), params).await
}

/// The source with `slug`, or `NOT_FOUND`.
pub async fn find(state: &AppState, slug: &str) -> AppResult<Source> {
    sources::by_slug(&state.db, slug)
        .await?
        .ok_or_else(|| AppError::not_found("source", slug))
}
