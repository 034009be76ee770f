//! The one place that maps errors to HTTP: status and a JSON body
//! `{"error":{"code","message","field"}}`. Internal details are logged, never returned.

use axum::http::StatusCode;
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
    MethodNotAllowed,
    /// A fault on our side; the message is logged, not sent.
    Internal {
        message: String,
    },
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: String,
    field: Option<&'a str>,
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
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this route does not take that method".to_string(),
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
        (status, Json(body)).into_response()
    }
}
