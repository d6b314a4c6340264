//! Unit tests of the store: migrations, idempotent and atomic batches, round-trips,
//! search, quotes and events. Fixtures are written here, annotated by hand.

use super::*;
use crate::write::calendar_prefix;
use annalist_core::{
    Entity, EntityKind, Event, EventMention, Geo, Mention, Metadata, Quote, QuoteKind, Span,
    Speaker, TextSpan, Timex, TimexType,
};
use proptest::prelude::*;

const KYIV: &str = "KYIV, March 3. /TASS/. Foreign Minister Olena Marchuk met \
her Polish counterpart in Geneva on Monday. \"We agreed to meet again in April,\" Marchuk said.";

const OSLO: &str = "OSLO, May 9 (Reuters) - Norway will host talks on fishing quotas, \
a ministry spokesman said. \"The door is open,\" the spokesman told reporters.";

fn span_of(text: &str, needle: &str) -> Span {
    let start = text.find(needle).expect("fixture contains the needle");
    Span::new(start, start + needle.len())
}

fn metadata(source: &str, date: &str) -> Metadata {
    Metadata {
        source: source.to_string(),
        date: annalist_core::Date::parse(date),
        ..Metadata::default()
    }
}

fn entity(id: &str, canonical: &str, kind: EntityKind, codes: &[&str]) -> Entity {
    Entity {
        id: id.to_string(),
        canonical: canonical.to_string(),
        kind,
        codes: codes.iter().map(|c| c.to_string()).collect(),
        role: None,
        country: None,
        geo: None,
        mentions: Vec::new(),
    }
}

fn event(id: &str, kind: &str, cameo: &str, actor: &[&str], recipient: &[&str]) -> Event {
    Event {
        id: id.to_string(),
        kind: kind.to_string(),
        mode: None,
        cameo: cameo.to_string(),
        actor: actor.iter().map(|a| a.to_string()).collect(),
        recipient: recipient.iter().map(|a| a.to_string()).collect(),
        place: None,
        date: None,
        negated: false,
        modality: "asserted".to_string(),
        mentions: Vec::new(),
        quote: None,
        goldstein: Some(1.0),
        quad_class: Some(1),
        date_source: None,
        confidence: 0.0,
    }
}

/// A dispatch with every layer filled by hand.
fn kyiv() -> Document {
    let mut doc = Document::new(
        KYIV.to_string(),
        metadata("fixtures/kyiv.txt", "2022-03-03"),
    );
    let text = KYIV;
    doc.timexes.push(Timex {
        span: span_of(text, "on Monday"),
        text: "on Monday".into(),
        kind: TimexType::Date,
        value: "2022-02-28".into(),
        modifier: None,
        quant: None,
        freq: None,
        resolved: true,
    });
    let mut marchuk = entity("e1", "Olena Marchuk", EntityKind::Person, &["UKRGOV"]);
    marchuk.role = Some("Foreign Minister".into());
    marchuk.country = Some("UKR".into());
    marchuk.mentions.push(Mention {
        span: span_of(text, "Olena Marchuk"),
        text: "Olena Marchuk".into(),
        how: Some("name".into()),
    });
    let poland = entity("e2", "Poland", EntityKind::Country, &["POL"]);
    let mut geneva = entity("e3", "Geneva", EntityKind::Place, &[]);
    geneva.geo = Some(Geo {
        lat: 46.20222,
        lon: 6.14569,
        geonames_id: Some(2660646),
    });
    doc.entities = vec![marchuk, poland, geneva];
    let said = span_of(text, "said");
    doc.quotes.push(Quote {
        span: span_of(text, "We agreed to meet again in April,"),
        text: "We agreed to meet again in April,".into(),
        kind: QuoteKind::Direct,
        cue: Some(TextSpan {
            span: said,
            text: "said".into(),
        }),
        speaker: Some(Speaker {
            entity: Some("e1".into()),
            text: "Marchuk".into(),
            span: Some(span_of(text, "Marchuk said")),
        }),
        addressee: None,
    });
    let mut meet = event("v1", "CONSULT", "043", &["e1"], &["e2"]);
    meet.place = Some("e3".into());
    meet.date = Some("2022-02-28".into());
    meet.mentions.push(EventMention {
        span: span_of(text, "met her Polish counterpart"),
        trigger: TextSpan {
            span: span_of(text, "met"),
            text: "met".into(),
        },
    });
    let mut plan = event("v2", "CONSULT", "036", &["e1"], &["e2"]);
    plan.date = Some("2022-04".into());
    plan.modality = "future".into();
    plan.quote = Some(0);
    doc.events = vec![meet, plan];
    doc
}

