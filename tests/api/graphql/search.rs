//! Full-text search: the same articles found, in the same order for clear-cut cases, on
//! every database; highlights; relevance cursors; visibility; bad and hostile input.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use serde_json::{Value, json};

use gazette::content::search::{Search, Window};

use crate::db_test;
use crate::helpers::fixtures::{self, ArticleSpec};
use crate::helpers::{Backend, TestApp};

const SEARCH: &str = "query($q: String, $f: ArticleFilter, $o: [ArticleOrder!], $n: Int, $after: String) {
    articles(search: $q, filter: $f, orderBy: $o, first: $n, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor score highlight node { slug } }
    } }";

/// Seven short articles of our own; see each test for what it relies on.
async fn seed(app: &TestApp) {
    let wire = fixtures::source(&app.db, "wire", "North Wire", Some("NW"), "GB", "en").await;
    let text = |slug: &str, title: &str, body: &str| ArticleSpec {
        slug: slug.into(),
        title: title.into(),
        body: body.into(),
        body_format: "TEXT",
        ..Default::default()
    };
    let specs = [
        text(
            "drought",
            "Drought grips the northern provinces",
            "Farmers reported the driest summer in decades. Reservoirs fell below a third of capacity.",
        ),
        ArticleSpec {
            source: Some(wire),
            published_at: Some(fixtures::ago(30)),
            ..text(
                "rationing",
                "Parliament debates water rationing",
                "Lawmakers argued over a plan to share water fairly during the drought. The vote was postponed.",
            )
        },
        ArticleSpec {
            byline: Some("Mara Castellan".into()),
            ..text(
                "strike",
                "Harbour strike ends",
                "Dock workers returned after a new wage deal. Shipping resumed in the harbour.",
            )
        },
        text(
            "markets",
            "Markets hold steady",
            "Traders said prices held as the wage deal calmed fears about <script>alert(1)</script> & other risks.",
        ),
        ArticleSpec {
            body_format: "HTML",
            ..text(
                "festival",
                "Festival opens",
                "<p>The <strong>film</strong> festival opened with a documentary about rivers.</p>",
            )
        },
        ArticleSpec {
            status: "DRAFT",
            published_at: None,
            ..text("embargoed", "Embargoed drought report", "Not yet for readers.")
        },
        text(
            "cafes",
            "Café owners protest",
            "Owners of cafés in the old town protested against the new rents.",
        ),
    ];
    for spec in specs {
        fixtures::article(&app.db, spec).await;
    }
}

fn edge_scores(data: &Value) -> Vec<f64> {
    data["articles"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("no edges in {data}"))
        .iter()
        .map(|e| e["score"].as_f64().unwrap_or_else(|| panic!("no score in {e}")))
        .collect()
}

fn slugs(data: &Value) -> Vec<String> {
    data["articles"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("no edges in {data}"))
        .iter()
        .map(|e| e["node"]["slug"].as_str().unwrap().to_string())
        .collect()
}

async fn found(app: &TestApp, q: &str) -> Vec<String> {
    slugs(&app.client().query(SEARCH, json!({ "q": q })).await)
}

db_test!(
    async fn search_finds_the_same_articles_on_every_database(app) {
        seed(app).await;
        let b = app.backend;
        // A phrase present in one article only; the same words in another order are not it.
        assert_eq!(found(app, "\"driest summer\"").await, ["drought"], "{b:?}");
        assert!(found(app, "\"summer driest\"").await.is_empty(), "{b:?}");
        // A title match ranks above a body match.
        assert_eq!(found(app, "drought").await, ["drought", "rationing"], "{b:?}");
        // Exclusion, also of a phrase.
        assert_eq!(found(app, "drought -parliament").await, ["drought"], "{b:?}");
        assert_eq!(found(app, "\"wage deal\" -\"dock workers\"").await, ["markets"], "{b:?}");
        // `or` between two words; all other words are required.
        let either: BTreeSet<String> = found(app, "strike or festival").await.into_iter().collect();
        assert_eq!(either, BTreeSet::from(["festival".to_string(), "strike".to_string()]), "{b:?}");
        assert_eq!(found(app, "harbour wage").await, ["strike"], "{b:?}");
        // Case and accents do not matter, either way.
        assert_eq!(found(app, "CAFE").await, ["cafes"], "{b:?}");
        assert_eq!(found(app, "cafés owners").await, ["cafes"], "{b:?}");
        // The byline is searched; markup of an HTML body is not, its text is.
        assert_eq!(found(app, "castellan").await, ["strike"], "{b:?}");
        assert!(found(app, "strong").await.is_empty(), "{b:?}");
        assert_eq!(found(app, "documentary").await, ["festival"], "{b:?}");
        // Drafts are never found by the public, always by editors.
        assert!(found(app, "embargoed").await.is_empty(), "{b:?}");
        let editor = app.editor().await;
        let data = editor.query(SEARCH, json!({ "q": "embargoed" })).await;
        assert_eq!(slugs(&data), ["embargoed"], "{b:?}");
    }
);

