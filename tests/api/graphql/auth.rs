//! API keys and roles over GraphQL: who may write what, who sees which articles, and how
//! revoked, unknown and malformed keys and `GAZETTE_PUBLIC_READ=false` are refused.

use axum::http::StatusCode;
use serde_json::{Value, json};

use gazette::config::ApiConfig;
use gazette::content::Role;

use crate::db_test;
use crate::helpers::fixtures::{self, VISIBLE};
use crate::helpers::{Client, TestApp, dump, now, pluck};

const READ: &str = "{ articles { totalCount } }";

const CREATE_ARTICLE: &str = r#"mutation($slug: String!) {
    createArticle(input: { title: "Role matrix story", slug: $slug, language: "en", body: "Text." }) { slug status createdBy } }"#;
const CREATE_SOURCE: &str = r#"mutation($slug: String!, $name: String!) {
    createSource(input: { slug: $slug, name: $name }) { slug name } }"#;
const CREATE_TAG: &str = r#"mutation($slug: String!, $name: String!) {
    createTag(input: { slug: $slug, name: $name, kind: TOPIC }) { slug kind } }"#;

/// A caller (name, role or anonymous) and the outcome of createArticle, createSource and
/// createTag for it: `None` for success, else the error code.
type Row = (&'static str, Option<Role>, [Option<&'static str>; 3]);

/// Fails unless the response is an HTTP 401 with `UNAUTHENTICATED` and no data.
fn assert_unauthenticated(app: &TestApp, status: StatusCode, response: &Value, what: &str) {
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "{:?} {what}: {response:#}",
        app.backend
    );
    assert_eq!(
        response["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{:?} {what}: {response:#}",
        app.backend
    );
    assert!(response["data"].is_null(), "{:?} {what}: {response:#}", app.backend);
}

/// Whether the article, source and tag with `slug` exist, as an admin sees them.
async fn existing(admin: &Client<'_>, slug: &str) -> [bool; 3] {
    let data = admin
        .query(
            "query($s: String!) { article(slug: $s) { id } source(slug: $s) { id } tag(slug: $s, kind: TOPIC) { id } }",
            json!({ "s": slug }),
        )
        .await;
    [
        !data["article"].is_null(),
        !data["source"].is_null(),
        !data["tag"].is_null(),
    ]
}

db_test!(async fn role_matrix_for_writes(app) {
    let matrix: [Row; 4] = [
        ("anonymous", None, [Some("UNAUTHENTICATED"), Some("UNAUTHENTICATED"), Some("UNAUTHENTICATED")]),
        ("reader", Some(Role::Reader), [Some("FORBIDDEN"), Some("FORBIDDEN"), Some("FORBIDDEN")]),
        ("editor", Some(Role::Editor), [None, Some("FORBIDDEN"), Some("FORBIDDEN")]),
        ("admin", Some(Role::Admin), [None, None, None]),
    ];
    let mutations = [("createArticle", CREATE_ARTICLE), ("createSource", CREATE_SOURCE), ("createTag", CREATE_TAG)];
    for (caller, role, outcomes) in matrix {
        let client = match role {
            None => app.client(),
            Some(role) => app.with_key(&app.key(caller, role).await),
        };
        // A first read records the key's last use, so that the dumps below compare only the writes.
        client.query(READ, json!({})).await;
        let slug = format!("by-{caller}");
        for ((mutation, query), outcome) in mutations.into_iter().zip(outcomes) {
            let what = format!("{caller} {mutation}");
            let vars = json!({ "slug": slug, "name": format!("Made by {caller}") });
            let before = dump(&app.db).await;
            let (status, response) = client.graphql(query, vars).await;
            match outcome {
                None => {
                    assert_eq!(status, StatusCode::OK, "{:?} {what}: {response:#}", app.backend);
                    assert!(response.get("errors").is_none(), "{:?} {what}: {response:#}", app.backend);
                    assert_eq!(response["data"][mutation]["slug"], slug.as_str(), "{what}");
                }
                Some(code) => {
                    assert_eq!(
                        response["errors"][0]["extensions"]["code"], code,
                        "{:?} {what}: {response:#}",
                        app.backend
                    );
                    assert!(response["data"].is_null(), "{:?} {what}: {response:#}", app.backend);
                    assert_eq!(dump(&app.db).await, before, "{:?} {what} wrote something", app.backend);
                }
            }
        }
        // The key's name is recorded as the article's author.
        if outcomes[0].is_none() {
            let data = app.admin().await.query("query($s: String!) { article(slug: $s) { status createdBy updatedBy } }", json!({ "s": slug })).await;
            assert_eq!(data["article"], json!({ "status": "DRAFT", "createdBy": caller, "updatedBy": caller }), "{:?}", app.backend);
        }
    }
    let admin = app.admin().await;
    assert_eq!(existing(&admin, "by-anonymous").await, [false, false, false]);
    assert_eq!(existing(&admin, "by-reader").await, [false, false, false]);
    assert_eq!(existing(&admin, "by-editor").await, [true, false, false]);
    assert_eq!(existing(&admin, "by-admin").await, [true, true, true]);
});

