//! `annalist analyze`: read documents, analyse them in parallel, print them in input order.

use super::input::InputArgs;
use annalist::output;
use annalist_core::{Date, Document};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object per document (JSON Lines), the schema of docs/output.md.
    Json,
    /// A readable digest: dispatch line, timeline, quotes by speaker, entities, times.
    Text,
    /// TimeML with TIMEX3 tags.
    Timeml,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format [default: text on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,

    /// Dispatch date to use for documents that carry none (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::args::full_date)]
    pub dct: Option<Date>,

    /// Documents analysed together (in parallel) before their output is written
    /// (1 to 100000).
    #[arg(long, default_value_t = 256,
          value_parser = clap::value_parser!(u32).range(1..=super::args::MAX_BATCH))]
    pub batch: u32,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let format = args.format.unwrap_or(if io::stdout().is_terminal() {
        OutputFormat::Text
    } else {
        OutputFormat::Json
    });
    let fallback_dct = args.dct;
    let batch_size = usize::try_from(args.batch).unwrap_or(256).max(1);
    let options = args.input.read_options()?;
    let analyzer = args.input.analyzer()?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut batch = Vec::with_capacity(batch_size);
    let mut reader = annalist_ingest::read_inputs(&args.input.inputs, &options).peekable();
    while reader.peek().is_some() {
        batch.clear();
        for item in reader.by_ref() {
            match item {
                Ok(raw) => {
                    for warning in &raw.warnings {
                        eprintln!("annalist: warning: {}: {warning}", raw.metadata.source);
                    }
                    let mut metadata = raw.metadata;
                    if metadata.date.is_none() {
                        metadata.date = fallback_dct;
                    }
                    batch.push((raw.text, metadata));
                }
                Err(error) => {
                    failed += 1;
                    eprintln!("annalist: {error}");
                }
            }
            if batch.len() >= batch_size {
                break;
            }
        }
        let docs = analyzer.analyze_all(std::mem::take(&mut batch));
        for doc in &docs {
            write_document(&mut out, doc, format)?;
        }
    }
    out.flush()?;
    if failed > 0 {
        eprintln!("annalist: {failed} document(s) failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn write_document(
    out: &mut impl Write,
    doc: &Document,
    format: OutputFormat,
) -> anyhow::Result<()> {
    match format {
        OutputFormat::Json => writeln!(out, "{}", output::to_json_line(doc)?)?,
        OutputFormat::Text => writeln!(out, "{}", output::digest(doc))?,
        OutputFormat::Timeml => writeln!(out, "{}", annalist_time::timeml::to_timeml(doc))?,
    }
    Ok(())
}
