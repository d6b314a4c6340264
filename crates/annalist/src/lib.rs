//! annalist: the standard pipeline (syntax → time → entities → quotes → events) and its output
//! formats (JSON, a readable digest, TimeML).
//!
//! This is the crate to use as a library:
//!
//! ```
//! use annalist::{Analyzer, Options};
//! use annalist_core::Metadata;
//!
//! let analyzer = Analyzer::new(&Options::default()).expect("embedded data loads");
//! let doc = analyzer.analyze(
//!     "MOSCOW, January 14. /TASS/. Talks were held in Geneva on January 10.".to_string(),
//!     Metadata { source: "example".into(), ..Metadata::default() },
//! );
//! assert_eq!(doc.agency.as_deref(), Some("TASS"));
//! ```

pub mod output;

pub use annalist_core as core;
use annalist_core::{Document, Metadata, Pipeline};
use rayon::prelude::*;
use std::path::PathBuf;

/// What can go wrong building the pipeline: a data file that does not load.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("syntax stage: {0}")]
    Syntax(#[from] annalist_syntax::Error),
    #[error("time recogniser: {0}")]
    Time(#[from] annalist_time::Error),
    #[error("entity recogniser: {0}")]
    Entities(#[from] annalist_entities::Error),
    #[error("quote recogniser: {0}")]
    Quotes(#[from] annalist_quotes::Error),
    #[error("event recogniser: {0}")]
    Events(#[from] annalist_events::Error),
}

/// Pipeline options: extra dictionaries in the PETRARCH/Phoenix formats, read at start-up
/// beside the built-in data.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Actor dictionaries (`--actors FILE`): names with dated codes, for the entity stage.
    pub actor_dictionaries: Vec<PathBuf>,
    /// Agent dictionaries (`--agents FILE`): `POLICE [~COP]`, for the entity and event stages.
    pub agent_dictionaries: Vec<PathBuf>,
    /// Verb dictionaries (`--verbs FILE`): CAMEO verb patterns, tried before the built-in
    /// triggers of the event stage.
    pub verb_dictionaries: Vec<PathBuf>,
    /// How the event stage finds events (`--event-engine`): surface triggers (the
    /// default) or the frame coder over the dependency parse.
    pub event_engine: annalist_events::Engine,
    /// Events below this confidence are left out (`--min-event-confidence`); `None` is
    /// the default threshold of `data/events/confidence.tsv`, `Some(0.0)` keeps all.
    pub min_event_confidence: Option<f32>,
}

/// The standard pipeline, built once and shared across threads.
pub struct Analyzer {
    pipeline: Pipeline,
}

impl Analyzer {
    /// Loads every lexicon and gazetteer and compiles the matchers.
    pub fn new(options: &Options) -> Result<Analyzer, Error> {
        let dictionaries: Vec<PathBuf> = options
            .actor_dictionaries
            .iter()
            .chain(&options.agent_dictionaries)
            .cloned()
            .collect();
        let entities = if dictionaries.is_empty() {
            annalist_entities::EntityRecogniser::new()?
        } else {
            annalist_entities::EntityRecogniser::with_actor_dictionaries(&dictionaries)?
        };
        let mut events = if options.verb_dictionaries.is_empty() {
            annalist_events::EventRecogniser::new()?
        } else {
            annalist_events::EventRecogniser::with_verb_dictionaries(&options.verb_dictionaries)?
        };
        if !options.agent_dictionaries.is_empty() {
            events = events.with_agent_dictionaries(&options.agent_dictionaries)?;
        }
        let mut events = events.with_engine(options.event_engine);
        if let Some(min) = options.min_event_confidence {
            events = events.with_min_confidence(min);
        }
        let pipeline = Pipeline::new()
            .with(annalist_syntax::SyntaxStage::embedded()?)
            .with(annalist_time::TimeRecogniser::new()?)
            .with(entities)
            .with(annalist_quotes::QuoteRecogniser::new()?)
            .with(events);
        Ok(Analyzer { pipeline })
    }

    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// Segments and annotates one text.
    pub fn analyze(&self, text: String, metadata: Metadata) -> Document {
        let mut doc = Document::new(text, metadata);
        self.pipeline.annotate(&mut doc);
        doc
    }

    /// Annotates an already segmented document.
    pub fn annotate(&self, doc: &mut Document) {
        self.pipeline.annotate(doc);
    }

    /// Analyses texts in parallel; the output keeps the input order.
    pub fn analyze_all(&self, inputs: Vec<(String, Metadata)>) -> Vec<Document> {
        inputs
            .into_par_iter()
            .map(|(text, metadata)| self.analyze(text, metadata))
            .collect()
    }
}
