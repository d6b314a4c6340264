//! annalist-events: PLOVER/CAMEO events with actors, recipients, places and dates.
//!
//! The stage reads the layers before it (sentences and tokens, timexes, entities,
//! quotations) and adds `doc.events`:
//!
//! 1. [`lexicon`]: the trigger lexicon (`data/events/triggers.tsv`), the CAMEO table with
//!    PLOVER types, Goldstein scores and QuadClasses (`cameo.tsv`), the intention map
//!    (`intent.tsv`) and group nouns (`groups.tsv`), compiled once into one Aho-Corasick
//!    automaton; the closed-class words the engine reasons with (negations, modals,
//!    prepositions, determiners, coordinators...) are data too ([`grammar`],
//!    `grammar.tsv`).
//! 2. [`analyse`]: per sentence, trigger matches, their constraints, and their arguments
//!    searched in the clause: actor, recipients, place, date, quotation, negation, modality.
//!    [`refine`] replaces window guesses with the parse's arguments, and [`parties`]
//!    puts the dispatch's two parties for "the sides", "the two countries".
//! 3. [`merge`]: mentions of one real event folded into one event.
//! 4. [`codes`]: an entity's actor code and country as the scorers compare them (the
//!    GDELT and PLOVER exports are in `annalist-export`).
//! 5. [`context`]: a country for arguments the entity stage left uncoded ("President
//!    Museveni ... Ugandan opposition").
//!
//! Event types are PLOVER's, `STATEMENT` for CAMEO 01 (which PLOVER lacks), and `OTHER`
//! for codes outside CAMEO that a user's verb dictionary may bring.
//!
//! With a user's PETRARCH/TABARI dictionaries ([`petrarch`]): verb patterns (words around
//! the verb, synsets, source/target marks, compound actors, `[code:reverse]` pairs) select
//! the code and may place the arguments; agents (`POLICE [~COP]`) compose with a country's
//! code ("Gondor police": GONCOP); [`EventRecogniser::only_verb_dictionaries`] codes with
//! the dictionary alone, as PETRARCH does.
//!
//! Announced deeds are coded as intentions ("will give aid" is CAMEO 033, PLOVER AGREE;
//! "would boycott" a threat), as CAMEO does.

pub mod analyse;
pub mod coder;
pub mod codes;
pub mod confidence;
pub mod context;
pub mod frames;
pub mod grammar;
pub mod lexicon;
pub mod merge;
pub mod parties;
pub mod petrarch;
pub mod refine;

use analyse::{Analysis, Arg};
use annalist_core::{Document, Entity, EntityKind, Event, EventMention, Mention, Recogniser};
use lexicon::Lexicons;
use std::collections::HashMap;

/// A data file that does not load.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(pub String);

impl Error {
    pub(crate) fn data(file: &str, line: usize, message: &str) -> Error {
        Error(format!("data/events/{file}:{line}: {message}"))
    }
}

impl From<annalist_core::lexicon::LexiconError> for Error {
    fn from(e: annalist_core::lexicon::LexiconError) -> Error {
        Error(format!("data/events/{e}"))
    }
}

/// The event recogniser: lexicons compiled once, shared read-only across threads.
pub struct EventRecogniser {
    lex: Lexicons,
    frames: frames::FrameLexicon,
    /// Which engine finds the candidates.
    engine: Engine,
    /// A user's verb dictionaries are loaded.
    dictionaries: bool,
    weights: confidence::Weights,
    /// Events whose confidence is below this are left out.
    min_confidence: f32,
}

/// How event mentions are found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Engine {
    /// The frame coder over the dependency parse ([`coder`]); documents without a
    /// language layer fall back to surface triggers.
    Frames,
    /// Surface triggers and clause segments ([`analyse`]): the default, and what a
    /// user's PETRARCH dictionaries, written as surface patterns, are read with.
    #[default]
    Surface,
}

impl std::str::FromStr for Engine {
    type Err = String;
    fn from_str(s: &str) -> Result<Engine, String> {
        match s {
            "frames" => Ok(Engine::Frames),
            "surface" => Ok(Engine::Surface),
            _ => Err(format!("unknown event engine `{s}` (frames, surface)")),
        }
    }
}

impl EventRecogniser {
    pub fn new() -> Result<EventRecogniser, Error> {
        let weights = confidence::Weights::embedded()?;
        Ok(EventRecogniser {
            lex: lexicon::embedded()?,
            frames: frames::FrameLexicon::embedded()?,
            engine: Engine::default(),
            dictionaries: false,
            min_confidence: weights.threshold,
            weights,
        })
    }

