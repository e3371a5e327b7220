//! Filling templates: the cast of one article (its places, person, organization, topic),
//! and the slot syntax documented in [`super::templates`].

use super::lang::Lang;
use super::random::Banks;
use super::sources::SourceSpec;
use super::tags::TagSpec;

/// Which of the cast a filled text named, so the article can be tagged with what its
/// headline actually mentions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Mentions {
    pub place: bool,
    pub place2: bool,
    pub city: bool,
    pub person: bool,
    pub org: bool,
    pub topic: bool,
}

/// Who and what one article is about.
pub(super) struct Cast {
    pub lang: Lang,
    pub place: &'static TagSpec,
    pub place2: &'static TagSpec,
    pub city: &'static TagSpec,
    pub person: &'static TagSpec,
    pub org: &'static TagSpec,
    pub topic: &'static TagSpec,
    pub source: &'static SourceSpec,
    /// `{day}`, already in the article's language.
    pub day: &'static str,
}

/// Fills templates for one article, remembering what was mentioned.
pub(super) struct Writer<'a> {
    banks: &'a Banks,
    cast: &'a Cast,
    mentions: Mentions,
    /// Templates already used in this article.
    used: Vec<&'static str>,
}

impl<'a> Writer<'a> {
    /// A writer for `cast`, drawing words from `banks`.
    pub fn new(banks: &'a Banks, cast: &'a Cast) -> Self {
        Self {
            banks,
            cast,
            mentions: Mentions::default(),
            used: Vec::with_capacity(32),
        }
    }

    /// What was mentioned since the last call; resets the record.
    pub fn take_mentions(&mut self) -> Mentions {
        std::mem::take(&mut self.mentions)
    }

    /// A template from `list`, filled. Prefers one not used yet in this article, so that a
    /// body rarely repeats a sentence; short lists may still repeat in long bodies.
    pub fn fill_from(&mut self, list: &'static [&'static str], rng: &mut fastrand::Rng) -> String {
        let mut template = "";
        for _ in 0..6 {
            template = list.get(rng.usize(..list.len().max(1))).copied().unwrap_or("");
            if !self.used.contains(&template) {
                break;
            }
        }
        self.used.push(template);
        self.fill(template, rng)
    }

    /// `template` with its slots filled and its first letter capitalized.
    pub fn fill(&mut self, template: &str, rng: &mut fastrand::Rng) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                // An unmatched brace is text, not a slot.
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let slot = &after[..close];
            let (capitalize, slot) = match slot.strip_prefix('^') {
                Some(inner) => (true, inner),
                None => (false, slot),
            };
            let start = out.len();
            self.slot(slot, rng, &mut out);
            if capitalize {
                capitalize_from(&mut out, start);
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        capitalize_from(&mut out, 0);
        out
    }

    fn slot(&mut self, slot: &str, rng: &mut fastrand::Rng, out: &mut String) {
        let cast = self.cast;
        let lang = cast.lang;
        let i = lang.index();
        if let Some(choices) = slot.strip_prefix("g:") {
            let (masculine, feminine) = choices.split_once('|').unwrap_or((choices, choices));
            out.push_str(if cast.person.female { feminine } else { masculine });
            return;
        }
        let value: &str = match slot {
            "place" => {
                self.mentions.place = true;
                cast.place.forms[i]
            }
            "place2" => {
                self.mentions.place2 = true;
                cast.place2.forms[i]
            }
            "city" => {
                self.mentions.city = true;
                cast.city.forms[i]
            }
            "person" => {
                self.mentions.person = true;
                cast.person.forms[i]
            }
            "surname" => {
                self.mentions.person = true;
                let name = cast.person.forms[i];
                name.rsplit(' ').next().unwrap_or(name)
            }
            "role" => cast.person.text,
            "org" => {
                self.mentions.org = true;
                cast.org.forms[i]
            }
            "the_org" => {
                self.mentions.org = true;
                if lang == Lang::En {
                    cast.org.text
                } else {
                    cast.org.forms[i]
                }
            }
            "topic" => {
                self.mentions.topic = true;
                cast.topic.forms[i]
            }
            "n" => self.banks.noun(rng),
            "a" => self.banks.adjective(rng),
            "v" => self.banks.verb(rng),
            "kw" => self.banks.keyword(lang, rng),
            "day" => cast.day,
            "src" => cast.source.short_name,
            "source" => cast.source.name,
            "num" => {
                out.push_str(&lang.digits(&rng.u32(2..96).to_string()));
                return;
            }
            "name" => {
                out.push_str(&self.banks.name(lang, rng));
                return;
            }
            "pct" => {
                let separator = if lang == Lang::En { '.' } else { ',' };
                let pct = format!("{}{separator}{}", rng.u32(1..15), rng.u32(0..10));
                out.push_str(&lang.digits(&pct));
                return;
            }
            // Unknown slots stay visible, so a typo in a template shows in the output and tests.
            _ => {
                out.push('{');
                out.push_str(slot);
                out.push('}');
                return;
            }
        };
        if lang == Lang::En {
            fix_indefinite_article(out, value);
        }
        out.push_str(value);
    }
}

/// Turns a trailing "a " into "an " when `next` starts with a vowel ("an urgent plan").
fn fix_indefinite_article(out: &mut String, next: &str) {
    if !next.starts_with(['a', 'e', 'i', 'o', 'u']) {
        return;
    }
    let bytes = out.as_bytes();
    let len = bytes.len();
    let ends_with_a = len >= 2 && matches!(&bytes[len - 2..], b"a " | b"A ");
    let word_start = len == 2 || (len > 2 && matches!(bytes[len - 3], b' ' | b'"' | b'*' | b'('));
    if ends_with_a && word_start {
        out.insert(len - 1, 'n');
    }
}

/// Upper-cases the first letter at or after byte `start`, skipping `**`, quotes and the
/// like; text that starts with a number ("63 % des personnes") is left alone.
fn capitalize_from(out: &mut String, start: usize) {
    let Some((offset, c)) = out[start..].char_indices().find(|(_, c)| c.is_alphanumeric()) else {
        return;
    };
    if !c.is_lowercase() {
        return;
    }
    let at = start + offset;
    let upper: String = c.to_uppercase().collect();
    out.replace_range(at..at + c.len_utf8(), &upper);
}
