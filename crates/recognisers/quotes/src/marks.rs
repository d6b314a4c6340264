//! Quotation marks: finding them and pairing them into quoted segments.
//!
//! Straight (`"`), typographic (`“ ”`, `‘ ’`), guillemets (`« »`) and low (`„`) marks are
//! found with one `memchr` pass. Pairing runs paragraph by paragraph, so an unbalanced or
//! stray mark never spoils more than its own paragraph: a quote still open at the end of a
//! paragraph continues only when the next paragraph reopens it (the newspaper convention
//! for quotations over several paragraphs); otherwise it is dropped and reported.
//!
//! Whether a straight `"` opens or closes is decided by its neighbours: an opener follows a
//! space, a bracket or a dash and precedes a non-space; a closer follows a non-space.

use annalist_core::Span;

/// Families of marks that pair with each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// `"`.
    Straight,
    /// `“ ”` and `„` (a straight quotation may hold a typographic one and vice versa).
    Curly,
    /// `‘ ’` (`’` is mostly an apostrophe, so these are handled cautiously).
    Single,
    /// `« »`.
    Guillemet,
}

/// One quotation mark with the roles its shape and neighbours allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub span: Span,
    pub family: Family,
    pub can_open: bool,
    pub can_close: bool,
}

/// A paired quotation: the marks and the text between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub open: Span,
    pub close: Span,
    /// Between the marks, trimmed of spaces and of a trailing `,` `;` `:`.
    pub content: Span,
    /// Number of paragraphs the quotation runs over.
    pub paragraphs: usize,
}

fn opener_before(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | '“' | '‘' | '«' | '„'
                )
        }
    }
}

fn classify(text: &str, start: usize, ch: char) -> Option<Mark> {
    classify_len(text, start, ch, ch.len_utf8())
}

/// `ch` standing for a mark of `len` bytes (two apostrophes `''` stand for `"`).
fn classify_len(text: &str, start: usize, ch: char, len: usize) -> Option<Mark> {
    let end = start + len;
    let prev = text.get(..start).and_then(|t| t.chars().next_back());
    let next = text.get(end..).and_then(|t| t.chars().next());
    let next_space = next.is_none() || next.is_some_and(char::is_whitespace);
    let prev_space = opener_before(prev);
    let open_context = prev_space && !next_space;
    let close_context = !prev_space || next_space;
    let (family, can_open, can_close) = match ch {
        '"' => (
            Family::Straight,
            open_context,
            close_context && !open_context,
        ),
        '“' => (
            Family::Curly,
            !next_space || prev_space,
            next_space && !prev_space,
        ),
        '”' => (
            Family::Curly,
            open_context && next.is_some_and(char::is_alphanumeric),
            !open_context,
        ),
        '„' => (Family::Curly, true, false),
        '«' => (Family::Guillemet, true, false),
        '»' => (Family::Guillemet, false, true),
        '‘' => (
            Family::Single,
            open_context && next.is_some_and(char::is_alphabetic),
            false,
        ),
        '’' => (
            Family::Single,
            false,
            !prev_space && !next.is_some_and(char::is_alphanumeric),
        ),
        _ => return None,
    };
    if !can_open && !can_close {
        return None;
    }
    Some(Mark {
        span: Span::new(start, end),
        family,
        can_open,
        can_close,
    })
}

/// Every quotation mark in `text[from..]`, in text order.
pub fn scan_marks(text: &str, from: usize) -> Vec<Mark> {
    let bytes = text.as_bytes();
    let mut marks = Vec::new();
    let mut at = from;
    while let Some(found) = bytes
        .get(at..)
        .and_then(|rest| memchr::memchr3(b'"', 0xE2, 0xC2, rest))
    {
        let start = at + found;
        at = start + 1;
        let Some(ch) = text.get(start..).and_then(|t| t.chars().next()) else {
            continue;
        };
        if let Some(mark) = classify(text, start, ch) {
            marks.push(mark);
        }
        at = start + ch.len_utf8();
    }
    // Two apostrophes stand for a double quotation mark in some archives (`''Yes,''`).
    let doubled = memchr::memmem::find_iter(bytes.get(from..).unwrap_or(&[]), b"''");
    let mut added = false;
    let mut last_end = 0;
    for found in doubled {
        let start = from + found;
        if start < last_end {
            continue;
        }
        last_end = start + 2;
        if let Some(mark) = classify_len(text, start, '"', 2) {
            marks.push(mark);
            added = true;
        }
    }
    if added {
        marks.sort_by_key(|m| m.span.start);
    }
    marks
}

/// What pairing noticed: stray or unclosed marks, for diagnostics.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pairing {
    pub segments: Vec<Segment>,
    pub unclosed: Vec<Span>,
}

