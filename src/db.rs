//! Connecting to the database and applying migrations.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend};

use crate::config::DatabaseConfig;

/// Why the database could not be used at start-up; each names the setting at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The URL is not one Gazette understands.
    #[error("DATABASE_URL is not a valid database URL ({url}): expected sqlite://, postgres:// or mysql://")]
    BadUrl {
        /// The URL with any password hidden.
        url: String,
    },
    /// The server did not answer or refused the connection.
    #[error("DATABASE_URL {url}: cannot connect: {reason}")]
    Unreachable {
        /// The URL with any password hidden.
        url: String,
        /// The driver's reason.
        reason: String,
    },
    /// Migrations failed.
    #[error("DATABASE_URL {url}: migrations failed: {reason}")]
    Migration {
        /// The URL with any password hidden.
        url: String,
        /// What failed.
        reason: String,
    },
}

/// Hides the password of a URL for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// What a pool is opened for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    /// Serving requests, and every command but the bulk ones.
    Serve,
    /// Writing many rows in a row (`gazette import`, `gazette demo`): on SQLite one
    /// connection, with a larger page cache, rarer checkpoints and commits that do not wait
    /// for the disk.
    Bulk,
}

/// Page size of a SQLite database Gazette creates (SQLite's own default is 4 KiB; an
/// existing file keeps its own). An article row (body and metadata, 2–3 kB for a typical
/// story) fits its page alone with 4 KiB and leaves the rest of the page empty; 8 KiB pages
/// hold two or three: 100,000 imported articles took 25% less disk and 25% less time
/// (`benches/import.sh`), with fewer pages written for each batch.
const SQLITE_PAGE_SIZE: u32 = 8192;

/// SQLite page cache of a bulk connection, in KiB (SQLite's own default is 2 MiB). 16 MiB
/// keeps an import of any size well under 100 MB of memory.
const BULK_SQLITE_CACHE_KIB: i64 = 16 * 1024;

/// WAL pages after which a bulk connection checkpoints (SQLite's own default is 1,000,
/// about 4 MB). Each checkpoint copies every page changed since the last into the database
/// file; an import changes the same index pages batch after batch, so checkpointing every
/// ~80 MB copies each far less often: 100,000 articles imported ~10% faster. The WAL is
/// removed when the import closes its connections (see `main`).
const BULK_SQLITE_CHECKPOINT_PAGES: u32 = 20_000;

/// Opens a pool to the configured database for serving (creating a SQLite file if needed).
pub async fn connect(config: &DatabaseConfig) -> Result<DatabaseConnection, ConnectError> {
    connect_for(config, Workload::Serve).await
}

