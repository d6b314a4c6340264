//! The store commands: `annalist ingest` (read, analyse in parallel, store in batches),
//! `annalist search` (full text with snippets), `annalist show` (one stored document)
//! and `annalist stats`.
//!
//! Ingest is resumable: the id of each document is computed before the expensive
//! analysis and a document already stored is counted as a duplicate, never analysed
//! again. Each batch is one transaction, so an interrupted ingest loses at most the
//! batch in flight, and re-running it picks up where it stopped.

use super::input::InputArgs;
use annalist::output;
use annalist_core::Document;
use annalist_store::{fts_literal, Location, SearchHit, Stats, Store, StoreError};
use rayon::prelude::*;
use std::collections::{HashSet, VecDeque};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

// The database option shared by every command that reads or writes the store (a plain
// comment: a doc comment here would become the help text of the commands that flatten it).
#[derive(clap::Args, Debug, Clone)]
pub struct DbArg {
    /// Database: a SQLite file, or a PostgreSQL database as postgres://USER@HOST/DB
    /// [default: $ANNALIST_DB, else ./annalist.db].
    #[arg(long, value_name = "FILE|URL", value_parser = super::args::db_location)]
    pub db: Option<Location>,
}

impl DbArg {
    /// `--db`, else the `ANNALIST_DB` environment variable (a file or a `postgres://`
    /// URL), else `./annalist.db`.
    pub fn location(&self) -> Location {
        self.db
            .clone()
            .or_else(|| {
                std::env::var("ANNALIST_DB")
                    .ok()
                    .filter(|v| !v.is_empty())
                    .map(|v| Location::parse(&v))
            })
            .unwrap_or_else(|| Location::File(PathBuf::from("annalist.db")))
    }

    /// Fails unless the store exists: a file there, or a PostgreSQL database (whose
    /// schema the open then checks).
    fn ensure_exists(location: &Location) -> anyhow::Result<()> {
        if let Location::File(path) = location {
            if !path.exists() {
                anyhow::bail!(
                    "no database at {} (create one with `annalist ingest PATH... --db {}`)",
                    path.display(),
                    path.display()
                );
            }
        }
        Ok(())
    }

    /// Opens an existing store for queries, read-only (the query commands never
    /// create or write one: a database on read-only media can be queried).
    pub fn open_existing(&self) -> anyhow::Result<Store> {
        let location = self.location();
        DbArg::ensure_exists(&location)?;
        Ok(Store::open_location_read_only(&location)?)
    }

    /// Opens an existing store for writing.
    pub fn open_existing_writable(&self) -> anyhow::Result<Store> {
        let location = self.location();
        DbArg::ensure_exists(&location)?;
        Ok(Store::open_location(&location)?)
    }
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON (one object per line for lists).
    Json,
    /// Readable text.
    Text,
}

pub(crate) fn default_format(format: Option<Format>) -> Format {
    format.unwrap_or(if io::stdout().is_terminal() {
        Format::Text
    } else {
        Format::Json
    })
}

// ---------------------------------------------------------------------------------
// ingest

#[derive(clap::Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub db: DbArg,

    /// Documents analysed (in parallel) and stored per transaction (1 to 100000).
    #[arg(long, default_value_t = 500,
          value_parser = clap::value_parser!(u32).range(1..=super::args::MAX_BATCH))]
    pub batch: u32,

    /// List each duplicate (its source and the id it shares) on stderr.
    #[arg(long, short)]
    pub verbose: bool,

    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,

    /// Caps the database at this many bytes, as a full disk would (for tests).
    #[arg(long, hide = true, value_name = "BYTES")]
    pub max_db_size: Option<u64>,
}

#[derive(Default)]
struct Summary {
    read: usize,
    duplicates: usize,
    /// Updated by the writer thread as it goes.
    written: Written,
    /// `file:record: reason` of each document that could not be read, analysed or stored.
    failures: Vec<String>,
}

/// What the writer thread stored, and found already stored (in a batch in flight).
#[derive(Default)]
struct Written {
    stored: AtomicUsize,
    duplicates: AtomicUsize,
    /// Set when the writer stopped on a store error: reading and analysing stop too.
    stopped: AtomicBool,
}

/// How many analysed batches may wait for the writer: analysis of the next batch
/// overlaps with the writing of the previous one, and memory stays bounded.
const QUEUED_BATCHES: usize = 1;

