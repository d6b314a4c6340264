//! Reading for the exports (`annalist-export`): every stored document a page at a time,
//! each with its ingest time and, for each of its events, the fused event it belongs to;
//! and where a fused event was first seen (its earliest ingest time and the first web
//! address among its documents).
//!
//! Pages are read one after another by key, so memory holds one page (64 documents and
//! their fused events), whatever the size of the store.

use crate::read::{fused_from_row, load_without_tokens, FUSED_COLUMNS};
use crate::{FusedEvent, Result, Sqlite, Store};
use annalist_core::Document;
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

/// Documents read per page.
const PAGE: i64 = 64;

/// A stored document with what the exports need beside it.
#[derive(Clone, Debug)]
pub struct ExportDocument {
    /// The store's key: storage order.
    pub pk: i64,
    /// When it was stored, `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    pub ingested_at: String,
    /// The document as stored (its token layer is not restored: no export reads it).
    pub doc: Document,
    /// For each event of `doc.events`, by position, the fused event it belongs to
    /// (`None` in a store whose fusion has not run yet).
    pub fused: Vec<Option<FusedEvent>>,
}

/// Where a fused event was first seen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FirstSeen {
    /// The earliest ingest time of its documents.
    pub ingested_at: Option<String>,
    /// The web address (`http:`/`https:`) of its first stored document that has one.
    pub url: Option<String>,
}

/// Every stored document in storage order, a page at a time (see [`Store::export_pages`]).
pub struct ExportPages<'s> {
    pub(crate) store: &'s Store,
    pub(crate) after: i64,
    pub(crate) done: bool,
}

impl Iterator for ExportPages<'_> {
    type Item = Result<Vec<ExportDocument>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.store.export_page(self.after) {
            Ok(page) if !page.is_empty() => {
                self.after = page.last().map_or(self.after, |d| d.pk);
                Some(Ok(page))
            }
            Ok(_) => {
                self.done = true;
                None
            }
            Err(error) => {
                self.done = true;
                Some(Err(error))
            }
        }
    }
}

impl Sqlite {
    pub(crate) fn export_page(&self, after: i64) -> Result<Vec<ExportDocument>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT pk, id, json, text, ingested_at FROM documents
             WHERE pk > ?1 ORDER BY pk LIMIT ?2",
        )?;
        let mut rows = stmt.query(params![after, PAGE])?;
        let mut page = Vec::new();
        while let Some(row) = rows.next()? {
            let pk: i64 = row.get(0)?;
            let id: String = row.get(1)?;
            let json: String = row.get(2)?;
            let doc = load_without_tokens(&id, &json, row.get(3)?)?;
            let fused = vec![None; doc.events.len()];
            page.push(ExportDocument {
                pk,
                ingested_at: row.get(4)?,
                doc,
                fused,
            });
        }
        drop(rows);
        let (Some(first), Some(last)) = (page.first(), page.last()) else {
            return Ok(page);
        };
        let (lo, hi) = (first.pk, last.pk);
        let position: HashMap<i64, usize> =
            page.iter().enumerate().map(|(i, d)| (d.pk, i)).collect();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {FUSED_COLUMNS}, fm.doc, fm.event_idx
             FROM fused_mentions fm JOIN fused_events f ON f.id = fm.fused_id
             WHERE fm.doc BETWEEN ?1 AND ?2"
        ))?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(row) = rows.next()? {
            let fused = fused_from_row(row)?;
            let doc: i64 = row.get(11)?;
            let idx: i64 = row.get(12)?;
            place_fused(&mut page, &position, (doc, idx), fused);
        }
        Ok(page)
    }

    /// Where fused event `id` was first seen: its documents' earliest ingest time, and
    /// the web address of the first of them (in storage order) that has one.
    pub fn fused_first_seen(&self, id: &str) -> Result<FirstSeen> {
        let ingested_at: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT min(d.ingested_at) FROM fused_mentions fm
                 JOIN documents d ON d.pk = fm.doc WHERE fm.fused_id = ?1",
            )?
            .query_row([id], |r| r.get(0))?;
        let url: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT d.url FROM fused_mentions fm JOIN documents d ON d.pk = fm.doc
                 WHERE fm.fused_id = ?1
                   AND (d.url LIKE 'http://%' OR d.url LIKE 'https://%')
                 ORDER BY d.pk LIMIT 1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?;
        Ok(FirstSeen { ingested_at, url })
    }

    /// How many rows each layer table holds: documents, events, entities, entity
    /// mentions, quotes, timexes and fused events (what a full export writes).
    pub fn export_counts(&self) -> Result<Vec<(&'static str, usize)>> {
        let mut out = Vec::new();
        for (name, table) in [
            ("documents", "documents"),
            ("events", "events"),
            ("entities", "entities"),
            ("mentions", "mentions"),
            ("quotes", "quotes"),
            ("timexes", "timexes"),
            ("fused_events", "fused_events"),
        ] {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            out.push((name, usize::try_from(n).unwrap_or(0)));
        }
        Ok(out)
    }
}

/// Puts fused event `fused` in the slot of event `idx` of document `doc` (a key of the
/// page's `position` map), if that document and event are on the page.
pub(crate) fn place_fused(
    page: &mut [ExportDocument],
    position: &HashMap<i64, usize>,
    (doc, idx): (i64, i64),
    fused: FusedEvent,
) {
    let slot = position
        .get(&doc)
        .and_then(|&i| page.get_mut(i))
        .and_then(|d| d.fused.get_mut(usize::try_from(idx).ok()?));
    if let Some(slot) = slot {
        *slot = Some(fused);
    }
}
