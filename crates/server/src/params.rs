//! Query-string parameters: parsed once per request, checked against the names an
//! endpoint knows (an unknown name is a 400, so a typo is not silently ignored), with
//! typed readers whose failures are 400s that name the parameter.

use crate::ApiError;
use annalist_core::Date;
use std::collections::BTreeMap;

/// The longest query string accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 4096;
/// The longest single value accepted, in bytes.
pub const MAX_VALUE_BYTES: usize = 512;
/// The default and largest page sizes.
pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 500;

/// A request's parameters.
#[derive(Debug, Default)]
pub struct Params {
    values: BTreeMap<String, String>,
}

impl Params {
    /// Parses `query` (without `?`), allowing only the names in `known`.
    pub fn parse(query: Option<&str>, known: &[&str]) -> Result<Params, ApiError> {
        let query = query.unwrap_or("");
        if query.len() > MAX_QUERY_BYTES {
            return Err(ApiError::bad_request(format!(
                "the query string is longer than {MAX_QUERY_BYTES} bytes"
            )));
        }
        let mut values = BTreeMap::new();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            if !known.contains(&name.as_ref()) {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter `{name}` (this endpoint takes: {})",
                    known.join(", ")
                )));
            }
            if value.len() > MAX_VALUE_BYTES {
                return Err(ApiError::bad_request(format!(
                    "parameter `{name}` is longer than {MAX_VALUE_BYTES} bytes"
                )));
            }
            if values.insert(name.to_string(), value.to_string()).is_some() {
                return Err(ApiError::bad_request(format!(
                    "parameter `{name}` is given more than once"
                )));
            }
        }
        Ok(Params { values })
    }

    /// A text value, trimmed; `None` when absent or blank.
    pub fn text(&self, name: &str) -> Option<String> {
        self.values
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }

    /// A whole number of at most `max`.
    pub fn number(&self, name: &str, max: usize) -> Result<Option<usize>, ApiError> {
        let Some(text) = self.text(name) else {
            return Ok(None);
        };
        match text.parse::<usize>() {
            Ok(n) if n <= max => Ok(Some(n)),
            Ok(_) => Err(ApiError::bad_request(format!(
                "parameter `{name}` must be at most {max}"
            ))),
            Err(_) => Err(ApiError::bad_request(format!(
                "parameter `{name}` must be a whole number, not `{text}`"
            ))),
        }
    }

    /// `offset` and `limit` (default [`DEFAULT_LIMIT`], at most [`MAX_LIMIT`]).
    pub fn paging(&self) -> Result<(usize, usize), ApiError> {
        let offset = self.number("offset", 10_000_000)?.unwrap_or(0);
        let limit = self.number("limit", MAX_LIMIT)?.unwrap_or(DEFAULT_LIMIT);
        Ok((offset, limit))
    }

    /// A date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real calendar date.
    pub fn date(&self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(text) = self.text(name) else {
            return Ok(None);
        };
        if is_date_bound(&text) {
            Ok(Some(text))
        } else {
            Err(ApiError::bad_request(format!(
                "parameter `{name}` must be YYYY, YYYY-MM or YYYY-MM-DD, not `{text}`"
            )))
        }
    }

    /// `from` and `to`, with `from` not after `to` (compared at the coarser precision).
    pub fn window(&self) -> Result<(Option<String>, Option<String>), ApiError> {
        let from = self.date("from")?;
        let to = self.date("to")?;
        if let (Some(f), Some(t)) = (&from, &to) {
            let n = f.len().min(t.len());
            if f[..n] > t[..n] {
                return Err(ApiError::bad_request(format!(
                    "`from` ({f}) is after `to` ({t})"
                )));
            }
        }
        Ok((from, to))
    }

    /// `A,B`: two parties.
    pub fn pair(&self, name: &str) -> Result<Option<(String, String)>, ApiError> {
        let Some(text) = self.text(name) else {
            return Ok(None);
        };
        match text.split_once(',') {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                Ok(Some((a.trim().to_string(), b.trim().to_string())))
            }
            _ => Err(ApiError::bad_request(format!(
                "parameter `{name}` must be two parties separated by a comma, not `{text}`"
            ))),
        }
    }
}

/// Whether `text` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real period.
pub fn is_date_bound(text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match text.len() {
        4 => digits(text),
        7 => {
            digits(&text[..4])
                && &text[4..5] == "-"
                && digits(&text[5..])
                && matches!(text[5..].parse::<u8>(), Ok(1..=12))
        }
        10 => Date::parse(text).is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_repeated_and_long_parameters_are_refused() {
        assert!(Params::parse(Some("actor=Lavrov"), &["actor"]).is_ok());
        let unknown = Params::parse(Some("actr=Lavrov"), &["actor"]).unwrap_err();
        assert_eq!(unknown.status, 400);
        assert!(unknown.message.contains("actr"));
        assert!(Params::parse(Some("actor=a&actor=b"), &["actor"]).is_err());
        let long = format!("actor={}", "x".repeat(MAX_VALUE_BYTES + 1));
        assert!(Params::parse(Some(&long), &["actor"]).is_err());
    }

    #[test]
    fn values_are_decoded_and_trimmed() {
        let p = Params::parse(
            Some("q=%22security+guarantees%22&actor=+&x=%E2%80%99"),
            &["q", "actor", "x"],
        )
        .unwrap();
        assert_eq!(p.text("q").as_deref(), Some("\"security guarantees\""));
        assert_eq!(p.text("actor"), None);
        assert_eq!(p.text("x").as_deref(), Some("’"));
    }

    #[test]
    fn paging_and_numbers() {
        let p = Params::parse(Some("offset=10&limit=20"), &["offset", "limit"]).unwrap();
        assert_eq!(p.paging().unwrap(), (10, 20));
        let p = Params::parse(None, &["offset", "limit"]).unwrap();
        assert_eq!(p.paging().unwrap(), (0, DEFAULT_LIMIT));
        for bad in ["limit=501", "limit=-1", "limit=ten", "offset=1e3"] {
            let p = Params::parse(Some(bad), &["offset", "limit"]).unwrap();
            assert!(p.paging().is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_and_windows() {
        for good in ["2022", "2022-01", "2022-01-14", "2024-02-29"] {
            assert!(is_date_bound(good), "{good}");
        }
        for bad in [
            "22",
            "2022-13",
            "2022-1",
            "2023-02-29",
            "2022-01-14T00",
            "yesterday",
        ] {
            assert!(!is_date_bound(bad), "{bad}");
        }
        let p = Params::parse(Some("from=2022-02&to=2022-01-31"), &["from", "to"]).unwrap();
        assert!(p.window().is_err());
        let p = Params::parse(Some("from=2022-01&to=2022-01-31"), &["from", "to"]).unwrap();
        assert_eq!(
            p.window().unwrap(),
            (Some("2022-01".into()), Some("2022-01-31".into()))
        );
    }

    #[test]
    fn pairs() {
        let p = Params::parse(Some("dyad=Russia,+Ukraine"), &["dyad"]).unwrap();
        assert_eq!(
            p.pair("dyad").unwrap(),
            Some(("Russia".into(), "Ukraine".into()))
        );
        for bad in ["dyad=Russia", "dyad=Russia,", "dyad=,Ukraine"] {
            let p = Params::parse(Some(bad), &["dyad"]).unwrap();
            assert!(p.pair("dyad").is_err(), "{bad}");
        }
    }
}
