//! Pure generation of the demo rows: no I/O, and the same `now` and index always give the
//! same article. Each article has its own random stream seeded from its index, so a chunk can
//! be generated without the articles before it, and the first 300 articles of a 100,000 load
//! are the 300 of a default load.

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use uuid::Uuid;

use super::lang::Lang;
use super::random::{Banks, Weighted, rng_for, uuid_v7};
use super::sources::SOURCES;
use super::tags::{self, ORGANIZATIONS, PEOPLE, PLACES, SECTIONS, TOPICS};
use super::templates::{self, RECURRING};
use super::text::{Cast, Mentions, Writer};
use super::{translit, words};

/// Salts separating the random streams drawn for the same index.
const SALT_ARTICLE: u64 = 0xA7;
const SALT_TIME: u64 = 0x71;
const SALT_SETUP: u64 = 0x5E;

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
/// Published articles fall between a year and ten minutes before `now`.
const OLDEST: i64 = 365 * DAY;
const NEWEST: i64 = 10 * MINUTE;
/// Sources and tags were created this long before `now`, before any article.
const SETUP_AGE: i64 = 400 * DAY;
/// Longest slug stem; the `-{index}` suffix follows.
const SLUG_STEM_MAX: usize = 180;

/// The demo uses the domain's statuses (withdrawn stories are left out of generated
/// content).
pub(super) use crate::content::articles::ArticleStatus as Status;

/// The status of the article at `index`: fixed by index rather than drawn, so even a small
/// load has every state: 2% drafts, 1% scheduled, 1% archived.
fn status_of(index: u64) -> Status {
    match index % 100 {
        17 | 67 => Status::Draft,
        42 => Status::Scheduled,
        91 => Status::Archived,
        _ => Status::Published,
    }
}

/// One generated article, ready to become rows of `articles` and `article_tags`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Article {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub summary: Option<String>,
    pub body: String,
    pub byline: Option<String>,
    pub language: &'static str,
    pub status: Status,
    pub published_at: Option<DateTime<Utc>>,
    pub canonical_url: Option<String>,
    pub external_id: Option<String>,
    /// Index into [`SOURCES`].
    pub source: usize,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Indexes into [`tags::all`]; the first is the section.
    pub tags: Vec<usize>,
}

/// What one article is about, as indexes into [`PLACES`], [`PEOPLE`], [`ORGANIZATIONS`] and
/// [`TOPICS`].
struct Picks {
    place: usize,
    place2: usize,
    /// The dateline city: the place itself if it is a city, else the source's home.
    city: usize,
    person: usize,
    org: usize,
    topic: usize,
}

/// The article's tags, as indexes into [`tags::all`]: its section first, then what the
/// headline names, then (by chance) its topic and who the body quotes; at most five in all,
/// and now and then the section alone.
fn link_tags(
    section: &str,
    picks: &Picks,
    in_headline: Mentions,
    in_body: Mentions,
    rng: &mut fastrand::Rng,
) -> Vec<usize> {
    let mut linked = Vec::with_capacity(5);
    linked.push(tags::section_index(section));
    let mut add = |tag: usize| {
        if !linked.contains(&tag) && linked.len() < 5 {
            linked.push(tag);
        }
    };
    let topic = tags::TOPIC_BASE + picks.topic;
    for (named, tag) in [
        (in_headline.place, tags::PLACE_BASE + picks.place),
        (in_headline.place2, tags::PLACE_BASE + picks.place2),
        (in_headline.city, tags::PLACE_BASE + picks.city),
        (in_headline.person, tags::PERSON_BASE + picks.person),
        (in_headline.org, tags::ORG_BASE + picks.org),
        (in_headline.topic, topic),
    ] {
        if named {
            add(tag);
        }
    }
    if rng.u32(0..100) < 60 {
        add(topic);
    }
    if in_body.person && rng.u32(0..100) < 30 {
        add(tags::PERSON_BASE + picks.person);
    }
    if in_body.org && rng.u32(0..100) < 30 {
        add(tags::ORG_BASE + picks.org);
    }
    if rng.u32(0..100) < 6 {
        linked.truncate(1);
    }
    linked
}

/// Generates the demo rows for one `now`.
pub(super) struct Generator {
    /// `now` truncated to whole seconds; every timestamp is this plus or minus whole seconds.
    anchor: DateTime<Utc>,
    banks: Banks,
    sources: Weighted,
    places: Weighted,
    people: Weighted,
    orgs: Weighted,
    topics: Weighted,
    reporters: [Weighted; 3],
}

