//! The `article_corrections` table: public corrections appended to an article.

use sea_orm::entity::prelude::*;

/// One row of `article_corrections`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "article_corrections")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The corrected article.
    pub article_id: Uuid,
    /// The correction, as readers see it.
    pub text: String,
    /// When it was added (UTC).
    pub created_at: DateTimeUtc,
    /// The key that added it.
    pub created_by: Option<String>,
}

/// Relations of `article_corrections`.
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
