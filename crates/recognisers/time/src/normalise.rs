//! Normalisation: from a rule's captured fields to a TIMEX3 value, anchored on the
//! document creation time (DCT) or on the last date of the text.
//!
//! The functions are generic over the tables: a field's text is looked up in the word
//! category of the same name (`month` → `January` → 1), numbers are parsed, and the
//! calendar arithmetic of `annalist_core::Date` does the rest. Underspecified dates
//! ("December 17", "on Friday") take the direction the caller computed from the tense of
//! their clause (see `tense.rs`).

use crate::calendar::{self, nth_weekday_of};
use crate::grammar::Function;
use crate::tables::Words;
use annalist_core::{Date, Span, TimexType};

/// How many years from the DCT a written year must lie for the text to be read as a
/// narrative about that time (measured: TE3 news mention other years in passing).
pub(crate) const NARRATIVE_YEARS: i32 = 10;

/// How far before a narrative's last point a future may lie and stay in its year.
const NARRATIVE_SLACK_DAYS: i64 = 30;

/// A future cue yields only to a day that passed within this many days, when the future
/// one lies further than `FUTURE_FAR_DAYS` ahead (a month or season keeps its future:
/// "agreed to hold the next round in March").
const FUTURE_FAR_DAYS: i64 = 300;
const FUTURE_NEAR_DAYS: i64 = 7;

/// Where an underspecified date lies relative to its anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    /// On or before the anchor ("was published on December 17").
    Past,
    /// On or after the anchor ("will sign on January 15").
    Future,
    /// Strictly before ("last April").
    Before,
    /// Strictly after ("next March").
    After,
    /// The one in the anchor's year or week ("this April").
    Same,
    /// No cue: the nearest one.
    Neutral,
}

/// The captured fields of a match, with the rule's defaults behind them.
pub(crate) struct Fields<'a> {
    pub text: &'a str,
    pub captured: &'a [(&'a str, Span)],
    pub defaults: &'a [(String, String)],
}

impl<'a> Fields<'a> {
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.captured
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, span)| span.slice(self.text))
            .find(|s| !s.trim().is_empty())
            .or_else(|| {
                self.defaults
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.as_str())
            })
    }
}

/// What normalisation knows about the document so far.
pub(crate) struct Context<'a> {
    pub words: &'a Words,
    pub dct: Option<Date>,
    /// The last day-precise date of the text (else the DCT): the anchor of "a day later".
    pub reference: Option<Date>,
    /// The first day of the last month the text named at month precision or finer (else
    /// the DCT's): the anchor of "that month".
    pub last_month: Option<Date>,
    /// The last quarter mentioned: the anchor of "the quarter".
    pub last_quarter: Option<(i32, u8)>,
    /// Whether that quarter was named in the last few sentences.
    pub quarter_recent: bool,
    /// The year of the last date written with its year ("in March 1939").
    pub written_year: Option<i32>,
    /// Whether weekdays without any tense cue are taken as past (news report the past).
    pub neutral_weekday_past: bool,
    /// Whether the tense of the clause may move a weekday into the future.
    pub weekday_tense: bool,
    /// A date the tense puts further than this many days from the anchor gives way to
    /// one on the other side within `near_days` (0: never).
    pub far_days: i64,
    pub near_days: i64,
}

impl Context<'_> {
    /// The year a narrative about another time is in: the year last written, when it lies
    /// years away from the DCT.
    pub fn narrative_year(&self) -> Option<i32> {
        let year = self.written_year?;
        self.dct
            .is_none_or(|d| (d.year() - year).abs() >= NARRATIVE_YEARS)
            .then_some(year)
    }

    /// Where a narrative about another time stands: the latest day or month the text named
    /// in the year last written ("In December 1916 ... would attack on 14 January" counts
    /// from December 1916), when that year lies years away from the DCT. A year alone
    /// ("since 1959") sets no point: news that recalls it still counts from the DCT.
    pub fn narrative_point(&self) -> Option<Date> {
        let year = self.narrative_year()?;
        let day = self.reference.filter(|r| r.year() == year);
        let month = self.last_month.filter(|m| m.year() == year);
        match (day, month) {
            (Some(d), Some(m)) => Some(if m > d { m } else { d }),
            (d, m) => d.or(m),
        }
    }

    /// What a relative expression counts from: the last date of the text when it refers
    /// back ("a day later"), else the dispatch date ("yesterday").
    pub fn anchor(&self, from_reference: bool) -> Option<Date> {
        if from_reference {
            self.reference.or(self.dct)
        } else {
            self.dct
        }
    }
}

/// A normalised timex, before it gets its span and text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Normalised {
    pub kind: TimexType,
    pub value: String,
    pub modifier: Option<String>,
    pub quant: Option<String>,
    pub freq: Option<String>,
    pub resolved: bool,
    /// The day this timex names, if it names one (becomes the reference).
    pub day: Option<Date>,
}

impl Normalised {
    fn new(kind: TimexType, value: String) -> Normalised {
        Normalised {
            kind,
            value,
            modifier: None,
            quant: None,
            freq: None,
            resolved: true,
            day: None,
        }
    }

    fn unresolved(kind: TimexType, value: &str) -> Normalised {
        Normalised {
            resolved: false,
            ..Normalised::new(kind, value.to_string())
        }
    }
}

/// A count: a number or a vague quantity ("several", "recent").
#[derive(Clone, Copy, Debug, PartialEq)]
enum Count {
    Exact(f64),
    Vague,
}

/// Applies a rule's function. `direction` is called only for underspecified dates; its
/// argument asks for strong cues only (weekdays).
pub(crate) fn normalise(
    function: Function,
    kind: TimexType,
    f: &Fields,
    cx: &Context,
    direction: &dyn Fn(bool) -> Direction,
) -> Option<Normalised> {
    let mut out = match function {
        Function::Date => date_in_era(kind, f, cx, direction),
        Function::RelUnit => rel_unit(f, cx),
        Function::Offset => offset(f, cx),
        Function::Duration => duration(f, cx),
        Function::Set => set(f, cx),
        Function::Ref => Some(Normalised::new(
            TimexType::Date,
            cx.words.value("ref", f.get("ref")?)?.to_string(),
        )),
        Function::Anaphor => anaphor(f, cx),
        Function::None => None,
    }?;
    if let Some(rest) = out.value.strip_prefix('-') {
        // The narrative's year was before the common era (kept negative, see
        // [`year_of_value`]): "-481-SU" is written BC0481-SU.
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let year: u32 = rest.get(..digits)?.parse().ok()?;
        out.value = format!("BC{year:04}{}", rest.get(digits..)?);
        out.day = None;
    }
    if out.modifier.is_none() {
        out.modifier = f.get("mod").and_then(|m| modifier(cx.words, m));
    }
    Some(out)
}

