//! Articles: the domain model, lookups, lists with filters, ordering and keyset pages, and
//! counts. Every query starts from [`Viewer::article_condition`].

use std::collections::HashMap;

use async_graphql::{Enum, InputObject};
use chrono::{DateTime, TimeZone, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Func, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, Iterable, PaginatorTrait,
    QueryFilter, QueryResult, QuerySelect, QueryTrait, Select,
};
use uuid::Uuid;

use crate::content::Viewer;
use crate::content::filter::ArticleFilter;
use crate::content::pagination::{self, KeyKind, KeyValue, Ordering, Page, PageArgs, SortColumn};
use crate::content::search::{Search, SearchQuery, Window};
use crate::entities::{article, article_tag};
use crate::error::{AppError, AppResult};

/// Where an article is in the editorial lifecycle.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArticleStatus {
    /// Being written; never public.
    Draft,
    /// Published with a future `publishedAt`; public from that time on.
    Scheduled,
    /// Public (once `publishedAt` has passed).
    Published,
    /// Taken out of the public lists.
    Archived,
    /// Killed: withdrawn for legal or editorial reasons.
    Withdrawn,
}

impl ArticleStatus {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "DRAFT",
            Self::Scheduled => "SCHEDULED",
            Self::Published => "PUBLISHED",
            Self::Archived => "ARCHIVED",
            Self::Withdrawn => "WITHDRAWN",
        }
    }

    /// Parses a stored status name.
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Draft,
            Self::Scheduled,
            Self::Published,
            Self::Archived,
            Self::Withdrawn,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// The condition for "has status `status` at `now`".
///
/// `SCHEDULED` is not a state of its own in time: `publishArticle` with a future time stores
/// `SCHEDULED`, and the article counts as `PUBLISHED` from its `publishedAt` on, without a
/// job flipping the row. So `PUBLISHED` and `SCHEDULED` are told apart by the clock here, and
/// [`Article::for_viewer`] reports the same status that this condition filters on.
pub fn status_condition(status: ArticleStatus, now: DateTime<Utc>) -> Condition {
    let col = || Expr::col((article::Entity, article::Column::Status));
    let published_at = || Expr::col((article::Entity, article::Column::PublishedAt));
    let live = || col().is_in([ArticleStatus::Published.as_str(), ArticleStatus::Scheduled.as_str()]);
    match status {
        ArticleStatus::Published => Condition::all().add(live()).add(published_at().lte(now)),
        // A scheduled article without a time would never appear: count it as scheduled.
        ArticleStatus::Scheduled => Condition::all().add(live()).add(
            Condition::any()
                .add(published_at().gt(now))
                .add(published_at().is_null()),
        ),
        other => Condition::all().add(col().eq(other.as_str())),
    }
}

/// The format of a body, as stored or as requested.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BodyFormat {
    /// CommonMark.
    Markdown,
    /// HTML (sanitized when served).
    Html,
    /// Plain text.
    Text,
}

impl BodyFormat {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Markdown => "MARKDOWN",
            Self::Html => "HTML",
            Self::Text => "TEXT",
        }
    }

    /// Parses a stored format name.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Markdown, Self::Html, Self::Text]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// An article as the domain knows it.
#[derive(Clone, Debug)]
pub struct Article {
    /// UUIDv7.
    pub id: Uuid,
    /// Unique URL name.
    pub slug: String,
    /// Headline.
    pub title: String,
    /// Deck.
    pub subtitle: Option<String>,
    /// Short summary.
    pub summary: Option<String>,
    /// Body in `body_format`.
    pub body: String,
    /// Stored body format.
    pub body_format: BodyFormat,
    /// Author line.
    pub byline: Option<String>,
    /// BCP 47.
    pub language: String,
    /// Lifecycle status.
    pub status: ArticleStatus,
    /// Publication time.
    pub published_at: Option<DateTime<Utc>>,
    /// URL at the publisher.
    pub canonical_url: Option<String>,
    /// Id at the origin.
    pub external_id: Option<String>,
    /// Optimistic-locking version.
    pub version: i32,
    /// Source, if any.
    pub source_id: Option<Uuid>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// When it disappears from public reads.
    pub expires_at: Option<DateTime<Utc>>,
    /// Why it was withdrawn (public), for `WITHDRAWN` articles.
    pub withdrawn_reason: Option<String>,
    /// Name of the key that created it.
    pub created_by: Option<String>,
    /// Name of the key that changed it last.
    pub updated_by: Option<String>,
    /// How it matched the list's search; `None` outside searches.
    pub hit: Option<SearchHit>,
}

