//! Background jobs of the server: crawls started through the API. A crawl job runs the real
//! crawler into the store ([`crawl_into_store`]), then indexes what it stored so searches see
//! it. Crawls run one at a time (they share the crawl state in the data directory); jobs
//! waiting their turn are `queued`. Jobs are kept in the store too ([`Jobs::persistent`]), so
//! `GET /v1/jobs/{id}` answers after a restart; a job that was queued or running when its
//! server stopped is reported `interrupted` (it is not restarted: post the same seeds again
//! and the crawl resumes from the frontier it saved in the data directory).
//!
//! Writes to the index from the server (a crawl's indexing, a removal request) take
//! [`Jobs::index_writer`] first: the index has one writer at a time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use scout_crawler::{AddressPolicy, CrawlProgress, ProgressFn};
use scout_index::{CrawlJobRecord, Store};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use crate::pipeline::{
    crawl_into_store, index_store, CrawlOptions, CrawlReport, IndexOptions, PipelineError,
    SearchService,
};

/// Seeds one crawl job may start from at most.
pub const MAX_SEEDS: usize = 1_000;
/// Longest seed URL.
pub const MAX_SEED_CHARS: usize = 2_048;
/// Jobs waiting for their turn at most; more are refused.
pub const MAX_QUEUED: usize = 16;
/// Finished jobs remembered at most (the oldest are forgotten first).
const MAX_FINISHED: usize = 1_000;
/// A running job's progress is written to the store at most this often.
const PERSIST_EVERY: Duration = Duration::from_secs(1);
/// The error a job gets when a server finds it unfinished at start.
const INTERRUPTED: &str = "the server stopped while this job was queued or running; \
post the same seeds again to resume the crawl from its saved frontier";

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    /// The server stopped while the job was queued or running.
    Interrupted,
}

impl JobStatus {
    fn is_finished(self) -> bool {
        matches!(
            self,
            JobStatus::Succeeded
                | JobStatus::Failed
                | JobStatus::Cancelled
                | JobStatus::Interrupted
        )
    }

    fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Succeeded => "succeeded",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
            JobStatus::Interrupted => "interrupted",
        }
    }

    fn parse(raw: &str) -> Option<JobStatus> {
        [
            JobStatus::Queued,
            JobStatus::Running,
            JobStatus::Succeeded,
            JobStatus::Failed,
            JobStatus::Cancelled,
            JobStatus::Interrupted,
        ]
        .into_iter()
        .find(|status| status.as_str() == raw)
    }
}

/// A crawl's progress so far.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct JobProgress {
    /// Pages fetched.
    pub pages: u64,
    /// Creator records handed to the store.
    pub records: u64,
    /// Creators found unchanged since their last crawl.
    pub unchanged: u64,
    /// Fetches that failed.
    pub errors: u64,
    /// URLs waiting in the frontier.
    pub queued: u64,
}

/// What a finished crawl job did.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct JobResult {
    /// Creators stored for the first time.
    pub created: usize,
    /// Known creators whose profile changed.
    pub updated: usize,
    /// Index documents (re)written afterwards.
    pub indexed: u64,
    /// Documents in the index afterwards.
    pub documents: u64,
    pub seconds: f64,
}

/// A job as `GET /v1/jobs/{id}` shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct JobView {
    pub id: u64,
    /// Always `crawl`.
    pub kind: &'static str,
    pub status: JobStatus,
    /// Seed URLs the crawl starts from.
    pub seeds: usize,
    /// Re-fetch creators the recrawl policy considers fresh.
    pub force: bool,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub progress: JobProgress,
    pub result: Option<JobResult>,
    /// Why a failed job failed.
    pub error: Option<String>,
}

struct JobEntry {
    view: JobView,
    seeds: Vec<String>,
    cancel: CancellationToken,
    /// When the view was last written to the store.
    persisted_at: Instant,
}

#[derive(Default)]
struct JobTable {
    next_id: u64,
    jobs: HashMap<u64, JobEntry>,
}

/// The server's jobs.
#[derive(Clone, Default)]
pub struct Jobs {
    table: Arc<Mutex<JobTable>>,
    /// Held by the running crawl.
    crawl_turn: Arc<tokio::sync::Mutex<()>>,
    /// Held by whoever writes to the index.
    index_writer: Arc<tokio::sync::Mutex<()>>,
    /// The store jobs are kept in (`None`: memory only).
    store_path: Option<Arc<PathBuf>>,
    /// Seeds may resolve to loopback and private addresses (`--crawl-allow-private`).
    allow_private: bool,
}

