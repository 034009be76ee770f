//! The OpenAPI 3.1 document of the API, generated from the code with utoipa and served at
//! `GET /openapi.json`.
//!
//! Each handler carries a `#[utoipa::path(...)]` attribute with its parameters, body and
//! success/4xx responses, and each type it reads or writes derives `utoipa::ToSchema`. To
//! document a new route, annotate its handler and add it to `paths(...)` of [`ApiDoc`]; its
//! types are collected from the annotations. What the guards add to every `/v1` route — the
//! bearer scheme with the scope [`auth::required_scope`] gives the route, and the 401, 403,
//! 429, 503 (and 413 for routes with a body) answers of `auth.rs` and `limits.rs` — is added by
//! [`Guards`] from the same function the auth middleware uses, so the document cannot drift
//! from what the middleware enforces.

use std::sync::LazyLock;

use axum::http::{header, Method};
use axum::response::IntoResponse;
use serde_json::json;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{Ref, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ObjectBuilder, RefOr};
use utoipa::{Modify, OpenApi};

use crate::api::error::ErrorBody;
use crate::api::{
    auth, creators, feedback, health, jobs, json, recommendations, search, shortlists,
};

/// The name of the bearer security scheme in the document.
pub const SECURITY_SCHEME: &str = "api_key";

/// The API's OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Scout API",
        description = "Influencer discovery: search creators by text, niche, audience and \
metrics; creator detail with provenance, history and similar creators. Every `/v1` route needs \
an API key (`Authorization: Bearer <key>`, from `scout keys create`) with the scope named in \
the route's security requirement, unless the server runs with auth off (`scout demo` on \
loopback). Errors are `{\"error\":{\"code\",\"message\",\"field\"}}`."
    ),
    paths(
        health::healthz,
        health::readyz,
        health::prometheus,
        health::openapi_json,
        health::models,
        search::get_search,
        search::post_search,
        creators::get_creator,
        creators::get_history,
        creators::get_similar,
        recommendations::post_recommendations,
        shortlists::post_shortlist,
        shortlists::get_shortlists,
        shortlists::get_one,
        shortlists::delete_one,
        shortlists::post_entry,
        shortlists::patch_entry,
        shortlists::put_entry,
        shortlists::delete_entry,
        shortlists::export_csv,
        feedback::post_feedback,
        jobs::post_crawl,
        jobs::get_job,
        jobs::cancel_job,
        jobs::delete_creator,
    ),
    components(schemas(ErrorBody)),
    modifiers(&Guards),
    tags(
        (name = "operations", description = "Health, readiness, metrics and this document: no key needed"),
        (name = "search", description = "Ranked creator search"),
        (name = "creators", description = "One creator: detail, history, similar creators"),
        (name = "recommendations", description = "Creators ranked for a campaign brief"),
        (name = "shortlists", description = "Saved lists of creators with notes, CSV export"),
        (name = "feedback", description = "Relevance judgements that train the ranker"),
        (name = "jobs", description = "Crawl jobs and removal requests (admin)"),
        (name = "models", description = "The loaded model version"),
    )
)]
pub struct ApiDoc;

/// The document serialised once, on first use.
static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    ApiDoc::openapi()
        .to_json()
        .unwrap_or_else(|error| format!("{{\"error\":\"cannot serialise the document: {error}\"}}"))
});

/// The document as served by `GET /openapi.json`.
pub fn document() -> &'static str {
    &DOCUMENT
}

/// `GET /openapi.json`.
pub async fn serve() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], document())
}

/// Adds the bearer scheme, each `/v1` operation's scope and the guards' error answers.
struct Guards;

/// The guard answers shared by every `/v1` operation, as `components/responses` names.
const UNAUTHORIZED: &str = "Unauthorized";
const FORBIDDEN: &str = "Forbidden";
const RATE_LIMITED: &str = "RateLimited";
const UNAVAILABLE: &str = "Unavailable";
const PAYLOAD_TOO_LARGE: &str = "PayloadTooLarge";