/// The TIMEX3 mod of a modifier word (`mid-`, `early`), None for `-`.
pub(crate) fn modifier(words: &Words, text: &str) -> Option<String> {
    let value = words
        .value("mod", text)
        .or_else(|| words.value("mod", text.trim().trim_end_matches('-')))
        .unwrap_or(text);
    let valid = !value.is_empty() && value.bytes().all(|b| b.is_ascii_uppercase() || b == b'_');
    valid.then(|| value.to_string())
}

fn parse_count(words: &Words, text: &str) -> Option<Count> {
    let text = text.trim();
    // A rule's default `num=X`: "for weeks".
    if text == "X" {
        return Some(Count::Vague);
    }
    if let Ok(n) = text.replace(',', "").parse::<f64>() {
        return n.is_finite().then_some(Count::Exact(n));
    }
    // A mixed number: "2 1/2", "5½".
    if let Some((whole, fraction)) = split_fraction(text) {
        let whole = if whole.is_empty() {
            0.0
        } else {
            whole.replace(',', "").parse::<f64>().ok()?
        };
        return Some(Count::Exact(whole + fraction));
    }
    let from_table = |t: &str| -> Option<Count> {
        match words.value("num", t)? {
            "X" => Some(Count::Vague),
            v => v.parse::<f64>().ok().map(Count::Exact),
        }
    };
    if let Some(count) = from_table(text) {
        return Some(count);
    }
    // Compounds: "twenty-four", "twenty four".
    let mut total = 0.0;
    for part in text
        .split(|c: char| c == '-' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        match from_table(part)? {
            Count::Exact(n) => total += n,
            Count::Vague => return Some(Count::Vague),
        }
    }
    Some(Count::Exact(total))
}

/// The whole part and the fraction of a mixed number ("2 1/2", "5½"), if it is one.
fn split_fraction(text: &str) -> Option<(&str, f64)> {
    for (glyph, value) in [("½", 0.5), ("¼", 0.25), ("¾", 0.75)] {
        if let Some(whole) = text.strip_suffix(glyph) {
            return Some((whole.trim(), value));
        }
    }
    let (whole, fraction) = text.rsplit_once(' ').unwrap_or(("", text));
    let (numerator, denominator) = fraction.split_once('/')?;
    let (numerator, denominator) = (
        numerator.parse::<f64>().ok()?,
        denominator.parse::<f64>().ok()?,
    );
    (denominator > 0.0 && numerator < denominator)
        .then_some((whole.trim(), numerator / denominator))
}

/// A number as TIMEX3 writes it: no trailing zeros.
fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e12 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn parse_small(text: &str) -> Option<u32> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// An ordinal or number field through its table (`third`, `3rd`, `3`).
fn ordinal(words: &Words, category: &str, text: &str) -> Option<u32> {
    parse_small(text.trim())
        .or_else(|| words.value(category, text)?.parse().ok())
        .or_else(|| words.value("ordinal", text)?.parse().ok())
}

/// A year: four digits, or two (`'98`) put in the century nearest the DCT.
fn parse_year(text: &str, dct: Option<Date>) -> Option<i32> {
    let digits = text.trim().trim_start_matches(['\'', '’']);
    let n: i32 = digits.parse().ok()?;
    if digits.len() == 2 {
        let base = dct.map_or(2000, |d| d.year());
        let century = base - base.rem_euclid(100);
        let candidates = [century - 100 + n, century + n, century + 100 + n];
        // The nearest, but not more than ten years ahead of the DCT.
        candidates
            .into_iter()
            .filter(|y| *y <= base + 10)
            .min_by_key(|y| (y - base).abs())
    } else {
        Some(n)
    }
}

fn first_day_of_month(year: i32, month: u8) -> Option<Date> {
    Date::from_ymd(year, month, 1)
}

fn last_day_of_month(year: i32, month: u8) -> Option<Date> {
    first_day_of_month(year, month)?.add_months(1)?.add_days(-1)
}

/// Picks the year of a yearly recurring interval (a month, a season, a quarter...).
fn pick_year(
    anchor: Date,
    direction: Direction,
    interval: &dyn Fn(i32) -> Option<(Date, Date)>,
) -> Option<i32> {
    pick_year_near(anchor, direction, interval, 0, 0)
}

/// [`pick_year`], where a past tense that puts the date more than `far` days back yields
/// to a candidate within `near` days ahead (a past cue is often the report's, not the
/// date's: "announced it would close Jan. 14"). A future cue is trusted: "agreed to
/// hold the next round in March" is next March even when last March was weeks ago.
fn pick_year_near(
    anchor: Date,
    direction: Direction,
    interval: &dyn Fn(i32) -> Option<(Date, Date)>,
    far: i64,
    near: i64,
) -> Option<i32> {
    let chosen = pick_year_plain(anchor, direction, interval)?;
    // A future day a year away when the same day passed this week is a deadline the
    // report looks back on ("was to repatriate the child by Jan. 14", written on the 15th).
    let one_day = interval(chosen).is_some_and(|(s, e)| s == e);
    let (far, near) = match direction {
        Direction::Future if far > 0 && one_day => (FUTURE_FAR_DAYS, FUTURE_NEAR_DAYS),
        Direction::Past => (far, near),
        _ => return Some(chosen),
    };
    if far == 0 {
        return Some(chosen);
    }
    let distance = |y: i32| -> Option<i64> {
        let (s, e) = interval(y)?;
        let a = anchor.to_days();
        Some(if s.to_days() > a {
            s.to_days() - a
        } else if e.to_days() < a {
            a - e.to_days()
        } else {
            0
        })
    };
    let other = match direction {
        Direction::Future => pick_year_plain(anchor, Direction::Past, interval)?,
        _ => pick_year_plain(anchor, Direction::Neutral, interval)?,
    };
    match (distance(chosen), distance(other)) {
        (Some(dc), Some(dn)) if dc > far && dn <= near => Some(other),
        _ => Some(chosen),
    }
}

fn pick_year_plain(
    anchor: Date,
    direction: Direction,
    interval: &dyn Fn(i32) -> Option<(Date, Date)>,
) -> Option<i32> {
    let candidates: Vec<(i32, Date, Date)> = (anchor.year() - 1..=anchor.year() + 1)
        .filter_map(|y| interval(y).map(|(s, e)| (y, s, e)))
        .collect();
    let nearest = || {
        candidates
            .iter()
            .min_by_key(|(_, s, e)| {
                if *s <= anchor && anchor <= *e {
                    0
                } else {
                    (s.to_days() - anchor.to_days())
                        .abs()
                        .min((e.to_days() - anchor.to_days()).abs())
                }
            })
            .map(|(y, _, _)| *y)
    };
    let chosen = match direction {
        Direction::Past => candidates
            .iter()
            .filter(|(_, s, _)| *s <= anchor)
            .map(|c| c.0)
            .max(),
        Direction::Future => candidates
            .iter()
            .filter(|(_, _, e)| *e >= anchor)
            .map(|c| c.0)
            .min(),
        Direction::Before => candidates
            .iter()
            .filter(|(_, _, e)| *e < anchor)
            .map(|c| c.0)
            .max(),
        Direction::After => candidates
            .iter()
            .filter(|(_, s, _)| *s > anchor)
            .map(|c| c.0)
            .min(),
        Direction::Same => Some(anchor.year()),
        Direction::Neutral => None,
    };
    chosen.or_else(nearest)
}

