//! The export commands end to end: flat tables (CSV, Parquet), GDELT and PLOVER options,
//! usage errors, and TimeML output of several documents (well-formed XML).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn annalist() -> Command {
    Command::cargo_bin("annalist").expect("binary builds")
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Elements parsed with an XML parser: the name of the one root element.
fn root_of(xml: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let (mut depth, mut roots) = (0, Vec::new());
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) => {
                if depth == 0 {
                    roots.push(String::from_utf8_lossy(e.name().as_ref()).to_string());
                }
                depth += 1;
            }
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
    assert_eq!(roots.len(), 1, "one root element: {roots:?}");
    roots.remove(0)
}

#[test]
fn timeml_of_several_documents_is_well_formed() {
    let out = annalist()
        .args(["analyze", "--format", "timeml"])
        .arg(examples())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let xml = String::from_utf8(out).expect("UTF-8");
    assert_eq!(root_of(&xml), "TimeMLCollection");
    assert_eq!(xml.matches("<TimeML>").count(), 4);
    let one = annalist()
        .args(["analyze", "--format", "timeml"])
        .arg(examples().join("tass-style.txt"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(root_of(&String::from_utf8(one).expect("UTF-8")), "TimeML");

    let dir = tempfile::tempdir().expect("tempdir");
    annalist()
        .args(["analyze", "--format", "timeml", "--timeml-dir"])
        .arg(dir.path())
        .arg(examples())
        .assert()
        .success();
    let files: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 4);
    for file in files {
        let xml = std::fs::read_to_string(&file).expect("a file");
        assert_eq!(root_of(&xml), "TimeML", "{}", file.display());
    }
}

#[test]
fn tables_export_and_usage_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("news.db");
    annalist()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(examples())
        .assert()
        .success();
    let csv = annalist()
        .args(["export", "--format", "csv", "--table", "events", "--db"])
        .arg(&db)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8(csv).expect("UTF-8");
    assert!(csv.starts_with("doc_id,external_id,event_id,fused_event_id,type"));
    assert!(csv.lines().count() > 1);
    let parquet = dir.path().join("entities.parquet");
    annalist()
        .args([
            "export", "--format", "parquet", "--table", "entities", "--db",
        ])
        .arg(&db)
        .arg("--out")
        .arg(&parquet)
        .assert()
        .success();
    let bytes = std::fs::read(&parquet).expect("a Parquet file");
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    let bigquery = annalist()
        .args([
            "export",
            "--format",
            "gdelt-events",
            "--bigquery-names",
            "--db",
        ])
        .arg(&db)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&bigquery).starts_with("GLOBALEVENTID\tSQLDATE\t"));
    for args in [
        &["export", "--format", "csv"][..],
        &["export", "--format", "plover", "--table", "events"][..],
        &["export", "--format", "plover", "--header"][..],
    ] {
        annalist().args(args).arg("--db").arg(&db).assert().code(2);
    }
}