/// How an article matched a search.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    /// Relevance, higher is better; comparable only within one search.
    pub score: f64,
    /// Words of the body around the matches, HTML-escaped, matches in `<mark>`; `None`
    /// unless asked for (see [`ArticleQuery::with_highlights`]).
    pub highlight: Option<String>,
}

impl ArticleStatus {
    /// The status as of `now`: `PUBLISHED` and `SCHEDULED` only say whether the publication
    /// time has come, so a scheduled article whose time has passed is published and a
    /// published one with a time still ahead is scheduled.
    pub fn at(self, published_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        match self {
            Self::Scheduled if published_at.is_some_and(|t| t <= now) => Self::Published,
            Self::Published if published_at.is_some_and(|t| t > now) => Self::Scheduled,
            other => other,
        }
    }
}

impl Article {
    /// The article as `viewer` may see it: the status as of the viewer's time (a scheduled
    /// article whose time has come is `PUBLISHED`), and for a withdrawn article seen by the
    /// public, no text: only its headline and the reason.
    pub fn for_viewer(mut self, viewer: &Viewer) -> Self {
        self.status = self.status.at(self.published_at, viewer.now());
        if !viewer.sees_unpublished() {
            if self.status == ArticleStatus::Withdrawn {
                self.body = String::new();
                self.subtitle = None;
                self.summary = None;
            }
            self.created_by = None;
            self.updated_by = None;
        }
        self
    }
}

impl TryFrom<article::Model> for Article {
    type Error = AppError;

    fn try_from(m: article::Model) -> AppResult<Self> {
        let corrupt =
            |what: &str, value: &str| AppError::internal(anyhow::anyhow!("article {} has {what} {value:?}", m.id));
        let status = ArticleStatus::parse(&m.status).ok_or_else(|| corrupt("status", &m.status))?;
        let body_format = BodyFormat::parse(&m.body_format).ok_or_else(|| corrupt("body format", &m.body_format))?;
        Ok(Self {
            id: m.id,
            slug: m.slug,
            title: m.title,
            subtitle: m.subtitle,
            summary: m.summary,
            body: m.body,
            body_format,
            byline: m.byline,
            language: m.language,
            status,
            published_at: m.published_at,
            canonical_url: m.canonical_url,
            external_id: m.external_id,
            version: m.version,
            source_id: m.source_id,
            created_at: m.created_at,
            updated_at: m.updated_at,
            expires_at: m.expires_at,
            withdrawn_reason: m.withdrawn_reason,
            created_by: m.created_by,
            updated_by: m.updated_by,
            hit: None,
        })
    }
}

/// Fields articles can be ordered by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArticleOrderField {
    /// Publication time.
    PublishedAt,
    /// Last change.
    UpdatedAt,
    /// Creation time.
    CreatedAt,
    /// Headline (byte order, the same on every database).
    Title,
    /// How well an article matches the search (only with `search`; the default then),
    /// best first with `DESC`.
    Relevance,
}

/// Ascending or descending.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// Smallest first (the default, as in SQL).
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

/// One ordering criterion for articles.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct ArticleOrder {
    /// The field.
    pub field: ArticleOrderField,
    /// The direction (default `ASC`).
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// Which articles a list draws from, before the client's filter.
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    /// All visible articles.
    All,
    /// One source's articles.
    Source(Uuid),
    /// One tag's articles.
    Tag(Uuid),
}

/// A compiled article list query: viewer, scope and filter. Shared by the page and the
/// (lazy) total count so both see exactly the same set.
#[derive(Clone, Debug)]
pub struct ArticleQuery {
    condition: Condition,
    viewer: Viewer,
    with_body: bool,
    search: Option<SearchQuery>,
    highlights: bool,
}

/// A row of a page: the article, and when searching its score and the indexed text to make
/// a highlight from.
struct ArticleRow {
    model: article::Model,
    score: Option<f64>,
    text: Option<String>,
    /// SQLite: the article's row in the search index, for a walked page's scores.
    search_row: Option<i64>,
}

