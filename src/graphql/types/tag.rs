//! The `Tag` type.

use async_graphql::{Context, ID, Lookahead, Object, Result};

use crate::content::articles::{ArticleOrder, ArticleQuery, Scope};
use crate::content::filter::ArticleFilter;
use crate::content::pagination::PageArgs;
use crate::content::tags::{self, TagKind};
use crate::graphql::loaders::{Loaders, prime};
use crate::graphql::query::article_connection;
use crate::graphql::types::{ArticleConnection, count_to_int};

/// A topic, place, person, organization or section that articles are tagged with.
#[derive(Clone)]
pub struct Tag(pub tags::Tag);

impl Tag {
    /// Counts the articles of a page of tags in one batch, when selected.
    pub(crate) async fn prefetch(ctx: &Context<'_>, selection: Lookahead<'_>, page: &[Tag]) -> Result<()> {
        if selection.field("articleCount").exists() {
            prime(&ctx.data::<Loaders>()?.tag_counts, page.iter().map(|s| s.0.id)).await?;
        }
        Ok(())
    }
}

#[Object]
impl Tag {
    /// The tag's id.
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// URL name, unique within the tag's kind.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// Display name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// What the tag names.
    async fn kind(&self) -> TagKind {
        self.0.kind
    }

    /// Other spellings of the name (used by auto-tagging on import).
    async fn aliases(&self) -> &[String] {
        &self.0.aliases
    }

    /// How many articles with this tag the caller can see.
    async fn article_count(&self, ctx: &Context<'_>) -> Result<i32> {
        let count = ctx.data::<Loaders>()?.tag_counts.load_one(self.0.id).await?;
        Ok(count_to_int(count.unwrap_or(0)))
    }

    /// The articles with this tag, newest first unless ordered otherwise.
    #[graphql(complexity = "crate::graphql::page_cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn articles(
        &self,
        ctx: &Context<'_>,
        filter: Option<ArticleFilter>,
        order_by: Option<Vec<ArticleOrder>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<ArticleConnection> {
        let args = PageArgs::cursors(first, after, last, before);
        let (_, viewer) = crate::graphql::request_data(ctx)?;
        let query = ArticleQuery::new(viewer, Scope::Tag(self.0.id), filter.as_ref())?;
        article_connection(ctx, query, order_by.unwrap_or_default(), args).await
    }
}
