//! Fused events: `GET /api/events` (filtered, paged), `GET /api/events/{id}` (one event
//! and the sentence of each report), `GET /api/timeline` (counts by period and type) and
//! `GET /api/map` (events by place with coordinates). The four share one filter.

use super::json;
use crate::params::Params;
use crate::{ApiError, Pool};
use annalist_core::Document;
use annalist_store::{Bucket, FusedFilter, Report};
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use serde_json::{json, Value};

/// The filter parameters the four endpoints share.
const FILTER: &[&str] = &[
    "actor",
    "recipient",
    "party",
    "dyad",
    "type",
    "from",
    "to",
    "min_sources",
];

/// At most this many reports of one event are listed.
const MAX_REPORTS: usize = 200;

fn known(extra: &[&'static str]) -> Vec<&'static str> {
    FILTER.iter().chain(extra).copied().collect()
}

fn filter(params: &Params) -> Result<FusedFilter, ApiError> {
    let (from, to) = params.window()?;
    let kind = params.text("type");
    if let Some(kind) = &kind {
        let code = kind.bytes().all(|b| b.is_ascii_digit()) && kind.len() <= 4;
        let plover = kind.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_');
        if !code && !plover {
            return Err(ApiError::bad_request(format!(
                "parameter `type` must be a PLOVER type (CONSULT) or a CAMEO code prefix (04), not `{kind}`"
            )));
        }
    }
    Ok(FusedFilter {
        actor: params.text("actor"),
        recipient: params.text("recipient"),
        party: params.text("party"),
        dyad: params.pair("dyad")?,
        kind,
        from,
        to,
        min_sources: params.number("min_sources", 1_000_000)?,
        ..FusedFilter::default()
    })
}

pub async fn list(
    State(pool): State<Pool>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(query.as_deref(), &known(&["offset", "limit"]))?;
    let (offset, limit) = params.paging()?;
    let filter = FusedFilter {
        offset,
        limit: Some(limit),
        ..filter(&params)?
    };
    let (events, total) = pool.run(move |store| store.fused_events(&filter)).await?;
    Ok(Json(json!({
        "total": total, "offset": offset, "limit": limit,
        "items": events.iter().map(json::fused_event).collect::<Vec<_>>(),
    })))
}

pub async fn one(
    State(pool): State<Pool>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let wanted = id.clone();
    let found = pool
        .run(move |store| {
            let Some(event) = store.fused_event(&wanted)? else {
                return Ok(None);
            };
            let mut reports = Vec::new();
            for report in store.fused_reports(&wanted, MAX_REPORTS)? {
                let doc = store.document(&report.doc_id)?;
                reports.push(report_json(&report, doc.as_ref()));
            }
            Ok(Some((event, reports)))
        })
        .await?;
    let Some((event, reports)) = found else {
        return Err(ApiError::not_found(format!("no fused event `{id}`")));
    };
    let mut value = json::fused_event(&event);
    if let Value::Object(map) = &mut value {
        map.insert("reports".into(), reports.into());
    }
    Ok(Json(value))
}

/// A report: its document, its event and the sentence holding the event's first mention.
fn report_json(report: &Report, doc: Option<&Document>) -> Value {
    let event = doc.and_then(|d| d.events.get(report.event_index));
    let mention = event.and_then(|e| e.mentions.first());
    let sentence = doc.zip(mention).and_then(|(doc, mention)| {
        doc.sentences
            .iter()
            .find(|s| s.span.start <= mention.span.start && mention.span.start < s.span.end)
            .map(|s| json!({"span": s.span, "text": doc.text.get(s.span.start..s.span.end)}))
    });
    json!({
        "doc_id": report.doc_id,
        "title": report.title,
        "source": report.source,
        "agency": report.agency,
        "dct": report.dct,
        "event_index": report.event_index,
        "event": event,
        "sentence": sentence,
        "trigger": mention.map(|m| &m.trigger),
    })
}

pub async fn timeline(
    State(pool): State<Pool>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(query.as_deref(), &known(&["bucket"]))?;
    let bucket = match params.text("bucket") {
        None => Bucket::Month,
        Some(text) => Bucket::parse(&text).ok_or_else(|| {
            ApiError::bad_request(format!(
                "parameter `bucket` must be day, week, month or year, not `{text}`"
            ))
        })?,
    };
    let filter = filter(&params)?;
    let timeline = pool
        .run(move |store| store.timeline(&filter, bucket))
        .await?;
    let buckets: Vec<Value> = timeline
        .buckets
        .iter()
        .map(|b| {
            json!({
                "period": b.period, "events": b.events, "mentions": b.mentions,
                "sources": b.sources, "by_type": json::counts(&b.by_type),
            })
        })
        .collect();
    Ok(Json(json!({
        "bucket": bucket.name(),
        "buckets": buckets,
        "undated": timeline.undated,
    })))
}

pub async fn map(
    State(pool): State<Pool>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(query.as_deref(), &known(&[]))?;
    let filter = filter(&params)?;
    let (places, without) = pool.run(move |store| store.map_places(&filter)).await?;
    let places: Vec<Value> = places
        .iter()
        .map(|p| {
            json!({
                "name": p.name, "lat": p.lat, "lon": p.lon, "events": p.events,
                "sources": p.sources, "by_type": json::counts(&p.by_type),
                "event_ids": p.event_ids,
            })
        })
        .collect();
    Ok(Json(
        json!({"places": places, "without_coordinates": without}),
    ))
}
