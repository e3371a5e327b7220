//! Full-text search, with each database's own engine:
//!
//! - PostgreSQL: a stored generated `tsvector` column, `articles.search` (title weighted A,
//!   subtitle and summary B, byline C, body D), built with the text search configuration of
//!   the article's language (`gazette_search_config`), and a GIN index on it. Needs the
//!   `unaccent` extension (shipped with PostgreSQL, trusted since 13).
//! - SQLite: an FTS5 table, `articles_search`, with external content (the view
//!   `articles_search_content`, so the text is not stored twice), kept in sync by triggers.
//!   Its rows are keyed by `articles.search_rowid`, a number of our own: SQLite's own rowid
//!   of a table without an integer primary key may change on `VACUUM`.
//! - MariaDB/MySQL: a table `article_search` with FULLTEXT indexes, kept in sync by
//!   triggers. A table of its own because `articles` compares text byte for byte
//!   (`utf8mb4_bin`), which would make FULLTEXT search case-sensitive; this one uses a
//!   case- and accent-insensitive collation, like the other two engines.
//!
//! Every engine indexes `articles.body_text` (the body as plain text, filled by the
//! application for Markdown and HTML bodies) when it is set, else the body itself, so
//! markup is never searchable. Existing rows are indexed by the migration.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::columns;

/// Creates the search column, tables, triggers and indexes.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000004_create_search_index"
    }
}

/// The languages PostgreSQL (12 and later) has a snowball stemmer for, by the primary
/// subtag of their BCP 47 tags. Any other language is searched with `simple` (no stemming).
const PG_STEMMED: &[(&str, &str)] = &[
    ("ar", "arabic"),
    ("da", "danish"),
    ("de", "german"),
    ("el", "greek"),
    ("en", "english"),
    ("es", "spanish"),
    ("fi", "finnish"),
    ("fr", "french"),
    ("ga", "irish"),
    ("hu", "hungarian"),
    ("id", "indonesian"),
    ("it", "italian"),
    ("lt", "lithuanian"),
    ("nb", "norwegian"),
    ("ne", "nepali"),
    ("nl", "dutch"),
    ("nn", "norwegian"),
    ("no", "norwegian"),
    ("pt", "portuguese"),
    ("ro", "romanian"),
    ("ru", "russian"),
    ("sv", "swedish"),
    ("ta", "tamil"),
    ("tr", "turkish"),
];

/// The PostgreSQL configurations Gazette copies: each stemmer's once, and `simple`.
fn pg_bases() -> Vec<&'static str> {
    let mut bases: Vec<&str> = PG_STEMMED.iter().map(|(_, base)| *base).collect();
    bases.sort();
    bases.dedup();
    bases.push("simple");
    bases
}

/// PostgreSQL's statements: one text search configuration per stemmer (and one for the
/// rest), each a copy of PostgreSQL's own with `unaccent` before the stemmer, so that
/// "cafe" finds "café" as on the other databases; `gazette_search_config`, which picks
/// one for an article's language; the generated column and its index.
///
/// Names are qualified with the migration's schema: a generated column is also computed
/// where `search_path` is empty (restoring a dump), and the function is IMMUTABLE, as a
/// generated column requires (it reads no table or setting).
fn pg_up(schema: &str) -> Vec<String> {
    let mut statements = vec!["CREATE EXTENSION IF NOT EXISTS unaccent".to_string()];
    for base in pg_bases() {
        let dictionary = if base == "simple" {
            "simple".to_string()
        } else {
            format!("{base}_stem")
        };
        statements.push(format!(
            "CREATE TEXT SEARCH CONFIGURATION {schema}.gazette_{base} (COPY = pg_catalog.{base})"
        ));
        statements.push(format!(
            "ALTER TEXT SEARCH CONFIGURATION {schema}.gazette_{base} \
             ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary}"
        ));
    }
    let cases: String = PG_STEMMED
        .iter()
        .map(|(code, base)| format!("    WHEN '{code}' THEN '{schema}.gazette_{base}'::regconfig\n"))
        .collect();
    statements.push(format!(
        "CREATE FUNCTION {schema}.gazette_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE lower(split_part(language, '-', 1))
{cases}    ELSE '{schema}.gazette_simple'::regconfig
  END
$$"
    ));
    statements.push(format!(
        "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
           setweight(to_tsvector({schema}.gazette_search_config(language), title), 'A') ||
           setweight(to_tsvector({schema}.gazette_search_config(language),
                                 coalesce(subtitle, '') || ' ' || coalesce(summary, '')), 'B') ||
           setweight(to_tsvector({schema}.gazette_search_config(language), coalesce(byline, '')), 'C') ||
           setweight(to_tsvector({schema}.gazette_search_config(language), coalesce(body_text, body)), 'D')
         ) STORED"
    ));
    // Inserts queue their entries in a pending list that every search reads through until
    // it is merged; a small list (256 kB instead of 4 MB) keeps that read short.
    statements.push(
        "CREATE INDEX ix_articles_search ON articles USING gin (search) WITH (gin_pending_list_limit = 256)"
            .to_string(),
    );
    statements
}

