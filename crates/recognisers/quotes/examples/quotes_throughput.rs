//! Throughput of the quote stage alone on a JSON Lines corpus (one `{"text": ...}` per
//! line), single-threaded: documents are segmented first (not timed), then only
//! `QuoteRecogniser::annotate` is timed.
//!
//! `cargo run --release -p annalist-quotes --example quotes_throughput -- ../shared/data/corpus/articles.jsonl`

use annalist_core::{Document, Metadata, Recogniser};
use annalist_quotes::QuoteRecogniser;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/corpus/articles.jsonl".to_string());
    let content = std::fs::read_to_string(&path)?;
    let mut docs = Vec::new();
    let mut bytes = 0usize;
    for line in content.lines() {
        let Some(text) = json_text_field(line) else {
            continue;
        };
        bytes += text.len();
        docs.push(Document::new(text, Metadata::default()));
    }
    let recogniser = QuoteRecogniser::new()?;
    let started = Instant::now();
    let cpu_started = cpu_seconds();
    // `--repeat N` runs the stage N times over the corpus for a steadier measure.
    let repeat: usize = std::env::args()
        .skip_while(|a| a != "--repeat")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
        .max(1);
    let mut quotes = 0usize;
    for _ in 0..repeat {
        quotes = 0;
        for doc in &mut docs {
            doc.quotes.clear();
            recogniser.annotate(doc);
            quotes += doc.quotes.len();
        }
    }
    let bytes_total = bytes * repeat;
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu_started).map(|(b, a)| b - a);
    if std::env::args().any(|a| a == "--breakdown") {
        breakdown(&docs)?;
    }
    println!(
        "{} documents, {:.1} MB, {} quotations; {:.3} s wall: {:.1} MB/s on one thread",
        docs.len(),
        bytes as f64 / 1e6,
        quotes,
        seconds,
        bytes_total as f64 / 1e6 / seconds
    );
    // On a loaded machine wall time overstates the cost; CPU time is what one core spent.
    if let Some(cpu) = cpu.filter(|c| *c > 0.0) {
        println!(
            "CPU time {cpu:.3} s for {repeat} pass(es): {:.1} MB/s per core",
            bytes_total as f64 / 1e6 / cpu
        );
    }
    Ok(())
}

/// User+system CPU time of this process (Linux `/proc/self/stat`, clock ticks of 1/100 s).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Time per step of the stage (marks, cues, patterns, resolution).
fn breakdown(docs: &[Document]) -> Result<(), Box<dyn std::error::Error>> {
    use annalist_quotes::{attribute, lexicon::Lexicon, marks, speakers};
    let lexicon = Lexicon::load()?;
    let mut times = [0f64; 5];
    for doc in docs {
        let t = Instant::now();
        let found = marks::scan_marks(&doc.text, doc.body_start);
        let pairing = marks::pair_marks(&doc.text, &found, &doc.paragraphs);
        times[0] += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let cues = lexicon.find_cues(&doc.text, doc.body_start);
        times[1] += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let ctx = attribute::Ctx::new(doc, &lexicon, &cues);
        let mut used = vec![false; cues.len()];
        let (mut candidates, claimed) =
            attribute::direct_pass(&ctx, &pairing.segments, &cues, &mut used);
        times[2] += t.elapsed().as_secs_f64();
        let t = Instant::now();
        candidates.extend(attribute::indirect_pass(
            &ctx,
            &pairing.segments,
            &claimed,
            &cues,
            &used,
        ));
        times[3] += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let quotes = speakers::resolve(doc, &lexicon, &pairing.segments, candidates);
        times[4] += t.elapsed().as_secs_f64();
        std::hint::black_box(quotes);
    }
    println!(
        "marks {:.3} s, cues {:.3} s, direct {:.3} s, indirect {:.3} s, resolve {:.3} s",
        times[0], times[1], times[2], times[3], times[4]
    );
    Ok(())
}

/// The `text` field of a JSON Lines record, without a JSON dependency: enough for a
/// benchmark (escapes `\n`, `\"`, `\\`, `\uXXXX` are decoded).
fn json_text_field(line: &str) -> Option<String> {
    let key = "\"text\"";
    let at = line.find(key)? + key.len();
    let rest = line.get(at..)?.trim_start().strip_prefix(':')?.trim_start();
    let mut chars = rest.strip_prefix('"')?.chars();
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let code = u32::from_str_radix(&hex, 16).ok()?;
                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                }
                other => out.push(other),
            },
            other => out.push(other),
        }
    }
    None
}
