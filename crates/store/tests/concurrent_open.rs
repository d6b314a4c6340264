//! Several processes creating the same new database at the same moment (two `annalist
//! ingest` runs started together): every one of them opens it, and each migration is
//! applied once. The test re-runs its own binary as the openers (`child_opener`,
//! ignored in normal runs), released together by a start file.

use annalist_store::Store;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHILD_DB: &str = "ANNALIST_STORE_OPEN_DB";
const CHILD_GO: &str = "ANNALIST_STORE_OPEN_GO";
const OPENERS: usize = 6;
const ROUNDS: usize = 6;

#[test]
#[ignore = "helper: run as a child process by processes_opening_a_new_database_all_succeed"]
fn child_opener() {
    let (Some(path), Some(go)) = (std::env::var_os(CHILD_DB), std::env::var_os(CHILD_GO)) else {
        return;
    };
    // Wait for the start signal so that every opener starts within a millisecond.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !Path::new(&go).exists() {
        assert!(Instant::now() < deadline, "no start signal");
        std::thread::sleep(Duration::from_micros(200));
    }
    match Store::open(Path::new(&path)) {
        Ok(store) => assert!(store.schema_version().unwrap() >= 1),
        Err(error) => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            panic!("{message}");
        }
    }
}

#[test]
fn processes_opening_a_new_database_all_succeed() {
    for round in 0..ROUNDS {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let go = dir.path().join("go");
        let children: Vec<_> = (0..OPENERS)
            .map(|_| {
                Command::new(std::env::current_exe().unwrap())
                    .args(["--ignored", "--exact", "child_opener", "--nocapture"])
                    .env(CHILD_DB, &path)
                    .env(CHILD_GO, &go)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        // Let every child start and wait on the signal.
        std::thread::sleep(Duration::from_millis(300));
        std::fs::write(&go, b"go").unwrap();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "round {round}: an opener failed: {}{}",
                String::from_utf8_lossy(&output.stderr),
                String::from_utf8_lossy(&output.stdout)
            );
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.stats().unwrap().documents, 0);
        let tables: i64 = rusqlite::Connection::open(&path)
            .unwrap()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'documents'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(tables, 1);
    }
}
