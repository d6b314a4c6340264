//! Fusion on PostgreSQL: the tables of `crate::fuse`'s [`FusionTables`] as statements
//! over arrays (one per step of a batch, not one per mention). The rule and the
//! union-find are `crate::fuse`'s, shared with SQLite.

use super::{lock_sql, Pg, WRITE_LOCK};
use crate::fuse::{
    fuse_some, EntityRow, FuseOutcome, FusionTables, MentionRow, NewMention, Summary, SummaryRow,
    FUSE_CHUNK,
};
use crate::{Result, StoreError};
use postgres::Transaction;
use std::collections::HashMap;

/// The PostgreSQL tables of fusion, in the batch's transaction (which holds the
/// writers' lock).
pub(crate) struct PgFusion<'a, 'c>(pub(crate) &'a mut Transaction<'c>);

impl Pg {
    pub(crate) fn fuse(&mut self) -> Result<FuseOutcome> {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.shown.clone(),
            });
        }
        let mut mentions = 0;
        loop {
            let client = self.client.get_mut();
            let mut tx = client.transaction()?;
            tx.batch_execute(&lock_sql(WRITE_LOCK))?;
            let (placed, more) = fuse_some(&mut PgFusion(&mut tx), Some(FUSE_CHUNK))?;
            tx.commit()?;
            mentions += placed;
            if !more {
                break;
            }
        }
        Ok(FuseOutcome {
            mentions,
            fused_events: self.fused_event_count()?,
        })
    }

    pub(crate) fn refuse(&mut self) -> Result<FuseOutcome> {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.shown.clone(),
            });
        }
        let client = self.client.get_mut();
        let mut tx = client.transaction()?;
        tx.batch_execute(&lock_sql(WRITE_LOCK))?;
        tx.batch_execute(
            "DELETE FROM fusion_keys; DELETE FROM fused_mentions; DELETE FROM fused_events;
             UPDATE fusion_state SET through = 0;",
        )?;
        tx.commit()?;
        self.fuse()
    }
}

impl FusionTables for PgFusion<'_, '_> {
    fn through(&mut self) -> Result<i64> {
        Ok(self
            .0
            .query_one("SELECT through FROM fusion_state WHERE id = 1", &[])?
            .get(0))
    }

    fn set_through(&mut self, through: i64) -> Result<()> {
        self.0.execute(
            "UPDATE fusion_state SET through = $1 WHERE id = 1",
            &[&through],
        )?;
        Ok(())
    }

    fn last_document(&mut self) -> Result<Option<i64>> {
        Ok(self
            .0
            .query_one("SELECT max(pk) FROM documents", &[])?
            .get(0))
    }

    fn entities(&mut self, lo: i64, hi: i64) -> Result<Vec<EntityRow>> {
        let rows = self.0.query(
            "SELECT doc, entity_id, canonical, codes, country FROM entities
             WHERE doc BETWEEN $1 AND $2",
            &[&lo, &hi],
        )?;
        Ok(rows
            .iter()
            .map(|row| EntityRow {
                doc: row.get(0),
                entity_id: row.get(1),
                canonical: row.get(2),
                codes: row.get(3),
                country: row.get(4),
            })
            .collect())
    }

    fn mentions(&mut self, lo: i64, hi: i64) -> Result<Vec<MentionRow>> {
        let rows = self.0.query(
            "SELECT e.doc, e.idx, e.date, e.negated, e.modality, e.json, d.id, d.dct
             FROM events e JOIN documents d ON d.pk = e.doc
             WHERE e.doc BETWEEN $1 AND $2 ORDER BY e.doc, e.idx",
            &[&lo, &hi],
        )?;
        Ok(rows
            .iter()
            .map(|row| MentionRow {
                doc: row.get(0),
                idx: row.get(1),
                date: row.get(2),
                negated: row.get(3),
                modality: row.get(4),
                json: row.get(5),
                doc_id: row.get(6),
                dct: row.get(7),
            })
            .collect())
    }

    fn fused_ids_with_keys(&mut self, keys: &[&str]) -> Result<HashMap<String, Vec<String>>> {
        let mut out: HashMap<String, Vec<String>> = HashMap::new();
        if keys.is_empty() {
            return Ok(out);
        }
        let rows = self.0.query(
            "SELECT DISTINCT k.key, fm.fused_id FROM fusion_keys k
             JOIN fused_mentions fm ON fm.doc = k.doc AND fm.event_idx = k.event_idx
             WHERE k.key = ANY($1)",
            &[&keys],
        )?;
        for row in rows {
            out.entry(row.get(0)).or_default().push(row.get(1));
        }
        Ok(out)
    }

