//! Read throughput of the readers: `cargo run --release -p annalist-ingest --example
//! read_throughput -- FILE...` prints documents, errors and MB/s (input bytes on disk).

use annalist_ingest::{read_inputs, ReadOptions};
use std::time::Instant;

fn main() {
    let inputs: Vec<String> = std::env::args().skip(1).collect();
    let bytes: u64 = inputs
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let rounds = 5;
    let start = Instant::now();
    let (mut docs, mut errors, mut text_bytes) = (0usize, 0usize, 0usize);
    for _ in 0..rounds {
        for item in read_inputs(&inputs, &ReadOptions::default()) {
            match item {
                Ok(doc) => {
                    docs += 1;
                    text_bytes += doc.text.len();
                }
                Err(e) => {
                    errors += 1;
                    eprintln!("{e}");
                }
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "{} documents, {} errors, {:.1} MB text, {:.1} MB read in {:.3} s: {:.0} MB/s",
        docs / rounds as usize,
        errors / rounds as usize,
        text_bytes as f64 / rounds as f64 / 1e6,
        mb,
        seconds,
        mb / seconds
    );
}
