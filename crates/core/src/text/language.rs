//! Language identification, enough to tell English from the rest.
//!
//! Non-Latin scripts are named by their dominant script; Latin-script text by the
//! function-word list (`data/text/stopwords.tsv`) that covers most of its first words.

use crate::lexicon::tsv_rows;
use std::collections::HashMap;
use std::sync::OnceLock;

const STOPWORDS: &str = include_str!("../../../../data/text/stopwords.tsv");

fn stopwords() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static TABLE: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for (_, cols) in tsv_rows(STOPWORDS) {
            if let [lang, words, ..] = cols.as_slice() {
                for word in words.split(' ').filter(|w| !w.is_empty()) {
                    table.entry(word).or_default().push(lang);
                }
            }
        }
        table
    })
}

/// ISO 639-1 code of the text's language, or `und` when there is too little text.
pub fn detect_language(text: &str) -> &'static str {
    const SAMPLE_WORDS: usize = 300;
    let mut scripts = [0usize; 5]; // latin, cyrillic, arabic, cjk, other
    let mut votes: HashMap<&'static str, usize> = HashMap::new();
    let mut words = 0;
    let table = stopwords();
    for word in text
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
        .take(SAMPLE_WORDS)
    {
        words += 1;
        if let Some(first) = word.chars().next() {
            let script = match first {
                'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => 0,
                '\u{0400}'..='\u{04FF}' => 1,
                '\u{0600}'..='\u{06FF}' => 2,
                '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' => 3,
                _ => 4,
            };
            scripts[script] += 1;
        }
        let lower = word.to_lowercase();
        if let Some(langs) = table.get(lower.as_str()) {
            for lang in langs {
                *votes.entry(lang).or_default() += 1;
            }
        }
    }
    if words == 0 {
        return "und";
    }
    let dominant = (0..scripts.len()).max_by_key(|&i| scripts[i]).unwrap_or(0);
    match dominant {
        1 => return "ru",
        2 => return "ar",
        3 => return "zh",
        4 => return "und",
        _ => {}
    }
    let best = votes
        .iter()
        .max_by_key(|(lang, n)| (**n, **lang == "en"))
        .map(|(lang, n)| (*lang, *n));
    match best {
        // Very short texts (a headline) have few function words: give English the benefit.
        Some((lang, n)) if n * 20 >= words || words < 20 => lang,
        None if words < 20 => "en",
        _ => "und",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_languages_apart() {
        assert_eq!(
            detect_language(
                "Russia wants to receive legal guarantees from the US and NATO, the minister said."
            ),
            "en"
        );
        assert_eq!(detect_language("Die Bundesregierung hat am Freitag mitgeteilt, dass sie die Gespräche mit der Ukraine fortsetzen wird."), "de");
        assert_eq!(detect_language("Le ministre a déclaré que la France et les partenaires européens sont prêts pour des négociations."), "fr");
        assert_eq!(
            detect_language("Министр иностранных дел России Сергей Лавров заявил в пятницу"),
            "ru"
        );
        assert_eq!(detect_language(""), "und");
    }
}
