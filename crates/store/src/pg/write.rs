//! Writing on PostgreSQL: one transaction per batch under the writers' advisory lock,
//! each table written with one statement per batch (`INSERT ... SELECT FROM unnest` of
//! column arrays), the rows computed by the code the SQLite writer uses
//! (`crate::write`), duplicates skipped and counted.

use super::{lock_sql, Pg, WRITE_LOCK};
use crate::write::{document_json, event_row, json_array, quote_row, surname, BatchOutcome};
use crate::{Result, StoreError};
use annalist_core::Document;
use postgres::Transaction;
use std::collections::HashSet;

impl Pg {
    pub(crate) fn insert_batch(&mut self, docs: &[Document]) -> Result<BatchOutcome> {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.shown.clone(),
            });
        }
        let client = self.client.get_mut();
        let mut tx = client.transaction()?;
        // One writer at a time: keys stay consecutive per batch, and what another
        // writer committed is seen (duplicates, fused events).
        tx.batch_execute(&lock_sql(WRITE_LOCK))?;
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        let stored: HashSet<String> = tx
            .query("SELECT id FROM documents WHERE id = ANY($1)", &[&ids])?
            .iter()
            .map(|row| row.get(0))
            .collect();
        let mut outcome = BatchOutcome::default();
        let mut seen: HashSet<&str> = HashSet::new();
        let mut new: Vec<&Document> = Vec::new();
        for doc in docs {
            if stored.contains(&doc.id) || !seen.insert(&doc.id) {
                outcome.duplicates.push(doc.id.clone());
            } else {
                new.push(doc);
            }
        }
        if !new.is_empty() {
            let first: i64 = tx
                .query_one("SELECT coalesce(max(pk), 0) + 1 FROM documents", &[])?
                .get(0);
            let inserted = insert_documents(&mut tx, first, &new)?;
            outcome.stored = inserted;
            let last = first + new.len() as i64 - 1;
            add_totals(&mut tx, first, last)?;
        }
        // The batch's events join the fused events, in the same transaction.
        crate::fuse::fuse_some(&mut super::fuse::PgFusion(&mut tx), None)?;
        tx.commit()?;
        Ok(outcome)
    }
}

