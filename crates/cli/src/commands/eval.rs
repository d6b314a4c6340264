//! `annalist eval`: every scorer behind one command; `eval all` is what CI runs.

use super::{entity_cmds, event_cmds, quote_cmds, syntax_cmds, time_cmds};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    task: Task,
}

#[derive(clap::Subcommand)]
enum Task {
    /// TempEval-3 Task A scores (strict, relaxed, value, type F1) of TimeML files.
    Timeml(time_cmds::EvalTimemlArgs),
    /// Entity F1 for PER, ORG, LOC on CrossNER politics, WikiGold and re3d.
    Ner(entity_cmds::EvalNerArgs),
    /// Attribution (quotation) scores on PolNeAR.
    Quotes(quote_cmds::EvalQuotesArgs),
    /// Event scores on the PLOVER records and the PETRARCH validation suite.
    Events(event_cmds::EvalEventsArgs),
    /// Tagging, lemma and parsing scores on UD English-EWT (gold tokenisation and raw text).
    Syntax(syntax_cmds::EvalSyntaxArgs),
    /// Score dispatches against gold facts files (default: the TASS acceptance dispatch).
    Seed(SeedArgs),
    /// Dates, entities, quotes and events of the 60 TASS dispatches of dispatch-gold, in
    /// two parts: the tuned (odd-numbered) and the held-out (even-numbered) dispatches.
    Dispatches(DispatchArgs),
    /// Peer taggers' timex suites (`data/timex-suites/*.jsonl`): found and value accuracy
    /// overall and by category, for the tuned and the held-out part.
    Suites(SuitesArgs),
    /// Cross-document event fusion: the corpus ingested into a temporary store, its fused
    /// events scored against the gold clusters (pairwise F1, near misses merged), in two
    /// parts: tuned (c01, c05, ...) and held out (c03, c07, ...).
    Crossdoc(CrossdocArgs),
    /// Every evaluation, as CI runs it.
    All(AllArgs),
}

