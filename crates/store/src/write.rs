//! Writing: one transaction per batch, each document with all its layers and its
//! full-text entry, duplicates skipped and counted.

use crate::{Result, Sqlite, StoreError};
use annalist_core::{Document, Entity, EntityKind, Event, Quote};
use rusqlite::{params, Transaction};

/// What a batch did: how many documents were new, and the ids already in the store (or
/// repeated inside the batch), which were skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    pub stored: usize,
    pub duplicates: Vec<String>,
}

impl Sqlite {
    /// Stores `docs` in ONE transaction: either every new document is stored with all
    /// its layers, or (on any error) nothing is. A document whose id is already stored
    /// is skipped and listed in [`BatchOutcome::duplicates`], never an error.
    pub fn insert_batch(&mut self, docs: &[Document]) -> Result<BatchOutcome> {
        let tx = self.conn.transaction()?;
        let mut outcome = BatchOutcome::default();
        let mut stored_keys: Option<(i64, i64)> = None;
        for doc in docs {
            match insert_document(&tx, doc)? {
                Some(pk) => {
                    outcome.stored += 1;
                    stored_keys =
                        Some(stored_keys.map_or((pk, pk), |(lo, hi)| (lo.min(pk), hi.max(pk))));
                }
                None => outcome.duplicates.push(doc.id.clone()),
            }
        }
        if let Some((first, last)) = stored_keys {
            // Keys from `first` to `last` are exactly this batch's documents: the batch
            // holds the write lock, and the integer key only grows.
            tx.prepare_cached(
                "INSERT INTO documents_fts (rowid, title, text)
                 SELECT pk, title, text FROM documents WHERE pk BETWEEN ?1 AND ?2",
            )?
            .execute([first, last])?;
            add_totals(&tx, first, last)?;
        }
        // The batch's events join the fused events, in the same transaction.
        crate::fuse::fuse_pending(&tx)?;
        tx.commit()?;
        Ok(outcome)
    }
}

/// Adds the documents with keys `first..=last` (one batch) to the entity and speaker
/// totals the browsing queries read.
fn add_totals(tx: &Transaction<'_>, first: i64, last: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO entity_totals (canonical, kind, codes, country, documents, mentions)
         SELECT e.canonical, e.kind, max(e.codes), max(e.country), count(DISTINCT e.doc),
                coalesce(sum(m.n), 0)
         FROM entities e
         LEFT JOIN (SELECT doc, entity_idx, count(*) AS n FROM mentions
                    WHERE doc BETWEEN ?1 AND ?2 GROUP BY doc, entity_idx) m
                ON m.doc = e.doc AND m.entity_idx = e.idx
         WHERE e.doc BETWEEN ?1 AND ?2
         GROUP BY e.canonical, e.kind
         ON CONFLICT (canonical, kind) DO UPDATE SET
             documents = documents + excluded.documents,
             mentions = mentions + excluded.mentions,
             codes = excluded.codes,
             country = coalesce(excluded.country, country)",
    )?
    .execute([first, last])?;
    tx.prepare_cached(
        "INSERT INTO speaker_totals (name, quotes, documents)
         SELECT coalesce(speaker_canonical, speaker_text) AS name, count(*), count(DISTINCT doc)
         FROM quotes
         WHERE doc BETWEEN ?1 AND ?2 AND coalesce(speaker_canonical, speaker_text) IS NOT NULL
         GROUP BY name
         ON CONFLICT (name) DO UPDATE SET
             quotes = quotes + excluded.quotes,
             documents = documents + excluded.documents",
    )?
    .execute([first, last])?;
    Ok(())
}

/// Inserts one document and its layers (not its full-text entry); returns its integer
/// key, or `None` if its id is already stored.
pub(crate) fn insert_document(tx: &Transaction<'_>, doc: &Document) -> Result<Option<i64>> {
    // The text has a column of its own (the full-text index reads it there), so the
    // JSON leaves it out rather than store it twice.
    let json = document_json(doc)?;
    let inserted = tx
        .prepare_cached(
            "INSERT INTO documents (id, source, external_id, url, title, dct, agency,
                 dateline_place, language, supported, text, json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            doc.id,
            doc.source,
            doc.external_id,
            doc.url,
            doc.title,
            doc.dct.map(|d| d.to_string()),
            doc.agency,
            doc.dateline.as_ref().map(|d| d.place.as_str()),
            doc.language,
            doc.supported,
            doc.text,
            json,
        ])?;
    if inserted == 0 {
        return Ok(None);
    }
    let pk = tx.last_insert_rowid();
    insert_timexes(tx, pk, doc)?;
    insert_entities(tx, pk, doc)?;
    insert_quotes(tx, pk, doc)?;
    insert_events(tx, pk, doc)?;
    Ok(Some(pk))
}

