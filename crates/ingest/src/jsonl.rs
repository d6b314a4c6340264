//! JSON Lines: one JSON object per line, with configurable field names. Read line by
//! line with a bounded buffer, so a file of any size streams and an overlong line is
//! skipped, not loaded. A bad line is one error; the lines after it still come through.

use crate::dates::parse_field;
use crate::source::{error, read_line_bounded, Stream};
use crate::{FieldNames, RawDocument, ReadError, ReadOptions};
use annalist_core::Metadata;
use serde_json::{Map, Value};

pub(crate) struct JsonlReader<'a> {
    file: String,
    stream: Stream<'a>,
    fields: FieldNames,
    max_document_bytes: usize,
    line_limit: usize,
    buf: Vec<u8>,
    line: usize,
    done: bool,
}

impl<'a> JsonlReader<'a> {
    pub(crate) fn new(file: String, stream: Stream<'a>, options: &ReadOptions) -> JsonlReader<'a> {
        JsonlReader {
            file,
            stream,
            fields: options.fields.clone(),
            max_document_bytes: options.max_document_bytes,
            // JSON escapes can double a text (or more for `\uXXXX`); other fields add
            // a little. Past this, a line cannot hold a text within the limit.
            line_limit: options
                .max_document_bytes
                .saturating_mul(2)
                .saturating_add(1 << 20),
            buf: Vec::new(),
            line: 0,
            done: false,
        }
    }

    fn record(&self, line: &[u8]) -> Result<RawDocument, ReadError> {
        let fail = |reason: String| error(&self.file, Some(self.line.to_string()), reason);
        let text = std::str::from_utf8(line).map_err(|e| {
            fail(format!(
                "invalid UTF-8 at byte {} of the line",
                e.valid_up_to()
            ))
        })?;
        let map: Map<String, Value> = match serde_json::from_str(text) {
            Ok(map) => map,
            Err(e) if e.is_data() => return Err(fail("not a JSON object".to_string())),
            Err(e) => return Err(fail(format!("malformed JSON: {e}"))),
        };
        record_document(
            &map,
            &self.fields,
            self.max_document_bytes,
            format!("{}:{}", self.file, self.line),
        )
        .map_err(fail)
    }
}

/// A field as a string: strings as they are, numbers and booleans written out.
pub(crate) fn scalar(map: &Map<String, Value>, name: &str) -> Option<String> {
    match map.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn record_document(
    map: &Map<String, Value>,
    fields: &FieldNames,
    max: usize,
    source: String,
) -> Result<RawDocument, String> {
    let text = match map.get(&fields.text) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Null) | None => {
            let names: Vec<&str> = map.keys().take(12).map(String::as_str).collect();
            return Err(format!(
                "no {:?} field (fields: {}); choose the text field with --text-field",
                fields.text,
                names.join(", ")
            ));
        }
        Some(_) => return Err(format!("the {:?} field is not a string", fields.text)),
    };
    if text.len() > max {
        return Err(format!(
            "text of {} bytes is larger than max_document_bytes ({max})",
            text.len()
        ));
    }
    if text.trim().is_empty() {
        return Err(format!("empty {:?} field", fields.text));
    }
    let mut warnings = Vec::new();
    let date = match scalar(map, &fields.date).map(|d| parse_field(&d, "record")) {
        Some(Ok(date)) => date,
        Some(Err(warning)) => {
            warnings.push(warning);
            None
        }
        None => None,
    };
    let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    Ok(RawDocument {
        text,
        metadata: Metadata {
            source,
            external_id: non_empty(scalar(map, &fields.id)),
            url: non_empty(scalar(map, &fields.url)),
            title: non_empty(scalar(map, &fields.title)),
            date,
        },
        warnings,
    })
}

impl Iterator for JsonlReader<'_> {
    type Item = Result<RawDocument, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let mut buf = std::mem::take(&mut self.buf);
            let status = read_line_bounded(&mut self.stream, &mut buf, self.line_limit);
            self.line += 1;
            let result = match status {
                Err(e) => {
                    self.done = true;
                    Some(Err(error(
                        &self.file,
                        Some(self.line.to_string()),
                        format!("read error: {e}"),
                    )))
                }
                Ok(None) => {
                    self.done = true;
                    None
                }
                Ok(Some(true)) => Some(Err(error(
                    &self.file,
                    Some(self.line.to_string()),
                    format!(
                        "line longer than {} bytes (max_document_bytes {}); skipped",
                        self.line_limit, self.max_document_bytes
                    ),
                ))),
                Ok(Some(false)) => {
                    let mut line = buf.as_slice();
                    if self.line == 1 {
                        line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
                    }
                    if line.iter().all(u8::is_ascii_whitespace) {
                        None
                    } else {
                        Some(self.record(line))
                    }
                }
            };
            self.buf = buf;
            if result.is_some() {
                return result;
            }
        }
        None
    }
}
