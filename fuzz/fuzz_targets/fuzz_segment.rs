//! Fuzzes `annalist_core::Document::new` (header, dateline, dispatch date, language,
//! paragraphs, sentences, tokens) on any text: spans must stay inside the text and on
//! char boundaries.
#![no_main]

use annalist_core::{Document, Metadata};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = Document::new(text, Metadata::default());
    let len = doc.text.len();
    let spans = doc
        .tokens
        .iter()
        .map(|t| t.span)
        .chain(doc.sentences.iter().map(|s| s.span))
        .chain(doc.paragraphs.iter().copied())
        .chain(doc.dateline.iter().map(|d| d.span));
    for span in spans {
        assert!(
            span.start <= span.end && span.end <= len,
            "{span:?} outside 0..{len}"
        );
        assert!(doc.text.is_char_boundary(span.start) && doc.text.is_char_boundary(span.end));
    }
});
