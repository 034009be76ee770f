//! Polite access to the network for one run: every request is checked against the host's
//! robots.txt, waits for a per-host slot, the host's crawl delay and cool-down and a global
//! slot, and is abandoned when the run is cancelled. Transient failures are retried with
//! backoff (`retry.rs`); a host whose failures keep coming is cooled down longer with each one
//! and given up after `host_failure_limit` in a row.
//!
//! What hosts answered outlives the run, in the crawl state (`state/hosts.rs`, written only
//! here): robots.txt answers are reused until `robots_ttl` (or a shorter `max-age`) has passed,
//! in this run and the next ones, and failure streaks carry over, so a host that kept failing
//! waits out its backoff (or, when it was given up on, `host_cooldown`) on the next run too.
//! Redirects are followed here hop by hop so that each hop gets the same checks; a hop back to
//! a URL already visited is a loop.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use tokio::sync::Semaphore;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::config::CrawlConfig;
use crate::error::{ExtractError, FetchError, ItemError};
use crate::fetch::{Accept, Fetcher, Response, Validators};
use crate::retry::{is_retryable_status, RetryPolicy};
use crate::robots::{robots_url, RobotsPolicy};
use crate::state::{StateStore, StoredHealth, StoredRobots};
use crate::urls::{host_key, normalize, origin, same_host};

/// Redirect hops followed when fetching robots.txt itself.
const ROBOTS_MAX_REDIRECTS: usize = 5;

/// Shortest reuse of a robots.txt answer within a run, so that `max-age=0` does not mean one
/// robots.txt request per page.
const ROBOTS_MIN_REUSE: Duration = Duration::from_secs(60);

/// How long a failing robots.txt (5xx, 429, unreachable) keeps the host disallowed before it
/// is asked again (RFC 9309 §2.3.1.4: disallow while the server errs); never kept across runs.
const ROBOTS_FAILURE_REUSE: Duration = Duration::from_secs(600);

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
    robots: tokio::sync::Mutex<Option<CachedPolicy>>,
}

/// A robots policy and until when it holds.
#[derive(Debug)]
struct CachedPolicy {
    policy: Arc<RobotsPolicy>,
    until: Instant,
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
    robots_ttl: Duration,
    host_cooldown: Duration,
    state: Arc<StateStore>,
    global: Semaphore,
    hosts: Mutex<HashMap<String, Arc<HostSlot>>>,
    cancel: CancellationToken,
    pub counters: Counters,
}

