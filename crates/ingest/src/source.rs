//! Opening one input stream: transparent gzip, format sniffing, and dispatch to the
//! format readers. Also the bounded line reader the line- and record-based formats share.

use crate::{
    feed, html_file, jsonl, table, text, warc, Format, RawDocument, ReadError, ReadOptions,
};
use flate2::read::MultiGzDecoder;
use std::io::{self, BufRead, BufReader, Cursor, Read};

/// The documents of one input, in order.
pub(crate) type DocIter<'a> = Box<dyn Iterator<Item = Result<RawDocument, ReadError>> + Send + 'a>;
/// A buffered input stream.
pub(crate) type Stream<'a> = Box<dyn BufRead + Send + 'a>;

/// How many decompressed bytes the sniffer looks at.
const SNIFF_BYTES: usize = 1024;
/// How far the sniffer reads to see a whole first JSON line.
const SNIFF_LINE_MAX: usize = 4 * 1024 * 1024;
const BUFFER: usize = 64 * 1024;

pub(crate) fn error(file: &str, record: Option<String>, reason: impl Into<String>) -> ReadError {
    ReadError {
        file: file.to_string(),
        record,
        reason: reason.into(),
    }
}

fn single<'a>(item: Result<RawDocument, ReadError>) -> DocIter<'a> {
    Box::new(std::iter::once(item))
}

/// Reads up to `n` bytes (fewer only at the end of the stream).
fn read_prefix<R: Read>(reader: &mut R, n: usize) -> io::Result<Vec<u8>> {
    let mut prefix = Vec::with_capacity(n.min(BUFFER));
    reader.take(n as u64).read_to_end(&mut prefix)?;
    Ok(prefix)
}

/// Opens one input: decompresses gzip, sniffs the format (unless given), and returns
/// the reader of that format. Nothing but the first kilobytes is read here.
pub(crate) fn open<'a>(
    file: &str,
    reader: Box<dyn Read + Send + 'a>,
    options: &ReadOptions,
) -> DocIter<'a> {
    let mut raw = BufReader::with_capacity(BUFFER, reader);
    let magic = match read_prefix(&mut raw, 2) {
        Ok(magic) => magic,
        Err(e) => return single(Err(error(file, None, format!("cannot read: {e}")))),
    };
    let gzipped = magic == [0x1f, 0x8b];
    let joined = Cursor::new(magic).chain(raw);
    let mut stream: Stream<'a> = if gzipped {
        Box::new(BufReader::with_capacity(
            BUFFER,
            MultiGzDecoder::new(joined),
        ))
    } else {
        Box::new(joined)
    };
    let mut prefix = match read_prefix(&mut stream, SNIFF_BYTES) {
        Ok(prefix) => prefix,
        Err(e) => {
            let what = if gzipped { "gzip data" } else { "file" };
            return single(Err(error(file, None, format!("cannot read {what}: {e}"))));
        }
    };
    if prefix.is_empty() {
        return single(Err(error(file, None, "empty file")));
    }
    let format = match options.format {
        Format::Auto => {
            if looks_like_json_object_start(&prefix) {
                if let Err(e) = extend_to_first_line(&mut stream, &mut prefix) {
                    return single(Err(error(file, None, format!("cannot read: {e}"))));
                }
            }
            match sniff(&prefix, &options.fields.text) {
                Ok(format) => format,
                Err(reason) => return single(Err(error(file, None, reason))),
            }
        }
        format => format,
    };
    let stream: Stream<'a> = Box::new(Cursor::new(prefix).chain(stream));
    let file = file.to_string();
    match format {
        Format::Auto | Format::Text => single(text::read(&file, stream, options)),
        Format::Html => single(html_file::read(&file, stream, options)),
        Format::Jsonl => Box::new(jsonl::JsonlReader::new(file, stream, options)),
        Format::Csv => table::read(file, stream, options),
        Format::Feed => Box::new(feed::FeedReader::new(file, stream, options)),
        Format::Warc => Box::new(warc::WarcReader::new(file, stream, options)),
    }
}

fn skip_bom_and_space(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or(&[])
}

fn looks_like_json_object_start(prefix: &[u8]) -> bool {
    skip_bom_and_space(prefix).first() == Some(&b'{')
}

/// Reads on until the prefix holds its first line (or `SNIFF_LINE_MAX` bytes).
fn extend_to_first_line(stream: &mut Stream<'_>, prefix: &mut Vec<u8>) -> io::Result<()> {
    while memchr::memchr(b'\n', prefix).is_none() && prefix.len() < SNIFF_LINE_MAX {
        let more = read_prefix(stream, BUFFER)?;
        if more.is_empty() {
            break;
        }
        prefix.extend_from_slice(&more);
    }
    Ok(())
}

