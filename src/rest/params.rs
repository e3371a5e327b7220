//! Query parameters of the REST door and the feeds: read one by one, each checked, and any
//! parameter left over refused with `400` naming it — a misspelt `tga=syria` must not
//! quietly return every article.
//!
//! [`ArticleListQuery`] is the article list's parameters (`/api/v1/articles`, a source's or
//! tag's articles, and every article feed). It is both what the handlers parse and what the
//! OpenAPI document lists, so the two cannot drift; it becomes the very [`ArticleFilter`],
//! ordering and page arguments the GraphQL door builds, and the content layer does the rest.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::content::articles::{ArticleOrder, ArticleOrderField, ArticleStatus, BodyFormat, OrderDirection};
use crate::content::filter::{
    ArticleFilter, ArticleStatusFilter, DateTimeFilter, SourceFilter, StringFilter, TagFilter, TagKindFilter,
    TagListFilter,
};
use crate::content::pagination::PageArgs;
use crate::content::tags::TagKind;
use crate::error::{AppError, AppResult};

/// Most `tag` or `anyTag` values in one request.
pub const MAX_TAG_PARAMS: usize = 20;

/// The query string as name/value pairs. Handlers take the parameters they know; [`finish`]
/// refuses whatever is left.
///
/// [`finish`]: Params::finish
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Params::parse(parts.uri.query()))
    }
}

impl Params {
    /// Decodes a query string (`+` and `%XX` as in HTML forms). Empty pairs (`a=1&&b=2`) are
    /// skipped.
    pub fn parse(query: Option<&str>) -> Self {
        let pairs = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .filter(|(name, _)| !name.is_empty())
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        Self { pairs }
    }

    /// The value of a parameter that may appear once; given twice is an error.
    pub fn one(&mut self, name: &str) -> AppResult<Option<String>> {
        let mut values = self.all(name);
        if values.len() > 1 {
            return Err(AppError::bad_field(name, format!("`{name}` may be given only once")));
        }
        Ok(values.pop())
    }

    /// Every value of a repeatable parameter, in order.
    pub fn all(&mut self, name: &str) -> Vec<String> {
        let mut values = Vec::new();
        self.pairs.retain(|(n, v)| {
            if n == name {
                values.push(v.clone());
                false
            } else {
                true
            }
        });
        values
    }

    /// Parses a parameter given at most once with `parse`, naming it in the error.
    pub fn parsed<T>(&mut self, name: &str, expected: &str, parse: impl Fn(&str) -> Option<T>) -> AppResult<Option<T>> {
        match self.one(name)? {
            None => Ok(None),
            Some(v) => parse(v.trim())
                .map(Some)
                .ok_or_else(|| AppError::bad_field(name, format!("`{name}` must be {expected}, not {v:?}"))),
        }
    }

    /// Refuses the first parameter nobody took.
    pub fn finish(self) -> AppResult<()> {
        match self.pairs.into_iter().next() {
            None => Ok(()),
            Some((name, _)) => Err(AppError::bad_field(
                name.clone(),
                format!("unknown query parameter `{name}`"),
            )),
        }
    }
}

/// Page size and position of any list: `limit` (1–100, default 20) and `cursor` (from a
/// response's `page.nextCursor` or `page.prevCursor`).
#[derive(Debug, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 0–100 (default 20); more is an error, never silently cut.
    #[param(minimum = 0, maximum = 100)]
    pub limit: Option<i32>,
    /// Where to continue: `page.nextCursor` or `page.prevCursor` of the previous response.
    pub cursor: Option<String>,
}

impl PageQuery {
    /// Takes `limit` and `cursor`.
    pub fn take(params: &mut Params) -> AppResult<Self> {
        Ok(Self {
            limit: params.parsed("limit", "a whole number from 0 to 100", |v| v.parse().ok())?,
            cursor: params.one("cursor")?,
        })
    }

    /// The content layer's page arguments. A REST cursor is the GraphQL cursor with the
    /// reading direction in front (`a…` after, `b…` before), so one opaque token is all a
    /// client passes back.
    pub fn args(&self) -> AppResult<PageArgs> {
        let garbled = || AppError::bad_field("cursor", "`cursor` is not a cursor this server gave out");
        let (after, before) = match self.cursor.as_deref() {
            None => (None, None),
            Some(c) => match c.split_at_checked(1) {
                Some(("a", rest)) if !rest.is_empty() => (Some(rest.to_string()), None),
                Some(("b", rest)) if !rest.is_empty() => (None, Some(rest.to_string())),
                _ => return Err(garbled()),
            },
        };
        let (first, last) = if before.is_some() {
            (None, self.limit)
        } else {
            (self.limit, None)
        };
        Ok(PageArgs::cursors(first, after, last, before))
    }

