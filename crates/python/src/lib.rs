//! annalist-python: the native half of the `annalist` Python package (PyO3, built by
//! maturin; the Python half, with `to_pandas` and the span helpers, is in
//! `python/annalist/`).
//!
//! This crate owns three things and nothing else:
//!
//! - **the process's one [`Analyzer`]**, built on first use (the models and lexicons take
//!   a few seconds to load) and shared read-only by every call and thread afterwards;
//! - **the conversion of Python arguments into a text and its [`Metadata`]**: a `str`
//!   text, a date as a `str` (`2022-01-14`, `2017/2/7`, RFC 3339: what the JSON Lines
//!   reader accepts) or a `datetime.date`, and `id`, `url`, `title`, `source` strings.
//!   Anything else is a `TypeError` or `ValueError` that names the argument (and, for
//!   `analyze_many`, the item);
//! - **the way documents come back**: each `Document` is serialised with serde_json, as
//!   `annalist analyze --format json` prints it (docs/output.md), and turned into dicts
//!   and lists by Python's `json.loads`. The spans in it are UTF-8 byte offsets into
//!   `text`, exactly as in the CLI's output.
//!
//! `export_rows` is `annalist analyze --format rows` for Python: JSON Lines records read
//! with the CLI's reader (`annalist_ingest::read_bytes`), analysed in parallel as in
//! `analyze_many`, each returned as its rows of the flat tables
//! (`annalist_export::rows_json`).
//!
//! `analyze` releases the GIL while it analyses. `analyze_many` returns an iterator
//! ([`AnalyzeMany`]) that pulls a batch of items from the Python iterable, analyses the
//! batch in parallel on rayon threads with the GIL released, and yields the documents in
//! input order; memory stays bounded by the batch, whatever the input's length.
//!
//! The analysis itself is `annalist::Analyzer`'s: nothing here changes what is found.

use annalist::{Analyzer, Options};
use annalist_core::{Date, Metadata};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use rayon::prelude::*;
use std::collections::VecDeque;
use std::sync::{Arc, OnceLock};

/// The `source` of a document analysed from Python, when the caller gives none (the
/// CLI's counterpart is a file name, or `<stdin>`). With the text, it makes the
/// document's stable `id`.
const DEFAULT_SOURCE: &str = "<python>";

/// Documents analysed together by `analyze_many` when the caller does not say: the
/// batch of `annalist analyze`.
const DEFAULT_BATCH: usize = 256;

/// The largest batch `analyze_many` accepts (the CLI's `--batch` bound).
const MAX_BATCH: usize = 100_000;

static ANALYZER: OnceLock<Result<Analyzer, String>> = OnceLock::new();

/// The shared analyzer, built on first use with the GIL released (another Python thread
/// asking at the same time waits for the same one).
fn analyzer(py: Python<'_>) -> PyResult<&'static Analyzer> {
    let built = py.detach(|| {
        ANALYZER.get_or_init(|| Analyzer::new(&Options::default()).map_err(|e| e.to_string()))
    });
    built
        .as_ref()
        .map_err(|e| PyRuntimeError::new_err(format!("annalist: the analyzer did not load: {e}")))
}

/// One document to analyse.
struct Input {
    text: String,
    metadata: Metadata,
}

/// What `export_rows` does with each record, beside analysing it.
struct RowsMode {
    /// The record field naming its source (else `<python>:N`, N counting from 1).
    source_field: Option<String>,
    /// Skip a record that cannot be read (as the CLI does) instead of raising.
    skip_errors: bool,
    /// Yield each rows record as its JSON line (`str`) instead of dicts.
    as_json: bool,
    /// The `ingested_at` of the documents rows: when the call was made.
    made_at: String,
}

/// One item to analyse: converted from Python already, or a JSON Lines record to read.
enum Work {
    Doc(Input),
    Line { bytes: Vec<u8>, index: usize },
}

/// Python's type name of `value`, for error messages.
fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_string(), |name| name.to_string())
}

/// The text: a `str`, nothing else (bytes must be decoded by the caller, who knows their
/// encoding).
fn text_arg(value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_str()?.to_owned());
    }
    let hint = if value.is_instance_of::<pyo3::types::PyBytes>() {
        " (decode bytes first, e.g. data.decode('utf-8'))"
    } else {
        ""
    };
    Err(PyTypeError::new_err(format!(
        "{what} must be a str, not {}{hint}",
        type_name(value)
    )))
}

