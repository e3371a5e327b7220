//! Live tickers (`newerThan`) and `totalCountEstimate`.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{fixtures, pluck};

const LIST: &str = "query($first: Int) { articles(first: $first) { edges { cursor node { slug } } } }";
const NEWER: &str = "query($c: String!, $first: Int, $f: ArticleFilter) {
  articles(newerThan: $c, first: $first, filter: $f) { edges { cursor node { slug } } nodes { slug } } }";

fn edges(connection: &Value) -> Vec<(String, String)> {
    connection["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["cursor"].as_str().unwrap().to_string(),
                e["node"]["slug"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

db_test!(
    async fn newer_than_returns_what_came_after_oldest_first(app) {
        fixtures::standard(&app.db).await;
        let client = app.client();
        let newest_first = edges(&client.query(LIST, json!({ "first": 100 })).await["articles"]);
        let slugs: Vec<&str> = newest_first.iter().map(|(_, s)| s.as_str()).collect();
        // The ticker holds a4; what is newer comes oldest first: the list before a4, reversed.
        let at = slugs.iter().position(|s| *s == "a4").unwrap();
        let expected: Vec<String> = slugs[..at].iter().rev().map(|s| s.to_string()).collect();
        let cursor = &newest_first[at].0;
        let newer = client.query(NEWER, json!({ "c": cursor })).await;
        assert_eq!(pluck(&newer["articles"], "slug"), expected, "{:?}", app.backend);
        // Polling again from the newest one gives nothing new…
        let last = edges(&newer["articles"]).last().unwrap().0.clone();
        let none = client.query(NEWER, json!({ "c": last })).await;
        assert!(pluck(&none["articles"], "slug").is_empty());
        // …until something is published.
        fixtures::article(
            &app.db,
            fixtures::ArticleSpec {
                slug: "breaking".into(),
                title: "Breaking".into(),
                published_at: Some(crate::helpers::now() - chrono::Duration::minutes(1)),
                updated_at: crate::helpers::now(),
                ..Default::default()
            },
        )
        .await;
        let fresh = client.query(NEWER, json!({ "c": last })).await;
        assert_eq!(pluck(&fresh["articles"], "slug"), ["breaking"]);
        // `first` caps it, filters apply, and drafts and the future never appear.
        let capped = client.query(NEWER, json!({ "c": cursor, "first": 1 })).await;
        assert_eq!(pluck(&capped["articles"], "slug"), [expected[0].clone()]);
        let moscow = json!({ "tags": { "some": { "slug": { "eq": "moscow" } } } });
        let filtered = client.query(NEWER, json!({ "c": cursor, "f": moscow })).await;
        assert_eq!(pluck(&filtered["articles"], "slug"), ["a2"]);
        let editor = app.editor().await;
        let seen = pluck(&editor.query(NEWER, json!({ "c": cursor })).await["articles"], "slug");
        assert!(!seen.contains(&"d1".to_string()), "{seen:?}");
    }
);

db_test!(
    async fn newer_than_refuses_other_paging_and_bad_cursors(app) {
        fixtures::standard(&app.db).await;
        let client = app.client();
        let first = edges(&client.query(LIST, json!({ "first": 1 })).await["articles"]);
        let cursor = first[0].0.clone();
        for args in [
            "orderBy: [{ field: TITLE }]",
            "after: $c",
            "last: 2",
            "offset: 1",
        ] {
            let q = format!("query($c: String!) {{ articles(newerThan: $c, {args}) {{ nodes {{ slug }} }} }}");
            let (code, error) = client.query_error(&q, json!({ "c": cursor })).await;
            assert_eq!(code, "BAD_USER_INPUT", "{:?} {args}: {error}", app.backend);
            assert_eq!(error["extensions"]["field"], "newerThan");
        }
        let titled = client
            .query("{ articles(first: 1, orderBy: [{ field: TITLE }]) { edges { cursor } } }", json!({}))
            .await;
        let foreign = titled["articles"]["edges"][0]["cursor"].as_str().unwrap();
        let (code, error) = client.query_error(NEWER, json!({ "c": foreign })).await;
        assert_eq!(code, "BAD_USER_INPUT", "{error}");
        assert_eq!(error["extensions"]["field"], "newerThan");
        let (code, _) = client.query_error(NEWER, json!({ "c": "garbage" })).await;
        assert_eq!(code, "BAD_USER_INPUT");
    }
);

db_test!(
    async fn rest_newer_than_continues_with_next_cursor(app) {
        fixtures::standard(&app.db).await;
        let client = app.client();
        let page = client.get_ok("/api/v1/articles?limit=5").await;
        let next = page["page"]["nextCursor"].as_str().unwrap();
        // The list's nextCursor points at its fifth article (a4 or a3): newer than it are the
        // first four, oldest first.
        let mut expected: Vec<String> =
            page["data"].as_array().unwrap()[..4].iter().map(|a| a["slug"].as_str().unwrap().to_string()).collect();
        expected.reverse();
        let ticker = client.get_ok(&format!("/api/v1/articles?newerThan={next}")).await;
        let got: Vec<String> = ticker["data"].as_array().unwrap().iter().map(|a| a["slug"].as_str().unwrap().to_string()).collect();
        assert_eq!(got, expected, "{:?}", app.backend);
        let again = ticker["page"]["nextCursor"].as_str().unwrap();
        let nothing = client.get_ok(&format!("/api/v1/articles?newerThan={again}")).await;
        assert_eq!(nothing["data"], json!([]));
        // With nothing new, the cursor to poll with stays where it was.
        assert_eq!(nothing["page"]["nextCursor"], again);
        for query in [format!("newerThan={next}&sort=title"), format!("newerThan={next}&cursor={next}"), "newerThan=zzz".into()] {
            let error = client.get_error(&format!("/api/v1/articles?{query}"), StatusCode::BAD_REQUEST).await;
            assert_eq!(error["field"], "newerThan", "{query}: {error}");
        }
    }
);

db_test!(
    async fn total_count_estimate_is_close_to_the_count(app) {
        fixtures::standard(&app.db).await;
        fixtures::many(&app.db, 30).await;
        if app.backend == crate::helpers::Backend::Postgres {
            use sea_orm::ConnectionTrait;
            app.db.execute_unprepared("ANALYZE").await.unwrap();
        }
        let q = "query($f: ArticleFilter) { articles(filter: $f) { totalCount totalCountEstimate }
                  sources { totalCount totalCountEstimate } tags { totalCount totalCountEstimate } }";
        for filter in [json!(null), json!({ "language": { "eq": "ru" } })] {
            let data = app.client().query(q, json!({ "f": filter })).await;
            for list in ["articles", "sources", "tags"] {
                let exact = data[list]["totalCount"].as_i64().unwrap();
                let estimate = data[list]["totalCountEstimate"].as_i64().unwrap();
                if app.backend == crate::helpers::Backend::Postgres {
                    // The planner's guess: the right order of magnitude.
                    assert!(estimate >= 1 && estimate <= exact.max(1) * 3 + 5, "{list} {filter}: {estimate} vs {exact}");
                } else {
                    assert_eq!(estimate, exact, "{:?} {list} {filter}", app.backend);
                }
            }
        }
    }
);
