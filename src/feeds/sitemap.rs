//! Sitemaps (<https://www.sitemaps.org/protocol.html>, 0.9): the sitemap index, and the
//! Google News sitemap of recent articles.
//!
//! Written with `quick-xml`'s writer, which escapes text and attributes (a `&` in a URL
//! becomes `&amp;`, as the protocol requires). Times are W3C date-times (RFC 3339) in UTC.
//!
//! A news sitemap holds at most [`NEWS_MAX_URLS`] URLs (Google's limit); [`news`] writes the
//! first ones given, so the caller passes the newest first. Google also wants only articles
//! of the last two days: choosing them is the caller's job.

use std::io;

use chrono::{DateTime, Utc};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{document, rfc3339};

/// The most URLs Google reads from one news sitemap.
pub const NEWS_MAX_URLS: usize = 1000;

/// The media type of the documents written here.
pub const CONTENT_TYPE: &str = "application/xml; charset=utf-8";

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

/// One sitemap listed in a sitemap index.
#[derive(Clone, Debug)]
pub struct SitemapRef {
    /// Absolute URL of the sitemap.
    pub loc: String,
    /// When it last changed, if known.
    pub lastmod: Option<DateTime<Utc>>,
}

/// One article in a news sitemap.
#[derive(Clone, Debug)]
pub struct NewsEntry {
    /// Absolute URL of the article's page.
    pub loc: String,
    /// The headline, plain text.
    pub title: String,
    /// The article's language (BCP 47); written as the ISO 639 code Google wants.
    pub language: String,
    /// Publication time.
    pub published_at: DateTime<Utc>,
}

/// A sitemap index listing `sitemaps`, in the order given.
pub fn index(sitemaps: &[SitemapRef]) -> String {
    let mut writer = Writer::new(Vec::new());
    let written = write_index(&mut writer, sitemaps).map(|()| writer.into_inner());
    document(written)
}

/// A Google News sitemap of the first [`NEWS_MAX_URLS`] of `entries`, each published by
/// `publication_name` (as it appears on Google News).
pub fn news(publication_name: &str, entries: &[NewsEntry]) -> String {
    let mut writer = Writer::new(Vec::new());
    let written = write_news(&mut writer, publication_name, entries).map(|()| writer.into_inner());
    document(written)
}

