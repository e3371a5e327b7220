//! Full-text search over articles, with each database's own engine and one syntax.
//!
//! The syntax (README, "Search") is PostgreSQL's `websearch_to_tsquery`: words must all
//! appear; `"a phrase"` must appear as written; `-word` or `-"a phrase"` must not appear;
//! `or` between two words (or phrases) lets either do. Words are compared case- and
//! accent-insensitively. The string is parsed here once, and each engine is given a
//! query it cannot misread (every word quoted), so all three find the same articles for
//! the same string, and no string can make the database raise an error:
//!
//! - PostgreSQL: the generated `articles.search` column with `websearch_to_tsquery` in the
//!   configuration of each article's language (so English words match their inflections),
//!   ranked by `ts_rank_cd`, highlighted here with the stemmer of the article's configuration;
//! - SQLite: the FTS5 table `articles_search`, ranked by `bm25()`, highlighted here;
//! - MariaDB/MySQL: the FULLTEXT indexes of `article_search` in boolean mode, ranked by
//!   `MATCH … AGAINST` (three times over for the title), highlighted here.
//!
//! The migration `m20261125_000004_create_search_index` creates the indexes and keeps them
//! in sync with `articles`.

use sea_orm::sea_query::{
    Alias, Asterisk, CaseStatement, Condition, Expr, ExprTrait, JoinType, Order, Query, QueryStatementBuilder,
    SelectStatement, UnionType,
};

use crate::content::articles::RELEVANCE_WINDOW;
use crate::content::pagination::{plan_rows, planner_plan};
use chrono::{DateTime, Utc};
use rust_stemmers::{Algorithm, Stemmer};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::collections::{BTreeSet, HashMap};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::error::{AppError, AppResult};
use migration::EVERY_PAIR;

/// Longest search string, in characters.
pub const MAX_SEARCH_CHARS: usize = 256;
/// Most words and phrases in one search.
const MAX_TERMS: usize = 32;

/// Marks where a match starts and ends in the snippets the databases return, before they
/// are HTML-escaped: private-use characters, which no text means to contain.
const MARK_START: char = '\u{E000}';
const MARK_END: char = '\u{E001}';
/// Words around the first match in a highlight built here (MySQL).
const SNIPPET_WORDS: usize = 30;

/// A word, or a phrase: words that must follow one another.
#[derive(Clone, Debug, PartialEq)]
struct Term(Vec<String>);

impl Term {
    /// The term in double quotes, as every engine reads a phrase (its words hold no quote).
    fn quoted(&self) -> String {
        format!("\"{}\"", self.0.join(" "))
    }
}

/// A parsed search: every group must match (a group matches when any of its terms does),
/// and no excluded term may.
#[derive(Clone, Debug, PartialEq)]
pub struct Search {
    groups: Vec<Vec<Term>>,
    excluded: Vec<Term>,
}

/// A search ready to run on one database.
#[derive(Clone, Debug)]
pub struct SearchQuery {
    search: Search,
    backend: DbBackend,
    /// PostgreSQL: the search as a `tsquery` in each configuration the archive's languages
    /// use, with those languages.
    queries: Vec<LanguageQuery>,
    /// PostgreSQL: each language's stemmer, for highlights.
    stemmers: Vec<(String, Option<Algorithm>)>,
    /// PostgreSQL: the planner's count of articles, for [`SearchQuery::window`].
    articles: f64,
}

/// Where a page finds its matches (see [`SearchQuery::restrict_page`]), learnt before the
/// page's statement: by [`SearchQuery::window`] for a page ranked by relevance of a search
/// with many matches, by [`SearchQuery::unranked_window`] for a page in another order.
#[derive(Clone, Debug, PartialEq)]
pub enum Window {
    /// A page in another order than relevance: the search matches so many articles that
    /// walking the order's index finds the page soonest. PostgreSQL (see [`WALK_SHARE`]):
    /// the planner, seeing the words, may walk and check each article. SQLite (see
    /// [`SQLITE_WALK_SHARE`]): the walk keeps the articles among the matches, and the page
    /// is scored after it is read (see [`SearchQuery::scored_after_page`]). Without it, the
    /// page's matches are collected from the full-text index (see
    /// [`SearchQuery::condition`]), on SQLite with every match's score.
    Walk,
    /// PostgreSQL: first among the matches published after this time (see [`window_bound`]).
    PublishedAfter(DateTime<Utc>),
    /// PostgreSQL: first among this many of the newest articles, walked newest first and
    /// each checked, for a search that matches a large share of them (see
    /// [`RANKED_WALK_SHARE`]).
    Newest(u64),
    /// SQLite: the window itself, as the rows of its articles in the search index
    /// (`articles.search_rowid`).
    Rows(Vec<i64>),
}

/// PostgreSQL's statistics of `articles.published_at` (see [`window_bound`]): its histogram
/// (oldest first, each bucket holding as many articles) and the share of articles without
/// a publication time. The histogram is empty before the table's first `ANALYZE`.
#[derive(Clone, Debug, Default)]
struct Published {
    bounds: Vec<DateTime<Utc>>,
    nulls: f64,
}

/// PostgreSQL: languages searched with one text search configuration, and the search as
/// that configuration reads it.
#[derive(Clone, Debug)]
struct LanguageQuery {
    languages: Vec<String>,
    tsquery: String,
    /// The words the query looks for, as its configuration stems them (sorted): highlights
    /// mark the words that stem to one of them.
    lexemes: Vec<String>,
    /// The pairs of adjacent words its phrases need, as a `tsquery` on
    /// `gazette_search_pairs(search)` (see [`tsquery_pairs`]), when it has any.
    pairs: Option<String>,
}

impl LanguageQuery {
    fn new(languages: Vec<String>, tsquery: String) -> Self {
        let tokens = query_tokens(&tsquery);
        LanguageQuery {
            languages,
            // The query's text read once for both.
            lexemes: tsquery_lexemes(tokens.as_deref().unwrap_or_default()),
            pairs: tokens.and_then(tsquery_pairs),
            tsquery,
        }
    }
}

impl Search {
    /// Parses a search string given as `field`. An empty string, one with nothing to look
    /// for (only exclusions or punctuation), or one too long is refused.
    pub fn parse(field: &str, text: &str) -> AppResult<Self> {
        if text.trim().is_empty() {
            return Err(AppError::bad_field(field, format!("`{field}` must not be empty")));
        }
        if text.chars().count() > MAX_SEARCH_CHARS {
            return Err(AppError::bad_field(
                field,
                format!("`{field}` must be at most {MAX_SEARCH_CHARS} characters"),
            ));
        }
        let mut search = Search {
            groups: Vec::new(),
            excluded: Vec::new(),
        };
        let mut or_pending = false;
        let mut rest = text;
        while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
            rest = &rest[start..];
            let negated = rest.starts_with('-');
            if negated {
                rest = &rest[1..];
            }
            let (raw, quoted) = if let Some(quoted) = rest.strip_prefix('"') {
                let end = quoted.find('"').unwrap_or(quoted.len());
                let raw = &quoted[..end];
                rest = quoted.get(end + 1..).unwrap_or("");
                (raw, true)
            } else {
                let end = rest.find(|c: char| c.is_whitespace() || c == '"').unwrap_or(rest.len());
                let raw = &rest[..end];
                rest = &rest[end..];
                (raw, false)
            };
            if !quoted && !negated && raw.eq_ignore_ascii_case("or") {
                or_pending = !search.groups.is_empty();
                continue;
            }
            let words = words(raw);
            if words.is_empty() {
                continue;
            }
            let term = Term(words);
            if negated {
                search.excluded.push(term);
            } else if or_pending && let Some(group) = search.groups.last_mut() {
                group.push(term);
            } else {
                search.groups.push(vec![term]);
            }
            or_pending = false;
        }
        if search.groups.iter().map(Vec::len).sum::<usize>() + search.excluded.len() > MAX_TERMS {
            return Err(AppError::bad_field(
                field,
                format!("`{field}` may hold at most {MAX_TERMS} words and phrases"),
            ));
        }
        if search.groups.is_empty() {
            return Err(AppError::bad_field(
                field,
                format!("`{field}` has no word to look for (only exclusions or punctuation)"),
            ));
        }
        Ok(search)
    }

    /// The search in PostgreSQL's web search syntax, every word quoted: also the search's
    /// normal form, the same for every way of writing it.
    pub fn normalized(&self) -> String {
        let mut parts: Vec<String> = self
            .groups
            .iter()
            .map(|g| g.iter().map(Term::quoted).collect::<Vec<_>>().join(" or "))
            .collect();
        parts.extend(self.excluded.iter().map(|t| format!("-{}", t.quoted())));
        parts.join(" ")
    }

    /// The search as an FTS5 query: `("a" OR "b") AND "c d" NOT "e"`.
    fn fts5(&self) -> String {
        let groups: Vec<String> = self
            .groups
            .iter()
            .map(|g| format!("({})", g.iter().map(Term::quoted).collect::<Vec<_>>().join(" OR ")))
            .collect();
        let mut query = format!("({})", groups.join(" AND "));
        for t in &self.excluded {
            query.push_str(" NOT ");
            query.push_str(&t.quoted());
        }
        query
    }

    /// The search in MySQL's boolean mode: `+("a" "b") +("c d") -"e"`.
    fn boolean_mode(&self) -> String {
        let mut parts: Vec<String> = self
            .groups
            .iter()
            .map(|g| format!("+({})", g.iter().map(Term::quoted).collect::<Vec<_>>().join(" ")))
            .collect();
        parts.extend(self.excluded.iter().map(|t| format!("-{}", t.quoted())));
        parts.join(" ")
    }

    /// The words to mark in a highlight, folded.
    fn wanted_words(&self) -> Vec<String> {
        let mut wanted: Vec<String> = self
            .groups
            .iter()
            .flatten()
            .flat_map(|t| t.0.iter().map(|w| fold(w)))
            .collect();
        wanted.sort();
        wanted.dedup();
        wanted
    }

    /// Prepares the search for `db`'s engine. On PostgreSQL this reads which languages the
    /// archive holds (skipping through their index, a few index probes) and parses the
    /// search once in each of their configurations: each language is searched in its own,
    /// and the statements then compare plain languages and bound `tsquery` values (working
    /// the configuration out row by row cost more than the search itself).
    pub async fn prepare(self, db: &impl ConnectionTrait) -> AppResult<SearchQuery> {
        let backend = db.get_database_backend();
        let mut queries: Vec<LanguageQuery> = Vec::new();
        let mut articles = 0.0;
        let mut stemmers = Vec::new();
        if backend == DbBackend::Postgres {
            let statement =
                Statement::from_sql_and_values(backend, PG_QUERIES_PER_LANGUAGE, [self.normalized().into()]);
            for row in db.query_all_raw(statement).await? {
                let language: String = row.try_get("", "language")?;
                let tsquery: String = row.try_get("", "query")?;
                let config: String = row.try_get("", "config")?;
                articles = row.try_get::<f64>("", "articles")?;
                stemmers.push((language.clone(), stemmer_of(&config)));
                match queries.iter_mut().find(|q| q.tsquery == tsquery) {
                    Some(same) => same.languages.push(language),
                    None => queries.push(LanguageQuery::new(vec![language], tsquery)),
                }
            }
        }
        Ok(SearchQuery {
            search: self,
            backend,
            queries,
            stemmers,
            articles,
        })
    }
}

