//! Sentence splitting for news text.
//!
//! A sentence ends at `.`, `!`, `?` or an ellipsis (with any closing quote marks and
//! brackets glued to it) when the next token can start a sentence. A period does not end
//! a sentence after an abbreviation from `data/text/abbreviations.txt` or an initial,
//! except after a dotted abbreviation (`U.S.`, `p.m.`) that is followed by a word of
//! `data/text/sentence_starters.txt`. Paragraph breaks always end a sentence; the
//! dateline is a sentence of its own.

use crate::document::{Sentence, Token, TokenKind};
use crate::lexicon::word_list;
use crate::span::Span;
use std::collections::HashSet;
use std::sync::OnceLock;

const ABBREVIATIONS: &str = include_str!("../../../../data/text/abbreviations.txt");
const STARTERS: &str = include_str!("../../../../data/text/sentence_starters.txt");

fn abbreviations() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_list(ABBREVIATIONS).collect())
}

fn starters() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_list(STARTERS).collect())
}

fn is_terminal(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…")
}

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

/// Sentences of the body, as token-index ranges with their spans.
pub fn split_sentences(
    text: &str,
    tokens: &[Token],
    paragraphs: &[Span],
    dateline: Option<Span>,
) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut index = 0;
    for paragraph in paragraphs {
        while index < tokens.len() && tokens[index].span.start < paragraph.start {
            index += 1;
        }
        let first = index;
        while index < tokens.len() && tokens[index].span.end <= paragraph.end {
            index += 1;
        }
        split_paragraph(text, tokens, first, index, dateline, &mut sentences);
    }
    sentences
}

fn push(tokens: &[Token], start: usize, end: usize, out: &mut Vec<Sentence>) {
    if start < end {
        let span = Span::new(tokens[start].span.start, tokens[end - 1].span.end);
        out.push(Sentence {
            span,
            tokens: (start, end),
        });
    }
}

fn split_paragraph(
    text: &str,
    tokens: &[Token],
    first: usize,
    last: usize,
    dateline: Option<Span>,
    out: &mut Vec<Sentence>,
) {
    let mut start = first;
    if let Some(dateline) = dateline {
        if start < last && dateline.contains_offset(tokens[start].span.start) {
            let mut end = start;
            while end < last && tokens[end].span.end <= dateline.end {
                end += 1;
            }
            push(tokens, start, end, out);
            start = end;
        }
    }
    let slice = |i: usize| tokens[i].span.slice(text);
    let mut i = start;
    while i < last {
        if !is_terminal(slice(i)) {
            i += 1;
            continue;
        }
        let terminal = i;
        let mut end = i + 1;
        // Absorb "...", "?!" and closing quotes or brackets glued to the mark.
        while end < last
            && tokens[end].span.start == tokens[end - 1].span.end
            && (is_terminal(slice(end)) || is_closer(slice(end)))
        {
            end += 1;
        }
        let ellipsis = slice(terminal) == "…" || end - terminal >= 3 && slice(terminal + 1) == ".";
        if end >= last {
            break;
        }
        if ends_sentence(text, tokens, terminal, end, ellipsis) {
            push(tokens, start, end, out);
            start = end;
        }
        i = end;
    }
    push(tokens, start, last, out);
}

fn ends_sentence(
    text: &str,
    tokens: &[Token],
    terminal: usize,
    next: usize,
    ellipsis: bool,
) -> bool {
    let next_text = tokens[next].span.slice(text);
    let next_word = if is_closer(next_text)
        || matches!(next_text, "“" | "‘" | "«" | "(" | "[" | "—" | "-")
    {
        tokens.get(next + 1).map_or("", |t| t.span.slice(text))
    } else {
        next_text
    };
    let starts_upper = next_word
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if !starts_upper {
        return false;
    }
    if ellipsis || tokens[terminal].span.slice(text) != "." {
        return true;
    }
    // A period: is the word glued before it an abbreviation or an initial?
    let Some(prev) = terminal.checked_sub(1).map(|p| tokens[p]) else {
        return true;
    };
    if prev.span.end != tokens[terminal].span.start || prev.kind != TokenKind::Word {
        return true;
    }
    let word = prev.span.slice(text);
    let dotted = word.contains('.');
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    if dotted || abbreviations().contains(word) {
        return dotted && starters().contains(next_word);
    }
    !initial
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{split_paragraphs, tokenize};

    fn sentences(text: &str) -> Vec<&str> {
        let tokens = tokenize(text, 0);
        let paragraphs = split_paragraphs(text, 0);
        split_sentences(text, &tokens, &paragraphs, None)
            .iter()
            .map(|s| s.span.slice(text))
            .collect()
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            sentences("Mr. Smith met Gen. J. R. Allen in St. Petersburg on Jan. 5. They talked."),
            [
                "Mr. Smith met Gen. J. R. Allen in St. Petersburg on Jan. 5.",
                "They talked."
            ]
        );
        assert_eq!(
            sentences("He flew to the U.S. The talks began."),
            ["He flew to the U.S.", "The talks began."]
        );
        assert_eq!(
            sentences("The U.S. Senate voted. No. 5 won."),
            ["The U.S. Senate voted.", "No. 5 won."]
        );
    }

    #[test]
    fn quotes_and_ellipses() {
        assert_eq!(
            sentences("\"We will not wait.\" He left... and came back. \"Why?\" she asked."),
            [
                "\"We will not wait.\"",
                "He left... and came back.",
                "\"Why?\" she asked."
            ]
        );
        assert_eq!(
            sentences("\"It is over. We won,\" he said."),
            ["\"It is over.", "We won,\" he said."]
        );
    }

    #[test]
    fn paragraphs_end_sentences() {
        assert_eq!(
            sentences("A headline\n\nThe story begins. It ends"),
            ["A headline", "The story begins.", "It ends"]
        );
    }
}
