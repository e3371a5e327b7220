//! Auto-tagging: which tags an article mentions, by name or alias, for imports.
//!
//! Pure and built once per tag set: names are normalised into one Aho-Corasick automaton,
//! and each call normalises the article's texts the same way and scans them once.
//!
//! Normalising (names and texts alike): Unicode NFKD; combining marks dropped where they
//! are accents (after Latin, Greek, Cyrillic, Hebrew, Arabic… letters; kept in Indic,
//! Southeast Asian and kana text, where they are part of the letter); full lowercase; a
//! few letters that have no decomposition folded to their plain form (`ł`, `ø`, `ı`, `ß`…);
//! typographic apostrophes and hyphens made ASCII; runs of whitespace made one space.
//!
//! A match counts only as a whole word: the characters around it must not be letters,
//! digits or marks, except where a script without spaces (Chinese, Japanese, Thai…) is on
//! either side of the edge, since such text has no word boundaries to check. Texts may be
//! Markdown or HTML: tags, comments, link targets and bare URLs are skipped and common
//! entities decoded, so `<a href="/moscow">` or `https://example.com/moscow` tag nothing.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, decompose_compatible, is_combining_mark};
use uuid::Uuid;

/// Names shorter than this, in characters after normalising, are ignored: too noisy.
const MIN_NAME_CHARS: usize = 2;

/// Up to this many bytes of names, the automaton is a DFA (see [`AutoTagger::new`]).
const DFA_MAX_NAME_BYTES: usize = 64 * 1024;

/// Finds the tags whose name or aliases an article mentions.
#[derive(Clone, Debug)]
pub struct AutoTagger {
    /// Over the normalised names; `None` when there are none.
    matcher: Option<AhoCorasick>,
    /// The tags known by each name, indexed by the automaton's pattern id.
    owners: Vec<Box<[Uuid]>>,
}

impl AutoTagger {
    /// `tags`: (tag id, the names it is known by: its name and its aliases).
    ///
    /// Names normalising to fewer than two characters are ignored; a name shared by
    /// several tags matches all of them.
    pub fn new(tags: impl IntoIterator<Item = (Uuid, Vec<String>)>) -> Self {
        let mut by_name: HashMap<String, Vec<Uuid>> = HashMap::new();
        let mut normaliser = Normaliser::new();
        for (id, names) in tags {
            for name in names {
                let normalised = normaliser.normalise(&name, false).trim();
                if normalised.chars().count() < MIN_NAME_CHARS {
                    continue;
                }
                by_name.entry(normalised.to_owned()).or_default().push(id);
            }
        }
        // Sorted so that pattern ids, and so the automaton, do not depend on hash order.
        let mut names: Vec<(String, Vec<Uuid>)> = by_name.into_iter().collect();
        names.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        if names.is_empty() {
            return Self {
                matcher: None,
                owners: Vec::new(),
            };
        }
        // Standard semantics: the only kind that reports overlapping matches, so that
        // "new york" and "york" are both found in "New York". A DFA searches markedly faster
        // than the default NFA, for about eight times the memory: worth it up to about
        // 10 MB, some 5,000 names.
        let name_bytes: usize = names.iter().map(|(name, _)| name.len()).sum();
        let kind = (name_bytes <= DFA_MAX_NAME_BYTES).then_some(AhoCorasickKind::DFA);
        let built = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(kind)
            .build(names.iter().map(|(name, _)| name));
        match built {
            Ok(matcher) => {
                let owners = names
                    .into_iter()
                    .map(|(_, mut ids)| {
                        ids.sort_unstable();
                        ids.dedup();
                        ids.into_boxed_slice()
                    })
                    .collect();
                Self {
                    matcher: Some(matcher),
                    owners,
                }
            }
            Err(err) => {
                // Only reachable past the automaton's size limits (billions of states), far
                // beyond any tag set; tagging nothing beats failing an import.
                tracing::error!(names = names.len(), %err, "cannot build the auto-tagger; it will tag nothing");
                Self {
                    matcher: None,
                    owners: Vec::new(),
                }
            }
        }
    }

