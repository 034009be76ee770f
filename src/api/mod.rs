//! The HTTP API (axum). Handlers only parse, call the pipeline and serialise; the one
//! [`ApiError`] decides status codes and error bodies.

mod creators;
mod error;
mod json;
mod metrics;
mod search;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderName, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{middleware, Json, Router};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use error::ApiError;

use crate::pipeline::SearchService;

/// The header carrying each request's id, generated when the client sends none.
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub service: Arc<SearchService>,
    pub metrics: metrics::Metrics,
}

impl AppState {
    pub fn new(service: SearchService) -> Self {
        AppState {
            service: Arc::new(service),
            metrics: metrics::Metrics::default(),
        }
    }
}

/// The API's routes.
pub fn router(state: AppState) -> Router {
    let trace = TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
        let request_id = request
            .headers()
            .get(&REQUEST_ID)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("-");
        tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id)
    });
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(prometheus))
        .route("/v1/models", get(models))
        .route(
            "/v1/search",
            get(search::get_search).post(search::post_search),
        )
        .route("/v1/creators/{id}", get(creators::get_creator))
        .route("/v1/creators/{id}/history", get(creators::get_history))
        .route("/v1/creators/{id}/similar", get(creators::get_similar))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(json::MAX_BODY_BYTES))
        .route_layer(middleware::from_fn_with_state(
            state.metrics.clone(),
            metrics::track,
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(trace)
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

/// Serves the API on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    service: SearchService,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(AppState::new(service)))
        .with_graceful_shutdown(shutdown)
        .await
}

async fn healthz(State(state): State<AppState>) -> Json<Value> {
    Json(json!({
        "status": "ok",
        "documents": state.service.index().num_docs(),
        "model_version": state.service.manifest().map(|manifest| manifest.model_version.clone()),
    }))
}

/// Ready when the index can be searched (it may still be empty).
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let documents = state.service.index().num_docs();
    let body = Json(json!({
        "ready": true,
        "documents": documents,
        "models_loaded": state.service.manifest().is_some(),
    }));
    (StatusCode::OK, body)
}

/// The loaded model version with its training figures, or `null` before `scout train`.
async fn models(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "loaded": state.service.manifest() }))
}

async fn prometheus(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}

async fn not_found() -> ApiError {
    ApiError::NotFound {
        message: "no such route".to_string(),
    }
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
