//! Event commands: `annalist timeline` (stored events in date order), `annalist events`
//! (fused events: one record per real-world event, with its sources), `annalist export`
//! (the GDELT 2.0 event table, PLOVER JSON records, or a flat table as CSV or Parquet)
//! and `annalist eval events` (seed, PLOVER and PETRARCH scores).
//!
//! The formats live in `annalist_export`; this module only opens the store and the
//! output.

use super::store_cmds::DbArg;
use annalist_eval::events as scorer;
use annalist_export::{columnar, gdelt, plover, tables::Table};
use annalist_store::{EventFilter, FusedFilter};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct TimelineArgs {
    /// Only events with this participant: canonical name, surname, or actor code / code
    /// prefix (`RUS` matches `RUSGOV`).
    #[arg(long, value_name = "NAME|CODE")]
    actor: Option<String>,
    /// Earliest date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, inclusive).
    #[arg(long, value_name = "DATE", value_parser = super::args::date_bound)]
    from: Option<String>,
    /// Latest date (inclusive).
    #[arg(long, value_name = "DATE", value_parser = super::args::date_bound)]
    to: Option<String>,
    /// PLOVER type (`CONSULT`) or CAMEO code prefix (`04`).
    #[arg(long = "type", value_name = "TYPE", value_parser = super::args::event_type)]
    kind: Option<String>,
    /// Only events with this recipient (matched as `--actor` is).
    #[arg(long, value_name = "NAME|CODE")]
    recipient: Option<String>,
    /// Only events between these two parties, either one the actor (`--dyad RUS,TUR`).
    #[arg(long, value_name = "A,B", value_parser = super::args::dyad)]
    dyad: Option<(String, String)>,
    /// With --from/--to, also list events dated coarser than the window ("2017" in a
    /// window of days) and events the text gives no date for (placed at their dispatch
    /// date); by default a window holds only events known to fall in it.
    #[arg(long)]
    coarse_dates: bool,
    #[command(flatten)]
    db: DbArg,
    /// Print JSON Lines instead of text.
    #[arg(long)]
    json: bool,
    /// At most this many events.
    #[arg(long)]
    limit: Option<usize>,
}

