//! `/graphql`: `POST` with a JSON body, `GET` with query parameters, and GraphiQL for a
//! browser's `GET` without a query.

use async_graphql::http::GraphiQLSource;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::error::AppError;
use crate::graphql::Loaders;
use crate::graphql::transport::{MUTATION_OVER_GET, OverGet};
use crate::http::RequestId;
use crate::http::cache::SurrogateKeys;
use crate::state::AppState;

/// The `/graphql` routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/graphql", get(get_graphql).post(post_graphql))
}

async fn post_graphql(
    State(state): State<AppState>,
    request_id: RequestId,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return AppError::PayloadTooLarge {
                limit: state.config.max_body_bytes,
            }
            .graphql_response(&request_id.0);
        }
        Err(rejection) => return AppError::bad_input(rejection.body_text()).graphql_response(&request_id.0),
    };
    match serde_json::from_slice::<async_graphql::Request>(&body) {
        Ok(request) => execute(&state, request, &headers, &request_id).await,
        Err(err) => AppError::bad_input(format!("request body is not a GraphQL request in JSON: {err}"))
            .graphql_response(&request_id.0),
    }
}

async fn get_graphql(
    State(state): State<AppState>,
    request_id: RequestId,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query.unwrap_or_default();
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if wants_html && !query.split('&').any(|pair| pair.starts_with("query=")) {
        let mut page = Html(GraphiQLSource::build().endpoint("/graphql").title("Gazette").finish()).into_response();
        // The same URL answers JSON to clients: caches must keep the two apart.
        page.headers_mut()
            .insert(header::VARY, header::HeaderValue::from_static("accept"));
        return page;
    }
    match async_graphql::http::parse_query_string(&query) {
        Ok(request) => {
            let mut response = execute(&state, request.data(OverGet), &headers, &request_id).await;
            // A CDN can cache GraphQL GETs; what they show is not tracked per id, so a
            // purge of `articles` (any content change) or `graphql` covers them.
            let mut keys = SurrogateKeys::default();
            keys.key(SurrogateKeys::ARTICLE_LISTS).key("graphql");
            response.extensions_mut().insert(keys);
            response
                .headers_mut()
                .append(header::VARY, header::HeaderValue::from_static("accept"));
            response
        }
        Err(err) => {
            AppError::bad_input(format!("malformed GraphQL GET request: {err}")).graphql_response(&request_id.0)
        }
    }
}

/// Runs one request with the caller's viewer and fresh loaders, then finishes its errors:
/// every error gets the request id, and server errors are logged here, once, with their
/// cause, while the client sees only the code and the id.
async fn execute(
    state: &AppState,
    request: async_graphql::Request,
    headers: &HeaderMap,
    request_id: &RequestId,
) -> Response {
    // A bad key fails the whole request with 401, like GitHub's API, rather than running
    // it anonymously: the caller meant to be someone.
    let viewer = match crate::auth::viewer(state, headers).await {
        Ok(viewer) => viewer,
        Err(err) => return err.graphql_response(&request_id.0),
    };
    let request = request
        .data(state.db.clone())
        .data(Loaders::new(state.db.clone(), viewer.clone()))
        .data(viewer);
    let schema = match &state.introspection_schema {
        Some(introspection) if crate::graphql::is_introspection_only(&request.query) => introspection,
        _ => &state.schema,
    };
    let mut response = schema.execute(request).await;
    let mut status = StatusCode::OK;
    for error in &mut response.errors {
        let extensions = error.extensions.get_or_insert_with(Default::default);
        let code = match extensions.get("code") {
            Some(async_graphql::Value::String(code)) => code.clone(),
            _ => String::new(),
        };
        extensions.set("requestId", request_id.0.as_str());
        match code.as_str() {
            "INTERNAL_SERVER_ERROR" | "UNAVAILABLE" => {
                let cause = error
                    .source::<AppError>()
                    .map(|e| format!("{:?}", e))
                    .unwrap_or_else(|| error.message.clone());
                tracing::error!(request_id = %request_id.0, code, %cause, "GraphQL request failed");
                if code == "INTERNAL_SERVER_ERROR" {
                    error.message = "internal server error".to_string();
                }
            }
            // The request never ran: the GraphQL-over-HTTP convention is a 400.
            "GRAPHQL_PARSE_FAILED" | "GRAPHQL_VALIDATION_FAILED" | "QUERY_TOO_COMPLEX" => {
                status = StatusCode::BAD_REQUEST
            }
            "BAD_USER_INPUT" if error.message == MUTATION_OVER_GET => status = StatusCode::METHOD_NOT_ALLOWED,
            _ => {}
        }
    }
    let mut response = (status, axum::Json(response)).into_response();
    if status == StatusCode::METHOD_NOT_ALLOWED {
        response
            .headers_mut()
            .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
    }
    response
}
