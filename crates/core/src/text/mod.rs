//! Text segmentation: the `date` header, the dateline, the dispatch date, the language,
//! paragraphs, tokens and sentences.
//!
//! Everything here is computed once per document by [`Document::new`] and is pure:
//! spans are byte offsets into the unchanged text (nothing is normalised or stripped).

mod dateline;
mod language;
mod sentences;
mod tokens;

pub use dateline::{find_dateline, month_number};
pub use language::detect_language;
pub use sentences::split_sentences;
pub use tokens::tokenize;

use crate::date::Date;
use crate::document::{Dateline, Document, Metadata, Severity, SCHEMA_VERSION};
use crate::span::Span;

/// Stable 64-bit FNV-1a hash, written as 16 hex digits.
pub fn stable_hash(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in part.as_bytes().iter().chain(std::iter::once(&0u8)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// A source path without `.` segments and repeated separators, so that `data/x.txt`,
/// `./data/x.txt` and `data//x.txt` give a document the same id.
pub fn normalise_source(source: &str) -> String {
    let absolute = source.starts_with('/');
    let parts: Vec<&str> = source
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// Kept in the text (offsets stay exact) but skipped before the header and dateline.
const BYTE_ORDER_MARK: char = '\u{feff}';

/// A `date YYYY-MM-DD` header at the start of a dispatch file: its date and where the
/// body begins.
pub fn find_header(text: &str) -> Option<(Date, usize)> {
    let trimmed = text.trim_start_matches(BYTE_ORDER_MARK).trim_start();
    let rest = trimmed.strip_prefix("date")?;
    let after_keyword = rest.trim_start_matches([' ', '\t', ':']);
    if after_keyword.len() == rest.len() {
        return None;
    }
    let date_text = after_keyword.get(..10)?;
    let date = Date::parse(date_text)?;
    let consumed = text.len() - after_keyword.len() + 10;
    let after = text.get(consumed..)?;
    if !after.is_empty() && !after.starts_with(char::is_whitespace) {
        return None;
    }
    let body = consumed + (after.len() - after.trim_start().len());
    Some((date, body))
}

/// Paragraphs of `text[from..]`: blocks separated by blank lines, or by single line
/// breaks when the text has no blank line at all (one paragraph per line).
pub fn split_paragraphs(text: &str, from: usize) -> Vec<Span> {
    let body = text.get(from..).unwrap_or("");
    let has_blank_line = body.contains("\n\n") || body.contains("\n\r\n");
    let mut paragraphs = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_non_space = 0;
    let mut newlines = 0;
    for (i, ch) in body.char_indices() {
        if ch == '\n' {
            newlines += 1;
            if start.is_some() && (!has_blank_line || newlines >= 2) {
                if let Some(s) = start.take() {
                    paragraphs.push(Span::new(from + s, from + last_non_space));
                }
            }
        } else if ch.is_whitespace() {
        } else {
            newlines = 0;
            if start.is_none() {
                start = Some(i);
            }
            last_non_space = i + ch.len_utf8();
        }
    }
    if let Some(s) = start {
        paragraphs.push(Span::new(from + s, from + last_non_space));
    }
    paragraphs
}

impl Document {
    /// Builds and segments a document from a text and its metadata.
    ///
    /// The dispatch date (`dct`) is, in order: the dateline's date (with the year from the
    /// metadata or the header when the dateline has none), the header's `date`, the
    /// metadata date. A document without any has `dct: None`; its relative dates stay
    /// unresolved.
    pub fn new(text: String, metadata: Metadata) -> Document {
        let identity = match metadata.url.as_deref() {
            Some(url) => url.to_string(),
            None => normalise_source(&metadata.source),
        };
        let id = stable_hash(&[&identity, &text]);
        let header = find_header(&text);
        let bom = if text.starts_with(BYTE_ORDER_MARK) {
            BYTE_ORDER_MARK.len_utf8()
        } else {
            0
        };
        let body_start = header.map_or(bom, |(_, body)| body);
        let outside_date = header.map(|(date, _)| date).or(metadata.date);
        let dateline = find_dateline(&text, body_start);
        let dateline_date = dateline
            .as_ref()
            .and_then(|d| dateline_dct(&text, d, outside_date));
        let dct = dateline_date.or(outside_date);
        let language = detect_language(text.get(body_start..).unwrap_or(""));
        let supported = language == "en";
        let agency = dateline.as_ref().and_then(|d| d.agency.clone());
        let mut doc = Document {
            schema: SCHEMA_VERSION.to_string(),
            id,
            source: metadata.source,
            external_id: metadata.external_id,
            url: metadata.url,
            title: metadata.title,
            dct,
            dateline,
            agency,
            language: language.to_string(),
            supported,
            body_start,
            paragraphs: Vec::new(),
            sentences: Vec::new(),
            tokens: Vec::new(),
            syntax: Default::default(),
            timexes: Vec::new(),
            entities: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
            diagnostics: Vec::new(),
            text,
        };
        doc.paragraphs = split_paragraphs(&doc.text, body_start);
        doc.tokens = tokenize(&doc.text, body_start);
        let dateline_span = doc.dateline.as_ref().map(|d| d.span);
        doc.sentences = split_sentences(&doc.text, &doc.tokens, &doc.paragraphs, dateline_span);
        if doc.dct.is_none() {
            doc.diagnose(
                "segment",
                Severity::Info,
                "no dispatch date: relative dates stay unresolved".to_string(),
                None,
            );
        }
        if !doc.supported {
            let message = format!(
                "language {:?} is not supported: kept, not analysed",
                doc.language
            );
            doc.diagnose("segment", Severity::Warning, message, None);
        }
        doc
    }
}

/// The dispatch date from a dateline's `Month D[, YYYY]`, the year taken from the
/// dateline, else the one that puts it nearest the outside date.
fn dateline_dct(text: &str, dateline: &Dateline, outside: Option<Date>) -> Option<Date> {
    let written = dateline.date_span?.slice(text);
    let mut words = written.split([' ', ',']).filter(|w| !w.is_empty());
    let first = words.next()?;
    let second = words.next()?;
    let (month, day) = match (month_number(first), second.parse::<u8>()) {
        (Some(m), Ok(d)) => (m, d),
        _ => (month_number(second)?, first.parse::<u8>().ok()?),
    };
    if let Some(year) = words.next().and_then(|y| y.parse::<i32>().ok()) {
        return Date::from_ymd(year, month, day);
    }
    let outside = outside?;
    (outside.year() - 1..=outside.year() + 1)
        .filter_map(|year| Date::from_ymd(year, month, day))
        .min_by_key(|date| (date.to_days() - outside.to_days()).abs())
}

#[cfg(test)]
mod tests;
