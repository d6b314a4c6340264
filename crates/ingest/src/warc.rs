//! WARC archives (WARC/1.0 and 1.1; gzipped as a whole or member by member, as
//! CC-NEWS is): `response` records whose HTTP payload is HTML become documents through
//! the HTML article reader. Records are framed by `Content-Length` and read one at a
//! time; everything else (requests, metadata, images, redirects) is skipped unread.

use crate::dates::parse_date;
use crate::html::{date_from_url, decode_page};
use crate::html_file::page_document;
use crate::source::{error, read_line_bounded, Stream};
use crate::{RawDocument, ReadError, ReadOptions};
use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};
use std::io::{self, BufRead, Read};

const HEADER_LINE_MAX: usize = 64 * 1024;
const HEADERS_MAX: usize = 512;

pub(crate) struct WarcReader<'a> {
    file: String,
    stream: Stream<'a>,
    max: usize,
    record_no: usize,
    line: Vec<u8>,
    /// `line` holds a version line already read (found while skipping bad bytes).
    pending_version: bool,
    /// The record just reported has no known end: the bytes up to the next version
    /// line are its own, skipped without a second report.
    skip_quietly: bool,
    done: bool,
}

#[derive(Default)]
struct WarcHeaders {
    kind: String,
    length: Option<u64>,
    target: Option<String>,
    date: Option<String>,
    record_id: Option<String>,
    content_type: Option<String>,
}

/// An HTML payload: its bytes and the charset from the HTTP header.
struct HtmlPayload {
    bytes: Vec<u8>,
    charset: Option<String>,
}

impl<'a> WarcReader<'a> {
    pub(crate) fn new(file: String, stream: Stream<'a>, options: &ReadOptions) -> WarcReader<'a> {
        WarcReader {
            file,
            stream,
            max: options.max_document_bytes,
            record_no: 0,
            line: Vec::new(),
            pending_version: false,
            skip_quietly: false,
            done: false,
        }
    }

    fn fail(&self, reason: impl Into<String>) -> ReadError {
        error(&self.file, Some(self.record_no.to_string()), reason)
    }

    fn next_line(&mut self) -> io::Result<Option<bool>> {
        read_line_bounded(&mut self.stream, &mut self.line, HEADER_LINE_MAX)
    }

    /// Moves to the next version line. `Ok(true)` when found; `Ok(false)` at the end;
    /// `Err` when bytes that are not WARC had to be skipped (reported once).
    fn find_version_line(&mut self) -> Result<bool, ReadError> {
        let quiet = std::mem::take(&mut self.skip_quietly);
        let mut garbage = false;
        loop {
            match self.next_line() {
                Err(e) => {
                    self.done = true;
                    return Err(self.fail(format!("read error after this record: {e}")));
                }
                Ok(None) => {
                    self.done = true;
                    return if garbage && self.record_no == 0 {
                        Err(error(
                            &self.file,
                            None,
                            "not a WARC file (no WARC/1.x version line)",
                        ))
                    } else if garbage {
                        Err(self.fail("data after this record is not WARC"))
                    } else {
                        Ok(false)
                    };
                }
                Ok(Some(_)) if self.line.starts_with(b"WARC/") => {
                    if garbage && self.record_no == 0 {
                        self.pending_version = true;
                        return Err(error(
                            &self.file,
                            None,
                            "bytes before the first WARC record skipped",
                        ));
                    }
                    if garbage {
                        self.pending_version = true;
                        return Err(self.fail(
                            "bytes after this record are not WARC; skipped to the next record",
                        ));
                    }
                    return Ok(true);
                }
                Ok(Some(_)) if quiet || self.line.iter().all(u8::is_ascii_whitespace) => {}
                Ok(Some(_)) => garbage = true,
            }
        }
    }

    fn headers(&mut self) -> Result<WarcHeaders, ReadError> {
        let mut headers = WarcHeaders::default();
        for _ in 0..HEADERS_MAX {
            match self.next_line() {
                Err(e) => {
                    self.done = true;
                    return Err(self.fail(format!("read error: {e}")));
                }
                Ok(None) => {
                    self.done = true;
                    return Err(self.fail("truncated WARC record (the file ends in its headers)"));
                }
                Ok(Some(_)) if self.line.is_empty() => return Ok(headers),
                Ok(Some(_)) => {
                    let line = String::from_utf8_lossy(&self.line);
                    let Some((name, value)) = line.split_once(':') else {
                        continue;
                    };
                    let value = value.trim().to_string();
                    match name.trim().to_ascii_lowercase().as_str() {
                        "warc-type" => headers.kind = value.to_ascii_lowercase(),
                        "content-length" => headers.length = value.parse().ok(),
                        "warc-target-uri" => {
                            headers.target = Some(value.trim_matches(['<', '>']).to_string());
                        }
                        "warc-date" => headers.date = Some(value),
                        "warc-record-id" => headers.record_id = Some(value),
                        "content-type" => headers.content_type = Some(value.to_ascii_lowercase()),
                        _ => {}
                    }
                }
            }
        }
        self.skip_quietly = true;
        Err(self.fail(format!(
            "more than {HEADERS_MAX} WARC header lines; skipped to the next record"
        )))
    }

    /// Reads the record's content block; a document, an error, or `None` to skip it.
    fn content(
        &mut self,
        headers: &WarcHeaders,
        length: u64,
    ) -> Option<Result<RawDocument, ReadError>> {
        let max = self.max;
        let wanted = headers.kind == "response"
            && !matches!(headers.content_type.as_deref(), Some(t) if !t.contains("application/http"));
        let mut block = (&mut self.stream).take(length);
        let payload = if wanted {
            Some(http_html(&mut block, max))
        } else {
            None
        };
        let drained = io::copy(&mut block, &mut io::sink());
        let missing = block.limit();
        if let Err(e) = drained {
            self.done = true;
            return Some(Err(self.fail(format!("read error: {e}"))));
        }
        if missing > 0 {
            self.done = true;
            return Some(Err(self.fail(format!(
                "truncated WARC record: {missing} of {length} content bytes missing"
            ))));
        }
        match payload? {
            Ok(None) => None,
            Err(reason) => Some(Err(self.fail(reason))),
            Ok(Some(html)) => {
                let (text, warning) = decode_page(&html.bytes, html.charset.as_deref());
                let record = Some(self.record_no.to_string());
                let document =
                    page_document(&self.file, record, &text, warning, headers.target.clone()).map(
                        |mut doc| {
                            doc.metadata.external_id = headers.record_id.clone();
                            if doc.metadata.date.is_none() {
                                // The page said nothing: the date in its URL, else the
                                // crawl date.
                                doc.metadata.date = headers
                                    .target
                                    .as_deref()
                                    .and_then(date_from_url)
                                    .or_else(|| headers.date.as_deref().and_then(parse_date));
                            }
                            doc
                        },
                    );
                Some(document)
            }
        }
    }
}

impl Iterator for WarcReader<'_> {
    type Item = Result<RawDocument, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            if !self.pending_version {
                match self.find_version_line() {
                    Ok(true) => {}
                    Ok(false) => return None,
                    Err(e) => return Some(Err(e)),
                }
            }
            self.pending_version = false;
            self.record_no += 1;
            let headers = match self.headers() {
                Ok(headers) => headers,
                Err(e) => return Some(Err(e)),
            };
            let Some(length) = headers.length else {
                // Without a length the record's end is unknown: report it and look
                // for the next version line (its content is not reported again).
                self.skip_quietly = true;
                return Some(Err(self.fail(
                    "WARC record without a valid Content-Length; skipped to the next record",
                )));
            };
            if let Some(result) = self.content(&headers, length) {
                return Some(result);
            }
        }
        None
    }
}

