//! `GET /api/v1/articles` and `/api/v1/articles/{idOrSlug}`: every parameter and its bad
//! values, cursors both ways, and parity with GraphQL's `articles` (same ids, same order).

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{Client, TestApp, fixtures, pluck};

fn slugs(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .unwrap_or_else(|| panic!("no data in {page}"))
        .iter()
        .map(|a| a["slug"].as_str().unwrap().to_string())
        .collect()
}

db_test!(async fn lists_visible_articles_newest_first_with_source_and_tags(app) {
    fixtures::standard(&app.db).await;
    let page = app.client().get_ok("/api/v1/articles").await;
    // Drafts, scheduled, future and archived articles are not there; newest first (a2 and
    // a3 share a time: the id breaks the tie, newest id first).
    let got = slugs(&page);
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(sorted, fixtures::VISIBLE, "{:?}", app.backend);
    assert_eq!(got[0], "a1");
    assert_eq!(got[6], "a7");
    let a1 = &page["data"][0];
    assert_eq!(a1["source"]["slug"], "alpha");
    assert_eq!(a1["section"]["slug"], "world");
    assert_eq!(a1["status"], "PUBLISHED");
    let tags: Vec<&str> = a1["tags"].as_array().unwrap().iter().map(|t| t["slug"].as_str().unwrap()).collect();
    assert_eq!(tags, ["opec", "oil", "tehran", "world"]);
    // Lists leave bodies out unless asked for.
    assert!(a1.get("body").is_none());
    assert_eq!(page["page"]["nextCursor"], Value::Null);
    assert_eq!(page["page"]["prevCursor"], Value::Null);
    assert!(page["page"].get("total").is_none());
});

db_test!(async fn filters_by_every_parameter(app) {
    fixtures::standard(&app.db).await;
    let client = app.client();
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("source=alpha", vec!["a1", "a4", "a7"]),
        ("tag=moscow", vec!["a2", "a4"]),
        ("tag=oil&tag=opec", vec!["a1"]),
        ("anyTag=moscow&anyTag=opec", vec!["a1", "a2", "a3", "a4"]),
        ("section=economy", vec!["a2", "a3", "a5"]),
        // A section is a SECTION tag: the TOPIC tag with the slug "world" does not count.
        ("section=world", vec!["a1", "a4", "a7"]),
        ("lang=ru", vec!["a2"]),
        ("source=alpha&tag=tehran", vec!["a1", "a7"]),
        ("tag=nobody", vec![]),
        ("source=nobody", vec![]),
    ];
    for (query, expected) in cases {
        let mut got = slugs(&client.get_ok(&format!("/api/v1/articles?{query}")).await);
        got.sort();
        assert_eq!(got, expected, "{:?}: {query}", app.backend);
    }
    // since/until: inclusive, RFC 3339 or a date.
    let since = fixtures::ago(5).to_rfc3339();
    let until = fixtures::ago(2).to_rfc3339();
    let query = format!(
        "/api/v1/articles?since={}&until={}",
        urlencode(&since),
        urlencode(&until)
    );
    let mut got = slugs(&client.get_ok(&query).await);
    got.sort();
    assert_eq!(got, ["a2", "a3", "a4"], "{:?}", app.backend);
    let far = client.get_ok("/api/v1/articles?until=2000-01-01").await;
    assert!(slugs(&far).is_empty());
});

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

db_test!(async fn status_never_widens_what_the_public_sees(app) {
    fixtures::standard(&app.db).await;
    let public = app.client().get_ok("/api/v1/articles?status=draft,archived").await;
    assert!(slugs(&public).is_empty(), "{:?}: {public}", app.backend);
    let editor = app.editor().await;
    let mut drafts = slugs(&editor.get_ok("/api/v1/articles?status=DRAFT,archived").await);
    drafts.sort();
    assert_eq!(drafts, ["d1", "r1"]);
});

