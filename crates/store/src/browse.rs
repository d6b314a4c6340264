//! Browsing: the queries an interface over the store asks (the HTTP API and its web
//! page). Pages of documents with full-text search and filters, one fused event and the
//! documents reporting it, timeline buckets, speakers, entities across documents and one
//! entity's record, places with coordinates, and a time limit around any query.
//!
//! Every list is a [`Page`]: one slice of the matches and how many match in all.

use crate::read::{
    escape_like, fts_literal, fused_from_row, fused_predicate, given, FUSED_COLUMNS,
};
use crate::{FusedEvent, FusedFilter, Result, Sqlite, StoreError};
use annalist_core::Date;
use rusqlite::{params, ErrorCode, OptionalExtension, Row};
use std::collections::BTreeMap;

/// One page of a list and the number of matches in all.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    pub items: Vec<T>,
}

/// Which documents [`Store::document_page`] lists; `None` fields do not filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentFilter {
    /// Full-text query (FTS5 syntax; text FTS5 cannot parse is searched word by word).
    pub q: Option<String>,
    /// Earliest dispatch date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (inclusive).
    pub from: Option<String>,
    /// Latest dispatch date (inclusive), same forms.
    pub to: Option<String>,
    /// The input the document came from, as stored.
    pub source: Option<String>,
    /// The agency (case-insensitive).
    pub agency: Option<String>,
    pub offset: usize,
    pub limit: usize,
}

/// A document as a list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentSummary {
    pub id: String,
    pub external_id: Option<String>,
    pub title: Option<String>,
    pub source: String,
    pub agency: Option<String>,
    pub dct: Option<String>,
    pub url: Option<String>,
    /// With a full-text query: words around the matches, each match between `[` and `]`.
    pub snippet: Option<String>,
}

/// One document's report of a fused event: which document and which of its events.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub doc_id: String,
    pub title: Option<String>,
    pub source: String,
    pub agency: Option<String>,
    pub dct: Option<String>,
    /// Index into the document's `events`.
    pub event_index: usize,
}

/// The width of a timeline bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    Day,
    /// ISO 8601 week, `YYYY-Www`.
    Week,
    Month,
    Year,
}

impl Bucket {
    /// `day`, `week`, `month` or `year`.
    pub fn parse(text: &str) -> Option<Bucket> {
        match text {
            "day" => Some(Bucket::Day),
            "week" => Some(Bucket::Week),
            "month" => Some(Bucket::Month),
            "year" => Some(Bucket::Year),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
            Bucket::Year => "year",
        }
    }

    /// The period a `YYYY-MM-DD` day falls in; `None` for anything else.
    pub fn period(self, day: &str) -> Option<String> {
        let date = Date::parse(day)?;
        Some(match self {
            Bucket::Day => day.to_string(),
            Bucket::Week => {
                let (year, week) = date.iso_week();
                format!("{year:04}-W{week:02}")
            }
            Bucket::Month => day[..7].to_string(),
            Bucket::Year => day[..4].to_string(),
        })
    }
}

/// Fused events of one period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineBucket {
    pub period: String,
    pub events: usize,
    pub mentions: usize,
    /// Distinct agencies (else inputs) reporting the period's events.
    pub sources: usize,
    /// Events per PLOVER type, most first.
    pub by_type: Vec<(String, usize)>,
}

/// Fused events counted by period, and those without a day.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    pub buckets: Vec<TimelineBucket>,
    pub undated: usize,
}

/// A speaker and how much is quoted of them.
#[derive(Clone, Debug, PartialEq)]
pub struct Speaker {
    pub name: String,
    pub quotes: usize,
    pub documents: usize,
}

/// An entity across the store: one per canonical name and kind.
#[derive(Clone, Debug, PartialEq)]
pub struct EntitySummary {
    pub name: String,
    pub kind: String,
    pub codes: Vec<String>,
    pub country: Option<String>,
    pub documents: usize,
    pub mentions: usize,
}

/// A role an entity is given, and the dispatch dates it is given on.
#[derive(Clone, Debug, PartialEq)]
pub struct RoleSpan {
    pub role: String,
    pub first: Option<String>,
    pub last: Option<String>,
    pub documents: usize,
}

