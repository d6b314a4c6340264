//! Throughput of the time stage alone on a JSON Lines corpus (`{date, text, ...}` per
//! line): segmentation (`Document::new`) is timed apart from `TimeRecogniser::annotate`.
//!
//! `cargo run --release -p annalist-time --example time_throughput -- [FILE]`
//! (default `../shared/data/corpus/articles.jsonl`).

use annalist_core::{Date, Document, Metadata, Recogniser};
use annalist_time::TimeRecogniser;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/corpus/articles.jsonl".to_string());
    let content = std::fs::read_to_string(&path)?;
    let mut records = Vec::new();
    for line in content.lines().filter(|l| !l.trim().is_empty()) {
        let value: serde_json::Value = serde_json::from_str(line)?;
        let text = value["text"].as_str().unwrap_or("").to_string();
        let date = value["date"].as_str().and_then(Date::parse);
        records.push((text, date));
    }
    let bytes: usize = records.iter().map(|(t, _)| t.len()).sum();
    let recogniser = TimeRecogniser::new()?;

    let started = Instant::now();
    let mut docs: Vec<Document> = records
        .into_iter()
        .map(|(text, date)| {
            Document::new(
                text,
                Metadata {
                    source: path.clone(),
                    date,
                    ..Metadata::default()
                },
            )
        })
        .collect();
    let segment = started.elapsed().as_secs_f64();

    // Best of three passes over the segmented documents (one core).
    let mut best = f64::MAX;
    let mut timexes = 0;
    for _ in 0..3 {
        for doc in &mut docs {
            doc.timexes.clear();
        }
        let started = Instant::now();
        for doc in &mut docs {
            recogniser.annotate(doc);
        }
        best = best.min(started.elapsed().as_secs_f64());
        timexes = docs.iter().map(|d| d.timexes.len()).sum();
    }
    let invalid = docs
        .iter()
        .flat_map(|d| &d.diagnostics)
        .filter(|d| d.stage == "time")
        .count();
    let mb = bytes as f64 / 1e6;
    println!(
        "{} documents, {mb:.1} MB, {timexes} timexes, {invalid} time diagnostics\nsegmentation (Document::new): {segment:.3} s, {:.1} MB/s\ntime stage alone: {best:.3} s, {:.1} MB/s per core",
        docs.len(),
        mb / segment,
        mb / best
    );
    Ok(())
}
