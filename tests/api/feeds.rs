//! Feeds and sitemaps: parsed back with feed-rs, with the right items and no drafts.

use axum::http::{Method, StatusCode};
use chrono::Duration;

use crate::db_test;
use crate::helpers::fixtures::{self, ArticleSpec};
use crate::helpers::now;

async fn feed(client: &crate::helpers::Client<'_>, path: &str) -> feed_rs::model::Feed {
    let (status, headers, body) = client.http(Method::GET, path, &[], None).await;
    assert_eq!(status, StatusCode::OK, "{path}: {}", String::from_utf8_lossy(&body));
    assert!(headers.contains_key("last-modified"), "{path}");
    feed_rs::parser::parse(&body[..]).unwrap_or_else(|e| panic!("{path} does not parse: {e}"))
}

db_test!(async fn article_feeds_in_three_formats(app) {
    let fx = fixtures::standard(&app.db).await;
    let client = app.client();
    for (ext, content_type) in [
        ("rss", "application/rss+xml"),
        ("atom", "application/atom+xml"),
        ("json", "application/feed+json"),
    ] {
        let path = format!("/feeds/articles.{ext}");
        let (_, headers, _) = client.http(Method::GET, &path, &[], None).await;
        assert!(headers["content-type"].to_str().unwrap().starts_with(content_type), "{path}");
        let parsed = feed(&client, &path).await;
        // Newest first, only what the public sees.
        let titles: Vec<String> = parsed.entries.iter().map(|e| e.title.as_ref().unwrap().content.clone()).collect();
        assert_eq!(titles.len(), 7, "{:?} {path}: {titles:?}", app.backend);
        assert_eq!(titles[0], "Oil talks resume in Tehran");
        assert!(!titles.iter().any(|t| t.contains("Draft") || t.contains("Scheduled")), "{titles:?}");
        let first = &parsed.entries[0];
        assert!(first.id.contains(&fx.articles["a1"].to_string()), "{path}: {}", first.id);
        assert!(first.published.is_some());
        let categories: Vec<&str> = first.categories.iter().map(|c| c.label.as_deref().unwrap_or(&c.term)).collect();
        assert!(categories.contains(&"Tehran") || categories.contains(&"tehran"), "{path}: {categories:?}");
        let content = first
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap_or_default();
        assert!(content.contains("<strong>late</strong>"), "{path}: {content}");
        assert!(!content.contains("<script"), "{path}");
        assert_eq!(first.authors[0].name, "Sara Writer", "{path}");
        assert!(first.links[0].href.ends_with("/api/v1/articles/a1"), "{path}: {}", first.links[0].href);
    }
});

db_test!(async fn feeds_take_the_list_parameters_and_scope(app) {
    fixtures::standard(&app.db).await;
    let client = app.client();
    let titles = |f: feed_rs::model::Feed| -> Vec<String> {
        f.entries.into_iter().map(|e| e.title.unwrap().content).collect()
    };
    assert_eq!(
        titles(feed(&client, "/feeds/articles.atom?tag=moscow&limit=1").await),
        ["Moscow hosts energy forum"],
        "{:?}",
        app.backend
    );
    assert_eq!(titles(feed(&client, "/feeds/sources/gamma.rss").await).len(), 2);
    assert_eq!(titles(feed(&client, "/feeds/tags/opec.json").await).len(), 2);
    // Editors' feeds may show drafts; the public's never do.
    let editor = app.editor().await;
    let drafts = titles(feed(&editor, "/feeds/articles.rss?status=draft").await);
    assert_eq!(drafts, ["Draft about Moscow"]);
    assert!(titles(feed(&client, "/feeds/articles.rss?status=draft").await).is_empty());
    for (path, status) in [
        ("/feeds/articles.rss?bogus=1", StatusCode::BAD_REQUEST),
        ("/feeds/articles.pdf", StatusCode::NOT_FOUND),
        ("/feeds/sources/nobody.rss", StatusCode::NOT_FOUND),
        ("/feeds/tags/world.rss", StatusCode::BAD_REQUEST),
    ] {
        let (got, _, _) = client.http(Method::GET, path, &[], None).await;
        assert_eq!(got, status, "{path}");
    }
});

db_test!(async fn news_sitemap_covers_48_hours_and_at_most_1000_urls(app) {
    fixtures::standard(&app.db).await;
    let client = app.client();
    let (status, _, body) = client.http(Method::GET, "/sitemaps/news.xml", &[], None).await;
    assert_eq!(status, StatusCode::OK, "{:?}", app.backend);
    let xml = String::from_utf8(body.to_vec()).unwrap();
    assert!(xml.contains("xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\""));
    // a1..a5 are within 48 hours; a6 (20 h) too; a7 (30 h) too; the future and drafts not.
    let count = xml.matches("<url>").count();
    assert_eq!(count, 7, "{xml}");
    assert!(xml.contains("<news:title>Oil talks resume in Tehran</news:title>"));
    assert!(!xml.contains("Draft about Moscow") && !xml.contains("Published in the future"));
    assert!(xml.contains("<news:language>ru</news:language>"));
    // Older than 48 hours: out.
    fixtures::article(
        &app.db,
        ArticleSpec {
            slug: "old".into(),
            title: "Three days old".into(),
            published_at: Some(now() - Duration::hours(72)),
            updated_at: now() - Duration::hours(72),
            ..Default::default()
        },
    )
    .await;
    let (_, _, body) = client.http(Method::GET, "/sitemaps/news.xml", &[], None).await;
    assert!(!String::from_utf8_lossy(&body).contains("Three days old"));
    // The index lists the news sitemap.
    let (_, _, body) = client.http(Method::GET, "/sitemap.xml", &[], None).await;
    let index = String::from_utf8_lossy(&body);
    assert!(index.contains("<sitemapindex") && index.contains("/sitemaps/news.xml"), "{index}");
});

db_test!(async fn news_sitemap_stops_at_1000(app) {
    for i in 0..1010 {
        let at = now() - Duration::seconds(i * 60);
        let spec = ArticleSpec {
            slug: format!("recent-{i}"),
            title: format!("Recent story {i}"),
            published_at: Some(at),
            updated_at: at,
            ..Default::default()
        };
        fixtures::article(&app.db, spec).await;
    }
    let (_, _, body) = app.client().http(Method::GET, "/sitemaps/news.xml", &[], None).await;
    let xml = String::from_utf8_lossy(&body);
    assert_eq!(xml.matches("<url>").count(), 1000, "{:?}", app.backend);
});
