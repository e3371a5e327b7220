//! The import and export door: reads NDJSON, JSON, plain-text wire copy or feeds, turns each
//! article into an [`ImportArticle`], checks them in batches of 512 ([`import::check_batch`])
//! and hands each batch to a writer task ([`import::write_batch`], one transaction each). A
//! bad line or item is rejected with its line and reason and the rest goes in; the
//! [`ImportReport`] counts what happened.

pub mod command;
pub mod export;
pub mod feed;
pub mod text;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sea_orm::{DatabaseConnection, DatabaseTransaction, TransactionTrait};
use serde::Serialize;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::content::import::{
    self, CheckedBatch, ImportArticle, ImportOptions, ImportSession, ImportSource, ImportSourceObject, ImportTag,
    ImportTagObject, Outcome, TaggerSnapshot,
};
use crate::content::{Role, Viewer};
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
    /// An RSS feed (see [`feed`]; any format `feed-rs` reads is accepted).
    Rss,
    /// An Atom feed (the same reader as RSS).
    Atom,
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
                "rss" | "xml" => Some(Format::Rss),
                "atom" => Some(Format::Atom),
                _ => None,
            }
        });
        by_name.unwrap_or_else(
            || match head.trim_start_matches('\u{feff}').trim_start().chars().next() {
                Some('[') => Format::Json,
                Some('{') => Format::Ndjson,
                Some('<') => Format::Rss,
                _ => Format::Text,
            },
        )
    }
}

/// What an import did.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// New articles.
    pub created: u64,
    /// Stored articles that changed.
    pub updated: u64,
    /// Stored articles that already said the same.
    pub unchanged: u64,
    /// Items refused; see `errors`.
    pub rejected: u64,
    /// A strict import with rejected items wrote nothing.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub rolled_back: bool,
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

/// How far an import has got; shared with whoever shows progress while it runs.
#[derive(Debug, Default)]
pub struct Progress {
    /// Bytes of input read.
    pub bytes: AtomicU64,
    /// Items read (articles and rejected ones).
    pub items: AtomicU64,
}

/// Articles per batch: one transaction, one lookup, a few multi-row inserts.
const BATCH: usize = 512;

/// Where an import writes: straight to the database (a transaction per batch), or into one
/// transaction for the whole import (`--strict`).
enum Target {
    Database(DatabaseConnection),
    Strict(DatabaseTransaction),
}

/// A checked batch, with the file and line of each item.
struct Batch {
    files: Vec<(String, usize)>,
    checked: CheckedBatch,
}

/// Imports items into one database on behalf of one viewer, in batches, and reports.
///
/// The importer reads and checks each batch (and auto-tags it) while a writer task stores
/// the batch before: on two cores, the database's work and ours overlap instead of taking
/// turns.
pub struct Importer {
    viewer: Viewer,
    options: ImportOptions,
    pending: Vec<(String, usize, Result<ImportArticle, String>)>,
    batches: mpsc::Sender<Batch>,
    /// The writer's auto-tagger, to tag batches with as they are checked.
    tagger: watch::Receiver<Option<TaggerSnapshot>>,
    /// `None` once awaited.
    writer: Option<JoinHandle<AppResult<(Target, ImportReport)>>>,
    /// Shared counters for a progress display.
    pub progress: Arc<Progress>,
}

impl Importer {
    /// An importer with `options` for articles that leave fields out; each batch commits on
    /// its own.
    pub fn new(db: &DatabaseConnection, viewer: &Viewer, options: ImportOptions) -> Self {
        Self::start(Target::Database(db.clone()), viewer, options)
    }

    /// An all-or-nothing importer: everything goes into one transaction, committed by
    /// [`Importer::finish`] only if no item was rejected.
    pub async fn strict(db: &DatabaseConnection, viewer: &Viewer, options: ImportOptions) -> AppResult<Self> {
        viewer.require(Role::Editor)?;
        Ok(Self::start(Target::Strict(db.begin().await?), viewer, options))
    }

    fn start(target: Target, viewer: &Viewer, options: ImportOptions) -> Self {
        let (batches, queue) = mpsc::channel(1);
        let (publish, tagger) = watch::channel(None);
        let session = ImportSession::new(options.clone());
        let writer = tokio::spawn(write(target, viewer.clone(), session, queue, publish));
        Self {
            viewer: viewer.clone(),
            options,
            pending: Vec::with_capacity(BATCH),
            batches,
            tagger,
            writer: Some(writer),
            progress: Arc::default(),
        }
    }

