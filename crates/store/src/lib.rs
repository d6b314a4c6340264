//! annalist-store: the SQLite store of analysed documents.
//!
//! This crate owns the database file: its schema and versioned migrations
//! ([`schema`]), writing documents and their annotation layers ([`write`]), and the
//! queries the CLI runs over them ([`read`]: documents, full-text search, statistics,
//! quotations by speaker, events in date order).
//!
//! Invariants:
//! - a document is stored whole or not at all: [`Store::insert_batch`] writes a batch in
//!   one transaction, so a crash (even `kill -9`) leaves every committed document complete
//!   and no half-written one (SQLite's WAL journal guarantees it);
//! - the same document twice is stored once: the key is [`Document::id`], and a duplicate
//!   is counted, never an error;
//! - [`Store::document`] gives back exactly the document that was stored (its JSON and
//!   its text are kept; the token layer, which the JSON omits, is recomputed from the text).
//!
//! ```
//! use annalist_core::{Document, Metadata};
//! use annalist_store::Store;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = Store::open(&dir.path().join("a.db")).unwrap();
//! let doc = Document::new(
//!     "PARIS, March 3. /TASS/. Ministers met on Monday.".to_string(),
//!     Metadata { source: "example".into(), ..Metadata::default() },
//! );
//! let outcome = store.insert_batch(std::slice::from_ref(&doc)).unwrap();
//! assert_eq!(outcome.stored, 1);
//! assert_eq!(store.document(&doc.id).unwrap(), Some(doc));
//! ```

mod read;
mod schema;
mod write;

pub use read::{
    fts_literal, DocumentIter, EventFilter, SearchHit, Stats, StoredEvent, StoredQuote,
};
pub use write::BatchOutcome;

use annalist_core::Document;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// What can go wrong with the store. The underlying error is the `source()`, not
/// repeated in the message (print the chain, e.g. anyhow's `{:#}`).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open database {path}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("database {path} has schema version {found}, newer than this annalist ({known}); upgrade annalist")]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("migration to schema version {version} failed")]
    Migration {
        version: usize,
        #[source]
        source: rusqlite::Error,
    },
    #[error("invalid search query {query:?}: {message}")]
    Query { query: String, message: String },
    #[error("id prefix {prefix:?} is ambiguous: it matches {}", candidates.join(", "))]
    AmbiguousId {
        prefix: String,
        candidates: Vec<String>,
    },
    #[error("stored JSON of document {id} does not load")]
    Corrupt {
        id: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("cannot serialise document {id}")]
    Serialise {
        id: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("database error")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open annalist database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the database at `path`, creating it if needed and migrating it to the
    /// current schema. WAL journal, `synchronous=NORMAL`, foreign keys on.
    pub fn open(path: &Path) -> Result<Store> {
        let open_error = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(open_error)?;
        configure(&conn).map_err(open_error)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate(schema::MIGRATIONS.len())?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// Applies the migrations up to version `target`, each in its own transaction.
    fn migrate(&mut self, target: usize) -> Result<()> {
        let found = self.schema_version()?;
        let known = schema::MIGRATIONS.len() as i64;
        if found > known {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found,
                known,
            });
        }
        let start = usize::try_from(found).unwrap_or(0);
        for (index, sql) in schema::MIGRATIONS
            .iter()
            .enumerate()
            .take(target)
            .skip(start)
        {
            let version = index + 1;
            let fail = |source| StoreError::Migration { version, source };
            let tx = self.conn.transaction().map_err(fail)?;
            tx.execute_batch(sql).map_err(fail)?;
            tx.pragma_update(None, "user_version", version as i64)
                .map_err(fail)?;
            tx.commit().map_err(fail)?;
        }
        Ok(())
    }

    /// Whether a document with this exact id is stored.
    pub fn contains(&self, id: &str) -> Result<bool> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?;
        Ok(stmt.exists([id])?)
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // journal_mode returns a row, so it is read rather than executed. The page cache is
    // bounded (16 MiB) whatever the size of the store.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 10000;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -16384;",
    )?;
    conn.set_prepared_statement_cache_capacity(32);
    Ok(())
}

/// Restores the layers a document's JSON leaves out (the `date` header offset and the
/// tokens, with each sentence's token range) so that a loaded document equals the
/// stored one.
fn restore_skipped_layers(doc: &mut Document) {
    use annalist_core::text::{find_header, tokenize};
    doc.body_start = find_header(&doc.text).map_or(0, |(_, body)| body);
    doc.tokens = tokenize(&doc.text, doc.body_start);
    for sentence in &mut doc.sentences {
        let first = doc
            .tokens
            .partition_point(|t| t.span.start < sentence.span.start);
        let last = doc
            .tokens
            .partition_point(|t| t.span.end <= sentence.span.end)
            .max(first);
        sentence.tokens = (first, last);
    }
}

#[cfg(test)]
mod tests;
