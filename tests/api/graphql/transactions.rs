//! All or nothing: a mutation that fails half-way (a real database error on its second
//! statement) writes nothing, `expectedVersion` guards against lost updates, concurrent
//! writers with the same version cannot both win, concurrent writers without one all land,
//! and deletes take an article's children with it.

use axum::body::Body;
use axum::http::{Method, Request, header};
use std::time::Duration;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait};
use serde_json::{Value, json};
use tokio::task::JoinSet;
use tower::ServiceExt;
use uuid::Uuid;

use gazette::config::ApiConfig;
use gazette::entities::{article, article_correction, article_revision, article_tag};
use gazette::state::{AppState, Clock};

use crate::db_test;
use crate::helpers::{self, Client, TestApp, dump, fixtures};

const ARTICLE: &str = "query($id: ID!) { article(id: $id) { title version status tags { slug } } }";

const CREATE: &str = "mutation($input: CreateArticleInput!) {
    createArticle(input: $input) { id slug version tags { slug } } }";

const UPDATE: &str = "mutation($id: ID!, $input: UpdateArticleInput!, $v: Int) {
    updateArticle(id: $id, input: $input, expectedVersion: $v) { id title version } }";

const MERGE: &str = "mutation($from: ID!, $into: ID!) { mergeTags(from: $from, into: $into) { slug aliases } }";

const CORRECT: &str = "mutation($id: ID!, $text: String!, $v: Int) {
    addCorrection(id: $id, text: $text, expectedVersion: $v) { id version } }";

const PUBLISH: &str = "mutation($id: ID!, $at: DateTime, $v: Int) {
    publishArticle(id: $id, at: $at, expectedVersion: $v) { status publishedAt version } }";

const DELETE: &str = "mutation($id: ID!, $v: Int) { deleteArticle(id: $id, expectedVersion: $v) }";

/// Uses the client's key once, so that the key's `last_used_at` is already written and
/// does not show up as a difference between two dumps.
async fn warm(client: &Client<'_>) {
    client.query("{ articles(first: 1) { totalCount } }", json!({})).await;
}

/// Asserts that `error` is an internal error that says nothing about the SQL behind it.
fn assert_opaque_internal(app: &TestApp, code: &str, error: &Value) {
    assert_eq!(code, "INTERNAL_SERVER_ERROR", "{:?}: {error:#}", app.backend);
    let text = error.to_string().to_lowercase();
    for leak in [
        "trigger",
        "insert",
        "article_tags",
        "refused",
        "sqlstate",
        "45000",
        "p0001",
    ] {
        assert!(
            !text.contains(leak),
            "{:?}: the error leaks {leak:?}: {error:#}",
            app.backend
        );
    }
}

async fn revisions_of(app: &TestApp, id: Uuid) -> Vec<article_revision::Model> {
    article_revision::Entity::find()
        .filter(article_revision::Column::ArticleId.eq(id))
        .all(&app.db)
        .await
        .unwrap()
}

async fn corrections_count(app: &TestApp, id: Uuid) -> u64 {
    article_correction::Entity::find()
        .filter(article_correction::Column::ArticleId.eq(id))
        .count(&app.db)
        .await
        .unwrap()
}

async fn tag_links_count(app: &TestApp, id: Uuid) -> u64 {
    article_tag::Entity::find()
        .filter(article_tag::Column::ArticleId.eq(id))
        .count(&app.db)
        .await
        .unwrap()
}

/// How long [`all_at_once`] holds the article, so that the requests pile up behind it:
/// well under the pool's acquire time-out and SQLite's busy time-out (5 s each).
const HOLD: Duration = Duration::from_millis(1000);

