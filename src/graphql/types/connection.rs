//! Relay-style connections: `edges`, `nodes`, `pageInfo` and a lazy `totalCount`.

use async_graphql::{Context, Object, Result, SimpleObject};

use crate::content::articles::{self, ArticleQuery};
use crate::content::pagination::Page;
use crate::content::sources::{self, SourceQuery};
use crate::content::tags::{self, TagQuery};
use crate::graphql::types::{Article, Source, Tag, count_to_int};

/// Where a page starts and ends, and whether there is more on either side.
#[derive(SimpleObject)]
pub struct PageInfo {
    /// More items follow `endCursor`.
    pub has_next_page: bool,
    /// Items precede `startCursor`.
    pub has_previous_page: bool,
    /// Cursor of the first item on the page.
    pub start_cursor: Option<String>,
    /// Cursor of the last item on the page.
    pub end_cursor: Option<String>,
}

impl PageInfo {
    pub(crate) fn of<T>(page: &Page<T>) -> Self {
        Self {
            has_next_page: page.has_next_page,
            has_previous_page: page.has_previous_page,
            start_cursor: page.items.first().map(|(c, _)| c.clone()),
            end_cursor: page.items.last().map(|(c, _)| c.clone()),
        }
    }
}

/// Defines a connection and its edge type for one resource; the three differ only in
/// their node and query types.
///
/// `edges` and `nodes` ask the node type to prefetch the relations the query selects for
/// the whole page in one batch each (see [`crate::graphql::loaders::prime`]), so the batch is
/// complete by construction rather than by how fast the items' resolvers happen to register
/// their keys.
macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ident, $model:ty, $query:ty $(, { $($extra:tt)* })?) => {
        /// One page of a list: its items with cursors, paging information and the total.
        pub struct $connection {
            page: Page<$model>,
            query: $query,
        }

        impl $connection {
            /// Wraps a page; `query` is kept to count the whole list on demand.
            pub fn new(page: Page<$model>, query: $query) -> Self {
                Self { page, query }
            }
        }

        #[Object]
        impl $connection {
            /// The items on this page, each with its cursor.
            async fn edges(&self, ctx: &Context<'_>) -> Result<Vec<$edge>> {
                let nodes: Vec<$node> = self.page.items.iter().map(|(_, m)| $node(m.clone())).collect();
                $node::prefetch(ctx, ctx.look_ahead().field("node"), &nodes).await?;
                let cursors = self.page.items.iter().map(|(cursor, _)| cursor.clone());
                Ok(cursors
                    .zip(nodes)
                    .map(|(cursor, node)| $edge { cursor, node })
                    .collect())
            }

            /// The items on this page.
            async fn nodes(&self, ctx: &Context<'_>) -> Result<Vec<$node>> {
                let nodes: Vec<$node> = self.page.items.iter().map(|(_, m)| $node(m.clone())).collect();
                $node::prefetch(ctx, ctx.look_ahead(), &nodes).await?;
                Ok(nodes)
            }

            /// Where this page starts and ends.
            async fn page_info(&self) -> PageInfo {
                PageInfo::of(&self.page)
            }

            /// How many items the whole list has; counted only when asked for.
            async fn total_count(&self, ctx: &Context<'_>) -> Result<i32> {
                let (db, _) = crate::graphql::request_data(ctx)?;
                Ok(count_to_int(self.query.count(db).await?))
            }

            /// About how many items the whole list has, without counting them: PostgreSQL's
            /// planner estimate (fast on very large lists); the exact count on SQLite and
            /// MariaDB.
            async fn total_count_estimate(&self, ctx: &Context<'_>) -> Result<i32> {
                let (db, _) = crate::graphql::request_data(ctx)?;
                Ok(count_to_int(self.query.count_estimate(db).await?))
            }

            $($($extra)*)?
        }
    };
}

/// Defines the edge type of a connection whose items carry nothing but their cursor.
macro_rules! edge {
    ($edge:ident, $node:ident) => {
        /// An item of a page and its cursor.
        #[derive(SimpleObject)]
        pub struct $edge {
            /// Pass as `after` (or `before`) to continue from this item.
            pub cursor: String,
            /// The item.
            pub node: $node,
        }
    };
}

