//! The `gazette` command line: one clap enum of subcommands.

use clap::{Parser, Subcommand};

use crate::config::{DatabaseConfig, ServerConfig};

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
    /// Load demo content (sources, tags, articles) into an empty database.
    Demo {
        /// How many articles to generate (300 by default; 100000 for benchmarks).
        #[arg(long, default_value_t = crate::demo::DEFAULT_ARTICLES)]
        articles: usize,
    },
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
