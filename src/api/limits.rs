//! Limits that keep one client or one burst from taking the server down: per-key rate limits
//! (token buckets), a global cap on `/v1` requests in flight (excess is shed with 503, not
//! queued), a time limit per `/v1` request, and CORS for browser clients.
//!
//! The cap is one [`Semaphore`] shared by every route and taken with `try_acquire`, so it is
//! global and sheds at once. (A `tower` `ConcurrencyLimitLayer` added with `Router::layer`
//! would build one limit per route, and axum's routes are always ready, so it would queue
//! rather than push back.) Health, readiness and metrics are not limited: probes must keep
//! answering while the API is saturated.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::api::ApiError;

/// `/v1` requests in flight before new ones are shed (well above the load tests' 64).
pub const DEFAULT_MAX_IN_FLIGHT: usize = 512;

/// How long a `/v1` request may take, reading its body included.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// How many requests a client may make, as a sustained rate; bursts up to one second's worth
/// (at least one request) are allowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    per_second: f64,
}

impl RateLimit {
    /// The limit `per_second` requests a second; fails unless it is a positive finite number.
    pub fn per_second(per_second: f64) -> Result<RateLimit, String> {
        if !(per_second.is_finite() && per_second > 0.0) {
            return Err(format!("{per_second} is not a positive rate"));
        }
        Ok(RateLimit { per_second })
    }

    /// Requests per second.
    pub fn as_per_second(&self) -> f64 {
        self.per_second
    }

    /// Tokens the bucket holds when full: one second's worth, and never less than one.
    fn burst(&self) -> f64 {
        self.per_second.max(1.0)
    }
}

impl FromStr for RateLimit {
    type Err = String;

    /// Parses `N/s`, `N/min` or `N/h` (e.g. `20/s`, `600/min`); `N` may have decimals.
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let (count, unit) = raw
            .trim()
            .split_once('/')
            .ok_or_else(|| format!("{raw:?} is not a rate: write it as N/s, N/min or N/h"))?;
        let count: f64 = count
            .trim()
            .parse()
            .map_err(|_| format!("{raw:?}: {count:?} is not a number"))?;
        let seconds = match unit.trim() {
            "s" | "sec" | "second" => 1.0,
            "m" | "min" | "minute" => 60.0,
            "h" | "hour" => 3600.0,
            other => return Err(format!("{raw:?}: unknown unit {other:?}: use s, min or h")),
        };
        RateLimit::per_second(count / seconds).map_err(|error| format!("{raw:?}: {error}"))
    }
}

impl fmt::Display for RateLimit {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}/s", self.per_second)
    }
}

/// One client's token bucket.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    refilled_at: Instant,
}

/// Token buckets by key id, each sized by the key's [`RateLimit`]. Buckets exist only for
/// keys that made a request, so memory is bounded by the number of keys.
#[derive(Debug, Default, Clone)]
pub struct RateLimiter {
    buckets: Arc<Mutex<HashMap<String, Bucket>>>,
}

impl RateLimiter {
    /// Takes one token from `client`'s bucket at `now`; when it is empty, returns how long
    /// until the next token.
    pub fn check(&self, client: &str, limit: RateLimit, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let bucket = buckets.entry(client.to_string()).or_insert(Bucket {
            tokens: limit.burst(),
            refilled_at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.refilled_at);
        bucket.tokens =
            (bucket.tokens + elapsed.as_secs_f64() * limit.per_second).min(limit.burst());
        bucket.refilled_at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        Err(Duration::from_secs_f64(
            (1.0 - bucket.tokens) / limit.per_second,
        ))
    }
}

/// The global cap on `/v1` requests in flight and the time each may take.
#[derive(Debug, Clone)]
pub struct RequestLimits {
    in_flight: Arc<Semaphore>,
    timeout: Duration,
}

impl RequestLimits {
    pub fn new(max_in_flight: usize, timeout: Duration) -> Self {
        RequestLimits {
            in_flight: Arc::new(Semaphore::new(max_in_flight.max(1))),
            timeout,
        }
    }
}

/// Middleware (a route layer): sheds a `/v1` request with 503 when the cap is reached and
/// answers 503 when one runs past the time limit (the handler is dropped, and its slot freed).
pub async fn shed_and_time(
    State(limits): State<RequestLimits>,
    request: Request,
    next: Next,
) -> Response {
    let limited = request
        .extensions()
        .get::<MatchedPath>()
        .is_some_and(|path| is_v1(path.as_str()));
    if !limited {
        return next.run(request).await;
    }
    let Ok(_permit) = limits.in_flight.clone().try_acquire_owned() else {
        return ApiError::Overloaded.into_response();
    };
    match tokio::time::timeout(limits.timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout {
            limit: limits.timeout,
        }
        .into_response(),
    }
}

/// Whether a route template is part of the versioned API (`/v1` and below).
pub fn is_v1(route: &str) -> bool {
    route == "/v1" || route.starts_with("/v1/")
}

/// An allowed browser origin: `*` or `scheme://host[:port]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsOrigin(String);

impl FromStr for CorsOrigin {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let raw = raw.trim();
        if raw == "*" {
            return Ok(CorsOrigin(raw.to_string()));
        }
        let url = url::Url::parse(raw).map_err(|error| format!("{raw:?}: {error}"))?;
        let origin = url.origin();
        if !origin.is_tuple() || !matches!(url.scheme(), "http" | "https") {
            return Err(format!("{raw:?} is not an http(s) origin"));
        }
        let serialized = origin.ascii_serialization();
        if raw.trim_end_matches('/') != serialized {
            return Err(format!(
                "{raw:?} is not an origin (scheme://host[:port] with no path): did you mean {serialized:?}?"
            ));
        }
        Ok(CorsOrigin(serialized))
    }
}

