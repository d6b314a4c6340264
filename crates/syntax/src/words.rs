//! Syntactic words (owns `words.rs`): splitting the core's tokens into the words Universal
//! Dependencies counts, as UD English-EWT does.
//!
//! The core's tokenizer keeps `don't`, `Russia's`, `NATO-Russia`, `and/or`, `7:30pm` as one
//! token each; the tagger and parser read `do` `n't`, `Russia` `'s`, `NATO` `-` `Russia`,
//! `and` `/` `or`, `7:30` `pm`. What splits where is data, `data/syntax/clitics.tsv`
//! (contractions as in the Penn Treebank tokenization guidelines, the hyphen prefixes that
//! stay attached and the units split off numbers as in the UD English guidelines); what
//! stays in code is how separators between digits behave, measured on EWT:
//!
//! - a hyphen between letters is a word of its own (`NATO` `-` `Russia`) unless the left
//!   part is a listed prefix (`non-Russian`); between digits it is one in a range
//!   (`5-10`, `1969-1970`) but not in a phone or postal number (`345-9945`,
//!   `713-853-3989`, `77415-0027`);
//! - a slash between words is a word (`and` `/` `or`), not in dates (`11/28/2000`, `9/11`),
//!   single-letter abbreviations (`w/o`, `L/C`) or web addresses; `1/2` is split;
//! - a colon splits unless digits stand on both sides (`10:30`);
//! - a period is split after only before a capitalised word (`St.George` → `St.`
//!   `George`); `U.S` and `3.5` stay.
//!
//! Word spans are non-empty, in order, on character boundaries, and cover the token
//! exactly.

use annalist_core::lexicon::tsv_rows;
use annalist_core::Span;
use std::sync::OnceLock;

const DATA: &str = include_str!("../../../data/syntax/clitics.tsv");

/// The splitting data, parsed once.
#[derive(Debug)]
struct Rules {
    /// Longest first, so that `n't` is tried before a shorter suffix.
    clitics: Vec<Box<str>>,
    /// A word and the byte offsets where its pieces start (after the first).
    words: Vec<(Box<str>, Vec<usize>)>,
    prefixes: Vec<Box<str>>,
    units: Vec<Box<str>>,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        parse_rules(DATA).unwrap_or_else(|e| panic!("data/syntax/clitics.tsv: {e}"))
    })
}

/// Parses the data file; every kind must be present, and a `word` row's pieces must spell
/// the word.
fn parse_rules(text: &str) -> Result<Rules, String> {
    let mut rules = Rules {
        clitics: Vec::new(),
        words: Vec::new(),
        prefixes: Vec::new(),
        units: Vec::new(),
    };
    for (line, columns) in tsv_rows(text) {
        let form = columns.get(1).copied().unwrap_or("");
        if form.is_empty() || (!form.is_ascii() && columns[0] != "clitic") {
            return Err(format!(
                "line {line}: a form is needed (ASCII but for clitics)"
            ));
        }
        match columns[0] {
            "clitic" => rules.clitics.push(form.into()),
            "prefix" => rules.prefixes.push(form.to_ascii_lowercase().into()),
            "unit" => rules.units.push(form.to_ascii_lowercase().into()),
            "word" => {
                let pieces: Vec<&str> = columns
                    .get(2)
                    .map_or(Vec::new(), |p| p.split(' ').collect());
                if pieces.len() < 2 || pieces.concat() != form {
                    return Err(format!("line {line}: the pieces must spell {form:?}"));
                }
                let mut cuts = Vec::new();
                let mut at = 0;
                for piece in &pieces[..pieces.len() - 1] {
                    at += piece.len();
                    cuts.push(at);
                }
                rules.words.push((form.to_ascii_lowercase().into(), cuts));
            }
            other => return Err(format!("line {line}: unknown kind {other:?}")),
        }
    }
    for (kind, empty) in [
        ("clitic", rules.clitics.is_empty()),
        ("word", rules.words.is_empty()),
        ("prefix", rules.prefixes.is_empty()),
        ("unit", rules.units.is_empty()),
    ] {
        if empty {
            return Err(format!("no {kind:?} rows"));
        }
    }
    rules
        .clitics
        .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    Ok(rules)
}

/// Pushes the spans between successive cuts.
struct Cutter<'o> {
    base: usize,
    last: usize,
    out: &'o mut Vec<Span>,
}

