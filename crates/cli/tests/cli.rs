//! End-to-end tests of the `annalist` binary: what a user types, what they get back.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn annalist() -> Command {
    Command::cargo_bin("annalist").expect("binary builds")
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// Runs a command that must succeed and parses its JSON Lines output.
fn analyzed(command: &mut Command) -> Vec<serde_json::Value> {
    json_lines(&command.assert().success().get_output().stdout)
}

fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is a JSON object"))
        .collect()
}

#[test]
fn every_command_has_help() {
    for command in [
        "analyze", "ingest", "search", "show", "stats", "quotes", "timeline", "events", "fuse",
        "export", "timeml", "eval", "bench",
    ] {
        annalist()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage"));
    }
}

#[test]
fn usage_errors_exit_with_2() {
    annalist().arg("frobnicate").assert().code(2);
    annalist()
        .args(["analyze", "--format", "yaml", "x.txt"])
        .assert()
        .code(2);
}

#[test]
fn analyze_a_dispatch_as_json() {
    let docs = analyzed(
        annalist()
            .args(["analyze", "--format", "json"])
            .arg(repo("examples/tass-style.txt")),
    );
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc["schema"], "1.0");
    assert_eq!(doc["dct"], "2023-03-10");
    assert_eq!(doc["agency"], "TASS");
    assert_eq!(doc["dateline"]["place"], "BEIJING");
    assert_eq!(doc["language"], "en");
    let text = doc["text"].as_str().expect("text");
    for sentence in doc["sentences"].as_array().expect("sentences") {
        let span = sentence["span"].as_array().expect("span");
        let (start, end) = (
            span[0].as_u64().expect("start") as usize,
            span[1].as_u64().expect("end") as usize,
        );
        assert!(text.get(start..end).is_some_and(|s| !s.is_empty()));
    }
}

#[test]
fn analyze_reads_stdin_and_keeps_input_order() {
    let input = std::fs::read_to_string(repo("examples/dispatches.jsonl")).expect("example");
    let docs = analyzed(
        annalist()
            .args(["analyze", "--format", "json", "-"])
            .write_stdin(input),
    );
    let ids: Vec<_> = docs
        .iter()
        .map(|d| d["external_id"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(ids, ["ex-1", "ex-2"]);
    assert_eq!(docs[0]["dct"], "2022-06-29");
    assert_eq!(docs[1]["dct"], "2021-11-15");
}

#[test]
fn a_bad_file_is_reported_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("a-good.txt"),
        "MOSCOW, May 5. /TASS/. The talks ended on Friday.",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b-bad.txt"),
        [0x66, 0x6f, 0xff, 0xfe, 0x00, 0x01],
    )
    .expect("write");
    let assert = annalist()
        .args(["analyze", "--format", "json"])
        .arg(dir.path())
        .assert()
        .code(1);
    let output = assert.get_output();
    let docs = json_lines(&output.stdout);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["agency"], "TASS");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("b-bad.txt"),
        "the error names the file: {stderr}"
    );
}

#[test]
fn text_digest_names_the_dispatch() {
    annalist()
        .args(["analyze", "--format", "text"])
        .arg(repo("examples/reuters-style.txt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Reuters · WASHINGTON · "));
}

#[test]
fn a_document_without_date_is_analysed_unresolved() {
    let docs = analyzed(
        annalist()
            .args(["analyze", "--format", "json", "-"])
            .write_stdin("The ministers met on Tuesday and agreed to meet again in March."),
    );
    assert!(docs[0]["dct"].is_null());
}
