//! Faults over loopback: rate limits, server errors, timeouts, redirect loops, broken bodies,
//! compressed and non-UTF-8 bodies, and a host that keeps failing.

use std::time::Duration;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use scout_crawler::{CrawlConfig, Crawler};

use super::scripted::{
    gzip, html, not_found, robots_allow_all, serve, status, truncated, Reply, Request,
};
use super::{config, crawl, MALFORMED, OPENGRAPH};

const LATIN1: &[u8] = include_bytes!("../fixtures/web/latin1.html");
const OLIVIA_ID: &str = "web:studio.sim.example/c/olivia";

fn crawler(state: &std::path::Path, tune: impl FnOnce(&mut CrawlConfig)) -> Crawler {
    let mut config = CrawlConfig {
        discover: false,
        ..config(state)
    };
    tune(&mut config);
    Crawler::new(config).unwrap()
}

fn rate_limited(seconds: &str) -> Response {
    let mut response = status(429);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_str(seconds).unwrap());
    response
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_is_honoured_and_the_record_arrives() {
    let server = serve(|request: &Request| -> Reply {
        match (request.path.as_str(), request.nth) {
            ("/robots.txt", _) => robots_allow_all().into(),
            ("/c/olivia", 1) => rate_limited("1").into(),
            ("/c/olivia", _) => html(OPENGRAPH).into(),
            _ => not_found().into(),
        }
    })
    .await;
    let state = tempfile::tempdir().unwrap();
    let crawler = crawler(state.path(), |_| {});
    let (summary, records) = crawl(&crawler, &[format!("{}/c/olivia", server.base())]).await;
    assert!(records.contains_key(OLIVIA_ID), "{summary:?}");
    assert_eq!(summary.retries, 1);
    assert_eq!(summary.errors, 0);
    let attempts = server.seen("/c/olivia");
    assert_eq!(attempts.len(), 2);
    let gap = attempts[1].at - attempts[0].at;
    assert!(gap >= Duration::from_secs(1), "retried after {gap:?}");
    assert!(gap < Duration::from_secs(3), "retried after {gap:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_server_errors_is_retried_with_growing_backoff() {
    let server = serve(|request: &Request| -> Reply {
        match (request.path.as_str(), request.nth) {
            ("/robots.txt", _) => robots_allow_all().into(),
            ("/c/olivia", 1) => status(503).into(),
            ("/c/olivia", 2) => status(502).into(),
            ("/c/olivia", _) => html(OPENGRAPH).into(),
            _ => not_found().into(),
        }
    })
    .await;
    let state = tempfile::tempdir().unwrap();
    let crawler = crawler(state.path(), |config| {
        config.retry_base_delay = Duration::from_millis(40);
        config.retry_max_delay = Duration::from_millis(400);
    });
    let (summary, records) = crawl(&crawler, &[format!("{}/c/olivia", server.base())]).await;
    assert!(records.contains_key(OLIVIA_ID), "{summary:?}");
    assert_eq!(summary.retries, 2);
    assert_eq!(summary.errors, 0);
    let attempts = server.seen("/c/olivia");
    assert_eq!(attempts.len(), 3);
    // Equal jitter: at least half of 40 ms, then half of 80 ms.
    assert!(attempts[1].at - attempts[0].at >= Duration::from_millis(20));
    assert!(attempts[2].at - attempts[1].at >= Duration::from_millis(40));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_response_slower_than_the_timeout_fails_cleanly() {
    let server = serve(|request: &Request| -> Reply {
        match request.path.as_str() {
            "/robots.txt" => robots_allow_all().into(),
            "/c/slow" => Reply::After(Duration::from_secs(5), html(OPENGRAPH)),
            "/c/olivia" => html(OPENGRAPH).into(),
            _ => not_found().into(),
        }
    })
    .await;
    let state = tempfile::tempdir().unwrap();
    let crawler = crawler(state.path(), |config| {
        config.request_timeout = Duration::from_millis(300);
        config.max_attempts = 2;
    });
    let started = std::time::Instant::now();
    let seeds = [
        format!("{}/c/slow", server.base()),
        format!("{}/c/olivia", server.base()),
    ];
    let (summary, records) = crawl(&crawler, &seeds).await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(records.contains_key(OLIVIA_ID));
    assert_eq!(server.count("/c/slow"), 2, "two attempts");
    assert_eq!(summary.failed_seeds.len(), 1);
    assert!(summary.failed_seeds[0].0.ends_with("/c/slow"));
    assert!(
        summary.failed_seeds[0].1.starts_with("request timed out"),
        "{:?}",
        summary.failed_seeds
    );
    assert_eq!(summary.errors, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirect_loops_are_detected() {
    let server = serve(|request: &Request| -> Reply {
        let to = |location: &str| {
            (
                axum::http::StatusCode::FOUND,
                [(header::LOCATION, location.to_string())],
            )
                .into_response()
        };
        match request.path.as_str() {
            "/robots.txt" => robots_allow_all().into(),
            "/loop/a" => to("/loop/b").into(),
            "/loop/b" => to(&format!("{}/loop/a", request.base)).into(),
            _ => not_found().into(),
        }
    })
    .await;
    let state = tempfile::tempdir().unwrap();
    let crawler = crawler(state.path(), |_| {});
    let seed = format!("{}/loop/a", server.base());
    let (summary, records) = crawl(&crawler, std::slice::from_ref(&seed)).await;
    assert!(records.is_empty());
    assert_eq!(
        summary.failed_seeds,
        vec![(seed.clone(), format!("redirect loop at {seed}"))]
    );
    assert_eq!(server.count("/loop/a"), 1);
    assert_eq!(server.count("/loop/b"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn truncated_and_malformed_bodies_are_counted_not_fatal() {
    let server = serve(|request: &Request| -> Reply {
        match request.path.as_str() {
            "/robots.txt" => robots_allow_all().into(),
            "/c/truncated" => truncated(&OPENGRAPH.as_bytes()[..OPENGRAPH.len() / 2]).into(),
            "/c/broken" => html(MALFORMED).into(),
            "/c/olivia" => html(OPENGRAPH).into(),
            _ => not_found().into(),
        }
    })
    .await;
    let state = tempfile::tempdir().unwrap();
    let crawler = crawler(state.path(), |config| config.max_attempts = 2);
    let seeds = [
        format!("{}/c/truncated", server.base()),
        format!("{}/c/broken", server.base()),
        format!("{}/c/olivia", server.base()),
    ];
    let (summary, records) = crawl(&crawler, &seeds).await;
    assert_eq!(records.len(), 1);
    assert!(records.contains_key(OLIVIA_ID));
    assert_eq!(summary.errors, 2, "{summary:?}");
    assert_eq!(
        server.count("/c/truncated"),
        2,
        "a broken connection is retried"
    );
    let reasons: Vec<&str> = summary
        .failed_seeds
        .iter()
        .map(|(_, reason)| reason.as_str())
        .collect();
    assert_eq!(reasons.len(), 2);
    assert!(
        reasons
            .iter()
            .any(|reason| reason.starts_with("request failed for")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|reason| reason.starts_with("malformed json-ld")),
        "{reasons:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_and_latin1_bodies_are_decoded() {
    let server = serve(|request: &Request| -> Reply {
        match request.path.as_str() {
            "/robots.txt" => robots_allow_all().into(),
            "/c/olivia" => {
                let mut response = html(gzip(OPENGRAPH.as_bytes()));
                response
                    .headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                response.into()
            }
            "/c/zoe" => ([(header::CONTENT_TYPE, "text/html")], LATIN1)
                .into_response()
                .into(),
            _ => not_found().into(),
        }
    })
    .await;
    let state = tempfile::tempdir().unwrap();
    let crawler = crawler(state.path(), |_| {});
    let seeds = [
        format!("{}/c/olivia", server.base()),
        format!("{}/c/zoe", server.base()),
    ];
    let (summary, records) = crawl(&crawler, &seeds).await;
    assert_eq!(summary.errors, 0, "{summary:?}");
    let olivia = &records[OLIVIA_ID];
    assert_eq!(olivia.creator.handle, "olivia.bakes");
    let asked = server.seen("/c/olivia");
    let accept_encoding = asked[0].headers[header::ACCEPT_ENCODING].to_str().unwrap();
    assert!(accept_encoding.contains("gzip"), "{accept_encoding}");
    let zoe = records
        .values()
        .find(|record| record.creator.handle == "zoemueller")
        .expect("the latin-1 page yields its creator");
    assert_eq!(zoe.creator.display_name.as_deref(), Some("Zoë Müller"));
    assert_eq!(
        zoe.creator.bio.as_deref(),
        Some("Français & Deutsch: Café-Kultur, Küche und Reisen à Genève.")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_that_keeps_failing_is_backed_off_not_hammered() {
    let failing = serve(|request: &Request| -> Reply {
        match request.path.as_str() {
            "/robots.txt" => robots_allow_all().into(),
            _ => status(500).into(),
        }
    })
    .await;
    let healthy = serve(|request: &Request| -> Reply {
        match request.path.as_str() {
            "/robots.txt" => robots_allow_all().into(),
            "/c/olivia" => html(OPENGRAPH).into(),
            _ => not_found().into(),
        }
    })
    .await;
    let state = tempfile::tempdir().unwrap();
    let crawler = crawler(state.path(), |config| {
        config.max_attempts = 2;
        config.host_failure_limit = 3;
        config.retry_base_delay = Duration::from_millis(5);
    });
    let mut seeds: Vec<String> = (0..6)
        .map(|index| format!("{}/c/creator{index}", failing.base()))
        .collect();
    seeds.push(format!("{}/c/olivia", healthy.base()));
    let (summary, records) = crawl(&crawler, &seeds).await;
    assert!(
        records.contains_key(OLIVIA_ID),
        "the healthy host is unaffected"
    );
    assert_eq!(
        failing.requests().len(),
        3,
        "the host limit, not six seeds times two attempts: {:?}",
        failing.requests()
    );
    assert_eq!(summary.backed_off_hosts, vec![failing.host_key()]);
    assert_eq!(summary.failed_seeds.len(), 6, "{:?}", summary.failed_seeds);
    let backed_off = summary
        .failed_seeds
        .iter()
        .filter(|(_, reason)| {
            reason.as_str()
                == format!(
                    "host {} backed off after 3 consecutive failures",
                    failing.host_key()
                )
        })
        .count();
    assert_eq!(backed_off, 5, "{:?}", summary.failed_seeds);
    assert_eq!(summary.errors, 6);
}
