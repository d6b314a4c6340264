//! The test store (the fixture dispatches analysed, stored and fused, once per test
//! binary) and requests to the application without a socket.

#![allow(dead_code)]

use annalist::{Analyzer, Options};
use annalist_core::Metadata;
use annalist_server::{app, Config, Pool};
use annalist_store::Store;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::OnceLock;
use tower::ServiceExt;

pub struct TestStore {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub pool: Pool,
}

/// The fixture dispatches of `tests/fixtures`, in name order.
pub fn fixtures() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("fixture"))
        })
        .collect()
}

/// Analyses the fixtures into a new store at `path` and fuses their events.
pub fn build_store(path: &std::path::Path) {
    let analyzer = Analyzer::new(&Options::default()).expect("analyzer");
    let docs: Vec<_> = fixtures()
        .into_iter()
        .map(|(name, text)| {
            analyzer.analyze(
                text,
                Metadata {
                    source: format!("fixtures/{name}"),
                    external_id: Some(name.trim_end_matches(".txt").to_string()),
                    ..Metadata::default()
                },
            )
        })
        .collect();
    let mut store = Store::open(path).expect("store");
    store.insert_batch(&docs).expect("insert");
    store.fuse().expect("fuse");
}

pub fn store() -> &'static TestStore {
    static STORE: OnceLock<TestStore> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("test.db");
        build_store(&path);
        let pool = Pool::open(&Config::new(path.clone())).expect("pool");
        TestStore {
            _dir: dir,
            path,
            pool,
        }
    })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// The whole response to `method path`.
pub fn get_raw(method: &str, path: &str) -> Response<Vec<u8>> {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .body(Body::empty())
        .expect("request");
    runtime().block_on(async {
        let response = app(store().pool.clone())
            .oneshot(request)
            .await
            .expect("response");
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.expect("body").to_bytes().to_vec();
        Response::from_parts(parts, bytes)
    })
}

/// Status and JSON body of `GET path` (`Value::Null` for a body that is not JSON).
pub fn get(path: &str) -> (StatusCode, Value) {
    let response = get_raw("GET", path);
    let status = response.status();
    let body = serde_json::from_slice(response.body()).unwrap_or(Value::Null);
    (status, body)
}
