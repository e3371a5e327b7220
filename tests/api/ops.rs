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

db_test!(async fn a_request_outlasting_the_statement_timeout_is_answered_unavailable(app) {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let config = gazette::config::DatabaseConfig {
        statement_timeout_secs: 1,
        ..app.db_config.clone()
    };
    let pool = gazette::db::connect(&config).await.unwrap();
    let client = app.client().pool(pool.clone());
    let query = "{ articles(first: 5) { nodes { slug } } }";
    assert!(client.query(query, json!({})).await["articles"]["nodes"].is_array());

    // Another session locks the articles table: every read of it waits for the lock, past
    // the timeout. SQLite's readers never wait for a writer (its timeout is tested with a
    // slow statement in `bulk_loads_and_migrations_outlast_the_statement_timeout_of_requests`).
    let (lock, unlock) = match app.backend {
        crate::helpers::Backend::Sqlite => return,
        crate::helpers::Backend::Postgres => ("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE", "SELECT 1"),
        crate::helpers::Backend::MySql => ("LOCK TABLES articles WRITE", "UNLOCK TABLES"),
    };
    let holder = app.db.begin().await.unwrap();
    holder.execute_unprepared(lock).await.unwrap();

    // Bounded, so that a missing timeout fails the test instead of hanging it.
    let waited = std::time::Duration::from_secs(30);
    let (code, error) = tokio::time::timeout(waited, client.query_error(query, json!({})))
        .await
        .expect("the statement timeout stops a statement waiting for a lock");
    assert_eq!(code, "UNAVAILABLE", "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("took too long"), "{message}");
    assert!(!message.contains("SELECT"), "{message}");
    let (status, _, body) = client.rest(axum::http::Method::GET, "/api/v1/articles", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "UNAVAILABLE");

    holder.execute_unprepared(unlock).await.unwrap();
    holder.rollback().await.unwrap();
    // The lock gone, the same pool serves again.
    assert!(client.query(query, json!({})).await["articles"]["nodes"].is_array());
    pool.close().await.unwrap();
});