fn insert_timexes(tx: &Transaction<'_>, pk: i64, doc: &Document) -> Result<()> {
    if doc.timexes.is_empty() {
        return Ok(());
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO timexes (doc, idx, start, end, text, type, value, mod)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (idx, timex) in doc.timexes.iter().enumerate() {
        stmt.execute(params![
            pk,
            idx as i64,
            timex.span.start as i64,
            timex.span.end as i64,
            timex.text,
            timex.kind.as_str(),
            timex.value,
            timex.modifier,
        ])?;
    }
    Ok(())
}

fn insert_entities(tx: &Transaction<'_>, pk: i64, doc: &Document) -> Result<()> {
    if doc.entities.is_empty() {
        return Ok(());
    }
    let mut entity_stmt = tx.prepare_cached(
        "INSERT INTO entities (doc, idx, entity_id, canonical, surname, kind, codes, role,
             country, lat, lon)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut mention_stmt = tx.prepare_cached(
        "INSERT INTO mentions (doc, entity_idx, idx, start, end, text, how)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (idx, entity) in doc.entities.iter().enumerate() {
        entity_stmt.execute(params![
            pk,
            idx as i64,
            entity.id,
            entity.canonical,
            surname(entity),
            entity.kind.as_str(),
            json_array(&entity.codes),
            entity.role,
            entity.country,
            entity.geo.as_ref().map(|g| g.lat),
            entity.geo.as_ref().map(|g| g.lon),
        ])?;
        for (mention_idx, mention) in entity.mentions.iter().enumerate() {
            mention_stmt.execute(params![
                pk,
                idx as i64,
                mention_idx as i64,
                mention.span.start as i64,
                mention.span.end as i64,
                mention.text,
                mention.how,
            ])?;
        }
    }
    Ok(())
}

fn insert_quotes(tx: &Transaction<'_>, pk: i64, doc: &Document) -> Result<()> {
    if doc.quotes.is_empty() {
        return Ok(());
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO quotes (doc, idx, start, end, kind, text, speaker_entity, speaker_text,
             speaker_canonical, speaker_surname, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (idx, quote) in doc.quotes.iter().enumerate() {
        let row = quote_row(doc, quote)?;
        stmt.execute(params![
            pk,
            idx as i64,
            quote.span.start as i64,
            quote.span.end as i64,
            row.kind,
            quote.text,
            row.speaker_entity,
            row.speaker_text,
            row.speaker_canonical,
            row.speaker_surname,
            row.json,
        ])?;
    }
    Ok(())
}

fn insert_events(tx: &Transaction<'_>, pk: i64, doc: &Document) -> Result<()> {
    if doc.events.is_empty() {
        return Ok(());
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO events (doc, idx, event_id, type, mode, cameo, date, sort_date, place,
             negated, modality, actors, recipients, party_names, party_codes, goldstein,
             quad_class, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18)",
    )?;
    for (idx, event) in doc.events.iter().enumerate() {
        let row = event_row(doc, event)?;
        stmt.execute(params![
            pk,
            idx as i64,
            event.id,
            event.kind,
            event.mode,
            event.cameo,
            row.date,
            row.sort_date,
            row.place,
            event.negated,
            event.modality,
            row.actors,
            row.recipients,
            row.party_names,
            row.party_codes,
            event.goldstein.map(f64::from),
            event.quad_class,
            row.json,
        ])?;
    }
    Ok(())
}

/// A document's JSON as stored: without its text, which has a column of its own (the
/// full-text index reads it there).
pub(crate) fn document_json(doc: &Document) -> Result<String> {
    let mut without_text = doc.clone();
    without_text.text = String::new();
    serde_json::to_string(&without_text).map_err(|source| StoreError::Serialise {
        id: doc.id.clone(),
        source,
    })
}

/// The columns of a `quotes` row that are computed (the others are the quote's fields).
pub(crate) struct QuoteRow<'d> {
    pub kind: &'static str,
    pub speaker_entity: Option<&'d str>,
    pub speaker_text: Option<&'d str>,
    pub speaker_canonical: Option<&'d str>,
    pub speaker_surname: Option<&'d str>,
    /// The Quote JSON, less `text`.
    pub json: String,
}

pub(crate) fn quote_row<'d>(doc: &'d Document, quote: &'d Quote) -> Result<QuoteRow<'d>> {
    let speaker = quote.speaker.as_ref();
    let entity = speaker
        .and_then(|s| s.entity.as_deref())
        .and_then(|id| doc.entity(id));
    // As for documents, the text is in its own column only.
    let json = {
        let mut without_text = quote.clone();
        without_text.text = String::new();
        serde_json::to_string(&without_text).map_err(|source| StoreError::Serialise {
            id: doc.id.clone(),
            source,
        })?
    };
    let kind = match quote.kind {
        annalist_core::QuoteKind::Direct => "direct",
        annalist_core::QuoteKind::Indirect => "indirect",
        annalist_core::QuoteKind::Mixed => "mixed",
    };
    Ok(QuoteRow {
        kind,
        speaker_entity: speaker.and_then(|s| s.entity.as_deref()),
        speaker_text: speaker.map(|s| s.text.as_str()),
        speaker_canonical: entity.map(|e| e.canonical.as_str()),
        speaker_surname: entity.and_then(surname),
        json,
    })
}

/// The columns of an `events` row that are computed (the others are the event's fields).
pub(crate) struct EventRow<'d> {
    /// The text's own date (a dispatch date standing in is `sort_date` only).
    pub date: Option<&'d str>,
    pub sort_date: Option<String>,
    pub place: Option<&'d str>,
    pub actors: String,
    pub recipients: String,
    pub party_names: String,
    pub party_codes: String,
    pub json: String,
}

pub(crate) fn event_row<'d>(doc: &'d Document, event: &'d Event) -> Result<EventRow<'d>> {
    let dct = doc.dct.map(|d| d.to_string());
    let actors = parties(doc, &event.actor);
    let recipients = parties(doc, &event.recipient);
    let mut names = String::from("|");
    let mut codes = String::from("|");
    for entity in actors.iter().chain(&recipients) {
        names.push_str(&entity.canonical.to_lowercase());
        names.push('|');
        if let Some(surname) = surname(entity) {
            names.push_str(&surname.to_lowercase());
            names.push('|');
        }
        for code in &entity.codes {
            codes.push_str(&code.to_uppercase());
            codes.push('|');
        }
    }
    // `date` is the text's own date: a dispatch date standing in is `sort_date` only
    // (the event's `date_source` and `confidence` are in its `json`).
    let date = match event.date_source.as_deref() {
        Some("dispatch") => None,
        _ => event.date.as_deref(),
    };
    let sort_date = date.and_then(calendar_prefix).map(str::to_string).or(dct);
    let json = serde_json::to_string(event).map_err(|source| StoreError::Serialise {
        id: doc.id.clone(),
        source,
    })?;
    Ok(EventRow {
        date,
        sort_date,
        place: event
            .place
            .as_deref()
            .and_then(|id| doc.entity(id))
            .map(|e| e.canonical.as_str()),
        actors: parties_json(&actors),
        recipients: parties_json(&recipients),
        party_names: names,
        party_codes: codes,
        json,
    })
}

/// The entities an event refers to by id (unknown ids are left out).
fn parties<'d>(doc: &'d Document, ids: &[String]) -> Vec<&'d Entity> {
    ids.iter().filter_map(|id| doc.entity(id)).collect()
}

