//! One Aho-Corasick automaton over every surface form of every gazetteer entry (names,
//! aliases, demonyms, role phrases, PETRARCH synonyms), searched once per document.
//!
//! The automaton is ASCII-case-insensitive; each pattern keeps the form it was written in
//! and a [`CaseRule`] that a match must satisfy (`US` matches "US" but not "us"; a role
//! phrase written in lower case matches in any case). Matches must start and end on word
//! boundaries (PETRARCH stems may end inside a word). Overlapping matches are all found and
//! the leftmost-longest acceptable ones kept, so a rejected long match never hides a good
//! shorter one.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;

/// What a surface form refers to: an index into the corresponding gazetteer table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Country(u32),
    Demonym(u32),
    Place(u32),
    Org(u32),
    Holder(u32),
    Role(u32),
    Actor(u32),
    /// The surname of an office holder (accepted only while they are in office).
    Surname(u32),
}

impl Target {
    /// Targets from the project's own data win over PETRARCH actors on the same span.
    pub fn is_own(self) -> bool {
        !matches!(self, Target::Actor(_))
    }
}

/// How the case of a match must relate to the pattern as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseRule {
    /// Acronyms of up to three letters: exactly as written (`US`, `UK`).
    Exact,
    /// Every word capitalised in the pattern is capitalised in the text.
    Capitalised,
    /// Lower-case phrases (roles): any case.
    Loose,
    /// PETRARCH upper-case forms: first word capitalised; short single words all caps.
    Dictionary,
}

impl CaseRule {
    /// The rule for a form written in the project's data files.
    pub fn for_form(form: &str) -> CaseRule {
        let has_lower = form.chars().any(char::is_lowercase);
        let has_upper = form.chars().any(char::is_uppercase);
        let letters = form.chars().filter(|c| c.is_alphabetic()).count();
        if !has_upper {
            CaseRule::Loose
        } else if !has_lower && letters <= 3 {
            CaseRule::Exact
        } else {
            CaseRule::Capitalised
        }
    }
}

#[derive(Clone, Debug)]
struct Variant {
    original: String,
    rule: CaseRule,
    stem: bool,
    targets: Vec<Target>,
}

/// Collects patterns before compiling.
#[derive(Default)]
pub struct MatcherBuilder {
    ids: HashMap<String, usize>,
    keys: Vec<String>,
    variants: Vec<Vec<Variant>>,
}

impl MatcherBuilder {
    /// Adds a surface form. Forms shorter than two characters are ignored.
    pub fn add(&mut self, form: &str, rule: CaseRule, stem: bool, target: Target) {
        let form = form.trim();
        if form.chars().count() < 2 || !form.chars().any(char::is_alphanumeric) {
            return;
        }
        let key = form.to_ascii_lowercase();
        let id = match self.ids.get(&key) {
            Some(&id) => id,
            None => {
                let id = self.keys.len();
                self.ids.insert(key.clone(), id);
                self.keys.push(key);
                self.variants.push(Vec::new());
                id
            }
        };
        let Some(variants) = self.variants.get_mut(id) else {
            return;
        };
        match variants
            .iter_mut()
            .find(|v| v.original == form && v.rule == rule && v.stem == stem)
        {
            Some(v) => {
                if !v.targets.contains(&target) {
                    v.targets.push(target);
                }
            }
            None => variants.push(Variant {
                original: form.to_string(),
                rule,
                stem,
                targets: vec![target],
            }),
        }
    }

    pub fn build(self) -> Result<Matcher, aho_corasick::BuildError> {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&self.keys)?;
        Ok(Matcher {
            ac,
            variants: self.variants,
        })
    }
}

/// A gazetteer match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub targets: Vec<Target>,
}

