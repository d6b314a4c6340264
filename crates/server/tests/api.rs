//! The API over a real store: the four fixture dispatches (written for these tests: three
//! agencies reporting one Geneva meeting, Reuters with the parties the other way round,
//! and an Ankara statement with non-ASCII names) analysed by the pipeline,
//! stored and fused. Every endpoint, its filters, paging and its bad parameters.

mod common;

use axum::http::StatusCode;
use common::{get, get_raw};
use serde_json::Value;
use std::collections::BTreeSet;

fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().expect("items")
}

fn assert_bad(path: &str, needle: &str) {
    let (status, body) = get(path);
    assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
    assert_eq!(body["status"], 400, "{path}");
    let message = body["error"].as_str().unwrap_or_default();
    assert!(message.contains(needle), "{path}: {message}");
}

#[test]
fn stats_count_what_the_store_holds() {
    let (status, stats) = get("/api/stats");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stats["documents"], 4);
    assert_eq!(stats["schema_version"], 5);
    assert!(stats["fused_events"].as_u64().unwrap() >= 3);
    assert!(stats["fused_events"].as_u64() < stats["events"].as_u64());
    assert_eq!(stats["first_dct"], "2022-01-10");
    assert_eq!(stats["last_dct"], "2022-02-04");
    assert!(stats["event_types"]["CONSULT"].as_u64().unwrap() >= 2);
    assert_bad("/api/stats?x=1", "unknown parameter `x`");
}

#[test]
fn documents_list_newest_first_with_filters_and_paging() {
    let (_, all) = get("/api/documents");
    assert_eq!(all["total"], 4);
    assert_eq!(all["limit"], 50);
    let dates: Vec<&str> = items(&all)
        .iter()
        .map(|d| d["dct"].as_str().unwrap())
        .collect();
    assert_eq!(dates[0], "2022-02-04");
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let (_, tass) = get("/api/documents?agency=tass");
    assert_eq!(tass["total"], 2);
    let (_, january) = get("/api/documents?from=2022-01&to=2022-01-31");
    assert_eq!(january["total"], 3);
    let (_, page) = get("/api/documents?offset=1&limit=2");
    assert_eq!(page["total"], 4);
    assert_eq!(items(&page).len(), 2);
    assert_eq!(items(&page)[0]["id"], items(&all)[1]["id"]);
    assert!(items(&all).iter().all(|d| d["snippet"].is_null()));
}

#[test]
fn documents_search_ranks_and_marks_matches() {
    let (_, hits) = get("/api/documents?q=Ryabkov");
    assert_eq!(hits["total"], 3);
    for hit in items(&hits) {
        assert!(
            hit["snippet"].as_str().unwrap().contains("[Ryabkov]"),
            "{hit}"
        );
    }
    let (_, phrase) = get("/api/documents?q=%22written+answers%22");
    assert_eq!(phrase["total"], 1);
    // Text FTS5 cannot parse is searched word by word, never an error.
    let (status, odd) = get("/api/documents?q=U.S.+%22Sherman");
    assert_eq!(status, StatusCode::OK, "{odd}");
    assert_eq!(odd["total"], 1);
    let (_, none) = get("/api/documents?q=Ryabkov&agency=Reuters&to=2022-01-09");
    assert_eq!(none["total"], 0);
    // Diacritics are folded: "Cavusoglu" finds "Çavuşoğlu".
    let (_, folded) = get("/api/documents?q=Cavusoglu");
    assert_eq!(folded["total"], 1);
}

#[test]
fn documents_refuse_bad_parameters() {
    assert_bad("/api/documents?from=2022-13", "`from`");
    assert_bad("/api/documents?from=yesterday", "YYYY");
    assert_bad("/api/documents?from=2022-02&to=2022-01", "after");
    assert_bad("/api/documents?limit=501", "at most 500");
    assert_bad("/api/documents?limit=-3", "whole number");
    assert_bad("/api/documents?offset=x", "whole number");
    assert_bad("/api/documents?qq=Ryabkov", "unknown parameter `qq`");
    assert_bad("/api/documents?q=a&q=b", "more than once");
    let long = format!("/api/documents?q={}", "a".repeat(600));
    assert_bad(&long, "longer than");
    let longer = format!("/api/documents?q={}", "a+".repeat(2100));
    assert_bad(&longer, "query string");
}

