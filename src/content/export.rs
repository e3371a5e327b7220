//! Exporting articles as import records, so that `gazette export` followed by `gazette
//! import` into an empty database reproduces the articles with their ids, slugs, sources,
//! tags and corrections. Sources and tags go out as whole objects, so the import creates
//! them as they were.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::content::articles::ArticleStatus;
use crate::content::filter::ArticleFilter;
use crate::content::import::{
    ImportArticle, ImportCorrection, ImportSource, ImportSourceObject, ImportTag, ImportTagObject,
};
use crate::content::sources::{self, Source};
use crate::content::{Role, Viewer, editorial, tags};
use crate::entities::article;
use crate::error::AppResult;

/// One page of the articles matching `filter` (editor: drafts and all), in id order after
/// `after`, as import records.
pub async fn page(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: Option<&ArticleFilter>,
    after: Option<Uuid>,
    limit: u64,
) -> AppResult<Vec<ImportArticle>> {
    viewer.require(Role::Editor)?;
    let mut query = article::Entity::find()
        .filter(viewer.article_condition())
        .order_by_asc(article::Column::Id)
        .limit(limit);
    if let Some(filter) = filter {
        query = query.filter(filter.to_condition("filter", viewer.now())?);
    }
    if let Some(after) = after {
        query = query.filter(article::Column::Id.gt(after));
    }
    let rows = query.all(db).await?;
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();

    let mut tags_of = tags::of_articles(db, &ids).await?;
    let source_ids: Vec<Uuid> = rows.iter().filter_map(|row| row.source_id).collect();
    let sources: HashMap<Uuid, Source> = sources::by_ids(db, &source_ids)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let mut corrections = editorial::corrections_of(db, &ids).await?;

    Ok(rows
        .into_iter()
        .map(|row| {
            let mut tags: Vec<ImportTag> = tags_of
                .remove(&row.id)
                .unwrap_or_default()
                .into_iter()
                .map(|t| {
                    ImportTag::New(ImportTagObject {
                        slug: Some(t.slug),
                        name: t.name,
                        kind: t.kind.as_str().to_string(),
                        aliases: t.aliases,
                    })
                })
                .collect();
            // A stable order, so that two exports of the same content are the same bytes.
            tags.sort_by(|a, b| tag_key(a).cmp(&tag_key(b)));
            ImportArticle {
                id: Some(row.id),
                title: row.title,
                slug: Some(row.slug),
                subtitle: row.subtitle,
                summary: row.summary,
                body: row.body,
                body_format: Some(row.body_format),
                byline: row.byline,
                language: Some(row.language),
                // As the API shows it now, which is also what an import at this time stores.
                status: Some(ArticleStatus::parse(&row.status).map_or(row.status.clone(), |s| {
                    s.at(row.published_at, viewer.now()).as_str().to_string()
                })),
                withdrawn_reason: row.withdrawn_reason,
                published_at: row.published_at,
                expires_at: row.expires_at,
                canonical_url: row.canonical_url,
                external_id: row.external_id,
                source: row.source_id.and_then(|id| sources.get(&id)).map(|s| {
                    ImportSource::New(ImportSourceObject {
                        slug: Some(s.slug.clone()),
                        name: s.name.clone(),
                        short_name: s.short_name.clone(),
                        url: s.url.clone(),
                        country: s.country.clone(),
                        language: s.language.clone(),
                        description: s.description.clone(),
                    })
                }),
                tags,
                corrections: corrections
                    .remove(&row.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|c| ImportCorrection {
                        text: c.text,
                        created_at: c.created_at,
                    })
                    .collect(),
            }
        })
        .collect())
}

fn tag_key(t: &ImportTag) -> (&str, &str) {
    match t {
        ImportTag::Slug(slug) => ("", slug),
        ImportTag::New(o) => (o.kind.as_str(), o.slug.as_deref().unwrap_or(&o.name)),
    }
}
