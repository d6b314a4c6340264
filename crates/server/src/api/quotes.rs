//! `GET /api/quotes` (by speaker, dates and words, paged) and `GET /api/speakers`
//! (speakers by number of quotations).

use super::json;
use crate::params::Params;
use crate::{ApiError, Pool};
use annalist_store::{Page, QuoteFilter};
use axum::extract::{RawQuery, State};
use axum::Json;
use serde_json::{json, Value};

pub async fn list(
    State(pool): State<Pool>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(
        query.as_deref(),
        &["speaker", "from", "to", "about", "offset", "limit"],
    )?;
    let (from, to) = params.window()?;
    let (offset, limit) = params.paging()?;
    let filter = QuoteFilter {
        speaker: params.text("speaker"),
        from,
        to,
        about: params.text("about"),
        canonical: None,
    };
    let page = pool
        .run(move |store| {
            let (items, total) = store.quotes_page(&filter, offset, limit)?;
            Ok(Page {
                total,
                offset,
                limit,
                items,
            })
        })
        .await?;
    Ok(Json(json::page(&page, json::quote)))
}

pub async fn speakers(
    State(pool): State<Pool>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(query.as_deref(), &["q", "offset", "limit"])?;
    let (offset, limit) = params.paging()?;
    let q = params.text("q");
    let page = pool
        .run(move |store| store.speakers(q.as_deref(), offset, limit))
        .await?;
    Ok(Json(json::page(
        &page,
        |s| json!({"name": s.name, "quotes": s.quotes, "documents": s.documents}),
    )))
}
