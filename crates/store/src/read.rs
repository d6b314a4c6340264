//! Reading: documents by id or id prefix, every document in order, full-text search,
//! statistics, quotations by speaker and events in date order.

use crate::{restore_tokens, Result, Sqlite, Store, StoreError};
use annalist_core::{Document, Event, Quote};
use rusqlite::{params, ErrorCode, OptionalExtension, Row};

/// One full-text search result, best first.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    pub doc_id: String,
    pub title: Option<String>,
    pub source: String,
    /// Dispatch date, `YYYY-MM-DD`.
    pub dct: Option<String>,
    /// A few words around the matches, each match between `[` and `]`.
    pub snippet: String,
    /// BM25 rank (lower is better, as SQLite reports it).
    pub score: f64,
}

/// Counts of what the store holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stats {
    pub schema_version: i64,
    pub documents: usize,
    /// Documents kept but not analysed (not English).
    pub unsupported: usize,
    /// Documents without a dispatch date.
    pub undated: usize,
    pub timexes: usize,
    pub entities: usize,
    pub mentions: usize,
    pub quotes: usize,
    pub events: usize,
    /// Earliest and latest dispatch date.
    pub first_dct: Option<String>,
    pub last_dct: Option<String>,
    /// Documents per agency, most first; `(none)` for documents without one.
    pub by_agency: Vec<(String, usize)>,
    /// Documents per detected language, most first.
    pub by_language: Vec<(String, usize)>,
    /// Events per PLOVER type, most first.
    pub event_types: Vec<(String, usize)>,
}

impl Stats {
    /// The statistics as JSON: counts, the date range, and each histogram as an object
    /// from key to count (what `annalist stats --format json` and `/api/stats` print).
    pub fn to_json(&self) -> serde_json::Value {
        let histogram = |pairs: &[(String, usize)]| {
            pairs
                .iter()
                .map(|(key, n)| (key.clone(), serde_json::Value::from(*n)))
                .collect::<serde_json::Map<_, _>>()
        };
        serde_json::json!({
            "schema_version": self.schema_version,
            "documents": self.documents,
            "unsupported": self.unsupported,
            "undated": self.undated,
            "timexes": self.timexes,
            "entities": self.entities,
            "mentions": self.mentions,
            "quotes": self.quotes,
            "events": self.events,
            "first_dct": self.first_dct,
            "last_dct": self.last_dct,
            "by_agency": histogram(&self.by_agency),
            "by_language": histogram(&self.by_language),
            "event_types": histogram(&self.event_types),
        })
    }
}

/// A stored quotation with the document it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredQuote {
    pub doc_id: String,
    pub source: String,
    pub title: Option<String>,
    pub dct: Option<String>,
    pub quote: Quote,
    /// The speaker entity's canonical name when the speaker is resolved, else the
    /// speaker as written, else `None` (no speaker found).
    pub speaker_name: Option<String>,
}

/// Which events [`Store::events`] returns; `None` fields do not filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// A participant (actor or recipient): its canonical name or a person's surname
    /// (case-insensitive), or an actor code or code prefix (`RUS` matches `RUSGOV`).
    pub actor: Option<String>,
    /// Earliest date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (inclusive). An event dated only
    /// to a month or year is kept if that period reaches the bound.
    pub from: Option<String>,
    /// Latest date (inclusive), same forms.
    pub to: Option<String>,
    /// PLOVER type (`CONSULT`, case-insensitive) or a CAMEO code prefix (`04`, `042`).
    pub kind: Option<String>,
    /// A recipient, matched as `actor` is.
    pub recipient: Option<String>,
    /// Two parties, one among the actors and the other among the recipients, either way.
    pub dyad: Option<(String, String)>,
    /// With a date window, keep events dated coarser than the window (`2017` in a window
    /// of days) and events the text gives no date for (dated by their dispatch only);
    /// without it they are left out, so a window holds only events known to be in it.
    pub coarse_dates: bool,
}

/// Which stored quotations to list.
#[derive(Clone, Debug, Default)]
pub struct QuoteFilter {
    /// The speaker: canonical name, surname or source as written (case-insensitive), or
    /// whole words of the source as written.
    pub speaker: Option<String>,
    /// Earliest dispatch date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (inclusive).
    pub from: Option<String>,
    /// Latest dispatch date (inclusive).
    pub to: Option<String>,
    /// Words the quotation's text holds (case-insensitive, each of them).
    pub about: Option<String>,
    /// Only quotations whose resolved speaker has this canonical name
    /// (case-insensitive): one entity's own quotations.
    pub canonical: Option<String>,
}