/// What the store knows of one entity (its documents, quotes and events are paged
/// separately: [`Store::entity_documents`], [`Store::quotes_matching`],
/// [`Store::fused_events`] with `party`).
#[derive(Clone, Debug, PartialEq)]
pub struct EntityRecord {
    pub summary: EntitySummary,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub roles: Vec<RoleSpan>,
    /// Documents per dispatch month, `YYYY-MM`, in order.
    pub timeline: Vec<(String, usize)>,
}

/// A place with coordinates and the fused events there.
#[derive(Clone, Debug, PartialEq)]
pub struct MapPlace {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub events: usize,
    /// The sum of its events' source counts.
    pub sources: usize,
    pub by_type: Vec<(String, usize)>,
    /// The first fused events there, at most [`MAP_EVENT_IDS`].
    pub event_ids: Vec<String>,
}

/// How many event ids a [`MapPlace`] lists.
pub const MAP_EVENT_IDS: usize = 20;

pub(crate) const SUMMARY_COLUMNS: &str =
    "d.id, d.external_id, d.title, d.source, d.agency, d.dct, d.url";

fn summary_from_row(row: &Row<'_>, snippet: bool) -> rusqlite::Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: row.get(0)?,
        external_id: row.get(1)?,
        title: row.get(2)?,
        source: row.get(3)?,
        agency: row.get(4)?,
        dct: row.get(5)?,
        url: row.get(6)?,
        snippet: if snippet { row.get(7)? } else { None },
    })
}

fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

fn sql_int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// `(name, n)` pairs, most first, then by name.
pub(crate) fn ranked(counts: BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let mut pairs: Vec<(String, usize)> = counts.into_iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    pairs
}

