//! The `scout` command line: argument parsing (clap) and the commands, each a thin call into
//! the pipeline that prints what happened.

pub mod api_flags;
pub mod keys;

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use scout_crawler::CrawlProgress;
use scout_models::{CreatorId, Niche, Platform};
use tokio_util::sync::CancellationToken;

use crate::paths::DataDir;
use crate::pipeline::{
    self, CrawlOptions, CrawlReport, ExportFormat, SearchParts, SearchQuery, SearchResults,
    SearchService,
};
use crate::{api, bench, demo, sim};

/// Scout: self-hosted influencer discovery and matching.
#[derive(Debug, Parser)]
#[command(name = "scout", version, about)]
pub struct Cli {
    /// Data directory holding the store, index, models and crawl state.
    #[arg(
        long,
        global = true,
        env = "SCOUT_DATA",
        default_value = "./scout-data"
    )]
    pub data: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulated web → crawl → index → train → serve the API, printing example queries.
    Demo(DemoArgs),
    /// The simulated creator web.
    #[command(subcommand)]
    Sim(SimCommand),
    /// Crawl seed URLs into the store.
    Crawl(CrawlArgs),
    /// Build the search index from the store.
    Index(IndexArgs),
    /// Train the models from the store, then refresh the index.
    Train(TrainArgs),
    /// Search creators.
    Search(Box<SearchArgs>),
    /// Export every creator with its metrics and recent posts.
    Export(ExportArgs),
    /// Serve the HTTP API (API keys required on every /v1 route unless --no-auth).
    Serve(ServeArgs),
    /// Manage API keys: create (prints the key alone), list, revoke.
    #[command(subcommand)]
    Keys(keys::KeysCommand),
    /// Import creators and posts from a JSON Lines or CSV file.
    Import(ImportArgs),
    /// Honour a removal request: delete a creator and never crawl, import or index it again.
    Forget(ForgetArgs),
    /// Measure ranking and model quality on a simulated world with known ground truth.
    Eval(EvalArgs),
    /// Benchmarks on the simulated web, with a peer tool's figures beside Scout's.
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Crawl the simulated web over loopback with `scout crawl`, then the same pages with
    /// Scrapy: pages/s, records/s, peak memory and the ratio.
    Crawl(BenchCrawlArgs),
    /// Build a simulated world of N creators, then run a fixed mix of realistic queries on two
    /// threads: latency percentiles, queries/s, build rate, index size, peak memory.
    Search(BenchSearchArgs),
}

/// `scout bench search` writes its world into a temporary directory unless `--keep DIR`.
#[derive(Debug, Args)]
pub struct BenchSearchArgs {
    /// Creators in the simulated world.
    #[arg(long, default_value_t = bench::search::DEFAULT_CREATORS)]
    pub creators: usize,
    /// Seed of the world and of the query mix.
    #[arg(long, default_value_t = bench::search::DEFAULT_SEED)]
    pub seed: u64,
    /// Queries in the mix.
    #[arg(long, default_value_t = bench::search::DEFAULT_QUERIES)]
    pub queries: usize,
    /// Write the world here and keep it (to inspect it or search it afterwards).
    #[arg(long)]
    pub keep: Option<PathBuf>,
    /// Print `{"scout":{…},"postgres":{…}|null,"ratio_p50":…}` instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also load the world into this PostgreSQL database (libpq connection string; its
    /// `creators` table is replaced) and run the same mix there. Needs a build with
    /// `--features bench-postgres`; `benches/search/run.sh` sets everything up.
    #[arg(long, value_name = "CONNINFO")]
    pub postgres: Option<String>,
}

/// `scout bench crawl` crawls into a temporary directory of its own; `--data` is not used.
#[derive(Debug, Args)]
pub struct BenchCrawlArgs {
    /// Creators in the simulated web.
    #[arg(long, default_value_t = bench::crawl::DEFAULT_CREATORS)]
    pub creators: usize,
    /// Seed of the simulated web.
    #[arg(long, default_value_t = bench::crawl::DEFAULT_SEED)]
    pub seed: u64,
    /// Requests in flight across all hosts (both crawlers).
    #[arg(long, default_value_t = bench::crawl::DEFAULT_CONCURRENCY)]
    pub concurrency: usize,
    /// Requests in flight per host (both crawlers).
    #[arg(long, default_value_t = bench::crawl::DEFAULT_PER_HOST)]
    pub per_host: usize,
    /// Print `{"scout":{…},"scrapy":{…}|null,"ratio":…}` instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Address of the API.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Creators in the simulated web.
    #[arg(long, default_value_t = demo::DEFAULT_CREATORS, value_parser = world_creators())]
    pub creators: usize,
    /// Seed of the simulated web.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Require API keys on every /v1 route, as `scout serve` does (needed off loopback).
    #[arg(long)]
    pub auth: bool,
    /// Crawl the web first as it was 30 days before its day (without reply threads), then as
    /// of its day, so growth filters, sorts and charts have a history (into an empty data
    /// directory; about half again the time until serving).
    #[arg(long)]
    pub history: bool,
    #[command(flatten)]
    pub limits: api_flags::ApiLimitArgs,
}

