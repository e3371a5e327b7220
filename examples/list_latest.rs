//! A client paging through the newest articles of one source with cursors.
//!
//! Start a server (`cargo run --release -- serve --demo`), then:
//!
//! ```sh
//! cargo run --example list_latest -- SOURCE_SLUG [PAGES]
//! ```
//!
//! Without a slug it lists the sources to pick from. `GAZETTE_URL` overrides the endpoint.

use serde_json::{Value, json};

const PAGE: &str = r#"
query Latest($slug: String!, $after: String) {
  source(slug: $slug) {
    name
    articles(first: 10, after: $after) {
      totalCount
      nodes { publishedAt title section { name } }
      pageInfo { endCursor hasNextPage }
    }
  }
}"#;

async fn graphql(client: &reqwest::Client, url: &str, query: &str, variables: Value) -> Result<Value, String> {
    let response: Value = client
        .post(url)
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .map_err(|e| format!("cannot reach {url}: {e}"))?
        .json()
        .await
        .map_err(|e| format!("not a GraphQL response: {e}"))?;
    if let Some(errors) = response.get("errors") {
        return Err(format!("GraphQL errors: {errors}"));
    }
    Ok(response["data"].clone())
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let url = std::env::var("GAZETTE_URL").unwrap_or_else(|_| "http://127.0.0.1:8080/graphql".into());
    let client = reqwest::Client::new();
    let mut args = std::env::args().skip(1);
    let Some(slug) = args.next() else {
        let data = graphql(
            &client,
            &url,
            "{ sources(first: 100) { nodes { slug name articleCount } } }",
            json!({}),
        )
        .await?;
        println!("usage: list_latest SOURCE_SLUG [PAGES]; sources:");
        for s in data["sources"]["nodes"].as_array().into_iter().flatten() {
            println!(
                "  {:<24} {} ({} articles)",
                s["slug"].as_str().unwrap_or(""),
                s["name"],
                s["articleCount"]
            );
        }
        return Ok(());
    };
    let pages: usize = args.next().and_then(|p| p.parse().ok()).unwrap_or(3);

    let mut after: Option<String> = None;
    for page in 1..=pages {
        let data = graphql(&client, &url, PAGE, json!({ "slug": slug, "after": after })).await?;
        let source = &data["source"];
        if source.is_null() {
            return Err(format!("no source with slug {slug:?}"));
        }
        let articles = &source["articles"];
        if page == 1 {
            println!(
                "{} — {} articles",
                source["name"].as_str().unwrap_or(""),
                articles["totalCount"]
            );
        }
        println!("page {page}:");
        for a in articles["nodes"].as_array().into_iter().flatten() {
            let section = a["section"]["name"].as_str().unwrap_or("-");
            println!(
                "  {}  [{section}] {}",
                a["publishedAt"].as_str().unwrap_or(""),
                a["title"].as_str().unwrap_or("")
            );
        }
        if articles["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = articles["pageInfo"]["endCursor"].as_str().map(String::from);
    }
    Ok(())
}