    /// Ids of the tags mentioned in any of `texts` (title, body…), sorted and without
    /// duplicates. Each text is searched on its own: a name never spans two texts.
    pub fn find(&self, texts: &[&str]) -> Vec<Uuid> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        // One bit per name, so that a name repeated a thousand times costs nothing more.
        let mut hit = vec![0u64; self.owners.len().div_ceil(64)];
        let mut normaliser = Normaliser::new();
        for text in texts {
            let haystack = normaliser.normalise(text, true);
            // Cannot panic: the automaton is unanchored with Standard semantics (see `new`).
            for m in matcher.find_overlapping_iter(haystack) {
                if is_whole_word(haystack, m.start(), m.end()) {
                    let p = m.pattern().as_usize();
                    if let Some(word) = hit.get_mut(p / 64) {
                        *word |= 1 << (p % 64);
                    }
                }
            }
        }
        let mut ids = Vec::new();
        for (w, &word) in hit.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let p = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if let Some(owners) = self.owners.get(p) {
                    ids.extend_from_slice(owners);
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// True when there are no names to look for.
    pub fn is_empty(&self) -> bool {
        self.matcher.is_none()
    }
}

/// Whether `haystack[start..end]` stands as a whole word (see the module doc).
fn is_whole_word(haystack: &str, start: usize, end: usize) -> bool {
    let (Some(before), Some(word), Some(after)) =
        (haystack.get(..start), haystack.get(start..end), haystack.get(end..))
    else {
        return false;
    };
    let (Some(first), Some(last)) = (word.chars().next(), word.chars().next_back()) else {
        return false;
    };
    let start_ok = match before.chars().next_back() {
        None => true,
        Some(b) => !is_word_char(b) || is_unspaced_script(b) || is_unspaced_script(first),
    };
    let end_ok = match after.chars().next() {
        None => true,
        // A mark after the match belongs to its last letter: the name stops mid-letter.
        Some(a) if is_combining_mark(a) => false,
        Some(a) => !is_word_char(a) || is_unspaced_script(a) || is_unspaced_script(last),
    };
    start_ok && end_ok
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Scripts written without spaces between words, where no word boundary can be checked.
fn is_unspaced_script(c: char) -> bool {
    matches!(u32::from(c),
        0x0E00..=0x0FFF      // Thai, Lao, Tibetan
        | 0x1000..=0x109F    // Myanmar
        | 0x1780..=0x17FF    // Khmer
        | 0x2E80..=0x9FFF    // CJK radicals and punctuation, kana, Bopomofo, Han
        | 0xF900..=0xFAFF    // Han compatibility
        | 0x20000..=0x3FFFF) // Han extensions
}

/// Whether combining marks after `base` are accents to drop rather than part of a letter.
fn marks_are_accents(base: char) -> bool {
    matches!(u32::from(base),
        0x0000..=0x08FF     // Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Syriac…
        | 0x1C80..=0x1C8F   // Cyrillic extended C
        | 0x1D00..=0x1FFF   // phonetic extensions, Latin extended additional, Greek extended
        | 0x2C60..=0x2C7F   // Latin extended C
        | 0xA640..=0xA69F   // Cyrillic extended B
        | 0xA720..=0xA7FF   // Latin extended D
        | 0xAB30..=0xAB6F   // Latin extended E
        | 0xFB00..=0xFEFF)  // Latin, Hebrew and Arabic presentation forms
        // Marks on punctuation, symbols or emoji are decoration. Tested last: the ranges
        // above are much cheaper to test.
        || !base.is_alphanumeric()
}

/// False when lowercasing leaves `c` as it is. Much cheaper than `char::to_lowercase`,
/// which searches a table for every non-ASCII character, and most text is lowercase.
fn may_change_in_lowercase(c: char) -> bool {
    // Titlecase letters are not uppercase but do change (NFKD decomposes them anyway).
    c.is_uppercase() || matches!(u32::from(c), 0x1C5 | 0x1C8 | 0x1CB | 0x1F2 | 0x1F88..=0x1FFC)
}

/// Invisible characters, dropped: soft hyphen, zero-width space, word joiner, byte-order
/// mark, and variation selectors (which would otherwise be kept as marks after Han).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// A lowercase letter as one or two plain characters: typographic apostrophes and hyphens
/// made ASCII, and letters that have no decomposition but are read as accented forms of
/// plain ones folded ("Łódź" is written "Lodz", "Diyarbakır" "Diyarbakir").
fn fold(c: char) -> (char, Option<char>) {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{2BC}' => ('\'', None),
        '\u{2010}' | '\u{2011}' => ('-', None),
        'ß' => ('s', Some('s')),
        'æ' => ('a', Some('e')),
        'œ' => ('o', Some('e')),
        'þ' => ('t', Some('h')),
        'ł' => ('l', None),
        'ø' => ('o', None),
        'đ' | 'ð' => ('d', None),
        'ı' => ('i', None),
        'ħ' => ('h', None),
        'ŧ' => ('t', None),
        // The final form, which per-character lowercasing never produces from 'Σ'.
        'ς' => ('σ', None),
        c => (c, None),
    }
}

