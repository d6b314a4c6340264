//! The flat tables: one row per document, event, entity mention, quotation, entity or
//! timex, with the ids between them resolved (an event row carries its actors' and
//! recipients' names and codes, its place, its fused event). Each table's columns, their
//! types and meanings are [`Table::columns`], documented in `docs/tables.md` (a test
//! keeps the two equal). Column names follow the Python package's `to_pandas` tables
//! where both have a column.
//!
//! Types are fixed per column whatever the data: `string`, `int64`, `float64`, `bool`,
//! `date` (a calendar day) and `timestamp` (UTC, microseconds). A column may be empty
//! (null) unless the documentation says it never is. A list (several actors, several
//! codes) is one string with `|` between its items. Spans are UTF-8 byte offsets into
//! the document's text, half-open; `char_start`/`char_end` are the same in characters
//! (Python string indices).

use crate::reference::{actor_code, entity_country};
use crate::{period, DaySource};
use annalist_core::{Date, Entity, Span};
use annalist_store::export_read::ExportDocument;

/// The type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    String,
    Int64,
    Float64,
    Bool,
    Date,
    Timestamp,
}

impl ColumnType {
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Int64 => "int64",
            ColumnType::Float64 => "float64",
            ColumnType::Bool => "bool",
            ColumnType::Date => "date",
            ColumnType::Timestamp => "timestamp",
        }
    }
}

/// A column of a table.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub kind: ColumnType,
    /// Whether it can be empty.
    pub nullable: bool,
    pub meaning: &'static str,
}

/// A value of a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(Date),
    /// Microseconds since 1970-01-01T00:00:00Z.
    Timestamp(i64),
}

impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Value {
        v.map_or(Value::Null, Value::Str)
    }
}

impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Value {
        v.map_or(Value::Null, |s| Value::Str(s.to_string()))
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Str(v.to_string())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Str(v)
    }
}

impl From<usize> for Value {
    fn from(v: usize) -> Value {
        Value::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}

impl From<Option<usize>> for Value {
    fn from(v: Option<usize>) -> Value {
        v.map_or(Value::Null, Value::from)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Bool(v)
    }
}

impl From<Option<f64>> for Value {
    fn from(v: Option<f64>) -> Value {
        v.filter(|f| f.is_finite())
            .map_or(Value::Null, Value::Float)
    }
}

impl From<Option<Date>> for Value {
    fn from(v: Option<Date>) -> Value {
        v.map_or(Value::Null, Value::Date)
    }
}

/// The tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Documents,
    Events,
    Mentions,
    Quotes,
    Entities,
    Timexes,
}

macro_rules! col {
    ($name:literal, $kind:ident, $nullable:literal, $meaning:literal) => {
        Column {
            name: $name,
            kind: ColumnType::$kind,
            nullable: $nullable,
            meaning: $meaning,
        }
    };
}

const DOC_ID: Column = col!("doc_id", String, false, "annalist's document id");
const EXTERNAL_ID: Column = col!(
    "external_id",
    String,
    true,
    "the input record's own id (the `id` field of a JSON Lines or CSV record)"
);

const DOCUMENTS: &[Column] = &[
    DOC_ID,
    EXTERNAL_ID,
    col!(
        "source",
        String,
        false,
        "where it was read: file and record, or URL"
    ),
    col!("url", String, true, "its web address"),
    col!("title", String, true, "its title"),
    col!(
        "dct",
        Date,
        true,
        "its dispatch date (document creation time)"
    ),
    col!(
        "agency",
        String,
        true,
        "the news agency of its dateline or metadata"
    ),
    col!("dateline", String, true, "the place of its dateline"),
    col!(
        "language",
        String,
        false,
        "detected language (ISO 639-1, `und` when unknown)"
    ),
    col!(
        "supported",
        Bool,
        false,
        "whether it was analysed (English)"
    ),
    col!("bytes", Int64, false, "length of its text in UTF-8 bytes"),
    col!("sentences", Int64, false, "number of sentences"),
    col!("timexes", Int64, false, "number of time expressions"),
    col!("entities", Int64, false, "number of entities"),
    col!("quotes", Int64, false, "number of quotations"),
    col!("events", Int64, false, "number of events"),
    col!("ingested_at", Timestamp, false, "when it was stored (UTC)"),
];

