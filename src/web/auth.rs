//! Cookie auth for the pages. With keys on, a page needs the `scout_key` cookie holding a key
//! with the page's scope ([`page_scope`]); without one it redirects to `/login?next=<path>`.
//! `POST /login` checks the key and sets the cookie (HttpOnly, SameSite=Strict); the key
//! travels only in the form body and the cookie, never in a URL, and the trace layer logs no
//! headers. Every page `POST` must come from this origin (`Sec-Fetch-Site` or `Origin`), else
//! 403, whether auth is on or off.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};

use crate::api::auth::{ApiKey, Auth, Scope};
use crate::api::AppState;
use crate::web::layout::{page, Nav};
use crate::web::PageError;

/// The cookie holding the key.
pub const COOKIE: &str = "scout_key";

/// Longest `next` path kept after login.
const MAX_NEXT_CHARS: usize = 2_000;

tokio::task_local! {
    /// Whether the page being rendered was asked for with a valid key cookie.
    static SIGNED_IN: bool;
}

/// Whether the current page request carries a valid key (the layout then offers "Log out").
pub fn signed_in() -> bool {
    SIGNED_IN.try_with(|signed_in| *signed_in).unwrap_or(false)
}

/// The scope a page request needs: `POST`s under `/shortlists` and `/feedback` change data
/// (write); everything else reads.
pub fn page_scope(method: &Method, path: &str) -> Scope {
    let under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    let reads = method == Method::GET || method == Method::HEAD;
    if !reads && (under("/shortlists") || under("/feedback")) {
        Scope::Write
    } else {
        Scope::Read
    }
}

/// Middleware (a route layer on the pages): same-origin check for `POST`s, then, with auth
/// on, the key cookie and its scope. The valid key is added to the request's extensions.
pub async fn require_key(State(auth): State<Auth>, mut request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let reads = method == Method::GET || method == Method::HEAD;
    if !reads && !same_origin(request.headers()) {
        return cross_site().into_response();
    }
    if !auth.is_on() {
        return next.run(request).await;
    }
    let key = match cookie_key(request.headers()) {
        Some(presented) => match auth.authenticate(presented) {
            Ok(key) => key,
            Err(error) => {
                return PageError::Internal(format!("cannot read API keys: {error}"))
                    .into_response()
            }
        },
        None => None,
    };
    let Some(key) = key else {
        let next_path = request
            .uri()
            .path_and_query()
            .map_or("/", |path| path.as_str())
            .to_string();
        let location = format!("/login?next={}", encode_component(&next_path));
        return Redirect::to(&location).into_response();
    };
    tracing::Span::current().record("key_id", key.id.as_str());
    let scope = page_scope(&method, request.uri().path());
    if !key.scopes.contains(&scope) {
        return PageError::Forbidden(format!(
            "this key lacks the {scope} scope this page needs: log in with another key"
        ))
        .into_response();
    }
    if let Err(retry_after) = auth.spend_rate_limit(&key) {
        let mut response = PageError::RateLimited(format!(
            "this key used up its rate limit: try again in {} s",
            retry_after.as_secs().max(1)
        ))
        .into_response();
        if let Ok(value) = HeaderValue::from_str(&retry_after.as_secs().max(1).to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return response;
    }
    request.extensions_mut().insert::<Arc<ApiKey>>(key);
    SIGNED_IN.scope(true, next.run(request)).await
}

/// `GET /login?next=/path`: the key prompt (straight to `next` when auth is off).
pub async fn login_form(
    State(state): State<AppState>,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Response {
    let next_path = url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .find(|(name, _)| name == "next")
        .map(|(_, value)| safe_next(&value))
        .unwrap_or_else(|| "/".to_string());
    if !state.auth.is_on() {
        return Redirect::to(&next_path).into_response();
    }
    login_page(StatusCode::OK, &next_path, None).into_response()
}

/// `POST /login` (form fields `key`, `next`): sets the key cookie and redirects to `next`, or
/// answers 401 with the prompt and `#login-error`.
pub async fn login(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    if !same_origin(&headers) {
        return cross_site().into_response();
    }
    let mut presented = String::new();
    let mut next_path = "/".to_string();
    for (name, value) in url::form_urlencoded::parse(&body) {
        match name.as_ref() {
            "key" => presented = value.trim().to_string(),
            "next" => next_path = safe_next(&value),
            _ => {}
        }
    }
    if !state.auth.is_on() {
        return Redirect::to(&next_path).into_response();
    }
    let key = match state.auth.authenticate(&presented) {
        Ok(key) => key,
        Err(error) => {
            return PageError::Internal(format!("cannot read API keys: {error}")).into_response()
        }
    };
    let Some(key) = key else {
        return login_page(
            StatusCode::UNAUTHORIZED,
            &next_path,
            Some("That key is not valid: it is unknown or revoked."),
        )
        .into_response();
    };
    if !key.scopes.contains(&Scope::Read) {
        return login_page(
            StatusCode::FORBIDDEN,
            &next_path,
            Some("That key lacks the read scope the pages need."),
        )
        .into_response();
    }
    tracing::info!(key_id = %key.id, "signed in to the web pages");
    // A valid key is `scout_<hex>_<hex>`, safe as a cookie value.
    let cookie = format!("{COOKIE}={presented}; HttpOnly; SameSite=Strict; Path=/");
    let mut response = Redirect::to(&next_path).into_response();
    match HeaderValue::from_str(&cookie) {
        Ok(value) => {
            response.headers_mut().insert(header::SET_COOKIE, value);
            response
        }
        Err(_) => PageError::Internal("the key cannot be a cookie".to_string()).into_response(),
    }
}

/// `POST /logout`: clears the key cookie and goes back to the start.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if !same_origin(&headers) {
        return cross_site().into_response();
    }
    let target = if state.auth.is_on() { "/login" } else { "/" };
    let mut response = Redirect::to(target).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("scout_key=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
    );
    response
}

