//! The generic grammar engine: macros (`data/time/macros.tsv`) expanded into the rules of
//! `data/time/rules.tsv`, compiled once into a table of the bytes a match can begin with
//! (derived from the rules' syntax, to skip most places cheaply), an anchored `RegexSet`
//! (which rules match at a word start) and one anchored regex per rule (its captures).
//!
//! Nothing here knows English: words come from the tables, patterns from the rules.

use crate::tables::Words;
use crate::Error;
use annalist_core::lexicon::tsv_rows;
use annalist_core::{Span, TimexType};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::collections::HashMap;

pub(crate) const MACROS: &str = include_str!("../../../../data/time/macros.tsv");
pub(crate) const RULES: &str = include_str!("../../../../data/time/rules.tsv");

/// The fields one end of a range takes from the other when it has none of its own: the
/// half of the day, the day, month and year, the zone ("from 9:30 to 11:00 on Thursday").
const SHARED: &[&str] = &[
    "ampm", "weekday", "dayrel", "month", "year", "relmonth", "part", "tz", "unit",
];

/// The longest text a single timex may span, in bytes: bounds the anchored matching.
const MAX_EXTENT: usize = 200;
const REGEX_SIZE: usize = 64 << 20;

/// The normalisation a rule applies to its captures (see `normalise.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Function {
    Date,
    RelUnit,
    Offset,
    Duration,
    Set,
    Ref,
    Anaphor,
    /// Consumes the text and emits nothing: words that look like timexes but are not.
    None,
}

/// A compiled rule.
#[derive(Debug)]
pub(crate) struct Rule {
    pub kind: Option<TimexType>,
    pub function: Function,
    /// Field values used when the pattern does not capture the field.
    pub defaults: Vec<(String, String)>,
    regex: Regex,
    /// Capture group index → field name (trailing digits and the side's prefix
    /// stripped), and which timex of a range it belongs to.
    groups: Vec<(usize, String, Side)>,
    extent_group: Option<usize>,
    /// A range rule's second timex (the `y` group): the rule yields two matches.
    second_group: Option<usize>,
    pub line: usize,
}

/// Which timex of a range rule a field belongs to: `from_` fields to the first, `to_`
/// fields to the second, the others to both ("July 13-15": the month is shared).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Both,
    First,
    Second,
}

/// A rule's match at one place in the text.
#[derive(Debug)]
pub(crate) struct RuleMatch<'g> {
    pub rule: &'g Rule,
    /// What the rule consumed.
    pub whole: Span,
    /// The timex itself (the `x` group, else the whole match).
    pub extent: Span,
    /// Captured fields: name and span.
    pub fields: Vec<(&'g str, Span)>,
    /// The whole match of the rule: for an end of a range, the range (its tense is read
    /// around the range, not around one end).
    pub context: Span,
}

pub(crate) struct Grammar {
    pub rules: Vec<Rule>,
    /// `first[b]`: some rule's match can begin with the byte `b`.
    first: [bool; 256],
    anchored: RegexSet,
    /// The expanded patterns, for the tests' reference scanner.
    #[cfg(test)]
    plain_patterns: Vec<String>,
}

struct Macro {
    group: String,
    expansion: String,
}

impl Grammar {
    pub fn new(words: &Words) -> Result<Grammar, Error> {
        Grammar::from_sources(MACROS, RULES, words)
    }

