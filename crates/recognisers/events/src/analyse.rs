//! Finding event mentions and their arguments in one document.
//!
//! Owns the per-document pass: trigger matching (one Aho-Corasick scan per sentence over a
//! lower-cased copy of the text), the constraints of each trigger, the clause segments a
//! trigger's arguments are searched in, and the argument rules: subject and object
//! entities, compound lists ("the US and NATO", "Mordor, the Shire, Fornost and Bree" over
//! the commas that split clauses), a verb coordinated with an earlier one sharing its
//! subject, a country's agents ("the government of X", "X Prime Minister Y"), verb
//! dictionary patterns, first-person references inside a quote
//! ("our" → the speaker's country), group noun phrases ("Western partners"), passives and
//! reduced relatives ("drafts submitted to"), place ("in Geneva"), date (the clause's
//! timex; the act of saying for speech acts), the quotation, negation and modality.
//!
//! No parser: a clause is a run of tokens between commas, semicolons and coordinations
//! that start a new clause ("and a meeting ..."); a fronted adverbial ("On January 10 in
//! Geneva,") belongs to the clause after it.
//!
//! The closed-class words the rules test (negations, modals, prepositions, determiners,
//! pronouns, coordinators, reporting verbs) are the word classes of `grammar.tsv`
//! ([`crate::grammar`]), looked up in one hash probe per word.

use crate::grammar::{
    Classes, ARTICLE, BARE_ARTICLE, BE, CIRCUMSTANCE, CLAUSE_COORDINATOR, CLAUSE_START,
    CONJUNCTION, DETERMINER, FAILURE, FUTURE, GROUP_LINK, HYPOTHETICAL, LIST_JOINER, LOCATIVE,
    NEGATION, PARTICIPLE, PERSONAL_PRONOUN, PLACE_PREPOSITION, POSSESSIVE, PREPOSITION, PRONOUN,
    RELATIVE_PREPOSITION, REPORTING, SHARED_SUBJECT, SKIP, STOP, VERB_COORDINATOR, WE, WE_JOINER,
};
use crate::lexicon::{Entry, Frame, Lexicons, Pattern, PatternItem, Require};
use annalist_core::syntax::Upos;
use annalist_core::{Document, EntityKind, Span, TimexType};
use std::collections::HashMap;

/// An event argument: an entity of the document or a group phrase found here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg {
    Entity(usize),
    Group(usize),
}

/// Every entity mention of the document as (span, entity index), by start, the longer
/// first.
pub fn mentions_by_start(doc: &Document) -> Vec<(Span, usize)> {
    let mut mentions: Vec<(Span, usize)> = doc
        .entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.mentions.iter().map(move |m| (m.span, i)))
        .collect();
    mentions.sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
    mentions
}

/// The country entity of an entity: itself for a country, else the document's country
/// entity with its ISO code.
pub fn country_entity(doc: &Document, e: usize) -> Option<usize> {
    let entity = doc.entities.get(e)?;
    if entity.kind == EntityKind::Country {
        return Some(e);
    }
    let code = country_code(entity)?;
    doc.entities.iter().position(|x| {
        x.kind == EntityKind::Country
            && (x.codes.iter().any(|c| c == code) || x.country.as_deref() == Some(code))
    })
}

/// The code of an entity's country: its country, else the first three letters of its
/// first actor code (RUSGOV: RUS).
fn country_code(entity: &annalist_core::Entity) -> Option<&str> {
    entity
        .country
        .as_deref()
        .or_else(|| entity.codes.first().and_then(|c| c.get(..3)))
}

/// A group noun phrase that is an event argument but not an entity.
#[derive(Clone, Debug)]
pub struct GroupPhrase {
    /// Merge key: the head noun, with the country for a country's group.
    pub head: String,
    pub canonical: String,
    pub sector: Option<String>,
    /// The country code of a country's group ("Gondor police": GON, code GONCOP).
    pub country: Option<String>,
    pub mentions: Vec<Span>,
}

/// How a candidate's code is to be read when the event is built.
#[derive(Clone, Debug, Default)]
pub struct Coding {
    /// Takes a complement clause and swallows its trigger ("agreed to share").
    pub absorb: bool,
    /// The code is final (a user's verb dictionary codes intentions itself).
    pub fixed: bool,
    /// The trigger is a noun.
    pub noun: bool,
    /// PLOVER type when it is not the CAMEO table's.
    pub plover: Option<String>,
    /// The code of the event the recipient does in return.
    pub reverse: Option<String>,
}

impl Coding {
    fn of(entry: &Entry) -> Coding {
        Coding {
            absorb: entry.absorb,
            fixed: entry.fixed,
            noun: entry.noun,
            plover: entry.plover.clone(),
            reverse: entry.reverse.clone(),
        }
    }
}

/// One event mention with its arguments, before merging.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub coding: Coding,
    pub cameo: String,
    pub trigger: Span,
    pub clause: Span,
    pub actors: Vec<Arg>,
    pub explicit_actor: bool,
    pub recipients: Vec<Arg>,
    pub place: Option<usize>,
    /// The place is the dateline's, which no entity covers yet.
    pub place_dateline: bool,
    pub date: Option<String>,
    pub negated: bool,
    pub modality: &'static str,
    pub quote: Option<usize>,
    pub object: Option<String>,
    pub paragraph: usize,
    /// The recipients are the dispatch's other party, not named in the event's own words
    /// ([`crate::parties`]): the event is no better supported for it.
    pub implicit_recipient: bool,
}

/// Per-document state for the pass.
pub struct Analysis<'d, 'l> {
    pub doc: &'d Document,
    lex: &'l Lexicons,
    /// ASCII lower-cased copy of the text: same byte offsets.
    lower: String,
    /// Entity mentions sorted by start: (span, entity index).
    mentions: Vec<(Span, usize)>,
    pub groups: Vec<GroupPhrase>,
    /// The last explicit actor seen in each paragraph (for meetings without participants).
    last_actor: Option<(usize, Arg)>,
    /// The actors of the sentence's last event with a subject of its own, and that
    /// sentence: a coordinated verb shares them ("X condemned ... and promised ...").
    sentence_actors: Option<(usize, Vec<Arg>)>,
    /// Timex spans and name mention spans, sorted by start.
    timex_spans: Vec<Span>,
    /// Indices of the document's timexes sorted by span (start, end): [`Self::timex_in`]
    /// reads only the timexes of its range.
    timex_order: Vec<usize>,
    name_spans: Vec<Span>,
    /// Clause segments of the sentence last asked for.
    segment_cache: std::cell::RefCell<Option<(usize, Segments)>>,
    /// Lookups built once, so that no candidate scans every entity or quote of the
    /// document: entity id to index, country code to the first country entity with it,
    /// a group entity's head noun (lower case) to its first entity.
    entity_index: HashMap<&'d str, usize>,
    country_index: HashMap<&'d str, usize>,
    group_heads: HashMap<String, usize>,
    /// Quotations by start, with the largest end of each prefix ([`Self::quote_of`]).
    quote_order: Vec<usize>,
    quote_reach: Vec<usize>,
}

/// Where a verb pattern puts an argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    /// The phrase starts at or after this token.
    After(usize),
    /// The phrase ends before this token.
    Before(usize),
}

/// The source and target marks of a matched verb pattern.
#[derive(Clone, Copy, Debug, Default)]
struct Marks {
    source: Option<Mark>,
    target: Option<Mark>,
}

