//! Feeds and sitemaps: RSS 2.0, Atom 1.0, JSON Feed 1.1, sitemap indexes and Google News
//! sitemaps, rendered as text.
//!
//! Pure functions: the HTTP handlers choose the articles (through [`crate::content`], so
//! visibility and ordering stay there), render each body, build the absolute URLs and hand
//! a [`Channel`] and its [`Item`]s here. Nothing in this module reads the database or knows
//! about routes, so every format is tested on plain values.
//!
//! The same article looks the same in every format: the article id is the item's identity
//! (RSS `guid`, Atom `urn:uuid:` id, JSON Feed `id`), the byline is its author, its tags
//! are its categories and the rendered body its full content.

pub mod atom;
pub mod json_feed;
pub mod routes;
pub mod rss;
pub mod sitemap;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::content::articles::Article;
use crate::content::sources::Source;
use crate::content::tags::Tag;

/// What a feed is about: all articles, one source's or one tag's.
#[derive(Clone, Debug)]
pub struct Channel {
    /// The feed's name, e.g. "Gazette — articles", a source's name or a tag's name.
    pub title: String,
    /// One or two sentences on what the feed carries.
    pub description: String,
    /// Absolute URL of the human-facing page (or the public base URL).
    pub link: String,
    /// Absolute URL of this feed document itself.
    pub self_url: String,
    /// The feed's language (BCP 47), when all of it is in one.
    pub language: Option<String>,
    /// The newest item's time, or now when there are no items.
    pub updated: DateTime<Utc>,
}

/// One article in a feed, with what the caller looked up and rendered for it.
#[derive(Clone, Debug)]
pub struct Item {
    /// The article as the viewer may see it.
    pub article: Article,
    /// Absolute link: the canonical URL, else `<base>/articles/<slug>`.
    pub url: String,
    /// The full body as sanitized HTML (see [`crate::content::body::render`]).
    pub content_html: String,
    /// The article's source, if it has one.
    pub source: Option<Source>,
    /// The article's tags.
    pub tags: Vec<Tag>,
}

impl Item {
    /// When the item last changed as a reader sees it: a scheduled article becomes public
    /// at its publication time without being written, so `updated_at` can be older than
    /// `published_at`, and a feed saying an entry changed before it appeared confuses readers.
    fn modified(&self) -> DateTime<Utc> {
        match self.article.published_at {
            Some(published) if published > self.article.updated_at => published,
            _ => self.article.updated_at,
        }
    }
}

/// A W3C date-time (RFC 3339) in UTC, to the second: what Atom, JSON Feed and sitemaps
/// expect; feed readers and crawlers have no use for fractions of a second.
fn rfc3339(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The text of a document written into memory.
///
/// The writers fail only when the `std::io::Write` under them does, and a `Vec<u8>` never
/// does; everything written comes from `&str`, so the bytes are UTF-8. A failure here is a
/// bug, and a panic (a 500 from the handler) beats serving an empty feed as if it were valid.
fn document<E: std::fmt::Display>(written: Result<Vec<u8>, E>) -> String {
    match written.map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => unreachable!("a feed written from &str is not UTF-8: {e}"),
        Err(e) => unreachable!("writing a feed into memory failed: {e}"),
    }
}

/// Articles, sources and tags for the tests of every format.
#[cfg(test)]
pub(crate) mod fixtures {
    use chrono::{DateTime, TimeZone, Utc};
    use uuid::Uuid;

    use super::{Channel, Item};
    use crate::content::articles::{Article, ArticleStatus, BodyFormat};
    use crate::content::sources::Source;
    use crate::content::tags::{Tag, TagKind};