/// An article of a page, its cursor, and how it matched the search.
pub struct ArticleEdge {
    cursor: String,
    node: Article,
}

#[Object]
impl ArticleEdge {
    /// Pass as `after` (or `before`) to continue from this item.
    async fn cursor(&self) -> &str {
        &self.cursor
    }

    /// The item.
    async fn node(&self) -> &Article {
        &self.node
    }

    /// How well the article matches `search` (higher is better; compare scores only
    /// within one search). Null without `search`.
    async fn score(&self) -> Option<f64> {
        self.node.0.hit.as_ref().map(|hit| hit.score)
    }

    /// Words of the body around the matches of `search`, HTML-escaped, each match in
    /// `<mark>…</mark>`. Null without `search`.
    async fn highlight(&self) -> Option<&str> {
        self.node.0.hit.as_ref().and_then(|hit| hit.highlight.as_deref())
    }
}

connection!(
    ArticleConnection,
    ArticleEdge,
    Article,
    articles::Article,
    ArticleQuery,
    {
        /// Counts over the whole filtered list (not just this page), for topic pages:
        /// "Syria (120) · Iran (87)".
        async fn facets(&self) -> ArticleFacets {
            ArticleFacets(self.query.clone())
        }
    }
);

/// Counts over a filtered list of articles.
pub struct ArticleFacets(ArticleQuery);

/// A tag and how many of the list's articles carry it.
#[derive(SimpleObject)]
pub struct TagFacet {
    /// The tag.
    pub tag: Tag,
    /// Articles of the list carrying it.
    pub count: i32,
}

/// A source and how many of the list's articles come from it.
#[derive(SimpleObject)]
pub struct SourceFacet {
    /// The source.
    pub source: Source,
    /// Articles of the list from it.
    pub count: i32,
}

/// A month and how many of the list's articles were published in it.
#[derive(SimpleObject)]
pub struct MonthFacet {
    /// The month, `YYYY-MM` (UTC).
    pub month: String,
    /// Articles of the list published in it.
    pub count: i32,
}

#[Object]
impl ArticleFacets {
    /// The tags most carried by the list's articles (only those of `kind` when given), most
    /// first, at most `first` (100 at most).
    #[graphql(complexity = "(first.max(1) as usize).saturating_mul(child_complexity.max(1))")]
    async fn tags(
        &self,
        ctx: &Context<'_>,
        kind: Option<crate::content::tags::TagKind>,
        #[graphql(default = 10)] first: i32,
    ) -> Result<Vec<TagFacet>> {
        let (db, _) = crate::graphql::request_data(ctx)?;
        let facets = self.0.tag_facets(db, kind, first).await?;
        Ok(facets
            .into_iter()
            .map(|(tag, n)| TagFacet {
                tag: Tag(tag),
                count: count_to_int(n),
            })
            .collect())
    }

    /// The sources with the most of the list's articles, most first, at most `first`.
    #[graphql(complexity = "(first.max(1) as usize).saturating_mul(child_complexity.max(1))")]
    async fn sources(&self, ctx: &Context<'_>, #[graphql(default = 10)] first: i32) -> Result<Vec<SourceFacet>> {
        let (db, _) = crate::graphql::request_data(ctx)?;
        let facets = self.0.source_facets(db, first).await?;
        Ok(facets
            .into_iter()
            .map(|(source, n)| SourceFacet {
                source: Source(source),
                count: count_to_int(n),
            })
            .collect())
    }

    /// Articles of the list per month of publication, newest month first.
    async fn months(&self, ctx: &Context<'_>) -> Result<Vec<MonthFacet>> {
        let (db, _) = crate::graphql::request_data(ctx)?;
        let facets = self.0.month_facets(db).await?;
        Ok(facets
            .into_iter()
            .map(|(month, n)| MonthFacet {
                month,
                count: count_to_int(n),
            })
            .collect())
    }
}
connection!(SourceConnection, SourceEdge, Source, sources::Source, SourceQuery);
connection!(TagConnection, TagEdge, Tag, tags::Tag, TagQuery);
edge!(SourceEdge, Source);
edge!(TagEdge, Tag);
