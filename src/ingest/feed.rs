//! Syndication feeds (RSS 2.0, RSS 1.0 and 0.9x, Atom, JSON Feed: whatever `feed-rs` reads),
//! turned into one [`ImportArticle`] per item, in feed order.
//!
//! # The feed
//! The feed becomes the articles' source: its title is the name, its first alternate link
//! (an absolute `http(s)` URL) the home page, its language the language and its description
//! (Atom: subtitle) the description, as one line of plain text of at most
//! [`MAX_SOURCE_DESCRIPTION`] characters. A feed without a title gives no source. The slug is
//! left to the importer.
//!
//! # An item
//! - `title`: plain text. An item without one is refused ("item has no title").
//! - `externalId`: the RSS `guid`, Atom `id` or JSON Feed `id`. An item without one has none:
//!   `feed-rs` would make one up (a random UUID when there is no link), which would turn every
//!   import of the same feed into new articles; the importer matches by URL or content key.
//! - `canonicalUrl`: the item's alternate link (RSS and JSON Feed links count as alternate),
//!   preferring an HTML one, absolute `http(s)` only. `self`, `enclosure`, `related` and other
//!   links are never the article's page.
//! - `publishedAt`: published, else updated.
//! - `body`: the full content (RSS `content:encoded`, Atom `content`, JSON Feed
//!   `content_html`/`content_text`), else the description (Atom: summary). `bodyFormat` follows
//!   its type: HTML (`text/html`, Atom `html` and `xhtml`), `TEXT` (`text/plain`, Atom `text`)
//!   or `MARKDOWN` (`text/markdown`); Atom `xhtml` loses the `<div>` that wraps it. Content that
//!   is only a link (Atom `src`) or not text (an image) does not count as content.
//! - `summary`: the description as plain text, only when the body is the full content (else
//!   the description is the body); paragraphs are kept, and it is cut at a word to at most
//!   [`MAX_SUMMARY`] characters, so that a feed repeating the whole article there still fits.
//! - `byline`: the authors' names, joined with `, `, each once. RSS `<author>` holds an
//!   address: `jane@example.com (Jane Doe)` and `Jane Doe <jane@example.com>` give "Jane Doe",
//!   a bare address gives nothing, anything else is taken as the name. An Atom entry without
//!   authors has the feed's, as the Atom spec says.
//! - `language`: the item's (Atom `xml:lang` on the content), else the feed's. A tag that is not
//!   BCP 47 (`English`) is dropped rather than refusing every item; the import's default applies.
//! - `tags`: one `TOPIC` per category, named by its label, else its term; empty ones are
//!   skipped and a name already given (in any case) is not repeated.
//!
//! # Plain text
//! Text that is HTML (Atom `type="html"`) has its tags stripped and entities decoded. RSS says
//! nothing about the markup of titles and descriptions and publishers routinely escape HTML into
//! them, so RSS text is treated as HTML too; Atom `type="text"` and JSON Feed text are plain, as
//! their specs say, and kept as written. Whitespace is then collapsed.

use std::collections::HashSet;

use feed_rs::model::{Category, Entry, Feed, FeedType, Link, Person, Text};

use crate::content::articles::BodyFormat;
use crate::content::body;
use crate::content::import::{ImportArticle, ImportSource, ImportSourceObject, ImportTag, ImportTagObject};
use crate::content::tags::TagKind;
use crate::content::validate;

/// Longest source description taken from a feed, in characters.
pub const MAX_SOURCE_DESCRIPTION: usize = 500;
/// Longest summary taken from an item, in characters: four bytes each at most, so it stays
/// within the importer's 10,000-byte limit.
pub const MAX_SUMMARY: usize = 2_500;

/// A feed parsed for import: its items as articles, each Ok or an error with its position.
#[derive(Clone, Debug)]
pub struct ParsedFeed {
    /// Each item with its 1-based position in the feed (the "line" of the import report), in
    /// feed order: the article, or why the item cannot be one.
    pub items: Vec<(usize, Result<ImportArticle, String>)>,
}

