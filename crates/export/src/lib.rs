//! annalist-export: what the store gives to other tools, each format true to its spec.
//!
//! - [`tables`]: flat tables (documents, events, entity mentions, quotes, entities,
//!   timexes) with names resolved, one row per fact, columns and types fixed by
//!   [`tables::Table::columns`] and documented in `docs/tables.md`;
//!   [`columnar`] writes them as CSV or (feature `parquet`, on by default) Parquet.
//! - [`gdelt`]: the GDELT 2.0 event table, one row per fused event (61 columns, codebook
//!   types and domains, FIPS 10-4 geography).
//! - [`plover`]: PLOVER JSON records (the manual's data fields, draft 2.0), one per
//!   event mention.
//! - [`reference`]: the data tables they read (`data/export/`).
//! - [`rows_json`]: the flat tables' rows of one analysed document, without a store, as
//!   one JSON line (`annalist analyze --format rows`, `annalist.export_rows`).
//!
//! Every export reads the store a page of documents at a time
//! ([`annalist_store::Store::export_pages`]), so memory does not grow with the store.
//! The date rule both event formats share is [`event_day`].

pub mod columnar;
pub mod gdelt;
pub mod plover;
pub mod reference;
pub mod rows_json;
pub mod tables;

use annalist_core::{Date, Event};

/// What can go wrong while exporting.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] annalist_store::StoreError),
    #[error("writing the export")]
    Io(#[from] std::io::Error),
    #[error("writing CSV")]
    Csv(#[from] csv::Error),
    #[cfg(feature = "parquet")]
    #[error("writing Parquet")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("{0}")]
    Unsupported(String),
}

pub type Result<T, E = ExportError> = std::result::Result<T, E>;

/// The version of annalist that wrote an export.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// How an event's day was found (see [`event_day`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DaySource {
    /// The text states the day.
    Text,
    /// The text gives no date: the dispatch date stands in.
    Dispatch,
    /// The text dates it coarser than a day (a month, a week, a year, "recently"): the
    /// dispatch date when it falls in that period, else the period's first day.
    Coarse,
}

impl DaySource {
    pub fn as_str(self) -> &'static str {
        match self {
            DaySource::Text => "text",
            DaySource::Dispatch => "dispatch",
            DaySource::Coarse => "coarse",
        }
    }
}

/// The calendar period a TIMEX3 date value names: its first and last day. Days
/// (`2017-03-05`, also with a time), months, ISO weeks (`2017-W10`), quarters, halves,
/// seasons, years, decades (`201`) and centuries (`20`); `None` for anything else
/// (`PAST_REF`, `XXXX-03`, a duration).
pub fn period(value: &str) -> Option<(Date, Date)> {
    let value = value.split('T').next().unwrap_or(value);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = value.split('-').collect();
    let year = |s: &str| -> Option<i32> { digits(s).then(|| s.parse().ok()).flatten() };
    let month_span = |y: i32, from: u8, to: u8| -> Option<(Date, Date)> {
        let first = Date::from_ymd(y, from, 1)?;
        let last = Date::from_ymd(y, to, annalist_core::date::days_in_month(y, to))?;
        Some((first, last))
    };
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && digits(m) && digits(d) => {
            let day = Date::from_ymd(year(y)?, m.parse().ok()?, d.parse().ok()?)?;
            Some((day, day))
        }
        [y, m] if y.len() == 4 && m.len() == 2 && digits(m) => {
            let m: u8 = m.parse().ok()?;
            month_span(year(y)?, m, m)
        }
        [y, w] if y.len() == 4 && w.len() == 3 && w.starts_with('W') && digits(&w[1..]) => {
            let y = year(y)?;
            let week: i64 = w[1..].parse().ok()?;
            let jan4 = Date::from_ymd(y, 1, 4)?;
            let monday = jan4.add_days(1 - i64::from(jan4.weekday().number()))?;
            let first = monday.add_days((week - 1) * 7)?;
            (first.iso_week() == (y, week as u8)).then_some(())?;
            Some((first, first.add_days(6)?))
        }
        [y, q] if y.len() == 4 => {
            let y = year(y)?;
            match *q {
                "Q1" => month_span(y, 1, 3),
                "Q2" => month_span(y, 4, 6),
                "Q3" => month_span(y, 7, 9),
                "Q4" => month_span(y, 10, 12),
                "H1" => month_span(y, 1, 6),
                "H2" => month_span(y, 7, 12),
                "SP" => month_span(y, 3, 5),
                "SU" => month_span(y, 6, 8),
                "FA" => month_span(y, 9, 11),
                "WI" => Some((Date::from_ymd(y, 12, 1)?, Date::from_ymd(y + 1, 2, 28)?)),
                _ => None,
            }
        }
        [y] if y.len() == 4 => month_span(year(y)?, 1, 12),
        [d] if d.len() == 3 => {
            let start = year(d)? * 10;
            Some((
                Date::from_ymd(start, 1, 1)?,
                Date::from_ymd(start + 9, 12, 31)?,
            ))
        }
        [c] if c.len() == 2 => {
            let start = year(c)? * 100;
            Some((
                Date::from_ymd(start, 1, 1)?,
                Date::from_ymd(start + 99, 12, 31)?,
            ))
        }
        _ => None,
    }
}

