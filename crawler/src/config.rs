//! Crawl settings with polite defaults.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use scout_models::CreatorId;
use url::Url;

use crate::address::AddressPolicy;
use crate::error::CrawlError;

/// The user agent Scout identifies itself with: a product token and a contact URL.
pub const DEFAULT_USER_AGENT: &str = "ScoutBot/0.1 (+https://github.com/scout-oss/scout)";

/// How a crawl behaves: etiquette limits, caps and where its state lives.
#[derive(Debug, Clone, PartialEq)]
pub struct CrawlConfig {
    /// Directory of the crawler's own state (`state.sqlite`: runs and frontier).
    pub state_dir: PathBuf,
    /// User-Agent header; its product token (before `/`) is the robots.txt agent name.
    pub user_agent: String,
    /// Requests in flight across all hosts.
    pub global_concurrency: usize,
    /// Requests in flight per host (`host:port`).
    pub per_host_concurrency: usize,
    /// Time limit of one request, body included.
    pub request_timeout: Duration,
    /// Time limit of establishing a connection (within `request_timeout`).
    pub connect_timeout: Duration,
    /// Attempts per request on timeouts, network errors, 408, 429 and 5xx (1 = no retry).
    pub max_attempts: u32,
    /// First retry delay; it doubles with each consecutive failure of the host, with jitter.
    pub retry_base_delay: Duration,
    /// Cap on the retry delay computed by backoff.
    pub retry_max_delay: Duration,
    /// Longest `Retry-After` honoured by waiting; a longer one ends the request's retries
    /// (the host still waits this long before its next request).
    pub max_retry_after: Duration,
    /// Consecutive failed attempts after which a host is given up for the rest of the run and
    /// its remaining items are failed.
    pub host_failure_limit: u32,
    /// Responses longer than this are aborted.
    pub max_body_bytes: usize,
    /// Redirect hops followed per request (each hop is checked against robots.txt).
    pub max_redirects: usize,
    /// Posts kept per creator.
    pub max_posts_per_creator: usize,
    /// Reply threads read per creator to sample its audience (the most replied-to first).
    /// Five rather than three: most creators are small and their threads hold a few replies
    /// each, so three threads sample about 8 commenters, too few to tell a 10% bot share from
    /// 25%; five sample about 10–11 for about a quarter more requests (`scout eval`, 2,000
    /// creators, seed 11: 8,641 → 10,727 fetches, credibility ROC-AUC 0.886 → 0.896).
    pub reply_threads_per_creator: usize,
    /// Mastodon reply authors (seen in those threads) queued per creator as new creators, the
    /// most followed first; 0 follows none. Only with `discover`, within `max_depth`, after
    /// seeds and listed creators, and never accounts that opted out, bots or removed ones.
    pub reply_authors_per_creator: usize,
    /// Followers a reply author needs to look like a creator worth crawling.
    pub reply_author_min_followers: u64,
    /// Follow directory endpoints and same-host links of non-profile pages.
    pub discover: bool,
    /// Cap on frontier items per run (seeds always enter); discovery stops adding past it.
    pub max_pages: Option<usize>,
    /// Link depth from a seed beyond which discovered pages are not enqueued (pagination keeps
    /// the depth of the page it continues).
    pub max_depth: usize,
    /// Upper bound on a robots.txt `Crawl-delay`, so a hostile value cannot stall a crawl.
    pub max_crawl_delay: Duration,
    /// How long a robots.txt answer (2xx or 4xx) is used, in this run and the next ones, before
    /// it is fetched again; a shorter `Cache-Control: max-age` wins (RFC 9309 §2.4: at most
    /// 24 hours). A failing robots.txt (5xx, unreachable) is not kept across runs.
    pub robots_ttl: Duration,
    /// How long a host given up on after `host_failure_limit` failures in a row is left alone,
    /// across runs; after it, the host gets one more request before it is given up again.
    pub host_cooldown: Duration,
    /// Fetch creators again even when their recrawl interval has not passed.
    pub force_recrawl: bool,
    /// Recrawl interval of the most followed creators (mega tier).
    pub recrawl_min_interval: Duration,
    /// Recrawl interval of the least followed creators (nano tier, or unknown followers).
    pub recrawl_max_interval: Duration,
    /// Creators never fetched nor emitted (removal requests: the store's tombstones).
    pub excluded_creators: HashSet<CreatorId>,
    /// Bluesky AppView for every `/profile/HANDLE` seed; `None`: `bsky.app` maps to the public
    /// AppView and any other host serves XRPC itself.
    pub bluesky_appview: Option<Url>,
    /// The addresses requests may connect to, checked on every request and redirect hop
    /// (`Any` by default; crawls of seeds from API clients use `PublicOnly`).
    pub address_policy: AddressPolicy,
    /// The time the crawl records what it observes at (the records' provenance, hence the
    /// store's snapshots, and the recrawl memory): `None` for the wall clock; a past time to
    /// file what an archive shows as of its date. Network etiquette (robots.txt ages, host
    /// cool-downs) always runs on the wall clock. Never in the future.
    pub observed_at: Option<DateTime<Utc>>,
}

