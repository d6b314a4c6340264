//! TimeML in and out, as TempEval-3 and HeidelTime use it.
//!
//! Reading: the document creation time from `<DCT><TIMEX3 value=...>`, the text inside
//! `<TEXT>` with every tag removed and entities decoded, and the TIMEX3 tags found there
//! (tid, type, value, mod) with byte spans into that plain text (see
//! [`TimemlFile::char_span`] for character offsets). Works for `.tml` and
//! `.tml.TE3input` files alike.
//!
//! Writing: the file unchanged outside `<TEXT>`; inside, the original text and its markup
//! (EVENT, SIGNAL, ...) kept as they are, the old TIMEX3 tags replaced by the given
//! timexes. A new timex that covers an old one exactly keeps its `tid`, so that the
//! MAKEINSTANCE and TLINK elements after the text still point at it; a link that points
//! at an old timex no longer there is dropped (it would point at nothing), and a new
//! timex that would cross the boundary of an element of the input (start inside an
//! EVENT and end outside it) is left out, so the output is well-formed whenever the
//! input is ([`TimemlFile::write_annotated`] counts both).

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

/// What a markup tag inside TEXT is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TagKind {
    Open,
    Close,
    /// An empty element, a comment, a processing instruction: no content.
    Empty,
}

/// A tag inside TEXT.
#[derive(Clone, Debug)]
struct Tag {
    kind: TagKind,
    /// A TIMEX3 tag (replaced on writing), else markup that is kept.
    timex: bool,
}

/// A run of the TEXT content: verbatim text, one entity decoded to one character, or a
/// tag (no plain text: its plain span is empty).
#[derive(Clone, Debug)]
struct Piece {
    plain: Span,
    raw: Span,
    verbatim: bool,
    tag: Option<Tag>,
}

