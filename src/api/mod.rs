//! The HTTP API (axum). Handlers only parse, call the pipeline and serialise; the one
//! [`ApiError`] decides status codes and error bodies.

mod creators;
mod error;
mod json;
mod search;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub use error::ApiError;

use crate::pipeline::SearchService;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub service: Arc<SearchService>,
}

/// The API's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route(
            "/v1/search",
            get(search::get_search).post(search::post_search),
        )
        .route("/v1/creators/{id}", get(creators::get_creator))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(json::MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves the API on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    service: SearchService,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let state = AppState {
        service: Arc::new(service),
    };
    axum::serve(listener, router(state))
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

async fn not_found() -> ApiError {
    ApiError::NotFound {
        message: "no such route".to_string(),
    }
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
