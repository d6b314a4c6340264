//! Words per second of the entity stage alone on a JSON Lines corpus (one thread):
//! `cargo run --release -p annalist-entities --example entities_throughput -- articles.jsonl [N]`.

use annalist_core::{Document, Metadata, Recogniser};
use annalist_entities::EntityRecogniser;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: throughput FILE.jsonl [MAX_DOCS]")?;
    let max: usize = args
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX);
    let built = Instant::now();
    let recogniser = EntityRecogniser::new()?;
    let build_time = built.elapsed();
    let content = std::fs::read_to_string(&path)?;
    let mut docs = Vec::new();
    for line in content.lines().take(max) {
        let value: serde_json::Value = serde_json::from_str(line)?;
        let text = value
            .get("text")
            .and_then(|t| t.as_str())
            .unwrap_or("")
            .to_string();
        docs.push(Document::new(text, Metadata::default()));
    }
    let words: usize = docs
        .iter()
        .map(|d| {
            d.tokens
                .iter()
                .filter(|t| t.kind == annalist_core::TokenKind::Word)
                .count()
        })
        .sum();
    let start = Instant::now();
    let mut entities = 0;
    for doc in &mut docs {
        recogniser.annotate(doc);
        entities += doc.entities.len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} docs, {words} words, {entities} entities in {secs:.2}s: {:.0} words/s (build {:.2}s)",
        docs.len(),
        words as f64 / secs,
        build_time.as_secs_f64()
    );
    Ok(())
}
