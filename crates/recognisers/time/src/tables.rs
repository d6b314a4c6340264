//! The word tables of the time recogniser (`data/time/words.tsv`, `data/time/tense.tsv`):
//! months, weekdays, units, numbers, modifiers... keyed by category, and the tense cues.
//!
//! Keys are normalised by [`normalise_key`] (lowercase, single spaces, no final period) so
//! that the text a rule captured looks up the same way whatever its case or spacing.

use crate::Error;
use annalist_core::lexicon::tsv_rows;
use std::collections::HashMap;

pub(crate) const WORDS: &str = include_str!("../../../../data/time/words.tsv");
pub(crate) const TENSE: &str = include_str!("../../../../data/time/tense.tsv");
pub(crate) const HOLIDAYS: &str = include_str!("../../../../data/time/holidays.tsv");

/// One row of words.tsv.
#[derive(Clone, Debug)]
pub(crate) struct Word {
    /// The word as written in the table (lowercase, may end with a period).
    pub written: String,
    pub value: String,
    /// Fourth column: a flag (`cap`, `strict`) or a second value (`ref`, `NI`, `date`).
    pub extra: String,
}

/// All categories of words.tsv.
#[derive(Debug, Default)]
pub(crate) struct Words {
    by_category: HashMap<String, Vec<Word>>,
    index: HashMap<(String, String), usize>,
}

/// Lowercase, runs of white space as one space, without a final period.
pub(crate) fn normalise_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for part in text.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        for ch in part.chars() {
            key.extend(ch.to_lowercase());
        }
    }
    while key.ends_with('.') {
        key.pop();
    }
    key
}

impl Words {
    pub fn parse(content: &str) -> Result<Words, Error> {
        let mut words = Words::default();
        for (line, cols) in tsv_rows(content) {
            let (Some(category), Some(word), Some(value)) =
                (cols.first(), cols.get(1), cols.get(2))
            else {
                return Err(Error(format!(
                    "data/time/words.tsv:{line}: expected category, word and value"
                )));
            };
            let entry = Word {
                written: word.to_string(),
                value: value.to_string(),
                extra: cols.get(3).map(|s| s.to_string()).unwrap_or_default(),
            };
            let list = words.by_category.entry(category.to_string()).or_default();
            words
                .index
                .entry((category.to_string(), normalise_key(word)))
                .or_insert(list.len());
            list.push(entry);
        }
        Ok(words)
    }

    /// The embedded tables: words.tsv, with the names of holidays.tsv as category
    /// `holiday` (value: the calendar rule; flag `cap` kept).
    pub fn embedded() -> Result<Words, Error> {
        let mut words = Words::parse(WORDS)?;
        words.add_holidays(HOLIDAYS)?;
        Ok(words)
    }

    /// Adds the names of a holidays table (names, rule, flags, countries, source).
    pub fn add_holidays(&mut self, content: &str) -> Result<(), Error> {
        for (line, cols) in tsv_rows(content) {
            let (Some(names), Some(rule)) = (cols.first(), cols.get(1)) else {
                return Err(Error(format!(
                    "data/time/holidays.tsv:{line}: expected names and a rule"
                )));
            };
            if !crate::calendar::is_valid_rule(rule) {
                return Err(Error(format!(
                    "data/time/holidays.tsv:{line}: bad calendar rule {rule:?}"
                )));
            }
            let flag = match cols.get(2).copied() {
                Some("cap") => "cap",
                _ => "",
            };
            for name in names.split('|').map(str::trim).filter(|n| !n.is_empty()) {
                let list = self.by_category.entry("holiday".to_string()).or_default();
                self.index
                    .entry(("holiday".to_string(), normalise_key(name)))
                    .or_insert(list.len());
                list.push(Word {
                    written: name.to_string(),
                    value: rule.to_string(),
                    extra: flag.to_string(),
                });
            }
        }
        Ok(())
    }

