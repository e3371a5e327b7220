//! `/api/v1/openapi.json`: a valid OpenAPI 3.1 document listing every route, and the docs
//! page that reads it.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use serde_json::Value;

use crate::db_test;

/// Every `$ref` in `value` points at a schema the document has.
fn check_refs(doc: &Value, value: &Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                let path = target
                    .strip_prefix("#/")
                    .unwrap_or_else(|| panic!("external $ref {target}"));
                let found = path.split('/').try_fold(doc, |v, part| v.get(part));
                assert!(found.is_some(), "dangling $ref {target}");
            }
            map.values().for_each(|v| check_refs(doc, v));
        }
        Value::Array(items) => items.iter().for_each(|v| check_refs(doc, v)),
        _ => {}
    }
}

db_test!(async fn openapi_document_is_valid_and_complete(app) {
    let doc = app.client().get_ok("/api/v1/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    // The typed OpenAPI 3.1 model accepts it.
    let spec: oas3::OpenApiV3Spec = oas3::from_json(doc.to_string()).expect("a valid OpenAPI 3.1 document");
    assert!(spec.paths.is_some());
    check_refs(&doc, &doc);
    let operations: BTreeSet<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |m| format!("{} {path}", m.to_uppercase())))
        .collect();
    for route in [
        "GET /api/v1/articles",
        "GET /api/v1/articles/{idOrSlug}",
        "GET /api/v1/sources",
        "GET /api/v1/sources/{slug}",
        "GET /api/v1/sources/{slug}/articles",
        "GET /api/v1/tags",
        "GET /api/v1/tags/{slug}",
        "GET /api/v1/tags/{slug}/articles",
        "POST /api/v1/import",
    ] {
        assert!(operations.contains(route), "{route} is not in the document: {operations:?}");
    }
    // Every documented route answers (not the JSON 404 of unknown paths) and every
    // operation documents its responses and a unique id.
    let mut ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path}");
            assert!(ids.insert(op["operationId"].as_str().unwrap().to_string()), "{method} {path}");
            let concrete = path.replace("{idOrSlug}", "x").replace("{slug}", "x").replace("{id}", "x");
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let (status, _, body) = app.client().rest(method.clone(), &concrete, None).await;
            let unknown_path = status == StatusCode::NOT_FOUND && body["error"]["message"].as_str().unwrap_or_default().starts_with("path ");
            assert!(!unknown_path && status != StatusCode::METHOD_NOT_ALLOWED, "{method} {concrete}: {status} {body}");
        }
    }
    // The list parameters are documented, each one accepted by the server.
    let params: Vec<&str> = doc["paths"]["/api/v1/articles"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in ["source", "tag", "anyTag", "section", "lang", "since", "until", "status", "sort", "include", "format", "limit", "cursor"] {
        assert!(params.contains(&name), "{name} not documented: {params:?}");
    }
    let (status, _, _) = app
        .client()
        .http(Method::GET, "/api/v1/docs", &[], None)
        .await;
    assert_eq!(status, StatusCode::OK, "{:?}", app.backend);
});
