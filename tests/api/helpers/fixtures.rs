//! Hand-made content with known answers: a few sources, tags and articles covering every
//! status, ties in dates and titles, LIKE wildcards in a title, an article without source
//! or tags, and invisible articles (draft, scheduled, future, archived).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};
use uuid::Uuid;

use gazette::content::articles::BodyFormat;
use gazette::content::body;
use gazette::entities::{article, article_tag, source, tag};

use super::now;

/// `hours` before the test clock.
pub fn ago(hours: i64) -> DateTime<Utc> {
    now() - Duration::hours(hours)
}

pub async fn source(
    db: &DatabaseConnection,
    slug: &str,
    name: &str,
    short: Option<&str>,
    country: &str,
    lang: &str,
) -> Uuid {
    let id = Uuid::now_v7();
    source::ActiveModel {
        id: Set(id),
        slug: Set(slug.into()),
        name: Set(name.into()),
        short_name: Set(short.map(Into::into)),
        url: Set(Some(format!("https://{slug}.example/"))),
        country: Set(Some(country.into())),
        language: Set(Some(lang.into())),
        description: Set(Some(format!("{name}, a test source"))),
        created_at: Set(ago(1000)),
        updated_at: Set(ago(1000)),
    }
    .insert(db)
    .await
    .unwrap();
    id
}

pub async fn tag(db: &DatabaseConnection, slug: &str, name: &str, kind: &str, aliases: &[&str]) -> Uuid {
    let id = Uuid::now_v7();
    tag::ActiveModel {
        id: Set(id),
        slug: Set(slug.into()),
        name: Set(name.into()),
        kind: Set(kind.into()),
        aliases: Set(serde_json::json!(aliases)),
        created_at: Set(ago(1000)),
        updated_at: Set(ago(1000)),
    }
    .insert(db)
    .await
    .unwrap();
    id
}

/// An article to insert; `Default` is a visible, published English article.
#[derive(Clone, Debug)]
pub struct ArticleSpec {
    pub slug: String,
    pub title: String,
    pub status: &'static str,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub source: Option<Uuid>,
    pub tags: Vec<Uuid>,
    pub byline: Option<String>,
    pub language: String,
    pub body: String,
    pub body_format: &'static str,
}

impl Default for ArticleSpec {
    fn default() -> Self {
        Self {
            slug: String::new(),
            title: String::new(),
            status: "PUBLISHED",
            published_at: Some(ago(1)),
            updated_at: ago(1),
            source: None,
            tags: vec![],
            byline: None,
            language: "en".into(),
            body: "A short body of seven words here.".into(),
            body_format: "MARKDOWN",
        }
    }
}

pub async fn article(db: &DatabaseConnection, spec: ArticleSpec) -> Uuid {
    let id = Uuid::now_v7();
    article::ActiveModel {
        id: Set(id),
        slug: Set(spec.slug),
        title: Set(spec.title),
        subtitle: Set(None),
        summary: Set(None),
        body_text: Set(BodyFormat::parse(spec.body_format).and_then(|f| body::search_text(&spec.body, f))),
        body: Set(spec.body),
        body_format: Set(spec.body_format.into()),
        byline: Set(spec.byline),
        language: Set(spec.language),
        status: Set(spec.status.into()),
        published_at: Set(spec.published_at),
        canonical_url: Set(None),
        external_id: Set(None),
        version: Set(1),
        source_id: Set(spec.source),
        created_at: Set(spec.published_at.unwrap_or(ago(50)).min(spec.updated_at)),
        updated_at: Set(spec.updated_at),
        expires_at: Set(None),
        withdrawn_reason: Set(None),
        created_by: Set(None),
        updated_by: Set(None),
    }
    .insert(db)
    .await
    .unwrap();
    for tag_id in spec.tags {
        article_tag::ActiveModel {
            article_id: Set(id),
            tag_id: Set(tag_id),
        }
        .insert(db)
        .await
        .unwrap();
    }
    id
}

/// The standard fixture: ids by slug (tags by `kind:slug`).
pub struct Fixture {
    pub sources: HashMap<&'static str, Uuid>,
    pub tags: HashMap<&'static str, Uuid>,
    pub articles: HashMap<&'static str, Uuid>,
    pub specs: Vec<ArticleSpec>,
}

/// Slugs of the visible articles of the standard fixture.
pub const VISIBLE: [&str; 7] = ["a1", "a2", "a3", "a4", "a5", "a6", "a7"];

