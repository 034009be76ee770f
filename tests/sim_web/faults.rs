//! Injected faults: each kind shows up as configured, decisions repeat per URL and attempt,
//! robots.txt is never faulted, and the server counts requests and concurrency per host.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_LENGTH, LOCATION, RETRY_AFTER};
use reqwest::redirect::Policy;
use reqwest::StatusCode;

use scout::sim::{
    serve_with_faults, FaultConfig, FaultKind, HostKind, SimConfig, SimServer, World,
};

use super::hosts_of;

async fn start_with(faults: FaultConfig) -> SimServer {
    let world = Arc::new(World::generate(&SimConfig {
        seed: 77,
        creators: 300,
    }));
    serve_with_faults(world, "127.0.0.1:0".parse().expect("address"), faults)
        .await
        .expect("the simulated web starts")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

fn only(configure: impl FnOnce(&mut FaultConfig)) -> FaultConfig {
    let mut config = FaultConfig {
        seed: 3,
        ..FaultConfig::default()
    };
    configure(&mut config);
    config
}

fn mastodon_url(server: &SimServer, path: &str) -> String {
    format!("{}{path}", hosts_of(server, HostKind::Mastodon)[0].base_url)
}

fn last_fault(server: &SimServer) -> Option<&'static str> {
    server
        .request_log()
        .last()
        .and_then(|request| request.fault)
}

#[tokio::test]
async fn each_fault_kind_is_observable_with_its_config() {
    let client = client();

    let server = start_with(only(|config| {
        config.slow_share = 1.0;
        config.slow_ms = 250;
    }))
    .await;
    let started = Instant::now();
    let answer = client
        .get(mastodon_url(&server, "/api/v1/instance"))
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(250));
    assert_eq!(last_fault(&server), Some("slow"));
    let robots = client
        .get(mastodon_url(&server, "/robots.txt"))
        .send()
        .await
        .expect("robots");
    assert_eq!(robots.status(), StatusCode::OK);
    assert_eq!(last_fault(&server), None, "robots.txt is never faulted");
    server.shutdown().await;

    let server = start_with(only(|config| {
        config.rate_limit_share = 1.0;
        config.retry_after_secs = 3;
    }))
    .await;
    let answer = client
        .get(mastodon_url(&server, "/api/v1/instance"))
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        answer
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok()),
        Some("3")
    );
    let bluesky = &hosts_of(&server, HostKind::Bluesky)[0];
    let answer = client
        .get(format!(
            "{}/xrpc/app.bsky.actor.getProfile?actor=a.bsky.sim.example",
            bluesky.base_url
        ))
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: serde_json::Value = answer.json().await.expect("json");
    assert_eq!(body["error"], "RateLimitExceeded");
    assert_eq!(last_fault(&server), Some(FaultKind::RateLimit.as_str()));
    server.shutdown().await;

    let server = start_with(only(|config| {
        config.error_burst_share = 1.0;
        config.error_burst_len = 2;
    }))
    .await;
    let url = mastodon_url(&server, "/api/v1/instance");
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(
            client
                .get(&url)
                .send()
                .await
                .expect("answer")
                .status()
                .as_u16(),
        );
    }
    assert_eq!(statuses, vec![503, 502, 200, 200]);
    let faults: Vec<_> = server
        .request_log()
        .iter()
        .map(|request| request.fault)
        .collect();
    assert_eq!(
        faults,
        vec![Some("error_burst"), Some("error_burst"), None, None]
    );
    server.shutdown().await;

    let server = start_with(only(|config| config.truncated_share = 1.0)).await;
    let answer = client
        .get(mastodon_url(&server, "/api/v1/instance"))
        .send()
        .await
        .expect("headers arrive");
    assert_eq!(answer.status(), StatusCode::OK);
    let announced: usize = answer
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok())
        .expect("Content-Length announces the whole body");
    assert!(announced > 100);
    assert!(answer.bytes().await.is_err(), "the body stops short");
    assert_eq!(last_fault(&server), Some("truncated"));
    server.shutdown().await;

    let server = start_with(only(|config| config.malformed_share = 1.0)).await;
    let answer = client
        .get(mastodon_url(&server, "/api/v1/instance"))
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), StatusCode::OK);
    let length = answer.headers().get(CONTENT_LENGTH).cloned();
    let body = answer.bytes().await.expect("a complete body");
    assert_eq!(
        length.and_then(|value| value.to_str().ok().and_then(|v| v.parse::<usize>().ok())),
        Some(body.len())
    );
    assert!(serde_json::from_slice::<serde_json::Value>(&body).is_err());
    assert_eq!(last_fault(&server), Some("malformed"));
    server.shutdown().await;

    let server = start_with(only(|config| config.redirect_loop_share = 1.0)).await;
    let url = mastodon_url(&server, "/api/v1/instance");
    let first = client.get(&url).send().await.expect("answer");
    assert_eq!(first.status(), StatusCode::FOUND);
    let twin = first
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .expect("Location")
        .to_string();
    assert_ne!(twin, url);
    let back = client.get(&twin).send().await.expect("answer");
    assert_eq!(back.status(), StatusCode::FOUND);
    assert_eq!(
        back.headers().get(LOCATION).and_then(|v| v.to_str().ok()),
        Some(url.as_str())
    );
    let following = reqwest::Client::builder()
        .redirect(Policy::limited(8))
        .build()
        .expect("client");
    let error = following
        .get(&url)
        .send()
        .await
        .expect_err("the loop never ends");
    assert!(error.is_redirect());
    assert!(server
        .request_log()
        .iter()
        .all(|request| request.fault == Some("redirect_loop")));
    server.shutdown().await;

    let server = start_with(only(|config| {
        config.huge_body_share = 1.0;
        config.huge_body_bytes = 3 * 1024 * 1024;
    }))
    .await;
    let answer = client
        .get(mastodon_url(&server, "/api/v1/instance"))
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(
        answer.headers().get(CONTENT_LENGTH).is_none(),
        "streamed without a length"
    );
    let body = answer.bytes().await.expect("body");
    assert_eq!(body.len(), 3 * 1024 * 1024);
    assert_eq!(body.first(), Some(&b'{'));
    assert_eq!(last_fault(&server), Some("huge_body"));
    server.shutdown().await;
}

