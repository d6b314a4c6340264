//! The recogniser proper: finds mention candidates (gazetteer matches, capitalised runs,
//! role phrases, pronouns), classifies unknown names from their context, composes titles
//! with names ("Russian Foreign Minister Sergey Lavrov"), groups ("Western partners") and
//! bodies ("French Foreign Ministry"), then links mentions into entities: repeated names,
//! surnames, acronyms, nominals ("the Russian top diplomat"), pronouns and metonymic
//! capitals, with office holders and codes resolved at the dispatch date.
//!
//! Why four passes (candidates, classification, composition, resolution), each left to
//! right over the document once: composition needs every candidate classified, and
//! coreference needs the entities of everything before a mention.

use crate::gazetteer::{Gazetteer, Gender, Pronoun, PronounRef, RoleClass};
use crate::grammar::Grammar;
use crate::matcher::{CaseRule, Hit, Matcher, MatcherBuilder, Target};
use crate::phoenix::{Actor, ActorDictionary};
use annalist_core::{Date, Document, Entity, EntityKind, Geo, Mention, Span};
use std::collections::{HashMap, HashSet};

/// Compiled gazetteer and matchers, shared read-only across threads.
pub struct Engine {
    pub(crate) g: Gazetteer,
    /// The offices of the office holders, lower case ("president", "minister of defence").
    holder_roles: HashSet<String>,
    actors: Vec<Actor>,
    matcher: Matcher,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Affil {
    Country(usize),
    Org(usize),
}

#[derive(Clone, Debug, PartialEq)]
enum What {
    Country(usize),
    Demonym(usize),
    Place(Vec<usize>),
    Org(usize),
    Holder(Vec<usize>),
    Surname(Vec<usize>),
    Actor(usize),
    Role(usize),
    Person,
    NewOrg,
    NewPlace,
    Unknown,
    RoleOrg(usize, usize),
    Group(usize, Option<Affil>),
    Nominal(usize, Option<usize>),
    Pronoun(Pronoun),
}

impl PartialEq for Pronoun {
    fn eq(&self, other: &Pronoun) -> bool {
        self.gender == other.gender && self.plural == other.plural && self.refers == other.refers
    }
}

#[derive(Clone, Debug)]
struct Cand {
    span: Span,
    what: What,
    how: &'static str,
    role: Option<usize>,
    country: Option<usize>,
    gender: Gender,
    dead: bool,
    /// A PETRARCH actor with the same surface form, whose dated code comes first.
    actor: Option<usize>,
}

/// A gazetteer alias written with its article ("the Kremlin") is mentioned without it.
fn trim_article(grammar: &Grammar, text: &str, span: Span) -> Span {
    match grammar.definite.word_prefix_len(span.slice(text)) {
        Some(n) if span.len() > n => Span::new(span.start + n, span.end),
        _ => span,
    }
}

impl Cand {
    fn new(span: Span, what: What, how: &'static str) -> Cand {
        Cand {
            span,
            what,
            how,
            role: None,
            country: None,
            gender: Gender::Unknown,
            dead: false,
            actor: None,
        }
    }

    fn is_person(&self) -> bool {
        matches!(self.what, What::Person | What::Holder(_) | What::Surname(_))
    }
}

/// An entity being built.
struct Ent {
    key: String,
    canonical: String,
    kind: EntityKind,
    codes: Vec<String>,
    role: Option<String>,
    role_base: Option<String>,
    country: Option<String>,
    geo: Option<Geo>,
    gender: Gender,
    mentions: Vec<Mention>,
    last: usize,
    speaker_at: Option<usize>,
}

/// The surnames of a document's persons, kept as entities and their mentions grow:
/// which persons `surname` is the last word of the canonical name or of a name the text
/// wrote for ("Alexander Turchinov" for the gazetteer's Oleksandr Turchynov: a later
/// "Turchinov" is the same man, in the text's own transliteration).
///
/// [`SurnameIndex::refresh`] reads only what was added since the last call (new
/// entities, new mentions), so looking a surname up costs the number of entities, not
/// of their mentions: a long document with many repeated names stays linear.
/// The entities in order of their last mention, for pronouns and descriptions ("he",
/// "the minister"), whose antecedent is among the recently mentioned: a lookup reads at
/// most [`Recency::REACH`] entities, not every entity of the document, so a long document
/// stays linear. (An antecedent more than that many other entities back is not looked for.)
#[derive(Default)]
struct Recency {
    /// (entity, its `last` when touched), in text order; a touch whose `last` is no longer
    /// the entity's is stale.
    touches: Vec<(usize, usize)>,
}

impl Recency {
    /// Distinct entities a lookup reads, most recent first.
    const REACH: usize = 256;

    fn touch(&mut self, e: usize, ents: &[Ent]) {
        let Some(ent) = ents.get(e) else { return };
        if self.touches.last() != Some(&(e, ent.last)) {
            self.touches.push((e, ent.last));
        }
    }

    /// Entity indices, most recently mentioned first, up to the reach.
    fn recent<'a>(&'a self, ents: &'a [Ent]) -> impl Iterator<Item = usize> + 'a {
        self.touches
            .iter()
            .rev()
            .take(Self::REACH * 4)
            .filter(move |&&(e, last)| ents.get(e).is_some_and(|x| x.last == last))
            .map(|&(e, _)| e)
            .take(Self::REACH)
    }
}

#[derive(Default)]
struct SurnameIndex {
    /// Surname to the entities (ascending indices) it belongs to.
    by_surname: HashMap<String, Vec<usize>>,
    /// Per entity: mentions read so far (`None` before its canonical name is read).
    read: Vec<Option<usize>>,
    /// How many of the [`Recency`] touches were read: only entities touched since (or
    /// new) can have new mentions.
    touches_read: usize,
}

impl SurnameIndex {
    fn add(&mut self, surname: Option<&str>, e: usize) {
        if let Some(surname) = surname {
            let list = self.by_surname.entry(surname.to_string()).or_default();
            if list.last() != Some(&e) && !list.contains(&e) {
                list.push(e);
                list.sort_unstable();
            }
        }
    }

    fn refresh(&mut self, ents: &[Ent], recency: &Recency) {
        let new = self.read.len()..ents.len();
        self.read.resize(ents.len(), None);
        let touched = recency
            .touches
            .get(self.touches_read..)
            .unwrap_or(&[])
            .iter()
            .map(|&(e, _)| e);
        self.touches_read = recency.touches.len();
        let changed: Vec<usize> = new.chain(touched).collect();
        for i in changed {
            let Some(e) = ents.get(i) else { continue };
            let from = match self.read[i] {
                Some(n) if n == e.mentions.len() => continue,
                Some(n) => n,
                None => {
                    self.add(e.canonical.split_whitespace().last(), i);
                    0
                }
            };
            for m in e.mentions.iter().skip(from) {
                if m.how.as_deref() == Some("name") {
                    self.add(m.text.split_whitespace().last(), i);
                }
            }
            self.read[i] = Some(e.mentions.len());
        }
    }

    /// The persons whose surname `surname` is, last first.
    fn persons<'a>(
        &'a mut self,
        ents: &'a [Ent],
        recency: &Recency,
        surname: &str,
    ) -> impl Iterator<Item = usize> + 'a {
        self.refresh(ents, recency);
        self.by_surname
            .get(surname)
            .into_iter()
            .flat_map(|list| list.iter().rev().copied())
            .filter(move |&i| ents.get(i).is_some_and(|e| e.kind == EntityKind::Person))
    }
}

fn push_code(codes: &mut Vec<String>, code: String) {
    if !code.is_empty() && !codes.contains(&code) {
        codes.push(code);
    }
}

fn title_case(phrase: &str) -> String {
    phrase
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower-cases `word` into `buf` (reused: no allocation per token once grown).
fn lower<'b>(buf: &'b mut String, word: &str) -> &'b str {
    buf.clear();
    for c in word.chars() {
        buf.extend(c.to_lowercase());
    }
    buf.as_str()
}

fn is_cap(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn is_all_caps(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

/// The office holders whose surname a gazetteer hit is.
fn surnames_of(hit: &Hit) -> Vec<usize> {
    hit.targets
        .iter()
        .filter_map(|t| match t {
            Target::Surname(i) => Some(*i as usize),
            _ => None,
        })
        .collect()
}

/// Length of a possessive ending (`'s`, `’s`) at the end of a token.
/// The acronym a name defines in brackets right after it, when the acronym is the
/// initials of the name's capitalised words: "Eurasian Economic Commission (EEC)",
/// "Collective Security Treaty Organization (CSTO)".
fn defined_acronym(text: &str, name: Span) -> Option<&str> {
    let rest = text.get(name.end..)?.trim_start_matches(' ');
    let inner = rest.strip_prefix('(')?;
    let end = inner.find(')')?;
    let acronym = inner.get(..end)?;
    if !(2..=8).contains(&acronym.len()) || !acronym.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let initials = name
        .slice(text)
        .split_whitespace()
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()));
    initials.eq(acronym.chars()).then_some(acronym)
}

fn possessive_len(word: &str) -> usize {
    if word.ends_with("'s") || word.ends_with("'S") {
        2
    } else if word.ends_with("’s") {
        4
    } else {
        0
    }
}

/// Adds, for every person's title of the gazetteer, its ranked forms (`rank_prefix` of
/// grammar.tsv): "secretary of state" gives "deputy secretary of state", role "Deputy
/// Minister of Foreign Affairs", same sector. Titles that start with a rank, and forms
/// already listed, are left as they are.
fn add_ranked_titles(g: &mut Gazetteer) {
    let ranks: Vec<String> = g
        .grammar
        .rank_prefix
        .iter()
        .map(|r| r.to_lowercase())
        .collect();
    let mut known: HashSet<String> = g.roles.iter().map(|r| r.phrase.to_lowercase()).collect();
    let mut ranked = Vec::new();
    for role in &g.roles {
        let phrase = role.phrase.to_lowercase();
        let Some(canonical) = role.role.as_deref() else {
            continue;
        };
        let starts_ranked = |p: &str| {
            ranks.iter().any(|r| {
                p.strip_prefix(r.as_str())
                    .is_some_and(|rest| rest.starts_with([' ', '-']))
            })
        };
        if role.class != RoleClass::Person
            || starts_ranked(&phrase)
            || starts_ranked(&canonical.to_lowercase())
        {
            continue;
        }
        for rank in &ranks {
            let form = format!("{rank} {phrase}");
            if known.insert(form.clone()) {
                ranked.push(crate::gazetteer::Role {
                    phrase: form,
                    role: Some(format!("{} {canonical}", title_case(rank))),
                    sector: role.sector.clone(),
                    class: RoleClass::Person,
                    gender: role.gender,
                });
            }
        }
    }
    g.roles.extend(ranked);
}