/// The day with ISO weekday `weekday` (1..=7) that the direction picks around `anchor`.
fn pick_weekday(
    anchor: Date,
    weekday: u8,
    direction: Direction,
    neutral_past: bool,
) -> Option<Date> {
    let today = i64::from(anchor.weekday().number());
    let delta = i64::from(weekday) - today;
    let past = if delta <= 0 { delta } else { delta - 7 };
    let future = if delta >= 0 { delta } else { delta + 7 };
    let offset = match direction {
        Direction::Past => past,
        Direction::Future => future,
        Direction::Before => {
            if past == 0 {
                -7
            } else {
                past
            }
        }
        Direction::After => {
            if future == 0 {
                7
            } else {
                future
            }
        }
        Direction::Same => delta,
        Direction::Neutral if neutral_past => past,
        Direction::Neutral => {
            if future < -past {
                future
            } else {
                past
            }
        }
    };
    anchor.add_days(offset)
}

fn rel_of(words: &Words, text: &str) -> Option<(i64, bool)> {
    let word = words
        .get("rel", text)
        .or_else(|| words.get("samerel", text))?;
    Some((word.value.parse().ok()?, word.extra == "ref"))
}

fn rel_direction(offset: i64) -> Direction {
    match offset {
        o if o < 0 => Direction::Before,
        o if o > 0 => Direction::After,
        _ => Direction::Same,
    }
}

/// A part of a year (`Q3`, `H2`, `SP`): in the year written or narrated, else the year the
/// direction picks around the document date, else unresolved (`XXXX-Q3`).
fn year_part(
    year: Option<i32>,
    dct: Option<Date>,
    direction: Direction,
    interval: &dyn Fn(i32) -> Option<(Date, Date)>,
    suffix: &str,
) -> Option<Normalised> {
    let year = match (year, dct) {
        (Some(y), _) => y,
        (None, Some(anchor)) => pick_year(anchor, direction, interval)?,
        (None, None) => {
            return Some(Normalised::unresolved(
                TimexType::Date,
                &format!("XXXX-{suffix}"),
            ))
        }
    };
    Some(Normalised::new(
        TimexType::Date,
        format!("{year:04}-{suffix}"),
    ))
}

fn season_interval(year: i32, season: &str) -> Option<(Date, Date)> {
    let (start, end_month, end_year) = match season {
        "SP" => (3, 5, year),
        "SU" => (6, 8, year),
        "FA" => (9, 11, year),
        "WI" => (12, 2, year + 1),
        _ => return None,
    };
    Some((
        first_day_of_month(year, start)?,
        last_day_of_month(end_year, end_month)?,
    ))
}

/// The time of day of a match: `15:00` from "3 p.m.", `12:00` from "noon", `09:01:10`,
/// `15:30` from "half past three pm", `11:45` from "a quarter to noon". An hour of the
/// 12-hour clock without am/pm takes its half of the day from the part of day beside it
/// (`part`): afternoon, evening and night are after noon ("this evening at 11" is 23:00),
/// a night hour before 6 is after midnight.
fn clock_time(f: &Fields, words: &Words, part: Option<&str>) -> Option<String> {
    let number = |text: &str| -> Option<u32> {
        parse_small(text)
            .or_else(|| words.value("hourword", text)?.parse().ok())
            .or_else(|| words.value("minword", text)?.parse().ok())
            .or_else(|| {
                let text = text.trim();
                let text = text
                    .strip_prefix("oh ")
                    .or_else(|| text.strip_prefix("o "))
                    .unwrap_or(text);
                let text = text
                    .trim_end_matches("minutes")
                    .trim_end_matches("minute")
                    .trim();
                match parse_count(words, text)? {
                    Count::Exact(n) if n.fract() == 0.0 && n >= 0.0 => Some(n as u32),
                    _ => None,
                }
            })
    };
    let (mut hour, mut minute) = match f.get("clock") {
        Some(clock) => {
            let value = words.value("clock", clock)?;
            let (h, m) = value.split_once(':')?;
            (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)
        }
        None => (
            number(f.get("hour")?)?,
            f.get("minute").and_then(number).unwrap_or(0),
        ),
    };
    let second = f.get("second").and_then(parse_small).unwrap_or(0);
    let ampm = f
        .get("ampm")
        .map(|ampm| match words.value("ampm", ampm.trim()) {
            Some(half) => half == "PM",
            None => ampm.trim_start().starts_with(['p', 'P']),
        });
    if let Some(pm) = ampm {
        if hour == 24 && f.get("clock").is_some() {
            // "midnight am": the start of the day.
            hour = 0;
        } else if hour == 0 || hour > 12 {
            return None;
        } else if pm && hour < 12 {
            hour += 12;
        } else if !pm && hour == 12 {
            hour = 0;
        }
    } else if f.get("clock").is_none() && (1..12).contains(&hour) {
        let after_noon = match part {
            Some("AF" | "EV") => true,
            Some("NI") => hour >= 6,
            _ => false,
        };
        if after_noon {
            hour += 12;
        }
    }
    // "a quarter past noon", "20 to 6 pm": minutes counted from the hour.
    if let Some(past) = f.get("minpast").and_then(number) {
        minute += past;
    }
    if let Some(to) = f.get("minto").and_then(number) {
        if to == 0 || to >= 60 {
            return None;
        }
        // "a quarter to midnight" (24:00) is 23:45.
        hour = (hour + 23) % 24;
        minute = 60 - to;
    }
    if hour > 24 || minute >= 60 || second >= 60 || (hour == 24 && minute > 0) {
        return None;
    }
    Some(if second > 0 {
        format!("{hour:02}:{minute:02}:{second:02}")
    } else {
        format!("{hour:02}:{minute:02}")
    })
}

fn day_value(date: Date, time: Option<&str>) -> String {
    match time {
        Some(t) => format!("{date}T{t}"),
        None => date.to_string(),
    }
}

#[allow(clippy::too_many_lines)]
/// The year of a value: `1998-03` is 1998, `BC0481-SU` is -481 (a year before the common
/// era, kept negative so that a narrative about it stays there).
pub(crate) fn year_of_value(value: &str) -> Option<i32> {
    match value.strip_prefix("BC") {
        Some(rest) => rest.get(..4)?.parse::<i32>().ok().map(|y| -y),
        None => value.get(..4)?.parse().ok(),
    }
}

