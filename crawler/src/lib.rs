//! `scout-crawler` owns fetching, robots.txt, politeness, its own crawl state (runs and a
//! frontier in SQLite) and the source adapters that turn public payloads into
//! `scout-models` records. It does not store records: it hands each [`CreatorRecord`] to the
//! caller on a channel, and the caller writes it to the store.
//!
//! Layout: `fetch.rs` is the only network code; `session.rs` adds robots.txt, per-host and
//! global limits and crawl delays to every request; `sources/` holds pure extraction
//! (Mastodon API JSON, web pages with JSON-LD / OpenGraph) tested on saved payloads;
//! `worker/` sequences the requests of each source; `crawler.rs` runs the frontier.
//!
//! ```no_run
//! use scout_crawler::{CancellationToken, CrawlConfig, Crawler};
//! # async fn example() -> Result<(), scout_crawler::CrawlError> {
//! let crawler = Crawler::new(CrawlConfig::new("scout-data/crawl"))?;
//! let (sender, mut receiver) = tokio::sync::mpsc::channel::<scout_crawler::CreatorRecord>(64);
//! let store = tokio::spawn(async move {
//!     while let Some(record) = receiver.recv().await {
//!         println!("{}", record.creator.id);
//!     }
//! });
//! let seeds = vec!["https://social.example/@alice".to_string()];
//! let summary = crawler.run(seeds, sender, None, CancellationToken::new()).await?;
//! println!("{} records, {} errors", summary.records, summary.errors);
//! # let _ = store.await;
//! # Ok(())
//! # }
//! ```

mod config;
mod crawler;
mod error;
mod fetch;
mod frontier;
mod robots;
mod session;
mod sources;
mod state;
mod text;
mod urls;
mod worker;

pub use config::{CrawlConfig, DEFAULT_USER_AGENT};
pub use crawler::{CrawlProgress, CrawlSummary, Crawler, ProgressFn, STATE_FILE};
pub use error::CrawlError;
pub use scout_models::CreatorRecord;
pub use tokio_util::sync::CancellationToken;
