//! Errors of the crawler: [`CrawlError`] stops a crawl; [`ItemError`] fails one frontier item
//! and is only logged and counted.

use std::path::PathBuf;

use thiserror::Error;

use crate::address::AddressRefused;

/// A fault that stops a crawl: bad configuration, unusable crawl state, a closed record channel.
#[derive(Debug, Error)]
pub enum CrawlError {
    /// A configuration value is out of range.
    #[error("invalid crawl config: {0}")]
    InvalidConfig(String),
    /// The state directory could not be created.
    #[error("cannot create crawl state directory {path}: {source}")]
    StateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The SQLite crawl state failed.
    #[error("crawl state database error: {0}")]
    State(#[from] rusqlite::Error),
    /// The HTTP client could not be built.
    #[error("cannot build http client: {0}")]
    HttpClient(String),
    /// The caller dropped the record receiver while the crawl still had records to hand over.
    #[error("the record receiver was closed before the crawl finished")]
    RecordsClosed,
}

/// Why one request failed.
#[derive(Debug, Error)]
pub(crate) enum FetchError {
    #[error("disallowed by robots.txt: {0}")]
    Disallowed(String),
    #[error("http status {status} for {url}")]
    Status { status: u16, url: String },
    #[error("body exceeds {limit} bytes")]
    BodyTooLarge { limit: usize },
    #[error("request timed out: {0}")]
    Timeout(String),
    #[error("request failed for {url}: {message}")]
    Network { url: String, message: String },
    #[error("more than {limit} redirects from {url}")]
    TooManyRedirects { url: String, limit: usize },
    #[error("redirect loop at {0}")]
    RedirectLoop(String),
    #[error("host {host} backed off after {failures} consecutive failures")]
    HostBackedOff { host: String, failures: u32 },
    #[error("redirect without a usable location from {0}")]
    BadRedirect(String),
    /// The crawl's address policy forbids the host's address (see `address.rs`).
    #[error("{url}: {refusal}")]
    AddressRefused {
        url: String,
        refusal: AddressRefused,
    },
    #[error("cancelled")]
    Cancelled,
}

/// Why a payload could not be turned into records.
#[derive(Debug, Error)]
pub(crate) enum ExtractError {
    #[error("malformed json in {what}: {message}")]
    Json { what: &'static str, message: String },
    #[error("malformed json-ld in script {index}: {message}")]
    JsonLd { index: usize, message: String },
    #[error("malformed xml in {what}: {message}")]
    Xml { what: &'static str, message: String },
    #[error("{0} has no usable {1}")]
    Missing(&'static str, &'static str),
}

/// Why one frontier item failed: logged, counted, and the crawl goes on.
#[derive(Debug, Error)]
pub(crate) enum ItemError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Extract(#[from] ExtractError),
    #[error("invalid frontier item: {0}")]
    InvalidItem(String),
}

impl FetchError {
    /// A fault that may pass: a timeout or a network failure (refused, reset, truncated).
    pub(crate) fn is_transient(&self) -> bool {
        matches!(self, FetchError::Timeout(_) | FetchError::Network { .. })
    }
}

impl ItemError {
    /// The item was stopped by cancellation and must stay pending.
    pub(crate) fn is_cancelled(&self) -> bool {
        matches!(self, ItemError::Fetch(FetchError::Cancelled))
    }

    /// The item's own URL was disallowed by robots.txt.
    pub(crate) fn is_disallowed(&self) -> bool {
        matches!(self, ItemError::Fetch(FetchError::Disallowed(_)))
    }

    /// The host (`host:port`) that was given up on, when that is why the item failed.
    pub(crate) fn backed_off_host(&self) -> Option<&str> {
        match self {
            ItemError::Fetch(FetchError::HostBackedOff { host, .. }) => Some(host),
            _ => None,
        }
    }
}
