//! The event lexicons under `data/events/`: the CAMEO table (PLOVER type, mode, Goldstein
//! scale, QuadClass per code), the trigger lexicon and the intention map, parsed once and
//! compiled into one Aho-Corasick automaton over every trigger form; group nouns; and the
//! closed-class words of [`crate::grammar`].
//!
//! Trigger forms are matched on a lower-cased copy of the text (ASCII lower-casing keeps
//! byte offsets), so the automaton holds lower-case patterns only.

use crate::grammar::Grammar;
use crate::Error;
use aho_corasick::{AhoCorasick, MatchKind};
use annalist_core::lexicon::{data_lines, tsv_rows_checked};
use std::collections::{HashMap, HashSet};

const CAMEO_FILE: &str = include_str!("../../../../data/events/cameo.tsv");
pub(crate) const TRIGGER_FILE: &str = include_str!("../../../../data/events/triggers.tsv");
const INTENT_FILE: &str = include_str!("../../../../data/events/intent.tsv");
const GROUP_FILE: &str = include_str!("../../../../data/events/groups.tsv");

/// What the CAMEO table says about one code.
#[derive(Clone, Debug, PartialEq)]
pub struct CameoInfo {
    /// PLOVER type, or `STATEMENT` for CAMEO 01.
    pub plover: String,
    pub mode: Option<String>,
    pub goldstein: Option<f32>,
    pub quad_class: u8,
}

/// CAMEO code → PLOVER type, mode, Goldstein scale and QuadClass.
#[derive(Debug, Default)]
pub struct CameoTable {
    codes: HashMap<String, CameoInfo>,
}

impl CameoTable {
    pub fn parse(content: &str) -> Result<CameoTable, Error> {
        let mut codes = HashMap::new();
        for (line, cols) in tsv_rows_checked("cameo.tsv", content, 5).map_err(Error::from)? {
            let [code, plover, mode, goldstein, quad, ..] = cols.as_slice() else {
                continue;
            };
            let quad_class = quad
                .parse::<u8>()
                .map_err(|_| Error::data("cameo.tsv", line, "QuadClass is not a number"))?;
            let goldstein = match *goldstein {
                "-" | "" => None,
                g => Some(
                    g.parse::<f32>()
                        .map_err(|_| Error::data("cameo.tsv", line, "Goldstein is not a number"))?,
                ),
            };
            let mode = (!matches!(*mode, "-" | "")).then(|| mode.to_string());
            codes.insert(
                code.to_string(),
                CameoInfo {
                    plover: plover.to_string(),
                    mode,
                    goldstein,
                    quad_class,
                },
            );
        }
        Ok(CameoTable { codes })
    }

    /// The info for `code`, else for its longest known prefix (a four-digit code of a
    /// three-digit family).
    pub fn get(&self, code: &str) -> Option<&CameoInfo> {
        (2..=code.len())
            .rev()
            .filter_map(|n| code.get(..n))
            .find_map(|prefix| self.codes.get(prefix))
    }
}

/// How a trigger's arguments are found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    /// Actor = subject, recipient = object or prepositional slots.
    Svo,
    /// Symmetric participants (talks, meetings).
    Meet,
    /// Actor = the speaker reporting it (or their country), recipient = the subject.
    Speaker,
    /// Actor only.
    SelfOnly,
}

/// A constraint on the words around a trigger.
#[derive(Clone, Debug, PartialEq)]
pub enum Require {
    /// One of these words within a few tokens before or after the trigger.
    Object(Vec<String>),
    /// One of these words (or phrases) within the clause.
    Near(Vec<String>),
    /// The trigger must be negated; the negation is part of its meaning.
    Negated,
    /// A PETRARCH verb pattern: words around the verb, in order.
    Pattern(Pattern),
}

/// One element of a verb pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum PatternItem {
    /// One of these phrases (a single word, or a synset's members).
    Words(Vec<Vec<String>>),
    /// A place where other words may come (`^` a noun phrase): the next item need not
    /// follow at once.
    Gap,
    /// `%`: a compound actor ("X and Y") stands here (a gap too).
    Compound,
    /// `$`: the source actor stands here (a gap too).
    Source,
    /// `+`: the target stands here (a gap too).
    Target,
}

