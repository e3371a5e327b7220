//! The REST writes as a CMS drives them: articles (create, patch with `If-Match`, the
//! lifecycle, corrections, delete), sources and tags (admin), bad bodies and missing
//! rights, all answered in Gazette's error format, and every write in the OpenAPI document.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::Duration;
use serde_json::{Value, json};

use gazette::config::ApiConfig;
use gazette::content::Role;

use crate::db_test;
use crate::helpers::{Client, TestApp, fixtures, now};

/// A write that must answer `status`; returns the body.
async fn expect(client: &Client<'_>, method: Method, path: &str, body: Option<Value>, status: StatusCode) -> Value {
    let (got, _, json) = client.rest(method.clone(), path, body).await;
    assert_eq!(got, status, "{:?} {method} {path}: {json:#}", client.app.backend);
    json
}

/// `body` sent as is with `content_type`, under an editor key.
async fn raw(app: &TestApp, key: &str, path: &str, content_type: &str, body: &'static str) -> (StatusCode, Value) {
    let request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {key}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    let (status, _, bytes) = app.send(request).await;
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

/// Creates a draft through `POST /api/v1/articles`; returns its `data`.
async fn create(editor: &Client<'_>, body: Value) -> Value {
    expect(
        editor,
        Method::POST,
        "/api/v1/articles",
        Some(body),
        StatusCode::CREATED,
    )
    .await["data"]
        .clone()
}

fn article_path(article: &Value) -> String {
    format!("/api/v1/articles/{}", article["id"].as_str().unwrap())
}

db_test!(
    async fn create_answers_201_with_a_location_that_reads_back(app) {
        let editor = app.editor().await;
        let (status, headers, json) = editor.rest_with(Method::POST,
            "/api/v1/articles",
            &[],
            Some(json!({ "title": "Harbour reopens", "language": "en", "body": "First *draft*.", "byline": "A. Writer" })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{json:#}");
        let created = &json["data"];
        assert_eq!(created["slug"], "harbour-reopens");
        assert_eq!(created["status"], "DRAFT");
        assert_eq!(created["version"], 1);
        assert_eq!(created["body"], "<p>First <em>draft</em>.</p>\n", "the body comes back as HTML");
        let location = headers[header::LOCATION].to_str().unwrap();
        assert_eq!(location, article_path(created));

        let read = editor.get_ok(location).await;
        assert_eq!(read["data"]["id"], created["id"]);
        assert_eq!(read["data"]["title"], "Harbour reopens");
        assert_eq!(read["data"]["byline"], "A. Writer");
        // A draft is the editors' until it is published.
        app.client().get_error(location, StatusCode::NOT_FOUND).await;
    }
);

db_test!(
    async fn patch_changes_only_the_fields_given_and_null_clears(app) {
        let editor = app.editor().await;
        let article = create(
            &editor,
            json!({ "title": "Budget talks", "language": "en", "summary": "Talks go on.", "byline": "Desk" }),
        )
        .await;
        let path = article_path(&article);

        let patched = expect(&editor, Method::PATCH, &path, Some(json!({ "title": "Budget agreed" })), StatusCode::OK).await;
        assert_eq!(patched["data"]["title"], "Budget agreed");
        assert_eq!(patched["data"]["summary"], "Talks go on.", "a missing field stays");
        assert_eq!(patched["data"]["slug"], "budget-talks", "the slug is not re-derived");
        assert_eq!(patched["data"]["version"], 2);

        let cleared = expect(&editor, Method::PATCH, &path, Some(json!({ "summary": null })), StatusCode::OK).await;
        assert!(cleared["data"]["summary"].is_null(), "null clears: {cleared:#}");
        assert_eq!(cleared["data"]["byline"], "Desk");
        assert_eq!(editor.get_ok(&path).await["data"]["summary"], Value::Null);

        // By slug too, and the content layer's field names are the body's.
        let error = expect(
            &editor,
            Method::PATCH,
            "/api/v1/articles/budget-talks",
            Some(json!({ "slug": "Not A Slug" })),
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert_eq!(error["error"]["code"], "BAD_USER_INPUT");
        assert_eq!(error["error"]["field"], "slug");
    }
);

db_test!(
    async fn if_match_guards_against_lost_updates(app) {
        let editor = app.editor().await;
        let article = create(&editor, json!({ "title": "Original title", "language": "en" })).await;
        let path = article_path(&article);

        // Every spelling of the current version passes, and each write moves it on.
        for (version, if_match) in [(1, "1"), (2, "\"2\""), (3, "W/\"3\""), (4, "\"4-abc\""), (5, "*")] {
            let body = json!({ "title": format!("Title {version}") });
            let (status, _, json) = editor.rest_with(Method::PATCH, &path, &[("If-Match", if_match)], Some(body)).await;
            assert_eq!(status, StatusCode::OK, "If-Match {if_match}: {json:#}");
            assert_eq!(json["data"]["version"], version + 1);
        }

        // A stale version: 412 CONFLICT, and nothing is written.
        let stale = json!({ "title": "Lost update" });
        let (status, _, json) = editor.rest_with(Method::PATCH, &path, &[("If-Match", "\"3\"")], Some(stale)).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{json:#}");
        assert_eq!(json["error"]["code"], "CONFLICT");
        assert_eq!(json["error"]["field"], "If-Match");
        assert!(json["error"]["message"].as_str().unwrap().contains("version 6, not 3"), "{json:#}");
        assert!(json["error"]["requestId"].is_string());
        let read = editor.get_ok(&path).await;
        assert_eq!(read["data"]["title"], "Title 5");
        assert_eq!(read["data"]["version"], 6);

        // Every article write takes it.
        let (status, _, _) = editor.rest_with(Method::POST, &format!("{path}/publish"), &[("If-Match", "5")], None).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED);
        let (status, _, _) = editor.rest_with(Method::DELETE, &path, &[("If-Match", "5")], None).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED);
        editor.get_ok(&path).await;

        // The ETag of a GET carries the version: sent back as If-Match it guards the update,
        // and after the update it is stale.
        let (_, headers, _) = editor.http(Method::GET, &path, &[], None).await;
        let etag = headers["etag"].to_str().unwrap().to_string();
        assert!(etag.starts_with("\"6-"), "{etag}");
        let (status, _, _) = editor.rest_with(Method::PATCH, &path, &[("If-Match", &etag)], Some(json!({ "title": "From the ETag" }))).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _, _) = editor.rest_with(Method::PATCH, &path, &[("If-Match", &etag)], Some(json!({ "title": "Again" }))).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED);

        // Not a version: 400 naming the header.
        for garbage in ["abc", "\"x-3\"", "3.0", "\"3\", \"4\""] {
            let (status, _, json) = editor.rest_with(Method::PATCH, &path, &[("If-Match", garbage)], Some(json!({}))).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{garbage}: {json:#}");
            assert_eq!(json["error"]["code"], "BAD_USER_INPUT");
            assert_eq!(json["error"]["field"], "If-Match");
        }
    }
);

db_test!(
    async fn publish_unpublish_archive_as_the_public_sees_them(app) {
        let editor = app.editor().await;
        let article = create(&editor, json!({ "title": "Ceasefire holds", "language": "en" })).await;
        let path = article_path(&article);
        let public = "/api/v1/articles/ceasefire-holds";
        app.client().get_error(public, StatusCode::NOT_FOUND).await;

        let published = expect(&editor, Method::POST, &format!("{path}/publish"), None, StatusCode::OK).await;
        assert_eq!(published["data"]["status"], "PUBLISHED");
        assert_eq!(published["data"]["version"], 2);
        let seen = app.client().get_ok(public).await;
        assert_eq!(seen["data"]["status"], "PUBLISHED");

        expect(&editor, Method::POST, &format!("{path}/unpublish"), None, StatusCode::OK).await;
        app.client().get_error(public, StatusCode::NOT_FOUND).await;

        // A time in the future schedules.
        let at = now() + Duration::hours(2);
        let scheduled = expect(
            &editor,
            Method::POST,
            "/api/v1/articles/ceasefire-holds/publish",
            Some(json!({ "at": at.to_rfc3339() })),
            StatusCode::OK,
        )
        .await;
        assert_eq!(scheduled["data"]["status"], "SCHEDULED");
        app.client().get_error(public, StatusCode::NOT_FOUND).await;
        assert_eq!(app.client().at(at).get_ok(public).await["data"]["status"], "PUBLISHED");
        let error = expect(
            &editor,
            Method::POST,
            &format!("{path}/publish"),
            Some(json!({ "at": "tomorrow" })),
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert_eq!(error["error"]["field"], "at");

        let archived = expect(&editor, Method::POST, &format!("{path}/archive"), None, StatusCode::OK).await;
        assert_eq!(archived["data"]["status"], "ARCHIVED");
        app.client().at(at).get_error(public, StatusCode::NOT_FOUND).await;
    }
);

db_test!(
    async fn withdrawn_articles_show_the_reason_without_their_text(app) {
        let editor = app.editor().await;
        let article = create(
            &editor,
            json!({ "title": "Minister resigns", "language": "en", "body": "The minister resigned today." }),
        )
        .await;
        let path = article_path(&article);
        expect(&editor, Method::POST, &format!("{path}/publish"), None, StatusCode::OK).await;

        let error = expect(&editor, Method::POST, &format!("{path}/withdraw"), Some(json!({})), StatusCode::BAD_REQUEST).await;
        assert_eq!(error["error"]["field"], "reason");
        let withdrawn = expect(
            &editor,
            Method::POST,
            &format!("{path}/withdraw"),
            Some(json!({ "reason": "The report was wrong." })),
            StatusCode::OK,
        )
        .await;
        assert_eq!(withdrawn["data"]["status"], "WITHDRAWN");

        let seen = app.client().get_ok("/api/v1/articles/minister-resigns").await["data"].clone();
        assert_eq!(seen["status"], "WITHDRAWN");
        assert_eq!(seen["withdrawnReason"], "The report was wrong.");
        assert!(!seen.to_string().contains("resigned today"), "no text for the public: {seen:#}");
    }
);

db_test!(
    async fn corrections_are_appended_and_delete_removes(app) {
        let editor = app.editor().await;
        let article = create(&editor, json!({ "title": "Election count", "language": "en" })).await;
        let path = article_path(&article);

        let corrected = expect(
            &editor,
            Method::POST,
            &format!("{path}/corrections"),
            Some(json!({ "text": "An earlier version misstated the turnout." })),
            StatusCode::OK,
        )
        .await;
        assert_eq!(corrected["data"]["version"], 2);
        assert_eq!(corrected["data"]["corrections"][0]["text"], "An earlier version misstated the turnout.");
        let error = expect(&editor, Method::POST, &format!("{path}/corrections"), Some(json!({ "text": " " })), StatusCode::BAD_REQUEST).await;
        assert_eq!(error["error"]["field"], "text");

        let (status, _, body) = editor.rest_with(Method::DELETE, &path, &[], None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert!(body.is_null());
        editor.get_error(&path, StatusCode::NOT_FOUND).await;
        let error = expect(&editor, Method::DELETE, &path, None, StatusCode::NOT_FOUND).await;
        assert_eq!(error["error"]["code"], "NOT_FOUND");
        expect(&editor, Method::POST, "/api/v1/articles/no-such-article/archive", None, StatusCode::NOT_FOUND).await;
    }
);

db_test!(
    async fn bad_bodies_are_400_naming_the_field(app) {
        let editor = app.editor().await;
        let bad = |body: Value| expect(&editor, Method::POST, "/api/v1/articles", Some(body), StatusCode::BAD_REQUEST);

        let unknown = bad(json!({ "title": "T", "language": "en", "colour": "red" })).await;
        assert_eq!(unknown["error"]["code"], "BAD_USER_INPUT");
        assert_eq!(unknown["error"]["field"], "colour");
        assert!(unknown["error"]["message"].as_str().unwrap().contains("colour"));
        assert!(unknown["error"]["requestId"].is_string());

        let missing = bad(json!({ "language": "en" })).await;
        assert_eq!(missing["error"]["field"], "title");
        assert!(missing["error"]["message"].as_str().unwrap().contains("missing field `title`"));

        let wrong_type = bad(json!({ "title": "T", "language": "en", "tagSlugs": "syria" })).await;
        assert_eq!(wrong_type["error"]["field"], "tagSlugs");
        let wrong_enum = bad(json!({ "title": "T", "language": "en", "bodyFormat": "markdown" })).await;
        assert_eq!(wrong_enum["error"]["field"], "bodyFormat");
        // The content layer's rules, with the body's field names.
        let empty = bad(json!({ "title": "  ", "language": "en" })).await;
        assert_eq!(empty["error"]["field"], "title");
        let unknown_tag = bad(json!({ "title": "T", "language": "en", "tagSlugs": ["nowhere"] })).await;
        assert_eq!(unknown_tag["error"]["field"], "tagSlugs");

        let key = app.key("raw-editor", Role::Editor).await;
        let (status, json) = raw(app, &key, "/api/v1/articles", "application/json", "{\"title\": \"T\",").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{json:#}");
        assert_eq!(json["error"]["code"], "BAD_USER_INPUT");
        let (status, json) = raw(app, &key, "/api/v1/articles", "application/json", "[1, 2]").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{json:#}");
        let (status, json) = raw(app, &key, "/api/v1/articles", "application/json", "").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{json:#}");
        let (status, json) = raw(app, &key, "/api/v1/articles", "text/plain", "{\"title\": \"T\", \"language\": \"en\"}").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{json:#}");
        assert_eq!(json["error"]["field"], "Content-Type");
        let (status, json) = raw(
            app,
            &key,
            "/api/v1/articles",
            "application/json; charset=utf-8",
            "{\"title\": \"Sent with a charset\", \"language\": \"en\"}",
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{json:#}");

        // Unknown query parameters are refused, as on reads.
        let error = expect(&editor, Method::POST, "/api/v1/articles?draft=1", Some(json!({ "title": "T", "language": "en" })), StatusCode::BAD_REQUEST).await;
        assert_eq!(error["error"]["field"], "draft");

        // Over the limit: 413.
        let small = editor.clone().config(ApiConfig {
            max_body_bytes: 1024,
            ..ApiConfig::default()
        });
        let big = json!({ "title": "Big", "language": "en", "body": "x".repeat(2000) });
        let error = expect(&small, Method::POST, "/api/v1/articles", Some(big), StatusCode::PAYLOAD_TOO_LARGE).await;
        assert_eq!(error["error"]["code"], "BAD_USER_INPUT");
    }
);

db_test!(
    async fn article_writes_need_an_editor_key(app) {
        let fixture = fixtures::standard(&app.db).await;
        let a1 = format!("/api/v1/articles/{}", fixture.articles["a1"]);
        let body = json!({ "title": "T", "language": "en" });

        let anonymous = app.client();
        let reader = app.with_key(&app.key("reader", Role::Reader).await);
        for (method, path, body) in [
            (Method::POST, "/api/v1/articles".to_string(), Some(body.clone())),
            (Method::PATCH, a1.clone(), Some(json!({ "title": "X" }))),
            (Method::POST, format!("{a1}/archive"), None),
            (Method::DELETE, a1.clone(), None),
        ] {
            let error = expect(&anonymous, method.clone(), &path, body.clone(), StatusCode::UNAUTHORIZED).await;
            assert_eq!(error["error"]["code"], "UNAUTHENTICATED");
            let error = expect(&reader, method.clone(), &path, body.clone(), StatusCode::FORBIDDEN).await;
            assert_eq!(error["error"]["code"], "FORBIDDEN");
        }
        // Rights are checked before the body is looked at.
        expect(&anonymous, Method::POST, "/api/v1/articles", Some(json!({ "colour": 1 })), StatusCode::UNAUTHORIZED).await;
        let bad_key = app.client().authorization("Bearer not-a-key");
        expect(&bad_key, Method::POST, "/api/v1/articles", Some(body), StatusCode::UNAUTHORIZED).await;

        // Nothing was written.
        assert_eq!(app.client().get_ok(&a1).await["data"]["version"], 1);
    }
);

db_test!(
    async fn sources_are_created_patched_and_deleted_by_slug(app) {
        let fixture = fixtures::standard(&app.db).await;
        let admin = app.admin().await;
        let (status, headers, json) = admin.rest_with(Method::POST,
            "/api/v1/sources",
            &[],
            Some(json!({ "name": "Harbour Wire", "shortName": "HW", "country": "GB" })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{json:#}");
        assert_eq!(json["data"]["slug"], "harbour-wire");
        assert_eq!(json["data"]["country"], "GB");
        let location = headers[header::LOCATION].to_str().unwrap();
        assert_eq!(location, "/api/v1/sources/harbour-wire");
        assert_eq!(app.client().get_ok(location).await["data"]["name"], "Harbour Wire");
        let taken = expect(&admin, Method::POST, "/api/v1/sources", Some(json!({ "name": "Harbour Wire" })), StatusCode::CONFLICT).await;
        assert_eq!(taken["error"]["code"], "CONFLICT");
        assert_eq!(taken["error"]["field"], "slug");

        let patched = expect(
            &admin,
            Method::PATCH,
            location,
            Some(json!({ "slug": "hw", "shortName": null })),
            StatusCode::OK,
        )
        .await;
        assert_eq!(patched["data"]["slug"], "hw");
        assert!(patched["data"]["shortName"].is_null());
        assert_eq!(patched["data"]["country"], "GB", "a missing field stays");
        app.client().get_error(location, StatusCode::NOT_FOUND).await;
        let error = expect(&admin, Method::PATCH, "/api/v1/sources/hw", Some(json!({ "country": "Narnia" })), StatusCode::BAD_REQUEST).await;
        assert_eq!(error["error"]["field"], "country");
        expect(&admin, Method::PATCH, "/api/v1/sources/nowhere", Some(json!({})), StatusCode::NOT_FOUND).await;
        expect(&admin, Method::DELETE, "/api/v1/sources/hw", None, StatusCode::NO_CONTENT).await;
        app.client().get_error("/api/v1/sources/hw", StatusCode::NOT_FOUND).await;

        // A source with articles goes only with force, which detaches them.
        let conflict = expect(&admin, Method::DELETE, "/api/v1/sources/alpha", None, StatusCode::CONFLICT).await;
        assert_eq!(conflict["error"]["code"], "CONFLICT");
        assert_eq!(conflict["error"]["field"], "force");
        assert!(conflict["error"]["message"].as_str().unwrap().contains("?force=true"), "{conflict:#}");
        expect(&admin, Method::DELETE, "/api/v1/sources/alpha?force=false", None, StatusCode::CONFLICT).await;
        let error = expect(&admin, Method::DELETE, "/api/v1/sources/alpha?force=yes", None, StatusCode::BAD_REQUEST).await;
        assert_eq!(error["error"]["field"], "force");
        app.client().get_ok("/api/v1/sources/alpha").await;
        expect(&admin, Method::DELETE, "/api/v1/sources/alpha?force=true", None, StatusCode::NO_CONTENT).await;
        app.client().get_error("/api/v1/sources/alpha", StatusCode::NOT_FOUND).await;
        let a1 = app.client().get_ok(&format!("/api/v1/articles/{}", fixture.articles["a1"])).await;
        assert!(a1["data"]["source"].is_null(), "{a1:#}");
    }
);

db_test!(
    async fn tags_are_written_by_id_and_merging_moves_their_articles(app) {
        let fixture = fixtures::standard(&app.db).await;
        let admin = app.admin().await;
        let (status, headers, json) = admin.rest_with(Method::POST,
            "/api/v1/tags",
            &[],
            Some(json!({ "name": "Petroleum", "kind": "TOPIC", "aliases": ["Crude"] })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{json:#}");
        let petroleum = json["data"]["id"].as_str().unwrap().to_string();
        let location = headers[header::LOCATION].to_str().unwrap();
        assert_eq!(location, "/api/v1/tags/petroleum?kind=topic");
        assert_eq!(app.client().get_ok(location).await["data"]["id"], petroleum.as_str());
        let error = expect(&admin, Method::POST, "/api/v1/tags", Some(json!({ "name": "Gas", "kind": "GASEOUS" })), StatusCode::BAD_REQUEST).await;
        assert_eq!(error["error"]["field"], "kind");
        let taken = expect(&admin, Method::POST, "/api/v1/tags", Some(json!({ "name": "Oil", "kind": "TOPIC" })), StatusCode::CONFLICT).await;
        assert_eq!(taken["error"]["field"], "slug");

        let patched = expect(
            &admin,
            Method::PATCH,
            &format!("/api/v1/tags/{petroleum}"),
            Some(json!({ "name": "Petroleum products" })),
            StatusCode::OK,
        )
        .await;
        assert_eq!(patched["data"]["name"], "Petroleum products");
        assert_eq!(patched["data"]["aliases"], json!(["Crude"]));
        // A slug that kinds share needs `kind`.
        let error = expect(&admin, Method::PATCH, "/api/v1/tags/world", Some(json!({})), StatusCode::BAD_REQUEST).await;
        assert_eq!(error["error"]["field"], "kind");
        let world = expect(&admin, Method::PATCH, "/api/v1/tags/world?kind=topic", Some(json!({})), StatusCode::OK).await;
        assert_eq!(world["data"]["id"], fixture.tags["TOPIC:world"].to_string());
        expect(&admin, Method::PATCH, &format!("/api/v1/tags/{}", uuid::Uuid::now_v7()), Some(json!({})), StatusCode::NOT_FOUND).await;

        // a3 gets the new tag, which is then merged into `oil`.
        let editor = app.editor().await;
        let a3 = format!("/api/v1/articles/{}", fixture.articles["a3"]);
        expect(&editor, Method::PATCH, &a3, Some(json!({ "tagIds": [petroleum] })), StatusCode::OK).await;
        let oil = fixture.tags["TOPIC:oil"].to_string();
        let into_itself = expect(&admin, Method::POST, &format!("/api/v1/tags/{oil}/merge"), Some(json!({ "into": oil })), StatusCode::BAD_REQUEST).await;
        assert_eq!(into_itself["error"]["field"], "into");
        let garbled = expect(&admin, Method::POST, &format!("/api/v1/tags/{petroleum}/merge"), Some(json!({ "into": "oil" })), StatusCode::BAD_REQUEST).await;
        assert_eq!(garbled["error"]["field"], "into");
        let merged = expect(
            &admin,
            Method::POST,
            &format!("/api/v1/tags/{petroleum}/merge"),
            Some(json!({ "into": oil })),
            StatusCode::OK,
        )
        .await;
        assert_eq!(merged["data"]["id"], oil.as_str());
        assert_eq!(merged["data"]["aliases"], json!(["Petroleum products", "Crude"]));
        let listed = app.client().get_ok("/api/v1/tags/oil/articles?kind=topic").await;
        let mut slugs: Vec<&str> = listed["data"].as_array().unwrap().iter().map(|a| a["slug"].as_str().unwrap()).collect();
        slugs.sort_unstable();
        assert_eq!(slugs, ["a1", "a2", "a3"]);
        app.client().get_error("/api/v1/tags/petroleum", StatusCode::NOT_FOUND).await;

        expect(&admin, Method::DELETE, "/api/v1/tags/oil?kind=topic", None, StatusCode::NO_CONTENT).await;
        app.client().get_error("/api/v1/tags/oil", StatusCode::NOT_FOUND).await;
        let a1 = app.client().get_ok(&format!("/api/v1/articles/{}", fixture.articles["a1"])).await;
        assert!(!a1["data"]["tags"].as_array().unwrap().iter().any(|t| t["slug"] == "oil"), "{a1:#}");
        expect(&admin, Method::DELETE, &format!("/api/v1/tags/{oil}"), None, StatusCode::NOT_FOUND).await;
    }
);

db_test!(
    async fn catalog_writes_need_an_admin_key(app) {
        let fixture = fixtures::standard(&app.db).await;
        let source = "/api/v1/sources/alpha";
        let oil = format!("/api/v1/tags/{}", fixture.tags["TOPIC:oil"]);
        let anonymous = app.client();
        let editor = app.editor().await;
        for (method, path, body) in [
            (Method::POST, "/api/v1/sources".to_string(), Some(json!({ "name": "Wire" }))),
            (Method::PATCH, source.to_string(), Some(json!({ "name": "Wire" }))),
            (Method::DELETE, source.to_string(), None),
            (Method::POST, "/api/v1/tags".to_string(), Some(json!({ "name": "Gas", "kind": "TOPIC" }))),
            (Method::PATCH, oil.clone(), Some(json!({ "name": "Gas" }))),
            (Method::DELETE, oil.clone(), None),
            (Method::POST, format!("{oil}/merge"), Some(json!({ "into": fixture.tags["TOPIC:world"].to_string() }))),
        ] {
            let error = expect(&anonymous, method.clone(), &path, body.clone(), StatusCode::UNAUTHORIZED).await;
            assert_eq!(error["error"]["code"], "UNAUTHENTICATED");
            let error = expect(&editor, method.clone(), &path, body.clone(), StatusCode::FORBIDDEN).await;
            assert_eq!(error["error"]["code"], "FORBIDDEN");
        }
        // Nothing was written.
        assert_eq!(app.client().get_ok(source).await["data"]["name"], "Alpha News Agency");
        assert_eq!(app.client().get_ok("/api/v1/tags/oil?kind=topic").await["data"]["name"], "Oil");
    }
);

db_test!(
    async fn every_write_is_in_the_openapi_document(app) {
        let document = app.client().get_ok("/api/v1/openapi.json").await;
        let paths = &document["paths"];
        for (method, path) in WRITES {
            let operation = &paths[path][method];
            assert!(operation.is_object(), "{method} {path} is not in the document");
            assert_eq!(operation["security"], json!([{ "bearer": [] }]), "{method} {path}");
            let responses = operation["responses"].as_object().unwrap();
            for status in ["400", "401", "403"] {
                assert!(responses.contains_key(status), "{method} {path} does not document {status}");
            }
        }
        // Reads are still there beside the writes on the same paths.
        assert!(paths["/api/v1/articles"]["get"].is_object());
        assert!(paths["/api/v1/articles/{idOrSlug}"]["get"].is_object());
        assert!(paths["/api/v1/sources/{slug}"]["get"].is_object());
        assert!(paths["/api/v1/tags/{slug}"]["get"].is_object());
        let update = &paths["/api/v1/articles/{idOrSlug}"]["patch"];
        assert!(
            update["parameters"].as_array().unwrap().iter().any(|p| p["name"] == "If-Match" && p["in"] == "header"),
            "{update:#}"
        );
        assert!(update["responses"]["412"].is_object());
        let create = &paths["/api/v1/articles"]["post"];
        assert!(create["responses"]["201"]["headers"]["Location"].is_object(), "{create:#}");
        assert_eq!(
            document["components"]["schemas"]["CreateArticleInput"]["required"],
            json!(["title", "language"])
        );
    }
);

/// Every write route, as the OpenAPI document spells it.
const WRITES: [(&str, &str); 15] = [
    ("post", "/api/v1/articles"),
    ("patch", "/api/v1/articles/{idOrSlug}"),
    ("delete", "/api/v1/articles/{idOrSlug}"),
    ("post", "/api/v1/articles/{idOrSlug}/publish"),
    ("post", "/api/v1/articles/{idOrSlug}/unpublish"),
    ("post", "/api/v1/articles/{idOrSlug}/archive"),
    ("post", "/api/v1/articles/{idOrSlug}/withdraw"),
    ("post", "/api/v1/articles/{idOrSlug}/corrections"),
    ("post", "/api/v1/sources"),
    ("patch", "/api/v1/sources/{slug}"),
    ("delete", "/api/v1/sources/{slug}"),
    ("post", "/api/v1/tags"),
    ("patch", "/api/v1/tags/{slug}"),
    ("delete", "/api/v1/tags/{slug}"),
    ("post", "/api/v1/tags/{slug}/merge"),
];
