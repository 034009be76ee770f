//! Polite access to the network for one run: every request is checked against the host's
//! robots.txt (fetched once per host and cached), waits for a per-host slot, the host's crawl
//! delay and a global slot, and is abandoned when the run is cancelled. Redirects are followed
//! here hop by hop so that each hop gets the same checks.

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
use crate::fetch::{Accept, Fetcher, Response};
use crate::robots::{robots_url, RobotsPolicy};
use crate::urls::host_key;

/// Redirect hops followed when fetching robots.txt itself.
const ROBOTS_MAX_REDIRECTS: usize = 5;

/// Running totals of a run, shared by all items.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    /// Responses received (robots.txt excluded).
    pub fetched: AtomicU64,
    /// Requests not sent because robots.txt disallows them.
    pub skipped_by_robots: AtomicU64,
    /// Failed items and failed optional requests.
    pub errors: AtomicU64,
}

impl Counters {
    pub(crate) fn add_error(&self) {
        self.errors.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }
}

/// Per-host state: request slots, the time of the last request start, the robots policy.
#[derive(Debug)]
struct HostSlot {
    permits: Semaphore,
    last_start: tokio::sync::Mutex<Option<Instant>>,
    robots: OnceCell<Arc<RobotsPolicy>>,
}

/// The network as one run sees it.
#[derive(Debug)]
pub(crate) struct Session {
    fetcher: Fetcher,
    robots_agent: String,
    per_host_concurrency: usize,
    max_redirects: usize,
    max_crawl_delay: Duration,
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
            global: Semaphore::new(config.global_concurrency),
            hosts: Mutex::new(HashMap::new()),
            cancel,
            counters: Counters::default(),
        }
    }

    /// GET that must end in a 2xx response.
    pub(crate) async fn get_ok(&self, url: &Url, accept: Accept) -> Result<Response, FetchError> {
        let response = self.get(url, accept).await?;
        if response.is_success() {
            Ok(response)
        } else {
            Err(FetchError::Status {
                status: response.status,
                url: response.url.to_string(),
            })
        }
    }

    /// GET with robots checks and politeness on every hop; returns the final response.
    pub(crate) async fn get(&self, url: &Url, accept: Accept) -> Result<Response, FetchError> {
        let mut current = url.clone();
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
            let response = self.polite_get(&slot, &current, accept, delay).await?;
            self.counters.fetched.fetch_add(1, Ordering::Relaxed);
            if !response.is_redirect() {
                return Ok(response);
            }
            current = redirect_target(&response)?;
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
            .entry(key)
            .or_insert_with(|| {
                Arc::new(HostSlot {
                    permits: Semaphore::new(self.per_host_concurrency),
                    last_start: tokio::sync::Mutex::new(None),
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
        let mut current_slot: Option<Arc<HostSlot>> = None;
        for _ in 0..=ROBOTS_MAX_REDIRECTS {
            let hop_slot = current_slot.as_deref().unwrap_or(slot);
            let response = self
                .polite_get(hop_slot, &current, Accept::Text, None)
                .await?;
            if !response.is_redirect() {
                return Ok(response);
            }
            current = redirect_target(&response)?;
            current_slot = Some(self.slot(&current));
        }
        Err(FetchError::TooManyRedirects {
            url: current.to_string(),
            limit: ROBOTS_MAX_REDIRECTS,
        })
    }

    /// One request under the host slot, the crawl delay and the global slot, in that order.
    async fn polite_get(
        &self,
        slot: &HostSlot,
        url: &Url,
        accept: Accept,
        delay: Option<Duration>,
    ) -> Result<Response, FetchError> {
        let _host_permit = self
            .cancellable(slot.permits.acquire())
            .await?
            .map_err(|_| FetchError::Cancelled)?;
        {
            let mut last_start = self.cancellable(slot.last_start.lock()).await?;
            if let (Some(delay), Some(previous)) = (delay, *last_start) {
                self.cancellable(tokio::time::sleep_until(previous + delay))
                    .await?;
            }
            *last_start = Some(Instant::now());
        }
        let _global_permit = self
            .cancellable(self.global.acquire())
            .await?
            .map_err(|_| FetchError::Cancelled)?;
        self.cancellable(self.fetcher.get(url, accept)).await?
    }

    async fn cancellable<T>(&self, future: impl Future<Output = T>) -> Result<T, FetchError> {
        tokio::select! {
            biased;
            _ = self.cancel.cancelled() => Err(FetchError::Cancelled),
            value = future => Ok(value),
        }
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
        Response {
            url: Url::parse("http://a.example/old/page").unwrap(),
            status: 301,
            content_type: None,
            location: location.map(str::to_string),
            link: None,
            body: Vec::new(),
        }
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
