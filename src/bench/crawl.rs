//! `scout bench crawl`: Scout's crawler against Scrapy on the simulated web, over loopback.
//!
//! How it measures:
//! - This process generates a world of `--creators` creators and serves it on loopback (the
//!   simulated web's seven hosts, no injected faults). Everything the crawlers fetch is counted
//!   by the simulated web itself: pages are the requests it answered during each crawl,
//!   robots.txt included, so both crawlers are counted by the same yardstick.
//! - Scout crawls in a child process, the real `scout crawl` of this executable, from the
//!   simulated web's seeds into a fresh data directory (SQLite store and crawl state), with
//!   politeness lifted for loopback: `--concurrency` requests in flight and `--per-host` per
//!   host instead of one (the simulated robots.txt files set no `Crawl-delay`; robots.txt is
//!   still fetched and obeyed). Its time is the child's wall time from spawn to exit, start-up
//!   and the last store write included. Records are the creators in its store afterwards.
//! - Peak RSS is the crawl process's own: `getrusage(RUSAGE_CHILDREN)` read right after it is
//!   reaped gives the largest resident set of the children this process has waited for, and
//!   the crawl is the first (Scrapy runs after the reading). The simulated web's memory stays
//!   in this process and is not counted. The table also shows CPU seconds: each crawler's
//!   process (children's user + system time) and the simulated web's (this process's) during
//!   that crawl, to tell where the time went on a shared machine.
//! - Scrapy then fetches and parses the same pages: the spider kept in
//!   `benches/crawl/scout_bench_spider.py` (embedded here) gets the list of URLs Scout
//!   requested, taken from the simulated web's request log, and parses each response as
//!   Scout's extractors do (JSON, Atom XML, HTML with JSON-LD, microdata, OpenGraph), with the
//!   same global and per-host concurrency (one download slot per `host:port`), robots.txt
//!   obeyed, no AutoThrottle and no delay. Given the list up front, Scrapy never waits for a
//!   response to learn the next URL, which favours it. Its time is the spider's own, from
//!   spider open to close, so Python's start-up is not counted against it.
//!
//! Scrapy is the executable named by `SCOUT_SCRAPY`, else `scrapy` on `PATH`
//! (`benches/crawl/run.sh` installs it in a virtualenv and runs the benchmark). Without it the
//! benchmark still prints Scout's figures, with `"scrapy": null`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use nix::sys::resource::{getrusage, UsageWho};

use super::cpu_seconds;
use scout_index::Store;
use serde::{Deserialize, Serialize};

use crate::paths::DataDir;
use crate::sim::{self, params, SimConfig, SimServer, World};

/// Creators in the simulated web unless `--creators` says otherwise.
pub const DEFAULT_CREATORS: usize = 2_000;
/// Seed of the simulated web unless `--seed` says otherwise.
pub const DEFAULT_SEED: u64 = 42;
/// Requests in flight across all hosts, for both crawlers.
pub const DEFAULT_CONCURRENCY: usize = 32;
/// Requests in flight per host (`host:port`), for both crawlers.
pub const DEFAULT_PER_HOST: usize = 8;
/// The environment variable naming the Scrapy executable.
pub const SCRAPY_ENV: &str = "SCOUT_SCRAPY";
/// How to get Scrapy, printed when it is missing.
pub const SCRAPY_HINT: &str = "install it with `bash benches/crawl/run.sh` (a virtualenv under ~/.cache/scout with `pip install scrapy`, then this benchmark) or `pip install scrapy`, and point SCOUT_SCRAPY at the `scrapy` executable or put it on PATH";

const SPIDER_FILE: &str = "scout_bench_spider.py";
const SPIDER_SOURCE: &str = include_str!("../../benches/crawl/scout_bench_spider.py");