/// Opens a pool to the configured database for `workload` (creating a SQLite file if
/// needed).
pub async fn connect_for(config: &DatabaseConfig, workload: Workload) -> Result<DatabaseConnection, ConnectError> {
    let url = config.url.trim();
    let shown = redact(url);
    let backend = if url.starts_with("sqlite:") {
        DbBackend::Sqlite
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        DbBackend::Postgres
    } else if url.starts_with("mysql://") || url.starts_with("mariadb://") {
        DbBackend::MySql
    } else {
        return Err(ConnectError::BadUrl { url: shown });
    };
    // sqlx knows MariaDB as mysql://.
    let url = url
        .strip_prefix("mariadb://")
        .map(|rest| format!("mysql://{rest}"))
        .unwrap_or_else(|| url.to_string());
    let mut options = ConnectOptions::new(url);
    // A bulk load on SQLite writes through one connection at a time; a pool would rotate
    // its batches over several connections, each filling a page cache of its own.
    let max_connections = match (backend, workload) {
        (DbBackend::Sqlite, Workload::Bulk) => 1,
        _ => config.max_connections,
    };
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    // The statement timeout is for requests: a bulk load's statements (a batch of thousands
    // of rows, its commit with the full-text index's share, the statistics after it) may
    // rightly run longer, and its operator can stop it.
    let timeout_secs = match workload {
        Workload::Serve => config.statement_timeout_secs,
        Workload::Bulk => 0,
    };
    if backend == DbBackend::Postgres {
        // PostgreSQL reads 0 as no timeout.
        options.statement_timeout(Duration::from_secs(timeout_secs));
    } else if backend == DbBackend::MySql {
        // sea-orm sets a statement timeout on PostgreSQL only: each new MySQL connection sets
        // its own.
        options.map_sqlx_mysql_pool_opts(move |pool| {
            pool.after_connect(move |conn, _| Box::pin(set_mysql_statement_timeout(conn, timeout_secs)))
        });
    } else {
        if timeout_secs > 0 {
            // SQLite has no statement timeout of its own: each connection is given a
            // deadline when the pool hands it out (for one statement, or one transaction).
            // A local file does not go stale: arming replaces the ping before each use.
            let timeout = Duration::from_secs(timeout_secs);
            options
                .test_before_acquire(false)
                .map_sqlx_sqlite_pool_opts(move |pool| {
                    pool.after_connect(move |conn, _| Box::pin(arm_sqlite_timeout(conn, timeout)))
                })
                .map_sqlx_sqlite_before_acquire(move |conn, _| {
                    Box::pin(async move { arm_sqlite_timeout(conn, timeout).await.map(|()| true) })
                });
        }
        // WAL lets readers go on while a writer writes; the busy timeout makes writers wait
        // for each other instead of failing at once.
        let mmap_bytes = config.sqlite_mmap_mib * 1024 * 1024;
        options.map_sqlx_sqlite_opts(move |opts| {
            let opts = opts
                .page_size(SQLITE_PAGE_SIZE)
                .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true);
            match workload {
                // Through a memory map, a connection reads pages in the kernel's file cache
                // where they lie. Copied one by one into its own 2 MB page cache, the kernel's
                // copying and locking took ~40% of the CPU of a search on 100,000 articles
                // (perf); mapped, one-word searches at 16 connections went from ~140 to
                // ~330 req/s, and the server's private memory from ~200 to ~35 MB. Writes
                // still go through the journal (README, SQLite, says what this risks).
                Workload::Serve => opts.pragma("mmap_size", mmap_bytes.to_string()),
                // NORMAL: commits stop waiting for the disk; the database stays consistent, and
                // at worst a power cut loses the last batches, which an import run again
                // (idempotent) writes once more.
                Workload::Bulk => opts
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                    .pragma("cache_size", (-BULK_SQLITE_CACHE_KIB).to_string())
                    .pragma("wal_autocheckpoint", BULK_SQLITE_CHECKPOINT_PAGES.to_string()),
            }
        });
    }
    Database::connect(options).await.map_err(|err| match err {
        sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(ref e))
            if matches!(e.as_ref(), sea_orm::sqlx::Error::Configuration(_)) =>
        {
            ConnectError::BadUrl { url: shown.clone() }
        }
        other => ConnectError::Unreachable {
            url: shown.clone(),
            reason: other.to_string(),
        },
    })
}

/// Sets the statement timeout of a new MySQL or MariaDB connection (0: none, on both). The two
/// servers name it differently: MariaDB's `max_statement_time` (seconds) stops any statement;
/// MySQL's `max_execution_time` (milliseconds) stops only reads, the only statements of a
/// request that can run long.
async fn set_mysql_statement_timeout(
    conn: &mut sea_orm::sqlx::MySqlConnection,
    secs: u64,
) -> Result<(), sea_orm::sqlx::Error> {
    use sea_orm::sqlx::Executor;
    let version: String = sea_orm::sqlx::query_scalar("SELECT VERSION()")
        .fetch_one(&mut *conn)
        .await?;
    let set = if version.contains("MariaDB") {
        format!("SET SESSION max_statement_time = {secs}")
    } else {
        format!("SET SESSION max_execution_time = {}", secs.saturating_mul(1000))
    };
    // Built from a number only.
    conn.execute(sea_orm::sqlx::AssertSqlSafe(set)).await?;
    Ok(())
}