/// A dispatch with an unresolved speaker and no dated events.
fn oslo() -> Document {
    let mut doc = Document::new(
        OSLO.to_string(),
        metadata("fixtures/oslo.txt", "2021-05-09"),
    );
    let norway = entity("e1", "Norway", EntityKind::Country, &["NOR"]);
    doc.entities = vec![norway];
    doc.quotes.push(Quote {
        span: span_of(OSLO, "The door is open,"),
        text: "The door is open,".into(),
        kind: QuoteKind::Direct,
        cue: None,
        speaker: Some(Speaker {
            entity: None,
            text: "a ministry spokesman".into(),
            span: Some(span_of(OSLO, "a ministry spokesman")),
        }),
        addressee: None,
    });
    doc.events = vec![event("v1", "CONSULT", "040", &["e1"], &[])];
    doc
}

/// A plain document numbered `n`, for bulk tests.
fn numbered(n: usize) -> Document {
    Document::new(
        format!("ROME, June 2. /TASS/. Bulletin number {n} reports calm seas."),
        metadata(&format!("bulk.jsonl:{n}"), "2020-06-02"),
    )
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("test.db")).unwrap();
    (dir, store)
}

fn count(store: &Store, table: &str) -> i64 {
    store.count_rows(table)
}

#[test]
fn fresh_database_gets_every_migration_and_wal() {
    let (_dir, store) = temp_store();
    assert_eq!(
        store.schema_version().unwrap(),
        schema::MIGRATIONS.len() as i64
    );
    let mode: String = store
        .sqlite_backend()
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = store
        .sqlite_backend()
        .conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    for table in [
        "documents",
        "timexes",
        "entities",
        "mentions",
        "quotes",
        "events",
    ] {
        assert_eq!(count(&store, table), 0);
    }
}

#[test]
fn existing_database_is_migrated_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A database left by a version of annalist that knew only the first migration.
        let conn = Connection::open(&path).unwrap();
        configure(&conn).unwrap();
        let mut old = Sqlite {
            conn,
            path: path.clone(),
        };
        old.migrate(1).unwrap();
        assert_eq!(old.schema_version().unwrap(), 1);
        // Written as that version did: the document and its layers, nothing fused.
        let tx = old.conn.transaction().unwrap();
        crate::write::insert_document(&tx, &kyiv()).unwrap();
        tx.commit().unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        schema::MIGRATIONS.len() as i64
    );
    // Its documents were stored before fusion existed: `fuse` places their events.
    assert_eq!(count(&store, "fused_mentions"), 0);
    assert_eq!(store.fuse().unwrap().mentions, 2);
    assert_eq!(count(&store, "fused_mentions"), 2);
    let index: i64 = store
        .sqlite_backend()
        .conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'events_sort_date'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index, 1);
    assert_eq!(store.document(&kyiv().id).unwrap(), Some(kyiv()));
    assert_eq!(store.fuse().unwrap().mentions, 0);
    drop(store);
    // Opening again is a no-op.
    let again = Store::open(&path).unwrap();
    assert_eq!(again.stats().unwrap().documents, 1);
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    Store::open(&path).unwrap();
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    match Store::open(&path) {
        Err(StoreError::TooNew { found: 99, .. }) => {}
        other => panic!("expected TooNew, got {:?}", other.map(|_| ())),
    }
}

fn documents_round_trip_exactly(fresh: &mut Fresh) {
    let mut store = fresh.store();
    let docs = [kyiv(), oslo()];
    store.insert_batch(&docs).unwrap();
    for doc in &docs {
        let loaded = store.document(&doc.id).unwrap().unwrap();
        assert_eq!(&loaded, doc);
        // Skipped layers are restored too: the token ranges of sentences.
        assert_eq!(loaded.tokens, doc.tokens);
        assert_eq!(loaded.body_start, doc.body_start);
        assert_eq!(
            loaded
                .sentences
                .iter()
                .map(|s| s.tokens)
                .collect::<Vec<_>>(),
            doc.sentences.iter().map(|s| s.tokens).collect::<Vec<_>>()
        );
    }
    assert!(store.document("0000000000000000").unwrap().is_none());
    assert!(store.document("not hex").unwrap().is_none());
    assert!(store.document("").unwrap().is_none());
}

fn a_dated_header_document_round_trips(fresh: &mut Fresh) {
    let mut store = fresh.store();
    let text = "\ndate 2022-01-14\n\nMOSCOW, January 14. /TASS/. The talks ended.\n";
    let doc = Document::new(
        text.to_string(),
        metadata("fixtures/header.txt", "2022-01-14"),
    );
    assert!(doc.body_start > 0);
    store.insert_batch(std::slice::from_ref(&doc)).unwrap();
    assert_eq!(store.document(&doc.id).unwrap(), Some(doc));
}