    /// The REST cursors for a page: `nextCursor` continues after its last item, `prevCursor`
    /// before its first.
    pub fn cursors<T>(page: &crate::content::pagination::Page<T>) -> (Option<String>, Option<String>) {
        let next = page
            .has_next_page
            .then(|| page.items.last().map(|(c, _)| format!("a{c}")))
            .flatten();
        let prev = page
            .has_previous_page
            .then(|| page.items.first().map(|(c, _)| format!("b{c}")))
            .flatten();
        (next, prev)
    }
}

/// Renames the fields of the content layer's paging and ordering errors to the REST
/// parameters that carried them.
pub fn rest_field(error: AppError) -> AppError {
    match error {
        AppError::BadUserInput {
            message,
            field: Some(field),
        } => {
            let field = match field.as_str() {
                "first" | "last" => "limit".to_string(),
                "after" | "before" => "cursor".to_string(),
                "orderBy" => "sort".to_string(),
                _ => field,
            };
            AppError::BadUserInput {
                message: message
                    .replace("`first`", "`limit`")
                    .replace("`last`", "`limit`")
                    .replace("`after`", "`cursor`")
                    .replace("`before`", "`cursor`")
                    .replace("`search`", "`q`"),
                field: Some(field),
            }
        }
        other => other,
    }
}

/// What the article list and feeds take besides paging.
#[derive(Debug, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleListQuery {
    /// Full-text search (title, subtitle, summary, byline, body): words that must all
    /// appear, `"a phrase"`, `-excluded`, `or` between alternatives. Results come best
    /// first unless `sort` says otherwise (`sort=-relevance` is the default then), each with
    /// its `score` and `highlight`.
    pub q: Option<String>,
    /// Only articles from this source (slug).
    pub source: Option<String>,
    /// Only articles carrying this tag (slug); repeat for articles carrying all of them:
    /// `tag=syria&tag=iran`. At most 20.
    #[param(rename = "tag")]
    pub tag: Vec<String>,
    /// Only articles carrying at least one of these tags (slugs); repeatable. At most 20.
    #[param(rename = "anyTag")]
    pub any_tag: Vec<String>,
    /// Only articles in this section (the slug of a `SECTION` tag).
    pub section: Option<String>,
    /// Only articles in this language (BCP 47, e.g. `en`, `pt-BR`).
    pub lang: Option<String>,
    /// Only articles published at or after this time (RFC 3339, or a date: its start in UTC).
    pub since: Option<String>,
    /// Only articles published at or before this time (RFC 3339, or a date: its end in UTC).
    pub until: Option<String>,
    /// Only articles in these statuses, comma-separated (`draft,scheduled`). Never widens
    /// what the caller may see: without an editor key only published articles exist.
    pub status: Option<String>,
    /// Order: comma-separated fields among `publishedAt`, `updatedAt`, `createdAt`, `title`
    /// and (with `q`) `relevance`, each with `-` in front for descending. Default
    /// `-publishedAt`, or `-relevance` with `q`; the id breaks ties.
    pub sort: Option<String>,
    /// Extra parts of the response, comma-separated: `total` (the number of matching
    /// articles, in `page.total`) and `body` (each article's body, in `format`).
    pub include: Option<String>,
    /// The format of bodies: `html` (default, sanitized), `markdown` or `text`.
    pub format: Option<String>,
    /// For live tickers: only articles published after the one this cursor points at (a
    /// `nextCursor`/`prevCursor` of the newest-first list, or one from an earlier
    /// `newerThan` answer), oldest first; poll again with the answer's `page.nextCursor`.
    /// Takes no `sort` or `cursor`.
    #[param(rename = "newerThan")]
    pub newer_than: Option<String>,
}

/// A parsed article list request, in the content layer's terms.
#[derive(Debug, Clone)]
pub struct ArticleList {
    /// The filter, the same one GraphQL's `articles(filter:)` takes.
    pub filter: ArticleFilter,
    /// The ordering.
    pub order: Vec<ArticleOrder>,
    /// Page size and position.
    pub page: PageArgs,
    /// Whether `page.total` was asked for.
    pub total: bool,
    /// Whether bodies were asked for.
    pub body: bool,
    /// The format bodies are rendered in.
    pub format: BodyFormat,
    /// `newerThan`: the cursor (the content layer's) the ticker continues from.
    pub newer_than: Option<String>,
    /// `q`: the full-text search, as given.
    pub search: Option<String>,
}

