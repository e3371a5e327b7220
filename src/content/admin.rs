//! Writes that need the admin role: sources and tags (create, update, delete, merge).
//! Each is one transaction; field rules come from [`crate::content::validate`].

use async_graphql::{InputObject, MaybeUndefined};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::content::sources::Source;
use crate::content::tags::{Tag, TagKind};
use crate::content::validate;
use crate::content::{Role, Viewer, editorial, given, in_transaction};
use crate::entities::{article, article_tag, source, tag};
use crate::error::{AppError, AppResult};

/// Input of `createSource`.
#[derive(InputObject, Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateSourceInput {
    /// Unique URL name (`a-z`, `0-9`, single hyphens, at most 64); derived from the name
    /// when omitted.
    pub slug: Option<String>,
    /// Full name, e.g. "Islamic Republic News Agency".
    pub name: String,
    /// Short name, e.g. "IRNA".
    pub short_name: Option<String>,
    /// Home page (absolute http(s)).
    pub url: Option<String>,
    /// ISO 3166-1 alpha-2 country code, e.g. `IR`.
    pub country: Option<String>,
    /// BCP 47 language tag of its copy.
    pub language: Option<String>,
    /// What the source is.
    pub description: Option<String>,
}

/// Input of `updateSource`: only the fields given change; `null` clears an optional one.
#[derive(InputObject, Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateSourceInput {
    /// Unique URL name.
    pub slug: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// Short name.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub short_name: MaybeUndefined<String>,
    /// Home page.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub url: MaybeUndefined<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub country: MaybeUndefined<String>,
    /// BCP 47 language tag.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub language: MaybeUndefined<String>,
    /// What the source is.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub description: MaybeUndefined<String>,
}

/// Input of `createTag`.
#[derive(InputObject, Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateTagInput {
    /// URL name, unique per kind; derived from the name when omitted.
    pub slug: Option<String>,
    /// Display name.
    pub name: String,
    /// What the tag names.
    pub kind: TagKind,
    /// Other spellings (auto-tagging matches them too).
    #[graphql(default)]
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Input of `updateTag`: only the fields given change.
#[derive(InputObject, Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateTagInput {
    /// URL name, unique per kind.
    pub slug: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// What the tag names.
    pub kind: Option<TagKind>,
    /// Replaces the other spellings.
    pub aliases: Option<Vec<String>>,
}

fn optional<T>(field: &str, value: Option<String>, check: impl Fn(&str, &str) -> AppResult<T>) -> AppResult<Option<T>> {
    match value {
        Some(v) if !v.trim().is_empty() => check(field, v.trim()).map(Some),
        _ => Ok(None),
    }
}

fn short_name(v: Option<String>) -> AppResult<Option<String>> {
    optional("input.shortName", v, |f, v| validate::line(f, v, 1, 64))
}

fn url(v: Option<String>) -> AppResult<Option<String>> {
    optional("input.url", v, validate::url)
}

fn country(v: Option<String>) -> AppResult<Option<String>> {
    optional("input.country", v, validate::country)
}

fn language(v: Option<String>) -> AppResult<Option<String>> {
    optional("input.language", v, validate::language)
}

fn description(v: Option<String>) -> AppResult<Option<String>> {
    optional("input.description", v, |f, v| validate::text(f, v, 10_000))
}

fn name(v: &str) -> AppResult<String> {
    validate::line("input.name", v, 1, 200)
}

fn slug_or_derived(slug: Option<&str>, name: &str) -> AppResult<String> {
    match slug {
        Some(s) => validate::slug("input.slug", s, validate::MAX_SLUG),
        None => Ok(validate::derive_slug(name, validate::MAX_SLUG, "untitled")),
    }
}

fn aliases(list: Vec<String>) -> AppResult<Vec<String>> {
    if list.len() > 100 {
        return Err(AppError::bad_field("input.aliases", "a tag has at most 100 aliases"));
    }
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for a in list {
        let a = validate::line("input.aliases", &a, 1, 200)?;
        if !out.iter().any(|o| o.to_lowercase() == a.to_lowercase()) {
            out.push(a);
        }
    }
    Ok(out)
}

fn slug_taken(what: &str, slug: &str) -> AppError {
    AppError::Conflict {
        message: format!("another {what} has the slug {slug:?}"),
        field: Some("input.slug".into()),
    }
}

async fn source_slug_free(tx: &DatabaseTransaction, slug: &str, except: Option<Uuid>) -> AppResult<()> {
    let mut q = source::Entity::find().filter(source::Column::Slug.eq(slug));
    if let Some(id) = except {
        q = q.filter(source::Column::Id.ne(id));
    }
    match q.one(tx).await? {
        Some(_) => Err(slug_taken("source", slug)),
        None => Ok(()),
    }
}

async fn tag_slug_free(tx: &DatabaseTransaction, kind: TagKind, slug: &str, except: Option<Uuid>) -> AppResult<()> {
    let mut q = tag::Entity::find()
        .filter(tag::Column::Slug.eq(slug))
        .filter(tag::Column::Kind.eq(kind.as_str()));
    if let Some(id) = except {
        q = q.filter(tag::Column::Id.ne(id));
    }
    match q.one(tx).await? {
        Some(_) => Err(slug_taken(&format!("{} tag", kind.as_str()), slug)),
        None => Ok(()),
    }
}

