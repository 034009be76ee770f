//! Fault injection for crawler tests (DESIGN §5): slow answers, 429 with `Retry-After`, 5xx
//! bursts, truncated, malformed and huge bodies, and redirect loops — off unless configured.
//!
//! Every decision is a pure function of `(fault seed, host domain, path and query, attempt)`,
//! where `attempt` counts earlier requests for the same URL on the same host, so a crawl that
//! sends the same requests meets the same faults, on any port and any machine. robots.txt is
//! never faulted: a crawler's etiquette should not depend on luck.
//!
//! Every fault but a redirect loop is transient: attempts of a URL from
//! [`FaultConfig::clean_after`] on are answered cleanly, so a client that asks that many times
//! and once more gets every good answer. Redirect loops are permanent and may be confined to
//! some paths ([`FaultConfig::redirect_loop_paths`]) so that what they cost is known.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::sim::platform_ids::mix;
use crate::sim::world::HostKind;

/// Query parameter the second hop of a redirect loop carries.
pub(super) const LOOP_MARKER: &str = "sim_loop=1";

/// The kinds of fault the simulated web can inject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// The answer comes after [`FaultConfig::slow_ms`].
    Slow,
    /// `429 Too Many Requests` with `Retry-After: seconds`.
    RateLimit,
    /// A 5xx answer; the URL's first [`FaultConfig::error_burst_len`] attempts fail.
    ErrorBurst,
    /// Headers announce the full body, the connection closes halfway through it.
    Truncated,
    /// The body is cut and garbled, with a matching `Content-Length`.
    Malformed,
    /// The URL redirects to a twin that redirects back, forever.
    RedirectLoop,
    /// A body of [`FaultConfig::huge_body_bytes`], streamed without `Content-Length`.
    HugeBody,
}

impl FaultKind {
    /// Every kind, in the order [`FaultConfig::decide`] considers them per attempt.
    pub const ALL: [FaultKind; 7] = [
        FaultKind::Slow,
        FaultKind::RateLimit,
        FaultKind::ErrorBurst,
        FaultKind::Truncated,
        FaultKind::Malformed,
        FaultKind::RedirectLoop,
        FaultKind::HugeBody,
    ];

    /// The name recorded in [`crate::sim::LoggedRequest::fault`].
    pub fn as_str(self) -> &'static str {
        match self {
            FaultKind::Slow => "slow",
            FaultKind::RateLimit => "rate_limit",
            FaultKind::ErrorBurst => "error_burst",
            FaultKind::Truncated => "truncated",
            FaultKind::Malformed => "malformed",
            FaultKind::RedirectLoop => "redirect_loop",
            FaultKind::HugeBody => "huge_body",
        }
    }
}

/// Which faults to inject and how often; every share is a probability per URL (redirect
/// loops, error bursts) or per attempt (the rest). [`FaultConfig::default`] injects nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultConfig {
    /// Seed of the fault decisions (independent of the world's seed).
    pub seed: u64,
    /// Share of attempts answered after [`FaultConfig::slow_ms`].
    pub slow_share: f64,
    /// Delay of a slow answer, in milliseconds.
    pub slow_ms: u64,
    /// Share of attempts answered `429` with `Retry-After`.
    pub rate_limit_share: f64,
    /// The `Retry-After` of a 429, in seconds.
    pub retry_after_secs: u64,
    /// Share of URLs whose first [`FaultConfig::error_burst_len`] attempts get a 5xx.
    pub error_burst_share: f64,
    /// Length of an error burst, in attempts.
    pub error_burst_len: u32,
    /// Share of attempts whose body is cut halfway (headers announce all of it).
    pub truncated_share: f64,
    /// Share of attempts whose body is malformed JSON, HTML or XML.
    pub malformed_share: f64,
    /// Share of URLs that redirect in a loop on every attempt.
    pub redirect_loop_share: f64,
    /// Path prefixes redirect loops are confined to (e.g. `/c/`); empty: any path.
    pub redirect_loop_paths: Vec<String>,
    /// Attempts of a URL from this one on (counted from 0) meet no fault but a redirect loop.
    pub clean_after: u32,
    /// Share of attempts answered with a huge body.
    pub huge_body_share: f64,
    /// Size of a huge body, in bytes.
    pub huge_body_bytes: usize,
}

