//! HTML to text: article extraction from whole pages, and plain text from HTML fragments
//! (feed item content).
//!
//! A small hand-written tag scanner, not a full HTML5 tree builder: the reader needs the
//! article's paragraphs, the title and the publication date, not a DOM. The scanner keeps
//! a stack of open elements (closing `<p>` implicitly, tolerating stray end tags), drops
//! page furniture (the tags, ARIA roles and class/id tokens in `data/boilerplate.tsv`),
//! and records each block of text with the element it sits in. The article is then, in
//! order of preference: the element marked `itemprop="articleBody"`, an element with an
//! article-body class, `<article>`, `<main>`, the parent holding the most `<p>` text, or
//! JSON-LD `articleBody`. Blocks are joined with blank lines, entities decoded.

use crate::dates::{parse_date, truncate};
use crate::entities::decode_entities;
use annalist_core::Date;
use std::collections::HashMap;
use std::sync::OnceLock;

/// At most this many elements are open at once (keeps hostile input linear): past it,
/// the outermost open element that does not matter to the article (not furniture being
/// skipped, not an article candidate, not a heading) is forgotten, so that the deepest
/// elements, where the text is, keep their structure whatever the depth.
const MAX_DEPTH: usize = 512;
/// The least text a `<p>`-density guess must hold to count as an article.
const MIN_GUESSED_ARTICLE: usize = 20;
/// The least text a page without `<p>` must hold in one element to count as an article.
const MIN_UNMARKED_ARTICLE: usize = 200;
const ROOT: u32 = u32::MAX;

/// What the reader learns from an HTML page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Article {
    pub title: Option<String>,
    pub date: Option<Date>,
    /// `og:url` or the canonical link.
    pub url: Option<String>,
    /// Paragraphs joined with blank lines; empty when no article was found.
    pub text: String,
    pub warnings: Vec<String>,
}

struct Rules {
    skip_tags: Vec<String>,
    strict_skip_tags: Vec<String>,
    skip_roles: Vec<String>,
    skip_classes: Vec<String>,
    content_classes: Vec<String>,
    /// Date keys, best first.
    date_keys: Vec<String>,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut rules = Rules {
            skip_tags: Vec::new(),
            strict_skip_tags: Vec::new(),
            skip_roles: Vec::new(),
            skip_classes: Vec::new(),
            content_classes: Vec::new(),
            date_keys: Vec::new(),
        };
        for line in include_str!("../../../data/ingest/boilerplate.tsv").lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((kind, value)) = line.split_once('\t') else {
                continue;
            };
            let value = value.trim().to_ascii_lowercase();
            match kind.trim() {
                "skip-tag" => rules.skip_tags.push(value),
                "strict-skip-tag" => rules.strict_skip_tags.push(value),
                "skip-role" => rules.skip_roles.push(value),
                "skip-class" => rules.skip_classes.push(value),
                "content-class" => rules.content_classes.push(value),
                _ => {}
            }
        }
        for line in include_str!("../../../data/ingest/date_meta.txt").lines() {
            let line = line.trim();
            if !line.is_empty() && !line.starts_with('#') {
                rules.date_keys.push(line.to_ascii_lowercase());
            }
        }
        rules
    })
}

fn date_rank(key: &str) -> Option<usize> {
    rules()
        .date_keys
        .iter()
        .position(|k| k.eq_ignore_ascii_case(key.trim()))
}

// ---------------------------------------------------------------- tokenizer

struct Tag<'a> {
    name: &'a str,
    attrs: Vec<(&'a str, &'a str)>,
    self_closing: bool,
}

impl<'a> Tag<'a> {
    fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

enum Token<'a> {
    Text(&'a str),
    Start(Tag<'a>),
    End(&'a str),
    /// A raw-text element (`script`, `style`, `title`...) and its content.
    Raw(Tag<'a>, &'a str),
}

const RAW_TEXT: [&str; 10] = [
    "script", "style", "title", "textarea", "noscript", "iframe", "xmp", "noembed", "noframes",
    "template",
];

struct Tokenizer<'a> {
    text: &'a str,
    pos: usize,
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            let rest = self.text.get(self.pos..)?;
            let bytes = rest.as_bytes();
            let first = *bytes.first()?;
            if first != b'<' {
                let end = memchr::memchr(b'<', bytes).unwrap_or(bytes.len());
                self.pos += end;
                return Some(Token::Text(rest.get(..end)?));
            }
            match bytes.get(1).copied() {
                Some(b'!') if rest.starts_with("<!--") => {
                    let end = memchr::memmem::find(bytes.get(4..).unwrap_or(&[]), b"-->")
                        .map_or(bytes.len(), |p| p + 7);
                    self.pos += end;
                }
                Some(b'!' | b'?') => {
                    self.pos += memchr::memchr(b'>', bytes).map_or(bytes.len(), |p| p + 1);
                }
                Some(b'/') => {
                    let name_len = bytes
                        .get(2..)
                        .map_or(0, |b| b.iter().take_while(|&&c| is_name_byte(c)).count());
                    self.pos += memchr::memchr(b'>', bytes).map_or(bytes.len(), |p| p + 1);
                    if name_len > 0 && bytes.get(2).is_some_and(u8::is_ascii_alphabetic) {
                        return Some(Token::End(rest.get(2..2 + name_len)?));
                    }
                }
                Some(b) if b.is_ascii_alphabetic() => {
                    let (tag, used) = parse_start_tag(rest);
                    self.pos += used;
                    if !tag.self_closing && RAW_TEXT.iter().any(|r| tag.is(r)) {
                        let after = self.text.get(self.pos..)?;
                        let (content_len, skip) = find_close(after, tag.name);
                        self.pos += skip;
                        return Some(Token::Raw(tag, after.get(..content_len)?));
                    }
                    return Some(Token::Start(tag));
                }
                _ => {
                    self.pos += 1;
                    return Some(Token::Text("<"));
                }
            }
        }
    }
}

