//! The write side: API keys, article revisions and corrections, and the article columns
//! of the news lifecycle (expiry, withdrawal) and of the audit trail.

use sea_orm_migration::prelude::*;

use crate::columns::{long_text, table_options, timestamp, timestamp_null};

/// Creates `api_keys`, `article_revisions` and `article_corrections`, and adds
/// `expires_at`, `withdrawn_reason`, `created_by` and `updated_by` to `articles`.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000002_create_editorial_tables"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_database_backend();

        manager
            .create_table(
                table_options(db, &mut Table::create())
                    .table(ApiKeys::Table)
                    .col(ColumnDef::new(ApiKeys::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(ApiKeys::Name).string_len(100).not_null().unique_key())
                    .col(ColumnDef::new(ApiKeys::Role).string_len(16).not_null())
                    // Hex SHA-256 of the key; looked up on every authenticated request.
                    .col(ColumnDef::new(ApiKeys::Hash).string_len(64).not_null().unique_key())
                    .col(timestamp(db, ApiKeys::CreatedAt))
                    .col(timestamp_null(db, ApiKeys::LastUsedAt))
                    .col(timestamp_null(db, ApiKeys::RevokedAt))
                    .to_owned(),
            )
            .await?;

        // SQLite adds one column per ALTER TABLE statement.
        for col in [
            timestamp_null(db, Articles::ExpiresAt),
            ColumnDef::new(Articles::WithdrawnReason).text().null().to_owned(),
            ColumnDef::new(Articles::CreatedBy).string_len(100).null().to_owned(),
            ColumnDef::new(Articles::UpdatedBy).string_len(100).null().to_owned(),
        ] {
            manager
                .alter_table(Table::alter().table(Articles::Table).add_column(col).to_owned())
                .await?;
        }

        manager
            .create_table(
                table_options(db, &mut Table::create())
                    .table(ArticleRevisions::Table)
                    .col(ColumnDef::new(ArticleRevisions::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(ArticleRevisions::ArticleId).uuid().not_null())
                    .col(ColumnDef::new(ArticleRevisions::Version).integer().not_null())
                    // The article's fields at that version, as JSON.
                    .col(long_text(db, ArticleRevisions::Snapshot).not_null())
                    .col(timestamp(db, ArticleRevisions::CreatedAt))
                    .col(ColumnDef::new(ArticleRevisions::CreatedBy).string_len(100).null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_article_revisions_article")
                            .from(ArticleRevisions::Table, ArticleRevisions::ArticleId)
                            .to(Articles::Table, Articles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One revision per version; also serves "revisions of one article, newest first".
        manager
            .create_index(
                Index::create()
                    .name("ux_article_revisions_article_version")
                    .table(ArticleRevisions::Table)
                    .col(ArticleRevisions::ArticleId)
                    .col(ArticleRevisions::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                table_options(db, &mut Table::create())
                    .table(ArticleCorrections::Table)
                    .col(ColumnDef::new(ArticleCorrections::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(ArticleCorrections::ArticleId).uuid().not_null())
                    .col(ColumnDef::new(ArticleCorrections::Text).text().not_null())
                    .col(timestamp(db, ArticleCorrections::CreatedAt))
                    .col(ColumnDef::new(ArticleCorrections::CreatedBy).string_len(100).null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_article_corrections_article")
                            .from(ArticleCorrections::Table, ArticleCorrections::ArticleId)
                            .to(Articles::Table, Articles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_article_corrections_article_created_at")
                    .table(ArticleCorrections::Table)
                    .col(ArticleCorrections::ArticleId)
                    .col(ArticleCorrections::CreatedAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ArticleCorrections::Table.into_iden(),
            ArticleRevisions::Table.into_iden(),
            ApiKeys::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        for col in [
            Articles::UpdatedBy,
            Articles::CreatedBy,
            Articles::WithdrawnReason,
            Articles::ExpiresAt,
        ] {
            manager
                .alter_table(Table::alter().table(Articles::Table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    Name,
    Role,
    Hash,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Articles {
    Table,
    Id,
    ExpiresAt,
    WithdrawnReason,
    CreatedBy,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum ArticleRevisions {
    Table,
    Id,
    ArticleId,
    Version,
    Snapshot,
    CreatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum ArticleCorrections {
    Table,
    Id,
    ArticleId,
    Text,
    CreatedAt,
    CreatedBy,
}