const EVENTS: &[Column] = &[
    DOC_ID,
    EXTERNAL_ID,
    col!("event_id", String, false, "the event's id in its document (`v1`, `v2`, ...)"),
    col!(
        "fused_event_id",
        String,
        true,
        "the fused event (one per real-world event, across documents) it belongs to"
    ),
    col!("type", String, false, "PLOVER event type (`CONSULT`)"),
    col!("mode", String, true, "PLOVER mode (`visit`)"),
    col!("cameo", String, false, "CAMEO event code (`042`)"),
    col!("cameo_root", String, false, "its first two digits (`04`)"),
    col!("actor", String, true, "first actor's canonical name"),
    col!("actor_code", String, true, "first actor's CAMEO actor code (`RUSGOV`)"),
    col!("actor_country", String, true, "first actor's country (ISO 3166 alpha-3)"),
    col!("recipient", String, true, "first recipient's canonical name"),
    col!("recipient_code", String, true, "first recipient's CAMEO actor code"),
    col!("recipient_country", String, true, "first recipient's country (ISO 3166 alpha-3)"),
    col!("actors", String, true, "every actor's canonical name, `|` between them"),
    col!("actor_codes", String, true, "every code of the actors, `|` between them"),
    col!("recipients", String, true, "every recipient's canonical name, `|` between them"),
    col!("recipient_codes", String, true, "every code of the recipients, `|` between them"),
    col!("place", String, true, "the place's canonical name"),
    col!("place_country", String, true, "the place's country (ISO 3166 alpha-3)"),
    col!("place_lat", Float64, true, "the place's latitude (decimal degrees)"),
    col!("place_lon", Float64, true, "the place's longitude"),
    col!("place_geonames_id", Int64, true, "the place's GeoNames id"),
    col!("date", String, true, "the event's date as the text gives it (a TIMEX3 value: `2017-03-05`, `2017-03`, `2017-W10`)"),
    col!("date_source", String, true, "`text` when the text dates it, `dispatch` when the dispatch date stands in"),
    col!("day", Date, true, "the event's day: the date when it is a day, else the dispatch date when the date is coarser and contains it or there is no date, else the first day of the date's period"),
    col!("day_source", String, true, "how `day` was found: `text`, `dispatch` or `coarse`"),
    col!("confidence", Float64, false, "confidence from 0 to 1"),
    col!("modality", String, false, "`asserted`, `hypothetical`, `future`, ..."),
    col!("negated", Bool, false, "whether the text says it did not happen"),
    col!("goldstein", Float64, true, "Goldstein score of the CAMEO code"),
    col!("quad_class", Int64, true, "GDELT QuadClass (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict)"),
    col!("trigger", String, true, "the first mention's trigger text"),
    col!("trigger_start", Int64, true, "the trigger's byte span: start"),
    col!("trigger_end", Int64, true, "the trigger's byte span: end"),
    col!("start", Int64, true, "the first mention's byte span: start"),
    col!("end", Int64, true, "the first mention's byte span: end"),
    col!("char_start", Int64, true, "the first mention's span in characters: start"),
    col!("char_end", Int64, true, "the first mention's span in characters: end"),
    col!("sentence_start", Int64, true, "the byte span of the first mention's sentence: start"),
    col!("sentence_end", Int64, true, "the byte span of the first mention's sentence: end"),
    col!("mentions", Int64, false, "how many times the document reports it"),
    col!("quote", Int64, true, "the quotation it is reported in (position in the document's quotes)"),
    col!("dct", Date, true, "the document's dispatch date"),
];

const MENTIONS: &[Column] = &[
    DOC_ID,
    EXTERNAL_ID,
    col!(
        "entity_id",
        String,
        false,
        "the entity's id in its document (`e1`)"
    ),
    col!(
        "mention",
        Int64,
        false,
        "the mention's position among its entity's mentions"
    ),
    col!("name", String, false, "the entity's canonical name"),
    col!(
        "kind",
        String,
        false,
        "`person`, `organization`, `country`, `place` or `group`"
    ),
    col!("code", String, true, "the entity's first actor code"),
    col!("text", String, false, "the mention as written"),
    col!(
        "how",
        String,
        true,
        "how the mention was linked (`surname`, `pronoun`, `title`, ...)"
    ),
    col!("start", Int64, false, "byte span: start"),
    col!("end", Int64, false, "byte span: end"),
    col!("char_start", Int64, false, "span in characters: start"),
    col!("char_end", Int64, false, "span in characters: end"),
    col!(
        "sentence",
        Int64,
        true,
        "the position of its sentence in the document"
    ),
];