/// An optional string argument (`id`, `url`, `title`, `source`).
fn string_arg(value: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<String>> {
    match value {
        None => Ok(None),
        Some(value) if value.is_none() => Ok(None),
        Some(value) => match value.cast::<PyString>() {
            Ok(text) => Ok(Some(text.to_str()?.to_owned())),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{what} must be a str or None, not {}",
                type_name(value)
            ))),
        },
    }
}

/// The dispatch date: a string in one of the forms the JSON Lines reader accepts, or a
/// `datetime.date` / `datetime.datetime` (its date part).
fn date_arg(value: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<Date>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let text = if let Ok(text) = value.cast::<PyString>() {
        text.to_str()?.to_owned()
    } else if value.hasattr("isoformat")? && value.hasattr("year")? {
        value.call_method0("isoformat")?.extract::<String>()?
    } else {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a str such as '2022-01-14', a datetime.date or None, not {}",
            type_name(value)
        )));
    };
    match Date::parse(&text) {
        Some(date) => Ok(Some(date)),
        None => Err(PyValueError::new_err(format!(
            "{what}: '{text}' is not a date (expected YYYY-MM-DD, e.g. '2022-01-14')"
        ))),
    }
}

/// Builds an [`Input`] from keyword-style fields.
fn input(
    text: String,
    date: Option<Date>,
    id: Option<String>,
    url: Option<String>,
    title: Option<String>,
    source: Option<String>,
) -> Input {
    Input {
        text,
        metadata: Metadata {
            source: source.unwrap_or_else(|| DEFAULT_SOURCE.to_string()),
            external_id: id,
            url,
            title,
            date,
        },
    }
}

/// One item of `analyze_many`: a `str`, or a dict with a `text` field and optional
/// `date`, `id`, `url`, `title`, `source` (other keys are ignored, so JSON Lines records
/// can be passed as they are). `fallback_date` stands in for a missing date.
fn item_input(
    item: &Bound<'_, PyAny>,
    index: usize,
    fallback_date: Option<Date>,
) -> PyResult<Input> {
    let what = format!("analyze_many: item {index}");
    if item.is_instance_of::<PyString>() {
        let text = text_arg(item, &what)?;
        return Ok(input(text, fallback_date, None, None, None, None));
    }
    let Ok(record) = item.cast::<PyDict>() else {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a str or a dict with a 'text' field, not {}",
            type_name(item)
        )));
    };
    let field = |name: &str| record.get_item(name);
    let text = match field("text")? {
        Some(text) => text_arg(&text, &format!("{what}: 'text'"))?,
        None => {
            return Err(PyValueError::new_err(format!(
                "{what} is a dict without a 'text' field"
            )))
        }
    };
    let date = date_arg(field("date")?.as_ref(), &format!("{what}: 'date'"))?.or(fallback_date);
    let id = string_arg(field("id")?.as_ref(), &format!("{what}: 'id'"))?;
    let url = string_arg(field("url")?.as_ref(), &format!("{what}: 'url'"))?;
    let title = string_arg(field("title")?.as_ref(), &format!("{what}: 'title'"))?;
    let source = string_arg(field("source")?.as_ref(), &format!("{what}: 'source'"))?;
    Ok(input(text, date, id, url, title, source))
}

/// Analyses one input and serialises the document as the CLI does.
fn analyze_to_json(analyzer: &Analyzer, input: Input) -> Result<String, String> {
    let doc = analyzer.analyze(input.text, input.metadata);
    annalist::output::to_json_line(&doc).map_err(|e| e.to_string())
}

/// Reads JSON Lines record `index` as `annalist analyze` reads a line of a file, with
/// its source from `mode.source_field` (else `<python>:N`), then analyses it and makes
/// its rows line. `Err` names the record and why it could not be read.
fn rows_of_line(
    analyzer: &Analyzer,
    mode: &RowsMode,
    bytes: &[u8],
    index: usize,
    fallback_date: Option<Date>,
) -> Result<String, String> {
    let what = format!("export_rows: item {index}");
    let options = annalist_ingest::ReadOptions {
        format: annalist_ingest::Format::Jsonl,
        ..Default::default()
    };
    let source = match &mode.source_field {
        None => format!("{DEFAULT_SOURCE}:{}", index + 1),
        Some(field) => {
            let map: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(bytes)
                .map_err(|e| format!("{what}: malformed JSON: {e}"))?;
            match map.get(field) {
                Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
                _ => return Err(format!("{what}: no {field:?} field naming its source")),
            }
        }
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(format!("{what}: an empty record"));
    }
    let mut raw = match annalist_ingest::read_bytes(&source, bytes, &options)
        .into_iter()
        .next()
    {
        Some(Ok(raw)) => raw,
        Some(Err(e)) => return Err(format!("{what}: {}", e.reason)),
        None => return Err(format!("{what}: no record")),
    };
    raw.metadata.source = source;
    if raw.metadata.date.is_none() {
        raw.metadata.date = fallback_date;
    }
    let doc = analyzer.analyze(raw.text, raw.metadata);
    annalist_export::rows_json::to_json_line(doc, &mode.made_at).map_err(|e| e.to_string())
}

