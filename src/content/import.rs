//! Importing articles idempotently, whatever format they came in: an [`ImportArticle`]
//! is matched against what is stored and created, updated (as a new version with a
//! revision) or left unchanged, in one transaction with its source and tags.
//!
//! An imported article is the same article as a stored one when, in this order:
//! 0. it gives an `id` (as exports do): the article with that id, else a new one with it;
//! 1. both have the same `externalId` and source;
//! 2. else both have the same `canonicalUrl` and source;
//! 3. else both have the same content key, `sha256:` of source, title and the given
//!    `publishedAt`, which is kept as the stored `externalId` so that the next import finds it.
//!
//! Unless turned off, an article is also tagged with every stored tag (but sections) whose
//! name or alias its title or body mentions, except when it gives an `id`: a restore keeps
//! exactly the tags it lists.
//!
//! Imports run in batches: [`check_batch`] checks the fields of every article (and tags
//! it, with the auto-tagger of the batches before) without a statement, so that a caller
//! may check the next batch while [`write_batch`] writes this one. One transaction then
//! finds the stored ones with one query, inserts the new ones with multi-row statements
//! and updates the changed ones. If a statement fails (a concurrent writer took a slug,
//! say), the batch is rolled back and its articles are imported one by one, so that only
//! the article at fault is rejected and nothing of it is written.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Condition, Expr, IntoIden, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait,
    Iterable, QueryFilter, QuerySelect, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::content::admin::{self, CreateSourceInput, CreateTagInput};
use crate::content::articles::{ArticleStatus, BodyFormat};
use crate::content::autotag::AutoTagger;
use crate::content::editorial::{self, Fields};
use crate::content::tags::TagKind;
use crate::content::{Role, Viewer, sources, validate};
use crate::entities::{article, article_correction, article_tag, source, tag};
use crate::error::{AppError, AppResult};

/// One article to import, with the API's field names (camelCase in JSON).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportArticle {
    /// Gazette's id, as an export gives it: the article is found by it, or created with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
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
    /// `DRAFT`, `PUBLISHED` (a future `publishedAt` schedules it), `ARCHIVED` or
    /// `WITHDRAWN` (with `withdrawnReason`); the import's default status when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The public reason of a withdrawn article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_reason: Option<String>,
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
    /// Public corrections; those not stored yet (by text and time) are added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<ImportCorrection>,
}

/// A public correction of an imported article.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportCorrection {
    /// The correction, as readers see it.
    pub text: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
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

/// Defaults for what an imported article leaves out, and switches.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Status of articles that name none.
    pub status: ArticleStatus,
    /// Language of articles that name none.
    pub language: String,
    /// Tag articles whose title or body mention a tag's name or alias.
    pub auto_tag: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            status: ArticleStatus::Published,
            language: "en".into(),
            auto_tag: true,
        }
    }
}