impl FromQueryResult for ArticleRow {
    fn from_query_result(res: &QueryResult, pre: &str) -> Result<Self, DbErr> {
        // These columns are selected only when searching (see `select_page`).
        Ok(Self {
            model: article::Model::from_query_result(res, pre)?,
            score: res.try_get::<Option<f64>>(pre, SCORE_COLUMN).ok().flatten(),
            text: res.try_get::<Option<String>>(pre, TEXT_COLUMN).ok().flatten(),
            search_row: res.try_get::<Option<i64>>(pre, SEARCH_ROW_COLUMN).ok().flatten(),
        })
    }
}

/// How many of a search's newest matches are ranked by relevance (see
/// [`SearchQuery::restrict_page`]).
pub const RELEVANCE_WINDOW: u64 = 300;

const SCORE_COLUMN: &str = "search_score";
const TEXT_COLUMN: &str = "search_text";
const SEARCH_ROW_COLUMN: &str = "search_row";

impl ArticleQuery {
    /// Compiles the filter (reporting errors under `filter`) for `viewer` within `scope`.
    pub fn new(viewer: &Viewer, scope: Scope, filter: Option<&ArticleFilter>) -> AppResult<Self> {
        let mut condition = viewer.article_condition();
        match scope {
            Scope::All => {}
            Scope::Source(id) => condition = condition.add(article::Column::SourceId.eq(id)),
            Scope::Tag(id) => {
                let linked = Query::select()
                    .column(article_tag::Column::ArticleId)
                    .from(article_tag::Entity)
                    .and_where(Expr::col(article_tag::Column::TagId).eq(id))
                    .to_owned();
                condition = condition.add(Expr::col((article::Entity, article::Column::Id)).in_subquery(linked));
            }
        }
        if let Some(filter) = filter {
            condition = condition.add(filter.to_condition("filter", viewer.now())?);
        }
        Ok(Self {
            condition,
            viewer: viewer.clone(),
            with_body: true,
            search: None,
            highlights: false,
        })
    }

    /// Keeps only the articles matching `search` (the string as given in `field`), and
    /// makes relevance the default order.
    pub async fn search(mut self, db: &impl ConnectionTrait, field: &str, search: &str) -> AppResult<Self> {
        self.search = Some(Search::parse(field, search)?.prepare(db).await?);
        Ok(self)
    }

    /// Gives each article of a searched page a highlight of its body (a little work per
    /// article, so only when a client shows them).
    pub fn with_highlights(mut self) -> Self {
        self.highlights = true;
        self
    }

    /// Leaves the bodies out of pages: a list that shows no body, word count or reading
    /// time need not read, validate and copy a kilobyte or more per article. Those pages'
    /// articles have an empty `body`.
    pub fn without_body(mut self) -> Self {
        self.with_body = false;
        self
    }

    /// The list's articles, for counts and facets (the search's matches collected, see
    /// [`SearchQuery::condition`]).
    pub(crate) fn select(&self) -> Select<article::Entity> {
        self.select_matching(|search| search.condition(&self.condition))
    }

    /// [`select`](Self::select) with the search as the planner should see it, for its
    /// estimate (see [`SearchQuery::planned_condition`]).
    fn planned_select(&self) -> Select<article::Entity> {
        self.select_matching(SearchQuery::planned_condition)
    }

    /// The list's articles, with the search's matches told apart by `matching`.
    fn select_matching(&self, matching: impl FnOnce(&SearchQuery) -> Condition) -> Select<article::Entity> {
        let select = article::Entity::find().filter(self.condition.clone());
        match &self.search {
            Some(search) => select.filter(matching(search)),
            None => select,
        }
    }