/// Sends `query` once per entry of `variables`, all at once: every request is its own
/// task on a router of its own over the app's pool, all spawned before any runs. Returns
/// the whole responses in the order of `variables`.
///
/// So that the requests overlap for sure (not just by luck of scheduling), a transaction of
/// the test's own first takes article `hold`'s row lock (PostgreSQL, MariaDB) or the write
/// lock (SQLite) with a no-op update, keeps it for [`HOLD`] while the requests start and
/// block behind it, then rolls back. The pool has 5 connections: the test's transaction
/// takes one, so 4 requests wait inside their transactions and the other 4 wait for a
/// connection; all of them are under way when the lock goes.
async fn all_at_once(app: &TestApp, key: &str, query: &str, variables: Vec<Value>, hold: Uuid) -> Vec<Value> {
    let router = gazette::app(AppState::new(
        app.db.clone(),
        ApiConfig::default(),
        Clock::Fixed(helpers::now()),
    ));
    let blocker = app.db.begin().await.unwrap();
    let locked = article::Entity::update_many()
        .col_expr(article::Column::Title, Expr::col(article::Column::Title))
        .filter(article::Column::Id.eq(hold))
        .exec(&blocker)
        .await
        .unwrap();
    assert_eq!(locked.rows_affected, 1, "{:?}", app.backend);
    let mut tasks = JoinSet::new();
    for (i, vars) in variables.into_iter().enumerate() {
        let router = router.clone();
        let body = json!({ "query": query, "variables": vars }).to_string();
        let authorization = format!("Bearer {key}");
        tasks.spawn(async move {
            let request = Request::builder()
                .method(Method::POST)
                .uri("/graphql")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::AUTHORIZATION, authorization)
                .body(Body::from(body))
                .unwrap();
            let response = router.oneshot(request).await.unwrap();
            let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
            let json: Value = serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("response is not JSON ({e}): {}", String::from_utf8_lossy(&bytes)));
            (i, json)
        });
    }
    tokio::time::sleep(HOLD).await;
    // Nothing could finish while the article was held.
    assert!(
        tasks.try_join_next().is_none(),
        "{:?}: a request did not wait",
        app.backend
    );
    blocker.rollback().await.unwrap();
    let mut responses = vec![Value::Null; tasks.len()];
    while let Some(done) = tasks.join_next().await {
        let (i, json) = done.unwrap();
        responses[i] = json;
    }
    responses
}

// ---------------------------------------------------------------------------------------
// 1. A real database failure half-way through a mutation writes nothing.

db_test!(async fn failure_half_way_writes_nothing(app) {
    let fx = fixtures::standard(&app.db).await;
    let editor = app.editor().await;
    let admin = app.admin().await;
    warm(&editor).await;
    warm(&admin).await;
    helpers::refuse_inserts(app, "article_tags", "1 = 1").await;
    let before = dump(&app.db).await;

    // createArticle: the article row is inserted, then its tag links fail.
    let create_vars = json!({ "input": {
        "title": "Half-way story", "slug": "half-way", "language": "en",
        "body": "Some words.", "tagSlugs": ["oil", "tehran"],
    } });
    let (code, error) = editor.query_error(CREATE, create_vars.clone()).await;
    assert_opaque_internal(app, &code, &error);
    assert_eq!(dump(&app.db).await, before, "{:?}: createArticle wrote something", app.backend);

    // updateArticle: the version is bumped, a revision stored and the old links deleted,
    // then the new links fail.
    let a1 = fx.articles["a1"];
    let update_vars = json!({ "id": a1, "v": 1, "input": {
        "title": "Retitled half-way", "tagSlugs": ["economy", "moscow", "tehran"],
    } });
    let (code, error) = editor.query_error(UPDATE, update_vars.clone()).await;
    assert_opaque_internal(app, &code, &error);
    assert_eq!(dump(&app.db).await, before, "{:?}: updateArticle wrote something", app.backend);
    assert!(revisions_of(app, a1).await.is_empty(), "{:?}", app.backend);
    let data = editor.query(ARTICLE, json!({ "id": a1 })).await;
    assert_eq!(data["article"]["version"], 1, "{:?}", app.backend);
    assert_eq!(data["article"]["title"], "Oil talks resume in Tehran", "{:?}", app.backend);
    assert_eq!(tag_links_count(app, a1).await, 4, "{:?}", app.backend);

    // mergeTags: Moscow's articles (a2, a4, d1) would get Tehran; those links fail.
    let moscow = fx.tags["PLACE:moscow"];
    let tehran = fx.tags["PLACE:tehran"];
    let merge_vars = json!({ "from": moscow, "into": tehran });
    let (code, error) = admin.query_error(MERGE, merge_vars.clone()).await;
    assert_opaque_internal(app, &code, &error);
    assert_eq!(dump(&app.db).await, before, "{:?}: mergeTags wrote something", app.backend);

    // Without the trigger, the very same requests succeed.
    helpers::allow_inserts(app, "article_tags").await;
    let created = editor.query(CREATE, create_vars).await["createArticle"].clone();
    assert_eq!(created["slug"], "half-way");
    assert_eq!(created["version"], 1);
    let mut slugs = helpers::pluck(&json!({ "nodes": created["tags"] }), "slug");
    slugs.sort();
    assert_eq!(slugs, ["oil", "tehran"], "{:?}", app.backend);

    let updated = editor.query(UPDATE, update_vars).await["updateArticle"].clone();
    assert_eq!(updated["title"], "Retitled half-way");
    assert_eq!(updated["version"], 2);
    assert_eq!(revisions_of(app, a1).await.len(), 1, "{:?}", app.backend);
    let data = editor.query(ARTICLE, json!({ "id": a1 })).await;
    let mut slugs = helpers::pluck(&json!({ "nodes": data["article"]["tags"] }), "slug");
    slugs.sort();
    assert_eq!(slugs, ["economy", "moscow", "tehran"], "{:?}", app.backend);

    let merged = admin.query(MERGE, merge_vars).await["mergeTags"].clone();
    assert_eq!(merged["slug"], "tehran");
    assert!(
        merged["aliases"].as_array().unwrap().iter().any(|a| *a == "Moscow"),
        "{:?}: {merged}",
        app.backend
    );
    let data = editor.query(ARTICLE, json!({ "id": fx.articles["a2"] })).await;
    let slugs = helpers::pluck(&json!({ "nodes": data["article"]["tags"] }), "slug");
    assert!(slugs.contains(&"tehran".to_string()), "{:?}: {slugs:?}", app.backend);
    assert!(!slugs.contains(&"moscow".to_string()), "{:?}: {slugs:?}", app.backend);
    let links = article_tag::Entity::find()
        .filter(article_tag::Column::TagId.eq(tehran))
        .count(&app.db)
        .await
        .unwrap();
    // a7, s1 and half-way had Tehran, a2, a4 and d1 had Moscow, and a1 had both since the
    // update: seven articles, a1 linked once.
    assert_eq!(links, 7, "{:?}", app.backend);
});

