//! The closed-class English words the engine reasons with (articles, prepositions,
//! conjunctions, auxiliaries, the possessive, a few generic titles), read from
//! `data/entities/grammar.tsv` (`class<TAB>word`).
//!
//! Each class is one decision of the engine ("a place after `in`, `near` ... stays a place";
//! "`of`, `for` join a head word to its complement"), so adding a word to a decision is a
//! data change. The classes are fields of [`Grammar`], declared once in the `classes!` list
//! below: the parser fills them by name and reports unknown and empty classes, so a typo in
//! the data shows up as a data problem (and fails the tests), never as a silently empty rule.
//!
//! Words are compared exactly as written in the file: the engine passes a lower-cased token
//! where it ignores case and the token as it stands where it does not, so function words are
//! written in lower case. The classes are a handful of short words each: a linear scan of a
//! [`WordSet`] is cheaper than hashing and allocates nothing.

use annalist_core::lexicon::tsv_rows;

/// The words of one class, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordSet {
    words: Vec<Box<str>>,
}

impl WordSet {
    /// Whether `word` is one of the words, exactly as written.
    pub fn contains(&self, word: &str) -> bool {
        self.words.iter().any(|w| &**w == word)
    }

    /// The words, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|w| &**w)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// `text` after the first word that starts it (no boundary required: "'s" in "'s
    /// streets").
    pub fn strip_prefix<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.iter().find_map(|w| text.strip_prefix(w))
    }

    /// `text` after the first word that starts it followed by a space ("is a village" →
    /// "a village").
    pub fn strip_word<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.iter()
            .find_map(|w| text.strip_prefix(w).and_then(|rest| rest.strip_prefix(' ')))
    }

    /// Like [`WordSet::strip_word`], also for the word with a capital first letter ("The
    /// Kremlin"); returns the number of bytes stripped, space included.
    pub fn word_prefix_len(&self, text: &str) -> Option<usize> {
        self.iter().find_map(|w| {
            let rest = text
                .strip_prefix(w)
                .or_else(|| strip_capitalised(text, w))?;
            rest.strip_prefix(' ').map(|r| text.len() - r.len())
        })
    }

    /// Whether one of the words stands inside `text` between two spaces ("Minister of
    /// Defence" has " of ").
    pub fn inside(&self, text: &str) -> bool {
        self.iter().any(|w| {
            !w.is_empty()
                && text.match_indices(w).any(|(i, _)| {
                    text.get(..i).is_some_and(|b| b.ends_with(' '))
                        && text.get(i + w.len()..).is_some_and(|a| a.starts_with(' '))
                })
        })
    }

    /// Whether one of the (two-word) entries is `first second` ("according to").
    pub fn pair(&self, first: &str, second: &str) -> bool {
        self.iter()
            .any(|w| w.split_once(' ') == Some((first, second)))
    }
}

/// `text` after `word` written with a capital first letter, if it starts so.
fn strip_capitalised<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let mut chars = word.chars();
    let first = chars.next()?;
    let mut rest = text;
    for upper in first.to_uppercase() {
        rest = rest.strip_prefix(upper)?;
    }
    rest.strip_prefix(chars.as_str())
}

