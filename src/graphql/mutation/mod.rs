//! Mutation roots, one per resource, merged into [`Mutation`]. Each resolver parses ids and
//! calls one function of `content/`, which checks the caller's role, validates, and runs
//! the change in one transaction.

mod articles;
mod catalog;

use async_graphql::{Context, ID, MergedObject};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::content::Viewer;
use crate::error::AppResult;

/// The root of every mutation.
#[derive(MergedObject, Default)]
pub struct Mutation(articles::ArticleMutation, catalog::CatalogMutation);

/// The pool and viewer, and `id` parsed (a malformed id is `BAD_USER_INPUT` on `field`).
fn prepare<'a>(
    ctx: &Context<'a>,
    id: &ID,
    field: &str,
) -> async_graphql::Result<(&'a DatabaseConnection, &'a Viewer, Uuid)> {
    let (db, viewer) = crate::graphql::request_data(ctx)?;
    let id: AppResult<Uuid> = crate::content::filter::parse_id(id, field);
    Ok((db, viewer, id?))
}
