//! `gazette import`: reads the files, shows progress, prints the report.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context;
use sea_orm::DatabaseConnection;
use tokio::io::{AsyncBufRead, BufReader};

use super::{ImportReport, Importer, Progress};
use crate::cli::ImportArgs;
use crate::content::import::ImportOptions;
use crate::content::{Role, Viewer};

/// Runs `gazette import`: each file in turn, then the report on stdout. Rejected items are
/// listed on stderr (and in `--errors` as JSON lines); the command fails when any was.
pub async fn run(conn: &DatabaseConnection, args: ImportArgs) -> anyhow::Result<()> {
    let options = ImportOptions::parse(
        ("--status", Some(&args.status)),
        ("--language", Some(&args.language)),
        !args.no_auto_tag,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    // The command line acts with an editor's rights, recorded as `cli-import`.
    let viewer = Viewer::with_key(crate::state::Clock::System.now(), "cli-import", Role::Editor);
    let mut importer = if args.strict {
        Importer::strict(conn, &viewer, options).await?
    } else {
        Importer::new(conn, &viewer, options)
    };
    // Open every file first: a mistyped name stops the import before anything is written.
    let mut inputs = Vec::with_capacity(args.files.len());
    let mut total = 0;
    for path in &args.files {
        let name = path.display().to_string();
        let reader: Box<dyn AsyncBufRead + Unpin + Send> = if name == "-" {
            Box::new(BufReader::new(tokio::io::stdin()))
        } else {
            let file = tokio::fs::File::open(path)
                .await
                .with_context(|| format!("cannot open {name}"))?;
            total += file.metadata().await.map(|m| m.len()).unwrap_or(0);
            Box::new(BufReader::with_capacity(256 << 10, file))
        };
        inputs.push((name, path, reader));
    }
    let display = tokio::spawn(show_progress(Arc::clone(&importer.progress), total));
    for (name, path, reader) in inputs {
        let path = (name != "-").then_some(path.as_path());
        importer.read(&name, path, reader, args.format).await?;
    }
    let report = importer.finish().await;
    display.abort();
    let _ = display.await;
    let report = report?;
    if report.created + report.updated > 0 {
        // Statistics and the search index's pending entries, as after `gazette demo`.
        crate::db::analyze(conn).await?;
    }
    print_report(&report, args.errors.as_deref())?;
    if report.rejected > 0 {
        anyhow::bail!(
            "{} item(s) rejected{}",
            report.rejected,
            if report.rolled_back {
                "; --strict: nothing was imported"
            } else {
                ""
            }
        );
    }
    Ok(())
}

/// A progress bar on a terminal; a log line every ten seconds otherwise (CI logs, pipes).
async fn show_progress(progress: Arc<Progress>, total: u64) {
    let terminal = std::io::stderr().is_terminal();
    let bar = if !terminal {
        indicatif::ProgressBar::hidden()
    } else if total > 0 {
        indicatif::ProgressBar::new(total).with_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} · {msg} · {elapsed_precise}, {eta} left",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        )
    } else {
        indicatif::ProgressBar::new_spinner()
    };
    let mut tick = tokio::time::interval(if terminal {
        Duration::from_millis(200)
    } else {
        Duration::from_secs(10)
    });
    tick.tick().await;
    let started = std::time::Instant::now();
    loop {
        tick.tick().await;
        let items = progress.items.load(Ordering::Relaxed);
        let bytes = progress.bytes.load(Ordering::Relaxed);
        let rate = items as f64 / started.elapsed().as_secs_f64().max(0.001);
        if terminal {
            bar.set_position(bytes);
            bar.set_message(format!("{items} items, {rate:.0}/s"));
        } else {
            tracing::info!(items, bytes, rate = rate.round(), "importing");
        }
    }
}

fn print_report(report: &ImportReport, errors: Option<&Path>) -> anyhow::Result<()> {
    if let Some(path) = errors {
        let mut lines = String::new();
        for e in &report.errors {
            lines.push_str(&serde_json::to_string(e)?);
            lines.push('\n');
        }
        std::fs::write(path, lines).with_context(|| format!("cannot write --errors {}", path.display()))?;
    }
    for e in &report.errors {
        eprintln!("{}:{}: {}", e.file, e.line, e.reason);
    }
    println!(
        "created {}, updated {}, unchanged {}, rejected {}",
        report.created, report.updated, report.unchanged, report.rejected
    );
    Ok(())
}
