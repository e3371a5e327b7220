//! Facets: counts over a filtered list of articles, so a topic page can show
//! "Syria (120) · Iran (87)" next to the list. Each facet is one `GROUP BY` over the very
//! condition of the list (viewer, scope, filter), never a count in Rust.

use sea_orm::sea_query::{Expr, ExprTrait, Order};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};
use uuid::Uuid;

use crate::content::articles::ArticleQuery;
use crate::content::pagination;
use crate::content::sources::{self, Source};
use crate::content::tags::{Tag, TagKind};
use crate::entities::{article, article_tag, tag};
use crate::error::AppResult;

/// Most entries a tag or source facet returns.
pub const MAX_FACET: u64 = 100;

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl ArticleQuery {
    /// The `first` tags (of `kind`, when given) most carried by the list's articles, with
    /// how many carry each; ties by name.
    pub async fn tag_facets(
        &self,
        db: &impl ConnectionTrait,
        kind: Option<TagKind>,
        first: i32,
    ) -> AppResult<Vec<(Tag, u64)>> {
        let first = pagination::bounded("first", first, MAX_FACET)?;
        let listed = self.select().select_only().column(article::Column::Id).into_query();
        let n = Expr::col((article_tag::Entity, article_tag::Column::ArticleId)).count();
        let mut select = tag::Entity::find()
            .inner_join(article_tag::Entity)
            .filter(Expr::col((article_tag::Entity, article_tag::Column::ArticleId)).in_subquery(listed))
            .group_by(Expr::col((tag::Entity, tag::Column::Id)))
            .order_by(n.clone(), Order::Desc)
            .order_by_asc(tag::Column::Name)
            .order_by_asc(tag::Column::Id)
            .limit(first);
        if let Some(kind) = kind {
            select = select.filter(tag::Column::Kind.eq(kind.as_str()));
        }
        // Grouped by the primary key, the tag's other columns are determined by it.
        let ids: Vec<(Uuid, i64)> = select
            .select_only()
            .column(tag::Column::Id)
            .column_as(n, "n")
            .into_tuple()
            .all(db)
            .await?;
        let tags = tag::Entity::find()
            .filter(tag::Column::Id.is_in(ids.iter().map(|(id, _)| *id)))
            .all(db)
            .await?;
        ids.into_iter()
            .filter_map(|(id, n)| tags.iter().find(|t| t.id == id).map(|t| (t.clone(), n)))
            .map(|(t, n)| Ok((Tag::try_from(t)?, count(n))))
            .collect()
    }

    /// The `first` sources with the most of the list's articles, with their counts; ties
    /// by id.
    pub async fn source_facets(&self, db: &impl ConnectionTrait, first: i32) -> AppResult<Vec<(Source, u64)>> {
        let first = pagination::bounded("first", first, MAX_FACET)?;
        let n = Expr::col((article::Entity, article::Column::Id)).count();
        let rows: Vec<(Uuid, i64)> = self
            .select()
            .select_only()
            .column(article::Column::SourceId)
            .column_as(n.clone(), "n")
            .filter(article::Column::SourceId.is_not_null())
            .group_by(article::Column::SourceId)
            .order_by(n, Order::Desc)
            .order_by_asc(article::Column::SourceId)
            .limit(first)
            .into_tuple()
            .all(db)
            .await?;
        let ids: Vec<Uuid> = rows.iter().map(|(id, _)| *id).collect();
        let found = sources::by_ids(db, &ids).await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, n)| found.iter().find(|s| s.id == id).map(|s| (s.clone(), count(n))))
            .collect())
    }

    /// How many of the list's articles were published in each month (`YYYY-MM`, UTC),
    /// newest month first.
    pub async fn month_facets(&self, db: &impl ConnectionTrait) -> AppResult<Vec<(String, u64)>> {
        // Each database spells "the month of a timestamp" its own way; SQLite stores times
        // as RFC 3339 text in UTC, whose first seven characters are the month. Literals, not
        // bound values: the grouped expression must read the same in SELECT and GROUP BY.
        let month = Expr::cust(match db.get_database_backend() {
            DbBackend::Postgres => r#"to_char("articles"."published_at" AT TIME ZONE 'UTC', 'YYYY-MM')"#,
            DbBackend::MySql => "DATE_FORMAT(`articles`.`published_at`, '%Y-%m')",
            _ => r#"substr("articles"."published_at", 1, 7)"#,
        });
        let rows: Vec<(String, i64)> = self
            .select()
            .select_only()
            .column_as(month.clone(), "month")
            .column_as(Expr::col((article::Entity, article::Column::Id)).count(), "n")
            .filter(article::Column::PublishedAt.is_not_null())
            .group_by(month.clone())
            .order_by(month, Order::Desc)
            .into_tuple()
            .all(db)
            .await?;
        Ok(rows.into_iter().map(|(m, n)| (m, count(n))).collect())
    }
}
