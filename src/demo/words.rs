//! Word banks. Each is ordered from common to rare: the generator draws from them with a
//! Zipf-like distribution, so full-text search meets a few very frequent words and a long
//! tail of rare ones, as in real copy.

/// English nouns and noun phrases that read well after "the" or an adjective.
#[rustfmt::skip]
pub(super) const EN_NOUNS: &[&str] = &[
    "plan", "government", "agreement", "talks", "security", "region", "economy", "market", "budget", "energy",
    "project", "policy", "report", "crisis", "cooperation", "investment", "meeting", "proposal", "border", "aid",
    "growth", "infrastructure", "delegation", "parliament", "negotiations", "ministry", "framework", "sector",
    "programme", "strategy", "partnership", "reforms", "dispute", "visit", "summit", "exports", "prices", "debt",
    "tariffs", "currency", "pipeline", "railway", "corridor", "port", "customs", "airline", "hospitals", "schools",
    "universities", "researchers", "farmers", "workers", "students", "pensions", "wages", "housing", "rents",
    "harvest", "wheat", "rice", "fertiliser", "shipping", "freight", "tankers", "refinery", "grid", "power plant",
    "dam", "reservoir", "water supply", "heatwave", "floods", "wildfires", "earthquake", "rescue teams", "shelters",
    "convoy", "checkpoint", "court", "verdict", "appeal", "inquiry", "audit", "watchdog", "regulator", "licence",
    "bond sale", "stock exchange", "central bank", "interest rates", "bank loans", "credit rating", "tax code",
    "subsidies", "fuel prices", "gas field", "oil field", "solar farm", "wind farm", "turbines", "batteries",
    "lithium", "copper", "cobalt", "semiconductors", "microchips", "data centre", "satellite", "launch", "rocket",
    "observatory", "telescope", "laboratory", "clinical trial", "vaccine doses", "clinics", "nurses", "surgeons",
    "ambulances", "pharmacies", "epidemic", "outbreak", "quarantine", "stadium", "tournament", "league", "transfer",
    "coach", "squad", "final", "medal", "championship", "museum", "exhibition", "festival", "premiere", "novel",
    "manuscript", "archive", "orchestra", "opera", "theatre", "library", "mosque", "cathedral", "bazaar", "carpet",
    "ceramics", "mosaic", "excavation", "ruins", "citadel", "caravanserai", "saffron", "pistachios", "caviar",
    "dates", "tea", "textiles", "steel", "cement", "glassworks", "shipyard", "drydock", "ferry", "canal", "strait",
    "glacier", "aquifer", "wetlands", "salt lake", "desert", "sandstorm", "locusts", "monsoon", "drought relief",
    "desalination", "irrigation", "greenhouses", "orchards", "vineyards", "beekeepers", "fisheries", "sturgeon",
    "migratory birds", "leopards", "national park", "reforestation", "carbon market", "emissions", "hydrogen",
    "geothermal wells", "uranium", "centrifuges", "inspectors", "safeguards", "enrichment", "warheads", "drones",
    "radar", "air defences", "naval drills", "frigate", "submarine", "airspace", "embassy", "consulate", "visa rules",
    "passports", "pilgrims", "tourists", "hotels", "cruise", "expo", "trade fair", "start-ups", "venture capital",
    "crowdfunding", "algorithm", "chatbot", "encryption", "firewall", "ransomware", "phishing", "botnet", "backdoor",
    "quantum computer", "fibre network", "spectrum auction", "broadband", "e-commerce", "fintech", "cryptocurrency",
    "blockchain", "stablecoin", "ledger", "barter deal", "clearing house", "escrow", "arbitration", "tribunal",
    "amnesty", "ombudsman", "referendum", "by-election", "coalition", "caucus", "filibuster", "manifesto",
    "ballot boxes", "turnout", "observers", "recount", "constituency", "almanac", "atlas", "calligraphy", "miniatures",
    "lute", "santur", "kamancheh", "balalaika", "flamenco", "fado", "tapestry", "fresco", "sarcophagus", "papyrus",
    "meteorite", "comet", "eclipse", "aurora", "exoplanet", "neutrinos", "particle collider", "genome", "enzyme",
    "antibiotics", "antivenom", "malaria nets", "cholera", "measles", "polio drops", "insulin", "prosthetics",
];