impl Default for FaultConfig {
    fn default() -> FaultConfig {
        FaultConfig {
            seed: 0,
            slow_share: 0.0,
            slow_ms: 1_500,
            rate_limit_share: 0.0,
            retry_after_secs: 1,
            error_burst_share: 0.0,
            error_burst_len: 2,
            truncated_share: 0.0,
            malformed_share: 0.0,
            redirect_loop_share: 0.0,
            redirect_loop_paths: Vec::new(),
            clean_after: 3,
            huge_body_share: 0.0,
            huge_body_bytes: 8 * 1024 * 1024,
        }
    }
}

/// FNV-1a over the parts, finished with SplitMix64: a hash that is the same everywhere.
fn stable_hash(seed: u64, parts: &[&[u8]]) -> u64 {
    let mut hash = 0xCBF2_9CE4_8422_2325u64 ^ mix(seed);
    for part in parts {
        for byte in *part {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
        }
        hash ^= 0xFF;
        hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
    }
    mix(hash)
}

fn unit(hash: u64) -> f64 {
    (hash >> 11) as f64 / (1u64 << 53) as f64
}

impl FaultConfig {
    /// No faults at all (the same as [`FaultConfig::default`]).
    pub fn none() -> FaultConfig {
        FaultConfig::default()
    }

    /// Whether any fault can happen.
    pub fn is_active(&self) -> bool {
        [
            self.slow_share,
            self.rate_limit_share,
            self.error_burst_share,
            self.truncated_share,
            self.malformed_share,
            self.redirect_loop_share,
            self.huge_body_share,
        ]
        .iter()
        .any(|share| *share > 0.0)
    }

    /// The fault attempt `attempt` (0 for the first request) of `path_and_query` on the host
    /// whose canonical domain is `domain` meets, if any. URL-level faults (redirect loops,
    /// error bursts) come first; then one per-attempt draw picks among the others. From
    /// attempt [`FaultConfig::clean_after`] on, only a redirect loop is left.
    pub fn decide(&self, domain: &str, path_and_query: &str, attempt: u32) -> Option<FaultKind> {
        if !self.is_active() || path_and_query == "/robots.txt" {
            return None;
        }
        let url = [domain.as_bytes(), path_and_query.as_bytes()];
        let url_draw = |salt: &[u8]| unit(stable_hash(self.seed, &[url[0], url[1], salt]));
        let may_loop = self.redirect_loop_paths.is_empty()
            || self
                .redirect_loop_paths
                .iter()
                .any(|prefix| path_and_query.starts_with(prefix.as_str()));
        if may_loop && url_draw(b"loop") < self.redirect_loop_share {
            return Some(FaultKind::RedirectLoop);
        }
        if attempt >= self.clean_after {
            return None;
        }
        if attempt < self.error_burst_len && url_draw(b"burst") < self.error_burst_share {
            return Some(FaultKind::ErrorBurst);
        }
        let mut draw = unit(stable_hash(
            self.seed,
            &[url[0], url[1], b"attempt", &attempt.to_le_bytes()],
        ));
        for (kind, share) in [
            (FaultKind::RateLimit, self.rate_limit_share),
            (FaultKind::Slow, self.slow_share),
            (FaultKind::Truncated, self.truncated_share),
            (FaultKind::Malformed, self.malformed_share),
            (FaultKind::HugeBody, self.huge_body_share),
        ] {
            let share = share.max(0.0);
            if draw < share {
                return Some(kind);
            }
            draw -= share;
        }
        None
    }
}

