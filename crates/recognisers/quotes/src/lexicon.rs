//! The quote recogniser's lexicons: speech cues (`data/quotes/cues.tsv`) compiled into one
//! Aho-Corasick automaton, and the closed word classes (`data/quotes/words.tsv`) used
//! around cues (auxiliaries, pronouns, stop words, addressees, nominal heads, adjuncts,
//! determiners, relative pronouns, complementizers, coordinators, addressee prepositions).
//!
//! Both files are embedded in the binary and parsed once in [`Lexicon::load`]; adding a
//! cue or a word is a data change only.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use annalist_core::lexicon::tsv_rows_checked;
use annalist_core::Span;

use annalist_core::lexicon::WordMap as FastMap;

const CUES: &str = include_str!("../../../../data/quotes/cues.tsv");
const WORDS: &str = include_str!("../../../../data/quotes/words.tsv");

/// How a cue relates to its speaker and content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueKind {
    /// Speaker before the cue, or after it in an inverted clause.
    Verb,
    /// The speaker follows the cue (`according to X`).
    Phrase,
    /// Continues the sentence's speaker (`..., adding that ...`).
    Gerund,
}

/// Word-class flags (a word may be in several classes).
pub const AUX: u16 = 1;
pub const STOP: u16 = 1 << 1;
pub const ADDRESSEE: u16 = 1 << 2;
pub const NOMINAL: u16 = 1 << 3;
pub const ADJUNCT: u16 = 1 << 4;
pub const REJECT: u16 = 1 << 5;
pub const PRONOUN: u16 = 1 << 6;
pub const DET: u16 = 1 << 7;
pub const RELATIVE: u16 = 1 << 8;
pub const COMPLEMENTIZER: u16 = 1 << 9;
pub const COORDINATOR: u16 = 1 << 10;
pub const ADDRESSEE_PREP: u16 = 1 << 11;

/// Every word class the engine asks for, with its name in `words.tsv`.
pub const CLASSES: &[(&str, u16)] = &[
    ("aux", AUX),
    ("stop", STOP),
    ("addressee", ADDRESSEE),
    ("nominal", NOMINAL),
    ("adjunct", ADJUNCT),
    ("reject", REJECT),
    ("pronoun", PRONOUN),
    ("det", DET),
    ("relative", RELATIVE),
    ("complementizer", COMPLEMENTIZER),
    ("coordinator", COORDINATOR),
    ("addressee_prep", ADDRESSEE_PREP),
];

/// What a pronoun can refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PronounKind {
    Person,
    Thing,
    Group,
}

/// Everything the lexicon knows about one word.
#[derive(Clone, Debug, Default)]
pub struct WordInfo {
    pub flags: u16,
    pub pronoun: Option<PronounKind>,
    /// Role keywords of a nominal head (lower case); empty: no role fits.
    pub roles: Vec<String>,
}

/// A cue found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CueHit {
    pub span: Span,
    pub kind: CueKind,
    /// The words after the cue may name the addressee (`told reporters`).
    pub addressee: bool,
    /// A report only when the content holds quote marks (`called the move "..."`).
    pub marks: bool,
    /// A report only with a `that` clause or with the content before the speaker
    /// (`the poll found that ...`, not `police found the car`).
    pub that: bool,
}

/// A cue form's kind and flags.
#[derive(Clone, Copy, Debug)]
struct Form {
    kind: CueKind,
    addressee: bool,
    marks: bool,
    that: bool,
}