impl Cutter<'_> {
    /// Ends a word at `at` (relative to the token); nothing if no text since the last cut.
    fn cut(&mut self, at: usize) {
        if at > self.last {
            self.out
                .push(Span::new(self.base + self.last, self.base + at));
            self.last = at;
        }
    }
}

fn is_delimiter(c: char) -> bool {
    matches!(c, '-' | '/' | ':' | '.' | ',' | '&' | '\'' | '’')
}

/// The run of non-delimiters ending at byte `i`.
fn segment_before(token: &str, i: usize) -> &str {
    let start = token[..i]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_delimiter(c))
        .map_or(0, |(j, c)| j + c.len_utf8());
    &token[start..i]
}

/// The run of non-delimiters starting at byte `i`.
fn segment_after(token: &str, i: usize) -> &str {
    let end = token[i..]
        .char_indices()
        .find(|&(_, c)| is_delimiter(c))
        .map_or(token.len(), |(j, _)| i + j);
    &token[i..end]
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn letters(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_alphabetic)
}

/// `George`: a capital, then at least two lower-case letters.
fn capitalised_word(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.clone().count() >= 2
        && chars.all(char::is_lowercase)
}

/// Facts about the whole token the separator rules read.
struct TokenFacts {
    hyphens: usize,
    slashes: usize,
    /// Only digits and hyphens: a phone number, a range, a postal code.
    digits_and_hyphens: bool,
    /// Part of a web or mail address: one word.
    address: bool,
}

/// Whether a separator at byte `i` of the token is a word of its own, and so the word
/// before it ends there. `.` is different: it stays with the word before it (see
/// [`splits_after_period`]).
fn splits_at(token: &str, i: usize, sep: u8, facts: &TokenFacts) -> bool {
    let left = segment_before(token, i);
    let right = segment_after(token, i + 1);
    match sep {
        b'-' => {
            if digits(left) && digits(right) {
                if !facts.digits_and_hyphens {
                    return true;
                }
                // Phone numbers, postal codes and serials stay whole; ranges split.
                let whole =
                    facts.hyphens >= 2 || left.len() >= 5 || (right.len() == 4 && left.len() != 4);
                return !whole;
            }
            let prefix = rules()
                .prefixes
                .iter()
                .any(|p| p.eq_ignore_ascii_case(left));
            !prefix && (!left.is_empty() || !right.is_empty())
        }
        b'/' => {
            if digits(left) && digits(right) {
                // Dates stay whole; a fraction of two single digits splits.
                facts.slashes == 1 && left.len() == 1 && right.len() == 1
            } else {
                let abbreviation = facts.slashes == 1
                    && letters(left)
                    && letters(right)
                    && left.chars().count() == 1
                    && right.chars().count() == 1;
                !abbreviation
            }
        }
        b':' => {
            let digit_left = left.bytes().next_back().is_some_and(|b| b.is_ascii_digit());
            let digit_right = right.bytes().next().is_some_and(|b| b.is_ascii_digit());
            !(digit_left && digit_right)
        }
        _ => false,
    }
}

fn splits_after_period(token: &str, i: usize) -> bool {
    letters(segment_before(token, i)) && capitalised_word(segment_after(token, i + 1))
}

/// Splits one piece (between separators) at a listed word, clitic or unit.
fn split_piece(token: &str, start: usize, end: usize, cutter: &mut Cutter) {
    let piece = &token[start..end];
    let rules = rules();
    if let Some((_, cuts)) = rules
        .words
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(piece))
    {
        for &c in cuts {
            cutter.cut(start + c);
        }
        return;
    }
    for clitic in &rules.clitics {
        let Some(host_len) = piece.len().checked_sub(clitic.len()) else {
            continue;
        };
        if host_len == 0 || !piece.is_char_boundary(host_len) {
            continue;
        }
        if piece[host_len..].eq_ignore_ascii_case(clitic)
            && piece[..host_len]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
        {
            cutter.cut(start + host_len);
            return;
        }
    }
    // A number and its unit: `7:30pm`, `3.5bn`, `10km`.
    let bytes = piece.as_bytes();
    if bytes.first().is_some_and(u8::is_ascii_digit) {
        let mut n = bytes
            .iter()
            .take_while(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b':'))
            .count();
        while n > 0 && !bytes[n - 1].is_ascii_digit() {
            n -= 1;
        }
        let unit = &piece[n..];
        if !unit.is_empty() && rules.units.iter().any(|u| u.eq_ignore_ascii_case(unit)) {
            cutter.cut(start + n);
        }
    }
}

