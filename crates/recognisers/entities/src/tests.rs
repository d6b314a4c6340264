//! Tests over small fixture gazetteers (our own rows and sentences, in the data formats).

use super::*;
use annalist_core::{EntityKind, Metadata};
use proptest::prelude::*;

const COUNTRIES: &str = "# iso3\tiso2\tname\taliases\tdemonyms\tcapital\tlat\tlon\tcameo\tregion\n\
FRA\tFR\tFrance\tFrench Republic\tFrench\tParis\t46.2\t2.2\tFRA\tEurope\n\
DEU\tDE\tGermany\tFederal Republic of Germany\tGerman|Germans\tBerlin\t51.2\t10.4\tDEU\tEurope\n\
USA\tUS\tUnited States\tUS|U.S.|United States of America|America\tAmerican|Americans\tWashington\t39.8\t-98.6\tUSA\tNorth America\n\
RUS\tRU\tRussia\tRussian Federation\tRussian|Russians\tMoscow\t61.5\t105.3\tRUS\tEurope\n\
CHE\tCH\tSwitzerland\t\tSwiss\tBern\t46.8\t8.2\tCHE\tEurope\n";

const PLACES: &str = "# geonames_id\tname\taliases\tcountry_iso3\tlat\tlon\tpopulation\tfeature\n\
2988507\tParis\t\tFRA\t48.85\t2.35\t2138551\tcapital\n\
4717560\tParis\t\tUSA\t33.66\t-95.56\t24782\tcity\n\
2950159\tBerlin\t\tDEU\t52.52\t13.41\t3426354\tcapital\n\
2660646\tGeneva\tGenève\tCHE\t46.20\t6.14\t183981\tcity\n\
4140963\tWashington\tWashington, D.C.\tUSA\t38.90\t-77.04\t601723\tcapital\n\
524901\tMoscow\t\tRUS\t55.75\t37.62\t10381222\tcapital\n\
2661552\tBern\t\tCHE\t46.95\t7.45\t121631\tcapital\n";

const ORGS: &str = "# canonical\taliases\tkind\tcountry_iso3\tcameo\tparent\n\
European Union\tEU|E.U.\tigo\t\tIGOEEU\t\n\
TASS\tTASS news agency\tmedia\tRUS\tRUSMED\t\n\
Government of Russia\tthe Kremlin|Kremlin\tgovernment\tRUS\tRUSGOV\t\n\
Ministry of Foreign Affairs of France\tFrench Foreign Ministry|Quai d'Orsay\tministry\tFRA\tFRAGOV\t\n";

const HOLDERS: &str = "# name\taliases\tgender\trole\tcountry_or_org\tcameo\tstart\tend\n\
Claire Dumont\t\tf\tMinister of Foreign Affairs\tFRA\tFRAGOV\t2022-01-01\t\n\
Henri Vasseur\t\tm\tMinister of Foreign Affairs\tFRA\tFRAGOV\t2015-01-01\t2021-12-31\n";

/// The fixture gazetteers above, with the embedded data for the rest.
fn fixture_sources() -> Sources<'static> {
    Sources {
        countries: COUNTRIES,
        places: PLACES,
        organizations: ORGS,
        office_holders: HOLDERS,
        ..Sources::embedded()
    }
}

/// A recogniser over `sources`, whose data must load without a problem.
fn checked(sources: &Sources, dictionary: ActorDictionary) -> EntityRecogniser {
    let r = EntityRecogniser::from_sources(sources, dictionary).unwrap();
    assert!(r.data_problems().is_empty(), "{:?}", r.data_problems());
    r
}

fn fixture(dictionary: ActorDictionary) -> EntityRecogniser {
    checked(&fixture_sources(), dictionary)
}

fn analyse(r: &EntityRecogniser, text: &str) -> Document {
    let mut doc = Document::new(text.to_string(), Metadata::default());
    r.annotate(&mut doc);
    doc
}

fn entity<'d>(doc: &'d Document, canonical: &str) -> &'d annalist_core::Entity {
    doc.entities
        .iter()
        .find(|e| e.canonical == canonical)
        .unwrap_or_else(|| panic!("no {canonical} in {:#?}", doc.entities))
}

const DISPATCH: &str = "date 2023-05-10\nPARIS, May 10. /TASS/. France wants firm commitments from Germany and the US, since Western partners have ignored their promises, French Foreign Minister Claire Dumont said on Wednesday.\n\n\"We need written guarantees, not words,\" she said.\n\nAccording to the French top diplomat, the proposals sent to Berlin in April are a package. \"Talks took place in Geneva,\" she added. The Kremlin has not replied. Earlier, the French Foreign Ministry published the letters between Paris and Washington.";

