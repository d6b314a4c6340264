//! Reading PETRARCH/TABARI verb dictionaries (`--- VERB [code] ---` blocks) into trigger
//! rows, so a user can code events with their own CAMEO verb dictionary.
//!
//! PETRARCH matches its patterns on a constituency parse; annalist reads text only, so a
//! simplified reading is used: every verb of a block (with regular inflections and the
//! irregular forms in `{...}`) becomes a trigger with the block's code; a pattern
//! `- * WORD ... [code]` becomes the same trigger constrained by WORD as an object nearby,
//! and `- NOT * [code]` a trigger that must be negated. Patterns with anything else before
//! the verb, synsets (`&NAME`), or codes that are not digits are skipped.

use crate::lexicon::{inflect, Entry, Frame, Require};
use crate::Error;
use std::path::Path;

/// A trigger read from a verb dictionary: its surface forms and its entry.
#[derive(Clone, Debug)]
pub struct DictTrigger {
    pub forms: Vec<String>,
    pub entry: Entry,
}

fn code_of(text: &str) -> Option<String> {
    let inner = text.split('[').nth(1)?.split(']').next()?.trim();
    let first = inner.split(':').next()?.trim();
    (!first.is_empty() && first.bytes().all(|b| b.is_ascii_digit())).then(|| first.to_string())
}

fn entry(code: String, require: Vec<Require>, line: usize) -> Entry {
    Entry {
        cameo: code,
        frame: Frame::Svo,
        slots: ["obj", "with", "to", "against", "on", "from", "for", "at"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        require,
        absorb: false,
        speech: false,
        noun: false,
        plover: None,
        fixed: true,
        line,
    }
}

/// Parses one verb dictionary's text.
pub fn parse_verbs(text: &str) -> Vec<DictTrigger> {
    let mut out = Vec::new();
    let mut code: Option<String> = None;
    let mut forms: Vec<String> = Vec::new();
    let mut in_block = false;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('<') {
            continue;
        }
        if line.starts_with("---") {
            code = code_of(line);
            forms.clear();
            in_block = true;
            continue;
        }
        if line.starts_with('&') {
            in_block = false;
            continue;
        }
        if !in_block || line.starts_with('+') {
            continue;
        }
        if let Some(pattern) = line.strip_prefix('-') {
            let Some(pcode) = code_of(pattern) else {
                continue;
            };
            let body = pattern.split('[').next().unwrap_or("").trim();
            let words: Vec<&str> = body.split([' ', '_']).filter(|w| !w.is_empty()).collect();
            let Some(star) = words.iter().position(|w| *w == "*") else {
                continue;
            };
            let before = &words[..star];
            let after = &words[star + 1..];
            let mut require = Vec::new();
            match before {
                [] => {}
                [neg] if neg.eq_ignore_ascii_case("not") => require.push(Require::Negated),
                _ => continue,
            }
            match after.first() {
                Some(w) if w.chars().all(|c| c.is_ascii_alphabetic()) => {
                    require.push(Require::Object(vec![w.to_ascii_lowercase()]));
                }
                Some(_) => continue,
                None => {}
            }
            if require.is_empty() {
                continue;
            }
            out.push(DictTrigger {
                forms: forms.clone(),
                entry: entry(pcode, require, n + 1),
            });
            continue;
        }
        // A verb line: `BAN {BANS BANNED}`, `BREAK { BROKE BROKEN }`, `ARM_`.
        let (head, irregular) = match line.split_once('{') {
            Some((h, rest)) => (h, rest.split('}').next().unwrap_or("")),
            None => (line, ""),
        };
        let head = head.trim().trim_end_matches('_').replace('_', " ");
        if head.is_empty() || !head.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') {
            continue;
        }
        let lower = head.to_ascii_lowercase();
        let mut new_forms: Vec<String> = if irregular.trim().is_empty() {
            inflect(&lower).to_vec()
        } else {
            vec![lower.clone()]
        };
        new_forms.extend(
            irregular
                .split_whitespace()
                .map(|w| w.replace('_', " ").to_ascii_lowercase()),
        );
        forms.extend(new_forms.iter().cloned());
        if let Some(c) = &code {
            out.push(DictTrigger {
                forms: new_forms,
                entry: entry(c.clone(), Vec::new(), n + 1),
            });
        }
    }
    out
}

/// Reads verb dictionaries from files.
pub fn load_verbs(paths: &[impl AsRef<Path>]) -> Result<Vec<DictTrigger>, Error> {
    let mut out = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let text =
            std::fs::read_to_string(path).map_err(|e| Error(format!("{}: {e}", path.display())))?;
        out.extend(parse_verbs(&text));
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
";

    #[test]
    fn blocks_and_patterns() {
        let triggers = parse_verbs(DICT);
        let codes: Vec<&str> = triggers.iter().map(|t| t.entry.cameo.as_str()).collect();
        assert_eq!(codes, ["064", "065", "112"]);
        assert!(triggers[0].forms.contains(&"mended".to_string()));
        assert_eq!(
            triggers[1].entry.require,
            vec![Require::Object(vec!["fences".to_string()])]
        );
        assert!(triggers[2].entry.requires_negation());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "[-A-Z_*&+{}\\[\\]0-9 #\n]{0,400}") {
            let _ = parse_verbs(&text);
        }
    }
}
