//! The domain: what an article, a source and a tag are, who may see what, how lists are
//! filtered, ordered and paged. The only place that builds queries; every door (GraphQL,
//! later REST and feeds) calls these functions, so each rule lives here once.
//!
//! Functions take `&impl ConnectionTrait` and validated inputs, and return domain models
//! (never GraphQL or REST types) or [`crate::error::AppError`].

pub mod admin;
pub mod articles;
pub mod autotag;
pub mod body;
pub mod editorial;
pub mod export;
pub mod facets;
pub mod filter;
pub mod import;
pub mod keys;
pub mod pagination;
pub mod related;
pub mod search;
pub mod sources;
pub mod tags;
pub mod validate;
pub mod visibility;

pub use visibility::{Role, Viewer};

use sea_orm::{DatabaseConnection, DatabaseTransaction, TransactionTrait};

use crate::error::AppResult;

/// An optional input field of an update: `Some(value or None)` when the client gave it
/// (`null` included: clear it), `None` when absent (leave it).
pub(crate) fn given<T: Clone>(v: &async_graphql::MaybeUndefined<T>) -> Option<Option<T>> {
    match v {
        async_graphql::MaybeUndefined::Undefined => None,
        async_graphql::MaybeUndefined::Null => Some(None),
        async_graphql::MaybeUndefined::Value(v) => Some(Some(v.clone())),
    }
}

/// Runs `f` in a transaction, committing when it succeeds and rolling back otherwise.
pub(crate) async fn in_transaction<T, F>(db: &DatabaseConnection, f: F) -> AppResult<T>
where
    F: AsyncFnOnce(&DatabaseTransaction) -> AppResult<T>,
{
    let tx = db.begin().await?;
    let result = f(&tx).await;
    match result {
        Ok(value) => {
            tx.commit().await?;
            Ok(value)
        }
        Err(err) => {
            // Dropping the transaction rolls back too; rolling back explicitly returns the
            // connection to the pool at once.
            let _ = tx.rollback().await;
            Err(err)
        }
    }
}
