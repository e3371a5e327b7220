//! `node(id:)`: any object by its id.

use async_graphql::{Context, ID, Object, Result};

use crate::content::{articles, filter, sources, tags};
use crate::graphql::types::{Article, Node, Source, Tag};

/// The `node` query.
#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any object by its id; null when there is none the caller may see.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Node>> {
        let (db, viewer) = crate::graphql::request_data(ctx)?;
        let id = filter::parse_id(&id, "id")?;
        // Ids are UUIDv7 across all tables, so at most one of these finds it.
        if let Some(article) = articles::by_id(db, viewer, id).await? {
            return Ok(Some(Node::Article(Article(article))));
        }
        if let Some(source) = sources::by_id(db, id).await? {
            return Ok(Some(Node::Source(Source(source))));
        }
        Ok(tags::by_id(db, id).await?.map(|t| Node::Tag(Tag(t))))
    }
}
