//! CSV (and tab- or semicolon-separated) files with a header row naming the fields.
//!
//! Streams record by record with its own RFC 4180 record splitter (quoted fields may
//! hold delimiters, doubled quotes and line breaks), so that broken quoting is seen and
//! nothing is lost in silence:
//! - a quote inside a quoted field that is not doubled (`"He said "no""`) is read as
//!   written, with a warning, when the record ends on its own line;
//! - a quoted field that runs over a line break and then meets such a stray quote, or
//!   runs to the end of the file, or past the size limit, is an *unbalanced quote*
//!   swallowing the rows after it: that record is an error naming its line and why,
//!   and the reader resynchronises at the next line that is a valid record on its own
//!   (a line within the broken stretch counts only when it holds a whole record with
//!   the header's number of fields and clean quoting). The lines skipped are named in
//!   the same error.
//!
//! Each line is scanned at most twice (once in the broken record, once as a
//! resynchronisation candidate), and memory is bounded by the record size limit.

use crate::dates::parse_field;
use crate::source::{error, DocIter, Stream};
use crate::{RawDocument, ReadError, ReadOptions};
use annalist_core::Metadata;
use std::collections::VecDeque;
use std::io::{self, BufRead};

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

/// One physical line: its number (1-based), its bytes without the line break, and the
/// line break as written (`\n`, `\r\n`, or nothing at the end of the file).
struct Line {
    no: u64,
    content: Vec<u8>,
    end: &'static [u8],
    /// The line was longer than the record limit: its content was not kept.
    too_long: bool,
    /// How many quote characters it holds (counted even when it is too long).
    quotes: usize,
}

/// A record split out of the lines at the front of the queue.
struct Record {
    fields: Vec<Vec<u8>>,
    /// Physical lines the record spans.
    lines: usize,
    /// A quote inside a quoted field was not doubled (read as written).
    stray_quote: bool,
}

enum Split {
    /// No line left.
    End,
    Record(Record),
    /// The record at the front has broken quoting; `scanned` lines were looked at.
    Broken {
        reason: String,
        scanned: usize,
        /// The record ran past the size limit inside a quoted field: the lines after
        /// the scanned ones still belong to it, up to the quote that closes it.
        open_quote: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote just seen inside a quoted field: doubled, closing, or stray.
    QuoteInQuoted,
}

/// Reads lines on demand and splits records out of them.
struct Splitter<'a> {
    stream: Stream<'a>,
    pending: VecDeque<Line>,
    next_no: u64,
    eof: bool,
    delimiter: u8,
    /// `\n` (and `\r\n`); `\r` for a file whose lines end in a carriage return only
    /// (old Mac spreadsheets).
    terminator: u8,
    /// The most bytes one record (and one line) may hold.
    limit: usize,
}

