//! PETRARCH/Phoenix (TABARI-format) actor and agent dictionaries, read at run time.
//!
//! Actor files hold entries such as
//!
//! ```text
//! SERGEY_LAVROV_  # comment
//! +SERGEI_LAVROV
//!     [RUSGOV 19940922-20040712]
//!     [RUSGOV >20040309]
//! ```
//!
//! a name (words joined by `_` or spaces; a trailing `_` means "whole word", none means the
//! last word may be a stem), `+` synonym lines, and code lines `[CODE]`, `[CODE >DATE]`,
//! `[CODE <DATE]`, `[CODE DATE-DATE]` (dates `YYYYMMDD` or `YYMMDD`, two-digit years ≤ 30
//! meaning 20YY). Agent files hold `FOREIGN_MINISTER {PLURALS} [~GOV]` lines and
//! substitution sets `!PERSON! = MAN, MEN`. Codes are resolved at the dispatch date with
//! [`Actor::code_at`]; an agent's sector composes with a country (`RUS` + `GOV`).

use annalist_core::Date;
use std::collections::HashMap;

/// A code valid from `start` to `end` (both inclusive; `None` = unbounded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
}

impl DatedCode {
    fn restricted(&self) -> bool {
        self.start.is_some() || self.end.is_some()
    }

    /// Whether the code holds at `date`.
    pub fn holds_at(&self, date: Date) -> bool {
        self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date <= e)
    }
}

/// One actor entry: a name, its synonyms and its dated codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The entry's name as written in the file, words separated by spaces (`SERGEY LAVROV`).
    pub canonical: String,
    /// Every surface form (the name and its synonyms), words separated by spaces.
    pub names: Vec<ActorName>,
    pub codes: Vec<DatedCode>,
}

/// A surface form of an actor or agent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorName {
    /// Words separated by single spaces, as written (upper case in the Phoenix files).
    pub text: String,
    /// True when the last word may be a stem (no trailing `_` in the file).
    pub stem: bool,
}

impl Actor {
    /// The code in force at `date`: a date-restricted code that holds wins over an
    /// unrestricted one; without a date, the unrestricted code, else the latest one.
    /// Null codes (`---`) give `None`.
    pub fn code_at(&self, date: Option<Date>) -> Option<&str> {
        let chosen = match date {
            Some(date) => self
                .codes
                .iter()
                .find(|c| c.restricted() && c.holds_at(date))
                .or_else(|| self.codes.iter().find(|c| !c.restricted())),
            None => self
                .codes
                .iter()
                .find(|c| !c.restricted())
                .or_else(|| self.codes.iter().max_by_key(|c| c.end.or(c.start))),
        }?;
        let code = chosen.code.as_str();
        (!code.is_empty() && !code.starts_with('-')).then_some(code)
    }
}

/// An agent: a common noun phrase naming a sector (`FOREIGN MINISTER` → `GOV`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agent {
    /// Singular forms, words separated by spaces.
    pub names: Vec<String>,
    /// Plural forms (explicit `{...}` ones, or regular plurals of the last word).
    pub plurals: Vec<String>,
    /// The sector code without the `~` (`GOV`, `GOVFRM`).
    pub code: String,
}

/// Everything read from a set of dictionary files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActorDictionary {
    pub actors: Vec<Actor>,
    pub agents: Vec<Agent>,
}

/// A file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct LoadError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

/// Reads actor and agent files; a file is an agents file when most of its codes start with
/// `~` (`Phoenix.agents.txt`, `PETR.Validate.agents.txt`), else an actors file.
pub fn load_phoenix(paths: &[std::path::PathBuf]) -> Result<ActorDictionary, LoadError> {
    let mut dictionary = ActorDictionary::default();
    for path in paths {
        let bytes = std::fs::read(path).map_err(|source| LoadError {
            path: path.display().to_string(),
            source,
        })?;
        let text = String::from_utf8_lossy(&bytes);
        if is_agents_file(&text) {
            dictionary.agents.extend(parse_agents(&text));
        } else {
            dictionary.actors.extend(parse_actors(&text));
        }
    }
    Ok(dictionary)
}

fn is_agents_file(text: &str) -> bool {
    let agent_codes = text.matches("[~").count();
    let codes = text.matches('[').count();
    codes > 0 && agent_codes * 2 >= codes
}

