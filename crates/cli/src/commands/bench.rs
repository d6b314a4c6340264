//! `annalist bench`: throughput of each stage on a corpus, one thread and all threads,
//! plus ingest into SQLite and peak memory. Run it on a release build.

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
}

struct Measure {
    bytes: usize,
    docs: usize,
}

impl Measure {
    fn line(&self, name: &str, seconds: f64, threads: usize) {
        let mb = self.bytes as f64 / 1e6;
        println!(
            "  {name:<28} {threads:>2} thread(s)  {:>9.2} MB/s  {:>10.0} docs/s  ({seconds:.3} s)",
            mb / seconds,
            self.docs as f64 / seconds
        );
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let started = Instant::now();
    let value = f();
    (value, started.elapsed().as_secs_f64().max(1e-9))
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
    let ((raws, failed), read_s) = timed(|| {
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
    let measure = Measure {
        bytes: raws.iter().map(|(t, _)| t.len()).sum(),
        docs: raws.len(),
    };
    println!(
        "corpus: {} documents, {:.2} MB of text, {failed} unreadable",
        measure.docs,
        measure.bytes as f64 / 1e6
    );
    measure.line("read", read_s, 1);

    let (docs, segment_1) = timed(|| {
        raws.iter()
            .map(|(t, m)| Document::new(t.clone(), m.clone()))
            .collect::<Vec<_>>()
    });
    measure.line("segment", segment_1, 1);
    let (_, segment_n) = timed(|| {
        raws.par_iter()
            .map(|(t, m)| Document::new(t.clone(), m.clone()))
            .count()
    });
    measure.line("segment", segment_n, threads);

    let analyzer = args.input.analyzer()?;
    let mut docs = docs;
    for stage in analyzer.pipeline().stages() {
        let (_, seconds) = timed(|| {
            for doc in docs.iter_mut().filter(|d| d.supported) {
                stage.annotate(doc);
            }
        });
        measure.line(&format!("stage {}", stage.name()), seconds, 1);
    }
    let (_, all_1) = timed(|| {
        for (text, metadata) in &raws {
            std::hint::black_box(analyzer.analyze(text.clone(), metadata.clone()));
        }
    });
    measure.line("whole pipeline", all_1, 1);
    let (analysed, all_n) = timed(|| analyzer.analyze_all(raws.clone()));
    measure.line("whole pipeline", all_n, threads);

    if args.store {
        let dir = tempfile::tempdir()?;
        let mut store = annalist_store::Store::open(&dir.path().join("bench.db"))?;
        let (_, store_s) = timed(|| -> anyhow::Result<()> {
            for chunk in analysed.chunks(500) {
                store.insert_batch(chunk)?;
            }
            Ok(())
        });
        measure.line("store insert (analysed docs)", store_s, 1);
        let mut store = annalist_store::Store::open(&dir.path().join("bench-ingest.db"))?;
        let (_, ingest_s) = timed(|| -> anyhow::Result<()> {
            for chunk in raws.chunks(500) {
                let docs = analyzer.analyze_all(chunk.to_vec());
                store.insert_batch(&docs)?;
            }
            Ok(())
        });
        measure.line("ingest (analyse + store)", ingest_s, threads);
    }
    if let Some(mb) = peak_rss_mb() {
        println!("  peak RSS {mb:.0} MB (the corpus is held in memory here; `ingest` streams)");
    }
    Ok(ExitCode::SUCCESS)
}