impl Splitter<'_> {
    /// Makes sure at least `n` lines are queued (fewer at the end of the file).
    fn fill(&mut self, n: usize) -> io::Result<()> {
        while self.pending.len() < n && !self.eof {
            match self.read_line()? {
                Some(line) => self.pending.push_back(line),
                None => self.eof = true,
            }
        }
        Ok(())
    }

    fn read_line(&mut self) -> io::Result<Option<Line>> {
        let mut content = Vec::new();
        let mut read_any = false;
        let mut too_long = false;
        let mut ended = false;
        let mut quotes = 0usize;
        loop {
            let available = match self.stream.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                break;
            }
            read_any = true;
            let (chunk, used, done) = match memchr::memchr(self.terminator, available) {
                Some(i) => (available.get(..i).unwrap_or(available), i + 1, true),
                None => (available, available.len(), false),
            };
            quotes += memchr::memchr_iter(b'"', chunk).count();
            if !too_long {
                if content.len() + chunk.len() <= self.limit {
                    content.extend_from_slice(chunk);
                } else {
                    too_long = true;
                    content = Vec::new();
                }
            }
            self.stream.consume(used);
            if done {
                ended = true;
                break;
            }
        }
        if !read_any {
            return Ok(None);
        }
        let end: &'static [u8] = if !ended {
            b""
        } else if self.terminator == b'\r' {
            b"\r"
        } else if content.last() == Some(&b'\r') {
            content.pop();
            b"\r\n"
        } else {
            b"\n"
        };
        self.next_no += 1;
        Ok(Some(Line {
            no: self.next_no,
            content,
            end,
            too_long,
            quotes,
        }))
    }

    /// Splits the record that starts at the front line. With `single_line`, a quoted
    /// field may not run over the line break (the record is then broken).
    fn split(&mut self, single_line: bool) -> io::Result<Split> {
        self.fill(1)?;
        if self.pending.is_empty() {
            return Ok(Split::End);
        }
        let delimiter = self.delimiter;
        let mut fields: Vec<Vec<u8>> = Vec::new();
        let mut field: Vec<u8> = Vec::new();
        let mut state = State::FieldStart;
        let mut stray_quote = false;
        let mut size = 0usize;
        let mut index = 0usize;
        loop {
            self.fill(index + 1)?;
            let Some(line) = self.pending.get(index) else {
                // The end of the file inside a quoted field: the quote never closes.
                let first = self.pending.front().map_or(0, |l| l.no);
                return Ok(Split::Broken {
                    reason: format!(
                        "unbalanced quote: the quoted field opened on line {first} is still \
                         open at the end of the file"
                    ),
                    scanned: index,
                    open_quote: false,
                });
            };
            let first = self.pending.front().map_or(line.no, |l| l.no);
            size += line.content.len() + line.end.len();
            if line.too_long || size > self.limit {
                return Ok(Split::Broken {
                    reason: format!(
                        "record larger than max_document_bytes ({} bytes) from line {first} \
                         on (a huge field, or an unbalanced quote)",
                        self.limit
                    ),
                    scanned: index + 1,
                    // Whether the line ends inside a quote: quotes toggle it.
                    open_quote: (state == State::Quoted) != (line.quotes % 2 == 1),
                });
            }
            for &b in &line.content {
                state = match state {
                    State::FieldStart if b == b'"' => State::Quoted,
                    State::FieldStart | State::Unquoted if b == delimiter => {
                        fields.push(std::mem::take(&mut field));
                        State::FieldStart
                    }
                    State::FieldStart | State::Unquoted => {
                        field.push(b);
                        State::Unquoted
                    }
                    State::Quoted if b == b'"' => State::QuoteInQuoted,
                    State::Quoted => {
                        field.push(b);
                        State::Quoted
                    }
                    State::QuoteInQuoted if b == b'"' => {
                        field.push(b'"');
                        State::Quoted
                    }
                    State::QuoteInQuoted if b == delimiter => {
                        fields.push(std::mem::take(&mut field));
                        State::FieldStart
                    }
                    State::QuoteInQuoted => {
                        // Neither doubled nor closing: read as written.
                        if index > 0 {
                            return Ok(Split::Broken {
                                reason: format!(
                                    "unbalanced quote: the quoted field opened on line \
                                     {first} runs over {} line break(s) into line {}, where \
                                     a quote is neither doubled nor closing",
                                    index, line.no
                                ),
                                scanned: index + 1,
                                open_quote: false,
                            });
                        }
                        stray_quote = true;
                        field.push(b'"');
                        field.push(b);
                        State::Quoted
                    }
                };
            }
            if state == State::Quoted && !line.end.is_empty() && !single_line {
                field.extend_from_slice(line.end);
                index += 1;
                continue;
            }
            if state == State::Quoted {
                if single_line && !line.end.is_empty() {
                    return Ok(Split::Broken {
                        reason: "unbalanced quote".to_string(),
                        scanned: index + 1,
                        open_quote: false,
                    });
                }
                // The last line of the file ends inside the quote.
                index += 1;
                continue;
            }
            fields.push(field);
            return Ok(Split::Record(Record {
                fields,
                lines: index + 1,
                stray_quote,
            }));
        }
    }

    /// Drops the front `n` lines.
    fn consume(&mut self, n: usize) {
        for _ in 0..n {
            self.pending.pop_front();
        }
    }

    /// After a record that ran past the limit inside a quote: skips the lines that still
    /// belong to it, up to the one where its quote closes (counting quotes, without
    /// keeping the lines). Returns the number of the last line skipped.
    fn skip_open_quote(&mut self) -> io::Result<Option<u64>> {
        let mut inside = true;
        let mut last = None;
        loop {
            self.fill(1)?;
            let Some(line) = self.pending.pop_front() else {
                return Ok(last);
            };
            last = Some(line.no);
            if line.quotes % 2 == 1 {
                inside = !inside;
            }
            if !inside {
                return Ok(last);
            }
        }
    }
}

struct Columns {
    id: Option<usize>,
    date: Option<usize>,
    url: Option<usize>,
    title: Option<usize>,
    text: usize,
    count: usize,
}

struct TableReader<'a> {
    file: String,
    splitter: Splitter<'a>,
    columns: Columns,
    max: usize,
    /// A record found while resynchronising, returned after the error before it.
    queued: Option<Result<RawDocument, ReadError>>,
    done: bool,
}