db_test!(
    async fn search_combines_with_filters_orderings_counts_and_facets(app) {
        seed(app).await;
        let client = app.client();
        let filter = json!({ "source": { "slug": { "eq": "wire" } } });
        let data = client.query(SEARCH, json!({ "q": "drought", "f": filter })).await;
        assert_eq!(slugs(&data), ["rationing"]);
        assert_eq!(data["articles"]["totalCount"], 1);
        // Ordered by time instead of relevance: the older body match comes last either way,
        // and first when oldest first.
        let oldest = json!([{ "field": "PUBLISHED_AT", "direction": "ASC" }]);
        let data = client.query(SEARCH, json!({ "q": "drought", "o": oldest })).await;
        assert_eq!(slugs(&data), ["rationing", "drought"]);
        // Scores come best first with RELEVANCE; null without a search.
        let data = client.query(SEARCH, json!({ "q": "drought" })).await;
        let scores: Vec<f64> = data["articles"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["score"].as_f64().unwrap())
            .collect();
        assert!(scores[0] > scores[1] && scores[1] > 0.0, "{scores:?}");
        let data = client.query(SEARCH, json!({})).await;
        assert!(data["articles"]["edges"][0]["score"].is_null());
        assert!(data["articles"]["edges"][0]["highlight"].is_null());
        // Facets count the searched set.
        let facets = client
            .query(
                "{ articles(search: \"drought\") { facets { sources { source { slug } count } } } }",
                json!({}),
            )
            .await;
        assert_eq!(
            facets["articles"]["facets"]["sources"],
            json!([{ "source": { "slug": "wire" }, "count": 1 }])
        );
        // RELEVANCE without a search is refused, naming orderBy.
        let relevance = json!([{ "field": "RELEVANCE", "direction": "DESC" }]);
        let (code, error) = client.query_error(SEARCH, json!({ "o": relevance })).await;
        assert_eq!(code, "BAD_USER_INPUT", "{error}");
        assert_eq!(error["extensions"]["field"], "orderBy");
    }
);

db_test!(
    async fn highlights_mark_matches_and_escape_html(app) {
        seed(app).await;
        let data = app.client().query(SEARCH, json!({ "q": "fears" })).await;
        let highlight = data["articles"]["edges"][0]["highlight"].as_str().unwrap().to_string();
        assert!(highlight.contains("<mark>fears</mark>"), "{:?}: {highlight}", app.backend);
        // Text that looks like markup is escaped (PostgreSQL's ts_headline leaves such tags
        // out altogether); a lone `&` is escaped everywhere.
        assert!(!highlight.contains("<script"), "{:?}: {highlight}", app.backend);
        assert!(highlight.contains("&amp; other"), "{:?}: {highlight}", app.backend);
        assert_eq!(highlight.matches("<mark>").count(), highlight.matches("</mark>").count());
        // An HTML body is highlighted in its text, without its markup.
        let data = app.client().query(SEARCH, json!({ "q": "documentary" })).await;
        let highlight = data["articles"]["edges"][0]["highlight"].as_str().unwrap();
        assert!(highlight.contains("<mark>documentary</mark>"), "{highlight}");
        assert!(!highlight.contains("strong"), "{highlight}");
    }
);

