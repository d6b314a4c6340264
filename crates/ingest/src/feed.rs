//! RSS 2.0 (and RSS 1.0/RDF) and Atom feeds: one document per `<item>` / `<entry>`,
//! streamed with quick-xml. Item content (`content:encoded`, `description`, Atom
//! `content`/`summary`, escaped HTML, CDATA or inline XHTML) goes through the HTML
//! fragment reader.

use crate::dates::{parse_date, truncate};
use crate::entities::decode_entities;
use crate::html::fragment_to_text;
use crate::source::{error, Stream};
use crate::{RawDocument, ReadError, ReadOptions};
use annalist_core::Metadata;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Link,
    Id,
    /// Publication date (rank 0) or update date (rank 1).
    Date(u8),
    Content,
    Summary,
}

#[derive(Default)]
struct Item {
    title: Option<String>,
    link: Option<String>,
    id: Option<String>,
    dates: Vec<(u8, String)>,
    content: Option<String>,
    summary: Option<String>,
    too_large: bool,
}

struct Capture {
    field: Field,
    /// Nesting inside the captured element (inline XHTML content).
    depth: usize,
    /// Atom `type="xhtml"`: the content is markup, kept escaped as written.
    xhtml: bool,
    text: String,
}

pub(crate) struct FeedReader<'a> {
    file: String,
    xml: Reader<Stream<'a>>,
    buf: Vec<u8>,
    max: usize,
    item_no: usize,
    item: Option<Item>,
    capture: Option<Capture>,
    saw_feed: bool,
    done: bool,
}

fn local(name: &[u8]) -> &[u8] {
    name.rsplit(|&b| b == b':').next().unwrap_or(name)
}

fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.html_attributes()
        .flatten()
        .find(|a| local(a.key.as_ref()).eq_ignore_ascii_case(name))
        .map(|a| decode_entities(&String::from_utf8_lossy(&a.value)).into_owned())
}

fn field_of(name: &[u8], qualified: &[u8]) -> Option<Field> {
    Some(match name {
        b"title" => Field::Title,
        b"link" => Field::Link,
        b"guid" | b"id" => Field::Id,
        b"pubDate" | b"published" | b"issued" | b"created" => Field::Date(0),
        b"date" if qualified.starts_with(b"dc:") => Field::Date(0),
        b"updated" | b"modified" => Field::Date(1),
        b"encoded" | b"content" => Field::Content,
        b"description" | b"summary" => Field::Summary,
        _ => return None,
    })
}

