//! Cross-layer invariants of the whole pipeline, on arbitrary and on news-like text:
//! no panic, every span inside the text and on character boundaries, every reference
//! (speaker, actor, recipient, place, quote index) pointing at something that exists.

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

fn check(doc: &Document) -> Result<(), TestCaseError> {
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
];

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