db_test!(
    async fn relevance_pages_continue_with_cursors(app) {
        // Twelve articles mentioning "lighthouse" a different number of times, so that
        // scores differ, and two with the same text, so that a tie is broken by id.
        for i in 0..12 {
            let body = format!("{} keepers kept the lamp lit.", "lighthouse ".repeat(i % 5 + 1));
            fixtures::article(
                &app.db,
                ArticleSpec {
                    slug: format!("l{i}"),
                    title: format!("Coastal report {i}"),
                    body,
                    body_format: "TEXT",
                    ..Default::default()
                },
            )
            .await;
        }
        let client = app.client();
        let all = client.query(SEARCH, json!({ "q": "lighthouse", "n": 20 })).await;
        let expected = slugs(&all);
        assert_eq!(expected.len(), 12);
        let mut paged = Vec::new();
        let mut after = Value::Null;
        loop {
            let data = client
                .query(SEARCH, json!({ "q": "lighthouse", "n": 5, "after": after }))
                .await;
            paged.extend(slugs(&data));
            if !data["articles"]["pageInfo"]["hasNextPage"].as_bool().unwrap() {
                break;
            }
            after = data["articles"]["pageInfo"]["endCursor"].clone();
        }
        assert_eq!(paged, expected, "{:?}", app.backend);
        // A cursor of one search is refused by another.
        let (code, error) = client
            .query_error(SEARCH, json!({ "q": "keepers", "n": 5, "after": all["articles"]["edges"][3]["cursor"] }))
            .await;
        assert_eq!(code, "BAD_USER_INPUT", "{error}");
        assert_eq!(error["extensions"]["field"], "after");
    }
);