pub(crate) fn read<'a>(file: String, mut stream: Stream<'a>, options: &ReadOptions) -> DocIter<'a> {
    let fields = &options.fields;
    let (first_line, terminator) = match stream.fill_buf() {
        Ok(bytes) => {
            let end = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
            let cr = memchr::memchr(b'\r', bytes).filter(|&at| at + 1 < end);
            match cr {
                // A carriage return before the first line feed, not followed by it.
                Some(at) => (bytes.get(..at).unwrap_or(bytes).to_vec(), b'\r'),
                None => (bytes.get(..end).unwrap_or(bytes).to_vec(), b'\n'),
            }
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
    let limit = options
        .max_document_bytes
        .saturating_mul(2)
        .saturating_add(1 << 20);
    let mut splitter = Splitter {
        stream,
        pending: VecDeque::new(),
        next_no: 0,
        eof: false,
        delimiter,
        terminator,
        limit,
    };
    let fail = |reason: String| -> DocIter<'a> {
        Box::new(std::iter::once(Err(error(&file, Some("1".into()), reason))))
    };
    let header = match splitter.split(false) {
        Ok(Split::Record(record)) => {
            splitter.consume(record.lines);
            record.fields
        }
        Ok(Split::End) => return fail("cannot read the header: empty file".to_string()),
        Ok(Split::Broken { reason, .. }) => {
            return fail(format!("cannot read the header: {reason}"))
        }
        Err(e) => return fail(format!("cannot read the header: {e}")),
    };
    let find = |name: &str| header.iter().position(|cell| same_name(cell, name));
    let Some(text) = find(&fields.text) else {
        let names: Vec<String> = header
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        return fail(format!(
            "no {:?} column in the header (columns: {})",
            fields.text,
            names.join(", ")
        ));
    };
    let columns = Columns {
        id: find(&fields.id),
        date: find(&fields.date),
        url: find(&fields.url),
        title: find(&fields.title),
        text,
        count: header.len(),
    };
    Box::new(TableReader {
        file,
        splitter,
        columns,
        max: options.max_document_bytes,
        queued: None,
        done: false,
    })
}