/// How many times the relevance window's articles a bounded or walked window reaches back
/// for (see [`window_bound`], [`Window::Newest`]): room for the planner's estimate of the
/// matches to be that far off before the window must be found again among all of them.
const WINDOW_MARGIN: f64 = 2.0;

/// PostgreSQL: a publication time after which, among `articles` of which `matches` match a
/// search, about [`WINDOW_MARGIN`] times the [`RELEVANCE_WINDOW`] matches were published
/// by `now`, read from the statistics' histogram `published`; `None` when that reaches
/// back over half the archive (the bound would then save little) or the statistics are
/// missing.
///
/// Collecting the newest matches otherwise visits the row of every match for its
/// publication time: 17,000 rows and 58 ms for a word in one article in six among 100,000.
/// With the bound PostgreSQL intersects the full-text index with the publication-time
/// index first and visits only the few hundred rows in both (7 ms). Any bound gives the
/// right window as long as at least the window's count of matches lies after it: the
/// statement checks that and finds the window again without the bound when not.
fn window_bound(matches: f64, articles: f64, published: &Published, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let buckets = published.bounds.len().checked_sub(1).filter(|&b| b > 0)?;
    let wanted = window_reach(matches, articles)?;
    let dated = articles * (1.0 - published.nulls).clamp(0.0, 1.0);
    let per_bucket = dated / buckets as f64;
    let mut reached = 0.0;
    // From the newest bucket down, counting only buckets wholly published by `now`
    // (scheduled articles are not searched): counting less than there is only widens the
    // bound.
    for lower in (0..buckets).rev() {
        if published.bounds[lower + 1] > now {
            continue;
        }
        reached += per_bucket;
        if reached > dated / 2.0 {
            return None;
        }
        if reached >= wanted {
            return Some(published.bounds[lower]);
        }
    }
    None
}

/// How many of the newest `articles` a bounded window should reach back over when
/// `matches` of them match; `None` when that is over half of them.
fn window_reach(matches: f64, articles: f64) -> Option<f64> {
    if matches <= 0.0 || articles <= 0.0 {
        return None;
    }
    let reach = WINDOW_MARGIN * RELEVANCE_WINDOW as f64 * articles / matches.min(articles);
    (reach <= articles / 2.0).then_some(reach)
}

/// PostgreSQL: the share of the articles a search must match for a page in another order
/// than relevance to be found by walking the order's index (see [`Window::Walk`]). A walked
/// article costs about 6 µs, its `tsvector` read from TOAST to check it, and a page of 20
/// walks 20 / share articles; a collected match costs 1–1.5 µs (see
/// [`SearchQuery::condition`]). On 100,000 articles the two meet near 3%; a word below that
/// took half a second walked ("lishadin", in one article, walked all of them: 481 ms) and
/// 0.1 ms collected, while "said" (in 65% of them) took 1.9 ms walked, 98 ms collected.
const WALK_SHARE: f64 = 0.03;

/// PostgreSQL: the share of the articles a search must match for its relevance window to be
/// looked for by walking the newest articles and checking each (see [`Window::Newest`]),
/// rather than collecting its matches published after a time (see [`window_bound`]). A
/// walked article costs about 12 µs, its `tsvector` read from TOAST, and the window walks
/// 300 / share of them; collecting reads the word's whole list from the GIN index and
/// visits each match after the time. Measured on 100,000 articles (the page's statement,
/// walked against collected): "said" (in 65% of them) 3.9 against 12 ms, "talks" (54%) 4.6
/// against 11–17 ms, "show" (30%) 7.3 against 8–9 ms, "critics" (21%) 16 against 8 ms.
const RANKED_WALK_SHARE: f64 = 0.4;

/// PostgreSQL: how a statement gives the planner a search's `tsquery`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Words {
    /// As a literal (see [`tsquery_literal`]): the planner estimates the matches from the
    /// words and picks the plan that fits them, walking an index and checking each article
    /// for a common word.
    Planned,
    /// Behind a scalar subquery, which the planner does not look into: it assumes few
    /// matches and collects them from the GIN index, the cheapest way to read all of them.
    /// It cannot count what checking an article costs (its `tsvector` read from TOAST):
    /// shown a common word, it would check every article instead.
    Hidden,
}

impl Words {
    /// `tsquery` as an SQL expression, given as this says.
    fn tsquery(self, tsquery: &str) -> String {
        match self {
            Words::Planned => tsquery_literal(tsquery),
            Words::Hidden => format!("(SELECT {})", tsquery_literal(tsquery)),
        }
    }
}

/// PostgreSQL: an article in one of `q`'s languages matching `q`, its `tsquery` given as
/// `words` says, collected through an index.
///
/// A query with phrases collects the articles holding their pairs of adjacent words, from
/// the index on `gazette_search_pairs(search)` (see the migration
/// `m20261206_000007_index_search_pairs`): the index of `search` knows which articles hold
/// a phrase's words, not whether they follow one another, so for a phrase of common words
/// PostgreSQL would read the vector of every article holding them. The query itself is
/// then checked on the few articles found, written as the function behind `@@` so that the
/// planner neither intersects the words' long list from the other index nor multiplies its
/// estimate of the pairs by its own guess for the phrase (which counts its words as if
/// they were independent); it takes a third of the articles found by the pairs instead.
fn pg_match(q: &LanguageQuery, words: Words) -> Condition {
    match &q.pairs {
        None => pg_checked(q, words),
        Some(pairs) => pg_holding_pairs(q, pairs, words).add(Expr::cust(format!(
            "ts_match_vq(articles.search, {})",
            words.tsquery(&q.tsquery)
        ))),
    }
}

/// PostgreSQL: what [`SearchQuery::pg_estimated_matches`] and `totalCountEstimate` (see
/// [`SearchQuery::planned_condition`]) have the planner count for `q`:
/// with phrases, the articles in its languages holding their pairs, which the planner
/// estimates from the statistics of their index, close to the phrase's own count (seeing
/// the check of [`pg_match`] as well, it would take a third of that); else its matches.
fn pg_estimated(q: &LanguageQuery) -> Condition {
    match &q.pairs {
        None => pg_checked(q, Words::Planned),
        Some(pairs) => pg_holding_pairs(q, pairs, Words::Planned),
    }
}

/// PostgreSQL: an article in one of `q`'s languages holding `pairs` (see
/// [`tsquery_pairs`]), through their index.
fn pg_holding_pairs(q: &LanguageQuery, pairs: &str, words: Words) -> Condition {
    Condition::all().add(pg_language(q)).add(Expr::cust(format!(
        "gazette_search_pairs(articles.search) @@ {}",
        words.tsquery(pairs)
    )))
}

/// PostgreSQL: an article in one of `q`'s languages matching `q`, checked on its vector (or
/// collected from the index of `search`).
fn pg_checked(q: &LanguageQuery, words: Words) -> Condition {
    Condition::all()
        .add(pg_language(q))
        .add(Expr::cust(format!("articles.search @@ {}", words.tsquery(&q.tsquery))))
}

