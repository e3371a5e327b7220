//! PostgreSQL: a second full-text index, of the pairs of words that follow one another, so
//! that a phrase is found from an index instead of by reading every article holding its
//! words.
//!
//! GIN indexes which articles hold a word, not where: for `"proposed proposal"` PostgreSQL
//! collected the 28,900 articles holding "propos" (of 100,000) and read each one's vector
//! from TOAST to check the phrase, 0.3 s (a second or more with 16 searches at once), for
//! 44 matches. `gazette_search_pairs(search)` gives each pair of adjacent lexemes of
//! `articles.search` as one lexeme (`'propos propos'`); indexed, it finds those 44 articles
//! at once (12 ms in all), and the phrase is then checked on `search` (see
//! `content::search`). Built from the same vector, the pairs are found wherever the phrase
//! is, so the index never hides a match.
//!
//! An index on the expression rather than a stored column: nothing is stored twice, the
//! table is not rewritten (on 100,000 articles the index took about 40 s to build, during which
//! articles can be read but not written). A write computes the pairs once (about 0.2 ms for
//! an article of 300 words) and adds them to the index, whose keys are many and mostly
//! rare: loading 100,000 demo articles took 141 s instead of 82. The index takes 32 MB
//! beside the words' 27 MB, and `ANALYZE` computes the pairs of its sample (a few seconds
//! more). SQLite and MariaDB/MySQL have nothing to change: their indexes keep positions.

use sea_orm_migration::prelude::*;

use crate::m20261125_000004_create_search_index::{pg_schema, run};

/// Adds `gazette_search_pairs` and its index on `articles` on PostgreSQL.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261206_000007_index_search_pairs"
    }
}

/// What `gazette_search_pairs` gives for an article whose pairs do not fit (see [`up`]):
/// a lexeme without a space, which no pair is.
pub const EVERY_PAIR: &str = "*";

/// The most bytes of pairs (repeats included) `gazette_search_pairs` gives for one article;
/// PostgreSQL's limit for one `tsvector` is 1 MB.
const MAX_PAIRS_BYTES: usize = 1_000_000;

fn up(schema: &str) -> Vec<String> {
    vec![
        // Every lexeme at a position with every lexeme at the next: a dictionary may give
        // one word several lexemes, and PostgreSQL matches a phrase with any of them. A pair
        // too long for a lexeme (2,047 bytes) is left out, and so are all of an article's
        // pairs when they might not fit in one `tsvector` (1 MB, counted before
        // `array_to_tsvector` drops repeated pairs; only a long text of long words has that
        // many): the article then gives `*` instead, which no pair can be, and which every
        // phrase search also looks for. Positions read once (`MATERIALIZED`) and repeated
        // pairs left to `array_to_tsvector`: twice as fast as `DISTINCT` over two scans.
        format!(
            "CREATE FUNCTION {schema}.gazette_search_pairs(words tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  WITH at AS MATERIALIZED (SELECT w.lexeme, p FROM unnest(words) w, unnest(w.positions) p)
  SELECT CASE WHEN coalesce(sum(octet_length(pair)), 0) < {MAX_PAIRS_BYTES}
              THEN coalesce(array_to_tsvector(array_agg(pair)), ''::tsvector)
              ELSE array_to_tsvector(ARRAY['{EVERY_PAIR}']) END
  FROM (SELECT a.lexeme || ' ' || b.lexeme AS pair
        FROM at a JOIN at b ON b.p = a.p + 1
        WHERE octet_length(a.lexeme) + octet_length(b.lexeme) < 2047) pairs
$$"
        ),
        // As `ix_articles_search`: a short pending list for inserts.
        format!(
            "CREATE INDEX ix_articles_search_pairs ON articles \
             USING gin ({schema}.gazette_search_pairs(search)) WITH (gin_pending_list_limit = 256)"
        ),
    ]
}

fn down(schema: &str) -> Vec<String> {
    vec![
        "DROP INDEX ix_articles_search_pairs".into(),
        format!("DROP FUNCTION {schema}.gazette_search_pairs(tsvector)"),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        run(manager, up(&pg_schema(manager).await?)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        run(manager, down(&pg_schema(manager).await?)).await
    }
}