/// Parses a feed document. A document that is not a feed `feed-rs` can read is an error; an
/// item that cannot become an article is an error at its position, and the others still go in.
pub fn parse(bytes: &[u8]) -> Result<ParsedFeed, String> {
    let parser = feed_rs::parser::Builder::new()
        // An empty id means "none given"; see the module doc for why generated ids are unwanted.
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = parser
        .parse(bytes)
        .map_err(|e| format!("not an RSS, Atom or JSON feed: {e}"))?;
    let source = source(&feed);
    let items = feed
        .entries
        .iter()
        .enumerate()
        .map(|(i, entry)| (i + 1, article(entry, &feed, source.as_ref())))
        .collect();
    Ok(ParsedFeed { items })
}

/// The source every item of `feed` is from, if the feed has a title.
fn source(feed: &Feed) -> Option<ImportSource> {
    let name = one_line(&plain(feed.title.as_ref()?, &feed.feed_type));
    if name.is_empty() {
        return None;
    }
    let description = feed
        .description
        .as_ref()
        .map(|d| one_line(&plain(d, &feed.feed_type)))
        .filter(|d| !d.is_empty())
        .map(|d| cut(&d, MAX_SOURCE_DESCRIPTION));
    Some(ImportSource::New(ImportSourceObject {
        name,
        url: page_link(&feed.links),
        language: feed.language.as_deref().and_then(language),
        description,
        ..Default::default()
    }))
}

/// The article for one item, or why there is none.
fn article(entry: &Entry, feed: &Feed, source: Option<&ImportSource>) -> Result<ImportArticle, String> {
    let title = entry
        .title
        .as_ref()
        .map(|t| one_line(&plain(t, &feed.feed_type)))
        .unwrap_or_default();
    if title.is_empty() {
        return Err("item has no title".into());
    }
    let description = entry.summary.as_ref().filter(|s| !s.content.trim().is_empty());
    let (body, body_format, summary) = match full_content(entry, &feed.feed_type) {
        Some((body, format)) => {
            let summary = description
                .map(|d| paragraphs(&plain(d, &feed.feed_type)))
                .filter(|s| !s.is_empty())
                .map(|s| cut(&s, MAX_SUMMARY));
            (body, Some(format), summary)
        }
        None => match description {
            Some(d) => (
                xhtml_inner(d.content.trim(), &feed.feed_type).to_string(),
                text_format(d, &feed.feed_type),
                None,
            ),
            None => (String::new(), None, None),
        },
    };
    let external_id = Some(entry.id.trim()).filter(|id| !id.is_empty()).map(str::to_string);
    Ok(ImportArticle {
        title,
        summary,
        body,
        body_format: body_format.map(|f| f.as_str().to_string()),
        byline: byline(entry, feed),
        language: entry
            .language
            .as_deref()
            .and_then(language)
            .or_else(|| feed.language.as_deref().and_then(language)),
        published_at: entry.published.or(entry.updated),
        canonical_url: page_link(&entry.links),
        external_id,
        source: source.cloned(),
        tags: tags(&entry.categories),
        ..Default::default()
    })
}

/// The item's full content and its format, when it has some inline and in a text format.
fn full_content(entry: &Entry, feed_type: &FeedType) -> Option<(String, BodyFormat)> {
    let content = entry.content.as_ref()?;
    let body = content.body.as_deref().map(str::trim).filter(|b| !b.is_empty())?;
    let format = media_format(
        content.content_type.ty().as_str(),
        content.content_type.subty().as_str(),
    )?;
    Some((xhtml_inner(body, feed_type).to_string(), format))
}

/// Atom `xhtml` content without the `<div xmlns="http://www.w3.org/1999/xhtml">` that wraps
/// it, which the Atom spec says is not part of the content; other text unchanged.
fn xhtml_inner<'a>(body: &'a str, feed_type: &FeedType) -> &'a str {
    let Some(start_tag_end) = body.find('>') else {
        return body;
    };
    let wrapped = *feed_type == FeedType::Atom
        && body.starts_with("<div")
        && body[..start_tag_end].contains("http://www.w3.org/1999/xhtml")
        && body.ends_with("</div>");
    if wrapped {
        body[start_tag_end + 1..body.len() - "</div>".len()].trim()
    } else {
        body
    }
}

/// The body format of a text construct used as the body.
fn text_format(text: &Text, feed_type: &FeedType) -> Option<BodyFormat> {
    if is_html(text, feed_type) {
        return Some(BodyFormat::Html);
    }
    media_format(text.content_type.ty().as_str(), text.content_type.subty().as_str())
}

