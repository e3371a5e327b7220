//! Field rules of the writes: every rule answers `BAD_USER_INPUT` (or `CONFLICT` for a taken
//! slug) naming the input field in `extensions.field`, and a refused write writes nothing.
//! Also the slugs derived from titles.

use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{Client, TestApp, dump, fixtures};

const CREATE: &str =
    "mutation($input: CreateArticleInput!) { createArticle(input: $input) { id slug title language version } }";
const UPDATE: &str = "mutation($id: ID!, $input: UpdateArticleInput!, $v: Int) {
    updateArticle(id: $id, input: $input, expectedVersion: $v) { id slug title language version } }";
const CREATE_SOURCE: &str =
    "mutation($input: CreateSourceInput!) { createSource(input: $input) { id slug name country url language } }";
const UPDATE_SOURCE: &str =
    "mutation($id: ID!, $input: UpdateSourceInput!) { updateSource(id: $id, input: $input) { id slug country } }";

/// An editor client whose key has been used once already: the first use of a key records
/// `lastUsedAt`, which would otherwise show up in the first before/after dump.
async fn editor(app: &TestApp) -> Client<'_> {
    let client = app.editor().await;
    client.query("{ __typename }", json!({})).await;
    client
}

/// An admin client, used once already (see [`editor`]).
async fn admin(app: &TestApp) -> Client<'_> {
    let client = app.admin().await;
    client.query("{ __typename }", json!({})).await;
    client
}

/// A valid `createArticle` input with `extra` fields set over it.
fn article(extra: Value) -> Value {
    let mut input = json!({ "title": "A valid title", "language": "en", "body": "A valid body." });
    for (k, v) in extra.as_object().unwrap() {
        input[k] = v.clone();
    }
    input
}

/// The variables, short enough for an assertion message.
fn show(vars: &Value) -> String {
    let s = vars.to_string();
    if s.len() > 200 {
        format!("{}… ({} bytes)", &s[..200], s.len())
    } else {
        s
    }
}

/// Sends `query` with `vars`, expects the error `code` on `field` (any field when `None`),
/// and checks that the database is exactly as it was.
async fn refused(client: &Client<'_>, query: &str, vars: Value, code: &str, field: Option<&str>) {
    let backend = client.app.backend;
    let before = dump(&client.app.db).await;
    let (got, error) = client.query_error(query, vars.clone()).await;
    assert_eq!(got, code, "{backend:?} {}: {error:#}", show(&vars));
    if let Some(field) = field {
        assert_eq!(
            error["extensions"]["field"].as_str(),
            Some(field),
            "{backend:?} {}: {error:#}",
            show(&vars)
        );
    }
    assert!(
        dump(&client.app.db).await == before,
        "{backend:?} {}: a refused write wrote something",
        show(&vars)
    );
}

/// `createArticle` with `extra` over a valid input must fail with `BAD_USER_INPUT` on `field`.
async fn create_refused(client: &Client<'_>, extra: Value, field: &str) {
    refused(
        client,
        CREATE,
        json!({ "input": article(extra) }),
        "BAD_USER_INPUT",
        Some(field),
    )
    .await;
}

/// `createArticle` with `extra` over a valid input must succeed; returns the article.
async fn create_ok(client: &Client<'_>, extra: Value) -> Value {
    client.query(CREATE, json!({ "input": article(extra) })).await["createArticle"].clone()
}

/// `a-z0-9` groups joined by single hyphens.
fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

db_test!(async fn article_titles(app) {
    let editor = editor(app).await;
    for bad in ["", "   ", &"a".repeat(301), &"é".repeat(301), "Bell \u{7} rings", "Two\nlines", "Tab\there"] {
        create_refused(&editor, json!({ "title": bad }), "input.title").await;
    }
    let long = create_ok(&editor, json!({ "title": "é".repeat(300) })).await;
    assert_eq!(long["title"], "é".repeat(300));
    assert!(is_slug(long["slug"].as_str().unwrap()) && long["slug"].as_str().unwrap().len() <= 200, "{long}");
    // Characters, not bytes: four-byte characters count once too.
    create_refused(&editor, json!({ "title": "😀".repeat(301) }), "input.title").await;
    let emoji = create_ok(&editor, json!({ "title": "😀".repeat(300) })).await;
    assert_eq!(emoji["title"], "😀".repeat(300));
    // NUL is a control character (and PostgreSQL could not store it).
    create_refused(&editor, json!({ "title": "nul\u{0}here" }), "input.title").await;
    let padded = create_ok(&editor, json!({ "title": "  Padded title \n" })).await;
    assert_eq!(padded["title"], "Padded title");
    assert_eq!(padded["slug"], "padded-title");
    assert_eq!(padded["version"], 1);
});