/// Whether a stored party `(canonical, codes)` is `who`: its canonical name or surname
/// (case-insensitive), or an actor code prefix (`RUS` matches `RUSGOV`).
fn party_is(party: &(String, Vec<String>), who: &str) -> bool {
    let who = who.trim();
    if who.is_empty() {
        return false;
    }
    let (name, codes) = party;
    name.eq_ignore_ascii_case(who)
        || name
            .rsplit(' ')
            .next()
            .is_some_and(|surname| surname.eq_ignore_ascii_case(who))
        || (who.len() >= 3
            && who.bytes().all(|b| b.is_ascii_alphanumeric())
            && codes.iter().any(|c| {
                c.to_ascii_uppercase()
                    .starts_with(&who.to_ascii_uppercase())
            }))
}

impl EventFilter {
    /// The role filters (`recipient`, `dyad`) the SQL query leaves to the reader.
    pub(crate) fn keeps(&self, event: &StoredEvent) -> bool {
        let among =
            |parties: &[(String, Vec<String>)], who: &str| parties.iter().any(|p| party_is(p, who));
        if let Some(r) = self.recipient.as_deref() {
            if !among(&event.recipients, r) {
                return false;
            }
        }
        if let Some((a, b)) = &self.dyad {
            let one_way = among(&event.actors, a) && among(&event.recipients, b);
            let other_way = among(&event.actors, b) && among(&event.recipients, a);
            if !one_way && !other_way {
                return false;
            }
        }
        true
    }
}

/// A stored event with its participants resolved to names and codes.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredEvent {
    pub doc_id: String,
    pub source: String,
    pub title: Option<String>,
    pub dct: Option<String>,
    pub event: Event,
    /// The date the event is ordered by: the calendar part of its TIMEX3 date, or the
    /// dispatch date when the event has no calendar date.
    pub date: Option<String>,
    /// `(canonical name, actor codes)` of each actor.
    pub actors: Vec<(String, Vec<String>)>,
    pub recipients: Vec<(String, Vec<String>)>,
    /// Canonical name of the place.
    pub place: Option<String>,
}

/// Every stored document in insertion order, read a page at a time so that memory
/// does not grow with the store.
pub struct DocumentIter<'s> {
    pub(crate) store: &'s Store,
    pub(crate) after: i64,
    pub(crate) page: std::vec::IntoIter<Result<Document>>,
    pub(crate) done: bool,
}

const PAGE: i64 = 64;

