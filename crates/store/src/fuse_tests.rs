//! Tests of event fusion, on invented reports of invented meetings: the same event told
//! by several sites, in any order and any batches, and the events that must stay apart.

use super::*;
use crate::fuse::{fold, link_keys};

/// One event of a fixture: type, CAMEO code, actor and recipient entity ids, own date,
/// modality.
struct Spec {
    kind: &'static str,
    cameo: &'static str,
    actor: &'static [&'static str],
    recipient: &'static [&'static str],
    date: Option<&'static str>,
    modality: &'static str,
}

const fn spec(
    kind: &'static str,
    cameo: &'static str,
    actor: &'static [&'static str],
    recipient: &'static [&'static str],
    date: Option<&'static str>,
) -> Spec {
    Spec {
        kind,
        cameo,
        actor,
        recipient,
        date,
        modality: "asserted",
    }
}

/// A report numbered `n` from `site` with dispatch date `dct`. Its entities: e1 Ilse
/// Varga (a Hungarian minister), e2 Portugal, e3 Karel Dvorak (a Czech minister), e4
/// Hungary.
fn report(n: &str, site: &str, dct: &str, events: &[Spec]) -> Document {
    let text = format!("Report {n} of {site}: ministers met, officials said.");
    let mut doc = Document::new(
        text,
        Metadata {
            source: "fixtures/reports.jsonl".into(),
            external_id: Some(n.to_string()),
            url: Some(format!("https://www.{site}/news/{n}")),
            title: None,
            date: annalist_core::Date::parse(dct),
        },
    );
    let mut varga = entity("e1", "Ilse Varga", EntityKind::Person, &["HUNGOV"]);
    varga.country = Some("HUN".into());
    let mut portugal = entity("e2", "Portugal", EntityKind::Country, &["PRT"]);
    portugal.country = Some("PRT".into());
    let mut dvorak = entity("e3", "Karel Dvořák", EntityKind::Person, &["CZEGOV"]);
    dvorak.country = Some("CZE".into());
    let mut hungary = entity("e4", "Hungary", EntityKind::Country, &["HUN"]);
    hungary.country = Some("HUN".into());
    doc.entities = vec![varga, portugal, dvorak, hungary];
    doc.events = events
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut e = event(
                &format!("v{}", i + 1),
                s.kind,
                s.cameo,
                s.actor,
                s.recipient,
            );
            e.date = s.date.map(String::from);
            e.modality = s.modality.to_string();
            e
        })
        .collect();
    doc
}

/// A fused event as comparable values: id, type, date, mentions, sources, articles and
/// source ids.
pub(crate) type Row = (
    String,
    String,
    Option<String>,
    usize,
    usize,
    usize,
    Vec<String>,
);

/// Every fused event as comparable values.
pub(crate) fn fused(store: &Store) -> Vec<Row> {
    let (events, total) = store.fused_events(&FusedFilter::default()).unwrap();
    assert_eq!(total, events.len());
    let mut rows: Vec<_> = events
        .into_iter()
        .map(|f| {
            (
                f.id,
                f.kind,
                f.date,
                f.mentions,
                f.sources,
                f.articles,
                f.source_ids,
            )
        })
        .collect();
    rows.sort();
    rows
}

/// Source lists of the fused events with more than one article, sorted.
fn groups(store: &Store) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = fused(store)
        .into_iter()
        .map(|row| row.6)
        .filter(|sources| sources.len() > 1)
        .collect();
    groups.sort();
    groups
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

const MEET: Spec = spec("CONSULT", "040", &["e1"], &["e2"], Some("2030-05-04"));

/// Six reports: three of the meeting of 4 May (one by the country, one undated in a
/// dispatch of that day), one of a meeting of the same parties on 6 May, one accusation
/// each way.
pub(crate) fn corpus() -> Vec<Document> {
    vec![
        report("1", "alpha.example", "2030-05-04", &[MEET]),
        report(
            "2",
            "beta.example",
            "2030-05-05",
            &[spec("CONSULT", "043", &["e4"], &["e2"], Some("2030-05-04"))],
        ),
        report(
            "3",
            "alpha.example",
            "2030-05-04",
            &[spec("CONSULT", "040", &["e2"], &["e1"], None)],
        ),
        report(
            "4",
            "gamma.example",
            "2030-05-06",
            &[spec("CONSULT", "040", &["e1"], &["e2"], Some("2030-05-06"))],
        ),
        report(
            "5",
            "beta.example",
            "2030-05-06",
            &[spec("ACCUSE", "111", &["e1"], &["e3"], Some("2030-05-06"))],
        ),
        report(
            "6",
            "gamma.example",
            "2030-05-06",
            &[
                spec("ACCUSE", "112", &["e3"], &["e1"], Some("2030-05-06")),
                spec("CONSULT", "040", &["e1"], &["e2"], Some("2030-05-06")),
            ],
        ),
    ]
}

