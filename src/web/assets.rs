//! The pages' static files, embedded in the binary: vendored htmx (its license beside it in
//! `assets/`), `scout.css` and `scout.js`. Names carry a version, so they are cached for a year.

use axum::extract::rejection::PathRejection;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// The vendored htmx release.
pub const HTMX_VERSION: &str = "2.0.11";
/// Where the pages load htmx from.
pub const HTMX_PATH: &str = "/assets/htmx-2.0.11.min.js";
/// Where the pages load the style sheet from (the package version busts caches).
pub const CSS_PATH: &str = concat!("/assets/scout-", env!("CARGO_PKG_VERSION"), ".css");
/// Where the pages load their own script from.
pub const JS_PATH: &str = concat!("/assets/scout-", env!("CARGO_PKG_VERSION"), ".js");

const HTMX: &[u8] = include_bytes!("assets/htmx-2.0.11.min.js");
const CSS: &[u8] = include_bytes!("assets/scout.css");
const JS: &[u8] = include_bytes!("assets/scout.js");

/// One year: every asset name changes with its content's version.
const CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// The embedded file `name` (as it appears under `/assets/`) and its content type.
fn asset(name: &str) -> Option<(&'static [u8], &'static str)> {
    let path = format!("/assets/{name}");
    if path == HTMX_PATH {
        Some((HTMX, "text/javascript; charset=utf-8"))
    } else if path == CSS_PATH {
        Some((CSS, "text/css; charset=utf-8"))
    } else if path == JS_PATH {
        Some((JS, "text/javascript; charset=utf-8"))
    } else {
        None
    }
}

/// `GET /assets/{name}`: an embedded file with a long `Cache-Control`, or 404.
pub async fn serve(path: Result<Path<String>, PathRejection>) -> Response {
    // A name that does not decode (bad percent-encoding) is no asset either.
    match path.ok().and_then(|Path(name)| asset(&name)) {
        Some((body, content_type)) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, CACHE_CONTROL),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            body,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_linked_asset_is_embedded() {
        for path in [HTMX_PATH, CSS_PATH, JS_PATH] {
            let name = path.strip_prefix("/assets/").unwrap();
            assert!(
                asset(name).is_some_and(|(body, _)| !body.is_empty()),
                "{path}"
            );
        }
        assert!(HTMX_PATH.contains(HTMX_VERSION));
        assert!(asset("scout.css").is_none());
        assert!(asset("../Cargo.toml").is_none());
    }
}
