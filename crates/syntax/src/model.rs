//! The model file: tagger, lemmatiser and parser in one byte string, and the model
//! embedded in the binary (`data/syntax/model.bin`, trained by `annalist train-syntax`
//! from UD English-EWT; see `data/syntax/README.md` for its licence).

use crate::binio::{Reader, Writer};
use crate::parser::{self, Input, Parse, Parser};
use crate::tagger::{self, Tagger};
use crate::{lemma::Lemmatiser, Error};
use annalist_core::{Label, Upos};
use std::sync::OnceLock;

const MAGIC: &[u8; 16] = b"annalist-syntax\0";
/// Bumped whenever the file layout or the features change.
const VERSION: u32 = 3;

static EMBEDDED_BYTES: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/syntax/model.bin"
));

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

/// A trained language model: loaded once, shared read-only across threads.
pub struct Model {
    pub tagger: Tagger,
    pub lemmatiser: Lemmatiser,
    pub parser: Parser,
}

/// Reusable buffers: one per thread, so that analysing allocates nothing per word.
#[derive(Default)]
pub struct Scratch {
    tagger: tagger::Scratch,
    parser: parser::Scratch,
    /// The tagger's class of each word.
    pub classes: Vec<u16>,
    inputs: Vec<Input>,
    lower: String,
    /// The last sentence's parse.
    pub parse: Parse,
}

impl Scratch {
    /// Transitions the last parse took (the parser's work is bounded by 2n + 1).
    pub fn steps(&self) -> usize {
        self.parser.steps()
    }
}

impl Model {
    /// The model compiled into the binary.
    ///
    /// # Panics
    /// If the embedded file is not a model of this version: a build error, caught by
    /// the crate's tests.
    pub fn embedded() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            Model::from_bytes(EMBEDDED_BYTES)
                .unwrap_or_else(|e| panic!("the embedded syntax model does not load: {e}"))
        })
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, Error> {
        if bytes.len() < 20 || &bytes[..16] != MAGIC {
            return Err(Error::Model("not an annalist syntax model".into()));
        }
        let mut r = Reader::new(&bytes[16..]);
        let version = r.u32()?;
        if version != VERSION {
            return Err(Error::Model(format!(
                "model version {version}, this build reads {VERSION}: retrain with `annalist train-syntax`"
            )));
        }
        let tagger = Tagger::read(&mut r)?;
        let lemmatiser = Lemmatiser::read(&mut r)?;
        let parser = Parser::read(&mut r)?;
        if !r.is_empty() {
            return Err(Error::Model("trailing bytes after the parser".into()));
        }
        Ok(Model {
            tagger,
            lemmatiser,
            parser,
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes.extend_from_slice(MAGIC);
        w.u32(VERSION);
        self.tagger.write(&mut w);
        self.lemmatiser.write(&mut w);
        self.parser.write(&mut w);
        w.bytes
    }

    /// Tags and parses one sentence; the result is in `scratch.classes` and
    /// `scratch.parse`.
    pub fn analyse_into(&self, forms: &[&str], scratch: &mut Scratch) {
        self.tagger
            .tag_into(forms, &mut scratch.tagger, &mut scratch.classes);
        scratch.inputs.clear();
        for (form, &class) in forms.iter().zip(&scratch.classes) {
            let (upos, xpos) = self.tagger.tag(class);
            scratch
                .inputs
                .push(self.parser.input(form, upos, xpos, &mut scratch.lower));
        }
        self.parser
            .parse_into(&scratch.inputs, &mut scratch.parser, &mut scratch.parse);
    }

    /// Tags, lemmatises and parses one sentence given as its words.
    pub fn analyse_words(&self, forms: &[&str]) -> Vec<Analysis> {
        let mut scratch = Scratch::default();
        self.analyse_into(forms, &mut scratch);
        forms
            .iter()
            .enumerate()
            .map(|(i, form)| {
                let (upos, xpos) = self.tagger.tag(scratch.classes[i]);
                Analysis {
                    upos,
                    xpos,
                    lemma: self.lemmatiser.lemma(form, upos, xpos.as_str()),
                    head: scratch.parse.heads[i] as usize,
                    rel: self.parser.label(scratch.parse.labels[i]),
                }
            })
            .collect()
    }
}