/// What loading the lexicons can fail on (a malformed data file).
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error(transparent)]
    Format(#[from] annalist_core::lexicon::LexiconError),
    #[error("data/quotes/{file}:{line}: {message}")]
    Entry {
        file: &'static str,
        line: usize,
        message: String,
    },
    #[error("cannot compile the cue matcher: {0}")]
    Matcher(#[from] aho_corasick::BuildError),
    #[error("data/quotes/words.tsv: the word class {0:?} has no word")]
    MissingClass(&'static str),
}

/// The compiled lexicons.
pub struct Lexicon {
    forms: Vec<Form>,
    matcher: AhoCorasick,
    words: FastMap<Box<str>, WordInfo>,
    /// Per word length, the classes some word of that length is in: most tokens are
    /// ruled out of a class without hashing them.
    lengths: Vec<u16>,
}

impl Lexicon {
    /// Parses the embedded data files and compiles the cue matcher; every word class
    /// the engine asks for must have a word.
    pub fn load() -> Result<Lexicon, LexiconError> {
        let lexicon = Lexicon::from_sources(CUES, WORDS)?;
        match lexicon.missing_classes().first() {
            Some(name) => Err(LexiconError::MissingClass(name)),
            None => Ok(lexicon),
        }
    }

    /// The word classes the engine asks for that have no word.
    pub fn missing_classes(&self) -> Vec<&'static str> {
        let mut found = 0u16;
        for info in self.words.values() {
            found |= info.flags;
        }
        CLASSES
            .iter()
            .filter(|(_, flag)| found & flag == 0)
            .map(|(name, _)| *name)
            .collect()
    }

    pub fn from_sources(cues: &str, words: &str) -> Result<Lexicon, LexiconError> {
        let mut patterns = Vec::new();
        let mut kinds: Vec<Form> = Vec::new();
        for (line, columns) in tsv_rows_checked("data/quotes/cues.tsv", cues, 3)? {
            let kind = match columns[1] {
                "verb" => CueKind::Verb,
                "phrase" => CueKind::Phrase,
                "gerund" => CueKind::Gerund,
                other => {
                    return Err(LexiconError::Entry {
                        file: "cues.tsv",
                        line,
                        message: format!("unknown cue kind {other:?}"),
                    })
                }
            };
            let mut form_flags = Form {
                kind,
                addressee: false,
                marks: false,
                that: false,
            };
            for flag in columns
                .get(3)
                .copied()
                .unwrap_or("")
                .split(',')
                .map(str::trim)
            {
                match flag {
                    "" => {}
                    "addressee" => form_flags.addressee = true,
                    "marks" => form_flags.marks = true,
                    "that" => form_flags.that = true,
                    other => {
                        return Err(LexiconError::Entry {
                            file: "cues.tsv",
                            line,
                            message: format!("unknown cue flag {other:?}"),
                        })
                    }
                }
            }
            for form in columns[2]
                .split(',')
                .map(str::trim)
                .filter(|f| !f.is_empty())
            {
                patterns.push(form.to_ascii_lowercase());
                kinds.push(form_flags);
            }
        }
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // A full DFA: a few hundred short patterns make a small table, and the scan
            // over every byte of the text is the stage's main cost.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)?;
        let mut table: FastMap<Box<str>, WordInfo> = FastMap::default();
        for (line, columns) in tsv_rows_checked("data/quotes/words.tsv", words, 2)? {
            let word = columns[1].to_ascii_lowercase();
            let value = columns.get(2).copied().unwrap_or("");
            let info = table.entry(word.into_boxed_str()).or_default();
            match columns[0] {
                "aux" => info.flags |= AUX,
                "stop" => info.flags |= STOP,
                "addressee" => info.flags |= ADDRESSEE,
                "adjunct" => info.flags |= ADJUNCT,
                "reject" => info.flags |= REJECT,
                "det" => info.flags |= DET,
                "relative" => info.flags |= RELATIVE,
                "complementizer" => info.flags |= COMPLEMENTIZER,
                "coordinator" => info.flags |= COORDINATOR,
                "addressee_prep" => info.flags |= ADDRESSEE_PREP,
                "nominal" => {
                    info.flags |= NOMINAL;
                    info.roles = value
                        .split('|')
                        .map(|r| r.trim().to_ascii_lowercase())
                        .filter(|r| !r.is_empty())
                        .collect();
                }
                "pronoun" => {
                    info.flags |= PRONOUN;
                    info.pronoun = Some(match value {
                        "person" => PronounKind::Person,
                        "thing" => PronounKind::Thing,
                        "group" => PronounKind::Group,
                        other => {
                            return Err(LexiconError::Entry {
                                file: "words.tsv",
                                line,
                                message: format!("unknown pronoun kind {other:?}"),
                            })
                        }
                    });
                }
                other => {
                    return Err(LexiconError::Entry {
                        file: "words.tsv",
                        line,
                        message: format!("unknown word class {other:?}"),
                    })
                }
            }
        }
        let mut lengths = vec![0u16; table.keys().map(|w| w.len() + 1).max().unwrap_or(0)];
        for (word, info) in &table {
            if let Some(slot) = lengths.get_mut(word.len()) {
                *slot |= info.flags;
            }
        }
        Ok(Lexicon {
            forms: kinds,
            matcher,
            words: table,
            lengths,
        })
    }

    /// Cue occurrences in `text[from..]` on word boundaries, in text order.
    pub fn find_cues(&self, text: &str, from: usize) -> Vec<CueHit> {
        let body = text.get(from..).unwrap_or("");
        let bytes = body.as_bytes();
        let mut hits = Vec::new();
        for m in self.matcher.find_iter(body) {
            let before_ok = m.start() == 0 || !is_word_byte(bytes[m.start() - 1]);
            let after_ok = m.end() >= bytes.len() || !is_word_byte(bytes[m.end()]);
            if !(before_ok && after_ok) {
                continue;
            }
            // A non-ASCII letter right before or after also continues the word.
            let prev = body[..m.start()].chars().next_back();
            let next = body[m.end()..].chars().next();
            if prev.is_some_and(char::is_alphanumeric) || next.is_some_and(char::is_alphanumeric) {
                continue;
            }
            if let Some(form) = self.forms.get(m.pattern().as_usize()) {
                // A capitalised verb inside a sentence is a name (`Read said`).
                let capital = body[m.start()..].starts_with(|c: char| c.is_ascii_uppercase());
                let sentence_start = match body[..m.start()].trim_end().chars().next_back() {
                    None => true,
                    Some(c) => matches!(c, '.' | '!' | '?' | '"' | '”' | ':'),
                };
                if form.kind != CueKind::Phrase && capital && !sentence_start {
                    continue;
                }
                hits.push(CueHit {
                    span: Span::new(from + m.start(), from + m.end()),
                    kind: form.kind,
                    addressee: form.addressee,
                    marks: form.marks,
                    that: form.that,
                });
            }
        }
        hits
    }

    /// The word's classes, looked up in lower case without allocating.
    pub fn word(&self, word: &str) -> Option<&WordInfo> {
        let mut buffer = [0u8; 24];
        let bytes = word.as_bytes();
        if bytes.len() > buffer.len() || !word.is_ascii() {
            return None;
        }
        let lower = buffer.get_mut(..bytes.len())?;
        for (slot, &b) in lower.iter_mut().zip(bytes) {
            *slot = b.to_ascii_lowercase();
        }
        let key = std::str::from_utf8(lower).ok()?;
        self.words.get(key)
    }

    /// Whether `word` has any of the `flags` (any case).
    pub fn is(&self, word: &str, flags: u16) -> bool {
        self.word(word).is_some_and(|info| info.flags & flags != 0)
    }

    /// Whether `word`, exactly as written (the table is lower case, so `That` is not
    /// `that`), has any of the `flags`.
    pub fn is_exact(&self, word: &str, flags: u16) -> bool {
        self.lengths
            .get(word.len())
            .is_some_and(|&classes| classes & flags != 0)
            && self
                .words
                .get(word)
                .is_some_and(|info| info.flags & flags != 0)
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicons_load() {
        let lexicon = Lexicon::load().unwrap();
        assert!(lexicon.is("Also", AUX));
        assert!(lexicon.is("reporters", ADDRESSEE));
        assert_eq!(
            lexicon.word("he").and_then(|w| w.pronoun),
            Some(PronounKind::Person)
        );
    }

    #[test]
    fn every_class_the_engine_asks_for_is_in_the_data() {
        let lexicon = Lexicon::load().unwrap();
        assert!(lexicon.missing_classes().is_empty());
        let mut all = 0u16;
        for (name, flag) in CLASSES {
            assert_eq!(flag.count_ones(), 1, "{name}");
            assert_eq!(all & flag, 0, "{name} shares a flag");
            all |= flag;
            // The class name in the data is the one the engine reads.
            let one = format!("{name}\tword\tperson\n");
            let parsed = Lexicon::from_sources("", &one).unwrap();
            assert!(parsed.is("word", *flag), "{name}");
        }
        assert!(lexicon.is_exact("that", COMPLEMENTIZER | RELATIVE));
        assert!(!lexicon.is_exact("That", COMPLEMENTIZER) && lexicon.is("That", COMPLEMENTIZER));
        let partial = Lexicon::from_sources("", "aux\thas\n").unwrap();
        assert!(partial.missing_classes().contains(&"relative"));
        let err = Lexicon::from_sources("", "relativ\twho\n").err().unwrap();
        assert!(err.to_string().contains("words.tsv:1"), "{err}");
    }

    #[test]
    fn cues_respect_word_boundaries() {
        let lexicon = Lexicon::load().unwrap();
        let text = "The address was unsaid; he said so, according to aides, and pointed out more.";
        let found: Vec<&str> = lexicon
            .find_cues(text, 0)
            .iter()
            .map(|h| h.span.slice(text))
            .collect();
        assert_eq!(found, vec!["said", "according to", "pointed out"]);
    }

    #[test]
    fn bad_kind_is_an_error_with_line() {
        let err = Lexicon::from_sources("say\tnoun\tsaid\n", "")
            .err()
            .unwrap();
        assert!(err.to_string().contains("cues.tsv:1"));
    }
}
