//! annalist-time: temporal expressions (TIMEX3 DATE, TIME, DURATION, SET) recognised and
//! normalised against the dispatch date, following the TimeML conventions of TempEval-3.
//!
//! The recogniser is a generic engine over data: word lists (`data/time/words.tsv`),
//! holidays (`holidays.tsv`, with the calendar rules of `calendar.rs`: fixed dates, Nth
//! weekdays, Easter, the Hebrew, Islamic, Hindu and Chinese calendars), macros
//! (`macros.tsv`), rules (`rules.tsv`) and tense cues (`tense.tsv`) are compiled
//! once by [`TimeRecogniser::new`] into one combined regular expression that finds the
//! candidates in a single pass over the text, and per-rule expressions that capture their
//! fields. Normalisation (`normalise.rs`) turns the fields into values; underspecified
//! dates ("December 17", "on Friday") are put before or after the dispatch date by the
//! tense of their clause (`tense.rs`).
//!
//! Neighbouring timexes are then composed (a clock time with the day beside it, a weekday
//! with its week; the ends of a range of clock times share their day and half of the
//! day). The conventions are written down in `docs/time-conventions.md`.
//!
//! [`timeml`] reads and writes TempEval-3 TimeML; [`validate`] checks TIMEX3 values.
//!
//! Measured (`annalist eval all`, TempEval-3 Task A scoring of `annalist-eval`):
//! TimeBank+AQUAINT relaxed F1 0.946, value F1 0.815; WikiWars relaxed 0.932, value 0.827;
//! the 13 timexes of the seed dispatch exact; duckling's dev suite (`annalist eval
//! suites`) value 76.8 % (tuned part 87.7 %, held-out part 65.9 %).
//! Direction of underspecified dates, value F1 on TimeBank+AQUAINT: by tense 0.814,
//! always past 0.804, nearest 0.801, always future 0.673 — the tense rule wins
//! (`annalist eval timeml GOLD --policies`). Time
//! stage alone: 60 to 100 MB/s per core on the 13 MB news corpus
//! (`examples/time_throughput.rs`, release build, shared machine) before the families of
//! issue 17, which cost about 15 % (best of five on a loaded machine: 41.6 MB/s before,
//! 35.0 MB/s after).
//!
//! What the remaining value errors on TimeBank+AQUAINT are (counted, not special-cased):
//! mostly annotation conventions the gold applies unevenly — weeks written `1989-WXX`
//! or unpadded (`2000-W7`), "a year ago" as a quarter or a day, weekdays a week off,
//! "recent years" as `PAST_REF` or `PXY`, "Friday night" with or without `TNI`, and
//! "now"/"current"/"recently" annotated in some documents and not in others.

mod calendar;
mod grammar;
mod normalise;
mod tables;
mod tense;
pub mod timeml;
pub mod validate;

use annalist_core::{Date, Document, Recogniser, Severity, Span, Timex, TimexType};
use grammar::{Function, Grammar};
use normalise::{Context, Direction, Fields};
use tables::{normalise_key, TenseCues, Words};

/// For how many sentences a quarter stays the topic ("a year earlier" = that quarter a
/// year before).
const QUARTER_SCOPE: usize = 2;

/// A data file of the recogniser does not load or compile.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(pub String);

/// Which expressions a modifier word may attach to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    Date,
    Duration,
    /// A duration written from its number on.
    Count,
    Any,
}

/// A modifier written before an expression ("early", "more than", "mid-").
#[derive(Debug)]
struct Prefix {
    phrase: String,
    value: Option<String>,
    scope: Scope,
}

/// How an underspecified date ("December 17", "on Friday") is put before or after the
/// document date. [`DirectionPolicy::Tense`] is the default; the others are fixed biases
/// kept to measure it against (`annalist eval timeml GOLD --policies`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DirectionPolicy {
    /// By the tense and modality of the clause (tense.tsv), else the nearest.
    #[default]
    Tense,
    /// Always the nearest one.
    Nearest,
    /// Always on or before the document date.
    Past,
    /// Always on or after the document date.
    Future,
}

