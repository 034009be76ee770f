//! Prometheus `/metrics`: request counts by route and status, and a latency histogram per
//! route, recorded by a middleware around every request.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// Latency and status counts of one route.
#[derive(Debug, Default, Clone)]
struct RouteStats {
    /// Cumulative counts per bucket of [`BUCKETS`].
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
    by_status: BTreeMap<u16, u64>,
}

/// Request metrics shared by the middleware and the `/metrics` handler.
#[derive(Debug, Default, Clone)]
pub struct Metrics {
    routes: Arc<Mutex<BTreeMap<String, RouteStats>>>,
}

impl Metrics {
    fn record(&self, route: &str, status: u16, seconds: f64) {
        let mut routes = self.routes.lock().unwrap_or_else(PoisonError::into_inner);
        let stats = routes.entry(route.to_string()).or_default();
        stats.count += 1;
        stats.sum_seconds += seconds;
        *stats.by_status.entry(status).or_default() += 1;
        for (bucket, bound) in stats.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
    }

    /// The Prometheus text exposition of every route seen so far.
    pub fn render(&self) -> String {
        let routes = self.routes.lock().unwrap_or_else(PoisonError::into_inner);
        let mut out = String::new();
        out.push_str("# HELP scout_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE scout_http_requests_total counter\n");
        for (route, stats) in routes.iter() {
            for (status, count) in &stats.by_status {
                let _ = writeln!(
                    out,
                    "scout_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {count}"
                );
            }
        }
        out.push_str("# HELP scout_http_request_duration_seconds Request latency by route.\n");
        out.push_str("# TYPE scout_http_request_duration_seconds histogram\n");
        for (route, stats) in routes.iter() {
            for (bound, count) in BUCKETS.iter().zip(stats.buckets) {
                let _ = writeln!(
                    out,
                    "scout_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "scout_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                stats.count
            );
            let _ = writeln!(
                out,
                "scout_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                stats.sum_seconds
            );
            let _ = writeln!(
                out,
                "scout_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                stats.count
            );
        }
        out
    }
}

/// Middleware: times every request and records it under its route template (so that
/// `/v1/creators/{id}` is one series, not one per id).
pub async fn track(State(metrics): State<Metrics>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.record(
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative_and_routes_separate() {
        let metrics = Metrics::default();
        metrics.record("/v1/search", 200, 0.003);
        metrics.record("/v1/search", 200, 0.2);
        metrics.record("/v1/search", 400, 0.0001);
        metrics.record("/healthz", 200, 0.0001);
        let text = metrics.render();
        assert!(text.contains("scout_http_requests_total{route=\"/v1/search\",status=\"200\"} 2"));
        assert!(text.contains("scout_http_requests_total{route=\"/v1/search\",status=\"400\"} 1"));
        assert!(text.contains(
            "scout_http_request_duration_seconds_bucket{route=\"/v1/search\",le=\"0.005\"} 2"
        ));
        assert!(text.contains(
            "scout_http_request_duration_seconds_bucket{route=\"/v1/search\",le=\"+Inf\"} 3"
        ));
        assert!(text.contains("scout_http_request_duration_seconds_count{route=\"/healthz\"} 1"));
    }
}