// ---------------------------------------------------------------------------------------
// 2. `expectedVersion`.

db_test!(async fn expected_version_mismatch_is_a_conflict_that_writes_nothing(app) {
    let fx = fixtures::standard(&app.db).await;
    let editor = app.editor().await;
    warm(&editor).await;
    let a1 = fx.articles["a1"];
    let before = dump(&app.db).await;

    // Every mutation that takes `expectedVersion` refuses a stale (or future) one.
    let stale = [
        (UPDATE, json!({ "id": a1, "v": 7, "input": { "title": "Too late" } })),
        (UPDATE, json!({ "id": a1, "v": 0, "input": { "title": "Too late" } })),
        (CORRECT, json!({ "id": a1, "v": 2, "text": "A stale correction." })),
        (PUBLISH, json!({ "id": a1, "v": 2, "at": "2026-01-01T00:00:00Z" })),
        (DELETE, json!({ "id": a1, "v": 2 })),
    ];
    for (query, vars) in stale {
        let (code, error) = editor.query_error(query, vars.clone()).await;
        assert_eq!(code, "CONFLICT", "{:?}: {vars}: {error:#}", app.backend);
        assert_eq!(
            error["extensions"]["field"], "expectedVersion",
            "{:?}: {vars}: {error:#}",
            app.backend
        );
        assert_eq!(dump(&app.db).await, before, "{:?}: {vars} wrote something", app.backend);
    }

    // An article that does not exist is NOT_FOUND, whatever the version.
    let (code, error) = editor
        .query_error(UPDATE, json!({ "id": Uuid::now_v7(), "v": 1, "input": { "title": "Ghost" } }))
        .await;
    assert_eq!(code, "NOT_FOUND", "{:?}: {error:#}", app.backend);
    assert_eq!(dump(&app.db).await, before, "{:?}", app.backend);

    // The right version passes, and the returned version is one more.
    let data = editor
        .query(UPDATE, json!({ "id": a1, "v": 1, "input": { "title": "On time" } }))
        .await;
    assert_eq!(data["updateArticle"]["version"], 2, "{:?}", app.backend);
    assert_eq!(data["updateArticle"]["title"], "On time", "{:?}", app.backend);
    let data = editor.query(ARTICLE, json!({ "id": a1 })).await;
    assert_eq!(data["article"]["version"], 2, "{:?}", app.backend);
    assert_eq!(data["article"]["title"], "On time", "{:?}", app.backend);

    // The version just used is stale now.
    let after = dump(&app.db).await;
    let (code, error) = editor
        .query_error(UPDATE, json!({ "id": a1, "v": 1, "input": { "title": "Again" } }))
        .await;
    assert_eq!(code, "CONFLICT", "{:?}: {error:#}", app.backend);
    assert_eq!(error["extensions"]["field"], "expectedVersion", "{:?}", app.backend);
    assert_eq!(dump(&app.db).await, after, "{:?}", app.backend);

    // Each mutation moves the version on by one.
    let data = editor
        .query(CORRECT, json!({ "id": a1, "v": 2, "text": "A timely correction." }))
        .await;
    assert_eq!(data["addCorrection"]["version"], 3, "{:?}", app.backend);
    let data = editor
        .query(PUBLISH, json!({ "id": a1, "v": 3, "at": "2026-01-01T00:00:00Z" }))
        .await;
    assert_eq!(data["publishArticle"]["version"], 4, "{:?}", app.backend);
    let data = editor.query(DELETE, json!({ "id": a1, "v": 4 })).await;
    assert_eq!(data["deleteArticle"], a1.to_string(), "{:?}", app.backend);
});