impl TableReader<'_> {
    fn document(&self, record: &Record, line: u64) -> Result<RawDocument, String> {
        let cell = |index: Option<usize>| -> Result<Option<String>, String> {
            let Some(bytes) = index.and_then(|i| record.fields.get(i)) else {
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
        if record.stray_quote {
            warnings.push(
                "a quote inside a quoted field is not doubled; the field is read as written"
                    .to_string(),
            );
        }
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

    /// The document (or error) of a record at the front of the queue, which it leaves.
    fn take(&mut self, record: Record) -> Option<Result<RawDocument, ReadError>> {
        let line = self.splitter.pending.front().map_or(0, |l| l.no);
        self.splitter.consume(record.lines);
        if record.fields.iter().all(|c| c.trim_ascii().is_empty()) {
            return None;
        }
        Some(
            self.document(&record, line)
                .map_err(|reason| error(&self.file, Some(line.to_string()), reason)),
        )
    }

    /// After a broken record at `start`: skips to the next line that is a valid record
    /// on its own (single-line, clean quoting, the header's number of fields) while
    /// inside the broken stretch (up to line `scanned_to`), or the next record after it.
    /// Returns the error for the stretch; the record found, if any, is queued.
    fn resynchronise(&mut self, start: u64, reason: String, scanned_to: u64) -> ReadError {
        let mut last_skipped = start;
        let resumed = loop {
            let Some(front) = self.splitter.pending.front().map(|l| l.no) else {
                if let Err(e) = self.splitter.fill(1) {
                    self.done = true;
                    break Err(format!("read error: {e}"));
                }
                if self.splitter.pending.is_empty() {
                    self.done = true;
                    break Ok(None);
                }
                continue;
            };
            let inside = front <= scanned_to;
            match self.splitter.split(inside) {
                Err(e) => {
                    self.done = true;
                    break Err(format!("read error: {e}"));
                }
                Ok(Split::End) => {
                    self.done = true;
                    break Ok(None);
                }
                Ok(Split::Record(record))
                    if !inside
                        || (!record.stray_quote && record.fields.len() == self.columns.count) =>
                {
                    break Ok(Some((front, record)));
                }
                Ok(Split::Record(record)) => {
                    last_skipped = front;
                    self.splitter.consume(record.lines);
                }
                Ok(Split::Broken { .. }) if inside => {
                    last_skipped = front;
                    self.splitter.consume(1);
                }
                Ok(Split::Broken { .. }) => {
                    // A second broken record past the first: report this one now and
                    // handle the next on the next call.
                    break Ok(Some((
                        front,
                        Record {
                            fields: Vec::new(),
                            lines: 0,
                            stray_quote: false,
                        },
                    )));
                }
            }
        };
        let skipped = if last_skipped == start {
            format!("line {start} skipped")
        } else {
            format!("lines {start}-{last_skipped} skipped")
        };
        let what = match resumed {
            Ok(Some((line, record))) => {
                if record.lines > 0 {
                    self.queued = self.take(record);
                }
                format!("{reason}; {skipped}, reading resumes at line {line}")
            }
            Ok(None) => format!("{reason}; {skipped}, to the end of the file"),
            Err(e) => format!("{reason}; {skipped}; then {e}"),
        };
        error(&self.file, Some(start.to_string()), what)
    }
}

impl Iterator for TableReader<'_> {
    type Item = Result<RawDocument, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(queued) = self.queued.take() {
            return Some(queued);
        }
        while !self.done {
            let start = self.splitter.pending.front().map(|l| l.no);
            match self.splitter.split(false) {
                Err(e) => {
                    self.done = true;
                    let line = start.unwrap_or(self.splitter.next_no + 1);
                    return Some(Err(error(
                        &self.file,
                        Some(line.to_string()),
                        format!("read error: {e}"),
                    )));
                }
                Ok(Split::End) => self.done = true,
                Ok(Split::Record(record)) => {
                    if let Some(item) = self.take(record) {
                        return Some(item);
                    }
                }
                Ok(Split::Broken {
                    reason,
                    scanned,
                    open_quote,
                }) => {
                    let start = self.splitter.pending.front().map_or(0, |l| l.no);
                    let mut scanned_to = self
                        .splitter
                        .pending
                        .get(scanned.saturating_sub(1))
                        .map_or(start, |l| l.no);
                    if open_quote {
                        // The lines scanned are too many to keep looking through.
                        self.splitter.consume(scanned);
                        match self.splitter.skip_open_quote() {
                            Ok(last) => scanned_to = last.unwrap_or(scanned_to),
                            Err(e) => {
                                self.done = true;
                                return Some(Err(error(
                                    &self.file,
                                    Some(start.to_string()),
                                    format!("{reason}; then read error: {e}"),
                                )));
                            }
                        }
                        let skipped = format!("lines {start}-{scanned_to} skipped");
                        return Some(Err(error(
                            &self.file,
                            Some(start.to_string()),
                            format!("{reason}; {skipped}"),
                        )));
                    }
                    self.splitter.consume(1);
                    return Some(Err(self.resynchronise(start, reason, scanned_to)));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::{read_bytes, ReadOptions};

    /// `ok LINE TEXT` or `err LINE REASON` for each item of a CSV file.
    fn summary(csv: &str, options: &ReadOptions) -> Vec<String> {
        read_bytes("t.csv", csv.as_bytes(), options)
            .into_iter()
            .map(|item| match item {
                Ok(doc) => format!(
                    "ok {} {}{}",
                    doc.metadata.source.trim_start_matches("t.csv:"),
                    doc.text,
                    if doc.warnings.is_empty() {
                        ""
                    } else {
                        " (warned)"
                    }
                ),
                Err(e) => format!("err {} {}", e.record.unwrap_or_default(), e.reason),
            })
            .collect()
    }

    fn csv_options() -> ReadOptions {
        ReadOptions {
            format: crate::Format::Csv,
            ..ReadOptions::default()
        }
    }

    #[test]
    fn an_unclosed_quote_is_reported_and_the_rows_after_it_are_read() {
        let csv = "id,date,text\n1,2022-01-01,\"first ok\"\n2,2022-01-02,\"broken quote here\n\
                   3,2022-01-03,third\n4,2022-01-04,fourth\n";
        assert_eq!(
            summary(csv, &csv_options()),
            [
                "ok 2 first ok",
                "err 3 unbalanced quote: the quoted field opened on line 3 is still open at \
                 the end of the file; line 3 skipped, reading resumes at line 4",
                "ok 4 third",
                "ok 5 fourth",
            ]
        );
    }

    #[test]
    fn a_quote_swallowing_rows_up_to_a_stray_quote_is_reported() {
        let csv = "id,date,text\n1,2022-01-01,\"first ok\"\n2,2022-01-02,\"broken quote here\n\
                   3,2022-01-03,\"third\"\n4,2022-01-04,fourth\n5,2022-01-05,\"fifth\"\n";
        assert_eq!(
            summary(csv, &csv_options()),
            [
                "ok 2 first ok",
                "err 3 unbalanced quote: the quoted field opened on line 3 runs over 1 line \
                 break(s) into line 4, where a quote is neither doubled nor closing; line 3 \
                 skipped, reading resumes at line 4",
                "ok 4 third",
                "ok 5 fourth",
                "ok 6 fifth",
            ]
        );
    }

    #[test]
    fn lines_of_a_broken_stretch_that_are_no_record_are_named() {
        // Line 3 opens a quote; lines 4 and 5 are prose of no record; line 6 is the next
        // whole record, swallowed too until the stray quote of line 6.
        let csv = "id,date,text\n1,2022-01-01,ok\n2,2022-01-02,\"a cell that\n\
                   goes on\nand on\n3,2022-01-03,\"third\"\n";
        assert_eq!(
            summary(csv, &csv_options()),
            [
                "ok 2 ok",
                "err 3 unbalanced quote: the quoted field opened on line 3 runs over 3 line \
                 break(s) into line 6, where a quote is neither doubled nor closing; lines \
                 3-5 skipped, reading resumes at line 6",
                "ok 6 third",
            ]
        );
    }

    #[test]
    fn good_quoting_is_read_as_before() {
        let csv = "id,title,text\r\n1,\"A, B\",\"He said \"\"no\"\".\"\r\n\
                   2,T,\"Two\r\n\r\nparagraphs.\"\r\n\r\n3,,plain, with a comma\r\n4,,last";
        assert_eq!(
            summary(csv, &csv_options()),
            [
                "ok 2 He said \"no\".",
                "ok 3 Two\r\n\r\nparagraphs.",
                "ok 7 plain",
                "ok 8 last",
            ]
        );
    }

    #[test]
    fn carriage_return_line_ends() {
        let csv = "id,text\r1,\"One\rtwo\"\r2,next\r";
        assert_eq!(summary(csv, &csv_options()), ["ok 2 One\rtwo", "ok 4 next"]);
    }

    #[test]
    fn a_stray_quote_on_one_line_is_kept_with_a_warning() {
        let csv = "id,text\n1,\"He said \"no\" to it\"\n2,next\n";
        assert_eq!(
            summary(csv, &csv_options()),
            ["ok 2 He said \"no\" to it (warned)", "ok 3 next"]
        );
    }

    proptest::proptest! {
        /// Whatever the cells hold (quotes, delimiters, line breaks), a file written by
        /// the csv crate reads back cell for cell, without an error or a warning.
        #[test]
        fn well_quoted_files_read_back_exactly(
            rows in proptest::collection::vec(
                ("[a-z0-9]{0,6}", "[ -~\n\r\"\t,;é]{1,40}"), 0..12)
        ) {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(["id", "text"]).unwrap();
            for (id, text) in &rows {
                writer.write_record([id, text]).unwrap();
            }
            let bytes = writer.into_inner().unwrap();
            let items = read_bytes("p.csv", &bytes, &csv_options());
            let expected: Vec<&(String, String)> = rows
                .iter()
                .filter(|(id, text)| !text.trim().is_empty() || !id.trim().is_empty())
                .collect();
            let mut got = Vec::new();
            for item in items {
                match item {
                    Ok(doc) => {
                        proptest::prop_assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
                        got.push((doc.metadata.external_id.unwrap_or_default(), doc.text));
                    }
                    Err(e) => {
                        // Only a record whose text is blank may fail, and says so.
                        proptest::prop_assert_eq!(e.reason.as_str(), "empty text field");
                        got.push((String::new(), String::new()));
                    }
                }
            }
            let want: Vec<(String, String)> = expected
                .iter()
                .map(|(id, text)| {
                    if text.trim().is_empty() {
                        (String::new(), String::new())
                    } else {
                        (id.clone(), text.clone())
                    }
                })
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn a_record_over_the_limit_is_skipped_to_its_closing_quote() {
        let options = ReadOptions {
            max_document_bytes: 10,
            ..csv_options()
        };
        let big = "x".repeat(700_000);
        let csv = format!(
            "id,text\n1,small\n2,\"{big}\n{big}\nstill \"\"inside\"\" it\nend\"\n3,after\n"
        );
        let items = summary(&csv, &options);
        assert_eq!(items.len(), 3, "{items:?}");
        assert_eq!(items[0], "ok 2 small");
        assert!(
            items[1].starts_with("err 3 record larger than max_document_bytes")
                && items[1].ends_with("lines 3-6 skipped"),
            "{}",
            items[1]
        );
        assert_eq!(items[2], "ok 7 after");
    }
}