fn documents_are_found_by_unique_prefix(fresh: &mut Fresh) {
    let mut store = fresh.store();
    let mut a = kyiv();
    a.id = "abc1000000000000".into();
    let mut b = oslo();
    b.id = "abc2000000000000".into();
    store.insert_batch(&[a.clone(), b]).unwrap();
    assert_eq!(store.document("abc1").unwrap(), Some(a.clone()));
    assert_eq!(store.document("ABC1").unwrap(), Some(a));
    match store.document("abc") {
        Err(StoreError::AmbiguousId { candidates, .. }) => assert_eq!(candidates.len(), 2),
        other => panic!("expected an ambiguous id, got {other:?}"),
    }
    assert!(store.document("abd").unwrap().is_none());
}

fn the_same_document_is_stored_once(fresh: &mut Fresh) {
    let mut store = fresh.store();
    let first = store.insert_batch(&[kyiv(), oslo()]).unwrap();
    assert_eq!(first.stored, 2);
    assert!(first.duplicates.is_empty());
    assert!(store.contains(&kyiv().id).unwrap());
    let second = store
        .insert_batch(&[oslo(), numbered(1), numbered(1)])
        .unwrap();
    assert_eq!(second.stored, 1);
    assert_eq!(second.duplicates, vec![oslo().id, numbered(1).id]);
    assert_eq!(count(&store, "documents"), 3);
    assert_eq!(count(&store, "quotes"), 2);
    assert_eq!(count(&store, "events"), 3);
    assert_eq!(count(&store, "mentions"), 1);
    if !store.is_postgres() {
        assert_eq!(count(&store, "documents_fts"), 3);
    }
}

#[test]
fn a_failing_statement_rolls_back_the_whole_batch() {
    let (dir, mut store) = temp_store();
    // A trigger that fails on one quotation, as a full disk or a bug would fail mid-batch.
    Connection::open(dir.path().join("test.db"))
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER boom BEFORE INSERT ON quotes WHEN new.text LIKE '%door%'
             BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    let result = store.insert_batch(&[numbered(1), kyiv(), oslo(), numbered(2)]);
    assert!(matches!(result, Err(StoreError::Sqlite(_))), "{result:?}");
    for table in [
        "documents",
        "timexes",
        "entities",
        "mentions",
        "quotes",
        "events",
    ] {
        assert_eq!(count(&store, table), 0, "{table} has rows left");
    }
    assert!(store.search("Marchuk", 10).unwrap().is_empty());
    assert!(!store.contains(&kyiv().id).unwrap());
    // The store is still usable and the good documents go in on their own.
    assert_eq!(
        store.insert_batch(&[kyiv(), numbered(1)]).unwrap().stored,
        2
    );
}

#[test]
fn an_uncommitted_transaction_leaves_nothing_after_the_connection_dies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let mut store = Store::open(&path).unwrap();
    store.insert_batch(&[numbered(0)]).unwrap();
    let tx = store.sqlite_backend_mut().conn.transaction().unwrap();
    assert!(write::insert_document(&tx, &kyiv()).unwrap().is_some());
    assert!(write::insert_document(&tx, &oslo()).unwrap().is_some());
    // Neither commit nor rollback: the process "dies" with the transaction open.
    std::mem::forget(tx);
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(count(&store, "documents"), 1);
    assert_eq!(count(&store, "entities"), 0);
    assert_eq!(count(&store, "documents_fts"), 1);
    assert!(store.document(&numbered(0).id).unwrap().is_some());
}

fn search_finds_words_with_snippets(fresh: &mut Fresh) {
    let mut store = fresh.store();
    store.insert_batch(&[kyiv(), oslo()]).unwrap();
    let hits = store.search("geneva", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc_id, kyiv().id);
    assert_eq!(hits[0].dct.as_deref(), Some("2022-03-03"));
    assert_eq!(hits[0].source, "fixtures/kyiv.txt");
    assert!(hits[0].snippet.contains("[Geneva]"), "{}", hits[0].snippet);
    assert_eq!(store.search("quotas OR Marchuk", 10).unwrap().len(), 2);
    assert_eq!(store.search("quotas OR Marchuk", 1).unwrap().len(), 1);
    assert_eq!(store.search("\"door is open\"", 10).unwrap().len(), 1);
    if !store.is_postgres() {
        // FTS5's prefix queries (websearch_to_tsquery has none).
        assert_eq!(store.search("fish*", 10).unwrap().len(), 1);
    }
    assert!(store.search("volcano", 10).unwrap().is_empty());
}

