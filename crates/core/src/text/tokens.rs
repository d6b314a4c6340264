//! Tokenisation into words, numbers and punctuation.
//!
//! A word is a run of letters and digits that may contain `'`, `’`, `-`, `.`, `:`, `/`
//! or `,` between two alphanumerics (`don't`, `NATO-Russia`, `U.S`, `10:30`, `3.5`,
//! `1,000`); every other non-space character is a punctuation token of its own. A
//! trailing period is always its own token, so abbreviations are decided by the sentence
//! splitter, not here.

use crate::document::{Token, TokenKind};
use crate::span::Span;

fn joins(ch: char) -> bool {
    matches!(ch, '\'' | '’' | '-' | '.' | ':' | '/' | ',' | '&')
}

/// Tokens of `text[from..]` with spans into `text`.
pub fn tokenize(text: &str, from: usize) -> Vec<Token> {
    let body = text.get(from..).unwrap_or("");
    let mut tokens = Vec::with_capacity(body.len() / 5);
    let mut chars = body.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        if ch.is_whitespace() {
            continue;
        }
        if ch.is_alphanumeric() {
            let mut end = start + ch.len_utf8();
            let mut all_digits = ch.is_ascii_digit();
            loop {
                match chars.peek().copied() {
                    Some((i, c)) if c.is_alphanumeric() => {
                        all_digits &= c.is_ascii_digit() || c == '.' || c == ',';
                        end = i + c.len_utf8();
                        chars.next();
                    }
                    Some((i, c)) if joins(c) => {
                        // Only join when an alphanumeric follows the joiner directly;
                        // `,` and `.` join only digits (1,000 and 3.5), or letters for `.` (U.S).
                        let next = body[i + c.len_utf8()..].chars().next();
                        let prev_digit = body[..i]
                            .chars()
                            .next_back()
                            .is_some_and(|p| p.is_ascii_digit());
                        let ok = match (c, next) {
                            (_, None) => false,
                            (',', Some(n)) => {
                                prev_digit && n.is_ascii_digit() && thousands_group(&body[i + 1..])
                            }
                            ('.', Some(n)) if n.is_ascii_digit() => prev_digit,
                            // Letters join over a period only in dotted abbreviations
                            // (U.S.A, e.g): the letters before it are one or two.
                            ('.', Some(n)) => {
                                n.is_alphabetic() && !prev_digit && short_run_before(&body[..i])
                            }
                            (_, Some(n)) => n.is_alphanumeric(),
                        };
                        if !ok {
                            break;
                        }
                        all_digits &= c == '.' || c == ',' || c == ':' || c == '/' || c == '-';
                        end = i + c.len_utf8();
                        chars.next();
                    }
                    _ => break,
                }
            }
            let kind = if all_digits {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            tokens.push(Token {
                span: Span::new(from + start, from + end),
                kind,
            });
        } else {
            let end = start + ch.len_utf8();
            tokens.push(Token {
                span: Span::new(from + start, from + end),
                kind: TokenKind::Punct,
            });
        }
    }
    tokens
}

fn short_run_before(before: &str) -> bool {
    before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .count()
        <= 2
}

/// `1,000` but not `5,Moscow` or `2021, 2022`: exactly three digits follow the comma.
fn thousands_group(rest: &str) -> bool {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits == 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, 0)
            .iter()
            .map(|t| t.span.slice(text))
            .collect()
    }

    #[test]
    fn joins_inside_words() {
        assert_eq!(words("NATO-Russia Council"), ["NATO-Russia", "Council"]);
        assert_eq!(words("the U.S. said"), ["the", "U.S", ".", "said"]);
        assert_eq!(
            words("don't, 1,000 at 10:30."),
            ["don't", ",", "1,000", "at", "10:30", "."]
        );
        assert_eq!(words("in 2021, 2022"), ["in", "2021", ",", "2022"]);
        assert_eq!(words("\"I will\""), ["\"", "I", "will", "\""]);
        assert_eq!(words("end.Next"), ["end", ".", "Next"]);
    }

    #[test]
    fn kinds() {
        let tokens = tokenize("In 2021, 3.5 people", 0);
        let kinds: Vec<_> = tokens.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                TokenKind::Word,
                TokenKind::Number,
                TokenKind::Punct,
                TokenKind::Number,
                TokenKind::Word
            ]
        );
    }
}
