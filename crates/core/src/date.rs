//! A calendar date without time zone: the dispatch date and the arithmetic the time
//! recogniser needs (weekdays, ISO weeks, adding days and months).
//!
//! Kept small and dependency-free on purpose: a proleptic Gregorian calendar over
//! day numbers is all the normaliser needs, and it is exhaustively property-tested.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A valid Gregorian calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Day of the week, Monday = 1 ... Sunday = 7 (ISO 8601).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    Monday = 1,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// ISO number, Monday = 1.
    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn from_number(n: u8) -> Option<Weekday> {
        Weekday::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }
}

/// Number of days in `month` of `year`, or 0 for a month outside 1..=12.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

impl Date {
    /// A date, if `month` and `day` exist in `year` (years 1..=9999, as TIMEX3 writes them).
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, if it lies in years 1..=9999.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::from_ymd(i32::try_from(year).ok()?, month, day)
    }

    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days(self.to_days().checked_add(days)?)
    }

    /// Adds calendar months, clamping the day to the end of the target month.
    pub fn add_months(self, months: i64) -> Option<Date> {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 + months;
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month = (index.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        Date::from_ymd(year, month, day)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (ISO 4).
        let n = (self.to_days() + 3).rem_euclid(7) as u8 + 1;
        Weekday::from_number(n).unwrap_or(Weekday::Monday)
    }

    /// ISO 8601 week-numbering year and week (1..=53).
    pub fn iso_week(self) -> (i32, u8) {
        let thursday = self
            .add_days(4 - i64::from(self.weekday().number()))
            .unwrap_or(self);
        let jan1 = Date {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        let week = (thursday.to_days() - jan1.to_days()) / 7 + 1;
        (thursday.year, week as u8)
    }

    /// Parses the date forms found in feeds and metadata: `2022-01-14`, `2017/2/7`,
    /// `20220114`, and the date part of RFC 3339 / ISO 8601 timestamps
    /// (`2022-01-14T09:30:00Z`). Returns `None` for anything else.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let date_part = text.split(['T', ' ']).next().unwrap_or(text);
        let numbers: Vec<&str> = date_part.split(['-', '/', '.']).collect();
        match numbers.as_slice() {
            [y, m, d] if y.len() == 4 => {
                Date::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
            }
            [compact] if compact.len() == 8 && compact.bytes().all(|b| b.is_ascii_digit()) => {
                Date::from_ymd(
                    compact[0..4].parse().ok()?,
                    compact[4..6].parse().ok()?,
                    compact[6..8].parse().ok()?,
                )
            }
            _ => None,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl From<Date> for String {
    fn from(date: Date) -> String {
        date.to_string()
    }
}

impl TryFrom<String> for Date {
    type Error = String;
    fn try_from(text: String) -> Result<Date, String> {
        Date::parse(&text).ok_or_else(|| format!("not a date: {text:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_ymd(y, m, day).expect("valid test date")
    }

    #[test]
    fn weekdays_and_weeks() {
        assert_eq!(d(2022, 1, 14).weekday(), Weekday::Friday);
        assert_eq!(d(1970, 1, 1).weekday(), Weekday::Thursday);
        assert_eq!(d(2024, 12, 31).iso_week(), (2025, 1));
        assert_eq!(d(2021, 1, 3).iso_week(), (2020, 53));
        assert_eq!(d(2022, 1, 14).iso_week(), (2022, 2));
    }

    #[test]
    fn month_arithmetic_clamps() {
        assert_eq!(d(2022, 1, 31).add_months(1), Some(d(2022, 2, 28)));
        assert_eq!(d(2022, 1, 14).add_months(-1), Some(d(2021, 12, 14)));
        assert_eq!(d(2022, 1, 14).add_days(-5), Some(d(2022, 1, 9)));
    }

    #[test]
    fn parses_feed_dates() {
        assert_eq!(Date::parse("2017/2/7"), Some(d(2017, 2, 7)));
        assert_eq!(Date::parse("2022-01-14"), Some(d(2022, 1, 14)));
        assert_eq!(
            Date::parse("2022-01-14T09:30:00+03:00"),
            Some(d(2022, 1, 14))
        );
        assert_eq!(Date::parse("20220114"), Some(d(2022, 1, 14)));
        assert_eq!(Date::parse("2022-02-30"), None);
        assert_eq!(Date::parse("yesterday"), None);
    }

    proptest! {
        #[test]
        fn days_round_trip(days in -700_000i64..2_900_000) {
            if let Some(date) = Date::from_days(days) {
                prop_assert_eq!(date.to_days(), days);
                prop_assert_eq!(Date::parse(&date.to_string()), Some(date));
            }
        }

        #[test]
        fn parse_never_panics(text in ".{0,40}") {
            let _ = Date::parse(&text);
        }
    }
}