impl Jobs {
    fn table(&self) -> MutexGuard<'_, JobTable> {
        // A panic while holding the lock leaves plain data behind: keep using it.
        self.table
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Jobs kept in the store at `store_path` as well as in memory: jobs left unfinished by
    /// an earlier server become `interrupted`, and new ids follow the stored ones. When the
    /// store cannot be used the jobs live in memory only (logged).
    pub fn persistent(store_path: &Path) -> Jobs {
        let jobs = Jobs {
            store_path: Some(Arc::new(store_path.to_path_buf())),
            ..Jobs::default()
        };
        let opened = Store::open(store_path).and_then(|mut store| {
            let interrupted = store.interrupt_unfinished_crawl_jobs(Utc::now(), INTERRUPTED)?;
            Ok((interrupted, store.last_crawl_job_id()?))
        });
        match opened {
            Ok((interrupted, last_id)) => {
                if interrupted > 0 {
                    tracing::warn!(interrupted, "crawl jobs left unfinished by the last server");
                }
                jobs.table().next_id = u64::try_from(last_id).unwrap_or(0);
                jobs
            }
            Err(error) => {
                tracing::warn!(%error, "crawl jobs are kept in memory only");
                Jobs::default()
            }
        }
    }

    /// Lets seeds resolve to loopback, private and link-local addresses (off by default).
    pub fn allowing_private(mut self, allow: bool) -> Jobs {
        self.allow_private = allow;
        self
    }

    /// Writes job `id`'s progress to the store (when jobs are kept there), at most every
    /// [`PERSIST_EVERY`].
    fn persist_progress(&self, id: u64) {
        let record = {
            let mut table = self.table();
            let Some(job) = table.jobs.get_mut(&id) else {
                return;
            };
            if job.persisted_at.elapsed() < PERSIST_EVERY {
                return;
            }
            job.persisted_at = Instant::now();
            record_of(&job.view, &job.seeds)
        };
        self.write(id, &record);
    }

    /// Moves job `id` on by `change`: the store gets the new view first and only then does
    /// `GET /v1/jobs/{id}` show it, so a status a client has seen survives a kill of the
    /// server (a job seen `running` is `interrupted` after a restart, never `queued`).
    fn publish(&self, id: u64, change: impl FnOnce(&mut JobView)) -> Option<JobView> {
        let (view, record) = {
            let table = self.table();
            let job = table.jobs.get(&id)?;
            let mut view = job.view.clone();
            change(&mut view);
            let record = record_of(&view, &job.seeds);
            (view, record)
        };
        self.write(id, &record);
        let mut table = self.table();
        let job = table.jobs.get_mut(&id)?;
        job.view = view.clone();
        job.persisted_at = Instant::now();
        Some(view)
    }

    /// Writes a job's record to the store (when jobs are kept there). A failed write is
    /// logged: the job itself goes on.
    fn write(&self, id: u64, record: &CrawlJobRecord) {
        let Some(path) = &self.store_path else {
            return;
        };
        let written = Store::open(path).and_then(|mut store| store.save_crawl_job(record));
        if let Err(error) = written {
            tracing::warn!(job = id, %error, "crawl job not saved to the store");
        }
    }

    /// Waits for the index's one writer slot.
    pub async fn index_writer(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.index_writer.lock().await
    }