    /// The recogniser finding events with `engine`. A user's verb dictionaries are
    /// surface patterns: with them the surface engine is kept.
    pub fn with_engine(mut self, engine: Engine) -> EventRecogniser {
        if !self.dictionaries {
            self.engine = engine;
        }
        self
    }

    /// The recogniser keeping only events of at least `min` confidence (0 keeps every
    /// event; the default is `confidence.tsv`'s threshold).
    pub fn with_min_confidence(mut self, min: f32) -> EventRecogniser {
        self.min_confidence = min;
        self
    }

    /// The recogniser with PETRARCH/TABARI verb dictionaries: their verbs and patterns
    /// come first, and replace the built-in triggers with the same forms.
    pub fn with_verb_dictionaries(
        paths: &[impl AsRef<std::path::Path>],
    ) -> Result<EventRecogniser, Error> {
        Self::from_verb_dictionaries(paths, true)
    }

    /// The recogniser that codes with PETRARCH/TABARI verb dictionaries alone, as
    /// PETRARCH does: the built-in triggers (nouns such as "talks" among them) are left
    /// out.
    pub fn only_verb_dictionaries(
        paths: &[impl AsRef<std::path::Path>],
    ) -> Result<EventRecogniser, Error> {
        Self::from_verb_dictionaries(paths, false)
    }

    fn from_verb_dictionaries(
        paths: &[impl AsRef<std::path::Path>],
        builtin: bool,
    ) -> Result<EventRecogniser, Error> {
        let mut lex = lexicon::embedded()?;
        let dictionary = petrarch::load_verbs(paths, lex.grammar.words(grammar::DICTIONARY_SLOT))?;
        let taken: std::collections::HashSet<&String> =
            dictionary.iter().flat_map(|t| &t.forms).collect();
        let mut rows: Vec<(Vec<String>, lexicon::Entry)> = dictionary
            .iter()
            .map(|t| (t.forms.clone(), t.entry.clone()))
            .collect();
        let builtin_rows = if builtin {
            lexicon::Triggers::parse_rows(lexicon::TRIGGER_FILE)?
        } else {
            Vec::new()
        };
        for (forms, entry) in builtin_rows {
            let free: Vec<String> = forms.into_iter().filter(|f| !taken.contains(f)).collect();
            if !free.is_empty() {
                rows.push((free, entry));
            }
        }
        lex.triggers = lexicon::Triggers::build(rows)?;
        let weights = confidence::Weights::embedded()?;
        Ok(EventRecogniser {
            lex,
            frames: frames::FrameLexicon::embedded()?,
            engine: Engine::Surface,
            dictionaries: true,
            min_confidence: weights.threshold,
            weights,
        })
    }

    /// Adds the agents of PETRARCH agents dictionaries (`POLICE [~COP]`) to the group
    /// nouns: a country's agent is coded country + sector ("Gondor police": GONCOP).
    pub fn with_agent_dictionaries(
        mut self,
        paths: &[impl AsRef<std::path::Path>],
    ) -> Result<EventRecogniser, Error> {
        for agent in petrarch::load_agents(paths)? {
            for form in agent.forms {
                let Some((head, before)) = form.split_last() else {
                    continue;
                };
                let noun =
                    self.lex
                        .groups
                        .entry(head.clone())
                        .or_insert_with(|| lexicon::GroupNoun {
                            relational: false,
                            sector: None,
                            phrases: Vec::new(),
                        });
                if before.is_empty() {
                    noun.sector = Some(agent.sector.clone());
                } else {
                    noun.phrases.push((before.to_vec(), agent.sector.clone()));
                    noun.phrases
                        .sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
                }
            }
        }
        Ok(self)
    }

    /// The CAMEO table (PLOVER type, Goldstein, QuadClass per code).
    pub fn cameo(&self) -> &lexicon::CameoTable {
        &self.lex.cameo
    }
}

/// Entity ids of event arguments; group phrases become entities when first used.
struct Ids<'g> {
    groups: &'g [analyse::GroupPhrase],
    group_ids: Vec<Option<String>>,
    next: usize,
    new_entities: Vec<Entity>,
}

