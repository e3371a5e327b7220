//! Ordering (each field, both ways, with ties) and keyset paging forward and backward.

use std::cmp::Ordering;

use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{TestApp, fixtures, pluck};

const FIELDS: &str = "slug id title publishedAt updatedAt createdAt";

fn field_name(field: &str) -> &'static str {
    match field {
        "PUBLISHED_AT" => "publishedAt",
        "UPDATED_AT" => "updatedAt",
        "CREATED_AT" => "createdAt",
        "TITLE" => "title",
        other => panic!("unknown field {other}"),
    }
}

/// Compares two nodes the way API.md orders them: the fields in turn, then the id in the
/// direction of the last field.
fn compare(order: &[(&str, &str)], a: &Value, b: &Value) -> Ordering {
    for (field, direction) in order {
        let key = field_name(field);
        let (x, y) = (a[key].as_str().unwrap(), b[key].as_str().unwrap());
        let ord = if key == "title" {
            x.as_bytes().cmp(y.as_bytes())
        } else {
            let parse = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
            parse(x).cmp(&parse(y))
        };
        let ord = if *direction == "DESC" { ord.reverse() } else { ord };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    let id = |v: &Value| uuid::Uuid::parse_str(v["id"].as_str().unwrap()).unwrap();
    let ord = id(a).cmp(&id(b));
    if order.last().is_some_and(|(_, d)| *d == "DESC") {
        ord.reverse()
    } else {
        ord
    }
}

async fn page(app: &TestApp, order: &Value, args: &str) -> Value {
    let q = format!(
        "query($o: [ArticleOrder!]) {{ articles(orderBy: $o, {args}) {{ nodes {{ {FIELDS} }} edges {{ cursor }} pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} }} }}"
    );
    app.query(&q, json!({ "o": order })).await["articles"].clone()
}

async fn check_order_and_paging(app: &TestApp, order: &[(&str, &str)]) {
    let order_json: Value = order
        .iter()
        .map(|(f, d)| json!({ "field": f, "direction": d }))
        .collect();
    let full = page(app, &order_json, "first: 100").await;
    let all: Vec<Value> = full["nodes"].as_array().unwrap().clone();
    assert_eq!(all.len(), 37);
    let mut sorted = all.clone();
    sorted.sort_by(|a, b| compare(order, a, b));
    assert_eq!(
        pluck(&json!({ "nodes": all }), "slug"),
        pluck(&json!({ "nodes": sorted }), "slug"),
        "{:?} {order:?}",
        app.backend
    );

    // Forward, 5 at a time.
    let mut forward = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let args = match &after {
            Some(c) => format!("first: 5, after: \"{c}\""),
            None => "first: 5".into(),
        };
        let p = page(app, &order_json, &args).await;
        forward.extend(pluck(&p, "slug"));
        assert_eq!(p["pageInfo"]["hasPreviousPage"], after.is_some());
        assert_eq!(p["pageInfo"]["startCursor"], p["edges"][0]["cursor"]);
        if p["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = Some(p["pageInfo"]["endCursor"].as_str().unwrap().to_string());
    }
    assert_eq!(forward, pluck(&full, "slug"), "{:?} forward {order:?}", app.backend);

    // Backward, 4 at a time.
    let mut backward: Vec<String> = Vec::new();
    let mut before: Option<String> = None;
    loop {
        let args = match &before {
            Some(c) => format!("last: 4, before: \"{c}\""),
            None => "last: 4".into(),
        };
        let p = page(app, &order_json, &args).await;
        let mut slugs = pluck(&p, "slug");
        slugs.extend(backward);
        backward = slugs;
        assert_eq!(p["pageInfo"]["hasNextPage"], before.is_some());
        if p["pageInfo"]["hasPreviousPage"] == false {
            break;
        }
        before = Some(p["pageInfo"]["startCursor"].as_str().unwrap().to_string());
    }
    assert_eq!(backward, pluck(&full, "slug"), "{:?} backward {order:?}", app.backend);
}

db_test!(async fn every_ordering_pages_forward_and_backward(app) {
    fixtures::standard(&app.db).await;
    fixtures::many(&app.db, 30).await;
    for order in [
        vec![("PUBLISHED_AT", "DESC")],
        vec![("PUBLISHED_AT", "ASC")],
        vec![("UPDATED_AT", "DESC")],
        vec![("UPDATED_AT", "ASC")],
        vec![("CREATED_AT", "DESC")],
        vec![("CREATED_AT", "ASC")],
        vec![("TITLE", "ASC")],
        vec![("TITLE", "DESC")],
        vec![("TITLE", "ASC"), ("PUBLISHED_AT", "DESC")],
        vec![("UPDATED_AT", "DESC"), ("TITLE", "ASC")],
    ] {
        check_order_and_paging(app, &order).await;
    }
});

db_test!(async fn page_sizes_offset_and_cursor_misuse(app) {
    fixtures::standard(&app.db).await;
    fixtures::many(&app.db, 30).await;
    let full = pluck(&app.query("{ articles(first: 100) { nodes { slug } } }", json!({})).await["articles"], "slug");
    // Default page size is 20.
    let data = app.query("{ articles { nodes { slug } pageInfo { hasNextPage } } }", json!({})).await;
    assert_eq!(pluck(&data["articles"], "slug"), full[..20]);
    assert_eq!(data["articles"]["pageInfo"]["hasNextPage"], true);
    assert_eq!(app.query("{ articles(first: 0) { nodes { slug } } }", json!({})).await["articles"]["nodes"], json!([]));
    // offset for page-number UIs.
    let data = app.query("{ articles(first: 3, offset: 4) { nodes { slug } pageInfo { hasPreviousPage } } }", json!({})).await;
    assert_eq!(pluck(&data["articles"], "slug"), full[4..7]);
    assert_eq!(data["articles"]["pageInfo"]["hasPreviousPage"], true);
    let data = app.query("{ articles(first: 5, offset: 10000) { nodes { slug } } }", json!({})).await;
    assert_eq!(data["articles"]["nodes"], json!([]));

    let cursor = app.query("{ articles(first: 1) { pageInfo { endCursor } } }", json!({})).await["articles"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap()
        .to_string();
    let tag_cursor = app.query("{ tags(first: 1) { pageInfo { endCursor } } }", json!({})).await["tags"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap()
        .to_string();
    let bad: Vec<(String, &str)> = vec![
        ("articles(first: 101)".into(), "first"),
        ("articles(first: -1)".into(), "first"),
        ("articles(last: 101)".into(), "last"),
        ("articles(last: -5)".into(), "last"),
        ("articles(offset: 10001)".into(), "offset"),
        ("articles(offset: -1)".into(), "offset"),
        (format!("articles(first: 2, after: \"{cursor}\", offset: 2)"), "offset"),
        ("articles(last: 2, offset: 2)".into(), "offset"),
        ("articles(after: \"garbage!!\")".into(), "after"),
        ("articles(after: \"eyJmb28iOjF9\")".into(), "after"),
        (format!("articles(after: \"{}\")", &cursor[..cursor.len() - 4]), "after"),
        (format!("articles(after: \"{tag_cursor}\")"), "after"),
        (format!("articles(orderBy: [{{field: TITLE}}], after: \"{cursor}\")"), "after"),
        (format!("articles(orderBy: [{{field: PUBLISHED_AT, direction: ASC}}], after: \"{cursor}\")"), "after"),
        (format!("articles(last: 2, before: \"{tag_cursor}\")"), "before"),
        (format!("articles(last: 2, after: \"{cursor}\")"), "after"),
        (format!("articles(first: 2, before: \"{cursor}\")"), "before"),
        ("articles(orderBy: [{field: TITLE}, {field: TITLE, direction: DESC}])".into(), "orderBy"),
    ];
    for (field_call, field) in bad {
        let (code, error) = app.query_error(&format!("{{ {field_call} {{ totalCount }} }}"), json!({})).await;
        assert_eq!(code, "BAD_USER_INPUT", "{field_call}: {error}");
        assert_eq!(error["extensions"]["field"], field, "{field_call}: {error}");
    }
    let (code, _) = app.query_error("{ articles(first: 1, last: 1) { totalCount } }", json!({})).await;
    assert_eq!(code, "BAD_USER_INPUT");
    let (code, _) = app.query_error("{ sources(first: 101) { totalCount } }", json!({})).await;
    assert_eq!(code, "BAD_USER_INPUT");
    let (code, _) = app.query_error("{ tags(last: 101) { totalCount } }", json!({})).await;
    assert_eq!(code, "BAD_USER_INPUT");
});
