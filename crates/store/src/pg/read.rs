//! Reading on PostgreSQL: the queries of `crate::read` in PostgreSQL's SQL, with the
//! same results (the JSON decoding and the role filters are shared), and full-text
//! search through the `tsv` column (`websearch_to_tsquery`, `ts_rank_cd`,
//! `ts_headline`).

use super::{count, sql_int, Pg};
use crate::read::{
    escape_like, fused_predicate_in, given, load, page_quotes, Dialect, EventFilter, FusedEvent,
    FusedFilter, QuoteFilter, QuoteRow, SearchHit, Stats, StoredEvent, StoredQuote, FUSED_COLUMNS,
};
use crate::{Result, StoreError};
use annalist_core::Document;
use postgres::types::ToSql;
use postgres::Row;

/// Documents read per page by the document iterator.
const PAGE: i64 = 64;

/// The `ts_headline` options: a few words around the matches, each between `[` and `]`.
pub(crate) const HEADLINE: &str =
    "StartSel=[, StopSel=], MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=2, FragmentDelimiter=\" … \"";

impl Pg {
    pub(crate) fn document(&self, id: &str) -> Result<Option<Document>> {
        if let Some(row) =
            self.query_opt("SELECT json, text FROM documents WHERE id = $1", &[&id])?
        {
            return load(id, row.get(0), row.get(1)).map(Some);
        }
        if let Some(row) = self.query_opt(
            "SELECT id, json, text FROM documents WHERE external_id = $1 OR url = $1
             ORDER BY pk LIMIT 1",
            &[&id],
        )? {
            let found: String = row.get(0);
            return load(&found, row.get(1), row.get(2)).map(Some);
        }
        let prefix = id.trim().to_ascii_lowercase();
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let upper = format!("{prefix}g");
        let found: Vec<String> = self
            .query(
                "SELECT id FROM documents WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 6",
                &[&prefix, &upper],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        match found.as_slice() {
            [] => Ok(None),
            [only] => self.document(only),
            _ => Err(StoreError::AmbiguousId {
                prefix,
                candidates: found,
            }),
        }
    }

    pub(crate) fn page_after(&self, after: i64) -> Result<(i64, Vec<Result<Document>>)> {
        let rows = self.query(
            "SELECT pk, id, json, text FROM documents WHERE pk > $1 ORDER BY pk LIMIT $2",
            &[&after, &PAGE],
        )?;
        let mut last = after;
        let mut docs = Vec::new();
        for row in rows {
            last = row.get(0);
            let id: String = row.get(1);
            docs.push(load(&id, row.get(2), row.get(3)));
        }
        Ok((last, docs))
    }

    pub(crate) fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        if query.trim().is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "WITH q AS (SELECT websearch_to_tsquery('simple', $1) AS q),
             hits AS (SELECT d.pk, ts_rank_cd(d.tsv, q.q) AS rank FROM documents d, q
                      WHERE d.tsv @@ q.q ORDER BY rank DESC, d.pk LIMIT $2)
             SELECT d.id, d.title, d.source, d.dct,
                    ts_headline('simple', d.text, q.q, '{HEADLINE}'), -hits.rank::float8
             FROM hits JOIN documents d ON d.pk = hits.pk, q
             ORDER BY hits.rank DESC, d.pk"
        );
        let rows = self.query(&sql, &[&query, &sql_int(limit)])?;
        Ok(rows
            .iter()
            .map(|row| SearchHit {
                doc_id: row.get(0),
                title: row.get(1),
                source: row.get(2),
                dct: row.get(3),
                snippet: row.get(4),
                score: row.get(5),
            })
            .collect())
    }

    pub(crate) fn stats(&self) -> Result<Stats> {
        let first_last = self.query_one("SELECT min(dct), max(dct) FROM documents", &[])?;
        Ok(Stats {
            schema_version: self.schema_version()?,
            documents: self.count("SELECT count(*) FROM documents", &[])?,
            unsupported: self.count("SELECT count(*) FROM documents WHERE NOT supported", &[])?,
            undated: self.count("SELECT count(*) FROM documents WHERE dct IS NULL", &[])?,
            timexes: self.count("SELECT count(*) FROM timexes", &[])?,
            entities: self.count("SELECT count(*) FROM entities", &[])?,
            mentions: self.count("SELECT count(*) FROM mentions", &[])?,
            quotes: self.count("SELECT count(*) FROM quotes", &[])?,
            events: self.count("SELECT count(*) FROM events", &[])?,
            first_dct: first_last.get(0),
            last_dct: first_last.get(1),
            by_agency: self.histogram(
                "SELECT coalesce(agency, '(none)'), count(*) AS n FROM documents
                 GROUP BY 1 ORDER BY n DESC, 1",
            )?,
            by_language: self.histogram(
                "SELECT language, count(*) AS n FROM documents GROUP BY 1 ORDER BY n DESC, 1",
            )?,
            event_types: self.histogram(
                "SELECT type, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC, 1",
            )?,
        })
    }

    fn histogram(&self, sql: &str) -> Result<Vec<(String, usize)>> {
        Ok(self
            .query(sql, &[])?
            .iter()
            .map(|row| (row.get(0), count(row.get(1))))
            .collect())
    }

    pub(crate) fn quotes_page(
        &self,
        filter: &QuoteFilter,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<StoredQuote>, usize)> {
        let speaker = given(&filter.speaker);
        let pattern = speaker.map(|s| format!("% {} %", escape_like(s)));
        let words: Vec<String> = filter
            .about
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let from = given(&filter.from);
        let to = given(&filter.to);
        let canonical = given(&filter.canonical);
        const MATCHING: &str = "FROM quotes q JOIN documents d ON d.pk = q.doc
             WHERE ($1::text IS NULL
                OR lower(q.speaker_canonical) = lower($1::text)
                OR lower(q.speaker_surname) = lower($1::text)
                OR lower(q.speaker_text) = lower($1::text)
                OR (' ' || q.speaker_text || ' ') ILIKE $2::text ESCAPE '\\')
               AND ($3::text IS NULL
                    OR (d.dct IS NOT NULL AND substr(d.dct, 1, length($3::text)) >= $3::text))
               AND ($4::text IS NULL
                    OR (d.dct IS NOT NULL AND substr(d.dct, 1, length($4::text)) <= $4::text))
               AND ($5::text IS NULL OR lower(q.speaker_canonical) = lower($5::text))";
        let base: [&(dyn ToSql + Sync); 5] = [&speaker, &pattern, &from, &to, &canonical];
        // Without words to look for, the database pages; with them, the text is read
        // here and only the page is decoded.
        let (sql_offset, sql_limit, total) = if words.is_empty() {
            let total = self.count(&format!("SELECT count(*) {MATCHING}"), &base)?;
            (
                sql_int(offset),
                if limit == usize::MAX {
                    None
                } else {
                    Some(sql_int(limit))
                },
                total,
            )
        } else {
            (0, None, 0)
        };
        let mut narrow = String::new();
        // ILIKE ignores the case of ASCII letters only (the columns sort as bytes): it
        // narrows the rows for ASCII words, and the check below decides.
        let likes: Vec<String> = words
            .iter()
            .filter(|w| w.is_ascii())
            .map(|w| format!("%{}%", escape_like(w)))
            .collect();
        for n in 0..likes.len() {
            narrow.push_str(&format!(" AND q.text ILIKE ${}::text ESCAPE '\\'", 8 + n));
        }
        let sql = format!(
            "SELECT d.id, d.source, d.title, d.dct, q.json, q.speaker_canonical,
                    q.speaker_text, q.text {MATCHING}{narrow}
             ORDER BY d.dct IS NULL, d.dct, q.doc, q.idx LIMIT $6 OFFSET $7"
        );
        let mut values: Vec<&(dyn ToSql + Sync)> = base.to_vec();
        values.push(&sql_limit);
        values.push(&sql_offset);
        values.extend(likes.iter().map(|l| l as &(dyn ToSql + Sync)));
        let rows = self.query_dynamic(&sql, &values)?;
        page_quotes(
            rows.iter().map(|row| {
                Ok(QuoteRow {
                    doc_id: row.get(0),
                    source: row.get(1),
                    title: row.get(2),
                    dct: row.get(3),
                    json: row.get(4),
                    canonical: row.get(5),
                    written: row.get(6),
                    text: row.get(7),
                })
            }),
            &words,
            (offset, limit),
            total,
        )
    }

    pub(crate) fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>> {
        let actor = given(&filter.actor);
        let name_pattern = actor.map(|a| format!("%|{}|%", escape_like(a)));
        let code_pattern = actor
            .filter(|a| a.len() >= 3 && a.bytes().all(|b| b.is_ascii_alphanumeric()))
            .map(|a| format!("%|{}%", escape_like(&a.to_ascii_uppercase())));
        let kind = given(&filter.kind);
        let cameo_prefix = kind
            .filter(|k| k.bytes().all(|b| b.is_ascii_digit()))
            .map(|k| format!("{k}%"));
        let from = given(&filter.from);
        let to = given(&filter.to);
        let precision: Option<i64> = if filter.coarse_dates {
            None
        } else {
            from.iter().chain(&to).map(|d| d.len() as i64).max()
        };
        let rows = self.query(
            "SELECT d.id, d.source, d.title, d.dct, e.json, e.sort_date, e.actors,
                    e.recipients, e.place
             FROM events e JOIN documents d ON d.pk = e.doc
             WHERE ($1::text IS NULL OR e.party_names ILIKE $1::text ESCAPE '\\'
                    OR ($2::text IS NOT NULL AND e.party_codes LIKE $2::text ESCAPE '\\'))
               AND ($3::text IS NULL OR e.sort_date >= substr($3::text, 1, length(e.sort_date)))
               AND ($4::text IS NULL OR substr(e.sort_date, 1, length($4::text)) <= $4::text)
               AND ($5::text IS NULL OR lower(e.type) = lower($5::text)
                    OR ($6::text IS NOT NULL AND e.cameo LIKE $6::text))
               AND ($7::bigint IS NULL
                    OR (e.date IS NOT NULL AND length(e.sort_date) >= $7::bigint))
             ORDER BY e.sort_date IS NULL, e.sort_date, d.dct, e.doc, e.idx",
            &[
                &name_pattern,
                &code_pattern,
                &from,
                &to,
                &kind,
                &cameo_prefix,
                &precision,
            ],
        )?;
        let mut events = Vec::new();
        for row in rows {
            let event = stored_event(&row)?;
            if filter.keeps(&event) {
                events.push(event);
            }
        }
        Ok(events)
    }

    pub(crate) fn fused_events(&self, filter: &FusedFilter) -> Result<(Vec<FusedEvent>, usize)> {
        let (predicate, values) = fused_predicate_in(filter, Dialect::Postgres);
        let params: Vec<&(dyn ToSql + Sync)> =
            values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let total: i64 = self
            .query_dynamic(
                &format!("SELECT count(*) FROM fused_events f WHERE {predicate}"),
                &params,
            )?
            .first()
            .map_or(0, |r| r.get(0));
        let limit = filter
            .limit
            .map_or("ALL".to_string(), |l| sql_int(l).to_string());
        let offset = sql_int(filter.offset);
        let rows = self.query_dynamic(
            &format!(
                "SELECT {FUSED_COLUMNS} FROM fused_events f WHERE {predicate}
                 ORDER BY f.date IS NULL, f.date, f.id LIMIT {limit} OFFSET {offset}"
            ),
            &params,
        )?;
        let mut events = Vec::new();
        for row in rows {
            events.push(fused_from_pg(&row)?);
        }
        for event in &mut events {
            event.source_ids = self.fused_source_ids(&event.id)?;
        }
        Ok((events, count(total)))
    }

    pub(crate) fn fused_source_ids(&self, id: &str) -> Result<Vec<String>> {
        Ok(self
            .query(
                "SELECT DISTINCT coalesce(d.external_id, d.id) AS source
                 FROM fused_mentions fm JOIN documents d ON d.pk = fm.doc
                 WHERE fm.fused_id = $1 ORDER BY source",
                &[&id],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    pub(crate) fn fused_memberships(&self) -> Result<Vec<(String, String)>> {
        Ok(self
            .query(
                "SELECT DISTINCT fm.fused_id, coalesce(d.external_id, d.id)
                 FROM fused_mentions fm JOIN documents d ON d.pk = fm.doc
                 ORDER BY 1, 2",
                &[],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }
}

fn stored_event(row: &Row) -> Result<StoredEvent> {
    let doc_id: String = row.get(0);
    let corrupt = |source| StoreError::Corrupt {
        id: doc_id.clone(),
        source,
    };
    let event = serde_json::from_str(row.get(4)).map_err(corrupt)?;
    let actors = serde_json::from_str(row.get(6)).map_err(corrupt)?;
    let recipients = serde_json::from_str(row.get(7)).map_err(corrupt)?;
    Ok(StoredEvent {
        source: row.get(1),
        title: row.get(2),
        dct: row.get(3),
        event,
        date: row.get(5),
        actors,
        recipients,
        place: row.get(8),
        doc_id,
    })
}

/// The columns `FUSED_COLUMNS` of a `fused_events f` row as a [`FusedEvent`] (without
/// its source ids), as `crate::read::fused_from_row` reads them from SQLite.
pub(crate) fn fused_from_pg(row: &Row) -> Result<FusedEvent> {
    let id: String = row.get(0);
    let corrupt = |source| StoreError::Corrupt {
        id: id.clone(),
        source,
    };
    let actors = serde_json::from_str(row.get(6)).map_err(corrupt)?;
    let recipients = serde_json::from_str(row.get(7)).map_err(corrupt)?;
    Ok(FusedEvent {
        kind: row.get(1),
        cameo: row.get(2),
        date: row.get(3),
        dated: row.get(4),
        place: row.get(5),
        actors,
        recipients,
        mentions: count(row.get(8)),
        sources: count(row.get(9)),
        articles: count(row.get(10)),
        source_ids: Vec::new(),
        id,
    })
}