#[derive(Debug, Subcommand)]
pub enum SimCommand {
    /// Serve the simulated web on loopback; prints its seed URLs, one a line, once listening.
    Serve(SimServeArgs),
    /// Write the simulated world's ground truth as JSON.
    Truth(SimWorldArgs),
    /// Write a simulated world straight into the store (no HTTP), then index it: worlds of up
    /// to millions of creators for benchmarks. Re-running with the same flags resumes.
    Generate(SimGenerateArgs),
}

#[derive(Debug, Args)]
pub struct SimGenerateArgs {
    /// Creators in the world.
    #[arg(long)]
    pub creators: usize,
    /// Posts per creator (the newest are indexed).
    #[arg(long, default_value_t = sim::DEFAULT_POSTS_PER_CREATOR)]
    pub posts_per_creator: usize,
    /// Seed of the world.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Write the store only; `scout index` builds the index later.
    #[arg(long)]
    pub no_index: bool,
}

/// `--creators` of a simulated world: at least one, at most what the generator names.
fn world_creators() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::new().range(1..=sim::params::MAX_CREATORS as u64)
}

#[derive(Debug, Args)]
pub struct SimWorldArgs {
    /// Creators in the simulated world.
    #[arg(long, default_value_t = demo::DEFAULT_CREATORS, value_parser = world_creators())]
    pub creators: usize,
    /// Seed of the world: the same seed and size give the same world.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

#[derive(Debug, Args)]
pub struct SimServeArgs {
    /// Address of the first virtual host; the others take the next ports.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,
    /// Show the world as it was this many days before its "now" (followers and post engagement
    /// of then; at most 365): crawl it with `scout crawl --as-of` the day it shows (printed on
    /// standard error), then again at 0 as of the world's day, and the snapshots hold the
    /// growth between the two visits, N days apart (`scout eval` crawls 90, 60, 30 and 0 days
    /// before).
    #[arg(long, default_value_t = 0)]
    pub days_before: u32,
    #[command(flatten)]
    pub world: SimWorldArgs,
}

#[derive(Debug, Args)]
pub struct CrawlArgs {
    /// Seed URLs.
    pub urls: Vec<String>,
    /// A file of seed URLs, one a line (`#` starts a comment).
    #[arg(long)]
    pub seeds_file: Option<PathBuf>,
    /// Requests in flight across all hosts.
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    /// Requests in flight per host.
    #[arg(long, default_value_t = 1)]
    pub per_host: usize,
    /// The User-Agent to send (should name a contact URL).
    #[arg(long)]
    pub user_agent: Option<String>,
    /// Re-fetch every creator, even those the recrawl policy says are fresh enough.
    #[arg(long)]
    pub force: bool,
    /// The Bluesky AppView answering XRPC for every `/profile/HANDLE` seed (default:
    /// `bsky.app` seeds use the public AppView, other hosts serve XRPC themselves).
    #[arg(long, value_name = "URL")]
    pub bluesky_appview: Option<url::Url>,
    /// How long a robots.txt answer is reused across runs (`30s`, `10m`, `24h`, `2d`; a
    /// shorter `Cache-Control: max-age` wins) [default: 24h].
    #[arg(long, value_name = "DURATION", value_parser = api_flags::parse_duration)]
    pub robots_ttl: Option<Duration>,
    /// How long a host that kept failing is left alone, across runs [default: 1h].
    #[arg(long, value_name = "DURATION", value_parser = api_flags::parse_duration)]
    pub host_cooldown: Option<Duration>,
    /// Reply authors (Mastodon, Bluesky) followed as new creators, per creator; 0 follows none
    /// [default: 3].
    #[arg(long, value_name = "N")]
    pub reply_authors: Option<usize>,
    /// Reply threads read per creator for audience samples [default: 5].
    #[arg(long, value_name = "N")]
    pub reply_threads: Option<usize>,
    /// Posts kept per creator [default: 60].
    #[arg(long, value_name = "N")]
    pub max_posts: Option<usize>,
    /// Cap on pages queued in this run (seeds always enter).
    #[arg(long, value_name = "N")]
    pub max_pages: Option<usize>,
    /// Link depth from a seed beyond which discovered pages are not followed [default: 5].
    #[arg(long, value_name = "N")]
    pub max_depth: Option<usize>,
    /// Record what this crawl sees as observed at TIME instead of now, e.g. to file an
    /// archive's pages under the archive's date (snapshots, growth, provenance): an RFC 3339
    /// time (`2025-03-01T12:00:00Z`) or a date (`2025-03-01`, midnight UTC). Not in the
    /// future, and not before the newest snapshot already stored: crawl archives oldest first.
    #[arg(long, value_name = "TIME", value_parser = parse_as_of)]
    pub as_of: Option<chrono::DateTime<chrono::Utc>>,
}

/// Reads `--as-of`: an RFC 3339 time, or a date taken as its first instant in UTC.
pub fn parse_as_of(raw: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let raw = raw.trim();
    if let Ok(time) = chrono::DateTime::parse_from_rfc3339(raw) {
        return Ok(time.with_timezone(&chrono::Utc));
    }
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map(|time| time.and_utc())
        .ok_or_else(|| {
            format!(
                "{raw:?}: give an RFC 3339 time (2025-03-01T12:00:00Z, with its offset) or a date (2025-03-01)"
            )
        })
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Train and save the models only; the next `scout index` derives every document again
    /// with them (it notices the new models).
    #[arg(long)]
    pub no_index: bool,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Rebuild the whole index from the store (otherwise only creators written since the last
    /// run are indexed again, and forgotten ones removed).
    #[arg(long)]
    pub rebuild: bool,
    /// Creators written between two commits: a run killed mid-way keeps what was committed
    /// and the next run resumes after it.
    #[arg(
        long,
        default_value_t = pipeline::DEFAULT_COMMIT_EVERY,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub commit_every: u64,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Free text, e.g. "home workout".
    pub query: String,
    /// Only these platforms (repeatable).
    #[arg(long = "platform")]
    pub platforms: Vec<Platform>,
    /// Only these niches (repeatable).
    #[arg(long = "niche")]
    pub niches: Vec<Niche>,
    #[arg(long)]
    pub min_followers: Option<u64>,
    #[arg(long)]
    pub max_followers: Option<u64>,
    /// Only creators with at least this credibility score (0 to 1).
    #[arg(long)]
    pub min_credibility: Option<f64>,
    /// Leave out these niches (repeatable).
    #[arg(long = "exclude-niche")]
    pub exclude_niches: Vec<Niche>,
    /// Engagement rate bounds as fractions (0.02 = 2%).
    #[arg(long)]
    pub min_engagement_rate: Option<f64>,
    #[arg(long)]
    pub max_engagement_rate: Option<f64>,
    /// Only creators located in these countries (ISO-3166 alpha-2, repeatable).
    #[arg(long = "country")]
    pub countries: Vec<String>,
    /// Only creators writing in these languages (ISO-639-1, repeatable).
    #[arg(long = "language")]
    pub languages: Vec<String>,
    /// Only creators with (true) or without (false) a public contact e-mail.
    #[arg(long)]
    pub has_contact: Option<bool>,
    /// Only creators with (true) or without (false) sponsored posts.
    #[arg(long)]
    pub has_sponsored_posts: Option<bool>,
    /// Only creators who posted in the last N days.
    #[arg(long)]
    pub last_posted_within_days: Option<u32>,
    /// Minimum follower growth (0.1 = +10%) over --growth-period.
    #[arg(long)]
    pub min_growth: Option<f64>,
    /// 1m, 3m or 6m.
    #[arg(long, default_value = "3m")]
    pub growth_period: scout_index::GrowthPeriod,
    /// Only creators who used these hashtags (repeatable).
    #[arg(long = "hashtag")]
    pub hashtags: Vec<String>,
    /// Only creators who mentioned these accounts (repeatable).
    #[arg(long = "mention")]
    pub mentions: Vec<String>,
    /// relevance, followers, engagement or growth.
    #[arg(long, default_value = "relevance")]
    pub sort: pipeline::SearchSort,
    /// Results to skip.
    #[arg(long)]
    pub offset: Option<usize>,
    /// The next_cursor of an earlier page of the same search.
    #[arg(long)]
    pub cursor: Option<String>,
    #[arg(long, default_value_t = pipeline::DEFAULT_LIMIT)]
    pub limit: usize,
    /// Print the results as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// jsonl or csv.
    #[arg(long)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A `.jsonl` or `.csv` file (the shapes `scout export` writes).
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// The creator's id, e.g. `mastodon:alice@social.example`.
    pub id: String,
}

/// `scout eval` crawls into a temporary directory of its own (or `--keep DIR`); `--data` is not
/// used.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Creators in the simulated world.
    #[arg(long, default_value_t = crate::eval::DEFAULT_CREATORS)]
    pub creators: usize,
    /// Seed of the world and of the query set.
    #[arg(long, default_value_t = crate::eval::DEFAULT_SEED)]
    pub seed: u64,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Crawl into this (empty) directory and keep it, to search the evaluated world afterwards.
    #[arg(long)]
    pub keep: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; one other machines can reach needs auth on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Serve without API keys: anyone who can connect may call every route. Only allowed on
    /// a loopback address.
    #[arg(long)]
    pub no_auth: bool,
    #[command(flatten)]
    pub limits: api_flags::ApiLimitArgs,
}

/// Runs one parsed command.
pub async fn run(cli: Cli) -> Result<()> {
    let data = DataDir::new(&cli.data);
    match cli.command {
        Command::Demo(args) => demo::run(&data, &args).await,
        Command::Sim(SimCommand::Serve(args)) => sim_serve(&args).await,
        Command::Sim(SimCommand::Truth(args)) => sim_truth(&args),
        Command::Sim(SimCommand::Generate(args)) => sim_generate(&data, &args).await,
        Command::Crawl(args) => crawl(&data, &args).await,
        Command::Index(args) => index(&data, &args).await,
        Command::Train(args) => train(&data, &args).await,
        Command::Search(args) => search(&data, &args).await,
        Command::Export(args) => export(&data, &args).await,
        Command::Serve(args) => serve(&data, &args).await,
        Command::Keys(command) => keys::run(&data, command).await,
        Command::Forget(args) => forget(&data, &args).await,
        Command::Import(args) => import(&data, &args).await,
        Command::Eval(args) => {
            let config = crate::eval::EvalConfig {
                creators: args.creators,
                seed: args.seed,
                data_dir: args.keep.clone(),
            };
            let format = if args.json {
                crate::eval::ReportFormat::Json
            } else {
                crate::eval::ReportFormat::Table
            };
            let (stop, _listening) = stop_on_ctrl_c(
                "giving up at the next step (its scratch directory is removed; a --keep one stays)",
            );
            eprintln!(
                "evaluating on a simulated world of {} creators, seed {} (Ctrl-C stops)",
                config.creators, config.seed
            );
            let bar = spinner("{spinner} eval {elapsed} {msg}");
            let step_bar = bar.clone();
            let progress: crate::eval::EvalProgress = Arc::new(move |step| {
                step_bar.set_message(eval_step_text(step));
            });
            let outcome =
                crate::eval::run_and_print(&config, format, &mut std::io::stdout(), stop, progress)
                    .await;
            bar.finish_and_clear();
            outcome?;
            Ok(())
        }
        Command::Bench(BenchCommand::Crawl(args)) => bench_crawl(&args).await,
        Command::Bench(BenchCommand::Search(args)) => bench_search(&args).await,
    }
}

async fn bench_search(args: &BenchSearchArgs) -> Result<()> {
    let config = bench::search::SearchBenchConfig {
        creators: args.creators,
        seed: args.seed,
        queries: args.queries,
        scout_exe: std::env::current_exe().context("cannot find the scout executable")?,
        data: args.keep.clone(),
        postgres: args.postgres.clone(),
    };
    let report = tokio::task::spawn_blocking(move || bench::search::run(&config)).await??;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{}", bench::search::table(&report));
    }
    Ok(())
}

