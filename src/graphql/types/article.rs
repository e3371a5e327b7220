//! The `Article` type.

use async_graphql::{Context, ID, Lookahead, Object, Result};
use chrono::{DateTime, Utc};

use crate::content::articles::{self, ArticleStatus, BodyFormat};
use crate::content::body;
use crate::content::editorial;
use crate::content::pagination::PageArgs;
use crate::content::tags::TagKind;
use crate::error::AppError;
use crate::graphql::loaders::{Loaders, prime};
use crate::graphql::types::{Correction, RevisionConnection, Source, Tag};

/// A news story.
#[derive(Clone)]
pub struct Article(pub articles::Article);

impl Article {
    /// Loads the tags and sources of a page of articles in one batch each, when selected.
    pub(crate) async fn prefetch(ctx: &Context<'_>, selection: Lookahead<'_>, page: &[Article]) -> Result<()> {
        let loaders = ctx.data::<Loaders>()?;
        let tags = async {
            if selection.field("tags").exists() || selection.field("section").exists() {
                prime(&loaders.article_tags, page.iter().map(|a| a.0.id)).await?;
            }
            Ok::<_, AppError>(())
        };
        let sources = async {
            if selection.field("source").exists() {
                prime(&loaders.sources, page.iter().filter_map(|a| a.0.source_id)).await?;
            }
            Ok::<_, AppError>(())
        };
        tokio::try_join!(tags, sources)?;
        Ok(())
    }

    async fn all_tags(&self, ctx: &Context<'_>) -> Result<Vec<Tag>> {
        let tags = ctx.data::<Loaders>()?.article_tags.load_one(self.0.id).await?;
        Ok(tags.unwrap_or_default().into_iter().map(Tag).collect())
    }

    fn word_count_usize(&self) -> usize {
        body::word_count(&self.0.body, self.0.body_format)
    }
}

#[Object]
impl Article {
    /// The article's id (a UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Unique URL name.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// Headline.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Deck under the headline.
    async fn subtitle(&self) -> Option<&str> {
        self.0.subtitle.as_deref()
    }

    /// Short summary.
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
    }

    /// The body, rendered on read: `HTML` (the default; sanitized), `TEXT`, or `MARKDOWN`
    /// (as stored when stored as Markdown).
    async fn body(&self, format: Option<BodyFormat>) -> String {
        body::render(&self.0.body, self.0.body_format, format.unwrap_or(BodyFormat::Html))
    }

    /// The format the body is stored in.
    async fn body_format(&self) -> BodyFormat {
        self.0.body_format
    }

    /// Author line.
    async fn byline(&self) -> Option<&str> {
        self.0.byline.as_deref()
    }

    /// Language, BCP 47.
    async fn language(&self) -> &str {
        &self.0.language
    }

    /// Where the article is in the editorial lifecycle.
    async fn status(&self) -> ArticleStatus {
        self.0.status
    }

    /// When the article was (or will be) published.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }

    /// The article's URL at the publisher.
    async fn canonical_url(&self) -> Option<&str> {
        self.0.canonical_url.as_deref()
    }

    /// The id at the origin (wire service, feed), for idempotent imports.
    async fn external_id(&self) -> Option<&str> {
        self.0.external_id.as_deref()
    }

    /// Incremented on every change; pass it back to update without overwriting others' work.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// When the article was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When the article last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// When the article disappears from public reads (agency copy whose rights run out).
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }

    /// Why the article was withdrawn, for `WITHDRAWN` articles. The public sees this and the
    /// headline, not the text.
    async fn withdrawn_reason(&self) -> Option<&str> {
        self.0.withdrawn_reason.as_deref()
    }

    /// Name of the API key that created the article (editors only; null for others).
    async fn created_by(&self) -> Option<&str> {
        self.0.created_by.as_deref()
    }

    /// Name of the API key that changed the article last (editors only; null for others).
    async fn updated_by(&self) -> Option<&str> {
        self.0.updated_by.as_deref()
    }

    /// Public corrections, oldest first.
    async fn corrections(&self, ctx: &Context<'_>) -> Result<Vec<Correction>> {
        let list = ctx.data::<Loaders>()?.corrections.load_one(self.0.id).await?;
        Ok(list.unwrap_or_default().into_iter().map(Correction).collect())
    }

    /// Articles a reader of this one may want next, best first: ranked by the tags they
    /// share (a rare tag counts more than a common one), then the same source, then
    /// recency. Never the article itself; only articles the caller may see. At most 20.
    #[graphql(complexity = "(first.max(1) as usize).saturating_mul(child_complexity.max(1))")]
    async fn related(&self, ctx: &Context<'_>, #[graphql(default = 5)] first: i32) -> Result<Vec<Article>> {
        let (db, viewer) = crate::graphql::request_data(ctx)?;
        let found = crate::content::related::related(db, viewer, &self.0, first).await?;
        let nodes: Vec<Article> = found.into_iter().map(Article).collect();
        Self::prefetch(ctx, ctx.look_ahead(), &nodes).await?;
        Ok(nodes)
    }

    /// Earlier states of the article, newest first (editors only).
    #[graphql(complexity = "crate::graphql::page_cost(first, last, child_complexity)")]
    async fn revisions(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<RevisionConnection> {
        let (db, viewer) = crate::graphql::request_data(ctx)?;
        let args = PageArgs::cursors(first, after, last, before);
        Ok(RevisionConnection(
            editorial::revisions(db, viewer, self.0.id, &args).await?,
        ))
    }

    /// Words in the body's text.
    async fn word_count(&self) -> i32 {
        i32::try_from(self.word_count_usize()).unwrap_or(i32::MAX)
    }

    /// Minutes an average reader needs, rounded up (200 words a minute).
    async fn reading_time_minutes(&self) -> i32 {
        i32::try_from(body::reading_time_minutes(self.word_count_usize())).unwrap_or(i32::MAX)
    }

    /// Where the story comes from.
    async fn source(&self, ctx: &Context<'_>) -> Result<Option<Source>> {
        let Some(id) = self.0.source_id else { return Ok(None) };
        Ok(ctx.data::<Loaders>()?.sources.load_one(id).await?.map(Source))
    }

    /// The article's section: its tag of kind `SECTION`.
    async fn section(&self, ctx: &Context<'_>) -> Result<Option<Tag>> {
        Ok(self
            .all_tags(ctx)
            .await?
            .into_iter()
            .find(|t| t.0.kind == TagKind::Section))
    }

    /// The article's tags, by name; only those of `kind` when given.
    async fn tags(&self, ctx: &Context<'_>, kind: Option<TagKind>) -> Result<Vec<Tag>> {
        let tags = self.all_tags(ctx).await?;
        Ok(match kind {
            Some(kind) => tags.into_iter().filter(|t| t.0.kind == kind).collect(),
            None => tags,
        })
    }
}
