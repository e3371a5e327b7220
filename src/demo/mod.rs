//! Demo content for `gazette demo`: invented sources, a set of tags and any number of
//! generated articles, so the API can be explored and load-tested without real data.
//!
//! Everything is deterministic: the same `now` and article count give the same rows, ids
//! included (UUIDv7s built from each row's timestamp and a seeded random stream). All text is
//! written for this project: headlines and paragraphs come from hand-written templates per
//! language (English mostly; French, German, Spanish, Russian and Persian too), filled with
//! the tags' names and with words drawn Zipf-like from word banks, so that search sees a few
//! very common words and a long tail of rare ones. Places and organizations are real;
//! people, reporters and sources are invented.
//!
//! Timestamps are whole seconds. On purpose, a few articles share a title (recurring
//! briefings) and a few share a publication instant, so orderings must break ties by id;
//! about 2% are drafts, 1% scheduled (up to 30 days after `now`) and 1% archived.
//!
//! Rows are generated and inserted chunk by chunk, so even 100,000 articles need little memory.

mod generate;
mod lang;
mod names;
mod random;
mod sources;
mod tags;
mod templates;
mod text;
mod translit;
mod words;

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect, TransactionSession, TransactionTrait};
use uuid::Uuid;

use crate::content::articles::BodyFormat;
use crate::entities::{article, article_tag, source, tag};
use crate::error::{AppError, AppResult};
use generate::{Article, Generator};

/// How many articles `gazette demo` loads by default.
pub const DEFAULT_ARTICLES: usize = 300;

/// Articles per INSERT statement: 17 columns × 500 rows stays far below SQLite's limit of
/// 32,766 bound parameters (and the 65,535 of PostgreSQL and MySQL).
const ARTICLES_PER_STATEMENT: usize = 500;
/// Links per INSERT statement (2 columns each).
const LINKS_PER_STATEMENT: usize = 2_000;

/// What was loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoReport {
    /// Sources inserted.
    pub sources: usize,
    /// Tags inserted.
    pub tags: usize,
    /// Articles inserted.
    pub articles: usize,
}

/// Loads demo sources, tags and `articles` generated articles into an empty database, in one
/// transaction: a failure leaves the database as it was. Refuses with `CONFLICT` when the
/// database already has articles, sources or tags (the demo's slugs would collide).
/// `now` anchors the dates: published articles spread over the year before `now`.
pub async fn load<C>(db: &C, articles: usize, now: DateTime<Utc>) -> AppResult<DemoReport>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = db.begin().await?;
    refuse_unless_empty(&txn).await?;
    let generator = Generator::new(now);

    let source_rows = generator.setup_rows(sources::SOURCES.len(), 1);
    let source_ids: Vec<Uuid> = source_rows.iter().map(|(id, _)| *id).collect();
    let models = sources::SOURCES
        .iter()
        .zip(source_rows)
        .map(|(spec, (id, at))| source::ActiveModel {
            id: Set(id),
            slug: Set(spec.slug.to_owned()),
            name: Set(spec.name.to_owned()),
            short_name: Set(Some(spec.short_name.to_owned())),
            url: Set(Some(spec.url.to_owned())),
            country: Set(Some(spec.country.to_owned())),
            language: Set(Some(spec.language.to_owned())),
            description: Set(Some(spec.description.to_owned())),
            created_at: Set(at),
            updated_at: Set(at),
        });
    source::Entity::insert_many(models).exec_without_returning(&txn).await?;

    let tag_rows = generator.setup_rows(tags::COUNT, 2);
    let tag_ids: Vec<Uuid> = tag_rows.iter().map(|(id, _)| *id).collect();
    let models = tags::all().zip(tag_rows).map(|(spec, (id, at))| tag::ActiveModel {
        id: Set(id),
        slug: Set(spec.slug.to_owned()),
        name: Set(spec.name.to_owned()),
        kind: Set(spec.kind.as_str().to_owned()),
        aliases: Set(serde_json::Value::from(spec.aliases.to_vec())),
        created_at: Set(at),
        updated_at: Set(at),
    });
    tag::Entity::insert_many(models).exec_without_returning(&txn).await?;

    let mut links = Vec::with_capacity(LINKS_PER_STATEMENT + 5 * ARTICLES_PER_STATEMENT);
    let mut chunk_start = 0;
    while chunk_start < articles {
        let chunk_end = articles.min(chunk_start + ARTICLES_PER_STATEMENT);
        let mut rows = Vec::with_capacity(chunk_end - chunk_start);
        for index in chunk_start..chunk_end {
            let generated = generator.article(index as u64);
            links.extend(generated.tags.iter().map(|&t| article_tag::ActiveModel {
                article_id: Set(generated.id),
                tag_id: Set(tag_ids[t]),
            }));
            rows.push(active_article(generated, &source_ids));
        }
        // Numbered in the search index as an import numbers them (SQLite).
        crate::content::import::insert_articles(&txn, rows).await?;
        // Links go in after their articles, in statements of a fixed maximum size.
        while links.len() >= LINKS_PER_STATEMENT {
            let rest = links.split_off(LINKS_PER_STATEMENT);
            let batch = std::mem::replace(&mut links, rest);
            article_tag::Entity::insert_many(batch)
                .exec_without_returning(&txn)
                .await?;
        }
        chunk_start = chunk_end;
    }
    article_tag::Entity::insert_many(links)
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await?;
    crate::db::analyze(db).await?;

    Ok(DemoReport {
        sources: source_ids.len(),
        tags: tag_ids.len(),
        articles,
    })
}

/// Conflict unless `articles`, `sources` and `tags` are all empty.
async fn refuse_unless_empty<C: ConnectionTrait>(db: &C) -> AppResult<()> {
    async fn has_rows<E: EntityTrait, C: ConnectionTrait>(db: &C) -> AppResult<bool> {
        Ok(E::find()
            .select_only()
            .expr(sea_orm::sea_query::Expr::val(1))
            .into_tuple::<i32>()
            .one(db)
            .await?
            .is_some())
    }
    let occupied = if has_rows::<article::Entity, _>(db).await? {
        "articles"
    } else if has_rows::<source::Entity, _>(db).await? {
        "sources"
    } else if has_rows::<tag::Entity, _>(db).await? {
        "tags"
    } else {
        return Ok(());
    };
    Err(AppError::Conflict {
        message: format!("the database already has {occupied}; demo content is loaded only into an empty database"),
        field: None,
    })
}

/// The row for a generated article.
fn active_article(a: Article, source_ids: &[Uuid]) -> article::ActiveModel {
    article::ActiveModel {
        id: Set(a.id),
        slug: Set(a.slug),
        title: Set(a.title),
        subtitle: Set(a.subtitle),
        summary: Set(a.summary),
        body_text: Set(crate::content::body::search_text(&a.body, BodyFormat::Markdown)),
        body: Set(a.body),
        body_format: Set(BodyFormat::Markdown.as_str().to_owned()),
        byline: Set(a.byline),
        language: Set(a.language.to_owned()),
        status: Set(a.status.as_str().to_owned()),
        published_at: Set(a.published_at),
        canonical_url: Set(a.canonical_url),
        external_id: Set(a.external_id),
        version: Set(1),
        source_id: Set(source_ids.get(a.source).copied()),
        created_at: Set(a.created_at),
        updated_at: Set(a.updated_at),
        expires_at: Set(None),
        withdrawn_reason: Set(None),
        created_by: Set(None),
        updated_by: Set(None),
    }
}

#[cfg(test)]
mod tests;