/// Pairs marks into segments paragraph by paragraph (`paragraphs` sorted, disjoint).
pub fn pair_marks(text: &str, marks: &[Mark], paragraphs: &[Span]) -> Pairing {
    let mut pairing = Pairing::default();
    let mut m = 0;
    // An open quotation carried over from the previous paragraph: (open mark, family,
    // paragraphs so far).
    let mut carried: Option<(Span, Family, usize)> = None;
    for (p, paragraph) in paragraphs.iter().enumerate() {
        while marks
            .get(m)
            .is_some_and(|mark| mark.span.start < paragraph.start)
        {
            m += 1;
        }
        let mut open: Option<(Span, Family, usize)> = None;
        // A quotation of the other double family open inside the current one.
        let mut nested = false;
        let first = m;
        if let Some((span, family, count)) = carried.take() {
            // The quotation continues only if this paragraph starts by reopening it.
            match marks.get(m) {
                Some(mark)
                    if mark.span.start == paragraph.start
                        && mark.family == family
                        && mark.can_open =>
                {
                    open = Some((span, family, count + 1));
                    m += 1;
                }
                _ => pairing.unclosed.push(span),
            }
        }
        let _ = first;
        while let Some(mark) = marks.get(m).filter(|mark| mark.span.end <= paragraph.end) {
            m += 1;
            match open {
                None => {
                    if mark.can_open {
                        open = Some((mark.span, mark.family, 1));
                        nested = false;
                    }
                }
                Some((start, family, count)) => {
                    if mark.family != family {
                        // Straight and curly double marks mix in careless text (`"...”`):
                        // a curly closer with no curly quotation open inside closes a
                        // straight quotation, and the other way round.
                        let doubles = matches!(
                            (family, mark.family),
                            (Family::Straight, Family::Curly) | (Family::Curly, Family::Straight)
                        );
                        if !doubles {
                            continue;
                        }
                        if nested {
                            nested = !mark.can_close;
                            continue;
                        }
                        if mark.can_open && !mark.can_close {
                            nested = true;
                            continue;
                        }
                        if !mark.can_close {
                            continue;
                        }
                    }
                    if mark.can_close {
                        if let Some(segment) = make_segment(text, start, mark.span, count) {
                            pairing.segments.push(segment);
                        }
                        open = None;
                        nested = false;
                    } else if mark.can_open {
                        // Two openers in a row: the first one was stray.
                        pairing.unclosed.push(start);
                        open = Some((mark.span, mark.family, 1));
                    }
                }
            }
        }
        if let Some(state) = open {
            let next_reopens = paragraphs.get(p + 1).is_some();
            if next_reopens && state.1 != Family::Single {
                carried = Some(state);
            } else {
                pairing.unclosed.push(state.0);
            }
        }
    }
    if let Some((span, _, _)) = carried {
        pairing.unclosed.push(span);
    }
    pairing
}

fn make_segment(text: &str, open: Span, close: Span, paragraphs: usize) -> Option<Segment> {
    let inner = Span::new(open.end, close.start);
    let raw = inner.slice(text);
    let trimmed_start = raw.trim_start();
    let lead = raw.len() - trimmed_start.len();
    let trimmed = trimmed_start
        .trim_end()
        .trim_end_matches([',', ';', ':'])
        .trim_end();
    if trimmed.is_empty() {
        return None;
    }
    let content = Span::new(inner.start + lead, inner.start + lead + trimmed.len());
    Some(Segment {
        open,
        close,
        content,
        paragraphs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use annalist_core::text::split_paragraphs;

    fn segments(text: &str) -> Vec<&str> {
        let marks = scan_marks(text, 0);
        let paragraphs = split_paragraphs(text, 0);
        pair_marks(text, &marks, &paragraphs)
            .segments
            .iter()
            .map(|s| s.content.slice(text))
            .collect()
    }

    #[test]
    fn straight_and_typographic() {
        let text = "\"We agree,\" she said. He called it “a farce”. «Non» and „ja“ too.";
        assert_eq!(segments(text), vec!["We agree", "a farce", "Non", "ja"]);
    }

    #[test]
    fn doubled_apostrophes_are_double_marks() {
        let text = "''We are ready,'' he said. The Smiths' house is 'old'.";
        assert_eq!(segments(text), vec!["We are ready"]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let text = "Don’t go, the ministers’ aides said. ‘Stay home,’ he wrote.";
        assert_eq!(segments(text), vec!["Stay home"]);
    }

    #[test]
    fn nested_other_family_is_kept_inside() {
        let text = "\"He asked me: “Why now?” and I left,\" she said.";
        assert_eq!(segments(text), vec!["He asked me: “Why now?” and I left"]);
    }

    #[test]
    fn paragraph_reopening_continues_the_quote() {
        let text = "\"First part of it.\n\n\"Second part,\" he said.\n\nNext.";
        let found = segments(text);
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("First part") && found[0].ends_with("Second part"));
    }

    #[test]
    fn stray_mark_does_not_spoil_later_paragraphs() {
        let text = "A stray \" mark and an open \"quote here.\n\nLater \"real quote\" follows.";
        assert_eq!(segments(text), vec!["real quote"]);
    }
}