const QUOTES: &[Column] = &[
    DOC_ID,
    EXTERNAL_ID,
    col!(
        "quote",
        Int64,
        false,
        "its position among the document's quotations"
    ),
    col!("kind", String, false, "`direct`, `mixed` or `indirect`"),
    col!("text", String, false, "what was said"),
    col!(
        "speaker",
        String,
        true,
        "the speaker's canonical name, else as written"
    ),
    col!("speaker_id", String, true, "the speaker's entity id"),
    col!("speaker_code", String, true, "the speaker's actor code"),
    col!(
        "addressee",
        String,
        true,
        "the addressee's canonical name, else as written"
    ),
    col!("addressee_id", String, true, "the addressee's entity id"),
    col!("cue", String, true, "the reporting verb or phrase (`said`)"),
    col!("start", Int64, false, "byte span: start"),
    col!("end", Int64, false, "byte span: end"),
    col!("char_start", Int64, false, "span in characters: start"),
    col!("char_end", Int64, false, "span in characters: end"),
    col!("dct", Date, true, "the document's dispatch date"),
];

const ENTITIES: &[Column] = &[
    DOC_ID,
    EXTERNAL_ID,
    col!(
        "entity_id",
        String,
        false,
        "the entity's id in its document (`e1`)"
    ),
    col!("name", String, false, "canonical name"),
    col!(
        "kind",
        String,
        false,
        "`person`, `organization`, `country`, `place` or `group`"
    ),
    col!("code", String, true, "first actor code (CAMEO: `RUSGOV`)"),
    col!("codes", String, true, "every code, `|` between them"),
    col!(
        "role",
        String,
        true,
        "role at the dispatch date (`Foreign Minister`)"
    ),
    col!("country", String, true, "country (ISO 3166 alpha-3)"),
    col!("lat", Float64, true, "latitude (decimal degrees)"),
    col!("lon", Float64, true, "longitude"),
    col!("geonames_id", Int64, true, "GeoNames id"),
    col!("mentions", Int64, false, "number of mentions"),
    col!("text", String, true, "the first mention as written"),
    col!("start", Int64, true, "the first mention's byte span: start"),
    col!("end", Int64, true, "the first mention's byte span: end"),
    col!(
        "char_start",
        Int64,
        true,
        "the first mention's span in characters: start"
    ),
    col!(
        "char_end",
        Int64,
        true,
        "the first mention's span in characters: end"
    ),
];

const TIMEXES: &[Column] = &[
    DOC_ID,
    EXTERNAL_ID,
    col!(
        "timex",
        Int64,
        false,
        "its position among the document's timexes"
    ),
    col!("text", String, false, "the expression as written"),
    col!(
        "type",
        String,
        false,
        "TIMEX3 type: `DATE`, `TIME`, `DURATION`, `SET`"
    ),
    col!("value", String, false, "TIMEX3 value (`2017-03-05`, `P3D`)"),
    col!("mod", String, true, "TIMEX3 mod (`BEFORE`, `APPROX`)"),
    col!("quant", String, true, "TIMEX3 quant of a set (`EVERY`)"),
    col!("freq", String, true, "TIMEX3 freq of a set (`2X`)"),
    col!(
        "resolved",
        Bool,
        false,
        "false when a relative date could not be anchored"
    ),
    col!(
        "first_day",
        Date,
        true,
        "the first day of the period a date value names"
    ),
    col!("last_day", Date, true, "its last day"),
    col!("start", Int64, false, "byte span: start"),
    col!("end", Int64, false, "byte span: end"),
    col!("char_start", Int64, false, "span in characters: start"),
    col!("char_end", Int64, false, "span in characters: end"),
];

