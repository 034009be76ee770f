//! The run loop: picks the most urgent pending items under the politeness limits, skips those
//! the crawl must not fetch (removal requests, creators still fresh), runs the others as
//! worker tasks, and settles each outcome: outputs on the channel, memory and frontier in the
//! crawl state. The loop alone touches the runs, frontier and memory of the crawl state (the
//! session keeps robots.txt answers and host streaks there); workers only fetch and extract.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use scout_models::CreatorId;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::crawler::{CrawlOutput, CrawlProgress, CrawlSummary, Crawler, ProgressFn};
use crate::error::{CrawlError, ItemError};
use crate::frontier::{FrontierItem, ItemKind, NewItem};
use crate::recrawl::RecrawlPolicy;
use crate::session::Counters;
use crate::state::{ItemStatus, Memory, Remembered};
use crate::worker::{self, ItemOutput, Mode, Outcome, RunContext};

/// One item being worked on.
#[derive(Debug)]
struct Running {
    item_id: i64,
    host: String,
    url: String,
}

type TaskResult = Result<ItemOutput, ItemError>;

/// How long the run loop holds crawl-state writes before committing them: a kill loses at
/// most this much bookkeeping, which only means a few items are fetched again.
const STATE_COMMIT_INTERVAL: std::time::Duration = std::time::Duration::from_millis(100);

/// An item whose output is on the channel but not yet stored by the consumer: it stays
/// pending in the frontier (and its memory unwritten) until the consumer has stored output
/// number `seq`, so a crawl killed in between fetches it again on resume.
struct Unstored {
    seq: u64,
    item_id: i64,
    url: String,
    memory: Memory,
}

/// Why an item is not fetched at all.
enum Skip {
    Excluded(CreatorId),
    Fresh(Box<Remembered>),
}

/// The state of one call to `Crawler::run`.
pub(crate) struct RunLoop<'a> {
    crawler: &'a Crawler,
    run_id: i64,
    context: Arc<RunContext>,
    output: mpsc::Sender<CrawlOutput>,
    progress: Option<ProgressFn>,
    recrawl: RecrawlPolicy,
    /// Normalised seed URL → the seed as given.
    seed_urls: HashMap<String, String>,
    summary: CrawlSummary,
    queued: u64,
    started: Instant,
    tasks: JoinSet<TaskResult>,
    running: HashMap<tokio::task::Id, Running>,
    /// How many outputs the consumer has stored, when it says (`Crawler::run_acknowledged`).
    stored: Option<watch::Receiver<u64>>,
    /// Outputs sent so far.
    sent: u64,
    unstored: VecDeque<Unstored>,
}

impl<'a> RunLoop<'a> {
    pub(crate) fn new(
        crawler: &'a Crawler,
        run_id: i64,
        context: Arc<RunContext>,
        output: mpsc::Sender<CrawlOutput>,
        progress: Option<ProgressFn>,
        seed_urls: HashMap<String, String>,
        summary: CrawlSummary,
    ) -> Result<Self, CrawlError> {
        Ok(RunLoop {
            crawler,
            run_id,
            recrawl: RecrawlPolicy::from_config(&crawler.config),
            context,
            output,
            progress,
            seed_urls,
            summary,
            queued: crawler.state.pending_count(run_id)?,
            started: Instant::now(),
            tasks: JoinSet::new(),
            running: HashMap::new(),
            stored: None,
            sent: 0,
            unstored: VecDeque::new(),
        })
    }

    /// Items are completed only once the consumer has stored their output (`stored` counts
    /// the outputs stored, in the order they were sent).
    pub(crate) fn acknowledged_by(mut self, stored: watch::Receiver<u64>) -> Self {
        self.stored = Some(stored);
        self
    }

    /// Completes the items whose outputs the consumer has stored.
    fn complete_stored(&mut self) -> Result<(), CrawlError> {
        let Some(stored) = &self.stored else {
            return Ok(());
        };
        let stored = *stored.borrow();
        while self.unstored.front().is_some_and(|item| item.seq <= stored) {
            if let Some(item) = self.unstored.pop_front() {
                self.remember(&item.url, &item.memory)?;
                self.crawler
                    .state
                    .complete(item.item_id, ItemStatus::Done, None)?;
            }
        }
        Ok(())
    }

    /// Waits until the consumer has stored every output sent (or stopped), completing items
    /// as it does; those it never stores stay pending for the next run.
    pub(crate) async fn await_stored(&mut self) -> Result<(), CrawlError> {
        loop {
            self.complete_stored()?;
            let Some(stored) = self.stored.as_mut() else {
                return Ok(());
            };
            if self.unstored.is_empty() || stored.changed().await.is_err() {
                return self.complete_stored();
            }
        }
    }

    /// Runs items until none is left (or `cancel` fires), holding the crawl state's writes in
    /// batches committed every [`STATE_COMMIT_INTERVAL`] and at the end.
    pub(crate) async fn drive(&mut self, cancel: &CancellationToken) -> Result<(), CrawlError> {
        self.crawler.state.begin_batch()?;
        let driven = self.drive_batched(cancel).await;
        let committed = self.crawler.state.commit_batch();
        driven?;
        Ok(committed?)
    }

