//! Importing at scale and safely: batches with repeats and refusals, the all-or-nothing
//! `--strict` mode, auto-tagging, RSS/Atom, export → import round trips and the HTTP door.

use axum::http::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use gazette::content::import::ImportOptions;
use gazette::content::{Role, Viewer};
use gazette::entities::{article, article_correction, article_revision, article_tag, source, tag};
use gazette::ingest::export::{self, ExportFormat};
use gazette::ingest::{ImportReport, Importer};

use crate::db_test;
use crate::helpers::{self, TestApp, dump, fixtures, now};

fn editor() -> Viewer {
    Viewer::with_key(now(), "importer", Role::Editor)
}

async fn ndjson_with(app: &TestApp, input: &str, options: ImportOptions, strict: bool) -> ImportReport {
    let viewer = editor();
    let mut importer = if strict {
        Importer::strict(&app.db, &viewer, options).await.unwrap()
    } else {
        Importer::new(&app.db, &viewer, options)
    };
    importer.ndjson("in.ndjson", input.as_bytes()).await.unwrap();
    importer.finish().await.unwrap()
}

async fn ndjson(app: &TestApp, input: &str) -> ImportReport {
    ndjson_with(app, input, ImportOptions::default(), false).await
}

fn counts(r: &ImportReport) -> [u64; 4] {
    [r.created, r.updated, r.unchanged, r.rejected]
}

async fn article_count(app: &TestApp) -> u64 {
    article::Entity::find().count(&app.db).await.unwrap()
}

