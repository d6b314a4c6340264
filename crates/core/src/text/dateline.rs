//! Datelines of wire services and ministries, from the patterns in
//! `data/text/datelines.txt`.

use crate::document::Dateline;
use crate::lexicon::{tsv_rows, word_list};
use crate::span::Span;
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

const DATELINE_PATTERNS: &str = include_str!("../../../../data/text/datelines.txt");
const MONTHS: &str = include_str!("../../../../data/text/months.tsv");

fn patterns() -> &'static [Regex] {
    static PATTERNS: OnceLock<Vec<Regex>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        // The data file is part of the build; a bad pattern is caught by the tests.
        word_list(DATELINE_PATTERNS)
            .filter_map(|p| Regex::new(p).ok())
            .collect()
    })
}

fn months() -> &'static HashMap<String, u8> {
    static MONTH_TABLE: OnceLock<HashMap<String, u8>> = OnceLock::new();
    MONTH_TABLE.get_or_init(|| {
        tsv_rows(MONTHS)
            .filter_map(|(_, cols)| Some((cols.first()?.to_string(), cols.get(1)?.parse().ok()?)))
            .collect()
    })
}

/// Month number of an English month name or abbreviation (`Jan.`, `Sept`, `January`).
pub fn month_number(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    months().get(&word).copied()
}

/// The dateline at the start of the body (`text[body_start..]`), if there is one.
pub fn find_dateline(text: &str, body_start: usize) -> Option<Dateline> {
    let body = text.get(body_start..)?;
    let trimmed = body.trim_start();
    let offset = body_start + (body.len() - trimmed.len());
    // A dateline sits on the first line; never search past it.
    let first_line = trimmed.split('\n').next().unwrap_or("");
    for pattern in patterns() {
        let Some(caps) = pattern.captures(first_line) else {
            continue;
        };
        let whole = caps.get(0)?;
        let place = caps.name("place")?;
        let place_text = place.as_str().trim();
        if place_text.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            continue;
        }
        let date = caps.name("date").filter(|d| {
            d.as_str()
                .split(' ')
                .next()
                .and_then(month_number)
                .is_some()
                || d.as_str()
                    .split(' ')
                    .nth(1)
                    .and_then(month_number)
                    .is_some()
        });
        let agency = caps.name("agency");
        let end = offset + whole.as_str().trim_end().len();
        return Some(Dateline {
            place: place_text.to_string(),
            span: Span::new(offset, end),
            place_span: Span::new(
                offset + place.start(),
                offset + place.start() + place_text.len(),
            ),
            date_span: date.map(|d| Span::new(offset + d.start(), offset + d.end())),
            agency: agency.map(|a| a.as_str().trim().to_string()),
            agency_span: agency.map(|a| Span::new(offset + a.start(), offset + a.end())),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        assert_eq!(patterns().len(), word_list(DATELINE_PATTERNS).count());
    }

    fn parts(text: &str) -> (String, Option<String>, Option<String>, String) {
        let d = find_dateline(text, 0).expect("dateline");
        (
            d.place.clone(),
            d.date_span.map(|s| s.slice(text).to_string()),
            d.agency.clone(),
            text[d.span.end..].trim_start().chars().take(5).collect(),
        )
    }

    #[test]
    fn wire_datelines() {
        let cases = [
            (
                "BAKU, February 7. /TASS/. Russian citizen",
                "BAKU",
                Some("February 7"),
                Some("TASS"),
                "Russi",
            ),
            (
                "WASHINGTON, Nov 19 (Reuters) - The U.S.",
                "WASHINGTON",
                Some("Nov 19"),
                Some("Reuters"),
                "The U",
            ),
            (
                "BRUSSELS (AP) — NATO allies",
                "BRUSSELS",
                None,
                Some("AP"),
                "NATO ",
            ),
            (
                "KYIV, Jan. 14 (Xinhua) -- Ukraine",
                "KYIV",
                Some("Jan. 14"),
                Some("Xinhua"),
                "Ukrai",
            ),
            (
                "UNITED NATIONS, Sept 22 (AFP) - The",
                "UNITED NATIONS",
                Some("Sept 22"),
                Some("AFP"),
                "The",
            ),
        ];
        for (text, place, date, agency, rest) in cases {
            let got = parts(text);
            assert_eq!(got.0, place, "{text}");
            assert_eq!(got.1.as_deref(), date, "{text}");
            assert_eq!(got.2.as_deref(), agency, "{text}");
            assert_eq!(got.3, rest, "{text}");
        }
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        assert!(find_dateline("The U.S. and NATO met on Friday.", 0).is_none());
        assert!(find_dateline("NATO said (again) that", 0).is_none());
    }
}
