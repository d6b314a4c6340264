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
        date_source: None,
        confidence: 0.0,
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
    let statements =
        r#"{"events":[{"type":["STATEMENT"],"date":null,"place":null,"participants":[]}]}"#;
    let counted = score_dispatch(&d, &gold(statements), true).score;
    assert_eq!((counted.events.outputs, counted.events.matched), (1, 1));
    assert!(gold(statements).events.iter().any(lists_statements));
}

#[test]
fn the_split_is_by_the_file_number() {
    assert_eq!(Part::of("d01.txt"), Some(Part::Tune));
    assert_eq!(Part::of("d02.txt"), Some(Part::HeldOut));
    assert_eq!(Part::of("d59.txt"), Some(Part::Tune));
}

#[test]
fn other_names_are_in_neither_part() {
    assert_eq!(Part::of("d10.txt"), Some(Part::HeldOut));
    assert_eq!(Part::of("d.txt"), None);
    assert_eq!(Part::of("notes.txt"), None);
    assert_eq!(Part::of("d01.json"), None);
}

#[test]
fn a_date_equals_or_refines_the_gold_date() {
    assert!(date_refines(Some("2017-02-16TEV"), Some("2017-02-16")));
    assert!(date_refines(Some("2017-02-16"), Some("2017-02")));
    assert!(date_refines(Some("2017-02-16TEV"), Some("2017-02")));
    assert!(date_refines(Some("2017-02"), Some("2017-02")));
    assert!(date_refines(None, None), "a null gold date accepts any");
    assert!(date_refines(Some("2016"), None));
    assert!(!date_refines(None, Some("2017-02")));
    assert!(
        !date_refines(Some("2017-02"), Some("2017-02-16")),
        "coarser"
    );
    assert!(!date_refines(Some("2017-02-16"), Some("2017-02-1")));
    assert!(!date_refines(Some("2017-03-16"), Some("2017-02")));
}

#[test]
fn names_ignore_case_spaces_and_a_leading_the() {
    assert!(same_name("The European Union", "european union"));
    assert!(same_name("THE  KREMLIN", "Kremlin"));
    assert!(same_name("the Hague", "Hague"));
    assert!(!same_name("Theodore Roosevelt", "odore Roosevelt"));
    assert!(!same_name("Kremlin", "Kremlin Palace"));
}

#[test]
fn codes_match_by_prefix_and_the_three_organisations_by_their_codes() {
    let mut e = entity("e9", "X", EntityKind::Organization, &["IGOWSTNAT"], "BONN");
    assert!(has_code(&e, "NATO"));
    assert!(!has_code(&e, "EU"));
    e.codes = vec!["IGOEUREEC".into()];
    assert!(has_code(&e, "EU"));
    e.codes = vec!["IGOUNO".into()];
    assert!(has_code(&e, "UN"));
    e.codes = vec!["RUSGOV".into()];
    assert!(has_code(&e, "RUS"));
    assert!(!has_code(&e, "UKR"));
    e.codes.clear();
    e.country = Some("RUS".into());
    assert!(has_code(&e, "RUS"), "the country counts as a code");
}

#[test]
fn kinds_are_compatible_when_equal_or_country_place_or_group_organization() {
    use EntityKind::*;
    assert!(kinds_compatible(Country, "place"));
    assert!(kinds_compatible(Place, "country"));
    assert!(kinds_compatible(Group, "organization"));
    assert!(kinds_compatible(Person, "person"));
    assert!(!kinds_compatible(Person, "organization"));
    assert!(!kinds_compatible(Organization, "place"));
    assert!(
        !kinds_compatible(Place, "sea"),
        "an unknown gold kind matches nothing"
    );
}