    fn insert_keys(&mut self, rows: &[(&str, i64, i64)]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let keys: Vec<&str> = rows.iter().map(|r| r.0).collect();
        let docs: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let idxs: Vec<i64> = rows.iter().map(|r| r.2).collect();
        self.0.execute(
            "INSERT INTO fusion_keys (key, doc, event_idx)
             SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
             ON CONFLICT DO NOTHING",
            &[&keys, &docs, &idxs],
        )?;
        Ok(())
    }

    fn merge(&mut self, merges: &[(String, String)]) -> Result<()> {
        if merges.is_empty() {
            return Ok(());
        }
        let from: Vec<&str> = merges.iter().map(|m| m.0.as_str()).collect();
        let into: Vec<&str> = merges.iter().map(|m| m.1.as_str()).collect();
        self.0.execute(
            "UPDATE fused_mentions fm SET fused_id = m.into_id
             FROM unnest($1::text[], $2::text[]) AS m(from_id, into_id)
             WHERE fm.fused_id = m.from_id AND m.from_id <> m.into_id",
            &[&from, &into],
        )?;
        self.0
            .execute("DELETE FROM fused_events WHERE id = ANY($1)", &[&from])?;
        Ok(())
    }

    fn insert_mentions(&mut self, rows: &[NewMention]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let docs: Vec<i64> = rows.iter().map(|m| m.doc).collect();
        let idxs: Vec<i64> = rows.iter().map(|m| m.idx).collect();
        let ids: Vec<&str> = rows.iter().map(|m| m.fused_id.as_str()).collect();
        let days: Vec<Option<&str>> = rows.iter().map(|m| m.day.as_deref()).collect();
        let dated: Vec<bool> = rows.iter().map(|m| m.dated).collect();
        self.0.execute(
            "INSERT INTO fused_mentions (doc, event_idx, fused_id, day, dated)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[],
                 $5::boolean[])",
            &[&docs, &idxs, &ids, &days, &dated],
        )?;
        Ok(())
    }

    fn summary_rows(&mut self, ids: &[String]) -> Result<Vec<(String, SummaryRow)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = self.0.query(
            "SELECT fm.fused_id, e.type, e.cameo, e.place, e.actors, e.recipients, d.id,
                    d.agency, d.url, d.source, fm.day, fm.dated
             FROM fused_mentions fm
             JOIN events e ON e.doc = fm.doc AND e.idx = fm.event_idx
             JOIN documents d ON d.pk = fm.doc
             WHERE fm.fused_id = ANY($1)",
            &[&ids],
        )?;
        Ok(rows
            .iter()
            .map(|row| {
                (
                    row.get(0),
                    SummaryRow {
                        kind: row.get(1),
                        cameo: row.get(2),
                        place: row.get(3),
                        actors: row.get(4),
                        recipients: row.get(5),
                        doc_id: row.get(6),
                        agency: row.get(7),
                        url: row.get(8),
                        source: row.get(9),
                        day: row.get(10),
                        dated: row.get(11),
                    },
                )
            })
            .collect())
    }

    fn write_summaries(&mut self, summaries: &[Summary]) -> Result<()> {
        if summaries.is_empty() {
            return Ok(());
        }
        let col = |f: fn(&Summary) -> &str| -> Vec<&str> { summaries.iter().map(f).collect() };
        let opt = |f: fn(&Summary) -> Option<&str>| -> Vec<Option<&str>> {
            summaries.iter().map(f).collect()
        };
        let num = |f: fn(&Summary) -> i64| -> Vec<i64> { summaries.iter().map(f).collect() };
        let dated: Vec<bool> = summaries.iter().map(|s| s.dated).collect();
        self.0.execute(
            "INSERT INTO fused_events (id, type, cameo, cameo_root, date, dated, place,
                 actor_key, recipient_key, actors, recipients, mentions, sources, articles)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                 $6::boolean[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                 $12::bigint[], $13::bigint[], $14::bigint[])
             ON CONFLICT (id) DO UPDATE SET type = excluded.type, cameo = excluded.cameo,
                 cameo_root = excluded.cameo_root, date = excluded.date,
                 dated = excluded.dated, place = excluded.place,
                 actor_key = excluded.actor_key, recipient_key = excluded.recipient_key,
                 actors = excluded.actors, recipients = excluded.recipients,
                 mentions = excluded.mentions, sources = excluded.sources,
                 articles = excluded.articles",
            &[
                &col(|s| &s.id),
                &col(|s| &s.kind),
                &col(|s| &s.cameo),
                &col(|s| &s.cameo_root),
                &opt(|s| s.date.as_deref()),
                &dated,
                &opt(|s| s.place.as_deref()),
                &opt(|s| s.actor_key.as_deref()),
                &opt(|s| s.recipient_key.as_deref()),
                &col(|s| &s.actors),
                &col(|s| &s.recipients),
                &num(|s| s.mentions),
                &num(|s| s.sources),
                &num(|s| s.articles),
            ],
        )?;
        Ok(())
    }
}