/// What [`TimemlFile::write_annotated`] had to leave out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Timexes written.
    pub timexes: usize,
    /// Timexes left out: they would cross an element of the input.
    pub crossing: usize,
    /// Links (TLINK, SLINK, ALINK) dropped: they pointed at an old timex no longer there.
    pub dropped_links: usize,
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
fn open_timex(out: &mut String, tid: &str, t: &Timex) {
    let _ = write!(
        out,
        "<TIMEX3 tid=\"{tid}\" type=\"{}\" value=\"{}\"",
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
                        tag: None,
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
                let kind = if inner.starts_with('/') {
                    TagKind::Close
                } else if inner.ends_with('/') || inner.starts_with(['!', '?']) {
                    TagKind::Empty
                } else {
                    TagKind::Open
                };
                let name = inner.trim_start_matches('/');
                pieces.push(Piece {
                    plain: Span::new(text.len(), text.len()),
                    raw: Span::new(start + i, start + i + close),
                    verbatim: false,
                    tag: Some(Tag {
                        kind,
                        timex: name.starts_with("TIMEX3"),
                    }),
                });
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
                            tag: None,
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
    /// overlapping) as the TIMEX3 tags of its TEXT, every other tag kept (see
    /// [`TimemlFile::write_annotated`]).
    pub fn write_with(&self, timexes: &[Timex]) -> String {
        self.write_annotated(timexes).0
    }

    /// The file with `timexes` as the TIMEX3 tags of its TEXT: the input's other markup
    /// (EVENT, SIGNAL, ..., and everything outside TEXT: MAKEINSTANCE, TLINK) is kept as
    /// it is. A timex with the span of an old TIMEX3 keeps its `tid`; the others get
    /// `tid`s the file does not use. A link pointing at an old timex that is gone is
    /// dropped; a timex that would cross an element of the input is left out.
    pub fn write_annotated(&self, timexes: &[Timex]) -> (String, WriteReport) {
        let mut report = WriteReport::default();
        let mut kept: Vec<&Timex> = Vec::new();
        let mut last_end = 0;
        for t in timexes {
            if t.span.start < last_end || t.span.end > self.text.len() || t.span.is_empty() {
                continue;
            }
            last_end = t.span.end;
            kept.push(t);
        }
        // The stack of open input elements before each piece (and after the last).
        let n = self.pieces.len();
        let mut stacks: Vec<Vec<usize>> = Vec::with_capacity(n + 1);
        let mut stack: Vec<usize> = Vec::new();
        for (i, piece) in self.pieces.iter().enumerate() {
            stacks.push(stack.clone());
            if let Some(tag) = piece.tag.as_ref().filter(|t| !t.timex) {
                match tag.kind {
                    TagKind::Open => stack.push(i),
                    TagKind::Close => {
                        stack.pop();
                    }
                    TagKind::Empty => {}
                }
            }
        }
        stacks.push(stack);
        let boundary = |i: usize| {
            self.pieces
                .get(i)
                .map_or(self.text.len(), |p| p.plain.start)
        };
        // Where a tag may go at plain offset `x`: (piece, offset) keys, in output order,
        // with the open elements there.
        let candidates = |x: usize| -> Vec<(Point, &Vec<usize>)> {
            let mut out = Vec::new();
            let first = self.pieces.partition_point(|p| p.plain.start < x);
            if let Some(i) = first.checked_sub(1) {
                let p = &self.pieces[i];
                if p.verbatim && p.plain.start < x && x < p.plain.end {
                    out.push(((i, x), &stacks[i]));
                }
            }
            let mut i = first;
            while i <= n && boundary(i) == x {
                out.push(((i, x), &stacks[i]));
                i += 1;
            }
            out
        };
        // The tids: the old timex's where the span is the same, else unused ones.
        let old_tids: std::collections::HashSet<&str> =
            self.timexes.iter().map(|t| t.tid.as_str()).collect();
        let mut used: std::collections::HashSet<String> = all_tids(&self.raw);
        let mut fresh = 0usize;
        let mut reused: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut inserts: Vec<(Point, String)> = Vec::new();
        let mut last_close = (0usize, 0usize);
        for t in kept {
            let opens = candidates(t.span.start);
            let closes = candidates(t.span.end);
            let mut best: Option<(Point, Point, usize)> = None;
            for (open, open_stack) in &opens {
                if *open < last_close {
                    continue;
                }
                for (close, close_stack) in &closes {
                    if close > open && open_stack == close_stack {
                        let depth = open_stack.len();
                        if best.is_none_or(|(_, _, d)| depth < d) {
                            best = Some((*open, *close, depth));
                        }
                    }
                }
            }
            let Some((open, close, _)) = best else {
                report.crossing += 1;
                continue;
            };
            let same = self
                .timexes
                .iter()
                .find(|old| old.span == t.span && !reused.contains(&old.tid));
            let tid = match same {
                Some(old) => {
                    reused.insert(old.tid.clone());
                    old.tid.clone()
                }
                None => loop {
                    fresh += 1;
                    let candidate = format!("t{fresh}");
                    if !used.contains(&candidate) {
                        used.insert(candidate.clone());
                        break candidate;
                    }
                },
            };
            let mut tag = String::new();
            open_timex(&mut tag, &tid, t);
            inserts.push((open, tag));
            inserts.push((close, "</TIMEX3>".to_string()));
            last_close = close;
            report.timexes += 1;
        }
        // Stable: tags at one point stay in the order they were made.
        inserts.sort_by_key(|(key, _)| *key);
        let mut out = String::with_capacity(self.raw.len() + inserts.len() * 40);
        out.push_str(self.raw.get(..self.content.start).unwrap_or(""));
        let mut next = inserts.iter().peekable();
        for (i, piece) in self.pieces.iter().enumerate() {
            while let Some((_, tag)) =
                next.next_if(|((p, x), _)| *p == i && *x == piece.plain.start)
            {
                out.push_str(tag);
            }
            let mut cursor = piece.plain.start;
            if piece.verbatim {
                while let Some(((_, x), tag)) = next.next_if(|((p, _), _)| *p == i) {
                    let from = piece.raw.start + (cursor - piece.plain.start);
                    let to = piece.raw.start + (x - piece.plain.start);
                    out.push_str(self.raw.get(from..to).unwrap_or(""));
                    out.push_str(tag);
                    cursor = *x;
                }
                let from = piece.raw.start + (cursor - piece.plain.start);
                out.push_str(self.raw.get(from..piece.raw.end).unwrap_or(""));
                continue;
            }
            if piece.tag.as_ref().is_some_and(|t| t.timex) {
                continue; // an old TIMEX3 tag: replaced
            }
            out.push_str(self.raw.get(piece.raw.start..piece.raw.end).unwrap_or(""));
        }
        for (_, tag) in next {
            out.push_str(tag);
        }
        // After TEXT: every link kept but those pointing at an old timex now gone.
        let gone: std::collections::HashSet<&str> = old_tids
            .into_iter()
            .filter(|tid| !reused.contains(*tid))
            .collect();
        let tail = self.raw.get(self.content.end..).unwrap_or("");
        let mut rest = tail;
        while let Some(at) = rest.find('<') {
            out.push_str(&rest[..at]);
            let after = &rest[at..];
            let close = after.find('>').map_or(after.len(), |c| c + 1);
            let tag = &after[..close];
            let is_link = ["<TLINK", "<SLINK", "<ALINK"]
                .iter()
                .any(|name| tag.starts_with(name));
            let dangling = is_link
                && ["timeID", "relatedToTime", "anchorTimeID"]
                    .iter()
                    .filter_map(|name| attribute(tag, name))
                    .any(|tid| gone.contains(tid));
            rest = &after[close..];
            if dangling {
                report.dropped_links += 1;
                if let Some(line_rest) = rest.strip_prefix('\n') {
                    rest = line_rest;
                }
                continue;
            }
            out.push_str(tag);
        }
        out.push_str(rest);
        (out, report)
    }
}

/// A place in the output: before piece `.0`, at plain offset `.1` (inside it when it is
/// text). Points sort in output order.
type Point = (usize, usize);

/// Every `tid` attribute value of a file.
fn all_tids(raw: &str) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    let mut rest = raw;
    while let Some(at) = rest.find("tid=") {
        let after = &rest[at + 4..];
        if let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(end) = after[1..].find(quote) {
                out.insert(after[1..1 + end].to_string());
            }
        }
        rest = after;
    }
    out
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
        open_timex(&mut out, &format!("t{tid}"), t);
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
        // The EVENT stays; the timex of the old t2's span keeps its tid.
        assert!(written.contains("<EVENT eid=\"e1\" class=\"OCCURRENCE\">ended</EVENT> Thursday in A&amp;B after <TIMEX3 tid=\"t2\" type=\"DURATION\" value=\"P3D\" mod=\"MORE_THAN\">more than three days</TIMEX3>."), "{written}");
        assert!(written.ends_with("</TEXT>\n<TLINK lid=\"l1\"/>\n</TimeML>\n"));
        well_formed(&written);
        let again = TimemlFile::parse("X1.tml", written).unwrap();
        assert_eq!(again.text, file.text);
        assert_eq!(again.timexes[0].value, "P3D");
    }

    /// Parses `xml` with an XML parser: every tag closed in order, one root element.
    fn well_formed(xml: &str) {
        let mut reader = quick_xml::Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        let mut depth = 0i32;
        let mut roots = 0;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Start(_)) => {
                    if depth == 0 {
                        roots += 1;
                    }
                    depth += 1;
                }
                Ok(quick_xml::events::Event::End(_)) => depth -= 1,
                Ok(quick_xml::events::Event::Empty(_)) if depth == 0 => roots += 1,
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(error) => panic!("not well-formed: {error}\n{xml}"),
            }
        }
        assert_eq!(depth, 0, "unclosed elements in {xml}");
        assert_eq!(roots, 1, "one root element in {xml}");
    }

    const LINKED: &str = "<?xml version=\"1.0\" ?>\n<TimeML>\n<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"1999-03-05\" functionInDocument=\"CREATION_TIME\">03/05/1999</TIMEX3></DCT>\n<TEXT>\nTalks <EVENT eid=\"e1\" class=\"OCCURRENCE\">ended</EVENT> on <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1999-03-04\">Thursday</TIMEX3>; they <EVENT eid=\"e2\" class=\"OCCURRENCE\">resume</EVENT> <TIMEX3 tid=\"t2\" type=\"DATE\" value=\"1999-03-08\">next week</TIMEX3>.\n</TEXT>\n<MAKEINSTANCE eventID=\"e1\" eiid=\"ei1\" tense=\"PAST\"/>\n<MAKEINSTANCE eventID=\"e2\" eiid=\"ei2\" tense=\"PRESENT\"/>\n<TLINK lid=\"l1\" relType=\"IS_INCLUDED\" eventInstanceID=\"ei1\" relatedToTime=\"t1\"/>\n<TLINK lid=\"l2\" relType=\"IS_INCLUDED\" eventInstanceID=\"ei2\" relatedToTime=\"t2\"/>\n<TLINK lid=\"l3\" relType=\"BEFORE\" eventInstanceID=\"ei1\" relatedToEventInstance=\"ei2\"/>\n</TimeML>\n";

    fn timex(file: &TimemlFile, text: &str, value: &str) -> Timex {
        let start = file.text.find(text).unwrap();
        Timex {
            span: Span::new(start, start + text.len()),
            text: text.into(),
            kind: TimexType::Date,
            value: value.into(),
            modifier: None,
            quant: None,
            freq: None,
            resolved: true,
        }
    }

    #[test]
    fn events_instances_and_links_are_kept() {
        let file = TimemlFile::parse("L.tml", LINKED.to_string()).unwrap();
        // "Thursday" found again; "next week" found as "week" only.
        let timexes = [
            timex(&file, "Thursday", "1999-03-04"),
            timex(&file, "week", "1999-W10"),
        ];
        let (written, report) = file.write_annotated(&timexes);
        well_formed(&written);
        assert_eq!(report.timexes, 2);
        for kept in [
            "<EVENT eid=\"e1\" class=\"OCCURRENCE\">ended</EVENT>",
            "<EVENT eid=\"e2\" class=\"OCCURRENCE\">resume</EVENT>",
            "<MAKEINSTANCE eventID=\"e1\"",
            "<MAKEINSTANCE eventID=\"e2\"",
            "<TLINK lid=\"l1\"",
            "<TLINK lid=\"l3\"",
            "<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1999-03-04\">Thursday</TIMEX3>",
        ] {
            assert!(written.contains(kept), "{kept} kept in {written}");
        }
        // t2 ("next week") is gone: its link goes too, and the new timex has a new tid.
        assert_eq!(report.dropped_links, 1);
        assert!(!written.contains("lid=\"l2\""));
        assert!(written
            .contains("next <TIMEX3 tid=\"t3\" type=\"DATE\" value=\"1999-W10\">week</TIMEX3>."));
        let again = TimemlFile::parse("L.tml", written).unwrap();
        assert_eq!(again.text, file.text);
    }

    #[test]
    fn a_timex_crossing_an_element_is_left_out() {
        let file = TimemlFile::parse("L.tml", LINKED.to_string()).unwrap();
        // "nded on" would start inside the EVENT and end outside it.
        let crossing = timex(&file, "nded on", "1999-03-04");
        let (written, report) = file.write_annotated(&[crossing]);
        well_formed(&written);
        assert_eq!((report.timexes, report.crossing), (0, 1));
        // A timex wrapping a whole element is well-formed.
        let wrapping = timex(&file, "resume", "PRESENT_REF");
        let (written, report) = file.write_annotated(&[wrapping]);
        well_formed(&written);
        assert_eq!(report.timexes, 1);
    }
}
