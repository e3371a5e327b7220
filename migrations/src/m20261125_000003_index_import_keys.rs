//! Indexes for the keys an import finds stored articles by (`external_id`, `canonical_url`):
//! without them every batch of an import scans the whole table.

use sea_orm_migration::prelude::*;

/// Creates `ix_articles_external_id` and `ix_articles_canonical_url`.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000003_index_import_keys"
    }
}

/// MySQL limits index keys to 3,072 bytes (768 four-byte characters), less than a
/// 2,048-character URL: it indexes the URL's first 500 characters, which tell URLs apart.
const MYSQL_URL_PREFIX: u32 = 500;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ix_articles_external_id")
                    .table(Articles::Table)
                    .col(Articles::ExternalId)
                    .to_owned(),
            )
            .await?;
        let mut url = Index::create();
        url.name("ix_articles_canonical_url").table(Articles::Table);
        if manager.get_database_backend() == sea_orm::DatabaseBackend::MySql {
            url.col((Articles::CanonicalUrl, MYSQL_URL_PREFIX));
        } else {
            url.col(Articles::CanonicalUrl);
        }
        manager.create_index(url.to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["ix_articles_canonical_url", "ix_articles_external_id"] {
            manager
                .drop_index(Index::drop().name(name).table(Articles::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Articles {
    Table,
    ExternalId,
    CanonicalUrl,
}
