//! The feed and sitemap routes: `/feeds/articles.rss|.atom|.json` (taking the REST list's
//! query parameters), `/feeds/sources/{slug}.rss|…`, `/feeds/tags/{slug}.rss|…`,
//! `/sitemap.xml` and `/sitemaps/news.xml`.
//!
//! Articles come from the same list as `/api/v1/articles` ([`crate::rest::articles::fetch`]),
//! so a feed shows exactly what the caller may see, and drafts never reach a feed read
//! without an editor key. Links: an article's canonical URL, else
//! `<GAZETTE_PUBLIC_URL>/articles/<slug>` when the public URL is configured (the site's own
//! page), else this server's `/api/v1/articles/<slug>`.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Duration;

use crate::auth::Caller;
use crate::content::articles::{ArticleOrder, ArticleOrderField, ArticleQuery, BodyFormat, OrderDirection, Scope};
use crate::content::filter::{ArticleFilter, DateTimeFilter};
use crate::content::pagination::{MAX_PAGE_SIZE, PageArgs};
use crate::content::{Viewer, body};
use crate::error::{AppError, AppResult};
use crate::feeds::sitemap::{self, NEWS_MAX_URLS, NewsEntry, SitemapRef};
use crate::feeds::{Channel, Item, atom, json_feed, rss};
use crate::http::cache::{LastModified, SurrogateKeys};
use crate::rest::articles::{ArticlePage, fetch};
use crate::rest::params::{ArticleList, ArticleListQuery, Params};
use crate::state::AppState;

/// How long the news sitemap looks back, as Google News asks.
const NEWS_WINDOW_HOURS: i64 = 48;

/// The feed and sitemap routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/feeds/{file}", get(articles_feed))
        .route("/feeds/sources/{file}", get(source_feed))
        .route("/feeds/tags/{file}", get(tag_feed))
        .route("/sitemap.xml", get(sitemap_index))
        .route("/sitemaps/news.xml", get(news_sitemap))
}

/// A feed format, from the file extension.
#[derive(Clone, Copy, Debug)]
enum Format {
    Rss,
    Atom,
    Json,
}

impl Format {
    /// `irna.rss` → (`irna`, RSS).
    fn split(file: &str) -> AppResult<(&str, Format)> {
        let (name, ext) = file.rsplit_once('.').ok_or_else(|| AppError::not_found("feed", file))?;
        let format = match ext {
            "rss" => Format::Rss,
            "atom" => Format::Atom,
            "json" => Format::Json,
            _ => return Err(AppError::not_found("feed", file)),
        };
        Ok((name, format))
    }

    fn render(self, channel: &Channel, items: &[Item]) -> Response {
        let (content_type, text) = match self {
            Format::Rss => (rss::CONTENT_TYPE, rss::render(channel, items)),
            Format::Atom => (atom::CONTENT_TYPE, atom::render(channel, items)),
            Format::Json => (json_feed::CONTENT_TYPE, json_feed::render(channel, items)),
        };
        ([(header::CONTENT_TYPE, content_type)], text).into_response()
    }
}

/// Where links point: the configured public URL, else this server as the client reached it.
struct Base {
    /// The site's address, for article pages (`<site>/articles/<slug>`), when configured.
    site: Option<String>,
    /// This server's address, for feed URLs and the API fallback.
    server: String,
}

impl Base {
    fn new(state: &AppState, headers: &HeaderMap) -> Self {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
            .unwrap_or("localhost");
        let scheme = match headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()) {
            Some("https") => "https",
            _ => "http",
        };
        let server = format!("{scheme}://{host}");
        Self {
            site: state.config.public_url.clone(),
            server: state.config.public_url.clone().unwrap_or(server),
        }
    }

    fn article(&self, slug: &str) -> String {
        match &self.site {
            Some(site) => format!("{site}/articles/{slug}"),
            None => format!("{}/api/v1/articles/{slug}", self.server),
        }
    }

    /// An article's page for a sitemap: the site's own page when the site is configured (a
    /// news sitemap lists the publisher's pages, on the sitemap's host), else its canonical
    /// URL or its API address.
    fn page(&self, article: &crate::content::articles::Article) -> String {
        match (&self.site, &article.canonical_url) {
            (None, Some(canonical)) => canonical.clone(),
            _ => self.article(&article.slug),
        }
    }

    fn home(&self) -> String {
        self.site
            .clone()
            .unwrap_or_else(|| format!("{}/api/v1/articles", self.server))
    }
}

/// Reads the REST list parameters; feeds always carry bodies.
fn list(mut params: Params) -> AppResult<ArticleList> {
    let (query, page) = ArticleListQuery::take(&mut params)?;
    params.finish()?;
    let mut list = query.into_list(page)?;
    list.body = true;
    list.format = BodyFormat::Html;
    Ok(list)
}

/// The items of a page of articles.
fn items(page: ArticlePage, base: &Base) -> Vec<Item> {
    let related = page.related;
    page.page
        .items
        .into_iter()
        .map(|(_, article)| Item {
            url: article
                .canonical_url
                .clone()
                .unwrap_or_else(|| base.article(&article.slug)),
            content_html: body::render(&article.body, article.body_format, BodyFormat::Html),
            source: article.source_id.and_then(|id| related.sources.get(&id).cloned()),
            tags: related.tags.get(&article.id).cloned().unwrap_or_default(),
            article,
        })
        .collect()
}

