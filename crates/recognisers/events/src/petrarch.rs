//! Reading PETRARCH/TABARI verb dictionaries (`--- VERB [code] ---` blocks) into trigger
//! rows, so a user can code events with their own CAMEO verb dictionary.
//!
//! PETRARCH matches its patterns on a constituency parse; annalist reads text only, so a
//! simplified reading is used: every verb of a block (with regular inflections and the
//! irregular forms in `{...}`) becomes a trigger with the block's code; a pattern line
//! `- WORDS * WORDS [code]` becomes the same trigger constrained by its words, in order,
//! before and after the verb (`_` joins words that must follow each other at once, a
//! space lets other words come between; `&NAME` is any member of the synset `&NAME`, whose
//! members may be synsets themselves; `$`, `+`, `%` and `^` — source, target, compound
//! actor ("X and Y", checked) and a skipped noun phrase — stand for words that may come
//! between). `- NOT *`
//! alone is a trigger that must be negated. Codes that are not digits are skipped.

use crate::lexicon::{inflect, Entry, Frame, Pattern, PatternItem, Require};
use crate::Error;
use std::collections::HashMap;
use std::path::Path;

/// A trigger read from a verb dictionary: its surface forms and its entry.
#[derive(Clone, Debug)]
pub struct DictTrigger {
    pub forms: Vec<String>,
    pub entry: Entry,
}

/// The code of `[code]` or `[code:reverse]`, and the reverse code when it is digits.
fn codes_of(text: &str) -> Option<(String, Option<String>)> {
    let inner = text.split('[').nth(1)?.split(']').next()?.trim();
    let mut parts = inner.split(':');
    let first = parts.next()?.trim();
    let digits = |c: &str| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit());
    let reverse = parts.next().map(str::trim).filter(|c| digits(c));
    digits(first).then(|| (first.to_string(), reverse.map(str::to_string)))
}

/// A trigger entry with the code and the recipient slots every dictionary trigger has
/// (the `dictionary_slot` words of `grammar.tsv`).
fn entry(
    (code, reverse): (String, Option<String>),
    require: Vec<Require>,
    line: usize,
    slots: &[String],
) -> Entry {
    Entry {
        cameo: code,
        frame: Frame::Svo,
        slots: slots.to_vec(),
        require,
        absorb: false,
        speech: false,
        noun: false,
        plover: None,
        fixed: true,
        reverse,
        verb_forms: Vec::new(),
        line,
    }
}

/// The synsets of a dictionary: `&NAME` followed by `+MEMBER` lines; a member may name
/// another synset.
fn synsets(text: &str) -> HashMap<String, Vec<String>> {
    let mut raw: HashMap<String, Vec<String>> = HashMap::new();
    let mut current: Option<String> = None;
    for raw_line in text.lines() {
        let line = raw_line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('&') {
            let name = name.split_whitespace().next().unwrap_or("");
            let name = name.trim_end_matches('_').to_ascii_uppercase();
            current = (!name.is_empty()).then_some(name);
            continue;
        }
        match (&current, line.strip_prefix('+')) {
            (Some(name), Some(member)) => {
                let member = member.split('[').next().unwrap_or("").trim();
                if !member.is_empty() {
                    raw.entry(name.clone())
                        .or_default()
                        .push(member.to_string());
                }
            }
            _ => current = None,
        }
    }
    raw
}

/// The phrases (lower-case words) of synset `name`, nested synsets expanded.
fn synset_phrases(
    sets: &HashMap<String, Vec<String>>,
    name: &str,
    depth: usize,
    out: &mut Vec<Vec<String>>,
) {
    if depth > 4 {
        return;
    }
    for member in sets.get(name).map(Vec::as_slice).unwrap_or(&[]) {
        if let Some(inner) = member.strip_prefix('&') {
            synset_phrases(
                sets,
                &inner.trim_end_matches('_').to_ascii_uppercase(),
                depth + 1,
                out,
            );
            continue;
        }
        let words: Vec<String> = member
            .split([' ', '_'])
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        if !words.is_empty() {
            out.push(words);
        }
    }
}