// ---------------------------------------------------------------------------------------
// 3. Concurrent writers.

db_test!(async fn concurrent_updates_with_one_expected_version_have_one_winner(app) {
    let fx = fixtures::standard(&app.db).await;
    let key = app.key("racer", gazette::content::Role::Editor).await;
    let editor = app.with_key(&key);
    warm(&editor).await;
    let a3 = fx.articles["a3"];

    let vars = (0..8)
        .map(|n| json!({ "id": a3, "v": 1, "input": { "title": format!("Writer {n}") } }))
        .collect();
    let responses = all_at_once(app, &key, UPDATE, vars, a3).await;

    let winners: Vec<usize> = (0..8).filter(|&i| responses[i].get("errors").is_none()).collect();
    assert_eq!(winners.len(), 1, "{:?}: {responses:#?}", app.backend);
    let winner = winners[0];
    assert_eq!(responses[winner]["data"]["updateArticle"]["version"], 2, "{:?}", app.backend);
    for (i, response) in responses.iter().enumerate().filter(|&(i, _)| i != winner) {
        let error = &response["errors"][0];
        assert_eq!(
            error["extensions"]["code"], "CONFLICT",
            "{:?}: writer {i}: {response:#}",
            app.backend
        );
        assert_eq!(
            error["extensions"]["field"], "expectedVersion",
            "{:?}: writer {i}: {response:#}",
            app.backend
        );
    }

    let data = editor.query(ARTICLE, json!({ "id": a3 })).await;
    assert_eq!(data["article"]["version"], 2, "{:?}", app.backend);
    assert_eq!(data["article"]["title"], format!("Writer {winner}"), "{:?}", app.backend);
    let revisions = revisions_of(app, a3).await;
    assert_eq!(revisions.len(), 1, "{:?}: {revisions:#?}", app.backend);
    assert_eq!(revisions[0].version, 1, "{:?}", app.backend);
    assert!(
        revisions[0].snapshot.contains("Markets calm after OPEC meeting"),
        "{:?}: {}",
        app.backend,
        revisions[0].snapshot
    );
});

db_test!(async fn concurrent_corrections_without_a_version_all_land(app) {
    let fx = fixtures::standard(&app.db).await;
    let key = app.key("corrector", gazette::content::Role::Editor).await;
    let editor = app.with_key(&key);
    warm(&editor).await;
    let a3 = fx.articles["a3"];

    let vars = (0..8)
        .map(|n| json!({ "id": a3, "text": format!("Correction number {n}.") }))
        .collect();
    let responses = all_at_once(app, &key, CORRECT, vars, a3).await;
    let mut versions = Vec::new();
    for (i, response) in responses.iter().enumerate() {
        assert!(
            response.get("errors").is_none(),
            "{:?}: correction {i} failed: {response:#}",
            app.backend
        );
        versions.push(response["data"]["addCorrection"]["version"].as_i64().unwrap());
    }
    versions.sort();
    assert_eq!(versions, (2..=9).collect::<Vec<i64>>(), "{:?}", app.backend);

    let row = article::Entity::find_by_id(a3).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.version, 1 + 8, "{:?}", app.backend);
    assert_eq!(corrections_count(app, a3).await, 8, "{:?}", app.backend);
    let mut revision_versions: Vec<i32> = revisions_of(app, a3).await.iter().map(|r| r.version).collect();
    revision_versions.sort();
    assert_eq!(revision_versions, (1..=8).collect::<Vec<i32>>(), "{:?}", app.backend);
    let data = editor
        .query(
            "query($id: ID!) { article(id: $id) { corrections { text } } }",
            json!({ "id": a3 }),
        )
        .await;
    let mut texts: Vec<String> = data["article"]["corrections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_string())
        .collect();
    texts.sort();
    let expected: Vec<String> = (0..8).map(|n| format!("Correction number {n}.")).collect();
    assert_eq!(texts, expected, "{:?}", app.backend);
});