    /// Checks what RSS and JSON Feed both carry of an item: id, title, link, publication
    /// time, full content and the byline as the only author.
    pub fn assert_entry(entry: &feed_rs::model::Entry, item: &Item) {
        assert_eq!(entry.id, item.article.id.to_string());
        assert_eq!(
            entry.title.as_ref().map(|t| t.content.as_str()),
            Some(item.article.title.as_str())
        );
        assert_eq!(entry.links.first().map(|l| l.href.as_str()), Some(item.url.as_str()));
        assert_eq!(entry.published, item.article.published_at);
        assert_eq!(
            entry.content.as_ref().and_then(|c| c.body.as_deref()),
            Some(item.content_html.as_str())
        );
        let authors: Vec<&str> = entry.authors.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            authors,
            item.article.byline.iter().map(String::as_str).collect::<Vec<_>>()
        );
    }

    /// A title that needs escaping in XML and JSON.
    pub const TRICKY_TITLE: &str = r#"Rates & "bonds" <rise> as markets' mood shifts"#;
    /// A right-to-left title.
    pub const PERSIAN_TITLE: &str = "بازار تهران پس از تعطیلات نوروز بازگشایی شد";
    /// A title with umlauts and ß.
    pub const GERMAN_TITLE: &str = "Grüße aus Köln: Straßenfest zieht Tausende an";
    /// The first item's body, with markup and an entity that must come back verbatim.
    pub const TRICKY_HTML: &str = r#"<p>Bond yields rose &amp; fell within <em>one hour</em>.</p><p><a href="https://example.org/a?b=1&amp;c=2">Chart</a></p>"#;

    pub fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, day, hour, 30, 15)
            .single()
            .expect("a valid fixture date")
    }

    pub fn channel() -> Channel {
        Channel {
            title: "Gazette — articles".to_string(),
            description: "Every public article, newest first".to_string(),
            link: "https://news.example.org/".to_string(),
            self_url: "https://news.example.org/feeds/articles.xml".to_string(),
            language: Some("en".to_string()),
            updated: at(21, 9),
        }
    }

    pub fn article(n: u128, title: &str, language: &str) -> Article {
        Article {
            id: Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0000 + n),
            slug: format!("article-{n}"),
            title: title.to_string(),
            subtitle: None,
            summary: None,
            body: String::new(),
            body_format: BodyFormat::Html,
            byline: None,
            language: language.to_string(),
            status: ArticleStatus::Published,
            published_at: Some(at(20, 8)),
            canonical_url: None,
            external_id: None,
            version: 1,
            source_id: None,
            created_at: at(19, 7),
            updated_at: at(19, 7),
            expires_at: None,
            withdrawn_reason: None,
            created_by: None,
            updated_by: None,
            hit: None,
        }
    }

    pub fn source(slug: &str, name: &str, url: Option<&str>) -> Source {
        Source {
            id: Uuid::from_u128(0x0195_0000_0000_7000_9000_0000_0000_0001),
            slug: slug.to_string(),
            name: name.to_string(),
            short_name: None,
            url: url.map(str::to_string),
            country: None,
            language: None,
            description: None,
            created_at: at(1, 0),
            updated_at: at(2, 0),
        }
    }

    pub fn tag(slug: &str, name: &str, kind: TagKind) -> Tag {
        Tag {
            id: Uuid::nil(),
            slug: slug.to_string(),
            name: name.to_string(),
            kind,
            aliases: Vec::new(),
            created_at: at(1, 0),
            updated_at: at(1, 0),
        }
    }

    /// Three items: an English one with everything (byline, summary, a source with a home
    /// page, two tags, a body needing escapes), a Persian one whose source has no home page,
    /// and a German one with neither byline, source, tags nor summary.
    pub fn items() -> Vec<Item> {
        let mut english = article(1, TRICKY_TITLE, "en-GB");
        english.byline = Some("Jane Doe & John Roe".to_string());
        english.summary = Some("Yields swing <sharply> after the central bank's remarks.".to_string());
        english.published_at = Some(at(21, 9));
        english.updated_at = at(21, 10);
        let mut persian = article(2, PERSIAN_TITLE, "fa");
        persian.byline = Some("مریم احمدی".to_string());
        persian.published_at = Some(at(20, 12));
        let german = article(3, GERMAN_TITLE, "de");
        vec![
            Item {
                url: "https://news.example.org/articles/article-1".to_string(),
                content_html: TRICKY_HTML.to_string(),
                source: Some(source(
                    "wire",
                    "Wire & Co. News",
                    Some("https://wire.example.com/?lang=en&x=1"),
                )),
                tags: vec![
                    tag("tehran", "Tehran", TagKind::Place),
                    tag("bonds", "Bonds & Yields", TagKind::Topic),
                ],
                article: english,
            },
            Item {
                url: "https://news.example.org/articles/article-2".to_string(),
                content_html: "<p>بازار امروز باز شد.</p>".to_string(),
                source: Some(source("local-paper", "روزنامه محلی", None)),
                tags: Vec::new(),
                article: persian,
            },
            Item {
                url: "https://koeln.example.de/artikel/strassenfest".to_string(),
                content_html: "<p>Tausende feierten in der Südstadt.</p>".to_string(),
                source: None,
                tags: Vec::new(),
                article: german,
            },
        ]
    }
}
