//! `annalist analyze`: read documents, analyse them in parallel, print them in input order.

use super::input::InputArgs;
use annalist::output;
use annalist_core::{Date, Document};
use annalist_ingest::{RawDocument, ReadOptions};
use std::io::{self, BufRead, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object per document (JSON Lines), the schema of docs/output.md.
    Json,
    /// A readable digest: dispatch line, timeline, quotes by speaker, entities, times.
    Text,
    /// TimeML with TIMEX3 tags: one TimeML document for one input document; for several,
    /// one `<TimeMLCollection>` holding a `<TimeML>` element each (or one file each with
    /// --timeml-dir).
    Timeml,
    /// One JSON object per document with its rows of the flat tables (the columns of
    /// `annalist export --format csv|parquet`, docs/tables.md) and its events' parties:
    /// what a corpus-scale job writes the tables from (crates/export/src/rows_json.rs).
    Rows,
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

    /// With --format timeml: write one TimeML file per document into this folder
    /// (created if needed), named by the input record's id, else the document id.
    #[arg(long, value_name = "DIR")]
    pub timeml_dir: Option<std::path::PathBuf>,

    /// JSON Lines whose records say where they were read: each document's source (which,
    /// for a record without a URL, makes its id) is this field's value instead of
    /// FILE:LINE. For records split out of their files, as a Spark job hands them to
    /// `RDD.pipe`; the inputs are then plain (not gzipped) JSON Lines files or `-`.
    #[arg(long, value_name = "FIELD")]
    pub source_field: Option<String>,
}

/// TimeML output of several documents: the first is held back until a second shows
/// whether a collection wrapper is needed, so one document stays a plain TimeML file.
#[derive(Default)]
struct TimemlStream {
    first: Option<String>,
    wrapped: bool,
}

impl TimemlStream {
    /// A document's TimeML without its XML declaration.
    fn element(doc: &Document) -> String {
        let xml = annalist_time::timeml::to_timeml(doc);
        match xml.strip_prefix("<?xml version=\"1.0\" ?>\n") {
            Some(element) => element.to_string(),
            None => xml,
        }
    }

    fn push(&mut self, out: &mut impl Write, doc: &Document) -> io::Result<()> {
        if self.wrapped {
            return out.write_all(Self::element(doc).as_bytes());
        }
        match self.first.take() {
            None => {
                self.first = Some(Self::element(doc));
                Ok(())
            }
            Some(first) => {
                self.wrapped = true;
                out.write_all(b"<?xml version=\"1.0\" ?>\n<TimeMLCollection>\n")?;
                out.write_all(first.as_bytes())?;
                out.write_all(Self::element(doc).as_bytes())
            }
        }
    }

    fn finish(self, out: &mut impl Write) -> io::Result<()> {
        if self.wrapped {
            out.write_all(b"</TimeMLCollection>\n")
        } else if let Some(first) = self.first {
            out.write_all(b"<?xml version=\"1.0\" ?>\n")?;
            out.write_all(first.as_bytes())
        } else {
            Ok(())
        }
    }
}