db_test!(
    async fn writes_keep_the_index_in_sync(app) {
        seed(app).await;
        let editor = app.editor().await;
        let id = editor
            .query("{ article(slug: \"strike\") { id } }", json!({}))
            .await["article"]["id"]
            .clone();
        editor
            .query(
                "mutation($id: ID!) { updateArticle(id: $id, input: { title: \"Harbour strike is over\", \
                 body: \"Cranes moved again at dawn.\" }) { version } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(found(app, "cranes").await, ["strike"]);
        assert!(found(app, "shipping").await.is_empty(), "the old body is still found");
        editor
            .query("mutation($id: ID!) { deleteArticle(id: $id) }", json!({ "id": id }))
            .await;
        assert!(found(app, "cranes").await.is_empty(), "a deleted article is still found");
        let created = editor
            .query(
                "mutation { createArticle(input: { title: \"Night ferry delayed\", language: \"en\", \
                 body: \"The *ferry* left two hours late.\", bodyFormat: MARKDOWN }) { id } }",
                json!({}),
            )
            .await;
        let id = created["createArticle"]["id"].clone();
        editor
            .query("mutation($id: ID!) { publishArticle(id: $id) { status } }", json!({ "id": id }))
            .await;
        assert_eq!(found(app, "ferry late").await.len(), 1);
    }
);

db_test!(
    async fn hostile_and_empty_searches_never_fail_the_server(app) {
        seed(app).await;
        let client = app.client();
        for q in ["", "   ", "-drought", "\"\"", "--", "or", "!!!"] {
            let (code, error) = client.query_error(SEARCH, json!({ "q": q })).await;
            assert_eq!(code, "BAD_USER_INPUT", "{q:?}: {error}");
            assert_eq!(error["extensions"]["field"], "search", "{q:?}");
        }
        let (code, _) = client.query_error(SEARCH, json!({ "q": "x".repeat(300) })).await;
        assert_eq!(code, "BAD_USER_INPUT");
        // A few hundred generated strings mixing words, every engine's operators, quotes,
        // SQL and scripts other than Latin: each is answered, or refused as bad input.
        let pieces = [
            "drought", "wage", "\"", "'", "-", "+", "*", "(", ")", "OR", "or", "AND", "NOT", "NEAR",
            "NEAR(a b, 2)", "^", ":", "@@", "&", "|", "!", "<->", "\\", "%", "_", ";", "--",
            "' OR 1=1 --", "\"; DROP TABLE articles; --", "/*", "*/", "{", "}", "[", "]", "~", "<",
            ">", "café", "Zürich", "Тегеран", "تهران", "東京", "🙂", "\u{200B}", "\t", "MATCH",
            "AGAINST", "title:", "body:", "$1", "?", "NULL", "\u{E000}", "a",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut answered = 0;
        for _ in 0..300 {
            let len = 1 + next(6);
            let q: Vec<&str> = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            let q = q.join(if next(3) == 0 { "" } else { " " });
            let (status, response) = client.graphql(SEARCH, json!({ "q": q })).await;
            assert_eq!(status, StatusCode::OK, "{q:?}: {response}");
            match response.get("errors") {
                None => answered += 1,
                Some(errors) => {
                    assert_eq!(errors[0]["extensions"]["code"], "BAD_USER_INPUT", "{q:?}: {response}");
                }
            }
        }
        assert!(answered > 150, "only {answered} of 300 searches were answered");
    }
);

db_test!(
    async fn rest_searches_with_q(app) {
        seed(app).await;
        let client = app.client();
        let body = client.get_ok("/api/v1/articles?q=drought&include=total").await;
        let found: Vec<&str> = body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["slug"].as_str().unwrap())
            .collect();
        assert_eq!(found, ["drought", "rationing"], "{:?}", app.backend);
        assert_eq!(body["page"]["total"], 2);
        let first = &body["data"][0];
        assert!(first["score"].as_f64().unwrap() > 0.0);
        assert!(first["highlight"].is_string());
        // Other parameters narrow the search; `sort` may replace relevance.
        let body = client.get_ok("/api/v1/articles?q=drought&source=wire").await;
        assert_eq!(body["data"].as_array().unwrap().len(), 1);
        let body = client.get_ok("/api/v1/articles?q=drought&sort=publishedAt").await;
        assert_eq!(body["data"][0]["slug"], "rationing");
        // Without q, no score; an empty q or sorting by relevance without q is a 400.
        let body = client.get_ok("/api/v1/articles").await;
        assert!(body["data"][0].get("score").is_none());
        let error = client.get_error("/api/v1/articles?q=%20", StatusCode::BAD_REQUEST).await;
        assert_eq!(error["field"], "q");
        let error = client.get_error("/api/v1/articles?sort=-relevance", StatusCode::BAD_REQUEST).await;
        assert_eq!(error["field"], "sort");
        assert!(error["message"].as_str().unwrap().contains("`q`"), "{error}");
    }
);

db_test!(
    async fn imports_keep_the_index_in_sync(app) {
        let editor = app.key("cms", gazette::content::Role::Editor).await;
        let line = |body: &str| {
            json!({
                "externalId": "wire-1", "title": "Glacier retreat measured", "language": "en",
                "status": "PUBLISHED", "publishedAt": fixtures::ago(2),
                "body": body, "bodyFormat": "MARKDOWN",
            })
            .to_string()
                + "\n"
        };
        let (status, report) = app.post_import("", Some(&editor), &line("Surveyors found the **ice** had thinned.")).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(found(app, "surveyors").await.len(), 1, "{:?}: {report}", app.backend);
        // Markdown syntax is not indexed, its text is.
        assert_eq!(found(app, "ice thinned").await.len(), 1);
        // The same article imported again with another body: the index follows.
        let (status, report) = app.post_import("", Some(&editor), &line("Pilots photographed the valley.")).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert!(found(app, "surveyors").await.is_empty(), "{:?}: {report}", app.backend);
        assert_eq!(found(app, "pilots valley").await.len(), 1);
    }
);

db_test!(
    async fn articles_imported_between_api_writes_are_each_found_once(app) {
        // On SQLite an import numbers its rows in the search index itself and a single write
        // leaves it to the insert trigger: the two must not hand out the same number.
        let editor = app.key("cms", gazette::content::Role::Editor).await;
        let text = |slug: &str, title: &str| ArticleSpec {
            slug: slug.into(),
            title: title.into(),
            body: "Filed from the coast.".into(),
            body_format: "TEXT",
            ..Default::default()
        };
        fixtures::article(&app.db, text("first", "Lighthouse keeper retires")).await;
        let lines: String = [("second", "Ferry timetable changes"), ("third", "Harbour crane repaired")]
            .iter()
            .map(|(slug, title)| {
                json!({
                    "slug": slug, "title": title, "language": "en", "status": "PUBLISHED",
                    "publishedAt": fixtures::ago(1), "body": "Filed from the coast.",
                })
                .to_string()
                    + "\n"
            })
            .collect();
        let (status, report) = app.post_import("", Some(&editor), &lines).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        fixtures::article(&app.db, text("fourth", "Fishing quotas agreed")).await;

        let b = app.backend;
        for (word, slug) in [("lighthouse", "first"), ("ferry", "second"), ("crane", "third"), ("quotas", "fourth")] {
            assert_eq!(found(app, word).await, [slug], "{b:?}: {word}");
        }
        let mut all = found(app, "coast").await;
        all.sort();
        assert_eq!(all, ["first", "fourth", "second", "third"], "{b:?}");
    }
);

db_test!(
    async fn relevance_ranks_only_the_newest_window_of_matches(app) {
        // One match more than the window: the oldest has the word in its title, which would
        // rank it first, but only the window's newest matches are ranked (counts and other
        // orders see all).
        let window = gazette::content::articles::RELEVANCE_WINDOW as i64;
        for i in 0..=window {
            let oldest = i == 0;
            fixtures::article(
                &app.db,
                ArticleSpec {
                    slug: format!("b{i}"),
                    title: if oldest { "Beacon".into() } else { format!("Coast notes {i}") },
                    body: "A beacon was seen.".into(),
                    body_format: "TEXT",
                    published_at: Some(fixtures::ago(2 * window - i)),
                    ..Default::default()
                },
            )
            .await;
        }
        let client = app.client();
        let data = client.query(SEARCH, json!({ "q": "beacon", "n": 100 })).await;
        assert_eq!(data["articles"]["totalCount"], window + 1);
        assert!(!slugs(&data).contains(&"b0".to_string()), "{:?}", app.backend);
        let oldest = json!([{ "field": "PUBLISHED_AT", "direction": "ASC" }]);
        let data = client.query(SEARCH, json!({ "q": "beacon", "n": 1, "o": oldest })).await;
        assert_eq!(slugs(&data), ["b0"]);
        // With one match fewer, all are ranked, and the title match comes first.
        let filter = json!({ "slug": { "ne": format!("b{window}") } });
        let data = client.query(SEARCH, json!({ "q": "beacon", "n": 1, "f": filter })).await;
        assert_eq!(slugs(&data), ["b0"], "{:?}", app.backend);
    }
);

db_test!(
    async fn relevance_windows_of_common_words_are_their_newest_matches(app) {
        // "harbour" is in every article, "tide" in the oldest half, "gull" in every third,
        // "lantern" in the 1,300 oldest, "kestrel" in one of those. Each is common enough for
        // its window to be looked for among the newest articles first, on PostgreSQL (once
        // analyzed) by walking the newest for the two in half the articles or more and after
        // a time for the others, on SQLite by walking the newest for "harbour". The newest
        // hold no "tide" and no "lantern": their windows must be found again among all their
        // matches.
        let editor = app.key("cms", gazette::content::Role::Editor).await;
        let (count, tides, lanterns) = (4_000_i64, 2_000_i64, 1_300_i64);
        let holds = |word: &str, i: i64| match word {
            "harbour" => true,
            "lantern" => i < lanterns,
            "tide" => i < tides,
            "gull" => i % 3 == 0,
            _ => word == "kestrel" && i == 7,
        };
        let article = |i: i64, words: &str, status: &str, hours_ago: i64| {
            json!({
                "externalId": format!("n{i}"), "slug": format!("n{i}"), "title": format!("Notes {i}"),
                "language": "en", "status": status, "publishedAt": fixtures::ago(hours_ago),
                "body": format!("The {words} log, entry {i}."), "bodyFormat": "TEXT",
            })
            .to_string()
                + "\n"
        };
        let lines: String = (0..count)
            .map(|i| {
                let words = ["harbour", "lantern", "tide", "gull", "kestrel"].into_iter().filter(|w| holds(w, i));
                article(i, &words.collect::<Vec<_>>().join(" "), "PUBLISHED", count - i)
            })
            .collect();
        let (status, report) = app.post_import("?autoTag=false", Some(&editor), &lines).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        app.settle_search_index().await;
        if app.backend == Backend::Postgres {
            use sea_orm::ConnectionTrait;
            app.db.execute_unprepared("ANALYZE articles").await.unwrap();
        }
        let window_size = gazette::content::articles::RELEVANCE_WINDOW as usize;
        let client = app.client();
        // The articles holding `word` (or its phrase), ranked: the window's newest.
        let ranks_newest_matches = |query: &'static str, word: &'static str| {
            let client = &client;
            let matching: Vec<i64> = (0..count).filter(|&i| holds(word, i)).collect();
            async move {
                let (mut ranked, mut listed) = (BTreeSet::new(), 0);
                let mut scores = BTreeMap::new();
                let mut after = Value::Null;
                loop {
                    let data = client.query(SEARCH, json!({ "q": query, "n": 100, "after": after })).await;
                    assert_eq!(data["articles"]["totalCount"], matching.len(), "{:?}: {query}", app.backend);
                    listed += slugs(&data).len();
                    ranked.extend(slugs(&data));
                    scores.extend(slugs(&data).into_iter().zip(edge_scores(&data)));
                    if data["articles"]["pageInfo"]["hasNextPage"] != json!(true) {
                        break;
                    }
                    after = data["articles"]["pageInfo"]["endCursor"].clone();
                }
                let newest: BTreeSet<String> = matching.iter().rev().take(window_size).map(|i| format!("n{i}")).collect();
                assert_eq!(ranked, newest, "{:?}: {query}", app.backend);
                assert_eq!(listed, newest.len(), "{:?}: {query} listed an article twice", app.backend);
                scores
            }
        };
        for word in ["harbour", "tide", "gull", "lantern"] {
            ranks_newest_matches(word, word).await;
        }
        ranks_newest_matches("\"harbour lantern\"", "lantern").await;
        // Where the window was looked for first: on PostgreSQL among the newest articles for
        // a word in 40% of them or more (here those in half or more), else after a time read
        // off its statistics; on SQLite by walking the newest, which finds the whole window
        // of "harbour" only.
        let viewer = gazette::content::Viewer::anonymous(crate::helpers::now());
        let window = |word: &'static str| {
            let (db, viewer) = (&app.db, &viewer);
            async move {
                let search = Search::parse("search", word).unwrap().prepare(db).await.unwrap();
                search.window(db, &viewer.article_condition(), viewer.now()).await.unwrap()
            }
        };
        let walked = |window: &Option<Window>| matches!(window, Some(Window::Rows(rows)) if rows.len() == window_size);
        for (word, in_half_or_more) in [("harbour", true), ("tide", true), ("gull", false), ("lantern", false)] {
            let found = window(word).await;
            match app.backend {
                Backend::Postgres if in_half_or_more => assert!(matches!(found, Some(Window::Newest(_))), "{word}: {found:?}"),
                Backend::Postgres => assert!(matches!(found, Some(Window::PublishedAfter(_))), "{word}: {found:?}"),
                Backend::Sqlite if word == "harbour" => assert!(walked(&found), "{word}: {found:?}"),
                _ => assert_eq!(found, None, "{word}"),
            }
        }
        if app.backend == Backend::Postgres {
            // A common phrase too: the planner counts it from the index of its pairs.
            let found = window("\"harbour lantern\"").await;
            assert!(matches!(found, Some(Window::PublishedAfter(_))), "{found:?}");
        }
        // 500 newer "harbour" articles, scheduled, not yet published: not searched, and not
        // counted among the newest articles either, or SQLite would walk them instead.
        let scheduled: String = (count..count + 500).map(|i| article(i, "harbour", "SCHEDULED", count - i - 1)).collect();
        let (status, report) = app.post_import("?autoTag=false", Some(&editor), &scheduled).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        app.settle_search_index().await;
        let harbour_scores = ranks_newest_matches("harbour", "harbour").await;
        if app.backend == Backend::Sqlite {
            let found = window("harbour").await;
            assert!(walked(&found), "after scheduling: {found:?}");
        }
        // In another order than relevance, pages and counts of a word in every article, in
        // about half and in one: on PostgreSQL and SQLite the two common ones are found by
        // walking the time index (SQLite then scores the page's rows on their own), the rare
        // one collected from the full-text index. Scores are those the ranking gave.
        let newest = |word: &'static str, first: i64| {
            let client = &client;
            async move {
                let order = json!([{ "field": "PUBLISHED_AT", "direction": "DESC" }]);
                let data = client.query(SEARCH, json!({ "q": word, "o": order, "n": first })).await;
                (data["articles"]["totalCount"].clone(), slugs(&data))
            }
        };
        let n = |range: std::ops::Range<i64>| range.rev().map(|i| format!("n{i}")).collect::<Vec<_>>();
        assert_eq!(newest("harbour", 3).await, (json!(count), n(count - 3..count)));
        let order = json!([{ "field": "PUBLISHED_AT", "direction": "DESC" }]);
        let page = client.query(SEARCH, json!({ "q": "harbour", "o": order, "n": 20 })).await;
        for (slug, score) in slugs(&page).into_iter().zip(edge_scores(&page)) {
            let ranked = harbour_scores[&slug];
            assert!(
                (score - ranked).abs() <= 1e-9 * ranked.abs().max(1.0) && score > 0.0,
                "{:?}: {slug} scored {score} newest first, {ranked} ranked",
                app.backend
            );
        }
        assert_eq!(newest("lantern", 3).await, (json!(lanterns), n(lanterns - 3..lanterns)));
        assert_eq!(newest("kestrel", 5).await, (json!(1), n(7..8)));
        if app.backend != Backend::MySql {
            let walks = |word: &'static str| {
                let (db, viewer) = (&app.db, &viewer);
                async move {
                    let search = Search::parse("search", word).unwrap().prepare(db).await.unwrap();
                    let found = search.unranked_window(db, &viewer.article_condition()).await.unwrap();
                    found == Some(Window::Walk)
                }
            };
            assert!(walks("harbour").await, "a word in every article is walked");
            assert!(!walks("kestrel").await, "a word in one article is collected");
        }
    }
);