    /// Queues one parsed item, or records why it could not be parsed; a full batch is
    /// checked and handed to the writer. Only failures of the server itself (database
    /// down, a bug) and a missing role end the import: they are returned.
    pub async fn item(&mut self, file: &str, line: usize, item: Result<ImportArticle, String>) -> AppResult<()> {
        self.progress.items.fetch_add(1, Ordering::Relaxed);
        self.pending.push((file.to_string(), line, item));
        if self.pending.len() >= BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    /// Checks the queued items and hands them to the writer.
    async fn flush(&mut self) -> AppResult<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let mut files = Vec::with_capacity(pending.len());
        let mut items = Vec::with_capacity(pending.len());
        // Items are numbered by their place in the batch: a batch may span files.
        for (index, (file, line, item)) in pending.into_iter().enumerate() {
            files.push((file, line));
            items.push((index, item.map_err(AppError::bad_input)));
        }
        let tagger = self.tagger.borrow().clone();
        let checked = import::check_batch(items, &self.options, self.viewer.now(), tagger.as_ref());
        // Once the writer takes this batch, the next may be read: two batches in memory at
        // most, one written and one read.
        let handed = self.batches.send(Batch { files, checked }).await.is_ok() && self.batches.reserve().await.is_ok();
        if !handed {
            // The writer stopped, on an error of its own: that error ends the import.
            return Err(match join(self.writer.take()).await {
                Err(err) => err,
                Ok(_) => AppError::internal(anyhow::anyhow!("the import writer stopped early")),
            });
        }
        Ok(())
    }

    /// Writes what is still queued and, for a strict import, commits it all or, when an
    /// item was rejected, nothing (the report then says `rolledBack` and counts nothing
    /// as written). Returns the report.
    pub async fn finish(mut self) -> AppResult<ImportReport> {
        self.flush().await?;
        let Self { batches, writer, .. } = self;
        // Closing the queue lets the writer end once it has written what is in it.
        drop(batches);
        let (target, mut report) = join(writer).await?;
        if let Target::Strict(tx) = target {
            if report.rejected == 0 {
                tx.commit().await?;
            } else {
                tx.rollback().await?;
                report.created = 0;
                report.updated = 0;
                report.unchanged = 0;
                report.rolled_back = true;
            }
        }
        Ok(report)
    }

    /// Imports one input in `format`, else the format [`Format::guess`] finds from `path` and
    /// the first bytes. NDJSON is streamed; the other formats are read whole. An input that
    /// cannot be read is reported as a rejection at its line 1.
    pub async fn read(
        &mut self,
        name: &str,
        path: Option<&Path>,
        mut reader: impl AsyncBufRead + Unpin,
        format: Option<Format>,
    ) -> AppResult<()> {
        let format = match format {
            Some(format) => format,
            None => match reader.fill_buf().await {
                Ok(head) => Format::guess(path, &String::from_utf8_lossy(head)),
                Err(err) => return self.item(name, 1, Err(format!("cannot read: {err}"))).await,
            },
        };
        if format == Format::Ndjson {
            return self.ndjson(name, reader).await;
        }
        let mut bytes = Vec::new();
        if let Err(err) = reader.read_to_end(&mut bytes).await {
            return self.item(name, 1, Err(format!("cannot read: {err}"))).await;
        }
        self.progress.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        match format {
            Format::Rss | Format::Atom => self.feed(name, &bytes).await,
            Format::Json | Format::Text | Format::Ndjson => match String::from_utf8(bytes) {
                Ok(document) if format == Format::Json => self.json(name, &document).await,
                Ok(document) => self.text(name, &document).await,
                Err(err) => self.item(name, 1, Err(format!("not UTF-8: {err}"))).await,
            },
        }
    }