/// The time recogniser: build once, share across threads.
pub struct TimeRecogniser {
    words: Words,
    cues: TenseCues,
    grammar: Grammar,
    prefixes: Vec<Prefix>,
    policy: DirectionPolicy,
}

impl TimeRecogniser {
    /// Loads and compiles the embedded tables and rules.
    pub fn new() -> Result<TimeRecogniser, Error> {
        let words = Words::embedded()?;
        let cues = TenseCues::parse(tables::TENSE)?;
        let grammar = Grammar::new(&words)?;
        let mut prefixes: Vec<Prefix> = words
            .category("mod")
            .iter()
            .map(|w| Prefix {
                phrase: normalise_key(&w.written),
                value: normalise::modifier(&words, &w.value),
                scope: match w.extra.as_str() {
                    "date" => Scope::Date,
                    "duration" => Scope::Duration,
                    "count" => Scope::Count,
                    _ => Scope::Any,
                },
            })
            .collect();
        prefixes.sort_by_key(|p| std::cmp::Reverse(p.phrase.len()));
        Ok(TimeRecogniser {
            words,
            cues,
            grammar,
            prefixes,
            policy: DirectionPolicy::default(),
        })
    }

    /// The same recogniser with another direction policy.
    pub fn with_policy(mut self, policy: DirectionPolicy) -> TimeRecogniser {
        self.policy = policy;
        self
    }