/// A file name for a document's TimeML: its record id (else its id), made safe.
fn timeml_file_name(doc: &Document, taken: &mut std::collections::HashSet<String>) -> String {
    let base: String = doc
        .external_id
        .as_deref()
        .unwrap_or(&doc.id)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let base = if base.is_empty() || base.starts_with('.') {
        doc.id.clone()
    } else {
        base
    };
    let mut name = format!("{base}.tml");
    let mut n = 1;
    while !taken.insert(name.clone()) {
        n += 1;
        name = format!("{base}-{n}.tml");
    }
    name
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
    if args.timeml_dir.is_some() && format != OutputFormat::Timeml {
        return Err(super::usage("--timeml-dir goes with --format timeml"));
    }
    if let Some(dir) = &args.timeml_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut timeml = TimemlStream::default();
    let mut names = std::collections::HashSet::new();
    let mut failed = 0usize;
    let mut batch = Vec::with_capacity(batch_size);
    let reader: Box<dyn Iterator<Item = Result<RawDocument, String>>> = match &args.source_field {
        Some(field) => Box::new(records_with_sources(
            args.input.inputs.clone(),
            options,
            field.clone(),
        )),
        None => Box::new(
            annalist_ingest::read_inputs(&args.input.inputs, &options)
                .map(|item| item.map_err(|e| e.to_string())),
        ),
    };
    let mut reader = reader.peekable();
    let made_at = annalist_export::rows_json::now_utc();
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
        for doc in docs {
            match (format, &args.timeml_dir) {
                (OutputFormat::Timeml, Some(dir)) => {
                    let path = dir.join(timeml_file_name(&doc, &mut names));
                    std::fs::write(&path, annalist_time::timeml::to_timeml(&doc))
                        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
                }
                (OutputFormat::Timeml, None) => timeml.push(&mut out, &doc)?,
                (OutputFormat::Rows, _) => writeln!(
                    out,
                    "{}",
                    annalist_export::rows_json::to_json_line(doc, &made_at)?
                )?,
                _ => write_document(&mut out, &doc, format)?,
            }
        }
    }
    timeml.finish(&mut out)?;
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
        OutputFormat::Timeml => out.write_all(annalist_time::timeml::to_timeml(doc).as_bytes())?,
        OutputFormat::Rows => unreachable!("rows are written from the owned document"),
    }
    Ok(())
}

/// JSON Lines records read line by line from `inputs` (files or `-`), each read as the
/// JSON Lines reader reads a record (field names, date forms, numeric ids), with its
/// source taken from the record's `field`.
fn records_with_sources(
    inputs: Vec<String>,
    options: ReadOptions,
    field: String,
) -> impl Iterator<Item = Result<RawDocument, String>> {
    let options = ReadOptions {
        format: annalist_ingest::Format::Jsonl,
        ..options
    };
    inputs.into_iter().flat_map(
        move |input| -> Box<dyn Iterator<Item = Result<RawDocument, String>>> {
            let reader: Box<dyn BufRead> = if input == "-" {
                Box::new(io::BufReader::new(io::stdin()))
            } else {
                match std::fs::File::open(&input) {
                    Ok(file) => Box::new(io::BufReader::new(file)),
                    Err(e) => return Box::new(std::iter::once(Err(format!("{input}: {e}")))),
                }
            };
            let name = if input == "-" {
                "<stdin>".to_string()
            } else {
                input
            };
            let field = field.clone();
            let options = options.clone();
            let mut lines = reader.split(b'\n').enumerate();
            let mut stopped = false;
            // A read error ends this input (it would repeat); a bad record is reported
            // and the next line read.
            Box::new(std::iter::from_fn(move || loop {
                if stopped {
                    return None;
                }
                let (n, line) = lines.next()?;
                let line = match line {
                    Ok(line) => line,
                    Err(e) => {
                        stopped = true;
                        return Some(Err(format!("{name}:{}: read error: {e}", n + 1)));
                    }
                };
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                return Some(
                    record_with_source(&line, &field, &options)
                        .map_err(|reason| format!("{name}:{}: {reason}", n + 1)),
                );
            }))
        },
    )
}

/// One JSON Lines record whose source is its field `field`.
fn record_with_source(
    line: &[u8],
    field: &str,
    options: &ReadOptions,
) -> Result<RawDocument, String> {
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(line).map_err(|e| format!("malformed JSON: {e}"))?;
    let source = match map.get(field) {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
        _ => return Err(format!("no {field:?} field naming its source")),
    };
    let mut read = annalist_ingest::read_bytes(&source, line, options).into_iter();
    match read.next() {
        Some(Ok(mut raw)) => {
            raw.metadata.source = source;
            Ok(raw)
        }
        Some(Err(e)) => Err(e.reason),
        None => Err("no record".to_string()),
    }
}