impl Table {
    pub const ALL: [Table; 6] = [
        Table::Documents,
        Table::Events,
        Table::Mentions,
        Table::Quotes,
        Table::Entities,
        Table::Timexes,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Documents => "documents",
            Table::Events => "events",
            Table::Mentions => "mentions",
            Table::Quotes => "quotes",
            Table::Entities => "entities",
            Table::Timexes => "timexes",
        }
    }

    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Table::Documents => DOCUMENTS,
            Table::Events => EVENTS,
            Table::Mentions => MENTIONS,
            Table::Quotes => QUOTES,
            Table::Entities => ENTITIES,
            Table::Timexes => TIMEXES,
        }
    }

    /// Calls `row` with each row of this table for one stored document.
    pub fn rows<E>(
        self,
        item: &ExportDocument,
        mut row: impl FnMut(Vec<Value>) -> Result<(), E>,
    ) -> Result<(), E> {
        let doc = &item.doc;
        let chars = CharIndex::new(&doc.text);
        let head = || -> Vec<Value> {
            vec![
                Value::Str(doc.id.clone()),
                Value::from(doc.external_id.clone()),
            ]
        };
        match self {
            Table::Documents => {
                let mut r = head();
                r.extend([
                    Value::from(doc.source.as_str()),
                    Value::from(doc.url.clone()),
                    Value::from(doc.title.clone()),
                    Value::from(doc.dct),
                    Value::from(doc.agency.clone()),
                    Value::from(doc.dateline.as_ref().map(|d| d.place.clone())),
                    Value::from(doc.language.as_str()),
                    Value::from(doc.supported),
                    Value::from(doc.text.len()),
                    Value::from(doc.sentences.len()),
                    Value::from(doc.timexes.len()),
                    Value::from(doc.entities.len()),
                    Value::from(doc.quotes.len()),
                    Value::from(doc.events.len()),
                    timestamp(&item.ingested_at),
                ]);
                row(r)?;
            }
            Table::Events => {
                for (idx, e) in doc.events.iter().enumerate() {
                    let actors: Vec<&Entity> =
                        e.actor.iter().filter_map(|id| doc.entity(id)).collect();
                    let recipients: Vec<&Entity> =
                        e.recipient.iter().filter_map(|id| doc.entity(id)).collect();
                    let place = e.place.as_deref().and_then(|id| doc.entity(id));
                    let first = e.mentions.first();
                    let sentence = first
                        .and_then(|m| doc.sentence_at(m.span.start))
                        .and_then(|i| doc.sentences.get(i))
                        .map(|s| s.span);
                    let day = crate::event_day(e, doc.dct);
                    let mut r = head();
                    r.extend([
                        Value::from(e.id.as_str()),
                        Value::from(
                            item.fused
                                .get(idx)
                                .and_then(|f| f.as_ref())
                                .map(|f| f.id.clone()),
                        ),
                        Value::from(e.kind.as_str()),
                        Value::from(e.mode.clone().filter(|m| !m.is_empty())),
                        Value::from(e.cameo.as_str()),
                        Value::from(e.cameo.get(..2).unwrap_or(&e.cameo)),
                        Value::from(actors.first().map(|a| a.canonical.clone())),
                        Value::from(actors.first().and_then(|a| actor_code(a))),
                        Value::from(actors.first().and_then(|a| entity_country(a))),
                        Value::from(recipients.first().map(|a| a.canonical.clone())),
                        Value::from(recipients.first().and_then(|a| actor_code(a))),
                        Value::from(recipients.first().and_then(|a| entity_country(a))),
                        joined(actors.iter().map(|a| a.canonical.as_str())),
                        joined(codes(&actors)),
                        joined(recipients.iter().map(|a| a.canonical.as_str())),
                        joined(codes(&recipients)),
                        Value::from(place.map(|p| p.canonical.clone())),
                        Value::from(place.and_then(entity_country)),
                        Value::from(place.and_then(|p| p.geo.as_ref()).map(|g| g.lat)),
                        Value::from(place.and_then(|p| p.geo.as_ref()).map(|g| g.lon)),
                        geonames(place),
                        Value::from(e.date.clone()),
                        Value::from(e.date_source.clone()),
                        Value::from(day.map(|(d, _)| d)),
                        Value::from(day.map(|(_, s): (Date, DaySource)| s.as_str())),
                        Value::from(Some(round(f64::from(e.confidence), 1000.0))),
                        Value::from(e.modality.as_str()),
                        Value::from(e.negated),
                        Value::from(e.goldstein.map(|g| round(f64::from(g), 10.0))),
                        e.quad_class
                            .map_or(Value::Null, |q| Value::Int(i64::from(q))),
                        Value::from(first.map(|m| m.trigger.text.clone())),
                        Value::from(first.map(|m| m.trigger.span.start)),
                        Value::from(first.map(|m| m.trigger.span.end)),
                        Value::from(first.map(|m| m.span.start)),
                        Value::from(first.map(|m| m.span.end)),
                        Value::from(first.map(|m| chars.at(m.span.start))),
                        Value::from(first.map(|m| chars.at(m.span.end))),
                        Value::from(sentence.map(|s| s.start)),
                        Value::from(sentence.map(|s| s.end)),
                        Value::from(e.mentions.len()),
                        Value::from(e.quote),
                        Value::from(doc.dct),
                    ]);
                    row(r)?;
                }
            }
            Table::Mentions => {
                for entity in &doc.entities {
                    let code = actor_code(entity);
                    for (k, m) in entity.mentions.iter().enumerate() {
                        let mut r = head();
                        r.extend([
                            Value::from(entity.id.as_str()),
                            Value::from(k),
                            Value::from(entity.canonical.as_str()),
                            Value::from(entity.kind.as_str()),
                            Value::from(code.clone()),
                            Value::from(m.text.as_str()),
                            Value::from(m.how.clone()),
                        ]);
                        r.extend(span_values(&chars, m.span));
                        r.push(Value::from(doc.sentence_at(m.span.start)));
                        row(r)?;
                    }
                }
            }
            Table::Quotes => {
                for (k, q) in doc.quotes.iter().enumerate() {
                    let person = |s: Option<&annalist_core::Speaker>| {
                        let entity = s
                            .and_then(|s| s.entity.as_deref())
                            .and_then(|id| doc.entity(id));
                        (
                            entity
                                .map(|e| e.canonical.clone())
                                .or_else(|| s.map(|s| s.text.clone()).filter(|t| !t.is_empty())),
                            s.and_then(|s| s.entity.clone()),
                            entity.and_then(actor_code),
                        )
                    };
                    let (speaker, speaker_id, speaker_code) = person(q.speaker.as_ref());
                    let (addressee, addressee_id, _) = person(q.addressee.as_ref());
                    let mut r = head();
                    r.extend([
                        Value::from(k),
                        Value::from(match q.kind {
                            annalist_core::QuoteKind::Direct => "direct",
                            annalist_core::QuoteKind::Indirect => "indirect",
                            annalist_core::QuoteKind::Mixed => "mixed",
                        }),
                        Value::from(q.text.as_str()),
                        Value::from(speaker),
                        Value::from(speaker_id),
                        Value::from(speaker_code),
                        Value::from(addressee),
                        Value::from(addressee_id),
                        Value::from(q.cue.as_ref().map(|c| c.text.clone())),
                    ]);
                    r.extend(span_values(&chars, q.span));
                    r.push(Value::from(doc.dct));
                    row(r)?;
                }
            }
            Table::Entities => {
                for entity in &doc.entities {
                    let first = entity.mentions.first();
                    let mut r = head();
                    r.extend([
                        Value::from(entity.id.as_str()),
                        Value::from(entity.canonical.as_str()),
                        Value::from(entity.kind.as_str()),
                        Value::from(actor_code(entity)),
                        joined(entity.codes.iter().map(String::as_str)),
                        Value::from(entity.role.clone()),
                        Value::from(entity_country(entity)),
                        Value::from(entity.geo.as_ref().map(|g| g.lat)),
                        Value::from(entity.geo.as_ref().map(|g| g.lon)),
                        geonames(Some(entity)),
                        Value::from(entity.mentions.len()),
                        Value::from(first.map(|m| m.text.clone())),
                        Value::from(first.map(|m| m.span.start)),
                        Value::from(first.map(|m| m.span.end)),
                        Value::from(first.map(|m| chars.at(m.span.start))),
                        Value::from(first.map(|m| chars.at(m.span.end))),
                    ]);
                    row(r)?;
                }
            }
            Table::Timexes => {
                for (k, t) in doc.timexes.iter().enumerate() {
                    let days = period(&t.value).filter(|_| t.kind.as_str() != "DURATION");
                    let mut r = head();
                    r.extend([
                        Value::from(k),
                        Value::from(t.text.as_str()),
                        Value::from(t.kind.as_str()),
                        Value::from(t.value.as_str()),
                        Value::from(t.modifier.clone()),
                        Value::from(t.quant.clone()),
                        Value::from(t.freq.clone()),
                        Value::from(t.resolved),
                        Value::from(days.map(|(f, _)| f)),
                        Value::from(days.map(|(_, l)| l)),
                    ]);
                    r.extend(span_values(&chars, t.span));
                    row(r)?;
                }
            }
        }
        Ok(())
    }
}

