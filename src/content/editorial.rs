//! Writing articles: create, update, the news lifecycle (publish or schedule, unpublish,
//! archive, withdraw), corrections, revisions and revert, delete.
//!
//! Every mutation is one transaction and follows one path:
//! 1. [`lock`] bumps the version first (`UPDATE … SET version = version + 1 WHERE id = ?
//!    [AND version = ?]`). Being the first statement, it takes the row lock on PostgreSQL
//!    and MariaDB and the write lock on SQLite before anything is read, so two concurrent
//!    writers with the same `expectedVersion` cannot both pass: the second finds no row at
//!    that version and gets `CONFLICT`.
//! 2. The change is validated and applied to a copy of the current [`Fields`].
//! 3. [`save`] stores the previous state as a revision and writes the new one.
//!
//! Any error rolls the whole transaction back, so a failed mutation writes nothing.

use std::collections::{BTreeSet, HashMap, HashSet};

use async_graphql::{ID, InputObject, MaybeUndefined};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::content::articles::{Article, ArticleStatus, BodyFormat};
use crate::content::filter::parse_id;
use crate::content::pagination::{self, KeyKind, KeyValue, Ordering, Page, PageArgs, SortColumn};
use crate::content::validate;
use crate::content::visibility::Role;
use crate::content::{Viewer, given, in_transaction};
use crate::entities::{article, article_correction, article_revision, article_tag, source, tag};
use crate::error::{AppError, AppResult};

/// Most tags one article may carry.
const MAX_TAGS: usize = 100;

/// Input of `createArticle`. The article starts as a `DRAFT`; `publishArticle` makes it
/// public.
#[derive(InputObject, Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateArticleInput {
    /// Headline, 1–300 characters.
    pub title: String,
    /// Unique URL name (`a-z`, `0-9`, single hyphens); derived from the title when omitted,
    /// with `-2`, `-3`, … on collision.
    pub slug: Option<String>,
    /// Deck under the headline.
    pub subtitle: Option<String>,
    /// Short summary.
    pub summary: Option<String>,
    /// The body, at most 1,000,000 bytes.
    #[graphql(default)]
    #[serde(default)]
    pub body: String,
    /// How the body is written (default `MARKDOWN`).
    pub body_format: Option<BodyFormat>,
    /// Author line.
    pub byline: Option<String>,
    /// BCP 47 language tag, e.g. `en` or `pt-BR`.
    pub language: String,
    /// Publication time to use when published (not before 1900).
    pub published_at: Option<DateTime<Utc>>,
    /// When the article disappears from public reads (rights running out).
    pub expires_at: Option<DateTime<Utc>>,
    /// The article's URL at the publisher (absolute http(s)).
    pub canonical_url: Option<String>,
    /// The id at the origin, for idempotent imports.
    pub external_id: Option<String>,
    /// The source, by slug.
    pub source_slug: Option<String>,
    /// The source, by id.
    #[schema(value_type = Option<String>)]
    pub source_id: Option<ID>,
    /// Tags by slug (a slug used by tags of several kinds must be given by id).
    pub tag_slugs: Option<Vec<String>>,
    /// Tags by id.
    #[schema(value_type = Option<Vec<String>>)]
    pub tag_ids: Option<Vec<ID>>,
}

/// Input of `updateArticle`: every field optional; only the fields given change. `null`
/// clears an optional field. Giving `tagSlugs` or `tagIds` replaces all tags.
#[derive(InputObject, Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateArticleInput {
    /// Headline, 1–300 characters.
    pub title: Option<String>,
    /// Unique URL name (not re-derived when the title changes, so links keep working).
    pub slug: Option<String>,
    /// Deck under the headline.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub subtitle: MaybeUndefined<String>,
    /// Short summary.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub summary: MaybeUndefined<String>,
    /// The body, at most 1,000,000 bytes.
    pub body: Option<String>,
    /// How the body is written.
    pub body_format: Option<BodyFormat>,
    /// Author line.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub byline: MaybeUndefined<String>,
    /// BCP 47 language tag.
    pub language: Option<String>,
    /// Publication time (not before 1900); a future time on a published article schedules
    /// it.
    #[serde(default)]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub published_at: MaybeUndefined<DateTime<Utc>>,
    /// When the article disappears from public reads.
    #[serde(default)]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub expires_at: MaybeUndefined<DateTime<Utc>>,
    /// The article's URL at the publisher.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub canonical_url: MaybeUndefined<String>,
    /// The id at the origin.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub external_id: MaybeUndefined<String>,
    /// The source, by slug (`null` detaches it).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub source_slug: MaybeUndefined<String>,
    /// The source, by id (`null` detaches it).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub source_id: MaybeUndefined<ID>,
    /// Replaces the tags, by slug.
    pub tag_slugs: Option<Vec<String>>,
    /// Replaces the tags, by id.
    #[schema(value_type = Option<Vec<String>>)]
    pub tag_ids: Option<Vec<ID>>,
}

