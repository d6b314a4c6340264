//! Merging the mentions of one real event inside a document.
//!
//! Two mentions are one event when they have the same PLOVER type, compatible dates (equal,
//! or one refines the other: `2021-12` and `2021-12-17`), compatible places, compatible
//! object nouns ("drafts" and "draft agreements"), and either share a participant (the same
//! entity, or entities of the same country: a ministry and its state) or happened on the
//! same day at the same place. The merged event keeps every mention, the more precise date,
//! the explicit actor over an implicit one, and the union of recipients.

use crate::analyse::{Arg, Candidate, GroupPhrase};
use crate::lexicon::CameoTable;
use annalist_core::{Document, EntityKind};

/// A merged event: candidates folded together.
#[derive(Clone, Debug)]
pub struct Merged {
    pub first: Candidate,
    pub mentions: Vec<Candidate>,
}

/// Keys a participant is known by: its own identity and its country.
fn keys(doc: &Document, groups: &[GroupPhrase], arg: Arg) -> Vec<String> {
    match arg {
        Arg::Group(g) => groups
            .get(g)
            .map(|x| vec![format!("g:{}", x.head)])
            .unwrap_or_default(),
        Arg::Entity(e) => {
            let Some(entity) = doc.entities.get(e) else {
                return Vec::new();
            };
            let mut keys = vec![format!("e:{e}")];
            let country = if entity.kind == EntityKind::Country {
                entity
                    .codes
                    .first()
                    .and_then(|c| c.get(..3))
                    .map(str::to_string)
                    .or_else(|| entity.country.clone())
            } else {
                entity.country.clone().or_else(|| {
                    entity
                        .codes
                        .first()
                        .and_then(|c| c.get(..3))
                        .map(str::to_string)
                })
            };
            if let Some(c) = country {
                keys.push(format!("c:{c}"));
            }
            keys
        }
    }
}

fn stem(word: &str) -> &str {
    word.get(..5).unwrap_or(word)
}

fn dates_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x.starts_with(y) || y.starts_with(x),
        _ => true,
    }
}

fn shares(doc: &Document, groups: &[GroupPhrase], a: &Candidate, b: &Candidate) -> bool {
    let ka: Vec<String> = a
        .actors
        .iter()
        .chain(&a.recipients)
        .flat_map(|x| keys(doc, groups, *x))
        .collect();
    b.actors
        .iter()
        .chain(&b.recipients)
        .flat_map(|x| keys(doc, groups, *x))
        .any(|k| ka.contains(&k))
}

fn mergeable(
    doc: &Document,
    groups: &[GroupPhrase],
    cameo: &CameoTable,
    a: &Candidate,
    b: &Candidate,
) -> bool {
    // Codes outside the CAMEO table (a user's verb dictionary) merge only with themselves.
    let kind = |c: &Candidate| {
        cameo
            .get(&c.cameo)
            .map_or_else(|| c.cameo.clone(), |i| i.plover.clone())
    };
    if kind(a) != kind(b) || a.negated != b.negated {
        return false;
    }
    if !dates_compatible(a.date.as_deref(), b.date.as_deref()) {
        return false;
    }
    if let (Some(x), Some(y)) = (a.place, b.place) {
        if x != y {
            return false;
        }
    }
    if let (Some(x), Some(y)) = (&a.object, &b.object) {
        let shared = x
            .split(' ')
            .any(|w| y.split(' ').any(|v| stem(w) == stem(v)));
        if !shared {
            return false;
        }
    }
    let same_day_and_place = matches!((&a.date, &b.date), (Some(x), Some(y)) if x == y && x.len() >= 10)
        && a.place.is_some()
        && a.place == b.place;
    shares(doc, groups, a, b) || same_day_and_place
}

/// Folds candidates into events, in order of first mention.
pub fn merge(
    doc: &Document,
    groups: &[GroupPhrase],
    cameo: &CameoTable,
    candidates: Vec<Candidate>,
) -> Vec<Merged> {
    let mut merged: Vec<Merged> = Vec::new();
    for c in candidates {
        let target = merged
            .iter()
            .position(|m| mergeable(doc, groups, cameo, &m.first, &c));
        match target {
            Some(i) => {
                let m = &mut merged[i];
                fold(doc, groups, &mut m.first, &c);
                m.mentions.push(c);
            }
            None => merged.push(Merged {
                first: c.clone(),
                mentions: vec![c],
            }),
        }
    }
    merged
}

/// Folds `b` into the summary `a`.
fn fold(doc: &Document, groups: &[GroupPhrase], a: &mut Candidate, b: &Candidate) {
    if b.date.as_ref().map_or(0, String::len) > a.date.as_ref().map_or(0, String::len) {
        a.date = b.date.clone();
    }
    if a.place.is_none() && !a.place_dateline {
        a.place = b.place;
        a.place_dateline = b.place_dateline;
    }
    if a.quote.is_none() {
        a.quote = b.quote;
    }
    if a.object.is_none() {
        a.object = b.object.clone();
    }
    if !a.explicit_actor && b.explicit_actor {
        let old = std::mem::replace(&mut a.actors, b.actors.clone());
        a.explicit_actor = true;
        // The replaced implicit actor stays only if the new one does not stand for it.
        let new_keys: Vec<String> = a
            .actors
            .iter()
            .flat_map(|x| keys(doc, groups, *x))
            .collect();
        // Nor is an actor its own recipient.
        a.recipients
            .retain(|r| !keys(doc, groups, *r).iter().any(|k| new_keys.contains(k)));
        for o in old {
            if !keys(doc, groups, o).iter().any(|k| new_keys.contains(k))
                && !a.recipients.contains(&o)
            {
                a.recipients.push(o);
            }
        }
    }
    let taken: Vec<String> = a
        .actors
        .iter()
        .chain(&a.recipients)
        .flat_map(|x| keys(doc, groups, *x))
        .collect();
    // A report that names the recipient itself supports the merged event's.
    if !b.recipients.is_empty() && !b.implicit_recipient {
        a.implicit_recipient = false;
    }
    for r in &b.recipients {
        let ks = keys(doc, groups, *r);
        if !ks.iter().any(|k| taken.contains(k)) {
            a.recipients.push(*r);
        }
    }
}
