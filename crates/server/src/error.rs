//! API errors as JSON: `{"error": message, "status": code}` with the matching status.
//! A bad parameter is a 400, something missing a 404, a store that is busy a 503 and a
//! query over its time limit a 504; anything else is a 500 whose message does not leak
//! internals (the cause goes to the server's log).

use annalist_store::StoreError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: message.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        match &error {
            StoreError::TimedOut { .. } => ApiError {
                status: StatusCode::GATEWAY_TIMEOUT,
                message: error.to_string(),
            },
            StoreError::AmbiguousId { .. } | StoreError::Query { .. } => {
                ApiError::bad_request(error.to_string())
            }
            _ if error.is_unavailable() => {
                log_cause(&error);
                ApiError::unavailable("the store is unavailable")
            }
            _ => {
                log_cause(&error);
                ApiError {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    message: "internal error (see the server's log)".to_string(),
                }
            }
        }
    }
}

fn log_cause(error: &dyn std::error::Error) {
    let mut line = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        line.push_str(": ");
        line.push_str(&cause.to_string());
        source = cause.source();
    }
    eprintln!("annalist serve: {line}");
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": self.message,
            "status": self.status.as_u16(),
        });
        (self.status, Json(body)).into_response()
    }
}
