//! Related articles: what a reader of one article may want next, in one SQL statement.
//!
//! A candidate scores, for each tag it shares with the article, `1 / (articles carrying
//! that tag)` — a rare tag (a person, a small town) says more than a broad one (a section) —
//! plus [`SAME_SOURCE`] when it comes from the same source. Ties go to the more recent. Only
//! articles the viewer may see, never the article itself, and only candidates sharing a tag
//! or the source: an article with neither has no related articles rather than random ones.

use sea_orm::sea_query::{Expr, ExprTrait, Func, JoinType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DeriveIden, FromQueryResult};

use crate::content::Viewer;
use crate::content::articles::Article;
use crate::content::pagination;
use crate::entities::{article, article_tag};
use crate::error::AppResult;

/// What sharing the source is worth, in shared-tag weights: as much as one tag carried by
/// two articles.
const SAME_SOURCE: f64 = 0.5;

/// Most related articles one call returns.
pub const MAX_RELATED: u64 = 20;

/// Up to `first` articles related to `of`, best first.
pub async fn related(db: &impl ConnectionTrait, viewer: &Viewer, of: &Article, first: i32) -> AppResult<Vec<Article>> {
    let first = pagination::bounded("first", first, MAX_RELATED)?;
    if first == 0 {
        return Ok(vec![]);
    }
    let statement = db.get_database_backend().build(&query(viewer, of, first));
    let rows = article::Model::find_by_statement(statement).all(db).await?;
    rows.into_iter()
        .map(|m| Ok(Article::try_from(m)?.for_viewer(viewer)))
        .collect()
}

#[derive(DeriveIden)]
enum Name {
    Weights,
    Scores,
    TagId,
    Weight,
    Id,
    Score,
}

fn query(viewer: &Viewer, of: &Article, limit: u64) -> SelectStatement {
    let link = |c: article_tag::Column| Expr::col((article_tag::Entity, c));
    // The article's tags, each weighted by how rare it is.
    let own_tags = Query::select()
        .column(article_tag::Column::TagId)
        .from(article_tag::Entity)
        .and_where(link(article_tag::Column::ArticleId).eq(of.id))
        .to_owned();
    let weights = Query::select()
        .expr_as(link(article_tag::Column::TagId), Name::TagId)
        .expr_as(
            Expr::val(1.0_f64).div(Expr::expr(Func::count(link(article_tag::Column::ArticleId)))),
            Name::Weight,
        )
        .from(article_tag::Entity)
        .and_where(link(article_tag::Column::TagId).in_subquery(own_tags))
        .group_by_col(article_tag::Column::TagId)
        .to_owned();
    // Every other article sharing one of them, with the sum of the shared tags' weights.
    let scores = Query::select()
        .expr_as(link(article_tag::Column::ArticleId), Name::Id)
        .expr_as(Func::sum(Expr::col((Name::Weights, Name::Weight))), Name::Score)
        .from(article_tag::Entity)
        .join_subquery(
            JoinType::InnerJoin,
            weights,
            Name::Weights,
            Expr::col((Name::Weights, Name::TagId)).equals((article_tag::Entity, article_tag::Column::TagId)),
        )
        .and_where(link(article_tag::Column::ArticleId).ne(of.id))
        .group_by_col((article_tag::Entity, article_tag::Column::ArticleId))
        .to_owned();
    let col = |c: article::Column| Expr::col((article::Entity, c));
    let same_source = match of.source_id {
        Some(source) => Expr::case(col(article::Column::SourceId).eq(source), SAME_SOURCE)
            .finally(0.0_f64)
            .into(),
        None => Expr::val(0.0_f64),
    };
    let score = Expr::expr(Func::coalesce([
        Expr::col((Name::Scores, Name::Score)),
        Expr::val(0.0_f64),
    ]))
    .add(same_source);
    let mut related = Expr::col((Name::Scores, Name::Id)).is_not_null();
    if let Some(source) = of.source_id {
        related = related.or(col(article::Column::SourceId).eq(source));
    }
    let mut select = Query::select();
    select
        .columns(<article::Column as sea_orm::Iterable>::iter().map(|c| (article::Entity, c)))
        .from(article::Entity)
        .join_subquery(
            JoinType::LeftJoin,
            scores,
            Name::Scores,
            Expr::col((Name::Scores, Name::Id)).equals((article::Entity, article::Column::Id)),
        )
        .cond_where(viewer.article_condition())
        .and_where(col(article::Column::Id).ne(of.id))
        .and_where(related)
        .order_by_expr(score, Order::Desc)
        .order_by((article::Entity, article::Column::PublishedAt), Order::Desc)
        .order_by((article::Entity, article::Column::Id), Order::Desc)
        .limit(limit);
    select.to_owned()
}
