//! Tests of the syntax stage: the layer's invariants on arbitrary text, bounded work on
//! a sentence of 20,000 words, chunking and the token-to-word index.
//!
//! They run on the embedded model when `data/syntax/model.bin` loads, and on a tiny
//! model trained here from `tests/fixtures/stage_tiny.conllu` (sentences we wrote)
//! otherwise; the tests marked `tiny` always use the tiny one.

use super::*;
use crate::conllu;
use crate::train::{train_model, TrainOptions};
use annalist_core::{ClauseKind, Metadata, Upos};
use proptest::prelude::*;
use std::sync::OnceLock;

static EMBEDDED_BYTES: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/syntax/model.bin"
));
const FIXTURE: &str = include_str!("../../tests/fixtures/stage_tiny.conllu");

/// A model trained in a moment from our fixture.
fn tiny() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let sentences = conllu::parse(FIXTURE).expect("the fixture parses");
        let options = TrainOptions {
            tagger_epochs: 3,
            parser_epochs: 3,
            folds: 1,
            ..TrainOptions::default()
        };
        train_model(&sentences, None, &options, &mut String::new())
    })
}

/// The embedded model when it loads (it is retrained from time to time), else the tiny
/// one.
fn model() -> &'static Model {
    static CHOICE: OnceLock<&'static Model> = OnceLock::new();
    CHOICE.get_or_init(|| match Model::from_bytes(EMBEDDED_BYTES) {
        Ok(_) => Model::embedded(),
        Err(_) => tiny(),
    })
}

fn stage(model: &'static Model) -> SyntaxStage {
    SyntaxStage::new(model).expect("the clause lexicon loads")
}

fn analysed(model: &'static Model, text: &str) -> Document {
    let mut doc = Document::new(text.to_string(), Metadata::default());
    stage(model).annotate(&mut doc);
    doc
}

/// Every invariant of the layer; linear, so that it runs on the long sentence too.
fn check(doc: &Document) -> Result<(), String> {
    let syntax = &doc.syntax;
    let words = &syntax.words;
    let fail = |what: String| Err::<(), String>(what);
    if syntax.sentence_words.len() != doc.sentences.len() {
        return fail("one word range per sentence".into());
    }
    if syntax.token_words.len() != doc.tokens.len() || syntax.word_clauses.len() != words.len() {
        return fail("one entry per token and per word".into());
    }
    let mut next = 0;
    for (s, &(a, b)) in syntax.sentence_words.iter().enumerate() {
        let (a, b) = (a as usize, b as usize);
        if a != next || b < a {
            return fail(format!("sentence {s}: words {a}..{b} after {next}"));
        }
        next = b;
        let tokens = doc.sentences[s].tokens;
        if (a == b) != (tokens.0 == tokens.1) {
            return fail(format!("sentence {s}: words iff tokens"));
        }
        let mut roots = 0;
        for i in a..b {
            let w = &words[i];
            let token = doc.tokens[w.token as usize].span;
            if w.sentence as usize != s || !(tokens.0..tokens.1).contains(&(w.token as usize)) {
                return fail(format!("word {i}: in sentence {s}, token {}", w.token));
            }
            if w.span.is_empty() || !token.contains(w.span) {
                return fail(format!(
                    "word {i}: span {:?} outside its token {token:?}",
                    w.span
                ));
            }
            if !doc.text.is_char_boundary(w.span.start) || !doc.text.is_char_boundary(w.span.end) {
                return fail(format!("word {i}: span {:?} splits a character", w.span));
            }
            if i > a && w.span.start < words[i - 1].span.end {
                return fail(format!("word {i}: overlaps the word before"));
            }
            match w.head {
                None => {
                    roots += 1;
                    if !w.rel.is("root") {
                        return fail(format!("word {i}: a root labelled {}", w.rel));
                    }
                }
                Some(h) => {
                    if !(a..b).contains(&(h as usize)) || h as usize == i || w.rel.is("root") {
                        return fail(format!("word {i}: head {h} outside {a}..{b}, or itself"));
                    }
                }
            }
            for r in [w.lemma, w.lower] {
                let (start, end) = (r.start as usize, (r.start + r.len) as usize);
                if syntax.strings.get(start..end).is_none() {
                    return fail(format!("word {i}: string {r:?} not in the strings"));
                }
            }
            if syntax.lower(i) != doc.slice(w.span).to_lowercase() {
                return fail(format!("word {i}: lower form {:?}", syntax.lower(i)));
            }
        }
        if b > a && roots != 1 {
            return fail(format!("sentence {s}: {roots} roots"));
        }
    }
    if next != words.len() {
        return fail("the sentences cover the words".into());
    }
    // No cycle: the depth of every word, memoised (0 = not known yet).
    let mut depth = vec![0u32; words.len()];
    let mut path = Vec::new();
    for start in 0..words.len() {
        let mut w = start;
        while depth[w] == 0 {
            path.push(w);
            if path.len() > words.len() {
                return fail(format!("a cycle through word {start}"));
            }
            match words[w].head {
                None => break,
                Some(h) => w = h as usize,
            }
        }
        let mut d = if depth[w] == 0 { 0 } else { depth[w] };
        while let Some(p) = path.pop() {
            d += 1;
            depth[p] = d;
        }
    }
    // Token t's words: token_words[t]..token_words[t + 1].
    for t in 0..doc.tokens.len() {
        let from = syntax.token_words[t] as usize;
        let to = syntax
            .token_words
            .get(t + 1)
            .map_or(words.len(), |&x| x as usize);
        if from > to || words[from..to].iter().any(|w| w.token as usize != t) {
            return fail(format!("token {t}: words {from}..{to}"));
        }
    }
    for (i, c) in syntax.clauses.iter().enumerate() {
        let head = c.head as usize;
        if head >= words.len() || syntax.word_clauses[head] != Some(i as u32) {
            return fail(format!("clause {i}: head {head}"));
        }
        if !c.span.contains(words[head].span)
            || !doc.sentences[c.sentence as usize].span.contains(c.span)
        {
            return fail(format!("clause {i}: span {:?}", c.span));
        }
        match c.parent {
            None if c.kind != ClauseKind::Main => return fail(format!("clause {i}: no parent")),
            Some(p) if p as usize >= i || !syntax.clauses[p as usize].span.contains(c.span) => {
                return fail(format!("clause {i}: parent {p}"));
            }
            _ => {}
        }
        if let Some(r) = c.reported_by {
            if words
                .get(r as usize)
                .is_none_or(|w| w.sentence != c.sentence)
            {
                return fail(format!("clause {i}: reported by {r}"));
            }
        }
    }
    // Every word is in a clause: the tree is whole, and its root heads one.
    if let Some(i) = syntax.word_clauses.iter().position(Option::is_none) {
        return fail(format!("word {i} in no clause"));
    }
    Ok(())
}

