//! Byte spans into a document's text.
//!
//! Every annotation annalist emits points back at the text it came from with a [`Span`]:
//! a half-open range `[start, end)` of byte offsets into `Document::text`. Spans always
//! fall on UTF-8 character boundaries.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's text.
///
/// Serialised as a two-element array `[start, end]`, the form used in every output.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(from = "[usize; 2]", into = "[usize; 2]")]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; `end` is clamped to be at least `start`.
    pub const fn new(start: usize, end: usize) -> Span {
        if end < start {
            Span { start, end: start }
        } else {
            Span { start, end }
        }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// The text this span covers, or `""` if it is out of bounds or not on character
    /// boundaries (a recogniser bug must never become a panic).
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub const fn contains_offset(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The same span moved right by `offset` bytes.
    pub const fn shift(&self, offset: usize) -> Span {
        Span {
            start: self.start + offset,
            end: self.end + offset,
        }
    }
}

impl From<[usize; 2]> for Span {
    fn from([start, end]: [usize; 2]) -> Span {
        Span::new(start, end)
    }
}

impl From<Span> for [usize; 2] {
    fn from(span: Span) -> [usize; 2] {
        [span.start, span.end]
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Span {
        Span::new(range.start, range.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_out_of_bounds_is_empty() {
        assert_eq!(Span::new(3, 10).slice("abc"), "");
        assert_eq!(Span::new(0, 2).slice("é"), "é".get(0..2).unwrap_or(""));
        assert_eq!(Span::new(0, 1).slice("é"), "");
    }

    #[test]
    fn overlap_and_cover() {
        let a = Span::new(0, 5);
        let b = Span::new(4, 8);
        assert!(a.overlaps(b));
        assert!(!a.overlaps(Span::new(5, 6)));
        assert_eq!(a.cover(b), Span::new(0, 8));
        assert!(a.contains(Span::new(1, 5)));
    }

    #[test]
    fn serialises_as_pair() {
        let json = serde_json::to_string(&Span::new(25, 35)).unwrap();
        assert_eq!(json, "[25,35]");
        let back: Span = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Span::new(25, 35));
    }
}
