//! `article`, `articles`, `node`, the article fields, visibility and nested connections.

use serde_json::json;

use crate::db_test;
use crate::helpers::fixtures::{self, VISIBLE};
use crate::helpers::pluck;

db_test!(async fn lists_visible_articles_newest_first(app) {
    let fx = fixtures::standard(&app.db).await;
    let data = app.query("{ articles { nodes { slug } totalCount } }", json!({})).await;
    let slugs = pluck(&data["articles"], "slug");
    // a2 and a3 share a publication time: the larger id comes first in DESC order.
    let (first_tie, second_tie) = if fx.articles["a3"] > fx.articles["a2"] { ("a3", "a2") } else { ("a2", "a3") };
    assert_eq!(slugs, ["a1", first_tie, second_tie, "a4", "a5", "a6", "a7"]);
    assert_eq!(data["articles"]["totalCount"], 7);
});

db_test!(async fn invisible_articles_are_invisible_everywhere(app) {
    let fx = fixtures::standard(&app.db).await;
    for slug in ["d1", "s1", "s2", "r1"] {
        let data = app.query("query($s: String) { article(slug: $s) { slug } }", json!({ "s": slug })).await;
        assert!(data["article"].is_null(), "{slug} is visible by slug");
        let id = fx.articles[slug].to_string();
        let data = app.query("query($id: ID!) { article(id: $id) { slug } node(id: $id) { id } }", json!({ "id": id })).await;
        assert!(data["article"].is_null() && data["node"].is_null(), "{slug} is visible by id");
    }
    // Status filters never widen what an anonymous caller sees.
    let data = app.query("{ articles(filter: { status: { in: [DRAFT, SCHEDULED, ARCHIVED] } }) { totalCount } }", json!({})).await;
    assert_eq!(data["articles"]["totalCount"], 0);
    // Nested connections and counts.
    let data = app
        .query(
            r#"{ beta: source(slug: "beta") { articleCount articles { nodes { slug } totalCount } }
                 moscow: tag(slug: "moscow") { articleCount articles { nodes { slug } } }
                 tehran: tag(slug: "tehran") { articleCount }
                 gamma: source(slug: "gamma") { articleCount articles { totalCount } }
                 delta: source(slug: "delta") { articleCount articles { totalCount nodes { slug } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["beta"]["articleCount"], 1);
    assert_eq!(pluck(&data["beta"]["articles"], "slug"), ["a2"]);
    assert_eq!(data["beta"]["articles"]["totalCount"], 1);
    assert_eq!(data["moscow"]["articleCount"], 2);
    assert_eq!(pluck(&data["moscow"]["articles"], "slug"), ["a2", "a4"]);
    assert_eq!(data["tehran"]["articleCount"], 2);
    assert_eq!(data["gamma"]["articleCount"], 2);
    assert_eq!(data["gamma"]["articles"]["totalCount"], 2);
    assert_eq!(data["delta"]["articleCount"], 0);
    assert_eq!(data["delta"]["articles"]["totalCount"], 0);
    let all = app.query("{ articles(first: 100) { nodes { slug } } }", json!({})).await;
    let mut slugs = pluck(&all["articles"], "slug");
    slugs.sort();
    assert_eq!(slugs, VISIBLE);
});

db_test!(async fn article_by_id_slug_and_node(app) {
    let fx = fixtures::standard(&app.db).await;
    let id = fx.articles["a1"].to_string();
    let q = r#"query($id: ID, $slug: String) { article(id: $id, slug: $slug) { id slug title } }"#;
    let by_slug = app.query(q, json!({ "slug": "a1" })).await;
    assert_eq!(by_slug["article"]["id"], id.as_str());
    let by_id = app.query(q, json!({ "id": id })).await;
    assert_eq!(by_id["article"]["slug"], "a1");
    assert!(app.query(q, json!({ "slug": "no-such-article" })).await["article"].is_null());
    assert!(app.query(q, json!({ "id": uuid::Uuid::now_v7().to_string() })).await["article"].is_null());

    for vars in [json!({ "id": id, "slug": "a1" }), json!({})] {
        let (code, _) = app.query_error(q, vars).await;
        assert_eq!(code, "BAD_USER_INPUT");
    }
    let (code, error) = app.query_error(q, json!({ "id": "not-a-uuid" })).await;
    assert_eq!(code, "BAD_USER_INPUT");
    assert_eq!(error["extensions"]["field"], "id");

    let node = r#"query($id: ID!) { node(id: $id) { id __typename ... on Article { slug } ... on Source { slug } ... on Tag { slug kind } } }"#;
    let a = app.query(node, json!({ "id": id })).await;
    assert_eq!((a["node"]["__typename"].as_str(), a["node"]["slug"].as_str()), (Some("Article"), Some("a1")));
    let s = app.query(node, json!({ "id": fx.sources["gamma"].to_string() })).await;
    assert_eq!((s["node"]["__typename"].as_str(), s["node"]["slug"].as_str()), (Some("Source"), Some("gamma")));
    let t = app.query(node, json!({ "id": fx.tags["PLACE:moscow"].to_string() })).await;
    assert_eq!((t["node"]["__typename"].as_str(), t["node"]["kind"].as_str()), (Some("Tag"), Some("PLACE")));
    assert!(app.query(node, json!({ "id": uuid::Uuid::now_v7().to_string() })).await["node"].is_null());
});

db_test!(async fn article_fields_and_relations(app) {
    let fx = fixtures::standard(&app.db).await;
    let data = app
        .query(
            r#"{ article(slug: "a1") { title status language byline bodyFormat version publishedAt createdAt updatedAt
                 canonicalUrl externalId subtitle summary
                 source { slug name shortName country language url }
                 section { slug kind } tags { slug kind } places: tags(kind: PLACE) { slug } } }"#,
            json!({}),
        )
        .await;
    let a = &data["article"];
    assert_eq!(a["title"], "Oil talks resume in Tehran");
    assert_eq!(a["status"], "PUBLISHED");
    assert_eq!(a["bodyFormat"], "MARKDOWN");
    assert_eq!(a["byline"], "Sara Writer");
    assert_eq!(a["version"], 1);
    assert_eq!(a["publishedAt"], "2026-06-01T11:00:00+00:00");
    assert_eq!(a["source"]["slug"], "alpha");
    assert_eq!(a["source"]["shortName"], "ANA");
    assert_eq!(a["source"]["country"], "IR");
    assert_eq!(a["section"]["slug"], "world");
    assert_eq!(a["section"]["kind"], "SECTION");
    let mut tags: Vec<_> = a["tags"].as_array().unwrap().iter().map(|t| t["slug"].as_str().unwrap().to_string()).collect();
    tags.sort();
    assert_eq!(tags, ["oil", "opec", "tehran", "world"]);
    assert_eq!(a["places"], json!([{ "slug": "tehran" }]));
    // An article without source or tags.
    let data = app.query(r#"{ article(slug: "a6") { source { slug } section { slug } tags { slug } } }"#, json!({})).await;
    assert_eq!(data["article"], json!({ "source": null, "section": null, "tags": [] }));
    assert_eq!(fx.specs.len(), 11);
});

db_test!(async fn body_formats_are_rendered_and_sanitized(app) {
    fixtures::standard(&app.db).await;
    let q = r#"query($s: String) { article(slug: $s) { html: body(format: HTML) default: body text: body(format: TEXT)
                md: body(format: MARKDOWN) wordCount readingTimeMinutes } }"#;
    let md = &app.query(q, json!({ "s": "a1" })).await["article"];
    let html = md["html"].as_str().unwrap();
    assert!(html.contains("<strong>late</strong>"), "{html}");
    assert!(!html.contains("<script"), "script survived: {html}");
    assert_eq!(md["default"], md["html"]);
    assert!(md["md"].as_str().unwrap().starts_with("Talks went on **late**"));
    let text = md["text"].as_str().unwrap();
    assert!(text.starts_with("Talks went on late into the night."), "{text}");
    assert!(!text.contains("**"), "{text}");
    assert_eq!(md["readingTimeMinutes"], 1);
    assert!(md["wordCount"].as_i64().unwrap() >= 12, "{md}");

    let html_stored = &app.query(q, json!({ "s": "a7" })).await["article"];
    let html = html_stored["html"].as_str().unwrap();
    assert!(html.contains("<em>report</em>") && !html.contains("onerror"), "{html}");
    assert_eq!(html_stored["text"], "Visit report");
    assert_eq!(html_stored["wordCount"], 2);

    let text_stored = &app.query(q, json!({ "s": "a6" })).await["article"];
    assert_eq!(text_stored["html"], "<p>Plain words only.</p>\n<p>Second &lt;b&gt;para&lt;/b&gt;.</p>");
    assert_eq!(text_stored["text"], "Plain words only.\n\nSecond <b>para</b>.");
    assert_eq!(text_stored["wordCount"], 5);
});