db_test!(
    async fn phrases_of_common_words_find_exactly_their_articles(app) {
        // "harbour" and "lantern" are in every article, side by side in three only: each
        // engine must find those three (PostgreSQL through the index of adjacent pairs),
        // and no article where the words are apart or the other way round.
        let text = |slug: String, title: &str, body: String| ArticleSpec {
            slug,
            title: title.into(),
            body,
            body_format: "TEXT",
            ..Default::default()
        };
        for i in 0..30 {
            let body = format!("Lantern {i} glowed over the quiet harbour while the ferry waited.");
            fixtures::article(&app.db, text(format!("apart{i}"), "Evening notes", body)).await;
        }
        let phrased = [
            ("titled", "Harbour lantern restored", "Volunteers repainted it with lantern oil near the harbour."),
            ("inside", "Night shift", "Keepers lit the old harbour lantern at dusk; the harbour stayed calm by the lantern."),
            ("twice", "Lantern talk", "Harbour lantern, they sang, and again harbour lantern: the chant of the pilots and their lantern."),
            ("reversed", "Lantern harbour", "The lantern harbour is a bay, and a lantern lights the harbour."),
        ];
        for (slug, title, body) in phrased {
            fixtures::article(&app.db, text(slug.into(), title, body.into())).await;
        }
        app.settle_search_index().await;
        let b = app.backend;
        let set = |slugs: Vec<String>| slugs.into_iter().collect::<BTreeSet<_>>();
        let expected = |slugs: &[&str]| slugs.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(set(found(app, "\"harbour lantern\"").await), expected(&["titled", "inside", "twice"]), "{b:?}");
        assert_eq!(set(found(app, "\"lantern harbour\"").await), expected(&["reversed"]), "{b:?}");
        assert_eq!(set(found(app, "\"harbour lantern\" -restored").await), expected(&["inside", "twice"]), "{b:?}");
        // Either side of `or` finds its own articles.
        let either = app.client().query(SEARCH, json!({ "q": "\"harbour lantern\" or ferry" })).await;
        assert_eq!(either["articles"]["totalCount"], 33, "{b:?}");
        assert_eq!(set(found(app, "\"old harbour lantern\"").await), expected(&["inside"]), "{b:?}");
        assert!(found(app, "\"harbour lantern oil\"").await.is_empty(), "{b:?}");
        // The title match ranks first.
        assert_eq!(found(app, "\"harbour lantern\"").await[0], "titled", "{b:?}");
    }
);

