//! `GET /api/stats`: what the store holds.

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
    let mut value = stats.to_json();
    if let Value::Object(map) = &mut value {
        map.insert("fused_events".into(), json!(fused));
    }
    Ok(Json(value))
}