#[test]
fn seed_like_dispatch() {
    let r = fixture(ActorDictionary::default());
    let doc = analyse(&r, DISPATCH);
    let dumont = entity(&doc, "Claire Dumont");
    assert_eq!(dumont.kind, EntityKind::Person);
    assert_eq!(dumont.codes, vec!["FRAGOV"]);
    assert_eq!(
        dumont.role.as_deref(),
        Some("Minister of Foreign Affairs of France")
    );
    let texts: Vec<&str> = dumont.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(
        texts,
        vec!["Claire Dumont", "she", "the French top diplomat", "she"]
    );
    assert_eq!(dumont.mentions[1].how.as_deref(), Some("pronoun"));

    let paris = entity(&doc, "Paris");
    assert_eq!(paris.country.as_deref(), Some("FRA"));
    assert_eq!(paris.mentions[0].how.as_deref(), Some("dateline"));
    assert_eq!(
        paris.geo.as_ref().and_then(|g| g.geonames_id),
        Some(2988507)
    );
    let washington = entity(&doc, "Washington");
    assert_eq!(washington.codes, vec!["USAGOV"]);
    assert_eq!(washington.mentions[0].how.as_deref(), Some("metonymy"));
    assert_eq!(entity(&doc, "United States").codes[0], "USA");
    assert_eq!(entity(&doc, "Geneva").country.as_deref(), Some("CHE"));
    assert_eq!(entity(&doc, "Government of Russia").codes, vec!["RUSGOV"]);
    assert_eq!(
        entity(&doc, "Government of Russia").mentions[0].text,
        "Kremlin"
    );
    assert_eq!(entity(&doc, "TASS").kind, EntityKind::Organization);
    let partners = entity(&doc, "Western partners");
    assert_eq!(partners.kind, EntityKind::Group);
    assert!(partners.mentions.iter().any(|m| m.text == "their"));
    assert_eq!(
        entity(&doc, "Ministry of Foreign Affairs of France").codes,
        vec!["FRAGOV"]
    );
    // Entities come in order of first mention with ids e1, e2, ...
    assert_eq!(doc.entities[0].id, "e1");
    let firsts: Vec<usize> = doc
        .entities
        .iter()
        .map(|e| e.mentions[0].span.start)
        .collect();
    assert!(firsts.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn office_holder_resolved_at_dispatch_date() {
    let r = fixture(ActorDictionary::default());
    let doc = analyse(&r, "date 2019-03-01\nThe French top diplomat met reporters. Henri Vasseur said the talks went well.");
    let vasseur = entity(&doc, "Henri Vasseur");
    assert_eq!(vasseur.codes, vec!["FRAGOV"]);
    assert!(vasseur
        .mentions
        .iter()
        .any(|m| m.text == "The French top diplomat"));
    let later = analyse(
        &r,
        "date 2024-03-01\nHenri Vasseur said the talks went well.",
    );
    assert!(entity(&later, "Henri Vasseur").codes.is_empty());
}

#[test]
fn unknown_names_from_context() {
    let r = fixture(ActorDictionary::default());
    let doc = analyse(
        &r,
        "date 2023-05-10\nGerman Defence Minister Jonas Albrecht met Marta Kowalczyk of the Baltic Shipping Council in Bern. Albrecht said he was pleased.",
    );
    let albrecht = entity(&doc, "Jonas Albrecht");
    assert_eq!(albrecht.codes, vec!["DEUGOV"]);
    assert_eq!(
        albrecht.role.as_deref(),
        Some("Minister of Defence of Germany")
    );
    assert!(albrecht
        .mentions
        .iter()
        .any(|m| m.text == "Albrecht" && m.how.as_deref() == Some("surname")));
    assert!(albrecht.mentions.iter().any(|m| m.text == "he"));
    assert_eq!(entity(&doc, "Marta Kowalczyk").kind, EntityKind::Person);
    assert_eq!(
        entity(&doc, "Baltic Shipping Council").kind,
        EntityKind::Organization
    );
    assert_eq!(entity(&doc, "Bern").country.as_deref(), Some("CHE"));
}

#[test]
fn envoys_acronyms_hyphens_and_events() {
    let r = fixture(ActorDictionary::default());
    let doc = analyse(
        &r,
        "date 2023-05-10\nPARIS, May 10. /TASS/. German Ambassador to France Lena Vogt met the Bureau for Coastal Fisheries Research. The BCFR said the Russian-backed plan and the 2022 Swiss federal election were discussed. First Deputy Prime Minister Paul Girard attended.",
    );
    let vogt = entity(&doc, "Lena Vogt");
    assert_eq!(vogt.codes, vec!["DEUGOV"]);
    assert_eq!(vogt.role.as_deref(), Some("Ambassador of Germany"));
    let bureau = entity(&doc, "Bureau for Coastal Fisheries Research");
    assert!(bureau
        .mentions
        .iter()
        .any(|m| m.text == "BCFR" && m.how.as_deref() == Some("acronym")));
    assert!(entity(&doc, "Russia")
        .mentions
        .iter()
        .any(|m| m.text == "Russian"));
    // An election's name is not an entity; a title without a country takes the dateline's.
    assert!(!doc
        .entities
        .iter()
        .any(|e| e.mentions.iter().any(|m| m.text == "Swiss")));
    let girard = entity(&doc, "Paul Girard");
    assert_eq!(girard.codes, vec!["FRAGOV"]);
}

#[test]
fn a_hyphenated_adjective_of_countries_names_each_country() {
    let r = fixture(ActorDictionary::default());
    let doc = analyse(
        &r,
        "date 2023-05-10\nPARIS, May 10. /TASS/. The ministers praised Franco-Swiss ties, French-German cooperation and US-Russian talks. The Swiss-German Chamber of Commerce met.",
    );
    let mentioned = |country: &str, text: &str| {
        entity(&doc, country)
            .mentions
            .iter()
            .any(|m| m.text == text && doc.slice(m.span) == text)
    };
    assert!(mentioned("France", "French") && mentioned("Germany", "German"));
    assert!(mentioned("United States", "US") && mentioned("Russia", "Russian"));
    // "Franco" is no demonym of the table: the adjective is left alone.
    assert!(!doc.entities.iter().any(|e| e
        .mentions
        .iter()
        .any(|m| m.text == "Swiss" && m.span.start < 80)));
    // Before a capitalised word the hyphenated word is part of a name.
    assert!(!entity(&doc, "Germany")
        .mentions
        .iter()
        .any(|m| doc.text.get(m.span.start.saturating_sub(6)..m.span.start) == Some("Swiss-")));
}

#[test]
fn ambiguous_places_ranked_by_dispatch_countries_then_population() {
    let r = fixture(ActorDictionary::default());
    let doc = analyse(&r, "Crowds gathered in Paris on Monday.");
    assert_eq!(entity(&doc, "Paris").country.as_deref(), Some("FRA"));
}

#[test]
fn phoenix_actors_and_agents_compose_codes() {
    let dictionary = ActorDictionary {
        actors: phoenix::parse_actors(
            "ZORBANIA_ [ZRB]\n+ZORBANIAN_\nIVAN_PETROVSKI_\n\t[ZRBGOV >20150301]\n",
        ),
        agents: phoenix::parse_agents("MINISTER_OF_SILLY_WALKS [~GOV]\n"),
    };
    let r = fixture(dictionary);
    let doc = analyse(
        &r,
        "date 2022-01-14\nIvan Petrovski, who leads Zorbania, spoke.",
    );
    let ivan = entity(&doc, "Ivan Petrovski");
    assert_eq!(ivan.codes, vec!["ZRBGOV"]);
    assert_eq!(ivan.kind, EntityKind::Person);
    assert!(doc.entities.iter().any(|e| e.codes == vec!["ZRB"]));
    let doc = analyse(
        &r,
        "date 2022-01-14\nThe Russian minister of silly walks Boris Kuznetsov resigned.",
    );
    let boris = entity(&doc, "Boris Kuznetsov");
    assert_eq!(boris.codes, vec!["RUSGOV"]);
}

#[test]
fn embedded_data_loads_cleanly() {
    let r = EntityRecogniser::new().unwrap();
    assert!(r.data_problems().is_empty(), "{:?}", r.data_problems());
    assert!(r.gazetteer().countries.len() > 150);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn spans_valid_on_any_input(text in "\\PC{0,300}") {
        static R: std::sync::OnceLock<EntityRecogniser> = std::sync::OnceLock::new();
        let r = R.get_or_init(|| EntityRecogniser::new().unwrap());
        let doc = analyse(r, &text);
        for e in &doc.entities {
            for m in &e.mentions {
                prop_assert!(m.span.end <= doc.text.len());
                prop_assert!(doc.text.get(m.span.start..m.span.end).is_some());
                prop_assert_eq!(&doc.text[m.span.start..m.span.end], m.text.as_str());
            }
        }
    }
}

#[test]
fn all_capitals_and_long_runs_stay_bounded() {
    static R: std::sync::OnceLock<EntityRecogniser> = std::sync::OnceLock::new();
    let r = R.get_or_init(|| EntityRecogniser::new().unwrap());
    let shouting = "THE PARTY COUNCIL AND PARTY UNION OF MOSCOW ".repeat(3000);
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let doc = analyse(r, &shouting);
            doc.entities.len()
        })
        .unwrap();
    assert!(handle.join().is_ok());
}