db_test!(
    async fn phrase_count_estimates_are_close_to_their_counts(app) {
        // "river ferry" side by side in 60 articles, both words apart in 40 more.
        for i in 0..100 {
            let body = if i < 60 {
                format!("The river ferry number {i} ran late again this morning.")
            } else {
                format!("Ferry number {i} crossed the wide river this morning.")
            };
            let spec = ArticleSpec {
                slug: format!("crossing-{i}"),
                title: format!("Crossing notes {i}"),
                body,
                body_format: "TEXT",
                ..Default::default()
            };
            fixtures::article(&app.db, spec).await;
        }
        app.settle_search_index().await;
        gazette::db::analyze(&app.db).await.unwrap();
        let q = "query($q: String) { articles(search: $q) { totalCount totalCountEstimate } }";
        let data = app.client().query(q, json!({ "q": "\"river ferry\"" })).await;
        assert_eq!(data["articles"]["totalCount"], 60, "{:?}", app.backend);
        let estimate = data["articles"]["totalCountEstimate"].as_i64().unwrap();
        if app.backend == Backend::Postgres {
            // The planner's guess, from the statistics of the index of adjacent pairs.
            assert!((30..=120).contains(&estimate), "{estimate}");
        } else {
            assert_eq!(estimate, 60, "{:?}", app.backend);
        }
    }
);

