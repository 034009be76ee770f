//! The crawl loop: seeds → frontier (SQLite) → workers under politeness limits → records on a
//! channel. The loop alone touches the crawl state; workers only fetch and extract.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use scout_models::CreatorRecord;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::config::CrawlConfig;
use crate::error::{CrawlError, ItemError};
use crate::fetch::Fetcher;
use crate::frontier::{FrontierItem, NewItem};
use crate::session::{Counters, Session};
use crate::state::{ItemStatus, StateStore};
use crate::urls::parse_seed;
use crate::worker::{self, ItemOutput, RunContext};

/// Name of the state database inside `CrawlConfig::state_dir`.
pub const STATE_FILE: &str = "state.sqlite";

/// Callback told about progress after each item.
pub type ProgressFn = Arc<dyn Fn(&CrawlProgress) + Send + Sync>;

/// Counts reported to the progress callback after each item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CrawlProgress {
    /// Responses received so far in this call (robots.txt excluded).
    pub fetched: u64,
    /// Records handed to the caller so far in this call.
    pub records: u64,
    /// Items of the run still pending (in flight included).
    pub queued: u64,
    /// Failed items and failed optional requests so far in this call.
    pub errors: u64,
}

/// What a call to [`Crawler::run`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CrawlSummary {
    /// Responses received (robots.txt excluded).
    pub fetched: u64,
    /// Records sent on the channel.
    pub records: u64,
    /// Requests not sent because robots.txt disallows them.
    pub skipped_by_robots: u64,
    /// Failed items and failed optional requests (each logged).
    pub errors: u64,
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
    config: Arc<CrawlConfig>,
    fetcher: Fetcher,
    state: StateStore,
}

/// One item being worked on.
#[derive(Debug)]
struct Running {
    item_id: i64,
    host: String,
    url: String,
}

type TaskResult = Result<ItemOutput, ItemError>;

impl Crawler {
    /// Checks the config, creates the state directory and opens `state.sqlite`.
    pub fn new(config: CrawlConfig) -> Result<Crawler, CrawlError> {
        config.validate()?;
        std::fs::create_dir_all(&config.state_dir).map_err(|source| CrawlError::StateDir {
            path: config.state_dir.clone(),
            source,
        })?;
        let state = StateStore::open(&config.state_dir.join(STATE_FILE))?;
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

    /// Crawls from the seeds until the frontier is empty or `cancel` fires, sending one record
    /// per creator. Resumes the latest run of the same seeds when it is unfinished; otherwise
    /// starts a new run that fetches everything again. Item failures are logged and counted;
    /// only state faults and a closed channel are errors.
    pub async fn run(
        &self,
        seeds: Vec<String>,
        records: mpsc::Sender<CreatorRecord>,
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
        let seeds_hash = hex_sha256(&seeds_json);
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

        let session = Session::new(self.fetcher.clone(), &self.config, cancel.clone());
        let context = Arc::new(RunContext::new(Arc::clone(&self.config), session));
        let mut run = RunLoop {
            crawler: self,
            run_id: start.run_id,
            context,
            records,
            progress,
            seed_urls,
            summary,
            queued: self.state.pending_count(start.run_id)?,
            tasks: JoinSet::new(),
            running: HashMap::new(),
        };
        run.drive(&cancel).await?;
        let mut summary = run.finish();
        summary.cancelled = cancel.is_cancelled();
        if self.state.pending_count(start.run_id)? == 0 {
            self.state.finish_run(start.run_id)?;
        }
        tracing::info!(
            run = start.run_id,
            fetched = summary.fetched,
            records = summary.records,
            errors = summary.errors,
            cancelled = summary.cancelled,
            "crawl ended"
        );
        Ok(summary)
    }
}

/// The state of one call to `run`.
struct RunLoop<'a> {
    crawler: &'a Crawler,
    run_id: i64,
    context: Arc<RunContext>,
    records: mpsc::Sender<CreatorRecord>,
    progress: Option<ProgressFn>,
    /// Normalised seed URL → the seed as given.
    seed_urls: HashMap<String, String>,
    summary: CrawlSummary,
    queued: u64,
    tasks: JoinSet<TaskResult>,
    running: HashMap<tokio::task::Id, Running>,
}

