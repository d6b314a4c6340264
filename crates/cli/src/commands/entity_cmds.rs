//! `annalist eval ner`: entity-level F1 for PER, ORG and LOC on CrossNER politics,
//! WikiGold and re3d (scorer in `annalist_eval::ner`), and the CI bars for entities.
//!
//! `--dump DIR` writes each set's units with gold and annalist's predictions as JSON Lines
//! (character offsets), which `scripts/spacy_ner_compare.py` reads to score spaCy on the
//! same units with the same mapping and scorer.

use annalist_eval::ner::{self, Labeled, NerDoc, SetResult};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// spaCy `en_core_web_sm` F1 on each set, measured with `scripts/spacy_ner_compare.py`
/// (same units, mapping and scorer); the bar is to beat it.
const SPACY_SM_F1: [(&str, f64); 3] = [("crossner", 0.442), ("wikigold", 0.532), ("re3d", 0.373)];

#[derive(clap::Args)]
pub struct EvalNerArgs {
    /// The shared data folder.
    #[arg(long, default_value = "../shared")]
    shared: PathBuf,
    /// Sets to score (crossner, wikigold, re3d); all by default.
    #[arg(long = "set")]
    sets: Vec<String>,
    /// Extra PETRARCH/Phoenix actor or agent dictionaries.
    #[arg(long = "actors")]
    actors: Vec<PathBuf>,
    /// Write units, gold and predictions as JSON Lines into this folder (for the spaCy script).
    #[arg(long)]
    dump: Option<PathBuf>,
    /// Print up to this many missed and spurious entities per set.
    #[arg(long, default_value_t = 0)]
    errors: usize,
}

fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |t| t.chars().count())
}

fn dump_set(dir: &Path, name: &str, docs: &[NerDoc], result: &SetResult) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut out =
        std::io::BufWriter::new(std::fs::File::create(dir.join(format!("{name}.jsonl")))?);
    let spans = |text: &str, list: &[Labeled]| -> Vec<serde_json::Value> {
        list.iter()
            .map(|l| {
                serde_json::json!([
                    char_offset(text, l.start),
                    char_offset(text, l.end),
                    l.label.as_str()
                ])
            })
            .collect()
    };
    for (d, (_, _, pred)) in docs.iter().zip(&result.details) {
        let tokens: Vec<[usize; 2]> = d
            .tokens
            .iter()
            .map(|(s, e)| [char_offset(&d.text, *s), char_offset(&d.text, *e)])
            .collect();
        let record = serde_json::json!({
            "id": d.id,
            "text": d.text,
            "tokens": tokens,
            "gold": spans(&d.text, &d.gold),
            "annalist": spans(&d.text, pred),
        });
        writeln!(out, "{record}")?;
    }
    Ok(())
}

fn print_errors(docs: &[NerDoc], result: &SetResult, limit: usize) {
    let mut missed = 0;
    let mut spurious = 0;
    for (d, (_, gold, pred)) in docs.iter().zip(&result.details) {
        for g in gold.iter().filter(|g| !pred.contains(g)) {
            if missed < limit {
                println!(
                    "    missed   {} {:?}",
                    g.label.as_str(),
                    d.text.get(g.start..g.end).unwrap_or("")
                );
                missed += 1;
            }
        }
        for p in pred.iter().filter(|p| !gold.contains(p)) {
            if spurious < limit {
                println!(
                    "    spurious {} {:?}",
                    p.label.as_str(),
                    d.text.get(p.start..p.end).unwrap_or("")
                );
                spurious += 1;
            }
        }
    }
}

/// Scores the sets; returns (set, F1, bar met) per set.
fn run_sets(
    shared: &Path,
    sets: &[String],
    actors: &[PathBuf],
    dump: Option<&Path>,
    errors: usize,
) -> anyhow::Result<Vec<(String, f64, bool)>> {
    let analyzer = annalist::Analyzer::new(&annalist::Options {
        actor_dictionaries: actors.to_vec(),
        ..annalist::Options::default()
    })?;
    let mut outcome = Vec::new();
    for name in sets {
        let docs = ner::load_set(shared, name)?;
        let result = ner::evaluate(|text, meta| analyzer.analyze(text, meta), &docs);
        print!("{}", result.counts.render(name));
        let (_, _, f1) = result.counts.micro();
        let bar = SPACY_SM_F1
            .iter()
            .find(|(s, _)| s == name)
            .map_or(0.0, |(_, f)| *f);
        println!(
            "  {name:<18} {} units, {} words, {:.0} words/s (whole pipeline, one thread); bar: F1 > spaCy sm {bar:.2}",
            docs.len(),
            result.words,
            result.words as f64 / result.seconds.max(1e-9)
        );
        if errors > 0 {
            print_errors(&docs, &result, errors);
        }
        if let Some(dir) = dump {
            dump_set(dir, name, &docs, &result)?;
        }
        outcome.push((name.clone(), f1, f1 > bar));
    }
    Ok(outcome)
}

pub fn run_eval_ner(args: EvalNerArgs) -> anyhow::Result<ExitCode> {
    let sets: Vec<String> = if args.sets.is_empty() {
        ner::SETS.iter().map(|s| s.to_string()).collect()
    } else {
        args.sets.clone()
    };
    run_sets(
        &args.shared,
        &sets,
        &args.actors,
        args.dump.as_deref(),
        args.errors,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// CI: every set scored; the bars are met when annalist beats spaCy sm on each set.
pub fn run_ci(shared: &Path) -> anyhow::Result<bool> {
    let sets: Vec<String> = ner::SETS.iter().map(|s| s.to_string()).collect();
    let outcome = run_sets(shared, &sets, &[], None, 0)?;
    Ok(outcome.iter().all(|(_, _, met)| *met))
}
