//! Recogniser tests on hand-written dispatches, with entities built by hand (the entity
//! stage's output is what the quote stage reads).

use super::*;
use annalist_core::{Entity, EntityKind, Mention, Metadata, Quote, QuoteKind, Span};
use proptest::prelude::*;

fn doc(text: &str) -> Document {
    Document::new(
        text.to_string(),
        Metadata {
            source: "test".into(),
            ..Metadata::default()
        },
    )
}

/// An entity with a mention at every occurrence of each of `forms`.
fn entity(
    doc: &Document,
    id: &str,
    name: &str,
    kind: EntityKind,
    role: Option<&str>,
    forms: &[&str],
) -> Entity {
    let mut mentions = Vec::new();
    for form in forms {
        for (at, _) in doc.text.match_indices(form) {
            mentions.push(Mention {
                span: Span::new(at, at + form.len()),
                text: form.to_string(),
                how: None,
            });
        }
    }
    mentions.sort_by_key(|m| m.span);
    Entity {
        id: id.into(),
        canonical: name.into(),
        kind,
        codes: vec![],
        role: role.map(str::to_string),
        country: None,
        geo: None,
        mentions,
    }
}

fn run(mut d: Document) -> Document {
    QuoteRecogniser::new().unwrap().annotate(&mut d);
    d
}

fn speaker_entity(q: &Quote) -> Option<&str> {
    q.speaker.as_ref().and_then(|s| s.entity.as_deref())
}

const DISPATCH: &str = "GENEVA, March 3. /TASS/. The talks will resume next week, Swiss Foreign Minister Anna Keller said at a briefing on Thursday.\n\n\"We have agreed on the agenda and both sides are ready to continue. The next round is expected soon,\" she said.\n\nAccording to the Swiss top diplomat, the delegations exchanged written proposals. \"Nobody expected a breakthrough at this stage of the process,\" she pointed out.\n\nThe ministry's press service reported that the venue had not changed.";

#[test]
fn seed_like_dispatch() {
    let mut d = doc(DISPATCH);
    let keller = entity(
        &d,
        "e1",
        "Anna Keller",
        EntityKind::Person,
        Some("Minister of Foreign Affairs of Switzerland"),
        &["Anna Keller"],
    );
    d.entities.push(keller);
    let d = run(d);
    let got: Vec<(QuoteKind, &str, Option<&str>, Option<&str>)> = d
        .quotes
        .iter()
        .map(|q| {
            (
                q.kind,
                q.text.as_str(),
                q.cue.as_ref().map(|c| c.text.as_str()),
                speaker_entity(q),
            )
        })
        .collect();
    assert_eq!(got.len(), 5, "{got:#?}");
    assert_eq!(got[0].0, QuoteKind::Indirect);
    assert_eq!(got[0].1, "The talks will resume next week");
    assert_eq!(got[0].2, Some("said"));
    assert_eq!(got[1].0, QuoteKind::Direct);
    assert!(got[1].1.starts_with("We have agreed") && got[1].1.ends_with("expected soon"));
    assert_eq!(got[2].1, "the delegations exchanged written proposals");
    assert_eq!(got[2].2, Some("According to"));
    assert_eq!(got[3].2, Some("pointed out"));
    for q in &got[..4] {
        assert_eq!(q.3, Some("e1"), "{q:?}");
    }
    assert_eq!(got[4].1, "the venue had not changed");
    assert_eq!(
        d.quotes[4].speaker.as_ref().map(|s| s.text.as_str()),
        Some("The ministry's press service")
    );
}

#[test]
fn split_quotation_gives_two_quotes_same_speaker() {
    let text = "\"We will not wait forever,\" Petrov said, \"and we expect an answer this month.\"";
    let d = run(doc(text));
    assert_eq!(d.quotes.len(), 2, "{:#?}", d.quotes);
    for q in &d.quotes {
        assert_eq!(q.kind, QuoteKind::Direct);
        assert_eq!(q.speaker.as_ref().map(|s| s.text.as_str()), Some("Petrov"));
        assert_eq!(q.cue.as_ref().map(|c| c.text.as_str()), Some("said"));
    }
}

