//! GraphQL output types. Each wraps a content model; none is a database row.

mod article;
mod connection;
mod node;
mod revision;
mod source;
mod tag;

pub use article::Article;
pub use connection::{ArticleConnection, SourceConnection, TagConnection};
pub use node::Node;
pub use revision::{Correction, RevisionConnection};
pub use source::Source;
pub use tag::Tag;

/// Clamps a count into GraphQL's 32-bit `Int`.
fn count_to_int(n: u64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}
