//! annalist-entities: people, organisations, countries, places and groups, with roles and
//! CAMEO actor codes at the dispatch date, coordinates, and in-document coreference.
//!
//! The recogniser owns everything about "who and where": the gazetteers under
//! `data/entities/` (compiled once into one Aho-Corasick automaton, see [`matcher`]),
//! name detection from context for names in no list, titles and roles, coreference of
//! surnames, nominals, pronouns and metonymic capitals ([`engine`]), the closed-class
//! words those decisions ask about (articles, prepositions, conjunctions from
//! `grammar.tsv`, see [`grammar`]), and the optional PETRARCH/Phoenix actor dictionaries
//! read at run time ([`phoenix`]).
//!
//! ```
//! use annalist_core::{Document, Metadata, Recogniser};
//! use annalist_entities::EntityRecogniser;
//!
//! let recogniser = EntityRecogniser::new().unwrap();
//! let mut doc = Document::new(
//!     "GENEVA, March 3. /TASS/. Switzerland and the United States met.".to_string(),
//!     Metadata::default(),
//! );
//! recogniser.annotate(&mut doc);
//! assert!(doc.entities.iter().any(|e| e.canonical == "Switzerland"));
//! ```

pub mod engine;
pub mod gazetteer;
pub mod grammar;
pub mod matcher;
pub mod phoenix;

use annalist_core::{Document, Recogniser, Severity};
use std::path::PathBuf;

pub use gazetteer::{Gazetteer, Sources};
pub use phoenix::{load_phoenix, Actor, ActorDictionary, Agent, DatedCode};

/// The data or a dictionary did not load.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(pub String);

/// The entity recogniser: built once, shared across threads.
pub struct EntityRecogniser {
    engine: engine::Engine,
    /// Data rows that were skipped when loading (reported once per document as info).
    problems: Vec<String>,
}

impl EntityRecogniser {
    /// The recogniser with the data compiled into the binary.
    pub fn new() -> Result<EntityRecogniser, Error> {
        EntityRecogniser::from_sources(&Sources::embedded(), ActorDictionary::default())
    }

    /// The recogniser with extra PETRARCH/Phoenix actor and agent dictionaries.
    pub fn with_actor_dictionaries(paths: &[PathBuf]) -> Result<EntityRecogniser, Error> {
        let dictionary = load_phoenix(paths).map_err(|e| Error(e.to_string()))?;
        EntityRecogniser::from_sources(&Sources::embedded(), dictionary)
    }

    /// The recogniser over given data texts (tests use small fixtures).
    pub fn from_sources(
        sources: &Sources<'_>,
        dictionary: ActorDictionary,
    ) -> Result<EntityRecogniser, Error> {
        let (gazetteer, problems) = Gazetteer::parse(sources);
        let engine = engine::Engine::build(gazetteer, dictionary).map_err(Error)?;
        Ok(EntityRecogniser { engine, problems })
    }

    /// Rows of the data files that could not be read.
    pub fn data_problems(&self) -> &[String] {
        &self.problems
    }

    /// The parsed data (countries, places, organisations, office holders, roles).
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.engine.g
    }
}

impl Recogniser for EntityRecogniser {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn annotate(&self, doc: &mut Document) {
        self.engine.annotate(doc);
        if doc.entities.is_empty() && doc.tokens.len() > 50 {
            doc.diagnose(
                "entities",
                Severity::Info,
                "no entity found in a document of more than 50 tokens".to_string(),
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests;
