//! Reader tests on the fixtures in `tests/fixtures/` (written for this project) and on
//! generated inputs for the failure cases; plus the corpora in `../shared` when present.

use annalist_core::Date;
use annalist_ingest::{read_bytes, read_inputs, Format, RawDocument, ReadError, ReadOptions};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read_path(path: &Path, options: &ReadOptions) -> Vec<Result<RawDocument, ReadError>> {
    read_inputs(&[path.display().to_string()], options).collect()
}

fn oks(items: Vec<Result<RawDocument, ReadError>>) -> (Vec<RawDocument>, Vec<ReadError>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for item in items {
        match item {
            Ok(doc) => docs.push(doc),
            Err(e) => errors.push(e),
        }
    }
    (docs, errors)
}

fn date(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::from_ymd(y, m, d)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn warc_record(kind: &str, uri: &str, http: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2023-07-01T10:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{uri}>\r\nContent-Type: application/http; msgtype={kind}\r\n\
         Content-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    record.extend_from_slice(http);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

fn http_page(body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Three records of a crawl: a request, an article, an image; then another article.
fn warc_records() -> Vec<Vec<u8>> {
    vec![
        warc_record("request", "https://news.example.com/one", b"GET /one HTTP/1.1\r\nHost: news.example.com\r\n\r\n"),
        warc_record(
            "response",
            "https://news.example.com/one",
            &http_page("<html><head><title>Canal reopens</title></head><body><article><p>The canal reopened to barges on Saturday.</p><p>Repairs took a month.</p></article></body></html>"),
        ),
        warc_record("response", "https://news.example.com/logo.png", b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\0\0"),
        warc_record(
            "response",
            "https://news.example.com/two",
            &http_page("<html><head><meta property=\"article:published_time\" content=\"2023-06-30\"></head><body><div><p>Orchard owners expect a large cherry harvest this year, growers said.</p></div></body></html>"),
        ),
    ]
}

#[test]
fn dispatch_text_is_verbatim() {
    let path = fixture("dispatch_tass.txt");
    let (docs, errors) = oks(read_path(&path, &ReadOptions::default()));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 1);
    assert_eq!(
        docs[0].text.as_bytes(),
        std::fs::read(&path).unwrap().as_slice()
    );
    assert!(docs[0].text.starts_with(" date 2023-03-09"));
    assert_eq!(docs[0].metadata.source, path.display().to_string());
    let doc = annalist_core::Document::new(docs[0].text.clone(), docs[0].metadata.clone());
    assert_eq!(doc.dct, date(2023, 3, 9));

    let (docs, _) = oks(read_path(
        &fixture("reuters_style.txt"),
        &ReadOptions::default(),
    ));
    assert!(docs[0].text.starts_with("OSLO, March 10 (Reuters) - "));
}

#[test]
fn jsonl_fields_dates_and_sources() {
    let path = fixture("articles.jsonl");
    let (docs, errors) = oks(read_path(&path, &ReadOptions::default()));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 4);
    let file = path.display().to_string();
    assert_eq!(docs[0].metadata.source, format!("{file}:1"));
    assert_eq!(docs[0].metadata.external_id.as_deref(), Some("101"));
    assert_eq!(docs[0].metadata.date, date(2017, 2, 7));
    assert_eq!(
        docs[0].metadata.url.as_deref(),
        Some("http://example.org/a/101")
    );
    assert_eq!(
        docs[0].metadata.title.as_deref(),
        Some("Bridge closed for inspection")
    );
    assert_eq!(docs[1].metadata.external_id.as_deref(), Some("102"));
    assert_eq!(docs[1].metadata.date, date(2022, 1, 14));
    assert_eq!(
        docs[1].text,
        "The new city library opened its doors on Friday.\n\nIt holds 200,000 books."
    );
    // Line 3 is blank; the unknown date keeps the document, with a warning.
    assert_eq!(docs[2].metadata.source, format!("{file}:4"));
    assert_eq!(docs[2].metadata.date, None);
    assert_eq!(docs[2].warnings.len(), 1, "{:?}", docs[2].warnings);
    assert!(docs[2].warnings[0].contains("sometime in spring"));
    assert_eq!(docs[3].metadata.date, None);
    assert!(docs[3].warnings.is_empty());
}

#[test]
fn configurable_field_names() {
    let input =
        b"{\"key\": \"k1\", \"published\": \"2020-05-05\", \"body\": \"Some body text.\"}\n";
    let mut options = ReadOptions::default();
    options.fields.id = "key".into();
    options.fields.date = "published".into();
    options.fields.text = "body".into();
    let (docs, errors) = oks(read_bytes("mem.jsonl", input, &options));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs[0].metadata.external_id.as_deref(), Some("k1"));
    assert_eq!(docs[0].metadata.date, date(2020, 5, 5));
    assert_eq!(docs[0].text, "Some body text.");
}

#[test]
fn csv_with_header() {
    let path = fixture("articles.csv");
    let (docs, errors) = oks(read_path(&path, &ReadOptions::default()));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0].metadata.external_id.as_deref(), Some("201"));
    assert_eq!(docs[0].metadata.date, date(2021, 6, 1));
    assert_eq!(docs[1].metadata.date, date(2021, 6, 2));
    assert_eq!(docs[1].metadata.url, None);
    assert_eq!(
        docs[1].text,
        "First paragraph of a quoted, multi-line cell.\n\nSecond paragraph."
    );
    assert_eq!(docs[1].metadata.source, format!("{}:3", path.display()));
    assert_eq!(docs[2].metadata.date, None);
    assert_eq!(docs[2].warnings.len(), 1);
    let tsv = b"title\ttext\nT\tTab separated text.\n";
    let (docs, errors) = oks(read_bytes("mem.tsv", tsv, &ReadOptions::default()));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs[0].text, "Tab separated text.");
}

