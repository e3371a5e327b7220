//! Tags: the domain model, lookups, keyset-paged lists and the tags of articles.

use std::collections::HashMap;

use async_graphql::{Enum, InputObject};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

use crate::content::articles::OrderDirection;
use crate::content::filter::TagFilter;
use crate::content::pagination::{self, KeyKind, KeyValue, Ordering, Page, PageArgs, SortColumn};
use crate::entities::{article_tag, tag};
use crate::error::{AppError, AppResult};

/// What a tag names.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TagKind {
    /// A subject, e.g. "elections".
    Topic,
    /// A place, e.g. "Tehran".
    Place,
    /// A person.
    Person,
    /// An organization, e.g. "OPEC".
    Organization,
    /// A section of the publication; an article's section is its tag of this kind.
    Section,
}

impl TagKind {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Topic => "TOPIC",
            Self::Place => "PLACE",
            Self::Person => "PERSON",
            Self::Organization => "ORGANIZATION",
            Self::Section => "SECTION",
        }
    }

    /// Parses a stored kind name.
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Topic,
            Self::Place,
            Self::Person,
            Self::Organization,
            Self::Section,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// A tag as the domain knows it.
#[derive(Clone, Debug)]
pub struct Tag {
    /// UUIDv7.
    pub id: Uuid,
    /// Unique per kind.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// What it names.
    pub kind: TagKind,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<tag::Model> for Tag {
    type Error = AppError;

    fn try_from(m: tag::Model) -> AppResult<Self> {
        let kind = TagKind::parse(&m.kind)
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("tag {} has kind {:?}", m.id, m.kind)))?;
        let aliases = serde_json::from_value(m.aliases)
            .map_err(|e| AppError::internal(anyhow::anyhow!("tag {} has malformed aliases: {e}", m.id)))?;
        Ok(Self {
            id: m.id,
            slug: m.slug,
            name: m.name,
            kind,
            aliases,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

/// Fields tags can be ordered by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagOrderField {
    /// Name (byte order).
    Name,
    /// Slug.
    Slug,
    /// Creation time.
    CreatedAt,
}

/// One ordering criterion for tags.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct TagOrder {
    /// The field.
    pub field: TagOrderField,
    /// The direction (default `ASC`).
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// A compiled tag list query.
#[derive(Clone, Debug)]
pub struct TagQuery {
    condition: Condition,
}

impl TagQuery {
    /// Compiles the filter (reporting errors under `filter`).
    pub fn new(filter: Option<&TagFilter>) -> AppResult<Self> {
        let condition = match filter {
            Some(f) => f.to_condition("filter")?,
            None => Condition::all(),
        };
        Ok(Self { condition })
    }

    fn select(&self) -> Select<tag::Entity> {
        tag::Entity::find().filter(self.condition.clone())
    }

    /// One page in `order` (default by name).
    pub async fn page(&self, db: &impl ConnectionTrait, order: &[TagOrder], args: &PageArgs) -> AppResult<Page<Tag>> {
        let default = [TagOrder {
            field: TagOrderField::Name,
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
                expr: Expr::col((tag::Entity, col)),
                descending: o.direction == OrderDirection::Desc,
                kind,
            };
            columns.push((name.to_string(), sort));
        }
        let ordering = Ordering::new("tag", columns, Expr::col((tag::Entity, tag::Column::Id)));
        let request = ordering.request(args)?;
        let fields: Vec<_> = order.iter().map(|o| o.field).collect();
        let page = pagination::fetch_page(db, self.select(), &ordering, &request, |m| sort_key(m, &fields)).await?;
        let items = page
            .items
            .into_iter()
            .map(|(c, m)| Ok((c, Tag::try_from(m)?)))
            .collect::<AppResult<_>>()?;
        Ok(Page {
            items,
            has_next_page: page.has_next_page,
            has_previous_page: page.has_previous_page,
        })
    }

    /// How many tags match.
    pub async fn count(&self, db: &impl ConnectionTrait) -> AppResult<u64> {
        Ok(self.select().count(db).await?)
    }

    /// [`count`](Self::count) as PostgreSQL's planner estimates it; exact elsewhere.
    pub async fn count_estimate(&self, db: &impl ConnectionTrait) -> AppResult<u64> {
        pagination::estimate_count(db, self.select()).await
    }
}

fn column(field: TagOrderField) -> (&'static str, tag::Column, KeyKind) {
    match field {
        TagOrderField::Name => ("name", tag::Column::Name, KeyKind::Text),
        TagOrderField::Slug => ("slug", tag::Column::Slug, KeyKind::Text),
        TagOrderField::CreatedAt => ("created_at", tag::Column::CreatedAt, KeyKind::Time),
    }
}

fn sort_key(m: &tag::Model, fields: &[TagOrderField]) -> Vec<KeyValue> {
    let mut key: Vec<KeyValue> = fields
        .iter()
        .map(|f| match f {
            TagOrderField::Name => KeyValue::Text(m.name.clone()),
            TagOrderField::Slug => KeyValue::Text(m.slug.clone()),
            TagOrderField::CreatedAt => KeyValue::Time(m.created_at),
        })
        .collect();
    key.push(KeyValue::Id(m.id));
    key
}

/// The tag with `id`.
pub async fn by_id(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<Tag>> {
    tag::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(Tag::try_from)
        .transpose()
}

/// The tag with `slug` (and `kind`, when given). A slug used by several kinds without a
/// `kind` is ambiguous and refused.
pub async fn by_slug(db: &impl ConnectionTrait, slug: &str, kind: Option<TagKind>) -> AppResult<Option<Tag>> {
    let mut select = tag::Entity::find().filter(tag::Column::Slug.eq(slug));
    if let Some(kind) = kind {
        select = select.filter(tag::Column::Kind.eq(kind.as_str()));
    }
    let mut rows = select.limit(2).all(db).await?;
    if rows.len() > 1 {
        return Err(AppError::bad_field(
            "kind",
            format!("several kinds of tag have the slug {slug:?}: pass `kind`"),
        ));
    }
    rows.pop().map(Tag::try_from).transpose()
}

/// The tags of each of `article_ids`, ordered by kind and name, in one statement.
pub async fn of_articles(db: &impl ConnectionTrait, article_ids: &[Uuid]) -> AppResult<HashMap<Uuid, Vec<Tag>>> {
    let rows = article_tag::Entity::find()
        .filter(article_tag::Column::ArticleId.is_in(article_ids.iter().copied()))
        .find_also_related(tag::Entity)
        .order_by_asc(Expr::col((tag::Entity, tag::Column::Name)))
        .order_by_asc(Expr::col((tag::Entity, tag::Column::Id)))
        .all(db)
        .await?;
    let mut by_article: HashMap<Uuid, Vec<Tag>> = HashMap::new();
    for (link, tag) in rows {
        if let Some(tag) = tag {
            by_article.entry(link.article_id).or_default().push(Tag::try_from(tag)?);
        }
    }
    Ok(by_article)
}
