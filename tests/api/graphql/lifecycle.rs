//! The editorial cycle as a CMS drives it: draft → edit → schedule → publish → correct →
//! withdraw or archive, with revisions and revert, seen by the public and by editors.

use chrono::Duration;
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{Client, fixtures, now};

const CREATE: &str = "mutation($input: CreateArticleInput!) {
  createArticle(input: $input) { id slug status version createdBy updatedBy publishedAt } }";

async fn create(editor: &Client<'_>, title: &str) -> (String, String) {
    let data = editor
        .query(
            CREATE,
            json!({ "input": { "title": title, "language": "en", "body": "First *draft*." } }),
        )
        .await;
    let a = &data["createArticle"];
    (
        a["id"].as_str().unwrap().to_string(),
        a["slug"].as_str().unwrap().to_string(),
    )
}

/// What the public sees of the article with `slug` (null when invisible).
async fn public(client: &Client<'_>, slug: &str) -> Value {
    client
        .query(
            "query($s: String!) { article(slug: $s) { title status body withdrawnReason summary
               corrections { text createdAt } createdBy updatedBy } }",
            json!({ "s": slug }),
        )
        .await["article"]
        .clone()
}

async fn public_titles(client: &Client<'_>) -> Vec<String> {
    let data = client
        .query("{ articles(first: 100) { nodes { title } } }", json!({}))
        .await;
    crate::helpers::pluck(&data["articles"], "title")
}

