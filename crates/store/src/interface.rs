//! The one store interface: every public method of [`Store`], each handing the call to
//! the backend that holds the database (SQLite: `read.rs`, `write.rs`, `browse.rs`, ...;
//! PostgreSQL: `pg/`). Methods built from others (iterators, filters with defaults) are
//! written once here, above the backends.

use crate::browse::{
    Bucket, DocumentFilter, DocumentSummary, EntityRecord, EntitySummary, MapPlace, Page, Report,
    Speaker, Timeline,
};
use crate::export_read::{ExportDocument, ExportPages, FirstSeen};
use crate::read::{
    DocumentIter, EventFilter, FusedEvent, FusedFilter, QuoteFilter, SearchHit, Stats, StoredEvent,
    StoredQuote,
};
use crate::{Backend, BatchOutcome, FuseOutcome, Location, Result, Sqlite, Store, StoreError};
use annalist_core::Document;
use rusqlite::ErrorCode;
use std::path::Path;
use std::time::{Duration, Instant};

/// `$s` bound to the backend, `$e` evaluated with it (the same expression: both backends
/// have every method, by the same name and signature).
macro_rules! dispatch {
    ($self:expr, $s:ident => $e:expr) => {
        match &$self.backend {
            Backend::Sqlite($s) => $e,
            #[cfg(feature = "postgres")]
            Backend::Postgres($s) => $e,
        }
    };
}

macro_rules! dispatch_mut {
    ($self:expr, $s:ident => $e:expr) => {
        match &mut $self.backend {
            Backend::Sqlite($s) => $e,
            #[cfg(feature = "postgres")]
            Backend::Postgres($s) => $e,
        }
    };
}

impl Store {
    fn sqlite(store: Sqlite) -> Store {
        Store {
            location: Location::File(store.path.clone()),
            backend: Backend::Sqlite(store),
        }
    }

    /// Opens the SQLite database at `path`, creating it if needed and migrating it to
    /// the current schema. WAL journal, `synchronous=NORMAL`, foreign keys on.
    ///
    /// Several processes may open the same new database at once: each migration runs
    /// under SQLite's write lock (`BEGIN IMMEDIATE`) and re-reads the schema version
    /// once it holds it, so exactly one of them applies it.
    pub fn open(path: &Path) -> Result<Store> {
        Sqlite::open(path).map(Store::sqlite)
    }