fn round(v: f64, scale: f64) -> f64 {
    (v * scale).round() / scale
}

fn geonames(entity: Option<&Entity>) -> Value {
    entity
        .and_then(|e| e.geo.as_ref())
        .and_then(|g| g.geonames_id)
        .and_then(|id| i64::try_from(id).ok())
        .map_or(Value::Null, Value::Int)
}

/// Every code of these entities, in order, without repeats.
fn codes<'e>(entities: &[&'e Entity]) -> impl Iterator<Item = &'e str> {
    let mut seen: Vec<&str> = Vec::new();
    for e in entities {
        for c in &e.codes {
            if !seen.contains(&c.as_str()) {
                seen.push(c);
            }
        }
    }
    seen.into_iter()
}

/// Items joined with `|`; null when there are none.
fn joined<'a>(items: impl Iterator<Item = &'a str>) -> Value {
    let list: Vec<&str> = items.collect();
    if list.is_empty() {
        Value::Null
    } else {
        Value::Str(list.join("|"))
    }
}

fn span_values(chars: &CharIndex, span: Span) -> [Value; 4] {
    [
        Value::from(span.start),
        Value::from(span.end),
        Value::from(chars.at(span.start)),
        Value::from(chars.at(span.end)),
    ]
}

/// `YYYY-MM-DDTHH:MM:SSZ` as microseconds since the epoch (null when it does not parse).
pub fn timestamp(text: &str) -> Value {
    let Some(date) = text.get(..10).and_then(Date::parse) else {
        return Value::Null;
    };
    let time = text.get(11..19).unwrap_or("00:00:00");
    let mut seconds = 0i64;
    for part in time.split(':') {
        seconds = seconds * 60 + part.parse::<i64>().unwrap_or(0);
    }
    Value::Timestamp((date.to_days() * 86_400 + seconds) * 1_000_000)
}