/// What to run.
#[derive(Debug, Clone)]
pub struct CrawlBenchConfig {
    pub creators: usize,
    pub seed: u64,
    /// Requests in flight across all hosts.
    pub concurrency: usize,
    /// Requests in flight per host.
    pub per_host: usize,
    /// The `scout` executable whose `crawl` is measured.
    pub scout_exe: PathBuf,
    pub scrapy: ScrapyLocation,
}

/// Where Scrapy is, or why it cannot be run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScrapyLocation {
    Found(PathBuf),
    Missing(String),
}

impl ScrapyLocation {
    /// `SCOUT_SCRAPY` when set, else the first `scrapy` on `PATH`.
    pub fn from_env() -> ScrapyLocation {
        if let Some(named) = std::env::var_os(SCRAPY_ENV).filter(|value| !value.is_empty()) {
            let path = PathBuf::from(&named);
            return if path.is_file() {
                ScrapyLocation::Found(path)
            } else {
                ScrapyLocation::Missing(format!("{SCRAPY_ENV}={} is not a file", path.display()))
            };
        }
        let found = std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("scrapy"))
                .find(|candidate| candidate.is_file())
        });
        match found {
            Some(path) => ScrapyLocation::Found(path),
            None => ScrapyLocation::Missing(format!("no `scrapy` on PATH and {SCRAPY_ENV} unset")),
        }
    }
}

/// The figures `--json` prints, with the details the table shows besides.
#[derive(Debug, Clone, Serialize)]
pub struct CrawlBenchReport {
    pub scout: ScoutFigures,
    pub scrapy: Option<ScrapyFigures>,
    /// Scout's pages/s ÷ Scrapy's; `None` without Scrapy.
    pub ratio: Option<f64>,
    #[serde(skip)]
    pub setup: BenchSetup,
    /// Why Scrapy's figures are missing, when they are.
    #[serde(skip)]
    pub scrapy_missing: Option<String>,
}

/// How the run was set up.
#[derive(Debug, Clone)]
pub struct BenchSetup {
    pub creators: usize,
    pub seed: u64,
    pub hosts: usize,
    pub seeds: usize,
    pub concurrency: usize,
    pub per_host: usize,
}

/// Scout's crawl.
#[derive(Debug, Clone, Serialize)]
pub struct ScoutFigures {
    pub pages_per_s: f64,
    pub records_per_s: f64,
    /// Largest resident set of the crawl process, in MB (10^6 bytes).
    pub peak_rss_mb: f64,
    #[serde(skip)]
    pub pages: u64,
    #[serde(skip)]
    pub records: u64,
    #[serde(skip)]
    pub seconds: f64,
    #[serde(skip)]
    pub cpu: CpuSeconds,
    /// The summary line `scout crawl` printed.
    #[serde(skip)]
    pub summary: String,
}

/// Scrapy's crawl of the same pages.
#[derive(Debug, Clone, Serialize)]
pub struct ScrapyFigures {
    pub pages_per_s: f64,
    #[serde(skip)]
    pub pages: u64,
    #[serde(skip)]
    pub responses: u64,
    #[serde(skip)]
    pub items: u64,
    #[serde(skip)]
    pub seconds: f64,
    #[serde(skip)]
    pub cpu: CpuSeconds,
}

/// Processor time (user + system) spent during one crawl.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CpuSeconds {
    /// By the crawler's process.
    pub crawler: f64,
    /// By this process: the simulated web serving the crawler (and the harness).
    pub simulated_web: f64,
}

/// Runs `command` to completion and returns its output, its wall time and the processor time
/// it and the simulated web used meanwhile.
fn run_timed(mut command: Command) -> (std::io::Result<Output>, f64, CpuSeconds) {
    let children_before = cpu_seconds(UsageWho::RUSAGE_CHILDREN);
    let self_before = cpu_seconds(UsageWho::RUSAGE_SELF);
    let started = Instant::now();
    let output = command.output();
    let seconds = started.elapsed().as_secs_f64();
    let cpu = CpuSeconds {
        crawler: cpu_seconds(UsageWho::RUSAGE_CHILDREN) - children_before,
        simulated_web: cpu_seconds(UsageWho::RUSAGE_SELF) - self_before,
    };
    (output, seconds, cpu)
}

