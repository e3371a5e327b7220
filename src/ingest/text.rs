//! Plain-text wire copy: articles as agencies and scrapers deliver them.
//!
//! One file may hold many articles, separated by a line of three or more `-` (nothing else
//! on the line) or by a form feed (`\x0c`, anywhere in a line). Each article is parsed on its
//! own, so one broken article never hides the others. An article looks like this:
//!
//! ```text
//! |  |
//!
//! The Harbour Gazette
//!
//! Human Services
//!
//! Ferry timetable changes from Monday
//!
//! First paragraph, which may be wrapped
//! over several lines. It is one block.
//!
//! Second paragraph.
//!
//! Source: Northern Wire Agency NWA
//!
//! The publisher's blurb, which is dropped.
//! ```
//!
//! # Lines
//! - A byte-order mark is removed (at the start of the input, and at the start of any line,
//!   as happens when files are concatenated). `\r\n`, `\r` and `\n` all end a line. Every
//!   line is trimmed on both sides (Unicode whitespace, so no-break spaces too): trailing
//!   blanks mean nothing, and leading ones would turn a paragraph into a Markdown code block.
//! - Layout lines, left over from tables, are treated as blank lines: a line made only of
//!   whitespace, `|`, `¦`, `+`, `-`, `=`, `:` and box-drawing characters (U+2500 to U+257F),
//!   with at least one `|`, `¦`, `+` or box-drawing character in it (so `|  |` or `+---+`).
//! - Blocks are runs of lines between blank lines; the lines of a block are joined with one
//!   space.
//!
//! # The `Source:` line
//! A line starting with `Source:` (any case) ends the body, if it begins a block or follows a
//! line ending a sentence (`.`, `!`, `?` or `…`, possibly before a closing quote or bracket).
//! Everything after it is the publisher's blurb and is dropped. When several lines qualify,
//! the last one counts, so an earlier credit line (under a chart, say) stays in the body.
//! Its last word is the agency's short name when it is 2 to 10 ASCII capital letters and
//! digits with at least one letter, optionally in parentheses; the rest, without trailing
//! punctuation such as ` -` or `,`, is the agency's name (`Source: Northern Wire Agency NWA`
//! gives "Northern Wire Agency" and "NWA"). A single word is a name without a short name
//! (`Source: NWA` gives the name "NWA"), an empty `Source:` gives neither. Without a
//! `Source:` line the body runs to the end of the article and nothing is dropped.
//!
//! # Publication, section and headline
//! Up to two short labels may precede the headline: a single line of at most 80 characters
//! each. One label is the section; two are the publication, then the section. The headline
//! is block `i` (0, 1 or 2, every block before it being a label), chosen deterministically:
//! 1. the first `i` whose next block reads like body text: it ends a sentence and is longer
//!    than 200 characters or holds at least two sentences (a long headline has no full stop,
//!    so `section, 350-character headline, paragraph` is an overlong headline, not a
//!    headline `section` with a long first paragraph);
//! 2. otherwise (short articles), the first `i` whose next block ends with a full stop;
//! 3. otherwise block 0, with no labels.
//!
//! A headline wrapped over several lines is joined like any block. All the blocks after the
//! headline, up to the `Source:` line, are the paragraphs. An article may have no paragraph.
//!
//! # Errors
//! An article is a [`WireError`] when it has no headline: it holds only layout lines, or
//! nothing before its `Source:` line. Its line is the article's first non-blank line. A
//! headline longer than 300 characters is an error at the headline's line: most likely the
//! blank line between it and the first paragraph is missing. A piece holding nothing but
//! whitespace (a separator at the start or end, or two in a row) is skipped silently.
//!
//! # Markdown safety
//! The body is stored as Markdown, so a paragraph that would start a Markdown block gets a
//! backslash: before a leading `#`, `>`, `-`, `*`, `+`, `=`, `_`, `` ` ``, `~`, `<` or `[`,
//! and between the digits and the `.` or `)` of a leading `1.` or `12)` (up to 9 digits, then
//! a space or the end: CommonMark's ordered-list marker). Characters inside a paragraph are
//! left alone; the headline, publication and section are plain text and never escaped.

