//! Peer taggers' test suites of temporal expressions (`../shared/data/timex-suites/*.jsonl`),
//! scored as the suite's README prescribes.
//!
//! Each case is one document dated `ref_date`: the phrase wrapped in a neutral news
//! sentence ("The meeting is scheduled for {text}.", "... scheduled {text}." when the
//! phrase opens with a preposition, "The meeting was held {text}." when it is past-marked),
//! with weekday, month, holiday and time-zone names capitalised as news writes them. A
//! case is **found** when some timex overlaps the phrase, and its **value** is right when
//! an overlapping timex has an accepted value (a range: every list of `all_of` among the
//! overlapping timexes), values compared after [`canonical`]. Cases with a `skip` reason
//! are counted apart and not scored.
//!
//! The cases are split in two parts before any tuning: a case whose expected values (one
//! example of the peer's corpus written several ways shares them) hash to an even FNV-1a
//! value is in the **tuned** part, the others are **held out**; only the tuned part's
//! errors are ever listed (`--details`). Both parts are reported.

use annalist_core::{Date, Document, Metadata, Recogniser, Span, Timex};
use annalist_time::TimeRecogniser;
use anyhow::Context;
use serde::Deserialize;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The value accuracy the issue asks for on the whole suite.
pub const TARGET_VALUE: f64 = 0.70;

/// One case of a suite file.
#[derive(Clone, Debug, Deserialize)]
pub struct Case {
    pub id: String,
    #[serde(default)]
    pub section: Option<String>,
    pub ref_date: String,
    pub text: String,
    #[serde(default)]
    pub expected: Vec<String>,
    #[serde(default)]
    pub all_of: Option<Vec<Vec<String>>>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub holiday: Option<String>,
    #[serde(default)]
    pub skip: Option<String>,
}

/// Which half of the split a case is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Tune,
    HeldOut,
}

impl Part {
    pub fn name(self) -> &'static str {
        match self {
            Part::Tune => "tuned",
            Part::HeldOut => "held-out",
        }
    }
}

/// The categories the README asks scores by, in the order they are printed.
pub const CATEGORIES: [&str; 12] = [
    "clock time",
    "part of day",
    "date relative",
    "date explicit",
    "date underspecified",
    "week",
    "quarter",
    "season",
    "duration",
    "set",
    "holiday",
    "range",
];

/// Found and value-right counts of some cases.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub cases: usize,
    pub found: usize,
    pub value: usize,
}

impl Tally {
    fn add(&mut self, outcome: &Outcome) {
        self.cases += 1;
        self.found += usize::from(outcome.found);
        self.value += usize::from(outcome.value);
    }

    pub fn found_rate(&self) -> f64 {
        ratio(self.found, self.cases)
    }

    pub fn value_rate(&self) -> f64 {
        ratio(self.value, self.cases)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// What annalist did with one case.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub id: String,
    pub part: Part,
    pub category: &'static str,
    pub sentence: String,
    pub phrase: String,
    pub expected: String,
    pub found: bool,
    pub value: bool,
    /// The overlapping timexes: text and value.
    pub got: Vec<(String, String)>,
}

/// The scores of one suite file.
#[derive(Debug, Default)]
pub struct SuiteReport {
    pub name: String,
    pub skipped: usize,
    pub outcomes: Vec<Outcome>,
}

impl SuiteReport {
    /// All scored cases, or one part's.
    pub fn tally(&self, part: Option<Part>, category: Option<&str>) -> Tally {
        let mut t = Tally::default();
        for o in &self.outcomes {
            if part.is_some_and(|p| p != o.part) || category.is_some_and(|c| c != o.category) {
                continue;
            }
            t.add(o);
        }
        t
    }

    /// Whether the whole suite meets [`TARGET_VALUE`].
    pub fn target_met(&self) -> bool {
        self.tally(None, None).value_rate() >= TARGET_VALUE
    }

