//! Atom 1.0 (RFC 4287), written with the `atom_syndication` crate.
//!
//! - The feed's id is its own URL (stable, and unique to the feed); it links to itself
//!   (`rel="self"`) and to the human-facing page (`rel="alternate"`).
//! - An entry's id is `urn:uuid:<article id>`: an IRI that never changes, even when the
//!   article's link does.
//! - `updated` is when the article last changed, but never before its publication (see
//!   `Item::modified`).
//! - Atom requires an author for every entry of a feed without one: the byline, else the
//!   source's name, else the feed's title.
//! - A tag is a category whose `term` is the slug and `label` the name.
//! - The title, summary and content carry the article's language as `xml:lang`, since a feed
//!   can mix languages; the content is `type="html"`, so it stays escaped text, not markup.
//! - The article's source, if any, is the entry's `<source>`: the feed an agency story was
//!   taken from, named by the source's id, with its home page as the alternate link.

use atom_syndication::{Category, Content, Entry, Feed, Link, Person, Source, Text};

use super::{Channel, Item, document};

/// The media type of the document [`render`] writes.
pub const CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";

/// Renders `items`, in the order given, as an Atom 1.0 feed about `channel`.
pub fn render(channel: &Channel, items: &[Item]) -> String {
    let feed = Feed {
        title: Text::plain(channel.title.clone()),
        id: channel.self_url.clone(),
        updated: channel.updated.fixed_offset(),
        links: vec![
            Link {
                href: channel.self_url.clone(),
                rel: "self".to_string(),
                mime_type: Some("application/atom+xml".to_string()),
                ..Link::default()
            },
            alternate(&channel.link),
        ],
        subtitle: (!channel.description.is_empty()).then(|| Text::plain(channel.description.clone())),
        lang: channel.language.clone(),
        entries: items.iter().map(|item| entry(channel, item)).collect(),
        ..Feed::default()
    };
    document(feed.write_to(Vec::new()))
}

fn entry(channel: &Channel, item: &Item) -> Entry {
    let article = &item.article;
    let language = Some(article.language.clone());
    let author = article
        .byline
        .as_ref()
        .or(item.source.as_ref().map(|source| &source.name))
        .unwrap_or(&channel.title);
    Entry {
        title: Text {
            lang: language.clone(),
            ..Text::plain(article.title.clone())
        },
        id: format!("urn:uuid:{}", article.id),
        updated: item.modified().fixed_offset(),
        authors: vec![Person {
            name: author.clone(),
            ..Person::default()
        }],
        categories: item
            .tags
            .iter()
            .map(|tag| Category {
                term: tag.slug.clone(),
                label: Some(tag.name.clone()),
                ..Category::default()
            })
            .collect(),
        links: vec![alternate(&item.url)],
        published: article.published_at.map(|t| t.fixed_offset()),
        source: item.source.as_ref().map(|source| Source {
            title: Text::plain(source.name.clone()),
            id: format!("urn:uuid:{}", source.id),
            updated: source.updated_at.fixed_offset(),
            links: source.url.iter().map(|url| alternate(url)).collect(),
            ..Source::default()
        }),
        summary: article.summary.as_ref().map(|summary| Text {
            lang: language.clone(),
            ..Text::plain(summary.clone())
        }),
        content: Some(Content {
            value: Some(item.content_html.clone()),
            content_type: Some("html".to_string()),
            lang: language,
            ..Content::default()
        }),
        ..Entry::default()
    }
}