/// A verb pattern: items before the verb (in text order) and after it. `tight` marks an
/// item written joined (`_`) to the one before it, which must follow it at once.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Pattern {
    pub before: Vec<(PatternItem, bool)>,
    /// Whether the verb is joined to the last item before it (`IN_*`).
    pub verb_tight: bool,
    pub after: Vec<(PatternItem, bool)>,
}

impl Pattern {
    /// How many words the pattern asks for: longer patterns are tried first.
    pub fn words(&self) -> usize {
        self.before
            .iter()
            .chain(&self.after)
            .filter(|(i, _)| matches!(i, PatternItem::Words(_) | PatternItem::Compound))
            .count()
    }
}

/// One row of the trigger lexicon.
#[derive(Clone, Debug)]
pub struct Entry {
    pub cameo: String,
    pub frame: Frame,
    /// Recipient slots: `obj` or a preposition.
    pub slots: Vec<String>,
    pub require: Vec<Require>,
    /// Takes a complement clause and swallows its trigger ("agreed to share").
    pub absorb: bool,
    /// A speech act, dated by the act of saying.
    pub speech: bool,
    /// The trigger is a noun ("talks"): its arguments hang on a light verb.
    pub noun: bool,
    /// PLOVER type when it is not the CAMEO table's (optional 7th column).
    pub plover: Option<String>,
    /// The code is final: it came from a user's verb dictionary, which codes intentions
    /// and threats itself.
    pub fixed: bool,
    /// The code of the event the recipient does in return (a verb dictionary's
    /// `[032:033]`: X visits Y, Y hosts X).
    pub reverse: Option<String>,
    /// The forms inflected from a regular verb (`~accuse`: accuse, accuses, accused,
    /// accusing): the parse's noun-modifier reading does not reject them.
    pub verb_forms: Vec<String>,
    /// Line in triggers.tsv, for diagnostics.
    pub line: usize,
}

impl Entry {
    pub fn requires_negation(&self) -> bool {
        self.require.iter().any(|r| matches!(r, Require::Negated))
    }

    pub fn has_slot(&self, slot: &str) -> bool {
        self.slots.iter().any(|s| s == slot)
    }
}

/// The compiled trigger lexicon.
pub struct Triggers {
    pub entries: Vec<Entry>,
    /// Pattern index → entries with that form.
    pub pattern_entries: Vec<Vec<usize>>,
    pub automaton: AhoCorasick,
}

/// Regular inflections of an English verb: base, 3rd person, past, gerund.
pub fn inflect(verb: &str) -> [String; 4] {
    let bytes = verb.as_bytes();
    let last = bytes.last().copied().unwrap_or(b' ');
    let before_last = bytes
        .len()
        .checked_sub(2)
        .and_then(|i| bytes.get(i))
        .copied();
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u');
    let third = if verb.ends_with('s')
        || verb.ends_with('x')
        || verb.ends_with('z')
        || verb.ends_with("ch")
        || verb.ends_with("sh")
    {
        format!("{verb}es")
    } else if last == b'y' && before_last.is_some_and(|b| !vowel(b)) {
        format!("{}ies", &verb[..verb.len() - 1])
    } else {
        format!("{verb}s")
    };
    let past = if last == b'e' {
        format!("{verb}d")
    } else if last == b'y' && before_last.is_some_and(|b| !vowel(b)) {
        format!("{}ied", &verb[..verb.len() - 1])
    } else {
        format!("{verb}ed")
    };
    let gerund = if last == b'e' && !verb.ends_with("ee") && verb.len() > 2 {
        format!("{}ing", &verb[..verb.len() - 1])
    } else {
        format!("{verb}ing")
    };
    [verb.to_string(), third, past, gerund]
}

