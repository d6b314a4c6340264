//! Character references (`&amp;`, `&#8212;`, `&#x2019;`, `&nbsp;`) in HTML and XML text.
//!
//! One lenient decoder serves both the feed reader (XML escapes, plus the HTML names
//! that real feeds use without declaring them) and the HTML reader. Names are HTML5's
//! 2,125 (`data/ingest/html_entities.tsv`, from the WHATWG list); unknown names are
//! left as written; numeric references outside Unicode become U+FFFD; the C1 range is
//! read as Windows-1252, as browsers do.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Decodes character references; borrows when there are none.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    let Some(first) = memchr::memchr(b'&', text.as_bytes()) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    // Every cut below is at an ASCII byte (`&`, or the end of a reference), so on a
    // char boundary; `get` keeps that a checked fact rather than a panic.
    out.push_str(text.get(..first).unwrap_or(""));
    let mut rest = text.get(first..).unwrap_or("");
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(rest.get(..amp).unwrap_or(""));
        rest = rest.get(amp..).unwrap_or("");
        let (decoded, used) = match reference(rest) {
            Some((decoded, used)) => (Some(decoded), used),
            None => (None, 1),
        };
        match &decoded {
            Some(decoded) => out.push_str(decoded.as_str()),
            None => out.push('&'),
        }
        rest = rest.get(used..).unwrap_or("");
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Up to two chars (no reference here decodes to more).
struct Decoded {
    buf: [u8; 8],
    len: usize,
}

impl Decoded {
    fn from_char(c: char) -> Decoded {
        let mut buf = [0u8; 8];
        let len = c.encode_utf8(&mut buf).len();
        Decoded { buf, len }
    }

    fn from_str(s: &str) -> Decoded {
        let mut buf = [0u8; 8];
        let len = s.len().min(8);
        buf[..len].copy_from_slice(&s.as_bytes()[..len]);
        Decoded { buf, len }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("\u{FFFD}")
    }
}

/// The reference at the start of `text` (which starts with `&`): its value and length.
fn reference(text: &str) -> Option<(Decoded, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(1) == Some(&b'#') {
        let (hex, start) = match bytes.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let digits = bytes
            .get(start..)?
            .iter()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let number_text = text.get(start..start + digits)?;
        let value = if digits > 8 {
            u32::MAX
        } else {
            u32::from_str_radix(number_text, if hex { 16 } else { 10 }).unwrap_or(u32::MAX)
        };
        let mut used = start + digits;
        if bytes.get(used) == Some(&b';') {
            used += 1;
        }
        return Some((Decoded::from_char(numeric_char(value)), used));
    }
    let name_len = bytes
        .get(1..)?
        .iter()
        .take(32)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = text.get(1..1 + name_len)?;
    let (value, legacy) = named(name)?;
    let mut used = 1 + name_len;
    if bytes.get(used) == Some(&b';') {
        used += 1;
    } else if !legacy {
        // Only the spec's legacy names may appear without a semicolon.
        return None;
    }
    Some((Decoded::from_str(value), used))
}

fn numeric_char(value: u32) -> char {
    const C1: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match value {
        0 => '\u{FFFD}',
        0x80..=0x9F => C1
            .get((value - 0x80) as usize)
            .copied()
            .unwrap_or('\u{FFFD}'),
        _ => char::from_u32(value).unwrap_or('\u{FFFD}'),
    }
}

/// The HTML5 named references (`data/ingest/html_entities.tsv`): name → (value, whether
/// the name is also valid without its semicolon).
fn table() -> &'static HashMap<&'static str, (String, bool)> {
    static TABLE: OnceLock<HashMap<&'static str, (String, bool)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        const FILE: &str = include_str!("../../../data/ingest/html_entities.tsv");
        FILE.lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let name = cols.next()?;
                let value: String = cols
                    .next()?
                    .split(' ')
                    .map(|h| u32::from_str_radix(h, 16).ok().and_then(char::from_u32))
                    .collect::<Option<String>>()?;
                Some((name, (value, cols.next() == Some("yes"))))
            })
            .collect()
    })
}

/// The value of a named reference, and whether it may go without its semicolon.
fn named(name: &str) -> Option<(&'static str, bool)> {
    table().get(name).map(|(v, legacy)| (v.as_str(), *legacy))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decodes_references() {
        assert_eq!(decode_entities("a &amp; b"), "a & b");
        assert_eq!(decode_entities("&lt;p&gt;"), "<p>");
        assert_eq!(decode_entities("&#8212;&#x2019;&#151;"), "—’—");
        assert_eq!(decode_entities("caf&eacute; &nbsp;x"), "café \u{A0}x");
        assert_eq!(
            decode_entities("AT&T &unknown; &#0; &"),
            "AT&T &unknown; \u{FFFD} &"
        );
        assert_eq!(decode_entities("&amp"), "&");
        assert_eq!(decode_entities("&ampx"), "&ampx");
        assert_eq!(decode_entities("&eacutex"), "&eacutex");
        assert!(matches!(decode_entities("plain"), Cow::Borrowed(_)));
        // The whole HTML5 list: two code points, rare names, legacy names without `;`.
        assert_eq!(
            decode_entities("&ThickSpace;&Zopf;&frac34"),
            "\u{205F}\u{200A}ℤ¾"
        );
        assert_eq!(decode_entities("&Zopf"), "&Zopf", "not a legacy name");
        assert_eq!(table().len(), 2125);
    }

    proptest! {
        #[test]
        fn never_panics(text in "[&#;xa-f0-9a-z ]{0,40}|\\PC{0,40}") {
            let _ = decode_entities(&text);
        }
    }
}
