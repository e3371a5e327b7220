//! Configuration: one documented struct per concern, read from flags and `GAZETTE_*` /
//! `DATABASE_URL` environment variables through clap, so `gazette --help` is the reference,
//! and from an optional `gazette.toml` (see [`parse_cli`]). A bad value fails at start with a
//! message naming the setting.

use std::net::SocketAddr;

/// Where the data lives. Shared by every command.
#[derive(Debug, Clone, clap::Args)]
pub struct DatabaseConfig {
    /// Database URL: `sqlite://FILE?mode=rwc` (the default, created and migrated on start),
    /// `postgres://user@host/db` or `mysql://user@host/db` (MariaDB or MySQL).
    #[arg(
        long = "database-url",
        env = "DATABASE_URL",
        default_value = "sqlite://gazette.db?mode=rwc",
        global = true
    )]
    pub url: String,

    /// Largest number of pooled database connections.
    #[arg(
        long = "db-max-connections",
        env = "GAZETTE_DB_MAX_CONNECTIONS",
        default_value_t = 16,
        global = true
    )]
    pub max_connections: u32,

    /// Seconds a single SQL statement may run before it is cancelled and its request answered
    /// `UNAVAILABLE` (0: no limit; on MySQL only reads are limited, on SQLite a transaction
    /// as a whole; bulk loads and migrations run without it).
    #[arg(
        long = "statement-timeout",
        env = "GAZETTE_STATEMENT_TIMEOUT",
        default_value_t = 10,
        global = true
    )]
    pub statement_timeout_secs: u64,

    /// MiB of a SQLite database file the server reads through memory mapping instead of
    /// copying pages out of the kernel's cache (0: off; at most 2047, SQLite's own limit;
    /// a larger file is read the old way past it).
    #[arg(
        long = "sqlite-mmap-mib",
        env = "GAZETTE_SQLITE_MMAP_MIB",
        default_value_t = 2047,
        value_parser = clap::value_parser!(u64).range(0..=2047),
        global = true
    )]
    pub sqlite_mmap_mib: u64,
}

/// How the HTTP server behaves.
#[derive(Debug, Clone, clap::Args)]
pub struct ServerConfig {
    /// Address and port to listen on.
    #[arg(long, env = "GAZETTE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Load the demo content first when the database has no articles.
    #[arg(long)]
    pub demo: bool,

    #[command(flatten)]
    #[allow(missing_docs)]
    pub api: ApiConfig,
}

/// Limits and switches of the API itself; tests build these directly.
#[derive(Debug, Clone, clap::Args)]
pub struct ApiConfig {
    /// Deepest GraphQL query accepted.
    #[arg(long, env = "GAZETTE_MAX_QUERY_DEPTH", default_value_t = 12)]
    pub max_query_depth: usize,

    /// Largest GraphQL query complexity accepted; list fields count once per requested item.
    #[arg(long, env = "GAZETTE_MAX_QUERY_COMPLEXITY", default_value_t = 2000)]
    pub max_query_complexity: usize,

    /// Whether GraphQL introspection (and so GraphiQL's docs) is on.
    #[arg(long, env = "GAZETTE_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub introspection: bool,

    /// Largest request body in bytes.
    #[arg(long, env = "GAZETTE_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,

    /// Whether anonymous callers may read published content; when false, reads need at
    /// least a `reader` key.
    #[arg(long, env = "GAZETTE_PUBLIC_READ", default_value_t = true, action = clap::ArgAction::Set)]
    pub public_read: bool,

    /// Seconds browsers and CDNs may serve an anonymous read without asking again
    /// (`Cache-Control: public, max-age=…`).
    #[arg(long, env = "GAZETTE_CACHE_MAX_AGE", default_value_t = 60)]
    pub cache_max_age: u32,

    /// Seconds past `max-age` a CDN may keep serving a stale copy while it fetches a fresh one
    /// (`stale-while-revalidate=…`).
    #[arg(long, env = "GAZETTE_CACHE_STALE_WHILE_REVALIDATE", default_value_t = 300)]
    pub cache_stale_while_revalidate: u32,

    /// Origins whose browser pages may call the API, comma-separated, or `*` for any
    /// (credentials are never allowed).
    #[arg(long, env = "GAZETTE_CORS_ORIGINS", default_value = "*", value_parser = parse_origins)]
    pub cors_origins: String,

