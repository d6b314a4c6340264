//! The PostgreSQL backend: the same schema (one migration per SQLite migration, the same
//! version numbers: `migrations/`), the same writes and queries as the SQLite backend,
//! one file per pass as there (`write.rs`, `fuse.rs`, `read.rs`, `browse.rs`,
//! `export_read.rs`). What is the same for both backends (the fusion rule and its
//! union-find, the summaries, the filters' semantics, JSON decoding) is shared code
//! outside this module.
//!
//! Concurrency: several processes (or machines) may open and write one database at
//! once.
//! - Migrations run in one transaction under a transaction-level advisory lock
//!   (`pg_advisory_xact_lock`), which also covers creating the version table, and
//!   re-read the version under it: each migration is applied exactly once.
//! - A batch takes the writers' advisory lock first thing in its transaction: batches
//!   are written one at a time, as under SQLite's write lock, so a batch's document
//!   keys are consecutive, a document already stored by another writer is seen (and
//!   counted as a duplicate, `ON CONFLICT DO NOTHING` as a second guard), and fusion
//!   sees every mention committed before it: no fused-event mention is lost. Analysis,
//!   the expensive part, runs in parallel in the writers' processes.
//!
//! The locks are keyed by the schema (`current_schema()`), so that stores in separate
//! schemas of one database do not wait for each other.
//!
//! A connection is used from one thread at a time (a `Store` is `Send`, not `Sync`):
//! the client sits in a `RefCell`, borrowed for one statement at a time.

mod browse;
mod export_read;
mod fuse;
mod read;
mod write;

use crate::location::redact;
use crate::{Result, StoreError};
use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Migration `i` (0-based) takes the schema from version `i` to `i + 1`; one for each
/// of SQLite's (`crate::schema::MIGRATIONS`), with the same meaning.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_tables.sql"),
    include_str!("migrations/0002_indexes.sql"),
    include_str!("migrations/0003_fused_events.sql"),
    include_str!("migrations/0004_browse_indexes.sql"),
    include_str!("migrations/0005_fusion_rule_2.sql"),
];

/// The advisory lock (first key) that migrations take.
const MIGRATE_LOCK: &str = "annalist-migrate";
/// The advisory lock (first key) that every writing transaction takes.
const WRITE_LOCK: &str = "annalist-write";

/// A PostgreSQL store: one connection.
pub(crate) struct Pg {
    client: RefCell<Client>,
    statements: RefCell<HashMap<String, Statement>>,
    /// The URL without its password, for messages.
    shown: PathBuf,
    read_only: bool,
}

/// `SELECT pg_advisory_xact_lock(...)` of lock `name` in the current schema.
pub(crate) fn lock_sql(name: &str) -> String {
    format!("SELECT pg_advisory_xact_lock(hashtext('{name}'), hashtext(current_schema()))")
}

impl Pg {
    /// Connects to `url` and migrates the schema; with `schema`, the store lives in that
    /// schema (created if needed: the tests give each store one of its own).
    pub(crate) fn open(url: &str, schema: Option<&str>) -> Result<Pg> {
        let mut pg = Pg::connect(url, schema)?;
        pg.migrate()?;
        Ok(pg)
    }

    /// Connects to `url` for queries: the schema must be there (it is migrated first if
    /// older), then every transaction of the session is read-only.
    pub(crate) fn open_read_only(url: &str) -> Result<Pg> {
        Pg::open_read_only_in(url, None)
    }

    /// [`Pg::open_read_only`] of the store in `schema`.
    pub(crate) fn open_read_only_in(url: &str, schema: Option<&str>) -> Result<Pg> {
        let mut pg = Pg::connect(url, schema)?;
        let found = pg.version_or_none()?;
        let known = MIGRATIONS.len() as i64;
        match found {
            None => {
                return Err(StoreError::NoStore {
                    location: pg.shown.display().to_string(),
                })
            }
            Some(found) if found > known => {
                return Err(StoreError::TooNew {
                    path: pg.shown.clone(),
                    found,
                    known,
                })
            }
            Some(found) if found < known => pg.migrate()?,
            Some(_) => {}
        }
        pg.client
            .get_mut()
            .batch_execute("SET default_transaction_read_only = on")?;
        pg.read_only = true;
        Ok(pg)
    }