#[test]
fn partial_quotation_is_mixed_and_organisation_speaks() {
    let text = "Seoul called the move \"deeply regrettable\" and urged restraint.";
    let mut d = doc(text);
    let seoul = entity(
        &d,
        "e1",
        "South Korea",
        EntityKind::Country,
        None,
        &["Seoul"],
    );
    d.entities.push(seoul);
    let d = run(d);
    assert_eq!(d.quotes.len(), 1, "{:#?}", d.quotes);
    assert_eq!(d.quotes[0].kind, QuoteKind::Mixed);
    assert!(d.quotes[0].text.contains("deeply regrettable"));
    assert_eq!(speaker_entity(&d.quotes[0]), Some("e1"));
}

#[test]
fn scare_quotes_are_not_quotations() {
    let d = run(doc("The so-called \"peace plan\" was published on Monday."));
    assert!(d.quotes.is_empty(), "{:#?}", d.quotes);
}

#[test]
fn addressee_and_unresolved_source() {
    let text = "A source in the delegation told TASS that the draft was ready.";
    let d = run(doc(text));
    assert_eq!(d.quotes.len(), 1, "{:#?}", d.quotes);
    let q = &d.quotes[0];
    assert_eq!(q.text, "the draft was ready");
    assert_eq!(
        q.speaker.as_ref().map(|s| s.text.as_str()),
        Some("A source in the delegation")
    );
    assert_eq!(q.speaker.as_ref().and_then(|s| s.entity.as_deref()), None);
    assert_eq!(q.addressee.as_ref().map(|s| s.text.as_str()), Some("TASS"));
}

#[test]
fn inverted_and_colon_forms() {
    let text = "\"The decision is final,\" said the spokesman.\n\nThe minister added: \"There will be no further delay in this matter.\"";
    let d = run(doc(text));
    assert_eq!(d.quotes.len(), 2, "{:#?}", d.quotes);
    assert_eq!(
        d.quotes[0].speaker.as_ref().map(|s| s.text.as_str()),
        Some("the spokesman")
    );
    assert_eq!(
        d.quotes[1].speaker.as_ref().map(|s| s.text.as_str()),
        Some("The minister")
    );
    assert_eq!(
        d.quotes[1].cue.as_ref().map(|c| c.text.as_str()),
        Some("added")
    );
}

#[test]
fn multi_paragraph_quote_and_stray_mark() {
    let text = "Ivanov said: \"The first part goes here without a close.\n\n\"And the second part ends it.\"\n\nA stray \" mark here.\n\n\"Later talks will follow,\" he said.";
    let d = run(doc(text));
    assert_eq!(d.quotes.len(), 2, "{:#?}", d.quotes);
    assert!(
        d.quotes[0].text.starts_with("The first part") && d.quotes[0].text.ends_with("ends it.")
    );
    assert_eq!(d.quotes[1].text, "Later talks will follow");
    assert_eq!(
        d.quotes[1].speaker.as_ref().map(|s| s.text.as_str()),
        Some("he")
    );
}

#[test]
fn pronoun_falls_back_to_latest_person() {
    let text = "Maria Lopez arrived in Madrid on Monday.\n\n\"We are ready to sign the agreement today,\" she said.";
    let mut d = doc(text);
    let lopez = entity(
        &d,
        "e7",
        "Maria Lopez",
        EntityKind::Person,
        None,
        &["Maria Lopez"],
    );
    d.entities.push(lopez);
    let d = run(d);
    assert_eq!(d.quotes.len(), 1);
    assert_eq!(speaker_entity(&d.quotes[0]), Some("e7"));
}