impl Generator {
    /// A generator anchored at `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        let anchor = DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now);
        Self {
            anchor,
            banks: Banks::new(),
            sources: Weighted::new(SOURCES.iter().map(|s| f64::from(s.weight))),
            places: Weighted::zipf(PLACES.len(), 0.9),
            people: Weighted::zipf(PEOPLE.len(), 0.9),
            orgs: Weighted::zipf(ORGANIZATIONS.len(), 0.9),
            topics: Weighted::zipf(TOPICS.len(), 0.8),
            reporters: [
                Weighted::zipf(words::REPORTERS_LATIN.len(), 0.8),
                Weighted::zipf(words::REPORTERS_RU.len(), 0.8),
                Weighted::zipf(words::REPORTERS_FA.len(), 0.8),
            ],
        }
    }

    /// Ids and creation times for `count` setup rows (sources, tags), one minute apart,
    /// well before the first article. `salt` keeps the id streams of the tables apart.
    pub fn setup_rows(&self, count: usize, salt: u64) -> Vec<(Uuid, DateTime<Utc>)> {
        let mut rng = rng_for(salt, SALT_SETUP);
        let start = self.anchor - TimeDelta::seconds(SETUP_AGE) + TimeDelta::seconds(salt as i64 * HOUR);
        (0..count)
            .map(|i| {
                let at = start + TimeDelta::seconds(i as i64 * MINUTE);
                (uuid_v7(at, &mut rng), at)
            })
            .collect()
    }

    /// The cast of an article from a source based in `home`: a third of stories are about
    /// the source's own city, the rest spread Zipf-like over all places.
    fn picks(&self, home: &str, topic: usize, rng: &mut fastrand::Rng) -> Picks {
        let home = PLACES.iter().position(|p| p.slug == home).unwrap_or(0);
        let place = if rng.u32(0..100) < 35 {
            home
        } else {
            self.places.sample(rng)
        };
        let mut place2 = self.places.sample(rng);
        if place2 == place {
            place2 = (place + 1 + rng.usize(..PLACES.len() - 1)) % PLACES.len();
        }
        Picks {
            place,
            place2,
            city: if PLACES[place].city { place } else { home },
            person: self.people.sample(rng),
            org: self.orgs.sample(rng),
            topic,
        }
    }

    /// Seconds before `now` at which article `index` is published, if it is published.
    fn publish_age(index: u64) -> i64 {
        rng_for(index, SALT_TIME).i64(NEWEST..=OLDEST)
    }

    /// The article at `index`.
    pub fn article(&self, index: u64) -> Article {
        let mut rng = rng_for(index, SALT_ARTICLE);
        let status = status_of(index);
        // Two neighbouring articles in every fifty share a title, and two others share a
        // publication instant: ties that ordering and pagination must break by id.
        let recurring = matches!(index % 50, 3 | 4).then(|| RECURRING[(index / 50) as usize % RECURRING.len()]);
        let publish_age = Self::publish_age(if index % 50 == 22 { index - 1 } else { index });

        let source_index = self.sources.sample(&mut rng);
        let source = &SOURCES[source_index];
        let lang = match recurring {
            Some(_) => Lang::En,
            None => source.article_language(&mut rng),
        };
        let topic = self.topics.sample(&mut rng);
        let section = match recurring {
            Some((_, section)) => section,
            None if rng.u32(0..100) < 92 => TOPICS[topic].section,
            None => SECTIONS[rng.usize(..SECTIONS.len())].slug,
        };
        let picks = self.picks(source.home, topic, &mut rng);

        let (created_at, updated_at, published_at) = self.times(status, publish_age, &mut rng);
        let story_date = published_at.unwrap_or(created_at);
        let t = templates::of(lang);
        let cast = Cast {
            lang,
            place: &PLACES[picks.place],
            place2: &PLACES[picks.place2],
            city: &PLACES[picks.city],
            person: &PEOPLE[picks.person],
            org: &ORGANIZATIONS[picks.org],
            topic: &TOPICS[picks.topic],
            source,
            day: t.days[story_date.weekday().num_days_from_monday() as usize],
        };
        let mut w = Writer::new(&self.banks, &cast);

        let title = match recurring {
            Some((title, _)) => title.to_owned(),
            None => w.fill_from(t.headlines, &mut rng),
        };
        let in_headline = w.take_mentions();
        let subtitle = (rng.u32(0..100) < 35).then(|| w.fill_from(t.subtitles, &mut rng));
        let lead = w.fill_from(t.leads, &mut rng);
        let body = self.body(&cast, &mut w, &lead, story_date, &mut rng);
        let in_body = w.take_mentions();
        let summary = match rng.u32(0..100) {
            0..70 => Some(lead),
            70..90 => Some(w.fill_from(t.sentences, &mut rng)),
            _ => None,
        };

        let tag_list = link_tags(section, &picks, in_headline, in_body, &mut rng);
        let byline = self.byline(lang, &mut rng);
        let slug = format!("{}-{index}", translit::slugify(&title, SLUG_STEM_MAX));
        let canonical_url = (status != Status::Draft && rng.u32(0..100) < 60)
            .then(|| format!("{}/{section}/{}/{}", source.url, story_date.format("%Y/%m"), slug));
        let external_id =
            (rng.u32(0..100) < 50).then(|| format!("{}-{index:07}", source.short_name.to_ascii_uppercase()));
        Article {
            id: uuid_v7(created_at, &mut rng),
            slug,
            title,
            subtitle,
            summary,
            body,
            byline,
            language: lang.code(),
            status,
            published_at,
            canonical_url,
            external_id,
            source: source_index,
            created_at,
            updated_at,
            tags: tag_list,
        }
    }

    /// Creation, last change and publication times; never after `now` except a scheduled
    /// article's publication.
    fn times(
        &self,
        status: Status,
        publish_age: i64,
        rng: &mut fastrand::Rng,
    ) -> (DateTime<Utc>, DateTime<Utc>, Option<DateTime<Utc>>) {
        let now = self.anchor;
        let at = |seconds: i64| now + TimeDelta::seconds(seconds);
        match status {
            Status::Published | Status::Archived | Status::Withdrawn => {
                let published = at(-publish_age);
                let created = published - TimeDelta::seconds(rng.i64(5 * MINUTE..=6 * HOUR));
                let updated = match status {
                    Status::Archived => published + TimeDelta::seconds(rng.i64(7 * DAY..=90 * DAY)),
                    _ if rng.u32(0..100) < 30 => published + TimeDelta::seconds(rng.i64(MINUTE..=3 * DAY)),
                    _ => published,
                };
                (created, updated.min(now), Some(published))
            }
            Status::Scheduled => {
                let created = at(-rng.i64(HOUR..=5 * DAY));
                let updated = (created + TimeDelta::seconds(rng.i64(0..=HOUR))).min(now);
                (created, updated, Some(at(rng.i64(HOUR..=30 * DAY))))
            }
            Status::Draft => {
                let created = at(-rng.i64(HOUR..=60 * DAY));
                let updated = (created + TimeDelta::seconds(rng.i64(0..=2 * DAY))).min(now);
                (created, updated, None)
            }
        }
    }

    /// The Markdown body: a datelined lead, then paragraphs, sometimes a quote, a list or a
    /// closing source line.
    fn body(
        &self,
        cast: &Cast,
        w: &mut Writer<'_>,
        lead: &str,
        date: DateTime<Utc>,
        rng: &mut fastrand::Rng,
    ) -> String {
        let lang = cast.lang;
        let t = templates::of(lang);
        let paragraphs = rng.usize(3..=8);
        let source_line = rng.u32(0..100) < 40;
        let mut list_used = false;
        let mut body = String::with_capacity(paragraphs * 400);
        body.push_str(&lang.dateline(cast.city.forms[lang.index()], cast.source.short_name, date));
        body.push_str(lead);
        for p in 1..paragraphs {
            body.push_str("\n\n");
            let last = p + 1 == paragraphs;
            if last && source_line {
                let source = cast.source;
                body.push_str(&format!(
                    "*{}: {} ({})*",
                    lang.source_label(),
                    source.name,
                    source.short_name
                ));
                continue;
            }
            match rng.u32(0..100) {
                0..15 => {
                    body.push_str("> ");
                    body.push_str(&w.fill_from(t.quotes, rng));
                }
                15..25 if !list_used => {
                    list_used = true;
                    // A bullet list may follow its intro line directly (CommonMark), which keeps
                    // intro and list one block.
                    body.push_str(&w.fill_from(t.list_intros, rng));
                    for _ in 0..rng.usize(3..=4) {
                        body.push_str("\n- ");
                        body.push_str(&w.fill_from(t.list_items, rng));
                    }
                }
                _ => {
                    for s in 0..rng.usize(2..=4) {
                        if s > 0 {
                            body.push(' ');
                        }
                        body.push_str(&w.fill_from(t.sentences, rng));
                    }
                    if last && rng.u32(0..100) < 30 {
                        body.push(' ');
                        body.push_str(&w.fill_from(t.closers, rng));
                    }
                }
            }
        }
        body
    }

    /// One or two invented reporters writing in the article's script, or none (agency copy).
    fn byline(&self, lang: Lang, rng: &mut fastrand::Rng) -> Option<String> {
        if rng.u32(0..100) >= 80 {
            return None;
        }
        let (names, weights) = match lang {
            Lang::Ru => (words::REPORTERS_RU, &self.reporters[1]),
            Lang::Fa => (words::REPORTERS_FA, &self.reporters[2]),
            _ => (words::REPORTERS_LATIN, &self.reporters[0]),
        };
        let first = names[weights.sample(rng)];
        let second = names[weights.sample(rng)];
        Some(if second != first && rng.u32(0..100) < 20 {
            format!("{first} {} {second}", lang.and())
        } else {
            first.to_owned()
        })
    }
}