    /// The public address of this server (e.g. `https://news.example.org`), used for links in
    /// feeds and sitemaps to articles without a canonical URL. Without it, links use the
    /// request's `Host` (and `X-Forwarded-Proto`).
    #[arg(long, env = "GAZETTE_PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,

    /// Requests a second each client may make (counted per API key, or per address without
    /// one); 0 turns the limit off. Over it: 429 `RATE_LIMITED` with `Retry-After`.
    #[arg(long, env = "GAZETTE_RATE_LIMIT", default_value_t = 0)]
    pub rate_limit: u32,

    /// Requests a client may make at once above its rate before it is limited (default: the
    /// rate itself).
    #[arg(long, env = "GAZETTE_RATE_LIMIT_BURST", default_value_t = 0)]
    pub rate_limit_burst: u32,

    /// The publication's name, for feeds and the news sitemap.
    #[arg(long, env = "GAZETTE_PUBLICATION_NAME", default_value = "Gazette")]
    pub publication_name: String,
}

fn parse_origins(value: &str) -> Result<String, String> {
    if value.trim() == "*" {
        return Ok("*".into());
    }
    for origin in value.split(',').map(str::trim) {
        let url = url::Url::parse(origin).map_err(|e| format!("{origin:?} is not an origin: {e}"))?;
        if url.origin().ascii_serialization() != origin.trim_end_matches('/') {
            return Err(format!("{origin:?} is not an origin (scheme://host[:port], no path)"));
        }
    }
    Ok(value.to_string())
}

fn parse_public_url(value: &str) -> Result<String, String> {
    let url = url::Url::parse(value).map_err(|e| format!("not an absolute URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("must start with http:// or https://".into());
    }
    Ok(value.trim_end_matches('/').to_string())
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            max_query_depth: 12,
            max_query_complexity: 2000,
            introspection: true,
            max_body_bytes: 1024 * 1024,
            public_read: true,
            cache_max_age: 60,
            cache_stale_while_revalidate: 300,
            cors_origins: "*".into(),
            public_url: None,
            publication_name: "Gazette".into(),
            rate_limit: 0,
            rate_limit_burst: 0,
        }
    }
}

/// Parses the command line, with `gazette.toml` underneath it.
///
/// The file is `$GAZETTE_CONFIG`, else `gazette.toml` in the working directory if there is
/// one. Its keys are the flags' long names with underscores (`database_url`, `listen`,
/// `public_read`, …); each value becomes that flag's default, so the environment and the
/// command line still override the file, and clap checks the values exactly as if they had
/// been typed. An unreadable file, a syntax error or an unknown key is an error naming the
/// file and the key. Help, version and clap's own errors exit through clap.
pub fn parse_cli() -> Result<crate::cli::Cli, String> {
    use clap::{CommandFactory, FromArgMatches};
    let mut command = crate::cli::Cli::command();
    let path = match std::env::var_os("GAZETTE_CONFIG") {
        Some(path) => Some(std::path::PathBuf::from(path)),
        None => Some(std::path::PathBuf::from("gazette.toml")).filter(|p| p.exists()),
    };
    if let Some(path) = path {
        let shown = path.display();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("GAZETTE_CONFIG: cannot read {shown}: {e}"))?;
        let table: toml::Table = text.parse().map_err(|e| format!("{shown}: {e}"))?;
        for (key, value) in table {
            let value = match value {
                toml::Value::String(s) => s,
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                _ => return Err(format!("{shown}: `{key}` must be a string, a number or a boolean")),
            };
            command = with_default(command, &key.replace('_', "-"), value)
                .ok_or_else(|| format!("{shown}: unknown setting `{key}`"))?;
        }
    }
    let matches = command.get_matches();
    crate::cli::Cli::from_arg_matches(&matches).map_err(|e| e.to_string())
}

/// `command` with `value` as the default of the flag `--long` (global, or of `serve`).
fn with_default(command: clap::Command, long: &str, value: String) -> Option<clap::Command> {
    let id_in = |c: &clap::Command| {
        c.get_arguments()
            .find(|a| a.get_long() == Some(long))
            .map(|a| a.get_id().clone())
    };
    if let Some(id) = id_in(&command) {
        return Some(command.mut_arg(id, |a| a.default_value(value)));
    }
    let id = id_in(command.find_subcommand("serve")?)?;
    Some(command.mut_subcommand("serve", |c| c.mut_arg(id, |a| a.default_value(value))))
}