// ---------------------------------------------------------------------------------------
// 4. Each mutation is one unit.

db_test!(async fn publish_before_1900_writes_nothing(app) {
    let fx = fixtures::standard(&app.db).await;
    let editor = app.editor().await;
    warm(&editor).await;
    let d1 = fx.articles["d1"];
    let before = dump(&app.db).await;
    for v in [json!(null), json!(1)] {
        let (code, error) = editor
            .query_error(PUBLISH, json!({ "id": d1, "v": v, "at": "1899-12-31T23:59:59Z" }))
            .await;
        assert_eq!(code, "BAD_USER_INPUT", "{:?}: {error:#}", app.backend);
        assert_eq!(error["extensions"]["field"], "at", "{:?}: {error:#}", app.backend);
        assert_eq!(dump(&app.db).await, before, "{:?}", app.backend);
    }
    // 1900 itself is allowed.
    let data = editor
        .query(PUBLISH, json!({ "id": d1, "v": 1, "at": "1900-01-01T00:00:00Z" }))
        .await;
    assert_eq!(data["publishArticle"]["status"], "PUBLISHED", "{:?}", app.backend);
    assert_eq!(data["publishArticle"]["version"], 2, "{:?}", app.backend);
});

db_test!(async fn delete_takes_revisions_corrections_and_links_along(app) {
    let fx = fixtures::standard(&app.db).await;
    let editor = app.editor().await;
    warm(&editor).await;
    let (a1, a2) = (fx.articles["a1"], fx.articles["a2"]);
    for id in [a1, a2] {
        editor
            .query(UPDATE, json!({ "id": id, "input": { "title": "Edited once" } }))
            .await;
        editor
            .query(CORRECT, json!({ "id": id, "text": "A first correction." }))
            .await;
        editor
            .query(CORRECT, json!({ "id": id, "text": "A second correction." }))
            .await;
    }
    assert_eq!(revisions_of(app, a1).await.len(), 3, "{:?}", app.backend);
    assert_eq!(corrections_count(app, a1).await, 2, "{:?}", app.backend);
    assert_eq!(tag_links_count(app, a1).await, 4, "{:?}", app.backend);

    let data = editor.query(DELETE, json!({ "id": a1 })).await;
    assert_eq!(data["deleteArticle"], a1.to_string(), "{:?}", app.backend);
    assert!(
        article::Entity::find_by_id(a1).one(&app.db).await.unwrap().is_none(),
        "{:?}",
        app.backend
    );
    assert!(revisions_of(app, a1).await.is_empty(), "{:?}", app.backend);
    assert_eq!(corrections_count(app, a1).await, 0, "{:?}", app.backend);
    assert_eq!(tag_links_count(app, a1).await, 0, "{:?}", app.backend);
    let data = editor.query(ARTICLE, json!({ "id": a1 })).await;
    assert!(data["article"].is_null(), "{:?}: {data}", app.backend);

    // The other article keeps everything.
    assert_eq!(revisions_of(app, a2).await.len(), 3, "{:?}", app.backend);
    assert_eq!(corrections_count(app, a2).await, 2, "{:?}", app.backend);
    assert_eq!(tag_links_count(app, a2).await, 3, "{:?}", app.backend);

    // Deleting again: NOT_FOUND, with or without a version, and nothing changes.
    let before = dump(&app.db).await;
    for v in [json!(null), json!(4)] {
        let (code, error) = editor.query_error(DELETE, json!({ "id": a1, "v": v })).await;
        assert_eq!(code, "NOT_FOUND", "{:?}: {error:#}", app.backend);
    }
    assert_eq!(dump(&app.db).await, before, "{:?}", app.backend);
});