fn alternate(href: &str) -> Link {
    Link {
        href: href.to_string(),
        rel: "alternate".to_string(),
        mime_type: Some("text/html".to_string()),
        ..Link::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::fixtures::{self, GERMAN_TITLE, PERSIAN_TITLE, TRICKY_HTML, TRICKY_TITLE};

    fn parsed(xml: &str) -> feed_rs::model::Feed {
        feed_rs::parser::parse(xml.as_bytes()).expect("feed-rs reads the Atom feed")
    }

    #[test]
    fn feed_rs_reads_back_every_entry() {
        let items = fixtures::items();
        let xml = render(&fixtures::channel(), &items);
        let feed = parsed(&xml);

        assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
        assert_eq!(feed.id, "https://news.example.org/feeds/articles.xml");
        assert_eq!(
            feed.title.as_ref().map(|t| t.content.as_str()),
            Some("Gazette — articles")
        );
        assert_eq!(feed.updated, Some(fixtures::at(21, 9)));
        assert_eq!(feed.language.as_deref(), Some("en"));
        let links: Vec<(&str, Option<&str>)> = feed.links.iter().map(|l| (l.href.as_str(), l.rel.as_deref())).collect();
        assert_eq!(
            links,
            [
                ("https://news.example.org/feeds/articles.xml", Some("self")),
                ("https://news.example.org/", Some("alternate")),
            ]
        );

        assert_eq!(feed.entries.len(), 3);
        for (entry, item) in feed.entries.iter().zip(&items) {
            assert_eq!(entry.id, format!("urn:uuid:{}", item.article.id));
            assert_eq!(
                entry.title.as_ref().map(|t| t.content.as_str()),
                Some(item.article.title.as_str())
            );
            assert_eq!(entry.links.len(), 1);
            assert_eq!(entry.links[0].href, item.url);
            assert_eq!(entry.links[0].rel.as_deref(), Some("alternate"));
            assert_eq!(entry.published, item.article.published_at);
            assert_eq!(entry.language.as_deref(), Some(item.article.language.as_str()));
            let content = entry.content.as_ref().expect("content");
            assert_eq!(content.content_type.essence().to_string(), "text/html");
            assert_eq!(content.body.as_deref(), Some(item.content_html.as_str()));
        }
        let titles: Vec<&str> = feed
            .entries
            .iter()
            .filter_map(|e| e.title.as_ref())
            .map(|t| t.content.as_str())
            .collect();
        assert_eq!(titles, [TRICKY_TITLE, PERSIAN_TITLE, GERMAN_TITLE]);
        assert_eq!(
            feed.entries[0].content.as_ref().and_then(|c| c.body.as_deref()),
            Some(TRICKY_HTML)
        );
        assert_eq!(
            feed.entries[0].summary.as_ref().map(|s| s.content.as_str()),
            Some("Yields swing <sharply> after the central bank's remarks.")
        );
        assert!(feed.entries[2].summary.is_none());

        let categories: Vec<(&str, Option<&str>)> = feed.entries[0]
            .categories
            .iter()
            .map(|c| (c.term.as_str(), c.label.as_deref()))
            .collect();
        assert_eq!(
            categories,
            [("tehran", Some("Tehran")), ("bonds", Some("Bonds & Yields"))]
        );
    }

    #[test]
    fn every_entry_has_an_author_the_byline_else_the_source_else_the_feed() {
        let mut items = fixtures::items();
        items[1].article.byline = None;
        let feed = parsed(&render(&fixtures::channel(), &items));
        let authors: Vec<Vec<&str>> = feed
            .entries
            .iter()
            .map(|e| e.authors.iter().map(|p| p.name.as_str()).collect())
            .collect();
        assert_eq!(
            authors,
            [
                vec!["Jane Doe & John Roe"],
                vec!["روزنامه محلی"],
                vec!["Gazette — articles"]
            ]
        );
    }

    #[test]
    fn updated_is_the_last_change_but_never_before_publication() {
        let mut items = fixtures::items();
        // Written on the 19th, made public by its schedule on the 20th.
        items[2].article.updated_at = fixtures::at(19, 7);
        items[2].article.published_at = Some(fixtures::at(20, 8));
        let feed = parsed(&render(&fixtures::channel(), &items));
        assert_eq!(feed.entries[0].updated, Some(fixtures::at(21, 10)));
        assert_eq!(feed.entries[2].updated, Some(fixtures::at(20, 8)));
    }

    #[test]
    fn the_source_is_the_entrys_atom_source() {
        let feed: Feed = render(&fixtures::channel(), &fixtures::items())
            .parse()
            .expect("atom_syndication reads the feed");
        let wire = feed.entries[0].source.as_ref().expect("a source");
        assert_eq!(wire.title.value, "Wire & Co. News");
        assert_eq!(wire.id, "urn:uuid:01950000-0000-7000-9000-000000000001");
        assert_eq!(
            wire.links.first().map(|l| l.href.as_str()),
            Some("https://wire.example.com/?lang=en&x=1")
        );
        let paper = feed.entries[1].source.as_ref().expect("a source");
        assert!(paper.links.is_empty(), "a source without a home page has no link");
        assert!(feed.entries[2].source.is_none());
    }

    #[test]
    fn no_entries_is_a_valid_feed() {
        let xml = render(&fixtures::channel(), &[]);
        let feed = parsed(&xml);
        assert!(feed.entries.is_empty());
        assert_eq!(feed.id, "https://news.example.org/feeds/articles.xml");
        assert_eq!(
            feed.description.map(|d| d.content),
            Some("Every public article, newest first".to_string())
        );
    }
}
