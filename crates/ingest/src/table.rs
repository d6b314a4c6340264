//! CSV (and tab- or semicolon-separated) files with a header row naming the fields.
//! Streams record by record; a record larger than the document limit stops the file with
//! an error instead of being loaded.

use crate::dates::parse_field;
use crate::source::{error, DocIter, Stream};
use crate::{RawDocument, ReadError, ReadOptions};
use annalist_core::Metadata;
use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The delimiter under which `header` (the first line) names `text_field`, if any.
pub(crate) fn header_delimiter(header: &[u8], text_field: &str) -> Option<u8> {
    [b',', b'\t', b';'].into_iter().find(|&delimiter| {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(delimiter)
            .from_reader(header);
        let mut record = csv::ByteRecord::new();
        matches!(reader.read_byte_record(&mut record), Ok(true))
            && record.len() >= 2
            // Column names are short: a prose line that happens to hold the word is not
            // a header.
            && record.iter().all(|cell| cell.len() <= 64)
            && record.iter().any(|cell| same_name(cell, text_field))
    })
}

fn same_name(cell: &[u8], name: &str) -> bool {
    let cell = cell.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(cell);
    cell.trim_ascii()
        .eq_ignore_ascii_case(name.trim().as_bytes())
}

/// Counts the bytes read since the last record and fails past a limit, so that an
/// unterminated quote or a giant cell cannot pull a whole file into memory.
struct Limited<'a> {
    inner: Stream<'a>,
    since_record: Arc<AtomicU64>,
    limit: u64,
}

impl Read for Limited<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.since_record.load(Ordering::Relaxed) > self.limit {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "record larger than max_document_bytes (or an unclosed quote); rest of file not read",
            ));
        }
        let n = self.inner.read(buf)?;
        self.since_record.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

struct Columns {
    id: Option<usize>,
    date: Option<usize>,
    url: Option<usize>,
    title: Option<usize>,
    text: usize,
}

struct TableReader<'a> {
    file: String,
    reader: csv::Reader<Limited<'a>>,
    since_record: Arc<AtomicU64>,
    columns: Columns,
    max: usize,
    record: csv::ByteRecord,
    done: bool,
}

pub(crate) fn read<'a>(file: String, mut stream: Stream<'a>, options: &ReadOptions) -> DocIter<'a> {
    let fields = &options.fields;
    let first_line = match std::io::BufRead::fill_buf(&mut stream) {
        Ok(bytes) => {
            let end = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
            bytes.get(..end).unwrap_or(bytes).to_vec()
        }
        Err(e) => {
            return Box::new(std::iter::once(Err(error(
                &file,
                None,
                format!("read error: {e}"),
            ))))
        }
    };
    let delimiter = header_delimiter(&first_line, &fields.text).unwrap_or(b',');
    let since_record = Arc::new(AtomicU64::new(0));
    let limit = (options.max_document_bytes as u64)
        .saturating_mul(2)
        .saturating_add(1 << 20);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(Limited {
            inner: stream,
            since_record: Arc::clone(&since_record),
            limit,
        });
    let header = match reader.byte_headers() {
        Ok(header) => header.clone(),
        Err(e) => {
            return Box::new(std::iter::once(Err(error(
                &file,
                Some("1".into()),
                format!("cannot read the header: {e}"),
            ))))
        }
    };
    let find = |name: &str| header.iter().position(|cell| same_name(cell, name));
    let Some(text) = find(&fields.text) else {
        let names: Vec<String> = header
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        return Box::new(std::iter::once(Err(error(
            &file,
            Some("1".into()),
            format!(
                "no {:?} column in the header (columns: {})",
                fields.text,
                names.join(", ")
            ),
        ))));
    };
    let columns = Columns {
        id: find(&fields.id),
        date: find(&fields.date),
        url: find(&fields.url),
        title: find(&fields.title),
        text,
    };
    since_record.store(0, Ordering::Relaxed);
    Box::new(TableReader {
        file,
        reader,
        since_record,
        columns,
        max: options.max_document_bytes,
        record: csv::ByteRecord::new(),
        done: false,
    })
}

impl TableReader<'_> {
    fn document(&self, line: &str) -> Result<RawDocument, String> {
        let cell = |index: Option<usize>| -> Result<Option<String>, String> {
            let Some(bytes) = index.and_then(|i| self.record.get(i)) else {
                return Ok(None);
            };
            let text = std::str::from_utf8(bytes)
                .map_err(|e| format!("invalid UTF-8 at byte {} of a field", e.valid_up_to()))?;
            Ok((!text.trim().is_empty()).then(|| text.to_string()))
        };
        let text = cell(Some(self.columns.text))?.ok_or("empty text field")?;
        if text.len() > self.max {
            return Err(format!(
                "text of {} bytes is larger than max_document_bytes ({})",
                text.len(),
                self.max
            ));
        }
        let mut warnings = Vec::new();
        let date = match cell(self.columns.date)?.map(|d| parse_field(&d, "record")) {
            Some(Ok(date)) => date,
            Some(Err(warning)) => {
                warnings.push(warning);
                None
            }
            None => None,
        };
        Ok(RawDocument {
            text,
            metadata: Metadata {
                source: format!("{}:{line}", self.file),
                external_id: cell(self.columns.id)?,
                url: cell(self.columns.url)?,
                title: cell(self.columns.title)?,
                date,
            },
            warnings,
        })
    }
}

impl Iterator for TableReader<'_> {
    type Item = Result<RawDocument, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let read = self.reader.read_byte_record(&mut self.record);
            let line = self
                .record
                .position()
                .map_or_else(|| "?".to_string(), |p| p.line().to_string());
            match read {
                Ok(false) => self.done = true,
                Ok(true) => {
                    self.since_record.store(0, Ordering::Relaxed);
                    if self.record.iter().all(|c| c.trim_ascii().is_empty()) {
                        continue;
                    }
                    return Some(
                        self.document(&line)
                            .map_err(|reason| error(&self.file, Some(line), reason)),
                    );
                }
                Err(e) => {
                    let position = e.position().map(|p| p.line().to_string());
                    if e.is_io_error() {
                        self.done = true;
                    }
                    let reason = match e.kind() {
                        csv::ErrorKind::Io(io) => io.to_string(),
                        _ => e.to_string(),
                    };
                    return Some(Err(error(&self.file, position.or(Some(line)), reason)));
                }
            }
        }
        None
    }
}