async fn tags_of(app: &TestApp, slug: &str) -> Vec<String> {
    let data = editor_query(app, &format!(r#"{{ article(slug: "{slug}") {{ tags {{ slug }} }} }}"#)).await;
    let mut tags: Vec<String> = data["article"]["tags"]
        .as_array()
        .unwrap_or_else(|| panic!("no article {slug}: {data}"))
        .iter()
        .map(|t| t["slug"].as_str().unwrap().to_string())
        .collect();
    tags.sort();
    tags
}

async fn editor_query(app: &TestApp, query: &str) -> Value {
    app.editor().await.query(query, json!({})).await
}

/// `n` articles of one agency, the `i`-th with external id `w-i`.
fn generated(n: usize, from: usize) -> String {
    (from..from + n)
        .map(|i| {
            json!({
                "title": format!("Generated report number {i}"),
                "body": format!("Paragraph {i} of generated copy."),
                "externalId": format!("w-{i}"),
                "publishedAt": "2026-05-01T10:00:00Z",
                "source": {"name": "Generated Wire", "shortName": "GW"},
                "tags": [{"name": format!("Batch {}", i % 3), "kind": "TOPIC"}],
            })
            .to_string()
                + "\n"
        })
        .collect()
}

db_test!(async fn batches_handle_repeats_refusals_and_more_than_one_batch(app) {
    // 1,200 articles span three batches; line 700 repeats line 699's article with another
    // body (a later version in the same batch), line 800 asks for a slug line 801 also wants.
    let mut input = generated(1_200, 0);
    let mut lines: Vec<String> = input.lines().map(str::to_string).collect();
    lines[699] = lines[698].replace("Paragraph 698", "Paragraph 698, revised");
    lines[799] = json!({"title": "First with the slug", "slug": "wanted-slug", "externalId": "s-1"}).to_string();
    lines[800] = json!({"title": "Second with the slug", "slug": "wanted-slug", "externalId": "s-2"}).to_string();
    input = lines.join("\n");
    let report = ndjson(app, &input).await;
    assert_eq!(counts(&report), [1_198, 1, 0, 1], "{:?}", report.errors);
    assert_eq!(report.errors[0].line, 801);
    assert_eq!(report.errors[0].code, "CONFLICT");
    assert_eq!(report.errors[0].field.as_deref(), Some("slug"));
    assert_eq!(article_count(app).await, 1_198);
    let data = editor_query(app, r#"{ article(slug: "generated-report-number-698") { version body(format: MARKDOWN) } }"#).await;
    assert_eq!(data["article"]["body"], "Paragraph 698, revised of generated copy.");
    assert_eq!(data["article"]["version"], 2);
    // One source and three tags were created, however many articles named them.
    assert_eq!(source::Entity::find().count(&app.db).await.unwrap(), 1);
    assert_eq!(tag::Entity::find().count(&app.db).await.unwrap(), 3);
    // Every generated article has its one tag; the two slug articles have none.
    assert_eq!(article_tag::Entity::find().count(&app.db).await.unwrap(), 1_197);

    // The first 700 again: w-698 goes back to its first body, w-699 (overwritten above)
    // is new, the rest is unchanged.
    let before = article_count(app).await;
    let again = ndjson(app, &generated(700, 0)).await;
    assert_eq!(counts(&again), [1, 1, 698, 0], "{again:?}");
    assert_eq!(article_count(app).await, before + 1);
});

db_test!(async fn an_article_the_database_refuses_is_rejected_alone_and_nothing_of_it_is_written(app) {
    fixtures::standard(&app.db).await;
    helpers::refuse_inserts(app, "articles", "NEW.title = 'Refused by the database'").await;
    let input = [
        json!({"title": "Before the refusal", "tags": ["oil"]}),
        json!({"title": "Refused by the database", "tags": ["oil", "tehran"],
               "source": {"name": "Brand New Agency", "shortName": "BNA"}}),
        json!({"title": "After the refusal", "tags": ["tehran"]}),
    ]
    .map(|v| v.to_string())
    .join("\n");
    let report = ndjson(app, &input).await;
    assert_eq!(counts(&report), [2, 0, 0, 1], "{report:?}");
    assert_eq!(report.errors[0].line, 2);
    assert!(report.errors[0].reason.contains("refused"), "{}", report.errors[0].reason);
    // Nothing of the refused article: not its row, nor its links, nor the source it created.
    let sources: Vec<String> = source::Entity::find().all(&app.db).await.unwrap().into_iter().map(|s| s.slug).collect();
    assert!(!sources.contains(&"bna".to_string()), "{sources:?}");
    assert_eq!(tags_of(app, "before-the-refusal").await, ["oil"]);
    assert_eq!(tags_of(app, "after-the-refusal").await, ["tehran"]);
    helpers::allow_inserts(app, "articles").await;
});

db_test!(async fn strict_imports_are_all_or_nothing(app) {
    fixtures::standard(&app.db).await;
    let stored = article_count(app).await;
    let before = dump(&app.db).await;
    let input = format!("{}{{\"title\": \"\"}}\n", generated(700, 0));
    let report = ndjson_with(app, &input, ImportOptions::default(), true).await;
    assert!(report.rolled_back);
    assert_eq!(counts(&report), [0, 0, 0, 1]);
    assert_eq!(report.errors[0].line, 701);
    assert_eq!(dump(&app.db).await, before, "a strict import with a bad line writes nothing");

    let report = ndjson_with(app, &generated(700, 0), ImportOptions::default(), true).await;
    assert!(!report.rolled_back);
    assert_eq!(counts(&report), [700, 0, 0, 0]);
    assert_eq!(article_count(app).await, stored + 700);
});

db_test!(async fn auto_tagging_matches_whole_words_and_can_be_turned_off(app) {
    fixtures::standard(&app.db).await;
    let input = [
        json!({"title": "Talks in Moscow end without a deal", "body": "Oil ministers met for two days."}),
        json!({"title": "Moscowitz wins the chess open", "body": "The Muscovites in the field finished lower."}),
        json!({"title": "Snow in MOSCOU", "body": "Flights to Téhéran were delayed; OPEC's meeting moved."}),
        json!({"title": "A summit of the world", "body": "Nothing here names a tag's place.", "tags": ["ada-example"]}),
    ]
    .map(|v| v.to_string())
    .join("\n");
    let report = ndjson(app, &input).await;
    assert_eq!(counts(&report), [4, 0, 0, 0], "{report:?}");
    assert_eq!(tags_of(app, "talks-in-moscow-end-without-a-deal").await, ["moscow", "oil"]);
    assert!(tags_of(app, "moscowitz-wins-the-chess-open").await.is_empty());
    // An alias, in capitals; accents in the text do not hide "Teheran".
    assert_eq!(tags_of(app, "snow-in-moscou").await, ["moscow", "opec", "tehran"]);
    // Sections are never matched ("world" is a section and a topic named "World affairs").
    assert_eq!(tags_of(app, "a-summit-of-the-world").await, ["ada-example"]);

    let off = ImportOptions {
        auto_tag: false,
        ..ImportOptions::default()
    };
    let report = ndjson_with(app, &json!({"title": "Moscow again"}).to_string(), off, false).await;
    assert_eq!(report.created, 1);
    assert!(tags_of(app, "moscow-again").await.is_empty());
});

db_test!(async fn auto_tagging_sees_tags_created_by_earlier_batches(app) {
    // Four batches. Batches are checked (and tagged) while the one before is written, with
    // the tags known then: a tag created by batch 1 or 2 must still tag batches 2 to 4.
    let line = |i: usize, body: &str, tags: Value| {
        json!({"title": format!("Harbour notes {i}"), "body": body, "tags": tags}).to_string()
    };
    let mut lines: Vec<String> = (1..=1600).map(|i| line(i, "Quiet day on the water.", json!([]))).collect();
    lines[0] = line(1, "Boats came in.", json!([{"name": "Lakeport", "kind": "PLACE"}]));
    lines[599] = line(600, "The board met.", json!([{"name": "Harbour Board", "kind": "ORGANIZATION"}]));
    lines[699] = line(700, "The Harbour Board met again in Lakeport.", json!([]));
    lines[1099] = line(1100, "Lakeport asked the harbour board for a new pier.", json!([]));
    lines[1549] = line(1550, "In LAKEPORT, the Harbour Board said no.", json!([]));
    let report = ndjson(app, &lines.join("\n")).await;
    assert_eq!(counts(&report), [1600, 0, 0, 0], "{report:?}");
    for slug in ["harbour-notes-700", "harbour-notes-1100", "harbour-notes-1550"] {
        assert_eq!(tags_of(app, slug).await, ["harbour-board", "lakeport"], "{slug}");
    }
    assert!(tags_of(app, "harbour-notes-1200").await.is_empty());
});

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Lakeside Courier</title>
  <link>https://courier.example/</link>
  <description>News from the lake towns.</description>
  <language>en</language>
  <item>
    <title>Ferry service resumes after storm</title>
    <link>https://courier.example/ferry</link>
    <guid isPermaLink="false">courier-311</guid>
    <pubDate>Sat, 30 May 2026 07:15:00 GMT</pubDate>
    <category>Transport</category>
    <description>The ferry runs again.</description>
    <content:encoded><![CDATA[<p>The ferry runs again from <b>Monday</b>.</p>]]></content:encoded>
  </item>
  <item>
    <description>An item without a title.</description>
  </item>
</channel>
</rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Hill Country Bulletin</title>
  <link href="https://bulletin.example/"/>
  <id>urn:bulletin</id>
  <updated>2026-05-30T10:00:00Z</updated>
  <entry>
    <title>New school opens in the valley</title>
    <id>urn:bulletin:77</id>
    <link href="https://bulletin.example/school"/>
    <published>2026-05-29T09:00:00Z</published>
    <updated>2026-05-29T09:00:00Z</updated>
    <author><name>Rui Example</name></author>
    <category term="education" label="Education"/>
    <content type="html">&lt;p&gt;Pupils arrived on Friday.&lt;/p&gt;</content>
  </entry>
</feed>"#;

db_test!(async fn rss_and_atom_items_become_articles_of_the_feed_source(app) {
    let viewer = editor();
    let import = async |name: &str, document: &str| {
        let mut importer = Importer::new(&app.db, &viewer, ImportOptions::default());
        importer.read(name, None, document.as_bytes(), None).await.unwrap();
        importer.finish().await.unwrap()
    };
    let report = import("courier.rss", RSS).await;
    assert_eq!(counts(&report), [1, 0, 0, 1], "{report:?}");
    assert_eq!(report.errors[0].line, 2);
    let report = import("bulletin.atom", ATOM).await;
    assert_eq!(counts(&report), [1, 0, 0, 0], "{report:?}");

    let data = app
        .query(
            r#"{ articles(orderBy: {field: PUBLISHED_AT, direction: ASC}) { nodes {
                 title externalId canonicalUrl publishedAt byline body(format: HTML)
                 source { name url } tags { name kind } } } }"#,
            json!({}),
        )
        .await;
    let nodes = &data["articles"]["nodes"];
    assert_eq!(nodes[0]["title"], "New school opens in the valley");
    assert_eq!(nodes[0]["externalId"], "urn:bulletin:77");
    assert_eq!(nodes[0]["byline"], "Rui Example");
    assert_eq!(nodes[0]["source"], json!({"name": "Hill Country Bulletin", "url": "https://bulletin.example/"}));
    assert_eq!(nodes[0]["tags"], json!([{"name": "Education", "kind": "TOPIC"}]));
    assert_eq!(nodes[1]["title"], "Ferry service resumes after storm");
    assert_eq!(nodes[1]["externalId"], "courier-311");
    assert_eq!(nodes[1]["canonicalUrl"], "https://courier.example/ferry");
    assert_eq!(nodes[1]["publishedAt"], "2026-05-30T07:15:00+00:00");
    assert!(nodes[1]["body"].as_str().unwrap().contains("<b>Monday</b>"), "{}", nodes[1]["body"]);
    assert_eq!(nodes[1]["tags"], json!([{"name": "Transport", "kind": "TOPIC"}]));

    // The same feeds again: nothing changes.
    let before = dump(&app.db).await;
    assert_eq!(counts(&import("courier.rss", RSS).await), [0, 0, 1, 1]);
    assert_eq!(counts(&import("bulletin.atom", ATOM).await), [0, 0, 1, 0]);
    assert_eq!(dump(&app.db).await, before);
});