proptest! {
    #[test]
    fn no_panic_and_valid_spans(body in "[a-zA-Z ,.\"“”‘’«»„\n:-]{0,300}", cue in prop::sample::select(vec!["said", "told reporters", "according to", "adding that", "pointed out"])) {
        let text = format!("{body} he {cue} \"{body}\" {cue}, {body}");
        let d = run(doc(&text));
        for q in &d.quotes {
            prop_assert!(q.span.end <= d.text.len());
            prop_assert!(d.text.is_char_boundary(q.span.start) && d.text.is_char_boundary(q.span.end));
            prop_assert_eq!(&q.text, &d.text[q.span.start..q.span.end]);
            if let Some(c) = &q.cue {
                prop_assert_eq!(&c.text, &d.text[c.span.start..c.span.end]);
            }
            if let Some(s) = q.speaker.as_ref().and_then(|s| s.span) {
                prop_assert!(d.text.get(s.start..s.end).is_some());
            }
        }
        prop_assert!(d.quotes.windows(2).all(|w| w[0].span <= w[1].span));
    }
}

#[test]
fn colon_introduced_quote_and_unknown_verb() {
    let text = "The ministry made its position clear: \"There will be no talks under pressure from anyone.\"\n\n\"This is a fine result for everybody,\" beamed Olga Petrova.";
    let d = run(doc(text));
    assert_eq!(d.quotes.len(), 2, "{:#?}", d.quotes);
    assert_eq!(
        d.quotes[0].speaker.as_ref().map(|s| s.text.as_str()),
        Some("The ministry")
    );
    assert_eq!(d.quotes[0].cue, None);
    assert_eq!(
        d.quotes[1].speaker.as_ref().map(|s| s.text.as_str()),
        Some("Olga Petrova")
    );
    assert_eq!(
        d.quotes[1].cue.as_ref().map(|c| c.text.as_str()),
        Some("beamed")
    );
}

#[test]
fn quotation_paragraph_without_cue_inherits_the_speaker() {
    let text = "\"We are ready,\" said Ivan Orlov.\n\n\"The delegation will arrive on Monday and stay for three days.\"";
    let d = run(doc(text));
    assert_eq!(d.quotes.len(), 2, "{:#?}", d.quotes);
    assert_eq!(d.quotes[1].cue, None);
    let speaker = d.quotes[1].speaker.as_ref().unwrap();
    assert_eq!(speaker.text, "Ivan Orlov");
}

#[test]
fn mixed_marks_and_capitalised_name_cue() {
    // A straight opener closed by a curly mark; `Read` is a surname, not the verb.
    let text = "\"The deal is good for shareholders,” Read said.";
    let d = run(doc(text));
    assert_eq!(d.quotes.len(), 1, "{:#?}", d.quotes);
    assert_eq!(d.quotes[0].text, "The deal is good for shareholders");
    assert_eq!(
        d.quotes[0].speaker.as_ref().map(|s| s.text.as_str()),
        Some("Read")
    );
}

#[test]
fn appositive_and_bracketed_party() {
    let text = "\"We need more time,\" Sen. Jane Roe (D-Ore.) said on Friday.\n\nJohn Smith, the party's campaign manager, said that the vote was \"a turning point for us all.\"";
    let d = run(doc(text));
    assert_eq!(d.quotes.len(), 2, "{:#?}", d.quotes);
    assert_eq!(
        d.quotes[0].speaker.as_ref().map(|s| s.text.as_str()),
        Some("Sen. Jane Roe (D-Ore.)")
    );
    assert_eq!(d.quotes[1].kind, QuoteKind::Mixed);
    assert_eq!(
        d.quotes[1].speaker.as_ref().map(|s| s.text.as_str()),
        Some("John Smith")
    );
}