/// One article parsed from wire copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireArticle {
    /// 1-based line of the input where this article's headline is.
    pub line: usize,
    /// Publication name from the top (e.g. "The Harbour Gazette"), if present.
    pub publication: Option<String>,
    /// Section from the top (e.g. "Human Services"), if present.
    pub section: Option<String>,
    /// The headline.
    pub title: String,
    /// The paragraphs, joined with a blank line ("\n\n"), as Markdown-safe plain text.
    pub body: String,
    /// From the `Source:` line: the agency's full name without the short name, e.g. "Northern Wire Agency".
    pub source_name: Option<String>,
    /// From the `Source:` line: the trailing ALL-CAPS short name, e.g. "NWA", if present.
    pub source_short_name: Option<String>,
}

/// A piece of the input that is not an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong, for a human.
    pub reason: String,
}

/// Longest headline accepted, in characters.
const MAX_HEADLINE_CHARS: usize = 300;
/// Longest publication or section label, in characters.
const MAX_LABEL_CHARS: usize = 80;
/// A block longer than this, in characters, reads like body text.
const BODY_CHARS: usize = 200;
/// At most this many labels precede the headline.
const MAX_LABELS: usize = 2;

/// Parses every article of `input` (many articles are separated by a line of `---` or a form feed `\x0c`).
/// Each article is Ok or Err independently, in input order.
pub fn parse(input: &str) -> Vec<Result<WireArticle, WireError>> {
    split_articles(input)
        .iter()
        .filter_map(|lines| parse_article(lines))
        .collect()
}

/// A trimmed line with its 1-based number.
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    number: usize,
    text: &'a str,
}

/// A block of lines joined with spaces.
struct Block {
    line: usize,
    lines: usize,
    text: String,
}

/// Cuts the input into articles at separator lines and form feeds; lines are trimmed.
fn split_articles(input: &str) -> Vec<Vec<Line<'_>>> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut articles = vec![Vec::new()];
    let mut number = 0;
    for raw in input.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        // What is left of a `\r` ends a line too (old Mac line endings).
        for raw in raw.split('\r') {
            number += 1;
            for (index, part) in raw.split('\x0c').enumerate() {
                if index > 0 {
                    articles.push(Vec::new());
                }
                let text = part.trim().trim_start_matches('\u{feff}').trim();
                if text.len() >= 3 && text.bytes().all(|b| b == b'-') {
                    articles.push(Vec::new());
                } else if let Some(article) = articles.last_mut() {
                    article.push(Line { number, text });
                }
            }
        }
    }
    articles
}

/// Parses one article; `None` when it holds nothing but whitespace.
fn parse_article(lines: &[Line<'_>]) -> Option<Result<WireArticle, WireError>> {
    let first = lines.iter().find(|line| !line.text.is_empty())?.number;
    let error = |reason: &str| {
        Some(Err(WireError {
            line: first,
            reason: reason.to_string(),
        }))
    };
    let mut blocks = split_blocks(lines);
    if blocks.is_empty() {
        return error("no headline found: the article holds only layout characters");
    }
    let source = take_source(&mut blocks);
    let blocks: Vec<Block> = blocks.iter().map(|block| join(block)).collect();
    if blocks.is_empty() {
        return error("no headline found: nothing comes before the Source line");
    }
    let headline = find_headline(&blocks);
    let title = &blocks[headline];
    if title.text.chars().count() > MAX_HEADLINE_CHARS {
        return Some(Err(WireError {
            line: title.line,
            reason: format!("headline longer than {MAX_HEADLINE_CHARS} characters: is a blank line missing?"),
        }));
    }
    let label = |index: usize| (index < headline).then(|| blocks[index].text.clone());
    let (publication, section) = if headline == 2 {
        (label(0), label(1))
    } else {
        (None, label(0))
    };
    let body: Vec<String> = blocks[headline + 1..]
        .iter()
        .map(|block| escape_markdown(&block.text))
        .collect();
    let (source_name, source_short_name) = source.map(parse_source).unwrap_or_default();
    Some(Ok(WireArticle {
        line: title.line,
        publication,
        section,
        title: title.text.clone(),
        body: body.join("\n\n"),
        source_name,
        source_short_name,
    }))
}

/// Groups non-blank lines into blocks; layout lines count as blank.
fn split_blocks<'a>(lines: &[Line<'a>]) -> Vec<Vec<Line<'a>>> {
    let mut blocks = Vec::new();
    let mut current = Vec::new();
    for line in lines {
        if line.text.is_empty() || is_layout(line.text) {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            current.push(*line);
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// Whether a non-blank line is only table borders and whitespace.
fn is_layout(text: &str) -> bool {
    let border = |c: char| matches!(c, '|' | '¦' | '+' | '\u{2500}'..='\u{257f}');
    text.chars().any(border)
        && text
            .chars()
            .all(|c| c.is_whitespace() || border(c) || matches!(c, '-' | '=' | ':'))
}

/// Removes the last `Source:` line and everything after it; returns the text after `Source:`.
fn take_source<'a>(blocks: &mut Vec<Vec<Line<'a>>>) -> Option<&'a str> {
    let (block, line) = blocks.iter().enumerate().rev().find_map(|(b, lines)| {
        let starts = |l: usize| source_text(lines[l].text).is_some() && (l == 0 || ends_sentence(lines[l - 1].text));
        (0..lines.len()).rev().find(|&l| starts(l)).map(|l| (b, l))
    })?;
    let text = source_text(blocks[block][line].text);
    blocks[block].truncate(line);
    blocks.truncate(if line == 0 { block } else { block + 1 });
    text
}