db_test!(async fn lists_read_bodies_only_when_a_field_needs_them(app) {
    fixtures::standard(&app.db).await;
    let one = app
        .query("{ article(slug: \"a1\") { body(format: TEXT) wordCount readingTimeMinutes } }", json!({}))
        .await;
    let article = &one["article"];
    assert!(article["wordCount"].as_i64().unwrap() > 0);
    // Every way a list can ask for the body, or for what is computed from it, gets the same.
    for query in [
        "{ articles(filter: {slug: {eq: \"a1\"}}) { nodes { body(format: TEXT) wordCount readingTimeMinutes } } }",
        "{ articles(filter: {slug: {eq: \"a1\"}}) { edges { node { body(format: TEXT) wordCount readingTimeMinutes } } } }",
    ] {
        let data = app.query(query, json!({})).await;
        let node = data["articles"]["nodes"]
            .get(0)
            .unwrap_or_else(|| &data["articles"]["edges"][0]["node"]);
        assert_eq!(node, article, "{query}");
    }
    let data = app
        .query("{ articles(filter: {slug: {eq: \"a1\"}}) { nodes { wordCount } } }", json!({}))
        .await;
    assert_eq!(data["articles"]["nodes"][0]["wordCount"], article["wordCount"]);
    // A list without those fields leaves the bodies in the database.
    let before = app.statements().len();
    app.query("{ articles { nodes { title } } }", json!({})).await;
    let sql = app.statements()[before..].join("\n");
    assert!(sql.contains("title"), "{sql}");
    assert!(
        !sql.contains("\"articles\".\"body\"") && !sql.contains("`articles`.`body`"),
        "{sql}"
    );
});