fn write_index(writer: &mut Writer<Vec<u8>>, sitemaps: &[SitemapRef]) -> io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("sitemapindex")
        .with_attribute(("xmlns", SITEMAP_NS))
        .write_inner_content(|writer| {
            for sitemap in sitemaps {
                writer.create_element("sitemap").write_inner_content(|writer| {
                    writer
                        .create_element("loc")
                        .write_text_content(BytesText::new(&sitemap.loc))?;
                    if let Some(lastmod) = sitemap.lastmod {
                        writer
                            .create_element("lastmod")
                            .write_text_content(BytesText::new(&rfc3339(lastmod)))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_news(writer: &mut Writer<Vec<u8>>, publication_name: &str, entries: &[NewsEntry]) -> io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("urlset")
        .with_attribute(("xmlns", SITEMAP_NS))
        .with_attribute(("xmlns:news", NEWS_NS))
        .write_inner_content(|writer| {
            for entry in entries.iter().take(NEWS_MAX_URLS) {
                writer.create_element("url").write_inner_content(|writer| {
                    writer
                        .create_element("loc")
                        .write_text_content(BytesText::new(&entry.loc))?;
                    writer.create_element("news:news").write_inner_content(|writer| {
                        writer
                            .create_element("news:publication")
                            .write_inner_content(|writer| {
                                writer
                                    .create_element("news:name")
                                    .write_text_content(BytesText::new(publication_name))?;
                                writer
                                    .create_element("news:language")
                                    .write_text_content(BytesText::new(&news_language(&entry.language)))?;
                                Ok(())
                            })?;
                        writer
                            .create_element("news:publication_date")
                            .write_text_content(BytesText::new(&rfc3339(entry.published_at)))?;
                        writer
                            .create_element("news:title")
                            .write_text_content(BytesText::new(&entry.title))?;
                        Ok(())
                    })?;
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

/// The ISO 639 code Google News wants for a BCP 47 tag: the primary language subtag in
/// lower case, except for Chinese, which Google splits only by script, as `zh-cn`
/// (Simplified) and `zh-tw` (Traditional). The script decides when the tag has one, else
/// the region (Taiwan, Hong Kong and Macau write Traditional); bare `zh` is Simplified, the
/// form most Chinese text is written in.
fn news_language(bcp47: &str) -> String {
    let Ok(tag) = language_tags::LanguageTag::parse(bcp47) else {
        // Stored languages are validated, so this is only a safety net: the part before
        // the first separator is the primary subtag of any near-miss such as `en_GB`.
        let primary = bcp47.split(['-', '_']).next().unwrap_or(bcp47);
        return primary.to_ascii_lowercase();
    };
    let primary = tag.primary_language().to_ascii_lowercase();
    if primary != "zh" {
        return primary;
    }
    let traditional = match (tag.script(), tag.region()) {
        (Some(script), _) => script.eq_ignore_ascii_case("Hant"),
        (None, Some(region)) => ["TW", "HK", "MO"].iter().any(|r| region.eq_ignore_ascii_case(r)),
        (None, None) => false,
    };
    if traditional { "zh-tw" } else { "zh-cn" }.to_string()
}

#[cfg(test)]
mod tests {
    use quick_xml::NsReader;
    use quick_xml::escape::resolve_predefined_entity;
    use quick_xml::name::{Namespace, ResolveResult};

    use super::*;
    use crate::feeds::fixtures::{GERMAN_TITLE, PERSIAN_TITLE, TRICKY_TITLE, at};

    /// One element read back: its namespace, local name and text.
    #[derive(Debug, PartialEq)]
    struct Element {
        ns: String,
        name: String,
        text: String,
    }

    /// Every element of `xml` in document order, with namespaces resolved and entities
    /// decoded by quick-xml's reader; panics on XML that is not well-formed.
    fn elements(xml: &str) -> Vec<Element> {
        let mut reader = NsReader::from_str(xml);
        let mut out: Vec<Element> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        loop {
            let (ns, event) = reader.read_resolved_event().expect("well-formed XML");
            let ns = match ns {
                ResolveResult::Bound(Namespace(ns)) => String::from_utf8_lossy(ns).into_owned(),
                _ => String::new(),
            };
            let opens = matches!(event, Event::Start(_));
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    if opens {
                        open.push(out.len());
                    }
                    out.push(Element {
                        ns,
                        name,
                        text: String::new(),
                    });
                }
                Event::End(_) => {
                    open.pop();
                }
                Event::Text(t) => {
                    let i = *open.last().expect("text inside an element");
                    out[i].text.push_str(&t.decode().expect("UTF-8"));
                }
                Event::GeneralRef(r) => {
                    let i = *open.last().expect("a reference inside an element");
                    match r.resolve_char_ref().expect("a valid character reference") {
                        Some(c) => out[i].text.push(c),
                        None => {
                            let name = r.decode().expect("UTF-8");
                            out[i]
                                .text
                                .push_str(resolve_predefined_entity(&name).expect("a predefined entity"));
                        }
                    }
                }
                Event::Eof => return out,
                _ => {}
            }
        }
    }

    fn texts<'a>(elements: &'a [Element], ns: &str, name: &str) -> Vec<&'a str> {
        elements
            .iter()
            .filter(|e| e.ns == ns && e.name == name)
            .map(|e| e.text.as_str())
            .collect()
    }

    fn count(elements: &[Element], ns: &str, name: &str) -> usize {
        texts(elements, ns, name).len()
    }

    fn entry(n: usize, title: &str, language: &str) -> NewsEntry {
        NewsEntry {
            loc: format!("https://news.example.org/articles/a-{n}?from=sitemap&n={n}"),
            title: title.to_string(),
            language: language.to_string(),
            published_at: at(21, 9),
        }
    }

    #[test]
    fn the_index_lists_each_sitemap_with_its_lastmod() {
        let xml = index(&[
            SitemapRef {
                loc: "https://news.example.org/sitemaps/news.xml".to_string(),
                lastmod: Some(at(21, 9)),
            },
            SitemapRef {
                loc: "https://news.example.org/sitemaps/articles.xml?page=2&size=50000".to_string(),
                lastmod: None,
            },
        ]);
        let read = elements(&xml);
        assert_eq!(read[0].name, "sitemapindex");
        assert!(read.iter().all(|e| e.ns == SITEMAP_NS), "{read:?}");
        assert_eq!(count(&read, SITEMAP_NS, "sitemap"), 2);
        assert_eq!(
            texts(&read, SITEMAP_NS, "loc"),
            [
                "https://news.example.org/sitemaps/news.xml",
                "https://news.example.org/sitemaps/articles.xml?page=2&size=50000",
            ]
        );
        assert_eq!(texts(&read, SITEMAP_NS, "lastmod"), ["2025-03-21T09:30:15Z"]);
        assert!(xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?>"#));
        assert!(xml.contains("?page=2&amp;size=50000</loc>"));
    }

    #[test]
    fn an_empty_index_is_well_formed() {
        let read = elements(&index(&[]));
        assert_eq!(
            read,
            [Element {
                ns: SITEMAP_NS.to_string(),
                name: "sitemapindex".to_string(),
                text: String::new()
            }]
        );
    }

    #[test]
    fn a_news_sitemap_names_publication_language_date_and_title() {
        let xml = news(
            "Gazette & Sons <Daily>",
            &[
                entry(1, TRICKY_TITLE, "en-GB"),
                entry(2, "台北街頭的新年", "zh-Hant"),
                entry(3, PERSIAN_TITLE, "fa"),
                entry(4, GERMAN_TITLE, "de-AT"),
            ],
        );
        assert!(xml.contains(r#"xmlns="http://www.sitemaps.org/schemas/sitemap/0.9""#));
        assert!(xml.contains(r#"xmlns:news="http://www.google.com/schemas/sitemap-news/0.9""#));

        let read = elements(&xml);
        assert_eq!((read[0].ns.as_str(), read[0].name.as_str()), (SITEMAP_NS, "urlset"));
        assert_eq!(count(&read, SITEMAP_NS, "url"), 4);
        assert_eq!(
            texts(&read, SITEMAP_NS, "loc")[0],
            "https://news.example.org/articles/a-1?from=sitemap&n=1"
        );
        assert_eq!(count(&read, NEWS_NS, "news"), 4);
        assert_eq!(count(&read, NEWS_NS, "publication"), 4);
        assert_eq!(texts(&read, NEWS_NS, "name"), ["Gazette & Sons <Daily>"; 4]);
        assert_eq!(texts(&read, NEWS_NS, "language"), ["en", "zh-tw", "fa", "de"]);
        assert_eq!(texts(&read, NEWS_NS, "publication_date"), ["2025-03-21T09:30:15Z"; 4]);
        assert_eq!(
            texts(&read, NEWS_NS, "title"),
            [TRICKY_TITLE, "台北街頭的新年", PERSIAN_TITLE, GERMAN_TITLE]
        );
        // The order Google documents: loc, then news:news with the publication first.
        let order: Vec<&str> = read.iter().take(8).map(|e| e.name.as_str()).collect();
        assert_eq!(
            order,
            [
                "urlset",
                "url",
                "loc",
                "news",
                "publication",
                "name",
                "language",
                "publication_date"
            ]
        );
    }

    #[test]
    fn a_news_sitemap_stops_at_the_limit() {
        let entries: Vec<NewsEntry> = (0..1200).map(|n| entry(n, "Headline", "en")).collect();
        let read = elements(&news("Gazette", &entries));
        assert_eq!(count(&read, SITEMAP_NS, "url"), NEWS_MAX_URLS);
        let locs = texts(&read, SITEMAP_NS, "loc");
        assert_eq!(
            locs.first(),
            Some(&"https://news.example.org/articles/a-0?from=sitemap&n=0")
        );
        assert_eq!(
            locs.last(),
            Some(&"https://news.example.org/articles/a-999?from=sitemap&n=999")
        );
    }

    #[test]
    fn an_empty_news_sitemap_is_well_formed() {
        let read = elements(&news("Gazette", &[]));
        assert_eq!(read.len(), 1);
        assert_eq!((read[0].ns.as_str(), read[0].name.as_str()), (SITEMAP_NS, "urlset"));
    }

    #[test]
    fn news_languages_are_iso_639_with_google_s_two_chinese_forms() {
        let cases = [
            ("en-GB", "en"),
            ("en", "en"),
            ("fa", "fa"),
            ("fa-IR", "fa"),
            ("PT-br", "pt"),
            ("sr-Latn-RS", "sr"),
            ("fil", "fil"),
            ("zh", "zh-cn"),
            ("zh-Hans", "zh-cn"),
            ("zh-CN", "zh-cn"),
            ("zh-SG", "zh-cn"),
            ("zh-Hans-HK", "zh-cn"),
            ("zh-Hant", "zh-tw"),
            ("zh-hant", "zh-tw"),
            ("zh-TW", "zh-tw"),
            ("zh-HK", "zh-tw"),
            ("zh-MO", "zh-tw"),
            ("zh-Hant-CN", "zh-tw"),
            ("en_GB", "en"),
        ];
        for (bcp47, iso) in cases {
            assert_eq!(news_language(bcp47), iso, "{bcp47}");
        }
    }
}
