//! The recogniser pipeline: an ordered list of [`Recogniser`]s run over each document,
//! documents analysed in parallel with output in input order.

use crate::document::Document;
use rayon::prelude::*;

/// A stage that reads a segmented [`Document`] and adds annotations to it.
///
/// Architecture invariant: a recogniser never fails. Whatever the input, it returns
/// (adds) annotations and, for what it could not handle, [`crate::Diagnostic`]s. Its
/// resources (lexicons, gazetteers, compiled matchers) are built once, before the first
/// document, and shared read-only across threads, hence `Send + Sync`.
pub trait Recogniser: Send + Sync {
    /// Short stage name used in diagnostics (`time`, `entities`, ...).
    fn name(&self) -> &'static str;

    /// Adds this stage's annotations to `doc`. Only called for supported (English) documents.
    fn annotate(&self, doc: &mut Document);
}

/// Recognisers in the order they run; later stages read earlier stages' layers
/// (events read timexes, entities and quotes).
#[derive(Default)]
pub struct Pipeline {
    stages: Vec<Box<dyn Recogniser>>,
}

impl Pipeline {
    pub fn new() -> Pipeline {
        Pipeline::default()
    }

    /// Appends a stage.
    pub fn with(mut self, stage: impl Recogniser + 'static) -> Pipeline {
        self.stages.push(Box::new(stage));
        self
    }

    /// The stages in order (benchmarks time them one by one).
    pub fn stages(&self) -> &[Box<dyn Recogniser>] {
        &self.stages
    }

    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Runs every stage over one document. Unsupported documents are left as segmented.
    pub fn annotate(&self, doc: &mut Document) {
        if !doc.supported {
            return;
        }
        for stage in &self.stages {
            stage.annotate(doc);
        }
    }

    /// Annotates documents in parallel; the output keeps the input order.
    pub fn annotate_all(&self, docs: Vec<Document>) -> Vec<Document> {
        docs.into_par_iter()
            .map(|mut doc| {
                self.annotate(&mut doc);
                doc
            })
            .collect()
    }
}