/// Every surface form of one `forms` entry (`~hold talks` inflects `hold`; `~submit+`
/// doubles the final consonant: submitted, submitting).
pub fn expand_form(form: &str) -> Vec<String> {
    let form = form.trim().to_ascii_lowercase();
    match form.strip_prefix('~') {
        Some(verb_phrase) => {
            let (head, rest) = match verb_phrase.split_once(' ') {
                Some((head, rest)) => (head, Some(rest)),
                None => (verb_phrase, None),
            };
            let forms = match head.strip_suffix('+') {
                Some(stem) => {
                    let last = stem
                        .chars()
                        .next_back()
                        .map(String::from)
                        .unwrap_or_default();
                    [
                        stem.to_string(),
                        format!("{stem}s"),
                        format!("{stem}{last}ed"),
                        format!("{stem}{last}ing"),
                    ]
                }
                None => inflect(head),
            };
            forms
                .into_iter()
                .map(|f| match rest {
                    Some(rest) => format!("{f} {rest}"),
                    None => f,
                })
                .collect()
        }
        None => vec![form],
    }
}

fn word_list(value: &str, sets: &HashMap<String, Vec<String>>) -> Vec<String> {
    let mut words = Vec::new();
    for item in value.split('|') {
        let item = item.trim();
        if let Some(name) = item.strip_prefix('@') {
            if let Some(set) = sets.get(name) {
                words.extend(set.iter().cloned());
            }
        } else if !item.is_empty() {
            words.push(item.to_ascii_lowercase());
        }
    }
    words
}

/// The word sets of a trigger file: lines `@name<TAB>w1|w2|...`, lower-cased.
pub fn parse_sets(content: &str) -> HashMap<String, Vec<String>> {
    let mut sets = HashMap::new();
    for (_, line) in data_lines(content) {
        if let Some(rest) = line.strip_prefix('@') {
            let (name, words) = rest.split_once('\t').unwrap_or((rest, ""));
            let list = words
                .split('|')
                .map(|w| w.trim().to_ascii_lowercase())
                .filter(|w| !w.is_empty())
                .collect();
            sets.insert(name.trim().to_string(), list);
        }
    }
    sets
}

impl Triggers {
    pub fn parse(content: &str) -> Result<Triggers, Error> {
        Triggers::build(Triggers::parse_rows(content)?)
    }