/// Creates a source.
pub async fn create_source(db: &DatabaseConnection, viewer: &Viewer, input: CreateSourceInput) -> AppResult<Source> {
    viewer.require(Role::Admin)?;
    let row = new_source(input, viewer.now())?;
    in_transaction(db, async |tx| insert_source(tx, row).await).await
}

/// A validated source row for `input` (not yet stored).
pub(crate) fn new_source(input: CreateSourceInput, now: DateTime<Utc>) -> AppResult<source::Model> {
    let name = name(&input.name)?;
    Ok(source::Model {
        id: Uuid::now_v7(),
        slug: slug_or_derived(input.slug.as_deref(), &name)?,
        short_name: short_name(input.short_name)?,
        url: url(input.url)?,
        country: country(input.country)?,
        language: language(input.language)?,
        description: description(input.description)?,
        created_at: now,
        updated_at: now,
        name,
    })
}

/// Stores a new source row within `tx`; a taken slug is `CONFLICT`.
pub(crate) async fn insert_source(tx: &DatabaseTransaction, row: source::Model) -> AppResult<Source> {
    source_slug_free(tx, &row.slug, None).await?;
    let active: source::ActiveModel = row.clone().into();
    source::Entity::insert(active).exec_without_returning(tx).await?;
    Ok(row)
}

/// Changes the fields given in `input`.
pub async fn update_source(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: Uuid,
    input: UpdateSourceInput,
) -> AppResult<Source> {
    viewer.require(Role::Admin)?;
    in_transaction(db, async |tx| {
        let mut row = source::Entity::find_by_id(id)
            .one(tx)
            .await?
            .ok_or_else(|| AppError::not_found("source", id.to_string()))?;
        if let Some(v) = &input.name {
            row.name = name(v)?;
        }
        if let Some(v) = &input.slug {
            row.slug = validate::slug("input.slug", v, validate::MAX_SLUG)?;
            source_slug_free(tx, &row.slug, Some(id)).await?;
        }
        if let Some(v) = given(&input.short_name) {
            row.short_name = short_name(v)?;
        }
        if let Some(v) = given(&input.url) {
            row.url = url(v)?;
        }
        if let Some(v) = given(&input.country) {
            row.country = country(v)?;
        }
        if let Some(v) = given(&input.language) {
            row.language = language(v)?;
        }
        if let Some(v) = given(&input.description) {
            row.description = description(v)?;
        }
        row.updated_at = viewer.now();
        let active = sea_orm::ActiveModelTrait::reset_all(source::ActiveModel::from(row.clone()));
        source::Entity::update(active).exec(tx).await?;
        Ok(row)
    })
    .await
}

/// Deletes a source. A source that still has articles is refused with `CONFLICT` unless
/// `force`, which first detaches its articles (each a new version with a revision; they keep
/// everything else).
pub async fn delete_source(db: &DatabaseConnection, viewer: &Viewer, id: Uuid, force: bool) -> AppResult<Uuid> {
    viewer.require(Role::Admin)?;
    in_transaction(db, async |tx| {
        source::Entity::find_by_id(id)
            .one(tx)
            .await?
            .ok_or_else(|| AppError::not_found("source", id.to_string()))?;
        let articles = article::Entity::find()
            .filter(article::Column::SourceId.eq(id))
            .count(tx)
            .await?;
        if articles > 0 && !force {
            return Err(AppError::Conflict {
                message: format!(
                    "the source still has {articles} article(s); pass `force: true` to detach them and delete it"
                ),
                field: Some("force".into()),
            });
        }
        let ids = article::Entity::find()
            .select_only()
            .column(article::Column::Id)
            .filter(article::Column::SourceId.eq(id))
            .into_tuple()
            .all(tx)
            .await?;
        editorial::revise_each(tx, viewer, ids, |f| f.source_id = None).await?;
        source::Entity::delete_by_id(id).exec(tx).await?;
        Ok(id)
    })
    .await
}

/// Creates a tag.
pub async fn create_tag(db: &DatabaseConnection, viewer: &Viewer, input: CreateTagInput) -> AppResult<Tag> {
    viewer.require(Role::Admin)?;
    let row = new_tag(input, viewer.now())?;
    in_transaction(db, async |tx| insert_tag(tx, row).await).await
}

/// A validated tag row for `input` (not yet stored).
pub(crate) fn new_tag(input: CreateTagInput, now: DateTime<Utc>) -> AppResult<tag::Model> {
    let name = name(&input.name)?;
    let slug = slug_or_derived(input.slug.as_deref(), &name)?;
    let aliases = aliases(input.aliases)?;
    Ok(tag::Model {
        id: Uuid::now_v7(),
        slug,
        name,
        kind: input.kind.as_str().to_string(),
        aliases: serde_json::json!(aliases),
        created_at: now,
        updated_at: now,
    })
}

