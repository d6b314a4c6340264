//! Reading the line-oriented data files under `data/` (TSV and word lists).
//!
//! Lexicons are compiled into the binary with `include_str!` and parsed once at start-up;
//! these helpers give every recogniser the same comment and column conventions:
//! `#` starts a comment line, blank lines are skipped, columns are separated by tabs.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
#[error("{file}:{line}: {message}")]
pub struct LexiconError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Non-comment, non-blank lines of a data file with their 1-based line numbers.
pub fn data_lines(content: &str) -> impl Iterator<Item = (usize, &str)> {
    content
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
}

/// Rows of a TSV data file, each split on tabs, with their line numbers.
pub fn tsv_rows(content: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    data_lines(content).map(|(n, line)| (n, line.split('\t').map(str::trim).collect()))
}

/// Rows that must have at least `min_columns` columns; the first bad row is an error.
pub fn tsv_rows_checked<'c>(
    file: &str,
    content: &'c str,
    min_columns: usize,
) -> Result<Vec<(usize, Vec<&'c str>)>, LexiconError> {
    let mut rows = Vec::new();
    for (line, columns) in tsv_rows(content) {
        if columns.len() < min_columns {
            return Err(LexiconError {
                file: file.to_string(),
                line,
                message: format!(
                    "expected {min_columns} tab-separated columns, found {}",
                    columns.len()
                ),
            });
        }
        rows.push((line, columns));
    }
    Ok(rows)
}

/// Words of a word-list file, one entry per line.
pub fn word_list(content: &str) -> impl Iterator<Item = &str> {
    data_lines(content).map(|(_, line)| line.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_comments_and_blanks() {
        let rows: Vec<_> = tsv_rows("# header\n\na\tb\n  # x\nc\td\te\n").collect();
        assert_eq!(rows, vec![(3, vec!["a", "b"]), (5, vec!["c", "d", "e"])]);
    }

    #[test]
    fn short_rows_are_reported_with_line() {
        let err = tsv_rows_checked("x.tsv", "a\tb\nc\n", 2).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.to_string().starts_with("x.tsv:2:"));
    }
}

/// FNV-1a, for word tables looked up in per-token loops: keys are short and come from our
/// own data files, so a simple non-keyed hash beats SipHash.
#[derive(Clone, Copy, Debug)]
pub struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A hash map keyed by words of the data files, hashed with [`FnvHasher`].
pub type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<FnvHasher>>;
