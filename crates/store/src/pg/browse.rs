//! Browsing on PostgreSQL: the queries of `crate::browse` (pages of documents, fused
//! events and their reports, timeline buckets, speakers, entities, places) in
//! PostgreSQL's SQL; the grouping done in Rust there is the same code here.

use super::read::{fused_from_pg, HEADLINE};
use super::{count, sql_int, Pg};
use crate::browse::{
    ranked, Bucket, DocumentFilter, DocumentSummary, EntityRecord, EntitySummary, MapPlace, Page,
    Report, RoleSpan, Speaker, Timeline, TimelineBucket, MAP_EVENT_IDS, SUMMARY_COLUMNS,
};
use crate::read::{escape_like, fused_predicate_in, given, Dialect, FUSED_COLUMNS};
use crate::{FusedEvent, FusedFilter, Result, StoreError};
use postgres::types::ToSql;
use postgres::Row;
use std::collections::{BTreeMap, BTreeSet};

fn summary_from_row(row: &Row, snippet: bool) -> DocumentSummary {
    DocumentSummary {
        id: row.get(0),
        external_id: row.get(1),
        title: row.get(2),
        source: row.get(3),
        agency: row.get(4),
        dct: row.get(5),
        url: row.get(6),
        snippet: if snippet { row.get(7) } else { None },
    }
}

fn entity_summary(row: &Row) -> Result<EntitySummary> {
    let name: String = row.get(0);
    let codes: String = row.get(2);
    let codes = serde_json::from_str(&codes).map_err(|source| StoreError::Corrupt {
        id: name.clone(),
        source,
    })?;
    Ok(EntitySummary {
        name,
        kind: row.get(1),
        codes,
        country: row.get(3),
        documents: count(row.get(4)),
        mentions: count(row.get::<_, Option<i64>>(5).unwrap_or(0)),
    })
}

