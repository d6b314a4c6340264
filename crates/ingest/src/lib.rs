//! Readers: turn user files (dispatch text, JSON Lines, CSV, HTML article pages, RSS/Atom
//! feeds, WARC archives; optionally gzipped) into `(text, Metadata)` pairs for
//! `annalist_core::Document::new`.
//!
//! This crate owns input expansion (files, directories, globs, stdin), decompression,
//! format sniffing and the per-format parsers. It never trims or rewrites a plain text
//! document: byte offsets into a text file stay valid in the document.

pub mod dates;
pub mod entities;
mod feed;
pub mod html;
mod html_file;
mod inputs;
mod jsonl;
mod source;
mod table;
mod text;
mod warc;

pub use inputs::Inputs;

use annalist_core::Metadata;
use std::fmt;
use std::str::FromStr;

/// Input format; `Auto` sniffs the content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    #[default]
    Auto,
    Text,
    Jsonl,
    Csv,
    Html,
    Feed,
    Warc,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Auto,
        Format::Text,
        Format::Jsonl,
        Format::Csv,
        Format::Html,
        Format::Feed,
        Format::Warc,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Text => "text",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Feed => "feed",
            Format::Warc => "warc",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of [`Format::from_str`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown input format {0:?} (expected auto, text, jsonl, csv, html, feed or warc)")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(text: &str) -> Result<Format, UnknownFormat> {
        let lower = text.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == lower)
            .ok_or_else(|| UnknownFormat(text.to_string()))
    }
}

/// Field (JSON key / CSV column) names of the record formats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldNames {
    pub id: String,
    pub date: String,
    pub url: String,
    pub title: String,
    pub text: String,
}

impl Default for FieldNames {
    fn default() -> FieldNames {
        FieldNames {
            id: "id".into(),
            date: "date".into(),
            url: "url".into(),
            title: "title".into(),
            text: "text".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    pub format: Format,
    pub fields: FieldNames,
    /// A document (or record) larger than this is reported as an error, never loaded.
    pub max_document_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            format: Format::Auto,
            fields: FieldNames::default(),
            max_document_bytes: 64 * 1024 * 1024,
        }
    }
}

/// One document as read: its text (verbatim for plain text files), what the container
/// said about it, and warnings about things that were read but not understood.
#[derive(Clone, Debug, PartialEq)]
pub struct RawDocument {
    pub text: String,
    pub metadata: Metadata,
    pub warnings: Vec<String>,
}

/// A document or record that could not be read. Displays as `file:record: reason`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {reason}", record.as_deref().map(|r| format!(":{r}")).unwrap_or_default())]
pub struct ReadError {
    /// The file (path, or `<stdin>`). Named `file`, not `source`, because thiserror
    /// treats a `source` field as the underlying error.
    pub file: String,
    /// The record within the file (line number, record or item number), if any.
    pub record: Option<String>,
    pub reason: String,
}

/// Reads files, directories (recursively, sorted), globs and `-` (stdin), lazily: a
/// file is opened when the documents before it have been taken.
pub fn read_inputs(inputs: &[String], options: &ReadOptions) -> Inputs {
    Inputs::new(inputs, options)
}

/// Reads one in-memory file (for tests and fuzzing); `name` stands for its path.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    options: &ReadOptions,
) -> Vec<Result<RawDocument, ReadError>> {
    source::open(name, Box::new(bytes), options).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_can_move_to_another_thread() {
        fn is_send<T: Send>(_: &T) {}
        is_send(&read_inputs(&[], &ReadOptions::default()));
    }

    #[test]
    fn error_display_names_file_and_record() {
        let with = ReadError {
            file: "a.jsonl".into(),
            record: Some("5000".into()),
            reason: "malformed JSON".into(),
        };
        assert_eq!(with.to_string(), "a.jsonl:5000: malformed JSON");
        let without = ReadError {
            record: None,
            ..with
        };
        assert_eq!(without.to_string(), "a.jsonl: malformed JSON");
    }
}
