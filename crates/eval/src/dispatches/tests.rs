//! The matching rules of the dispatch-gold README, on a hand-built document.

use super::*;
use annalist_core::{Mention, Quote, QuoteKind, Span, Speaker, Timex, TimexType};

const TEXT: &str = "date 2017-02-16\nBONN, February 16. /TASS/. Lavrov met Cavusoglu on Thursday.";

fn entity(id: &str, canonical: &str, kind: EntityKind, codes: &[&str], mention: &str) -> Entity {
    let at = TEXT.find(mention).unwrap_or(0);
    Entity {
        id: id.into(),
        canonical: canonical.into(),
        kind,
        codes: codes.iter().map(|c| c.to_string()).collect(),
        role: None,
        country: None,
        geo: None,
        mentions: vec![Mention {
            span: Span::new(at, at + mention.len()),
            text: mention.into(),
            how: None,
        }],
    }
}

fn event(kind: &str, cameo: &str, actor: &[&str], recipient: &[&str], date: Option<&str>) -> Event {
    Event {
        id: "v1".into(),
        kind: kind.into(),
        mode: None,
        cameo: cameo.into(),
        actor: actor.iter().map(|a| a.to_string()).collect(),
        recipient: recipient.iter().map(|a| a.to_string()).collect(),
        place: Some("e3".into()),
        date: date.map(str::to_string),
        negated: false,
        modality: "asserted".into(),
        mentions: Vec::new(),
        quote: None,
        goldstein: None,
        quad_class: None,
    }
}

fn doc() -> Document {
    let mut doc = Document::new(TEXT.to_string(), Metadata::default());
    doc.entities = vec![
        entity(
            "e1",
            "Sergey Lavrov",
            EntityKind::Person,
            &["RUSGOV"],
            "Lavrov",
        ),
        entity(
            "e2",
            "Mevlut Cavusoglu",
            EntityKind::Person,
            &["TURGOV"],
            "Cavusoglu",
        ),
        entity("e3", "Bonn", EntityKind::Place, &[], "BONN"),
        entity(
            "e4",
            "North Atlantic Treaty Organization",
            EntityKind::Organization,
            &["IGOWSTNAT"],
            "Thursday",
        ),
    ];
    let at = TEXT.find("Thursday").unwrap();
    doc.timexes = vec![Timex {
        span: Span::new(at, at + 8),
        text: "Thursday".into(),
        kind: TimexType::Date,
        value: "2017-02-16".into(),
        modifier: None,
        quant: None,
        freq: None,
        resolved: true,
    }];
    doc.quotes = vec![Quote {
        span: Span::new(0, 10),
        text: "Lavrov met Cavusoglu".into(),
        kind: QuoteKind::Direct,
        cue: None,
        speaker: Some(Speaker {
            entity: Some("e1".into()),
            text: "he".into(),
            span: None,
        }),
        addressee: None,
    }];
    doc
}

fn gold(json: &str) -> GoldDispatch {
    parse_entry(serde_json::from_str(json).unwrap(), TEXT).unwrap()
}

fn scored(doc: &Document, json: &str) -> PartScore {
    score_dispatch(doc, &gold(json), false).score
}

#[test]
fn a_timex_needs_overlap_with_the_gold_text_and_an_accepted_value() {
    let ok = r#"{"timexes":[{"text":"on Thursday","span":[0,0],"value":["2017-02-16"]}]}"#;
    assert_eq!(scored(&doc(), ok).timexes.found, 1);
    let wrong = ok.replace("2017-02-16", "2017-02-17");
    assert_eq!(scored(&doc(), &wrong).timexes.found, 0);
    let elsewhere = r#"{"timexes":[{"text":"BONN","span":[0,0],"value":["2017-02-16"]}]}"#;
    let s = scored(&doc(), elsewhere);
    assert_eq!(
        (s.timexes.found, s.timexes.matched, s.timexes.outputs),
        (0, 0, 1)
    );
}