#[test]
fn dictionary_phrases_and_codes_take_precedence_over_bodies_not_people() {
    let dictionary = ActorDictionary {
        actors: phoenix::parse_actors(
            "EUROPEAN_UNION_ [IGOEUREEC]\nGERMAN_TROOPS_ [DEUMIL]\nFRENCH_FOREIGN_MINISTER_CLAIRE_DUMONT [FRAELI]\n",
        ),
        agents: Vec::new(),
    };
    let r = fixture(dictionary);
    let doc = analyse(
        &r,
        "date 2023-05-10\nGerman troops left. The European Union said French Foreign Minister Claire Dumont agreed.",
    );
    let troops = entity(&doc, "German Troops");
    assert_eq!(troops.kind, EntityKind::Group);
    assert_eq!(troops.codes, vec!["DEUMIL"]);
    assert_eq!(entity(&doc, "European Union").codes[0], "IGOEUREEC");
    // A title and a known person stay ours, not the dictionary phrase.
    let dumont = entity(&doc, "Claire Dumont");
    assert_eq!(dumont.codes, vec!["FRAGOV"]);
    assert_eq!(dumont.mentions[0].text, "Claire Dumont");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn spans_valid_on_name_like_input(
        words in proptest::collection::vec(
            "([A-Z][a-z]{0,6}|[a-z]{1,5}|[A-Z]\\.|[A-Z]{2,5}|[,.\"'’()-]|Moscow|Russian|Foreign Minister|Ministry of|the|of|for|and|he|she|it|they|said|in|Party|Council|West|New|2009|election|[A-Z][a-z]+-[a-z]+)",
            0..60,
        )
    ) {
        static R: std::sync::OnceLock<EntityRecogniser> = std::sync::OnceLock::new();
        let r = R.get_or_init(|| EntityRecogniser::new().unwrap());
        let text = format!("date 2022-01-14\nMOSCOW, January 14. /TASS/. {}", words.join(" "));
        let doc = analyse(r, &text);
        for e in &doc.entities {
            prop_assert!(!e.mentions.is_empty());
            for m in &e.mentions {
                prop_assert!(m.span.start < m.span.end);
                prop_assert_eq!(doc.text.get(m.span.start..m.span.end), Some(m.text.as_str()));
            }
        }
    }
}

