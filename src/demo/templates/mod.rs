//! Sentence templates per language, all written for this demo.
//!
//! Slots in braces are filled by the generator:
//!
//! | slot | filled with |
//! |---|---|
//! | `{place}`, `{place2}` | the article's two places (other languages use them only before a colon) |
//! | `{city}` | the dateline city |
//! | `{person}`, `{surname}`, `{role}` | the article's person; `{role}` is English only |
//! | `{org}`, `{the_org}` | the organization; `{the_org}` is the English running-text form ("the UN") |
//! | `{topic}` | the topic, with its article where the language needs one |
//! | `{n}`, `{a}`, `{v}` | English noun, adjective, past-tense verb, Zipf-distributed |
//! | `{kw}` | a noun phrase in the article's language, Zipf-distributed |
//! | `{name}` | an invented proper name (a village, a firm, half of a person's name), Zipf-distributed over 200,000: the long tail of the vocabulary |
//! | `{num}`, `{pct}` | a small number, a percentage |
//! | `{day}` | the weekday as an adverbial ("on Monday", "am Montag") |
//! | `{src}`, `{source}` | the source's short and full name |
//! | `{g:he|she}` | the first or second text by the person's gender |
//!
//! A `^` after the brace (`{^kw}`) capitalizes the filled text. The first letter of every
//! filled template is capitalized anyway.
//!
//! Templates in languages with articles and cases use slots only where the stored form fits:
//! French and Spanish never put a slot after "de"/"à" (no "du"/"al" contraction), German
//! keeps slots in the nominative, Russian avoids verbs that agree in gender except via `{g:…}`.

mod de;
mod en;
mod es;
mod fa;
mod fr;
mod ru;

use super::lang::Lang;

/// The templates of one language.
pub(super) struct Templates {
    /// Headlines.
    pub headlines: &'static [&'static str],
    /// Decks under the headline.
    pub subtitles: &'static [&'static str],
    /// First sentences, written after the dateline.
    pub leads: &'static [&'static str],
    /// Body sentences.
    pub sentences: &'static [&'static str],
    /// Quoted remarks with their attribution.
    pub quotes: &'static [&'static str],
    /// Lines introducing a bulleted list.
    pub list_intros: &'static [&'static str],
    /// Bullet points.
    pub list_items: &'static [&'static str],
    /// Closing sentences.
    pub closers: &'static [&'static str],
    /// `{day}` for Monday to Sunday.
    pub days: [&'static str; 7],
}

/// The templates for `lang`.
pub(super) fn of(lang: Lang) -> &'static Templates {
    match lang {
        Lang::En => &en::T,
        Lang::Fr => &fr::T,
        Lang::De => &de::T,
        Lang::Es => &es::T,
        Lang::Ru => &ru::T,
        Lang::Fa => &fa::T,
    }
}

/// Headlines that recur word for word (daily briefings and wraps), with their section: they
/// give the data identical titles to order and search by.
pub(super) const RECURRING: &[(&str, &str)] = &[
    ("Morning briefing: the stories to watch today", "world"),
    ("Markets wrap: shares end a choppy session mixed", "economy"),
    ("Weather watch: storm warnings issued for the weekend", "science"),
    (
        "Week ahead: envoys, central banks and a crowded sports calendar",
        "politics",
    ),
];
