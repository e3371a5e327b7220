//! The `gazette` binary: parses the command line and hands off. Errors end the process
//! with one line naming the setting at fault (anyhow is used only here and at start-up).

use std::io::IsTerminal;
use std::process::ExitCode;

use migration::{Migrator, MigratorTrait};
use tracing_subscriber::EnvFilter;

use gazette::cli::{Cli, Command, KeysAction, MigrateAction};
use gazette::content::keys;
use gazette::state::{AppState, Clock};
use gazette::{db, demo, graphql, serve};

/// mimalloc instead of the system allocator: a request allocates and frees many small,
/// short-lived buffers (SQL rows, GraphQL values, JSON) across worker threads, where glibc's
/// malloc spent about a quarter of the server's CPU under load (see benches/load.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What is logged without `RUST_LOG`. PostgreSQL's notices stay out below warnings: sea-orm
/// creates its migrations table "if not exists" at every start, and PostgreSQL's answer
/// ("already exists, skipping") would open every log.
const DEFAULT_LOG: &str = "info,sqlx::postgres::notice=warn";

fn main() -> ExitCode {
    let cli = match gazette::config::parse_cli() {
        Ok(cli) => cli,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_LOG)))
        .with_writer(std::io::stderr)
        // Colours for a terminal only: a log file or a collector would get escape codes.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    // A bulk load has two tasks: reading and checking on this thread, writing on one
    // worker. A second worker adds nothing but an allocator heap of its own, holding a
    // batch's worth of freed memory (and the writer moving between the two).
    let runtime = match cli.command {
        Command::Import(_) | Command::Demo { .. } => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build(),
        _ => tokio::runtime::Builder::new_multi_thread().enable_all().build(),
    };
    let runtime = match runtime {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Schema => {
            print!("{}", graphql::sdl());
            Ok(())
        }
        Command::Migrate { action } => {
            let conn = db::connect(&cli.database).await?;
            match action {
                MigrateAction::Up => {
                    db::migrate(&conn, &cli.database).await?;
                    println!("migrations applied");
                }
                MigrateAction::Down { steps } => {
                    db::migrate_down(&conn, &cli.database, steps).await?;
                    println!("rolled back {steps} migration(s)");
                }
                MigrateAction::Status => {
                    for m in Migrator::get_applied_migrations(&conn).await? {
                        println!("applied  {}", m.name());
                    }
                    for m in Migrator::get_pending_migrations(&conn).await? {
                        println!("pending  {}", m.name());
                    }
                }
            }
            Ok(())
        }
        Command::Keys { action } => {
            let conn = db::connect(&cli.database).await?;
            db::migrate(&conn, &cli.database).await?;
            let now = chrono::Utc::now();
            match action {
                KeysAction::Create { role, name } => {
                    let created = keys::create(&conn, &name, role, now).await?;
                    eprintln!(
                        "created {} key {:?} ({}); it is shown only now:",
                        role.as_str(),
                        created.key.name,
                        created.key.id
                    );
                    println!("{}", created.secret);
                }
                KeysAction::List => {
                    println!(
                        "{:<36}  {:<24}  {:<6}  {:<20}  {:<20}  revoked",
                        "id", "name", "role", "created", "last used"
                    );
                    let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
                        t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                            .unwrap_or_else(|| "-".into())
                    };
                    for k in keys::list(&conn).await? {
                        println!(
                            "{:<36}  {:<24}  {:<6}  {:<20}  {:<20}  {}",
                            k.id,
                            k.name,
                            k.role.as_str(),
                            time(Some(k.created_at)),
                            time(k.last_used_at),
                            time(k.revoked_at)
                        );
                    }
                }
                KeysAction::Revoke { key } => {
                    let revoked = keys::revoke(&conn, &key, now).await?;
                    println!("revoked key {:?} ({})", revoked.name, revoked.id);
                }
            }
            Ok(())
        }
        Command::Import(args) => {
            let conn = db::connect_for(&cli.database, db::Workload::Bulk).await?;
            db::migrate(&conn, &cli.database).await?;
            let imported = gazette::ingest::command::run(&conn, args).await;
            // Closed, a SQLite database checkpoints its write-ahead log and removes it: a bulk
            // load leaves one file behind, not tens of megabytes of log.
            conn.close().await?;
            imported
        }
        Command::Export(args) => {
            let conn = db::connect(&cli.database).await?;
            db::migrate(&conn, &cli.database).await?;
            gazette::ingest::export::run(&conn, args).await
        }
        Command::Demo { articles } => {
            let conn = db::connect_for(&cli.database, db::Workload::Bulk).await?;
            db::migrate(&conn, &cli.database).await?;
            let started = std::time::Instant::now();
            let report = demo::load(&conn, articles, chrono::Utc::now()).await?;
            conn.close().await?;
            println!(
                "loaded {} sources, {} tags and {} articles in {:.1}s",
                report.sources,
                report.tags,
                report.articles,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Serve(config) => {
            let conn = db::connect(&cli.database).await?;
            db::migrate(&conn, &cli.database).await?;
            if config.demo {
                match demo::load(&conn, demo::DEFAULT_ARTICLES, chrono::Utc::now()).await {
                    Ok(report) => tracing::info!(articles = report.articles, "demo content loaded"),
                    // A database that already has articles keeps them: --demo only fills an empty one.
                    Err(gazette::error::AppError::Conflict { .. }) => {
                        tracing::info!("database has articles; demo content not loaded")
                    }
                    Err(err) => return Err(err.into()),
                }
            }
            let state = AppState::new(conn, config.api, Clock::System);
            serve::serve(state, config.listen).await?;
            Ok(())
        }
    }
}