/// Reads an HTTP response from a WARC content block; `Ok(None)` when it is not a
/// successful HTML response (skipped quietly: images, redirects, robots.txt).
fn http_html(block: &mut impl BufRead, max: usize) -> Result<Option<HtmlPayload>, String> {
    let mut line = Vec::new();
    let status_line = read_line_bounded(block, &mut line, HEADER_LINE_MAX)
        .map_err(|e| format!("read error: {e}"))?;
    if status_line.is_none() || !line.starts_with(b"HTTP/") {
        return Err("response record without an HTTP status line".to_string());
    }
    let status = String::from_utf8_lossy(&line)
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok());
    let mut content_type = None;
    let mut encoding = String::new();
    let mut chunked = false;
    for _ in 0..HEADERS_MAX {
        match read_line_bounded(block, &mut line, HEADER_LINE_MAX)
            .map_err(|e| format!("read error: {e}"))?
        {
            None => return Err("HTTP headers end early".to_string()),
            Some(_) if line.is_empty() => break,
            Some(_) => {
                let text = String::from_utf8_lossy(&line);
                let Some((name, value)) = text.split_once(':') else {
                    continue;
                };
                let value = value.trim().to_ascii_lowercase();
                match name.trim().to_ascii_lowercase().as_str() {
                    "content-type" => content_type = Some(value),
                    "content-encoding" => encoding = value,
                    "transfer-encoding" => chunked = value.contains("chunked"),
                    _ => {}
                }
            }
        }
    }
    if !status.is_some_and(|s| (200..300).contains(&s)) {
        return Ok(None);
    }
    if content_type.as_deref().is_some_and(|t| !t.contains("html")) {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    block
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("read error: {e}"))?;
    if bytes.len() > max {
        return Err(format!(
            "HTML payload larger than max_document_bytes ({max})"
        ));
    }
    if chunked {
        bytes = dechunk(&bytes).ok_or("malformed chunked transfer encoding")?;
    }
    bytes = match encoding.as_str() {
        "" | "identity" | "none" => bytes,
        "gzip" | "x-gzip" => inflate(MultiGzDecoder::new(bytes.as_slice()), max)?,
        "deflate" => inflate(ZlibDecoder::new(bytes.as_slice()), max)
            .or_else(|_| inflate(DeflateDecoder::new(bytes.as_slice()), max))?,
        other => return Err(format!("unsupported HTTP Content-Encoding {other:?}")),
    };
    if content_type.is_none() {
        let head = bytes
            .get(..bytes.len().min(1024))
            .unwrap_or(&bytes)
            .to_ascii_lowercase();
        if memchr::memmem::find(&head, b"<html").is_none() {
            return Ok(None);
        }
    }
    let charset = content_type.as_deref().and_then(|t| {
        t.split(';')
            .filter_map(|p| p.trim().strip_prefix("charset="))
            .next()
            .map(|c| c.trim_matches(['"', '\'']).to_string())
    });
    Ok(Some(HtmlPayload { bytes, charset }))
}