#[test]
fn a_bad_query_is_a_clear_error_and_literal_queries_always_parse() {
    let (_dir, mut store) = temp_store();
    store.insert_batch(&[kyiv()]).unwrap();
    for bad in [
        "\"unbalanced",
        "AND",
        "U.S. talks",
        "nosuchcolumn:word",
        "((",
    ] {
        match store.search(bad, 10) {
            Err(StoreError::Query { query, message }) => {
                assert_eq!(query, bad);
                assert!(!message.is_empty());
            }
            other => panic!("{bad:?}: expected a query error, got {other:?}"),
        }
        store.search(&fts_literal(bad), 10).unwrap();
    }
    assert_eq!(store.search(&fts_literal("Geneva."), 10).unwrap().len(), 1);
}

fn quotes_are_found_by_name_surname_or_speaker_text(fresh: &mut Fresh) {
    let mut store = fresh.store();
    store.insert_batch(&[oslo(), kyiv()]).unwrap();
    let all = store.quotes(None).unwrap();
    assert_eq!(all.len(), 2);
    // Dispatch-date order: Oslo (2021) before Kyiv (2022).
    assert_eq!(all[0].dct.as_deref(), Some("2021-05-09"));
    assert_eq!(all[1].speaker_name.as_deref(), Some("Olena Marchuk"));
    assert_eq!(all[1].quote, kyiv().quotes[0]);
    for query in ["Olena Marchuk", "marchuk", "MARCHUK"] {
        let found = store.quotes(Some(query)).unwrap();
        assert_eq!(found.len(), 1, "{query}");
        assert_eq!(found[0].doc_id, kyiv().id);
    }
    let spokesman = store.quotes(Some("ministry spokesman")).unwrap();
    assert_eq!(spokesman.len(), 1);
    assert_eq!(
        spokesman[0].speaker_name.as_deref(),
        Some("a ministry spokesman")
    );
    assert!(store.quotes(Some("Olena")).unwrap().is_empty());
    assert!(store.quotes(Some("spokes")).unwrap().is_empty());
    assert!(store.quotes(Some("%")).unwrap().is_empty());
}

fn events_are_filtered_and_ordered_by_date(fresh: &mut Fresh) {
    let mut store = fresh.store();
    store.insert_batch(&[kyiv(), oslo()]).unwrap();
    let all = store.events(&EventFilter::default()).unwrap();
    let dates: Vec<_> = all.iter().map(|e| e.date.as_deref()).collect();
    // The Oslo event has no date of its own: it takes the dispatch date.
    assert_eq!(
        dates,
        [Some("2021-05-09"), Some("2022-02-28"), Some("2022-04")]
    );
    let meet = &all[1];
    assert_eq!(meet.event, kyiv().events[0]);
    assert_eq!(
        meet.actors,
        vec![("Olena Marchuk".to_string(), vec!["UKRGOV".to_string()])]
    );
    assert_eq!(
        meet.recipients,
        vec![("Poland".to_string(), vec!["POL".to_string()])]
    );
    assert_eq!(meet.place.as_deref(), Some("Geneva"));
    assert_eq!(meet.dct.as_deref(), Some("2022-03-03"));

    let filter = |actor: Option<&str>, from: Option<&str>, to: Option<&str>, kind: Option<&str>| {
        let filter = EventFilter {
            actor: actor.map(String::from),
            from: from.map(String::from),
            to: to.map(String::from),
            kind: kind.map(String::from),
            coarse_dates: true,
            ..EventFilter::default()
        };
        store
            .events(&filter)
            .unwrap()
            .into_iter()
            .map(|e| e.event.cameo)
            .collect::<Vec<_>>()
    };
    assert_eq!(filter(Some("marchuk"), None, None, None), ["043", "036"]);
    assert_eq!(filter(Some("Poland"), None, None, None), ["043", "036"]);
    assert_eq!(filter(Some("UKR"), None, None, None), ["043", "036"]);
    assert_eq!(filter(Some("nor"), None, None, None), ["040"]);
    assert!(filter(Some("Olena"), None, None, None).is_empty());
    assert_eq!(filter(None, Some("2022-01-01"), None, None), ["043", "036"]);
    assert_eq!(filter(None, Some("2022-04-15"), None, None), ["036"]);
    assert_eq!(filter(None, None, Some("2022-03"), None), ["040", "043"]);
    assert_eq!(
        filter(None, Some("2022"), Some("2022"), None),
        ["043", "036"]
    );
    assert_eq!(
        filter(None, None, None, Some("consult")),
        ["040", "043", "036"]
    );
    assert_eq!(filter(None, None, None, Some("04")), ["040", "043"]);
    assert!(filter(None, None, None, Some("ASSAULT")).is_empty());

    // By default a window holds only events dated at least as finely as it, by the text.
    let strict = |from: &str, to: &str| {
        store
            .events(&EventFilter {
                from: Some(from.to_string()),
                to: Some(to.to_string()),
                ..EventFilter::default()
            })
            .unwrap()
            .into_iter()
            .map(|e| e.event.cameo)
            .collect::<Vec<_>>()
    };
    // "2022-04" is coarser than a window of days; the Oslo event has only its dispatch date.
    assert_eq!(strict("2022-02-01", "2022-04-30"), ["043"]);
    assert_eq!(strict("2022-04", "2022-04"), ["036"]);
    assert!(strict("2021-05-01", "2021-05-31").is_empty());
    assert_eq!(strict("2022", "2022"), ["043", "036"]);
}