/// Inserts `docs` with keys `first..` and all their layers; returns how many were
/// stored (a document another writer stored meanwhile cannot be: the lock is held).
fn insert_documents(tx: &mut Transaction<'_>, first: i64, docs: &[&Document]) -> Result<usize> {
    let mut d = DocumentColumns::default();
    let mut t = TimexColumns::default();
    let mut e = EntityColumns::default();
    let mut m = MentionColumns::default();
    let mut q = QuoteColumns::default();
    let mut v = EventColumns::default();
    for (n, doc) in docs.iter().enumerate() {
        let pk = first + n as i64;
        d.pk.push(pk);
        d.id.push(doc.id.clone());
        d.source.push(doc.source.clone());
        d.external_id.push(doc.external_id.clone());
        d.url.push(doc.url.clone());
        d.title.push(doc.title.clone());
        d.dct.push(doc.dct.map(|x| x.to_string()));
        d.agency.push(doc.agency.clone());
        d.dateline_place
            .push(doc.dateline.as_ref().map(|x| x.place.clone()));
        d.language.push(doc.language.clone());
        d.supported.push(doc.supported);
        d.text.push(doc.text.clone());
        d.json.push(document_json(doc)?);
        for (idx, timex) in doc.timexes.iter().enumerate() {
            t.doc.push(pk);
            t.idx.push(idx as i64);
            t.start.push(timex.span.start as i64);
            t.end.push(timex.span.end as i64);
            t.text.push(timex.text.clone());
            t.kind.push(timex.kind.as_str().to_string());
            t.value.push(timex.value.clone());
            t.modifier.push(timex.modifier.clone());
        }
        for (idx, entity) in doc.entities.iter().enumerate() {
            e.doc.push(pk);
            e.idx.push(idx as i64);
            e.entity_id.push(entity.id.clone());
            e.canonical.push(entity.canonical.clone());
            e.surname.push(surname(entity).map(str::to_string));
            e.kind.push(entity.kind.as_str().to_string());
            e.codes.push(json_array(&entity.codes));
            e.role.push(entity.role.clone());
            e.country.push(entity.country.clone());
            e.lat.push(entity.geo.as_ref().map(|g| g.lat));
            e.lon.push(entity.geo.as_ref().map(|g| g.lon));
            for (mention_idx, mention) in entity.mentions.iter().enumerate() {
                m.doc.push(pk);
                m.entity_idx.push(idx as i64);
                m.idx.push(mention_idx as i64);
                m.start.push(mention.span.start as i64);
                m.end.push(mention.span.end as i64);
                m.text.push(mention.text.clone());
                m.how.push(mention.how.clone());
            }
        }
        for (idx, quote) in doc.quotes.iter().enumerate() {
            let row = quote_row(doc, quote)?;
            q.doc.push(pk);
            q.idx.push(idx as i64);
            q.start.push(quote.span.start as i64);
            q.end.push(quote.span.end as i64);
            q.kind.push(row.kind.to_string());
            q.text.push(quote.text.clone());
            q.speaker_entity
                .push(row.speaker_entity.map(str::to_string));
            q.speaker_text.push(row.speaker_text.map(str::to_string));
            q.speaker_canonical
                .push(row.speaker_canonical.map(str::to_string));
            q.speaker_surname
                .push(row.speaker_surname.map(str::to_string));
            q.json.push(row.json);
        }
        for (idx, event) in doc.events.iter().enumerate() {
            let row = event_row(doc, event)?;
            v.doc.push(pk);
            v.idx.push(idx as i64);
            v.event_id.push(event.id.clone());
            v.kind.push(event.kind.clone());
            v.mode.push(event.mode.clone());
            v.cameo.push(event.cameo.clone());
            v.date.push(row.date.map(str::to_string));
            v.sort_date.push(row.sort_date);
            v.place.push(row.place.map(str::to_string));
            v.negated.push(event.negated);
            v.modality.push(event.modality.clone());
            v.actors.push(row.actors);
            v.recipients.push(row.recipients);
            v.party_names.push(row.party_names);
            v.party_codes.push(row.party_codes);
            v.goldstein.push(event.goldstein.map(f64::from));
            v.quad_class.push(event.quad_class.map(i64::from));
            v.json.push(row.json);
        }
    }
    let stored = tx.execute(
        "INSERT INTO documents (pk, id, source, external_id, url, title, dct, agency,
             dateline_place, language, supported, text, json)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[],
             $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::boolean[],
             $12::text[], $13::text[])
         ON CONFLICT (id) DO NOTHING",
        &[
            &d.pk,
            &d.id,
            &d.source,
            &d.external_id,
            &d.url,
            &d.title,
            &d.dct,
            &d.agency,
            &d.dateline_place,
            &d.language,
            &d.supported,
            &d.text,
            &d.json,
        ],
    )?;
    if !t.doc.is_empty() {
        tx.execute(
            "INSERT INTO timexes (doc, idx, start, \"end\", text, type, value, mod)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[],
                 $5::text[], $6::text[], $7::text[], $8::text[])",
            &[
                &t.doc,
                &t.idx,
                &t.start,
                &t.end,
                &t.text,
                &t.kind,
                &t.value,
                &t.modifier,
            ],
        )?;
    }
    if !e.doc.is_empty() {
        tx.execute(
            "INSERT INTO entities (doc, idx, entity_id, canonical, surname, kind, codes, role,
                 country, lat, lon)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[],
                 $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                 $10::float8[], $11::float8[])",
            &[
                &e.doc,
                &e.idx,
                &e.entity_id,
                &e.canonical,
                &e.surname,
                &e.kind,
                &e.codes,
                &e.role,
                &e.country,
                &e.lat,
                &e.lon,
            ],
        )?;
    }
    if !m.doc.is_empty() {
        tx.execute(
            "INSERT INTO mentions (doc, entity_idx, idx, start, \"end\", text, how)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[],
                 $5::bigint[], $6::text[], $7::text[])",
            &[
                &m.doc,
                &m.entity_idx,
                &m.idx,
                &m.start,
                &m.end,
                &m.text,
                &m.how,
            ],
        )?;
    }
    if !q.doc.is_empty() {
        tx.execute(
            "INSERT INTO quotes (doc, idx, start, \"end\", kind, text, speaker_entity,
                 speaker_text, speaker_canonical, speaker_surname, json)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[],
                 $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                 $11::text[])",
            &[
                &q.doc,
                &q.idx,
                &q.start,
                &q.end,
                &q.kind,
                &q.text,
                &q.speaker_entity,
                &q.speaker_text,
                &q.speaker_canonical,
                &q.speaker_surname,
                &q.json,
            ],
        )?;
    }
    if !v.doc.is_empty() {
        tx.execute(
            "INSERT INTO events (doc, idx, event_id, type, mode, cameo, date, sort_date,
                 place, negated, modality, actors, recipients, party_names, party_codes,
                 goldstein, quad_class, json)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[],
                 $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[],
                 $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
                 $16::float8[], $17::bigint[], $18::text[])",
            &[
                &v.doc,
                &v.idx,
                &v.event_id,
                &v.kind,
                &v.mode,
                &v.cameo,
                &v.date,
                &v.sort_date,
                &v.place,
                &v.negated,
                &v.modality,
                &v.actors,
                &v.recipients,
                &v.party_names,
                &v.party_codes,
                &v.goldstein,
                &v.quad_class,
                &v.json,
            ],
        )?;
    }
    Ok(usize::try_from(stored).unwrap_or(0))
}

