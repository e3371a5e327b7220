//! The JSON shapes of `/api/v1`: views built from the content layer's models, never the
//! database rows. Field names are the API's (camelCase, as in GraphQL); absent values are
//! `null`, so every object of a kind has the same keys.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::content::articles::{Article, BodyFormat};
use crate::content::body;
use crate::content::editorial::Correction;
use crate::content::sources::Source;
use crate::content::tags::{Tag, TagKind};

/// A source: where stories come from (a news agency, a newspaper, a wire).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SourceView {
    /// The source's id.
    pub id: Uuid,
    /// Unique URL name.
    pub slug: String,
    /// Full name.
    pub name: String,
    /// Short name, e.g. "IRNA".
    pub short_name: Option<String>,
    /// Home page.
    pub url: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// BCP 47 language tag of its copy.
    pub language: Option<String>,
    /// What the source is.
    pub description: Option<String>,
    /// Visible articles from this source (only in `/sources` lists and single sources).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article_count: Option<u64>,
}

impl SourceView {
    /// The view of `source`, with its article count when known.
    pub fn new(source: Source, article_count: Option<u64>) -> Self {
        Self {
            id: source.id,
            slug: source.slug,
            name: source.name,
            short_name: source.short_name,
            url: source.url,
            country: source.country,
            language: source.language,
            description: source.description,
            article_count,
        }
    }
}

/// What a tag names.
#[derive(Serialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TagKindView {
    /// A subject.
    Topic,
    /// A country, city or region.
    Place,
    /// A person.
    Person,
    /// An organization.
    Organization,
    /// A section of the publication.
    Section,
}

impl From<TagKind> for TagKindView {
    fn from(kind: TagKind) -> Self {
        match kind {
            TagKind::Topic => Self::Topic,
            TagKind::Place => Self::Place,
            TagKind::Person => Self::Person,
            TagKind::Organization => Self::Organization,
            TagKind::Section => Self::Section,
        }
    }
}

/// A tag: a topic, place, person, organization or section.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TagView {
    /// The tag's id.
    pub id: Uuid,
    /// URL name, unique per kind.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// What it names.
    pub kind: TagKindView,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// Visible articles carrying the tag (only in `/tags` lists and single tags).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article_count: Option<u64>,
}

impl TagView {
    /// The view of `tag`, with its article count when known.
    pub fn new(tag: Tag, article_count: Option<u64>) -> Self {
        Self {
            id: tag.id,
            slug: tag.slug,
            name: tag.name,
            kind: tag.kind.into(),
            aliases: tag.aliases,
            article_count,
        }
    }
}

/// A public correction of an article.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CorrectionView {
    /// What was corrected.
    pub text: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// An article.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ArticleView {
    /// The article's id (UUIDv7).
    pub id: Uuid,
    /// Unique URL name.
    pub slug: String,
    /// Headline.
    pub title: String,
    /// Deck under the headline.
    pub subtitle: Option<String>,
    /// Short summary.
    pub summary: Option<String>,
    /// The body in the requested `format` (single articles always; lists with
    /// `include=body`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The format the body is stored in: `MARKDOWN`, `HTML` or `TEXT`.
    #[schema(value_type = String, example = "MARKDOWN")]
    pub body_format: &'static str,
    /// Author line.
    pub byline: Option<String>,
    /// BCP 47 language tag.
    pub language: String,
    /// `DRAFT`, `SCHEDULED`, `PUBLISHED`, `ARCHIVED` or `WITHDRAWN`.
    #[schema(value_type = String, example = "PUBLISHED")]
    pub status: &'static str,
    /// When the article was (or will be) published.
    pub published_at: Option<DateTime<Utc>>,
    /// The article's URL at the publisher.
    pub canonical_url: Option<String>,
    /// The id at the origin, for idempotent imports.
    pub external_id: Option<String>,
    /// Incremented on every change; send it back in `If-Match` to update safely.
    pub version: i32,
    /// When the article was created.
    pub created_at: DateTime<Utc>,
    /// When the article last changed.
    pub updated_at: DateTime<Utc>,
    /// When the article disappears from public reads.
    pub expires_at: Option<DateTime<Utc>>,
    /// Why the article was withdrawn (`WITHDRAWN` only).
    pub withdrawn_reason: Option<String>,
    /// Words in the body (with the body).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub word_count: Option<usize>,
    /// Minutes an average reader needs (with the body).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reading_time_minutes: Option<usize>,
    /// Where the story comes from.
    pub source: Option<SourceView>,
    /// The article's section: its tag of kind `SECTION`.
    pub section: Option<TagView>,
    /// The article's tags, by name.
    pub tags: Vec<TagView>,
    /// Public corrections, oldest first (single articles only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrections: Option<Vec<CorrectionView>>,
    /// With `q`: how well the article matches (higher is better, comparable only within
    /// one search).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// With `q`: words of the body around the matches, HTML-escaped, each match in
    /// `<mark>…</mark>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub highlight: Option<String>,
}

