//! `tag` and `tags`.

use async_graphql::{Context, ID, Object, Result};

use crate::content::filter::TagFilter;
use crate::content::pagination::PageArgs;
use crate::content::tags::{self, TagKind, TagOrder, TagQuery};
use crate::graphql::query::{Key, id_or_slug};
use crate::graphql::types::{Tag, TagConnection};

/// Tag queries.
#[derive(Default)]
pub struct TagsQuery;

#[Object]
impl TagsQuery {
    /// One tag by `id` or `slug` (exactly one); slugs are unique per kind, so pass `kind`
    /// when several kinds share a slug. Null when there is none.
    async fn tag(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        slug: Option<String>,
        kind: Option<TagKind>,
    ) -> Result<Option<Tag>> {
        let (db, _) = crate::graphql::request_data(ctx)?;
        let found = match id_or_slug(id, slug)? {
            Key::Id(id) => tags::by_id(db, id).await?.filter(|t| kind.is_none_or(|k| t.kind == k)),
            Key::Slug(slug) => tags::by_slug(db, &slug, kind).await?,
        };
        Ok(found.map(Tag))
    }

    /// Tags, filtered, ordered (by name by default) and paged.
    #[graphql(complexity = "crate::graphql::page_cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn tags(
        &self,
        ctx: &Context<'_>,
        filter: Option<TagFilter>,
        order_by: Option<Vec<TagOrder>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<TagConnection> {
        let (db, _) = crate::graphql::request_data(ctx)?;
        let query = TagQuery::new(filter.as_ref())?;
        let args = PageArgs::cursors(first, after, last, before);
        let page = query.page(db, &order_by.unwrap_or_default(), &args).await?;
        Ok(TagConnection::new(page, query))
    }
}