fn events_are_filtered_by_recipient_and_dyad(fresh: &mut Fresh) {
    let mut store = fresh.store();
    store.insert_batch(&[kyiv(), oslo()]).unwrap();
    let cameos = |filter: EventFilter| {
        store
            .events(&filter)
            .unwrap()
            .into_iter()
            .map(|e| e.event.cameo)
            .collect::<Vec<_>>()
    };
    let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
    let both = cameos(EventFilter {
        dyad: pair("UKR", "Poland"),
        ..EventFilter::default()
    });
    assert_eq!(
        both,
        cameos(EventFilter {
            dyad: pair("poland", "marchuk"),
            ..EventFilter::default()
        }),
        "a dyad is either way round"
    );
    assert!(!both.is_empty());
    assert_eq!(
        cameos(EventFilter {
            recipient: Some("Poland".to_string()),
            ..EventFilter::default()
        }),
        both
    );
    // Marchuk acts; she is no recipient.
    assert!(cameos(EventFilter {
        recipient: Some("Marchuk".to_string()),
        ..EventFilter::default()
    })
    .is_empty());
    assert!(cameos(EventFilter {
        dyad: pair("UKR", "NOR"),
        ..EventFilter::default()
    })
    .is_empty());
}

fn quotes_are_filtered_by_date_and_words(fresh: &mut Fresh) {
    let mut store = fresh.store();
    store.insert_batch(&[oslo(), kyiv()]).unwrap();
    let found = |from: Option<&str>, to: Option<&str>, about: Option<&str>| {
        store
            .quotes_matching(&QuoteFilter {
                from: from.map(String::from),
                to: to.map(String::from),
                about: about.map(String::from),
                ..QuoteFilter::default()
            })
            .unwrap()
            .into_iter()
            .map(|q| q.dct.unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(found(Some("2022"), None, None), ["2022-03-03"]);
    assert_eq!(found(None, Some("2021-12"), None), ["2021-05-09"]);
    let word = kyiv().quotes[0]
        .text
        .split_whitespace()
        .max_by_key(|w| w.len())
        .unwrap()
        .to_uppercase();
    assert_eq!(found(None, None, Some(&word)), ["2022-03-03"]);
    assert!(found(None, None, Some("zzzz-no-such-word")).is_empty());
}

fn a_document_is_found_by_its_external_id_or_url(fresh: &mut Fresh) {
    let mut store = fresh.store();
    let mut doc = kyiv();
    doc.external_id = Some("rec-144".to_string());
    doc.url = Some("https://example.org/news/144".to_string());
    let id = doc.id.clone();
    store.insert_batch(&[doc, oslo()]).unwrap();
    for key in ["rec-144", "https://example.org/news/144"] {
        assert_eq!(
            store.document(key).unwrap().map(|d| d.id),
            Some(id.clone()),
            "{key}"
        );
    }
    assert!(store.document("rec-145").unwrap().is_none());
}

fn stats_count_everything(fresh: &mut Fresh) {
    let mut store = fresh.store();
    store.insert_batch(&[kyiv(), oslo(), numbered(1)]).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats.documents, 3);
    assert_eq!(stats.timexes, 1);
    assert_eq!(stats.entities, 4);
    assert_eq!(stats.mentions, 1);
    assert_eq!(stats.quotes, 2);
    assert_eq!(stats.events, 3);
    assert_eq!(stats.first_dct.as_deref(), Some("2020-06-02"));
    assert_eq!(stats.last_dct.as_deref(), Some("2022-03-03"));
    assert_eq!(stats.by_agency[0], ("TASS".to_string(), 2));
    assert_eq!(stats.event_types, vec![("CONSULT".to_string(), 3)]);
}

fn every_document_is_iterated_in_storage_order(fresh: &mut Fresh) {
    let mut store = fresh.store();
    let docs: Vec<Document> = (0..150).map(numbered).collect();
    for chunk in docs.chunks(40) {
        store.insert_batch(chunk).unwrap();
    }
    let loaded: Vec<Document> = store.documents().collect::<Result<_>>().unwrap();
    assert_eq!(loaded, docs);
    let mut seen = 0;
    store
        .for_each_document(|doc| {
            seen += 1;
            if doc.id == docs[9].id {
                return Err(StoreError::Query {
                    query: "stop".into(),
                    message: "stop".into(),
                });
            }
            Ok(())
        })
        .unwrap_err();
    assert_eq!(seen, 10);
}

#[test]
fn calendar_prefixes() {
    assert_eq!(calendar_prefix("2021-12-17"), Some("2021-12-17"));
    assert_eq!(calendar_prefix("2021-12-17T10:00"), Some("2021-12-17"));
    assert_eq!(calendar_prefix("2022-01"), Some("2022-01"));
    assert_eq!(calendar_prefix("2022-W02"), Some("2022"));
    assert_eq!(calendar_prefix("2022-Q1"), Some("2022"));
    assert_eq!(calendar_prefix("199"), Some("199"));
    assert_eq!(calendar_prefix("20"), Some("20"));
    assert_eq!(calendar_prefix("XXXX-12-17"), None);
    assert_eq!(calendar_prefix("PRESENT_REF"), None);
    assert_eq!(calendar_prefix("P5Y"), None);
    assert_eq!(calendar_prefix("1999x"), Some("1999"));
    assert_eq!(calendar_prefix("199x"), None);
}

thread_local! {
    /// One store for every case of a property test (creating one takes a while).
    static SHARED: (tempfile::TempDir, Store) = {
        let (dir, mut store) = temp_store();
        store.insert_batch(&[kyiv(), oslo()]).unwrap();
        (dir, store)
    };
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn calendar_prefix_is_a_prefix_and_never_panics(value in "\\PC{0,16}") {
        if let Some(prefix) = calendar_prefix(&value) {
            prop_assert!(value.starts_with(prefix));
            prop_assert!(prefix.len() >= 2);
        }
    }

    #[test]
    fn fts_literal_always_parses(text in "\\PC{0,24}") {
        SHARED.with(|(_dir, store)| {
            prop_assert!(store.search(&fts_literal(&text), 5).is_ok());
            Ok(())
        })?;
    }
}

/// Several connections (as several processes would) opening the same new database at
/// the same moment: every one of them opens it, and the schema is applied once.
#[test]
fn concurrent_opens_of_a_new_database_all_succeed() {
    const OPENERS: usize = 8;
    for round in 0..12 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("race{round}.db"));
        let barrier = std::sync::Barrier::new(OPENERS);
        let results: Vec<Result<i64>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..OPENERS)
                .map(|_| {
                    scope.spawn(|| {
                        barrier.wait();
                        Store::open(&path).and_then(|store| store.schema_version())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for result in results {
            match result {
                Ok(version) => assert_eq!(version, schema::MIGRATIONS.len() as i64),
                Err(error) => panic!("round {round}: {:#}", anyhow_chain(&error)),
            }
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(count(&store, "documents"), 0);
    }
}

fn anyhow_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[test]
fn a_read_only_open_queries_and_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.insert_batch(&[kyiv(), oslo()]).unwrap();
    }
    // The writer closed: its log was checkpointed into the file.
    let mut store = Store::open_read_only(&path).unwrap();
    assert_eq!(store.stats().unwrap().documents, 2);
    assert_eq!(store.document(&kyiv().id).unwrap(), Some(kyiv()));
    assert_eq!(store.search("Norway", 5).unwrap().len(), 1);
    match store.ensure_writable() {
        Err(error @ StoreError::ReadOnly { .. }) => assert!(error.is_unavailable()),
        other => panic!("expected ReadOnly, got {other:?}"),
    }
    let failed = store.insert_batch(&[numbered(1)]).unwrap_err();
    assert!(failed.is_unavailable(), "{failed:?}");
    drop(store);
    // A read-write store passes the check.
    Store::open(&path).unwrap().ensure_writable().unwrap();
}

#[test]
fn a_read_only_open_writes_nothing_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    assert!(Store::open_read_only(&missing).is_err());
    assert!(
        !missing.exists(),
        "a read-only open never creates a database"
    );
    let path = dir.path().join("old.db");
    {
        // A database of an older schema: a query command migrates it when it can.
        let conn = Connection::open(&path).unwrap();
        configure(&conn).unwrap();
        let mut old = Sqlite {
            conn,
            path: path.clone(),
        };
        old.migrate(1).unwrap();
    }
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        schema::MIGRATIONS.len() as i64
    );
    drop(store);
    let before = std::fs::read(&path).unwrap();
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(store.stats().unwrap().documents, 0);
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_full_store_fails_with_an_unavailable_error_and_keeps_what_was_committed() {
    let (_dir, mut store) = temp_store();
    store.insert_batch(&[kyiv()]).unwrap();
    let page: i64 = store
        .sqlite_backend()
        .conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store.set_size_limit(page as u64 * 4096).unwrap();
    let batch: Vec<Document> = (0..400).map(numbered).collect();
    let error = store.insert_batch(&batch).unwrap_err();
    assert!(error.is_unavailable(), "{error:?}");
    assert_eq!(
        error.to_string(),
        "database error",
        "the message is the chain's head"
    );
    assert!(
        anyhow_chain(&error).contains("full"),
        "{}",
        anyhow_chain(&error)
    );
    assert_eq!(count(&store, "documents"), 1);
    assert_eq!(store.document(&kyiv().id).unwrap(), Some(kyiv()));
    // A bad document (not the store) is not "unavailable".
    assert!(!StoreError::AmbiguousId {
        prefix: "ab".into(),
        candidates: vec![]
    }
    .is_unavailable());
}