/// The day an export gives an event, and how it was found:
/// - the text's own date when it is a day ([`DaySource::Text`]);
/// - no date of the text's own: the dispatch date ([`DaySource::Dispatch`]), as GDELT
///   dates an event by its article when the text says no more;
/// - a date coarser than a day ([`DaySource::Coarse`]): the dispatch date when it falls
///   in the period the text names, else the period's first day (so that the month and
///   year stay right); a value that names no period (`PAST_REF`) takes the dispatch date.
///
/// `None` when there is no day at all (no usable date and no dispatch date).
pub fn event_day(event: &Event, dct: Option<Date>) -> Option<(Date, DaySource)> {
    let own = event
        .date
        .as_deref()
        .filter(|_| event.date_source.as_deref() != Some("dispatch"));
    let Some(value) = own else {
        return dct.map(|d| (d, DaySource::Dispatch));
    };
    match period(value) {
        Some((first, last)) if first == last => Some((first, DaySource::Text)),
        Some((first, last)) => match dct {
            Some(d) if first <= d && d <= last => Some((d, DaySource::Coarse)),
            _ => Some((first, DaySource::Coarse)),
        },
        None => dct.map(|d| (d, DaySource::Coarse)),
    }
}

/// Whether a document's address may be exported: a web address, never a local path.
pub fn web_url(url: Option<&str>) -> Option<&str> {
    url.filter(|u| {
        let lower = u.to_ascii_lowercase();
        lower.starts_with("http://") || lower.starts_with("https://")
    })
}

/// The name of a document's source for the exports: its agency, else its web site's
/// host name, else nothing (never the local file it was read from).
pub fn source_name(doc: &annalist_core::Document) -> Option<String> {
    if let Some(agency) = doc.agency.as_deref().filter(|a| !a.is_empty()) {
        return Some(agency.to_string());
    }
    let url = web_url(doc.url.as_deref())?;
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn periods_of_timex_values() {
        assert_eq!(
            period("2017-03-05T10:00"),
            Some((day("2017-03-05"), day("2017-03-05")))
        );
        assert_eq!(
            period("2017-02"),
            Some((day("2017-02-01"), day("2017-02-28")))
        );
        assert_eq!(
            period("2017-W10"),
            Some((day("2017-03-06"), day("2017-03-12")))
        );
        assert_eq!(
            period("2017-Q2"),
            Some((day("2017-04-01"), day("2017-06-30")))
        );
        assert_eq!(period("201"), Some((day("2010-01-01"), day("2019-12-31"))));
        assert_eq!(period("PAST_REF"), None);
        assert_eq!(period("XXXX-03-05"), None);
    }

    #[test]
    fn coarse_dates_follow_the_rule() {
        let mut event: Event = serde_json::from_str(
            r#"{"id":"v1","type":"CONSULT","cameo":"040","actor":[],"recipient":[],
                "negated":false,"modality":"asserted","mentions":[]}"#,
        )
        .unwrap();
        let dct = Some(day("2017-03-20"));
        assert_eq!(
            event_day(&event, dct),
            Some((day("2017-03-20"), DaySource::Dispatch))
        );
        event.date = Some("2017-03-14".into());
        assert_eq!(
            event_day(&event, dct),
            Some((day("2017-03-14"), DaySource::Text))
        );
        event.date = Some("2017-03".into());
        assert_eq!(
            event_day(&event, dct),
            Some((day("2017-03-20"), DaySource::Coarse))
        );
        event.date = Some("2016".into());
        assert_eq!(
            event_day(&event, dct),
            Some((day("2016-01-01"), DaySource::Coarse))
        );
        event.date = Some("2017-03-20".into());
        event.date_source = Some("dispatch".into());
        assert_eq!(
            event_day(&event, dct),
            Some((day("2017-03-20"), DaySource::Dispatch))
        );
    }

    #[test]
    fn sources_are_named_without_local_paths() {
        let mut doc = annalist_core::Document::new(
            "Text.".into(),
            annalist_core::Metadata {
                source: "/home/me/corpus.jsonl:3".into(),
                url: Some("https://www.Example.com:443/a/b?c".into()),
                ..Default::default()
            },
        );
        assert_eq!(source_name(&doc).as_deref(), Some("example.com"));
        doc.url = Some("/home/me/file.txt".into());
        assert_eq!(source_name(&doc), None);
        assert_eq!(web_url(doc.url.as_deref()), None);
    }
}