    /// The rows of a trigger file: each entry with its surface forms.
    pub fn parse_rows(content: &str) -> Result<Vec<(Vec<String>, Entry)>, Error> {
        const FILE: &str = "triggers.tsv";
        let sets = parse_sets(content);
        let mut rows = Vec::new();
        for (line, raw) in data_lines(content) {
            if raw.starts_with('@') {
                continue;
            }
            let cols: Vec<&str> = raw.split('\t').map(str::trim).collect();
            let plover = cols
                .get(6)
                .filter(|p| !matches!(**p, "" | "-"))
                .map(|p| p.to_string());
            let [forms, cameo, frame, slots, require, flags, ..] = cols.as_slice() else {
                return Err(Error::data(FILE, line, "expected 6 tab-separated columns"));
            };
            if cameo.is_empty() || !cameo.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Error::data(FILE, line, "CAMEO code must be digits"));
            }
            let frame = match *frame {
                "svo" => Frame::Svo,
                "meet" => Frame::Meet,
                "speaker" => Frame::Speaker,
                "self" => Frame::SelfOnly,
                other => {
                    return Err(Error::data(FILE, line, &format!("unknown frame {other:?}")));
                }
            };
            let slots = match *slots {
                "-" | "" => Vec::new(),
                s => s.split(',').map(|x| x.trim().to_string()).collect(),
            };
            let mut req = Vec::new();
            if !matches!(*require, "-" | "") {
                for item in require.split(';').map(str::trim) {
                    if item == "neg" {
                        req.push(Require::Negated);
                    } else if let Some(v) = item.strip_prefix("obj=") {
                        req.push(Require::Object(word_list(v, &sets)));
                    } else if let Some(v) = item.strip_prefix("near=") {
                        req.push(Require::Near(word_list(v, &sets)));
                    } else {
                        return Err(Error::data(
                            FILE,
                            line,
                            &format!("unknown requirement {item:?}"),
                        ));
                    }
                }
            }
            let flag_list: Vec<&str> = flags.split(',').map(str::trim).collect();
            // A trigger constrained by a nearby (light) verb is a noun: "talks were held".
            let noun = req.iter().any(|r| matches!(r, Require::Near(_)));
            let surfaces: Vec<String> = forms
                .split('|')
                .filter(|f| !f.trim().is_empty())
                .flat_map(expand_form)
                .collect();
            let verb_forms: Vec<String> = forms
                .split('|')
                .filter(|f| f.trim().starts_with('~'))
                .flat_map(expand_form)
                .collect();
            rows.push((
                surfaces,
                Entry {
                    cameo: cameo.to_string(),
                    frame,
                    slots,
                    require: req,
                    absorb: flag_list.contains(&"absorb"),
                    speech: flag_list.contains(&"speech"),
                    noun,
                    plover,
                    fixed: false,
                    reverse: None,
                    verb_forms,
                    line,
                },
            ));
        }
        Ok(rows)
    }

    /// Compiles rows into one automaton; a form shared by several rows tries the
    /// constrained rows first, then the rows in order.
    pub fn build(rows: Vec<(Vec<String>, Entry)>) -> Result<Triggers, Error> {
        let mut entries = Vec::new();
        let mut form_index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_entries: Vec<Vec<usize>> = Vec::new();
        for (surfaces, entry) in rows {
            let index = entries.len();
            entries.push(entry);
            for surface in surfaces {
                let pattern = match form_index.get(&surface) {
                    Some(&p) => p,
                    None => {
                        patterns.push(surface.clone());
                        pattern_entries.push(Vec::new());
                        form_index.insert(surface, patterns.len() - 1);
                        patterns.len() - 1
                    }
                };
                if let Some(list) = pattern_entries.get_mut(pattern) {
                    if !list.contains(&index) {
                        list.push(index);
                    }
                }
            }
        }
        // Constrained entries are tried first: "did not allow" is a refusal before it is a
        // concession.
        for list in &mut pattern_entries {
            list.sort_by_key(|&e| {
                entries
                    .get(e)
                    .map_or((0, std::cmp::Reverse(0)), |x: &Entry| {
                        let words: usize = x
                            .require
                            .iter()
                            .map(|r| match r {
                                Require::Pattern(p) => p.words(),
                                _ => 0,
                            })
                            .sum();
                        (usize::from(x.require.is_empty()), std::cmp::Reverse(words))
                    })
            });
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| Error::data("triggers.tsv", 0, &e.to_string()))?;
        Ok(Triggers {
            entries,
            pattern_entries,
            automaton,
        })
    }
}

/// PLOVER type of a deed → CAMEO code of its announced intention.
pub fn parse_intents(content: &str) -> Result<HashMap<String, String>, Error> {
    let mut map = HashMap::new();
    for (_, cols) in tsv_rows_checked("intent.tsv", content, 2).map_err(Error::from)? {
        if let [kind, code, ..] = cols.as_slice() {
            map.insert(kind.to_string(), code.to_string());
        }
    }
    Ok(map)
}

/// A head noun of group actors (`rebels`, `partners`).
#[derive(Clone, Debug, PartialEq)]
pub struct GroupNoun {
    /// Defined by a relation ("our partners" are not "us").
    pub relational: bool,
    /// CAMEO sector code (`REB`, `GOV`).
    pub sector: Option<String>,
    /// Longer names ending in this noun, with their own sector: the words before the head
    /// ("main opposition" + "group" is `MOP`). Longest first.
    pub phrases: Vec<(Vec<String>, String)>,
}

pub fn parse_groups(content: &str) -> Result<HashMap<String, GroupNoun>, Error> {
    let mut map = HashMap::new();
    for (_, cols) in tsv_rows_checked("groups.tsv", content, 3).map_err(Error::from)? {
        if let [noun, kind, sector, ..] = cols.as_slice() {
            map.insert(
                noun.to_ascii_lowercase(),
                GroupNoun {
                    relational: *kind == "relational",
                    sector: (!matches!(*sector, "-" | "")).then(|| sector.to_string()),
                    phrases: Vec::new(),
                },
            );
        }
    }
    Ok(map)
}