/// Parses `<name attr="v" ...>` at the start of `text`; returns the tag and bytes used.
fn parse_start_tag(text: &str) -> (Tag<'_>, usize) {
    let bytes = text.as_bytes();
    let mut i = 1;
    while bytes.get(i).is_some_and(|&b| is_name_byte(b)) {
        i += 1;
    }
    let mut tag = Tag {
        name: text.get(1..i).unwrap_or(""),
        attrs: Vec::new(),
        self_closing: false,
    };
    loop {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match bytes.get(i) {
            None => return (tag, bytes.len()),
            Some(b'>') => return (tag, i + 1),
            Some(b'/') => {
                i += 1;
                if bytes.get(i) == Some(&b'>') {
                    tag.self_closing = true;
                }
                continue;
            }
            Some(b'=') => {
                i += 1;
                continue;
            }
            Some(_) => {}
        }
        let start = i;
        while bytes
            .get(i)
            .is_some_and(|&b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        let name = text.get(start..i).unwrap_or("");
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let mut value = "";
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match bytes.get(i).copied() {
                Some(q @ (b'"' | b'\'')) => {
                    let start = i + 1;
                    let end = bytes
                        .get(start..)
                        .and_then(|b| memchr::memchr(q, b))
                        .map_or(bytes.len(), |p| start + p);
                    value = text.get(start..end).unwrap_or("");
                    i = (end + 1).min(bytes.len());
                }
                _ => {
                    let start = i;
                    while bytes
                        .get(i)
                        .is_some_and(|&b| !b.is_ascii_whitespace() && b != b'>')
                    {
                        i += 1;
                    }
                    value = text.get(start..i).unwrap_or("");
                }
            }
        }
        if tag.attrs.len() < 64 {
            tag.attrs.push((name, value));
        }
    }
}

/// Finds `</name` (any case) in `text`: (content length, bytes to skip past the end tag).
fn find_close(text: &str, name: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    for p in memchr::memchr_iter(b'<', bytes) {
        let Some(candidate) = bytes.get(p + 2..p + 2 + name.len()) else {
            break;
        };
        if bytes.get(p + 1) == Some(&b'/')
            && candidate.eq_ignore_ascii_case(name.as_bytes())
            && !bytes
                .get(p + 2 + name.len())
                .is_some_and(|&b| is_name_byte(b))
        {
            let end = bytes
                .get(p..)
                .and_then(|b| memchr::memchr(b'>', b))
                .map_or(bytes.len(), |q| p + q + 1);
            return (p, end);
        }
    }
    (bytes.len(), bytes.len())
}

// ---------------------------------------------------------------- scanner

const VOID: [&str; 16] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "command",
];

const BLOCK: [&str; 44] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
];

fn is_block(name: &str) -> bool {
    BLOCK.iter().any(|b| b.eq_ignore_ascii_case(name)) || name.eq_ignore_ascii_case("ul")
}

struct Open<'a> {
    name: &'a str,
    id: u32,
    skip: bool,
    block: bool,
    /// An article candidate or a heading: never forgotten at the depth limit.
    keep: bool,
}

struct Block {
    text: String,
    /// The innermost open element when the block ended (`ROOT` outside any).
    element: u32,
    /// For text in a `<p>`: the element holding that `<p>`.
    p_container: Option<u32>,
}

#[derive(Default)]
struct PageMeta {
    og_title: Option<String>,
    title: Option<String>,
    h1: Option<String>,
    url: Option<String>,
    canonical: Option<String>,
    /// (rank in `date_meta.txt`, value as written)
    dates: Vec<(usize, String)>,
    jsonld: Vec<String>,
}

struct Scanner<'a> {
    class_skip: bool,
    stack: Vec<Open<'a>>,
    parents: Vec<u32>,
    skip_depth: usize,
    buf: String,
    pending_space: bool,
    blocks: Vec<Block>,
    /// (element, priority): 3 articleBody, 2 content class, 1 article, 0 main.
    candidates: Vec<(u32, u8)>,
    meta: PageMeta,
    /// The first `<h1>` being read: (element, raw text).
    h1_capture: Option<(u32, String)>,
}