/// PostgreSQL: adds to `rows` (read from `articles`) what a relevance window is chosen by:
/// `order` as `newest` and `id`, and the row's address as `heap_row`.
fn with_window_columns(rows: &mut SelectStatement, order: &[Expr; 2]) {
    let [newest, id] = order;
    rows.expr_as(newest.clone(), Alias::new("newest"))
        .expr_as(id.clone(), Alias::new("id"))
        .expr_as(Expr::cust("articles.ctid"), Alias::new("heap_row"));
}

/// PostgreSQL: the `heap_row` of the [`RELEVANCE_WINDOW`] newest of `rows` (which carry the
/// columns of [`with_window_columns`]), read from them as `alias`.
fn pg_newest_first(rows: SelectStatement, alias: &str) -> SelectStatement {
    let column = |name: &str| (Alias::new(alias), Alias::new(name));
    let mut window = Query::select();
    window
        .column(column("heap_row"))
        .from_subquery(rows, Alias::new(alias))
        .order_by(column("newest"), Order::Desc)
        .order_by(column("id"), Order::Desc)
        .limit(RELEVANCE_WINDOW);
    window
}

fn pg_language(q: &LanguageQuery) -> Expr {
    Expr::col((Alias::new("articles"), Alias::new("language"))).is_in(q.languages.clone())
}

/// SQLite: how many of the newest `articles` to walk for the relevance window when
/// `matches` of them match ([`WINDOW_MARGIN`] times what the matches' share says), if
/// walking is the faster way: when that is fewer than the matches. Measured on 100,000
/// articles, a walked article costs about what joining and ranking one match does (3.5
/// and 4 µs): walking wins for words in more than one article in thirteen or so.
fn walk_reach(matches: f64, articles: f64) -> Option<u64> {
    if matches < RELEVANCE_WINDOW as f64 || articles <= 0.0 {
        return None;
    }
    let reach = WINDOW_MARGIN * RELEVANCE_WINDOW as f64 * articles / matches;
    (reach <= matches).then_some(reach.ceil() as u64)
}

/// SQLite: how well a row of the full-text index matches, higher is better (the weights are
/// those of title, subtitle and summary, byline, body).
const SQLITE_SCORE: &str = "-bm25(articles_search, 10.0, 4.0, 2.0, 1.0)";

/// SQLite: the share of the articles a search must match for a page in another order than
/// relevance to walk the order's index (see [`Window::Walk`]), keeping the articles among
/// the matches, rather than join every match and sort them. Measured on 100,000 articles
/// (count, walk and scoring the page, against the join): a word in 1.6% took 1.8 against
/// 2.0 ms, in 8.5% 3.0 against 10.5 ms, in 42% 12 against 38 ms; in 0.5%, 5 against 0.9 ms.
const SQLITE_WALK_SHARE: f64 = 0.02;

/// SQLite: "the full-text index's row is one of `rows`", checked on the rows a scan of the
/// index finds (`+` keeps SQLite from starting a scan for each of `rows`).
fn sqlite_among_rows(rows: &[i64]) -> Expr {
    let rows = rows.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    Expr::cust_with_values(
        "+articles_search.rowid IN (SELECT value FROM json_each(?))",
        [format!("[{rows}]")],
    )
}

/// SQLite: the search's (`?`) matches, counted in the full-text index alone, and about how
/// many articles there are (the highest search-index row, read off its index).
const SQLITE_MATCHES: &str = "SELECT (SELECT count(*) FROM articles_search WHERE articles_search MATCH ?) AS matches, \
     (SELECT max(search_rowid) FROM articles) AS articles";

/// The languages in `articles`, read by a loose index scan over `ix_articles_language` (one
/// probe per distinct language, not a table scan), each with the search (`$1`) parsed in
/// its configuration.
const PG_QUERIES_PER_LANGUAGE: &str = r#"
WITH RECURSIVE languages AS (
  (SELECT language FROM articles ORDER BY language LIMIT 1)
  UNION ALL
  SELECT (SELECT a.language FROM articles a WHERE a.language > l.language ORDER BY a.language LIMIT 1)
  FROM languages l WHERE l.language IS NOT NULL
)
SELECT language, websearch_to_tsquery(gazette_search_config(language), $1)::text AS query,
  gazette_search_config(language)::text AS config,
  (SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass)::float8 AS articles
FROM languages WHERE language IS NOT NULL"#;

/// PostgreSQL's statistics of `articles.published_at` (see [`Published`]), the histogram as
/// seconds since 1970 separated by commas. Reading `pg_stats` costs about a millisecond,
/// so only searches that a bound can speed up read it.
const PG_PUBLISHED_STATISTICS: &str = r#"
SELECT (SELECT string_agg(extract(epoch FROM b)::bigint::text, ',' ORDER BY b)
        FROM unnest(s.histogram_bounds::text::timestamptz[]) b) AS bounds,
  s.null_frac::float8 AS nulls
FROM pg_stats s
WHERE s.schemaname = current_schema() AND s.tablename = 'articles' AND s.attname = 'published_at'
  AND NOT s.inherited"#;

// The PostgreSQL expressions number their placeholders (`$1`), as sea-query expects there;
// the others use `?`.

impl SearchQuery {
    /// For a page ranked by relevance of articles that are all published (so newest first is
    /// by `published_at`, then `id`): where to find the [`RELEVANCE_WINDOW`] newest matches
    /// under `base`, when the search has so many matches that finding them among all of
    /// them is slow. `None` when the page's statement alone serves.
    pub async fn window(
        &self,
        db: &impl ConnectionTrait,
        base: &Condition,
        now: DateTime<Utc>,
    ) -> AppResult<Option<Window>> {
        match self.backend {
            DbBackend::Postgres => self.pg_window(db, base, now).await,
            DbBackend::Sqlite => self.sqlite_window(db, base, now).await,
            _ => Ok(None),
        }
    }

    /// For a page in another order than relevance: [`Window::Walk`] when the search matches
    /// so many articles that walking the order's index finds a page soonest. PostgreSQL
    /// estimates the matches under `base` from one `EXPLAIN`; SQLite counts all matches in
    /// the full-text index.
    pub async fn unranked_window(&self, db: &impl ConnectionTrait, base: &Condition) -> AppResult<Option<Window>> {
        if self.backend == DbBackend::Sqlite {
            let (matches, articles) = self.sqlite_matches(db).await?;
            return Ok((articles > 0.0 && matches / articles >= SQLITE_WALK_SHARE).then_some(Window::Walk));
        }
        if self.backend != DbBackend::Postgres || self.articles <= 0.0 {
            return Ok(None);
        }
        let matches = self.pg_estimated_matches(db, base).await?;
        Ok(matches
            .filter(|matches| matches / self.articles >= WALK_SHARE)
            .map(|_| Window::Walk))
    }

    /// PostgreSQL: the planner's estimate of the matches under `base`, from one `EXPLAIN`;
    /// `None` when the archive holds no article.
    async fn pg_estimated_matches(&self, db: &impl ConnectionTrait, base: &Condition) -> AppResult<Option<f64>> {
        let Some(matches) = self.pg_union(|_, q| {
            let mut branch = self.pg_branch(base, None, pg_estimated(q));
            branch.expr(Expr::val(1));
            branch
        }) else {
            return Ok(None);
        };
        let plan = planner_plan(db, self.backend.build(&matches)).await?;
        Ok(Some(plan_rows(&plan)?))
    }

