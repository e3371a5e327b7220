//! The `article_revisions` table: an article's state before each update.

use sea_orm::entity::prelude::*;

/// One row of `article_revisions`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "article_revisions")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The article.
    pub article_id: Uuid,
    /// The article's version in this state.
    pub version: i32,
    /// The article's fields in this state, as JSON.
    pub snapshot: String,
    /// When this state was replaced (UTC).
    pub created_at: DateTimeUtc,
    /// The key that replaced it.
    pub created_by: Option<String>,
}

/// Relations of `article_revisions`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The article.
    #[sea_orm(
        belongs_to = "super::article::Entity",
        from = "Column::ArticleId",
        to = "super::article::Column::Id",
        on_delete = "Cascade"
    )]
    Article,
}

impl Related<super::article::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Article.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
