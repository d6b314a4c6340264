//! Resolving speaker phrases to entities.
//!
//! The entity stage runs before this one and links names, titles, pronouns and nominals
//! to entities; a speaker phrase is resolved to the entity with a mention overlapping it
//! (the mention nearest the cue wins). When the entity stage left the phrase unlinked:
//! - `he`, `she`, `I` → the latest person speaker of the last paragraphs, else the latest
//!   person mentioned outside quotations;
//! - `it`, `they`, `we` → the latest organisation or country speaker, else mention;
//! - a nominal (`the minister`, `the Russian top diplomat`) → the latest person whose
//!   role fits the head noun (`words.tsv`, class `nominal`), else the latest person
//!   speaker;
//! - anything else stays as written, unresolved (`a source in the delegation`).

use crate::attribute::{Candidate, SpeakerRef};
use crate::lexicon::{Lexicon, PronounKind, NOMINAL};
use crate::marks::Segment;
use annalist_core::{Document, EntityKind, Quote, Span, Speaker};

/// How many paragraphs back a pronoun or an inherited speaker may reach.
const SPEAKER_REACH: usize = 3;

/// A resolved speaker with where it was last seen.
#[derive(Clone, Debug)]
struct Seen {
    speaker: Speaker,
    entity: Option<usize>,
    paragraph: usize,
}

/// Entity mentions sorted by start, for overlap and "latest before" queries.
struct Mentions {
    list: Vec<(Span, usize)>,
}

impl Mentions {
    fn new(doc: &Document) -> Mentions {
        let mut list: Vec<(Span, usize)> = doc
            .entities
            .iter()
            .enumerate()
            .flat_map(|(e, entity)| entity.mentions.iter().map(move |m| (m.span, e)))
            .collect();
        list.sort_unstable();
        Mentions { list }
    }

    /// The entity with a mention overlapping `span`; the one ending last (the head of
    /// `Russian Foreign Minister Sergey Lavrov`), persons first on ties.
    fn overlapping(&self, doc: &Document, span: Span) -> Option<usize> {
        let upto = self.list.partition_point(|(m, _)| m.start < span.end);
        self.list
            .get(..upto)?
            .iter()
            .rev()
            .take(64)
            .filter(|(m, _)| m.overlaps(span))
            .max_by_key(|(m, e)| {
                let person = doc
                    .entities
                    .get(*e)
                    .is_some_and(|x| x.kind == EntityKind::Person);
                (m.end, person)
            })
            .map(|&(_, e)| e)
    }

    /// The first person, organisation, country or group mention inside `clause`, outside
    /// quotations (the clause's subject).
    fn first_in(&self, doc: &Document, clause: Span, quoted: &[Segment]) -> Option<(Span, usize)> {
        let from = self.list.partition_point(|(m, _)| m.start < clause.start);
        self.list
            .get(from..)?
            .iter()
            .take_while(|(m, _)| m.end <= clause.end)
            .find_map(|&(m, e)| {
                let at = quoted.partition_point(|s| s.content.end <= m.start);
                let inside = quoted.get(at).is_some_and(|s| s.content.contains(m));
                (!inside && (is_person(doc, e) || is_collective(doc, e))).then_some((m, e))
            })
    }

    /// The latest mention before `offset`, outside quotations, of an entity `fits`.
    fn latest_before(
        &self,
        offset: usize,
        quoted: &[Segment],
        fits: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let upto = self.list.partition_point(|(m, _)| m.start < offset);
        self.list.get(..upto)?.iter().rev().find_map(|&(m, e)| {
            let at = quoted.partition_point(|s| s.content.end <= m.start);
            let inside = quoted.get(at).is_some_and(|s| s.content.contains(m));
            (!inside && m.end <= offset && fits(e)).then_some(e)
        })
    }
}

fn paragraph_of(doc: &Document, offset: usize) -> usize {
    doc.paragraphs.partition_point(|p| p.end <= offset)
}

fn kind_of(doc: &Document, e: usize) -> Option<EntityKind> {
    doc.entities.get(e).map(|x| x.kind)
}

fn is_person(doc: &Document, e: usize) -> bool {
    kind_of(doc, e) == Some(EntityKind::Person)
}

fn is_collective(doc: &Document, e: usize) -> bool {
    matches!(
        kind_of(doc, e),
        Some(EntityKind::Organization | EntityKind::Country | EntityKind::Group)
    )
}

fn speaker_for(doc: &Document, entity: Option<usize>, span: Span) -> Speaker {
    Speaker {
        entity: entity
            .and_then(|e| doc.entities.get(e))
            .map(|x| x.id.clone()),
        text: doc.slice(span).to_string(),
        span: Some(span),
    }
}

