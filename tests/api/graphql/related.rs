//! `Article.related`: shared tags weighted by rarity, then the same source, then recency.

use serde_json::json;

use crate::db_test;
use crate::helpers::fixtures;

const RELATED: &str =
    "query($s: String!, $n: Int!) { article(slug: $s) { related(first: $n) { slug source { slug } } } }";

fn slugs(data: &serde_json::Value) -> Vec<String> {
    data["article"]["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["slug"].as_str().unwrap().to_string())
        .collect()
}

db_test!(
    async fn related_ranks_rare_shared_tags_and_the_source(app) {
        fixtures::standard(&app.db).await;
        let client = app.client();
        // a1: world (4 articles carry it), tehran (3), oil (3), opec (2); source alpha.
        // a7: world + tehran + alpha = 1/4 + 1/3 + 1/2; a4: world + alpha = 1/4 + 1/2;
        // a3: opec = 1/2; a2: oil = 1/3. a5 and a6 share nothing: not related.
        let data = client.query(RELATED, json!({ "s": "a1", "n": 10 })).await;
        assert_eq!(slugs(&data), ["a7", "a4", "a3", "a2"], "{:?}", app.backend);
        let two = client.query(RELATED, json!({ "s": "a1", "n": 2 })).await;
        assert_eq!(slugs(&two), ["a7", "a4"]);
        // Editors also see the scheduled s1 (tehran + alpha), the archived r1 (oil, as a2,
        // but older) and s2, due in two hours (world only); never the article itself.
        let editor = app.editor().await;
        let data = editor.query(RELATED, json!({ "s": "a1", "n": 10 })).await;
        assert_eq!(slugs(&data), ["a7", "s1", "a4", "a3", "a2", "r1", "s2"], "{:?}", app.backend);
        // Nothing shared, no source: nothing related.
        let none = client.query(RELATED, json!({ "s": "a6", "n": 5 })).await;
        assert!(slugs(&none).is_empty());
        // The default is 5; more than 20 is refused.
        let default = client
            .query("{ article(slug: \"a1\") { related { slug } } }", json!({}))
            .await;
        assert_eq!(default["article"]["related"].as_array().unwrap().len(), 4);
        let (code, error) = client.query_error(RELATED, json!({ "s": "a1", "n": 21 })).await;
        assert_eq!(code, "BAD_USER_INPUT", "{error}");
        assert_eq!(error["extensions"]["field"], "first");
    }
);