impl Iterator for DocumentIter<'_> {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(item) = self.page.next() {
            return Some(item);
        }
        if self.done {
            return None;
        }
        match self.store.page_after(self.after) {
            Ok((last, docs)) if !docs.is_empty() => {
                self.after = last;
                self.page = docs.into_iter();
                self.page.next()
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
    /// The document with this id, else with this external id (the input record's `id`)
    /// or URL, else with this unique id prefix.
    pub fn document(&self, id: &str) -> Result<Option<Document>> {
        let exact: Option<(String, String)> = self
            .conn
            .prepare_cached("SELECT json, text FROM documents WHERE id = ?1")?
            .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        if let Some((json, text)) = exact {
            return load(id, &json, text).map(Some);
        }
        // The input record's own id, or the document's URL.
        let external: Option<(String, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT id, json, text FROM documents WHERE external_id = ?1 OR url = ?1
                 ORDER BY pk LIMIT 1",
            )?
            .query_row([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?;
        if let Some((found, json, text)) = external {
            return load(&found, &json, text).map(Some);
        }
        let prefix = id.trim().to_ascii_lowercase();
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        // Ids are lowercase hex: every id starting with `prefix` sorts below `prefix + "g"`.
        let upper = format!("{prefix}g");
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM documents WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 6",
        )?;
        let found = stmt
            .query_map([&prefix, &upper], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
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
        let mut stmt = self.conn.prepare_cached(
            "SELECT pk, id, json, text FROM documents WHERE pk > ?1 ORDER BY pk LIMIT ?2",
        )?;
        let mut rows = stmt.query(params![after, PAGE])?;
        let mut last = after;
        let mut docs = Vec::new();
        while let Some(row) = rows.next()? {
            last = row.get(0)?;
            let id: String = row.get(1)?;
            let json: String = row.get(2)?;
            docs.push(load(&id, &json, row.get(3)?));
        }
        Ok((last, docs))
    }

    /// Full-text search over titles and texts (SQLite FTS5 query syntax: words,
    /// `"a phrase"`, `AND`/`OR`/`NOT`, `prefix*`, `title:word`), best matches first.
    ///
    /// A query FTS5 cannot parse is a [`StoreError::Query`]; [`fts_literal`] turns any
    /// text into a query that always parses.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        if query.trim().is_empty() {
            return Ok(Vec::new());
        }
        let query_error = |error: rusqlite::Error| match error {
            rusqlite::Error::SqliteFailure(ref failure, ref message)
                if failure.code == ErrorCode::Unknown =>
            {
                StoreError::Query {
                    query: query.to_string(),
                    message: message.clone().unwrap_or_else(|| failure.to_string()),
                }
            }
            other => StoreError::Sqlite(other),
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.source, d.dct,
                    snippet(documents_fts, -1, '[', ']', '…', 16), bm25(documents_fts)
             FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid
             WHERE documents_fts MATCH ?1
             ORDER BY rank
             LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut rows = stmt.query(params![query, limit]).map_err(query_error)?;
        let mut hits = Vec::new();
        while let Some(row) = rows.next().map_err(query_error)? {
            hits.push(SearchHit {
                doc_id: row.get(0)?,
                title: row.get(1)?,
                source: row.get(2)?,
                dct: row.get(3)?,
                snippet: row.get(4)?,
                score: row.get(5)?,
            });
        }
        Ok(hits)
    }

    /// Counts of documents and annotations, the date range, agencies, languages and
    /// event types.
    pub fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| -> Result<usize> {
            let n: i64 = self.conn.query_row(sql, [], |row| row.get(0))?;
            Ok(usize::try_from(n).unwrap_or(0))
        };
        let (first_dct, last_dct) =
            self.conn
                .query_row("SELECT min(dct), max(dct) FROM documents", [], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })?;
        Ok(Stats {
            schema_version: self.schema_version()?,
            documents: count("SELECT count(*) FROM documents")?,
            unsupported: count("SELECT count(*) FROM documents WHERE NOT supported")?,
            undated: count("SELECT count(*) FROM documents WHERE dct IS NULL")?,
            timexes: count("SELECT count(*) FROM timexes")?,
            entities: count("SELECT count(*) FROM entities")?,
            mentions: count("SELECT count(*) FROM mentions")?,
            quotes: count("SELECT count(*) FROM quotes")?,
            events: count("SELECT count(*) FROM events")?,
            first_dct,
            last_dct,
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
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([], |row| {
            let n: i64 = row.get(1)?;
            Ok((row.get(0)?, usize::try_from(n).unwrap_or(0)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One page of [`Store::quotes_matching`]: at most `limit` quotations after the
    /// first `offset`, and how many match in all. Only the page's quotations are decoded.
    pub fn quotes_page(
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
             WHERE (?1 IS NULL
                OR q.speaker_canonical = ?1 COLLATE NOCASE
                OR q.speaker_surname = ?1 COLLATE NOCASE
                OR q.speaker_text = ?1 COLLATE NOCASE
                OR (' ' || q.speaker_text || ' ') LIKE ?2 ESCAPE '\\')
               AND (?3 IS NULL OR (d.dct IS NOT NULL AND substr(d.dct, 1, length(?3)) >= ?3))
               AND (?4 IS NULL OR (d.dct IS NOT NULL AND substr(d.dct, 1, length(?4)) <= ?4))
               AND (?7 IS NULL OR q.speaker_canonical = ?7 COLLATE NOCASE)";
        let to_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        // Without words to look for, the database pages; with them, the text is read
        // here and only the page is decoded.
        let (sql_offset, sql_limit, total) = if words.is_empty() {
            let total: i64 = self
                .conn
                .prepare_cached(&format!("SELECT count(*) {MATCHING}"))?
                .query_row(
                    params![
                        speaker,
                        pattern,
                        from,
                        to,
                        None::<i64>,
                        None::<i64>,
                        canonical
                    ],
                    |r| r.get(0),
                )?;
            (
                to_i64(offset),
                to_i64(limit),
                usize::try_from(total).unwrap_or(0),
            )
        } else {
            (0, -1, 0)
        };
        // LIKE ignores the case of ASCII letters only: it narrows the rows for ASCII
        // words, and the check below decides.
        let mut narrow = String::new();
        let mut likes: Vec<String> = Vec::new();
        for word in words.iter().filter(|w| w.is_ascii()) {
            likes.push(format!("%{}%", escape_like(word)));
            narrow.push_str(&format!(
                " AND q.text LIKE ?{} ESCAPE '\\'",
                7 + likes.len()
            ));
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT d.id, d.source, d.title, d.dct, q.json, q.speaker_canonical,
                    q.speaker_text, q.text {MATCHING}{narrow}
             ORDER BY d.dct IS NULL, d.dct, q.doc, q.idx LIMIT ?5 OFFSET ?6"
        ))?;
        let mut values: Vec<&dyn rusqlite::ToSql> = vec![
            &speaker,
            &pattern,
            &from,
            &to,
            &sql_limit,
            &sql_offset,
            &canonical,
        ];
        values.extend(likes.iter().map(|l| l as &dyn rusqlite::ToSql));
        let rows = stmt.query_map(values.as_slice(), |row| {
            Ok(QuoteRow {
                doc_id: row.get(0)?,
                source: row.get(1)?,
                title: row.get(2)?,
                dct: row.get(3)?,
                json: row.get(4)?,
                canonical: row.get(5)?,
                written: row.get(6)?,
                text: row.get(7)?,
            })
        })?;
        page_quotes(
            rows.map(|row| row.map_err(StoreError::from)),
            &words,
            (offset, limit),
            total,
        )
    }

    /// Stored events matching `filter`, in date order (events without any date last).
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>> {
        let actor = given(&filter.actor);
        let name_pattern = actor.map(|a| format!("%|{}|%", escape_like(a)));
        // Only a word that could be a code is tried as a code prefix.
        let code_pattern = actor
            .filter(|a| a.len() >= 3 && a.bytes().all(|b| b.is_ascii_alphanumeric()))
            .map(|a| format!("%|{}%", escape_like(&a.to_ascii_uppercase())));
        let kind = given(&filter.kind);
        let cameo_prefix = kind
            .filter(|k| k.bytes().all(|b| b.is_ascii_digit()))
            .map(|k| format!("{k}%"));
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.source, d.title, d.dct, e.json, e.sort_date, e.actors,
                    e.recipients, e.place
             FROM events e JOIN documents d ON d.pk = e.doc
             WHERE (?1 IS NULL OR e.party_names LIKE ?1 ESCAPE '\\'
                    OR (?2 IS NOT NULL AND e.party_codes LIKE ?2 ESCAPE '\\'))
               AND (?3 IS NULL OR e.sort_date >= substr(?3, 1, length(e.sort_date)))
               AND (?4 IS NULL OR substr(e.sort_date, 1, length(?4)) <= ?4)
               AND (?5 IS NULL OR e.type = ?5 COLLATE NOCASE
                    OR (?6 IS NOT NULL AND e.cameo LIKE ?6))
               AND (?7 IS NULL
                    OR (e.date IS NOT NULL AND length(e.sort_date) >= ?7))
             ORDER BY e.sort_date IS NULL, e.sort_date, d.dct, e.doc, e.idx",
        )?;
        let from = given(&filter.from);
        let to = given(&filter.to);
        // The window's precision: an event must be dated at least as finely.
        let precision = if filter.coarse_dates {
            None
        } else {
            from.iter().chain(&to).map(|d| d.len() as i64).max()
        };
        let mut rows = stmt.query(params![
            name_pattern,
            code_pattern,
            from,
            to,
            kind,
            cameo_prefix,
            precision,
        ])?;
        let mut events = Vec::new();
        while let Some(row) = rows.next()? {
            let event = stored_event(row)?;
            if filter.keeps(&event) {
                events.push(event);
            }
        }
        Ok(events)
    }
}

fn stored_event(row: &Row<'_>) -> Result<StoredEvent> {
    let doc_id: String = row.get(0)?;
    let corrupt = |source| StoreError::Corrupt {
        id: doc_id.clone(),
        source,
    };
    let event = serde_json::from_str(&row.get::<_, String>(4)?).map_err(corrupt)?;
    let actors = serde_json::from_str(&row.get::<_, String>(6)?).map_err(corrupt)?;
    let recipients = serde_json::from_str(&row.get::<_, String>(7)?).map_err(corrupt)?;
    Ok(StoredEvent {
        source: row.get(1)?,
        title: row.get(2)?,
        dct: row.get(3)?,
        event,
        date: row.get(5)?,
        actors,
        recipients,
        place: row.get(8)?,
        doc_id,
    })
}

/// Parses a stored document's JSON, puts its text back and restores its token layer.
pub(crate) fn load(id: &str, json: &str, text: String) -> Result<Document> {
    let mut doc = load_without_tokens(id, json, text)?;
    restore_tokens(&mut doc);
    Ok(doc)
}

/// A stored document's JSON with its text and header offset put back, but not its
/// tokens: enough for readers that use only the annotation layers (the exports).
pub(crate) fn load_without_tokens(id: &str, json: &str, text: String) -> Result<Document> {
    let mut doc: Document = serde_json::from_str(json).map_err(|source| StoreError::Corrupt {
        id: id.to_string(),
        source,
    })?;
    doc.text = text;
    doc.body_start = annalist_core::text::find_header(&doc.text).map_or(0, |(_, body)| body);
    Ok(doc)
}

/// A filter value as given: trimmed, `None` when absent or blank.
pub(crate) fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern.
pub(crate) fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// A quotation row as both backends' `quotes_page` read it.
pub(crate) struct QuoteRow {
    pub doc_id: String,
    pub source: String,
    pub title: Option<String>,
    pub dct: Option<String>,
    pub json: String,
    pub canonical: Option<String>,
    pub written: Option<String>,
    pub text: String,
}

/// The page of quotations `(offset, limit)` of `rows`: with `words`, the rows are every
/// candidate and only those whose text holds each word count (into `total`, which starts
/// at 0) and are paged here; without, the database paged them and `total` is its count.
/// Only the page's quotations are decoded.
pub(crate) fn page_quotes(
    rows: impl Iterator<Item = Result<QuoteRow>>,
    words: &[String],
    (offset, limit): (usize, usize),
    mut total: usize,
) -> Result<(Vec<StoredQuote>, usize)> {
    let mut quotes = Vec::new();
    let mut seen = 0usize;
    for row in rows {
        let row = row?;
        if !words.is_empty() {
            let lower = row.text.to_lowercase();
            if !words.iter().all(|w| lower.contains(w.as_str())) {
                continue;
            }
            total += 1;
            seen += 1;
            if seen <= offset || quotes.len() >= limit {
                continue;
            }
        }
        let mut quote: Quote =
            serde_json::from_str(&row.json).map_err(|source| StoreError::Corrupt {
                id: row.doc_id.clone(),
                source,
            })?;
        quote.text = row.text;
        quotes.push(StoredQuote {
            source: row.source,
            title: row.title,
            dct: row.dct,
            doc_id: row.doc_id,
            quote,
            speaker_name: row.canonical.or(row.written),
        });
    }
    Ok((quotes, total))
}

/// Turns any text into an FTS5 query that always parses: each whitespace-separated
/// word becomes a quoted string (implicit AND), so `U.S. sanctions` searches for the
/// words as written instead of failing on the `.`.
pub fn fts_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push('"');
        out.push_str(&word.replace('"', "\"\""));
        out.push('"');
    }
    out
}

/// Which fused events [`Store::fused_events`] returns; `None` fields do not filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FusedFilter {
    /// An actor: canonical name or a person's surname (case-insensitive), or an actor
    /// code prefix in capitals (`RUS` matches `RUSGOV`).
    pub actor: Option<String>,
    /// A recipient, same forms.
    pub recipient: Option<String>,
    /// Two parties, one the actor and the other the recipient, either way round.
    pub dyad: Option<(String, String)>,
    /// PLOVER type (`CONSULT`, case-insensitive) or a CAMEO code prefix (`04`, `042`).
    pub kind: Option<String>,
    /// Earliest day, `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (inclusive); a fused event
    /// without a day is then left out.
    pub from: Option<String>,
    /// Latest day (inclusive), same forms.
    pub to: Option<String>,
    /// A participant in either role, same forms.
    pub party: Option<String>,
    /// Only events reported by at least this many sources (agencies or sites).
    pub min_sources: Option<usize>,
    /// Skip this many events, then return at most `limit`.
    pub offset: usize,
    pub limit: Option<usize>,
}

/// A fused event: one real-world event and every stored mention of it.
#[derive(Clone, Debug, PartialEq)]
pub struct FusedEvent {
    pub id: String,
    pub kind: String,
    pub cameo: String,
    /// The day its mentions share, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Whether some mention states that day (else only dispatch dates give it).
    pub dated: bool,
    pub place: Option<String>,
    /// `(canonical name, actor codes)`, most mentioned first.
    pub actors: Vec<(String, Vec<String>)>,
    pub recipients: Vec<(String, Vec<String>)>,
    pub mentions: usize,
    /// Distinct agencies or sites.
    pub sources: usize,
    /// Distinct documents.
    pub articles: usize,
    /// The external id (the input record's `id`) of each document reporting it, else
    /// the document id; sorted.
    pub source_ids: Vec<String>,
}

impl Sqlite {
    /// Fused events matching `filter` in date order (then by id), one page of them,
    /// and how many match in all.
    pub fn fused_events(&self, filter: &FusedFilter) -> Result<(Vec<FusedEvent>, usize)> {
        let (predicate, values) = fused_predicate(filter);
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM fused_events f WHERE {predicate}"),
            rusqlite::params_from_iter(values.iter()),
            |r| r.get(0),
        )?;
        let limit = filter
            .limit
            .and_then(|l| i64::try_from(l).ok())
            .unwrap_or(-1);
        let offset = i64::try_from(filter.offset).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {FUSED_COLUMNS} FROM fused_events f WHERE {predicate}
             ORDER BY f.date IS NULL, f.date, f.id LIMIT {limit} OFFSET {offset}"
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
        let mut events = Vec::new();
        while let Some(row) = rows.next()? {
            events.push(fused_from_row(row)?);
        }
        drop(rows);
        for event in &mut events {
            event.source_ids = self.fused_source_ids(&event.id)?;
        }
        Ok((events, usize::try_from(total).unwrap_or(0)))
    }

    /// The external ids (else document ids) of the documents reporting fused event `id`.
    pub fn fused_source_ids(&self, id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT coalesce(d.external_id, d.id) AS source
             FROM fused_mentions fm JOIN documents d ON d.pk = fm.doc
             WHERE fm.fused_id = ?1 ORDER BY source",
        )?;
        let ids = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(ids)
    }

    /// Every `(fused event id, external id or document id)` membership, by fused event:
    /// what a scorer of the fusion reads in one pass.
    pub fn fused_memberships(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT fm.fused_id, coalesce(d.external_id, d.id)
             FROM fused_mentions fm JOIN documents d ON d.pk = fm.doc
             ORDER BY 1, 2",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<(String, String)>>>()?;
        Ok(rows)
    }
}