impl<'a> FeedReader<'a> {
    pub(crate) fn new(file: String, stream: Stream<'a>, options: &ReadOptions) -> FeedReader<'a> {
        let mut xml = Reader::from_reader(stream);
        let config = xml.config_mut();
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.check_comments = false;
        FeedReader {
            file,
            xml,
            buf: Vec::new(),
            max: options.max_document_bytes,
            item_no: 0,
            item: None,
            capture: None,
            saw_feed: false,
            done: false,
        }
    }

    fn fail(&self, reason: impl Into<String>) -> ReadError {
        let record = (self.item_no > 0).then(|| self.item_no.to_string());
        error(&self.file, record, reason)
    }

    fn append(&mut self, text: &str) {
        if let (Some(capture), Some(item)) = (&mut self.capture, &mut self.item) {
            if capture.text.len() + text.len() > self.max {
                item.too_large = true;
            } else {
                capture.text.push_str(text);
            }
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let qualified = e.name().as_ref().to_vec();
        let name = local(&qualified);
        if matches!(name, b"rss" | b"feed" | b"RDF" | b"channel") {
            self.saw_feed = true;
        }
        if let Some(capture) = &mut self.capture {
            // Markup inside a captured element: inline XHTML content.
            let raw = String::from_utf8_lossy(e.as_ref()).into_owned();
            if !empty {
                capture.depth += 1;
            }
            let tag = if empty {
                format!("<{raw}/>")
            } else {
                format!("<{raw}>")
            };
            self.append(&tag);
            return;
        }
        if matches!(name, b"item" | b"entry") {
            if self.item.is_none() {
                self.item_no += 1;
                self.item = Some(Item::default());
            }
            return;
        }
        let Some(item) = &mut self.item else {
            return;
        };
        let Some(field) = field_of(name, &qualified) else {
            return;
        };
        if field == Field::Link {
            // Atom: <link rel="alternate" href="..."/>; RSS: <link>url</link>.
            if let Some(href) = attr(e, b"href") {
                let rel = attr(e, b"rel").unwrap_or_default();
                if (rel.is_empty() || rel == "alternate") && item.link.is_none() {
                    item.link = Some(href.trim().to_string());
                }
                return;
            }
        }
        if !empty {
            let xhtml = attr(e, b"type").is_some_and(|t| t.eq_ignore_ascii_case("xhtml"));
            self.capture = Some(Capture {
                field,
                depth: 0,
                xhtml,
                text: String::new(),
            });
        }
    }

    /// Ends an element; returns the finished item at `</item>` / `</entry>`.
    fn end(&mut self, qualified: &[u8]) -> Option<Result<RawDocument, ReadError>> {
        let name = local(qualified);
        if let Some(capture) = &mut self.capture {
            if capture.depth > 0 {
                capture.depth -= 1;
                let tag = format!("</{}>", String::from_utf8_lossy(qualified));
                self.append(&tag);
                return None;
            }
            if let (Some(capture), Some(item)) = (self.capture.take(), &mut self.item) {
                let value = capture.text;
                let slot = match capture.field {
                    Field::Title => &mut item.title,
                    Field::Link => &mut item.link,
                    Field::Id => &mut item.id,
                    Field::Content => &mut item.content,
                    Field::Summary => &mut item.summary,
                    Field::Date(rank) => {
                        item.dates.push((rank, value));
                        return None;
                    }
                };
                if slot.is_none() {
                    *slot = Some(value);
                }
            }
            return None;
        }
        if matches!(name, b"item" | b"entry") {
            let item = self.item.take()?;
            return Some(self.document(item));
        }
        None
    }

    fn document(&self, mut item: Item) -> Result<RawDocument, ReadError> {
        if item.too_large {
            return Err(self.fail(format!(
                "item larger than max_document_bytes ({}); skipped",
                self.max
            )));
        }
        let clean = |s: Option<String>| {
            s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|s| !s.is_empty())
        };
        let title = clean(item.title.take())
            .map(|t| fragment_to_text(&t))
            .filter(|t| !t.is_empty());
        let mut warnings = Vec::new();
        let body = [item.content.take(), item.summary.take()]
            .into_iter()
            .flatten()
            .map(|html| fragment_to_text(&html))
            .find(|text| !text.is_empty());
        let text = match (body, &title) {
            (Some(text), _) => text,
            (None, Some(title)) => {
                warnings.push("item has no content: its title is the text".to_string());
                title.clone()
            }
            (None, None) => return Err(self.fail("item has neither content nor title")),
        };
        item.dates.sort_by_key(|(rank, _)| *rank);
        let date = item.dates.iter().find_map(|(_, d)| parse_date(d));
        if date.is_none() {
            if let Some((_, value)) = item.dates.first() {
                warnings.push(format!(
                    "unrecognised item date {:?}: document kept without a date",
                    truncate(value.trim(), 80)
                ));
            }
        }
        Ok(RawDocument {
            text,
            metadata: Metadata {
                source: format!("{}:{}", self.file, self.item_no),
                external_id: clean(item.id),
                url: clean(item.link),
                title,
                date,
            },
            warnings,
        })
    }
}

impl Iterator for FeedReader<'_> {
    type Item = Result<RawDocument, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let mut buf = std::mem::take(&mut self.buf);
            buf.clear();
            let event = self.xml.read_event_into(&mut buf);
            let result = match event {
                Err(e) => {
                    self.done = true;
                    let position = self.xml.buffer_position();
                    Some(Err(self.fail(format!("XML error at byte {position}: {e}"))))
                }
                Ok(Event::Eof) => {
                    self.done = true;
                    if self.item.is_some() {
                        Some(Err(self.fail("feed ends inside an item (truncated?)")))
                    } else if !self.saw_feed {
                        Some(Err(self.fail(
                            "not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF>)",
                        )))
                    } else {
                        None
                    }
                }
                Ok(Event::Start(e)) => {
                    self.start(&e, false);
                    None
                }
                Ok(Event::Empty(e)) => {
                    self.start(&e, true);
                    None
                }
                Ok(Event::End(e)) => {
                    let name = e.name().as_ref().to_vec();
                    self.end(&name)
                }
                Ok(Event::Text(t)) => {
                    let raw = String::from_utf8_lossy(&t);
                    let keep_escaped = self
                        .capture
                        .as_ref()
                        .is_some_and(|c| c.xhtml || c.depth > 0);
                    if keep_escaped {
                        self.append(&raw);
                    } else {
                        let decoded = decode_entities(&raw).into_owned();
                        self.append(&decoded);
                    }
                    None
                }
                Ok(Event::CData(c)) => {
                    let raw = String::from_utf8_lossy(&c).into_owned();
                    self.append(&raw);
                    None
                }
                Ok(_) => None,
            };
            self.buf = buf;
            if result.is_some() {
                return result;
            }
        }
        None
    }
}
