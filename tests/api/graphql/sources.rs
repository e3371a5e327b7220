//! `source`, `sources` and their filters and ordering.

use serde_json::json;

use crate::db_test;
use crate::helpers::{fixtures, pluck};

db_test!(async fn sources_list_filter_order_and_lookup(app) {
    let fx = fixtures::standard(&app.db).await;
    let data = app.query("{ sources { nodes { slug name } totalCount } }", json!({})).await;
    // Default order: by name.
    assert_eq!(pluck(&data["sources"], "slug"), ["alpha", "beta", "delta", "gamma"]);
    assert_eq!(data["sources"]["totalCount"], 4);

    let q = "query($f: SourceFilter, $o: [SourceOrder!]) { sources(filter: $f, orderBy: $o) { nodes { slug } totalCount } }";
    let cases = [
        (json!({ "country": { "eq": "RU" } }), json!(null), vec!["beta"]),
        (json!({ "name": { "contains": "AGENCY" } }), json!([{ "field": "NAME", "direction": "DESC" }]), vec!["beta", "alpha"]),
        (json!({ "or": [{ "language": { "eq": "fr" } }, { "slug": { "eq": "gamma" } }] }), json!([{ "field": "SLUG" }]), vec!["delta", "gamma"]),
        (json!({ "not": { "slug": { "in": ["alpha", "beta"] } } }), json!([{ "field": "SLUG", "direction": "DESC" }]), vec!["gamma", "delta"]),
        (json!({ "id": { "eq": fx.sources["delta"].to_string() } }), json!(null), vec!["delta"]),
    ];
    for (filter, order, expected) in cases {
        let data = app.query(q, json!({ "f": filter, "o": order })).await;
        assert_eq!(pluck(&data["sources"], "slug"), expected, "{filter}");
        assert_eq!(data["sources"]["totalCount"], expected.len());
    }

    let data = app.query(r#"{ source(slug: "alpha") { name shortName url country language description articleCount } }"#, json!({})).await;
    assert_eq!(
        data["source"],
        json!({ "name": "Alpha News Agency", "shortName": "ANA", "url": "https://alpha.example/", "country": "IR",
                "language": "fa", "description": "Alpha News Agency, a test source", "articleCount": 3 })
    );
    let by_id = app.query("query($id: ID) { source(id: $id) { slug } }", json!({ "id": fx.sources["beta"].to_string() })).await;
    assert_eq!(by_id["source"]["slug"], "beta");
    assert!(app.query(r#"{ source(slug: "nope") { slug } }"#, json!({})).await["source"].is_null());
    let (code, _) = app.query_error(r#"{ source(slug: "alpha", id: "x") { slug } }"#, json!({})).await;
    assert_eq!(code, "BAD_USER_INPUT");

    // Paging through sources two at a time.
    let first = app.query("{ sources(first: 2) { nodes { slug } pageInfo { endCursor hasNextPage } } }", json!({})).await;
    assert_eq!(pluck(&first["sources"], "slug"), ["alpha", "beta"]);
    let cursor = first["sources"]["pageInfo"]["endCursor"].as_str().unwrap();
    let next = app.query("query($c: String) { sources(first: 2, after: $c) { nodes { slug } pageInfo { hasNextPage } } }", json!({ "c": cursor })).await;
    assert_eq!(pluck(&next["sources"], "slug"), ["delta", "gamma"]);
    assert_eq!(next["sources"]["pageInfo"]["hasNextPage"], false);

    // A source's articles with their own filter and order.
    let data = app
        .query(
            r#"{ source(slug: "alpha") { articles(filter: { language: { ne: "fa" } }, orderBy: [{ field: PUBLISHED_AT, direction: ASC }]) { nodes { slug } totalCount } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(pluck(&data["source"]["articles"], "slug"), ["a7", "a1"]);
    assert_eq!(data["source"]["articles"]["totalCount"], 2);
});