    async fn drive_batched(&mut self, cancel: &CancellationToken) -> Result<(), CrawlError> {
        let mut batch_started = Instant::now();
        loop {
            if batch_started.elapsed() >= STATE_COMMIT_INTERVAL {
                self.crawler.state.commit_batch()?;
                self.crawler.state.begin_batch()?;
                batch_started = Instant::now();
            }
            self.complete_stored()?;
            if !cancel.is_cancelled() {
                self.dispatch()?;
            }
            if self.tasks.is_empty() {
                return Ok(());
            }
            let joined = tokio::select! {
                joined = self.tasks.join_next_with_id() => joined,
                _ = cancel.cancelled(), if !cancel.is_cancelled() => continue,
                _ = tokio::time::sleep_until(batch_started + STATE_COMMIT_INTERVAL) => continue,
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

    /// Starts pending items while there is room globally and on their host; items that must
    /// not be fetched are settled on the spot.
    fn dispatch(&mut self) -> Result<(), CrawlError> {
        let config = Arc::clone(&self.crawler.config);
        while self.tasks.len() < config.global_concurrency {
            let in_flight = self.in_flight();
            let busy_hosts = self.busy_hosts(config.per_host_concurrency);
            let Some(item) =
                self.crawler
                    .state
                    .next_pending(self.run_id, &in_flight, &busy_hosts)?
            else {
                return Ok(());
            };
            let previous = self.crawler.state.recall(&item.url)?;
            match self.skip_reason(&item, previous) {
                Ok(previous) => {
                    self.crawler.state.mark_started(item.id)?;
                    self.spawn(item, previous, Mode::Fetch);
                }
                Err(Skip::Fresh(previous))
                    if config.discover
                        && item
                            .kind
                            .parse::<ItemKind>()
                            .is_ok_and(ItemKind::discovers_when_fresh) =>
                {
                    // A fresh profile still leads to its directory (Mastodon) or suggestions
                    // (Bluesky).
                    self.crawler.state.mark_started(item.id)?;
                    self.spawn(item, Some(*previous), Mode::DiscoverOnly);
                }
                Err(skip) => self.skip(&item, skip)?,
            }
        }
        Ok(())
    }

    /// `Ok(last memory)` when the item is to be fetched, `Err(why not)` otherwise.
    fn skip_reason(
        &self,
        item: &FrontierItem,
        previous: Option<Remembered>,
    ) -> Result<Option<Remembered>, Skip> {
        let excluded = &self.crawler.config.excluded_creators;
        let hint = match (item.kind.parse::<ItemKind>(), Url::parse(&item.url)) {
            (Ok(kind), Ok(url)) => kind.creator_hint(&url),
            _ => None,
        };
        let remembered_id = previous
            .as_ref()
            .map(|previous| &previous.memory.creator_id);
        if let Some(id) = [hint.as_ref(), remembered_id]
            .into_iter()
            .flatten()
            .find(|id| excluded.contains(*id))
        {
            return Err(Skip::Excluded(id.clone()));
        }
        match previous {
            Some(previous)
                if self
                    .recrawl
                    .is_fresh(&previous.last, self.crawler.config.observation_time()) =>
            {
                Err(Skip::Fresh(Box::new(previous)))
            }
            other => Ok(other),
        }
    }

    fn skip(&mut self, item: &FrontierItem, skip: Skip) -> Result<(), CrawlError> {
        let reason = match skip {
            Skip::Excluded(id) => {
                self.summary.skipped_excluded += 1;
                format!("removal requested for {id}")
            }
            Skip::Fresh(previous) => {
                self.summary.skipped_fresh += 1;
                format!(
                    "fresh: {} fetched at {}, due again after {}s",
                    previous.memory.creator_id,
                    previous.last.fetched_at.to_rfc3339(),
                    previous.last.recrawl_after.as_secs()
                )
            }
        };
        tracing::debug!(url = %item.url, %reason, "not fetched");
        self.crawler
            .state
            .complete(item.id, ItemStatus::Skipped, Some(&reason))?;
        self.queued = self.queued.saturating_sub(1);
        Ok(())
    }

    /// Items being worked on or waiting for their output to be stored.
    fn in_flight(&self) -> Vec<i64> {
        self.running
            .values()
            .map(|running| running.item_id)
            .chain(self.unstored.iter().map(|item| item.item_id))
            .collect()
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

    fn spawn(&mut self, item: FrontierItem, previous: Option<Remembered>, mode: Mode) {
        let context = Arc::clone(&self.context);
        let running = Running {
            item_id: item.id,
            host: item.host.clone(),
            url: item.url.clone(),
        };
        let handle = self
            .tasks
            .spawn(async move { worker::process(&context, &item, previous.as_ref(), mode).await });
        self.running.insert(handle.id(), running);
    }

    /// Hands over what an item produced, then records its outcome.
    async fn settle(
        &mut self,
        running: &Running,
        result: Result<ItemOutput, ItemError>,
    ) -> Result<(), CrawlError> {
        match result {
            Ok(output) => {
                let max_depth = self.crawler.config.max_depth;
                let discovered: Vec<NewItem> = output
                    .discovered
                    .into_iter()
                    .filter(|item| item.depth as usize <= max_depth)
                    .collect();
                self.queued += self.crawler.state.enqueue(
                    self.run_id,
                    &discovered,
                    self.crawler.config.max_pages,
                )?;
                match self.hand_over(output.outcome).await? {
                    Some(memory) if self.stored.is_some() => {
                        self.unstored.push_back(Unstored {
                            seq: self.sent,
                            item_id: running.item_id,
                            url: running.url.clone(),
                            memory,
                        });
                    }
                    handed => {
                        if let Some(memory) = handed {
                            self.remember(&running.url, &memory)?;
                        }
                        self.crawler
                            .state
                            .complete(running.item_id, ItemStatus::Done, None)?;
                    }
                }
                self.queued = self.queued.saturating_sub(1);
            }
            Err(error) if error.is_cancelled() => {}
            Err(error) if error.is_disallowed() => {
                self.crawler.state.complete(
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
                if let Some(host) = error.backed_off_host() {
                    self.fail_host(host, &error.to_string())?;
                }
            }
        }
        Ok(())
    }

    /// Sends a creator's output (unless a removal request covers it); returns what to
    /// remember of the creator once the output is stored.
    async fn hand_over(&mut self, outcome: Outcome) -> Result<Option<Memory>, CrawlError> {
        let excluded = &self.crawler.config.excluded_creators;
        let (output, memory) = match outcome {
            Outcome::Nothing => return Ok(None),
            Outcome::OptedOut => {
                self.context.session.counters.add_opted_out();
                return Ok(None);
            }
            Outcome::Excluded => {
                self.summary.skipped_excluded += 1;
                return Ok(None);
            }
            Outcome::Fresh => {
                self.summary.skipped_fresh += 1;
                return Ok(None);
            }
            Outcome::Record { memory, .. } | Outcome::Unchanged(memory)
                if excluded.contains(&memory.creator_id) =>
            {
                self.summary.skipped_excluded += 1;
                return Ok(None);
            }
            Outcome::Record { record, memory } => (CrawlOutput::Record(*record), memory),
            Outcome::Unchanged(memory) => (
                CrawlOutput::Unchanged {
                    id: memory.creator_id.clone(),
                    checked_at: self.crawler.config.observation_time(),
                },
                memory,
            ),
        };
        let is_record = matches!(output, CrawlOutput::Record(_));
        self.output
            .send(output)
            .await
            .map_err(|_| CrawlError::RecordsClosed)?;
        self.sent += 1;
        if is_record {
            self.summary.records += 1;
        } else {
            self.summary.unchanged += 1;
        }
        Ok(Some(memory))
    }

    fn remember(&self, url: &str, memory: &Memory) -> Result<(), CrawlError> {
        let interval = self.recrawl.interval(memory.followers);
        self.crawler.state.remember(
            url,
            memory,
            self.crawler.config.observation_time(),
            interval,
        )?;
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

    /// Fails the remaining items of a host given up on, each with the reason.
    fn fail_host(&mut self, host: &str, reason: &str) -> Result<(), CrawlError> {
        let in_flight = self.in_flight();
        let failed =
            self.crawler
                .state
                .fail_pending_on_host(self.run_id, host, &in_flight, reason)?;
        if failed.is_empty() {
            return Ok(());
        }
        tracing::warn!(%host, items = failed.len(), "remaining items of a failing host failed");
        self.context
            .session
            .counters
            .add_errors(failed.len() as u64);
        self.queued = self.queued.saturating_sub(failed.len() as u64);
        for url in failed {
            self.note_failed_seed(&url, reason);
        }
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
            let fetched = Counters::get(&counters.fetched);
            let seconds = self.started.elapsed().as_secs_f64();
            progress(&CrawlProgress {
                fetched,
                records: self.summary.records,
                unchanged: self.summary.unchanged,
                queued: self.queued,
                errors: Counters::get(&counters.errors),
                skipped_by_robots: Counters::get(&counters.skipped_by_robots),
                bytes: Counters::get(&counters.bytes),
                rate: if seconds > 0.0 {
                    fetched as f64 / seconds
                } else {
                    0.0
                },
            });
        }
    }

    pub(crate) fn finish(mut self) -> CrawlSummary {
        let counters = &self.context.session.counters;
        self.summary.fetched = Counters::get(&counters.fetched);
        self.summary.skipped_by_robots = Counters::get(&counters.skipped_by_robots);
        self.summary.errors = Counters::get(&counters.errors);
        self.summary.bytes = Counters::get(&counters.bytes);
        self.summary.retries = Counters::get(&counters.retries);
        self.summary.skipped_opted_out = Counters::get(&counters.opted_out);
        self.summary.backed_off_hosts = counters.backed_off_hosts();
        let mut seen = HashSet::new();
        self.summary
            .failed_seeds
            .retain(|(seed, _)| seen.insert(seed.clone()));
        self.summary
    }
}