/// [`date`], written before the common era when the rule captured `BC` ("April 480 BC" is
/// `BC0480-04`, "the 4th century BC" `BC03`).
fn date_in_era(
    kind: TimexType,
    f: &Fields,
    cx: &Context,
    direction: &dyn Fn(bool) -> Direction,
) -> Option<Normalised> {
    let mut n = date(kind, f, cx, direction)?;
    let bc = f.get("era").and_then(|e| cx.words.value("era", e)) == Some("BC");
    if bc && n.value.starts_with(|c: char| c.is_ascii_digit()) {
        n.value.insert_str(0, "BC");
        // A day before the common era is no day of the proleptic calendar we count in.
        n.day = None;
    }
    Some(n)
}

fn date(
    kind: TimexType,
    f: &Fields,
    cx: &Context,
    direction: &dyn Fn(bool) -> Direction,
) -> Option<Normalised> {
    let w = cx.words;
    let dct = cx.dct;
    let part = f
        .get("part")
        .and_then(|p| w.value("part", p))
        .or_else(|| {
            f.get("dayrel")
                .and_then(|d| w.get("dayrel", d))
                .map(|d| d.extra.as_str())
        })
        .filter(|p| !p.is_empty());
    let clock = clock_time(f, w, part);
    let has_clock = clock.is_some();
    let time: Option<String> = clock.or_else(|| part.map(str::to_string));
    // TempEval-3 types a named day with its part ("Sunday night", "tonight") DATE, a
    // clock time or a part of day alone ("this morning") TIME.
    let named_day = f.get("weekday").is_some() || f.get("dayrel").is_some();
    let time_kind = if has_clock || (time.is_some() && !named_day) {
        TimexType::Time
    } else if time.is_some() {
        TimexType::Date
    } else {
        kind
    };
    let rel = f.get("rel").and_then(|r| rel_of(w, r));
    let explicit_year = f
        .get("year")
        .and_then(|y| parse_year(y, dct))
        .or_else(|| f.get("yearwords").and_then(|y| year_in_words(w, y)));
    let relyear = f
        .get("relyear")
        .and_then(|r| rel_of(w, r))
        .and_then(|(o, _)| dct.map(|d| d.year() + o as i32));
    let year = explicit_year.or(relyear);
    // A narrative about another time ("In 1939 ... in September"): a date without its
    // year takes the year last written, when that lies years away from the DCT.
    let narrative = cx
        .written_year
        .filter(|_| rel.is_none())
        .filter(|y| dct.is_none_or(|d| (d.year() - y).abs() >= NARRATIVE_YEARS))
        // A future is not the narrative's year: "a summit set for April" lies ahead.
        .filter(|_| direction(false) != Direction::Future);
    // Ahead of what, though: a future within a narrative ("would fall on 16 October")
    // is ahead of the narrative's last day, not of the DCT.
    let narrative_anchor = cx
        .written_year
        .filter(|_| rel.is_none() && narrative.is_none())
        .and_then(|_| cx.narrative_point())
        // A narrative is not told strictly in order: a future a few weeks before its last
        // point is still in its year.
        .and_then(|p| p.add_days(-NARRATIVE_SLACK_DAYS));
    // The direction of an underspecified date: a determiner decides, else the clause.
    let dir = || match rel {
        Some((offset, _)) => rel_direction(offset),
        None => direction(false),
    };
    // Quarters and halves are reported once begun: the last one begun, whatever the tense.
    let dir_quarter = || match rel {
        Some((offset, _)) => rel_direction(offset),
        None => Direction::Past,
    };

    // Decades and centuries.
    if let Some(decade) = f.get("decade").or_else(|| f.get("decadeword")) {
        let digits: String = decade.chars().filter(char::is_ascii_digit).collect();
        let value = match digits.len() {
            4 => digits.parse::<i32>().ok()? / 10,
            2 | 1 => {
                let digit = if digits.len() == 2 {
                    digits.parse::<i32>().ok()? / 10
                } else {
                    w.value("decadeword", decade)?.parse().ok()?
                };
                let base = dct.map_or(1999, |d| d.year());
                let century = base / 100;
                if century * 100 + digit * 10 <= base {
                    century * 10 + digit
                } else {
                    (century - 1) * 10 + digit
                }
            }
            _ => w
                .value("decadeword", decade)?
                .parse::<i32>()
                .ok()
                .map(|d| 190 + d)?,
        };
        return Some(Normalised::new(TimexType::Date, format!("{value:03}")));
    }
    if let Some(century) = f.get("century") {
        let n = ordinal(w, "ordinal", century)?;
        if n == 0 || n > 21 {
            return None;
        }
        return Some(Normalised::new(TimexType::Date, format!("{:02}", n - 1)));
    }

    let holiday = f.get("holiday").and_then(|h| w.value("holiday", h));
    if let Some(rule) = holiday {
        let on = |y: i32| calendar::holiday_date(rule, y);
        // "this Christmas": the coming one, unless the clause tells of the past.
        let holiday_dir = match rel {
            Some((0, _)) if direction(false) == Direction::Past => Direction::Past,
            Some((0, _)) => Direction::Future,
            Some((offset, _)) => rel_direction(offset),
            None => direction(false),
        };
        let year = match (year.or(narrative), narrative_anchor.or(dct)) {
            (Some(y), _) => y,
            (None, Some(anchor)) => {
                let interval = |y: i32| on(y).map(|d| (d, d));
                pick_year_near(anchor, holiday_dir, &interval, cx.far_days, cx.near_days)?
            }
            (None, None) => {
                let fixed = rule.len() == 5 && rule.as_bytes()[2] == b'-';
                let value = if fixed {
                    format!("XXXX-{rule}")
                } else {
                    "XXXX-XX-XX".to_string()
                };
                return Some(Normalised::unresolved(time_kind, &value));
            }
        };
        let date = on(year)?;
        if f.get("gran") == Some("W") {
            let (week_year, week) = date.iso_week();
            return Some(Normalised::new(
                TimexType::Date,
                format!("{week_year:04}-W{week:02}"),
            ));
        }
        return Some(Normalised {
            day: Some(date),
            ..Normalised::new(time_kind, day_value(date, time.as_deref()))
        });
    }
    let (mut month, mut day) = (None, None);
    // "the first Monday of October", "the last Friday of the month": the Nth weekday of
    // the month (5: the last), whose day depends on the year.
    let nth_weekday: Option<(u8, u8)> = match (f.get("nth"), f.get("weekday")) {
        (Some(n), Some(wd)) => Some((
            u8::try_from(ordinal(w, "nth", n)?).ok()?,
            w.value("weekday", wd).unwrap_or(wd).parse().ok()?,
        )),
        _ => None,
    };
    // "the 5th last day of May": counted from the month's end.
    let from_end: Option<u8> = match f.get("fromend") {
        Some(n) => Some(u8::try_from(ordinal(w, "nth", n)?).ok()?),
        None => None,
    };
    // "of last month", "of the month": a month counted from the DCT.
    let mut year = year;
    if let (Some(r), Some(d)) = (f.get("relmonth"), dct) {
        let offset = rel_of(w, r).map_or(0, |(o, _)| o);
        let m = first_day_of_month(d.year(), d.month())?.add_months(offset)?;
        month = Some(m.month());
        year = Some(m.year());
    }
    // A year alone in words; with a month or season ("January nineteen ninety-seven") it
    // is the explicit year above.
    if let Some(words) = f
        .get("yearwords")
        .filter(|_| f.get("month").is_none() && f.get("season").is_none())
    {
        return year_in_words(w, words)
            .map(|y| Normalised::new(TimexType::Date, format!("{y:04}")));
    }
    if let Some(m) = f.get("month") {
        month = Some(match parse_small(m) {
            Some(n) => u8::try_from(n).ok()?,
            None => w.value("month", m)?.parse().ok()?,
        });
    }
    if let Some(d) = f.get("day") {
        day = Some(u8::try_from(ordinal(w, "ordinal", d)?).ok()?);
    }

    if let Some(month) = month {
        if !(1..=12).contains(&month) {
            return None;
        }
        let day_in = |y: i32| match (nth_weekday, from_end) {
            (Some((nth, wd)), _) => nth_weekday_of(y, month, nth, wd),
            (None, Some(n)) => last_day_of_month(y, month)?
                .day()
                .checked_sub(n.checked_sub(1)?),
            (None, None) => day,
        };
        let year = match (year.or(narrative), narrative_anchor.or(dct)) {
            (Some(y), _) => y,
            (None, Some(anchor)) => {
                let interval = |y: i32| match day_in(y) {
                    Some(d) => Date::from_ymd(y, month, d).map(|date| (date, date)),
                    None => Some((first_day_of_month(y, month)?, last_day_of_month(y, month)?)),
                };
                pick_year_near(anchor, dir(), &interval, cx.far_days, cx.near_days)?
            }
            (None, None) => {
                let value = match day_in(0) {
                    Some(d) => format!("XXXX-{month:02}-{d:02}"),
                    None => format!("XXXX-{month:02}"),
                };
                return Some(Normalised::unresolved(time_kind, &value));
            }
        };
        return Some(match day_in(year) {
            // "The week of March 6": the ISO week of the day.
            // "The last weekend of October": the weekend of that Saturday.
            Some(d) if f.get("gran") == Some("WE") => {
                let (week_year, week) = Date::from_ymd(year, month, d)?.iso_week();
                Normalised::new(TimexType::Date, format!("{week_year:04}-W{week:02}-WE"))
            }
            Some(d) if f.get("gran") == Some("W") => {
                let (week_year, week) = Date::from_ymd(year, month, d)?.iso_week();
                Normalised::new(TimexType::Date, format!("{week_year:04}-W{week:02}"))
            }
            // A day of a narrative before the common era (the year is negative): written
            // as is, outside the calendar we count days in.
            Some(d) if year < 1 => {
                Normalised::new(TimexType::Date, format!("{year:04}-{month:02}-{d:02}"))
            }
            Some(d) => {
                let date = Date::from_ymd(year, month, d)?;
                Normalised {
                    day: Some(date),
                    ..Normalised::new(time_kind, day_value(date, time.as_deref()))
                }
            }
            None => Normalised::new(TimexType::Date, format!("{year:04}-{month:02}")),
        });
    }

    // Quarters and halves: the same arithmetic, 4 parts of 3 months or 2 parts of 6.
    for (field, parts, letter) in [("quarter", 4u8, 'Q'), ("half", 2u8, 'H')] {
        let Some(part) = f.get(field) else {
            continue;
        };
        let n = u8::try_from(ordinal(w, field, part.trim_start_matches(['Q', 'H']))?).ok()?;
        if !(1..=parts).contains(&n) {
            return None;
        }
        let months = 12 / parts;
        let interval = |y: i32| {
            Some((
                first_day_of_month(y, (n - 1) * months + 1)?,
                last_day_of_month(y, n * months)?,
            ))
        };
        let suffix = format!("{letter}{n}");
        return year_part(year.or(narrative), dct, dir_quarter(), &interval, &suffix);
    }

    if let Some(s) = f.get("season") {
        let season = w.value("season", s)?;
        let interval = |y: i32| season_interval(y, season);
        return year_part(year.or(narrative), dct, dir(), &interval, season);
    }

    if let Some(wd) = f.get("weekday") {
        let weekday: u8 = w.value("weekday", wd)?.parse().ok()?;
        // "The previous Friday" counts from the last date of the text.
        let anchor = match rel {
            Some((_, true)) => cx.reference.or(dct),
            _ => dct,
        };
        let Some(anchor) = anchor else {
            return Some(Normalised::unresolved(
                time_kind,
                &format!("XXXX-WXX-{weekday}"),
            ));
        };
        let weekday_dir = match rel {
            Some((offset, _)) => rel_direction(offset),
            None if cx.weekday_tense => direction(true),
            None => Direction::Past,
        };
        let date = if let Some(d) = day {
            // "Tuesday the 19th": the nearest 19th (in the direction) that is a Tuesday.
            weekday_day(anchor, weekday, d, weekday_dir)?
        } else if let (Some(count), Some(dir)) = (f.get("num"), f.get("dir")) {
            // "three Fridays from now": the third Friday after the DCT.
            let n = match parse_count(w, count)? {
                Count::Exact(n) if (1.0..1000.0).contains(&n) => n as i64,
                _ => return None,
            };
            let sign: i64 = w.value("dir", dir)?.parse().ok()?;
            let (toward, dct_anchor) = if sign < 0 {
                (Direction::Before, dct?)
            } else {
                (Direction::After, dct?)
            };
            pick_weekday(dct_anchor, weekday, toward, false)?.add_days(sign * 7 * (n - 1))?
        } else if f.get("afternext").is_some() {
            pick_weekday(anchor, weekday, Direction::After, false)?.add_days(7)?
        } else {
            pick_weekday(anchor, weekday, weekday_dir, cx.neutral_weekday_past)?
        };
        return Some(Normalised {
            day: Some(date),
            ..Normalised::new(time_kind, day_value(date, time.as_deref()))
        });
    }

    if let Some(d) = day {
        // "the 14th": a day of the anchor's month, or of the one before or after; the
        // anchor is the day last named when the text tells of another time.
        let Some(anchor) = told_day(cx, dct).or(dct) else {
            return Some(Normalised::unresolved(
                TimexType::Date,
                &format!("XXXX-XX-{d:02}"),
            ));
        };
        let candidates: Vec<Date> = (-1..=1)
            .filter_map(|m| {
                let first = first_day_of_month(anchor.year(), anchor.month())?.add_months(m)?;
                Date::from_ymd(first.year(), first.month(), d)
            })
            .collect();
        let date = match dir() {
            Direction::Past | Direction::Before => {
                candidates.iter().filter(|c| **c <= anchor).max()
            }
            Direction::Future | Direction::After => {
                candidates.iter().filter(|c| **c >= anchor).min()
            }
            _ => candidates
                .iter()
                .min_by_key(|c| (c.to_days() - anchor.to_days()).abs()),
        }
        .copied()?;
        return Some(Normalised {
            day: Some(date),
            ..Normalised::new(TimexType::Date, date.to_string())
        });
    }

    // A day named relative to the anchor: "yesterday", "last night", "this morning".
    let day_offset = match (f.get("dayrel"), rel) {
        // "the day after tomorrow": one more day (`dayshift`).
        (Some(d), _) => Some((
            w.value("dayrel", d)?.parse::<i64>().ok()?
                + f.get("dayshift")
                    .and_then(|s| s.parse::<i64>().ok())
                    .unwrap_or(0),
            false,
        )),
        (None, Some((offset, from_ref))) if time.is_some() => Some((offset, from_ref)),
        _ => None,
    };
    if let Some((offset, from_ref)) = day_offset {
        let anchor = cx.anchor(from_ref);
        let Some(anchor) = anchor else {
            let value = match &time {
                Some(t) => format!("XXXX-XX-XXT{t}"),
                None => "XXXX-XX-XX".to_string(),
            };
            return Some(Normalised::unresolved(time_kind, &value));
        };
        let date = anchor.add_days(offset)?;
        return Some(Normalised {
            day: Some(date),
            ..Normalised::new(time_kind, day_value(date, time.as_deref()))
        });
    }

    if let Some(t) = time {
        // A clock time alone: on the day the text last named, else the document's day.
        let Some(anchor) = cx.reference.or(dct) else {
            return Some(Normalised::unresolved(
                TimexType::Time,
                &format!("XXXX-XX-XXT{t}"),
            ));
        };
        return Some(Normalised::new(TimexType::Time, format!("{anchor}T{t}")));
    }

    let year = year?;
    if !(1..=9999).contains(&year) {
        return None;
    }
    Some(Normalised::new(TimexType::Date, format!("{year:04}")))
}