    /// The timexes of a document, in text order (what [`Recogniser::annotate`] adds).
    pub fn timexes(&self, doc: &Document) -> (Vec<Timex>, Vec<(String, Span)>) {
        let matches = self.grammar.scan(&doc.text, doc.body_start);
        let mut cx = Context {
            words: &self.words,
            dct: doc.dct,
            reference: doc.dct,
            last_month: None,
            last_quarter: None,
            quarter_recent: false,
            written_year: None,
            // Measured on TimeBank+AQUAINT (see the crate docs): a weekday without any
            // cue is the nearest one; a tense that puts a date more than half a year
            // away yields to one within two months on the other side.
            neutral_weekday_past: false,
            weekday_tense: true,
            far_days: 180,
            near_days: 60,
        };
        let mut timexes: Vec<Timex> = Vec::with_capacity(matches.len());
        let mut shapes: Vec<Shape> = Vec::with_capacity(matches.len());
        let mut problems = Vec::new();
        let mut last_end = doc.body_start;
        // The first end of the last range: its context and day.
        let mut range_start: Option<(Span, Date)> = None;
        let mut quarter_sentence = usize::MAX;
        for m in &matches {
            let sentence = doc.sentence_at(m.extent.start).unwrap_or(0);
            cx.quarter_recent = sentence.wrapping_sub(quarter_sentence) <= QUARTER_SCOPE;
            let Some(kind) = m.rule.kind else {
                last_end = m.whole.end;
                continue;
            };
            let fields = Fields {
                text: &doc.text,
                captured: &m.fields,
                defaults: &m.rule.defaults,
            };
            // A possessive date ("Wednesday's ruling", "Monday's close") names what
            // happened: the last such day.
            let possessive = doc
                .text
                .get(m.extent.end..)
                .is_some_and(|rest| rest.starts_with("'s") || rest.starts_with("\u{2019}s"));
            let direction = |strong: bool| match self.policy {
                DirectionPolicy::Tense if possessive => Direction::Past,
                DirectionPolicy::Tense => tense::direction(
                    doc,
                    &self.cues,
                    if m.context == m.whole {
                        m.extent
                    } else {
                        m.context
                    },
                    strong,
                ),
                DirectionPolicy::Nearest => Direction::Neutral,
                DirectionPolicy::Past => Direction::Past,
                DirectionPolicy::Future => Direction::Future,
            };
            let Some(mut n) = normalise::normalise(m.rule.function, kind, &fields, &cx, &direction)
            else {
                continue;
            };
            if m.rule.function == Function::Duration && self.is_rate(m, &doc.text) {
                last_end = m.whole.end;
                continue;
            }
            // The two ends of a range lie in one stretch of time: an end whose year was not
            // written follows the other ("13 to 15 August" is one August; "December 30 to
            // January 2" runs into the next year).
            if m.context != m.whole && !m.fields.iter().any(|(name, _)| *name == "year") {
                match (range_start, n.day) {
                    (Some((context, first)), Some(day)) if context == m.context => {
                        let moved = Date::from_ymd(first.year(), day.month(), day.day())
                            .filter(|d| *d >= first)
                            .or_else(|| Date::from_ymd(first.year() + 1, day.month(), day.day()));
                        if let Some(moved) = moved.filter(|d| *d != day) {
                            n.value = n.value.replacen(&day.to_string(), &moved.to_string(), 1);
                            n.day = Some(moved);
                        }
                    }
                    (_, Some(day)) => range_start = Some((m.context, day)),
                    _ => {}
                }
            }
            let mut span = m.extent;
            let scope = match m.rule.function {
                Function::Date | Function::RelUnit | Function::Anaphor => Some(Scope::Date),
                Function::Offset => Some(Scope::Any),
                Function::Duration => Some(Scope::Duration),
                Function::Set | Function::Ref | Function::None => None,
            };
            let starts_with_count = m
                .fields
                .iter()
                .any(|(name, s)| *name == "num" && s.start == m.whole.start);
            if let (Some(scope), true) = (scope, m.extent == m.whole) {
                if let Some((start, modifier)) =
                    self.prefix(&doc.text, span.start, last_end, scope, starts_with_count)
                {
                    span.start = start;
                    if modifier.is_some() {
                        n.modifier = modifier;
                    }
                }
            }
            if !validate::is_valid_value(&n.value) {
                problems.push((
                    format!(
                        "rule at rules.tsv:{} made an invalid value {:?}",
                        m.rule.line, n.value
                    ),
                    span,
                ));
                continue;
            }
            if let Some(day) = n.day {
                cx.reference = Some(day);
            }
            if n.kind != TimexType::Duration {
                if let Some(month) = month_of_value(&n.value) {
                    cx.last_month = Some(month);
                }
            }
            // A date written with its year moves the narrative there, unless it names a
            // plan ("a campaign planned for 1976"); the tense is read only for these, as it
            // costs a scan of the clause. A date counted from the DCT ("last week",
            // "yesterday") ends the narrative, unless the narrative kept it in its own year
            // ("this day").
            let written = m.fields.iter().any(|(name, _)| *name == "year");
            if written && direction(false) != Direction::Future {
                cx.written_year = normalise::year_of_value(&n.value);
            } else if !written
                && n.kind != TimexType::Duration
                && self.anchored_on_dct(m, &doc.text)
                && normalise::year_of_value(&n.value) == doc.dct.map(|d| d.year())
            {
                cx.written_year = None;
            }
            // "the 1988 period" looks back at the topic quarter without changing it.
            let looks_back = m.rule.function == Function::Anaphor && written;
            if matches!(m.rule.function, Function::Date | Function::Anaphor) && !looks_back {
                // A quarter not yet over at the DCT ("will result in a fourth-quarter
                // charge") is a forecast, not the quarter the report is about.
                let ended = |(year, q): (i32, u8)| {
                    doc.dct
                        .is_none_or(|d| (year, q) < (d.year(), (d.month() - 1) / 3 + 1))
                };
                if let Some(q) = quarter_of_value(&n.value).filter(|&q| ended(q)) {
                    cx.last_quarter = Some(q);
                    quarter_sentence = doc.sentence_at(span.start).unwrap_or(0);
                }
            }
            last_end = span.end;
            let has = |names: &[&str]| m.fields.iter().any(|(name, _)| names.contains(name));
            let has_clock = has(&["hour", "clock", "minute"]);
            let day_fields = [
                "weekday", "dayrel", "month", "day", "holiday", "rel", "part",
            ];
            shapes.push(Shape {
                clock_only: n.kind == TimexType::Time && has_clock && !has(&day_fields),
                day: n.day.filter(|_| !has_clock),
                weekday: (m.rule.function == Function::Date
                    && has(&["weekday"])
                    && !has(&["month", "day", "hour", "clock", "nth"]))
                .then(|| n.day.map(|d| d.weekday().number()))
                .flatten(),
                week: week_of_value(&n.value),
                has_ampm: has(&["ampm"]),
            });
            timexes.push(Timex {
                span,
                text: doc.slice(span).to_string(),
                kind: n.kind,
                value: n.value,
                modifier: n.modifier,
                quant: n.quant,
                freq: n.freq,
                resolved: n.resolved,
            });
        }
        let mut composed = self.compose(doc, timexes, &shapes);
        self.clock_ranges(doc, &mut composed);
        let timexes = composed.into_iter().map(|(t, _)| t).collect();
        (timexes, problems)
    }

