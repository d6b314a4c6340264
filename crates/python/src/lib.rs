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
            match item_input(&item, index, self.fallback_date) {
                Ok(input) => inputs.push(input),
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
        let results: Vec<Result<String, String>> = py.detach(move || {
            let run = move || {
                inputs
                    .into_par_iter()
                    .map(|input| analyze_to_json(analyzer, input))
                    .collect()
            };
            match pool {
                Some(pool) => pool.install(run),
                None => run(),
            }
        });
        for result in results {
            self.ready
                .push_back(result.map_err(PyRuntimeError::new_err)?);
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
    if items.is_instance_of::<PyString>() || items.is_instance_of::<PyDict>() {
        return Err(PyTypeError::new_err(format!(
            "analyze_many takes an iterable of texts or dicts, not a single {}; \
             use analyze() for one text",
            type_name(items)
        )));
    }
    let iterator = items.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "analyze_many takes an iterable of texts or dicts, not {}",
            type_name(items)
        ))
    })?;
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
        items: iterator.into_any().unbind(),
        pool,
        batch,
        fallback_date,
        ready: VecDeque::new(),
        taken: 0,
        error: None,
        exhausted: false,
        json_loads: py.import("json")?.getattr("loads")?.unbind(),
    })
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
    module.add_function(wrap_pyfunction!(load, module)?)?;
    module.add_class::<AnalyzeMany>()?;
    module.add("SCHEMA_VERSION", annalist_core::SCHEMA_VERSION)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