async fn export_all(app: &TestApp, format: ExportFormat) -> String {
    let mut out = Vec::new();
    export::write(&app.db, &editor(), None, format, &mut out).await.unwrap();
    String::from_utf8(out).unwrap()
}

db_test!(async fn export_then_import_into_an_empty_database_reproduces_the_content(app) {
    fixtures::standard(&app.db).await;
    // Lifecycle state an export must carry: a correction, a withdrawal.
    let editor = app.editor().await;
    let first = editor.query("{ articles(first: 2) { nodes { id } } }", json!({})).await;
    let ids: Vec<&str> = first["articles"]["nodes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
    editor
        .query(
            "mutation($id: ID!) { addCorrection(id: $id, text: \"An earlier version misspelt the minister's name.\") { id } }",
            json!({"id": ids[0]}),
        )
        .await;
    editor
        .query("mutation($id: ID!) { withdrawArticle(id: $id, reason: \"Legal review\") { id } }", json!({"id": ids[1]}))
        .await;

    let ndjson = export_all(app, ExportFormat::Ndjson).await;
    let json_array = export_all(app, ExportFormat::Json).await;
    let parsed: Vec<Value> = serde_json::from_str(&json_array).unwrap();
    assert_eq!(parsed.len(), ndjson.lines().count());
    let rows = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            [
                article::Entity::find().count(&db).await.unwrap(),
                article_tag::Entity::find().count(&db).await.unwrap(),
                article_correction::Entity::find().count(&db).await.unwrap(),
            ]
        }
    };
    let counted = rows(app).await;

    // Empty the database, import the export, export again: the same bytes.
    article_tag::Entity::delete_many().exec(&app.db).await.unwrap();
    article_correction::Entity::delete_many().exec(&app.db).await.unwrap();
    article_revision::Entity::delete_many().exec(&app.db).await.unwrap();
    article::Entity::delete_many().exec(&app.db).await.unwrap();
    tag::Entity::delete_many().exec(&app.db).await.unwrap();
    source::Entity::delete_many().exec(&app.db).await.unwrap();
    let report = ndjson_with(app, &ndjson, ImportOptions::default(), false).await;
    assert_eq!(report.rejected, 0, "{:?}", report.errors);
    assert_eq!(report.created, counted[0]);
    assert_eq!(rows(app).await, counted);
    assert_eq!(export_all(app, ExportFormat::Ndjson).await, ndjson);

    // And importing the export over itself changes nothing.
    let again = ndjson_with(app, &ndjson, ImportOptions::default(), false).await;
    assert_eq!(counts(&again), [0, 0, counted[0], 0]);
    let withdrawn = app
        .query("query($id: ID!) { node(id: $id) { ... on Article { status withdrawnReason } } }", json!({"id": ids[1]}))
        .await;
    assert_eq!(withdrawn["node"], json!({"status": "WITHDRAWN", "withdrawnReason": "Legal review"}));
});