    /// The table: overall, each part, and by category for both parts.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let all = self.tally(None, None);
        let _ = writeln!(
            out,
            "{}: {} cases scored ({} skipped by the suite)",
            self.name, all.cases, self.skipped
        );
        let line = |out: &mut String, label: &str, t: Tally| {
            let _ = writeln!(
                out,
                "  {label:<22} {:>4} cases  found {:>5.1} %  value {:>5.1} %",
                t.cases,
                100.0 * t.found_rate(),
                100.0 * t.value_rate()
            );
        };
        line(&mut out, "all", all);
        for part in [Part::Tune, Part::HeldOut] {
            line(&mut out, part.name(), self.tally(Some(part), None));
        }
        let _ = writeln!(
            out,
            "  {:<22} {:>28}   {:>28}",
            "by category", "tuned: n, found %, value %", "held-out: n, found %, value %"
        );
        for category in CATEGORIES {
            let t = self.tally(Some(Part::Tune), Some(category));
            let h = self.tally(Some(Part::HeldOut), Some(category));
            if t.cases + h.cases == 0 {
                continue;
            }
            let _ = writeln!(
                out,
                "  {category:<22} {:>8} {:>9.1} {:>9.1}   {:>8} {:>9.1} {:>9.1}",
                t.cases,
                100.0 * t.found_rate(),
                100.0 * t.value_rate(),
                h.cases,
                100.0 * h.found_rate(),
                100.0 * h.value_rate()
            );
        }
        let _ = writeln!(
            out,
            "  target: value >= {:.0} % on the suite: {}",
            100.0 * TARGET_VALUE,
            if self.target_met() { "met" } else { "NOT MET" }
        );
        out
    }

    /// The tuned part's wrong cases (never the held-out part's).
    pub fn render_details(&self) -> String {
        let mut out = String::new();
        for o in self
            .outcomes
            .iter()
            .filter(|o| o.part == Part::Tune && !o.value)
        {
            let got: Vec<String> = o.got.iter().map(|(t, v)| format!("{t:?}={v}")).collect();
            let _ = writeln!(
                out,
                "  {} [{}] {:?}: want {}, got {}",
                o.id,
                o.category,
                o.phrase,
                o.expected,
                if got.is_empty() {
                    "nothing".to_string()
                } else {
                    got.join(", ")
                }
            );
        }
        out
    }
}

/// The suite files of `<shared>/data/timex-suites`.
pub fn default_files(shared: &Path) -> Vec<PathBuf> {
    let dir = shared.join("data/timex-suites");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Reads and scores one suite file.
pub fn evaluate_file(recogniser: &TimeRecogniser, path: &Path) -> anyhow::Result<SuiteReport> {
    let content =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut cases = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case: Case = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a suite case", path.display(), i + 1))?;
        cases.push(case);
    }
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    Ok(evaluate(recogniser, &name, &cases))
}

/// Scores cases.
pub fn evaluate(recogniser: &TimeRecogniser, name: &str, cases: &[Case]) -> SuiteReport {
    let mut report = SuiteReport {
        name: name.to_string(),
        ..SuiteReport::default()
    };
    for case in cases {
        if case.skip.is_some() {
            report.skipped += 1;
            continue;
        }
        report.outcomes.push(score_case(recogniser, case));
    }
    report
}

/// The part of the split a case is in: FNV-1a of its expected values.
pub fn part_of(case: &Case) -> Part {
    let key = serde_json::to_string(&(&case.expected, &case.all_of)).unwrap_or_default();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    if h.is_multiple_of(2) {
        Part::Tune
    } else {
        Part::HeldOut
    }
}

/// Scores one case.
pub fn score_case(recogniser: &TimeRecogniser, case: &Case) -> Outcome {
    let (sentence, phrase_span) = wrap(case);
    let dct = Date::parse(&case.ref_date);
    let mut doc = Document::new(
        sentence.clone(),
        Metadata {
            source: case.id.clone(),
            date: dct,
            ..Metadata::default()
        },
    );
    doc.dct = dct;
    recogniser.annotate(&mut doc);
    let overlapping: Vec<&Timex> = doc
        .timexes
        .iter()
        .filter(|t| t.span.overlaps(phrase_span))
        .collect();
    let values: Vec<String> = overlapping.iter().map(|t| canonical(&t.value)).collect();
    let accepted = |list: &[String]| list.iter().any(|v| values.contains(&canonical(v)));
    let value = match &case.all_of {
        Some(lists) if !lists.is_empty() => lists.iter().all(|l| accepted(l)),
        _ => accepted(&case.expected),
    };
    let expected = match &case.all_of {
        Some(lists) if !lists.is_empty() => lists
            .iter()
            .map(|l| l.join("|"))
            .collect::<Vec<_>>()
            .join(" + "),
        _ => case.expected.join("|"),
    };
    Outcome {
        id: case.id.clone(),
        part: part_of(case),
        category: category(case),
        phrase: phrase_span.slice(&sentence).to_string(),
        sentence,
        expected,
        found: !overlapping.is_empty(),
        value: !overlapping.is_empty() && value,
        got: overlapping
            .iter()
            .map(|t| (t.text.clone(), t.value.clone()))
            .collect(),
    }
}

