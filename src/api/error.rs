//! The one place that maps errors to HTTP: status and a JSON body
//! `{"error":{"code","message","field"}}`. Internal details are logged, never returned.

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::pipeline::PipelineError;

/// An error an API handler returns.
#[derive(Debug)]
pub enum ApiError {
    /// A request value is wrong; `field` names it (a JSON path such as `followers.min`).
    InvalidField {
        field: String,
        message: String,
    },
    /// The body is not the JSON the route takes.
    InvalidBody {
        message: String,
    },
    /// The body is larger than the route accepts.
    PayloadTooLarge {
        limit: usize,
    },
    NotFound {
        message: String,
    },
    /// The request clashes with what exists (a duplicate name or entry).
    Conflict {
        message: String,
    },
    MethodNotAllowed,
    /// A `/v1` route was called without a bearer key (or with a malformed header).
    MissingApiKey {
        message: String,
    },
    /// The bearer key is unknown or revoked.
    InvalidApiKey,
    /// The key is valid but lacks the scope the route needs.
    MissingScope {
        scope: &'static str,
    },
    /// The key used up its rate limit; the next request is allowed after `retry_after`.
    RateLimited {
        retry_after: Duration,
    },
    /// The server is at its limit of requests in flight and sheds this one.
    Overloaded,
    /// The request ran past the server's time limit.
    Timeout {
        limit: Duration,
    },
    /// A fault on our side; the message is logged, not sent.
    Internal {
        message: String,
    },
}

/// Every error answer of the API.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(example = json!({"error": {"code": "invalid_field", "message": "limit: must be between 1 and 100", "field": "limit"}}))]
pub struct ErrorBody<'a> {
    pub error: ErrorDetail<'a>,
}

/// What went wrong.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail<'a> {
    /// Stable machine-readable code: `invalid_field`, `invalid_body`, `payload_too_large`,
    /// `not_found`, `conflict`, `method_not_allowed`, `unauthorized`, `invalid_api_key`,
    /// `insufficient_scope`, `rate_limited`, `overloaded`, `timeout` or `internal`.
    pub code: &'a str,
    /// A sentence for people.
    pub message: String,
    /// The offending request value (a JSON path such as `followers.min`, or a query
    /// parameter), `null` when the error is not about one value.
    #[schema(required = true)]
    pub field: Option<&'a str>,
}

impl ApiError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::InvalidField {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl From<PipelineError> for ApiError {
    fn from(error: PipelineError) -> Self {
        match error {
            PipelineError::Invalid { field, message } => ApiError::InvalidField { field, message },
            PipelineError::NotFound(message) => ApiError::NotFound { message },
            PipelineError::Conflict(message) => ApiError::Conflict { message },
            other => ApiError::Internal {
                message: other.to_string(),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message, field) = match &self {
            ApiError::InvalidField { field, message } => (
                StatusCode::BAD_REQUEST,
                "invalid_field",
                format!("{field}: {message}"),
                Some(field.as_str()),
            ),
            ApiError::InvalidBody { message } => (
                StatusCode::BAD_REQUEST,
                "invalid_body",
                message.clone(),
                None,
            ),
            ApiError::PayloadTooLarge { limit } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("the request body exceeds {limit} bytes"),
                None,
            ),
            ApiError::NotFound { message } => {
                (StatusCode::NOT_FOUND, "not_found", message.clone(), None)
            }
            ApiError::Conflict { message } => {
                (StatusCode::CONFLICT, "conflict", message.clone(), None)
            }
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this route does not take that method".to_string(),
                None,
            ),
            ApiError::MissingApiKey { message } => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                message.clone(),
                None,
            ),
            ApiError::InvalidApiKey => (
                StatusCode::UNAUTHORIZED,
                "invalid_api_key",
                "the API key is not valid: it is unknown or was revoked".to_string(),
                None,
            ),
            ApiError::MissingScope { scope } => (
                StatusCode::FORBIDDEN,
                "insufficient_scope",
                format!("this route needs an API key with the {scope:?} scope"),
                None,
            ),
            ApiError::RateLimited { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!(
                    "this API key's rate limit is used up: retry after {} s",
                    retry_after_seconds(*retry_after)
                ),
                None,
            ),
            ApiError::Overloaded => (
                StatusCode::SERVICE_UNAVAILABLE,
                "overloaded",
                "the server is at its limit of requests in flight: retry shortly".to_string(),
                None,
            ),
            ApiError::Timeout { limit } => (
                StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                format!(
                    "the request took longer than the server's limit of {:.1} s",
                    limit.as_secs_f64()
                ),
                None,
            ),
            ApiError::Internal { message } => {
                tracing::error!(error = %message, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error: see the server log".to_string(),
                    None,
                )
            }
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message,
                field,
            },
        };
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        match &self {
            ApiError::MissingApiKey { .. } => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"scout\""),
                );
            }
            ApiError::InvalidApiKey => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"scout\", error=\"invalid_token\""),
                );
            }
            ApiError::MissingScope { scope } => {
                if let Ok(value) = HeaderValue::from_str(&format!(
                    "Bearer realm=\"scout\", error=\"insufficient_scope\", scope=\"{scope}\""
                )) {
                    headers.insert(header::WWW_AUTHENTICATE, value);
                }
            }
            ApiError::RateLimited { retry_after } => {
                headers.insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(retry_after_seconds(*retry_after)),
                );
            }
            ApiError::Overloaded => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(1u64));
            }
            _ => {}
        }
        response
    }
}

/// Whole seconds for a `Retry-After` header: rounded up, and at least one.
fn retry_after_seconds(wait: Duration) -> u64 {
    (wait.as_secs_f64().ceil() as u64).max(1)
}
