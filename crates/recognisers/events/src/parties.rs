//! The dispatch's own parties: "the sides", "the two countries", "both ministers".
//!
//! Owns one pass over the candidates of the surface engine, in document order. A phrase
//! of `data/events/pairs.tsv` in a candidate's clause stands for the two parties the
//! dispatch has named: the actor and recipient of the last event before it that named
//! both, else the dispatch's two most mentioned countries and organisations
//! ([`crate::coder::parties`]). The phrase's parties replace it where it is an argument
//! (a group "sides"), fill the actor when the phrase is the subject and no actor was
//! found, and fill the recipients of a joint event (consult, cooperate, agree) when the
//! phrase follows the trigger ("cooperation between our two countries"): the party on the
//! actor's side is left out. Two countries in the word before a joint event's trigger
//! ("Russian-Iranian cooperation") are its parties; a country after `anti-` is the
//! target.

use crate::analyse::{country_entity, mentions_by_start, Arg, Candidate, GroupPhrase};
use crate::Error;
use annalist_core::lexicon::tsv_rows_checked;
use annalist_core::{Document, EntityKind, Span, TokenKind};

const FILE: &str = include_str!("../../../../data/events/pairs.tsv");

/// One row of `pairs.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairNoun {
    pub noun: String,
    /// "two" or "both" must come before the noun.
    pub counted: bool,
    /// The parties' countries stand in for them.
    pub countries: bool,
}

/// The phrases, as loaded.
#[derive(Clone, Debug, Default)]
pub struct PairNouns(Vec<PairNoun>);

impl PairNouns {
    pub fn embedded() -> Result<PairNouns, Error> {
        PairNouns::parse(FILE)
    }

    pub fn parse(content: &str) -> Result<PairNouns, Error> {
        let mut rows = Vec::new();
        for (line, cols) in tsv_rows_checked("pairs.tsv", content, 3).map_err(Error::from)? {
            let [noun, counted, kind, ..] = cols.as_slice() else {
                continue;
            };
            let counted = match *counted {
                "two" => true,
                "-" => false,
                other => {
                    return Err(Error::data(
                        "pairs.tsv",
                        line,
                        &format!("counted must be `two` or `-`, not {other:?}"),
                    ))
                }
            };
            let countries = match *kind {
                "country" => true,
                "any" => false,
                other => {
                    return Err(Error::data(
                        "pairs.tsv",
                        line,
                        &format!("kind must be `country` or `any`, not {other:?}"),
                    ))
                }
            };
            rows.push(PairNoun {
                noun: noun.to_ascii_lowercase(),
                counted,
                countries,
            });
        }
        Ok(PairNouns(rows))
    }

    fn get(&self, word: &str) -> Option<&PairNoun> {
        self.0.iter().find(|p| p.noun.eq_ignore_ascii_case(word))
    }
}

/// Words before a counted pair noun: "the two", "our two", "both".
const COUNT: [&str; 2] = ["two", "both"];
/// Determiners of an uncounted one: "the sides", "both sides".
const DETERMINERS: [&str; 3] = ["the", "both", "two"];

/// A pair phrase found in a clause: where its head noun is and what stands for it.
struct Found {
    at: Span,
    head: String,
    countries: bool,
}

/// Resolves the pair phrases of the candidates' clauses (see the module documentation).
pub fn resolve(
    doc: &Document,
    pairs: &PairNouns,
    candidates: &mut Vec<Candidate>,
    groups: &[GroupPhrase],
) {
    let mut last_dyad: Option<(usize, usize)> = None;
    let fallback = crate::coder::parties(doc);
    let fallback = match fallback.as_slice() {
        [a, b, ..] => Some((*a, *b)),
        _ => None,
    };
    let mentions = mentions_by_start(doc);
    for c in candidates.iter_mut() {
        against_modifier(doc, &mentions, c);
        let dyad = dyad_of(doc, c);
        if let Some((a, b)) = modifier_pair(doc, &mentions, c.trigger, c.coding.absorb) {
            if crate::coder::SYMMETRIC.contains(&c.cameo.get(..2).unwrap_or("")) {
                put_pair(doc, c, (a, b));
            }
        } else if let Some(found) = find(doc, pairs, c.clause) {
            if let Some((a, b)) = last_dyad.or(fallback) {
                let stand_in = |e: usize| {
                    if found.countries {
                        country_entity(doc, e).unwrap_or(e)
                    } else {
                        e
                    }
                };
                let (a, b) = (stand_in(a), stand_in(b));
                if a != b && !same_country(doc, a, b) {
                    apply(doc, c, &found, (a, b), groups);
                }
            }
        }
        if let Some((a, b)) = last_dyad.or(fallback) {
            implicit_counterpart(doc, c, (a, b));
        }
        if let Some(d) = dyad {
            last_dyad = Some(d);
        }
    }
    // An event whose only actor was its target has none: the engine keeps no such event.
    candidates.retain(|c| !c.actors.is_empty());
}