/// What an article view is built from besides the article: its source and tags, loaded for
/// a whole page at once.
pub struct Related {
    /// Sources by id.
    pub sources: HashMap<Uuid, Source>,
    /// Tags by article id.
    pub tags: HashMap<Uuid, Vec<Tag>>,
}

impl ArticleView {
    /// The view of `article`; `body` renders the body in that format (and adds the word
    /// count and reading time).
    pub fn new(article: Article, related: &Related, body: Option<BodyFormat>) -> Self {
        let tags = related.tags.get(&article.id).cloned().unwrap_or_default();
        let section = tags.iter().find(|t| t.kind == TagKind::Section).cloned();
        let words = body.map(|_| body::word_count(&article.body, article.body_format));
        let (score, highlight) = match article.hit {
            Some(hit) => (Some(hit.score), hit.highlight),
            None => (None, None),
        };
        Self {
            score,
            highlight,
            id: article.id,
            body: body.map(|format| body::render(&article.body, article.body_format, format)),
            word_count: words,
            reading_time_minutes: words.map(body::reading_time_minutes),
            body_format: article.body_format.as_str(),
            status: article.status.as_str(),
            source: article
                .source_id
                .and_then(|id| related.sources.get(&id).cloned())
                .map(|s| SourceView::new(s, None)),
            section: section.map(|t| TagView::new(t, None)),
            tags: tags.into_iter().map(|t| TagView::new(t, None)).collect(),
            slug: article.slug,
            title: article.title,
            subtitle: article.subtitle,
            summary: article.summary,
            byline: article.byline,
            language: article.language,
            published_at: article.published_at,
            canonical_url: article.canonical_url,
            external_id: article.external_id,
            version: article.version,
            created_at: article.created_at,
            updated_at: article.updated_at,
            expires_at: article.expires_at,
            withdrawn_reason: article.withdrawn_reason,
            corrections: None,
        }
    }

    /// Adds the article's corrections.
    pub fn with_corrections(mut self, corrections: Vec<Correction>) -> Self {
        self.corrections = Some(
            corrections
                .into_iter()
                .map(|c| CorrectionView {
                    text: c.text,
                    created_at: c.created_at,
                })
                .collect(),
        );
        self
    }
}

/// Where a page is in its list.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PageView {
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first page.
    pub prev_cursor: Option<String>,
    /// How many items the whole list has (with `include=total`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
}

/// A page of a list.
#[derive(Serialize, ToSchema)]
pub struct ListView<T: ToSchema> {
    /// The items, in order.
    pub data: Vec<T>,
    /// Cursors (and the total, when asked for).
    pub page: PageView,
}

impl<T: ToSchema> ListView<T> {
    /// The views of a page's items, with its cursors and, when counted, the total.
    pub fn new<U>(page: crate::content::pagination::Page<U>, total: Option<u64>, view: impl FnMut(U) -> T) -> Self {
        let (next_cursor, prev_cursor) = crate::rest::params::PageQuery::cursors(&page);
        Self {
            data: page.items.into_iter().map(|(_, item)| item).map(view).collect(),
            page: PageView {
                next_cursor,
                prev_cursor,
                total,
            },
        }
    }
}

/// One item.
#[derive(Serialize, ToSchema)]
pub struct ItemView<T: ToSchema> {
    /// The item.
    pub data: T,
}

/// The body of every error response.
#[derive(Serialize, ToSchema)]
pub struct ErrorView {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    /// Stable code: `BAD_USER_INPUT`, `UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND`, `CONFLICT`,
    /// `RATE_LIMITED`, `UNAVAILABLE` or `INTERNAL_SERVER_ERROR`.
    pub code: String,
    /// For people.
    pub message: String,
    /// The parameter or body field at fault, when one is.
    pub field: Option<String>,
    /// The request's id, also in the `x-request-id` header; quote it when reporting a problem.
    pub request_id: String,
}

/// Loads the sources and tags of a page of articles: two statements for the whole page.
pub async fn related(db: &impl sea_orm::ConnectionTrait, articles: &[&Article]) -> crate::error::AppResult<Related> {
    let ids: Vec<Uuid> = articles.iter().map(|a| a.id).collect();
    let mut source_ids: Vec<Uuid> = articles.iter().filter_map(|a| a.source_id).collect();
    source_ids.sort_unstable();
    source_ids.dedup();
    let sources = crate::content::sources::by_ids(db, &source_ids)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let tags = if ids.is_empty() {
        HashMap::new()
    } else {
        crate::content::tags::of_articles(db, &ids).await?
    };
    Ok(Related { sources, tags })
}
