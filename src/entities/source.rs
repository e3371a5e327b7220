//! The `sources` table: agencies, papers and wires that stories come from.

use sea_orm::entity::prelude::*;

/// One row of `sources`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sources")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique, `[a-z0-9-]{1,64}`.
    #[sea_orm(unique)]
    pub slug: String,
    /// Full name, e.g. "Islamic Republic News Agency".
    pub name: String,
    /// Abbreviation, e.g. "IRNA".
    pub short_name: Option<String>,
    /// Home page.
    pub url: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// BCP 47.
    pub language: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// Creation time (UTC).
    pub created_at: DateTimeUtc,
    /// Last change (UTC).
    pub updated_at: DateTimeUtc,
}

/// Relations of `sources`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// A source has many articles.
    #[sea_orm(has_many = "super::article::Entity")]
    Articles,
}

impl Related<super::article::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Articles.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