    /// PostgreSQL: where to look for the window first, from one `EXPLAIN` of the matches: for
    /// a search matching a large share of the articles, among the newest (see
    /// [`RANKED_WALK_SHARE`]); else among those published after a time (see
    /// [`window_bound`]).
    async fn pg_window(
        &self,
        db: &impl ConnectionTrait,
        base: &Condition,
        now: DateTime<Utc>,
    ) -> AppResult<Option<Window>> {
        let Some(matches) = self.pg_estimated_matches(db, base).await? else {
            return Ok(None);
        };
        let Some(reach) = window_reach(matches, self.articles) else {
            return Ok(None);
        };
        if matches / self.articles >= RANKED_WALK_SHARE {
            return Ok(Some(Window::Newest(reach.ceil() as u64)));
        }
        let statement = Statement::from_string(self.backend, PG_PUBLISHED_STATISTICS);
        let published = match db.query_one_raw(statement).await? {
            Some(row) => Published {
                bounds: row
                    .try_get::<Option<String>>("", "bounds")?
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|secs| DateTime::from_timestamp(secs.parse().ok()?, 0))
                    .collect(),
                nulls: row.try_get::<Option<f64>>("", "nulls")?.unwrap_or(0.0),
            },
            None => return Ok(None),
        };
        Ok(window_bound(matches, self.articles, &published, now).map(Window::PublishedAfter))
    }

    /// SQLite: the window, found by walking the newest articles under `base` (through the
    /// publication-time index) and keeping those in the full-text index's matches, when the
    /// search matches so many articles that this walk is short.
    ///
    /// The page's statement otherwise joins every match to its article to find the newest
    /// and computes `bm25()` for each: about 150 ms a page for a word in two articles in
    /// three among 100,000. Walked, the window took 14 ms, and the page, ranking just its
    /// 300 rows (see [`restrict_page`](Self::restrict_page)), 12 ms.
    ///
    /// The walk reaches back [`WINDOW_MARGIN`] times as far as the matches' share says it
    /// needs, no further: a filter under which the word is rarer would make it long. When
    /// that holds fewer than the window's count, `None`: the page's statement finds the
    /// window among all matches.
    async fn sqlite_window(
        &self,
        db: &impl ConnectionTrait,
        base: &Condition,
        now: DateTime<Utc>,
    ) -> AppResult<Option<Window>> {
        let (matches, articles) = self.sqlite_matches(db).await?;
        let Some(reach) = walk_reach(matches, articles) else {
            return Ok(None);
        };
        let published_at = || Expr::col((Alias::new("articles"), Alias::new("published_at")));
        let mut walk = Query::select();
        walk.column((Alias::new("articles"), Alias::new("search_rowid")))
            .from(Alias::new("articles"))
            .cond_where(base.clone())
            // The publication time of the article `reach` places from the newest published
            // by `now` (scheduled ones are not searched), read off the index alone. NULL
            // (fewer articles than that): nothing is walked.
            .and_where(published_at().gte(Expr::cust_with_values(
                "(SELECT newest.published_at FROM articles AS newest WHERE newest.published_at <= ? \
                 ORDER BY newest.published_at DESC LIMIT 1 OFFSET ?)",
                [sea_orm::Value::from(now), sea_orm::Value::from(reach)],
            )))
            // `+` keeps SQLite from driving the walk from the matches' rows instead.
            .and_where(self.sqlite_walked_match())
            .order_by_expr(published_at(), Order::Desc)
            .order_by((Alias::new("articles"), Alias::new("id")), Order::Desc)
            .limit(RELEVANCE_WINDOW);
        let rows = db
            .query_all_raw(self.backend.build(&walk))
            .await?
            .iter()
            .map(|row| row.try_get_by_index::<i64>(0))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((rows.len() as u64 == RELEVANCE_WINDOW).then_some(Window::Rows(rows)))
    }

    /// SQLite: how many articles the search matches, counted in the full-text index alone,
    /// and about how many articles there are (see [`SQLITE_MATCHES`]).
    async fn sqlite_matches(&self, db: &impl ConnectionTrait) -> AppResult<(f64, f64)> {
        let statement = Statement::from_sql_and_values(self.backend, SQLITE_MATCHES, [self.search.fts5().into()]);
        let Some(row) = db.query_one_raw(statement).await? else {
            return Ok((0.0, 0.0));
        };
        let matches = row.try_get::<i64>("", "matches")? as f64;
        let articles = row.try_get::<Option<i64>>("", "articles")?.unwrap_or(0) as f64;
        Ok((matches, articles))
    }

    /// SQLite: "the article is among the matches", for a walk of the articles: the matches
    /// are a list SQLite builds once, and `+` keeps it from driving the statement instead.
    fn sqlite_walked_match(&self) -> Expr {
        Expr::cust_with_values(
            "+articles.search_rowid IN (SELECT rowid FROM articles_search WHERE articles_search MATCH ?)",
            [self.search.fts5()],
        )
    }

    /// Whether a page's scores come from [`sqlite_scores`](Self::sqlite_scores) after the
    /// page is read, rather than from [`score`](Self::score) in its statement: on SQLite,
    /// for a page in another order than relevance that walks its order's index.
    pub fn scored_after_page(&self, ranked: bool, window: Option<&Window>) -> bool {
        self.backend == DbBackend::Sqlite && !ranked && window == Some(&Window::Walk)
    }

    /// SQLite: the scores of the articles whose rows in the search index are `rows`, for a
    /// page that walked its order's index (see [`Window::Walk`]), from one scan of the
    /// full-text index. `bm25()` counts the documents holding each word once per scan:
    /// scored row by row, it would count them again for each.
    pub async fn sqlite_scores(&self, db: &impl ConnectionTrait, rows: &[i64]) -> AppResult<HashMap<i64, f64>> {
        let mut scores = Query::select();
        scores
            .expr(Expr::cust("articles_search.rowid"))
            .expr(Expr::cust(SQLITE_SCORE))
            .from(Alias::new("articles_search"))
            .and_where(Expr::cust_with_values("articles_search MATCH ?", [self.search.fts5()]))
            .and_where(sqlite_among_rows(rows));
        db.query_all_raw(self.backend.build(&scores))
            .await?
            .iter()
            .map(|row| Ok((row.try_get_by_index::<i64>(0)?, row.try_get_by_index::<f64>(1)?)))
            .collect()
    }

    /// The condition "the article matches", for counts, facets and pages in another order
    /// than relevance, among the articles under `base` (the list's condition without the
    /// search).
    ///
    /// On PostgreSQL the matches are collected from the full-text index, by row address
    /// (`ctid`, read within this one statement, as in [`restrict_page`](Self::restrict_page)),
    /// and the words are hidden from the planner (see [`Words::Hidden`]). Seeing a common
    /// word, it would check every article instead, reading each one's `tsvector` from TOAST:
    /// counting the 62,000 matches of "said" among 100,000 articles took 285 ms in three
    /// processes (a parallel scan), 64 ms collected.
    pub fn condition(&self, base: &Condition) -> Condition {
        match self.backend {
            DbBackend::Postgres => {
                let matches = self.pg_union(|_, q| {
                    let mut branch = self.pg_branch(base, None, pg_match(q, Words::Hidden));
                    branch.expr(Expr::cust("articles.ctid"));
                    branch
                });
                match matches {
                    Some(matches) => Condition::all().add(Expr::cust_with_exprs(
                        "articles.ctid = ANY(ARRAY($1))",
                        [Expr::SubQuery(None, Box::new(matches.into_sub_query_statement()))],
                    )),
                    // No article at all: nothing matches.
                    None => Condition::all().add(Expr::val(false)),
                }
            }
            _ => self.planned_condition(),
        }
    }

    /// The condition "the article matches" as the planner should see it: with the words on
    /// PostgreSQL (see [`tsquery_literal`]), for its estimate of the matches
    /// (`totalCountEstimate`); a phrase as its pairs of words (see [`pg_estimated`]).
    pub fn planned_condition(&self) -> Condition {
        match self.backend {
            DbBackend::Postgres => {
                let matches = self.pg_union(|_, q| {
                    let mut branch = self.pg_branch(&Condition::all(), None, pg_estimated(q));
                    branch.column((Alias::new("articles"), Alias::new("id")));
                    branch
                });
                match matches {
                    Some(matches) => {
                        Condition::all().add(Expr::col((Alias::new("articles"), Alias::new("id"))).in_subquery(matches))
                    }
                    // No article at all: nothing matches.
                    None => Condition::all().add(Expr::val(false)),
                }
            }
            DbBackend::MySql => Condition::all().add(Expr::cust_with_values(
                "articles.id IN (SELECT article_id FROM article_search \
                 WHERE MATCH (title, summary, byline, body) AGAINST (? IN BOOLEAN MODE))",
                [self.search.boolean_mode()],
            )),
            _ => Condition::all().add(Expr::cust_with_values(
                "articles.search_rowid IN (SELECT rowid FROM articles_search WHERE articles_search MATCH ?)",
                [self.search.fts5()],
            )),
        }
    }

    /// PostgreSQL: the condition "the article matches" for a page or a relevance window that
    /// walks its order's index (see [`Window::Walk`], [`Window::Newest`]), checked on each
    /// article walked: its language's query, written out. Joined to the matches collected by
    /// a union instead, PostgreSQL would collect them all first: 217 ms for "similar", in 18%
    /// of 100,000 articles, where walking found the page in 2 ms.
    fn pg_walked_condition(&self) -> Condition {
        // Each walked article is checked on its vector; its pairs would only add work.
        (self.queries.iter()).fold(Condition::any(), |any, q| any.add(pg_checked(q, Words::Planned)))
    }

    /// Adds the match to `select` for a page, where each row also gets its score (and
    /// highlight). `base` is the list's condition without the search.
    ///
    /// With `newest_first` (a page ordered by relevance) only the [`RELEVANCE_WINDOW`]
    /// newest matches are ranked: scoring reads each match's row or index entry, so ranking
    /// every match of a common word in a large archive would take seconds. For news the
    /// newest matches are the ones readers want ranked; a search with fewer matches is
    /// ranked in full; counts are not limited.
    ///
    /// `window`: the search's [`window`](Self::window), when it found one.
    pub fn restrict_page(
        &self,
        select: &mut SelectStatement,
        base: &Condition,
        newest_first: Option<[Expr; 2]>,
        window: Option<&Window>,
    ) {
        if self.scored_after_page(newest_first.is_some(), window) {
            // The order's index drives, each article kept when it is among the matches. The
            // page's scores come after, from `sqlite_scores`.
            select.and_where(self.sqlite_walked_match());
            return;
        }
        if self.backend == DbBackend::Sqlite {
            // FTS5 drives: matches (and their bm25) come from one scan of the full-text
            // index. Joined the other way round, SQLite evaluates the MATCH again for every
            // candidate row.
            let mut hits = Query::select();
            hits.expr_as(Expr::cust("articles.id"), Alias::new("id"))
                .expr_as(Expr::cust(SQLITE_SCORE), Alias::new("score"))
                .from(Alias::new("articles_search"))
                .join(
                    JoinType::InnerJoin,
                    Alias::new("articles"),
                    Expr::cust("articles.search_rowid = articles_search.rowid"),
                )
                .and_where(Expr::cust_with_values("articles_search MATCH ?", [self.search.fts5()]));
            match (newest_first, window) {
                (Some(_), Some(Window::Rows(rows))) => {
                    // Only the window's rows are ranked, still in one scan of the index:
                    // `bm25()` counts the documents holding each word once per scan, and
                    // `+` keeps SQLite from starting a scan for each row.
                    hits.and_where(sqlite_among_rows(rows));
                }
                (Some(order), _) => {
                    hits.cond_where(base.clone());
                    for expr in order {
                        hits.order_by_expr(expr, Order::Desc);
                    }
                    hits.limit(RELEVANCE_WINDOW);
                }
                (None, _) => {
                    hits.cond_where(base.clone());
                }
            }
            select.join_subquery(
                JoinType::InnerJoin,
                hits,
                Alias::new("search_hits"),
                Expr::cust("search_hits.id = articles.id"),
            );
            return;
        }
        if self.backend == DbBackend::Postgres
            && let Some(order) = newest_first
        {
            // The window holds only matches: the page needs no other test of the match. The
            // window carries its rows' addresses (`ctid`), and as an array they make PostgreSQL
            // fetch just those rows (a TID scan); joined, it would sometimes read the whole
            // table to hash a thousand rows, and by id it would walk the primary key 300 times.
            // An address is only read within the statement that found it, whose snapshot keeps
            // the row version it points at.
            let all = self
                .pg_newest_matches(base, order.clone(), None)
                .into_sub_query_statement();
            let recent = match window {
                Some(&Window::PublishedAfter(bound)) => self.pg_newest_matches(base, order, Some(bound)),
                Some(&Window::Newest(reach)) => self.pg_walked_newest(base, order, reach),
                _ => {
                    select.and_where(Expr::cust_with_exprs(
                        "articles.ctid = ANY(ARRAY($1))",
                        [Expr::SubQuery(None, Box::new(all))],
                    ));
                    return;
                }
            };
            // The window among the newest articles (those published after the bound, or the
            // walked ones), when they hold the whole window; else the window found again
            // among all matches. PostgreSQL runs the second only when the first fell short (a
            // one-time filter).
            let recent = recent.into_sub_query_statement();
            select.and_where(Expr::cust_with_exprs(
                format!(
                    "articles.ctid = ANY(ARRAY(WITH recent AS MATERIALIZED $1 \
                     SELECT heap_row FROM recent WHERE (SELECT count(*) FROM recent) >= {RELEVANCE_WINDOW} \
                     UNION ALL SELECT heap_row FROM $2 AS all_matches \
                     WHERE (SELECT count(*) FROM recent) < {RELEVANCE_WINDOW}))"
                ),
                [
                    Expr::SubQuery(None, Box::new(recent)),
                    Expr::SubQuery(None, Box::new(all)),
                ],
            ));
            return;
        }
        let windowed = newest_first.is_some();
        if let Some(order) = newest_first {
            let mut candidates = Query::select();
            candidates
                .expr(Expr::cust("articles.id"))
                .from(Alias::new("articles"))
                .cond_where(base.clone())
                .cond_where(self.planned_condition());
            for expr in order {
                candidates.order_by_expr(expr, Order::Desc);
            }
            candidates.limit(RELEVANCE_WINDOW);
            select.join_subquery(
                JoinType::InnerJoin,
                candidates,
                Alias::new("newest_matches"),
                Expr::cust("newest_matches.id = articles.id"),
            );
        }
        match self.backend {
            DbBackend::MySql => {
                select.join(
                    JoinType::InnerJoin,
                    Alias::new("article_search"),
                    Expr::cust("article_search.article_id = articles.id"),
                );
                // The window holds only matches. Tested again here, the match made MariaDB
                // collect every match a second time instead of joining the window's 300:
                // 2.8 s against 1.45 s for a word in 62% of 30,000 articles.
                if !windowed {
                    select.and_where(Expr::cust_with_values(
                        "MATCH (article_search.title, article_search.summary, article_search.byline, \
                         article_search.body) AGAINST (? IN BOOLEAN MODE)",
                        [self.search.boolean_mode()],
                    ));
                }
            }
            _ if window == Some(&Window::Walk) => {
                select.cond_where(self.pg_walked_condition());
            }
            _ => {
                select.cond_where(self.condition(base));
            }
        }
    }

    /// PostgreSQL: one statement per configuration of the search (`branch` makes the `i`th),
    /// joined by `UNION ALL`; `None` when the archive holds no article, so no configuration.
    /// A union rather than OR: PostgreSQL would check an OR again on every matching row,
    /// reading its whole tsvector.
    fn pg_union(&self, mut branch: impl FnMut(usize, &LanguageQuery) -> SelectStatement) -> Option<SelectStatement> {
        let mut branches = self.queries.iter().enumerate().map(|(i, q)| branch(i, q));
        let mut all = branches.next()?;
        for other in branches {
            all.union(UnionType::All, other);
        }
        Some(all)
    }

    /// PostgreSQL: the articles under `base` (and published after `bound`) `matching` one
    /// configuration's query (see [`pg_match`]), `FROM articles` with no column yet, each
    /// served by a GIN index (an article is matched by the query in its own language's
    /// configuration).
    fn pg_branch(&self, base: &Condition, bound: Option<DateTime<Utc>>, matching: Condition) -> SelectStatement {
        let mut branch = Query::select();
        branch
            .from(Alias::new("articles"))
            .cond_where(base.clone())
            .cond_where(matching);
        if let Some(bound) = bound {
            branch.and_where(Expr::col((Alias::new("articles"), Alias::new("published_at"))).gte(bound));
        }
        branch
    }

    /// PostgreSQL: the row addresses (`ctid`, as `heap_row`) of the [`RELEVANCE_WINDOW`]
    /// newest matches under `base` (published after `bound`), newest first by `order`. One
    /// branch per configuration (see [`pg_branch`](Self::pg_branch)). `OFFSET 0` keeps each
    /// branch's matches a subquery of their own: PostgreSQL then collects them through the
    /// GIN index (with the bound, intersected with the publication-time index) and sorts
    /// them, instead of walking the publication-time index because of the `LIMIT` and
    /// reading each article's `tsvector` from TOAST to check it (20–50 µs an article, where
    /// collecting costs 3 µs a match).
    fn pg_newest_matches(&self, base: &Condition, order: [Expr; 2], bound: Option<DateTime<Utc>>) -> SelectStatement {
        let matches = self.pg_union(|i, q| {
            let mut branch = self.pg_branch(base, bound, pg_match(q, Words::Planned));
            with_window_columns(&mut branch, &order);
            branch.offset(0);
            let mut fenced = Query::select();
            fenced
                .column(Asterisk)
                .from_subquery(branch, Alias::new(format!("branch_{i}")));
            fenced
        });
        let matches = matches.unwrap_or_else(|| {
            // No article at all: nothing matches.
            let mut none = Query::select();
            none.expr_as(Expr::cust("NULL::timestamptz"), Alias::new("newest"))
                .expr_as(Expr::cust("NULL::uuid"), Alias::new("id"))
                .expr_as(Expr::cust("NULL::tid"), Alias::new("heap_row"))
                .and_where(Expr::val(false));
            none
        });
        pg_newest_first(matches, "newest_first")
    }

    /// PostgreSQL: the row addresses (`ctid`, as `heap_row`) of the matches among the `reach`
    /// newest articles under `base`, newest first by `order`, at most [`RELEVANCE_WINDOW`]
    /// of them (see [`Window::Newest`]). PostgreSQL walks the order's index, checks each
    /// article (see [`pg_walked_condition`](Self::pg_walked_condition)) and stops at the
    /// window's last match; `reach` ends the walk early when the newest articles hold fewer
    /// matches than the statistics promised.
    fn pg_walked_newest(&self, base: &Condition, order: [Expr; 2], reach: u64) -> SelectStatement {
        let mut walk = Query::select();
        with_window_columns(&mut walk, &order);
        let [newest, id] = order;
        walk.column((Alias::new("articles"), Alias::new("language")))
            .column((Alias::new("articles"), Alias::new("search")))
            .from(Alias::new("articles"))
            .cond_where(base.clone())
            .order_by_expr(newest, Order::Desc)
            .order_by_expr(id, Order::Desc)
            .limit(reach);
        // Named as the table is, for the check's columns.
        let mut window = pg_newest_first(walk, "articles");
        window.cond_where(self.pg_walked_condition());
        window
    }

    /// How well a row matches, higher is better (a page's select must have gone through
    /// [`restrict_page`](Self::restrict_page)). Titles weigh most, then subtitle and
    /// summary, then byline, then body.
    pub fn score(&self) -> Expr {
        match self.backend {
            DbBackend::Postgres => {
                // The article's own language's query, picked by comparing languages.
                let mut query = CaseStatement::new();
                for q in &self.queries {
                    query = query.case(
                        Expr::col((Alias::new("articles"), Alias::new("language"))).is_in(q.languages.clone()),
                        Expr::cust(tsquery_literal(&q.tsquery)),
                    );
                }
                let query = query.finally(Expr::cust("''::tsquery"));
                Expr::cust_with_exprs(
                    "CAST(ts_rank_cd(articles.search, $1) AS double precision)",
                    [Expr::Case(Box::new(query))],
                )
            }
            DbBackend::MySql => {
                let query = self.search.boolean_mode();
                Expr::cust_with_values(
                    "(3 * MATCH (article_search.title) AGAINST (? IN BOOLEAN MODE) \
                     + MATCH (article_search.title, article_search.summary, article_search.byline, \
                     article_search.body) AGAINST (? IN BOOLEAN MODE))",
                    [query.clone(), query],
                )
            }
            // From the hits table of `restrict_page`.
            _ => Expr::cust("search_hits.score"),
        }
    }

    /// The highlight for an article in `language`: about [`SNIPPET_WORDS`] words of `text`
    /// (the body as plain text) around the first match, HTML-escaped, matches in `<mark>`.
    /// On PostgreSQL a word matches when it stems, in the article's configuration, to one of
    /// the query's words (as `ts_headline` would mark it, without parsing the body in the
    /// database again); elsewhere, when it is one of the words searched for.
    pub fn highlight(&self, language: &str, text: &str) -> String {
        if self.backend != DbBackend::Postgres {
            let wanted = self.search.wanted_words();
            return escape_marked(&mark_words(text, |word| wanted.binary_search(&fold(word)).is_ok()));
        }
        let Some(query) = self.queries.iter().find(|q| q.languages.iter().any(|l| l == language)) else {
            return escape_marked(&mark_words(text, |_| false));
        };
        let algorithm = self
            .stemmers
            .iter()
            .find(|(l, _)| l == language)
            .and_then(|(_, algorithm)| *algorithm);
        let stemmer = algorithm.map(Stemmer::create);
        // Stemming every word of the text was most of the CPU a search page cost here. Where
        // the stemmer keeps a word's first letter, only words starting like a lexeme can
        // stem to one.
        let first_letters: Option<Vec<char>> = algorithm
            .filter(|&a| keeps_first_letter(a))
            .map(|_| query.lexemes.iter().filter_map(|l| l.chars().next()).collect());
        escape_marked(&mark_words(text, |word| {
            let word = fold(word);
            let found = |lexeme: &str| query.lexemes.binary_search_by(|l| l.as_str().cmp(lexeme)).is_ok();
            let may_stem_to_one = match (&first_letters, word.chars().next()) {
                (Some(letters), Some(first)) => letters.contains(&first),
                _ => true,
            };
            found(&word) || (may_stem_to_one && stemmer.as_ref().is_some_and(|s| found(&s.stem(&word))))
        }))
    }

    /// The search in its normal form (see [`Search::normalized`]).
    pub fn normalized(&self) -> String {
        self.search.normalized()
    }
}