    pub fn from_sources(macros: &str, rules: &str, words: &Words) -> Result<Grammar, Error> {
        let mut table = HashMap::new();
        for (line, cols) in tsv_rows(macros) {
            let (Some(name), Some(group), Some(expansion)) =
                (cols.first(), cols.get(1), cols.get(2))
            else {
                return Err(Error(format!(
                    "data/time/macros.tsv:{line}: expected 3 columns"
                )));
            };
            table.insert(
                name.to_string(),
                Macro {
                    group: group.to_string(),
                    expansion: expansion.to_string(),
                },
            );
        }
        let mut compiled = Vec::new();
        let mut plain_patterns = Vec::new();
        for (line, cols) in tsv_rows(rules) {
            let (Some(kind), Some(function), Some(pattern)) =
                (cols.first(), cols.get(1), cols.get(2))
            else {
                return Err(Error(format!(
                    "data/time/rules.tsv:{line}: expected 3 columns"
                )));
            };
            let at = |m: String| Error(format!("data/time/rules.tsv:{line}: {m}"));
            let kind = match *kind {
                "DATE" => Some(TimexType::Date),
                "TIME" => Some(TimexType::Time),
                "DURATION" => Some(TimexType::Duration),
                "SET" => Some(TimexType::Set),
                "-" => None,
                other => return Err(at(format!("unknown type {other:?}"))),
            };
            let mut parts = function.split_whitespace();
            let function = match parts.next().unwrap_or("") {
                "date" => Function::Date,
                "relunit" => Function::RelUnit,
                "offset" => Function::Offset,
                "duration" => Function::Duration,
                "set" => Function::Set,
                "ref" => Function::Ref,
                "anaphor" => Function::Anaphor,
                "none" => Function::None,
                other => return Err(at(format!("unknown function {other:?}"))),
            };
            let mut defaults = Vec::new();
            for part in parts {
                let (key, value) = part
                    .split_once('=')
                    .ok_or_else(|| at(format!("expected key=value, found {part:?}")))?;
                defaults.push((key.to_string(), value.to_string()));
            }
            let named = expand(pattern, &table, words, true, 0).map_err(at)?;
            let plain = expand(pattern, &table, words, false, 0).map_err(at)?;
            let regex = build(&format!(r"\A(?:{named})")).map_err(at)?;
            let mut groups = Vec::new();
            let mut extent_group = None;
            let mut second_group = None;
            for (index, name) in regex.capture_names().enumerate() {
                let Some(name) = name else { continue };
                if name == "x" {
                    extent_group = Some(index);
                } else if name == "y" {
                    second_group = Some(index);
                } else {
                    let (side, bare) = if let Some(rest) = name.strip_prefix("from_") {
                        (Side::First, rest)
                    } else if let Some(rest) = name.strip_prefix("to_") {
                        (Side::Second, rest)
                    } else {
                        (Side::Both, name)
                    };
                    groups.push((
                        index,
                        bare.trim_end_matches(|c: char| c.is_ascii_digit())
                            .to_string(),
                        side,
                    ));
                }
            }
            if second_group.is_some() && extent_group.is_none() {
                return Err(at(
                    "a range rule (group y) needs its first timex as group x".into(),
                ));
            }
            compiled.push(Rule {
                kind,
                function,
                defaults,
                regex,
                groups,
                extent_group,
                second_group,
                line,
            });
            plain_patterns.push(plain);
        }
        let first = first_bytes(&plain_patterns)?;
        let anchored = RegexSetBuilder::new(plain_patterns.iter().map(|p| format!(r"\A(?:{p})")))
            .case_insensitive(true)
            .size_limit(REGEX_SIZE)
            .dfa_size_limit(REGEX_SIZE)
            .build()
            .map_err(|e| Error(format!("rule set: {e}")))?;
        Ok(Grammar {
            rules: compiled,
            first,
            anchored,
            #[cfg(test)]
            plain_patterns,
        })
    }