/// English adjectives.
#[rustfmt::skip]
pub(super) const EN_ADJECTIVES: &[&str] = &[
    "new", "regional", "joint", "economic", "national", "bilateral", "international", "major", "key", "broader",
    "proposed", "long-term", "strategic", "urgent", "local", "public", "official", "second", "final", "draft",
    "annual", "global", "domestic", "foreign", "private", "temporary", "existing", "planned", "revised", "delayed",
    "disputed", "controversial", "ambitious", "modest", "record", "rare", "fragile", "costly", "expanded", "reduced",
    "cross-border", "multilateral", "emergency", "interim", "technical", "legal", "financial", "humanitarian",
    "military", "civilian", "industrial", "agricultural", "coastal", "northern", "southern", "eastern", "western",
    "rural", "urban", "digital", "renewable", "nuclear", "maritime", "seasonal", "historic", "landmark",
    "provisional", "tentative", "unexpected", "unprecedented", "overdue", "long-awaited", "little-known", "obscure",
    "informal", "confidential", "leaked", "redacted", "archival", "archaeological", "geothermal", "hydroelectric",
    "amphibious", "subterranean", "nocturnal", "migratory", "endemic", "semi-arid", "mountainous", "landlocked",
    "offshore", "overland", "pilot", "prototype", "experimental", "peer-reviewed", "open-source",
    "encrypted", "decentralised", "bespoke", "artisanal", "hand-woven", "centuries-old", "restored", "forgotten",
];

/// English verbs in the past tense, taking an object.
#[rustfmt::skip]
pub(super) const EN_VERBS: &[&str] = &[
    "discussed", "reviewed", "welcomed", "criticised", "backed", "rejected", "announced", "approved", "delayed",
    "questioned", "defended", "praised", "examined", "outlined", "proposed", "opposed", "extended", "suspended",
    "revived", "unveiled", "signed off on", "pushed back against", "scrutinised", "endorsed", "shelved", "fast-tracked",
    "watered down", "overhauled", "renegotiated", "audited", "mapped out", "downplayed", "ruled out", "hinted at",
];

/// French noun phrases, with their article, usable as a subject or after "sur".
#[rustfmt::skip]
pub(super) const FR_KEYWORDS: &[&str] = &[
    "la sécurité régionale", "le budget", "la coopération économique", "le marché de l'énergie", "la croissance",
    "la réforme des retraites", "le chômage", "la dette publique", "le pouvoir d'achat", "la frontière",
    "le corridor ferroviaire", "la transition énergétique", "le secteur agricole", "la récolte de blé",
    "le port de commerce", "la flotte de pétroliers", "la centrale solaire", "le réseau électrique", "la santé publique",
    "l'hôpital régional", "la campagne de dépistage", "le championnat", "la finale", "le nouveau stade",
    "l'exposition", "le musée national", "la bibliothèque", "le patrimoine industriel", "la rénovation du théâtre",
    "le satellite d'observation", "le laboratoire", "la fusée", "le télescope", "la cybercriminalité",
    "la souveraineté numérique", "le rapport d'audit", "la commission d'enquête", "le tribunal administratif",
    "la mosaïque byzantine", "le safran", "la filière pistache", "la désalinisation", "la nappe phréatique",
    "le criquet pèlerin", "la tempête de sable", "l'orgue de la cathédrale", "la calligraphie persane",
];

/// German noun phrases in the nominative, with their article.
#[rustfmt::skip]
pub(super) const DE_KEYWORDS: &[&str] = &[
    "die regionale Sicherheit", "der Haushalt", "die wirtschaftliche Zusammenarbeit", "der Energiemarkt",
    "das Wachstum", "die Rentenreform", "die Arbeitslosigkeit", "die Staatsverschuldung", "die Kaufkraft",
    "die Grenze", "der Bahnkorridor", "die Energiewende", "die Landwirtschaft", "die Weizenernte", "der Handelshafen",
    "die Tankerflotte", "das Solarkraftwerk", "das Stromnetz", "die öffentliche Gesundheit", "das Kreiskrankenhaus",
    "die Vorsorgekampagne", "die Meisterschaft", "das Finale", "das neue Stadion", "die Ausstellung",
    "das Nationalmuseum", "die Stadtbibliothek", "das Industriedenkmal", "die Theatersanierung",
    "der Erdbeobachtungssatellit", "das Forschungslabor", "die Trägerrakete", "das Teleskop", "die Cyberkriminalität",
    "die digitale Souveränität", "der Prüfbericht", "der Untersuchungsausschuss", "das Verwaltungsgericht",
    "das byzantinische Mosaik", "der Safran", "die Pistazienernte", "die Meerwasserentsalzung", "das Grundwasser",
    "die Wüstenheuschrecke", "der Sandsturm", "die Domorgel", "die persische Kalligrafie",
];

