//! Per-document rows: the flat tables' rows of one analysed document, without a store,
//! as one JSON object. It is a line of `annalist analyze --format rows` and a record of
//! the Python package's `annalist.export_rows`, and what a corpus-scale job (Spark,
//! `scripts/spark/`) writes the flat tables from, a document at a time on any machine.
//!
//! The rows are [`Table::rows`]'s, the very rows `annalist export --format csv|parquet`
//! writes, with two differences that only a store can settle:
//! - `events.fused_event_id` is null: fusion is across documents (the rule of the
//!   store's `fuse.rs`; `event_parties` below is what it keys on);
//! - `documents.ingested_at` is the time the rows were made, not a time of storing.
//!
//! A line:
//!
//! ```json
//! {"doc_id":"…","external_id":"7","source":"news.jsonl:7",
//!  "tables":{"documents":[{…}],"events":[{…},…],"mentions":[…],"quotes":[…],
//!            "entities":[…],"timexes":[…]},
//!  "event_parties":[{"event_id":"v1","actor":[{"entity_id":"e1","name":"Sergey Lavrov",
//!                    "country":"RUS","codes":["RUSGOV"]}],"recipient":[…]},…]}
//! ```
//!
//! Each row is an object with the table's columns in their order (docs/tables.md), every
//! column present: a null is `null`, a string a string, `int64` and `float64` numbers,
//! `bool` a boolean, a `date` `"YYYY-MM-DD"` and a `timestamp` `"YYYY-MM-DDTHH:MM:SSZ"`
//! (as in the CSV export). `event_parties` has, for each event in order, its actors'
//! and recipients' entities as the analysis gives them (the entity's own `country`, not
//! the derived one of the tables, and all its `codes`); ids that name no entity are left
//! out.

use crate::columnar::csv_text;
use crate::tables::{Table, Value};
use crate::Result;
use annalist_core::{Document, Entity};
use annalist_store::export_read::ExportDocument;
use serde_json::json;
use std::fmt::Write as _;

/// The current time as the tables write a timestamp, `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn now_utc() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    csv_text(&Value::Timestamp(seconds * 1_000_000))
}

/// The rows line of `doc` (see the module documentation), `made_at` standing for its
/// ingest time (`YYYY-MM-DDTHH:MM:SSZ`, e.g. [`now_utc`]). No trailing newline.
pub fn to_json_line(doc: Document, made_at: &str) -> Result<String> {
    let parties = event_parties(&doc);
    let fused = vec![None; doc.events.len()];
    let item = ExportDocument {
        pk: 0,
        ingested_at: made_at.to_string(),
        doc,
        fused,
    };
    let doc = &item.doc;
    let mut out = String::with_capacity(4096 + doc.text.len() / 2);
    out.push_str("{\"doc_id\":");
    out.push_str(&json_string(&doc.id));
    out.push_str(",\"external_id\":");
    out.push_str(&serde_json::to_string(&doc.external_id).map_err(io_error)?);
    out.push_str(",\"source\":");
    out.push_str(&json_string(&doc.source));
    out.push_str(",\"tables\":{");
    for (t, table) in Table::ALL.into_iter().enumerate() {
        if t > 0 {
            out.push(',');
        }
        let _ = write!(out, "\"{}\":[", table.name());
        let columns = table.columns();
        let mut first = true;
        table.rows(&item, |row| -> Result<()> {
            if !first {
                out.push(',');
            }
            first = false;
            out.push('{');
            for (i, (column, value)) in columns.iter().zip(&row).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&json_string(column.name));
                out.push(':');
                push_value(&mut out, value)?;
            }
            out.push('}');
            Ok(())
        })?;
        out.push(']');
    }
    out.push_str("},\"event_parties\":");
    out.push_str(&serde_json::to_string(&parties).map_err(io_error)?);
    out.push('}');
    Ok(out)
}

fn io_error(error: serde_json::Error) -> crate::ExportError {
    crate::ExportError::Io(error.into())
}

fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

fn push_value(out: &mut String, value: &Value) -> Result<()> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Str(s) => out.push_str(&json_string(s)),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&serde_json::to_string(f).map_err(io_error)?),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Date(_) | Value::Timestamp(_) => out.push_str(&json_string(&csv_text(value))),
    }
    Ok(())
}

