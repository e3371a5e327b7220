//! The demo sources: invented agencies and papers, each modelled on a kind of real wire
//! service or newspaper, on reserved `.example` / `.test` domains so no link leads anywhere.

use super::lang::Lang;

/// One demo source as written to `sources`, plus what the generator needs to write for it.
pub(super) struct SourceSpec {
    /// Unique, `[a-z0-9-]{1,64}`.
    pub slug: &'static str,
    /// Full name.
    pub name: &'static str,
    /// Abbreviation used in datelines.
    pub short_name: &'static str,
    /// ISO 3166-1 alpha-2.
    pub country: &'static str,
    /// BCP 47 language of the source's main service.
    pub language: &'static str,
    /// Home page, on a reserved domain.
    pub url: &'static str,
    /// Free text.
    pub description: &'static str,
    /// Relative share of the generated articles.
    pub weight: u32,
    /// Slug of the PLACE tag the source reports from most.
    pub home: &'static str,
}

impl SourceSpec {
    /// The language of an article from this source: its own language when the generator has
    /// templates for it (more than half the time, as agencies also run English services),
    /// English otherwise.
    pub fn article_language(&self, rng: &mut fastrand::Rng) -> Lang {
        match Lang::from_code(self.language) {
            Some(lang) if lang != Lang::En && rng.u32(0..100) < 60 => lang,
            _ => Lang::En,
        }
    }
}

/// All demo sources, in insertion order.
pub(super) const SOURCES: &[SourceSpec] = &[
    SourceSpec {
        slug: "pars-republic-news",
        name: "Pars Republic News Agency",
        short_name: "PRNA",
        country: "IR",
        language: "fa",
        url: "https://prna.example",
        description: "State news agency with Persian, English and Arabic services; strong on diplomacy and energy.",
        weight: 14,
        home: "tehran",
    },
    SourceSpec {
        slug: "neva-telegraph",
        name: "Neva Information Telegraph Agency",
        short_name: "NITA",
        country: "RU",
        language: "ru",
        url: "https://nita-news.example",
        description: "Government-owned telegraph agency with a large domestic bureau network and foreign desks.",
        weight: 10,
        home: "moscow",
    },
    SourceSpec {
        slug: "meridian-wire",
        name: "Meridian Wire",
        short_name: "Meridian",
        country: "GB",
        language: "en",
        url: "https://meridianwire.example",
        description: "Commercial wire known for markets coverage and fast breaking-news alerts.",
        weight: 12,
        home: "london",
    },
    SourceSpec {
        slug: "agence-hexagone",
        name: "Agence Hexagone Presse",
        short_name: "AHP",
        country: "FR",
        language: "fr",
        url: "https://hexagone-presse.example",
        description: "French global agency with correspondents in some hundred and fifty countries.",
        weight: 10,
        home: "paris",
    },
    SourceSpec {
        slug: "continental-press",
        name: "Continental Press Association",
        short_name: "CPA",
        country: "US",
        language: "en",
        url: "https://continentalpress.example",
        description: "Cooperative news association owned by its member newspapers and broadcasters.",
        weight: 12,
        home: "geneva",
    },
    SourceSpec {
        slug: "new-horizon-news",
        name: "New Horizon News Agency",
        short_name: "NHNA",
        country: "CN",
        language: "zh",
        url: "https://newhorizon-news.example",
        description: "State agency publishing in eight languages; its English service feeds this demo.",
        weight: 8,
        home: "beijing",
    },
    SourceSpec {
        slug: "bosphorus-news",
        name: "Bosphorus News Agency",
        short_name: "BNA",
        country: "TR",
        language: "tr",
        url: "https://bosphorus-news.example",
        description: "Public agency covering Turkey, the Caucasus and the Middle East.",
        weight: 6,
        home: "ankara",
    },
    SourceSpec {
        slug: "rheinische-presse-dienst",
        name: "Rheinischer Presse-Dienst",
        short_name: "rpd",
        country: "DE",
        language: "de",
        url: "https://rpd-nachrichten.example",
        description: "German agency owned by publishers, with a strong regional desk network.",
        weight: 8,
        home: "berlin",
    },
    SourceSpec {
        slug: "agencia-iberica",
        name: "Agencia Ibérica de Noticias",
        short_name: "AIN",
        country: "ES",
        language: "es",
        url: "https://agencia-iberica.example",
        description: "Spanish-language agency serving Spain and Latin America.",
        weight: 8,
        home: "madrid",
    },
    SourceSpec {
        slug: "agenzia-tiberina",
        name: "Agenzia Tiberina Stampa",
        short_name: "ATS",
        country: "IT",
        language: "it",
        url: "https://tiberina-stampa.test",
        description: "Italian cooperative agency; this demo carries its English-language wire.",
        weight: 4,
        home: "rome",
    },
    SourceSpec {
        slug: "hoshi-news-service",
        name: "Hoshi News Service",
        short_name: "HNS",
        country: "JP",
        language: "ja",
        url: "https://hoshi-news.test",
        description: "Non-profit cooperative agency of Japanese newspapers, with an English service.",
        weight: 4,
        home: "tokyo",
    },
    SourceSpec {
        slug: "caspian-gazette",
        name: "The Caspian Gazette",
        short_name: "Gazette",
        country: "IR",
        language: "en",
        url: "https://caspian-gazette.example",
        description: "English-language daily covering Iran and the wider region, largely from agency copy.",
        weight: 6,
        home: "tehran",
    },
    SourceSpec {
        slug: "le-quotidien-du-soir",
        name: "Le Quotidien du Soir",
        short_name: "QdS",
        country: "FR",
        language: "fr",
        url: "https://quotidien-du-soir.test",
        description: "Evening national daily with long-form analysis and a foreign section.",
        weight: 4,
        home: "paris",
    },
    SourceSpec {
        slug: "vecherny-vestnik",
        name: "Vecherny Vestnik",
        short_name: "VV",
        country: "RU",
        language: "ru",
        url: "https://vestnik-vecher.test",
        description: "Moscow evening paper mixing politics, economy and city life.",
        weight: 4,
        home: "moscow",
    },
    SourceSpec {
        slug: "evening-ledger",
        name: "The Evening Ledger",
        short_name: "Ledger",
        country: "GB",
        language: "en",
        url: "https://eveningledger.test",
        description: "London daily with a business supplement and a weekend culture magazine.",
        weight: 4,
        home: "london",
    },
];
