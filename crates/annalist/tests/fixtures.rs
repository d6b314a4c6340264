//! Data-driven tests: each fixture dispatch in `tests/fixtures/` (written by us, in the
//! formats of the wire services) is analysed, and a readable projection of every annotation
//! layer is compared with the snapshot beside it (`tests/snapshots/`). A change of behaviour
//! shows as a diff; accept intended changes with `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test`).

use annalist::{Analyzer, Options};
use annalist_core::{Date, Document, Metadata};
use std::fmt::Write;
use std::path::Path;

/// One line per fact, with its span, so the snapshot reads like a report.
fn project(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "dct: {:?}", doc.dct.map(|d| d.to_string()));
    if let Some(d) = &doc.dateline {
        let _ = writeln!(
            out,
            "dateline: {} {:?} agency {:?}",
            d.place,
            <[usize; 2]>::from(d.span),
            d.agency
        );
    }
    let _ = writeln!(
        out,
        "language: {} supported: {}",
        doc.language, doc.supported
    );
    let _ = writeln!(out, "sentences:");
    for s in &doc.sentences {
        let _ = writeln!(
            out,
            "  {:?} {}",
            <[usize; 2]>::from(s.span),
            doc.slice(s.span)
        );
    }
    let _ = writeln!(out, "timexes:");
    for t in &doc.timexes {
        let modifier = t
            .modifier
            .as_deref()
            .map(|m| format!(" mod={m}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:?} {:?} {} {}{modifier}",
            <[usize; 2]>::from(t.span),
            t.text,
            t.kind.as_str(),
            t.value
        );
    }
    let _ = writeln!(out, "entities:");
    for e in &doc.entities {
        let _ = writeln!(
            out,
            "  {} {} {:?} codes={:?} role={:?} country={:?}",
            e.id,
            e.kind.as_str(),
            e.canonical,
            e.codes,
            e.role,
            e.country
        );
        for m in &e.mentions {
            let _ = writeln!(
                out,
                "    {:?} {:?} {}",
                <[usize; 2]>::from(m.span),
                m.text,
                m.how.as_deref().unwrap_or("")
            );
        }
    }
    let _ = writeln!(out, "quotes:");
    for q in &doc.quotes {
        let speaker = q
            .speaker
            .as_ref()
            .map(|s| format!("{} {:?}", s.entity.as_deref().unwrap_or("-"), s.text));
        let cue = q.cue.as_ref().map(|c| c.text.as_str());
        let _ = writeln!(
            out,
            "  {:?} {:?} cue={cue:?} speaker={speaker:?}",
            <[usize; 2]>::from(q.span),
            q.kind
        );
        let _ = writeln!(out, "    {}", q.text);
    }
    let _ = writeln!(out, "events:");
    for v in &doc.events {
        let _ = writeln!(
            out,
            "  {} {} {} actor={:?} recipient={:?} place={:?} date={:?} negated={} modality={}",
            v.id, v.kind, v.cameo, v.actor, v.recipient, v.place, v.date, v.negated, v.modality
        );
        for m in &v.mentions {
            let _ = writeln!(
                out,
                "    {:?} trigger {:?}",
                <[usize; 2]>::from(m.span),
                m.trigger.text
            );
        }
    }
    out
}

fn check_fixture(name: &str, date: Option<&str>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    let analyzer = Analyzer::new(&Options::default()).expect("embedded data loads");
    let metadata = Metadata {
        source: name.to_string(),
        date: date.and_then(Date::parse),
        ..Metadata::default()
    };
    let doc = analyzer.analyze(text, metadata);
    for span in doc
        .timexes
        .iter()
        .map(|t| t.span)
        .chain(doc.quotes.iter().map(|q| q.span))
    {
        assert!(
            doc.text.get(span.start..span.end).is_some(),
            "{name}: span {span:?} outside the text"
        );
    }
    insta::assert_snapshot!(name, project(&doc));
}

#[test]
fn tass_talks() {
    check_fixture("tass-talks.txt", None);
}

#[test]
fn reuters_sanctions() {
    check_fixture("reuters-sanctions.txt", Some("2022-03-15"));
}

#[test]
fn ap_without_date_in_dateline() {
    check_fixture("ap-no-year.txt", Some("2023-06-12"));
}

#[test]
fn xinhua_visit() {
    check_fixture("xinhua-visit.txt", Some("2024-01-15"));
}

#[test]
fn no_date_anywhere() {
    check_fixture("no-date.txt", None);
}
