//! `GET /api/v1/sources[/{slug}[/articles]]` and `GET /api/v1/tags[/{slug}[/articles]]`.

use axum::http::StatusCode;
use serde_json::Value;

use crate::db_test;
use crate::helpers::fixtures;

fn field(page: &Value, name: &str) -> Vec<String> {
    page["data"]
        .as_array()
        .unwrap_or_else(|| panic!("no data in {page}"))
        .iter()
        .map(|a| a[name].as_str().unwrap().to_string())
        .collect()
}

db_test!(async fn sources_list_with_counts_filters_and_paging(app) {
    fixtures::standard(&app.db).await;
    let client = app.client();
    let page = client.get_ok("/api/v1/sources?include=total").await;
    // By name: Alpha, Beta, Delta, Gamma.
    assert_eq!(field(&page, "slug"), ["alpha", "beta", "delta", "gamma"], "{:?}", app.backend);
    assert_eq!(page["page"]["total"], 4);
    // Counts are of visible articles only (beta has a draft and an archived one).
    let counts: Vec<u64> = page["data"].as_array().unwrap().iter().map(|s| s["articleCount"].as_u64().unwrap()).collect();
    assert_eq!(counts, [3, 1, 0, 2]);
    assert_eq!(field(&client.get_ok("/api/v1/sources?country=ir").await, "slug"), ["alpha"]);
    assert_eq!(field(&client.get_ok("/api/v1/sources?lang=fr").await, "slug"), ["delta"]);
    assert_eq!(
        field(&client.get_ok("/api/v1/sources?sort=-slug").await, "slug"),
        ["gamma", "delta", "beta", "alpha"]
    );
    let first = client.get_ok("/api/v1/sources?limit=2").await;
    let next = first["page"]["nextCursor"].as_str().unwrap();
    let second = client.get_ok(&format!("/api/v1/sources?limit=2&cursor={next}")).await;
    assert_eq!(field(&second, "slug"), ["delta", "gamma"]);
    for (query, bad) in [("sort=size", "sort"), ("limit=1000", "limit"), ("kind=place", "kind"), ("include=body", "include")] {
        let error = client.get_error(&format!("/api/v1/sources?{query}"), StatusCode::BAD_REQUEST).await;
        assert_eq!(error["field"], bad, "{query}: {error}");
    }
});

db_test!(async fn one_source_and_its_articles(app) {
    fixtures::standard(&app.db).await;
    let client = app.client();
    let alpha = client.get_ok("/api/v1/sources/alpha").await;
    assert_eq!(alpha["data"]["name"], "Alpha News Agency", "{:?}", app.backend);
    assert_eq!(alpha["data"]["shortName"], "ANA");
    assert_eq!(alpha["data"]["articleCount"], 3);
    let articles = client.get_ok("/api/v1/sources/alpha/articles?sort=publishedAt").await;
    assert_eq!(field(&articles, "slug"), ["a7", "a4", "a1"]);
    let tagged = client.get_ok("/api/v1/sources/alpha/articles?tag=moscow").await;
    assert_eq!(field(&tagged, "slug"), ["a4"]);
    let error = client.get_error("/api/v1/sources/nobody", StatusCode::NOT_FOUND).await;
    assert_eq!(error["code"], "NOT_FOUND");
    client.get_error("/api/v1/sources/nobody/articles", StatusCode::NOT_FOUND).await;
    let error = client.get_error("/api/v1/sources/alpha/articles?limit=x", StatusCode::BAD_REQUEST).await;
    assert_eq!(error["field"], "limit");
});

db_test!(async fn tags_list_by_kind_and_one_tag_with_its_articles(app) {
    fixtures::standard(&app.db).await;
    let client = app.client();
    let places = client.get_ok("/api/v1/tags?kind=place").await;
    assert_eq!(field(&places, "slug"), ["moscow", "tehran"], "{:?}", app.backend);
    assert_eq!(places["data"][0]["kind"], "PLACE");
    assert_eq!(places["data"][0]["aliases"][0], "Moskva");
    // Public counts: moscow has a2 and a4 (the draft d1 does not count).
    assert_eq!(places["data"][0]["articleCount"], 2);
    let all = client.get_ok("/api/v1/tags?include=total").await;
    assert_eq!(all["page"]["total"], 8);
    let moscow = client.get_ok("/api/v1/tags/moscow").await;
    assert_eq!(moscow["data"]["name"], "Moscow");
    let mut articles = field(&client.get_ok("/api/v1/tags/moscow/articles").await, "slug");
    articles.sort();
    assert_eq!(articles, ["a2", "a4"]);
    // "world" is both a SECTION and a TOPIC: without kind it is ambiguous.
    let error = client.get_error("/api/v1/tags/world", StatusCode::BAD_REQUEST).await;
    assert_eq!(error["field"], "kind");
    let topic = client.get_ok("/api/v1/tags/world?kind=topic").await;
    assert_eq!(topic["data"]["name"], "World affairs");
    let world = client.get_ok("/api/v1/tags/world/articles?kind=topic").await;
    assert_eq!(field(&world, "slug"), ["a7"]);
    client.get_error("/api/v1/tags/nothing", StatusCode::NOT_FOUND).await;
    let error = client.get_error("/api/v1/tags?kind=planet", StatusCode::BAD_REQUEST).await;
    assert_eq!(error["field"], "kind");
});
