//! A validator of TIMEX3 values (TimeML 1.2.1 / ISO 8601 forms used by TempEval-3):
//! every value the recogniser emits passes it, which the property tests check.

use regex::Regex;
use std::sync::OnceLock;

fn pattern() -> Option<&'static Regex> {
    static PATTERN: OnceLock<Option<Regex>> = OnceLock::new();
    PATTERN
        .get_or_init(|| {
            let year = r"(?:[0-9X]{4}|[0-9X]{3}|[0-9X]{2}|[0-9])";
            let date = format!(
                r"{year}(?:-(?:(?:0[1-9]|1[0-2]|XX)(?:-(?:0[1-9]|[12][0-9]|3[01]|XX))?|W(?:0[1-9]|[1-4][0-9]|5[0-3]|XX)(?:-(?:[1-7]|WE))?|Q[1-4X]|H[12X]|SP|SU|FA|WI))?"
            );
            let time = r"T(?:(?:[01][0-9]|2[0-4])(?::[0-5][0-9](?::[0-5][0-9])?)?|MO|MI|AF|EV|NI|DT)";
            let number = r"(?:[0-9]+(?:\.[0-9]+)?|X)";
            let duration = format!(
                r"P(?:{number}(?:Y|M|W|D|Q|DE|CE|ML|WE|L|H))+(?:T(?:{number}[HMS])+)?|PT(?:{number}[HMS])+"
            );
            let source = format!(
                r"\A(?:PRESENT_REF|PAST_REF|FUTURE_REF|{duration}|(?:BC)?{date}(?:{time})?)\z"
            );
            // A constant pattern: its compilation is covered by the tests.
            Regex::new(&source).ok()
        })
        .as_ref()
}

/// True when `value` is a well-formed TIMEX3 value.
pub fn is_valid_value(value: &str) -> bool {
    pattern().is_some_and(|p| p.is_match(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_timex3_values() {
        for v in [
            "2022-01-14",
            "2021-12",
            "2021",
            "199",
            "19",
            "2020-SP",
            "2025-H2",
            "2024-W52",
            "1998-W08-WE",
            "XXXX-12-17",
            "XXXX-WXX-5",
            "2022-01-14TNI",
            "1998-02-13T15:00",
            "P5Y",
            "PT24H",
            "PXW",
            "P2.5Y",
            "PRESENT_REF",
            "PAST_REF",
            "FUTURE_REF",
            "1989-Q3",
            "P1DE",
            "PT1H30M",
            "BC0493",
            "BC0480-04",
            "BC0481-FA",
            "BC03",
        ] {
            assert!(is_valid_value(v), "{v}");
        }
    }

    #[test]
    fn rejects_garbage() {
        for v in [
            "",
            "2022-13",
            "2022-01-32",
            "P",
            "PY",
            "now",
            "2022-1-4",
            "T10:00",
            "BCP5Y",
        ] {
            assert!(!is_valid_value(v), "{v}");
        }
    }
}
