//! `source` and `sources`.

use async_graphql::{Context, ID, Object, Result};

use crate::content::filter::SourceFilter;
use crate::content::pagination::PageArgs;
use crate::content::sources::{self, SourceOrder, SourceQuery};
use crate::graphql::query::{Key, id_or_slug};
use crate::graphql::types::{Source, SourceConnection};

/// Source queries.
#[derive(Default)]
pub struct SourcesQuery;

#[Object]
impl SourcesQuery {
    /// One source by `id` or `slug` (exactly one); null when there is none.
    async fn source(&self, ctx: &Context<'_>, id: Option<ID>, slug: Option<String>) -> Result<Option<Source>> {
        let (db, _) = crate::graphql::request_data(ctx)?;
        let found = match id_or_slug(id, slug)? {
            Key::Id(id) => sources::by_id(db, id).await?,
            Key::Slug(slug) => sources::by_slug(db, &slug).await?,
        };
        Ok(found.map(Source))
    }

    /// Sources, filtered, ordered (by name by default) and paged.
    #[graphql(complexity = "crate::graphql::page_cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn sources(
        &self,
        ctx: &Context<'_>,
        filter: Option<SourceFilter>,
        order_by: Option<Vec<SourceOrder>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<SourceConnection> {
        let (db, _) = crate::graphql::request_data(ctx)?;
        let query = SourceQuery::new(filter.as_ref())?;
        let args = PageArgs::cursors(first, after, last, before);
        let page = query.page(db, &order_by.unwrap_or_default(), &args).await?;
        Ok(SourceConnection::new(page, query))
    }
}
