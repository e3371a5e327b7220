//! `tag`, `tags` and their filters and ordering.

use serde_json::json;

use crate::db_test;
use crate::helpers::{fixtures, pluck};

db_test!(async fn tags_list_filter_and_lookup(app) {
    let fx = fixtures::standard(&app.db).await;
    let data = app.query("{ tags(first: 100) { nodes { name } totalCount } }", json!({})).await;
    assert_eq!(pluck(&data["tags"], "name"), ["Ada Example", "Economy", "Moscow", "OPEC", "Oil", "Tehran", "World", "World affairs"]);
    assert_eq!(data["tags"]["totalCount"], 8);

    let q = "query($f: TagFilter, $o: [TagOrder!]) { tags(filter: $f, orderBy: $o) { nodes { slug kind } totalCount } }";
    let data = app.query(q, json!({ "f": { "kind": { "in": ["PLACE", "PERSON"] } }, "o": [{ "field": "SLUG", "direction": "DESC" }] })).await;
    assert_eq!(pluck(&data["tags"], "slug"), ["tehran", "moscow", "ada-example"]);
    let data = app.query(q, json!({ "f": { "kind": { "eq": "SECTION" }, "not": { "slug": { "eq": "world" } } } })).await;
    assert_eq!(pluck(&data["tags"], "slug"), ["economy"]);

    // The same slug in two kinds: `kind` picks one, without it the lookup is ambiguous.
    let data = app.query(r#"{ tag(slug: "world", kind: TOPIC) { name kind articleCount } }"#, json!({})).await;
    assert_eq!(data["tag"], json!({ "name": "World affairs", "kind": "TOPIC", "articleCount": 1 }));
    let (code, error) = app.query_error(r#"{ tag(slug: "world") { name } }"#, json!({})).await;
    assert_eq!(code, "BAD_USER_INPUT");
    assert_eq!(error["extensions"]["field"], "kind");
    let data = app.query(r#"{ tag(slug: "moscow") { name aliases kind articleCount } }"#, json!({})).await;
    assert_eq!(data["tag"], json!({ "name": "Moscow", "aliases": ["Moskva", "Moscou"], "kind": "PLACE", "articleCount": 2 }));
    assert!(app.query(r#"{ tag(slug: "moscow", kind: PERSON) { name } }"#, json!({})).await["tag"].is_null());
    let by_id = app.query("query($id: ID) { tag(id: $id) { slug } }", json!({ "id": fx.tags["TOPIC:oil"].to_string() })).await;
    assert_eq!(by_id["tag"]["slug"], "oil");

    // A tag's articles, filtered through the nested source.
    let data = app
        .query(r#"{ tag(slug: "economy") { articles(filter: { source: { slug: { eq: "gamma" } } }) { nodes { slug } } } }"#, json!({}))
        .await;
    assert_eq!(pluck(&data["tag"]["articles"], "slug"), ["a3", "a5"]);
});