    /// Queues a crawl of `seeds` (checked here) and starts it in the background when its turn
    /// comes; returns the job as queued.
    pub fn start_crawl(
        &self,
        service: Arc<SearchService>,
        seeds: Vec<String>,
        force: bool,
    ) -> Result<JobView, PipelineError> {
        let seeds: Vec<String> = seeds.iter().map(|seed| seed.trim().to_string()).collect();
        check_seeds(&seeds)?;
        if !self.allow_private {
            check_seed_addresses(&seeds)?;
        }
        let cancel = CancellationToken::new();
        let (view, record) = {
            let mut table = self.table();
            let waiting = table
                .jobs
                .values()
                .filter(|job| job.view.status == JobStatus::Queued)
                .count();
            if waiting >= MAX_QUEUED {
                return Err(PipelineError::Conflict(format!(
                    "{waiting} crawl jobs are already queued: wait for them or cancel one"
                )));
            }
            forget_oldest_finished(&mut table);
            table.next_id += 1;
            let view = JobView {
                id: table.next_id,
                kind: "crawl",
                status: JobStatus::Queued,
                seeds: seeds.len(),
                force,
                created_at: Utc::now(),
                started_at: None,
                finished_at: None,
                progress: JobProgress::default(),
                result: None,
                error: None,
            };
            table.jobs.insert(
                view.id,
                JobEntry {
                    view: view.clone(),
                    seeds: seeds.clone(),
                    cancel: cancel.clone(),
                    persisted_at: Instant::now(),
                },
            );
            let record = record_of(&view, &seeds);
            (view, record)
        };
        self.write(view.id, &record);
        let jobs = self.clone();
        let id = view.id;
        tokio::spawn(async move {
            let outcome = jobs.run_crawl(id, service, seeds, force, cancel).await;
            jobs.finish(id, outcome);
        });
        Ok(view)
    }

    /// The job, from memory or (a job of an earlier server) from the store.
    pub fn get(&self, id: u64) -> Result<Option<JobView>, PipelineError> {
        if let Some(job) = self.table().jobs.get(&id) {
            return Ok(Some(job.view.clone()));
        }
        let (Some(path), Ok(stored_id)) = (&self.store_path, i64::try_from(id)) else {
            return Ok(None);
        };
        let Some(record) = Store::open(path)?.crawl_job(stored_id)? else {
            return Ok(None);
        };
        view_of(record).map(Some)
    }

    /// Asks a queued or running job to stop; a queued one never starts. Returns the job as it
    /// is now (a running crawl becomes `cancelled` once it has stopped and indexed what it
    /// stored).
    pub fn cancel(&self, id: u64) -> Option<JobView> {
        {
            let table = self.table();
            let job = table.jobs.get(&id)?;
            job.cancel.cancel();
            if job.view.status != JobStatus::Queued {
                return Some(job.view.clone());
            }
        }
        self.publish(id, |view| {
            if view.status == JobStatus::Queued {
                view.status = JobStatus::Cancelled;
                view.finished_at = Some(Utc::now());
            }
        })
    }

    fn update(&self, id: u64, change: impl FnOnce(&mut JobView)) {
        if let Some(job) = self.table().jobs.get_mut(&id) {
            change(&mut job.view);
        }
    }

    async fn run_crawl(
        &self,
        id: u64,
        service: Arc<SearchService>,
        seeds: Vec<String>,
        force: bool,
        cancel: CancellationToken,
    ) -> Result<Option<(CrawlReport, JobResult)>, PipelineError> {
        let _turn = self.crawl_turn.lock().await;
        if cancel.is_cancelled() {
            return Ok(None);
        }
        self.publish(id, |view| {
            view.status = JobStatus::Running;
            view.started_at = Some(Utc::now());
        });
        let jobs = self.clone();
        let progress: ProgressFn = Arc::new(move |progress: &CrawlProgress| {
            jobs.update(id, |view| {
                view.progress = JobProgress {
                    pages: progress.fetched,
                    records: progress.records,
                    unchanged: progress.unchanged,
                    errors: progress.errors,
                    queued: progress.queued,
                };
            });
            jobs.persist_progress(id);
        });
        let options = self.crawl_options(force);
        let data = service.data().clone();
        let report = crawl_into_store(&data, seeds, &options, Some(progress), cancel).await?;
        self.update(id, |view| {
            view.progress.pages = report.crawl.fetched;
            view.progress.records = report.crawl.records;
            view.progress.unchanged = report.crawl.unchanged;
            view.progress.errors = report.crawl.errors;
            view.progress.queued = 0;
        });
        // Even a cancelled crawl's records are in the store: index them too.
        let _writer = self.index_writer().await;
        let index_data = data.clone();
        let indexed = tokio::task::spawn_blocking(move || {
            index_store(&index_data, IndexOptions::new(false), &|_| {})
        })
        .await
        .map_err(|join| PipelineError::Internal(format!("indexing task failed: {join}")))??;
        service.index().reload()?;
        let result = JobResult {
            created: report.store.created,
            updated: report.store.updated,
            indexed: indexed.documents,
            documents: service.index().num_docs(),
            seconds: report.seconds + indexed.seconds,
        };
        Ok(Some((report, result)))
    }

