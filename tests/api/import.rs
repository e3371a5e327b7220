//! Importing: NDJSON, JSON arrays and wire copy; idempotency; rejected items with their
//! lines; what the imported articles look like through the API.

use serde_json::json;

use gazette::content::import::ImportOptions;
use gazette::content::{Role, Viewer};
use gazette::ingest::{ImportReport, Importer};

use crate::db_test;
use crate::helpers::{TestApp, dump, fixtures, now};

fn editor() -> Viewer {
    Viewer::with_key(now(), "importer", Role::Editor)
}

async fn ndjson(app: &TestApp, input: &str) -> ImportReport {
    let viewer = editor();
    let mut importer = Importer::new(&app.db, &viewer, ImportOptions::default());
    importer.ndjson("feed.ndjson", input.as_bytes()).await.unwrap();
    importer.finish().await.unwrap()
}

async fn wire(app: &TestApp, input: &str) -> ImportReport {
    let viewer = editor();
    let mut importer = Importer::new(&app.db, &viewer, ImportOptions::default());
    importer.text("copy.txt", input).await.unwrap();
    importer.finish().await.unwrap()
}

fn counts(r: &ImportReport) -> [u64; 4] {
    [r.created, r.updated, r.unchanged, r.rejected]
}

const FEED: &str = r#"{"title": "Grain convoy reaches the coast", "body": "Trucks arrived at dawn.", "externalId": "nw-1001", "publishedAt": "2026-05-30T08:00:00Z", "source": {"name": "Northern Wire", "shortName": "NWIRE", "country": "NO"}, "tags": [{"name": "Agriculture", "kind": "TOPIC"}, "oil"]}
this line is not JSON
{"title": "Harbour fees to rise", "language": "fr", "canonicalUrl": "https://alpha.example/fees", "source": "alpha", "publishedAt": "2026-05-31T09:30:00Z"}

{"title": "", "body": "No headline here."}
{"title": "Council approves budget", "status": "DRAFT", "tags": [{"name": "Budget", "kind": "TOPIC", "aliases": ["spending plan"]}]}
"#;

