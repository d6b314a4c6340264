//! Every export of a test store checked against its spec: the GDELT 2.0 codebook's
//! columns, types and domains; the PLOVER manual's data fields; the flat tables' columns
//! and types (CSV and Parquet read back) and row counts; docs/tables.md against the
//! columns.

use annalist::{Analyzer, Options};
use annalist_core::{Date, Metadata};
use annalist_export::tables::{ColumnType, Table};
use annalist_export::{columnar, gdelt, plover, reference::Reference};
use annalist_store::Store;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Invented reports: two sites report one meeting (one fused event, two articles), one
/// report dated only by a month, one read from a local file without a URL, places in the
/// US and abroad.
const REPORTS: &[(&str, &str, Option<&str>, &str)] = &[
    (
        "r1",
        "2031-04-08",
        Some("https://one.example/r1"),
        "ANKARA, April 8. /TASS/. Russian Foreign Minister Sergey Lavrov met with Turkish Foreign Minister Mevlut Cavusoglu in Ankara on Tuesday. Lavrov said the talks were useful.",
    ),
    (
        "r2",
        "2031-04-08",
        Some("https://two.example/news/r2"),
        "Sergey Lavrov held talks with Turkish Foreign Minister Mevlut Cavusoglu on Tuesday in Ankara, diplomats said.",
    ),
    (
        "r3",
        "2031-04-20",
        None,
        "WASHINGTON, April 20 (Reuters) - The United States imposed sanctions on Iran in March 2031, the Treasury said. Protesters marched in Houston, Texas, on Sunday against the war. Police arrested demonstrators in Kraków on Saturday.",
    ),
];

struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let analyzer = Analyzer::new(&Options::default()).expect("analyzer");
        let mut inputs = Vec::new();
        for name in ["tass-style.txt", "reuters-style.txt"] {
            let text = std::fs::read_to_string(examples().join(name)).expect("example");
            inputs.push((
                text,
                Metadata {
                    source: format!("/home/someone/examples/{name}"),
                    ..Metadata::default()
                },
            ));
        }
        for (id, date, url, text) in REPORTS {
            inputs.push((
                text.to_string(),
                Metadata {
                    source: format!("/home/someone/reports.jsonl:{id}"),
                    external_id: Some(id.to_string()),
                    url: url.map(str::to_string),
                    title: Some(format!("Report {id}")),
                    date: Date::parse(date),
                },
            ));
        }
        let docs = analyzer.analyze_all(inputs);
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("test.db");
        let mut store = Store::open(&db).expect("store");
        store.insert_batch(&docs).expect("stored");
        Fixture { _dir: dir, db }
    })
}

fn store() -> Store {
    Store::open_read_only(&fixture().db).expect("store opens")
}

fn count(store: &Store, name: &str) -> usize {
    store
        .export_counts()
        .expect("counts")
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, n)| n)
        .expect("a counted table")
}

fn gdelt_rows(options: gdelt::Options) -> (Vec<String>, gdelt::Outcome) {
    let mut out = Vec::new();
    let outcome = gdelt::write(&store(), &mut out, options).expect("GDELT export");
    let text = String::from_utf8(out).expect("UTF-8");
    (text.lines().map(str::to_string).collect(), outcome)
}

fn int(value: &str, column: &str) -> i64 {
    value
        .parse()
        .unwrap_or_else(|_| panic!("{column} is not an integer: {value:?}"))
}

fn float(value: &str, column: &str) -> f64 {
    value
        .parse()
        .unwrap_or_else(|_| panic!("{column} is not a number: {value:?}"))
}

