//! `annalist bench`: throughput of each stage on a corpus, one thread and all threads,
//! plus ingest into SQLite and peak memory. Run it on a release build.
//!
//! Every measurement runs twice and prints both passes. The first pass is cold: matchers
//! build parts of their automata lazily on first use (regex's lazy DFA), once per thread.
//! The second pass is the steady state a long ingest runs at.

use super::input::InputArgs;
use annalist_core::Document;
use rayon::prelude::*;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,

    /// Also measure ingest into a temporary SQLite store.
    #[arg(long)]
    pub store: bool,

    /// Also measure writing the analysed documents into this PostgreSQL database
    /// (postgres://USER@HOST/DB) with one writer and with two writers at once (two
    /// sessions, each half of the corpus). Everything in it is dropped first.
    #[arg(long, value_name = "URL")]
    pub postgres: Option<String>,
}

struct Corpus {
    bytes: usize,
    docs: usize,
}

impl Corpus {
    fn line(&self, name: &str, threads: usize, cold: f64, warm: f64) {
        let mb = self.bytes as f64 / 1e6;
        println!(
            "  {name:<24} {threads:>2} thread(s)  cold {:>8.2} MB/s  warm {:>8.2} MB/s  {:>9.0} docs/s  ({warm:.3} s)",
            mb / cold,
            mb / warm,
            self.docs as f64 / warm
        );
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let started = Instant::now();
    let value = f();
    (value, started.elapsed().as_secs_f64().max(1e-9))
}

/// Runs `f` twice; returns the second result and both durations.
fn twice<T>(mut f: impl FnMut() -> T) -> (T, f64, f64) {
    let (_, cold) = timed(&mut f);
    let (value, warm) = timed(&mut f);
    (value, cold, warm)
}

/// Peak resident set size of this process, from /proc (Linux), in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = args.input.read_options()?;
    let threads = rayon::current_num_threads();
    let ((raws, failed), read_cold, read_warm) = twice(|| {
        let mut raws = Vec::new();
        let mut failed = 0usize;
        for item in annalist_ingest::read_inputs(&args.input.inputs, &options) {
            match item {
                Ok(raw) => raws.push((raw.text, raw.metadata)),
                Err(_) => failed += 1,
            }
        }
        (raws, failed)
    });
    let corpus = Corpus {
        bytes: raws.iter().map(|(t, _)| t.len()).sum(),
        docs: raws.len(),
    };
    println!(
        "corpus: {} documents, {:.2} MB of text, {failed} unreadable; {threads} threads",
        corpus.docs,
        corpus.bytes as f64 / 1e6
    );
    corpus.line("read", 1, read_cold, read_warm);

    let segment = || {
        raws.iter()
            .map(|(t, m)| Document::new(t.clone(), m.clone()))
            .collect::<Vec<_>>()
    };
    let (mut docs, cold, warm) = twice(segment);
    corpus.line("segment", 1, cold, warm);
    let (_, cold, warm) = twice(|| {
        raws.par_iter()
            .map(|(t, m)| Document::new(t.clone(), m.clone()))
            .count()
    });
    corpus.line("segment", threads, cold, warm);

    let analyzer = args.input.analyzer()?;
    for stage in analyzer.pipeline().stages() {
        // Each pass annotates its own copy of the input, made outside the clock.
        let pass = |input: &[Document]| {
            let mut copy = input.to_vec();
            let (_, seconds) = timed(|| {
                for doc in copy.iter_mut().filter(|d| d.supported) {
                    stage.annotate(doc);
                }
            });
            (copy, seconds)
        };
        let (_, cold) = pass(&docs);
        let (annotated, warm) = pass(&docs);
        corpus.line(&format!("stage {}", stage.name()), 1, cold, warm);
        if stage.name() == "syntax" {
            // The language layer's own unit: words tagged and parsed per second.
            let words: usize = annotated.iter().map(|d| d.syntax.words.len()).sum();
            println!(
                "  {:<24}  1 thread(s)  {:>10.0} words/s tagged, lemmatised and parsed (warm)",
                "stage syntax",
                words as f64 / warm
            );
        }
        docs = annotated;
    }
    let (_, cold, warm) = twice(|| {
        for (text, metadata) in &raws {
            std::hint::black_box(analyzer.analyze(text.clone(), metadata.clone()));
        }
    });
    corpus.line("whole pipeline", 1, cold, warm);
    let (analysed, cold, warm) = twice(|| analyzer.analyze_all(raws.clone()));
    corpus.line("whole pipeline", threads, cold, warm);

    if args.store {
        let dir = tempfile::tempdir()?;
        let mut store = annalist_store::Store::open(&dir.path().join("bench.db"))?;
        let (_, store_s) = timed(|| -> anyhow::Result<()> {
            for chunk in analysed.chunks(500) {
                store.insert_batch(chunk)?;
            }
            Ok(())
        });
        corpus.line("store insert", 1, store_s, store_s);
        // Batch by batch, without the overlap of analysis and writing that `annalist
        // ingest` has (it prints its own rate): a lower bound for it.
        let mut store = annalist_store::Store::open(&dir.path().join("bench-ingest.db"))?;
        let (_, ingest_s) = timed(|| -> anyhow::Result<()> {
            for chunk in raws.chunks(500) {
                let docs = analyzer.analyze_all(chunk.to_vec());
                store.insert_batch(&docs)?;
            }
            Ok(())
        });
        corpus.line("analyse, then store", threads, ingest_s, ingest_s);
    }
    if let Some(url) = &args.postgres {
        for writers in [1, 2] {
            annalist_store::Store::drop_postgres_store(url)?;
            let parts: Vec<&[Document]> =
                analysed.chunks(analysed.len().div_ceil(writers)).collect();
            let (stored, store_s) = timed(|| -> anyhow::Result<usize> {
                std::thread::scope(|scope| {
                    let handles: Vec<_> = parts
                        .iter()
                        .map(|part| {
                            scope.spawn(move || -> anyhow::Result<usize> {
                                let mut store = annalist_store::Store::open_url(url)?;
                                let mut stored = 0;
                                for chunk in part.chunks(500) {
                                    stored += store.insert_batch(chunk)?.stored;
                                }
                                Ok(stored)
                            })
                        })
                        .collect();
                    handles
                        .into_iter()
                        .map(|h| h.join().expect("a writer panicked"))
                        .sum()
                })
            });
            let stored = stored?;
            anyhow::ensure!(
                stored == analysed.len(),
                "stored {stored} of {}",
                analysed.len()
            );
            corpus.line(
                &format!("postgres, {writers} writer(s)"),
                writers,
                store_s,
                store_s,
            );
        }
    }
    if let Some(mb) = peak_rss_mb() {
        println!("  peak RSS {mb:.0} MB (the corpus is held in memory here; `ingest` streams)");
    }
    Ok(ExitCode::SUCCESS)
}