#[test]
fn html_article_page() {
    let (docs, errors) = oks(read_path(&fixture("article.html"), &ReadOptions::default()));
    assert!(errors.is_empty(), "{errors:?}");
    let doc = &docs[0];
    assert_eq!(
        doc.text,
        "HALDEN POINT, April 18 — The last keeper of the Halden Point lighthouse handed over the keys on Tuesday, four decades after he first climbed its 212 steps.\n\n\
         “The sea never looked the same twice,” said Arne Brekke, 67, who will move to a farm inland.\n\n\
         The light itself was automated in 2009 & will keep working without a keeper."
    );
    assert_eq!(
        doc.metadata.title.as_deref(),
        Some("Lighthouse keeper retires after 40 years")
    );
    assert_eq!(doc.metadata.date, date(2023, 4, 18));
    assert_eq!(
        doc.metadata.url.as_deref(),
        Some("https://gazette.example.com/news/lighthouse-keeper-retires")
    );
}

#[test]
fn html_without_article_is_an_error() {
    let page = b"<!DOCTYPE html><html><head><title>Index</title></head><body><nav><a href=/>Home</a></nav>\
        <div class=menu><p>News</p><p>Sport</p></div><footer><p>Contact</p></footer></body></html>";
    let items = read_bytes("index.html", page, &ReadOptions::default());
    assert_eq!(items.len(), 1);
    let error = items[0].as_ref().unwrap_err();
    assert_eq!(
        error.to_string(),
        "index.html: no article text found in the HTML page"
    );
}

#[test]
fn rss_feed() {
    let path = fixture("feed_rss.xml");
    let (docs, errors) = oks(read_path(&path, &ReadOptions::default()));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0].text, "Engineers finished the annual inspection of the upper dam on Tuesday.\n\nNo cracks were found, the water board said.");
    assert_eq!(
        docs[0].metadata.title.as_deref(),
        Some("Dam inspection completed")
    );
    assert_eq!(
        docs[0].metadata.url.as_deref(),
        Some("https://wire.example.net/2023/05/dam")
    );
    assert_eq!(docs[0].metadata.external_id.as_deref(), Some("vw-0001"));
    assert_eq!(docs[0].metadata.date, date(2023, 5, 2));
    assert_eq!(docs[0].metadata.source, format!("{}:1", path.display()));
    assert_eq!(
        docs[1].text,
        "The Saturday market will move to the town square & stay there all summer."
    );
    assert_eq!(docs[1].metadata.date, date(2023, 5, 3));
    assert_eq!(docs[2].text, "Headline only");
    assert_eq!(docs[2].metadata.date, None);
    assert_eq!(docs[2].warnings.len(), 2, "{:?}", docs[2].warnings);
}