/// Strips a `#` comment and `<!-- -->` markup from a line.
fn strip_comment(line: &str) -> &str {
    let line = line.split('#').next().unwrap_or("");
    if line.trim_start().starts_with("<!--") {
        return "";
    }
    line
}

/// Splits `NAME [CODE ...][CODE ...]` into the name part and the bracketed code texts.
fn split_codes(line: &str) -> (&str, Vec<&str>) {
    let name_end = line.find('[').unwrap_or(line.len());
    let name = line.get(..name_end).unwrap_or("");
    let mut codes = Vec::new();
    let mut rest = line.get(name_end..).unwrap_or("");
    while let Some(open) = rest.find('[') {
        let after = rest.get(open + 1..).unwrap_or("");
        match after.find(']') {
            Some(close) => {
                codes.push(after.get(..close).unwrap_or(""));
                rest = after.get(close + 1..).unwrap_or("");
            }
            None => {
                codes.push(after);
                break;
            }
        }
    }
    (name, codes)
}

/// A name as written (`SERGEY_V._LAVROV_`) to words and the stem flag.
fn parse_name(raw: &str) -> Option<ActorName> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let whole_word = raw.ends_with('_');
    let words: Vec<&str> = raw
        .split(['_', ' ', '\t'])
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(ActorName {
        text: words.join(" "),
        stem: !whole_word && !raw.ends_with(' '),
    })
}

/// A date in `YYYYMMDD` or `YYMMDD` form (two-digit years ≤ 30 are 20YY, else 19YY).
pub fn parse_dict_date(text: &str) -> Option<Date> {
    let digits = text.trim();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, rest) = match digits.len() {
        8 => (digits.get(..4)?.parse::<i32>().ok()?, digits.get(4..)?),
        6 => {
            let yy = digits.get(..2)?.parse::<i32>().ok()?;
            (
                if yy <= 30 { 2000 + yy } else { 1900 + yy },
                digits.get(2..)?,
            )
        }
        _ => return None,
    };
    let month = rest.get(..2)?.parse::<u8>().ok()?;
    let day = rest.get(2..4)?.parse::<u8>().ok()?;
    Date::from_ymd(year, month, day)
}

/// `RUSGOV >20040309`, `CODE 19950601 - 19990815`, `HOB < 950601`, `IGOUNO`.
fn parse_code(text: &str) -> Option<DatedCode> {
    let text = text.trim();
    let (code, restriction) = match text.find(char::is_whitespace) {
        Some(i) => (text.get(..i)?, text.get(i..)?.trim()),
        None => (text, ""),
    };
    let code = code.trim_start_matches('~').to_ascii_uppercase();
    if code.is_empty() {
        return None;
    }
    let (mut start, mut end) = (None, None);
    if let Some(after) = restriction.strip_prefix('>') {
        start = parse_dict_date(after);
    } else if let Some(before) = restriction.strip_prefix('<') {
        end = parse_dict_date(before);
    } else if let Some((a, b)) = restriction.split_once('-') {
        start = parse_dict_date(a);
        end = parse_dict_date(b);
    }
    Some(DatedCode { code, start, end })
}