/// A JSON document back into Python objects.
fn loads(py: Python<'_>, json: &str) -> PyResult<Py<PyAny>> {
    Ok(py.import("json")?.call_method1("loads", (json,))?.unbind())
}

/// Analyses one text and returns the document as dicts and lists (docs/output.md): the
/// same structure `annalist analyze --format json` prints. Spans are UTF-8 byte offsets
/// into `doc["text"]` (see `annalist.span_text` and `annalist.char_span`).
#[pyfunction]
#[pyo3(signature = (text, date=None, id=None, url=None, title=None, source=None))]
fn analyze(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
    id: Option<&Bound<'_, PyAny>>,
    url: Option<&Bound<'_, PyAny>>,
    title: Option<&Bound<'_, PyAny>>,
    source: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let input = input(
        text_arg(text, "text")?,
        date_arg(date, "date")?,
        string_arg(id, "id")?,
        string_arg(url, "url")?,
        string_arg(title, "title")?,
        string_arg(source, "source")?,
    );
    let analyzer = analyzer(py)?;
    let json = py
        .detach(|| analyze_to_json(analyzer, input))
        .map_err(PyRuntimeError::new_err)?;
    loads(py, &json)
}

/// The iterator `analyze_many` returns: documents in input order, analysed a batch at a
/// time in parallel.
#[pyclass(module = "annalist._annalist")]
struct AnalyzeMany {
    /// The caller's items, as a Python iterator.
    items: Py<PyAny>,
    /// A pool of `threads` threads, or `None` for rayon's global pool (one thread a core).
    pool: Option<Arc<rayon::ThreadPool>>,
    batch: usize,
    fallback_date: Option<Date>,
    /// Analysed documents of the current batch not yet yielded, as JSON.
    ready: VecDeque<String>,
    /// Items taken from `items` so far (for error messages: the item's index).
    taken: usize,
    /// What stopped the input: raised once the documents before it are yielded.
    error: Option<PyErr>,
    exhausted: bool,
    json_loads: Py<PyAny>,
    /// `Some` for `export_rows`: records are JSON Lines read as the CLI reads them and
    /// come back as their rows of the flat tables.
    rows: Option<Arc<RowsMode>>,
}

impl AnalyzeMany {
    /// Takes up to `batch` items, converts them, and analyses them with the GIL released.
    /// A bad item (or an exception from the caller's iterator) ends the batch: the items
    /// before it are analysed and yielded first, then the error is raised.
    fn fill(&mut self, py: Python<'_>) -> PyResult<()> {
        let mut inputs = Vec::with_capacity(self.batch);
        let items = self.items.bind(py);
        while inputs.len() < self.batch {
            let item = match items.call_method0("__next__") {
                Ok(item) => item,
                Err(err) if err.is_instance_of::<pyo3::exceptions::PyStopIteration>(py) => {
                    self.exhausted = true;
                    break;
                }
                Err(err) => {
                    self.error = Some(err);
                    self.exhausted = true;
                    break;
                }
            };
            let index = self.taken;
            self.taken += 1;
            let work = match &self.rows {
                None => item_input(&item, index, self.fallback_date).map(Work::Doc),
                Some(_) => record_line(py, &item, index).map(|bytes| Work::Line { bytes, index }),
            };
            match work {
                Ok(work) => inputs.push(work),
                Err(err) => {
                    self.error = Some(err);
                    self.exhausted = true;
                    break;
                }
            }
        }
        if inputs.is_empty() {
            return Ok(());
        }
        let analyzer = analyzer(py)?;
        let pool = self.pool.clone();
        let rows = self.rows.clone();
        let fallback_date = self.fallback_date;
        let results: Vec<Result<String, String>> = py.detach(move || {
            let run = move || {
                inputs
                    .into_par_iter()
                    .map(|work| match (work, rows.as_deref()) {
                        (Work::Doc(input), _) => analyze_to_json(analyzer, input),
                        (Work::Line { bytes, index }, Some(mode)) => {
                            rows_of_line(analyzer, mode, &bytes, index, fallback_date)
                        }
                        (Work::Line { .. }, None) => Err("a record without rows".to_string()),
                    })
                    .collect()
            };
            match pool {
                Some(pool) => pool.install(run),
                None => run(),
            }
        });
        for result in results {
            match (result, self.rows.as_deref()) {
                (Ok(json), _) => self.ready.push_back(json),
                (Err(_), Some(mode)) if mode.skip_errors => {}
                (Err(reason), Some(_)) => return Err(PyValueError::new_err(reason)),
                (Err(reason), None) => return Err(PyRuntimeError::new_err(reason)),
            }
        }
        Ok(())
    }
}

