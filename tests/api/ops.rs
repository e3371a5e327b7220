//! `/healthz`, `/readyz`, request ids and unknown paths.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;

use crate::db_test;

db_test!(async fn health_readiness_and_unknown_paths(app) {
    assert_eq!(app.get_json("/healthz").await, (StatusCode::OK, json!({ "status": "ok" })));
    assert_eq!(app.get_json("/readyz").await, (StatusCode::OK, json!({ "status": "ready" })));
    let (status, body) = app.get_json("/no/such/path").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "NOT_FOUND");
    assert!(body["error"]["requestId"].is_string());

    // A request id sent by a proxy is kept; otherwise one is made.
    let request = Request::builder().uri("/healthz").header("x-request-id", "edge-42").body(Body::empty()).unwrap();
    let (_, headers, _) = app.send(request).await;
    assert_eq!(headers["x-request-id"], "edge-42");
    let (_, headers, _) = app.send(Request::builder().uri("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(headers["x-request-id"].len(), 36);
});
