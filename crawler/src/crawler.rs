//! The crawler's entry point: seeds → a run in the crawl state → the run loop
//! (`run_loop.rs`) → [`CrawlOutput`]s on a channel, and a [`CrawlSummary`] at the end.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use scout_models::{CreatorId, CreatorRecord};
use sha2::{Digest, Sha256};
use tokio::sync::{mpsc, watch};
use tokio_util::sync::CancellationToken;

use crate::config::CrawlConfig;
use crate::error::CrawlError;
use crate::fetch::Fetcher;
use crate::frontier::NewItem;
use crate::run_loop::RunLoop;
use crate::session::Session;
use crate::state::StateStore;
use crate::urls::parse_seed;
use crate::worker::RunContext;

/// Name of the state database inside `CrawlConfig::state_dir`.
pub const STATE_FILE: &str = "state.sqlite";

/// Callback told about progress after each item.
pub type ProgressFn = Arc<dyn Fn(&CrawlProgress) + Send + Sync>;

/// What the crawler hands to the caller, one per creator reached.
// A record is far larger than an id; outputs are moved through the channel one at a time,
// so boxing would only add an allocation per creator.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum CrawlOutput {
    /// A creator fetched with its posts and audience samples: store it.
    Record(CreatorRecord),
    /// A creator whose sources answered "not modified" since the last crawl: nothing to
    /// rewrite, only that it was checked.
    Unchanged {
        id: CreatorId,
        checked_at: DateTime<Utc>,
    },
}

impl CrawlOutput {
    /// The creator the output is about.
    pub fn creator_id(&self) -> &CreatorId {
        match self {
            CrawlOutput::Record(record) => &record.creator.id,
            CrawlOutput::Unchanged { id, .. } => id,
        }
    }
}

/// Counts reported to the progress callback after each item.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CrawlProgress {
    /// Responses received so far in this call (robots.txt excluded).
    pub fetched: u64,
    /// Records handed to the caller so far in this call.
    pub records: u64,
    /// Unchanged creators reported so far in this call.
    pub unchanged: u64,
    /// Items of the run still pending (in flight included).
    pub queued: u64,
    /// Failed items and failed optional requests so far in this call.
    pub errors: u64,
    /// Requests not sent because robots.txt disallows them.
    pub skipped_by_robots: u64,
    /// Body bytes received so far.
    pub bytes: u64,
    /// Responses per second since the call started.
    pub rate: f64,
}

/// What a call to [`Crawler::run`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CrawlSummary {
    /// Responses received (robots.txt and retried attempts excluded).
    pub fetched: u64,
    /// Records sent on the channel.
    pub records: u64,
    /// Unchanged creators sent on the channel (a 304 where a record would have been).
    pub unchanged: u64,
    /// Body bytes received.
    pub bytes: u64,
    /// Attempts repeated after a timeout, a network error, 429 or 5xx.
    pub retries: u64,
    /// Requests not sent because robots.txt disallows them.
    pub skipped_by_robots: u64,
    /// Creators not fetched because their last fetch is recent enough for their recrawl policy.
    pub skipped_fresh: u64,
    /// Creators not emitted: opted out of indexing or discovery, or bots.
    pub skipped_opted_out: u64,
    /// Creators not fetched or not emitted because of a removal request.
    pub skipped_excluded: u64,
    /// Failed items and failed optional requests (each logged).
    pub errors: u64,
    /// Hosts given up on after failing repeatedly (`host:port`).
    pub backed_off_hosts: Vec<String>,
    /// Seeds that are not valid URLs, or whose own page failed or was disallowed: (seed, reason).
    pub failed_seeds: Vec<(String, String)>,
    /// The crawl was cancelled; unfinished items stay pending for a resume.
    pub cancelled: bool,
    /// An unfinished run of the same seeds was resumed.
    pub resumed: bool,
}

/// A polite, resumable crawler. Records go to the caller, which stores them.
#[derive(Debug)]
pub struct Crawler {
    pub(crate) config: Arc<CrawlConfig>,
    fetcher: Fetcher,
    pub(crate) state: Arc<StateStore>,
}

impl Crawler {
    /// Checks the config, creates the state directory and opens `state.sqlite`.
    pub fn new(config: CrawlConfig) -> Result<Crawler, CrawlError> {
        config.validate()?;
        std::fs::create_dir_all(&config.state_dir).map_err(|source| CrawlError::StateDir {
            path: config.state_dir.clone(),
            source,
        })?;
        let state = Arc::new(StateStore::open(&config.state_dir.join(STATE_FILE))?);
        let fetcher = Fetcher::new(&config)?;
        Ok(Crawler {
            config: Arc::new(config),
            fetcher,
            state,
        })
    }

