//! JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>), written with serde.
//!
//! The format is a handful of fields, so plain serde structs say it best; no crate needed.
//! Fields without a value are left out rather than written as `null`, as the spec's examples
//! do. An item's `id` is the article id, its `tags` the tags' names, and its source goes
//! into the `_source` extension object (`{slug, name, url}`): JSON Feed has no source field
//! and reserves keys starting with `_` for extensions.

use serde::Serialize;

use super::{Channel, Item, document, rfc3339};

/// The media type of the document [`render`] writes.
pub const CONTENT_TYPE: &str = "application/feed+json; charset=utf-8";

/// The `version` every feed declares.
pub const VERSION: &str = "https://jsonfeed.org/version/1.1";

/// Renders `items`, in the order given, as a JSON Feed 1.1 document about `channel`.
pub fn render(channel: &Channel, items: &[Item]) -> String {
    let feed = JsonFeed {
        version: VERSION,
        title: &channel.title,
        home_page_url: &channel.link,
        feed_url: &channel.self_url,
        description: Some(channel.description.as_str()).filter(|d| !d.is_empty()),
        language: channel.language.as_deref(),
        items: items.iter().map(JsonItem::from).collect(),
    };
    document(serde_json::to_vec(&feed))
}

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: String,
    url: &'a str,
    title: &'a str,
    content_html: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    date_modified: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    language: &'a str,
    #[serde(rename = "_source", skip_serializing_if = "Option::is_none")]
    source: Option<SourceExtension<'a>>,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct SourceExtension<'a> {
    slug: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

impl<'a> From<&'a Item> for JsonItem<'a> {
    fn from(item: &'a Item) -> Self {
        let article = &item.article;
        Self {
            id: article.id.to_string(),
            url: &item.url,
            title: &article.title,
            content_html: &item.content_html,
            summary: article.summary.as_deref(),
            date_published: article.published_at.map(rfc3339),
            date_modified: rfc3339(item.modified()),
            authors: article.byline.iter().map(|name| Author { name }).collect(),
            tags: item.tags.iter().map(|tag| tag.name.as_str()).collect(),
            language: &article.language,
            source: item.source.as_ref().map(|source| SourceExtension {
                slug: &source.slug,
                name: &source.name,
                url: source.url.as_deref(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::feeds::fixtures::{self, GERMAN_TITLE, PERSIAN_TITLE, TRICKY_HTML, TRICKY_TITLE};

    fn value(text: &str) -> Value {
        serde_json::from_str(text).expect("valid JSON")
    }

    #[test]
    fn feed_rs_reads_back_every_item() {
        let items = fixtures::items();
        let feed = feed_rs::parser::parse(render(&fixtures::channel(), &items).as_bytes()).expect("feed-rs reads it");

        assert_eq!(feed.feed_type, feed_rs::model::FeedType::JSON);
        assert_eq!(
            feed.title.as_ref().map(|t| t.content.as_str()),
            Some("Gazette — articles")
        );
        assert_eq!(feed.entries.len(), 3);
        for (entry, item) in feed.entries.iter().zip(&items) {
            fixtures::assert_entry(entry, item);
        }
        let titles: Vec<&str> = feed
            .entries
            .iter()
            .filter_map(|e| e.title.as_ref())
            .map(|t| t.content.as_str())
            .collect();
        assert_eq!(titles, [TRICKY_TITLE, PERSIAN_TITLE, GERMAN_TITLE]);
        let categories: Vec<&str> = feed.entries[0].categories.iter().map(|c| c.term.as_str()).collect();
        assert_eq!(categories, ["Tehran", "Bonds & Yields"]);
    }

    #[test]
    fn fields_follow_json_feed_1_1() {
        let items = fixtures::items();
        let feed = value(&render(&fixtures::channel(), &items));

        assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(feed["title"], "Gazette — articles");
        assert_eq!(feed["home_page_url"], "https://news.example.org/");
        assert_eq!(feed["feed_url"], "https://news.example.org/feeds/articles.xml");
        assert_eq!(feed["description"], "Every public article, newest first");
        assert_eq!(feed["language"], "en");

        assert_eq!(
            feed["items"][0],
            json!({
                "id": "01950000-0000-7000-8000-000000000001",
                "url": "https://news.example.org/articles/article-1",
                "title": TRICKY_TITLE,
                "content_html": TRICKY_HTML,
                "summary": "Yields swing <sharply> after the central bank's remarks.",
                "date_published": "2025-03-21T09:30:15Z",
                "date_modified": "2025-03-21T10:30:15Z",
                "authors": [{"name": "Jane Doe & John Roe"}],
                "tags": ["Tehran", "Bonds & Yields"],
                "language": "en-GB",
                "_source": {"slug": "wire", "name": "Wire & Co. News", "url": "https://wire.example.com/?lang=en&x=1"},
            })
        );
        assert_eq!(
            feed["items"][1]["_source"],
            json!({"slug": "local-paper", "name": "روزنامه محلی"})
        );
        assert_eq!(feed["items"][1]["title"], PERSIAN_TITLE);
    }

    #[test]
    fn absent_values_are_left_out_not_null() {
        let mut items = fixtures::items();
        items[2].article.published_at = None;
        let mut channel = fixtures::channel();
        channel.language = None;
        channel.description = String::new();
        let feed = value(&render(&channel, &items));

        let keys = |v: &Value| {
            let mut keys: Vec<String> = v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
            keys.sort();
            keys
        };
        assert_eq!(keys(&feed), ["feed_url", "home_page_url", "items", "title", "version"]);
        assert_eq!(
            keys(&feed["items"][2]),
            ["content_html", "date_modified", "id", "language", "title", "url"]
        );
        assert_eq!(feed["items"][2]["date_modified"], "2025-03-19T07:30:15Z");
    }

    #[test]
    fn no_items_is_a_valid_feed() {
        let text = render(&fixtures::channel(), &[]);
        assert_eq!(value(&text)["items"], json!([]));
        let feed = feed_rs::parser::parse(text.as_bytes()).expect("feed-rs reads it");
        assert!(feed.entries.is_empty());
    }
}