impl<'a> Scanner<'a> {
    fn new(class_skip: bool) -> Scanner<'a> {
        Scanner {
            class_skip,
            stack: Vec::new(),
            parents: Vec::new(),
            skip_depth: 0,
            buf: String::new(),
            pending_space: false,
            blocks: Vec::new(),
            candidates: Vec::new(),
            meta: PageMeta::default(),
            h1_capture: None,
        }
    }

    fn run(mut self, html: &'a str) -> Scanner<'a> {
        for token in (Tokenizer { text: html, pos: 0 }) {
            match token {
                Token::Text(text) => self.text(text),
                Token::Start(tag) => self.start(tag),
                Token::End(name) => self.end(name),
                Token::Raw(tag, content) => self.raw(&tag, content),
            }
        }
        self.flush();
        self
    }

    fn text(&mut self, raw: &str) {
        if let Some((_, capture)) = &mut self.h1_capture {
            if capture.len() < 4096 {
                capture.push_str(raw);
            }
        }
        if self.skip_depth > 0 {
            return;
        }
        for c in decode_entities(raw).chars() {
            if c.is_whitespace() {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.buf.is_empty() {
                    self.buf.push(' ');
                }
                self.pending_space = false;
                self.buf.push(c);
            }
        }
    }

    fn flush(&mut self) {
        self.pending_space = false;
        if self.buf.is_empty() {
            return;
        }
        let element = self.stack.last().map_or(ROOT, |o| o.id);
        let p_container = self.stack.iter().rposition(|o| o.block).and_then(|i| {
            let open = self.stack.get(i)?;
            if !open.name.eq_ignore_ascii_case("p") {
                return None;
            }
            Some(
                i.checked_sub(1)
                    .and_then(|j| self.stack.get(j))
                    .map_or(ROOT, |o| o.id),
            )
        });
        self.blocks.push(Block {
            text: std::mem::take(&mut self.buf),
            element,
            p_container,
        });
    }

    fn note_meta(&mut self, tag: &Tag<'a>) {
        if tag.is("meta") {
            let Some(content) = tag.attr("content") else {
                return;
            };
            for key_attr in ["property", "name", "itemprop", "http-equiv"] {
                let Some(key) = tag.attr(key_attr) else {
                    continue;
                };
                let key = key.trim();
                if key.eq_ignore_ascii_case("og:title") && self.meta.og_title.is_none() {
                    self.meta.og_title = clean_inline(content);
                } else if key.eq_ignore_ascii_case("og:url") && self.meta.url.is_none() {
                    self.meta.url = clean_inline(content);
                } else if let Some(rank) = date_rank(key) {
                    self.push_date(rank, content);
                }
            }
        } else if tag.is("link") {
            let canonical = tag.attr("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("canonical"))
            });
            if canonical && self.meta.canonical.is_none() {
                self.meta.canonical = tag.attr("href").and_then(clean_inline);
            }
        } else {
            let published = tag.attr("itemprop").is_some_and(|p| {
                p.split_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("datePublished"))
            });
            let value = tag.attr("content").or_else(|| tag.attr("datetime"));
            if let Some(value) = value {
                if published {
                    if let Some(rank) = date_rank("datePublished") {
                        self.push_date(rank, value);
                    }
                } else if tag.is("time") && tag.attr("pubdate").is_some() {
                    if let Some(rank) = date_rank("time:pubdate") {
                        self.push_date(rank, value);
                    }
                } else if tag.is("time") && self.skip_depth == 0 {
                    if let Some(rank) = date_rank("time:datetime") {
                        self.push_date(rank, value);
                    }
                }
            }
        }
    }

    fn push_date(&mut self, rank: usize, value: &str) {
        if self.meta.dates.len() < 64 {
            self.meta
                .dates
                .push((rank, decode_entities(value).trim().to_string()));
        }
    }

    fn is_skipped(&self, tag: &Tag<'a>) -> bool {
        let rules = rules();
        if rules.skip_tags.iter().any(|t| tag.is(t))
            || (self.class_skip && rules.strict_skip_tags.iter().any(|t| tag.is(t)))
        {
            return true;
        }
        if let Some(role) = tag.attr("role") {
            if rules
                .skip_roles
                .iter()
                .any(|r| r.eq_ignore_ascii_case(role.trim()))
            {
                return true;
            }
        }
        if tag
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
            || tag.attr("hidden").is_some()
        {
            return true;
        }
        if !self.class_skip
            || ["html", "body", "main", "article"]
                .iter()
                .any(|n| tag.is(n))
            || is_article_body(tag)
        {
            return false;
        }
        ["class", "id"].iter().any(|attr| {
            tag.attr(attr).is_some_and(|value| {
                value
                    .split_whitespace()
                    .any(|class| class_matches(class, &rules.skip_classes, true))
            })
        })
    }

    fn start(&mut self, tag: Tag<'a>) {
        self.note_meta(&tag);
        if VOID.iter().any(|v| tag.is(v)) {
            if tag.is("br") || tag.is("hr") {
                self.flush();
            }
            return;
        }
        let block = is_block(tag.name);
        if block {
            // A block start closes an open <p>, as in HTML; a list item closes its
            // previous sibling; a cell closes the previous cell.
            let closes = |open: &str| {
                open.eq_ignore_ascii_case("p")
                    || (tag.is("li") && open.eq_ignore_ascii_case("li"))
                    || ((tag.is("td") || tag.is("th") || tag.is("tr"))
                        && (open.eq_ignore_ascii_case("td") || open.eq_ignore_ascii_case("th")))
            };
            if self.stack.last().is_some_and(|o| closes(o.name)) {
                self.flush();
                self.pop();
            }
            self.flush();
        }
        if tag.self_closing || (self.stack.len() >= MAX_DEPTH && !self.forget_outermost()) {
            return;
        }
        let skip = self.is_skipped(&tag);
        let Ok(id) = u32::try_from(self.parents.len()) else {
            return;
        };
        if id == ROOT {
            return;
        }
        self.parents.push(self.stack.last().map_or(ROOT, |o| o.id));
        if skip {
            self.skip_depth += 1;
        }
        let priority = if is_article_body(&tag) {
            Some(3)
        } else if ["class", "id"].iter().any(|a| {
            tag.attr(a).is_some_and(|v| {
                v.split_whitespace()
                    .any(|c| class_matches(c, &rules().content_classes, false))
            })
        }) {
            Some(2)
        } else if tag.is("article") {
            Some(1)
        } else if tag.is("main") {
            Some(0)
        } else {
            None
        };
        self.stack.push(Open {
            name: tag.name,
            id,
            skip,
            block,
            keep: priority.is_some() || tag.is("h1"),
        });
        if let Some(priority) = priority {
            if self.candidates.len() < 1024 {
                self.candidates.push((id, priority));
            }
        }
        if tag.is("h1") && self.meta.h1.is_none() && self.h1_capture.is_none() {
            self.h1_capture = Some((id, String::new()));
        }
    }

    /// Takes the outermost open element that can go off the stack (see `MAX_DEPTH`);
    /// false when there is none. Its end tag will then match nothing and be ignored, as
    /// a stray one; the elements inside it keep it as their parent.
    fn forget_outermost(&mut self) -> bool {
        let last = self.stack.len().saturating_sub(1);
        let Some(at) = self
            .stack
            .iter()
            .take(last)
            .position(|o| !o.skip && !o.keep)
        else {
            return false;
        };
        self.stack.remove(at);
        true
    }

    fn pop(&mut self) {
        if let Some(open) = self.stack.pop() {
            if open.skip {
                self.skip_depth = self.skip_depth.saturating_sub(1);
            }
            if self
                .h1_capture
                .as_ref()
                .is_some_and(|(id, _)| *id == open.id)
            {
                if let Some((_, raw)) = self.h1_capture.take() {
                    self.meta.h1 = clean_inline(&raw);
                }
            }
        }
    }

    fn end(&mut self, name: &str) {
        if is_block(name) {
            self.flush();
        }
        if let Some(at) = self
            .stack
            .iter()
            .rposition(|o| o.name.eq_ignore_ascii_case(name))
        {
            while self.stack.len() > at {
                self.pop();
            }
        }
    }

    fn raw(&mut self, tag: &Tag<'a>, content: &str) {
        if tag.is("title") {
            if self.meta.title.is_none() {
                self.meta.title = clean_inline(content);
            }
        } else if tag.is("script")
            && tag
                .attr("type")
                .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"))
            && self.meta.jsonld.len() < 16
        {
            self.meta.jsonld.push(content.to_string());
        }
    }

    /// Per element: (text bytes in its subtree, end of its subtree in preorder ids).
    fn subtrees(&self) -> (Vec<usize>, Vec<u32>) {
        let n = self.parents.len();
        let mut total = vec![0usize; n];
        let mut end: Vec<u32> = (1..=n as u32).collect();
        for block in &self.blocks {
            if let Some(t) = total.get_mut(block.element as usize) {
                *t += block.text.len();
            }
        }
        for id in (0..n).rev() {
            let parent = self.parents.get(id).copied().unwrap_or(ROOT) as usize;
            let (t, e) = (total.get(id).copied(), end.get(id).copied());
            if let (Some(t), Some(e)) = (t, e) {
                if let Some(pt) = total.get_mut(parent) {
                    *pt += t;
                }
                if let Some(pe) = end.get_mut(parent) {
                    *pe = (*pe).max(e);
                }
            }
        }
        (total, end)
    }

    /// For pages without `<p>`: the element holding the most text directly (lines
    /// separated by `<br>`), with its text length.
    fn densest_unmarked_text(&self) -> Option<(u32, usize)> {
        let mut groups: HashMap<u32, usize> = HashMap::new();
        for block in self.blocks.iter().filter(|b| b.p_container.is_none()) {
            *groups.entry(block.element).or_default() += block.text.len();
        }
        groups
            .into_iter()
            .map(|(element, len)| (len, std::cmp::Reverse(element)))
            .max()
            .map(|(len, std::cmp::Reverse(element))| (element, len))
    }

    /// The article's text, or empty.
    fn article_text(&self) -> String {
        let (total, end) = self.subtrees();
        let mut p_groups: HashMap<u32, usize> = HashMap::new();
        for block in &self.blocks {
            if let Some(container) = block.p_container {
                *p_groups.entry(container).or_default() += block.text.len();
            }
        }
        // Largest group; ties go to the earlier container (smaller preorder id).
        let densest = p_groups
            .iter()
            .map(|(&c, &len)| (len, std::cmp::Reverse(c)))
            .max()
            .map(|(len, std::cmp::Reverse(c))| (c, len));
        let best = self
            .candidates
            .iter()
            .filter_map(|&(id, priority)| {
                let len = total.get(id as usize).copied().unwrap_or(0);
                (len > 0).then_some((priority, len, std::cmp::Reverse(id)))
            })
            .max();
        let densest_len = densest.map_or(0, |(_, len)| len);
        let root = match (best, densest) {
            (Some((priority, len, std::cmp::Reverse(id))), _)
                if priority >= 3 || len * 2 >= densest_len =>
            {
                id
            }
            (_, Some((container, len))) if len >= MIN_GUESSED_ARTICLE => container,
            _ => match self.densest_unmarked_text() {
                Some((element, len)) if len >= MIN_UNMARKED_ARTICLE => element,
                _ => return String::new(),
            },
        };
        let under = |element: u32| {
            root == ROOT
                || (element >= root && element < end.get(root as usize).copied().unwrap_or(root))
        };
        join_blocks(self.blocks.iter().filter(|b| under(b.element)))
    }
}

