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
