//! `GET /api/documents` (full-text search and filters, paged) and
//! `GET /api/documents/{id}` (one document with its text and every layer).

use super::json;
use crate::params::Params;
use crate::{ApiError, Pool};
use annalist_store::DocumentFilter;
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use serde_json::Value;

pub async fn list(
    State(pool): State<Pool>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(
        query.as_deref(),
        &["q", "from", "to", "source", "agency", "offset", "limit"],
    )?;
    let (from, to) = params.window()?;
    let (offset, limit) = params.paging()?;
    let filter = DocumentFilter {
        q: params.text("q"),
        from,
        to,
        source: params.text("source"),
        agency: params.text("agency"),
        offset,
        limit,
    };
    let page = pool.run(move |store| store.document_page(&filter)).await?;
    Ok(Json(json::page(&page, json::document_summary)))
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
            let Some(doc) = store.document(&wanted)? else {
                return Ok(None);
            };
            let fused = store.document_fused_ids(&doc.id, doc.events.len())?;
            Ok(Some((doc, fused)))
        })
        .await?;
    let Some((doc, fused)) = found else {
        return Err(ApiError::not_found(format!("no document `{id}`")));
    };
    let mut value = serde_json::to_value(&doc).map_err(|e| {
        eprintln!("annalist serve: document {id}: {e}");
        ApiError::unavailable("cannot serialise the document")
    })?;
    if let Value::Object(map) = &mut value {
        map.insert("external_id".into(), doc.external_id.clone().into());
        map.insert("url".into(), doc.url.clone().into());
        map.insert("fused".into(), fused.into());
    }
    Ok(Json(value))
}
