//! Every filter operator and combinator of API.md, against the standard fixture.

use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::fixtures;
use crate::helpers::{TestApp, pluck};

async fn slugs(app: &TestApp, filter: Value) -> Vec<String> {
    let q = "query($f: ArticleFilter) { articles(filter: $f, first: 100) { nodes { slug } totalCount } }";
    let data = app.query(q, json!({ "f": filter })).await;
    let mut slugs = pluck(&data["articles"], "slug");
    assert_eq!(
        data["articles"]["totalCount"],
        slugs.len(),
        "totalCount disagrees with the list for {filter}"
    );
    slugs.sort();
    slugs
}

async fn check(app: &TestApp, cases: Vec<(Value, Vec<&str>)>) {
    for (filter, expected) in cases {
        assert_eq!(
            slugs(app, filter.clone()).await,
            expected,
            "{:?}: filter {filter}",
            app.backend
        );
    }
}

db_test!(async fn string_operators(app) {
    fixtures::standard(&app.db).await;
    check(app, vec![
        (json!({ "slug": { "eq": "a1" } }), vec!["a1"]),
        (json!({ "title": { "eq": "Moscow hosts energy forum" } }), vec!["a2", "a4"]),
        // eq is exact: case matters on every database.
        (json!({ "title": { "eq": "moscow hosts energy forum" } }), vec![]),
        (json!({ "byline": { "ne": "Sara Writer" } }), vec!["a2", "a5"]),
        (json!({ "slug": { "in": ["a1", "a3", "d1", "zz"] } }), vec!["a1", "a3"]),
        (json!({ "slug": { "in": [] } }), vec![]),
        (json!({ "slug": { "notIn": ["a1", "a2", "a3"] } }), vec!["a4", "a5", "a6", "a7"]),
        (json!({ "title": { "contains": "TEHRAN" } }), vec!["a1", "a7"]),
        (json!({ "title": { "startsWith": "moscow" } }), vec!["a2", "a4"]),
        (json!({ "title": { "endsWith": "MEETING" } }), vec!["a3"]),
        // LIKE wildcards in user text match literally.
        (json!({ "title": { "contains": "50%" } }), vec!["a5"]),
        (json!({ "title": { "contains": "%" } }), vec!["a5"]),
        (json!({ "title": { "contains": "f_s" } }), vec!["a5"]),
        (json!({ "title": { "contains": "_" } }), vec!["a5"]),
        (json!({ "byline": { "contains": "o'b" } }), vec!["a5"]),
        (json!({ "byline": { "isNull": true } }), vec!["a3", "a6", "a7"]),
        (json!({ "byline": { "isNull": false } }), vec!["a1", "a2", "a4", "a5"]),
        (json!({ "language": { "in": ["ru", "fa"] } }), vec!["a2", "a4"]),
        (json!({ "title": { "startsWith": "Moscow", "endsWith": "forum", "ne": "x" }, "language": { "eq": "fa" } }), vec!["a4"]),
        (json!({}), vec!["a1", "a2", "a3", "a4", "a5", "a6", "a7"]),
    ])
    .await;
});

db_test!(async fn id_status_and_datetime_operators(app) {
    let fx = fixtures::standard(&app.db).await;
    let id = |s: &str| fx.articles[s].to_string();
    check(app, vec![
        (json!({ "id": { "eq": id("a2") } }), vec!["a2"]),
        (json!({ "id": { "in": [id("a2"), id("a5"), id("d1")] } }), vec!["a2", "a5"]),
        (json!({ "status": { "eq": "PUBLISHED" } }), vec!["a1", "a2", "a3", "a4", "a5", "a6", "a7"]),
        (json!({ "status": { "in": ["DRAFT"] } }), vec![]),
        (json!({ "publishedAt": { "eq": "2026-06-01T10:00:00Z" } }), vec!["a2", "a3"]),
        (json!({ "publishedAt": { "ne": "2026-06-01T10:00:00Z" } }), vec!["a1", "a4", "a5", "a6", "a7"]),
        (json!({ "publishedAt": { "gt": "2026-06-01T10:00:00Z" } }), vec!["a1"]),
        (json!({ "publishedAt": { "gte": "2026-06-01T10:00:00Z" } }), vec!["a1", "a2", "a3"]),
        (json!({ "publishedAt": { "lt": "2026-06-01T07:00:00Z" } }), vec!["a5", "a6", "a7"]),
        (json!({ "publishedAt": { "lte": "2026-06-01T07:00:00Z", "gte": "2026-06-01T02:00:00Z" } }), vec!["a4", "a5"]),
        // Offsets other than Z mean the same instant.
        (json!({ "publishedAt": { "eq": "2026-06-01T13:30:00+03:30" } }), vec!["a2", "a3"]),
        (json!({ "publishedAt": { "isNull": true } }), vec![]),
        (json!({ "updatedAt": { "gte": "2026-06-01T09:00:00Z" } }), vec!["a1", "a2", "a3", "a4"]),
    ])
    .await;
    let (code, error) = app
        .query_error("query($f: ArticleFilter) { articles(filter: $f) { totalCount } }", json!({ "f": { "id": { "eq": "nope" } } }))
        .await;
    assert_eq!(code, "BAD_USER_INPUT");
    assert_eq!(error["extensions"]["field"], "filter.id.eq");
});