db_test!(
    async fn drafts_are_for_editors_until_published(app) {
        let editor = app.editor().await;
        let (id, slug) = create(&editor, "Harbour reopens after the storm").await;
        assert_eq!(slug, "harbour-reopens-after-the-storm");
        assert!(public(&app.client(), &slug).await.is_null(), "a draft is not public");
        assert!(!public_titles(&app.client()).await.contains(&"Harbour reopens after the storm".to_string()));
        let seen = public(&editor, &slug).await;
        assert_eq!(seen["status"], "DRAFT");
        assert!(seen["createdBy"].as_str().unwrap().starts_with("editor-"));

        let data = editor
            .query(
                "mutation($id: ID!) { publishArticle(id: $id) { status publishedAt version } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(data["publishArticle"]["status"], "PUBLISHED");
        assert_eq!(data["publishArticle"]["version"], 2);
        let published_at = data["publishArticle"]["publishedAt"].as_str().unwrap();
        assert_eq!(chrono::DateTime::parse_from_rfc3339(published_at).unwrap(), now(), "published now");
        let seen = public(&app.client(), &slug).await;
        assert_eq!(seen["status"], "PUBLISHED");
        assert_eq!(seen["body"], "<p>First <em>draft</em>.</p>\n");
        assert!(seen["createdBy"].is_null(), "key names are for editors: {seen}");
        assert!(public_titles(&app.client()).await.contains(&"Harbour reopens after the storm".to_string()));

        editor
            .query("mutation($id: ID!) { unpublishArticle(id: $id) { status } }", json!({ "id": id }))
            .await;
        assert!(public(&app.client(), &slug).await.is_null(), "unpublished is not public");
    }
);

db_test!(
    async fn scheduled_articles_appear_on_time_without_a_job(app) {
        let editor = app.editor().await;
        let (id, slug) = create(&editor, "Budget to be unveiled").await;
        let at = now() + Duration::hours(3);
        let data = editor
            .query(
                "mutation($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { status publishedAt } }",
                json!({ "id": id, "at": at.to_rfc3339() }),
            )
            .await;
        assert_eq!(data["publishArticle"]["status"], "SCHEDULED");

        // Before its time: invisible to the public, scheduled for editors.
        assert!(public(&app.client(), &slug).await.is_null());
        let early = app.client().at(at - Duration::seconds(1));
        assert!(public(&early, &slug).await.is_null());
        let scheduled = editor
            .query(
                "{ articles(filter: {status: {eq: SCHEDULED}}, first: 100) { nodes { slug status } } }",
                json!({}),
            )
            .await;
        assert!(crate::helpers::pluck(&scheduled["articles"], "slug").contains(&slug));

        // From its time on: public and PUBLISHED, in lists and counts too, for everyone.
        let on_time = app.client().at(at);
        let seen = public(&on_time, &slug).await;
        assert_eq!(seen["status"], "PUBLISHED");
        assert!(public_titles(&on_time).await.contains(&"Budget to be unveiled".to_string()));
        let published = on_time
            .query(
                "query($s: String!) { articles(filter: {slug: {eq: $s}, status: {eq: PUBLISHED}}) { totalCount } }",
                json!({ "s": slug }),
            )
            .await;
        assert_eq!(published["articles"]["totalCount"], 1);

        // Times are kept to the microsecond on every database.
        let data = editor
            .query(
                "mutation($id: ID!) { publishArticle(id: $id, at: \"2026-06-02T08:30:00.123456789Z\") { status publishedAt } }",
                json!({ "id": id }),
            )
            .await;
        let at = data["publishArticle"]["publishedAt"].as_str().unwrap();
        assert_eq!(
            chrono::DateTime::parse_from_rfc3339(at).unwrap(),
            chrono::DateTime::parse_from_rfc3339("2026-06-02T08:30:00.123456Z").unwrap()
        );
        let read = editor
            .query("query($id: ID!) { article(id: $id) { publishedAt } }", json!({ "id": id }))
            .await;
        assert_eq!(read["article"]["publishedAt"], at);
        // Publishing a scheduled article without a time brings it forward to now.
        let data = editor
            .query("mutation($id: ID!) { publishArticle(id: $id) { status publishedAt } }", json!({ "id": id }))
            .await;
        assert_eq!(data["publishArticle"]["status"], "PUBLISHED");
        let at = data["publishArticle"]["publishedAt"].as_str().unwrap();
        assert_eq!(chrono::DateTime::parse_from_rfc3339(at).unwrap(), now());
    }
);

db_test!(
    async fn expired_agency_copy_leaves_public_reads(app) {
        let editor = app.editor().await;
        let expires = now() + Duration::hours(1);
        let data = editor
            .query(
                CREATE,
                json!({ "input": { "title": "Wire copy with rights", "language": "en",
                                   "expiresAt": expires.to_rfc3339() } }),
            )
            .await;
        let id = data["createArticle"]["id"].as_str().unwrap().to_string();
        let slug = data["createArticle"]["slug"].as_str().unwrap().to_string();
        editor
            .query("mutation($id: ID!) { publishArticle(id: $id) { status } }", json!({ "id": id }))
            .await;
        assert_eq!(public(&app.client(), &slug).await["status"], "PUBLISHED");

        let later = app.client().at(expires);
        assert!(public(&later, &slug).await.is_null(), "expired copy is not public");
        assert!(!public_titles(&later).await.contains(&"Wire copy with rights".to_string()));
        let count = later
            .query("{ articles(filter: {title: {eq: \"Wire copy with rights\"}}) { totalCount } }", json!({}))
            .await;
        assert_eq!(count["articles"]["totalCount"], 0);
        // Editors still find it, at any time.
        assert_eq!(public(&editor.clone().at(expires), &slug).await["status"], "PUBLISHED");
    }
);

db_test!(
    async fn withdrawn_stories_answer_lookups_without_their_text(app) {
        let f = fixtures::standard(&app.db).await;
        let editor = app.editor().await;
        let id = f.articles["a1"].to_string();
        let before = app
            .client()
            .query("query($id: ID!) { article(id: $id) { slug } }", json!({ "id": id }))
            .await;
        let slug = before["article"]["slug"].as_str().unwrap().to_string();

        let (code, error) = editor
            .query_error(
                "mutation($id: ID!) { withdrawArticle(id: $id, reason: \"  \") { status } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!((code.as_str(), &error["extensions"]["field"]), ("BAD_USER_INPUT", &json!("reason")));

        editor
            .query(
                "mutation($id: ID!) { withdrawArticle(id: $id, reason: \"Legal complaint upheld\") { status } }",
                json!({ "id": id }),
            )
            .await;
        let seen = public(&app.client(), &slug).await;
        assert_eq!(seen["status"], "WITHDRAWN");
        assert_eq!(seen["withdrawnReason"], "Legal complaint upheld");
        assert_eq!(seen["body"], "", "the text of a killed story is not served");
        assert!(seen["summary"].is_null());
        let by_id = app
            .client()
            .query("query($id: ID!) { node(id: $id) { ... on Article { status } } }", json!({ "id": id }))
            .await;
        assert_eq!(by_id["node"]["status"], "WITHDRAWN");
        assert!(!public_titles(&app.client()).await.contains(&seen["title"].as_str().unwrap().to_string()));

        // Editors still read the text.
        assert_ne!(public(&editor, &slug).await["body"], "");
        // Publishing again lifts the withdrawal.
        editor
            .query("mutation($id: ID!) { publishArticle(id: $id) { status } }", json!({ "id": id }))
            .await;
        let seen = public(&app.client(), &slug).await;
        assert_eq!(seen["status"], "PUBLISHED");
        assert!(seen["withdrawnReason"].is_null());
    }
);

db_test!(
    async fn corrections_are_public_and_move_the_version(app) {
        let f = fixtures::standard(&app.db).await;
        let editor = app.editor().await;
        let id = f.articles["a2"].to_string();
        let add = "mutation($id: ID!, $t: String!) { addCorrection(id: $id, text: $t) { version corrections { text } } }";
        let data = editor.query(add, json!({ "id": id, "t": "An earlier version misspelt the minister's name." })).await;
        assert_eq!(data["addCorrection"]["version"], 2);
        let data = editor.query(add, json!({ "id": id, "t": "The meeting was on Tuesday, not Monday." })).await;
        assert_eq!(data["addCorrection"]["version"], 3);

        let seen = app
            .client()
            .query("query($id: ID!) { article(id: $id) { corrections { text createdAt } } }", json!({ "id": id }))
            .await;
        let texts: Vec<&str> = seen["article"]["corrections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["text"].as_str().unwrap())
            .collect();
        assert_eq!(
            texts,
            [
                "An earlier version misspelt the minister's name.",
                "The meeting was on Tuesday, not Monday."
            ]
        );
        let (code, error) = editor.query_error(add, json!({ "id": id, "t": "" })).await;
        assert_eq!((code.as_str(), &error["extensions"]["field"]), ("BAD_USER_INPUT", &json!("text")));
        let (code, _) = app.client().query_error(add, json!({ "id": id, "t": "Anonymous fix" })).await;
        assert_eq!(code, "UNAUTHENTICATED");
    }
);

db_test!(
    async fn revisions_keep_every_state_and_revert_restores_one(app) {
        let editor = app.editor().await;
        let (id, slug) = create(&editor, "Talks open in Vienna").await;
        let update = "mutation($id: ID!, $v: Int, $input: UpdateArticleInput!) {
            updateArticle(id: $id, expectedVersion: $v, input: $input) { version title summary updatedBy } }";
        let data = editor
            .query(update, json!({ "id": id, "v": 1, "input": { "title": "Talks open in Vienna amid protests", "summary": "Delegations arrive." } }))
            .await;
        assert_eq!(data["updateArticle"]["version"], 2);
        assert_eq!(data["updateArticle"]["summary"], "Delegations arrive.");
        let data = editor
            .query(update, json!({ "id": id, "v": 2, "input": { "title": "Talks stall in Vienna", "summary": null } }))
            .await;
        assert_eq!(data["updateArticle"]["version"], 3);
        assert!(data["updateArticle"]["summary"].is_null(), "null clears a field");

        let revisions = "query($id: ID!) { article(id: $id) { version revisions(first: 10) {
            nodes { id version title summary } pageInfo { hasNextPage } } } }";
        let data = editor.query(revisions, json!({ "id": id })).await;
        let nodes = data["article"]["revisions"]["nodes"].as_array().unwrap().clone();
        let versions: Vec<i64> = nodes.iter().map(|n| n["version"].as_i64().unwrap()).collect();
        assert_eq!(versions, [2, 1], "newest first");
        assert_eq!(nodes[0]["title"], "Talks open in Vienna amid protests");
        assert_eq!(nodes[1]["title"], "Talks open in Vienna");

        // Paging through revisions with cursors.
        let page = editor
            .query(
                "query($id: ID!) { article(id: $id) { revisions(first: 1) { nodes { version } pageInfo { endCursor hasNextPage } } } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(page["article"]["revisions"]["pageInfo"]["hasNextPage"], true);
        let cursor = page["article"]["revisions"]["pageInfo"]["endCursor"].clone();
        let next = editor
            .query(
                "query($id: ID!, $c: String) { article(id: $id) { revisions(first: 1, after: $c) { nodes { version } } } }",
                json!({ "id": id, "c": cursor }),
            )
            .await;
        assert_eq!(next["article"]["revisions"]["nodes"][0]["version"], 1);

        // Revert to the first state: a new version with that content, same slug.
        let data = editor
            .query(
                "mutation($id: ID!, $r: ID!) { revertArticle(id: $id, revision: $r, expectedVersion: 3) { version title slug summary } }",
                json!({ "id": id, "r": nodes[1]["id"] }),
            )
            .await;
        assert_eq!(data["revertArticle"]["version"], 4);
        assert_eq!(data["revertArticle"]["title"], "Talks open in Vienna");
        assert_eq!(data["revertArticle"]["slug"], slug);
        let data = editor.query(revisions, json!({ "id": id })).await;
        assert_eq!(data["article"]["revisions"]["nodes"][0]["title"], "Talks stall in Vienna");

        // Revisions are for editors only.
        let f = fixtures::standard(&app.db).await;
        let visible = f.articles["a1"].to_string();
        let (code, _) = app.client().query_error(revisions, json!({ "id": visible })).await;
        assert_eq!(code, "UNAUTHENTICATED");
        let reader = app.with_key(&app.key("reader", gazette::content::Role::Reader).await);
        let (code, _) = reader.query_error(revisions, json!({ "id": visible })).await;
        assert_eq!(code, "FORBIDDEN");
        // A revision of another article is refused.
        let (code, error) = editor
            .query_error(
                "mutation($id: ID!, $r: ID!) { revertArticle(id: $id, revision: $r) { version } }",
                json!({ "id": visible, "r": nodes[1]["id"] }),
            )
            .await;
        assert_eq!((code.as_str(), &error["extensions"]["field"]), ("BAD_USER_INPUT", &json!("revision")));
    }
);