fn reports_of_one_event_fuse_with_their_counts(fresh: &mut Fresh) {
    let mut store = fresh.store();
    store.insert_batch(&corpus()).unwrap();
    let all = fused(&store);
    let meeting = all
        .iter()
        .find(|row| row.6 == strings(&["1", "2", "3"]))
        .expect("the three reports of 4 May are one event");
    assert_eq!(meeting.1, "CONSULT");
    assert_eq!(meeting.2.as_deref(), Some("2030-05-04"));
    // Three mentions in three articles from two sites.
    assert_eq!((meeting.3, meeting.4, meeting.5), (3, 2, 3));
    // Seven mentions: the meeting (3), the meeting of 6 May (2), two accusations.
    assert_eq!(all.iter().map(|row| row.3).sum::<usize>(), 7);
    assert_eq!(count(&store, "fused_mentions"), 7);
}

fn the_same_parties_on_different_days_stay_apart(fresh: &mut Fresh) {
    let mut store = fresh.store();
    store.insert_batch(&corpus()).unwrap();
    assert_eq!(
        groups(&store),
        vec![
            strings(&["1", "2", "3"]),
            strings(&["4", "6"]),
            strings(&["5", "6"])
        ]
    );
    let (sixth, _) = store
        .fused_events(&FusedFilter {
            from: Some("2030-05-06".into()),
            kind: Some("CONSULT".into()),
            ..FusedFilter::default()
        })
        .unwrap();
    assert_eq!(sixth.len(), 1);
    assert_eq!(sixth[0].date.as_deref(), Some("2030-05-06"));
}

fn reports_that_disagree_on_type_and_direction_fuse(fresh: &mut Fresh) {
    let mut store = fresh.store();
    store.insert_batch(&corpus()).unwrap();
    // Report 3 has Portugal meeting Varga: the same meeting, parties swapped.
    assert!(groups(&store).contains(&strings(&["1", "2", "3"])));
    // Report 5 has Varga accusing Dvorak, report 6 Dvorak accusing Varga, the same day:
    // one event told two ways, which fuses.
    let (accusations, total) = store
        .fused_events(&FusedFilter {
            kind: Some("ACCUSE".into()),
            ..FusedFilter::default()
        })
        .unwrap();
    assert_eq!(total, 1);
    assert_eq!(accusations[0].articles, 2);
}

fn the_first_actor_and_recipient_link_and_a_lone_party_does_not(fresh: &mut Fresh) {
    let mut store = fresh.store();
    store
        .insert_batch(&[
            report("1", "alpha.example", "2030-05-04", &[MEET]),
            // Varga meeting Portugal, and Dvorak named after it: the first pair links.
            report(
                "2",
                "beta.example",
                "2030-05-04",
                &[spec(
                    "CONSULT",
                    "040",
                    &["e1"],
                    &["e2", "e3"],
                    Some("2030-05-04"),
                )],
            ),
            // Varga alone, the same day: one party, no key.
            report(
                "3",
                "gamma.example",
                "2030-05-04",
                &[spec("CONSULT", "040", &["e1"], &[], Some("2030-05-04"))],
            ),
            // Dvorak first, then Portugal: Czechia and Portugal, another pair.
            report(
                "4",
                "gamma.example",
                "2030-05-04",
                &[spec(
                    "CONSULT",
                    "040",
                    &["e3", "e1"],
                    &["e2"],
                    Some("2030-05-04"),
                )],
            ),
        ])
        .unwrap();
    assert_eq!(groups(&store), vec![strings(&["1", "2"])]);
}

