//! annalist-store: the store of analysed documents, in a SQLite file or (with the
//! default feature `postgres`) a PostgreSQL database.
//!
//! [`Store`] is one interface over both backends (`interface.rs`): a [`Location`] (what
//! `--db` names: a path, or a `postgres://` URL) is opened with
//! [`Store::open_location`]; every method then does the same on either. The PostgreSQL
//! backend (`pg/`) mirrors the SQLite files below pass by pass and shares with them
//! what does not depend on the database (the fusion rule and its union-find, the rows'
//! computed columns, the filters, the JSON); several processes may write one
//! PostgreSQL store at once (advisory locks, see `pg/mod.rs`).
//!
//! For SQLite, this crate owns the database file: its schema and versioned migrations
//! ([`schema`]), writing documents and their annotation layers ([`write`]), and the
//! queries the CLI runs over them ([`read`]: documents, full-text search, statistics,
//! quotations by speaker, events in date order, fused events), and the fusion of event
//! mentions across documents into one record per real-world event ([`fuse`]).
//!
//! Invariants:
//! - a document is stored whole or not at all: [`Store::insert_batch`] writes a batch in
//!   one transaction, so a crash (even `kill -9`) leaves every committed document complete
//!   and no half-written one (SQLite's WAL journal guarantees it);
//! - the same document twice is stored once: the key is [`Document::id`], and a duplicate
//!   is counted, never an error;
//! - [`Store::document`] gives back exactly the document that was stored (its JSON and
//!   its text are kept; the token layer, which the JSON omits, is recomputed from the text).
//! - several processes may open (and create) the same database at once: migrations run
//!   under SQLite's write lock and re-read the schema version there, so each is applied
//!   exactly once;
//! - the query commands open the database read-only ([`Store::open_read_only`]): a
//!   database on read-only media can be queried; a writer checks
//!   [`Store::ensure_writable`] before it starts, and an error of the store itself (full,
//!   read-only, gone: [`StoreError::is_unavailable`]) is told apart from a bad document.
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

mod browse;
pub mod export_read;
mod fuse;
mod interface;
mod location;
#[cfg(feature = "postgres")]
mod pg;
mod read;
mod schema;
mod write;

pub use browse::{
    Bucket, DocumentFilter, DocumentSummary, EntityRecord, EntitySummary, MapPlace, Page, Report,
    RoleSpan, Speaker, Timeline, TimelineBucket, MAP_EVENT_IDS,
};
pub use fuse::FuseOutcome;

pub use location::Location;
pub use read::{
    fts_literal, DocumentIter, EventFilter, FusedEvent, FusedFilter, QuoteFilter, SearchHit, Stats,
    StoredEvent, StoredQuote,
};
pub use write::BatchOutcome;

