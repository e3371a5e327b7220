//! The import door: reads NDJSON, JSON or plain-text wire copy, turns each article into an
//! [`ImportArticle`] and hands it to [`import::import_article`], one transaction each. A bad
//! line or item is rejected with its line and reason and the rest goes in; the
//! [`ImportReport`] counts what happened.

pub mod text;

use std::path::Path;

use sea_orm::DatabaseConnection;
use serde::Serialize;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};

use crate::content::Viewer;
use crate::content::import::{
    self, ImportArticle, ImportOptions, ImportSource, ImportSourceObject, ImportTag, ImportTagObject, Outcome,
};
use crate::error::{AppError, AppResult};

/// An input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON article per line.
    Ndjson,
    /// A JSON array of articles.
    Json,
    /// Plain-text wire copy (see [`text`]).
    Text,
}

impl Format {
    /// The format a file's name says (`.ndjson`/`.jsonl`, `.json`, `.txt`), else what its first
    /// non-blank character suggests: `[` JSON, `{` NDJSON, anything else wire copy.
    pub fn guess(path: Option<&Path>, head: &str) -> Format {
        let by_name = path.and_then(|p| p.extension()).and_then(|e| e.to_str()).and_then(|e| {
            match e.to_ascii_lowercase().as_str() {
                "ndjson" | "jsonl" => Some(Format::Ndjson),
                "json" => Some(Format::Json),
                "txt" | "text" => Some(Format::Text),
                _ => None,
            }
        });
        by_name.unwrap_or_else(
            || match head.trim_start_matches('\u{feff}').trim_start().chars().next() {
                Some('[') => Format::Json,
                Some('{') => Format::Ndjson,
                _ => Format::Text,
            },
        )
    }
}

/// What an import did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ImportReport {
    /// New articles.
    pub created: u64,
    /// Stored articles that changed.
    pub updated: u64,
    /// Stored articles that already said the same.
    pub unchanged: u64,
    /// Items refused; see `errors`.
    pub rejected: u64,
    /// Why each refused item was refused.
    pub errors: Vec<Rejection>,
}

/// One refused item.
#[derive(Clone, Debug, Serialize)]
pub struct Rejection {
    /// The file (or `-` for standard input).
    pub file: String,
    /// 1-based line where the item starts.
    pub line: usize,
    /// The error code, as the API would give it.
    pub code: &'static str,
    /// The field at fault, if one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What is wrong.
    pub reason: String,
}

/// Imports items into one database on behalf of one viewer, collecting the report.
pub struct Importer<'a> {
    db: &'a DatabaseConnection,
    viewer: &'a Viewer,
    options: ImportOptions,
    /// The report so far.
    pub report: ImportReport,
}

impl<'a> Importer<'a> {
    /// An importer with `options` for articles that leave fields out.
    pub fn new(db: &'a DatabaseConnection, viewer: &'a Viewer, options: ImportOptions) -> Self {
        Self {
            db,
            viewer,
            options,
            report: ImportReport::default(),
        }
    }

    /// Imports one parsed item, or records why it could not be parsed. Only failures of the
    /// server itself (database down, a bug) end the import: they are returned.
    pub async fn item(&mut self, file: &str, line: usize, item: Result<ImportArticle, String>) -> AppResult<()> {
        let result = match item {
            Ok(item) => import::import_article(self.db, self.viewer, item, &self.options).await,
            Err(reason) => Err(AppError::bad_input(reason)),
        };
        match result {
            Ok(Outcome::Created) => self.report.created += 1,
            Ok(Outcome::Updated) => self.report.updated += 1,
            Ok(Outcome::Unchanged) => self.report.unchanged += 1,
            Err(err) if err.is_server_error() => return Err(err),
            // Without the right role nothing of the import can go in.
            Err(err @ (AppError::Unauthenticated(_) | AppError::Forbidden(_))) => return Err(err),
            Err(err) => {
                self.report.rejected += 1;
                self.report.errors.push(Rejection {
                    file: file.to_string(),
                    line,
                    code: err.code(),
                    field: err.field().map(|f| f.trim_start_matches("input.").to_string()),
                    reason: err.to_string().replace("`input.", "`"),
                });
            }
        }
        Ok(())
    }

    /// Imports NDJSON from `reader`, one line at a time (memory stays flat however long the
    /// input is). Blank lines are skipped.
    pub async fn ndjson(&mut self, file: &str, reader: impl AsyncBufRead + Unpin) -> AppResult<()> {
        let mut lines = reader.lines();
        let mut number = 0;
        loop {
            let line = match lines.next_line().await {
                Ok(Some(line)) => line,
                Ok(None) => return Ok(()),
                Err(err) => {
                    // Not UTF-8, or the input broke off: report it and stop reading this file.
                    self.item(file, number + 1, Err(format!("cannot read line: {err}")))
                        .await?;
                    return Ok(());
                }
            };
            number += 1;
            let line = line.trim_start_matches('\u{feff}').trim();
            if line.is_empty() {
                continue;
            }
            let parsed = serde_json::from_str::<ImportArticle>(line).map_err(|e| format!("not an article: {e}"));
            self.item(file, number, parsed).await?;
        }
    }

    /// Imports a JSON array of articles. Each element is checked on its own, so one bad
    /// element does not refuse the rest; element `n` is reported as line `n` (1-based).
    pub async fn json(&mut self, file: &str, document: &str) -> AppResult<()> {
        let values: Vec<serde_json::Value> = match serde_json::from_str(document.trim_start_matches('\u{feff}')) {
            Ok(values) => values,
            Err(err) => {
                return self
                    .item(file, err.line(), Err(format!("not a JSON array of articles: {err}")))
                    .await;
            }
        };
        for (i, value) in values.into_iter().enumerate() {
            let parsed = serde_json::from_value::<ImportArticle>(value).map_err(|e| format!("not an article: {e}"));
            self.item(file, i + 1, parsed).await?;
        }
        Ok(())
    }

    /// Imports plain-text wire copy: the headline, paragraphs, the `Source:` line (which
    /// finds or creates the source by its short name or name) and the section (a tag of kind
    /// `SECTION`).
    pub async fn text(&mut self, file: &str, document: &str) -> AppResult<()> {
        for parsed in text::parse(document) {
            let (line, item) = match parsed {
                Ok(wire) => (wire.line, Ok(from_wire(wire))),
                Err(err) => (err.line, Err(err.reason)),
            };
            self.item(file, line, item).await?;
        }
        Ok(())
    }
}

/// The import item for an article of wire copy.
fn from_wire(wire: text::WireArticle) -> ImportArticle {
    ImportArticle {
        title: wire.title,
        body: wire.body,
        source: wire.source_name.map(|name| {
            ImportSource::New(ImportSourceObject {
                name,
                short_name: wire.source_short_name,
                ..Default::default()
            })
        }),
        tags: wire
            .section
            .map(|name| {
                ImportTag::New(ImportTagObject {
                    slug: None,
                    name,
                    kind: "SECTION".into(),
                    aliases: vec![],
                })
            })
            .into_iter()
            .collect(),
        ..Default::default()
    }
}
