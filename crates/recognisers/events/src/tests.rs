//! Tests on hand-annotated documents: the entity, time and quote layers are filled by
//! hand, so these tests exercise the event stage alone.

use super::*;
use annalist_core::{Metadata, Quote, QuoteKind, Span, Speaker, TextSpan, Timex, TimexType};

const DISPATCH: &str = "date 2023-03-10
OSLO, March 10. /TASS/. Norway wants to receive firm guarantees from Denmark and Iceland because its partners never honoured their commitments, Norwegian Foreign Minister Ola Berg said at a press conference on Friday.

\"On March 6 in Bergen, talks were held between our and Danish experts. The commitments made long ago have never been honoured by our partners,\" he said.

According to the minister, the proposals submitted to Denmark in February remain on the table. On February 3, the Norwegian Foreign Ministry published the draft proposals. Consultations were held on March 6 in Bergen.

Iceland will sign an agreement with Norway next week. Finland and Sweden imposed sanctions on Belarus. Denmark did not attack Iceland.
";

fn occurrences(text: &str, needle: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find(needle)) {
        let start = from + i;
        let end = start + needle.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            out.push(Span::new(start, end));
        }
        from = end;
    }
    out
}

fn entity(
    doc: &mut Document,
    canonical: &str,
    kind: EntityKind,
    codes: &[&str],
    country: Option<&str>,
    mentions: &[&str],
) -> String {
    let id = format!("e{}", doc.entities.len() + 1);
    let mut ms = Vec::new();
    for m in mentions {
        for span in occurrences(&doc.text, m) {
            ms.push(Mention {
                span,
                text: m.to_string(),
                how: None,
            });
        }
    }
    doc.entities.push(Entity {
        id: id.clone(),
        canonical: canonical.to_string(),
        kind,
        codes: codes.iter().map(|c| c.to_string()).collect(),
        role: None,
        country: country.map(str::to_string),
        geo: None,
        mentions: ms,
    });
    id
}

/// A document of `text` read from `source`, before any stage.
fn fixture_doc(text: &str, source: &str) -> Document {
    Document::new(
        text.to_string(),
        Metadata {
            source: source.into(),
            ..Metadata::default()
        },
    )
}

fn timex(doc: &mut Document, text: &str, value: &str) {
    for span in occurrences(&doc.text, text) {
        doc.timexes.push(Timex {
            span,
            text: text.to_string(),
            kind: TimexType::Date,
            value: value.to_string(),
            modifier: None,
            quant: None,
            freq: None,
            resolved: true,
        });
    }
}

fn annotated() -> Document {
    let mut doc = fixture_doc(DISPATCH, "fixture");
    use EntityKind::*;
    entity(&mut doc, "Norway", Country, &["NOR"], None, &["Norway"]);
    entity(
        &mut doc,
        "Denmark",
        Country,
        &["DNK"],
        None,
        &["Denmark", "Danish"],
    );
    entity(&mut doc, "Iceland", Country, &["ISL"], None, &["Iceland"]);
    let berg = entity(
        &mut doc,
        "Ola Berg",
        Person,
        &["NORGOV"],
        Some("NOR"),
        &["Norwegian Foreign Minister Ola Berg", "he", "the minister"],
    );
    entity(
        &mut doc,
        "Ministry of Foreign Affairs of Norway",
        Organization,
        &["NORGOV"],
        Some("NOR"),
        &["Norwegian Foreign Ministry"],
    );
    entity(&mut doc, "Bergen", Place, &[], Some("NOR"), &["Bergen"]);
    entity(&mut doc, "Oslo", Place, &[], Some("NOR"), &["OSLO"]);
    entity(&mut doc, "Finland", Country, &["FIN"], None, &["Finland"]);
    entity(&mut doc, "Sweden", Country, &["SWE"], None, &["Sweden"]);
    entity(&mut doc, "Belarus", Country, &["BLR"], None, &["Belarus"]);
    doc.entities
        .iter_mut()
        .for_each(|e| e.mentions.sort_by_key(|m| m.span));
    timex(&mut doc, "Friday", "2023-03-10");
    timex(&mut doc, "March 6", "2023-03-06");
    timex(&mut doc, "February 3", "2023-02-03");
    timex(&mut doc, "next week", "2023-W11");
    let feb = occurrences(&doc.text, "February")[0];
    doc.timexes.push(Timex {
        span: feb,
        text: "February".into(),
        kind: TimexType::Date,
        value: "2023-02".into(),
        modifier: None,
        quant: None,
        freq: None,
        resolved: true,
    });
    doc.timexes.sort_by_key(|t| t.span);
    let open = doc.text.find("\"On March").unwrap() + 1;
    let close = doc.text.find(",\" he said").unwrap();
    let cue = doc.text.find("said.\n\nAccording").unwrap();
    doc.quotes.push(Quote {
        span: Span::new(open, close),
        text: doc.text[open..close].to_string(),
        kind: QuoteKind::Direct,
        cue: Some(TextSpan {
            span: Span::new(cue, cue + 4),
            text: "said".into(),
        }),
        speaker: Some(Speaker {
            entity: Some(berg),
            text: "he".into(),
            span: None,
        }),
        addressee: None,
    });
    doc
}

