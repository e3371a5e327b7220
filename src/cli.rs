//! The `gazette` command line: one clap enum of subcommands.

use clap::{Parser, Subcommand};

use crate::config::{DatabaseConfig, ServerConfig};
use crate::content::Role;

/// Gazette: a headless content API for news.
#[derive(Debug, Parser)]
#[command(name = "gazette", version, about)]
pub struct Cli {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub database: DatabaseConfig,

    #[command(subcommand)]
    #[allow(missing_docs)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (GraphQL at /graphql, health at /healthz and /readyz).
    Serve(ServerConfig),
    /// Apply, roll back or list database migrations.
    Migrate {
        #[command(subcommand)]
        #[allow(missing_docs)]
        action: MigrateAction,
    },
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Create, list and revoke API keys.
    Keys {
        #[command(subcommand)]
        #[allow(missing_docs)]
        action: KeysAction,
    },
    /// Import articles from NDJSON, JSON, plain-text wire copy, RSS or Atom, idempotently.
    Import(ImportArgs),
    /// Export articles (with their sources, tags and corrections) for `gazette import`.
    Export(ExportArgs),
    /// Load demo content (sources, tags, articles) into an empty database.
    Demo {
        /// How many articles to generate (300 by default; 100000 for benchmarks).
        #[arg(long, default_value_t = crate::demo::DEFAULT_ARTICLES)]
        articles: usize,
    },
}

/// What to import and how.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Files to import; `-` (the default) reads standard input.
    #[arg(default_value = "-")]
    pub files: Vec<std::path::PathBuf>,
    /// The input format; guessed from each file's extension or first character when omitted.
    #[arg(long, value_enum)]
    pub format: Option<crate::ingest::Format>,
    /// Status of articles that name none: published (at their publishedAt, else now) or draft.
    #[arg(long, default_value = "published", value_parser = ["published", "draft"])]
    pub status: String,
    /// BCP 47 language of articles that name none.
    #[arg(long, default_value = "en")]
    pub language: String,
    /// Also write each rejected item as a JSON line to this file.
    #[arg(long)]
    pub errors: Option<std::path::PathBuf>,
    /// All or nothing: if any item is rejected, nothing is imported.
    #[arg(long)]
    pub strict: bool,
    /// Do not tag articles with the tags their title or body mention.
    #[arg(long)]
    pub no_auto_tag: bool,
}

/// What to export and where.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// `ndjson` (one article per line) or `json` (one array).
    #[arg(long, value_enum, default_value = "ndjson")]
    pub format: crate::ingest::export::ExportFormat,
    /// Only the articles matching this filter, written as GraphQL's `ArticleFilter` in JSON,
    /// e.g. `{"source": {"slug": {"eq": "nwa"}}}`.
    #[arg(long)]
    pub filter: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<std::path::PathBuf>,
}

/// API key actions.
#[derive(Debug, Subcommand)]
pub enum KeysAction {
    /// Create a key and print it once (only its hash is stored).
    Create {
        /// What the key may do: reader, editor or admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// A unique name, recorded in createdBy/updatedBy (letters, digits, '.', '_', '-').
        #[arg(long)]
        name: String,
    },
    /// List keys (never the keys themselves).
    List,
    /// Revoke a key by name or id.
    Revoke {
        /// The key's name or id.
        key: String,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("unknown role {s:?}: use reader, editor or admin"))
}

/// Migration actions.
#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Roll back the last migration (or `--steps N`).
    Down {
        /// How many migrations to roll back.
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List applied and pending migrations.
    Status,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
