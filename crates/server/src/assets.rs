//! The web page: every file of `assets/`, embedded in the binary at build time (the
//! table is written by `build.rs`) and served from it, so nothing is read from disk at
//! run time and no request path can reach a file outside the table (no path traversal
//! by construction). `/` is `index.html`.

use crate::Pool;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

include!(concat!(env!("OUT_DIR"), "/assets_table.rs"));

pub fn router() -> Router<Pool> {
    Router::new()
        .route("/", get(index))
        .route("/assets/{name}", get(asset))
}

/// The asset called `name`: its content type and bytes.
pub fn find(name: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, kind, bytes)| (*kind, *bytes))
}

fn serve(name: &str) -> Response {
    match find(name) {
        Some((kind, bytes)) => (
            [
                (header::CONTENT_TYPE, kind),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

async fn index() -> Response {
    serve("index.html")
}

async fn asset(Path(name): Path<String>) -> Response {
    serve(&name)
}