impl Engine {
    pub fn build(mut g: Gazetteer, dict: ActorDictionary) -> Result<Engine, String> {
        let known: HashSet<String> = g.roles.iter().map(|r| r.phrase.to_lowercase()).collect();
        for agent in &dict.agents {
            let sector = (!agent.code.is_empty()).then(|| agent.code.clone());
            for (forms, class) in [
                (&agent.names, RoleClass::Person),
                (&agent.plurals, RoleClass::Group),
            ] {
                for form in forms {
                    let phrase = form.to_lowercase();
                    if known.contains(&phrase) {
                        continue;
                    }
                    g.roles.push(crate::gazetteer::Role {
                        role: Some(title_case(&phrase)),
                        phrase,
                        sector: sector.clone(),
                        class,
                        gender: Gender::Unknown,
                    });
                }
            }
        }
        add_ranked_titles(&mut g);
        let mut b = MatcherBuilder::default();
        let own = |b: &mut MatcherBuilder, form: &str, target: Target| {
            b.add(form, CaseRule::for_form(form), false, target);
        };
        for (i, c) in g.countries.iter().enumerate() {
            let i = i as u32;
            own(&mut b, &c.name, Target::Country(i));
            for a in &c.aliases {
                own(&mut b, a, Target::Country(i));
            }
            for d in &c.demonyms {
                own(&mut b, d, Target::Demonym(i));
            }
        }
        for (i, p) in g.places.iter().enumerate() {
            own(&mut b, &p.name, Target::Place(i as u32));
            for a in &p.aliases {
                own(&mut b, a, Target::Place(i as u32));
            }
        }
        for (i, o) in g.orgs.iter().enumerate() {
            own(&mut b, &o.canonical, Target::Org(i as u32));
            for a in &o.aliases {
                own(&mut b, a, Target::Org(i as u32));
            }
        }
        for (i, h) in g.holders.iter().enumerate() {
            own(&mut b, &h.name, Target::Holder(i as u32));
            for a in &h.aliases {
                own(&mut b, a, Target::Holder(i as u32));
            }
        }
        for (i, h) in g.holders.iter().enumerate() {
            let surname = h.name.split_whitespace().last().unwrap_or("");
            if surname.chars().count() >= 4 && surname != h.name {
                own(&mut b, surname, Target::Surname(i as u32));
            }
        }
        for (i, r) in g.roles.iter().enumerate() {
            own(&mut b, &r.phrase, Target::Role(i as u32));
        }
        for (i, a) in dict.actors.iter().enumerate() {
            for name in &a.names {
                if name.text.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
                    continue;
                }
                b.add(
                    &name.text,
                    CaseRule::Dictionary,
                    name.stem,
                    Target::Actor(i as u32),
                );
            }
        }
        let matcher = b.build().map_err(|e| e.to_string())?;
        let holder_roles = g.holders.iter().map(|h| h.role.to_lowercase()).collect();
        Ok(Engine {
            holder_roles,
            g,
            actors: dict.actors,
            matcher,
        })
    }

    /// Resolves overlaps between the project's matches and PETRARCH-only ones: a
    /// dictionary phrase wins when it covers only organisations, countries, places and
    /// group nouns ("Hamas gunmen", "Israeli troops"), never over a person or a title
    /// ("Russian Foreign Minister Sergey Lavrov" stays a title and a name).
    fn merge_dictionary(&self, hits: Vec<Hit>) -> Vec<Hit> {
        let is_actor_only = |h: &Hit| !h.targets.iter().any(|t| t.is_own());
        if !hits.iter().any(is_actor_only) {
            return hits;
        }
        let absorbable = |h: &Hit| match self.what_of(h) {
            Some(What::Org(_) | What::Country(_) | What::Demonym(_) | What::Place(_)) => true,
            Some(What::Role(r)) => self
                .g
                .roles
                .get(r)
                .is_some_and(|r| r.class == RoleClass::Group),
            _ => false,
        };
        let (actors, own): (Vec<Hit>, Vec<Hit>) = hits.into_iter().partition(is_actor_only);
        let mut dropped = vec![false; own.len()];
        let mut out = Vec::new();
        for a in actors {
            let overlapping: Vec<usize> = own
                .iter()
                .enumerate()
                .filter(|(_, o)| o.start < a.end && a.start < o.end)
                .map(|(i, _)| i)
                .collect();
            let wins = overlapping.iter().all(|&i| {
                own.get(i).is_some_and(|o| {
                    a.start <= o.start
                        && o.end <= a.end
                        && (o.end - o.start) < (a.end - a.start)
                        && absorbable(o)
                })
            });
            if wins {
                for i in overlapping {
                    if let Some(d) = dropped.get_mut(i) {
                        *d = true;
                    }
                }
                out.push(a);
            }
        }
        out.extend(
            own.into_iter()
                .zip(dropped)
                .filter(|(_, d)| !d)
                .map(|(h, _)| h),
        );
        out.sort_by_key(|h| h.start);
        // Dictionary phrases may overlap each other: keep the leftmost-longest.
        let mut kept: Vec<Hit> = Vec::with_capacity(out.len());
        for h in out {
            if kept.last().is_some_and(|k| h.start < k.end) {
                continue;
            }
            kept.push(h);
        }
        kept
    }

    /// The single best reading of a gazetteer hit.
    fn what_of(&self, hit: &Hit) -> Option<What> {
        let mut places = Vec::new();
        let mut holders = Vec::new();
        let mut surnames = Vec::new();
        let mut best: Option<(u8, What)> = None;
        for t in &hit.targets {
            let (rank, what) = match *t {
                Target::Org(i) => (0, What::Org(i as usize)),
                Target::Holder(i) => {
                    holders.push(i as usize);
                    (1, What::Holder(Vec::new()))
                }
                Target::Country(i) => (2, What::Country(i as usize)),
                Target::Demonym(i) => (3, What::Demonym(i as usize)),
                Target::Place(i) => {
                    places.push(i as usize);
                    (4, What::Place(Vec::new()))
                }
                Target::Role(i) => (5, What::Role(i as usize)),
                Target::Actor(i) => (6, What::Actor(i as usize)),
                Target::Surname(i) => {
                    surnames.push(i as usize);
                    (7, What::Surname(Vec::new()))
                }
            };
            if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                best = Some((rank, what));
            }
        }
        best.map(|(_, what)| match what {
            What::Place(_) => What::Place(places),
            What::Holder(_) => What::Holder(holders),
            What::Surname(_) => What::Surname(surnames),
            other => other,
        })
    }

    /// Annotates one document: fills `doc.entities`.
    pub fn annotate(&self, doc: &mut Document) {
        let entities = self.entities(doc);
        doc.entities = entities;
    }

    fn entities(&self, doc: &Document) -> Vec<Entity> {
        let text = doc.text.as_str();
        let g = &self.g;
        let mut buf = String::new();
        let dateline = doc.dateline.as_ref().map(|d| d.span);
        let hits: Vec<Hit> = self.merge_dictionary(
            self.matcher
                .find(text, doc.body_start, false)
                .into_iter()
                .filter(|h| dateline.is_none_or(|d| !d.overlaps(Span::new(h.start, h.end))))
                .collect(),
        );
        let lower_words: HashSet<&str> = doc
            .tokens
            .iter()
            .map(|t| t.span.slice(text))
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .collect();

        let mut cands: Vec<Cand> = Vec::new();
        // Dateline place and agency.
        if let Some(d) = &doc.dateline {
            let place = d.place_span;
            let found = self.matcher.find(text, place.start, true);
            if let Some(h) = found.first().filter(|h| h.end <= place.end) {
                if let Some(what) = self.what_of(h) {
                    if matches!(what, What::Place(_) | What::Country(_)) {
                        cands.push(Cand::new(Span::new(h.start, h.end), what, "dateline"));
                    }
                }
            }
            if let Some(agency) = d.agency_span {
                let found = self.matcher.find(text, agency.start, false);
                let what = found
                    .first()
                    .filter(|h| h.start == agency.start && h.end <= agency.end)
                    .and_then(|h| self.what_of(h))
                    .filter(|w| matches!(w, What::Org(_)))
                    .unwrap_or(What::NewOrg);
                cands.push(Cand::new(agency, what, "dateline"));
            }
        }

        // Pass 1: candidates, sentence by sentence.
        let tokens = &doc.tokens;
        let mut hit_at: HashMap<usize, usize> = HashMap::with_capacity(hits.len());
        for (i, h) in hits.iter().enumerate() {
            hit_at.insert(h.start, i);
        }
        // A name may run over a sentence break the splitter put after an initial
        // ("Franklin D. Roosevelt"); the next sentence then resumes after it.
        let mut resume = 0;
        for sentence in &doc.sentences {
            let (s0, s1) = sentence.tokens;
            let mut i = s0.max(resume);
            while i < s1 {
                let Some(tok) = tokens.get(i) else { break };
                if dateline.is_some_and(|d| d.contains(tok.span)) {
                    i += 1;
                    continue;
                }
                let word = tok.span.slice(text);
                // "ISIL-held", "counter-ISIL", "pro-Russian": a name inside a hyphenated
                // word whose other parts are lower case.
                if word.contains('-') {
                    let next_is_name = tokens
                        .get(i + 1)
                        .is_some_and(|t| i + 1 < s1 && is_cap(t.span.slice(text)));
                    let mut found = if next_is_name {
                        Vec::new()
                    } else {
                        self.demonym_pair_hits(text, tok.span, &hits)
                    };
                    if found.is_empty() {
                        found = self.hyphen_hits(text, tok.span, &hits);
                    }
                    if !found.is_empty() {
                        cands.extend(found);
                        i += 1;
                        continue;
                    }
                }
                if let Some(p) = g.pronouns.get(lower(&mut buf, word)) {
                    cands.push(Cand::new(tok.span, What::Pronoun(*p), "pronoun"));
                    i += 1;
                    continue;
                }
                if is_cap(word) {
                    let j = self.run_end(doc, i, s1, &mut buf);
                    // A title with a genitive or prepositional complement that starts here
                    // runs past the capitalised run ("Secretary of State", "Minister of
                    // Defence"): it is one title, and the run after it is the name.
                    // The title may start inside the run ("The Secretary of State").
                    let run_end = tokens.get(j - 1).map_or(tok.span.end, |t| t.span.end);
                    let title = (i..j).find_map(|m| {
                        let at = tokens.get(m)?.span.start;
                        Some((m, self.title_past(&hits, at, run_end)?))
                    });
                    if let Some((m, (title, what))) = title {
                        if m > i {
                            self.process_run(
                                doc,
                                &hits,
                                &hit_at,
                                i,
                                m,
                                s0,
                                &lower_words,
                                &mut cands,
                            );
                        }
                        let end = title.end;
                        cands.push(Cand::new(title, what, "title"));
                        i = m;
                        while tokens.get(i).is_some_and(|t| t.span.start < end) {
                            i += 1;
                        }
                        resume = resume.max(i);
                        continue;
                    }
                    self.process_run(doc, &hits, &hit_at, i, j, s0, &lower_words, &mut cands);
                    i = j.max(i + 1);
                    resume = resume.max(i);
                    continue;
                }
                if let Some(h) = hit_at.get(&tok.span.start).and_then(|&k| hits.get(k)) {
                    if let Some(what) = self.what_of(h) {
                        let how = match what {
                            What::Role(_) => "title",
                            What::Demonym(_) => "demonym",
                            _ => "alias",
                        };
                        cands.push(Cand::new(
                            trim_article(&self.g.grammar, text, Span::new(h.start, h.end)),
                            what,
                            how,
                        ));
                        let end = h.end;
                        while tokens.get(i).is_some_and(|t| t.span.start < end) {
                            i += 1;
                        }
                        continue;
                    }
                }
                i += 1;
            }
        }
        cands.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
        // Names that are also in the run-time dictionaries take the dictionary's code too.
        if !self.actors.is_empty() {
            let by_end: HashMap<usize, usize> = hits
                .iter()
                .filter_map(|h| {
                    h.targets.iter().find_map(|t| match t {
                        Target::Actor(a) if h.targets.iter().any(|t| t.is_own()) => {
                            Some((h.end, *a as usize))
                        }
                        _ => None,
                    })
                })
                .collect();
            for c in &mut cands {
                if let Some(&a) = by_end.get(&c.span.end) {
                    c.actor = Some(a);
                }
            }
        }

        self.classify(doc, &mut cands, &mut buf);
        self.compose(doc, &mut cands, &mut buf);
        self.resolve(doc, &cands, &mut buf)
    }

    /// The longest person's title among the gazetteer hits (sorted by start, longest
    /// first) that starts at `start` and ends past `run_end`: its span and what it is.
    fn title_past(&self, hits: &[Hit], start: usize, run_end: usize) -> Option<(Span, What)> {
        let first = hits.partition_point(|h| h.start < start);
        hits[first..]
            .iter()
            .take_while(|h| h.start == start)
            .filter(|h| h.end > run_end)
            .find_map(|h| match self.what_of(h) {
                Some(What::Role(r))
                    if self
                        .g
                        .roles
                        .get(r)
                        .is_some_and(|role| role.class == RoleClass::Person) =>
                {
                    Some((Span::new(h.start, h.end), What::Role(r)))
                }
                _ => None,
            })
    }

    /// A hyphenated adjective of two countries or more ("Russian-Iranian cooperation",
    /// "US-Russian relations", "Moldovan-Russian consultations"): every part a country's
    /// name or demonym, one of them a demonym, each part a mention of its country.
    fn demonym_pair_hits(&self, text: &str, tok: Span, hits: &[Hit]) -> Vec<Cand> {
        let first = hits.partition_point(|h| h.start < tok.start);
        let inside = hits.get(first..).unwrap_or(&[]);
        let mut out = Vec::new();
        let mut demonym = false;
        let mut at = tok.start;
        for part in tok.slice(text).split('-') {
            let span = Span::new(at, at + part.len());
            at = span.end + 1;
            let found = inside
                .iter()
                .take_while(|h| h.start <= span.start)
                .filter(|h| h.start == span.start && h.end == span.end)
                .find_map(|h| match self.what_of(h) {
                    Some(w @ What::Demonym(_)) => Some((w, "demonym")),
                    Some(w @ What::Country(_)) => Some((w, "name")),
                    _ => None,
                });
            let Some((what, how)) = found else {
                return Vec::new();
            };
            demonym |= how == "demonym";
            out.push(Cand::new(span, what, how));
        }
        if out.len() < 2 || !demonym {
            return Vec::new();
        }
        out
    }

    /// Gazetteer matches inside a hyphenated token whose other parts are lower case.
    fn hyphen_hits(&self, text: &str, tok: Span, hits: &[Hit]) -> Vec<Cand> {
        let mut out = Vec::new();
        let first = hits.partition_point(|h| h.start < tok.start);
        let word = tok.slice(text);
        for h in hits.iter().skip(first).take_while(|h| h.start < tok.end) {
            if h.end > tok.end || (h.start == tok.start && h.end == tok.end) {
                continue;
            }
            let edge_ok = |at: usize| {
                at == tok.start
                    || at == tok.end
                    || text.get(at - 1..at) == Some("-")
                    || text.get(at..at + 1) == Some("-")
            };
            if !edge_ok(h.start) || !edge_ok(h.end) {
                continue;
            }
            let (before, after) = (
                text.get(tok.start..h.start).unwrap_or(""),
                text.get(h.end..tok.end).unwrap_or(""),
            );
            let lower_rest = [before, after].iter().all(|part| {
                part.split('-')
                    .filter(|p| !p.is_empty())
                    .all(|p| p.chars().next().is_some_and(char::is_lowercase))
            });
            if !lower_rest || word.is_empty() {
                continue;
            }
            if let Some(what) = self.what_of(h) {
                if !matches!(
                    what,
                    What::Country(_)
                        | What::Demonym(_)
                        | What::Org(_)
                        | What::Holder(_)
                        | What::Actor(_)
                ) {
                    continue;
                }
                let how = if matches!(what, What::Demonym(_)) {
                    "demonym"
                } else {
                    "name"
                };
                out.push(Cand::new(Span::new(h.start, h.end), what, how));
            }
        }
        out
    }

    /// End (exclusive token index) of the capitalised run starting at `i`.
    fn run_end(&self, doc: &Document, i: usize, s1: usize, buf: &mut String) -> usize {
        let text = doc.text.as_str();
        let tokens = &doc.tokens;
        let mut j = i + 1;
        if tokens
            .get(i)
            .is_some_and(|t| possessive_len(t.span.slice(text)) > 0)
        {
            return j;
        }
        // No name is longer than this; it also bounds the work on all-capitals text.
        const MAX_RUN: usize = 14;
        while j < s1 && j - i < MAX_RUN {
            let Some(t) = tokens.get(j) else { break };
            let w = t.span.slice(text);
            let prev_end = tokens.get(j - 1).map_or(0, |p| p.span.end);
            if text
                .get(prev_end..t.span.start)
                .is_some_and(|gap| gap.contains('\n'))
            {
                break;
            }
            // An initial: "John G. Schmitz", "J. E. Jones".
            let initial = w == "."
                && tokens.get(j - 1).is_some_and(|p| {
                    let pw = p.span.slice(text);
                    p.span.end == t.span.start
                        && pw.len() == 1
                        && pw.chars().all(|c| c.is_ascii_uppercase())
                })
                && tokens
                    .get(j + 1)
                    .is_some_and(|n| is_cap(n.span.slice(text)));
            if initial {
                j += 1;
                // The name goes on past a sentence break put after the initial.
                if j >= s1 {
                    while j - i < MAX_RUN
                        && tokens.get(j).is_some_and(|n| is_cap(n.span.slice(text)))
                    {
                        j += 1;
                    }
                    return j;
                }
                continue;
            }
            if is_cap(w) && !self.g.pronouns.contains_key(lower(buf, w)) {
                j += 1;
                if possessive_len(w) > 0 {
                    break;
                }
                continue;
            }
            // "of", "for", "on" join names only after an organisation or place word
            // ("Bank of England", "Gulf of Aden"), not after a person's name.
            let prev_word = tokens.get(j - 1).map_or("", |p| p.span.slice(text));
            let org_before = {
                let pw = lower(buf, prev_word);
                let w = &self.g.words;
                w.org_word.contains(pw)
                    || w.org_head.contains(pw)
                    || w.org_first.contains(pw)
                    || w.loc_head.contains(pw)
                    || w.misc_head.contains(pw)
            } || (i..j).any(|r| {
                // "Popular Front for the Liberation of Palestine": an organisation word
                // earlier in the name lets it go on.
                tokens.get(r).is_some_and(|t| {
                    let w = lower(buf, t.span.slice(text));
                    self.g.words.org_word.contains(w) || self.g.words.org_head.contains(w)
                })
            });
            let gr = &self.g.grammar;
            let connector = self.g.words.connector.contains(lower(buf, w))
                && (org_before || !gr.org_joint.contains(w));
            let next_cap = tokens
                .get(j + 1)
                .is_some_and(|n| j + 1 < s1 && is_cap(n.span.slice(text)));
            // "Democrats of the Left", "Movement for the Left".
            let then_the = gr.complement.contains(w)
                && org_before
                && tokens
                    .get(j + 1)
                    .is_some_and(|n| gr.definite.contains(n.span.slice(text)))
                && tokens
                    .get(j + 2)
                    .is_some_and(|n| j + 2 < s1 && is_cap(n.span.slice(text)));
            if then_the {
                j += 3;
                continue;
            }
            if connector && next_cap {
                j += 2;
                if tokens
                    .get(j - 1)
                    .is_some_and(|t| possessive_len(t.span.slice(text)) > 0)
                {
                    break;
                }
                continue;
            }
            break;
        }
        j
    }

    fn is_common(
        &self,
        word: &str,
        sentence_initial: bool,
        lower_words: &HashSet<&str>,
        buf: &mut String,
    ) -> bool {
        let w = lower(buf, word);
        self.g.common.contains(w) || (sentence_initial && lower_words.contains(w))
    }

    #[allow(clippy::too_many_arguments)]
    fn process_run(
        &self,
        doc: &Document,
        hits: &[Hit],
        hit_at: &HashMap<usize, usize>,
        a: usize,
        b: usize,
        s0: usize,
        lower_words: &HashSet<&str>,
        cands: &mut Vec<Cand>,
    ) {
        let text = doc.text.as_str();
        let tokens = &doc.tokens;
        let gr = &self.g.grammar;
        let mut buf = String::new();
        let tw = |i: usize| tokens.get(i).map_or("", |t| t.span.slice(text));
        let start_of = |i: usize| tokens.get(i).map_or(0, |t| t.span.start);
        // Token end without a possessive ending.
        let end_of = |i: usize| {
            tokens
                .get(i)
                .map_or(0, |t| t.span.end - possessive_len(t.span.slice(text)))
        };
        let hit_from = |i: usize| -> Option<&Hit> {
            let h = hits.get(*hit_at.get(&start_of(i))?)?;
            // In a run, a match must end at a token end (NATO in NATO-Russia does not).
            let ends_ok = (i..b.max(i + 1) + 8).any(|k| {
                tokens
                    .get(k)
                    .is_some_and(|t| t.span.end == h.end || end_of(k) == h.end)
            });
            ends_ok.then_some(h)
        };
        let mut a = a;
        let mut b = b;
        // Leading common words and connectors go, unless a gazetteer name starts there.
        while a < b && hit_from(a).is_none() {
            let w = tw(a);
            let initial = a == s0
                || tokens.get(a.wrapping_sub(1)).is_some_and(|p| {
                    matches!(
                        p.span.slice(text),
                        "\"" | "“" | "‘" | "'" | "(" | "—" | "-" | ":"
                    )
                });
            if self.is_common(w, initial, lower_words, &mut buf)
                || !is_cap(w)
                || (a == s0 && self.g.roles.iter().any(|_| false))
            {
                a += 1;
            } else {
                break;
            }
        }
        while b > a && !is_cap(tw(b - 1)) {
            b -= 1;
        }
        if a >= b {
            return;
        }
        // An organisation name followed by a person's ("Ontario Liberal Party Joe Dickson",
        // "Communist Party General Secretary Xi Jinping") is two names. Never split inside
        // a gazetteer match.
        if let Some(k) = (a + 1..b.saturating_sub(1)).find(|&k| {
            let k_end = tokens.get(k).map_or(0, |t| t.span.end);
            self.g.words.org_head.contains(lower(&mut buf, tw(k)))
                && !self.g.words.connector.contains(lower(&mut buf, tw(k + 1)))
                && is_cap(tw(k + 1))
                // "Vanderbilt University Medical Center" is one name.
                && !(k + 1..b).any(|r| {
                    let w = lower(&mut buf, tw(r));
                    self.g.words.org_word.contains(w) || self.g.words.org_head.contains(w)
                })
                && !(a..=k).any(|i| hit_from(i).is_some_and(|h| h.end > k_end))
        }) {
            self.process_run(doc, hits, hit_at, a, k + 1, s0, lower_words, cands);
            self.process_run(doc, hits, hit_at, k + 1, b, s0, lower_words, cands);
            return;
        }
        // "Reform Party of Canada and Canadian Alliance": "and" between two organisation
        // names, the first with its head word ("Social Democratic and Labour Party" is one).
        let is_org = |w: &str, buf: &mut String| {
            let w = lower(buf, w);
            self.g.words.org_word.contains(w) || self.g.words.org_head.contains(w)
        };
        // "Party of Socialists and Democrats", "Organisation for Economic Co-operation and
        // Development": "and" inside the complement of "of"/"for" is one name, unless a
        // place ends the first ("Reform Party of Canada and Canadian Alliance").
        let coordinated_complement = |k: usize, buf: &mut String| {
            let k_end = tokens.get(k.wrapping_sub(1)).map_or(0, |t| t.span.end);
            (a + 1..k).any(|i| {
                self.g.words.org_head.contains(lower(buf, tw(i - 1)))
                    && gr.complement.contains(tw(i))
            }) && !(a..k).any(|i| {
                hit_from(i).is_some_and(|h| {
                    h.end == k_end
                        && matches!(self.what_of(h), Some(What::Country(_) | What::Place(_)))
                })
            })
        };
        if let Some(k) = (a + 1..b.saturating_sub(1)).find(|&k| {
            gr.coordinator.contains(tw(k))
                && (a..k).any(|i| self.g.words.org_head.contains(lower(&mut buf, tw(i))))
                && (k + 1..b).any(|i| is_org(tw(i), &mut buf))
                && !coordinated_complement(k, &mut buf)
        }) {
            self.process_run(doc, hits, hit_at, a, k, s0, lower_words, cands);
            self.process_run(doc, hits, hit_at, k + 1, b, s0, lower_words, cands);
            return;
        }
        // A gazetteer match that runs past the run (lower-case words) extends it.
        let mut covered: Vec<(usize, usize, &Hit)> = Vec::new();
        let mut i = a;
        while i < b {
            if let Some(h) = hit_from(i) {
                let mut j = i + 1;
                while tokens.get(j).is_some_and(|t| t.span.start < h.end) {
                    j += 1;
                }
                covered.push((i, j, h));
                if j > b {
                    b = j;
                }
                i = j;
            } else {
                i += 1;
            }
        }
        // Names of events ("the 2009 European Parliament election", "the 1984 United States
        // presidential election") and of wars, treaties, awards are not entities.
        let mut k = b;
        while k < b + 3 && self.g.words.event_adj.contains(lower(&mut buf, tw(k))) {
            k += 1;
        }
        if self.g.words.event_next.contains(lower(&mut buf, tw(k)))
            && (k == b
                || tokens
                    .get(a.wrapping_sub(1))
                    .is_some_and(|t| t.kind == annalist_core::TokenKind::Number))
        {
            return;
        }
        // "the 2009 European Parliament election in Italy": the place is the event's.
        if gr
            .event_place_prep
            .contains(lower(&mut buf, tw(a.wrapping_sub(1))))
            && self
                .g
                .words
                .event_next
                .contains(lower(&mut buf, tw(a.wrapping_sub(2))))
        {
            return;
        }
        if b - a >= 2 && self.g.words.misc_head.contains(lower(&mut buf, tw(b - 1))) {
            return;
        }
        // A place match that is part of a longer unknown name ("John Carson", "Trade Union
        // of ...") is not a place.
        let is_place = |h: &Hit| matches!(self.what_of(h), Some(What::Place(_) | What::Surname(_)));
        let covered_at = |covered: &[(usize, usize, &Hit)], k: usize| {
            covered.iter().any(|(ca, cb, _)| *ca <= k && k < *cb)
        };
        let mut drop = Vec::new();
        for (n, (ca, cb, h)) in covered.iter().enumerate() {
            // "Michael Bloomberg": an organisation named like a surname after a given name.
            let after_given = *ca > a
                && !covered_at(&covered, ca - 1)
                && self.g.given.contains_key(lower(&mut buf, tw(ca - 1)));
            if after_given && *cb == b {
                drop.push(n);
                continue;
            }
            if !is_place(h) {
                continue;
            }
            let left = *ca > a && !covered_at(&covered, ca - 1) && is_cap(tw(ca - 1));
            let right = *cb < b && !covered_at(&covered, *cb) && is_cap(tw(*cb));
            if left || right {
                drop.push(n);
            }
        }
        for n in drop.into_iter().rev() {
            covered.remove(n);
        }
        let span = Span::new(start_of(a), end_of(b - 1));
        if let [(ca, cb, h)] = covered.as_slice() {
            if *ca == a && *cb == b {
                if let Some(what) = self.what_of(h) {
                    let how = match what {
                        What::Role(_) => "title",
                        What::Demonym(_) => "demonym",
                        What::Surname(_) => "surname",
                        _ => "name",
                    };
                    // A small place named like a word needs a place context ("in Union").
                    // (Only one-word names: "Atlantic City" is not a word of English.)
                    let small_place = match &what {
                        What::Place(ps) if b - a == 1 => !ps
                            .iter()
                            .filter_map(|&p| self.g.places.get(p))
                            .any(|p| p.weight() >= 100_000 || p.capital_of.is_some()),
                        _ => false,
                    };
                    let weak_place = small_place && {
                        let prev = lower(&mut buf, tw(a.wrapping_sub(1))).to_string();
                        // "the county of X", "the outskirts of X" are place contexts too.
                        let kind_of = gr.genitive.contains(&prev) && {
                            let noun = lower(&mut buf, tw(a.wrapping_sub(2)));
                            self.g.words.loc_kind.contains(noun)
                                || self.g.words.place_noun.contains(noun)
                        };
                        !self.g.words.loc_prep.contains(&prev) && !kind_of && tw(b) != ","
                    };
                    // "Clinton and Bush were elected": a place named like an office
                    // holder's surname is the person unless it stands after "in", "near".
                    let place_before = gr
                        .surname_place_prep
                        .contains(lower(&mut buf, tw(a.wrapping_sub(1))));
                    let surname = matches!(what, What::Place(_))
                        && h.targets.iter().any(|t| matches!(t, Target::Surname(_)))
                        && !place_before;
                    // "David met Warren": a small place named like a given name is a name.
                    let given = small_place
                        && !place_before
                        && self.g.given.contains_key(lower(&mut buf, tw(a)));
                    let common = self.g.common.contains(lower(&mut buf, tw(a)));
                    let (what, how) = if surname {
                        // Resolved through the office holders at the dispatch date.
                        (What::Surname(surnames_of(h)), "surname")
                    } else if small_place && common {
                        // "in March": a month, not March in Cambridgeshire.
                        return;
                    } else if weak_place || given {
                        (What::Unknown, how)
                    } else {
                        (what, how)
                    };
                    cands.push(Cand::new(
                        trim_article(&self.g.grammar, text, Span::new(h.start, h.end)),
                        what,
                        how,
                    ));
                }
                return;
            }
        }
        // "Union for French Democracy", "Parliament of Norway", "Gulf of Aden": a name
        // joined by "of"/"for" (only allowed after an organisation, place or event word)
        // is one name of the kind of the word before the joint.
        if let Some(k) = (a + 1..b.saturating_sub(1))
            .find(|&k| gr.complement.contains(tw(k)) && !covered_at(&covered, k))
        {
            let head = lower(&mut buf, tw(k - 1)).to_string();
            if self.g.words.misc_head.contains(&head) {
                return;
            }
            let what = if self.g.words.loc_head.contains(&head) {
                What::NewPlace
            } else {
                What::NewOrg
            };
            cands.push(Cand::new(span, what, "name"));
            return;
        }
        let last_covered = covered.last().is_some_and(|(_, cb, _)| *cb == b);
        let last = lower(&mut buf, tw(b - 1)).to_string();
        // "Harry West", "Jack London": a given name first makes a person, whatever the end.
        let given_first = b - a <= 3
            && !covered_at(&covered, a)
            && self.g.given.contains_key(lower(&mut buf, tw(a)));
        let org_of = b - a >= 3
            && (a..b - 1).any(|k| {
                self.g.words.org_first.contains(lower(&mut buf, tw(k)))
                    && gr.genitive.contains(lower(&mut buf, tw(k + 1)))
            });
        // "French Foreign Ministry": a country and a body, composed later with its code.
        let role_org = matches!(covered.as_slice(), [(ca, _, h1), (_, cb, h2)]
            if *ca == a && *cb == b
                && matches!(self.what_of(h1), Some(What::Country(_) | What::Demonym(_)))
                && matches!(self.what_of(h2), Some(What::Role(r)) if self.g.roles.get(r).is_some_and(|r| r.class == RoleClass::Org)));
        // "Pakistan Peoples Party Workers", "Communist Party USA", "Partai Nasional
        // Indonesia": an organisation's head word inside, and organisation words or a
        // country name after it.
        let head_inside = (a..b).any(|k| {
            !covered_at(&covered, k) && self.g.words.org_head.contains(lower(&mut buf, tw(k)))
        }) || (!covered_at(&covered, a)
            && self.g.words.org_word.contains(lower(&mut buf, tw(a))));
        let tail_org = self.g.words.org_word.contains(&last)
            || covered.last().is_some_and(|(ca, cb, h)| {
                *cb == b && *ca > a && matches!(self.what_of(h), Some(What::Country(_)))
            });
        if b - a >= 2
            && !role_org
            && !given_first
            && (self.g.words.org_head.contains(&last) || org_of || (head_inside && tail_org))
        {
            // "Serbian Workers' Union": a body named after a country is that country's.
            let mut cand = Cand::new(span, What::NewOrg, "name");
            cand.country = covered.first().and_then(|(ca, _, h)| {
                (*ca == a)
                    .then(|| self.what_of(h))
                    .flatten()
                    .and_then(|w| match w {
                        What::Country(ci) | What::Demonym(ci) => Some(ci),
                        _ => None,
                    })
            });
            cands.push(cand);
            return;
        }
        if b - a >= 2 && !last_covered && !given_first && self.g.words.loc_head.contains(&last) {
            cands.push(Cand::new(span, What::NewPlace, "name"));
            return;
        }
        // Segment: gazetteer matches, and unknown stretches between them.
        let mut i = a;
        let mut seg_start: Option<usize> = None;
        let flush =
            |seg: &mut Option<usize>, upto: usize, cands: &mut Vec<Cand>, buf: &mut String| {
                if let Some(s) = seg.take() {
                    let mut s = s;
                    let mut e = upto;
                    while s < e && self.g.words.connector.contains(lower(buf, tw(s))) {
                        s += 1;
                    }
                    while e > s && !is_cap(tw(e - 1)) {
                        e -= 1;
                    }
                    // "Smith and Jones" are two names.
                    let mut from = s;
                    for k in s..=e {
                        let split = k == e || gr.name_split.contains(tw(k));
                        if !split {
                            continue;
                        }
                        let (mut p, mut q) = (from, k);
                        while p < q && self.g.words.connector.contains(lower(buf, tw(p))) {
                            p += 1;
                        }
                        while q > p && !is_cap(tw(q - 1)) {
                            q -= 1;
                        }
                        if p < q {
                            cands.push(Cand::new(
                                Span::new(start_of(p), end_of(q - 1)),
                                What::Unknown,
                                "name",
                            ));
                        }
                        from = k + 1;
                    }
                }
            };
        // Whether the previous segment was a person's title ("President Bush").
        let mut after_title = false;
        while i < b {
            if let Some(&(_, j, h)) = covered.iter().find(|(ca, _, _)| *ca == i) {
                flush(&mut seg_start, i, cands, &mut buf);
                if let Some(mut what) = self.what_of(h) {
                    // A place named like a surname right after a title is the person
                    // ("President Bush" is not Būsh in Egypt).
                    if after_title && j == i + 1 && matches!(what, What::Place(_)) {
                        let surnames = surnames_of(h);
                        what = if surnames.is_empty() {
                            What::Unknown
                        } else {
                            What::Surname(surnames)
                        };
                    }
                    after_title = matches!(&what, What::Role(r) if self.g.roles.get(*r).is_some_and(|r| matches!(r.class, RoleClass::Person | RoleClass::Honorific)));
                    let how = match what {
                        What::Role(_) => "title",
                        What::Demonym(_) => "demonym",
                        What::Surname(_) => "surname",
                        _ => "name",
                    };
                    cands.push(Cand::new(
                        trim_article(&self.g.grammar, text, Span::new(h.start, h.end)),
                        what,
                        how,
                    ));
                }
                i = j;
                continue;
            }
            if seg_start.is_none() {
                seg_start = Some(i);
            }
            after_title = false;
            i += 1;
        }
        flush(&mut seg_start, b, cands, &mut buf);
    }

    /// Words right before and after a span (lower-cased).
    fn neighbours(&self, doc: &Document, span: Span) -> (String, String, String) {
        let text = doc.text.as_str();
        let tokens = &doc.tokens;
        let idx = tokens.partition_point(|t| t.span.start < span.start);
        let after = tokens.partition_point(|t| t.span.start < span.end);
        let w = |i: Option<usize>| {
            i.and_then(|i| tokens.get(i))
                .map(|t| t.span.slice(text).to_lowercase())
                .unwrap_or_default()
        };
        (w(idx.checked_sub(2)), w(idx.checked_sub(1)), w(Some(after)))
    }

    /// Pass 2: decides what unknown capitalised stretches are.
    fn classify(&self, doc: &Document, cands: &mut [Cand], buf: &mut String) {
        let text = doc.text.as_str();
        let lower_words: HashSet<&str> = doc
            .tokens
            .iter()
            .map(|t| t.span.slice(text))
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .collect();
        let g = &self.g;
        let mut person_words: HashSet<String> = HashSet::new();
        // Names this document already uses as places.
        let mut place_words: HashSet<String> = HashSet::new();
        for k in 0..cands.len() {
            let (span, what) = match cands.get(k) {
                Some(c) => (c.span, c.what.clone()),
                None => continue,
            };
            if matches!(what, What::Holder(_) | What::Person | What::Surname(_)) {
                for w in span.slice(text).split_whitespace() {
                    person_words.insert(w.trim_end_matches("'s").to_string());
                }
                continue;
            }
            if matches!(what, What::Place(_) | What::NewPlace) {
                place_words.insert(span.slice(text).to_string());
                continue;
            }
            if what != What::Unknown {
                continue;
            }
            let name = span.slice(text);
            let words: Vec<&str> = name.split_whitespace().collect();
            let prev = k.checked_sub(1).and_then(|p| cands.get(p)).filter(|p| {
                !p.dead
                    && text
                        .get(p.span.end..span.start)
                        .is_some_and(|g| g.trim().is_empty())
            });
            let prev_title = prev.is_some_and(|p| match p.what {
                What::Role(r) => g
                    .roles
                    .get(r)
                    .is_some_and(|r| matches!(r.class, RoleClass::Person | RoleClass::Honorific)),
                _ => false,
            });
            let (prev2_word, prev_word, next_word) = self.neighbours(doc, span);
            let first_given = words
                .first()
                .and_then(|w| g.given.get(lower(buf, w)))
                .copied();
            let all_caps = words.iter().all(|w| is_all_caps(w));
            let org_word = words.iter().any(|w| {
                g.words
                    .org_word
                    .contains(lower(buf, w.trim_end_matches("'s")))
            });
            let sentence_initial = doc
                .sentence_at(span.start)
                .and_then(|s| doc.sentences.get(s))
                .and_then(|s| doc.tokens.get(s.tokens.0))
                .is_some_and(|t| t.span.start == span.start);
            // Personal names are words like "Anna", "O'Neill", "Jean-Luc", "J.".
            let name_like = words.iter().all(|w| {
                let mut cs = w.chars();
                cs.next().is_some_and(char::is_uppercase)
                    && cs.all(|c| {
                        c.is_lowercase() || matches!(c, '\'' | '’' | '-' | '.') || c.is_uppercase()
                    })
                    && !w.chars().skip(1).all(char::is_uppercase)
                    // "Minister-designate", "Prime-time": a lower-case part after a hyphen.
                    && !w
                        .split('-')
                        .skip(1)
                        .any(|part| part.chars().next().is_some_and(char::is_lowercase))
            });
            // A lone unknown word before a speech or action verb is a person ("Schaefer
            // served", "Adams said"); before "is", "was", "has" it may be anything.
            let copula = g.grammar.auxiliary.contains(&next_word);
            let next_verb = g.words.speech.contains(&next_word)
                || (!copula && g.words.actor_verb.contains(&next_word))
                || (next_word.len() > 4 && next_word.ends_with("ed"));
            // "Social Democratic Party of Croatia ( SDP )": an acronym in brackets names a body.
            let after = text.get(span.end..).unwrap_or("").trim_start();
            let bracket_acronym = after.strip_prefix('(').is_some_and(|rest| {
                let inner = rest.trim_start();
                let word: String = inner.chars().take_while(|c| c.is_alphanumeric()).collect();
                word.len() >= 2
                    && word.chars().filter(|c| c.is_uppercase()).count() >= 2
                    && inner
                        .get(word.len()..)
                        .is_some_and(|r| r.trim_start().starts_with([')', ',']))
            });
            let attested_lower = words.len() == 1 && lower_words.contains(lower(buf, name));
            // A given name inside the run starts the person's name ("County Coroner William
            // McLaughlin"): the words before it are a title.
            let inner_given = (words.len() >= 3 && first_given.is_none() && !org_word)
                .then(|| {
                    words
                        .iter()
                        .skip(1)
                        .position(|w| g.given.contains_key(lower(buf, w)))
                })
                .flatten()
                .map(|p| p + 1)
                .filter(|&p| p + 1 < words.len());
            let inner_given = inner_given.or_else(|| self.title_tail(doc, cands, k, &words, buf));
            if let Some(p) = inner_given {
                let offset = words.get(p).and_then(|w| name.find(w)).unwrap_or(0);
                if let Some(c) = cands.get_mut(k) {
                    c.span = Span::new(span.start + offset, span.end);
                    c.what = What::Person;
                }
                for w in name.get(offset..).unwrap_or("").split_whitespace() {
                    person_words.insert(w.to_string());
                }
                continue;
            }
            // "Aisby is a village", "Kenton, a small town": a definition.
            let defined_place = {
                let rest = after
                    .strip_prefix(',')
                    .map(str::trim_start)
                    .or_else(|| g.grammar.definition_copula.strip_word(after))
                    .unwrap_or("");
                let mut ws = rest.split_whitespace();
                ws.next().is_some_and(|w| g.grammar.is_article(w))
                    && ws
                        .take(4)
                        .map(|w| w.trim_end_matches([',', '.', ';']))
                        .any(|w| g.words.loc_kind.contains(lower(buf, w)))
            };
            // "Year Zero" between quotation marks: the title of a work, not a name.
            let quoted_title = text
                .get(..span.start)
                .unwrap_or("")
                .trim_end()
                .ends_with(['"', '“'])
                && after.starts_with(['"', '”']);
            // "( PvdA )", "( MpS )": a short mixed-case acronym in brackets names a body.
            let bracketed_acronym = words.len() == 1
                && (2..=6).contains(&name.chars().count())
                && name.chars().filter(|c| c.is_uppercase()).count() >= 2
                && text
                    .get(..span.start)
                    .unwrap_or("")
                    .trim_end()
                    .ends_with('(')
                && after.starts_with(')');
            let new = if quoted_title && first_given.is_none() {
                None
            } else if bracketed_acronym {
                Some(What::NewOrg)
            } else if place_words.contains(name) || (defined_place && !prev_title) {
                Some(What::NewPlace)
            } else if prev_title {
                Some(What::Person)
            } else if let Some(gender) = first_given.filter(|_| words.len() >= 2 && !org_word) {
                if let Some(c) = cands.get_mut(k) {
                    c.gender = gender;
                }
                Some(What::Person)
            } else if (words.len() >= 2 && bracket_acronym)
                || (org_word && (words.len() > 1 || g.grammar.definite.contains(&prev_word)))
            {
                Some(What::NewOrg)
            } else if words.len() >= 2
                && words
                    .first()
                    .is_some_and(|w| g.words.loc_first.contains(lower(buf, w)))
            {
                Some(What::NewPlace)
            } else if words.len() == 1 && person_words.contains(name) {
                if let Some(c) = cands.get_mut(k) {
                    c.how = "surname";
                }
                Some(What::Person)
            } else if (1..=3).contains(&words.len())
                && (g.words.speech.contains(&next_word)
                    || g.grammar.attribution.pair(&prev2_word, &prev_word))
                && !all_caps
                && !(words.len() == 1 && sentence_initial)
            {
                Some(What::Person)
            } else if words.len() == 1 && all_caps && (2..=6).contains(&name.chars().count()) {
                Some(What::NewOrg)
            } else if words.len() >= 2 && g.grammar.definite.contains(&prev_word) {
                // "the Reading Railroad": a person's name takes no article.
                Some(What::NewOrg)
            } else if g.grammar.indefinite.contains(&prev_word)
                || prev_word.chars().next().is_some_and(|c| c.is_ascii_digit())
            {
                None
            } else if (2..=4).contains(&words.len())
                && !all_caps
                && name_like
                // "Best Rock Video", "Red Men": a first word this text also writes in lower
                // case is a word, not a given name.
                && !words
                    .first()
                    .is_some_and(|w| lower_words.contains(lower(buf, w)))
            {
                Some(What::Person)
            } else if words.len() == 1 && g.words.loc_prep.contains(&prev_word) {
                Some(What::NewPlace)
            } else if words.len() == 1
                && next_verb
                && name_like
                && !attested_lower
                && !g.common.contains(lower(buf, name))
                // "Roughly translated", "Researchers announced": a capitalised sentence
                // start that looks like an adverb or a plural noun.
                && !(sentence_initial
                    && (name.ends_with("ly") || name.ends_with("ers") || name.ends_with("ists")))
            {
                Some(What::Person)
            } else {
                None
            };
            if let Some(c) = cands.get_mut(k) {
                match new {
                    Some(w) => {
                        if w == What::Person {
                            for w in name.split_whitespace() {
                                person_words.insert(w.to_string());
                            }
                        }
                        if w == What::NewPlace {
                            place_words.insert(name.to_string());
                        }
                        c.what = w;
                    }
                    None => c.dead = true,
                }
            }
        }
    }

    /// Pass 3: titles with names, apposition, bodies, groups and nominals.
    /// Where the name starts in a run that a person's title runs into: "Minister for EU
    /// Affairs Omer Celik", "ambassador in the Islamic Republic Levan Dzhagaryan". The
    /// title's complement ends with the head word of an organisation or place name
    /// (`org_head`, `loc_head`, `org_word` in nominals.tsv); the two or three name-like
    /// words after the last such head are the person, when a person's title (roles.tsv)
    /// stands before the run in its sentence. Returns the index of the name's first word.
    fn title_tail(
        &self,
        doc: &Document,
        cands: &[Cand],
        k: usize,
        words: &[&str],
        buf: &mut String,
    ) -> Option<usize> {
        /// How far before the run the title may end (bytes): "Minister for EU".
        const TITLE_REACH: usize = 80;
        if words.len() < 3 {
            return None;
        }
        let g = &self.g;
        let head = |w: &str, buf: &mut String| {
            let w = lower(buf, w.trim_end_matches("'s"));
            g.words.org_head.contains(w)
                || g.words.loc_head.contains(w)
                || g.words.org_word.contains(w)
                || g.common.contains(w)
        };
        let last_head = words.iter().rposition(|w| head(w, buf))?;
        let start = last_head + 1;
        let tail = words.get(start..)?;
        let name_word = |w: &&str| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.clone().any(char::is_lowercase)
                && cs.all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
        };
        if !(2..=3).contains(&tail.len()) || !tail.iter().all(name_word) {
            return None;
        }
        let span = cands.get(k)?.span;
        let sentence = doc.sentence_at(span.start);
        let titled = cands[..k].iter().rev().take(8).any(|c| {
            !c.dead
                && c.span.end <= span.start
                && span.start - c.span.end <= TITLE_REACH
                && doc.sentence_at(c.span.start) == sentence
                && match c.what {
                    What::Role(r) => g
                        .roles
                        .get(r)
                        .is_some_and(|r| matches!(r.class, RoleClass::Person)),
                    _ => false,
                }
        });
        titled.then_some(start)
    }

    /// The person title whose complement runs up to the person candidate `k`: its
    /// candidate, its role, and the country it gives (a demonym, country or body before
    /// the title; else a country or body of a genitive complement: "CEO of Acme").
    fn long_title(
        &self,
        doc: &Document,
        cands: &[Cand],
        k: usize,
    ) -> Option<(usize, usize, Option<usize>)> {
        /// How far before the name the title may end (bytes), and how long its
        /// complement may be (words).
        const REACH: usize = 80;
        const MAX_WORDS: usize = 8;
        let g = &self.g;
        let gr = &g.grammar;
        let text = doc.text.as_str();
        let c = cands.get(k)?;
        // A title, or one already read with its country ("Peruvian Minister").
        let titled = |x: &Cand| match x.what {
            What::Role(r) => Some((r, None)),
            What::Nominal(r, ci) => Some((r, ci)),
            _ => None,
        };
        let j = (0..k)
            .rev()
            .take(8)
            .find(|&j| !cands[j].dead && titled(&cands[j]).is_some())?;
        let title = &cands[j];
        let (r, own) = titled(title)?;
        if g.roles.get(r).map(|x| x.class) != Some(RoleClass::Person)
            || title.span.end > c.span.start
            || c.span.start - title.span.end > REACH
            || doc.sentence_at(title.span.start) != doc.sentence_at(c.span.start)
            || cands[j + 1..k]
                .iter()
                .any(|x| !x.dead && (x.is_person() || titled(x).is_some()))
        {
            return None;
        }
        let between = text.get(title.span.end..c.span.start)?.trim();
        let between = between.strip_suffix(',').unwrap_or(between);
        let words: Vec<&str> = between.split_whitespace().collect();
        let first = words.first()?.to_lowercase();
        let capitalised = |w: &str| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|ch| ch.is_alphanumeric() || matches!(ch, '-' | '\'' | '’' | '.'))
        };
        if words.len() > MAX_WORDS
            || !gr.title_complement.contains(&first)
            || !words
                .iter()
                .all(|w| capitalised(w) || gr.title_filler.contains(&w.to_lowercase()))
        {
            return None;
        }
        let country_of = |x: &Cand| match x.what {
            What::Country(ci) | What::Demonym(ci) => Some(ci),
            What::Org(oi) => g
                .orgs
                .get(oi)
                .and_then(|o| o.country.as_ref())
                .and_then(|code| g.country_by_code.get(code).copied()),
            _ => None,
        };
        let owner = j.checked_sub(1).map(|p| &cands[p]).filter(|p| {
            let gap = text.get(p.span.end..title.span.start).unwrap_or("x").trim();
            !p.dead && (gap.is_empty() || gr.possessive.contains(gap))
        });
        let country = own.or_else(|| owner.and_then(country_of)).or_else(|| {
            gr.genitive
                .contains(&first)
                .then(|| {
                    cands[j + 1..k]
                        .iter()
                        .filter(|x| !x.dead)
                        .find_map(country_of)
                })
                .flatten()
        });
        Some((j, r, country))
    }

    fn compose(&self, doc: &Document, cands: &mut [Cand], buf: &mut String) {
        let text = doc.text.as_str();
        let g = &self.g;
        let gr = &g.grammar;
        // The gap between an owner and what it owns: nothing or a possessive ending.
        let owner_gap = |gap: &str| gap.is_empty() || gr.possessive.contains(gap);
        let gap = |a: &Cand, b: &Cand| {
            text.get(a.span.end..b.span.start)
                .unwrap_or("x")
                .trim()
                .to_string()
        };
        let affil_of = |c: &Cand| match c.what {
            What::Country(i) | What::Demonym(i) => Some(Affil::Country(i)),
            What::Org(i) => Some(Affil::Org(i)),
            _ => None,
        };
        let role_class = |c: &Cand| match c.what {
            What::Role(r) => g.roles.get(r).map(|r| r.class),
            _ => None,
        };
        let n = cands.len();
        for k in 0..n {
            let Some(c) = cands.get(k).cloned() else {
                continue;
            };
            if c.dead {
                continue;
            }
            if c.is_person() {
                // Title before the name: [Country|Demonym] Role Name, Role of Country Name.
                let p1 = k.checked_sub(1).and_then(|p| cands.get(p)).cloned();
                if let Some(p1) = p1.filter(|p| !p.dead && gap(p, &c).is_empty()) {
                    let class = role_class(&p1);
                    if matches!(class, Some(RoleClass::Person | RoleClass::Honorific)) {
                        let mut country = None;
                        if let Some(p2) = k.checked_sub(2).and_then(|p| cands.get(p)).cloned() {
                            let gp = gap(&p2, &p1);
                            if !p2.dead && owner_gap(&gp) {
                                country = match affil_of(&p2) {
                                    Some(Affil::Country(ci)) => Some(ci),
                                    // "Kremlin spokesman", "Pentagon chief": the body's country.
                                    Some(Affil::Org(oi)) => g
                                        .orgs
                                        .get(oi)
                                        .and_then(|o| o.country.as_ref())
                                        .and_then(|c| g.country_by_code.get(c).copied()),
                                    None => None,
                                };
                            }
                        }
                        if let Some(cur) = cands.get_mut(k) {
                            if let What::Role(r) = p1.what {
                                if class == Some(RoleClass::Person) {
                                    cur.role = Some(r);
                                }
                                if let Some(role) = g.roles.get(r) {
                                    if role.gender != Gender::Unknown {
                                        cur.gender = role.gender;
                                    }
                                }
                            }
                            cur.country = country;
                        }
                        if let Some(p) = cands.get_mut(k - 1) {
                            p.dead = true;
                        }
                    } else if let Some(Affil::Country(ci)) = affil_of(&p1) {
                        // "Foreign Minister of Russia Name"; "Russian Ambassador to (the)
                        // Republic of Cyprus Name" (the envoy's own country is before).
                        if let Some(p2) = k.checked_sub(2).and_then(|p| cands.get(p)).cloned() {
                            let gp = gap(&p2, &p1).to_lowercase();
                            let posted = gr.posted.contains(&gp);
                            if !p2.dead
                                && (gr.genitive.contains(&gp) || posted)
                                && role_class(&p2) == Some(RoleClass::Person)
                            {
                                let own = if posted {
                                    k.checked_sub(3)
                                        .and_then(|p| cands.get(p))
                                        .filter(|p3| !p3.dead && owner_gap(&gap(p3, &p2)))
                                        .and_then(affil_of)
                                        .and_then(|a| match a {
                                            Affil::Country(c) => Some(c),
                                            Affil::Org(_) => None,
                                        })
                                } else {
                                    Some(ci)
                                };
                                if let (Some(cur), What::Role(r)) = (cands.get_mut(k), &p2.what) {
                                    cur.role = Some(*r);
                                    cur.country = own;
                                }
                                if let Some(p) = cands.get_mut(k - 2) {
                                    p.dead = true;
                                }
                            }
                        }
                    }
                }
                // A title with a complement before the name: "[Demonym] Minister for Trade
                // Affairs Name", "the Ambassador in Lima, Name".
                if cands.get(k).is_some_and(|x| x.role.is_none()) {
                    if let Some((j, r, country)) = self.long_title(doc, cands, k) {
                        if let Some(cur) = cands.get_mut(k) {
                            cur.role = Some(r);
                            cur.country = cur.country.or(country);
                            if let Some(role) = g.roles.get(r) {
                                if role.gender != Gender::Unknown {
                                    cur.gender = role.gender;
                                }
                            }
                        }
                        if let Some(p) = cands.get_mut(j) {
                            p.dead = true;
                        }
                    }
                }
                // Apposition: Name, [the] [Country's|Demonym] Role
                if let Some(n1) = cands.get(k + 1).cloned() {
                    let gp = gap(&c, &n1).to_lowercase();
                    // ",", ", the", ", a": an apposition follows.
                    let apposition = gp.strip_prefix(',').is_some_and(|rest| {
                        rest.is_empty() || rest.strip_prefix(' ').is_some_and(|a| gr.is_article(a))
                    });
                    if !n1.dead && apposition {
                        let (country, role_cand) = match affil_of(&n1) {
                            Some(Affil::Country(ci)) => {
                                let n2 = cands.get(k + 2).cloned();
                                match n2 {
                                    Some(n2) if !n2.dead && owner_gap(&gap(&n1, &n2)) => {
                                        (Some(ci), Some((k + 2, n2)))
                                    }
                                    _ => (None, None),
                                }
                            }
                            _ => (None, Some((k + 1, n1))),
                        };
                        if let Some((ri, rc)) = role_cand {
                            if role_class(&rc) == Some(RoleClass::Person) {
                                if let (Some(cur), What::Role(r)) = (cands.get_mut(k), &rc.what) {
                                    if cur.role.is_none() {
                                        cur.role = Some(*r);
                                        cur.country = cur.country.or(country);
                                    }
                                }
                                if let Some(p) = cands.get_mut(ri) {
                                    p.dead = true;
                                }
                            }
                        }
                    }
                }
                continue;
            }
            let What::Role(r) = c.what else { continue };
            let Some(role) = g.roles.get(r) else { continue };
            // What comes before the role phrase.
            let p1 = k
                .checked_sub(1)
                .and_then(|p| cands.get(p))
                .filter(|p| !p.dead && owner_gap(&gap(p, &c)))
                .cloned();
            let affil = p1.as_ref().and_then(affil_of);
            let before = text.get(..c.span.start).unwrap_or("");
            let prev_word = before
                .trim_end()
                .rsplit(|ch: char| !ch.is_alphanumeric())
                .next()
                .unwrap_or("");
            match role.class {
                RoleClass::Org => {
                    if let (Some(Affil::Country(ci)), Some(p1)) = (affil, &p1) {
                        if let Some(cur) = cands.get_mut(k) {
                            cur.what = What::RoleOrg(r, ci);
                            cur.span = p1.span.cover(c.span);
                            cur.how = "name";
                        }
                        if let Some(p) = cands.get_mut(k - 1) {
                            p.dead = true;
                        }
                        continue;
                    }
                    // "the government of Sindh province": the body of the country or of
                    // the place's country after "of" (the place stays a mention).
                    let after_of = cands
                        .get(k + 1)
                        .filter(|n| !n.dead && gr.genitive.contains(&gap(&c, n)))
                        .and_then(|n| match &n.what {
                            What::Country(ci) => Some(*ci),
                            What::Place(ps) => ps
                                .iter()
                                .filter_map(|&p| g.places.get(p))
                                .max_by_key(|p| p.weight())
                                .and_then(|p| g.country_by_code.get(&p.country).copied()),
                            _ => None,
                        });
                    let lower_case = c
                        .span
                        .slice(text)
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase);
                    if let (Some(ci), Some(cur)) = (after_of, cands.get_mut(k)) {
                        cur.what = What::RoleOrg(r, ci);
                        cur.how = if lower_case { "nominal" } else { "name" };
                    } else if let Some(cur) = cands.get_mut(k) {
                        cur.dead = true;
                    }
                }
                RoleClass::Group => {
                    // The country stays a mention of its own ("Iraqi forces": Iraq).
                    if let (Some(af), Some(p1)) = (affil, &p1) {
                        if let Some(cur) = cands.get_mut(k) {
                            cur.what = What::Group(r, Some(af));
                            cur.span = p1.span.cover(c.span);
                            cur.how = "name";
                        }
                    } else if g.words.group_pre.contains(lower(buf, prev_word)) && is_cap(prev_word)
                    {
                        let start = c.span.start
                            - (before.len() - before.trim_end().len())
                            - prev_word.len();
                        if let Some(cur) = cands.get_mut(k) {
                            cur.what = What::Group(r, None);
                            cur.span = Span::new(start, c.span.end);
                            cur.how = "name";
                        }
                    } else if let Some(cur) = cands.get_mut(k) {
                        cur.dead = true;
                    }
                }
                RoleClass::Honorific => {
                    if let Some(cur) = cands.get_mut(k) {
                        cur.dead = true;
                    }
                }
                RoleClass::Person => {
                    // A title before a name is taken by the name (later in this pass).
                    let n1 = cands.get(k + 1).filter(|n| !n.dead);
                    let before_name = n1.is_some_and(|n1| {
                        (n1.is_person() && gap(&c, n1).is_empty())
                            || (matches!(n1.what, What::Country(_))
                                && {
                                    let gp = gap(&c, n1).to_lowercase();
                                    gr.genitive.contains(&gp) || gr.posted.contains(&gp)
                                }
                                && cands.get(k + 2).is_some_and(|n2| {
                                    !n2.dead && n2.is_person() && gap(n1, n2).is_empty()
                                }))
                    });
                    if before_name {
                        continue;
                    }
                    // Not followed by a name: a nominal.
                    let (mut country, start) = match (&affil, &p1) {
                        (Some(Affil::Country(ci)), Some(p1)) => (Some(*ci), p1.span.start),
                        _ => (None, c.span.start),
                    };
                    // "the president of Armenia" is Armenia's, whoever was named before (the
                    // mention stays "the president"; Armenia stays a mention of its own).
                    let country_after = country.is_none()
                        && cands.get(k + 1).is_some_and(|n1| {
                            !n1.dead
                                && matches!(n1.what, What::Country(_))
                                && gr.genitive.contains(&gap(&c, n1))
                        });
                    if country_after {
                        if let Some(What::Country(ci)) = cands.get(k + 1).map(|n| &n.what) {
                            country = Some(*ci);
                        }
                    }
                    let head = text.get(..start).unwrap_or("").trim_end();
                    let det = head
                        .rsplit(|ch: char| !ch.is_alphanumeric())
                        .next()
                        .unwrap_or("");
                    let det_l = lower(buf, det).to_string();
                    let has_det = gr.definite.contains(&det_l);
                    if (has_det || country.is_some()) && role.role.is_some() {
                        let span_start = if has_det {
                            head.len() - det.len()
                        } else {
                            start
                        };
                        if let Some(cur) = cands.get_mut(k) {
                            cur.what = What::Nominal(r, country);
                            cur.span = Span::new(span_start, c.span.end);
                            cur.how = "nominal";
                        }
                        // A demonym is part of the nominal; a country's name ("a U.S.
                        // official") stays a mention of the country too.
                        if country.is_some() && !country_after {
                            if let Some(p) = cands.get_mut(k - 1) {
                                if !matches!(p.what, What::Country(_)) {
                                    p.dead = true;
                                }
                            }
                        }
                    } else if let Some(cur) = cands.get_mut(k) {
                        cur.dead = true;
                    }
                }
            }
        }
    }

    /// An organisation's CAMEO code, then its acronym or its parent's (`IGOWSTNAT`,
    /// `NATO`), so that either names it.
    fn org_codes(&self, oi: usize) -> Vec<String> {
        let g = &self.g;
        let Some(org) = g.orgs.get(oi) else {
            return Vec::new();
        };
        let mut codes: Vec<String> = org.cameo.iter().cloned().collect();
        let parent = org
            .parent
            .as_deref()
            .and_then(|p| g.orgs.iter().find(|o| o.canonical == p));
        if let Some(acronym) = org.acronym().or_else(|| parent.and_then(|p| p.acronym())) {
            push_code(&mut codes, acronym.to_string());
        }
        codes
    }

    /// The country's name as it reads after "of": "the United States", "Russia".
    fn country_name(&self, ci: usize) -> String {
        let name = self.g.countries.get(ci).map_or("", |c| c.name.as_str());
        let gr = &self.g.grammar;
        let plural_or_union = gr.article_name_start.strip_word(name).is_some()
            || gr.article_name_end.iter().any(|w| name.ends_with(w));
        if plural_or_union && !gr.no_article_start.iter().any(|w| name.starts_with(w)) {
            format!("the {name}")
        } else {
            name.to_string()
        }
    }

    /// Pass 4: mentions into entities with coreference.
    fn resolve(&self, doc: &Document, cands: &[Cand], buf: &mut String) -> Vec<Entity> {
        let text = doc.text.as_str();
        let g = &self.g;
        let gr = &g.grammar;
        let dct: Option<Date> = doc.dct;
        // Countries of the dispatch rank ambiguous places.
        let mut doc_countries: HashSet<&str> = HashSet::new();
        for c in cands {
            match &c.what {
                What::Country(i) | What::Demonym(i) => {
                    if let Some(c) = g.countries.get(*i) {
                        doc_countries.insert(c.iso3.as_str());
                    }
                }
                What::Place(ps) if c.how == "dateline" => {
                    if let Some(p) = ps.first().and_then(|&p| g.places.get(p)) {
                        doc_countries.insert(p.country.as_str());
                    }
                }
                _ => {}
            }
        }
        // A government title without a country in a dispatch is the dateline country's
        // ("First Deputy Prime Minister Igor Shuvalov" under MOSCOW).
        let dateline_country: Option<usize> = cands
            .iter()
            .find(|c| c.how == "dateline" && matches!(c.what, What::Place(_) | What::Country(_)))
            .and_then(|c| match &c.what {
                What::Country(ci) => Some(*ci),
                What::Place(ps) => ps
                    .iter()
                    .filter_map(|&p| g.places.get(p))
                    .max_by_key(|p| p.weight())
                    .and_then(|p| g.country_by_code.get(&p.country).copied()),
                _ => None,
            });
        let mut ents: Vec<Ent> = Vec::new();
        let mut surnames = SurnameIndex::default();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut prev_live: Option<&Cand> = None;
        // The entity `prev_live` went to.
        let mut prev_target: Option<usize> = None;
        // Acronyms this document defines ("the Eurasian Economic Commission (EEC)"): in it,
        // the acronym is that body, whatever the gazetteer's alias says.
        let mut defined: HashMap<&str, usize> = HashMap::new();
        let mut recency = Recency::default();
        for c in cands.iter().filter(|c| !c.dead) {
            // Every path below that gives a mention its entity sets `prev_target`.
            if let Some(e) = prev_target {
                recency.touch(e, &ents);
            }
            let surface = c.span.slice(text);
            let mention = Mention {
                span: c.span,
                text: surface.to_string(),
                how: Some(c.how.to_string()),
            };
            if let Some(ent) = defined.get(surface).and_then(|&i| ents.get_mut(i)) {
                ent.mentions.push(Mention {
                    how: Some("acronym".into()),
                    ..mention
                });
                ent.last = c.span.start;
                prev_live = Some(c);
                prev_target = defined.get(surface).copied();
                continue;
            }
            let (_, prev_word, next_word) = self.neighbours(doc, c.span);
            let target: Option<usize> = match &c.what {
                What::Country(ci) | What::Demonym(ci) => {
                    let Some(country) = g.countries.get(*ci) else {
                        continue;
                    };
                    let key = format!("c:{}", country.iso3);
                    Some(self.ent(&mut ents, &mut by_key, key, || Ent {
                        canonical: country.name.clone(),
                        kind: EntityKind::Country,
                        codes: {
                            let mut v = vec![country.iso3.clone()];
                            push_code(&mut v, country.cameo.clone());
                            v
                        },
                        country: Some(country.iso3.clone()),
                        geo: Some(Geo {
                            lat: country.lat,
                            lon: country.lon,
                            geonames_id: None,
                        }),
                        ..Ent::blank()
                    }))
                }
                What::Place(ps) => {
                    // Population on a log scale; the dispatch's countries weigh like a
                    // factor of ~7 in population, a capital like ~3.
                    let score = |p: usize| -> f64 {
                        g.places.get(p).map_or(f64::MIN, |pl| {
                            (pl.weight() as f64 + 1.0).ln()
                                + if doc_countries.contains(pl.country.as_str()) {
                                    2.0
                                } else {
                                    0.0
                                }
                                + if pl.capital_of.is_some() { 1.0 } else { 0.0 }
                        })
                    };
                    let best = ps
                        .iter()
                        .copied()
                        .max_by(|&a, &b| score(a).total_cmp(&score(b)));
                    let Some(pi) = best else { continue };
                    let Some(place) = g.places.get(pi) else {
                        continue;
                    };
                    let key = format!("p:{pi}");
                    let e = self.ent(&mut ents, &mut by_key, key, || Ent {
                        canonical: place.name.clone(),
                        kind: EntityKind::Place,
                        country: (!place.country.is_empty()).then(|| place.country.clone()),
                        geo: Some(Geo {
                            lat: place.lat,
                            lon: place.lon,
                            geonames_id: place.geonames_id,
                        }),
                        ..Ent::blank()
                    });
                    // "The Russian Embassy in London": the body's mention also covers the
                    // whole phrase, so that a lookup by the phrase's span finds the body
                    // (the quotes stage takes the overlapping mention ending last).
                    if let (Some(p), Some(pe)) = (prev_live, prev_target) {
                        let joint = text.get(p.span.end..c.span.start).map(str::trim);
                        if c.how != "dateline"
                            && matches!(p.what, What::Org(_) | What::RoleOrg(..) | What::NewOrg)
                            && joint.is_some_and(|j| gr.body_place_prep.contains(j))
                        {
                            let span = p.span.cover(c.span);
                            if let Some(ent) = ents.get_mut(pe) {
                                ent.mentions.push(Mention {
                                    span,
                                    text: span.slice(text).to_string(),
                                    how: Some("phrase".into()),
                                });
                            }
                        }
                    }
                    // A capital acting: "Moscow said", "between Moscow and Washington".
                    if let Some(ci) = place.capital_of.filter(|_| c.how != "dateline") {
                        let prev_between = prev_live.is_some_and(|p| {
                            matches!(p.what, What::Place(_) | What::Country(_))
                                && gr.pair_prep.contains(&self.neighbours(doc, p.span).1)
                        });
                        // "Beijing's position" acts; "Beijing's streets" do not.
                        let after = text.get(c.span.end..).unwrap_or("");
                        let possessive = gr.possessive.strip_prefix(after).is_some_and(|rest| {
                            let noun: String = rest
                                .trim_start()
                                .chars()
                                .take_while(|ch| ch.is_alphabetic())
                                .flat_map(char::to_lowercase)
                                .collect();
                            !noun.is_empty() && !g.words.place_noun.contains(&noun)
                        });
                        // "The Russian Embassy in London said": the capital after a
                        // location preposition is where, not who.
                        let located = g.words.loc_prep.contains(&prev_word);
                        let acting = !located
                            && (g.words.speech.contains(&next_word)
                                || g.words.actor_verb.contains(&next_word)
                                || possessive
                                // "rejected by Moscow": the agent of a passive.
                                || gr.actor_prep.contains(&prev_word)
                                || (gr.coordinator.contains(&prev_word) && prev_between));
                        if acting {
                            if let (Some(ent), Some(country)) =
                                (ents.get_mut(e), g.countries.get(ci))
                            {
                                push_code(&mut ent.codes, format!("{}GOV", country.cameo));
                                ent.mentions.push(Mention {
                                    how: Some("metonymy".into()),
                                    ..mention.clone()
                                });
                                ent.last = c.span.start;
                                prev_live = Some(c);
                                prev_target = Some(e);
                                continue;
                            }
                        }
                    }
                    Some(e)
                }
                What::Org(oi) => {
                    let Some(org) = g.orgs.get(*oi) else { continue };
                    let key = format!("o:{oi}");
                    Some(self.ent(&mut ents, &mut by_key, key, || Ent {
                        canonical: org.canonical.clone(),
                        kind: EntityKind::Organization,
                        codes: self.org_codes(*oi),
                        country: org.country.clone(),
                        ..Ent::blank()
                    }))
                }
                What::Holder(hs) => {
                    let pick = hs
                        .iter()
                        .copied()
                        .find(|&h| {
                            g.holders
                                .get(h)
                                .is_some_and(|h| dct.map_or(h.end.is_none(), |d| h.in_office(d)))
                        })
                        .or_else(|| {
                            hs.iter()
                                .copied()
                                .max_by_key(|&h| g.holders.get(h).and_then(|h| h.start))
                        });
                    let Some(hi) = pick else { continue };
                    Some(self.holder_ent(&mut ents, &mut by_key, hi, dct))
                }
                What::Surname(hs) => {
                    // A person of this document first; else an office holder in office.
                    let earlier = surnames.persons(&ents, &recency, surface).next();
                    match earlier {
                        Some(i) => Some(i),
                        None => match self.pick_surname(hs, c.role, dct, &doc_countries) {
                            Some((hi, titled)) => {
                                let e = self.holder_ent(&mut ents, &mut by_key, hi, dct);
                                // "President Bush" under a date outside his term: the
                                // title says he held the office the text speaks of.
                                if titled {
                                    if let (Some(ent), Some(h)) =
                                        (ents.get_mut(e), g.holders.get(hi))
                                    {
                                        if ent.codes.is_empty() {
                                            ent.codes.extend(h.cameo.iter().cloned());
                                        }
                                    }
                                }
                                Some(e)
                            }
                            // A surname of no holder of the time: a person all the same.
                            None => Some(self.person_ent(
                                &mut ents,
                                &mut by_key,
                                &mut surnames,
                                &recency,
                                surface,
                                c,
                            )),
                        },
                    }
                }
                What::Actor(ai) => {
                    let Some(actor) = self.actors.get(*ai) else {
                        continue;
                    };
                    let code = actor.code_at(dct).map(str::to_string);
                    let key = format!("a:{ai}");
                    let kind = self.actor_kind(actor, code.as_deref());
                    let country = code
                        .as_deref()
                        .and_then(|c| c.get(..3))
                        .and_then(|c| g.country_by_code.get(c))
                        .and_then(|&i| g.countries.get(i))
                        .map(|c| c.iso3.clone());
                    Some(self.ent(&mut ents, &mut by_key, key, || Ent {
                        canonical: title_case(&actor.canonical.to_lowercase()),
                        kind,
                        codes: code.into_iter().collect(),
                        country,
                        ..Ent::blank()
                    }))
                }
                What::Person => Some(self.person_ent(
                    &mut ents,
                    &mut by_key,
                    &mut surnames,
                    &recency,
                    surface,
                    c,
                )),
                What::NewOrg if is_all_caps(surface) => {
                    // "CDC" after "Centers for Disease Control and Prevention".
                    let initials = |name: &str| -> String {
                        name.split_whitespace()
                            .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
                            .collect()
                    };
                    // Among the recently mentioned bodies (the last created first), as
                    // for pronouns: not every body of a long document.
                    let earlier = recency
                        .recent(&ents)
                        .filter(|&i| {
                            ents.get(i).is_some_and(|e| {
                                e.kind == EntityKind::Organization && e.canonical.contains(' ') && {
                                    let i = initials(&e.canonical);
                                    i == surface || (surface.len() >= 3 && i.starts_with(surface))
                                }
                            })
                        })
                        .max();
                    match earlier {
                        Some(i) => {
                            if let Some(ent) = ents.get_mut(i) {
                                ent.mentions.push(Mention {
                                    how: Some("acronym".into()),
                                    ..mention.clone()
                                });
                                ent.last = c.span.start;
                            }
                            prev_live = Some(c);
                            prev_target = Some(i);
                            continue;
                        }
                        None => {
                            let key = format!("n:organization:{}", surface.to_lowercase());
                            Some(self.ent(&mut ents, &mut by_key, key, || Ent {
                                canonical: surface.to_string(),
                                kind: EntityKind::Organization,
                                ..Ent::blank()
                            }))
                        }
                    }
                }
                What::NewOrg | What::NewPlace => {
                    let kind = if c.what == What::NewOrg {
                        EntityKind::Organization
                    } else {
                        EntityKind::Place
                    };
                    let key = format!("n:{}:{}", kind.as_str(), surface.to_lowercase());
                    let country = c.country.and_then(|ci| g.countries.get(ci));
                    Some(self.ent(&mut ents, &mut by_key, key, || Ent {
                        canonical: surface.to_string(),
                        kind,
                        codes: country.map(|c| c.cameo.clone()).into_iter().collect(),
                        country: country.map(|c| c.iso3.clone()),
                        ..Ent::blank()
                    }))
                }
                What::RoleOrg(r, ci) => {
                    let (Some(role), Some(country)) = (g.roles.get(*r), g.countries.get(*ci))
                    else {
                        continue;
                    };
                    let base = role.role.clone().unwrap_or_else(|| role.phrase.clone());
                    let canonical = format!("{base} of {}", self.country_name(*ci));
                    // The same body may be in the organisations list under this name.
                    let key = format!("n:organization:{}", canonical.to_lowercase());
                    let code = role
                        .sector
                        .as_ref()
                        .map(|s| format!("{}{s}", country.cameo));
                    Some(self.ent(&mut ents, &mut by_key, key, || Ent {
                        canonical: canonical.clone(),
                        kind: EntityKind::Organization,
                        codes: code.into_iter().collect(),
                        country: Some(country.iso3.clone()),
                        ..Ent::blank()
                    }))
                }
                What::Group(r, affil) => {
                    let role = g.roles.get(*r);
                    let sector = role.and_then(|r| r.sector.clone());
                    let (code, country) = match affil {
                        Some(Affil::Country(ci)) => {
                            let c = g.countries.get(*ci);
                            (
                                c.map(|c| {
                                    format!("{}{}", c.cameo, sector.clone().unwrap_or_default())
                                }),
                                c.map(|c| c.iso3.clone()),
                            )
                        }
                        Some(Affil::Org(oi)) => {
                            let o = g.orgs.get(*oi);
                            (
                                o.and_then(|o| o.cameo.clone()),
                                o.and_then(|o| o.country.clone()),
                            )
                        }
                        None => (None, None),
                    };
                    let mut canonical = surface;
                    while let Some(rest) = gr.definite.strip_word(canonical) {
                        canonical = rest;
                    }
                    let canonical = canonical.to_string();
                    let key = format!("g:{}", canonical.to_lowercase());
                    Some(self.ent(&mut ents, &mut by_key, key, || Ent {
                        canonical: canonical.clone(),
                        kind: EntityKind::Group,
                        codes: code.into_iter().collect(),
                        country,
                        ..Ent::blank()
                    }))
                }
                What::Nominal(r, country) => self.nominal_target(
                    &mut ents,
                    &recency,
                    &mut by_key,
                    *r,
                    *country,
                    dct,
                    c.span.start,
                    dateline_country,
                ),
                What::Pronoun(p) => {
                    self.pronoun_target(doc, &ents, &recency, *p, c.span, &next_word, buf)
                }
                What::Role(_) | What::Unknown => None,
            };
            let Some(e) = target else { continue };
            // Only a body the gazetteers know (it has codes) redefines an acronym: an
            // unknown name whose initials spell a known acronym ("Free Syrian Army (FSA)"
            // when only FSA is listed) is more likely that body under a new name.
            let body = ents
                .get(e)
                .is_some_and(|ent| ent.kind == EntityKind::Organization && !ent.codes.is_empty());
            if let Some(acronym) = defined_acronym(text, c.span).filter(|_| body) {
                defined.entry(acronym).or_insert(e);
            }
            if let (Some(ai), Some(ent)) = (c.actor, ents.get_mut(e)) {
                if let Some(code) = self.actors.get(ai).and_then(|a| a.code_at(dct)) {
                    if !ent.codes.iter().any(|x| x == code) {
                        ent.codes.insert(0, code.to_string());
                    }
                }
            }
            // Role and affiliation from the title, for persons.
            if let (Some(r), Some(ent)) = (c.role, ents.get_mut(e)) {
                if ent.kind == EntityKind::Person {
                    if let Some(role) = g.roles.get(r) {
                        let government = matches!(role.sector.as_deref(), Some("GOV" | "MIL"));
                        // The person's own country (an office holder's) before the
                        // dateline's: "President Bush" under a CAIRO dateline.
                        let own = ent
                            .country
                            .as_ref()
                            .and_then(|iso| g.country_by_code.get(iso).copied());
                        let c = &Cand {
                            country: c
                                .country
                                .or(own)
                                .or(dateline_country.filter(|_| government)),
                            ..c.clone()
                        };
                        if let Some(base) = &role.role {
                            if ent.role.is_none() {
                                ent.role_base = Some(base.clone());
                                ent.role = Some(match c.country {
                                    Some(ci) => format!("{base} of {}", self.country_name(ci)),
                                    None => base.clone(),
                                });
                            }
                            if let Some(ci) = c.country {
                                if let Some(country) = g.countries.get(ci) {
                                    // A role of no sector ("Palestinian scholar X") still
                                    // gives the country.
                                    if ent.codes.is_empty() {
                                        let sector = role.sector.as_deref().unwrap_or("");
                                        push_code(
                                            &mut ent.codes,
                                            format!("{}{sector}", country.cameo),
                                        );
                                    }
                                    if ent.country.is_none() {
                                        ent.country = Some(country.iso3.clone());
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if let Some(ent) = ents.get_mut(e) {
                if c.gender != Gender::Unknown && ent.gender == Gender::Unknown {
                    ent.gender = c.gender;
                }
                if ent.kind == EntityKind::Person
                    && (g.words.speech.contains(&next_word)
                        || gr.speech_before.contains(&prev_word))
                {
                    ent.speaker_at = Some(c.span.start);
                }
                if !ent.mentions.iter().any(|m| m.span == c.span) {
                    ent.mentions.push(mention);
                }
                ent.last = ent.last.max(c.span.start);
            }
            prev_live = Some(c);
            prev_target = Some(e);
        }
        let mut ents: Vec<Ent> = ents
            .into_iter()
            .filter(|e| !e.mentions.is_empty())
            .collect();
        for e in &mut ents {
            e.mentions.sort_by_key(|m| m.span);
        }
        ents.sort_by_key(|e| e.mentions.first().map(|m| m.span));
        ents.into_iter()
            .enumerate()
            .map(|(i, e)| Entity {
                id: format!("e{}", i + 1),
                canonical: e.canonical,
                kind: e.kind,
                codes: e.codes,
                role: e.role,
                country: e.country,
                geo: e.geo,
                mentions: e.mentions,
            })
            .collect()
    }

    /// The office holder a bare surname names: one in office at the dispatch date (the
    /// title's office and the dispatch's countries first); else, after a title, the
    /// holder of that office nearest in time. The flag says the title chose.
    fn pick_surname(
        &self,
        hs: &[usize],
        title: Option<usize>,
        dct: Option<Date>,
        doc_countries: &HashSet<&str>,
    ) -> Option<(usize, bool)> {
        let g = &self.g;
        let title_role = title
            .and_then(|r| g.roles.get(r))
            .and_then(|r| r.role.as_deref())
            .map(str::to_lowercase);
        let fits = |h: &crate::gazetteer::Holder| {
            title_role
                .as_deref()
                .is_some_and(|t| h.role.to_lowercase().ends_with(t))
        };
        // A title that is an office of its own ("King Hussein") names no holder of
        // another office; a vaguer one ("leader Putin") may.
        let specific = title_role
            .as_deref()
            .is_some_and(|t| self.holder_roles.contains(t));
        let in_office = hs
            .iter()
            .copied()
            .filter(|&h| {
                g.holders.get(h).is_some_and(|h| {
                    dct.map_or(h.end.is_none(), |d| h.in_office(d)) && (!specific || fits(h))
                })
            })
            .max_by_key(|&h| {
                g.holders.get(h).map_or((false, false), |h| {
                    (fits(h), doc_countries.contains(h.affiliation.as_str()))
                })
            });
        if let Some(h) = in_office {
            return Some((h, false));
        }
        title_role.as_ref()?;
        let distance = |h: &crate::gazetteer::Holder| -> i64 {
            let (Some(d), Some(start)) = (dct, h.start) else {
                return 0;
            };
            let from = start.to_days() - d.to_days();
            let to = h.end.map_or(0, |e| d.to_days() - e.to_days());
            from.max(to).max(0)
        };
        hs.iter()
            .copied()
            .filter(|&h| g.holders.get(h).is_some_and(fits))
            .min_by_key(|&h| {
                g.holders.get(h).map_or((true, i64::MAX), |h| {
                    (!doc_countries.contains(h.affiliation.as_str()), distance(h))
                })
            })
            .map(|h| (h, true))
    }

    fn ent(
        &self,
        ents: &mut Vec<Ent>,
        by_key: &mut HashMap<String, usize>,
        key: String,
        make: impl FnOnce() -> Ent,
    ) -> usize {
        if let Some(&i) = by_key.get(&key) {
            return i;
        }
        let mut e = make();
        e.key = key.clone();
        ents.push(e);
        by_key.insert(key, ents.len() - 1);
        ents.len() - 1
    }

    fn holder_ent(
        &self,
        ents: &mut Vec<Ent>,
        by_key: &mut HashMap<String, usize>,
        hi: usize,
        dct: Option<Date>,
    ) -> usize {
        let g = &self.g;
        let Some(h) = g.holders.get(hi) else { return 0 };
        let key = format!("h:{}", h.name.to_lowercase());
        let in_office = dct.map_or(h.end.is_none(), |d| h.in_office(d));
        let country = g
            .country_by_code
            .get(&h.affiliation)
            .and_then(|&i| g.countries.get(i));
        let affiliation = match g.country_by_code.get(&h.affiliation) {
            Some(&ci) => self.country_name(ci),
            None => h.affiliation.clone(),
        };
        self.ent(ents, by_key, key, || Ent {
            canonical: h.name.clone(),
            kind: EntityKind::Person,
            codes: if in_office {
                h.cameo.iter().cloned().collect()
            } else {
                Vec::new()
            },
            role: in_office.then(|| format!("{} of {affiliation}", h.role)),
            role_base: in_office.then(|| h.role.clone()),
            country: country.map(|c| c.iso3.clone()),
            gender: h.gender,
            ..Ent::blank()
        })
    }

    fn person_ent(
        &self,
        ents: &mut Vec<Ent>,
        by_key: &mut HashMap<String, usize>,
        surnames: &mut SurnameIndex,
        recency: &Recency,
        surface: &str,
        c: &Cand,
    ) -> usize {
        let words: Vec<&str> = surface.split_whitespace().collect();
        let last = words.last().copied().unwrap_or("");
        let first = words.first().copied().unwrap_or("");
        // A later surname, or the full name again with a different first-name form.
        let by_surname = surnames.persons(ents, recency, last).next();
        let found = if words.len() == 1 {
            // The person of this surname, or else one of the same first name named by
            // its surname elsewhere, the latest of either.
            let by_first = (c.how == "surname")
                .then(|| {
                    ents.iter().rposition(|e| {
                        let mut ew = e.canonical.split_whitespace();
                        e.kind == EntityKind::Person
                            && ew.next() == Some(first)
                            && ew.next().is_some()
                    })
                })
                .flatten();
            by_surname.max(by_first)
        } else {
            surnames.persons(ents, recency, last).find(|&i| {
                ents[i]
                    .canonical
                    .split_whitespace()
                    .next()
                    .is_some_and(|f| f.chars().next() == first.chars().next())
            })
        };
        if let Some(i) = found {
            return i;
        }
        let key = format!("n:person:{}", surface.to_lowercase());
        self.ent(ents, by_key, key, || Ent {
            canonical: surface.to_string(),
            kind: EntityKind::Person,
            gender: c.gender,
            ..Ent::blank()
        })
    }

    fn actor_kind(&self, actor: &Actor, code: Option<&str>) -> EntityKind {
        let words: Vec<&str> = actor.canonical.split(' ').collect();
        let code = code.unwrap_or("");
        if code.len() == 3 && self.g.country_by_code.contains_key(code) {
            return EntityKind::Country;
        }
        let org_word = words
            .iter()
            .any(|w| self.g.words.org_head.contains(&w.to_lowercase()));
        // "HAMAS GUNMEN", "ISRAELI TROOPS": a group noun last.
        let last = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
        let group_noun = last.ends_with("men")
            || self.g.roles.iter().any(|r| {
                r.class == RoleClass::Group
                    && r.phrase.split(' ').next_back() == Some(last.as_str())
            });
        if words.len() >= 2 && group_noun {
            return EntityKind::Group;
        }
        if (2..=4).contains(&words.len()) && !org_word {
            EntityKind::Person
        } else {
            EntityKind::Organization
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn nominal_target(
        &self,
        ents: &mut Vec<Ent>,
        recency: &Recency,
        by_key: &mut HashMap<String, usize>,
        r: usize,
        country: Option<usize>,
        dct: Option<Date>,
        at: usize,
        dateline_country: Option<usize>,
    ) -> Option<usize> {
        let g = &self.g;
        let role = g.roles.get(r)?;
        let base = role.role.as_deref()?;
        let iso = country
            .and_then(|ci| g.countries.get(ci))
            .map(|c| c.iso3.as_str());
        let compatible = |e: &Ent| -> bool {
            if e.kind != EntityKind::Person {
                return false;
            }
            if let (Some(iso), Some(ec)) = (iso, e.country.as_deref()) {
                if iso != ec {
                    return false;
                }
            }
            let Some(er) = e.role_base.as_deref() else {
                return false;
            };
            // "the minister" is a Minister of Foreign Affairs or a Deputy Prime Minister;
            // "the president" is not the President's press secretary.
            let gr = &g.grammar;
            er == base
                || er.starts_with(base)
                || (er.ends_with(base) && !gr.genitive.inside(er))
                || (gr.diplomat_title.contains(base)
                    && gr.diplomatic_office.iter().any(|o| er.contains(o)))
                || gr.vague_title.contains(base)
        };
        // Among the compatible people, one of the country said ("the Russian diplomat")
        // before one of no known country, then one whose title is the description's
        // own ("the minister": a Minister for EU Affairs before a Prime Minister), then
        // the most recent.
        let rank = |e: &Ent| {
            let same_country = iso.is_some() && e.country.as_deref() == iso;
            let own_title = e
                .role_base
                .as_deref()
                .is_some_and(|er| er == base || er.starts_with(base));
            (same_country, own_title, e.last)
        };
        if let Some(i) = recency
            .recent(ents)
            .filter(|&i| ents.get(i).is_some_and(|e| e.last < at && compatible(e)))
            .max_by_key(|&i| ents.get(i).map(rank))
        {
            return Some(i);
        }
        // No country: a government title in a dispatch is the dateline country's.
        let government = matches!(role.sector.as_deref(), Some("GOV" | "MIL"));
        let iso = match iso {
            Some(iso) => iso,
            None => dateline_country
                .filter(|_| government)
                .and_then(|ci| g.countries.get(ci))
                .map(|c| c.iso3.as_str())?,
        };
        if let Some(hi) = g.holder_for(base, iso, dct) {
            return Some(self.holder_ent(ents, by_key, hi, dct));
        }
        // No known holder: the office itself ("the Armenian president"), with its code,
        // when the country was said (not guessed from the dateline) and the title is an
        // office one person holds (not "a Russian official": many are).
        let ci = country?;
        let c = g.countries.get(ci)?;
        if !self.holder_roles.contains(&base.to_lowercase()) {
            return None;
        }
        let role_name = format!("{base} of {}", self.country_name(ci));
        let key = format!("r:{}", role_name.to_lowercase());
        Some(self.ent(ents, by_key, key, || {
            Ent {
                canonical: role_name.clone(),
                kind: EntityKind::Person,
                codes: role
                    .sector
                    .as_ref()
                    .map(|s| format!("{}{s}", c.cameo))
                    .into_iter()
                    .collect(),
                role: Some(role_name.clone()),
                role_base: Some(base.to_string()),
                country: Some(c.iso3.clone()),
                gender: role.gender,
                ..Ent::blank()
            }
        }))
    }

    #[allow(clippy::too_many_arguments)]
    fn pronoun_target(
        &self,
        doc: &Document,
        ents: &[Ent],
        recency: &Recency,
        p: Pronoun,
        span: Span,
        next_word: &str,
        buf: &mut String,
    ) -> Option<usize> {
        let text = doc.text.as_str();
        let here = doc.sentence_at(span.start);
        let near = |e: &Ent| match (here, doc.sentence_at(e.last)) {
            (Some(h), Some(s)) => h <= s + 1,
            _ => false,
        };
        let word = lower(buf, span.slice(text)).to_string();
        match p.refers {
            PronounRef::Person => {
                let after_quote = text
                    .get(..span.start)
                    .unwrap_or("")
                    .trim_end()
                    .ends_with(['"', '”', '\'', '’']);
                let ok = |e: &Ent| {
                    e.kind == EntityKind::Person
                        && e.gender.compatible(p.gender)
                        && e.last < span.start
                };
                let recent = || recency.recent(ents).filter_map(|i| Some((i, ents.get(i)?)));
                if after_quote && self.g.words.speech.contains(next_word) {
                    if let Some((i, _)) = recent()
                        .filter(|(_, e)| ok(e) && e.speaker_at.is_some_and(|s| s < span.start))
                        .max_by_key(|(_, e)| e.speaker_at)
                    {
                        return Some(i);
                    }
                }
                recent()
                    .filter(|(_, e)| ok(e))
                    .max_by_key(|(_, e)| e.last)
                    .map(|(i, _)| i)
            }
            PronounRef::Thing => {
                if self.g.grammar.expletive_subject.contains(&word)
                    && self.g.words.expletive.contains(next_word)
                {
                    return None;
                }
                recency
                    .recent(ents)
                    .filter_map(|i| Some((i, ents.get(i)?)))
                    .filter(|(_, e)| {
                        matches!(e.kind, EntityKind::Organization | EntityKind::Country)
                            && e.last < span.start
                            && near(e)
                    })
                    .max_by_key(|(_, e)| e.last)
                    .map(|(i, _)| i)
            }
            PronounRef::Any => recency
                .recent(ents)
                .filter_map(|i| Some((i, ents.get(i)?)))
                .filter(|(_, e)| e.kind == EntityKind::Group && e.last < span.start && near(e))
                .max_by_key(|(_, e)| e.last)
                .map(|(i, _)| i),
        }
    }
}

impl Ent {
    fn blank() -> Ent {
        Ent {
            key: String::new(),
            canonical: String::new(),
            kind: EntityKind::Person,
            codes: Vec::new(),
            role: None,
            role_base: None,
            country: None,
            geo: None,
            gender: Gender::Unknown,
            mentions: Vec::new(),
            last: 0,
            speaker_at: None,
        }
    }
}