db_test!(async fn http_import_needs_an_editor_key_and_answers_the_report(app) {
    let body = format!("{}not json\n", generated(3, 0));
    let (status, response) = app.post_import("", None, &body).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{response}");
    let reader = app.key("reader", Role::Reader).await;
    let (status, response) = app.post_import("", Some(&reader), &body).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{response}");
    assert_eq!(response["error"]["code"], "FORBIDDEN");
    assert_eq!(article_count(app).await, 0);

    let editor = app.key("cms", Role::Editor).await;
    let (status, response) = app.post_import("?colour=red", Some(&editor), &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(response["error"]["field"], "colour");
    let (status, response) = app.post_import("?strict=yes", Some(&editor), &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(response["error"]["field"], "strict");

    let (status, response) = app.post_import("?strict=true", Some(&editor), &body).await;
    assert_eq!(status, StatusCode::OK, "{response}");
    assert_eq!(response["rolledBack"], true);
    assert_eq!(article_count(app).await, 0);

    let (status, response) = app.post_import("?status=draft", Some(&editor), &body).await;
    assert_eq!(status, StatusCode::OK, "{response}");
    assert_eq!(response["created"], 3);
    assert_eq!(response["rejected"], 1);
    assert_eq!(response["errors"][0]["line"], 4);
    assert_eq!(response["errors"][0]["code"], "BAD_USER_INPUT");
    let data = editor_query(app, r#"{ article(slug: "generated-report-number-1") { status createdBy } }"#).await;
    assert_eq!(data["article"], json!({"status": "DRAFT", "createdBy": "cms"}));
});

db_test!(async fn imports_refuse_what_the_api_refuses(app) {
    let too_many: Vec<Value> = (0..101).map(|i| json!({"name": format!("Topic {i}"), "kind": "TOPIC"})).collect();
    let input = [
        json!({"title": "Too many tags", "tags": too_many}),
        json!({"title": "Empty correction", "corrections": [{"text": "  ", "createdAt": "2026-05-01T00:00:00Z"}]}),
    ]
    .map(|v| v.to_string())
    .join("\n");
    let report = ndjson(app, &input).await;
    assert_eq!(counts(&report), [0, 0, 0, 2], "{report:?}");
    let fields: Vec<Option<&str>> = report.errors.iter().map(|e| e.field.as_deref()).collect();
    assert_eq!(fields, [Some("tags"), Some("corrections")]);
    assert!(report.errors[0].reason.contains("at most 100 tags"), "{}", report.errors[0].reason);
    assert_eq!(tag::Entity::find().count(&app.db).await.unwrap(), 0, "nothing of a refused article is written");
});

db_test!(async fn a_rolled_back_batch_forgets_the_tags_it_created(app) {
    helpers::refuse_inserts(app, "articles", "NEW.title = 'Refused by the database'").await;
    // The batch creates tag "fresh", the next article finds it by slug, the third fails the
    // batch: redone one by one, the second must not link the rolled-back tag.
    let input = [
        json!({"title": "Creates a tag", "tags": [{"name": "Fresh", "kind": "TOPIC"}]}),
        json!({"title": "Names it by slug", "tags": ["fresh"]}),
        json!({"title": "Refused by the database"}),
    ]
    .map(|v| v.to_string())
    .join("\n");
    let report = ndjson(app, &input).await;
    assert_eq!(counts(&report), [2, 0, 0, 1], "{report:?}");
    assert_eq!(report.errors[0].line, 3);
    assert_eq!(tags_of(app, "names-it-by-slug").await, ["fresh"]);
    helpers::allow_inserts(app, "articles").await;
});

db_test!(async fn a_re_import_keeps_the_reason_of_a_withdrawal(app) {
    let line = json!({"title": "Story later killed", "externalId": "k-1", "publishedAt": "2026-05-01T08:00:00Z"}).to_string();
    assert_eq!(ndjson(app, &line).await.created, 1);
    let editor = app.editor().await;
    let data = editor.query(r#"{ article(slug: "story-later-killed") { id } }"#, json!({})).await;
    editor
        .query(
            "mutation($id: ID!) { withdrawArticle(id: $id, reason: \"Facts in dispute\") { id } }",
            json!({"id": data["article"]["id"]}),
        )
        .await;
    let again = ndjson(app, &line).await;
    assert_eq!(counts(&again), [0, 0, 1, 0], "{again:?}");
    let public = app.query(r#"{ article(slug: "story-later-killed") { status withdrawnReason } }"#, json!({})).await;
    assert_eq!(public["article"], json!({"status": "WITHDRAWN", "withdrawnReason": "Facts in dispute"}));
});
