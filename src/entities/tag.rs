//! The `tags` table: topics, places, people, organizations and sections.

use sea_orm::entity::prelude::*;

/// One row of `tags`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tags")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique together with `kind`.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// `TOPIC`, `PLACE`, `PERSON`, `ORGANIZATION` or `SECTION`.
    pub kind: String,
    /// JSON array of other spellings.
    pub aliases: Json,
    /// Creation time (UTC).
    pub created_at: DateTimeUtc,
    /// Last change (UTC).
    pub updated_at: DateTimeUtc,
}

/// Relations of `tags`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Links to articles.
    #[sea_orm(has_many = "super::article_tag::Entity")]
    ArticleTags,
}

impl Related<super::article_tag::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ArticleTags.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