impl Modify for Guards {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            SECURITY_SCHEME,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("scout_<id>_<secret>")
                    .description(Some(
                        "An API key from `scout keys create --scopes read,write,admin`. Scopes: \
                         `read` (search, creators, recommendations, models), `write` (shortlists, \
                         feedback), `admin` (crawl jobs, removal requests). Each operation's \
                         security requirement names the scope it needs.",
                    ))
                    .build(),
            ),
        );
        for (name, response) in guard_responses() {
            components
                .responses
                .insert(name.to_string(), response.into());
        }
        for (path, item) in doc.paths.paths.iter_mut() {
            for (method, operation) in operations_mut(item) {
                let Some(scope) = auth::required_scope(&method, path) else {
                    continue;
                };
                operation.security = Some(vec![SecurityRequirement::new(
                    SECURITY_SCHEME,
                    [scope.as_str()],
                )]);
                let mut guards = vec![
                    ("401", UNAUTHORIZED),
                    ("403", FORBIDDEN),
                    ("429", RATE_LIMITED),
                    ("503", UNAVAILABLE),
                ];
                if operation.request_body.is_some() {
                    guards.push(("413", PAYLOAD_TOO_LARGE));
                }
                for (status, name) in guards {
                    operation
                        .responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
                }
            }
        }
    }
}

/// Every operation of a path item with its method.
fn operations_mut(item: &mut PathItem) -> Vec<(Method, &mut Operation)> {
    [
        (Method::GET, item.get.as_mut()),
        (Method::PUT, item.put.as_mut()),
        (Method::POST, item.post.as_mut()),
        (Method::DELETE, item.delete.as_mut()),
        (Method::PATCH, item.patch.as_mut()),
        (Method::HEAD, item.head.as_mut()),
        (Method::OPTIONS, item.options.as_mut()),
        (Method::TRACE, item.trace.as_mut()),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.map(|operation| (method, operation)))
    .collect()
}

/// The answers of the auth and limit middleware, each an [`ErrorBody`] with an example.
fn guard_responses() -> Vec<(&'static str, Response)> {
    let error = |description: &str, code: &str, message: &str| {
        ResponseBuilder::new().description(description).content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .example(Some(
                    json!({"error": {"code": code, "message": message, "field": null}}),
                ))
                .build(),
        )
    };
    let string_header = |description: &str| {
        HeaderBuilder::new()
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .description(Some(description))
            .build()
    };
    let seconds_header = |description: &str| {
        HeaderBuilder::new()
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1)),
            ))
            .description(Some(description))
            .build()
    };
    let responses: Vec<(&'static str, ResponseBuilder)> = vec![
        (
            UNAUTHORIZED,
            error(
                "No API key, a malformed `Authorization` header (`unauthorized`), or an unknown or revoked key (`invalid_api_key`)",
                "unauthorized",
                "this route needs an API key: send `Authorization: Bearer <key>` (create one with `scout keys create`)",
            )
            .header(header::WWW_AUTHENTICATE.as_str(), string_header("`Bearer realm=\"scout\"`, with `error=\"invalid_token\"` for a bad key")),
        ),
        (
            FORBIDDEN,
            error(
                "The key lacks the scope this route needs (`insufficient_scope`)",
                "insufficient_scope",
                "this route needs an API key with the \"write\" scope",
            )
            .header(header::WWW_AUTHENTICATE.as_str(), string_header("`Bearer realm=\"scout\", error=\"insufficient_scope\", scope=\"<scope>\"`")),
        ),
        (
            RATE_LIMITED,
            error(
                "The key used up its rate limit (`rate_limited`)",
                "rate_limited",
                "this API key's rate limit is used up: retry after 1 s",
            )
            .header(header::RETRY_AFTER.as_str(), seconds_header("Whole seconds until the key may call again")),
        ),
        (
            UNAVAILABLE,
            error(
                "The server is at its limit of requests in flight (`overloaded`, with `Retry-After`) or the request ran past its time limit (`timeout`)",
                "overloaded",
                "the server is at its limit of requests in flight: retry shortly",
            )
            .header(header::RETRY_AFTER.as_str(), seconds_header("Sent with `overloaded`: seconds to wait")),
        ),
        (
            PAYLOAD_TOO_LARGE,
            error(
                &format!("The body exceeds {} bytes (`payload_too_large`)", json::MAX_BODY_BYTES),
                "payload_too_large",
                &format!("the request body exceeds {} bytes", json::MAX_BODY_BYTES),
            ),
        ),
    ];
    responses
        .into_iter()
        .map(|(name, response)| (name, response.build()))
        .collect()
}