/// Parses a pattern body (`INDICATED WOULD * NOW`, `* NEW_&TIETYPES_RELATIONS`).
fn parse_pattern(body: &str, sets: &HashMap<String, Vec<String>>) -> Option<Pattern> {
    // (item, joined to the previous one); `None` is the verb.
    let mut items: Vec<(Option<PatternItem>, bool)> = Vec::new();
    for chunk in body.split_whitespace() {
        for (k, part) in chunk.split('_').enumerate() {
            let tight = k > 0;
            if part.is_empty() {
                continue;
            }
            let item = match part {
                "*" => None,
                "$" => Some(PatternItem::Source),
                "+" => Some(PatternItem::Target),
                "%" => Some(PatternItem::Compound),
                "^" => Some(PatternItem::Gap),
                p if p.starts_with('&') => {
                    let mut phrases = Vec::new();
                    synset_phrases(sets, &p[1..].to_ascii_uppercase(), 0, &mut phrases);
                    if phrases.is_empty() {
                        return None;
                    }
                    Some(PatternItem::Words(phrases))
                }
                p if p
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || matches!(c, '-' | '\'')) =>
                {
                    Some(PatternItem::Words(vec![vec![p.to_ascii_lowercase()]]))
                }
                _ => return None,
            };
            items.push((item, tight));
        }
    }
    let star = items.iter().position(|(i, _)| i.is_none())?;
    let (before, rest) = items.split_at(star);
    let verb_tight = rest.first().is_some_and(|(_, t)| *t);
    let convert = |xs: &[(Option<PatternItem>, bool)]| -> Vec<(PatternItem, bool)> {
        xs.iter()
            .filter_map(|(i, t)| i.clone().map(|i| (i, *t)))
            .collect()
    };
    Some(Pattern {
        before: convert(before),
        verb_tight,
        after: convert(rest.get(1..).unwrap_or(&[])),
    })
}

/// Parses one verb dictionary's text; every trigger gets the recipient `slots` (`obj` or
/// prepositions).
pub fn parse_verbs(text: &str, slots: &[String]) -> Vec<DictTrigger> {
    let sets = synsets(text);
    let mut out = Vec::new();
    let mut code: Option<(String, Option<String>)> = None;
    let mut forms: Vec<String> = Vec::new();
    let mut in_block = false;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('<') {
            continue;
        }
        if line.starts_with("---") {
            code = codes_of(line);
            forms.clear();
            in_block = true;
            continue;
        }
        if line.starts_with('&') {
            in_block = false;
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(pattern) = line.strip_prefix('-') {
            let Some(pcode) = codes_of(pattern) else {
                continue;
            };
            let body = pattern.split('[').next().unwrap_or("").trim();
            let words: Vec<&str> = body.split([' ', '_']).filter(|w| !w.is_empty()).collect();
            let Some(star) = words.iter().position(|w| *w == "*") else {
                continue;
            };
            let mut require = Vec::new();
            if star == 1 && words.len() == 2 && words[0].eq_ignore_ascii_case("not") {
                require.push(Require::Negated);
            } else {
                match parse_pattern(body, &sets) {
                    Some(p) if p.words() > 0 => require.push(Require::Pattern(p)),
                    _ => continue,
                }
            }
            out.push(DictTrigger {
                forms: forms.clone(),
                entry: entry(pcode, require, n + 1, slots),
            });
            continue;
        }
        // A verb line: `BAN {BANS BANNED}`, `BREAK { BROKE BROKEN }`, `ARM_`; a phrasal
        // verb with its verb marked `+` (`+BREAK_DOWN {+BROKE_DOWN}`, `WIRE_+TAP`); a
        // line may carry its own code (`KLM_NOP_+RST [002]`).
        let (body, own_code) = match line.split_once('[') {
            Some((b, _)) => (b, codes_of(line)),
            None => (line, None),
        };
        let (head, irregular) = match body.split_once('{') {
            Some((h, rest)) => (h, rest.split('}').next().unwrap_or("")),
            None => (body, ""),
        };
        let words: Vec<&str> = head.trim().split('_').filter(|w| !w.is_empty()).collect();
        let marked = words.iter().position(|w| w.starts_with('+')).unwrap_or(0);
        let words: Vec<String> = words
            .iter()
            .map(|w| w.trim_start_matches('+').to_ascii_lowercase())
            .collect();
        if words.is_empty()
            || !words
                .iter()
                .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic()))
        {
            continue;
        }
        let mut new_forms: Vec<String> = if irregular.trim().is_empty() {
            let verb = words.get(marked).cloned().unwrap_or_default();
            inflect(&verb)
                .iter()
                .map(|form| {
                    let mut phrase = words.clone();
                    if let Some(slot) = phrase.get_mut(marked) {
                        *slot = form.clone();
                    }
                    phrase.join(" ")
                })
                .collect()
        } else {
            vec![words.join(" ")]
        };
        new_forms.extend(irregular.split_whitespace().map(|w| {
            w.replace('_', " ")
                .replace('+', "")
                .trim()
                .to_ascii_lowercase()
        }));
        new_forms.retain(|f| !f.is_empty());
        forms.extend(new_forms.iter().cloned());
        if let Some(c) = own_code.or_else(|| code.clone()) {
            out.push(DictTrigger {
                forms: new_forms,
                entry: entry(c, Vec::new(), n + 1, slots),
            });
        }
    }
    out
}

