//! The demo content loads on every database and looks like a newsroom's.

use serde_json::json;

use crate::db_test;

db_test!(async fn demo_content_loads(app) {
    let report = gazette::demo::load(&app.db, gazette::demo::DEFAULT_ARTICLES, crate::helpers::now()).await.unwrap();
    assert_eq!(report.articles, 300);
    app.settle_search_index().await;
    let data = app
        .query(
            r#"{ sources(first: 100) { totalCount nodes { slug shortName country language url articleCount } }
                 tags(first: 100) { totalCount nodes { kind } } }"#,
            json!({}),
        )
        .await;
    let articles = app
        .query(
            "{ articles(first: 100, orderBy: [{ field: PUBLISHED_AT, direction: DESC }]) { totalCount nodes { slug title language byline section { slug } tags { slug } source { slug } } } }",
            json!({}),
        )
        .await;
    assert!(data["sources"]["totalCount"].as_i64().unwrap() >= 10);
    let tags = data["tags"]["totalCount"].as_i64().unwrap();
    assert!((50..=80).contains(&tags), "{tags} tags");
    for kind in ["TOPIC", "PLACE", "PERSON", "ORGANIZATION", "SECTION"] {
        assert!(data["tags"]["nodes"].as_array().unwrap().iter().any(|t| t["kind"] == kind), "no {kind} tag");
    }
    // Drafts and scheduled articles exist but are not visible.
    let visible = articles["articles"]["totalCount"].as_i64().unwrap();
    assert!((250..300).contains(&visible), "{visible} visible of 300");
    let nodes = articles["articles"]["nodes"].as_array().unwrap();
    let mut languages: Vec<_> = nodes.iter().map(|n| n["language"].as_str().unwrap()).collect();
    languages.sort();
    languages.dedup();
    assert!(languages.len() >= 3, "{languages:?}");
    for n in nodes {
        let tags = n["tags"].as_array().unwrap().len();
        assert!((1..=5).contains(&tags), "{n}");
        assert!(n["section"]["slug"].is_string(), "{n}");
        assert!(n["source"]["slug"].is_string(), "{n}");
    }
    // Every article is in the search index: each of the newest is found by its title's
    // longest word (newest first, so it is on the first page of matches).
    for n in nodes.iter().take(5) {
        let title = n["title"].as_str().unwrap();
        let word = title.split(|c: char| !c.is_alphanumeric()).max_by_key(|w| w.chars().count()).unwrap();
        let found = app
            .query(
                "query($q: String) { articles(search: $q, first: 100, orderBy: [{ field: PUBLISHED_AT, direction: DESC }]) \
                 { nodes { slug } } }",
                json!({ "q": word }),
            )
            .await;
        let slugs: Vec<&str> =
            found["articles"]["nodes"].as_array().unwrap().iter().map(|a| a["slug"].as_str().unwrap()).collect();
        assert!(slugs.contains(&n["slug"].as_str().unwrap()), "{word:?} does not find {n}: {slugs:?}");
    }
    // A second load into the same database is refused rather than duplicating content.
    let again = gazette::demo::load(&app.db, 10, crate::helpers::now()).await.unwrap_err();
    assert_eq!(again.code(), "CONFLICT");
});