/// The text after a leading `Source:` (any case), if the line has one.
fn source_text(line: &str) -> Option<&str> {
    let prefix = line.get(..7)?;
    prefix.eq_ignore_ascii_case("source:").then(|| line[7..].trim())
}

/// Splits the text of a `Source:` line into the agency's name and short name.
fn parse_source(text: &str) -> (Option<String>, Option<String>) {
    if let Some((name, last)) = text.rsplit_once(char::is_whitespace) {
        let short = last.strip_prefix('(').and_then(|s| s.strip_suffix(')')).unwrap_or(last);
        let name = name.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ',' | ';' | ':'));
        let is_short = (2..=10).contains(&short.len())
            && short.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && short.bytes().any(|b| b.is_ascii_uppercase());
        if is_short && !name.is_empty() {
            return (Some(name.to_string()), Some(short.to_string()));
        }
    }
    ((!text.is_empty()).then(|| text.to_string()), None)
}

/// Joins the lines of a block with spaces.
fn join(lines: &[Line<'_>]) -> Block {
    let text = lines.iter().map(|line| line.text).collect::<Vec<_>>().join(" ");
    Block {
        line: lines.first().map_or(0, |line| line.number),
        lines: lines.len(),
        text,
    }
}

/// Index of the headline block, by the rules in the module docs.
fn find_headline(blocks: &[Block]) -> usize {
    let is_label = |block: &Block| block.lines == 1 && block.text.chars().count() <= MAX_LABEL_CHARS;
    let candidates: Vec<usize> = (0..=MAX_LABELS)
        .take_while(|&i| i < blocks.len() && blocks[..i].iter().all(is_label))
        .collect();
    let followed_by = |test: fn(&str) -> bool| {
        candidates
            .iter()
            .copied()
            .find(|&i| blocks.get(i + 1).is_some_and(|next| test(&next.text)))
    };
    followed_by(reads_like_body)
        .or_else(|| followed_by(ends_with_full_stop))
        .unwrap_or(0)
}

/// Ends a sentence, and is longer than a headline usually is or holds several sentences.
fn reads_like_body(text: &str) -> bool {
    ends_sentence(text) && (text.chars().count() > BODY_CHARS || sentence_breaks(text) >= 1)
}

/// Sentence ends followed by a space and a capital, digit or quote.
fn sentence_breaks(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .filter(|&i| matches!(chars[i], '.' | '!' | '?' | '…'))
        .filter(|&i| {
            let mut rest = chars[i + 1..].iter().skip_while(|&&c| is_closing(c));
            rest.next().is_some_and(|c| c.is_whitespace())
                && rest
                    .next()
                    .is_some_and(|&c| c.is_uppercase() || c.is_ascii_digit() || "\"'“‘«(".contains(c))
        })
        .count()
}

/// Whether `text` ends with `.`, `!`, `?` or `…`, possibly before closing quotes or brackets.
fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(is_closing).ends_with(['.', '!', '?', '…'])
}

/// Whether `text` ends with a full stop, possibly before closing quotes or brackets.
fn ends_with_full_stop(text: &str) -> bool {
    text.trim_end_matches(is_closing).ends_with('.')
}