fn join_blocks<'b>(blocks: impl Iterator<Item = &'b Block>) -> String {
    let mut out = String::new();
    for block in blocks {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&block.text);
    }
    out
}

fn is_article_body(tag: &Tag<'_>) -> bool {
    tag.attr("itemprop").is_some_and(|p| {
        p.split_whitespace()
            .any(|t| t.eq_ignore_ascii_case("articleBody"))
    })
}

/// Whether a class/id value is in `list`, whole or (when `tokens`) by one of its
/// `-`/`_`-separated parts.
fn class_matches(class: &str, list: &[String], tokens: bool) -> bool {
    let hit = |word: &str| list.iter().any(|l| l.eq_ignore_ascii_case(word));
    hit(class) || (tokens && class.split(['-', '_']).any(|t| !t.is_empty() && hit(t)))
}

/// Entity-decoded, whitespace-collapsed, trimmed; `None` when empty.
fn clean_inline(raw: &str) -> Option<String> {
    let decoded = decode_entities(raw);
    let mut out = String::with_capacity(decoded.len());
    for word in decoded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    (!out.is_empty()).then_some(out)
}

// ---------------------------------------------------------------- JSON-LD

#[derive(Default)]
struct JsonLd {
    /// (key, value) date fields, from article-typed objects first.
    dates: Vec<(&'static str, String)>,
    headline: Option<String>,
    body: Option<String>,
}

fn walk_jsonld(value: &serde_json::Value, depth: usize, article_only: bool, out: &mut JsonLd) {
    use serde_json::Value;
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items.iter().take(64) {
                walk_jsonld(item, depth + 1, article_only, out);
            }
        }
        Value::Object(map) => {
            let is_article = match map.get("@type") {
                Some(Value::String(t)) => is_article_type(t),
                Some(Value::Array(ts)) => {
                    ts.iter().any(|t| t.as_str().is_some_and(is_article_type))
                }
                _ => false,
            };
            if is_article || !article_only {
                for key in ["datePublished", "dateCreated", "dateModified"] {
                    if let Some(Value::String(v)) = map.get(key) {
                        out.dates.push((key, v.clone()));
                    }
                }
                if is_article {
                    if let (None, Some(Value::String(h))) = (&out.headline, map.get("headline")) {
                        out.headline = clean_inline(h);
                    }
                    if let (None, Some(Value::String(b))) = (&out.body, map.get("articleBody")) {
                        out.body = Some(b.clone());
                    }
                }
            }
            if let Some(graph) = map.get("@graph") {
                walk_jsonld(graph, depth + 1, article_only, out);
            }
        }
        _ => {}
    }
}