/// ASCII bytes copied as they are: all but uppercase letters, whitespace, and the bytes
/// where markup may start (see [`MarkupSkipper::skip`]).
const VERBATIM: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] =
            !c.is_ascii_uppercase() && !c.is_ascii_whitespace() && c != 0x0B && !matches!(c, b'<' | b'&' | b']' | b'h');
        b += 1;
    }
    table
};

/// Slots in [`Normaliser`]'s character cache.
const CACHE_SLOTS: usize = 256;

/// Writes text in normalised form (see the module doc) into a buffer kept between texts.
struct Normaliser {
    out: String,
    /// Whether a combining mark met now is an accent, from the letter it follows.
    drop_marks: bool,
    /// Recent non-ASCII characters and their [`simple_form`]: NFKD and case tables are slow,
    /// and a text uses few letters. Indexed by the character's code modulo the length.
    cache: [(char, Option<char>); CACHE_SLOTS],
}

impl Normaliser {
    fn new() -> Self {
        // '\0' is ASCII, never looked up, so it marks a free slot.
        Self {
            out: String::new(),
            drop_marks: true,
            cache: [('\0', None); CACHE_SLOTS],
        }
    }

    /// Replaces the buffer with `text` normalised; `markup`: it may hold Markdown or HTML.
    fn normalise(&mut self, text: &str, markup: bool) -> &str {
        self.out.clear();
        self.out.reserve(text.len());
        self.drop_marks = true;
        let bytes = text.as_bytes();
        let mut skipper = MarkupSkipper::default();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let rest = bytes.get(i..).unwrap_or_default();
            if b >= 0x80 {
                let len = rest.iter().position(|&b| b < 0x80).unwrap_or(rest.len());
                if let Some(run) = text.get(i..i + len) {
                    self.push_non_ascii(run);
                }
                i += len;
                continue;
            }
            let verbatim = rest
                .iter()
                .position(|&b| !VERBATIM.get(usize::from(b)).copied().unwrap_or(false));
            let len = verbatim.unwrap_or(rest.len());
            if len > 0 {
                self.out.push_str(text.get(i..i + len).unwrap_or_default());
                self.drop_marks = true;
                i += len;
                continue;
            }
            match if markup { skipper.skip(text, i) } else { None } {
                Some(Skipped::To(next)) => {
                    self.push_space();
                    i = next;
                }
                Some(Skipped::Entity(c, next)) => {
                    let mut buf = [0; 4];
                    self.push_nfkd(c.encode_utf8(&mut buf));
                    i = next;
                }
                None => {
                    self.push_ascii(b);
                    i += 1;
                }
            }
        }
        &self.out
    }

    /// A run of non-ASCII text. Characters with a [`simple_form`] come from the cache; the
    /// rest go through NFKD in segments that end before such a character, which is a
    /// starter: canonical reordering never crosses one.
    fn push_non_ascii(&mut self, run: &str) {
        let mut pending = None;
        for (at, c) in run.char_indices() {
            match self.cached(c) {
                Some(normal) => {
                    if let Some(from) = pending.take() {
                        self.push_nfkd(run.get(from..at).unwrap_or_default());
                    }
                    self.out.push(normal);
                    self.drop_marks = marks_are_accents(normal);
                }
                None => {
                    pending.get_or_insert(at);
                }
            }
        }
        if let Some(from) = pending {
            self.push_nfkd(run.get(from..).unwrap_or_default());
        }
    }

    /// [`simple_form`] of `c`, from the cache when possible.
    fn cached(&mut self, c: char) -> Option<char> {
        let slot = self.cache.get_mut(c as usize % CACHE_SLOTS)?;
        if slot.0 != c {
            *slot = (c, simple_form(c));
        }
        slot.1
    }

    fn push_nfkd(&mut self, segment: &str) {
        segment.nfkd().for_each(|c| self.push_decomposed(c));
    }

    fn push_ascii(&mut self, b: u8) {
        self.drop_marks = true;
        if b.is_ascii_whitespace() || b == 0x0B {
            self.push_space();
        } else {
            self.out.push(char::from(b.to_ascii_lowercase()));
        }
    }

    /// One character of NFKD output.
    fn push_decomposed(&mut self, c: char) {
        match c {
            c if is_invisible(c) => {}
            c if is_combining_mark(c) => {
                if !self.drop_marks {
                    self.out.push(c);
                }
            }
            c if c.is_whitespace() => {
                self.drop_marks = true;
                self.push_space();
            }
            c if may_change_in_lowercase(c) => c.to_lowercase().for_each(|lower| self.push_folded(lower)),
            c => self.push_folded(c),
        }
    }

    fn push_folded(&mut self, c: char) {
        let (first, second) = fold(c);
        self.out.push(first);
        self.out.extend(second);
        self.drop_marks = marks_are_accents(first);
    }

    fn push_space(&mut self) {
        if !self.out.ends_with(' ') {
            self.out.push(' ');
        }
    }
}

