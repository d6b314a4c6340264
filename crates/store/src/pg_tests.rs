//! Tests of the PostgreSQL backend itself (the shared suite runs on it through
//! `on_both_backends!`): concurrent first opens and concurrent writers, the same answers
//! as SQLite for every query of the same documents, read-only sessions, time limits and
//! what it does not support. Skipped without `$ANNALIST_TEST_PG`.

use super::fuse_tests::{corpus, fused};
use super::*;
use crate::browse::{Bucket, DocumentFilter};

fn url_for(test: &str) -> Option<(String, Fresh)> {
    let url = test_pg_url(test)?;
    Some((url, Fresh::postgres(test)?))
}

#[test]
fn there_is_one_postgres_migration_for_each_sqlite_one() {
    assert_eq!(crate::pg::MIGRATIONS.len(), schema::MIGRATIONS.len());
}

#[test]
fn concurrent_first_opens_of_a_new_schema_all_succeed() {
    let Some((url, mut fresh)) = url_for("concurrent_first_opens") else {
        return;
    };
    let schema = fresh.next_schema();
    pg_drop_schema(&url, &schema);
    let fresh = &fresh;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..6)
            .map(|_| scope.spawn(|| fresh.open_schema(&url, &schema).schema_version()))
            .collect();
        for handle in handles {
            assert_eq!(
                handle.join().unwrap().unwrap(),
                schema::MIGRATIONS.len() as i64
            );
        }
    });
    let store = fresh.open_schema(&url, &schema);
    assert_eq!(store.stats().unwrap().documents, 0);
    assert_eq!(count(&store, "fusion_state"), 1);
}

/// Documents with events that fuse, and others.
fn mixed_corpus() -> Vec<Document> {
    let mut docs = corpus();
    docs.extend([kyiv(), oslo()]);
    docs.extend((0..20).map(numbered));
    docs
}

