//! PLACEHOLDER: being written; the real recogniser replaces this file.

use annalist_core::{Document, Recogniser};

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(pub String);

pub struct EventRecogniser;

impl EventRecogniser {
    pub fn new() -> Result<EventRecogniser, Error> {
        Ok(EventRecogniser)
    }
}

impl Recogniser for EventRecogniser {
    fn name(&self) -> &'static str {
        "events"
    }
    fn annotate(&self, _doc: &mut Document) {}
}
