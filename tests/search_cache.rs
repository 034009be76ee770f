//! The server's search answer cache, through the real binary and HTTP: a repeated search is
//! answered from the cache with the same body, a removed creator leaves the cached answers at
//! once, pages and filters are answers of their own, and `--search-cache 0` turns it off.
//! (Feedback moving the ranking on the next identical search is `feedback.rs`; a new index
//! commit showing at once is `indexing.rs`: both run with the cache on.)

use reqwest::{Client, StatusCode};
use serde_json::Value;

use crate::common::{get_json, run_ok, start_server, start_server_with};

/// The cache's counters from `/metrics`: (hits, misses, entries).
async fn cache_counters(client: &Client, base: &str) -> (u64, u64, u64) {
    let text = client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let value = |name: &str| -> u64 {
        text.lines()
            .find_map(|line| line.strip_prefix(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no {name} in /metrics:\n{text}"))
            .parse()
            .unwrap()
    };
    (
        value("scout_search_cache_hits_total"),
        value("scout_search_cache_misses_total"),
        value("scout_search_cache_entries"),
    )
}

/// The body without `took_ms`, which is each request's own.
fn answer(mut body: Value) -> Value {
    body.as_object_mut().unwrap().remove("took_ms");
    body
}

fn ids(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_searches_are_served_from_the_cache_until_the_data_changes() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    run_ok(
        data,
        &[
            "sim",
            "generate",
            "--creators",
            "200",
            "--posts-per-creator",
            "8",
            "--seed",
            "5",
        ],
    );
    let client = Client::new();
    let server = start_server(data).await;
    let base = &server.base_url;
    let url = format!("{base}/v1/search?q=workout&limit=10");

    let first = get_json(&client, &url).await;
    assert!(ids(&first).len() >= 3, "{first}");
    assert_eq!(cache_counters(&client, base).await, (0, 1, 1));
    let second = get_json(&client, &url).await;
    assert_eq!(answer(second), answer(first.clone()));
    assert_eq!(cache_counters(&client, base).await, (1, 1, 1));

    // Another page and another filter are other answers.
    let page_two = get_json(&client, &format!("{url}&offset=10")).await;
    assert!(ids(&page_two).iter().all(|id| !ids(&first).contains(id)));
    let on_web = get_json(&client, &format!("{url}&platform=web")).await;
    assert!(on_web["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|result| result["platform"] == "web"));
    assert_eq!(cache_counters(&client, base).await, (1, 3, 3));

    // A creator removed is gone from the very next identical search.
    let removed = ids(&first)[0].clone();
    let response = client
        .delete(format!("{base}/v1/creators/{removed}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{:?}",
        response.text().await
    );
    let after = get_json(&client, &url).await;
    assert!(!ids(&after).contains(&removed), "{after}");
    let (hits, misses, _) = cache_counters(&client, base).await;
    assert_eq!((hits, misses), (1, 4));

    // Off: every search is computed.
    drop(server);
    let server = start_server_with(data, &["--no-auth", "--search-cache", "0"]).await;
    let url = format!("{}/v1/search?q=workout&limit=10", server.base_url);
    let once = get_json(&client, &url).await;
    let twice = get_json(&client, &url).await;
    assert_eq!(answer(once.clone()), answer(twice));
    assert_eq!(ids(&once), ids(&after));
    assert_eq!(cache_counters(&client, &server.base_url).await, (0, 0, 0));
}