    /// Every rule match in `text[from..]`, left to right, not overlapping: at each place
    /// where some rule matches, the longest match wins (then the earlier rule).
    ///
    /// Only word starts (`starts_word`) whose first byte can begin some rule's match can
    /// hold a match, so those are the candidates, tried left to right with the anchored
    /// rule set. This finds the same matches as an unanchored search of all the rules at
    /// once, without building that search's large automaton (the costly part of a cold
    /// pass: every thread built it anew).
    pub fn scan<'g>(&'g self, text: &str, from: usize) -> Vec<RuleMatch<'g>> {
        let mut found = Vec::new();
        let mut pos = from;
        while pos < text.len() {
            let start = pos;
            let can_begin = text
                .as_bytes()
                .get(start)
                .is_some_and(|b| self.first[usize::from(*b)]);
            let best = if can_begin && starts_word(text, start) {
                self.longest_at(text, start)
            } else {
                None
            };
            match best {
                Some(best) => {
                    pos = best.whole.end.max(start + 1);
                    self.push_match(best, &mut found);
                }
                None => pos = next_boundary(text, start),
            }
            while pos < text.len() && !text.is_char_boundary(pos) {
                pos += 1;
            }
        }
        found
    }

    /// Adds a match, split in its two timexes when it is a range. The two ends of a
    /// range share what one of them leaves unsaid ([`SHARED`]): "from 3:30 to 6 pm" is
    /// 15:30 to 18:00, "July 13-15" ends on July 15.
    fn push_match<'g>(&'g self, m: Matched<'g>, found: &mut Vec<RuleMatch<'g>>) {
        let part = |side: Side, whole: Span, extent: Span| {
            let mut fields: Vec<(&'g str, Span)> = m
                .fields
                .iter()
                .filter(|(_, _, s)| *s == Side::Both || *s == side)
                .map(|(name, span, _)| (*name, *span))
                .collect();
            for (name, span, s) in &m.fields {
                let other_side = *s != Side::Both && *s != side;
                if other_side && SHARED.contains(name) && !fields.iter().any(|(n, _)| n == name) {
                    fields.push((*name, *span));
                }
            }
            RuleMatch {
                rule: m.rule,
                whole,
                extent,
                fields,
                context: m.whole,
            }
        };
        match m.second {
            Some(second) => {
                found.push(part(
                    Side::First,
                    Span::new(m.whole.start, m.extent.end),
                    m.extent,
                ));
                found.push(part(
                    Side::Second,
                    Span::new(second.start, m.whole.end),
                    second,
                ));
            }
            None => found.push(part(Side::First, m.whole, m.extent)),
        }
    }

    fn longest_at<'g>(&'g self, text: &str, start: usize) -> Option<Matched<'g>> {
        let mut end = (start + MAX_EXTENT).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let window = text.get(start..end)?;
        // Most candidates match no rule: answer those without collecting the set.
        if !self.anchored.is_match(window) {
            return None;
        }
        let mut best: Option<(usize, usize)> = None;
        for index in self.anchored.matches(window).iter() {
            let Some(rule) = self.rules.get(index) else {
                continue;
            };
            let Some(m) = rule.regex.find(window) else {
                continue;
            };
            let len = m.end();
            if len == 0 || !ends_word(text, start + len) {
                continue;
            }
            if best.is_none_or(|(_, best_len)| len > best_len) {
                best = Some((index, len));
            }
        }
        let (index, _) = best?;
        let rule = self.rules.get(index)?;
        let caps = rule.regex.captures(window)?;
        let whole = caps.get(0)?;
        let extent = rule
            .extent_group
            .and_then(|g| caps.get(g))
            .map_or(whole.range(), |g| g.range());
        let fields = rule
            .groups
            .iter()
            .filter_map(|(g, name, side)| {
                let c = caps.get(*g)?;
                Some((
                    name.as_str(),
                    Span::new(start + c.start(), start + c.end()),
                    *side,
                ))
            })
            .collect();
        let second = rule
            .second_group
            .and_then(|g| caps.get(g))
            .map(|c| Span::new(start + c.start(), start + c.end()));
        Some(Matched {
            rule,
            whole: Span::new(start + whole.start(), start + whole.end()),
            extent: Span::new(start + extent.start, start + extent.end),
            second,
            fields,
        })
    }
}

/// The longest match at a place, before a range is split in its two timexes.
struct Matched<'g> {
    rule: &'g Rule,
    whole: Span,
    extent: Span,
    second: Option<Span>,
    fields: Vec<(&'g str, Span, Side)>,
}

fn build(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE)
        .dfa_size_limit(REGEX_SIZE)
        .build()
        .map_err(|e| e.to_string())
}

/// The bytes a match of one of `patterns` can begin with: a sound over-approximation
/// read off the patterns' syntax trees (all bytes when a pattern can match the empty string).
fn first_bytes(patterns: &[String]) -> Result<[bool; 256], Error> {
    let mut set = [false; 256];
    for pattern in patterns {
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(pattern)
            .map_err(|e| Error(format!("rule set: {e}")))?;
        if add_first_bytes(&hir, &mut set) {
            return Ok([true; 256]);
        }
    }
    Ok(set)
}

