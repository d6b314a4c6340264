//! The model file: tagger, lemmatiser and parser in one byte string, and the model
//! embedded in the binary (`data/syntax/model.bin`, trained by `annalist train-syntax`).

use crate::{lemma::Lemmatiser, parser::Parser, tagger::Tagger, Error};
use annalist_core::{Label, Upos};

/// The analysis of one word of a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub upos: Upos,
    pub xpos: Label,
    pub lemma: String,
    /// 0 for the root, else the 1-based index of the head word.
    pub head: usize,
    pub rel: Label,
}

/// A trained language model.
pub struct Model {
    pub tagger: Tagger,
    pub lemmatiser: Lemmatiser,
    pub parser: Parser,
}

impl Model {
    /// The model compiled into the binary.
    pub fn embedded() -> &'static Model {
        todo!()
    }

    pub fn from_bytes(_bytes: &[u8]) -> Result<Model, Error> {
        todo!()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        todo!()
    }

    /// Tags, lemmatises and parses one sentence given as its words.
    pub fn analyse_words(&self, _forms: &[&str]) -> Vec<Analysis> {
        todo!()
    }
}