/// Fresh empty stores of one backend, for one test: SQLite files in a temporary
/// folder, or PostgreSQL schemas (`annalist_test_...`, dropped and made again) in the
/// database of `$ANNALIST_TEST_PG`.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
pub(crate) struct Fresh {
    name: String,
    postgres: Option<String>,
    made: usize,
    dirs: Vec<tempfile::TempDir>,
}

/// The PostgreSQL database the tests use, from `$ANNALIST_TEST_PG`. Without it the
/// PostgreSQL tests are skipped with a notice, unless `$ANNALIST_PG_TESTS=1` (CI), where
/// a missing database fails them.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
pub(crate) fn test_pg_url(test: &str) -> Option<String> {
    match std::env::var("ANNALIST_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("ANNALIST_PG_TESTS").as_deref() != Ok("1"),
                "ANNALIST_PG_TESTS=1 but ANNALIST_TEST_PG is not set: no PostgreSQL to test {test} on"
            );
            eprintln!(
                "skipping the PostgreSQL test {test}: set ANNALIST_TEST_PG=postgres://USER@HOST/DB to run it"
            );
            None
        }
    }
}

impl Fresh {
    pub(crate) fn sqlite(name: &str) -> Fresh {
        Fresh {
            name: name.to_string(),
            postgres: None,
            made: 0,
            dirs: Vec::new(),
        }
    }

