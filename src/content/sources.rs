//! Sources: lookups and keyset-paged lists.

use async_graphql::{Enum, InputObject};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Select};
use uuid::Uuid;

use crate::content::articles::OrderDirection;
use crate::content::filter::SourceFilter;
use crate::content::pagination::{self, KeyKind, KeyValue, Ordering, Page, PageArgs, SortColumn};
use crate::entities::source;
use crate::error::{AppError, AppResult};

/// A source as the domain knows it; the row carries nothing internal.
pub type Source = source::Model;

/// Fields sources can be ordered by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceOrderField {
    /// Name (byte order).
    Name,
    /// Slug.
    Slug,
    /// Creation time.
    CreatedAt,
}

/// One ordering criterion for sources.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct SourceOrder {
    /// The field.
    pub field: SourceOrderField,
    /// The direction (default `ASC`).
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// A compiled source list query.
#[derive(Clone, Debug)]
pub struct SourceQuery {
    condition: Condition,
}

impl SourceQuery {
    /// Compiles the filter (reporting errors under `filter`).
    pub fn new(filter: Option<&SourceFilter>) -> AppResult<Self> {
        let condition = match filter {
            Some(f) => f.to_condition("filter")?,
            None => Condition::all(),
        };
        Ok(Self { condition })
    }

    fn select(&self) -> Select<source::Entity> {
        source::Entity::find().filter(self.condition.clone())
    }

    /// One page in `order` (default by name).
    pub async fn page(
        &self,
        db: &impl ConnectionTrait,
        order: &[SourceOrder],
        args: &PageArgs,
    ) -> AppResult<Page<Source>> {
        let default = [SourceOrder {
            field: SourceOrderField::Name,
            direction: OrderDirection::Asc,
        }];
        let order = if order.is_empty() { &default[..] } else { order };
        let mut columns = Vec::new();
        for (i, o) in order.iter().enumerate() {
            if order[..i].iter().any(|p| p.field == o.field) {
                return Err(AppError::bad_field(
                    "orderBy",
                    format!("{:?} is listed twice in orderBy", o.field),
                ));
            }
            let (name, col, kind) = column(o.field);
            let sort = SortColumn {
                expr: Expr::col((source::Entity, col)),
                descending: o.direction == OrderDirection::Desc,
                kind,
            };
            columns.push((name.to_string(), sort));
        }
        let ordering = Ordering::new("source", columns, Expr::col((source::Entity, source::Column::Id)));
        let request = ordering.request(args)?;
        let fields: Vec<_> = order.iter().map(|o| o.field).collect();
        pagination::fetch_page(db, self.select(), &ordering, &request, |m| sort_key(m, &fields)).await
    }

    /// How many sources match.
    pub async fn count(&self, db: &impl ConnectionTrait) -> AppResult<u64> {
        Ok(self.select().count(db).await?)
    }

    /// [`count`](Self::count) as PostgreSQL's planner estimates it; exact elsewhere.
    pub async fn count_estimate(&self, db: &impl ConnectionTrait) -> AppResult<u64> {
        pagination::estimate_count(db, self.select()).await
    }
}

fn column(field: SourceOrderField) -> (&'static str, source::Column, KeyKind) {
    match field {
        SourceOrderField::Name => ("name", source::Column::Name, KeyKind::Text),
        SourceOrderField::Slug => ("slug", source::Column::Slug, KeyKind::Text),
        SourceOrderField::CreatedAt => ("created_at", source::Column::CreatedAt, KeyKind::Time),
    }
}

fn sort_key(m: &Source, fields: &[SourceOrderField]) -> Vec<KeyValue> {
    let mut key: Vec<KeyValue> = fields
        .iter()
        .map(|f| match f {
            SourceOrderField::Name => KeyValue::Text(m.name.clone()),
            SourceOrderField::Slug => KeyValue::Text(m.slug.clone()),
            SourceOrderField::CreatedAt => KeyValue::Time(m.created_at),
        })
        .collect();
    key.push(KeyValue::Id(m.id));
    key
}

/// The source with `id`.
pub async fn by_id(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<Source>> {
    Ok(source::Entity::find_by_id(id).one(db).await?)
}

/// The source with `slug`.
pub async fn by_slug(db: &impl ConnectionTrait, slug: &str) -> AppResult<Option<Source>> {
    Ok(source::Entity::find()
        .filter(source::Column::Slug.eq(slug))
        .one(db)
        .await?)
}

/// The sources with these ids, in one statement.
pub async fn by_ids(db: &impl ConnectionTrait, ids: &[Uuid]) -> AppResult<Vec<Source>> {
    Ok(source::Entity::find()
        .filter(source::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}