#[test]
fn one_document_has_its_text_layers_and_fused_events() {
    let (_, ankara) = get("/api/documents?q=Ankara");
    let id = items(&ankara)[0]["id"].as_str().unwrap().to_string();
    let (status, doc) = get(&format!("/api/documents/{}", &id[..8]));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["id"], id.as_str());
    let text = doc["text"].as_str().unwrap();
    assert!(text.contains("Çavuşoğlu"));
    let events = doc["events"].as_array().unwrap();
    assert!(!events.is_empty());
    assert_eq!(doc["fused"].as_array().unwrap().len(), events.len());
    assert!(doc["fused"]
        .as_array()
        .unwrap()
        .iter()
        .all(Value::is_string));
    // Every span is a byte range of the text on character boundaries.
    let mut spans = Vec::new();
    for layer in ["timexes", "quotes"] {
        for fact in doc[layer].as_array().unwrap() {
            spans.push(fact["span"].clone());
        }
    }
    for entity in doc["entities"].as_array().unwrap() {
        for mention in entity["mentions"].as_array().unwrap() {
            spans.push(mention["span"].clone());
        }
    }
    assert!(spans.len() > 5);
    for span in spans {
        let (s, e) = (
            span[0].as_u64().unwrap() as usize,
            span[1].as_u64().unwrap() as usize,
        );
        assert!(text.get(s..e).is_some_and(|t| !t.is_empty()), "{span}");
    }
    let person = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "person")
        .expect("a person");
    assert_eq!(person["canonical"], "Mevlüt Çavuşoğlu");
    let (status, missing) = get("/api/documents/0123456789abcdef0123");
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(missing["error"].as_str().unwrap().contains("no document"));
    assert_bad(&format!("/api/documents/{id}?full=1"), "unknown parameter");
}

#[test]
fn fused_events_filter_like_the_cli() {
    let (_, all) = get("/api/events");
    let total = all["total"].as_u64().unwrap();
    assert_eq!(items(&all).len() as u64, total);
    let dates: Vec<&str> = items(&all)
        .iter()
        .filter_map(|e| e["date"].as_str())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    let (_, ryabkov) = get("/api/events?actor=Ryabkov&type=CONSULT");
    assert_eq!(ryabkov["total"], 1);
    let meeting = &items(&ryabkov)[0];
    assert_eq!(meeting["sources"], 3);
    assert_eq!(meeting["articles"], 3);
    assert_eq!(meeting["place"], "Geneva");
    assert_eq!(meeting["actors"][0]["name"], "Sergei Ryabkov");
    let (_, multi) = get("/api/events?min_sources=3");
    assert_eq!(multi["total"], 1);
    assert_eq!(items(&multi)[0]["id"], meeting["id"]);
    let (_, code) = get("/api/events?type=04&actor=RUS");
    assert!(items(&code).iter().any(|e| e["id"] == meeting["id"]));
    let (_, party) = get("/api/events?party=Ryabkov");
    assert!(party["total"].as_u64().unwrap() >= 1);
    let (_, february) = get("/api/events?from=2022-02");
    assert!(items(&february)
        .iter()
        .all(|e| e["date"].as_str().unwrap() >= "2022-02"));
    let (_, page) = get("/api/events?limit=1&offset=1");
    assert_eq!(items(&page).len(), 1);
    assert_eq!(items(&page)[0]["id"], items(&all)[1]["id"]);
    assert_bad("/api/events?type=CONSULT;DROP", "PLOVER type");
    assert_bad("/api/events?dyad=Russia", "two parties");
    assert_bad("/api/events?min_sources=many", "whole number");
    assert_bad("/api/events?to=2022-02-30", "`to`");
}