/// Appends the spans of the syntactic words of the token at `span` in `text` to `out`.
///
/// Words are non-empty, in order, on character boundaries and cover the token exactly. An
/// empty span has no words; a span that does not slice `text` (a caller's bug) is passed
/// on whole.
pub fn split_token(text: &str, span: Span, out: &mut Vec<Span>) {
    let Some(token) = text.get(span.start..span.end) else {
        if !span.is_empty() {
            out.push(span);
        }
        return;
    };
    if token.is_empty() {
        return;
    }
    let before = text[..span.start].chars().next_back();
    let slashes = token.bytes().filter(|&b| b == b'/').count();
    let facts = TokenFacts {
        hyphens: token.bytes().filter(|&b| b == b'-').count(),
        slashes,
        digits_and_hyphens: token.bytes().all(|b| b.is_ascii_digit() || b == b'-'),
        address: token.contains('@')
            || slashes > 0
                && (matches!(before, Some('.' | '/' | ':' | '@')) || token.contains('.')),
    };
    if facts.address {
        out.push(span);
        return;
    }
    let mut cutter = Cutter {
        base: span.start,
        last: 0,
        out,
    };
    let mut piece = 0;
    for (i, &b) in token.as_bytes().iter().enumerate() {
        match b {
            b'-' | b'/' | b':' if splits_at(token, i, b, &facts) => {
                split_piece(token, piece, i, &mut cutter);
                cutter.cut(i);
                cutter.cut(i + 1);
                piece = i + 1;
            }
            b'.' if splits_after_period(token, i) => {
                split_piece(token, piece, i + 1, &mut cutter);
                cutter.cut(i + 1);
                piece = i + 1;
            }
            _ => {}
        }
    }
    split_piece(token, piece, token.len(), &mut cutter);
    cutter.cut(token.len());
}

#[cfg(test)]
mod tests {
    use super::*;
    use annalist_core::text::tokenize;
    use proptest::prelude::*;

    fn words(token: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split_token(token, Span::new(0, token.len()), &mut out);
        out.iter().map(|s| s.slice(token)).collect()
    }

    fn text_words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for t in tokenize(text, 0) {
            split_token(text, t.span, &mut out);
        }
        out.iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn contractions() {
        assert_eq!(words("don't"), ["do", "n't"]);
        assert_eq!(words("can't"), ["ca", "n't"]);
        assert_eq!(words("won't"), ["wo", "n't"]);
        assert_eq!(words("WASN'T"), ["WAS", "N'T"]);
        assert_eq!(words("Russia's"), ["Russia", "'s"]);
        assert_eq!(words("Russia’s"), ["Russia", "’s"]);
        assert_eq!(words("I'm"), ["I", "'m"]);
        assert_eq!(words("they’re"), ["they", "’re"]);
        assert_eq!(words("we'll"), ["we", "'ll"]);
        assert_eq!(words("could've"), ["could", "'ve"]);
        assert_eq!(words("she'd"), ["she", "'d"]);
        assert_eq!(words("cannot"), ["can", "not"]);
        assert_eq!(words("Gonna"), ["Gon", "na"]);
        // Not clitics: names, decades, a bare apostrophe.
        assert_eq!(words("O'Brien"), ["O'Brien"]);
        assert_eq!(words("1990's"), ["1990's"]);
        assert_eq!(words("'s"), ["'s"]);
    }

    #[test]
    fn hyphens() {
        assert_eq!(words("NATO-Russia"), ["NATO", "-", "Russia"]);
        assert_eq!(words("so-called"), ["so", "-", "called"]);
        assert_eq!(words("26-year-old"), ["26", "-", "year", "-", "old"]);
        assert_eq!(words("non-Russian"), ["non-Russian"]);
        assert_eq!(words("e-mail"), ["e-mail"]);
        assert_eq!(words("pro-Kremlin-backed"), ["pro-Kremlin", "-", "backed"]);
        assert_eq!(words("1969-1970"), ["1969", "-", "1970"]);
        assert_eq!(words("5-10"), ["5", "-", "10"]);
        assert_eq!(words("713-853-3989"), ["713-853-3989"]);
        assert_eq!(words("345-9945"), ["345-9945"]);
        assert_eq!(words("9am-12pm"), ["9", "am", "-", "12", "pm"]);
    }