/// The day `day` of a month that falls on ISO `weekday`, the nearest to `anchor` in the
/// direction (searched over two years either way).
fn weekday_day(anchor: Date, weekday: u8, day: u8, direction: Direction) -> Option<Date> {
    let first = first_day_of_month(anchor.year(), anchor.month())?;
    let found = |m: i64| {
        let month = first.add_months(m)?;
        Date::from_ymd(month.year(), month.month(), day).filter(|d| d.weekday().number() == weekday)
    };
    let ahead = (0..24).find_map(|m| found(m).filter(|d| *d >= anchor));
    let behind = (0..24).find_map(|m| found(-m).filter(|d| *d <= anchor));
    match direction {
        Direction::Past | Direction::Before => behind.or(ahead),
        Direction::Future | Direction::After => ahead.or(behind),
        _ => match (ahead, behind) {
            (Some(a), Some(b)) => Some(
                if a.to_days() - anchor.to_days() <= anchor.to_days() - b.to_days() {
                    a
                } else {
                    b
                },
            ),
            (a, b) => a.or(b),
        },
    }
}

/// The day the text last named, when it lies years away from the DCT: the anchor of a
/// narrative about another time ("On the 5th"). Weekdays stay on the DCT: news that
/// recalls an old day still counts its weekdays from the dispatch (measured).
fn told_day(cx: &Context, dct: Option<Date>) -> Option<Date> {
    cx.reference
        .filter(|r| dct.is_some_and(|d| (d.year() - r.year()).abs() >= NARRATIVE_YEARS))
}

