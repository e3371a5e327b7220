//! Facets: counts over the filtered list, not the page.

use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::fixtures;

const FACETS: &str = "query($f: ArticleFilter, $k: TagKind, $n: Int = 10) {
  articles(filter: $f, first: 1) {
    nodes { slug }
    facets {
      tags(kind: $k, first: $n) { tag { slug kind } count }
      sources { source { slug } count }
      months { month count }
    }
  }
}";

fn pairs(list: &Value, key: &str) -> Vec<(String, i64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f[key]["slug"].as_str().unwrap().to_string(),
                f["count"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn owned(expected: &[(&str, i64)]) -> Vec<(String, i64)> {
    expected.iter().map(|(s, n)| (s.to_string(), *n)).collect()
}

db_test!(
    async fn facets_count_the_filtered_list(app) {
        fixtures::standard(&app.db).await;
        let client = app.client();
        let data = client.query(FACETS, json!({ "k": "PLACE" })).await;
        let facets = &data["articles"]["facets"];
        // Over the seven visible articles, though the page holds one.
        assert_eq!(data["articles"]["nodes"].as_array().unwrap().len(), 1);
        assert_eq!(pairs(&facets["tags"], "tag"), owned(&[("moscow", 2), ("tehran", 2)]), "{:?}", app.backend);
        assert_eq!(
            pairs(&facets["sources"], "source"),
            owned(&[("alpha", 3), ("gamma", 2), ("beta", 1)])
        );
        // The clock is 2026-06-01 12:00 UTC: a1–a5 are of June, a6 (20 h) and a7 (30 h) of May.
        let months: Vec<(String, i64)> = facets["months"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (m["month"].as_str().unwrap().to_string(), m["count"].as_i64().unwrap()))
            .collect();
        assert_eq!(months, owned(&[("2026-06", 5), ("2026-05", 2)]), "{:?}", app.backend);

        let sections = client.query(FACETS, json!({ "k": "SECTION", "n": 1 })).await;
        assert_eq!(
            pairs(&sections["articles"]["facets"]["tags"], "tag"),
            owned(&[("economy", 3)]),
            "ties go by name"
        );
        // A filter narrows every facet.
        let moscow = json!({ "tags": { "some": { "slug": { "eq": "moscow" } } } });
        let narrowed = client.query(FACETS, json!({ "f": moscow, "k": "SECTION" })).await;
        let facets = &narrowed["articles"]["facets"];
        assert_eq!(pairs(&facets["tags"], "tag"), owned(&[("economy", 1), ("world", 1)]));
        assert_eq!(pairs(&facets["sources"], "source"), owned(&[("alpha", 1), ("beta", 1)]));
        // Editors count what they see: the draft d1 and the scheduled s1 too.
        let editor = app.editor().await;
        let data = editor.query(FACETS, json!({ "k": "PLACE" })).await;
        assert_eq!(pairs(&data["articles"]["facets"]["tags"], "tag"), owned(&[("moscow", 3), ("tehran", 3)]));
        let (code, error) = client.query_error(FACETS, json!({ "n": 101 })).await;
        assert_eq!(code, "BAD_USER_INPUT", "{error}");
    }
);
