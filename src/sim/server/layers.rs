//! The middleware every host runs, outermost first: `track` (request count and requests in
//! flight per host, held until the body is sent), `faults_and_log` (injects the configured
//! faults and records the request with its arrival time, flagging robots.txt violations) and
//! `validators`
//! (`ETag`, `Last-Modified`, `304 Not Modified`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use futures::StreamExt;

use crate::sim::server::faults::{self, FaultConfig, FaultKind};
use crate::sim::server::state::{lock, RequestLog};
use crate::sim::server::validators::{self, LastModified};
use crate::sim::server::{robots, LoggedRequest};
use crate::sim::world::HostKind;

/// Size of the chunks a huge body is streamed in.
const HUGE_CHUNK: usize = 64 * 1024;

/// How long a truncated body waits after its first half, so that half reaches the client.
const TRUNCATION_PAUSE: Duration = Duration::from_millis(30);

/// Request counters shared by every host of a server.
pub(super) struct Metrics {
    requests: AtomicU64,
    in_flight: Vec<AtomicUsize>,
    peaks: Vec<AtomicUsize>,
}

impl Metrics {
    pub(super) fn new(hosts: usize) -> Metrics {
        Metrics {
            requests: AtomicU64::new(0),
            in_flight: (0..hosts).map(|_| AtomicUsize::new(0)).collect(),
            peaks: (0..hosts).map(|_| AtomicUsize::new(0)).collect(),
        }
    }

    pub(super) fn requests(&self) -> u64 {
        self.requests.load(Ordering::SeqCst)
    }

    /// The most requests each host had in flight at once.
    pub(super) fn peaks(&self) -> Vec<usize> {
        self.peaks
            .iter()
            .map(|peak| peak.load(Ordering::SeqCst))
            .collect()
    }
}

/// One request in flight on a host; leaving drops the count.
struct InFlight {
    metrics: Arc<Metrics>,
    host: usize,
}

