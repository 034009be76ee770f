//! The world every browser test shares, built once per test binary: the demo's simulated web
//! (its seed, fewer creators) crawled, indexed and trained with the real `scout` binary, then
//! served by two `scout serve` processes on loopback — one with auth off, one with auth on and
//! one API key.
//!
//! The world lives in a static, whose destructor never runs, so each server is started under a
//! small shell that ends it (and removes the data directory) once the test binary's end of the
//! shell's standard input closes — which the operating system does when the binary exits, however
//! it exits.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};

use scout::sim::{self, SimConfig, Truth};

use crate::common::{run_ok, wait_healthy};

/// The demo's default seed (`scout demo --seed`): the tests see the world a person starting the
/// demo sees, only smaller.
pub const SEED: u64 = 42;

/// Creators in the world: enough for the issue's scenario (at least three fitness creators on
/// Mastodon or Bluesky with a mostly 18–34 audience in Brazil or Portugal), few enough to crawl,
/// index and train in seconds.
pub const CREATORS: usize = 600;

/// Ends the server (`"$@"`) when standard input reaches its end, then removes
/// `$SCOUT_BROWSER_CLEANUP` when set.
const GUARD_SCRIPT: &str = r#""$@" </dev/null &
server=$!
cat >/dev/null
kill "$server" 2>/dev/null
wait "$server"
if [ -n "$SCOUT_BROWSER_CLEANUP" ]; then rm -rf -- "$SCOUT_BROWSER_CLEANUP"; fi
"#;

/// What the log of the server with auth on records: the request traces included, so that a
/// test can check the key never reaches the log.
const GUARDED_LOG_FILTER: &str = "info,tower_http=debug,scout=debug";

/// The shared world: its ground truth and its two servers.
pub struct World {
    /// The simulated world's ground truth (for checking what the pages found, never shown to
    /// the server).
    pub truth: Truth,
    /// `scout serve --no-auth`.
    pub open: Server,
    /// `scout serve` with auth on; [`World::key`] opens it.
    pub guarded: Server,
    /// A key with scopes read and write for [`World::guarded`].
    pub key: String,
}

/// A `scout serve` process under its guard shell.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The server's standard error: its log.
    pub log: PathBuf,
    /// The guard shell, the write end of its standard input and the read end of its standard
    /// output: held open for as long as the test binary runs.
    _guard: Mutex<(Child, ChildStdin, BufReader<ChildStdout>)>,
}

static WORLD: OnceLock<Result<World, String>> = OnceLock::new();

/// The shared world, built by the first test that asks (the others wait for it).
pub fn world() -> &'static World {
    WORLD
        .get_or_init(|| {
            // The build runs a runtime of its own for the simulated web: on a thread of its own,
            // outside the calling test's runtime.
            std::thread::spawn(build)
                .join()
                .unwrap_or_else(|_| Err("building it panicked (see above)".into()))
        })
        .as_ref()
        .unwrap_or_else(|error| panic!("the browser tests' world could not be built: {error}"))
}

fn build() -> Result<World, String> {
    let data = tempfile::Builder::new()
        .prefix("scout-browser-")
        .tempdir()
        .map_err(|error| format!("no temporary directory: {error}"))?
        .keep();
    let built = build_in(&data);
    if built.is_err() {
        let _ = std::fs::remove_dir_all(&data);
    }
    built
}

fn build_in(data: &Path) -> Result<World, String> {
    let world = Arc::new(sim::World::generate(&SimConfig {
        seed: SEED,
        creators: CREATORS,
    }));
    let truth = world.truth();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|error| format!("no runtime: {error}"))?;
    let sim_server = runtime
        .block_on(sim::serve(world, "127.0.0.1:0".parse().unwrap()))
        .map_err(|error| format!("the simulated web does not serve: {error}"))?;
    let seeds_file = data.join("seeds.txt");
    std::fs::write(&seeds_file, sim_server.seeds().join("\n"))
        .map_err(|error| format!("cannot write {}: {error}", seeds_file.display()))?;
    run_ok(
        data,
        &["crawl", "--seeds-file", seeds_file.to_str().unwrap()],
    );
    runtime.block_on(sim_server.shutdown());
    run_ok(data, &["index", "--rebuild"]);
    run_ok(data, &["train"]);
    let created = run_ok(
        data,
        &[
            "keys",
            "create",
            "--scopes",
            "read,write",
            "--name",
            "browser",
        ],
    );
    let key = String::from_utf8_lossy(&created.stdout).trim().to_string();

    let open = Server::start(data, &["--no-auth"], "warn", None)?;
    let guarded = Server::start(data, &[], GUARDED_LOG_FILTER, Some(data))?;
    runtime.block_on(async {
        wait_healthy(&open.base_url).await;
        wait_healthy(&guarded.base_url).await;
    });
    Ok(World {
        truth,
        open,
        guarded,
        key,
    })
}

impl Server {
    /// Starts `scout serve --addr 127.0.0.1:0 FLAGS` on `data` under the guard shell, logging at
    /// `log_filter`; `cleanup` is removed when the server ends.
    fn start(
        data: &Path,
        flags: &[&str],
        log_filter: &str,
        cleanup: Option<&Path>,
    ) -> Result<Server, String> {
        let log = data.join(format!("serve-{}.log", flags.join("").replace('-', "")));
        let log_file = File::create(&log)
            .map_err(|error| format!("cannot create {}: {error}", log.display()))?;
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(GUARD_SCRIPT)
            .arg("scout-browser-guard")
            .arg(env!("CARGO_BIN_EXE_scout"))
            .arg("--data")
            .arg(data)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(flags)
            .env("SCOUT_LOG", log_filter)
            .env(
                "SCOUT_BROWSER_CLEANUP",
                cleanup.map(Path::as_os_str).unwrap_or_default(),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .map_err(|error| format!("cannot start scout serve: {error}"))?;
        let stdin = child.stdin.take().expect("piped stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut first_line = String::new();
        stdout
            .read_line(&mut first_line)
            .map_err(|error| format!("scout serve printed nothing: {error}"))?;
        let base_url = first_line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .ok_or_else(|| {
                format!(
                    "no address in {first_line:?}; log: {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                )
            })?
            .to_string();
        Ok(Server {
            base_url,
            log,
            _guard: Mutex::new((child, stdin, stdout)),
        })
    }
}