#[test]
fn concurrent_writers_store_each_document_once_and_lose_no_mention() {
    let Some((url, mut fresh)) = url_for("concurrent_writers") else {
        return;
    };
    let docs = mixed_corpus();
    // One writer, one batch at a time: the reference.
    let mut single = fresh.store();
    for chunk in docs.chunks(3) {
        single.insert_batch(chunk).unwrap();
    }
    let expected = fused(&single);
    let expected_stats = single.stats().unwrap();
    // Three writers with overlapping halves, in different orders, small batches.
    let schema = fresh.next_schema();
    pg_drop_schema(&url, &schema);
    let half = docs.len() / 2;
    let parts: Vec<Vec<Document>> = vec![
        docs[..half + 4].to_vec(),
        docs[half - 4..].iter().rev().cloned().collect(),
        docs.iter().step_by(2).cloned().collect(),
    ];
    let fresh = &fresh;
    let stored: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .iter()
            .map(|part| {
                let (url, schema) = (&url, &schema);
                scope.spawn(move || {
                    let mut store = fresh.open_schema(url, schema);
                    let mut stored = 0;
                    for chunk in part.chunks(2) {
                        stored += store.insert_batch(chunk).unwrap().stored;
                    }
                    stored
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    assert_eq!(
        stored,
        docs.len(),
        "each document stored by exactly one writer"
    );
    let store = fresh.open_schema(&url, &schema);
    assert_eq!(count(&store, "documents"), docs.len() as i64);
    assert_eq!(store.stats().unwrap(), expected_stats);
    assert_eq!(fused(&store), expected);
    assert_eq!(
        count(&store, "fused_mentions"),
        count(&single, "events"),
        "every event mention is in a fused event"
    );
}

#[test]
fn both_backends_answer_every_query_alike() {
    let Some((_url, mut fresh)) = url_for("both_backends_alike") else {
        return;
    };
    let mut sqlite_fresh = Fresh::sqlite("alike");
    let mut lite = sqlite_fresh.store();
    let mut pg = fresh.store();
    let docs = mixed_corpus();
    for chunk in docs.chunks(4) {
        assert_eq!(
            lite.insert_batch(chunk).unwrap(),
            pg.insert_batch(chunk).unwrap()
        );
    }
    assert_eq!(lite.stats().unwrap(), pg.stats().unwrap());
    assert_eq!(
        lite.events(&EventFilter::default()).unwrap(),
        pg.events(&EventFilter::default()).unwrap()
    );
    let filters = [
        FusedFilter::default(),
        FusedFilter {
            kind: Some("consult".into()),
            min_sources: Some(2),
            ..FusedFilter::default()
        },
        FusedFilter {
            party: Some("POR".into()),
            from: Some("2030-05".into()),
            to: Some("2030-05-05".into()),
            limit: Some(2),
            offset: 1,
            ..FusedFilter::default()
        },
        FusedFilter {
            dyad: Some(("varga".into(), "Dvorak".into())),
            ..FusedFilter::default()
        },
    ];
    for filter in &filters {
        assert_eq!(
            lite.fused_events(filter).unwrap(),
            pg.fused_events(filter).unwrap(),
            "{filter:?}"
        );
        for bucket in [Bucket::Day, Bucket::Week, Bucket::Year] {
            assert_eq!(
                lite.timeline(filter, bucket).unwrap(),
                pg.timeline(filter, bucket).unwrap()
            );
        }
        assert_eq!(
            lite.map_places(filter).unwrap(),
            pg.map_places(filter).unwrap()
        );
    }
    assert_eq!(
        lite.fused_memberships().unwrap(),
        pg.fused_memberships().unwrap()
    );
    assert_eq!(lite.quotes(None).unwrap(), pg.quotes(None).unwrap());
    let quote_filter = QuoteFilter {
        about: Some("door".into()),
        from: Some("2021".into()),
        ..QuoteFilter::default()
    };
    assert_eq!(
        lite.quotes_page(&quote_filter, 0, 10).unwrap(),
        pg.quotes_page(&quote_filter, 0, 10).unwrap()
    );
    let page = DocumentFilter {
        limit: 5,
        offset: 2,
        ..DocumentFilter::default()
    };
    assert_eq!(
        lite.document_page(&page).unwrap(),
        pg.document_page(&page).unwrap()
    );
    let searched = DocumentFilter {
        q: Some("Marchuk".into()),
        limit: 5,
        ..DocumentFilter::default()
    };
    let (a, b) = (
        lite.document_page(&searched).unwrap(),
        pg.document_page(&searched).unwrap(),
    );
    assert_eq!(a.total, b.total);
    assert_eq!(
        a.items.iter().map(|d| &d.id).collect::<Vec<_>>(),
        b.items.iter().map(|d| &d.id).collect::<Vec<_>>()
    );
    assert!(b.items[0].snippet.as_deref().unwrap().contains("[Marchuk]"));
    assert_eq!(
        lite.speakers(None, 0, 10).unwrap(),
        pg.speakers(None, 0, 10).unwrap()
    );
    assert_eq!(
        lite.entity_page(None, None, 0, 50).unwrap(),
        pg.entity_page(None, None, 0, 50).unwrap()
    );
    assert_eq!(
        lite.entity_page(Some("marchuk"), Some("person"), 0, 5)
            .unwrap(),
        pg.entity_page(Some("marchuk"), Some("person"), 0, 5)
            .unwrap()
    );
    for (name, kind) in [("olena marchuk", None), ("Geneva", Some("place"))] {
        assert_eq!(
            lite.entity(name, kind).unwrap(),
            pg.entity(name, kind).unwrap()
        );
    }
    assert_eq!(
        lite.entity_documents("Olena Marchuk", "person", 0, 5)
            .unwrap(),
        pg.entity_documents("Olena Marchuk", "person", 0, 5)
            .unwrap()
    );
    let (all, _) = lite.fused_events(&FusedFilter::default()).unwrap();
    for event in &all {
        assert_eq!(
            lite.fused_event(&event.id).unwrap(),
            pg.fused_event(&event.id).unwrap()
        );
        assert_eq!(
            lite.fused_reports(&event.id, 10).unwrap(),
            pg.fused_reports(&event.id, 10).unwrap()
        );
        assert_eq!(
            lite.fused_first_seen(&event.id).unwrap().url,
            pg.fused_first_seen(&event.id).unwrap().url
        );
    }
    for doc in &docs {
        assert_eq!(
            lite.document_fused_ids(&doc.id, doc.events.len()).unwrap(),
            pg.document_fused_ids(&doc.id, doc.events.len()).unwrap()
        );
    }
    assert_eq!(lite.export_counts().unwrap(), pg.export_counts().unwrap());
    let pages = |store: &Store| {
        store
            .export_pages()
            .flat_map(|page| page.unwrap())
            .map(|d| (d.pk, d.doc, d.fused))
            .collect::<Vec<_>>()
    };
    assert_eq!(pages(&lite), pages(&pg));
    assert_eq!(
        lite.documents().map(Result::unwrap).collect::<Vec<_>>(),
        pg.documents().map(Result::unwrap).collect::<Vec<_>>()
    );
    // Recomputed from scratch, PostgreSQL's fusion is SQLite's.
    assert_eq!(lite.refuse().unwrap(), pg.refuse().unwrap());
    assert_eq!(fused(&lite), fused(&pg));
}

#[test]
fn a_read_only_session_queries_and_refuses_writes() {
    let Some((url, mut fresh)) = url_for("read_only_session") else {
        return;
    };
    let schema = fresh.next_schema();
    pg_drop_schema(&url, &schema);
    // An empty schema holds no store: a query command says so.
    {
        let mut pg = crate::pg::Pg::connect(&url, Some(&schema)).unwrap();
        assert!(pg.version_or_none().unwrap().is_none());
    }
    let mut writer = fresh.open_schema(&url, &schema);
    writer.insert_batch(&[kyiv()]).unwrap();
    writer.ensure_writable().unwrap();
    let mut reader = Store {
        location: Location::Postgres(url.clone()),
        backend: Backend::Postgres(Box::new(
            crate::pg::Pg::open_read_only_in(&url, Some(&schema)).unwrap(),
        )),
    };
    assert_eq!(reader.stats().unwrap().documents, 1);
    assert!(matches!(
        reader.ensure_writable(),
        Err(StoreError::ReadOnly { .. })
    ));
    assert!(matches!(
        reader.insert_batch(&[oslo()]),
        Err(StoreError::ReadOnly { .. })
    ));
    match writer.set_size_limit(1 << 20) {
        Err(error @ StoreError::Unsupported { .. }) => {
            assert!(error
                .to_string()
                .starts_with("not supported on the PostgreSQL backend yet"))
        }
        other => panic!("expected Unsupported, got {other:?}"),
    }
}

#[test]
fn a_query_past_its_time_limit_is_cancelled_and_the_session_goes_on() {
    let Some((_url, mut fresh)) = url_for("pg_time_limit") else {
        return;
    };
    let store = fresh.store();
    let Backend::Postgres(pg) = &store.backend else {
        unreachable!()
    };
    let error = store
        .with_time_limit(std::time::Duration::from_millis(50), |_| {
            pg.query("SELECT pg_sleep(5)", &[]).map(|_| ())
        })
        .unwrap_err();
    assert!(matches!(error, StoreError::TimedOut { .. }), "{error:?}");
    assert!(!error.is_unavailable());
    assert_eq!(store.stats().unwrap().documents, 0);
}

#[test]
fn a_bad_url_is_an_open_error_and_an_unavailable_one() {
    let error = Store::open_url("postgres://nobody@127.0.0.1:1/none?connect_timeout=2")
        .err()
        .expect("nothing listens on port 1");
    assert!(error.is_unavailable(), "{error:?}");
    assert!(error.to_string().contains("127.0.0.1:1"), "{error}");
}