impl InFlight {
    fn enter(metrics: Arc<Metrics>, host: usize) -> InFlight {
        if let (Some(now), Some(peak)) = (metrics.in_flight.get(host), metrics.peaks.get(host)) {
            let current = now.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(current, Ordering::SeqCst);
        }
        InFlight { metrics, host }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some(now) = self.metrics.in_flight.get(self.host) {
            now.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// What `track` needs.
#[derive(Clone)]
pub(super) struct TrackContext {
    pub(super) metrics: Arc<Metrics>,
    pub(super) host: usize,
}

/// Counts the request and keeps it "in flight" until its body has been sent or dropped. The
/// body is re-wrapped as a stream; a body of known size keeps its `Content-Length`.
pub(super) async fn track(
    State(context): State<TrackContext>,
    request: Request,
    next: Next,
) -> Response {
    context.metrics.requests.fetch_add(1, Ordering::SeqCst);
    let guard = InFlight::enter(Arc::clone(&context.metrics), context.host);
    let response = next.run(request).await;
    let (mut parts, body) = response.into_parts();
    let bodiless = parts.status == StatusCode::NOT_MODIFIED
        || parts.status == StatusCode::NO_CONTENT
        || parts.status.is_informational();
    if !bodiless && !parts.headers.contains_key(header::CONTENT_LENGTH) {
        if let Some(size) = body.size_hint().exact() {
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(size));
        }
    }
    let stream = body.into_data_stream().map(move |chunk| {
        let _in_flight = &guard;
        chunk
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

/// What `faults_and_log` needs.
#[derive(Clone)]
pub(super) struct FaultContext {
    pub(super) base_url: String,
    pub(super) domain: &'static str,
    pub(super) kind: HostKind,
    pub(super) log: Arc<RequestLog>,
    pub(super) faults: Arc<FaultConfig>,
    /// Requests so far per path and query on this host (kept only while faults are on).
    pub(super) attempts: Arc<Mutex<HashMap<String, u32>>>,
    /// When the server started: the zero of [`LoggedRequest::at`].
    pub(super) started: tokio::time::Instant,
}

impl FaultContext {
    fn next_attempt(&self, path_and_query: &str) -> u32 {
        let mut attempts = lock(&self.attempts);
        let count = attempts.entry(path_and_query.to_string()).or_insert(0);
        let attempt = *count;
        *count = count.saturating_add(1);
        attempt
    }
}

/// Injects the fault this attempt meets (if any), then records the request.
pub(super) async fn faults_and_log(
    State(context): State<FaultContext>,
    request: Request,
    next: Next,
) -> Response {
    let at = context.started.elapsed();
    let method = request.method().to_string();
    let path_and_query = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_string(),
        |value| value.as_str().to_string(),
    );
    let (response, fault) = if context.faults.is_active() && path_and_query != "/robots.txt" {
        inject(&context, &path_and_query, request, next).await
    } else {
        (next.run(request).await, None)
    };
    let violation = robots::is_disallowed(context.kind, &path_and_query);
    context.log.record(
        LoggedRequest {
            host_base_url: context.base_url.clone(),
            method,
            path_and_query,
            status: response.status().as_u16(),
            fault: fault.map(FaultKind::as_str),
            at,
        },
        violation,
    );
    response
}

async fn inject(
    context: &FaultContext,
    path_and_query: &str,
    request: Request,
    next: Next,
) -> (Response, Option<FaultKind>) {
    if let Some(origin) = faults::loop_origin(path_and_query) {
        let location = format!("{}{origin}", context.base_url);
        return (faults::redirect(&location), Some(FaultKind::RedirectLoop));
    }
    let attempt = context.next_attempt(path_and_query);
    let config = &context.faults;
    let Some(fault) = config.decide(context.domain, path_and_query, attempt) else {
        return (next.run(request).await, None);
    };
    match fault {
        FaultKind::RedirectLoop => {
            let location = format!("{}{}", context.base_url, faults::loop_twin(path_and_query));
            (faults::redirect(&location), Some(fault))
        }
        FaultKind::RateLimit => (
            faults::rate_limited(context.kind, config.retry_after_secs),
            Some(fault),
        ),
        FaultKind::ErrorBurst => (faults::server_error(attempt), Some(fault)),
        FaultKind::Slow => {
            tokio::time::sleep(Duration::from_millis(config.slow_ms)).await;
            (next.run(request).await, Some(fault))
        }
        FaultKind::Truncated | FaultKind::Malformed | FaultKind::HugeBody => {
            let response = next.run(request).await;
            if response.status() != StatusCode::OK {
                return (response, None);
            }
            let (mut parts, body) = response.into_parts();
            let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
                return (StatusCode::INTERNAL_SERVER_ERROR.into_response(), None);
            };
            let body = match fault {
                FaultKind::Truncated => {
                    parts
                        .headers
                        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
                    truncated_stream(faults::truncated_part(&bytes))
                }
                FaultKind::Malformed => {
                    let garbled = faults::malformed_body(&bytes);
                    set_etag(&mut parts.headers, &garbled);
                    Body::from(garbled)
                }
                _ => huge_stream(bytes, config.huge_body_bytes),
            };
            (Response::from_parts(parts, body), Some(fault))
        }
    }
}

fn set_etag(headers: &mut HeaderMap, body: &[u8]) {
    if let Ok(value) = HeaderValue::from_str(&validators::strong_etag(body)) {
        headers.insert(header::ETAG, value);
    }
}

/// A body that sends `part`, waits for it to be flushed, and then fails, so the connection
/// closes before the announced length arrives.
fn truncated_stream(part: Bytes) -> Body {
    let cut = futures::stream::once(async {
        tokio::time::sleep(TRUNCATION_PAUSE).await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "simulated truncation",
        ))
    });
    Body::from_stream(futures::stream::iter([Ok(part)]).chain(cut))
}

/// The real body followed by whitespace up to `total` bytes, in chunks.
fn huge_stream(start: Bytes, total: usize) -> Body {
    let padding = total.saturating_sub(start.len());
    let chunk = Bytes::from(vec![b' '; HUGE_CHUNK]);
    let full_chunks = padding / HUGE_CHUNK;
    let rest = padding % HUGE_CHUNK;
    let stream = futures::stream::iter(
        std::iter::once(start)
            .chain(std::iter::repeat_n(chunk.clone(), full_chunks))
            .chain((rest > 0).then(|| chunk.slice(..rest)))
            .map(Ok::<Bytes, std::io::Error>),
    );
    Body::from_stream(stream)
}

/// What `validators` needs.
#[derive(Clone, Copy)]
pub(super) struct ValidatorContext {
    /// `Last-Modified` of answers that carry no [`LastModified`] of their own.
    pub(super) default_last_modified: DateTime<Utc>,
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
}

/// Adds `ETag` and `Last-Modified` to every 200 answer to GET or HEAD and answers
/// `304 Not Modified` when the request's conditions say the client is up to date.
pub(super) async fn validators(
    State(context): State<ValidatorContext>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return next.run(request).await;
    }
    let if_none_match = header_text(request.headers(), header::IF_NONE_MATCH);
    let if_modified_since = header_text(request.headers(), header::IF_MODIFIED_SINCE);
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let etag = validators::strong_etag(&bytes);
    let last_modified = parts
        .extensions
        .get::<LastModified>()
        .map_or(context.default_last_modified, |modified| modified.0);
    let date = validators::http_date(last_modified);
    let mut validator_headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        validator_headers.insert(header::ETAG, value);
    }
    if let Ok(value) = HeaderValue::from_str(&date) {
        validator_headers.insert(header::LAST_MODIFIED, value);
    }
    if validators::not_modified(
        if_none_match.as_deref(),
        if_modified_since.as_deref(),
        &etag,
        last_modified,
    ) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        response.headers_mut().extend(validator_headers);
        return response;
    }
    parts.headers.extend(validator_headers);
    Response::from_parts(parts, Body::from(bytes))
}
