//! The demo tags: sections, real places and organizations, invented people, and topics.
//! Within each kind the order is popularity: the generator picks from the front far more
//! often, so some tags carry thousands of articles and others a handful.

/// The demo uses the domain's tag kinds.
pub(super) use crate::content::tags::TagKind as Kind;

/// One demo tag, and how the generated text refers to it.
pub(super) struct TagSpec {
    pub kind: Kind,
    /// Unique per kind.
    pub slug: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Other spellings, stored as a JSON array.
    pub aliases: &'static [&'static str],
    /// How text names it, per [`Lang`](super::lang::Lang): en, fr, de, es, ru, fa. Organizations
    /// and topics carry their article where the language needs one ("l'ONU", "der Ölpreis").
    pub forms: [&'static str; 6],
    /// English running text: "the UN" for organizations, the role for people, else the name.
    pub text: &'static str,
    /// People: grammatical gender, for the languages whose verbs agree with it.
    pub female: bool,
    /// Places: whether it can open a dateline. Topics: unused.
    pub city: bool,
    /// Topics: the slug of the section they belong to.
    pub section: &'static str,
}

const fn section(slug: &'static str, name: &'static str, aliases: &'static [&'static str]) -> TagSpec {
    TagSpec {
        kind: Kind::Section,
        slug,
        name,
        aliases,
        forms: [name; 6],
        text: name,
        female: false,
        city: false,
        section: slug,
    }
}

const fn place(
    slug: &'static str,
    name: &'static str,
    city: bool,
    aliases: &'static [&'static str],
    [fr, de, es, ru, fa]: [&'static str; 5],
) -> TagSpec {
    TagSpec {
        kind: Kind::Place,
        slug,
        name,
        aliases,
        forms: [name, fr, de, es, ru, fa],
        text: name,
        female: false,
        city,
        section: "world",
    }
}

