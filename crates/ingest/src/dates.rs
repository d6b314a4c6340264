//! Date strings found in containers (JSON fields, CSV cells, feed items, HTML meta tags,
//! WARC headers): `annalist_core::Date::parse` forms (ISO 8601, RFC 3339, `2017/2/7`,
//! `20220114`), Unix time in seconds or milliseconds, RFC 2822 (`Fri, 14 Jan 2022 09:30:00 +0300`), written-out English dates
//! (`January 14, 2022`, `14 Jan 2022`) and European `14.01.2022`.
//!
//! Only the calendar date is kept: the dispatch date is a day, and the time zone of a
//! timestamp near midnight is not worth a dependency.

use annalist_core::Date;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The calendar date in `text`, or `None` when no known form matches.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if text.is_empty() || text.len() > 200 {
        return None;
    }
    if let Some(date) = Date::parse(text) {
        return Some(date);
    }
    numeric_day_first(text)
        .or_else(|| written_out(text))
        .or_else(|| epoch(text))
}

/// Unix time in seconds (9-10 digits) or milliseconds (12-13 digits), as JSON exports
/// write it.
fn epoch(text: &str) -> Option<Date> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i64 = text.parse().ok()?;
    let seconds = match text.len() {
        9 | 10 => value,
        12 | 13 => value / 1000,
        _ => return None,
    };
    Date::from_days(seconds.div_euclid(86_400))
}

/// Parses a date field: `Ok(None)` for an empty value, `Err(warning)` for a value that is
/// present but not understood (the document is kept without a date).
pub fn parse_field(value: &str, what: &str) -> Result<Option<Date>, String> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    match parse_date(value) {
        Some(date) => Ok(Some(date)),
        None => Err(format!(
            "unrecognised {what} date {:?}: document kept without a date",
            truncate(value.trim(), 80)
        )),
    }
}

/// A prefix of at most `max` bytes, cut on a char boundary.
pub fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// `14.01.2022` (day first, as written in Europe), and `d/m/yyyy` or `m/d/yyyy` when
/// one of the first two numbers cannot be a month.
fn numeric_day_first(text: &str) -> Option<Date> {
    let date_part = text.split(['T', ' ']).next()?;
    let dotted = date_part.contains('.');
    let parts: Vec<&str> = date_part.split(['.', '/', '-']).collect();
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let (a, b, y): (u8, u8, i32) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
    if dotted || a > 12 {
        Date::from_ymd(y, b, a)
    } else if b > 12 {
        Date::from_ymd(y, a, b)
    } else {
        None // ambiguous: 02/03/2022
    }
}

fn month_number(word: &str) -> Option<u8> {
    if word.len() < 3 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    let index = MONTHS.iter().position(|m| *m == prefix)?;
    // Accept `Jan`, `January`, `Sept`, but not words that merely start like a month
    // (`Marching`): the rest must continue the full month name.
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    FULL.get(index)
        .filter(|full| full.starts_with(lower.as_str()))
        .map(|_| index as u8 + 1)
}

/// RFC 2822 and written-out dates: a month name, a day next to it, a year.
fn written_out(text: &str) -> Option<Date> {
    let tokens: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(16)
        .collect();
    let month_at = tokens.iter().position(|t| month_number(t).is_some())?;
    let month = month_number(tokens.get(month_at)?)?;
    let number = |i: usize| -> Option<(u32, usize)> {
        let token = tokens.get(i)?;
        let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &token[digits.len()..];
        if digits.is_empty()
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || !(suffix.is_empty() || ["st", "nd", "rd", "th"].contains(&suffix))
        {
            return None;
        }
        Some((digits.parse().ok()?, digits.len()))
    };
    let year_of = |i: usize| -> Option<i32> {
        match number(i)? {
            (y, 4) => i32::try_from(y).ok(),
            // RFC 822 two-digit years.
            (y, 2) if y >= 50 => i32::try_from(1900 + y).ok(),
            (y, 2) => i32::try_from(2000 + y).ok(),
            _ => None,
        }
    };
    let day_of = |i: usize| -> Option<u8> {
        match number(i)? {
            (d, 1 | 2) if (1..=31).contains(&d) => u8::try_from(d).ok(),
            _ => None,
        }
    };
    // `14 Jan 2022`, `Fri, 14 Jan 22`
    if let Some(day) = month_at.checked_sub(1).and_then(day_of) {
        if let Some(year) = year_of(month_at + 1) {
            return Date::from_ymd(year, month, day);
        }
    }
    // `January 14, 2022`, `Jan 14th 2022`
    if let (Some(day), Some(year)) = (day_of(month_at + 1), year_of(month_at + 2)) {
        return Date::from_ymd(year, month, day);
    }
    // `2022 January 14`
    if let (Some(year), Some(day)) = (
        month_at.checked_sub(1).and_then(|i| match number(i) {
            Some((y, 4)) => i32::try_from(y).ok(),
            _ => None,
        }),
        day_of(month_at + 1),
    ) {
        return Date::from_ymd(year, month, day);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u8, day: u8) -> Option<Date> {
        Date::from_ymd(y, m, day)
    }

    #[test]
    fn container_date_forms() {
        assert_eq!(parse_date("2017/2/7"), d(2017, 2, 7));
        assert_eq!(parse_date("2022-01-14"), d(2022, 1, 14));
        assert_eq!(parse_date("2022-01-14T09:30:00+03:00"), d(2022, 1, 14));
        assert_eq!(
            parse_date("Fri, 14 Jan 2022 09:30:00 +0300"),
            d(2022, 1, 14)
        );
        assert_eq!(parse_date("Fri, 14 Jan 22 09:30:00 GMT"), d(2022, 1, 14));
        assert_eq!(parse_date("January 14, 2022"), d(2022, 1, 14));
        assert_eq!(parse_date("Jan 14th 2022, 10:00"), d(2022, 1, 14));
        assert_eq!(parse_date("14 September 2021"), d(2021, 9, 14));
        assert_eq!(parse_date("14.01.2022"), d(2022, 1, 14));
        assert_eq!(parse_date("25/12/2021"), d(2021, 12, 25));
        assert_eq!(parse_date("12/25/2021"), d(2021, 12, 25));
        assert_eq!(parse_date("02/03/2021"), None);
        assert_eq!(parse_date("1642150800"), d(2022, 1, 14));
        assert_eq!(parse_date("1642150800000"), d(2022, 1, 14));
        assert_eq!(parse_date("12345"), None);
        assert_eq!(parse_date("last Tuesday"), None);
        assert_eq!(parse_date("Marching 14 2022"), None);
        assert_eq!(parse_date("Feb 30 2022"), None);
    }

    #[test]
    fn field_warnings() {
        assert_eq!(parse_field("  ", "x"), Ok(None));
        assert!(parse_field("someday", "x").is_err());
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,60}") {
            let _ = parse_date(&text);
            let _ = truncate(&text, 7);
        }
    }
}