/// PostgreSQL: the schema the migrations run in, quoted as an identifier.
pub(crate) async fn pg_schema(manager: &SchemaManager<'_>) -> Result<String, DbErr> {
    let row = manager
        .get_connection()
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT quote_ident(current_schema()) AS schema",
        ))
        .await?
        .ok_or_else(|| DbErr::Custom("no current schema".into()))?;
    row.try_get("", "schema")
}

fn pg_down(schema: &str) -> Vec<String> {
    let mut statements = vec![
        "DROP INDEX ix_articles_search".to_string(),
        "ALTER TABLE articles DROP COLUMN search".to_string(),
        format!("DROP FUNCTION {schema}.gazette_search_config(text)"),
    ];
    for base in pg_bases() {
        statements.push(format!("DROP TEXT SEARCH CONFIGURATION {schema}.gazette_{base}"));
    }
    statements
}

const SQLITE_UP: &[&str] = &[
    "ALTER TABLE articles ADD COLUMN search_rowid INTEGER",
    "UPDATE articles SET search_rowid = rowid",
    "CREATE UNIQUE INDEX ix_articles_search_rowid ON articles (search_rowid)",
    r#"CREATE VIEW articles_search_content AS
       SELECT search_rowid, title, coalesce(subtitle, '') || ' ' || coalesce(summary, '') AS summary,
              byline, coalesce(body_text, body) AS body
       FROM articles"#,
    r#"CREATE VIRTUAL TABLE articles_search USING fts5(
         title, summary, byline, body,
         content = 'articles_search_content', content_rowid = 'search_rowid',
         tokenize = 'unicode61 remove_diacritics 2'
       )"#,
    // A new article takes the next number; `max + 1` (through the unique index) rather
    // than the rowid, which after a VACUUM may repeat a number already given out.
    r#"CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
         UPDATE articles SET search_rowid = (SELECT coalesce(max(search_rowid), 0) + 1 FROM articles)
           WHERE id = new.id;
         INSERT INTO articles_search (rowid, title, summary, byline, body)
           SELECT search_rowid, title, summary, byline, body FROM articles_search_content
           WHERE search_rowid = (SELECT search_rowid FROM articles WHERE id = new.id);
       END"#,
    r#"CREATE TRIGGER articles_search_update
       AFTER UPDATE OF title, subtitle, summary, byline, body, body_text ON articles BEGIN
         INSERT INTO articles_search (articles_search, rowid, title, summary, byline, body)
           VALUES ('delete', old.search_rowid, old.title,
                   coalesce(old.subtitle, '') || ' ' || coalesce(old.summary, ''),
                   old.byline, coalesce(old.body_text, old.body));
         INSERT INTO articles_search (rowid, title, summary, byline, body)
           VALUES (new.search_rowid, new.title,
                   coalesce(new.subtitle, '') || ' ' || coalesce(new.summary, ''),
                   new.byline, coalesce(new.body_text, new.body));
       END"#,
    r#"CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
         INSERT INTO articles_search (articles_search, rowid, title, summary, byline, body)
           VALUES ('delete', old.search_rowid, old.title,
                   coalesce(old.subtitle, '') || ' ' || coalesce(old.summary, ''),
                   old.byline, coalesce(old.body_text, old.body));
       END"#,
    "INSERT INTO articles_search (articles_search) VALUES ('rebuild')",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER articles_search_delete",
    "DROP TRIGGER articles_search_update",
    "DROP TRIGGER articles_search_insert",
    "DROP TABLE articles_search",
    "DROP VIEW articles_search_content",
    "DROP INDEX ix_articles_search_rowid",
    "ALTER TABLE articles DROP COLUMN search_rowid",
];