/// The SQL predicate over `fused_events f` that `filter` asks for (paging aside), with
/// its numbered parameters.
pub(crate) fn fused_predicate(filter: &FusedFilter) -> (String, Vec<String>) {
    fused_predicate_in(filter, Dialect::Sqlite)
}

/// The SQL a query is written in: the backends differ in parameters (`?1`, `$1`),
/// case-insensitive comparison and pattern matching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    Postgres,
}

impl Dialect {
    /// Parameter `n` (every parameter of a filter is text).
    pub(crate) fn param(self, n: usize) -> String {
        match self {
            Dialect::Sqlite => format!("?{n}"),
            Dialect::Postgres => format!("${n}::text"),
        }
    }

    /// `LIKE` ignoring the case of ASCII letters (SQLite's `LIKE` does).
    pub(crate) fn like(self) -> &'static str {
        match self {
            Dialect::Sqlite => "LIKE",
            Dialect::Postgres => "ILIKE",
        }
    }

    /// `column = value`, ignoring case.
    pub(crate) fn equal_nocase(self, column: &str, value: &str) -> String {
        match self {
            Dialect::Sqlite => format!("{column} = {value} COLLATE NOCASE"),
            Dialect::Postgres => format!("lower({column}) = lower({value})"),
        }
    }

    /// The predicate that keeps every row.
    pub(crate) fn always(self) -> &'static str {
        match self {
            Dialect::Sqlite => "1",
            Dialect::Postgres => "TRUE",
        }
    }
}