/// The body format of a media type, if articles can be stored in it.
fn media_format(ty: &str, subty: &str) -> Option<BodyFormat> {
    match (ty.to_ascii_lowercase().as_str(), subty.to_ascii_lowercase().as_str()) {
        ("text", "html") | ("application", "xhtml+xml") => Some(BodyFormat::Html),
        ("text", "plain") => Some(BodyFormat::Text),
        ("text", "markdown" | "x-markdown") => Some(BodyFormat::Markdown),
        _ => None,
    }
}

/// Whether a text construct is HTML: typed so, or untyped RSS text (see the module doc).
fn is_html(text: &Text, feed_type: &FeedType) -> bool {
    let format = media_format(text.content_type.ty().as_str(), text.content_type.subty().as_str());
    let untyped_is_html = matches!(feed_type, FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2);
    format == Some(BodyFormat::Html) || (untyped_is_html && format == Some(BodyFormat::Text))
}

/// The text of a text construct, without markup (whitespace not yet collapsed).
fn plain(text: &Text, feed_type: &FeedType) -> String {
    if is_html(text, feed_type) {
        body::render(&text.content, BodyFormat::Html, BodyFormat::Text)
    } else {
        text.content.clone()
    }
}

/// `text` on one line: runs of whitespace (line breaks, no-break spaces) become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` as paragraphs separated by one blank line, each on one line.
fn paragraphs(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().chain([""]) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(one_line(&current.join(" ")));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    out.join("\n\n")
}

/// `text` cut to at most `max` characters, at a word when one ends in the second half, with
/// an ellipsis when anything was cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_word = head
        .char_indices()
        .filter(|&(_, c)| c.is_whitespace())
        .map(|(i, _)| i)
        .next_back()
        .filter(|&i| head[..i].chars().count() >= max / 2)
        .unwrap_or(head.len());
    format!("{}…", head[..at_word].trim_end())
}

/// The first alternate link that is an absolute `http(s)` URL, an HTML one first. RSS and
/// JSON Feed links have no `rel` and are the page; Atom links without one are alternate.
fn page_link(links: &[Link]) -> Option<String> {
    let usable = |link: &&Link| {
        link.rel
            .as_deref()
            .is_none_or(|rel| rel.trim().eq_ignore_ascii_case("alternate"))
            && validate::url("url", link.href.trim()).is_ok()
    };
    // An Atom entry may offer the page in several types; HTML is the one a reader opens.
    let html = |link: &&Link| {
        link.media_type.as_deref().is_none_or(|t| {
            let t = t.trim().to_ascii_lowercase();
            t == "text/html" || t == "application/xhtml+xml"
        })
    };
    links
        .iter()
        .filter(usable)
        .find(html)
        .or_else(|| links.iter().find(usable))
        .map(|link| link.href.trim().to_string())
}

/// A language tag, if it is well-formed BCP 47.
fn language(tag: &str) -> Option<String> {
    validate::language("language", tag.trim()).ok()
}

/// The authors' names, each once, joined with `, `.
fn byline(entry: &Entry, feed: &Feed) -> Option<String> {
    let authors = if entry.authors.is_empty() && feed.feed_type == FeedType::Atom {
        &feed.authors
    } else {
        &entry.authors
    };
    let mut names: Vec<String> = Vec::new();
    for name in authors.iter().filter_map(|p| person_name(p, &feed.feed_type)) {
        if !names.iter().any(|n| n.to_lowercase() == name.to_lowercase()) {
            names.push(name);
        }
    }
    (!names.is_empty()).then(|| names.join(", "))
}

/// A person's name. `feed-rs` gives an RSS `<author>` as a person named "author" with the
/// element's text as the address, and an Atom author without a name as "unknown".
fn person_name(person: &Person, feed_type: &FeedType) -> Option<String> {
    let rss = matches!(feed_type, FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2);
    let name = match (person.name.as_str(), person.email.as_deref()) {
        ("author", Some(address)) if rss => name_in_address(address)?,
        ("unknown", _) if *feed_type == FeedType::Atom => return None,
        (name, _) => one_line(name),
    };
    (!name.is_empty()).then_some(name)
}