/// What [`Normaliser::push_decomposed`] writes for the NFKD of `c`, when that is one
/// character and does not depend on what comes next: `c` is a starter that NFKD leaves
/// alone or splits into a starter and accents to drop (as "é" into "e" and an acute).
fn simple_form(c: char) -> Option<char> {
    if canonical_combining_class(c) != 0 {
        return None;
    }
    let (mut base, mut accents_only, mut len) = (c, true, 0);
    decompose_compatible(c, |d| {
        if len == 0 {
            base = d;
        } else {
            accents_only &= is_combining_mark(d);
        }
        len += 1;
    });
    let plain = !(is_invisible(base) || is_combining_mark(base) || base.is_whitespace());
    if !plain || canonical_combining_class(base) != 0 || (len > 1 && !(accents_only && marks_are_accents(base))) {
        return None;
    }
    let lower = if may_change_in_lowercase(base) {
        let mut lower = base.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) => l,
            _ => return None,
        }
    } else {
        base
    };
    match fold(lower) {
        (folded, None) => Some(folded),
        (_, Some(_)) => None,
    }
}

/// What [`MarkupSkipper::skip`] found at a position of the raw text.
enum Skipped {
    /// Markup ending before this byte offset; it reads as a word break.
    To(usize),
    /// An HTML entity for this character, ending before this byte offset.
    Entity(char, usize),
}

/// Recognises markup that is not prose. Each scan that finds no end disables its kind for
/// the rest of the text, so malformed input such as a million `<a` stays linear.
#[derive(Default)]
struct MarkupSkipper {
    no_more_tags: bool,
    /// Markdown link targets are not looked for before this offset, where one was
    /// looked for and not found.
    no_link_before: usize,
}

/// Longest Markdown link target looked for, in bytes.
const MAX_LINK_TARGET: usize = 2048;

