//! `GET /api/v1/articles` and `GET /api/v1/articles/{idOrSlug}`: the article list and one
//! article, through the same content layer as GraphQL's `articles` and `article`.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::Caller;
use crate::content::articles::{self, Article, ArticleQuery, Scope};
use crate::content::pagination::Page;
use crate::content::{Viewer, editorial};
use crate::error::{AppError, AppResult};
use crate::http::cache::{EntityVersion, LastModified, SurrogateKeys};
use crate::rest::params::{self, ArticleList, ArticleListQuery, PageQuery, Params, rest_field};
use crate::rest::views::{self, ArticleView, ErrorView, ItemView, ListView, Related};
use crate::state::AppState;

/// The article routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_articles))
        .routes(routes!(get_article))
}

/// A page of articles with what their views need.
pub struct ArticlePage {
    /// The articles and their cursors.
    pub page: Page<Article>,
    /// The whole list's size, when asked for.
    pub total: Option<u64>,
    /// Their sources and tags.
    pub related: Related,
    /// The list they were drawn from.
    pub scope: Scope,
}

impl ArticlePage {
    /// The CDN keys of the page: every article, source and tag on it, the source or tag
    /// whose list it is, and the lists' key.
    pub fn keys(&self) -> SurrogateKeys {
        let mut keys = SurrogateKeys::default();
        keys.key(SurrogateKeys::ARTICLE_LISTS);
        match self.scope {
            Scope::All => {}
            Scope::Source(id) => {
                keys.source(id);
            }
            Scope::Tag(id) => {
                keys.tag(id);
            }
        }
        for (_, article) in &self.page.items {
            keys.article(article.id);
        }
        for id in self.related.sources.keys() {
            keys.source(*id);
        }
        for tag in self.related.tags.values().flatten() {
            keys.tag(tag.id);
        }
        keys
    }
}

/// Runs an article list request for `viewer` within `scope`: the REST lists and the feeds.
pub async fn fetch(state: &AppState, viewer: &Viewer, scope: Scope, list: &ArticleList) -> AppResult<ArticlePage> {
    let mut query = ArticleQuery::new(viewer, scope, Some(&list.filter))?;
    if let Some(search) = &list.search {
        query = query.search(&state.db, "q", search).await?.with_highlights();
    }
    let query = if list.body { query } else { query.without_body() };
    let page = match &list.newer_than {
        Some(cursor) => query.newer_than(&state.db, cursor, list.page.first).await,
        None => query.page(&state.db, &list.order, &list.page).await,
    }
    .map_err(rest_field)?;
    let total = match list.total {
        true => Some(query.count(&state.db).await?),
        false => None,
    };
    let articles: Vec<&Article> = page.items.iter().map(|(_, a)| a).collect();
    let related = views::related(&state.db, &articles).await?;
    Ok(ArticlePage {
        page,
        total,
        related,
        scope,
    })
}

/// Answers an article list request in `scope` from its query parameters.
pub async fn list_response(state: &AppState, viewer: &Viewer, scope: Scope, mut params: Params) -> AppResult<Response> {
    let (query, page) = ArticleListQuery::take(&mut params)?;
    params.finish()?;
    let list = query.into_list(page)?;
    let result = fetch(state, viewer, scope, &list).await?;
    let keys = result.keys();
    let body = list.body.then_some(list.format);
    let related = &result.related;
    // A ticker continues from the newest article it has seen, or from where it asked.
    let ticker = list.newer_than.as_ref().map(|given| {
        let newest = result.page.items.last().map(|(cursor, _)| cursor);
        format!("a{}", newest.unwrap_or(given))
    });
    let mut view = ListView::new(result.page, result.total, |article| {
        ArticleView::new(article, related, body)
    });
    if ticker.is_some() {
        view.page.next_cursor = ticker;
        view.page.prev_cursor = None;
    }
    Ok(keys.attach(Json(view).into_response()))
}

/// Lists the articles the caller may see: filtered, sorted (newest first by default) and
/// paged with cursors. The same filters as GraphQL's `articles`; unknown parameters are
/// refused.
#[utoipa::path(
    get,
    path = "/api/v1/articles",
    tag = "articles",
    params(ArticleListQuery, PageQuery),
    responses(
        (status = 200, description = "A page of articles", body = ListView<ArticleView>),
        (status = 400, description = "A parameter is unknown or has a bad value", body = ErrorView),
        (status = 401, description = "The key is unknown, revoked or malformed", body = ErrorView),
    ),
    security((), ("bearer" = []))
)]
async fn list_articles(State(state): State<AppState>, Caller(viewer): Caller, params: Params) -> AppResult<Response> {
    list_response(&state, &viewer, Scope::All, params).await
}

/// One article by id or slug, with its body in `format` (default `html`), its source, tags
/// and corrections. A withdrawn article answers with its headline and the reason only.
#[utoipa::path(
    get,
    path = "/api/v1/articles/{idOrSlug}",
    tag = "articles",
    params(
        ("idOrSlug" = String, Path, description = "The article's id or slug"),
        ("format" = Option<String>, Query, description = "The body's format: `html` (default, sanitized), `markdown` or `text`"),
    ),
    responses(
        (status = 200, description = "The article", body = ItemView<ArticleView>),
        (status = 304, description = "Not modified since the `ETag` in `If-None-Match`"),
        (status = 400, description = "A parameter is unknown or has a bad value", body = ErrorView),
        (status = 401, description = "The key is unknown, revoked or malformed", body = ErrorView),
        (status = 404, description = "No article the caller may see has this id or slug", body = ErrorView),
    ),
    security((), ("bearer" = []))
)]
async fn get_article(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(key): Path<String>,
    mut params: Params,
) -> AppResult<Response> {
    let format = params::body_format(params.one("format")?.as_deref())?;
    params.finish()?;
    let article = find(&state, &viewer, &key).await?;
    let related = views::related(&state.db, &[&article]).await?;
    let corrections = editorial::corrections_of(&state.db, &[article.id])
        .await?
        .remove(&article.id)
        .unwrap_or_default();
    let mut keys = SurrogateKeys::default();
    keys.article(article.id);
    if let Some(id) = article.source_id {
        keys.source(id);
    }
    for tag in related.tags.values().flatten() {
        keys.tag(tag.id);
    }
    let modified = LastModified(article.updated_at);
    let version = EntityVersion(article.version);
    let view = ArticleView::new(article, &related, Some(format)).with_corrections(corrections);
    let mut response = keys.attach(Json(ItemView { data: view }).into_response());
    response.extensions_mut().insert(modified);
    response.extensions_mut().insert(version);
    Ok(response)
}

/// The article with this id or slug that `viewer` may see, or `NOT_FOUND`.
pub async fn find(state: &AppState, viewer: &Viewer, key: &str) -> AppResult<Article> {
    let found = match Uuid::try_parse(key) {
        Ok(id) => articles::by_id(&state.db, viewer, id).await?,
        Err(_) => articles::by_slug(&state.db, viewer, key).await?,
    };
    found.ok_or_else(|| AppError::not_found("article", key))
}
