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
use crate::pipeline::{record_feedback_shown, FeedbackView, Judgement, MAX_SHOWN};

/// The body of `POST /v1/feedback`: the creator, the query (or brief text) it was judged for,
/// and either a `label` or a `grade`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"creator_id": "mastodon:chef_ana@food.example", "query": "vegan meal prep", "label": "drop"}))]
pub struct FeedbackBody {
    /// The judged creator (checked by hand so that its absence names the field).
    #[schema(required = true, value_type = String)]
    creator_id: Option<String>,
    /// The search query the creator was judged for (or give `brief`).
    query: Option<String>,
    /// The brief text the creator was judged for (or give `query`).
    brief: Option<String>,
    /// `keep` or `drop` (any case; the answer's `label` is lowercase).
    #[schema(value_type = Option<String>, example = "keep")]
    label: Option<String>,
    /// Relevance grade 0 (irrelevant) to 3 (perfect), instead of a label.
    grade: Option<u8>,
    /// The creator ids of the list the user judged from, in display order (at most 100,
    /// the judged creator among them). A keep then ranks the creator above those shown
    /// above it, a drop below those shown below it. Without it, the query's current ranking
    /// stands for the list.
    #[schema(example = json!(["mastodon:green_bowl@food.example", "mastodon:chef_ana@food.example"]))]
    shown: Option<Vec<String>>,
}

/// Stores a judgement and updates the learned ranker online: preference pairs against the
/// creators judged differently for the same query and the neighbours shown (above a keep,
/// below a drop). Searches use the updated ranker at once; it survives restarts.
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
    let creator = match &body.creator_id {
        Some(raw) => parse_creator_id(raw, "creator_id")?,
        None => {
            return Err(ApiError::invalid(
                "creator_id",
                "missing: give the creator's id",
            ))
        }
    };
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
    // Without regard to case, as the enum values of search and briefs.
    let label = body.label.as_deref().map(str::trim);
    let lowered = label.map(str::to_ascii_lowercase);
    let judgement = match (lowered.as_deref(), body.grade) {
        (Some("keep"), None) => Judgement::Keep,
        (Some("drop"), None) => Judgement::Drop,
        (Some(_), None) => {
            return Err(ApiError::invalid(
                "label",
                format!("{:?}: expected keep or drop", label.unwrap_or_default()),
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
    let shown = match body.shown {
        Some(shown) if shown.len() > MAX_SHOWN => {
            return Err(ApiError::invalid(
                "shown",
                format!("at most {MAX_SHOWN} creators"),
            ))
        }
        Some(shown) => Some(
            shown
                .iter()
                .enumerate()
                .map(|(position, id)| parse_creator_id(id, format!("shown[{position}]")))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        None => None,
    };
    let owner = owner_of(key);
    let service = state.service.clone();
    let stored = blocking("feedback", move || {
        record_feedback_shown(
            &service,
            &owner,
            &creator,
            &query,
            judgement,
            shown.as_deref(),
        )
    })
    .await?;
    Ok((StatusCode::CREATED, Json(stored)))
}