fn codes_of<'d>(doc: &'d Document, canonical: &str) -> &'d [String] {
    &entity(doc, canonical).codes
}

#[test]
fn capital_after_location_preposition_is_a_place() {
    let r = fixture(ActorDictionary::default());
    // Inside a body's phrase, and after in/at/from/near: where, not who.
    for text in [
        "date 2023-05-10\nThe Russian Embassy in Paris said on Monday that the report was false.",
        "date 2023-05-10\nThe envoys met at Berlin and said nothing.",
        "date 2023-05-10\nA delegation from Washington arrived on Tuesday.",
        "date 2023-05-10\nTroops massed near Moscow, residents said.",
    ] {
        let doc = analyse(&r, text);
        let place = doc
            .entities
            .iter()
            .find(|e| e.kind == EntityKind::Place)
            .unwrap_or_else(|| panic!("no place in {text}"));
        assert!(place.codes.is_empty(), "{text}: {:?}", place.codes);
        assert!(place
            .mentions
            .iter()
            .all(|m| m.how.as_deref() != Some("metonymy")));
    }
}

#[test]
fn capital_as_actor_is_the_government() {
    let r = fixture(ActorDictionary::default());
    let doc = analyse(&r, "date 2023-05-10\nBerlin said it would wait.");
    assert_eq!(codes_of(&doc, "Berlin"), ["DEUGOV"]);
    let doc = analyse(
        &r,
        "date 2023-05-10\nThe gap between Paris and Washington grew.",
    );
    assert_eq!(codes_of(&doc, "Paris"), ["FRAGOV"]);
    assert_eq!(codes_of(&doc, "Washington"), ["USAGOV"]);
    // A possessive acts, unless its noun belongs to the city.
    let doc = analyse(&r, "date 2023-05-10\nMoscow's position has not changed.");
    assert_eq!(codes_of(&doc, "Moscow"), ["RUSGOV"]);
    let doc = analyse(&r, "date 2023-05-10\nThe plan was rejected by Moscow.");
    assert_eq!(codes_of(&doc, "Moscow"), ["RUSGOV"]);
    let doc = analyse(&r, "date 2023-05-10\nMoscow's streets were empty.");
    assert!(codes_of(&doc, "Moscow").is_empty());
}

