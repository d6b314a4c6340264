//! The closed-class English words the event engine reasons with (`data/events/grammar.tsv`):
//! negations, modals, auxiliaries and adverbs skipped on the way to a subject,
//! prepositions, determiners, pronouns, coordinators, reporting verbs and the default
//! recipient slots of a verb dictionary's triggers.
//!
//! The file is parsed once (in [`crate::lexicon::embedded`]) into one hash map from word
//! to a bit set of its classes, so the engine asks "is this word in any of these classes"
//! with one lookup and no allocation (words are compared as the engine reads them: ASCII
//! lower case; a table of the classes present per word length rules most tokens out
//! before hashing). Adding a word is a data change only; the engine names its classes
//! with the constants below, and [`Grammar::embedded`] fails when one of them has no word.

use crate::Error;
use annalist_core::lexicon::tsv_rows_checked;

pub(crate) const GRAMMAR_FILE: &str = include_str!("../../../../data/events/grammar.tsv");

use annalist_core::lexicon::WordMap as FastMap;

/// A set of word classes (bit per class); classes combine with `|`.
pub type Classes = u64;

pub const NEGATION: Classes = 1;
pub const FAILURE: Classes = 1 << 1;
pub const FUTURE: Classes = 1 << 2;
pub const HYPOTHETICAL: Classes = 1 << 3;
pub const CONDITION: Classes = 1 << 4;
pub const SKIP: Classes = 1 << 5;
pub const BE: Classes = 1 << 6;
pub const PARTICIPLE: Classes = 1 << 7;
pub const STOP: Classes = 1 << 8;
pub const PREPOSITION: Classes = 1 << 9;
pub const RELATIVE_PREPOSITION: Classes = 1 << 10;
pub const DETERMINER: Classes = 1 << 11;
pub const ARTICLE: Classes = 1 << 12;
pub const BARE_ARTICLE: Classes = 1 << 13;
pub const POSSESSIVE: Classes = 1 << 14;
pub const WE: Classes = 1 << 15;
pub const PRONOUN: Classes = 1 << 16;
pub const PERSONAL_PRONOUN: Classes = 1 << 17;
pub const REPORTING: Classes = 1 << 18;
pub const CLAUSE_START: Classes = 1 << 19;
pub const CLAUSE_COORDINATOR: Classes = 1 << 20;
pub const VERB_COORDINATOR: Classes = 1 << 21;
pub const SHARED_SUBJECT: Classes = 1 << 22;
pub const LIST_JOINER: Classes = 1 << 23;
pub const CONJUNCTION: Classes = 1 << 24;
pub const WE_JOINER: Classes = 1 << 25;
pub const CIRCUMSTANCE: Classes = 1 << 26;
pub const GROUP_LINK: Classes = 1 << 27;
pub const LOCATIVE: Classes = 1 << 28;
pub const PLACE_PREPOSITION: Classes = 1 << 29;
pub const DICTIONARY_SLOT: Classes = 1 << 30;

/// Every class the engine asks for, with its name in the data file.
pub const CLASSES: &[(&str, Classes)] = &[
    ("negation", NEGATION),
    ("failure", FAILURE),
    ("future", FUTURE),
    ("hypothetical", HYPOTHETICAL),
    ("condition", CONDITION),
    ("skip", SKIP),
    ("be", BE),
    ("participle", PARTICIPLE),
    ("stop", STOP),
    ("preposition", PREPOSITION),
    ("relative_preposition", RELATIVE_PREPOSITION),
    ("determiner", DETERMINER),
    ("article", ARTICLE),
    ("bare_article", BARE_ARTICLE),
    ("possessive", POSSESSIVE),
    ("we", WE),
    ("pronoun", PRONOUN),
    ("personal_pronoun", PERSONAL_PRONOUN),
    ("reporting", REPORTING),
    ("clause_start", CLAUSE_START),
    ("clause_coordinator", CLAUSE_COORDINATOR),
    ("verb_coordinator", VERB_COORDINATOR),
    ("shared_subject", SHARED_SUBJECT),
    ("list_joiner", LIST_JOINER),
    ("conjunction", CONJUNCTION),
    ("we_joiner", WE_JOINER),
    ("circumstance", CIRCUMSTANCE),
    ("group_link", GROUP_LINK),
    ("locative", LOCATIVE),
    ("place_preposition", PLACE_PREPOSITION),
    ("dictionary_slot", DICTIONARY_SLOT),
];

/// The compiled word classes.
#[derive(Clone, Debug, Default)]
pub struct Grammar {
    /// Word → the classes it is in.
    words: FastMap<Box<str>, Classes>,
    /// The words of each class in file order (index: the class's bit), for the classes
    /// read as lists (verb dictionary slots, conditions).
    lists: Vec<Vec<String>>,
    /// Classes holding `not`: where the engine allows it, a contraction in n't
    /// ("didn't") counts as their member.
    contracted: Classes,
    /// Per word length, the classes some word of that length is in: most tokens are
    /// ruled out without hashing them.
    lengths: Vec<Classes>,
}