/// A joint event (consult, cooperate, agree) with an actor on one side of the dispatch's
/// two parties and no recipient is with the other side: "last year we had three such
/// meetings", said by Russia's envoy to NATO.
fn implicit_counterpart(doc: &Document, c: &mut Candidate, (a, b): (usize, usize)) {
    if !c.recipients.is_empty()
        || !crate::coder::SYMMETRIC.contains(&c.cameo.get(..2).unwrap_or(""))
    {
        return;
    }
    let on_side = |p: usize| {
        c.actors.iter().any(|x| match x {
            Arg::Entity(x) => *x == p || same_country(doc, *x, p),
            Arg::Group(_) => false,
        })
    };
    let other = match (on_side(a), on_side(b)) {
        (true, false) => b,
        (false, true) => a,
        _ => return,
    };
    c.recipients.push(Arg::Entity(other));
    c.implicit_recipient = true;
}

/// The entities named in the word before a trigger, in order.
fn named_in(mentions: &[(Span, usize)], word: Span) -> impl Iterator<Item = usize> + '_ {
    let first = mentions.partition_point(|(s, _)| s.start < word.start);
    mentions
        .get(first..)
        .unwrap_or(&[])
        .iter()
        .take_while(move |(s, _)| s.start < word.end)
        .filter(move |(s, _)| s.end <= word.end)
        .map(|&(_, e)| e)
}

/// "Anti-Iranian sanctions", "anti-Russian statements": the country named after `anti-`
/// is what the event is against (the English prefix), its recipient, never its actor.
fn against_modifier(doc: &Document, mentions: &[(Span, usize)], c: &mut Candidate) {
    let t = doc
        .tokens
        .partition_point(|t| t.span.end <= c.trigger.start);
    let Some(before) = t.checked_sub(1).and_then(|i| doc.tokens.get(i)) else {
        return;
    };
    let word = doc.slice(before.span);
    if !word
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("anti-"))
    {
        return;
    }
    for e in named_in(mentions, before.span) {
        let target = Arg::Entity(e);
        c.actors.retain(|a| *a != target);
        if !c.recipients.contains(&target) {
            c.recipients.insert(0, target);
        }
    }
}

/// Two countries named in the word before a trigger ("Russian-Iranian cooperation",
/// "US-Russian talks"), or for a trigger that takes a complement in a word of the few
/// after it ("proposed to hold Moldovan-Russian consultations"): the event's own
/// parties, in the order written.
fn modifier_pair(
    doc: &Document,
    mentions: &[(Span, usize)],
    trigger: Span,
    complement: bool,
) -> Option<(usize, usize)> {
    const COMPLEMENT_WORDS: usize = 5;
    let t = doc.tokens.partition_point(|t| t.span.end <= trigger.start);
    let after = doc.tokens.partition_point(|t| t.span.start < trigger.end);
    let sentence_end = doc
        .sentence_at(trigger.start)
        .and_then(|s| doc.sentences.get(s))
        .map_or(trigger.end, |s| s.span.end);
    let hyphenated = |i: &usize| {
        doc.tokens
            .get(*i)
            .is_some_and(|x| x.span.end <= sentence_end && doc.slice(x.span).contains('-'))
    };
    let word = t.checked_sub(1).filter(hyphenated).or_else(|| {
        complement
            .then(|| (after..after + COMPLEMENT_WORDS).find(hyphenated))
            .flatten()
    })?;
    let before = doc.tokens.get(word)?;
    let mut inside = named_in(mentions, before.span);
    let a = inside.next()?;
    let b = inside.find(|&b| b != a)?;
    (!same_country(doc, a, b)).then_some((a, b))
}

/// A joint event's parties named in its own words: an actor already found on one side
/// stays and the other side receives; otherwise the first named acts and the other
/// receives.
fn put_pair(doc: &Document, c: &mut Candidate, (a, b): (usize, usize)) {
    let on_side = |x: &Arg, p: usize| match x {
        Arg::Entity(x) => *x == p || same_country(doc, *x, p),
        Arg::Group(_) => false,
    };
    let actor_a = c.actors.iter().any(|x| on_side(x, a));
    let actor_b = c.actors.iter().any(|x| on_side(x, b));
    let (actor, other) = match (actor_a, actor_b) {
        (_, true) if !actor_a => (None, a),
        (true, _) => (None, b),
        _ => (Some(a), b),
    };
    if let Some(a) = actor {
        c.actors = vec![Arg::Entity(a)];
    }
    // The actor's own side does not receive: "Dodon proposed Moldovan-Russian talks".
    let actors = c.actors.clone();
    c.recipients.retain(|r| {
        !actors.contains(r) && !matches!(r, Arg::Entity(r) if actors.iter().any(|x| on_side(x, *r)))
    });
    if !c.recipients.iter().any(|r| on_side(r, other)) {
        c.recipients.insert(0, Arg::Entity(other));
    }
}

