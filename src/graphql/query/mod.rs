//! Query roots, one per resource, merged into [`Query`].

mod articles;
mod node;
mod sources;
mod tags;

use async_graphql::{Context, ID, MergedObject, Result};

use crate::content::articles::{ArticleOrder, ArticleQuery};
use crate::content::pagination::PageArgs;
use crate::error::{AppError, AppResult};
use crate::graphql::types::ArticleConnection;

/// The root of every query.
#[derive(MergedObject, Default)]
pub struct Query(
    articles::ArticlesQuery,
    sources::SourcesQuery,
    tags::TagsQuery,
    node::NodeQuery,
);

/// A lookup by exactly one of `id` or `slug`.
enum Key {
    Id(uuid::Uuid),
    Slug(String),
}

/// Checks that exactly one of `id` and `slug` was given.
fn id_or_slug(id: Option<ID>, slug: Option<String>) -> AppResult<Key> {
    match (id, slug) {
        (Some(id), None) => Ok(Key::Id(crate::content::filter::parse_id(&id, "id")?)),
        (None, Some(slug)) => Ok(Key::Slug(slug)),
        (Some(_), Some(_)) => Err(AppError::bad_input("pass either `id` or `slug`, not both")),
        (None, None) => Err(AppError::bad_input("pass `id` or `slug`")),
    }
}

/// Runs an article list query and wraps the page; shared by `articles`, `Source.articles`
/// and `Tag.articles`.
pub(crate) async fn article_connection(
    ctx: &Context<'_>,
    query: ArticleQuery,
    order: Vec<ArticleOrder>,
    args: PageArgs,
) -> Result<ArticleConnection> {
    let (db, _) = crate::graphql::request_data(ctx)?;
    let selection = ctx.look_ahead();
    let needs_body = [selection.field("nodes"), selection.field("edges").field("node")]
        .iter()
        .any(|node| {
            ["body", "wordCount", "readingTimeMinutes"]
                .iter()
                .any(|f| node.field(f).exists())
        });
    let query = if needs_body { query } else { query.without_body() };
    let query = if selection.field("edges").field("highlight").exists() {
        query.with_highlights()
    } else {
        query
    };
    let page = query.page(db, &order, &args).await?;
    Ok(ArticleConnection::new(page, query))
}