impl Grammar {
    /// Parses a grammar file (`class<TAB>word` rows). An unknown class or a row that is
    /// not one word is an error; classes without words are allowed here (see
    /// [`Grammar::embedded`]).
    pub fn parse(content: &str) -> Result<Grammar, Error> {
        const FILE: &str = "grammar.tsv";
        let mut grammar = Grammar {
            lists: vec![Vec::new(); CLASSES.len()],
            ..Grammar::default()
        };
        for (line, cols) in tsv_rows_checked(FILE, content, 2).map_err(Error::from)? {
            let [class, word, ..] = cols.as_slice() else {
                continue;
            };
            let Some(index) = CLASSES.iter().position(|(name, _)| name == class) else {
                return Err(Error::data(
                    FILE,
                    line,
                    &format!("unknown word class {class:?}"),
                ));
            };
            if word.is_empty() || word.contains(char::is_whitespace) {
                return Err(Error::data(FILE, line, "expected one word"));
            }
            let bit = CLASSES.get(index).map_or(0, |(_, bit)| *bit);
            let word = word.to_ascii_lowercase();
            if word == "not" {
                grammar.contracted |= bit;
            }
            if let Some(list) = grammar.lists.get_mut(index) {
                if !list.contains(&word) {
                    list.push(word.clone());
                }
            }
            let length = word.len();
            if grammar.lengths.len() <= length {
                grammar.lengths.resize(length + 1, 0);
            }
            if let Some(slot) = grammar.lengths.get_mut(length) {
                *slot |= bit;
            }
            *grammar.words.entry(word.into_boxed_str()).or_default() |= bit;
        }
        Ok(grammar)
    }

    /// The embedded `data/events/grammar.tsv`, with every class the engine asks for.
    pub fn embedded() -> Result<Grammar, Error> {
        let grammar = Grammar::parse(GRAMMAR_FILE)?;
        match grammar.missing().first() {
            Some(name) => Err(Error::data(
                "grammar.tsv",
                0,
                &format!("the word class {name:?} has no word"),
            )),
            None => Ok(grammar),
        }
    }

    /// The classes the engine asks for that have no word.
    pub fn missing(&self) -> Vec<&'static str> {
        CLASSES
            .iter()
            .filter(|(_, bit)| self.words(*bit).is_empty())
            .map(|(name, _)| *name)
            .collect()
    }

    /// Whether `word` (lower case) is in any of `classes`.
    #[inline]
    pub fn is(&self, word: &str, classes: Classes) -> bool {
        self.lengths
            .get(word.len())
            .is_some_and(|&c| c & classes != 0)
            && self.words.get(word).is_some_and(|c| c & classes != 0)
    }

    /// [`Grammar::is`], where a contraction in n't also belongs to a class holding `not`.
    #[inline]
    pub fn is_or_contracted(&self, word: &str, classes: Classes) -> bool {
        self.is(word, classes) || (self.contracted & classes != 0 && word.ends_with("n't"))
    }

    /// The words of one class, in file order.
    pub fn words(&self, class: Classes) -> &[String] {
        let index = CLASSES.iter().position(|(_, bit)| *bit == class);
        index
            .and_then(|i| self.lists.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether a word of `class` stands in `text` with a space on each side (as written).
    pub fn spaced_in(&self, text: &str, class: Classes) -> bool {
        self.words(class)
            .iter()
            .any(|word| contains_spaced(text, word))
    }
}

/// Whether `text` holds `" {word} "`, without building that string.
fn contains_spaced(text: &str, word: &str) -> bool {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    text.windows(word.len() + 2).any(|window| {
        window.first() == Some(&b' ')
            && window.last() == Some(&b' ')
            && window.get(1..=word.len()) == Some(word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_the_engine_asks_for_is_in_the_data() {
        let grammar = Grammar::embedded().unwrap();
        assert!(grammar.missing().is_empty(), "{:?}", grammar.missing());
        for (name, bit) in CLASSES {
            assert!(!grammar.words(*bit).is_empty(), "{name}");
            assert_eq!(bit.count_ones(), 1, "{name}");
        }
        let mut bits: Vec<Classes> = CLASSES.iter().map(|(_, b)| *b).collect();
        bits.sort_unstable();
        bits.dedup();
        assert_eq!(bits.len(), CLASSES.len(), "two classes share a bit");
        assert!(grammar.is("the", DETERMINER | ARTICLE));
        assert!(grammar.is_or_contracted("didn't", NEGATION));
        assert!(!grammar.is_or_contracted("didn't", PREPOSITION));
        assert!(
            !grammar.is("The", DETERMINER),
            "words are looked up in lower case"
        );
    }

    #[test]
    fn a_class_missing_or_misspelt_is_an_error() {
        let err = Grammar::parse("negation\tnot\nnegatoin\tnever\n").unwrap_err();
        assert!(err.to_string().contains("grammar.tsv:2"), "{err}");
        assert!(Grammar::parse("skip\ttwo words\n").is_err());
        let partial = Grammar::parse("# c\nnegation\tnot\n").unwrap();
        assert!(partial.missing().contains(&"skip"));
        assert!(!partial.missing().contains(&"negation"));
    }

    #[test]
    fn words_come_from_the_data() {
        let small = Grammar::parse("condition\tunless\ncondition\tIF\nskip\tnot\n").unwrap();
        assert_eq!(small.words(CONDITION), ["unless", "if"]);
        assert!(small.is("if", CONDITION) && !small.is("if", SKIP));
        assert!(small.is_or_contracted("won't", SKIP));
        assert!(small.spaced_in("will go if asked", CONDITION));
        assert!(!small.spaced_in("will go iffy", CONDITION));
        assert!(!small.spaced_in("unless", CONDITION));
    }
}
