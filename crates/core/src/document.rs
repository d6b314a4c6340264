//! The document model: a text, its provenance and metadata, its segmentation, and the
//! annotation layers that recognisers add.
//!
//! Like spaCy's `Doc`, a [`Document`] owns its text and every annotation refers back to it
//! through byte [`Span`]s. Annotation types live here, not in the recognisers, so that the
//! store and the interfaces can read any layer without depending on how it was produced.

use crate::date::Date;
use crate::span::Span;
use serde::{Deserialize, Serialize};

/// The version of the JSON output schema (`docs/output.md`, `docs/output.schema.json`).
pub const SCHEMA_VERSION: &str = "1.0";

/// What a reader hands to the pipeline: a text and what is known about it from outside
/// the text (file, feed item, JSON record).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Where the document came from: a path, a path with a record number (`file.jsonl:5`),
    /// or a URL.
    pub source: String,
    /// The record's own identifier, when the input format has one (JSON Lines `id`).
    pub external_id: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// The publication date given by the container (feed, JSON field, HTML meta, header).
    pub date: Option<Date>,
}

/// The dateline that opens a wire dispatch: `MOSCOW, January 14. /TASS/.`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dateline {
    /// The place as written (`MOSCOW`).
    pub place: String,
    /// The whole dateline, from the place to the separator after the agency.
    pub span: Span,
    pub place_span: Span,
    /// The date as written in the dateline (`January 14`), if there is one.
    pub date_span: Option<Span>,
    pub agency: Option<String>,
    pub agency_span: Option<Span>,
}

/// A token: a word, number or punctuation mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// A sentence (or the dateline, which is segmented as a sentence of its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    /// Index range of this sentence's tokens in `Document::tokens`.
    #[serde(skip)]
    pub tokens: (usize, usize),
}

/// TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// A temporal expression normalised to a TIMEX3 value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timex {
    pub span: Span,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// TIMEX3 value: `2022-01-14`, `199`, `P5Y`, `PRESENT_REF`, `XXXX-12-17` when unresolved.
    pub value: String,
    /// TIMEX3 `mod`: START, MID, END, MORE_THAN, LESS_THAN, APPROX, ...
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none", default)]
    pub modifier: Option<String>,
    /// TIMEX3 `quant` / `freq` for SETs (`EVERY`, `1W`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub quant: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub freq: Option<String>,
    /// False when the value needed a dispatch date the document does not have.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub resolved: bool,
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Country,
    Place,
    Group,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Country => "country",
            EntityKind::Place => "place",
            EntityKind::Group => "group",
        }
    }
}

/// Coordinates of a place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Geo {
    pub lat: f64,
    pub lon: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub geonames_id: Option<u64>,
}

/// One occurrence of an entity in the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub span: Span,
    pub text: String,
    /// How the mention was linked: `name`, `alias`, `surname`, `title`, `pronoun`,
    /// `demonym`, `metonymy`, `dateline` ...
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub how: Option<String>,
}

/// One referent inside a document with all its mentions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Document-local id: `e1`, `e2`, ...
    pub id: String,
    pub canonical: String,
    pub kind: EntityKind,
    /// Actor codes at the dispatch date (`RUSGOV`), ISO codes for countries (`RUS`).
    pub codes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub role: Option<String>,
    /// ISO 3166-1 alpha-3 of the country this entity belongs to or lies in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub geo: Option<Geo>,
    pub mentions: Vec<Mention>,
}

/// A piece of text with its span (cues, unresolved speakers).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextSpan {
    pub span: Span,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Indirect,
    Mixed,
}

/// Who a quotation is attributed to (or addressed to).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// The entity id when the source is resolved.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub entity: Option<String>,
    /// The source as written (`he`, `a source in the delegation`) or the entity's name.
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub span: Option<Span>,
}

/// Reported speech: what was said, by whom, through which cue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The content: inside the quote marks for direct quotations.
    pub span: Span,
    pub text: String,
    pub kind: QuoteKind,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cue: Option<TextSpan>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker: Option<Speaker>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub addressee: Option<Speaker>,
}