/// [`fused_predicate`] in `dialect`.
pub(crate) fn fused_predicate_in(filter: &FusedFilter, dialect: Dialect) -> (String, Vec<String>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<String> = Vec::new();
    let p = |n: usize| dialect.param(n);
    let like = dialect.like();
    let party = |column: &str, who: &str, values: &mut Vec<String>| -> String {
        let who = who.trim();
        values.push(format!("%\"{}\"%", escape_like(who)));
        let exact = p(values.len());
        values.push(format!("% {}\"%", escape_like(who)));
        let surname = p(values.len());
        let mut clause = format!(
            "({column} {like} {exact} ESCAPE '\\' OR {column} {like} {surname} ESCAPE '\\'"
        );
        if who.len() >= 2
            && who
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            // A code prefix, case-sensitive (capitals and digits: no pattern character).
            match dialect {
                Dialect::Sqlite => {
                    values.push(format!("*\"{who}*"));
                    clause.push_str(&format!(" OR {column} GLOB {}", p(values.len())));
                }
                Dialect::Postgres => {
                    values.push(format!("%\"{who}%"));
                    clause.push_str(&format!(" OR {column} LIKE {}", p(values.len())));
                }
            }
        }
        clause.push(')');
        clause
    };
    if let Some(actor) = filter.actor.as_deref().filter(|a| !a.trim().is_empty()) {
        clauses.push(party("f.actors", actor, &mut values));
    }
    if let Some(recipient) = filter.recipient.as_deref().filter(|a| !a.trim().is_empty()) {
        clauses.push(party("f.recipients", recipient, &mut values));
    }
    if let Some((a, b)) = &filter.dyad {
        let one = format!(
            "({} AND {})",
            party("f.actors", a, &mut values),
            party("f.recipients", b, &mut values)
        );
        let other = format!(
            "({} AND {})",
            party("f.actors", b, &mut values),
            party("f.recipients", a, &mut values)
        );
        clauses.push(format!("({one} OR {other})"));
    }
    if let Some(kind) = given(&filter.kind) {
        if kind.bytes().all(|b| b.is_ascii_digit()) {
            values.push(format!("{kind}%"));
            clauses.push(format!("f.cameo LIKE {}", p(values.len())));
        } else {
            values.push(kind.to_string());
            clauses.push(dialect.equal_nocase("f.type", &p(values.len())));
        }
    }
    if let Some(from) = given(&filter.from) {
        values.push(from.to_string());
        clauses.push(format!("f.date >= {}", p(values.len())));
    }
    if let Some(to) = given(&filter.to) {
        values.push(to.to_string());
        let n = p(values.len());
        clauses.push(format!("substr(f.date, 1, length({n})) <= {n}"));
    }
    if let Some(who) = filter.party.as_deref().filter(|a| !a.trim().is_empty()) {
        let actor = party("f.actors", who, &mut values);
        let recipient = party("f.recipients", who, &mut values);
        clauses.push(format!("({actor} OR {recipient})"));
    }
    if let Some(min) = filter.min_sources {
        values.push(min.to_string());
        let integer = match dialect {
            Dialect::Sqlite => "INTEGER",
            Dialect::Postgres => "BIGINT",
        };
        clauses.push(format!(
            "f.sources >= CAST({} AS {integer})",
            p(values.len())
        ));
    }
    let predicate = if clauses.is_empty() {
        dialect.always().to_string()
    } else {
        clauses.join(" AND ")
    };
    (predicate, values)
}