/// Declares the classes once: the fields of [`Grammar`] and the names the file uses.
macro_rules! classes {
    ($($(#[doc = $doc:literal])+ $field:ident,)+) => {
        /// Every word class of `grammar.tsv`, one field per class (see the file's comments).
        #[derive(Clone, Debug, Default)]
        pub struct Grammar {
            $($(#[doc = $doc])+ pub $field: WordSet,)+
        }

        impl Grammar {
            /// The class names the engine asks for, as written in the file.
            pub const CLASSES: &'static [&'static str] = &[$(stringify!($field),)+];

            fn class_mut(&mut self, class: &str) -> Option<&mut WordSet> {
                match class {
                    $(stringify!($field) => Some(&mut self.$field),)+
                    _ => None,
                }
            }

            /// The words of a class by its name in the file.
            pub fn class(&self, class: &str) -> Option<&WordSet> {
                match class {
                    $(stringify!($field) => Some(&self.$field),)+
                    _ => None,
                }
            }
        }
    };
}

classes! {
    /// Definite article: "the Kremlin" is mentioned as "Kremlin"; "the Reading Railroad".
    definite,
    /// Indefinite articles: "a Smith" is no name; "Aisby is a village".
    indefinite,
    /// Words that join a name only after an organisation or place word ("Bank of England").
    org_joint,
    /// Prepositions opening the complement of a name ("Party of ...", "Union for ...").
    complement,
    /// "of" of belonging: "the county of X", "Ministry of", "the president of Armenia".
    genitive,
    /// Gaps between an envoy's title and the country ("Ambassador to the").
    posted,
    /// Conjunction between two organisation names or two acting capitals.
    coordinator,
    /// Words that split a stretch of unknown names ("Smith and Jones").
    name_split,
    /// Preposition between an event name and its place ("election in Italy").
    event_place_prep,
    /// Prepositions after which a place named like a holder's surname stays a place.
    surname_place_prep,
    /// Auxiliaries after a lone unknown name that say nothing of what it is.
    auxiliary,
    /// Copulas before a definition ("Aisby is a village").
    definition_copula,
    /// Two-word phrases before a speaker ("according to").
    attribution,
    /// Possessive endings between an owner and its title ("Russia's envoy").
    possessive,
    /// Prepositions that put a body in a place ("the Russian Embassy in London").
    body_place_prep,
    /// Preposition pairing two acting capitals ("between Moscow and Washington").
    pair_prep,
    /// Prepositions before a capital acting for its government ("rejected by Moscow").
    actor_prep,
    /// Speech verbs before a speaker's name ("said Lavrov").
    speech_before,
    /// Pronoun that may be an expletive subject ("it seems").
    expletive_subject,
    /// Titles (as the role files write them) that fit any office holder ("the official").
    vague_title,
    /// Titles that fit a foreign minister, an ambassador or an envoy ("the diplomat").
    diplomat_title,
    /// Words of the offices `diplomat_title` fits ("Minister of Foreign Affairs").
    diplomatic_office,
    /// First words of country names read with "the" ("the United States").
    article_name_start,
    /// Endings of country names read with "the" ("the Netherlands").
    article_name_end,
    /// Beginnings of country names read without "the" ("Republic of Korea").
    no_article_start,
    /// Prepositions opening a title's complement before the name ("Minister for Trade
    /// Affairs NAME", "Ambassador in Lima, NAME").
    title_complement,
    /// Lower-case words a title's complement may hold beside its capitalised words.
    title_filler,
    /// Ranks that premodify any person's title ("Deputy Secretary of State").
    rank_prefix,
}

impl Grammar {
    /// Parses `grammar.tsv`. Rows without two columns and unknown classes are skipped and
    /// reported, and so is every class of [`Grammar::CLASSES`] that got no word.
    pub fn parse(text: &str) -> (Grammar, Vec<String>) {
        let mut grammar = Grammar::default();
        let mut problems = Vec::new();
        for (line, cols) in tsv_rows(text) {
            let (Some(class), Some(word)) = (
                cols.first().filter(|c| !c.is_empty()),
                cols.get(1).filter(|w| !w.is_empty()),
            ) else {
                problems.push(format!("grammar.tsv:{line}: expected class<TAB>word"));
                continue;
            };
            match grammar.class_mut(class) {
                Some(set) => {
                    if !set.contains(word) {
                        set.words.push((*word).into());
                    }
                }
                None => problems.push(format!("grammar.tsv:{line}: unknown class {class}")),
            }
        }
        for class in Grammar::CLASSES {
            if grammar.class(class).is_none_or(WordSet::is_empty) {
                problems.push(format!("grammar.tsv: class {class} has no word"));
            }
        }
        (grammar, problems)
    }

    /// An article, definite or indefinite.
    pub fn is_article(&self, word: &str) -> bool {
        self.definite.contains(word) || self.indefinite.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EMBEDDED: &str = include_str!("../../../../data/entities/grammar.tsv");

    #[test]
    fn every_class_the_engine_asks_for_is_in_the_file() {
        let (grammar, problems) = Grammar::parse(EMBEDDED);
        assert!(problems.is_empty(), "{problems:?}");
        for class in Grammar::CLASSES {
            let words = grammar.class(class).unwrap();
            assert!(!words.is_empty(), "{class}");
        }
        // And the file names no class the engine does not know.
        for (_, cols) in tsv_rows(EMBEDDED) {
            assert!(Grammar::CLASSES.contains(&cols[0]), "{}", cols[0]);
        }
    }

    #[test]
    fn typos_and_missing_classes_are_reported() {
        let (grammar, problems) = Grammar::parse("# c\tw\ndefinite\tthe\ndefinit\tthe\nposted\n");
        assert!(grammar.definite.contains("the"));
        assert!(problems
            .iter()
            .any(|p| p == "grammar.tsv:3: unknown class definit"));
        assert!(problems.iter().any(|p| p.starts_with("grammar.tsv:4:")));
        assert!(problems
            .iter()
            .any(|p| p == "grammar.tsv: class indefinite has no word"));
        assert!(!problems.iter().any(|p| p.contains("class definite ")));
    }

    #[test]
    fn lookups() {
        let (g, _) = Grammar::parse(
            "definite\tthe\nindefinite\ta\nindefinite\tan\ngenitive\tof\nattribution\taccording to\n\
             possessive\t's\npossessive\t’s\ndefinition_copula\tis\ndefinition_copula\twas\n",
        );
        assert!(g.is_article("an") && g.is_article("the") && !g.is_article("The"));
        assert_eq!(g.definite.word_prefix_len("the Kremlin"), Some(4));
        assert_eq!(g.definite.word_prefix_len("The Kremlin"), Some(4));
        assert_eq!(g.definite.word_prefix_len("THE Kremlin"), None);
        assert_eq!(g.definite.word_prefix_len("theKremlin"), None);
        assert_eq!(g.definite.strip_word("the the x"), Some("the x"));
        assert_eq!(g.definition_copula.strip_word("was a town"), Some("a town"));
        assert_eq!(g.definition_copula.strip_word("island"), None);
        assert_eq!(g.possessive.strip_prefix("’s streets"), Some(" streets"));
        assert!(g.genitive.inside("Minister of Defence"));
        assert!(!g.genitive.inside("of Defence") && !g.genitive.inside("Minister offers"));
        assert!(g.attribution.pair("according", "to"));
        assert!(!g.attribution.pair("according", "the"));
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,200}", probe in "\\PC{0,20}") {
            let (g, _) = Grammar::parse(&text);
            let (e, _) = Grammar::parse(EMBEDDED);
            for set in [&g.definite, &e.definite, &e.genitive, &e.possessive] {
                let _ = set.contains(&probe);
                let _ = set.strip_prefix(&probe);
                let _ = set.strip_word(&probe);
                if let Some(n) = set.word_prefix_len(&probe) {
                    prop_assert!(probe.is_char_boundary(n) && n <= probe.len());
                }
                let _ = set.inside(&probe);
            }
        }
    }
}