fn is_article_type(t: &str) -> bool {
    t.contains("Article") || t.contains("BlogPosting") || t.contains("Report")
}

// ---------------------------------------------------------------- entry points

/// Extracts the article of a whole HTML page.
pub fn extract_article(html: &str) -> Article {
    let mut scan = Scanner::new(true).run(html);
    let mut text = scan.article_text();
    if text.is_empty() {
        // A page-wide wrapper with a class such as `has-sidebar` hides everything:
        // try again trusting only tags and roles.
        let second = Scanner::new(false).run(html);
        text = second.article_text();
    }
    let mut article = Article::default();
    let mut jsonld = JsonLd::default();
    for script in &scan.meta.jsonld {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(script) {
            walk_jsonld(&value, 0, true, &mut jsonld);
            if jsonld.dates.is_empty() {
                walk_jsonld(&value, 0, false, &mut jsonld);
            }
        } else {
            article
                .warnings
                .push("unreadable JSON-LD script ignored".to_string());
        }
    }
    for (key, value) in &jsonld.dates {
        if let Some(rank) = date_rank(&format!("jsonld:{key}")) {
            scan.meta.dates.push((rank, value.clone()));
        }
    }
    if text.is_empty() {
        if let Some(body) = &jsonld.body {
            text = fragment_to_text(body);
        }
    }
    article.text = text;
    article.title = scan
        .meta
        .og_title
        .take()
        .or(scan.meta.title.take())
        .or(scan.meta.h1.take())
        .or(jsonld.headline.take());
    article.url = scan.meta.url.take().or(scan.meta.canonical.take());
    scan.meta.dates.sort_by_key(|(rank, _)| *rank);
    article.date = scan
        .meta
        .dates
        .iter()
        .find_map(|(_, v)| parse_date(v))
        .or_else(|| article.url.as_deref().and_then(date_from_url));
    if article.date.is_none() {
        if let Some((_, value)) = scan.meta.dates.first() {
            article.warnings.push(format!(
                "unrecognised page date {:?}: document kept without a date",
                truncate(value, 80)
            ));
        }
    }
    article
}