/// Clause segments of a sentence as token index ranges.
type Segments = Vec<(usize, usize)>;

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|t| t.chars().next_back());
    let after = text.get(end..).and_then(|t| t.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

impl<'d, 'l> Analysis<'d, 'l> {
    pub fn new(doc: &'d Document, lex: &'l Lexicons) -> Analysis<'d, 'l> {
        let mentions = mentions_by_start(doc);
        let mut timex_spans: Vec<Span> = doc.timexes.iter().map(|t| t.span).collect();
        timex_spans.sort();
        let mut timex_order: Vec<usize> = (0..doc.timexes.len()).collect();
        timex_order.sort_by_key(|&i| (doc.timexes[i].span.start, doc.timexes[i].span.end));
        let mut name_spans: Vec<Span> = doc
            .entities
            .iter()
            .flat_map(|e| &e.mentions)
            .filter(|m| {
                matches!(
                    m.how.as_deref(),
                    None | Some("name") | Some("alias") | Some("surname") | Some("dateline")
                )
            })
            .map(|m| m.span)
            .collect();
        name_spans.sort();
        let entity_index = doc
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let mut country_index = HashMap::new();
        let mut group_heads = HashMap::new();
        for (i, e) in doc.entities.iter().enumerate() {
            if e.kind == EntityKind::Country {
                for code in e.codes.iter().chain(&e.country) {
                    country_index.entry(code.as_str()).or_insert(i);
                }
            }
            if e.kind == EntityKind::Group {
                if let Some(last) = e.canonical.rsplit(' ').next() {
                    group_heads.entry(last.to_ascii_lowercase()).or_insert(i);
                }
            }
        }
        let mut quote_order: Vec<usize> = (0..doc.quotes.len()).collect();
        quote_order.sort_by_key(|&q| doc.quotes[q].span.start);
        let quote_reach = quote_order
            .iter()
            .scan(0, |reach, &q| {
                *reach = (*reach).max(doc.quotes[q].span.end);
                Some(*reach)
            })
            .collect();
        Analysis {
            doc,
            lex,
            lower: doc.text.to_ascii_lowercase(),
            mentions,
            groups: Vec::new(),
            last_actor: None,
            sentence_actors: None,
            timex_spans,
            timex_order,
            name_spans,
            segment_cache: std::cell::RefCell::new(None),
            entity_index,
            country_index,
            group_heads,
            quote_order,
            quote_reach,
        }
    }

    /// Lower-cased text of token `i`.
    fn word(&self, i: usize) -> &str {
        self.doc.tokens.get(i).map_or("", |t| {
            self.lower.get(t.span.start..t.span.end).unwrap_or("")
        })
    }

    /// Whether lower-case `w` is in any of the word `classes` (`grammar.tsv`).
    fn is(&self, w: &str, classes: Classes) -> bool {
        self.lex.grammar.is(w, classes)
    }

    /// Whether token `i` is in the word `class`; a contraction in n't counts as `not`.
    fn word_in(&self, i: usize, class: Classes) -> bool {
        self.lex.grammar.is_or_contracted(self.word(i), class)
    }

    /// Token index at or after byte `offset`.
    fn token_at(&self, offset: usize) -> usize {
        self.doc.tokens.partition_point(|t| t.span.end <= offset)
    }

    /// Whether a match starts at a token start and ends at a token end
    /// ("threatened" is not a trigger inside "long-threatened").
    fn on_token_boundaries(&self, start: usize, end: usize) -> bool {
        let first = self.token_at(start);
        let last = self.token_at(end.saturating_sub(1));
        self.doc
            .tokens
            .get(first)
            .is_some_and(|t| t.span.start == start)
            && self.doc.tokens.get(last).is_some_and(|t| t.span.end == end)
    }

    /// The entity mention covering token `i`, if any.
    fn mention_at(&self, i: usize) -> Option<(Span, usize)> {
        let span = self.doc.tokens.get(i)?.span;
        // Overlap, not containment: "Gondor's" is one token, its mention "Gondor".
        // The longest name over the token: "Russian students" (RUSEDU) before the
        // demonym "Russian" in it.
        let idx = self.mentions.partition_point(|(m, _)| m.start < span.end);
        self.mentions[..idx]
            .iter()
            .rev()
            .take(8)
            .filter(|(m, _)| m.overlaps(span))
            .max_by_key(|(m, _)| (m.len(), std::cmp::Reverse(m.start)))
            .copied()
    }

    fn in_timex(&self, i: usize) -> bool {
        self.doc
            .tokens
            .get(i)
            .is_some_and(|t| Self::covered(&self.timex_spans, t.span, true))
    }

    /// Whether a span of a sorted, start-ordered list contains (or overlaps) `span`.
    fn covered(spans: &[Span], span: Span, contain: bool) -> bool {
        let idx = spans.partition_point(|x| x.start < span.end);
        spans[..idx].iter().rev().take(8).any(|x| {
            if contain {
                x.contains(span)
            } else {
                x.overlaps(span)
            }
        })
    }

    /// Clause segments of sentence `s` as token ranges (cached for the last sentence).
    fn segments(&self, s: usize) -> Vec<(usize, usize)> {
        if let Some((cached, segments)) = self.segment_cache.borrow().as_ref() {
            if *cached == s {
                return segments.clone();
            }
        }
        let segments = self.compute_segments(s);
        *self.segment_cache.borrow_mut() = Some((s, segments.clone()));
        segments
    }

    fn compute_segments(&self, s: usize) -> Vec<(usize, usize)> {
        let Some(sentence) = self.doc.sentences.get(s) else {
            return Vec::new();
        };
        let (a, b) = sentence.tokens;
        let mut segments = Vec::new();
        let mut start = a;
        let mut depth = 0usize;
        for i in a..b {
            let w = self.word(i);
            match w {
                "(" | "[" => depth += 1,
                ")" | "]" => depth = depth.saturating_sub(1),
                _ => {}
            }
            let boundary = depth == 0
                && (matches!(w, "," | ";" | ":" | "\u{2014}" | "\u{2013}")
                    || (self.is(w, CLAUSE_COORDINATOR)
                        && i > start
                        && self.word_in(i + 1, CLAUSE_START)
                        && self.mention_at(i + 1).is_none()));
            if boundary && i > start {
                segments.push((start, i));
                start = i + 1;
            } else if boundary {
                start = i + 1;
            }
        }
        if start < b {
            segments.push((start, b));
        }
        // A fronted adverbial ("On January 10 in Geneva,") belongs to the next clause.
        if segments.len() > 1 {
            if let Some(&(s0, e0)) = segments.first() {
                let first = self.word(s0);
                let adverbial = self.is(first, PREPOSITION)
                    || (s0..e0).all(|i| self.in_timex(i) || self.word_in(i, PREPOSITION));
                if adverbial && e0 - s0 <= 8 {
                    if let Some(next) = segments.get(1).copied() {
                        segments[0] = (s0, next.1);
                        segments.remove(1);
                    }
                }
            }
        }
        segments
    }

    fn segment_of(segments: &[(usize, usize)], i: usize) -> (usize, usize) {
        segments
            .iter()
            .copied()
            .find(|&(a, b)| a <= i && i < b)
            .unwrap_or((i, i + 1))
    }

    /// Runs the pass over every sentence.
    pub fn run(&mut self) -> Vec<Candidate> {
        let mut out = Vec::new();
        for s in 0..self.doc.sentences.len() {
            self.sentence(s, &mut out);
        }
        out
    }

    fn sentence(&mut self, s: usize, out: &mut Vec<Candidate>) {
        let Some(sentence) = self.doc.sentences.get(s).copied() else {
            return;
        };
        if self
            .doc
            .dateline
            .as_ref()
            .is_some_and(|d| d.span.overlaps(sentence.span) && sentence.span.end <= d.span.end + 1)
        {
            return;
        }
        let Some(text) = self.lower.get(sentence.span.start..sentence.span.end) else {
            return;
        };
        let segments = self.segments(s);
        let mut found: Vec<(usize, Span, usize)> = Vec::new(); // (entry, trigger span, end token)
        for m in self.lex.triggers.automaton.find_iter(text) {
            let start = sentence.span.start + m.start();
            let end = sentence.span.start + m.end();
            if !is_word_boundary(&self.lower, start, end) || !self.on_token_boundaries(start, end) {
                continue;
            }
            let Some(entries) = self
                .lex
                .triggers
                .pattern_entries
                .get(m.pattern().as_usize())
            else {
                continue;
            };
            let t0 = self.token_at(start);
            let t1 = self.token_at(end.saturating_sub(1)) + 1;
            let seg = Self::segment_of(&segments, t0);
            // A verb dictionary's verbs are verbs: "an attack by" is a noun.
            let noun_use = t0
                .checked_sub(1)
                .is_some_and(|p| self.is(self.word(p), ARTICLE));
            for &e in entries {
                let Some(entry) = self.lex.triggers.entries.get(e) else {
                    continue;
                };
                if entry.fixed && noun_use {
                    continue;
                }
                if self.requirements_hold(entry, t0, t1, seg).is_some() {
                    found.push((e, Span::new(start, end), t1));
                    break;
                }
            }
        }
        // A complement-taking trigger swallows the trigger of its complement.
        let mut keep = vec![true; found.len()];
        // A trigger that another one requires as its object is that one's object, not an
        // event of its own: "imposed sanctions", "lifted sanctions".
        let mut objects: Vec<(usize, usize)> = Vec::new();
        for (i, &(e, span, t1)) in found.iter().enumerate() {
            let t0 = self.token_at(span.start);
            let seg = Self::segment_of(&segments, t0);
            let Some(entry) = self.lex.triggers.entries.get(e) else {
                continue;
            };
            for r in &entry.require {
                if let Require::Object(words) = r {
                    objects.extend(self.object_tokens(words, t0, t1, seg).map(|tok| (i, tok)));
                }
            }
        }
        for (j, &(_, span, t1)) in found.iter().enumerate() {
            let t0 = self.token_at(span.start);
            if t1 == t0 + 1 && objects.iter().any(|&(i, tok)| i != j && tok == t0) {
                keep[j] = false;
            }
        }
        for i in 0..found.len() {
            let (e, _, end_tok) = found[i];
            if !self.lex.triggers.entries.get(e).is_some_and(|x| x.absorb) || !keep[i] {
                continue;
            }
            for j in i + 1..found.len() {
                let t0 = self.token_at(found[j].1.start);
                if t0 >= end_tok
                    && t0 <= end_tok + 5
                    && Self::segment_of(&segments, t0).0 <= end_tok
                {
                    keep[j] = false;
                }
            }
        }
        let first = out.len();
        for (k, (e, trigger, _)) in found.into_iter().enumerate() {
            if !keep[k] {
                continue;
            }
            if self.circumstance(trigger)
                || self.inside_name_or_date(trigger)
                || self.trigger_rejected(e, trigger)
            {
                continue;
            }
            if let Some(c) = self.candidate(s, &segments, e, trigger) {
                out.push(c);
            }
        }
        // A reporting verb coded as an event ("said": a verb dictionary's comment) is
        // the event only when it reports no other one.
        let reporting = |c: &Candidate| {
            let t = self.token_at(c.trigger.start);
            self.token_at(c.trigger.end.saturating_sub(1)) == t && self.word_in(t, REPORTING)
        };
        let sentence_out = out.get(first..).unwrap_or(&[]);
        if sentence_out.iter().any(|c| !reporting(c)) && sentence_out.iter().any(reporting) {
            let mut k = first;
            while k < out.len() {
                if out.get(k).is_some_and(reporting) {
                    out.remove(k);
                } else {
                    k += 1;
                }
            }
        }
    }

    fn trigger_rejected(&self, entry: usize, trigger: Span) -> bool {
        let Some(entry) = self.lex.triggers.entries.get(entry) else {
            return false;
        };
        let t0 = self.token_at(trigger.start);
        let t1 = self.token_at(trigger.end.saturating_sub(1)) + 1;
        let verb_form = entry.fixed
            || self
                .lower
                .get(trigger.start..trigger.end)
                .is_some_and(|form| entry.verb_forms.iter().any(|f| f == form));
        self.parse_rejects(t0, t1, !verb_form)
    }

    /// What the language layer's parse says of a trigger, when it ran. An event is
    /// reported by a predicate or by the head of a noun phrase (UD guidelines, relations
    /// and part-of-speech tags): a trigger whose head word the tagger makes an adverb,
    /// particle or function word ("bring the situation back") is not one, nor is a
    /// trigger the lexicon lists as a noun that the parse makes a modifier of another noun
    /// (`compound`, `amod`: "a demonstration team"). A form inflected from a verb and
    /// tagged as a modifier is left alone: the tagger confuses participles and gerunds
    /// with adjectives and nouns ("to ease visa restrictions", "imposing sanctions").
    fn parse_rejects(&self, t0: usize, t1: usize, noun_form: bool) -> bool {
        let syntax = &self.doc.syntax;
        let (Some(&w0), Some(&w1)) = (syntax.token_words.get(t0), syntax.token_words.get(t1))
        else {
            return false;
        };
        let (w0, w1) = (w0 as usize, (w1 as usize).max(w0 as usize + 1));
        // The head of the trigger phrase: its first word whose head lies outside it.
        let inside = |h: Option<u32>| h.is_some_and(|h| (w0..w1).contains(&(h as usize)));
        let Some(word) = syntax
            .words
            .get(w0..w1)
            .and_then(|ws| ws.iter().find(|w| !inside(w.head)).or(ws.first()))
        else {
            return false;
        };
        let function_word = matches!(
            word.upos,
            Upos::Adv
                | Upos::Adp
                | Upos::Part
                | Upos::Det
                | Upos::Pron
                | Upos::Num
                | Upos::Cconj
                | Upos::Sconj
        );
        function_word || (noun_form && word.rel.base() == "amod")
    }

    /// A trigger word that is part of a date or a name ("March 3", "the Peace Talks
    /// Council", "Attack FC") is not a trigger. Pronoun and nominal mentions do not count.
    fn inside_name_or_date(&self, trigger: Span) -> bool {
        Self::covered(&self.timex_spans, trigger, false)
            || Self::covered(&self.name_spans, trigger, false)
    }

    /// A noun trigger inside a circumstantial phrase ("after a demonstration", "following
    /// the talks") sets the scene; it is not the event reported.
    fn circumstance(&self, trigger: Span) -> bool {
        let t0 = self.token_at(trigger.start);
        let mut i = t0;
        for _ in 0..4 {
            let Some(p) = i.checked_sub(1) else {
                return false;
            };
            let w = self.word(p);
            if self.is(w, CIRCUMSTANCE) {
                return true;
            }
            let filler = self.is(w, DETERMINER)
                || self.doc.tokens.get(p).is_some_and(|t| {
                    t.kind == annalist_core::TokenKind::Word
                        && self.mention_at(p).is_none()
                        && !self.is(w, SKIP)
                        && !w.ends_with("ed")
                        && !w.ends_with('s')
                });
            if !filler {
                return false;
            }
            i = p;
        }
        false
    }

    /// Checks the entry's constraints; returns the object word found (or "").
    fn requirements_hold(
        &self,
        entry: &Entry,
        t0: usize,
        t1: usize,
        seg: (usize, usize),
    ) -> Option<String> {
        let mut object = String::new();
        for r in &entry.require {
            match r {
                Require::Object(words) => {
                    // Every object word around the trigger: "document drafts",
                    // "draft agreements" (merging compares them).
                    for i in self.object_tokens(words, t0, t1, seg) {
                        if !object.is_empty() {
                            object.push(' ');
                        }
                        object.push_str(self.word(i));
                    }
                    if object.is_empty() {
                        return None;
                    }
                }
                Require::Near(words) => {
                    self.near_verb(words, t0, t1, seg)?;
                }
                Require::Negated => {
                    if !self.negated(t0, seg) {
                        return None;
                    }
                }
                Require::Pattern(p) => {
                    if !self.pattern_holds(p, t0, t1) {
                        return None;
                    }
                }
            }
        }
        Some(object)
    }

    /// The tokens of an `obj=` requirement's words around a trigger: up to eight after
    /// it and three before it, in its clause segment.
    fn object_tokens<'a>(
        &'a self,
        words: &'a [String],
        t0: usize,
        t1: usize,
        seg: (usize, usize),
    ) -> impl Iterator<Item = usize> + 'a {
        let lo = t0.saturating_sub(3).max(seg.0);
        let hi = (t1 + 8).min(seg.1);
        (t1..hi)
            .chain((lo..t0).rev())
            .filter(move |&i| words.iter().any(|w| w == self.word(i)))
    }

    /// Whether the phrase `words` is written at token `i`.
    fn phrase_at(&self, words: &[String], i: usize) -> bool {
        !words.is_empty() && words.iter().enumerate().all(|(k, w)| self.word(i + k) == w)
    }

    /// The token after the phrase `words` written at token `i`. A dictionary writes
    /// contractions as TreeBank splits them (`DID N'T`); the text has one token
    /// ("didn't").
    fn phrase_end(&self, words: &[String], i: usize) -> Option<usize> {
        let mut t = i;
        let mut k = 0;
        while let Some(w) = words.get(k) {
            let token = self.word(t);
            if token == w {
                k += 1;
            } else if words.get(k + 1).is_some_and(|n| n == "n't")
                && token.strip_suffix("n't") == Some(w.as_str())
            {
                k += 2;
            } else {
                return None;
            }
            t += 1;
        }
        (k > 0).then_some(t)
    }

    /// Whether a verb pattern's words stand around the trigger `[t0, t1)`, in order, in
    /// its sentence: after the verb within twelve tokens, before it within eight.
    fn pattern_holds(&self, p: &Pattern, t0: usize, t1: usize) -> bool {
        self.pattern_match(p, t0, t1).is_some()
    }

    /// Matches a verb pattern; returns where its source (`$`) and target (`+`) stand: a
    /// token after the verb where the phrase starts, or before it where the phrase ends.
    fn pattern_match(&self, p: &Pattern, t0: usize, t1: usize) -> Option<Marks> {
        let (lo, hi) = self
            .doc
            .tokens
            .get(t0)
            .and_then(|t| self.doc.sentence_at(t.span.start))
            .and_then(|s| self.doc.sentences.get(s))
            .map_or((t0, t1), |s| s.tokens);
        let limit = hi.min(t1 + 12);
        let mut marks = Marks::default();
        let mut pos = t1;
        let mut loose = false;
        for (item, tight) in &p.after {
            let phrases = match item {
                PatternItem::Words(phrases) => phrases,
                PatternItem::Source => {
                    marks.source = Some(Mark::After(pos));
                    loose = true;
                    continue;
                }
                PatternItem::Target => {
                    marks.target = Some(Mark::After(pos));
                    loose = true;
                    continue;
                }
                PatternItem::Compound => {
                    if !self.compound_after(pos, limit) {
                        return None;
                    }
                    loose = true;
                    continue;
                }
                PatternItem::Gap => {
                    // `^` skips a noun phrase: past the next name, when one comes soon.
                    if let Some((span, _)) =
                        (pos..limit.min(pos + 4)).find_map(|i| self.mention_at(i))
                    {
                        pos = self.token_at(span.end.saturating_sub(1)) + 1;
                    }
                    loose = true;
                    continue;
                }
            };
            let at = |i: usize| phrases.iter().find_map(|ph| self.phrase_end(ph, i));
            let found = if *tight && !loose {
                at(pos)
            } else {
                (pos..limit).find_map(at)
            };
            match found {
                Some(end) if end <= hi => pos = end,
                _ => return None,
            }
            loose = false;
        }
        // Before the verb, right to left: an item joined to the one after it (or to the
        // verb) must end where that one starts.
        let floor = lo.max(t0.saturating_sub(8));
        let mut end = t0;
        let mut tight_next = p.verb_tight;
        loose = false;
        for (item, tight) in p.before.iter().rev() {
            let phrases = match item {
                PatternItem::Words(phrases) => phrases,
                other => {
                    match other {
                        PatternItem::Source => marks.source = Some(Mark::Before(end)),
                        PatternItem::Target => marks.target = Some(Mark::Before(end)),
                        PatternItem::Compound if !self.compound_before_at(end, lo) => return None,
                        _ => {}
                    }
                    loose = true;
                    tight_next = *tight;
                    continue;
                }
            };
            let starts = |e: usize| {
                phrases.iter().find_map(|ph| {
                    // A contraction makes the phrase one token shorter.
                    let longest = e.checked_sub(ph.len())?;
                    (longest..=longest + 1)
                        .filter(|&s| s >= floor && s < e)
                        .find(|&s| self.phrase_end(ph, s) == Some(e))
                })
            };
            let found = if tight_next && !loose {
                starts(end)
            } else {
                (floor + 1..=end).rev().find_map(starts)
            };
            end = found?;
            tight_next = *tight;
            loose = false;
        }
        Some(marks)
    }

    /// Whether a coordinated list of names ends before token `end` ("Gondor and
    /// Osgiliath have postponed"), auxiliaries and adverbs skipped.
    fn compound_before_at(&self, end: usize, floor: usize) -> bool {
        let mut i = end;
        while i > floor && (self.is(self.word(i - 1), SKIP) || self.word(i - 1).ends_with("ly")) {
            i -= 1;
        }
        i.checked_sub(1)
            .and_then(|k| self.mention_at(k))
            .is_some_and(|(span, _)| {
                !self
                    .compound_before(self.token_at(span.start), floor)
                    .is_empty()
            })
    }

    /// Whether a coordinated list of names starts within four tokens at or after `pos`.
    fn compound_after(&self, pos: usize, limit: usize) -> bool {
        (pos..limit.min(pos + 4))
            .find_map(|i| self.mention_at(i))
            .is_some_and(|(span, _)| {
                let next = self.token_at(span.end.saturating_sub(1)) + 1;
                let w = self.word(next);
                (w == "," || self.is(w, LIST_JOINER))
                    && self.list_end(next, limit.max(next + 1)).is_some()
            })
    }

    /// The entity a pattern mark points at: the first name after it, or the last one
    /// before it, within six tokens.
    fn marked(&self, mark: Mark) -> Option<usize> {
        match mark {
            Mark::After(pos) => (pos..pos + 6).find_map(|i| self.mention_at(i).map(|(_, e)| e)),
            Mark::Before(end) => (end.saturating_sub(6)..end)
                .rev()
                .find_map(|i| self.mention_at(i).map(|(_, e)| e)),
        }
    }

    /// Position of a light verb near a noun trigger, and whether it comes before it.
    fn near_verb(
        &self,
        words: &[String],
        t0: usize,
        t1: usize,
        seg: (usize, usize),
    ) -> Option<(usize, bool)> {
        let matches_at = |i: usize| {
            words.iter().any(|phrase| {
                phrase
                    .split(' ')
                    .enumerate()
                    .all(|(k, part)| self.word(i + k) == part)
            })
        };
        let after = (t1..(t1 + 10).min(seg.1)).find(|&i| matches_at(i));
        let before = (t0.saturating_sub(4).max(seg.0)..t0)
            .rev()
            .find(|&i| matches_at(i));
        match (before, after) {
            (Some(b), _) => Some((b, true)),
            (None, Some(a)) => Some((a, false)),
            _ => None,
        }
    }

    fn negated(&self, t0: usize, seg: (usize, usize)) -> bool {
        (t0.saturating_sub(4).max(seg.0)..t0).any(|i| self.word_in(i, NEGATION))
            || (t0.saturating_sub(3).max(seg.0)..t0).any(|i| self.is(self.word(i), FAILURE))
    }

    fn modality(&self, t0: usize, seg: (usize, usize)) -> &'static str {
        let lo = t0.saturating_sub(5).max(seg.0);
        for i in (lo..t0).rev() {
            let w = self.word(i);
            if self.is(w, FUTURE) || w.ends_with("'ll") {
                return "future";
            }
            if w == "going" && self.word(i + 1) == "to" {
                return "future";
            }
            if w == "to" && self.word(i + 1) == "be" && i + 1 < t0 {
                return "future";
            }
            if self.is(w, HYPOTHETICAL) {
                return "hypothetical";
            }
        }
        "asserted"
    }

    fn passive(&self, t0: usize, t1: usize, seg: (usize, usize)) -> bool {
        let trigger = self.word(t1.saturating_sub(1).max(t0));
        let participle =
            trigger.ends_with("ed") || trigger.ends_with("en") || self.is(trigger, PARTICIPLE);
        if !participle {
            return false;
        }
        let mut i = t0;
        while i > seg.0 {
            i -= 1;
            let w = self.word(i);
            if self.is(w, BE) {
                return true;
            }
            if !(self.is(w, SKIP) || w.ends_with("ly")) {
                break;
            }
        }
        // A reduced relative: "the drafts submitted to the US".
        let before = t0.checked_sub(1).filter(|&b| b >= seg.0);
        before.is_some_and(|b| {
            let w = self.word(b);
            self.mention_at(b).is_none()
                && !self.is(w, DETERMINER | PREPOSITION | SKIP | WE | PRONOUN)
                && self.doc.tokens.get(b).is_some_and(|t| {
                    t.kind == annalist_core::TokenKind::Word
                        && self
                            .doc
                            .text
                            .get(t.span.start..t.span.end)
                            .is_some_and(|s| s.chars().next().is_some_and(char::is_lowercase))
                })
                && self.is(self.word(t1), RELATIVE_PREPOSITION)
        })
    }

    // ----- speakers and quotes -----

    fn quote_of(&self, span: Span) -> Option<usize> {
        let quotes = &self.doc.quotes;
        let upto = self
            .quote_order
            .partition_point(|&q| quotes[q].span.start <= span.start);
        // Back from the last quotation starting at or before the span, while an earlier
        // one may still reach past it; the innermost (shortest) that contains it.
        (0..upto)
            .rev()
            .take_while(|&k| self.quote_reach[k] >= span.end)
            .map(|k| self.quote_order[k])
            .filter(|&q| quotes[q].span.contains(span))
            .min_by_key(|&q| (quotes[q].span.len(), q))
    }

    /// The reporting cue of sentence `s` (not the trigger itself): its token index.
    fn reporting_cue(&self, s: usize, not: Span) -> Option<usize> {
        let (a, b) = self.doc.sentences.get(s)?.tokens;
        (a..b).find(|&i| {
            self.word_in(i, REPORTING)
                && self
                    .doc
                    .tokens
                    .get(i)
                    .is_some_and(|t| !not.overlaps(t.span))
                && (self.word(i) != "according" || self.word(i + 1) == "to")
                && (self.word(i) != "pointed" || self.word(i + 1) == "out")
        })
    }

    /// Who reports the event at `span`: the quotation's speaker, else the subject of the
    /// sentence's reporting verb. Returns the speaker and the cue token.
    fn speaker(&mut self, s: usize, span: Span) -> (Option<usize>, Option<usize>) {
        if let Some(q) = self.quote_of(span).and_then(|q| self.doc.quotes.get(q)) {
            let entity = q
                .speaker
                .as_ref()
                .and_then(|sp| sp.entity.as_deref())
                .and_then(|id| self.entity_index.get(id).copied());
            let cue = q.cue.as_ref().map(|c| self.token_at(c.span.start));
            if entity.is_some() {
                return (entity, cue);
            }
        }
        let Some(cue) = self.reporting_cue(s, span) else {
            return (None, None);
        };
        let segments = self.segments(s);
        let seg = Self::segment_of(&segments, cue);
        if self.word(cue) == "according" {
            let list = self.collect_list(cue + 2, seg.1, 1, None);
            return (
                list.first().and_then(|a| match a {
                    Arg::Entity(e) => Some(*e),
                    Arg::Group(_) => None,
                }),
                Some(cue),
            );
        }
        let before = (seg.0..cue)
            .rev()
            .find_map(|i| self.mention_at(i).map(|(_, e)| e));
        let after = || (cue + 1..seg.1).find_map(|i| self.mention_at(i).map(|(_, e)| e));
        (before.or_else(after), Some(cue))
    }

    /// The country entity of an entity: itself for a country, else the document's country
    /// entity with its ISO code.
    pub fn country_of(&self, e: usize) -> Option<usize> {
        let entity = self.doc.entities.get(e)?;
        if entity.kind == EntityKind::Country {
            return Some(e);
        }
        self.country_index.get(country_code(entity)?).copied()
    }

    // ----- arguments -----

    fn group_arg(&mut self, head_tok: usize, first_tok: usize) -> Option<Arg> {
        let head = self.word(head_tok).to_string();
        let noun = self.lex.groups.get(&head)?.clone();
        // A group the entity stage already knows ("Western partners" for "our partners").
        if let Some(&e) = self.group_heads.get(&head) {
            return Some(Arg::Entity(e));
        }
        let start = self.doc.tokens.get(first_tok)?.span.start;
        let end = self.doc.tokens.get(head_tok)?.span.end;
        let span = Span::new(start, end);
        let canonical = self.doc.slice(span).to_string();
        if let Some(g) = self.groups.iter().position(|g| g.head == head) {
            let group = &mut self.groups[g];
            if canonical.len() > group.canonical.len() {
                group.canonical = canonical;
            }
            group.mentions.push(span);
            return Some(Arg::Group(g));
        }
        self.groups.push(GroupPhrase {
            head,
            canonical,
            sector: noun.sector,
            country: None,
            mentions: vec![span],
        });
        Some(Arg::Group(self.groups.len() - 1))
    }

    /// A country's group with a sector ("Gondor's government", "Arnor security officials",
    /// "soldiers from Gondor"): a group entity coded country + sector (GONGOV).
    fn country_group(&mut self, country: usize, head_tok: usize, span: Span) -> Option<Arg> {
        let entity = self.doc.entities.get(country)?;
        // A country, or a name a user's dictionary codes as a bare country-level actor
        // ("Arnor [ARN]"): its agents compose with the code (ARN + GOV).
        let bare_code = entity
            .codes
            .first()
            .is_some_and(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()));
        if entity.kind != EntityKind::Country
            && !(bare_code && matches!(entity.kind, EntityKind::Organization | EntityKind::Place))
        {
            return None;
        }
        let code = entity
            .codes
            .first()
            .and_then(|c| c.get(..3))
            .map(str::to_string)?;
        let head = self.word(head_tok).to_string();
        let sector = self.sector_at(head_tok)?;
        let key = format!("{head}|{code}");
        if let Some(g) = self.groups.iter().position(|g| g.head == key) {
            self.groups[g].mentions.push(span);
            return Some(Arg::Group(g));
        }
        self.groups.push(GroupPhrase {
            head: key,
            canonical: self.doc.slice(span).to_string(),
            sector: Some(sector),
            country: Some(code),
            mentions: vec![span],
        });
        Some(Arg::Group(self.groups.len() - 1))
    }

    /// A group head with a sector within three words after token `from` ("Gondor's
    /// government", "Gondor border police").
    fn head_after(&self, from: usize, limit: usize) -> Option<usize> {
        let first = self.head_from(from, limit)?;
        // "Gondor main opposition group": a longer agent name that takes the head in.
        (first + 1..limit.min(first + 4))
            .take_while(|&k| self.mention_at(k).is_none())
            .find(|&k| {
                self.lex.groups.get(self.word(k)).is_some_and(|g| {
                    g.phrases.iter().any(|(before, _)| {
                        k.checked_sub(before.len())
                            .is_some_and(|start| start <= first && self.phrase_at(before, start))
                    })
                })
            })
            .or(Some(first))
    }

    fn head_from(&self, from: usize, limit: usize) -> Option<usize> {
        (from..limit.min(from + 3))
            .take_while(|&k| {
                let w = self.word(k);
                self.doc
                    .tokens
                    .get(k)
                    .is_some_and(|t| t.kind == annalist_core::TokenKind::Word)
                    && self.mention_at(k).is_none()
                    && !self.is(w, STOP | PREPOSITION | LIST_JOINER)
            })
            .find(|&k| {
                self.lex
                    .groups
                    .get(self.word(k))
                    .is_some_and(|g| !g.relational)
                    && self.sector_at(k).is_some()
            })
    }

    /// The sector of the group noun at token `head`: the longest agent name ending there
    /// ("main opposition group"), else the noun's own.
    fn sector_at(&self, head: usize) -> Option<String> {
        let noun = self.lex.groups.get(self.word(head))?;
        noun.phrases
            .iter()
            .find(|(before, _)| {
                head.checked_sub(before.len())
                    .is_some_and(|start| self.phrase_at(before, start))
            })
            .map(|(_, sector)| sector.clone())
            .or_else(|| noun.sector.clone())
    }

    /// A group noun phrase ending at `head`: its first token (adjectives before the head).
    fn np_start(&self, head: usize, floor: usize) -> usize {
        let mut first = head;
        while first > floor {
            let w = self.word(first - 1);
            let is_word = self
                .doc
                .tokens
                .get(first - 1)
                .is_some_and(|t| t.kind == annalist_core::TokenKind::Word);
            if !is_word
                || self.is(w, DETERMINER | PREPOSITION | STOP | WE | SKIP)
                || head - first >= 3
            {
                break;
            }
            first -= 1;
        }
        first
    }

    /// The subject left of token `from` in the segment: entity, we, pronoun or group.
    fn subject(
        &mut self,
        s: usize,
        from: usize,
        seg: (usize, usize),
        speaker_country: Option<usize>,
    ) -> Vec<Arg> {
        let mut i = from;
        let mut skipped_determiner = false;
        while i > seg.0 {
            let w = self.word(i - 1);
            skipped_determiner |= self.is(w, DETERMINER);
            // "..., but was still refusing": a coordinated verb shares the sentence subject.
            let coordination = self.is(w, VERB_COORDINATOR) && i - 1 == seg.0;
            let skippable = coordination
                || self.is(w, SKIP)
                || (w.ends_with("ly") && self.mention_at(i - 1).is_none())
                || self.in_timex(i - 1)
                || (self.is(w, PREPOSITION) && self.in_timex(i))
                || self.is(w, NEGATION)
                || w.ends_with("n't");
            if !skippable {
                break;
            }
            i -= 1;
        }
        // "... condemned an attack by Y and promised aid": the verb coordinated with an
        // earlier one of the sentence shares its subject.
        if i > seg.0 + 1 && self.is(self.word(i - 1), SHARED_SUBJECT) {
            if let Some((_, actors)) = self.sentence_actors.as_ref().filter(|(x, _)| *x == s) {
                return actors.clone();
            }
        }
        if i == seg.0 && skipped_determiner {
            // "the deployment of ...": a noun phrase without a subject.
            return Vec::new();
        }
        if i == seg.0 {
            // Nothing before the verb in its clause: the sentence's subject
            // ("Pakistan, a key ally, has refused ...").
            let (a, _) = self.doc.sentences.get(s).map_or((0, 0), |x| x.tokens);
            let segments = self.segments(s);
            let first_seg = segments.first().copied().unwrap_or((a, a));
            if seg.0 > first_seg.0 {
                if let Some(e) = (first_seg.0..first_seg.1).find_map(|k| {
                    let before = k.checked_sub(1).map(|p| self.word(p)).unwrap_or("");
                    self.mention_at(k)
                        .filter(|_| !self.is(before, PREPOSITION) || k == first_seg.0)
                        .map(|(_, e)| e)
                }) {
                    return vec![Arg::Entity(e)];
                }
            }
            return Vec::new();
        }
        let j = i - 1;
        if let Some((span, e)) = self.mention_at(j) {
            let (sentence_start, _) = self.doc.sentences.get(s).map_or((0, 0), |x| x.tokens);
            let start = self.token_at(span.start);
            // "the government of Gondor", "Lawmakers in Fornost and Gondor": the group
            // head before the (list of) names; "Bree Prime Minister Romendacil": a role
            // right before a name coded by country.
            let earlier = self.compound_before(start, sentence_start);
            let list_start = earlier
                .first()
                .and_then(|pe| {
                    self.mentions
                        .iter()
                        .filter(|(m, x)| x == pe && m.end <= span.start)
                        .map(|(m, _)| self.token_at(m.start))
                        .next_back()
                })
                .unwrap_or(start);
            let mut head: Option<usize> = None;
            if list_start >= sentence_start + 2
                && self.is(self.word(list_start - 1), GROUP_LINK)
                && self.sector_at(list_start - 2).is_some()
            {
                head = Some(list_start - 2);
            } else if earlier.is_empty() && start > seg.0 && self.sector_at(start - 1).is_some() {
                head = Some(start - 1);
            }
            let mut list: Vec<Arg> = Vec::new();
            for pe in earlier.iter().copied().chain(std::iter::once(e)) {
                // The group phrase of each item ends with its name: "ministers of France".
                let item_end = if pe == e {
                    span.end
                } else {
                    self.mentions
                        .iter()
                        .filter(|(m, x)| *x == pe && m.end <= span.start)
                        .map(|(m, _)| m.end)
                        .next_back()
                        .unwrap_or(span.end)
                };
                let arg = head
                    .and_then(|h| {
                        let np = Span::new(
                            self.doc
                                .tokens
                                .get(h.min(start))
                                .map_or(span.start, |t| t.span.start),
                            item_end,
                        );
                        self.country_group(pe, h, np).or_else(|| {
                            // "Fornost President Umbardacil": the country before the role
                            // codes an uncoded name.
                            let uncoded = self
                                .doc
                                .entities
                                .get(pe)
                                .is_some_and(|x| x.codes.is_empty() && x.country.is_none());
                            let (_, c) = (h.saturating_sub(3)..h)
                                .rev()
                                .find_map(|k| self.mention_at(k))
                                .filter(|_| uncoded && h < start)?;
                            self.country_group(c, h, np)
                        })
                    })
                    .unwrap_or(Arg::Entity(pe));
                if !list.contains(&arg) {
                    list.push(arg);
                }
            }
            // Items before the group phrase: "Ithilen and the government of Gondor".
            if let Some(h) = head.filter(|&h| h < list_start) {
                let np_start = self.np_start(h, seg.0.min(h));
                for pe in self
                    .compound_before(np_start, sentence_start)
                    .into_iter()
                    .rev()
                {
                    if !list.contains(&Arg::Entity(pe)) {
                        list.insert(0, Arg::Entity(pe));
                    }
                }
            }
            return list;
        }
        let w = self.word(j).to_string();
        if self.is(&w, WE) {
            return speaker_country.map(Arg::Entity).into_iter().collect();
        }
        if self.is(&w, PRONOUN) {
            let person = self.is(&w, PERSONAL_PRONOUN);
            let (a, _) = self.doc.sentences.get(s).map_or((0, 0), |x| x.tokens);
            return (a..j)
                .rev()
                .filter_map(|k| self.mention_at(k))
                .find(|(_, e)| {
                    let kind = self.doc.entities.get(*e).map(|x| x.kind);
                    (kind == Some(EntityKind::Person)) == person && kind != Some(EntityKind::Place)
                })
                .map(|(_, e)| vec![Arg::Entity(e)])
                .unwrap_or_default();
        }
        if self.lex.groups.contains_key(&w) {
            let first = self.np_start(j, seg.0);
            // "Israeli intelligence officials", "French and Egyptian warships": the
            // entities inside the phrase.
            let mut inside = Vec::new();
            for k in first..j {
                if let Some((_, e)) = self.mention_at(k) {
                    if !inside.contains(&Arg::Entity(e)) {
                        inside.push(Arg::Entity(e));
                    }
                }
            }
            if let [Arg::Entity(c)] = inside.as_slice() {
                let span = Span::new(
                    self.doc.tokens.get(first).map_or(0, |t| t.span.start),
                    self.doc.tokens.get(j).map_or(0, |t| t.span.end),
                );
                if let Some(g) = self.country_group(*c, j, span) {
                    return vec![g];
                }
            }
            if !inside.is_empty() {
                return inside;
            }
            // "our experts" in a quotation: ours.
            if first > seg.0 && self.is(self.word(first - 1), WE) {
                let relational = self.lex.groups.get(&w).is_some_and(|g| g.relational);
                if !relational {
                    return speaker_country.map(Arg::Entity).into_iter().collect();
                }
            }
            return self.group_arg(j, first).into_iter().collect();
        }
        // A longer noun phrase ending in a common noun ("the Ministry of Silly Walks"):
        // the nearest entity before, not inside a prepositional phrase; else a group head
        // in the phrase ("The government of Sindh province").
        let entity = (seg.0..j)
            .rev()
            .find_map(|k| {
                let (span, e) = self.mention_at(k)?;
                let start = self.token_at(span.start);
                let prev = start.checked_sub(1).map(|p| self.word(p)).unwrap_or("");
                let place = self.doc.entities.get(e).map(|x| x.kind) == Some(EntityKind::Place);
                // "Thousands of Iraqi Kurds": an `of` phrase belongs to the subject.
                let in_pp = self.is(prev, PREPOSITION) && prev != "of" && start > seg.0;
                (!in_pp && !place).then_some(e)
            })
            .map(|e| vec![Arg::Entity(e)]);
        if let Some(found) = entity {
            return found;
        }
        let head = (seg.0..=j).find(|&k| self.lex.groups.contains_key(self.word(k)));
        match head {
            Some(h) => {
                let first = self.np_start(h, seg.0);
                self.group_arg(h, first).into_iter().collect()
            }
            None => Vec::new(),
        }
    }

    /// A modifier inside a list item: an article or a lower-case adjective ("the evil
    /// awful Gondor").
    fn is_modifier(&self, i: usize) -> bool {
        let w = self.word(i);
        if self.is(w, BARE_ARTICLE) {
            return true;
        }
        self.mention_at(i).is_none()
            && self.doc.tokens.get(i).is_some_and(|t| {
                t.kind == annalist_core::TokenKind::Word
                    && self
                        .doc
                        .text
                        .get(t.span.start..t.span.end)
                        .is_some_and(|x| x.chars().next().is_some_and(char::is_lowercase))
            })
            && !self.is(w, STOP | PREPOSITION | SKIP | REPORTING | CONJUNCTION)
            && !w.ends_with("ed")
    }

    /// The earlier items of a coordinated list whose last item starts at token `first`,
    /// as entity indices in text order. Commas join items only behind a conjunction
    /// ("Mordor, the Shire, Fornost and Bree"), and an item reached over a comma must
    /// itself start the list or follow a list mark ("In Moscow, Russia and China": not
    /// Moscow).
    fn compound_before(&self, first: usize, floor: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        let mut k = first;
        let mut conjunction = false;
        let mut via_comma = false;
        for _ in 0..12 {
            let mut p = k;
            let mut n = 0;
            while p > floor && n < 3 && self.is_modifier(p - 1) {
                p -= 1;
                n += 1;
            }
            if p <= floor {
                return out;
            }
            let mut q = p - 1;
            let w = self.word(q);
            if self.is(w, CONJUNCTION) {
                conjunction = true;
                via_comma = false;
                if q > floor && self.word(q - 1) == "," {
                    q -= 1;
                }
            } else if w == "," && conjunction {
                via_comma = true;
            } else if (q == floor && !self.is(w, PREPOSITION)) || w == "of" {
                // The sentence's first word ("Evil Mordor, ..."), unless a preposition;
                // a list inside a noun phrase ("the ambassadors of X, Y and Z").
                return out;
            } else {
                break;
            }
            let Some((prev, pe)) = q
                .checked_sub(1)
                .filter(|&x| x >= floor)
                .and_then(|x| self.mention_at(x))
            else {
                return out;
            };
            if !out.contains(&pe) {
                out.insert(0, pe);
            }
            k = self.token_at(prev.start);
        }
        if via_comma && !out.is_empty() {
            out.remove(0);
        }
        out
    }

    /// Where a list that goes on over the comma at token `comma` ends ("with Mordor,
    /// Rohan, Fornost and Bree"): the token after its last item, when the list closes
    /// with a conjunction.
    fn list_end(&self, comma: usize, hard_limit: usize) -> Option<usize> {
        let mut i = comma;
        for _ in 0..12 {
            let w = self.word(i);
            let closing = if w == "," && self.is(self.word(i + 1), LIST_JOINER) {
                i += 1;
                true
            } else if w == "," {
                false
            } else if self.is(w, LIST_JOINER) {
                true
            } else {
                return None;
            };
            i += 1;
            let mut n = 0;
            while n < 3 && i < hard_limit && self.is_modifier(i) {
                i += 1;
                n += 1;
            }
            let (span, _) = self.mention_at(i)?;
            i = self.token_at(span.end.saturating_sub(1)) + 1;
            if closing {
                return Some(i);
            }
            if i >= hard_limit {
                return None;
            }
        }
        None
    }

    /// A list of entities starting at or after token `from`: "the US and NATO",
    /// "our and American experts". At most `max` items.
    fn collect_list(
        &mut self,
        from: usize,
        limit: usize,
        max: usize,
        speaker_country: Option<usize>,
    ) -> Vec<Arg> {
        let mut out = Vec::new();
        let mut i = from;
        let mut gap = 0;
        let mut limit = limit;
        let sentence_end = self
            .doc
            .tokens
            .get(from)
            .and_then(|t| self.doc.sentence_at(t.span.start))
            .and_then(|s| self.doc.sentences.get(s))
            .map_or(limit, |s| s.tokens.1);
        while i < limit && out.len() < max {
            // "withdraw its troops from Lebanon": a possessive pronoun points back at the
            // actor, it does not name a recipient.
            let possessive = self.is(self.word(i), POSSESSIVE);
            if let Some((span, e)) = self.mention_at(i).filter(|_| !possessive) {
                let is_place_in = self.doc.entities.get(e).map(|x| x.kind)
                    == Some(EntityKind::Place)
                    && i > 0
                    && self.is(self.word(i - 1), LOCATIVE);
                let next = self.token_at(span.end.saturating_sub(1)) + 1;
                // "Gondor's government", "Gondor police": the country's group.
                let arg = match self.head_after(next, limit) {
                    Some(h) if !is_place_in => {
                        let np = Span::new(
                            span.start,
                            self.doc.tokens.get(h).map_or(span.end, |t| t.span.end),
                        );
                        self.country_group(e, h, np).unwrap_or(Arg::Entity(e))
                    }
                    _ => Arg::Entity(e),
                };
                if !is_place_in && !out.contains(&arg) {
                    out.push(arg);
                }
                i = next;
                gap = 0;
                if i >= limit && self.word(i) == "," {
                    // The list goes on over the clause's comma.
                    match self.list_end(i, sentence_end) {
                        Some(end) => limit = end,
                        None => break,
                    }
                }
                let w = self.word(i);
                if w == "," || w == "&" || self.is(w, LIST_JOINER) {
                    i += 1;
                    continue;
                }
                break;
            }
            let w = self.word(i);
            if self.is(w, WE) {
                let next = self.word(i + 1);
                let relational = self.lex.groups.get(next).is_some_and(|g| g.relational);
                if !relational {
                    if let Some(c) = speaker_country {
                        if !out.contains(&Arg::Entity(c)) {
                            out.push(Arg::Entity(c));
                        }
                    }
                    if next == "," || self.is(next, WE_JOINER) {
                        i += 2;
                        continue;
                    }
                    break;
                }
            }
            if self.is(w, STOP)
                || self
                    .doc
                    .tokens
                    .get(i)
                    .is_some_and(|t| t.kind == annalist_core::TokenKind::Punct && w != "\"")
            {
                break;
            }
            gap += 1;
            if gap > 4 {
                break;
            }
            i += 1;
        }
        out
    }

    /// Recipients from the entry's slots, right of the trigger.
    fn slot_recipients(
        &mut self,
        entry: &Entry,
        t1: usize,
        seg: (usize, usize),
        speaker_country: Option<usize>,
    ) -> Vec<Arg> {
        let limit = seg.1.min(t1 + 14);
        let mut out: Vec<Arg> = Vec::new();
        if entry.has_slot("obj") {
            let list = self.collect_list(t1, limit.min(t1 + 5), 6, speaker_country);
            // The object is what comes before any preposition.
            let first_prep = (t1..limit).find(|&i| self.word_in(i, PREPOSITION));
            let first_entity =
                (t1..limit).find(|&i| self.mention_at(i).is_some() || self.word_in(i, WE));
            if first_entity.is_some_and(|f| first_prep.is_none_or(|p| f < p)) {
                out.extend(list);
            }
        }
        let mut i = t1;
        while i < limit {
            let w = self.word(i);
            if (w == "that" && entry.has_slot("that"))
                || (w != "that" && entry.has_slot(w) && w != "obj")
            {
                let max = if w == "between" { 2 } else { 6 };
                for a in self.collect_list(i + 1, limit, max, speaker_country) {
                    if !out.contains(&a) {
                        out.push(a);
                    }
                }
                if !out.is_empty() {
                    break;
                }
            } else if self.lex.subordinators.contains(w) {
                break;
            }
            i += 1;
        }
        if out.is_empty() && entry.fixed {
            // A verb dictionary codes a place its actor dictionary names ("fired shells at
            // Seoul": KOR) as the target.
            out.extend(
                (t1..limit)
                    .filter(|&i| self.is(self.word(i), LOCATIVE))
                    .find_map(|i| {
                        let (_, e) = self.mention_at(i + 1)?;
                        let place = self.doc.entities.get(e)?;
                        (matches!(place.kind, EntityKind::Place | EntityKind::Organization)
                            && !place.codes.is_empty())
                        .then_some(Arg::Entity(e))
                    }),
            );
        }
        if out.is_empty() && matches!(entry.frame, Frame::Svo | Frame::SelfOnly) {
            // No slot filled: the first participant named in the rest of the clause
            // ("threatened to ban Ugandan opposition candidates", "calls by Belarus's rulers").
            let mut k = t1;
            while k < seg.1.min(t1 + 12) && out.is_empty() {
                let w = self.word(k);
                if self.lex.subordinators.contains(w) {
                    break;
                }
                if self.mention_at(k).is_some() {
                    out = self.collect_list(k, limit, 6, speaker_country);
                }
                k += 1;
            }
        }
        out
    }

    /// The place: an entity after `in`/`at` in the clause (or the fronted adverbial).
    fn place(&self, t0: usize, seg: (usize, usize), taken: &[Arg]) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for i in seg.0..seg.1 {
            if !self.is(self.word(i), PLACE_PREPOSITION) {
                continue;
            }
            // "in Geneva", "in the northern city of Kirkuk", "near the town of Samarra":
            // a few lower-case words may come between the preposition and the place.
            let found = (i + 1..seg.1.min(i + 6))
                .take_while(|&k| {
                    self.mention_at(k).is_some()
                        || self
                            .doc
                            .text
                            .get(
                                self.doc
                                    .tokens
                                    .get(k)
                                    .map_or(0..0, |t| t.span.start..t.span.end),
                            )
                            .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
                })
                .find_map(|k| self.mention_at(k));
            let Some((_, e)) = found else {
                continue;
            };
            let kind = self.doc.entities.get(e).map(|x| x.kind);
            if !matches!(kind, Some(EntityKind::Place) | Some(EntityKind::Country))
                || taken.contains(&Arg::Entity(e))
            {
                continue;
            }
            let distance = i.abs_diff(t0);
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, e));
            }
        }
        best.map(|(_, e)| e)
    }

    /// The best calendar timex in a token range: finest granularity, then nearest.
    fn timex_in(&self, range: (usize, usize), near: usize) -> Option<String> {
        let start = self.doc.tokens.get(range.0)?.span.start;
        let end = self.doc.tokens.get(range.1.saturating_sub(1))?.span.end;
        let near_offset = self.doc.tokens.get(near).map_or(start, |t| t.span.start);
        let timexes = &self.doc.timexes;
        let lo = self
            .timex_order
            .partition_point(|&i| timexes[i].span.start < start);
        self.timex_order[lo..]
            .iter()
            .map(|&i| &timexes[i])
            .take_while(|x| x.span.start < end)
            .filter(|x| x.span.end <= end)
            .filter(|x| matches!(x.kind, TimexType::Date | TimexType::Time))
            .filter(|x| x.value.as_bytes().first().is_some_and(u8::is_ascii_digit))
            .min_by_key(|x| {
                let granularity = std::cmp::Reverse(x.value.len().min(10));
                (granularity, x.span.start.abs_diff(near_offset))
            })
            .map(|x| x.value.clone())
    }

    fn candidate(
        &mut self,
        s: usize,
        segments: &[(usize, usize)],
        e: usize,
        trigger: Span,
    ) -> Option<Candidate> {
        let lex = self.lex;
        let entry = lex.triggers.entries.get(e)?;
        let t0 = self.token_at(trigger.start);
        let t1 = self.token_at(trigger.end.saturating_sub(1)) + 1;
        let seg = Self::segment_of(segments, t0);
        let object = self
            .requirements_hold(entry, t0, t1, seg)
            .filter(|o| !o.is_empty());
        let quote = self.quote_of(trigger);
        let (speaker, cue) = self.speaker(s, trigger);
        let reported = quote.is_some() || cue.is_some();
        let speaker_country = speaker.map(|sp| self.country_of(sp).unwrap_or(sp));
        let paragraph = self
            .doc
            .paragraphs
            .partition_point(|p| p.end <= trigger.start);
        let passive = !entry.noun && self.passive(t0, t1, seg);

        let mut explicit_actor = true;
        let (actors, mut recipients) = match entry.frame {
            Frame::Speaker => {
                let target = if passive {
                    self.by_agent(t1, seg, speaker_country)
                } else {
                    self.subject(s, t0, seg, speaker_country)
                };
                explicit_actor = false;
                (
                    speaker_country.map(Arg::Entity).into_iter().collect(),
                    target,
                )
            }
            Frame::SelfOnly if entry.speech => {
                let actors = speaker
                    .map(|sp| vec![Arg::Entity(sp)])
                    .unwrap_or_else(|| self.subject(s, t0, seg, speaker_country));
                (actors, Vec::new())
            }
            Frame::SelfOnly => {
                let actors = self.subject(s, t0, seg, speaker_country);
                let recipients = self.slot_recipients(entry, t1, seg, speaker_country);
                (actors, recipients)
            }
            Frame::Meet => {
                self.participants(s, entry, t0, t1, seg, speaker_country, &mut explicit_actor)
            }
            Frame::Svo => {
                if passive {
                    let agent = self.by_agent(t1, seg, speaker_country);
                    // The passive subject ("a camp ... was attacked") and the slots
                    // ("drafts submitted to the US") are the recipients.
                    let mut recipients = self.subject(s, t0, seg, speaker_country);
                    for r in self.slot_recipients(entry, t1, seg, speaker_country) {
                        if !agent.contains(&r) && !recipients.contains(&r) {
                            recipients.push(r);
                        }
                    }
                    if agent.is_empty() {
                        explicit_actor = false;
                        (
                            speaker_country.map(Arg::Entity).into_iter().collect(),
                            recipients,
                        )
                    } else {
                        (agent, recipients)
                    }
                } else {
                    let actors = self.subject(s, t0, seg, speaker_country);
                    let recipients = self.slot_recipients(entry, t1, seg, speaker_country);
                    (actors, recipients)
                }
            }
        };
        // A verb pattern that says where its source and target stand ("+ WAS * DEAD IN $").
        let mut actors = actors;
        if let Some(marks) = entry.require.iter().find_map(|r| match r {
            Require::Pattern(p) => self.pattern_match(p, t0, t1),
            _ => None,
        }) {
            if let Some(e) = marks.source.and_then(|m| self.marked(m)) {
                actors = vec![Arg::Entity(e)];
                explicit_actor = true;
            }
            if let Some(e) = marks.target.and_then(|m| self.marked(m)) {
                recipients = vec![Arg::Entity(e)];
            }
        }
        recipients.retain(|r| !actors.contains(r));

        let mut taken = actors.clone();
        taken.extend(recipients.iter().copied());
        let mut place = self.place(t0, seg, &taken);
        let dateline_place = || {
            let d = self.doc.dateline.as_ref()?;
            self.mentions
                .iter()
                .find(|(m, _)| m.overlaps(d.place_span))
                .map(|(_, e)| *e)
        };
        let first_paragraph = paragraph == 0
            || self.doc.dateline.as_ref().is_some_and(|d| {
                self.doc
                    .paragraphs
                    .get(paragraph)
                    .is_some_and(|p| p.contains(d.span))
            });
        let mut place_dateline = false;
        if place.is_none() && entry.cameo.starts_with("01") && first_paragraph {
            // The lede's statement was made where the dispatch was filed.
            place = dateline_place();
            place_dateline = place.is_none() && self.doc.dateline.is_some();
        }

        let mut date = self.timex_in(seg, t0);
        if date.is_none() && entry.speech && reported {
            // A speech act is dated by the act of saying.
            date = cue
                .and_then(|c| {
                    let cs = self.doc.sentence_at(self.doc.tokens.get(c)?.span.start)?;
                    let cue_segments = self.segments(cs);
                    self.timex_in(Self::segment_of(&cue_segments, c), c)
                })
                .or_else(|| self.doc.dct.map(|d| d.to_string()));
        }
        if date.is_none() && entry.noun {
            date = self.timex_in((segments.first()?.0, seg.0), t0);
        }

        let negated = !entry.requires_negation() && self.negated(t0, seg);
        let mut modality = if entry.noun {
            let (v, _) = self.near_light(entry, t0, t1, seg).unwrap_or((t0, false));
            let m = self.modality(v.max(t0), seg);
            if m == "asserted" {
                self.modality(t0, seg)
            } else {
                m
            }
        } else {
            self.modality(t0, seg)
        };
        if modality == "asserted" {
            if let (Some(d), Some(dct)) = (date.as_deref(), self.doc.dct) {
                let year: Option<i32> = d.get(..4).and_then(|y| y.parse().ok());
                if year.is_some_and(|y| y < dct.year() - 1) {
                    modality = "historical";
                }
            }
        }

        // An accusation or demand read off a speaker needs its target ("X must ...").
        if actors.is_empty() || (entry.frame == Frame::Speaker && recipients.is_empty()) {
            return None;
        }
        if explicit_actor {
            if let Some(a) = actors.first() {
                self.last_actor = Some((paragraph, *a));
            }
            if !passive && !entry.noun {
                self.sentence_actors = Some((s, actors.clone()));
            }
        }
        let clause = Span::new(
            self.doc
                .tokens
                .get(seg.0)
                .map_or(trigger.start, |t| t.span.start),
            self.doc
                .tokens
                .get(seg.1.saturating_sub(1))
                .map_or(trigger.end, |t| t.span.end),
        );
        Some(Candidate {
            coding: Coding::of(entry),
            cameo: entry.cameo.clone(),
            trigger,
            clause: clause.cover(trigger),
            actors,
            explicit_actor,
            recipients,
            place,
            place_dateline,
            date,
            negated,
            modality,
            quote,
            object,
            paragraph,
            implicit_recipient: false,
        })
    }

    fn near_light(
        &self,
        entry: &Entry,
        t0: usize,
        t1: usize,
        seg: (usize, usize),
    ) -> Option<(usize, bool)> {
        entry.require.iter().find_map(|r| match r {
            Require::Near(words) => self.near_verb(words, t0, t1, seg),
            _ => None,
        })
    }

    /// The agent of a passive: "by our partners".
    fn by_agent(
        &mut self,
        t1: usize,
        seg: (usize, usize),
        speaker_country: Option<usize>,
    ) -> Vec<Arg> {
        let Some(by) = (t1..seg.1.min(t1 + 6)).find(|&i| self.word(i) == "by") else {
            return Vec::new();
        };
        let list = self.collect_list(by + 1, seg.1, 6, speaker_country);
        if !list.is_empty() {
            return list;
        }
        // A group phrase: "by our partners", "by Burundian militiamen".
        let head =
            (by + 1..seg.1.min(by + 6)).find(|&i| self.lex.groups.contains_key(self.word(i)));
        match head {
            Some(h) => {
                let first = self.np_start(h, by + 1);
                if let Some((_, e)) = (first..h).find_map(|k| self.mention_at(k)) {
                    return vec![Arg::Entity(e)];
                }
                self.group_arg(h, first).into_iter().collect()
            }
            None => Vec::new(),
        }
    }

    /// Participants of a meeting: the light verb's subject, `between`/`with`/`of` lists,
    /// composite bodies ("the NATO-Russia Council" → NATO, Russia), and the home side
    /// (the speaker's country, or the paragraph's last actor) when the text leaves it out.
    #[allow(clippy::too_many_arguments)]
    fn participants(
        &mut self,
        s: usize,
        entry: &Entry,
        t0: usize,
        t1: usize,
        seg: (usize, usize),
        speaker_country: Option<usize>,
        explicit: &mut bool,
    ) -> (Vec<Arg>, Vec<Arg>) {
        let mut subject = Vec::new();
        if entry.noun {
            if let Some((v, true)) = self.near_light(entry, t0, t1, seg) {
                subject = self.subject(s, v, seg, speaker_country);
            }
        } else {
            subject = self.subject(s, t0, seg, speaker_country);
        }
        let mut others = self.slot_recipients(entry, t1, seg, speaker_country);
        // Composite bodies: the parts named by other entities of the document.
        let mut expanded = Vec::new();
        for a in others.drain(..) {
            match self.composite_parts(a) {
                Some(parts) => expanded.extend(parts),
                None => expanded.push(a),
            }
        }
        others = expanded;
        let paragraph = self
            .doc
            .paragraphs
            .partition_point(|p| p.end <= self.doc.tokens.get(t0).map_or(0, |t| t.span.start));
        let paragraph_actor = match self.last_actor {
            Some((p, Arg::Entity(e))) if p == paragraph => Some(e),
            _ => None,
        };
        let home = speaker_country.or(paragraph_actor);
        let concrete = self.timex_in(seg, t0).is_some() || self.place(t0, seg, &[]).is_some();
        if subject.is_empty() {
            *explicit = false;
            let mut all = others;
            if let Some(h) = home {
                let hc = self.country_of(h);
                let pos = all.iter().position(|a| match a {
                    Arg::Entity(x) => *x == h || (hc.is_some() && self.country_of(*x) == hc),
                    Arg::Group(_) => false,
                });
                match pos {
                    Some(p) => {
                        let first = all.remove(p);
                        all.insert(0, first);
                        *explicit = true;
                    }
                    None if concrete || speaker_country.is_some() => all.insert(0, Arg::Entity(h)),
                    None => {}
                }
            }
            if all.is_empty() {
                return (Vec::new(), Vec::new());
            }
            let first = all.remove(0);
            return (vec![first], all);
        }
        (subject, others)
    }

    /// "NATO-Russia Council" → the entities named NATO and Russia, when both are known.
    fn composite_parts(&self, a: Arg) -> Option<Vec<Arg>> {
        let Arg::Entity(e) = a else { return None };
        let entity = self.doc.entities.get(e)?;
        let first_word = entity.canonical.split_whitespace().next()?;
        if !first_word.contains('-') {
            return None;
        }
        let mut parts = Vec::new();
        for part in first_word.split('-') {
            let found = self.doc.entities.iter().position(|x| {
                x.canonical.eq_ignore_ascii_case(part)
                    || x.mentions.iter().any(|m| m.text.eq_ignore_ascii_case(part))
                    || x.codes.iter().any(|c| c.eq_ignore_ascii_case(part))
            })?;
            parts.push(Arg::Entity(found));
        }
        (parts.len() >= 2).then_some(parts)
    }
}
