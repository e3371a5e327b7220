//! The domain: what an article, a source and a tag are, who may see what, how lists are
//! filtered, ordered and paged. The only place that builds queries; every door (GraphQL,
//! later REST and feeds) calls these functions, so each rule lives here once.
//!
//! Functions take `&impl ConnectionTrait` and validated inputs, and return domain models
//! (never GraphQL or REST types) or [`crate::error::AppError`].

pub mod articles;
pub mod body;
pub mod filter;
pub mod pagination;
pub mod sources;
pub mod tags;
pub mod visibility;

pub use visibility::Viewer;