db_test!(
    async fn phrases_of_a_longest_article_are_found(app) {
        // A body near the largest accepted, of 12,000 long words in random order from 2,000:
        // more pairs of adjacent words than PostgreSQL's index of pairs holds for one
        // article (1 MB), so there it stands for every pair, and is still checked.
        let word = |n: usize| -> String {
            let letters: String = (0..4).map(|k| char::from(b'a' + ((n / 26usize.pow(k)) % 26) as u8)).collect();
            format!("{letters}{}", "q".repeat(76))
        };
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let words: Vec<String> = (0..12_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                word((state % 2_000) as usize)
            })
            .collect();
        let body = words.join(" ");
        assert!(body.len() < gazette::content::validate::MAX_BODY_BYTES);
        let spec = ArticleSpec {
            slug: "longest".into(),
            title: "Longest".into(),
            body,
            body_format: "TEXT",
            ..Default::default()
        };
        fixtures::article(&app.db, spec).await;
        app.settle_search_index().await;
        let b = app.backend;
        let phrase = format!("\"{} {}\"", words[5_000], words[5_001]);
        assert_eq!(found(app, &phrase).await, ["longest"], "{b:?}");
        if b == Backend::Postgres {
            use sea_orm::ConnectionTrait;
            let row = app
                .db
                .query_one_raw(sea_orm::Statement::from_string(
                    sea_orm::DbBackend::Postgres,
                    "SELECT gazette_search_pairs(search)::text AS pairs FROM articles WHERE slug = 'longest'",
                ))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(row.try_get::<String>("", "pairs").unwrap(), format!("'{}'", migration::EVERY_PAIR));
        }
    }
);

