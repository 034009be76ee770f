//! Polite access to the network for one run: every request is checked against the host's
//! robots.txt (fetched once per host and cached), waits for a per-host slot, the host's crawl
//! delay and cool-down and a global slot, and is abandoned when the run is cancelled.
//! Transient failures are retried with backoff (`retry.rs`); a host whose failures keep coming
//! is cooled down longer with each one and given up after `host_failure_limit` in a row.
//! Redirects are followed here hop by hop so that each hop gets the same checks; a hop back to
//! a URL already visited is a loop.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OnceCell, Semaphore};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::config::CrawlConfig;
use crate::error::FetchError;
use crate::fetch::{Accept, Fetcher, Response, Validators};
use crate::retry::{is_retryable_status, RetryPolicy};
use crate::robots::{robots_url, RobotsPolicy};
use crate::urls::{host_key, normalize};

/// Redirect hops followed when fetching robots.txt itself.
const ROBOTS_MAX_REDIRECTS: usize = 5;

/// Running totals of a run, shared by all items.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    /// Responses received (robots.txt and retried attempts excluded).
    pub fetched: AtomicU64,
    /// Body bytes received, robots.txt included.
    pub bytes: AtomicU64,
    /// Requests not sent because robots.txt disallows them.
    pub skipped_by_robots: AtomicU64,
    /// Failed items and failed optional requests.
    pub errors: AtomicU64,
    /// Attempts repeated after a transient failure.
    pub retries: AtomicU64,
    /// Creators not indexed because they opted out (or are bots).
    pub opted_out: AtomicU64,
    /// Hosts given up on in this run.
    backed_off_hosts: Mutex<Vec<String>>,
}