impl Ids<'_> {
    fn id_of(&mut self, arg: Arg, doc: &Document) -> Option<String> {
        match arg {
            Arg::Entity(e) => doc.entities.get(e).map(|x| x.id.clone()),
            Arg::Group(g) => {
                if let Some(id) = self.group_ids.get(g)?.clone() {
                    return Some(id);
                }
                let group = self.groups.get(g)?;
                let id = format!("e{}", self.next);
                self.next += 1;
                self.new_entities.push(Entity {
                    id: id.clone(),
                    canonical: group.canonical.clone(),
                    kind: EntityKind::Group,
                    // A country's group of no known sector is coded as its country,
                    // as CAMEO codes an agent it cannot type.
                    codes: match (&group.country, &group.sector) {
                        (Some(c), Some(s)) => vec![format!("{c}{s}")],
                        (Some(c), None) => vec![c.clone()],
                        _ => group.sector.iter().cloned().collect(),
                    },
                    role: None,
                    country: group.country.clone(),
                    geo: None,
                    mentions: group
                        .mentions
                        .iter()
                        .map(|s| Mention {
                            span: *s,
                            text: doc.slice(*s).to_string(),
                            how: Some("event-argument".to_string()),
                        })
                        .collect(),
                });
                if let Some(slot) = self.group_ids.get_mut(g) {
                    *slot = Some(id.clone());
                }
                Some(id)
            }
        }
    }
}

/// A place entity for the dateline city when the entity stage made none ("MOSCOW" →
/// Moscow), created once per document.
fn dateline_entity(
    doc: &Document,
    new_entities: &mut Vec<Entity>,
    next: &mut usize,
) -> Option<String> {
    let dateline = doc.dateline.as_ref()?;
    if let Some(e) = new_entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.span == dateline.place_span))
    {
        return Some(e.id.clone());
    }
    let written = doc.slice(dateline.place_span);
    let canonical: String = written
        .split(' ')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |f| {
                f.to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ");
    if canonical.is_empty() {
        return None;
    }
    let id = format!("e{next}");
    *next += 1;
    new_entities.push(Entity {
        id: id.clone(),
        canonical,
        kind: EntityKind::Place,
        codes: Vec::new(),
        role: None,
        country: None,
        geo: None,
        mentions: vec![Mention {
            span: dateline.place_span,
            text: written.to_string(),
            how: Some("dateline".to_string()),
        }],
    });
    Some(id)
}

fn next_entity_number(doc: &Document) -> usize {
    doc.entities
        .iter()
        .filter_map(|e| e.id.strip_prefix('e').and_then(|n| n.parse::<usize>().ok()))
        .max()
        .unwrap_or(0)
        + 1
}