    /// The page's select: without the search text (never shown), without the body unless
    /// needed, and when searching with each row's score and snippet.
    ///
    /// `window`: the search's [`SearchQuery::window`] when `ranked`, else its
    /// [`SearchQuery::unranked_window`].
    fn select_page(&self, ranked: Option<DbBackend>, window: Option<&Window>) -> Select<article::Entity> {
        let mut select = article::Entity::find()
            .filter(self.condition.clone())
            .select_only()
            .columns(
                article::Column::iter()
                    .filter(|c| !matches!(c, article::Column::BodyText))
                    .filter(|c| self.with_body || !matches!(c, article::Column::Body)),
            )
            .column_as(Expr::val(None::<String>), "body_text");
        if !self.with_body {
            select = select.column_as(Expr::val(""), "body");
        }
        if let Some(search) = &self.search {
            let newest_first = ranked.map(|backend| self.newest_first(backend));
            search.restrict_page(QueryTrait::query(&mut select), &self.condition, newest_first, window);
            if search.scored_after_page(ranked.is_some(), window) {
                // Scored after the page is read (see `page`).
                select = select
                    .column_as(Expr::cust("articles.search_rowid"), SEARCH_ROW_COLUMN)
                    .column_as(Expr::cust("CAST(NULL AS REAL)"), SCORE_COLUMN);
            } else {
                select = select.column_as(search.score(), SCORE_COLUMN);
            }
            if self.highlights {
                // Highlights are made here, from the text the index holds (the body as plain
                // text), not from the body rendered again; on PostgreSQL this is also far
                // cheaper than `ts_headline`, which parses each body again.
                select = select.column_as(Expr::cust("coalesce(articles.body_text, articles.body)"), TEXT_COLUMN);
            }
        }
        select
    }

    /// Whether a page in the order of `fields` can be found by walking an index: times have
    /// one, titles none, and an editor's publication times, drafts first, are not what it
    /// holds.
    fn walkable(&self, fields: &[ArticleOrderField]) -> bool {
        match fields.first() {
            Some(ArticleOrderField::UpdatedAt | ArticleOrderField::CreatedAt) => true,
            Some(ArticleOrderField::PublishedAt) => !self.viewer.sees_unpublished(),
            _ => false,
        }
    }

    /// Newest first, for the relevance window (see [`SearchQuery::restrict_page`]): drafts,
    /// which editors see, first.
    fn newest_first(&self, backend: DbBackend) -> [Expr; 2] {
        let mut published_at = Expr::col((article::Entity, article::Column::PublishedAt));
        if self.viewer.sees_unpublished() {
            published_at = Expr::expr(Func::coalesce([published_at, unpublished_sort_literal(backend)]));
        }
        [published_at, Expr::col((article::Entity, article::Column::Id))]
    }

    /// One page of the list in `order` (default newest first).
    pub async fn page(
        &self,
        db: &impl ConnectionTrait,
        order: &[ArticleOrder],
        args: &PageArgs,
    ) -> AppResult<Page<Article>> {
        let nullable = self.viewer.sees_unpublished().then(|| db.get_database_backend());
        let (ordering, fields) = ordering(order, nullable, self.search.as_ref())?;
        let request = ordering.request(args)?;
        let ranked = fields
            .contains(&ArticleOrderField::Relevance)
            .then(|| db.get_database_backend());
        // A ranked page may look for its relevance window first (not an editor's, where
        // drafts, which have no publication time, come first); a page in another order
        // learns whether to walk its order's index.
        let window = match (&self.search, ranked) {
            (Some(search), Some(_)) if !self.viewer.sees_unpublished() => {
                search.window(db, &self.condition, self.viewer.now()).await?
            }
            (Some(search), None) if self.walkable(&fields) => search.unranked_window(db, &self.condition).await?,
            _ => None,
        };
        let select = self.select_page(ranked, window.as_ref());
        let mut page = pagination::fetch_page(db, select, &ordering, &request, |r| sort_key(r, &fields)).await?;
        if let Some(search) = self
            .search
            .as_ref()
            .filter(|s| s.scored_after_page(ranked.is_some(), window.as_ref()))
        {
            let rows: Vec<i64> = page.items.iter().filter_map(|(_, row)| row.search_row).collect();
            let scores = search.sqlite_scores(db, &rows).await?;
            for (_, row) in &mut page.items {
                row.score = row.search_row.and_then(|r| scores.get(&r).copied());
            }
        }
        let items = page
            .items
            .into_iter()
            .map(|(c, row)| Ok((c, self.article(row)?)))
            .collect::<AppResult<_>>()?;
        Ok(Page {
            items,
            has_next_page: page.has_next_page,
            has_previous_page: page.has_previous_page,
        })
    }

    /// The article of a page row, as the viewer sees it, with how it matched the search.
    fn article(&self, row: ArticleRow) -> AppResult<Article> {
        let hit = self.search.as_ref().map(|search| {
            let highlight = self
                .highlights
                .then(|| search.highlight(&row.model.language, row.text.as_deref().unwrap_or_default()));
            SearchHit {
                score: row.score.unwrap_or(0.0),
                highlight,
            }
        });
        let mut article = Article::try_from(row.model)?.for_viewer(&self.viewer);
        article.hit = hit;
        Ok(article)
    }

