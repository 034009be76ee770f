//! Crawl → store: runs the crawler and writes every record it hands over into the store in
//! batches, computing the engagement rate each snapshot records.

use std::time::Duration;

use chrono::{DateTime, Utc};
use scout_crawler::{AddressPolicy, CrawlConfig, CrawlOutput, CrawlSummary, Crawler, ProgressFn};
use scout_index::{Store, UpsertSummary};
use scout_models::{engagement, CreatorId, CreatorRecord};
use tokio::sync::{mpsc, watch};
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::paths::DataDir;
use crate::pipeline::PipelineError;

/// Records written to the store in one transaction.
const STORE_BATCH: usize = 200;

/// How long the store writer waits for more records to fill a batch.
const BATCH_GATHER: Duration = Duration::from_millis(25);

/// The store's write-ahead log may grow to this many pages (64 MiB) during a crawl before it
/// is checkpointed: a crawl writes every batch into the same index pages.
const CHECKPOINT_PAGES: u32 = 16_384;

/// What a crawl did: the crawler's summary and what the store made of the records.
#[derive(Debug, Clone)]
pub struct CrawlReport {
    pub crawl: CrawlSummary,
    pub store: UpsertSummary,
    pub seconds: f64,
}

/// Options of `scout crawl` beyond the seeds.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    pub global_concurrency: usize,
    pub per_host_concurrency: usize,
    pub user_agent: Option<String>,
    /// Re-fetch creators even when the recrawl policy says they are fresh enough.
    pub force_recrawl: bool,
    /// The settings below override the crawler's defaults when set (see `CrawlConfig`).
    pub bluesky_appview: Option<Url>,
    pub robots_ttl: Option<Duration>,
    pub host_cooldown: Option<Duration>,
    pub reply_authors_per_creator: Option<usize>,
    pub reply_threads_per_creator: Option<usize>,
    pub max_posts_per_creator: Option<usize>,
    pub max_pages: Option<usize>,
    pub max_depth: Option<usize>,
    /// The addresses the crawl may connect to (`Any` for the operator's own crawls; API crawl
    /// jobs use `PublicOnly` unless the server allows private addresses).
    pub address_policy: AddressPolicy,
    /// Record what the crawl sees as observed at this time (`scout crawl --as-of`: filing an
    /// archive under its date); `None` for the wall clock. See [`observed_at_problem`].
    pub observed_at: Option<DateTime<Utc>>,
}

impl Default for CrawlOptions {
    fn default() -> Self {
        CrawlOptions {
            global_concurrency: 16,
            per_host_concurrency: 1,
            user_agent: None,
            force_recrawl: false,
            bluesky_appview: None,
            robots_ttl: None,
            host_cooldown: None,
            reply_authors_per_creator: None,
            reply_threads_per_creator: None,
            max_posts_per_creator: None,
            max_pages: None,
            max_depth: None,
            address_policy: AddressPolicy::Any,
            observed_at: None,
        }
    }
}