db_test!(
    async fn phrase_index_migrates_down_and_up(app) {
        // The index of adjacent pairs (PostgreSQL's last migration; nothing to do elsewhere)
        // goes with its function and comes back, and phrases are found again.
        seed(app).await;
        let b = app.backend;
        gazette::db::migrate_down(&app.db, &app.db_config, 1).await.unwrap();
        let pairs_function = || async {
            use sea_orm::ConnectionTrait;
            let sql = "SELECT count(*) AS n FROM pg_proc WHERE proname = 'gazette_search_pairs' \
                       AND pronamespace = to_regnamespace(current_schema()::text)";
            let statement = sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, sql);
            let row = app.db.query_one_raw(statement).await.unwrap().unwrap();
            row.try_get::<i64>("", "n").unwrap()
        };
        if b == Backend::Postgres {
            assert_eq!(pairs_function().await, 0);
        }
        gazette::db::migrate(&app.db, &app.db_config).await.unwrap();
        if b == Backend::Postgres {
            assert_eq!(pairs_function().await, 1);
        }
        assert_eq!(found(app, "\"driest summer\"").await, ["drought"], "{b:?}");
        let wage: BTreeSet<String> = found(app, "\"wage deal\"").await.into_iter().collect();
        assert_eq!(wage, BTreeSet::from(["markets".to_string(), "strike".to_string()]), "{b:?}");
    }
);

db_test!(
    async fn bulk_loads_and_migrations_outlast_the_statement_timeout_of_requests(app) {
        // A request's statement is cancelled after the timeout; a migration's, which may
        // index every article of a large archive, is not, nor a bulk load's.
        use sea_orm::ConnectionTrait;
        let config = gazette::config::DatabaseConfig {
            statement_timeout_secs: 1,
            ..app.db_config.clone()
        };
        // A statement busy for about `secs` seconds (SQLite counts, some 7 million a second).
        let busy = |secs: f64| match app.backend {
            Backend::Postgres => format!("SELECT pg_sleep({secs})"),
            Backend::MySql => format!("SELECT SLEEP({secs})"),
            Backend::Sqlite => format!(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {}) SELECT count(*) FROM c",
                (secs * 7_000_000.0) as u64
            ),
        };
        let slow = busy(2.5);
        let requests = gazette::db::connect(&config).await.unwrap();
        let err = requests.execute_unprepared(&slow).await.unwrap_err();
        assert_eq!(gazette::error::AppError::from(err).code(), "UNAVAILABLE", "{:?}", app.backend);
        // The timeout counts from each statement's start (on SQLite, from when the pool hands
        // the connection out), not from when the connection was opened.
        tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
        // Short enough to finish within the timeout however busy the machine is, long enough
        // for SQLite to look at its deadline many times.
        let quick = busy(0.1);
        requests.execute_unprepared(&quick).await.unwrap();
        let migrations = gazette::db::connect_for_migrations(&config).await.unwrap();
        migrations.execute_unprepared(&slow).await.unwrap();
        let bulk = gazette::db::connect_for(&config, gazette::db::Workload::Bulk).await.unwrap();
        bulk.execute_unprepared(&slow).await.unwrap();
        requests.close().await.unwrap();
        migrations.close().await.unwrap();
        bulk.close().await.unwrap();
    }
);
