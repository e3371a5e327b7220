//! Gazette's schema migrations.
//!
//! One migration per file, named `mYYYYMMDD_HHMMSS_verb_noun.rs`, each with `up` and `down`.
//! The same migrations run on SQLite, PostgreSQL and MariaDB/MySQL; where the three differ
//! (timestamp and long-text column types, MySQL's table collation) the helpers in
//! [`columns`] pick the right spelling for the connected backend.

pub use m20261206_000007_index_search_pairs::EVERY_PAIR;
pub use sea_orm_migration::prelude::*;

mod columns;
mod m20261125_000001_create_content_tables;
mod m20261125_000002_create_editorial_tables;
mod m20261125_000003_index_import_keys;
mod m20261125_000004_create_search_index;
mod m20261125_000005_pack_article_rows;
mod m20261204_000006_number_imported_search_rows;
mod m20261206_000007_index_search_pairs;

/// The ordered list of Gazette's migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_content_tables::Migration),
            Box::new(m20261125_000002_create_editorial_tables::Migration),
            Box::new(m20261125_000003_index_import_keys::Migration),
            Box::new(m20261125_000004_create_search_index::Migration),
            Box::new(m20261125_000005_pack_article_rows::Migration),
            Box::new(m20261204_000006_number_imported_search_rows::Migration),
            Box::new(m20261206_000007_index_search_pairs::Migration),
        ]
    }
}
