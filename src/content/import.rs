//! Importing articles idempotently, whatever format they came in: an [`ImportArticle`]
//! is matched against what is stored and created, updated (as a new version with a
//! revision) or left unchanged, in one transaction with its source and tags.
//!
//! An imported article is the same article as a stored one when, in this order:
//! 1. both have the same `externalId` and source;
//! 2. else both have the same `canonicalUrl` and source;
//! 3. else both have the same content key, `sha256:` of source, title and the given
//!    `publishedAt`, which is kept as the stored `externalId` so that the next import finds it.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::content::admin::{self, CreateSourceInput, CreateTagInput};
use crate::content::articles::{ArticleStatus, BodyFormat};
use crate::content::editorial::{self, Fields};
use crate::content::tags::TagKind;
use crate::content::{Role, Viewer, in_transaction, validate};
use crate::entities::{article, source, tag};
use crate::error::{AppError, AppResult};

/// One article to import, with the API's field names (camelCase in JSON).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportArticle {
    /// Headline.
    pub title: String,
    /// URL name; derived from the title for new articles when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Deck.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Body.
    #[serde(default)]
    pub body: String,
    /// `MARKDOWN` (default), `HTML` or `TEXT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_format: Option<String>,
    /// Author line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// BCP 47; the import's default language when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// `DRAFT`, `PUBLISHED` (a future `publishedAt` schedules it) or `ARCHIVED`; the
    /// import's default status when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Publication time; the import time for new published articles when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<DateTime<Utc>>,
    /// Expiry time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    /// URL at the publisher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    /// Id at the origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The source: a slug of an existing one, or an object that is found by slug or created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ImportSource>,
    /// Tags: slugs of existing ones, or objects found by kind and slug or created.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<ImportTag>,
}

/// A source as an import names it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum ImportSource {
    /// The slug of an existing source.
    Slug(String),
    /// A source found by its slug (given, or derived from the short name or the name), or
    /// created.
    New(ImportSourceObject),
}

/// A source to find or create.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportSourceObject {
    /// URL name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Full name.
    pub name: String,
    /// Short name, e.g. `IRNA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    /// Home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// BCP 47.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A tag as an import names it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum ImportTag {
    /// The slug of an existing tag (unambiguous across kinds).
    Slug(String),
    /// A tag found by kind and slug, or created.
    New(ImportTagObject),
}

/// A tag to find or create.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportTagObject {
    /// URL name; derived from the name when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Display name.
    pub name: String,
    /// `TOPIC`, `PLACE`, `PERSON`, `ORGANIZATION` or `SECTION`.
    pub kind: String,
    /// Other spellings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// Defaults for what an imported article leaves out.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Status of articles that name none.
    pub status: ArticleStatus,
    /// Language of articles that name none.
    pub language: String,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            status: ArticleStatus::Published,
            language: "en".into(),
        }
    }
}

/// What importing one article did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// A new article.
    Created,
    /// A stored article changed (a new version with a revision).
    Updated,
    /// The stored article already says the same.
    Unchanged,
}