impl Counters {
    pub(crate) fn add_error(&self) {
        self.errors.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn add_opted_out(&self) {
        self.opted_out.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn add_errors(&self, count: u64) {
        self.errors.fetch_add(count, Ordering::Relaxed);
    }

    pub(crate) fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    /// The hosts given up on so far, in the order it happened.
    pub(crate) fn backed_off_hosts(&self) -> Vec<String> {
        self.backed_off_hosts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

/// How a host has been answering lately.
#[derive(Debug, Default)]
struct HostHealth {
    /// Failed attempts in a row (timeouts, network errors, retryable statuses).
    failures: u32,
    /// No request starts before this instant (backoff, `Retry-After`).
    not_before: Option<Instant>,
    /// Given up on for the rest of the run.
    backed_off: bool,
}

/// Per-host state: request slots, the time of the last request start, health, robots policy.
#[derive(Debug)]
struct HostSlot {
    key: String,
    permits: Semaphore,
    last_start: tokio::sync::Mutex<Option<Instant>>,
    health: Mutex<HostHealth>,
    robots: OnceCell<Arc<RobotsPolicy>>,
}

impl HostSlot {
    fn health(&self) -> std::sync::MutexGuard<'_, HostHealth> {
        self.health
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn backed_off(&self) -> Option<u32> {
        let health = self.health();
        health.backed_off.then_some(health.failures)
    }

    fn not_before(&self) -> Option<Instant> {
        self.health().not_before
    }
}

/// The network as one run sees it.
#[derive(Debug)]
pub(crate) struct Session {
    fetcher: Fetcher,
    robots_agent: String,
    per_host_concurrency: usize,
    max_redirects: usize,
    max_crawl_delay: Duration,
    retry: RetryPolicy,
    global: Semaphore,
    hosts: Mutex<HashMap<String, Arc<HostSlot>>>,
    cancel: CancellationToken,
    pub counters: Counters,
}

impl Session {
    pub(crate) fn new(fetcher: Fetcher, config: &CrawlConfig, cancel: CancellationToken) -> Self {
        Session {
            fetcher,
            robots_agent: config.robots_agent().to_string(),
            per_host_concurrency: config.per_host_concurrency,
            max_redirects: config.max_redirects,
            max_crawl_delay: config.max_crawl_delay,
            retry: RetryPolicy::from_config(config),
            global: Semaphore::new(config.global_concurrency),
            hosts: Mutex::new(HashMap::new()),
            cancel,
            counters: Counters::default(),
        }
    }

    /// GET that must end in a 2xx response.
    pub(crate) async fn get_ok(&self, url: &Url, accept: Accept) -> Result<Response, FetchError> {
        let response = self.get(url, accept, None).await?;
        if response.is_success() {
            Ok(response)
        } else {
            Err(status_error(&response))
        }
    }

    /// Conditional GET that must end in a 2xx response or a 304 (`None`: not modified).
    pub(crate) async fn get_conditional(
        &self,
        url: &Url,
        accept: Accept,
        validators: Option<&Validators>,
    ) -> Result<Option<Response>, FetchError> {
        let validators = validators.filter(|validators| !validators.is_empty());
        let response = self.get(url, accept, validators).await?;
        if response.is_success() {
            Ok(Some(response))
        } else if response.is_not_modified() && validators.is_some() {
            Ok(None)
        } else {
            Err(status_error(&response))
        }
    }

    /// GET with robots checks, politeness and retries on every hop; returns the final response.
    pub(crate) async fn get(
        &self,
        url: &Url,
        accept: Accept,
        validators: Option<&Validators>,
    ) -> Result<Response, FetchError> {
        let mut current = url.clone();
        let mut visited = vec![normalize(url)];
        for _ in 0..=self.max_redirects {
            let slot = self.slot(&current);
            let policy = self.robots_policy(&slot, &current).await?;
            if !policy.allows(&current) {
                self.counters
                    .skipped_by_robots
                    .fetch_add(1, Ordering::Relaxed);
                tracing::info!(url = %current, "skipped: disallowed by robots.txt");
                return Err(FetchError::Disallowed(current.to_string()));
            }
            let delay = policy.crawl_delay(self.max_crawl_delay);
            let response = self
                .polite_get(&slot, &current, accept, validators, delay)
                .await?;
            self.counters.fetched.fetch_add(1, Ordering::Relaxed);
            if !response.is_redirect() {
                return Ok(response);
            }
            let target = redirect_target(&response)?;
            let key = normalize(&target);
            if visited.contains(&key) {
                return Err(FetchError::RedirectLoop(target.to_string()));
            }
            visited.push(key);
            current = target;
        }
        Err(FetchError::TooManyRedirects {
            url: url.to_string(),
            limit: self.max_redirects,
        })
    }

    fn slot(&self, url: &Url) -> Arc<HostSlot> {
        let key = host_key(url);
        let mut hosts = self
            .hosts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        hosts
            .entry(key.clone())
            .or_insert_with(|| {
                Arc::new(HostSlot {
                    key,
                    permits: Semaphore::new(self.per_host_concurrency),
                    last_start: tokio::sync::Mutex::new(None),
                    health: Mutex::new(HostHealth::default()),
                    robots: OnceCell::new(),
                })
            })
            .clone()
    }

    /// The host's robots policy, fetched on first use; a cancelled fetch is not cached.
    async fn robots_policy(
        &self,
        slot: &HostSlot,
        url: &Url,
    ) -> Result<Arc<RobotsPolicy>, FetchError> {
        let policy = slot
            .robots
            .get_or_try_init(|| async {
                let outcome = match self.fetch_robots(slot, url).await {
                    Ok(response) => Ok(response),
                    Err(FetchError::Cancelled) => return Err(FetchError::Cancelled),
                    Err(error) => Err(error.to_string()),
                };
                let policy = RobotsPolicy::from_fetch(
                    &self.robots_agent,
                    outcome
                        .as_ref()
                        .map(|response| (response.status, response.body.as_slice()))
                        .map_err(Clone::clone),
                );
                if let RobotsPolicy::DisallowAll { reason } = &policy {
                    tracing::warn!(host = %host_key(url), %reason, "host disallowed for safety");
                }
                Ok(Arc::new(policy))
            })
            .await?;
        Ok(Arc::clone(policy))
    }

    /// Fetches robots.txt, following redirects (possibly to other hosts) without robots checks.
    async fn fetch_robots(&self, slot: &HostSlot, url: &Url) -> Result<Response, FetchError> {
        let mut current =
            robots_url(url).ok_or_else(|| FetchError::BadRedirect(url.to_string()))?;
        let mut visited = vec![normalize(&current)];
        let mut current_slot: Option<Arc<HostSlot>> = None;
        for _ in 0..=ROBOTS_MAX_REDIRECTS {
            let hop_slot = current_slot.as_deref().unwrap_or(slot);
            let response = self
                .polite_get(hop_slot, &current, Accept::Text, None, None)
                .await?;
            if !response.is_redirect() {
                return Ok(response);
            }
            current = redirect_target(&response)?;
            let key = normalize(&current);
            if visited.contains(&key) {
                return Err(FetchError::RedirectLoop(current.to_string()));
            }
            visited.push(key);
            current_slot = Some(self.slot(&current));
        }
        Err(FetchError::TooManyRedirects {
            url: current.to_string(),
            limit: ROBOTS_MAX_REDIRECTS,
        })
    }

    /// One request with retries: transient failures (timeouts, network errors, retryable
    /// statuses) count against the host and are tried again after a backoff that also holds
    /// back every other request to the host. Returns the last response or error once attempts
    /// run out, and `HostBackedOff` once the host reaches its failure limit.
    async fn polite_get(
        &self,
        slot: &HostSlot,
        url: &Url,
        accept: Accept,
        validators: Option<&Validators>,
        delay: Option<Duration>,
    ) -> Result<Response, FetchError> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            if let Some(failures) = slot.backed_off() {
                return Err(FetchError::HostBackedOff {
                    host: slot.key.clone(),
                    failures,
                });
            }
            let outcome = self.attempt(slot, url, accept, validators, delay).await;
            let retry_after = match &outcome {
                Ok(response) if is_retryable_status(response.status) => response.retry_after,
                Err(error) if error.is_transient() => None,
                Ok(_) => {
                    slot.health().failures = 0;
                    return outcome;
                }
                Err(_) => return outcome,
            };
            let failures = {
                let mut health = slot.health();
                health.failures = health.failures.saturating_add(1);
                let wait = self
                    .retry
                    .wait(health.failures, retry_after, rand::random::<f64>());
                let until = Instant::now() + wait;
                health.not_before = Some(health.not_before.map_or(until, |known| known.max(until)));
                if health.failures >= self.retry.host_failure_limit {
                    health.backed_off = true;
                }
                health.failures
            };
            if failures >= self.retry.host_failure_limit {
                self.note_backed_off(&slot.key, failures);
                return Err(FetchError::HostBackedOff {
                    host: slot.key.clone(),
                    failures,
                });
            }
            let asked_too_long =
                retry_after.is_some_and(|asked| asked > self.retry.max_retry_after);
            if attempt >= self.retry.max_attempts || asked_too_long {
                return outcome;
            }
            self.counters.retries.fetch_add(1, Ordering::Relaxed);
            match &outcome {
                Ok(response) => {
                    tracing::debug!(%url, status = response.status, attempt, "retrying")
                }
                Err(error) => tracing::debug!(%url, %error, attempt, "retrying"),
            }
        }
    }

    fn note_backed_off(&self, host: &str, failures: u32) {
        tracing::warn!(%host, failures, "host keeps failing: backed off for the rest of the run");
        let mut hosts = self
            .counters
            .backed_off_hosts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !hosts.iter().any(|known| known == host) {
            hosts.push(host.to_string());
        }
    }

    /// One attempt under the host slot, the host's cool-down and crawl delay, and the global
    /// slot, in that order.
    async fn attempt(
        &self,
        slot: &HostSlot,
        url: &Url,
        accept: Accept,
        validators: Option<&Validators>,
        delay: Option<Duration>,
    ) -> Result<Response, FetchError> {
        let _host_permit = self
            .cancellable(slot.permits.acquire())
            .await?
            .map_err(|_| FetchError::Cancelled)?;
        {
            let mut last_start = self.cancellable(slot.last_start.lock()).await?;
            loop {
                let polite = match (delay, *last_start) {
                    (Some(delay), Some(previous)) => Some(previous + delay),
                    _ => None,
                };
                let target = polite.max(slot.not_before());
                match target {
                    Some(target) if target > Instant::now() => {
                        self.cancellable(tokio::time::sleep_until(target)).await?;
                    }
                    _ => break,
                }
            }
            *last_start = Some(Instant::now());
        }
        let _global_permit = self
            .cancellable(self.global.acquire())
            .await?
            .map_err(|_| FetchError::Cancelled)?;
        let response = self
            .cancellable(self.fetcher.get(url, accept, validators))
            .await??;
        self.counters
            .bytes
            .fetch_add(response.body.len() as u64, Ordering::Relaxed);
        Ok(response)
    }

    async fn cancellable<T>(&self, future: impl Future<Output = T>) -> Result<T, FetchError> {
        tokio::select! {
            biased;
            _ = self.cancel.cancelled() => Err(FetchError::Cancelled),
            value = future => Ok(value),
        }
    }
}

fn status_error(response: &Response) -> FetchError {
    FetchError::Status {
        status: response.status,
        url: response.url.to_string(),
    }
}

/// The absolute http(s) target of a redirect response.
fn redirect_target(response: &Response) -> Result<Url, FetchError> {
    response
        .location
        .as_deref()
        .and_then(|location| response.url.join(location).ok())
        .filter(|target| matches!(target.scheme(), "http" | "https"))
        .ok_or_else(|| FetchError::BadRedirect(response.url.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redirect(location: Option<&str>) -> Response {
        let mut response = Response::empty(Url::parse("http://a.example/old/page").unwrap(), 301);
        response.location = location.map(str::to_string);
        response
    }

    #[test]
    fn redirect_targets_resolve_relative_locations() {
        assert_eq!(
            redirect_target(&redirect(Some("/new"))).unwrap().as_str(),
            "http://a.example/new"
        );
        assert_eq!(
            redirect_target(&redirect(Some("https://b.example/x")))
                .unwrap()
                .as_str(),
            "https://b.example/x"
        );
        assert!(redirect_target(&redirect(None)).is_err());
        assert!(redirect_target(&redirect(Some("ftp://b.example/x"))).is_err());
    }
}