db_test!(
    async fn editors_page_through_drafts_and_published_alike(app) {
        let f = fixtures::standard(&app.db).await;
        let editor = app.editor().await;
        // Three drafts in all, so that a page boundary falls between drafts (a tie).
        create(&editor, "Second draft").await;
        create(&editor, "Third draft").await;
        let all = f.articles.len() + 2;
        // Newest first: drafts (no publication time) lead, then by publication time.
        for (direction, size) in [("DESC", 2), ("ASC", 4)] {
            let query = format!(
                "query($after: String) {{ articles(first: {size}, after: $after, orderBy: [{{field: PUBLISHED_AT, direction: {direction}}}]) {{
                   nodes {{ slug publishedAt }} pageInfo {{ endCursor hasNextPage }} totalCount }} }}"
            );
            let (mut after, mut seen) = (Value::Null, Vec::new());
            loop {
                let data = editor.query(&query, json!({ "after": after })).await;
                let conn = &data["articles"];
                assert_eq!(conn["totalCount"], all);
                seen.extend(conn["nodes"].as_array().unwrap().iter().cloned());
                if conn["pageInfo"]["hasNextPage"] != true {
                    break;
                }
                after = conn["pageInfo"]["endCursor"].clone();
            }
            assert_eq!(seen.len(), all, "{direction}: every article once: {seen:#?}");
            let mut slugs: Vec<_> = seen.iter().map(|n| n["slug"].as_str().unwrap()).collect();
            slugs.sort();
            slugs.dedup();
            assert_eq!(slugs.len(), all, "{direction}: no duplicates");
            let drafts: Vec<usize> = seen
                .iter()
                .enumerate()
                .filter(|(_, n)| n["publishedAt"].is_null())
                .map(|(i, _)| i)
                .collect();
            assert!(!drafts.is_empty());
            let expected: Vec<usize> = if direction == "DESC" {
                (0..drafts.len()).collect()
            } else {
                (all - drafts.len()..all).collect()
            };
            assert_eq!(drafts, expected, "{direction}: drafts sort as unpublished-yet, at the newest end");
        }
    }
);