db_test!(async fn forbidden_errors_name_the_roles(app) {
    let reader = app.with_key(&app.key("reader", Role::Reader).await);
    let (code, error) = reader.query_error(CREATE_ARTICLE, json!({ "slug": "x" })).await;
    assert_eq!(code, "FORBIDDEN");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("editor") && message.contains("reader"), "{message}");
    let editor = app.editor().await;
    let (code, error) = editor.query_error(CREATE_TAG, json!({ "slug": "x", "name": "X" })).await;
    assert_eq!(code, "FORBIDDEN");
    assert!(error["message"].as_str().unwrap().contains("admin"), "{error}");
    let (code, error) = app.client().query_error(CREATE_SOURCE, json!({ "slug": "x", "name": "X" })).await;
    assert_eq!(code, "UNAUTHENTICATED");
    assert!(error["message"].as_str().unwrap().contains("Authorization: Bearer"), "{error}");
});

const VISIBILITY: &str = r#"query($d1: ID!) {
    all: articles { totalCount nodes { slug } }
    drafts: articles(filter: { status: { eq: DRAFT } }) { totalCount nodes { slug } }
    scheduled: articles(filter: { status: { eq: SCHEDULED } }) { nodes { slug } }
    archived: articles(filter: { status: { eq: ARCHIVED } }) { nodes { slug } }
    hidden: articles(filter: { status: { in: [DRAFT, SCHEDULED, ARCHIVED] } }) { totalCount }
    published: articles(filter: { status: { eq: PUBLISHED } }) { totalCount }
    bySlug: article(slug: "d1") { slug status }
    byId: article(id: $d1) { slug }
    node(id: $d1) { id }
    beta: source(slug: "beta") { articleCount articles { totalCount nodes { slug } } }
    moscow: tag(slug: "moscow") { articleCount articles { totalCount nodes { slug } } }
    tehran: tag(slug: "tehran") { articleCount }
}"#;

fn sorted(connection: &Value) -> Vec<String> {
    let mut slugs = pluck(connection, "slug");
    slugs.sort();
    slugs
}