/// `[[canonical, [codes]], ...]`
fn parties_json(entities: &[&Entity]) -> String {
    let value: Vec<(&str, &[String])> = entities
        .iter()
        .map(|e| (e.canonical.as_str(), e.codes.as_slice()))
        .collect();
    serde_json::to_string(&value).unwrap_or_else(|_| "[]".to_string())
}

pub(crate) fn json_array(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".to_string())
}

/// A person's surname: the last word of the canonical name (`Sergei Lavrov` → `Lavrov`).
/// Other kinds have none: the last word of `Foreign Ministry` names nothing.
pub(crate) fn surname(entity: &Entity) -> Option<&str> {
    if entity.kind != EntityKind::Person {
        return None;
    }
    let last = entity.canonical.split_whitespace().next_back()?;
    (last.len() < entity.canonical.trim().len()).then_some(last)
}

/// The calendar part of a TIMEX3 value: `2021-12-17`, `2022-01`, `2022`, `199` (a
/// decade), `20` (a century); `None` for `PRESENT_REF`, `XXXX-12-17`, durations.
/// Weeks, quarters and seasons keep only their year; times keep only their day.
pub(crate) fn calendar_prefix(value: &str) -> Option<&str> {
    let bytes = value.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(2..=4).contains(&digits) {
        return None;
    }
    if digits < 4 {
        return value.get(..digits).filter(|_| bytes.len() == digits);
    }
    let two_digits_at = |at: usize| {
        bytes.get(at) == Some(&b'-')
            && bytes
                .get(at + 1..at + 3)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let mut end = 4;
    if two_digits_at(end) {
        end += 3;
        if two_digits_at(end) {
            end += 3;
        }
    }
    value.get(..end)
}