#[test]
fn one_fused_event_shows_each_report_in_its_sentence() {
    let (_, found) = get("/api/events?min_sources=2");
    let id = items(&found)[0]["id"].as_str().unwrap().to_string();
    let (status, event) = get(&format!("/api/events/{id}"));
    assert_eq!(status, StatusCode::OK);
    let reports = event["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 3);
    let agencies: BTreeSet<&str> = reports
        .iter()
        .map(|r| r["agency"].as_str().unwrap())
        .collect();
    assert_eq!(agencies, BTreeSet::from(["Reuters", "TASS", "Xinhua"]));
    for report in reports {
        let sentence = &report["sentence"];
        let trigger = &report["trigger"];
        let (ss, se) = (
            sentence["span"][0].as_u64().unwrap(),
            sentence["span"][1].as_u64().unwrap(),
        );
        let (ts, te) = (
            trigger["span"][0].as_u64().unwrap(),
            trigger["span"][1].as_u64().unwrap(),
        );
        assert!(ss <= ts && te <= se, "{report}");
        let text = sentence["text"].as_str().unwrap();
        let offset = (ts - ss) as usize..(te - ss) as usize;
        assert_eq!(&text[offset], trigger["text"].as_str().unwrap());
        assert_eq!(report["event"]["type"], "CONSULT");
        // The report points at its document's event.
        let (_, doc) = get(&format!(
            "/api/documents/{}",
            report["doc_id"].as_str().unwrap()
        ));
        let index = report["event_index"].as_u64().unwrap() as usize;
        assert_eq!(doc["fused"][index], id.as_str());
    }
    let (status, _) = get("/api/events/nothing-000000");
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn timeline_buckets_by_period_and_type() {
    let (_, days) = get("/api/timeline?bucket=day");
    assert_eq!(days["bucket"], "day");
    let buckets = days["buckets"].as_array().unwrap();
    let periods: Vec<&str> = buckets
        .iter()
        .map(|b| b["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["2022-01-10", "2022-02-04"]);
    let (_, all) = get("/api/events");
    let counted: u64 = buckets
        .iter()
        .map(|b| b["events"].as_u64().unwrap())
        .sum::<u64>()
        + days["undated"].as_u64().unwrap();
    assert_eq!(counted, all["total"].as_u64().unwrap());
    let geneva = &buckets[0];
    // The Geneva meeting, one fused event of three reports ("the two delegations" of one
    // report are its parties, the same meeting).
    assert_eq!(geneva["by_type"]["CONSULT"].as_u64(), Some(1));
    assert!(geneva["sources"].as_u64().unwrap() >= 3);
    let (_, weeks) = get("/api/timeline?bucket=week&actor=Ryabkov");
    assert_eq!(weeks["buckets"][0]["period"], "2022-W02");
    let (_, months) = get("/api/timeline");
    assert_eq!(months["bucket"], "month");
    assert_eq!(months["buckets"][1]["period"], "2022-02");
    assert_bad("/api/timeline?bucket=decade", "bucket");
    assert_bad("/api/timeline?limit=3", "unknown parameter");
}

#[test]
fn map_groups_events_by_place_with_coordinates() {
    let (_, map) = get("/api/map");
    let places = map["places"].as_array().unwrap();
    let geneva = places
        .iter()
        .find(|p| p["name"] == "Geneva")
        .expect("Geneva");
    assert!((geneva["lat"].as_f64().unwrap() - 46.2).abs() < 0.1);
    assert!((geneva["lon"].as_f64().unwrap() - 6.15).abs() < 0.1);
    assert!(geneva["events"].as_u64().unwrap() >= 1);
    assert!(
        geneva["event_ids"].as_array().unwrap().len() as u64 == geneva["events"].as_u64().unwrap()
    );
    let (_, all) = get("/api/events");
    let on_map: u64 = places.iter().map(|p| p["events"].as_u64().unwrap()).sum();
    assert_eq!(
        on_map + map["without_coordinates"].as_u64().unwrap(),
        all["total"].as_u64().unwrap()
    );
    let (_, none) = get("/api/map?type=ACCUSE&place=x");
    assert_eq!(none["status"], 400);
}

#[test]
fn quotes_and_speakers() {
    let (_, speakers) = get("/api/speakers");
    let names: Vec<&str> = items(&speakers)
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Sergei Ryabkov"), "{names:?}");
    assert!(names.contains(&"Mevlüt Çavuşoğlu"), "{names:?}");
    let counts: Vec<u64> = items(&speakers)
        .iter()
        .map(|s| s["quotes"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]));
    let (_, filtered) = get("/api/speakers?q=ryab");
    assert_eq!(filtered["total"], 1);
    let (_, quotes) = get("/api/quotes?speaker=Ryabkov");
    assert!(quotes["total"].as_u64().unwrap() >= 2);
    for quote in items(&quotes) {
        assert_eq!(quote["speaker"], "Sergei Ryabkov");
        assert!(quote["span"][1].as_u64() > quote["span"][0].as_u64());
    }
    let (_, about) = get("/api/quotes?about=businesslike");
    assert_eq!(about["total"], 1);
    assert_eq!(items(&about)[0]["kind"], "direct");
    let (_, paged) = get("/api/quotes?limit=1");
    assert_eq!(items(&paged).len(), 1);
    assert!(paged["total"].as_u64().unwrap() > 1);
    assert_bad("/api/quotes?from=2022-01-32", "`from`");
    assert_bad("/api/quotes?who=x", "unknown parameter");
}

#[test]
fn entities_across_documents_and_one_entity() {
    let (_, people) = get("/api/entities?kind=person");
    assert!(items(&people).iter().all(|e| e["kind"] == "person"));
    let ryabkov = items(&people)
        .iter()
        .find(|e| e["name"] == "Sergei Ryabkov")
        .expect("Ryabkov");
    assert_eq!(ryabkov["documents"], 3);
    let (_, found) = get("/api/entities?q=ryabkov");
    assert_eq!(found["total"], 1);
    let (status, entity) = get("/api/entity?name=sergei%20ryabkov");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(entity["name"], "Sergei Ryabkov");
    assert_eq!(entity["kind"], "person");
    assert_eq!(entity["documents"]["total"], 3);
    assert!(entity["quotes"]["total"].as_u64().unwrap() >= 2);
    assert!(entity["events"]["total"].as_u64().unwrap() >= 1);
    assert!(entity["roles"].as_array().is_some());
    assert_eq!(entity["timeline"][0]["period"], "2022-01");
    let (_, geneva) = get("/api/entity?name=Geneva");
    assert!(geneva["lat"].is_number());
    let (status, _) = get("/api/entity?name=Nobody%20Atall");
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_bad("/api/entity", "`name` is required");
}

#[test]
fn openapi_describes_every_route_and_every_route_answers() {
    let (status, spec) = get("/api/openapi.json");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(spec["openapi"], "3.1.0");
    let described: BTreeSet<String> = spec["paths"].as_object().unwrap().keys().cloned().collect();
    let routed: BTreeSet<String> = annalist_server::api::ROUTES
        .iter()
        .map(|r| r.to_string())
        .collect();
    assert_eq!(described, routed);
    for route in &routed {
        let path = format!(
            "/api{}",
            route
                .replace("{id}", "x")
                .replace("/entity", "/entity?name=Geneva")
        );
        let (status, body) = get(&path);
        let fallback = body["error"]
            .as_str()
            .is_some_and(|e| e.contains("no such endpoint"));
        assert!(!fallback, "{path} is not routed ({status})");
    }
    // Every parameter an endpoint accepts is described, and no other.
    let (status, _) = get("/api/nothing/here");
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn responses_carry_the_security_headers_and_assets_are_a_fixed_table() {
    for path in ["/", "/api/stats", "/assets/app.js", "/api/nothing"] {
        let response = get_raw("GET", path);
        let csp = response
            .headers()
            .get("content-security-policy")
            .expect(path);
        assert!(
            csp.to_str().unwrap().contains("script-src 'self'"),
            "{path}"
        );
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        assert_eq!(response.headers()["x-frame-options"], "DENY");
    }
    let index = get_raw("GET", "/");
    assert_eq!(index.status(), StatusCode::OK);
    assert!(index.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    for (name, kind, bytes) in annalist_server::assets::ASSETS {
        let response = get_raw("GET", &format!("/assets/{name}"));
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        assert_eq!(response.headers()["content-type"], *kind);
        assert!(!bytes.is_empty(), "{name}");
    }
    for path in [
        "/assets/../Cargo.toml",
        "/assets/..%2FCargo.toml",
        "/assets/%2e%2e%2fsrc%2flib.rs",
        "/assets/",
        "/assets/nothing.js",
        "/etc/passwd",
    ] {
        let status = get_raw("GET", path).status();
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST,
            "{path}: {status}"
        );
    }
    // Read-only: no method but GET (and HEAD) is routed.
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let status = get_raw(method, "/api/documents").status();
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
}
