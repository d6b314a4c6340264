//! Prints the timexes of a text read from stdin: `annotate [DCT]`.

use annalist_core::{Date, Document, Metadata, Recogniser};
use annalist_time::TimeRecogniser;
use std::io::Read;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dct = std::env::args().nth(1).and_then(|d| Date::parse(&d));
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let recogniser = TimeRecogniser::new()?;
    let mut doc = Document::new(
        text,
        Metadata {
            source: "stdin".into(),
            date: dct,
            ..Metadata::default()
        },
    );
    recogniser.annotate(&mut doc);
    for t in &doc.timexes {
        let modifier = t.modifier.as_deref().unwrap_or("");
        println!(
            "{:?}\t{:?}\t{}\t{}\t{modifier}",
            t.span,
            t.text,
            t.kind.as_str(),
            t.value
        );
    }
    Ok(())
}
