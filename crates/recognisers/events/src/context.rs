//! The country of a person or body that argues in an event when the entity stage gave it
//! none: an event actor must be coded, and wire copy names a leader's country around the
//! name rather than on it.
//!
//! In order: the country named in the role ("Leader of Palestine"); a country-bearing
//! name right before the mention, inside its noun phrase ("Nigerian junior foreign
//! minister Dubem Oniya", "the Ivory Coast's Supreme Court"); else the one country the
//! sentence speaks of ("President Museveni threatened to ban Ugandan opposition
//! candidates"). Sentences naming two countries or more leave the entity uncoded. A group
//! coded by its sector alone ("Islamic fundamentalists": REL) takes the country the same
//! way (DZAREL).

use annalist_core::{Document, EntityKind, TokenKind};

/// The three-letter country an entity stands for or belongs to, if it says.
fn country_code(doc: &Document, e: usize) -> Option<String> {
    let entity = doc.entities.get(e)?;
    if entity.kind == EntityKind::Country {
        return entity
            .codes
            .first()
            .and_then(|c| c.get(..3))
            .map(str::to_string)
            .or_else(|| entity.country.clone());
    }
    if entity.kind == EntityKind::Person {
        return None;
    }
    entity.country.clone()
}

/// Entity index of every mention, sorted by start.
fn mention_index(doc: &Document) -> Vec<(annalist_core::Span, usize)> {
    let mut out: Vec<_> = doc
        .entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.mentions.iter().map(move |m| (m.span, i)))
        .collect();
    out.sort_by_key(|(s, _)| s.start);
    out
}

/// The country of the role text's `of X` ("Leader of Palestine", "Ambassador of Niger").
fn from_role(doc: &Document, role: &str) -> Option<String> {
    let (_, place) = role.rsplit_once(" of ")?;
    let place = place.trim();
    doc.entities
        .iter()
        .enumerate()
        .filter(|(_, x)| x.kind == EntityKind::Country)
        .find(|(_, x)| {
            x.canonical.eq_ignore_ascii_case(place)
                || x.mentions
                    .iter()
                    .any(|m| m.text.eq_ignore_ascii_case(place))
        })
        .and_then(|(i, _)| country_code(doc, i))
}

/// A country-bearing name at most six words before byte `start`, with only words between
/// (no punctuation but the possessive).
fn from_modifier(
    doc: &Document,
    mentions: &[(annalist_core::Span, usize)],
    start: usize,
    floor: usize,
) -> Option<String> {
    let first = doc.tokens.partition_point(|t| t.span.end <= start);
    let mut k = first;
    for _ in 0..6 {
        if k == 0 {
            return None;
        }
        k -= 1;
        let token = doc.tokens.get(k)?;
        if token.span.start < floor {
            return None;
        }
        if let Some(code) = mentions
            .iter()
            .filter(|(m, _)| m.overlaps(token.span))
            .find_map(|(_, e)| country_code(doc, *e))
        {
            return Some(code);
        }
        let text = doc.slice(token.span);
        if token.kind != TokenKind::Word && !matches!(text, "'" | "'s" | "\u{2019}" | "-" | ".") {
            return None;
        }
    }
    None
}

/// The one country the sentence `[start, end)` speaks of.
fn only_country(
    doc: &Document,
    mentions: &[(annalist_core::Span, usize)],
    start: usize,
    end: usize,
) -> Option<String> {
    let lo = mentions.partition_point(|(m, _)| m.start < start);
    let mut found: Option<String> = None;
    for (m, e) in mentions.get(lo..)? {
        if m.start >= end {
            break;
        }
        if let Some(code) = country_code(doc, *e) {
            match &found {
                Some(f) if *f != code => return None,
                _ => found = Some(code),
            }
        }
    }
    found
}

/// A person or body without code or country, or a group coded by its sector alone
/// ("Islamic fundamentalists": REL).
fn needs_country(entity: &annalist_core::Entity) -> bool {
    if entity.country.is_some() {
        return false;
    }
    match entity.kind {
        EntityKind::Person | EntityKind::Organization => entity.codes.is_empty(),
        EntityKind::Group => entity.codes.iter().all(|c| c.len() == 3),
        _ => false,
    }
}

/// Gives the entities `args` (indices) without country or code the country their context
/// names. Returns how many were coded.
pub fn code_arguments(doc: &mut Document, args: &[usize]) -> usize {
    let uncoded = |e: &usize| doc.entities.get(*e).is_some_and(needs_country);
    if !args.iter().any(uncoded) {
        return 0;
    }
    let mentions = mention_index(doc);
    let mut coded = Vec::new();
    for &e in args {
        let Some(entity) = doc.entities.get(e) else {
            continue;
        };
        if !needs_country(entity) || coded.iter().any(|(x, _)| *x == e) {
            continue;
        }
        let Some(first) = entity
            .mentions
            .iter()
            .map(|m| m.span)
            .min_by_key(|s| s.start)
        else {
            continue;
        };
        let sentence = doc
            .sentence_at(first.start)
            .and_then(|s| doc.sentences.get(s))
            .map(|s| s.span);
        let (lo, hi) = sentence.map_or((0, doc.text.len()), |s| (s.start, s.end));
        let code = entity
            .role
            .as_deref()
            .and_then(|r| from_role(doc, r))
            .or_else(|| from_modifier(doc, &mentions, first.start, lo))
            .or_else(|| only_country(doc, &mentions, lo, hi));
        if let Some(code) = code {
            coded.push((e, code));
        }
    }
    let n = coded.len();
    for (e, code) in coded {
        if let Some(entity) = doc.entities.get_mut(e) {
            // A group's sector code gets its country: REL → DZAREL.
            for c in &mut entity.codes {
                if c.len() == 3 {
                    *c = format!("{code}{c}");
                }
            }
            entity.country = Some(code);
        }
    }
    n
}
