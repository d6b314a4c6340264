//! The quote recogniser's lexicons: speech cues (`data/quotes/cues.tsv`) compiled into one
//! Aho-Corasick automaton, and the closed word classes (`data/quotes/words.tsv`) used
//! around cues (auxiliaries, pronouns, stop words, addressees, nominal heads, adjuncts).
//!
//! Both files are embedded in the binary and parsed once in [`Lexicon::load`]; adding a
//! cue or a word is a data change only.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use annalist_core::lexicon::tsv_rows_checked;
use annalist_core::Span;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: word lookups sit in the inner loops and keys are short, so a simple
/// non-keyed hash beats SipHash (the keys come from our own data files).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

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
}

/// The compiled lexicons.
pub struct Lexicon {
    forms: Vec<Form>,
    matcher: AhoCorasick,
    words: FastMap<Box<str>, WordInfo>,
}

impl Lexicon {
    /// Parses the embedded data files and compiles the cue matcher.
    pub fn load() -> Result<Lexicon, LexiconError> {
        Lexicon::from_sources(CUES, WORDS)
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
        Ok(Lexicon {
            forms: kinds,
            matcher,
            words: table,
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

    /// Whether `word` has any of the `flags`.
    pub fn is(&self, word: &str, flags: u16) -> bool {
        self.word(word).is_some_and(|info| info.flags & flags != 0)
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