impl Default for CrawlConfig {
    fn default() -> Self {
        CrawlConfig {
            state_dir: PathBuf::from("scout-data/crawl"),
            user_agent: DEFAULT_USER_AGENT.to_string(),
            global_concurrency: 16,
            per_host_concurrency: 1,
            request_timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            max_attempts: 4,
            retry_base_delay: Duration::from_millis(500),
            retry_max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
            host_failure_limit: 8,
            max_body_bytes: 5 * 1024 * 1024,
            max_redirects: 5,
            max_posts_per_creator: 60,
            reply_threads_per_creator: 5,
            reply_authors_per_creator: 3,
            reply_author_min_followers: 1_000,
            discover: true,
            max_pages: None,
            max_depth: 5,
            max_crawl_delay: Duration::from_secs(60),
            robots_ttl: Duration::from_secs(24 * 3600),
            host_cooldown: Duration::from_secs(3600),
            force_recrawl: false,
            recrawl_min_interval: Duration::from_secs(24 * 3600),
            recrawl_max_interval: Duration::from_secs(7 * 24 * 3600),
            excluded_creators: HashSet::new(),
            bluesky_appview: None,
            address_policy: AddressPolicy::Any,
            observed_at: None,
        }
    }
}

impl CrawlConfig {
    /// Default settings with the state kept in `state_dir`.
    pub fn new(state_dir: impl Into<PathBuf>) -> Self {
        CrawlConfig {
            state_dir: state_dir.into(),
            ..CrawlConfig::default()
        }
    }

    /// The robots.txt agent name: the user agent's product token (`ScoutBot`).
    pub fn robots_agent(&self) -> &str {
        let token = self.user_agent.split(['/', ' ']).next().unwrap_or_default();
        if token.is_empty() {
            "ScoutBot"
        } else {
            token
        }
    }

    /// The time an observation made now is recorded at: `observed_at`, else the wall clock.
    pub fn observation_time(&self) -> DateTime<Utc> {
        self.observed_at.unwrap_or_else(Utc::now)
    }