/// What the spider writes when it closes.
#[derive(Debug, Deserialize)]
struct SpiderStats {
    urls: u64,
    responses: u64,
    items: u64,
    parse_errors: u64,
    seconds: f64,
    reason: String,
}

/// Serves the world, runs both crawlers one after the other and returns their figures.
pub async fn run(config: &CrawlBenchConfig) -> Result<CrawlBenchReport> {
    if config.creators == 0 {
        bail!("creators: must be at least 1");
    }
    if config.concurrency == 0 || config.per_host == 0 {
        bail!("concurrency and per-host: must be at least 1");
    }
    let work = tempfile::Builder::new()
        .prefix("scout-bench-crawl-")
        .tempdir()
        .context("cannot create a temporary directory for the benchmark")?;
    let sim_config = SimConfig {
        seed: config.seed,
        creators: config.creators,
    };
    let world = tokio::task::spawn_blocking(move || World::generate(&sim_config)).await?;
    let server = sim::serve(Arc::new(world), "127.0.0.1:0".parse()?)
        .await
        .context("cannot serve the simulated web on loopback")?;
    let report = measure(config, &server, work.path()).await;
    server.shutdown().await;
    report
}

async fn measure(
    config: &CrawlBenchConfig,
    server: &SimServer,
    work: &Path,
) -> Result<CrawlBenchReport> {
    let seeds = server.seeds();
    let seeds_path = work.join("seeds.txt");
    std::fs::write(&seeds_path, seeds.join("\n") + "\n")?;
    let data = DataDir::new(work.join("data"));

    let before = server.request_count();
    let mut crawl = Command::new(&config.scout_exe);
    crawl
        .arg("--data")
        .arg(data.root())
        .arg("crawl")
        .arg("--seeds-file")
        .arg(&seeds_path)
        .args(["--concurrency", &config.concurrency.to_string()])
        .args(["--per-host", &config.per_host.to_string()]);
    let (output, seconds, cpu, peak_rss_kb) = tokio::task::spawn_blocking(move || {
        let (output, seconds, cpu) = run_timed(crawl);
        // Read before any other child is reaped: the crawl is the only one so far.
        let peak = getrusage(UsageWho::RUSAGE_CHILDREN).map(|usage| usage.max_rss());
        (output, seconds, cpu, peak)
    })
    .await?;
    let output = output.context("cannot run `scout crawl`")?;
    ensure_success("scout crawl", &output)?;
    let pages = server.request_count() - before;
    if pages == 0 {
        bail!("scout crawl fetched nothing from the simulated web");
    }
    let peak_rss_kb = peak_rss_kb.context("getrusage of the crawl process")?;
    let store = Store::open_read_only(&data.store_path())?;
    let records = store.counts()?.creators;
    let summary = String::from_utf8_lossy(&output.stdout)
        .lines()
        .find(|line| line.starts_with("crawl "))
        .unwrap_or_default()
        .to_string();
    let scout = ScoutFigures {
        pages_per_s: pages as f64 / seconds,
        records_per_s: records as f64 / seconds,
        // ru_maxrss is in KiB on Linux.
        peak_rss_mb: peak_rss_kb as f64 * 1024.0 / 1e6,
        pages,
        records,
        seconds,
        cpu,
        summary,
    };

    let (scrapy, scrapy_missing) = match &config.scrapy {
        ScrapyLocation::Missing(reason) => (None, Some(reason.clone())),
        ScrapyLocation::Found(scrapy) => {
            let urls = fetched_urls(server, pages)?;
            let urls_path = work.join("urls.txt");
            std::fs::write(&urls_path, urls.join("\n") + "\n")?;
            match run_scrapy(config, scrapy, server, work).await {
                Ok(figures) => (Some(figures), None),
                Err(error) => (None, Some(format!("{error:#}"))),
            }
        }
    };
    let ratio = scrapy
        .as_ref()
        .map(|scrapy| scout.pages_per_s / scrapy.pages_per_s);
    Ok(CrawlBenchReport {
        scout,
        scrapy,
        ratio,
        setup: BenchSetup {
            creators: config.creators,
            seed: config.seed,
            hosts: server.hosts().len(),
            seeds: seeds.len(),
            concurrency: config.concurrency,
            per_host: config.per_host,
        },
        scrapy_missing,
    })
}

