//! The web page in a real browser: Chromium driven through ChromeDriver (WebDriver)
//! against the server on a store of the fixture dispatches. The timeline shows the
//! fused events, clicking one opens its reports and then its document with the mention
//! and trigger highlighted, search finds a document, the quote browser lists a speaker's
//! quotes, the entity page and the map render, and the keyboard works. A screenshot of
//! each view is written to `target/tmp/screenshots/` for review.
//!
//! Needs `chromedriver` and `chromium` (Debian's `chromium-driver` and `chromium`; other
//! paths in `ANNALIST_CHROMEDRIVER` and `ANNALIST_CHROMIUM`). Without them the test says
//! so and passes, unless `ANNALIST_BROWSER_TESTS=1` (as `.ci/run` sets it): then a missing
//! browser is a failure.

mod common;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(15);

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn program(var: &str, default: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(path));
    }
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| PathBuf::from(dir).join(default))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts ChromeDriver and waits until it accepts connections.
fn start_driver(path: &PathBuf) -> (Driver, u16) {
    let port = free_port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child);
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < WAIT,
            "chromedriver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (driver, port)
}

/// Serves the fixture store on a free loopback port.
async fn start_server(dir: &tempfile::TempDir) -> SocketAddr {
    let db = dir.path().join("browser.db");
    common::build_store(&db);
    let mut config = annalist_server::Config::new(db);
    config.addr = SocketAddr::from(([127, 0, 0, 1], 0));
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        annalist_server::serve(config, move |addr| {
            let _ = tx.send(addr);
        })
        .await
        .expect("server runs");
    });
    rx.await.expect("server listens")
}

fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).expect("screenshot written");
    eprintln!("screenshot: {}", path.display());
}

/// Waits until the view has rendered its data (`body[data-ready="1"]`).
async fn ready(client: &Client) {
    // Let a navigation start before looking at the flag.
    tokio::time::sleep(Duration::from_millis(100)).await;
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("body[data-ready='1']"))
        .await
        .expect("the view finishes rendering");
}

async fn all(client: &Client, css: &str) -> Vec<Element> {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"));
    client.find_all(Locator::Css(css)).await.expect(css)
}

async fn text_of(elements: &[Element]) -> Vec<String> {
    let mut out = Vec::new();
    for e in elements {
        out.push(e.text().await.expect("text"));
    }
    out
}

async fn find_with_text(client: &Client, css: &str, needle: &str) -> Element {
    let elements = all(client, css).await;
    for e in elements {
        if e.text().await.expect("text").contains(needle) {
            return e;
        }
    }
    panic!("no {css} holds {needle:?}");
}

/// Errors the page reported (the app's `window.onerror` and CSP violations are counted
/// by the listener this installs on first call).
async fn page_errors(client: &Client) -> Vec<String> {
    let value = client
        .execute("return (window.__testErrors || []).slice();", vec![])
        .await
        .expect("script runs");
    serde_json::from_value(value).unwrap_or_default()
}

async fn watch_errors(client: &Client) {
    client
        .execute(
            "if (!window.__testErrors) { window.__testErrors = [];
               window.addEventListener('error', e => window.__testErrors.push('error: ' + e.message));
               window.addEventListener('unhandledrejection', e => window.__testErrors.push('rejection: ' + e.reason));
               document.addEventListener('securitypolicyviolation', e => window.__testErrors.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI)); }",
            vec![],
        )
        .await
        .expect("listener installed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workbench_in_a_real_browser() {
    let required = std::env::var("ANNALIST_BROWSER_TESTS").is_ok_and(|v| v == "1");
    let driver_path = program("ANNALIST_CHROMEDRIVER", "chromedriver");
    let chromium = program("ANNALIST_CHROMIUM", "chromium");
    let (Some(driver_path), Some(chromium)) = (driver_path, chromium) else {
        assert!(
            !required,
            "ANNALIST_BROWSER_TESTS=1 but chromedriver or chromium is missing"
        );
        eprintln!("skipped: no chromedriver or chromium (install chromium chromium-driver)");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let addr = start_server(&dir).await;
    let base = format!("http://{addr}");
    let (_driver, port) = start_driver(&driver_path);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1366,768"],
        }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session");
    let outcome = scenario(&client, &base).await;
    let _ = client.close().await;
    outcome.unwrap_or_else(|message: String| panic!("{message}"));
}