    pub(crate) fn validate(&self) -> Result<(), CrawlError> {
        let problem = if self.observed_at.is_some_and(|at| at > Utc::now()) {
            Some("observed_at must not be in the future")
        } else if self.user_agent.trim().is_empty() {
            Some("user_agent must not be empty")
        } else if self.global_concurrency == 0 {
            Some("global_concurrency must be at least 1")
        } else if self.per_host_concurrency == 0 {
            Some("per_host_concurrency must be at least 1")
        } else if self.request_timeout.is_zero() {
            Some("request_timeout must be positive")
        } else if self.connect_timeout.is_zero() {
            Some("connect_timeout must be positive")
        } else if self.max_attempts == 0 {
            Some("max_attempts must be at least 1")
        } else if self.retry_max_delay < self.retry_base_delay {
            Some("retry_max_delay must not be below retry_base_delay")
        } else if self.host_failure_limit == 0 {
            Some("host_failure_limit must be at least 1")
        } else if self.recrawl_max_interval < self.recrawl_min_interval {
            Some("recrawl_max_interval must not be below recrawl_min_interval")
        } else if self
            .bluesky_appview
            .as_ref()
            .is_some_and(|url| !matches!(url.scheme(), "http" | "https"))
        {
            Some("bluesky_appview must be an http(s) url")
        } else if self.max_body_bytes == 0 {
            Some("max_body_bytes must be positive")
        } else if self.max_pages == Some(0) {
            Some("max_pages must be at least 1 when set")
        } else {
            None
        };
        match problem {
            Some(message) => Err(CrawlError::InvalidConfig(message.to_string())),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_polite_and_valid() {
        let config = CrawlConfig::new("/tmp/x");
        assert_eq!(config.user_agent, DEFAULT_USER_AGENT);
        assert_eq!(config.global_concurrency, 16);
        assert_eq!(config.per_host_concurrency, 1);
        assert_eq!(config.request_timeout, Duration::from_secs(10));
        assert_eq!(config.connect_timeout, Duration::from_secs(5));
        assert_eq!(config.max_attempts, 4);
        assert_eq!(config.retry_base_delay, Duration::from_millis(500));
        assert_eq!(config.retry_max_delay, Duration::from_secs(30));
        assert_eq!(config.host_failure_limit, 8);
        assert_eq!(config.robots_ttl, Duration::from_secs(24 * 3600));
        assert_eq!(config.host_cooldown, Duration::from_secs(3600));
        assert!(!config.force_recrawl);
        assert!(config.recrawl_min_interval < config.recrawl_max_interval);
        assert!(config.excluded_creators.is_empty());
        assert_eq!(config.bluesky_appview, None);
        assert_eq!(config.address_policy, AddressPolicy::Any);
        assert_eq!(config.max_body_bytes, 5 * 1024 * 1024);
        assert_eq!(config.max_posts_per_creator, 60);
        assert_eq!(config.reply_threads_per_creator, 5);
        assert_eq!(config.reply_authors_per_creator, 3);
        assert_eq!(config.reply_author_min_followers, 1_000);
        assert!(config.discover);
        assert_eq!(config.robots_agent(), "ScoutBot");
        assert_eq!(config.observed_at, None);
        assert!(config.validate().is_ok());
    }

    #[test]
    fn rejects_zero_limits() {
        let config = CrawlConfig {
            per_host_concurrency: 0,
            ..CrawlConfig::default()
        };
        let message = config.validate().unwrap_err().to_string();
        assert!(message.contains("per_host_concurrency"), "{message}");
        let config = CrawlConfig {
            max_body_bytes: 0,
            ..CrawlConfig::default()
        };
        assert!(config.validate().is_err());
        let config = CrawlConfig {
            max_attempts: 0,
            ..CrawlConfig::default()
        };
        assert!(config.validate().is_err());
        let config = CrawlConfig {
            retry_base_delay: Duration::from_secs(5),
            retry_max_delay: Duration::from_secs(1),
            ..CrawlConfig::default()
        };
        assert!(config.validate().is_err());
        let config = CrawlConfig {
            bluesky_appview: Some(Url::parse("ftp://appview.example").unwrap()),
            ..CrawlConfig::default()
        };
        let message = config.validate().unwrap_err().to_string();
        assert!(message.contains("bluesky_appview"), "{message}");
    }

    #[test]
    fn observations_are_dated_by_the_clock_or_a_past_time_never_a_future_one() {
        let past = Utc::now() - chrono::Duration::days(30);
        let dated = CrawlConfig {
            observed_at: Some(past),
            ..CrawlConfig::default()
        };
        assert!(dated.validate().is_ok());
        assert_eq!(dated.observation_time(), past);
        let before = Utc::now();
        let live = CrawlConfig::default().observation_time();
        assert!(live >= before && live <= Utc::now());
        let future = CrawlConfig {
            observed_at: Some(Utc::now() + chrono::Duration::hours(1)),
            ..CrawlConfig::default()
        };
        let message = future.validate().unwrap_err().to_string();
        assert!(message.contains("observed_at"), "{message}");
    }
}