/// Crawls `seeds` and stores every record; stops early, leaving the frontier resumable, when
/// `cancel` fires.
pub async fn crawl_into_store(
    data: &DataDir,
    seeds: Vec<String>,
    options: &CrawlOptions,
    progress: Option<ProgressFn>,
    cancel: CancellationToken,
) -> Result<CrawlReport, PipelineError> {
    let started = std::time::Instant::now();
    let mut config = CrawlConfig::new(data.crawl_dir());
    config.global_concurrency = options.global_concurrency;
    config.per_host_concurrency = options.per_host_concurrency;
    config.force_recrawl = options.force_recrawl;
    if let Some(user_agent) = &options.user_agent {
        config.user_agent = user_agent.clone();
    }
    config.bluesky_appview = options.bluesky_appview.clone();
    config.robots_ttl = options.robots_ttl.unwrap_or(config.robots_ttl);
    config.host_cooldown = options.host_cooldown.unwrap_or(config.host_cooldown);
    config.reply_authors_per_creator = options
        .reply_authors_per_creator
        .unwrap_or(config.reply_authors_per_creator);
    config.reply_threads_per_creator = options
        .reply_threads_per_creator
        .unwrap_or(config.reply_threads_per_creator);
    config.max_posts_per_creator = options
        .max_posts_per_creator
        .unwrap_or(config.max_posts_per_creator);
    config.max_pages = options.max_pages.or(config.max_pages);
    config.max_depth = options.max_depth.unwrap_or(config.max_depth);
    config.address_policy = options.address_policy.clone();
    config.observed_at = options.observed_at;
    let store = Store::open(&data.store_path())?;
    if let Some(at) = options.observed_at {
        if let Some(problem) = observed_at_problem(&store, at)? {
            return Err(PipelineError::invalid("observed_at", problem));
        }
    }
    store.set_checkpoint_pages(CHECKPOINT_PAGES)?;
    // Creators who asked to be removed are never fetched again.
    config.excluded_creators = store.tombstones()?;
    let crawler = Crawler::new(config)?;

    let (sender, receiver) = mpsc::channel::<CrawlOutput>(STORE_BATCH * 2);
    // The crawler completes an item only once its record is committed here, so a crawl
    // killed at any moment resumes without losing a creator.
    let (stored_sender, stored) = watch::channel(0u64);
    let writer = tokio::task::spawn_blocking(move || write_records(store, receiver, stored_sender));
    let crawl_result = crawler
        .run_acknowledged(seeds, sender, stored, progress, cancel)
        .await;
    // The sender is dropped once `run` returns, so the writer drains and ends.
    let store_summary = writer
        .await
        .map_err(|join| PipelineError::Internal(format!("store writer failed: {join}")))??;
    let crawl = crawl_result?;
    Ok(CrawlReport {
        crawl,
        store: store_summary,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Why a crawl cannot be recorded as observed at `at` in `store`, if it cannot: `at` is in
/// the future (nobody observed that yet), or before the newest snapshot the store holds (the
/// crawl would replace newer profiles, posts and counts with older ones, and the history
/// would go back in time). A time equal to the newest snapshot's is accepted, so that an
/// interrupted crawl as of that time can be resumed.
pub fn observed_at_problem(
    store: &Store,
    at: DateTime<Utc>,
) -> Result<Option<String>, PipelineError> {
    let now = Utc::now();
    if at > now {
        return Ok(Some(format!(
            "{} is in the future (it is {} now): a crawl can only record what was observed up to now",
            at.to_rfc3339(),
            now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )));
    }
    Ok(store
        .newest_snapshot_at()?
        .filter(|newest| at < *newest)
        .map(|newest| {
            format!(
                "{} is before {}, the newest snapshot in the store: a crawl as of an earlier time \
             would replace newer profiles with older ones. Crawl archives oldest first (an older \
             one into a new data directory), or give a time at or after {}",
                at.to_rfc3339(),
                newest.to_rfc3339(),
                newest.to_rfc3339()
            )
        }))
}

/// Drains the channel into the store, one transaction per batch: fresh records are upserted,
/// unchanged creators get a snapshot with their stored counts. `stored` counts the outputs
/// committed.
fn write_records(
    mut store: Store,
    mut receiver: mpsc::Receiver<CrawlOutput>,
    stored: watch::Sender<u64>,
) -> Result<UpsertSummary, PipelineError> {
    let mut total = UpsertSummary::default();
    let mut records: Vec<(CreatorRecord, Option<f64>)> = Vec::with_capacity(STORE_BATCH);
    let mut unchanged: Vec<(CreatorId, DateTime<Utc>)> = Vec::new();
    while let Some(first) = receiver.blocking_recv() {
        let mut next = Some(first);
        let gathering_since = std::time::Instant::now();
        // Gather a batch: whatever else is waiting, and what arrives within BATCH_GATHER
        // (each commit rewrites the index pages it touched, so fuller batches write less).
        while let Some(output) = next.take() {
            match output {
                CrawlOutput::Record(record) => {
                    let rate =
                        engagement::robust_engagement_rate(record.creator.followers, &record.posts);
                    records.push((record, rate));
                }
                CrawlOutput::Unchanged { id, checked_at } => unchanged.push((id, checked_at)),
            }
            while next.is_none() && records.len() + unchanged.len() < STORE_BATCH {
                match receiver.try_recv() {
                    Ok(output) => next = Some(output),
                    Err(mpsc::error::TryRecvError::Empty)
                        if gathering_since.elapsed() < BATCH_GATHER =>
                    {
                        std::thread::sleep(Duration::from_millis(2));
                    }
                    Err(_) => break,
                }
            }
        }
        let batch = records.len() + unchanged.len();
        if !records.is_empty() {
            total.add(&store.upsert_records(&records)?);
            records.clear();
        }
        if !unchanged.is_empty() {
            let added = store.record_unchanged(&unchanged)?;
            total.unchanged += added;
            total.snapshots += added;
            unchanged.clear();
        }
        stored.send_modify(|count| *count += batch as u64);
    }
    Ok(total)
}

/// The interval at which a crawl's progress bar redraws.
pub const PROGRESS_TICK: Duration = Duration::from_millis(200);