/// The URL a redirect loop bounces to: the same path with [`LOOP_MARKER`].
pub(super) fn loop_twin(path_and_query: &str) -> String {
    let separator = if path_and_query.contains('?') {
        '&'
    } else {
        '?'
    };
    format!("{path_and_query}{separator}{LOOP_MARKER}")
}

/// The URL a loop twin bounces back to, when `path_and_query` is a twin.
pub(super) fn loop_origin(path_and_query: &str) -> Option<String> {
    for separator in ['&', '?'] {
        let marker = format!("{separator}{LOOP_MARKER}");
        if let Some(origin) = path_and_query.strip_suffix(&marker) {
            return Some(origin.to_string());
        }
    }
    None
}

/// `302 Found` to `location`.
pub(super) fn redirect(location: &str) -> Response {
    let mut response = (StatusCode::FOUND, Body::empty()).into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// A 429 as each kind of host sends it.
pub(super) fn rate_limited(kind: HostKind, retry_after_secs: u64) -> Response {
    let (content_type, body) = match kind {
        HostKind::Mastodon => ("application/json; charset=utf-8", "{\"error\":\"Too many requests\"}"),
        HostKind::Bluesky => (
            "application/json; charset=utf-8",
            "{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}",
        ),
        HostKind::CreatorSite | HostKind::VideoSite => (
            "text/html; charset=utf-8",
            "<!DOCTYPE html><html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1></body></html>",
        ),
    };
    let mut response = (StatusCode::TOO_MANY_REQUESTS, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
    response
}

/// A 5xx of a burst: 503, 502 and 500 in turn.
pub(super) fn server_error(attempt: u32) -> Response {
    let (status, title) = match attempt % 3 {
        0 => (StatusCode::SERVICE_UNAVAILABLE, "503 Service Unavailable"),
        1 => (StatusCode::BAD_GATEWAY, "502 Bad Gateway"),
        _ => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 Internal Server Error",
        ),
    };
    let mut response = (
        status,
        format!("<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"),
    )
        .into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// A body cut a little past its middle and followed by bytes no parser accepts.
pub(super) fn malformed_body(body: &[u8]) -> Bytes {
    let mut cut = body.len() * 11 / 20;
    while cut > 0 && !is_char_boundary(body, cut) {
        cut -= 1;
    }
    let mut garbled = body[..cut].to_vec();
    garbled.extend_from_slice(b"\x00<<{\"\xFF\xFE");
    Bytes::from(garbled)
}

fn is_char_boundary(bytes: &[u8], position: usize) -> bool {
    bytes
        .get(position)
        .is_none_or(|byte| (*byte as i8) >= -0x40)
}

/// The first half of a body (cut on a character boundary).
pub(super) fn truncated_part(body: &[u8]) -> Bytes {
    let mut cut = body.len() / 2;
    while cut > 0 && !is_char_boundary(body, cut) {
        cut -= 1;
    }
    Bytes::copy_from_slice(&body[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> FaultConfig {
        FaultConfig {
            seed: 5,
            slow_share: 0.1,
            rate_limit_share: 0.1,
            error_burst_share: 0.1,
            truncated_share: 0.1,
            malformed_share: 0.1,
            redirect_loop_share: 0.05,
            huge_body_share: 0.05,
            // These tests look at the shares on late attempts: no attempt is clean here.
            clean_after: u32::MAX,
            ..FaultConfig::default()
        }
    }

    #[test]
    fn default_injects_nothing() {
        let none = FaultConfig::default();
        assert!(!none.is_active());
        assert_eq!(none, FaultConfig::none());
        for attempt in 0..5 {
            assert_eq!(none.decide("a.sim.example", "/x", attempt), None);
        }
    }

    #[test]
    fn decisions_are_deterministic_and_follow_the_shares() {
        let config = config();
        let mut counts = std::collections::HashMap::new();
        for page in 0..20_000 {
            let path = format!("/p/{page}");
            let fault = config.decide("a.sim.example", &path, 3);
            assert_eq!(fault, config.decide("a.sim.example", &path, 3));
            *counts.entry(fault).or_insert(0usize) += 1;
        }
        let share = |kind| *counts.get(&Some(kind)).unwrap_or(&0) as f64 / 20_000.0;
        assert!((share(FaultKind::RedirectLoop) - 0.05).abs() < 0.01);
        assert!((share(FaultKind::Truncated) - 0.1 * 0.95).abs() < 0.015);
        assert_eq!(
            share(FaultKind::ErrorBurst),
            0.0,
            "bursts end after two attempts"
        );
        assert!(config.decide("a.sim.example", "/robots.txt", 0).is_none());
    }

    #[test]
    fn bursts_hit_the_first_attempts_and_loops_every_attempt() {
        let config = config();
        let burst = (0..2_000)
            .map(|page| format!("/q/{page}"))
            .find(|path| config.decide("b.sim.example", path, 0) == Some(FaultKind::ErrorBurst))
            .expect("some URL bursts");
        assert_eq!(
            config.decide("b.sim.example", &burst, 1),
            Some(FaultKind::ErrorBurst)
        );
        assert_ne!(
            config.decide("b.sim.example", &burst, 2),
            Some(FaultKind::ErrorBurst)
        );
        let looping = (0..2_000)
            .map(|page| format!("/q/{page}"))
            .find(|path| config.decide("b.sim.example", path, 0) == Some(FaultKind::RedirectLoop))
            .expect("some URL loops");
        assert!(
            (0..10).all(|attempt| config.decide("b.sim.example", &looping, attempt)
                == Some(FaultKind::RedirectLoop))
        );
    }

    #[test]
    fn transient_faults_end_by_clean_after_and_loops_keep_to_their_paths() {
        let config = FaultConfig {
            slow_share: 0.2,
            rate_limit_share: 0.2,
            truncated_share: 0.2,
            malformed_share: 0.2,
            huge_body_share: 0.2,
            error_burst_share: 0.5,
            error_burst_len: 3,
            redirect_loop_share: 0.3,
            redirect_loop_paths: vec!["/c/".to_string()],
            clean_after: 3,
            ..config()
        };
        let mut faulted_late = 0;
        for page in 0..2_000 {
            let path = format!("/x/{page}");
            assert_ne!(
                config.decide("c.sim.example", &path, 0),
                Some(FaultKind::RedirectLoop),
                "{path} is outside the loop paths"
            );
            faulted_late += usize::from(config.decide("c.sim.example", &path, 2).is_some());
            for attempt in 3..6 {
                assert_eq!(config.decide("c.sim.example", &path, attempt), None);
            }
        }
        assert!(faulted_late > 1_000, "attempt 2 still meets faults");
        let looping = (0..200)
            .filter(|page| {
                config.decide("c.sim.example", &format!("/c/{page}"), 7)
                    == Some(FaultKind::RedirectLoop)
            })
            .count();
        assert!((30..100).contains(&looping), "{looping} loops");
    }

    #[test]
    fn loop_twins_round_trip() {
        for path in ["/a", "/a?b=1"] {
            let twin = loop_twin(path);
            assert_eq!(loop_origin(&twin).as_deref(), Some(path));
        }
        assert_eq!(loop_origin("/a?b=1"), None);
    }

    #[test]
    fn bodies_are_cut_on_character_boundaries() {
        let body = "ééééé{\"a\":1}".as_bytes();
        let half = truncated_part(body);
        assert!(std::str::from_utf8(&half).is_ok());
        assert!(half.len() < body.len());
        let garbled = malformed_body(b"{\"ok\":true,\"items\":[1,2,3]}");
        assert!(serde_json::from_slice::<serde_json::Value>(&garbled).is_err());
    }
}
