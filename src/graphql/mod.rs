//! The GraphQL door: schema, resolvers (thin: they validate arguments and call
//! `content/`), DataLoaders, and the HTTP handlers at `/graphql`.

mod errors;
pub mod http;
mod loaders;
mod mutation;
mod query;
mod schema;
pub mod transport;
mod types;

pub use loaders::Loaders;
pub use schema::{GazetteSchema, build_introspection_schema, build_schema, is_introspection_only, sdl};

use async_graphql::Context;
use sea_orm::DatabaseConnection;

use crate::content::Viewer;

/// The request's database pool and viewer, which the HTTP handler puts into every request.
fn request_data<'a>(ctx: &Context<'a>) -> async_graphql::Result<(&'a DatabaseConnection, &'a Viewer)> {
    Ok((ctx.data::<DatabaseConnection>()?, ctx.data::<Viewer>()?))
}

/// Complexity of a connection field: its children counted once per requested item, so a
/// client cannot nest large pages inside large pages.
fn page_cost(first: Option<i32>, last: Option<i32>, child_complexity: usize) -> usize {
    let size = first
        .or(last)
        .unwrap_or(crate::content::pagination::DEFAULT_PAGE_SIZE as i32);
    (size.clamp(1, i32::MAX) as usize).saturating_mul(child_complexity.max(1))
}