fn party_names(parties: &[(String, Vec<String>)]) -> String {
    if parties.is_empty() {
        return "?".to_string();
    }
    parties
        .iter()
        .map(|(name, codes)| match codes.first() {
            Some(code) => format!("{name} [{code}]"),
            None => name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Lists stored events in date order: date, type, place, actors, recipients, dispatch.
pub fn run_timeline(args: TimelineArgs) -> anyhow::Result<ExitCode> {
    super::args::window(args.from.as_deref(), args.to.as_deref()).map_err(super::usage)?;
    let store = args.db.open_existing()?;
    let filter = EventFilter {
        actor: args.actor.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        kind: args.kind.clone(),
        recipient: args.recipient.clone(),
        dyad: args.dyad.clone(),
        coarse_dates: args.coarse_dates,
    };
    let events = store.events(&filter)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for stored in events.iter().take(args.limit.unwrap_or(usize::MAX)) {
        let e = &stored.event;
        if args.json {
            let value = serde_json::json!({
                "date": stored.date,
                "type": e.kind,
                "cameo": e.cameo,
                "actors": stored.actors,
                "recipients": stored.recipients,
                "place": stored.place,
                "negated": e.negated,
                "modality": e.modality,
                "doc_id": stored.doc_id,
                "source": stored.source,
                "title": stored.title,
                "dct": stored.dct,
                "event": e,
            });
            writeln!(out, "{value}")?;
            continue;
        }
        let mut flags = String::new();
        if e.negated {
            flags.push_str(" (negated)");
        }
        if e.modality != "asserted" {
            flags.push_str(&format!(" ({})", e.modality));
        }
        let place = stored
            .place
            .as_deref()
            .map_or(String::new(), |p| format!(" in {p}"));
        let trigger = e
            .mentions
            .first()
            .map_or(String::new(), |m| format!(" \"{}\"", m.trigger.text));
        writeln!(
            out,
            "{}  {} {}{}  {} -> {}{}{}\n    from {} ({}{})",
            stored.date.as_deref().unwrap_or("????-??-??"),
            e.kind,
            e.cameo,
            place,
            party_names(&stored.actors),
            party_names(&stored.recipients),
            flags,
            trigger,
            stored.title.as_deref().unwrap_or(&stored.source),
            stored
                .dct
                .as_deref()
                .map_or(String::new(), |d| format!("{d}, ")),
            stored.doc_id,
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct EventsArgs {
    /// Only events with this actor: canonical name, surname, or actor code prefix in
    /// capitals (`RUS` matches `RUSGOV`).
    #[arg(long, value_name = "NAME|CODE")]
    actor: Option<String>,
    /// Only events with this recipient (same forms).
    #[arg(long, value_name = "NAME|CODE")]
    recipient: Option<String>,
    /// Only events between these two parties, either one the actor (`--dyad RUS,TUR`).
    #[arg(long, value_name = "A,B", value_parser = super::args::dyad)]
    dyad: Option<(String, String)>,
    /// PLOVER type (`CONSULT`) or CAMEO code prefix (`04`).
    #[arg(long = "type", value_name = "TYPE", value_parser = super::args::event_type)]
    kind: Option<String>,
    /// Earliest day (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, inclusive).
    #[arg(long, value_name = "DATE", value_parser = super::args::date_bound)]
    from: Option<String>,
    /// Latest day (inclusive).
    #[arg(long, value_name = "DATE", value_parser = super::args::date_bound)]
    to: Option<String>,
    /// Only events reported by at least this many sources (agencies or sites).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    min_sources: Option<u32>,
    /// At most this many events.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
    /// Skip this many events first.
    #[arg(long, default_value_t = 0)]
    offset: u32,
    /// Output format [default: text on a terminal, json otherwise].
    #[arg(long, value_enum)]
    format: Option<super::store_cmds::Format>,
    #[command(flatten)]
    db: DbArg,
}

/// Lists fused events in date order, one page, with the total on standard error.
pub fn run_events(args: EventsArgs) -> anyhow::Result<ExitCode> {
    super::args::window(args.from.as_deref(), args.to.as_deref()).map_err(super::usage)?;
    let store = args.db.open_existing()?;
    let filter = FusedFilter {
        actor: args.actor.clone(),
        recipient: args.recipient.clone(),
        dyad: args.dyad.clone(),
        kind: args.kind.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        min_sources: args.min_sources.map(|n| n as usize),
        offset: args.offset as usize,
        limit: Some(args.limit as usize),
        party: None,
    };
    let (events, total) = store.fused_events(&filter)?;
    let format = super::store_cmds::default_format(args.format);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let parties = |list: &[(String, Vec<String>)]| {
        list.iter()
            .map(|(name, codes)| serde_json::json!({"name": name, "codes": codes}))
            .collect::<Vec<_>>()
    };
    for e in &events {
        match format {
            super::store_cmds::Format::Json => {
                let value = serde_json::json!({
                    "id": e.id,
                    "type": e.kind,
                    "cameo": e.cameo,
                    "date": e.date,
                    "dated": e.dated,
                    "place": e.place,
                    "actors": parties(&e.actors),
                    "recipients": parties(&e.recipients),
                    "mentions": e.mentions,
                    "articles": e.articles,
                    "source_count": e.sources,
                    "sources": e.source_ids,
                });
                writeln!(out, "{value}")?;
            }
            super::store_cmds::Format::Text => {
                let place = e
                    .place
                    .as_deref()
                    .map_or(String::new(), |p| format!(" in {p}"));
                let dated = if e.dated { "" } else { " (dispatch date)" };
                writeln!(
                    out,
                    "{}{dated}  {} {}{place}  {} -> {}\n    {} mentions in {} articles from {} sources: {}  [{}]",
                    e.date.as_deref().unwrap_or("????-??-??"),
                    e.kind,
                    e.cameo,
                    party_names(&e.actors),
                    party_names(&e.recipients),
                    e.mentions,
                    e.articles,
                    e.sources,
                    e.source_ids.join(" "),
                    e.id,
                )?;
            }
        }
    }
    out.flush()?;
    let first = if events.is_empty() {
        0
    } else {
        args.offset as usize + 1
    };
    eprintln!(
        "{}-{} of {total} fused events",
        first,
        args.offset as usize + events.len()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// The GDELT 2.0 event table: 61 tab-separated columns, one row per fused event.
    GdeltEvents,
    /// PLOVER JSON records (the manual's data fields), one per event, one a line.
    Plover,
    /// A flat table (--table) as CSV with a header row.
    Csv,
    /// A flat table (--table) as Parquet.
    Parquet,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableArg {
    Documents,
    Events,
    Mentions,
    Quotes,
    Entities,
    Timexes,
}

impl TableArg {
    fn table(self) -> Table {
        match self {
            TableArg::Documents => Table::Documents,
            TableArg::Events => Table::Events,
            TableArg::Mentions => Table::Mentions,
            TableArg::Quotes => Table::Quotes,
            TableArg::Entities => Table::Entities,
            TableArg::Timexes => Table::Timexes,
        }
    }
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// The table of --format csv|parquet (columns: docs/tables.md).
    #[arg(long, value_enum)]
    table: Option<TableArg>,
    #[command(flatten)]
    db: DbArg,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// GDELT: start with a line of column names (GDELT's own files have none).
    #[arg(long)]
    header: bool,
    /// GDELT: name the columns as GDELT's BigQuery table does (GLOBALEVENTID, SQLDATE);
    /// implies --header.
    #[arg(long)]
    bigquery_names: bool,
    /// GDELT, PLOVER: leave out events the text dates only coarser than a day (by
    /// default such an event takes its dispatch date when that falls in the period,
    /// else the period's first day).
    #[arg(long)]
    skip_coarse_dates: bool,
}

/// Writes the stored events as GDELT rows or PLOVER records, or a flat table.
pub fn run_export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    match export(&args) {
        // A reader that stops early (`| head`) is not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<io::Error>()
                    .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            }) =>
        {
            Ok(ExitCode::SUCCESS)
        }
        other => other,
    }
}

fn export(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let table = match (args.format, args.table) {
        (ExportFormat::Csv | ExportFormat::Parquet, None) => return Err(super::usage(
            "--format csv|parquet needs --table documents|events|mentions|quotes|entities|timexes",
        )),
        (ExportFormat::GdeltEvents | ExportFormat::Plover, Some(_)) => {
            return Err(super::usage("--table goes with --format csv|parquet"))
        }
        (_, table) => table.map(TableArg::table),
    };
    if (args.header || args.bigquery_names) && args.format != ExportFormat::GdeltEvents {
        return Err(super::usage(
            "--header and --bigquery-names go with --format gdelt-events",
        ));
    }
    let store = args.db.open_existing()?;
    let out: Box<dyn Write + Send> = match &args.out {
        Some(path) => Box::new(BufWriter::with_capacity(
            1 << 16,
            File::create(path)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?,
        )),
        None => Box::new(BufWriter::with_capacity(1 << 16, io::stdout())),
    };
    let mut out = out;
    let (count, what, skipped) = match args.format {
        ExportFormat::GdeltEvents => {
            let options = gdelt::Options {
                header: args.header || args.bigquery_names,
                bigquery_names: args.bigquery_names,
                skip_coarse_dates: args.skip_coarse_dates,
            };
            let outcome = gdelt::write(&store, &mut out, options)?;
            (outcome.rows, "fused events", outcome.skipped)
        }
        ExportFormat::Plover => {
            let options = plover::Options {
                skip_coarse_dates: args.skip_coarse_dates,
            };
            let outcome = plover::write(&store, &mut out, options)?;
            (outcome.records, "events", outcome.skipped)
        }
        ExportFormat::Csv | ExportFormat::Parquet => {
            let format = if args.format == ExportFormat::Csv {
                columnar::Format::Csv
            } else {
                columnar::Format::Parquet
            };
            let table = table.unwrap_or(Table::Events);
            let rows = columnar::write_table(&store, table, format, &mut out)?;
            (rows, table.name(), 0)
        }
    };
    out.flush()?;
    if let Some(path) = &args.out {
        let skipped = if skipped > 0 {
            format!(" ({skipped} left out: no day, or a coarse one with --skip-coarse-dates)")
        } else {
            String::new()
        };
        eprintln!("{count} {what} written to {}{skipped}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct EvalEventsArgs {
    /// The shared data folder.
    #[arg(long, default_value = "../shared")]
    shared: PathBuf,
    /// List every PLOVER record whose type or arguments are wrong.
    #[arg(long)]
    verbose: bool,
}

/// Seed, PLOVER and PETRARCH scores; exit 1 when a bar of issue 6 is not met.
pub fn run_eval_events(args: EvalEventsArgs) -> anyhow::Result<ExitCode> {
    let mut report = String::new();
    let bars_met = scorer::report(&args.shared, args.verbose, &mut report)?;
    print!("{report}");
    Ok(match bars_met {
        Some(false) => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    })
}

/// The CI run: prints the scores; true when every bar of issue 6 is met.
pub fn run_ci(shared: &Path) -> anyhow::Result<bool> {
    let mut report = String::new();
    let bars_met = scorer::report(shared, false, &mut report)?;
    print!("{report}");
    Ok(bars_met.unwrap_or(false))
}