db_test!(async fn visibility_by_role(app) {
    let fx = fixtures::standard(&app.db).await;
    let d1 = fx.articles["d1"].to_string();
    let callers = [
        ("anonymous", app.client()),
        ("reader", app.with_key(&app.key("reader", Role::Reader).await)),
        ("editor", app.with_key(&app.key("editor", Role::Editor).await)),
        ("admin", app.with_key(&app.key("admin", Role::Admin).await)),
    ];
    for (caller, client) in callers {
        let data = client.query(VISIBILITY, json!({ "d1": d1 })).await;
        let msg = format!("{:?} {caller}: {data:#}", app.backend);
        if caller == "anonymous" || caller == "reader" {
            assert_eq!(data["all"]["totalCount"], 7, "{msg}");
            assert_eq!(sorted(&data["all"]), VISIBLE, "{msg}");
            assert_eq!(data["drafts"]["totalCount"], 0, "{msg}");
            assert!(pluck(&data["drafts"], "slug").is_empty(), "{msg}");
            assert!(pluck(&data["scheduled"], "slug").is_empty(), "{msg}");
            assert!(pluck(&data["archived"], "slug").is_empty(), "{msg}");
            assert_eq!(data["hidden"]["totalCount"], 0, "{msg}");
            assert_eq!(data["published"]["totalCount"], 7, "{msg}");
            assert!(data["bySlug"].is_null(), "{msg}");
            assert!(data["byId"].is_null(), "{msg}");
            assert!(data["node"].is_null(), "{msg}");
            assert_eq!(data["beta"]["articleCount"], 1, "{msg}");
            assert_eq!(data["beta"]["articles"]["totalCount"], 1, "{msg}");
            assert_eq!(sorted(&data["beta"]["articles"]), ["a2"], "{msg}");
            assert_eq!(data["moscow"]["articleCount"], 2, "{msg}");
            assert_eq!(data["moscow"]["articles"]["totalCount"], 2, "{msg}");
            assert_eq!(sorted(&data["moscow"]["articles"]), ["a2", "a4"], "{msg}");
            assert_eq!(data["tehran"]["articleCount"], 2, "{msg}");
        } else {
            let mut all: Vec<&str> = VISIBLE.to_vec();
            all.extend(["d1", "r1", "s1", "s2"]);
            assert_eq!(data["all"]["totalCount"], 11, "{msg}");
            assert_eq!(sorted(&data["all"]), all, "{msg}");
            assert_eq!(data["drafts"]["totalCount"], 1, "{msg}");
            assert_eq!(pluck(&data["drafts"], "slug"), ["d1"], "{msg}");
            assert_eq!(sorted(&data["scheduled"]), ["s1", "s2"], "{msg}");
            assert_eq!(pluck(&data["archived"], "slug"), ["r1"], "{msg}");
            assert_eq!(data["hidden"]["totalCount"], 4, "{msg}");
            assert_eq!(data["published"]["totalCount"], 7, "{msg}");
            assert_eq!(data["bySlug"], json!({ "slug": "d1", "status": "DRAFT" }), "{msg}");
            assert_eq!(data["byId"]["slug"], "d1", "{msg}");
            assert_eq!(data["node"]["id"], d1.as_str(), "{msg}");
            assert_eq!(data["beta"]["articleCount"], 3, "{msg}");
            assert_eq!(data["beta"]["articles"]["totalCount"], 3, "{msg}");
            assert_eq!(sorted(&data["beta"]["articles"]), ["a2", "d1", "r1"], "{msg}");
            assert_eq!(data["moscow"]["articleCount"], 3, "{msg}");
            assert_eq!(data["moscow"]["articles"]["totalCount"], 3, "{msg}");
            assert_eq!(sorted(&data["moscow"]["articles"]), ["a2", "a4", "d1"], "{msg}");
            assert_eq!(data["tehran"]["articleCount"], 3, "{msg}");
        }
    }
});