#[test]
fn tiny_a_dispatch_sentence() {
    let doc = analysed(
        tiny(),
        "Lavrov said the talks would not resume. She didn't say when.",
    );
    check(&doc).unwrap();
    let forms: Vec<&str> = doc.syntax.words.iter().map(|w| doc.slice(w.span)).collect();
    assert!(
        forms.contains(&"n't"),
        "the token is split into words: {forms:?}"
    );
    let did = forms.iter().position(|f| *f == "did").unwrap();
    assert_eq!(doc.syntax.words[did].token, doc.syntax.words[did + 1].token);
    assert_eq!(doc.syntax.sentence_words, vec![(0, 8), (8, 14)]);
    assert!(!doc.syntax.clauses.is_empty());
    assert_eq!(doc.syntax.lower(0), "lavrov");
}

#[test]
fn tiny_the_layer_is_replaced_not_appended() {
    let stage = stage(tiny());
    let mut doc = Document::new("Russia plans to hold talks.".into(), Metadata::default());
    stage.annotate(&mut doc);
    let once = doc.syntax.clone();
    stage.annotate(&mut doc);
    assert_eq!(doc.syntax, once);
}

#[test]
fn tiny_empty_and_blank_documents() {
    for text in ["", "   \n\n  ", "."] {
        let doc = analysed(tiny(), text);
        check(&doc).unwrap();
    }
}

#[test]
fn lemma_shares_the_lower_form_when_equal() {
    let doc = analysed(tiny(), "talks talks talks");
    let w = &doc.syntax.words[0];
    if doc.syntax.str(w.lemma) == "talks" {
        assert_eq!(w.lemma, w.lower);
    }
    // Three words: never more than a lemma and a lower form each.
    assert!(doc.syntax.strings.len() <= 2 * "talkstalkstalks".len());
}

/// A sentence of `n` words without punctuation (one sentence: no full stop, no line
/// break).
fn long_sentence(n: usize) -> String {
    const WORDS: [&str; 8] = [
        "the",
        "talks",
        "will",
        "resume",
        "in",
        "Geneva",
        "officials",
        "said",
    ];
    let mut text = String::with_capacity(n * 7);
    for i in 0..n {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(WORDS[(i * 7 + i / 8) % WORDS.len()]);
    }
    text
}