#[pymethods]
impl AnalyzeMany {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        if self.ready.is_empty() && !self.exhausted {
            self.fill(py)?;
        }
        match self.ready.pop_front() {
            Some(json) if self.rows.as_ref().is_some_and(|m| m.as_json) => {
                Ok(Some(PyString::new(py, &json).into_any().unbind()))
            }
            Some(json) => Ok(Some(self.json_loads.bind(py).call1((json,))?.unbind())),
            None => match self.error.take() {
                Some(err) => Err(err),
                None => Ok(None),
            },
        }
    }
}

/// Analyses many texts in parallel and yields their documents in input order.
///
/// `items` is any iterable of `str` or of dicts with a `text` field and optional `date`,
/// `id`, `url`, `title`, `source`. `threads` is the number of analysis threads (default:
/// one per core); `batch` the number of documents analysed together (default 256, as
/// `annalist analyze`); `date` the dispatch date of items that carry none.
#[pyfunction]
#[pyo3(signature = (items, threads=None, batch=None, date=None))]
fn analyze_many(
    py: Python<'_>,
    items: &Bound<'_, PyAny>,
    threads: Option<i64>,
    batch: Option<i64>,
    date: Option<&Bound<'_, PyAny>>,
) -> PyResult<AnalyzeMany> {
    let iterator = iterable(
        items,
        "analyze_many takes an iterable of texts or dicts",
        "use analyze() for one text",
        false,
    )?;
    many(py, iterator, threads, batch, date, None)
}

/// The iterator of `analyze_many` and `export_rows`, after their own checks of `items`.
fn many(
    py: Python<'_>,
    items: Py<PyAny>,
    threads: Option<i64>,
    batch: Option<i64>,
    date: Option<&Bound<'_, PyAny>>,
    rows: Option<RowsMode>,
) -> PyResult<AnalyzeMany> {
    let batch = match batch {
        None => DEFAULT_BATCH,
        Some(batch) => usize::try_from(batch)
            .ok()
            .filter(|b| (1..=MAX_BATCH).contains(b))
            .ok_or_else(|| {
                PyValueError::new_err(format!(
                    "batch must be between 1 and {MAX_BATCH}, not {batch}"
                ))
            })?,
    };
    let threads = match threads {
        None => None,
        Some(threads) => Some(
            usize::try_from(threads)
                .ok()
                .filter(|&t| t >= 1)
                .ok_or_else(|| {
                    PyValueError::new_err(format!("threads must be at least 1, not {threads}"))
                })?,
        ),
    };
    let pool = match threads {
        None => None,
        Some(threads) => Some(Arc::new(
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|i| format!("annalist-{i}"))
                .build()
                .map_err(|e| PyRuntimeError::new_err(format!("annalist: threads: {e}")))?,
        )),
    };
    let fallback_date = date_arg(date, "date")?;
    // Load the analyzer now, so that its cost is not hidden in the first batch and a
    // load error surfaces at the call.
    analyzer(py)?;
    Ok(AnalyzeMany {
        items,
        pool,
        batch,
        fallback_date,
        ready: VecDeque::new(),
        taken: 0,
        error: None,
        exhausted: false,
        json_loads: py.import("json")?.getattr("loads")?.unbind(),
        rows: rows.map(Arc::new),
    })
}