#[derive(Default)]
struct DocumentColumns {
    pk: Vec<i64>,
    id: Vec<String>,
    source: Vec<String>,
    external_id: Vec<Option<String>>,
    url: Vec<Option<String>>,
    title: Vec<Option<String>>,
    dct: Vec<Option<String>>,
    agency: Vec<Option<String>>,
    dateline_place: Vec<Option<String>>,
    language: Vec<String>,
    supported: Vec<bool>,
    text: Vec<String>,
    json: Vec<String>,
}

#[derive(Default)]
struct TimexColumns {
    doc: Vec<i64>,
    idx: Vec<i64>,
    start: Vec<i64>,
    end: Vec<i64>,
    text: Vec<String>,
    kind: Vec<String>,
    value: Vec<String>,
    modifier: Vec<Option<String>>,
}

#[derive(Default)]
struct EntityColumns {
    doc: Vec<i64>,
    idx: Vec<i64>,
    entity_id: Vec<String>,
    canonical: Vec<String>,
    surname: Vec<Option<String>>,
    kind: Vec<String>,
    codes: Vec<String>,
    role: Vec<Option<String>>,
    country: Vec<Option<String>>,
    lat: Vec<Option<f64>>,
    lon: Vec<Option<f64>>,
}

#[derive(Default)]
struct MentionColumns {
    doc: Vec<i64>,
    entity_idx: Vec<i64>,
    idx: Vec<i64>,
    start: Vec<i64>,
    end: Vec<i64>,
    text: Vec<String>,
    how: Vec<Option<String>>,
}

#[derive(Default)]
struct QuoteColumns {
    doc: Vec<i64>,
    idx: Vec<i64>,
    start: Vec<i64>,
    end: Vec<i64>,
    kind: Vec<String>,
    text: Vec<String>,
    speaker_entity: Vec<Option<String>>,
    speaker_text: Vec<Option<String>>,
    speaker_canonical: Vec<Option<String>>,
    speaker_surname: Vec<Option<String>>,
    json: Vec<String>,
}

#[derive(Default)]
struct EventColumns {
    doc: Vec<i64>,
    idx: Vec<i64>,
    event_id: Vec<String>,
    kind: Vec<String>,
    mode: Vec<Option<String>>,
    cameo: Vec<String>,
    date: Vec<Option<String>>,
    sort_date: Vec<Option<String>>,
    place: Vec<Option<String>>,
    negated: Vec<bool>,
    modality: Vec<String>,
    actors: Vec<String>,
    recipients: Vec<String>,
    party_names: Vec<String>,
    party_codes: Vec<String>,
    goldstein: Vec<Option<f64>>,
    quad_class: Vec<Option<i64>>,
    json: Vec<String>,
}

/// Adds the documents with keys `first..=last` (one batch) to the entity and speaker
/// totals, as the SQLite writer does.
fn add_totals(tx: &mut Transaction<'_>, first: i64, last: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO entity_totals (canonical, kind, codes, country, documents, mentions)
         SELECT e.canonical, e.kind, max(e.codes), max(e.country), count(DISTINCT e.doc),
                coalesce(sum(m.n), 0)::bigint
         FROM entities e
         LEFT JOIN (SELECT doc, entity_idx, count(*) AS n FROM mentions
                    WHERE doc BETWEEN $1 AND $2 GROUP BY doc, entity_idx) m
                ON m.doc = e.doc AND m.entity_idx = e.idx
         WHERE e.doc BETWEEN $1 AND $2
         GROUP BY e.canonical, e.kind
         ON CONFLICT (canonical, kind) DO UPDATE SET
             documents = entity_totals.documents + excluded.documents,
             mentions = entity_totals.mentions + excluded.mentions,
             codes = excluded.codes,
             country = coalesce(excluded.country, entity_totals.country)",
        &[&first, &last],
    )?;
    tx.execute(
        "INSERT INTO speaker_totals (name, quotes, documents)
         SELECT coalesce(speaker_canonical, speaker_text) AS name, count(*), count(DISTINCT doc)
         FROM quotes
         WHERE doc BETWEEN $1 AND $2 AND coalesce(speaker_canonical, speaker_text) IS NOT NULL
         GROUP BY 1
         ON CONFLICT (name) DO UPDATE SET
             quotes = speaker_totals.quotes + excluded.quotes,
             documents = speaker_totals.documents + excluded.documents",
        &[&first, &last],
    )?;
    Ok(())
}