/// Guesses the format from the first bytes (after decompression).
pub(crate) fn sniff(prefix: &[u8], text_field: &str) -> Result<Format, String> {
    let head = prefix
        .get(..prefix.len().min(SNIFF_BYTES))
        .unwrap_or(prefix);
    let body = skip_bom_and_space(prefix);
    let start = skip_bom_and_space(head);
    if start.starts_with(b"WARC/") {
        return Ok(Format::Warc);
    }
    // WARC records carry binary payloads; anything else with a NUL byte is not text.
    if let Some(at) = memchr::memchr(0, head) {
        return Err(format!(
            "binary file (NUL byte at offset {at}); not read (give --input-format to force)"
        ));
    }
    let lower = start.to_ascii_lowercase();
    let has = |needle: &str| memchr::memmem::find(&lower, needle.as_bytes()).is_some();
    let feed_marker = has("<rss") || has("<feed") || has("<rdf:rdf");
    let html_marker = has("<html") || has("<!doctype html") || has("<head") || has("<body");
    if lower.starts_with(b"<?xml") {
        return Ok(if feed_marker {
            Format::Feed
        } else if html_marker {
            Format::Html
        } else {
            Format::Text
        });
    }
    if lower.starts_with(b"<") {
        if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
            return Ok(Format::Html);
        }
        return Ok(if feed_marker && !html_marker {
            Format::Feed
        } else {
            Format::Html
        });
    }
    if body.first() == Some(&b'{') {
        let line = memchr::memchr(b'\n', body).map_or(body, |end| body.get(..end).unwrap_or(body));
        let parses =
            serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(line).is_ok();
        // A very long first line that starts like a record is read as JSON Lines too:
        // the reader reports it if it is not one.
        if parses || (memchr::memchr(b'\n', body).is_none() && body.len() >= SNIFF_LINE_MAX) {
            return Ok(Format::Jsonl);
        }
    }
    let first_line =
        memchr::memchr(b'\n', start).map_or(start, |end| start.get(..end).unwrap_or(start));
    if table::header_delimiter(first_line, text_field).is_some() {
        return Ok(Format::Csv);
    }
    Ok(Format::Text)
}

/// Reads one line (without its end) into `buf`, keeping at most `max` bytes; the
/// rest of an overlong line is skipped without being stored.
/// Returns `None` at the end of the stream, else whether the line was too long.
pub(crate) fn read_line_bounded<R: BufRead + ?Sized>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<bool>> {
    buf.clear();
    let mut read_any = false;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(read_any.then_some(too_long));
        }
        read_any = true;
        let (chunk, used, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (available.get(..i).unwrap_or(available), i + 1, true),
            None => (available, available.len(), false),
        };
        if !too_long {
            if buf.len() + chunk.len() <= max {
                buf.extend_from_slice(chunk);
            } else {
                too_long = true;
                buf.clear();
            }
        }
        reader.consume(used);
        if done {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Some(too_long));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats() {
        let s = |t: &str| sniff(t.as_bytes(), "text");
        assert_eq!(s("WARC/1.0\r\n"), Ok(Format::Warc));
        assert_eq!(
            s("<?xml version=\"1.0\"?><rss version=\"2.0\">"),
            Ok(Format::Feed)
        );
        assert_eq!(
            s("<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            Ok(Format::Feed)
        );
        assert_eq!(s("  <!DOCTYPE html><html>"), Ok(Format::Html));
        assert_eq!(s("{\"id\": 1, \"text\": \"x\"}\n{"), Ok(Format::Jsonl));
        assert_eq!(s("{not json at all\n"), Ok(Format::Text));
        assert_eq!(s("id,date,text\n1,2020-01-01,x\n"), Ok(Format::Csv));
        assert_eq!(s("id\tdate\ttext\n"), Ok(Format::Csv));
        assert_eq!(s("MOSCOW, January 14. /TASS/. Text."), Ok(Format::Text));
        assert!(s("ab\0cd").is_err());
    }

    #[test]
    fn bounded_lines() {
        let mut input = Cursor::new(b"short\r\nthis line is long\nlast".to_vec());
        let mut buf = Vec::new();
        assert_eq!(
            read_line_bounded(&mut input, &mut buf, 8).ok(),
            Some(Some(false))
        );
        assert_eq!(buf, b"short");
        assert_eq!(
            read_line_bounded(&mut input, &mut buf, 8).ok(),
            Some(Some(true))
        );
        assert_eq!(
            read_line_bounded(&mut input, &mut buf, 8).ok(),
            Some(Some(false))
        );
        assert_eq!(buf, b"last");
        assert_eq!(read_line_bounded(&mut input, &mut buf, 8).ok(), Some(None));
    }
}