/// The first actor and the first recipient, when both are named entities of different
/// countries.
fn dyad_of(doc: &Document, c: &Candidate) -> Option<(usize, usize)> {
    let first = |args: &[Arg]| {
        args.iter().find_map(|a| match a {
            Arg::Entity(e) => Some(*e),
            Arg::Group(_) => None,
        })
    };
    let (a, b) = (first(&c.actors)?, first(&c.recipients)?);
    (a != b && !same_country(doc, a, b)).then_some((a, b))
}

/// Whether two entities are of one country: a country's own code, or the country of a
/// person or body.
fn same_country(doc: &Document, a: usize, b: usize) -> bool {
    let code = |e: usize| {
        let x = doc.entities.get(e)?;
        let own = (x.kind == EntityKind::Country)
            .then(|| x.codes.first().and_then(|c| c.get(..3)))
            .flatten();
        x.country.as_deref().or(own)
    };
    code(a).is_some() && code(a) == code(b)
}

/// The first pair phrase of a clause.
fn find(doc: &Document, pairs: &PairNouns, clause: Span) -> Option<Found> {
    let tokens = &doc.tokens;
    let start = tokens.partition_point(|t| t.span.end <= clause.start);
    let word = |i: usize| -> &str {
        tokens
            .get(i)
            .filter(|t| t.kind == TokenKind::Word)
            .map_or("", |t| doc.slice(t.span))
    };
    let is_one_of = |w: &str, set: &[&str]| set.iter().any(|x| x.eq_ignore_ascii_case(w));
    for i in start..tokens.len() {
        let token = tokens.get(i)?;
        if token.span.start >= clause.end {
            return None;
        }
        let Some(pair) = pairs.get(word(i)) else {
            continue;
        };
        let before = i.checked_sub(1).map_or("", word);
        let fits = if pair.counted {
            is_one_of(before, &COUNT)
        } else {
            is_one_of(before, &DETERMINERS)
        };
        if fits {
            return Some(Found {
                at: token.span,
                head: pair.noun.clone(),
                countries: pair.countries,
            });
        }
    }
    None
}

/// Puts the parties in the candidate's roles.
fn apply(
    doc: &Document,
    c: &mut Candidate,
    found: &Found,
    (a, b): (usize, usize),
    groups: &[GroupPhrase],
) {
    let is_pair_group = |x: &Arg| match x {
        Arg::Group(g) => groups.get(*g).is_some_and(|g| g.head == found.head),
        Arg::Entity(_) => false,
    };
    let was_actor = c.actors.iter().any(is_pair_group);
    let was_recipient = c.recipients.iter().any(is_pair_group);
    c.actors.retain(|x| !is_pair_group(x));
    c.recipients.retain(|x| !is_pair_group(x));
    let joint = crate::coder::SYMMETRIC.contains(&c.cameo.get(..2).unwrap_or(""));
    let subject_side = found.at.start < c.trigger.start;
    let parties = [Arg::Entity(a), Arg::Entity(b)];
    if (was_actor || subject_side) && c.actors.is_empty() {
        c.actors.push(parties[0]);
        if joint {
            if !c.recipients.contains(&parties[1]) {
                c.recipients.insert(0, parties[1]);
            }
        } else {
            c.actors.push(parties[1]);
        }
        c.recipients.retain(|r| !c.actors.contains(r));
        return;
    }
    if !(was_recipient || (joint && !subject_side && c.recipients.is_empty())) {
        return;
    }
    if c.actors.is_empty() {
        c.actors.push(parties[0]);
        c.recipients.push(parties[1]);
        return;
    }
    let actor_side = |p: &Arg| {
        let Arg::Entity(p) = p else { return false };
        c.actors.iter().any(|x| match x {
            Arg::Entity(x) => x == p || same_country(doc, *x, *p),
            Arg::Group(_) => false,
        })
    };
    let others: Vec<Arg> = parties
        .into_iter()
        .filter(|p| !actor_side(p) && !c.recipients.contains(p))
        .collect();
    // Neither party is on the actor's side: the phrase names two others, not the actor's
    // counterpart; both are recipients only of an event the phrase was the object of.
    if others.len() == 2 && !was_recipient {
        return;
    }
    c.recipients.extend(others);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_loads() {
        let pairs = PairNouns::embedded().unwrap();
        assert!(pairs.get("sides").is_some_and(|p| !p.counted));
        assert!(pairs
            .get("Countries")
            .is_some_and(|p| p.counted && p.countries));
    }

    #[test]
    fn a_bad_row_is_an_error_with_its_line() {
        let err = PairNouns::parse("sides\tmany\tany\n").unwrap_err();
        assert!(err.0.contains("pairs.tsv:1"), "{}", err.0);
        let err = PairNouns::parse("# c\nsides\t-\tpeople\n").unwrap_err();
        assert!(err.0.contains("pairs.tsv:2"), "{}", err.0);
    }
}
