//! What every response carries and every request is held to: a Content-Security-Policy
//! that allows only the server's own assets (no inline script, no CDN), no sniffing, no
//! framing, no referrer; request bodies of at most [`MAX_BODY_BYTES`] (the API has no
//! write endpoint, so none needs more); and a time limit per request.

use axum::extract::Request;
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// The policy of every response.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The longest a request may take in all (the store's own limit is shorter).
pub const REQUEST_TIME_LIMIT: Duration = Duration::from_secs(30);

/// `router` with the headers and limits.
pub fn wrap(router: Router) -> Router {
    router
        .layer(middleware::from_fn(headers))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIME_LIMIT,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
}

async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        CONTENT_SECURITY_POLICY,
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::REFERRER_POLICY, "no-referrer");
    set(
        headers,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    response
}