fn bounded_work(model: &'static Model) {
    let n = 20_000;
    let mut doc = Document::new(long_sentence(n), Metadata::default());
    assert_eq!(doc.sentences.len(), 1);
    assert_eq!(doc.tokens.len(), n);
    let mut chunks = Vec::new();
    stage(model).fill(&mut doc, &mut Buffers::default(), |words, steps| {
        chunks.push((words, steps))
    });
    assert_eq!(chunks.len(), n / MAX_WORDS);
    for &(words, steps) in &chunks {
        assert!(words <= MAX_WORDS);
        assert!(
            steps <= 2 * words + 1,
            "{steps} transitions for {words} words"
        );
    }
    assert_eq!(chunks.iter().map(|c| c.0).sum::<usize>(), n);
    check(&doc).unwrap();
    let roots = doc.syntax.words.iter().filter(|w| w.head.is_none()).count();
    assert_eq!(roots, 1);
    assert!(doc
        .diagnostics
        .iter()
        .any(|d| d.stage == "syntax" && d.message.contains("20 chunks")));
}

#[test]
fn tiny_a_sentence_of_20000_words_takes_bounded_work() {
    bounded_work(tiny());
}

#[test]
fn a_sentence_of_20000_words_takes_bounded_work() {
    bounded_work(model());
}

#[test]
fn chunks_end_after_punctuation_near_the_limit() {
    let text = long_sentence(2 * MAX_WORDS + 10);
    let mut spans: Vec<Span> = annalist_core::text::tokenize(&text, 0)
        .iter()
        .map(|t| t.span)
        .collect();
    assert_eq!(chunk_end(&text, &spans, 0), MAX_WORDS);
    assert_eq!(chunk_end(&text, &spans, MAX_WORDS + 20), spans.len());
    // A comma 30 words before the limit: the chunk ends after it.
    let mut with_comma = text.clone();
    let at = spans[MAX_WORDS - 30].end;
    with_comma.insert(at, ',');
    spans = annalist_core::text::tokenize(&with_comma, 0)
        .iter()
        .map(|t| t.span)
        .collect();
    assert_eq!(spans[MAX_WORDS - 29].slice(&with_comma), ",");
    assert_eq!(chunk_end(&with_comma, &spans, 0), MAX_WORDS - 28);
}

#[test]
fn split_words_are_checked() {
    let text = "ab cd";
    let token = Span::new(0, 2);
    assert!(valid_split(
        text,
        token,
        &[Span::new(0, 1), Span::new(1, 2)]
    ));
    assert!(!valid_split(text, token, &[]));
    assert!(!valid_split(text, token, &[Span::new(0, 3)]));
    assert!(!valid_split(
        text,
        token,
        &[Span::new(1, 2), Span::new(0, 1)]
    ));
    assert!(!valid_split(
        "é",
        Span::new(0, 2),
        &[Span::new(0, 1), Span::new(1, 2)]
    ));
}

#[test]
fn a_dispatch_on_the_model() {
    let doc = analysed(
        model(),
        "MOSCOW, January 14. /TASS/. Russian Foreign Minister Sergey Lavrov said the talks would not resume.\n\nTalks, he said, will continue next week.",
    );
    check(&doc).unwrap();
    assert!(doc.syntax.words.iter().any(|w| w.upos == Upos::Verb));
}

const NEWS_WORDS: &[&str] = &[
    "said",
    "\"",
    "“",
    "”",
    "he",
    "they",
    "Russia",
    "NATO-Russia",
    "Lavrov",
    "didn't",
    "won't",
    "talks",
    "would",
    "not",
    "resume",
    "will",
    "visit",
    "plans",
    "to",
    "hold",
    ",",
    ".",
    "\n\n",
    "MOSCOW, January 14. /TASS/.",
    "and/or",
    "é",
    "—",
    "…",
    "(",
    ")",
    "3 p.m.",
    "10:30",
    "1,000",
    "U.S.",
    "Russia's",
    "were",
    "imposed",
    "going",
    "ready",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn arbitrary_text_gives_a_well_formed_layer(text in "(?s).{0,300}") {
        let doc = analysed(model(), &text);
        check(&doc).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn news_like_text_gives_a_well_formed_layer(words in proptest::collection::vec(proptest::sample::select(NEWS_WORDS), 0..120)) {
        let doc = analysed(model(), &words.join(" "));
        check(&doc).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn tiny_news_like_text_gives_a_well_formed_layer(words in proptest::collection::vec(proptest::sample::select(NEWS_WORDS), 0..120)) {
        let doc = analysed(tiny(), &words.join(" "));
        check(&doc).map_err(TestCaseError::fail)?;
    }
}
