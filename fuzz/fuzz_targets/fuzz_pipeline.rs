//! Fuzzes the whole pipeline: any text, alone or after a valid dispatch header and
//! dateline, analysed by the standard `Analyzer` (syntax, time, entities, quotes,
//! events), must give a document whose every fact lies on character boundaries inside
//! the text, never a panic or a hang.
#![no_main]

use annalist::{Analyzer, Options};
use annalist_core::Metadata;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(|| Analyzer::new(&Options::default()).expect("the embedded data loads"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    // The first byte chooses: the text alone, or after a dispatch header and dateline.
    let text = if data.first().is_some_and(|b| b % 2 == 0) {
        body.to_string()
    } else {
        format!("date 2017-02-16\nMOSCOW, February 16. /TASS/. {body}")
    };
    let doc = analyzer().analyze(text, Metadata::default());
    let len = doc.text.len();
    let on_text = |start: usize, end: usize| {
        start <= end && end <= len && doc.text.is_char_boundary(start) && doc.text.is_char_boundary(end)
    };
    for t in &doc.timexes {
        assert!(on_text(t.span.start, t.span.end));
    }
    for e in &doc.entities {
        for m in &e.mentions {
            assert!(on_text(m.span.start, m.span.end));
        }
    }
    for q in &doc.quotes {
        assert!(on_text(q.span.start, q.span.end));
    }
    for v in &doc.events {
        for m in &v.mentions {
            assert!(on_text(m.span.start, m.span.end));
        }
        assert!((0.0..=1.0).contains(&v.confidence));
    }
});
