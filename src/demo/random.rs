//! Seeded randomness: per-index random streams, deterministic UUIDv7s, weighted and
//! Zipf-like choice, and the word banks drawn that way.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::lang::Lang;
use super::{names, words};

/// The base seed; changing it changes every generated row.
const SEED: u64 = 0x6761_7A65_7474_6521;

/// A random stream for `index`, independent of every other index and salt.
pub(super) fn rng_for(index: u64, salt: u64) -> fastrand::Rng {
    // splitmix64, so that neighbouring indexes get unrelated seeds.
    let mut z = SEED ^ salt.rotate_left(32) ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    fastrand::Rng::with_seed(z ^ (z >> 31))
}

/// A UUIDv7 for `at`, with the random part drawn from `rng` rather than the system.
pub(super) fn uuid_v7(at: DateTime<Utc>, rng: &mut fastrand::Rng) -> Uuid {
    let mut random = [0u8; 10];
    rng.fill(&mut random);
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
}

/// Draws indexes `0..n` with probabilities proportional to fixed weights.
pub(super) struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    /// Zipf-like: item `k` has weight `1 / (k + 1)^exponent`.
    pub fn zipf(n: usize, exponent: f64) -> Self {
        Self::new((0..n).map(|k| 1.0 / ((k + 1) as f64).powf(exponent)))
    }

    /// Explicit weights.
    pub fn new(weights: impl Iterator<Item = f64>) -> Self {
        let mut total = 0.0;
        let cumulative = weights
            .map(|w| {
                total += w;
                total
            })
            .collect();
        Self { cumulative }
    }

    /// One index.
    pub fn sample(&self, rng: &mut fastrand::Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = rng.f64() * total;
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len().saturating_sub(1))
    }
}

/// The word banks with their distributions.
pub(super) struct Banks {
    nouns: Weighted,
    adjectives: Weighted,
    verbs: Weighted,
    /// Per [`Lang`] index; English uses the noun bank.
    keywords: [(&'static [&'static str], Weighted); 6],
    /// Over [`names::COUNT`] invented names.
    names: Weighted,
}

impl Banks {
    /// The banks of [`words`] with their distributions.
    pub fn new() -> Self {
        let bank = |words: &'static [&'static str]| (words, Weighted::zipf(words.len(), 1.0));
        Self {
            nouns: Weighted::zipf(words::EN_NOUNS.len(), 1.05),
            adjectives: Weighted::zipf(words::EN_ADJECTIVES.len(), 1.0),
            verbs: Weighted::zipf(words::EN_VERBS.len(), 0.9),
            keywords: [
                bank(words::EN_NOUNS),
                bank(words::FR_KEYWORDS),
                bank(words::DE_KEYWORDS),
                bank(words::ES_KEYWORDS),
                bank(words::RU_KEYWORDS),
                bank(words::FA_KEYWORDS),
            ],
            names: Weighted::zipf(names::COUNT, 1.0),
        }
    }

    /// An English noun.
    pub fn noun(&self, rng: &mut fastrand::Rng) -> &'static str {
        words::EN_NOUNS[self.nouns.sample(rng)]
    }

    /// An English adjective.
    pub fn adjective(&self, rng: &mut fastrand::Rng) -> &'static str {
        words::EN_ADJECTIVES[self.adjectives.sample(rng)]
    }

    /// An English past-tense verb.
    pub fn verb(&self, rng: &mut fastrand::Rng) -> &'static str {
        words::EN_VERBS[self.verbs.sample(rng)]
    }

    /// An invented proper name, as `lang` writes it.
    pub fn name(&self, lang: Lang, rng: &mut fastrand::Rng) -> String {
        names::name(self.names.sample(rng), lang)
    }

    /// A noun phrase in `lang`.
    pub fn keyword(&self, lang: Lang, rng: &mut fastrand::Rng) -> &'static str {
        let (words, weights) = &self.keywords[lang.index()];
        words[weights.sample(rng)]
    }
}