#[test]
fn gdelt_export_is_true_to_the_codebook() {
    let (rows, outcome) = gdelt_rows(gdelt::Options {
        header: true,
        ..gdelt::Options::default()
    });
    let store = store();
    assert_eq!(rows[0].split('\t').collect::<Vec<_>>(), gdelt::HEADER);
    let rows = &rows[1..];
    assert_eq!(rows.len(), outcome.rows);
    assert_eq!(
        outcome.rows + outcome.skipped,
        count(&store, "fused_events")
    );
    assert!(rows.len() >= 5, "the fixture has events: {}", rows.len());
    let fips: HashSet<&str> = Reference::get().fips_codes().collect();
    let col = |name: &str| gdelt::HEADER.iter().position(|h| *h == name).unwrap();
    let mut ids = HashSet::new();
    let mut most_articles = 0;
    for row in rows {
        let c: Vec<&str> = row.split('\t').collect();
        assert_eq!(c.len(), gdelt::COLUMNS, "{row}");
        let id = int(c[0], "GlobalEventID");
        assert!(id > 0 && id < 1 << 53);
        assert!(ids.insert(id), "GlobalEventID {id} twice");
        let day = c[col("Day")];
        assert_eq!(day.len(), 8);
        let date = Date::from_ymd(
            int(&day[..4], "Day") as i32,
            int(&day[4..6], "Day") as u8,
            int(&day[6..], "Day") as u8,
        )
        .unwrap_or_else(|| panic!("Day is not a date: {day}"));
        assert_eq!(c[col("MonthYear")], &day[..6]);
        assert_eq!(c[col("Year")], &day[..4]);
        let fraction = float(c[col("FractionDate")], "FractionDate");
        let year = f64::from(date.year());
        assert!(fraction > year && fraction < year + 1.0, "{fraction}");
        for actor in ["Actor1", "Actor2"] {
            let code = c[col(&format!("{actor}Code"))];
            assert!(
                code.is_empty() || annalist_export::reference::is_cameo_code(code),
                "{actor}Code {code}"
            );
            let name = c[col(&format!("{actor}Name"))];
            assert!(code.is_empty() || !name.is_empty(), "a code without a name");
            assert_eq!(name, name.to_uppercase());
            let country = c[col(&format!("{actor}CountryCode"))];
            assert!(country.is_empty() || country.len() == 3, "{country}");
            for part in ["KnownGroupCode", "Religion1Code", "Type1Code", "Type2Code"] {
                let v = c[col(&format!("{actor}{part}"))];
                assert!(v.is_empty() || v.len() == 3, "{actor}{part} {v}");
            }
        }
        assert!(matches!(c[col("IsRootEvent")], "0" | "1"));
        let code = c[col("EventCode")];
        assert!(
            (2..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()),
            "EventCode {code}"
        );
        assert!(code.starts_with(c[col("EventBaseCode")]));
        assert!(c[col("EventBaseCode")].starts_with(c[col("EventRootCode")]));
        let root = int(c[col("EventRootCode")], "EventRootCode");
        assert!((1..=20).contains(&root));
        let quad = int(c[col("QuadClass")], "QuadClass");
        assert!((1..=4).contains(&quad));
        let goldstein = float(c[col("GoldsteinScale")], "GoldsteinScale");
        assert!((-10.0..=10.0).contains(&goldstein));
        let mentions = int(c[col("NumMentions")], "NumMentions");
        let sources = int(c[col("NumSources")], "NumSources");
        let articles = int(c[col("NumArticles")], "NumArticles");
        assert!(mentions >= articles && articles >= sources && sources >= 1);
        most_articles = most_articles.max(articles);
        assert_eq!(c[col("AvgTone")], "", "no tone is measured");
        for geo in ["Actor1Geo", "Actor2Geo", "ActionGeo"] {
            let kind = c[col(&format!("{geo}_Type"))];
            let lat = c[col(&format!("{geo}_Lat"))];
            let lon = c[col(&format!("{geo}_Long"))];
            let country = c[col(&format!("{geo}_CountryCode"))];
            let adm1 = c[col(&format!("{geo}_ADM1Code"))];
            if kind.is_empty() {
                assert!(
                    lat.is_empty() && lon.is_empty() && country.is_empty(),
                    "{row}"
                );
                continue;
            }
            let kind = int(kind, "Geo_Type");
            assert!((1..=5).contains(&kind), "{geo}_Type {kind}");
            let (lat, lon) = (float(lat, "Lat"), float(lon, "Long"));
            assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
            assert!(
                fips.contains(country),
                "{geo}_CountryCode {country} is not FIPS 10-4"
            );
            assert!(!c[col(&format!("{geo}_FullName"))].is_empty());
            assert!(
                adm1.is_empty() || adm1.starts_with(country),
                "{adm1} in {country}"
            );
            if kind == 1 {
                assert_eq!(adm1, country);
            }
            if matches!(kind, 2 | 3) {
                assert_eq!(country, "US");
            }
        }
        let added = c[col("DATEADDED")];
        assert_eq!(added.len(), 14, "{added}");
        assert!(Date::parse(&added[..8]).is_some(), "DATEADDED {added}");
        let url = c[col("SOURCEURL")];
        assert!(
            url.is_empty() || url.starts_with("http://") || url.starts_with("https://"),
            "SOURCEURL {url}"
        );
        assert!(!url.contains("/home/"), "a local path in SOURCEURL: {url}");
    }
    assert!(
        most_articles >= 2,
        "the two reports of one meeting are one event"
    );
    // US places are typed as US places.
    let types: HashSet<&str> = rows
        .iter()
        .flat_map(|r| {
            let c: Vec<&str> = r.split('\t').collect();
            [c[35], c[43], c[51]]
        })
        .collect();
    assert!(types.contains("1"), "some country geography: {types:?}");
}

