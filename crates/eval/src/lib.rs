//! annalist-eval: scorers that measure annalist against annotated corpora, one module per
//! task. Each scorer reads the corpus where it lies (`../shared/data/...`), never a copy.

pub mod attribution;
pub mod crossdoc;
pub mod dispatches;
pub mod events;
pub mod ner;
pub mod score;
pub mod seed;
pub mod suites;
pub mod syntax;
pub mod timeml;
