//! Arguments from the parse for the events the surface triggers found.
//!
//! Owns one pass over the surface engine's candidates when the document has a language
//! layer: each trigger is found in the tree ([`Coder::trigger_word`]) and the tree's
//! actor (subject, passive agent, controller) replaces the window-based guess where the
//! tree has one, and its recipients (object, frame prepositions)
//! ([`Coder::parsed_arguments`]) fill an event the surface frame gave none. The surface guesses stay where it has none (a fragment, a headline).
//! Place and date stay the surface engine's: on the tuned part of dispatch-gold the
//! tree's place and date changed no match (places) or cost matches (dates).

use crate::analyse::{Arg, Candidate, GroupPhrase};
use crate::coder::Coder;

/// Replaces the candidates' arguments with the tree's where it gives them; group
/// arguments the tree finds are added to `groups`.
pub fn refine(coder: &Coder, candidates: &mut [Candidate], groups: &mut Vec<GroupPhrase>) {
    for c in candidates.iter_mut() {
        let Some(w) = coder.trigger_word(c.trigger, c.coding.noun) else {
            continue;
        };
        let parsed = coder.parsed_arguments(w, &c.cameo, c.quote);
        let remap = |args: Vec<Arg>, groups: &mut Vec<GroupPhrase>| -> Vec<Arg> {
            args.into_iter()
                .map(|a| match a {
                    Arg::Entity(_) => a,
                    Arg::Group(g) => {
                        let found = coder.groups.borrow()[g].clone();
                        match groups.iter().position(|x| x.head == found.head) {
                            Some(i) => {
                                groups[i].mentions.extend(found.mentions);
                                Arg::Group(i)
                            }
                            None => {
                                groups.push(found);
                                Arg::Group(groups.len() - 1)
                            }
                        }
                    }
                })
                .collect()
        };
        // An implicit actor (the speaker, the dispatch's parties) stays: the tree's
        // subject of a speech-framed trigger is its target.
        // A group phrase the tree gives ("the foreign ministers") does not replace named
        // actors or the surface's composite ones ("ministers of X and Y").
        let named = |args: &[Arg]| args.iter().all(|a| matches!(a, Arg::Entity(_)));
        if c.explicit_actor
            && !parsed.actors.is_empty()
            && (named(&parsed.actors) || c.actors.is_empty())
        {
            c.actors = remap(parsed.actors, groups);
        }
        // Recipients the surface frame found stay (its patterns place them: "accused X
        // of"); the tree's fill an event that has none.
        // A group of no country ("the two leaders") says nothing a user can use.
        let parsed_recipients: Vec<Arg> = parsed
            .recipients
            .into_iter()
            .filter(|a| match a {
                Arg::Entity(_) => true,
                Arg::Group(g) => coder.groups.borrow()[*g].country.is_some(),
            })
            .collect();
        if c.recipients.is_empty() && !parsed_recipients.is_empty() {
            let r = remap(parsed_recipients, groups);
            c.recipients = r.into_iter().filter(|x| !c.actors.contains(x)).collect();
        }
    }
}
