//! Operations routes: `/healthz`, `/readyz`, `/metrics`, `/openapi.json` (open, never
//! limited) and `/v1/models`.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use scout_models::Manifest;
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::AppState;

/// The answer of `GET /healthz`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"status": "ok", "documents": 1200, "model_version": "20261125T150501Z"}))]
pub struct Health {
    /// Always `ok` when the process answers.
    pub status: &'static str,
    /// Creators in the search index.
    pub documents: u64,
    /// The loaded model version, `null` before `scout train`.
    pub model_version: Option<String>,
}

/// The answer of `GET /readyz`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"ready": true, "documents": 1200, "models_loaded": true}))]
pub struct Readiness {
    /// The index can be searched (it may still be empty).
    pub ready: bool,
    /// Creators in the search index.
    pub documents: u64,
    /// Whether trained models are loaded (without them, ranking uses text and metrics only).
    pub models_loaded: bool,
}

/// The answer of `GET /v1/models`.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoadedModels {
    /// The loaded model version with its training figures, `null` before `scout train`.
    pub loaded: Option<Manifest>,
}

/// Liveness: the process answers.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    responses((status = 200, description = "The server is up", body = Health))
)]
pub async fn healthz(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok",
        documents: state.service.index().num_docs(),
        model_version: state
            .service
            .manifest()
            .map(|manifest| manifest.model_version.clone()),
    })
}

/// Ready when the index can be searched (it may still be empty).
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    responses((status = 200, description = "The index can be searched", body = Readiness))
)]
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let body = Json(Readiness {
        ready: true,
        documents: state.service.index().num_docs(),
        models_loaded: state.service.manifest().is_some(),
    });
    (StatusCode::OK, body)
}

/// The loaded model version with its training figures, or `null` before `scout train`.
#[utoipa::path(
    get,
    path = "/v1/models",
    tag = "models",
    responses((status = 200, description = "The loaded model version", body = LoadedModels))
)]
pub async fn models(State(state): State<AppState>) -> Json<LoadedModels> {
    Json(LoadedModels {
        loaded: state.service.manifest().cloned(),
    })
}

/// Prometheus metrics: request counts and latency histograms per route.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    responses((
        status = 200,
        description = "Prometheus text exposition format 0.0.4",
        body = String,
        content_type = "text/plain",
        example = "# TYPE scout_http_requests_total counter\nscout_http_requests_total{route=\"/v1/search\",status=\"200\"} 12\n"
    ))
)]
pub async fn prometheus(State(state): State<AppState>) -> impl IntoResponse {
    let mut text = state.metrics.render();
    let cache = state.service.search_cache_stats();
    for (name, help, kind, value) in [
        (
            "scout_search_cache_hits_total",
            "Searches answered from the answer cache.",
            "counter",
            cache.hits,
        ),
        (
            "scout_search_cache_misses_total",
            "Searches the answer cache could not answer.",
            "counter",
            cache.misses,
        ),
        (
            "scout_search_cache_entries",
            "Answers in the cache now.",
            "gauge",
            cache.entries as u64,
        ),
    ] {
        text.push_str(&format!(
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}\n"
        ));
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text)
}

/// This document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "operations",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", body = serde_json::Value))
)]
pub async fn openapi_json() -> impl IntoResponse {
    crate::api::openapi::serve().await
}
