//! PLACEHOLDER: being written; the real recogniser replaces this file.

use annalist_core::{Document, Recogniser};

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(pub String);

pub struct EntityRecogniser;

impl EntityRecogniser {
    pub fn new() -> Result<EntityRecogniser, Error> {
        Ok(EntityRecogniser)
    }
}

impl Recogniser for EntityRecogniser {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn annotate(&self, _doc: &mut Document) {}
}

impl EntityRecogniser {
    pub fn with_actor_dictionaries(_paths: &[std::path::PathBuf]) -> Result<EntityRecogniser, Error> {
        Ok(EntityRecogniser)
    }
}
