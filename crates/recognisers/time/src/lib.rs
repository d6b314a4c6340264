//! PLACEHOLDER: being written; the real recogniser replaces this file.

use annalist_core::{Document, Recogniser};

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(pub String);

pub struct TimeRecogniser;

impl TimeRecogniser {
    pub fn new() -> Result<TimeRecogniser, Error> {
        Ok(TimeRecogniser)
    }
}

impl Recogniser for TimeRecogniser {
    fn name(&self) -> &'static str {
        "time"
    }
    fn annotate(&self, _doc: &mut Document) {}
}