/// A year written in words: "nineteen ninety-six", "two thousand and one".
fn year_in_words(words: &Words, text: &str) -> Option<i32> {
    let lower = text.to_lowercase();
    let mut parts = lower.split_whitespace();
    let first = match parse_count(words, parts.next()?)? {
        Count::Exact(n) => n as i32,
        Count::Vague => return None,
    };
    let rest: Vec<&str> = parts.collect();
    match rest.first().copied() {
        Some("thousand") => {
            let tail = rest
                .iter()
                .skip(1)
                .filter(|w| **w != "and")
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let extra = if tail.is_empty() {
                0
            } else {
                match parse_count(words, &tail)? {
                    Count::Exact(n) => n as i32,
                    Count::Vague => return None,
                }
            };
            Some(first * 1000 + extra)
        }
        Some("hundred") => Some(first * 100),
        Some(_) => match parse_count(words, &rest.join(" "))? {
            Count::Exact(n) => Some(first * 100 + n as i32),
            Count::Vague => None,
        },
        None => None,
    }
}

/// `base` moved by `n` units, written at the unit's granularity.
fn shifted(base: Date, unit: &str, n: i64) -> Option<(String, Option<Date>)> {
    let year = i64::from(base.year());
    Some(match unit {
        "Y" => (format!("{:04}", year + n), None),
        "M" => {
            let d = base.add_months(n)?;
            (format!("{:04}-{:02}", d.year(), d.month()), None)
        }
        "W" | "2W" | "WE" => {
            let mut weeks = if unit == "2W" { 2 * n } else { n };
            // "The weekend" said early in the week is the one just past.
            if unit == "WE" && n == 0 && base.weekday().number() <= 3 {
                weeks = -1;
            }
            let (y, w) = base.add_days(7 * weeks)?.iso_week();
            let suffix = if unit == "WE" { "-WE" } else { "" };
            (format!("{y:04}-W{w:02}{suffix}"), None)
        }
        "D" => {
            let d = base.add_days(n)?;
            (d.to_string(), Some(d))
        }
        "Q" => {
            let index = year * 4 + i64::from((base.month() - 1) / 3) + n;
            (
                format!("{:04}-Q{}", index.div_euclid(4), index.rem_euclid(4) + 1),
                None,
            )
        }
        "DE" => (format!("{:03}", year / 10 + n), None),
        "CE" => (format!("{:02}", year / 100 + n), None),
        "ML" => (format!("{}", year / 1000 + n), None),
        "TH" | "TM" | "TS" => (base.to_string(), Some(base)),
        _ => return None,
    })
    .filter(|(v, _)| !v.starts_with('-'))
}

fn unresolved_at(unit: &str) -> &'static str {
    match unit {
        "Y" => "XXXX",
        "M" => "XXXX-XX",
        "W" | "2W" => "XXXX-WXX",
        "WE" => "XXXX-WXX-WE",
        "Q" => "XXXX-QX",
        "DE" => "XXX",
        "CE" => "XX",
        _ => "XXXX-XX-XX",
    }
}