    /// The settings this crawler runs with.
    pub fn config(&self) -> &CrawlConfig {
        &self.config
    }

    /// Crawls from the seeds until the frontier is empty or `cancel` fires, sending one output
    /// per creator reached. Resumes the latest run of the same seeds when it is unfinished;
    /// otherwise starts a new run, in which creators fetched more recently than their recrawl
    /// interval are skipped (unless `force_recrawl`); with `observed_at` set, everything is
    /// recorded as observed then, and only an unfinished run as of the same time is resumed.
    /// Item failures are logged and counted;
    /// only state faults and a closed channel are errors.
    ///
    /// An item counts as done once its output is on the channel: a crawl killed before the
    /// consumer stored it does not fetch it again. [`Crawler::run_acknowledged`] closes that gap.
    pub async fn run(
        &self,
        seeds: Vec<String>,
        output: mpsc::Sender<CrawlOutput>,
        progress: Option<ProgressFn>,
        cancel: CancellationToken,
    ) -> Result<CrawlSummary, CrawlError> {
        self.run_with(seeds, output, None, progress, cancel).await
    }

    /// [`Crawler::run`] for a consumer that says how many outputs it has stored durably
    /// (`stored`, counting in the order they were sent): an item is done only once its output
    /// is stored, so a crawl killed at any moment resumes without losing a creator. The run
    /// ends when the consumer has stored every output (or dropped `stored`).
    pub async fn run_acknowledged(
        &self,
        seeds: Vec<String>,
        output: mpsc::Sender<CrawlOutput>,
        stored: watch::Receiver<u64>,
        progress: Option<ProgressFn>,
        cancel: CancellationToken,
    ) -> Result<CrawlSummary, CrawlError> {
        self.run_with(seeds, output, Some(stored), progress, cancel)
            .await
    }

    async fn run_with(
        &self,
        seeds: Vec<String>,
        output: mpsc::Sender<CrawlOutput>,
        stored: Option<watch::Receiver<u64>>,
        progress: Option<ProgressFn>,
        cancel: CancellationToken,
    ) -> Result<CrawlSummary, CrawlError> {
        let mut summary = CrawlSummary::default();
        let mut seed_urls: HashMap<String, String> = HashMap::new();
        for raw in &seeds {
            match parse_seed(raw) {
                Ok(url) => {
                    seed_urls
                        .entry(url.to_string())
                        .or_insert_with(|| raw.clone());
                }
                Err(reason) => summary.failed_seeds.push((raw.clone(), reason)),
            }
        }
        if seed_urls.is_empty() {
            return Ok(summary);
        }
        let mut normalized: Vec<&String> = seed_urls.keys().collect();
        normalized.sort();
        let seeds_json = serde_json::to_string(&normalized).unwrap_or_default();
        // A crawl as of another time is another run: a resume never mixes two dates.
        let seeds_hash = match self.config.observed_at {
            None => hex_sha256(&seeds_json),
            Some(at) => hex_sha256(&format!("{seeds_json}@{}", at.to_rfc3339())),
        };
        let seed_items: Vec<NewItem> = normalized
            .iter()
            .filter_map(|url| url::Url::parse(url).ok())
            .map(NewItem::seed)
            .collect();
        let start = self
            .state
            .begin_run(&seeds_hash, &seeds_json, &seed_items)?;
        summary.resumed = start.resumed;
        tracing::info!(
            run = start.run_id,
            resumed = start.resumed,
            seeds = seed_items.len(),
            "crawl started"
        );

        let session = Session::new(
            self.fetcher.clone(),
            &self.config,
            Arc::clone(&self.state),
            cancel.clone(),
        );
        let context = Arc::new(RunContext::new(Arc::clone(&self.config), session));
        let mut run = RunLoop::new(
            self,
            start.run_id,
            context,
            output,
            progress,
            seed_urls,
            summary,
        )?;
        if let Some(stored) = stored {
            run = run.acknowledged_by(stored);
        }
        run.drive(&cancel).await?;
        run.await_stored().await?;
        let mut summary = run.finish();
        summary.cancelled = cancel.is_cancelled();
        if self.state.pending_count(start.run_id)? == 0 {
            self.state.finish_run(start.run_id)?;
        }
        tracing::info!(
            run = start.run_id,
            fetched = summary.fetched,
            records = summary.records,
            unchanged = summary.unchanged,
            errors = summary.errors,
            cancelled = summary.cancelled,
            "crawl ended"
        );
        Ok(summary)
    }
}

fn hex_sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