/// Turns candidates (in any order) into quotes sorted by span, speakers resolved.
pub fn resolve(
    doc: &Document,
    lex: &Lexicon,
    segments: &[Segment],
    mut candidates: Vec<Candidate>,
) -> Vec<Quote> {
    candidates.sort_by_key(|c| (c.position(), c.span.start));
    let mentions = Mentions::new(doc);
    let mut latest: Option<Seen> = None;
    let mut latest_person: Option<Seen> = None;
    let mut latest_collective: Option<Seen> = None;
    let mut quotes = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        let paragraph = paragraph_of(doc, candidate.position());
        let recent = |seen: &Option<Seen>| {
            seen.as_ref()
                .filter(|s| s.paragraph + SPEAKER_REACH >= paragraph)
                .cloned()
        };
        // A clause subject is its first mention, else its leading phrase.
        let speaker_ref = match candidate.speaker {
            SpeakerRef::Subject(clause, phrase) => match mentions.first_in(doc, clause, segments) {
                Some((span, _)) => SpeakerRef::Phrase(span),
                None => phrase.map_or(SpeakerRef::Inherit, SpeakerRef::Phrase),
            },
            other => other,
        };
        let speaker = match speaker_ref {
            // The inherited speaker keeps the span of the phrase that named it.
            SpeakerRef::Inherit | SpeakerRef::Subject(..) => recent(&latest).map(|s| s.speaker),
            SpeakerRef::Phrase(span) => {
                let text = doc.slice(span);
                let words: Vec<&str> = text.split_whitespace().collect();
                let head = words.last().copied().unwrap_or("");
                let info = lex.word(head);
                let pronoun = words.len() == 1 && info.is_some_and(|i| i.pronoun.is_some());
                // A pronoun speaker's antecedent is named in the narrative, not only inside
                // what someone is quoted as saying: an entity stage link to an entity never
                // mentioned outside quotations before the pronoun gives way to the speakers
                // in view.
                // A description's head noun says who speaks: in "the Russian NATO
                // ambassador" NATO only modifies the ambassador.
                let nominal_head = words.len() > 1
                    && info.is_some_and(|i| i.flags & NOMINAL != 0 && !i.roles.is_empty());
                let head_end = span.start + text.trim_end().len();
                let head_span = Span::new(head_end.saturating_sub(head.len()), head_end);
                let linked = mentions.overlapping(doc, span).filter(|&e| {
                    (!pronoun
                        || mentions
                            .latest_before(span.start, segments, |x| x == e)
                            .is_some())
                        && (!nominal_head
                            || doc.entities.get(e).is_some_and(|x| {
                                x.mentions.iter().any(|m| m.span.overlaps(head_span))
                            }))
                });
                let entity = linked.or_else(|| match info.and_then(|i| i.pronoun) {
                    Some(PronounKind::Person) if words.len() == 1 => {
                        recent(&latest_person).and_then(|s| s.entity).or_else(|| {
                            mentions.latest_before(span.start, segments, |e| is_person(doc, e))
                        })
                    }
                    Some(_) if words.len() == 1 => recent(&latest_collective)
                        .and_then(|s| s.entity)
                        .or_else(|| {
                            mentions.latest_before(span.start, segments, |e| is_collective(doc, e))
                        }),
                    _ => match info.filter(|i| i.flags & NOMINAL != 0) {
                        Some(nominal) if !nominal.roles.is_empty() => mentions
                            .latest_before(span.start, segments, |e| {
                                is_person(doc, e) && role_fits(doc, e, &nominal.roles)
                            })
                            .or_else(|| recent(&latest_person).and_then(|s| s.entity)),
                        _ => None,
                    },
                });
                Some(speaker_for(doc, entity, span))
            }
        };
        if let Some(speaker) = &speaker {
            let entity = speaker
                .entity
                .as_deref()
                .and_then(|id| doc.entities.iter().position(|x| x.id == id));
            let seen = Seen {
                speaker: speaker.clone(),
                entity,
                paragraph,
            };
            match entity {
                Some(e) if is_person(doc, e) => latest_person = Some(seen.clone()),
                Some(e) if is_collective(doc, e) => latest_collective = Some(seen.clone()),
                _ => {}
            }
            latest = Some(seen);
        }
        let addressee = candidate
            .addressee
            .map(|span| speaker_for(doc, mentions.overlapping(doc, span), span));
        quotes.push(Quote {
            span: candidate.span,
            text: doc.slice(candidate.span).to_string(),
            kind: candidate.kind,
            cue: candidate.cue.map(|span| doc.text_span(span)),
            speaker,
            addressee,
        });
    }
    quotes.sort_by_key(|q| (q.span.start, q.span.end));
    quotes
}

fn role_fits(doc: &Document, e: usize, keywords: &[String]) -> bool {
    let Some(role) = doc.entities.get(e).and_then(|x| x.role.as_deref()) else {
        return false;
    };
    let role = role.to_ascii_lowercase();
    keywords.iter().any(|k| role.contains(k.as_str()))
}