    #[test]
    fn slashes_colons_periods_and_units() {
        assert_eq!(words("and/or"), ["and", "/", "or"]);
        assert_eq!(words("w/o"), ["w/o"]);
        assert_eq!(words("11/28/2000"), ["11/28/2000"]);
        assert_eq!(words("9/11"), ["9/11"]);
        assert_eq!(words("1/2"), ["1", "/", "2"]);
        assert_eq!(words("10:30"), ["10:30"]);
        assert_eq!(words("NOTE:If"), ["NOTE", ":", "If"]);
        assert_eq!(words("U.S"), ["U.S"]);
        assert_eq!(words("St.George"), ["St.", "George"]);
        assert_eq!(words("3.5"), ["3.5"]);
        assert_eq!(words("1,000"), ["1,000"]);
        assert_eq!(words("AT&T"), ["AT&T"]);
        assert_eq!(words("7:30pm"), ["7:30", "pm"]);
        assert_eq!(words("3.5bn"), ["3.5", "bn"]);
        assert_eq!(words("10km"), ["10", "km"]);
        assert_eq!(words("3rd"), ["3rd"]);
        assert_eq!(words("1990s"), ["1990s"]);
    }

    #[test]
    fn addresses_stay_whole() {
        let text = "see www.example.com/news/pro-kremlin-rally now";
        let w = text_words(text);
        assert!(w.contains(&"com/news/pro-kremlin-rally"), "{w:?}");
    }

    #[test]
    fn tokens_of_a_dispatch() {
        assert_eq!(
            text_words("Lavrov didn't attend the NATO-Russia talks at 10:30am."),
            [
                "Lavrov", "did", "n't", "attend", "the", "NATO", "-", "Russia", "talks", "at",
                "10:30", "am", "."
            ]
        );
    }

    #[test]
    fn spans_point_into_the_text() {
        let text = "He said: \"Kyiv's\"";
        let tokens = tokenize(text, 0);
        let mut out = Vec::new();
        split_token(text, tokens[4].span, &mut out);
        assert_eq!(out, [Span::new(10, 14), Span::new(14, 16)]);
        // An empty span has no words; one outside the text is passed on.
        out.clear();
        split_token(text, Span::new(3, 3), &mut out);
        assert!(out.is_empty());
        split_token(text, Span::new(10, 99), &mut out);
        assert_eq!(out, [Span::new(10, 99)]);
    }

    #[test]
    fn data_file_parses_and_checks_itself() {
        let r = parse_rules(DATA).unwrap();
        assert!(r.clitics.iter().any(|c| &**c == "n’t"));
        assert!(parse_rules("word\tcannot\tca not\nclitic\t's\nprefix\tnon\nunit\tkm\n").is_err());
        assert!(parse_rules("clitic\t's\nprefix\tnon\nunit\tkm\n").is_err());
        assert!(parse_rules("colour\tred\n").is_err());
    }

    fn check_cover(text: &str, span: Span) -> Result<(), TestCaseError> {
        let mut out = Vec::new();
        split_token(text, span, &mut out);
        let mut at = span.start;
        for w in &out {
            prop_assert!(!w.is_empty(), "{text:?} {span:?} {out:?}");
            prop_assert_eq!(w.start, at, "{:?} {:?} {:?}", text, span, out);
            prop_assert!(text.is_char_boundary(w.start) && text.is_char_boundary(w.end));
            at = w.end;
        }
        prop_assert_eq!(at, span.end, "{:?} {:?} {:?}", text, span, out);
        Ok(())
    }

    proptest! {
        #[test]
        fn words_cover_any_token(text in "\\PC{0,40}") {
            for t in tokenize(&text, 0) {
                check_cover(&text, t.span)?;
            }
        }

        #[test]
        fn words_cover_token_like_strings(text in "[a-zA-Z0-9'’./:,&-]{1,24}") {
            for t in tokenize(&text, 0) {
                check_cover(&text, t.span)?;
            }
            // And the whole string as one token, whatever it holds.
            check_cover(&text, Span::new(0, text.len()))?;
        }

        #[test]
        fn words_cover_any_span(text in "\\PC{1,30}", a in 0usize..40, b in 0usize..40) {
            let (a, b) = (a.min(b), a.max(b));
            let mut a = a.min(text.len());
            let mut b = b.min(text.len());
            while !text.is_char_boundary(a) { a -= 1; }
            while !text.is_char_boundary(b) { b += 1; }
            check_cover(&text, Span::new(a, b))?;
        }
    }
}
