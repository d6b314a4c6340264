//! `annalist analyze --format rows` end to end: its rows equal the CSV export of the same
//! records ingested into a store (but for the ingest time and fused event ids), and
//! `--source-field` makes records piped one by one give the documents of their file.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::Path;

fn annalist() -> Command {
    Command::cargo_bin("annalist").expect("binary builds")
}

/// Records written for this test (non-ASCII text, one without a URL, a numeric id, a
/// blank line, a date in a form only the JSON Lines reader reads).
const RECORDS: &str = r#"{"id": "a1", "date": "2017/3/14", "url": "https://example.org/a1", "title": "Talks in Ankara", "text": "ANKARA, March 14. /TASS/. Russian Foreign Minister Sergey Lavrov met his Turkish counterpart Mevlüt Çavuşoğlu in Ankara on Tuesday. \"We agreed to continue the talks,\" Lavrov told reporters."}

{"id": 2, "date": "March 15, 2017", "title": "", "text": "Turkey criticised the European Union on Wednesday over its migration policy, the ministry said. President Recep Tayyip Erdogan will visit Moscow next week."}
{"id": "a3", "date": "2017-03-16", "url": "https://example.org/a3", "text": "BRUSSELS (AP) — NATO Secretary General Jens Stoltenberg urged Russia on Thursday to withdraw its troops, and Moscow rejected the demand."}
"#;

/// RFC 4180 records (the CLI has no CSV dependency; the export writes plain RFC 4180).
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let (mut records, mut record, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "CSV ends with a newline"
    );
    records
}

fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut records = csv_records(text).into_iter();
    let headers = records.next().expect("a header row");
    records
        .map(|r| {
            assert_eq!(r.len(), headers.len());
            headers.iter().cloned().zip(r).collect()
        })
        .collect()
}

/// A rows value as the CSV export writes it.
fn csv_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn rows_of(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn rows_equal_the_csv_export_of_the_ingested_records() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("written.jsonl");
    std::fs::write(&input, RECORDS).unwrap();
    let out = annalist()
        .args(["analyze", "--format", "rows"])
        .arg(&input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines = rows_of(&out);
    assert_eq!(lines.len(), 3);
    let db = dir.path().join("s.db");
    annalist()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&input)
        .assert()
        .success();
    let mut events_seen = 0;
    for table in [
        "documents",
        "events",
        "mentions",
        "quotes",
        "entities",
        "timexes",
    ] {
        let csv = annalist()
            .args(["export", "--format", "csv", "--table", table, "--db"])
            .arg(&db)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let want = csv_rows(&String::from_utf8(csv).unwrap());
        let mut got: Vec<BTreeMap<String, String>> = Vec::new();
        for line in &lines {
            for row in line["tables"][table].as_array().unwrap() {
                got.push(
                    row.as_object()
                        .unwrap()
                        .iter()
                        .map(|(k, v)| (k.clone(), csv_text(v)))
                        .collect(),
                );
            }
        }
        assert_eq!(got.len(), want.len(), "{table}");
        if table == "events" {
            events_seen = got.len();
        }
        for (g, w) in got.iter().zip(&want) {
            let mut g = g.clone();
            let mut w = w.clone();
            for assigned in ["ingested_at", "fused_event_id"] {
                g.remove(assigned);
                w.remove(assigned);
            }
            // Floats: the CSV writes Rust's shortest form, JSON serde_json's.
            for (k, v) in g.iter_mut() {
                if let (Ok(a), Some(b)) = (
                    v.parse::<f64>(),
                    w.get(k).and_then(|b| b.parse::<f64>().ok()),
                ) {
                    if a == b {
                        *v = w[k].clone();
                    }
                }
            }
            assert_eq!(g, w, "{table}");
        }
    }
    assert!(events_seen >= 2, "the records report events");
    // The record without a URL and with a numeric id.
    assert_eq!(lines[1]["external_id"], "2");
    assert!(lines[1]["source"]
        .as_str()
        .unwrap()
        .ends_with("written.jsonl:3"));
    assert_eq!(lines[1]["tables"]["documents"][0]["dct"], "2017-03-15");
    assert!(lines[1]["tables"]["documents"][0]["title"].is_null());
    let parties = lines[0]["event_parties"].as_array().unwrap();
    assert_eq!(
        parties.len(),
        lines[0]["tables"]["events"].as_array().unwrap().len()
    );
}

#[test]
fn records_piped_with_their_source_are_the_documents_of_their_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("written.jsonl");
    std::fs::write(&input, RECORDS).unwrap();
    let name = input.to_str().unwrap();
    let from_file = rows_of(
        &annalist()
            .args(["analyze", "--format", "rows", name])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    );
    // The records in another order, one at a time on stdin, each naming its line.
    let mut piped = String::new();
    let lines: Vec<&str> = RECORDS.lines().collect();
    for (n, line) in lines.iter().enumerate().rev() {
        if line.trim().is_empty() {
            continue;
        }
        let mut record: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(line).unwrap();
        record.insert("_src".into(), format!("{name}:{}", n + 1).into());
        piped.push_str(&serde_json::to_string(&record).unwrap());
        piped.push('\n');
    }
    let mut from_pipe = rows_of(
        &annalist()
            .args(["analyze", "--format", "rows", "--source-field", "_src", "-"])
            .write_stdin(piped.clone())
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    );
    from_pipe.reverse();
    let strip = |mut v: serde_json::Value| {
        v["tables"]["documents"][0]
            .as_object_mut()
            .unwrap()
            .remove("ingested_at");
        v
    };
    let a: Vec<_> = from_file.into_iter().map(strip).collect();
    let b: Vec<_> = from_pipe.into_iter().map(strip).collect();
    assert_eq!(a, b);
    // Without the field, the id of the record without a URL changes (its source is
    // stdin's), and a record that lacks the field is reported, the others kept.
    let broken = format!("{}{}\n", piped, r#"{"id": "x", "text": "No source here."}"#);
    let assert = annalist()
        .args(["analyze", "--format", "rows", "--source-field", "_src", "-"])
        .write_stdin(broken)
        .assert()
        .code(1);
    let output = assert.get_output();
    assert_eq!(rows_of(&output.stdout).len(), 3);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("<stdin>:4") && stderr.contains("\"_src\""),
        "{stderr}"
    );
    assert!(Path::new(name).exists());
}
