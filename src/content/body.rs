//! Rendering an article body on read, and the figures derived from it.
//!
//! Bodies are stored in their own format (Markdown, HTML or plain text) and rendered per
//! request: Markdown through pulldown-cmark (CommonMark, the crate rustdoc uses), HTML
//! through ammonia's allow-list sanitizer, so a body never carries script or event
//! handlers to a client, whatever was stored.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::content::articles::BodyFormat;

/// Words read per minute, for `readingTimeMinutes`.
const WORDS_PER_MINUTE: usize = 200;

/// Renders `body`, stored as `stored`, in the `wanted` format.
///
/// - `HTML`: sanitized HTML (Markdown rendered first; plain text escaped into paragraphs).
/// - `TEXT`: plain text, paragraphs separated by a blank line.
/// - `MARKDOWN`: Markdown as stored; a plain-text body is already valid Markdown, and an
///   HTML body is served sanitized (CommonMark allows inline HTML).
pub fn render(body: &str, stored: BodyFormat, wanted: BodyFormat) -> String {
    match (stored, wanted) {
        (BodyFormat::Markdown, BodyFormat::Html) => ammonia::clean(&markdown_to_html(body)),
        (BodyFormat::Markdown, BodyFormat::Text) => markdown_to_text(body),
        (BodyFormat::Html, BodyFormat::Html | BodyFormat::Markdown) => ammonia::clean(body),
        (BodyFormat::Html, BodyFormat::Text) => html_to_text(body),
        (BodyFormat::Text, BodyFormat::Html) => text_to_html(body),
        (BodyFormat::Markdown, BodyFormat::Markdown) | (BodyFormat::Text, BodyFormat::Text | BodyFormat::Markdown) => {
            body.to_string()
        }
    }
}

/// The text that full-text search indexes for a body stored as `stored`: its plain text,
/// so that markup (tag names, link targets) is never found; `None` when the body is
/// already plain text (stored as text, or Markdown without markup, as wire copy often is)
/// and is indexed as it is. Not keeping a second copy of such a body nearly halves its
/// article's row.
pub fn search_text(body: &str, stored: BodyFormat) -> Option<String> {
    if stored == BodyFormat::Text {
        return None;
    }
    let text = render(body, stored, BodyFormat::Text);
    (text != body).then_some(text)
}

/// Words in the body's text.
pub fn word_count(body: &str, stored: BodyFormat) -> usize {
    match stored {
        BodyFormat::Text => body.split_whitespace().count(),
        _ => render(body, stored, BodyFormat::Text).split_whitespace().count(),
    }
}

/// Minutes to read `words` words, rounded up; zero only for an empty body.
pub fn reading_time_minutes(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE)
}

fn markdown_to_html(markdown: &str) -> String {
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, Parser::new(markdown));
    html
}

/// Keeps the text of a Markdown document, one blank line between blocks.
fn markdown_to_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(Tag::Item) if !text.is_empty() && !text.ends_with('\n') => text.push('\n'),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::BlockQuote(_) | TagEnd::CodeBlock | TagEnd::List(_),
            ) => text.push_str("\n\n"),
            _ => {}
        }
    }
    text.trim_end().to_string()
}

/// Strips every tag (ammonia with an empty allow-list) and decodes the entities it leaves;
/// block ends become blank lines first so paragraphs stay apart.
fn html_to_text(html: &str) -> String {
    let mut spaced = html.to_string();
    for end in [
        "</p>",
        "</P>",
        "</div>",
        "</li>",
        "</h1>",
        "</h2>",
        "</h3>",
        "</h4>",
        "</blockquote>",
        "<br>",
        "<br/>",
    ] {
        spaced = spaced.replace(end, &format!("{end}\n\n"));
    }
    let stripped = ammonia::Builder::empty().clean(&spaced).to_string();
    stripped
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Escapes plain text into HTML paragraphs (blank lines separate paragraphs).
fn text_to_html(text: &str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>")))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_body_with_markup_keeps_a_text_of_its_own() {
        let plain = "Ferries resumed at dawn.\n\nThe harbour reopened.";
        assert_eq!(search_text(plain, BodyFormat::Markdown), None);
        assert_eq!(search_text(plain, BodyFormat::Text), None);
        assert_eq!(
            search_text("Ferries resumed at **dawn**.", BodyFormat::Markdown).as_deref(),
            Some("Ferries resumed at dawn.")
        );
        assert_eq!(
            search_text("<p>Ferries resumed.</p>", BodyFormat::Html).as_deref(),
            Some("Ferries resumed.")
        );
    }

    #[test]
    fn markdown_renders_to_sanitized_html() {
        let md = "Hello **world**\n\n<script>alert(1)</script><a href=\"javascript:x\" onclick=\"y\">link</a>";
        let html = render(md, BodyFormat::Markdown, BodyFormat::Html);
        assert!(html.contains("<strong>world</strong>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn markdown_renders_to_text() {
        let text = render(
            "# Title\n\nOne *two*\nthree.\n\n- a\n- b",
            BodyFormat::Markdown,
            BodyFormat::Text,
        );
        assert_eq!(text, "Title\n\nOne two three.\n\na\nb");
    }

    #[test]
    fn html_and_text_convert_both_ways() {
        assert_eq!(
            render("<p>A &amp; B</p><p>C</p>", BodyFormat::Html, BodyFormat::Text),
            "A & B\n\nC"
        );
        assert_eq!(
            render("a < b\n\nc", BodyFormat::Text, BodyFormat::Html),
            "<p>a &lt; b</p>\n<p>c</p>"
        );
    }

    #[test]
    fn counts_words_and_minutes() {
        assert_eq!(word_count("One **two** three", BodyFormat::Markdown), 3);
        assert_eq!(reading_time_minutes(0), 0);
        assert_eq!(reading_time_minutes(1), 1);
        assert_eq!(reading_time_minutes(200), 1);
        assert_eq!(reading_time_minutes(201), 2);
    }
}
