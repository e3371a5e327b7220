//! The `gazette` binary: parses the command line and hands off. Errors end the process
//! with one line naming the setting at fault (anyhow is used only here and at start-up).

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

#[tokio::main]
async fn main() -> ExitCode {
    let cli = match gazette::config::parse_cli() {
        Ok(cli) => cli,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();
    match run(cli).await {
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
                    Migrator::down(&conn, Some(steps)).await?;
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
            let conn = db::connect(&cli.database).await?;
            db::migrate(&conn, &cli.database).await?;
            import(&conn, args).await
        }
        Command::Demo { articles } => {
            let conn = db::connect(&cli.database).await?;
            db::migrate(&conn, &cli.database).await?;
            let started = std::time::Instant::now();
            let report = demo::load(&conn, articles, chrono::Utc::now()).await?;
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

/// `gazette import`: each file in turn, then the report. Rejected items are listed on stderr
/// (and in `--errors`); the exit status is non-zero when any item was rejected.
async fn import(conn: &sea_orm::DatabaseConnection, args: gazette::cli::ImportArgs) -> anyhow::Result<()> {
    use anyhow::Context;
    use gazette::content::articles::ArticleStatus;
    use gazette::ingest::{Format, Importer};
    use tokio::io::AsyncReadExt;

    let options = gazette::content::import::ImportOptions {
        status: if args.status == "draft" {
            ArticleStatus::Draft
        } else {
            ArticleStatus::Published
        },
        language: gazette::content::validate::language("--language", &args.language)
            .map_err(|e| anyhow::anyhow!("{e}"))?,
    };
    // The command line acts with an editor's rights, recorded as `cli-import`.
    let viewer = gazette::content::Viewer::with_key(chrono::Utc::now(), "cli-import", gazette::content::Role::Editor);
    let mut importer = Importer::new(conn, &viewer, options);
    for path in &args.files {
        let name = path.display().to_string();
        let stdin = name == "-";
        let mut reader: Box<dyn tokio::io::AsyncBufRead + Unpin> = if stdin {
            Box::new(tokio::io::BufReader::new(tokio::io::stdin()))
        } else {
            let file = tokio::fs::File::open(path)
                .await
                .with_context(|| format!("cannot open {name}"))?;
            Box::new(tokio::io::BufReader::new(file))
        };
        let head = {
            use tokio::io::AsyncBufReadExt;
            String::from_utf8_lossy(reader.fill_buf().await.with_context(|| format!("cannot read {name}"))?)
                .into_owned()
        };
        let format = args
            .format
            .unwrap_or_else(|| Format::guess((!stdin).then_some(path.as_path()), &head));
        match format {
            Format::Ndjson => importer.ndjson(&name, reader).await?,
            Format::Json | Format::Text => {
                // Whole documents: JSON arrays and wire copy are read at once.
                let mut bytes = Vec::new();
                reader
                    .read_to_end(&mut bytes)
                    .await
                    .with_context(|| format!("cannot read {name}"))?;
                let document = String::from_utf8(bytes).with_context(|| format!("{name} is not UTF-8"))?;
                if format == Format::Json {
                    importer.json(&name, &document).await?;
                } else {
                    importer.text(&name, &document).await?;
                }
            }
        }
    }
    let report = importer.report;
    if let Some(path) = &args.errors {
        let lines: String = report
            .errors
            .iter()
            .map(|e| serde_json::to_string(e).map(|l| l + "\n"))
            .collect::<Result<_, _>>()?;
        std::fs::write(path, lines).with_context(|| format!("cannot write --errors {}", path.display()))?;
    }
    for e in &report.errors {
        eprintln!("{}:{}: {}", e.file, e.line, e.reason);
    }
    println!(
        "created {}, updated {}, unchanged {}, rejected {}",
        report.created, report.updated, report.unchanged, report.rejected
    );
    if report.rejected > 0 {
        anyhow::bail!("{} item(s) rejected", report.rejected);
    }
    Ok(())
}