    /// Joins neighbours that name one time together (TIMEX3 tags a time with the date it
    /// is anchored to as one expression): a clock time and the day written beside it ("at
    /// 9am on Saturday", "tomorrow at 5 pm", "4/25 at 16:00"), a weekday and the week it
    /// lies in ("Wednesday next week"). The words between must be joiners (`join` in
    /// words.tsv).
    fn compose(
        &self,
        doc: &Document,
        timexes: Vec<Timex>,
        shapes: &[Shape],
    ) -> Vec<(Timex, Shape)> {
        let mut out: Vec<(Timex, Shape)> = Vec::with_capacity(timexes.len());
        let mut items = timexes.into_iter().zip(shapes.iter().copied()).peekable();
        while let Some((first, a)) = items.next() {
            let Some((second, b)) = items.peek() else {
                out.push((first, a));
                break;
            };
            // Joiners are short: most neighbours lie sentences apart.
            let gap = match second.span.start.checked_sub(first.span.end) {
                Some(len) if len <= 8 => doc
                    .text
                    .get(first.span.end..second.span.start)
                    .unwrap_or("x")
                    .replace(',', " "),
                _ => String::from("x"),
            };
            let joined = gap.trim().is_empty() || self.words.get("join", gap.trim()).is_some();
            let value = if !joined {
                None
            } else if let (Some(day), true) = (a.day, b.clock_only) {
                Some((TimexType::Time, with_time_of(day, &second.value)))
            } else if let (true, Some(day)) = (a.clock_only, b.day) {
                Some((TimexType::Time, with_time_of(day, &first.value)))
            } else if let (Some(wd), Some((year, week))) = (a.weekday, b.week) {
                iso_week_monday(year, week)
                    .and_then(|monday| monday.add_days(i64::from(wd) - 1))
                    .map(|d| (TimexType::Date, d.to_string()))
            } else {
                None
            };
            let Some((kind, value)) = value else {
                out.push((first, a));
                continue;
            };
            let shape = Shape {
                clock_only: false,
                day: None,
                weekday: None,
                week: None,
                has_ampm: a.has_ampm || b.has_ampm,
            };
            let span = Span::new(first.span.start, second.span.end);
            let modifier = first.modifier.clone().or_else(|| second.modifier.clone());
            let resolved = first.resolved && second.resolved;
            items.next();
            out.push((
                Timex {
                    span,
                    text: doc.slice(span).to_string(),
                    kind,
                    value,
                    modifier,
                    quant: None,
                    freq: None,
                    resolved,
                },
                shape,
            ));
        }
        out
    }

