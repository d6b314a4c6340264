//! PLACEHOLDER: being written; the real recogniser replaces this file.

use annalist_core::{Document, Recogniser};

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(pub String);

pub struct QuoteRecogniser;

impl QuoteRecogniser {
    pub fn new() -> Result<QuoteRecogniser, Error> {
        Ok(QuoteRecogniser)
    }
}

impl Recogniser for QuoteRecogniser {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn annotate(&self, _doc: &mut Document) {}
}