fn inflate(decoder: impl Read, max: usize) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    decoder
        .take(max as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot decompress the HTTP payload: {e}"))?;
    if out.len() > max {
        return Err(format!(
            "HTML payload larger than max_document_bytes ({max})"
        ));
    }
    Ok(out)
}

/// Removes HTTP/1.1 chunked framing.
fn dechunk(mut bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    loop {
        let end = memchr::memchr(b'\n', bytes)?;
        let size_line = std::str::from_utf8(bytes.get(..end)?).ok()?;
        let size_text = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        bytes = bytes.get(end + 1..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(bytes.get(..size)?);
        bytes = bytes.get(size..)?;
        bytes = bytes.strip_prefix(b"\r").unwrap_or(bytes);
        bytes = bytes.strip_prefix(b"\n").unwrap_or(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{read_bytes, Format};
    use std::io::Write;

    fn record(version: &str, kind: &str, http: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "{version}\r\nWARC-Type: {kind}\r\nWARC-Target-URI: <http://x.example/{kind}>\r\n\
             Content-Length: {}\r\n\r\n",
            http.len()
        )
        .into_bytes();
        out.extend_from_slice(http);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    #[test]
    fn chunked_gzip_payloads_garbage_and_pages_without_articles() {
        let page =
            b"<html><body><article><p>Tide tables were printed again.</p></article></body></html>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(page).unwrap();
        let gz = gz.finish().unwrap();
        let mut chunked = format!("{:x}\r\n", gz.len()).into_bytes();
        chunked.extend_from_slice(&gz);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let mut http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\
            Content-Encoding: gzip\r\n\r\n"
                .to_vec();
        http.extend_from_slice(&chunked);
        let empty_page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><nav>Menu</nav></body></html>";
        let redirect = b"HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n";
        let mut warc = record("WARC/1.1", "warcinfo", b"software: test\r\n");
        warc.extend(record("WARC/1.1", "response", &http));
        warc.extend(b"garbage line\r\n");
        warc.extend(record("WARC/1.0", "response", empty_page));
        warc.extend(record("WARC/1.0", "response", redirect));
        warc.extend(record("WARC/1.0", "response", &http));
        let options = ReadOptions {
            format: Format::Auto,
            ..ReadOptions::default()
        };
        let items = read_bytes("t.warc", &warc, &options);
        let summary: Vec<String> = items
            .iter()
            .map(|i| match i {
                Ok(doc) => format!("ok {} {}", doc.metadata.source, doc.text),
                Err(e) => format!("err {e}"),
            })
            .collect();
        assert_eq!(
            summary,
            [
                "ok t.warc:2 Tide tables were printed again.",
                "err t.warc:2: bytes after this record are not WARC; skipped to the next record",
                "err t.warc:3: no article text found in the HTML page",
                "ok t.warc:5 Tide tables were printed again.",
            ]
        );
    }

    #[test]
    fn a_record_without_a_length_is_reported_once() {
        let page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><article><p>Ferries run again.</p></article></body></html>";
        let mut warc = record("WARC/1.0", "response", page);
        warc.extend(
            b"WARC/1.0\r\nWARC-Type: response\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<html><p>unframed</p></html>\r\n\r\n",
        );
        warc.extend(record("WARC/1.0", "response", page));
        let mut headers = b"WARC/1.0\r\n".to_vec();
        for n in 0..HEADERS_MAX + 5 {
            headers.extend(format!("X-Header-{n}: v\r\n").into_bytes());
        }
        headers.extend(b"\r\nsome content\r\n\r\n");
        warc.extend(headers);
        warc.extend(record("WARC/1.0", "response", page));
        let items = read_bytes("t.warc", &warc, &ReadOptions::default());
        let summary: Vec<String> = items
            .iter()
            .map(|i| match i {
                Ok(doc) => format!("ok {}", doc.metadata.source),
                Err(e) => format!("err {e}"),
            })
            .collect();
        assert_eq!(
            summary,
            [
                "ok t.warc:1",
                "err t.warc:2: WARC record without a valid Content-Length; skipped to the next record",
                "ok t.warc:3",
                "err t.warc:4: more than 512 WARC header lines; skipped to the next record",
                "ok t.warc:5",
            ]
        );
    }

    #[test]
    fn dechunks() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n").as_deref(),
            Some(&b"Wikipedia"[..])
        );
        assert_eq!(dechunk(b"zz\r\n"), None);
        assert_eq!(dechunk(b"9\r\nabc"), None);
    }
}
