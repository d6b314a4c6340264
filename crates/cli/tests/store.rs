//! End-to-end tests of the store commands on our example dispatches: ingest (idempotent),
//! search, show, stats, quotes, timeline and both exports.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn annalist(db: &Path) -> Command {
    let mut command = Command::cargo_bin("annalist").expect("binary builds");
    command.env("ANNALIST_DB", db);
    command
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn stdout(command: &mut Command) -> String {
    let output = command.assert().success().get_output().stdout.clone();
    String::from_utf8(output).expect("utf-8 output")
}

#[test]
fn ingest_then_query_the_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("news.db");

    annalist(&db)
        .args(["ingest", "--quiet"])
        .arg(examples())
        .assert()
        .success()
        .stdout(predicate::str::contains("stored"));
    // The same documents again are duplicates, never errors, and nothing is stored twice.
    let again = annalist(&db)
        .args(["ingest", "--quiet"])
        .arg(examples())
        .assert()
        .success();
    let summary = String::from_utf8_lossy(&again.get_output().stdout).to_string();
    assert!(
        summary.contains("duplicates 4") || summary.contains("4 duplicate"),
        "second ingest: {summary}"
    );

    let stats = stdout(annalist(&db).args(["stats", "--format", "json"]));
    let stats: serde_json::Value = serde_json::from_str(&stats).expect("stats json");
    assert_eq!(stats["documents"], 4);

    let hits = stdout(annalist(&db).args(["search", "sanctions"]));
    assert!(
        hits.contains("reuters-style.txt"),
        "search finds the Reuters example: {hits}"
    );

    let listing = stdout(annalist(&db).args(["search", "drones", "--format", "json"]));
    let first: serde_json::Value =
        serde_json::from_str(listing.lines().next().expect("a hit")).expect("hit json");
    let id = first["id"].as_str().expect("doc id").to_string();
    let shown = stdout(annalist(&db).args(["show", &id[..8], "--format", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&shown).expect("document json");
    assert_eq!(doc["agency"], "Reuters");

    let quotes = stdout(annalist(&db).args(["quotes", "--speaker", "Blinken"]));
    assert!(
        quotes.contains("These transfers must stop"),
        "Blinken's quote is listed: {quotes}"
    );

    let timeline = stdout(annalist(&db).args(["timeline"]));
    assert!(!timeline.trim().is_empty(), "the examples hold events");

    let gdelt = stdout(annalist(&db).args(["export", "--format", "gdelt-events"]));
    assert!(!gdelt.is_empty());
    for row in gdelt.lines() {
        assert_eq!(
            row.split('\t').count(),
            61,
            "GDELT rows have 61 columns: {row}"
        );
    }
    let plover = stdout(annalist(&db).args(["export", "--format", "plover"]));
    for line in plover.lines() {
        let record: serde_json::Value = serde_json::from_str(line).expect("PLOVER record is JSON");
        assert!(
            record.get("event").is_some() && record.get("cameo").is_some(),
            "{record}"
        );
    }
}

#[test]
fn show_of_an_unknown_id_fails_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("news.db");
    annalist(&db)
        .args(["ingest", "--quiet"])
        .arg(examples().join("tass-style.txt"))
        .assert()
        .success();
    annalist(&db)
        .args(["show", "ffffffffffffffff"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("ffffffffffffffff"));
}

/// Three invented reports: two sites tell the same meeting of 4 May, a third a meeting
/// of the same ministers on 6 May.
const MEETINGS: &str = r#"{"id": "a1", "date": "2030/5/4", "url": "https://alpha.example/a1", "title": "Ministers meet", "text": "MOSCOW, May 4. /TASS/. Russian Foreign Minister Sergey Lavrov met with Turkish Foreign Minister Mevlut Cavusoglu in Moscow on Saturday, the ministry said."}
{"id": "b7", "date": "2030/5/4", "url": "https://beta.example/b7", "title": "Lavrov and Cavusoglu hold talks", "text": "Russia's top diplomat Sergey Lavrov met with Turkish Foreign Minister Mevlut Cavusoglu on Saturday to discuss Syria, officials said."}
{"id": "c3", "date": "2030/5/6", "url": "https://gamma.example/c3", "title": "Another meeting", "text": "Russian Foreign Minister Sergey Lavrov met with Turkish Foreign Minister Mevlut Cavusoglu again on Monday in Ankara, the ministry said."}
"#;

#[test]
fn events_are_fused_across_reports_and_queried() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("news.db");
    let input = dir.path().join("meetings.jsonl");
    std::fs::write(&input, MEETINGS).expect("fixture written");
    annalist(&db)
        .args(["ingest", "--quiet"])
        .arg(&input)
        .assert()
        .success();
    let events = |args: &[&str]| -> Vec<serde_json::Value> {
        stdout(
            annalist(&db)
                .args(["events", "--format", "json"])
                .args(args),
        )
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON event a line"))
        .collect()
    };
    let all = events(&[]);
    let sources: Vec<&serde_json::Value> = all.iter().map(|e| &e["sources"]).collect();
    assert_eq!(
        sources,
        [&serde_json::json!(["a1", "b7"]), &serde_json::json!(["c3"])],
        "{all:?}"
    );
    let first = &all[0];
    assert_eq!(first["type"], "CONSULT");
    assert_eq!(first["date"], "2030-05-04");
    assert_eq!(first["articles"], 2);
    assert_eq!(first["source_count"], 2);
    assert!(first["cameo"].as_str().is_some_and(|c| c.starts_with("04")));
    assert!(first["id"].as_str().is_some());
    assert!(first["actors"][0]["name"].as_str().is_some());
    // Filters: sources, dates, dyad either way round, type.
    assert_eq!(events(&["--min-sources", "2"]).len(), 1);
    assert_eq!(
        events(&["--from", "2030-05-05"])[0]["sources"],
        serde_json::json!(["c3"])
    );
    assert_eq!(
        events(&["--dyad", "TUR,Lavrov", "--type", "consult"]).len(),
        2
    );
    assert!(events(&["--type", "ASSAULT"]).is_empty());
    // Paging tells the total.
    let page = annalist(&db)
        .args([
            "events", "--format", "json", "--limit", "1", "--offset", "1",
        ])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&page.get_output().stdout)
            .lines()
            .count(),
        1
    );
    assert!(String::from_utf8_lossy(&page.get_output().stderr).contains("2-2 of 2"));
    // Recomputing the fusion gives the same events.
    annalist(&db).args(["fuse", "--refuse"]).assert().success();
    assert_eq!(events(&[]), all);
}