fn params(values: &[String]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

impl Pg {
    pub(crate) fn document_page(&self, filter: &DocumentFilter) -> Result<Page<DocumentSummary>> {
        let p = |n: usize| Dialect::Postgres.param(n);
        let mut values: Vec<String> = Vec::new();
        let mut clauses: Vec<String> = Vec::new();
        if let Some(from) = given(&filter.from) {
            values.push(from.to_string());
            clauses.push(format!("d.dct >= {}", p(values.len())));
        }
        if let Some(to) = given(&filter.to) {
            values.push(to.to_string());
            let n = p(values.len());
            clauses.push(format!("substr(d.dct, 1, length({n})) <= {n}"));
        }
        if let Some(source) = given(&filter.source) {
            values.push(source.to_string());
            clauses.push(format!("d.source = {}", p(values.len())));
        }
        if let Some(agency) = given(&filter.agency) {
            values.push(agency.to_string());
            clauses.push(Dialect::Postgres.equal_nocase("d.agency", &p(values.len())));
        }
        let (limit, offset) = (sql_int(filter.limit), sql_int(filter.offset));
        let Some(q) = given(&filter.q) else {
            let predicate = if clauses.is_empty() {
                "TRUE".to_string()
            } else {
                clauses.join(" AND ")
            };
            let total: i64 = self.query_dynamic(
                &format!("SELECT count(*) FROM documents d WHERE {predicate}"),
                &params(&values),
            )?[0]
                .get(0);
            let rows = self.query_dynamic(
                &format!(
                    "SELECT {SUMMARY_COLUMNS} FROM documents d WHERE {predicate}
                     ORDER BY d.dct IS NULL, d.dct DESC, d.pk DESC LIMIT {limit} OFFSET {offset}"
                ),
                &params(&values),
            )?;
            return Ok(Page {
                total: count(total),
                offset: filter.offset,
                limit: filter.limit,
                items: rows.iter().map(|r| summary_from_row(r, false)).collect(),
            });
        };
        // websearch_to_tsquery parses any text: no fallback is needed.
        values.push(q.to_string());
        let query = format!("websearch_to_tsquery('simple', {})", p(values.len()));
        let mut predicate = format!("d.tsv @@ {query}");
        for clause in &clauses {
            predicate.push_str(" AND ");
            predicate.push_str(clause);
        }
        let total: i64 = self.query_dynamic(
            &format!("SELECT count(*) FROM documents d WHERE {predicate}"),
            &params(&values),
        )?[0]
            .get(0);
        let rows = self.query_dynamic(
            &format!(
                "WITH hits AS (SELECT d.pk, ts_rank_cd(d.tsv, {query}) AS rank
                               FROM documents d WHERE {predicate}
                               ORDER BY rank DESC, d.pk LIMIT {limit} OFFSET {offset})
                 SELECT {SUMMARY_COLUMNS}, ts_headline('simple', d.text, {query}, '{HEADLINE}')
                 FROM hits JOIN documents d ON d.pk = hits.pk
                 ORDER BY hits.rank DESC, d.pk"
            ),
            &params(&values),
        )?;
        Ok(Page {
            total: count(total),
            offset: filter.offset,
            limit: filter.limit,
            items: rows.iter().map(|r| summary_from_row(r, true)).collect(),
        })
    }

    pub(crate) fn document_fused_ids(
        &self,
        doc_id: &str,
        events: usize,
    ) -> Result<Vec<Option<String>>> {
        let mut ids = vec![None; events];
        for row in self.query(
            "SELECT fm.event_idx, fm.fused_id FROM fused_mentions fm
             JOIN documents d ON d.pk = fm.doc WHERE d.id = $1",
            &[&doc_id],
        )? {
            if let Some(slot) = ids.get_mut(count(row.get(0))) {
                *slot = Some(row.get(1));
            }
        }
        Ok(ids)
    }

    pub(crate) fn fused_event(&self, id: &str) -> Result<Option<FusedEvent>> {
        let Some(row) = self.query_opt(
            &format!("SELECT {FUSED_COLUMNS} FROM fused_events f WHERE f.id = $1"),
            &[&id],
        )?
        else {
            return Ok(None);
        };
        let mut event = fused_from_pg(&row)?;
        event.source_ids = self.fused_source_ids(id)?;
        Ok(Some(event))
    }

    pub(crate) fn fused_reports(&self, id: &str, limit: usize) -> Result<Vec<Report>> {
        Ok(self
            .query(
                "SELECT d.id, d.title, d.source, d.agency, d.dct, fm.event_idx
                 FROM fused_mentions fm JOIN documents d ON d.pk = fm.doc
                 WHERE fm.fused_id = $1 ORDER BY d.dct, d.pk, fm.event_idx LIMIT $2",
                &[&id, &sql_int(limit)],
            )?
            .iter()
            .map(|r| Report {
                doc_id: r.get(0),
                title: r.get(1),
                source: r.get(2),
                agency: r.get(3),
                dct: r.get(4),
                event_index: count(r.get(5)),
            })
            .collect())
    }

    pub(crate) fn timeline(&self, filter: &FusedFilter, bucket: Bucket) -> Result<Timeline> {
        let (predicate, values) = fused_predicate_in(filter, Dialect::Postgres);
        let mut periods: BTreeMap<String, (TimelineBucket, BTreeMap<String, usize>)> =
            BTreeMap::new();
        let mut undated = 0;
        for row in self.query_dynamic(
            &format!("SELECT f.date, f.type, f.mentions FROM fused_events f WHERE {predicate}"),
            &params(&values),
        )? {
            let date: Option<String> = row.get(0);
            let Some(period) = date.as_deref().and_then(|d| bucket.period(d)) else {
                undated += 1;
                continue;
            };
            let (entry, types) = periods.entry(period.clone()).or_default();
            entry.period = period;
            entry.events += 1;
            entry.mentions += count(row.get(2));
            *types.entry(row.get(1)).or_default() += 1;
        }
        let mut sources: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for row in self.query_dynamic(
            &format!(
                "SELECT DISTINCT f.date, coalesce(d.agency, d.source)
                 FROM fused_events f JOIN fused_mentions fm ON fm.fused_id = f.id
                 JOIN documents d ON d.pk = fm.doc
                 WHERE f.date IS NOT NULL AND {predicate}"
            ),
            &params(&values),
        )? {
            let date: String = row.get(0);
            if let Some(period) = bucket.period(&date) {
                sources.entry(period).or_default().insert(row.get(1));
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

    pub(crate) fn speakers(
        &self,
        q: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<Page<Speaker>> {
        let mut values: Vec<String> = Vec::new();
        let mut clauses = vec!["TRUE".to_string()];
        for word in q.unwrap_or("").split_whitespace() {
            values.push(format!("%{}%", escape_like(word)));
            clauses.push(format!(
                "name ILIKE {} ESCAPE '\\'",
                Dialect::Postgres.param(values.len())
            ));
        }
        let grouped = format!(
            "SELECT name, quotes, documents FROM speaker_totals WHERE {}",
            clauses.join(" AND ")
        );
        let total: i64 = self.query_dynamic(
            &format!("SELECT count(*) FROM ({grouped}) g"),
            &params(&values),
        )?[0]
            .get(0);
        let rows = self.query_dynamic(
            &format!(
                "{grouped} ORDER BY quotes DESC, name LIMIT {} OFFSET {}",
                sql_int(limit),
                sql_int(offset)
            ),
            &params(&values),
        )?;
        Ok(Page {
            total: count(total),
            offset,
            limit,
            items: rows
                .iter()
                .map(|r| Speaker {
                    name: r.get(0),
                    quotes: count(r.get(1)),
                    documents: count(r.get(2)),
                })
                .collect(),
        })
    }

    pub(crate) fn entity_page(
        &self,
        q: Option<&str>,
        kind: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<Page<EntitySummary>> {
        let mut values: Vec<String> = Vec::new();
        let mut clauses = vec!["TRUE".to_string()];
        for word in q.unwrap_or("").split_whitespace() {
            values.push(format!("%{}%", escape_like(word)));
            clauses.push(format!(
                "e.canonical ILIKE {} ESCAPE '\\'",
                Dialect::Postgres.param(values.len())
            ));
        }
        if let Some(kind) = kind.map(str::trim).filter(|k| !k.is_empty()) {
            values.push(kind.to_string());
            clauses.push(format!(
                "e.kind = {}",
                Dialect::Postgres.param(values.len())
            ));
        }
        let predicate = clauses.join(" AND ");
        let total: i64 = self.query_dynamic(
            &format!("SELECT count(*) FROM entity_totals e WHERE {predicate}"),
            &params(&values),
        )?[0]
            .get(0);
        let rows = self.query_dynamic(
            &format!(
                "SELECT e.canonical, e.kind, e.codes, e.country, e.documents, e.mentions
                 FROM entity_totals e WHERE {predicate}
                 ORDER BY e.documents DESC, e.canonical, e.kind LIMIT {} OFFSET {}",
                sql_int(limit),
                sql_int(offset)
            ),
            &params(&values),
        )?;
        let mut items = Vec::new();
        for row in rows {
            items.push(entity_summary(&row)?);
        }
        Ok(Page {
            total: count(total),
            offset,
            limit,
            items,
        })
    }

    pub(crate) fn entity(&self, name: &str, kind: Option<&str>) -> Result<Option<EntityRecord>> {
        let kind = kind.map(str::trim).filter(|k| !k.is_empty());
        let rows = self.query(
            "SELECT e.canonical, e.kind, max(e.codes), max(e.country),
                    count(DISTINCT e.doc) AS documents,
                    sum((SELECT count(*) FROM mentions m
                         WHERE m.doc = e.doc AND m.entity_idx = e.idx))::bigint
             FROM entities e
             WHERE lower(e.canonical) = lower($1::text) AND ($2::text IS NULL OR e.kind = $2::text)
             GROUP BY e.canonical, e.kind ORDER BY documents DESC, e.canonical, e.kind LIMIT 1",
            &[&name.trim(), &kind],
        )?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let summary = entity_summary(row)?;
        let (lat, lon) = self
            .query_opt(
                "SELECT lat, lon FROM entities
                 WHERE lower(canonical) = lower($1::text) AND kind = $2 AND lat IS NOT NULL
                 ORDER BY doc, idx LIMIT 1",
                &[&summary.name, &summary.kind],
            )?
            .map_or((None, None), |r| (r.get(0), r.get(1)));
        let roles = self
            .query(
                "SELECT e.role, min(d.dct), max(d.dct), count(DISTINCT e.doc) AS n
                 FROM entities e JOIN documents d ON d.pk = e.doc
                 WHERE lower(e.canonical) = lower($1::text) AND e.kind = $2
                   AND e.role IS NOT NULL
                 GROUP BY e.role ORDER BY min(d.dct), n DESC, e.role",
                &[&summary.name, &summary.kind],
            )?
            .iter()
            .map(|r| RoleSpan {
                role: r.get(0),
                first: r.get(1),
                last: r.get(2),
                documents: count(r.get(3)),
            })
            .collect();
        let timeline = self
            .query(
                "SELECT substr(d.dct, 1, 7) AS month, count(DISTINCT e.doc)
                 FROM entities e JOIN documents d ON d.pk = e.doc
                 WHERE lower(e.canonical) = lower($1::text) AND e.kind = $2
                   AND d.dct IS NOT NULL
                 GROUP BY month ORDER BY month",
                &[&summary.name, &summary.kind],
            )?
            .iter()
            .map(|r| (r.get(0), count(r.get(1))))
            .collect();
        Ok(Some(EntityRecord {
            summary,
            lat,
            lon,
            roles,
            timeline,
        }))
    }

    pub(crate) fn entity_documents(
        &self,
        name: &str,
        kind: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Page<DocumentSummary>> {
        let total = self.count(
            "SELECT count(DISTINCT e.doc) FROM entities e
             WHERE lower(e.canonical) = lower($1::text) AND e.kind = $2",
            &[&name, &kind],
        )?;
        let rows = self.query(
            &format!(
                "SELECT {SUMMARY_COLUMNS} FROM documents d
                 WHERE d.pk IN (SELECT e.doc FROM entities e
                                WHERE lower(e.canonical) = lower($1::text) AND e.kind = $2)
                 ORDER BY d.dct IS NULL, d.dct DESC, d.pk DESC LIMIT $3 OFFSET $4"
            ),
            &[&name, &kind, &sql_int(limit), &sql_int(offset)],
        )?;
        Ok(Page {
            total,
            offset,
            limit,
            items: rows.iter().map(|r| summary_from_row(r, false)).collect(),
        })
    }

    pub(crate) fn map_places(&self, filter: &FusedFilter) -> Result<(Vec<MapPlace>, usize)> {
        let (predicate, values) = fused_predicate_in(filter, Dialect::Postgres);
        let rows = self.query_dynamic(
            &format!(
                "SELECT f.id, f.type, f.place, f.sources FROM fused_events f WHERE {predicate}
                 ORDER BY f.date IS NULL, f.date, f.id"
            ),
            &params(&values),
        )?;
        let mut places: BTreeMap<String, (MapPlace, BTreeMap<String, usize>)> = BTreeMap::new();
        let mut without = 0;
        let mut known: BTreeMap<String, Option<(f64, f64)>> = BTreeMap::new();
        for row in rows {
            let Some(place): Option<String> = row.get(2) else {
                without += 1;
                continue;
            };
            if !known.contains_key(&place) {
                let found = self
                    .query_opt(
                        "SELECT lat, lon FROM entities
                         WHERE lower(canonical) = lower($1::text) AND lat IS NOT NULL
                         ORDER BY doc, idx LIMIT 1",
                        &[&place],
                    )?
                    .map(|r| (r.get(0), r.get(1)));
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
            entry.sources += count(row.get(3));
            if entry.event_ids.len() < MAP_EVENT_IDS {
                entry.event_ids.push(row.get(0));
            }
            *types.entry(row.get(1)).or_default() += 1;
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

    pub(crate) fn fused_event_count(&self) -> Result<usize> {
        self.count("SELECT count(*) FROM fused_events", &[])
    }
}
