//! Nested fields of a list are batched: the number of SQL statements does not grow with
//! the page size.

use serde_json::json;

use crate::db_test;
use crate::helpers::{TestApp, fixtures};

async fn statements_for(app: &TestApp, first: usize) -> Vec<String> {
    let query = format!(
        "{{ articles(first: {first}) {{ nodes {{ title source {{ name }} tags {{ name }} section {{ name }} }} totalCount }} }}"
    );
    let before = app.statements().len();
    let data = app.query(&query, json!({})).await;
    assert_eq!(data["articles"]["nodes"].as_array().unwrap().len(), first.min(37));
    app.statements()[before..].to_vec()
}

db_test!(async fn nested_fields_do_not_multiply_statements(app) {
    fixtures::standard(&app.db).await;
    fixtures::many(&app.db, 30).await;
    let small = statements_for(app, 5).await;
    let large = statements_for(app, 100).await;
    assert_eq!(small.len(), large.len(), "statements grow with the page size: {small:#?} {large:#?}");
    assert!(large.len() <= 5, "{} statements for one page: {large:#?}", large.len());

    let counts = "{ sources(first: 100) { nodes { articleCount } } tags(first: 100) { nodes { articleCount } } }";
    let before = app.statements().len();
    app.query(counts, json!({})).await;
    let issued = &app.statements()[before..];
    assert_eq!(issued.len(), 4, "{issued:#?}");
});