const PREPOSITIONS: &[&str] = &[
    "at",
    "@",
    "on",
    "in",
    "for",
    "from",
    "by",
    "during",
    "since",
    "until",
    "till",
    "til",
    "through",
    "thru",
    "before",
    "after",
    "within",
    "between",
    "around",
    "about",
    "over",
    "under",
    "to",
    "towards",
    "throughout",
    "of",
];
const PAST_MARKS: &[&str] = &["ago", "yesterday", "past", "previous", "back"];
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "mondays",
    "tuesdays",
    "wednesdays",
    "thursdays",
    "fridays",
    "saturdays",
    "sundays",
];
const MONTHS: &[&str] = &[
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
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];
const ZONES: &[&str] = &[
    "gmt", "utc", "cet", "cest", "bst", "pst", "pdt", "est", "edt", "cst", "cdt", "mst", "mdt",
    "ist", "jst", "eet", "eest", "wet", "msk", "aest", "hst", "akst",
];

/// The news sentence a case is read in, and the span of its phrase.
pub fn wrap(case: &Case) -> (String, Span) {
    let phrase = capitalise(&case.text, case.holiday.as_deref());
    let words: Vec<String> = case
        .text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    let first = words.first().map(String::as_str).unwrap_or("");
    let past = words.iter().enumerate().any(|(i, w)| {
        PAST_MARKS.contains(&w.as_str())
            || (w == "last" && !words.iter().skip(i + 1).take(3).any(|n| n == "of"))
    });
    let prefix = if past {
        "The meeting was held "
    } else if PREPOSITIONS.contains(&first) {
        "The meeting is scheduled "
    } else {
        "The meeting is scheduled for "
    };
    let sentence = format!("{prefix}{phrase}.");
    (
        sentence,
        Span::new(prefix.len(), prefix.len() + phrase.len()),
    )
}

