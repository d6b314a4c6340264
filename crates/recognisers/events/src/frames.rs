//! The frame lexicon: which lemma, with which dependents, reports which CAMEO event.
//!
//! Owns loading and lookup of
//! - `data/events/frames.tsv`: verb frames converted from PETRARCH's CAMEO.2.0 verb
//!   dictionary (`scripts/petrarch_frames.py`; MIT), one row per verb lemma and pattern;
//! - `data/events/nominal_frames.tsv`: nominal triggers ("talks", "a phone call"), one
//!   row per noun lemma, from the CAMEO codebook's event categories;
//! - `data/events/petrarch_sets.tsv`: PETRARCH's synonym sets (`&WEAPON`), which patterns
//!   name;
//! - `data/events/recipient_prepositions.tsv`: per CAMEO root, the prepositions that
//!   introduce the target when a pattern does not mark it;
//! - `data/events/noun_classes.tsv`: WordNet 3.0 noun classes (`attackable`, `problem`,
//!   ...) for selectional constraints (`scripts/wordnet_classes.py`).
//!
//! A pattern is a list of constraints on a trigger's dependents in the parse:
//! `obj=W` (the object's lemma), `PREP=W` (a prepositional dependent with that
//! preposition), `subj=W`, each with a set (`&SET`) in place of a word, or a role mark:
//! `=+` makes that dependent the recipient, `=$` the actor. [`FrameLexicon::frames`]
//! gives the rows of a lemma; the coder ([`crate::coder`]) picks the most specific one
//! whose constraints hold.

use crate::Error;
use std::collections::{HashMap, HashSet};

const FRAME_FILE: &str = include_str!("../../../../data/events/frames.tsv");
const NOMINAL_FILE: &str = include_str!("../../../../data/events/nominal_frames.tsv");
const SET_FILE: &str = include_str!("../../../../data/events/petrarch_sets.tsv");
const PREPOSITION_FILE: &str = include_str!("../../../../data/events/recipient_prepositions.tsv");
const NOUN_CLASS_FILE: &str = include_str!("../../../../data/events/noun_classes.tsv");

/// Which dependent of the trigger a constraint looks at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    Subject,
    Object,
    /// A prepositional dependent introduced by this preposition (lower case).
    Prep(String),
}

/// What a constraint asks of its dependent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Test {
    /// Its head has this lemma; for a multi-word value (`arms_shipment`) the last word
    /// is the head and the others stand before it.
    Word(Vec<String>),
    /// Its head is in this synonym set.
    Set(String),
    /// It is the recipient.
    Recipient,
    /// It is the actor.
    Actor,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    pub slot: Slot,
    pub test: Test,
}

/// One row of the lexicon.
#[derive(Clone, Debug)]
pub struct FrameRow {
    pub constraints: Vec<Constraint>,
    /// The CAMEO code in the active voice; `None` for a pattern that says the word
    /// reports no event here (PETRARCH's `[---]`: "abandon a plan") and for a pattern
    /// coded in the passive only (`[:173]`).
    pub cameo: Option<String>,
    /// The code in the passive voice (PETRARCH's `[ACTIVE:PASSIVE]` pairs); the active
    /// code when the row has no pair.
    pub passive: Option<String>,
    /// The trigger is a noun.
    pub noun: bool,
    /// Where the row comes from (a dictionary line, a codebook entry).
    pub source: String,
}

impl FrameRow {
    /// Constraints that select the sense (role marks do not).
    pub fn specificity(&self) -> usize {
        self.constraints
            .iter()
            .filter(|c| matches!(c.test, Test::Word(_) | Test::Set(_)))
            .count()
    }
}

/// The compiled frame lexicon.
pub struct FrameLexicon {
    rows: HashMap<String, Vec<FrameRow>>,
    sets: HashMap<String, HashSet<String>>,
    prepositions: HashMap<String, Vec<String>>,
    classes: HashMap<String, NounClasses>,
}

