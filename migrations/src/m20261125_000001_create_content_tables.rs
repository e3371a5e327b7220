//! Creates the content tables: sources, tags, articles and the article–tag links,
//! with the indexes that the API's orderings and filters use.

use sea_orm_migration::prelude::*;

use crate::columns::{long_text, table_options, timestamp, timestamp_null};

/// Creates `sources`, `tags`, `articles` and `article_tags`.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000001_create_content_tables"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_database_backend();

        manager
            .create_table(
                table_options(db, &mut Table::create())
                    .table(Sources::Table)
                    .col(ColumnDef::new(Sources::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Sources::Slug).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Sources::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Sources::ShortName).string_len(64).null())
                    .col(ColumnDef::new(Sources::Url).string_len(2048).null())
                    .col(ColumnDef::new(Sources::Country).string_len(2).null())
                    .col(ColumnDef::new(Sources::Language).string_len(35).null())
                    .col(ColumnDef::new(Sources::Description).text().null())
                    .col(timestamp(db, Sources::CreatedAt))
                    .col(timestamp(db, Sources::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                table_options(db, &mut Table::create())
                    .table(Tags::Table)
                    .col(ColumnDef::new(Tags::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Tags::Slug).string_len(64).not_null())
                    .col(ColumnDef::new(Tags::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Tags::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(Tags::Aliases).json().not_null())
                    .col(timestamp(db, Tags::CreatedAt))
                    .col(timestamp(db, Tags::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_tags_kind_slug")
                    .table(Tags::Table)
                    .col(Tags::Kind)
                    .col(Tags::Slug)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // `tag(slug:)` without a kind and `tags(filter: {slug: …})` look up by slug alone.
        manager
            .create_index(
                Index::create()
                    .name("ix_tags_slug")
                    .table(Tags::Table)
                    .col(Tags::Slug)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                table_options(db, &mut Table::create())
                    .table(Articles::Table)
                    .col(ColumnDef::new(Articles::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Articles::Slug).string_len(200).not_null().unique_key())
                    .col(ColumnDef::new(Articles::Title).string_len(300).not_null())
                    .col(ColumnDef::new(Articles::Subtitle).text().null())
                    .col(ColumnDef::new(Articles::Summary).text().null())
                    .col(long_text(db, Articles::Body).not_null())
                    .col(ColumnDef::new(Articles::BodyFormat).string_len(16).not_null())
                    .col(ColumnDef::new(Articles::Byline).string_len(300).null())
                    .col(ColumnDef::new(Articles::Language).string_len(35).not_null())
                    .col(ColumnDef::new(Articles::Status).string_len(16).not_null())
                    .col(timestamp_null(db, Articles::PublishedAt))
                    .col(ColumnDef::new(Articles::CanonicalUrl).string_len(2048).null())
                    .col(ColumnDef::new(Articles::ExternalId).string_len(255).null())
                    .col(ColumnDef::new(Articles::Version).integer().not_null().default(1))
                    .col(ColumnDef::new(Articles::SourceId).uuid().null())
                    .col(timestamp(db, Articles::CreatedAt))
                    .col(timestamp(db, Articles::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_articles_source")
                            .from(Articles::Table, Articles::SourceId)
                            .to(Sources::Table, Sources::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // Keyset pagination walks these indexes in either direction.
        for (name, col) in [
            ("ix_articles_published_at_id", Articles::PublishedAt),
            ("ix_articles_updated_at_id", Articles::UpdatedAt),
            ("ix_articles_created_at_id", Articles::CreatedAt),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Articles::Table)
                        .col(col)
                        .col(Articles::Id)
                        .to_owned(),
                )
                .await?;
        }
        // A source's articles, newest first: serves `source_id = ?` alone as well.
        manager
            .create_index(
                Index::create()
                    .name("ix_articles_source_published_at_id")
                    .table(Articles::Table)
                    .col(Articles::SourceId)
                    .col(Articles::PublishedAt)
                    .col(Articles::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                table_options(db, &mut Table::create())
                    .table(ArticleTags::Table)
                    .col(ColumnDef::new(ArticleTags::ArticleId).uuid().not_null())
                    .col(ColumnDef::new(ArticleTags::TagId).uuid().not_null())
                    .primary_key(Index::create().col(ArticleTags::ArticleId).col(ArticleTags::TagId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_article_tags_article")
                            .from(ArticleTags::Table, ArticleTags::ArticleId)
                            .to(Articles::Table, Articles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_article_tags_tag")
                            .from(ArticleTags::Table, ArticleTags::TagId)
                            .to(Tags::Table, Tags::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_article_tags_tag_article")
                    .table(ArticleTags::Table)
                    .col(ArticleTags::TagId)
                    .col(ArticleTags::ArticleId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ArticleTags::Table.into_iden(),
            Articles::Table.into_iden(),
            Tags::Table.into_iden(),
            Sources::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Sources {
    Table,
    Id,
    Slug,
    Name,
    ShortName,
    Url,
    Country,
    Language,
    Description,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Tags {
    Table,
    Id,
    Slug,
    Name,
    Kind,
    Aliases,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Articles {
    Table,
    Id,
    Slug,
    Title,
    Subtitle,
    Summary,
    Body,
    BodyFormat,
    Byline,
    Language,
    Status,
    PublishedAt,
    CanonicalUrl,
    ExternalId,
    Version,
    SourceId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ArticleTags {
    Table,
    ArticleId,
    TagId,
}
