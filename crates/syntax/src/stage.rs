//! The syntax stage (owns `stage.rs`): the first stage of the pipeline and the only
//! writer of `Document::syntax`. For each sentence it splits the core's tokens into
//! syntactic words ([`crate::words::split_token`]), tags and parses them with the shared
//! [`Model`], lemmatises them, and then reads the clauses off the tree
//! ([`crate::clause`]).
//!
//! What it fills: `words` (spans inside their token, heads as document-wide word
//! indices, `None` for a sentence's root), `strings` (each word's lemma, then its lower
//! form unless that is the lemma again), `sentence_words` (one range per sentence of
//! `Document::sentences`), `token_words` (each token's first word; its words run to the
//! next token's first), `clauses` and `word_clauses`.
//!
//! Work is linear in the text. The parser is linear in a sentence's length, but a
//! "sentence" can be a table or a list with no full stop, so no more than [`MAX_WORDS`]
//! words are sent to the tagger and parser at once: a longer sentence is cut into chunks
//! (after the last punctuation word of the chunk's final tenth when there is one, else at
//! the limit), each chunk parsed as its own tree. The first chunk's root is the
//! sentence's root; every later chunk's root attaches to it as `parataxis`, so the
//! sentence is still one tree with one root, and an info diagnostic says so. Clause
//! building is linear too (see [`crate::clause`]).
//!
//! No allocation per word: the model's [`Scratch`], the word spans and the clause
//! builder's buffers are kept per thread and reused across sentences and documents; the
//! layer's own vectors grow per document.

use crate::clause::{build_clauses_with, ClauseLexicon, ClauseScratch};
use crate::model::{Model, Scratch};
use crate::words::split_token;
use crate::Error;
use annalist_core::{Document, Label, Recogniser, Severity, Span, StrRef, Syntax, Word};
use std::cell::RefCell;

/// The most words parsed as one tree.
pub const MAX_WORDS: usize = 1000;

/// How far back from the limit a chunk looks for a punctuation word to end after.
const CUT_WINDOW: usize = MAX_WORDS / 10;

/// The language layer as a pipeline stage; built once, shared across threads.
pub struct SyntaxStage {
    model: &'static Model,
    clauses: ClauseLexicon,
}

/// Per-thread buffers.
#[derive(Default)]
struct Buffers {
    scratch: Scratch,
    clause: ClauseScratch,
    /// The current sentence's word spans, and each word's token index.
    spans: Vec<Span>,
    tokens: Vec<u32>,
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::new(Buffers::default());
}

impl SyntaxStage {
    /// The stage over `model`, with the embedded clause lexicon
    /// (`data/syntax/clauses.tsv` and the verbs of `data/quotes/cues.tsv`); a lexicon
    /// that does not load (a class without words, an unknown class) is an error.
    pub fn new(model: &'static Model) -> Result<SyntaxStage, Error> {
        Ok(SyntaxStage {
            model,
            clauses: ClauseLexicon::embedded()?,
        })
    }

    /// The stage with the model compiled into the binary ([`Model::embedded`]).
    ///
    /// # Panics
    /// As [`Model::embedded`] does, when the embedded model file is not a model of this
    /// build's version.
    pub fn embedded() -> Result<SyntaxStage, Error> {
        SyntaxStage::new(Model::embedded())
    }