/// The WordNet classes of a noun: of its first sense, and of any sense.
#[derive(Clone, Debug, Default)]
pub struct NounClasses {
    pub first: Vec<String>,
    pub any: Vec<String>,
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            None
        } else {
            Some((i + 1, line.split('\t').collect()))
        }
    })
}

fn parse_constraint(item: &str) -> Option<Constraint> {
    let (slot, value) = item.split_once('=')?;
    let slot = match slot {
        "subj" => Slot::Subject,
        "obj" => Slot::Object,
        p if !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_') => {
            Slot::Prep(p.replace('_', " "))
        }
        _ => return None,
    };
    let test = match value {
        "+" => Test::Recipient,
        "$" => Test::Actor,
        v if v.starts_with('&') && v.len() > 1 => Test::Set(v[1..].to_string()),
        v if !v.is_empty() => Test::Word(v.split('_').map(str::to_string).collect()),
        _ => return None,
    };
    Some(Constraint { slot, test })
}

fn parse_rows(
    file: &str,
    text: &str,
    rows: &mut HashMap<String, Vec<FrameRow>>,
) -> Result<(), Error> {
    for (line, cols) in data_lines(text) {
        let [lemma, pos, pattern, cameo, source] = cols[..] else {
            return Err(Error::data(file, line, "expected 5 tab-separated columns"));
        };
        let noun = match pos {
            "VERB" => false,
            "NOUN" => true,
            _ => return Err(Error::data(file, line, "pos must be VERB or NOUN")),
        };
        let code = |c: &str| !c.is_empty() && c.chars().all(|c| c.is_ascii_digit());
        let (cameo, passive) = match cameo.split_once(':') {
            _ if cameo == "---" => (None, None),
            Some(("", p)) if code(p) => (None, Some(p.to_string())),
            Some((a, p)) if code(a) && code(p) => (Some(a.to_string()), Some(p.to_string())),
            None if code(cameo) => (Some(cameo.to_string()), Some(cameo.to_string())),
            _ => {
                return Err(Error::data(
                    file,
                    line,
                    "the CAMEO code must be digits, `ACTIVE:PASSIVE`, `:PASSIVE` or `---`",
                ))
            }
        };
        let mut constraints = Vec::new();
        if pattern != "-" {
            for item in pattern.split(' ').filter(|s| !s.is_empty()) {
                let c = parse_constraint(item).ok_or_else(|| {
                    Error::data(file, line, &format!("bad pattern item `{item}`"))
                })?;
                constraints.push(c);
            }
        }
        rows.entry(lemma.to_string()).or_default().push(FrameRow {
            constraints,
            cameo,
            passive,
            noun,
            source: source.to_string(),
        });
    }
    Ok(())
}

impl FrameLexicon {
    pub fn embedded() -> Result<FrameLexicon, Error> {
        let mut rows = HashMap::new();
        parse_rows("frames.tsv", FRAME_FILE, &mut rows)?;
        parse_rows("nominal_frames.tsv", NOMINAL_FILE, &mut rows)?;
        let mut sets: HashMap<String, HashSet<String>> = HashMap::new();
        for (line, cols) in data_lines(SET_FILE) {
            let [set, lemma, ..] = cols[..] else {
                return Err(Error::data(
                    "petrarch_sets.tsv",
                    line,
                    "expected set and lemma",
                ));
            };
            sets.entry(set.to_string())
                .or_default()
                .insert(lemma.to_string());
        }
        let mut prepositions = HashMap::new();
        for (line, cols) in data_lines(PREPOSITION_FILE) {
            let [root, preps, _source] = cols[..] else {
                return Err(Error::data(
                    "recipient_prepositions.tsv",
                    line,
                    "expected root, prepositions, source",
                ));
            };
            prepositions.insert(
                root.to_string(),
                preps.split(' ').map(|p| p.replace('_', " ")).collect(),
            );
        }
        let mut classes = HashMap::new();
        for (line, cols) in data_lines(NOUN_CLASS_FILE) {
            let (Some(lemma), Some(any), Some(first)) = (cols.first(), cols.get(1), cols.last())
            else {
                return Err(Error::data("noun_classes.tsv", line, "expected columns"));
            };
            let split = |s: &str| -> Vec<String> {
                s.split(',')
                    .filter(|c| !c.is_empty() && *c != "-")
                    .map(|c| c.split(':').next().unwrap_or(c).to_string())
                    .collect()
            };
            classes.insert(
                lemma.to_string(),
                NounClasses {
                    first: split(first),
                    any: split(any),
                },
            );
        }
        let lexicon = FrameLexicon {
            rows,
            sets,
            prepositions,
            classes,
        };
        lexicon.check_sets()?;
        Ok(lexicon)
    }

