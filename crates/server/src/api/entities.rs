//! `GET /api/entities` (entities across the store, paged) and `GET /api/entity` (one
//! entity: codes, roles at dates, its documents, quotes and events, documents by month).

use super::json;
use crate::params::Params;
use crate::{ApiError, Pool};
use annalist_store::{FusedFilter, QuoteFilter};
use axum::extract::{RawQuery, State};
use axum::Json;
use serde_json::{json, Value};

/// How many documents, quotes and events the entity page lists of each.
const FIRST: usize = 20;

pub async fn list(
    State(pool): State<Pool>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(query.as_deref(), &["q", "kind", "offset", "limit"])?;
    let (offset, limit) = params.paging()?;
    let (q, kind) = (params.text("q"), params.text("kind"));
    let page = pool
        .run(move |store| store.entity_page(q.as_deref(), kind.as_deref(), offset, limit))
        .await?;
    Ok(Json(json::page(&page, |e| {
        json!({
            "name": e.name, "kind": e.kind, "codes": e.codes, "country": e.country,
            "documents": e.documents, "mentions": e.mentions,
        })
    })))
}

pub async fn one(
    State(pool): State<Pool>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(query.as_deref(), &["name", "kind"])?;
    let Some(name) = params.text("name") else {
        return Err(ApiError::bad_request("parameter `name` is required"));
    };
    let kind = params.text("kind");
    let wanted = name.clone();
    let found = pool
        .run(move |store| {
            let Some(record) = store.entity(&wanted, kind.as_deref())? else {
                return Ok(None);
            };
            let canonical = record.summary.name.clone();
            let documents = store.entity_documents(&canonical, &record.summary.kind, 0, FIRST)?;
            let quotes = store.quotes_page(
                &QuoteFilter {
                    canonical: Some(canonical.clone()),
                    ..QuoteFilter::default()
                },
                0,
                FIRST,
            )?;
            let (events, total_events) = store.fused_events(&FusedFilter {
                party: Some(canonical),
                limit: Some(FIRST),
                ..FusedFilter::default()
            })?;
            Ok(Some((record, documents, quotes, events, total_events)))
        })
        .await?;
    let Some((record, documents, quotes, events, total_events)) = found else {
        return Err(ApiError::not_found(format!("no entity named `{name}`")));
    };
    let e = &record.summary;
    let roles: Vec<Value> = record
        .roles
        .iter()
        .map(
            |r| json!({"role": r.role, "first": r.first, "last": r.last, "documents": r.documents}),
        )
        .collect();
    let timeline: Vec<Value> = record
        .timeline
        .iter()
        .map(|(period, n)| json!({"period": period, "documents": n}))
        .collect();
    Ok(Json(json!({
        "name": e.name, "kind": e.kind, "codes": e.codes, "country": e.country,
        "documents_count": e.documents, "mentions": e.mentions,
        "lat": record.lat, "lon": record.lon,
        "roles": roles,
        "documents": json::page(&documents, json::document_summary),
        "quotes": {
            "total": quotes.1, "offset": 0, "limit": FIRST,
            "items": quotes.0.iter().map(json::quote).collect::<Vec<_>>(),
        },
        "events": {
            "total": total_events, "offset": 0, "limit": FIRST,
            "items": events.iter().map(json::fused_event).collect::<Vec<_>>(),
        },
        "timeline": timeline,
    })))
}
