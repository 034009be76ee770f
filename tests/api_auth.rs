//! API keys, scopes and limits through the real `scout` binary and real HTTP on loopback:
//! `scout keys` on a real store, `scout serve` with auth on, keys created and revoked while it
//! runs, per-key rate limits, the in-flight cap, the time limit and CORS. The servers run on
//! an empty store (no crawl needed): searches answer 200 with no results.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use reqwest::header::{self, HeaderMap};
use reqwest::{Client, StatusCode};
use serde_json::Value;
use tokio::sync::oneshot;

use crate::common::{run_err, run_ok, scout, spawn_server, start_server_with};

/// Runs `scout keys create ARGS` and returns its standard output, which must be the key alone.
fn create_key(data: &Path, args: &[&str]) -> String {
    let mut command = vec!["keys", "create"];
    command.extend_from_slice(args);
    let output = run_ok(data, &command);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let key = stdout
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("{stdout:?} does not end in a newline"));
    assert!(is_key(key), "stdout is not exactly one key: {stdout:?}");
    key.to_string()
}

/// `scout_<12 hex>_<64 hex>` and nothing else.
fn is_key(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("scout_") else {
        return false;
    };
    let Some((id, secret)) = rest.split_once('_') else {
        return false;
    };
    let lower_hex = |part: &str| {
        part.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    };
    id.len() == 12 && secret.len() == 64 && lower_hex(id) && lower_hex(secret)
}

/// The public id inside a key.
fn key_id(key: &str) -> &str {
    &key["scout_".len().."scout_".len() + 12]
}

/// Status, headers and JSON body of a `GET` with an optional bearer key.
async fn get(client: &Client, url: &str, key: Option<&str>) -> (StatusCode, HeaderMap, Value) {
    let mut request = client.get(url);
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, headers, body)
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {body}"))
}

fn header_text<'a>(headers: &'a HeaderMap, name: &header::HeaderName) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header in {headers:?}"))
        .to_str()
        .unwrap()
}

