//! Operations endpoints: `/healthz` (the process answers) and `/readyz` (the database
//! answers and every migration is applied).

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use axum::{Json, Router};
use migration::{Migrator, MigratorTrait};
use serde_json::{Value, json};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The operations routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        // Probes must see the state of now, never a cached answer.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

async fn readyz(State(state): State<AppState>) -> AppResult<Json<Value>> {
    state.db.ping().await?;
    let pending = Migrator::get_pending_migrations(&state.db).await?;
    if !pending.is_empty() {
        return Err(AppError::unavailable(anyhow::anyhow!(
            "{} migrations are not applied",
            pending.len()
        )));
    }
    Ok(Json(json!({ "status": "ready" })))
}