/// Closing quotes and brackets that may follow a sentence's last mark.
fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']')
}

/// Escapes a paragraph's start so that Markdown keeps it a plain paragraph.
fn escape_markdown(paragraph: &str) -> String {
    if paragraph.starts_with(['#', '>', '-', '*', '+', '=', '_', '`', '~', '<', '[']) {
        return format!("\\{paragraph}");
    }
    let digits = paragraph.bytes().take_while(u8::is_ascii_digit).count();
    let (number, rest) = paragraph.split_at(digits);
    let marker = rest
        .strip_prefix(['.', ')'])
        .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t']));
    if (1..=9).contains(&digits) && marker {
        return format!("{number}\\{rest}");
    }
    paragraph.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A first paragraph long enough (over 200 characters) to read like body text.
    const LONG: &str = "Commuters on the northern shore will wait up to twenty minutes longer for a crossing from \
        Monday, after the harbour authority cut the number of boats on the early route to free crews for the \
        new night service.";

    fn article(input: &str) -> WireArticle {
        let mut results = parse(input);
        assert_eq!(results.len(), 1, "{results:?}");
        results.remove(0).expect("an article")
    }

    fn titles(input: &str) -> Vec<Result<(usize, String), usize>> {
        parse(input)
            .into_iter()
            .map(|r| r.map(|a| (a.line, a.title)).map_err(|e| e.line))
            .collect()
    }

    #[test]
    fn full_article_keeps_section_paragraphs_and_source_and_drops_the_blurb() {
        let input = format!(
            "|\u{a0} \u{a0} |\u{a0} \n\nTransport\n\nFerry crossings thin out on the early route\n\n{LONG}\n\n\
             The authority said the change would last until the spring. Two retired boats are being refitted.\n\n\
             Source: Northern Wire Agency NWA\n\n\
             The Lantern Post covers the islands and the coast. Its aim is plain reporting."
        );
        assert_eq!(
            article(&input),
            WireArticle {
                line: 5,
                publication: None,
                section: Some("Transport".into()),
                title: "Ferry crossings thin out on the early route".into(),
                body: format!(
                    "{LONG}\n\nThe authority said the change would last until the spring. Two retired boats are \
                     being refitted."
                ),
                source_name: Some("Northern Wire Agency".into()),
                source_short_name: Some("NWA".into()),
            }
        );
    }

    #[test]
    fn publication_then_section_then_headline() {
        let a = article(&format!(
            "The Lantern Post\n\nCity Hall\n\nCouncil delays the market vote\n\n{LONG}\n"
        ));
        assert_eq!(a.publication.as_deref(), Some("The Lantern Post"));
        assert_eq!(a.section.as_deref(), Some("City Hall"));
        assert_eq!(a.title, "Council delays the market vote");
        assert_eq!((a.line, a.body.as_str()), (5, LONG));
    }

    #[test]
    fn headline_without_labels() {
        let a = article("Library opens on Sundays\n\nThe central library will open on Sundays. Hours are short.\n");
        assert_eq!((a.publication, a.section), (None, None));
        assert_eq!((a.line, a.title.as_str()), (1, "Library opens on Sundays"));
        assert_eq!(a.body, "The central library will open on Sundays. Hours are short.");
    }

    #[test]
    fn a_short_article_is_found_by_its_full_stop() {
        let a = article("Weather\n\nFog lifts by noon\n\nDrivers should expect fog until midday.\n");
        assert_eq!(
            (a.section.as_deref(), a.title.as_str()),
            (Some("Weather"), "Fog lifts by noon")
        );
        assert_eq!(a.body, "Drivers should expect fog until midday.");
    }

    #[test]
    fn wrapped_paragraphs_and_headlines_are_joined_with_spaces() {
        let a = article("Sport\n\nRowing club wins\nits first cup\n\nThe crew won by a length. It rained\nall day.\n");
        assert_eq!(
            (a.section.as_deref(), a.title.as_str()),
            (Some("Sport"), "Rowing club wins its first cup")
        );
        assert_eq!(a.body, "The crew won by a length. It rained all day.");
    }

    #[test]
    fn windows_and_old_mac_line_endings() {
        let text = "Health\r\n\r\nClinic adds an evening shift\r\n\r\nThe clinic stays open late. Booking is online.\r\n\r\nSource: Harbour Health Desk HHD\r\n";
        let a = article(text);
        assert_eq!((a.line, a.title.as_str()), (3, "Clinic adds an evening shift"));
        assert_eq!(a.body, "The clinic stays open late. Booking is online.");
        assert_eq!(a.source_short_name.as_deref(), Some("HHD"));
        assert_eq!(article(&text.replace("\r\n", "\r")), a);
    }

    #[test]
    fn trailing_and_leading_whitespace_is_trimmed() {
        let a = article("Arts  \t\n \nMural finished \u{a0}\n\t\n    Painters finished the wall. It took a year.   \n");
        assert_eq!(
            (a.section.as_deref(), a.title.as_str()),
            (Some("Arts"), "Mural finished")
        );
        assert_eq!(a.body, "Painters finished the wall. It took a year.");
    }

    #[test]
    fn byte_order_mark_is_stripped() {
        let a = article("\u{feff}Schools\n\nTerm starts late\n\nPupils return a week later. Repairs ran over.\n");
        assert_eq!(
            (a.section.as_deref(), a.title.as_str(), a.line),
            (Some("Schools"), "Term starts late", 3)
        );
    }

    #[test]
    fn without_a_source_line_every_paragraph_is_kept() {
        let a =
            article("Bridge repainted\n\nWork ended on Friday. The bridge reopens today.\n\nThanks to the crews.\n");
        assert_eq!(
            a.body,
            "Work ended on Friday. The bridge reopens today.\n\nThanks to the crews."
        );
        assert_eq!((a.source_name, a.source_short_name), (None, None));
    }

    #[test]
    fn source_line_without_a_short_name() {
        let a = article(
            "Port traffic rises\n\nMore ships docked in May. Tugs worked overtime.\n\nSource: Harbour Daily Post\n",
        );
        assert_eq!(
            (a.source_name.as_deref(), a.source_short_name),
            (Some("Harbour Daily Post"), None)
        );
    }

    #[test]
    fn source_line_variants() {
        let source = |line: &str| {
            let a = article(&format!(
                "Tide tables out\n\nThe new tables are printed. Copies are free.\n{line}\nBlurb."
            ));
            (a.source_name, a.source_short_name, a.body)
        };
        let body = "The new tables are printed. Copies are free.".to_string();
        let both = |name: &str, short: &str| (Some(name.into()), Some(short.into()), body.clone());
        assert_eq!(
            source("SOURCE: Coast Press Service (CPS)"),
            both("Coast Press Service", "CPS")
        );
        assert_eq!(
            source("source: Coast Press Service - CPS2"),
            both("Coast Press Service", "CPS2")
        );
        assert_eq!(source("Source: CPS"), (Some("CPS".into()), None, body.clone()));
        assert_eq!(
            source("Source: Coast Press 2024"),
            (Some("Coast Press 2024".into()), None, body.clone())
        );
        assert_eq!(source("Source:"), (None, None, body.clone()));
    }

    #[test]
    fn an_earlier_source_line_stays_in_the_body() {
        let a = article(
            "Rents up again\n\nRents rose for a third year. Tenants are worried.\n\nSource: City Survey Office\n\n\
             The council will debate a cap. A vote is due in June.\n\nSource: Lantern Wire LW\n\nAbout us.",
        );
        assert!(
            a.body.contains("Source: City Survey Office\n\nThe council will debate"),
            "{}",
            a.body
        );
        assert!(!a.body.contains("About us"));
        assert_eq!(a.source_short_name.as_deref(), Some("LW"));
    }

    #[test]
    fn two_articles_separated_by_dashes() {
        let input = "Roads\n\nTunnel closes overnight\n\nThe tunnel shuts at ten. Buses divert.\n\n---\n\n\
                     Park gates fixed\n\nThe east gate works again. It cost little.\n";
        assert_eq!(
            titles(input),
            [
                Ok((3, "Tunnel closes overnight".into())),
                Ok((9, "Park gates fixed".into()))
            ]
        );
    }

    #[test]
    fn three_articles_separated_by_form_feeds() {
        let input = "One headline\n\nA first story. It is short.\n\x0c\nTwo headline\n\nA second story. Also short.\n\
                     \x0cThree headline\n\nA third story. The last one.\n";
        assert_eq!(
            titles(input),
            [
                Ok((1, "One headline".into())),
                Ok((5, "Two headline".into())),
                Ok((8, "Three headline".into()))
            ]
        );
    }

    #[test]
    fn separators_at_the_ends_and_in_a_row_are_not_articles() {
        let input = "---\n\nOne headline\n\nA first story. It is short.\n---\n   \n-----\n\x0c\nTwo headline\n\n\
                     A second story. Also short.\n\n---\n\n";
        assert_eq!(
            titles(input),
            [Ok((3, "One headline".into())), Ok((10, "Two headline".into()))]
        );
        assert!(parse("").is_empty());
        assert!(parse("\n \n---\n\x0c\n").is_empty());
    }

    #[test]
    fn errors_do_not_stop_the_other_articles() {
        let long = "Word ".repeat(70);
        let input = format!(
            "Good one\n\nIt parses. Nothing odd.\n---\n\n|  |\n+---+---+\n---\nSource: Lantern Wire LW\n\nAbout us.\n\
             ---\nSection\n\n{long}\n\n{LONG}\n---\nGood two\n\nIt parses too. Still nothing odd.\n"
        );
        let results = parse(&input);
        assert_eq!(results.len(), 5, "{results:?}");
        assert_eq!(results[0].as_ref().map(|a| a.line), Ok(1));
        let error = |i: usize| results[i].clone().expect_err("an error");
        assert_eq!(error(1).line, 6);
        assert!(error(1).reason.starts_with("no headline found"), "{}", error(1).reason);
        assert_eq!(error(2).line, 9);
        assert!(error(2).reason.starts_with("no headline found"), "{}", error(2).reason);
        assert_eq!(error(3).line, 15);
        assert_eq!(
            error(3).reason,
            "headline longer than 300 characters: is a blank line missing?"
        );
        assert_eq!(
            results[4].as_ref().map(|a| (a.line, a.title.as_str())),
            Ok((19, "Good two"))
        );
    }

    #[test]
    fn a_missing_blank_line_after_the_headline_is_an_error() {
        let results = parse(&format!("Ferry news\n{LONG} {LONG}\n\n{LONG}\n"));
        assert_eq!(
            results
                .iter()
                .map(|r| r.as_ref().map_err(|e| e.line).err())
                .collect::<Vec<_>>(),
            [Some(1)]
        );
    }

    #[test]
    fn paragraphs_that_look_like_markdown_are_escaped() {
        let a = article(
            "Quiz night\n\nThe winners were announced. Here they are.\n\n1. The Otters, with forty points.\n\n\
             # tags were banned.\n\n- no dashes either\n\n12) brackets too\n\n3.5 points behind came the Herons.\n\n\
             > quoted\n\n[1]: not a link",
        );
        let paragraphs: Vec<&str> = a.body.split("\n\n").collect();
        assert_eq!(
            paragraphs,
            [
                "The winners were announced. Here they are.",
                "1\\. The Otters, with forty points.",
                "\\# tags were banned.",
                "\\- no dashes either",
                "12\\) brackets too",
                "3.5 points behind came the Herons.",
                "\\> quoted",
                "\\[1]: not a link",
            ]
        );
    }

    #[test]
    fn headline_choice_is_deterministic() {
        let pick = |input: &str| {
            let a = article(input);
            (a.publication, a.section, a.title)
        };
        let s = |text: &str| Some(text.to_string());
        // Two sentences after the second block: it is the headline, the first the section.
        assert_eq!(
            pick("Money\n\nBank rate held\n\nRates stay put. Savers shrug.\n"),
            (None, s("Money"), "Bank rate held".into())
        );
        // A two-sentence headline without a full stop is not taken for body text.
        assert_eq!(
            pick("Money\n\nRates held. Savers shrug\n\nThe bank kept its rate. It meets again in May.\n"),
            (None, s("Money"), "Rates held. Savers shrug".into())
        );
        // Nothing reads like a paragraph: the first block is the headline.
        assert_eq!(pick("Money\n\nBank rate held\n"), (None, None, "Money".into()));
        // Three labels are too many: fall back to the first block.
        assert_eq!(pick("A\n\nB\n\nC\n\nD\n\nThe end. Really.\n").2, "A");
    }
}