/// The CORS layer for `origins`, or `None` (same-origin only) when there are none.
pub fn cors_layer(origins: &[CorsOrigin]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow_origin = if origins.iter().any(|origin| origin.0 == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|origin| HeaderValue::from_str(&origin.0).ok()),
        )
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow_origin)
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                HeaderName::from_static("x-request-id"),
            ])
            .expose_headers([
                header::RETRY_AFTER,
                header::WWW_AUTHENTICATE,
                HeaderName::from_static("x-request-id"),
            ])
            .max_age(Duration::from_secs(600)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_in_several_units_and_reject_nonsense() {
        assert_eq!("20/s".parse::<RateLimit>().unwrap().as_per_second(), 20.0);
        assert_eq!(
            "600/min".parse::<RateLimit>().unwrap().as_per_second(),
            10.0
        );
        assert_eq!("0.5 / s".parse::<RateLimit>().unwrap().as_per_second(), 0.5);
        for bad in ["20", "0/s", "-1/s", "ten/s", "5/day", "inf/s", "NaN/s"] {
            assert!(bad.parse::<RateLimit>().is_err(), "{bad} parsed");
        }
    }

    #[test]
    fn a_bucket_allows_a_burst_then_refills_at_the_rate() {
        let limiter = RateLimiter::default();
        let limit = RateLimit::per_second(2.0).unwrap();
        let start = Instant::now();
        assert!(limiter.check("a", limit, start).is_ok());
        assert!(limiter.check("a", limit, start).is_ok());
        let wait = limiter.check("a", limit, start).unwrap_err();
        assert!((wait.as_secs_f64() - 0.5).abs() < 1e-9, "{wait:?}");
        // Another client has its own bucket.
        assert!(limiter.check("b", limit, start).is_ok());
        // After half a second one token is back, and only one.
        let later = start + Duration::from_millis(500);
        assert!(limiter.check("a", limit, later).is_ok());
        assert!(limiter.check("a", limit, later).is_err());
        // A long pause refills no more than the burst.
        let much_later = start + Duration::from_secs(60);
        assert!(limiter.check("a", limit, much_later).is_ok());
        assert!(limiter.check("a", limit, much_later).is_ok());
        assert!(limiter.check("a", limit, much_later).is_err());
    }

    #[test]
    fn slow_rates_still_allow_one_request() {
        let limiter = RateLimiter::default();
        let limit: RateLimit = "6/min".parse().unwrap();
        let start = Instant::now();
        assert!(limiter.check("a", limit, start).is_ok());
        let wait = limiter.check("a", limit, start).unwrap_err();
        assert!((wait.as_secs_f64() - 10.0).abs() < 1e-9, "{wait:?}");
    }

    #[test]
    fn origins_must_be_bare_origins() {
        assert_eq!(
            "https://app.example.com".parse::<CorsOrigin>().unwrap(),
            CorsOrigin("https://app.example.com".to_string())
        );
        assert!("http://localhost:3000/".parse::<CorsOrigin>().is_ok());
        assert!("*".parse::<CorsOrigin>().is_ok());
        for bad in [
            "app.example.com",
            "https://app.example.com/path",
            "ftp://x.example",
        ] {
            assert!(bad.parse::<CorsOrigin>().is_err(), "{bad} parsed");
        }
        assert!(cors_layer(&[]).is_none());
    }
}