#[derive(clap::Args)]
struct SeedArgs {
    /// The shared data folder.
    #[arg(long, default_value = "../shared")]
    shared: PathBuf,
    /// Gold facts files (`*.gold.json`); the dispatch is the file the gold names, beside it.
    #[arg(long)]
    gold: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct DispatchArgs {
    /// The shared data folder.
    #[arg(long, default_value = "../shared")]
    shared: PathBuf,
    /// A folder of dispatches and their `gold.json` (default:
    /// `<shared>/data/dispatch-gold/tass2017`).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// List the misses and unmatched outputs of the tuned part (never the held-out part).
    #[arg(long)]
    details: bool,
    /// Whose details `--details` lists: the default engine's or the frame coder's.
    #[arg(long, default_value = "surface")]
    details_engine: annalist_events::Engine,
}

#[derive(clap::Args)]
struct SuitesArgs {
    /// The shared data folder.
    #[arg(long, default_value = "../shared")]
    shared: PathBuf,
    /// Suite files to score (default: every `.jsonl` of `<shared>/data/timex-suites`).
    files: Vec<PathBuf>,
    /// List the tuned part's wrong cases (never the held-out part's).
    #[arg(long)]
    details: bool,
}

#[derive(clap::Args)]
struct CrossdocArgs {
    /// The shared data folder.
    #[arg(long, default_value = "../shared")]
    shared: PathBuf,
    /// The gold clusters (default: `<shared>/data/crossdoc/clusters.dev.json`).
    #[arg(long)]
    clusters: Option<PathBuf>,
    /// The corpus to ingest (default: `<shared>/data/corpus/articles.jsonl`).
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// One line per tuned cluster: its matched event, missing articles, wrong sources and
    /// near misses merged (never the held-out clusters).
    #[arg(long)]
    details: bool,
    /// Score the fused events of this store, which holds the corpus already (`annalist
    /// ingest` of it), instead of ingesting the corpus into a temporary one.
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
}

#[derive(clap::Args)]
struct AllArgs {
    /// The shared data folder.
    #[arg(long, default_value = "../shared")]
    shared: PathBuf,
    /// Exit with 1 when any quality bar is not met (by default bars are reported).
    #[arg(long)]
    strict: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.task {
        Task::Timeml(args) => time_cmds::run_eval_timeml(args),
        Task::Ner(args) => entity_cmds::run_eval_ner(args),
        Task::Quotes(args) => quote_cmds::run_eval_quotes(args),
        Task::Events(args) => event_cmds::run_eval_events(args),
        Task::Syntax(args) => syntax_cmds::run_eval(args),
        Task::Seed(args) => run_seed(args),
        Task::Dispatches(args) => {
            let dir = args
                .dir
                .unwrap_or_else(|| annalist_eval::dispatches::default_dir(&args.shared));
            let scored = run_dispatches(&dir, args.details.then_some(args.details_engine))?;
            // Low scores are reported; files that could not be scored fail the command.
            Ok(if scored.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Task::Suites(args) => run_suites(args),
        Task::Crossdoc(args) => {
            use annalist_eval::crossdoc;
            let clusters = args
                .clusters
                .unwrap_or_else(|| crossdoc::default_clusters(&args.shared));
            let corpus = args
                .corpus
                .unwrap_or_else(|| crossdoc::default_corpus(&args.shared));
            let report = match &args.db {
                Some(db) => {
                    let store = annalist_store::Store::open_read_only(db)?;
                    crossdoc::evaluate_store(&store, &clusters, &corpus)?
                }
                None => {
                    let analyzer = annalist::Analyzer::new(&annalist::Options::default())?;
                    crossdoc::evaluate(&analyzer, &clusters, &corpus)?
                }
            };
            print!("{}", report.render());
            if args.details {
                print!("{}", report.render_details());
            }
            // Scores below the targets are reported, not failed.
            Ok(ExitCode::SUCCESS)
        }
        Task::All(args) => run_all(args),
    }
}

fn run_suites(args: SuitesArgs) -> anyhow::Result<ExitCode> {
    use annalist_eval::suites;
    let files = if args.files.is_empty() {
        suites::default_files(&args.shared)
    } else {
        args.files
    };
    if files.is_empty() {
        anyhow::bail!("no suite file (give one, or --shared with data/timex-suites)");
    }
    let recogniser = annalist_time::TimeRecogniser::new()?;
    for file in &files {
        let report = suites::evaluate_file(&recogniser, file)?;
        print!("{}", report.render());
        if args.details {
            print!("{}", report.render_details());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_seed(args: SeedArgs) -> anyhow::Result<ExitCode> {
    let analyzer = annalist::Analyzer::new(&annalist::Options::default())?;
    if args.gold.is_empty() {
        let (ok, report) = annalist_eval::seed::foundation_check(&analyzer, &args.shared)?;
        println!("acceptance dispatch tass-2022-01-14\n{report}");
        return Ok(if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    for gold in &args.gold {
        let report = annalist_eval::seed::score_gold_file(&analyzer, gold)?;
        println!("{}\n{}", gold.display(), report.render());
    }
    Ok(ExitCode::SUCCESS)
}

/// Scores the dispatches with the default event engine, then the frame coder's events
/// beside it, then (with `details`) the tuned part's misses of the default engine.
fn run_dispatches(
    dir: &Path,
    details: Option<annalist_events::Engine>,
) -> anyhow::Result<annalist_eval::dispatches::DispatchReport> {
    use annalist_eval::dispatches;
    let analyzer = annalist::Analyzer::new(&annalist::Options::default())?;
    let report = dispatches::evaluate(&analyzer, dir)?;
    print!("{}", report.render(false));
    let frames = annalist::Analyzer::new(&annalist::Options {
        event_engine: annalist_events::Engine::Frames,
        ..annalist::Options::default()
    })?;
    let framed = dispatches::evaluate(&frames, dir)?;
    for (name, part) in [
        ("tuned", dispatches::Part::Tune),
        ("held out", dispatches::Part::HeldOut),
    ] {
        let e = framed.part(part).events;
        println!(
            "  [--event-engine frames] events, {name}: recall {:.3} ({}/{}), strict precision {:.3} ({}/{})",
            e.recall(),
            e.found,
            e.gold,
            e.strict_precision(),
            e.matched,
            e.outputs
        );
    }
    // Recall and precision of the default engine's events at other confidence thresholds.
    println!("  events by confidence threshold (default engine), tuned | held-out:");
    for min in [0.0f32, 0.4, 0.5, 0.6, 0.7] {
        let analyzer = annalist::Analyzer::new(&annalist::Options {
            min_event_confidence: Some(min),
            ..annalist::Options::default()
        })?;
        let at = dispatches::evaluate(&analyzer, dir)?;
        let cell = |part| {
            let e = at.part(part).events;
            format!(
                "R {:.3} P {:.3} ({:>3} outputs)",
                e.recall(),
                e.strict_precision(),
                e.outputs
            )
        };
        println!(
            "    >= {min:.1}  {}  |  {}",
            cell(dispatches::Part::Tune),
            cell(dispatches::Part::HeldOut)
        );
    }
    match details {
        Some(annalist_events::Engine::Frames) => print!("{}", framed.render_details()),
        Some(_) => print!("{}", report.render_details()),
        None => {}
    }
    Ok(report)
}

/// `eval all`: true when the held-out targets are met (bars are reported, and fail the run
/// only with `--strict`, as for every scorer); an error when no dispatch could be scored.
fn run_dispatches_ci(shared: &Path) -> anyhow::Result<bool> {
    let report = run_dispatches(&annalist_eval::dispatches::default_dir(shared), None)?;
    if report.tune.dispatches + report.held_out.dispatches == 0 {
        anyhow::bail!("no dispatch could be scored");
    }
    Ok(report.targets_met())
}

/// `eval all`: true when the held-out crossdoc targets are met.
fn run_crossdoc_ci(shared: &Path) -> anyhow::Result<bool> {
    use annalist_eval::crossdoc;
    let analyzer = annalist::Analyzer::new(&annalist::Options::default())?;
    let report = crossdoc::evaluate(
        &analyzer,
        &crossdoc::default_clusters(shared),
        &crossdoc::default_corpus(shared),
    )?;
    print!("{}", report.render());
    Ok(report.targets_met())
}

type CiRun = fn(&Path) -> anyhow::Result<bool>;

fn run_all(args: AllArgs) -> anyhow::Result<ExitCode> {
    let shared = &args.shared;
    if !shared.join("README.md").exists() {
        anyhow::bail!(
            "shared data folder {} not found (use --shared)",
            shared.display()
        );
    }
    let analyzer = annalist::Analyzer::new(&annalist::Options::default())?;
    println!("== foundation: the acceptance dispatch");
    let (foundation_ok, report) = annalist_eval::seed::foundation_check(&analyzer, shared)?;
    println!("{report}");
    let mut runs: Vec<(&str, CiRun)> = vec![
        ("time (TempEval-3, WikiWars)", time_cmds::run_ci),
        ("entities (CrossNER, WikiGold, re3d)", entity_cmds::run_ci),
        ("quotes (PolNeAR)", quote_cmds::run_ci),
        ("events (PLOVER, PETRARCH)", event_cmds::run_ci),
    ];
    // A corpus that is not there is skipped, not failed.
    let mut skipped = Vec::new();
    let suites = "time suites (peer taggers' cases, data/timex-suites)";
    if annalist_eval::suites::default_files(shared).is_empty() {
        skipped.push((suites, "no data/timex-suites/*.jsonl".to_string()));
    } else {
        runs.insert(1, (suites, annalist_eval::suites::run_ci));
    }
    let dispatches = "dispatches (dispatch-gold, TASS 2017)";
    if annalist_eval::dispatches::default_dir(shared)
        .join("gold.json")
        .exists()
    {
        runs.push((dispatches, run_dispatches_ci));
    } else {
        skipped.push((
            dispatches,
            "no data/dispatch-gold/tass2017/gold.json".to_string(),
        ));
    }
    let crossdoc = "crossdoc (event fusion, 2017 corpus clusters)";
    if annalist_eval::crossdoc::default_clusters(shared).exists()
        && annalist_eval::crossdoc::default_corpus(shared).exists()
    {
        runs.push((crossdoc, run_crossdoc_ci));
    } else {
        skipped.push((
            crossdoc,
            "no data/crossdoc/clusters.dev.json or data/corpus/articles.jsonl".to_string(),
        ));
    }
    let syntax = "syntax (UD English-EWT test)";
    match syntax_cmds::missing_data(shared) {
        None => runs.push((syntax, syntax_cmds::run_ci)),
        Some(reason) => skipped.push((syntax, reason)),
    }
    let mut summary = vec![("foundation".to_string(), Ok(foundation_ok))];
    for (name, run) in runs {
        println!("== {name}");
        let started = std::time::Instant::now();
        let outcome = run(shared);
        if let Err(error) = &outcome {
            println!("  could not run: {error:#}");
        }
        println!("  ({:.1} s)\n", started.elapsed().as_secs_f64());
        summary.push((name.to_string(), outcome));
    }
    for (name, reason) in &skipped {
        println!("== {name}\n  skipped: {reason}\n");
    }
    println!("== summary");
    let mut errors = 0;
    let mut unmet = 0;
    for (name, outcome) in &summary {
        let status = match outcome {
            Ok(true) => "bars met",
            Ok(false) => {
                unmet += 1;
                "bars NOT met"
            }
            Err(_) => {
                errors += 1;
                "ERROR"
            }
        };
        println!("  {status:<13} {name}");
    }
    for (name, _) in &skipped {
        println!("  {:<13} {name}", "skipped");
    }
    let failed = errors > 0 || !foundation_ok || (args.strict && unmet > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