    /// `None` (the test is skipped) without a database to test on.
    #[cfg(feature = "postgres")]
    pub(crate) fn postgres(name: &str) -> Option<Fresh> {
        Some(Fresh {
            name: name.to_string(),
            postgres: Some(test_pg_url(name)?),
            made: 0,
            dirs: Vec::new(),
        })
    }

    /// The name of the next PostgreSQL schema: at most 63 bytes, one per test and store.
    #[cfg(feature = "postgres")]
    pub(crate) fn next_schema(&mut self) -> String {
        use std::hash::{Hash, Hasher};
        self.made += 1;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.name.hash(&mut hasher);
        let short: String = self.name.chars().take(36).collect();
        format!(
            "annalist_test_{short}_{:x}_{}",
            hasher.finish() & 0xffff,
            self.made
        )
    }

    /// A new empty store.
    pub(crate) fn store(&mut self) -> Store {
        match self.postgres.clone() {
            None => {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::open(&dir.path().join("test.db")).unwrap();
                self.dirs.push(dir);
                store
            }
            #[cfg(feature = "postgres")]
            Some(url) => {
                let schema = self.next_schema();
                pg_drop_schema(&url, &schema);
                self.open_schema(&url, &schema)
            }
            #[cfg(not(feature = "postgres"))]
            Some(_) => unreachable!("PostgreSQL tests need the postgres feature"),
        }
    }

    /// Another connection to the store in `schema` (as another process would open it).
    #[cfg(feature = "postgres")]
    pub(crate) fn open_schema(&self, url: &str, schema: &str) -> Store {
        Store {
            location: Location::Postgres(url.to_string()),
            backend: Backend::Postgres(Box::new(crate::pg::Pg::open(url, Some(schema)).unwrap())),
        }
    }
}