    pub fn model(&self) -> &'static Model {
        self.model
    }

    pub fn clause_lexicon(&self) -> &ClauseLexicon {
        &self.clauses
    }

    /// Fills `doc.syntax`; `chunk` is told each parsed chunk's word count and the
    /// parser's transitions for it (the tests bound the work with it).
    fn fill(&self, doc: &mut Document, b: &mut Buffers, mut chunk: impl FnMut(usize, usize)) {
        let mut syntax = std::mem::take(&mut doc.syntax);
        clear(&mut syntax);
        syntax.token_words.resize(doc.tokens.len(), u32::MAX);
        let text = doc.text.as_str();
        let mut forms: Vec<&str> = Vec::new();
        let mut chunked: Vec<(Span, usize, usize)> = Vec::new();
        for (si, sentence) in doc.sentences.iter().enumerate() {
            let (first_token, last_token) = sentence.tokens;
            let last_token = last_token.min(doc.tokens.len());
            b.spans.clear();
            b.tokens.clear();
            for ti in first_token.min(last_token)..last_token {
                let token = doc.tokens[ti].span;
                let before = b.spans.len();
                split_token(text, token, &mut b.spans);
                if !valid_split(text, token, &b.spans[before..]) {
                    b.spans.truncate(before);
                    b.spans.push(token);
                }
                b.tokens.resize(b.spans.len(), ti as u32);
            }
            let first_word = syntax.words.len();
            let n = b.spans.len();
            let mut root: Option<u32> = None;
            let mut start = 0;
            let mut chunks = 0;
            while start < n {
                let end = chunk_end(text, &b.spans, start);
                forms.clear();
                forms.extend(b.spans[start..end].iter().map(|s| s.slice(text)));
                self.model.analyse_into(&forms, &mut b.scratch);
                chunk(end - start, b.scratch.steps());
                let base = (first_word + start) as u32;
                for (i, form) in forms.iter().enumerate() {
                    let (upos, xpos) = self.model.tagger.tag(b.scratch.classes[i]);
                    let mut rel = self.model.parser.label(b.scratch.parse.labels[i]);
                    let head = match (b.scratch.parse.heads[i], root) {
                        (0, None) => {
                            root = Some(base + i as u32);
                            rel = Label::new("root");
                            None
                        }
                        (0, Some(r)) => {
                            rel = Label::new("parataxis");
                            Some(r)
                        }
                        (h, _) => Some(base + h - 1),
                    };
                    let (lemma, lower) =
                        lemma_and_lower(self.model, &mut syntax.strings, form, upos, xpos);
                    let token = b.tokens[start + i];
                    let slot = &mut syntax.token_words[token as usize];
                    if *slot == u32::MAX {
                        *slot = syntax.words.len() as u32;
                    }
                    syntax.words.push(Word {
                        span: b.spans[start + i],
                        token,
                        sentence: si as u32,
                        upos,
                        xpos,
                        head,
                        rel,
                        lemma,
                        lower,
                    });
                }
                chunks += 1;
                start = end;
            }
            if chunks > 1 {
                chunked.push((sentence.span, n, chunks));
            }
            syntax
                .sentence_words
                .push((first_word as u32, syntax.words.len() as u32));
        }
        // A token without words (outside every sentence: none today) points at the next
        // token's first word, so that token t's words are always
        // `token_words[t]..token_words[t + 1]`.
        let mut next = syntax.words.len() as u32;
        for t in syntax.token_words.iter_mut().rev() {
            if *t == u32::MAX {
                *t = next;
            }
            next = *t;
        }
        build_clauses_with(&mut syntax, &self.clauses, &mut b.clause);
        doc.syntax = syntax;
        for (span, words, chunks) in chunked {
            let message = format!(
                "a sentence of {words} words was parsed in {chunks} chunks of at most {MAX_WORDS}"
            );
            doc.diagnose("syntax", Severity::Info, message, Some(span));
        }
    }
}

fn clear(syntax: &mut Syntax) {
    syntax.words.clear();
    syntax.strings.clear();
    syntax.sentence_words.clear();
    syntax.token_words.clear();
    syntax.clauses.clear();
    syntax.word_clauses.clear();
}

/// Whether `words` split `token` as the layer needs: non-empty, in order, inside the
/// token and on character boundaries (anything else and the token is one word).
fn valid_split(text: &str, token: Span, words: &[Span]) -> bool {
    let mut at = token.start;
    !words.is_empty()
        && words.iter().all(|w| {
            let ok = w.start >= at
                && w.start < w.end
                && w.end <= token.end
                && text.is_char_boundary(w.start)
                && text.is_char_boundary(w.end);
            at = w.end;
            ok
        })
}

/// Where the chunk starting at word `start` ends: at most [`MAX_WORDS`] words on, after
/// the last punctuation word in its final [`CUT_WINDOW`] words when the sentence goes on.
fn chunk_end(text: &str, spans: &[Span], start: usize) -> usize {
    let limit = start + MAX_WORDS;
    if limit >= spans.len() {
        return spans.len();
    }
    (limit - CUT_WINDOW..limit)
        .rev()
        .find(|&i| {
            let form = spans[i].slice(text);
            !form.is_empty() && !form.chars().any(char::is_alphanumeric)
        })
        .map_or(limit, |i| i + 1)
}

/// Appends a word's lemma and, unless it is the same text, its lower form.
fn lemma_and_lower(
    model: &Model,
    strings: &mut String,
    form: &str,
    upos: annalist_core::Upos,
    xpos: Label,
) -> (StrRef, StrRef) {
    let start = strings.len();
    model
        .lemmatiser
        .lemma_into(form, upos, xpos.as_str(), strings);
    let lemma = StrRef {
        start: start as u32,
        len: (strings.len() - start) as u32,
    };
    let same = strings[start..]
        .chars()
        .eq(form.chars().flat_map(char::to_lowercase));
    if same {
        return (lemma, lemma);
    }
    let at = strings.len();
    strings.extend(form.chars().flat_map(char::to_lowercase));
    let lower = StrRef {
        start: at as u32,
        len: (strings.len() - at) as u32,
    };
    (lemma, lower)
}

impl Recogniser for SyntaxStage {
    fn name(&self) -> &'static str {
        "syntax"
    }

    fn annotate(&self, doc: &mut Document) {
        BUFFERS.with(|cell| match cell.try_borrow_mut() {
            Ok(mut buffers) => self.fill(doc, &mut buffers, |_, _| {}),
            // Only if a stage were re-entered on this thread: fresh buffers.
            Err(_) => self.fill(doc, &mut Buffers::default(), |_, _| {}),
        });
    }
}

#[cfg(test)]
mod tests;
