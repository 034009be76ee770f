//! The HTTP API (axum). Handlers only parse, call the pipeline and serialise; the one
//! [`ApiError`] decides status codes and error bodies.

pub mod auth;
mod creators;
mod error;
mod feedback;
mod health;
mod jobs;
mod json;
pub mod limits;
mod metrics;
pub mod openapi;
mod query;
mod recommendations;
mod search;
mod shortlists;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::HeaderName;
use axum::routing::{delete, get, post};
use axum::{middleware, Router};
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
    /// API keys, scopes and per-key rate limits (or none, on loopback).
    pub auth: auth::Auth,
    /// The cap on `/v1` requests in flight and their time limit.
    pub limits: limits::RequestLimits,
    /// Browser origins allowed by CORS; empty means same-origin only.
    pub cors_origins: Arc<[limits::CorsOrigin]>,
    /// Crawl jobs started through the API, and the index's one writer slot.
    pub jobs: crate::pipeline::Jobs,
}

/// How the server guards the API (`scout serve` and `scout demo` flags).
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub auth: auth::Auth,
    /// `/v1` requests in flight beyond this are shed with 503.
    pub max_in_flight: usize,
    /// A `/v1` request running longer gets 503.
    pub request_timeout: Duration,
    pub cors_origins: Vec<limits::CorsOrigin>,
    /// `POST /v1/crawl` may reach private and loopback addresses (`--crawl-allow-private`).
    pub crawl_allow_private: bool,
    /// Search answers kept for repeated queries (0: none).
    pub search_cache: usize,
}

impl Default for ServeOptions {
    /// Auth off, the default limits, no CORS.
    fn default() -> Self {
        ServeOptions {
            auth: auth::Auth::off(),
            max_in_flight: limits::DEFAULT_MAX_IN_FLIGHT,
            request_timeout: limits::DEFAULT_REQUEST_TIMEOUT,
            cors_origins: Vec::new(),
            crawl_allow_private: false,
            search_cache: crate::pipeline::DEFAULT_SEARCH_CACHE,
        }
    }
}

impl AppState {
    /// State with [`ServeOptions::default`] (auth off).
    pub fn new(service: SearchService) -> Self {
        AppState::with_options(service, ServeOptions::default())
    }

    pub fn with_options(service: SearchService, options: ServeOptions) -> Self {
        let jobs = crate::pipeline::Jobs::persistent(&service.data().store_path())
            .allowing_private(options.crawl_allow_private);
        AppState {
            service: Arc::new(service.with_search_cache(options.search_cache)),
            metrics: metrics::Metrics::default(),
            auth: options.auth,
            limits: limits::RequestLimits::new(options.max_in_flight, options.request_timeout),
            cors_origins: options.cors_origins.into(),
            jobs,
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
        // Headers are not logged: the Authorization header carries the key. The key's id is
        // recorded by the auth middleware.
        tracing::info_span!(
            "request",
            method = %request.method(),
            uri = %request.uri(),
            request_id,
            key_id = tracing::field::Empty
        )
    });
    let cors = limits::cors_layer(&state.cors_origins);
    let router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::prometheus))
        .route("/openapi.json", get(health::openapi_json))
        .route("/v1/models", get(health::models))
        .route(
            "/v1/search",
            get(search::get_search).post(search::post_search),
        )
        .route(
            "/v1/recommendations",
            post(recommendations::post_recommendations),
        )
        .route(
            "/v1/shortlists",
            get(shortlists::get_shortlists).post(shortlists::post_shortlist),
        )
        .route(
            "/v1/shortlists/{id}",
            get(shortlists::get_one).delete(shortlists::delete_one),
        )
        .route("/v1/shortlists/{id}/creators", post(shortlists::post_entry))
        .route(
            "/v1/shortlists/{id}/creators/{creator_id}",
            delete(shortlists::delete_entry)
                .patch(shortlists::patch_entry)
                .put(shortlists::put_entry),
        )
        .route(
            "/v1/shortlists/{id}/export.csv",
            get(shortlists::export_csv),
        )
        .route("/v1/feedback", post(feedback::post_feedback))
        .route("/v1/crawl", post(jobs::post_crawl))
        .route("/v1/jobs/{id}", get(jobs::get_job).delete(jobs::cancel_job))
        .route(
            "/v1/creators/{id}",
            get(creators::get_creator).delete(jobs::delete_creator),
        )
        .route("/v1/creators/{id}/history", get(creators::get_history))
        .route("/v1/creators/{id}/similar", get(creators::get_similar))
        // The web pages (cookie auth of their own; the bearer check passes them by).
        .merge(crate::web::router(&state))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(json::MAX_BODY_BYTES))
        // Route layers run outermost last: metrics → shed/time limits → auth → handler.
        .route_layer(middleware::from_fn_with_state(
            state.auth.clone(),
            auth::authorize,
        ))
        .route_layer(middleware::from_fn_with_state(
            state.limits.clone(),
            limits::shed_and_time,
        ))
        .route_layer(middleware::from_fn_with_state(
            state.metrics.clone(),
            metrics::track,
        ));
    // CORS wraps everything, so preflights need no key and errors carry CORS headers.
    let router = match cors {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(trace)
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

/// Serves the API on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    service: SearchService,
    options: ServeOptions,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(AppState::with_options(service, options)))
        .with_graceful_shutdown(shutdown)
        .await
}

async fn not_found() -> ApiError {
    ApiError::NotFound {
        message: "no such route".to_string(),
    }
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