    /// How many articles the list has in all.
    pub async fn count(&self, db: &impl ConnectionTrait) -> AppResult<u64> {
        Ok(self.select().count(db).await?)
    }

    /// [`count`](Self::count) as PostgreSQL's planner estimates it; exact elsewhere.
    pub async fn count_estimate(&self, db: &impl ConnectionTrait) -> AppResult<u64> {
        pagination::estimate_count(db, self.planned_select()).await
    }

    /// For live tickers: up to `first` articles published after the one `cursor` points at,
    /// oldest first. `cursor` comes from the default newest-first order or from an earlier
    /// answer of this call (whose last cursor is the next call's `cursor`). Articles without
    /// a publication time (drafts, for editors) are never "newer".
    pub async fn newer_than(
        &self,
        db: &impl ConnectionTrait,
        cursor: &str,
        first: Option<i32>,
    ) -> AppResult<Page<Article>> {
        let oldest_first = [ArticleOrder {
            field: ArticleOrderField::PublishedAt,
            direction: OrderDirection::Asc,
        }];
        let newest_first = [ArticleOrder {
            field: ArticleOrderField::PublishedAt,
            direction: OrderDirection::Desc,
        }];
        let nullable = self.viewer.sees_unpublished().then(|| db.get_database_backend());
        let (ascending, _) = ordering(&oldest_first, nullable, None)?;
        let (descending, _) = ordering(&newest_first, nullable, None)?;
        let after = ascending.adopt(cursor, &descending, "newerThan")?;
        let published = Self {
            condition: self.condition.clone().add(article::Column::PublishedAt.is_not_null()),
            ..self.clone()
        };
        published
            .page(db, &oldest_first, &PageArgs::cursors(first, Some(after), None, None))
            .await
    }
}

/// Where articles without a publication time (drafts) sort among the others: as if
/// published at the end of time, so editors see them first in the default newest-first
/// order. Keyset comparison needs a value, never NULL.
fn unpublished_sort_time() -> DateTime<Utc> {
    // Whole seconds in a year every backend stores (MySQL's DATETIME ends in 9999).
    Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59)
        .single()
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// [`unpublished_sort_time`] as an SQL literal of `backend`. A literal, not a bound value:
/// MariaDB binds a `DateTime<Utc>` as a `TIMESTAMP`, whose range ends in 2038, and then
/// loses the drafts from keyset comparisons.
fn unpublished_sort_literal(backend: DbBackend) -> Expr {
    Expr::cust(match backend {
        DbBackend::Postgres => "TIMESTAMPTZ '9999-12-31 23:59:59+00'",
        DbBackend::MySql => "TIMESTAMP'9999-12-31 23:59:59'",
        // The text form sqlx stores and binds UTC times in, so that it compares as text.
        _ => "'9999-12-31T23:59:59+00:00'",
    })
}

/// The ordering for `order`. `nullable_published_at` is set for viewers who see drafts:
/// their `PUBLISHED_AT` order sorts by `COALESCE(published_at, end of time)` (public lists
/// keep the bare column, which the index serves).
///
/// With a search, the default is relevance, best first; without one, relevance is refused.
fn ordering(
    order: &[ArticleOrder],
    nullable_published_at: Option<DbBackend>,
    search: Option<&SearchQuery>,
) -> AppResult<(Ordering, Vec<ArticleOrderField>)> {
    let default = [ArticleOrder {
        field: if search.is_some() {
            ArticleOrderField::Relevance
        } else {
            ArticleOrderField::PublishedAt
        },
        direction: OrderDirection::Desc,
    }];
    let order = if order.is_empty() { &default[..] } else { order };
    let mut resource = "article".to_string();
    let mut fields = Vec::with_capacity(order.len());
    let mut columns = Vec::with_capacity(order.len());
    for o in order {
        if fields.contains(&o.field) {
            return Err(AppError::bad_field(
                "orderBy",
                format!("{:?} is listed twice in orderBy", o.field),
            ));
        }
        fields.push(o.field);
        let descending = o.direction == OrderDirection::Desc;
        let (name, col, kind) = match o.field {
            ArticleOrderField::PublishedAt => ("published_at", article::Column::PublishedAt, KeyKind::Time),
            ArticleOrderField::UpdatedAt => ("updated_at", article::Column::UpdatedAt, KeyKind::Time),
            ArticleOrderField::CreatedAt => ("created_at", article::Column::CreatedAt, KeyKind::Time),
            ArticleOrderField::Title => ("title", article::Column::Title, KeyKind::Text),
            ArticleOrderField::Relevance => {
                let search = search.ok_or_else(|| {
                    AppError::bad_field("orderBy", "RELEVANCE orders search results: pass `search` too")
                })?;
                // Scores belong to one search: a cursor of another search is refused.
                resource = format!("article~{}", short_hash(&search.normalized()));
                let kind = KeyKind::Float;
                columns.push((
                    "relevance".to_string(),
                    SortColumn {
                        expr: search.score(),
                        descending,
                        kind,
                    },
                ));
                continue;
            }
        };
        let mut expr = Expr::col((article::Entity, col));
        if let Some(backend) = nullable_published_at
            && o.field == ArticleOrderField::PublishedAt
        {
            expr = Expr::expr(Func::coalesce([expr, unpublished_sort_literal(backend)]));
        }
        columns.push((name.to_string(), SortColumn { expr, descending, kind }));
    }
    Ok((
        Ordering::new(&resource, columns, Expr::col((article::Entity, article::Column::Id))),
        fields,
    ))
}