db_test!(async fn article_slugs(app) {
    fixtures::standard(&app.db).await;
    let editor = editor(app).await;
    for bad in ["Bad Slug", "a--b", "-a", "a-", "UPPER", "ü", "under_score", ""] {
        create_refused(&editor, json!({ "slug": bad }), "input.slug").await;
    }
    create_refused(&editor, json!({ "slug": "a".repeat(201) }), "input.slug").await;
    // Taken by another article (a draft counts too).
    for taken in ["a1", "d1"] {
        refused(&editor, CREATE, json!({ "input": article(json!({ "slug": taken })) }), "CONFLICT", Some("input.slug")).await;
    }
    let ok = create_ok(&editor, json!({ "slug": "g7-2026-talks" })).await;
    assert_eq!(ok["slug"], "g7-2026-talks");
    refused(&editor, CREATE, json!({ "input": article(json!({ "slug": "g7-2026-talks" })) }), "CONFLICT", Some("input.slug")).await;
    assert_eq!(create_ok(&editor, json!({ "slug": "a".repeat(200) })).await["slug"], "a".repeat(200));
});

db_test!(async fn article_languages_and_urls(app) {
    let editor = editor(app).await;
    for bad in ["english", "en_US", "", "12", "e"] {
        create_refused(&editor, json!({ "language": bad }), "input.language").await;
    }
    for ok in ["pt-BR", "fa", "zh-Hant-TW", "en"] {
        assert_eq!(create_ok(&editor, json!({ "language": ok })).await["language"], ok);
    }
    for bad in ["example.org", "ftp://x.example", "javascript:alert(1)", "https://", "/relative/path"] {
        create_refused(&editor, json!({ "canonicalUrl": bad }), "input.canonicalUrl").await;
    }
    let q = "mutation($input: CreateArticleInput!) { createArticle(input: $input) { canonicalUrl } }";
    let data = editor.query(q, json!({ "input": article(json!({ "canonicalUrl": "https://example.org/a?b=c" })) })).await;
    assert_eq!(data["createArticle"]["canonicalUrl"], "https://example.org/a?b=c");
});

db_test!(async fn article_body_size_and_control_characters(app) {
    let editor = editor(app).await;
    // Plain ASCII, so that the request stays under the 1 MiB HTTP body limit.
    create_refused(&editor, json!({ "body": "a".repeat(1_000_001) }), "input.body").await;
    create_refused(&editor, json!({ "body": "bell\u{7}" }), "input.body").await;
    let big = create_ok(&editor, json!({ "body": "a".repeat(1_000_000) })).await;
    let q = "query($id: ID!) { article(id: $id) { body(format: MARKDOWN) } }";
    let stored = editor.query(q, json!({ "id": big["id"] })).await;
    assert_eq!(stored["article"]["body"].as_str().map(str::len), Some(1_000_000));
    // Newlines, carriage returns and tabs are fine in a body.
    let multi = create_ok(&editor, json!({ "body": "one\r\ntwo\n\tthree" })).await;
    let stored = editor.query(q, json!({ "id": multi["id"] })).await;
    assert_eq!(stored["article"]["body"], "one\r\ntwo\n\tthree");
    // Control characters in the byline.
    for bad in ["Sara \u{7} Writer", "Sara\nWriter"] {
        create_refused(&editor, json!({ "byline": bad }), "input.byline").await;
    }
    create_refused(&editor, json!({ "byline": "x".repeat(301) }), "input.byline").await;
    // The other texts have the same rule.
    create_refused(&editor, json!({ "body": "nul\u{0}" }), "input.body").await;
    create_refused(&editor, json!({ "subtitle": "deck\u{0}" }), "input.subtitle").await;
    create_refused(&editor, json!({ "summary": "sum\u{1b}[31m" }), "input.summary").await;
    create_refused(&editor, json!({ "externalId": "ext\u{7f}" }), "input.externalId").await;
});