/// Stores a new tag row within `tx`; a slug taken in its kind is `CONFLICT`.
pub(crate) async fn insert_tag(tx: &DatabaseTransaction, row: tag::Model) -> AppResult<Tag> {
    let tag = Tag::try_from(row.clone())?;
    tag_slug_free(tx, tag.kind, &row.slug, None).await?;
    let active: tag::ActiveModel = row.into();
    tag::Entity::insert(active).exec_without_returning(tx).await?;
    Ok(tag)
}

async fn find_tag(tx: &DatabaseTransaction, id: Uuid, field: &str) -> AppResult<tag::Model> {
    tag::Entity::find_by_id(id)
        .one(tx)
        .await?
        .ok_or_else(|| AppError::NotFound {
            resource: "tag",
            key: format!("{id} (`{field}`)"),
        })
}

async fn write_tag(tx: &DatabaseTransaction, row: &tag::Model) -> AppResult<()> {
    let active = sea_orm::ActiveModelTrait::reset_all(tag::ActiveModel::from(row.clone()));
    tag::Entity::update(active).exec(tx).await?;
    Ok(())
}

/// Changes the fields given in `input`.
pub async fn update_tag(db: &DatabaseConnection, viewer: &Viewer, id: Uuid, input: UpdateTagInput) -> AppResult<Tag> {
    viewer.require(Role::Admin)?;
    in_transaction(db, async |tx| {
        let current = Tag::try_from(find_tag(tx, id, "id").await?)?;
        let name = match &input.name {
            Some(v) => name(v)?,
            None => current.name,
        };
        let slug = match &input.slug {
            Some(v) => validate::slug("input.slug", v, validate::MAX_SLUG)?,
            None => current.slug,
        };
        let kind = input.kind.unwrap_or(current.kind);
        tag_slug_free(tx, kind, &slug, Some(id)).await?;
        let aliases = match input.aliases.clone() {
            Some(list) => aliases(list)?,
            None => current.aliases,
        };
        let row = tag::Model {
            id,
            slug,
            name,
            kind: kind.as_str().to_string(),
            aliases: serde_json::json!(aliases),
            created_at: current.created_at,
            updated_at: viewer.now(),
        };
        write_tag(tx, &row).await?;
        Tag::try_from(row)
    })
    .await
}

/// The ids of the articles linked to tag `id`.
async fn articles_tagged(tx: &DatabaseTransaction, id: Uuid) -> AppResult<Vec<Uuid>> {
    Ok(article_tag::Entity::find()
        .select_only()
        .column(article_tag::Column::ArticleId)
        .filter(article_tag::Column::TagId.eq(id))
        .into_tuple()
        .all(tx)
        .await?)
}

/// Deletes a tag, taking it off its articles (each a new version); returns its id.
pub async fn delete_tag(db: &DatabaseConnection, viewer: &Viewer, id: Uuid) -> AppResult<Uuid> {
    viewer.require(Role::Admin)?;
    in_transaction(db, async |tx| {
        find_tag(tx, id, "id").await?;
        let ids = articles_tagged(tx, id).await?;
        editorial::revise_each(tx, viewer, ids, |f| f.tag_ids.retain(|t| *t != id)).await?;
        tag::Entity::delete_by_id(id).exec(tx).await?;
        Ok(id)
    })
    .await
}

/// Merges tag `from` into tag `into`: `from`'s articles are linked to `into` instead (no
/// article gets it twice; each is a new version with a revision), `from`'s name and aliases
/// become aliases of `into`, and `from` is deleted. Returns `into`.
pub async fn merge_tags(db: &DatabaseConnection, viewer: &Viewer, from: Uuid, into: Uuid) -> AppResult<Tag> {
    viewer.require(Role::Admin)?;
    if from == into {
        return Err(AppError::bad_field("into", "a tag cannot be merged into itself"));
    }
    in_transaction(db, async |tx| {
        let source_tag = Tag::try_from(find_tag(tx, from, "from").await?)?;
        let target = Tag::try_from(find_tag(tx, into, "into").await?)?;
        // Each article of `from` gets `into` instead (once), as a new version of it.
        let ids = articles_tagged(tx, from).await?;
        editorial::revise_each(tx, viewer, ids, |f| {
            for t in &mut f.tag_ids {
                if *t == from {
                    *t = into;
                }
            }
            f.tag_ids.sort();
            f.tag_ids.dedup();
        })
        .await?;
        tag::Entity::delete_by_id(from).exec(tx).await?;
        let mut names = target.aliases.clone();
        names.push(source_tag.name);
        names.extend(source_tag.aliases);
        let mut merged: Vec<String> = Vec::new();
        for n in names {
            let same = |o: &String| o.to_lowercase() == n.to_lowercase();
            if n.to_lowercase() != target.name.to_lowercase() && !merged.iter().any(same) {
                merged.push(n);
            }
        }
        let row = tag::Model {
            id: into,
            slug: target.slug,
            name: target.name,
            kind: target.kind.as_str().to_string(),
            aliases: serde_json::json!(merged),
            created_at: target.created_at,
            updated_at: viewer.now(),
        };
        write_tag(tx, &row).await?;
        Tag::try_from(row)
    })
    .await
}
