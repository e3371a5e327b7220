//! HTTP plumbing shared by every door: request ids, the logging of failed responses, the
//! JSON 404 for unknown paths, caching headers ([`cache`]), compression, CORS, and the
//! middleware stack.

pub mod cache;
pub mod limit;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
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

/// A known path with a method it does not take: Gazette's error body instead of axum's
/// empty one (axum still sets `Allow`).
async fn method_not_allowed(request: Request) -> AppError {
    AppError::MethodNotAllowed {
        method: request.method().to_string(),
        path: request.uri().path().to_string(),
    }
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    AppError::internal(anyhow::anyhow!("a request handler panicked")).into_response()
}

/// CORS as configured: any origin or the listed ones may read and write with a key;
/// cookies are never sent (the API has none), so credentials stay off.
fn cors(origins: &str) -> CorsLayer {
    let allow = if origins.trim() == "*" {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .split(',')
                .filter_map(|o| HeaderValue::from_str(o.trim().trim_end_matches('/')).ok()),
        )
    };
    CorsLayer::new()
        .allow_origin(allow)
        .allow_methods([Method::GET, Method::HEAD, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
        ])
        .expose_headers([
            header::ETAG,
            header::LAST_MODIFIED,
            header::LOCATION,
            header::RETRY_AFTER,
            REQUEST_ID,
        ])
        .max_age(Duration::from_secs(3600))
}

/// Wraps the routes with the middleware every door shares, outermost last.
pub fn layers(router: Router<AppState>, state: AppState) -> Router {
    let max_body = state.config.max_body_bytes;
    let cors = cors(&state.config.cors_origins);
    let limit = limit::RateLimit::new(state.config.rate_limit, state.config.rate_limit_burst);
    let router = match limit {
        // Innermost of the shared layers but outside the routes: a refused request costs no
        // database work, and still gets a request id, CORS headers and a log line.
        Some(limit) => router.layer(middleware::from_fn_with_state(limit, limit::rate_limit)),
        None => router,
    };
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state.clone())
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn(log_failures))
        // Compression inside the cache layer: the ETag is the hash of the bytes sent, so a
        // gzip and a brotli copy have different tags, as strong ETags must.
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(state, cache::http_cache))
        .layer(cors)
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
