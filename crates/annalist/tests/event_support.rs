//! Event arguments read off the tree for surface triggers, and each event's confidence
//! and date source. Sentences written for these tests.

use annalist::{Analyzer, Options};
use annalist_core::{Document, Metadata};

fn analyse(text: &str, options: &Options) -> Document {
    Analyzer::new(options).unwrap().analyze(
        text.to_string(),
        Metadata {
            date: annalist_core::Date::parse("2019-05-06"),
            ..Metadata::default()
        },
    )
}

/// The first event whose actors include the entity named `actor`.
fn event_of<'d>(doc: &'d Document, actor: &str) -> &'d annalist_core::Event {
    doc.events
        .iter()
        .find(|e| {
            e.actor
                .iter()
                .any(|a| doc.entity(a).is_some_and(|x| x.canonical == actor))
        })
        .unwrap_or_else(|| panic!("no event of {actor}: {:?}", doc.events))
}

#[test]
fn a_spokesman_for_a_body_acts_for_it_not_as_a_group_of_no_country() {
    let doc = analyse(
        "A spokesman for the government of Chile condemned Peru.",
        &Options::default(),
    );
    let event = doc
        .events
        .iter()
        .find(|e| e.cameo.starts_with("11"))
        .expect("a disapproval");
    let actor = doc.entity(&event.actor[0]).unwrap();
    assert_eq!(actor.country.as_deref(), Some("CHL"), "{actor:?}");
    assert!(
        actor.codes.iter().any(|c| c.starts_with("CHL")),
        "{actor:?}"
    );
}

#[test]
fn a_complete_dyad_is_more_confident_than_an_actor_alone() {
    let doc = analyse(
        "Chile condemned Peru. Bolivia condemned the decision.",
        &Options::default(),
    );
    let confidence = |actor: &str| event_of(&doc, actor).confidence;
    assert!(confidence("Chile") > confidence("Bolivia"));
    assert!((0.0..=1.0).contains(&confidence("Chile")));
}

#[test]
fn an_undated_event_takes_the_dispatch_date_and_says_so() {
    let doc = analyse(
        "Chile condemned Peru. On April 2 Bolivia condemned Ecuador.",
        &Options::default(),
    );
    let by = |actor: &str| event_of(&doc, actor);
    let undated = by("Chile");
    assert_eq!(undated.date.as_deref(), Some("2019-05-06"));
    assert_eq!(undated.date_source.as_deref(), Some("dispatch"));
    let dated = by("Bolivia");
    assert_eq!(dated.date.as_deref(), Some("2019-04-02"));
    assert_eq!(dated.date_source.as_deref(), Some("text"));
}

#[test]
fn a_threshold_leaves_out_less_supported_events_and_their_groups() {
    let text = "Chile condemned Peru. Protesters condemned the decision.";
    let all = analyse(
        text,
        &Options {
            min_event_confidence: Some(0.0),
            ..Options::default()
        },
    );
    let strict = analyse(
        text,
        &Options {
            min_event_confidence: Some(0.6),
            ..Options::default()
        },
    );
    assert!(all.events.len() > strict.events.len(), "{:?}", all.events);
    assert!(strict.events.iter().all(|e| e.confidence >= 0.6));
    let groups = |d: &Document| {
        d.entities
            .iter()
            .filter(|e| e.kind == annalist_core::EntityKind::Group)
            .count()
    };
    assert!(groups(&strict) < groups(&all), "{:?}", strict.entities);
    for (i, e) in strict.events.iter().enumerate() {
        assert_eq!(e.id, format!("v{}", i + 1));
    }
}