#[test]
fn atom_feed() {
    let (docs, errors) = oks(read_path(
        &fixture("feed_atom.xml"),
        &ReadOptions::default(),
    ));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 2);
    assert_eq!(
        docs[0].text,
        "The summer timetable starts on 1 July.\n\nFares rise by 3 & 4 percent."
    );
    assert_eq!(
        docs[0].metadata.title.as_deref(),
        Some("Ferry timetable & fares change")
    );
    assert_eq!(
        docs[0].metadata.url.as_deref(),
        Some("https://notes.example.org/ferry")
    );
    assert_eq!(docs[0].metadata.date, date(2023, 6, 9));
    assert_eq!(docs[1].metadata.date, date(2023, 6, 8));
    assert_eq!(
        docs[1].metadata.url.as_deref(),
        Some("https://notes.example.org/festival")
    );
    assert_eq!(
        docs[1].text,
        "The harbour festival drew a record crowd on Thursday evening."
    );
}

#[test]
fn warc_plain_and_gzipped_per_record() {
    let records = warc_records();
    let plain: Vec<u8> = records.concat();
    // CC-NEWS style: one gzip member per record.
    let gzipped: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    for (name, bytes) in [("crawl.warc", plain), ("crawl.warc.gz", gzipped)] {
        let (docs, errors) = oks(read_bytes(name, &bytes, &ReadOptions::default()));
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert_eq!(docs.len(), 2, "{name}");
        assert_eq!(
            docs[0].text,
            "The canal reopened to barges on Saturday.\n\nRepairs took a month."
        );
        assert_eq!(
            docs[0].metadata.url.as_deref(),
            Some("https://news.example.com/one")
        );
        assert_eq!(docs[0].metadata.title.as_deref(), Some("Canal reopens"));
        // No date in the page: the crawl date.
        assert_eq!(docs[0].metadata.date, date(2023, 7, 1));
        assert_eq!(docs[0].metadata.source, format!("{name}:2"));
        assert_eq!(docs[1].metadata.date, date(2023, 6, 30));
    }
}

#[test]
fn truncated_warc_keeps_earlier_records() {
    let bytes: Vec<u8> = warc_records().concat();
    let cut = &bytes[..bytes.len() - 60];
    let (docs, errors) = oks(read_bytes("cut.warc", cut, &ReadOptions::default()));
    assert_eq!(docs.len(), 1);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].record.as_deref(), Some("4"));
    assert!(errors[0].reason.contains("truncated"), "{}", errors[0]);
}

#[test]
fn truncated_gzip_keeps_documents_before_the_break() {
    let mut jsonl = String::new();
    for i in 0..2000 {
        jsonl.push_str(&format!("{{\"id\": {i}, \"text\": \"Record number {i} of a long file, with some padding text {}.\"}}\n", i * 7919 % 104729));
    }
    let compressed = gzip(jsonl.as_bytes());
    let cut = &compressed[..compressed.len() / 2];
    let (docs, errors) = oks(read_bytes("cut.jsonl.gz", cut, &ReadOptions::default()));
    assert!(docs.len() > 100, "{}", docs.len());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].to_string().starts_with("cut.jsonl.gz:"),
        "{}",
        errors[0]
    );
    for (i, doc) in docs.iter().enumerate() {
        assert_eq!(
            doc.metadata.external_id.as_deref(),
            Some(i.to_string().as_str())
        );
    }
}