impl Sqlite {
    /// Documents matching `filter`: best matches first with a full-text query, else the
    /// newest dispatch first.
    pub fn document_page(&self, filter: &DocumentFilter) -> Result<Page<DocumentSummary>> {
        let mut values: Vec<String> = Vec::new();
        let mut clauses: Vec<String> = Vec::new();
        if let Some(from) = given(&filter.from) {
            values.push(from.to_string());
            clauses.push(format!("d.dct >= ?{}", values.len()));
        }
        if let Some(to) = given(&filter.to) {
            values.push(to.to_string());
            let n = values.len();
            clauses.push(format!("substr(d.dct, 1, length(?{n})) <= ?{n}"));
        }
        if let Some(source) = given(&filter.source) {
            values.push(source.to_string());
            clauses.push(format!("d.source = ?{}", values.len()));
        }
        if let Some(agency) = given(&filter.agency) {
            values.push(agency.to_string());
            clauses.push(format!("d.agency = ?{} COLLATE NOCASE", values.len()));
        }
        let Some(q) = given(&filter.q) else {
            let predicate = if clauses.is_empty() {
                "1".to_string()
            } else {
                clauses.join(" AND ")
            };
            let total: i64 = self.conn.query_row(
                &format!("SELECT count(*) FROM documents d WHERE {predicate}"),
                rusqlite::params_from_iter(values.iter()),
                |r| r.get(0),
            )?;
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS} FROM documents d WHERE {predicate}
                 ORDER BY d.dct IS NULL, d.dct DESC, d.pk DESC LIMIT {} OFFSET {}",
                sql_int(filter.limit),
                sql_int(filter.offset)
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let items = stmt
                .query_map(rusqlite::params_from_iter(values.iter()), |r| {
                    summary_from_row(r, false)
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            return Ok(Page {
                total: count(total),
                offset: filter.offset,
                limit: filter.limit,
                items,
            });
        };
        match self.search_page(q, &clauses, &values, filter) {
            // Text FTS5 cannot parse (`U.S.`, an unbalanced quote) is searched as words.
            Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(failure, _)))
                if failure.code == ErrorCode::Unknown =>
            {
                self.search_page(&fts_literal(q), &clauses, &values, filter)
            }
            other => other,
        }
    }

    fn search_page(
        &self,
        q: &str,
        clauses: &[String],
        values: &[String],
        filter: &DocumentFilter,
    ) -> Result<Page<DocumentSummary>> {
        let mut values = values.to_vec();
        values.push(q.to_string());
        let mut predicate = format!("documents_fts MATCH ?{}", values.len());
        for clause in clauses {
            predicate.push_str(" AND ");
            predicate.push_str(clause);
        }
        let from = "FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid";
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) {from} WHERE {predicate}"),
            rusqlite::params_from_iter(values.iter()),
            |r| r.get(0),
        )?;
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, snippet(documents_fts, -1, '[', ']', '…', 16)
             {from} WHERE {predicate} ORDER BY rank LIMIT {} OFFSET {}",
            sql_int(filter.limit),
            sql_int(filter.offset)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let items = stmt
            .query_map(rusqlite::params_from_iter(values.iter()), |r| {
                summary_from_row(r, true)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page {
            total: count(total),
            offset: filter.offset,
            limit: filter.limit,
            items,
        })
    }

    /// The fused event of each of a document's events, by event index (`None` for an
    /// event not fused yet).
    pub fn document_fused_ids(&self, doc_id: &str, events: usize) -> Result<Vec<Option<String>>> {
        let mut ids = vec![None; events];
        let mut stmt = self.conn.prepare_cached(
            "SELECT fm.event_idx, fm.fused_id FROM fused_mentions fm
             JOIN documents d ON d.pk = fm.doc WHERE d.id = ?1",
        )?;
        let mut rows = stmt.query([doc_id])?;
        while let Some(row) = rows.next()? {
            let idx = count(row.get(0)?);
            if let Some(slot) = ids.get_mut(idx) {
                *slot = Some(row.get(1)?);
            }
        }
        Ok(ids)
    }

    /// One fused event with its source ids.
    pub fn fused_event(&self, id: &str) -> Result<Option<FusedEvent>> {
        let event = self
            .conn
            .prepare_cached(&format!(
                "SELECT {FUSED_COLUMNS} FROM fused_events f WHERE f.id = ?1"
            ))?
            .query_row([id], |row| Ok(fused_from_row(row)))
            .optional()?
            .transpose()?;
        let Some(mut event) = event else {
            return Ok(None);
        };
        event.source_ids = self.fused_source_ids(id)?;
        Ok(Some(event))
    }

    /// The documents reporting fused event `id`, by dispatch date, at most `limit`.
    pub fn fused_reports(&self, id: &str, limit: usize) -> Result<Vec<Report>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.source, d.agency, d.dct, fm.event_idx
             FROM fused_mentions fm JOIN documents d ON d.pk = fm.doc
             WHERE fm.fused_id = ?1 ORDER BY d.dct, d.pk, fm.event_idx LIMIT ?2",
        )?;
        let reports = stmt
            .query_map(params![id, sql_int(limit)], |r| {
                Ok(Report {
                    doc_id: r.get(0)?,
                    title: r.get(1)?,
                    source: r.get(2)?,
                    agency: r.get(3)?,
                    dct: r.get(4)?,
                    event_index: count(r.get(5)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(reports)
    }

    /// Fused events matching `filter` (paging aside) counted by `bucket` of their day.
    pub fn timeline(&self, filter: &FusedFilter, bucket: Bucket) -> Result<Timeline> {
        let (predicate, values) = fused_predicate(filter);
        let mut periods: BTreeMap<String, (TimelineBucket, BTreeMap<String, usize>)> =
            BTreeMap::new();
        let mut undated = 0;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT f.date, f.type, f.mentions FROM fused_events f WHERE {predicate}"
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
        while let Some(row) = rows.next()? {
            let date: Option<String> = row.get(0)?;
            let Some(period) = date.as_deref().and_then(|d| bucket.period(d)) else {
                undated += 1;
                continue;
            };
            let (entry, types) = periods.entry(period.clone()).or_default();
            entry.period = period;
            entry.events += 1;
            entry.mentions += count(row.get(2)?);
            *types.entry(row.get(1)?).or_default() += 1;
        }
        drop(rows);
        // Distinct sources per period.
        let mut sources: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT DISTINCT f.date, coalesce(d.agency, d.source)
             FROM fused_events f JOIN fused_mentions fm ON fm.fused_id = f.id
             JOIN documents d ON d.pk = fm.doc
             WHERE f.date IS NOT NULL AND {predicate}"
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
        while let Some(row) = rows.next()? {
            let date: String = row.get(0)?;
            if let Some(period) = bucket.period(&date) {
                sources.entry(period).or_default().insert(row.get(1)?);
            }
        }
        let buckets = periods
            .into_iter()
            .map(|(period, (mut entry, types))| {
                entry.sources = sources.get(&period).map_or(0, |s| s.len());
                entry.by_type = ranked(types);
                entry
            })
            .collect();
        Ok(Timeline { buckets, undated })
    }

    /// Speakers by number of quotations (the resolved speaker's canonical name, else
    /// the speaker as written); with `q`, only names holding each of its words.
    pub fn speakers(&self, q: Option<&str>, offset: usize, limit: usize) -> Result<Page<Speaker>> {
        let mut values: Vec<String> = Vec::new();
        let mut clauses = vec!["1".to_string()];
        for word in q.unwrap_or("").split_whitespace() {
            values.push(format!("%{}%", escape_like(word)));
            clauses.push(format!("name LIKE ?{} ESCAPE '\\'", values.len()));
        }
        let grouped = format!(
            "SELECT name, quotes, documents FROM speaker_totals WHERE {}",
            clauses.join(" AND ")
        );
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM ({grouped})"),
            rusqlite::params_from_iter(values.iter()),
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare(&format!(
            "{grouped} ORDER BY quotes DESC, name LIMIT {} OFFSET {}",
            sql_int(limit),
            sql_int(offset)
        ))?;
        let items = stmt
            .query_map(rusqlite::params_from_iter(values.iter()), |r| {
                Ok(Speaker {
                    name: r.get(0)?,
                    quotes: count(r.get(1)?),
                    documents: count(r.get(2)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page {
            total: count(total),
            offset,
            limit,
            items,
        })
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
        let mut values: Vec<String> = Vec::new();
        let mut clauses = vec!["1".to_string()];
        for word in q.unwrap_or("").split_whitespace() {
            values.push(format!("%{}%", escape_like(word)));
            clauses.push(format!("e.canonical LIKE ?{} ESCAPE '\\'", values.len()));
        }
        if let Some(kind) = kind.map(str::trim).filter(|k| !k.is_empty()) {
            values.push(kind.to_string());
            clauses.push(format!("e.kind = ?{}", values.len()));
        }
        let predicate = clauses.join(" AND ");
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM entity_totals e WHERE {predicate}"),
            rusqlite::params_from_iter(values.iter()),
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT e.canonical, e.kind, e.codes, e.country, e.documents, e.mentions
             FROM entity_totals e WHERE {predicate}
             ORDER BY e.documents DESC, e.canonical, e.kind LIMIT {} OFFSET {}",
            sql_int(limit),
            sql_int(offset)
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
        let mut items = Vec::new();
        while let Some(row) = rows.next()? {
            items.push(entity_summary(row)?);
        }
        Ok(Page {
            total: count(total),
            offset,
            limit,
            items,
        })
    }

    /// What the store knows of the entity with canonical name `name` (case-insensitive)
    /// and `kind`; without `kind`, the kind it has in most documents.
    pub fn entity(&self, name: &str, kind: Option<&str>) -> Result<Option<EntityRecord>> {
        let kind = kind.map(str::trim).filter(|k| !k.is_empty());
        let summary = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT e.canonical, e.kind, max(e.codes), max(e.country),
                        count(DISTINCT e.doc) AS documents,
                        sum((SELECT count(*) FROM mentions m
                             WHERE m.doc = e.doc AND m.entity_idx = e.idx))
                 FROM entities e
                 WHERE e.canonical = ?1 COLLATE NOCASE AND (?2 IS NULL OR e.kind = ?2)
                 GROUP BY e.canonical, e.kind ORDER BY documents DESC LIMIT 1",
            )?;
            let mut rows = stmt.query(params![name.trim(), kind])?;
            match rows.next()? {
                Some(row) => entity_summary(row)?,
                None => return Ok(None),
            }
        };
        let (lat, lon) = self
            .conn
            .prepare_cached(
                "SELECT lat, lon FROM entities
                 WHERE canonical = ?1 COLLATE NOCASE AND kind = ?2 AND lat IS NOT NULL LIMIT 1",
            )?
            .query_row(params![summary.name, summary.kind], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .unwrap_or((None, None));
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.role, min(d.dct), max(d.dct), count(DISTINCT e.doc) AS n
             FROM entities e JOIN documents d ON d.pk = e.doc
             WHERE e.canonical = ?1 COLLATE NOCASE AND e.kind = ?2 AND e.role IS NOT NULL
             GROUP BY e.role ORDER BY min(d.dct), n DESC",
        )?;
        let roles = stmt
            .query_map(params![summary.name, summary.kind], |r| {
                Ok(RoleSpan {
                    role: r.get(0)?,
                    first: r.get(1)?,
                    last: r.get(2)?,
                    documents: count(r.get(3)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT substr(d.dct, 1, 7) AS month, count(DISTINCT e.doc)
             FROM entities e JOIN documents d ON d.pk = e.doc
             WHERE e.canonical = ?1 COLLATE NOCASE AND e.kind = ?2 AND d.dct IS NOT NULL
             GROUP BY month ORDER BY month",
        )?;
        let timeline = stmt
            .query_map(params![summary.name, summary.kind], |r| {
                Ok((r.get(0)?, count(r.get(1)?)))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Some(EntityRecord {
            summary,
            lat,
            lon,
            roles,
            timeline,
        }))
    }

    /// The documents naming the entity `(name, kind)`, newest first.
    pub fn entity_documents(
        &self,
        name: &str,
        kind: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Page<DocumentSummary>> {
        let total: i64 = self.conn.prepare_cached(
            "SELECT count(DISTINCT e.doc) FROM entities e WHERE e.canonical = ?1 COLLATE NOCASE AND e.kind = ?2",
        )?
        .query_row(params![name, kind], |r| r.get(0))?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM documents d
             WHERE d.pk IN (SELECT e.doc FROM entities e WHERE e.canonical = ?1 COLLATE NOCASE AND e.kind = ?2)
             ORDER BY d.dct IS NULL, d.dct DESC, d.pk DESC LIMIT ?3 OFFSET ?4"
        ))?;
        let items = stmt
            .query_map(params![name, kind, sql_int(limit), sql_int(offset)], |r| {
                summary_from_row(r, false)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page {
            total: count(total),
            offset,
            limit,
            items,
        })
    }

    /// Fused events matching `filter` (paging aside) at places with coordinates, by
    /// place (most events first), and how many matching events have a place without
    /// coordinates or no place.
    pub fn map_places(&self, filter: &FusedFilter) -> Result<(Vec<MapPlace>, usize)> {
        let (predicate, values) = fused_predicate(filter);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT f.id, f.type, f.place, f.sources FROM fused_events f WHERE {predicate}
             ORDER BY f.date IS NULL, f.date, f.id"
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
        let mut places: BTreeMap<String, (MapPlace, BTreeMap<String, usize>)> = BTreeMap::new();
        let mut without = 0;
        let mut coordinates = self.conn.prepare_cached(
            "SELECT lat, lon FROM entities WHERE canonical = ?1 COLLATE NOCASE AND lat IS NOT NULL LIMIT 1",
        )?;
        let mut known: BTreeMap<String, Option<(f64, f64)>> = BTreeMap::new();
        while let Some(row) = rows.next()? {
            let Some(place): Option<String> = row.get(2)? else {
                without += 1;
                continue;
            };
            if !known.contains_key(&place) {
                let found = coordinates
                    .query_row([&place], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                known.insert(place.clone(), found);
            }
            let Some((lat, lon)) = known[&place] else {
                without += 1;
                continue;
            };
            let (entry, types) = places.entry(place.clone()).or_insert_with(|| {
                (
                    MapPlace {
                        name: place,
                        lat,
                        lon,
                        events: 0,
                        sources: 0,
                        by_type: Vec::new(),
                        event_ids: Vec::new(),
                    },
                    BTreeMap::new(),
                )
            });
            entry.events += 1;
            entry.sources += count(row.get(3)?);
            if entry.event_ids.len() < MAP_EVENT_IDS {
                entry.event_ids.push(row.get(0)?);
            }
            *types.entry(row.get(1)?).or_default() += 1;
        }
        let mut out: Vec<MapPlace> = places
            .into_values()
            .map(|(mut place, types)| {
                place.by_type = ranked(types);
                place
            })
            .collect();
        out.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.name.cmp(&b.name)));
        Ok((out, without))
    }

    /// The number of fused events.
    pub fn fused_event_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM fused_events", [], |r| r.get(0))?;
        Ok(count(n))
    }
}

fn entity_summary(row: &Row<'_>) -> Result<EntitySummary> {
    let name: String = row.get(0)?;
    let codes: String = row.get(2)?;
    let codes = serde_json::from_str(&codes).map_err(|source| StoreError::Corrupt {
        id: name.clone(),
        source,
    })?;
    Ok(EntitySummary {
        name,
        kind: row.get(1)?,
        codes,
        country: row.get(3)?,
        documents: count(row.get(4)?),
        mentions: count(row.get::<_, Option<i64>>(5)?.unwrap_or(0)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;
    use std::time::{Duration, Instant};

    #[test]
    fn periods_of_a_day() {
        assert_eq!(
            Bucket::Day.period("2022-01-10").as_deref(),
            Some("2022-01-10")
        );
        assert_eq!(
            Bucket::Week.period("2022-01-10").as_deref(),
            Some("2022-W02")
        );
        // ISO weeks belong to the year of their Thursday.
        assert_eq!(
            Bucket::Week.period("2021-01-03").as_deref(),
            Some("2020-W53")
        );
        assert_eq!(
            Bucket::Week.period("2024-12-31").as_deref(),
            Some("2025-W01")
        );
        assert_eq!(
            Bucket::Month.period("2022-01-10").as_deref(),
            Some("2022-01")
        );
        assert_eq!(Bucket::Year.period("2022-01-10").as_deref(), Some("2022"));
        for bad in ["2022-01", "2022-02-30", "", "2022W02"] {
            assert_eq!(Bucket::Day.period(bad), None, "{bad}");
        }
        for name in ["day", "week", "month", "year"] {
            assert_eq!(Bucket::parse(name).map(Bucket::name), Some(name));
        }
        assert_eq!(Bucket::parse("Month"), None);
    }

    #[test]
    fn a_query_past_its_time_limit_is_interrupted_and_the_connection_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        let slow = |s: &Store| -> Result<i64> {
            Ok(s.sqlite_backend().conn.query_row(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000)
                 SELECT count(*) FROM n",
                [],
                |r| r.get(0),
            )?)
        };
        let started = Instant::now();
        let error = store
            .with_time_limit(Duration::from_millis(50), slow)
            .unwrap_err();
        assert!(matches!(error, StoreError::TimedOut { .. }), "{error:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
        // The handler is gone after: the same connection answers without a limit.
        let n: i64 = store
            .with_time_limit(Duration::from_secs(60), |s| {
                Ok(s.sqlite_backend()
                    .conn
                    .query_row("SELECT 41 + 1", [], |r| r.get(0))?)
            })
            .unwrap();
        assert_eq!(n, 42);
        assert_eq!(store.fused_event_count().unwrap(), 0);
    }

    #[test]
    fn an_empty_store_browses_to_empty_pages() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        let page = store
            .document_page(&DocumentFilter {
                q: Some("\"unbalanced".into()),
                limit: 10,
                ..DocumentFilter::default()
            })
            .unwrap();
        assert_eq!((page.total, page.items.len()), (0, 0));
        assert_eq!(store.speakers(Some("x"), 0, 10).unwrap().total, 0);
        assert_eq!(store.entity_page(None, None, 0, 10).unwrap().total, 0);
        assert_eq!(store.entity("Nobody", None).unwrap(), None);
        let timeline = store
            .timeline(&FusedFilter::default(), Bucket::Week)
            .unwrap();
        assert_eq!(timeline, Timeline::default());
        assert_eq!(
            store.map_places(&FusedFilter::default()).unwrap(),
            (Vec::new(), 0)
        );
        assert_eq!(store.fused_event("x").unwrap(), None);
    }
}