db_test!(async fn revoked_keys_are_refused_even_for_reads(app) {
    fixtures::standard(&app.db).await;
    let secret = app.key("cms", Role::Editor).await;
    let other = app.key("other", Role::Editor).await;
    let reader = gazette::content::keys::create(&app.db, "reader", Role::Reader, now()).await.unwrap();
    let cms = app.with_key(&secret);
    assert_eq!(cms.query(READ, json!({})).await["articles"]["totalCount"], 11);
    app.with_key(&reader.secret).query(READ, json!({})).await;

    gazette::content::keys::revoke(&app.db, "cms", now()).await.unwrap();
    let (status, response) = cms.graphql(READ, json!({})).await;
    assert_unauthenticated(app, status, &response, "read with a revoked key");
    let message = response["errors"][0]["message"].as_str().unwrap();
    assert!(!message.contains(&secret[..20]), "{message}");
    let before = dump(&app.db).await;
    let (status, response) = cms.graphql(CREATE_ARTICLE, json!({ "slug": "after-revocation" })).await;
    assert_unauthenticated(app, status, &response, "write with a revoked key");
    assert_eq!(dump(&app.db).await, before, "{:?}: a revoked key wrote", app.backend);

    // Revoking by id works the same; other keys keep working.
    gazette::content::keys::revoke(&app.db, &reader.key.id.to_string(), now()).await.unwrap();
    let (status, response) = app.with_key(&reader.secret).graphql(READ, json!({})).await;
    assert_unauthenticated(app, status, &response, "read with a key revoked by id");
    assert_eq!(app.with_key(&other).query(READ, json!({})).await["articles"]["totalCount"], 11);
    // Revoked keys stay revoked: later in time, and when revoked again.
    gazette::content::keys::revoke(&app.db, "cms", now()).await.unwrap();
    let later = now() + chrono::Duration::days(30);
    let (status, response) = app.with_key(&secret).at(later).graphql(READ, json!({})).await;
    assert_unauthenticated(app, status, &response, "read with a revoked key a month later");
});

db_test!(async fn unknown_keys_are_refused_and_never_echoed(app) {
    let real = app.key("cms", Role::Editor).await;
    // Well formed, but no such key: made up, and a real key with its last character changed.
    let made_up = format!("gz_live_{}", "Zm9yZ2VkLWtleS10aGF0LWRvZXMtbm90LWV4aXN0MDE");
    let last = if real.ends_with('A') { 'B' } else { 'A' };
    let altered = format!("{}{last}", &real[..real.len() - 1]);
    for unknown in [&made_up, &altered] {
        assert_eq!(unknown.len(), 51, "{unknown}");
        for query in [READ, CREATE_ARTICLE] {
            let before = dump(&app.db).await;
            let (status, response) = app.with_key(unknown).graphql(query, json!({ "slug": "by-unknown" })).await;
            assert_unauthenticated(app, status, &response, unknown);
            assert_eq!(dump(&app.db).await, before, "{:?}: an unknown key wrote", app.backend);
            let body = response.to_string();
            for part in [unknown.as_str(), &unknown[..20], &unknown[8..]] {
                assert!(!body.contains(part), "{:?}: the response repeats the key: {body}", app.backend);
            }
        }
    }
    // A malformed token is not repeated either.
    let (status, response) = app.with_key("my-password-hunter2").graphql(READ, json!({})).await;
    assert_unauthenticated(app, status, &response, "a password as a key");
    assert!(!response.to_string().contains("hunter2"), "{response}");
});

db_test!(async fn malformed_authorization_headers_are_401(app) {
    fixtures::standard(&app.db).await;
    let key = app.key("cms", Role::Editor).await;
    let standard_base64 = format!("gz_live_{}+/", "a".repeat(41));
    let headers = [
        "".to_string(),
        "Basic abc".into(),
        "Basic Y21zOnNlY3JldA==".into(),
        "Bearer".into(),
        "Bearer ".into(),
        "Bearer    ".into(),
        "Bearer\t".into(),
        key.clone(),
        format!("Token {key}"),
        format!("Bearer{key}"),
        format!("Bearer {key} {key}"),
        format!("Bearer {key}x"),
        format!("Bearer {}", &key[..50]),
        format!("Bearer {standard_base64}"),
        format!("Bearer {}", key.replacen("gz_live_", "gz_test_", 1)),
        "Bearer gz_live_ünïcødé".into(),
        format!("Bearer {}é", &key[..50]),
    ];
    let before = dump(&app.db).await;
    for header in &headers {
        let client = app.client().authorization(header);
        for query in [READ, CREATE_ARTICLE] {
            let (status, response) = client.graphql(query, json!({ "slug": "by-malformed" })).await;
            assert_unauthenticated(app, status, &response, &format!("Authorization: {header:?}"));
        }
    }
    assert_eq!(dump(&app.db).await, before, "{:?}: a malformed header wrote or touched a key", app.backend);

    // The scheme is case-insensitive, and surrounding spaces do not matter.
    for header in [format!("bearer {key}"), format!("BEARER {key}"), format!("  Bearer   {key}  ")] {
        let data = app.client().authorization(&header).query(READ, json!({})).await;
        assert_eq!(data["articles"]["totalCount"], 11, "Authorization: {header:?}");
    }
});