/// The Snowball stemmer of a Gazette text search configuration (`gazette_english`, maybe
/// schema-qualified), as the migration copies them from PostgreSQL's; `None` for `simple`
/// and for the few stemmers the crate lacks (their highlights mark unstemmed words only).
fn stemmer_of(config: &str) -> Option<Algorithm> {
    let base = config.rsplit('.').next().unwrap_or(config).trim_matches('"');
    Some(match base.strip_prefix("gazette_").unwrap_or(base) {
        "arabic" => Algorithm::Arabic,
        "danish" => Algorithm::Danish,
        "dutch" => Algorithm::Dutch,
        "english" => Algorithm::English,
        "finnish" => Algorithm::Finnish,
        "french" => Algorithm::French,
        "german" => Algorithm::German,
        "greek" => Algorithm::Greek,
        "hungarian" => Algorithm::Hungarian,
        "italian" => Algorithm::Italian,
        "norwegian" => Algorithm::Norwegian,
        "portuguese" => Algorithm::Portuguese,
        "romanian" => Algorithm::Romanian,
        "russian" => Algorithm::Russian,
        "spanish" => Algorithm::Spanish,
        "swedish" => Algorithm::Swedish,
        "tamil" => Algorithm::Tamil,
        "turkish" => Algorithm::Turkish,
        _ => return None,
    })
}

