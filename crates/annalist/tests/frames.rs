//! The frame coder (`--event-engine frames`) end to end: parse, frames, arguments.
//! Sentences written for these tests; each checks one rule of `coder.rs`.

use annalist::{Analyzer, Options};
use annalist_core::{Document, Metadata};

fn analyse(text: &str) -> Document {
    let analyzer = Analyzer::new(&Options {
        event_engine: annalist_events::Engine::Frames,
        ..Options::default()
    })
    .unwrap();
    analyzer.analyze(
        text.to_string(),
        Metadata {
            date: annalist_core::Date::parse("2017-02-16"),
            ..Metadata::default()
        },
    )
}

/// (CAMEO code, actor names, recipient names, modality) of every event.
fn events(doc: &Document) -> Vec<(String, Vec<String>, Vec<String>, String)> {
    let names = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .filter_map(|id| doc.entity(id))
            .map(|e| e.canonical.clone())
            .collect()
    };
    doc.events
        .iter()
        .map(|e| {
            (
                e.cameo.clone(),
                names(&e.actor),
                names(&e.recipient),
                e.modality.clone(),
            )
        })
        .collect()
}

#[test]
fn the_object_selects_the_sense_and_the_preposition_gives_the_target() {
    let doc = analyse("The United States imposed new sanctions on Iran.");
    let got = events(&doc);
    assert!(
        got.iter()
            .any(|(c, a, r, _)| c.starts_with("16") && a == &["United States"] && r == &["Iran"]),
        "{got:?}"
    );
}

#[test]
fn subject_and_object_are_actor_and_recipient() {
    let doc = analyse("Lavrov accused NATO of provoking tensions.");
    let got = events(&doc);
    assert!(
        got.iter()
            .any(|(c, a, r, _)| c.starts_with("11") && a.len() == 1 && r == &["NATO"]),
        "{got:?}"
    );
}

#[test]
fn an_announced_sanction_is_a_future_threat() {
    // CAMEO codes an announced deed as an intention: sanctions to come are 132.
    let doc = analyse("Russia will impose sanctions on Ukraine.");
    let got = events(&doc);
    assert!(
        got.iter().any(|(c, _, _, m)| c == "132" && m == "future"),
        "{got:?}"
    );
}

#[test]
fn a_fight_against_an_abstract_ill_is_not_an_assault() {
    // WordNet's first sense of corruption is not attackable.
    let doc = analyse("The government attacked corruption.");
    let got = events(&doc);
    assert!(
        !got.iter()
            .any(|(c, ..)| c.starts_with("18") || c.starts_with("19")),
        "{got:?}"
    );
}