impl Session {
    pub(crate) fn new(
        fetcher: Fetcher,
        config: &CrawlConfig,
        state: Arc<StateStore>,
        cancel: CancellationToken,
    ) -> Self {
        Session {
            robots_ttl: config.robots_ttl,
            host_cooldown: config.host_cooldown,
            state,
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

    /// GET that must end in a 2xx response whose body `parse` reads. A body that does not
    /// parse (cut off, garbled) is handled like a transient failure: it counts against the
    /// host, waits the backoff and is asked for again, `max_attempts` times in all; then the
    /// parse error is returned (the item is reported and skipped, the crawl goes on).
    pub(crate) async fn get_parsed<T>(
        &self,
        url: &Url,
        accept: Accept,
        parse: impl Fn(&Response) -> Result<T, ExtractError>,
    ) -> Result<(Response, T), ItemError> {
        match self
            .get_conditional_parsed(url, accept, None, parse)
            .await?
        {
            Some(parsed) => Ok(parsed),
            // Without validators a 304 is an error status (`get_conditional`); never reached.
            None => Err(FetchError::Status {
                status: 304,
                url: url.to_string(),
            }
            .into()),
        }
    }

    /// [`Session::get_conditional`] whose 2xx body must be read by `parse`, asked for again
    /// like [`Session::get_parsed`] when it does not parse. `None`: not modified.
    pub(crate) async fn get_conditional_parsed<T>(
        &self,
        url: &Url,
        accept: Accept,
        validators: Option<&Validators>,
        parse: impl Fn(&Response) -> Result<T, ExtractError>,
    ) -> Result<Option<(Response, T)>, ItemError> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let Some(response) = self.get_conditional(url, accept, validators).await? else {
                return Ok(None);
            };
            let error = match parse(&response) {
                Ok(value) => return Ok(Some((response, value))),
                Err(error) => error,
            };
            if attempt >= self.retry.max_attempts {
                tracing::warn!(%url, %error, attempt, "body still unreadable: given up");
                return Err(error.into());
            }
            let slot = self.slot(&response.url);
            let failures = self.note_failure(&slot, None);
            if failures >= self.retry.host_failure_limit {
                self.note_backed_off(&slot.key, failures);
                return Err(FetchError::HostBackedOff {
                    host: slot.key.clone(),
                    failures,
                }
                .into());
            }
            self.counters.retries.fetch_add(1, Ordering::Relaxed);
            tracing::debug!(%url, %error, attempt, "unreadable body: asking again");
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
        if let Some(slot) = hosts.get(&key) {
            return Arc::clone(slot);
        }
        let health = self.restored_health(&key);
        let slot = Arc::new(HostSlot {
            key: key.clone(),
            permits: Semaphore::new(self.per_host_concurrency),
            last_start: tokio::sync::Mutex::new(None),
            health: Mutex::new(health),
            robots: tokio::sync::Mutex::new(None),
        });
        hosts.insert(key, Arc::clone(&slot));
        slot
    }

    /// How a host left off in an earlier run: a streak below the limit carries over with its
    /// remaining backoff; a host given up on stays given up until its cool-down has passed,
    /// then gets one more request before it is given up again.
    fn restored_health(&self, key: &str) -> HostHealth {
        let stored = match self.state.host_health(key) {
            Ok(Some(stored)) => stored,
            Ok(None) => return HostHealth::default(),
            Err(error) => {
                tracing::warn!(host = key, %error, "cannot read the host's failure streak");
                return HostHealth::default();
            }
        };
        let wait = stored
            .retry_at
            .and_then(|at| (at - Utc::now()).to_std().ok())
            .filter(|wait| !wait.is_zero());
        let limit = self.retry.host_failure_limit;
        if stored.failures < limit {
            return HostHealth {
                failures: stored.failures,
                not_before: wait.map(|wait| Instant::now() + wait),
                backed_off: false,
            };
        }
        if wait.is_some() {
            tracing::info!(
                host = key,
                "host still cooling down after failing: not asked"
            );
            self.note_backed_off(key, stored.failures);
            return HostHealth {
                failures: stored.failures,
                not_before: None,
                backed_off: true,
            };
        }
        HostHealth {
            failures: limit - 1,
            not_before: None,
            backed_off: false,
        }
    }

    /// Records a host's streak in the crawl state (a failed write is only logged).
    fn persist_health(&self, key: &str, health: StoredHealth) {
        if let Err(error) = self.state.store_host_health(key, health) {
            tracing::warn!(host = key, %error, "cannot record the host's failure streak");
        }
    }

    /// The host's robots policy: the one in force, else a stored answer still fresh, else a
    /// fetched one (kept for later runs when it is a 2xx that parses or a 4xx). A cancelled
    /// fetch is not kept.
    async fn robots_policy(
        &self,
        slot: &HostSlot,
        url: &Url,
    ) -> Result<Arc<RobotsPolicy>, FetchError> {
        let mut cached = self.cancellable(slot.robots.lock()).await?;
        if let Some(known) = cached.as_ref().filter(|known| known.until > Instant::now()) {
            return Ok(Arc::clone(&known.policy));
        }
        let origin = origin(url);
        let (policy, reuse) = match self.stored_robots(&origin) {
            Some(stored) => stored,
            None => self.fetch_robots_policy(slot, url, &origin).await?,
        };
        let policy = Arc::new(policy);
        *cached = Some(CachedPolicy {
            policy: Arc::clone(&policy),
            until: Instant::now() + reuse.max(ROBOTS_MIN_REUSE),
        });
        Ok(policy)
    }

    /// How long a robots.txt answer may be reused: `robots_ttl`, or its shorter `max-age`.
    fn robots_reuse(&self, max_age: Option<Duration>) -> Duration {
        max_age.map_or(self.robots_ttl, |age| age.min(self.robots_ttl))
    }

    /// The stored robots.txt answer of `origin` while it is fresh, and how long it still is.
    fn stored_robots(&self, origin: &str) -> Option<(RobotsPolicy, Duration)> {
        let stored = match self.state.robots(origin) {
            Ok(stored) => stored?,
            Err(error) => {
                tracing::warn!(origin, %error, "cannot read the stored robots.txt");
                return None;
            }
        };
        let reuse = self.robots_reuse(stored.max_age_secs.map(Duration::from_secs));
        let age = (Utc::now() - stored.fetched_at)
            .to_std()
            .unwrap_or_default();
        let left = reuse.checked_sub(age).filter(|left| !left.is_zero())?;
        let policy = RobotsPolicy::from_fetch(
            &self.robots_agent,
            Ok((stored.status, stored.body.as_slice())),
        );
        Some((policy, left))
    }

    /// Fetches robots.txt and makes it a policy, kept in the crawl state when it is a clear
    /// answer; returns the policy and how long to use it.
    async fn fetch_robots_policy(
        &self,
        slot: &HostSlot,
        url: &Url,
        origin: &str,
    ) -> Result<(RobotsPolicy, Duration), FetchError> {
        let outcome = match self.fetch_robots(slot, url).await {
            Ok(response) => Ok(response),
            Err(FetchError::Cancelled) => return Err(FetchError::Cancelled),
            // The host itself may not be reached: so is the page (a robots.txt redirected to
            // a forbidden host only makes robots.txt unreachable).
            Err(FetchError::AddressRefused {
                url: refused,
                refusal,
            }) if Url::parse(&refused).is_ok_and(|refused| same_host(&refused, url)) => {
                return Err(FetchError::AddressRefused {
                    url: url.to_string(),
                    refusal,
                })
            }
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
            return Ok((policy, ROBOTS_FAILURE_REUSE));
        }
        let Ok(response) = outcome else {
            return Ok((policy, ROBOTS_FAILURE_REUSE));
        };
        let reuse = self.robots_reuse(response.max_age);
        let stored = StoredRobots {
            status: response.status,
            body: response.body,
            fetched_at: Utc::now(),
            max_age_secs: response.max_age.map(|age| age.as_secs()),
        };
        if let Err(error) = self.state.store_robots(origin, &stored) {
            tracing::warn!(origin, %error, "cannot keep robots.txt in the crawl state");
        }
        Ok((policy, reuse))
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
            let Attempted { outcome, failures } =
                self.attempt(slot, url, accept, validators, delay).await?;
            let Some(failures) = failures else {
                return outcome;
            };
            let retry_after = outcome
                .as_ref()
                .ok()
                .and_then(|response| response.retry_after);
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

    /// Counts a failed attempt against the host: no request to it starts before the backoff
    /// (or `retry_after`, when longer) has passed, and it is backed off at the failure limit.
    /// Returns the host's failures in a row.
    /// The streak is kept in the crawl state for the next run.
    fn note_failure(&self, slot: &HostSlot, retry_after: Option<Duration>) -> u32 {
        let (failures, wait) = {
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
            (health.failures, wait)
        };
        let wait = if failures >= self.retry.host_failure_limit {
            wait.max(self.host_cooldown)
        } else {
            wait
        };
        let retry_at = chrono::Duration::from_std(wait)
            .ok()
            .and_then(|wait| Utc::now().checked_add_signed(wait));
        self.persist_health(&slot.key, StoredHealth { failures, retry_at });
        failures
    }

    /// Ends the host's failure streak (and forgets it in the crawl state, if it had one).
    fn note_success(&self, slot: &HostSlot) {
        let had = std::mem::take(&mut slot.health().failures);
        if had > 0 {
            self.persist_health(
                &slot.key,
                StoredHealth {
                    failures: 0,
                    retry_at: None,
                },
            );
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
    /// slot, in that order. A failure is counted against the host before its slot is given
    /// back, so no other request to the host starts before the backoff (or `Retry-After`) it
    /// sets. `Err` only when cancelled.
    async fn attempt(
        &self,
        slot: &HostSlot,
        url: &Url,
        accept: Accept,
        validators: Option<&Validators>,
        delay: Option<Duration>,
    ) -> Result<Attempted, FetchError> {
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
        let outcome = self
            .cancellable(self.fetcher.get(url, accept, validators))
            .await?;
        let failures = match &outcome {
            Ok(response) if is_retryable_status(response.status) => {
                Some(self.note_failure(slot, response.retry_after))
            }
            Err(error) if error.is_transient() => Some(self.note_failure(slot, None)),
            Ok(_) => {
                self.note_success(slot);
                None
            }
            Err(_) => None,
        };
        if let Ok(response) = &outcome {
            self.counters
                .bytes
                .fetch_add(response.body.len() as u64, Ordering::Relaxed);
        }
        Ok(Attempted { outcome, failures })
    }

    async fn cancellable<T>(&self, future: impl Future<Output = T>) -> Result<T, FetchError> {
        tokio::select! {
            biased;
            _ = self.cancel.cancelled() => Err(FetchError::Cancelled),
            value = future => Ok(value),
        }
    }
}

/// What one attempt came to, and the host's failures in a row when it failed transiently.
struct Attempted {
    outcome: Result<Response, FetchError>,
    failures: Option<u32>,
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
