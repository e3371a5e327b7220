//! Invented proper names (villages, firms, people quoted once) for the long tail of an
//! archive's vocabulary. Real copy is full of names that appear in a handful of stories;
//! without them every word of the demo would be in hundreds of articles, and a search
//! benchmark would measure only the worst case. Drawn Zipf-like from [`COUNT`] names (see
//! [`super::random::Banks`]): over 100,000 articles a few names recur in thousands of them
//! and most in one or two.

use super::lang::Lang;
use super::random::rng_for;

/// How many different names there are.
pub(super) const COUNT: usize = 200_000;

/// Seeds the letters of each name, apart from every other random stream.
const SALT: u64 = 0x6E61_6D65;

/// A part of a name in the three scripts of the demo: Latin, Cyrillic and Persian (which
/// leaves the short vowel `e` unwritten).
type Part = (&'static str, &'static str, &'static str);

const ONSETS: [Part; 16] = [
    ("b", "б", "ب"),
    ("d", "д", "د"),
    ("g", "г", "گ"),
    ("k", "к", "ک"),
    ("l", "л", "ل"),
    ("m", "м", "م"),
    ("n", "н", "ن"),
    ("p", "п", "پ"),
    ("r", "р", "ر"),
    ("s", "с", "س"),
    ("t", "т", "ت"),
    ("v", "в", "و"),
    ("z", "з", "ز"),
    ("sh", "ш", "ش"),
    ("dr", "др", "در"),
    ("br", "бр", "بر"),
];

const VOWELS: [Part; 5] = [
    ("a", "а", "ا"),
    ("e", "е", ""),
    ("i", "и", "ی"),
    ("o", "о", "و"),
    ("u", "у", "و"),
];

const CODAS: [Part; 4] = [("", "", ""), ("n", "н", "ن"), ("r", "р", "ر"), ("s", "с", "س")];

/// Name `k` (below [`COUNT`]) as `lang` writes it: two to four syllables and an optional
/// final consonant, capitalized where the script has capitals. The same `k` is the same
/// name in every language, transliterated.
pub(super) fn name(k: usize, lang: Lang) -> String {
    let script = match lang {
        Lang::Ru => 1,
        Lang::Fa => 2,
        _ => 0,
    };
    let pick = |part: &Part| match script {
        1 => part.1,
        2 => part.2,
        _ => part.0,
    };
    let mut rng = rng_for(k as u64, SALT);
    let syllables = match rng.u32(0..100) {
        0..15 => 2,
        15..75 => 3,
        _ => 4,
    };
    let mut out = String::with_capacity(16);
    for _ in 0..syllables {
        out.push_str(pick(&ONSETS[rng.usize(..ONSETS.len())]));
        out.push_str(pick(&VOWELS[rng.usize(..VOWELS.len())]));
    }
    out.push_str(pick(&CODAS[rng.usize(..CODAS.len())]));
    if let Some(first) = out.chars().next() {
        let upper: String = first.to_uppercase().collect();
        out.replace_range(..first.len_utf8(), &upper);
    }
    out
}
