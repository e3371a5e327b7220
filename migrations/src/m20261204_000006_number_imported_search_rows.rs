//! SQLite: an article inserted with its `search_rowid` already set goes into the search
//! index as it is, without being rewritten.
//!
//! The insert trigger of `m20261125_000004_create_search_index` numbers a new article by
//! updating its row after the insert: the whole row (body and plain text, a few kB) is
//! written twice, then read back through the content view. A bulk import knows the numbers
//! in advance (it is the only writer of its transaction), so it sets them in the insert
//! itself; the trigger now does its old work only for rows inserted without a number, and a
//! second one indexes numbered rows straight from the inserted values (100,000 imported
//! articles: about 17% less time). PostgreSQL and MariaDB/MySQL have nothing to change.

use sea_orm_migration::prelude::*;

/// Splits SQLite's insert trigger into a numbered and an unnumbered case.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000006_number_imported_search_rows"
    }
}

/// What the insert trigger did for every row, and still does for rows inserted without a
/// number: number the row, then index it through the content view.
const NUMBER_THEN_INDEX: &str = r#"
         UPDATE articles SET search_rowid = (SELECT coalesce(max(search_rowid), 0) + 1 FROM articles)
           WHERE id = new.id;
         INSERT INTO articles_search (rowid, title, summary, byline, body)
           SELECT search_rowid, title, summary, byline, body FROM articles_search_content
           WHERE search_rowid = (SELECT search_rowid FROM articles WHERE id = new.id);
       END"#;

fn up() -> Vec<String> {
    vec![
        "DROP TRIGGER articles_search_insert".into(),
        format!(
            "CREATE TRIGGER articles_search_insert AFTER INSERT ON articles \
             WHEN new.search_rowid IS NULL BEGIN{NUMBER_THEN_INDEX}"
        ),
        r#"CREATE TRIGGER articles_search_insert_numbered AFTER INSERT ON articles
       WHEN new.search_rowid IS NOT NULL BEGIN
         INSERT INTO articles_search (rowid, title, summary, byline, body)
           VALUES (new.search_rowid, new.title,
                   coalesce(new.subtitle, '') || ' ' || coalesce(new.summary, ''),
                   new.byline, coalesce(new.body_text, new.body));
       END"#
            .into(),
    ]
}

fn down() -> Vec<String> {
    vec![
        "DROP TRIGGER articles_search_insert_numbered".into(),
        "DROP TRIGGER articles_search_insert".into(),
        // As `m20261125_000004_create_search_index` created it.
        format!("CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN{NUMBER_THEN_INDEX}"),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, up()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, down()).await
    }
}

/// Runs `statements` as one string: on one connection of the pool. Another connection
/// may still see the trigger just dropped and refuse to create one of the same name.
async fn run(manager: &SchemaManager<'_>, statements: Vec<String>) -> Result<(), DbErr> {
    if manager.get_database_backend() != sea_orm::DatabaseBackend::Sqlite {
        return Ok(());
    }
    manager
        .get_connection()
        .execute_unprepared(&statements.join(";\n"))
        .await?;
    Ok(())
}