impl ImportOptions {
    /// Options from a door's words: `status` `published` or `draft` (the default status),
    /// `language` a BCP 47 tag (`en` when absent). Errors name the door's own field names.
    pub fn parse(status: (&str, Option<&str>), language: (&str, Option<&str>), auto_tag: bool) -> AppResult<Self> {
        let status = match status.1 {
            None | Some("published") => ArticleStatus::Published,
            Some("draft") => ArticleStatus::Draft,
            Some(other) => {
                return Err(AppError::bad_field(
                    status.0,
                    format!("`{}` must be published or draft, not {other:?}", status.0),
                ));
            }
        };
        let language = match language.1 {
            Some(value) => validate::language(language.0, value)?,
            None => Self::default().language,
        };
        Ok(Self {
            status,
            language,
            auto_tag,
        })
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

/// What one import keeps from batch to batch: the sources and tags it already found, and the
/// auto-tagger over the stored tags.
pub struct ImportSession {
    options: ImportOptions,
    sources: HashMap<String, Uuid>,
    tags: HashMap<(String, String), Uuid>,
    tags_by_slug: HashMap<String, Uuid>,
    /// Cache entries for rows created by the batch under way, forgotten if it rolls back.
    created: Vec<Created>,
    /// The auto-tagger over the stored tags, once loaded; dropped when a tag is created.
    tagger: Option<TaggerSnapshot>,
    /// Taggers loaded so far: tells a snapshot from the one before.
    taggers_loaded: u64,
}

/// One auto-tagger an import used, numbered: a batch checked with the tagger the batch
/// is written with keeps the tags found while checking, a batch checked with an older one
/// is tagged again.
#[derive(Clone, Debug)]
pub struct TaggerSnapshot {
    number: u64,
    tagger: Arc<AutoTagger>,
}

/// A batch whose articles were checked before any statement runs (see [`check_batch`]).
pub struct CheckedBatch {
    items: Vec<(usize, AppResult<Checked>)>,
}

/// Checks each article of a batch on its own (an `Err` in is passed through as that item's
/// result) and, when auto-tagging with `tagger`, finds the tags its text mentions. Pure:
/// a caller may run it while the batch before is written.
pub fn check_batch(
    items: Vec<(usize, AppResult<ImportArticle>)>,
    options: &ImportOptions,
    now: DateTime<Utc>,
    tagger: Option<&TaggerSnapshot>,
) -> CheckedBatch {
    let items = items
        .into_iter()
        .map(|(index, item)| {
            let mut checked = item.and_then(|item| Checked::check(item, options, now));
            if let (Ok(item), Some(snapshot), true) = (&mut checked, tagger, options.auto_tag) {
                item.mentions = item.mentions_for(snapshot);
            }
            (index, checked)
        })
        .collect();
    CheckedBatch { items }
}

enum Created {
    Source(String),
    Tag(String, String),
}

impl ImportSession {
    /// A session importing with `options`.
    pub fn new(options: ImportOptions) -> Self {
        Self {
            options,
            sources: HashMap::new(),
            tags: HashMap::new(),
            tags_by_slug: HashMap::new(),
            created: Vec::new(),
            tagger: None,
            taggers_loaded: 0,
        }
    }

    /// The auto-tagger the next batch will be written with, if it is loaded and no tag was
    /// created since: checking may tag with it ahead of writing.
    pub fn tagger(&self) -> Option<TaggerSnapshot> {
        self.tagger.clone()
    }

    /// Forgets what the batch that rolled back created.
    fn rolled_back(&mut self) {
        for created in self.created.drain(..) {
            match created {
                Created::Source(slug) => {
                    self.sources.remove(&slug);
                }
                Created::Tag(kind, slug) => {
                    // A later article of the batch may have found the new tag by its slug.
                    self.tags_by_slug.remove(&slug);
                    self.tags.remove(&(kind, slug));
                    self.tagger = None;
                }
            }
        }
    }
}

/// Writes a checked batch (each item with its line): one transaction on a connection, one
/// savepoint within a transaction. Each article gets its own result, in line order; only
/// failures of the server itself (database down, a bug) and a missing editor role end the
/// batch as a whole.
pub async fn write_batch<C>(
    conn: &C,
    viewer: &Viewer,
    session: &mut ImportSession,
    batch: CheckedBatch,
) -> AppResult<Vec<(usize, AppResult<Outcome>)>>
where
    C: TransactionTrait<Transaction = DatabaseTransaction> + ConnectionTrait,
{
    viewer.require(Role::Editor)?;
    let mut results = Vec::with_capacity(batch.items.len());
    let mut checked = Vec::with_capacity(batch.items.len());
    for (line, item) in batch.items {
        match item {
            Ok(item) => checked.push((line, item)),
            Err(err) => results.push((line, Err(err))),
        }
    }
    // Articles repeating an earlier one of the batch (the same key) go in after it, on
    // their own, so that they are compared with what the batch wrote.
    let mut keys = HashSet::new();
    let (first, later): (Vec<_>, Vec<_>) = checked.into_iter().partition(|(_, item)| keys.insert(item.batch_key()));
    if first.len() > 1 {
        match write_in_transaction(conn, viewer, session, &first).await {
            Ok(outcomes) => results.extend(outcomes),
            Err(err @ (AppError::Unavailable(_) | AppError::TimedOut(_))) => return Err(err),
            Err(err) => {
                tracing::debug!(error = %err, "import batch rolled back; importing its articles one by one");
                for item in first {
                    results.push(import_alone(conn, viewer, session, item).await?);
                }
            }
        }
    } else {
        for item in first {
            results.push(import_alone(conn, viewer, session, item).await?);
        }
    }
    for item in later {
        results.push(import_alone(conn, viewer, session, item).await?);
    }
    results.sort_by_key(|(line, _)| *line);
    Ok(results)
}

/// One article in its own transaction: whatever fails is this article's fault, unless the
/// server itself fails.
async fn import_alone<C>(
    conn: &C,
    viewer: &Viewer,
    session: &mut ImportSession,
    item: (usize, Checked),
) -> AppResult<(usize, AppResult<Outcome>)>
where
    C: TransactionTrait<Transaction = DatabaseTransaction> + ConnectionTrait,
{
    let line = item.0;
    match write_in_transaction(conn, viewer, session, std::slice::from_ref(&item)).await {
        Ok(mut outcomes) => Ok(outcomes.pop().unwrap_or((line, Ok(Outcome::Unchanged)))),
        // A database that cannot be reached (or answer in time) fails every article: the
        // import stops.
        Err(err @ (AppError::Unavailable(_) | AppError::TimedOut(_))) => Err(err),
        // A statement the database refused for this article alone (a constraint, a
        // trigger): the article is rejected, the import goes on.
        Err(AppError::Internal(cause)) => Ok((
            line,
            Err(AppError::bad_input(format!(
                "the database refused this article: {cause}"
            ))),
        )),
        Err(err) => Ok((line, Err(err))),
    }
}

async fn write_in_transaction<C>(
    conn: &C,
    viewer: &Viewer,
    session: &mut ImportSession,
    items: &[(usize, Checked)],
) -> AppResult<Vec<(usize, AppResult<Outcome>)>>
where
    C: TransactionTrait<Transaction = DatabaseTransaction>,
{
    session.created.clear();
    let tx = conn.begin().await?;
    match write(&tx, viewer, session, items).await {
        Ok(outcomes) => {
            tx.commit().await?;
            session.created.clear();
            Ok(outcomes)
        }
        Err(err) => {
            let _ = tx.rollback().await;
            session.rolled_back();
            Err(err)
        }
    }
}

/// An article ready to be matched and written: references resolved, key computed.
struct Resolved<'a> {
    line: usize,
    item: &'a Checked,
    source_id: Option<Uuid>,
    tag_ids: Vec<Uuid>,
    external_id: Option<String>,
}

/// Writes a batch within `tx`. An article refused for what it says (an unknown source slug,
/// a taken slug) gets its error in the result; an error returned means the transaction
/// failed and must be rolled back.
async fn write(
    tx: &DatabaseTransaction,
    viewer: &Viewer,
    session: &mut ImportSession,
    items: &[(usize, Checked)],
) -> AppResult<Vec<(usize, AppResult<Outcome>)>> {
    let mut results = Vec::with_capacity(items.len());
    let mut resolved = Vec::with_capacity(items.len());
    for (line, item) in items {
        match resolve(tx, session, item).await? {
            Err(err) => results.push((*line, Err(err))),
            Ok((source_id, tag_ids)) => {
                let external_id = item.given.external_id.clone().or_else(|| {
                    (item.given.canonical_url.is_none() && item.id.is_none())
                        .then(|| content_key(source_id, &item.given.title, item.given.published_at))
                });
                resolved.push(Resolved {
                    line: *line,
                    item,
                    source_id,
                    tag_ids,
                    external_id,
                });
            }
        }
    }
    // Tagging comes after every article's own tags exist, so that an article mentioning a
    // tag created by a later article of the same batch gets it, as it would on a re-import.
    if session.options.auto_tag {
        if session.tagger.is_none() {
            session.taggers_loaded += 1;
            session.tagger = Some(TaggerSnapshot {
                number: session.taggers_loaded,
                tagger: Arc::new(load_tagger(tx).await?),
            });
        }
        if let Some(snapshot) = &session.tagger {
            // An article carrying its Gazette id is a restore from an export: it keeps exactly
            // the tags it lists.
            for r in resolved.iter_mut().filter(|r| r.item.id.is_none()) {
                match &r.item.mentions {
                    Some((number, found)) if *number == snapshot.number => r.tag_ids.extend(found),
                    _ => r.tag_ids.extend(
                        r.item
                            .mentions_for(snapshot)
                            .map(|(_, found)| found)
                            .unwrap_or_default(),
                    ),
                }
                r.tag_ids.sort();
                r.tag_ids.dedup();
            }
        }
    }
    let postgres = tx.get_database_backend() == DbBackend::Postgres;
    if postgres {
        // The lookups below (stored articles by key, their tags, taken slugs) each have an
        // index, but the planner judges by statistics taken while an import was filling
        // the table: PostgreSQL switches a prepared statement to a generic plan after five
        // runs, and a plan made when the table was small scans it; even planned anew, the
        // last autovacuum's row count made a scan look cheaper, and the check of a batch's
        // slugs took a quarter of a second at 50,000 articles, growing with every batch.
        // So the lookups plan anew each time and scan only when no index serves. Only the
        // lookups: the multi-row inserts (see `insert_new`) keep their generic plans.
        tx.execute_unprepared("SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL enable_seqscan = off")
            .await?;
    }
    let stored = find_stored(tx, &resolved).await?;
    let stored_ids: Vec<Uuid> = stored.iter().map(|row| row.id).collect();
    let mut stored_tags = tags_of(tx, &stored_ids).await?;
    let matched: Vec<(Resolved<'_>, Option<&article::Model>)> = resolved
        .into_iter()
        .map(|r| {
            let found = match_stored(&stored, &r);
            (r, found)
        })
        .collect();
    let with_corrections: Vec<Uuid> = matched
        .iter()
        .filter(|(r, _)| !r.item.corrections.is_empty())
        .filter_map(|(_, found)| found.map(|row| row.id))
        .collect();
    let mut stored_corrections = editorial::corrections_of(tx, &with_corrections).await?;

    let mut new = Vec::new();
    for (r, found) in matched {
        let current = found.map(|row| Fields::of(row, stored_tags.remove(&row.id).unwrap_or_default()));
        let next = match merge(current.as_ref(), &r, &session.options, viewer) {
            Ok(next) => next,
            Err(err) => {
                results.push((r.line, Err(err)));
                continue;
            }
        };
        let Some(row) = found else {
            new.push((r, next));
            continue;
        };
        let known = stored_corrections.remove(&row.id).unwrap_or_default();
        let added: Vec<&ImportCorrection> = r
            .item
            .corrections
            .iter()
            .filter(|c| !known.iter().any(|k| k.text == c.text && k.created_at == c.created_at))
            .collect();
        if current.as_ref().is_some_and(|current| same_content(current, &next)) && added.is_empty() {
            results.push((r.line, Ok(Outcome::Unchanged)));
            continue;
        }
        if let Some(slug) = &r.item.slug
            && slug != &row.slug
            && let Err(err) = editorial::check_slug_free(tx, slug, Some(row.id)).await
        {
            results.push((r.line, Err(err)));
            continue;
        }
        let locked = editorial::lock(tx, row.id, None).await?;
        let added = added.into_iter().map(|c| correction_row(row.id, c)).collect();
        insert_chunked(tx, added, ROWS_PER_INSERT).await?;
        editorial::save(tx, viewer, locked, next).await?;
        results.push((r.line, Ok(Outcome::Updated)));
    }
    results.extend(insert_new(tx, viewer, new).await?);
    Ok(results)
}

/// Inserts new articles with their links and corrections in multi-row statements.
async fn insert_new(
    tx: &DatabaseTransaction,
    viewer: &Viewer,
    new: Vec<(Resolved<'_>, Fields)>,
) -> AppResult<Vec<(usize, AppResult<Outcome>)>> {
    let mut results = Vec::with_capacity(new.len());
    // Slugs: the given ones must be free; derived ones take `-2`, `-3`… when taken, by a
    // stored article or by another one of this batch.
    let max = validate::MAX_ARTICLE_SLUG - editorial::SUFFIX_ROOM;
    let wanted: Vec<(String, bool)> = new
        .iter()
        .map(|(r, fields)| match &r.item.slug {
            Some(slug) => (slug.clone(), true),
            None => (validate::derive_slug(&fields.title, max, "article"), false),
        })
        .collect();
    let mut taken: HashSet<String> = HashSet::new();
    for chunk in wanted.chunks(IN_CHUNK) {
        let slugs: Vec<String> = article::Entity::find()
            .select_only()
            .column(article::Column::Slug)
            .filter(article::Column::Slug.is_in(padded(chunk.iter().map(|(slug, _)| slug.as_str()).collect())))
            .into_tuple()
            .all(tx)
            .await?;
        taken.extend(slugs);
    }
    let mut chosen: HashSet<String> = HashSet::new();
    let mut rows = Vec::with_capacity(new.len());
    let mut links = Vec::new();
    let mut corrections = Vec::new();
    for ((r, fields), (slug, given)) in new.into_iter().zip(wanted) {
        let slug = if !taken.contains(&slug) && !chosen.contains(&slug) {
            slug
        } else if given {
            results.push((r.line, Err(editorial::slug_taken(&slug))));
            continue;
        } else {
            editorial::free_slug(tx, &slug, &chosen).await?
        };
        chosen.insert(slug.clone());
        let id = r.item.id.unwrap_or_else(Uuid::now_v7);
        links.extend(r.tag_ids.iter().map(|tag_id| article_tag::ActiveModel {
            article_id: Set(id),
            tag_id: Set(*tag_id),
        }));
        corrections.extend(r.item.corrections.iter().map(|c| correction_row(id, c)));
        rows.push(article::ActiveModel::from(editorial::new_row(viewer, id, slug, fields)));
        results.push((r.line, Ok(Outcome::Created)));
    }
    if tx.get_database_backend() == DbBackend::Postgres {
        // The lookups above planned anew (see `write`); the inserts plan once.
        tx.execute_unprepared("SET LOCAL plan_cache_mode = auto; SET LOCAL enable_seqscan = on")
            .await?;
    }
    insert_articles(tx, rows).await?;
    insert_chunked(tx, links, LINKS_PER_INSERT).await?;
    insert_chunked(tx, corrections, ROWS_PER_INSERT).await?;
    Ok(results)
}

/// Inserts `rows` in multi-row statements of at most `max` rows, in the few sizes
/// [`next_chunk`] gives.
async fn insert_chunked<A>(tx: &impl ConnectionTrait, mut rows: Vec<A>, max: usize) -> AppResult<()>
where
    A: ActiveModelTrait + Send,
{
    while !rows.is_empty() {
        let chunk: Vec<A> = rows.drain(..next_chunk(rows.len(), max)).collect();
        A::Entity::insert_many(chunk).exec_without_returning(tx).await?;
    }
    Ok(())
}

/// Inserts new articles, in statements of the sizes [`next_chunk`] gives. On SQLite each
/// row also takes its number in the search index (`search_rowid`, the next after the highest
/// stored, as the insert trigger would give it): a row inserted without one is numbered by
/// its trigger, which rewrites the whole row (see the migration
/// `m20261204_000006_number_imported_search_rows`). The batch's transaction (of an import
/// batch or the demo) is the only writer, so the numbers are free; a concurrent writer
/// would fail on the unique index rather than share one.
pub(crate) async fn insert_articles(tx: &impl ConnectionTrait, rows: Vec<article::ActiveModel>) -> AppResult<()> {
    if tx.get_database_backend() != DbBackend::Sqlite || rows.is_empty() {
        return insert_chunked(tx, rows, ROWS_PER_INSERT).await;
    }
    let highest: Option<i64> = article::Entity::find()
        .select_only()
        .expr(Expr::cust("max(search_rowid)"))
        .into_tuple()
        .one(tx)
        .await?
        .flatten();
    let mut next = highest.unwrap_or(0) + 1;
    let columns: Vec<article::Column> = article::Column::iter().collect();
    let mut rows = rows.as_slice();
    while !rows.is_empty() {
        // In the few sizes `insert_chunked` uses: each size is one cached statement.
        let (chunk, rest) = rows.split_at(next_chunk(rows.len(), ROWS_PER_INSERT));
        rows = rest;
        let mut insert = Query::insert();
        insert.into_table(article::Entity).columns(
            columns
                .iter()
                .map(|column| column.into_iden())
                .chain([Alias::new("search_rowid").into_iden()]),
        );
        for row in chunk {
            let mut values = Vec::with_capacity(columns.len() + 1);
            for column in &columns {
                // `editorial::new_row` gives every column a value.
                let value = row
                    .get(*column)
                    .into_value()
                    .ok_or_else(|| AppError::internal(anyhow::anyhow!("a new article has no value for {column:?}")))?;
                values.push(Expr::val(value));
            }
            values.push(Expr::val(next));
            next += 1;
            insert
                .values(values)
                .map_err(|err| AppError::internal(anyhow::anyhow!("building the article insert: {err}")))?;
        }
        tx.execute(&insert).await?;
    }
    Ok(())
}

fn correction_row(article_id: Uuid, c: &ImportCorrection) -> article_correction::ActiveModel {
    article_correction::ActiveModel {
        id: Set(Uuid::now_v7()),
        article_id: Set(article_id),
        text: Set(c.text.clone()),
        created_at: Set(c.created_at),
        created_by: Set(None),
    }
}

/// Values per `IN (…)` list.
const IN_CHUNK: usize = 1024;
/// Rows per multi-row insert: a whole batch of new articles (see `ingest`) in one
/// statement, since over TCP each statement may wait for a delayed acknowledgement. About
/// 20 parameters a row stays far under every database's limit (SQLite's 32,766).
const ROWS_PER_INSERT: usize = 512;
/// Links per multi-row insert (two small columns each).
const LINKS_PER_INSERT: usize = 1024;

/// The next state of an article: what the import says over what is stored (`current`).
fn merge(current: Option<&Fields>, r: &Resolved<'_>, options: &ImportOptions, viewer: &Viewer) -> AppResult<Fields> {
    let now = viewer.now();
    let given = &r.item.given;
    let mut next = match current {
        Some(current) => current.clone(),
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
    next.title = given.title.clone();
    next.subtitle = given.subtitle.clone();
    next.summary = given.summary.clone();
    next.body = given.body.clone();
    next.body_format = given.body_format.clone();
    next.byline = given.byline.clone();
    next.language = given.language.clone();
    next.canonical_url = given.canonical_url.clone();
    next.external_id = r.external_id.clone();
    next.source_id = r.source_id;
    next.tag_ids = r.tag_ids.clone();
    next.expires_at = given.expires_at;
    if let Some(slug) = &r.item.slug {
        next.slug = slug.clone();
    }
    // Status and time: what the import says, else what is stored, else the defaults.
    let status = r
        .item
        .status
        .or(current.and_then(Fields::status))
        .unwrap_or(options.status);
    next.published_at = given.published_at.or(current.and_then(|c| c.published_at));
    if status == ArticleStatus::Published && next.published_at.is_none() {
        next.published_at = Some(now);
    }
    next.status = status.at(next.published_at, now).as_str().to_string();
    next.withdrawn_reason = match status {
        // A re-import that names no status keeps the reason a withdrawal gave.
        ArticleStatus::Withdrawn => r
            .item
            .withdrawn_reason
            .clone()
            .or_else(|| current.and_then(|c| c.withdrawn_reason.clone())),
        _ => None,
    };
    editorial::check_expiry(&next, "expiresAt")?;
    Ok(next)
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

/// An article whose own fields were checked before any statement runs.
struct Checked {
    id: Option<Uuid>,
    slug: Option<String>,
    given: Fields,
    status: Option<ArticleStatus>,
    withdrawn_reason: Option<String>,
    source: Option<SourceRef>,
    tags: Vec<TagRef>,
    corrections: Vec<ImportCorrection>,
    /// The tags its text mentions, and the number of the tagger that found them.
    mentions: Option<(u64, Vec<Uuid>)>,
}

/// A source as the import names it, checked.
enum SourceRef {
    Slug(String),
    New(source::Model),
}

/// A tag as the import names it, checked.
enum TagRef {
    Slug(String),
    New(tag::Model),
}

impl Checked {
    /// Checks `item`; new sources and tags it names get their rows, stamped `now`.
    fn check(item: ImportArticle, options: &ImportOptions, now: DateTime<Utc>) -> AppResult<Self> {
        let body_format = match item.body_format.as_deref() {
            None => BodyFormat::Markdown,
            Some(f) => BodyFormat::parse(f)
                .ok_or_else(|| AppError::bad_field("bodyFormat", format!("unknown body format {f:?}")))?,
        };
        let status = match item.status.as_deref() {
            None => None,
            Some(s) => Some(
                ArticleStatus::parse(s)
                    .ok_or_else(|| AppError::bad_field("status", format!("unknown status {s:?}")))?,
            ),
        };
        let withdrawn_reason = match (status, item.withdrawn_reason.as_deref()) {
            (Some(ArticleStatus::Withdrawn), Some(reason)) => Some(validate::line("withdrawnReason", reason, 1, 1000)?),
            (Some(ArticleStatus::Withdrawn), None) => {
                return Err(AppError::bad_field(
                    "withdrawnReason",
                    "a withdrawn article needs its public reason",
                ));
            }
            (_, Some(_)) => {
                return Err(AppError::bad_field(
                    "withdrawnReason",
                    "only a WITHDRAWN article has a reason",
                ));
            }
            (_, None) => None,
        };
        let source = match item.source {
            None => None,
            Some(ImportSource::Slug(slug)) => Some(SourceRef::Slug(slug)),
            Some(ImportSource::New(o)) => {
                let slug = o.slug.clone().unwrap_or_else(|| {
                    validate::derive_slug(o.short_name.as_deref().unwrap_or(&o.name), validate::MAX_SLUG, "source")
                });
                let input = CreateSourceInput {
                    slug: Some(slug),
                    name: o.name,
                    short_name: o.short_name,
                    url: o.url,
                    country: o.country,
                    language: o.language,
                    description: o.description,
                };
                Some(SourceRef::New(
                    admin::new_source(input, now).map_err(|e| under("source", e))?,
                ))
            }
        };
        // The limit on what an article names; tags its text mentions come on top.
        editorial::check_tag_count("tags", item.tags.len())?;
        let mut tags = Vec::with_capacity(item.tags.len());
        for t in item.tags {
            tags.push(match t {
                ImportTag::Slug(slug) => TagRef::Slug(slug),
                ImportTag::New(o) => {
                    let kind = TagKind::parse(&o.kind.to_uppercase())
                        .ok_or_else(|| AppError::bad_field("tags", format!("unknown tag kind {:?}", o.kind)))?;
                    let input = CreateTagInput {
                        slug: o.slug,
                        name: o.name,
                        kind,
                        aliases: o.aliases,
                    };
                    TagRef::New(admin::new_tag(input, now).map_err(|e| under("tags", e))?)
                }
            });
        }
        let mut corrections = Vec::with_capacity(item.corrections.len());
        for c in item.corrections {
            corrections.push(ImportCorrection {
                text: editorial::correction_text("corrections", &c.text)?,
                created_at: validate::timestamp("corrections", c.created_at)?,
            });
        }
        let slug = item
            .slug
            .as_deref()
            .map(|s| validate::slug("slug", s, validate::MAX_ARTICLE_SLUG))
            .transpose()?;
        let given = Fields {
            slug: String::new(),
            title: editorial::title(&item.title)?,
            subtitle: editorial::subtitle(item.subtitle)?,
            summary: editorial::summary(item.summary)?,
            body: editorial::body(&item.body)?,
            body_format: body_format.as_str().to_string(),
            byline: editorial::byline(item.byline)?,
            language: validate::language("language", item.language.as_deref().unwrap_or(&options.language))?,
            status: String::new(),
            published_at: editorial::optional_time("publishedAt", item.published_at)?,
            expires_at: editorial::optional_time("expiresAt", item.expires_at)?,
            canonical_url: editorial::optional_url("canonicalUrl", item.canonical_url)?,
            external_id: editorial::external_id(item.external_id)?,
            withdrawn_reason: None,
            source_id: None,
            tag_ids: vec![],
            updated_at: now,
            updated_by: None,
        };
        Ok(Self {
            id: item.id,
            slug,
            given,
            status,
            withdrawn_reason,
            source,
            tags,
            corrections,
            mentions: None,
        })
    }

    /// The tags `snapshot` finds in the title and body, unless the article carries its
    /// Gazette id: a restore from an export keeps exactly the tags it lists.
    fn mentions_for(&self, snapshot: &TaggerSnapshot) -> Option<(u64, Vec<Uuid>)> {
        self.id.is_none().then(|| {
            let found = snapshot.tagger.find(&[&self.given.title, &self.given.body]);
            (snapshot.number, found)
        })
    }

    /// What identifies the article within one batch, before its source is resolved.
    fn batch_key(&self) -> String {
        let source = match &self.source {
            None => "",
            Some(SourceRef::Slug(slug)) => slug,
            Some(SourceRef::New(row)) => &row.slug,
        };
        match (&self.id, &self.given.external_id, &self.given.canonical_url) {
            (Some(id), _, _) => format!("id\0{id}"),
            (None, Some(ext), _) => format!("ext\0{source}\0{ext}"),
            (None, None, Some(url)) => format!("url\0{source}\0{url}"),
            // The content key: title and time.
            (None, None, None) => format!("key\0{source}\0{}\0{:?}", self.given.title, self.given.published_at),
        }
    }
}

/// The source and tags an article names (created when new). The inner error refuses the
/// article; the outer one fails the transaction.
async fn resolve(
    tx: &DatabaseTransaction,
    session: &mut ImportSession,
    item: &Checked,
) -> AppResult<AppResult<(Option<Uuid>, Vec<Uuid>)>> {
    let source_id = match &item.source {
        None => None,
        Some(source) => match source_id(tx, session, source).await? {
            Ok(id) => Some(id),
            Err(err) => return Ok(Err(err)),
        },
    };
    let mut tag_ids = Vec::with_capacity(item.tags.len());
    for t in &item.tags {
        match tag_id(tx, session, t).await? {
            Ok(id) => tag_ids.push(id),
            Err(err) => return Ok(Err(err)),
        }
    }
    tag_ids.sort();
    tag_ids.dedup();
    Ok(Ok((source_id, tag_ids)))
}

async fn source_id(
    tx: &DatabaseTransaction,
    session: &mut ImportSession,
    source: &SourceRef,
) -> AppResult<AppResult<Uuid>> {
    let slug = match source {
        SourceRef::Slug(slug) | SourceRef::New(source::Model { slug, .. }) => slug,
    };
    if let Some(id) = session.sources.get(slug) {
        return Ok(Ok(*id));
    }
    let id = match (sources::by_slug(tx, slug).await?, source) {
        (Some(found), _) => found.id,
        (None, SourceRef::Slug(slug)) => {
            return Ok(Err(AppError::bad_field(
                "source",
                format!("there is no source {slug:?}"),
            )));
        }
        (None, SourceRef::New(row)) => {
            let id = admin::insert_source(tx, row.clone()).await?.id;
            session.created.push(Created::Source(slug.clone()));
            id
        }
    };
    session.sources.insert(slug.clone(), id);
    Ok(Ok(id))
}

async fn tag_id(tx: &DatabaseTransaction, session: &mut ImportSession, t: &TagRef) -> AppResult<AppResult<Uuid>> {
    match t {
        TagRef::Slug(slug) => {
            if let Some(id) = session.tags_by_slug.get(slug) {
                return Ok(Ok(*id));
            }
            let found = tag::Entity::find()
                .filter(tag::Column::Slug.eq(slug.as_str()))
                .all(tx)
                .await?;
            match found[..] {
                [ref one] => {
                    session.tags_by_slug.insert(slug.clone(), one.id);
                    Ok(Ok(one.id))
                }
                [] => Ok(Err(AppError::bad_field("tags", format!("there is no tag {slug:?}")))),
                _ => Ok(Err(AppError::bad_field(
                    "tags",
                    format!("tags of several kinds have the slug {slug:?}: give {{\"name\", \"kind\"}}"),
                ))),
            }
        }
        TagRef::New(row) => {
            let key = (row.kind.clone(), row.slug.clone());
            if let Some(id) = session.tags.get(&key) {
                return Ok(Ok(*id));
            }
            let found = tag::Entity::find()
                .filter(tag::Column::Slug.eq(row.slug.as_str()))
                .filter(tag::Column::Kind.eq(row.kind.as_str()))
                .one(tx)
                .await?;
            let id = match found {
                Some(found) => found.id,
                None => {
                    let id = admin::insert_tag(tx, row.clone()).await?.id;
                    session.created.push(Created::Tag(key.0.clone(), key.1.clone()));
                    // The new tag's name is looked for in the articles that follow.
                    session.tagger = None;
                    id
                }
            };
            session.tags.insert(key, id);
            Ok(Ok(id))
        }
    }
}

/// An auto-tagger over every stored tag but sections (a section is where an article is
/// filed, not something it mentions).
async fn load_tagger(conn: &impl ConnectionTrait) -> AppResult<AutoTagger> {
    let rows = tag::Entity::find()
        .filter(tag::Column::Kind.ne(TagKind::Section.as_str()))
        .all(conn)
        .await?;
    let mut names = Vec::with_capacity(rows.len());
    for row in rows {
        let tag = crate::content::tags::Tag::try_from(row)?;
        let mut known = tag.aliases;
        known.push(tag.name);
        names.push((tag.id, known));
    }
    Ok(AutoTagger::new(names))
}

/// The stored articles that any of `items` may be, in one statement per chunk.
async fn find_stored(tx: &DatabaseTransaction, items: &[Resolved<'_>]) -> AppResult<Vec<article::Model>> {
    let mut stored = Vec::new();
    for chunk in items.chunks(IN_CHUNK / 2) {
        let ids: Vec<Uuid> = chunk.iter().filter_map(|r| r.item.id).collect();
        let external: Vec<&str> = chunk.iter().filter_map(|r| r.external_id.as_deref()).collect();
        let urls: Vec<&str> = chunk
            .iter()
            .filter_map(|r| r.item.given.canonical_url.as_deref())
            .collect();
        let mut any = Condition::any();
        if !ids.is_empty() {
            any = any.add(article::Column::Id.is_in(padded(ids)));
        }
        if !external.is_empty() {
            any = any.add(article::Column::ExternalId.is_in(padded(external)));
        }
        if !urls.is_empty() {
            any = any.add(article::Column::CanonicalUrl.is_in(padded(urls)));
        }
        if !any.is_empty() {
            stored.extend(article::Entity::find().filter(any).all(tx).await?);
        }
    }
    Ok(stored)
}

/// Which of `stored` the article `r` is, by the rules in the module docs.
fn match_stored<'s>(stored: &'s [article::Model], r: &Resolved<'_>) -> Option<&'s article::Model> {
    if let Some(id) = r.item.id {
        return stored.iter().find(|row| row.id == id);
    }
    let same_source = |row: &&article::Model| row.source_id == r.source_id;
    if let Some(ext) = &r.external_id {
        return stored
            .iter()
            .filter(same_source)
            .find(|row| row.external_id.as_ref() == Some(ext));
    }
    let url = r.item.given.canonical_url.as_ref()?;
    stored
        .iter()
        .filter(same_source)
        .find(|row| row.canonical_url.as_ref() == Some(url))
}

/// The sorted tag ids of each of `article_ids`.
async fn tags_of(tx: &DatabaseTransaction, article_ids: &[Uuid]) -> AppResult<HashMap<Uuid, Vec<Uuid>>> {
    let mut map: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for chunk in article_ids.chunks(IN_CHUNK) {
        let pairs: Vec<(Uuid, Uuid)> = article_tag::Entity::find()
            .select_only()
            .column(article_tag::Column::ArticleId)
            .column(article_tag::Column::TagId)
            .filter(article_tag::Column::ArticleId.is_in(padded(chunk.to_vec())))
            .into_tuple()
            .all(tx)
            .await?;
        for (article_id, tag_id) in pairs {
            map.entry(article_id).or_default().push(tag_id);
        }
    }
    for ids in map.values_mut() {
        ids.sort();
    }
    Ok(map)
}

// The database drivers keep each distinct statement prepared, per connection (100 of them),
// and a statement with thousands of parameters costs up to a megabyte there. Statements
// whose shape changed with every batch (an `IN` list of 497 values, then 503; 1,210 links,
// then 1,187) filled that cache with shapes used once and made an import's memory grow
// with its input, so lists and multi-row inserts come in a few sizes only.

/// `values` padded to a power-of-two length by repeating the last one (an `IN` list means
/// the same with repeats).
fn padded<T: Clone>(mut values: Vec<T>) -> Vec<T> {
    if let Some(last) = values.last().cloned() {
        values.resize(values.len().next_power_of_two(), last);
    }
    values
}

/// How many of `left` rows the next multi-row insert takes: `max`, else the largest power
/// of two that fits, so that any number of rows goes in statements of a few sizes.
fn next_chunk(left: usize, max: usize) -> usize {
    match left {
        0 => 0,
        _ if left >= max => max,
        _ => 1 << left.ilog2(),
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
