//! `GET /v1/creators/{id}` and `GET /v1/creators/{id}/history`.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, RawQuery, State};
use axum::Json;
use scout_models::CreatorId;

use crate::api::error::{ApiError, ErrorBody};
use crate::api::query;
use crate::api::AppState;
use crate::pipeline::{CreatorHistory, CreatorView, SimilarCreators};

/// The creator id of the path; one that does not decode (bad percent-encoding) is a 400 on
/// `id` like one that does not parse.
fn parse_id(path: Result<Path<String>, PathRejection>) -> Result<CreatorId, ApiError> {
    let Path(raw_id) = path.map_err(|rejection| ApiError::invalid("id", rejection.body_text()))?;
    CreatorId::parse(&raw_id).map_err(|error| ApiError::invalid("id", error.to_string()))
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
        (status = 400, description = "The id is not `platform:handle` (`invalid_field`, field `id`), or a query parameter was given (`invalid_field` naming it: the route takes none)", body = ErrorBody),
        (status = 404, description = "No such creator (`not_found`)", body = ErrorBody),
    )
)]
pub async fn get_creator(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Json<CreatorView>, ApiError> {
    let id = parse_id(path)?;
    query::none_expected(raw.as_deref())?;
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
        (status = 400, description = "The id is not `platform:handle` (`invalid_field`, field `id`), or a query parameter was given (`invalid_field` naming it: the route takes none)", body = ErrorBody),
        (status = 404, description = "No such creator (`not_found`)", body = ErrorBody),
    )
)]
pub async fn get_history(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Json<CreatorHistory>, ApiError> {
    let id = parse_id(path)?;
    query::none_expected(raw.as_deref())?;
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
    path: Result<Path<String>, PathRejection>,
    params: Result<Query<SimilarParams>, QueryRejection>,
) -> Result<Json<SimilarCreators>, ApiError> {
    let id = parse_id(path)?;
    let Query(params) = params.map_err(similar_params_error)?;
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

/// A bad query string of `/similar`, on the parameter it names: `limit`, or an unknown one.
fn similar_params_error(rejection: QueryRejection) -> ApiError {
    let text = rejection.body_text();
    // serde_urlencoded names an unknown parameter as "unknown field `NAME`, expected …".
    let unknown = text
        .split_once("unknown field `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(name, _)| name.to_string());
    match unknown {
        Some(name) => ApiError::invalid(name, "unknown query parameter: expected limit"),
        None => ApiError::invalid("limit", format!("expected ?limit=N (1 to 100): {text}")),
    }
}