/// Adds to `set` the bytes a match of `hir` can begin with; true when `hir` can match
/// the empty string (then what follows it can begin the match too).
fn add_first_bytes(hir: &Hir, set: &mut [bool; 256]) -> bool {
    match hir.kind() {
        // Assertions consume nothing: treating them as empty only widens the set.
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(literal) => match literal.0.first() {
            Some(b) => {
                set[usize::from(*b)] = true;
                false
            }
            None => true,
        },
        HirKind::Class(Class::Bytes(class)) => {
            for range in class.ranges() {
                for b in range.start()..=range.end() {
                    set[usize::from(b)] = true;
                }
            }
            false
        }
        HirKind::Class(Class::Unicode(class)) => {
            // A UTF-8 lead byte grows with the code point: a range's chars begin with
            // the lead bytes from its first char's to its last's.
            for range in class.ranges() {
                for b in lead_byte(range.start())..=lead_byte(range.end()) {
                    set[usize::from(b)] = true;
                }
            }
            false
        }
        HirKind::Repetition(repetition) => {
            add_first_bytes(&repetition.sub, set) || repetition.min == 0
        }
        HirKind::Capture(capture) => add_first_bytes(&capture.sub, set),
        // A concatenation begins with its items up to the first that cannot be empty.
        HirKind::Concat(items) => items.iter().all(|item| add_first_bytes(item, set)),
        HirKind::Alternation(items) => {
            // Every branch adds its bytes: no short-circuit.
            let mut empty = false;
            for item in items {
                empty |= add_first_bytes(item, set);
            }
            empty
        }
    }
}

/// The first byte of `c` in UTF-8.
fn lead_byte(c: char) -> u8 {
    let mut buf = [0u8; 4];
    c.encode_utf8(&mut buf);
    buf[0]
}

/// A timex starts a word: the character before is not alphanumeric, and a number is
/// not the tail of an amount (`$1990`, `3.1990`).
fn starts_word(text: &str, start: usize) -> bool {
    let before = text.get(..start).and_then(|t| t.chars().next_back());
    let first = text.get(start..).and_then(|t| t.chars().next());
    match (before, first) {
        (Some(b), _) if b.is_alphanumeric() => false,
        (Some(b), Some(f)) if f.is_ascii_digit() => {
            !matches!(b, '$' | '£' | '€' | '.' | ',' | '/' | ':' | '#')
        }
        _ => true,
    }
}

/// A timex ends a word: no alphanumeric after it, and a number does not go on as a
/// decimal, a thousands group or a percentage.
fn ends_word(text: &str, end: usize) -> bool {
    let Some(rest) = text.get(end..) else {
        return false;
    };
    let last = text.get(..end).and_then(|t| t.chars().next_back());
    let mut next = rest.chars();
    match (last, next.next(), next.next()) {
        (_, Some(n), _) if n.is_alphanumeric() => false,
        // Not the head of a compound: "a year-earlier" is no "a year" (but "1915-16" is
        // two years).
        (_, Some('-'), Some(n)) if n.is_alphabetic() => false,
        (Some(l), Some('%'), _) if l.is_ascii_digit() => false,
        (Some(l), Some('.' | ',' | ':' | '/'), Some(d))
            if l.is_ascii_digit() && d.is_ascii_digit() =>
        {
            false
        }
        _ => true,
    }
}

/// The start of the next word after `pos`.
fn next_boundary(text: &str, pos: usize) -> usize {
    let rest = text.get(pos..).unwrap_or("");
    let mut chars = rest.char_indices();
    let Some((_, first)) = chars.next() else {
        return text.len();
    };
    if !first.is_alphanumeric() {
        return pos + first.len_utf8();
    }
    for (i, ch) in chars {
        if !ch.is_alphanumeric() {
            return pos + i;
        }
    }
    text.len()
}

/// Expands `%MACRO`, `%MACRO:group`, `@category` and spaces in a pattern.
fn expand(
    pattern: &str,
    macros: &HashMap<String, Macro>,
    words: &Words,
    named: bool,
    depth: usize,
) -> Result<String, String> {
    expand_with(pattern, macros, words, named, depth, "")
}

