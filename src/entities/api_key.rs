//! The `api_keys` table. Only a hash of each key is stored.

use sea_orm::entity::prelude::*;

/// One row of `api_keys`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique name, e.g. `cms`; written into `created_by`/`updated_by`.
    #[sea_orm(unique)]
    pub name: String,
    /// `reader`, `editor` or `admin`.
    pub role: String,
    /// Hex SHA-256 of the key.
    #[sea_orm(unique)]
    pub hash: String,
    /// Creation time (UTC).
    pub created_at: DateTimeUtc,
    /// Last request made with the key (updated at most once a minute).
    pub last_used_at: Option<DateTimeUtc>,
    /// When the key was revoked; revoked keys authenticate nobody.
    pub revoked_at: Option<DateTimeUtc>,
}

/// `api_keys` has no relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