#[test]
fn body_mention_covers_its_place_phrase() {
    let r = fixture(ActorDictionary::default());
    let text =
        "date 2023-05-10\nThe Russian Embassy in Paris said on Monday that the report was false.";
    let doc = analyse(&r, text);
    let embassy = doc
        .entities
        .iter()
        .find(|e| e.kind == EntityKind::Organization)
        .expect("the embassy");
    assert_eq!(embassy.codes, ["RUSGOV"]);
    assert!(embassy.mentions.iter().any(|m| m.text == "Russian Embassy"));
    let phrase = embassy
        .mentions
        .iter()
        .find(|m| m.how.as_deref() == Some("phrase"))
        .expect("a phrase mention");
    assert_eq!(phrase.text, "Russian Embassy in Paris");
    // No other mention ends later inside the subject, and none starts earlier: a lookup
    // by the subject's span that prefers the mention ending last finds the embassy.
    let paris = entity(&doc, "Paris");
    assert!(paris
        .mentions
        .iter()
        .all(|m| m.span.end <= phrase.span.end && m.span.start > phrase.span.start));
}

#[test]
fn persons_take_the_country_of_their_title() {
    let r = fixture(ActorDictionary::default());
    let doc = analyse(
        &r,
        "date 2023-05-10\nSwiss leader Anna Keller met German Prime Minister Lukas Brenner on Monday.",
    );
    let keller = entity(&doc, "Anna Keller");
    assert_eq!(keller.codes, ["CHEGOV"]);
    assert_eq!(keller.country.as_deref(), Some("CHE"));
    assert_eq!(codes_of(&doc, "Lukas Brenner"), ["DEUGOV"]);
}

const OLD_HOLDERS: &str = "# name\taliases\tgender\trole\tcountry_or_org\tcameo\tstart\tend\n\
Walter Grange\t\tm\tPresident\tUSA\tUSAGOV\t1989-01-20\t1993-01-20\n\
Claire Dumont\t\tf\tMinister of Foreign Affairs\tFRA\tFRAGOV\t2022-01-01\t\n";

// A small Swiss place named like the former president.
const GRANGE_PLACES: &str =
    "# geonames_id\tname\taliases\tcountry_iso3\tlat\tlon\tpopulation\tfeature\n\
1000001\tGrange\t\tCHE\t46.5\t7.0\t900\tcity\n\
2661552\tBern\t\tCHE\t46.95\t7.45\t121631\tcapital\n";

#[test]
fn titled_surname_resolves_through_office_holders_not_places() {
    let sources = Sources {
        places: GRANGE_PLACES,
        office_holders: OLD_HOLDERS,
        ..fixture_sources()
    };
    let r = checked(&sources, ActorDictionary::default());
    // The dispatch date is outside his term; the title still names the holder, and the
    // dateline's country is not his.
    for text in [
        "date 2000-01-01\nPresident Grange threatened further action against Russia.",
        "date 2000-01-01\nBERN, Jan 1 (Reuters) - President Grange threatened further action against Russia.",
    ] {
        let doc = analyse(&r, text);
        let grange = entity(&doc, "Walter Grange");
        assert_eq!(grange.codes, ["USAGOV"], "{text}");
        assert_eq!(grange.country.as_deref(), Some("USA"));
        assert!(doc.entities.iter().all(|e| e.kind != EntityKind::Place
            || e.mentions.iter().all(|m| m.text != "Grange")));
    }
    // A bare surname of a holder in office at the dispatch date, never mentioned in full.
    let doc = analyse(
        &r,
        "date 2023-05-10\nOn Monday, Dumont offered to negotiate.",
    );
    assert_eq!(codes_of(&doc, "Claire Dumont"), ["FRAGOV"]);
}

#[test]
fn embedded_names_of_states_and_communities() {
    let r = EntityRecogniser::new().unwrap();
    let doc = analyse(
        &r,
        "date 1990-06-01\nA U.S. official said the European Community and the U.S. would meet.",
    );
    let us = entity(&doc, "United States");
    assert_eq!(
        us.mentions.iter().filter(|m| m.text == "U.S.").count(),
        2,
        "{:?}",
        us.mentions
    );
    assert!(codes_of(&doc, "European Community")
        .iter()
        .any(|c| c.starts_with("IGO")));
    let doc = analyse(
        &r,
        "date 2000-03-01\nPalestinian leader Yasser Arafat rejected the offer. Israeli Prime Minister Ehud Barak met him.",
    );
    assert_eq!(codes_of(&doc, "Yasser Arafat"), ["PSEGOV"]);
    assert_eq!(codes_of(&doc, "Ehud Barak"), ["ISRGOV"]);
}

