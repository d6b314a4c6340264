//! `annalist eval suites FILE`: a peer suite's cases scored found / value, overall, by
//! part and by category, on a suite file written for this test.

use assert_cmd::Command;
use std::path::PathBuf;

/// Cases written for this test, in the suite format (one skipped, one with a wrong
/// expected value on purpose).
const SUITE: &str = r#"{"id": "invented:1", "suite": "invented", "section": "point", "ref_date": "2021-06-08", "text": "at 4:45pm", "expected": ["2021-06-08T16:45"], "type": null, "holiday": null}
{"id": "invented:2", "suite": "invented", "section": "point", "ref_date": "2021-06-08", "text": "the second sunday of october", "expected": ["2021-10-10"], "type": null, "holiday": null}
{"id": "invented:3", "suite": "invented", "section": "point:holiday", "ref_date": "2021-01-10", "text": "good friday", "expected": ["2021-04-02"], "type": null, "holiday": "Good Friday"}
{"id": "invented:4", "suite": "invented", "section": "interval", "ref_date": "2021-06-08", "text": "august 3-6", "expected": [], "all_of": [["2021-08-03"], ["2021-08-06"]], "type": null, "holiday": null}
{"id": "invented:5", "suite": "invented", "section": "point", "ref_date": "2021-06-08", "text": "next tuesday", "expected": ["1999-01-01"], "type": null, "holiday": null}
{"id": "invented:6", "suite": "invented", "section": "point", "ref_date": "2021-06-08", "text": "brb", "expected": ["2021-06-08"], "type": null, "holiday": null, "skip": "chat shorthand"}
"#;

fn fixture() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("annalist-eval-suites-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("invented.jsonl");
    std::fs::write(&path, SUITE).expect("fixture written");
    path
}

#[test]
fn a_suite_file_is_scored_by_part_and_category() {
    let assert = Command::cargo_bin("annalist")
        .expect("binary builds")
        .args(["eval", "suites"])
        .arg(fixture())
        .assert()
        .success();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        out.contains("invented.jsonl: 5 cases scored (1 skipped by the suite)"),
        "{out}"
    );
    // Five found, four with an accepted value (case 5 expects a wrong date on purpose).
    assert!(
        out.contains("all                       5 cases  found 100.0 %  value  80.0 %"),
        "{out}"
    );
    for category in ["clock time", "holiday", "range", "date relative"] {
        assert!(out.contains(category), "{category}: {out}");
    }
    assert!(
        out.contains("target: value >= 70 % on the suite: met"),
        "{out}"
    );
}