pub async fn standard(db: &DatabaseConnection) -> Fixture {
    let mut sources = HashMap::new();
    sources.insert(
        "alpha",
        source(db, "alpha", "Alpha News Agency", Some("ANA"), "IR", "fa").await,
    );
    sources.insert(
        "beta",
        source(db, "beta", "Beta Telegraph Agency", Some("BTA"), "RU", "ru").await,
    );
    sources.insert("gamma", source(db, "gamma", "Gamma Daily", None, "GB", "en").await);
    sources.insert("delta", source(db, "delta", "Delta Wire", Some("DW"), "FR", "fr").await);

    let mut tags = HashMap::new();
    tags.insert("SECTION:world", tag(db, "world", "World", "SECTION", &[]).await);
    tags.insert("SECTION:economy", tag(db, "economy", "Economy", "SECTION", &[]).await);
    tags.insert(
        "PLACE:moscow",
        tag(db, "moscow", "Moscow", "PLACE", &["Moskva", "Moscou"]).await,
    );
    tags.insert("PLACE:tehran", tag(db, "tehran", "Tehran", "PLACE", &["Teheran"]).await);
    tags.insert("TOPIC:oil", tag(db, "oil", "Oil", "TOPIC", &[]).await);
    tags.insert(
        "PERSON:ada-example",
        tag(db, "ada-example", "Ada Example", "PERSON", &[]).await,
    );
    tags.insert("ORGANIZATION:opec", tag(db, "opec", "OPEC", "ORGANIZATION", &[]).await);
    tags.insert("TOPIC:world", tag(db, "world", "World affairs", "TOPIC", &[]).await);

    let s = |k: &str| Some(sources[k]);
    let t = |ks: &[&str]| ks.iter().map(|k| tags[k]).collect::<Vec<_>>();
    let body =
        "Talks went on **late** into the night.\n\n<script>alert('x')</script>\n\nA second paragraph follows here.";
    let specs = vec![
        (
            "a1",
            ArticleSpec {
                title: "Oil talks resume in Tehran".into(),
                published_at: Some(ago(1)),
                updated_at: ago(1),
                source: s("alpha"),
                tags: t(&["SECTION:world", "PLACE:tehran", "TOPIC:oil", "ORGANIZATION:opec"]),
                byline: Some("Sara Writer".into()),
                body: body.into(),
                ..Default::default()
            },
        ),
        (
            "a2",
            ArticleSpec {
                title: "Moscow hosts energy forum".into(),
                published_at: Some(ago(2)),
                updated_at: ago(1),
                source: s("beta"),
                tags: t(&["SECTION:economy", "PLACE:moscow", "TOPIC:oil"]),
                byline: Some("Ivan Reporter".into()),
                language: "ru".into(),
                ..Default::default()
            },
        ),
        (
            "a3",
            ArticleSpec {
                title: "Markets calm after OPEC meeting".into(),
                published_at: Some(ago(2)),
                updated_at: ago(2),
                source: s("gamma"),
                tags: t(&["SECTION:economy", "ORGANIZATION:opec"]),
                ..Default::default()
            },
        ),
        (
            "a4",
            ArticleSpec {
                title: "Moscow hosts energy forum".into(),
                published_at: Some(ago(5)),
                updated_at: ago(3),
                source: s("alpha"),
                tags: t(&["SECTION:world", "PLACE:moscow"]),
                byline: Some("Sara Writer".into()),
                language: "fa".into(),
                ..Default::default()
            },
        ),
        (
            "a5",
            ArticleSpec {
                title: "50% off_sale: the price of bread".into(),
                published_at: Some(ago(10)),
                updated_at: ago(10),
                source: s("gamma"),
                tags: t(&["SECTION:economy"]),
                byline: Some("Tom O'Brien".into()),
                ..Default::default()
            },
        ),
        (
            "a6",
            ArticleSpec {
                title: "No source, no tags".into(),
                published_at: Some(ago(20)),
                updated_at: ago(20),
                body: "Plain words only.\n\nSecond <b>para</b>.".into(),
                body_format: "TEXT",
                ..Default::default()
            },
        ),
        (
            "a7",
            ArticleSpec {
                title: "Ada Example visits Tehran".into(),
                published_at: Some(ago(30)),
                updated_at: ago(30),
                source: s("alpha"),
                tags: t(&["SECTION:world", "PLACE:tehran", "PERSON:ada-example", "TOPIC:world"]),
                body: "<p>Visit <em>report</em></p><img src=x onerror=alert(1)>".into(),
                body_format: "HTML",
                ..Default::default()
            },
        ),
        (
            "d1",
            ArticleSpec {
                title: "Draft about Moscow".into(),
                status: "DRAFT",
                published_at: None,
                updated_at: ago(1),
                source: s("beta"),
                tags: t(&["PLACE:moscow"]),
                ..Default::default()
            },
        ),
        (
            "s1",
            ArticleSpec {
                title: "Scheduled about Tehran".into(),
                status: "SCHEDULED",
                published_at: Some(now() + Duration::days(1)),
                updated_at: ago(1),
                source: s("alpha"),
                tags: t(&["PLACE:tehran"]),
                ..Default::default()
            },
        ),
        (
            "s2",
            ArticleSpec {
                title: "Published in the future".into(),
                published_at: Some(now() + Duration::hours(2)),
                updated_at: ago(1),
                source: s("gamma"),
                tags: t(&["SECTION:world"]),
                ..Default::default()
            },
        ),
        (
            "r1",
            ArticleSpec {
                title: "Archived about oil".into(),
                status: "ARCHIVED",
                published_at: Some(ago(100)),
                updated_at: ago(1),
                source: s("beta"),
                tags: t(&["TOPIC:oil"]),
                ..Default::default()
            },
        ),
    ];
    let mut articles = HashMap::new();
    let mut all = Vec::new();
    for (slug, mut spec) in specs {
        spec.slug = slug.into();
        all.push(spec.clone());
        articles.insert(slug, article(db, spec).await);
    }
    Fixture {
        sources,
        tags,
        articles,
        specs: all,
    }
}

/// Adds `n` more visible articles in groups of three that share a publication time and
/// title, for paging and ordering tests; returns their slugs.
pub async fn many(db: &DatabaseConnection, n: usize) -> Vec<String> {
    let mut slugs = Vec::with_capacity(n);
    for i in 0..n {
        let slug = format!("bulk-{i:03}");
        let group = i / 3;
        article(
            db,
            ArticleSpec {
                slug: slug.clone(),
                title: format!("Bulk story {}", group % 5),
                published_at: Some(ago(40 + group as i64)),
                updated_at: ago(40 + (i % 4) as i64),
                ..Default::default()
            },
        )
        .await;
        slugs.push(slug);
    }
    slugs
}