impl RunLoop<'_> {
    async fn drive(&mut self, cancel: &CancellationToken) -> Result<(), CrawlError> {
        loop {
            if !cancel.is_cancelled() {
                self.dispatch()?;
            }
            if self.tasks.is_empty() {
                return Ok(());
            }
            let joined = tokio::select! {
                joined = self.tasks.join_next_with_id() => joined,
                _ = cancel.cancelled(), if !cancel.is_cancelled() => continue,
            };
            let Some(joined) = joined else {
                return Ok(());
            };
            match joined {
                Ok((task_id, result)) => {
                    if let Some(running) = self.running.remove(&task_id) {
                        self.settle(&running, result).await?;
                    }
                }
                Err(join_error) => {
                    if let Some(running) = self.running.remove(&join_error.id()) {
                        if join_error.is_panic() {
                            tracing::error!(url = %running.url, "item worker panicked");
                            self.fail(&running, "worker panicked")?;
                        }
                    }
                }
            }
            self.report();
        }
    }

    /// Starts pending items while there is room globally and on their host.
    fn dispatch(&mut self) -> Result<(), CrawlError> {
        let config = &self.crawler.config;
        while self.tasks.len() < config.global_concurrency {
            let in_flight: Vec<i64> = self
                .running
                .values()
                .map(|running| running.item_id)
                .collect();
            let busy_hosts = self.busy_hosts(config.per_host_concurrency);
            let Some(item) =
                self.crawler
                    .state
                    .next_pending(self.run_id, &in_flight, &busy_hosts)?
            else {
                return Ok(());
            };
            self.crawler.state.mark_started(item.id)?;
            self.spawn(item);
        }
        Ok(())
    }

    fn busy_hosts(&self, per_host: usize) -> Vec<String> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for running in self.running.values() {
            *counts.entry(running.host.as_str()).or_default() += 1;
        }
        counts
            .into_iter()
            .filter(|(_, count)| *count >= per_host)
            .map(|(host, _)| host.to_string())
            .collect()
    }

    fn spawn(&mut self, item: FrontierItem) {
        let context = Arc::clone(&self.context);
        let running = Running {
            item_id: item.id,
            host: item.host.clone(),
            url: item.url.clone(),
        };
        let handle = self
            .tasks
            .spawn(async move { worker::process(&context, &item).await });
        self.running.insert(handle.id(), running);
    }

    /// Hands over what an item produced, then records its outcome.
    async fn settle(
        &mut self,
        running: &Running,
        result: Result<ItemOutput, ItemError>,
    ) -> Result<(), CrawlError> {
        let state = &self.crawler.state;
        match result {
            Ok(output) => {
                let max_depth = self.crawler.config.max_depth;
                let discovered: Vec<NewItem> = output
                    .discovered
                    .into_iter()
                    .filter(|item| item.depth as usize <= max_depth)
                    .collect();
                self.queued +=
                    state.enqueue(self.run_id, &discovered, self.crawler.config.max_pages)?;
                if let Some(record) = output.record {
                    self.records
                        .send(record)
                        .await
                        .map_err(|_| CrawlError::RecordsClosed)?;
                    self.summary.records += 1;
                }
                state.complete(running.item_id, ItemStatus::Done, None)?;
                self.queued = self.queued.saturating_sub(1);
            }
            Err(error) if error.is_cancelled() => {}
            Err(error) if error.is_disallowed() => {
                state.complete(
                    running.item_id,
                    ItemStatus::Skipped,
                    Some(&error.to_string()),
                )?;
                self.queued = self.queued.saturating_sub(1);
                self.note_failed_seed(&running.url, &error.to_string());
            }
            Err(error) => {
                tracing::warn!(url = %running.url, %error, "item failed");
                self.fail(running, &error.to_string())?;
            }
        }
        Ok(())
    }

    fn fail(&mut self, running: &Running, reason: &str) -> Result<(), CrawlError> {
        self.context.session.counters.add_error();
        self.crawler
            .state
            .complete(running.item_id, ItemStatus::Failed, Some(reason))?;
        self.queued = self.queued.saturating_sub(1);
        self.note_failed_seed(&running.url, reason);
        Ok(())
    }

    fn note_failed_seed(&mut self, url: &str, reason: &str) {
        if let Some(seed) = self.seed_urls.get(url) {
            self.summary
                .failed_seeds
                .push((seed.clone(), reason.to_string()));
        }
    }

    fn counters(&self) -> &Counters {
        &self.context.session.counters
    }

    fn report(&self) {
        if let Some(progress) = &self.progress {
            let counters = self.counters();
            progress(&CrawlProgress {
                fetched: Counters::get(&counters.fetched),
                records: self.summary.records,
                queued: self.queued,
                errors: Counters::get(&counters.errors),
            });
        }
    }

    fn finish(mut self) -> CrawlSummary {
        let counters = self.counters();
        let fetched = Counters::get(&counters.fetched);
        let skipped = Counters::get(&counters.skipped_by_robots);
        let errors = Counters::get(&counters.errors);
        self.summary.fetched = fetched;
        self.summary.skipped_by_robots = skipped;
        self.summary.errors = errors;
        let mut seen = HashSet::new();
        self.summary
            .failed_seeds
            .retain(|(seed, _)| seen.insert(seed.clone()));
        self.summary
    }
}

fn hex_sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