fn login_page(status: StatusCode, next_path: &str, error: Option<&str>) -> (StatusCode, Markup) {
    let body = html! {
        section.login {
            h1 { "Log in" }
            p { "Paste an API key with the read scope (create one with " code { "scout keys create --scopes read,write" } "). It is kept in a cookie for this site only." }
            @if let Some(error) = error {
                p #login-error role="alert" { (error) }
            }
            form #key-form method="post" action="/login" {
                input type="hidden" name="next" value=(next_path);
                label for="key" { "API key" }
                input #key type="password" name="key" required autocomplete="current-password" autofocus;
                button #key-submit type="submit" { "Log in" }
            }
        }
    };
    (status, page("Log in", Nav::None, body))
}

fn cross_site() -> PageError {
    PageError::Forbidden(
        "this form must be sent from Scout's own pages (cross-site requests are refused)"
            .to_string(),
    )
}

/// Whether a state-changing request comes from this origin: `Sec-Fetch-Site: same-origin`,
/// or (older browsers) an `Origin` whose host is the request's `Host`.
fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return site.as_bytes() == b"same-origin";
    }
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok());
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    match (origin, host) {
        (Some(origin), Some(host)) => origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .is_some_and(|origin_host| origin_host.eq_ignore_ascii_case(host)),
        _ => false,
    }
}

/// The `scout_key` cookie's value, if sent.
fn cookie_key(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == COOKIE && !value.is_empty())
        .map(|(_, value)| value)
}

/// `next` if it is a path on this site, else `/` (no `//host` or `/\host` redirects away).
fn safe_next(raw: &str) -> String {
    let local = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.starts_with("/\\")
        && raw.chars().count() <= MAX_NEXT_CHARS
        && !raw.chars().any(char::is_control);
    if local {
        raw.to_string()
    } else {
        "/".to_string()
    }
}

/// Percent-encodes a query parameter value.
pub fn encode_component(raw: &str) -> String {
    url::form_urlencoded::byte_serialize(raw.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next("/creators/x?y=1"), "/creators/x?y=1");
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "",
            "x",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad}");
        }
        assert_eq!(safe_next("/a\nb"), "/");
    }

    #[test]
    fn the_key_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        assert_eq!(cookie_key(&headers), None);
        headers.insert(
            header::COOKIE,
            "theme=dark; scout_key=scout_ab_cd; x=1".parse().unwrap(),
        );
        assert_eq!(cookie_key(&headers), Some("scout_ab_cd"));
        headers.insert(header::COOKIE, "scout_key=".parse().unwrap());
        assert_eq!(cookie_key(&headers), None);
    }

    #[test]
    fn posts_must_come_from_this_origin() {
        let mut headers = HeaderMap::new();
        assert!(!same_origin(&headers));
        headers.insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        headers.insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
        assert!(same_origin(&headers));
        headers.insert(header::ORIGIN, "http://evil.example".parse().unwrap());
        assert!(!same_origin(&headers));
        headers.insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert!(!same_origin(&headers));
        headers.insert("sec-fetch-site", "same-origin".parse().unwrap());
        assert!(same_origin(&headers));
    }

    #[test]
    fn only_data_changing_posts_need_write() {
        assert_eq!(page_scope(&Method::GET, "/shortlists/3"), Scope::Read);
        assert_eq!(
            page_scope(&Method::POST, "/shortlists/3/creators"),
            Scope::Write
        );
        assert_eq!(page_scope(&Method::POST, "/feedback"), Scope::Write);
        assert_eq!(page_scope(&Method::POST, "/brief"), Scope::Read);
        assert_eq!(page_scope(&Method::POST, "/shortlistsx"), Scope::Read);
    }
}
