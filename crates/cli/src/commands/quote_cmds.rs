//! Quotation commands: `annalist quotes` (what a speaker said, over the store) and
//! `annalist eval quotes` (attribution scores on PolNeAR and the seed's quotations).

use super::store_cmds::DbArg;
use annalist_eval::attribution;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct QuotesArgs {
    /// Only quotations by this speaker: canonical name, surname or the source as written
    /// (case-insensitive).
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// Earliest dispatch date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, inclusive).
    #[arg(long, value_name = "DATE", value_parser = super::args::date_bound)]
    from: Option<String>,
    /// Latest dispatch date (inclusive).
    #[arg(long, value_name = "DATE", value_parser = super::args::date_bound)]
    to: Option<String>,
    /// Only quotations whose text holds every one of these words (case-insensitive):
    /// `--about NATO`, `--about "missile defence"`.
    #[arg(long, value_name = "WORDS")]
    about: Option<String>,
    #[command(flatten)]
    db: DbArg,
    /// Print JSON Lines (one stored quotation per line) instead of text.
    #[arg(long)]
    json: bool,
    /// At most this many quotations.
    #[arg(long)]
    limit: Option<usize>,
}

/// Lists stored quotations (optionally of one speaker) in date order, with their dates
/// and sources.
pub fn run_quotes(args: QuotesArgs) -> anyhow::Result<ExitCode> {
    super::args::window(args.from.as_deref(), args.to.as_deref()).map_err(super::usage)?;
    let store = args.db.open_existing()?;
    let quotes = store.quotes_matching(&annalist_store::QuoteFilter {
        speaker: args.speaker.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        about: args.about.clone(),
        canonical: None,
    })?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let limit = args.limit.unwrap_or(usize::MAX);
    for stored in quotes.iter().take(limit) {
        if args.json {
            let value = serde_json::json!({
                "doc_id": stored.doc_id,
                "source": stored.source,
                "title": stored.title,
                "date": stored.dct,
                "speaker": stored.speaker_name,
                "quote": stored.quote,
            });
            writeln!(out, "{value}")?;
            continue;
        }
        let q = &stored.quote;
        let kind = serde_json::to_value(q.kind)?;
        let cue = q.cue.as_ref().map_or("-", |c| c.text.as_str());
        writeln!(
            out,
            "{}  {}  [{} via {:?}]  {}",
            stored.dct.as_deref().unwrap_or("????-??-??"),
            stored
                .speaker_name
                .as_deref()
                .unwrap_or("(unknown speaker)"),
            kind.as_str().unwrap_or("?"),
            cue,
            stored.title.as_deref().unwrap_or(&stored.source),
        )?;
        let text = q.text.split_whitespace().collect::<Vec<_>>().join(" ");
        writeln!(out, "    \u{201c}{text}\u{201d}")?;
        writeln!(out, "    {} {}-{}", stored.source, q.span.start, q.span.end)?;
    }
    out.flush()?;
    if quotes.is_empty() && io::stderr().is_terminal() {
        eprintln!("no quotations found");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct EvalQuotesArgs {
    /// The shared data folder.
    #[arg(long, default_value = "../shared")]
    shared: PathBuf,
    /// PolNeAR split to score (`dev` for reporting, `train` for development).
    #[arg(long, default_value = "dev")]
    split: String,
    /// Print the scores as JSON (for `scripts/textacy_compare.py`).
    #[arg(long)]
    json: bool,
    /// Print direct-subset misses, wrong speakers and false alarms to stderr.
    #[arg(long)]
    errors: bool,
}

/// Scores the seed's quotations and a PolNeAR split.
pub fn run_eval_quotes(args: EvalQuotesArgs) -> anyhow::Result<ExitCode> {
    let analyzer = annalist::Analyzer::new(&annalist::Options::default())?;
    let seed_path = attribution::seed_gold_path(&args.shared);
    let seed = if seed_path.exists() {
        Some(attribution::check_seed(&analyzer, &seed_path)?)
    } else {
        None
    };
    let dir = attribution::polnear_dir(&args.shared, &args.split);
    let report = attribution::evaluate_polnear(&analyzer, &dir, args.errors)?;
    if args.json {
        let counts = |c: &attribution::Counts| {
            serde_json::json!({
                "precision": c.precision(),
                "recall": c.recall(),
                "f1": c.f1(),
                "speaker_accuracy": c.speaker_accuracy(),
                "counts": c,
            })
        };
        let value = serde_json::json!({
            "split": args.split,
            "documents": report.documents,
            "misaligned_annotations": report.misaligned_annotations,
            "direct": counts(&report.direct),
            "all": counts(&report.all),
            "seed_passed": seed.as_ref().map(|s| s.passed()),
        });
        println!("{value}");
    } else {
        if let Some(seed) = &seed {
            print!("{}", seed.render());
        }
        print!(
            "{}",
            report.render(&format!("PolNeAR {} attributions", args.split))
        );
        if report.misaligned_annotations > 0 {
            println!(
                "  ({} annotations did not match the text at their offsets)",
                report.misaligned_annotations
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What `annalist eval all` runs: prints the seed check and PolNeAR dev scores; true
/// when the seed's quotations are right.
pub fn run_ci(shared: &Path) -> anyhow::Result<bool> {
    attribution::run_ci(shared)
}