use annalist_core::Document;
use rusqlite::{Connection, DatabaseName, ErrorCode, OpenFlags, TransactionBehavior};
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
    #[error("database {path} is read-only (the file or its folder cannot be written): nothing can be stored in it")]
    ReadOnly { path: PathBuf },
    #[error("database {path} has schema version {found} and is read-only: it needs an upgrade to version {known}, which cannot be written (run `annalist ingest` on a writable copy)")]
    TooOldReadOnly {
        path: PathBuf,
        found: i64,
        known: i64,
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
    #[error("the query took longer than its limit of {} ms", limit.as_millis())]
    TimedOut { limit: std::time::Duration },
    #[error("database error")]
    Sqlite(#[from] rusqlite::Error),
    /// What the PostgreSQL backend does not do (yet), or a `postgres://` location in a
    /// build without the `postgres` feature.
    #[error("not supported on the PostgreSQL backend yet: {what}")]
    Unsupported { what: String },
    #[error("no annalist store in {location} (create one with `annalist ingest PATH... --db {location}`)")]
    NoStore { location: String },
    #[error("this annalist was built without PostgreSQL support (the store crate's `postgres` feature): cannot open {location}")]
    NoPostgres { location: String },
    #[cfg(feature = "postgres")]
    #[error("cannot connect to PostgreSQL database {location}")]
    PgOpen {
        location: String,
        #[source]
        source: postgres::Error,
    },
    #[cfg(feature = "postgres")]
    #[error("PostgreSQL migration to schema version {version} failed")]
    PgMigration {
        version: usize,
        #[source]
        source: postgres::Error,
    },
    #[cfg(feature = "postgres")]
    #[error("PostgreSQL error")]
    Postgres(#[from] postgres::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open annalist database: a SQLite file or a PostgreSQL database (see
/// [`Location`]). Every method is the same on both backends (`interface.rs`).
pub struct Store {
    pub(crate) backend: Backend,
    pub(crate) location: Location,
}

/// The database behind a [`Store`].
pub(crate) enum Backend {
    Sqlite(Sqlite),
    /// Boxed: its client is several times the size of a SQLite connection.
    #[cfg(feature = "postgres")]
    Postgres(Box<pg::Pg>),
}

/// The SQLite backend: one connection to one database file.
pub(crate) struct Sqlite {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
}

impl Sqlite {
    /// Opens the database at `path`, creating it if needed and migrating it to the
    /// current schema. WAL journal, `synchronous=NORMAL`, foreign keys on.
    ///
    /// Several processes may open the same new database at once: each migration runs
    /// under SQLite's write lock (`BEGIN IMMEDIATE`) and re-reads the schema version
    /// once it holds it, so exactly one of them applies it.
    pub fn open(path: &Path) -> Result<Sqlite> {
        let open_error = |source: rusqlite::Error| {
            if is_read_only_error(&source) && cannot_write_beside(path) {
                StoreError::ReadOnly {
                    path: path.to_path_buf(),
                }
            } else {
                StoreError::Open {
                    path: path.to_path_buf(),
                    source,
                }
            }
        };
        let conn = Connection::open(path).map_err(open_error)?;
        configure(&conn).map_err(open_error)?;
        let mut store = Sqlite {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate(schema::MIGRATIONS.len())?;
        Ok(store)
    }

    /// Opens an existing database for queries only: read-only (`mode=ro`), so a
    /// database on read-only media, or a file without write permission, can be read.
    /// When even that cannot work (a WAL database whose shared-memory file cannot be
    /// made), it is opened `immutable` if no write-ahead log is pending. A database
    /// with an older schema is migrated first if it is writable.
    pub fn open_read_only(path: &Path) -> Result<Sqlite> {
        let store = match Sqlite::open_ro_uri(path, false) {
            Ok(store) => store,
            Err(first) => {
                if has_pending_wal(path) {
                    return Err(first);
                }
                Sqlite::open_ro_uri(path, true).map_err(|_| first)?
            }
        };
        let found = store.schema_version()?;
        let known = schema::MIGRATIONS.len() as i64;
        if found > known {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found,
                known,
            });
        }
        if found < known {
            drop(store);
            return match Sqlite::open(path) {
                Ok(store) => Ok(store),
                Err(StoreError::Migration { source, .. }) if is_read_only_error(&source) => {
                    Err(StoreError::TooOldReadOnly {
                        path: path.to_path_buf(),
                        found,
                        known,
                    })
                }
                Err(StoreError::Open { source, .. }) if is_read_only_error(&source) => {
                    Err(StoreError::TooOldReadOnly {
                        path: path.to_path_buf(),
                        found,
                        known,
                    })
                }
                Err(error) => Err(error),
            };
        }
        Ok(store)
    }

    fn open_ro_uri(path: &Path, immutable: bool) -> Result<Sqlite> {
        let open_error = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let uri = sqlite_uri(path, if immutable { "immutable=1" } else { "mode=ro" });
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(uri, flags).map_err(open_error)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_error)?;
        conn.execute_batch("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16384;")
            .map_err(open_error)?;
        conn.set_prepared_statement_cache_capacity(32);
        // Opening is lazy: read the schema now so that an unreadable file fails here.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
            row.get::<_, i64>(0)
        })
        .map_err(open_error)?;
        Ok(Sqlite {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Fails with [`StoreError::ReadOnly`] unless documents can be written: the
    /// connection is read-write and SQLite's write lock can be taken. Run it before
    /// any expensive work that ends in a write. (A full disk shows only at the first
    /// write that needs a new page: [`StoreError::is_unavailable`] tells it apart.)
    pub fn ensure_writable(&mut self) -> Result<()> {
        let read_only = self
            .conn
            .is_readonly(DatabaseName::Main)
            .map_err(StoreError::Sqlite)?;
        if read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        let probe = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .and_then(|tx| {
                // Writing the version back unchanged needs the file to be writable.
                let version: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
                tx.pragma_update(None, "user_version", version)?;
                tx.rollback()
            });
        match probe {
            Ok(()) => Ok(()),
            Err(error) if is_read_only_error(&error) => Err(StoreError::ReadOnly {
                path: self.path.clone(),
            }),
            Err(error) => Err(StoreError::Sqlite(error)),
        }
    }

    /// Caps the database at about `bytes` (SQLite's `max_page_count`): a write that
    /// would grow it further fails as on a full disk. The cap lasts for this
    /// connection only.
    pub fn set_size_limit(&mut self, bytes: u64) -> Result<()> {
        let page: i64 = self
            .conn
            .query_row("PRAGMA page_size", [], |row| row.get(0))?;
        let pages = (bytes / page.max(1) as u64).max(1);
        let _set: i64 =
            self.conn
                .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |row| {
                    row.get(0)
                })?;
        Ok(())
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

    /// Applies the migrations up to version `target`, each in its own transaction,
    /// taken with the write lock (`BEGIN IMMEDIATE`): the version is read again under
    /// the lock, so a migration another process has just applied is not applied twice.
    fn migrate(&mut self, target: usize) -> Result<()> {
        let known = schema::MIGRATIONS.len() as i64;
        let found = self.schema_version()?;
        if found > known {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found,
                known,
            });
        }
        if usize::try_from(found).unwrap_or(0) >= target {
            return Ok(());
        }
        for (index, sql) in schema::MIGRATIONS.iter().enumerate().take(target) {
            let version = index + 1;
            let fail = |source| StoreError::Migration { version, source };
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(fail)?;
            let current: i64 = tx
                .query_row("PRAGMA user_version", [], |row| row.get(0))
                .map_err(fail)?;
            if current > known {
                return Err(StoreError::TooNew {
                    path: self.path.clone(),
                    found: current,
                    known,
                });
            }
            if current >= version as i64 {
                continue; // applied already (by this or another process)
            }
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

impl StoreError {
    /// Whether the error is about the store itself rather than one document: the
    /// database is read-only, full, locked, unreadable or gone. Writing more documents
    /// cannot succeed after it; a run should stop with this message.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::ReadOnly { .. }
            | StoreError::TooOldReadOnly { .. }
            | StoreError::Open { .. }
            | StoreError::TooNew { .. }
            | StoreError::Migration { .. }
            | StoreError::NoStore { .. }
            | StoreError::NoPostgres { .. } => true,
            #[cfg(feature = "postgres")]
            StoreError::PgOpen { .. } | StoreError::PgMigration { .. } => true,
            #[cfg(feature = "postgres")]
            StoreError::Postgres(error) => pg::is_unavailable(error),
            StoreError::Sqlite(error) => matches!(
                error.sqlite_error_code(),
                Some(
                    ErrorCode::DiskFull
                        | ErrorCode::ReadOnly
                        | ErrorCode::SystemIoFailure
                        | ErrorCode::CannotOpen
                        | ErrorCode::DatabaseCorrupt
                        | ErrorCode::NotADatabase
                        | ErrorCode::DatabaseBusy
                        | ErrorCode::DatabaseLocked
                        | ErrorCode::PermissionDenied
                        | ErrorCode::OutOfMemory
                )
            ),
            _ => false,
        }
    }
}

fn is_read_only_error(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen)
    )
}