#[test]
fn gdelt_options_rename_and_skip() {
    let (rows, _) = gdelt_rows(gdelt::Options {
        header: true,
        bigquery_names: true,
        ..gdelt::Options::default()
    });
    assert!(rows[0].starts_with("GLOBALEVENTID\tSQLDATE\tMonthYear"));
    let (all, outcome) = gdelt_rows(gdelt::Options::default());
    let (fine, skipped) = gdelt_rows(gdelt::Options {
        skip_coarse_dates: true,
        ..gdelt::Options::default()
    });
    assert_eq!(all.len(), outcome.rows);
    assert!(fine.len() <= all.len());
    assert_eq!(fine.len() + skipped.skipped, all.len() + outcome.skipped);
}

const PLOVER_SECTORS: &[&str] = &[
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
    "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
];

const PLOVER_TYPES: &[&str] = &[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "STATEMENT",
    "OTHER",
];

#[test]
fn plover_records_have_the_manual_fields() {
    let store = store();
    let mut out = Vec::new();
    let outcome = plover::write(&store, &mut out, plover::Options::default()).expect("export");
    let text = String::from_utf8(out).expect("UTF-8");
    assert_eq!(outcome.records + outcome.skipped, count(&store, "events"));
    assert!(outcome.records >= 5);
    let mut ids = HashSet::new();
    let mut located = 0;
    for line in text.lines() {
        let r: serde_json::Value = serde_json::from_str(line).expect("a JSON record a line");
        for field in plover::REQUIRED {
            assert!(r.get(field).is_some(), "{field} missing: {line}");
        }
        assert!(
            ids.insert(r["id"].as_str().unwrap().to_string()),
            "id twice"
        );
        let date = r["date"].as_str().unwrap();
        assert!(
            date.len() == 10 && Date::parse(date).is_some(),
            "date {date} is not YYYY-MM-DD"
        );
        assert!(r.get("source").is_none() && r.get("target").is_none());
        for role in ["actor", "recipient"] {
            for party in r[role].as_array().expect("a list of entities") {
                if let Some(code) = party.get("code") {
                    assert_eq!(code.as_str().unwrap().len(), 3, "{party}");
                }
                if let Some(sector) = party.get("sector") {
                    assert!(
                        PLOVER_SECTORS.contains(&sector.as_str().unwrap()),
                        "{sector} is no PLOVER sector"
                    );
                }
                if party["cameo"].as_str().is_some_and(|c| c.ends_with("MED")) {
                    assert_eq!(party["sector"], "JRN", "CAMEO media is PLOVER JRN: {party}");
                }
                assert!(party["entityText"].is_string());
            }
        }
        let events = r["event"].as_array().expect("event is a list");
        assert!(events
            .iter()
            .all(|e| PLOVER_TYPES.contains(&e.as_str().unwrap())));
        assert!(r["mode"].is_array() && r["context"].is_array());
        assert!(r["eventText"].is_array());
        if let Some(q) = r.get("quadCode") {
            assert!((1..=4).contains(&q.as_u64().unwrap()));
        }
        if let Some(loc) = r.get("eventLoc") {
            located += 1;
            assert!(loc["resolvedPlace"].is_string());
            if let Some(id) = loc.get("geonameid") {
                assert!(id.is_u64());
            }
            if let Some(code) = loc.get("countryCode") {
                assert_eq!(code.as_str().unwrap().len(), 3);
            }
            if loc.get("lat").is_some() {
                assert!(loc["lon"].is_f64() && loc["resolution"].is_u64());
            }
        }
        let cite = &r["citeInfo"];
        assert_eq!(cite["codebook"], plover::CODEBOOK);
        assert!(cite["version"].as_str().is_some_and(|v| !v.is_empty()));
        if let Some(url) = cite.get("url") {
            assert!(url.as_str().unwrap().starts_with("http"));
        }
        assert!(
            !line.contains("/home/someone"),
            "a local path leaks: {line}"
        );
        let info = &r["textInfo"];
        assert!(info["start"].as_u64() <= info["end"].as_u64());
    }
    assert!(located > 0, "some records have a location");
    // Contexts come from CAMEO2PLOVER: a sanction (163) is not context-free everywhere.
    assert!(
        text.contains("\"context\":[\""),
        "some record has a context"
    );
}