#[test]
fn keys_create_prints_only_the_key_and_list_and_revoke_manage_it() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();

    let output = run_ok(
        data,
        &[
            "keys",
            "create",
            "--scopes",
            "write,read",
            "--rate-limit",
            "5/s",
            "--name",
            "ci",
        ],
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let key = stdout.strip_suffix('\n').unwrap();
    assert!(is_key(key), "{stdout:?}");
    let id = key_id(key);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains(id) && !stderr.contains(key), "{stderr}");
    let second = create_key(data, &["--scopes", "admin"]);
    assert_ne!(key, second);

    // Only hashes are stored: no file of the store holds either key or its secret.
    for entry in std::fs::read_dir(data).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for secret in [&key[19..], &second[19..]] {
            assert!(!text.contains(secret), "a key's secret is stored in clear");
        }
    }

    let table = String::from_utf8(run_ok(data, &["keys", "list"]).stdout).unwrap();
    let row = table.lines().find(|line| line.starts_with(id)).unwrap();
    for expected in ["ci", "read,write", "5/s"] {
        assert!(row.contains(expected), "{row}");
    }
    assert!(!table.contains(&key[19..]), "{table}");

    let revoked = String::from_utf8(run_ok(data, &["keys", "revoke", id]).stdout).unwrap();
    assert!(
        revoked.contains(&format!("revoked API key {id}")),
        "{revoked}"
    );
    let listed: Value =
        serde_json::from_slice(&run_ok(data, &["keys", "list", "--json"]).stdout).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2);
    let first = listed.iter().find(|key| key["id"] == id).unwrap();
    assert!(first["revoked_at"].is_string(), "{first}");
    assert_eq!(first["scopes"], serde_json::json!(["read", "write"]));
    let other = listed.iter().find(|key| key["id"] != id).unwrap();
    assert!(other["revoked_at"].is_null(), "{other}");
    assert!(other["rate_limit_per_second"].is_null(), "{other}");

    let stderr = run_err(data, &["keys", "revoke", "000000000000"]);
    assert!(stderr.contains("no API key"), "{stderr}");
    let stderr = run_err(data, &["keys", "create", "--scopes", "read,root"]);
    assert!(
        stderr.contains("scopes") && stderr.contains("root"),
        "{stderr}"
    );
    let stderr = run_err(
        data,
        &["keys", "create", "--scopes", "read", "--rate-limit", "fast"],
    );
    assert!(stderr.contains("rate-limit"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_checks_keys_and_scopes_and_sees_keys_created_or_revoked_while_running() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    let reader = create_key(data, &["--scopes", "read", "--name", "reader"]);
    let writer = create_key(data, &["--scopes", "write"]);

    // Debug logs on, to check below that no key reaches them.
    let log_path = data.join("server.log");
    let mut command = scout(data);
    command
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("SCOUT_LOG", "debug")
        .stderr(Stdio::from(std::fs::File::create(&log_path).unwrap()));
    let server = spawn_server(command).await;
    let client = Client::new();
    let search = format!("{}/v1/search?q=yoga", server.base_url);

    let (status, headers, body) = get(&client, &search, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(header_text(&headers, &header::WWW_AUTHENTICATE).starts_with("Bearer"));
    assert_eq!(error_code(&body), "unauthorized");
    let response = client
        .get(&search)
        .header(header::AUTHORIZATION, format!("Basic {reader}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let (status, headers, body) = get(&client, &search, Some("scout_000000000000_00")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(header_text(&headers, &header::WWW_AUTHENTICATE).contains("invalid_token"));
    assert_eq!(error_code(&body), "invalid_api_key");

    let (status, _, body) = get(&client, &search, Some(&reader)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["results"].is_array(), "{body}");
    let models = format!("{}/v1/models", server.base_url);
    assert_eq!(get(&client, &models, Some(&reader)).await.0, StatusCode::OK);

    // A valid key without the route's scope: 403 naming the scope.
    let (status, headers, body) = get(&client, &search, Some(&writer)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(error_code(&body), "insufficient_scope");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("\"read\""));
    assert!(header_text(&headers, &header::WWW_AUTHENTICATE).contains("scope=\"read\""));

    // Health, readiness and metrics stay open.
    for open in ["/healthz", "/readyz", "/metrics"] {
        let response = client
            .get(format!("{}{open}", server.base_url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{open}");
    }

    // A key created while the server runs works on the next request, with no restart.
    let late = create_key(data, &["--scopes", "read"]);
    let (status, _, body) = get(&client, &search, Some(&late)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let response = client
        .post(format!("{}/v1/search", server.base_url))
        .bearer_auth(&late)
        .json(&serde_json::json!({"query": "yoga", "limit": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    // A key revoked while the server runs is refused from the next request.
    run_ok(data, &["keys", "revoke", key_id(&reader)]);
    let (status, _, body) = get(&client, &search, Some(&reader)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(error_code(&body), "invalid_api_key");
    assert_eq!(get(&client, &search, Some(&late)).await.0, StatusCode::OK);

    drop(server);
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        log.contains(key_id(&late)),
        "the request log names the key id"
    );
    for key in [&reader, &writer, &late] {
        assert!(!log.contains(&key[19..]), "a key reached the log:\n{log}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_are_per_key_and_answer_429_with_retry_after() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    let slow = create_key(data, &["--scopes", "read", "--rate-limit", "6/min"]);
    let default = create_key(data, &["--scopes", "read"]);
    let fast = create_key(data, &["--scopes", "read", "--rate-limit", "1000/s"]);
    let server = start_server_with(data, &["--default-rate-limit", "2/min"]).await;
    let client = Client::new();
    let search = format!("{}/v1/search?q=yoga", server.base_url);

    // 6/min: a burst of one, then 429 until a token comes back 10 s later.
    assert_eq!(get(&client, &search, Some(&slow)).await.0, StatusCode::OK);
    let (status, headers, body) = get(&client, &search, Some(&slow)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(error_code(&body), "rate_limited");
    let retry_after: u64 = header_text(&headers, &header::RETRY_AFTER).parse().unwrap();
    assert!((9..=10).contains(&retry_after), "{retry_after}");

    // The server's default (2/min) for a key without its own limit: one request, then a
    // wait of 30 s.
    assert_eq!(
        get(&client, &search, Some(&default)).await.0,
        StatusCode::OK
    );
    let (status, headers, _) = get(&client, &search, Some(&default)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = header_text(&headers, &header::RETRY_AFTER).parse().unwrap();
    assert!((29..=30).contains(&retry_after), "{retry_after}");

    // Other keys have their own buckets.
    for _ in 0..10 {
        assert_eq!(get(&client, &search, Some(&fast)).await.0, StatusCode::OK);
    }
}

/// A POST whose JSON body is sent only when `release` fires (or never, if it is dropped):
/// the request holds its place in the server until then.
fn slow_search(
    client: &Client,
    base_url: &str,
    release: oneshot::Receiver<()>,
) -> tokio::task::JoinHandle<reqwest::Result<reqwest::Response>> {
    let body = futures::stream::once(async move {
        let sent = release.await;
        if sent.is_err() {
            std::future::pending::<()>().await;
        }
        Ok::<_, std::io::Error>(r#"{"query":"yoga"}"#)
    });
    let request = client
        .post(format!("{base_url}/v1/search"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(reqwest::Body::wrap_stream(body));
    tokio::spawn(request.send())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_over_the_in_flight_cap_are_shed_with_503_and_retry_after() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    run_ok(data, &["keys", "list"]);
    let server = start_server_with(
        data,
        &[
            "--no-auth",
            "--max-concurrent-requests",
            "2",
            "--request-timeout",
            "60s",
        ],
    )
    .await;
    let client = Client::new();
    let search = format!("{}/v1/search?q=yoga", server.base_url);
    assert_eq!(get(&client, &search, None).await.0, StatusCode::OK);

    // Three held requests against a cap of two, and nothing else in flight: whichever comes
    // third is shed at once, while the other two keep their slots until released.
    let mut gates = Vec::new();
    let mut held = Vec::new();
    for _ in 0..3 {
        let (release, gate) = oneshot::channel();
        gates.push(release);
        held.push(slow_search(&client, &server.base_url, gate));
    }
    let (shed, position, mut held) =
        tokio::time::timeout(Duration::from_secs(20), futures::future::select_all(held))
            .await
            .expect("one of three requests is shed by a cap of two");
    let shed = shed.unwrap().unwrap();
    assert_eq!(shed.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(header_text(shed.headers(), &header::RETRY_AFTER), "1");
    let body: Value = shed.json().await.unwrap();
    assert_eq!(error_code(&body), "overloaded");
    gates.remove(position);

    // While the two hold their slots, every other /v1 request is shed; probes are not limited.
    let (status, headers, body) = get(&client, &search, None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(header_text(&headers, &header::RETRY_AFTER), "1");
    let health = client
        .get(format!("{}/healthz", server.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert!(held.iter().all(|request| !request.is_finished()));

    // The held requests finish normally, and their slots come back.
    for release in gates {
        release.send(()).unwrap();
    }
    for request in held.drain(..) {
        let response = request.await.unwrap().unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    assert_eq!(get(&client, &search, None).await.0, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_past_the_time_limit_get_a_503_json_error() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    run_ok(data, &["keys", "list"]);
    let server = start_server_with(data, &["--no-auth", "--request-timeout", "1s"]).await;
    let client = Client::new();

    let started = Instant::now();
    let (_never, gate) = oneshot::channel::<()>();
    let response = tokio::time::timeout(
        Duration::from_secs(20),
        slow_search(&client, &server.base_url, gate),
    )
    .await
    .expect("the server ends a request whose body never comes")
    .unwrap()
    .unwrap();
    let waited = started.elapsed();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), "timeout");
    assert!(waited >= Duration::from_millis(900), "{waited:?}");
    assert!(waited < Duration::from_secs(20), "{waited:?}");

    // Requests that finish in time are unaffected.
    let search = format!("{}/v1/search?q=yoga", server.base_url);
    assert_eq!(get(&client, &search, None).await.0, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_preflights_allow_the_configured_origins_only() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    run_ok(data, &["keys", "list"]);
    let server = start_server_with(
        data,
        &["--cors-origin", "https://app.example,http://localhost:3000"],
    )
    .await;
    let client = Client::new();
    let search = format!("{}/v1/search", server.base_url);

    // A preflight carries no key, and needs none.
    let preflight = |origin: &'static str| {
        client
            .request(reqwest::Method::OPTIONS, &search)
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                "authorization,content-type",
            )
            .send()
    };
    let response = preflight("https://app.example").await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    assert_eq!(
        header_text(headers, &header::ACCESS_CONTROL_ALLOW_ORIGIN),
        "https://app.example"
    );
    assert!(header_text(headers, &header::ACCESS_CONTROL_ALLOW_METHODS).contains("POST"));
    let allowed_headers = header_text(headers, &header::ACCESS_CONTROL_ALLOW_HEADERS);
    assert!(
        allowed_headers.contains("authorization"),
        "{allowed_headers}"
    );

    let response = preflight("https://evil.example").await.unwrap();
    assert!(response
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());

    // Errors carry CORS headers too, so a page can read why it was refused.
    let response = client
        .get(format!("{search}?q=yoga"))
        .header(header::ORIGIN, "http://localhost:3000")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        header_text(response.headers(), &header::ACCESS_CONTROL_ALLOW_ORIGIN),
        "http://localhost:3000"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_is_required_off_loopback_and_can_be_off_only_on_loopback() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    run_ok(data, &["keys", "list"]);
    for args in [
        &["serve", "--no-auth", "--addr", "0.0.0.0:0"][..],
        &["demo", "--creators", "5", "--addr", "0.0.0.0:0"],
    ] {
        let stderr = run_err(data, args);
        assert!(stderr.contains("loopback"), "{stderr}");
    }

    // With auth on (the default) every address is allowed.
    let mut command = scout(data);
    command.args(["serve", "--addr", "0.0.0.0:0"]);
    let server = spawn_server(command).await;
    assert!(server.base_url.starts_with("http://0.0.0.0:"));
    let client = Client::new();
    let (status, _, body) = get(&client, &format!("{}/v1/models", server.base_url), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
}

/// A `scout demo` process, killed when dropped; its standard output stays open meanwhile.
struct Demo {
    child: std::process::Child,
    _stdout: std::io::BufReader<std::process::ChildStdout>,
    base_url: String,
    /// The line that announced the server.
    serving_line: String,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a tiny `scout demo` with `flags` until it serves.
async fn start_demo(data: &Path, flags: &[&str]) -> Demo {
    use std::io::BufRead;

    let mut child = scout(data)
        .args(["demo", "--creators", "20", "--addr", "127.0.0.1:0"])
        .args(flags)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "the demo ended before serving"
        );
        if line.starts_with("[5/5]") {
            break;
        }
    }
    let base_url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap()
        .to_string();
    crate::common::wait_healthy(&base_url).await;
    Demo {
        child,
        _stdout: stdout,
        base_url,
        serving_line: line,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_says_whether_auth_is_on_and_enforces_it_only_with_auth() {
    let client = Client::new();

    let open_dir = tempfile::tempdir().unwrap();
    let demo = start_demo(open_dir.path(), &[]).await;
    assert!(
        demo.serving_line.contains("auth off"),
        "{}",
        demo.serving_line
    );
    let search = format!("{}/v1/search?q=the", demo.base_url);
    let (status, _, body) = get(&client, &search, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    drop(demo);

    let guarded_dir = tempfile::tempdir().unwrap();
    let data = guarded_dir.path();
    let demo = start_demo(data, &["--auth"]).await;
    assert!(
        demo.serving_line.contains("auth on"),
        "{}",
        demo.serving_line
    );
    let search = format!("{}/v1/search?q=the", demo.base_url);
    let (status, _, body) = get(&client, &search, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let key = create_key(data, &["--scopes", "read", "--name", "demo"]);
    let (status, _, body) = get(&client, &search, Some(&key)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["total"].as_u64().unwrap() > 0, "{body}");
}