/// Drops a test schema left by an earlier run.
#[cfg(feature = "postgres")]
pub(crate) fn pg_drop_schema(url: &str, schema: &str) {
    let mut client = url
        .parse::<postgres::Config>()
        .unwrap()
        .connect(postgres::NoTls)
        .unwrap();
    client
        .batch_execute(&format!(
            "SET client_min_messages = warning; DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"
        ))
        .unwrap();
}

/// Runs each named test, `fn name(fresh: &mut Fresh)`, on SQLite (`on_sqlite::name`)
/// and on PostgreSQL (`on_postgres::name`, skipped without `$ANNALIST_TEST_PG`).
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[test]
                fn $name() {
                    super::$name(&mut crate::tests::Fresh::sqlite(stringify!($name)));
                }
            )*
        }
        #[cfg(feature = "postgres")]
        mod on_postgres {
            $(
                #[test]
                fn $name() {
                    if let Some(mut fresh) = crate::tests::Fresh::postgres(stringify!($name)) {
                        super::$name(&mut fresh);
                    }
                }
            )*
        }
    };
}

on_both_backends!(
    documents_round_trip_exactly,
    a_dated_header_document_round_trips,
    documents_are_found_by_unique_prefix,
    the_same_document_is_stored_once,
    search_finds_words_with_snippets,
    quotes_are_found_by_name_surname_or_speaker_text,
    events_are_filtered_and_ordered_by_date,
    events_are_filtered_by_recipient_and_dyad,
    quotes_are_filtered_by_date_and_words,
    a_document_is_found_by_its_external_id_or_url,
    stats_count_everything,
    every_document_is_iterated_in_storage_order,
);

#[cfg(feature = "postgres")]
#[path = "pg_tests.rs"]
mod pg_tests;

#[path = "fuse_tests.rs"]
pub(crate) mod fuse_tests;

/// `(canonical, kind, documents, mentions)` rows and `(speaker, quotes, documents)` rows.
type Totals = (Vec<(String, String, i64, i64)>, Vec<(String, i64, i64)>);

/// The totals the browsing queries read, recomputed from the rows they summarise.
fn totals_from_scratch(store: &Store) -> Totals {
    let entities = store
        .sqlite_backend()
        .conn
        .prepare(
            "SELECT e.canonical, e.kind, count(DISTINCT e.doc),
                    (SELECT count(*) FROM mentions m JOIN entities x
                     ON m.doc = x.doc AND m.entity_idx = x.idx
                     WHERE x.canonical = e.canonical AND x.kind = e.kind)
             FROM entities e GROUP BY 1, 2 ORDER BY 1, 2",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap();
    let speakers = store
        .sqlite_backend()
        .conn
        .prepare(
            "SELECT coalesce(speaker_canonical, speaker_text) AS name, count(*), count(DISTINCT doc)
             FROM quotes WHERE name IS NOT NULL GROUP BY 1 ORDER BY 1",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap();
    (entities, speakers)
}

fn totals_kept(store: &Store) -> Totals {
    let entities = store
        .sqlite_backend()
        .conn
        .prepare("SELECT canonical, kind, documents, mentions FROM entity_totals ORDER BY 1, 2")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap();
    let speakers = store
        .sqlite_backend()
        .conn
        .prepare("SELECT name, quotes, documents FROM speaker_totals ORDER BY 1")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap();
    (entities, speakers)
}

#[test]
fn entity_and_speaker_totals_follow_every_batch_and_skip_duplicates() {
    let mut fresh = Fresh::sqlite("totals");
    let mut store = fresh.store();
    let mut second_kyiv = kyiv();
    second_kyiv.text.push_str(" More later.");
    second_kyiv.id = "00aa".repeat(4);
    store.insert_batch(&[kyiv()]).unwrap();
    assert_eq!(totals_kept(&store), totals_from_scratch(&store));
    store.insert_batch(&[oslo(), kyiv(), second_kyiv]).unwrap();
    let (entities, speakers) = totals_kept(&store);
    assert_eq!(
        (entities.clone(), speakers.clone()),
        totals_from_scratch(&store)
    );
    let marchuk = entities.iter().find(|e| e.0 == "Olena Marchuk").unwrap();
    assert_eq!((marchuk.2, marchuk.3), (2, 2));
    assert!(speakers
        .iter()
        .any(|s| s.0 == "Olena Marchuk" && s.1 == 2 && s.2 == 2));
    let page = store
        .entity_page(Some("marchuk"), Some("person"), 0, 10)
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].documents, 2);
    let speakers = store.speakers(Some("olena"), 0, 10).unwrap();
    assert_eq!(speakers.items[0].quotes, 2);
}