fn rel_unit(f: &Fields, cx: &Context) -> Option<Normalised> {
    let unit_text = f.get("unit")?;
    if let Some(word) = cx
        .words
        .get("unit", unit_text)
        .filter(|w| w.extra == "plural")
    {
        // "the coming weeks", "recent years": a stretch of unknown length.
        return Some(Normalised::new(
            TimexType::Duration,
            duration_value(Count::Vague, &word.value)?,
        ));
    }
    let unit = cx.words.value("unit", unit_text).or(Some(unit_text))?;
    let rel = f.get("rel")?;
    let (offset, from_ref) = rel_of(cx.words, rel).or_else(|| Some((rel.parse().ok()?, false)))?;
    // "The following year" in a narrative: the year after the one last written (which may
    // lie before the common era, where no day is).
    if let (Some(year), true, "Y") = (cx.narrative_year(), from_ref, unit) {
        let year = i64::from(year) + offset;
        return Some(Normalised::new(TimexType::Date, format!("{year:04}")));
    }
    // "That month" is the month last named, which need not have had a day.
    let base = match (unit, from_ref, offset) {
        ("M", true, _) => cx.last_month.or_else(|| cx.anchor(true)),
        // "This day", "this month" in a narrative about another time: its own.
        ("D" | "W" | "M", false, 0) => cx.narrative_point().or_else(|| cx.anchor(false)),
        _ => cx.anchor(from_ref),
    };
    let Some(base) = base else {
        return Some(Normalised::unresolved(TimexType::Date, unresolved_at(unit)));
    };
    // "This weekend" is the one of this week (only "the weekend" said early in the week
    // looks back).
    let written_this = offset == 0 && rel_of(cx.words, rel).is_some();
    let (value, day) = if unit == "WE" && written_this {
        let (y, w) = base.iso_week();
        (format!("{y:04}-W{w:02}-WE"), None)
    } else {
        shifted(base, unit, offset)?
    };
    Some(Normalised {
        day,
        ..Normalised::new(TimexType::Date, value)
    })
}

fn offset(f: &Fields, cx: &Context) -> Option<Normalised> {
    let w = cx.words;
    let unit = w.value("unit", f.get("unit")?).or(f.get("unit"))?;
    let count = parse_count(w, f.get("num")?)?;
    let dir = f.get("dir")?;
    let (sign, from_ref) = match dir.parse::<i64>() {
        Ok(sign) => (sign, f.get("anchor") == Some("ref")),
        Err(_) => {
            let word = w.get("dir", dir)?;
            (word.value.parse::<i64>().ok()?, word.extra == "ref")
        }
    };
    let n = match count {
        Count::Vague => {
            let value = if sign < 0 { "PAST_REF" } else { "FUTURE_REF" };
            return Some(Normalised::new(TimexType::Date, value.to_string()));
        }
        Count::Exact(n) => n.round() as i64,
    };
    // "A year earlier" in a text about a quarter is that quarter a year before; "the
    // year-ago quarter" (gran=Q) too, the quarter being the last one before the DCT when
    // the text named none.
    // "The year-ago third quarter": that quarter of the DCT's year, a year back.
    let named = f
        .get("quarter")
        .and_then(|q| ordinal(w, "quarter", q))
        .and_then(|q| u8::try_from(q).ok())
        .filter(|q| (1..=4).contains(q))
        .and_then(|q| Some((cx.dct?.year(), q)));
    let quarter = named
        .or_else(|| cx.last_quarter.filter(|_| cx.quarter_recent))
        .or_else(|| {
            let dct = cx.dct.filter(|_| f.get("gran") == Some("Q"))?;
            let index = dct.year() * 4 + i32::from((dct.month() - 1) / 3) - 1;
            Some((index.div_euclid(4), (index.rem_euclid(4) + 1) as u8))
        });
    if let (Some((year, q)), "Y") = (quarter, unit) {
        return Some(Normalised::new(
            TimexType::Date,
            format!("{:04}-Q{q}", i64::from(year) + sign * n),
        ));
    }
    let base = cx.anchor(from_ref);
    let Some(base) = base else {
        return Some(Normalised::unresolved(TimexType::Date, unresolved_at(unit)));
    };
    let (value, day) = shifted(base, unit, sign * n)?;
    Some(Normalised {
        day,
        ..Normalised::new(TimexType::Date, value)
    })
}

/// A duration value: P5Y, PT24H, PXW.
fn duration_value(count: Count, unit: &str) -> Option<String> {
    let (time, letter, factor) = match unit {
        // TempEval-3 writes counted decades and centuries in years (P20Y).
        "DE" if count != Count::Vague => (false, "Y", 10.0),
        "CE" if count != Count::Vague => (false, "Y", 100.0),
        "TH" => (true, "H", 1.0),
        "TM" => (true, "M", 1.0),
        "TS" => (true, "S", 1.0),
        "2W" => (false, "W", 2.0),
        "Y" | "M" | "W" | "D" | "Q" | "DE" | "CE" | "ML" | "WE" => (false, unit, 1.0),
        _ => return None,
    };
    let amount = match count {
        Count::Vague => "X".to_string(),
        Count::Exact(n) if n > 0.0 && n < 1e9 => {
            let n = n * factor;
            // A fraction is written in the next smaller unit when that is exact, as
            // TimeBank does: 2 1/2 years is P2Y6M, 5 1/2 hours PT5H30M.
            if let Some(value) = compound_duration(n, letter, time) {
                return Some(value);
            }
            format_number(n)
        }
        Count::Exact(_) => return None,
    };
    Some(if time {
        format!("PT{amount}{letter}")
    } else {
        format!("P{amount}{letter}")
    })
}

/// `n` units as a whole number of them and of the next smaller unit, when `n` has a
/// fraction and the smaller unit counts it exactly (P2Y6M, PT1M30S, P1W3.5D is not).
fn compound_duration(n: f64, letter: &str, time: bool) -> Option<String> {
    if n.fract() == 0.0 {
        return None;
    }
    let (smaller, per, smaller_is_time) = match (letter, time) {
        ("Y", false) => ("M", 12.0, false),
        ("W", false) => ("D", 7.0, false),
        ("D", false) => ("H", 24.0, true),
        ("H", true) => ("M", 60.0, true),
        ("M", true) => ("S", 60.0, true),
        _ => return None,
    };
    let rest = n.fract() * per;
    if (rest - rest.round()).abs() > 1e-9 {
        return None;
    }
    let whole = n.trunc();
    let whole_part = if whole > 0.0 {
        format!("{}{letter}", format_number(whole))
    } else {
        String::new()
    };
    let rest_part = format!("{}{smaller}", format_number(rest.round()));
    Some(match (time, smaller_is_time) {
        (true, _) => format!("PT{whole_part}{rest_part}"),
        (false, true) => format!("P{whole_part}T{rest_part}"),
        (false, false) => format!("P{whole_part}{rest_part}"),
    })
}

fn duration(f: &Fields, cx: &Context) -> Option<Normalised> {
    let w = cx.words;
    let unit = w.value("unit", f.get("unit")?)?;
    let mut count = parse_count(w, f.get("num")?)?;
    if let (Some(_), Count::Exact(n)) = (f.get("andhalf"), count) {
        count = Count::Exact(n + 0.5);
    }
    Some(Normalised::new(
        TimexType::Duration,
        duration_value(count, unit)?,
    ))
}

