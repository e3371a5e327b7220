//! `gazette export`: every article (or those a filter picks) as NDJSON or a JSON array, in
//! the format `gazette import` reads, written page by page so memory stays flat.

use anyhow::Context;
use async_graphql::InputType;
use sea_orm::DatabaseConnection;
use tokio::io::{AsyncWrite, AsyncWriteExt, BufWriter};

use crate::cli::ExportArgs;
use crate::content::filter::ArticleFilter;
use crate::content::{Role, Viewer, export};

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One JSON article per line.
    Ndjson,
    /// One JSON array of articles.
    Json,
}

/// Articles per page read from the database.
const PAGE: u64 = 500;

/// Runs `gazette export`.
pub async fn run(conn: &DatabaseConnection, args: ExportArgs) -> anyhow::Result<()> {
    let filter = args.filter.as_deref().map(parse_filter).transpose()?;
    let viewer = Viewer::with_key(crate::state::Clock::System.now(), "cli-export", Role::Editor);
    let count = match &args.output {
        Some(path) => {
            let file = tokio::fs::File::create(path)
                .await
                .with_context(|| format!("cannot create {}", path.display()))?;
            write(conn, &viewer, filter.as_ref(), args.format, file).await?
        }
        None => write(conn, &viewer, filter.as_ref(), args.format, tokio::io::stdout()).await?,
    };
    eprintln!("exported {count} article(s)");
    Ok(())
}

/// `--filter`'s JSON as an [`ArticleFilter`], with GraphQL's own error for a bad one.
pub fn parse_filter(json: &str) -> anyhow::Result<ArticleFilter> {
    let value: serde_json::Value = serde_json::from_str(json).context("--filter is not JSON")?;
    let value = async_graphql::Value::from_json(value).context("--filter is not a filter")?;
    let filter = ArticleFilter::parse(Some(value.clone()))
        .map_err(|e| anyhow::anyhow!("--filter: {}", e.into_server_error(Default::default()).message))?;
    // Parsing skips fields the filter does not have; GraphQL would refuse them, so must we.
    if let Some(unknown) = unknown_field(&value, &filter.to_value(), "") {
        anyhow::bail!("--filter: ArticleFilter has no field {unknown}");
    }
    Ok(filter)
}

/// The first field of `given` (by its path) that `known`, the parsed filter written back,
/// does not have.
fn unknown_field(given: &async_graphql::Value, known: &async_graphql::Value, path: &str) -> Option<String> {
    use async_graphql::Value;
    match (given, known) {
        (Value::Object(given), Value::Object(known)) => given.iter().find_map(|(name, value)| {
            let path = if path.is_empty() {
                name.to_string()
            } else {
                format!("{path}.{name}")
            };
            match known.get(name) {
                None => Some(path),
                Some(inner) => unknown_field(value, inner, &path),
            }
        }),
        (Value::List(given), Value::List(known)) => given
            .iter()
            .zip(known)
            .enumerate()
            .find_map(|(i, (g, k))| unknown_field(g, k, &format!("{path}[{i}]"))),
        _ => None,
    }
}

/// Writes the articles to `out`; returns how many.
pub async fn write(
    conn: &DatabaseConnection,
    viewer: &Viewer,
    filter: Option<&ArticleFilter>,
    format: ExportFormat,
    out: impl AsyncWrite + Unpin,
) -> anyhow::Result<u64> {
    let mut out = BufWriter::new(out);
    let mut after = None;
    let mut count = 0u64;
    if format == ExportFormat::Json {
        out.write_all(b"[").await?;
    }
    loop {
        let page = export::page(conn, viewer, filter, after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for article in &page {
            let line = serde_json::to_string(article)?;
            if format == ExportFormat::Json {
                out.write_all(if count == 0 { b"\n" } else { b",\n" }).await?;
            }
            out.write_all(line.as_bytes()).await?;
            if format == ExportFormat::Ndjson {
                out.write_all(b"\n").await?;
            }
            count += 1;
        }
    }
    if format == ExportFormat::Json {
        out.write_all(b"\n]\n").await?;
    }
    out.flush().await?;
    Ok(count)
}
