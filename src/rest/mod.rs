//! The JSON door under `/api/v1`. So far: `POST /api/v1/import`, the import for
//! integrators.

pub mod import;

use axum::Router;

use crate::state::AppState;

/// The `/api/v1` routes.
pub fn router() -> Router<AppState> {
    Router::new().merge(import::router())
}