/// An article's writable state: what a revision keeps and a revert restores.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fields {
    /// Unique URL name.
    pub slug: String,
    /// Headline.
    pub title: String,
    /// Deck.
    pub subtitle: Option<String>,
    /// Summary.
    pub summary: Option<String>,
    /// Body as stored.
    pub body: String,
    /// Stored body format name.
    pub body_format: String,
    /// Author line.
    pub byline: Option<String>,
    /// BCP 47.
    pub language: String,
    /// Stored status name.
    pub status: String,
    /// Publication time.
    pub published_at: Option<DateTime<Utc>>,
    /// Expiry time.
    pub expires_at: Option<DateTime<Utc>>,
    /// URL at the publisher.
    pub canonical_url: Option<String>,
    /// Id at the origin.
    pub external_id: Option<String>,
    /// Why it was withdrawn.
    pub withdrawn_reason: Option<String>,
    /// Source.
    pub source_id: Option<Uuid>,
    /// Tags, sorted.
    pub tag_ids: Vec<Uuid>,
    /// When this state was written.
    pub updated_at: DateTime<Utc>,
    /// Who wrote it.
    pub updated_by: Option<String>,
}

impl Fields {
    pub(crate) fn of(m: &article::Model, tag_ids: Vec<Uuid>) -> Self {
        Self {
            slug: m.slug.clone(),
            title: m.title.clone(),
            subtitle: m.subtitle.clone(),
            summary: m.summary.clone(),
            body: m.body.clone(),
            body_format: m.body_format.clone(),
            byline: m.byline.clone(),
            language: m.language.clone(),
            status: m.status.clone(),
            published_at: m.published_at,
            expires_at: m.expires_at,
            canonical_url: m.canonical_url.clone(),
            external_id: m.external_id.clone(),
            withdrawn_reason: m.withdrawn_reason.clone(),
            source_id: m.source_id,
            tag_ids,
            updated_at: m.updated_at,
            updated_by: m.updated_by.clone(),
        }
    }

    /// The status this state was written with.
    pub fn status(&self) -> Option<ArticleStatus> {
        ArticleStatus::parse(&self.status)
    }

    /// The body format this state was written with.
    pub fn body_format(&self) -> Option<BodyFormat> {
        BodyFormat::parse(&self.body_format)
    }
}

/// A correction published with an article.
#[derive(Clone, Debug)]
pub struct Correction {
    /// UUIDv7.
    pub id: Uuid,
    /// The corrected article.
    pub article_id: Uuid,
    /// What readers see.
    pub text: String,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

/// An earlier state of an article.
#[derive(Clone, Debug)]
pub struct Revision {
    /// UUIDv7.
    pub id: Uuid,
    /// The article.
    pub article_id: Uuid,
    /// The article's version in this state.
    pub version: i32,
    /// When this state was replaced.
    pub created_at: DateTime<Utc>,
    /// Who replaced it.
    pub created_by: Option<String>,
    /// The state.
    pub fields: Fields,
}

impl TryFrom<article_revision::Model> for Revision {
    type Error = AppError;

    fn try_from(m: article_revision::Model) -> AppResult<Self> {
        let fields = serde_json::from_str(&m.snapshot)
            .map_err(|e| AppError::internal(anyhow::anyhow!("revision {} has a malformed snapshot: {e}", m.id)))?;
        Ok(Self {
            id: m.id,
            article_id: m.article_id,
            version: m.version,
            created_at: m.created_at,
            created_by: m.created_by,
            fields,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Field rules. Paths are the client's: `input.title`, `at`, `reason`.

fn optional_line(field: &str, value: Option<String>, max: usize) -> AppResult<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) => validate::line(field, &v, 1, max).map(Some),
    }
}

fn optional_text(field: &str, value: Option<String>, max_bytes: usize) -> AppResult<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) => validate::text(field, &v, max_bytes).map(Some),
    }
}

pub(crate) fn optional_url(field: &str, value: Option<String>) -> AppResult<Option<String>> {
    value.map(|v| validate::url(field, &v)).transpose()
}

pub(crate) fn optional_time(field: &str, value: Option<DateTime<Utc>>) -> AppResult<Option<DateTime<Utc>>> {
    value.map(|v| validate::timestamp(field, v)).transpose()
}

