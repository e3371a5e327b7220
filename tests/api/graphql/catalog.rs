//! Source and tag administration (admin key): create, update, delete (with `force`) and
//! merge, and the roles these mutations need.

use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde_json::{Value, json};

use gazette::entities::article_tag;

use crate::db_test;
use crate::helpers::{Client, TestApp, dump, fixtures};

const SOURCE_FIELDS: &str = "id slug name shortName url country language description";
const TAG_FIELDS: &str = "id slug name kind aliases";

/// A client whose key has been used once already, so that recording the key's first use does
/// not show up in before/after dumps.
async fn warm(client: Client<'_>) -> Client<'_> {
    client.query("{ __typename }", json!({})).await;
    client
}

async fn admin(app: &TestApp) -> Client<'_> {
    warm(app.admin().await).await
}

fn create_source() -> String {
    format!("mutation($input: CreateSourceInput!) {{ createSource(input: $input) {{ {SOURCE_FIELDS} }} }}")
}

fn update_source() -> String {
    format!(
        "mutation($id: ID!, $input: UpdateSourceInput!) {{ updateSource(id: $id, input: $input) {{ {SOURCE_FIELDS} }} }}"
    )
}

fn source_by_id() -> String {
    format!("query($id: ID) {{ source(id: $id) {{ {SOURCE_FIELDS} }} }}")
}

fn create_tag() -> String {
    format!("mutation($input: CreateTagInput!) {{ createTag(input: $input) {{ {TAG_FIELDS} }} }}")
}

fn update_tag() -> String {
    format!("mutation($id: ID!, $input: UpdateTagInput!) {{ updateTag(id: $id, input: $input) {{ {TAG_FIELDS} }} }}")
}

const DELETE_SOURCE: &str = "mutation($id: ID!, $force: Boolean!) { deleteSource(id: $id, force: $force) }";
const DELETE_TAG: &str = "mutation($id: ID!) { deleteTag(id: $id) }";
const MERGE: &str = "mutation($from: ID!, $into: ID!) { mergeTags(from: $from, into: $into) { id slug name kind aliases articleCount } }";
const TAG_BY_ID: &str = "query($id: ID) { tag(id: $id) { slug name aliases articleCount } }";
const ARTICLE_TAGS: &str = "query($id: ID!) { article(id: $id) { slug version tags { slug kind } source { slug } } }";

/// Sends a request that must fail with `code` (and `field`, when given) and write nothing.
async fn refused(client: &Client<'_>, query: &str, vars: Value, code: &str, field: Option<&str>) -> Value {
    let backend = client.app.backend;
    let before = dump(&client.app.db).await;
    let (got, error) = client.query_error(query, vars.clone()).await;
    assert_eq!(got, code, "{backend:?} {vars}: {error:#}");
    if let Some(field) = field {
        assert_eq!(
            error["extensions"]["field"].as_str(),
            Some(field),
            "{backend:?} {vars}: {error:#}"
        );
    }
    assert!(
        dump(&client.app.db).await == before,
        "{backend:?} {vars}: a refused write wrote something"
    );
    error
}

/// The tag slugs of an article (as `kind:slug`), sorted, duplicates kept.
async fn tags_of(client: &Client<'_>, id: impl ToString) -> Vec<String> {
    let data = client.query(ARTICLE_TAGS, json!({ "id": id.to_string() })).await;
    let mut tags: Vec<String> = data["article"]["tags"]
        .as_array()
        .unwrap_or_else(|| panic!("no article {data}"))
        .iter()
        .map(|t| format!("{}:{}", t["kind"].as_str().unwrap(), t["slug"].as_str().unwrap()))
        .collect();
    tags.sort();
    tags
}

