//! Character references (`&amp;`, `&#8212;`, `&#x2019;`, `&nbsp;`) in HTML and XML text.
//!
//! One lenient decoder serves both the feed reader (XML escapes, plus the HTML names
//! that real feeds use without declaring them) and the HTML reader. Unknown names are
//! left as written; numeric references outside Unicode become U+FFFD; the C1 range is
//! read as Windows-1252, as browsers do.

use std::borrow::Cow;

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
    let value = named(name)?;
    let mut used = 1 + name_len;
    if bytes.get(used) == Some(&b';') {
        used += 1;
    } else if !matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp" | "copy" | "reg") {
        // Only the legacy names may appear without a semicolon.
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

/// Decodes one Windows-1252 byte (a superset of ISO-8859-1 for printable text).
pub fn windows_1252_char(byte: u8) -> char {
    if (0x80..=0x9F).contains(&byte) {
        numeric_char(u32::from(byte))
    } else {
        char::from(byte)
    }
}

fn named(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" | "AMP" => "&",
        "lt" | "LT" => "<",
        "gt" | "GT" => ">",
        "quot" | "QUOT" => "\"",
        "apos" => "'",
        "nbsp" => "\u{A0}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "thinsp" => "\u{2009}",
        "zwnj" => "\u{200C}",
        "zwj" => "\u{200D}",
        "shy" => "\u{AD}",
        "mdash" => "—",
        "ndash" => "–",
        "minus" => "−",
        "hellip" => "…",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "laquo" => "«",
        "raquo" => "»",
        "lsaquo" => "‹",
        "rsaquo" => "›",
        "prime" => "′",
        "Prime" => "″",
        "bull" => "•",
        "middot" => "·",
        "dagger" => "†",
        "Dagger" => "‡",
        "permil" => "‰",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "deg" => "°",
        "plusmn" => "±",
        "times" => "×",
        "divide" => "÷",
        "frac12" => "½",
        "frac14" => "¼",
        "frac34" => "¾",
        "sup1" => "¹",
        "sup2" => "²",
        "sup3" => "³",
        "micro" => "µ",
        "para" => "¶",
        "sect" => "§",
        "cent" => "¢",
        "pound" => "£",
        "euro" => "€",
        "yen" => "¥",
        "curren" => "¤",
        "iexcl" => "¡",
        "iquest" => "¿",
        "ordf" => "ª",
        "ordm" => "º",
        "not" => "¬",
        "macr" => "¯",
        "acute" => "´",
        "cedil" => "¸",
        "uml" => "¨",
        "brvbar" => "¦",
        "larr" => "←",
        "rarr" => "→",
        "uarr" => "↑",
        "darr" => "↓",
        "hArr" | "harr" => "↔",
        "Agrave" => "À",
        "Aacute" => "Á",
        "Acirc" => "Â",
        "Atilde" => "Ã",
        "Auml" => "Ä",
        "Aring" => "Å",
        "AElig" => "Æ",
        "Ccedil" => "Ç",
        "Egrave" => "È",
        "Eacute" => "É",
        "Ecirc" => "Ê",
        "Euml" => "Ë",
        "Igrave" => "Ì",
        "Iacute" => "Í",
        "Icirc" => "Î",
        "Iuml" => "Ï",
        "ETH" => "Ð",
        "Ntilde" => "Ñ",
        "Ograve" => "Ò",
        "Oacute" => "Ó",
        "Ocirc" => "Ô",
        "Otilde" => "Õ",
        "Ouml" => "Ö",
        "Oslash" => "Ø",
        "Ugrave" => "Ù",
        "Uacute" => "Ú",
        "Ucirc" => "Û",
        "Uuml" => "Ü",
        "Yacute" => "Ý",
        "THORN" => "Þ",
        "szlig" => "ß",
        "agrave" => "à",
        "aacute" => "á",
        "acirc" => "â",
        "atilde" => "ã",
        "auml" => "ä",
        "aring" => "å",
        "aelig" => "æ",
        "ccedil" => "ç",
        "egrave" => "è",
        "eacute" => "é",
        "ecirc" => "ê",
        "euml" => "ë",
        "igrave" => "ì",
        "iacute" => "í",
        "icirc" => "î",
        "iuml" => "ï",
        "eth" => "ð",
        "ntilde" => "ñ",
        "ograve" => "ò",
        "oacute" => "ó",
        "ocirc" => "ô",
        "otilde" => "õ",
        "ouml" => "ö",
        "oslash" => "ø",
        "ugrave" => "ù",
        "uacute" => "ú",
        "ucirc" => "û",
        "uuml" => "ü",
        "yacute" => "ý",
        "thorn" => "þ",
        "yuml" => "ÿ",
        "Scaron" => "Š",
        "scaron" => "š",
        "Zcaron" => "Ž",
        "zcaron" => "ž",
        "OElig" => "Œ",
        "oelig" => "œ",
        "Yuml" => "Ÿ",
        "fnof" => "ƒ",
        "circ" => "ˆ",
        "tilde" => "˜",
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "mu" => "μ",
        "pi" => "π",
        "sigma" => "σ",
        "omega" => "ω",
        "Delta" => "Δ",
        "Omega" => "Ω",
        _ => return None,
    })
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
    }

    proptest! {
        #[test]
        fn never_panics(text in "[&#;xa-f0-9a-z ]{0,40}|\\PC{0,40}") {
            let _ = decode_entities(&text);
        }
    }
}
