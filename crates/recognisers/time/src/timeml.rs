//! TimeML in and out, as TempEval-3 and HeidelTime use it.
//!
//! Reading: the document creation time from `<DCT><TIMEX3 value=...>`, the text inside
//! `<TEXT>` with every tag removed and entities decoded, and the TIMEX3 tags found there
//! (tid, type, value, mod) with byte spans into that plain text (see
//! [`TimemlFile::char_span`] for character offsets). Works for `.tml` and
//! `.tml.TE3input` files alike.
//!
//! Writing: the file unchanged outside `<TEXT>`; inside, the original text with its old
//! tags (TIMEX3, EVENT, SIGNAL...) replaced by the given timexes.

use annalist_core::{Date, Document, Span, Timex};
use std::fmt::Write as _;
use std::path::Path;

/// A TimeML file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum TimemlError {
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("{0}: no <TEXT> element")]
    NoText(String),
}

/// A TIMEX3 tag of a TimeML text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimemlTimex {
    /// Byte span into [`TimemlFile::text`].
    pub span: Span,
    pub tid: String,
    pub kind: String,
    pub value: String,
    pub modifier: Option<String>,
}

/// A run of the TEXT content: verbatim text, or one entity decoded to one character.
#[derive(Clone, Debug)]
struct Piece {
    plain: Span,
    raw: Span,
    verbatim: bool,
}

/// A parsed TimeML file.
#[derive(Clone, Debug)]
pub struct TimemlFile {
    /// The file name (`ABC19980108.1830.0711.tml.TE3input`).
    pub name: String,
    raw: String,
    content: Span,
    pub dct: Option<Date>,
    /// The text inside `<TEXT>`, tags removed, entities decoded.
    pub text: String,
    pieces: Vec<Piece>,
    /// The TIMEX3 tags inside `<TEXT>`.
    pub timexes: Vec<TimemlTimex>,
}

/// The value of attribute `name` in the inside of a tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before_ok = at == 0 || rest[..at].ends_with(char::is_whitespace);
        let after = &rest[at + name.len()..];
        let after_trim = after.trim_start();
        if before_ok {
            if let Some(value) = after_trim.strip_prefix('=') {
                let value = value.trim_start();
                let quote = value.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let body = &value[1..];
                    let end = body.find(quote)?;
                    return Some(&body[..end]);
                }
            }
        }
        rest = after;
    }
    None
}