async fn bench_crawl(args: &BenchCrawlArgs) -> Result<()> {
    let config = bench::crawl::CrawlBenchConfig {
        creators: args.creators,
        seed: args.seed,
        concurrency: args.concurrency,
        per_host: args.per_host,
        scout_exe: std::env::current_exe().context("cannot find the scout executable")?,
        scrapy: bench::crawl::ScrapyLocation::from_env(),
    };
    let report = bench::crawl::run(&config).await?;
    if let Some(reason) = &report.scrapy_missing {
        match config.scrapy {
            bench::crawl::ScrapyLocation::Missing(_) => {
                eprintln!("scrapy: not run ({reason}); {}", bench::crawl::SCRAPY_HINT)
            }
            bench::crawl::ScrapyLocation::Found(_) => eprintln!("scrapy: failed: {reason}"),
        }
    }
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{}", bench::crawl::table(&report));
    }
    Ok(())
}

async fn sim_serve(args: &SimServeArgs) -> Result<()> {
    if args.days_before > sim::params::HISTORY_DAYS {
        bail!(
            "--days-before: must be at most {} (the simulated history's length), got {}",
            sim::params::HISTORY_DAYS,
            args.days_before
        );
    }
    let world = Arc::new(sim::World::generate(&sim_config(&args.world)));
    let server = sim::serve(world, args.addr)
        .await
        .with_context(|| format!("cannot serve the simulated web on {}", args.addr))?;
    server.show_days_before(args.days_before);
    let shown = server
        .shown_at()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    eprintln!(
        "showing the web as of {shown}: `scout crawl --as-of {shown}` files it under that day"
    );
    let mut stdout = std::io::stdout().lock();
    for seed in server.seeds() {
        writeln!(stdout, "{seed}")?;
    }
    stdout.flush()?;
    drop(stdout);
    tokio::signal::ctrl_c().await?;
    server.shutdown().await;
    Ok(())
}