impl ArticleListQuery {
    /// Takes the list's parameters (and `limit`/`cursor`) from `params`.
    pub fn take(params: &mut Params) -> AppResult<(Self, PageQuery)> {
        let query = Self {
            q: params.one("q")?,
            source: params.one("source")?,
            tag: params.all("tag"),
            any_tag: params.all("anyTag"),
            section: params.one("section")?,
            lang: params.one("lang")?,
            since: params.one("since")?,
            until: params.one("until")?,
            status: params.one("status")?,
            sort: params.one("sort")?,
            include: params.one("include")?,
            format: params.one("format")?,
            newer_than: params.one("newerThan")?,
        };
        Ok((query, PageQuery::take(params)?))
    }

    /// Checks every value and builds the list request.
    pub fn into_list(self, page: PageQuery) -> AppResult<ArticleList> {
        let mut and = Vec::new();
        let eq = |v: &str| StringFilter {
            eq: Some(v.to_string()),
            ..Default::default()
        };
        if let Some(source) = non_empty("source", self.source)? {
            and.push(ArticleFilter {
                source: Some(SourceFilter {
                    slug: Some(eq(&source)),
                    ..Default::default()
                }),
                ..Default::default()
            });
        }
        for name in ["tag", "anyTag"] {
            let values = if name == "tag" { &self.tag } else { &self.any_tag };
            if values.len() > MAX_TAG_PARAMS {
                return Err(AppError::bad_field(
                    name,
                    format!("`{name}` may be given at most {MAX_TAG_PARAMS} times"),
                ));
            }
            if values.iter().any(|v| v.trim().is_empty()) {
                return Err(AppError::bad_field(name, format!("`{name}` must not be empty")));
            }
        }
        for slug in &self.tag {
            and.push(some_tag(TagFilter {
                slug: Some(eq(slug.trim())),
                ..Default::default()
            }));
        }
        if !self.any_tag.is_empty() {
            and.push(some_tag(TagFilter {
                slug: Some(StringFilter {
                    in_list: Some(self.any_tag.iter().map(|s| s.trim().to_string()).collect()),
                    ..Default::default()
                }),
                ..Default::default()
            }));
        }
        if let Some(section) = non_empty("section", self.section)? {
            and.push(some_tag(TagFilter {
                slug: Some(eq(&section)),
                kind: Some(TagKindFilter {
                    eq: Some(TagKind::Section),
                    in_list: None,
                }),
                ..Default::default()
            }));
        }
        let mut filter = ArticleFilter::default();
        if let Some(lang) = non_empty("lang", self.lang)? {
            filter.language = Some(eq(&crate::content::validate::language("lang", &lang)?));
        }
        let since = self.since.as_deref().map(|v| time("since", v, false)).transpose()?;
        let until = self.until.as_deref().map(|v| time("until", v, true)).transpose()?;
        if since.is_some() || until.is_some() {
            filter.published_at = Some(DateTimeFilter {
                gte: since,
                lte: until,
                ..Default::default()
            });
        }
        if let Some(status) = &self.status {
            let statuses = status
                .split(',')
                .map(|s| {
                    ArticleStatus::parse(&s.trim().to_ascii_uppercase()).ok_or_else(|| {
                        AppError::bad_field(
                            "status",
                            format!("unknown status {s:?}: use draft, scheduled, published, archived or withdrawn"),
                        )
                    })
                })
                .collect::<AppResult<Vec<_>>>()?;
            filter.status = Some(ArticleStatusFilter {
                eq: None,
                in_list: Some(statuses),
            });
        }
        if !and.is_empty() {
            filter.and = Some(and);
        }
        let (total, body) = includes(self.include.as_deref())?;
        let newer_than = match self.newer_than {
            None => None,
            Some(_) if self.sort.is_some() || page.cursor.is_some() => {
                return Err(AppError::bad_field(
                    "newerThan",
                    "`newerThan` takes no `sort` or `cursor`",
                ));
            }
            // A REST cursor is the content layer's with the direction in front.
            Some(cursor) => match cursor.split_at_checked(1) {
                Some(("a" | "b", rest)) if !rest.is_empty() => Some(rest.to_string()),
                _ => {
                    return Err(AppError::bad_field(
                        "newerThan",
                        "`newerThan` is not a cursor this server gave out",
                    ));
                }
            },
        };
        Ok(ArticleList {
            search: self.q,
            newer_than,
            filter,
            order: sort(self.sort.as_deref())?,
            page: page.args()?,
            total,
            body,
            format: body_format(self.format.as_deref())?,
        })
    }
}

