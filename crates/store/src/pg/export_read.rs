//! Reading for the exports on PostgreSQL: `crate::export_read`'s pages of documents
//! with their ingest times and fused events, first sightings and table counts.

use super::read::fused_from_pg;
use super::{count, Pg};
use crate::export_read::{place_fused, ExportDocument, FirstSeen};
use crate::read::{load_without_tokens, FUSED_COLUMNS};
use crate::Result;
use std::collections::HashMap;

/// Documents read per page.
const PAGE: i64 = 64;

impl Pg {
    pub(crate) fn export_page(&self, after: i64) -> Result<Vec<ExportDocument>> {
        let rows = self.query(
            "SELECT pk, id, json, text, ingested_at FROM documents
             WHERE pk > $1 ORDER BY pk LIMIT $2",
            &[&after, &PAGE],
        )?;
        let mut page = Vec::new();
        for row in rows {
            let id: String = row.get(1);
            let doc = load_without_tokens(&id, row.get(2), row.get(3))?;
            let fused = vec![None; doc.events.len()];
            page.push(ExportDocument {
                pk: row.get(0),
                ingested_at: row.get(4),
                doc,
                fused,
            });
        }
        let (Some(first), Some(last)) = (page.first(), page.last()) else {
            return Ok(page);
        };
        let (lo, hi) = (first.pk, last.pk);
        let position: HashMap<i64, usize> =
            page.iter().enumerate().map(|(i, d)| (d.pk, i)).collect();
        let rows = self.query(
            &format!(
                "SELECT {FUSED_COLUMNS}, fm.doc, fm.event_idx
                 FROM fused_mentions fm JOIN fused_events f ON f.id = fm.fused_id
                 WHERE fm.doc BETWEEN $1 AND $2"
            ),
            &[&lo, &hi],
        )?;
        for row in rows {
            let fused = fused_from_pg(&row)?;
            let doc: i64 = row.get(11);
            let idx: i64 = row.get(12);
            place_fused(&mut page, &position, (doc, idx), fused);
        }
        Ok(page)
    }

    pub(crate) fn fused_first_seen(&self, id: &str) -> Result<FirstSeen> {
        let ingested_at: Option<String> = self
            .query_one(
                "SELECT min(d.ingested_at) FROM fused_mentions fm
                 JOIN documents d ON d.pk = fm.doc WHERE fm.fused_id = $1",
                &[&id],
            )?
            .get(0);
        let url: Option<String> = self
            .query_opt(
                "SELECT d.url FROM fused_mentions fm JOIN documents d ON d.pk = fm.doc
                 WHERE fm.fused_id = $1
                   AND (d.url ILIKE 'http://%' OR d.url ILIKE 'https://%')
                 ORDER BY d.pk LIMIT 1",
                &[&id],
            )?
            .and_then(|r| r.get(0));
        Ok(FirstSeen { ingested_at, url })
    }

    pub(crate) fn export_counts(&self) -> Result<Vec<(&'static str, usize)>> {
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
            let n: i64 = self.query(&format!("SELECT count(*) FROM {table}"), &[])?[0].get(0);
            out.push((name, count(n)));
        }
        Ok(out)
    }
}