/// Every embedded lexicon, parsed.
pub struct Lexicons {
    pub cameo: CameoTable,
    pub triggers: Triggers,
    pub intents: HashMap<String, String>,
    pub groups: HashMap<String, GroupNoun>,
    /// Words that open a subordinate clause (`@subordinator`): the search for an event's
    /// recipient stops there ("… met, before …").
    pub subordinators: HashSet<String>,
    /// The closed-class words the engine reasons with (`grammar.tsv`).
    pub grammar: Grammar,
    /// Phrases for the dispatch's two parties (`pairs.tsv`).
    pub pairs: crate::parties::PairNouns,
}

/// The embedded lexicons.
pub fn embedded() -> Result<Lexicons, Error> {
    let subordinators = parse_sets(TRIGGER_FILE)
        .remove("subordinator")
        .ok_or_else(|| Error::data("triggers.tsv", 0, "the @subordinator set is missing"))?;
    Ok(Lexicons {
        cameo: CameoTable::parse(CAMEO_FILE)?,
        triggers: Triggers::parse(TRIGGER_FILE)?,
        intents: parse_intents(INTENT_FILE)?,
        groups: parse_groups(GROUP_FILE)?,
        subordinators: subordinators.into_iter().collect(),
        grammar: Grammar::embedded()?,
        pairs: crate::parties::PairNouns::embedded()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections() {
        assert_eq!(
            inflect("accuse"),
            ["accuse", "accuses", "accused", "accusing"]
        );
        assert_eq!(inflect("impose")[2], "imposed");
        assert_eq!(inflect("deny"), ["deny", "denies", "denied", "denying"]);
        assert_eq!(inflect("reach")[1], "reaches");
        assert_eq!(inflect("agree")[3], "agreeing");
        assert_eq!(inflect("visit")[3], "visiting");
    }

    #[test]
    fn every_trigger_row_says_where_it_comes_from() {
        let mut rows = 0;
        for (line, raw) in data_lines(TRIGGER_FILE) {
            if raw.starts_with('@') {
                continue;
            }
            let source = raw.split('\t').nth(7).map(str::trim).unwrap_or("");
            assert!(!source.is_empty(), "triggers.tsv:{line}: no source column");
            rows += 1;
        }
        assert!(rows > 50);
    }

    #[test]
    fn embedded_lexicons_load() {
        let Lexicons {
            cameo,
            triggers,
            intents,
            groups,
            subordinators,
            grammar,
            pairs: _,
        } = embedded().unwrap();
        assert!(grammar.is("not", crate::grammar::NEGATION));
        assert!(groups.get("partners").unwrap().relational);
        assert!(subordinators.contains("because") && !subordinators.contains("and"));
        assert_eq!(cameo.get("112").unwrap().plover, "ACCUSE");
        assert_eq!(cameo.get("010").unwrap().plover, "STATEMENT");
        assert_eq!(cameo.get("040").unwrap().quad_class, 1);
        assert_eq!(cameo.get("190").unwrap().quad_class, 4);
        assert!(cameo.get("1631").is_some(), "falls back to the family");
        assert!(triggers.entries.len() > 50);
        assert_eq!(intents.get("AID").map(String::as_str), Some("033"));
        let text = "they imposed sanctions";
        let m = triggers.automaton.find(text).unwrap();
        assert_eq!(&text[m.start()..m.end()], "imposed");
    }

    #[test]
    fn bad_rows_are_errors_with_lines() {
        let err = Triggers::parse("# c\nfoo\t12x\tsvo\t-\t-\t-\n")
            .err()
            .unwrap();
        assert!(err.to_string().contains(":2:"), "{err}");
        let err = Triggers::parse("foo\t120\tbogus\t-\t-\t-\n").err().unwrap();
        assert!(err.to_string().contains("frame"), "{err}");
    }
}