async fn sim_generate(data: &DataDir, args: &SimGenerateArgs) -> Result<()> {
    if args.creators == 0 || args.creators > sim::params::MAX_CREATORS {
        bail!(
            "--creators: must be between 1 and {}",
            sim::params::MAX_CREATORS
        );
    }
    let config = sim::GenerateConfig {
        creators: args.creators,
        posts_per_creator: args.posts_per_creator,
        seed: args.seed,
    };
    let store_path = data.store_path();
    let (stop, listening) =
        stop_on_ctrl_c("after the batch being written (the same command resumes after it)");
    eprintln!(
        "generating {} creators into {} (Ctrl-C stops after the current batch; the same \
         command resumes)",
        args.creators,
        store_path.display()
    );
    let bar = progress_bar("store {bar:30} {pos}/{len} creators {per_sec} {eta}");
    let store_bar = bar.clone();
    let report = tokio::task::spawn_blocking(move || {
        let mut store = scout_index::Store::open(&store_path)?;
        sim::write_world(
            &mut store,
            config,
            sim::DEFAULT_BATCH,
            &|written, total| {
                store_bar.set_length(total as u64);
                store_bar.set_position(written as u64);
            },
            Some(&stop),
        )
    })
    .await??;
    bar.finish_and_clear();
    // Indexing (below) listens for Ctrl-C itself.
    drop(listening);
    if report.stopped {
        println!(
            "sim generate stopped: stored {} creators in {:.1}s ({} of {} in the store); the \
             same command resumes",
            report.written,
            report.store_seconds,
            report.resumed_at + report.written,
            args.creators,
        );
        return Ok(());
    }
    let store_rate = report.written as f64 / report.store_seconds.max(1e-9);
    println!(
        "stored {} creators in {:.1}s ({store_rate:.0} creators/s; world skeleton {:.1}s){}",
        report.written,
        report.store_seconds,
        report.world_seconds,
        if report.resumed_at > 0 {
            format!(", resumed after {}", report.resumed_at)
        } else {
            String::new()
        },
    );
    if args.no_index {
        return Ok(());
    }
    index(
        data,
        &IndexArgs {
            rebuild: false,
            commit_every: pipeline::DEFAULT_COMMIT_EVERY,
        },
    )
    .await
}