pub(crate) fn title(value: &str) -> AppResult<String> {
    validate::line("input.title", value, 1, 300)
}

pub(crate) fn subtitle(value: Option<String>) -> AppResult<Option<String>> {
    optional_line("input.subtitle", value, 500)
}

pub(crate) fn summary(value: Option<String>) -> AppResult<Option<String>> {
    optional_text("input.summary", value, 10_000)
}

pub(crate) fn body(value: &str) -> AppResult<String> {
    validate::text("input.body", value, validate::MAX_BODY_BYTES)
}

pub(crate) fn byline(value: Option<String>) -> AppResult<Option<String>> {
    optional_line("input.byline", value, 300)
}

pub(crate) fn external_id(value: Option<String>) -> AppResult<Option<String>> {
    optional_line("input.externalId", value, 255)
}

/// An article must not expire before (or when) it is published: it would never be seen.
pub(crate) fn check_expiry(f: &Fields, field: &str) -> AppResult<()> {
    match (f.published_at, f.expires_at) {
        (Some(published), Some(expires)) if expires <= published => {
            Err(AppError::bad_field(field, "`expiresAt` must be after `publishedAt`"))
        }
        _ => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------
// References: sources, tags, slugs.

async fn resolve_source(tx: &DatabaseTransaction, slug: Option<&str>, id: Option<&ID>) -> AppResult<Option<Uuid>> {
    let found = match (slug, id) {
        (Some(_), Some(_)) => {
            return Err(AppError::bad_field(
                "input.sourceId",
                "pass `sourceSlug` or `sourceId`, not both",
            ));
        }
        (None, None) => return Ok(None),
        (Some(slug), None) => source::Entity::find()
            .filter(source::Column::Slug.eq(slug))
            .one(tx)
            .await?
            .ok_or_else(|| AppError::bad_field("input.sourceSlug", format!("there is no source {slug:?}")))?,
        (None, Some(id)) => {
            let uuid = parse_id(id, "input.sourceId")?;
            source::Entity::find_by_id(uuid)
                .one(tx)
                .await?
                .ok_or_else(|| AppError::bad_field("input.sourceId", format!("there is no source {}", id.as_str())))?
        }
    };
    Ok(Some(found.id))
}

/// An article names at most [`MAX_TAGS`] tags.
pub(crate) fn check_tag_count(field: &str, count: usize) -> AppResult<()> {
    if count > MAX_TAGS {
        return Err(AppError::bad_field(
            field,
            format!("an article has at most {MAX_TAGS} tags"),
        ));
    }
    Ok(())
}

async fn resolve_tags(
    tx: &DatabaseTransaction,
    slugs: Option<&[String]>,
    ids: Option<&[ID]>,
) -> AppResult<Option<Vec<Uuid>>> {
    let (field, count) = match (slugs, ids) {
        (Some(_), Some(_)) => {
            return Err(AppError::bad_field(
                "input.tagIds",
                "pass `tagSlugs` or `tagIds`, not both",
            ));
        }
        (None, None) => return Ok(None),
        (Some(s), None) => ("input.tagSlugs", s.len()),
        (None, Some(i)) => ("input.tagIds", i.len()),
    };
    check_tag_count(field, count)?;
    let mut found = BTreeSet::new();
    if let Some(slugs) = slugs {
        let wanted: BTreeSet<&str> = slugs.iter().map(String::as_str).collect();
        let rows: Vec<(Uuid, String)> = tag::Entity::find()
            .select_only()
            .column(tag::Column::Id)
            .column(tag::Column::Slug)
            .filter(tag::Column::Slug.is_in(wanted.iter().copied()))
            .into_tuple()
            .all(tx)
            .await?;
        for slug in wanted {
            let matching: Vec<Uuid> = rows.iter().filter(|(_, s)| s == slug).map(|(id, _)| *id).collect();
            match matching[..] {
                [id] => {
                    found.insert(id);
                }
                [] => return Err(AppError::bad_field(field, format!("there is no tag {slug:?}"))),
                _ => {
                    return Err(AppError::bad_field(
                        field,
                        format!("tags of several kinds have the slug {slug:?}: pass them in `tagIds`"),
                    ));
                }
            }
        }
    }
    if let Some(ids) = ids {
        let wanted = ids
            .iter()
            .map(|id| parse_id(id, field))
            .collect::<AppResult<BTreeSet<Uuid>>>()?;
        let existing: HashSet<Uuid> = tag::Entity::find()
            .select_only()
            .column(tag::Column::Id)
            .filter(tag::Column::Id.is_in(wanted.iter().copied()))
            .into_tuple()
            .all(tx)
            .await?
            .into_iter()
            .collect();
        if let Some(missing) = wanted.iter().find(|id| !existing.contains(id)) {
            return Err(AppError::bad_field(field, format!("there is no tag {missing}")));
        }
        found = wanted;
    }
    Ok(Some(found.into_iter().collect()))
}

/// Fails with `CONFLICT` when another article has `slug`.
pub(crate) async fn check_slug_free(tx: &DatabaseTransaction, slug: &str, except: Option<Uuid>) -> AppResult<()> {
    let mut query = article::Entity::find().filter(article::Column::Slug.eq(slug));
    if let Some(id) = except {
        query = query.filter(article::Column::Id.ne(id));
    }
    if query.one(tx).await?.is_some() {
        return Err(slug_taken(slug));
    }
    Ok(())
}

/// The error for a slug that another article has.
pub(crate) fn slug_taken(slug: &str) -> AppError {
    AppError::Conflict {
        message: format!("another article has the slug {slug:?}"),
        field: Some("input.slug".into()),
    }
}

/// Room a derived slug leaves for a `-N` suffix, so that `base-N` always starts with `base`.
pub(crate) const SUFFIX_ROOM: usize = 6;

/// `base`, or `base-2`, `base-3`, … whichever is free first. `base` is at most
/// `MAX_ARTICLE_SLUG - SUFFIX_ROOM` long, so every candidate starts with `base-` and one
/// query finds all that are taken.
/// Slugs in `also_taken` (chosen for rows not written yet) count as taken too.
pub(crate) async fn free_slug(tx: &DatabaseTransaction, base: &str, also_taken: &HashSet<String>) -> AppResult<String> {
    // `base` is a slug: no LIKE wildcards to escape.
    let taken: HashSet<String> = article::Entity::find()
        .select_only()
        .column(article::Column::Slug)
        .filter(
            article::Column::Slug
                .eq(base)
                .or(article::Column::Slug.like(format!("{base}-%"))),
        )
        .into_tuple()
        .all(tx)
        .await?
        .into_iter()
        .collect();
    let is_taken = |slug: &str| taken.contains(slug) || also_taken.contains(slug);
    if !is_taken(base) {
        return Ok(base.to_string());
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !is_taken(candidate))
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no free slug for {base}")))
}

async fn set_tags(tx: &DatabaseTransaction, article_id: Uuid, tag_ids: &[Uuid]) -> AppResult<()> {
    article_tag::Entity::delete_many()
        .filter(article_tag::Column::ArticleId.eq(article_id))
        .exec(tx)
        .await?;
    if !tag_ids.is_empty() {
        article_tag::Entity::insert_many(tag_ids.iter().map(|tag_id| article_tag::ActiveModel {
            article_id: Set(article_id),
            tag_id: Set(*tag_id),
        }))
        .exec_without_returning(tx)
        .await?;
    }
    Ok(())
}

pub(crate) async fn tag_ids_of(tx: &DatabaseTransaction, article_id: Uuid) -> AppResult<Vec<Uuid>> {
    let mut ids: Vec<Uuid> = article_tag::Entity::find()
        .select_only()
        .column(article_tag::Column::TagId)
        .filter(article_tag::Column::ArticleId.eq(article_id))
        .into_tuple()
        .all(tx)
        .await?;
    ids.sort();
    Ok(ids)
}

// ---------------------------------------------------------------------------------------
// The write path.

/// An article locked for a change: its row (version already bumped) and tags.
pub(crate) struct Locked {
    row: article::Model,
    tag_ids: Vec<Uuid>,
}

impl Locked {
    pub(crate) fn fields(&self) -> Fields {
        Fields::of(&self.row, self.tag_ids.clone())
    }
}

/// Bumps the version of article `id` (if it is at `expected`), locking it for this
/// transaction; see the module docs.
pub(crate) async fn lock(tx: &DatabaseTransaction, id: Uuid, expected: Option<i32>) -> AppResult<Locked> {
    let mut bump = article::Entity::update_many()
        .col_expr(article::Column::Version, Expr::col(article::Column::Version).add(1))
        .filter(article::Column::Id.eq(id));
    if let Some(v) = expected {
        bump = bump.filter(article::Column::Version.eq(v));
    }
    if bump.exec(tx).await?.rows_affected == 0 {
        let current = article::Entity::find_by_id(id).one(tx).await?;
        return Err(match (current, expected) {
            (Some(row), Some(expected)) => AppError::VersionMismatch {
                expected,
                actual: row.version,
                field: "expectedVersion",
            },
            _ => AppError::not_found("article", id.to_string()),
        });
    }
    let row = article::Entity::find_by_id(id)
        .one(tx)
        .await?
        .ok_or_else(|| AppError::not_found("article", id.to_string()))?;
    let tag_ids = tag_ids_of(tx, id).await?;
    Ok(Locked { row, tag_ids })
}

/// Stores the locked article's previous state as a revision and writes `next`.
pub(crate) async fn save(
    tx: &DatabaseTransaction,
    viewer: &Viewer,
    locked: Locked,
    next: Fields,
) -> AppResult<Article> {
    let now = viewer.now();
    let previous = locked.fields();
    let revision = article_revision::ActiveModel {
        id: Set(Uuid::now_v7()),
        article_id: Set(locked.row.id),
        version: Set(locked.row.version - 1),
        snapshot: Set(serde_json::to_string(&previous).map_err(AppError::internal)?),
        created_at: Set(now),
        created_by: Set(viewer.key_name().map(str::to_string)),
    };
    article_revision::Entity::insert(revision)
        .exec_without_returning(tx)
        .await?;
    if next.tag_ids != previous.tag_ids {
        set_tags(tx, locked.row.id, &next.tag_ids).await?;
    }
    let row = article::Model {
        body_text: body_text(&next.body, &next.body_format),
        slug: next.slug,
        title: next.title,
        subtitle: next.subtitle,
        summary: next.summary,
        body: next.body,
        body_format: next.body_format,
        byline: next.byline,
        language: next.language,
        status: next.status,
        published_at: next.published_at,
        expires_at: next.expires_at,
        canonical_url: next.canonical_url,
        external_id: next.external_id,
        withdrawn_reason: next.withdrawn_reason,
        source_id: next.source_id,
        updated_at: now,
        updated_by: viewer.key_name().map(str::to_string),
        ..locked.row
    };
    let mut active: article::ActiveModel = row.clone().into();
    // The version was bumped by `lock`; every other column is written as it now stands.
    active.version = sea_orm::ActiveValue::Unchanged(row.version);
    active.id = sea_orm::ActiveValue::Unchanged(row.id);
    for col in [
        article::Column::Slug,
        article::Column::Title,
        article::Column::Subtitle,
        article::Column::Summary,
        article::Column::Body,
        article::Column::BodyText,
        article::Column::BodyFormat,
        article::Column::Byline,
        article::Column::Language,
        article::Column::Status,
        article::Column::PublishedAt,
        article::Column::ExpiresAt,
        article::Column::CanonicalUrl,
        article::Column::ExternalId,
        article::Column::WithdrawnReason,
        article::Column::SourceId,
        article::Column::UpdatedAt,
        article::Column::UpdatedBy,
    ] {
        sea_orm::ActiveModelTrait::reset(&mut active, col);
    }
    article::Entity::update_many()
        .set(active)
        .filter(article::Column::Id.eq(row.id))
        .exec(tx)
        .await?;
    Ok(Article::try_from(row)?.for_viewer(viewer))
}

/// Applies `change` to each article in `ids` as a new version with a revision, inside the
/// caller's transaction. Admin writes that touch many articles (detaching a deleted source,
/// merging or deleting a tag) go through here, so their articles' histories have no gaps.
pub(crate) async fn revise_each(
    tx: &DatabaseTransaction,
    viewer: &Viewer,
    ids: Vec<Uuid>,
    change: impl Fn(&mut Fields),
) -> AppResult<()> {
    for id in ids {
        let locked = lock(tx, id, None).await?;
        let mut next = locked.fields();
        change(&mut next);
        save(tx, viewer, locked, next).await?;
    }
    Ok(())
}

/// Creates a draft.
pub async fn create_article(db: &DatabaseConnection, viewer: &Viewer, input: CreateArticleInput) -> AppResult<Article> {
    viewer.require(Role::Editor)?;
    let now = viewer.now();
    let title = title(&input.title)?;
    let slug = input
        .slug
        .as_deref()
        .map(|s| validate::slug("input.slug", s, validate::MAX_ARTICLE_SLUG))
        .transpose()?;
    let fields = Fields {
        slug: String::new(),
        subtitle: subtitle(input.subtitle)?,
        summary: summary(input.summary)?,
        body: body(&input.body)?,
        body_format: input.body_format.unwrap_or(BodyFormat::Markdown).as_str().to_string(),
        byline: byline(input.byline)?,
        language: validate::language("input.language", &input.language)?,
        status: ArticleStatus::Draft.as_str().to_string(),
        published_at: optional_time("input.publishedAt", input.published_at)?,
        expires_at: optional_time("input.expiresAt", input.expires_at)?,
        canonical_url: optional_url("input.canonicalUrl", input.canonical_url)?,
        external_id: external_id(input.external_id)?,
        withdrawn_reason: None,
        source_id: None,
        tag_ids: vec![],
        updated_at: now,
        updated_by: viewer.key_name().map(str::to_string),
        title,
    };
    check_expiry(&fields, "input.expiresAt")?;
    in_transaction(db, async |tx| {
        let mut fields = fields;
        fields.source_id = resolve_source(tx, input.source_slug.as_deref(), input.source_id.as_ref()).await?;
        fields.tag_ids = resolve_tags(tx, input.tag_slugs.as_deref(), input.tag_ids.as_deref())
            .await?
            .unwrap_or_default();
        insert(tx, viewer, fields, slug).await
    })
    .await
}

/// Stores a new article with `fields` within `tx`: under `slug` (which must be free), or
/// under one derived from the title.
pub(crate) async fn insert(
    tx: &DatabaseTransaction,
    viewer: &Viewer,
    fields: Fields,
    slug: Option<String>,
) -> AppResult<Article> {
    let slug = match slug {
        Some(slug) => {
            check_slug_free(tx, &slug, None).await?;
            slug
        }
        None => {
            let max = validate::MAX_ARTICLE_SLUG - SUFFIX_ROOM;
            let base = validate::derive_slug(&fields.title, max, "article");
            free_slug(tx, &base, &HashSet::new()).await?
        }
    };
    let tag_ids = fields.tag_ids.clone();
    let row = new_row(viewer, Uuid::now_v7(), slug, fields);
    let active: article::ActiveModel = row.clone().into();
    article::Entity::insert(active).exec_without_returning(tx).await?;
    set_tags(tx, row.id, &tag_ids).await?;
    Ok(Article::try_from(row)?.for_viewer(viewer))
}

/// What search indexes of a body stored in `format` (see [`body::search_text`]).
fn body_text(body: &str, format: &str) -> Option<String> {
    BodyFormat::parse(format).and_then(|format| crate::content::body::search_text(body, format))
}

/// The row of a new article `id` with `fields` under `slug`, written by `viewer` now.
pub(crate) fn new_row(viewer: &Viewer, id: Uuid, slug: String, fields: Fields) -> article::Model {
    let now = viewer.now();
    article::Model {
        body_text: body_text(&fields.body, &fields.body_format),
        id,
        slug,
        title: fields.title,
        subtitle: fields.subtitle,
        summary: fields.summary,
        body: fields.body,
        body_format: fields.body_format,
        byline: fields.byline,
        language: fields.language,
        status: fields.status,
        published_at: fields.published_at,
        canonical_url: fields.canonical_url,
        external_id: fields.external_id,
        version: 1,
        source_id: fields.source_id,
        created_at: now,
        updated_at: now,
        expires_at: fields.expires_at,
        withdrawn_reason: fields.withdrawn_reason,
        created_by: viewer.key_name().map(str::to_string),
        updated_by: viewer.key_name().map(str::to_string),
    }
}

/// Changes the fields given in `input`.
pub async fn update_article(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: Uuid,
    input: UpdateArticleInput,
    expected_version: Option<i32>,
) -> AppResult<Article> {
    viewer.require(Role::Editor)?;
    in_transaction(db, async |tx| {
        let locked = lock(tx, id, expected_version).await?;
        let mut next = locked.fields();
        if let Some(v) = &input.title {
            next.title = title(v)?;
        }
        if let Some(v) = &input.slug {
            next.slug = validate::slug("input.slug", v, validate::MAX_ARTICLE_SLUG)?;
            check_slug_free(tx, &next.slug, Some(id)).await?;
        }
        if let Some(v) = given(&input.subtitle) {
            next.subtitle = subtitle(v)?;
        }
        if let Some(v) = given(&input.summary) {
            next.summary = summary(v)?;
        }
        if let Some(v) = &input.body {
            next.body = body(v)?;
        }
        if let Some(v) = input.body_format {
            next.body_format = v.as_str().to_string();
        }
        if let Some(v) = given(&input.byline) {
            next.byline = byline(v)?;
        }
        if let Some(v) = &input.language {
            next.language = validate::language("input.language", v)?;
        }
        if let Some(v) = given(&input.published_at) {
            next.published_at = optional_time("input.publishedAt", v)?;
        }
        if let Some(v) = given(&input.expires_at) {
            next.expires_at = optional_time("input.expiresAt", v)?;
        }
        if let Some(v) = given(&input.canonical_url) {
            next.canonical_url = optional_url("input.canonicalUrl", v)?;
        }
        if let Some(v) = given(&input.external_id) {
            next.external_id = external_id(v)?;
        }
        let (slug, id_) = (given(&input.source_slug), given(&input.source_id));
        if slug.is_some() || id_.is_some() {
            next.source_id = resolve_source(tx, slug.flatten().as_deref(), id_.flatten().as_ref()).await?;
        }
        if let Some(tags) = resolve_tags(tx, input.tag_slugs.as_deref(), input.tag_ids.as_deref()).await? {
            next.tag_ids = tags;
        }
        if next.status() != Some(ArticleStatus::Draft) && next.published_at.is_none() {
            return Err(AppError::bad_field(
                "input.publishedAt",
                "a published article keeps its publication time; unpublish it first",
            ));
        }
        check_expiry(&next, "input.expiresAt")?;
        save(tx, viewer, locked, next).await
    })
    .await
}

/// A lifecycle step.
#[derive(Clone, Debug)]
pub enum Transition {
    /// Publish at the given time (default now, or the time it already has when it is public);
    /// a future time schedules.
    Publish(Option<DateTime<Utc>>),
    /// Back to draft.
    Unpublish,
    /// Out of the public lists, kept.
    Archive,
    /// Killed, with a public reason.
    Withdraw(String),
}

/// Moves an article through its lifecycle. Publishing takes the article out of any
/// withdrawal; publishing again without a time keeps the publication time.
pub async fn transition(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: Uuid,
    step: Transition,
    expected_version: Option<i32>,
) -> AppResult<Article> {
    viewer.require(Role::Editor)?;
    let now = viewer.now();
    // The status before the time is known; publishing settles PUBLISHED or SCHEDULED below.
    let (status, field) = match &step {
        Transition::Publish(_) => (ArticleStatus::Published, "at"),
        Transition::Unpublish => (ArticleStatus::Draft, "id"),
        Transition::Archive => (ArticleStatus::Archived, "id"),
        Transition::Withdraw(_) => (ArticleStatus::Withdrawn, "reason"),
    };
    let publish_at = match &step {
        Transition::Publish(at) => optional_time("at", *at)?,
        _ => None,
    };
    let reason = match &step {
        Transition::Withdraw(reason) => Some(validate::line("reason", reason, 1, 1000)?),
        _ => None,
    };
    in_transaction(db, async |tx| {
        let locked = lock(tx, id, expected_version).await?;
        let mut next = locked.fields();
        next.status = status.as_str().to_string();
        next.withdrawn_reason = reason;
        if let Transition::Publish(_) = step {
            let at = publish_at;
            let was_live = matches!(
                locked.fields().status(),
                Some(ArticleStatus::Published | ArticleStatus::Scheduled)
            );
            // Publishing what is already public keeps its time; anything else (a draft, an
            // archived or withdrawn story, a scheduled one being brought forward) goes out now.
            next.published_at = match (at, next.published_at) {
                (Some(at), _) => Some(at),
                (None, Some(kept)) if was_live && kept <= now => Some(kept),
                (None, _) => Some(now),
            };
            if next.published_at.is_some_and(|t| t > now) {
                next.status = ArticleStatus::Scheduled.as_str().to_string();
            }
        }
        check_expiry(&next, field)?;
        save(tx, viewer, locked, next).await
    })
    .await
}

/// Deletes an article with its links, revisions and corrections; returns its id.
pub async fn delete_article(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: Uuid,
    expected_version: Option<i32>,
) -> AppResult<Uuid> {
    viewer.require(Role::Editor)?;
    in_transaction(db, async |tx| {
        lock(tx, id, expected_version).await?;
        // Children first, explicitly: SQLite enforces ON DELETE CASCADE only with its
        // foreign-key pragma on, and this must not depend on a connection setting.
        article_tag::Entity::delete_many()
            .filter(article_tag::Column::ArticleId.eq(id))
            .exec(tx)
            .await?;
        article_revision::Entity::delete_many()
            .filter(article_revision::Column::ArticleId.eq(id))
            .exec(tx)
            .await?;
        article_correction::Entity::delete_many()
            .filter(article_correction::Column::ArticleId.eq(id))
            .exec(tx)
            .await?;
        article::Entity::delete_by_id(id).exec(tx).await?;
        Ok(id)
    })
    .await
}

/// A correction's text, trimmed: not empty, at most 5,000 bytes.
pub(crate) fn correction_text(field: &str, text: &str) -> AppResult<String> {
    let text = validate::text(field, text.trim(), 5_000)?;
    if text.is_empty() {
        return Err(AppError::bad_field(field, format!("`{field}` must not be empty")));
    }
    Ok(text)
}

/// Appends a public correction; the article's version and `updatedAt` move on so caches
/// notice.
pub async fn add_correction(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: Uuid,
    text: &str,
    expected_version: Option<i32>,
) -> AppResult<Article> {
    viewer.require(Role::Editor)?;
    let text = correction_text("text", text)?;
    in_transaction(db, async |tx| {
        let locked = lock(tx, id, expected_version).await?;
        let next = locked.fields();
        let correction = article_correction::ActiveModel {
            id: Set(Uuid::now_v7()),
            article_id: Set(id),
            text: Set(text),
            created_at: Set(viewer.now()),
            created_by: Set(viewer.key_name().map(str::to_string)),
        };
        article_correction::Entity::insert(correction)
            .exec_without_returning(tx)
            .await?;
        save(tx, viewer, locked, next).await
    })
    .await
}

/// Restores the content of revision `revision_id` (title, texts, body, byline, language,
/// URLs, source and tags) as a new version. The lifecycle (status, times) and the slug stay
/// as they are: reverting an edit must not unpublish an article or break its links. Tags
/// or a source deleted since are left out.
pub async fn revert_article(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: Uuid,
    revision_id: Uuid,
    expected_version: Option<i32>,
) -> AppResult<Article> {
    viewer.require(Role::Editor)?;
    in_transaction(db, async |tx| {
        let locked = lock(tx, id, expected_version).await?;
        let revision = article_revision::Entity::find_by_id(revision_id)
            .filter(article_revision::Column::ArticleId.eq(id))
            .one(tx)
            .await?
            .ok_or_else(|| AppError::bad_field("revision", "this article has no such revision"))?;
        let old = Revision::try_from(revision)?.fields;
        let mut next = locked.fields();
        next.title = old.title;
        next.subtitle = old.subtitle;
        next.summary = old.summary;
        next.body = old.body;
        next.body_format = old.body_format;
        next.byline = old.byline;
        next.language = old.language;
        next.canonical_url = old.canonical_url;
        next.external_id = old.external_id;
        next.source_id = match old.source_id {
            Some(s) => source::Entity::find_by_id(s).one(tx).await?.map(|s| s.id),
            None => None,
        };
        next.tag_ids = if old.tag_ids.is_empty() {
            vec![]
        } else {
            let mut ids: Vec<Uuid> = tag::Entity::find()
                .select_only()
                .column(tag::Column::Id)
                .filter(tag::Column::Id.is_in(old.tag_ids))
                .into_tuple()
                .all(tx)
                .await?;
            ids.sort();
            ids
        };
        save(tx, viewer, locked, next).await
    })
    .await
}

/// The corrections of each of `article_ids`, oldest first, in one statement.
pub async fn corrections_of(
    db: &impl ConnectionTrait,
    article_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<Correction>>> {
    let rows = article_correction::Entity::find()
        .filter(article_correction::Column::ArticleId.is_in(article_ids.iter().copied()))
        .order_by_asc(article_correction::Column::CreatedAt)
        .order_by_asc(article_correction::Column::Id)
        .all(db)
        .await?;
    let mut map: HashMap<Uuid, Vec<Correction>> = HashMap::new();
    for r in rows {
        map.entry(r.article_id).or_default().push(Correction {
            id: r.id,
            article_id: r.article_id,
            text: r.text,
            created_at: r.created_at,
        });
    }
    Ok(map)
}

/// One page of an article's revisions, newest first (editors only).
pub async fn revisions(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    article_id: Uuid,
    args: &PageArgs,
) -> AppResult<Page<Revision>> {
    viewer.require(Role::Editor)?;
    let col = |c| Expr::col((article_revision::Entity, c));
    let ordering = Ordering::new(
        "revision",
        vec![(
            "created_at".to_string(),
            SortColumn {
                expr: col(article_revision::Column::CreatedAt),
                descending: true,
                kind: KeyKind::Time,
            },
        )],
        col(article_revision::Column::Id),
    );
    let request = ordering.request(args)?;
    let select = article_revision::Entity::find().filter(article_revision::Column::ArticleId.eq(article_id));
    let page = pagination::fetch_page(db, select, &ordering, &request, |m: &article_revision::Model| {
        vec![KeyValue::Time(m.created_at), KeyValue::Id(m.id)]
    })
    .await?;
    let items = page
        .items
        .into_iter()
        .map(|(c, m)| Ok((c, Revision::try_from(m)?)))
        .collect::<AppResult<_>>()?;
    Ok(Page {
        items,
        has_next_page: page.has_next_page,
        has_previous_page: page.has_previous_page,
    })
}