#[test]
fn a_speaker_resolves_by_any_mention_or_by_its_text_when_unresolved() {
    let mut d = doc();
    let mut ministry = entity(
        "e5",
        "Ministry of Foreign Affairs of Russia",
        EntityKind::Organization,
        &["RUSGOV"],
        "BONN",
    );
    ministry.mentions[0].text = "Russian Foreign Ministry".into();
    d.entities.push(ministry);
    d.quotes[0].speaker = Some(Speaker {
        entity: Some("e5".into()),
        text: "the ministry".into(),
        span: None,
    });
    let gold = r#"{"quotes":[{"kind":"direct","contains":"Lavrov met","speaker":"the Russian Foreign Ministry"}]}"#;
    assert_eq!(
        scored(&d, gold).quotes.found,
        1,
        "by a mention, not the canonical name"
    );
    d.quotes[0].speaker = Some(Speaker {
        entity: None,
        text: "Russian Foreign Ministry".into(),
        span: None,
    });
    assert_eq!(scored(&d, gold).quotes.found, 1, "unresolved: by the text");
    d.quotes[0].speaker = None;
    assert_eq!(scored(&d, gold).quotes.found, 0);
    let elsewhere = gold.replace("Lavrov met", "Thursday");
    assert_eq!(
        scored(&doc(), &elsewhere).quotes.found,
        0,
        "snippet not quoted"
    );
}

#[test]
fn symmetric_types_accept_joint_actors_others_do_not() {
    let gold = r#"{"events":[{"type":["CONSULT","REQUEST"],"date":null,"place":null,"participants":["Sergey Lavrov|RUS","Mevlut Cavusoglu|TUR"]}]}"#;
    let mut d = doc();
    d.events = vec![event("CONSULT", "040", &["e1", "e2"], &[], None)];
    assert_eq!(scored(&d, gold).events.found, 1);
    d.events = vec![event("REQUEST", "100", &["e1", "e2"], &[], None)];
    assert_eq!(scored(&d, gold).events.found, 0);
    d.events = vec![event("CONSULT", "040", &[], &["e1", "e2"], None)];
    assert_eq!(scored(&d, gold).events.found, 0, "not as joint recipients");
}

#[test]
fn a_cameo_code_accepts_its_subcodes_only() {
    let gold = r#"{"events":[{"type":["057"],"date":null,"place":null,"participants":[]}]}"#;
    let mut d = doc();
    d.events = vec![event("SUPPORT", "057", &[], &[], None)];
    assert_eq!(scored(&d, gold).events.found, 1);
    d.events = vec![event("COOPERATE", "05", &[], &[], None)];
    assert_eq!(scored(&d, gold).events.found, 0, "05 is coarser than 057");
    d.events = vec![event("AGREE", "036", &[], &[], None)];
    let by_root = gold.replace("057", "03");
    assert_eq!(scored(&d, &by_root).events.found, 1);
}

#[test]
fn a_participant_without_a_code_matches_by_name_only() {
    let gold = r#"{"events":[{"type":["ACCUSE"],"date":null,"place":null,"participants":["Sergey Lavrov","Turkey"]}]}"#;
    let mut d = doc();
    d.events = vec![event("ACCUSE", "112", &["e1"], &["e2"], None)];
    assert_eq!(
        scored(&d, gold).events.found,
        0,
        "Turkey has no code to match by"
    );
    let with_code = gold.replace("\"Turkey\"", "\"Turkey|TUR\"");
    assert_eq!(scored(&d, &with_code).events.found, 1);
}