/// An agent of a PETRARCH agents dictionary: its words (singular and plural forms) and
/// the sector code it adds after a country's code (`SECURITY_OFFICIALS [~GOV]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Agent {
    pub forms: Vec<Vec<String>>,
    pub sector: String,
}

/// Parses an agents dictionary. Agents written as a prefix (`[NGO~]`) and lines with
/// substitution macros (`!PERSON!`) are skipped.
pub fn parse_agents(text: &str) -> Vec<Agent> {
    let mut out = Vec::new();
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('<') || line.contains('!') {
            continue;
        }
        let Some((name_part, code_part)) = line.split_once('[') else {
            continue;
        };
        let code = code_part.split(']').next().unwrap_or("").trim();
        let Some(sector) = code.strip_prefix('~') else {
            continue;
        };
        if sector.is_empty() || !sector.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let (head, plurals) = match name_part.split_once('{') {
            Some((h, rest)) => (h, Some(rest.split('}').next().unwrap_or(""))),
            None => (name_part, None),
        };
        let words = |phrase: &str| -> Vec<String> {
            phrase
                .split('_')
                .filter(|w| !w.is_empty())
                .map(str::to_ascii_lowercase)
                .collect()
        };
        let base = words(head.trim());
        if base.is_empty() {
            continue;
        }
        let mut forms = vec![base.clone()];
        match plurals {
            // `{}`: no plural; `{A B}`: these plurals.
            Some(list) => forms.extend(list.split_whitespace().map(words)),
            None => {
                let mut plural = base.clone();
                if let Some(last) = plural.last_mut() {
                    *last = inflect(last)[1].clone();
                }
                forms.push(plural);
            }
        }
        forms.retain(|f| !f.is_empty());
        out.push(Agent {
            forms,
            sector: sector.to_string(),
        });
    }
    out
}

/// Reads agents dictionaries from files.
pub fn load_agents(paths: &[impl AsRef<Path>]) -> Result<Vec<Agent>, Error> {
    let mut out = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let text =
            std::fs::read_to_string(path).map_err(|e| Error(format!("{}: {e}", path.display())))?;
        out.extend(parse_agents(&text));
    }
    Ok(out)
}

