//! The filter language of API.md, compiled to SQL conditions.
//!
//! Every filter becomes part of one SQL statement (comparisons, `LIKE`, `EXISTS`
//! subqueries), never a filter in Rust over loaded rows. Limits: nesting deeper than
//! [`MAX_DEPTH`], more than [`MAX_CONDITIONS`] conditions, or an `in` list longer than
//! [`MAX_IN_LIST`] is refused with `BAD_USER_INPUT`, naming the field.
//!
//! The input types derive `async_graphql::InputObject` here rather than being mirrored in
//! `graphql/`: the filter language is the domain's, GraphQL is its main spelling, and a
//! second copy would drift. REST builds the same structs from query parameters.

use async_graphql::{ID, InputObject};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Func, LikeExpr, Query, SelectStatement};
use uuid::Uuid;

use crate::content::articles::{ArticleStatus, status_condition};
use crate::content::tags::TagKind;
use crate::entities::{article, article_tag, source, tag};
use crate::error::{AppError, AppResult};

/// Deepest nesting of `and`/`or`/`not`/`source`/`tags` accepted.
pub const MAX_DEPTH: usize = 6;
/// Most conditions (operators) in one filter.
pub const MAX_CONDITIONS: usize = 100;
/// Longest `in`/`notIn` list.
pub const MAX_IN_LIST: usize = 500;

/// Tracks the limits while a filter is compiled.
struct Budget {
    conditions: usize,
    /// The request time; article filters need it (`status: PUBLISHED` depends on the clock).
    now: Option<DateTime<Utc>>,
}

