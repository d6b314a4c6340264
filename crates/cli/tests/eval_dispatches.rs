//! `annalist eval dispatches --dir FIXTURE`: both parts side by side, details for the tune
//! part only, and files that cannot be scored named (with exit status 1). The fixtures are
//! small invented dispatches in `crates/eval/tests/fixtures/dispatches/`.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../eval/tests/fixtures/dispatches")
        .join(name)
}

fn eval_dispatches(dir: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("annalist")
        .expect("binary builds")
        .args(["eval", "dispatches", "--dir"])
        .arg(fixture(dir))
        .args(extra)
        .assert()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

#[test]
fn both_parts_are_reported_side_by_side() {
    let run = eval_dispatches("tass", &[]).success();
    let out = stdout(&run);
    for expected in [
        "tune",
        "held-out",
        "odd-numbered",
        "lower bound",
        "found with roles (recall)",
        "found, type only (diagnostic)",
        "strict precision",
        "target >= 0.65",
        "target >= 0.70",
    ] {
        assert!(out.contains(expected), "{expected:?} missing from:\n{out}");
    }
    let dispatches = out
        .lines()
        .find(|l| l.trim_start().starts_with("dispatches "))
        .expect("a dispatches row");
    assert_eq!(
        dispatches.split_whitespace().collect::<Vec<_>>(),
        ["dispatches", "2", "1"]
    );
    assert!(!out.contains("details (tune part only)"));
}

#[test]
fn details_list_the_tune_part_only() {
    let run = eval_dispatches("tass", &["--details"]).success();
    let out = stdout(&run);
    let (_, details) = out
        .split_once("details (tune part only)")
        .expect("a details section");
    assert!(details.contains("  d01.txt") && details.contains("  d03.txt"));
    assert!(!details.contains("d02.txt"), "held-out file in details");
    assert!(!out.contains("Zorbanian"), "a held-out fact was printed");
}

#[test]
fn files_that_cannot_be_scored_are_named_and_fail_the_command() {
    eval_dispatches("broken", &[])
        .code(1)
        .stdout(predicate::str::contains(
            "d01.txt: gold timex #1: text not in the dispatch",
        ))
        .stdout(predicate::str::contains("d02.txt: cannot read"))
        .stdout(predicate::str::contains(
            "d03.txt: gold entry does not parse",
        ));
}

#[test]
fn an_unreadable_gold_file_is_an_error_naming_it() {
    eval_dispatches("unparsable", &[])
        .failure()
        .stderr(predicate::str::contains("unparsable/gold.json"));
}