/// The URLs Scout requested, in order, robots.txt left out (Scrapy fetches it itself).
fn fetched_urls(server: &SimServer, pages: u64) -> Result<Vec<String>> {
    if pages > params::REQUEST_LOG_CAPACITY as u64 {
        bail!(
            "scout fetched {pages} pages, more than the simulated web's request log keeps ({}): use fewer creators for the Scrapy comparison",
            params::REQUEST_LOG_CAPACITY
        );
    }
    Ok(server
        .request_log()
        .into_iter()
        .filter(|request| request.method == "GET" && request.path_and_query != "/robots.txt")
        .map(|request| format!("{}{}", request.host_base_url, request.path_and_query))
        .collect())
}

async fn run_scrapy(
    config: &CrawlBenchConfig,
    scrapy: &Path,
    server: &SimServer,
    work: &Path,
) -> Result<ScrapyFigures> {
    std::fs::write(work.join(SPIDER_FILE), SPIDER_SOURCE)?;
    let stats_path = work.join("scrapy-stats.json");
    let mut command = Command::new(scrapy);
    command
        .current_dir(work)
        .args(["runspider", SPIDER_FILE, "-a", "urls=urls.txt"])
        .args(["-a", "stats=scrapy-stats.json", "-O", "scrapy-items.jsonl"])
        .args([
            "-s".to_string(),
            format!("CONCURRENT_REQUESTS={}", config.concurrency),
            "-s".to_string(),
            format!("CONCURRENT_REQUESTS_PER_DOMAIN={}", config.per_host),
        ]);
    let before = server.request_count();
    let (output, _, cpu) = tokio::task::spawn_blocking(move || run_timed(command)).await?;
    let output = output.with_context(|| format!("cannot run {}", scrapy.display()))?;
    ensure_success("scrapy", &output)?;
    let pages = server.request_count() - before;
    let text = std::fs::read_to_string(&stats_path)
        .with_context(|| format!("the spider wrote no {}", stats_path.display()))?;
    let stats: SpiderStats = serde_json::from_str(&text)
        .with_context(|| format!("{}: not the spider's stats", stats_path.display()))?;
    if stats.reason != "finished" || stats.responses == 0 || stats.seconds <= 0.0 {
        bail!(
            "scrapy did not finish its crawl: {} of {} urls answered, reason {:?}",
            stats.responses,
            stats.urls,
            stats.reason
        );
    }
    if stats.parse_errors > 0 {
        tracing::warn!(
            parse_errors = stats.parse_errors,
            "scrapy could not parse some responses"
        );
    }
    Ok(ScrapyFigures {
        pages_per_s: pages as f64 / stats.seconds,
        pages,
        responses: stats.responses,
        items: stats.items,
        seconds: stats.seconds,
        cpu,
    })
}

fn ensure_success(what: &str, output: &Output) -> Result<()> {
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(20).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    bail!("{what} failed ({}):\n{}", output.status, tail.join("\n"))
}