/// A record of `export_rows` as the bytes of one JSON line: a `str` or `bytes` line as
/// it is (a trailing newline is allowed), a dict dumped with `json.dumps`.
fn record_line(py: Python<'_>, item: &Bound<'_, PyAny>, index: usize) -> PyResult<Vec<u8>> {
    let what = format!("export_rows: item {index}");
    let text = if let Ok(text) = item.cast::<PyString>() {
        text.to_str()?.to_owned()
    } else if let Ok(bytes) = item.cast::<pyo3::types::PyBytes>() {
        let mut bytes = bytes.as_bytes().to_vec();
        while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            bytes.pop();
        }
        return Ok(bytes);
    } else if item.is_instance_of::<PyDict>() {
        py.import("json")?
            .call_method1("dumps", (item,))
            .map_err(|e| PyValueError::new_err(format!("{what}: cannot be dumped to JSON: {e}")))?
            .extract::<String>()?
    } else {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a JSON Lines record (str or bytes) or a dict, not {}",
            type_name(item)
        )));
    };
    Ok(text.trim_end_matches(['\n', '\r']).as_bytes().to_vec())
}

/// `annalist analyze --format rows` for Python: yields, for each JSON Lines record, its
/// rows of the flat tables (docs/tables.md) as a dict `{"doc_id", "external_id",
/// "source", "tables": {table: [row, ...]}, "event_parties": [...]}` (or, with
/// `as_json`, the JSON line itself), in input order.
///
/// `records` is any iterable of JSON Lines records (`str` or `bytes` lines, or dicts,
/// dumped to JSON): each is read as `annalist analyze` reads a line of a JSON Lines
/// file (fields `id`, `date`, `url`, `title`, `text`; the same date forms). Its source
/// is the record's field `source_field` when given (as `--source-field`), else
/// `<python>:N` with N counting records from 1. A record that cannot be read raises
/// `ValueError`, or is skipped with `skip_errors=True`. `threads`, `batch`, `date` as
/// for `analyze_many`.
#[pyfunction]
#[pyo3(signature = (records, threads=None, batch=None, date=None, source_field=None, skip_errors=false, as_json=false))]
#[allow(clippy::too_many_arguments)]
fn export_rows(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    threads: Option<i64>,
    batch: Option<i64>,
    date: Option<&Bound<'_, PyAny>>,
    source_field: Option<&Bound<'_, PyAny>>,
    skip_errors: bool,
    as_json: bool,
) -> PyResult<AnalyzeMany> {
    let iterator = iterable(
        records,
        "export_rows takes an iterable of records",
        "wrap it in a list",
        true,
    )?;
    let source_field = string_arg(source_field, "source_field")?;
    let mode = RowsMode {
        source_field,
        skip_errors,
        as_json,
        made_at: annalist_export::rows_json::now_utc(),
    };
    many(py, iterator, threads, batch, date, Some(mode))
}

/// The iterator over `items`, which must be an iterable and not one item (a `str` or a
/// dict, and with `bytes_too` a `bytes`): otherwise a TypeError that says what `takes`
/// and, for a single item, the `hint`.
fn iterable(
    items: &Bound<'_, PyAny>,
    takes: &str,
    hint: &str,
    bytes_too: bool,
) -> PyResult<Py<PyAny>> {
    let single = items.is_instance_of::<PyString>()
        || items.is_instance_of::<PyDict>()
        || (bytes_too && items.is_instance_of::<pyo3::types::PyBytes>());
    if single {
        return Err(PyTypeError::new_err(format!(
            "{takes}, not a single {}; {hint}",
            type_name(items)
        )));
    }
    let iterator = items
        .try_iter()
        .map_err(|_| PyTypeError::new_err(format!("{takes}, not {}", type_name(items))))?;
    Ok(iterator.into_any().unbind())
}

/// Builds the shared analyzer now (it is otherwise built on the first call), so that
/// the load time is paid where the caller chooses.
#[pyfunction]
fn load(py: Python<'_>) -> PyResult<()> {
    analyzer(py).map(|_| ())
}

#[pymodule]
fn _annalist(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(analyze, module)?)?;
    module.add_function(wrap_pyfunction!(analyze_many, module)?)?;
    module.add_function(wrap_pyfunction!(export_rows, module)?)?;
    module.add_function(wrap_pyfunction!(load, module)?)?;
    module.add_class::<AnalyzeMany>()?;
    module.add("SCHEMA_VERSION", annalist_core::SCHEMA_VERSION)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