/// Whether `algorithm` only ever changes the end of a word, so that a word's stem starts
/// with the word's first letter (of the folded word: accents are dropped before stemming).
/// The Snowball stemmers of Arabic (articles, conjunctions), Greek and Tamil also touch
/// the start of some words.
fn keeps_first_letter(algorithm: Algorithm) -> bool {
    !matches!(algorithm, Algorithm::Arabic | Algorithm::Greek | Algorithm::Tamil)
}

/// The lexemes a `tsquery` (the [`query_tokens`] of PostgreSQL's text form: `'talk' <->
/// 'peac' | !'war'`) looks for, sorted: the quoted ones, less those right after `!`
/// (excluded words are not marked).
fn tsquery_lexemes(tokens: &[QueryToken]) -> Vec<String> {
    let mut lexemes: Vec<String> = (tokens.iter().enumerate())
        .filter_map(|(i, token)| match token {
            QueryToken::Lexeme(lexeme, _) if i == 0 || tokens[i - 1] != QueryToken::Not => Some(lexeme.clone()),
            _ => None,
        })
        .collect();
    lexemes.sort();
    lexemes.dedup();
    lexemes
}

/// The longest pair of lexemes (in bytes, with the space between them) a phrase needs in
/// `gazette_search_pairs`. PostgreSQL refuses a lexeme of 2,048 bytes or more, so the
/// function leaves such pairs out; a phrase needing one is checked on its words alone.
const MAX_PAIR_BYTES: usize = 1000;

/// A `tsquery` in PostgreSQL's text form, parsed as far as [`tsquery_pairs`] needs.
#[derive(Debug, PartialEq)]
enum QueryNode {
    /// A lexeme, `None` when it carries weights or a prefix (`'a':*`, `'a':AB`), which a
    /// pair cannot stand for.
    Lexeme(Option<String>),
    Not(Box<QueryNode>),
    And(Box<QueryNode>, Box<QueryNode>),
    Or(Box<QueryNode>, Box<QueryNode>),
    /// `left <N> right`: `right` starts `N` positions after `left` ends.
    Phrase(Box<QueryNode>, Box<QueryNode>, u32),
}

#[derive(Debug, PartialEq)]
enum QueryToken {
    /// A lexeme, and whether it is plain (without weights or a prefix).
    Lexeme(String, bool),
    Not,
    And,
    Or,
    Phrase(u32),
    Open,
    Close,
}

/// The tokens of a `tsquery`'s text form; `None` on anything else.
fn query_tokens(tsquery: &str) -> Option<Vec<QueryToken>> {
    let mut tokens = Vec::new();
    let mut chars = tsquery.chars().peekable();
    while let Some(c) = chars.next() {
        tokens.push(match c {
            c if c.is_whitespace() => continue,
            '!' => QueryToken::Not,
            '&' => QueryToken::And,
            '|' => QueryToken::Or,
            '(' => QueryToken::Open,
            ')' => QueryToken::Close,
            '<' => {
                let mut distance = String::new();
                for c in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                    distance.push(c);
                }
                QueryToken::Phrase(if distance == "-" { 1 } else { distance.parse().ok()? })
            }
            '\'' => {
                let mut lexeme = String::new();
                loop {
                    match chars.next()? {
                        '\'' if chars.peek() == Some(&'\'') => {
                            chars.next();
                            lexeme.push('\'');
                        }
                        '\'' => break,
                        // PostgreSQL writes a backslash in a lexeme as two.
                        '\\' => lexeme.push(chars.next()?),
                        c => lexeme.push(c),
                    }
                }
                let mut plain = true;
                if chars.peek() == Some(&':') {
                    plain = false;
                    while chars
                        .next_if(|c| *c == ':' || *c == '*' || c.is_ascii_alphabetic())
                        .is_some()
                    {}
                }
                QueryToken::Lexeme(lexeme, plain)
            }
            _ => return None,
        });
    }
    Some(tokens)
}

/// Parses `tokens` by PostgreSQL's precedence: `!`, then `<N>`, then `&`, then `|`.
struct QueryParser {
    tokens: std::iter::Peekable<std::vec::IntoIter<QueryToken>>,
}

impl QueryParser {
    fn or(&mut self) -> Option<QueryNode> {
        let mut node = self.and()?;
        while self.tokens.next_if_eq(&QueryToken::Or).is_some() {
            node = QueryNode::Or(Box::new(node), Box::new(self.and()?));
        }
        Some(node)
    }

    fn and(&mut self) -> Option<QueryNode> {
        let mut node = self.phrase()?;
        while self.tokens.next_if_eq(&QueryToken::And).is_some() {
            node = QueryNode::And(Box::new(node), Box::new(self.phrase()?));
        }
        Some(node)
    }

    fn phrase(&mut self) -> Option<QueryNode> {
        let mut node = self.unary()?;
        while let Some(QueryToken::Phrase(distance)) = self.tokens.peek() {
            let distance = *distance;
            self.tokens.next();
            node = QueryNode::Phrase(Box::new(node), Box::new(self.unary()?), distance);
        }
        Some(node)
    }