/// The report as a table.
pub fn table(report: &CrawlBenchReport) -> String {
    let setup = &report.setup;
    let scout = &report.scout;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "crawl benchmark: {} creators (seed {}) on {} loopback hosts from {} seeds; {} requests in flight, {} per host; robots.txt obeyed",
        setup.creators, setup.seed, setup.hosts, setup.seeds, setup.concurrency, setup.per_host
    );
    let _ = writeln!(out, "scout crawl said: {}", scout.summary);
    let _ = writeln!(
        out,
        "{:<8} {:>9} {:>9} {:>9} {:>10} {:>10} {:>13} {:>8} {:>8}",
        "crawler",
        "pages",
        "records",
        "seconds",
        "pages/s",
        "records/s",
        "peak RSS MB",
        "CPU s",
        "sim CPU s"
    );
    let _ = writeln!(
        out,
        "{:<8} {:>9} {:>9} {:>9.2} {:>10.0} {:>10.0} {:>13.1} {:>8.1} {:>8.1}",
        "scout",
        scout.pages,
        scout.records,
        scout.seconds,
        scout.pages_per_s,
        scout.records_per_s,
        scout.peak_rss_mb,
        scout.cpu.crawler,
        scout.cpu.simulated_web
    );
    match (&report.scrapy, &report.scrapy_missing) {
        (Some(scrapy), _) => {
            let _ = writeln!(
                out,
                "{:<8} {:>9} {:>9} {:>9.2} {:>10.0} {:>10} {:>13} {:>8.1} {:>8.1}",
                "scrapy",
                scrapy.pages,
                "-",
                scrapy.seconds,
                scrapy.pages_per_s,
                "-",
                "-",
                scrapy.cpu.crawler,
                scrapy.cpu.simulated_web
            );
            let _ = writeln!(
                out,
                "scrapy parsed {} responses into {} items",
                scrapy.responses, scrapy.items
            );
        }
        (None, Some(reason)) => {
            let _ = writeln!(out, "scrapy   not run: {reason}");
        }
        (None, None) => {}
    }
    if let Some(ratio) = report.ratio {
        let _ = writeln!(out, "ratio (scout pages/s ÷ scrapy pages/s): {ratio:.2}x");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(scrapy: Option<ScrapyFigures>) -> CrawlBenchReport {
        let ratio = scrapy.as_ref().map(|scrapy| 900.0 / scrapy.pages_per_s);
        CrawlBenchReport {
            scout: ScoutFigures {
                pages_per_s: 900.0,
                records_per_s: 100.0,
                peak_rss_mb: 42.5,
                pages: 1800,
                records: 200,
                seconds: 2.0,
                cpu: CpuSeconds::default(),
                summary: "crawl done: 1800 fetched".to_string(),
            },
            scrapy_missing: scrapy.is_none().then(|| "no scrapy".to_string()),
            scrapy,
            ratio,
            setup: BenchSetup {
                creators: 200,
                seed: 1,
                hosts: 7,
                seeds: 9,
                concurrency: 32,
                per_host: 8,
            },
        }
    }

    #[test]
    fn json_has_exactly_the_documented_keys() {
        let with_scrapy = report(Some(ScrapyFigures {
            pages_per_s: 300.0,
            pages: 1800,
            responses: 1793,
            items: 5000,
            seconds: 6.0,
            cpu: CpuSeconds::default(),
        }));
        let value = serde_json::to_value(&with_scrapy).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "scout": {"pages_per_s": 900.0, "records_per_s": 100.0, "peak_rss_mb": 42.5},
                "scrapy": {"pages_per_s": 300.0},
                "ratio": 3.0
            })
        );
        let without = serde_json::to_value(report(None)).unwrap();
        assert_eq!(without["scrapy"], serde_json::Value::Null);
        assert_eq!(without["ratio"], serde_json::Value::Null);
    }

    #[test]
    fn table_names_both_crawlers_or_why_scrapy_is_missing() {
        let table_without = table(&report(None));
        assert!(
            table_without.contains("scrapy   not run: no scrapy"),
            "{table_without}"
        );
        assert!(table_without.contains("900"), "{table_without}");
        let table_with = table(&report(Some(ScrapyFigures {
            pages_per_s: 300.0,
            pages: 1800,
            responses: 1793,
            items: 5000,
            seconds: 6.0,
            cpu: CpuSeconds::default(),
        })));
        assert!(table_with.contains("3.00x"), "{table_with}");
    }
}
