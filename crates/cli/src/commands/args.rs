//! Value parsers for command-line arguments: every value is checked when the command
//! line is read, so that a bad one is a usage error (exit code 2) with a message naming
//! it, never a query that silently matches nothing.

use annalist_core::Date;

/// The largest `--batch`: a batch is held in memory while it is analysed.
pub const MAX_BATCH: i64 = 100_000;

/// The CAMEO code table, for the PLOVER types and CAMEO codes `--type` accepts.
const CAMEO_TABLE: &str = include_str!("../../../../data/events/cameo.tsv");

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real calendar date; returned as written.
pub fn date_bound(text: &str) -> Result<String, String> {
    let value = text.trim();
    let parts: Vec<&str> = value.split('-').collect();
    let digits = |part: &str, n: usize| part.len() == n && part.bytes().all(|b| b.is_ascii_digit());
    let well_formed = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    };
    if !well_formed {
        return Err(format!(
            "{text:?} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
        ));
    }
    let number = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
    let year = number(0).and_then(|y| i32::try_from(y).ok()).unwrap_or(0);
    let month = number(1)
        .map_or(Some(1), |m| u8::try_from(m).ok())
        .unwrap_or(0);
    let day = number(2)
        .map_or(Some(1), |d| u8::try_from(d).ok())
        .unwrap_or(0);
    if !(1..=12).contains(&month) {
        return Err(format!("{text:?}: there is no month {month}"));
    }
    if Date::from_ymd(year, month, day).is_none() {
        return Err(format!("{text:?}: there is no such day"));
    }
    Ok(value.to_string())
}

/// Whether the period `from` (a checked [`date_bound`]) starts after the period `to`
/// ends: `2022-03` is after `2022-02-28`, `2022` is not after `2022-06`.
pub fn after(from: &str, to: &str) -> bool {
    let n = from.len().min(to.len());
    from.get(..n) > to.get(..n)
}

/// A `--from`/`--to` window no date can fall in (`--from` after `--to`).
pub fn window(from: Option<&str>, to: Option<&str>) -> Result<(), String> {
    match (from, to) {
        (Some(from), Some(to)) if after(from, to) => Err(format!(
            "--from {from} is after --to {to}: no date can match"
        )),
        _ => Ok(()),
    }
}

/// `A,B`: two non-empty parties.
pub fn dyad(text: &str) -> Result<(String, String), String> {
    match text.split_once(',') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() && !b.contains(',') => {
            Ok((a.trim().to_string(), b.trim().to_string()))
        }
        _ => Err(format!(
            "{text:?} is not a dyad (expected two parties: A,B)"
        )),
    }
}

/// A calendar date (`YYYY-MM-DD`; the forms of [`Date::parse`] are accepted too).
pub fn full_date(text: &str) -> Result<Date, String> {
    Date::parse(text.trim()).ok_or_else(|| format!("{text:?} is not a YYYY-MM-DD date"))
}

/// A PLOVER event type (case-insensitive, returned in capitals) or a CAMEO code or code
/// prefix of the CAMEO table (`04`, `042`).
pub fn event_type(text: &str) -> Result<String, String> {
    let value = text.trim();
    let rows = CAMEO_TABLE
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let mut cols = line.split('\t');
            Some((cols.next()?, cols.next()?))
        });
    let mut types: Vec<&str> = Vec::new();
    for (code, plover) in rows {
        if value.bytes().all(|b| b.is_ascii_digit()) && value.len() >= 2 && code.starts_with(value)
        {
            return Ok(value.to_string());
        }
        if plover.eq_ignore_ascii_case(value) {
            return Ok(plover.to_string());
        }
        if !types.contains(&plover) {
            types.push(plover);
        }
    }
    types.sort_unstable();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{text:?} is not a CAMEO code (two to four digits, 01 to 20 first)"
        ));
    }
    Err(format!(
        "{text:?} is not an event type (a CAMEO code such as 04, or one of {})",
        types.join(", ")
    ))
}

/// A database file name. SQLite would take `""` and `:memory:` for a temporary
/// database, lost at the end of the run.
pub fn db_file(text: &str) -> Result<std::path::PathBuf, String> {
    if text.trim().is_empty() || text == ":memory:" {
        return Err(format!(
            "{text:?} is not a database file name (nothing would be kept)"
        ));
    }
    Ok(std::path::PathBuf::from(text))
}

/// A store: a `postgres://` (or `postgresql://`) URL, else a database file name as
/// [`db_file`] takes it.
pub fn db_location(text: &str) -> Result<annalist_store::Location, String> {
    match annalist_store::Location::parse(text) {
        annalist_store::Location::File(_) => Ok(annalist_store::Location::File(db_file(text)?)),
        url => Ok(url),
    }
}

/// An input format name (`auto`, `text`, `jsonl`, `csv`, `html`, `feed`, `warc`).
pub fn input_format(text: &str) -> Result<annalist_ingest::Format, String> {
    text.parse()
        .map_err(|e: annalist_ingest::UnknownFormat| e.to_string())
}

/// A number from 0 to 1 (a confidence threshold).
pub fn unit_interval(text: &str) -> Result<f32, String> {
    match text.trim().parse::<f32>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("`{text}` is not a number from 0 to 1")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds() {
        assert_eq!(date_bound("2022"), Ok("2022".to_string()));
        assert_eq!(date_bound("2022-03"), Ok("2022-03".to_string()));
        assert_eq!(date_bound("2024-02-29"), Ok("2024-02-29".to_string()));
        for bad in [
            "notadate",
            "2022-13-01",
            "2022-00",
            "2023-02-29",
            "2022-1-5",
            "22",
            "",
            "2022-01-01x",
            "2022/01/01",
        ] {
            assert!(date_bound(bad).is_err(), "{bad:?} accepted");
        }
        assert!(date_bound("2022-13-01").unwrap_err().contains("month 13"));
    }

    #[test]
    fn full_dates() {
        assert!(full_date("2022-01-14").is_ok());
        assert!(full_date("2022-01").is_err());
        assert!(full_date("2022-02-30").is_err());
    }

    #[test]
    fn database_names() {
        assert!(db_file("news.db").is_ok());
        assert!(db_file("").is_err());
        assert!(db_file(":memory:").is_err());
        assert!(db_location("postgres://me@localhost/news")
            .unwrap()
            .is_postgres());
        assert!(db_location(":memory:").is_err());
    }

    #[test]
    fn periods_in_order() {
        assert!(after("2022-03", "2022-02-28"));
        assert!(after("2023", "2022-12-31"));
        assert!(!after("2022", "2022-06"));
        assert!(!after("2022-06-01", "2022-06"));
        assert!(!after("2022-01-01", "2022-03-31"));
    }

    #[test]
    fn event_types() {
        assert_eq!(event_type("consult"), Ok("CONSULT".to_string()));
        assert_eq!(event_type("04"), Ok("04".to_string()));
        assert_eq!(event_type("0211"), Ok("0211".to_string()));
        assert!(event_type("FOO").unwrap_err().contains("CONSULT"));
        assert!(event_type("99").is_err());
        assert!(event_type("0").is_err());
        assert!(event_type("").is_err());
    }
}
