//! The web pages for people (server-rendered HTML with maud, htmx for small dynamic parts).
//! Handlers parse the request, call the same pipeline functions as the JSON API (never the
//! API over HTTP) and render; [`PageError`] is the one place a page error picks its status.
//!
//! Pages: `/` search ([`search`]), `/creators/{id}` ([`creator`]), `/brief` ([`brief`]) and
//! `/shortlists` ([`shortlists`], the compare table in `shortlist_compare.rs`); `/login`,
//! `/logout` ([`auth`]); the embedded files under `/assets/` ([`assets`]). Shared markup:
//! [`layout::page`] and [`card::card`].

pub mod assets;
pub mod auth;
pub mod brief;
pub mod card;
pub mod creator;
pub mod layout;
pub mod search;
mod shortlist_compare;
pub mod shortlists;

use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use maud::html;

use crate::api::AppState;
use crate::pipeline::{PipelineError, SearchService};
use layout::{page, Nav};

/// The pages' routes, merged into the API's router. Pages sit behind [`auth::require_key`]
/// (cookie auth when keys are on); `/login`, `/logout` and `/assets/` do not.
pub fn router(state: &AppState) -> Router<AppState> {
    let pages = Router::new()
        .route("/", get(search::page))
        .route("/creators/{id}", get(creator::page))
        .route("/brief", get(brief::brief_page))
        .route("/brief/results", get(brief::brief_results))
        .route(
            "/shortlists",
            get(shortlists::shortlists_page).post(shortlists::create),
        )
        .route("/shortlists/add", post(shortlists::add_from_card))
        .route("/shortlists/{id}", get(shortlists::shortlist_page))
        .route("/shortlists/{id}/note", post(shortlists::save_note))
        .route("/shortlists/{id}/remove", post(shortlists::remove))
        .route("/shortlists/{id}/feedback", post(shortlists::feedback))
        .route("/shortlists/{id}/delete", post(shortlists::delete))
        .route(
            "/shortlists/{id}/compare",
            get(shortlist_compare::compare_page),
        )
        .route("/shortlists/{id}/export.csv", get(shortlists::export_csv))
        .route_layer(middleware::from_fn_with_state(
            state.auth.clone(),
            auth::require_key,
        ));
    Router::new()
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/assets/{name}", get(assets::serve))
        .merge(pages)
}

/// Runs `work` on a blocking thread with the search service (the store and index are
/// blocking); a failed thread is an internal error.
pub async fn blocking<T, F>(state: &AppState, work: F) -> Result<T, PageError>
where
    T: Send + 'static,
    F: FnOnce(&SearchService) -> Result<T, PipelineError> + Send + 'static,
{
    let service = state.service.clone();
    tokio::task::spawn_blocking(move || work(&service))
        .await
        .map_err(|join| PageError::Internal(format!("page task failed: {join}")))?
        .map_err(PageError::from)
}

/// Why a page could not be shown; rendered as an HTML page with its status.
#[derive(Debug)]
pub enum PageError {
    /// A value the user gave is wrong (400); `field` names the form field.
    Invalid { field: String, message: String },
    /// What the URL names does not exist (404, `#not-found`).
    NotFound(String),
    /// The request clashes with what exists (409).
    Conflict(String),
    /// The key lacks the scope, or a cross-site form post (403).
    Forbidden(String),
    /// The key used up its rate limit (429).
    RateLimited(String),
    /// A fault on our side (500); the message is logged, not shown.
    Internal(String),
}

impl From<PipelineError> for PageError {
    fn from(error: PipelineError) -> Self {
        match error {
            PipelineError::Invalid { field, message } => PageError::Invalid { field, message },
            PipelineError::NotFound(message) => PageError::NotFound(message),
            PipelineError::Conflict(message) => PageError::Conflict(message),
            other => PageError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title, body) = match self {
            PageError::Invalid { field, message } => (
                StatusCode::BAD_REQUEST,
                "Bad request",
                html! { p #form-error role="alert" data-field=(field) { (field) ": " (message) } },
            ),
            PageError::NotFound(message) => (
                StatusCode::NOT_FOUND,
                "Not found",
                html! { p #not-found role="alert" { (message) } },
            ),
            PageError::Conflict(message) => (
                StatusCode::CONFLICT,
                "Conflict",
                html! { p .error role="alert" { (message) } },
            ),
            PageError::Forbidden(message) => (
                StatusCode::FORBIDDEN,
                "Forbidden",
                html! { p .error role="alert" { (message) } },
            ),
            PageError::RateLimited(message) => (
                StatusCode::TOO_MANY_REQUESTS,
                "Too many requests",
                html! { p .error role="alert" { (message) } },
            ),
            PageError::Internal(message) => {
                tracing::error!(%message, "page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Server error",
                    html! { p .error role="alert" { "Something went wrong on our side; the server log has the details." } },
                )
            }
        };
        let markup = page(
            title,
            Nav::None,
            html! {
                h1 { (title) }
                (body)
                p { a href="/" { "Back to search" } }
            },
        );
        (status, markup).into_response()
    }
}