/// Weekday, month and holiday names capitalised, time-zone abbreviations in capitals.
fn capitalise(text: &str, holiday: Option<&str>) -> String {
    let holiday_words: Vec<String> = holiday
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_end_matches("'s").to_lowercase())
        .filter(|w| w.len() > 2 && w != "day" && w != "the")
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        let lower = word.to_lowercase();
        let bare = lower.trim_end_matches("'s").trim_end_matches('.');
        if ZONES.contains(&bare) {
            out.push_str(&word.to_uppercase());
        } else if WEEKDAYS.contains(&bare)
            || MONTHS.contains(&bare)
            || holiday_words.iter().any(|h| h == bare)
        {
            let mut chars = word.chars();
            if let Some(c) = chars.next() {
                out.extend(c.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '\'' || c == '.' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The category of a case, from its values and words.
pub fn category(case: &Case) -> &'static str {
    if case.holiday.is_some() {
        return "holiday";
    }
    if case.all_of.as_ref().is_some_and(|l| !l.is_empty()) {
        return "range";
    }
    let value = case.expected.first().map(String::as_str).unwrap_or("");
    if case.kind.as_deref() == Some("SET") || value.starts_with("XXXX") {
        return "set";
    }
    if value.starts_with('P') && !value.ends_with("_REF") {
        return "duration";
    }
    if let Some((_, time)) = value.split_once('T') {
        return if time.starts_with(|c: char| c.is_ascii_digit()) {
            "clock time"
        } else {
            "part of day"
        };
    }
    if value.contains("-W") {
        return "week";
    }
    if value.contains("-Q") || value.contains("-H") {
        return "quarter";
    }
    if ["-SP", "-SU", "-FA", "-WI"]
        .iter()
        .any(|s| value.ends_with(s))
    {
        return "season";
    }
    let lower = case.text.to_lowercase();
    let relative = [
        "today",
        "tomorrow",
        "yesterday",
        "tonight",
        "next",
        "last",
        "this",
        "previous",
        "following",
        "coming",
        "upcoming",
        "ago",
        "hence",
        "from now",
        "past",
        "current",
        "now",
        "after",
        "before",
        "later",
        "earlier",
        "in a",
        "in one",
    ];
    let has_word = |w: &str| {
        lower
            .match_indices(w)
            .any(|(i, _)| word_at(&lower, i, w.len()))
    };
    if relative.iter().any(|w| has_word(w)) || lower.starts_with("in ") {
        return "date relative";
    }
    let digits_run = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4);
    let numeric_date = lower
        .split(|c: char| c.is_whitespace())
        .any(|w| w.split(['/', '-', '.']).filter(|p| !p.is_empty()).count() == 3);
    if digits_run || numeric_date {
        "date explicit"
    } else {
        "date underspecified"
    }
}

fn word_at(text: &str, start: usize, len: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[start + len..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// A value as the README compares it: no time-zone offset, `T15` = `T15:00`, `:00`
/// seconds dropped, `196X` = `196`, `19XX` = `19`.
pub fn canonical(value: &str) -> String {
    let mut v = value.trim().to_string();
    if let Some(t) = v.find('T') {
        let (date, time) = v.split_at(t);
        let mut time = time.to_string();
        // A zone after a clock time: Z, +hh, +hh:mm, -hhmm.
        if time[1..].starts_with(|c: char| c.is_ascii_digit()) {
            if let Some(z) = time[1..].find(['Z', '+', '-']) {
                time.truncate(z + 1);
            }
            let clock = &time[1..];
            let mut parts: Vec<&str> = clock.split(':').collect();
            if parts.len() == 3 && parts[2] == "00" {
                parts.pop();
            }
            if parts.len() == 1 {
                time = format!("T{}:00", parts[0]);
            } else {
                time = format!("T{}", parts.join(":"));
            }
        }
        v = format!("{date}{time}");
    }
    let year_like = v.len() == 4 && v.bytes().take(2).all(|b| b.is_ascii_digit());
    if year_like && v.ends_with('X') {
        v = v.trim_end_matches('X').to_string();
    }
    v
}

/// The CI line: every suite file of the shared folder, with the tuned and held-out parts.
pub fn run_ci(shared: &Path) -> anyhow::Result<bool> {
    let files = default_files(shared);
    if files.is_empty() {
        anyhow::bail!("no suite in {}", shared.join("data/timex-suites").display());
    }
    let recogniser = TimeRecogniser::new()?;
    let mut ok = true;
    for file in files {
        let report = evaluate_file(&recogniser, &file)?;
        print!("{}", report.render());
        ok &= report.target_met();
    }
    Ok(ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(text: &str, expected: &[&str]) -> Case {
        Case {
            id: "t:1".into(),
            section: None,
            ref_date: "2021-06-08".into(),
            text: text.into(),
            expected: expected.iter().map(|s| s.to_string()).collect(),
            all_of: None,
            kind: None,
            holiday: None,
            skip: None,
        }
    }

    #[test]
    fn values_compare_canonically() {
        assert_eq!(canonical("2021-06-08T15"), "2021-06-08T15:00");
        assert_eq!(canonical("2021-06-08T15:00:00"), "2021-06-08T15:00");
        assert_eq!(canonical("2021-06-08T15:00:00-02:00"), "2021-06-08T15:00");
        assert_eq!(canonical("2021-06-08T09:01:10"), "2021-06-08T09:01:10");
        assert_eq!(canonical("196X"), "196");
        assert_eq!(canonical("19XX"), "19");
        assert_eq!(canonical("2021-06-08TMO"), "2021-06-08TMO");
        assert_eq!(canonical("XXXX-WXX-2"), "XXXX-WXX-2");
    }

    #[test]
    fn phrases_are_wrapped_as_news() {
        let (s, span) = wrap(&case("next friday", &[]));
        assert_eq!(s, "The meeting is scheduled for next Friday.");
        assert_eq!(span.slice(&s), "next Friday");
        let (s, _) = wrap(&case("on 4 may at 9 est", &[]));
        assert_eq!(s, "The meeting is scheduled on 4 May at 9 EST.");
        let (s, _) = wrap(&case("two days ago", &[]));
        assert_eq!(s, "The meeting was held two days ago.");
        let (s, _) = wrap(&case("last sunday of june", &[]));
        assert_eq!(s, "The meeting is scheduled for last Sunday of June.");
        let mut h = case("boxing day", &[]);
        h.holiday = Some("Boxing Day".into());
        assert_eq!(wrap(&h).0, "The meeting is scheduled for Boxing day.");
    }

    #[test]
    fn cases_fall_in_categories() {
        assert_eq!(category(&case("at 4pm", &["2021-06-08T16"])), "clock time");
        assert_eq!(
            category(&case("tonight", &["2021-06-08TNI"])),
            "part of day"
        );
        assert_eq!(category(&case("next week", &["2021-W24"])), "week");
        assert_eq!(
            category(&case("June 3 2020", &["2020-06-03"])),
            "date explicit"
        );
        assert_eq!(
            category(&case("June 3", &["2021-06-03"])),
            "date underspecified"
        );
        assert_eq!(
            category(&case("the day after tomorrow", &["2021-06-10"])),
            "date relative"
        );
        assert_eq!(category(&case("for three weeks", &["P3W"])), "duration");
    }

    #[test]
    fn a_case_is_scored_on_overlapping_timexes() {
        let r = TimeRecogniser::new().unwrap();
        let o = score_case(&r, &case("June 3 2020", &["2020-06-03"]));
        assert!(o.found && o.value, "{o:?}");
        let o = score_case(&r, &case("June 3 2020", &["2020-06-04"]));
        assert!(o.found && !o.value);
        let mut range = case("June 3 2020", &[]);
        range.all_of = Some(vec![vec!["2020-06-03".into()], vec!["2020-06-05".into()]]);
        assert!(!score_case(&r, &range).value);
    }
}