/// The name in an RSS `<author>`: `jane@example.com (Jane Doe)` or `Jane Doe
/// <jane@example.com>` give "Jane Doe", a bare address nothing, other text itself.
fn name_in_address(text: &str) -> Option<String> {
    let mut text = text.trim();
    if let (Some(open), Some(close)) = (text.find('('), text.rfind(')'))
        && open < close
    {
        let name = one_line(&text[open + 1..close]);
        if !name.is_empty() {
            return Some(name);
        }
        // An empty comment, as in `jane@example.com ()`: what is left is the address.
        text = text[..open].trim();
    }
    if let Some(lt) = text.find('<') {
        let name = one_line(text[..lt].trim().trim_matches('"'));
        if !name.is_empty() {
            return Some(name);
        }
    }
    let bare_address = text.contains('@') && !text.contains(char::is_whitespace);
    (!bare_address && !text.is_empty()).then(|| one_line(text))
}

/// One `TOPIC` tag per category, named by its label or else its term, without empty or
/// repeated (in any case) names.
fn tags(categories: &[Category]) -> Vec<ImportTag> {
    let mut seen = HashSet::new();
    categories
        .iter()
        .filter_map(|c| {
            let label = c.label.as_deref().map(one_line).filter(|l| !l.is_empty());
            let name = label.unwrap_or_else(|| one_line(&c.term));
            (!name.is_empty() && seen.insert(name.to_lowercase())).then(|| {
                ImportTag::New(ImportTagObject {
                    slug: None,
                    name,
                    kind: TagKind::Topic.as_str().into(),
                    aliases: vec![],
                })
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>  The Harbour  Gazette </title>
    <atom:link href="https://harbour.example/feed.xml" rel="self" type="application/rss+xml"/>
    <link>https://harbour.example/</link>
    <description>News &lt;b&gt;from&lt;/b&gt; the
      harbour &amp;amp; the hills.</description>
    <language>en-gb</language>
    <item>
      <title>Ferry &lt;em&gt;timetable&lt;/em&gt;   changes &amp;amp; delays</title>
      <link>https://harbour.example/2024/ferry</link>
      <guid isPermaLink="false">  harbour-1234  </guid>
      <pubDate>Tue, 05 Mar 2024 09:30:00 +0100</pubDate>
      <author>jane@harbour.example (Jane Doe)</author>
      <category>Transport</category>
      <category> transport </category>
      <category>Local News</category>
      <category>   </category>
      <description>&lt;p&gt;The ferry runs &lt;b&gt;later&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;From Monday.&lt;/p&gt;</description>
      <content:encoded><![CDATA[<p>The ferry runs <b>later</b> from Monday.</p><p>Details follow.</p>]]></content:encoded>
    </item>
    <item>
      <description>An item without a title.</description>
      <guid>harbour-1235</guid>
    </item>
    <item>
      <title>Council meets</title>
      <link>/relative/council</link>
      <author>clerk@harbour.example</author>
      <description>&lt;p&gt;The council meets on &lt;i&gt;Thursday&lt;/i&gt;.&lt;/p&gt;</description>
    </item>
  </channel>
</rss>"#;

    const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title type="html">Le &lt;i&gt;Courrier&lt;/i&gt; du Port</title>
  <subtitle>Nouvelles du port</subtitle>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2024-03-06T10:00:00Z</updated>
  <link rel="self" href="https://courrier.example/atom.xml"/>
  <link href="https://courrier.example/"/>
  <author><name>Rédaction</name></author>
  <entry>
    <title type="text">Q&amp;A: 3 &lt; 4 &lt;really&gt;</title>
    <id>tag:courrier.example,2024:entry-1</id>
    <link rel="enclosure" href="https://courrier.example/audio.mp3" type="audio/mpeg"/>
    <link rel="alternate" type="application/json" href="https://courrier.example/api/entry-1"/>
    <link rel="alternate" type="text/html" href="https://courrier.example/2024/entry-1"/>
    <published>2024-03-05T08:00:00Z</published>
    <updated>2024-03-06T09:00:00Z</updated>
    <author><name>Marie Curie</name><email>marie@courrier.example</email></author>
    <author><name>Pierre Curie</name></author>
    <author><name>marie curie</name></author>
    <category term="port" label="Le Port"/>
    <category term="meteo"/>
    <category term="harbour" label="le port"/>
    <summary type="html">&lt;p&gt;Un résumé.&lt;/p&gt;</summary>
    <content type="html" xml:lang="en">&lt;p&gt;Full &lt;b&gt;story&lt;/b&gt;.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Deuxième</title>
    <id>   </id>
    <link href="https://courrier.example/2024/entry-2"/>
    <updated>2024-03-06T09:30:00Z</updated>
    <summary>Seulement un résumé.</summary>
  </entry>
  <entry>
    <title>Troisième</title>
    <id>tag:courrier.example,2024:entry-3</id>
    <updated>2024-03-06T09:45:00Z</updated>
    <content type="text">Line one.

Line two.</content>
  </entry>
</feed>"#;

    fn articles(document: &str) -> Vec<(usize, Result<ImportArticle, String>)> {
        parse(document.as_bytes()).expect("a feed").items
    }

    fn ok(item: &(usize, Result<ImportArticle, String>)) -> &ImportArticle {
        item.1.as_ref().expect("an article")
    }

    fn source_of(article: &ImportArticle) -> &ImportSourceObject {
        match &article.source {
            Some(ImportSource::New(source)) => source,
            other => panic!("expected a new source, got {other:?}"),
        }
    }

    fn tag_names(article: &ImportArticle) -> Vec<(&str, &str)> {
        article
            .tags
            .iter()
            .map(|t| match t {
                ImportTag::New(t) => {
                    assert!(t.slug.is_none() && t.aliases.is_empty(), "{t:?}");
                    (t.name.as_str(), t.kind.as_str())
                }
                ImportTag::Slug(s) => panic!("expected a new tag, got slug {s}"),
            })
            .collect()
    }

    #[test]
    fn rss_items_keep_feed_order_and_positions() {
        let items = articles(RSS);
        assert_eq!(items.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(ok(&items[0]).title, "Ferry timetable changes & delays");
        assert_eq!(items[1].1.as_ref().expect_err("no title"), "item has no title");
        assert_eq!(ok(&items[2]).title, "Council meets");
    }

    #[test]
    fn rss_channel_becomes_the_source_of_every_item() {
        let items = articles(RSS);
        let first = source_of(ok(&items[0]));
        assert_eq!(first.name, "The Harbour Gazette");
        assert_eq!(
            first.url.as_deref(),
            Some("https://harbour.example/"),
            "not the self link"
        );
        assert_eq!(first.language.as_deref(), Some("en-gb"));
        assert_eq!(first.description.as_deref(), Some("News from the harbour & the hills."));
        assert!(first.slug.is_none() && first.short_name.is_none() && first.country.is_none());
        assert_eq!(source_of(ok(&items[2])).name, first.name);
    }

    #[test]
    fn rss_item_maps_content_encoded_guid_date_author_and_categories() {
        let items = articles(RSS);
        let a = ok(&items[0]);
        assert_eq!(a.external_id.as_deref(), Some("harbour-1234"));
        assert_eq!(a.canonical_url.as_deref(), Some("https://harbour.example/2024/ferry"));
        assert_eq!(
            a.published_at,
            Some(Utc.with_ymd_and_hms(2024, 3, 5, 8, 30, 0).single().expect("a time"))
        );
        assert_eq!(
            a.body,
            "<p>The ferry runs <b>later</b> from Monday.</p><p>Details follow.</p>"
        );
        assert_eq!(a.body_format.as_deref(), Some("HTML"));
        assert_eq!(a.summary.as_deref(), Some("The ferry runs later.\n\nFrom Monday."));
        assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(a.language.as_deref(), Some("en-gb"), "the feed's language");
        assert_eq!(tag_names(a), [("Transport", "TOPIC"), ("Local News", "TOPIC")]);
        assert!(a.slug.is_none() && a.status.is_none() && a.subtitle.is_none() && a.expires_at.is_none());
    }

    #[test]
    fn rss_item_without_content_has_its_description_as_body() {
        let items = articles(RSS);
        let a = ok(&items[2]);
        assert_eq!(a.body, "<p>The council meets on <i>Thursday</i>.</p>");
        assert_eq!(a.body_format.as_deref(), Some("HTML"));
        assert_eq!(a.summary, None);
        assert_eq!(a.external_id, None, "no made-up id");
        assert_eq!(a.canonical_url, None, "a relative link is not a URL");
        assert_eq!(a.byline, None, "a bare address is not a name");
        assert_eq!(a.published_at, None);
        assert!(a.tags.is_empty());
    }

    #[test]
    fn rss_author_names_come_out_of_addresses() {
        assert_eq!(
            name_in_address("jane@x.example (Jane  Doe)").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            name_in_address("Jane Doe <jane@x.example>").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            name_in_address("\"Jane Doe\" <jane@x.example>").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(name_in_address("Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(name_in_address("jane@x.example"), None);
        assert_eq!(name_in_address("jane@x.example ()"), None);
    }

    #[test]
    fn atom_feed_becomes_the_source() {
        let items = articles(ATOM);
        let s = source_of(ok(&items[0]));
        assert_eq!(s.name, "Le Courrier du Port");
        assert_eq!(s.url.as_deref(), Some("https://courrier.example/"));
        assert_eq!(s.language.as_deref(), Some("fr"));
        assert_eq!(s.description.as_deref(), Some("Nouvelles du port"));
    }

    #[test]
    fn atom_entry_maps_id_dates_html_content_authors_and_labels() {
        let items = articles(ATOM);
        let a = ok(&items[0]);
        assert_eq!(a.title, "Q&A: 3 < 4 <really>", "type=text is kept as written");
        assert_eq!(a.external_id.as_deref(), Some("tag:courrier.example,2024:entry-1"));
        assert_eq!(
            a.canonical_url.as_deref(),
            Some("https://courrier.example/2024/entry-1"),
            "the HTML alternate, not the enclosure or the JSON alternate"
        );
        assert_eq!(
            a.published_at,
            Some(Utc.with_ymd_and_hms(2024, 3, 5, 8, 0, 0).single().expect("a time")),
            "published wins over updated"
        );
        assert_eq!(a.body, "<p>Full <b>story</b>.</p>");
        assert_eq!(a.body_format.as_deref(), Some("HTML"));
        assert_eq!(a.summary.as_deref(), Some("Un résumé."));
        assert_eq!(a.byline.as_deref(), Some("Marie Curie, Pierre Curie"));
        assert_eq!(a.language.as_deref(), Some("en"), "the content's xml:lang wins");
        assert_eq!(tag_names(a), [("Le Port", "TOPIC"), ("meteo", "TOPIC")]);
    }

    #[test]
    fn atom_entry_falls_back_to_updated_summary_and_feed_authors() {
        let items = articles(ATOM);
        let a = ok(&items[1]);
        assert_eq!(a.external_id, None, "a blank id is none");
        assert_eq!(
            a.canonical_url.as_deref(),
            Some("https://courrier.example/2024/entry-2")
        );
        assert_eq!(
            a.published_at,
            Some(Utc.with_ymd_and_hms(2024, 3, 6, 9, 30, 0).single().expect("a time"))
        );
        assert_eq!(a.body, "Seulement un résumé.");
        assert_eq!(a.body_format.as_deref(), Some("TEXT"));
        assert_eq!(a.summary, None);
        assert_eq!(a.byline.as_deref(), Some("Rédaction"));
        assert_eq!(a.language.as_deref(), Some("fr"), "the feed's language");
    }

    #[test]
    fn atom_text_content_is_text() {
        let items = articles(ATOM);
        let a = ok(&items[2]);
        assert_eq!(a.body, "Line one.\n\nLine two.");
        assert_eq!(a.body_format.as_deref(), Some("TEXT"));
        assert_eq!(a.canonical_url, None);
    }

    #[test]
    fn atom_xhtml_content_is_unwrapped_and_linked_or_binary_content_is_not_a_body() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>
          <entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">An <b>xhtml</b> title</div></title>
            <id>1</id>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <em>there</em></p></div></content>
          </entry>
          <entry><title>Linked</title><id>2</id><summary>Only this.</summary>
            <content src="https://x.example/2" type="text/html"/></entry>
          <entry><title>Picture</title><id>3</id>
            <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>A picture.</p></div></summary>
            <content type="image/png">iVBORw0KGgo=</content></entry>
          <entry><title>Notes</title><id>4</id><content type="text/markdown"># Notes</content></entry>
        </feed>"#;
        let items = articles(atom);
        let xhtml = ok(&items[0]);
        assert_eq!(xhtml.title, "An xhtml title");
        assert_eq!(xhtml.body, "<p>Hi <em>there</em></p>");
        assert_eq!(xhtml.body_format.as_deref(), Some("HTML"));
        let linked = ok(&items[1]);
        assert_eq!(
            (linked.body.as_str(), linked.body_format.as_deref()),
            ("Only this.", Some("TEXT"))
        );
        assert_eq!(linked.summary, None);
        let picture = ok(&items[2]);
        assert_eq!(picture.body, "<p>A picture.</p>");
        assert_eq!(picture.body_format.as_deref(), Some("HTML"));
        let notes = ok(&items[3]);
        assert_eq!(
            (notes.body.as_str(), notes.body_format.as_deref()),
            ("# Notes", Some("MARKDOWN"))
        );
    }

    #[test]
    fn titles_are_plain_text_and_blank_ones_are_refused() {
        let rss = r#"<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>R</title>
          <item><title><![CDATA[Tom &amp; <b>Jerry</b>&nbsp;go
            home]]></title>
            <dc:creator>Ann Lee</dc:creator><author>ann@x.example (ann lee)</author><dc:creator>Bo Kim</dc:creator>
          </item>
          <item><title>   </title></item>
          <item><title>&lt;br&gt;</title></item>
          <item><title/></item>
        </channel></rss>"#;
        let items = articles(rss);
        let a = ok(&items[0]);
        assert_eq!(a.title, "Tom & Jerry go home");
        assert_eq!(a.byline.as_deref(), Some("Ann Lee, Bo Kim"), "each name once");
        for (n, item) in &items[1..] {
            assert_eq!(item.as_ref().expect_err("no title"), "item has no title", "item {n}");
        }
    }

    #[test]
    fn feed_without_title_gives_no_source_and_bad_languages_are_dropped() {
        let rss = r#"<rss version="2.0"><channel><language>English</language>
            <item><title>Alone</title><link>ftp://files.example/alone</link></item>
            </channel></rss>"#;
        let items = articles(rss);
        let a = ok(&items[0]);
        assert!(a.source.is_none());
        assert_eq!(a.language, None);
        assert_eq!(a.canonical_url, None, "not http(s)");
        assert_eq!(a.body, "");
        assert_eq!(a.body_format, None);
    }

    #[test]
    fn json_feed_is_read_too() {
        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Wire",
            "home_page_url": "https://wire.example/",
            "items": [{"id": "w-1", "title": "Fish &amp; chips", "content_text": "Plain.",
                       "tags": ["Food", "food"], "authors": [{"name": "Al"}]}]}"#;
        let items = articles(json);
        let a = ok(&items[0]);
        assert_eq!(a.title, "Fish &amp; chips", "JSON Feed titles are plain text");
        assert_eq!(a.external_id.as_deref(), Some("w-1"));
        assert_eq!(a.body_format.as_deref(), Some("TEXT"));
        assert_eq!(a.byline.as_deref(), Some("Al"));
        assert_eq!(tag_names(a), [("Food", "TOPIC")]);
        assert_eq!(source_of(a).url.as_deref(), Some("https://wire.example/"));
    }

    #[test]
    fn long_texts_are_cut_at_a_word() {
        let long = "word ".repeat(200);
        let cut_text = cut(long.trim(), MAX_SOURCE_DESCRIPTION);
        assert!(cut_text.chars().count() <= MAX_SOURCE_DESCRIPTION, "{}", cut_text.len());
        assert!(cut_text.ends_with("word…"), "{cut_text}");
        assert_eq!(cut("short", 10), "short");
        let rss = format!(
            r#"<rss version="2.0"><channel><title>T</title><description>{long}</description>
               <item><title>I</title></item></channel></rss>"#
        );
        let description = articles(&rss)[0].1.as_ref().expect("an article").source.clone();
        match description {
            Some(ImportSource::New(s)) => {
                assert!(s.description.expect("a description").chars().count() <= MAX_SOURCE_DESCRIPTION)
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_document_that_is_not_a_feed_is_an_error() {
        for document in [
            "<html><body><p>Hello</p></body></html>",
            "just some words",
            "",
            "[1, 2]",
        ] {
            let err = parse(document.as_bytes()).expect_err(document);
            assert!(err.starts_with("not an RSS, Atom or JSON feed"), "{err}");
        }
    }
}