    /// How a job crawls: only public addresses, on every request and redirect hop, unless the
    /// server allows private ones.
    fn crawl_options(&self, force: bool) -> CrawlOptions {
        CrawlOptions {
            force_recrawl: force,
            address_policy: if self.allow_private {
                AddressPolicy::Any
            } else {
                AddressPolicy::PublicOnly
            },
            ..CrawlOptions::default()
        }
    }

    fn finish(&self, id: u64, outcome: Result<Option<(CrawlReport, JobResult)>, PipelineError>) {
        let Some(cancelled) = self
            .table()
            .jobs
            .get(&id)
            .map(|job| job.cancel.is_cancelled())
        else {
            return;
        };
        self.publish(id, |view| {
            view.finished_at = Some(Utc::now());
            match outcome {
                Ok(Some((_, result))) => {
                    view.result = Some(result);
                    view.status = if cancelled {
                        JobStatus::Cancelled
                    } else {
                        JobStatus::Succeeded
                    };
                }
                Ok(None) => view.status = JobStatus::Cancelled,
                Err(error) => {
                    tracing::warn!(job = id, %error, "crawl job failed");
                    view.status = JobStatus::Failed;
                    view.error = Some(error.to_string());
                }
            }
        });
    }
}

/// A job as the store keeps it.
fn record_of(view: &JobView, seeds: &[String]) -> CrawlJobRecord {
    CrawlJobRecord {
        id: i64::try_from(view.id).unwrap_or(i64::MAX),
        seeds: seeds.to_vec(),
        force: view.force,
        status: view.status.as_str().to_string(),
        pages: view.progress.pages,
        records: view.progress.records,
        unchanged: view.progress.unchanged,
        errors: view.progress.errors,
        queued: view.progress.queued,
        result: view
            .result
            .as_ref()
            .and_then(|result| serde_json::to_string(result).ok()),
        error: view.error.clone(),
        created_at: view.created_at,
        started_at: view.started_at,
        finished_at: view.finished_at,
    }
}

/// A stored job as `GET /v1/jobs/{id}` shows it.
fn view_of(record: CrawlJobRecord) -> Result<JobView, PipelineError> {
    let corrupt = |what: &str| {
        PipelineError::Index(scout_index::IndexError::Corrupt(format!(
            "crawl job {}: {what}",
            record.id
        )))
    };
    let status = JobStatus::parse(&record.status).ok_or_else(|| corrupt("status"))?;
    let result = match &record.result {
        Some(raw) => Some(serde_json::from_str(raw).map_err(|_| corrupt("result"))?),
        None => None,
    };
    Ok(JobView {
        id: u64::try_from(record.id).map_err(|_| corrupt("id"))?,
        kind: "crawl",
        status,
        seeds: record.seeds.len(),
        force: record.force,
        created_at: record.created_at,
        started_at: record.started_at,
        finished_at: record.finished_at,
        progress: JobProgress {
            pages: record.pages,
            records: record.records,
            unchanged: record.unchanged,
            errors: record.errors,
            queued: record.queued,
        },
        result,
        error: record.error,
    })
}

/// Drops the oldest finished jobs beyond [`MAX_FINISHED`].
fn forget_oldest_finished(table: &mut JobTable) {
    let mut finished: Vec<u64> = table
        .jobs
        .values()
        .filter(|job| job.view.status.is_finished())
        .map(|job| job.view.id)
        .collect();
    if finished.len() < MAX_FINISHED {
        return;
    }
    finished.sort_unstable();
    for id in &finished[..finished.len() + 1 - MAX_FINISHED] {
        table.jobs.remove(id);
    }
}

/// Seeds must be absolute `http`/`https` URLs with a host; errors name `seeds[i]`.
fn check_seeds(seeds: &[String]) -> Result<(), PipelineError> {
    if seeds.is_empty() {
        return Err(PipelineError::invalid(
            "seeds",
            "give at least one seed URL",
        ));
    }
    if seeds.len() > MAX_SEEDS {
        return Err(PipelineError::invalid(
            "seeds",
            format!("at most {MAX_SEEDS} seeds per job"),
        ));
    }
    for (position, seed) in seeds.iter().enumerate() {
        let field = format!("seeds[{position}]");
        if seed.len() > MAX_SEED_CHARS {
            return Err(PipelineError::invalid(
                field,
                format!("longer than {MAX_SEED_CHARS} bytes"),
            ));
        }
        let url = url::Url::parse(seed.trim())
            .map_err(|error| PipelineError::invalid(&field, format!("{seed:?}: {error}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(PipelineError::invalid(
                field,
                format!("{seed:?}: must be an http or https URL with a host"),
            ));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(PipelineError::invalid(
                field,
                format!("{seed:?}: must not carry a user name or password"),
            ));
        }
    }
    Ok(())
}