    /// Words of a category (empty when the category does not exist).
    pub fn category(&self, category: &str) -> &[Word] {
        self.by_category.get(category).map_or(&[], Vec::as_slice)
    }

    /// The entry for `text` (any case or spacing) in `category`.
    pub fn get(&self, category: &str, text: &str) -> Option<&Word> {
        let index = *self
            .index
            .get(&(category.to_string(), normalise_key(text)))?;
        self.by_category.get(category)?.get(index)
    }

    pub fn value(&self, category: &str, text: &str) -> Option<&str> {
        self.get(category, text).map(|w| w.value.as_str())
    }
}

/// What a tense cue says about its clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cue {
    Past,
    Future,
    Present,
    Report,
    /// Explicitly no cue (overrides a suffix).
    None,
}

/// The tense cues of tense.tsv.
#[derive(Debug, Default)]
pub(crate) struct TenseCues {
    words: HashMap<String, (Cue, bool)>,
    suffixes: Vec<(String, (Cue, bool))>,
    pub noverb: Vec<String>,
    pub intent: Vec<String>,
}

impl TenseCues {
    pub fn parse(content: &str) -> Result<TenseCues, Error> {
        let mut cues = TenseCues::default();
        for (line, cols) in tsv_rows(content) {
            let (Some(word), Some(kind)) = (cols.first(), cols.get(1)) else {
                return Err(Error(format!(
                    "data/time/tense.tsv:{line}: expected word and direction"
                )));
            };
            if *word == "noverb" {
                cues.noverb.push(kind.to_lowercase());
                continue;
            }
            if *word == "intent" {
                cues.intent.push(kind.to_lowercase());
                continue;
            }
            let cue = match *kind {
                "past" => Cue::Past,
                "future" => Cue::Future,
                "present" => Cue::Present,
                "report" => Cue::Report,
                "none" => Cue::None,
                other => {
                    return Err(Error(format!(
                        "data/time/tense.tsv:{line}: unknown direction {other:?}"
                    )))
                }
            };
            let weak = cols.get(2) == Some(&"weak");
            match word.strip_prefix('*') {
                Some(suffix) => cues.suffixes.push((suffix.to_string(), (cue, weak))),
                None => {
                    cues.words.insert(word.to_lowercase(), (cue, weak));
                }
            }
        }
        Ok(cues)
    }

    /// The cue of a word already lowercased, if it is one, and whether it is weak. Suffix
    /// cues need a word of five letters or more that is not capitalised in the text
    /// (`Ahmed` is no verb).
    pub fn cue(&self, lower: &str, capitalised: bool) -> Option<(Cue, bool)> {
        if let Some(cue) = self.words.get(lower) {
            return (cue.0 != Cue::None).then_some(*cue);
        }
        if capitalised || lower.len() < 5 {
            return None;
        }
        self.suffixes
            .iter()
            .find(|(suffix, _)| lower.ends_with(suffix.as_str()))
            .map(|(_, cue)| *cue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_load() {
        let words = Words::embedded().unwrap();
        assert_eq!(words.value("month", "Jan."), Some("1"));
        assert_eq!(words.value("month", "SEPT"), Some("9"));
        assert_eq!(words.value("unit", "years"), Some("Y"));
        assert_eq!(words.value("mod", "the  end of"), Some("END"));
        let cues = TenseCues::parse(TENSE).unwrap();
        assert_eq!(cues.cue("will", false), Some((Cue::Future, false)));
        assert_eq!(cues.cue("to", false), Some((Cue::Future, true)));
        assert_eq!(cues.cue("published", false), Some((Cue::Past, false)));
        assert_eq!(cues.cue("ahmed", true), None);
        assert_eq!(cues.cue("succeed", false), None);
    }

    #[test]
    fn keys_are_normalised() {
        assert_eq!(normalise_key("  A.M. "), "a.m");
        assert_eq!(normalise_key("From\n now"), "from now");
    }
}
