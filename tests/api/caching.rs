//! HTTP caching and transport for every read: ETag and 304, Cache-Control for the public and
//! for keys, Surrogate-Key / Cache-Tag, Last-Modified, compression and CORS.

use std::io::Read;

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::db_test;
use crate::helpers::fixtures;

db_test!(async fn etag_round_trip_and_a_new_tag_after_an_update(app) {
    let fx = fixtures::standard(&app.db).await;
    let client = app.client();
    for path in [
        "/api/v1/articles",
        "/api/v1/articles/a1",
        "/api/v1/sources",
        "/api/v1/tags/moscow",
        "/feeds/articles.rss",
        "/sitemaps/news.xml",
        "/graphql?query=%7Barticles%7Bnodes%7Bslug%7D%7D%7D",
    ] {
        let (status, headers, body) = client.http(Method::GET, path, &[], None).await;
        assert_eq!(status, StatusCode::OK, "{:?} {path}", app.backend);
        let etag = headers["etag"].to_str().unwrap().to_string();
        assert!(etag.starts_with('"') && etag.ends_with('"') && etag.len() > 10, "{path}: {etag}");
        assert_eq!(
            headers["cache-control"], "public, max-age=60, stale-while-revalidate=300",
            "{path}"
        );
        assert!(!body.is_empty());
        let (status, again, body) = client.http(Method::GET, path, &[("if-none-match", &etag)], None).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{path}");
        assert!(body.is_empty());
        assert_eq!(again["etag"], etag.as_str());
        let (status, _, _) = client
            .http(Method::GET, path, &[("if-none-match", "\"something-else\"")], None)
            .await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    let (_, before, _) = client.http(Method::GET, "/api/v1/articles/a1", &[], None).await;
    assert!(before.contains_key("last-modified"));
    let editor = app.editor().await;
    editor
        .query(
            "mutation($id: ID!) { updateArticle(id: $id, input: { title: \"Oil talks resume again\" }) { version } }",
            json!({ "id": fx.articles["a1"].to_string() }),
        )
        .await;
    let etag = before["etag"].to_str().unwrap();
    let (status, after, body) = client
        .http(Method::GET, "/api/v1/articles/a1", &[("if-none-match", etag)], None)
        .await;
    assert_eq!(status, StatusCode::OK, "{:?}: the old ETag must not match", app.backend);
    assert_ne!(after["etag"], before["etag"]);
    assert!(String::from_utf8_lossy(&body).contains("resume again"));
});

db_test!(async fn keyed_reads_are_private_and_errors_are_not_stored(app) {
    fixtures::standard(&app.db).await;
    let editor = app.editor().await;
    let (status, headers, _) = editor.http(Method::GET, "/api/v1/articles", &[], None).await;
    assert_eq!(status, StatusCode::OK, "{:?}", app.backend);
    assert_eq!(headers["cache-control"], "private, no-store");
    let vary: Vec<_> = headers.get_all("vary").iter().map(|v| v.to_str().unwrap().to_lowercase()).collect();
    assert!(vary.iter().any(|v| v.contains("authorization")), "{vary:?}");
    let (status, headers, _) = app.client().http(Method::GET, "/api/v1/articles/none", &[], None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers["cache-control"], "no-store");
    // Health checks keep their own policy.
    let (_, headers, _) = app.client().http(Method::GET, "/healthz", &[], None).await;
    assert!(!headers.contains_key("etag"));
});

db_test!(async fn surrogate_keys_name_what_the_response_shows(app) {
    let fx = fixtures::standard(&app.db).await;
    let client = app.client();
    let (_, headers, _) = client.http(Method::GET, "/api/v1/articles/a1", &[], None).await;
    let keys: Vec<String> = headers["surrogate-key"].to_str().unwrap().split(' ').map(String::from).collect();
    let mut expected = vec![
        format!("article:{}", fx.articles["a1"]),
        format!("source:{}", fx.sources["alpha"]),
    ];
    for tag in ["SECTION:world", "PLACE:tehran", "TOPIC:oil", "ORGANIZATION:opec"] {
        expected.push(format!("tag:{}", fx.tags[tag]));
    }
    expected.sort();
    assert_eq!(keys, expected, "{:?}", app.backend);
    assert_eq!(headers["cache-tag"].to_str().unwrap(), expected.join(","));
    let (_, headers, _) = client.http(Method::GET, "/api/v1/articles?source=beta", &[], None).await;
    let keys = headers["surrogate-key"].to_str().unwrap();
    assert!(keys.split(' ').any(|k| k == "articles"), "{keys}");
    assert!(keys.contains(&format!("article:{}", fx.articles["a2"])));
    assert!(keys.contains(&format!("source:{}", fx.sources["beta"])));
    // Not the draft d1, which the public does not see.
    assert!(!keys.contains(&fx.articles["d1"].to_string()));
    let (_, headers, _) = client.http(Method::GET, "/feeds/tags/tehran.rss", &[], None).await;
    let keys = headers["surrogate-key"].to_str().unwrap();
    assert!(keys.contains(&format!("tag:{}", fx.tags["PLACE:tehran"])), "{keys}");
    assert!(keys.contains(&format!("article:{}", fx.articles["a7"])), "{keys}");
});

db_test!(async fn compression_is_negotiated(app) {
    fixtures::standard(&app.db).await;
    let client = app.client();
    let path = "/api/v1/articles?include=body";
    let (_, plain_headers, plain) = client.http(Method::GET, path, &[], None).await;
    assert!(!plain_headers.contains_key("content-encoding"), "{:?}", app.backend);
    let (status, headers, gzipped) = client.http(Method::GET, path, &[("accept-encoding", "gzip")], None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-encoding"], "gzip");
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&gzipped[..]).read_to_end(&mut unzipped).unwrap();
    assert_eq!(unzipped, plain.to_vec());
    // Each encoding has its own strong ETag.
    assert_ne!(headers["etag"], plain_headers["etag"]);
    let (_, headers, _) = client.http(Method::GET, path, &[("accept-encoding", "br")], None).await;
    assert_eq!(headers["content-encoding"], "br");
    let (_, headers, _) = client.http(Method::GET, path, &[("accept-encoding", "zstd")], None).await;
    assert_eq!(headers["content-encoding"], "zstd");
});

db_test!(async fn cors_lets_any_origin_read_without_credentials(app) {
    let client = app.client();
    let (_, headers, _) = client
        .http(Method::GET, "/api/v1/articles", &[("origin", "https://app.example")], None)
        .await;
    assert_eq!(headers["access-control-allow-origin"], "*", "{:?}", app.backend);
    assert!(!headers.contains_key("access-control-allow-credentials"));
    let (status, headers, _) = client
        .http(
            Method::OPTIONS,
            "/api/v1/articles",
            &[
                ("origin", "https://app.example"),
                ("access-control-request-method", "PATCH"),
                ("access-control-request-headers", "authorization,if-match"),
            ],
            None,
        )
        .await;
    assert!(status.is_success(), "{status}");
    let allowed = headers["access-control-allow-headers"].to_str().unwrap().to_lowercase();
    assert!(allowed.contains("if-match") && allowed.contains("authorization"), "{allowed}");
    let only = gazette::config::ApiConfig {
        cors_origins: "https://news.example".into(),
        ..Default::default()
    };
    let restricted = app.client().config(only);
    let (_, headers, _) = restricted
        .http(Method::GET, "/api/v1/articles", &[("origin", "https://evil.example")], None)
        .await;
    assert!(!headers.contains_key("access-control-allow-origin"));
    let (_, headers, _) = restricted
        .http(Method::GET, "/api/v1/articles", &[("origin", "https://news.example")], None)
        .await;
    assert_eq!(headers["access-control-allow-origin"], "https://news.example");
});

db_test!(
    async fn rate_limits_per_key_answer_429_with_retry_after(app) {
        let limited = gazette::config::ApiConfig {
            rate_limit: 1,
            rate_limit_burst: 2,
            ..Default::default()
        };
        let anonymous = app.client().config(limited.clone());
        for _ in 0..2 {
            let (status, _, _) = anonymous.http(Method::GET, "/healthz", &[], None).await;
            assert_eq!(status, StatusCode::OK, "{:?}", app.backend);
        }
        let (status, headers, body) = anonymous.rest(Method::GET, "/healthz", None).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(body["error"]["code"], "RATE_LIMITED");
        let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=2).contains(&wait), "{wait}");
        // GraphQL callers get GraphQL's shape.
        let (status, _, body) = anonymous.http(Method::GET, "/graphql?query=%7B__typename%7D", &[], None).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "RATE_LIMITED");
        // A caller with a key has its own allowance (counted on the same server).
        let key = app.key("limited", gazette::content::Role::Reader).await;
        let keyed = anonymous.clone().authorization(&format!("Bearer {key}"));
        let (status, _, _) = keyed.http(Method::GET, "/healthz", &[], None).await;
        assert_eq!(status, StatusCode::OK);
    }
);