pub fn run_ingest(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let options = args.input.read_options()?;
    let location = args.db.location();
    // Two connections: this thread checks what is stored, the writer thread writes.
    // A store that cannot be written stops the run here, before any analysis.
    let reader_store = Store::open_location(&location)?;
    let mut writer_store = Store::open_location(&location)?;
    writer_store.ensure_writable()?;
    if let Some(bytes) = args.max_db_size {
        writer_store.set_size_limit(bytes)?;
    }
    let analyzer = args.input.analyzer()?;
    let batch_size = usize::try_from(args.batch).unwrap_or(500).max(1);
    let mut progress = Progress::new(!args.quiet && io::stderr().is_terminal());
    let mut summary = Summary::default();
    let written = Written::default();
    let mut stopped: Option<StoreError> = None;
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let (sender, receiver) = mpsc::sync_channel::<Vec<Document>>(QUEUED_BATCHES);
        let written = &written;
        let writer = scope.spawn(move || write_batches(writer_store, receiver, written));
        // Ids sent to the writer but maybe not committed yet: `contains` cannot see them.
        let mut in_flight: VecDeque<HashSet<String>> = VecDeque::new();
        let mut reader = annalist_ingest::read_inputs(&args.input.inputs, &options).peekable();
        let mut raws = Vec::with_capacity(batch_size);
        while reader.peek().is_some() && !written.stopped.load(Ordering::Relaxed) {
            for item in reader.by_ref() {
                summary.read += 1;
                match item {
                    Ok(raw) => {
                        for warning in &raw.warnings {
                            progress.clear();
                            eprintln!("annalist: warning: {}: {warning}", raw.metadata.source);
                        }
                        raws.push(raw);
                    }
                    Err(error) => summary.failures.push(error.to_string()),
                }
                if raws.len() >= batch_size {
                    break;
                }
            }
            let ready = analyse_batch(
                &reader_store,
                &analyzer,
                std::mem::take(&mut raws),
                &mut in_flight,
                &mut summary,
                args.verbose,
                &mut progress,
            )?;
            in_flight.push_back(ready.iter().map(|doc| doc.id.clone()).collect());
            if in_flight.len() > QUEUED_BATCHES + 1 {
                in_flight.pop_front();
            }
            if sender.send(ready).is_err() {
                break; // the writer is gone; its join below says why
            }
            progress.show(&summary, written);
        }
        drop(sender);
        let outcome = writer.join().map_err(|panic| {
            anyhow::anyhow!("the store writer failed: {}", panic_message(panic.as_ref()))
        })?;
        summary.failures.extend(outcome.failures);
        stopped = outcome.stopped;
        Ok(())
    })?;
    summary.written = written;
    progress.clear();
    let seconds = progress.start.elapsed().as_secs_f64();
    let rate = if seconds > 0.0 {
        summary.read as f64 / seconds
    } else {
        0.0
    };
    println!(
        "{}: read {}, stored {}, duplicates {}, failed {} ({seconds:.1} s, {rate:.0} documents/s)",
        location,
        summary.read,
        summary.written.stored.load(Ordering::Relaxed),
        summary.duplicates + summary.written.duplicates.load(Ordering::Relaxed),
        summary.failures.len(),
    );
    for failure in &summary.failures {
        eprintln!("annalist: failed: {failure}");
    }
    if let Some(error) = stopped {
        return Err(anyhow::Error::from(error).context(format!(
            "ingest stopped: cannot write to {} ({} documents stored before this are kept; \
             run the same command again to resume once the store can be written)",
            location,
            summary.written.stored.load(Ordering::Relaxed)
        )));
    }
    Ok(if summary.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Segments a batch, drops what is already stored or on its way to the store (before
/// the expensive analysis), and analyses the rest in parallel, keeping the input order.
fn analyse_batch(
    store: &Store,
    analyzer: &annalist::Analyzer,
    raws: Vec<annalist_ingest::RawDocument>,
    in_flight: &mut VecDeque<HashSet<String>>,
    summary: &mut Summary,
    verbose: bool,
    progress: &mut Progress,
) -> anyhow::Result<Vec<Document>> {
    let docs: Vec<Document> = raws
        .into_par_iter()
        .map(|raw| Document::new(raw.text, raw.metadata))
        .collect();
    let mut seen = HashSet::with_capacity(docs.len());
    let mut fresh = Vec::with_capacity(docs.len());
    for doc in docs {
        let duplicate = in_flight.iter().any(|ids| ids.contains(&doc.id))
            || store.contains(&doc.id)?
            || !seen.insert(doc.id.clone());
        if duplicate {
            summary.duplicates += 1;
            if verbose {
                progress.clear();
                eprintln!("annalist: duplicate: {} (id {})", doc.source, doc.id);
            }
        } else {
            fresh.push(doc);
        }
    }
    // A recogniser must never fail; if one panics anyway, that document is reported
    // and the rest of the batch goes on.
    let analysed: Vec<Result<Document, String>> = fresh
        .into_par_iter()
        .map(
            |mut doc| match catch_unwind(AssertUnwindSafe(|| analyzer.annotate(&mut doc))) {
                Ok(()) => Ok(doc),
                Err(panic) => Err(format!(
                    "{}: analysis failed: {}",
                    doc.source,
                    panic_message(panic.as_ref())
                )),
            },
        )
        .collect();
    let mut ready = Vec::with_capacity(analysed.len());
    for item in analysed {
        match item {
            Ok(doc) => ready.push(doc),
            Err(failure) => summary.failures.push(failure),
        }
    }
    Ok(ready)
}

/// What the writer thread did besides storing: the documents it could not store, and
/// the store error that made it stop (the store is read-only, full or gone).
#[derive(Debug, Default)]
struct WriterOutcome {
    failures: Vec<String>,
    stopped: Option<StoreError>,
}

/// The writer thread: stores each batch in one transaction. A batch that fails because
/// of one document is stored again document by document, the others kept; an error of
/// the store itself ([`StoreError::is_unavailable`]) stops it at once (the caller sees
/// its channel close), with every batch committed before kept.
fn write_batches(
    mut store: Store,
    batches: mpsc::Receiver<Vec<Document>>,
    written: &Written,
) -> WriterOutcome {
    let Written {
        stored,
        duplicates,
        stopped: stop_flag,
    } = written;
    let mut outcome = WriterOutcome::default();
    let count = |result: &annalist_store::BatchOutcome| {
        stored.fetch_add(result.stored, Ordering::Relaxed);
        duplicates.fetch_add(result.duplicates.len(), Ordering::Relaxed);
    };
    for batch in batches {
        match store.insert_batch(&batch) {
            Ok(result) => count(&result),
            Err(error) if error.is_unavailable() => {
                stop_flag.store(true, Ordering::Relaxed);
                outcome.stopped = Some(error);
                return outcome;
            }
            // The batch was rolled back whole; store its documents one by one to find
            // the one at fault and keep the others.
            Err(_) => {
                for doc in &batch {
                    match store.insert_batch(std::slice::from_ref(doc)) {
                        Ok(result) => count(&result),
                        Err(error) if error.is_unavailable() => {
                            stop_flag.store(true, Ordering::Relaxed);
                            outcome.stopped = Some(error);
                            return outcome;
                        }
                        Err(error) => outcome.failures.push(format!(
                            "{}: not stored: {:#}",
                            doc.source,
                            anyhow::Error::from(error)
                        )),
                    }
                }
            }
        }
    }
    outcome
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "panic".to_string()
    }
}

/// A one-line progress display on stderr (only on a terminal), at most ten updates a
/// second.
struct Progress {
    enabled: bool,
    start: Instant,
    last: Option<Instant>,
}

impl Progress {
    fn new(enabled: bool) -> Progress {
        Progress {
            enabled,
            start: Instant::now(),
            last: None,
        }
    }

    fn show(&mut self, summary: &Summary, written: &Written) {
        if !self.enabled
            || self
                .last
                .is_some_and(|t| t.elapsed() < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(Instant::now());
        let seconds = self.start.elapsed().as_secs_f64().max(1e-3);
        let mut err = io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K{} read, {} stored, {} duplicates, {} failed  {:.0} documents/s",
            summary.read,
            written.stored.load(Ordering::Relaxed),
            summary.duplicates + written.duplicates.load(Ordering::Relaxed),
            summary.failures.len(),
            summary.read as f64 / seconds
        );
        let _ = err.flush();
    }

    fn clear(&mut self) {
        if self.enabled && self.last.is_some() {
            let mut err = io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.last = None;
        }
    }
}

// ---------------------------------------------------------------------------------
// search

#[derive(clap::Args)]
pub struct SearchArgs {
    /// The query, in SQLite FTS5 syntax: words (all must occur), "a phrase", OR, NOT,
    /// prefix*, title:word. Text that is not valid syntax is searched word by word.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,

    /// At most this many results, best first.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,

    /// Output format [default: text on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    #[command(flatten)]
    pub db: DbArg,
}

pub fn run_search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open_existing()?;
    let query = args.query.join(" ");
    let hits = match store.search(&query, args.limit) {
        Ok(hits) => hits,
        Err(StoreError::Query { message, .. }) => {
            let literal = fts_literal(&query);
            let hits = store
                .search(&literal, args.limit)
                .map_err(|_| anyhow::anyhow!("invalid search query {query:?}: {message}"))?;
            eprintln!("annalist: {query:?} is not FTS5 syntax ({message}); searched for the words as written");
            hits
        }
        Err(error) => return Err(error.into()),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match default_format(args.format) {
        Format::Json => {
            for hit in &hits {
                writeln!(out, "{}", hit_json(hit))?;
            }
        }
        Format::Text => {
            if hits.is_empty() {
                writeln!(out, "no document matches {query:?}")?;
            }
            for (rank, hit) in hits.iter().enumerate() {
                writeln!(
                    out,
                    "{:>3}. {}  {}  {}",
                    rank + 1,
                    short_id(&hit.doc_id),
                    hit.dct.as_deref().unwrap_or("----------"),
                    hit.title.as_deref().unwrap_or("(untitled)")
                )?;
                writeln!(out, "     {}", hit.source)?;
                writeln!(out, "     {}", one_line(&hit.snippet))?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn hit_json(hit: &SearchHit) -> serde_json::Value {
    serde_json::json!({
        "id": hit.doc_id,
        "title": hit.title,
        "source": hit.source,
        "dct": hit.dct,
        "snippet": hit.snippet,
        "score": hit.score,
    })
}

fn short_id(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

/// Collapses runs of whitespace (snippets cross paragraph breaks).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------
// show

#[derive(clap::Args)]
pub struct ShowArgs {
    /// The document id, or a unique prefix of it (as `search` prints).
    #[arg(value_name = "ID")]
    pub id: String,

    /// Output format [default: text on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    #[command(flatten)]
    pub db: DbArg,
}

pub fn run_show(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open_existing()?;
    let Some(doc) = store.document(&args.id)? else {
        anyhow::bail!(
            "no document with id {:?} in {}",
            args.id,
            store.path().display()
        );
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match default_format(args.format) {
        Format::Json => writeln!(out, "{}", output::to_json_line(&doc)?)?,
        Format::Text => writeln!(out, "{}", output::digest(&doc))?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------
// stats

#[derive(clap::Args)]
pub struct StatsArgs {
    /// Output format [default: text on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    #[command(flatten)]
    pub db: DbArg,
}

pub fn run_stats(args: StatsArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open_existing()?;
    let stats = store.stats()?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match default_format(args.format) {
        Format::Json => writeln!(out, "{}", stats.to_json())?,
        Format::Text => write_stats(&mut out, store.path(), &stats)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_stats(out: &mut impl Write, path: &Path, stats: &Stats) -> io::Result<()> {
    writeln!(
        out,
        "{} (schema version {})",
        path.display(),
        stats.schema_version
    )?;
    writeln!(
        out,
        "documents  {:>9}  ({} not analysed: unsupported language; {} without a dispatch date)",
        stats.documents, stats.unsupported, stats.undated
    )?;
    writeln!(out, "timexes    {:>9}", stats.timexes)?;
    writeln!(
        out,
        "entities   {:>9}  ({} mentions)",
        stats.entities, stats.mentions
    )?;
    writeln!(out, "quotes     {:>9}", stats.quotes)?;
    writeln!(out, "events     {:>9}", stats.events)?;
    if let (Some(first), Some(last)) = (&stats.first_dct, &stats.last_dct) {
        writeln!(out, "dates      {first} .. {last}")?;
    }
    let mut histogram = |title: &str, pairs: &[(String, usize)]| -> io::Result<()> {
        if pairs.is_empty() {
            return Ok(());
        }
        writeln!(out, "{title}")?;
        for (key, n) in pairs.iter().take(15) {
            writeln!(out, "  {key:<24} {n:>9}")?;
        }
        if pairs.len() > 15 {
            writeln!(out, "  ... and {} more", pairs.len() - 15)?;
        }
        Ok(())
    };
    histogram("by agency", &stats.by_agency)?;
    histogram("by language", &stats.by_language)?;
    histogram("event types", &stats.event_types)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use annalist_core::Metadata;

    fn doc(n: usize) -> Document {
        Document::new(
            format!("BERN, July 1. /TASS/. Note {n} on the river levels."),
            Metadata {
                source: format!("notes.jsonl:{n}"),
                ..Metadata::default()
            },
        )
    }

    fn write(store: Store, batches: Vec<Vec<Document>>) -> (usize, usize, Vec<String>) {
        let (sender, receiver) = mpsc::sync_channel(batches.len());
        for batch in batches {
            sender.send(batch).unwrap();
        }
        drop(sender);
        let written = Written::default();
        let outcome = write_batches(store, receiver, &written);
        assert!(outcome.stopped.is_none(), "{:?}", outcome.stopped);
        (
            written.stored.into_inner(),
            written.duplicates.into_inner(),
            outcome.failures,
        )
    }

    #[test]
    fn the_writer_counts_stored_and_duplicate_documents() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("w.db")).unwrap();
        let (stored, duplicates, failures) =
            write(store, vec![vec![doc(1), doc(2)], vec![doc(2), doc(3)]]);
        assert_eq!((stored, duplicates), (3, 1));
        assert!(failures.is_empty());
    }

    #[test]
    fn the_writer_stops_at_a_full_store_and_keeps_the_committed_batches() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("full.db");
        let mut store = Store::open(&path).unwrap();
        store.insert_batch(&[doc(0)]).unwrap();
        let size = std::fs::metadata(&path).unwrap().len()
            + std::fs::metadata(dir.path().join("full.db-wal")).map_or(0, |m| m.len());
        store
            .set_size_limit(size.max(64 * 1024) + 8 * 4096)
            .unwrap();
        let (sender, receiver) = mpsc::sync_channel(4);
        sender.send(vec![doc(1), doc(2)]).unwrap();
        sender.send((10..3000).map(doc).collect()).unwrap();
        sender.send(vec![doc(3)]).unwrap();
        drop(sender);
        let written = Written::default();
        let outcome = write_batches(store, receiver, &written);
        let error = outcome.stopped.expect("the writer stops");
        assert!(error.is_unavailable());
        assert!(
            format!("{:#}", anyhow::Error::from(error)).contains("full"),
            "one clear reason"
        );
        assert!(outcome.failures.is_empty(), "no per-document noise");
        assert_eq!(written.stored.into_inner(), 2);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.stats().unwrap().documents, 3);
        assert!(store.contains(&doc(2).id).unwrap());
        assert!(
            !store.contains(&doc(3).id).unwrap(),
            "nothing after the stop"
        );
    }

    #[test]
    fn snippets_are_put_on_one_line() {
        assert_eq!(one_line(" a\n\nb \t c "), "a b c");
        assert_eq!(short_id("0123456789abcdef"), "0123456789ab");
        assert_eq!(short_id("abc"), "abc");
    }
}

// ---------------------------------------------------------------------------------
// fuse

#[derive(clap::Args)]
pub struct FuseArgs {
    #[command(flatten)]
    pub db: DbArg,

    /// Drop every fused event and fuse the whole store again (the result is the same as
    /// fusing while ingesting; use it after an upgrade of the fusion rule).
    #[arg(long)]
    pub refuse: bool,
}

/// Fuses the stored documents not fused yet (`ingest` fuses as it stores, so this is for
/// a store made by an older annalist), or with `--refuse` the whole store again.
pub fn run_fuse(args: FuseArgs) -> anyhow::Result<ExitCode> {
    let mut store = args.db.open_existing_writable()?;
    store.ensure_writable()?;
    let started = Instant::now();
    let outcome = if args.refuse {
        store.refuse()?
    } else {
        store.fuse()?
    };
    eprintln!(
        "{}: {} event mentions fused, {} fused events in the store ({:.1} s)",
        store.location(),
        outcome.mentions,
        outcome.fused_events,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