#[test]
fn nominal_office_without_known_holder_is_the_office() {
    let r = fixture(ActorDictionary::default());
    let doc = analyse(
        &r,
        "date 2023-05-10\nThe German foreign minister arrived on Monday. A German official said little.",
    );
    let office = entity(&doc, "Minister of Foreign Affairs of Germany");
    assert_eq!(office.codes, ["DEUGOV"]);
    assert_eq!(office.kind, EntityKind::Person);
    // Many people are officials: no single entity for them.
    assert!(doc
        .entities
        .iter()
        .all(|e| !e.canonical.starts_with("Official")));
}

#[test]
fn places_defined_in_the_text_and_repeated() {
    let r = fixture(ActorDictionary::default());
    let doc = analyse(
        &r,
        "Wexcombe is a small village in the west. Both Wexcombe and its church are old.",
    );
    let place = entity(&doc, "Wexcombe");
    assert_eq!(place.kind, EntityKind::Place);
    assert_eq!(place.mentions.len(), 2);
    // "Best Rock Video": a first word the text also writes in lower case is no given name.
    let doc = analyse(
        &r,
        "The band won Best Rock Video in May. It was the best year.",
    );
    assert!(
        doc.entities.iter().all(|e| e.kind != EntityKind::Person),
        "{:#?}",
        doc.entities
    );
}

#[test]
fn coordinated_names_and_bracketed_acronyms_of_bodies() {
    let r = fixture(ActorDictionary::default());
    let doc = analyse(
        &r,
        "She led the Union of Farmers and Fishermen before the Green Party of France and Nature Alliance split.",
    );
    assert_eq!(
        entity(&doc, "Union of Farmers and Fishermen").kind,
        EntityKind::Organization
    );
    // A place ends the first name: two bodies.
    assert!(doc
        .entities
        .iter()
        .any(|e| e.canonical == "Nature Alliance"));
    let doc = analyse(&r, "The Movement for Renewal ( MpR ) won two seats.");
    assert_eq!(entity(&doc, "MpR").kind, EntityKind::Organization);
}

#[test]
fn nominal_with_country_after_is_that_country_office() {
    let r = fixture(ActorDictionary::default());
    let doc = analyse(
        &r,
        "date 2023-05-10\nClaire Dumont said she would meet the foreign minister of Germany.",
    );
    let dumont = entity(&doc, "Claire Dumont");
    assert!(dumont
        .mentions
        .iter()
        .all(|m| m.how.as_deref() != Some("nominal")));
    let office = entity(&doc, "Minister of Foreign Affairs of Germany");
    assert_eq!(office.codes, ["DEUGOV"]);
    assert!(entity(&doc, "Germany")
        .mentions
        .iter()
        .any(|m| m.text == "Germany"));
}

#[test]
fn body_of_a_place_after_of_is_its_country_body() {
    let r = fixture(ActorDictionary::default());
    let doc = analyse(
        &r,
        "date 2023-05-10\nThe government of Geneva closed the roads.",
    );
    let body = doc
        .entities
        .iter()
        .find(|e| e.kind == EntityKind::Organization)
        .expect("the government");
    assert_eq!(body.codes, ["CHEGOV"]);
    // The place stays a place, and the lower-case noun is not scored as a name.
    assert_eq!(entity(&doc, "Geneva").kind, EntityKind::Place);
    assert!(body
        .mentions
        .iter()
        .all(|m| m.how.as_deref() == Some("nominal")));
}

/// Whether "Moscow" in `sentence` acts for its government under the given grammar file.
fn moscow_acts(grammar: &str, sentence: &str) -> bool {
    let sources = Sources {
        grammar,
        ..fixture_sources()
    };
    let r = checked(&sources, ActorDictionary::default());
    let doc = analyse(&r, &format!("date 2023-05-10\n{sentence}"));
    codes_of(&doc, "Moscow").iter().any(|c| c == "RUSGOV")
}

/// The grammar words are data: a preposition added to `actor_prep` in the TSV makes a
/// capital after it act for its government, one taken out stops it, with no change to the
/// engine.
#[test]
fn grammar_words_come_from_the_data() {
    let embedded = Sources::embedded().grammar;
    let alongside = "The plan was drafted alongside Moscow last year.";
    assert!(!moscow_acts(embedded, alongside));
    assert!(moscow_acts(
        &format!("{embedded}\nactor_prep\talongside\n"),
        alongside
    ));
    let by = "The plan was rejected by Moscow last year.";
    let without_by: String = embedded
        .lines()
        .filter(|l| *l != "actor_prep\tby")
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(moscow_acts(embedded, by));
    assert!(!moscow_acts(&without_by, by));
}