impl Budget {
    fn enter(&self, depth: usize, path: &str) -> AppResult<()> {
        if depth > MAX_DEPTH {
            return Err(AppError::bad_field(
                path,
                format!("filter is nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn spend(&mut self, path: &str) -> AppResult<()> {
        self.conditions += 1;
        if self.conditions > MAX_CONDITIONS {
            return Err(AppError::bad_field(
                path,
                format!("filter has more than {MAX_CONDITIONS} conditions"),
            ));
        }
        Ok(())
    }

    fn list<T>(&mut self, list: &[T], path: &str) -> AppResult<()> {
        self.spend(path)?;
        if list.len() > MAX_IN_LIST {
            return Err(AppError::bad_field(
                path,
                format!("list has more than {MAX_IN_LIST} values"),
            ));
        }
        Ok(())
    }
}

fn join(path: &str, field: &str) -> String {
    format!("{path}.{field}")
}

/// A condition that no row meets (an empty `in` list).
fn never() -> Expr {
    Expr::val(1).eq(2)
}

/// Escapes `LIKE` wildcards so user text matches literally; `!` is the escape character
/// because backslash means different things in MySQL and PostgreSQL string syntax.
fn like_pattern(prefix: &str, text: &str, suffix: &str) -> LikeExpr {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push_str(prefix);
    for c in text.to_lowercase().chars() {
        if matches!(c, '!' | '%' | '_') {
            pattern.push('!');
        }
        pattern.push(c);
    }
    pattern.push_str(suffix);
    LikeExpr::new(pattern).escape('!')
}

/// Conditions on a string field. `contains`, `startsWith` and `endsWith` ignore case.
#[derive(InputObject, Clone, Debug, Default)]
pub struct StringFilter {
    /// Equal to.
    pub eq: Option<String>,
    /// Not equal to (null values do not match).
    pub ne: Option<String>,
    /// Equal to one of.
    #[graphql(name = "in")]
    pub in_list: Option<Vec<String>>,
    /// Equal to none of.
    pub not_in: Option<Vec<String>>,
    /// Contains, ignoring case.
    pub contains: Option<String>,
    /// Starts with, ignoring case.
    pub starts_with: Option<String>,
    /// Ends with, ignoring case.
    pub ends_with: Option<String>,
    /// Is null (true) or is not null (false).
    pub is_null: Option<bool>,
}

impl StringFilter {
    fn condition(&self, col: Expr, budget: &mut Budget, path: &str) -> AppResult<Condition> {
        let mut all = Condition::all();
        let lower = || Expr::expr(Func::lower(col.clone()));
        if let Some(v) = &self.eq {
            budget.spend(&join(path, "eq"))?;
            all = all.add(col.clone().eq(v.as_str()));
        }
        if let Some(v) = &self.ne {
            budget.spend(&join(path, "ne"))?;
            all = all.add(col.clone().ne(v.as_str()));
        }
        if let Some(list) = &self.in_list {
            budget.list(list, &join(path, "in"))?;
            all = all.add(if list.is_empty() {
                never()
            } else {
                col.clone().is_in(list.iter().map(String::as_str))
            });
        }
        if let Some(list) = &self.not_in {
            budget.list(list, &join(path, "notIn"))?;
            if !list.is_empty() {
                all = all.add(col.clone().is_not_in(list.iter().map(String::as_str)));
            }
        }
        if let Some(v) = &self.contains {
            budget.spend(&join(path, "contains"))?;
            all = all.add(lower().like(like_pattern("%", v, "%")));
        }
        if let Some(v) = &self.starts_with {
            budget.spend(&join(path, "startsWith"))?;
            all = all.add(lower().like(like_pattern("", v, "%")));
        }
        if let Some(v) = &self.ends_with {
            budget.spend(&join(path, "endsWith"))?;
            all = all.add(lower().like(like_pattern("%", v, "")));
        }
        if let Some(is_null) = self.is_null {
            budget.spend(&join(path, "isNull"))?;
            all = all.add(if is_null {
                col.clone().is_null()
            } else {
                col.clone().is_not_null()
            });
        }
        Ok(all)
    }
}

/// A comparison of a timestamp column with a value.
type DateOp = fn(Expr, DateTime<Utc>) -> Expr;

/// Conditions on a timestamp field.
#[derive(InputObject, Clone, Debug, Default)]
pub struct DateTimeFilter {
    /// Equal to.
    pub eq: Option<DateTime<Utc>>,
    /// Not equal to.
    pub ne: Option<DateTime<Utc>>,
    /// Later than.
    pub gt: Option<DateTime<Utc>>,
    /// Later than or equal to.
    pub gte: Option<DateTime<Utc>>,
    /// Earlier than.
    pub lt: Option<DateTime<Utc>>,
    /// Earlier than or equal to.
    pub lte: Option<DateTime<Utc>>,
    /// Is null (true) or is not null (false).
    pub is_null: Option<bool>,
}

impl DateTimeFilter {
    fn condition(&self, col: Expr, budget: &mut Budget, path: &str) -> AppResult<Condition> {
        let mut all = Condition::all();
        let ops: [(&str, Option<DateTime<Utc>>, DateOp); 6] = [
            ("eq", self.eq, |c, v| c.eq(v)),
            ("ne", self.ne, |c, v| c.ne(v)),
            ("gt", self.gt, |c, v| c.gt(v)),
            ("gte", self.gte, |c, v| c.gte(v)),
            ("lt", self.lt, |c, v| c.lt(v)),
            ("lte", self.lte, |c, v| c.lte(v)),
        ];
        for (name, value, op) in ops {
            if let Some(v) = value {
                budget.spend(&join(path, name))?;
                all = all.add(op(col.clone(), v));
            }
        }
        if let Some(is_null) = self.is_null {
            budget.spend(&join(path, "isNull"))?;
            all = all.add(if is_null {
                col.clone().is_null()
            } else {
                col.clone().is_not_null()
            });
        }
        Ok(all)
    }
}

/// Conditions on an id.
#[derive(InputObject, Clone, Debug, Default)]
#[graphql(name = "IDFilter")]
pub struct IdFilter {
    /// Equal to.
    pub eq: Option<ID>,
    /// Equal to one of.
    #[graphql(name = "in")]
    pub in_list: Option<Vec<ID>>,
}

/// Parses an id argument; ids are UUIDs, anything else is refused naming `field`.
pub fn parse_id(id: &str, field: &str) -> AppResult<Uuid> {
    Uuid::parse_str(id).map_err(|_| AppError::bad_field(field, format!("`{field}` is not a valid id: {id:?}")))
}

impl IdFilter {
    fn condition(&self, col: Expr, budget: &mut Budget, path: &str) -> AppResult<Condition> {
        let mut all = Condition::all();
        if let Some(id) = &self.eq {
            let path = join(path, "eq");
            budget.spend(&path)?;
            all = all.add(col.clone().eq(parse_id(id, &path)?));
        }
        if let Some(list) = &self.in_list {
            let path = join(path, "in");
            budget.list(list, &path)?;
            let ids = list
                .iter()
                .map(|id| parse_id(id, &path))
                .collect::<AppResult<Vec<_>>>()?;
            all = all.add(if ids.is_empty() {
                never()
            } else {
                col.clone().is_in(ids)
            });
        }
        Ok(all)
    }
}

/// Conditions on an article's status.
#[derive(InputObject, Clone, Debug, Default)]
pub struct ArticleStatusFilter {
    /// Equal to.
    pub eq: Option<ArticleStatus>,
    /// One of.
    #[graphql(name = "in")]
    pub in_list: Option<Vec<ArticleStatus>>,
}

/// Conditions on a tag's kind.
#[derive(InputObject, Clone, Debug, Default)]
pub struct TagKindFilter {
    /// Equal to.
    pub eq: Option<TagKind>,
    /// One of.
    #[graphql(name = "in")]
    pub in_list: Option<Vec<TagKind>>,
}

/// `eq`/`in` over an enum stored as its name.
fn enum_condition<T: Copy>(
    eq: Option<T>,
    in_list: Option<&[T]>,
    name: fn(T) -> &'static str,
    col: Expr,
    budget: &mut Budget,
    path: &str,
) -> AppResult<Condition> {
    let mut all = Condition::all();
    if let Some(v) = eq {
        budget.spend(&join(path, "eq"))?;
        all = all.add(col.clone().eq(name(v)));
    }
    if let Some(list) = in_list {
        budget.list(list, &join(path, "in"))?;
        all = all.add(if list.is_empty() {
            never()
        } else {
            col.clone().is_in(list.iter().map(|v| name(*v)))
        });
    }
    Ok(all)
}

/// Applies `and`, `or` and `not` of a filter type, the same way for every resource.
fn combinators<F>(
    and: Option<&[F]>,
    or: Option<&[F]>,
    not: Option<&F>,
    budget: &mut Budget,
    depth: usize,
    path: &str,
    compile: fn(&F, &mut Budget, usize, &str) -> AppResult<Condition>,
) -> AppResult<Condition> {
    let mut all = Condition::all();
    if let Some(list) = and {
        for (i, f) in list.iter().enumerate() {
            all = all.add(compile(f, budget, depth + 1, &format!("{path}.and[{i}]"))?);
        }
    }
    if let Some(list) = or {
        let mut any = Condition::any();
        for (i, f) in list.iter().enumerate() {
            any = any.add(compile(f, budget, depth + 1, &format!("{path}.or[{i}]"))?);
        }
        // `or: []` matches nothing, like an empty `in`.
        all = all.add(if list.is_empty() {
            Condition::all().add(never())
        } else {
            any
        });
    }
    if let Some(f) = not {
        all = all.add(compile(f, budget, depth + 1, &join(path, "not"))?.not());
    }
    Ok(all)
}

/// Conditions on a source.
#[derive(InputObject, Clone, Debug, Default)]
pub struct SourceFilter {
    /// The source's id.
    pub id: Option<IdFilter>,
    /// The source's slug.
    pub slug: Option<StringFilter>,
    /// The source's name.
    pub name: Option<StringFilter>,
    /// The source's country (ISO 3166-1 alpha-2).
    pub country: Option<StringFilter>,
    /// The source's language (BCP 47).
    pub language: Option<StringFilter>,
    /// All of these.
    pub and: Option<Vec<SourceFilter>>,
    /// Any of these.
    pub or: Option<Vec<SourceFilter>>,
    /// Not this.
    pub not: Option<Box<SourceFilter>>,
}

impl SourceFilter {
    /// Compiles the filter to a condition on `sources`.
    pub fn to_condition(&self, path: &str) -> AppResult<Condition> {
        self.compile(
            &mut Budget {
                conditions: 0,
                now: None,
            },
            1,
            path,
        )
    }

    fn compile(&self, budget: &mut Budget, depth: usize, path: &str) -> AppResult<Condition> {
        budget.enter(depth, path)?;
        let col = |c: source::Column| Expr::col((source::Entity, c));
        let mut all = Condition::all();
        if let Some(f) = &self.id {
            all = all.add(f.condition(col(source::Column::Id), budget, &join(path, "id"))?);
        }
        for (name, f, c) in [
            ("slug", &self.slug, source::Column::Slug),
            ("name", &self.name, source::Column::Name),
            ("country", &self.country, source::Column::Country),
            ("language", &self.language, source::Column::Language),
        ] {
            if let Some(f) = f {
                all = all.add(f.condition(col(c), budget, &join(path, name))?);
            }
        }
        let not = self.not.as_deref();
        Ok(all.add(combinators(
            self.and.as_deref(),
            self.or.as_deref(),
            not,
            budget,
            depth,
            path,
            Self::compile,
        )?))
    }
}

/// Conditions on a tag.
#[derive(InputObject, Clone, Debug, Default)]
pub struct TagFilter {
    /// The tag's id.
    pub id: Option<IdFilter>,
    /// The tag's slug.
    pub slug: Option<StringFilter>,
    /// The tag's name.
    pub name: Option<StringFilter>,
    /// The tag's kind.
    pub kind: Option<TagKindFilter>,
    /// All of these.
    pub and: Option<Vec<TagFilter>>,
    /// Any of these.
    pub or: Option<Vec<TagFilter>>,
    /// Not this.
    pub not: Option<Box<TagFilter>>,
}

impl TagFilter {
    /// Compiles the filter to a condition on `tags`.
    pub fn to_condition(&self, path: &str) -> AppResult<Condition> {
        self.compile(
            &mut Budget {
                conditions: 0,
                now: None,
            },
            1,
            path,
        )
    }

    fn compile(&self, budget: &mut Budget, depth: usize, path: &str) -> AppResult<Condition> {
        budget.enter(depth, path)?;
        let col = |c: tag::Column| Expr::col((tag::Entity, c));
        let mut all = Condition::all();
        if let Some(f) = &self.id {
            all = all.add(f.condition(col(tag::Column::Id), budget, &join(path, "id"))?);
        }
        if let Some(f) = &self.slug {
            all = all.add(f.condition(col(tag::Column::Slug), budget, &join(path, "slug"))?);
        }
        if let Some(f) = &self.name {
            all = all.add(f.condition(col(tag::Column::Name), budget, &join(path, "name"))?);
        }
        if let Some(f) = &self.kind {
            let in_list = f.in_list.as_deref();
            all = all.add(enum_condition(
                f.eq,
                in_list,
                TagKind::as_str,
                col(tag::Column::Kind),
                budget,
                &join(path, "kind"),
            )?);
        }
        let not = self.not.as_deref();
        Ok(all.add(combinators(
            self.and.as_deref(),
            self.or.as_deref(),
            not,
            budget,
            depth,
            path,
            Self::compile,
        )?))
    }
}

/// Conditions on an article's tags.
#[derive(InputObject, Clone, Debug, Default)]
pub struct TagListFilter {
    /// At least one tag matches.
    pub some: Option<TagFilter>,
    /// Every tag matches (true for an article without tags).
    pub every: Option<TagFilter>,
    /// No tag matches.
    pub none: Option<TagFilter>,
}

/// `SELECT 1 FROM article_tags JOIN tags … WHERE article_tags.article_id = articles.id AND cond`.
fn article_tags_matching(cond: Condition) -> SelectStatement {
    Query::select()
        .expr(Expr::val(1))
        .from(article_tag::Entity)
        .inner_join(
            tag::Entity,
            Expr::col((tag::Entity, tag::Column::Id)).equals((article_tag::Entity, article_tag::Column::TagId)),
        )
        .and_where(
            Expr::col((article_tag::Entity, article_tag::Column::ArticleId))
                .equals((article::Entity, article::Column::Id)),
        )
        .cond_where(cond)
        .to_owned()
}

impl TagListFilter {
    fn compile(&self, budget: &mut Budget, depth: usize, path: &str) -> AppResult<Condition> {
        budget.enter(depth, path)?;
        let mut all = Condition::all();
        if let Some(f) = &self.some {
            let cond = f.compile(budget, depth + 1, &join(path, "some"))?;
            all = all.add(Expr::exists(article_tags_matching(cond)));
        }
        if let Some(f) = &self.every {
            let cond = f.compile(budget, depth + 1, &join(path, "every"))?;
            all = all.add(Expr::exists(article_tags_matching(cond.not())).not());
        }
        if let Some(f) = &self.none {
            let cond = f.compile(budget, depth + 1, &join(path, "none"))?;
            all = all.add(Expr::exists(article_tags_matching(cond)).not());
        }
        Ok(all)
    }
}

/// Conditions on an article.
#[derive(InputObject, Clone, Debug, Default)]
pub struct ArticleFilter {
    /// The article's id.
    pub id: Option<IdFilter>,
    /// The article's slug.
    pub slug: Option<StringFilter>,
    /// The headline.
    pub title: Option<StringFilter>,
    /// The language (BCP 47).
    pub language: Option<StringFilter>,
    /// The author line.
    pub byline: Option<StringFilter>,
    /// The status; never widens what the caller may see.
    pub status: Option<ArticleStatusFilter>,
    /// Publication time.
    pub published_at: Option<DateTimeFilter>,
    /// Last change.
    pub updated_at: Option<DateTimeFilter>,
    /// The article's source, e.g. `{ slug: { eq: "irna" } }`; articles without a source never match.
    pub source: Option<SourceFilter>,
    /// The article's tags, e.g. `{ some: { slug: { in: ["syria", "iran"] } } }`.
    pub tags: Option<TagListFilter>,
    /// All of these.
    pub and: Option<Vec<ArticleFilter>>,
    /// Any of these.
    pub or: Option<Vec<ArticleFilter>>,
    /// Not this.
    pub not: Option<Box<ArticleFilter>>,
}

impl ArticleFilter {
    /// Compiles the filter to a condition on `articles` (with `EXISTS` subqueries for the
    /// source and tags).
    pub fn to_condition(&self, path: &str, now: DateTime<Utc>) -> AppResult<Condition> {
        self.compile(
            &mut Budget {
                conditions: 0,
                now: Some(now),
            },
            1,
            path,
        )
    }

    fn compile(&self, budget: &mut Budget, depth: usize, path: &str) -> AppResult<Condition> {
        budget.enter(depth, path)?;
        let col = |c: article::Column| Expr::col((article::Entity, c));
        let mut all = Condition::all();
        if let Some(f) = &self.id {
            all = all.add(f.condition(col(article::Column::Id), budget, &join(path, "id"))?);
        }
        for (name, f, c) in [
            ("slug", &self.slug, article::Column::Slug),
            ("title", &self.title, article::Column::Title),
            ("language", &self.language, article::Column::Language),
            ("byline", &self.byline, article::Column::Byline),
        ] {
            if let Some(f) = f {
                all = all.add(f.condition(col(c), budget, &join(path, name))?);
            }
        }
        if let Some(f) = &self.status {
            let path = join(path, "status");
            let now = budget
                .now
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("article filter compiled without a time")))?;
            if let Some(status) = f.eq {
                budget.spend(&join(&path, "eq"))?;
                all = all.add(status_condition(status, now));
            }
            if let Some(list) = &f.in_list {
                budget.list(list, &join(&path, "in"))?;
                all = all.add(list.iter().fold(Condition::any().add(never()), |any, s| {
                    any.add(status_condition(*s, now))
                }));
            }
        }
        if let Some(f) = &self.published_at {
            all = all.add(f.condition(col(article::Column::PublishedAt), budget, &join(path, "publishedAt"))?);
        }
        if let Some(f) = &self.updated_at {
            all = all.add(f.condition(col(article::Column::UpdatedAt), budget, &join(path, "updatedAt"))?);
        }
        if let Some(f) = &self.source {
            let cond = f.compile(budget, depth + 1, &join(path, "source"))?;
            let sub = Query::select()
                .expr(Expr::val(1))
                .from(source::Entity)
                .and_where(
                    Expr::col((source::Entity, source::Column::Id))
                        .equals((article::Entity, article::Column::SourceId)),
                )
                .cond_where(cond)
                .to_owned();
            all = all.add(Expr::exists(sub));
        }
        if let Some(f) = &self.tags {
            all = all.add(f.compile(budget, depth + 1, &join(path, "tags"))?);
        }
        let not = self.not.as_deref();
        Ok(all.add(combinators(
            self.and.as_deref(),
            self.or.as_deref(),
            not,
            budget,
            depth,
            path,
            Self::compile,
        )?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> ArticleFilter {
        let mut f = ArticleFilter::default();
        for _ in 1..depth {
            f = ArticleFilter {
                not: Some(Box::new(f)),
                ..Default::default()
            };
        }
        f
    }

    #[test]
    fn depth_limit_is_six() {
        assert!(nested(MAX_DEPTH).to_condition("filter", Utc::now()).is_ok());
        let err = nested(MAX_DEPTH + 1).to_condition("filter", Utc::now()).unwrap_err();
        assert_eq!(err.code(), "BAD_USER_INPUT");
    }

    #[test]
    fn condition_and_list_limits() {
        let many = (0..=MAX_CONDITIONS)
            .map(|i| ArticleFilter {
                title: Some(StringFilter {
                    eq: Some(i.to_string()),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .collect();
        let err = ArticleFilter {
            or: Some(many),
            ..Default::default()
        }
        .to_condition("filter", Utc::now())
        .unwrap_err();
        assert!(err.to_string().contains("more than 100 conditions"), "{err}");

        let long = vec!["x".to_string(); MAX_IN_LIST + 1];
        let f = ArticleFilter {
            slug: Some(StringFilter {
                in_list: Some(long),
                ..Default::default()
            }),
            ..Default::default()
        };
        let err = f.to_condition("filter", Utc::now()).unwrap_err();
        assert_eq!(err.field(), Some("filter.slug.in"));
    }

    #[test]
    fn like_wildcards_are_escaped() {
        let sql = sea_orm::sea_query::Query::select()
            .expr(Expr::val(1))
            .and_where(Expr::col(article::Column::Title).like(like_pattern("%", "50%_off!", "%")))
            .to_string(sea_orm::sea_query::SqliteQueryBuilder);
        assert!(sql.contains("'%50!%!_off!!%' ESCAPE '!'"), "{sql}");
    }
}