#[test]
fn held_out_details_are_never_kept() {
    let mut d = doc();
    d.events = vec![event("ACCUSE", "112", &["e1"], &["e2"], None)];
    let gold =
        gold(r#"{"entities":[{"canonical":"Secret Held Name","kind":"person","country":null}]}"#);
    let mut report = DispatchReport::default();
    report.add("d02.txt", Part::HeldOut, score_dispatch(&d, &gold, false));
    assert_eq!(report.held_out.entities.gold, 1);
    assert!(report.details.is_empty());
    assert!(!report.render(true).contains("Secret Held Name"));
    report.add("d01.txt", Part::Tune, score_dispatch(&d, &gold, false));
    assert!(report.render(true).contains("Secret Held Name"));
}

#[test]
fn a_bad_gold_entry_names_the_fact_but_not_its_text() {
    let err = parse_entry(
        serde_json::from_str(r#"{"timexes":[{"text":"Friday","span":[0,6],"value":["X"]}]}"#)
            .unwrap(),
        TEXT,
    )
    .unwrap_err();
    assert_eq!(err, "gold timex #1: text not in the dispatch");
    let err = parse_entry(
        serde_json::from_str(r#"{"quotes":[{"kind":"direct","contains":"Friday","speaker":"X"}]}"#)
            .unwrap(),
        TEXT,
    )
    .unwrap_err();
    assert_eq!(err, "gold quote #1: snippet not in the dispatch");
    let err = parse_entry(
        serde_json::from_str(r#"{"events":[{"type":"X"}]}"#).unwrap(),
        TEXT,
    );
    assert!(err.unwrap_err().starts_with("gold entry does not parse"));
}

// ---------------------------------------------------------------- fixtures, analysed

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dispatches")
        .join(name)
}

fn analyzer() -> Analyzer {
    Analyzer::new(&annalist::Options::default()).expect("embedded data loads")
}

#[test]
fn the_header_gives_the_dct_and_spans_count_from_the_start_of_the_file() {
    let path = fixture("tass/d01.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = analyzer().analyze(text.clone(), Metadata::default());
    assert_eq!(
        doc.dct.map(|d| d.to_string()).as_deref(),
        Some("2017-02-16")
    );
    assert_eq!(doc.text, text, "the header stays in the text");
    let at = text.find("Thursday").unwrap();
    let timex = doc.timexes.iter().find(|t| t.text == "Thursday");
    assert_eq!(timex.map(|t| t.span), Some(Span::new(at, at + 8)));
}

#[test]
fn a_fixture_folder_is_scored_in_two_parts() {
    let report = evaluate(&analyzer(), &fixture("tass")).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!((report.tune.dispatches, report.held_out.dispatches), (2, 1));
    assert_eq!((report.tune.dct_ok, report.held_out.dct_ok), (2, 1));
    let gold = |p: &PartScore| {
        (
            p.timexes.gold,
            p.entities.gold,
            p.quotes.gold,
            p.events.gold,
        )
    };
    assert_eq!(gold(&report.tune), (5, 7, 3, 3));
    assert_eq!(gold(&report.held_out), (2, 2, 1, 1));
    // The dateline dates are found: the gold's and annalist's spans have the same base.
    assert!(report.tune.timexes.found >= 2);
    assert!(!report.statements_counted);
    let files: Vec<&str> = report.details.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(files, ["d01.txt", "d03.txt"]);
    let text = report.render(true);
    assert!(text.contains("tune") && text.contains("held-out") && text.contains("lower bound"));
    assert!(!text.contains("Zorbanian"), "a held-out detail was printed");
}

#[test]
fn bad_entries_and_missing_files_are_reported_and_the_rest_scored() {
    let report = evaluate(&analyzer(), &fixture("broken")).unwrap();
    let errors = report.errors.join("\n");
    assert!(errors.contains("d01.txt: gold timex #1: text not in the dispatch"));
    assert!(errors.contains("d02.txt: cannot read"));
    assert!(errors.contains("d03.txt: gold entry does not parse"));
    assert!(errors.contains("notes.txt: not a dNN.txt name"));
    assert!(errors.contains("d05.txt: not in gold.json"));
    assert_eq!(report.errors.len(), 5);
    assert_eq!((report.tune.dispatches, report.held_out.dispatches), (1, 0));
    assert!(report.render(false).contains("errors (files not scored)"));
}

#[test]
fn an_unparsable_gold_file_is_an_error_naming_it() {
    let err = evaluate(&analyzer(), &fixture("unparsable")).unwrap_err();
    let message = format!("{err:#}");
    assert!(message.contains("unparsable/gold.json"), "{message}");
    let err = evaluate(&analyzer(), &fixture("nowhere")).unwrap_err();
    assert!(format!("{err:#}").contains("nowhere/gold.json"));
}