#[test]
fn word_classes_are_data() {
    let d = doc("Smith, who said the talks had failed, left early.");
    let cues = "say\tverb\tsaid\n";
    let speaker = |words: &str| {
        let lexicon = lexicon::Lexicon::from_sources(cues, words).unwrap();
        let hits = lexicon.find_cues(&d.text, 0);
        let ctx = attribute::Ctx::new(&d, &lexicon, &hits);
        let cue = d
            .tokens
            .iter()
            .position(|t| t.span.slice(&d.text) == "said");
        ctx.speaker_before(cue.unwrap(), 0)
            .map(|(a, b)| Span::new(d.tokens[a].span.start, d.tokens[b].span.end).slice(&d.text))
    };
    // `who` as a relative pronoun: the antecedent speaks; as a stop word only: nobody.
    assert_eq!(speaker("stop\twho\nrelative\twho\n"), Some("Smith"));
    assert_eq!(speaker("stop\twho\n"), None);
}

#[test]
fn said_then_adding_are_two_contents() {
    let text =
        "MINSK, May 4. /TASS/. The border will stay open, Interior Minister Oleg Dubrov said \
                on Monday, adding that checks would be tightened.";
    let d = doc(text);
    let minister = entity(
        &d,
        "e1",
        "Oleg Dubrov",
        EntityKind::Person,
        Some("Interior Minister"),
        &["Interior Minister Oleg Dubrov"],
    );
    let mut d = d;
    d.entities.push(minister);
    let d = run(d);
    let said: Vec<(&str, &str)> = d
        .quotes
        .iter()
        .map(|q| {
            (
                q.cue.as_ref().map_or("", |c| c.text.as_str()),
                q.text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        said,
        vec![
            ("said", "The border will stay open"),
            ("adding", "checks would be tightened"),
        ]
    );
    assert!(d.quotes.iter().all(|q| speaker_entity(q) == Some("e1")));
}

#[test]
fn a_pronoun_speaker_is_not_a_body_named_only_inside_a_quotation() {
    // The entity stage linked "it" to the last organisation before it, which the
    // ministry named inside its own words; the speaker is the ministry.
    let text = "The Swiss Foreign Ministry said: \"We count on the Danube Council.\" \
                It said the talks would resume.";
    let mut d = doc(text);
    let ministry = entity(
        &d,
        "e1",
        "Swiss Foreign Ministry",
        EntityKind::Organization,
        None,
        &["The Swiss Foreign Ministry"],
    );
    let council = entity(
        &d,
        "e2",
        "Danube Council",
        EntityKind::Organization,
        None,
        &["Danube Council", "It"],
    );
    d.entities.push(ministry);
    d.entities.push(council);
    let d = run(d);
    let resumed = d
        .quotes
        .iter()
        .find(|q| q.text.contains("resume"))
        .unwrap_or_else(|| panic!("{:#?}", d.quotes));
    assert_eq!(
        resumed.speaker.as_ref().map(|s| s.text.as_str()),
        Some("It")
    );
    assert_eq!(speaker_entity(resumed), Some("e1"));
}

#[test]
fn a_description_is_its_head_noun_not_a_name_modifying_it() {
    // "the Ruritanian NATO ambassador": NATO modifies the ambassador, who speaks.
    let text =
        "BRUSSELS, May 2. /TASS/. Ruritania's ambassador to NATO Ivo Marek spoke on Monday. \
                \"The alliance is not listening,\" the Ruritanian NATO ambassador said.";
    let mut d = doc(text);
    d.entities = vec![
        entity(&d, "e1", "NATO", EntityKind::Organization, None, &["NATO"]),
        entity(
            &d,
            "e2",
            "Ivo Marek",
            EntityKind::Person,
            Some("Ambassador of Ruritania"),
            &["Ivo Marek"],
        ),
    ];
    let d = run(d);
    let q = d
        .quotes
        .iter()
        .find(|q| q.text.contains("not listening"))
        .expect("the quotation");
    assert_eq!(speaker_entity(q), Some("e2"), "{q:?}");
}
