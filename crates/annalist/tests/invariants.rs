//! Cross-layer invariants of the whole pipeline, on arbitrary and on news-like text:
//! no panic, every span inside the text and on character boundaries, every reference
//! (speaker, actor, recipient, place, quote index) pointing at something that exists,
//! and a language layer that is one tree per sentence with clauses that nest.

use annalist::{Analyzer, Options};
use annalist_core::{Date, Document, Metadata, Span};
use proptest::prelude::*;
use std::sync::OnceLock;

fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(|| Analyzer::new(&Options::default()).expect("embedded data loads"))
}

fn valid(doc: &Document, span: Span) -> Result<(), TestCaseError> {
    prop_assert!(
        span.start <= span.end && span.end <= doc.text.len(),
        "span {span:?} outside the text"
    );
    prop_assert!(
        doc.text.is_char_boundary(span.start) && doc.text.is_char_boundary(span.end),
        "span {span:?} splits a character"
    );
    Ok(())
}

/// The syntax layer: filled for every analysed document; words inside their tokens, in
/// order; one root per sentence, heads inside the sentence, no cycle; clauses whose
/// heads, parents and spans agree with the tree.
fn check_syntax(doc: &Document) -> Result<(), TestCaseError> {
    let syntax = &doc.syntax;
    let words = &syntax.words;
    if !doc.supported {
        prop_assert!(syntax.is_empty(), "an unsupported document was analysed");
        return Ok(());
    }
    prop_assert_eq!(syntax.sentence_words.len(), doc.sentences.len());
    prop_assert_eq!(syntax.token_words.len(), doc.tokens.len());
    prop_assert_eq!(syntax.word_clauses.len(), words.len());
    prop_assert_eq!(words.is_empty(), doc.tokens.is_empty());
    let mut next = 0;
    for (s, &(a, b)) in syntax.sentence_words.iter().enumerate() {
        let (a, b) = (a as usize, b as usize);
        prop_assert!(a == next && a <= b, "sentence {} has words {}..{}", s, a, b);
        next = b;
        let mut roots = 0;
        for i in a..b {
            let w = &words[i];
            valid(doc, w.span)?;
            prop_assert!(!w.span.is_empty());
            prop_assert_eq!(w.sentence as usize, s);
            let token = doc.tokens[w.token as usize].span;
            prop_assert!(
                token.contains(w.span),
                "word {:?} outside token {:?}",
                w.span,
                token
            );
            prop_assert!(i == a || words[i - 1].span.end <= w.span.start);
            match w.head {
                None => roots += 1,
                Some(h) => prop_assert!((a..b).contains(&(h as usize)) && h as usize != i),
            }
            // Following heads reaches the root within the sentence's length.
            let mut at = i;
            let mut steps = 0;
            while let Some(h) = words[at].head {
                at = h as usize;
                steps += 1;
                prop_assert!(steps <= b - a, "a cycle through word {}", i);
            }
            prop_assert_eq!(syntax.lower(i), doc.slice(w.span).to_lowercase());
        }
        prop_assert!(a == b || roots == 1, "sentence {} has {} roots", s, roots);
    }
    prop_assert_eq!(next, words.len());
    for (i, c) in syntax.clauses.iter().enumerate() {
        let head = c.head as usize;
        prop_assert!(head < words.len());
        prop_assert_eq!(syntax.word_clauses[head], Some(i as u32));
        valid(doc, c.span)?;
        prop_assert!(c.span.contains(words[head].span));
        prop_assert!(doc.sentences[c.sentence as usize].span.contains(c.span));
        if let Some(p) = c.parent {
            prop_assert!((p as usize) < i && syntax.clauses[p as usize].span.contains(c.span));
        }
        if let Some(r) = c.reported_by {
            prop_assert!(words
                .get(r as usize)
                .is_some_and(|w| w.sentence == c.sentence));
        }
    }
    prop_assert!(
        syntax.word_clauses.iter().all(Option::is_some),
        "a word in no clause"
    );
    Ok(())
}

fn check(doc: &Document) -> Result<(), TestCaseError> {
    check_syntax(doc)?;
    for t in &doc.timexes {
        valid(doc, t.span)?;
        prop_assert_eq!(doc.slice(t.span), t.text.as_str());
    }
    for e in &doc.entities {
        for m in &e.mentions {
            valid(doc, m.span)?;
        }
    }
    let entity_exists = |id: &String| doc.entity(id).is_some();
    for q in &doc.quotes {
        valid(doc, q.span)?;
        for part in q.cue.iter() {
            valid(doc, part.span)?;
        }
        for who in q.speaker.iter().chain(q.addressee.iter()) {
            if let Some(span) = who.span {
                valid(doc, span)?;
            }
            prop_assert!(who.entity.iter().all(entity_exists));
        }
    }
    for v in &doc.events {
        prop_assert!(v
            .actor
            .iter()
            .chain(v.recipient.iter())
            .chain(v.place.iter())
            .all(entity_exists));
        prop_assert!(v.quote.is_none_or(|i| i < doc.quotes.len()));
        for m in &v.mentions {
            valid(doc, m.span)?;
            valid(doc, m.trigger.span)?;
        }
    }
    Ok(())
}

/// Words that trigger every recogniser, to make random text news-like.
const NEWS_WORDS: &[&str] = &[
    "said",
    "\"",
    "“",
    "”",
    "he",
    "she",
    "they",
    "According to",
    "the minister",
    "Russia",
    "NATO",
    "Lavrov",
    "President",
    "on Friday",
    "in December",
    "January 10",
    "the 90s",
    "talks",
    "were held",
    "in Geneva",
    "accused",
    "sanctions",
    "will visit",
    "next week",
    "two days ago",
    ",",
    ".",
    "\n\n",
    "MOSCOW, January 14. /TASS/.",
    "Washington",
    "the Kremlin",
    "not",
    "never",
    "demanded",
    "é",
    "—",
    "…",
    "(",
    ")",
    "3 p.m.",
    "every week",
    "didn't",
    "won't",
    "NATO-Russia",
    "Russia's",
    "plans to",
    "would",
];

#[test]
fn the_syntax_stage_runs_first() {
    let names = analyzer().pipeline().stage_names();
    assert_eq!(names.first(), Some(&"syntax"));
    let doc = analyzer().analyze(
        "Lavrov said the talks would not resume.".to_string(),
        Metadata {
            source: "test".into(),
            ..Metadata::default()
        },
    );
    assert!(!doc.syntax.is_empty());
    assert!(!doc.syntax.clauses.is_empty());
    check(&doc).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_text(text in "(?s).{0,400}") {
        let metadata = Metadata { source: "prop".into(), date: Date::parse("2022-01-14"), ..Metadata::default() };
        check(&analyzer().analyze(text, metadata))?;
    }

    #[test]
    fn news_like_text(words in proptest::collection::vec(proptest::sample::select(NEWS_WORDS), 0..80), dated in any::<bool>()) {
        let text = words.join(" ");
        let date = if dated { Date::parse("2022-01-14") } else { None };
        let metadata = Metadata { source: "prop".into(), date, ..Metadata::default() };
        check(&analyzer().analyze(text, metadata))?;
    }
}