db_test!(async fn article_times(app) {
    let editor = editor(app).await;
    create_refused(&editor, json!({ "publishedAt": "1899-12-31T00:00:00Z" }), "input.publishedAt").await;
    create_refused(&editor, json!({ "expiresAt": "1899-12-31T23:59:59Z" }), "input.expiresAt").await;
    create_refused(
        &editor,
        json!({ "publishedAt": "2026-05-01T00:00:00Z", "expiresAt": "2026-04-30T00:00:00Z" }),
        "input.expiresAt",
    )
    .await;
    // Expiring at the very moment of publication is refused too: it would never be seen.
    create_refused(
        &editor,
        json!({ "publishedAt": "2026-05-01T00:00:00Z", "expiresAt": "2026-05-01T00:00:00Z" }),
        "input.expiresAt",
    )
    .await;
    create_ok(&editor, json!({ "publishedAt": "1900-01-01T00:00:00Z" })).await;
    create_ok(&editor, json!({ "publishedAt": "2026-05-01T00:00:00Z", "expiresAt": "2026-05-02T00:00:00Z" })).await;
});

db_test!(async fn article_references(app) {
    let fx = fixtures::standard(&app.db).await;
    let editor = editor(app).await;
    let nowhere = uuid::Uuid::now_v7().to_string();
    create_refused(&editor, json!({ "sourceSlug": "no-such-source" }), "input.sourceSlug").await;
    create_refused(&editor, json!({ "sourceId": nowhere }), "input.sourceId").await;
    create_refused(&editor, json!({ "sourceId": "not-a-uuid" }), "input.sourceId").await;
    // A tag id is not a source id.
    create_refused(&editor, json!({ "sourceId": fx.tags["TOPIC:oil"].to_string() }), "input.sourceId").await;
    let both = article(json!({ "sourceSlug": "alpha", "sourceId": fx.sources["alpha"].to_string() }));
    refused(&editor, CREATE, json!({ "input": both }), "BAD_USER_INPUT", None).await;
    create_refused(&editor, json!({ "tagSlugs": ["economy", "no-such-tag"] }), "input.tagSlugs").await;
    // `world` is both a SECTION and a TOPIC slug: ambiguous by slug.
    create_refused(&editor, json!({ "tagSlugs": ["world"] }), "input.tagSlugs").await;
    create_refused(&editor, json!({ "tagIds": [fx.tags["TOPIC:oil"].to_string(), nowhere] }), "input.tagIds").await;
    create_refused(&editor, json!({ "tagIds": ["not-a-uuid"] }), "input.tagIds").await;

    let q = "mutation($input: CreateArticleInput!) { createArticle(input: $input) { source { slug } tags { slug kind } } }";
    let data = editor
        .query(q, json!({ "input": article(json!({ "sourceSlug": "alpha", "tagSlugs": ["economy", "oil", "oil"] })) }))
        .await;
    assert_eq!(data["createArticle"]["source"]["slug"], "alpha");
    let mut tags: Vec<&str> = data["createArticle"]["tags"].as_array().unwrap().iter().map(|t| t["slug"].as_str().unwrap()).collect();
    tags.sort();
    assert_eq!(tags, ["economy", "oil"]);
    let data = editor
        .query(
            q,
            json!({ "input": article(json!({ "sourceId": fx.sources["gamma"].to_string(), "tagIds": [fx.tags["TOPIC:world"].to_string()] })) }),
        )
        .await;
    assert_eq!(data["createArticle"]["source"]["slug"], "gamma");
    assert_eq!(data["createArticle"]["tags"], json!([{ "slug": "world", "kind": "TOPIC" }]));
});

