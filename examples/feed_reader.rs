//! A feed reader: follows one of Gazette's feeds and prints the new items, asking with the
//! last `ETag` so that an unchanged feed costs a `304` and no body.
//!
//! Start a server (`cargo run --release -- serve --demo`), then:
//!
//! ```sh
//! cargo run --example feed_reader                                 # /feeds/articles.atom once
//! cargo run --example feed_reader -- /feeds/tags/iran.rss 30      # every 30 s until Ctrl-C
//! ```
//!
//! `GAZETTE_URL` (default `http://127.0.0.1:8080`) is the server. Any feed works: RSS, Atom
//! or JSON Feed, with the REST list's parameters (`/feeds/articles.json?lang=en&limit=50`).

use std::collections::HashSet;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_NONE_MATCH};

#[tokio::main]
async fn main() -> Result<(), String> {
    let base = std::env::var("GAZETTE_URL").unwrap_or_else(|_| "http://127.0.0.1:8080".into());
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "/feeds/articles.atom".into());
    let every = match args.next() {
        Some(secs) => Some(Duration::from_secs(
            secs.parse().map_err(|_| format!("not a number of seconds: {secs}"))?,
        )),
        None => None,
    };
    let url = format!("{}{path}", base.trim_end_matches('/'));
    let client = reqwest::Client::new();
    let mut etag: Option<String> = None;
    let mut seen: HashSet<String> = HashSet::new();
    loop {
        let mut request = client.get(&url);
        if let Some(tag) = &etag {
            request = request.header(IF_NONE_MATCH, tag);
        }
        let response = request.send().await.map_err(|e| format!("cannot reach {url}: {e}"))?;
        match response.status() {
            StatusCode::NOT_MODIFIED => println!("(no change)"),
            StatusCode::OK => {
                etag = response
                    .headers()
                    .get(ETAG)
                    .and_then(|v| v.to_str().ok())
                    .map(String::from);
                let bytes = response.bytes().await.map_err(|e| e.to_string())?;
                let feed = feed_rs::parser::parse(&bytes[..]).map_err(|e| format!("not a feed: {e}"))?;
                if seen.is_empty() {
                    let title = feed.title.map(|t| t.content).unwrap_or_default();
                    println!("{title} ({} items)", feed.entries.len());
                }
                // Oldest first, so the newest ends up at the bottom of the terminal.
                for entry in feed.entries.iter().rev() {
                    if !seen.insert(entry.id.clone()) {
                        continue;
                    }
                    let when = entry.published.map(|t| t.format("%Y-%m-%d %H:%M").to_string());
                    let title = entry.title.as_ref().map(|t| t.content.as_str()).unwrap_or("(untitled)");
                    let link = entry.links.first().map(|l| l.href.as_str()).unwrap_or("");
                    println!("{}  {title}\n                  {link}", when.unwrap_or_default());
                }
            }
            status => {
                let body = response.text().await.unwrap_or_default();
                return Err(format!("{url} answered {status}: {body}"));
            }
        }
        match every {
            Some(pause) => tokio::time::sleep(pause).await,
            None => return Ok(()),
        }
    }
}
