//! Crash safety: a writer process killed with SIGKILL in the middle of ingesting leaves a
//! store in which every committed document is whole and no batch is half-written.
//!
//! The test re-runs its own binary as the writer (`child_writer`, ignored in normal
//! runs), lets it commit a few batches, kills it while it writes the next one, and checks
//! the database it left.

use annalist_core::{Document, Entity, EntityKind, Event, Metadata, Quote, QuoteKind, Span};
use annalist_store::Store;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BATCH: usize = 200;
const CHILD_DB: &str = "ANNALIST_STORE_CRASH_DB";

/// Document `n`, with one entity, one quote and one event, always the same for a given n.
fn document(n: usize) -> Document {
    let text = format!(
        "LIMA, April 4. /TASS/. Minister Ana Quispe number {n} said \"the harbour reopens\" today."
    );
    let mut doc = Document::new(
        text.clone(),
        Metadata {
            source: format!("crash.jsonl:{n}"),
            ..Metadata::default()
        },
    );
    let name = text.find("Ana Quispe").unwrap();
    doc.entities.push(Entity {
        id: "e1".into(),
        canonical: "Ana Quispe".into(),
        kind: EntityKind::Person,
        codes: vec!["PERGOV".into()],
        role: Some("Minister".into()),
        country: Some("PER".into()),
        geo: None,
        mentions: vec![annalist_core::Mention {
            span: Span::new(name, name + 10),
            text: "Ana Quispe".into(),
            how: None,
        }],
    });
    let quote = text.find("the harbour").unwrap();
    doc.quotes.push(Quote {
        span: Span::new(quote, quote + 19),
        text: "the harbour reopens".into(),
        kind: QuoteKind::Direct,
        cue: None,
        speaker: None,
        addressee: None,
    });
    doc.events.push(Event {
        id: "v1".into(),
        kind: "STATEMENT".into(),
        mode: None,
        cameo: "010".into(),
        actor: vec!["e1".into()],
        recipient: vec![],
        place: None,
        date: None,
        negated: false,
        modality: "asserted".into(),
        mentions: vec![],
        quote: Some(0),
        goldstein: None,
        quad_class: None,
        date_source: None,
        confidence: 0.0,
    });
    doc
}

/// Batches the writer has ready; it is killed long before it stores them all.
const BATCHES: usize = 30;

/// The writer: stores batch after batch until it is killed. The documents are built
/// first, so that the writer spends its time inside `insert_batch` transactions.
#[test]
#[ignore = "helper: run as a child process by killed_writer_leaves_only_whole_batches"]
fn child_writer() {
    let Some(path) = std::env::var_os(CHILD_DB) else {
        return;
    };
    let batches: Vec<Vec<Document>> = (0..BATCHES)
        .map(|b| (b * BATCH..(b + 1) * BATCH).map(document).collect())
        .collect();
    let mut store = Store::open(Path::new(&path)).unwrap();
    for docs in &batches {
        assert_eq!(store.insert_batch(docs).unwrap().stored, BATCH);
    }
    // Not killed yet: wait for it rather than exit, which the parent treats as a failure.
    std::thread::sleep(Duration::from_secs(60));
}

fn count(conn: &rusqlite::Connection, sql: &str) -> usize {
    conn.query_row(sql, [], |row| row.get::<_, i64>(0)).unwrap() as usize
}

#[test]
fn killed_writer_leaves_only_whole_batches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    Store::open(&path).unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "child_writer", "--nocapture"])
        .env(CHILD_DB, &path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    // Wait until at least three batches are committed, then kill the writer while it is
    // (almost always) inside the next transaction.
    let watcher = rusqlite::Connection::open(&path).unwrap();
    watcher.busy_timeout(Duration::from_secs(5)).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let stored = count(&watcher, "SELECT count(*) FROM documents");
        if stored >= 3 * BATCH {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the writer stored only {stored} documents"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the writer exited early"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(7));
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    drop(watcher);

    let store = Store::open(&path).unwrap();
    let stats = store.stats().unwrap();
    eprintln!("the killed writer left {} documents", stats.documents);
    assert!(stats.documents >= 3 * BATCH);
    assert!(
        stats.documents < BATCHES * BATCH,
        "the writer finished before it was killed: no batch was in flight"
    );
    assert_eq!(stats.documents % BATCH, 0, "a batch was half-written");
    assert_eq!(stats.entities, stats.documents);
    assert_eq!(stats.mentions, stats.documents);
    assert_eq!(stats.quotes, stats.documents);
    assert_eq!(stats.events, stats.documents);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    assert_eq!(
        count(&conn, "SELECT count(*) FROM documents_fts"),
        stats.documents
    );
    // Every committed document is whole and exactly what was written, in order.
    for (n, stored) in store.documents().enumerate() {
        assert_eq!(stored.unwrap(), document(n));
    }
    assert_eq!(
        store.search("harbour", 1_000_000).unwrap().len(),
        stats.documents
    );

    // Resuming: the same batches again are all duplicates, the next one is new.
    let mut store = store;
    let again: Vec<Document> = (0..BATCH).map(document).collect();
    assert_eq!(store.insert_batch(&again).unwrap().duplicates.len(), BATCH);
    let next: Vec<Document> = (stats.documents..stats.documents + BATCH)
        .map(document)
        .collect();
    assert_eq!(store.insert_batch(&next).unwrap().stored, BATCH);
}