/// Imports one article (editor): finds it, then creates, updates or leaves it, with its
/// source and tags, all in one transaction. Errors name the field at fault.
pub async fn import_article(
    db: &DatabaseConnection,
    viewer: &Viewer,
    item: ImportArticle,
    options: &ImportOptions,
) -> AppResult<Outcome> {
    viewer.require(Role::Editor)?;
    let now = viewer.now();
    let given = Given::check(&item, options)?;
    in_transaction(db, async |tx| {
        let source_id = match &item.source {
            Some(s) => Some(find_or_create_source(tx, s, now).await?),
            None => None,
        };
        let mut tag_ids = Vec::with_capacity(item.tags.len());
        for t in &item.tags {
            tag_ids.push(find_or_create_tag(tx, t, now).await?);
        }
        tag_ids.sort();
        tag_ids.dedup();
        let external_id = given.external_id.clone().or_else(|| {
            given
                .canonical_url
                .is_none()
                .then(|| content_key(source_id, &given.title, given.published_at))
        });
        let existing = find_existing(tx, source_id, external_id.as_deref(), given.canonical_url.as_deref()).await?;
        let mut next = match &existing {
            Some((row, tags)) => Fields::of(row, tags.clone()),
            None => Fields {
                slug: String::new(),
                title: String::new(),
                subtitle: None,
                summary: None,
                body: String::new(),
                body_format: String::new(),
                byline: None,
                language: String::new(),
                status: String::new(),
                published_at: None,
                expires_at: None,
                canonical_url: None,
                external_id: None,
                withdrawn_reason: None,
                source_id: None,
                tag_ids: vec![],
                updated_at: now,
                updated_by: viewer.key_name().map(str::to_string),
            },
        };
        let current = next.clone();
        next.title = given.title.clone();
        next.subtitle = given.subtitle.clone();
        next.summary = given.summary.clone();
        next.body = given.body.clone();
        next.body_format = given.body_format.as_str().to_string();
        next.byline = given.byline.clone();
        next.language = given.language.clone();
        next.canonical_url = given.canonical_url.clone();
        next.external_id = external_id;
        next.source_id = source_id;
        next.tag_ids = tag_ids;
        next.expires_at = given.expires_at;
        // Status and time: what the import says, else what is stored, else the defaults.
        let status = given
            .status
            .or(existing.as_ref().and_then(|_| current.status()))
            .unwrap_or(options.status);
        next.published_at = given.published_at.or(current.published_at);
        if status == ArticleStatus::Published && next.published_at.is_none() {
            next.published_at = Some(now);
        }
        next.status = match status {
            ArticleStatus::Published if next.published_at.is_some_and(|t| t > now) => ArticleStatus::Scheduled,
            ArticleStatus::Scheduled if next.published_at.is_some_and(|t| t <= now) => ArticleStatus::Published,
            other => other,
        }
        .as_str()
        .to_string();
        editorial::check_expiry(&next, "expiresAt")?;
        match existing {
            None => {
                editorial::insert(tx, viewer, next, given.slug.clone()).await?;
                Ok(Outcome::Created)
            }
            Some((row, _)) => {
                if let Some(slug) = &given.slug {
                    next.slug = slug.clone();
                }
                if same_content(&current, &next) {
                    return Ok(Outcome::Unchanged);
                }
                let locked = editorial::lock(tx, row.id, None).await?;
                editorial::save(tx, viewer, locked, next).await?;
                Ok(Outcome::Updated)
            }
        }
    })
    .await
}

/// Whether two states say the same, leaving out who wrote them when.
fn same_content(a: &Fields, b: &Fields) -> bool {
    let strip = |f: &Fields| Fields {
        updated_at: DateTime::<Utc>::UNIX_EPOCH,
        updated_by: None,
        ..f.clone()
    };
    strip(a) == strip(b)
}

/// The article's own fields, checked before any statement runs.
struct Given {
    title: String,
    slug: Option<String>,
    subtitle: Option<String>,
    summary: Option<String>,
    body: String,
    body_format: BodyFormat,
    byline: Option<String>,
    language: String,
    status: Option<ArticleStatus>,
    published_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
    canonical_url: Option<String>,
    external_id: Option<String>,
}

impl Given {
    fn check(item: &ImportArticle, options: &ImportOptions) -> AppResult<Self> {
        let body_format = match item.body_format.as_deref() {
            None => BodyFormat::Markdown,
            Some(f) => BodyFormat::parse(f)
                .ok_or_else(|| AppError::bad_field("bodyFormat", format!("unknown body format {f:?}")))?,
        };
        let status = match item.status.as_deref() {
            None => None,
            Some(s) => match ArticleStatus::parse(s) {
                Some(ArticleStatus::Withdrawn) => {
                    return Err(AppError::bad_field(
                        "status",
                        "withdrawn articles cannot be imported; withdraw them through the API",
                    ));
                }
                Some(status) => Some(status),
                None => return Err(AppError::bad_field("status", format!("unknown status {s:?}"))),
            },
        };
        Ok(Self {
            title: editorial::title(&item.title)?,
            slug: item
                .slug
                .as_deref()
                .map(|s| validate::slug("slug", s, validate::MAX_ARTICLE_SLUG))
                .transpose()?,
            subtitle: editorial::subtitle(item.subtitle.clone())?,
            summary: editorial::summary(item.summary.clone())?,
            body: editorial::body(&item.body)?,
            body_format,
            byline: editorial::byline(item.byline.clone())?,
            language: validate::language("language", item.language.as_deref().unwrap_or(&options.language))?,
            status,
            published_at: editorial::optional_time("publishedAt", item.published_at)?,
            expires_at: editorial::optional_time("expiresAt", item.expires_at)?,
            canonical_url: editorial::optional_url("canonicalUrl", item.canonical_url.clone())?,
            external_id: editorial::external_id(item.external_id.clone())?,
        })
    }
}