db_test!(async fn bad_parameters_are_refused_naming_them(app) {
    fixtures::standard(&app.db).await;
    let client = app.client();
    let cases = [
        ("tga=oil", "tga"),
        ("limit=101", "limit"),
        ("limit=-1", "limit"),
        ("limit=ten", "limit"),
        ("limit=5&limit=6", "limit"),
        ("cursor=garbage", "cursor"),
        ("cursor=aZZZZ", "cursor"),
        ("sort=-popularity", "sort"),
        ("sort=title,title", "sort"),
        ("since=yesterday", "since"),
        ("until=2026-13-01", "until"),
        ("status=lost", "status"),
        ("lang=not%20a%20tag", "lang"),
        ("include=everything", "include"),
        ("format=pdf", "format"),
        ("source=", "source"),
        ("tag=", "tag"),
        ("q=%22%22", "q"),
        ("sort=relevance", "sort"),
    ];
    for (query, field) in cases {
        let error = client
            .get_error(&format!("/api/v1/articles?{query}"), StatusCode::BAD_REQUEST)
            .await;
        assert_eq!(error["code"], "BAD_USER_INPUT", "{:?} {query}: {error}", app.backend);
        assert_eq!(error["field"], field, "{:?} {query}: {error}", app.backend);
        assert!(!error["requestId"].as_str().unwrap_or_default().is_empty(), "{error}");
    }
    let many_tags: Vec<String> = (0..21).map(|i| format!("tag=t{i}")).collect();
    let error = client
        .get_error(&format!("/api/v1/articles?{}", many_tags.join("&")), StatusCode::BAD_REQUEST)
        .await;
    assert_eq!(error["field"], "tag");
});