fn sim_truth(args: &SimWorldArgs) -> Result<()> {
    let world = sim::World::generate(&sim_config(args));
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer(&mut stdout, &world.truth())?;
    writeln!(stdout)?;
    Ok(())
}

pub fn sim_config(args: &SimWorldArgs) -> sim::SimConfig {
    sim::SimConfig {
        seed: args.seed,
        creators: args.creators,
    }
}

async fn crawl(data: &DataDir, args: &CrawlArgs) -> Result<()> {
    let mut seeds = args.urls.clone();
    if let Some(file) = &args.seeds_file {
        seeds.extend(read_seeds_file(file)?);
    }
    if seeds.is_empty() {
        bail!("no seeds: give URLs or --seeds-file FILE");
    }
    let options = CrawlOptions {
        global_concurrency: args.concurrency.max(1),
        per_host_concurrency: args.per_host.max(1),
        user_agent: args.user_agent.clone(),
        force_recrawl: args.force,
        bluesky_appview: args.bluesky_appview.clone(),
        robots_ttl: args.robots_ttl,
        host_cooldown: args.host_cooldown,
        reply_authors_per_creator: args.reply_authors,
        reply_threads_per_creator: args.reply_threads,
        max_posts_per_creator: args.max_posts,
        max_pages: args.max_pages,
        max_depth: args.max_depth,
        observed_at: args.as_of,
        ..CrawlOptions::default()
    };
    let report = match crawl_with_progress(data, seeds, &options).await {
        Ok(report) => report,
        Err(error) => match error.downcast_ref::<pipeline::PipelineError>() {
            Some(pipeline::PipelineError::Invalid { field, message }) if field == "observed_at" => {
                bail!("--as-of {message}")
            }
            _ => return Err(error),
        },
    };
    print_crawl_report(&report);
    Ok(())
}

/// Reads a seeds file: one URL a line, blank lines and `#` comments skipped; a bad line is
/// reported with its file and line number.
pub fn read_seeds_file(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read seeds file {}", path.display()))?;
    let mut seeds = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let seed = line.split('#').next().unwrap_or_default().trim();
        if seed.is_empty() {
            continue;
        }
        match url::Url::parse(seed) {
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {
                seeds.push(seed.to_string())
            }
            _ => bail!(
                "{}:{}: url: {seed:?} is not an http(s) URL",
                path.display(),
                number + 1
            ),
        }
    }
    Ok(seeds)
}

/// Crawls with a progress line on a terminal; Ctrl-C stops cleanly and leaves the crawl
/// resumable.
pub async fn crawl_with_progress(
    data: &DataDir,
    seeds: Vec<String>,
    options: &CrawlOptions,
) -> Result<CrawlReport> {
    let bar = spinner("{spinner} crawl {elapsed} {msg}");
    let progress_bar = bar.clone();
    let progress = Arc::new(move |progress: &CrawlProgress| {
        progress_bar.set_message(format!(
            "{} pages ({:.0}/s, {:.1} MB), {} creators, {} unchanged, {} queued, {} skipped by robots.txt, {} errors",
            progress.fetched,
            progress.rate,
            progress.bytes as f64 / 1e6,
            progress.records,
            progress.unchanged,
            progress.queued,
            progress.skipped_by_robots,
            progress.errors
        ));
    });
    let (cancel, listening) =
        stop_on_ctrl_c("finishing requests in flight (the crawl resumes on the next run)");
    let report = pipeline::crawl_into_store(data, seeds, options, Some(progress), cancel).await;
    drop(listening);
    bar.finish_and_clear();
    Ok(report?)
}