/// [`expand`], naming groups with `prefix` before their names (inside a transparent
/// macro called as `%NAME:prefix_`).
fn expand_with(
    pattern: &str,
    macros: &HashMap<String, Macro>,
    words: &Words,
    named: bool,
    depth: usize,
    prefix: &str,
) -> Result<String, String> {
    if depth > 8 {
        return Err("macros nest too deep".to_string());
    }
    let bytes = pattern.as_bytes();
    let mut out = String::with_capacity(pattern.len() * 4);
    let mut i = 0;
    while i < bytes.len() {
        let rest = pattern.get(i..).unwrap_or("");
        if let Some(after_percent) = rest.strip_prefix('%') {
            let name_len = after_percent
                .bytes()
                .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
                .count();
            if name_len == 0 {
                out.push('%');
                i += 1;
                continue;
            }
            let name = &after_percent[..name_len];
            let mac = macros
                .get(name)
                .ok_or_else(|| format!("unknown macro %{name}"))?;
            i += 1 + name_len;
            let mut group = mac.group.clone();
            let after = pattern.get(i..).unwrap_or("");
            if let Some(tail) = after.strip_prefix(':') {
                let len = tail
                    .bytes()
                    .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
                    .count();
                if len > 0 && tail.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
                    group = tail[..len].to_string();
                    i += 1 + len;
                }
            }
            if mac.group == "*" {
                // A transparent macro: its own macros keep their groups (named after the
                // prefix given as `%NAME:prefix_`, if any).
                let inner = if group == "*" { "" } else { group.as_str() };
                let inner = format!("{prefix}{inner}");
                let body = expand_with(&mac.expansion, macros, words, named, depth + 1, &inner)?;
                out.push_str(&format!("(?:{body})"));
                continue;
            }
            let body = expand(&mac.expansion, macros, words, false, depth + 1)?;
            if named && group != "-" {
                out.push_str(&format!("(?P<{prefix}{group}>{body})"));
            } else {
                out.push_str(&format!("(?:{body})"));
            }
        } else if let Some(after_at) = rest.strip_prefix('@') {
            let len = after_at
                .bytes()
                .take_while(|b| b.is_ascii_lowercase() || *b == b'_')
                .count();
            let category = &after_at[..len];
            let all = after_at[len..].starts_with('*');
            i += 1 + len + usize::from(all);
            // @category-flag-flag: without the words carrying those flags.
            let mut excluded = Vec::new();
            while let Some(tail) = pattern.get(i..).and_then(|t| t.strip_prefix('-')) {
                let flag_len = tail.bytes().take_while(u8::is_ascii_lowercase).count();
                if flag_len == 0 {
                    break;
                }
                excluded.push(&tail[..flag_len]);
                i += 1 + flag_len;
            }
            out.push_str(&word_alternation(words, category, all, &excluded)?);
        } else if rest.starts_with(' ') {
            out.push_str(r"\s+");
            i += 1;
        } else if rest.starts_with("(?P<") {
            let close = rest.find('>').ok_or("unclosed group name")?;
            if named {
                out.push_str(&format!("(?P<{prefix}{}>", &rest[4..close]));
            } else {
                // Named groups written in a rule are only wanted in the rule's own regex.
                out.push_str("(?:");
            }
            i += close + 1;
        } else {
            let ch = rest.chars().next().ok_or("bad pattern")?;
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    Ok(out)
}

/// The words of a category as a regex alternation, longest first.
fn word_alternation(
    words: &Words,
    category: &str,
    all: bool,
    excluded: &[&str],
) -> Result<String, String> {
    let mut list: Vec<_> = words
        .category(category)
        .iter()
        .filter(|w| (all || w.extra != "strict") && !excluded.contains(&w.extra.as_str()))
        .collect();
    if list.is_empty() {
        return Err(format!("empty word category @{category}"));
    }
    list.sort_by(|a, b| {
        b.written
            .len()
            .cmp(&a.written.len())
            .then(a.written.cmp(&b.written))
    });
    let mut alternatives = Vec::with_capacity(list.len());
    for word in list {
        let (stem, dotted) = match word.written.strip_suffix('.') {
            Some(stem) => (stem, true),
            None => (word.written.as_str(), false),
        };
        let escaped: Vec<String> = stem.split(' ').map(regex::escape).collect();
        let mut body = escaped.join(r"\s+");
        if word.extra.starts_with("cap") {
            let mut capitalised = String::new();
            let mut chars = body.chars();
            if let Some(first) = chars.next() {
                capitalised.extend(first.to_uppercase());
                capitalised.push_str(chars.as_str());
            }
            body = format!("(?-i:{capitalised}|{})", body.to_uppercase());
        }
        let ends_alnum = stem.chars().next_back().is_some_and(char::is_alphanumeric);
        if dotted {
            body.push_str(r"(?:\.|(?-u:\b))");
        } else if ends_alnum {
            body.push_str(r"(?-u:\b)");
        }
        alternatives.push(body);
    }
    Ok(format!("(?:{})", alternatives.join("|")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grammar() -> Grammar {
        Grammar::new(&Words::embedded().unwrap()).unwrap()
    }

    #[test]
    fn embedded_grammar_compiles() {
        let g = grammar();
        assert!(g.rules.len() > 30);
    }

    #[test]
    fn finds_longest_matches() {
        let g = grammar();
        let text = "Talks were held on Jan. 14, 2022 and two days ago, said Janet.";
        let found: Vec<&str> = g
            .scan(text, 0)
            .iter()
            .map(|m| m.extent.slice(text))
            .collect();
        assert_eq!(found, ["Jan. 14, 2022", "two days ago"]);
    }

    /// The scanner this module used to have: one unanchored search of all the rules at
    /// once finds where a match may start. `scan` must find exactly what it found.
    fn reference_scan<'g>(g: &'g Grammar, combined: &Regex, text: &str) -> Vec<RuleMatch<'g>> {
        let mut found = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = combined.find_at(text, pos) else {
                break;
            };
            let start = m.start();
            let best = if starts_word(text, start) {
                g.longest_at(text, start)
            } else {
                None
            };
            match best {
                Some(best) => {
                    pos = best.whole.end.max(start + 1);
                    g.push_match(best, &mut found);
                }
                None => pos = next_boundary(text, start),
            }
            while pos < text.len() && !text.is_char_boundary(pos) {
                pos += 1;
            }
        }
        found
    }

    /// A match as plain data: rule line, whole, extent, fields.
    type Key = (usize, Span, Span, Vec<(String, Span)>);

    fn key(found: &[RuleMatch<'_>]) -> Vec<Key> {
        found
            .iter()
            .map(|m| {
                let fields = m.fields.iter().map(|(n, s)| (n.to_string(), *s)).collect();
                (m.rule.line, m.whole, m.extent, fields)
            })
            .collect()
    }

    fn with_reference() -> &'static (Grammar, Regex) {
        static BOTH: std::sync::OnceLock<(Grammar, Regex)> = std::sync::OnceLock::new();
        BOTH.get_or_init(|| {
            let g = grammar();
            let source = g
                .plain_patterns
                .iter()
                .map(|p| format!("(?:{p})"))
                .collect::<Vec<_>>()
                .join("|");
            let combined = build(&source).unwrap();
            (g, combined)
        })
    }

    #[test]
    fn first_bytes_cover_case_variants() {
        let set = first_bytes(&["(?:the )?k[a-z]+".to_string(), "[0-9]x".to_string()]).unwrap();
        for b in [b't', b'T', b'k', b'K', b'0', b'9', "\u{212A}".as_bytes()[0]] {
            assert!(set[usize::from(b)], "{b}");
        }
        for b in [b' ', b'x', b'h', b'.'] {
            assert!(!set[usize::from(b)], "{b}");
        }
        let all = first_bytes(&["a?".to_string()]).unwrap();
        assert!(all.iter().all(|&b| b));
    }

    #[test]
    fn same_matches_as_the_unanchored_search() {
        let (g, combined) = with_reference();
        let text = "On Jan. 14, 2022 the first quarter of 1998, $1990, three times a year, \
                    ſunday at 5 p.m. EST; the year-earlier period, K, in_2020 _1990 \
                    every Monday, the 1990s, March on Washington, said Janet.";
        assert_eq!(
            key(&g.scan(text, 0)),
            key(&reference_scan(g, combined, text))
        );
    }

    proptest::proptest! {
        #[test]
        fn scan_agrees_with_the_unanchored_search(
            tokens in proptest::collection::vec((0usize..44, 0usize..4), 0..24)
        ) {
            const WORDS: [&str; 44] = [
                "on", "Jan.", "14", ",", "2022", "two", "days", "ago", "the", "first",
                "quarter", "of", "1998", "last", "week", "three", "times", "a", "year",
                "March", "May", "_", "$", "1990s", "\u{212A}", "\u{17F}unday", "every",
                "Monday", "at", "5", "p.m.", "-", "year-earlier", "said", "é", "'98",
                "noon", "today", "summer", "2", "nd", "half", "%", "ago.",
            ];
            const GLUE: [&str; 4] = [" ", "", "-", ", "];
            let mut text = String::new();
            for (w, s) in tokens {
                text.push_str(WORDS[w]);
                text.push_str(GLUE[s]);
            }
            let (g, combined) = with_reference();
            proptest::prop_assert_eq!(
                key(&g.scan(&text, 0)),
                key(&reference_scan(g, combined, &text))
            );
        }
    }

    #[test]
    fn capitalised_only_words() {
        let g = grammar();
        let text = "They may march in May.";
        let found: Vec<&str> = g
            .scan(text, 0)
            .iter()
            .map(|m| m.extent.slice(text))
            .collect();
        assert_eq!(found, ["May"]);
    }
}
