//! Column and table helpers that differ per backend.
//!
//! Timestamps: PostgreSQL gets `timestamptz`; MySQL gets `DATETIME(6)` rather than
//! `TIMESTAMP`, whose range ends in 2038 and starts in 1970 (news archives reach further);
//! SQLite stores RFC 3339 text, which sorts chronologically because every value is UTC.
//! Long text: MySQL's `TEXT` stops at 64 KiB, so bodies use `LONGTEXT` there.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

/// A UTC timestamp column, not null.
pub fn timestamp(backend: DbBackend, name: impl IntoIden) -> ColumnDef {
    let mut col = ColumnDef::new(name);
    match backend {
        DbBackend::MySql => col.custom(Alias::new("DATETIME(6)")),
        _ => col.timestamp_with_time_zone(),
    };
    col.not_null();
    col
}

/// A UTC timestamp column that may be null.
pub fn timestamp_null(backend: DbBackend, name: impl IntoIden) -> ColumnDef {
    let mut col = timestamp(backend, name);
    col.null();
    col
}

/// A text column large enough for an article body (1 MB and more).
pub fn long_text(backend: DbBackend, name: impl IntoIden) -> ColumnDef {
    let mut col = ColumnDef::new(name);
    match backend {
        DbBackend::MySql => col.custom(Alias::new("LONGTEXT")),
        _ => col.text(),
    };
    col
}

/// Applies the table options that keep string comparison the same on every backend:
/// MySQL compares case-insensitively by default, so `eq`, uniqueness and ordering would
/// differ from SQLite and PostgreSQL; `utf8mb4_bin` makes it compare exactly.
pub fn table_options(backend: DbBackend, table: &mut TableCreateStatement) -> &mut TableCreateStatement {
    if backend == DbBackend::MySql {
        table.character_set("utf8mb4").collate("utf8mb4_bin");
    }
    table
}