pub fn print_crawl_report(report: &CrawlReport) {
    let crawl = &report.crawl;
    println!(
        "crawl {}: {} fetched, {} creator records ({} new, {} updated, {} unchanged), {} skipped by robots.txt, {} errors in {:.1}s ({:.0} pages/s){}",
        if crawl.cancelled { "stopped" } else { "done" },
        crawl.fetched,
        crawl.records,
        report.store.created,
        report.store.updated,
        report.store.unchanged,
        crawl.skipped_by_robots,
        crawl.errors,
        report.seconds,
        crawl.fetched as f64 / report.seconds.max(1e-9),
        if crawl.resumed { ", resumed an unfinished crawl" } else { "" },
    );
    if crawl.skipped_fresh + crawl.skipped_opted_out + crawl.skipped_excluded > 0 {
        println!(
            "  skipped: {} fresh (use --force to re-visit), {} opted out of indexing, {} by removal requests",
            crawl.skipped_fresh, crawl.skipped_opted_out, crawl.skipped_excluded
        );
    }
    if !crawl.backed_off_hosts.is_empty() {
        println!(
            "  hosts backed off after repeated failures: {}",
            crawl.backed_off_hosts.join(", ")
        );
    }
    for (seed, reason) in &crawl.failed_seeds {
        println!("  seed failed: {seed}: {reason}");
    }
}

/// Ctrl-C asks a long job to stop at its next safe point (the token is cancelled and
/// `stopping` printed); a second Ctrl-C ends the process at once. Dropping the guard stops
/// listening.
fn stop_on_ctrl_c(stopping: &'static str) -> (CancellationToken, CtrlCGuard) {
    let cancel = CancellationToken::new();
    let on_signal = cancel.clone();
    let mut interrupts = Interrupts::listen();
    let task = tokio::spawn(async move {
        if interrupts.next().await {
            eprintln!("stopping: {stopping} (Ctrl-C again to quit at once)");
            on_signal.cancel();
            if interrupts.next().await {
                eprintln!("quitting at once");
                std::process::exit(130);
            }
        }
    });
    (cancel, CtrlCGuard(task))
}

/// Ctrl-C presses, listened for from [`Interrupts::listen`] on: not from a task's first
/// poll, so that a press before it does not meet the default action (ending the process).
struct Interrupts {
    #[cfg(unix)]
    signals: Option<tokio::signal::unix::Signal>,
}

impl Interrupts {
    fn listen() -> Interrupts {
        Interrupts {
            #[cfg(unix)]
            signals: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok(),
        }
    }

    /// Waits for the next press; `false` when none can be listened for.
    async fn next(&mut self) -> bool {
        #[cfg(unix)]
        if let Some(signals) = self.signals.as_mut() {
            return signals.recv().await.is_some();
        }
        tokio::signal::ctrl_c().await.is_ok()
    }
}

/// What `scout eval`'s progress line says of a step.
fn eval_step_text(step: crate::eval::EvalStep) -> String {
    use crate::eval::EvalStep;
    match step {
        EvalStep::World => "generating the simulated world".to_string(),
        EvalStep::Crawl {
            visit,
            visits,
            pages,
            creators,
        } => format!("crawl {visit}/{visits}: {pages} pages, {creators} creators"),
        EvalStep::Train => "training the models".to_string(),
        EvalStep::Ranker => "fitting the learned ranker on the TRAIN briefs".to_string(),
        EvalStep::Briefs { done, total } => format!("ranking the EVAL briefs: {done}/{total}"),
    }
}

/// Stops the Ctrl-C listener of [`stop_on_ctrl_c`] when dropped.
struct CtrlCGuard(tokio::task::JoinHandle<()>);