db_test!(async fn ndjson_imports_are_idempotent_and_report_bad_lines(app) {
    fixtures::standard(&app.db).await;
    let report = ndjson(app, FEED).await;
    assert_eq!(counts(&report), [3, 0, 0, 2], "{report:#?}");
    let lines: Vec<usize> = report.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 5]);
    assert_eq!(report.errors[1].field.as_deref(), Some("title"));
    assert_eq!(report.errors[1].code, "BAD_USER_INPUT");

    // What the public sees: the published ones, with the created source and tags.
    let data = app
        .query(
            r#"{ article(slug: "grain-convoy-reaches-the-coast") {
                 status externalId publishedAt source { slug name shortName country } tags { slug kind } } }"#,
            json!({}),
        )
        .await;
    let a = &data["article"];
    assert_eq!(a["status"], "PUBLISHED");
    assert_eq!(a["externalId"], "nw-1001");
    assert_eq!(a["source"], json!({"slug": "nwire", "name": "Northern Wire", "shortName": "NWIRE", "country": "NO"}));
    let mut tags: Vec<&str> = a["tags"].as_array().unwrap().iter().map(|t| t["slug"].as_str().unwrap()).collect();
    tags.sort();
    assert_eq!(tags, ["agriculture", "oil"]);
    let fees = app.query(r#"{ article(slug: "harbour-fees-to-rise") { language source { slug } } }"#, json!({})).await;
    assert_eq!(fees["article"], json!({"language": "fr", "source": {"slug": "alpha"}}));
    // The draft is there for editors only.
    let draft = app.query(r#"{ article(slug: "council-approves-budget") { id } }"#, json!({})).await;
    assert!(draft["article"].is_null());

    // The same input again changes nothing at all.
    let before = dump(&app.db).await;
    let again = ndjson(app, FEED).await;
    assert_eq!(counts(&again), [0, 0, 3, 2], "{again:#?}");
    assert_eq!(dump(&app.db).await, before, "a repeated import writes nothing");

    // A changed article is updated as a new version, found by externalId, URL or content.
    let changed = FEED
        .replace("Trucks arrived at dawn.", "Trucks arrived at dawn; more are expected.")
        .replace(r#""source": "alpha", "publishedAt""#, r#""source": "alpha", "summary": "Fees rise in June.", "publishedAt""#);
    let report = ndjson(app, &changed).await;
    assert_eq!(counts(&report), [0, 2, 1, 2], "{report:#?}");
    let editor = app.editor().await;
    let data = editor
        .query(
            r#"{ article(slug: "grain-convoy-reaches-the-coast") { version body(format: TEXT) revisions { nodes { version } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["article"]["version"], 2);
    assert!(data["article"]["body"].as_str().unwrap().contains("more are expected"));
    assert_eq!(data["article"]["revisions"]["nodes"], json!([{"version": 1}]));
});

db_test!(async fn json_arrays_report_elements_by_position(app) {
    let viewer = editor();
    let mut importer = Importer::new(&app.db, &viewer, ImportOptions::default());
    let document = r#"[
        {"title": "Ferry timetable changes", "externalId": "x-1"},
        {"title": "Bad status", "status": "LOST"},
        {"title": "Unknown field", "colour": "red"}
    ]"#;
    importer.json("batch.json", document).await.unwrap();
    let report = importer.finish().await.unwrap();
    assert_eq!(counts(&report), [1, 0, 0, 2], "{report:#?}");
    assert_eq!(report.errors[0].line, 2);
    assert_eq!(report.errors[0].field.as_deref(), Some("status"));
    assert_eq!(report.errors[1].line, 3);
    assert!(report.errors[1].reason.contains("colour"), "{}", report.errors[1].reason);

    let mut broken = Importer::new(&app.db, &viewer, ImportOptions::default());
    broken.json("broken.json", "[{\"title\": ").await.unwrap();
    assert_eq!(broken.finish().await.unwrap().rejected, 1);
});

const WIRE: &str = "\u{feff}|  |  \r\n\r\nCity Desk\r\n\r\nTram line to reopen after repairs\r\n\r\n\
The northern tram line will carry passengers again from Monday, the operator said on Friday. Services will run every ten minutes at first.   \r\n\r\n\
Engineers replaced two kilometres of track during the closure.\r\n\r\n\
Source: Harbour Metropolitan Press HMP\r\n\r\n\
The Harbour Metropolitan Press covers the city and its port.\r\n\
---\r\n\
Second story without a section or source\r\n\r\n\
Officials gave no further details about the schedule. They described it as provisional.\r\n";

db_test!(async fn wire_copy_finds_or_creates_its_source_and_section(app) {
    let report = wire(app, WIRE).await;
    assert_eq!(counts(&report), [2, 0, 0, 0], "{report:#?}");
    let data = app
        .query(
            r#"{ article(slug: "tram-line-to-reopen-after-repairs") {
                 title body(format: TEXT) source { slug name shortName } section { name kind } } }"#,
            json!({}),
        )
        .await;
    let a = &data["article"];
    assert_eq!(a["title"], "Tram line to reopen after repairs");
    assert_eq!(a["source"], json!({"slug": "hmp", "name": "Harbour Metropolitan Press", "shortName": "HMP"}));
    assert_eq!(a["section"], json!({"name": "City Desk", "kind": "SECTION"}));
    let body = a["body"].as_str().unwrap();
    assert!(body.contains("two kilometres"), "{body}");
    assert!(!body.contains("covers the city"), "the publisher's blurb is not the body: {body}");
    assert!(!body.contains("Source:"), "{body}");

    let second = app
        .query(r#"{ article(slug: "second-story-without-a-section-or-source") { source { slug } section { name } } }"#, json!({}))
        .await;
    assert_eq!(second["article"], json!({"source": null, "section": null}));

    // Wire copy has no ids or dates: the content key makes re-imports idempotent.
    let before = dump(&app.db).await;
    let again = wire(app, WIRE).await;
    assert_eq!(counts(&again), [0, 0, 2, 0], "{again:#?}");
    assert_eq!(dump(&app.db).await, before);

    // Pieces without a headline (only layout, only a Source line) are refused with their
    // lines; the rest still goes in.
    let report = wire(app, "|  |\n\n---\n\nSource: Somewhere Agency SA\n\n---\nA third story\n\nIt has one paragraph of text. That is all.\n").await;
    assert_eq!(counts(&report), [1, 0, 0, 2], "{report:#?}");
    let lines: Vec<usize> = report.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [1, 5]);
});

db_test!(async fn imports_need_an_editor(app) {
    let reader = Viewer::with_key(now(), "reader", Role::Reader);
    let mut importer = Importer::new(&app.db, &reader, ImportOptions::default());
    importer
        .ndjson("feed.ndjson", r#"{"title": "Refused"}"#.as_bytes())
        .await
        .unwrap();
    let err = importer.finish().await.unwrap_err();
    assert_eq!(err.code(), "FORBIDDEN");
    let count = app.query("{ articles { totalCount } }", json!({})).await;
    assert_eq!(count["articles"]["totalCount"], 0);
});