    /// Imports NDJSON from `reader`, one line at a time: memory stays flat however long the
    /// input is, and a line longer than [`MAX_LINE`] is rejected without being held. Blank
    /// lines are skipped; a line that is not UTF-8 is rejected and the next one read.
    pub async fn ndjson(&mut self, file: &str, mut reader: impl AsyncBufRead + Unpin) -> AppResult<()> {
        let mut buf = Vec::new();
        let mut number = 0;
        loop {
            let read = match read_line(&mut reader, &mut buf).await {
                Ok(read) => read,
                Err(err) => {
                    // The input broke off: report it and stop reading this file.
                    return self.item(file, number + 1, Err(format!("cannot read: {err}"))).await;
                }
            };
            let Some((bytes, complete)) = read else {
                return Ok(());
            };
            number += 1;
            self.progress.bytes.fetch_add(bytes as u64, Ordering::Relaxed);
            if !complete {
                let reason = format!("line longer than {MAX_LINE} bytes");
                self.item(file, number, Err(reason)).await?;
                continue;
            }
            let parsed = match std::str::from_utf8(&buf) {
                Ok(line) => {
                    let line = line.trim_start_matches('\u{feff}').trim();
                    if line.is_empty() {
                        continue;
                    }
                    serde_json::from_str::<ImportArticle>(line).map_err(|e| format!("not an article: {e}"))
                }
                Err(err) => Err(format!("not UTF-8: {err}")),
            };
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

    /// Imports an RSS or Atom feed: each item an article, the feed its source, categories
    /// its tags. Item `n` is reported as line `n`.
    pub async fn feed(&mut self, file: &str, document: &[u8]) -> AppResult<()> {
        match feed::parse(document) {
            Ok(parsed) => {
                for (position, item) in parsed.items {
                    self.item(file, position, item).await?;
                }
                Ok(())
            }
            Err(reason) => self.item(file, 1, Err(reason)).await,
        }
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

/// Waits for the writer task to end.
async fn join(writer: Option<JoinHandle<AppResult<(Target, ImportReport)>>>) -> AppResult<(Target, ImportReport)> {
    let writer = writer.ok_or_else(|| AppError::internal(anyhow::anyhow!("the import writer has already stopped")))?;
    writer.await.map_err(AppError::internal)?
}

/// The writer task: writes the batches in order, publishing its auto-tagger after each, and
/// counts what happened. Returns the target (a strict import's transaction, to commit or
/// roll back) and the report; an error of the server itself ends it early.
async fn write(
    target: Target,
    viewer: Viewer,
    mut session: ImportSession,
    mut batches: mpsc::Receiver<Batch>,
    tagger: watch::Sender<Option<TaggerSnapshot>>,
) -> AppResult<(Target, ImportReport)> {
    let mut report = ImportReport::default();
    while let Some(Batch { files, checked }) = batches.recv().await {
        let written = match &target {
            Target::Database(db) => import::write_batch(db, &viewer, &mut session, checked).await?,
            Target::Strict(tx) => import::write_batch(tx, &viewer, &mut session, checked).await?,
        };
        tagger.send_replace(session.tagger());
        for (index, result) in written {
            if let Some((file, line)) = files.get(index) {
                report.record(file, *line, result);
            }
        }
    }
    Ok((target, report))
}

impl ImportReport {
    fn record(&mut self, file: &str, line: usize, result: AppResult<Outcome>) {
        match result {
            Ok(Outcome::Created) => self.created += 1,
            Ok(Outcome::Updated) => self.updated += 1,
            Ok(Outcome::Unchanged) => self.unchanged += 1,
            Err(err) => {
                self.rejected += 1;
                self.errors.push(Rejection {
                    file: file.to_string(),
                    line,
                    code: err.code(),
                    field: err.field().map(|f| f.trim_start_matches("input.").to_string()),
                    reason: err.to_string().replace("`input.", "`"),
                });
            }
        }
    }
}

/// Longest NDJSON line, in bytes: an article's body may have 1 MB, its other fields and JSON
/// escapes take a little more.
pub const MAX_LINE: usize = 4 << 20;

/// Reads one line (without its `\n`) into `buf`. Returns the bytes consumed and whether the
/// line was whole: the part of a line past [`MAX_LINE`] is consumed but not kept. `None` at
/// the end of the input.
async fn read_line(
    reader: &mut (impl AsyncBufRead + Unpin),
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<(usize, bool)>> {
    buf.clear();
    let mut consumed = 0;
    let mut complete = true;
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok((consumed > 0).then_some((consumed, complete)));
        }
        let (take, done) = match available.iter().position(|&b| b == b'\n') {
            Some(end) => (end + 1, true),
            None => (available.len(), false),
        };
        let part = &available[..if done { take - 1 } else { take }];
        if complete && buf.len() + part.len() <= MAX_LINE {
            buf.extend_from_slice(part);
        } else {
            complete = false;
            buf.clear();
        }
        reader.consume(take);
        consumed += take;
        if done {
            return Ok(Some((consumed, complete)));
        }
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
