//! Crawl settings with polite defaults.

use std::path::PathBuf;
use std::time::Duration;

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
    /// Responses longer than this are aborted.
    pub max_body_bytes: usize,
    /// Redirect hops followed per request (each hop is checked against robots.txt).
    pub max_redirects: usize,
    /// Posts kept per creator.
    pub max_posts_per_creator: usize,
    /// Reply threads read per creator to sample its audience.
    pub reply_threads_per_creator: usize,
    /// Follow directory endpoints and same-host links of non-profile pages.
    pub discover: bool,
    /// Cap on frontier items per run (seeds always enter); discovery stops adding past it.
    pub max_pages: Option<usize>,
    /// Link depth from a seed beyond which discovered pages are not enqueued (pagination keeps
    /// the depth of the page it continues).
    pub max_depth: usize,
    /// Upper bound on a robots.txt `Crawl-delay`, so a hostile value cannot stall a crawl.
    pub max_crawl_delay: Duration,
}

impl Default for CrawlConfig {
    fn default() -> Self {
        CrawlConfig {
            state_dir: PathBuf::from("scout-data/crawl"),
            user_agent: DEFAULT_USER_AGENT.to_string(),
            global_concurrency: 16,
            per_host_concurrency: 1,
            request_timeout: Duration::from_secs(10),
            max_body_bytes: 5 * 1024 * 1024,
            max_redirects: 5,
            max_posts_per_creator: 60,
            reply_threads_per_creator: 3,
            discover: true,
            max_pages: None,
            max_depth: 5,
            max_crawl_delay: Duration::from_secs(60),
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

    pub(crate) fn validate(&self) -> Result<(), CrawlError> {
        let problem = if self.user_agent.trim().is_empty() {
            Some("user_agent must not be empty")
        } else if self.global_concurrency == 0 {
            Some("global_concurrency must be at least 1")
        } else if self.per_host_concurrency == 0 {
            Some("per_host_concurrency must be at least 1")
        } else if self.request_timeout.is_zero() {
            Some("request_timeout must be positive")
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
        assert_eq!(config.max_body_bytes, 5 * 1024 * 1024);
        assert_eq!(config.max_posts_per_creator, 60);
        assert_eq!(config.reply_threads_per_creator, 3);
        assert!(config.discover);
        assert_eq!(config.robots_agent(), "ScoutBot");
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
    }
}