const MYSQL_UP: &[&str] = &[
    // Stopwords are fixed when a FULLTEXT index is created: without them, "the" or "who"
    // can be searched (in a phrase, say) as on the other databases.
    // One string, so that both run on the same pooled connection.
    r#"SET SESSION innodb_ft_enable_stopword = OFF;
       CREATE TABLE article_search (
         article_id BINARY(16) NOT NULL PRIMARY KEY,
         title TEXT NOT NULL,
         summary TEXT NOT NULL,
         byline TEXT NULL,
         body LONGTEXT NOT NULL,
         FULLTEXT INDEX ft_article_search (title, summary, byline, body),
         FULLTEXT INDEX ft_article_search_title (title)
       ) ENGINE = InnoDB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"#,
    r#"CREATE TRIGGER articles_search_insert AFTER INSERT ON articles FOR EACH ROW
       INSERT INTO article_search (article_id, title, summary, byline, body)
       VALUES (NEW.id, NEW.title, CONCAT_WS(' ', NEW.subtitle, NEW.summary, ''), NEW.byline,
               COALESCE(NEW.body_text, NEW.body))"#,
    r#"CREATE TRIGGER articles_search_update AFTER UPDATE ON articles FOR EACH ROW
       UPDATE article_search
       SET title = NEW.title, summary = CONCAT_WS(' ', NEW.subtitle, NEW.summary, ''),
           byline = NEW.byline, body = COALESCE(NEW.body_text, NEW.body)
       WHERE article_id = NEW.id"#,
    r#"CREATE TRIGGER articles_search_delete AFTER DELETE ON articles FOR EACH ROW
       DELETE FROM article_search WHERE article_id = OLD.id"#,
    r#"INSERT INTO article_search (article_id, title, summary, byline, body)
       SELECT id, title, CONCAT_WS(' ', subtitle, summary, ''), byline, COALESCE(body_text, body)
       FROM articles"#,
];

const MYSQL_DOWN: &[&str] = &[
    "DROP TRIGGER articles_search_delete",
    "DROP TRIGGER articles_search_update",
    "DROP TRIGGER articles_search_insert",
    "DROP TABLE article_search",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        // The body as plain text, for Markdown and HTML bodies (null when the body is text).
        manager
            .alter_table(
                Table::alter()
                    .table(Articles::Table)
                    .add_column(columns::long_text(backend, Articles::BodyText).null().to_owned())
                    .to_owned(),
            )
            .await?;
        // Which languages the archive holds (PostgreSQL searches each with its own
        // configuration): read by skipping through this index, not the table.
        manager
            .create_index(
                Index::create()
                    .name("ix_articles_language")
                    .table(Articles::Table)
                    .col(Articles::Language)
                    .to_owned(),
            )
            .await?;
        run(manager, statements(manager, true).await?).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, statements(manager, false).await?).await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_articles_language")
                    .table(Articles::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Articles::Table)
                    .drop_column(Articles::BodyText)
                    .to_owned(),
            )
            .await
    }
}

async fn statements(manager: &SchemaManager<'_>, up: bool) -> Result<Vec<String>, DbErr> {
    let own = |list: &[&str]| list.iter().map(|s| String::from(*s)).collect();
    Ok(match (manager.get_database_backend(), up) {
        (DbBackend::Postgres, up) => {
            let schema = pg_schema(manager).await?;
            if up { pg_up(&schema) } else { pg_down(&schema) }
        }
        (DbBackend::MySql, true) => own(MYSQL_UP),
        (DbBackend::MySql, false) => own(MYSQL_DOWN),
        (_, true) => own(SQLITE_UP),
        (_, false) => own(SQLITE_DOWN),
    })
}

/// Runs `statements` in order.
pub(crate) async fn run(manager: &SchemaManager<'_>, statements: Vec<String>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for sql in &statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

#[derive(DeriveIden)]
enum Articles {
    Table,
    BodyText,
    Language,
}
