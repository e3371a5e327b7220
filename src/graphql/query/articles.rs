//! `article` and `articles`.

use async_graphql::{Context, ID, Object, Result};

use crate::content::articles::{self, ArticleOrder, ArticleQuery, Scope};
use crate::content::filter::ArticleFilter;
use crate::content::pagination::PageArgs;
use crate::error::AppError;
use crate::graphql::query::{Key, article_connection, id_or_slug};
use crate::graphql::types::{Article, ArticleConnection};

/// Article queries.
#[derive(Default)]
pub struct ArticlesQuery;

#[Object]
impl ArticlesQuery {
    /// One article by `id` or `slug` (exactly one); null when there is none the caller may see.
    async fn article(&self, ctx: &Context<'_>, id: Option<ID>, slug: Option<String>) -> Result<Option<Article>> {
        let (db, viewer) = crate::graphql::request_data(ctx)?;
        let found = match id_or_slug(id, slug)? {
            Key::Id(id) => articles::by_id(db, viewer, id).await?,
            Key::Slug(slug) => articles::by_slug(db, viewer, &slug).await?,
        };
        Ok(found.map(Article))
    }

    /// Articles the caller may see, filtered, ordered (newest first by default) and paged.
    /// `offset` (at most 10,000) is for page-number UIs and cannot be combined with cursors.
    ///
    /// `search` keeps the articles whose title, subtitle, summary, byline or body match it
    /// (see "Search" in the README for the syntax: words, `"phrases"`, `-exclusions`,
    /// `or`) and orders them by `RELEVANCE` unless `orderBy` says otherwise; each edge
    /// then has a `score` and a `highlight`. An empty search is refused.
    ///
    /// `newerThan` is for live tickers: the articles published after the one its cursor
    /// points at (a cursor of the default order, or of an earlier `newerThan` answer),
    /// oldest first, up to `first`; poll again with the last edge's cursor. It takes no
    /// `orderBy`, `after`, `last`, `before` or `offset`.
    #[graphql(complexity = "crate::graphql::page_cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn articles(
        &self,
        ctx: &Context<'_>,
        filter: Option<ArticleFilter>,
        search: Option<String>,
        order_by: Option<Vec<ArticleOrder>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        offset: Option<i32>,
        newer_than: Option<String>,
    ) -> Result<ArticleConnection> {
        let (db, viewer) = crate::graphql::request_data(ctx)?;
        let mut query = ArticleQuery::new(viewer, Scope::All, filter.as_ref())?;
        if let Some(search) = search {
            query = query.search(db, "search", &search).await?;
        }
        if let Some(cursor) = newer_than {
            if order_by.is_some() || after.is_some() || last.is_some() || before.is_some() || offset.is_some() {
                return Err(AppError::bad_field(
                    "newerThan",
                    "`newerThan` takes no `orderBy`, `after`, `last`, `before` or `offset`",
                )
                .into());
            }
            let page = query.newer_than(db, &cursor, first).await?;
            return Ok(ArticleConnection::new(page, query));
        }
        article_connection(
            ctx,
            query,
            order_by.unwrap_or_default(),
            PageArgs {
                first,
                after,
                last,
                before,
                offset,
            },
        )
        .await
    }
}
