//! Request-level errors and limits: parse and validation failures, depth and complexity,
//! body size, malformed JSON, bad argument values, GET queries and GraphiQL.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{TestApp, fixtures};

/// graphql-js's introspection query, as GraphiQL sends it.
const INTROSPECTION: &str = r#"query IntrospectionQuery { __schema { queryType { name } mutationType { name } subscriptionType { name }
  types { ...FullType } directives { name description locations args { ...InputValue } } } }
fragment FullType on __Type { kind name description fields(includeDeprecated: true) { name description args { ...InputValue }
  type { ...TypeRef } isDeprecated deprecationReason } inputFields { ...InputValue } interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } possibleTypes { ...TypeRef } }
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name } } } } } } } }"#;

async fn get(app: &TestApp, uri: &str, accept: &str) -> (StatusCode, String) {
    let request = Request::builder()
        .method(Method::GET)
        .uri(uri)
        .header(header::ACCEPT, accept)
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = app.send(request).await;
    (status, String::from_utf8_lossy(&body).into_owned())
}

db_test!(async fn parse_validation_and_argument_errors(app) {
    let (status, body) = app.graphql("{ articles( }", json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["extensions"]["code"], "GRAPHQL_PARSE_FAILED");
    let (status, body) = app.graphql("{ articles { nodes { nope } } }", json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED");
    let (status, body) = app.graphql("{ articles(first: \"ten\") { totalCount } }", json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED");
    // A malformed DateTime in a variable.
    let q = "query($f: ArticleFilter) { articles(filter: $f) { totalCount } }";
    let (code, _) = app.query_error(q, json!({ "f": { "publishedAt": { "gt": "yesterday" } } })).await;
    assert!(code == "BAD_USER_INPUT" || code == "GRAPHQL_VALIDATION_FAILED", "{code}");
    // Every error carries the request id, and so does the response header.
    let (_, headers, body) = app.post_graphql_raw(json!({ "query": "{ nope }" }).to_string()).await;
    let id = headers.get("x-request-id").unwrap().to_str().unwrap();
    assert_eq!(body["errors"][0]["extensions"]["requestId"], id);
});

db_test!(async fn depth_and_complexity_limits(app) {
    fixtures::standard(&app.db).await;
    // Twelve levels pass, thirteen are refused.
    let twelve = "{ articles(first: 1) { nodes { source { articles(first: 1) { nodes { source { articles(first: 1) { nodes { source { articles(first: 1) { nodes { title } } } } } } } } } } } }";
    app.query(twelve, json!({})).await;
    let deep = twelve.replace("nodes { title }", "nodes { source { name } }");
    let (status, body) = app.graphql(&deep, json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX");

    let wide = "{ tags(first: 100) { nodes { articles(first: 100) { nodes { title } } } } }";
    let (status, body) = app.graphql(wide, json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX");
    app.query("{ tags(first: 10) { nodes { articles(first: 10) { nodes { title } } } } }", json!({})).await;

    // GraphiQL's introspection query is within the limits.
    let data = app.query(INTROSPECTION, json!({})).await;
    assert_eq!(data["__schema"]["queryType"]["name"], "Query");
});

db_test!(async fn http_body_errors(app) {
    let (status, _, body) = app.post_graphql_raw("{not json").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("not a GraphQL request in JSON"));
    let (status, _, body) = app.post_graphql_raw(r#"{"variables": {}}"#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let huge = json!({ "query": format!("{{ articles {{ totalCount }} }} #{}", "x".repeat(1024 * 1024)) }).to_string();
    let (status, _, body) = app.post_graphql_raw(huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
});

db_test!(async fn get_queries_and_graphiql(app) {
    fixtures::standard(&app.db).await;
    let (status, body) = get(app, "/graphql?query=%7B%20articles%20%7B%20totalCount%20%7D%20%7D", "application/json").await;
    assert_eq!(status, StatusCode::OK);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["data"]["articles"]["totalCount"], 7);
    let vars = "/graphql?query=query(%24s%3AString)%7Barticle(slug%3A%24s)%7Btitle%7D%7D&variables=%7B%22s%22%3A%22a3%22%7D";
    let (_, body) = get(app, vars, "application/json").await;
    assert!(body.contains("Markets calm after OPEC meeting"), "{body}");
    let (status, html) = get(app, "/graphql", "text/html,application/xhtml+xml").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("graphiql"), "{html}");
    let (status, body) = get(app, "/graphql?variables=%7B", "application/json").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
});
