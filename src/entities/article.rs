//! The `articles` table.

use sea_orm::entity::prelude::*;

/// One row of `articles`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "articles")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique URL name.
    #[sea_orm(unique)]
    pub slug: String,
    /// Headline.
    pub title: String,
    /// Deck under the headline.
    pub subtitle: Option<String>,
    /// Short summary.
    pub summary: Option<String>,
    /// Body as stored, in `body_format`.
    pub body: String,
    /// `MARKDOWN`, `HTML` or `TEXT`.
    pub body_format: String,
    /// The body as plain text, for full-text search; null when the body is plain text.
    pub body_text: Option<String>,
    /// Author line.
    pub byline: Option<String>,
    /// BCP 47.
    pub language: String,
    /// `DRAFT`, `SCHEDULED`, `PUBLISHED`, `ARCHIVED` or `WITHDRAWN`.
    pub status: String,
    /// When it is (or was) published; null for drafts.
    pub published_at: Option<DateTimeUtc>,
    /// The article's URL at the publisher.
    pub canonical_url: Option<String>,
    /// The id at the origin, for idempotent imports.
    pub external_id: Option<String>,
    /// Optimistic-locking version, incremented on every change.
    pub version: i32,
    /// Where the story comes from.
    pub source_id: Option<Uuid>,
    /// Creation time (UTC).
    pub created_at: DateTimeUtc,
    /// Last change (UTC).
    pub updated_at: DateTimeUtc,
    /// When the rights to publish it run out; hidden from public reads from then on.
    pub expires_at: Option<DateTimeUtc>,
    /// Why a `WITHDRAWN` article was withdrawn (public).
    pub withdrawn_reason: Option<String>,
    /// Name of the key that created it.
    pub created_by: Option<String>,
    /// Name of the key that changed it last.
    pub updated_by: Option<String>,
}

/// Relations of `articles`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The article's source.
    #[sea_orm(
        belongs_to = "super::source::Entity",
        from = "Column::SourceId",
        to = "super::source::Column::Id",
        on_delete = "Restrict"
    )]
    Source,
    /// Links to tags.
    #[sea_orm(has_many = "super::article_tag::Entity")]
    ArticleTags,
}

impl Related<super::source::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Source.def()
    }
}

impl Related<super::article_tag::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ArticleTags.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