db_test!(async fn source_and_tag_filters(app) {
    fixtures::standard(&app.db).await;
    check(app, vec![
        (json!({ "source": { "slug": { "eq": "alpha" } } }), vec!["a1", "a4", "a7"]),
        (json!({ "source": { "country": { "in": ["RU", "GB"] } } }), vec!["a2", "a3", "a5"]),
        (json!({ "source": { "name": { "contains": "agency" }, "not": { "slug": { "eq": "beta" } } } }), vec!["a1", "a4", "a7"]),
        (json!({ "source": { "or": [{ "slug": { "eq": "beta" } }, { "language": { "eq": "en" } }] } }), vec!["a2", "a3", "a5"]),
        // An article without a source matches no source filter, and does match its negation.
        (json!({ "not": { "source": { "slug": { "eq": "alpha" } } } }), vec!["a2", "a3", "a5", "a6"]),
        (json!({ "tags": { "some": { "slug": { "in": ["moscow", "tehran"] } } } }), vec!["a1", "a2", "a4", "a7"]),
        (json!({ "tags": { "some": { "slug": { "eq": "world" }, "kind": { "eq": "TOPIC" } } } }), vec!["a7"]),
        (json!({ "tags": { "some": { "kind": { "in": ["PERSON", "ORGANIZATION"] } } } }), vec!["a1", "a3", "a7"]),
        (json!({ "tags": { "none": { "kind": { "eq": "PLACE" } } } }), vec!["a3", "a5", "a6"]),
        // every: all tags match; an article without tags matches vacuously.
        (json!({ "tags": { "every": { "kind": { "in": ["SECTION", "ORGANIZATION"] } } } }), vec!["a3", "a5", "a6"]),
        (json!({ "tags": { "every": { "kind": { "eq": "SECTION" } }, "some": { "slug": { "eq": "economy" } } } }), vec!["a5"]),
        (json!({ "tags": { "some": { "id": { "in": [] } } } }), vec![]),
        (json!({ "tags": { "some": { "name": { "startsWith": "ada" } } } }), vec!["a7"]),
        (json!({ "tags": { "some": { "or": [{ "slug": { "eq": "oil" } }, { "not": { "kind": { "in": ["SECTION", "PLACE", "ORGANIZATION", "TOPIC"] } } }] } } }), vec!["a1", "a2", "a7"]),
    ])
    .await;
});

db_test!(async fn combinators(app) {
    fixtures::standard(&app.db).await;
    check(app, vec![
        (json!({ "and": [{ "title": { "contains": "moscow" } }, { "language": { "eq": "ru" } }] }), vec!["a2"]),
        (json!({ "or": [{ "slug": { "eq": "a1" } }, { "byline": { "eq": "Tom O'Brien" } }] }), vec!["a1", "a5"]),
        (json!({ "or": [] }), vec![]),
        (json!({ "and": [] }), vec!["a1", "a2", "a3", "a4", "a5", "a6", "a7"]),
        (json!({ "not": { "title": { "contains": "o" } } }), vec!["a7"]),
        (json!({ "not": { "or": [{ "language": { "eq": "en" } }, { "language": { "eq": "ru" } }] } }), vec!["a4"]),
        (json!({ "not": { "not": { "slug": { "eq": "a3" } } } }), vec!["a3"]),
        (json!({ "or": [{ "and": [{ "source": { "slug": { "eq": "alpha" } } }, { "tags": { "some": { "slug": { "eq": "moscow" } } } }] },
                        { "slug": { "eq": "a6" } }] }), vec!["a4", "a6"]),
        (json!({ "slug": { "startsWith": "a" }, "or": [{ "slug": { "eq": "a2" } }, { "slug": { "eq": "a3" } }], "not": { "slug": { "eq": "a3" } } }), vec!["a2"]),
    ])
    .await;
});

db_test!(async fn filter_limits(app) {
    let q = "query($f: ArticleFilter) { articles(filter: $f) { totalCount } }";
    // Six levels pass, seven are refused.
    let mut six = json!({ "slug": { "eq": "x" } });
    for _ in 1..6 {
        six = json!({ "not": six });
    }
    app.query(q, json!({ "f": six.clone() })).await;
    let (code, error) = app.query_error(q, json!({ "f": { "not": six } })).await;
    assert_eq!(code, "BAD_USER_INPUT");
    assert!(error["message"].as_str().unwrap().contains("deeper than 6"), "{error}");

    let hundred: Vec<_> = (0..100).map(|i| json!({ "slug": { "eq": format!("s{i}") } })).collect();
    app.query(q, json!({ "f": { "or": hundred.clone() } })).await;
    let mut too_many = hundred;
    too_many.push(json!({ "slug": { "eq": "one-more" } }));
    let (code, error) = app.query_error(q, json!({ "f": { "or": too_many } })).await;
    assert_eq!(code, "BAD_USER_INPUT");
    assert!(error["message"].as_str().unwrap().contains("more than 100 conditions"), "{error}");

    let list: Vec<String> = (0..500).map(|i| format!("s{i}")).collect();
    app.query(q, json!({ "f": { "slug": { "in": list.clone() } } })).await;
    let mut long = list;
    long.push("s500".into());
    let (code, error) = app.query_error(q, json!({ "f": { "tags": { "some": { "slug": { "notIn": long } } } } })).await;
    assert_eq!(code, "BAD_USER_INPUT");
    assert_eq!(error["extensions"]["field"], "filter.tags.some.slug.notIn");
});