    /// Opens an existing SQLite database for queries only: read-only (`mode=ro`), so a
    /// database on read-only media, or a file without write permission, can be read.
    /// When even that cannot work (a WAL database whose shared-memory file cannot be
    /// made), it is opened `immutable` if no write-ahead log is pending. A database
    /// with an older schema is migrated first if it is writable.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        Sqlite::open_read_only(path).map(Store::sqlite)
    }

    /// Opens the store at `location` for writing: a SQLite file as [`Store::open`], or a
    /// PostgreSQL database (connected, its schema created or migrated, under an advisory
    /// lock so that concurrent first opens apply each migration once).
    pub fn open_location(location: &Location) -> Result<Store> {
        match location {
            Location::File(path) => Store::open(path),
            #[cfg(feature = "postgres")]
            Location::Postgres(url) => Ok(Store {
                location: location.clone(),
                backend: Backend::Postgres(Box::new(crate::pg::Pg::open(url, None)?)),
            }),
            #[cfg(not(feature = "postgres"))]
            Location::Postgres(_) => Err(StoreError::NoPostgres {
                location: location.to_string(),
            }),
        }
    }

    /// Opens the store at `location` for queries: a SQLite file as
    /// [`Store::open_read_only`]; a PostgreSQL database as [`Store::open_location`]
    /// (whose session is then made read-only: `default_transaction_read_only`).
    pub fn open_location_read_only(location: &Location) -> Result<Store> {
        match location {
            Location::File(path) => Store::open_read_only(path),
            #[cfg(feature = "postgres")]
            Location::Postgres(url) => Ok(Store {
                location: location.clone(),
                backend: Backend::Postgres(Box::new(crate::pg::Pg::open_read_only(url)?)),
            }),
            #[cfg(not(feature = "postgres"))]
            Location::Postgres(_) => Err(StoreError::NoPostgres {
                location: location.to_string(),
            }),
        }
    }

    /// [`Store::open_location`] of [`Location::parse`]`(text)`: a `postgres://` URL or a
    /// file path.
    pub fn open_url(text: &str) -> Result<Store> {
        Store::open_location(&Location::parse(text))
    }

    /// Drops every table of the annalist store in the PostgreSQL database at `url`
    /// (in its schema of the `search_path`), with everything in them: for benchmarks
    /// and tests that start from nothing.
    #[cfg(feature = "postgres")]
    pub fn drop_postgres_store(url: &str) -> Result<()> {
        crate::pg::Pg::drop_store(url)
    }

    /// Where the store is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The database file; for a PostgreSQL store, its URL without a password (for
    /// messages).
    pub fn path(&self) -> &Path {
        dispatch!(self, s => s.path())
    }

    /// Whether the backend is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        !matches!(self.backend, Backend::Sqlite(_))
    }

    /// Fails with [`StoreError::ReadOnly`] unless documents can be written. Run it
    /// before any expensive work that ends in a write. (A full disk shows only at the
    /// first write that needs a new page: [`StoreError::is_unavailable`] tells it apart.)
    pub fn ensure_writable(&mut self) -> Result<()> {
        dispatch_mut!(self, s => s.ensure_writable())
    }

    /// Caps a SQLite database at about `bytes` (SQLite's `max_page_count`): a write
    /// that would grow it further fails as on a full disk. The cap lasts for this
    /// connection only.
    pub fn set_size_limit(&mut self, bytes: u64) -> Result<()> {
        dispatch_mut!(self, s => s.set_size_limit(bytes))
    }

    /// The schema version of the open database (the number of migrations applied).
    pub fn schema_version(&self) -> Result<i64> {
        dispatch!(self, s => s.schema_version())
    }

    /// Whether a document with this exact id is stored.
    pub fn contains(&self, id: &str) -> Result<bool> {
        dispatch!(self, s => s.contains(id))
    }

    /// Stores `docs` in ONE transaction: either every new document is stored with all
    /// its layers, or (on any error) nothing is. A document whose id is already stored
    /// is skipped and listed in [`BatchOutcome::duplicates`], never an error. The
    /// batch's events join the fused events in the same transaction.
    pub fn insert_batch(&mut self, docs: &[Document]) -> Result<BatchOutcome> {
        dispatch_mut!(self, s => s.insert_batch(docs))
    }

    /// Fuses every stored document not fused yet (a store upgraded from schema version
    /// 2, or one whose fusion was interrupted), one transaction per chunk of documents.
    pub fn fuse(&mut self) -> Result<FuseOutcome> {
        dispatch_mut!(self, s => s.fuse())
    }

    /// Drops every fused event and fuses the whole store again (after a change of the
    /// rule, or to check that the stored fusion is the rule's). The result is the same as
    /// fusing the documents as they were ingested.
    pub fn refuse(&mut self) -> Result<FuseOutcome> {
        dispatch_mut!(self, s => s.refuse())
    }

    /// The document with this id, else with this external id (the input record's `id`)
    /// or URL, else with this unique id prefix.
    pub fn document(&self, id: &str) -> Result<Option<Document>> {
        dispatch!(self, s => s.document(id))
    }

    /// Every stored document, in the order they were stored, read a page at a time.
    pub fn documents(&self) -> DocumentIter<'_> {
        DocumentIter {
            store: self,
            after: i64::MIN,
            page: Vec::new().into_iter(),
            done: false,
        }
    }

    /// Calls `f` with every stored document in storage order; stops at the first error.
    pub fn for_each_document<F, E>(&self, mut f: F) -> Result<(), E>
    where
        F: FnMut(Document) -> Result<(), E>,
        E: From<StoreError>,
    {
        for doc in self.documents() {
            f(doc?)?;
        }
        Ok(())
    }

    /// The documents stored after key `after`, one page, and the last key read.
    pub(crate) fn page_after(&self, after: i64) -> Result<(i64, Vec<Result<Document>>)> {
        dispatch!(self, s => s.page_after(after))
    }

    /// Full-text search over titles and texts, best matches first. On SQLite the query
    /// is FTS5's syntax (words, `"a phrase"`, `AND`/`OR`/`NOT`, `prefix*`,
    /// `title:word`); on PostgreSQL, `websearch_to_tsquery`'s (words, `"a phrase"`,
    /// `or`, `-word`).
    ///
    /// A query FTS5 cannot parse is a [`StoreError::Query`]; [`crate::fts_literal`]
    /// turns any text into a query that always parses.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        dispatch!(self, s => s.search(query, limit))
    }

    /// Counts of documents and annotations, the date range, agencies, languages and
    /// event types.
    pub fn stats(&self) -> Result<Stats> {
        dispatch!(self, s => s.stats())
    }

    /// Stored quotations in dispatch-date order; with `speaker`, only those whose
    /// speaker's canonical name, surname or text as written equals it
    /// (case-insensitive), or whose speaker text contains it as whole words
    /// (`Lavrov` matches `Foreign Minister Sergei Lavrov`).
    pub fn quotes(&self, speaker: Option<&str>) -> Result<Vec<StoredQuote>> {
        self.quotes_matching(&QuoteFilter {
            speaker: speaker.map(str::to_string),
            ..QuoteFilter::default()
        })
    }

    /// Stored quotations matching `filter` (speaker as [`Store::quotes`], dispatch
    /// dates in the window, every word of `about` in the text), in dispatch-date order.
    pub fn quotes_matching(&self, filter: &QuoteFilter) -> Result<Vec<StoredQuote>> {
        Ok(self.quotes_page(filter, 0, usize::MAX)?.0)
    }

    /// One page of [`Store::quotes_matching`]: at most `limit` quotations after the
    /// first `offset`, and how many match in all. Only the page's quotations are decoded.
    pub fn quotes_page(
        &self,
        filter: &QuoteFilter,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<StoredQuote>, usize)> {
        dispatch!(self, s => s.quotes_page(filter, offset, limit))
    }

    /// Stored events matching `filter`, in date order (events without any date last).
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>> {
        dispatch!(self, s => s.events(filter))
    }

    /// Fused events matching `filter` in date order (then by id), one page of them,
    /// and how many match in all.
    pub fn fused_events(&self, filter: &FusedFilter) -> Result<(Vec<FusedEvent>, usize)> {
        dispatch!(self, s => s.fused_events(filter))
    }

    /// The external ids (else document ids) of the documents reporting fused event `id`.
    pub fn fused_source_ids(&self, id: &str) -> Result<Vec<String>> {
        dispatch!(self, s => s.fused_source_ids(id))
    }

    /// Every `(fused event id, external id or document id)` membership, by fused event:
    /// what a scorer of the fusion reads in one pass.
    pub fn fused_memberships(&self) -> Result<Vec<(String, String)>> {
        dispatch!(self, s => s.fused_memberships())
    }

    /// Runs `f` with every query it makes interrupted once `limit` has passed
    /// ([`StoreError::TimedOut`]): SQLite's progress handler, PostgreSQL's
    /// `statement_timeout`.
    pub fn with_time_limit<T>(
        &self,
        limit: Duration,
        f: impl FnOnce(&Store) -> Result<T>,
    ) -> Result<T> {
        match &self.backend {
            Backend::Sqlite(s) => {
                let deadline = Instant::now() + limit;
                s.conn
                    .progress_handler(4_000, Some(move || Instant::now() > deadline));
                let result = f(self);
                s.conn.progress_handler(0, None::<fn() -> bool>);
                result.map_err(|error| match error {
                    StoreError::Sqlite(ref e)
                        if e.sqlite_error_code() == Some(ErrorCode::OperationInterrupted) =>
                    {
                        StoreError::TimedOut { limit }
                    }
                    other => other,
                })
            }
            #[cfg(feature = "postgres")]
            Backend::Postgres(pg) => pg.with_time_limit(limit, || f(self)),
        }
    }

    /// Documents matching `filter`: best matches first with a full-text query, else the
    /// newest dispatch first.
    pub fn document_page(&self, filter: &DocumentFilter) -> Result<Page<DocumentSummary>> {
        dispatch!(self, s => s.document_page(filter))
    }

    /// The fused event of each of a document's events, by event index (`None` for an
    /// event not fused yet).
    pub fn document_fused_ids(&self, doc_id: &str, events: usize) -> Result<Vec<Option<String>>> {
        dispatch!(self, s => s.document_fused_ids(doc_id, events))
    }

    /// One fused event with its source ids.
    pub fn fused_event(&self, id: &str) -> Result<Option<FusedEvent>> {
        dispatch!(self, s => s.fused_event(id))
    }

    /// The documents reporting fused event `id`, by dispatch date, at most `limit`.
    pub fn fused_reports(&self, id: &str, limit: usize) -> Result<Vec<Report>> {
        dispatch!(self, s => s.fused_reports(id, limit))
    }

    /// Fused events matching `filter` (paging aside) counted by `bucket` of their day.
    pub fn timeline(&self, filter: &FusedFilter, bucket: Bucket) -> Result<Timeline> {
        dispatch!(self, s => s.timeline(filter, bucket))
    }

    /// Speakers by number of quotations (the resolved speaker's canonical name, else
    /// the speaker as written); with `q`, only names holding each of its words.
    pub fn speakers(&self, q: Option<&str>, offset: usize, limit: usize) -> Result<Page<Speaker>> {
        dispatch!(self, s => s.speakers(q, offset, limit))
    }

    /// Entities across the store, one per canonical name and kind, most documents
    /// first; with `q`, only names holding each of its words; with `kind`, only that kind.
    pub fn entity_page(
        &self,
        q: Option<&str>,
        kind: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<Page<EntitySummary>> {
        dispatch!(self, s => s.entity_page(q, kind, offset, limit))
    }

    /// What the store knows of the entity with canonical name `name` (case-insensitive)
    /// and `kind`; without `kind`, the kind it has in most documents.
    pub fn entity(&self, name: &str, kind: Option<&str>) -> Result<Option<EntityRecord>> {
        dispatch!(self, s => s.entity(name, kind))
    }

    /// The documents naming the entity `(name, kind)`, newest first.
    pub fn entity_documents(
        &self,
        name: &str,
        kind: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Page<DocumentSummary>> {
        dispatch!(self, s => s.entity_documents(name, kind, offset, limit))
    }

    /// Fused events matching `filter` (paging aside) at places with coordinates, by
    /// place (most events first), and how many matching events have a place without
    /// coordinates or no place.
    pub fn map_places(&self, filter: &FusedFilter) -> Result<(Vec<MapPlace>, usize)> {
        dispatch!(self, s => s.map_places(filter))
    }

    /// The number of fused events.
    pub fn fused_event_count(&self) -> Result<usize> {
        dispatch!(self, s => s.fused_event_count())
    }

    /// Every stored document with its ingest time and fused events, in storage order,
    /// one page (64 documents) at a time.
    pub fn export_pages(&self) -> ExportPages<'_> {
        ExportPages {
            store: self,
            after: i64::MIN,
            done: false,
        }
    }

    pub(crate) fn export_page(&self, after: i64) -> Result<Vec<ExportDocument>> {
        dispatch!(self, s => s.export_page(after))
    }

    /// Where fused event `id` was first seen: its documents' earliest ingest time, and
    /// the web address of the first of them (in storage order) that has one.
    pub fn fused_first_seen(&self, id: &str) -> Result<FirstSeen> {
        dispatch!(self, s => s.fused_first_seen(id))
    }

    /// How many rows each layer table holds: documents, events, entities, entity
    /// mentions, quotes, timexes and fused events (what a full export writes).
    pub fn export_counts(&self) -> Result<Vec<(&'static str, usize)>> {
        dispatch!(self, s => s.export_counts())
    }

    /// The SQLite backend, for the tests that look at its tables directly.
    #[cfg(test)]
    pub(crate) fn sqlite_backend(&self) -> &Sqlite {
        match &self.backend {
            Backend::Sqlite(s) => s,
            #[cfg(feature = "postgres")]
            Backend::Postgres(_) => panic!("not a SQLite store"),
        }
    }

    #[cfg(test)]
    pub(crate) fn sqlite_backend_mut(&mut self) -> &mut Sqlite {
        match &mut self.backend {
            Backend::Sqlite(s) => s,
            #[cfg(feature = "postgres")]
            Backend::Postgres(_) => panic!("not a SQLite store"),
        }
    }

    /// The rows of `table` (tests of both backends).
    #[cfg(test)]
    pub(crate) fn count_rows(&self, table: &str) -> i64 {
        match &self.backend {
            Backend::Sqlite(s) => s
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap(),
            #[cfg(feature = "postgres")]
            Backend::Postgres(pg) => pg.count_rows(table),
        }
    }
}
