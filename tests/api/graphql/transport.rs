//! GraphQL over `GET` and Automatic Persisted Queries, so CDNs can cache GraphQL; mutations
//! over `GET` are refused.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::db_test;
use crate::helpers::{Client, fixtures};

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn get(client: &Client<'_>, params: &[(&str, String)]) -> (StatusCode, Value) {
    let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    let (status, headers, body) = client
        .http(Method::GET, &format!("/graphql?{}", query.join("&")), &[], None)
        .await;
    if status == StatusCode::METHOD_NOT_ALLOWED {
        assert_eq!(headers["allow"], "POST");
    }
    (status, serde_json::from_slice(&body).unwrap())
}

const QUERY: &str = "query($n: Int) { articles(first: $n) { nodes { slug } } }";

db_test!(async fn queries_run_over_get_with_variables(app) {
    fixtures::standard(&app.db).await;
    let (status, body) = get(
        &app.client(),
        &[("query", QUERY.into()), ("variables", json!({ "n": 2 }).to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{:?}: {body}", app.backend);
    assert_eq!(body["data"]["articles"]["nodes"].as_array().unwrap().len(), 2);
});

db_test!(async fn mutations_over_get_are_refused(app) {
    fixtures::standard(&app.db).await;
    let editor = app.editor().await;
    let mutation = "mutation { createSource(input: { name: \"Over Get\" }) { id } }";
    let (status, body) = get(&editor, &[("query", mutation.into())]).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{:?}: {body}", app.backend);
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    // Nothing was written.
    let (_, _, found) = app.client().rest(Method::GET, "/api/v1/sources/over-get", None).await;
    assert_eq!(found["error"]["code"], "NOT_FOUND");
});

db_test!(async fn persisted_queries_miss_register_hit_and_mismatch(app) {
    fixtures::standard(&app.db).await;
    let client = app.client();
    let hash: String = Sha256::digest(QUERY.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } }).to_string();
    let vars = json!({ "n": 1 }).to_string();
    // Miss: the hash alone is unknown.
    let (status, body) = get(&client, &[("extensions", ext.clone()), ("variables", vars.clone())]).await;
    assert_eq!(status, StatusCode::OK, "{:?}: {body}", app.backend);
    assert_eq!(body["errors"][0]["extensions"]["code"], "PERSISTED_QUERY_NOT_FOUND", "{body}");
    // Register: the query with its hash (POST, as Apollo clients do after a miss).
    let (_, response) = client.graphql_with_extensions(QUERY, json!({ "n": 1 }), json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })).await;
    assert_eq!(response["data"]["articles"]["nodes"][0]["slug"], "a1", "{response}");
    // Hit: the hash alone now runs the query, over GET.
    let (status, body) = get(&client, &[("extensions", ext), ("variables", json!({ "n": 2 }).to_string())]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["data"]["articles"]["nodes"].as_array().unwrap().len(), 2, "{body}");
    // Mismatch: a hash that is not the query's.
    let wrong = json!({ "persistedQuery": { "version": 1, "sha256Hash": "0".repeat(64) } });
    let (_, response) = client.graphql_with_extensions(QUERY, json!({}), wrong).await;
    assert_eq!(response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{response}");
    assert!(response.get("data").is_none_or(Value::is_null));
});