/// Virtual-machine steps between two looks at a SQLite connection's deadline: about a
/// millisecond of work, so a look costs nothing measurable and a statement overruns its
/// deadline by no more than that.
const SQLITE_STEPS_PER_LOOK: i32 = 100_000;

/// Gives a SQLite connection `timeout` from now: SQLite's progress handler interrupts
/// whatever statement runs past it (`SQLITE_INTERRUPT`).
async fn arm_sqlite_timeout(
    conn: &mut sea_orm::sqlx::SqliteConnection,
    timeout: Duration,
) -> Result<(), sea_orm::sqlx::Error> {
    let deadline = std::time::Instant::now() + timeout;
    conn.lock_handle()
        .await?
        .set_progress_handler(SQLITE_STEPS_PER_LOOK, move || std::time::Instant::now() < deadline);
    Ok(())
}

/// Applies every pending migration (see [`connect_for_migrations`]).
pub async fn migrate(db: &DatabaseConnection, config: &DatabaseConfig) -> Result<(), ConnectError> {
    let failed = migration_failed(config);
    // Most starts have nothing to apply: no pool of its own for that.
    if Migrator::get_pending_migrations(db).await.map_err(&failed)?.is_empty() {
        return Ok(());
    }
    let own = migration_pool(config).await?;
    let applied = Migrator::up(own.as_ref().unwrap_or(db), None).await;
    close(own).await;
    applied.map_err(failed)
}

/// Rolls back the last `steps` migrations (see [`connect_for_migrations`]).
pub async fn migrate_down(db: &DatabaseConnection, config: &DatabaseConfig, steps: u32) -> Result<(), ConnectError> {
    let own = migration_pool(config).await?;
    let rolled_back = Migrator::down(own.as_ref().unwrap_or(db), Some(steps)).await;
    close(own).await;
    rolled_back.map_err(migration_failed(config))
}

fn migration_failed(config: &DatabaseConfig) -> impl Fn(sea_orm::DbErr) -> ConnectError + '_ {
    |err| ConnectError::Migration {
        url: redact(&config.url),
        reason: err.to_string(),
    }
}

/// Opens a pool for migrations, without the statement timeout, which is meant for requests.
/// A migration may index or rewrite every article, longer than any request should take:
/// indexing the pairs of words of 100,000 articles took about 40 s on PostgreSQL.
pub async fn connect_for_migrations(config: &DatabaseConfig) -> Result<DatabaseConnection, ConnectError> {
    let untimed = DatabaseConfig {
        // No timeout: PostgreSQL and MySQL read 0 so, and SQLite connections are not armed.
        statement_timeout_secs: 0,
        max_connections: 2,
        ..config.clone()
    };
    connect_for(&untimed, Workload::Serve).await
}

/// A pool of its own for migrations where `db`'s has a statement timeout, else `None`: `db`
/// serves.
async fn migration_pool(config: &DatabaseConfig) -> Result<Option<DatabaseConnection>, ConnectError> {
    if config.statement_timeout_secs == 0 {
        return Ok(None);
    }
    connect_for_migrations(config).await.map(Some)
}

async fn close(pool: Option<DatabaseConnection>) {
    if let Some(pool) = pool {
        // Its work is done or failed already; a pool that fails to close is dropped anyway.
        let _ = pool.close().await;
    }
}