    /// The two ends of a range of clock times ("from 3:30 to 6 pm", "9:30 - 11:00 on
    /// Thursday", joined by a `range` word of words.tsv) share what one of them leaves
    /// unsaid: the half of the day (3:30 is 15:30 when the range ends at 18:00) and the
    /// day.
    fn clock_ranges(&self, doc: &Document, items: &mut [(Timex, Shape)]) {
        for i in 1..items.len() {
            let (left, right) = items.split_at_mut(i);
            let (Some((a, sa)), Some((b, sb))) = (left.last_mut(), right.first_mut()) else {
                continue;
            };
            let (Some(ha), Some(hb)) = (hour_of_value(&a.value), hour_of_value(&b.value)) else {
                continue;
            };
            let gap = match b.span.start.checked_sub(a.span.end) {
                Some(len) if len <= 10 => doc.text.get(a.span.end..b.span.start).unwrap_or("x"),
                _ => continue,
            };
            if self.words.get("range", gap.trim()).is_none() {
                continue;
            }
            if !sa.has_ampm && sb.has_ampm && ha < 12 && hb >= 12 && ha + 12 <= hb {
                if let Some(t) = a.value.find('T') {
                    let rest = a.value.get(t + 3..).unwrap_or("").to_string();
                    a.value = format!("{}T{:02}{rest}", &a.value[..t], ha + 12);
                }
                sa.has_ampm = true;
            }
            let date_of = |v: &str| v.split_once('T').map(|(d, _)| d.to_string());
            if sa.clock_only && !sb.clock_only {
                if let (Some(day), Some((_, time))) = (date_of(&b.value), a.value.split_once('T')) {
                    a.value = format!("{day}T{time}");
                }
            } else if sb.clock_only && !sa.clock_only {
                if let (Some(day), Some((_, time))) = (date_of(&a.value), b.value.split_once('T')) {
                    b.value = format!("{day}T{time}");
                }
            }
        }
    }

