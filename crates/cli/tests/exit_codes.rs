//! Exit codes as documented: 0 success, 1 some input failed, 2 usage error (the command
//! line is wrong; nothing is done), 3 the command could not be carried out (the store is
//! missing, read-only or full, no such document). Each failure says what happened once.

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

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

fn ingest_examples(db: &Path) {
    annalist(db)
        .args(["ingest", "--quiet"])
        .arg(examples())
        .assert()
        .success();
}

fn document_count(db: &Path) -> u64 {
    let out = annalist(db)
        .args(["stats", "--format", "json"])
        .assert()
        .success();
    let stats: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("stats JSON");
    stats["documents"].as_u64().expect("a count")
}

#[test]
fn bad_argument_values_are_usage_errors_naming_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    ingest_examples(&db);
    let cases: &[(&[&str], &str)] = &[
        (&["timeline", "--from", "notadate"], "notadate"),
        (&["timeline", "--from", "2022-13-01"], "2022-13-01"),
        (&["timeline", "--to", "2023-02-29"], "2023-02-29"),
        (&["timeline", "--type", "FOO"], "FOO"),
        (&["timeline", "--type", "99"], "99"),
        (&["events", "--type", "FOO"], "FOO"),
        (&["events", "--from", "Feb-2017"], "Feb-2017"),
        (&["events", "--dyad", "RUS"], "RUS"),
        (&["events", "--min-sources", "0"], "--min-sources"),
        (&["events", "--limit", "ten"], "ten"),
        (
            &["events", "--from", "2022-03", "--to", "2022-01-31"],
            "after",
        ),
        (
            &["timeline", "--from", "2022-03", "--to", "2022-01-31"],
            "after",
        ),
        (&["ingest", "--batch", "0", "x.txt"], "--batch"),
        (&["ingest", "--batch", "1000001", "x.txt"], "--batch"),
        (&["ingest", "--batch", "many", "x.txt"], "--batch"),
        (&["analyze", "--batch", "0", "x.txt"], "--batch"),
        (&["analyze", "--input-format", "pdf", "x.txt"], "pdf"),
        (&["analyze", "--dct", "2022-02-30", "x.txt"], "2022-02-30"),
        (&["search", "-n", "ten", "x"], "ten"),
        (&["ingest", "--db", "", "x.txt"], "database file name"),
        (&["stats", "--db", ":memory:"], "database file name"),
        (&["frobnicate"], "frobnicate"),
    ];
    for (args, named) in cases {
        let assert = annalist(&db).args(*args).assert().code(2);
        let stderr = stderr_of(&assert);
        assert!(stderr.contains(named), "{args:?}: {stderr}");
        assert!(
            assert.get_output().stdout.is_empty(),
            "{args:?} printed results"
        );
    }
    // Good values of the same flags work.
    for args in [
        &["timeline", "--from", "2022", "--to", "2022-12-31"][..],
        &["timeline", "--type", "consult"],
        &["timeline", "--type", "04"],
        &[
            "events", "--type", "consult", "--from", "2022", "--dyad", "RUS,TUR",
        ],
    ] {
        annalist(&db).args(args).assert().success();
    }
}

