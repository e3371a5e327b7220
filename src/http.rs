//! HTTP plumbing shared by every door: request ids, the logging of failed responses, the
//! JSON 404 for unknown paths, and the middleware stack.

use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRequestParts, Request};
use axum::http::HeaderName;
use axum::http::request::Parts;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::error::AppError;
use crate::state::AppState;

/// The header carrying the request id, in requests (a proxy may set it) and responses.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the current request (from `x-request-id`, or generated).
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let id = parts
            .headers
            .get(REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        Ok(RequestId(id.to_string()))
    }
}

/// Logs a response carrying a server error once, with its cause and the request id, and
/// adds the request id to the JSON error body.
pub async fn log_failures(request: Request, next: Next) -> Response {
    let request_id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string();
    let response = next.run(request).await;
    let Some(error) = response.extensions().get::<Arc<AppError>>().cloned() else {
        return response;
    };
    if error.is_server_error() {
        tracing::error!(request_id, code = error.code(), cause = ?error, "request failed");
    }
    // Rebuild the body with the request id, which the error did not know.
    let mut body =
        serde_json::json!({ "error": { "code": error.code(), "message": error.to_string(), "requestId": request_id } });
    if let Some(field) = error.field() {
        body["error"]["field"] = field.into();
    }
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body.to_string()))
}

async fn not_found(request: Request) -> AppError {
    AppError::not_found("path", request.uri().path().to_string())
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    AppError::internal(anyhow::anyhow!("a request handler panicked")).into_response()
}

/// Wraps the routes with the middleware every door shares, outermost last.
pub fn layers(router: Router<AppState>, state: AppState) -> Router {
    let max_body = state.config.max_body_bytes;
    router
        .fallback(not_found)
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn(log_failures))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            let id = request
                .headers()
                .get(REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
        }))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}