#[test]
fn a_typo_in_the_grammar_is_a_data_problem() {
    let grammar = Sources::embedded()
        .grammar
        .replace("actor_prep\t", "actor_perp\t");
    let sources = Sources {
        grammar: &grammar,
        ..Sources::embedded()
    };
    let r = EntityRecogniser::from_sources(&sources, ActorDictionary::default()).unwrap();
    let problems = r.data_problems();
    assert!(problems
        .iter()
        .any(|p| p.contains("unknown class actor_perp")));
    assert!(problems
        .iter()
        .any(|p| p.contains("class actor_prep has no word")));
}

#[test]
fn legislative_leaders_are_titles_not_bodies() {
    let holders = "# name\taliases\tgender\trole\tcountry_or_org\tcameo\tstart\tend\n\
                   Tom Hale\t\tm\tSenate Majority Leader\tUSA\tUSALEG\t2020-01-01\t\n";
    let sources = Sources {
        office_holders: holders,
        ..fixture_sources()
    };
    let r = checked(&sources, ActorDictionary::default());
    let doc = analyse(
        &r,
        "date 2023-03-02\nWASHINGTON, March 2. /TASS/. Senate Majority Leader Tom Hale said \
         the vote would take place next week.",
    );
    let hale = entity(&doc, "Tom Hale");
    assert_eq!(
        hale.role.as_deref(),
        Some("Senate Majority Leader of the United States")
    );
    assert_eq!(hale.codes, vec!["USALEG".to_string()]);
    assert!(
        doc.entities
            .iter()
            .all(|e| !e.canonical.contains("Majority")),
        "{:#?}",
        doc.entities
    );
}

#[test]
fn a_title_complement_does_not_run_into_the_name() {
    // Invented names; the title's complement ends in an organisation or place head word.
    let r = fixture(ActorDictionary::default());
    let doc = analyse(
        &r,
        "Moscow, March 3. French Minister for European Affairs Maren Tolvik said the talks \
         would go on. Tolvik added that nothing was agreed. The German ambassador in the \
         Federal Republic Osric Dellane told reporters the same.",
    );
    let tolvik = entity(&doc, "Maren Tolvik");
    assert_eq!(tolvik.kind, EntityKind::Person);
    assert!(tolvik.mentions.len() >= 2, "the surname joins the name");
    assert_eq!(entity(&doc, "Osric Dellane").kind, EntityKind::Person);
    let names: Vec<&str> = doc.entities.iter().map(|e| e.canonical.as_str()).collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains("Affairs Maren") || n.contains("Republic Osric")),
        "{names:?}"
    );
}

#[test]
fn a_title_with_a_complement_gives_the_name_its_role_and_country() {
    // Invented names; titles postmodified by a prepositional phrase, with and without the
    // apposition's comma.
    let r = fixture(ActorDictionary::default());
    let doc = analyse(
        &r,
        "Moscow, March 3. French Minister for European Affairs Maren Tolvik said the talks \
         would go on. The German Ambassador in Moscow, Osric Dellane, told reporters the same.",
    );
    let tolvik = entity(&doc, "Maren Tolvik");
    assert_eq!(tolvik.country.as_deref(), Some("FRA"), "{tolvik:?}");
    assert!(
        tolvik
            .role
            .as_deref()
            .is_some_and(|r| r.starts_with("Minister")),
        "{tolvik:?}"
    );
    let dellane = entity(&doc, "Osric Dellane");
    assert_eq!(
        dellane.country.as_deref(),
        Some("DEU"),
        "the envoy's own country: {dellane:?}"
    );
}

#[test]
fn a_title_complement_is_capitalised_words_only() {
    // A clause between the title and the name ("said on Monday that") is no complement.
    let r = fixture(ActorDictionary::default());
    let doc = analyse(
        &r,
        "Moscow, March 3. The French minister for Germany said on Monday that Osric Dellane \
         will come.",
    );
    let dellane = entity(&doc, "Osric Dellane");
    assert_eq!(dellane.country, None, "{dellane:?}");
    assert_eq!(dellane.role, None, "{dellane:?}");
}

#[test]
fn a_surname_joins_the_name_as_the_text_spelled_it() {
    // An office holder (invented) known as "Klaudia Vasylenko" is written "Claudia
    // Vasilenko" by the agency; the later bare surname in that spelling is her.
    let holders = format!(
        "{HOLDERS}Klaudia Vasylenko\tClaudia Vasilenko\tf\tMinister of Foreign Affairs\tDEU\tDEUGOV\t2020-01-01\t\n"
    );
    let sources = Sources {
        office_holders: &holders,
        ..fixture_sources()
    };
    let r = checked(&sources, ActorDictionary::default());
    let doc = analyse(
        &r,
        "Moscow, March 3. Claudia Vasilenko met reporters. Vasilenko said the talks would go on.",
    );
    let people: Vec<&annalist_core::Entity> = doc
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .collect();
    assert_eq!(people.len(), 1, "{people:#?}");
    assert!(
        people[0].mentions.iter().any(|m| m.text == "Vasilenko"),
        "{people:#?}"
    );
}

