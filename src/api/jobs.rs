//! Admin routes: `POST /v1/crawl` (a background crawl job), `GET`/`DELETE /v1/jobs/{id}`
//! (its status and progress; cancel it) and `DELETE /v1/creators/{id}` (a removal request).

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::error::{ApiError, ErrorBody};
use crate::api::json::{parse_body, parse_creator_id};
use crate::api::recommendations::blocking;
use crate::api::AppState;
use crate::pipeline::{remove_creator, JobView, Removal};

/// The body of `POST /v1/crawl`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"seeds": ["https://mastodon.example/@chef_ana"], "force": false}))]
pub struct CrawlBody {
    /// Seed URLs (http or https), 1 to 1000: profiles, instances or sitemaps.
    seeds: Vec<String>,
    /// Re-fetch creators the recrawl policy considers fresh (default false).
    force: Option<bool>,
}

fn job_id(path: Result<Path<String>, PathRejection>) -> Result<u64, ApiError> {
    let Path(raw) = path.map_err(|rejection| ApiError::invalid("id", rejection.body_text()))?;
    raw.parse::<u64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::invalid("id", format!("{raw:?} is not a job id")))
}

fn no_job(id: u64) -> ApiError {
    ApiError::NotFound {
        message: format!("no job {id} on this server"),
    }
}

/// Starts a crawl of the seeds in the background; poll `GET /v1/jobs/{id}`. When it ends,
/// what it stored is indexed and searchable.
#[utoipa::path(
    post,
    path = "/v1/crawl",
    tag = "jobs",
    request_body = CrawlBody,
    responses(
        (status = 202, description = "The job, queued", body = JobView),
        (status = 400, description = "A bad or missing seed, or one resolving to a loopback or private address (unless the server runs with --crawl-allow-private)", body = ErrorBody),
        (status = 409, description = "Too many crawl jobs are queued", body = ErrorBody),
    )
)]
pub async fn post_crawl(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<JobView>), ApiError> {
    let body: CrawlBody = parse_body(body)?;
    // Blocking: the SSRF guard resolves the seeds' host names.
    let jobs = state.jobs.clone();
    let service = state.service.clone();
    let force = body.force.unwrap_or(false);
    let job = blocking("crawl", move || {
        jobs.start_crawl(service, body.seeds, force)
    })
    .await?;
    Ok((StatusCode::ACCEPTED, Json(job)))
}

/// A job's status (`queued`, `running`, `succeeded`, `failed`, `cancelled`, or `interrupted`
/// when the server stopped while it ran) and progress; jobs of earlier servers are kept.
#[utoipa::path(
    get,
    path = "/v1/jobs/{id}",
    tag = "jobs",
    params(("id" = u64, Path, description = "Job id")),
    responses(
        (status = 200, description = "The job", body = JobView),
        (status = 400, description = "Not a job id", body = ErrorBody),
        (status = 404, description = "No such job on this server", body = ErrorBody),
    )
)]
pub async fn get_job(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<JobView>, ApiError> {
    let id = job_id(path)?;
    let jobs = state.jobs.clone();
    let job = blocking("job", move || jobs.get(id)).await?;
    job.map(Json).ok_or_else(|| no_job(id))
}

/// Cancels a queued or running job (a running crawl stops, and what it stored is indexed).
#[utoipa::path(
    delete,
    path = "/v1/jobs/{id}",
    tag = "jobs",
    params(("id" = u64, Path, description = "Job id")),
    responses(
        (status = 202, description = "Cancellation asked; the job as it is now", body = JobView),
        (status = 400, description = "Not a job id", body = ErrorBody),
        (status = 404, description = "No such job on this server", body = ErrorBody),
    )
)]
pub async fn cancel_job(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<(StatusCode, Json<JobView>), ApiError> {
    let id = job_id(path)?;
    let job = state.jobs.cancel(id).ok_or_else(|| no_job(id))?;
    Ok((StatusCode::ACCEPTED, Json(job)))
}

/// A removal request: the creator is deleted from the store and the index, taken off every
/// shortlist, its feedback deleted, and tombstoned so no crawl or import brings it back.
/// Unknown creators are tombstoned too.
#[utoipa::path(
    delete,
    path = "/v1/creators/{id}",
    tag = "creators",
    params(("id" = String, Path, description = "Creator id (`platform:handle`)")),
    responses(
        (status = 200, description = "Removed; `GET` on the creator answers 404 from now on", body = Removal),
        (status = 400, description = "Not a creator id", body = ErrorBody),
    )
)]
pub async fn delete_creator(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Removal>, ApiError> {
    let Path(raw) = path.map_err(|rejection| ApiError::invalid("id", rejection.body_text()))?;
    let id = parse_creator_id(&raw, "id")?;
    let _writer = state.jobs.index_writer().await;
    let service = state.service.clone();
    let removal = blocking("removal", move || remove_creator(&service, &id)).await?;
    Ok(Json(removal))
}