db_test!(async fn derived_slugs(app) {
    let editor = editor(app).await;
    let slug = |v: Value| v["slug"].as_str().unwrap().to_string();
    let title = json!({ "title": "Ministers meet in Zürich" });
    assert_eq!(slug(create_ok(&editor, title.clone()).await), "ministers-meet-in-zurich");
    assert_eq!(slug(create_ok(&editor, title.clone()).await), "ministers-meet-in-zurich-2");
    assert_eq!(slug(create_ok(&editor, title.clone()).await), "ministers-meet-in-zurich-3");
    // An explicit slug that looks like a derived one is honoured, and derivation skips it.
    assert_eq!(slug(create_ok(&editor, json!({ "slug": "ministers-meet-in-zurich-4" })).await), "ministers-meet-in-zurich-4");
    assert_eq!(slug(create_ok(&editor, title.clone()).await), "ministers-meet-in-zurich-5");

    let cyrillic = slug(create_ok(&editor, json!({ "title": "Встреча в Москве" })).await);
    assert_eq!(cyrillic, "vstrecha-v-moskve");
    let persian = slug(create_ok(&editor, json!({ "title": "دیدار در تهران" })).await);
    assert!(is_slug(&persian), "{persian:?}");

    let first = slug(create_ok(&editor, json!({ "title": "!!! ???" })).await);
    let second = slug(create_ok(&editor, json!({ "title": "★ ★ ★" })).await);
    assert!(is_slug(&first) && is_slug(&second), "{first:?} {second:?}");
    assert_ne!(first, second);
});

db_test!(async fn long_derived_slugs_stay_unique(app) {
    let editor = editor(app).await;
    let slug = |v: Value| v["slug"].as_str().unwrap().to_string();
    // A 299-character title: its slug is cut to at most 200, at a hyphen.
    let long = slug(create_ok(&editor, json!({ "title": "word ".repeat(60) })).await);
    assert!(is_slug(&long) && long.len() <= 200 && long.starts_with("word-word"), "{long:?}");
    let long2 = slug(create_ok(&editor, json!({ "title": "word ".repeat(60) })).await);
    assert!(is_slug(&long2) && long2.len() <= 200 && long2.ends_with("-2"), "{long2:?}");
    // The suffixed slug of a long title is cut shorter than the base; the next one must
    // still find a free slug rather than collide with it.
    let long3 = slug(create_ok(&editor, json!({ "title": "word ".repeat(60) })).await);
    assert!(is_slug(&long3) && long3.len() <= 200 && long3.ends_with("-3"), "{long3:?}");
});

db_test!(async fn update_article_rules(app) {
    let fx = fixtures::standard(&app.db).await;
    let editor = editor(app).await;
    let id = fx.articles["a1"].to_string();
    let bad = |input: Value| json!({ "id": id, "input": input });
    let cases = [
        (json!({ "title": "" }), "input.title"),
        (json!({ "title": "   " }), "input.title"),
        (json!({ "title": "x".repeat(301) }), "input.title"),
        (json!({ "title": "Bell\u{7}" }), "input.title"),
        (json!({ "language": "english" }), "input.language"),
        (json!({ "language": "en_US" }), "input.language"),
        (json!({ "slug": "Bad Slug" }), "input.slug"),
        (json!({ "slug": "a--b" }), "input.slug"),
        (json!({ "canonicalUrl": "javascript:alert(1)" }), "input.canonicalUrl"),
        (json!({ "body": "a".repeat(1_000_001) }), "input.body"),
        (json!({ "byline": "Sara\u{7}" }), "input.byline"),
        (json!({ "publishedAt": "1899-12-31T00:00:00Z" }), "input.publishedAt"),
        // a1 was published at 11:00 on the test day.
        (json!({ "expiresAt": "2026-06-01T10:00:00Z" }), "input.expiresAt"),
        (json!({ "sourceSlug": "no-such-source" }), "input.sourceSlug"),
        (json!({ "sourceId": "not-a-uuid" }), "input.sourceId"),
        (json!({ "sourceId": uuid::Uuid::now_v7().to_string() }), "input.sourceId"),
        (json!({ "tagSlugs": ["no-such-tag"] }), "input.tagSlugs"),
        (json!({ "tagIds": [uuid::Uuid::now_v7().to_string()] }), "input.tagIds"),
        // A valid change with an invalid one: nothing at all is written.
        (json!({ "title": "A fine new title", "language": "english" }), "input.language"),
        (json!({ "summary": "New summary", "tagSlugs": ["oil", "nope"] }), "input.tagSlugs"),
    ];
    for (input, field) in cases {
        refused(&editor, UPDATE, bad(input), "BAD_USER_INPUT", Some(field)).await;
    }
    refused(&editor, UPDATE, bad(json!({ "slug": "a2" })), "CONFLICT", Some("input.slug")).await;
    // Both ways of naming the source at once.
    refused(&editor, UPDATE, bad(json!({ "sourceSlug": "beta", "sourceId": fx.sources["beta"].to_string() })), "BAD_USER_INPUT", None).await;

    let q = "query($id: ID!) { article(id: $id) { title language version slug source { slug } } }";
    let data = editor.query(q, json!({ "id": id })).await;
    assert_eq!(
        data["article"],
        json!({ "title": "Oil talks resume in Tehran", "language": "en", "version": 1, "slug": "a1", "source": { "slug": "alpha" } })
    );
    // The version did not move: the change the editor meant to make goes through at version 1.
    let data = editor
        .query(UPDATE, json!({ "id": id, "v": 1, "input": { "title": " Oil talks resume ", "language": "pt-BR", "slug": "a1" } }))
        .await;
    assert_eq!(data["updateArticle"]["title"], "Oil talks resume");
    assert_eq!(data["updateArticle"]["language"], "pt-BR");
    assert_eq!(data["updateArticle"]["version"], 2);
});