fn names(doc: &Document, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            doc.entity(id)
                .map(|e| e.canonical.clone())
                .unwrap_or_default()
        })
        .collect()
}

/// An event's actors, then its recipients, by name.
fn parties_of(doc: &Document, e: &Event) -> Vec<String> {
    let mut parties = names(doc, &e.actor);
    parties.extend(names(doc, &e.recipient));
    parties
}

fn analysed() -> Document {
    let mut doc = annotated();
    EventRecogniser::new().unwrap().annotate(&mut doc);
    doc
}

fn find<'d>(doc: &'d Document, kind: &str, date: Option<&str>) -> &'d Event {
    doc.events
        .iter()
        .find(|e| e.kind == kind && (date.is_none() || e.date.as_deref() == date))
        .unwrap_or_else(|| panic!("no {kind} {date:?} in {:#?}", doc.events))
}

#[test]
fn request_with_compound_recipients() {
    let doc = analysed();
    let e = find(&doc, "REQUEST", None);
    assert_eq!(names(&doc, &e.actor), ["Norway"]);
    assert_eq!(names(&doc, &e.recipient), ["Denmark", "Iceland"]);
    assert_eq!(e.date.as_deref(), Some("2023-03-10"));
    assert_eq!(e.cameo, "100");
    assert_eq!(e.quad_class, Some(3));
    assert!(e.goldstein.is_some());
}

#[test]
fn accusation_from_never_honoured_merges_both_mentions() {
    let doc = analysed();
    let accusations: Vec<_> = doc.events.iter().filter(|e| e.kind == "ACCUSE").collect();
    assert_eq!(accusations.len(), 1, "{:#?}", doc.events);
    let e = accusations[0];
    assert_eq!(names(&doc, &e.actor), ["Norway"]);
    let target = names(&doc, &e.recipient);
    assert_eq!(target.len(), 1);
    assert!(target[0].ends_with("partners"), "{target:?}");
    assert_eq!(e.mentions.len(), 2);
    assert!(!e.negated, "the negation is the accusation");
    assert_eq!(e.date.as_deref(), Some("2023-03-10"));
}

#[test]
fn statement_at_press_conference_in_dateline_city() {
    let doc = analysed();
    let e = find(&doc, "STATEMENT", None);
    assert_eq!(names(&doc, &e.actor), ["Ola Berg"]);
    assert_eq!(e.date.as_deref(), Some("2023-03-10"));
    assert_eq!(names(&doc, e.place.as_slice()), ["Oslo"]);
}

#[test]
fn talks_in_quote_merge_with_consultations() {
    let doc = analysed();
    let consult: Vec<_> = doc.events.iter().filter(|e| e.kind == "CONSULT").collect();
    assert_eq!(consult.len(), 1, "{consult:#?}");
    let e = consult[0];
    assert_eq!(names(&doc, &e.actor), ["Norway"]);
    assert_eq!(names(&doc, &e.recipient), ["Denmark"]);
    assert_eq!(e.date.as_deref(), Some("2023-03-06"));
    assert_eq!(names(&doc, e.place.as_slice()), ["Bergen"]);
    assert_eq!(e.mentions.len(), 2);
    assert_eq!(e.quote, Some(0));
}

#[test]
fn submitted_and_published_are_one_event_with_the_finer_date() {
    let doc = analysed();
    let e = find(&doc, "AGREE", Some("2023-02-03"));
    assert_eq!(e.mentions.len(), 2, "{:#?}", doc.events);
    assert_eq!(names(&doc, &e.recipient), ["Denmark"]);
    let actor = names(&doc, &e.actor);
    assert_eq!(actor, ["Ministry of Foreign Affairs of Norway"]);
}

#[test]
fn future_signing_is_an_intention() {
    let doc = analysed();
    let e = find(&doc, "AGREE", Some("2023-W11"));
    assert_eq!(e.modality, "future");
    assert!(e.cameo.starts_with("03"));
    assert_eq!(names(&doc, &e.actor), ["Iceland"]);
    assert_eq!(names(&doc, &e.recipient), ["Norway"]);
}

#[test]
fn compound_actors_and_negation() {
    let doc = analysed();
    let e = find(&doc, "SANCTION", None);
    assert_eq!(e.cameo, "163");
    assert_eq!(names(&doc, &e.actor), ["Finland", "Sweden"]);
    assert_eq!(names(&doc, &e.recipient), ["Belarus"]);
    let attack = find(&doc, "ASSAULT", None);
    assert!(attack.negated);
    assert_eq!(names(&doc, &attack.recipient), ["Iceland"]);
}

