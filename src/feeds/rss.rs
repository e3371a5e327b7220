//! RSS 2.0, written with the `rss` crate.
//!
//! RSS leaves a few things to extensions, and readers expect these:
//! - the feed's own address as `atom:link rel="self"` (the RSS Advisory Board's profile);
//! - the full body in `content:encoded`, the summary in `description`;
//! - the byline in Dublin Core's `dc:creator`: RSS `<author>` must be an e-mail address,
//!   which a byline is not; the article's language in `dc:language`, since RSS has a
//!   language only per channel and a Gazette feed can mix them.
//!
//! `description` is HTML to every reader (RSS allows entity-encoded HTML there), so the
//! plain-text summary is HTML-escaped before it goes in (`<`, `>` and `&` only: `&apos;` is
//! not HTML 4); otherwise `<` in a summary would be taken for a tag. Titles stay plain text, as RSS defines them.
//!
//! Each item's `guid` is the article id with `isPermaLink="false"`: the id never changes,
//! while the link may (a canonical URL set later), and readers would show the article again.
//! A tag becomes a `category` whose `domain` is the tag's kind (`PLACE`, `TOPIC`…), since a
//! slug is unique only within its kind. The article's source becomes `<source url=…>` when
//! the source has a home page; RSS requires the url, so a source without one is left out.

use ::rss::extension::atom::{AtomExtension, Link};
use ::rss::extension::dublincore::DublinCoreExtension;
use ::rss::{Category, Guid};

use super::{Channel, Item, document};

/// The media type of the document [`render`] writes.
pub const CONTENT_TYPE: &str = "application/rss+xml; charset=utf-8";

/// Renders `items`, in the order given, as an RSS 2.0 document about `channel`.
pub fn render(channel: &Channel, items: &[Item]) -> String {
    let rss = ::rss::Channel {
        title: channel.title.clone(),
        link: channel.link.clone(),
        description: channel.description.clone(),
        language: channel.language.clone(),
        last_build_date: Some(channel.updated.to_rfc2822()),
        atom_ext: Some(AtomExtension {
            links: vec![Link {
                href: channel.self_url.clone(),
                rel: "self".to_string(),
                mime_type: Some("application/rss+xml".to_string()),
                ..Link::default()
            }],
        }),
        items: items.iter().map(item).collect(),
        ..::rss::Channel::default()
    };
    document(rss.write_to(Vec::new()))
}