/// Two dispatches written for this test, as JSON Lines records with their own ids.
fn two_records(dir: &Path) -> PathBuf {
    let records = [
        serde_json::json!({
            "id": "144", "date": "2017-02-09", "url": "https://example.org/a",
            "title": "Putin and Erdogan",
            "text": "MOSCOW, February 9. /TASS/. Russian President Vladimir Putin held talks \
                     with Turkish President Recep Tayyip Erdogan in Moscow on Thursday. \
                     \"NATO keeps moving its forces closer to our borders,\" Russian Foreign \
                     Minister Sergey Lavrov said on Thursday."
        }),
        serde_json::json!({
            "id": "1440", "date": "2017-03-01", "url": "https://example.org/b",
            "title": "Paris",
            "text": "PARIS, March 1. /TASS/. French President Francois Hollande met with \
                     German Chancellor Angela Merkel in Paris on Wednesday. \"The harvest was \
                     good this year,\" Russian Foreign Minister Sergey Lavrov said."
        }),
    ];
    let path = dir.join("in.jsonl");
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    std::fs::write(&path, lines.join("\n") + "\n").expect("write records");
    path
}

#[test]
fn the_corpus_questions_are_one_command_each() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("q.db");
    let input = two_records(dir.path());
    annalist(&db)
        .args(["ingest", "--quiet"])
        .arg(&input)
        .assert()
        .success();

    // "All meetings between Russia and Turkey": a dyad, either way round.
    for dyad in ["RUS,TUR", "TUR,RUS"] {
        let rows =
            stdout(annalist(&db).args(["timeline", "--dyad", dyad, "--type", "CONSULT", "--json"]));
        let rows: Vec<serde_json::Value> = rows
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect();
        assert_eq!(rows.len(), 1, "{dyad}: {rows:?}");
        assert_eq!(rows[0]["date"], "2017-02-09");
    }
    let paris = stdout(annalist(&db).args(["timeline", "--dyad", "FRA,DEU"]));
    assert!(
        paris.contains("2017-03-01") && !paris.contains("2017-02-09"),
        "{paris}"
    );

    // "What did Lavrov say about NATO in February": speaker, words and a date window.
    let said = stdout(annalist(&db).args([
        "quotes",
        "--speaker",
        "Lavrov",
        "--about",
        "nato",
        "--from",
        "2017-02",
        "--to",
        "2017-02",
    ]));
    assert!(
        said.contains("NATO keeps moving") && !said.contains("harvest"),
        "{said}"
    );
    let march = stdout(annalist(&db).args(["quotes", "--about", "NATO", "--from", "2017-03"]));
    assert!(march.trim().is_empty(), "{march}");

    // A document by its record's id or its URL, never by an id prefix that also fits.
    for key in ["144", "https://example.org/a"] {
        let shown = stdout(annalist(&db).args(["show", key, "--format", "json"]));
        let doc: serde_json::Value = serde_json::from_str(&shown).expect("document json");
        assert_eq!(doc["external_id"], "144", "{key}");
    }

    // A bad date is a usage error.
    annalist(&db)
        .args(["quotes", "--from", "2017-13"])
        .assert()
        .code(2);
    annalist(&db)
        .args(["timeline", "--dyad", "RUS"])
        .assert()
        .code(2);
}