fn csv_of(table: Table) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut out = Vec::new();
    columnar::write_table(&store(), table, columnar::Format::Csv, &mut out).expect("CSV");
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader.records().map(|r| r.expect("a CSV row")).collect();
    (header, rows)
}

fn store_rows(table: Table) -> usize {
    let store = store();
    match table {
        Table::Documents => count(&store, "documents"),
        Table::Events => count(&store, "events"),
        Table::Mentions => count(&store, "mentions"),
        Table::Quotes => count(&store, "quotes"),
        Table::Entities => count(&store, "entities"),
        Table::Timexes => count(&store, "timexes"),
    }
}

#[test]
fn csv_tables_have_their_columns_types_and_rows() {
    for table in Table::ALL {
        let (header, rows) = csv_of(table);
        let columns = table.columns();
        assert_eq!(
            header,
            columns.iter().map(|c| c.name).collect::<Vec<_>>(),
            "{}",
            table.name()
        );
        assert_eq!(rows.len(), store_rows(table), "{} rows", table.name());
        assert!(!rows.is_empty(), "{} has rows", table.name());
        for row in &rows {
            assert_eq!(row.len(), columns.len());
            for (value, column) in row.iter().zip(columns) {
                let what = format!("{}.{} = {value:?}", table.name(), column.name);
                if value.is_empty() {
                    assert!(
                        column.nullable || column.kind == ColumnType::String,
                        "{what}: empty but never null"
                    );
                    continue;
                }
                let ok = match column.kind {
                    ColumnType::String => true,
                    ColumnType::Int64 => value.parse::<i64>().is_ok(),
                    ColumnType::Float64 => value.parse::<f64>().is_ok(),
                    ColumnType::Bool => matches!(value, "true" | "false"),
                    ColumnType::Date => value.len() == 10 && Date::parse(value).is_some(),
                    ColumnType::Timestamp => {
                        value.len() == 20 && value.ends_with('Z') && Date::parse(value).is_some()
                    }
                };
                assert!(ok, "{what} is not a {}", column.kind.as_str());
            }
        }
    }
    // Names are resolved: an event row carries its actor's name and code.
    let (header, rows) = csv_of(Table::Events);
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert!(rows
        .iter()
        .any(|r| r.get(at("actor")) == Some("Sergey Lavrov") && !r[at("actor_code")].is_empty()));
    assert!(rows.iter().all(|r| !r[at("fused_event_id")].is_empty()));
    assert!(rows.iter().any(|r| r[at("external_id")] == *"r1"));
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_tables_read_back() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let dir = tempfile::tempdir().expect("tempdir");
    for table in Table::ALL {
        let path = dir.path().join(format!("{}.parquet", table.name()));
        let file = std::fs::File::create(&path).expect("file");
        let rows = columnar::write_table(&store(), table, columnar::Format::Parquet, file)
            .expect("Parquet");
        assert_eq!(rows, store_rows(table));
        let reader = SerializedFileReader::new(std::fs::File::open(&path).expect("open"))
            .expect("a Parquet file");
        let meta = reader.metadata();
        assert_eq!(meta.file_metadata().num_rows() as usize, rows);
        let names: Vec<String> = meta
            .file_metadata()
            .schema_descr()
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        assert_eq!(
            names,
            table.columns().iter().map(|c| c.name).collect::<Vec<_>>()
        );
        let mut rows_read = 0;
        for row in reader.get_row_iter(None).expect("rows") {
            row.expect("a row");
            rows_read += 1;
        }
        assert_eq!(rows_read, rows);
    }
}

#[test]
fn docs_tables_md_documents_every_column() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/tables.md"))
            .expect("docs/tables.md");
    for table in Table::ALL {
        let heading = format!("## {}", table.name());
        let start = doc
            .find(&heading)
            .unwrap_or_else(|| panic!("no section {heading}"));
        let section = &doc[start + heading.len()..];
        let section = &section[..section.find("\n## ").unwrap_or(section.len())];
        let documented: Vec<(String, String)> = section
            .lines()
            .filter(|l| l.starts_with("| `"))
            .map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                (cells[1].trim_matches('`').to_string(), cells[2].to_string())
            })
            .collect();
        let expected: Vec<(String, String)> = table
            .columns()
            .iter()
            .map(|c| {
                let kind = if c.nullable {
                    c.kind.as_str().to_string()
                } else {
                    format!("{} (never null)", c.kind.as_str())
                };
                (c.name.to_string(), kind)
            })
            .collect();
        assert_eq!(documented, expected, "docs/tables.md, {}", table.name());
    }
}