    /// Every set a pattern names exists.
    fn check_sets(&self) -> Result<(), Error> {
        for (lemma, rows) in &self.rows {
            for row in rows {
                for c in &row.constraints {
                    if let Test::Set(s) = &c.test {
                        if !self.sets.contains_key(s) {
                            return Err(Error(format!(
                                "data/events: the frame of `{lemma}` ({}) names the unknown set &{s}",
                                row.source
                            )));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The rows of a lemma (a verb with its particle as `carry_out`).
    pub fn frames(&self, lemma: &str) -> &[FrameRow] {
        self.rows.get(lemma).map_or(&[], Vec::as_slice)
    }

    pub fn in_set(&self, set: &str, lemma: &str) -> bool {
        self.sets.get(set).is_some_and(|s| s.contains(lemma))
    }

    /// The prepositions that introduce the target of events under a CAMEO root.
    pub fn recipient_prepositions(&self, cameo: &str) -> &[String] {
        cameo
            .get(..2)
            .and_then(|root| self.prepositions.get(root))
            .map_or(&[], Vec::as_slice)
    }

    /// The WordNet classes of a noun lemma, if WordNet has it.
    pub fn noun_classes(&self, lemma: &str) -> Option<&NounClasses> {
        self.classes.get(lemma)
    }

    /// Number of lemmas with frames.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints_parse() {
        let c = parse_constraint("obj=&WEAPON").unwrap();
        assert_eq!(c.slot, Slot::Object);
        assert_eq!(c.test, Test::Set("WEAPON".into()));
        let c = parse_constraint("with=+").unwrap();
        assert_eq!(c.slot, Slot::Prep("with".into()));
        assert_eq!(c.test, Test::Recipient);
        let c = parse_constraint("obj=arms_shipment").unwrap();
        assert_eq!(c.test, Test::Word(vec!["arms".into(), "shipment".into()]));
        assert!(parse_constraint("obj=").is_none());
        assert!(parse_constraint("Obj=x").is_none());
    }

    #[test]
    fn bad_rows_are_load_errors_with_the_line() {
        let mut rows = HashMap::new();
        let e = parse_rows("t.tsv", "# c\naccuse\tVERB\t-\t11x\tsrc\n", &mut rows).unwrap_err();
        assert!(e.0.contains("t.tsv:2"), "{e}");
        let e = parse_rows("t.tsv", "accuse\tVERB\tobj=\t112\tsrc\n", &mut rows).unwrap_err();
        assert!(e.0.contains("bad pattern item"), "{e}");
        parse_rows("t.tsv", "accuse\tVERB\t-\t112\tsrc\n", &mut rows).unwrap();
        assert_eq!(rows["accuse"][0].cameo.as_deref(), Some("112"));
        parse_rows(
            "t.tsv",
            "visit\tVERB\t-\t042:043\tsrc\nplan\tVERB\tobj=x\t---\ts\n",
            &mut rows,
        )
        .unwrap();
        assert_eq!(rows["visit"][0].passive.as_deref(), Some("043"));
        assert_eq!(rows["plan"][0].cameo, None);
    }

    #[test]
    fn the_embedded_lexicon_loads() {
        let lex = FrameLexicon::embedded().unwrap();
        assert!(lex.len() > 500, "{} lemmas", lex.len());
        assert!(lex
            .frames("accuse")
            .iter()
            .any(|r| r.cameo.as_deref().is_some_and(|c| c.starts_with("11"))));
        assert!(lex.frames("talk").iter().any(|r| r.noun));
    }
}
