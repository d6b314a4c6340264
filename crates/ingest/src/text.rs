//! Plain text files (dispatches): one file, one document, passed on byte for byte so
//! that offsets into the file are offsets into the document.

use crate::source::{error, Stream};
use crate::{RawDocument, ReadError, ReadOptions};
use annalist_core::Metadata;
use std::io::Read;

/// Reads the whole stream (at most `max_document_bytes`) as one document.
pub(crate) fn read(
    file: &str,
    stream: Stream<'_>,
    options: &ReadOptions,
) -> Result<RawDocument, ReadError> {
    let bytes = read_bounded(file, stream, options.max_document_bytes)?;
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(error(
            file,
            None,
            format!("binary file (NUL byte at offset {at})"),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        error(
            file,
            None,
            format!("invalid UTF-8 at byte {at} (convert the file to UTF-8)"),
        )
    })?;
    if text.is_empty() {
        return Err(error(file, None, "empty file"));
    }
    if text.trim().is_empty() {
        return Err(error(file, None, "no text (whitespace only)"));
    }
    Ok(RawDocument {
        text,
        metadata: Metadata {
            source: file.to_string(),
            ..Metadata::default()
        },
        warnings: Vec::new(),
    })
}

/// The whole stream, or an error as soon as it passes `max` bytes (the rest is not read).
pub(crate) fn read_bounded(
    file: &str,
    stream: Stream<'_>,
    max: usize,
) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    stream
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| error(file, None, format!("read error: {e}")))?;
    if bytes.len() > max {
        return Err(error(
            file,
            None,
            format!("document larger than max_document_bytes ({max} bytes); not read"),
        ));
    }
    Ok(bytes)
}