#[test]
fn runtime_failures_exit_with_3() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    annalist(&missing)
        .args(["stats"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no database at"));
    assert!(!missing.exists(), "a query never creates a database");
    let db = dir.path().join("news.db");
    ingest_examples(&db);
    annalist(&db)
        .args(["show", "0123456789abcdef"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no document with id"));
    // A database that is a directory: one message, before any analysis.
    let assert = annalist(dir.path())
        .args(["ingest", "--quiet"])
        .arg(examples())
        .assert()
        .code(3);
    let stderr = stderr_of(&assert);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot open database"), "{stderr}");
    // Inputs that fail are 1, not 3.
    annalist(&db)
        .args(["ingest", "--quiet"])
        .arg(dir.path().join("no-such-input.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-input.txt"));
}

#[test]
fn a_full_store_stops_ingest_once_and_keeps_what_was_committed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    ingest_examples(&db);
    assert_eq!(document_count(&db), 4);
    // 300 new documents, one batch of 10 at a time, into a store allowed to grow by
    // very little: the first batch that needs a new page fails as on a full disk.
    let input = dir.path().join("more.jsonl");
    let lines: String = (0..300)
        .map(|n| {
            format!(
                "{{\"id\": \"{n}\", \"date\": \"2022-05-01\", \"text\": \"OSLO, May 1. /TASS/. \
                 Harbour bulletin {n}: the ferries to Bergen run on time, officials said {}.\"}}\n",
                "again ".repeat(40)
            )
        })
        .collect();
    std::fs::write(&input, lines).unwrap();
    let size = std::fs::metadata(&db).unwrap().len();
    let assert = annalist(&db)
        .args(["ingest", "--quiet", "--batch", "10", "--max-db-size"])
        .arg((size + 16 * 4096).to_string())
        .arg(&input)
        .assert()
        .code(3);
    let stderr = stderr_of(&assert);
    assert_eq!(
        stderr.lines().count(),
        1,
        "one message, not one per document: {stderr}"
    );
    assert!(stderr.contains("ingest stopped"), "{stderr}");
    assert!(stderr.contains("full"), "{stderr}");
    let stored = document_count(&db);
    assert!(
        (4..304).contains(&stored),
        "the committed batches are kept, the run stopped early: {stored}"
    );
    assert_eq!((stored - 4) % 10, 0, "whole batches only: {stored}");
    // Without the cap the same command resumes and finishes.
    annalist(&db)
        .args(["ingest", "--quiet", "--batch", "10"])
        .arg(&input)
        .assert()
        .success();
    assert_eq!(document_count(&db), 304);
}

/// Makes a file or directory immutable for as long as it lives, with the means the
/// machine has: permissions for an ordinary user, `chattr +i` for root (who ignores
/// permissions). `None` when neither works here.
struct ReadOnly(Vec<PathBuf>);

impl ReadOnly {
    fn make(paths: &[&Path]) -> Option<ReadOnly> {
        use std::os::unix::fs::PermissionsExt;
        for path in paths {
            let mode = if path.is_dir() { 0o555 } else { 0o444 };
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).ok()?;
        }
        let file = paths.iter().find(|p| p.is_file())?;
        if std::fs::OpenOptions::new().append(true).open(file).is_err() {
            return Some(ReadOnly(Vec::new()));
        }
        let mut guard = ReadOnly(Vec::new());
        for path in paths {
            let done = std::process::Command::new("chattr")
                .arg("+i")
                .arg(path)
                .status()
                .is_ok_and(|s| s.success());
            if !done {
                return None;
            }
            guard.0.push(path.to_path_buf());
        }
        Some(guard)
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(path)
                .status();
        }
    }
}

#[test]
fn a_read_only_store_is_queried_and_refused_for_ingest_before_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let media = dir.path().join("media");
    std::fs::create_dir(&media).unwrap();
    let db = media.join("news.db");
    ingest_examples(&db);
    let Some(_guard) = ReadOnly::make(&[&db, &media]) else {
        panic!("cannot make a read-only file on this machine (no permissions, no chattr)");
    };
    // Read-only media: the database and its folder cannot be written.
    assert_eq!(document_count(&db), 4);
    annalist(&db)
        .args(["search", "sanctions", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("reuters-style.txt"));
    annalist(&db).args(["timeline"]).assert().success();
    let assert = annalist(&db)
        .args(["ingest", "--quiet"])
        .arg(examples())
        .assert()
        .code(3);
    let stderr = stderr_of(&assert);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("read-only"), "{stderr}");
    assert!(
        assert.get_output().stdout.is_empty(),
        "nothing was read or analysed"
    );
}