#[test]
fn entities_match_by_name_or_mention_kind_and_code_prefix() {
    let s = scored(
        &doc(),
        r#"{"entities":[
            {"canonical":"Sergey Lavrov","kind":"person","country":"RUS"},
            {"canonical":"lavrov","kind":"person","country":null},
            {"canonical":"The Bonn","kind":"country","country":null},
            {"canonical":"Thursday","kind":"organization","country":"NATO"},
            {"canonical":"Mevlut Cavusoglu","kind":"person","country":"RUS"},
            {"canonical":"Sergey Lavrov","kind":"organization","country":null}
        ]}"#,
    );
    assert_eq!(s.entities.found, 4, "wrong code and wrong kind miss");
    assert_eq!(
        s.entities.matched, 3,
        "Cavusoglu is an output no gold entity matches"
    );
}

#[test]
fn a_quote_needs_the_snippet_and_the_speaker_through_the_entity() {
    let s = scored(
        &doc(),
        r#"{"quotes":[{"kind":"direct","contains":"met Cavusoglu","speaker":"Lavrov"}]}"#,
    );
    assert_eq!(s.quotes.found, 1);
    let s = scored(
        &doc(),
        r#"{"quotes":[{"kind":"direct","contains":"met Cavusoglu","speaker":"Cavusoglu"}]}"#,
    );
    assert_eq!(s.quotes.found, 0);
}

#[test]
fn events_match_type_root_date_refinement_place_and_roles() {
    let mut d = doc();
    d.events = vec![event(
        "CONSULT",
        "040",
        &["e1"],
        &["e2"],
        Some("2017-02-16"),
    )];
    let base = r#"{"events":[{"type":["CONSULT","04"],"date":"2017-02","place":"Bonn","participants":["Sergey Lavrov|RUS","Mevlut Cavusoglu|TUR"]}]}"#;
    assert_eq!(scored(&d, base).events.found, 1, "a day refines its month");
    let by_root = base.replace(r#"["CONSULT","04"]"#, r#"["04"]"#);
    assert_eq!(scored(&d, &by_root).events.found, 1);
    let by_code = base.replace("Mevlut Cavusoglu|TUR", "Turkey|TUR");
    assert_eq!(
        scored(&d, &by_code).events.found,
        1,
        "a participant matches by code"
    );
    let swapped = base.replace(
        r#""Sergey Lavrov|RUS","Mevlut Cavusoglu|TUR""#,
        r#""Mevlut Cavusoglu|TUR","Sergey Lavrov|RUS""#,
    );
    assert_eq!(scored(&d, &swapped).events.found, 1, "CONSULT is symmetric");
    let wrong_date = base.replace("2017-02", "2017-02-17");
    assert_eq!(scored(&d, &wrong_date).events.found, 0);
    let wrong_place = base.replace("Bonn", "Geneva");
    assert_eq!(scored(&d, &wrong_place).events.found, 0);
    d.events = vec![event("ACCUSE", "112", &["e1"], &["e2"], None)];
    let accuse = r#"{"events":[{"type":["ACCUSE"],"date":null,"place":null,"participants":["Mevlut Cavusoglu|TUR","Sergey Lavrov|RUS"]}]}"#;
    assert_eq!(
        scored(&d, accuse).events.found,
        0,
        "ACCUSE is not symmetric"
    );
    let s = scored(
        &d,
        &accuse.replace(
            r#""Mevlut Cavusoglu|TUR","Sergey Lavrov|RUS""#,
            r#""Sergey Lavrov|RUS","Mevlut Cavusoglu|TUR""#,
        ),
    );
    assert_eq!(
        (s.events.found, s.events.matched, s.events.outputs),
        (1, 1, 1)
    );
}

#[test]
fn statements_count_as_outputs_only_when_the_gold_has_them() {
    let mut d = doc();
    d.events = vec![event("STATEMENT", "010", &["e1"], &[], None)];
    let s = scored(
        &d,
        r#"{"events":[{"type":["ACCUSE"],"date":null,"place":null,"participants":["Sergey Lavrov|RUS"]}]}"#,
    );
    assert_eq!(s.events.outputs, 0);
}

#[test]
fn the_split_is_by_the_file_number() {
    assert_eq!(Part::of("d01.txt"), Some(Part::Tune));
    assert_eq!(Part::of("d02.txt"), Some(Part::HeldOut));
    assert_eq!(Part::of("d59.txt"), Some(Part::Tune));
}
