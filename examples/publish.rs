//! A CMS's editorial cycle through GraphQL with an editor key: draft → edit (with
//! `expectedVersion`) → schedule → publish → correct → archive, printing each step.
//!
//! Start a server and create a key, then run the example with it:
//!
//! ```sh
//! cargo run --release -- serve --demo &
//! export GAZETTE_KEY=$(cargo run --release -- keys create --role editor --name example-cms)
//! cargo run --example publish
//! ```
//!
//! `GAZETTE_URL` overrides the endpoint (default `http://127.0.0.1:8080/graphql`).

use serde_json::{Value, json};

const FIELDS: &str = "id slug status version publishedAt updatedBy";

struct Gazette {
    client: reqwest::Client,
    url: String,
    key: String,
}

impl Gazette {
    /// Runs one operation; GraphQL errors come back as `Err` with their code.
    async fn run(&self, query: &str, variables: Value) -> Result<Value, String> {
        let response: Value = self
            .client
            .post(&self.url)
            .bearer_auth(&self.key)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .map_err(|e| format!("cannot reach {}: {e}", self.url))?
            .json()
            .await
            .map_err(|e| format!("not a GraphQL response: {e}"))?;
        if let Some(error) = response["errors"].get(0) {
            return Err(format!(
                "{} ({})",
                error["message"].as_str().unwrap_or("error"),
                error["extensions"]["code"].as_str().unwrap_or("?")
            ));
        }
        Ok(response["data"].clone())
    }
}

fn show(step: &str, article: &Value) {
    println!(
        "{step:<10} {} v{} {} publishedAt={} by {}",
        article["slug"].as_str().unwrap_or("?"),
        article["version"],
        article["status"].as_str().unwrap_or("?"),
        article["publishedAt"].as_str().unwrap_or("-"),
        article["updatedBy"].as_str().unwrap_or("-"),
    );
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let gazette = Gazette {
        client: reqwest::Client::new(),
        url: std::env::var("GAZETTE_URL").unwrap_or_else(|_| "http://127.0.0.1:8080/graphql".into()),
        key: std::env::var("GAZETTE_KEY").map_err(|_| "set GAZETTE_KEY to an editor key (gazette keys create)")?,
    };

    let data = gazette
        .run(
            &format!("mutation($input: CreateArticleInput!) {{ createArticle(input: $input) {{ {FIELDS} }} }}"),
            json!({ "input": {
                "title": "Night ferry service resumes on the northern route",
                "language": "en",
                "byline": "Example Desk",
                "body": "The operator said the **first crossing** leaves at 22:00.",
                "tagSlugs": ["economy"],
            }}),
        )
        .await?;
    let article = &data["createArticle"];
    show("draft", article);
    let id = article["id"].clone();

    let data = gazette
        .run(
            &format!(
                "mutation($id: ID!, $v: Int) {{ updateArticle(id: $id, expectedVersion: $v,
                   input: {{summary: \"Crossings run nightly from Monday.\"}}) {{ {FIELDS} }} }}"
            ),
            json!({ "id": id, "v": article["version"] }),
        )
        .await?;
    show("edited", &data["updateArticle"]);

    // Editing again with the old version fails: someone (we) changed it meanwhile.
    match gazette
        .run(
            "mutation($id: ID!) { updateArticle(id: $id, expectedVersion: 1, input: {title: \"Stale\"}) { version } }",
            json!({ "id": id }),
        )
        .await
    {
        Err(error) => println!("stale     refused as expected: {error}"),
        Ok(_) => return Err("a stale expectedVersion was accepted".into()),
    }

    let at = (chrono::Utc::now() + chrono::Duration::hours(2)).to_rfc3339();
    let data = gazette
        .run(
            &format!("mutation($id: ID!, $at: DateTime) {{ publishArticle(id: $id, at: $at) {{ {FIELDS} }} }}"),
            json!({ "id": id, "at": at }),
        )
        .await?;
    show("scheduled", &data["publishArticle"]);

    let data = gazette
        .run(
            &format!("mutation($id: ID!) {{ publishArticle(id: $id) {{ {FIELDS} }} }}"),
            json!({ "id": id }),
        )
        .await?;
    show("published", &data["publishArticle"]);

    let data = gazette
        .run(
            &format!(
                "mutation($id: ID!) {{ addCorrection(id: $id, text: \"The first crossing leaves at 22:30.\") {{ {FIELDS} corrections {{ text }} }} }}"
            ),
            json!({ "id": id }),
        )
        .await?;
    show("corrected", &data["addCorrection"]);

    let data = gazette
        .run(
            &format!("mutation($id: ID!) {{ archiveArticle(id: $id) {{ {FIELDS} revisions(first: 10) {{ nodes {{ version }} }} }} }}"),
            json!({ "id": id }),
        )
        .await?;
    let archived = &data["archiveArticle"];
    show("archived", archived);
    let kept = archived["revisions"]["nodes"].as_array().map_or(0, Vec::len);
    println!("{kept} earlier versions kept as revisions");
    Ok(())
}