/// The date in a news URL's path: `/2023/06/30/` or a `2023-06-30` segment.
pub fn date_from_url(url: &str) -> Option<Date> {
    let path = url.split(['?', '#']).next()?;
    let segments: Vec<&str> = path.split('/').collect();
    let number = |s: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    for window in segments.windows(3) {
        if let [y, m, d] = window {
            if let (Some(y), Some(m), Some(d)) =
                (number(y, 4..=4), number(m, 1..=2), number(d, 1..=2))
            {
                if (1990..=2100).contains(&y) {
                    if let (Ok(y), Ok(m), Ok(d)) =
                        (i32::try_from(y), u8::try_from(m), u8::try_from(d))
                    {
                        if let Some(date) = Date::from_ymd(y, m, d) {
                            return Some(date);
                        }
                    }
                }
            }
        }
    }
    segments.iter().find_map(|segment| {
        let head = segment.get(..10)?;
        let tail_ok = !matches!(segment.as_bytes().get(10), Some(b) if b.is_ascii_digit());
        let bytes = head.as_bytes();
        (tail_ok && bytes.get(4) == Some(&b'-') && bytes.get(7) == Some(&b'-'))
            .then(|| Date::parse(head))
            .flatten()
            .filter(|d| (1990..=2100).contains(&d.year()))
    })
}

/// The text of an HTML fragment (feed item content): every block outside scripts,
/// styles and tag-level furniture, joined with blank lines. Text without markup keeps
/// its paragraphs.
pub fn fragment_to_text(html: &str) -> String {
    if !html.contains('<') {
        let decoded = decode_entities(html);
        let mut out = String::new();
        for paragraph in decoded.split("\n\n") {
            if let Some(clean) = clean_inline(paragraph) {
                if !out.is_empty() {
                    out.push_str("\n\n");
                }
                out.push_str(&clean);
            }
        }
        return out;
    }
    let scan = Scanner::new(false).run(html);
    join_blocks(scan.blocks.iter())
}

/// The charset named in the first bytes of a page (`<meta charset>` or http-equiv).
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(4096))?;
    let at = memchr::memmem::find_iter(head, b"charset")
        .next()
        .or_else(|| memchr::memmem::find_iter(head, b"CHARSET").next())?;
    let rest = head.get(at + 7..)?;
    let rest: Vec<u8> = rest
        .iter()
        .copied()
        .skip_while(|b| b.is_ascii_whitespace() || matches!(b, b'=' | b'"' | b'\''))
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .collect();
    (!rest.is_empty()).then(|| String::from_utf8_lossy(&rest).to_ascii_lowercase())
}