#[test]
fn malformed_json_line_loses_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for i in 1..=10_000 {
        if i == 5_000 {
            writeln!(file, "{{\"id\": {i}, \"text\": \"broken").unwrap();
        } else {
            writeln!(
                file,
                "{{\"id\": {i}, \"date\": \"2017/3/1\", \"text\": \"Line {i}.\"}}"
            )
            .unwrap();
        }
    }
    file.flush().unwrap();
    drop(file);
    let (docs, errors) = oks(read_path(&path, &ReadOptions::default()));
    assert_eq!(docs.len(), 9_999);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].record.as_deref(), Some("5000"));
    assert!(
        errors[0]
            .to_string()
            .starts_with(&format!("{}:5000: malformed JSON", path.display())),
        "{}",
        errors[0]
    );
    assert_eq!(
        docs[4_999].metadata.source,
        format!("{}:5001", path.display())
    );
}

#[test]
fn invalid_utf8_is_an_error() {
    let items = read_bytes(
        "latin1.txt",
        b"MOSCOW, January 14. Caf\xe9 text.",
        &ReadOptions::default(),
    );
    assert_eq!(items.len(), 1);
    let error = items[0].as_ref().unwrap_err();
    assert_eq!(error.file, "latin1.txt");
    assert!(error.reason.contains("invalid UTF-8 at byte 23"), "{error}");
    let items = read_bytes(
        "mixed.jsonl",
        b"{\"text\": \"ok\"}\n{\"text\": \"caf\xe9\"}\n{\"text\": \"fine\"}\n",
        &ReadOptions::default(),
    );
    let (docs, errors) = oks(items);
    assert_eq!(docs.len(), 2);
    assert_eq!(errors[0].record.as_deref(), Some("2"));
}

#[test]
fn binary_file_is_an_error() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let items = read_bytes("blob.bin", &bytes, &ReadOptions::default());
    assert_eq!(items.len(), 1);
    assert!(items[0]
        .as_ref()
        .unwrap_err()
        .reason
        .contains("binary file"));
    let forced = ReadOptions {
        format: Format::Text,
        ..ReadOptions::default()
    };
    let items = read_bytes("blob.bin", &bytes, &forced);
    assert!(items[0]
        .as_ref()
        .unwrap_err()
        .reason
        .contains("NUL byte at offset 0"));
}

#[test]
fn empty_file_is_an_error() {
    for format in Format::ALL {
        let options = ReadOptions {
            format,
            ..ReadOptions::default()
        };
        let items = read_bytes("empty.txt", b"", &options);
        assert_eq!(items.len(), 1, "{format}");
        assert_eq!(
            items[0].as_ref().unwrap_err().to_string(),
            "empty.txt: empty file"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.gz");
    std::fs::write(&path, gzip(b"")).unwrap();
    let (docs, errors) = oks(read_path(&path, &ReadOptions::default()));
    assert!(docs.is_empty());
    assert_eq!(errors[0].reason, "empty file");
}

#[test]
fn oversized_document_is_an_error() {
    let options = ReadOptions {
        max_document_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    let big = "word ".repeat(300_000); // 1.5 MB
    let items = read_bytes("huge.txt", big.as_bytes(), &options);
    assert_eq!(items.len(), 1);
    assert!(items[0]
        .as_ref()
        .unwrap_err()
        .reason
        .contains("larger than max_document_bytes"));
    // A JSON Lines file: the huge record fails, its neighbours come through.
    let jsonl = format!(
        "{{\"text\": \"small one\"}}\n{{\"text\": \"{big}\"}}\n{{\"text\": \"small two\"}}\n"
    );
    let (docs, errors) = oks(read_bytes("huge.jsonl", jsonl.as_bytes(), &options));
    assert_eq!(docs.len(), 2);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].record.as_deref(), Some("2"));
    assert!(
        errors[0].reason.contains("max_document_bytes"),
        "{}",
        errors[0]
    );
}

#[test]
fn directories_globs_and_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("b_sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(dir.path().join("c.txt"), "Third text.").unwrap();
    std::fs::write(dir.path().join("a.txt"), "First text.").unwrap();
    std::fs::write(dir.path().join(".hidden"), "Never read.").unwrap();
    std::fs::write(sub.join("z.txt.gz"), gzip(b"Second text, compressed.")).unwrap();
    let (docs, errors) = oks(read_path(dir.path(), &ReadOptions::default()));
    assert!(errors.is_empty(), "{errors:?}");
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        texts,
        ["First text.", "Second text, compressed.", "Third text."]
    );

    let pattern = format!("{}/*.txt", dir.path().display());
    let missing = format!("{}/nothing-*.json", dir.path().display());
    let items: Vec<_> = read_inputs(&[pattern, missing.clone()], &ReadOptions::default()).collect();
    let (docs, errors) = oks(items);
    assert_eq!(docs.len(), 2);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].file, missing);
    let (_, errors) =
        oks(read_inputs(&["/no/such/file.txt".to_string()], &ReadOptions::default()).collect());
    assert_eq!(
        errors[0].to_string(),
        "/no/such/file.txt: no such file or directory"
    );
}