/// The columns `FUSED_COLUMNS` of a `fused_events f` row as a [`FusedEvent`] (without its
/// source ids).
pub(crate) fn fused_from_row(row: &Row<'_>) -> Result<FusedEvent> {
    let id: String = row.get(0)?;
    let corrupt = |source| StoreError::Corrupt {
        id: id.clone(),
        source,
    };
    let actors = serde_json::from_str(&row.get::<_, String>(6)?).map_err(corrupt)?;
    let recipients = serde_json::from_str(&row.get::<_, String>(7)?).map_err(corrupt)?;
    let count = |i: usize| -> rusqlite::Result<usize> {
        Ok(usize::try_from(row.get::<_, i64>(i)?).unwrap_or(0))
    };
    Ok(FusedEvent {
        kind: row.get(1)?,
        cameo: row.get(2)?,
        date: row.get(3)?,
        dated: row.get(4)?,
        place: row.get(5)?,
        actors,
        recipients,
        mentions: count(8)?,
        sources: count(9)?,
        articles: count(10)?,
        source_ids: Vec::new(),
        id,
    })
}

/// The columns [`fused_from_row`] reads, in its order.
pub(crate) const FUSED_COLUMNS: &str = "f.id, f.type, f.cameo, f.date, f.dated, f.place, \
    f.actors, f.recipients, f.mentions, f.sources, f.articles";
