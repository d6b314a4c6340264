//! The JSON API, one module per resource. Every handler parses its parameters with
//! [`crate::params::Params`] (unknown or malformed ones are 400s), runs its queries on
//! the [`Pool`] and answers JSON; lists are pages `{total, offset, limit, items}`.
//! `openapi.json` (served at `/api/openapi.json`) describes every route here; a test
//! keeps the two in step.

mod documents;
mod entities;
mod events;
mod json;
mod quotes;
mod stats;

use crate::{ApiError, Pool};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The OpenAPI 3.1 description of the API.
pub const OPENAPI: &str = include_str!("../../openapi.json");

/// Every route of the API, relative to `/api`, as OpenAPI writes paths.
pub const ROUTES: &[&str] = &[
    "/stats",
    "/documents",
    "/documents/{id}",
    "/events",
    "/events/{id}",
    "/timeline",
    "/map",
    "/quotes",
    "/speakers",
    "/entities",
    "/entity",
    "/openapi.json",
];

pub fn router() -> Router<Pool> {
    Router::new()
        .route("/stats", get(stats::stats))
        .route("/documents", get(documents::list))
        .route("/documents/{id}", get(documents::one))
        .route("/events", get(events::list))
        .route("/events/{id}", get(events::one))
        .route("/timeline", get(events::timeline))
        .route("/map", get(events::map))
        .route("/quotes", get(quotes::list))
        .route("/speakers", get(quotes::speakers))
        .route("/entities", get(entities::list))
        .route("/entity", get(entities::one))
        .route("/openapi.json", get(openapi))
        .fallback(unknown)
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        OPENAPI,
    )
        .into_response()
}

async fn unknown() -> ApiError {
    ApiError::not_found("no such endpoint (see /api/openapi.json)")
}