    /// Whether a match names a date counted from the document date ("last week",
    /// "yesterday", "on Friday"), not from the text's own dates.
    fn anchored_on_dct(&self, m: &grammar::RuleMatch, text: &str) -> bool {
        let field = |name: &str| {
            m.fields
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, span)| span.slice(text))
        };
        let rel_from_dct = |name: &str| {
            field(name)
                .and_then(|r| self.words.get("rel", r))
                .is_some_and(|w| w.extra != "ref")
        };
        match m.rule.function {
            Function::RelUnit => rel_from_dct("rel"),
            Function::Date => {
                field("dayrel").is_some()
                    || (field("weekday").is_some() && field("month").is_none())
                    || rel_from_dct("rel")
                    || rel_from_dct("relyear")
            }
            _ => false,
        }
    }

    /// "a year" in "$1.76 a year", "700 seats a week": the unit of a rate, not a duration.
    /// The count is the article, and one of the two words before is a number or an amount
    /// word (`amount` in words.tsv) with no preposition (`ratestop`) right before.
    fn is_rate(&self, m: &grammar::RuleMatch, text: &str) -> bool {
        let article = m.fields.iter().any(|(name, s)| {
            *name == "num"
                && s.start == m.whole.start
                && matches!(s.slice(text).to_ascii_lowercase().as_str(), "a" | "an")
        });
        if !article {
            return false;
        }
        let mut from = m.whole.start.saturating_sub(40);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let Some(before) = text.get(from..m.whole.start) else {
            return false;
        };
        let mut words = before
            .split_whitespace()
            .rev()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '%'));
        let previous = words.next().unwrap_or("");
        if previous.is_empty() || self.words.get("ratestop", previous).is_some() {
            return false;
        }
        let amount = |w: &str| {
            w.bytes().any(|b| b.is_ascii_digit()) || self.words.get("amount", w).is_some()
        };
        amount(previous) || words.next().is_some_and(amount)
    }

    /// A modifier phrase right before `start` (after `floor`): the new start and its mod.
    fn prefix(
        &self,
        text: &str,
        start: usize,
        floor: usize,
        scope: Scope,
        starts_with_count: bool,
    ) -> Option<(usize, Option<String>)> {
        let mut from = start.saturating_sub(40).max(floor);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let before = text.get(from..start)?;
        let lower: String = before
            .chars()
            .map(|c| {
                if c.is_whitespace() && c.is_ascii() {
                    ' '
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        for prefix in &self.prefixes {
            let applies = match prefix.scope {
                Scope::Any => true,
                Scope::Count => scope == Scope::Duration && starts_with_count,
                other => other == scope,
            };
            if !applies {
                continue;
            }
            let head = if prefix.phrase.ends_with('-') {
                lower.as_str()
            } else {
                let trimmed = lower.trim_end_matches(' ');
                if trimmed.len() == lower.len() {
                    continue;
                }
                trimmed
            };
            let Some(rest) = head.strip_suffix(prefix.phrase.as_str()) else {
                continue;
            };
            if rest.chars().next_back().is_some_and(char::is_alphanumeric) {
                continue;
            }
            return Some((from + rest.len(), prefix.value.clone()));
        }
        None
    }
}

/// The first day of the month of a value at month precision or finer (`1943-07`,
/// `1943-07-14T10:00`).
fn month_of_value(value: &str) -> Option<Date> {
    let year: i32 = value.get(..4)?.parse().ok()?;
    if value.get(4..5)? != "-" {
        return None;
    }
    let month: u8 = value.get(5..7)?.parse().ok()?;
    Date::from_ymd(year, month, 1)
}

/// `(1989, 3)` from `1989-Q3`.
fn quarter_of_value(value: &str) -> Option<(i32, u8)> {
    let (year, quarter) = value.split_once("-Q")?;
    if year.len() != 4 {
        return None;
    }
    Some((year.parse().ok()?, quarter.parse().ok()?))
}

impl Recogniser for TimeRecogniser {
    fn name(&self) -> &'static str {
        "time"
    }

    fn annotate(&self, doc: &mut Document) {
        let (timexes, problems) = self.timexes(doc);
        for (message, span) in problems {
            doc.diagnose("time", Severity::Warning, message, Some(span));
        }
        doc.timexes.extend(timexes);
        doc.timexes.sort_by_key(|t| (t.span.start, t.span.end));
    }
}

/// What [`TimeRecogniser::compose`] needs to know of a timex.
#[derive(Clone, Copy)]
struct Shape {
    /// A clock time without a day of its own (anchored on the text's last day).
    clock_only: bool,
    /// The day a date without a clock time names.
    day: Option<Date>,
    /// A weekday alone ("Wednesday"): its ISO number.
    weekday: Option<u8>,
    /// An ISO week value (`2013-W08`).
    week: Option<(i32, u8)>,
    /// Whether the clock time said its half of the day (am, pm, in the evening).
    has_ampm: bool,
}

/// The hour of a clock-time value (`2013-02-12T15:30` → 15).
fn hour_of_value(value: &str) -> Option<u32> {
    let (_, time) = value.split_once('T')?;
    time.get(..2)?.parse().ok()
}

/// `day` with the time of day of a value (`2013-02-12T15:00` → `{day}T15:00`).
fn with_time_of(day: Date, value: &str) -> String {
    match value.split_once('T') {
        Some((_, time)) => format!("{day}T{time}"),
        None => day.to_string(),
    }
}

/// The Monday of ISO week `week` of `year` (week 1 holds January 4).
fn iso_week_monday(year: i32, week: u8) -> Option<Date> {
    let jan4 = Date::from_ymd(year, 1, 4)?;
    let monday = jan4.add_days(1 - i64::from(jan4.weekday().number()))?;
    monday.add_days(7 * (i64::from(week) - 1))
}

/// The year and week of a `YYYY-Www` value.
fn week_of_value(value: &str) -> Option<(i32, u8)> {
    let (year, week) = value.split_once("-W")?;
    if year.len() != 4 || week.len() != 2 {
        return None;
    }
    Some((year.parse().ok()?, week.parse().ok()?))
}

/// `TimexType` from its TimeML name.
pub fn timex_type(name: &str) -> Option<TimexType> {
    match name {
        "DATE" => Some(TimexType::Date),
        "TIME" => Some(TimexType::Time),
        "DURATION" => Some(TimexType::Duration),
        "SET" => Some(TimexType::Set),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
