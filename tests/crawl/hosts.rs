//! What the crawler remembers of hosts from one run to the next (its state under the data
//! directory): robots.txt answers until they expire, and the failure streak of a host that
//! kept failing.

use std::time::Duration;

use axum::http::{header, HeaderValue};
use axum::response::Response;
use scout_crawler::{CrawlConfig, Crawler};

use super::scripted::{html, not_found, robots_allow_all, serve, status, Reply, Request};
use super::{config, crawl, OPENGRAPH};

const OLIVIA_ID: &str = "web:studio.sim.example/c/olivia";

/// A crawler on `state` that fetches its seeds on every run.
fn crawler(state: &std::path::Path, tune: impl FnOnce(&mut CrawlConfig)) -> Crawler {
    let mut config = CrawlConfig {
        discover: false,
        force_recrawl: true,
        max_attempts: 1,
        ..config(state)
    };
    tune(&mut config);
    Crawler::new(config).unwrap()
}

fn with_max_age(mut response: Response, seconds: u64) -> Response {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_str(&format!("public, max-age={seconds}")).unwrap(),
    );
    response
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_txt_is_kept_across_runs_until_it_expires() {
    let server = serve(|request: &Request| -> Reply {
        match request.path.as_str() {
            "/robots.txt" => robots_allow_all().into(),
            "/c/olivia" => html(OPENGRAPH).into(),
            _ => not_found().into(),
        }
    })
    .await;
    let state = tempfile::tempdir().unwrap();
    let seeds = [format!("{}/c/olivia", server.base())];
    for run in 1..=2 {
        let (summary, records) = crawl(&crawler(state.path(), |_| {}), &seeds).await;
        assert!(records.contains_key(OLIVIA_ID), "run {run}: {summary:?}");
    }
    assert_eq!(server.count("/c/olivia"), 2, "both runs fetched the page");
    assert_eq!(
        server.count("/robots.txt"),
        1,
        "the second run, within the default 24 h, reuses robots.txt"
    );
    // A shorter expiry makes the stored answer stale: fetched once more, once per run.
    let (summary, records) = crawl(
        &crawler(state.path(), |config| config.robots_ttl = Duration::ZERO),
        &seeds,
    )
    .await;
    assert!(records.contains_key(OLIVIA_ID), "{summary:?}");
    assert_eq!(server.count("/robots.txt"), 2);

    // `Cache-Control: max-age` shortens the expiry: 1 s here.
    let short = serve(|request: &Request| -> Reply {
        match request.path.as_str() {
            "/robots.txt" => with_max_age(robots_allow_all(), 1).into(),
            "/c/olivia" => html(OPENGRAPH).into(),
            _ => not_found().into(),
        }
    })
    .await;
    let seeds = [format!("{}/c/olivia", short.base())];
    let state = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    crawl(&crawler(state.path(), |_| {}), &seeds).await;
    crawl(&crawler(state.path(), |_| {}), &seeds).await;
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "two runs took {:?}: cannot check the expiry",
        started.elapsed()
    );
    assert_eq!(short.count("/robots.txt"), 1, "fresh for 1 s");
    tokio::time::sleep(Duration::from_millis(1_100).saturating_sub(started.elapsed())).await;
    crawl(&crawler(state.path(), |_| {}), &seeds).await;
    assert_eq!(short.count("/robots.txt"), 2, "expired after 1 s");
    assert_eq!(short.count("/c/olivia"), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_robots_txt_is_kept_and_a_failing_one_is_asked_again() {
    let missing = serve(|request: &Request| -> Reply {
        match request.path.as_str() {
            "/c/olivia" => html(OPENGRAPH).into(),
            _ => not_found().into(),
        }
    })
    .await;
    let failing = serve(|request: &Request| -> Reply {
        match request.path.as_str() {
            "/robots.txt" => status(503).into(),
            "/c/olivia" => html(OPENGRAPH).into(),
            _ => not_found().into(),
        }
    })
    .await;
    let state = tempfile::tempdir().unwrap();
    let seeds = [
        format!("{}/c/olivia", missing.base()),
        format!("{}/c/olivia", failing.base()),
    ];
    for run in 1..=2 {
        let (summary, records) = crawl(&crawler(state.path(), |_| {}), &seeds).await;
        assert_eq!(records.len(), 1, "run {run}: {summary:?}");
        assert_eq!(summary.skipped_by_robots, 1, "run {run}: 5xx disallows");
    }
    assert_eq!(missing.count("/robots.txt"), 1, "a 404 allows all, kept");
    assert_eq!(missing.count("/c/olivia"), 2);
    assert_eq!(
        failing.count("/robots.txt"),
        2,
        "a 5xx disallows for now, not for the next run"
    );
    assert_eq!(failing.count("/c/olivia"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_that_kept_failing_is_left_alone_on_the_next_run_until_its_cooldown() {
    let failing = serve(|request: &Request| -> Reply {
        match request.path.as_str() {
            "/robots.txt" => robots_allow_all().into(),
            _ => status(500).into(),
        }
    })
    .await;
    let state = tempfile::tempdir().unwrap();
    let tune = |config: &mut CrawlConfig| {
        config.max_attempts = 2;
        config.host_failure_limit = 3;
        config.retry_base_delay = Duration::from_millis(5);
        config.host_cooldown = Duration::from_secs(1);
    };
    let seeds: Vec<String> = (0..4)
        .map(|index| format!("{}/c/creator{index}", failing.base()))
        .collect();
    let started = std::time::Instant::now();
    let (first, _) = crawl(&crawler(state.path(), tune), &seeds).await;
    assert_eq!(first.backed_off_hosts, vec![failing.host_key()]);
    assert_eq!(failing.requests().len(), 3, "given up at the limit");

    let (second, records) = crawl(&crawler(state.path(), tune), &seeds).await;
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "runs took {:?}: cannot check the cool-down",
        started.elapsed()
    );
    assert!(records.is_empty());
    assert_eq!(
        failing.requests().len(),
        3,
        "the next run leaves the host alone while it cools down"
    );
    assert_eq!(second.backed_off_hosts, vec![failing.host_key()]);
    assert_eq!(second.failed_seeds.len(), 4, "{:?}", second.failed_seeds);

    tokio::time::sleep(Duration::from_millis(1_100).saturating_sub(started.elapsed())).await;
    let (third, _) = crawl(&crawler(state.path(), tune), &seeds).await;
    assert_eq!(
        failing.requests().len(),
        4,
        "after the cool-down one request, and the host is given up again"
    );
    assert_eq!(third.backed_off_hosts, vec![failing.host_key()]);
}