async fn scenario(client: &Client, base: &str) -> Result<(), String> {
    // Timeline: every fused event of the store is listed, with the chart.
    client
        .goto(&format!("{base}/"))
        .await
        .map_err(|e| e.to_string())?;
    watch_errors(client).await;
    ready(client).await;
    let rows = all(client, "[data-testid='event-row']").await;
    let (status, events) = common_get(base, "/api/events").await;
    assert_eq!(status, 200);
    assert_eq!(rows.len() as u64, events["total"].as_u64().unwrap());
    let texts = text_of(&rows).await;
    assert!(
        texts.iter().any(|t| t.contains("Sergei Ryabkov")),
        "{texts:?}"
    );
    all(client, "[data-testid='timeline-chart']").await;
    screenshot(client, "timeline").await;

    // Clicking the Geneva meeting opens its three reports, each sentence with its trigger.
    let meeting = find_with_text(client, "[data-testid='event-row']", "Sergei Ryabkov").await;
    meeting.click().await.map_err(|e| e.to_string())?;
    ready(client).await;
    let reports = all(client, "[data-testid='report']").await;
    assert_eq!(reports.len(), 3, "the meeting has three reports");
    let report_text = text_of(&reports).await.join("\n");
    assert!(
        report_text.contains("TASS") && report_text.contains("Xinhua"),
        "{report_text}"
    );
    screenshot(client, "event-reports").await;

    // Its document, with the event's mention and trigger highlighted.
    let link = reports[0]
        .find(Locator::Css("a[href*='#/doc/'][href*='event=']"))
        .await
        .map_err(|e| format!("a report links to its document: {e}"))?;
    link.click().await.map_err(|e| e.to_string())?;
    ready(client).await;
    let mention = all(client, "[data-testid='doc-text'] [data-testid='mention']").await;
    let trigger = all(client, "[data-testid='doc-text'] [data-testid='trigger']").await;
    let trigger_text = trigger[0].text().await.map_err(|e| e.to_string())?;
    assert!(trigger_text.contains("met"), "trigger {trigger_text:?}");
    let mention_text = text_of(&mention).await.join(" ");
    assert!(
        mention_text.contains("Ryabkov") || mention_text.contains("met"),
        "{mention_text}"
    );
    let url = client.current_url().await.map_err(|e| e.to_string())?;
    assert!(url.as_str().contains("#/doc/"), "{url}");
    screenshot(client, "document").await;

    // Search from the header finds the Ankara dispatch, diacritics folded.
    let input = client
        .find(Locator::Id("search-input"))
        .await
        .map_err(|e| e.to_string())?;
    input.clear().await.map_err(|e| e.to_string())?;
    input
        .send_keys("Cavusoglu\u{E007}")
        .await
        .map_err(|e| e.to_string())?;
    ready(client).await;
    let hits = all(client, "[data-testid='search-hit']").await;
    assert_eq!(hits.len(), 1);
    let hit = hits[0].text().await.map_err(|e| e.to_string())?;
    assert!(
        hit.contains("Turkey") || hit.contains("Ankara") || hit.contains("ANKARA"),
        "{hit}"
    );
    let marked = hits[0]
        .find_all(Locator::Css("mark"))
        .await
        .map_err(|e| e.to_string())?;
    assert!(!marked.is_empty(), "the match is marked");
    screenshot(client, "search").await;

    // The quote browser lists speakers; choosing one lists their quotes.
    client
        .goto(&format!("{base}/#/quotes"))
        .await
        .map_err(|e| e.to_string())?;
    ready(client).await;
    let speaker = find_with_text(client, "[data-testid='speaker']", "Sergei Ryabkov").await;
    speaker.click().await.map_err(|e| e.to_string())?;
    ready(client).await;
    let quotes = all(client, "[data-testid='quote']").await;
    let quote_texts = text_of(&quotes).await.join("\n");
    assert!(quotes.len() >= 2, "{quote_texts}");
    assert!(quote_texts.contains("businesslike"), "{quote_texts}");
    screenshot(client, "quotes").await;

    // The entity page.
    client
        .goto(&format!("{base}/#/entity?name=Sergei%20Ryabkov"))
        .await
        .map_err(|e| e.to_string())?;
    ready(client).await;
    let view = client
        .find(Locator::Id("view"))
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    assert!(
        view.contains("Sergei Ryabkov") && view.contains("RUSGOV"),
        "{view}"
    );
    screenshot(client, "entity").await;

    // The map shows Geneva.
    client
        .goto(&format!("{base}/#/map"))
        .await
        .map_err(|e| e.to_string())?;
    ready(client).await;
    let places = all(client, "[data-testid='map-place']").await;
    let mut names = Vec::new();
    for p in &places {
        names.push(p.attr("data-name").await.map_err(|e| e.to_string())?);
    }
    assert!(
        names.iter().any(|n| n.as_deref() == Some("Geneva")),
        "{names:?}"
    );
    screenshot(client, "map").await;

    // Keyboard: from the timeline, Tab to an event and open it with Enter.
    client
        .goto(&format!("{base}/#/timeline"))
        .await
        .map_err(|e| e.to_string())?;
    ready(client).await;
    let first = all(client, "[data-testid='event-row']").await.remove(0);
    client
        .execute(
            "arguments[0].focus();",
            vec![serde_json::to_value(&first).unwrap()],
        )
        .await
        .map_err(|e| e.to_string())?;
    first
        .send_keys("\u{E007}")
        .await
        .map_err(|e| e.to_string())?;
    ready(client).await;
    all(client, "[data-testid='report']").await;

    let errors = page_errors(client).await;
    assert!(errors.is_empty(), "the page reported errors: {errors:?}");
    Ok(())
}

/// A JSON request to the server from the test (to compare the page with the API).
async fn common_get(base: &str, path: &str) -> (u16, serde_json::Value) {
    let base = base.to_string();
    let path = path.to_string();
    tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let addr = base.trim_start_matches("http://");
        let mut stream = TcpStream::connect(addr).expect("connect");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .expect("request");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("response");
        let (head, body) = response.split_once("\r\n\r\n").expect("head and body");
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (
            status,
            serde_json::from_str(body).unwrap_or(serde_json::Value::Null),
        )
    })
    .await
    .expect("request thread")
}