db_test!(async fn private_servers_need_a_key_to_read(app) {
    fixtures::standard(&app.db).await;
    let private = ApiConfig { public_read: false, ..Default::default() };
    let reader_key = app.key("reader", Role::Reader).await;
    let editor_key = app.key("editor", Role::Editor).await;

    let anonymous = app.client().config(private.clone());
    let (status, response) = anonymous.graphql(READ, json!({})).await;
    assert_unauthenticated(app, status, &response, "anonymous read on a private server");
    let (status, response) = anonymous.graphql(r#"{ article(slug: "a1") { title } }"#, json!({})).await;
    assert_unauthenticated(app, status, &response, "anonymous lookup on a private server");
    let (status, response) = anonymous.graphql(CREATE_ARTICLE, json!({ "slug": "anonymous" })).await;
    assert_unauthenticated(app, status, &response, "anonymous write on a private server");
    let (status, response) = app.with_key(&format!("gz_live_{}", "x".repeat(43))).config(private.clone()).graphql(READ, json!({})).await;
    assert_unauthenticated(app, status, &response, "unknown key on a private server");

    let reader = app.with_key(&reader_key).config(private.clone());
    let data = reader
        .query(r#"{ articles { totalCount } article(slug: "a1") { title } draft: article(slug: "d1") { title } }"#, json!({}))
        .await;
    assert_eq!(data["articles"]["totalCount"], 7);
    assert_eq!(data["article"]["title"], "Oil talks resume in Tehran");
    assert!(data["draft"].is_null());
    let (code, _) = reader.query_error(CREATE_ARTICLE, json!({ "slug": "by-reader" })).await;
    assert_eq!(code, "FORBIDDEN");

    let editor = app.with_key(&editor_key).config(private);
    assert_eq!(editor.query(READ, json!({})).await["articles"]["totalCount"], 11);
    // The same database on a public server reads without a key.
    assert_eq!(app.client().query(READ, json!({})).await["articles"]["totalCount"], 7);
});

db_test!(async fn every_article_mutation_needs_an_editor(app) {
    let f = fixtures::standard(&app.db).await;
    let id = f.articles["a1"].to_string();
    let reader = app.with_key(&app.key("reader", Role::Reader).await);
    // Warm the reader's key (its first use records `last_used_at`) before the dump.
    reader.query(READ, json!({})).await;
    let mutations = [
        "mutation { createArticle(input: {title: \"T\", language: \"en\"}) { id } }",
        "mutation($id: ID!) { updateArticle(id: $id, input: {title: \"T\"}) { id } }",
        "mutation($id: ID!) { publishArticle(id: $id) { id } }",
        "mutation($id: ID!) { unpublishArticle(id: $id) { id } }",
        "mutation($id: ID!) { archiveArticle(id: $id) { id } }",
        "mutation($id: ID!) { withdrawArticle(id: $id, reason: \"R\") { id } }",
        "mutation($id: ID!) { addCorrection(id: $id, text: \"C\") { id } }",
        "mutation($id: ID!) { revertArticle(id: $id, revision: $id) { id } }",
        "mutation($id: ID!) { deleteArticle(id: $id) }",
    ];
    let before = dump(&app.db).await;
    for mutation in mutations {
        for (client, code) in [(app.client(), "UNAUTHENTICATED"), (reader.clone(), "FORBIDDEN")] {
            let (got, _) = client.query_error(mutation, json!({ "id": id })).await;
            assert_eq!(got, code, "{mutation}");
        }
    }
    assert_eq!(dump(&app.db).await, before, "refused mutations wrote nothing");
});