fn fusion_is_the_same_in_any_order_and_any_batches(fresh: &mut Fresh) {
    let mut store = fresh.store();
    store.insert_batch(&corpus()).unwrap();
    let expected = fused(&store);

    let mut reversed = fresh.store();
    for doc in corpus().into_iter().rev() {
        reversed.insert_batch(&[doc]).unwrap();
    }
    assert_eq!(fused(&reversed), expected);

    let mut shuffled = fresh.store();
    let docs = corpus();
    for pair in [[4, 1], [5, 0], [3, 2]] {
        let batch: Vec<Document> = pair.iter().map(|&i| docs[i].clone()).collect();
        shuffled.insert_batch(&batch).unwrap();
    }
    assert_eq!(fused(&shuffled), expected);

    // Recomputed from the mentions, it is the same again.
    let outcome = shuffled.refuse().unwrap();
    assert_eq!(outcome.mentions, 7);
    assert_eq!(outcome.fused_events, expected.len());
    assert_eq!(fused(&shuffled), expected);
}

fn new_documents_join_existing_fused_events(fresh: &mut Fresh) {
    let mut store = fresh.store();
    // Hungary meeting Portugal on 4 May, then a report of the same meeting by a site
    // that names the Hungarian minister, then one of a meeting with the Czech minister.
    store
        .insert_batch(&[report(
            "2",
            "beta.example",
            "2030-05-04",
            &[spec("CONSULT", "043", &["e4"], &["e2"], Some("2030-05-04"))],
        )])
        .unwrap();
    assert!(groups(&store).is_empty());
    store
        .insert_batch(&[
            report("1", "alpha.example", "2030-05-04", &[MEET]),
            report(
                "3",
                "gamma.example",
                "2030-05-04",
                &[spec("CONSULT", "040", &["e3"], &["e2"], Some("2030-05-04"))],
            ),
        ])
        .unwrap();
    assert_eq!(groups(&store), vec![strings(&["1", "2"])]);
    let all = fused(&store);
    assert_eq!(all.len(), 2);
    // The id is that of the smallest mention (by document id), whatever came first.
    let first: String = store
        .documents()
        .map(|d| d.unwrap())
        .filter(|d| matches!(d.external_id.as_deref(), Some("1" | "2")))
        .map(|d| d.id)
        .min()
        .unwrap();
    assert!(all.iter().any(|row| row.0 == format!("{first}-000000")));
    assert_eq!(count(&store, "fused_events"), 2);
    // Nothing is fused twice: fusing again does nothing.
    assert_eq!(store.fuse().unwrap().mentions, 0);
}

fn an_event_dated_only_by_its_dispatch_joins_that_day_only(fresh: &mut Fresh) {
    let mut store = fresh.store();
    let undated = |n: &str, dct: &str| {
        report(
            n,
            "beta.example",
            dct,
            &[spec("CONSULT", "040", &["e1"], &["e2"], None)],
        )
    };
    store
        .insert_batch(&[
            report("1", "alpha.example", "2030-05-04", &[MEET]),
            undated("2", "2030-05-04"),
            undated("3", "2030-05-05"),
        ])
        .unwrap();
    assert_eq!(groups(&store), vec![strings(&["1", "2"])]);
}

fn negated_planned_and_partyless_events_stay_alone(fresh: &mut Fresh) {
    let mut store = fresh.store();
    let mut planned = spec("CONSULT", "040", &["e1"], &["e2"], Some("2030-05-04"));
    planned.modality = "future";
    let mut negated_doc = report("3", "gamma.example", "2030-05-04", &[MEET]);
    negated_doc.events[0].negated = true;
    store
        .insert_batch(&[
            report("1", "alpha.example", "2030-05-04", &[MEET]),
            report("2", "beta.example", "2030-05-03", &[planned]),
            negated_doc,
            report(
                "4",
                "beta.example",
                "2030-05-04",
                &[spec("CONSULT", "040", &[], &[], Some("2030-05-04"))],
            ),
        ])
        .unwrap();
    assert!(groups(&store).is_empty());
    assert_eq!(fused(&store).len(), 4);
}