/// The content key of an article without an external id or URL.
fn content_key(source_id: Option<Uuid>, title: &str, published_at: Option<DateTime<Utc>>) -> String {
    let mut hash = Sha256::new();
    hash.update(source_id.map(|s| s.to_string()).unwrap_or_default());
    hash.update([0]);
    hash.update(title);
    hash.update([0]);
    hash.update(published_at.map(|t| t.to_rfc3339()).unwrap_or_default());
    let hex: String = hash.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// The stored article this import is, if any, with its tags.
async fn find_existing(
    tx: &DatabaseTransaction,
    source_id: Option<Uuid>,
    external_id: Option<&str>,
    canonical_url: Option<&str>,
) -> AppResult<Option<(article::Model, Vec<Uuid>)>> {
    let same_source = match source_id {
        Some(id) => Condition::all().add(article::Column::SourceId.eq(id)),
        None => Condition::all().add(Expr::col(article::Column::SourceId).is_null()),
    };
    let key = match (external_id, canonical_url) {
        (Some(ext), _) => article::Column::ExternalId.eq(ext),
        (None, Some(url)) => article::Column::CanonicalUrl.eq(url),
        (None, None) => return Ok(None),
    };
    let Some(row) = article::Entity::find().filter(same_source).filter(key).one(tx).await? else {
        return Ok(None);
    };
    let tags = editorial::tag_ids_of(tx, row.id).await?;
    Ok(Some((row, tags)))
}

async fn find_or_create_source(tx: &DatabaseTransaction, s: &ImportSource, now: DateTime<Utc>) -> AppResult<Uuid> {
    match s {
        ImportSource::Slug(slug) => source::Entity::find()
            .filter(source::Column::Slug.eq(slug.as_str()))
            .one(tx)
            .await?
            .map(|s| s.id)
            .ok_or_else(|| AppError::bad_field("source", format!("there is no source {slug:?}"))),
        ImportSource::New(o) => {
            let derived_from = o.short_name.as_deref().unwrap_or(&o.name);
            let slug = match &o.slug {
                Some(s) => s.clone(),
                None => validate::derive_slug(derived_from, validate::MAX_SLUG, "source"),
            };
            let found = source::Entity::find()
                .filter(source::Column::Slug.eq(slug.as_str()))
                .one(tx)
                .await?;
            if let Some(found) = found {
                return Ok(found.id);
            }
            let input = CreateSourceInput {
                slug: Some(slug),
                name: o.name.clone(),
                short_name: o.short_name.clone(),
                url: o.url.clone(),
                country: o.country.clone(),
                language: o.language.clone(),
                description: o.description.clone(),
            };
            let row = admin::new_source(input, now).map_err(|e| under("source", e))?;
            Ok(admin::insert_source(tx, row).await?.id)
        }
    }
}

async fn find_or_create_tag(tx: &DatabaseTransaction, t: &ImportTag, now: DateTime<Utc>) -> AppResult<Uuid> {
    match t {
        ImportTag::Slug(slug) => {
            let found = tag::Entity::find()
                .filter(tag::Column::Slug.eq(slug.as_str()))
                .all(tx)
                .await?;
            match found[..] {
                [ref one] => Ok(one.id),
                [] => Err(AppError::bad_field("tags", format!("there is no tag {slug:?}"))),
                _ => Err(AppError::bad_field(
                    "tags",
                    format!("tags of several kinds have the slug {slug:?}: give {{\"name\", \"kind\"}}"),
                )),
            }
        }
        ImportTag::New(o) => {
            let kind = TagKind::parse(&o.kind.to_uppercase())
                .ok_or_else(|| AppError::bad_field("tags", format!("unknown tag kind {:?}", o.kind)))?;
            let slug = match &o.slug {
                Some(s) => s.clone(),
                None => validate::derive_slug(&o.name, validate::MAX_SLUG, "tag"),
            };
            let found = tag::Entity::find()
                .filter(tag::Column::Slug.eq(slug.as_str()))
                .filter(tag::Column::Kind.eq(kind.as_str()))
                .one(tx)
                .await?;
            if let Some(found) = found {
                return Ok(found.id);
            }
            let input = CreateTagInput {
                slug: Some(slug),
                name: o.name.clone(),
                kind,
                aliases: o.aliases.clone(),
            };
            let row = admin::new_tag(input, now).map_err(|e| under("tags", e))?;
            Ok(admin::insert_tag(tx, row).await?.id)
        }
    }
}

/// An error about a nested object's field, reported under the import's field name
/// (`source.country`, not `input.country`).
fn under(prefix: &str, error: AppError) -> AppError {
    match error {
        AppError::BadUserInput { message, field } => AppError::BadUserInput {
            message,
            field: Some(match field {
                Some(f) => format!("{prefix}.{}", f.trim_start_matches("input.")),
                None => prefix.to_string(),
            }),
        },
        other => other,
    }
}