fn item(item: &Item) -> ::rss::Item {
    let article = &item.article;
    let source = item.source.as_ref().and_then(|source| {
        source.url.as_ref().map(|url| ::rss::Source {
            url: url.clone(),
            title: Some(source.name.clone()),
        })
    });
    ::rss::Item {
        title: Some(article.title.clone()),
        link: Some(item.url.clone()),
        description: article
            .summary
            .as_deref()
            .map(|summary| quick_xml::escape::partial_escape(summary).into_owned()),
        categories: item
            .tags
            .iter()
            .map(|tag| Category {
                name: tag.name.clone(),
                domain: Some(tag.kind.as_str().to_string()),
            })
            .collect(),
        guid: Some(Guid {
            value: article.id.to_string(),
            permalink: false,
        }),
        pub_date: article.published_at.map(|t| t.to_rfc2822()),
        source,
        content: Some(item.content_html.clone()),
        dublin_core_ext: Some(DublinCoreExtension {
            creators: article.byline.iter().cloned().collect(),
            languages: vec![article.language.clone()],
            ..DublinCoreExtension::default()
        }),
        ..::rss::Item::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::fixtures::{self, GERMAN_TITLE, PERSIAN_TITLE, TRICKY_HTML, TRICKY_TITLE};

    fn parsed(xml: &str) -> feed_rs::model::Feed {
        feed_rs::parser::parse(xml.as_bytes()).expect("feed-rs reads the RSS")
    }

    #[test]
    fn feed_rs_reads_back_every_item() {
        let items = fixtures::items();
        let xml = render(&fixtures::channel(), &items);
        let feed = parsed(&xml);

        assert_eq!(feed.feed_type, feed_rs::model::FeedType::RSS2);
        assert_eq!(
            feed.title.as_ref().map(|t| t.content.as_str()),
            Some("Gazette — articles")
        );
        assert_eq!(feed.language.as_deref(), Some("en"));
        assert_eq!(feed.updated, Some(fixtures::at(21, 9)));
        assert_eq!(feed.entries.len(), 3);
        for (entry, item) in feed.entries.iter().zip(&items) {
            fixtures::assert_entry(entry, item);
        }
        let titles: Vec<_> = feed.entries.iter().filter_map(|e| e.title.as_ref()).collect();
        assert_eq!(titles[0].content, TRICKY_TITLE);
        assert_eq!(titles[1].content, PERSIAN_TITLE);
        assert_eq!(titles[2].content, GERMAN_TITLE);
        assert_eq!(
            feed.entries[0].content.as_ref().and_then(|c| c.body.as_deref()),
            Some(TRICKY_HTML)
        );

        let categories: Vec<(&str, Option<&str>)> = feed.entries[0]
            .categories
            .iter()
            .map(|c| (c.term.as_str(), c.scheme.as_deref()))
            .collect();
        assert_eq!(
            categories,
            [("Tehran", Some("PLACE")), ("Bonds & Yields", Some("TOPIC"))]
        );
        assert!(feed.entries[1].categories.is_empty());
    }

    #[test]
    fn the_rss_crate_reads_back_guid_source_creator_and_content() {
        let items = fixtures::items();
        let xml = render(&fixtures::channel(), &items);
        let channel: ::rss::Channel = xml.parse().expect("the rss crate reads the RSS");

        let self_link = channel
            .atom_ext
            .as_ref()
            .and_then(|a| a.links.first())
            .expect("atom:link");
        assert_eq!(self_link.rel, "self");
        assert_eq!(self_link.href, "https://news.example.org/feeds/articles.xml");
        assert_eq!(
            channel.last_build_date.as_deref(),
            Some("Fri, 21 Mar 2025 09:30:15 +0000")
        );

        for (read, item) in channel.items.iter().zip(&items) {
            let guid = read.guid.as_ref().expect("a guid");
            assert_eq!(guid.value, item.article.id.to_string());
            assert!(!guid.permalink, "the article id is not a link");
            assert_eq!(read.content.as_deref(), Some(item.content_html.as_str()));
            let dc = read.dublin_core_ext.as_ref().expect("Dublin Core");
            assert_eq!(dc.creators, item.article.byline.iter().cloned().collect::<Vec<_>>());
            assert_eq!(dc.languages, [item.article.language.as_str()]);
            assert_eq!(read.author, None, "RSS <author> is for e-mail addresses");
        }

        // Only the first item's source has a home page.
        let source = channel.items[0].source.as_ref().expect("a <source>");
        assert_eq!(source.url, "https://wire.example.com/?lang=en&x=1");
        assert_eq!(source.title.as_deref(), Some("Wire & Co. News"));
        assert_eq!(channel.items[1].source, None);
        assert_eq!(channel.items[2].source, None);
        assert!(
            xml.contains(r#"<source url="https://wire.example.com/?lang=en&amp;x=1">Wire &amp; Co. News</source>"#)
        );
        assert_eq!(xml.matches("<source ").count(), 1);
    }

    #[test]
    fn the_summary_is_html_escaped_into_the_description() {
        let items = fixtures::items();
        let channel: ::rss::Channel = render(&fixtures::channel(), &items).parse().expect("valid RSS");
        assert_eq!(
            channel.items[0].description.as_deref(),
            Some("Yields swing &lt;sharply&gt; after the central bank's remarks.")
        );
        assert_eq!(channel.items[2].description, None);
    }

    #[test]
    fn an_article_without_publication_time_has_no_pub_date() {
        let mut items = fixtures::items();
        items[2].article.published_at = None;
        let xml = render(&fixtures::channel(), &items);
        assert_eq!(xml.matches("<pubDate>").count(), 2);
        assert_eq!(parsed(&xml).entries[2].published, None);
    }

    #[test]
    fn no_items_is_a_valid_feed() {
        let xml = render(&fixtures::channel(), &[]);
        let feed = parsed(&xml);
        assert!(feed.entries.is_empty());
        assert_eq!(feed.title.map(|t| t.content), Some("Gazette — articles".to_string()));
        let channel: ::rss::Channel = xml.parse().expect("valid RSS");
        assert_eq!(channel.link, "https://news.example.org/");
        assert_eq!(channel.description, "Every public article, newest first");
    }
}
