//! `GET /api/stats`: what the store holds.

use super::json;
use crate::params::Params;
use crate::{ApiError, Pool};
use axum::extract::{RawQuery, State};
use axum::Json;
use serde_json::{json, Value};

pub async fn stats(
    State(pool): State<Pool>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let (stats, fused) = pool
        .run(|store| Ok((store.stats()?, store.fused_event_count()?)))
        .await?;
    Ok(Json(json!({
        "schema_version": stats.schema_version,
        "documents": stats.documents,
        "unsupported": stats.unsupported,
        "undated": stats.undated,
        "timexes": stats.timexes,
        "entities": stats.entities,
        "mentions": stats.mentions,
        "quotes": stats.quotes,
        "events": stats.events,
        "fused_events": fused,
        "first_dct": stats.first_dct,
        "last_dct": stats.last_dct,
        "by_agency": stats.by_agency,
        "by_language": stats.by_language,
        "event_types": stats.event_types,
        "event_type_counts": json::counts(&stats.event_types),
    })))
}