impl Recogniser for EventRecogniser {
    fn name(&self) -> &'static str {
        "events"
    }

    fn annotate(&self, doc: &mut Document) {
        let (candidates, groups) = if self.engine == Engine::Frames && !doc.syntax.is_empty() {
            let coder = coder::Coder::new(doc, &self.lex, &self.frames);
            let candidates = coder.run();
            (candidates, coder.groups.into_inner())
        } else {
            let mut analysis = Analysis::new(doc, &self.lex);
            let mut candidates = analysis.run();
            let mut groups = std::mem::take(&mut analysis.groups);
            if !doc.syntax.is_empty() && !candidates.is_empty() {
                let coder = coder::Coder::new(doc, &self.lex, &self.frames);
                refine::refine(&coder, &mut candidates, &mut groups);
            }
            parties::resolve(doc, &self.lex.pairs, &mut candidates, &groups);
            (candidates, groups)
        };
        let merged = merge::merge(doc, &groups, &self.lex.cameo, candidates);

        // Group phrases used by events become entities of their own.
        let mut ids = Ids {
            groups: &groups,
            group_ids: vec![None; groups.len()],
            next: next_entity_number(doc),
            new_entities: Vec::new(),
        };
        let mut events = Vec::new();
        // Per event: its recipient is the dispatch's other party, not named by the text.
        let mut implicit = Vec::new();
        for m in merged {
            let c = &m.first;
            let entry = &c.coding;
            let mut cameo = c.cameo.clone();
            let deed_kind = self.lex.cameo.get(&cameo).map(|i| i.plover.clone());
            if matches!(c.modality, "future" | "hypothetical") && !entry.absorb && !entry.fixed {
                if let Some(code) = deed_kind.and_then(|k| self.lex.intents.get(&k)) {
                    cameo = code.clone();
                }
            }
            let info = self.lex.cameo.get(&cameo);
            let kind = if cameo == c.cameo {
                entry.plover.clone()
            } else {
                None
            }
            .or_else(|| info.map(|i| i.plover.clone()))
            // A code outside CAMEO (from a user's verb dictionary) has no PLOVER type.
            .unwrap_or_else(|| "OTHER".to_string());
            // "will withdraw ... unless": a conditional deed is a threat.
            let conditional = matches!(c.modality, "future" | "hypothetical")
                && doc
                    .sentence_at(c.trigger.start)
                    .and_then(|s| doc.sentences.get(s))
                    .is_some_and(|s| {
                        let after = doc.text.get(c.trigger.end..s.span.end).unwrap_or("");
                        self.lex.grammar.spaced_in(after, grammar::CONDITION)
                    });
            let (cameo, kind, info) = if conditional && !entry.absorb && !entry.fixed {
                let code = "130".to_string();
                let info = self.lex.cameo.get(&code);
                let kind = info.map_or_else(|| "THREATEN".to_string(), |i| i.plover.clone());
                (code, kind, info)
            } else {
                (cameo, kind, info)
            };
            let actor: Vec<String> = c.actors.iter().filter_map(|a| ids.id_of(*a, doc)).collect();
            let recipient: Vec<String> = c
                .recipients
                .iter()
                .filter_map(|a| ids.id_of(*a, doc))
                .collect();
            let mut mentions: Vec<EventMention> = m
                .mentions
                .iter()
                .map(|x| EventMention {
                    span: x.clause,
                    trigger: doc.text_span(x.trigger),
                })
                .collect();
            mentions.sort_by_key(|x| x.trigger.span);
            events.push(Event {
                id: format!("v{}", events.len() + 1),
                kind,
                mode: info.and_then(|i| i.mode.clone()),
                cameo,
                actor,
                recipient,
                place: match c.place {
                    Some(p) => doc.entities.get(p).map(|e| e.id.clone()),
                    None if c.place_dateline => {
                        dateline_entity(doc, &mut ids.new_entities, &mut ids.next)
                    }
                    None => None,
                },
                date: c.date.clone().or_else(|| doc.dct.map(|d| d.to_string())),
                date_source: if c.date.is_some() {
                    Some("text".to_string())
                } else {
                    doc.dct.map(|_| "dispatch".to_string())
                },
                confidence: 0.0,
                negated: c.negated,
                modality: c.modality.to_string(),
                mentions,
                quote: c.quote,
                goldstein: info.and_then(|i| i.goldstein),
                quad_class: info.map(|i| i.quad_class),
            });
            implicit.push(c.implicit_recipient);
            // "X visited Y" is also "Y hosted X" when the dictionary says so.
            if let (Some(code), Some(last)) = (&entry.reverse, events.last()) {
                if !last.actor.is_empty() && !last.recipient.is_empty() {
                    let info = self.lex.cameo.get(code);
                    let reverse = Event {
                        id: format!("v{}", events.len() + 1),
                        kind: info.map_or_else(|| "OTHER".to_string(), |i| i.plover.clone()),
                        mode: info.and_then(|i| i.mode.clone()),
                        cameo: code.clone(),
                        actor: last.recipient.clone(),
                        recipient: last.actor.clone(),
                        goldstein: info.and_then(|i| i.goldstein),
                        quad_class: info.map(|i| i.quad_class),
                        ..last.clone()
                    };
                    events.push(reverse);
                    implicit.push(c.implicit_recipient);
                }
            }
        }
        let first_new = doc.entities.len();
        doc.entities.extend(ids.new_entities);
        {
            let index = id_index(doc);
            for (e, implicit) in events.iter_mut().zip(implicit) {
                e.confidence = self.weights.score(doc, &index, e, implicit);
            }
        }
        events.retain(|e| e.confidence >= self.min_confidence);
        for (i, e) in events.iter_mut().enumerate() {
            e.id = format!("v{}", i + 1);
        }
        // Group phrases and dateline places only the left-out events used are not kept.
        let mut seen = 0;
        doc.entities.retain(|x| {
            seen += 1;
            seen <= first_new
                || events.iter().any(|e| {
                    e.actor.contains(&x.id)
                        || e.recipient.contains(&x.id)
                        || e.place.as_ref() == Some(&x.id)
                })
        });
        // Arguments the entity stage left without a country take their context's.
        // (The entities just left out moved the indices: a new index.)
        let index = id_index(doc);
        let args: Vec<usize> = events
            .iter()
            .flat_map(|e| e.actor.iter().chain(&e.recipient))
            .filter_map(|id| index.get(id.as_str()).copied())
            .collect();
        drop(index);
        context::code_arguments(doc, &args);
        doc.events.extend(events);
    }
}

/// The document's entity ids to their indices.
fn id_index(doc: &Document) -> HashMap<&str, usize> {
    doc.entities
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.as_str(), i))
        .collect()
}

#[cfg(test)]
mod tests;