db_test!(async fn create_and_update_sources(app) {
    let admin = admin(app).await;
    let data = admin
        .query(
            &create_source(),
            json!({ "input": { "name": "  Islamic Republic News Agency ", "shortName": "IRNA", "url": "https://www.irna.ir/",
                    "country": "IR", "language": "fa", "description": "State news agency." } }),
        )
        .await;
    let created = data["createSource"].clone();
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(
        created,
        json!({ "id": id, "slug": "islamic-republic-news-agency", "name": "Islamic Republic News Agency", "shortName": "IRNA",
                "url": "https://www.irna.ir/", "country": "IR", "language": "fa", "description": "State news agency." })
    );
    // It reads back the same, by id and by slug.
    assert_eq!(admin.query(&source_by_id(), json!({ "id": id })).await["source"], created);
    let by_slug = admin.query(r#"{ source(slug: "islamic-republic-news-agency") { id } }"#, json!({})).await;
    assert_eq!(by_slug["source"]["id"], id.as_str());
    // A given slug is used as is; optional fields may be left out.
    let data = admin.query(&create_source(), json!({ "input": { "name": "Meridian Wire", "slug": "mw" } })).await;
    assert_eq!(data["createSource"]["slug"], "mw");
    assert!(data["createSource"]["shortName"].is_null() && data["createSource"]["country"].is_null());

    // Only the fields given change.
    let data = admin.query(&update_source(), json!({ "id": id, "input": { "name": "IRNA News" } })).await;
    let mut expected = created.clone();
    expected["name"] = json!("IRNA News");
    assert_eq!(data["updateSource"], expected);
    // `null` clears an optional field, and only that one.
    let data = admin.query(&update_source(), json!({ "id": id, "input": { "shortName": null } })).await;
    expected["shortName"] = Value::Null;
    assert_eq!(data["updateSource"], expected);
    let data = admin
        .query(&update_source(), json!({ "id": id, "input": { "slug": "irna", "country": "GB", "description": null, "url": null } }))
        .await;
    expected["slug"] = json!("irna");
    expected["country"] = json!("GB");
    expected["description"] = Value::Null;
    expected["url"] = Value::Null;
    assert_eq!(data["updateSource"], expected);
    assert_eq!(admin.query(&source_by_id(), json!({ "id": id })).await["source"], expected);
    // An empty update changes nothing visible.
    let data = admin.query(&update_source(), json!({ "id": id, "input": {} })).await;
    assert_eq!(data["updateSource"], expected);

    let nowhere = uuid::Uuid::now_v7().to_string();
    refused(&admin, &update_source(), json!({ "id": nowhere, "input": { "name": "X" } }), "NOT_FOUND", None).await;
    refused(&admin, &update_source(), json!({ "id": "nope", "input": { "name": "X" } }), "BAD_USER_INPUT", Some("id")).await;
});

db_test!(async fn delete_sources(app) {
    let fx = fixtures::standard(&app.db).await;
    let admin = admin(app).await;
    let alpha = fx.sources["alpha"].to_string();
    // alpha has a1, a4, a7 and the scheduled s1.
    let error = refused(&admin, DELETE_SOURCE, json!({ "id": alpha, "force": false }), "CONFLICT", Some("force")).await;
    assert!(error["message"].as_str().unwrap().contains('4'), "{error}");
    // `force` defaults to false.
    refused(&admin, "mutation($id: ID!) { deleteSource(id: $id) }", json!({ "id": alpha }), "CONFLICT", Some("force")).await;

    let data = admin.query(DELETE_SOURCE, json!({ "id": alpha, "force": true })).await;
    assert_eq!(data["deleteSource"], alpha.as_str());
    assert!(admin.query(&source_by_id(), json!({ "id": alpha })).await["source"].is_null());
    assert!(admin.query(r#"{ source(slug: "alpha") { id } }"#, json!({})).await["source"].is_null());
    for slug in ["a1", "a4", "a7", "s1"] {
        let data = admin.query(ARTICLE_TAGS, json!({ "id": fx.articles[slug].to_string() })).await;
        assert_eq!(data["article"]["slug"], slug);
        assert!(data["article"]["source"].is_null(), "{slug}: {data}");
        assert!(!data["article"]["tags"].as_array().unwrap().is_empty(), "{slug} lost its tags");
    }
    // The public still sees a1, now without a source; other sources' articles are untouched.
    let data = app.query(r#"{ article(slug: "a1") { title source { slug } } }"#, json!({})).await;
    assert_eq!(data["article"], json!({ "title": "Oil talks resume in Tehran", "source": null }));
    let data = admin.query(ARTICLE_TAGS, json!({ "id": fx.articles["a2"].to_string() })).await;
    assert_eq!(data["article"]["source"]["slug"], "beta");
    assert_eq!(data["article"]["version"], 1);

    // A source without articles needs no force.
    let delta = fx.sources["delta"].to_string();
    assert_eq!(admin.query(DELETE_SOURCE, json!({ "id": delta, "force": false })).await["deleteSource"], delta.as_str());
    let data = app.query("{ sources { nodes { slug } } }", json!({})).await;
    let mut slugs: Vec<&str> = data["sources"]["nodes"].as_array().unwrap().iter().map(|s| s["slug"].as_str().unwrap()).collect();
    slugs.sort();
    assert_eq!(slugs, ["beta", "gamma"]);

    for gone in [alpha.clone(), uuid::Uuid::now_v7().to_string()] {
        refused(&admin, DELETE_SOURCE, json!({ "id": gone, "force": true }), "NOT_FOUND", None).await;
    }
    refused(&admin, DELETE_SOURCE, json!({ "id": "nope", "force": true }), "BAD_USER_INPUT", Some("id")).await;
});

db_test!(async fn create_update_and_delete_tags(app) {
    let fx = fixtures::standard(&app.db).await;
    let admin = admin(app).await;
    let data = admin
        .query(&create_tag(), json!({ "input": { "name": "Climate change", "kind": "TOPIC", "aliases": ["Global warming", "global warming"] } }))
        .await;
    let climate = data["createTag"].clone();
    let climate_id = climate["id"].as_str().unwrap().to_string();
    assert_eq!(
        climate,
        json!({ "id": climate_id, "slug": "climate-change", "name": "Climate change", "kind": "TOPIC", "aliases": ["Global warming"] })
    );
    // aliases default to none.
    let data = admin.query(&create_tag(), json!({ "input": { "name": "Gaza", "kind": "PLACE" } })).await;
    assert_eq!(data["createTag"]["aliases"], json!([]));
    assert_eq!(data["createTag"]["slug"], "gaza");

    // The same slug in the same kind is a conflict, whether given or derived.
    let q = create_tag();
    refused(&admin, &q, json!({ "input": { "name": "Climate", "slug": "climate-change", "kind": "TOPIC" } }), "CONFLICT", Some("input.slug")).await;
    refused(&admin, &q, json!({ "input": { "name": "Climate Change", "kind": "TOPIC" } }), "CONFLICT", Some("input.slug")).await;
    refused(&admin, &q, json!({ "input": { "name": "Oil", "kind": "TOPIC" } }), "CONFLICT", Some("input.slug")).await;
    // In another kind it is fine.
    let data = admin.query(&q, json!({ "input": { "name": "Climate", "slug": "climate-change", "kind": "SECTION" } })).await;
    assert_eq!((data["createTag"]["slug"].as_str(), data["createTag"]["kind"].as_str()), (Some("climate-change"), Some("SECTION")));
    let section_climate = data["createTag"]["id"].as_str().unwrap().to_string();
    let data = admin.query(r#"{ tag(slug: "climate-change", kind: SECTION) { id } }"#, json!({})).await;
    assert_eq!(data["tag"]["id"], section_climate.as_str());
    refused(&admin, &q, json!({ "input": { "name": "", "kind": "TOPIC" } }), "BAD_USER_INPUT", Some("input.name")).await;
    refused(&admin, &q, json!({ "input": { "name": "X", "slug": "Bad Slug", "kind": "TOPIC" } }), "BAD_USER_INPUT", Some("input.slug")).await;
    refused(&admin, &q, json!({ "input": { "name": "X", "kind": "TOPIC", "aliases": ["ok", ""] } }), "BAD_USER_INPUT", Some("input.aliases")).await;

    // updateTag changes only what is given.
    let u = update_tag();
    let data = admin.query(&u, json!({ "id": climate_id, "input": { "name": "Climate crisis" } })).await;
    let mut expected = climate.clone();
    expected["name"] = json!("Climate crisis");
    assert_eq!(data["updateTag"], expected);
    let data = admin.query(&u, json!({ "id": climate_id, "input": { "aliases": ["Climate emergency"], "slug": "climate" } })).await;
    expected["aliases"] = json!(["Climate emergency"]);
    expected["slug"] = json!("climate");
    assert_eq!(data["updateTag"], expected);
    assert_eq!(admin.query(TAG_BY_ID, json!({ "id": climate_id })).await["tag"]["name"], "Climate crisis");
    // A slug taken in the tag's kind, or in the kind it moves to, is a conflict.
    refused(&admin, &u, json!({ "id": climate_id, "input": { "slug": "oil" } }), "CONFLICT", Some("input.slug")).await;
    let topic_world = fx.tags["TOPIC:world"].to_string();
    refused(&admin, &u, json!({ "id": topic_world, "input": { "kind": "SECTION" } }), "CONFLICT", Some("input.slug")).await;
    refused(&admin, &u, json!({ "id": climate_id, "input": { "name": " " } }), "BAD_USER_INPUT", Some("input.name")).await;
    refused(&admin, &u, json!({ "id": uuid::Uuid::now_v7().to_string(), "input": { "name": "X" } }), "NOT_FOUND", None).await;
    // Moving to a kind where the slug is free is fine.
    let data = admin.query(&u, json!({ "id": topic_world, "input": { "kind": "PLACE" } })).await;
    assert_eq!(data["updateTag"]["kind"], "PLACE");

    // deleteTag removes the tag from its articles, and nothing else.
    let moscow = fx.tags["PLACE:moscow"].to_string();
    assert_eq!(tags_of(&admin, fx.articles["a2"]).await, ["PLACE:moscow", "SECTION:economy", "TOPIC:oil"]);
    assert_eq!(admin.query(DELETE_TAG, json!({ "id": moscow })).await["deleteTag"], moscow.as_str());
    assert!(admin.query(TAG_BY_ID, json!({ "id": moscow })).await["tag"].is_null());
    assert_eq!(tags_of(&admin, fx.articles["a2"]).await, ["SECTION:economy", "TOPIC:oil"]);
    assert_eq!(tags_of(&admin, fx.articles["a4"]).await, ["SECTION:world"]);
    assert_eq!(tags_of(&admin, fx.articles["d1"]).await, Vec::<String>::new());
    let data = app.query(r#"{ articles(filter: { tags: { some: { slug: { eq: "moscow" } } } }) { totalCount } }"#, json!({})).await;
    assert_eq!(data["articles"]["totalCount"], 0, "{data}");
    refused(&admin, DELETE_TAG, json!({ "id": moscow }), "NOT_FOUND", None).await;
    refused(&admin, DELETE_TAG, json!({ "id": "nope" }), "BAD_USER_INPUT", Some("id")).await;
});

db_test!(async fn merge_tags(app) {
    let fx = fixtures::standard(&app.db).await;
    let admin = admin(app).await;
    let tehran = fx.tags["PLACE:tehran"].to_string();
    // A duplicate of Tehran, on a1 (which also has Tehran), a3 and the draft d1.
    let data = admin
        .query(&create_tag(), json!({ "input": { "name": "Tehran City", "kind": "PLACE", "aliases": ["Tihran", "teheran", "TEHRAN"] } }))
        .await;
    let dup = data["createTag"]["id"].as_str().unwrap().to_string();
    for article in ["a1", "a3", "d1"] {
        article_tag::ActiveModel {
            article_id: Set(fx.articles[article]),
            tag_id: Set(dup.parse().unwrap()),
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    assert_eq!(admin.query(TAG_BY_ID, json!({ "id": tehran })).await["tag"]["articleCount"], 3); // a1 a7 s1
    assert_eq!(admin.query(TAG_BY_ID, json!({ "id": dup })).await["tag"]["articleCount"], 3);
    assert_eq!(tags_of(&admin, fx.articles["a1"]).await, ["ORGANIZATION:opec", "PLACE:tehran", "PLACE:tehran-city", "SECTION:world", "TOPIC:oil"]);

    // Refusals first: they write nothing.
    refused(&admin, MERGE, json!({ "from": tehran, "into": tehran }), "BAD_USER_INPUT", None).await;
    let nowhere = uuid::Uuid::now_v7().to_string();
    refused(&admin, MERGE, json!({ "from": nowhere, "into": tehran }), "NOT_FOUND", None).await;
    refused(&admin, MERGE, json!({ "from": dup, "into": nowhere }), "NOT_FOUND", None).await;
    refused(&admin, MERGE, json!({ "from": "nope", "into": tehran }), "BAD_USER_INPUT", Some("from")).await;
    refused(&admin, MERGE, json!({ "from": dup, "into": "nope" }), "BAD_USER_INPUT", Some("into")).await;

    let data = admin.query(MERGE, json!({ "from": dup, "into": tehran })).await;
    let merged = &data["mergeTags"];
    assert_eq!(merged["id"], tehran.as_str());
    assert_eq!((merged["slug"].as_str(), merged["name"].as_str(), merged["kind"].as_str()), (Some("tehran"), Some("Tehran"), Some("PLACE")));
    // Tehran's own alias first, then the merged tag's name and aliases, without repeats
    // (`teheran` is `Teheran`) and without Tehran's own name.
    assert_eq!(merged["aliases"], json!(["Teheran", "Tehran City", "Tihran"]));
    assert_eq!(merged["articleCount"], 5); // a1 a3 a7 s1 d1

    // `from` is gone.
    assert!(admin.query(TAG_BY_ID, json!({ "id": dup })).await["tag"].is_null());
    assert!(admin.query(r#"{ tag(slug: "tehran-city") { id } }"#, json!({})).await["tag"].is_null());
    // Its articles now have `into`, exactly once.
    assert_eq!(tags_of(&admin, fx.articles["a1"]).await, ["ORGANIZATION:opec", "PLACE:tehran", "SECTION:world", "TOPIC:oil"]);
    assert_eq!(tags_of(&admin, fx.articles["a3"]).await, ["ORGANIZATION:opec", "PLACE:tehran", "SECTION:economy"]);
    assert_eq!(tags_of(&admin, fx.articles["d1"]).await, ["PLACE:moscow", "PLACE:tehran"]);
    assert_eq!(tags_of(&admin, fx.articles["a7"]).await, ["PERSON:ada-example", "PLACE:tehran", "SECTION:world", "TOPIC:world"]);
    let data = admin.query(TAG_BY_ID, json!({ "id": tehran })).await;
    assert_eq!(data["tag"], json!({ "slug": "tehran", "name": "Tehran", "aliases": ["Teheran", "Tehran City", "Tihran"], "articleCount": 5 }));
    // The public count sees a1, a3 and a7.
    let data = app.query(r#"{ tag(slug: "tehran") { articleCount articles(first: 10) { totalCount nodes { slug } } } }"#, json!({})).await;
    assert_eq!(data["tag"]["articleCount"], 3);
    assert_eq!(data["tag"]["articles"]["totalCount"], 3);
    assert_eq!(crate::helpers::pluck(&data["tag"]["articles"], "slug"), ["a1", "a3", "a7"]);

    // Merging a tag with no articles into one works too, and is then gone.
    let data = admin.query(&create_tag(), json!({ "input": { "name": "Persia", "kind": "PLACE" } })).await;
    let persia = data["createTag"]["id"].as_str().unwrap().to_string();
    let data = admin.query(MERGE, json!({ "from": persia, "into": tehran })).await;
    assert_eq!(data["mergeTags"]["aliases"], json!(["Teheran", "Tehran City", "Tihran", "Persia"]));
    assert_eq!(data["mergeTags"]["articleCount"], 5);
    refused(&admin, MERGE, json!({ "from": persia, "into": tehran }), "NOT_FOUND", None).await;
});

db_test!(async fn catalog_writes_need_the_admin_role(app) {
    let fx = fixtures::standard(&app.db).await;
    let editor = warm(app.editor().await).await;
    let alpha = fx.sources["alpha"].to_string();
    let oil = fx.tags["TOPIC:oil"].to_string();
    let opec = fx.tags["ORGANIZATION:opec"].to_string();
    let cases = [
        (create_source(), json!({ "input": { "name": "New Source" } })),
        (update_source(), json!({ "id": alpha, "input": { "name": "Renamed" } })),
        (DELETE_SOURCE.to_string(), json!({ "id": alpha, "force": true })),
        (create_tag(), json!({ "input": { "name": "New Tag", "kind": "TOPIC" } })),
        (update_tag(), json!({ "id": oil, "input": { "name": "Petroleum" } })),
        (DELETE_TAG.to_string(), json!({ "id": oil })),
        (MERGE.to_string(), json!({ "from": oil, "into": opec })),
    ];
    for (q, vars) in &cases {
        refused(&editor, q, vars.clone(), "FORBIDDEN", None).await;
    }
    // Without a key at all: unauthenticated.
    let anonymous = app.client();
    for (q, vars) in &cases {
        refused(&anonymous, q, vars.clone(), "UNAUTHENTICATED", None).await;
    }
    // A reader key is refused like an editor's.
    let reader = warm(app.with_key(&app.key("reader-1", gazette::content::Role::Reader).await)).await;
    for (q, vars) in &cases {
        refused(&reader, q, vars.clone(), "FORBIDDEN", None).await;
    }
});

db_test!(async fn forced_source_delete_is_recorded_on_its_articles(app) {
    let fx = fixtures::standard(&app.db).await;
    let admin = app.admin().await;
    let alpha = fx.sources["alpha"].to_string();
    admin.query(DELETE_SOURCE, json!({ "id": alpha, "force": true })).await;
    // Detaching is a change of the article: its version moves on, it names who did it, and,
    // like every change (README, "Writing content"), the previous state is kept as a revision.
    let q = "query($id: ID!) { article(id: $id) { version updatedBy source { slug }
        revisions { nodes { version title } } } }";
    let data = admin.query(q, json!({ "id": fx.articles["a1"].to_string() })).await;
    let a = &data["article"];
    assert_eq!(a["version"], 2, "{a}");
    assert!(a["updatedBy"].as_str().is_some_and(|n| n.starts_with("admin-")), "{a}");
    assert!(a["source"].is_null());
    assert_eq!(a["revisions"]["nodes"], json!([{ "version": 1, "title": "Oil talks resume in Tehran" }]), "{a}");
});