#[test]
fn request_event_has_its_codes() {
    // The GDELT and PLOVER rows of these events are tested in annalist-export.
    let doc = analysed();
    let request = find(&doc, "REQUEST", None);
    let code = |ids: &[String]| codes::actor_code(doc.entity(&ids[0]).unwrap());
    assert_eq!(code(&request.actor), "NOR");
    assert_eq!(code(&request.recipient), "DNK");
    assert_eq!(request.cameo, "100");
}

#[test]
fn ids_are_sequential_and_spans_valid() {
    let doc = analysed();
    for (i, e) in doc.events.iter().enumerate() {
        assert_eq!(e.id, format!("v{}", i + 1));
        for m in &e.mentions {
            assert!(doc.text.get(m.span.start..m.span.end).is_some());
            assert_eq!(doc.slice(m.trigger.span), m.trigger.text);
            assert!(m.span.contains(m.trigger.span));
        }
        for id in e.actor.iter().chain(&e.recipient) {
            assert!(doc.entity(id).is_some(), "dangling {id}");
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn never_panics(text in "[A-Za-z ,.\"'\n]{0,300}") {
        let mut doc = Document::new(text, Metadata::default());
        let len = doc.text.len();
        // Some entities on arbitrary words, to exercise the argument search.
        let words: Vec<Span> = doc.tokens.iter().map(|t| t.span).step_by(3).collect();
        for (k, span) in words.into_iter().enumerate() {
            doc.entities.push(Entity {
                id: format!("e{}", k + 1),
                canonical: format!("X{k}"),
                kind: if k % 2 == 0 { EntityKind::Country } else { EntityKind::Place },
                codes: vec![],
                role: None,
                country: None,
                geo: None,
                mentions: vec![Mention { span, text: String::new(), how: None }],
            });
        }
        EventRecogniser::new().unwrap().annotate(&mut doc);
        for e in &doc.events {
            for m in &e.mentions {
                proptest::prop_assert!(m.span.end <= len);
                proptest::prop_assert!(doc.text.is_char_boundary(m.span.start));
            }
        }
    }
}

fn simple(text: &str, countries: &[(&str, &str)]) -> Document {
    let mut doc = fixture_doc(text, "t");
    for (name, code) in countries {
        entity(&mut doc, name, EntityKind::Country, &[code], None, &[name]);
    }
    EventRecogniser::new().unwrap().annotate(&mut doc);
    doc
}

#[test]
fn visit_with_possessive_subject() {
    let doc = simple(
        "Freedonia's deputy foreign minister visited Sylvania today, the first such trip.",
        &[("Freedonia", "FRE"), ("Sylvania", "SYL")],
    );
    let e = find(&doc, "CONSULT", None);
    assert_eq!(names(&doc, &e.actor), ["Freedonia"]);
    assert_eq!(names(&doc, &e.recipient), ["Sylvania"]);
}

const SECOND: &str = "date 2023-05-02
VIENNA, May 2. /TASS/. A session of the Freedonia-Sylvania Commission was held on April 28 in Geneva. Sylvania proposed to extend the agreement, but Freedonia objected to their bids. The embassy was attacked by Sylvanian militants in 1998.
";

fn second() -> Document {
    let mut doc = fixture_doc(SECOND, "fixture2");
    use EntityKind::*;
    entity(
        &mut doc,
        "Freedonia",
        Country,
        &["FRE"],
        None,
        &["Freedonia"],
    );
    entity(
        &mut doc,
        "Sylvania",
        Country,
        &["SYL"],
        None,
        &["Sylvania", "Sylvanian"],
    );
    entity(
        &mut doc,
        "Freedonia-Sylvania Commission",
        Organization,
        &[],
        None,
        &["Freedonia-Sylvania Commission"],
    );
    entity(&mut doc, "Geneva", Place, &[], None, &["Geneva"]);
    // The composite name's parts are not separate mentions of the countries.
    for e in &mut doc.entities {
        let composite = Span::new(
            doc.text.find("Freedonia-Sylvania").unwrap(),
            doc.text.find(" Commission").unwrap() + 11,
        );
        if e.kind == Country {
            e.mentions.retain(|m| !composite.contains(m.span));
        }
    }
    timex(&mut doc, "April 28", "2023-04-28");
    timex(&mut doc, "1998", "1998");
    EventRecogniser::new().unwrap().annotate(&mut doc);
    doc
}

#[test]
fn bilateral_body_session_is_a_consultation_of_its_members() {
    let doc = second();
    let e = find(&doc, "CONSULT", None);
    let mut parties = parties_of(&doc, e);
    parties.sort();
    assert_eq!(parties, ["Freedonia", "Sylvania"]);
    assert_eq!(e.date.as_deref(), Some("2023-04-28"));
    assert_eq!(names(&doc, e.place.as_slice()), ["Geneva"]);
}

#[test]
fn proposal_and_objection() {
    let doc = second();
    let proposal = find(&doc, "AGREE", None);
    assert_eq!(names(&doc, &proposal.actor), ["Sylvania"]);
    let objection = find(&doc, "REJECT", None);
    assert_eq!(names(&doc, &objection.actor), ["Freedonia"]);
}

#[test]
fn passive_agent_with_country_group_and_historical_date() {
    let doc = second();
    let e = find(&doc, "ASSAULT", None);
    assert_eq!(e.modality, "historical");
    assert_eq!(e.date.as_deref(), Some("1998"));
    let actor = doc.entity(&e.actor[0]).unwrap();
    assert_eq!(actor.kind, EntityKind::Group);
    assert_eq!(actor.codes, ["SYLREB"]);
    assert_eq!(actor.country.as_deref(), Some("SYL"));
}

#[test]
fn verb_dictionary_triggers_take_precedence() {
    let dir = std::env::temp_dir().join(format!("annalist-events-verbs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("verbs.txt");
    std::fs::write(&path, "--- CONDEMN [999] ---\nCONDEMN\n- * RAIDS [998]\n").unwrap();
    let recogniser = EventRecogniser::with_verb_dictionaries(&[&path]).unwrap();
    let mut doc = Document::new(
        "Freedonia condemned Sylvania. Freedonia condemned raids by Sylvania.".to_string(),
        Metadata::default(),
    );
    entity(
        &mut doc,
        "Freedonia",
        EntityKind::Country,
        &["FRE"],
        None,
        &["Freedonia"],
    );
    entity(
        &mut doc,
        "Sylvania",
        EntityKind::Country,
        &["SYL"],
        None,
        &["Sylvania"],
    );
    recogniser.annotate(&mut doc);
    let codes: Vec<&str> = doc.events.iter().map(|e| e.cameo.as_str()).collect();
    assert_eq!(codes, ["999", "998"], "{:#?}", doc.events);
    let _ = std::fs::remove_dir_all(&dir);
}

fn with_dictionary(verbs: &str, agents: &str, text: &str, names: &[(&str, &str)]) -> Document {
    let dir = std::env::temp_dir().join(format!(
        "annalist-events-dict-{}-{}",
        std::process::id(),
        text.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let verb_path = dir.join("verbs.txt");
    let agent_path = dir.join("agents.txt");
    std::fs::write(&verb_path, verbs).unwrap();
    std::fs::write(&agent_path, agents).unwrap();
    let recogniser = EventRecogniser::with_verb_dictionaries(&[&verb_path])
        .unwrap()
        .with_agent_dictionaries(&[&agent_path])
        .unwrap();
    let mut doc = Document::new(text.to_string(), Metadata::default());
    for (name, code) in names {
        // Dictionary actors come as organisations with a bare country-level code; a name
        // without a code is an uncoded person.
        let (kind, codes): (EntityKind, &[&str]) = if code.is_empty() {
            (EntityKind::Person, &[])
        } else {
            (EntityKind::Organization, &[code])
        };
        entity(&mut doc, name, kind, codes, None, &[name]);
    }
    recogniser.annotate(&mut doc);
    let _ = std::fs::remove_dir_all(&dir);
    doc
}

fn codes(doc: &Document) -> Vec<(String, Vec<String>, Vec<String>)> {
    let code = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .filter_map(|id| doc.entity(id))
            .map(codes::actor_code)
            .collect()
    };
    doc.events
        .iter()
        .map(|e| (e.cameo.clone(), code(&e.actor), code(&e.recipient)))
        .collect()
}

#[test]
fn compound_subjects_cross_commas_but_not_fronted_places() {
    let doc = simple(
        "Freedonia, the small Sylvania, Latveria and Ruritania imposed sanctions on Genovia.",
        &[
            ("Freedonia", "FRE"),
            ("Sylvania", "SYL"),
            ("Latveria", "LAT"),
            ("Ruritania", "RUR"),
            ("Genovia", "GEN"),
        ],
    );
    let e = find(&doc, "SANCTION", None);
    assert_eq!(
        names(&doc, &e.actor),
        ["Freedonia", "Sylvania", "Latveria", "Ruritania"]
    );
    let doc = simple(
        "In Sylvania, Latveria and Ruritania imposed sanctions on Genovia.",
        &[
            ("Sylvania", "SYL"),
            ("Latveria", "LAT"),
            ("Ruritania", "RUR"),
            ("Genovia", "GEN"),
        ],
    );
    let e = find(&doc, "SANCTION", None);
    assert_eq!(names(&doc, &e.actor), ["Latveria", "Ruritania"]);
}

#[test]
fn recipient_lists_cross_commas() {
    let doc = simple(
        "Genovia imposed sanctions on Freedonia, Sylvania and Latveria after the vote.",
        &[
            ("Genovia", "GEN"),
            ("Freedonia", "FRE"),
            ("Sylvania", "SYL"),
            ("Latveria", "LAT"),
        ],
    );
    let e = find(&doc, "SANCTION", None);
    assert_eq!(
        names(&doc, &e.recipient),
        ["Freedonia", "Sylvania", "Latveria"]
    );
}

#[test]
fn uncoded_person_takes_the_country_of_the_sentence() {
    let mut doc = Document::new(
        "President Rufus Firefly threatened to ban Freedonian opposition parties.".to_string(),
        Metadata::default(),
    );
    let firefly = entity(
        &mut doc,
        "Rufus Firefly",
        EntityKind::Person,
        &[],
        None,
        &["Rufus Firefly"],
    );
    entity(
        &mut doc,
        "Freedonia",
        EntityKind::Country,
        &["FRE"],
        Some("FRE"),
        &["Freedonian"],
    );
    EventRecogniser::new().unwrap().annotate(&mut doc);
    let e = find(&doc, "THREATEN", None);
    assert_eq!(e.actor, std::slice::from_ref(&firefly));
    assert_eq!(
        doc.entity(&firefly).unwrap().country.as_deref(),
        Some("FRE")
    );

    // Two countries in the sentence: no guess.
    let mut doc = Document::new(
        "President Rufus Firefly threatened Sylvania and Freedonia.".to_string(),
        Metadata::default(),
    );
    let firefly = entity(
        &mut doc,
        "Rufus Firefly",
        EntityKind::Person,
        &[],
        None,
        &["Rufus Firefly"],
    );
    for (name, code) in [("Sylvania", "SYL"), ("Freedonia", "FRE")] {
        entity(
            &mut doc,
            name,
            EntityKind::Country,
            &[code],
            Some(code),
            &[name],
        );
    }
    EventRecogniser::new().unwrap().annotate(&mut doc);
    assert!(doc.entity(&firefly).unwrap().country.is_none());
}

const VERBS: &str = "&TIES\n+TRADE\n+&MORE\n\n&MORE\n+CULTURAL EXCHANGE\n\n--- MEND [064] ---\nMEND\n- * NEW_&TIES_RELATIONS [903]\n- HINTED WOULD * [1010]\n\n--- SAID [023] ---\nSAID\n";

#[test]
fn verb_patterns_with_synsets_and_words_before_the_verb() {
    let names = [("Freedonia", "FRE"), ("Sylvania", "SYL")];
    let doc = with_dictionary(
        VERBS,
        "",
        "Freedonia mended new trade relations with Sylvania.",
        &names,
    );
    assert_eq!(codes(&doc)[0].0, "903", "{:#?}", doc.events);
    let doc = with_dictionary(
        VERBS,
        "",
        "Freedonia mended new cultural exchange relations with Sylvania.",
        &names,
    );
    assert_eq!(codes(&doc)[0].0, "903");
    // `_` joins words: "new old trade relations" is not the pattern.
    let doc = with_dictionary(
        VERBS,
        "",
        "Freedonia mended new old trade relations with Sylvania.",
        &names,
    );
    assert_eq!(codes(&doc)[0].0, "064");
    let doc = with_dictionary(
        VERBS,
        "",
        "Freedonia hinted it would mend ties with Sylvania.",
        &names,
    );
    assert_eq!(codes(&doc)[0].0, "1010");
}

#[test]
fn reporting_verb_is_an_event_only_alone() {
    let names = [("Freedonia", "FRE"), ("Sylvania", "SYL")];
    let doc = with_dictionary(
        VERBS,
        "",
        "Freedonia mended ties with Sylvania, Freedonia said.",
        &names,
    );
    let found: Vec<String> = codes(&doc).into_iter().map(|c| c.0).collect();
    assert_eq!(found, ["064"]);
    let doc = with_dictionary(VERBS, "", "Freedonia said nothing.", &names);
    assert_eq!(codes(&doc)[0].0, "023");
}

#[test]
fn agents_compose_with_country_codes() {
    let names = [("Freedonia", "FRE"), ("Sylvania", "SYL")];
    let agents = "POLICE {} [~COP]\nMAIN_OPPOSITION_GROUP [~MOP]\nPRIME_MINISTER [~GOV]\n";
    let doc = with_dictionary(
        VERBS,
        agents,
        "Freedonia police mended ties with the Sylvania main opposition group.",
        &names,
    );
    assert_eq!(
        codes(&doc)[0],
        (
            "064".to_string(),
            vec!["FRECOP".to_string()],
            vec!["SYLMOP".to_string()]
        )
    );
    let doc = with_dictionary(
        VERBS,
        agents,
        "Police in Freedonia and Sylvania mended ties.",
        &names,
    );
    assert_eq!(codes(&doc)[0].1, ["FRECOP", "SYLCOP"]);
    let names = [
        ("Freedonia", "FRE"),
        ("Firefly", "FRE"),
        ("Sylvania", "SYL"),
    ];
    let doc = with_dictionary(
        VERBS,
        agents,
        "Freedonia Prime Minister Firefly mended ties with Sylvania.",
        &names,
    );
    assert_eq!(codes(&doc)[0].1, ["FREGOV"]);
    let names = [("Freedonia", "FRE"), ("Firefly", ""), ("Sylvania", "SYL")];
    let doc = with_dictionary(
        VERBS,
        "PRESIDENT [~GOV]\n",
        "Freedonia President Firefly mended ties with Sylvania.",
        &names,
    );
    assert_eq!(codes(&doc)[0].1, ["FREGOV"]);
}

#[test]
fn reverse_codes_and_pattern_marks() {
    let verbs = "--- VISIT [032:033] ---\nVISIT\n\n--- FIND [223] ---\nFIND {FOUND}\n- + WAS * DEAD IN $ [224]\n";
    let names = [("Freedonia", "FRE"), ("Sylvania", "SYL")];
    let doc = with_dictionary(verbs, "", "Freedonia visited Sylvania.", &names);
    assert_eq!(
        codes(&doc),
        [
            (
                "032".to_string(),
                vec!["FRE".to_string()],
                vec!["SYL".to_string()]
            ),
            (
                "033".to_string(),
                vec!["SYL".to_string()],
                vec!["FRE".to_string()]
            ),
        ]
    );
    let doc = with_dictionary(
        verbs,
        "",
        "Freedonia was found dead in Sylvania, the neighbour.",
        &names,
    );
    assert_eq!(
        codes(&doc),
        [(
            "224".to_string(),
            vec!["SYL".to_string()],
            vec!["FRE".to_string()]
        )]
    );
}

#[test]
fn dictionary_contractions_match_one_token() {
    let verbs = "&NEG\n+DID N'T\n+WILL NOT\n\n--- CLASH [121] ---\nCLASH\n- &NEG * [904]\n";
    let names = [("Freedonia", "FRE"), ("Sylvania", "SYL")];
    for text in [
        "Freedonia didn't clash with Sylvania.",
        "Freedonia will not clash with Sylvania.",
    ] {
        let doc = with_dictionary(verbs, "", text, &names);
        assert_eq!(codes(&doc)[0].0, "904", "{text}");
    }
    let doc = with_dictionary(verbs, "", "Freedonia clashed with Sylvania.", &names);
    assert_eq!(codes(&doc)[0].0, "121");
}

#[test]
fn dictionary_alone_leaves_built_in_triggers_out() {
    let dir = std::env::temp_dir().join(format!("annalist-events-only-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("verbs.txt");
    std::fs::write(&path, VERBS).unwrap();
    let text = "Freedonia held talks with Sylvania. Freedonia mended ties with Sylvania.";
    let run = |recogniser: EventRecogniser| {
        let mut doc = Document::new(text.to_string(), Metadata::default());
        for (name, code) in [("Freedonia", "FRE"), ("Sylvania", "SYL")] {
            entity(&mut doc, name, EntityKind::Country, &[code], None, &[name]);
        }
        recogniser.annotate(&mut doc);
        doc.events
            .iter()
            .map(|e| e.cameo.clone())
            .collect::<Vec<_>>()
    };
    let with_builtin = run(EventRecogniser::with_verb_dictionaries(&[&path]).unwrap());
    let alone = run(EventRecogniser::only_verb_dictionaries(&[&path]).unwrap());
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        with_builtin.iter().any(|c| c.starts_with("04")),
        "{with_builtin:?}"
    );
    assert_eq!(alone, ["064"]);
}

#[test]
fn compound_actor_patterns() {
    let verbs = "--- CONCUR [081] ---\nCONCUR {CONCURRED}\n- % * [030:030]\n- * WITH % [031]\n";
    let names = [
        ("Freedonia", "FRE"),
        ("Sylvania", "SYL"),
        ("Genovia", "GEN"),
    ];
    let code = |text: &str| {
        codes(&with_dictionary(verbs, "", text, &names))[0]
            .0
            .clone()
    };
    assert_eq!(code("Freedonia and Sylvania concur on trade."), "030");
    assert_eq!(code("Freedonia concurred on trade."), "081");
    assert_eq!(
        code("Freedonia concurred with Sylvania and Genovia."),
        "031"
    );
    assert_eq!(code("Freedonia concurred with Sylvania."), "081");
}

#[test]
fn sector_only_group_takes_the_country_of_the_sentence() {
    let doc = simple(
        "Armed rebels demanded the resignation of the Freedonia government.",
        &[("Freedonia", "FRE")],
    );
    let e = find(&doc, "REQUEST", None);
    let actor = doc.entity(&e.actor[0]).unwrap();
    assert_eq!(actor.kind, EntityKind::Group);
    assert_eq!(actor.codes, ["FREREB"]);
    assert_eq!(actor.country.as_deref(), Some("FRE"));
}

#[test]
fn the_longest_name_over_a_token_is_the_argument() {
    let mut doc = Document::new(
        "Sylvanian police arrested Sylvanian students on Monday.".to_string(),
        Metadata::default(),
    );
    entity(
        &mut doc,
        "Sylvania",
        EntityKind::Country,
        &["SYL"],
        Some("SYL"),
        &["Sylvanian"],
    );
    let students = entity(
        &mut doc,
        "Sylvanian students",
        EntityKind::Group,
        &["SYLEDU"],
        Some("SYL"),
        &["Sylvanian students"],
    );
    EventRecogniser::new().unwrap().annotate(&mut doc);
    let e = find(&doc, "COERCE", None);
    assert_eq!(e.recipient, std::slice::from_ref(&students));
}

#[test]
fn skipped_noun_phrase_before_a_target_mark() {
    let verbs = "--- CELEBRATE [043] ---\nCELEBRATE\n- * IFTAR IN ^ + [045]\n";
    let names = [
        ("Freedonia", "FRE"),
        ("Genovia", "GEN"),
        ("Sylvania", "SYL"),
    ];
    let doc = with_dictionary(
        verbs,
        "",
        "Freedonia celebrated Iftar in Genovia with the leaders of Sylvania.",
        &names,
    );
    assert_eq!(
        codes(&doc),
        [(
            "045".to_string(),
            vec!["FRE".to_string()],
            vec!["SYL".to_string()]
        )]
    );
}

/// The recogniser with the embedded grammar edited as data: `drop` removes the rows of a
/// class, `extra` adds rows.
fn with_grammar(drop: &str, extra: &str) -> EventRecogniser {
    let mut content: String = grammar::GRAMMAR_FILE
        .lines()
        .filter(|l| drop.is_empty() || !l.starts_with(&format!("{drop}\t")))
        .map(|l| format!("{l}\n"))
        .collect();
    content.push_str(extra);
    let mut recogniser = EventRecogniser::new().unwrap();
    recogniser.lex.grammar = grammar::Grammar::parse(&content).unwrap();
    recogniser
}

#[test]
fn grammar_words_are_data() {
    let negated = |recogniser: &EventRecogniser, text: &str| {
        let mut doc = fixture_doc(text, "t");
        for (name, code) in [("Freedonia", "FRE"), ("Sylvania", "SYL")] {
            entity(&mut doc, name, EntityKind::Country, &[code], None, &[name]);
        }
        recogniser.annotate(&mut doc);
        find(&doc, "ASSAULT", None).negated
    };
    let run = |recogniser: &EventRecogniser| {
        (
            negated(recogniser, "Freedonia hardly attacked Sylvania."),
            negated(recogniser, "Sylvania did not attack Freedonia."),
        )
    };
    assert_eq!(run(&EventRecogniser::new().unwrap()), (false, true));
    // A negation added in data negates; `not` removed from the class no longer does.
    assert_eq!(run(&with_grammar("", "negation\thardly\n")), (true, true));
    assert_eq!(
        run(&with_grammar("negation", "negation\tnever\n")),
        (false, false)
    );
}

const PAIRS: &str = "date 2023-05-02
OSLO, May 2. /TASS/. Norwegian Prime Minister Kari Lund held talks with Danish Prime Minister Jens Holm in Oslo on Tuesday. The minister praised Norwegian-Danish cooperation in the Arctic. The sides agreed to expand trade.
";

fn pairs() -> Document {
    let mut doc = fixture_doc(PAIRS, "fixture-pairs");
    use EntityKind::*;
    entity(&mut doc, "Norway", Country, &["NOR"], None, &["Norwegian"]);
    entity(&mut doc, "Denmark", Country, &["DNK"], None, &["Danish"]);
    entity(
        &mut doc,
        "Kari Lund",
        Person,
        &["NORGOV"],
        Some("NOR"),
        &["Kari Lund", "The minister"],
    );
    entity(
        &mut doc,
        "Jens Holm",
        Person,
        &["DNKGOV"],
        Some("DNK"),
        &["Jens Holm"],
    );
    entity(&mut doc, "Oslo", Place, &[], Some("NOR"), &["Oslo", "OSLO"]);
    // The title's demonyms belong to the names: only the hyphenated adjective's parts
    // stay mentions of the countries.
    let adjective = Span::new(
        doc.text.find("Norwegian-Danish").unwrap(),
        doc.text.find("-Danish cooperation").unwrap() + 7,
    );
    for e in &mut doc.entities {
        if e.kind == Country {
            e.mentions.retain(|m| adjective.contains(m.span));
        }
        e.mentions.sort_by_key(|m| m.span);
    }
    timex(&mut doc, "Tuesday", "2023-05-02");
    EventRecogniser::new().unwrap().annotate(&mut doc);
    doc
}

#[test]
fn a_hyphenated_adjective_of_two_countries_gives_a_joint_event_both_parties() {
    let doc = pairs();
    let e = find(&doc, "COOPERATE", None);
    let parties = parties_of(&doc, e);
    assert_eq!(parties, ["Norway", "Denmark"], "{e:#?}");
}

#[test]
fn the_sides_are_the_parties_the_dispatch_has_named() {
    let doc = pairs();
    let e = find(&doc, "AGREE", None);
    let mut parties = parties_of(&doc, e);
    parties.sort();
    assert_eq!(parties, ["Jens Holm", "Kari Lund"], "{e:#?}");
}

#[test]
fn sanctions_named_as_a_noun_and_the_verb_that_takes_them_as_object() {
    let text = "date 2023-05-02
OSLO, May 2. /TASS/. Norway's sanctions against Denmark took effect. Denmark lifted sanctions on Norway. Norway praised the end of anti-Danish sanctions.
";
    let mut doc = Document::new(text.to_string(), Metadata::default());
    use EntityKind::*;
    entity(&mut doc, "Norway", Country, &["NOR"], None, &["Norway"]);
    entity(
        &mut doc,
        "Denmark",
        Country,
        &["DNK"],
        None,
        &["Denmark", "Danish"],
    );
    EventRecogniser::new().unwrap().annotate(&mut doc);
    let sanctions: Vec<&Event> = doc.events.iter().filter(|e| e.kind == "SANCTION").collect();
    // "lifted sanctions": the sanctions are the lifting's object, no event of their own;
    // "anti-Danish sanctions": Denmark is the target, and no actor is named.
    assert_eq!(sanctions.len(), 1, "{:#?}", doc.events);
    assert_eq!(names(&doc, &sanctions[0].actor), ["Norway"]);
    assert_eq!(names(&doc, &sanctions[0].recipient), ["Denmark"]);
    let lifted = find(&doc, "RETREAT", None);
    assert_eq!(names(&doc, &lifted.actor), ["Denmark"]);
}

#[test]
fn a_joint_event_of_one_party_is_with_the_dispatchs_other_party_at_lower_confidence() {
    let text = "date 2023-05-02
OSLO, May 2. /TASS/. Norway held talks with Denmark on Tuesday. Norway wants closer cooperation, the minister said.
";
    let mut doc = Document::new(text.to_string(), Metadata::default());
    use EntityKind::*;
    entity(&mut doc, "Norway", Country, &["NOR"], None, &["Norway"]);
    entity(&mut doc, "Denmark", Country, &["DNK"], None, &["Denmark"]);
    timex(&mut doc, "Tuesday", "2023-05-02");
    EventRecogniser::new().unwrap().annotate(&mut doc);
    let talks = find(&doc, "CONSULT", None);
    let cooperation = find(&doc, "COOPERATE", None);
    assert_eq!(names(&doc, &cooperation.actor), ["Norway"]);
    assert_eq!(names(&doc, &cooperation.recipient), ["Denmark"]);
    // The talks name both parties; the cooperation's counterpart is inferred.
    assert!(
        cooperation.confidence < talks.confidence,
        "{:#?}",
        doc.events
    );
}

#[test]
fn an_instruction_is_a_demand() {
    let text = "date 2023-05-02
OSLO, May 2. /TASS/. Kari Lund has instructed the Norwegian Defence Ministry to protect national interests in the Arctic.
";
    let mut doc = Document::new(text.to_string(), Metadata::default());
    use EntityKind::*;
    entity(
        &mut doc,
        "Kari Lund",
        Person,
        &["NORGOV"],
        Some("NOR"),
        &["Kari Lund"],
    );
    entity(
        &mut doc,
        "Ministry of Defence of Norway",
        Organization,
        &["NORMIL"],
        Some("NOR"),
        &["Norwegian Defence Ministry"],
    );
    EventRecogniser::new().unwrap().annotate(&mut doc);
    let e = find(&doc, "REQUEST", None);
    assert_eq!(e.cameo, "100");
    assert_eq!(
        parties_of(&doc, e),
        ["Kari Lund", "Ministry of Defence of Norway"]
    );
}