/// For each event, its actors' and recipients' entities.
fn event_parties(doc: &Document) -> serde_json::Value {
    let party = |e: &Entity| {
        json!({
            "entity_id": e.id,
            "name": e.canonical,
            "country": e.country,
            "codes": e.codes,
        })
    };
    let side = |ids: &[String]| -> Vec<serde_json::Value> {
        ids.iter()
            .filter_map(|id| doc.entity(id))
            .map(party)
            .collect()
    };
    serde_json::Value::Array(
        doc.events
            .iter()
            .map(|e| {
                json!({
                    "event_id": e.id,
                    "actor": side(&e.actor),
                    "recipient": side(&e.recipient),
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use annalist_core::Metadata;
    use annalist_store::Store;

    /// A dispatch written for this test: two events between parties, non-ASCII text.
    const DISPATCH: &str = "ANKARA, March 14. /TASS/. Russian Foreign Minister Sergey \
        Lavrov met his Turkish counterpart Mevlüt Çavuşoğlu in Ankara on Tuesday. \
        \"We agreed to continue the talks,\" Lavrov told reporters. Turkey later \
        criticised the European Union over its migration policy.";

    fn analysed() -> Document {
        let analyzer = annalist::Analyzer::new(&annalist::Options::default()).unwrap();
        analyzer.analyze(
            DISPATCH.to_string(),
            Metadata {
                source: "written.jsonl:1".into(),
                external_id: Some("r1".into()),
                url: Some("https://example.org/a".into()),
                title: Some("Talks".into()),
                date: Some(annalist_core::Date::parse("2017-03-15").unwrap()),
            },
        )
    }

    /// The JSON a table row becomes, column by column.
    fn expected_row(table: Table, row: &[Value]) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for (column, value) in table.columns().iter().zip(row) {
            let v = match value {
                Value::Null => serde_json::Value::Null,
                Value::Str(s) => s.clone().into(),
                Value::Int(i) => (*i).into(),
                Value::Float(f) => (*f).into(),
                Value::Bool(b) => (*b).into(),
                Value::Date(_) | Value::Timestamp(_) => csv_text(value).into(),
            };
            map.insert(column.name.to_string(), v);
        }
        serde_json::Value::Object(map)
    }

    #[test]
    fn rows_equal_the_store_export_of_the_same_document() {
        let doc = analysed();
        assert!(
            doc.events.len() >= 2,
            "the dispatch has events: {:?}",
            doc.events
        );
        let line = to_json_line(doc.clone(), "2024-01-02T03:04:05Z").unwrap();
        assert!(!line.contains('\n'));
        let parsed: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(parsed["doc_id"], doc.id.as_str());
        assert_eq!(parsed["external_id"], "r1");
        assert_eq!(parsed["source"], "written.jsonl:1");

        // The same document stored, then read back as the exports read it.
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db")).unwrap();
        store.insert_batch(std::slice::from_ref(&doc)).unwrap();
        let stored: Vec<ExportDocument> = store
            .export_pages()
            .flat_map(|page| page.unwrap())
            .collect();
        assert_eq!(stored.len(), 1);
        for table in Table::ALL {
            let got = parsed["tables"][table.name()].as_array().unwrap().clone();
            let mut want = Vec::new();
            table
                .rows(&stored[0], |row| -> Result<()> {
                    want.push(expected_row(table, &row));
                    Ok(())
                })
                .unwrap();
            // Only what a store assigns may differ: the ingest time and fused event ids.
            let strip = |rows: &mut Vec<serde_json::Value>| {
                for row in rows.iter_mut() {
                    let row = row.as_object_mut().unwrap();
                    match table {
                        Table::Documents => {
                            row.remove("ingested_at");
                        }
                        Table::Events => {
                            row.remove("fused_event_id");
                        }
                        _ => {}
                    }
                }
            };
            let mut got_stripped = got.clone();
            strip(&mut got_stripped);
            strip(&mut want);
            assert_eq!(got_stripped, want, "table {}", table.name());
            // Every column present, in the documented order.
            for row in &got {
                let names: Vec<&String> = row.as_object().unwrap().keys().collect();
                assert_eq!(names.len(), table.columns().len(), "{}", table.name());
            }
            if table == Table::Events {
                assert!(got.iter().all(|r| r["fused_event_id"].is_null()));
                assert_eq!(got.len(), doc.events.len());
            }
            if table == Table::Documents {
                assert_eq!(got[0]["ingested_at"], "2024-01-02T03:04:05Z");
                assert_eq!(got[0]["dct"], doc.dct.unwrap().to_string());
            }
        }
        // The parties of each event, as the analysis gives them.
        let parties = parsed["event_parties"].as_array().unwrap();
        assert_eq!(parties.len(), doc.events.len());
        for (p, e) in parties.iter().zip(&doc.events) {
            assert_eq!(p["event_id"], e.id.as_str());
            let ids: Vec<&str> = p["actor"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["entity_id"].as_str().unwrap())
                .collect();
            let want: Vec<&str> = e
                .actor
                .iter()
                .filter(|id| doc.entity(id).is_some())
                .map(String::as_str)
                .collect();
            assert_eq!(ids, want);
        }
    }

    #[test]
    fn columns_keep_the_documented_order() {
        let line = to_json_line(analysed(), &now_utc()).unwrap();
        // serde_json's map sorts keys, so read the order off the text itself.
        let events_at = line.find("\"events\":[{").unwrap();
        let row = &line[events_at..];
        let mut at = 0;
        for column in Table::Events.columns() {
            let key = format!("\"{}\":", column.name);
            let found = row[at..]
                .find(&key)
                .unwrap_or_else(|| panic!("{}", column.name));
            at += found + key.len();
        }
        assert!(now_utc().ends_with('Z') && now_utc().len() == 20);
    }
}