/// Byte offsets to character offsets of one text.
struct CharIndex {
    /// `None` for ASCII text (the two agree); else the byte offset of each character.
    starts: Option<Vec<usize>>,
}

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        CharIndex {
            starts: (!text.is_ascii()).then(|| {
                text.char_indices()
                    .map(|(i, _)| i)
                    .chain([text.len()])
                    .collect()
            }),
        }
    }

    fn at(&self, byte: usize) -> usize {
        match &self.starts {
            None => byte,
            Some(starts) => starts.partition_point(|&s| s < byte),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_and_timestamps() {
        let chars = CharIndex::new("Kyïv is here");
        assert_eq!(chars.at(0), 0);
        assert_eq!(chars.at(5), 4);
        assert_eq!(chars.at(13), 12);
        assert_eq!(
            timestamp("1970-01-02T00:00:01Z"),
            Value::Timestamp(86_401_000_000)
        );
        assert_eq!(timestamp("nonsense"), Value::Null);
    }

    #[test]
    fn every_table_has_unique_documented_columns() {
        for table in Table::ALL {
            let names: Vec<&str> = table.columns().iter().map(|c| c.name).collect();
            let mut sorted = names.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "{}", table.name());
            assert!(table.columns().iter().all(|c| !c.meaning.is_empty()));
        }
    }
}
