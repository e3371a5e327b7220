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
    ($connection:ident, $edge:ident, $node:ident, $model:ty, $query:ty) => {
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
        }

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

connection!(ArticleConnection, ArticleEdge, Article, articles::Article, ArticleQuery);
connection!(SourceConnection, SourceEdge, Source, sources::Source, SourceQuery);
connection!(TagConnection, TagEdge, Tag, tags::Tag, TagQuery);