fn set(f: &Fields, cx: &Context) -> Option<Normalised> {
    let w = cx.words;
    let quant = f
        .get("every")
        .and_then(|e| w.value("every", e))
        .or_else(|| f.get("quant"))
        .map(str::to_string);
    if let Some(word) = f.get("setword") {
        return Some(Normalised::new(
            TimexType::Set,
            w.value("setword", word)?.to_string(),
        ));
    }
    if let Some(wd) = f.get("weekday") {
        let n = w.value("weekday", wd)?;
        // "Tuesday nights": that part of every such day.
        let part = match f.get("part") {
            Some(p) => format!("T{}", w.value("part", p)?),
            None => String::new(),
        };
        // "Every other Tuesday": quant EVERY OTHER.
        let quant = match (quant, f.get("other")) {
            (Some(q), Some(_)) => Some(format!("{q} OTHER")),
            (q, _) => q,
        };
        return Some(Normalised {
            quant,
            ..Normalised::new(TimexType::Set, format!("XXXX-WXX-{n}{part}"))
        });
    }
    // "Every summer": that season of every year.
    if let Some(season) = f.get("season") {
        return Some(Normalised {
            quant,
            ..Normalised::new(
                TimexType::Set,
                format!("XXXX-{}", w.value("season", season)?),
            )
        });
    }
    // "Each July": that month of every year.
    if let Some(m) = f.get("month") {
        let month: u8 = w.value("month", m)?.parse().ok()?;
        return Some(Normalised {
            quant,
            ..Normalised::new(TimexType::Set, format!("XXXX-{month:02}"))
        });
    }
    let unit = w.value("unit", f.get("unit")?)?;
    let n = match f.get("num").map(|n| parse_count(w, n)) {
        Some(Some(Count::Exact(n))) => n,
        Some(_) => return None,
        None if f.get("other").is_some() => 2.0,
        None => 1.0,
    };
    Some(Normalised {
        quant,
        ..Normalised::new(TimexType::Set, duration_value(Count::Exact(n), unit)?)
    })
}

fn anaphor(f: &Fields, cx: &Context) -> Option<Normalised> {
    if f.get("unit") == Some("Q") {
        if let Some((y, q)) = cx.last_quarter {
            let y = f
                .get("year")
                .and_then(|y| parse_year(y, cx.dct))
                .unwrap_or(y);
            return Some(Normalised::new(TimexType::Date, format!("{y:04}-Q{q}")));
        }
        if let Some(y) = f.get("year").and_then(|y| parse_year(y, cx.dct)) {
            return Some(Normalised::new(TimexType::Date, format!("{y:04}")));
        }
    }
    if f.get("unit") == Some("Y") {
        // "the year", "later in the year": in a narrative about another time, the year
        // last written; in the news, the DCT's year.
        // "that year" always points back to the text's year.
        let back = f.get("anchor") == Some("ref");
        let narrative = cx.written_year.filter(|y| {
            back || cx
                .dct
                .is_none_or(|d| (d.year() - y).abs() >= NARRATIVE_YEARS)
        });
        if let Some(y) = narrative {
            return Some(Normalised::new(TimexType::Date, format!("{y:04}")));
        }
    }
    rel_unit(f, cx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn years_pick_by_direction() {
        let anchor = d("2022-01-14");
        let december = |y: i32| Some((first_day_of_month(y, 12)?, last_day_of_month(y, 12)?));
        assert_eq!(pick_year(anchor, Direction::Past, &december), Some(2021));
        assert_eq!(pick_year(anchor, Direction::Neutral, &december), Some(2021));
        assert_eq!(pick_year(anchor, Direction::Future, &december), Some(2022));
        let jan15 = |y: i32| Date::from_ymd(y, 1, 15).map(|x| (x, x));
        assert_eq!(
            pick_year(d("2024-12-31"), Direction::Future, &jan15),
            Some(2025)
        );
    }

    #[test]
    fn weekdays_pick_by_direction() {
        let friday = d("2022-01-14");
        assert_eq!(pick_weekday(friday, 5, Direction::Past, true), Some(friday));
        assert_eq!(
            pick_weekday(friday, 5, Direction::Before, true),
            Some(d("2022-01-07"))
        );
        assert_eq!(
            pick_weekday(friday, 1, Direction::Future, true),
            Some(d("2022-01-17"))
        );
        assert_eq!(
            pick_weekday(friday, 3, Direction::Past, true),
            Some(d("2022-01-12"))
        );
    }

    #[test]
    fn shifts_and_durations() {
        let base = d("2024-12-31");
        assert_eq!(shifted(base, "W", -1).unwrap().0, "2024-W52");
        assert_eq!(shifted(base, "Q", 1).unwrap().0, "2025-Q1");
        assert_eq!(shifted(base, "DE", 0).unwrap().0, "202");
        assert_eq!(duration_value(Count::Exact(24.0), "TH").unwrap(), "PT24H");
        assert_eq!(duration_value(Count::Exact(0.5), "TH").unwrap(), "PT30M");
        assert_eq!(duration_value(Count::Vague, "W").unwrap(), "PXW");
        assert_eq!(duration_value(Count::Exact(2.5), "Y").unwrap(), "P2Y6M");
        assert_eq!(duration_value(Count::Exact(5.5), "TH").unwrap(), "PT5H30M");
        assert_eq!(duration_value(Count::Exact(1.5), "TM").unwrap(), "PT1M30S");
        assert_eq!(duration_value(Count::Exact(2.5), "D").unwrap(), "P2DT12H");
        // No exact count in the smaller unit: the fraction stays.
        assert_eq!(duration_value(Count::Exact(3.5), "W").unwrap(), "P3.5W");
        assert_eq!(duration_value(Count::Exact(1.25), "Y").unwrap(), "P1Y3M");
        assert_eq!(duration_value(Count::Exact(2.0), "DE").unwrap(), "P20Y");
        assert_eq!(duration_value(Count::Vague, "DE").unwrap(), "PXDE");
    }

    #[test]
    fn holidays_and_years_in_words() {
        assert_eq!(nth_weekday_of(1999, 11, 4, 4), Some(25));
        assert_eq!(nth_weekday_of(2024, 5, 5, 1), Some(27));
        let words = Words::embedded().unwrap();
        assert_eq!(year_in_words(&words, "nineteen ninety-six"), Some(1996));
        assert_eq!(year_in_words(&words, "two thousand"), Some(2000));
    }

    #[test]
    fn two_digit_years() {
        assert_eq!(parse_year("'98", Some(d("2022-01-14"))), Some(1998));
        assert_eq!(parse_year("'21", Some(d("2022-01-14"))), Some(2021));
        assert_eq!(parse_year("1990", None), Some(1990));
    }
}
