//! annalist's language layer: every recogniser reads the same words, tags, lemmas,
//! dependency tree and clauses.
//!
//! The pieces, each in a file of its own:
//! - [`conllu`]: reading and writing CoNLL-U (training, evaluation, `annalist parse`);
//! - [`words`]: splitting the core's tokens into the syntactic words UD counts
//!   (`don't` → `do` `n't`, `NATO-Russia` → `NATO` `-` `Russia`);
//! - [`perceptron`]: averaged-perceptron training and the compact, quantised model
//!   that inference reads;
//! - [`dictionary`]: what WordNet says of a word (parts of speech, inflections,
//!   first-sense lexicographer class), for words the treebank did not teach;
//! - [`tagger`]: the part-of-speech tagger (UPOS and Penn XPOS, predicted jointly);
//! - [`lemma`]: the lemmatiser (a form table and suffix rules learned from the
//!   treebank, irregular forms as data);
//! - [`parser`]: the arc-eager transition parser (greedy, trained with a dynamic oracle);
//! - [`model`]: the model file that holds the three, and the embedded model;
//! - [`train`]: the deterministic training command.

pub mod binio;
pub mod clause;
pub mod conllu;
pub mod dictionary;
pub mod export;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod perceptron;
pub mod stage;
pub mod tagger;
pub mod train;
pub mod words;

pub use model::{Analysis, Model};
pub use stage::SyntaxStage;

/// What can go wrong reading a CoNLL-U file or a model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A CoNLL-U line that does not parse: the line number (1-based) and why.
    #[error("line {line}: {message}")]
    Conllu { line: usize, message: String },
    /// A model file that is truncated, of another version or corrupt.
    #[error("model: {0}")]
    Model(String),
}