const fn person(
    slug: &'static str,
    name: &'static str,
    female: bool,
    role: &'static str,
    [ru, fa]: [&'static str; 2],
) -> TagSpec {
    TagSpec {
        kind: Kind::Person,
        slug,
        name,
        aliases: &[],
        forms: [name, name, name, name, ru, fa],
        text: role,
        female,
        city: false,
        section: "politics",
    }
}

const fn org(
    slug: &'static str,
    name: &'static str,
    [short, text]: [&'static str; 2],
    aliases: &'static [&'static str],
    [fr, de, es, ru, fa]: [&'static str; 5],
) -> TagSpec {
    TagSpec {
        kind: Kind::Organization,
        slug,
        name,
        aliases,
        forms: [short, fr, de, es, ru, fa],
        text,
        female: false,
        city: false,
        section: "world",
    }
}

const fn topic(
    slug: &'static str,
    name: &'static str,
    [en, section]: [&'static str; 2],
    aliases: &'static [&'static str],
    [fr, de, es, ru, fa]: [&'static str; 5],
) -> TagSpec {
    TagSpec {
        kind: Kind::Topic,
        slug,
        name,
        aliases,
        forms: [en, fr, de, es, ru, fa],
        text: en,
        female: false,
        city: false,
        section,
    }
}

/// Sections; every article carries exactly one.
pub(super) const SECTIONS: &[TagSpec] = &[
    section("world", "World", &["International"]),
    section("politics", "Politics", &[]),
    section("economy", "Economy", &["Business", "Markets"]),
    section("science", "Science", &["Environment"]),
    section("sport", "Sport", &["Sports"]),
    section("culture", "Culture", &["Arts"]),
    section("technology", "Technology", &["Tech"]),
    section("health", "Health", &[]),
];

/// Real places, most-covered first.
#[rustfmt::skip]
pub(super) const PLACES: &[TagSpec] = &[
    place("tehran", "Tehran", true, &["Teheran", "Téhéran", "Тегеран", "تهران"], ["Téhéran", "Teheran", "Teherán", "Тегеран", "تهران"]),
    place("moscow", "Moscow", true, &["Moskva", "Moscou", "Moskau", "Москва"], ["Moscou", "Moskau", "Moscú", "Москва", "مسکو"]),
    place("syria", "Syria", false, &["Syrie", "Syrien", "Сирия"], ["Syrie", "Syrien", "Siria", "Сирия", "سوریه"]),
    place("iran", "Iran", false, &["Persia", "Иран", "ایران"], ["Iran", "Iran", "Irán", "Иран", "ایران"]),
    place("russia", "Russia", false, &["Russian Federation", "Russie", "Russland", "Россия"], ["Russie", "Russland", "Rusia", "Россия", "روسیه"]),
    place("beijing", "Beijing", true, &["Peking", "Pékin"], ["Pékin", "Peking", "Pekín", "Пекин", "پکن"]),
    place("geneva", "Geneva", true, &["Genève", "Genf", "Ginebra"], ["Genève", "Genf", "Ginebra", "Женева", "ژنو"]),
    place("berlin", "Berlin", true, &[], ["Berlin", "Berlin", "Berlín", "Берлин", "برلین"]),
    place("paris", "Paris", true, &[], ["Paris", "Paris", "París", "Париж", "پاریس"]),
    place("ankara", "Ankara", true, &[], ["Ankara", "Ankara", "Ankara", "Анкара", "آنکارا"]),
    place("turkey", "Turkey", false, &["Türkiye", "Turquie", "Türkei"], ["Turquie", "Türkei", "Turquía", "Турция", "ترکیه"]),
    place("brussels", "Brussels", true, &["Bruxelles", "Brussel", "Brüssel"], ["Bruxelles", "Brüssel", "Bruselas", "Брюссель", "بروکسل"]),
    place("london", "London", true, &["Londres"], ["Londres", "London", "Londres", "Лондон", "لندن"]),
    place("madrid", "Madrid", true, &[], ["Madrid", "Madrid", "Madrid", "Мадрид", "مادرید"]),
    place("tokyo", "Tokyo", true, &["Tokio"], ["Tokyo", "Tokio", "Tokio", "Токио", "توکیو"]),
    place("rome", "Rome", true, &["Roma", "Rom"], ["Rome", "Rom", "Roma", "Рим", "رم"]),
    place("vienna", "Vienna", true, &["Wien", "Vienne", "Viena"], ["Vienne", "Wien", "Viena", "Вена", "وین"]),
];

/// Invented people; any likeness to a real person is accidental.
#[rustfmt::skip]
pub(super) const PEOPLE: &[TagSpec] = &[
    person("kourosh-tabandeh", "Kourosh Tabandeh", false, "Iran's deputy foreign minister", ["Курош Табанде", "کوروش تابنده"]),
    person("yelena-sarovskaya", "Yelena Sarovskaya", true, "a Russian security council envoy", ["Елена Саровская", "یلنا ساروفسکایا"]),
    person("anselm-trautwein", "Anselm Trautwein", false, "the UN special envoy", ["Ансельм Траутвайн", "آنسلم تراوت‌واین"]),
    person("maren-holtkamp", "Maren Holtkamp", true, "Germany's trade commissioner", ["Марен Хольткамп", "مارن هولتکمپ"]),
    person("etienne-marchal", "Étienne Marchal", false, "France's climate envoy", ["Этьен Маршаль", "اتین مارشال"]),
    person("wen-liqiao", "Wen Liqiao", true, "a Chinese foreign ministry spokeswoman", ["Вэнь Лицяо", "ون لیچیائو"]),
    person("selim-karadere", "Selim Karadere", false, "a Turkish presidential adviser", ["Селим Карадере", "سلیم کارادره"]),
    person("lucia-arrebola", "Lucía Arrebola", true, "Spain's energy secretary", ["Лусия Арребола", "لوسیا آرربولا"]),
    person("nadia-ferhat", "Nadia Ferhat", true, "a WHO regional director", ["Надя Ферхат", "نادیا فرحات"]),
    person("arkady-belozersky", "Arkady Belozersky", false, "Russia's deputy energy minister", ["Аркадий Белозерский", "آرکادی بلوزرسکی"]),
    person("tadashi-mikura", "Tadashi Mikura", false, "Japan's chief trade negotiator", ["Тадаси Микура", "تاداشی میکورا"]),
    person("giulia-fantoni", "Giulia Fantoni", true, "an Italian central bank economist", ["Джулия Фантони", "جولیا فانتونی"]),
    person("zawadi-mwangaza", "Zawadi Mwangaza", true, "the head of an African public health network", ["Завади Мвангаза", "زاودی موانگازا"]),
    person("rafael-quintanar", "Rafael Quintanar", false, "the national football coach", ["Рафаэль Кинтанар", "رافائل کینتانار"]),
];

/// Real organizations, most-covered first.
#[rustfmt::skip]
pub(super) const ORGANIZATIONS: &[TagSpec] = &[
    org("un", "United Nations", ["UN", "the UN"], &["UN", "ONU", "ООН", "سازمان ملل"], ["l'ONU", "die UNO", "la ONU", "ООН", "سازمان ملل"]),
    org("eu", "European Union", ["EU", "the EU"], &["EU", "UE", "Union européenne", "Europäische Union", "Евросоюз"], ["l'Union européenne", "die EU", "la Unión Europea", "Евросоюз", "اتحادیه اروپا"]),
    org("opec", "OPEC", ["OPEC", "OPEC"], &["Organization of the Petroleum Exporting Countries", "OPEP", "Opec", "ОПЕК"], ["l'OPEP", "die Opec", "la OPEP", "ОПЕК", "اوپک"]),
    org("iaea", "International Atomic Energy Agency", ["IAEA", "the IAEA"], &["IAEA", "AIEA", "OIEA", "МАГАТЭ"], ["l'AIEA", "die IAEA", "la OIEA", "МАГАТЭ", "آژانس بین‌المللی انرژی اتمی"]),
    org("who", "World Health Organization", ["WHO", "the WHO"], &["WHO", "OMS", "ВОЗ"], ["l'OMS", "die WHO", "la OMS", "ВОЗ", "سازمان جهانی بهداشت"]),
    org("nato", "NATO", ["NATO", "NATO"], &["North Atlantic Treaty Organization", "OTAN", "Nato", "НАТО"], ["l'OTAN", "die Nato", "la OTAN", "НАТО", "ناتو"]),
    org("world-bank", "World Bank", ["World Bank", "the World Bank"], &["Banque mondiale", "Weltbank", "Banco Mundial"], ["la Banque mondiale", "die Weltbank", "el Banco Mundial", "Всемирный банк", "بانک جهانی"]),
    org("red-cross", "International Committee of the Red Cross", ["Red Cross", "the Red Cross"], &["ICRC", "CICR", "IKRK"], ["la Croix-Rouge", "das Rote Kreuz", "la Cruz Roja", "Красный Крест", "صلیب سرخ"]),
    org("african-union", "African Union", ["African Union", "the African Union"], &["AU", "UA"], ["l'Union africaine", "die Afrikanische Union", "la Unión Africana", "Африканский союз", "اتحادیه آفریقا"]),
    org("unesco", "UNESCO", ["UNESCO", "UNESCO"], &["Unesco", "ЮНЕСКО"], ["l'Unesco", "die Unesco", "la Unesco", "ЮНЕСКО", "یونسکو"]),
    org("fifa", "FIFA", ["FIFA", "FIFA"], &["Fifa", "ФИФА"], ["la FIFA", "die Fifa", "la FIFA", "ФИФА", "فیفا"]),
];

/// Topics, each belonging to a section, most-covered first.
#[rustfmt::skip]
pub(super) const TOPICS: &[TagSpec] = &[
    topic("oil-prices", "Oil prices", ["oil prices", "economy"], &["crude"], ["le prix du pétrole", "der Ölpreis", "el precio del petróleo", "цены на нефть", "قیمت نفت"]),
    topic("ceasefire", "Ceasefire", ["the ceasefire", "world"], &["truce"], ["le cessez-le-feu", "die Waffenruhe", "el alto el fuego", "перемирие", "آتش‌بس"]),
    topic("nuclear-talks", "Nuclear talks", ["the nuclear talks", "politics"], &[], ["le dossier nucléaire", "der Atomstreit", "el programa nuclear", "ядерная сделка", "مذاکرات هسته‌ای"]),
    topic("sanctions", "Sanctions", ["sanctions", "politics"], &[], ["le régime de sanctions", "die Sanktionspolitik", "el régimen de sanciones", "санкции", "تحریم‌ها"]),
    topic("inflation", "Inflation", ["inflation", "economy"], &["cost of living"], ["l'inflation", "die Inflation", "la inflación", "инфляция", "تورم"]),
    topic("elections", "Elections", ["the elections", "politics"], &["vote", "polls"], ["le scrutin", "die Wahl", "el proceso electoral", "выборы", "انتخابات"]),
    topic("climate-change", "Climate change", ["climate change", "science"], &["global warming"], ["le changement climatique", "der Klimawandel", "el cambio climático", "изменение климата", "تغییرات اقلیمی"]),
    topic("refugees", "Refugees", ["refugees", "world"], &["migrants", "displaced people"], ["la question des réfugiés", "die Flüchtlingsfrage", "la crisis de refugiados", "проблема беженцев", "بحران پناهجویان"]),
    topic("trade", "Trade", ["trade", "economy"], &["exports", "imports"], ["le commerce extérieur", "der Außenhandel", "el comercio exterior", "внешняя торговля", "تجارت خارجی"]),
    topic("artificial-intelligence", "Artificial intelligence", ["artificial intelligence", "technology"], &["AI", "KI", "IA", "ИИ"], ["l'intelligence artificielle", "die künstliche Intelligenz", "la inteligencia artificial", "искусственный интеллект", "هوش مصنوعی"]),
    topic("football", "Football", ["football", "sport"], &["soccer"], ["le football", "der Fußball", "el fútbol", "футбол", "فوتبال"]),
    topic("vaccination", "Vaccination", ["vaccination", "health"], &["vaccines", "immunisation"], ["la vaccination", "die Impfkampagne", "la vacunación", "вакцинация", "واکسیناسیون"]),
    topic("drought", "Drought", ["the drought", "science"], &["water shortage"], ["la sécheresse", "die Dürre", "la sequía", "засуха", "خشکسالی"]),
    topic("cybersecurity", "Cybersecurity", ["cybersecurity", "technology"], &["cyber attacks"], ["la cybersécurité", "die Cybersicherheit", "la ciberseguridad", "кибербезопасность", "امنیت سایبری"]),
    topic("film-festivals", "Film festivals", ["the film festival", "culture"], &["cinema"], ["le festival de cinéma", "das Filmfestival", "el festival de cine", "кинофестиваль", "جشنواره فیلم"]),
    topic("wrestling", "Wrestling", ["wrestling", "sport"], &[], ["la lutte", "das Ringen", "la lucha libre", "борьба", "کشتی"]),
    topic("space-exploration", "Space exploration", ["space exploration", "science"], &["spaceflight"], ["l'exploration spatiale", "die Raumfahrt", "la exploración espacial", "освоение космоса", "اکتشافات فضایی"]),
    topic("cultural-heritage", "Cultural heritage", ["cultural heritage", "culture"], &["heritage sites"], ["le patrimoine", "das Kulturerbe", "el patrimonio", "культурное наследие", "میراث فرهنگی"]),
];

/// Every tag in insertion order: sections, places, people, organizations, topics. Indexes
/// into this order identify tags throughout the generator.
pub(super) fn all() -> impl Iterator<Item = &'static TagSpec> {
    SECTIONS
        .iter()
        .chain(PLACES)
        .chain(PEOPLE)
        .chain(ORGANIZATIONS)
        .chain(TOPICS)
}

/// Offsets of each kind in [`all`].
pub(super) const PLACE_BASE: usize = SECTIONS.len();
/// See [`PLACE_BASE`].
pub(super) const PERSON_BASE: usize = PLACE_BASE + PLACES.len();
/// See [`PLACE_BASE`].
pub(super) const ORG_BASE: usize = PERSON_BASE + PEOPLE.len();
/// See [`PLACE_BASE`].
pub(super) const TOPIC_BASE: usize = ORG_BASE + ORGANIZATIONS.len();
/// Number of tags.
pub(super) const COUNT: usize = TOPIC_BASE + TOPICS.len();

/// Index in [`all`] of the section with this slug (0, "world", if none).
pub(super) fn section_index(slug: &str) -> usize {
    SECTIONS.iter().position(|s| s.slug == slug).unwrap_or(0)
}
