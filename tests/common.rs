//! Helpers shared by the integration tests: run the real `scout` binary, start its server and
//! wait for it through its health endpoint.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The `scout` binary built for these tests, pointed at `data`.
pub fn scout(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_scout"));
    command.arg("--data").arg(data).env("SCOUT_LOG", "warn");
    command
}

/// Runs `scout` with `args` and returns its output, failing the test on a non-zero exit.
pub fn run_ok(data: &Path, args: &[&str]) -> Output {
    let output = scout(data)
        .args(args)
        .output()
        .expect("the scout binary runs");
    assert!(
        output.status.success(),
        "scout {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    output
}

/// Runs `scout` with `args`, expecting failure; returns standard error.
pub fn run_err(data: &Path, args: &[&str]) -> String {
    let output = scout(data)
        .args(args)
        .output()
        .expect("the scout binary runs");
    assert!(
        !output.status.success(),
        "scout {args:?} should have failed but printed {}",
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// What a process interrupted with Ctrl-C left: its output and standard error.
pub struct Interrupted {
    pub status: std::process::ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `command` (a `scout` job), presses Ctrl-C (SIGINT) once it prints a line on standard
/// error that `at` accepts, and returns what it printed by the time it ended. Fails the test
/// when the job ends without printing such a line.
pub fn interrupt_at(mut command: Command, at: impl Fn(&str) -> bool) -> Interrupted {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the scout binary runs");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let mut stderr = Vec::new();
    let mut reached = false;
    for line in lines.by_ref() {
        let line = line.expect("a line of standard error");
        reached = at(&line);
        stderr.push(line);
        if reached {
            let pressed = Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status()
                .expect("kill runs");
            assert!(pressed.success(), "SIGINT not sent");
            break;
        }
    }
    assert!(
        reached,
        "the job ended before the line to interrupt at: {stderr:?}"
    );
    stderr.extend(lines.map(|line| line.expect("a line of standard error")));
    let output = child.wait_with_output().expect("the job ends");
    Interrupted {
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: stderr.join("\n"),
    }
}

/// A `scout serve` process, killed when dropped.
pub struct Server {
    child: Child,
    pub base_url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `scout serve` on an ephemeral loopback port with auth off (`--no-auth`) and waits
/// until `/healthz` answers.
pub async fn start_server(data: &Path) -> Server {
    start_server_with(data, &["--no-auth"]).await
}

/// Starts `scout serve --addr 127.0.0.1:0` with `flags` (auth is on unless they say
/// `--no-auth`) and waits until `/healthz` answers.
pub async fn start_server_with(data: &Path, flags: &[&str]) -> Server {
    let mut command = scout(data);
    command.args(["serve", "--addr", "127.0.0.1:0"]).args(flags);
    spawn_server(command).await
}

/// Spawns a prepared `scout serve` command, takes its address from the first line it prints
/// and waits until `/healthz` answers. Standard error is left as the command has it.
pub async fn spawn_server(mut command: Command) -> Server {
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .expect("scout serve starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut first_line = String::new();
    BufReader::new(stdout)
        .read_line(&mut first_line)
        .expect("scout serve prints its address");
    let base_url = first_line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {first_line:?}"))
        .to_string();
    let server = Server { child, base_url };
    wait_healthy(&server.base_url).await;
    server
}

/// Polls `GET /healthz` until it answers 200, for at most 30 seconds.
pub async fn wait_healthy(base_url: &str) {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(response) = client.get(format!("{base_url}/healthz")).send().await {
            if response.status().is_success() {
                return;
            }
        }
        assert!(Instant::now() < deadline, "{base_url} never became healthy");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `method url` with an optional JSON body: the status and the JSON answer (`null` when the
/// answer is not JSON).
pub async fn call(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    body: Option<serde_json::Value>,
) -> (reqwest::StatusCode, serde_json::Value) {
    let mut request = client.request(method.clone(), url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|error| panic!("{method} {url}: {error}"));
    let status = response.status();
    (
        status,
        response.json().await.unwrap_or(serde_json::Value::Null),
    )
}

/// `GET url` and its JSON body, whatever the status.
pub async fn get_json(client: &reqwest::Client, url: &str) -> serde_json::Value {
    client
        .get(url)
        .send()
        .await
        .unwrap_or_else(|error| panic!("GET {url}: {error}"))
        .json()
        .await
        .unwrap_or_else(|error| panic!("GET {url}: not JSON: {error}"))
}

/// A data directory holding a generated world (`scout sim generate`, indexed) with trained
/// models.
pub fn trained_world(creators: &str, seed: &str) -> tempfile::TempDir {
    let data_dir = tempfile::tempdir().unwrap();
    run_ok(
        data_dir.path(),
        &["sim", "generate", "--creators", creators, "--seed", seed],
    );
    run_ok(data_dir.path(), &["train"]);
    data_dir
}

/// A client that shows redirects instead of following them.
pub fn no_redirect_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}