db_test!(async fn cursors_walk_forward_and_back_with_total(app) {
    fixtures::standard(&app.db).await;
    let client = app.client();
    let first = client.get_ok("/api/v1/articles?limit=3&include=total").await;
    assert_eq!(first["page"]["total"], 7, "{:?}", app.backend);
    assert_eq!(first["page"]["prevCursor"], Value::Null);
    let mut seen = slugs(&first);
    let mut cursor = first["page"]["nextCursor"].as_str().unwrap().to_string();
    let mut pages = vec![first.clone()];
    loop {
        let page = client.get_ok(&format!("/api/v1/articles?limit=3&cursor={cursor}")).await;
        assert!(page["page"]["prevCursor"].is_string());
        seen.extend(slugs(&page));
        pages.push(page.clone());
        match page["page"]["nextCursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
    }
    let all = slugs(&client.get_ok("/api/v1/articles?limit=100").await);
    assert_eq!(seen, all, "{:?}", app.backend);
    // Back from the last page gives the page before it.
    let last = pages.last().unwrap();
    let prev = last["page"]["prevCursor"].as_str().unwrap();
    let back = client.get_ok(&format!("/api/v1/articles?limit=3&cursor={prev}")).await;
    assert_eq!(slugs(&back), slugs(&pages[pages.len() - 2]));
    // A cursor from another ordering is refused.
    let titled = client.get_ok("/api/v1/articles?limit=2&sort=title").await;
    let foreign = titled["page"]["nextCursor"].as_str().unwrap();
    let error = client
        .get_error(&format!("/api/v1/articles?cursor={foreign}"), StatusCode::BAD_REQUEST)
        .await;
    assert_eq!(error["field"], "cursor");
});

/// The same filter through both doors gives the same ids in the same order.
async fn parity(app: &TestApp, client: &Client<'_>, rest: &str, filter: Value, order: Value) {
    let rest_page = client.get_ok(&format!("/api/v1/articles?limit=100&{rest}")).await;
    let rest_ids: Vec<String> = rest_page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    let data = client
        .query(
            "query($f: ArticleFilter, $o: [ArticleOrder!]) { articles(filter: $f, orderBy: $o, first: 100) { nodes { id } } }",
            json!({ "f": filter, "o": order }),
        )
        .await;
    assert_eq!(rest_ids, pluck(&data["articles"], "id"), "{:?}: {rest}", app.backend);
}

db_test!(async fn rest_and_graphql_agree(app) {
    fixtures::standard(&app.db).await;
    fixtures::many(&app.db, 9).await;
    let public = app.client();
    let editor = app.editor().await;
    let cases = [
        ("", json!(null), json!(null)),
        ("source=alpha", json!({ "source": { "slug": { "eq": "alpha" } } }), json!(null)),
        (
            "tag=oil&sort=title",
            json!({ "tags": { "some": { "slug": { "eq": "oil" } } } }),
            json!([{ "field": "TITLE" }]),
        ),
        (
            "anyTag=moscow&anyTag=tehran&sort=-updatedAt,title",
            json!({ "tags": { "some": { "slug": { "in": ["moscow", "tehran"] } } } }),
            json!([{ "field": "UPDATED_AT", "direction": "DESC" }, { "field": "TITLE" }]),
        ),
        ("lang=en&sort=publishedAt", json!({ "language": { "eq": "en" } }), json!([{ "field": "PUBLISHED_AT" }])),
        (
            "section=economy&sort=-createdAt",
            json!({ "tags": { "some": { "slug": { "eq": "economy" }, "kind": { "eq": "SECTION" } } } }),
            json!([{ "field": "CREATED_AT", "direction": "DESC" }]),
        ),
    ];
    for (rest, filter, order) in &cases {
        parity(app, &public, rest, filter.clone(), order.clone()).await;
        parity(app, &editor, rest, filter.clone(), order.clone()).await;
    }
    parity(
        app,
        &editor,
        "status=draft,scheduled",
        json!({ "status": { "in": ["DRAFT", "SCHEDULED"] } }),
        json!(null),
    )
    .await;
});

db_test!(async fn one_article_by_id_or_slug_with_body_formats(app) {
    let fx = fixtures::standard(&app.db).await;
    let client = app.client();
    let by_slug = client.get_ok("/api/v1/articles/a1").await;
    let id = fx.articles["a1"].to_string();
    let by_id = client.get_ok(&format!("/api/v1/articles/{id}")).await;
    assert_eq!(by_slug, by_id, "{:?}", app.backend);
    let a1 = &by_slug["data"];
    assert_eq!(a1["id"], id);
    // HTML by default, sanitized: the stored <script> is gone.
    let html = a1["body"].as_str().unwrap();
    assert!(html.contains("<strong>late</strong>"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(a1["wordCount"].as_u64().unwrap() > 5);
    assert_eq!(a1["readingTimeMinutes"], 1);
    assert_eq!(a1["corrections"], json!([]));
    let text = client.get_ok("/api/v1/articles/a1?format=text").await;
    assert!(!text["data"]["body"].as_str().unwrap().contains('<'));
    let markdown = client.get_ok("/api/v1/articles/a1?format=markdown").await;
    assert!(markdown["data"]["body"].as_str().unwrap().contains("**late**"));
    // Drafts do not exist for the public; editors see them.
    let error = client.get_error("/api/v1/articles/d1", StatusCode::NOT_FOUND).await;
    assert_eq!(error["code"], "NOT_FOUND");
    let draft = app.editor().await.get_ok("/api/v1/articles/d1").await;
    assert_eq!(draft["data"]["status"], "DRAFT");
    client.get_error("/api/v1/articles/no-such-slug", StatusCode::NOT_FOUND).await;
    let error = client.get_error("/api/v1/articles/a1?formt=html", StatusCode::BAD_REQUEST).await;
    assert_eq!(error["field"], "formt");
});

db_test!(async fn lists_include_bodies_on_request(app) {
    fixtures::standard(&app.db).await;
    let page = app.client().get_ok("/api/v1/articles?limit=1&include=body,total&format=text").await;
    let a1 = &page["data"][0];
    assert!(a1["body"].as_str().unwrap().starts_with("Talks went on late"), "{a1}");
    assert!(a1["wordCount"].is_u64());
    assert_eq!(page["page"]["total"], 7);
});

db_test!(async fn keys_are_checked_like_graphql(app) {
    fixtures::standard(&app.db).await;
    let (status, _, body) = app
        .client()
        .authorization("Bearer gz_live_nope")
        .rest(Method::GET, "/api/v1/articles", None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{:?}", app.backend);
    assert_eq!(body["error"]["code"], "UNAUTHENTICATED");
    let (status, _, _) = app
        .client()
        .authorization("Basic abc")
        .rest(Method::GET, "/api/v1/articles/a1", None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let private = gazette::config::ApiConfig {
        public_read: false,
        ..Default::default()
    };
    let error = app
        .client()
        .config(private.clone())
        .get_error("/api/v1/articles", StatusCode::UNAUTHORIZED)
        .await;
    assert_eq!(error["code"], "UNAUTHENTICATED");
    let reader = app.key("reader", gazette::content::Role::Reader).await;
    let page = app.with_key(&reader).config(private).get_ok("/api/v1/articles").await;
    assert_eq!(slugs(&page).len(), 7);
});

db_test!(async fn unknown_paths_answer_json_404(app) {
    let error = app.client().get_error("/api/v1/nothing", StatusCode::NOT_FOUND).await;
    assert_eq!(error["code"], "NOT_FOUND", "{:?}", app.backend);
});

db_test!(
    async fn wrong_methods_answer_405_in_the_error_format(app) {
        let (status, headers, body) = app.client().rest(Method::PUT, "/api/v1/articles", None).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{:?}", app.backend);
        assert_eq!(body["error"]["code"], "BAD_USER_INPUT");
        assert!(body["error"]["requestId"].is_string());
        let allow = headers["allow"].to_str().unwrap();
        assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    }
);
