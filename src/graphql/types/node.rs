//! The `Node` interface: anything with a global id.

use async_graphql::{ID, Interface};

use crate::graphql::types::{Article, Source, Tag};

/// An object with a globally unique id, fetchable with `node(id:)`.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "The object's id: opaque, globally unique."))]
pub enum Node {
    /// An article.
    Article(Article),
    /// A source.
    Source(Source),
    /// A tag.
    Tag(Tag),
}