/// One textual mention of an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventMention {
    /// The clause or phrase that reports the event.
    pub span: Span,
    /// The trigger word(s) as written.
    pub trigger: TextSpan,
}

/// An event in the PLOVER ontology with its CAMEO code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Document-local id: `v1`, `v2`, ...
    pub id: String,
    /// PLOVER event type (`CONSULT`, `REQUEST`, ...) or `STATEMENT` for CAMEO 01.
    #[serde(rename = "type")]
    pub kind: String,
    /// PLOVER mode (`visit`, `demand`, ...).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mode: Option<String>,
    pub cameo: String,
    /// Actor entity ids.
    pub actor: Vec<String>,
    /// Recipient entity ids.
    pub recipient: Vec<String>,
    /// Place entity id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub place: Option<String>,
    /// TIMEX3 value of the event's date.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<String>,
    pub negated: bool,
    /// `asserted`, `future`, `hypothetical`, `historical`.
    pub modality: String,
    pub mentions: Vec<EventMention>,
    /// Index into `Document::quotes` of the quotation the event was reported in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub quote: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub goldstein: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub quad_class: Option<u8>,
    /// Where `date` comes from: `text` (a date expression of the event's own clause or
    /// phrase) or `dispatch` (the text gives none: the dispatch date stands in).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date_source: Option<String>,
    /// How well the text supports the event, 0 to 1 (see the events stage's
    /// `confidence` pass): what a digest or timeline filters on.
    #[serde(default)]
    pub confidence: f32,
}

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
}

/// Something a stage noticed but did not fail on (recognisers never fail).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub stage: String,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub span: Option<Span>,
}

/// A document and all its annotations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub schema: String,
    /// Stable id: a hash of the source and the text (see [`Document::new`]).
    pub id: String,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub external_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
    pub title: Option<String>,
    /// The analysed text; every span points into it.
    pub text: String,
    /// The document creation time (dispatch date) every relative date is resolved against.
    pub dct: Option<Date>,
    pub dateline: Option<Dateline>,
    pub agency: Option<String>,
    /// ISO 639-1 code of the detected language (`en`), or `und`.
    pub language: String,
    /// False for non-English text: kept, but not analysed.
    pub supported: bool,
    /// Where the analysable body starts: after a `date YYYY-MM-DD` header, say.
    #[serde(skip)]
    pub body_start: usize,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Sentence>,
    #[serde(skip)]
    pub tokens: Vec<Token>,
    /// The language layer: words, tags, lemmas, the dependency tree and clauses
    /// (filled by the syntax stage; empty before it).
    #[serde(skip)]
    pub syntax: crate::syntax::Syntax,
    pub timexes: Vec<Timex>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// The text a span covers (empty for an invalid span).
    pub fn slice(&self, span: Span) -> &str {
        span.slice(&self.text)
    }

    /// A `TextSpan` for `span`, copying its text.
    pub fn text_span(&self, span: Span) -> TextSpan {
        TextSpan {
            span,
            text: self.slice(span).to_string(),
        }
    }

    /// Tokens of sentence `index`.
    pub fn sentence_tokens(&self, index: usize) -> &[Token] {
        match self.sentences.get(index) {
            Some(sentence) => self
                .tokens
                .get(sentence.tokens.0..sentence.tokens.1)
                .unwrap_or(&[]),
            None => &[],
        }
    }

    /// Index of the sentence that contains byte `offset`.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let index = self.sentences.partition_point(|s| s.span.end <= offset);
        (index < self.sentences.len() && self.sentences[index].span.contains_offset(offset))
            .then_some(index)
    }

    /// The entity with document-local id `id`.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    pub fn diagnose(
        &mut self,
        stage: &str,
        severity: Severity,
        message: String,
        span: Option<Span>,
    ) {
        self.diagnostics.push(Diagnostic {
            stage: stage.to_string(),
            severity,
            message,
            span,
        });
    }
}