/// Reads verb dictionaries from files; every trigger gets the recipient `slots`.
pub fn load_verbs(paths: &[impl AsRef<Path>], slots: &[String]) -> Result<Vec<DictTrigger>, Error> {
    let mut out = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let text =
            std::fs::read_to_string(path).map_err(|e| Error(format!("{}: {e}", path.display())))?;
        out.extend(parse_verbs(&text, slots));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DICT: &str = "<!-- a comment -->
&SYN
+X

--- MEND  [064]  ---
MEND    # note
- * FENCES  [065]
- NOT * [112]
- SOMETHING ELSE * [999]
- * &SYN [998]

--- FLEE {FLED FLEES} [---] ---
FLEE {FLED FLEES}

--- TAP [171] ---
WIRE_+TAP {WIRE_+TAPPED WIRE_+TAPPING}
+CORDON_OFF
BUG_+OUT [172]
";

    #[test]
    fn blocks_and_patterns() {
        let triggers = parse_verbs(DICT, &["obj".to_string()]);
        let codes: Vec<&str> = triggers.iter().map(|t| t.entry.cameo.as_str()).collect();
        assert_eq!(
            codes,
            ["064", "065", "112", "999", "998", "171", "171", "172"]
        );
        assert!(triggers[5].forms.contains(&"wire tapped".to_string()));
        assert!(triggers[6].forms.contains(&"cordoned off".to_string()));
        assert!(triggers[7].forms.contains(&"bug outs".to_string()));
        assert!(triggers[0].forms.contains(&"mended".to_string()));
        let words = |w: &str| PatternItem::Words(vec![vec![w.to_string()]]);
        assert_eq!(
            triggers[1].entry.require,
            vec![Require::Pattern(Pattern {
                before: vec![],
                verb_tight: false,
                after: vec![(words("fences"), false)],
            })]
        );
        assert!(triggers[2].entry.requires_negation());
        let Require::Pattern(p) = &triggers[3].entry.require[0] else {
            panic!("not a pattern");
        };
        assert_eq!(
            p.before,
            vec![(words("something"), false), (words("else"), false)]
        );
        let Require::Pattern(p) = &triggers[4].entry.require[0] else {
            panic!("not a pattern");
        };
        assert_eq!(p.after, vec![(words("x"), false)]);
    }

    #[test]
    fn joined_words_and_nested_synsets() {
        let sets = synsets("&A\n+RED\n+DARK BLUE\n&B\n+&A\n+GREEN\n");
        let p = parse_pattern("IN_* NEW_&B_TIES $", &sets).unwrap();
        assert!(p.verb_tight);
        assert_eq!(p.before.len(), 1);
        assert_eq!(p.after.len(), 4);
        let PatternItem::Words(phrases) = &p.after[1].0 else {
            panic!("not words");
        };
        assert_eq!(phrases.len(), 3);
        assert!(phrases.contains(&vec!["dark".to_string(), "blue".to_string()]));
        assert!(p.after[1].1 && p.after[2].1 && !p.after[0].1);
        assert_eq!(p.after[3].0, PatternItem::Source);
        assert!(parse_pattern("* &MISSING", &sets).is_none());
    }

    #[test]
    fn agents_with_plurals() {
        let agents = parse_agents(
            "!PERSON! = MAN, MEN\nPOLICE {} [ ~COP]\nMAIN_OPPOSITION_GROUP [~MOP] # x\nGOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]\nMSF {} [NGO~]\n",
        );
        assert_eq!(agents.len(), 3);
        assert_eq!(agents[0].forms, vec![vec!["police".to_string()]]);
        assert_eq!(agents[1].sector, "MOP");
        assert_eq!(agents[1].forms[1].last().unwrap(), "groups");
        assert_eq!(agents[2].forms[1], vec!["golden", "geese"]);
    }

    proptest::proptest! {
        #[test]
        fn agents_never_panic(text in "[-A-Z_~{}\\[\\]!# \n]{0,300}") {
            let _ = parse_agents(&text);
        }

        #[test]
        fn never_panics(text in "[-A-Z_*&+{}\\[\\]0-9 #\n]{0,400}") {
            let _ = parse_verbs(&text, &[]);
        }
    }
}