impl Drop for CtrlCGuard {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn index(data: &DataDir, args: &IndexArgs) -> Result<()> {
    let data = data.clone();
    let (stop, _listening) =
        stop_on_ctrl_c("committing what is indexed so far (the next `scout index` resumes)");
    let options = pipeline::IndexOptions {
        rebuild: args.rebuild,
        commit_every: args.commit_every,
        stop: Some(stop),
    };
    let bar = progress_bar("index {bar:30} {pos}/{len} creators {per_sec} {eta}");
    let report = tokio::task::spawn_blocking(move || {
        pipeline::index_store(&data, options, &|progress| {
            bar.set_length(progress.planned);
            bar.set_position(progress.written);
            if progress.committed {
                // A line per commit, also when stderr is not a terminal: what a killed run
                // keeps.
                bar.suspend(|| eprintln!("index: committed {} creators", progress.written));
            }
        })
    })
    .await??;
    let models = report
        .with_models
        .as_deref()
        .map(|version| format!("models {version}"))
        .unwrap_or_else(|| "no trained models yet: run `scout train`".to_string());
    if report.stopped {
        println!(
            "index stopped: {} creators written and committed, {} in the index, in {:.2}s; \
             `scout index` finishes the {} ({models})",
            report.documents,
            report.total,
            report.seconds,
            if report.full { "rebuild" } else { "update" },
        );
        return Ok(());
    }
    println!(
        "{} {} creators, removed {}, {} in the index, in {:.2}s ({:.0} creators/s){} ({})",
        if report.full { "rebuilt" } else { "indexed" },
        report.documents,
        report.removed,
        report.total,
        report.seconds,
        report.documents as f64 / report.seconds.max(1e-9),
        if report.resumed {
            ", finishing an interrupted run"
        } else {
            ""
        },
        models,
    );
    Ok(())
}

/// A ticking spinner on stderr drawn with `template`, hidden when stderr is not a terminal.
fn spinner(template: &str) -> ProgressBar {
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(pipeline::PROGRESS_TICK);
    bar
}

/// A progress bar on stderr drawn with `template`, hidden when stderr is not a terminal.
fn progress_bar(template: &str) -> ProgressBar {
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(0)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

async fn train(data: &DataDir, args: &TrainArgs) -> Result<()> {
    let data = data.clone();
    let reindex = !args.no_index;
    let (stop, _listening) = stop_on_ctrl_c(
        "at the next step (while reading: nothing is saved; fitting runs to its end; \
         re-indexing commits its place for `scout index`)",
    );
    eprintln!(
        "training on the store at {} (Ctrl-C stops)",
        data.store_path().display()
    );
    let bar = progress_bar("{msg} {bar:30} {pos}/{len} creators {per_sec} {eta}");
    let train_bar = bar.clone();
    let report = tokio::task::spawn_blocking(move || {
        let progress = |progress| match progress {
            pipeline::TrainProgress::Reading { read, total } => {
                train_bar.set_message("read");
                train_bar.set_length(total);
                train_bar.set_position(read);
            }
            pipeline::TrainProgress::Fitting => {
                train_bar.set_message("fitting the niche classifier");
                train_bar.set_length(0);
            }
            pipeline::TrainProgress::Indexing { written, planned } => {
                train_bar.set_message("index");
                train_bar.set_length(planned);
                train_bar.set_position(written);
            }
        };
        pipeline::train_models_until(&data, reindex, &progress, &stop)
    })
    .await??;
    bar.finish_and_clear();
    let sampled = if report.documents as u64 == report.creators {
        String::new()
    } else {
        format!(" (a sample of the store's {})", report.creators)
    };
    let index = match &report.index {
        Some(index) if index.stopped => format!(
            "re-indexing stopped after {} creators (committed): `scout index` finishes it",
            index.documents
        ),
        Some(index) => format!(
            "re-indexed {} creators in {:.2}s",
            index.documents, index.seconds
        ),
        None => "the index keeps the old models' outputs until `scout index` runs".to_string(),
    };
    println!(
        "trained models {} on {} creators{sampled} ({} weakly labelled) in {:.1}s; {index}",
        report.model_version, report.documents, report.weakly_labelled, report.train_seconds,
    );
    Ok(())
}

/// The `scout search` argument behind a search error's field (`creator.countries[1]` is
/// `--country`, `query` the QUERY argument).
fn search_flag(field: &str) -> String {
    let parameter = pipeline::flat_parameter(field);
    let name = parameter.split('[').next().unwrap_or_default();
    match name {
        "q" => "QUERY".to_string(),
        name => format!("--{}", name.replace('_', "-")),
    }
}

async fn search(data: &DataDir, args: &SearchArgs) -> Result<()> {
    let query = SearchQuery::new(SearchParts {
        text: Some(args.query.clone()),
        platforms: args.platforms.clone(),
        min_followers: args.min_followers,
        max_followers: args.max_followers,
        niches: args.niches.clone(),
        audience: None,
        min_credibility: args.min_credibility,
        limit: Some(args.limit),
        exclude_niches: args.exclude_niches.clone(),
        min_engagement_rate: args.min_engagement_rate,
        max_engagement_rate: args.max_engagement_rate,
        countries: args.countries.clone(),
        languages: args.languages.clone(),
        has_contact: args.has_contact,
        has_sponsored_posts: args.has_sponsored_posts,
        last_posted_within_days: args.last_posted_within_days,
        growth: args.min_growth.map(|min| pipeline::GrowthFilter {
            period: args.growth_period,
            min,
        }),
        hashtags: args.hashtags.clone(),
        mentions: args.mentions.clone(),
        sort: args.sort,
        offset: args.offset,
        cursor: args.cursor.clone(),
        ..SearchParts::default()
    })
    .map_err(|error| match error {
        pipeline::PipelineError::Invalid { field, message } => {
            anyhow::anyhow!("{}: {message}", search_flag(&field))
        }
        other => other.into(),
    })?;
    let data = data.clone();
    let results = tokio::task::spawn_blocking(move || {
        let service = SearchService::open(&data)?;
        service.search(&query)
    })
    .await??;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
    } else {
        print_results(&results);
    }
    Ok(())
}

fn print_results(results: &SearchResults) {
    println!(
        "{} matching creators, top {} ({:.1} ms)",
        results.total,
        results.results.len(),
        results.took_ms
    );
    for (rank, result) in results.results.iter().enumerate() {
        let niches: Vec<String> = result
            .niches
            .iter()
            .take(3)
            .map(|entry| entry.niche.to_string())
            .collect();
        let part = |value: Option<f64>| {
            value
                .map(|value| format!("{value:.2}"))
                .unwrap_or_else(|| "-".to_string())
        };
        println!(
            "{:>3}. {:<48} score {:.3}  niche {} engagement {} text {}  followers {}  [{}]",
            results.offset + rank + 1,
            result.id.to_string(),
            result.score,
            part(result.breakdown.niche_fit),
            part(result.breakdown.engagement),
            part(result.breakdown.text_relevance),
            result
                .followers
                .map(|followers| followers.to_string())
                .unwrap_or_else(|| "?".to_string()),
            niches.join(", ")
        );
    }
    if let Some(cursor) = &results.next_cursor {
        println!("next page: --cursor {cursor}");
    }
}

async fn export(data: &DataDir, args: &ExportArgs) -> Result<()> {
    let data = data.clone();
    let format = args.format;
    let output = args.output.clone();
    let summary = tokio::task::spawn_blocking(move || -> Result<_> {
        match output {
            Some(path) => {
                let file = std::fs::File::create(&path)
                    .with_context(|| format!("cannot create {}", path.display()))?;
                let mut writer = std::io::BufWriter::new(file);
                Ok(pipeline::export(&data, format, &mut writer)?)
            }
            None => {
                let mut writer = std::io::BufWriter::new(std::io::stdout().lock());
                Ok(pipeline::export(&data, format, &mut writer)?)
            }
        }
    })
    .await??;
    eprintln!("exported {} creators", summary.creators);
    Ok(())
}

/// Imports a file; every rejected row is reported as `FILE:LINE: FIELD: message`, and the
/// exit status is non-zero when any row was rejected (the good rows are stored).
async fn import(data: &DataDir, args: &ImportArgs) -> Result<()> {
    let data = data.clone();
    let file = args.file.clone();
    let (stop, _listening) =
        stop_on_ctrl_c("after the batch being stored (importing the file again stores the rest)");
    eprintln!("importing {} (Ctrl-C stops)", args.file.display());
    let bar = progress_bar("import {bar:30} {pos}/{len} creators {per_sec} {eta}");
    let store_bar = bar.clone();
    let report = tokio::task::spawn_blocking(move || {
        pipeline::import_file_until(
            &data,
            &file,
            &|progress| {
                store_bar.set_length(progress.parsed as u64);
                store_bar.set_position(progress.stored as u64);
            },
            Some(&stop),
        )
    })
    .await??;
    bar.finish_and_clear();
    for error in &report.errors {
        eprintln!(
            "{}:{}: {}: {}",
            args.file.display(),
            error.line,
            error.field,
            error.message
        );
    }
    if report.stopped {
        println!(
            "import stopped: stored {} of the file's {} creators ({} new, {} already known); \
             importing the file again stores the rest",
            report.creators, report.parsed, report.created, report.updated
        );
        return Ok(());
    }
    println!(
        "imported {} creators ({} new, {} already known) with {} posts from {} rows; {} rows rejected{}",
        report.creators,
        report.created,
        report.updated,
        report.posts,
        report.rows,
        report.errors.len(),
        if report.tombstoned > 0 {
            format!("; {} creators skipped by removal requests", report.tombstoned)
        } else {
            String::new()
        }
    );
    if !report.errors.is_empty() {
        bail!(
            "{}: {} of {} rows rejected (see above)",
            args.file.display(),
            report.errors.len(),
            report.rows
        );
    }
    Ok(())
}

async fn forget(data: &DataDir, args: &ForgetArgs) -> Result<()> {
    let id = CreatorId::parse(&args.id).map_err(|error| anyhow::anyhow!("id: {error}"))?;
    let data = data.clone();
    let target = id.clone();
    let report = tokio::task::spawn_blocking(move || pipeline::forget(&data, &target)).await??;
    if report.was_stored {
        println!("forgot {id}: removed from the store and the index; it will not be crawled, imported or indexed again");
    } else {
        println!("{id} was not stored; recorded the removal request so it is never crawled, imported or indexed");
    }
    Ok(())
}

/// Serves the API until Ctrl-C.
pub async fn serve(data: &DataDir, args: &ServeArgs) -> Result<()> {
    let addr = args.addr;
    api_flags::ensure_auth_allowed(addr, !args.no_auth)?;
    let service = open_service(data).await?;
    let options = api_flags::serve_options(data, addr, !args.no_auth, &args.limits).await?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let bound = listener.local_addr()?;
    println!(
        "serving the Scout API on http://{bound} ({}; /healthz, /readyz and /metrics are open)",
        api_flags::auth_summary(&options)
    );
    api::serve(listener, service, options, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

/// The search service of `scout serve` and `scout demo` (see [`SearchService::open_serving`]).
pub async fn open_service(data: &DataDir) -> Result<SearchService> {
    let data = data.clone();
    Ok(tokio::task::spawn_blocking(move || SearchService::open_serving(&data)).await??)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_simulated_world_needs_a_creator() {
        for args in [
            &["scout", "demo", "--creators", "0"][..],
            &["scout", "sim", "serve", "--creators", "0"],
            &["scout", "sim", "truth", "--creators", "0"],
        ] {
            let error = Cli::try_parse_from(args).expect_err("0 creators is refused");
            assert!(
                error.to_string().contains("--creators"),
                "{args:?}: {error}"
            );
        }
        assert!(Cli::try_parse_from(["scout", "demo", "--creators", "1"]).is_ok());
    }
}
