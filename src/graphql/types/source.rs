//! The `Source` type.

use async_graphql::{Context, ID, Lookahead, Object, Result};

use crate::content::articles::{ArticleOrder, ArticleQuery, Scope};
use crate::content::filter::ArticleFilter;
use crate::content::pagination::PageArgs;
use crate::content::sources;
use crate::graphql::loaders::{Loaders, prime};
use crate::graphql::query::article_connection;
use crate::graphql::types::{ArticleConnection, count_to_int};

/// Where stories come from: a news agency, a newspaper, a wire.
#[derive(Clone)]
pub struct Source(pub sources::Source);

impl Source {
    /// Counts the articles of a page of sources in one batch, when selected.
    pub(crate) async fn prefetch(ctx: &Context<'_>, selection: Lookahead<'_>, page: &[Source]) -> Result<()> {
        if selection.field("articleCount").exists() {
            prime(&ctx.data::<Loaders>()?.source_counts, page.iter().map(|s| s.0.id)).await?;
        }
        Ok(())
    }
}

#[Object]
impl Source {
    /// The source's id.
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Unique URL name, `[a-z0-9-]{1,64}`.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// Full name, e.g. "Islamic Republic News Agency".
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Abbreviation, e.g. "IRNA".
    async fn short_name(&self) -> Option<&str> {
        self.0.short_name.as_deref()
    }

    /// Home page.
    async fn url(&self) -> Option<&str> {
        self.0.url.as_deref()
    }

    /// Country, ISO 3166-1 alpha-2.
    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }

    /// Main language, BCP 47.
    async fn language(&self) -> Option<&str> {
        self.0.language.as_deref()
    }

    /// What the source is.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// How many articles from this source the caller can see.
    async fn article_count(&self, ctx: &Context<'_>) -> Result<i32> {
        let count = ctx.data::<Loaders>()?.source_counts.load_one(self.0.id).await?;
        Ok(count_to_int(count.unwrap_or(0)))
    }

    /// This source's articles, newest first unless ordered otherwise.
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
        let query = ArticleQuery::new(viewer, Scope::Source(self.0.id), filter.as_ref())?;
        article_connection(ctx, query, order_by.unwrap_or_default(), args).await
    }
}