impl MarkupSkipper {
    /// Markup starting at byte `i` (an ASCII character) of `text`, if any.
    fn skip(&mut self, text: &str, i: usize) -> Option<Skipped> {
        let bytes = text.as_bytes();
        match *bytes.get(i)? {
            b'<' if !self.no_more_tags => {
                let next = *bytes.get(i + 1)?;
                if !(next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?')) {
                    return None;
                }
                let end = tag_end(text, i);
                self.no_more_tags = end.is_none();
                end.map(Skipped::To)
            }
            b'&' => entity(text, i).map(|(c, next)| Skipped::Entity(c, next)),
            b']' if i >= self.no_link_before && bytes.get(i + 1) == Some(&b'(') => {
                // The target ends at the first ')'; a search that fails up to a newline or
                // the cap would fail from any later "](" before that point too.
                let from = i + 2;
                let window = bytes.get(from..(from + MAX_LINK_TARGET).min(bytes.len()))?;
                match window.iter().position(|&b| b == b')' || b == b'\n') {
                    Some(n) if window.get(n) == Some(&b')') => Some(Skipped::To(from + n + 1)),
                    Some(n) => {
                        self.no_link_before = from + n;
                        None
                    }
                    None => {
                        self.no_link_before = from + window.len();
                        None
                    }
                }
            }
            b'h' | b'H' => {
                let starts_word = i == 0 || bytes.get(i - 1).is_some_and(|b| !b.is_ascii_alphanumeric());
                let is_url = |scheme: &[u8]| {
                    bytes
                        .get(i..i + scheme.len())
                        .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
                };
                if !(starts_word && (is_url(b"http://") || is_url(b"https://"))) {
                    return None;
                }
                let len = bytes
                    .get(i..)?
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || b"<>\"')]".contains(&b));
                Some(Skipped::To(len.map_or(bytes.len(), |n| i + n)))
            }
            _ => None,
        }
    }
}

/// The end (exclusive) of the HTML tag or comment starting with the `<` at byte `i`.
fn tag_end(text: &str, i: usize) -> Option<usize> {
    let rest = text.get(i..)?;
    if rest.starts_with("<!--") {
        return rest.find("-->").map(|n| i + n + 3);
    }
    // Quoted attribute values may hold '>'; a quote counts only right after '='.
    let mut quote = None;
    let mut last = b'<';
    for (n, &b) in rest.as_bytes().iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'>' => return Some(i + n + 1),
            None if (b == b'"' || b == b'\'') && last == b'=' => quote = Some(b),
            None if !b.is_ascii_whitespace() => last = b,
            None => {}
        }
    }
    None
}

/// The character of the HTML entity starting with the `&` at byte `i`, and where it ends.
/// Only the entities common in imported prose are known; others stay as text.
fn entity(text: &str, i: usize) -> Option<(char, usize)> {
    let rest = text.get(i + 1..)?;
    let len = rest.bytes().take(12).position(|b| b == b';')?;
    let name = rest.get(..len)?;
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" | "rsquo" | "lsquo" => '\'',
        "nbsp" => ' ',
        "shy" => '\u{AD}',
        "ndash" => '–',
        "mdash" => '—',
        "szlig" => 'ß',
        "aelig" | "AElig" => 'æ',
        "oelig" | "OElig" => 'œ',
        "eth" | "ETH" => 'ð',
        "thorn" | "THORN" => 'þ',
        // "&eacute;", "&Uuml;"…: accents are dropped anyway, so the letter is enough.
        _ if is_accented_letter(name) => char::from(*name.as_bytes().first()?),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16),
                None => number.parse(),
            };
            char::from_u32(code.ok()?)?
        }
    };
    Some((c, i + 1 + len + 1))
}