fn fused_events_are_filtered_and_paged(fresh: &mut Fresh) {
    let mut store = fresh.store();
    store.insert_batch(&corpus()).unwrap();
    let ids = |filter: FusedFilter| -> (Vec<Vec<String>>, usize) {
        let (events, total) = store.fused_events(&filter).unwrap();
        (events.into_iter().map(|f| f.source_ids).collect(), total)
    };
    let all = FusedFilter::default();
    // The meeting of 4 May, the meeting of 6 May, the accusation of 6 May told both ways.
    assert_eq!(ids(all.clone()).1, 3);
    // Actor by name, surname or code prefix; recipient; dyad either way round.
    let by_actor = |who: &str| FusedFilter {
        actor: Some(who.into()),
        ..FusedFilter::default()
    };
    assert_eq!(ids(by_actor("Ilse Varga")).1, 3);
    assert_eq!(ids(by_actor("varga")).1, 3);
    assert_eq!(ids(by_actor("CZE")).1, 1);
    assert_eq!(
        ids(FusedFilter {
            recipient: Some("Portugal".into()),
            ..FusedFilter::default()
        })
        .1,
        2
    );
    assert_eq!(
        ids(FusedFilter {
            dyad: Some(("Karel Dvořák".into(), "Ilse Varga".into())),
            ..FusedFilter::default()
        })
        .1,
        1
    );
    // Dates, sources, paging with the total.
    assert_eq!(
        ids(FusedFilter {
            to: Some("2030-05-04".into()),
            ..FusedFilter::default()
        })
        .0,
        vec![strings(&["1", "2", "3"])]
    );
    assert_eq!(
        ids(FusedFilter {
            from: Some("2030-05".into()),
            to: Some("2030-05".into()),
            ..FusedFilter::default()
        })
        .1,
        3
    );
    assert_eq!(
        ids(FusedFilter {
            min_sources: Some(2),
            ..FusedFilter::default()
        })
        .1,
        2
    );
    let (page, total) = ids(FusedFilter {
        limit: Some(2),
        offset: 1,
        ..FusedFilter::default()
    });
    assert_eq!((page.len(), total), (2, 3));
    assert_eq!(
        ids(FusedFilter {
            kind: Some("11".into()),
            ..FusedFilter::default()
        })
        .1,
        1
    );
}

#[test]
fn link_keys_are_the_unordered_pair_and_the_day() {
    let key = strings(&["p|c:HUN|c:PRT|2030-05-04"]);
    let (prt, hun) = (strings(&["c:PRT"]), strings(&["c:HUN"]));
    assert_eq!(link_keys(&prt, &hun, "2030-05-04"), key);
    assert_eq!(link_keys(&hun, &prt, "2030-05-04"), key);
    // The first recipient that is not the actor; later parties do not count.
    assert_eq!(
        link_keys(&prt, &strings(&["c:PRT", "c:HUN", "c:CZE"]), "2030-05-04"),
        key
    );
    assert_eq!(
        link_keys(&strings(&["c:HUN", "c:CZE"]), &prt, "2030-05-04"),
        key
    );
    assert!(link_keys(&prt, &prt, "2030-05-04").is_empty());
    assert!(link_keys(&prt, &[], "2030-05-04").is_empty());
    assert_eq!(fold("Karel  Dvořák"), "karel dvorak");
    assert_eq!(fold("Erdoğan"), fold("Erdogan"));
    assert_eq!(fold("Al-Assad"), "al assad");
}

fn a_summary_does_not_depend_on_the_order_of_its_mentions(fresh: &mut Fresh) {
    // The same minister coded differently by two reports.
    let first = report("1", "alpha.example", "2030-05-04", &[MEET]);
    let mut second = report("2", "beta.example", "2030-05-04", &[MEET]);
    second.entities[0].codes = strings(&["HUNELI", "HUNGOV"]);
    let mut summary = |docs: &[Document]| {
        let mut store = fresh.store();
        for doc in docs {
            store.insert_batch(std::slice::from_ref(doc)).unwrap();
        }
        let (events, _) = store.fused_events(&FusedFilter::default()).unwrap();
        assert_eq!(events.len(), 1);
        events[0].clone()
    };
    let one_way = summary(&[first.clone(), second.clone()]);
    assert_eq!(one_way, summary(&[second, first]));
    assert_eq!(
        one_way.actors,
        vec![("Ilse Varga".to_string(), strings(&["HUNELI", "HUNGOV"]))]
    );
}

on_both_backends!(
    reports_of_one_event_fuse_with_their_counts,
    the_same_parties_on_different_days_stay_apart,
    reports_that_disagree_on_type_and_direction_fuse,
    the_first_actor_and_recipient_link_and_a_lone_party_does_not,
    fusion_is_the_same_in_any_order_and_any_batches,
    new_documents_join_existing_fused_events,
    an_event_dated_only_by_its_dispatch_joins_that_day_only,
    negated_planned_and_partyless_events_stay_alone,
    fused_events_are_filtered_and_paged,
    a_summary_does_not_depend_on_the_order_of_its_mentions,
);
