//! annalist-core: the document model, text segmentation and the recogniser pipeline.
//!
//! Data flows one way: a reader (`annalist-ingest`) yields a text and its [`Metadata`];
//! [`Document::new`] finds the header, the dateline, the dispatch date, the language,
//! paragraphs, sentences and tokens; a [`Pipeline`] of [`Recogniser`]s (time, entities,
//! quotes, events) then adds annotation layers. Every annotation carries a byte [`Span`]
//! into [`Document::text`].
//!
//! Architecture invariant: this crate knows nothing of the store, the CLI, the network,
//! or any particular recogniser.

pub mod date;
pub mod document;
pub mod lexicon;
pub mod pipeline;
pub mod span;
pub mod syntax;
pub mod text;

pub use date::{Date, Weekday};
pub use document::*;
pub use pipeline::{Pipeline, Recogniser};
pub use span::Span;
pub use syntax::{Aspect, Clause, ClauseKind, Label, StrRef, Syntax, Tense, Upos, Word};