/// Whether an entity name is a letter and an accent, as in `eacute` or `Ccedil`.
fn is_accented_letter(name: &str) -> bool {
    const ACCENTS: [&str; 15] = [
        "acute", "breve", "caron", "cedil", "circ", "dblac", "dot", "grave", "macr", "ogon", "ring", "slash", "strok",
        "tilde", "uml",
    ];
    let (Some(letter), Some(accent)) = (name.get(..1), name.get(1..)) else {
        return false;
    };
    letter.bytes().all(|b| b.is_ascii_alphabetic()) && ACCENTS.contains(&accent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn tagger(tags: &[(u128, &[&str])]) -> AutoTagger {
        AutoTagger::new(
            tags.iter()
                .map(|(n, names)| (id(*n), names.iter().map(|s| (*s).to_owned()).collect())),
        )
    }

    /// Whether the one-tag tagger for `name` finds it in `text`.
    fn mentions(name: &str, text: &str) -> bool {
        !tagger(&[(1, &[name])]).find(&[text]).is_empty()
    }

    #[test]
    fn whole_words_only() {
        assert!(mentions("Moscow", "Talks in Moscow ended early."));
        assert!(!mentions("Moscow", "Dr. Moscowitz was unavailable."));
        assert!(!mentions("Moscow", "Muscovites queued for bread."));
        assert!(!mentions("Iran", "An Iranian delegation arrived."));
        assert!(mentions("UN", "the UN said on Tuesday"));
        assert!(!mentions("UN", "under the bridge, for fun"));
        assert!(mentions("Moscow", "Moscow"));
        assert!(!mentions("Moscow", "Moscow2024"));
    }

    #[test]
    fn possessives_and_punctuation_are_boundaries() {
        for text in [
            "in Moscow, officials said",
            "Moscow's mayor",
            "Moscow’s mayor",
            "(Moscow)",
            "\"Moscow\"",
            "Moscow-based traders",
            "**Moscow**",
            "flights to Moscow.",
            "MOSCOW —",
        ] {
            assert!(mentions("Moscow", text), "{text}");
        }
    }

    #[test]
    fn accents_are_ignored_both_ways() {
        assert!(mentions("São Paulo", "fans in sao paulo cheered"));
        assert!(mentions("São Paulo", "SAO PAULO (Reuters)"));
        assert!(mentions("Sao Paulo", "a night in São Paulo"));
        assert!(mentions("Zürich", "Zurich banks"));
        assert!(mentions("Zurich", "Zürich banks"));
        // Decomposed input and compatibility forms (full-width, ligatures) too.
        assert!(mentions("Zürich", "Zu\u{308}rich banks"));
        assert!(mentions("Zürich", "ＺＵＲＩＣＨ banks"));
        assert!(mentions("Fiji", "the \u{FB01}ji islands"));
        assert!(mentions("Café Rouge", "lunch at CAFE\u{301} ROUGE"));
    }

    #[test]
    fn letters_without_decomposition_are_folded() {
        assert!(mentions("Łódź", "factories in Lodz"));
        assert!(mentions("Diyarbakır", "DIYARBAKIR province"));
        assert!(mentions("İstanbul", "istanbul traffic"));
        assert!(mentions("Straße des 17. Juni", "Strasse des 17. Juni"));
        assert!(mentions("Ὀδυσσεύς", "ΟΔΥΣΣΕΥΣ returns"));
    }

    #[test]
    fn case_is_ignored() {
        assert!(mentions("nato", "NATO allies"));
        assert!(mentions("NATO", "Nato allies"));
        assert!(mentions("McDonald's", "MCDONALD'S profits"));
    }

    #[test]
    fn multi_word_names_match_across_any_whitespace() {
        assert!(mentions("New York", "flights to New\nYork resumed"));
        assert!(mentions("New York", "New \r\n\t York"));
        assert!(mentions("New York", "New\u{A0}York"));
        assert!(mentions("New   York ", "<p>New</p>\n<p>York</p>"));
        assert!(!mentions("New York", "NewYork"));
        assert!(!mentions("New York", "New Yorker"));
    }

    #[test]
    fn overlapping_names_all_match() {
        let t = tagger(&[(1, &["New York"]), (2, &["York"]), (3, &["New York Times"])]);
        assert_eq!(t.find(&["The New York Times reported"]), vec![id(1), id(2), id(3)]);
        assert_eq!(t.find(&["Old York"]), vec![id(2)]);
    }

    #[test]
    fn aliases_match_their_tag() {
        let t = tagger(&[(1, &["United Nations", "UN", "U.N."]), (2, &["Moscow"])]);
        assert_eq!(t.find(&["the U.N. envoy"]), vec![id(1)]);
        assert_eq!(t.find(&["the UN envoy"]), vec![id(1)]);
        assert_eq!(t.find(&["United  Nations and UN"]), vec![id(1)]);
    }

    #[test]
    fn tags_sharing_a_name_all_match() {
        let t = tagger(&[(7, &["Georgia"]), (3, &["georgia", "Sakartvelo"]), (5, &["Atlanta"])]);
        assert_eq!(t.find(&["Elections in Georgia"]), vec![id(3), id(7)]);
    }

    #[test]
    fn short_and_empty_names_are_ignored() {
        let t = tagger(&[(1, &["A", "", "  ", "é", "\u{301}"]), (2, &["X", "Xi"])]);
        assert_eq!(t.find(&["A é X: Xi met a man"]), vec![id(2)]);
        assert!(tagger(&[(1, &["a", " "])]).is_empty());
    }

    #[test]
    fn non_latin_scripts() {
        assert!(mentions("Москва", "москва и область"));
        assert!(mentions("москва", "МОСКВА."));
        assert!(!mentions("Москва", "Москвагорстрой"));
        assert!(mentions("Αθήνα", "ΑΘΗΝΑ, Τρίτη"));
        assert!(mentions("תֵּל אָבִיב", "תל אביב"), "Hebrew points are dropped");
    }

    #[test]
    fn marks_that_are_letters_are_kept() {
        // दिल्ली (Delhi) without its vowel signs and virama would read as दलाल (broker).
        assert!(mentions("दिल्ली", "नई दिल्ली में"));
        assert!(!mentions("दिल्ली", "दलाल"));
        // Japanese: カ and ガ differ only by a combining voicing mark after NFKD.
        assert!(!mentions("ヒカ", "ヒガシ"));
    }

    #[test]
    fn scripts_without_spaces_match_inside_text() {
        assert!(mentions("北京", "今天北京的天气"));
        assert!(mentions("東京", "東京都の知事"));
        assert!(mentions("Apple", "在Apple公司"));
        assert!(mentions("กรุงเทพ", "ที่กรุงเทพมหานคร"));
    }

    #[test]
    fn html_and_markdown_markup_is_not_matched() {
        let t = tagger(&[(1, &["Moscow"]), (2, &["title"])]);
        assert!(
            t.find(&[r#"<a href="https://x.test/moscow" title="Moscow">Kyiv</a>"#])
                .is_empty()
        );
        assert!(t.find(&[r#"<img alt='a > b Moscow' src=moscow.png>"#]).is_empty());
        assert!(t.find(&["<!-- Moscow --> text"]).is_empty());
        assert!(t.find(&["[Kyiv](https://x.test/moscow \"Moscow\")"]).is_empty());
        assert!(t.find(&["see https://x.test/moscow-news for more"]).is_empty());
        assert!(t.find(&["<https://x.test/moscow>"]).is_empty());
        assert_eq!(t.find(&[r#"<a href="/x">Moscow</a>"#]), vec![id(1)]);
        assert_eq!(t.find(&["[Moscow](https://x.test/)"]), vec![id(1)]);
        assert_eq!(
            t.find(&["if a<b and Moscow>c"]),
            Vec::<Uuid>::new(),
            "a tag-like run is skipped"
        );
        assert_eq!(t.find(&["1 < 2 in Moscow"]), vec![id(1)]);
    }

    #[test]
    fn html_entities_are_decoded() {
        assert!(mentions("AT&T", "AT&amp;T shares"));
        assert!(mentions("São Paulo", "S&#227;o&nbsp;Paulo"));
        assert!(mentions("São Paulo", "S&#xE3;o Paulo"));
        assert!(mentions("Côte d'Ivoire", "C&ocirc;te d&rsquo;Ivoire"));
        assert!(mentions("Zürich", "Z&Uuml;RICH"));
        assert!(mentions("Straße", "Stra&szlig;e"));
        assert!(mentions("Moscow", "&laquo;Moscow&raquo;"));
        assert!(!mentions("Moscow", "Mos&shy;cowitz"));
    }

    #[test]
    fn each_text_is_searched_on_its_own() {
        let t = tagger(&[(1, &["New York"]), (2, &["Paris"])]);
        assert!(t.find(&["Flights to New", "York"]).is_empty());
        assert_eq!(t.find(&["Paris", "New York"]), vec![id(1), id(2)]);
    }

    #[test]
    fn output_is_sorted_and_deduplicated() {
        let t = tagger(&[
            (9, &["Berlin", "Berlín"]),
            (2, &["Paris"]),
            (5, &["Rome"]),
            (1, &["Madrid"]),
        ]);
        let text = "Rome, Paris, Berlin, Berlín, Paris, Rome, Berlin";
        assert_eq!(t.find(&[text, text]), vec![id(2), id(5), id(9)]);
    }

    #[test]
    fn empty_tagger_finds_nothing() {
        let t = AutoTagger::new(Vec::new());
        assert!(t.is_empty());
        assert!(t.find(&["Moscow", ""]).is_empty());
        assert!(!tagger(&[(1, &["Moscow"])]).is_empty());
    }

    #[test]
    fn lowercase_shortcut_agrees_with_std() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if !may_change_in_lowercase(c) {
                assert!(
                    c.to_lowercase().eq([c]),
                    "{c:?} ({:04X}) changes in lowercase",
                    u32::from(c)
                );
            }
        }
    }

    /// The normaliser without its shortcuts: NFKD over the whole text, one character at a time.
    fn reference(text: &str) -> String {
        let mut n = Normaliser::new();
        text.nfkd().for_each(|c| n.push_decomposed(c));
        n.out
    }

    #[test]
    fn shortcuts_agree_with_plain_nfkd() {
        let mut normaliser = Normaliser::new();
        let contexts = ["{}", "a{}b", "{}\u{301}", "Я{}\u{323}\u{301}", "क{}\u{94D}", "{}{} {}"];
        // Every character, but only a sample of the large blocks of Han and Hangul.
        let uniform = |u: u32| matches!(u, 0x3400..=0x9FFF | 0xAC00..=0xD7A3 | 0x2_0000..);
        let chars = (0x80..0x3_0000).filter(|&u| !uniform(u) || u % 61 == 0);
        for c in chars.filter_map(char::from_u32) {
            for context in contexts {
                let text = context.replace("{}", c.encode_utf8(&mut [0; 4]));
                assert_eq!(normaliser.normalise(&text, false), reference(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn can_be_shared_across_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<AutoTagger>();
    }

    #[test]
    fn odd_input_does_not_panic() {
        let t = tagger(&[(1, &["Moscow"]), (2, &["\u{301}ab"]), (3, &["😀😀"])]);
        let huge = "<a ".repeat(200_000) + &"](".repeat(200_000) + &"&#".repeat(100_000) + " Moscow";
        for text in [
            "",
            " ",
            "\u{301}",
            "\u{301}\u{302}Moscow",
            "😀😀 Moscow 👍🏽",
            "<",
            "<a",
            "<!--",
            "&",
            "&#;",
            "&#x110000;",
            "&#xD800;",
            "&#99999999999999999999;",
            "](",
            "]",
            "http://",
            "H",
            "\u{FEFF}\0\u{10FFFF}",
            "ǅ\u{1F1FA}\u{1F1F3}",
            huge.as_str(),
        ] {
            let _ = t.find(&[text]);
        }
        assert_eq!(t.find(&[huge.as_str()]), vec![id(1)]);
    }
}