pub struct Matcher {
    ac: AhoCorasick,
    variants: Vec<Vec<Variant>>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `matched` (same bytes as `original` up to ASCII case) satisfies `rule`.
fn case_ok(matched: &str, original: &str, rule: CaseRule, lenient: bool) -> bool {
    if lenient {
        return true;
    }
    let m = matched.as_bytes();
    let o = original.as_bytes();
    if m.len() != o.len() {
        return false;
    }
    let letters = || m.iter().filter(|b| b.is_ascii_alphabetic());
    let all_caps = letters().all(|b| b.is_ascii_uppercase());
    match rule {
        CaseRule::Loose => true,
        CaseRule::Exact => m == o,
        CaseRule::Capitalised => {
            if all_caps && letters().count() >= 4 {
                return true;
            }
            let mut word_start = true;
            for (mb, ob) in m.iter().zip(o) {
                if word_start && ob.is_ascii_uppercase() && !mb.is_ascii_uppercase() {
                    return false;
                }
                word_start = !ob.is_ascii_alphanumeric() && *ob != b'\'';
            }
            true
        }
        CaseRule::Dictionary => {
            let first_upper = m.first().is_some_and(|b| b.is_ascii_uppercase());
            let single = !m.contains(&b' ');
            if single && letters().count() <= 3 {
                return all_caps;
            }
            first_upper
        }
    }
}

impl Matcher {
    /// Acceptable matches in `text[from..]`, leftmost-longest, non-overlapping.
    /// `lenient` ignores case (datelines written in capitals).
    pub fn find(&self, text: &str, from: usize, lenient: bool) -> Vec<Hit> {
        let Some(body) = text.get(from..) else {
            return Vec::new();
        };
        let mut hits: Vec<Hit> = Vec::new();
        for m in self.ac.find_overlapping_iter(body) {
            let (start, end) = (m.start(), m.end());
            let Some(matched) = body.get(start..end) else {
                continue;
            };
            let before_ok = body
                .get(..start)
                .and_then(|b| b.chars().next_back())
                .is_none_or(|c| !is_word_char(c));
            if !before_ok {
                continue;
            }
            let after_word = body
                .get(end..)
                .and_then(|a| a.chars().next())
                .is_some_and(is_word_char);
            let Some(variants) = self.variants.get(m.pattern().as_usize()) else {
                continue;
            };
            let mut targets: Vec<Target> = Vec::new();
            for v in variants {
                if after_word && !(v.stem && matched.len() >= 5) {
                    continue;
                }
                if !case_ok(matched, &v.original, v.rule, lenient) {
                    continue;
                }
                for t in &v.targets {
                    if !targets.contains(t) {
                        targets.push(*t);
                    }
                }
            }
            if targets.is_empty() {
                continue;
            }
            // A stem match runs to the end of its word.
            let mut end = end;
            if after_word {
                let rest = body.get(end..).unwrap_or("");
                end += rest
                    .char_indices()
                    .find(|(_, c)| !is_word_char(*c))
                    .map_or(rest.len(), |(i, _)| i);
            }
            hits.push(Hit {
                start: start + from,
                end: end + from,
                targets,
            });
        }
        // The project's own matches and the PETRARCH-only ones are selected separately;
        // the two lists may overlap and the caller decides (see `Engine::merge_dictionary`).
        let (own, actors): (Vec<Hit>, Vec<Hit>) = hits
            .into_iter()
            .partition(|h| h.targets.iter().any(|t| t.is_own()));
        let mut kept = leftmost_longest(own);
        let extra = leftmost_longest(actors);
        if !extra.is_empty() {
            kept.extend(extra);
            kept.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        }
        kept
    }
}

/// Non-overlapping hits, leftmost first, longest at each start.
fn leftmost_longest(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        if kept.last().is_some_and(|k| hit.start < k.end) {
            continue;
        }
        kept.push(hit);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> Matcher {
        let mut b = MatcherBuilder::default();
        b.add("US", CaseRule::for_form("US"), false, Target::Country(0));
        b.add(
            "United States",
            CaseRule::for_form("United States"),
            false,
            Target::Country(0),
        );
        b.add(
            "foreign minister",
            CaseRule::for_form("foreign minister"),
            false,
            Target::Role(1),
        );
        b.add(
            "Moscow",
            CaseRule::for_form("Moscow"),
            false,
            Target::Place(2),
        );
        b.add("ZORBAN", CaseRule::Dictionary, true, Target::Actor(3));
        b.add(
            "Oman",
            CaseRule::for_form("Oman"),
            false,
            Target::Country(4),
        );
        b.build().unwrap()
    }

    #[test]
    fn case_and_boundaries() {
        let m = matcher();
        let text = "us and US, the Foreign Minister in MOSCOW; Romania and Oman. Zorbania";
        let hits = m.find(text, 0, false);
        let found: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(
            found,
            vec!["US", "Foreign Minister", "MOSCOW", "Oman", "Zorbania"]
        );
    }

    #[test]
    fn longest_wins() {
        let m = matcher();
        let text = "the United States said";
        let hits = m.find(text, 0, false);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].start..hits[0].end], "United States");
    }
}
