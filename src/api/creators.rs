//! `GET /v1/creators/{id}` and `GET /v1/creators/{id}/history`.

use axum::extract::{Path, State};
use axum::Json;
use scout_models::CreatorId;

use crate::api::error::{ApiError, ErrorBody};
use crate::api::AppState;
use crate::pipeline::{CreatorHistory, CreatorView, SimilarCreators};

fn parse_id(raw_id: &str) -> Result<CreatorId, ApiError> {
    CreatorId::parse(raw_id).map_err(|error| ApiError::invalid("id", error.to_string()))
}

/// One creator: profile with the provenance of its values (source URL, fetch time, method),
/// tier, engagement rate, niche probabilities, recent posts, snapshots and linked accounts.
#[utoipa::path(
    get,
    path = "/v1/creators/{id}",
    tag = "creators",
    params(("id" = String, Path, description = "`platform:canonical-handle`, percent-encoded (a web id's `/` as `%2F`)", example = "mastodon:alice@social.example")),
    responses(
        (status = 200, description = "The creator", body = CreatorView),
        (status = 400, description = "The id is not `platform:handle` (`invalid_field`, field `id`)", body = ErrorBody),
        (status = 404, description = "No such creator (`not_found`)", body = ErrorBody),
    )
)]
pub async fn get_creator(
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
) -> Result<Json<CreatorView>, ApiError> {
    let id = parse_id(&raw_id)?;
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

/// The creator's snapshots, oldest first: followers, following, posts and engagement at each
/// crawl.
#[utoipa::path(
    get,
    path = "/v1/creators/{id}/history",
    tag = "creators",
    params(("id" = String, Path, description = "`platform:canonical-handle`, percent-encoded (a web id's `/` as `%2F`)", example = "mastodon:alice@social.example")),
    responses(
        (status = 200, description = "The creator's snapshots", body = CreatorHistory),
        (status = 400, description = "The id is not `platform:handle` (`invalid_field`, field `id`)", body = ErrorBody),
        (status = 404, description = "No such creator (`not_found`)", body = ErrorBody),
    )
)]
pub async fn get_history(
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
) -> Result<Json<CreatorHistory>, ApiError> {
    let id = parse_id(&raw_id)?;
    let service = state.service.clone();
    let lookup = id.clone();
    let history = tokio::task::spawn_blocking(move || service.history(&lookup))
        .await
        .map_err(|join| ApiError::Internal {
            message: format!("history task failed: {join}"),
        })??;
    history.map(Json).ok_or_else(|| ApiError::NotFound {
        message: format!("no creator {id}"),
    })
}

/// Query parameters of `GET /v1/creators/{id}/similar`.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SimilarParams {
    /// How many similar creators to return (default 10).
    #[param(minimum = 1, maximum = 100, example = 10)]
    limit: Option<usize>,
}

/// Creators most like this one (niche probabilities and audience shares).
#[utoipa::path(
    get,
    path = "/v1/creators/{id}/similar",
    tag = "creators",
    params(("id" = String, Path, description = "`platform:canonical-handle`, percent-encoded (a web id's `/` as `%2F`)", example = "mastodon:alice@social.example"), SimilarParams),
    responses(
        (status = 200, description = "The most similar creators, most similar first", body = SimilarCreators),
        (status = 400, description = "A bad id or `limit` (`invalid_field`)", body = ErrorBody),
        (status = 404, description = "No such creator (`not_found`)", body = ErrorBody),
    )
)]
pub async fn get_similar(
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    params: Result<axum::extract::Query<SimilarParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<SimilarCreators>, ApiError> {
    let id = parse_id(&raw_id)?;
    let params = params.map_err(|rejection| {
        ApiError::invalid(
            "limit",
            format!("expected ?limit=N (1 to 100): {rejection}"),
        )
    })?;
    let limit = params.limit.unwrap_or(10);
    let service = state.service.clone();
    let lookup = id.clone();
    let similar = tokio::task::spawn_blocking(move || service.similar(&lookup, limit))
        .await
        .map_err(|join| ApiError::Internal {
            message: format!("similar task failed: {join}"),
        })??;
    similar.map(Json).ok_or_else(|| ApiError::NotFound {
        message: format!("no creator {id}"),
    })
}