#[test]
fn format_names_round_trip() {
    for format in Format::ALL {
        assert_eq!(format.to_string().parse::<Format>(), Ok(format));
    }
    assert!("pdf".parse::<Format>().is_err());
    assert_eq!("JSONL".parse::<Format>(), Ok(Format::Jsonl));
}

/// The corpora in `../shared` load completely (skipped when they are not there).
#[test]
fn shared_corpora_load_without_failures() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/corpus");
    for (name, expected) in [("articles.jsonl", 3_788), ("tass_subset.jsonl", 485)] {
        let path = corpus.join(name);
        if !path.exists() {
            continue;
        }
        let (docs, errors) = oks(read_path(&path, &ReadOptions::default()));
        assert!(
            errors.is_empty(),
            "{name}: {:?}",
            &errors[..errors.len().min(5)]
        );
        assert_eq!(docs.len(), expected, "{name}");
        assert!(
            docs.iter()
                .all(|d| d.metadata.date.is_some() && d.warnings.is_empty()),
            "{name}"
        );
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_dangling_links_and_odd_entries_are_reported() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("news");
    let shelf = dir.path().join("shelf");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::create_dir(&shelf).unwrap();
    std::fs::write(root.join("a.txt"), "First text.").unwrap();
    std::fs::write(root.join("sub/b.txt"), "Second text.").unwrap();
    std::fs::write(shelf.join("c.txt"), "Third text, behind a link.").unwrap();
    symlink(&root, root.join("sub/back")).unwrap(); // a loop to an ancestor
    symlink(root.join("x1"), root.join("x2")).unwrap(); // a loop of two links
    symlink(root.join("x2"), root.join("x1")).unwrap();
    symlink(root.join("gone.txt"), root.join("dangling")).unwrap();
    symlink(&shelf, root.join("linked")).unwrap(); // a linked directory is read
    let socket = root.join("sock");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let (docs, errors) = oks(read_path(&root, &ReadOptions::default()));
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        texts,
        ["First text.", "Third text, behind a link.", "Second text."]
    );
    let mut reported: Vec<(String, &str)> = errors
        .iter()
        .map(|e| {
            let name = Path::new(&e.file)
                .strip_prefix(&root)
                .map_or(e.file.clone(), |p| p.display().to_string());
            let kind = if e.reason.contains("already read") {
                "loop"
            } else if e.reason.contains("symbolic link loop") {
                "link loop"
            } else if e.reason.contains("cannot follow") {
                "dangling"
            } else if e.reason.contains("not a regular file") {
                "socket"
            } else {
                "other"
            };
            (name, kind)
        })
        .collect();
    reported.sort();
    assert_eq!(
        reported,
        [
            ("dangling".to_string(), "dangling"),
            ("sock".to_string(), "socket"),
            ("sub/back".to_string(), "loop"),
            ("x1".to_string(), "link loop"),
            ("x2".to_string(), "link loop"),
        ],
        "{errors:?}"
    );
}