#[test]
fn a_title_tail_needs_a_title_before_it() {
    // Without a person's title before it, a run ending in two unknown names stays whole.
    let r = fixture(ActorDictionary::default());
    let doc = analyse(
        &r,
        "Shares of Northern Trust Halvor Brenning rose on Monday.",
    );
    assert!(
        doc.entities
            .iter()
            .all(|e| e.canonical != "Halvor Brenning"),
        "{:?}",
        doc.entities
            .iter()
            .map(|e| &e.canonical)
            .collect::<Vec<_>>()
    );
}

#[test]
fn an_acronym_the_text_defines_is_that_body() {
    // "EU" is the European Union's alias; a known body (invented, with a code) defines it
    // otherwise, and the document's own definition wins in the document.
    let orgs = format!("{ORGS}Eastern Umbrella\t\tigo\t\tIGOEUM\t\n");
    let sources = Sources {
        organizations: &orgs,
        ..fixture_sources()
    };
    let r = checked(&sources, ActorDictionary::default());
    let text = "Moscow, March 3. The Eastern Umbrella (EU) met on Monday. The EU said it would meet again.";
    let doc = analyse(&r, text);
    let body = entity(&doc, "Eastern Umbrella");
    assert_eq!(body.kind, EntityKind::Organization);
    assert_eq!(body.mentions.len(), 3, "{:?}", body.mentions);
    assert!(doc.entities.iter().all(|e| e.canonical != "European Union"));
    // Without the definition, the gazetteer's alias stands.
    let doc = analyse(&r, "Moscow, March 3. The EU said it would meet again.");
    entity(&doc, "European Union");
    // A body the gazetteers do not know does not take a known acronym.
    let r = fixture(ActorDictionary::default());
    let doc = analyse(&r, text);
    assert_eq!(entity(&doc, "European Union").mentions.len(), 2);
}

#[test]
fn a_ranked_title_keeps_its_country_and_its_rank() {
    // Invented names; ranks from `rank_prefix` before titles that roles.tsv lists bare.
    let r = fixture(ActorDictionary::default());
    let doc = analyse(
        &r,
        "GENEVA, March 3. U.S. Deputy Secretary of State Maren Tolvik met Norwegian Acting \
         Foreign Minister Osric Dellane. Under President Ilse Varga, France said nothing.",
    );
    let tolvik = entity(&doc, "Maren Tolvik");
    assert_eq!(tolvik.country.as_deref(), Some("USA"), "{tolvik:?}");
    assert_eq!(tolvik.codes, ["USAGOV"], "{tolvik:?}");
    assert_eq!(
        tolvik.role.as_deref(),
        Some("Deputy Minister of Foreign Affairs of the United States")
    );
    let dellane = entity(&doc, "Osric Dellane");
    assert!(
        dellane
            .role
            .as_deref()
            .is_some_and(|r| r.starts_with("Acting Minister of Foreign Affairs")),
        "{dellane:?}"
    );
    // "Under" is a preposition here, not a rank.
    let varga = entity(&doc, "Ilse Varga");
    assert!(
        varga
            .role
            .as_deref()
            .is_some_and(|r| r.starts_with("President")),
        "{varga:?}"
    );
}

#[test]
fn a_title_with_a_genitive_complement_is_one_title_before_an_unknown_name() {
    // Invented names the given-name list does not know: the complement's last word
    // ("State", "Defence") is the title's, not the name's.
    let r = fixture(ActorDictionary::default());
    let doc = analyse(
        &r,
        "GENEVA, March 3. Secretary of State Maren Tolvik met Minister of Defence Osric \
         Dellane. The Secretary of State said nothing.",
    );
    let tolvik = entity(&doc, "Maren Tolvik");
    assert!(
        tolvik
            .role
            .as_deref()
            .is_some_and(|r| r.starts_with("Minister of Foreign Affairs")),
        "{tolvik:?}"
    );
    let dellane = entity(&doc, "Osric Dellane");
    assert!(
        dellane
            .role
            .as_deref()
            .is_some_and(|r| r.starts_with("Minister of Defence")),
        "{dellane:?}"
    );
    let names: Vec<&str> = doc.entities.iter().map(|e| e.canonical.as_str()).collect();
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("State") || n.starts_with("Defence")),
        "{names:?}"
    );
}