db_test!(async fn source_rules(app) {
    let fx = fixtures::standard(&app.db).await;
    let admin = admin(app).await;
    let input = |extra: Value| {
        let mut input = json!({ "name": "Islamic Republic News Agency", "slug": "irna" });
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        json!({ "input": input })
    };
    for bad in ["ir", "XX", "IRN", "I", "12"] {
        refused(&admin, CREATE_SOURCE, input(json!({ "country": bad })), "BAD_USER_INPUT", Some("input.country")).await;
    }
    for bad in ["example.org", "ftp://x.example", "javascript:alert(1)"] {
        refused(&admin, CREATE_SOURCE, input(json!({ "url": bad })), "BAD_USER_INPUT", Some("input.url")).await;
    }
    for bad in ["english", "en_US"] {
        refused(&admin, CREATE_SOURCE, input(json!({ "language": bad })), "BAD_USER_INPUT", Some("input.language")).await;
    }
    for bad in ["", "   ", "Bell\u{7}"] {
        refused(&admin, CREATE_SOURCE, input(json!({ "name": bad })), "BAD_USER_INPUT", Some("input.name")).await;
    }
    for bad in ["Bad Slug", "a--b", "-a"] {
        refused(&admin, CREATE_SOURCE, input(json!({ "slug": bad })), "BAD_USER_INPUT", Some("input.slug")).await;
    }
    refused(&admin, CREATE_SOURCE, input(json!({ "slug": "a".repeat(65) })), "BAD_USER_INPUT", Some("input.slug")).await;
    refused(&admin, CREATE_SOURCE, input(json!({ "slug": "alpha" })), "CONFLICT", Some("input.slug")).await;

    let data = admin
        .query(CREATE_SOURCE, input(json!({ "country": "IR", "url": "https://www.irna.ir/", "language": "fa" })))
        .await;
    assert_eq!(data["createSource"]["slug"], "irna");
    assert_eq!(data["createSource"]["country"], "IR");
    assert_eq!(data["createSource"]["url"], "https://www.irna.ir/");
    assert_eq!(data["createSource"]["language"], "fa");

    // updateSource: the same rules on the fields given.
    let id = fx.sources["beta"].to_string();
    let upd = |extra: Value| json!({ "id": id, "input": extra });
    refused(&admin, UPDATE_SOURCE, upd(json!({ "country": "ru" })), "BAD_USER_INPUT", Some("input.country")).await;
    refused(&admin, UPDATE_SOURCE, upd(json!({ "url": "example.org" })), "BAD_USER_INPUT", Some("input.url")).await;
    refused(&admin, UPDATE_SOURCE, upd(json!({ "language": "russian" })), "BAD_USER_INPUT", Some("input.language")).await;
    refused(&admin, UPDATE_SOURCE, upd(json!({ "name": "" })), "BAD_USER_INPUT", Some("input.name")).await;
    refused(&admin, UPDATE_SOURCE, upd(json!({ "slug": "Beta" })), "BAD_USER_INPUT", Some("input.slug")).await;
    refused(&admin, UPDATE_SOURCE, upd(json!({ "slug": "irna" })), "CONFLICT", Some("input.slug")).await;
    refused(&admin, UPDATE_SOURCE, upd(json!({ "country": "DE", "language": "german" })), "BAD_USER_INPUT", Some("input.language")).await;
    let data = admin.query("query($id: ID) { source(id: $id) { slug country language } }", json!({ "id": id })).await;
    assert_eq!(data["source"], json!({ "slug": "beta", "country": "RU", "language": "ru" }));
});
