//! `annalist`: the command-line interface over the pipeline, the store and the scorers.
//!
//! Exit codes:
//! - 0: all good;
//! - 1: some inputs or documents failed (each listed on stderr), the others were done;
//! - 2: usage error: the command line is wrong (unknown command or flag, a bad value such
//!   as a date, an event type, a batch size); nothing was done;
//! - 3: the command could not be carried out (the store cannot be opened, is read-only
//!   or full, no such document, a file named by an option cannot be read); what was
//!   committed before stays.

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
    /// Fuse stored event mentions into one event per real-world event (ingest does it
    /// as it stores; `--refuse` recomputes every fused event).
    Fuse(store_cmds::FuseArgs),
    /// What a speaker said, over the store.
    Quotes(quote_cmds::QuotesArgs),
    /// Events over the store, in date order.
    Timeline(event_cmds::TimelineArgs),
    /// Fused events: one per real-world event, with its mentions, articles and sources.
    Events(event_cmds::EventsArgs),
    /// Export the store: GDELT events, PLOVER records, flat tables (CSV, Parquet).
    Export(event_cmds::ExportArgs),
    /// Serve the HTTP API and the web workbench over the store.
    Serve(serve_cmd::ServeArgs),
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

/// A usage error (clap uses the same code for its own).
const EXIT_USAGE: u8 = 2;
/// A runtime failure.
const EXIT_RUNTIME: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Ingest(args) => store_cmds::run_ingest(args),
        Command::Search(args) => store_cmds::run_search(args),
        Command::Show(args) => store_cmds::run_show(args),
        Command::Stats(args) => store_cmds::run_stats(args),
        Command::Fuse(args) => store_cmds::run_fuse(args),
        Command::Quotes(args) => quote_cmds::run_quotes(args),
        Command::Timeline(args) => event_cmds::run_timeline(args),
        Command::Events(args) => event_cmds::run_events(args),
        Command::Export(args) => event_cmds::run_export(args),
        Command::Serve(args) => serve_cmd::run(args),
        Command::Timeml(args) => time_cmds::run_timeml(args),
        Command::Parse(args) => syntax_cmds::run_parse(args),
        Command::TrainSyntax(args) => syntax_cmds::run_train(args),
        Command::Eval(args) => eval::run(args),
        Command::Bench(args) => bench::run(args),
    };
    match result {
        Ok(code) => code,
        // A reader that stops early (`| head`) is not a failure.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("annalist: {error:#}");
            if error.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::from(EXIT_RUNTIME)
            }
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