/// Refreshes the planner's statistics after a bulk load. Without them PostgreSQL plans a
/// freshly loaded archive as if it were empty (sequential scans of the link table) until
/// autovacuum gets round to it. On PostgreSQL it also moves the search indexes' pending
/// entries (GIN's fast-update list, which every search reads through) into the indexes.
pub async fn analyze(db: &impl sea_orm::ConnectionTrait) -> Result<(), sea_orm::DbErr> {
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            "ANALYZE; SELECT gin_clean_pending_list('ix_articles_search'), \
             gin_clean_pending_list('ix_articles_search_pairs')"
        }
        sea_orm::DbBackend::MySql => "ANALYZE TABLE sources, tags, articles, article_tags",
        _ => "ANALYZE",
    };
    db.execute_unprepared(sql).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

    use super::*;

    async fn pragma(db: &DatabaseConnection, name: &str) -> i64 {
        let row = db
            .query_one_raw(Statement::from_string(DbBackend::Sqlite, format!("PRAGMA {name}")))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index(0).unwrap()
    }

    async fn page_size(db: &DatabaseConnection) -> i64 {
        pragma(db, "page_size").await
    }

    #[tokio::test]
    async fn serving_connections_map_the_sqlite_file_as_configured() {
        let dir = tempfile::tempdir().unwrap();
        let config = |mib| DatabaseConfig {
            url: format!("sqlite://{}?mode=rwc", dir.path().join("mapped.db").display()),
            max_connections: 2,
            statement_timeout_secs: 10,
            sqlite_mmap_mib: mib,
        };
        let db = connect(&config(64)).await.unwrap();
        migrate(&db, &config(64)).await.unwrap();
        assert_eq!(pragma(&db, "mmap_size").await, 64 * 1024 * 1024);
        // Rows written through the journal are read back through the map, by whichever
        // connection of the pool reads them.
        db.execute_unprepared("CREATE TABLE notes (n INTEGER)").await.unwrap();
        for n in 0..200 {
            db.execute_unprepared(&format!("INSERT INTO notes VALUES ({n})"))
                .await
                .unwrap();
        }
        let (one, two) = tokio::join!(pragma(&db, "mmap_size"), pragma(&db, "mmap_size"));
        assert_eq!((one, two), (64 * 1024 * 1024, 64 * 1024 * 1024));
        let sum = db
            .query_one_raw(Statement::from_string(DbBackend::Sqlite, "SELECT sum(n) FROM notes"))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap();
        assert_eq!(sum, (0..200).sum::<i64>());
        db.close().await.unwrap();

        let off = connect(&config(0)).await.unwrap();
        assert_eq!(pragma(&off, "mmap_size").await, 0);
        off.close().await.unwrap();
        // Imports keep SQLite's default: their one connection mostly writes.
        let bulk = connect_for(&config(64), Workload::Bulk).await.unwrap();
        assert_eq!(pragma(&bulk, "mmap_size").await, 0);
        bulk.close().await.unwrap();
    }

    #[tokio::test]
    async fn new_sqlite_files_get_8_kib_pages_and_old_ones_keep_theirs() {
        let dir = tempfile::tempdir().unwrap();
        let config = |file: &str| DatabaseConfig {
            url: format!("sqlite://{}?mode=rwc", dir.path().join(file).display()),
            max_connections: 2,
            statement_timeout_secs: 10,
            sqlite_mmap_mib: 2047,
        };
        let new = connect(&config("new.db")).await.unwrap();
        migrate(&new, &config("new.db")).await.unwrap();
        assert_eq!(page_size(&new).await, i64::from(SQLITE_PAGE_SIZE));

        // A file made with SQLite's default pages (by an earlier Gazette) keeps them, and
        // migrates and takes writes as before.
        let url = config("old.db").url;
        let plain = sea_orm::Database::connect(url.as_str()).await.unwrap();
        plain
            .execute_unprepared("CREATE TABLE earlier (a INTEGER)")
            .await
            .unwrap();
        plain.close().await.unwrap();
        for workload in [Workload::Serve, Workload::Bulk] {
            let db = connect_for(&config("old.db"), workload).await.unwrap();
            migrate(&db, &config("old.db")).await.unwrap();
            assert_eq!(page_size(&db).await, 4096);
            db.execute_unprepared("INSERT INTO earlier VALUES (1)").await.unwrap();
            db.close().await.unwrap();
        }
    }

    #[test]
    fn redact_hides_only_the_password() {
        assert_eq!(redact("postgres://bob:secret@db/news"), "postgres://bob:***@db/news");
        assert_eq!(redact("postgres://bob@db/news"), "postgres://bob@db/news");
        assert_eq!(redact("sqlite://gazette.db?mode=rwc"), "sqlite://gazette.db?mode=rwc");
    }
}