    fn unary(&mut self) -> Option<QueryNode> {
        match self.tokens.next()? {
            QueryToken::Not => Some(QueryNode::Not(Box::new(self.unary()?))),
            QueryToken::Open => {
                let node = self.or()?;
                (self.tokens.next()? == QueryToken::Close).then_some(node)
            }
            QueryToken::Lexeme(lexeme, plain) => Some(QueryNode::Lexeme(plain.then_some(lexeme))),
            _ => None,
        }
    }
}

impl QueryNode {
    fn parse(tokens: Vec<QueryToken>) -> Option<QueryNode> {
        let mut parser = QueryParser {
            tokens: tokens.into_iter().peekable(),
        };
        let node = parser.or()?;
        parser.tokens.next().is_none().then_some(node)
    }

    /// The plain lexeme a match of this node starts with, when there is one.
    fn first(&self) -> Option<&str> {
        match self {
            QueryNode::Lexeme(lexeme) => lexeme.as_deref(),
            QueryNode::Phrase(left, _, _) => left.first(),
            _ => None,
        }
    }

    /// The plain lexeme a match of this node ends with, when there is one.
    fn last(&self) -> Option<&str> {
        match self {
            QueryNode::Lexeme(lexeme) => lexeme.as_deref(),
            QueryNode::Phrase(_, right, _) => right.last(),
            _ => None,
        }
    }

    /// The pairs of adjacent lexemes (`"a b"`) every article this node matches holds.
    fn pairs(&self) -> BTreeSet<String> {
        match self {
            QueryNode::Lexeme(_) | QueryNode::Not(_) => BTreeSet::new(),
            QueryNode::And(left, right) => &left.pairs() | &right.pairs(),
            QueryNode::Or(left, right) => &left.pairs() & &right.pairs(),
            QueryNode::Phrase(left, right, distance) => {
                let mut pairs = &left.pairs() | &right.pairs();
                if let (1, Some(a), Some(b)) = (distance, left.last(), right.first()) {
                    let pair = format!("{a} {b}");
                    if pair.len() <= MAX_PAIR_BYTES {
                        pairs.insert(pair);
                    }
                }
                pairs
            }
        }
    }
}

/// PostgreSQL: the pairs of adjacent lexemes that an article matching a `tsquery` (its
/// [`query_tokens`]) must hold in `gazette_search_pairs(search)`, as a `tsquery`
/// (`'*' | ( 'peac talk' & 'talk resum' )`, see [`EVERY_PAIR`]); `None` when it needs none
/// (no phrase, or phrases only on one side of an `or`) or is not understood.
fn tsquery_pairs(tokens: Vec<QueryToken>) -> Option<String> {
    let pairs = QueryNode::parse(tokens)?.pairs();
    if pairs.is_empty() {
        return None;
    }
    let quoted: Vec<String> = pairs.iter().map(|pair| quoted_with_backslashes(pair)).collect();
    // An article whose pairs did not fit holds `EVERY_PAIR` instead: it may hold the phrase.
    Some(format!("'{EVERY_PAIR}' | ( {} )", quoted.join(" & ")))
}

/// A `tsquery` as an SQL literal rather than a bound value: with a bound value, PostgreSQL
/// soon plans the statement once for every search, without knowing how many articles the
/// words match, and then walks the publication-time index checking every article for a
/// common word (seconds) where a rare one needs the GIN index. A literal is planned for the
/// words it holds. `E''` with backslashes and quotes doubled is safe whatever
/// `standard_conforming_strings` says, and the text is PostgreSQL's own output anyway.
///
/// The price is that each search is new text, parsed and planned afresh. Binding the value
/// and forcing fresh plans (`plan_cache_mode`) would save the parsing, but that setting holds
/// for a whole connection (or a transaction around every statement with the value), and
/// forced on the connection it cost the other reads their reused plans (README, "Examples
/// and benchmarks").
fn tsquery_literal(tsquery: &str) -> String {
    format!("E{}::tsquery", quoted_with_backslashes(tsquery))
}

/// `text` in single quotes, with its quotes doubled and its backslashes too: as both an
/// `E''` string and a lexeme in a `tsquery`'s text form read them.
fn quoted_with_backslashes(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
}