/// Parses an actors file (never fails: lines it does not understand are skipped).
pub fn parse_actors(text: &str) -> Vec<Actor> {
    let mut actors: Vec<Actor> = Vec::new();
    let mut current: Option<Actor> = None;
    let flush = |current: &mut Option<Actor>, actors: &mut Vec<Actor>| {
        if let Some(actor) = current.take() {
            if !actor.codes.is_empty() {
                actors.push(actor);
            }
        }
    };
    for raw in text.lines() {
        let line = strip_comment(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let (name_part, codes) = split_codes(trimmed);
        let codes: Vec<DatedCode> = codes.into_iter().filter_map(parse_code).collect();
        if let Some(synonym) = name_part.trim().strip_prefix('+') {
            if let (Some(actor), Some(name)) = (current.as_mut(), parse_name(synonym)) {
                actor.names.push(name);
                actor.codes.extend(codes);
            }
            continue;
        }
        let starts_with_space = line.starts_with([' ', '\t']);
        if name_part.trim().is_empty() || starts_with_space && name_part.trim().is_empty() {
            if let Some(actor) = current.as_mut() {
                actor.codes.extend(codes);
            }
            continue;
        }
        flush(&mut current, &mut actors);
        if let Some(name) = parse_name(name_part) {
            current = Some(Actor {
                canonical: name.text.clone(),
                names: vec![name],
                codes,
            });
        }
    }
    flush(&mut current, &mut actors);
    actors
}

/// The regular plural of a word (upper or lower case).
fn plural_of(word: &str) -> String {
    let upper = word.chars().any(|c| c.is_ascii_uppercase());
    let lower = word.to_ascii_lowercase();
    let plural = if lower.ends_with("man") {
        format!("{}men", lower.get(..lower.len() - 3).unwrap_or(""))
    } else if lower.ends_with('y')
        && !matches!(
            lower.chars().rev().nth(1),
            Some('a' | 'e' | 'i' | 'o' | 'u')
        )
    {
        format!("{}ies", lower.get(..lower.len() - 1).unwrap_or(""))
    } else if lower.ends_with('s')
        || lower.ends_with('x')
        || lower.ends_with("ch")
        || lower.ends_with("sh")
    {
        format!("{lower}es")
    } else {
        format!("{lower}s")
    };
    if upper {
        plural.to_ascii_uppercase()
    } else {
        plural
    }
}

/// Expands `!SET!` substitutions in a name (every combination, bounded).
fn expand(name: &str, sets: &HashMap<String, Vec<String>>) -> Vec<String> {
    let mut out = vec![name.to_string()];
    for _ in 0..3 {
        let mut next = Vec::new();
        let mut changed = false;
        for candidate in &out {
            let Some(open) = candidate.find('!') else {
                next.push(candidate.clone());
                continue;
            };
            let Some(len) = candidate.get(open + 1..).and_then(|r| r.find('!')) else {
                next.push(candidate.clone());
                continue;
            };
            let key = candidate.get(open..open + len + 2).unwrap_or("");
            match sets.get(key) {
                Some(values) => {
                    changed = true;
                    for value in values {
                        next.push(candidate.replacen(key, value, 1));
                    }
                }
                None => next.push(candidate.replacen(key, "", 1)),
            }
        }
        out = next;
        if !changed || out.len() > 64 {
            break;
        }
    }
    out
}

/// Parses an agents file (never fails: lines it does not understand are skipped).
pub fn parse_agents(text: &str) -> Vec<Agent> {
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    let mut agents = Vec::new();
    for raw in text.lines() {
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('!') {
            if let Some((key, values)) = line.split_once('=') {
                let values = values
                    .split(',')
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect();
                sets.insert(key.trim().to_string(), values);
                continue;
            }
        }
        let (name_part, codes) = split_codes(line);
        let Some(code) = codes.first().and_then(|c| parse_code(c)) else {
            continue;
        };
        let (name_part, plural_part) = match (name_part.find('{'), name_part.find('}')) {
            (Some(open), Some(close)) if open < close => (
                name_part.get(..open).unwrap_or(""),
                Some(name_part.get(open + 1..close).unwrap_or("")),
            ),
            _ => (name_part, None),
        };
        let mut names = Vec::new();
        let mut plurals = Vec::new();
        for expanded in expand(name_part.trim(), &sets) {
            let Some(name) = parse_name(&expanded) else {
                continue;
            };
            if plural_part.is_none_or(|p| p.trim().is_empty()) {
                let mut words: Vec<&str> = name.text.split(' ').collect();
                if let Some(last) = words.pop() {
                    let plural = plural_of(last);
                    words.push(&plural);
                    plurals.push(words.join(" "));
                }
            }
            names.push(name.text);
        }
        if let Some(explicit) = plural_part.filter(|p| !p.trim().is_empty()) {
            for expanded in expand(explicit.trim(), &sets) {
                if let Some(name) = parse_name(&expanded) {
                    plurals.push(name.text);
                }
            }
        }
        if !names.is_empty() {
            agents.push(Agent {
                names,
                plurals,
                code: code.code,
            });
        }
    }
    agents
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ACTORS: &str = "# test dictionary\n\
ZORBANIA_  [ZRB]\n\
+ZORBANIAN_\n\
\n\
IVAN_PETROVSKI_  # made up\n\
+PETROVSKI\n\
\t[ZRBGOV 950101-031231] # envoy\n\
\t[ZRBGOV >20150301]\n\
\t[ZRBELI]\n\
OLD_LEADER  [ZRBGOV < 990101][ZRBREB 990102 - 100101]\n\
NO_CODE_ENTRY\n\
<!-- markup line -->\n\
NULL_ACTOR [---]\n";

    #[test]
    fn parses_actors_with_dated_codes() {
        let actors = parse_actors(ACTORS);
        assert_eq!(actors.len(), 4, "{actors:#?}");
        let ivan = &actors[1];
        assert_eq!(ivan.canonical, "IVAN PETROVSKI");
        assert_eq!(ivan.names.len(), 2);
        assert!(ivan.names[1].stem);
        assert!(!ivan.names[0].stem);
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(ivan.code_at(Some(d("2000-06-01"))), Some("ZRBGOV"));
        assert_eq!(ivan.code_at(Some(d("2010-06-01"))), Some("ZRBELI"));
        assert_eq!(ivan.code_at(Some(d("2022-01-14"))), Some("ZRBGOV"));
        let old = &actors[2];
        assert_eq!(old.codes.len(), 2);
        assert_eq!(old.code_at(Some(d("1995-01-01"))), Some("ZRBGOV"));
        assert_eq!(old.code_at(Some(d("2005-01-01"))), Some("ZRBREB"));
        assert_eq!(actors[3].code_at(None), None);
    }

    #[test]
    fn two_digit_years() {
        assert_eq!(parse_dict_date("041001"), Date::parse("2004-10-01"));
        assert_eq!(parse_dict_date("950101"), Date::parse("1995-01-01"));
        assert_eq!(parse_dict_date("20040309"), Date::parse("2004-03-09"));
        assert_eq!(parse_dict_date("2004017"), None);
    }

    #[test]
    fn parses_agents_with_plurals_and_sets() {
        let text = "!PERSON! = MAN, WOMAN\n\
FOREIGN_MINISTER [~GOV] # x\n\
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]\n\
MEDIA {} [~MED]\n\
CONGRESS!PERSON! [~LEG]\n";
        let agents = parse_agents(text);
        assert_eq!(agents.len(), 4);
        assert_eq!(agents[0].names, vec!["FOREIGN MINISTER"]);
        assert_eq!(agents[0].plurals, vec!["FOREIGN MINISTERS"]);
        assert_eq!(agents[0].code, "GOV");
        assert_eq!(agents[1].plurals, vec!["ATTORNEYS GENERAL"]);
        assert_eq!(agents[3].names, vec!["CONGRESSMAN", "CONGRESSWOMAN"]);
        assert_eq!(agents[3].plurals[0], "CONGRESSMEN");
    }

    #[test]
    fn detects_agent_files() {
        assert!(is_agents_file("A [~GOV]\nB [~MIL]\n"));
        assert!(!is_agents_file(ACTORS));
    }

    #[test]
    fn reads_shared_dictionaries_when_present() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../../shared/data/petrarch");
        let actors = dir.join("Phoenix.Countries.actors.txt");
        let agents = dir.join("Phoenix.agents.txt");
        if !actors.exists() || !agents.exists() {
            return;
        }
        let dict = load_phoenix(&[actors, agents]).unwrap();
        assert!(dict.actors.len() > 10_000);
        assert!(dict.agents.len() > 1_000);
        let lavrov = dict
            .actors
            .iter()
            .find(|a| a.canonical == "SERGEY LAVROV")
            .unwrap();
        assert_eq!(lavrov.code_at(Date::parse("2022-01-14")), Some("RUSGOV"));
        assert!(dict
            .agents
            .iter()
            .any(|a| a.names.iter().any(|n| n == "FOREIGN MINISTER") && a.code == "GOV"));
    }

    #[test]
    fn reads_validation_suite_dictionaries_when_present() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../../shared/data/petrarch");
        let actors = dir.join("PETR.Validate.actors.txt");
        let agents = dir.join("PETR.Validate.agents.txt");
        if !actors.exists() || !agents.exists() {
            return;
        }
        let dict = load_phoenix(&[actors, agents]).unwrap();
        let code = |name: &str| {
            dict.actors
                .iter()
                .find(|a| a.names.iter().any(|n| n.text == name))
                .and_then(|a| a.code_at(None).map(str::to_string))
        };
        assert_eq!(code("HAMAS").as_deref(), Some("PSEREBHMS"));
        assert_eq!(code("AUSTRALIAN").as_deref(), Some("AUS"));
        assert_eq!(code("PALESTINIAN").as_deref(), Some("PSE"));
        assert!(dict
            .agents
            .iter()
            .any(|a| a.names.iter().any(|n| n == "FOREIGN MINISTER") && a.code == "GOVFRM"));
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,200}") {
            let _ = parse_actors(&text);
            let _ = parse_agents(&text);
            let _ = parse_dict_date(&text);
        }
    }
}