/// Fetches, renders and labels one feed.
#[allow(clippy::too_many_arguments)]
async fn feed(
    state: &AppState,
    viewer: &Viewer,
    scope: Scope,
    params: Params,
    uri: &Uri,
    base: Base,
    (title, description): (String, String),
    format: Format,
) -> AppResult<Response> {
    let list = list(params)?;
    let page = fetch(state, viewer, scope, &list).await?;
    let keys = page.keys();
    let items = items(page, &base);
    let updated = items
        .iter()
        .filter_map(|i| i.article.published_at.map(|p| p.max(i.article.updated_at)))
        .max()
        .unwrap_or_else(|| viewer.now());
    let channel = Channel {
        title,
        description,
        link: base.home(),
        self_url: format!(
            "{}{}",
            base.server,
            uri.path_and_query().map(|p| p.as_str()).unwrap_or("/")
        ),
        language: None,
        updated,
    };
    let mut response = keys.attach(format.render(&channel, &items));
    response.extensions_mut().insert(LastModified(updated));
    Ok(response)
}

/// `/feeds/articles.rss`, `.atom` and `.json`.
async fn articles_feed(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(file): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    params: Params,
) -> AppResult<Response> {
    let format = match Format::split(&file)? {
        ("articles", format) => format,
        _ => return Err(AppError::not_found("feed", file)),
    };
    let base = Base::new(&state, &headers);
    let name = state.config.publication_name.clone();
    let about = (format!("{name}: articles"), format!("The latest articles of {name}"));
    feed(&state, &viewer, Scope::All, params, &uri, base, about, format).await
}

/// `/feeds/sources/{slug}.rss`, `.atom` and `.json`.
async fn source_feed(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(file): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    params: Params,
) -> AppResult<Response> {
    let (slug, format) = Format::split(&file)?;
    let source = crate::rest::sources::find(&state, slug).await?;
    let base = Base::new(&state, &headers);
    let about = (
        format!("{}: {}", state.config.publication_name, source.name),
        source
            .description
            .clone()
            .unwrap_or_else(|| format!("The latest articles from {}", source.name)),
    );
    feed(
        &state,
        &viewer,
        Scope::Source(source.id),
        params,
        &uri,
        base,
        about,
        format,
    )
    .await
}

/// `/feeds/tags/{slug}.rss`, `.atom` and `.json` (`kind` where kinds share the slug).
async fn tag_feed(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(file): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    mut params: Params,
) -> AppResult<Response> {
    let (slug, format) = Format::split(&file)?;
    let kind = crate::rest::params::tag_kind(&mut params)?;
    let tag = crate::rest::tags::find(&state, slug, kind).await?;
    let base = Base::new(&state, &headers);
    let about = (
        format!("{}: {}", state.config.publication_name, tag.name),
        format!("The latest articles about {}", tag.name),
    );
    feed(&state, &viewer, Scope::Tag(tag.id), params, &uri, base, about, format).await
}

/// The sitemap index: the news sitemap, dated by the newest public article.
async fn sitemap_index(State(state): State<AppState>, headers: HeaderMap, params: Params) -> AppResult<Response> {
    params.finish()?;
    let base = Base::new(&state, &headers);
    let (entries, keys) = recent(&state, &base, 1).await?;
    let text = sitemap::index(&[SitemapRef {
        loc: format!("{}/sitemaps/news.xml", base.server),
        lastmod: entries.first().map(|e| e.published_at),
    }]);
    Ok(keys.attach(([(header::CONTENT_TYPE, sitemap::CONTENT_TYPE)], text).into_response()))
}

/// The Google News sitemap: public articles of the last 48 hours, newest first, at most
/// 1,000.
async fn news_sitemap(State(state): State<AppState>, headers: HeaderMap, params: Params) -> AppResult<Response> {
    params.finish()?;
    let base = Base::new(&state, &headers);
    let (entries, keys) = recent(&state, &base, NEWS_MAX_URLS).await?;
    let text = sitemap::news(&state.config.publication_name, &entries);
    Ok(keys.attach(([(header::CONTENT_TYPE, sitemap::CONTENT_TYPE)], text).into_response()))
}

/// Up to `max` articles the public sees that were published in the news window, newest
/// first, read in pages of 100 (the content layer's page limit).
async fn recent(state: &AppState, base: &Base, max: usize) -> AppResult<(Vec<NewsEntry>, SurrogateKeys)> {
    // Sitemaps are for crawlers: always the public view, whatever key the request carries.
    let viewer = Viewer::anonymous(state.clock.now());
    let filter = ArticleFilter {
        published_at: Some(DateTimeFilter {
            gte: Some(viewer.now() - Duration::hours(NEWS_WINDOW_HOURS)),
            ..Default::default()
        }),
        ..Default::default()
    };
    let order = [ArticleOrder {
        field: ArticleOrderField::PublishedAt,
        direction: OrderDirection::Desc,
    }];
    // Headlines and links only: no bodies, sources or tags to load.
    let query = ArticleQuery::new(&viewer, Scope::All, Some(&filter))?.without_body();
    let mut entries = Vec::new();
    let mut keys = SurrogateKeys::default();
    keys.key(SurrogateKeys::ARTICLE_LISTS);
    let mut after = None;
    loop {
        let want = (max - entries.len()).min(MAX_PAGE_SIZE as usize);
        let args = PageArgs::cursors(Some(want as i32), after.take(), None, None);
        let page = query.page(&state.db, &order, &args).await?;
        let last = page.items.last().map(|(c, _)| c.clone());
        for (_, article) in page.items {
            keys.article(article.id);
            entries.push(NewsEntry {
                loc: base.page(&article),
                published_at: article.published_at.unwrap_or_else(|| viewer.now()),
                title: article.title,
                language: article.language,
            });
        }
        match last {
            Some(cursor) if page.has_next_page && entries.len() < max => after = Some(cursor),
            _ => break,
        }
    }
    Ok((entries, keys))
}
