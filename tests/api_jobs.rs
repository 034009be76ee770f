//! Crawl jobs are kept in the store: after the server is killed and started again,
//! `GET /v1/jobs/{id}` still answers, a job that was running is `interrupted`, and new jobs
//! number on from the old ones.

use std::io::Read;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::common::{start_server, start_server_with, Server};

/// `scout serve` with auth off that may crawl loopback addresses.
async fn start_crawling_server(data: &std::path::Path) -> Server {
    start_server_with(data, &["--no-auth", "--crawl-allow-private"]).await
}

/// A loopback HTTP "server" that accepts connections and never answers: a crawl of it keeps
/// running until it is stopped.
fn silent_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for mut stream in listener.incoming().flatten() {
            let mut buffer = [0_u8; 1024];
            let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
            let _ = stream.read(&mut buffer);
            held.push(stream);
        }
    });
    format!("http://{address}")
}

async fn call(
    client: &Client,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = client.request(method, url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn job(client: &Client, server: &Server, id: u64) -> (StatusCode, Value) {
    call(
        client,
        reqwest::Method::GET,
        &format!("{}/v1/jobs/{id}", server.base_url),
        None,
    )
    .await
}

async fn post_crawl(client: &Client, server: &Server, seeds: Value) -> Value {
    let (status, job) = call(
        client,
        reqwest::Method::POST,
        &format!("{}/v1/crawl", server.base_url),
        Some(json!({ "seeds": seeds })),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{job}");
    job
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_answer_after_a_restart_and_running_ones_are_interrupted() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    drop(scout_index::Store::open(&data.join("store.sqlite")).unwrap());
    let silent = silent_server();
    let client = Client::new();
    let server = start_crawling_server(data).await;

    let running = post_crawl(&client, &server, json!([format!("{silent}/a")])).await;
    let running_id = running["id"].as_u64().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, view) = job(&client, &server, running_id).await;
        assert_eq!(status, StatusCode::OK, "{view}");
        if view["status"] == "running" {
            break;
        }
        assert_eq!(view["status"], "queued", "{view}");
        assert!(Instant::now() < deadline, "the job never started: {view}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // What a client has seen is in the store already: a kill now cannot take it back.
    let stored = scout_index::Store::open(&data.join("store.sqlite"))
        .unwrap()
        .crawl_job(running_id as i64)
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, "running");
    assert!(stored.started_at.is_some());
    let queued = post_crawl(
        &client,
        &server,
        json!([format!("{silent}/b"), format!("{silent}/c")]),
    )
    .await;
    let queued_id = queued["id"].as_u64().unwrap();
    assert_eq!(queued["status"], "queued", "{queued}");
    let (status, cancelled) = call(
        &client,
        reqwest::Method::DELETE,
        &format!("{}/v1/jobs/{queued_id}", server.base_url),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{cancelled}");
    assert_eq!(cancelled["status"], "cancelled", "{cancelled}");

    // Killed (no graceful shutdown), then started again on the same data.
    drop(server);
    let server = start_crawling_server(data).await;
    let (status, interrupted) = job(&client, &server, running_id).await;
    assert_eq!(status, StatusCode::OK, "{interrupted}");
    assert_eq!(interrupted["status"], "interrupted", "{interrupted}");
    assert_eq!(interrupted["seeds"], 1, "{interrupted}");
    assert!(interrupted["started_at"].is_string(), "{interrupted}");
    assert!(interrupted["finished_at"].is_string(), "{interrupted}");
    assert!(
        interrupted["error"]
            .as_str()
            .is_some_and(|error| error.contains("resume")),
        "{interrupted}"
    );
    let (status, still_cancelled) = job(&client, &server, queued_id).await;
    assert_eq!(status, StatusCode::OK, "{still_cancelled}");
    assert_eq!(still_cancelled["status"], "cancelled", "{still_cancelled}");
    assert_eq!(still_cancelled["seeds"], 2, "{still_cancelled}");
    assert_eq!(
        job(&client, &server, queued_id + 10).await.0,
        StatusCode::NOT_FOUND
    );

    // New jobs number on from the stored ones.
    let next = post_crawl(&client, &server, json!([format!("{silent}/d")])).await;
    assert_eq!(next["id"].as_u64(), Some(queued_id + 1), "{next}");
    let (status, _) = call(
        &client,
        reqwest::Method::DELETE,
        &format!("{}/v1/jobs/{}", server.base_url, queued_id + 1),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loopback_and_private_seeds_are_refused_unless_allowed() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    drop(scout_index::Store::open(&data.join("store.sqlite")).unwrap());
    let silent = silent_server();
    let client = Client::new();
    let server = start_server(data).await;
    let url = format!("{}/v1/crawl", server.base_url);
    for (seeds, field) in [
        (json!([format!("{silent}/a")]), "seeds[0]"),
        (
            json!(["http://93.184.215.14/", "http://localhost/"]),
            "seeds[1]",
        ),
        (
            json!(["http://169.254.169.254/latest/meta-data/"]),
            "seeds[0]",
        ),
        (json!(["http://[::1]/"]), "seeds[0]"),
        (json!(["http://user:secret@93.184.215.14/"]), "seeds[0]"),
    ] {
        let (status, answer) = call(
            &client,
            reqwest::Method::POST,
            &url,
            Some(json!({ "seeds": seeds })),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{seeds} -> {answer}");
        assert_eq!(answer["error"]["field"], field, "{seeds} -> {answer}");
    }
    // Nothing was queued.
    assert_eq!(job(&client, &server, 1).await.0, StatusCode::NOT_FOUND);
    drop(server);

    let server = start_crawling_server(data).await;
    let accepted = post_crawl(&client, &server, json!([format!("{silent}/a")])).await;
    let (status, _) = call(
        &client,
        reqwest::Method::DELETE,
        &format!("{}/v1/jobs/{}", server.base_url, accepted["id"]),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
}