/// Whether an existing database file, or the folder that must hold its journal files,
/// cannot be written (read-only media, permissions, an immutable file).
fn cannot_write_beside(path: &Path) -> bool {
    if !path.is_file() {
        return false;
    }
    if std::fs::OpenOptions::new().append(true).open(path).is_err() {
        return true;
    }
    let mut probe = path.as_os_str().to_owned();
    probe.push(format!("-probe-{}", std::process::id()));
    let probe = PathBuf::from(probe);
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            false
        }
        Err(e) => e.kind() != std::io::ErrorKind::AlreadyExists,
    }
}

/// `file:` URI of a path, with `%`, `?` and `#` escaped, and `query` appended.
fn sqlite_uri(path: &Path, query: &str) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push('?');
    uri.push_str(query);
    uri
}

/// Whether the database has a write-ahead log with content (reading it `immutable`
/// would miss what the log holds).
fn has_pending_wal(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // Wait for other processes' locks from the first statement on (switching a new
    // database to WAL takes one).
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // journal_mode returns a row, so it is read rather than executed. The page cache is
    // bounded (16 MiB) whatever the size of the store. Switching a new database to WAL
    // needs an exclusive lock and SQLite does not wait for it (no busy handler, to
    // avoid deadlocks): when another process holds a lock, try again for a while.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |row| {
            row.get::<_, String>(0)
        }) {
            Ok(_) => break,
            Err(error)
                if matches!(
                    error.sqlite_error_code(),
                    Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                ) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(error) => return Err(error),
        }
    }
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

/// Restores the tokens a document's JSON leaves out, with each sentence's token range
/// (after [`read::load_without_tokens`] has put back its text and header offset), so that
/// a loaded document equals the stored one.
fn restore_tokens(doc: &mut Document) {
    use annalist_core::text::tokenize;
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