fn some_tag(filter: TagFilter) -> ArticleFilter {
    ArticleFilter {
        tags: Some(TagListFilter {
            some: Some(filter),
            every: None,
            none: None,
        }),
        ..Default::default()
    }
}

fn non_empty(name: &str, value: Option<String>) -> AppResult<Option<String>> {
    match value {
        Some(v) if v.trim().is_empty() => Err(AppError::bad_field(name, format!("`{name}` must not be empty"))),
        other => Ok(other.map(|v| v.trim().to_string())),
    }
}

/// An RFC 3339 time, or a date meaning its first (or, for `end`, last) microsecond in UTC.
fn time(name: &str, value: &str, end: bool) -> AppResult<DateTime<Utc>> {
    let value = value.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        let clock = if end {
            NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999)
        } else {
            Some(NaiveTime::MIN)
        };
        if let Some(clock) = clock {
            return Ok(date.and_time(clock).and_utc());
        }
    }
    Err(AppError::bad_field(
        name,
        format!("`{name}` must be an RFC 3339 time (2026-11-25T08:00:00Z) or a date (2026-11-25), not {value:?}"),
    ))
}

/// `sort=-publishedAt,title`.
pub fn sort(value: Option<&str>) -> AppResult<Vec<ArticleOrder>> {
    let fields = order(
        value,
        "publishedAt, updatedAt, createdAt, title or relevance",
        |name| match name {
            "publishedAt" => Some(ArticleOrderField::PublishedAt),
            "updatedAt" => Some(ArticleOrderField::UpdatedAt),
            "createdAt" => Some(ArticleOrderField::CreatedAt),
            "title" => Some(ArticleOrderField::Title),
            "relevance" => Some(ArticleOrderField::Relevance),
            _ => None,
        },
    )?;
    Ok(fields
        .into_iter()
        .map(|(field, direction)| ArticleOrder { field, direction })
        .collect())
}

/// A `sort` value: comma-separated field names, each with `-` in front for descending;
/// `field` knows the names, `known` lists them for the error.
pub fn order<F: Copy>(
    value: Option<&str>,
    known: &str,
    field: impl Fn(&str) -> Option<F>,
) -> AppResult<Vec<(F, OrderDirection)>> {
    let Some(value) = value else { return Ok(vec![]) };
    value
        .split(',')
        .map(|part| {
            let part = part.trim();
            let (direction, name) = match part.strip_prefix('-') {
                Some(name) => (OrderDirection::Desc, name),
                None => (OrderDirection::Asc, part),
            };
            field(name).map(|f| (f, direction)).ok_or_else(|| {
                AppError::bad_field(
                    "sort",
                    format!("cannot sort by {name:?}: use {known}, with - for descending"),
                )
            })
        })
        .collect()
}

/// `include=total`, for lists whose only extra is the total.
pub fn total_only(value: Option<&str>) -> AppResult<bool> {
    match value.map(str::trim) {
        None | Some("") => Ok(false),
        Some("total") => Ok(true),
        Some(other) => Err(AppError::bad_field(
            "include",
            format!("cannot include {other:?}: use total"),
        )),
    }
}

/// `include=total,body` → (total, body).
fn includes(value: Option<&str>) -> AppResult<(bool, bool)> {
    let (mut total, mut body) = (false, false);
    for part in value
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match part {
            "total" => total = true,
            "body" => body = true,
            other => {
                return Err(AppError::bad_field(
                    "include",
                    format!("cannot include {other:?}: use total or body"),
                ));
            }
        }
    }
    Ok((total, body))
}

/// `format=html|markdown|text` (default `html`).
pub fn body_format(value: Option<&str>) -> AppResult<BodyFormat> {
    match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        None | Some("html") => Ok(BodyFormat::Html),
        Some("markdown") => Ok(BodyFormat::Markdown),
        Some("text") => Ok(BodyFormat::Text),
        Some(other) => Err(AppError::bad_field(
            "format",
            format!("unknown format {other:?}: use html, markdown or text"),
        )),
    }
}

/// `kind=place` for tags (any case).
pub fn tag_kind(params: &mut Params) -> AppResult<Option<TagKind>> {
    params.parsed("kind", "one of topic, place, person, organization, section", |v| {
        TagKind::parse(&v.to_ascii_uppercase())
    })
}
