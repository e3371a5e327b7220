//! DataLoaders: nested fields of a list (an article's source and tags, a source's or tag's
//! article count) are collected over the whole list and fetched in one statement each,
//! so a page of 100 articles costs the same number of statements as a page of 5.
//!
//! Loaders are built per request because counts depend on the viewer.

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::content::editorial::{self, Correction};
use crate::content::sources::Source;
use crate::content::tags::Tag;
use crate::content::{Viewer, articles, sources, tags};
use crate::error::AppError;

/// The request's loaders.
pub struct Loaders {
    /// Sources by id.
    pub sources: DataLoader<SourceLoader, HashMapCache>,
    /// Tags by article id.
    pub article_tags: DataLoader<ArticleTagsLoader, HashMapCache>,
    /// Visible article counts by source id.
    pub source_counts: DataLoader<SourceCountLoader, HashMapCache>,
    /// Visible article counts by tag id.
    pub tag_counts: DataLoader<TagCountLoader, HashMapCache>,
    /// Corrections by article id.
    pub corrections: DataLoader<CorrectionsLoader, HashMapCache>,
}

impl Loaders {
    /// Loaders reading `db` on behalf of `viewer`.
    pub fn new(db: DatabaseConnection, viewer: Viewer) -> Self {
        fn loader<T>(inner: T) -> DataLoader<T, HashMapCache> {
            DataLoader::with_cache(inner, tokio::spawn, HashMapCache::default())
        }
        Self {
            sources: loader(SourceLoader { db: db.clone() }),
            article_tags: loader(ArticleTagsLoader { db: db.clone() }),
            source_counts: loader(SourceCountLoader {
                db: db.clone(),
                viewer: viewer.clone(),
            }),
            corrections: loader(CorrectionsLoader { db: db.clone() }),
            tag_counts: loader(TagCountLoader { db, viewer }),
        }
    }
}

/// Loads a whole page's keys through `loader`'s batch function at once and primes its cache,
/// so that the items' own `load_one` calls are cache hits.
///
/// A connection knows its page before any item resolves, so it need not wait out the
/// DataLoader's batching delay, a timer on async-graphql's own reactor thread that cost
/// a cross-thread wake-up per loader and request under load. Keys repeated on the page are
/// loaded once.
pub async fn prime<T>(
    loader: &DataLoader<T, HashMapCache>,
    keys: impl IntoIterator<Item = Uuid>,
) -> Result<(), AppError>
where
    T: Loader<Uuid, Error = AppError>,
{
    let mut keys: Vec<Uuid> = keys.into_iter().collect();
    keys.sort_unstable();
    keys.dedup();
    if keys.is_empty() {
        return Ok(());
    }
    let values = loader.loader().load(&keys).await?;
    loader.feed_many(values).await;
    Ok(())
}

/// Gives every requested key a value (no tags, a count of zero), so that the loader's
/// cache answers for it too instead of sending another query.
fn complete<V: Default>(keys: &[Uuid], mut found: HashMap<Uuid, V>) -> HashMap<Uuid, V> {
    for key in keys {
        found.entry(*key).or_default();
    }
    found
}

/// Loads sources by id.
pub struct SourceLoader {
    db: DatabaseConnection,
}

impl Loader<Uuid> for SourceLoader {
    type Value = Source;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Source>, AppError> {
        Ok(sources::by_ids(&self.db, keys)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect())
    }
}

/// Loads the tags of articles.
pub struct ArticleTagsLoader {
    db: DatabaseConnection,
}

impl Loader<Uuid> for ArticleTagsLoader {
    type Value = Vec<Tag>;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<Tag>>, AppError> {
        Ok(complete(keys, tags::of_articles(&self.db, keys).await?))
    }
}

/// Counts the visible articles of sources.
pub struct SourceCountLoader {
    db: DatabaseConnection,
    viewer: Viewer,
}

impl Loader<Uuid> for SourceCountLoader {
    type Value = u64;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, u64>, AppError> {
        Ok(complete(
            keys,
            articles::count_by_source(&self.db, &self.viewer, keys).await?,
        ))
    }
}

/// Counts the visible articles of tags.
pub struct TagCountLoader {
    db: DatabaseConnection,
    viewer: Viewer,
}

impl Loader<Uuid> for TagCountLoader {
    type Value = u64;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, u64>, AppError> {
        Ok(complete(
            keys,
            articles::count_by_tag(&self.db, &self.viewer, keys).await?,
        ))
    }
}

/// Loads the corrections of articles.
pub struct CorrectionsLoader {
    db: DatabaseConnection,
}

impl Loader<Uuid> for CorrectionsLoader {
    type Value = Vec<Correction>;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<Correction>>, AppError> {
        Ok(complete(keys, editorial::corrections_of(&self.db, keys).await?))
    }
}