/// Decodes page bytes: a byte-order mark first, then the declared charset (the HTTP
/// header, then the page's `<meta>`), any label of the WHATWG Encoding Standard
/// (`encoding_rs`: Shift_JIS, KOI8-R, GBK, windows-1251, ISO-8859-x ...); UTF-8 when none
/// is declared, and Windows-1252 for undeclared bytes that are not UTF-8. Returns the
/// text and a warning when bytes had to be guessed or replaced.
pub fn decode_page(bytes: &[u8], http_charset: Option<&str>) -> (String, Option<String>) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let warning = had_errors.then(|| {
            format!(
                "invalid {} after its byte-order mark: replaced by U+FFFD",
                encoding.name()
            )
        });
        return (text.into_owned(), warning);
    }
    let charset = http_charset
        .map(|c| c.trim().trim_matches(['"', '\'']).to_ascii_lowercase())
        .or_else(|| declared_charset(bytes));
    match charset.as_deref() {
        Some(label) => match encoding_rs::Encoding::for_label(label.as_bytes()) {
            Some(encoding) => {
                let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
                let warning = had_errors.then(|| {
                    format!(
                        "bytes invalid in the declared charset {} replaced by U+FFFD",
                        encoding.name()
                    )
                });
                (text.into_owned(), warning)
            }
            None => match std::str::from_utf8(bytes) {
                Ok(text) => (text.to_string(), None),
                Err(_) => (
                    String::from_utf8_lossy(bytes).into_owned(),
                    Some(format!(
                        "charset {label:?} is not known: invalid bytes replaced by U+FFFD"
                    )),
                ),
            },
        },
        None => match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_string(), None),
            Err(e) => (
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0
                    .into_owned(),
                Some(format!(
                    "not UTF-8 (byte {}) and no charset declared: read as Windows-1252",
                    e.valid_up_to()
                )),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head>
<meta charset="utf-8"><title>Harbour Reopens | Example News</title>
<meta property="og:title" content="Harbour reopens after storm &amp; repairs">
<meta property="article:published_time" content="2023-03-09T08:15:00Z">
<script>var ads = "<p>not text</p>";</script>
<style>p { color: red }</style>
</head><body class="has-sidebar">
<nav><ul><li><a href="/">Home</a></li><li>World</li></ul></nav>
<div class="ad-slot">Buy now!</div>
<article><header><h1>Harbour reopens</h1><p class="byline">By A. Writer</p></header>
<p>The old harbour of Port Elden reopened on Thursday &mdash; three weeks after the storm.</p>
<div class="share-bar"><p>Share this</p></div>
<p>Ferries resumed at dawn, the port authority said.<p>Fishing boats followed.</p>
<footer><p>Tags: ports</p></footer></article>
<aside><p>Related: other news that should not appear here.</p></aside>
<footer><p>&copy; 2023 Example News</p></footer></body></html>"#;

    #[test]
    fn extracts_article_title_and_date() {
        let article = extract_article(PAGE);
        assert_eq!(
            article.text,
            "The old harbour of Port Elden reopened on Thursday — three weeks after the storm.\n\n\
             Ferries resumed at dawn, the port authority said.\n\nFishing boats followed."
        );
        assert_eq!(
            article.title.as_deref(),
            Some("Harbour reopens after storm & repairs")
        );
        assert_eq!(article.date, Date::from_ymd(2023, 3, 9));
        assert!(article.warnings.is_empty());
    }

    #[test]
    fn deeply_nested_articles_are_kept() {
        for depth in [0, 100, 505, 510, 511, 512, 513, 600, 5_000, 50_000] {
            let html = format!(
                "<html><head><title>Deep</title></head><body>{}<nav><p>Menu</p></nav>\
                 <article><h1>Deep page</h1><p>The harbour reopened on Thursday.</p>\
                 <p>Ferries followed.</p></article>{}<footer><p>Footer</p></footer></body></html>",
                "<div>".repeat(depth),
                "</div>".repeat(depth)
            );
            let article = extract_article(&html);
            assert_eq!(
                article.text, "The harbour reopened on Thursday.\n\nFerries followed.",
                "nested {depth} deep"
            );
            assert_eq!(article.title.as_deref(), Some("Deep"));
        }
        // Skipped furniture at any depth stays skipped.
        let html = format!(
            "<html><body>{}<aside><p>Related links, not the story.</p></aside>\
             <div><p>The story itself is here, long enough to count.</p></div></body></html>",
            "<section>".repeat(2_000)
        );
        assert_eq!(
            extract_article(&html).text,
            "The story itself is here, long enough to count."
        );
    }

    #[test]
    fn densest_paragraphs_without_article_element() {
        let html = "<html><body><div id=menu><p>Home</p><p>News</p></div>\
            <div class=story><h2>Sub head</h2><p>First paragraph of the story, long enough.</p>\
            <p>Second paragraph of the story.</p></div><div><p>Short</p></div></body></html>";
        let article = extract_article(html);
        assert_eq!(
            article.text,
            "Sub head\n\nFirst paragraph of the story, long enough.\n\nSecond paragraph of the story."
        );
        assert_eq!(article.title, None);
    }

    #[test]
    fn json_ld_date_and_body_fallback() {
        let html = r#"<html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"WebPage","datePublished":"2001-01-01"},
            {"@type":"NewsArticle","headline":"Snow in May","datePublished":"2021-05-04T10:00:00+02:00",
             "articleBody":"It snowed in May.\n\nNobody expected it."}]}
            </script></head><body><div>Menu</div></body></html>"#;
        let article = extract_article(html);
        assert_eq!(article.date, Date::from_ymd(2021, 5, 4));
        assert_eq!(article.title.as_deref(), Some("Snow in May"));
        assert_eq!(article.text, "It snowed in May.\n\nNobody expected it.");
    }

    #[test]
    fn item_prop_article_body_wins() {
        let html = r#"<body><article><div itemprop="articleBody"><p>Body text here.</p></div>
            <time itemprop="datePublished" datetime="2020-02-29">29 Feb</time></article>
            <div><p>A much longer block of text that is not the article body at all, really.</p></div></body>"#;
        let article = extract_article(html);
        assert_eq!(article.text, "Body text here.");
        assert_eq!(article.date, Date::from_ymd(2020, 2, 29));
    }

    #[test]
    fn page_wide_form_and_wrapper_classes_fall_back_to_lenient_pass() {
        let html = "<body><form id=aspnetForm><div class='wrap has-sidebar'>\
            <p>The council approved the new budget on Monday evening.</p>\
            <p>Spending on roads rises by a tenth.</p></div></form></body>";
        assert_eq!(
            extract_article(html).text,
            "The council approved the new budget on Monday evening.\n\nSpending on roads rises by a tenth."
        );
    }

    #[test]
    fn pages_without_paragraphs_and_dates_from_urls() {
        let line = "A line of a story written without paragraph tags, as some old sites do it.";
        let html = format!(
            "<html><head><link rel=canonical href='https://n.example/2019/11/05/story'></head>\
             <body><div class=menu>Home<br>World</div><div class=text>{line}<br>{line}<br><br>{line}</div></body></html>"
        );
        let article = extract_article(&html);
        assert_eq!(article.text, format!("{line}\n\n{line}\n\n{line}"));
        assert_eq!(article.date, Date::from_ymd(2019, 11, 5));
        assert_eq!(
            date_from_url("https://x.example/news/2021-03-04-slug"),
            Date::from_ymd(2021, 3, 4)
        );
        assert_eq!(date_from_url("https://x.example/2021/13/04/slug"), None);
        assert_eq!(date_from_url("https://x.example/id/12345678901"), None);
    }

    #[test]
    fn unknown_date_warns() {
        let html =
            r#"<meta name="date" content="the day after tomorrow"><article><p>Text.</p></article>"#;
        let article = extract_article(html);
        assert_eq!(article.date, None);
        assert_eq!(article.warnings.len(), 1);
    }

    #[test]
    fn no_article_is_empty() {
        let html =
            "<html><body><nav><p>Home</p></nav><footer><p>Contact us</p></footer></body></html>";
        assert_eq!(extract_article(html).text, "");
    }

    #[test]
    fn fragments() {
        assert_eq!(
            fragment_to_text("<p>One &amp; two.</p><p>Three<br>four</p><script>x</script>"),
            "One & two.\n\nThree\n\nfour"
        );
        assert_eq!(
            fragment_to_text("plain  text\n\nsecond"),
            "plain text\n\nsecond"
        );
    }

    #[test]
    fn charsets() {
        assert_eq!(decode_page(b"caf\xe9", None).0, "café");
        assert!(decode_page(b"caf\xe9", None).1.is_some());
        assert_eq!(
            decode_page(b"<meta charset=\"iso-8859-1\">caf\xe9", None).0,
            "<meta charset=\"iso-8859-1\">café"
        );
        assert_eq!(
            decode_page("café".as_bytes(), Some("utf-8")),
            ("café".to_string(), None)
        );
        // Any WHATWG label: Cyrillic pages in windows-1251 and KOI8-R, Japanese in Shift_JIS.
        assert_eq!(
            decode_page(b"\xcc\xee\xf1\xea\xe2\xe0", Some("windows-1251")),
            ("Москва".to_string(), None)
        );
        assert_eq!(
            decode_page(b"<meta charset=koi8-r>\xed\xcf\xd3\xcb\xd7\xc1", None).0,
            "<meta charset=koi8-r>Москва"
        );
        assert_eq!(
            decode_page(b"\x93\x8c\x8b\x9e", Some("shift_jis")).0,
            "東京"
        );
        // A byte-order mark wins over a declaration.
        assert_eq!(
            decode_page(b"\xff\xfeh\x00i\x00", Some("iso-8859-1")),
            ("hi".to_string(), None)
        );
        // Invalid bytes in the declared charset are replaced and reported.
        assert!(decode_page(b"caf\xff", Some("utf-8")).1.is_some());
    }

    proptest! {
        #[test]
        fn never_panics(html in "(<[a-z/!]{0,3}[^<>]{0,12}>?|[^<]{0,12}|&[a-z#0-9]{0,5};?){0,40}") {
            let article = extract_article(&html);
            prop_assert!(!article.text.starts_with(char::is_whitespace));
            let _ = fragment_to_text(&html);
        }

        #[test]
        fn never_panics_on_any_text(html in "\\PC{0,200}") {
            let _ = extract_article(&html);
            let _ = fragment_to_text(&html);
        }
    }
}