/// Eight hex digits of the SHA-256 of `text`: enough to tell searches apart in a cursor
/// without carrying the search in it.
fn short_hash(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn sort_key(row: &ArticleRow, fields: &[ArticleOrderField]) -> Vec<KeyValue> {
    let m = &row.model;
    let mut key: Vec<KeyValue> = fields
        .iter()
        .map(|f| match f {
            ArticleOrderField::PublishedAt => KeyValue::Time(m.published_at.unwrap_or_else(unpublished_sort_time)),
            ArticleOrderField::UpdatedAt => KeyValue::Time(m.updated_at),
            ArticleOrderField::CreatedAt => KeyValue::Time(m.created_at),
            ArticleOrderField::Title => KeyValue::Text(m.title.clone()),
            ArticleOrderField::Relevance => KeyValue::Float(row.score.unwrap_or(0.0)),
        })
        .collect();
    key.push(KeyValue::Id(m.id));
    key
}

/// The article with `id`, if `viewer` may see it.
pub async fn by_id(db: &impl ConnectionTrait, viewer: &Viewer, id: Uuid) -> AppResult<Option<Article>> {
    find_one(db, viewer, article::Column::Id.eq(id)).await
}

/// The article with `slug`, if `viewer` may see it.
pub async fn by_slug(db: &impl ConnectionTrait, viewer: &Viewer, slug: &str) -> AppResult<Option<Article>> {
    find_one(db, viewer, article::Column::Slug.eq(slug)).await
}

async fn find_one(db: &impl ConnectionTrait, viewer: &Viewer, cond: Expr) -> AppResult<Option<Article>> {
    let row = article::Entity::find()
        .filter(viewer.lookup_condition())
        .filter(cond)
        .one(db)
        .await?;
    Ok(row.map(Article::try_from).transpose()?.map(|a| a.for_viewer(viewer)))
}

/// How many visible articles each of `source_ids` has, in one statement.
pub async fn count_by_source(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    source_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, u64>> {
    let rows: Vec<(Option<Uuid>, i64)> = article::Entity::find()
        .select_only()
        .column(article::Column::SourceId)
        .column_as(Expr::col((article::Entity, article::Column::Id)).count(), "n")
        .filter(viewer.article_condition())
        .filter(article::Column::SourceId.is_in(source_ids.iter().copied()))
        .group_by(article::Column::SourceId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, n)| Some((id?, u64::try_from(n).unwrap_or(0))))
        .collect())
}

/// How many visible articles carry each of `tag_ids`, in one statement.
pub async fn count_by_tag(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    tag_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, u64>> {
    let rows: Vec<(Uuid, i64)> = article_tag::Entity::find()
        .select_only()
        .column(article_tag::Column::TagId)
        .column_as(
            Expr::col((article_tag::Entity, article_tag::Column::ArticleId)).count(),
            "n",
        )
        .inner_join(article::Entity)
        .filter(viewer.article_condition())
        .filter(article_tag::Column::TagId.is_in(tag_ids.iter().copied()))
        .group_by(article_tag::Column::TagId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
        .collect())
}
