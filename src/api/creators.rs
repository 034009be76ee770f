//! `GET /v1/creators/{id}`.

use axum::extract::{Path, State};
use axum::Json;
use scout_models::CreatorId;

use crate::api::error::ApiError;
use crate::api::AppState;
use crate::pipeline::CreatorView;

pub async fn get_creator(
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
) -> Result<Json<CreatorView>, ApiError> {
    let id =
        CreatorId::parse(&raw_id).map_err(|error| ApiError::invalid("id", error.to_string()))?;
    let service = state.service.clone();
    let lookup = id.clone();
    let view = tokio::task::spawn_blocking(move || service.creator(&lookup))
        .await
        .map_err(|join| ApiError::Internal {
            message: format!("creator task failed: {join}"),
        })??;
    view.map(Json).ok_or_else(|| ApiError::NotFound {
        message: format!("no creator {id}"),
    })
}
