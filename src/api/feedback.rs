//! `POST /v1/feedback`: a keep/drop (or graded) judgement on a creator for a query or brief.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::auth::ApiKey;
use crate::api::error::{ApiError, ErrorBody};
use crate::api::json::{parse_body, parse_creator_id};
use crate::api::recommendations::{blocking, owner_of};
use crate::api::AppState;
use crate::pipeline::{record_feedback, FeedbackView, Judgement};

/// The body of `POST /v1/feedback`: the creator, the query (or brief text) it was judged for,
/// and either a `label` or a `grade`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"creator_id": "mastodon:chef_ana@food.example", "query": "vegan meal prep", "label": "drop"}))]
pub struct FeedbackBody {
    creator_id: String,
    /// The search query the creator was judged for (or give `brief`).
    query: Option<String>,
    /// The brief text the creator was judged for (or give `query`).
    brief: Option<String>,
    /// `keep` or `drop`.
    #[schema(value_type = Option<String>, example = "keep")]
    label: Option<String>,
    /// Relevance grade 0 (irrelevant) to 3 (perfect), instead of a label.
    grade: Option<u8>,
}

/// Stores a judgement for the next `scout train`.
#[utoipa::path(
    post,
    path = "/v1/feedback",
    tag = "feedback",
    request_body = FeedbackBody,
    responses(
        (status = 201, description = "The stored judgement", body = FeedbackView),
        (status = 400, description = "A bad or missing value", body = ErrorBody),
        (status = 404, description = "No such creator", body = ErrorBody),
    )
)]
pub async fn post_feedback(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<FeedbackView>), ApiError> {
    let body: FeedbackBody = parse_body(body)?;
    let creator = parse_creator_id(&body.creator_id, "creator_id")?;
    let query = match (body.query, body.brief) {
        (Some(query), None) => query,
        (None, Some(brief)) => brief,
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid(
                "brief",
                "give either query or brief, not both",
            ))
        }
        (None, None) => return Err(ApiError::invalid("query", "give query or brief")),
    };
    let judgement = match (body.label.as_deref().map(str::trim), body.grade) {
        (Some("keep"), None) => Judgement::Keep,
        (Some("drop"), None) => Judgement::Drop,
        (Some(other), None) => {
            return Err(ApiError::invalid(
                "label",
                format!("{other:?}: expected keep or drop"),
            ))
        }
        (None, Some(grade)) => Judgement::Grade(grade),
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid(
                "grade",
                "give either label or grade, not both",
            ))
        }
        (None, None) => return Err(ApiError::invalid("label", "give label or grade")),
    };
    let owner = owner_of(key);
    let service = state.service.clone();
    let stored = blocking("feedback", move || {
        record_feedback(&service, &owner, &creator, &query, judgement)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(stored)))
}