/// Spanish noun phrases, with their article, usable as a subject or after "sobre".
#[rustfmt::skip]
pub(super) const ES_KEYWORDS: &[&str] = &[
    "la seguridad regional", "el presupuesto", "la cooperación económica", "el mercado energético", "el crecimiento",
    "la reforma de las pensiones", "el desempleo", "la deuda pública", "el poder adquisitivo", "la frontera",
    "el corredor ferroviario", "la transición energética", "el sector agrícola", "la cosecha de trigo",
    "el puerto comercial", "la flota de petroleros", "la planta solar", "la red eléctrica", "la salud pública",
    "el hospital comarcal", "la campaña de prevención", "el campeonato", "la final", "el nuevo estadio",
    "la exposición", "el museo nacional", "la biblioteca municipal", "el patrimonio industrial",
    "la restauración del teatro", "el satélite de observación", "el laboratorio", "el cohete", "el telescopio",
    "la ciberdelincuencia", "la soberanía digital", "el informe de auditoría", "la comisión de investigación",
    "el tribunal administrativo", "el mosaico bizantino", "el azafrán", "la cosecha de pistacho", "la desalinización",
    "el acuífero", "la langosta del desierto", "la tormenta de arena", "el órgano de la catedral",
    "la caligrafía persa",
];

/// Russian noun phrases in the nominative.
#[rustfmt::skip]
pub(super) const RU_KEYWORDS: &[&str] = &[
    "региональная безопасность", "бюджет", "экономическое сотрудничество", "энергетический рынок", "рост экономики",
    "пенсионная реформа", "безработица", "государственный долг", "покупательная способность", "граница",
    "железнодорожный коридор", "энергетический переход", "сельское хозяйство", "урожай пшеницы", "торговый порт",
    "танкерный флот", "солнечная электростанция", "энергосистема", "здравоохранение", "областная больница",
    "программа диспансеризации", "чемпионат", "финал", "новый стадион", "выставка", "национальный музей",
    "городская библиотека", "промышленное наследие", "реставрация театра", "спутник наблюдения", "лаборатория",
    "ракета-носитель", "телескоп", "киберпреступность", "цифровой суверенитет", "аудиторский отчёт",
    "следственная комиссия", "арбитражный суд", "византийская мозаика", "шафран", "урожай фисташек", "опреснение воды",
    "подземные воды", "пустынная саранча", "песчаная буря", "соборный орган", "персидская каллиграфия",
];

/// Persian noun phrases.
#[rustfmt::skip]
pub(super) const FA_KEYWORDS: &[&str] = &[
    "امنیت منطقه‌ای", "بودجه", "همکاری اقتصادی", "بازار انرژی", "رشد اقتصادی", "اصلاح نظام بازنشستگی", "بیکاری",
    "بدهی دولت", "قدرت خرید", "مرز مشترک", "کریدور ریلی", "گذار انرژی", "بخش کشاورزی", "برداشت گندم",
    "بندر تجاری", "ناوگان نفتکش", "نیروگاه خورشیدی", "شبکه برق", "سلامت عمومی", "بیمارستان منطقه‌ای",
    "طرح غربالگری", "مسابقات قهرمانی", "دیدار نهایی", "ورزشگاه جدید", "نمایشگاه", "موزه ملی", "کتابخانه شهر",
    "میراث صنعتی", "مرمت تئاتر", "ماهواره سنجشی", "آزمایشگاه", "ماهواره‌بر", "تلسکوپ", "جرایم سایبری",
    "حاکمیت دیجیتال", "گزارش حسابرسی", "کمیسیون تحقیق", "دیوان عدالت اداری", "کاشی‌کاری صفوی", "زعفران",
    "برداشت پسته", "آب‌شیرین‌کن", "آب‌های زیرزمینی", "ملخ صحرایی", "توفان شن", "قنات", "خوشنویسی نستعلیق",
];

/// Invented reporters writing in Latin script.
#[rustfmt::skip]
pub(super) const REPORTERS_LATIN: &[&str] = &[
    "Harriet Okafor-Lund", "Tomasz Wierzbicki", "Colette Ravanel", "Jonas Etxeberria", "Priya Anand-Marsh",
    "Benedikt Sauerlander", "Inés Villaseca", "Matteo Corradini", "Aoife Brannagh", "Samir Haddadine",
    "Leonie Kettelhack", "Julien Borderie", "Carmen Ugalde", "Owen Pritchard-Bay", "Yuki Hanamura",
    "Daniela Ortuzar", "Felix Ambrosius", "Margaux Delatour", "Kwame Asante-Reid", "Sofia Lindqvist",
    "Hamid Rostamkhani", "Irina Volkhova", "Thibault Garnier", "Elena Marchetti",
];

/// Invented reporters writing in Russian.
#[rustfmt::skip]
pub(super) const REPORTERS_RU: &[&str] = &[
    "Анна Северцева", "Дмитрий Ладогин", "Ольга Сурикова", "Павел Черноусов", "Мария Кречетова",
    "Игорь Залесский", "Ксения Бобринская", "Артём Вершинин",
];

/// Invented reporters writing in Persian.
#[rustfmt::skip]
pub(super) const REPORTERS_FA: &[&str] = &[
    "مریم دلاوری", "حمید رستم‌خانی", "نسرین فرهمندپور", "علیرضا کوهستانی", "سارا نیک‌سرشت", "بهرام شاهرخی",
    "لیلا آذرنوش", "کاوه میرباقری",
];