/// Requests the same URLs several times and returns what the log recorded.
async fn exercise(server: &SimServer) -> Vec<(String, u16, Option<&'static str>)> {
    let client = client();
    let mastodon = &hosts_of(server, HostKind::Mastodon)[0];
    let bluesky = &hosts_of(server, HostKind::Bluesky)[0];
    for _ in 0..3 {
        for page in 0..25 {
            for url in [
                format!(
                    "{}/api/v1/directory?offset={page}&limit=2",
                    mastodon.base_url
                ),
                format!(
                    "{}/xrpc/app.bsky.actor.getSuggestions?limit=2&cursor={page}",
                    bluesky.base_url
                ),
            ] {
                if let Ok(answer) = client.get(&url).send().await {
                    let _ = answer.bytes().await;
                }
            }
        }
    }
    server
        .request_log()
        .into_iter()
        .map(|request| {
            let host = if request.host_base_url == mastodon.base_url {
                "m"
            } else {
                "b"
            };
            (
                format!("{host}{}", request.path_and_query),
                request.status,
                request.fault,
            )
        })
        .collect()
}

#[tokio::test]
async fn faults_are_deterministic_per_url_and_attempt() {
    let config = FaultConfig {
        seed: 11,
        slow_share: 0.1,
        slow_ms: 5,
        rate_limit_share: 0.1,
        error_burst_share: 0.2,
        truncated_share: 0.1,
        malformed_share: 0.1,
        redirect_loop_share: 0.05,
        huge_body_share: 0.05,
        huge_body_bytes: 256 * 1024,
        ..FaultConfig::default()
    };
    let first = start_with(config.clone()).await;
    let first_run = exercise(&first).await;
    let second = start_with(config.clone()).await;
    let second_run = exercise(&second).await;
    assert_eq!(
        first_run, second_run,
        "same requests, same faults, on other ports"
    );

    let mut attempts = std::collections::HashMap::new();
    let mut kinds = std::collections::HashSet::new();
    for (key, _, fault) in &first_run {
        let (host, path) = key.split_at(1);
        let domain = if host == "m" {
            "social-1.sim.example"
        } else {
            "bsky.sim.example"
        };
        let attempt = attempts.entry(key.clone()).or_insert(0u32);
        assert_eq!(
            config.decide(domain, path, *attempt).map(FaultKind::as_str),
            *fault,
            "{key} attempt {attempt}"
        );
        *attempt += 1;
        if let Some(fault) = fault {
            kinds.insert(*fault);
        }
    }
    assert!(kinds.len() >= 6, "{kinds:?}");
    assert_eq!(first.faults(), &config);
    first.shutdown().await;
    second.shutdown().await;
}

#[tokio::test]
async fn requests_and_concurrency_per_host_are_counted() {
    let server = start_with(only(|config| {
        config.slow_share = 1.0;
        config.slow_ms = 400;
        // Slow on every attempt, however often the URL is asked for.
        config.clean_after = u32::MAX;
    }))
    .await;
    let client = client();
    let url = mastodon_url(&server, "/api/v1/instance");
    for _ in 0..3 {
        client
            .get(&url)
            .send()
            .await
            .expect("answer")
            .bytes()
            .await
            .expect("body");
    }
    assert_eq!(server.max_concurrency_per_host(), 1, "one at a time");
    let together = (0..4).map(|_| async {
        client
            .get(&url)
            .send()
            .await
            .expect("answer")
            .bytes()
            .await
            .expect("body")
    });
    futures::future::join_all(together).await;
    assert_eq!(server.max_concurrency_per_host(), 4);
    assert_eq!(server.request_count(), 7);
    let peaks = server.concurrency_peaks();
    assert_eq!(peaks.len(), server.hosts().len());
    assert_eq!(peaks.iter().filter(|(_, peak)| *peak > 0).count(), 1);
    server.shutdown().await;
}