fn decode_entity(entity: &str) -> Option<char> {
    match entity {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = entity.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Writes `<TIMEX3 tid=".." type=".." value=".." [mod quant freq]>`.
fn open_timex(out: &mut String, tid: usize, t: &Timex) {
    let _ = write!(
        out,
        "<TIMEX3 tid=\"t{tid}\" type=\"{}\" value=\"{}\"",
        t.kind.as_str(),
        escape(&t.value)
    );
    let attributes = [("mod", &t.modifier), ("quant", &t.quant), ("freq", &t.freq)];
    for (name, value) in attributes {
        if let Some(value) = value {
            let _ = write!(out, " {name}=\"{}\"", escape(value));
        }
    }
    out.push('>');
}

/// Escapes text for XML content or attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

impl TimemlFile {
    pub fn read(path: &Path) -> Result<TimemlFile, TimemlError> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let raw = std::fs::read_to_string(path)
            .map_err(|e| TimemlError::Io(path.display().to_string(), e))?;
        TimemlFile::parse(&name, raw)
    }

    pub fn parse(name: &str, raw: String) -> Result<TimemlFile, TimemlError> {
        let open = raw
            .find("<TEXT>")
            .ok_or_else(|| TimemlError::NoText(name.to_string()))?;
        let start = open + "<TEXT>".len();
        let end = raw[start..]
            .find("</TEXT>")
            .map(|e| start + e)
            .ok_or_else(|| TimemlError::NoText(name.to_string()))?;
        let dct = raw.find("<DCT>").and_then(|at| {
            let tail = &raw[at..];
            let close = tail.find("</DCT>").unwrap_or(tail.len());
            let inner = &tail[..close];
            attribute(inner, "value").and_then(Date::parse).or_else(|| {
                // No value attribute: the DCT written as text.
                let text_start = inner.rfind('>')? + 1;
                Date::parse(inner.get(text_start..)?)
            })
        });
        let mut text = String::with_capacity(end - start);
        let mut pieces = Vec::new();
        let mut timexes = Vec::new();
        let mut open_timexes: Vec<(usize, String, String, String, Option<String>)> = Vec::new();
        let content = &raw[start..end];
        let mut i = 0;
        let mut verbatim_start: Option<(usize, usize)> = None;
        let flush = |verbatim_start: &mut Option<(usize, usize)>,
                     text_len: usize,
                     raw_pos: usize,
                     pieces: &mut Vec<Piece>| {
            if let Some((plain, rawp)) = verbatim_start.take() {
                if text_len > plain {
                    pieces.push(Piece {
                        plain: Span::new(plain, text_len),
                        raw: Span::new(start + rawp, start + raw_pos),
                        verbatim: true,
                    });
                }
            }
        };
        while i < content.len() {
            let rest = &content[i..];
            if rest.starts_with('<') {
                flush(&mut verbatim_start, text.len(), i, &mut pieces);
                let close = rest.find('>').map_or(rest.len(), |c| c + 1);
                let tag = &rest[..close];
                let inner = tag.trim_start_matches('<').trim_end_matches('>');
                if inner.starts_with("TIMEX3") {
                    open_timexes.push((
                        text.len(),
                        attribute(inner, "tid").unwrap_or("").to_string(),
                        attribute(inner, "type").unwrap_or("").to_string(),
                        attribute(inner, "value").unwrap_or("").to_string(),
                        attribute(inner, "mod").map(str::to_string),
                    ));
                    if inner.ends_with('/') {
                        open_timexes.pop();
                    }
                } else if inner.starts_with("/TIMEX3") {
                    if let Some((s, tid, kind, value, modifier)) = open_timexes.pop() {
                        timexes.push(TimemlTimex {
                            span: Span::new(s, text.len()),
                            tid,
                            kind,
                            value,
                            modifier,
                        });
                    }
                }
                i += close;
            } else if rest.starts_with('&') {
                let semi = rest.find(';').filter(|s| *s <= 10);
                match semi.and_then(|s| decode_entity(&rest[1..s]).map(|c| (s, c))) {
                    Some((s, ch)) => {
                        flush(&mut verbatim_start, text.len(), i, &mut pieces);
                        let plain = text.len();
                        text.push(ch);
                        pieces.push(Piece {
                            plain: Span::new(plain, text.len()),
                            raw: Span::new(start + i, start + i + s + 1),
                            verbatim: false,
                        });
                        i += s + 1;
                    }
                    None => {
                        verbatim_start.get_or_insert((text.len(), i));
                        text.push('&');
                        i += 1;
                    }
                }
            } else {
                let ch = rest.chars().next().unwrap_or(' ');
                verbatim_start.get_or_insert((text.len(), i));
                text.push(ch);
                i += ch.len_utf8();
            }
        }
        flush(&mut verbatim_start, text.len(), content.len(), &mut pieces);
        timexes.sort_by_key(|t: &TimemlTimex| (t.span.start, t.span.end));
        Ok(TimemlFile {
            name: name.to_string(),
            raw,
            content: Span::new(start, end),
            dct,
            text,
            pieces,
            timexes,
        })
    }

    /// The name of the annotated file: the same, without `.TE3input`.
    pub fn output_name(&self) -> String {
        self.name
            .strip_suffix(".TE3input")
            .unwrap_or(&self.name)
            .to_string()
    }

    /// Character offsets of a byte span of [`TimemlFile::text`].
    pub fn char_span(&self, span: Span) -> (usize, usize) {
        let chars = |b: usize| self.text.get(..b).map_or(0, |t| t.chars().count());
        (chars(span.start), chars(span.end))
    }

    /// The file with `timexes` (byte spans into [`TimemlFile::text`], sorted, not
    /// overlapping) as the TIMEX3 tags of its TEXT, every other tag inside TEXT removed.
    pub fn write_with(&self, timexes: &[Timex]) -> String {
        let mut events: Vec<(usize, bool, usize)> = Vec::with_capacity(timexes.len() * 2);
        let mut last_end = 0;
        let mut kept = Vec::new();
        for t in timexes {
            if t.span.start < last_end || t.span.end > self.text.len() || t.span.is_empty() {
                continue;
            }
            last_end = t.span.end;
            kept.push(t);
        }
        for (index, t) in kept.iter().enumerate() {
            // Closing tags sort before opening ones at the same offset.
            events.push((t.span.start, true, index));
            events.push((t.span.end, false, index));
        }
        events.sort_by_key(|(pos, opening, _)| (*pos, *opening));
        let mut out = String::with_capacity(self.raw.len() + timexes.len() * 80);
        out.push_str(self.raw.get(..self.content.start).unwrap_or(""));
        let mut next = events.iter().peekable();
        let tag = |out: &mut String, opening: bool, index: usize| {
            if !opening {
                out.push_str("</TIMEX3>");
                return;
            }
            if let Some(t) = kept.get(index) {
                open_timex(out, index + 1, t);
            }
        };
        for piece in &self.pieces {
            let mut cursor = piece.plain.start;
            while let Some(&&(pos, opening, index)) = next.peek() {
                let inside = if piece.verbatim {
                    pos < piece.plain.end
                } else {
                    pos <= piece.plain.start
                };
                if !inside {
                    break;
                }
                if piece.verbatim && pos > cursor {
                    let from = piece.raw.start + (cursor - piece.plain.start);
                    let to = piece.raw.start + (pos - piece.plain.start);
                    out.push_str(self.raw.get(from..to).unwrap_or(""));
                    cursor = pos;
                }
                tag(&mut out, opening, index);
                next.next();
            }
            if piece.verbatim {
                let from = piece.raw.start + (cursor - piece.plain.start);
                out.push_str(self.raw.get(from..piece.raw.end).unwrap_or(""));
            } else {
                out.push_str(self.raw.get(piece.raw.start..piece.raw.end).unwrap_or(""));
            }
        }
        for &(_, opening, index) in next {
            tag(&mut out, opening, index);
        }
        out.push_str(self.raw.get(self.content.end..).unwrap_or(""));
        out
    }
}

/// A TimeML document for an analysed document: DCT and TEXT with its TIMEX3 tags.
pub fn to_timeml(doc: &Document) -> String {
    let mut out = String::from("<?xml version=\"1.0\" ?>\n<TimeML>\n");
    let _ = writeln!(out, "<DOCID>{}</DOCID>", escape(&doc.source));
    if let Some(dct) = doc.dct {
        let _ = writeln!(
            out,
            "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"{dct}\" temporalFunction=\"false\" functionInDocument=\"CREATION_TIME\">{dct}</TIMEX3></DCT>"
        );
    }
    out.push_str("<TEXT>");
    let start = doc.body_start.min(doc.text.len());
    let mut cursor = start;
    let mut tid = 0;
    for t in &doc.timexes {
        if t.span.start < cursor || t.span.end > doc.text.len() {
            continue;
        }
        tid += 1;
        out.push_str(&escape(doc.text.get(cursor..t.span.start).unwrap_or("")));
        open_timex(&mut out, tid, t);
        let _ = write!(out, "{}</TIMEX3>", escape(doc.slice(t.span)));
        cursor = t.span.end;
    }
    out.push_str(&escape(doc.text.get(cursor..).unwrap_or("")));
    out.push_str("</TEXT>\n</TimeML>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use annalist_core::TimexType;

    const SAMPLE: &str = "<?xml version=\"1.0\" ?>\n<TimeML>\n<DOCID>X1</DOCID>\n<DCT><TIMEX3 tid=\"t0\" type=\"TIME\" value=\"1999-03-05T10:00:00\" functionInDocument=\"CREATION_TIME\">03/05/1999</TIMEX3></DCT>\n<TEXT>\nTalks <EVENT eid=\"e1\" class=\"OCCURRENCE\">ended</EVENT> <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1999-03-04\">Thursday</TIMEX3> in A&amp;B after <TIMEX3 tid=\"t2\" type=\"DURATION\" value=\"P3D\" mod=\"MORE_THAN\">more than three days</TIMEX3>.\n</TEXT>\n<TLINK lid=\"l1\"/>\n</TimeML>\n";

    #[test]
    fn reads_dct_text_and_gold() {
        let file = TimemlFile::parse("X1.tml", SAMPLE.to_string()).unwrap();
        assert_eq!(file.dct, Date::parse("1999-03-05"));
        assert_eq!(
            file.text,
            "\nTalks ended Thursday in A&B after more than three days.\n"
        );
        assert_eq!(file.timexes.len(), 2);
        assert_eq!(file.timexes[0].span.slice(&file.text), "Thursday");
        assert_eq!(
            file.timexes[1].span.slice(&file.text),
            "more than three days"
        );
        assert_eq!(file.timexes[1].modifier.as_deref(), Some("MORE_THAN"));
    }

    #[test]
    fn writes_tags_into_unchanged_text() {
        let file = TimemlFile::parse("X1.tml.TE3input", SAMPLE.to_string()).unwrap();
        assert_eq!(file.output_name(), "X1.tml");
        let after = file.text.find("after").unwrap();
        let timex = Timex {
            span: Span::new(after + 6, after + 26),
            text: "more than three days".into(),
            kind: TimexType::Duration,
            value: "P3D".into(),
            modifier: Some("MORE_THAN".into()),
            quant: None,
            freq: None,
            resolved: true,
        };
        let written = file.write_with(&[timex]);
        assert!(written.contains("ended Thursday in A&amp;B after <TIMEX3 tid=\"t1\" type=\"DURATION\" value=\"P3D\" mod=\"MORE_THAN\">more than three days</TIMEX3>."));
        assert!(written.ends_with("</TEXT>\n<TLINK lid=\"l1\"/>\n</TimeML>\n"));
        let again = TimemlFile::parse("X1.tml", written).unwrap();
        assert_eq!(again.text, file.text);
        assert_eq!(again.timexes[0].value, "P3D");
    }
}