/// The SSRF guard at the door: every seed's host must resolve, and only to public addresses
/// ([`scout_crawler::is_public`]); errors name `seeds[i]`, so a bad seed is a 400 when the job
/// is posted. The crawl itself then runs under [`AddressPolicy::PublicOnly`], which checks
/// every request, redirect hop and later DNS answer again when it is fetched.
fn check_seed_addresses(seeds: &[String]) -> Result<(), PipelineError> {
    use std::net::ToSocketAddrs;
    for (position, seed) in seeds.iter().enumerate() {
        let field = format!("seeds[{position}]");
        let url = url::Url::parse(seed.trim())
            .map_err(|error| PipelineError::invalid(&field, format!("{seed:?}: {error}")))?;
        let port = url.port_or_known_default().unwrap_or(80);
        let addresses: Vec<std::net::IpAddr> = match url.host() {
            Some(url::Host::Ipv4(ip)) => vec![ip.into()],
            Some(url::Host::Ipv6(ip)) => vec![ip.into()],
            Some(url::Host::Domain(host)) => (host, port)
                .to_socket_addrs()
                .map_err(|error| {
                    PipelineError::invalid(
                        &field,
                        format!("{seed:?}: cannot resolve {host}: {error}"),
                    )
                })?
                .map(|address| address.ip())
                .collect(),
            None => Vec::new(),
        };
        let refused = addresses
            .iter()
            .find_map(|address| Some((address, scout_crawler::non_public_kind(*address)?)));
        if let Some((address, kind)) = refused {
            return Err(PipelineError::invalid(
                field,
                format!(
                    "{seed:?} resolves to {address}, {kind}: the server crawls only public \
                     addresses unless started with --crawl-allow-private"
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_must_be_web_urls() {
        assert!(check_seeds(&["http://127.0.0.1:8080/".to_string()]).is_ok());
        let field = |seeds: &[&str]| match check_seeds(
            &seeds
                .iter()
                .map(|seed| seed.to_string())
                .collect::<Vec<_>>(),
        ) {
            Err(PipelineError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(&[]), "seeds");
        assert_eq!(field(&["https://a.example/", "not a url"]), "seeds[1]");
        assert_eq!(field(&["ftp://a.example/"]), "seeds[0]");
        assert_eq!(field(&["file:///etc/passwd"]), "seeds[0]");
        assert_eq!(field(&["http://user:pw@a.example/"]), "seeds[0]");
    }

    #[test]
    fn only_public_addresses_pass_the_guard() {
        // The address predicate itself is tested in scout-crawler (`address.rs`).
        for blocked in [
            "http://127.0.0.1:8080/",
            "http://localhost/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::ffff:127.0.0.1]/",
        ] {
            let seeds = vec!["http://93.184.215.14/".to_string(), blocked.to_string()];
            match check_seed_addresses(&seeds) {
                Err(PipelineError::Invalid { field, .. }) => assert_eq!(field, "seeds[1]"),
                other => panic!("{blocked}: {other:?}"),
            }
        }
        assert!(check_seed_addresses(&["http://93.184.215.14/".to_string()]).is_ok());
        assert!(check_seed_addresses(&["https://[2606:4700::1111]/".to_string()]).is_ok());
        match check_seed_addresses(&["http://localhost:9/".to_string()]) {
            Err(PipelineError::Invalid { message, .. }) => assert!(
                message.contains("a loopback address: the server crawls only public"),
                "{message}"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn job_crawls_reach_only_public_addresses_unless_allowed() {
        let jobs = Jobs::default();
        let options = jobs.crawl_options(true);
        assert_eq!(options.address_policy, AddressPolicy::PublicOnly);
        assert!(options.force_recrawl);
        let options = jobs.allowing_private(true).crawl_options(false);
        assert_eq!(options.address_policy, AddressPolicy::Any);
        assert!(!options.force_recrawl);
    }
}
