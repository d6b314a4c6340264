//! The language layer's types: syntactic words with their tag, lemma, head and
//! relation, and clauses. `annalist-syntax` fills them (the first pipeline stage);
//! every recogniser reads them.
//!
//! A token of the text is one or more syntactic words, as in Universal Dependencies
//! (`don't` is `do` + `n't`, `NATO-Russia` is `NATO` `-` `Russia`); a word's span lies
//! inside its token's. Tags and relations are short inline strings ([`Label`]), lemmas
//! and lower forms live in one string per document ([`Syntax::strings`]): analysing a
//! document allocates per document, not per word.

use crate::span::Span;
use serde::{Deserialize, Serialize};

/// Universal part-of-speech tags (Universal Dependencies v2).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    #[default]
    X,
}

impl Upos {
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    pub fn parse(tag: &str) -> Option<Upos> {
        Upos::ALL.into_iter().find(|u| u.as_str() == tag)
    }

    /// Nouns, proper nouns and pronouns: what can fill an argument.
    pub fn is_nominal(self) -> bool {
        matches!(self, Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num)
    }
}

/// A short ASCII-or-UTF-8 string stored inline (at most 15 bytes): a Penn tag
/// (`VBD`, `-LRB-`) or a dependency relation (`nsubj:pass`). `Copy`, no allocation.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Label {
    bytes: [u8; 15],
    len: u8,
}

impl Label {
    pub const CAPACITY: usize = 15;

    /// The label for `text`, cut at 15 bytes (on a character boundary).
    pub fn new(text: &str) -> Label {
        let mut end = text.len().min(Self::CAPACITY);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = [0u8; 15];
        bytes[..end].copy_from_slice(&text.as_bytes()[..end]);
        Label {
            bytes,
            len: end as u8,
        }
    }

    pub fn as_str(&self) -> &str {
        // Built only from `&str` prefixes cut on character boundaries.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }

    /// The universal part of a relation: `nsubj` for `nsubj:pass`.
    pub fn base(&self) -> &str {
        let s = self.as_str();
        s.split_once(':').map_or(s, |(base, _)| base)
    }

    pub fn is(&self, text: &str) -> bool {
        self.as_str() == text
    }
}

impl std::fmt::Debug for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Label, D::Error> {
        let text = String::deserialize(d)?;
        Ok(Label::new(&text))
    }
}

/// A piece of [`Syntax::strings`]: `start..start + len`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StrRef {
    pub start: u32,
    pub len: u32,
}

/// A syntactic word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    /// Inside the span of token `token`.
    pub span: Span,
    /// Index in `Document::tokens`.
    pub token: u32,
    /// Index of the sentence in `Document::sentences`.
    pub sentence: u32,
    pub upos: Upos,
    /// The Penn Treebank tag (`VBD`, `NNP`, `-LRB-`).
    pub xpos: Label,
    /// The head word's index in [`Syntax::words`]; `None` for the sentence's root.
    pub head: Option<u32>,
    /// The Universal Dependencies relation to the head (`root` for the root), with its
    /// subtype where the treebank has one (`nsubj:pass`, `obl:tmod`).
    pub rel: Label,
    pub lemma: StrRef,
    pub lower: StrRef,
}

/// Tense of a clause, read from its verb group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tense {
    Past,
    Present,
    Future,
    /// No finite verb: an infinitive, a participle or gerund, a verbless clause.
    #[default]
    None,
}

/// Aspect of a clause's verb group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Aspect {
    #[default]
    Simple,
    Progressive,
    Perfect,
    PerfectProgressive,
}

/// What kind of clause, by its head's relation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClauseKind {
    /// The sentence's root clause.
    #[default]
    Main,
    /// A clausal complement (`ccomp`): `said [that talks would resume]`.
    Complement,
    /// An open complement (`xcomp`): `plans [to visit]`.
    Open,
    /// An adverbial clause (`advcl`).
    Adverbial,
    /// A relative or other adnominal clause (`acl`, `acl:relcl`).
    Adnominal,
    /// A clausal subject (`csubj`).
    Subject,
    /// A coordinated clause (`conj` of a verb).
    Coordinate,
    /// Loosely attached (`parataxis`): `X, Lavrov said`.
    Parataxis,
}

/// A clause: a verb (or predicate) and the words it governs, less the clauses under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clause {
    /// From the first to the last word of the clause's subtree (embedded clauses
    /// included: spans nest).
    pub span: Span,
    /// The predicate word (index in [`Syntax::words`]).
    pub head: u32,
    pub sentence: u32,
    pub kind: ClauseKind,
    /// The clause this one is embedded in.
    pub parent: Option<u32>,
    pub tense: Tense,
    pub aspect: Aspect,
    pub passive: bool,
    pub negated: bool,
    /// The modal word or construction (`will`, `would`, `may`, `want to`, `ready to`),
    /// as its lemma; `None` for a plain assertion.
    pub modality: Option<Label>,
    /// The speech or cognition verb this clause is reported under (`said` for
    /// `Lavrov said [talks would resume]`), as a word index.
    pub reported_by: Option<u32>,
}

/// The language layer of a document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Syntax {
    pub words: Vec<Word>,
    /// Lemmas and lower forms, referred to by [`Word::lemma`] and [`Word::lower`].
    pub strings: String,
    /// For each sentence, the range of its words.
    pub sentence_words: Vec<(u32, u32)>,
    /// For each token, the index of its first word.
    pub token_words: Vec<u32>,
    pub clauses: Vec<Clause>,
    /// For each word, the clause it belongs to (the innermost), if any.
    pub word_clauses: Vec<Option<u32>>,
}

impl Syntax {
    pub fn str(&self, r: StrRef) -> &str {
        let start = r.start as usize;
        self.strings
            .get(start..start + r.len as usize)
            .unwrap_or("")
    }

    pub fn lemma(&self, word: usize) -> &str {
        self.words.get(word).map_or("", |w| self.str(w.lemma))
    }

    pub fn lower(&self, word: usize) -> &str {
        self.words.get(word).map_or("", |w| self.str(w.lower))
    }

    /// Whether the layer was filled (the syntax stage ran).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words of sentence `index`.
    pub fn sentence(&self, index: usize) -> std::ops::Range<usize> {
        self.sentence_words
            .get(index)
            .map_or(0..0, |&(a, b)| a as usize..b as usize)
    }

    /// The dependents of word `head`, in order (a scan of its sentence).
    pub fn dependents(&self, head: usize) -> impl Iterator<Item = usize> + '_ {
        let range = self
            .words
            .get(head)
            .map_or(0..0, |w| self.sentence(w.sentence as usize));
        range.filter(move |&i| self.words[i].head == Some(head as u32))
    }

    /// The first dependent of `head` whose relation's universal part is `rel`.
    pub fn dependent(&self, head: usize, rel: &str) -> Option<usize> {
        self.dependents(head)
            .find(|&i| self.words[i].rel.base() == rel)
    }

    /// The innermost clause word `word` belongs to.
    pub fn clause_of(&self, word: usize) -> Option<&Clause> {
        let c = (*self.word_clauses.get(word)?)?;
        self.clauses.get(c as usize)
    }

    /// The clause whose span holds byte `offset` most tightly.
    pub fn clause_at(&self, offset: usize) -> Option<&Clause> {
        self.clauses
            .iter()
            .filter(|c| c.span.contains_offset(offset))
            .min_by_key(|c| c.span.end - c.span.start)
    }
}