/// The words of a term: runs of letters, digits and marks, lowercased. Everything else
/// separates words, as it does for every engine's tokenizer.
fn words(raw: &str) -> Vec<String> {
    raw.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// A word in the form words are compared in: decomposed, accents dropped, lowercase.
fn fold(word: &str) -> String {
    // Most words of most texts: nothing to decompose.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `text` cut to about [`SNIPPET_WORDS`] words around the first word that is `wanted`, with
/// each wanted word between [`MARK_START`] and [`MARK_END`].
fn mark_words(text: &str, wanted: impl Fn(&str) -> bool) -> String {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    let hit = |&(s, e): &(usize, usize)| wanted(&text[s..e]);
    let first = spans.iter().position(hit).unwrap_or(0);
    let from = first.saturating_sub(SNIPPET_WORDS / 3);
    let to = (from + SNIPPET_WORDS).min(spans.len());
    let Some((&(begin, _), &(_, end))) = spans.get(from).zip(spans.get(to.saturating_sub(1))) else {
        return String::new();
    };
    // From the text's start and to its end when the window reaches them (punctuation kept).
    let begin = if from == 0 { 0 } else { begin };
    let end = if to == spans.len() { text.len() } else { end };
    let mut out = String::with_capacity(end - begin + 16);
    if from > 0 {
        out.push_str("… ");
    }
    let mut at = begin;
    for span in &spans[from..to] {
        if hit(span) {
            out.push_str(&text[at..span.0]);
            out.push(MARK_START);
            out.push_str(&text[span.0..span.1]);
            out.push(MARK_END);
            at = span.1;
        }
    }
    out.push_str(&text[at..end]);
    if to < spans.len() {
        out.push_str(" …");
    }
    out
}

/// HTML-escapes a snippet and turns its match markers into `<mark>` elements (always
/// balanced); runs of whitespace become one space.
fn escape_marked(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len() + 32);
    let mut open = false;
    let mut space = false;
    for c in snippet.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if std::mem::take(&mut space) {
            out.push(' ');
        }
        match c {
            MARK_START if !open => {
                out.push_str("<mark>");
                open = true;
            }
            MARK_END if open => {
                out.push_str("</mark>");
                open = false;
            }
            MARK_START | MARK_END => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    if open {
        out.push_str("</mark>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Search {
        Search::parse("search", text).unwrap()
    }

    #[test]
    fn syntax_is_parsed_like_web_search() {
        assert_eq!(parse("oil  Prices").normalized(), r#""oil" "prices""#);
        assert_eq!(parse(r#""Oil price" -opec"#).normalized(), r#""oil price" -"opec""#);
        assert_eq!(
            parse("tehran or ankara talks").normalized(),
            r#""tehran" or "ankara" "talks""#
        );
        assert_eq!(
            parse("covid-19 -\"side effects\"").normalized(),
            r#""covid 19" -"side effects""#
        );
        // A dangling `or`, an unclosed quote, punctuation alone.
        assert_eq!(parse("or talks or").normalized(), r#""talks""#);
        assert_eq!(parse("\"open quote").normalized(), r#""open quote""#);
        assert_eq!(parse("!!! talks ???").normalized(), r#""talks""#);
    }

    #[test]
    fn each_engine_gets_every_word_quoted() {
        let s = parse(r#"a or b "c d" -e"#);
        assert_eq!(s.fts5(), r#"(("a" OR "b") AND ("c d")) NOT "e""#);
        assert_eq!(s.boolean_mode(), r#"+("a" "b") +("c d") -"e""#);
        // Operators of the engines are only words here.
        let s = parse(r#"NOT AND NEAR(x) +y* 'z'"#);
        assert_eq!(s.fts5(), r#"(("not") AND ("and") AND ("near x") AND ("y") AND ("z"))"#);
    }

    #[test]
    fn tsquery_literals_double_quotes_and_backslashes() {
        assert_eq!(tsquery_literal(r"'a' & 'b''c\d'"), r"E'''a'' & ''b''''c\\d'''::tsquery");
    }

    #[test]
    fn nothing_to_look_for_is_refused() {
        for text in ["", "   ", "-war", "-\"a b\" -c", "--- ...", "or"] {
            let err = Search::parse("search", text).unwrap_err();
            assert!(matches!(err, AppError::BadUserInput { .. }), "{text:?}: {err:?}");
        }
        assert!(Search::parse("search", &"x ".repeat(200)).is_err());
        assert!(Search::parse("search", &"word ".repeat(40)).is_err());
    }

    /// A prepared search as `prepare` would make it on `backend`, with `queries` for
    /// PostgreSQL.
    fn prepared(text: &str, backend: DbBackend, queries: Vec<LanguageQuery>) -> SearchQuery {
        SearchQuery {
            search: parse(text),
            backend,
            queries,
            articles: 0.0,
            stemmers: vec![
                ("en".into(), stemmer_of("public.gazette_english")),
                ("fa".into(), stemmer_of("gazette_simple")),
            ],
        }
    }

    #[test]
    fn stemmers_said_to_keep_first_letters_keep_them() {
        // Inflected words (folded, as highlights stem them) of each language whose stemmer
        // highlights only stem when a lexeme starts with the same letter.
        let words: &[(Algorithm, &str)] = &[
            (
                Algorithm::English,
                "skies dying lying idly gently early only news yelling youths abilities generously",
            ),
            (
                Algorithm::French,
                "elections presidentielles continuellement egalite hopitaux yeux",
            ),
            (
                Algorithm::German,
                "hauser strasse aufgeben ubernahmen gebaude ergebnissen",
            ),
            (Algorithm::Spanish, "elecciones presidenciales rapidamente ninos aguas"),
            (Algorithm::Italian, "elezioni presidenziali rapidamente bambini citta"),
            (
                Algorithm::Portuguese,
                "eleicoes presidenciais rapidamente criancas cidades",
            ),
            (Algorithm::Russian, "выборы президентские быстро детей городами"),
            (Algorithm::Dutch, "verkiezingen presidentiele gebouwen kinderen"),
            (Algorithm::Danish, "valgene hurtigt bornene byerne"),
            (Algorithm::Norwegian, "valgene raskt barna byene"),
            (Algorithm::Swedish, "valen snabbt barnen stadernas"),
            (Algorithm::Finnish, "vaaleissa nopeasti lapsille kaupungeissa"),
            (Algorithm::Hungarian, "valasztasokon gyorsan gyerekeknek varosokban"),
            (Algorithm::Romanian, "alegerile rapid copiilor oraselor"),
            (Algorithm::Turkish, "secimlerde hizla cocuklara sehirlerde"),
        ];
        for (algorithm, text) in words {
            assert!(keeps_first_letter(*algorithm));
            let stemmer = Stemmer::create(*algorithm);
            for word in text.split(' ') {
                let word = fold(word);
                let stem = stemmer.stem(&word);
                assert_eq!(stem.chars().next(), word.chars().next(), "{word} stems to {stem}");
            }
        }
        assert!(!keeps_first_letter(Algorithm::Arabic));
    }

    #[test]
    fn folding_ascii_words_only_lowercases_them() {
        assert_eq!(fold("Tehran"), "tehran");
        assert_eq!(fold("CAFÉ"), "cafe");
        assert_eq!(fold("Ｆｕｌｌ"), "full");
    }

    #[test]
    fn window_bounds_reach_back_over_twice_the_window_of_expected_matches() {
        let day = |d: i64| DateTime::from_timestamp(1_700_000_000 + d * 86_400, 0).unwrap();
        // 100,000 articles over 100 days, 1,000 a day, the last 5 of them scheduled.
        let published = Published {
            bounds: (0..=100).map(day).collect(),
            nulls: 0.0,
        };
        let now = day(95);
        let window = RELEVANCE_WINDOW as f64;
        // A word in one article in ten: 2 × 300 × 10 = 6,000 articles, six days back.
        assert_eq!(window_bound(10_000.0, 100_000.0, &published, now), Some(day(89)));
        // In every article: 600 articles, within the newest published day.
        assert_eq!(window_bound(100_000.0, 100_000.0, &published, now), Some(day(94)));
        // Reaching over half the archive saves little: no bound.
        assert_eq!(window_bound(2.0 * window, 100_000.0, &published, now), None);
        assert_eq!(window_bound(0.0, 100_000.0, &published, now), None);
        // Articles without a publication time are not in the histogram: with half the
        // articles undated, a day holds 500 dated ones.
        let half_dated = Published {
            nulls: 0.5,
            ..published.clone()
        };
        assert_eq!(window_bound(100_000.0, 100_000.0, &half_dated, now), Some(day(93)));
        // No statistics yet.
        assert_eq!(window_bound(10_000.0, 100_000.0, &Published::default(), now), None);
    }

    #[test]
    fn sqlite_walks_for_the_window_only_when_the_walk_is_shorter_than_the_matches() {
        // Twice the window's share: 600 of 100,000 articles for a word in every one.
        assert_eq!(walk_reach(100_000.0, 100_000.0), Some(600));
        assert_eq!(walk_reach(10_000.0, 100_000.0), Some(6_000));
        // From about one article in thirteen, the walk would be longer than the matches.
        assert_eq!(walk_reach(7_746.0, 100_000.0), Some(7_746));
        assert_eq!(walk_reach(7_700.0, 100_000.0), None);
        // Fewer matches than the window: all are ranked, nothing to walk for.
        assert_eq!(walk_reach(299.0, 300.0), None);
        assert_eq!(walk_reach(0.0, 0.0), None);
    }

    #[test]
    fn highlights_escape_html_and_mark_words_accent_insensitively() {
        let text = "Talks in Ankara <b>broke</b> down & resumed; the CAFÉ closed.";
        let search = prepared("ankara cafe", DbBackend::Sqlite, vec![]);
        assert_eq!(
            search.highlight("en", text),
            "Talks in <mark>Ankara</mark> &lt;b&gt;broke&lt;/b&gt; down &amp; resumed; the <mark>CAFÉ</mark> closed."
        );
        let long: String = (0..100).map(|i| format!("w{i} ")).collect();
        let marked = prepared("w50", DbBackend::MySql, vec![]).highlight("en", &long);
        assert!(marked.starts_with("… w40 ") && marked.ends_with(" w69 …"), "{marked}");
        assert!(marked.contains("<mark>w50</mark>"));
        // Unbalanced markers never leave an element open.
        assert_eq!(escape_marked("\u{E000}a\u{E000}b"), "<mark>ab</mark>");
    }

    #[test]
    fn postgres_highlights_mark_what_stems_to_the_query_in_the_articles_language() {
        let english = LanguageQuery::new(vec!["en".into()], "'differ'".into());
        let simple = LanguageQuery::new(vec!["fa".into()], "'differences'".into());
        let search = prepared("differences", DbBackend::Postgres, vec![english, simple]);
        let text = "Their Differences remain; a different plan; they differ.";
        assert_eq!(
            search.highlight("en", text),
            "Their <mark>Differences</mark> remain; a <mark>different</mark> plan; they <mark>differ</mark>."
        );
        // Unstemmed: only the word itself.
        assert_eq!(
            search.highlight("fa", text),
            "Their <mark>Differences</mark> remain; a different plan; they differ."
        );
        // A language the archive did not hold when the search was prepared: nothing marked.
        assert_eq!(search.highlight("de", text), text);
    }

    #[test]
    fn tsquery_lexemes_are_the_quoted_words_not_excluded() {
        assert_eq!(
            tsquery_lexemes(
                &query_tokens(r"'talk' <-> 'peac' | !'war' & 'it''s' & 'a\\b' & !( 'x' <-> 'y' )").unwrap()
            ),
            ["a\\b", "it's", "peac", "talk", "x", "y"]
        );
        assert_eq!(stemmer_of("gazette_russian"), Some(Algorithm::Russian));
        assert_eq!(stemmer_of("\"my schema\".gazette_irish"), None);
    }

    #[test]
    fn phrases_need_their_adjacent_pairs_wherever_every_match_needs_them() {
        let pairs = |tsquery: &str| query_tokens(tsquery).and_then(tsquery_pairs);
        assert_eq!(pairs("'talk'"), None);
        assert_eq!(pairs("'peac' & 'talk'"), None);
        assert_eq!(
            pairs("'propos' <-> 'propos'").as_deref(),
            Some("'*' | ( 'propos propos' )")
        );
        // A longer phrase needs each pair; a stopword's gap (`<2>`) needs none.
        assert_eq!(
            pairs("'big' <-> 'red' <-> 'dog' & 'iran'").as_deref(),
            Some("'*' | ( 'big red' & 'red dog' )")
        );
        assert_eq!(pairs("'big' <2> 'red'"), None);
        assert_eq!(
            pairs("'a' <-> 'b' <2> 'c' <-> 'd'").as_deref(),
            Some("'*' | ( 'a b' & 'c d' )")
        );
        assert_eq!(
            pairs("'a' <-> ( 'b' <-> 'c' )").as_deref(),
            Some("'*' | ( 'a b' & 'b c' )")
        );
        // Either side of an `or` may match: only pairs both need; excluded phrases need none.
        assert_eq!(pairs("'a' <-> 'b' | 'c'"), None);
        assert_eq!(
            pairs("'a' <-> 'b' & 'x' | 'a' <-> 'b'").as_deref(),
            Some("'*' | ( 'a b' )")
        );
        assert_eq!(pairs("'x' & !( 'd' <-> 'e' )"), None);
        assert_eq!(pairs("!'a' <-> 'b'"), None);
        // Prefixes and weights stand for many lexemes; quotes and backslashes are kept.
        assert_eq!(pairs("'a':* <-> 'b'"), None);
        assert_eq!(pairs("'a':AB <-> 'b' <-> 'c'").as_deref(), Some("'*' | ( 'b c' )"));
        assert_eq!(pairs(r"'it''s' <-> 'a\\b'").as_deref(), Some(r"'*' | ( 'it''s a\\b' )"));
        // A pair too long to be indexed is not needed.
        let long = "x".repeat(MAX_PAIR_BYTES);
        assert_eq!(pairs(&format!("'{long}' <-> 'b'")), None);
        // Anything not understood: no pairs, the query alone decides.
        for odd in [
            "",
            "'a' <-> ",
            "( 'a' <-> 'b'",
            "'a' <x> 'b'",
            "'a' <-> 'b' )",
            "a <-> b",
            "'open",
        ] {
            assert_eq!(pairs(odd), None, "{odd:?}");
        }
    }
}