    pub(crate) fn connect(url: &str, schema: Option<&str>) -> Result<Pg> {
        let shown = redact(url);
        let open_error = |source| StoreError::PgOpen {
            location: shown.clone(),
            source,
        };
        let config: postgres::Config = url.parse().map_err(open_error)?;
        let mut client = config.connect(NoTls).map_err(open_error)?;
        client
            .batch_execute("SET client_min_messages = warning")
            .map_err(open_error)?;
        if let Some(schema) = schema {
            let quoted = format!("\"{}\"", schema.replace('"', "\"\""));
            // CREATE SCHEMA IF NOT EXISTS is not safe against a concurrent create of the
            // same schema (a unique violation in pg_namespace): it runs under an advisory
            // lock on the schema's name.
            let literal = schema.replace('\'', "''");
            client
                .batch_execute(&format!(
                    "BEGIN;
                     SELECT pg_advisory_xact_lock(hashtext('annalist schema'), hashtext('{literal}'));
                     CREATE SCHEMA IF NOT EXISTS {quoted};
                     COMMIT;
                     SET search_path TO {quoted}"
                ))
                .map_err(open_error)?;
        }
        Ok(Pg {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            shown: PathBuf::from(shown),
            read_only: false,
        })
    }

    /// Drops every table of the store at `url` (see `Store::drop_postgres_store`).
    pub(crate) fn drop_store(url: &str) -> Result<()> {
        let mut pg = Pg::connect(url, None)?;
        let client = pg.client.get_mut();
        let mut tx = client.transaction()?;
        tx.batch_execute(&lock_sql(MIGRATE_LOCK))?;
        tx.batch_execute(&lock_sql(WRITE_LOCK))?;
        tx.batch_execute(
            "DROP TABLE IF EXISTS fusion_keys, fused_mentions, fused_events, fusion_state,
                 entity_totals, speaker_totals, mentions, entities, timexes, quotes, events,
                 documents, annalist_schema CASCADE",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The schema version, `None` when the database holds no annalist store.
    pub(crate) fn version_or_none(&mut self) -> Result<Option<i64>> {
        let client = self.client.get_mut();
        let exists: bool = client
            .query_one("SELECT to_regclass('annalist_schema') IS NOT NULL", &[])?
            .get(0);
        if !exists {
            return Ok(None);
        }
        let row = client.query_opt("SELECT version FROM annalist_schema WHERE id = 1", &[])?;
        Ok(Some(row.map_or(0, |r| r.get(0))))
    }

    /// Applies every migration not applied yet, in one transaction under the migration
    /// lock; the version is read under the lock.
    fn migrate(&mut self) -> Result<()> {
        let known = MIGRATIONS.len() as i64;
        if let Some(found) = self.version_or_none()? {
            if found > known {
                return Err(StoreError::TooNew {
                    path: self.shown.clone(),
                    found,
                    known,
                });
            }
            if found == known {
                return Ok(());
            }
        }
        let fail = |version: usize| move |source| StoreError::PgMigration { version, source };
        let client = self.client.get_mut();
        let mut tx = client.transaction().map_err(fail(0))?;
        tx.batch_execute(&lock_sql(MIGRATE_LOCK)).map_err(fail(0))?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS annalist_schema (
                 id      BIGINT PRIMARY KEY CHECK (id = 1),
                 version BIGINT NOT NULL
             );
             INSERT INTO annalist_schema (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING;",
        )
        .map_err(fail(0))?;
        let current: i64 = tx
            .query_one("SELECT version FROM annalist_schema WHERE id = 1", &[])
            .map_err(fail(0))?
            .get(0);
        if current > known {
            return Err(StoreError::TooNew {
                path: self.shown.clone(),
                found: current,
                known,
            });
        }
        for (index, sql) in MIGRATIONS.iter().enumerate() {
            let version = index + 1;
            if current >= version as i64 {
                continue; // applied already (by this or another process)
            }
            tx.batch_execute(sql).map_err(fail(version))?;
            tx.execute(
                "UPDATE annalist_schema SET version = $1 WHERE id = 1",
                &[&(version as i64)],
            )
            .map_err(fail(version))?;
        }
        tx.commit().map_err(fail(MIGRATIONS.len()))?;
        Ok(())
    }

    pub(crate) fn path(&self) -> &Path {
        &self.shown
    }

    pub(crate) fn schema_version(&self) -> Result<i64> {
        Ok(self
            .query_one("SELECT version FROM annalist_schema WHERE id = 1", &[])?
            .get(0))
    }

    pub(crate) fn ensure_writable(&mut self) -> Result<()> {
        let read_only = StoreError::ReadOnly {
            path: self.shown.clone(),
        };
        if self.read_only {
            return Err(read_only);
        }
        let client = self.client.get_mut();
        let probe = client.transaction().and_then(|mut tx| {
            tx.execute(
                "UPDATE annalist_schema SET version = version WHERE id = 1",
                &[],
            )?;
            tx.execute(
                "UPDATE fusion_state SET through = through WHERE id = 1",
                &[],
            )?;
            tx.rollback()
        });
        match probe {
            Ok(()) => Ok(()),
            Err(error)
                if matches!(
                    error.code(),
                    Some(&SqlState::INSUFFICIENT_PRIVILEGE | &SqlState::READ_ONLY_SQL_TRANSACTION)
                ) =>
            {
                Err(read_only)
            }
            Err(error) => Err(StoreError::Postgres(error)),
        }
    }

    pub(crate) fn set_size_limit(&mut self, _bytes: u64) -> Result<()> {
        Err(unsupported("a size limit on the database (--max-db-size)"))
    }

    pub(crate) fn contains(&self, id: &str) -> Result<bool> {
        Ok(self
            .query_opt("SELECT 1 FROM documents WHERE id = $1", &[&id])?
            .is_some())
    }

    /// Runs `f` with every statement limited to `limit` (`statement_timeout`).
    pub(crate) fn with_time_limit<T>(
        &self,
        limit: Duration,
        f: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let ms = limit.as_millis().clamp(1, i32::MAX as u128);
        self.client
            .borrow_mut()
            .batch_execute(&format!("SET statement_timeout = {ms}"))?;
        let result = f();
        let reset = self
            .client
            .borrow_mut()
            .batch_execute("SET statement_timeout = 0");
        let result = result.map_err(|error| match error {
            StoreError::Postgres(ref e) if e.code() == Some(&SqlState::QUERY_CANCELED) => {
                StoreError::TimedOut { limit }
            }
            other => other,
        });
        let value = result?;
        reset?;
        Ok(value)
    }

    /// The prepared statement of `sql` (prepared once per connection).
    fn statement(&self, sql: &str) -> Result<Statement> {
        if let Some(statement) = self.statements.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.borrow_mut().prepare(sql)?;
        self.statements
            .borrow_mut()
            .insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    pub(crate) fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        let statement = self.statement(sql)?;
        Ok(self.client.borrow_mut().query(&statement, params)?)
    }

    /// A statement built at run time (filters): not kept prepared.
    pub(crate) fn query_dynamic(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>> {
        Ok(self.client.borrow_mut().query(sql, params)?)
    }

    pub(crate) fn query_one(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row> {
        let statement = self.statement(sql)?;
        Ok(self.client.borrow_mut().query_one(&statement, params)?)
    }

    pub(crate) fn query_opt(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>> {
        let statement = self.statement(sql)?;
        Ok(self.client.borrow_mut().query_opt(&statement, params)?)
    }

    /// A `count(*)`-like first column as a count.
    pub(crate) fn count(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<usize> {
        let n: i64 = self.query_one(sql, params)?.get(0);
        Ok(usize::try_from(n).unwrap_or(0))
    }

    #[cfg(test)]
    pub(crate) fn count_rows(&self, table: &str) -> i64 {
        self.query_dynamic(&format!("SELECT count(*) FROM {table}"), &[])
            .unwrap()[0]
            .get(0)
    }
}

/// The error of a method the PostgreSQL backend does not have yet.
pub(crate) fn unsupported(what: &str) -> StoreError {
    StoreError::Unsupported {
        what: what.to_string(),
    }
}

/// Whether a PostgreSQL error is about the database itself (gone, full, read-only, not
/// allowed) rather than one document.
pub(crate) fn is_unavailable(error: &postgres::Error) -> bool {
    if error.is_closed() {
        return true;
    }
    match error.code() {
        Some(code) => {
            let class = &code.code()[..2];
            matches!(class, "08" | "53" | "57" | "58" | "3D" | "28")
                || *code == SqlState::READ_ONLY_SQL_TRANSACTION
                || *code == SqlState::INSUFFICIENT_PRIVILEGE
        }
        // No code: the connection or the protocol failed.
        None => true,
    }
}

/// `usize` of a stored count.
pub(crate) fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// `i64` of a limit or offset.
pub(crate) fn sql_int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
