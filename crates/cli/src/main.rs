//! `annalist`: the command-line interface over the pipeline, the store and the scorers.
//!
//! Exit codes: 0 all good, 1 some documents failed (each listed on stderr), 2 usage error.

mod commands;

use clap::{Parser, Subcommand};
use commands::*;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "annalist",
    version,
    about = "Sourced, time-anchored records from news dispatches"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse documents and print the result (JSON Lines, a digest, or TimeML).
    Analyze(analyze::Args),
    /// Analyse documents and store them in the database.
    Ingest(store_cmds::IngestArgs),
    /// Full-text search over stored documents.
    Search(store_cmds::SearchArgs),
    /// Show one stored document.
    Show(store_cmds::ShowArgs),
    /// Counts of what the store holds.
    Stats(store_cmds::StatsArgs),
    /// What a speaker said, over the store.
    Quotes(quote_cmds::QuotesArgs),
    /// Events over the store, in date order.
    Timeline(event_cmds::TimelineArgs),
    /// Export stored events (GDELT event table, PLOVER JSON).
    Export(event_cmds::ExportArgs),
    /// Annotate a folder of TempEval-3 TimeML files with TIMEX3 tags.
    Timeml(time_cmds::TimemlArgs),
    /// Tag, lemmatise and parse text (or CoNLL-U words) into CoNLL-U.
    Parse(syntax_cmds::ParseArgs),
    /// Train the syntax model (tagger, lemmatiser, parser) on UD English-EWT.
    TrainSyntax(syntax_cmds::TrainSyntaxArgs),
    /// Score annalist against annotated corpora.
    Eval(eval::Args),
    /// Measure throughput of each stage on a corpus.
    Bench(bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Ingest(args) => store_cmds::run_ingest(args),
        Command::Search(args) => store_cmds::run_search(args),
        Command::Show(args) => store_cmds::run_show(args),
        Command::Stats(args) => store_cmds::run_stats(args),
        Command::Quotes(args) => quote_cmds::run_quotes(args),
        Command::Timeline(args) => event_cmds::run_timeline(args),
        Command::Export(args) => event_cmds::run_export(args),
        Command::Timeml(args) => time_cmds::run_timeml(args),
        Command::Parse(args) => syntax_cmds::run_parse(args),
        Command::TrainSyntax(args) => syntax_cmds::run_train(args),
        Command::Eval(args) => eval::run(args),
        Command::Bench(args) => bench::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("annalist: {error:#}");
            ExitCode::from(2)
        }
    }
}
